// Package drafts builds directory drafts: the booklet, web directory and
// hotline card that victims and their families are given. A draft is a
// named selection of providers — by rules plus manual include and exclude
// lists — and an ordered list of content sections (what trafficking is,
// rights, how to get help safely, emergency numbers…) written by editors
// and reused across drafts.
//
// Freezing a draft stores a version: the entries as they were, redacted for
// a reader without any grant, and the sections' text. A frozen version never
// changes, whatever happens to the providers later, so that feedback tests
// compare exactly what participants saw.
//
// The package imports neither Gin nor the server; storage sits behind the
// Store interface.
package drafts
