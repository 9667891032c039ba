-- Providers: one row per directory entry holding the whole entry as a JSON
-- document, plus the columns that queries and scoping need. Locations and
-- their regions are derived from the document on every write, so spatial
-- and regional queries need not parse JSON. Deletes are soft.
CREATE TABLE providers (
	id                  VARCHAR(36) PRIMARY KEY,
	name                TEXT NOT NULL,
	country             VARCHAR(2) NOT NULL,
	status              VARCHAR(32) NOT NULL,
	verification_status VARCHAR(16) NOT NULL,
	version             INTEGER NOT NULL,
	doc                 TEXT NOT NULL,
	created_at          DATETIME NOT NULL,
	updated_at          DATETIME NOT NULL,
	deleted_at          DATETIME
);
CREATE INDEX providers_country ON providers(country);
CREATE INDEX providers_updated ON providers(updated_at);

CREATE TABLE provider_locations (
	id          VARCHAR(36) PRIMARY KEY,
	provider_id VARCHAR(36) NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
	latitude    REAL,
	longitude   REAL,
	tier        VARCHAR(16) NOT NULL
);
CREATE INDEX provider_locations_provider ON provider_locations(provider_id);

CREATE TABLE location_regions (
	location_id VARCHAR(36) NOT NULL REFERENCES provider_locations(id) ON DELETE CASCADE,
	set_name    VARCHAR(100) NOT NULL,
	set_version INTEGER NOT NULL,
	level       INTEGER NOT NULL,
	region_code VARCHAR(100) NOT NULL,
	how         VARCHAR(16) NOT NULL,
	PRIMARY KEY (location_id, set_name, level)
);
CREATE INDEX location_regions_code ON location_regions(region_code);

-- Every change to a provider, field by field: who, when, old and new value.
CREATE TABLE provider_changes (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	provider_id VARCHAR(36) NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	at          DATETIME NOT NULL,
	actor_id    VARCHAR(36) NOT NULL DEFAULT '',
	actor_email VARCHAR(320) NOT NULL DEFAULT '',
	field       TEXT NOT NULL,
	old_value   TEXT NOT NULL DEFAULT '',
	new_value   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX provider_changes_provider ON provider_changes(provider_id, id);
