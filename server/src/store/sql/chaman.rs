//! Chaman (R12): the sender and its channels.

use super::*;

#[async_trait]
impl ChamanStore for DbTx {
    async fn chaman_sender(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::ContactPerson>> {
        let row = sqlx::query(
            "SELECT contact_name, contact_email, contact_phone FROM chaman_senders WHERE enterprise_id = $1",
        )
        .bind(enterprise)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| domain::contact_data::ContactPerson {
            name: r.get(0),
            email: r.get(1),
            phone: r.get(2),
        }))
    }
    async fn insert_chaman_sender(
        &mut self,
        enterprise: i64,
        c: &domain::contact_data::ContactPerson,
        now: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO chaman_senders (enterprise_id, contact_name, contact_email, contact_phone, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(enterprise)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(timestamp(now))
        .execute(&mut *self.tx)
        .await;
        Ok(done?.rows_affected() == 1)
    }
    async fn update_chaman_sender(
        &mut self,
        enterprise: i64,
        c: &domain::contact_data::ContactPerson,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE chaman_senders SET contact_name = $1, contact_email = $2, contact_phone = $3
             WHERE enterprise_id = $4",
        )
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(enterprise)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn delete_chaman_channel(&mut self, enterprise: i64, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM chaman_channels WHERE enterprise_id = $1 AND id = $2")
            .bind(enterprise)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn chaman_channels(&mut self, enterprise: i64) -> Result<Vec<ChannelRecord>> {
        let rows = sqlx::query(
            "SELECT id, kind, environment, credential, summary, active, created_at FROM chaman_channels
             WHERE enterprise_id = $1 ORDER BY id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| {
                let (kind, environment): (String, String) = (r.get(1), r.get(2));
                Ok(ChannelRecord {
                    id: r.get(0),
                    kind: ChannelKind::parse(&kind)
                        .map_err(|e| corrupt("channel kind", &kind, e))?,
                    environment: Environment::parse(&environment)
                        .map_err(|e| corrupt("environment", &environment, e))?,
                    credential: r.get(3),
                    summary: serde_json::from_str(&r.get::<String, _>(4)).unwrap_or_default(),
                    active: r.get::<bool, _>(5),
                    created_at: r.get(6),
                })
            })
            .collect()
    }
    async fn insert_chaman_channel(
        &mut self,
        enterprise: i64,
        kind: ChannelKind,
        environment: Environment,
        credential: &str,
        summary: &[(String, String)],
        now: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO chaman_channels (enterprise_id, kind, environment, credential, summary, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(enterprise)
        .bind(kind.code())
        .bind(environment.code())
        .bind(credential)
        .bind(serde_json::to_string(summary).unwrap_or_default())
        .bind(timestamp(now))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }
    async fn set_channel_active(&mut self, enterprise: i64, id: i64, active: bool) -> Result<()> {
        sqlx::query("UPDATE chaman_channels SET active = $1 WHERE enterprise_id = $2 AND id = $3")
            .bind(active)
            .bind(enterprise)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}
