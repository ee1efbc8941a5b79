-- Large groups (issue 12): a group of 100,000 users is listed, paged and searched from
-- indexes. Each membership carries its member's name as this enterprise shows it (the
-- staff register's, else the person's own) and its search key, kept by every write that
-- changes a name; the list is ordered by an index on them, and each group's totals are
-- kept by triggers instead of being counted on every view.

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
CREATE INDEX memberships_by_name_key ON memberships (enterprise_id, group_code, name_key, person_id);

CREATE TABLE group_totals (
    enterprise_id INTEGER NOT NULL,
    group_code    TEXT NOT NULL,
    users         INTEGER NOT NULL DEFAULT 0,
    blocked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise_id, group_code),
    FOREIGN KEY (enterprise_id, group_code) REFERENCES enterprise_groups (enterprise_id, group_code)
);
INSERT INTO group_totals (enterprise_id, group_code, users, blocked)
SELECT g.enterprise_id, g.group_code, COUNT(m.person_id), COALESCE(SUM(m.blocked), 0)
FROM enterprise_groups g LEFT JOIN memberships m
  ON m.enterprise_id = g.enterprise_id AND m.group_code = g.group_code
GROUP BY g.enterprise_id, g.group_code;

CREATE TRIGGER group_totals_new_group AFTER INSERT ON enterprise_groups
BEGIN
    INSERT OR IGNORE INTO group_totals (enterprise_id, group_code) VALUES (NEW.enterprise_id, NEW.group_code);
END;
CREATE TRIGGER group_totals_member_added AFTER INSERT ON memberships
BEGIN
    UPDATE group_totals SET users = users + 1, blocked = blocked + NEW.blocked
    WHERE enterprise_id = NEW.enterprise_id AND group_code = NEW.group_code;
END;
CREATE TRIGGER group_totals_member_removed AFTER DELETE ON memberships
BEGIN
    UPDATE group_totals SET users = users - 1, blocked = blocked - OLD.blocked
    WHERE enterprise_id = OLD.enterprise_id AND group_code = OLD.group_code;
END;
CREATE TRIGGER group_totals_member_blocked AFTER UPDATE OF blocked ON memberships
BEGIN
    UPDATE group_totals SET blocked = blocked + NEW.blocked - OLD.blocked
    WHERE enterprise_id = NEW.enterprise_id AND group_code = NEW.group_code;
END;
