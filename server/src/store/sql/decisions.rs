//! The reads of a decision for an online service (AuthZEN, DESIGN.md §4a), each one
//! statement outside any transaction: one statement is one snapshot on both backends, and
//! a BEGIN and ROLLBACK would be two more round trips on every question an online service
//! asks. PostgreSQL asks them on its pool (postgres.rs); SQLite directly on read-only
//! connections (sqlite.rs).

use super::*;

/// What a decision reads: a row `e` for the enterprise (`a` its status), one `m` per
/// mandate (`n` its id, `a` its kind, `b` its scope), one `g` per membership (`a` its
/// group, `b` its services, `blocked`); `$1` the enterprise number, `$2` the person's
/// national number or `$3` their username. The enterprise and the person are scalar
/// subqueries, so that both backends look the mandates and memberships up by the
/// (enterprise, person) indexes: a join with a derived table let SQLite scan the
/// enterprise's memberships (240 ms at 100,000). Also read directly on SQLite
/// (sqlite.rs).
pub(super) const FACTS: &str = "\
    SELECT 'e' AS part, x.id AS n, x.status AS a, '' AS b, FALSE AS blocked
      FROM enterprises x WHERE x.number = $1
    UNION ALL
    SELECT 'm', x.id, x.kind, x.scope, FALSE FROM mandates x
     WHERE x.enterprise_id = (SELECT id FROM enterprises WHERE number = $1)
       AND x.person_id = COALESCE((SELECT id FROM people WHERE national_number = $2),
                                  (SELECT person_id FROM password_credentials WHERE username = $3))
    UNION ALL
    SELECT 'g', 0, g.group_code, g.services, g.blocked FROM memberships g
     WHERE g.enterprise_id = (SELECT id FROM enterprises WHERE number = $1)
       AND g.person_id = COALESCE((SELECT id FROM people WHERE national_number = $2),
                                  (SELECT person_id FROM password_credentials WHERE username = $3))";

/// One row of [`FACTS`].
pub(super) struct FactRow {
    pub part: String,
    pub n: i64,
    pub a: String,
    pub b: String,
    pub blocked: bool,
}

/// The facts [`FACTS`]' rows tell; `None` without the enterprise's row.
pub(super) fn facts_of_rows(rows: impl IntoIterator<Item = FactRow>) -> Option<DecisionFacts> {
    let mut status = None;
    let mut mandates: Vec<(i64, Mandate)> = Vec::new();
    let mut memberships = Vec::new();
    for r in rows {
        match r.part.as_str() {
            "e" => status = Some(EnterpriseStatus::parse(&r.a)),
            "m" => {
                if let Some(m) = Mandate::from_parts(&r.a, &r.b) {
                    mandates.push((r.n, m));
                }
            }
            _ => memberships.push(FactMembership {
                group: r.a,
                services: r
                    .b
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                blocked: r.blocked,
            }),
        }
    }
    let status = status?;
    // The order the other reads give: mandates as granted, memberships by group.
    mandates.sort_by_key(|(id, _)| *id);
    memberships.sort_by(|x, y| x.group.cmp(&y.group));
    Some(DecisionFacts {
        status,
        mandates: Mandates(mandates.into_iter().map(|(_, m)| m).collect()),
        memberships,
    })
}

/// [`FACTS`]' `$2` and `$3`: the national number's digits or the username.
pub(super) fn person_parameters(person: &PersonKey) -> (Option<&str>, Option<&str>) {
    match person {
        PersonKey::NationalNumber(nn) => (Some(nn.digits()), None),
        PersonKey::Username(u) => (None, Some(u.as_str())),
    }
}
