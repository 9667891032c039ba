package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/accounts"
	services "github.com/haven-project/haven/app"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/server"
	"github.com/haven-project/haven/surveys/feedback"
)

const (
	fbEditorEmail      = "editor@feedback.e2e.haven.example"
	fbFacilitatorEmail = "facilitator@feedback.e2e.haven.example"
	fbPassword         = "pad thai with tofu"
)

// feedbackApp serves Haven on a fresh SQLite database holding a small
// directory in Mae Sot, an editor and a facilitator of Thailand. Its log
// is kept, to be searched. The editor builds the drafts a test compares in
// the browser (buildDrafts).
type feedbackApp struct {
	*app
	svc       *services.Services
	db        *database.DB
	log       *lockedBuffer
	providers map[string]string // provider ID by name
	// Set by buildDrafts: the two frozen drafts (A: Tak province only; B:
	// all of Thailand) and the content section both hold.
	draftA    drafts.Version
	draftB    drafts.Version
	sectionID string
}

// lockedBuffer is a log sink the server writes to from many requests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fbProviders are the directory entries the tasks are about.
var fbProviders = []mapping.Provider{
	fbProvider("Mae Sot Girls' Shelter", "accommodation", 16.7167, 98.5667, "12 Intharakiri Road", "+66 55 000 211"),
	fbProvider("Tak Migrant Legal Clinic", "legal_aid", 16.7100, 98.5700, "5 Prasat Withi Road", "+66 55 000 311"),
	fbProvider("Border Health Post", "medical", 16.7050, 98.5500, "1 Friendship Bridge Road", "+66 55 000 411"),
	fbProvider("Chiang Mai Family Shelter", "accommodation", 18.7883, 98.9853, "9 Huay Kaew Road", "+66 53 000 511"),
}

func fbProvider(name, service string, lat, lon float64, street, phone string) mapping.Provider {
	return mapping.Provider{Name: name, OrgType: "ngo", Country: "TH", Description: "A fictional provider for the feedback test.",
		Locations: []mapping.Location{{Name: "Office", Tier: mapping.TierPublic, Latitude: &lat, Longitude: &lon,
			Address: &mapping.Address{Line1: street, Country: "TH"}}},
		Services: []mapping.Service{{Type: service, Languages: []string{"th", "my"}, Cost: mapping.Cost{Kind: "free"},
			Access: mapping.Access{WalkIn: true}}},
		Channels: []mapping.Channel{{Kind: "hotline", Value: phone, Tier: mapping.TierPublic}}}
}

func startFeedbackApp(t *testing.T) *feedbackApp {
	t.Helper()
	ctx := context.Background()
	db := dbtest.OpenSQLite(t)
	s, err := services.New(ctx, db)
	if err != nil {
		t.Fatalf("build the services: %v", err)
	}
	f, err := os.Open("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.Regions.Import(ctx, f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	a := &feedbackApp{svc: s, db: db, log: &lockedBuffer{}, providers: map[string]string{}}
	a.app = &app{Accounts: s.Accounts}
	admin := a.createUser(t, accounts.NewUser{Email: "admin@feedback.e2e.haven.example", Role: accounts.RoleAdmin, Password: fbPassword})
	a.createUser(t, accounts.NewUser{Email: fbEditorEmail, Name: "Feedback Editor", Role: accounts.RoleEditor, Countries: []string{"TH"}, Password: fbPassword})
	a.createUser(t, accounts.NewUser{Email: fbFacilitatorEmail, Name: "Feedback Facilitator", Role: accounts.RoleCollector, Countries: []string{"TH"}, Password: fbPassword})
	dir, err := s.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fbProviders {
		created, err := dir.Create(ctx, admin, p)
		if err != nil {
			t.Fatalf("create %s: %v", p.Name, err)
		}
		a.providers[created.Name] = created.ID
	}
	srv, err := s.Server(ctx, server.Config{}, slog.New(slog.NewJSONHandler(a.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("build server: %v", err)
	}
	handler := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.down.Load() { // a lost network: the connection drops unanswered
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
				}
			}
			return
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	a.URL = ts.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", a.log.String())
		}
	})
	return a
}

