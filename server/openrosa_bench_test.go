package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
)

// BenchmarkIngestOpenRosa posts submissions as ODK Collect does —
// multipart with the form's XML in xml_submission_file, HTTP Basic with
// the collector's e-mail — to PostgreSQL over loopback, with the same load
// as BenchmarkIngestHTTP (ingestLoad), once with an API token as the
// password and once with the collector's password:
//
//	HAVEN_TEST_POSTGRES=postgres://… go test ./server/ -run '^$' -bench IngestOpenRosa -benchtime 1x
func BenchmarkIngestOpenRosa(b *testing.B) {
	for _, auth := range []string{"token", "password"} {
		b.Run(auth, func(b *testing.B) {
			env, db := newIngestEnv(b)
			sv, err := env.srv.deps.Surveys.Survey(context.Background(), "ingest")
			if err != nil {
				b.Fatal(err)
			}
			collector := env.users[accounts.RoleCollector]
			password := testPassword
			if auth == "token" {
				password = env.token(accounts.RoleCollector)
			}
			ts := httptest.NewServer(env.srv.Handler())
			defer ts.Close()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
			send := func(i int) (time.Duration, error) {
				contentType, body := odkSubmission(sv.Latest.FormVersion, uuid.NewString(), i)
				req, _ := http.NewRequest("POST", ts.URL+"/openrosa/submission", bytes.NewReader(body))
				req.Header.Set("Content-Type", contentType)
				req.Header.Set("X-OpenRosa-Version", "1.0")
				req.SetBasicAuth(collector.Email, password)
				return timed(client, req, http.StatusCreated)
			}
			b.ResetTimer()
			for range b.N {
				ingestLoad(b, db, send, 1000)
			}
		})
	}
}

// odkSubmission is the body ODK Collect posts for one filled-in
// ingestSurvey, and its content type.
func odkSubmission(formVersion, instanceID string, i int) (string, []byte) {
	xml := fmt.Sprintf(`<?xml version='1.0' ?><ingest id="ingest" version="%s" xmlns:jr="http://openrosa.org/javarosa" `+
		`xmlns:orx="http://openrosa.org/xforms"><org>Org %d</org><beds>%d</beds><kind>ngo</kind><where>16.7 98.5 0 5</where>`+
		`<meta><instanceID>uuid:%s</instanceID></meta></ingest>`, formVersion, i, i%500, instanceID)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="xml_submission_file"; filename="Ingest_2026-01-01_10-00-00.xml"`)
	h.Set("Content-Type", "text/xml")
	w, _ := mw.CreatePart(h)
	w.Write([]byte(xml))
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}
