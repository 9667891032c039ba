package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys/builtin"
)

// waitAsync runs a JavaScript expression giving a promise and waits until it
// resolves to true.
func (b *browser) waitAsync(what, promise string) {
	b.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		eval[bool](b, what, fmt.Sprintf(`(window.__havenAsync = undefined, Promise.resolve(%s).then(v => { window.__havenAsync = !!v; }, () => { window.__havenAsync = false; }), true)`, promise))
		for i := 0; i < 10; i++ {
			if eval[bool](b, what, `window.__havenAsync !== undefined`) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if eval[bool](b, what, `window.__havenAsync === true`) {
			return
		}
		if time.Now().After(deadline) {
			b.failShot()
			b.t.Fatalf("waited %s for %s; it never came", stepTimeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// A collector starts the provider-mapping form, loses the network, and
// reloads the page: the service worker brings back the form and the
// draft; it is sent once the network is back, exactly once.
func TestSurveyFormReloadsOffline(t *testing.T) {
	a := startSurveyApp(t)
	a.createUser(t, accounts.NewUser{Email: collectorEmail, Name: "Cora Collector", Role: accounts.RoleCollector, Password: collectorPassword})
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(smallPhone)
	form := "/surveys/fill?survey=" + builtin.ProviderMappingFormID
	b.open(form)
	b.waitPath("/login")
	b.login(collectorEmail, collectorPassword)
	b.waitPath("/surveys/fill")
	b.waitVisible("#survey-form")

	// The service worker takes the page, and the definition is kept.
	b.waitFor("the service worker to control the page", `!!navigator.serviceWorker.controller`)
	b.waitAsync("the survey definition in the offline cache",
		fmt.Sprintf(`caches.open("haven-form-v1").then(c => c.match(%s))`, js("/api/v1/surveys/"+builtin.ProviderMappingFormID)))

	b.fill(`[name="org_name"]`, "Mae Sot Women's Shelter")
	b.click(`[data-testid="input-org_type-ngo"]`)
	b.choose(`[name="country"]`, "TH")
	instance := eval[string](b, "read the draft", `(() => { for (const k of Object.keys(localStorage)) if (k.startsWith("haven.survey-draft.")) return JSON.parse(localStorage[k]).instanceId; return ""; })()`)
	if len(instance) != 36 {
		t.Fatalf("no draft with an instance ID in localStorage (got %q)", instance)
	}

	// The network goes: the browser is offline and the server unreachable.
	b.setOffline(true)
	a.setDown(true)
	b.open(form)
	b.waitVisible("[data-testid=sf-draft-offer]")
	b.waitText("[data-testid=page-status]", "You are offline")
	b.phoneShot("66-survey-form-reloaded-offline-phone")
	b.click("[data-testid=sf-continue]")
	b.waitVisible("#survey-form")
	if got := eval[string](b, "read org_name", `document.querySelector('[name="org_name"]').value`); got != "Mae Sot Women's Shelter" {
		t.Errorf("after the offline reload the name reads %q", got)
	}

	// The rest is filled and sent offline: it waits in the outbox.
	b.click(`[data-testid="input-location_tier-public"]`)
	b.fill(`[name="location_name"]`, "Mae Sot office")
	b.fill(`[name="location_point"]`, "16.7167 98.5667")
	b.choose(`[name="services[0].service_type"]`, "accommodation")
	b.fill(`[name="services[0].min_age"]`, "18")
	b.click(`[data-testid="input-services[0].cost_kind-free"]`)
	b.click(`[data-testid="input-verified_today-yes"]`)
	b.click("[data-testid=sf-submit]")
	b.waitText("[data-testid=sf-outbox]", "Saved on this phone — will send when you're online")
	time.Sleep(2500 * time.Millisecond) // at least one retry fails while offline
	if n := len(a.submissions(t)); n != 0 {
		t.Fatalf("%d submissions arrived while offline", n)
	}

	// Back online: sent, once.
	a.setDown(false)
	b.setOffline(false)
	b.waitText("[data-testid=sf-sent]", "Sent ✓")
	b.waitFor("the outbox to empty", `document.querySelector("[data-testid=sf-outbox]").hidden`)
	subs := a.submissions(t)
	if len(subs) != 1 {
		t.Fatalf("%d submissions stored; want exactly 1", len(subs))
	}
	if subs[0].InstanceID != instance {
		t.Errorf("stored instance ID %q; want the draft's %q", subs[0].InstanceID, instance)
	}
}
