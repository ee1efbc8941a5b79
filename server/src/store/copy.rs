//! Moving up: a SQLite installation copied into an empty PostgreSQL database, every table
//! row for row with its ids, in one transaction on each side (a snapshot of SQLite, all or
//! nothing on PostgreSQL). Sessions are not copied: people sign in again.

use super::{PgStore, Result, SqliteStore, StoreError};
use sqlx::{Column, Row, TypeInfo};

/// Every table Toegang keeps, parents before children (foreign keys), and whether it has
/// an identity column `id` whose sequence must continue after the copied rows.
const TABLES: [(&str, bool); 21] = [
    ("enterprises", true),
    ("enterprise_groups", false),
    ("people", true),
    ("staff", false),
    ("mandates", true),
    ("memberships", false),
    ("audit_log", true),
    ("idempotency_keys", false),
    ("password_credentials", false),
    ("sign_in_failures", false),
    ("outbox", true),
    ("contact_data", false),
    ("contact_persons", false),
    ("chaman_senders", false),
    ("chaman_channels", true),
    ("ebox_documents", true),
    ("ebox_attachments", true),
    ("ebox_reads", false),
    ("ebox_notifications", false),
    ("decision_clients", true),
    ("api_tokens", true),
];

/// Tables of SQLite that are not Toegang's data or are not copied: the groups' totals are
/// kept by triggers on PostgreSQL as the rows arrive; the audit log's retention cutoffs
/// start from the migration's and move forward at the next housekeeping (the rows below
/// them are gone already).
const NOT_COPIED: [&str; 5] = [
    "_sqlx_migrations",
    "sqlite_sequence",
    "tower_sessions",
    "group_totals",
    "audit_retention",
];

/// Copies every row of `from` into `to`, which must hold no enterprise and no person yet.
/// Returns the number of rows per table.
pub async fn sqlite_to_postgres(from: &SqliteStore, to: &PgStore) -> Result<Vec<(String, u64)>> {
    let mut source = from.pool().begin().await?;
    // A table this copy does not know would be left behind: refuse instead.
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut *source)
            .await?;
    if let Some(unknown) = tables.iter().find(|t| {
        !NOT_COPIED.contains(&t.as_str()) && !TABLES.iter().any(|(name, _)| name == t)
    }) {
        return Err(StoreError::Corrupt(format!(
            "table `{unknown}` is not known to the copy"
        )));
    }
    let mut target = to.pool().begin().await?;
    let used: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM enterprises) + (SELECT COUNT(*) FROM people)",
    )
    .fetch_one(&mut *target)
    .await?;
    if used > 0 {
        return Err(StoreError::NotEmpty);
    }
    let mut counts = Vec::new();
    for (table, identity) in TABLES {
        // The target's columns and their types decide how each value is read and bound.
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *target)
        .await?;
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let list = names.join(", ");
        let rows = sqlx::query(&format!("SELECT {list} FROM {table}"))
            .fetch_all(&mut *source)
            .await?;
        let insert = format!(
            "INSERT INTO {table} ({list}) VALUES ({})",
            (1..=names.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
        );
        for row in &rows {
            let mut q = sqlx::query(&insert);
            for (i, (name, kind)) in columns.iter().enumerate() {
                // Read as the target column's type wants it (SQLite's integer booleans
                // become booleans), NULL kept.
                q = match kind.as_str() {
                    "bigint" | "integer" | "smallint" => q.bind(row.try_get::<Option<i64>, _>(i)?),
                    "boolean" => q.bind(row.try_get::<Option<bool>, _>(i)?),
                    "bytea" => q.bind(row.try_get::<Option<Vec<u8>>, _>(i)?),
                    "text" => q.bind(row.try_get::<Option<String>, _>(i)?),
                    other => {
                        return Err(StoreError::Corrupt(format!(
                            "{table}.{name}: type {other} ({}) is not copied",
                            row.column(i).type_info().name()
                        )))
                    }
                };
            }
            q.execute(&mut *target).await?;
        }
        if identity {
            // New rows continue after the copied ids.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            ))
            .execute(&mut *target)
            .await?;
        }
        counts.push((table.to_owned(), rows.len() as u64));
    }
    target.commit().await?;
    Ok(counts)
}
