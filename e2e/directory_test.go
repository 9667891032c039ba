package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/demo"
)

// The demo accounts: the admin has the confidential right, the viewer not;
// the editor may edit in Thailand only.
const (
	demoAdmin  = "admin@demo.haven.example"
	demoEditor = "editor@demo.haven.example"
	demoViewer = "viewer@demo.haven.example"
)

// startDemoApp serves Haven with the directory and the demo dataset: the
// ASEAN and Thai boundaries and about 320 fictional providers.
func startDemoApp(t *testing.T) *app {
	_, a := startServices(t, true)
	return a
}

// count is the number of elements matching sel.
func (b *browser) count(sel string) int {
	b.t.Helper()
	return eval[int](b, "count "+sel, fmt.Sprintf(`document.querySelectorAll(%s).length`, js(sel)))
}

// evalAsync runs a JavaScript expression that gives a promise, and decodes
// what the promise resolves to.
func evalAsync[T any](b *browser, what, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v (page: %s)", what, err, b.location())
	}
	return v
}

// phoneShot saves a screenshot, after checking that the page fits the
// screen's width: sideways scrolling on a phone hides half of every line.
func (b *browser) phoneShot(name string) {
	b.t.Helper()
	wide := eval[string](b, "find what sticks out", `(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return "";
		return [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > w + 1)
			.slice(0, 5).map(el => el.tagName + "." + el.className).join(", ");
	})()`)
	if wide != "" {
		b.t.Errorf("%s: the page is wider than the phone; these stick out: %s", name, wide)
	}
	b.screenshot(name)
}

// setFile puts a file into a file input, as choosing it does.
func (b *browser) setFile(sel, path string) {
	b.t.Helper()
	b.do("choose file for "+sel, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path}))
	eval[bool](b, "announce the file", fmt.Sprintf(`document.querySelector(%s).dispatchEvent(new Event("change", {bubbles: true}))`, js(sel)))
}

