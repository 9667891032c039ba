package e2e

import (
	"fmt"
	"strings"
)

// The steps of building a directory draft in the browser, as an editor
// does, shared by the draft tests and the feedback tests (whose editor
// builds the two drafts a test compares). Each step waits for the page to
// show that it is done.

// writeSection writes a new content section of kind in English on the
// content sections page, as the editor's country's text.
func (b *browser) writeSection(kind, title, body string) {
	b.t.Helper()
	b.open("/drafts/sections")
	b.click("[data-testid=new-section]")
	b.waitVisible("[data-testid=section-form]")
	b.choose("[data-testid=s-kind]", kind)
	b.fill("[data-testid=s-title-en]", title)
	b.fill("[data-testid=s-body-en]", body)
	b.click("[data-testid=save-section]")
	b.waitText("[data-testid=section-status]", "Saved as version 1")
	b.waitText("[data-testid=sections]", title)
}

// startDraft opens the drafts list, starts a new draft and names it.
func (b *browser) startDraft(name string) {
	b.t.Helper()
	b.open("/drafts")
	b.waitVisible("[data-testid=new-draft]")
	b.click("[data-testid=new-draft]")
	b.waitPath("/drafts/edit")
	b.waitVisible("#draft-form")
	b.fill("[data-testid=d-name]", name)
}

// pickRegions adds regions to the rules from the list of areas, and checks
// that the rules then name exactly them.
func (b *browser) pickRegions(codes ...string) {
	b.t.Helper()
	for _, code := range codes {
		b.choose("#r-region-pick", code)
	}
	if got := eval[string](b, "read regions", `document.querySelector("#r-regions").value`); got != strings.Join(codes, ", ") {
		b.t.Errorf("picking %v gives the regions %q", codes, got)
	}
}

// waitDraftCount waits for the live count of the draft's providers to be n.
func (b *browser) waitDraftCount(n int) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf("the live count to be %d", n), fmt.Sprintf(`document.querySelector("#preview-count").dataset.count === "%d"`, n))
}

// addSections adds the texts with these titles to the draft, in order.
func (b *browser) addSections(titles ...string) {
	b.t.Helper()
	for _, title := range titles {
		b.clickItem("#available-sections", title, "[data-testid=section-add]")
		b.waitText("#chosen-sections", title)
	}
}

// saveDraft saves the draft and returns its ID.
func (b *browser) saveDraft() string {
	b.t.Helper()
	b.click("[data-testid=save-draft]")
	b.waitText("[data-testid=save-note]", "Saved")
	return draftIDFromPage(b.t, b)
}

// freezeDraft freezes the saved draft with note, as its version number.
func (b *browser) freezeDraft(note string, number int) {
	b.t.Helper()
	b.fill("[data-testid=freeze-note]", note)
	b.click("[data-testid=freeze]")
	b.waitText("[data-testid=freeze-status]", fmt.Sprintf("Version %d is frozen", number))
	b.waitVisible(fmt.Sprintf(`#versions [data-version="%d"]`, number))
}

// draftSpec is a draft built from rules: the regions picked (none: every
// region of the editor's countries), the texts added, and how many
// providers the rules must select.
type draftSpec struct {
	name     string
	regions  []string
	sections []string
	count    int
	note     string // the freezing note
}

// buildDraft builds, saves and freezes a draft as version 1, and returns
// its ID.
func (b *browser) buildDraft(d draftSpec) string {
	b.t.Helper()
	b.startDraft(d.name)
	b.pickRegions(d.regions...)
	b.waitDraftCount(d.count)
	b.addSections(d.sections...)
	id := b.saveDraft()
	b.freezeDraft(d.note, 1)
	return id
}

// clickItem clicks the button of the list item that shows text.
func (b *browser) clickItem(list, text, button string) {
	b.t.Helper()
	b.waitText(list, text)
	ok := eval[bool](b, "click "+button+" of "+text, fmt.Sprintf(`(() => {
		const li = [...document.querySelectorAll(%s + " li")].find(li => li.innerText.includes(%s));
		const btn = li && li.querySelector(%s);
		if (!btn) return false;
		btn.click();
		return true;
	})()`, js(list), js(text), js(button)))
	if !ok {
		b.t.Fatalf("%s has no item showing %q with %s", list, text, button)
	}
}
