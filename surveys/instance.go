package surveys

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Limits on what a device may send. A form's XML is small (a few
// kilobytes); the caps keep a hostile one from costing much.
const (
	// MaxInstanceSize caps the XML of one filled-in form, in bytes.
	MaxInstanceSize = 4 << 20
	// MaxInstanceDepth caps how deeply its elements nest.
	MaxInstanceDepth = 32
	// MaxInstanceElements caps how many elements it holds.
	MaxInstanceElements = 100_000
	// MaxAttachmentSize caps each media file sent with a submission, in bytes.
	MaxAttachmentSize = 10 << 20
	// MaxAttachments caps how many files one request may carry.
	MaxAttachments = 50
)

// OnDevices reports whether surveys of kind k are filled in on devices,
// with ODK Collect or Enketo. Feedback is not: it is anonymous, and taken
// on Haven's own page.
func (k Kind) OnDevices() bool { return k == KindProviderMapping || k == KindGeneral }

// Instance is a filled-in form as ODK Collect and Enketo send it: the XML
// of the form's primary instance, read by ParseInstance.
type Instance struct {
	Root        string // the root element's name
	FormID      string // its id attribute
	FormVersion string // its version attribute
	InstanceID  string // meta/instanceID, as sent (uuid:…)
	root        *element
}

// element is one XML element of an instance. Names are local: ODK writes
// meta either plain or as orx:meta, and both mean the same.
type element struct {
	name     string
	attrs    map[string]string
	text     []byte
	children []*element
}

func (e *element) child(name string) *element {
	for _, c := range e.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func invalidXML(format string, args ...any) error {
	return haven.Errorf(haven.KindInvalid, "the form's XML (xml_submission_file) "+format, args...)
}

// ParseInstance reads a filled-in form. It refuses, with haven.ErrInvalid,
// XML that is malformed, that is not UTF-8, that has a DOCTYPE or any other
// declaration (the way to entity expansion and to external entities, which
// are never read), or that nests deeper than MaxInstanceDepth or holds more
// than MaxInstanceElements elements; and with haven.ErrTooLarge XML over
// MaxInstanceSize bytes.
func ParseInstance(r io.Reader) (Instance, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInstanceSize+1))
	if err != nil {
		return Instance{}, fmt.Errorf("read instance: %w", err)
	}
	if len(data) > MaxInstanceSize {
		return Instance{}, haven.Errorf(haven.KindTooLarge, "the form's XML (xml_submission_file) is larger than %d bytes", MaxInstanceSize)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true // only the five XML entities; no CharsetReader, so only UTF-8
	var root *element
	var stack []*element
	elements := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Instance{}, invalidXML("is not well-formed: %s", strings.TrimPrefix(err.Error(), "xml: "))
		}
		switch t := tok.(type) {
		case xml.Directive:
			return Instance{}, invalidXML("has a DOCTYPE or another <!…> declaration; Haven refuses them, as they can expand entities or read files")
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return Instance{}, invalidXML("has more than one root element")
			}
			if elements++; elements > MaxInstanceElements {
				return Instance{}, invalidXML("has more than %d elements", MaxInstanceElements)
			}
			if len(stack) >= MaxInstanceDepth {
				return Instance{}, invalidXML("nests elements more than %d deep", MaxInstanceDepth)
			}
			el := &element{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				if a.Name.Space != "xmlns" && !(a.Name.Space == "" && a.Name.Local == "xmlns") {
					el.attrs[a.Name.Local] = a.Value
				}
			}
			if root == nil {
				root = el
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, el)
			}
			stack = append(stack, el)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, t...)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return Instance{}, invalidXML("has text outside its root element")
			}
		}
	}
	if root == nil {
		return Instance{}, invalidXML("is empty")
	}
	in := Instance{Root: root.name, FormID: root.attrs["id"], FormVersion: root.attrs["version"], root: root}
	if in.FormID == "" {
		return Instance{}, invalidXML("has no id attribute on its root element <%s>, so the form it fills in is unknown", root.name)
	}
	if meta := root.child("meta"); meta != nil {
		if id := meta.child("instanceID"); id != nil {
			in.InstanceID = strings.TrimSpace(string(id.text))
		}
	}
	if in.InstanceID == "" {
		in.InstanceID = root.attrs["instanceID"] // older clients put it on the root
	}
	return in, nil
}

