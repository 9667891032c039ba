package e2e

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/accounts"
	services "github.com/haven-project/haven/app"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// An editor rewrites a content section, then builds a draft of three
// coastal provinces (Chon Buri, Samut Sakhon, Phuket) from rules on the
// demo directory, sees the live count agree
// with the server, leaves one provider out, picks two texts, saves and
// freezes it. The booklet prints to PDF through headless
// Chromium with every entry of the frozen version (and no hidden one); the
// web directory works on a phone and still opens offline; the hotline card
// fits one page.
func TestDraftBuildFreezeAndPrint(t *testing.T) {
	s, a := startServices(t, true)
	ctx := context.Background()
	provinces := []string{"TH20", "TH74", "TH83"}
	ds, err := s.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	b.viewport(desktop)

	b.open("/drafts")
	b.waitPath("/login")
	b.login(demoEditor, demo.Password)
	b.waitPath("/drafts")
	b.waitVisible("[data-testid=new-draft]")
	b.waitText("[data-testid=drafts]", demo.DraftA)
	b.screenshot("69-drafts-list")

	// A content section is rewritten: a new version, the old one kept.
	b.click("[data-testid=to-sections]")
	b.waitPath("/drafts/sections")
	b.clickItem("[data-testid=sections]", "Your rights in Thailand", "[data-testid=edit-section]")
	b.waitVisible("[data-testid=section-form]")
	b.fill("[data-testid=s-title-en]", "Your rights in Thailand, in short")
	b.click("[data-testid=save-section]")
	b.waitText("[data-testid=section-status]", "Saved as version 2")
	b.viewShot("69-section-editor", "[data-testid=section-form]")

	b.startDraft("Fishing coast (e2e)")
	if got := eval[string](b, "read countries", `document.querySelector("#d-countries").value`); got != "TH" {
		t.Errorf("countries start as %q; want the editor's own, TH", got)
	}
	b.pickRegions(provinces...)
	b.waitFor("the live count", `document.querySelector("#preview-count").dataset.count !== undefined && document.querySelectorAll("#preview-list li").length > 0`)

	// The count on the page is the server's count for the same rules.
	want, err := ds.Preview(ctx, []string{"TH"}, drafts.Settings{Rules: drafts.Rules{Regions: provinces}})
	if err != nil {
		t.Fatal(err)
	}
	if want.Count < 3 {
		t.Fatalf("the demo has %d providers readers may see in %v; the test needs at least 3", want.Count, provinces)
	}
	b.waitDraftCount(want.Count)

	// One provider left out by hand; the count follows.
	left := eval[string](b, "name the first entry", `document.querySelector("#preview-list li .preview-name").innerText`)
	b.click("#preview-list li [data-testid=leave-out]")
	b.waitDraftCount(want.Count - 1)
	b.waitText("#excluded-list", left)

	// Two texts: how to use, and emergency numbers.
	b.addSections("How to use this directory", "Emergency numbers in Thailand")
	id := b.saveDraft()
	b.screenshot("70-draft-editor")
	b.freezeDraft("e2e round 1", 1)

	v, err := ds.Version(ctx, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Entries) != want.Count-1 || len(v.Sections) != 2 || v.Note != "e2e round 1" {
		t.Fatalf("frozen: %d entries (want %d), %d sections, note %q", len(v.Entries), want.Count-1, len(v.Sections), v.Note)
	}
	var names []string
	for _, e := range v.Entries {
		names = append(names, e.Name)
	}
	hidden := hiddenIn(t, s, ctx, provinces...)
	t.Logf("frozen %d entries; %d hidden providers in those provinces must stay out", len(names), len(hidden))

	// The booklet, A4, printed to PDF.
	booklet := eval[string](b, "the booklet link", `document.querySelector('#versions [data-version="1"] [data-testid=open-booklet]').getAttribute("href")`)
	b.open(booklet)
	b.waitVisible("[data-testid=booklet-directory]")
	for _, n := range names {
		if !strings.Contains(b.text("[data-testid=booklet-directory]"), n) {
			t.Errorf("the booklet does not list %q", n)
		}
	}
	if len(hidden) == 0 {
		t.Error("the demo has no hidden provider in these provinces: the check that none is printed would prove nothing")
	}
	withheld := 0
	for _, e := range v.Entries {
		if !slices.ContainsFunc(e.Locations, func(l mapping.Location) bool { return l.Redacted }) {
			continue
		}
		withheld++
		if got := b.text(fmt.Sprintf(`[data-entry=%q]`, e.ID)); !strings.Contains(got, "Address not shown") {
			t.Errorf("the region-only entry %q does not say its address is withheld: %q", e.Name, got)
		}
	}
	if withheld == 0 {
		t.Error("no region-only entry in the booklet: the demo should have one in these provinces")
	}
	pdf := b.printPDF()
	path := filepath.Join(b.out, "71-booklet-a4.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF: %s (%d bytes)", path, len(pdf))
	// Chromium joins the lines of a wrapped heading without a space, so
	// names are compared without their spaces.
	text := squeeze(pdfText(pdf))
	for _, n := range names {
		if !strings.Contains(text, squeeze(n)) {
			t.Errorf("the PDF does not hold %q", n)
		}
	}
	if strings.Contains(text, squeeze(left)) {
		t.Errorf("the PDF holds %q, which was left out", left)
	}
	for _, n := range hidden {
		if strings.Contains(text, squeeze(n)) || strings.Contains(b.text("body"), n) {
			t.Errorf("the booklet holds the hidden provider %q", n)
		}
	}
	if pages := pdfPages(pdf); pages < 3 {
		t.Errorf("the PDF has %d pages; a cover, contents and the directory need at least 3", pages)
	}
	if w, h := pdfPageSize(pdf); !near(w, 595) || !near(h, 842) {
		t.Errorf("the PDF's pages are %.0f × %.0f points, not A4 (595 × 842)", w, h)
	}
	b.screenshot("71-booklet-a4")
	b.topShot("71-booklet-a4")

	// A5: the same entries on smaller pages.
	b.open(booklet + "?size=a5")
	b.waitVisible("[data-testid=booklet-directory]")
	a5 := b.printPDF()
	if err := os.WriteFile(filepath.Join(b.out, "72-booklet-a5.pdf"), a5, 0o644); err != nil {
		t.Fatal(err)
	}
	if w, h := pdfPageSize(a5); !near(w, 420) || !near(h, 595) {
		t.Errorf("the A5 PDF's pages are %.0f × %.0f points, not A5 (420 × 595)", w, h)
	}
	if text := squeeze(pdfText(a5)); !strings.Contains(text, squeeze(names[0])) {
		t.Errorf("the A5 PDF does not hold %q", names[0])
	}

	// The hotline card: one page.
	b.open(strings.Replace(booklet, "/booklet", "/card", 1))
	b.waitVisible("[data-testid=hotline-card]")
	card := b.printPDF()
	if err := os.WriteFile(filepath.Join(b.out, "73-hotline-card.pdf"), card, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(card); n != 1 {
		t.Errorf("the hotline card prints on %d pages, want 1", n)
	}
	if !strings.Contains(b.text("[data-testid=hotline-card]"), "191") {
		t.Error("the hotline card misses the police number")
	}
	b.screenshot("73-hotline-card")

	// The web directory on a phone: filters, then offline.
	b.viewport(phone)
	web := strings.Replace(booklet, "/booklet", "/web", 1)
	b.open(web)
	b.waitVisible("[data-testid=web-search]")
	b.waitText("[data-testid=web-count]", fmt.Sprintf("%d of %d", len(names), len(names)))
	b.phoneShot("74-web-directory-phone")
	b.topShot("74-web-directory-phone")
	b.viewShot("74-web-directory-phone-entry", fmt.Sprintf(`[data-entry=%q]`, v.Entries[0].ID))
	first := v.Entries[0]
	b.fill("[data-testid=web-search]", strings.ToLower(first.Name))
	b.waitFor("the search to narrow the list", fmt.Sprintf(`!document.querySelector("[data-testid=web-count]").innerText.startsWith("%d of")`, len(names)))
	if !b.isVisible(fmt.Sprintf(`[data-entry=%q]`, first.ID)) {
		t.Errorf("searching for %q hides it", first.Name)
	}
	b.fill("[data-testid=web-search]", "no such service zzz")
	b.waitVisible("[data-testid=web-no-match]")
	b.fill("[data-testid=web-search]", "")
	b.waitText("[data-testid=web-offline]", "works without internet")
	b.waitFor("the service worker to control the page", `!!navigator.serviceWorker.controller`)

	b.setOffline(true)
	a.setDown(true)
	b.open(web)
	b.waitVisible("[data-testid=web-search]")
	if !strings.Contains(b.text("body"), first.Name) {
		t.Error("offline, the web directory lost its entries")
	}
	b.phoneShot("75-web-directory-offline-phone")
	a.setDown(false)
	b.setOffline(false)

	// The demo's draft B, laid out by kind of help and in Burmese.
	all, err := ds.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		if d.Name != demo.DraftB {
			continue
		}
		b.open(fmt.Sprintf("/drafts/%s/v/1/web", d.ID))
		b.waitVisible("[data-testid=web-search]")
		if got := eval[string](b, "the page's language", `document.documentElement.lang`); got != "my" {
			t.Errorf("draft B's web directory is in %q, want my (Burmese)", got)
		}
		b.topShot("76-web-directory-demo-b-burmese-phone")
		b.viewShot("76-web-directory-demo-b-burmese-phone-entry", "[data-entry]")
	}
}

