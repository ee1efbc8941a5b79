//! The reads of a decision for an online service (AuthZEN, DESIGN.md §4a), each one
//! statement on the pool: one statement is one snapshot on both backends, so no
//! transaction is opened (its BEGIN and ROLLBACK would be two more round trips on every
//! question an online service asks).

use super::*;

/// The unrevoked client whose token has this hash.
pub(super) async fn decision_client(
    pool: &sqlx::Pool<Db>,
    token_hash: &str,
) -> Result<Option<DecisionClient>> {
    let row = sqlx::query(&format!(
        "SELECT {} FROM decision_clients WHERE token_hash = $1 AND revoked_at IS NULL",
        decision_clients::COLUMNS
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decision_clients::client).transpose()
}

/// The enterprise's status and the person's mandates and memberships in it, read by one
/// statement: a row `e` for the enterprise, one `m` per mandate (kind, scope), one `g` per
/// membership (group, services, blocked). `None` when no enterprise has the number.
pub(super) async fn decision_facts(
    pool: &sqlx::Pool<Db>,
    enterprise: &EnterpriseNumber,
    person: &PersonKey,
) -> Result<Option<DecisionFacts>> {
    let (nn, username) = match person {
        PersonKey::NationalNumber(nn) => (Some(nn.digits()), None),
        PersonKey::Username(u) => (None, Some(u.as_str())),
    };
    // The enterprise and the person are scalar subqueries, so that both backends look the
    // mandates and memberships up by the (enterprise, person) indexes: a join with a
    // derived table let SQLite scan the enterprise's memberships (240 ms at 100,000).
    let rows = sqlx::query(
        "SELECT 'e' AS part, x.id AS n, x.status AS a, '' AS b, FALSE AS blocked
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
                                       (SELECT person_id FROM password_credentials WHERE username = $3))",
    )
    .bind(enterprise.digits())
    .bind(nn)
    .bind(username)
    .fetch_all(pool)
    .await?;
    let mut status = None;
    let mut mandates: Vec<(i64, Mandate)> = Vec::new();
    let mut memberships = Vec::new();
    for r in &rows {
        let part: String = r.get("part");
        let a: String = r.get("a");
        let b: String = r.get("b");
        match part.as_str() {
            "e" => status = Some(EnterpriseStatus::parse(&a)),
            "m" => {
                if let Some(m) = Mandate::from_parts(&a, &b) {
                    mandates.push((r.get("n"), m));
                }
            }
            _ => memberships.push(FactMembership {
                group: a,
                services: b
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                blocked: r.get::<bool, _>("blocked"),
            }),
        }
    }
    let Some(status) = status else {
        return Ok(None);
    };
    // The order the other reads give: mandates as granted, memberships by group.
    mandates.sort_by_key(|(id, _)| *id);
    memberships.sort_by(|x, y| x.group.cmp(&y.group));
    Ok(Some(DecisionFacts {
        status,
        mandates: Mandates(mandates.into_iter().map(|(_, m)| m).collect()),
        memberships,
    }))
}