// InstanceAnswers turns a filled-in form of this definition into Answers,
// walking the definition: groups nest in the XML but not in Answers,
// repeats repeat, and the meta block, repeat templates and the repeat
// counts the XForm computes are left out. It reports every element that
// is not a question of d, values where groups belong and groups where
// values belong, as haven.ErrInvalid; the answers themselves are checked
// by CheckAnswers.
func (d Definition) InstanceAnswers(in Instance) (Answers, error) {
	var v haven.Validation
	if in.root == nil {
		return nil, invalidXML("was not read")
	}
	if in.Root != d.Name {
		v.Add(in.Root, fmt.Sprintf("is not the root element of form %s, which is <%s>", d.FormID, d.Name))
	}
	if in.InstanceID == "" {
		v.Add("meta/instanceID", "is missing; ODK Collect and Enketo fill it in with a uuid")
	}
	out := Answers{}
	readScope(&v, d.Questions, in.root, out, "", true)
	return out, v.Err()
}

// readScope reads the children of el, the element of a group, a repeat
// instance or the root, as answers to the questions qs into out.
func readScope(v *haven.Validation, qs []Question, el *element, out Answers, prefix string, atRoot bool) {
	for _, ch := range el.children {
		if atRoot && ch.name == "meta" {
			continue
		}
		if _, ok := ch.attrs["template"]; ok {
			continue // a repeat's jr:template, which a client need not send
		}
		q, other, generated := findQuestion(qs, ch.name)
		field := prefix + ch.name
		switch {
		case generated:
			continue
		case q == nil:
			v.Add(field, "is not a question of this survey")
		case other:
			readValue(v, ch, out, field)
		case q.Type == TypeGroup:
			if len(bytes.TrimSpace(ch.text)) > 0 {
				v.Add(field, "is a group: it holds questions, not a value")
			}
			readScope(v, q.Children, ch, out, prefix, false)
		case q.Type == TypeRepeat:
			list, _ := out[q.Name].([]Answers)
			inst := Answers{}
			readScope(v, q.Children, ch, inst, fmt.Sprintf("%s%s[%d].", prefix, q.Name, len(list)), false)
			out[q.Name] = append(list, inst)
		case q.Type == TypeNote:
			// Notes only show text; whatever a client sends for one is not kept.
		default:
			readValue(v, ch, out, field)
		}
	}
}

func readValue(v *haven.Validation, el *element, out Answers, field string) {
	switch {
	case len(el.children) > 0:
		v.Add(field, "must be a value, not more elements")
	case out[el.name] != nil:
		v.Add(field, "appears more than once")
	default:
		out[el.name] = string(el.text)
	}
}

// findQuestion finds the question of qs an element answers: the question
// itself, or the text question the XForm adds to an or_other select
// (other). generated marks a node the XForm computes by itself, such as a
// repeat's count, which is not an answer.
func findQuestion(qs []Question, name string) (q *Question, other, generated bool) {
	for i := range qs {
		switch c := &qs[i]; {
		case c.Name == name:
			return c, false, false
		case c.OrOther && c.Name+"_other" == name:
			return c, true, false
		case c.Type == TypeRepeat && c.RepeatCount != "" && !IsSingleRef(c.RepeatCount) && c.Name+"_count" == name:
			return nil, false, true
		}
	}
	return nil, false, false
}

