//! Idempotency keys and the append-only audit log (R14).

use super::*;

#[async_trait]
impl AuditStore for DbTx {
    async fn claim_key(
        &mut self,
        key: &str,
        person: i64,
        action: &str,
        fingerprint: &str,
        now: i64,
    ) -> Result<KeyClaim> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (person_id, key, action, fingerprint, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, key) DO NOTHING",
        )
        .bind(person)
        .bind(key)
        .bind(action)
        .bind(fingerprint)
        .bind(timestamp(now))
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(KeyClaim::New);
        }
        let row = sqlx::query(
            "SELECT action, fingerprint FROM idempotency_keys WHERE person_id = $1 AND key = $2",
        )
        .bind(person)
        .bind(key)
        .fetch_one(&mut *self.tx)
        .await?;
        let same = row.get::<String, _>("action") == action
            && row.get::<String, _>("fingerprint") == fingerprint;
        Ok(if same {
            KeyClaim::Replay
        } else {
            KeyClaim::Conflict
        })
    }
    async fn purge_keys(&mut self, before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(timestamp(before))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }
    async fn audit(&mut self, e: &AuditEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, enterprise_id, actor_id, action, scope, subject_id, target, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(timestamp(e.at))
        .bind(e.enterprise_id)
        .bind(e.actor_id)
        .bind(&e.action)
        .bind(&e.scope)
        .bind(e.subject_id)
        .bind(&e.target)
        .bind(e.before.as_ref().map(|v| v.to_string()))
        .bind(e.after.as_ref().map(|v| v.to_string()))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn audit_count(&mut self, enterprise: i64) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE enterprise_id = $1")
            .bind(enterprise)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(n as u64)
    }
    async fn history(
        &mut self,
        enterprise: i64,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT a.at, p.name, a.action, a.target, a.before, a.after
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
             WHERE a.enterprise_id = $1 AND substr(a.action, 1, length($2)) = $2
             ORDER BY a.id DESC LIMIT $3",
        )
        .bind(enterprise)
        .bind(prefix)
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let json = |v: Option<String>| v.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                at: r.get(0),
                actor: r.get(1),
                action: r.get(2),
                target: r.get(3),
                before: json(r.get(4)),
                after: json(r.get(5)),
            })
            .collect())
    }
}