func (a *feedbackApp) id(name string) string { return a.providers[name] }

// signIn starts a browser of the given size and logs in as email.
func (a *feedbackApp) signIn(t *testing.T, email string, v viewport) *browser {
	t.Helper()
	b := newBrowser(t, a.URL)
	b.viewport(v)
	b.open("/login")
	b.login(email, fbPassword)
	b.waitPath("/")
	return b
}

// fbSection is the content section the editor writes and both drafts hold;
// tests ask participants about it.
const fbSection = "Your rights in Thailand"

// buildDrafts is the editor, logged in on b, writing a content section and
// building the two drafts a test compares in the draft editor: A with the
// three providers in Tak, B with all four in Thailand, both holding the
// section; each saved and frozen. It records them in a.
func (b *browser) buildDrafts(a *feedbackApp) {
	b.t.Helper()
	b.writeSection("rights", fbSection, "You have the right to help and protection, whatever your papers say.\n\nHelp is free.")
	idA := b.buildDraft(draftSpec{name: "Tak directory", regions: []string{"TH63"}, sections: []string{fbSection}, count: 3, note: "for testing"})
	b.screenshot("feedback-draft-a-editor")
	idB := b.buildDraft(draftSpec{name: "Thailand directory", sections: []string{fbSection}, count: 4, note: "for testing"})

	ctx := context.Background()
	ds, err := a.svc.Drafts(ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, d := range []struct {
		id      string
		version *drafts.Version
		want    []string
	}{
		{idA, &a.draftA, []string{"Border Health Post", "Mae Sot Girls' Shelter", "Tak Migrant Legal Clinic"}},
		{idB, &a.draftB, []string{"Border Health Post", "Chiang Mai Family Shelter", "Mae Sot Girls' Shelter", "Tak Migrant Legal Clinic"}},
	} {
		v, err := ds.Version(ctx, d.id, 1)
		if err != nil {
			b.t.Fatalf("the draft built in the browser: %v", err)
		}
		var names []string
		for _, e := range v.Entries {
			names = append(names, e.Name)
		}
		slices.Sort(names)
		if !slices.Equal(names, d.want) || len(v.Sections) != 1 || v.Audience != drafts.AudienceTesting {
			b.t.Fatalf("%s, version 1: entries %v, %d sections, audience %s; want %v, the section, for testing", v.Name, names, len(v.Sections), v.Audience, d.want)
		}
		*d.version = v
	}
	a.sectionID = a.draftA.Sections[0].ID
}

// participant is what one participant answers. Chosen lists, per task, the
// entries they pick, by name.
type participant struct {
	lang       string // en, th or my
	group      string
	ageBand    string // "" to skip
	chosen     [][]string
	difficulty []int
	rating     int    // for every Likert item
	understood string // yes, partly or no: the answers about the content section ("" to skip)
	useful     string
	preferred  string
	unmet      *feedback.UnmetNeed
	problem    *feedback.ProblemReport // ProviderID holds the entry's name
	freeText   string
	shots      string // when set, screenshots of the steps are saved under this prefix
}

// completeFlow goes through a test's flow on the open page, as the
// participant would: language, consent, group, each task, ratings, the
// content section, the other draft, needs and problems, free text; then
// sends it.
func (b *browser) completeFlow(a *feedbackApp, p participant) {
	b.t.Helper()
	b.click(fmt.Sprintf(`[data-testid="lang-%s"]`, p.lang))
	b.waitVisible(`[data-testid="consent-yes"]`)
	if got := eval[string](b, "the page's language", `document.documentElement.lang`); got != p.lang {
		b.t.Errorf("the page's lang attribute is %q after choosing %s", got, p.lang)
	}
	if p.shots != "" {
		b.screenshot(p.shots + "-consent")
	}
	b.click(`[data-testid="consent-yes"]`)
	b.click(`[data-testid="consent-continue"]`)
	b.click(fmt.Sprintf(`[data-testid="group-%s"]`, p.group))
	if p.ageBand != "" {
		b.click(fmt.Sprintf(`[data-testid="age_band-%s"]`, p.ageBand))
	}
	b.click(`[data-testid="about-continue"]`)
	for i, names := range p.chosen {
		b.waitVisible(fmt.Sprintf(`[data-testid="p-task-task%d"]`, i+1))
		for _, name := range names {
			b.click(fmt.Sprintf(`[data-testid="choose-%s"]`, a.id(name)))
		}
		b.click(fmt.Sprintf(`[data-testid="difficulty-%d"]`, p.difficulty[i]))
		if p.shots != "" && i == 0 {
			b.screenshot(p.shots + "-task")
		}
		b.click(`[data-testid="task-next"]`)
	}
	b.waitVisible(`[data-testid="p-rate"]`)
	for _, code := range eval[[]string](b, "the rating items", `[...document.querySelectorAll('[data-testid="p-rate"] fieldset')].map(f => f.dataset.name)`) {
		b.click(fmt.Sprintf(`[data-testid="%s-%d"]`, code, p.rating))
	}
	b.click(`[data-testid="rate-next"]`)
	if a.sectionID != "" {
		b.waitVisible(`[data-testid="p-sections"]`)
		if p.understood != "" {
			b.click(`[data-testid="understood-0-` + p.understood + `"]`)
		}
		if p.useful != "" {
			b.click(`[data-testid="useful-0-` + p.useful + `"]`)
		}
		if p.shots != "" {
			b.screenshot(p.shots + "-section")
		}
		b.click(`[data-testid="sections-next"]`)
	}
	b.waitVisible(`[data-testid="p-compare"]`)
	b.click(fmt.Sprintf(`[data-testid="preferred-%s"]`, p.preferred))
	b.click(`[data-testid="compare-next"]`)
	b.waitVisible(`[data-testid="p-needs"]`)
	if p.unmet != nil {
		b.click(`[data-testid="unmet-add"]`)
		b.choose(`[data-testid="unmet-kind-0"]`, p.unmet.ServiceType)
		b.choose(`[data-testid="unmet-area-0"]`, p.unmet.RegionCode)
	}
	if p.problem != nil {
		b.click(`[data-testid="problem-add"]`)
		b.choose(`[data-testid="problem-entry-0"]`, a.id(p.problem.ProviderID))
		b.choose(`[data-testid="problem-kind-0"]`, string(p.problem.Kind))
		b.fill(`[data-testid="problem-note-0"]`, p.problem.Note)
	}
	b.click(`[data-testid="needs-next"]`)
	b.fill(`[data-testid="free-text"]`, p.freeText)
	b.click(`[data-testid="send"]`)
	b.waitVisible(`[data-testid="p-thanks"]`)
	if p.shots != "" {
		b.screenshot(p.shots + "-thanks")
	}
}

// completeByLink opens a participant link afresh — a new participant on
// their own phone — and completes the test.
func (b *browser) completeByLink(a *feedbackApp, link string, p participant) {
	b.t.Helper()
	b.do("open the link", chromedp.Navigate(link))
	b.waitVisible(`[data-testid="lang-en"]`)
	b.completeFlow(a, p)
}

// buildTest is the editor's part after buildDrafts: a test on the two
// frozen drafts with two tasks, a rating and the content section, opened,
// with a participant link. It returns the test's ID and the link.
func (b *browser) buildTest(a *feedbackApp) (string, string) {
	b.t.Helper()
	b.open("/")
	b.click(`[data-testid="nav-feedback"]`)
	b.waitPath("/feedback")
	b.click(`[data-testid="new-test"]`)
	b.waitPath("/feedback/edit")
	b.waitVisible(`[data-testid="f-title"]`)
	b.fill(`[data-testid="f-title"]`, "Mae Sot directory, first round")
	b.choose(`[data-testid="f-draft-a"]`, fmt.Sprintf("%s:%d", a.draftA.DraftID, a.draftA.Number))
	b.choose(`[data-testid="f-draft-b"]`, fmt.Sprintf("%s:%d", a.draftB.DraftID, a.draftB.Number))
	b.choose(`[data-testid="f-area-set"]`, "th")
	b.fill(`[data-testid="consent-en"]`, "I understand this test is about the directory, not about me, and I agree to take part.")
	b.fill(`[data-testid="task-0-scenario-en"]`, "A 16-year-old girl from Myanmar in Mae Sot needs a safe place tonight.")
	b.click(fmt.Sprintf(`[data-testid="task-0-correct-%s"]`, a.id("Mae Sot Girls' Shelter")))
	b.click(`[data-testid="add-task"]`)
	b.fill(`[data-testid="task-1-scenario-en"]`, "A fisherman in Mae Sot was not paid for months and wants legal advice.")
	b.click(fmt.Sprintf(`[data-testid="task-1-correct-%s"]`, a.id("Tak Migrant Legal Clinic")))
	b.click(`[data-testid="add-likert"]`)
	b.fill(`[data-testid="likert-2-statement-en"]`, "The directory is easy to understand.")
	b.click(fmt.Sprintf(`[data-testid="section-%s"]`, a.sectionID))
	b.screenshot("feedback-editor")
	b.click(`[data-testid="save-test"]`)
	b.waitPath("/feedback/test")
	b.click(`[data-testid="open-test"]`)
	b.waitText(`[data-testid="t-status"]`, "Open")
	b.fill(`[data-testid="link-label"]`, "Mae Sot drop-in centre")
	b.click(`[data-testid="issue-link"]`)
	b.waitVisible(`[data-testid="link-url"]`)
	link := b.text(`[data-testid="link-url"]`)
	id := eval[string](b, "the test ID", `new URLSearchParams(location.search).get("id")`)
	b.screenshot("feedback-test-page")
	if !b.isVisible(`[data-testid="results-link"]`) {
		b.t.Error("the open test's page has no link to its results")
	}
	return id, link
}

// fbPreferred is the draft participant i would give to a friend: B for
// every third, A for the others, whichever they worked with.
func fbPreferred(i int) string {
	if i%3 == 0 {
		return "B"
	}
	return "A"
}

// fbUnderstood is what participant i says about understanding the content
// section: every fifth only partly, the rest yes.
func fbUnderstood(i int) string {
	if i%5 == 2 {
		return "partly"
	}
	return "yes"
}

// Secrets the participants type: none of them may be stored or logged.
var fbNames = []string{"Somchai Jaidee", "Mya Thandar", "Nok Sirisuk", "Aung Kyaw", "Malee Boonmee", "Thida Win",
	"Kanya Srisai", "Zaw Min", "Pim Chaiyo", "Hnin Wai", "Lek Thongdee", "Ei Phyu", "Daw Khin", "Niran Suk", "Su Su"}

func fbSecrets(i int) (name, phone, email string) {
	name = fbNames[i]
	phone = fmt.Sprintf("08%d-555-%04d", i%10, 1000+i)
	email = fmt.Sprintf("%s.%d@mail.example", strings.ToLower(strings.Fields(name)[0]), i)
	return
}

// fbParticipant is the i-th participant: groups, languages and answers vary.
func fbParticipant(a *feedbackApp, i int, group string) participant {
	name, phone, email := fbSecrets(i)
	p := participant{lang: []string{"en", "th", "my"}[i%3], group: group, chosen: [][]string{{"Mae Sot Girls' Shelter"}, {"Tak Migrant Legal Clinic"}},
		difficulty: []int{1 + i%5, 2}, rating: 1 + (i+2)%5, preferred: fbPreferred(i),
		understood: fbUnderstood(i), useful: "yes",
		freeText: fmt.Sprintf("My name is %s, call me on %s or write to %s. The shelter list helped.", name, phone, email)}
	if i%3 == 1 {
		p.chosen[0] = []string{"Border Health Post"} // in both drafts, but no shelter: a wrong answer
	}
	if i%4 == 0 {
		p.ageBand = "18_24"
	}
	if i%5 == 0 {
		p.unmet = &feedback.UnmetNeed{ServiceType: "legal_aid", RegionCode: "TH63"}
	}
	if i == 3 {
		p.problem = &feedback.ProblemReport{ProviderID: "Border Health Post", Kind: feedback.ProblemWrongPhone,
			Note: fmt.Sprintf("Nobody answers. Ask Khun Malee, %s", phone)}
	}
	return p
}

// runRound is the round of issue 5's acceptance test: an editor builds two
// drafts and a test with two tasks on them in the browser; twelve
// participants complete it by link (six per group) and a facilitator
// enters three more. It checks what was stored — fifteen responses, the
// drafts counterbalanced within each group, every task timed, also those
// the facilitator entered — and returns the test's ID and the link.
func runRound(t *testing.T, a *feedbackApp) (string, string) {
	t.Helper()
	editor := a.signIn(t, fbEditorEmail, desktop)
	editor.buildDrafts(a)
	testID, link := editor.buildTest(a)
	editor.checkConsole()

	for g, group := range []string{"survivor", "frontline"} {
		// A fresh browser per group: each has the session time limit to itself.
		b := newBrowser(t, a.URL)
		b.viewport(phone)
		for k := range 6 {
			i := g*6 + k
			p := fbParticipant(a, i, group)
			if i == 1 {
				p.shots = "feedback-participant-th"
			}
			b.completeByLink(a, link, p)
		}
		b.checkConsole()
	}

	fac := a.signIn(t, fbFacilitatorEmail, phone)
	fac.open("/feedback/facilitate?id=" + testID)
	for k := range 3 {
		if k > 0 {
			fac.click(`[data-testid="restart"]`)
		}
		fac.waitVisible(`[data-testid="lang-en"]`)
		p := fbParticipant(a, 12+k, "provider")
		if k == 0 {
			p.shots = "feedback-facilitator"
		}
		fac.completeFlow(a, p)
	}
	fac.checkConsole()

	responses := fbResponses(t, a, testID)
	if len(responses) != 15 {
		t.Fatalf("%d responses stored, want 15", len(responses))
	}
	orders := map[string][]string{}
	modes := map[feedback.Mode]int{}
	for i, r := range responses {
		orders[r.Group] = append(orders[r.Group], strings.Join(r.DraftOrder, ""))
		modes[r.Mode]++
		// The participant's page and the facilitator's time every task
		// from showing it to the answer.
		for _, ta := range r.Tasks {
			if ta.Seconds == nil {
				t.Errorf("response %d (%s): task %s is not timed", i, r.Mode, ta.Task)
			}
		}
	}
	for group, want := range map[string][]string{
		"survivor":  {"AB", "BA", "AB", "BA", "AB", "BA"},
		"frontline": {"AB", "BA", "AB", "BA", "AB", "BA"},
		"provider":  {"AB", "BA", "AB"},
	} {
		if !slices.Equal(orders[group], want) {
			t.Errorf("%s saw the drafts in the orders %v, want %v", group, orders[group], want)
		}
	}
	if modes[feedback.ModeSelf] != 12 || modes[feedback.ModeFacilitated] != 3 {
		t.Errorf("modes %v, want 12 self and 3 facilitated", modes)
	}
	solved := 0
	for _, r := range responses {
		if r.Tasks[0].Success {
			solved++
		}
	}
	if solved != 10 { // participants 1, 4, 7, 10 and 13 chose the health post
		t.Errorf("%d participants solved the shelter task, want 10", solved)
	}
	return testID, link
}

// fbResponses reads a test's responses from the service, oldest first.
func fbResponses(t *testing.T, a *feedbackApp, testID string) []feedback.Response {
	t.Helper()
	ctx := context.Background()
	fb, err := a.svc.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := fb.Responses(ctx, testID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// checkRoundFedBack checks what the round fed back into Haven: the reported
// problem is in the provider's review queue, where an editor resolves it,
// and the unmet needs are counted for the gap report.
func checkRoundFedBack(t *testing.T, a *feedbackApp) {
	t.Helper()
	reviewer := newBrowser(t, a.URL)
	reviewer.viewport(desktop)
	reviewer.resolveReportedProblem(a, "Border Health Post", "Nobody answers")
	reviewer.checkConsole()
	ctx := context.Background()
	fb, err := a.svc.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unmet, err := fb.UnmetDemand(ctx, "th", 1)
	if err != nil || unmet["TH63"]["legal_aid"] != 3 { // participants 0, 5 and 10
		t.Errorf("unmet demand %v, %v; want 3 needs of legal aid in Tak", unmet, err)
	}
}

// checkNoTrace checks that no participant's address, name, phone number or
// e-mail is anywhere in the database or the server's log, and that the log
// does not hold the participant link's token.
func checkNoTrace(t *testing.T, a *feedbackApp, link string) {
	t.Helper()
	secrets := []string{"127.0.0.1", "::1"}
	for i := range 15 {
		name, phone, email := fbSecrets(i)
		secrets = append(secrets, name, phone, strings.ReplaceAll(phone, "-", ""), email)
		for _, part := range strings.Fields(name) {
			if len(part) >= 4 { // shorter ones (Su, Win) are parts of other words
				secrets = append(secrets, part)
			}
		}
	}
	dump := dumpDatabase(t, a.db)
	if !strings.Contains(dump, "The shelter list helped") {
		t.Fatal("the dump of the database does not hold the free text: the search below would find nothing anyway")
	}
	logs := a.log.String()
	if !strings.Contains(logs, "/t/:token/responses") {
		t.Fatal("the captured log has no participant request: the search below would find nothing anyway")
	}
	for _, s := range secrets {
		if strings.Contains(dump, s) {
			t.Errorf("the database holds %q", s)
		}
		if strings.Contains(logs, s) {
			t.Errorf("the server log holds %q", s)
		}
	}
	if strings.Contains(logs, strings.TrimPrefix(link, a.URL+"/t/")) {
		t.Error("the server log holds the participant link's token")
	}
}

// dumpDatabase is every value of every row of every table as text, and the
// raw bytes of the SQLite files (with the write-ahead log), so that nothing
// escapes the search whatever its column type.
func dumpDatabase(t *testing.T, db *database.DB) string {
	t.Helper()
	var tables []string
	if err := db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table'`).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, table := range tables {
		var rows []map[string]any
		if err := db.Table(table).Find(&rows).Error; err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for _, r := range rows {
			for k, v := range r {
				if raw, ok := v.([]byte); ok {
					v = string(raw)
				}
				fmt.Fprintf(&b, "%s.%s=%v\n", table, k, v)
			}
		}
	}
	var files []struct {
		Name string
		File string
	}
	if err := db.Raw(`PRAGMA database_list`).Scan(&files).Error; err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, path := range []string{f.File, f.File + "-wal"} {
			if raw, err := os.ReadFile(filepath.Clean(path)); err == nil && path != "" {
				b.Write(raw)
			}
		}
	}
	return b.String()
}

// openTest builds and opens a test on the two drafts (see buildDrafts)
// directly, for tests that are about taking responses.
func (a *feedbackApp) openTest(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	fb, err := a.svc.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	editor, err := a.Accounts.UserByEmail(ctx, fbEditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	test, err := fb.Create(ctx, editor, feedback.TestInput{Title: "Offline round", Country: "TH",
		Drafts:  []feedback.DraftRef{{DraftID: a.draftA.DraftID, Version: a.draftA.Number}, {DraftID: a.draftB.DraftID, Version: a.draftB.Number}},
		AreaSet: "th", AreaLevel: 1, Consent: map[string]string{"en": "I agree to take part."},
		Tasks: []feedback.Task{
			{Code: "task1", Scenario: map[string]string{"en": "Find a safe place tonight in Mae Sot."}, CorrectProviders: []string{a.id("Mae Sot Girls' Shelter")}},
			{Code: "task2", Scenario: map[string]string{"en": "Find legal advice in Mae Sot."}, CorrectProviders: []string{a.id("Tak Migrant Legal Clinic")}}},
		Sections: []feedback.SectionQuestion{{SectionID: a.sectionID}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fb.Open(ctx, editor, test.ID); err != nil {
		t.Fatal(err)
	}
	return test.ID
}

// A facilitator loses the network during a session: the page reloads from
// the device, the response waits in the outbox, and goes — once — when
// the network is back.
func TestFacilitatorWorksOffline(t *testing.T) {
	a := startFeedbackApp(t)
	editor := a.signIn(t, fbEditorEmail, desktop)
	editor.buildDrafts(a)
	editor.checkConsole()
	testID := a.openTest(t)
	b := a.signIn(t, fbFacilitatorEmail, phone)
	defer b.checkConsole()
	b.open("/feedback/facilitate?id=" + testID)
	b.waitVisible(`[data-testid="lang-en"]`)
	b.waitAsync("the service worker to take over", `navigator.serviceWorker.ready.then(() => true)`)
	b.open("/feedback/facilitate?id=" + testID) // now under the worker, which keeps what loads
	b.waitVisible(`[data-testid="lang-en"]`)
	b.waitFor("the worker to control the page", `!!navigator.serviceWorker.controller`)

	a.setDown(true)
	b.open("/feedback/facilitate?id=" + testID)
	b.waitVisible(`[data-testid="lang-en"]`)
	p := fbParticipant(a, 14, "provider")
	p.lang = "en"
	b.completeFlow(a, p)
	b.waitText(`[data-testid="p-thanks"]`, "Saved on this device")
	b.waitText(`[data-testid="outbox-count"]`, "1 response waiting")
	b.screenshot("feedback-facilitator-offline")

	a.setDown(false)
	eval[bool](b, "come back online", `window.dispatchEvent(new Event("online"))`)
	b.waitText(`[data-testid="outbox-count"]`, "Every response is sent")
	b.open("/feedback/facilitate?id=" + testID) // a reload sends nothing twice
	b.waitVisible(`[data-testid="lang-en"]`)

	fb, err := a.svc.Feedback(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := fb.Responses(context.Background(), testID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Mode != feedback.ModeFacilitated || rs[0].Group != "provider" {
		t.Fatalf("stored %+v, want one facilitated response", rs)
	}
	// Offline, the draft order came from the device's own turn-taking,
	// and the page timed the tasks itself.
	if !slices.Equal(rs[0].DraftOrder, []string{"A", "B"}) {
		t.Errorf("draft order %v", rs[0].DraftOrder)
	}
	for _, ta := range rs[0].Tasks {
		if ta.Seconds == nil {
			t.Errorf("task %s, entered offline, is not timed", ta.Task)
		}
	}
	if len(rs[0].Sections) != 1 || rs[0].Sections[0].Understood != fbUnderstood(14) {
		t.Errorf("the answers about the content section: %+v", rs[0].Sections)
	}
}

// resolveReportedProblem is an editor opening a provider's page, following
// its reported problems to the review queue, finding the one whose note
// holds note, and resolving it.
func (b *browser) resolveReportedProblem(a *feedbackApp, provider, note string) {
	b.t.Helper()
	b.open("/login")
	b.login(fbEditorEmail, fbPassword)
	b.waitPath("/")
	b.open("/directory/provider?id=" + a.id(provider))
	b.waitText(`[data-testid="provider-issues"]`, "Reported problems (1)")
	b.click(`[data-testid="provider-issues"]`)
	b.waitPath("/feedback/issues")
	b.waitText(`[data-testid="issue-note"]`, note)
	if got := b.text(`[data-testid="issue-kind"]`); got != "The phone number is wrong" {
		b.t.Errorf("the problem shows as %q", got)
	}
	if strings.Contains(b.text(`[data-testid="issues"]`), "Malee") {
		b.t.Error("the review queue shows the name the participant wrote")
	}
	b.screenshot("feedback-provider-issues")
	b.fill(`[data-testid="resolve-note"]`, "Called the health post: the hotline works again.")
	b.click(`[data-testid="resolve"]`)
	b.waitVisible(`#issues-empty`)
}
