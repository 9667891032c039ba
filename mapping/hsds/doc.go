// Package hsds publishes Haven's directory as Open Referral HSDS 3.0 — the
// HSDS API's views and a tabular datapackage — and imports HSDS 3.x JSON and
// CSV datapackages and HSDS 1.1 CSV datapackages into it.
//
// Everything goes through one in-memory form, a set of HSDS tables: an
// export builds it from the providers a user may see (already redacted by
// mapping.Redact) and renders it; an import reads any format into it,
// checks it, and turns it into providers that keep their HSDS ids. What HSDS
// has no field for — tiers, structured eligibility, access, channels,
// translations — travels in attributes on Haven's taxonomies and in a
// haven_translations table, as docs/hsds-profile.md describes.
package hsds
