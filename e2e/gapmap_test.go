package e2e

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/mapping"
)

// openGapMap logs the demo admin in (who may see hidden places) and opens
// the gap map on the demo's report of the ASEAN provinces; the demo stored
// one of the Thai districts too. It returns the ASEAN run's ID.
func openGapMap(t *testing.T, b *browser, v viewport) string {
	t.Helper()
	b.viewport(v)
	b.open("/login")
	b.login(demoAdmin, demo.Password)
	b.waitPath("/")
	if href := eval[string](b, "the menu's gap map", `document.querySelector("[data-testid=nav-gapmap]").getAttribute("href")`); href != "/reports" {
		t.Fatalf("the menu's Gap map goes to %q", href)
	}
	aseanID := evalAsync[string](b, "the ASEAN run", `fetch("/api/v1/reports/runs").then(r => r.json()).then(j => j.items.find(r => r.parameters.set === "ne_admin1").id)`)
	b.open("/reports?run=" + aseanID)
	b.waitLong("the ASEAN run on the map", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length > 350`)
	return aseanID
}

// waitLong is waitFor with room for a report of hundreds of regions to
// load on a busy machine.
func (b *browser) waitLong(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(3 * stepTimeout)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.failShot()
	b.t.Fatalf("waited %s for %s; it never came (page: %s)", 3*stepTimeout, what, b.location())
}

// On the map of the ASEAN provinces, regions are coloured by the run's gap
// class, only public places are markers, a click shows a region's figures
// as the API has them and its providers; another measure has its own
// legend; and the printable report opens and prints to PDF.
func TestGapMap(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	aseanID := openGapMap(t, b, desktop)
	b.waitAsync("the run from the API", fmt.Sprintf(`fetch("/api/v1/reports/runs/%s").then(r => r.json()).then(j => { window.__run = j; return true; })`, aseanID))
	service := b.text("#gm-service option:checked")
	if !strings.Contains(service, "(accommodation)") {
		t.Errorf("the map opens on %q, want the shelters", service)
	}

	// Every region is filled with the colour of its gap class in the legend.
	wrong := eval[[]string](b, "colours against the run", `(() => {
		const classes = {no_service: "g-no", below_norm: "g-below", covered: "g-cov"};
		const swatch = (cls) => getComputedStyle(document.querySelector("[data-testid=gm-swatch-" + cls + "]")).backgroundColor;
		const bad = [];
		for (const r of window.__run.report.regions.filter(r => r.service === "accommodation")) {
			const path = document.querySelector('[data-testid=gm-svg] path.gm-region[data-code="' + r.region_code + '"]');
			if (!path) continue; // thinned away at this scale
			const fill = getComputedStyle(path).fill;
			if (fill !== swatch(classes[r.gap_class])) bad.push(r.region_code + " " + r.gap_class + " drawn " + fill);
		}
		return bad;
	})()`)
	if len(wrong) > 0 {
		t.Errorf("%d regions drawn in another colour than their gap class, e.g. %v", len(wrong), wrong[:min(5, len(wrong))])
	}
	classes := eval[map[string]int](b, "regions per class", `(() => {
		const n = {};
		for (const p of document.querySelectorAll("[data-testid=gm-svg] path.gm-region")) n[p.dataset.class] = (n[p.dataset.class] || 0) + 1;
		return n;
	})()`)
	if classes["g-no"] == 0 || classes["g-cov"]+classes["g-below"] == 0 {
		t.Errorf("regions per class: %v; the demo has both gaps and covered provinces", classes)
	}

	// Markers are the public places of shelter providers, never a hidden or region-only one.
	counts := evalAsync[map[string]int](b, "the shelters' places", `fetch("/api/v1/providers?service=accommodation&limit=500").then(r => r.json()).then(j => {
		const n = {public: 0, other: 0};
		for (const p of j.items) for (const l of p.locations) {
			if (l.latitude == null) continue;
			if (l.tier === "public") n.public++; else n.other++;
		}
		return n;
	})`)
	marked := eval[int](b, "providers on the markers", `[...document.querySelectorAll("[data-testid=gm-svg] .gm-marker")].reduce((s, m) => s + Number(m.dataset.count), 0)`)
	if counts["other"] == 0 {
		t.Error("the admin sees no hidden or region-only place with coordinates: the check below proves nothing")
	}
	if marked != counts["public"] {
		t.Errorf("%d providers on the markers; %d public places of shelters (and %d others never to be drawn)", marked, counts["public"], counts["other"])
	}
	b.screenshot("90-gapmap-desktop")

	// A click on a covered province shows its figures, as the API has them.
	code := eval[string](b, "a covered province", `(window.__run.report.regions.find(r => r.service === "accommodation" && r.gap_class !== "no_service" && r.population && r.nearest_km !== null) || {}).region_code`)
	b.clickRegion(code)
	b.waitText("[data-testid=gm-region-name]", code)
	row := eval[map[string]any](b, "its row", fmt.Sprintf(`window.__run.report.regions.find(r => r.service === "accommodation" && r.region_code === %s)`, js(code)))
	if got := b.text("[data-testid=gm-region-name]"); !strings.HasPrefix(got, row["region_name"].(string)) {
		t.Errorf("region shown %q, want %v", got, row["region_name"])
	}
	for _, f := range []struct {
		key   string
		scale float64
	}{{"providers_serving", 1}, {"providers_located", 1}, {"population", 1}, {"nearest_km", 1}, {"providers_per_100k", 1},
		{"population_within_share", 100}, {"access_index", 1e5}} {
		shown := b.text("[data-testid=gm-fig-" + f.key + "]")
		want, ok := row[f.key].(float64)
		if !ok {
			if shown != "–" {
				t.Errorf("%s shows %q; the API has no value", f.key, shown)
			}
			continue
		}
		if !sameFigure(shown, want*f.scale) {
			t.Errorf("%s shows %q; the API has %v", f.key, shown, want*f.scale)
		}
	}
	if got := b.text("[data-testid=gm-fig-gap_class]"); got != map[string]string{"covered": "Covered", "below_norm": "Below the norm"}[row["gap_class"].(string)] {
		t.Errorf("gap class shows %q; the API has %v", got, row["gap_class"])
	}
	b.waitFor("its providers", `!document.querySelector("[data-testid=gm-region-providers] .loading")`)
	if n := b.count("[data-testid=gm-region-providers] li"); n == 0 {
		t.Errorf("no provider listed for %s, which a shelter serves", code)
	}
	if b.count("[data-testid=gm-all-services] tbody tr") != 16 {
		t.Error("the region's table does not list the 16 service types")
	}
	b.viewShot("91-gapmap-region-desktop", "[data-testid=gm-region-name]")

	// Another measure: the distance to the nearest shelter, in km classes.
	b.choose("#gm-measure", "nearest_km")
	b.waitText("[data-testid=gm-map-title]", "Distance to the nearest public provider")
	if legend := b.text("[data-testid=gm-legend]"); !strings.Contains(legend, " km") {
		t.Errorf("the legend of distances has no km: %q", legend)
	}
	b.viewShot("92-gapmap-nearest-desktop", "[data-testid=gm-map-title]")

	// The printable report in the browser, under its own policy (a CSP
	// refusal would show in the console).
	b.open("/api/v1/reports/runs/" + aseanID + "?format=html")
	b.waitVisible("svg.map-main")
	if n := b.count("svg.map-main use"); n < 300 {
		t.Errorf("the printable map has %d regions", n)
	}
	b.viewShot("96-gapmap-printable", "svg.map-main")

	// The printable report as a PDF, fetched last with the admin's session:
	// printing takes longer than a browser step may.
	status, header, raw := b.get("/api/v1/reports/runs/" + aseanID + "?format=pdf")
	if status != http.StatusOK || header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(raw), "%PDF-") {
		t.Fatalf("the PDF: %d %v %.80q", status, header, raw)
	}
	if err := os.WriteFile(filepath.Join(b.out, "96-gapmap-report.pdf"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if w, h := pdfPageSize(raw); !near(w, 595.28) || !near(h, 841.89) {
		t.Errorf("PDF pages are %v × %v points, not A4", w, h)
	}
	if m := regexp.MustCompile(`/Title\s*<FEFF([0-9A-F]+)>`).FindSubmatch(raw); m == nil || !strings.HasPrefix(pdfString([]byte("<FEFF"+string(m[1])+">")), "Coverage gaps — ne_admin1 level 1") {
		t.Errorf("the PDF's title is not the report's")
	}
}

// The regional view drills from the ten ASEAN countries to Thailand's
// provinces, over to the report of the Thai districts and into Chiang
// Mai's; and a new run compares with the one before.
func TestGapMapRegionalView(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	openGapMap(t, b, desktop)

	// The regional view: the ten countries, then Thailand's provinces, then the Thai districts' run.
	if n := b.count("[data-testid=gm-matrix-table] tbody tr"); n != 10 {
		t.Errorf("%d countries in the regional view, want the 10 of ASEAN", n)
	}
	b.click(`[data-testid=gm-matrix-table] tr[data-code="TH"] th button`)
	b.waitText("[data-testid=gm-crumbs]", "Thailand")
	if n := b.count("[data-testid=gm-matrix-table] tbody tr"); n != 77 {
		t.Errorf("%d Thai provinces in the regional view, want 77", n)
	}
	b.waitFor("the map of Thailand", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length === 77`)
	b.waitVisible("[data-testid=gm-open-th-2]")
	b.viewShot("93-gapmap-regional-thailand-desktop", "#gm-regional-title")
	b.click("[data-testid=gm-open-th-2]")
	b.waitLong("the Thai districts", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length > 900`)
	b.click(`[data-testid=gm-matrix-table] tr[data-code="TH50"] th button`)
	b.waitText("[data-testid=gm-crumbs]", "Chiang Mai")
	districts := b.count("[data-testid=gm-matrix-table] tbody tr")
	if districts < 20 || b.count("[data-testid=gm-svg] path.gm-region") != districts {
		t.Errorf("Chiang Mai: %d districts in the table, %d on the map", districts, b.count("[data-testid=gm-svg] path.gm-region"))
	}
	b.viewShot("94-gapmap-chiang-mai-districts-desktop", "[data-testid=gm-map-title]")

	// Two runs compared: a second run of the Thai districts after nothing changed.
	thID := eval[string](b, "the run shown", `new URLSearchParams(location.search).get("run")`)
	b.click("[data-testid=gm-new] summary")
	b.choose("#gm-new-set", "th")
	b.choose("#gm-new-level", "2")
	b.click("[data-testid=gm-new-run]")
	b.waitLong("the new run", fmt.Sprintf(`new URLSearchParams(location.search).get("run") !== %s && document.querySelectorAll("[data-testid=gm-runs-table] tbody tr").length === 3`, js(thID)))
	b.click("[data-testid=gm-compare]")
	b.waitText("[data-testid=gm-compare-summary]", "unchanged")
	if s := b.text("[data-testid=gm-compare-summary]"); !strings.HasPrefix(s, "0 improved, 0 worsened") {
		t.Errorf("comparing two runs of the same directory: %q", s)
	}
	b.viewShot("95-gapmap-compare-desktop", "#gm-runs-title")
}

// The base layer is off until asked for; ticked on the map of the Thai
// districts, it draws the neighbouring countries as land with their names
// and the sea around them, under the districts, which keep their colours
// and their clicks; the address keeps it, and unticking takes it away.
func TestGapMapBaseLayer(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	aseanID := openGapMap(t, b, desktop)
	if b.count("[data-testid=gm-base-layer]") != 0 || eval[bool](b, "the box", `document.querySelector("#gm-base").checked`) {
		t.Error("the base layer is drawn before anyone asked for it")
	}

	thID := evalAsync[string](b, "the Thai districts' run", `fetch("/api/v1/reports/runs").then(r => r.json()).then(j => j.items.find(r => r.parameters.set === "th" && r.parameters.level === 2).id)`)
	b.open("/reports?run=" + thID)
	b.waitLong("the Thai districts", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length > 900`)
	b.click("#gm-base")
	b.waitLong("the base layer", `document.querySelectorAll("[data-testid=gm-base-layer] path.gm-land").length > 0`)
	if q := eval[string](b, "the address", `location.search`); !strings.Contains(q, "base=1") {
		t.Errorf("the address %q does not keep the base layer", q)
	}
	checkBaseLayer(t, b)
	b.viewShot("99b-gapmap-base-layer-thai-districts", "[data-testid=gm-svg]")

	// The districts are still there to click, above the land.
	// The largest covered one: small ones may sit under a cluster of markers.
	code := eval[string](b, "a district", `[...document.querySelectorAll("[data-testid=gm-svg] path.gm-region[data-class=g-cov]")]
		.map(p => [p.dataset.code, p.getBBox().width * p.getBBox().height]).sort((a, b) => b[1] - a[1])[0][0]`)
	b.clickRegion(code)
	b.waitText("[data-testid=gm-region-name]", code)

	// The address brings it back; unticking takes it away, from the address too.
	b.open("/reports" + eval[string](b, "the address", `location.search`))
	b.waitLong("the base layer again", `document.querySelectorAll("[data-testid=gm-base-layer] path.gm-land").length > 0`)
	if !eval[bool](b, "the box", `document.querySelector("#gm-base").checked`) {
		t.Error("opened with base=1, the box is not ticked")
	}
	b.click("#gm-base")
	b.waitFor("no base layer", `!document.querySelector("[data-testid=gm-base-layer]")`)
	if q := eval[string](b, "the address", `location.search`); strings.Contains(q, "base=") {
		t.Errorf("unticked, the address still says %q", q)
	}
	if !strings.Contains(b.text("#gm-map-note"), "no base map") {
		t.Errorf("the map note says %q", b.text("#gm-map-note"))
	}

	// Under the ASEAN provinces, the report names every country itself.
	b.open("/reports?base=1&run=" + aseanID)
	b.waitLong("the ASEAN provinces on land", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length > 350 && document.querySelectorAll("[data-testid=gm-base-layer] path.gm-land").length === 10`)
	if n := b.count(".gm-base-names text"); n != 0 {
		t.Errorf("%d country names over the provinces of a report of all ten countries", n)
	}
	b.viewShot("99c-gapmap-base-layer-asean", "[data-testid=gm-svg]")
}

// checkBaseLayer checks the base layer under the Thai districts: the
// neighbours as land, named, Thailand not (its districts are the report);
// land and sea in colours of their own, drawn before the districts.
func checkBaseLayer(t *testing.T, b *browser) {
	t.Helper()
	land := eval[[]string](b, "countries drawn", `[...document.querySelectorAll("[data-testid=gm-base-layer] path.gm-land")].map(p => p.dataset.country)`)
	names := eval[[]string](b, "countries named", `[...document.querySelectorAll(".gm-base-names text")].map(t => t.textContent)`)
	for _, c := range []string{"MM", "LA", "KH", "MY"} {
		if !slices.Contains(land, c) {
			t.Errorf("%s is not drawn around Thailand (drawn: %v)", c, land)
		}
	}
	for _, n := range []string{"Myanmar", "Lao PDR", "Cambodia"} {
		if !slices.Contains(names, n) {
			t.Errorf("%s is not named (named: %v)", n, names)
		}
	}
	if slices.Contains(names, "Thailand") {
		t.Error("Thailand is named over its own districts")
	}
	order := eval[bool](b, "land under the districts", `(() => {
		const base = document.querySelector("[data-testid=gm-base-layer]"), regions = document.querySelector(".gm-regions");
		return Boolean(base.compareDocumentPosition(regions) & Node.DOCUMENT_POSITION_FOLLOWING);
	})()`)
	if !order {
		t.Error("the land is drawn over the districts")
	}
	colours := eval[map[string]string](b, "fills", `(() => {
		const fill = (sel) => getComputedStyle(document.querySelector(sel)).fill;
		return {land: fill(".gm-land"), sea: fill(".gm-sea"), covered: fill("path.gm-region[data-class=g-cov]") };
	})()`)
	if colours["land"] == colours["sea"] || colours["land"] == colours["covered"] || colours["sea"] == colours["covered"] {
		t.Errorf("land, sea and covered districts share a colour: %v", colours)
	}
	if key := b.text("[data-testid=gm-base-key]"); !strings.Contains(key, "Land outside the report") || !strings.Contains(key, "Sea") {
		t.Errorf("the legend does not say what the base layer is: %q", key)
	}
	if note := b.text("#gm-map-note"); !strings.Contains(note, "Base layer: countries merged from the ne_admin1 boundaries") {
		t.Errorf("the map note says %q", note)
	}
}

// On a phone the gap map, its legend and a region's figures fit the
// screen, and a tap on a region brings its figures up.
func TestGapMapOnAPhone(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	openGapMap(t, b, phone)
	b.phoneShot("97-gapmap-phone")
	b.viewShot("97a-gapmap-phone-map", "[data-testid=gm-map-title]")
	code := eval[string](b, "a province", `document.querySelector("[data-testid=gm-svg] path.gm-region[data-class=g-cov]").dataset.code`)
	b.clickRegion(code)
	b.waitText("[data-testid=gm-region-name]", code)
	b.viewShot("98-gapmap-phone-region", "[data-testid=gm-region-name]")
}

// clickRegion clicks a region where it is drawn, as a person does: at a
// point inside its outline (a region's box may be mostly its neighbours).
func (b *browser) clickRegion(code string) {
	b.t.Helper()
	pt := eval[[]float64](b, "a point inside "+code, fmt.Sprintf(`(() => {
		const path = document.querySelector('[data-testid=gm-svg] path.gm-region[data-code=%s]');
		path.scrollIntoView({block: "center"});
		const box = path.getBoundingClientRect();
		for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
			const x = box.left + box.width * i / 24, y = box.top + box.height * j / 24;
			if (document.elementFromPoint(x, y) === path) return [x, y];
		}
		return [];
	})()`, js(code)))
	if len(pt) != 2 {
		b.failShot()
		b.t.Fatalf("region %s cannot be clicked: it is covered or not drawn", code)
	}
	b.do("click region "+code, chromedp.MouseClickXY(pt[0], pt[1]))
}

// sameFigure reports whether a figure shown ("1,234", "0.52", "–") is the
// API's value as the page rounds it: three significant digits (two below 1).
func sameFigure(shown string, want float64) bool {
	s := strings.ReplaceAll(strings.ReplaceAll(shown, ",", ""), "−", "-")
	got, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	if want == 0 {
		return got == 0
	}
	// Half a unit of the second significant digit: loose enough for the
	// page's rounding, far tighter than any wrong figure.
	return math.Abs(got-want) <= 0.5*math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-1)
}

// get fetches a path with the browser's session cookies, without the
// browser's step time limit: a PDF takes a while on a busy machine.
func (b *browser) get(path string) (int, http.Header, []byte) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base}})
	if err != nil {
		b.t.Fatalf("read the session cookies: %v", err)
	}
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := (&http.Client{Timeout: 3 * time.Minute}).Do(req)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header, body
}

// Empty states say what to do: a viewer learns gap maps are for analysts;
// a researcher with no boundaries learns how to load them; with regions
// but no report yet, runs one (the page shows its progress) and is told
// that without population points some figures are not computed.
func TestGapMapEmptyStates(t *testing.T) {
	s, a := startServices(t, false)
	const password = "correct horse battery"
	a.createUser(t, accounts.NewUser{Email: "viewer@example.org", Name: "Vic Viewer", Role: accounts.RoleViewer, Password: password})
	a.createUser(t, accounts.NewUser{Email: "researcher@example.org", Name: "Rae Researcher", Role: accounts.RoleResearcher, Password: password})
	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	b.viewport(phone)

	b.open("/login")
	b.login("viewer@example.org", password)
	b.waitPath("/")
	b.open("/reports")
	b.waitText("[data-testid=gm-denied]", "Gap maps are for analysts")
	b.click("[data-testid=logout]")
	b.waitPath("/login")

	b.login("researcher@example.org", password)
	b.waitPath("/")
	b.open("/reports")
	b.waitText("[data-testid=gm-empty]", "No boundaries are loaded yet")
	b.waitText("[data-testid=gm-empty]", "haven regions import")
	b.phoneShot("99-gapmap-no-boundaries-phone")

	f, err := os.Open("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.Regions.Import(context.Background(), f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	b.open("/reports")
	b.waitText("[data-testid=gm-empty]", "No report has been run yet")
	b.waitVisible("[data-testid=gm-new-run]")
	b.choose("#gm-new-method", "count")
	eval[bool](b, "watch the progress", `(() => {
		const box = document.querySelector("[data-testid=gm-progress]");
		new MutationObserver(() => { if (!box.hidden) window.__progress = box.innerText; }).observe(box, {attributes: true, subtree: true, childList: true, characterData: true});
		return true;
	})()`)
	b.click("[data-testid=gm-new-run]")
	b.waitVisible("[data-testid=gm-svg]")
	if p := eval[string](b, "the progress shown", `window.__progress || ""`); !strings.Contains(p, "Computing the report for 77 regions") {
		t.Errorf("no progress while the report computed: %q", p)
	}
	b.waitText("[data-testid=gm-run-note]", "No population points loaded")
	b.waitText("[data-testid=gm-run-note]", "haven population import")
	if n := b.count("[data-testid=gm-svg] path.gm-region[data-class=g-no]"); n != 77 {
		t.Errorf("%d of the 77 provinces drawn as without service; the directory is empty", n)
	}
	b.phoneShot("99a-gapmap-first-run-phone")
}
