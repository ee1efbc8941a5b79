-- Hardening (issue 9).

-- Append-only means append-only: an INSERT OR REPLACE or an upsert that names an existing
-- audit row is refused before SQLite could delete or change it (the update and delete
-- triggers of 0001 cover UPDATE and DELETE; recursive_triggers is also on).
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Secrets never wait in the clear: a message that carries one (a temporary password) keeps
-- it sealed beside the body, which holds a placeholder; the sender opens it at send time.
-- An unsent secret is purged when it expires.
ALTER TABLE outbox ADD COLUMN secret TEXT;
ALTER TABLE outbox ADD COLUMN secret_expires_at INTEGER;   -- unix seconds
-- A sender claims a message with a lease before sending it, so that two instances never
-- send it at the same time; attempts > 1 records a message sent again after a crash.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;        -- unix seconds
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- Staff names per enterprise: what enterprise A's import says of a person never changes
-- the name enterprise B sees.
ALTER TABLE staff ADD COLUMN name TEXT;
UPDATE staff SET name = (SELECT name FROM people WHERE people.id = staff.person_id);
