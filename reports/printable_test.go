package reports_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
)

// shelter is a provider of emergency accommodation with one location.
func shelter(name string, tier mapping.Tier, lat, lon float64) mapping.Provider {
	return mapping.Provider{Name: name, Country: "TH",
		Locations: []mapping.Location{{Name: name + " Gate", Tier: tier, Latitude: &lat, Longitude: &lon}},
		Services:  []mapping.Service{{Type: "accommodation.emergency"}, {Type: "legal_aid"}}}
}

// printableEnv has the Thai provinces, a public shelter in Tak and a
// hidden one in Chiang Mai, and two runs of accommodation and legal aid:
// before and after a shelter opens in Bangkok.
func printableEnv(t *testing.T, db *database.DB) (env *ioEnv, before, after reports.Run) {
	t.Helper()
	env = newIOEnv(t, db)
	env.importThaiProvinces()
	ctx := cli()
	cleared := user(accounts.RoleAdmin, accounts.GrantConfidential)
	for _, p := range []mapping.Provider{
		shelter("Tak Open Shelter", mapping.TierPublic, 16.7011111, 98.5011111),
		shelter("Ghost Shelter", mapping.TierHidden, 18.7344444, 98.9844444),
	} {
		if _, err := env.dir.Create(ctx, cleared, p); err != nil {
			t.Fatal(err)
		}
	}
	params := reports.RunParams{Set: "th", Level: 1, Params: reports.Params{Services: []string{"accommodation", "legal_aid"}, Method: reports.Method2SFCA}}
	var err error
	if before, err = env.svc.Run(ctx, user(accounts.RoleResearcher), params); err != nil {
		t.Fatal(err)
	}
	if _, err := env.dir.Create(ctx, cleared, shelter("Town Shelter", mapping.TierPublic, 13.7563, 100.5018)); err != nil {
		t.Fatal(err)
	}
	if after, err = env.svc.Run(ctx, user(accounts.RoleResearcher), params); err != nil {
		t.Fatal(err)
	}
	return env, before, after
}

func exportString(t *testing.T, env *ioEnv, run reports.Run, opts reports.ExportOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := env.svc.Export(cli(), run, opts, &buf); err != nil {
		t.Fatalf("export %+v: %v", opts, err)
	}
	return buf.String()
}

// The printable report is an A4 page whose map colours every region by
// its gap class (as the run classes it), compares the run with the one
// before, states its methods and data, and shows nothing of the hidden
// shelter but its count.
func TestPrintableReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env, before, after := printableEnv(t, db)
		_, shapes, err := env.regions.LevelShapes(context.Background(), "th", 0, 1, true)
		if err != nil {
			t.Fatal(err)
		}
		html := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatHTML, Service: "accommodation"})

		for _, want := range []string{"<!doctype html>", "size: A4", "@page", "<svg class=\"map map-main\"",
			"Gap class: Safe accommodation and shelter (accommodation)",
			// The change since the first run: Bangkok gained a shelter.
			"Compared with run <code>" + before.ID, "1 improved",
			// Methods: data versions, formulas, parameters, caveats.
			"th, version 1, level 1", "Provider snapshot", formatSnapshot(after), "no population points loaded",
			"R_j = S_j / Σ", "2SFCA: two-step floating catchment area", "30 km", "haversine", "north–south distances",
			"about 0.5 %", "Hidden and region_only providers are never placed",
			"haven report export " + after.ID + " --format csv", "haven report compare " + before.ID + " " + after.ID,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		// Every region of the main map has the colour of its gap class.
		class := map[string]string{}
		for _, r := range onlyRows(after, "accommodation") {
			class[r.RegionCode] = map[string]string{reports.GapNoService: "g-no", reports.GapBelowNorm: "g-below", reports.GapCovered: "g-cov"}[r.GapClass]
		}
		uses := regexp.MustCompile(`<use href="#r(\d+)" class="([a-z0-9-]+)"><title>`).FindAllStringSubmatch(html, -1)
		if len(uses) != len(shapes) || len(shapes) != 77 {
			t.Fatalf("%d regions on the main map, %d boundaries", len(uses), len(shapes))
		}
		seen := map[string]int{}
		for _, u := range uses {
			i, _ := strconv.Atoi(u[1])
			code := shapes[i].Code
			seen[u[2]]++
			if u[2] != class[code] {
				t.Errorf("region %s is drawn %s; its gap class is %s", code, u[2], class[code])
			}
		}
		if seen["g-no"] != 74 || seen["g-cov"] != 3 {
			t.Errorf("classes drawn: %v; want 74 without service and 3 covered (Tak, Chiang Mai, Bangkok)", seen)
		}
		// The hidden shelter: counted, never placed or named.
		for _, secret := range []string{"18.73444", "98.98444", "18.734", "98.984", "Ghost"} {
			if strings.Contains(html, secret) {
				t.Errorf("the report holds %q of the hidden shelter", secret)
			}
		}
		// The same run gives the same bytes.
		if again := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatHTML, Service: "accommodation"}); again != html {
			t.Error("two exports of one run differ")
		}
		// Its one stylesheet is the one the CSP allows, and nothing else is inline.
		style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(html)
		sum := sha256.Sum256([]byte(style[1]))
		if !strings.Contains(reports.PrintableCSP(), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
			t.Error("the CSP does not allow the report's stylesheet")
		}
		if strings.Contains(html, " style=") || strings.Contains(html, "<script") || strings.Contains(html, "http://") || strings.Contains(html, "https://") {
			t.Error("the report has an inline style attribute, a script or a link out")
		}

		// Both service types: small maps of each, the count of missing types on the main map.
		both := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatHTML})
		for _, want := range []string{"Service types with no provider", "Gap class by service type", "Legal aid and representation (legal_aid)",
			`class="map map-small"`, "Coverage matrix: country × service type", "Annex: every region × service type", "Service types missing"} {
			if !strings.Contains(both, want) {
				t.Errorf("the two-service report lacks %q", want)
			}
		}
		// A measure, for one service type.
		near := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatHTML, Service: "legal_aid", Measure: reports.MeasureNearestKm})
		if !strings.Contains(near, "Distance to the nearest public provider: Legal aid and representation (legal_aid)") || !strings.Contains(near, " km (") {
			t.Error("the nearest_km map has no title or legend in km")
		}
		// The first run has no previous one.
		if first := exportString(t, env, before, reports.ExportOptions{Format: reports.FormatHTML}); !strings.Contains(first, "This is the first stored run of boundary set th at level 1") {
			t.Error("the first run does not say there is nothing to compare")
		}
	})
}

