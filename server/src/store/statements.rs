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
/// joined rows), then fetched by their primary key.
pub fn group_page() -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.enterprise_id = $1 AND m.group_code = $2 AND m.person_id IN
             (SELECT person_id FROM memberships WHERE enterprise_id = $1 AND group_code = $2
              ORDER BY name, person_id LIMIT $3 OFFSET $4)
         ORDER BY m.name, m.person_id"
    )
}

/// The members a search finds (`$1` enterprise, `$2` group, `$3` what is searched): by
/// name, a name anywhere in the member's name key (`$3` a `LIKE` pattern); by number, a
/// national number by its first digits (`$3` the digits: a range of the unique index).
fn search_filter(by_number: bool) -> &'static str {
    if by_number {
        "m.enterprise_id = $1 AND m.group_code = $2 AND m.person_id IN
             (SELECT id FROM people WHERE national_number >= $3 AND national_number < $3 || ':')"
    } else {
        "m.enterprise_id = $1 AND m.group_code = $2 AND m.name_key LIKE $3 ESCAPE '\\'"
    }
}

/// How many members a search finds.
pub fn search_count(by_number: bool) -> String {
    format!("SELECT COUNT(*) FROM memberships m WHERE {}", search_filter(by_number))
}

/// One page of a search (`$4` limit, `$5` offset).
pub fn search_page(by_number: bool) -> String {
    format!(
        "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE {} ORDER BY m.name, m.person_id LIMIT $4 OFFSET $5",
        search_filter(by_number)
    )
}
