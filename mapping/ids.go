package mapping

import "github.com/google/uuid"

// newID returns a time-ordered UUID (v7), so IDs sort by creation.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
