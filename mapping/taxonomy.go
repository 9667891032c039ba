package mapping

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Term is one entry of the service taxonomy. Codes are stable: data, exports
// and reports refer to them. A sub-term's code starts with its parent's code
// and a dot (accommodation.emergency under accommodation).
type Term struct {
	Code         string                     `json:"code"`
	ParentCode   string                     `json:"parent_code,omitempty"`
	Name         string                     `json:"name"`
	Description  string                     `json:"description,omitempty"`
	Builtin      bool                       `json:"builtin"`
	Translations map[string]TermTranslation `json:"translations,omitempty"`
}

// TermTranslation is a term's name and description in one language (ISO 639-1).
type TermTranslation struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type termRow struct {
	Code        string `gorm:"primaryKey"`
	ParentCode  *string
	Name        string
	Description string
	Position    int
	Builtin     bool
	CreatedAt   time.Time
}

func (termRow) TableName() string { return "taxonomy_terms" }

type termTranslationRow struct {
	Code        string `gorm:"primaryKey"`
	Language    string `gorm:"primaryKey"`
	Name        string
	Description string
}

func (termTranslationRow) TableName() string { return "taxonomy_translations" }

// Taxonomy reads and extends the service taxonomy. It keeps the terms in
// memory — every search and write checks codes against them — and re-reads
// them after its own additions, and at most termsMaxAge after another
// process's.
type Taxonomy struct {
	db    *gorm.DB
	audit *audit.Log

	mu       sync.Mutex
	cached   []Term
	cachedAt time.Time
}

const termsMaxAge = 30 * time.Second

// NewTaxonomy returns the taxonomy stored in db.
func NewTaxonomy(db *gorm.DB, log *audit.Log) *Taxonomy { return &Taxonomy{db: db, audit: log} }

// Terms returns every term, parents before their children, in display
// order. The slice is shared: callers must not change it.
func (t *Taxonomy) Terms(ctx context.Context) ([]Term, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cached != nil && time.Since(t.cachedAt) < termsMaxAge {
		return t.cached, nil
	}
	terms, err := t.read(ctx)
	if err != nil {
		return nil, err
	}
	t.cached, t.cachedAt = terms, time.Now()
	return terms, nil
}

func (t *Taxonomy) read(ctx context.Context) ([]Term, error) {
	var rows []termRow
	if err := t.db.WithContext(ctx).Order("position, code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	var trs []termTranslationRow
	if err := t.db.WithContext(ctx).Order("code, language").Find(&trs).Error; err != nil {
		return nil, fmt.Errorf("read taxonomy translations: %w", err)
	}
	byCode := map[string]map[string]TermTranslation{}
	for _, tr := range trs {
		if byCode[tr.Code] == nil {
			byCode[tr.Code] = map[string]TermTranslation{}
		}
		byCode[tr.Code][tr.Language] = TermTranslation{Name: tr.Name, Description: tr.Description}
	}
	terms := make([]Term, len(rows))
	for i, r := range rows {
		terms[i] = Term{Code: r.Code, Name: r.Name, Description: r.Description, Builtin: r.Builtin, Translations: byCode[r.Code]}
		if r.ParentCode != nil {
			terms[i].ParentCode = *r.ParentCode
		}
	}
	return terms, nil
}

// Term returns one term. It fails with haven.ErrNotFound.
func (t *Taxonomy) Term(ctx context.Context, code string) (Term, error) {
	terms, err := t.Terms(ctx)
	if err != nil {
		return Term{}, err
	}
	for _, term := range terms {
		if term.Code == code {
			return term, nil
		}
	}
	return Term{}, haven.Errorf(haven.KindNotFound, "no service type has the code %q", code)
}

// Expand returns the codes and every code below them, for a search that
// asks for a service "including sub-terms". Unknown codes are an error
// naming each of them.
func Expand(terms []Term, codes []string) ([]string, error) {
	known := map[string]bool{}
	for _, t := range terms {
		known[t.Code] = true
	}
	var v haven.Validation
	var out []string
	for _, c := range codes {
		if !known[c] {
			v.Add("service", fmt.Sprintf("%q is not a service type; see /api/v1/taxonomy", c))
			continue
		}
		for _, t := range terms {
			if (t.Code == c || strings.HasPrefix(t.Code, c+".")) && !slices.Contains(out, t.Code) {
				out = append(out, t.Code)
			}
		}
	}
	return out, v.Err()
}

// NewTerm is what an admin gives to add a term.
type NewTerm struct {
	Code         string
	ParentCode   string
	Name         string
	Description  string
	Translations map[string]TermTranslation
}

var termCode = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
var languageCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// AddTerm adds a term to the taxonomy. It fails with haven.ErrInvalid (bad
// code, unknown parent, missing name) or haven.ErrConflict (code taken).
func (t *Taxonomy) AddTerm(ctx context.Context, n NewTerm) (Term, error) {
	var v haven.Validation
	v.Check(termCode.MatchString(n.Code) && len(n.Code) <= 64, "code",
		"must be lower-case letters, digits and _ in dot-separated parts, such as shelter.men")
	v.Check(strings.TrimSpace(n.Name) != "", "name", "is required")
	if n.ParentCode != "" {
		v.Check(strings.HasPrefix(n.Code, n.ParentCode+"."), "code", "must start with the parent's code and a dot")
	} else if i := strings.LastIndex(n.Code, "."); i > 0 {
		n.ParentCode = n.Code[:i]
	}
	for lang, tr := range n.Translations {
		v.Check(languageCode.MatchString(lang), "translations", lang+" is not an ISO 639 language code")
		v.Check(strings.TrimSpace(tr.Name) != "", "translations", "the "+lang+" translation needs a name")
	}
	if err := v.Err(); err != nil {
		return Term{}, err
	}
	err := t.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var pos int
		if err := tx.Model(&termRow{}).Select("COALESCE(MAX(position), 0)").Scan(&pos).Error; err != nil {
			return err
		}
		row := termRow{Code: n.Code, Name: strings.TrimSpace(n.Name), Description: n.Description, Position: pos + 1, CreatedAt: time.Now().UTC()}
		if n.ParentCode != "" {
			var parents int64
			if err := tx.Model(&termRow{}).Where("code = ?", n.ParentCode).Count(&parents).Error; err != nil {
				return err
			}
			if parents == 0 {
				return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
					Fields: []haven.FieldError{{Field: "parent_code", Message: fmt.Sprintf("%q is not a service type", n.ParentCode)}}}
			}
			row.ParentCode = &n.ParentCode
		}
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return &haven.Error{Kind: haven.KindConflict, Message: "a service type with this code exists",
					Fields: []haven.FieldError{{Field: "code", Message: "is already in use"}}}
			}
			return fmt.Errorf("add term: %w", err)
		}
		for lang, tr := range n.Translations {
			if err := tx.Create(&termTranslationRow{Code: n.Code, Language: lang, Name: tr.Name, Description: tr.Description}).Error; err != nil {
				return fmt.Errorf("add translation: %w", err)
			}
		}
		return t.audit.Record(ctx, tx, "taxonomy.create", "taxonomy_term", n.Code, map[string]any{"name": n.Name, "parent": n.ParentCode})
	})
	if err != nil {
		return Term{}, err
	}
	t.mu.Lock()
	t.cached = nil
	t.mu.Unlock()
	return t.Term(ctx, n.Code)
}
