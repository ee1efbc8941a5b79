-- API tokens of the management API (docs/api.md): made by a manager, for that manager's
-- scope in one enterprise. Only the token's SHA-256 is kept (the token is 256 random bits,
-- shown once). `scope` records the creator's mandates when made (JSON array of
-- `kind[:scope]`, `domain::api_token::scope_of`): the token works only while they are
-- still exactly the creator's. Tokens are never deleted: a revoked or expired one stays,
-- so the audit log can always name it.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    scope         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT,
    revoked_by    INTEGER REFERENCES people(id)
);
CREATE INDEX api_tokens_by_enterprise ON api_tokens (enterprise_id, person_id);

-- The token through which a change was made, if any (the audit row names it).
ALTER TABLE audit_log ADD COLUMN api_token_id INTEGER;
