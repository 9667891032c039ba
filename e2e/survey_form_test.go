package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

const (
	collectorEmail    = "collector@e2e.haven.example"
	collectorPassword = "mango sticky rice"
)

// A cheap phone: smaller than the shared phone viewport.
var smallPhone = viewport{360, 640, true}

// surveyApp serves Haven with the built-in provider-mapping survey
// published, and gives the test the database to count submissions in.
type surveyApp struct {
	*app
	db *database.DB
}

func startSurveyApp(t *testing.T) *surveyApp {
	s, a := startServices(t, false)
	return &surveyApp{app: a, db: s.DB}
}

type storedSubmission struct {
	InstanceID string
	Answers    string
	Channel    string
}

func (a *surveyApp) submissions(t *testing.T) []storedSubmission {
	t.Helper()
	var rows []storedSubmission
	if err := a.db.DB.Raw("SELECT instance_id, answers, channel FROM submissions").Scan(&rows).Error; err != nil {
		t.Fatalf("read submissions: %v", err)
	}
	return rows
}

// setOffline cuts the browser off the network (requests fail, and
// navigator.onLine turns false), or connects it again.
func (b *browser) setOffline(offline bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatalf("enable network domain: %v", err)
	}
	conds := []*network.Conditions{}
	if offline {
		conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds}); err != nil {
		b.t.Fatalf("emulate network conditions (offline %v): %v", offline, err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		b.t.Fatalf("override network state (offline %v): %v", offline, err)
	}
}

// viewShot saves what the phone's screen shows with sel scrolled into view,
// as test-output/e2e/<name>.png: a full-page shot of a long form is too tall
// to judge.
func (b *browser) viewShot(name, sel string) {
	b.t.Helper()
	eval[bool](b, "scroll to "+sel, fmt.Sprintf(`(() => { const el = document.querySelector(%s); if (el) el.scrollIntoView({block: "center"}); return true; })()`, js(sel)))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.out, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
	b.t.Logf("screenshot: %s", path)
}

