-- Large groups (issue 12; SQLite's 0010): each membership carries its member's name as
-- the enterprise shows it and its search key, ordered by an index; a trigram index
-- serves the search by any part of a name; each group's totals are kept by a trigger.

ALTER TABLE memberships ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE memberships SET
    name = COALESCE(
        (SELECT s.name FROM staff s WHERE s.enterprise_id = memberships.enterprise_id AND s.person_id = memberships.person_id),
        (SELECT p.name FROM people p WHERE p.id = memberships.person_id), ''),
    name_key = COALESCE(
        (SELECT s.name_key FROM staff s WHERE s.enterprise_id = memberships.enterprise_id AND s.person_id = memberships.person_id),
        (SELECT p.name_key FROM people p WHERE p.id = memberships.person_id), '');
CREATE INDEX memberships_by_name ON memberships (enterprise_id, group_code, name, person_id);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX memberships_by_name_key ON memberships USING gin (name_key gin_trgm_ops);

CREATE TABLE group_totals (
    enterprise_id BIGINT NOT NULL,
    group_code    TEXT NOT NULL,
    users         BIGINT NOT NULL DEFAULT 0,
    blocked       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise_id, group_code),
    FOREIGN KEY (enterprise_id, group_code) REFERENCES enterprise_groups (enterprise_id, group_code)
);
INSERT INTO group_totals (enterprise_id, group_code, users, blocked)
SELECT g.enterprise_id, g.group_code, COUNT(m.person_id), COUNT(m.person_id) FILTER (WHERE m.blocked)
FROM enterprise_groups g LEFT JOIN memberships m
  ON m.enterprise_id = g.enterprise_id AND m.group_code = g.group_code
GROUP BY g.enterprise_id, g.group_code;

CREATE FUNCTION group_totals_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'enterprise_groups' THEN
        INSERT INTO group_totals (enterprise_id, group_code) VALUES (NEW.enterprise_id, NEW.group_code)
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE group_totals SET users = users + 1, blocked = blocked + NEW.blocked::int
        WHERE enterprise_id = NEW.enterprise_id AND group_code = NEW.group_code;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE group_totals SET users = users - 1, blocked = blocked - OLD.blocked::int
        WHERE enterprise_id = OLD.enterprise_id AND group_code = OLD.group_code;
    ELSIF NEW.blocked IS DISTINCT FROM OLD.blocked THEN
        UPDATE group_totals SET blocked = blocked + NEW.blocked::int - OLD.blocked::int
        WHERE enterprise_id = NEW.enterprise_id AND group_code = NEW.group_code;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER group_totals_new_group AFTER INSERT ON enterprise_groups
    FOR EACH ROW EXECUTE FUNCTION group_totals_keep();
CREATE TRIGGER group_totals_members AFTER INSERT OR DELETE OR UPDATE OF blocked ON memberships
    FOR EACH ROW EXECUTE FUNCTION group_totals_keep();
