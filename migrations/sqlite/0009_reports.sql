-- Coverage reports: population points (demand for the access measures),
-- need figures per region, and stored report runs.
--
-- A population source is one imported file; importing the same source
-- again replaces its points, so the source row says which import a report
-- used (its name and when it was imported).
CREATE TABLE population_sources (
	name             VARCHAR(100) PRIMARY KEY,
	file             TEXT NOT NULL DEFAULT '',
	point_count      INTEGER NOT NULL,
	total_population REAL NOT NULL,
	imported_by      VARCHAR(320) NOT NULL DEFAULT '',
	imported_at      DATETIME NOT NULL
);

-- Population is a real number: gridded sources (WorldPop and the like)
-- give fractions of people per cell.
CREATE TABLE population_points (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	source     VARCHAR(100) NOT NULL REFERENCES population_sources(name) ON DELETE CASCADE,
	name       TEXT NOT NULL DEFAULT '',
	lon        REAL NOT NULL,
	lat        REAL NOT NULL,
	population REAL NOT NULL
);
CREATE INDEX population_points_source ON population_points(source, id);

-- Need figures (identified victims, people in need) per region of one level
-- of a boundary set. An import replaces every figure of that set and level.
CREATE TABLE need_figures (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	set_name     VARCHAR(100) NOT NULL,
	level        INTEGER NOT NULL,
	region_code  VARCHAR(100) NOT NULL,
	figure       REAL NOT NULL,
	source       TEXT NOT NULL DEFAULT '',
	year         INTEGER,
	imported_by  VARCHAR(320) NOT NULL DEFAULT '',
	imported_at  DATETIME NOT NULL,
	UNIQUE (set_name, level, region_code)
);

-- A report run keeps what it was asked (parameters), what it read (data
-- versions: boundary set version, provider snapshot time, population
-- source) and what it found (results), all as JSON, so that rounds can be
-- compared long after the data changed.
CREATE TABLE report_runs (
	id            VARCHAR(36) PRIMARY KEY,
	created_at    DATETIME NOT NULL,
	created_by    VARCHAR(320) NOT NULL DEFAULT '',
	set_name      VARCHAR(100) NOT NULL,
	set_version   INTEGER NOT NULL,
	level         INTEGER NOT NULL,
	method        VARCHAR(16) NOT NULL,
	row_count     INTEGER NOT NULL,
	parameters    TEXT NOT NULL,
	data_versions TEXT NOT NULL,
	results       TEXT NOT NULL
);
CREATE INDEX report_runs_created ON report_runs(created_at, id);
