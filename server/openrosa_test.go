package server

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

// odkSurvey is a small mapping survey, as a field team would publish it: a
// group, an integer and a photo.
func odkSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "site_visit", Name: "site_visit", Title: "Site visit", Version: "2026010100", Kind: surveys.KindProviderMapping,
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "org", Label: en("Organisation"), Required: true},
			{Type: surveys.TypeGroup, Name: "place", Label: en("Place"), Children: []surveys.Question{
				{Type: surveys.TypeInteger, Name: "beds", Label: en("Beds")},
			}},
			{Type: surveys.TypeImage, Name: "photo", Label: en("Photo of the entrance")},
		},
	}
}

// collectXML is a filled-in site visit, laid out as ODK Collect writes it.
func collectXML(instanceID, beds string) string {
	return `<?xml version='1.0' ?><site_visit id="site_visit" version="2026010100" xmlns:h="http://www.w3.org/1999/xhtml" ` +
		`xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" xmlns:odk="http://www.opendatakit.org/xforms">` +
		`<org>Tak House</org><place><beds>` + beds + `</beds></place><photo>1767261600000.jpg</photo>` +
		`<meta><instanceID>uuid:` + instanceID + `</instanceID></meta></site_visit>`
}

var testJPEG = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"), bytes.Repeat([]byte{0x42}, 2000)...)

// odkFile is one media part.
type odkFile struct {
	name, contentType string
	data              []byte
}

