-- Chaman, the technical channels (R12): the enterprise's sender with its one technical
-- contact, and its channels. A channel cannot exist without the sender (foreign key).

CREATE TABLE chaman_senders (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises(id),
    contact_name  TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE chaman_channels (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES chaman_senders(enterprise_id),
    kind          TEXT NOT NULL CHECK (kind IN ('ftp', 'sftp', 'soap', 'rest')),
    environment   TEXT NOT NULL CHECK (environment IN ('test', 'production')),
    credential    TEXT NOT NULL,                -- login, OpenSSH key or PEM, normalised
    summary       TEXT NOT NULL,                -- JSON [[label, value], …] as shown
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX chaman_channels_by_enterprise ON chaman_channels (enterprise_id, id);