// hiddenIn names the demo's providers in the regions whose every place is
// hidden: no draft may hold them.
func hiddenIn(t *testing.T, s *services.Services, ctx context.Context, regions ...string) []string {
	t.Helper()
	dir, err := s.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := dir.All(ctx, accounts.User{Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range all {
		inside, allHidden := false, len(p.Locations) > 0
		for _, l := range p.Locations {
			allHidden = allHidden && l.Tier == mapping.TierHidden
			inside = inside || slices.ContainsFunc(l.Regions, func(r mapping.RegionRef) bool { return slices.Contains(regions, r.Code) })
		}
		if inside && allHidden {
			names = append(names, p.Name)
		}
	}
	return names
}

// draftIDFromPage reads the saved draft's ID from the editor's address.
func draftIDFromPage(t *testing.T, b *browser) string {
	t.Helper()
	u, err := url.Parse(b.location())
	if err != nil {
		t.Fatal(err)
	}
	id := u.Query().Get("id")
	if id == "" {
		t.Fatalf("the editor's address %s names no draft", b.location())
	}
	return id
}

// printPDF prints the page as Chromium does for a person, with the page
// size its CSS asks for.
func (b *browser) printPDF() []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes, GenerateDocumentOutline: &yes})
	if err != nil {
		b.t.Fatalf("print to PDF: %v (page: %s)", err, b.location())
	}
	return res.Data
}

