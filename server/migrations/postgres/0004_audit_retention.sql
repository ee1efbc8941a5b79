-- R14, retention (issue 13): audit rows are kept for a configured period (ten years for
-- changes, one year for sign-in records by default) and then removed by the housekeeping
-- job, which records the removal. Nothing else removes them: a row can be deleted only
-- when it is older than the cutoff the job has set here for its kind, and a cutoff only
-- moves forward (it is never lowered or removed).
CREATE TABLE audit_retention (
    kind   TEXT PRIMARY KEY CHECK (kind IN ('change', 'signin')),
    before TEXT NOT NULL            -- rows with `at` < `before` may be removed
);
INSERT INTO audit_retention (kind, before) VALUES ('change', ''), ('signin', '');

CREATE FUNCTION audit_retention_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.before < OLD.before OR NEW.kind <> OLD.kind THEN
        RAISE EXCEPTION 'a retention cutoff only moves forward';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_retention_forward BEFORE UPDATE OR DELETE ON audit_retention
    FOR EACH ROW EXECUTE FUNCTION audit_retention_forward();
CREATE TRIGGER audit_retention_no_truncate BEFORE TRUNCATE ON audit_retention
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- UPDATE stays refused; DELETE only below the cutoff of the row's kind.
DROP TRIGGER audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE FUNCTION audit_log_expired_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.at >= (SELECT before FROM audit_retention
                  WHERE kind = CASE WHEN OLD.action LIKE 'signin.%' THEN 'signin' ELSE 'change' END) THEN
        RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_expired_only();
