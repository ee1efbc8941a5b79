//! API tokens of the management API (docs/api.md).

use super::*;

fn seconds(stored: &str) -> Result<i64> {
    stored
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|e| corrupt("timestamp", stored, e))
}

fn token(r: &DbRow) -> Result<ApiToken> {
    let scope: String = r.get("scope");
    let optional = |c: &str| -> Result<Option<i64>> {
        r.get::<Option<String>, _>(c).as_deref().map(seconds).transpose()
    };
    Ok(ApiToken {
        id: r.get("id"),
        enterprise_id: r.get("enterprise_id"),
        person_id: r.get("person_id"),
        person_name: r.get("person_name"),
        name: r.get("name"),
        scope: serde_json::from_str(&scope).map_err(|e| corrupt("token scope", &scope, e))?,
        created_at: seconds(&r.get::<String, _>("created_at"))?,
        expires_at: seconds(&r.get::<String, _>("expires_at"))?,
        last_used_at: optional("last_used_at")?,
        revoked_at: optional("revoked_at")?,
    })
}

const SELECT: &str = "SELECT t.id, t.enterprise_id, t.person_id, p.name AS person_name, t.name,
        t.scope, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
    FROM api_tokens t JOIN people p ON p.id = t.person_id";

#[async_trait]
impl ApiTokenStore for DbTx {
    async fn insert_api_token(
        &mut self,
        enterprise: i64,
        person: i64,
        name: &str,
        token_hash: &str,
        scope: &[String],
        now: i64,
        expires_at: i64,
    ) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (enterprise_id, person_id, name, token_hash, scope, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(enterprise)
        .bind(person)
        .bind(name)
        .bind(token_hash)
        .bind(serde_json::to_string(scope).unwrap_or_else(|_| "[]".into()))
        .bind(crate::clock::timestamp(now))
        .bind(crate::clock::timestamp(expires_at))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }
    async fn api_token_by_hash(&mut self, token_hash: &str) -> Result<Option<ApiToken>> {
        let row = sqlx::query(&format!("{SELECT} WHERE t.token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(token).transpose()
    }
    async fn api_token(&mut self, enterprise: i64, id: i64) -> Result<Option<ApiToken>> {
        let row = sqlx::query(&format!("{SELECT} WHERE t.enterprise_id = $1 AND t.id = $2"))
            .bind(enterprise)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(token).transpose()
    }
    async fn api_tokens(&mut self, enterprise: i64, person: Option<i64>) -> Result<Vec<ApiToken>> {
        let rows = match person {
            Some(p) => {
                sqlx::query(&format!(
                    "{SELECT} WHERE t.enterprise_id = $1 AND t.person_id = $2 ORDER BY t.id DESC"
                ))
                .bind(enterprise)
                .bind(p)
                .fetch_all(&mut *self.tx)
                .await?
            }
            None => {
                sqlx::query(&format!("{SELECT} WHERE t.enterprise_id = $1 ORDER BY t.id DESC"))
                    .bind(enterprise)
                    .fetch_all(&mut *self.tx)
                    .await?
            }
        };
        rows.iter().map(token).collect()
    }
    async fn revoke_api_token(&mut self, id: i64, by: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(crate::clock::timestamp(now))
        .bind(by)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn touch_api_token(&mut self, id: i64, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(crate::clock::timestamp(now))
        .bind(id)
        .bind(crate::clock::timestamp(now - 60))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
