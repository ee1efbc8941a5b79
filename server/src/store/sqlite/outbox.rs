//! The outbox of e-mails and SMS.

use super::*;

const OUTBOX: &str =
    "SELECT id, created_at, channel, recipient, subject, body, sent_at FROM outbox";

fn outbox_message(r: &sqlx::sqlite::SqliteRow) -> OutboxMessage {
    OutboxMessage {
        id: r.get("id"),
        created_at: r.get("created_at"),
        channel: r.get("channel"),
        recipient: r.get("recipient"),
        subject: r.get("subject"),
        body: r.get("body"),
        sent_at: r.get("sent_at"),
    }
}

#[async_trait]
impl OutboxStore for SqliteTx {
    async fn enqueue(
        &mut self,
        channel: &str,
        recipient: &str,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO outbox (channel, recipient, subject, body, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(channel)
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(timestamp(now))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }
    async fn unsent(&mut self, limit: u32) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!(
            "{OUTBOX} WHERE sent_at IS NULL ORDER BY id LIMIT $1"
        ))
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(outbox_message).collect())
    }
    async fn mark_sent(&mut self, id: i64, now: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
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
