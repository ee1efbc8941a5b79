-- The online services that ask Toegang for decisions (AuthZEN, DESIGN.md §4a): each a
-- registered client with a bearer token (stored as its SHA-256: the token is 256 random
-- bits, so a fast hash is as safe as a slow one and keeps a decision fast), the online
-- services it may ask about (JSON array of catalogue codes) and whether it may search.
-- Revoked clients stay, marked, so that their name is never reused.
CREATE TABLE decision_clients (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    token_hash  TEXT NOT NULL UNIQUE,
    services    TEXT NOT NULL,
    may_search  INTEGER NOT NULL CHECK (may_search IN (0, 1)),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
