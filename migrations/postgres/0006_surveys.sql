-- Surveys and their versions. A version, once stored, never changes: it
-- keeps the definition (JSON), the XForm served to devices (byte for byte,
-- so its md5 hash stays the same) and who published it.
CREATE TABLE surveys (
	id          VARCHAR(36) PRIMARY KEY,
	form_id     VARCHAR(255) NOT NULL UNIQUE,
	kind        VARCHAR(32) NOT NULL,
	title       TEXT NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL,
	updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE survey_versions (
	id           VARCHAR(36) PRIMARY KEY,
	survey_id    VARCHAR(36) NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
	number       INTEGER NOT NULL,
	form_version VARCHAR(255) NOT NULL,
	definition   TEXT NOT NULL,
	xform        TEXT NOT NULL,
	xform_md5    VARCHAR(32) NOT NULL,
	source       TEXT NOT NULL DEFAULT '',
	created_by   VARCHAR(320) NOT NULL DEFAULT '',
	created_at   TIMESTAMPTZ NOT NULL,
	UNIQUE (survey_id, number)
);

-- Submissions. The instance ID (a uuid chosen by the device or web form)
-- is unique: a repeated submission finds the first instead of making a
-- second, which the database guarantees even under concurrent requests.
CREATE TABLE submissions (
	id                VARCHAR(36) PRIMARY KEY,
	survey_id         VARCHAR(36) NOT NULL REFERENCES surveys(id),
	survey_version_id VARCHAR(36) NOT NULL REFERENCES survey_versions(id),
	instance_id       VARCHAR(100) NOT NULL UNIQUE,
	content_hash      VARCHAR(64) NOT NULL,
	answers           TEXT NOT NULL,
	status            VARCHAR(16) NOT NULL,
	channel           VARCHAR(16) NOT NULL,
	collector_id      VARCHAR(36) NOT NULL DEFAULT '',
	collector_email   VARCHAR(320) NOT NULL DEFAULT '',
	latitude          DOUBLE PRECISION,
	longitude         DOUBLE PRECISION,
	submitted_at      TIMESTAMPTZ NOT NULL,
	reviewed_by       VARCHAR(320) NOT NULL DEFAULT '',
	reviewed_at       TIMESTAMPTZ,
	review_note       TEXT NOT NULL DEFAULT '',
	provider_id       VARCHAR(36) NOT NULL DEFAULT ''
);
CREATE INDEX submissions_survey ON submissions(survey_id, submitted_at);
CREATE INDEX submissions_status ON submissions(status, submitted_at);
CREATE INDEX submissions_collector ON submissions(collector_id, submitted_at);

-- Media sent with a submission (ODK attachments), kept in the database so
-- haven processes share them.
CREATE TABLE submission_attachments (
	id            VARCHAR(36) PRIMARY KEY,
	submission_id VARCHAR(36) NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
	name          TEXT NOT NULL,
	content_type  VARCHAR(100) NOT NULL,
	size          BIGINT NOT NULL,
	data          BYTEA NOT NULL,
	UNIQUE (submission_id, name)
);
