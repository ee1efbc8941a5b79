//! The session store: tower-sessions' SQLite or PostgreSQL store (the database's), except that saving never brings a
//! deleted session back. tower-sessions saves a session at the end of every request
//! (an upsert); a request that was in flight while its session was signed out would
//! otherwise write the session back, signed in. Here only `create` inserts; `save` updates
//! a row that still exists and does nothing when it is gone, so signing out is final.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::store::Database;

#[derive(Clone, Debug)]
pub enum FinalSessionStore {
    Sqlite(SqliteStore, sqlx::SqlitePool),
    Postgres(PostgresStore, sqlx::PgPool),
}

impl FinalSessionStore {
    /// The store in `database` (created when missing: on SQLite the table
    /// `tower_sessions`, on PostgreSQL the table `tower_sessions.session`).
    pub async fn new(database: &Database) -> sqlx::Result<FinalSessionStore> {
        Ok(match database {
            Database::Sqlite(s) => {
                let inner = SqliteStore::new(s.pool().clone());
                inner.migrate().await?;
                FinalSessionStore::Sqlite(inner, s.pool().clone())
            }
            Database::Postgres(s) => {
                let inner = PostgresStore::new(s.pool().clone());
                inner.migrate().await?;
                FinalSessionStore::Postgres(inner, s.pool().clone())
            }
        })
    }

    fn inner(&self) -> &dyn SessionStore {
        match self {
            FinalSessionStore::Sqlite(s, _) => s,
            FinalSessionStore::Postgres(s, _) => s,
        }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for FinalSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner().create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = rmp_serde::to_vec(record).map_err(backend)?;
        let done = match self {
            FinalSessionStore::Sqlite(_, pool) => {
                sqlx::query("UPDATE tower_sessions SET data = $1, expiry_date = $2 WHERE id = $3")
                    .bind(data)
                    .bind(record.expiry_date)
                    .bind(record.id.to_string())
                    .execute(pool)
                    .await
                    .map(|_| ())
            }
            FinalSessionStore::Postgres(_, pool) => sqlx::query(
                r#"UPDATE "tower_sessions"."session" SET data = $1, expiry_date = $2 WHERE id = $3"#,
            )
            .bind(data)
            .bind(record.expiry_date)
            .bind(record.id.to_string())
            .execute(pool)
            .await
            .map(|_| ()),
        };
        done.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner().load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner().delete(id).await
    }
}

#[async_trait]
impl ExpiredDeletion for FinalSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            FinalSessionStore::Sqlite(s, _) => s.delete_expired().await,
            FinalSessionStore::Postgres(s, _) => s.delete_expired().await,
        }
    }
}
