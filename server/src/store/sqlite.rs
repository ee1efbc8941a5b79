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
    /// Read-only connections for the decisions' reads (`direct`).
    readers: std::sync::Arc<Readers>,
}

/// Read-only connections on which the decisions' reads are asked directly, on the calling
/// thread: one indexed statement takes tens of microseconds, less than the trip to and
/// from the thread of a pooled connection (docs/performance.md). Each statement is its own
/// snapshot (autocommit); in WAL mode a reader never waits for a writer.
struct Readers {
    path: std::path::PathBuf,
    idle: std::sync::Mutex<Vec<rusqlite::Connection>>,
}

/// At most this many idle readers are kept (as many as threads ask at once).
const IDLE_READERS: usize = 4;

impl Readers {
    fn open(path: &std::path::Path) -> Result<rusqlite::Connection> {
        let c = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(direct)?;
        // Only while the log is being recovered or truncated can a reader be kept waiting.
        c.busy_timeout(Duration::from_secs(1)).map_err(direct)?;
        Ok(c)
    }

    /// `read` on an idle reader (a new one when none is idle).
    fn with<T>(&self, read: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>) -> Result<T> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let reader = match idle {
            Some(r) => r,
            None => Self::open(&self.path)?,
        };
        let out = read(&reader).map_err(direct);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE_READERS {
            idle.push(reader);
        }
        out
    }
}

/// A failure of a direct read, as the pool's would be reported.
fn direct(e: rusqlite::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Io(std::io::Error::other(e)))
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
        let watcher = Readers::open(options.get_filename())?;
        Ok(SqliteStore {
            pool,
            decisions: std::sync::Arc::new(DecisionCache::new(watcher)),
            readers: std::sync::Arc::new(Readers {
                path: options.get_filename().to_owned(),
                idle: Default::default(),
            }),
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
                    .map_err(direct);
                Box::pin(std::future::ready(v))
            })
            .await
    }
}

/// The unrevoked client whose token hash is `?1`, its columns in `client_of`'s order.
fn client_statement() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        format!(
            "SELECT {} FROM decision_clients WHERE token_hash = $1 AND revoked_at IS NULL",
            decision_clients::COLUMNS
        )
    })
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
        let read = async {
            let sql = client_statement();
            self.readers.with(|r| {
                let mut q = r.prepare_cached(sql)?;
                let mut rows = q.query([token_hash])?;
                let Some(row) = rows.next()? else {
                    return Ok(None);
                };
                let services: String = row.get(2)?;
                Ok(Some((row.get(0)?, row.get(1)?, services, row.get(3)?, row.get(4)?, row.get(5)?)))
            })?
            .map(|(id, name, services, may_search, created_at, revoked_at)| {
                decision_clients::client_of(id, name, &services, may_search, created_at, revoked_at)
            })
            .transpose()
        };
        self.decisions.client(&mark, token_hash, read).await
    }

    async fn decision_facts(
        &self,
        enterprise: &EnterpriseNumber,
        person: &PersonKey,
    ) -> Result<Option<DecisionFacts>> {
        let mark = self.decision_mark().await?;
        let read = async {
            let (nn, username) = decisions::person_parameters(person);
            let rows = self.readers.with(|r| {
                let mut q = r.prepare_cached(decisions::FACTS)?;
                let rows = q.query_map(rusqlite::params![enterprise.digits(), nn, username], |row| {
                    Ok(decisions::FactRow {
                        part: row.get(0)?,
                        n: row.get(1)?,
                        a: row.get(2)?,
                        b: row.get(3)?,
                        blocked: row.get(4)?,
                    })
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })?;
            Ok(decisions::facts_of_rows(rows))
        };
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

