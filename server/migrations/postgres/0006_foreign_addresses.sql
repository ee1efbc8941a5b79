-- Foreign addresses: as sqlite/0014_foreign_addresses.sql.
ALTER TABLE contact_data DROP CONSTRAINT contact_data_postal_code_check;
ALTER TABLE contact_data ADD CONSTRAINT contact_data_postal_code_check
    CHECK (length(postal_code) BETWEEN 2 AND 10);
ALTER TABLE contact_data ADD COLUMN country TEXT NOT NULL DEFAULT 'BE' CHECK (length(country) = 2);
