-- Search by name, case- and accent-insensitive in every language: each name is stored
-- beside its search key (`domain::contact::search_key`: lower case, without accents),
-- written with the name; rows from before are filled in when the store opens.
ALTER TABLE people ADD COLUMN name_key TEXT;
ALTER TABLE staff ADD COLUMN name_key TEXT;
