-- R14, retention (issue 13): audit rows are kept for a configured period (ten years for
-- changes, one year for sign-in records by default) and then removed by the housekeeping
-- job, which records the removal. Nothing else removes them: a row can be deleted only
-- when it is older than the cutoff the job has set here for its kind, and a cutoff only
-- moves forward (it is never lowered, replaced or removed).
CREATE TABLE audit_retention (
    kind   TEXT PRIMARY KEY CHECK (kind IN ('change', 'signin')),
    before TEXT NOT NULL            -- rows with `at` < `before` may be removed
);
INSERT INTO audit_retention (kind, before) VALUES ('change', ''), ('signin', '');

CREATE TRIGGER audit_retention_forward BEFORE UPDATE ON audit_retention
WHEN NEW.before < OLD.before OR NEW.kind <> OLD.kind
BEGIN SELECT RAISE(ABORT, 'a retention cutoff only moves forward'); END;
CREATE TRIGGER audit_retention_kept BEFORE DELETE ON audit_retention
BEGIN SELECT RAISE(ABORT, 'a retention cutoff only moves forward'); END;
CREATE TRIGGER audit_retention_no_replace BEFORE INSERT ON audit_retention
WHEN EXISTS (SELECT 1 FROM audit_retention WHERE kind = NEW.kind)
BEGIN SELECT RAISE(ABORT, 'a retention cutoff only moves forward'); END;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.at >= (SELECT before FROM audit_retention
                WHERE kind = CASE WHEN OLD.action LIKE 'signin.%' THEN 'signin' ELSE 'change' END)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
