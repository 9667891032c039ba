-- Survey analytics read counts kept up to date instead of every
-- submission. counted_status is the status a submission is counted under
-- in submission_stats ('' until counted); a submission whose status differs
-- from it waits to be folded in (or moved, after a review decision). The
-- column has a default so that ingest writes nothing more; the partial
-- index finds the few waiting among millions.
ALTER TABLE submissions ADD COLUMN counted_status VARCHAR(16) NOT NULL DEFAULT '';
CREATE INDEX submissions_uncounted ON submissions(survey_id) WHERE counted_status <> status;

-- Counts of a survey's submissions by status and by who may see them
-- (audience 0: every reader, 1: only readers with the confidential grant,
-- 2: only readers without it). field is an answer's path ("services/min_age")
-- or a breakdown ("@total", "@day", "@collector", "@place", "@region…");
-- value the answer (or '' when only answers are counted, for free text),
-- the day, the collector, the region code. label is a region's name.
CREATE TABLE submission_stats (
	survey_id  VARCHAR(36) NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
	status     VARCHAR(16) NOT NULL,
	audience   INTEGER NOT NULL,
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	label      TEXT NOT NULL DEFAULT '',
	n          INTEGER NOT NULL,
	PRIMARY KEY (survey_id, status, audience, field, value)
);

-- What the counts of a survey were made with: the answer paths whose
-- values are counted, the boundary set versions points were placed in and
-- the version of the counting rules. When any of them changes, the counts
-- are made again.
CREATE TABLE submission_stats_bases (
	survey_id  VARCHAR(36) PRIMARY KEY REFERENCES surveys(id) ON DELETE CASCADE,
	valued     TEXT NOT NULL,
	regions    TEXT NOT NULL,
	rules      INTEGER NOT NULL
);
