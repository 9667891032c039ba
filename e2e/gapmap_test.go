package e2e

import (
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/demo"
)

// The demo admin (who may see hidden places) opens the gap map: the demo
// stored a report of the ASEAN provinces and one of the Thai districts.
// Regions are coloured by the run's gap class, a click shows a region's
// figures as the API has them and its providers, only public places are
// markers, the regional view drills from countries to the Thai districts,
// and the printable report opens and prints to PDF.
func TestGapMap(t *testing.T) {
	a := startDemoApp(t)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(desktop)
	b.open("/login")
	b.login(demoAdmin, demo.Password)
	b.waitPath("/")
	b.click("[data-testid=nav-gapmap]")
	b.waitPath("/reports")
	b.waitVisible("[data-testid=gm-svg]")

	// The ASEAN provinces' run, as the API has it.
	aseanID := evalAsync[string](b, "the ASEAN run", `fetch("/api/v1/reports/runs").then(r => r.json()).then(j => j.items.find(r => r.parameters.set === "ne_admin1").id)`)
	b.choose("#gm-run", aseanID)
	b.waitFor("the ASEAN run on the map", fmt.Sprintf(`location.search.includes(%s) && document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length === 371`, js(aseanID)))
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
	b.screenshot("91-gapmap-region-desktop")

	// Another measure: the distance to the nearest shelter, in km classes.
	b.choose("#gm-measure", "nearest_km")
	b.waitText("[data-testid=gm-map-title]", "Distance to the nearest provider")
	if legend := b.text("[data-testid=gm-legend]"); !strings.Contains(legend, " km") {
		t.Errorf("the legend of distances has no km: %q", legend)
	}
	b.viewShot("92-gapmap-nearest-desktop", "[data-testid=gm-map-title]")

	// The regional view: the ten countries, then Thailand's provinces, then the Thai districts' run.
	b.choose("#gm-measure", "gap_class")
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
	b.waitFor("the Thai districts", `document.querySelectorAll("[data-testid=gm-svg] path.gm-region").length > 900`)
	b.click(`[data-testid=gm-matrix-table] tr[data-code="TH50"] th button`)
	b.waitText("[data-testid=gm-crumbs]", "Chiang Mai")
	districts := b.count("[data-testid=gm-matrix-table] tbody tr")
	if districts < 20 || b.count("[data-testid=gm-svg] path.gm-region") != districts {
		t.Errorf("Chiang Mai: %d districts in the table, %d on the map", districts, b.count("[data-testid=gm-svg] path.gm-region"))
	}
	b.screenshot("94-gapmap-chiang-mai-districts-desktop")

	// Two runs compared: a second run of the Thai districts after nothing changed.
	thID := eval[string](b, "the run shown", `new URLSearchParams(location.search).get("run")`)
	b.click("[data-testid=gm-new] summary")
	b.choose("#gm-new-set", "th")
	b.choose("#gm-new-level", "2")
	b.click("[data-testid=gm-new-run]")
	b.waitFor("the new run", fmt.Sprintf(`new URLSearchParams(location.search).get("run") !== %s && document.querySelectorAll("[data-testid=gm-runs-table] tbody tr").length === 3`, js(thID)))
	b.click("[data-testid=gm-compare]")
	b.waitText("[data-testid=gm-compare-summary]", "unchanged")
	if s := b.text("[data-testid=gm-compare-summary]"); !strings.HasPrefix(s, "0 improved, 0 worsened") {
		t.Errorf("comparing two runs of the same directory: %q", s)
	}
	b.viewShot("95-gapmap-compare-desktop", "#gm-runs-title")

	// The printable report, in the browser under its own policy (a CSP
	// refusal would show in the console), and as a PDF.
	b.open("/api/v1/reports/runs/" + aseanID + "?format=html")
	b.waitVisible("svg.map-main")
	if n := b.count("svg.map-main use"); n < 300 {
		t.Errorf("the printable map has %d regions", n)
	}
	b.screenshot("96-gapmap-printable")
	pdf := evalAsync[string](b, "the PDF", fmt.Sprintf(`fetch("/api/v1/reports/runs/%s?format=pdf").then(async r => {
		if (!r.ok) return "HTTP " + r.status + " " + await r.text();
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
		return btoa(s);
	})`, aseanID))
	raw, err := base64.StdEncoding.DecodeString(pdf)
	if err != nil || !strings.HasPrefix(string(raw), "%PDF-") {
		t.Fatalf("the PDF: %v %.80q", err, pdf)
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

	// On a phone: the map, then a region's figures.
	b.viewport(phone)
	b.open("/reports?run=" + aseanID)
	b.waitVisible("[data-testid=gm-svg]")
	b.phoneShot("97-gapmap-phone")
	b.viewShot("97a-gapmap-phone-map", "[data-testid=gm-map-title]")
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
