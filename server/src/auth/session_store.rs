//! The session store: tower-sessions' SQLite store, except that saving never brings a
//! deleted session back. tower-sessions saves a session at the end of every request
//! (an upsert); a request that was in flight while its session was signed out would
//! otherwise write the session back, signed in. Here only `create` inserts; `save` updates
//! a row that still exists and does nothing when it is gone, so signing out is final.

use async_trait::async_trait;
use sqlx::SqlitePool;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::SqliteStore;

#[derive(Clone, Debug)]
pub struct FinalSessionStore {
    inner: SqliteStore,
    pool: SqlitePool,
}

impl FinalSessionStore {
    /// The store on `pool` (table `tower_sessions`, created when missing).
    pub async fn new(pool: SqlitePool) -> sqlx::Result<FinalSessionStore> {
        let inner = SqliteStore::new(pool.clone());
        inner.migrate().await?;
        Ok(FinalSessionStore { inner, pool })
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for FinalSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = rmp_serde::to_vec(record).map_err(backend)?;
        sqlx::query("UPDATE tower_sessions SET data = $1, expiry_date = $2 WHERE id = $3")
            .bind(data)
            .bind(record.expiry_date)
            .bind(record.id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await
    }
}

#[async_trait]
impl ExpiredDeletion for FinalSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        self.inner.delete_expired().await
    }
}
