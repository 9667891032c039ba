-- Administrative boundaries. A boundary set (say, Natural Earth admin-1) has
-- versions: each import makes a new one, and reports name the version used.
-- Geometry is stored portably as WKB with its bounding box, plus a
-- simplified copy for display.
CREATE TABLE region_set_versions (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	set_name      VARCHAR(100) NOT NULL,
	version       INTEGER NOT NULL,
	source        TEXT NOT NULL DEFAULT '',
	region_count  INTEGER NOT NULL DEFAULT 0,
	created_by    VARCHAR(320) NOT NULL DEFAULT '',
	created_at    DATETIME NOT NULL,
	UNIQUE (set_name, version)
);

CREATE TABLE regions (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	set_version_id INTEGER NOT NULL REFERENCES region_set_versions(id) ON DELETE CASCADE,
	code          VARCHAR(100) NOT NULL,
	name          TEXT NOT NULL DEFAULT '',
	level         INTEGER NOT NULL,
	parent_code   VARCHAR(100) NOT NULL DEFAULT '',
	country       VARCHAR(2) NOT NULL DEFAULT '',
	population    INTEGER,
	min_lon       REAL NOT NULL,
	min_lat       REAL NOT NULL,
	max_lon       REAL NOT NULL,
	max_lat       REAL NOT NULL,
	geometry      BLOB NOT NULL,
	display       BLOB NOT NULL,
	UNIQUE (set_version_id, code)
);
CREATE INDEX regions_code ON regions(code);
CREATE INDEX regions_level ON regions(set_version_id, level, parent_code);