// A viewer looks for shelters near Bangkok on a phone, by typed coordinates
// and then by the phone's own position; sees distances; and opens a
// region-only provider, whose exact place is withheld.
func TestDirectorySearchNearAndRedacted(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(phone)
	b.open("/directory")
	b.waitPath("/login")
	b.login(demoViewer, demo.Password)
	b.waitPath("/directory")
	b.waitFor("the first results", `document.querySelectorAll("#results > li").length > 0`)
	if b.isVisible("[data-testid=add-provider]") {
		t.Error("a viewer must not see Add provider")
	}
	b.phoneShot("40-directory-phone")

	// Near a typed place: shelters within 50 km of central Bangkok.
	b.choose("#f-service", "accommodation")
	b.click("input[name=where][value=point]")
	b.fill("#f-coords", "13.7563, 100.5018")
	b.choose("#f-radius", "50")
	b.click("#search-submit")
	b.waitText("#results-count", "within 50 km, nearest first")
	n := b.count("#results > li")
	if d := b.count("#results [data-testid=distance]"); n == 0 || d != n {
		t.Fatalf("near search shows %d results and %d distances; want results, each with its distance", n, d)
	}
	distances := eval[[]string](b, "read distances", `[...document.querySelectorAll("#results [data-testid=distance]")].map(e => e.innerText)`)
	prev := -1.0
	for _, d := range distances {
		km := parseDistance(t, d)
		if km > 50 || km < prev {
			t.Errorf("distances %v: want each within 50 km, nearest first", distances)
			break
		}
		prev = km
	}
	if got := b.text("#results > li:first-child .chips"); !strings.Contains(strings.ToLower(got), "shelter") {
		t.Errorf("first result's services read %q; want a shelter", got)
	}
	if !b.isVisible("[data-testid=results-note]") {
		t.Error("a near search by a viewer should say that confidential services are not found by distance")
	}
	if strings.Contains(b.location(), "13.75") {
		t.Errorf("the position must not be put in the address: %s", b.location())
	}
	b.phoneShot("41-directory-near-phone")

	// Any provider in Thailand: region-only ones are listed, and say so.
	b.click("input[name=where][value=any]")
	b.choose("#f-service", "")
	if !b.isVisible("#f-country") {
		b.click("#more > summary") // folded on a phone
	}
	b.choose("#f-country", "TH")
	b.click("#search-submit")
	b.waitText("#results-count", "by name")
	regionOnly := `#results li[data-tiers~="region_only"]`
	for i := 0; b.count(regionOnly) == 0 && i < 8 && b.isVisible("#results-more"); i++ {
		before := b.count("#results > li")
		b.click("#results-more")
		b.waitFor("more results", fmt.Sprintf(`document.querySelectorAll("#results > li").length > %d`, before))
	}
	if b.count(regionOnly) == 0 {
		t.Fatal("no region-only provider was listed for Thailand")
	}
	if got := b.text(regionOnly + " .result-tags"); !strings.Contains(got, "Region only") {
		t.Errorf("a region-only provider's card reads %q; want the Region only badge", got)
	}
	if b.count(`#results [data-tier="public"]`) > 0 {
		t.Error("a viewer should not get the Public badge: only tiers that withhold something are shown")
	}
	if b.count(`#results li[data-tiers~="hidden"]`) > 0 {
		t.Error("a viewer must never see a hidden location")
	}
	b.click(regionOnly + " .result-name a")
	b.waitPath("/directory/provider")
	b.waitText("[data-testid=locations]", "Exact location withheld (confidential)")
	if got := b.text("[data-testid=locations]"); strings.Contains(got, "Demo Road") || strings.Contains(got, "Map position") {
		t.Errorf("a withheld location shows %q; it must show no address or position", got)
	}
	if b.isVisible("[data-testid=edit-provider]") || b.isVisible("[data-testid=delete-provider]") {
		t.Error("a viewer must not see Edit or Delete")
	}
	if n := b.count(`#p-channels a[href^="tel:"]`); n == 0 {
		t.Error("the provider's public hotline should be a tap-to-call link")
	}
	b.phoneShot("42-provider-withheld-phone")

	// Back in the directory, the last search is still there.
	b.click("#back-link")
	b.waitPath("/directory")
	b.waitText("#results-count", "by name")
	if got := eval[string](b, "read country", `document.querySelector("#f-country").value`); got != "TH" {
		t.Errorf("coming back, the country filter is %q; want TH kept", got)
	}

	// Near the phone's own position, on a desk this time.
	lat, lon, acc := 13.7563, 100.5018, 30.0
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: a.URL,
	}); err != nil {
		t.Fatalf("allow geolocation: %v", err)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &lat, Longitude: &lon, Accuracy: &acc,
	}); err != nil {
		t.Fatalf("set the position: %v", err)
	}
	b.viewport(desktop)
	b.click("input[name=where][value=me]")
	b.choose("#f-service", "legal_aid")
	b.choose("#f-radius", "100")
	b.click("#search-submit")
	b.waitText("#results-count", "within 100 km, nearest first")
	if b.count("#results [data-testid=distance]") == 0 {
		t.Error("a near-me search should show distances")
	}
	b.screenshot("43-directory-near-me-desktop")

	// In a region: a province of Thailand, then one of its districts.
	b.click("input[name=where][value=region]")
	b.waitFor("the provinces listed", `[...document.querySelectorAll("#f-region1 option")].some(o => o.value === "TH50")`)
	b.choose("#f-set", "th")
	b.waitFor("the provinces listed again", `[...document.querySelectorAll("#f-region1 option")].some(o => o.value === "TH50")`)
	b.choose("#f-region1", "TH50")
	b.waitFor("the districts listed", `[...document.querySelectorAll("#f-region2 option")].some(o => o.value === "TH5001")`)
	b.choose("#f-service", "")
	b.click("#search-submit")
	b.waitText("#results-count", "by name")
	places := eval[[]string](b, "read places", `[...document.querySelectorAll("#results .result-place")].map(e => e.innerText)`)
	if len(places) == 0 {
		t.Fatal("no provider found in Chiang Mai province")
	}
	for _, p := range places {
		if !strings.Contains(p, "Chiang Mai") {
			t.Errorf("a provider in Chiang Mai province is placed in %q", p)
		}
	}
	b.screenshot("44-directory-region-desktop")

	// Admin pages stay closed to a viewer.
	b.open("/admin/regions")
	b.waitText("#denied", "Only for admins")
}

func parseDistance(t *testing.T, s string) float64 {
	t.Helper()
	f := strings.Fields(s)
	if len(f) < 2 {
		t.Fatalf("distance %q is not like “2.4 km away”", s)
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		t.Fatalf("distance %q: %v", s, err)
	}
	if f[1] == "m" {
		v /= 1000
	}
	return v
}

