package drafts

import "context"

// Store keeps sections, drafts and frozen versions. Writes that read first
// take a change function, which runs inside the store's transaction on the
// stored value: returning an error stores nothing. Every write records its
// audit event in the same transaction.
type Store interface {
	Sections(ctx context.Context, f SectionFilter) ([]Section, error)
	// SectionsByID returns the named sections that exist, by ID.
	SectionsByID(ctx context.Context, ids []string) (map[string]Section, error)
	Section(ctx context.Context, id string) (Section, error)
	SectionHistory(ctx context.Context, id string) ([]Section, error)
	CreateSection(ctx context.Context, s Section) error
	UpdateSection(ctx context.Context, id string, change func(*Section) error) (Section, error)

	Drafts(ctx context.Context) ([]Draft, error)
	Draft(ctx context.Context, id string) (Draft, error)
	CreateDraft(ctx context.Context, d Draft) error
	UpdateDraft(ctx context.Context, id string, change func(*Draft) error) (Draft, error)

	// Freeze stores the version build makes of the draft as it is, numbered
	// one after its latest, and records that number on the draft.
	Freeze(ctx context.Context, draftID string, build func(Draft) (Version, error)) (Version, error)
	Version(ctx context.Context, draftID string, number int) (Version, error)
	Versions(ctx context.Context, draftID string) ([]VersionSummary, error)
}
