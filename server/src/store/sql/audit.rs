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
            "INSERT INTO audit_log (at, enterprise_id, actor_id, action, scope, subject_id, target, before, after, api_token_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
        .bind(e.api_token_id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn audit_count(&mut self, enterprise: i64) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE enterprise_id = $1 AND action NOT LIKE 'signin.%'")
            .bind(enterprise)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(n as u64)
    }
    async fn audit_rows(&mut self, q: &AuditQuery, limit: u32) -> Result<Vec<AuditRow>> {
        let mut b = sqlx::QueryBuilder::<Db>::new(
            "SELECT a.id, a.at, pa.name, pa.national_number, a.action, a.scope, ps.name, ps.national_number, a.target, a.before, a.after, tk.name
             FROM audit_log a LEFT JOIN people pa ON pa.id = a.actor_id LEFT JOIN people ps ON ps.id = a.subject_id
                  LEFT JOIN api_tokens tk ON tk.id = a.api_token_id
             WHERE a.enterprise_id = ",
        );
        b.push_bind(q.enterprise);
        if let Some(id) = q.before_id {
            b.push(" AND a.id < ").push_bind(id);
        }
        if let Some((scopes, groups)) = &q.within {
            // Acted in the reader's domains and groups, or a sign-in of one of its users.
            b.push(" AND (a.scope IN (").push_bind("");
            for s in scopes {
                b.push(", ").push_bind(s.clone());
            }
            b.push(") OR (a.action LIKE 'signin.%' AND a.subject_id IN (SELECT m.person_id FROM memberships m WHERE m.enterprise_id = ")
                .push_bind(q.enterprise)
                .push(" AND m.group_code IN (")
                .push_bind("");
            for g in groups {
                b.push(", ").push_bind(g.clone());
            }
            b.push("))))");
        }
        for (column, text) in [("a.actor_id", &q.actor), ("a.subject_id", &q.person)] {
            if let Some(text) = text {
                let (name, digits) = super::memberships::patterns(text);
                b.push(format!(" AND {column} IN (SELECT p.id FROM people p WHERE p.name_key LIKE "))
                    .push_bind(name)
                    .push(" ESCAPE '\\'");
                if !digits.is_empty() {
                    b.push(" OR (p.national_number >= ")
                        .push_bind(digits.clone())
                        .push(" AND p.national_number < ")
                        .push_bind(format!("{digits}:"))
                        .push(")");
                }
                b.push(")");
            }
        }
        if let Some(g) = &q.group {
            b.push(" AND a.scope = ").push_bind(g.clone());
        }
        if let Some(k) = &q.kind {
            b.push(" AND a.action LIKE ").push_bind(format!("{k}.%"));
        }
        if let Some(from) = &q.from {
            b.push(" AND a.at >= ").push_bind(from.clone());
        }
        if let Some(until) = &q.until {
            b.push(" AND a.at < ").push_bind(until.clone());
        }
        b.push(" ORDER BY a.id DESC LIMIT ").push_bind(limit as i64);
        let rows = b.build().fetch_all(&mut *self.tx).await?;
        let json = |v: Option<String>| v.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .into_iter()
            .map(|r| AuditRow {
                id: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                actor_number: r.get(3),
                action: r.get(4),
                scope: r.get(5),
                subject: r.get(6),
                subject_number: r.get(7),
                target: r.get(8),
                before: json(r.get(9)),
                after: json(r.get(10)),
                api_token: r.get(11),
            })
            .collect())
    }
    async fn remove_expired_audit(&mut self, kind: &str, before: &str) -> Result<Vec<(i64, u64)>> {
        sqlx::query("UPDATE audit_retention SET before = $2 WHERE kind = $1 AND before < $2")
            .bind(kind)
            .bind(before)
            .execute(&mut *self.tx)
            .await?;
        let of_kind = if kind == "signin" {
            "action LIKE 'signin.%'"
        } else {
            "action NOT LIKE 'signin.%'"
        };
        let counts = sqlx::query(&format!(
            "SELECT enterprise_id, COUNT(*) FROM audit_log WHERE at < $1 AND {of_kind}
             GROUP BY enterprise_id ORDER BY enterprise_id"
        ))
        .bind(before)
        .fetch_all(&mut *self.tx)
        .await?
        .iter()
        .map(|r| (r.get::<i64, _>(0), r.get::<i64, _>(1) as u64))
        .collect();
        sqlx::query(&format!("DELETE FROM audit_log WHERE at < $1 AND {of_kind}"))
            .bind(before)
            .execute(&mut *self.tx)
            .await?;
        Ok(counts)
    }
    async fn latest_about(
        &mut self,
        enterprise: i64,
        person: i64,
        action: &str,
        limit: u32,
    ) -> Result<Vec<(String, String, Option<String>)>> {
        // By the (enterprise, subject, id) index.
        let rows = sqlx::query(
            "SELECT COALESCE(a.scope, '') AS scope, a.at, p.name
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
             WHERE a.enterprise_id = $1 AND a.subject_id = $2 AND a.action = $3
             ORDER BY a.id DESC LIMIT $4",
        )
        .bind(enterprise)
        .bind(person)
        .bind(action)
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
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
