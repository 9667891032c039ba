package surveys

import "time"

// Row types of the survey tables.

type surveyRow struct {
	ID        string `gorm:"primaryKey"`
	FormID    string
	Kind      string
	Title     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (surveyRow) TableName() string { return "surveys" }

type versionRow struct {
	ID          string `gorm:"primaryKey"`
	SurveyID    string
	Number      int
	FormVersion string
	Definition  string
	XForm       string `gorm:"column:xform"`
	XFormMD5    string `gorm:"column:xform_md5"`
	Source      string
	CreatedBy   string
	CreatedAt   time.Time
}

func (versionRow) TableName() string { return "survey_versions" }

type submissionRow struct {
	ID              string `gorm:"primaryKey"`
	SurveyID        string
	SurveyVersionID string
	InstanceID      string
	ContentHash     string
	Answers         string
	Status          string
	Channel         string
	CollectorID     string
	CollectorEmail  string
	Latitude        *float64
	Longitude       *float64
	SubmittedAt     time.Time
	ReviewedBy      string
	ReviewedAt      *time.Time
	ReviewNote      string
	ProviderID      string
	// CountedStatus is written only by the analytics fold (package
	// surveys/analytics): ingest leaves it to its default.
	CountedStatus string `gorm:"->"`
}

func (submissionRow) TableName() string { return "submissions" }

type attachmentRow struct {
	ID           string `gorm:"primaryKey"`
	SubmissionID string
	Name         string
	ContentType  string
	Size         int64
	Data         []byte
}

func (attachmentRow) TableName() string { return "submission_attachments" }

// Tables returns the row types this package stores, for the schema check.
func Tables() []any {
	return []any{&surveyRow{}, &versionRow{}, &submissionRow{}, &attachmentRow{}}
}
