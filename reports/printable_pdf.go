package reports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/haven-project/haven"
)

// ChromiumEnv names the environment variable that points Haven at a
// Chromium (or Chrome) binary for PDF reports; without it Haven looks for
// chromiumCandidates.
const ChromiumEnv = "HAVEN_CHROMIUM"

var chromiumCandidates = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser", "google-chrome"}

// chromiumPath finds the browser that prints PDF reports. It fails with
// haven.ErrInvalid, saying how to get one, when there is none: a PDF is
// asked for, and the answer is "not on this server", not an outage.
func chromiumPath() (string, error) {
	candidates := chromiumCandidates
	if env := os.Getenv(ChromiumEnv); env != "" {
		candidates = []string{env} // a chosen browser is the only one to try
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", &haven.Error{Kind: haven.KindInvalid, Message: "PDF reports need Chromium, which is not installed here",
		Fields: []haven.FieldError{{Field: "format", Message: fmt.Sprintf(
			"pdf needs headless Chromium on the machine running Haven (looked for %s; install it with apt-get install chromium, or set %s to its path); "+
				"meanwhile use html and print it from a browser", strings.Join(candidates, ", "), ChromiumEnv)}}}
}

// printTimeout bounds one PDF: a big report prints in a few seconds.
const printTimeout = 2 * time.Minute

// printSlots lets one Chromium print at a time: each takes hundreds of MB
// and a core, and a burst of PDF requests must not take the server down.
var printSlots = make(chan struct{}, 1)

// printPDF prints an HTML document to PDF with headless Chromium: the page
// size and margins come from the document's @page rule, and Chromium adds
// no header or footer of its own. The document is read from a private
// temporary folder and loads nothing from the network.
func printPDF(ctx context.Context, html []byte, w io.Writer) error {
	exe, err := chromiumPath()
	if err != nil {
		return err
	}
	select {
	case printSlots <- struct{}{}:
		defer func() { <-printSlots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	dir, err := os.MkdirTemp("", "haven-print-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return err
	}
	out := filepath.Join(dir, "report.pdf")
	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-extensions", "--disable-sync", "--disable-component-update", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--disable-pdf-tagging",
		"--print-to-pdf="+out, "file://"+page)
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes its settings under HOME
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	pdf, err := os.ReadFile(out)
	if runErr != nil || err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return fmt.Errorf("print the report to PDF with %s: %v %v: %s", exe, runErr, err, lastLines(stderr.String(), 5))
	}
	_, err = w.Write(pdf)
	return err
}

// lastLines keeps the end of Chromium's chatter, where the reason is.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}
