package surveys_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xform"
)

// visitSurvey has what shapes an instance: a group, a repeat with a
// computed count, an or_other select, a note and a photo.
func visitSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "visits", Name: "visit", Title: "Visits", Kind: surveys.KindProviderMapping,
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "org", Label: en("Organisation"), Required: true},
			{Type: surveys.TypeGroup, Name: "place", Label: en("Place"), Children: []surveys.Question{
				{Type: surveys.TypeInteger, Name: "rooms", Label: en("Rooms")},
				{Type: surveys.TypeSelectOne, Name: "access", Label: en("Access"), ListName: "access", OrOther: true},
				{Type: surveys.TypeNote, Name: "thanks", Label: en("Thank you")},
			}},
			{Type: surveys.TypeInteger, Name: "staff", Label: en("Staff")},
			{Type: surveys.TypeRepeat, Name: "people", Label: en("People"), RepeatCount: "${staff} + 0", Children: []surveys.Question{
				{Type: surveys.TypeText, Name: "role", Label: en("Role"), Required: true},
				{Type: surveys.TypeImage, Name: "badge", Label: en("Badge")},
			}},
			{Type: surveys.TypeImage, Name: "photo", Label: en("Photo")},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"access": {{Name: "ramp", Label: en("Ramp")}, {Name: "stairs", Label: en("Stairs")}},
		},
	}
}

// visitXML is a filled-in visit as ODK Collect sends it.
func visitXML(formVersion, instanceID, rooms string) string {
	return `<?xml version='1.0' ?><visit id="visits" version="` + formVersion + `" xmlns:orx="http://openrosa.org/xforms" xmlns:jr="http://openrosa.org/javarosa">` +
		`<org>Tak House</org><place><rooms>` + rooms + `</rooms><access>other</access><access_other>lift</access_other><thanks/></place>` +
		`<staff>2</staff><people_count>2</people_count>` +
		`<people><role>nurse</role><badge>badge-1.jpg</badge></people><people><role>cook</role><badge/></people>` +
		`<photo>front.jpg</photo><meta><instanceID>uuid:` + instanceID + `</instanceID></meta></visit>`
}

var (
	jpeg = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 600)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 600)...)
)