// collectBody builds the multipart body ODK Collect posts: the instance
// as xml_submission_file, then each media file under its own name.
func collectBody(t testing.TB, instance string, files ...odkFile) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part := func(name, filename, contentType string, data []byte) {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, filename))
		h.Set("Content-Type", contentType)
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	part("xml_submission_file", "Site visit_2026-01-01_10-00-00.xml", "text/xml", []byte(instance))
	for _, f := range files {
		part(f.name, f.name, f.contentType, f.data)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// odk is a device: every request carries what ODK Collect sends.
type odk struct {
	t                  testing.TB
	srv                *Server
	username, password string
}

func (d odk) do(method, target, contentType string, body []byte, header ...string) *httptest.ResponseRecorder {
	d.t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("X-OpenRosa-Version", "1.0")
	req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("User-Agent", "org.odk.collect.android/v2025.1.0 okhttp/4.12.0")
	req.Header.Set("Accept-Encoding", "gzip")
	if d.username != "" || d.password != "" {
		req.SetBasicAuth(d.username, d.password)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
		if header[i] == "Content-Length" { // a declared length, whatever the body
			req.ContentLength, _ = strconv.ParseInt(header[i+1], 10, 64)
		}
	}
	w := httptest.NewRecorder()
	d.srv.Handler().ServeHTTP(w, req)
	return w
}

func (d odk) submit(instance string, files ...odkFile) *httptest.ResponseRecorder {
	d.t.Helper()
	ct, body := collectBody(d.t, instance, files...)
	return d.do(http.MethodPost, "/openrosa/submission", ct, body)
}

type orResponse struct {
	XMLName xml.Name `xml:"http://openrosa.org/http/response OpenRosaResponse"`
	Message struct {
		Nature string `xml:"nature,attr"`
		Text   string `xml:",chardata"`
	} `xml:"message"`
}

// wantOpenRosa checks the status and that the answer is OpenRosa: the
// version header, a Date, and for a body, the XML envelope.
func wantOpenRosa(t *testing.T, w *httptest.ResponseRecorder, status int) orResponse {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if v := w.Header().Get("X-OpenRosa-Version"); v != "1.0" {
		t.Errorf("X-OpenRosa-Version = %q", v)
	}
	if _, err := http.ParseTime(w.Header().Get("Date")); err != nil {
		t.Errorf("Date header: %v", err)
	}
	var resp orResponse
	if w.Body.Len() > 0 {
		if ct := w.Header().Get("Content-Type"); ct != "text/xml; charset=utf-8" {
			t.Errorf("Content-Type = %q, want text/xml", ct)
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("not an OpenRosaResponse: %v\n%s", err, w.Body)
		}
	}
	return resp
}

func countRows(t *testing.T, db *database.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenRosaAsODKCollect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newTestEnv(t, db, Config{BodyLimit: 3 * surveys.MaxAttachmentSize})
		ctx := context.Background()
		if _, err := env.srv.deps.Surveys.Publish(ctx, odkSurvey(), "site_visit.xlsx"); err != nil {
			t.Fatal(err)
		}
		fb := odkSurvey()
		fb.FormID, fb.Name, fb.Title, fb.Kind, fb.Questions = "feedback", "feedback", "Feedback", surveys.KindFeedback, fb.Questions[:1]
		if _, err := env.srv.deps.Surveys.PublishFeedback(ctx, fb, ""); err != nil {
			t.Fatal(err)
		}
		collector := odk{t: t, srv: env.srv, username: "collector@example.org", password: testPassword}

		// The form list: only what is collected on devices, hashed as served.
		w := collector.do(http.MethodGet, "/openrosa/formList", "", nil)
		wantOpenRosaHeaders(t, w, http.StatusOK)
		var list struct {
			Forms []struct {
				FormID      string `xml:"formID"`
				Name        string `xml:"name"`
				Version     string `xml:"version"`
				Hash        string `xml:"hash"`
				DownloadURL string `xml:"downloadUrl"`
				ManifestURL string `xml:"manifestUrl"`
			} `xml:"xform"`
		}
		if !strings.Contains(w.Body.String(), `<xforms xmlns="http://openrosa.org/xforms/xformsList">`) {
			t.Errorf("form list root: %s", w.Body)
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Forms) != 1 {
			t.Fatalf("form list: %s", w.Body)
		}
		f := list.Forms[0]
		if f.FormID != "site_visit" || f.Name != "Site visit" || f.Version != "2026010100" || !strings.HasPrefix(f.Hash, "md5:") ||
			f.DownloadURL != "http://example.com/openrosa/forms/site_visit.xml" || f.ManifestURL != "" {
			t.Errorf("form entry: %+v", f)
		}
		u, err := url.Parse(f.DownloadURL)
		if err != nil {
			t.Fatal(err)
		}
		w = collector.do(http.MethodGet, u.Path, "", nil)
		wantOpenRosaHeaders(t, w, http.StatusOK)
		sum := md5.Sum(w.Body.Bytes())
		if got := "md5:" + hex.EncodeToString(sum[:]); got != f.Hash {
			t.Errorf("downloaded XForm hashes %s, the list says %s", got, f.Hash)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
			t.Errorf("XForm Content-Type %q", ct)
		}

		w = collector.do(http.MethodGet, "/openrosa/formList?formID=nothing", "", nil)
		if strings.Contains(w.Body.String(), "<xform>") {
			t.Errorf("?formID=nothing lists forms: %s", w.Body)
		}
		w = collector.do(http.MethodGet, "/openrosa/formList?formID=site_visit", "", nil, "X-Forwarded-Proto", "https")
		if !strings.Contains(w.Body.String(), "<downloadUrl>https://example.com/openrosa/forms/site_visit.xml</downloadUrl>") {
			t.Errorf("behind a TLS proxy: %s", w.Body)
		}
		w = collector.do(http.MethodHead, "/openrosa/formList", "", nil)
		wantOpenRosaHeaders(t, w, http.StatusOK)
		w = collector.do(http.MethodGet, "/openrosa/forms/feedback.xml", "", nil)
		wantOpenRosa(t, w, http.StatusNotFound)

		// HEAD before POST: 204 and the largest body.
		w = collector.do(http.MethodHead, "/openrosa/submission", "", nil)
		wantOpenRosaHeaders(t, w, http.StatusNoContent)
		if got := w.Header().Get("X-OpenRosa-Accept-Content-Length"); got != strconv.Itoa(3*surveys.MaxAttachmentSize) {
			t.Errorf("X-OpenRosa-Accept-Content-Length = %q", got)
		}
		anonymous := odk{t: t, srv: env.srv}
		w = anonymous.do(http.MethodHead, "/openrosa/submission", "", nil)
		wantOpenRosaHeaders(t, w, http.StatusUnauthorized)
		if got := w.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, `Basic realm="Haven"`) {
			t.Errorf("WWW-Authenticate = %q", got)
		}

		// The submission, its repeat, and a changed copy.
		id := uuid.NewString()
		photo := odkFile{"1767261600000.jpg", "image/jpeg", testJPEG}
		resp := wantOpenRosa(t, collector.submit(collectXML(id, "8"), photo), http.StatusCreated)
		if resp.Message.Nature != "submit_success" {
			t.Errorf("message: %+v", resp.Message)
		}
		resp = wantOpenRosa(t, collector.submit(collectXML(id, "8"), photo), http.StatusCreated)
		if !strings.Contains(resp.Message.Text, "before") {
			t.Errorf("repeat message: %q", resp.Message.Text)
		}
		if n, m := countRows(t, db, "submissions"), countRows(t, db, "submission_attachments"); n != 1 || m != 1 {
			t.Errorf("after a repeat: %d submissions, %d files; want 1 and 1", n, m)
		}
		var channel, collectorEmail string
		db.Raw("SELECT channel FROM submissions").Scan(&channel)
		db.Raw("SELECT collector_email FROM submissions").Scan(&collectorEmail)
		if channel != "openrosa" || collectorEmail != "collector@example.org" {
			t.Errorf("stored as %q by %q", channel, collectorEmail)
		}
		resp = wantOpenRosa(t, collector.submit(collectXML(id, "9"), photo), http.StatusConflict)
		if !strings.Contains(resp.Message.Text, id) {
			t.Errorf("conflict message: %q", resp.Message.Text)
		}

		// Refusals: each clear, each in XML, none storing anything.
		billionLaughs := `<?xml version="1.0"?><!DOCTYPE site_visit [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">` +
			`<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` +
			`<site_visit id="site_visit" version="2026010100"><org>&d;</org><meta><instanceID>uuid:` + uuid.NewString() + `</instanceID></meta></site_visit>`
		externalEntity := `<?xml version="1.0"?><!DOCTYPE site_visit [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
			`<site_visit id="site_visit" version="2026010100"><org>&x;</org><meta><instanceID>uuid:` + uuid.NewString() + `</instanceID></meta></site_visit>`
		huge := odkFile{"1767261600000.jpg", "image/jpeg", append(bytes.Clone(testJPEG), make([]byte, surveys.MaxAttachmentSize)...)}
		viewer := odk{t: t, srv: env.srv, username: "viewer@example.org", password: testPassword}
		wrongPassword := odk{t: t, srv: env.srv, username: "collector@example.org", password: "not the password at all"}
		refusals := []struct {
			name   string
			send   func() *httptest.ResponseRecorder
			status int
			says   string
		}{
			{"billion laughs", func() *httptest.ResponseRecorder { return collector.submit(billionLaughs) }, http.StatusBadRequest, "DOCTYPE"},
			{"external entity", func() *httptest.ResponseRecorder { return collector.submit(externalEntity) }, http.StatusBadRequest, "DOCTYPE"},
			{"malformed XML", func() *httptest.ResponseRecorder { return collector.submit("<site_visit id=\"site_visit\"><org>") }, http.StatusBadRequest, "well-formed"},
			{"oversized attachment", func() *httptest.ResponseRecorder { return collector.submit(collectXML(uuid.NewString(), "8"), huge) },
				http.StatusRequestEntityTooLarge, "larger than"},
			{"body over the limit", func() *httptest.ResponseRecorder {
				return collector.do(http.MethodPost, "/openrosa/submission", "multipart/form-data; boundary=x", nil,
					"Content-Length", strconv.Itoa(4*surveys.MaxAttachmentSize))
			}, http.StatusRequestEntityTooLarge, "larger than"},
			{"text in an integer question", func() *httptest.ResponseRecorder { return collector.submit(collectXML(uuid.NewString(), "eight")) },
				http.StatusBadRequest, "beds: must be a whole number"},
			{"a file no answer names", func() *httptest.ResponseRecorder {
				return collector.submit(collectXML(uuid.NewString(), "8"), photo, odkFile{"other.jpg", "image/jpeg", testJPEG})
			}, http.StatusBadRequest, "other.jpg"},
			{"unknown form version", func() *httptest.ResponseRecorder {
				return collector.submit(strings.Replace(collectXML(uuid.NewString(), "8"), "2026010100", "1999", 1))
			}, http.StatusBadRequest, "download the form again"},
			{"not multipart", func() *httptest.ResponseRecorder {
				return collector.do(http.MethodPost, "/openrosa/submission", "text/xml", []byte(collectXML(uuid.NewString(), "8")))
			}, http.StatusBadRequest, "multipart/form-data"},
			{"wrong password", func() *httptest.ResponseRecorder { return wrongPassword.submit(collectXML(uuid.NewString(), "8")) },
				http.StatusUnauthorized, "wrong e-mail or password"},
			{"a viewer", func() *httptest.ResponseRecorder { return viewer.submit(collectXML(uuid.NewString(), "8")) }, http.StatusForbidden, "viewer"},
		}
		for _, tc := range refusals {
			t.Run(tc.name, func(t *testing.T) {
				w := tc.send()
				resp := wantOpenRosa(t, w, tc.status)
				if !strings.Contains(resp.Message.Text, tc.says) || resp.Message.Nature != "error" {
					t.Errorf("message %+v does not say %q", resp.Message, tc.says)
				}
				if tc.status == http.StatusUnauthorized && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Basic ") {
					t.Errorf("401 without a Basic challenge")
				}
			})
		}
		if n, m := countRows(t, db, "submissions"), countRows(t, db, "submission_attachments"); n != 1 || m != 1 {
			t.Errorf("after the refusals: %d submissions, %d files; want 1 and 1", n, m)
		}
		w = viewer.do(http.MethodGet, "/openrosa/formList", "", nil)
		wantOpenRosa(t, w, http.StatusForbidden)

		// An API token as the password, under any user name.
		_, token, err := env.accounts.CreateToken(ctx, env.users[accounts.RoleCollector].ID, "phone 7")
		if err != nil {
			t.Fatal(err)
		}
		withToken := odk{t: t, srv: env.srv, username: "phone-7", password: token}
		wantOpenRosa(t, withToken.submit(collectXML(uuid.NewString(), "3")), http.StatusCreated)
		if n := countRows(t, db, "submissions"); n != 2 {
			t.Errorf("%d submissions, want 2", n)
		}

		// Concurrent duplicates (a device retrying on a flaky network) make one record.
		dup := uuid.NewString()
		var wg sync.WaitGroup
		codes := make(chan int, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ct, body := collectBody(t, collectXML(dup, "5"), photo)
				codes <- collector.do(http.MethodPost, "/openrosa/submission", ct, body).Code
			}()
		}
		wg.Wait()
		close(codes)
		for code := range codes {
			if code != http.StatusCreated {
				t.Errorf("a concurrent duplicate answered %d", code)
			}
		}
		var rows, files int64
		db.Raw("SELECT COUNT(*) FROM submissions WHERE instance_id = ?", dup).Scan(&rows)
		db.Raw("SELECT COUNT(*) FROM submission_attachments a JOIN submissions s ON s.id = a.submission_id WHERE s.instance_id = ?", dup).Scan(&files)
		if rows != 1 || files != 1 {
			t.Errorf("concurrent duplicates: %d records and %d files, want 1 and 1", rows, files)
		}
	})
}

// wantOpenRosaHeaders checks the status and OpenRosa headers of a
// response that is not an envelope (a form list, an XForm, a 204).
func wantOpenRosaHeaders(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if v := w.Header().Get("X-OpenRosa-Version"); v != "1.0" {
		t.Errorf("X-OpenRosa-Version = %q", v)
	}
	if _, err := http.ParseTime(w.Header().Get("Date")); err != nil {
		t.Errorf("Date header: %v", err)
	}
	if strings.Contains(w.Header().Get("Content-Type"), "json") {
		t.Errorf("Content-Type = %q on an OpenRosa route", w.Header().Get("Content-Type"))
	}
}
