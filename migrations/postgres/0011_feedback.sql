-- Victim-feedback tests (issue 5). A test is a survey of kind feedback:
-- its responses are rows of submissions, and what is stored here is the
-- test around them: which frozen drafts it compares, its groups, tasks
-- with their correct answers, items and consent texts (config, JSON),
-- its self-complete links (only the token's hash), the counter that
-- counterbalances the order of drafts, and what responses feed back: unmet
-- needs by region and service type, and problems reported against
-- directory entries. Nothing here identifies a participant.
CREATE TABLE feedback_tests (
	id          VARCHAR(36) PRIMARY KEY,
	title       TEXT NOT NULL,
	country     VARCHAR(2) NOT NULL,
	status      VARCHAR(16) NOT NULL,
	survey_id   VARCHAR(36) NOT NULL DEFAULT '',
	form_id     VARCHAR(255) NOT NULL UNIQUE,
	config      TEXT NOT NULL,
	created_by  VARCHAR(320) NOT NULL DEFAULT '',
	created_at  TIMESTAMPTZ NOT NULL,
	updated_at  TIMESTAMPTZ NOT NULL,
	opened_at   TIMESTAMPTZ,
	closed_at   TIMESTAMPTZ
);
CREATE INDEX feedback_tests_country ON feedback_tests(country, status);

CREATE TABLE feedback_test_drafts (
	test_id       VARCHAR(36) NOT NULL REFERENCES feedback_tests(id) ON DELETE CASCADE,
	label         VARCHAR(8) NOT NULL,
	draft_id      VARCHAR(36) NOT NULL,
	draft_version INTEGER NOT NULL,
	PRIMARY KEY (test_id, label)
);
CREATE INDEX feedback_test_drafts_draft ON feedback_test_drafts(draft_id, draft_version);

CREATE TABLE feedback_links (
	id          VARCHAR(36) PRIMARY KEY,
	test_id     VARCHAR(36) NOT NULL REFERENCES feedback_tests(id) ON DELETE CASCADE,
	token_hash  VARCHAR(64) NOT NULL UNIQUE,
	label       TEXT NOT NULL DEFAULT '',
	created_by  VARCHAR(320) NOT NULL DEFAULT '',
	created_at  TIMESTAMPTZ NOT NULL,
	revoked_by  VARCHAR(320) NOT NULL DEFAULT '',
	revoked_at  TIMESTAMPTZ
);
CREATE INDEX feedback_links_test ON feedback_links(test_id);

CREATE TABLE feedback_assignments (
	test_id    VARCHAR(36) NOT NULL REFERENCES feedback_tests(id) ON DELETE CASCADE,
	group_code VARCHAR(64) NOT NULL,
	started    INTEGER NOT NULL,
	PRIMARY KEY (test_id, group_code)
);

CREATE TABLE feedback_unmet_needs (
	id            VARCHAR(36) PRIMARY KEY,
	test_id       VARCHAR(36) NOT NULL REFERENCES feedback_tests(id),
	submission_id VARCHAR(36) NOT NULL REFERENCES submissions(id),
	seq           INTEGER NOT NULL,
	region_set    VARCHAR(64) NOT NULL,
	region_level  INTEGER NOT NULL,
	region_code   VARCHAR(64) NOT NULL,
	parent_code   VARCHAR(64) NOT NULL DEFAULT '',
	service_type  VARCHAR(100) NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	UNIQUE (submission_id, seq)
);
CREATE INDEX feedback_unmet_needs_set ON feedback_unmet_needs(region_set, region_level);

-- Problems reported against directory entries (wrong phone, closed,
-- refused service…): a review queue per provider, resolved by editors of
-- the provider's country. source says where a report came from (feedback
-- for now); submission_id and seq make a retried submission add nothing.
CREATE TABLE provider_issues (
	id              VARCHAR(36) PRIMARY KEY,
	provider_id     VARCHAR(36) NOT NULL,
	country         VARCHAR(2) NOT NULL DEFAULT '',
	kind            VARCHAR(32) NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	source          VARCHAR(32) NOT NULL,
	test_id         VARCHAR(36) NOT NULL DEFAULT '',
	submission_id   VARCHAR(36) NOT NULL DEFAULT '',
	seq             INTEGER NOT NULL DEFAULT 0,
	status          VARCHAR(16) NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	resolved_by     VARCHAR(320) NOT NULL DEFAULT '',
	resolved_at     TIMESTAMPTZ,
	resolution_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX provider_issues_provider ON provider_issues(provider_id, status);
CREATE INDEX provider_issues_country ON provider_issues(country, status, created_at);
CREATE UNIQUE INDEX provider_issues_source ON provider_issues(submission_id, seq) WHERE submission_id <> '';