// An editor for Thailand adds a provider with one location and one service
// (fixing a mistake the page finds and one the server finds), sees it, then
// changes the free places, loses a race with another edit, and finds the
// change in the history.
func TestEditorCreatesAndEditsProvider(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(desktop)
	b.open("/directory")
	b.waitPath("/login")
	b.login(demoEditor, demo.Password)
	b.waitPath("/directory")
	b.click("[data-testid=add-provider]")
	b.waitPath("/directory/edit")
	b.waitVisible("#provider-form")
	if got := eval[string](b, "read country", `document.querySelector("#p-country").value`); got != "TH" {
		t.Errorf("an editor for Thailand gets country %q preselected; want TH", got)
	}

	b.fill("#p-name", "E2E Chiang Mai Safe House")
	b.fill("#p-website", "https://ex%zz.example.org")
	b.fill("[data-testid=loc-name]", "Main house")
	b.fill("[data-testid=loc-line1]", "12 Test Lane")
	b.fill("[data-testid=loc-city]", "Chiang Mai")
	b.fill("[data-testid=loc-lat]", "18.7883")
	b.fill("[data-testid=loc-lon]", "98.9853")
	b.choose("[data-testid=svc-type]", "accommodation.emergency")
	b.click(`[data-path="services[0].eligibility.genders"] input[value=female]`)
	b.fill("[data-testid=svc-min-age]", "17")
	b.fill("[data-testid=svc-max-age]", "12")
	b.fill("[data-testid=svc-languages]", "th, my")
	b.fill("[data-testid=svc-cap-available]", "3")
	b.fill("[data-testid=svc-cap-total]", "12")
	b.fill(`[data-path="services[0].capacity.unit"] input`, "beds")
	b.fill("[data-testid=ch-value]", "+66 53 000 000")

	// The page finds the ages the wrong way round, next to the oldest age.
	b.click("[data-testid=save-provider]")
	b.waitText("#form-status", "Check the field")
	b.waitText(`[data-path="services[0].eligibility.max_age"] .field-error`, "oldest age cannot be below")
	b.waitText("[data-testid=error-summary]", "Service 1 › Oldest age")
	b.screenshot("50-edit-error-desktop")
	b.viewport(phone)
	b.phoneShot("50b-edit-error-phone")
	b.viewport(desktop)

	// The server finds the broken web address; its error lands next to it.
	b.fill("[data-testid=svc-min-age]", "12")
	b.fill("[data-testid=svc-max-age]", "17")
	b.click("[data-testid=save-provider]")
	b.waitText(`[data-path="website"] .field-error`, "web address")
	b.waitText("#form-status", "could not save")

	b.fill("#p-website", "https://safehouse.example.org")
	b.click("[data-testid=save-provider]")
	b.waitPath("/directory/provider")
	b.waitText("#page-status", "is added to the directory")
	b.waitText("[data-testid=provider-name]", "E2E Chiang Mai Safe House")
	b.waitText("[data-testid=capacity]", "3 of 12 beds free, updated")
	services := b.text("[data-testid=services]")
	for _, want := range []string{"Emergency shelter", "Girls 12–17", "Thai, Burmese"} {
		if !strings.Contains(services, want) {
			t.Errorf("services read %q; want %q", services, want)
		}
	}
	if got := b.text("[data-testid=locations]"); !strings.Contains(got, "12 Test Lane") || !strings.Contains(got, "Chiang Mai") {
		t.Errorf("locations read %q; want the address and its province", got)
	}
	if !b.isVisible(`#p-channels a[href="tel:+6653000000"]`) {
		t.Error("the hotline should be a tap-to-call link")
	}
	b.screenshot("51-provider-created-desktop")
	b.viewport(phone)
	b.phoneShot("52-provider-created-phone")
	b.viewport(desktop)
	providerURL := b.location()

	// Change the free places.
	b.click("[data-testid=edit-provider]")
	b.waitPath("/directory/edit")
	b.waitFor("the form filled in", `document.querySelector("#p-name").value === "E2E Chiang Mai Safe House"`)
	if got := eval[string](b, "read available", `document.querySelector("[data-testid=svc-cap-available]").value`); got != "3" {
		t.Errorf("the form shows %q free places; want 3", got)
	}
	b.fill("[data-testid=svc-cap-available]", "5")

	// Meanwhile someone else saves a change: ours is refused, with a way out.
	status := evalAsync[int](b, "change it elsewhere", `(async () => {
		const me = await (await fetch("/api/v1/me")).json();
		const id = new URLSearchParams(location.search).get("id");
		const r = await fetch("/api/v1/providers/" + id, {method: "PATCH", headers: {"Content-Type": "application/json",
			"X-CSRF-Token": me.csrf_token}, body: JSON.stringify({description: "Changed by a colleague."})});
		return r.status;
	})()`)
	if status != 200 {
		t.Fatalf("the other edit answered %d", status)
	}
	b.click("[data-testid=save-provider]")
	b.waitText("#form-status", "Someone else changed this provider")
	b.screenshot("53-edit-stale-desktop")
	b.click("[data-testid=reload-latest]")
	b.click("[data-testid=confirm-yes]")
	b.waitFor("the latest version loaded", `document.querySelector("#p-description") && document.querySelector("#p-description").value === "Changed by a colleague."`)
	b.fill("[data-testid=svc-cap-available]", "5")
	b.click("[data-testid=save-provider]")
	b.waitPath("/directory/provider")
	b.waitText("[data-testid=capacity]", "5 of 12 beds free")
	b.waitText("#page-status", "Saved your changes")

	b.click("[data-testid=tab-history]")
	b.waitText("#history", "places free")
	change := `#history [data-field$=".capacity.available"]`
	b.waitVisible(change)
	if got := b.text(change); !strings.Contains(got, "3") || !strings.Contains(got, "5") {
		t.Errorf("the history of free places reads %q; want 3 → 5", got)
	}
	if got := b.text("#history > li:first-child"); !strings.Contains(got, demoEditor) {
		t.Errorf("the newest change reads %q; want it by %s", got, demoEditor)
	}
	if n := b.count("#history > li"); n != 3 {
		t.Errorf("history has %d versions; want 3 (added, colleague, places)", n)
	}
	b.screenshot("54-history-desktop")
	b.viewport(phone)
	b.phoneShot("55-history-phone")
	if !strings.Contains(providerURL, "/directory/provider?id=") {
		t.Errorf("the provider's address is %s", providerURL)
	}

	// Deleting asks first, then the directory says it is gone.
	b.click("[data-testid=delete-provider]")
	b.waitText("dialog[open]", "Delete “E2E Chiang Mai Safe House”?")
	b.click("[data-testid=confirm-yes]")
	b.waitPath("/directory")
	b.waitText("#page-status", "is deleted from the directory")
	b.open(strings.TrimPrefix(providerURL, a.URL))
	b.waitText("#page-status", "not in the directory")

	// An editor for Thailand cannot edit a provider elsewhere.
	other := evalAsync[string](b, "find a provider outside Thailand", `(async () => {
		const me = await (await fetch("/api/v1/me")).json();
		const r = await fetch("/api/v1/providers/search", {method: "POST", headers: {"Content-Type": "application/json",
			"X-CSRF-Token": me.csrf_token}, body: JSON.stringify({country: "PH", limit: 1})});
		return (await r.json()).items[0].id;
	})()`)
	b.open("/directory/provider?id=" + other)
	b.waitVisible("[data-testid=provider-name]")
	if b.isVisible("[data-testid=edit-provider]") {
		t.Error("an editor for Thailand must not see Edit on a provider in the Philippines")
	}
}