// InstanceVersion finds the version of a form that a device filled in, by
// the form ID and version string on the instance's root element. Every
// published version is kept, so a device that has not fetched the newest
// form yet still submits to the one it has. It fails with
// haven.ErrNotFound for an unknown form and haven.ErrInvalid for a
// version this server never published.
func (s *Service) InstanceVersion(ctx context.Context, formID, formVersion string) (Version, error) {
	key := formID + "\x00" + formVersion
	if id, ok := s.instanceVersions.Load(key); ok {
		return s.Version(ctx, id.(string))
	}
	var svs []surveyRow
	if err := s.db.WithContext(ctx).Where("form_id = ?", formID).Find(&svs).Error; err != nil {
		return Version{}, fmt.Errorf("read survey: %w", err)
	}
	if len(svs) == 0 {
		return Version{}, haven.Errorf(haven.KindNotFound, "this server has no form with the ID %q", formID)
	}
	var ids []string
	if err := s.db.WithContext(ctx).Model(&versionRow{}).Where("survey_id = ? AND form_version = ?", svs[0].ID, formVersion).
		Order("number DESC").Limit(1).Pluck("id", &ids).Error; err != nil {
		return Version{}, fmt.Errorf("read version: %w", err)
	}
	if len(ids) == 0 {
		return Version{}, haven.Errorf(haven.KindInvalid,
			"this server never published version %q of form %q; download the form again (Get Blank Form) and fill this one in with the current version",
			formVersion, formID)
	}
	v, err := s.Version(ctx, ids[0])
	if err == nil {
		s.instanceVersions.Store(key, v.ID)
	}
	return v, err
}

// InstanceSubmission is a filled-in form as ODK Collect and Enketo send it.
type InstanceSubmission struct {
	XML         []byte // the xml_submission_file part
	Attachments []Attachment
	Collector   audit.Actor
}

// SubmitInstance reads, checks and stores a filled-in form sent by ODK
// Collect or Enketo, with its media files, as SubmitWithAttachments does.
// The form and its version are those named on the root element. It fails
// with the errors of ParseInstance and InstanceVersion; with
// haven.ErrForbidden for a kind of survey not filled in on devices; with
// haven.ErrInvalid listing every problem of the XML's layout and of the
// answers at once; and as SubmitWithAttachments does.
func (s *Service) SubmitInstance(ctx context.Context, n InstanceSubmission) (Submission, bool, error) {
	in, err := ParseInstance(bytes.NewReader(n.XML))
	if err != nil {
		return Submission{}, false, err
	}
	v, err := s.InstanceVersion(ctx, in.FormID, in.FormVersion)
	if err != nil {
		return Submission{}, false, err
	}
	if !v.Definition.Kind.OnDevices() {
		return Submission{}, false, haven.Errorf(haven.KindForbidden,
			"%s is a %s survey: it is filled in on Haven's own page, not with ODK", in.FormID, v.Definition.Kind)
	}
	answers, err := v.Definition.InstanceAnswers(in)
	if err != nil {
		// Say what is wrong with the answers too, all in one reply.
		_, checkErr := v.Definition.CheckAnswers(answers, s.now())
		return Submission{}, false, joinInvalid(err, checkErr)
	}
	sub, created, err := s.submit(ctx, NewSubmission{VersionID: v.ID, InstanceID: in.InstanceID, Answers: answers,
		Channel: ChannelOpenRosa, Collector: n.Collector}, n.Attachments)
	if haven.KindOf(err) == haven.KindInvalid {
		err = joinInvalid(err) // "some answers are invalid", for the person holding the device
	}
	return sub, created, err
}

