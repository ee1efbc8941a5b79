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
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Row, Transaction};
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
    /// The decisions' memory, checked by the current snapshot on a connection of its own
    /// (opened on first use and again after a failure; decision_cache.rs).
    decisions: std::sync::Arc<DecisionCache<Option<PgConnection>>>,
    options: PgConnectOptions,
}

impl PgStore {
    /// Connects to and migrates the database at `url` (`postgres://…`); several instances
    /// may do so at once (the migrator takes its own lock).
    pub async fn open(url: &str) -> Result<PgStore> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        fill_search_keys(&pool).await?;
        Ok(PgStore {
            pool,
            url: url.to_owned(),
            decisions: std::sync::Arc::new(DecisionCache::new(None)),
            options,
        })
    }

    /// The pool, for the session store.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The database's change mark: the current snapshot (`xmin:xmax:xip`) is the same
    /// only while no transaction that wrote has committed, on any instance.
    /// Asked on a connection of its own: no wait for the pool, one round trip.
    async fn decision_mark(&self) -> Result<String> {
        let options = self.options.clone();
        self.decisions
            .mark(move |watcher| {
                Box::pin(async move {
                    if watcher.is_none() {
                        *watcher = Some(PgConnection::connect_with(&options).await?);
                    }
                    let conn = watcher.as_mut().expect("just connected");
                    let mark = sqlx::query_scalar("SELECT pg_current_snapshot()::text")
                        .fetch_one(&mut *conn)
                        .await;
                    if mark.is_err() {
                        // Connect again next time.
                        *watcher = None;
                    }
                    Ok(mark?)
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
            .client(&mark, token_hash, decision_client(&self.pool, token_hash))
            .await
    }

    async fn decision_facts(
        &self,
        enterprise: &EnterpriseNumber,
        person: &PersonKey,
    ) -> Result<Option<DecisionFacts>> {
        let mark = self.decision_mark().await?;
        let read = decision_facts(&self.pool, enterprise, person);
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

/// The unrevoked client whose token has this hash.
async fn decision_client(
    pool: &sqlx::Pool<Db>,
    token_hash: &str,
) -> Result<Option<DecisionClient>> {
    let row = sqlx::query(&format!(
        "SELECT {} FROM decision_clients WHERE token_hash = $1 AND revoked_at IS NULL",
        decision_clients::COLUMNS
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decision_clients::client).transpose()
}

/// The enterprise's status and the person's mandates and memberships in it, read by one
/// statement: a row `e` for the enterprise, one `m` per mandate (kind, scope), one `g` per
/// membership (group, services, blocked). `None` when no enterprise has the number.
async fn decision_facts(
    pool: &sqlx::Pool<Db>,
    enterprise: &EnterpriseNumber,
    person: &PersonKey,
) -> Result<Option<DecisionFacts>> {
    let (nn, username) = decisions::person_parameters(person);
    let rows = sqlx::query(decisions::FACTS)
        .bind(enterprise.digits())
        .bind(nn)
        .bind(username)
        .fetch_all(pool)
        .await?;
    Ok(decisions::facts_of_rows(rows.iter().map(|r| decisions::FactRow {
        part: r.get("part"),
        n: r.get("n"),
        a: r.get("a"),
        b: r.get("b"),
        blocked: r.get::<bool, _>("blocked"),
    })))
}
