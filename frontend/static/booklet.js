// The printable booklet and hotline card: a button that opens the
// browser's print dialog (the page itself carries the print styles).
const button = document.getElementById('print');
if (button) button.addEventListener('click', () => window.print());
