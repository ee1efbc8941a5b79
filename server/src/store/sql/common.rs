//! What every backend's storage shares: the transaction type, the row decoders and small
//! helpers. Compiled once per backend (`sqlite.rs`, `postgres.rs`), with `Db` and `DbRow`
//! naming that backend's sqlx types, like every file beside it: one SQL text for both.

use super::*;

pub(super) struct DbTx {
    pub(super) tx: Transaction<'static, Db>,
}


/// `$first, $first+1, …`: `n` numbered parameters for an `IN (…)` list.
pub(super) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn corrupt(what: &str, value: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} `{value}`: {e}"))
}

/// A stored national number (R2), parsed.
pub(super) fn national_number(v: Option<String>) -> Result<Option<NationalNumber>> {
    v.map(|s| NationalNumber::parse(&s).map_err(|e| corrupt("national number", &s, e)))
        .transpose()
}

pub(super) fn enterprise(r: &DbRow) -> Result<Enterprise> {
    let number: String = r.get("number");
    Ok(Enterprise {
        id: r.get("id"),
        number: EnterpriseNumber::parse(&number)
            .map_err(|e| corrupt("enterprise number", &number, e))?,
        name: r.get("name"),
        status: EnterpriseStatus::parse(r.get("status")),
    })
}

pub(super) fn person(row: &DbRow) -> Result<Person> {
    Ok(Person {
        id: row.get("id"),
        national_number: national_number(row.get("national_number"))?,
        name: row.get("name"),
    })
}

#[async_trait]
impl Tx for DbTx {
    async fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit().await?)
    }
}

/// How the database is (`Store::health`): reachable, carrying every migration of
/// `migrations`, its pool, and the messages waiting in the outbox.
pub(super) async fn health(
    pool: &sqlx::Pool<Db>,
    migrations: &sqlx::migrate::Migrator,
) -> Result<Health> {
    let known = migrations.iter().count() as i64;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await?;
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(pool)
        .await?;
    Ok(Health {
        migrated: applied >= known,
        connections: pool.size(),
        idle_connections: pool.num_idle() as u32,
        unsent_messages: unsent.max(0) as u64,
    })
}

/// Sets the name (and search key) kept on the memberships of `person` (in `enterprise`, or
/// in every enterprise) to the one each enterprise shows: its staff register's, else the
/// person's own. Run by every write that changes a name.
pub(super) const SYNC_MEMBER_NAMES: &str = "UPDATE memberships SET
    name = COALESCE(
        (SELECT s.name FROM staff s WHERE s.enterprise_id = memberships.enterprise_id AND s.person_id = memberships.person_id),
        (SELECT p.name FROM people p WHERE p.id = memberships.person_id), ''),
    name_key = COALESCE(
        (SELECT s.name_key FROM staff s WHERE s.enterprise_id = memberships.enterprise_id AND s.person_id = memberships.person_id),
        (SELECT p.name_key FROM people p WHERE p.id = memberships.person_id), '')
    WHERE person_id = $1 AND ($2 = 0 OR enterprise_id = $2)";

/// Gives the names written before search keys existed their key (once; migration 0008).
pub(super) async fn fill_search_keys(pool: &sqlx::Pool<Db>) -> Result<()> {
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
    sqlx::query(
        "UPDATE memberships SET name_key = COALESCE(
             (SELECT s.name_key FROM staff s WHERE s.enterprise_id = memberships.enterprise_id AND s.person_id = memberships.person_id),
             (SELECT p.name_key FROM people p WHERE p.id = memberships.person_id), '')
         WHERE name_key = ''",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

