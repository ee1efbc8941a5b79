-- e-Box Enterprise (R13): documents (messages and tasks) published by institutions, their
-- attachments, who read what, and the daily notification's bookkeeping. Times are unix
-- seconds.

CREATE TABLE ebox_documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: audit rows name ids
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    sender        TEXT NOT NULL,
    service       TEXT NOT NULL,
    doc_type      TEXT NOT NULL,
    is_task       INTEGER NOT NULL CHECK (is_task IN (0, 1)),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    published_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    done_at       INTEGER,
    done_by       INTEGER REFERENCES people(id)
);
CREATE INDEX ebox_documents_by_enterprise ON ebox_documents (enterprise_id, published_at DESC, id DESC);
CREATE INDEX ebox_documents_by_expiry ON ebox_documents (expires_at);
CREATE INDEX ebox_documents_by_enterprise_id ON ebox_documents (enterprise_id, id);

CREATE TABLE ebox_attachments (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES ebox_documents(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL
);
CREATE INDEX ebox_attachments_by_document ON ebox_attachments (document_id);

CREATE TABLE ebox_reads (
    document_id INTEGER NOT NULL REFERENCES ebox_documents(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    read_at     INTEGER NOT NULL,
    PRIMARY KEY (document_id, person_id)
);

-- The last notification: when, and up to which document (ids only grow).
CREATE TABLE ebox_notifications (
    enterprise_id    INTEGER PRIMARY KEY REFERENCES enterprises(id),
    notified_at      INTEGER NOT NULL,
    last_document_id INTEGER NOT NULL
);
