-- Languages (DESIGN.md §1): a person's chosen language (NULL: none chosen; the browser's
-- then decides), which wins after sign-in and is the language of the e-mails and SMS sent
-- to them; and the language of the e-Box notification sent to the enterprise's general
-- address (ContactData).

ALTER TABLE people ADD COLUMN language TEXT CHECK (language IN ('nl', 'fr', 'de', 'en'));
ALTER TABLE contact_data ADD COLUMN language TEXT NOT NULL DEFAULT 'nl'
    CHECK (language IN ('nl', 'fr', 'de', 'en'));
