//! Sign-in records (DESIGN.md §4): credentials and failed attempts.

use super::*;

const CREDENTIAL: &str = "SELECT person_id, username, password_hash, must_change, issued_at, totp_secret, totp_pending_secret, totp_last_step FROM password_credentials";

fn credential(r: &DbRow) -> Credential {
    Credential {
        person_id: r.get("person_id"),
        username: r.get("username"),
        password_hash: r.get("password_hash"),
        must_change: r.get::<bool, _>("must_change"),
        issued_at: r.get("issued_at"),
        totp_secret: r.get("totp_secret"),
        totp_pending_secret: r.get("totp_pending_secret"),
        totp_last_step: r.get::<Option<i64>, _>("totp_last_step").map(|s| s as u64),
    }
}

#[async_trait]
impl SignInStore for DbTx {
    async fn credential(&mut self, person: i64) -> Result<Option<Credential>> {
        let row = sqlx::query(&format!("{CREDENTIAL} WHERE person_id = $1"))
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(credential))
    }
    async fn credential_by_username(&mut self, username: &str) -> Result<Option<Credential>> {
        let row = sqlx::query(&format!("{CREDENTIAL} WHERE username = $1"))
            .bind(username)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(credential))
    }
    async fn insert_credential(
        &mut self,
        person: i64,
        username: &str,
        password_hash: &str,
        must_change: bool,
        issued_at: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO password_credentials (person_id, username, password_hash, must_change, issued_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(person)
        .bind(username)
        .bind(password_hash)
        .bind(must_change)
        .bind(issued_at)
        .execute(&mut *self.tx)
        .await;
        Ok(done?.rows_affected() == 1)
    }
    async fn set_password(
        &mut self,
        person: i64,
        password_hash: &str,
        must_change: bool,
        issued_at: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE password_credentials SET password_hash = $1, must_change = $2, issued_at = $3 WHERE person_id = $4")
            .bind(password_hash)
            .bind(must_change)
            .bind(issued_at)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn set_totp_pending(&mut self, person: i64, secret: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE password_credentials SET totp_pending_secret = $1 WHERE person_id = $2",
        )
        .bind(secret)
        .bind(person)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn enrol_totp(&mut self, person: i64, secret: &str, step: u64) -> Result<()> {
        sqlx::query("UPDATE password_credentials SET totp_secret = $1, totp_pending_secret = NULL, totp_last_step = $2
             WHERE person_id = $3 AND totp_secret IS NULL")
            .bind(secret)
            .bind(step as i64)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn reset_totp(&mut self, person: i64) -> Result<()> {
        sqlx::query(
            "UPDATE password_credentials
             SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
             WHERE person_id = $1",
        )
        .bind(person)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn credential_people(&mut self) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT person_id FROM password_credentials ORDER BY person_id")
                .fetch_all(&mut *self.tx)
                .await?,
        )
    }
    async fn set_totp_last_step(&mut self, person: i64, step: u64) -> Result<()> {
        sqlx::query("UPDATE password_credentials SET totp_last_step = $1 WHERE person_id = $2")
            .bind(step as i64)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn sign_in_failures(&mut self, username: &str) -> Result<Option<(u32, i64)>> {
        let row = sqlx::query(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| (r.get::<i64, _>(0) as u32, r.get(1))))
    }
    async fn set_sign_in_failures(&mut self, username: &str, failures: u32, at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sign_in_failures (username, failures, last_failure_at) VALUES ($1, $2, $3)
             ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at",
        )
        .bind(username)
        .bind(failures as i64)
        .bind(at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
    async fn clear_sign_in_failures(&mut self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
            .bind(username)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
    async fn purge_sign_in_failures(&mut self, before: i64, below: u32) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sign_in_failures WHERE last_failure_at < $1 AND failures < $2",
        )
        .bind(before)
        .bind(below as i64)
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }
}
