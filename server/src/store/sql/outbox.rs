//! The outbox of e-mails and SMS: enqueued with the change that causes them, claimed with
//! a lease by one sender at a time.

use super::*;

const OUTBOX: &str = "SELECT id, created_at, channel, recipient, subject, body, sent_at, \
     secret, attempts FROM outbox";

fn outbox_message(r: &DbRow) -> OutboxMessage {
    OutboxMessage {
        id: r.get("id"),
        created_at: r.get("created_at"),
        channel: r.get("channel"),
        recipient: r.get("recipient"),
        subject: r.get("subject"),
        body: r.get("body"),
        sent_at: r.get("sent_at"),
        secret: r.get("secret"),
        attempts: r.get::<i64, _>("attempts").max(0) as u32,
    }
}

#[async_trait]
impl OutboxStore for DbTx {
    async fn enqueue(&mut self, m: &NewMessage<'_>, now: i64) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO outbox (channel, recipient, subject, body, secret, secret_expires_at,
                                 created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(m.channel)
        .bind(m.recipient)
        .bind(m.subject)
        .bind(m.body)
        .bind(m.secret.map(|s| s.0))
        .bind(m.secret.map(|s| s.1))
        .bind(timestamp(now))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }
    async fn claim_outbox(
        &mut self,
        claimer: &str,
        now: i64,
        until: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox
             WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $1)
             ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(3, ids.len());
        let update = format!(
            "UPDATE outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
             WHERE id IN ({list})"
        );
        let mut claim = sqlx::query(&update).bind(claimer).bind(until);
        for id in &ids {
            claim = claim.bind(id);
        }
        claim.execute(&mut *self.tx).await?;
        let select = format!(
            "{OUTBOX} WHERE id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        let mut read = sqlx::query(&select);
        for id in &ids {
            read = read.bind(id);
        }
        let rows = read.fetch_all(&mut *self.tx).await?;
        Ok(rows.iter().map(outbox_message).collect())
    }
    async fn mark_sent(&mut self, id: i64, claimer: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET sent_at = $1, secret = NULL, claimed_until = NULL
             WHERE id = $2 AND claimed_by = $3 AND sent_at IS NULL",
        )
        .bind(timestamp(now))
        .bind(id)
        .bind(claimer)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn purge_expired_secrets(&mut self, now: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM outbox WHERE sent_at IS NULL AND secret_expires_at < $1",
        )
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected())
    }
    async fn purge_outbox(&mut self, before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
            .bind(timestamp(before))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }
    async fn recent_outbox(&mut self, limit: u32) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!("{OUTBOX} ORDER BY id DESC LIMIT $1"))
            .bind(limit as i64)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(rows.iter().map(outbox_message).collect())
    }
}
