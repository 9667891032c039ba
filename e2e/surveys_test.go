package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
)

const demoCollector = "collector@demo.haven.example"

// surveysApp is the demo with its surveys and submissions, and the
// services the test looks into.
type surveysApp struct {
	*app
	surveys *surveys.Service
	review  *review.Service
	dir     *mapping.Directory
}

func startSurveysDemoApp(t *testing.T) *surveysApp {
	t.Helper()
	ctx := context.Background()
	s, a := startServices(t, true)
	dir, err := s.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := s.Review(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &surveysApp{app: a, surveys: s.Surveys, review: rev, dir: dir}
}

// waiting finds submissions in Thailand waiting for review that describe
// a demo provider (found by its exact name) and differ from it: what the
// editor can accept into that entry.
func (a *surveysApp) waiting(t *testing.T, editor accounts.User, n int) (subs []surveys.Submission, providers []string) {
	t.Helper()
	ctx := context.Background()
	list, _, err := a.surveys.Submissions(ctx, surveys.SubmissionFilter{Status: surveys.StatusSubmitted, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		name, _ := s.Answers["org_name"].(string)
		if s.Answers["country"] != "TH" || s.Answers["location_tier"] != "public" {
			continue
		}
		hits, _, err := a.dir.Search(ctx, editor, mapping.Query{Text: name, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Name != name {
				continue
			}
			changes, err := a.review.Diff(ctx, editor, s.ID, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) > 0 {
				subs, providers = append(subs, s), append(providers, h.ID)
			}
			break
		}
		if len(subs) == n {
			return subs, providers
		}
	}
	t.Fatalf("the demo has %d waiting submissions about Thai providers that differ from them; want %d", len(subs), n)
	return nil, nil
}

// topShot saves what the screen shows first (not the whole page), as
// <name>-top.png: what a person sees before scrolling.
func (b *browser) topShot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	eval[bool](b, "scroll to the top", `(window.scrollTo(0, 0), true)`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.out, name+"-top.png"), png, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
}

// An editor finds the surveys, filters the submissions waiting for review,
// compares one with the provider it describes and accepts it into that
// entry, then sends another back with a note; the collector reads the note
// in their list on a phone.
func TestSurveysReviewSubmissions(t *testing.T) {
	a := startSurveysDemoApp(t)
	ctx := context.Background()
	editor, err := a.Accounts.UserByEmail(ctx, demoEditor)
	if err != nil {
		t.Fatal(err)
	}
	subs, providers := a.waiting(t, editor, 2)
	toAccept, toReject := subs[0], subs[1]

	b := newBrowser(t, a.URL)
	defer b.checkConsole()
	b.viewport(desktop)
	b.open("/surveys")
	b.waitPath("/login")
	b.login(demoEditor, demo.Password)
	b.waitPath("/surveys")
	b.waitVisible("#surveys li[data-form-id=haven_provider_mapping]")
	if !b.isVisible("[data-testid=upload]") {
		t.Error("an editor must see the XLSForm upload")
	}
	if got := b.text("[data-testid=odk-url]"); got != a.URL+"/openrosa" {
		t.Errorf("ODK server URL %q, want %s/openrosa", got, a.URL)
	}
	if !strings.HasSuffix(eval[string](b, "read the XLSForm link", `document.querySelector("[data-testid=download-xlsform]").href`),
		"/api/v1/surveys/haven_provider_mapping/xlsform") {
		t.Error("the XLSForm download link is wrong")
	}
	b.screenshot("80-surveys-editor-desktop")

	// The submissions waiting for review.
	b.click("#surveys li[data-form-id=haven_provider_mapping] [data-testid=survey-submissions]")
	b.waitPath("/submissions")
	b.waitFor("the submissions", `document.querySelectorAll("#subs > li").length > 0`)
	b.choose("#f-status", "submitted")
	b.waitFor("only waiting ones", `document.querySelectorAll("#subs > li").length > 0 &&
		[...document.querySelectorAll("#subs > li")].every(li => li.dataset.status === "submitted")`)
	if !strings.Contains(b.location(), "status=submitted") {
		t.Errorf("the filter is not kept in the address: %s", b.location())
	}
	b.screenshot("81-submissions-waiting-desktop")

	// Open one and compare it with its provider.
	sel := fmt.Sprintf("#subs li[data-id=%q] a", toAccept.ID)
	if b.count(sel) > 0 {
		b.click(sel)
	} else {
		b.open("/submissions/view?id=" + toAccept.ID)
	}
	b.waitPath("/submissions/view")
	b.waitVisible("[data-testid=review]")
	b.waitFor("its provider chosen", fmt.Sprintf(`(document.querySelector("[data-testid=pick-provider]:checked") || {}).value === %s`, js(providers[0])))
	b.waitFor("the differences", `document.querySelectorAll("#diff-rows tr[data-field]").length > 0`)
	if !strings.Contains(b.text("#accept"), "Accept and update") {
		t.Errorf("accept button says %q; want it to name the entry it updates", b.text("#accept"))
	}
	b.screenshot("82-submission-review-desktop")
	b.click("[data-testid=accept]")
	b.waitText("#page-status", "Accepted")
	href := eval[string](b, "read the provider link", `document.querySelector("[data-testid=accepted-provider]").getAttribute("href")`)
	if !strings.Contains(href, providers[0]) {
		t.Errorf("the accepted provider link %q does not lead to provider %s", href, providers[0])
	}
	if got, err := a.surveys.Submission(ctx, toAccept.ID); err != nil || got.Status != surveys.StatusAccepted || got.ProviderID != providers[0] {
		t.Errorf("after accepting: %+v, %v; want accepted and linked to %s", got.Status, err, providers[0])
	}
	b.screenshot("83-submission-accepted-desktop")

	// Send another back: a note is required.
	b.open("/submissions/view?id=" + toReject.ID)
	b.waitVisible("[data-testid=review]")
	b.click("[data-testid=reject]")
	b.waitVisible("#r-note-error")
	const note = "The hotline did not answer twice today. Please check the number with the provider and send it again."
	b.fill("#r-note", note)
	b.click("[data-testid=reject]")
	b.waitText("#page-status", "Sent back")
	b.waitText("[data-testid=decision]", note)
	if b.isVisible("[data-testid=review]") {
		t.Error("the review form stays after the decision")
	}

	// The collector reads why, on a phone.
	c := newBrowser(t, a.URL)
	defer c.checkConsole()
	c.viewport(phone)
	c.open("/submissions")
	c.waitPath("/login")
	c.login(demoCollector, demo.Password)
	c.waitPath("/submissions")
	c.waitFor("their submissions", `document.querySelectorAll("#subs > li").length > 0`)
	c.phoneShot("84-submissions-collector-phone")
	c.topShot("84-submissions-collector-phone")
	c.choose("#f-status", "rejected")
	mine := fmt.Sprintf("#subs li[data-id=%q] [data-testid=review-note]", toReject.ID)
	c.waitText(mine, note)
	c.phoneShot("85-submissions-rejected-phone")
	c.topShot("85-submissions-rejected-phone")
	c.click(fmt.Sprintf("#subs li[data-id=%q] a", toReject.ID))
	c.waitPath("/submissions/view")
	c.waitText("[data-testid=decision]", note)
	c.waitVisible("#answers dt")
	if c.isVisible("[data-testid=review]") {
		t.Error("a collector must not see the review form")
	}
	c.phoneShot("86-submission-collector-phone")
	c.topShot("86-submission-collector-phone")
	c.open("/surveys")
	c.waitVisible("[data-testid=odk]")
	if c.isVisible("[data-testid=upload]") {
		t.Error("a collector must not see the XLSForm upload")
	}
	if !strings.Contains(c.text("[data-testid=odk]"), demoCollector) {
		t.Error("the ODK Collect help does not name the collector's username")
	}
	c.phoneShot("87-surveys-collector-phone")
	c.topShot("87-surveys-collector-phone")
}

// placed finds, among the submissions the editor reads, one of each way a
// place shows: its point, only its region, nothing.
func (a *surveysApp) placed(t *testing.T, editor accounts.User) (point, region, withheld review.Item) {
	t.Helper()
	items, _, err := a.review.List(context.Background(), editor, review.Filter{SubmissionFilter: surveys.SubmissionFilter{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		levels := 0
		for _, r := range it.Place.Regions {
			if r.Set == "th" {
				levels++
			}
		}
		switch {
		case it.Place.Shown == review.ShownPoint && levels == 2 && point.ID == "":
			point = it
		case it.Place.Shown == review.ShownRegion && levels == 2 && region.ID == "":
			region = it
		case it.Place.Shown == review.ShownWithheld && withheld.ID == "":
			withheld = it
		}
	}
	if point.ID == "" || region.ID == "" || withheld.ID == "" {
		t.Fatalf("the demo lacks a submission of some tier for %s: point %q, region %q, withheld %q", editor.Email, point.ID, region.ID, withheld.ID)
	}
	return point, region, withheld
}

// province is the Thai province (level 1 of the set "th") an item lies in.
func province(it review.Item) mapping.RegionRef {
	for _, r := range it.Place.Regions {
		if r.Set == "th" && r.Level == 1 {
			return r
		}
	}
	return mapping.RegionRef{}
}

// An editor without the confidential right opens submissions on a desk and
// on a phone: a public place shows its point inside its district's
// boundaries, a region_only one only its district, a hidden one no map.
// Then the editor filters the list by province and district.
func TestSubmissionMapAndRegionFilter(t *testing.T) {
	a := startSurveysDemoApp(t)
	ctx := context.Background()
	editor, err := a.Accounts.UserByEmail(ctx, demoEditor)
	if err != nil {
		t.Fatal(err)
	}
	point, region, withheld := a.placed(t, editor)

	for _, vp := range []struct {
		name string
		v    viewport
	}{{"desktop", desktop}, {"phone", phone}} {
		b := newBrowser(t, a.URL)
		defer b.checkConsole()
		b.viewport(vp.v)
		b.open("/submissions/view?id=" + point.ID)
		b.waitPath("/login")
		b.login(demoEditor, demo.Password)
		b.waitPath("/submissions/view")
		b.waitVisible("[data-testid=place-map] [data-testid=place-point]")
		b.waitVisible("[data-testid=place-map] [data-testid=place-region]")
		district := point.Place.Regions[len(point.Place.Regions)-1]
		for _, r := range point.Place.Regions {
			if r.Set == "th" && r.Level == 2 {
				district = r
			}
		}
		if got := eval[string](b, "read the drawn region", `document.querySelector("[data-testid=place-region]").dataset.code`); got != district.Code {
			t.Errorf("%s: the map draws region %s, want the district %s", vp.name, got, district.Code)
		}
		// The point lies inside the drawn district, on screen too.
		inside := eval[bool](b, "find the point in the district", `(() => {
			const map = document.querySelector("[data-testid=place-map]");
			const c = map.querySelector("[data-testid=place-point]");
			const path = map.querySelector("[data-testid=place-region]");
			const pt = map.createSVGPoint(); pt.x = +c.getAttribute("cx"); pt.y = +c.getAttribute("cy");
			return path.isPointInFill(pt) || path.isPointInStroke(pt);
		})()`)
		if !inside {
			t.Errorf("%s: the point is drawn outside its district", vp.name)
		}
		b.waitText("[data-testid=place-caption]", district.Name)
		if vp.v.mobile {
			b.phoneShot("88-submission-map-phone")
			b.topShot("88-submission-map-phone")
		} else {
			b.screenshot("88-submission-map-desktop")
		}

		b.open("/submissions/view?id=" + region.ID)
		b.waitVisible("[data-testid=place-map] [data-testid=place-region]")
		if b.count("[data-testid=place-point]") != 0 {
			t.Errorf("%s: a region_only place is drawn with its point", vp.name)
		}
		b.waitText("[data-testid=place-caption]", "only its region is shown")
		html := eval[string](b, "read the page", `document.querySelector("#content").innerHTML`)
		for _, leak := range []string{`data-name="location_point"`, strconv.FormatFloat(*regionPoint(a, t, region.ID), 'f', 3, 64)} {
			if strings.Contains(html, leak) {
				t.Errorf("%s: the region_only page holds %q", vp.name, leak)
			}
		}
		if vp.v.mobile {
			b.phoneShot("89-submission-region-only-phone")
		} else {
			b.screenshot("89-submission-region-only-desktop")
		}

		b.open("/submissions/view?id=" + withheld.ID)
		b.waitVisible("[data-testid=place-withheld]")
		if b.count("[data-testid=place-map]") != 0 {
			t.Errorf("%s: a hidden place gets a map", vp.name)
		}

		// The list, by province, then by district.
		prov := province(point)
		b.open("/submissions")
		b.waitFor("the submissions", `document.querySelectorAll("#subs > li").length > 0`)
		b.waitVisible("[data-testid=where]")
		if !b.isVisible("#f-region") {
			b.click("#where > summary")
		}
		b.choose("#f-region-set", "th")
		b.waitFor("the provinces", `document.querySelectorAll("#f-region option").length > 50`)
		b.choose("#f-region", prov.Code)
		want, _, err := a.review.List(ctx, editor, review.Filter{Region: prov.Code, RegionSet: "th", SubmissionFilter: surveys.SubmissionFilter{Limit: 25}})
		if err != nil {
			t.Fatal(err)
		}
		b.waitFor("the province's submissions", fmt.Sprintf(`document.querySelectorAll("#subs > li").length === %d &&
			[...document.querySelectorAll("#subs > li [data-testid=result-place]")].every(p => p.innerText.includes(%s))`, len(want), js(prov.Name)))
		if got := eval[[]string](b, "read the listed IDs", `[...document.querySelectorAll("#subs > li")].map(li => li.dataset.id)`); !slices.Equal(got, itemIDs(want)) {
			t.Errorf("%s: the list in %s shows %v, want %v", vp.name, prov.Name, got, itemIDs(want))
		}
		if slices.Contains(itemIDs(want), withheld.ID) {
			t.Errorf("%s: the hidden submission is found in %s", vp.name, prov.Name)
		}
		if !strings.Contains(b.location(), "region="+prov.Code) {
			t.Errorf("%s: the region is not kept in the address: %s", vp.name, b.location())
		}
		b.waitFor("the districts", `!document.querySelector("#f-subregion-field").hidden && document.querySelectorAll("#f-subregion option").length > 1`)
		b.choose("#f-subregion", district.Code)
		inDistrict, _, err := a.review.List(ctx, editor, review.Filter{Region: district.Code, RegionSet: "th", SubmissionFilter: surveys.SubmissionFilter{Limit: 25}})
		if err != nil {
			t.Fatal(err)
		}
		b.waitFor("the district's submissions", fmt.Sprintf(`document.querySelectorAll("#subs > li").length === %d && !!document.querySelector(%s)`,
			len(inDistrict), js(fmt.Sprintf("#subs li[data-id=%q]", point.ID))))
		if vp.v.mobile {
			b.phoneShot("90-submissions-by-region-phone")
			b.topShot("90-submissions-by-region-phone")
		} else {
			b.screenshot("90-submissions-by-region-desktop")
		}
		// Reloading keeps the choice, district and all.
		b.open("/submissions?" + strings.SplitN(b.location(), "?", 2)[1])
		b.waitFor("the district chosen again", fmt.Sprintf(`document.querySelector("#f-subregion").value === %s && document.querySelector("#f-region").value === %s`,
			js(district.Code), js(prov.Code)))
	}
}

func itemIDs(items []review.Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// regionPoint is the latitude stored for a submission, which a page for a
// reader without the grant must not hold.
func regionPoint(a *surveysApp, t *testing.T, id string) *float64 {
	t.Helper()
	sub, err := a.surveys.Submission(context.Background(), id)
	if err != nil || sub.Latitude == nil {
		t.Fatalf("submission %s has no point: %v", id, err)
	}
	return sub.Latitude
}