// A collector fills in the provider-mapping survey on a small phone: a
// constraint error shows while typing, the draft survives a reload, the
// network drops half-way and at Send, and once it is back exactly one
// submission arrives, with the answers typed.
func TestSurveyFormOfflineToOneSubmission(t *testing.T) {
	a := startSurveyApp(t)
	a.createUser(t, accounts.NewUser{Email: collectorEmail, Name: "Cora Collector", Role: accounts.RoleCollector, Password: collectorPassword})
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(smallPhone)
	b.open("/surveys/fill?survey=" + builtin.ProviderMappingFormID)
	b.waitPath("/login")
	b.login(collectorEmail, collectorPassword)
	b.waitPath("/surveys/fill")
	b.waitVisible("#survey-form")
	b.waitText("#sf-title", "Haven provider mapping")
	if got := eval[string](b, "language", `document.querySelector("#sf-lang").value`); got != builtin.English {
		t.Errorf("the language shown first is %q; want the survey's default, %q", got, builtin.English)
	}
	b.phoneShot("60-survey-form-start-phone")
	b.viewShot("60a-survey-form-start-screen", "#sf-title")

	// The organisation.
	b.fill(`[name="org_name"]`, "Mae Sot Women's Shelter")
	b.click(`[data-testid="input-org_type-ngo"]`)
	b.choose(`[name="country"]`, "TH")
	if !b.isVisible(`[data-testid="input-org_status-active"]:checked`) {
		t.Error("the default answer (active) should be chosen already")
	}
	// A web address that breaks the rule shows its message while typing.
	b.fill(`[name="website"]`, "not a website")
	b.waitText(`[data-testid="error-website"]`, "This is not a web address.")
	b.fill(`[name="website"]`, "https://shelter.example.org")
	b.waitFor("the website error to go", `document.querySelector('[data-testid="error-website"]').hidden`)

	// The place: public, at a typed position.
	b.click(`[data-testid="input-location_tier-public"]`)
	b.fill(`[name="location_name"]`, "Mae Sot office")
	b.fill(`[name="location_point"]`, "16.7167, 98.5667")
	b.phoneShot("61-survey-form-place-phone")
	b.viewShot("61a-survey-form-point-screen", `[name="location_point"]`)

	// The draft survives a reload, and the page offers to continue it.
	instance := eval[string](b, "read the draft", `(() => { for (const k of Object.keys(localStorage)) if (k.startsWith("haven.survey-draft.")) return JSON.parse(localStorage[k]).instanceId; return ""; })()`)
	if len(instance) != 36 {
		t.Fatalf("no draft with an instance ID in localStorage (got %q)", instance)
	}
	b.open("/surveys/fill?survey=" + builtin.ProviderMappingFormID)
	b.waitVisible("[data-testid=sf-draft-offer]")
	b.phoneShot("62-survey-form-draft-offer-phone")
	b.click("[data-testid=sf-continue]")
	b.waitVisible("#survey-form")
	if got := eval[string](b, "read org_name", `document.querySelector('[name="org_name"]').value`); got != "Mae Sot Women's Shelter" {
		t.Errorf("after the reload the name reads %q", got)
	}
	if got := eval[string](b, "read the point", `document.querySelector('[name="location_point"]').value`); got != "16.7167 98.5667" {
		t.Errorf("after the reload the point reads %q; want it kept as 16.7167 98.5667", got)
	}

	// The network drops half-way; the rest is filled offline.
	b.setOffline(true)
	b.choose(`[name="services[0].service_type"]`, "accommodation")
	b.fill(`[name="services[0].min_age"]`, "121")
	b.waitText(`[data-testid="error-services[0].min_age"]`, "Write an age from 0 to 120.")
	b.phoneShot("63-survey-form-age-error-phone")
	b.viewShot("63a-survey-form-age-error-screen", `[data-testid="error-services[0].min_age"]`)
	b.fill(`[name="services[0].min_age"]`, "18")
	b.waitFor("the age error to go", `document.querySelector('[data-testid="error-services[0].min_age"]').hidden`)
	b.click(`[data-testid="input-services[0].cost_kind-free"]`)
	if b.isVisible(`[name="services[0].cost_note"]`) {
		t.Error("the cost note should be hidden for a free service")
	}
	b.click(`[data-testid="input-services[0].cost_kind-fee"]`)
	b.waitVisible(`[name="services[0].cost_note"]`)
	b.fill(`[name="services[0].cost_note"]`, "50 baht")
	b.click(`[data-testid="input-services[0].cost_kind-free"]`)
	b.waitFor("the cost note to hide", `!document.querySelector('[name="services[0].cost_note"]').checkVisibility()`)
	b.click(`[data-testid="input-verified_today-yes"]`)

	// Send while offline: the form waits in the outbox.
	b.click("[data-testid=sf-submit]")
	b.waitText("[data-testid=sf-outbox]", "Saved on this phone — will send when you're online")
	b.phoneShot("64-survey-form-queued-offline-phone")
	if n := len(a.submissions(t)); n != 0 {
		t.Fatalf("%d submissions arrived while offline", n)
	}
	time.Sleep(2500 * time.Millisecond) // at least one retry fails while offline

	// Back online: it is sent, once.
	b.setOffline(false)
	b.waitText("[data-testid=sf-sent]", "Sent ✓")
	b.waitFor("the outbox to empty", `document.querySelector("[data-testid=sf-outbox]").hidden`)
	b.phoneShot("65-survey-form-sent-phone")

	subs := a.submissions(t)
	if len(subs) != 1 {
		t.Fatalf("%d submissions stored; want exactly 1", len(subs))
	}
	if subs[0].InstanceID != instance {
		t.Errorf("stored instance ID %q; want the draft's %q", subs[0].InstanceID, instance)
	}
	if subs[0].Channel != string(surveys.ChannelWeb) {
		t.Errorf("channel %q; want web", subs[0].Channel)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(subs[0].Answers), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"org_name": "Mae Sot Women's Shelter", "org_type": "ngo", "country": "TH", "org_status": "active",
		"website": "https://shelter.example.org", "location_tier": "public", "location_name": "Mae Sot office",
		"location_point": "16.7167 98.5667", "verified_today": "yes"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("answer %s = %v; want %q", k, got[k], v)
		}
	}
	services, _ := got["services"].([]any)
	if len(services) != 1 {
		t.Fatalf("services = %v; want one", got["services"])
	}
	svc, _ := services[0].(map[string]any)
	for k, v := range map[string]string{"service_type": "accommodation", "min_age": "18", "cost_kind": "free", "victim_status": "none"} {
		if svc[k] != v {
			t.Errorf("services[0].%s = %v; want %q", k, svc[k], v)
		}
	}
	if _, ok := svc["cost_note"]; ok {
		t.Error("the cost note no longer applies and must not be sent")
	}

	// A retry of the same form (the page lost the reply) makes no second record.
	b.click("[data-testid=sf-another]")
	b.waitVisible("#survey-form")
	if n := len(a.submissions(t)); n != 1 {
		t.Errorf("%d submissions after starting another; want 1", n)
	}
	if left := eval[string](b, "read the outbox", `localStorage.getItem("haven.survey-outbox") || ""`); strings.Contains(left, instance) {
		t.Errorf("the sent form is still in the outbox: %s", left)
	}
}
