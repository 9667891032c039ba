package feedback

import "time"

// Row types of the feedback tables (migration 0011_feedback).

// testRow is a test. Config holds the parts of Test that only this package
// reads (drafts, groups, tasks with their correct answers, items,
// consent texts) as JSON; what is filtered on has its own column.
type testRow struct {
	ID        string `gorm:"primaryKey"`
	Title     string
	Country   string
	Status    string
	SurveyID  string
	FormID    string
	Config    string
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	OpenedAt  *time.Time
	ClosedAt  *time.Time
}

func (testRow) TableName() string { return "feedback_tests" }

// testDraftRow records which frozen draft versions a test compares, so a
// draft's page can tell which tests use it.
type testDraftRow struct {
	TestID       string `gorm:"primaryKey"`
	Label        string `gorm:"primaryKey"`
	DraftID      string
	DraftVersion int
}

func (testDraftRow) TableName() string { return "feedback_test_drafts" }

// linkRow is a self-complete link. Only the token's hash is kept: the link
// is shown once, when it is issued.
type linkRow struct {
	ID        string `gorm:"primaryKey"`
	TestID    string
	TokenHash string
	Label     string
	CreatedBy string
	CreatedAt time.Time
	RevokedBy string
	RevokedAt *time.Time
}

func (linkRow) TableName() string { return "feedback_links" }

// assignmentRow counts participants who started a test in each group: the
// next one gets the next row of the Latin square.
type assignmentRow struct {
	TestID    string `gorm:"primaryKey"`
	GroupCode string `gorm:"primaryKey"`
	Started   int
}

func (assignmentRow) TableName() string { return "feedback_assignments" }

// unmetRow is one unmet need, by region and service type, for the gap
// report. Seq numbers the needs of one submission, which makes storing
// them again (a retried submission) a no-op.
type unmetRow struct {
	ID           string `gorm:"primaryKey"`
	TestID       string
	SubmissionID string
	Seq          int
	RegionSet    string
	RegionLevel  int
	RegionCode   string
	ParentCode   string
	ServiceType  string
	CreatedAt    time.Time
}

func (unmetRow) TableName() string { return "feedback_unmet_needs" }

// issueRow is a problem reported against a directory entry, waiting in the
// provider's review queue until an editor resolves it.
type issueRow struct {
	ID             string `gorm:"primaryKey"`
	ProviderID     string
	Country        string
	Kind           string
	Note           string
	Source         string
	TestID         string
	SubmissionID   string
	Seq            int
	Status         string
	CreatedAt      time.Time
	ResolvedBy     string
	ResolvedAt     *time.Time
	ResolutionNote string
}

func (issueRow) TableName() string { return "provider_issues" }

// Tables returns the row types this package stores, for the schema check.
func Tables() []any {
	return []any{&testRow{}, &testDraftRow{}, &linkRow{}, &assignmentRow{}, &unmetRow{}, &issueRow{}}
}
