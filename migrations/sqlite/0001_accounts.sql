-- Accounts, web sessions, API tokens, login throttling and settings.
CREATE TABLE users (
	id            VARCHAR(36) PRIMARY KEY,
	email         VARCHAR(320) NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	role          VARCHAR(16) NOT NULL,
	countries     TEXT NOT NULL DEFAULT '',
	grants        TEXT NOT NULL DEFAULT '',
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL
);

CREATE TABLE sessions (
	id_hash      VARCHAR(64) PRIMARY KEY,
	user_id      VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token   VARCHAR(64) NOT NULL,
	created_at   DATETIME NOT NULL,
	expires_at   DATETIME NOT NULL,
	last_seen_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id           VARCHAR(36) PRIMARY KEY,
	user_id      VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name         TEXT NOT NULL DEFAULT '',
	token_hash   VARCHAR(64) NOT NULL UNIQUE,
	prefix       VARCHAR(16) NOT NULL,
	created_at   DATETIME NOT NULL,
	last_used_at DATETIME,
	revoked_at   DATETIME
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	key_hash VARCHAR(64) NOT NULL,
	at       DATETIME NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key_hash, at);

CREATE TABLE settings (
	key   VARCHAR(64) PRIMARY KEY,
	value TEXT NOT NULL
);
