// Package review turns survey submissions into directory entries: editors
// list and read submissions, compare one field by field with the entry it
// would change, and accept it — creating or updating the provider — or
// reject it with a reason the collector reads. Every decision is audited.
//
// A provider-mapping submission can hold a hidden shelter's point and
// address. What a reader without the confidential grant may not see of it
// is withheld here, on every path out: listings, single reads, diffs and
// error messages (see RedactAnswers).
package review
