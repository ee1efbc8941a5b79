//! The SQLite implementation of the storage interface (the embedded default), one file
//! per aggregate.

mod audit;
mod chaman;
mod contact_data;
mod ebox;
mod enterprises;
mod mandates;
mod memberships;
mod outbox;
mod signin;

use super::*;
use domain::chaman::{ChannelKind, Environment};
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, Mandate, NationalNumber};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub(crate) use crate::clock::timestamp;

/// SQLite storage: one file, WAL mode, migrated at start.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
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
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        fill_search_keys(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for the session store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Gives the names written before search keys existed their key (once; migration 0008).
async fn fill_search_keys(pool: &SqlitePool) -> Result<()> {
    let people: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM people WHERE name_key IS NULL")
            .fetch_all(pool)
            .await?;
    let staff: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT enterprise_id, person_id, name FROM staff WHERE name IS NOT NULL AND name_key IS NULL",
    )
    .fetch_all(pool)
    .await?;
    if people.is_empty() && staff.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for (id, name) in people {
        sqlx::query("UPDATE people SET name_key = $1 WHERE id = $2")
            .bind(domain::contact::search_key(&name))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for (e, p, name) in staff {
        sqlx::query("UPDATE staff SET name_key = $1 WHERE enterprise_id = $2 AND person_id = $3")
            .bind(domain::contact::search_key(&name))
            .bind(e)
            .bind(p)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn write(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(SqliteTx {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
        }))
    }

    async fn read(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(SqliteTx {
            tx: self.pool.begin().await?,
        }))
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
        let known = sqlx::migrate!("./migrations").iter().count() as i64;
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(Health {
            migrated: applied >= known,
            connections: self.pool.size(),
            idle_connections: self.pool.num_idle() as u32,
            unsent_messages: unsent.max(0) as u64,
        })
    }
}

struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
}

/// `true` when an insert went in, `false` when a uniqueness rule of the database refused
/// it (a taken slot or name: also when two instances race).
fn unless_taken<T>(done: std::result::Result<T, sqlx::Error>) -> Result<bool> {
    match done {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// `$first, $first+1, …`: `n` numbered parameters for an `IN (…)` list.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn corrupt(what: &str, value: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} `{value}`: {e}"))
}

/// A stored national number (R2), parsed.
fn national_number(v: Option<String>) -> Result<Option<NationalNumber>> {
    v.map(|s| NationalNumber::parse(&s).map_err(|e| corrupt("national number", &s, e)))
        .transpose()
}

fn enterprise(r: &sqlx::sqlite::SqliteRow) -> Result<Enterprise> {
    let number: String = r.get("number");
    Ok(Enterprise {
        id: r.get("id"),
        number: EnterpriseNumber::parse(&number)
            .map_err(|e| corrupt("enterprise number", &number, e))?,
        name: r.get("name"),
        status: EnterpriseStatus::parse(r.get("status")),
    })
}

fn person(row: &sqlx::sqlite::SqliteRow) -> Result<Person> {
    Ok(Person {
        id: row.get("id"),
        national_number: national_number(row.get("national_number"))?,
        name: row.get("name"),
    })
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit().await?)
    }
}
