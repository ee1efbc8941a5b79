-- ContactData (R11): the enterprise's address and general contact, and a contact person
-- per role. Their history is the audit log (actions `contactdata.*`).

CREATE TABLE contact_data (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises(id),
    street        TEXT NOT NULL,
    postal_code   TEXT NOT NULL CHECK (length(postal_code) = 4),
    municipality  TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL
);

CREATE TABLE contact_persons (
    enterprise_id INTEGER NOT NULL,
    group_code    TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, group_code),
    FOREIGN KEY (enterprise_id, group_code) REFERENCES enterprise_groups (enterprise_id, group_code)
);

CREATE INDEX audit_log_by_action ON audit_log (enterprise_id, action, id);
