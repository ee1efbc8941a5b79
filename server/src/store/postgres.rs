//! The PostgreSQL implementation of the storage interface, for several instances of
//! Toegang on one database: the connection, its transactions and its copy. The statements
//! are `sql/`'s, the same text as on SQLite.
//!
//! Writes are serialised as on SQLite, but per enterprise: a change takes a transaction-
//! scoped advisory lock on its enterprise (and a shared one on the whole database), so that
//! what the rules read cannot change before the write, on whichever instance; writes of
//! different enterprises go side by side. Writes outside an enterprise (operator acts,
//! jobs, sign-in) take the whole database's lock exclusively. The uniqueness rules are
//! constraints as well, so that no path can break them.

shared_statements!();

use super::*;
use common::*;
use domain::chaman::{ChannelKind, Environment};
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, Mandate, NationalNumber};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Row, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// The backend the shared statements in `sql/` are compiled for here.
type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;

pub(crate) use crate::clock::timestamp;

/// The advisory lock class of Toegang's write locks (the first key of the two-key form).
const LOCKS: i32 = 0x746f_6567; // "toeg"
/// The key of the whole database's lock (enterprise ids start at 1).
const EVERYTHING: i32 = 0;

/// This backend's migrations.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// PostgreSQL storage: a pool of connections, migrated at start.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    url: String,
    /// The decisions' memory, checked by the current snapshot (decision_cache.rs).
    decisions: std::sync::Arc<DecisionCache<()>>,
}

impl PgStore {
    /// Connects to and migrates the database at `url` (`postgres://…`); several instances
    /// may do so at once (the migrator takes its own lock).
    pub async fn open(url: &str) -> Result<PgStore> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        fill_search_keys(&pool).await?;
        Ok(PgStore {
            pool,
            url: url.to_owned(),
            decisions: std::sync::Arc::new(DecisionCache::new(())),
        })
    }

    /// The pool, for the session store.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The database's change mark: the current snapshot (`xmin:xmax:xip`) is the same
    /// only while no transaction that wrote has committed, on any instance.
    async fn decision_mark(&self) -> Result<String> {
        let pool = self.pool.clone();
        self.decisions
            .mark(move |_| {
                Box::pin(async move {
                    let s: String = sqlx::query_scalar("SELECT pg_current_snapshot()::text")
                        .fetch_one(&pool)
                        .await?;
                    Ok(s)
                })
            })
            .await
    }

    async fn locked(&self, key: i32, shared_everything: bool) -> Result<Box<dyn Tx>> {
        let mut tx = self.pool.begin().await?;
        if shared_everything {
            sqlx::query("SELECT pg_advisory_xact_lock_shared($1, $2)")
                .bind(LOCKS)
                .bind(EVERYTHING)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind(LOCKS)
            .bind(key)
            .execute(&mut *tx)
            .await?;
        Ok(Box::new(DbTx { tx }))
    }
}

#[async_trait]
impl Store for PgStore {
    async fn write(&self) -> Result<Box<dyn Tx>> {
        self.locked(EVERYTHING, false).await
    }

    async fn write_in(&self, enterprise: i64) -> Result<Box<dyn Tx>> {
        // Enterprise ids are identity values far below 2^31 (the lock key is 32-bit).
        let key = i32::try_from(enterprise).unwrap_or(i32::MAX).max(1);
        self.locked(key, true).await
    }

    async fn read(&self) -> Result<Box<dyn Tx>> {
        // One snapshot for everything a page reads.
        let tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        Ok(Box::new(DbTx { tx }))
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
        // pg_dump reads one snapshot of the whole database; the custom format restores
        // with pg_restore. The file must not exist yet.
        if to.exists() {
            return Err(StoreError::Database(sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists", to.display()),
            ))));
        }
        let out = tokio::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(to)
            .arg(&self.url)
            .output()
            .await
            .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        if !out.status.success() {
            return Err(StoreError::Database(sqlx::Error::Io(std::io::Error::other(
                format!("pg_dump: {}", String::from_utf8_lossy(&out.stderr).trim()),
            ))));
        }
        Ok(())
    }

    async fn health(&self) -> Result<Health> {
        health(&self.pool, &MIGRATOR).await
    }
}
