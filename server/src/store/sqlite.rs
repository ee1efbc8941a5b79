//! The SQLite implementation of the storage interface (the embedded default): the
//! connection, its transactions and its copy; the statements are `sql/`'s, one file per
//! aggregate, shared with PostgreSQL.

shared_statements!();

use super::*;
use domain::chaman::{ChannelKind, Environment};
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, Mandate, NationalNumber};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool, Transaction};
use common::*;

/// The backend the shared statements in `sql/` are compiled for here.
type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
use std::str::FromStr;
use std::time::Duration;

pub(crate) use crate::clock::timestamp;

/// This backend's migrations.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// SQLite storage: one file, WAL mode, migrated at start.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The decisions' memory, checked by `PRAGMA data_version` on a connection of its own
    /// that never writes, asked directly (microseconds, no thread hop; decision_cache.rs).
    decisions: std::sync::Arc<DecisionCache<rusqlite::Connection>>,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `url`
    /// (e.g. `sqlite://data/toegang.db`).
    pub async fn open(url: &str) -> Result<SqliteStore> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
                }
            }
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // An acknowledged change survives a power cut: in WAL mode `NORMAL` may lose
            // the last commits then; `FULL` syncs the log at every commit
            // (docs/decisions.md).
            .synchronous(SqliteSynchronous::Full)
            // A REPLACE that deletes a row fires its delete triggers (the audit log's).
            .pragma("recursive_triggers", "ON")
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        fill_search_keys(&pool).await?;
        // Read-only and never in a transaction: its data_version changes with every commit
        // of any other connection, in this process or another.
        let watcher = rusqlite::Connection::open_with_flags(
            options.get_filename(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))))?;
        Ok(SqliteStore {
            pool,
            decisions: std::sync::Arc::new(DecisionCache::new(watcher)),
        })
    }

    /// The pool, for the session store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The database's change mark: `PRAGMA data_version` changes on the watching
    /// connection with every commit of any other connection, in this process or another.
    async fn decision_mark(&self) -> Result<String> {
        self.decisions
            .mark(|watcher| {
                let v = watcher
                    .prepare_cached("PRAGMA data_version")
                    .and_then(|mut q| q.query_row([], |r| r.get::<_, i64>(0)))
                    .map(|v| v.to_string())
                    .map_err(|e| StoreError::Database(sqlx::Error::Io(std::io::Error::other(e))));
                Box::pin(std::future::ready(v))
            })
            .await
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn write(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(DbTx {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
        }))
    }

    async fn read(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(DbTx {
            tx: self.pool.begin().await?,
        }))
    }

    async fn decision_client(&self, token_hash: &str) -> Result<Option<DecisionClient>> {
        let mark = self.decision_mark().await?;
        self.decisions
            .client(&mark, token_hash, decisions::decision_client(&self.pool, token_hash))
            .await
    }

    async fn decision_facts(
        &self,
        enterprise: &EnterpriseNumber,
        person: &PersonKey,
    ) -> Result<Option<DecisionFacts>> {
        let mark = self.decision_mark().await?;
        let read = decisions::decision_facts(&self.pool, enterprise, person);
        self.decisions.facts(&mark, enterprise, person, read).await
    }

    async fn backup(&self, to: &std::path::Path) -> Result<()> {
        // One read transaction's snapshot, written as a compact new database file.
        sqlx::query("VACUUM INTO $1")
            .bind(to.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn health(&self) -> Result<Health> {
        health(&self.pool, &MIGRATOR).await
    }
}

