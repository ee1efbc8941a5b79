//! The online services registered to ask for decisions (AuthZEN, DESIGN.md §4a).

use super::*;

pub(super) fn client(r: &DbRow) -> Result<DecisionClient> {
    client_of(
        r.get("id"),
        r.get("name"),
        &r.get::<String, _>("services"),
        r.get::<bool, _>("may_search"),
        r.get("created_at"),
        r.get("revoked_at"),
    )
}

/// A client from its [`COLUMNS`], in order (also read directly on SQLite: sqlite.rs).
pub(super) fn client_of(
    id: i64,
    name: String,
    services: &str,
    may_search: bool,
    created_at: String,
    revoked_at: Option<String>,
) -> Result<DecisionClient> {
    Ok(DecisionClient {
        id,
        name,
        services: serde_json::from_str(services)
            .map_err(|e| corrupt("client services", services, e))?,
        may_search,
        created_at,
        revoked_at,
    })
}

pub(super) const COLUMNS: &str = "id, name, services, may_search, created_at, revoked_at";

#[async_trait]
impl DecisionClientStore for DbTx {
    async fn insert_decision_client(
        &mut self,
        name: &str,
        token_hash: &str,
        services: &[String],
        may_search: bool,
        now: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO decision_clients (name, token_hash, services, may_search, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(token_hash)
        .bind(serde_json::to_string(services).unwrap_or_else(|_| "[]".into()))
        .bind(may_search)
        .bind(crate::clock::timestamp(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn decision_clients(&mut self) -> Result<Vec<DecisionClient>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM decision_clients ORDER BY name"))
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter().map(client).collect()
    }
    async fn revoke_decision_client(&mut self, name: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE decision_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(crate::clock::timestamp(now))
        .bind(name)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn related_people(
        &mut self,
        enterprise: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Option<NationalNumber>)>> {
        let rows = sqlx::query(
            "SELECT id, national_number FROM people WHERE id IN (
                 SELECT person_id FROM mandates WHERE enterprise_id = $1 AND person_id > $2
                 UNION
                 SELECT person_id FROM memberships WHERE enterprise_id = $1 AND person_id > $2)
             ORDER BY id LIMIT $3",
        )
        .bind(enterprise)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| Ok((r.get(0), national_number(r.get(1))?)))
            .collect()
    }
}
