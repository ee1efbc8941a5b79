-- Audit rows with structure (R14): the group or scope acted in and the person acted on,
-- as columns, so that the audit can be filtered and shown. Rows written before keep
-- only their free `target` text.
ALTER TABLE audit_log ADD COLUMN scope TEXT;
ALTER TABLE audit_log ADD COLUMN subject_id INTEGER REFERENCES people(id);
CREATE INDEX audit_log_by_scope ON audit_log (enterprise_id, scope, id);
CREATE INDEX audit_log_by_subject ON audit_log (enterprise_id, subject_id, id);
