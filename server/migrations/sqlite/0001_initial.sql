-- Toegang's first schema (SQLite). Names follow DESIGN.md §2.

CREATE TABLE enterprises (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,           -- R1, 10 digits
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'active', 'closed')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The roles (= permission groups) the enterprise has; its activated domains follow from them.
CREATE TABLE enterprise_groups (
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    group_code    TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, group_code)
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    national_number TEXT UNIQUE,                -- R2, 11 digits; NULL for foreign managers
    name            TEXT NOT NULL
);

-- The staff register: only staff may become users (R7).
CREATE TABLE staff (
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (enterprise_id, person_id)
);

CREATE TABLE mandates (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    kind          TEXT NOT NULL CHECK (kind IN ('main_access_manager', 'co_main_access_manager', 'access_manager', 'group_manager')),
    scope         TEXT NOT NULL DEFAULT '',     -- domain (AM) or group (GM) code
    UNIQUE (enterprise_id, person_id, kind, scope)
);
-- R3: exactly one MAM per enterprise. R5: one AM per domain, one GM per group.
CREATE UNIQUE INDEX one_main_access_manager ON mandates (enterprise_id) WHERE kind = 'main_access_manager';
CREATE UNIQUE INDEX one_access_manager_per_domain ON mandates (enterprise_id, scope) WHERE kind = 'access_manager';
CREATE UNIQUE INDEX one_group_manager_per_group ON mandates (enterprise_id, scope) WHERE kind = 'group_manager';

-- A user's membership of one group, with the chosen services (R7) and its block (R8).
CREATE TABLE memberships (
    enterprise_id INTEGER NOT NULL,
    group_code    TEXT NOT NULL,
    person_id     INTEGER NOT NULL REFERENCES people(id),
    services      TEXT NOT NULL,                -- comma-separated service codes, catalogue order
    blocked       INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (enterprise_id, group_code, person_id),
    FOREIGN KEY (enterprise_id, group_code) REFERENCES enterprise_groups (enterprise_id, group_code)
);
CREATE INDEX memberships_by_person ON memberships (enterprise_id, person_id);

-- R14: append-only audit log.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    enterprise_id INTEGER NOT NULL,
    actor_id      INTEGER,                      -- NULL: the system (e.g. demo seeding)
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    before        TEXT,                         -- JSON
    after         TEXT                          -- JSON
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- A submission is applied once per key (DESIGN.md §5). Keys belong to the person who
-- sent them and to what was sent (action + fingerprint of the input).
CREATE TABLE idempotency_keys (
    person_id     INTEGER NOT NULL,
    key           TEXT NOT NULL,
    action        TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (person_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