// joinInvalid merges invalid-kind errors into one listing all their fields.
// Any other error wins as it is.
func joinInvalid(errs ...error) error {
	var fields []haven.FieldError
	for _, err := range errs {
		if err == nil {
			continue
		}
		var he *haven.Error
		if !errors.As(err, &he) || he.Kind != haven.KindInvalid {
			return err
		}
		if len(he.Fields) == 0 {
			return err
		}
		fields = append(fields, he.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return &haven.Error{Kind: haven.KindInvalid, Message: "some answers are invalid", Fields: fields}
}

// Attachment is a media file sent with a submission — a photo, a
// recording, a video — named as its question's answer names it.
type Attachment struct {
	Name string
	// ContentType is what the device declared; Haven stores the type its
	// file name extension stands for.
	ContentType string
	Data        []byte
}

// mediaTypes lists the files each media question takes, by file name
// extension, with the content type stored for them. Images are checked
// against their bytes; recordings and videos are only refused when their
// bytes are text.
var mediaTypes = map[QuestionType]map[string]string{
	TypeImage: {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"},
	TypeAudio: {".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".amr": "audio/amr", ".3gp": "audio/3gpp", ".3gpp": "audio/3gpp",
		".aac": "audio/aac", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg", ".wav": "audio/wav", ".webm": "audio/webm"},
	TypeVideo: {".mp4": "video/mp4", ".3gp": "video/3gpp", ".3gpp": "video/3gpp", ".webm": "video/webm"},
}

// SubmitWithAttachments is Submit for a submission with media files: the
// files are stored with it, in the same transaction. Each file must be
// the answer to an image, audio or video question of the submission, of a
// type that question takes (see mediaTypes), at most MaxAttachmentSize
// bytes, at most MaxAttachments in all.
//
// Sent again under the same instance ID with the same answers, files not
// stored yet are added to the first record (ODK Collect splits a large
// submission into several requests, each with the form's XML); a file
// stored before must come unchanged. It fails as Submit does, with
// haven.ErrTooLarge for a file over the limit, haven.ErrInvalid listing
// every other problem of the files, and haven.ErrConflict for a file that
// differs from the one stored under its name.
func (s *Service) SubmitWithAttachments(ctx context.Context, n NewSubmission, files []Attachment) (Submission, bool, error) {
	return s.submit(ctx, n, files)
}

// checkAttachments checks files against the checked answers a, setting
// each file's stored content type.
func checkAttachments(d Definition, a Answers, files []Attachment) error {
	if len(files) == 0 {
		return nil
	}
	media := map[string]QuestionType{}
	mediaAnswers(d.Questions, a, media)
	var v haven.Validation
	var tooLarge []haven.FieldError
	if len(files) > MaxAttachments {
		v.Add("attachments", fmt.Sprintf("there are %d files; at most %d may come with one request", len(files), MaxAttachments))
	}
	seen := map[string]bool{}
	for i := range files {
		f := &files[i]
		if len(f.Data) > MaxAttachmentSize {
			tooLarge = append(tooLarge, haven.FieldError{Field: f.Name,
				Message: fmt.Sprintf("is %d bytes; a file may have at most %d", len(f.Data), MaxAttachmentSize)})
			continue
		}
		if problem := attachmentProblem(f, media, seen); problem != "" {
			v.Add(f.Name, problem)
		}
		seen[f.Name] = true
	}
	if len(tooLarge) > 0 {
		return &haven.Error{Kind: haven.KindTooLarge, Message: "some files are too large", Fields: tooLarge}
	}
	return v.Err()
}

func attachmentProblem(f *Attachment, media map[string]QuestionType, seen map[string]bool) string {
	switch {
	case !safeFileName(f.Name):
		return "is not a plain file name"
	case seen[f.Name]:
		return "is sent twice"
	case len(f.Data) == 0:
		return "is empty"
	}
	qt, ok := media[f.Name]
	if !ok {
		return "is not the answer to any image, audio or video question of this submission"
	}
	stored, ok := mediaTypes[qt][strings.ToLower(path.Ext(f.Name))]
	if !ok {
		exts := make([]string, 0, len(mediaTypes[qt]))
		for e := range mediaTypes[qt] {
			exts = append(exts, e)
		}
		slices.Sort(exts)
		return fmt.Sprintf("is not a file an %s question takes (%s)", qt, strings.Join(exts, " "))
	}
	declared, _, _ := mime.ParseMediaType(f.ContentType)
	if major, _, _ := strings.Cut(declared, "/"); declared != "" && declared != "application/octet-stream" &&
		major != "image" && major != "audio" && major != "video" {
		return fmt.Sprintf("is sent as %s, not as an image, a recording or a video", declared)
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(f.Data))
	switch {
	case qt == TypeImage && sniffed != stored:
		return fmt.Sprintf("is named as %s, but its bytes are not (%s)", stored, sniffed)
	case strings.HasPrefix(sniffed, "text/"):
		return "holds text, not a recording or video"
	}
	f.ContentType = stored
	return ""
}

// safeFileName accepts the plain file names devices give media: no
// folders, no control characters, at most 255 bytes.
func safeFileName(name string) bool {
	return name != "" && name != "." && name != ".." && len(name) <= 255 && utf8.ValidString(name) &&
		!strings.ContainsAny(name, `/\`) && !strings.ContainsFunc(name, unicode.IsControl)
}

// mediaAnswers collects the answers to media questions (file names) with
// their question types, inside repeats too.
func mediaAnswers(qs []Question, a Answers, out map[string]QuestionType) {
	for i := range qs {
		q := &qs[i]
		switch q.Type {
		case TypeGroup:
			mediaAnswers(q.Children, a, out)
		case TypeRepeat:
			list, _ := a[q.Name].([]any)
			for _, item := range list {
				if inst, ok := item.(Answers); ok {
					mediaAnswers(q.Children, inst, out)
				}
			}
		case TypeImage, TypeAudio, TypeVideo:
			if name, ok := a[q.Name].(string); ok && name != "" {
				out[name] = q.Type
			}
		}
	}
}

// storeAttachments stores checked files with a submission, inside tx.
func storeAttachments(tx *gorm.DB, submissionID string, files []Attachment) error {
	if len(files) == 0 {
		return nil
	}
	rows := make([]attachmentRow, len(files))
	for i, f := range files {
		rows[i] = attachmentRow{ID: newID(), SubmissionID: submissionID, Name: f.Name, ContentType: f.ContentType,
			Size: int64(len(f.Data)), Data: f.Data}
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("store attachments: %w", err)
	}
	return nil
}

// addAttachments adds to a stored submission the files it does not hold
// yet; a file it holds must come again unchanged. Two requests adding the
// same file at once meet at the unique (submission, name): the loser
// compares again.
func (s *Service) addAttachments(ctx context.Context, sub submissionRow, files []Attachment) error {
	if len(files) == 0 {
		return nil
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	for attempt := 1; ; attempt++ {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var stored []attachmentRow
			if err := tx.Where("submission_id = ? AND name IN ?", sub.ID, names).Find(&stored).Error; err != nil {
				return fmt.Errorf("read attachments: %w", err)
			}
			var add []Attachment
			var changed []haven.FieldError
			for _, f := range files {
				i := slices.IndexFunc(stored, func(r attachmentRow) bool { return r.Name == f.Name })
				switch {
				case i < 0:
					add = append(add, f)
				case !bytes.Equal(stored[i].Data, f.Data):
					changed = append(changed, haven.FieldError{Field: f.Name, Message: "differs from the file of this name received before"})
				}
			}
			if len(changed) > 0 {
				return &haven.Error{Kind: haven.KindConflict, Fields: changed, Message: fmt.Sprintf(
					"submission %s was received before with other files; a changed form needs a new instance ID", sub.InstanceID)}
			}
			if len(add) == 0 {
				return nil
			}
			if err := storeAttachments(tx, sub.ID, add); err != nil {
				return err
			}
			added := make([]string, len(add))
			for i, f := range add {
				added[i] = f.Name
			}
			return s.audit.Record(ctx, tx, "submission.attachments_add", "submission", sub.ID, map[string]any{"files": added})
		})
		if errors.Is(err, gorm.ErrDuplicatedKey) && attempt < 3 {
			continue
		}
		return err
	}
}
