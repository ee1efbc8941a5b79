-- Foreign addresses (issue 14): the enterprise's address may be abroad. Its country (ISO
-- 3166-1 alpha-2, Belgium for every address so far) and a postal code as that country
-- writes them (2 to 10 characters; the service checks the country's own format). SQLite
-- cannot change a CHECK constraint: the table is rebuilt (nothing refers to it).

CREATE TABLE contact_data_new (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises(id),
    street        TEXT NOT NULL,
    postal_code   TEXT NOT NULL CHECK (length(postal_code) BETWEEN 2 AND 10),
    municipality  TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'fr', 'de', 'en')),
    country       TEXT NOT NULL DEFAULT 'BE' CHECK (length(country) = 2)
);
INSERT INTO contact_data_new (enterprise_id, street, postal_code, municipality, email, phone, language)
    SELECT enterprise_id, street, postal_code, municipality, email, phone, language FROM contact_data;
DROP TABLE contact_data;
ALTER TABLE contact_data_new RENAME TO contact_data;
