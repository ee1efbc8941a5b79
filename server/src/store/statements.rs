//! The group page's statements, the ones a group of 100,000 users depends on: public so
//! that the benchmark can show their query plans (docs/performance.md). Used by
//! `sql/memberships.rs` on both backends.

/// A member as the group page shows them; the name is the one kept on the membership (the
/// staff register's, else the person's own).
pub const MEMBER_COLUMNS: &str = "m.person_id, p.national_number, m.name, m.group_code, m.services, m.blocked,
    EXISTS (SELECT 1 FROM mandates x WHERE x.enterprise_id = m.enterprise_id AND x.person_id = m.person_id
            AND x.kind = 'main_access_manager') AS is_mam";

/// One page of a whole group (`$1` enterprise, `$2` group, `$3` limit, `$4` offset): the
/// page's members are read from the name index (the rows skipped are index entries, not
/// joined rows), then joined.
pub fn group_page() -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM
             (SELECT person_id FROM memberships WHERE enterprise_id = $1 AND group_code = $2
              ORDER BY name, person_id LIMIT $3 OFFSET $4) page
         JOIN memberships m ON m.enterprise_id = $1 AND m.group_code = $2 AND m.person_id = page.person_id
         JOIN people p ON p.id = m.person_id
         ORDER BY m.name, m.person_id"
    )
}

/// The members a search finds (`$3` the name pattern, `$4` the first digits of a national
/// number or empty): a name anywhere in the member's name key, a national number by its
/// first digits (a range of the unique index).
pub const SEARCH_FILTER: &str = "m.enterprise_id = $1 AND m.group_code = $2
    AND (m.name_key LIKE $3 ESCAPE '\\'
         OR ($4 <> '' AND m.person_id IN
             (SELECT id FROM people WHERE national_number >= $4 AND national_number < $4 || ':')))";

/// How many members a search finds.
pub fn search_count() -> String {
    format!("SELECT COUNT(*) FROM memberships m WHERE {SEARCH_FILTER}")
}

/// One page of a search (`$5` limit, `$6` offset).
pub fn search_page() -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE {SEARCH_FILTER} ORDER BY m.name, m.person_id LIMIT $5 OFFSET $6"
    )
}