func formatSnapshot(r reports.Run) string {
	return r.DataVersions.ProviderSnapshot.UTC().Format("2 January 2006, 15:04:05 UTC")
}

func onlyRows(run reports.Run, service string) []reports.Row {
	var out []reports.Row
	for _, r := range run.Report.Regions {
		if r.Service == service {
			out = append(out, r)
		}
	}
	return out
}

func TestPrintableRefusesBadOptions(t *testing.T) {
	env, _, after := printableEnv(t, dbtest.OpenSQLite(t))
	for _, tc := range []struct {
		name  string
		opts  reports.ExportOptions
		field string
	}{
		{"unknown measure", reports.ExportOptions{Format: reports.FormatHTML, Measure: "beds"}, "measure"},
		{"measure of a csv", reports.ExportOptions{Format: reports.FormatCSV, Measure: reports.MeasureNearestKm}, "measure"},
		{"measure of several types", reports.ExportOptions{Format: reports.FormatHTML, Measure: reports.MeasureNearestKm}, "service"},
		{"service the run lacks", reports.ExportOptions{Format: reports.FormatCSV, Service: "medical"}, "service"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := env.svc.Export(cli(), after, tc.opts, &bytes.Buffer{})
			var he *haven.Error
			if !errors.As(err, &he) || he.Kind != haven.KindInvalid || len(he.Fields) == 0 || he.Fields[0].Field != tc.field {
				t.Errorf("got %v, want an invalid %s", err, tc.field)
			}
		})
	}
	// A service kept alone: its rows only, in any format.
	csv := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatCSV, Service: "legal_aid"})
	if strings.Contains(csv, ",accommodation,") || strings.Count(csv, ",legal_aid,") != 78 {
		t.Errorf("csv of legal_aid alone: %d legal_aid rows", strings.Count(csv, ",legal_aid,"))
	}
}

// The PDF is the printable report printed by headless Chromium: A4, with
// the report's title; without Chromium, a clear error.
func TestPrintablePDF(t *testing.T) {
	env, _, after := printableEnv(t, dbtest.OpenSQLite(t))

	t.Run("without Chromium", func(t *testing.T) {
		t.Setenv(reports.ChromiumEnv, "/nonexistent/chromium")
		err := reports.ExportOptions{Format: reports.FormatPDF}.Check()
		var he *haven.Error
		if !errors.As(err, &he) || he.Kind != haven.KindInvalid || !strings.Contains(he.Error(), "Chromium") ||
			!strings.Contains(he.Fields[0].Message, "use html and print it from a browser") {
			t.Errorf("got %v", err)
		}
		if err := env.svc.Export(cli(), after, reports.ExportOptions{Format: reports.FormatPDF}, &bytes.Buffer{}); !errors.Is(err, haven.ErrInvalid) {
			t.Errorf("export without Chromium: %v", err)
		}
	})

	t.Run("with Chromium", func(t *testing.T) {
		requireChromium(t)
		pdf := exportString(t, env, after, reports.ExportOptions{Format: reports.FormatPDF})
		if !strings.HasPrefix(pdf, "%PDF-") {
			t.Fatalf("not a PDF: %.20q", pdf)
		}
		box := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).FindStringSubmatch(pdf)
		if box == nil {
			t.Fatal("no page size in the PDF")
		}
		// A4 is 595.28 × 841.89 points; Chromium rounds to its pixel grid.
		w, _ := strconv.ParseFloat(box[1], 64)
		h, _ := strconv.ParseFloat(box[2], 64)
		if math.Abs(w-595.28) > 2 || math.Abs(h-841.89) > 2 {
			t.Errorf("the pages are %v × %v points, not A4", w, h)
		}
		if title := pdfTitle(pdf); title != "Coverage gaps — th level 1 — "+after.CreatedAt.UTC().Format("2006-01-02") {
			t.Errorf("PDF title %q", title)
		}
	})
}

// requireChromium skips, loudly, without Chromium; under CI=true it fails.
func requireChromium(t *testing.T) {
	t.Helper()
	for _, c := range []string{os.Getenv(reports.ChromiumEnv), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := exec.LookPath(c); c != "" && err == nil {
			return
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed: under CI=true the PDF must be tested (apt-get install chromium)")
	}
	t.Skip("PDF NOT TESTED: install chromium (apt-get install chromium) or set " + reports.ChromiumEnv)
}

// pdfTitle decodes the /Title of a PDF's information dictionary (UTF-16BE
// in hex, as Chromium writes it).
func pdfTitle(pdf string) string {
	m := regexp.MustCompile(`/Title\s*<FEFF([0-9A-Fa-f]*)>`).FindStringSubmatch(pdf)
	if m == nil {
		return ""
	}
	var runes []rune
	for i := 0; i+4 <= len(m[1]); i += 4 {
		n, _ := strconv.ParseUint(m[1][i:i+4], 16, 16)
		runes = append(runes, rune(n))
	}
	return string(runes)
}
