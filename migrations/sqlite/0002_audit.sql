-- The audit log is append-only: triggers refuse updates and deletes.
CREATE TABLE audit_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          DATETIME NOT NULL,
	actor_id    VARCHAR(36) NOT NULL DEFAULT '',
	actor_email VARCHAR(320) NOT NULL DEFAULT '',
	action      VARCHAR(64) NOT NULL,
	object_type VARCHAR(64) NOT NULL DEFAULT '',
	object_id   VARCHAR(128) NOT NULL DEFAULT '',
	request_id  VARCHAR(64) NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_actor ON audit_events(actor_id, id);
CREATE INDEX audit_events_action ON audit_events(action, id);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
