-- Directory drafts (issue 5): reusable content sections with every version
-- kept, drafts (the editable working copy of a selection and its sections)
-- and frozen draft versions. A frozen version and a section version, once
-- stored, never change: triggers refuse updates and deletes, so a feedback
-- test always refers to exactly what its participants saw.
CREATE TABLE content_sections (
	id          VARCHAR(36) PRIMARY KEY,
	kind        VARCHAR(32) NOT NULL,
	country     VARCHAR(2) NOT NULL DEFAULT '',
	version     INTEGER NOT NULL,
	doc         TEXT NOT NULL,
	updated_by  VARCHAR(320) NOT NULL DEFAULT '',
	created_at  DATETIME NOT NULL,
	updated_at  DATETIME NOT NULL
);
CREATE INDEX content_sections_country ON content_sections(country, kind);

CREATE TABLE content_section_versions (
	section_id  VARCHAR(36) NOT NULL REFERENCES content_sections(id),
	version     INTEGER NOT NULL,
	kind        VARCHAR(32) NOT NULL,
	country     VARCHAR(2) NOT NULL DEFAULT '',
	doc         TEXT NOT NULL,
	edited_by   VARCHAR(320) NOT NULL DEFAULT '',
	edited_at   DATETIME NOT NULL,
	PRIMARY KEY (section_id, version)
);

CREATE TABLE drafts (
	id             VARCHAR(36) PRIMARY KEY,
	name           TEXT NOT NULL,
	countries      VARCHAR(255) NOT NULL DEFAULT '',
	audience       VARCHAR(16) NOT NULL,
	settings       TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	based_on       INTEGER NOT NULL DEFAULT 0,
	latest_version INTEGER NOT NULL DEFAULT 0,
	created_by     VARCHAR(320) NOT NULL DEFAULT '',
	updated_by     VARCHAR(320) NOT NULL DEFAULT '',
	created_at     DATETIME NOT NULL,
	updated_at     DATETIME NOT NULL
);

CREATE TABLE draft_versions (
	draft_id      VARCHAR(36) NOT NULL REFERENCES drafts(id),
	number        INTEGER NOT NULL,
	name          TEXT NOT NULL,
	countries     VARCHAR(255) NOT NULL DEFAULT '',
	audience      VARCHAR(16) NOT NULL,
	settings      TEXT NOT NULL,
	entries       TEXT NOT NULL,
	sections      TEXT NOT NULL,
	service_names TEXT NOT NULL,
	entry_count   INTEGER NOT NULL,
	section_count INTEGER NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	frozen_by     VARCHAR(320) NOT NULL DEFAULT '',
	frozen_at     DATETIME NOT NULL,
	PRIMARY KEY (draft_id, number)
);

CREATE TRIGGER draft_versions_no_update BEFORE UPDATE ON draft_versions
BEGIN SELECT RAISE(ABORT, 'draft_versions are frozen'); END;
CREATE TRIGGER draft_versions_no_delete BEFORE DELETE ON draft_versions
BEGIN SELECT RAISE(ABORT, 'draft_versions are frozen'); END;
CREATE TRIGGER content_section_versions_no_update BEFORE UPDATE ON content_section_versions
BEGIN SELECT RAISE(ABORT, 'content_section_versions are kept as written'); END;
CREATE TRIGGER content_section_versions_no_delete BEFORE DELETE ON content_section_versions
BEGIN SELECT RAISE(ABORT, 'content_section_versions are kept as written'); END;