// pdfPageSize is the width and height, in points, of a PDF's first page.
func pdfPageSize(pdf []byte) (w, h float64) {
	m := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`).FindSubmatch(pdfPlain(pdf))
	if m == nil {
		return 0, 0
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// near reports whether a size in points is within 2 points of want.
func near(got, want float64) bool { return got > want-2 && got < want+2 }

// squeeze drops every space, tab and line break.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// pdfPages counts the pages of a PDF.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdfPlain(pdf), -1))
}

// pdfPlain is a PDF with its Flate streams inflated in place, so that
// objects kept in compressed object streams can be read too.
func pdfPlain(pdf []byte) []byte {
	var out bytes.Buffer
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		start := i + len("stream")
		if start < len(rest) && rest[start] == '\r' {
			start++
		}
		if start < len(rest) && rest[start] == '\n' {
			start++
		}
		end := bytes.Index(rest[start:], []byte("endstream"))
		if end < 0 || bytes.HasSuffix(rest[:i], []byte("end")) {
			out.Write(rest[:start])
			rest = rest[start:]
			continue
		}
		out.Write(rest[:start])
		body := rest[start : start+end]
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil || len(plain) > 0 {
				body = plain
			}
		}
		out.Write(body)
		rest = rest[start+end:]
	}
}

// pdfText is the text of a PDF's outline (its bookmarks): Chromium makes
// one from the printed page's headings, so every entry's name is there as
// text, whatever fonts drew it.
func pdfText(pdf []byte) string {
	var out []string
	plain := pdfPlain(pdf)
	for _, m := range regexp.MustCompile(`/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))`).FindAllSubmatch(plain, -1) {
		out = append(out, pdfString(m[1]))
	}
	return strings.Join(out, "\n")
}

// pdfString decodes a PDF string: <hex> or (literal), UTF-16BE with a BOM
// or PDFDocEncoding (taken as Latin-1).
func pdfString(s []byte) string {
	var raw []byte
	if s[0] == '<' {
		hex := strings.Join(strings.Fields(string(s[1:len(s)-1])), "")
		for i := 0; i+1 < len(hex); i += 2 {
			n, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
			raw = append(raw, byte(n))
		}
	} else {
		body := s[1 : len(s)-1]
		for i := 0; i < len(body); i++ {
			c := body[i]
			if c != '\\' || i+1 == len(body) {
				raw = append(raw, c)
				continue
			}
			i++
			switch e := body[i]; e {
			case 'n':
				raw = append(raw, '\n')
			case 'r':
				raw = append(raw, '\r')
			case 't':
				raw = append(raw, '\t')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				j := i
				for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' {
					j++
				}
				n, _ := strconv.ParseUint(string(body[i:j]), 8, 8)
				raw = append(raw, byte(n))
				i = j - 1
			default:
				raw = append(raw, e)
			}
		}
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		u := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(raw))
	for i, c := range raw {
		r[i] = rune(c)
	}
	return string(r)
}
