-- Survey analytics narrowed to dates read counts too: every count is kept
-- for all time (day '') and for the day (UTC) its submissions arrived, so
-- a summary of whole days adds up the days' counts instead of reading
-- every submission. The counts are a cache: the table is made anew, and
-- the next fold counts every submission again (the rules version of the
-- counts changed with it). The day comes first in the key, so that a
-- summary reads only its days' counts.
DROP TABLE submission_stats;
CREATE TABLE submission_stats (
	survey_id  VARCHAR(36) NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
	status     VARCHAR(16) NOT NULL,
	audience   SMALLINT NOT NULL,
	day        VARCHAR(10) NOT NULL,
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	label      TEXT NOT NULL DEFAULT '',
	n          BIGINT NOT NULL,
	PRIMARY KEY (survey_id, day, status, audience, field, value)
);