const twoSquares = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"SQ1","name":"West square","pop":1200},
 "geometry":{"type":"Polygon","coordinates":[[[100,13],[100.5,13],[100.5,13.5],[100,13.5],[100,13]]]}},
{"type":"Feature","properties":{"code":"SQ2","name":"East square","pop":3400},
 "geometry":{"type":"Polygon","coordinates":[[[100.5,13],[101,13],[101,13.5],[100.5,13.5],[100.5,13]]]}}]}`

// One square with no name: a feature problem.
const squaresOneBad = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"SQ1","name":"West square"},
 "geometry":{"type":"Polygon","coordinates":[[[100,13],[100.5,13],[100.5,13.5],[100,13.5],[100,13]]]}},
{"type":"Feature","properties":{"code":"SQ9"},
 "geometry":{"type":"Polygon","coordinates":[[[100.5,13],[101,13],[101,13.5],[100.5,13.5],[100.5,13]]]}}]}`

// An admin imports two squares as a new boundary set and reads the report;
// a malformed file and a file with a bad feature give clear errors.
func TestAdminImportsBoundaries(t *testing.T) {
	a := startDemoApp(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("squares.geojson", twoSquares)
	broken := write("broken.geojson", `{"type": "FeatureCollection", "features": [ {"type": "Feature", oops} ]}`)
	oneBad := write("one-bad.geojson", squaresOneBad)

	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	b.viewport(desktop)
	b.open("/login?next=/admin/regions")
	b.login(demoAdmin, demo.Password)
	b.waitPath("/admin/regions")
	b.waitText("#sets-body", "ne_admin1")
	if got := b.text(`#sets-body tr[data-set="th"]`); !strings.Contains(got, "Level 2: 928") {
		t.Errorf("the th set reads %q; want its districts counted", got)
	}
	if !b.isVisible("[data-testid=nav-regions]") {
		t.Error("an admin should see the Regions link")
	}
	b.screenshot("60-regions-desktop")

	b.setFile("#i-file", good)
	b.waitText("#i-file-info", "2 features")
	b.fill("#i-set", "e2e_squares")
	b.fill("#i-code", "code")
	b.fill("#i-name", "name")
	b.fill("#i-population", "pop")
	b.fill("#i-country", "TH")
	b.click("#import-submit")
	b.waitText("[data-testid=import-report]", "Imported 2 of 2 features")
	if got := eval[string](b, "read phases", `document.querySelector("#import-progress").dataset.phases`); got != "upload checking done" {
		t.Errorf("the upload went through phases %q; want upload, checking, done", got)
	}
	b.waitText(`#sets-body tr[data-set="e2e_squares"]`, "Level 1: 2")
	b.screenshot("61-regions-imported-desktop")

	// A file with one bad feature: strict imports nothing and says why;
	// lenient imports the good one and names the bad one.
	b.viewport(phone)
	b.setFile("#i-file", oneBad)
	b.waitText("#i-file-info", "2 features")
	b.fill("#i-set", "e2e_squares")
	b.click("#import-submit")
	b.waitText("[data-testid=import-report]", "Nothing was imported")
	b.waitText("[data-testid=import-error]", "1 of 2 features have problems")
	if got := b.text("[data-testid=import-report] [data-testid=problems]"); !strings.Contains(got, "No. 2") || !strings.Contains(got, "SQ9") {
		t.Errorf("the strict failure lists %q; want feature no. 2, code SQ9", got)
	}
	b.phoneShot("62a-regions-strict-phone")
	b.click("[data-testid=import-lenient]")
	b.click("#import-submit")
	b.waitText("[data-testid=import-report]", "Imported 1 of 2 features")
	if got := b.text("[data-testid=problems]"); !strings.Contains(got, "No. 2") || !strings.Contains(got, "SQ9") || !strings.Contains(got, "name") {
		t.Errorf("the problems read %q; want feature no. 2, code SQ9, and the missing name", got)
	}
	b.phoneShot("62-regions-problems-phone")

	// A malformed file: a plain error, nothing imported.
	b.setFile("#i-file", broken)
	b.waitText("#i-file-info", "not valid JSON")
	b.click("#import-submit")
	b.waitText("[data-testid=import-report]", "Nothing was imported")
	b.waitText("[data-testid=import-error]", "not valid JSON")
	b.phoneShot("63-regions-malformed-phone")

	// Population from a CSV file: one good row, one unknown code.
	csv := write("population.csv", "code,population\nSQ1,1234\nSQ7,99\n")
	b.setFile("#pop-file", csv)
	b.waitText("#pop-file-info", "Columns: code, population")
	b.choose("#pop-set", "e2e_squares")
	b.click("#pop-form input[name=mode][value=lenient]")
	b.click("#pop-submit")
	b.waitText("[data-testid=pop-report]", "Updated the population of 1 region")
	if got := b.text("[data-testid=pop-report]"); !strings.Contains(got, "SQ7") {
		t.Errorf("the population report reads %q; want the unknown code SQ7 listed", got)
	}
	b.phoneShot("64-regions-population-phone")

	// Missing fields are caught before anything is sent.
	b.viewport(desktop)
	b.fill("#i-code", "")
	b.click("#import-submit")
	b.waitText("#i-code-error", "Name the property")

	// With the confidential right, a hidden location shows its address,
	// marked as confidential.
	hidden := evalAsync[string](b, "find a hidden provider", `(async () => {
		const me = await (await fetch("/api/v1/me")).json();
		const r = await fetch("/api/v1/providers/search", {method: "POST", headers: {"Content-Type": "application/json",
			"X-CSRF-Token": me.csrf_token}, body: JSON.stringify({country: "TH", limit: 500})});
		const p = (await r.json()).items.find(p => p.locations.some(l => l.tier === "hidden"));
		return p ? p.id : "";
	})()`)
	if hidden == "" {
		t.Fatal("the admin found no provider with a hidden location")
	}
	b.open("/directory/provider?id=" + hidden)
	b.waitText("[data-testid=locations]", "Confidential location")
	if got := b.text("#p-tags"); !strings.Contains(got, "Hidden") {
		t.Errorf("a hidden provider's badges read %q; want Hidden", got)
	}
	if got := b.text("[data-testid=locations]"); !strings.Contains(got, "Demo Road") {
		t.Errorf("with the confidential right the address should show; the location reads %q", got)
	}
	b.screenshot("65-provider-confidential-desktop")
}