func TestParseInstanceRefusesHostileXML(t *testing.T) {
	deep := strings.Repeat("<g>", surveys.MaxInstanceDepth+1) + strings.Repeat("</g>", surveys.MaxInstanceDepth+1)
	tests := []struct {
		name, xml string
		kind      haven.Kind
		says      string
	}{
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
			`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><visit id="visits"><org>&lol3;</org></visit>`, haven.KindInvalid, "DOCTYPE"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE visit [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><visit id="visits"><org>&xxe;</org></visit>`, haven.KindInvalid, "DOCTYPE"},
		{"undeclared entity", `<visit id="visits"><org>&xxe;</org></visit>`, haven.KindInvalid, "not well-formed"},
		{"malformed", `<visit id="visits"><org>Tak</visit>`, haven.KindInvalid, "not well-formed"},
		{"not UTF-8", `<?xml version="1.0" encoding="ISO-8859-1"?><visit id="visits"/>`, haven.KindInvalid, "not well-formed"},
		{"too deep", `<visit id="visits">` + deep + `</visit>`, haven.KindInvalid, "deep"},
		{"too large", `<visit id="visits"><org>` + strings.Repeat("a", surveys.MaxInstanceSize) + `</org></visit>`, haven.KindTooLarge, "larger"},
		{"two roots", `<visit id="visits"/><visit id="visits"/>`, haven.KindInvalid, "more than one root"},
		{"no form ID", `<visit><org>x</org></visit>`, haven.KindInvalid, "no id attribute"},
		{"empty", ``, haven.KindInvalid, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := surveys.ParseInstance(strings.NewReader(tc.xml))
			if haven.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v, want kind %d saying %q", err, tc.kind, tc.says)
			}
		})
	}
}

func TestInstanceAnswers(t *testing.T) {
	d := visitSurvey()
	in, err := surveys.ParseInstance(strings.NewReader(visitXML("1", "0192c8a4-5c1e-7a3b-9f7e-3c2d1e0f4a5b", "4")))
	if err != nil {
		t.Fatal(err)
	}
	if in.FormID != "visits" || in.FormVersion != "1" || in.InstanceID != "uuid:0192c8a4-5c1e-7a3b-9f7e-3c2d1e0f4a5b" {
		t.Errorf("instance: %+v", in)
	}
	a, err := d.InstanceAnswers(in)
	if err != nil {
		t.Fatal(err)
	}
	people, _ := a["people"].([]surveys.Answers)
	if a["org"] != "Tak House" || a["rooms"] != "4" || a["access_other"] != "lift" || a["photo"] != "front.jpg" ||
		len(people) != 2 || people[0]["badge"] != "badge-1.jpg" || people[1]["role"] != "cook" || a["people_count"] != nil || a["thanks"] != nil {
		t.Errorf("answers: %#v", a)
	}
	if _, err := d.CheckAnswers(a, time.Now()); err != nil {
		t.Errorf("the answers do not check: %v", err)
	}

	// The renderer's own blank instance reads without a problem of layout:
	// the reader and the renderer agree where every node goes.
	x, err := xform.Render(withVersion(d, "1"))
	if err != nil {
		t.Fatal(err)
	}
	blank := primaryInstance(t, x)
	blank = strings.Replace(blank, "<instanceID/>", "<instanceID>uuid:"+uuid.NewString()+"</instanceID>", 1)
	in, err = surveys.ParseInstance(strings.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.InstanceAnswers(in); err != nil {
		t.Errorf("the rendered instance does not read: %v\n%s", err, blank)
	}

	// Every problem of layout at once, by question.
	bad := `<visit id="visits" version="1"><org><b>x</b></org><colour>red</colour><place>text<rooms>4</rooms></place>` +
		`<staff>1</staff><staff>2</staff><meta/></visit>`
	in, err = surveys.ParseInstance(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.InstanceAnswers(in)
	var he *haven.Error
	if !asHaven(err, &he) {
		t.Fatalf("err = %v", err)
	}
	got := map[string]bool{}
	for _, f := range he.Fields {
		got[f.Field] = true
	}
	for _, want := range []string{"org", "colour", "place", "staff", "meta/instanceID"} {
		if !got[want] {
			t.Errorf("no problem reported for %s: %v", want, he.Fields)
		}
	}
}

// primaryInstance cuts the primary instance out of an XForm.
func primaryInstance(t *testing.T, x []byte) string {
	t.Helper()
	var doc struct {
		Instances []struct {
			ID    string `xml:"id,attr"`
			Inner string `xml:",innerxml"`
		} `xml:"head>model>instance"`
	}
	if err := xml.Unmarshal(x, &doc); err != nil {
		t.Fatal(err)
	}
	for _, in := range doc.Instances {
		if in.ID == "" {
			return in.Inner
		}
	}
	t.Fatal("the XForm has no primary instance")
	return ""
}

func withVersion(d surveys.Definition, v string) surveys.Definition {
	d.Version = v
	d.Languages = d.UsedLanguages()
	return d
}

func TestSubmitInstance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		v, err := s.Publish(ctx, withVersion(visitSurvey(), "1"), "")
		if err != nil {
			t.Fatal(err)
		}
		count := func(table string) int64 {
			var n int64
			db.Raw("SELECT COUNT(*) FROM " + table).Scan(&n)
			return n
		}
		id := uuid.NewString()
		photo := surveys.Attachment{Name: "front.jpg", ContentType: "image/jpeg", Data: jpeg}
		badge := surveys.Attachment{Name: "badge-1.jpg", ContentType: "application/octet-stream", Data: jpeg}
		send := func(xml string, files ...surveys.Attachment) (surveys.Submission, bool, error) {
			return s.SubmitInstance(ctx, surveys.InstanceSubmission{XML: []byte(xml), Attachments: files})
		}

		first, created, err := send(visitXML(v.FormVersion, id, "4"), photo)
		if err != nil || !created || first.Channel != surveys.ChannelOpenRosa || first.InstanceID != id {
			t.Fatalf("first: %+v %v %v", first, created, err)
		}
		// ODK Collect splits a large submission: the XML again, another file.
		again, created, err := send(visitXML(v.FormVersion, id, "4"), badge, photo)
		if err != nil || created || again.ID != first.ID {
			t.Errorf("the rest of a split submission: %v %v %v", again.ID, created, err)
		}
		if n := count("submissions"); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
		if n := count("submission_attachments"); n != 2 {
			t.Errorf("%d attachments, want 2", n)
		}
		var stored string
		db.Raw("SELECT content_type FROM submission_attachments WHERE name = 'badge-1.jpg'").Scan(&stored)
		if stored != "image/jpeg" {
			t.Errorf("stored content type %q, want image/jpeg", stored)
		}
		changedPhoto := photo
		changedPhoto.Data = append([]byte{}, jpeg...)
		changedPhoto.Data[len(jpeg)-1] = 1
		if _, _, err := send(visitXML(v.FormVersion, id, "4"), changedPhoto); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("a changed file under the same instance ID: %v", err)
		}
		if _, _, err := send(visitXML(v.FormVersion, id, "5")); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("changed answers under the same instance ID: %v", err)
		}

		tests := []struct {
			name  string
			xml   string
			files []surveys.Attachment
			kind  haven.Kind
			field string
		}{
			{"wrong answer type", visitXML(v.FormVersion, uuid.NewString(), "four"), nil, haven.KindInvalid, "rooms"},
			{"unknown version", visitXML("0", uuid.NewString(), "4"), nil, haven.KindInvalid, ""},
			{"unknown form", strings.Replace(visitXML(v.FormVersion, uuid.NewString(), "4"), `id="visits"`, `id="other"`, 1), nil, haven.KindNotFound, ""},
			{"file no answer names", visitXML(v.FormVersion, uuid.NewString(), "4"),
				[]surveys.Attachment{photo, {Name: "extra.jpg", ContentType: "image/jpeg", Data: jpeg}}, haven.KindInvalid, "extra.jpg"},
			{"png bytes named jpg", visitXML(v.FormVersion, uuid.NewString(), "4"),
				[]surveys.Attachment{{Name: "front.jpg", ContentType: "image/jpeg", Data: png}}, haven.KindInvalid, "front.jpg"},
			{"HTML as a photo", visitXML(v.FormVersion, uuid.NewString(), "4"),
				[]surveys.Attachment{{Name: "front.jpg", ContentType: "text/html", Data: jpeg}}, haven.KindInvalid, "front.jpg"},
			{"too large", visitXML(v.FormVersion, uuid.NewString(), "4"),
				[]surveys.Attachment{{Name: "front.jpg", ContentType: "image/jpeg", Data: append(jpeg, make([]byte, surveys.MaxAttachmentSize)...)}}, haven.KindTooLarge, "front.jpg"},
			{"layout and answers at once", strings.Replace(visitXML(v.FormVersion, uuid.NewString(), "four"), "<org>", "<colour/><org>", 1), nil, haven.KindInvalid, "colour"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := send(tc.xml, tc.files...)
				if haven.KindOf(err) != tc.kind {
					t.Fatalf("err = %v, want kind %d", err, tc.kind)
				}
				if tc.field != "" {
					var he *haven.Error
					if !asHaven(err, &he) || len(he.Fields) == 0 || he.Fields[0].Field != tc.field {
						t.Errorf("err = %v, want a problem with %s first", err, tc.field)
					}
				}
			})
		}
		if n, m := count("submissions"), count("submission_attachments"); n != 1 || m != 2 {
			t.Errorf("refused submissions left %d submissions and %d files, want 1 and 2", n, m)
		}

		// A feedback survey is not taken with ODK.
		fb := siteSurvey()
		fb.FormID, fb.Name, fb.Kind, fb.Version = "fb", "fb", surveys.KindFeedback, "1"
		if _, err := s.PublishFeedback(ctx, fb, ""); err != nil {
			t.Fatal(err)
		}
		fbXML := fmt.Sprintf(`<fb id="fb" version="1"><org>x</org><shelter>no</shelter><meta><instanceID>uuid:%s</instanceID></meta></fb>`, uuid.NewString())
		if _, _, err := send(fbXML); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("feedback through ODK: %v", err)
		}
	})
}
