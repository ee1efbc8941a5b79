-- Sign-in means (DESIGN.md §4): password + TOTP credentials, the failed-attempt counter,
-- and the outbox for e-mail and SMS.

-- How a person without a national number (a foreign main access manager) is reached.
ALTER TABLE people ADD COLUMN email TEXT;
ALTER TABLE people ADD COLUMN mobile TEXT;

CREATE TABLE password_credentials (
    person_id           INTEGER PRIMARY KEY REFERENCES people(id),
    username            TEXT NOT NULL UNIQUE,       -- lower case
    password_hash       TEXT NOT NULL,              -- argon2id, PHC string
    must_change         INTEGER NOT NULL CHECK (must_change IN (0, 1)),
    issued_at           INTEGER NOT NULL,           -- unix seconds: when the password was set
    totp_secret         TEXT,                       -- base32; NULL until enrolled
    totp_pending_secret TEXT,                       -- shown at enrolment, until confirmed
    totp_last_step      INTEGER                     -- last accepted time step (replay)
);

-- Failed sign-ins per typed username, whether it exists or not (so that the answer never
-- tells). A success deletes the row.
CREATE TABLE sign_in_failures (
    username        TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL             -- unix seconds
);

-- Outgoing e-mail and SMS. A sender (pluggable; the log in development) delivers them and
-- sets sent_at.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
