//! The SQLite implementation of the storage interface (the embedded default).

use super::*;
use domain::Mandate;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

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
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for the session store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
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
}

struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
}

fn split_codes(s: Option<String>) -> Vec<String> {
    s.unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `LIKE` patterns for a search: the text for names, its digits for national numbers.
fn patterns(query: &str) -> (String, String) {
    let q = query.trim();
    let escaped: String = q
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    // A query of digits (with the separators of R2) also searches national numbers.
    let numeric = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' '));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let nn = if numeric && !digits.is_empty() {
        format!("%{digits}%")
    } else {
        String::new()
    };
    (format!("%{escaped}%"), nn)
}

const MEMBER_COLUMNS: &str = "m.person_id, p.national_number, p.name, m.group_code, m.services, m.blocked,
    EXISTS (SELECT 1 FROM mandates x WHERE x.enterprise_id = m.enterprise_id AND x.person_id = m.person_id
            AND x.kind = 'main_access_manager') AS is_mam";

fn member(row: &sqlx::sqlite::SqliteRow) -> MemberRecord {
    MemberRecord {
        person_id: row.get("person_id"),
        national_number: row
            .get::<Option<String>, _>("national_number")
            .unwrap_or_default(),
        name: row.get("name"),
        group: row.get("group_code"),
        services: split_codes(row.get("services")),
        blocked: row.get::<i64, _>("blocked") != 0,
        is_main_access_manager: row.get::<i64, _>("is_mam") != 0,
    }
}

fn enterprise(r: &sqlx::sqlite::SqliteRow) -> Enterprise {
    Enterprise {
        id: r.get("id"),
        number: r.get("number"),
        name: r.get("name"),
        status: r.get("status"),
    }
}

fn person(row: &sqlx::sqlite::SqliteRow) -> Person {
    Person {
        id: row.get("id"),
        national_number: row.get("national_number"),
        name: row.get("name"),
    }
}

fn credential(r: &sqlx::sqlite::SqliteRow) -> Credential {
    Credential {
        person_id: r.get("person_id"),
        username: r.get("username"),
        password_hash: r.get("password_hash"),
        must_change: r.get::<i64, _>("must_change") != 0,
        issued_at: r.get("issued_at"),
        totp_secret: r.get("totp_secret"),
        totp_pending_secret: r.get("totp_pending_secret"),
        totp_last_step: r.get::<Option<i64>, _>("totp_last_step").map(|s| s as u64),
    }
}

fn outbox_message(r: &sqlx::sqlite::SqliteRow) -> OutboxMessage {
    OutboxMessage {
        id: r.get("id"),
        created_at: r.get("created_at"),
        channel: r.get("channel"),
        recipient: r.get("recipient"),
        subject: r.get("subject"),
        body: r.get("body"),
        sent_at: r.get("sent_at"),
    }
}

const CREDENTIAL: &str = "SELECT person_id, username, password_hash, must_change, issued_at, totp_secret, totp_pending_secret, totp_last_step FROM password_credentials";
const OUTBOX: &str =
    "SELECT id, created_at, channel, recipient, subject, body, sent_at FROM outbox";

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit().await?)
    }

    async fn enterprise(&mut self, id: i64) -> Result<Option<Enterprise>> {
        let row = sqlx::query("SELECT id, number, name, status FROM enterprises WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(enterprise))
    }

    async fn enterprise_by_number(&mut self, number: &str) -> Result<Option<Enterprise>> {
        let row = sqlx::query("SELECT id, number, name, status FROM enterprises WHERE number = $1")
            .bind(number)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(enterprise))
    }

    async fn insert_enterprise(&mut self, number: &str, name: &str) -> Result<i64> {
        let row =
            sqlx::query("INSERT INTO enterprises (number, name) VALUES ($1, $2) RETURNING id")
                .bind(number)
                .bind(name)
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(row.get(0))
    }

    async fn set_enterprise_status(&mut self, id: i64, status: &str) -> Result<()> {
        sqlx::query("UPDATE enterprises SET status = $1 WHERE id = $2")
            .bind(status)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn enterprise_groups(&mut self, enterprise: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT group_code FROM enterprise_groups WHERE enterprise_id = $1 ORDER BY group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn add_enterprise_group(&mut self, enterprise: i64, group: &str) -> Result<()> {
        sqlx::query("INSERT INTO enterprise_groups (enterprise_id, group_code) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(enterprise)
            .bind(group)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn person(&mut self, id: i64) -> Result<Option<Person>> {
        let row = sqlx::query("SELECT id, national_number, name FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(person))
    }

    async fn person_by_national_number(&mut self, nn: &str) -> Result<Option<Person>> {
        let row =
            sqlx::query("SELECT id, national_number, name FROM people WHERE national_number = $1")
                .bind(nn)
                .fetch_optional(&mut *self.tx)
                .await?;
        Ok(row.as_ref().map(person))
    }

    async fn insert_person(&mut self, nn: Option<&str>, name: &str) -> Result<i64> {
        let row =
            sqlx::query("INSERT INTO people (national_number, name) VALUES ($1, $2) RETURNING id")
                .bind(nn)
                .bind(name)
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(row.get(0))
    }

    async fn set_person_name(&mut self, id: i64, name: &str) -> Result<()> {
        sqlx::query("UPDATE people SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn is_staff(&mut self, enterprise: i64, person: i64) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM staff WHERE enterprise_id = $1 AND person_id = $2")
            .bind(enterprise)
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.is_some())
    }

    async fn add_staff(&mut self, enterprise: i64, person: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO staff (enterprise_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(enterprise)
        .bind(person)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn staff(&mut self, enterprise: i64) -> Result<Vec<Person>> {
        let rows = sqlx::query(
            "SELECT p.id, p.national_number, p.name FROM staff s JOIN people p ON p.id = s.person_id
             WHERE s.enterprise_id = $1 ORDER BY p.name, p.id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(person).collect())
    }

    async fn mandates(&mut self, enterprise: i64, person: i64) -> Result<Mandates> {
        let rows = sqlx::query("SELECT kind, scope FROM mandates WHERE enterprise_id = $1 AND person_id = $2 ORDER BY id")
            .bind(enterprise)
            .bind(person)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(Mandates(
            rows.iter()
                .filter_map(|r| Mandate::from_parts(r.get("kind"), r.get("scope")))
                .collect(),
        ))
    }

    async fn add_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &Mandate,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO mandates (enterprise_id, person_id, kind, scope) VALUES ($1, $2, $3, $4)",
        )
        .bind(enterprise)
        .bind(person)
        .bind(mandate.kind())
        .bind(mandate.scope().unwrap_or(""))
        .execute(&mut *self.tx)
        .await;
        match done {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    async fn remove_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &Mandate,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM mandates WHERE enterprise_id = $1 AND person_id = $2 AND kind = $3 AND scope = $4",
        )
        .bind(enterprise)
        .bind(person)
        .bind(mandate.kind())
        .bind(mandate.scope().unwrap_or(""))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn main_access_manager(&mut self, enterprise: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT person_id FROM mandates WHERE enterprise_id = $1 AND kind = 'main_access_manager'")
            .bind(enterprise)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn managers(&mut self, enterprise: i64) -> Result<Vec<(Person, Mandates)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.national_number, p.name, m.kind, m.scope FROM mandates m JOIN people p ON p.id = m.person_id
             WHERE m.enterprise_id = $1 ORDER BY m.id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out: Vec<(Person, Mandates)> = Vec::new();
        for r in &rows {
            let p = person(r);
            let Some(m) = Mandate::from_parts(r.get("kind"), r.get("scope")) else {
                continue;
            };
            match out.iter_mut().find(|(q, _)| q.id == p.id) {
                Some((_, ms)) => ms.0.push(m),
                None => out.push((p, Mandates(vec![m]))),
            }
        }
        Ok(out)
    }

    async fn membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
    ) -> Result<Option<MemberRecord>> {
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.enterprise_id = $1 AND m.group_code = $2 AND m.person_id = $3"
        );
        let row = sqlx::query(&sql)
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.as_ref().map(member))
    }

    async fn memberships_of(&mut self, enterprise: i64, person: i64) -> Result<Vec<MemberRecord>> {
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.enterprise_id = $1 AND m.person_id = $2 ORDER BY m.group_code"
        );
        let rows = sqlx::query(&sql)
            .bind(enterprise)
            .bind(person)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(rows.iter().map(member).collect())
    }

    async fn group_counts(&mut self, enterprise: i64) -> Result<Vec<GroupCount>> {
        let rows = sqlx::query(
            "SELECT g.group_code, COUNT(m.person_id) AS users, COALESCE(SUM(m.blocked), 0) AS blocked
             FROM enterprise_groups g LEFT JOIN memberships m
               ON m.enterprise_id = g.enterprise_id AND m.group_code = g.group_code
             WHERE g.enterprise_id = $1 GROUP BY g.group_code ORDER BY g.group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| GroupCount {
                group: r.get("group_code"),
                users: r.get::<i64, _>("users") as u64,
                blocked: r.get::<i64, _>("blocked") as u64,
            })
            .collect())
    }

    async fn search_members(
        &mut self,
        enterprise: i64,
        group: &str,
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<MemberRecord>, u64)> {
        let (name, nn) = patterns(query);
        let filter = "m.enterprise_id = $1 AND m.group_code = $2
            AND (p.name LIKE $3 ESCAPE '\\' OR ($4 <> '' AND p.national_number LIKE $4))";
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id WHERE {filter}"
        ))
        .bind(enterprise)
        .bind(group)
        .bind(&name)
        .bind(&nn)
        .fetch_one(&mut *self.tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE {filter} ORDER BY p.name, p.id LIMIT $5 OFFSET $6"
        ))
        .bind(enterprise)
        .bind(group)
        .bind(&name)
        .bind(&nn)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok((rows.iter().map(member).collect(), total as u64))
    }

    async fn search_users(
        &mut self,
        enterprise: i64,
        groups: &[String],
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<UserRecord>, u64)> {
        let (name, nn) = patterns(query);
        let groups = serde_json::to_string(groups).unwrap_or_else(|_| "[]".into());
        let filter = "m.enterprise_id = $1 AND m.group_code IN (SELECT value FROM json_each($2))
            AND (p.name LIKE $3 ESCAPE '\\' OR ($4 <> '' AND p.national_number LIKE $4))";
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(DISTINCT m.person_id) FROM memberships m JOIN people p ON p.id = m.person_id WHERE {filter}"
        ))
        .bind(enterprise)
        .bind(&groups)
        .bind(&name)
        .bind(&nn)
        .fetch_one(&mut *self.tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT p.national_number, p.name,
                    group_concat(m.group_code, ',') AS groups,
                    group_concat(CASE WHEN m.blocked = 1 THEN m.group_code END, ',') AS blocked_groups
             FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE {filter} GROUP BY p.id ORDER BY p.name, p.id LIMIT $5 OFFSET $6"
        ))
        .bind(enterprise)
        .bind(&groups)
        .bind(&name)
        .bind(&nn)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let users = rows
            .iter()
            .map(|r| {
                let mut groups = split_codes(r.get("groups"));
                groups.sort();
                let mut blocked_groups = split_codes(r.get("blocked_groups"));
                blocked_groups.sort();
                UserRecord {
                    national_number: r
                        .get::<Option<String>, _>("national_number")
                        .unwrap_or_default(),
                    name: r.get("name"),
                    groups,
                    blocked_groups,
                }
            })
            .collect();
        Ok((users, total as u64))
    }

    async fn insert_membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
    ) -> Result<()> {
        sqlx::query("INSERT INTO memberships (enterprise_id, group_code, person_id, services) VALUES ($1, $2, $3, $4)")
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .bind(services.join(","))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn set_services(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
    ) -> Result<()> {
        sqlx::query("UPDATE memberships SET services = $1 WHERE enterprise_id = $2 AND group_code = $3 AND person_id = $4")
            .bind(services.join(","))
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn set_blocked(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        blocked: bool,
    ) -> Result<()> {
        sqlx::query("UPDATE memberships SET blocked = $1 WHERE enterprise_id = $2 AND group_code = $3 AND person_id = $4")
            .bind(blocked as i64)
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn delete_membership(&mut self, enterprise: i64, group: &str, person: i64) -> Result<()> {
        sqlx::query("DELETE FROM memberships WHERE enterprise_id = $1 AND group_code = $2 AND person_id = $3")
            .bind(enterprise)
            .bind(group)
            .bind(person)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn claim_key(
        &mut self,
        key: &str,
        person: i64,
        action: &str,
        fingerprint: &str,
    ) -> Result<KeyClaim> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (person_id, key, action, fingerprint) VALUES ($1, $2, $3, $4)
             ON CONFLICT (person_id, key) DO NOTHING",
        )
        .bind(person)
        .bind(key)
        .bind(action)
        .bind(fingerprint)
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(KeyClaim::New);
        }
        let row = sqlx::query(
            "SELECT action, fingerprint FROM idempotency_keys WHERE person_id = $1 AND key = $2",
        )
        .bind(person)
        .bind(key)
        .fetch_one(&mut *self.tx)
        .await?;
        let same = row.get::<String, _>("action") == action
            && row.get::<String, _>("fingerprint") == fingerprint;
        Ok(if same {
            KeyClaim::Replay
        } else {
            KeyClaim::Conflict
        })
    }

    async fn set_person_contact(&mut self, id: i64, email: &str, mobile: &str) -> Result<()> {
        sqlx::query("UPDATE people SET email = $1, mobile = $2 WHERE id = $3")
            .bind(email)
            .bind(mobile)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn person_contact(&mut self, id: i64) -> Result<(Option<String>, Option<String>)> {
        let row = sqlx::query("SELECT email, mobile FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))).unwrap_or((None, None)))
    }

    async fn enterprises_of(&mut self, person: i64) -> Result<Vec<Enterprise>> {
        let rows = sqlx::query(
            "SELECT id, number, name, status FROM enterprises WHERE id IN (
                 SELECT enterprise_id FROM staff WHERE person_id = $1
                 UNION SELECT enterprise_id FROM mandates WHERE person_id = $1)
             ORDER BY name, id",
        )
        .bind(person)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(enterprise).collect())
    }

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
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person)
        .bind(username)
        .bind(password_hash)
        .bind(must_change as i64)
        .bind(issued_at)
        .execute(&mut *self.tx)
        .await;
        match done {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
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
            .bind(must_change as i64)
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

    async fn purge_sign_in_failures(&mut self, before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sign_in_failures WHERE last_failure_at < $1")
            .bind(before)
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }

    async fn contact_data(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::EnterpriseContact>> {
        let row = sqlx::query(
            "SELECT street, postal_code, municipality, email, phone FROM contact_data WHERE enterprise_id = $1",
        )
        .bind(enterprise)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| domain::contact_data::EnterpriseContact {
            street: r.get(0),
            postal_code: r.get(1),
            municipality: r.get(2),
            email: r.get(3),
            phone: r.get(4),
        }))
    }

    async fn set_contact_data(
        &mut self,
        enterprise: i64,
        c: &domain::contact_data::EnterpriseContact,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_data (enterprise_id, street, postal_code, municipality, email, phone)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (enterprise_id) DO UPDATE SET street = excluded.street,
                 postal_code = excluded.postal_code, municipality = excluded.municipality,
                 email = excluded.email, phone = excluded.phone",
        )
        .bind(enterprise)
        .bind(&c.street)
        .bind(&c.postal_code)
        .bind(&c.municipality)
        .bind(&c.email)
        .bind(&c.phone)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn contact_persons(
        &mut self,
        enterprise: i64,
    ) -> Result<Vec<(String, domain::contact_data::ContactPerson)>> {
        let rows = sqlx::query(
            "SELECT group_code, name, email, phone FROM contact_persons WHERE enterprise_id = $1 ORDER BY group_code",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    domain::contact_data::ContactPerson {
                        name: r.get(1),
                        email: r.get(2),
                        phone: r.get(3),
                    },
                )
            })
            .collect())
    }

    async fn set_contact_person(
        &mut self,
        enterprise: i64,
        group: &str,
        p: &domain::contact_data::ContactPerson,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_persons (enterprise_id, group_code, name, email, phone)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (enterprise_id, group_code) DO UPDATE SET name = excluded.name,
                 email = excluded.email, phone = excluded.phone",
        )
        .bind(enterprise)
        .bind(group)
        .bind(&p.name)
        .bind(&p.email)
        .bind(&p.phone)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn history(
        &mut self,
        enterprise: i64,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT a.at, p.name, a.action, a.target, a.before, a.after
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
             WHERE a.enterprise_id = $1 AND substr(a.action, 1, length($2)) = $2
             ORDER BY a.id DESC LIMIT $3",
        )
        .bind(enterprise)
        .bind(prefix)
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let json = |v: Option<String>| v.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                at: r.get(0),
                actor: r.get(1),
                action: r.get(2),
                target: r.get(3),
                before: json(r.get(4)),
                after: json(r.get(5)),
            })
            .collect())
    }

    async fn chaman_sender(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::ContactPerson>> {
        let row = sqlx::query(
            "SELECT contact_name, contact_email, contact_phone FROM chaman_senders WHERE enterprise_id = $1",
        )
        .bind(enterprise)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| domain::contact_data::ContactPerson {
            name: r.get(0),
            email: r.get(1),
            phone: r.get(2),
        }))
    }

    async fn insert_chaman_sender(
        &mut self,
        enterprise: i64,
        c: &domain::contact_data::ContactPerson,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO chaman_senders (enterprise_id, contact_name, contact_email, contact_phone) VALUES ($1, $2, $3, $4)",
        )
        .bind(enterprise)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.phone)
        .execute(&mut *self.tx)
        .await;
        match done {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    async fn chaman_channels(&mut self, enterprise: i64) -> Result<Vec<ChannelRecord>> {
        let rows = sqlx::query(
            "SELECT id, kind, environment, credential, summary, active, created_at FROM chaman_channels
             WHERE enterprise_id = $1 ORDER BY id",
        )
        .bind(enterprise)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ChannelRecord {
                id: r.get(0),
                kind: r.get(1),
                environment: r.get(2),
                credential: r.get(3),
                summary: serde_json::from_str(&r.get::<String, _>(4)).unwrap_or_default(),
                active: r.get::<i64, _>(5) != 0,
                created_at: r.get(6),
            })
            .collect())
    }

    async fn insert_chaman_channel(
        &mut self,
        enterprise: i64,
        kind: &str,
        environment: &str,
        credential: &str,
        summary: &[(String, String)],
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO chaman_channels (enterprise_id, kind, environment, credential, summary)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(enterprise)
        .bind(kind)
        .bind(environment)
        .bind(credential)
        .bind(serde_json::to_string(summary).unwrap_or_default())
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }

    async fn set_channel_active(&mut self, enterprise: i64, id: i64, active: bool) -> Result<()> {
        sqlx::query("UPDATE chaman_channels SET active = $1 WHERE enterprise_id = $2 AND id = $3")
            .bind(active as i64)
            .bind(enterprise)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn insert_document(
        &mut self,
        enterprise: i64,
        p: &domain::ebox::Publication,
        published_at: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO ebox_documents (enterprise_id, sender, service, doc_type, is_task, title, body, published_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(enterprise)
        .bind(&p.sender)
        .bind(&p.service)
        .bind(p.doc_type.code)
        .bind(p.is_task as i64)
        .bind(&p.title)
        .bind(&p.body)
        .bind(published_at)
        .bind(domain::ebox::expires_at(p.doc_type, published_at))
        .fetch_one(&mut *self.tx)
        .await?;
        let id: i64 = row.get(0);
        for a in &p.attachments {
            sqlx::query(
                "INSERT INTO ebox_attachments (document_id, name, content_type, content) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&a.name)
            .bind(&a.content_type)
            .bind(&a.bytes)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(id)
    }

    async fn documents(
        &mut self,
        enterprise: i64,
        person: i64,
        now: i64,
        f: &domain::ebox::Filter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<DocumentRecord>, u64)> {
        const WHERE: &str = "d.enterprise_id = $1 AND d.expires_at > $6
             AND ($2 IS NULL OR d.service = $2) AND ($3 IS NULL OR d.doc_type = $3)
             AND ($4 IS NULL OR date(d.published_at, 'unixepoch') >= $4)
             AND ($5 IS NULL OR date(d.published_at, 'unixepoch') <= $5)";
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM ebox_documents d WHERE {WHERE}"
        ))
        .bind(enterprise)
        .bind(&f.service)
        .bind(&f.doc_type)
        .bind(&f.from)
        .bind(&f.until)
        .bind(now)
        .fetch_one(&mut *self.tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT d.id FROM ebox_documents d WHERE {WHERE}
             ORDER BY d.published_at DESC, d.id DESC LIMIT $7 OFFSET $8"
        ))
        .bind(enterprise)
        .bind(&f.service)
        .bind(&f.doc_type)
        .bind(&f.from)
        .bind(&f.until)
        .bind(now)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(d) = self.document(enterprise, person, r.get(0)).await? {
                out.push(d);
            }
        }
        Ok((out, total as u64))
    }

    async fn document(
        &mut self,
        enterprise: i64,
        person: i64,
        id: i64,
    ) -> Result<Option<DocumentRecord>> {
        let Some(r) = sqlx::query(
            "SELECT d.id, d.sender, d.service, d.doc_type, d.is_task, d.title, d.body, d.published_at,
                    d.expires_at, d.done_at, p.name,
                    EXISTS (SELECT 1 FROM ebox_reads r WHERE r.document_id = d.id AND r.person_id = $3)
             FROM ebox_documents d LEFT JOIN people p ON p.id = d.done_by
             WHERE d.enterprise_id = $1 AND d.id = $2",
        )
        .bind(enterprise)
        .bind(id)
        .bind(person)
        .fetch_optional(&mut *self.tx)
        .await?
        else {
            return Ok(None);
        };
        let attachments = sqlx::query(
            "SELECT id, name, content_type, length(content) FROM ebox_attachments WHERE document_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *self.tx)
        .await?
        .iter()
        .map(|a| (a.get(0), a.get(1), a.get(2), a.get(3)))
        .collect();
        Ok(Some(DocumentRecord {
            id: r.get(0),
            sender: r.get(1),
            service: r.get(2),
            doc_type: r.get(3),
            is_task: r.get::<i64, _>(4) != 0,
            title: r.get(5),
            body: r.get(6),
            published_at: r.get(7),
            expires_at: r.get(8),
            done_at: r.get(9),
            done_by: r.get(10),
            read: r.get::<i64, _>(11) != 0,
            attachments,
        }))
    }

    async fn mark_read(&mut self, document: i64, person: i64, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO ebox_reads (document_id, person_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(document)
            .bind(person)
            .bind(at)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn complete_task(&mut self, document: i64, person: i64, at: i64) -> Result<()> {
        sqlx::query("UPDATE ebox_documents SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL")
            .bind(at)
            .bind(person)
            .bind(document)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn attachment(
        &mut self,
        enterprise: i64,
        document: i64,
        attachment: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT a.name, a.content_type, a.content FROM ebox_attachments a
             JOIN ebox_documents d ON d.id = a.document_id
             WHERE d.enterprise_id = $1 AND d.id = $2 AND a.id = $3",
        )
        .bind(enterprise)
        .bind(document)
        .bind(attachment)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    async fn delete_expired_documents(&mut self, now: i64) -> Result<Vec<(i64, u64)>> {
        let rows = sqlx::query(
            "SELECT enterprise_id, COUNT(*) FROM ebox_documents WHERE expires_at <= $1 GROUP BY enterprise_id",
        )
        .bind(now)
        .fetch_all(&mut *self.tx)
        .await?;
        sqlx::query("DELETE FROM ebox_documents WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<i64, _>(1) as u64))
            .collect())
    }

    async fn enterprises_to_notify(&mut self, quiet_since: i64) -> Result<Vec<(i64, u64, i64)>> {
        let rows = sqlx::query(
            "SELECT d.enterprise_id, COUNT(*), MAX(d.id) FROM ebox_documents d
             LEFT JOIN ebox_notifications n ON n.enterprise_id = d.enterprise_id
             WHERE d.id > COALESCE(n.last_document_id, 0) AND COALESCE(n.notified_at, 0) <= $1
             GROUP BY d.enterprise_id ORDER BY d.enterprise_id",
        )
        .bind(quiet_since)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<i64, _>(1) as u64, r.get(2)))
            .collect())
    }

    async fn set_notified(&mut self, enterprise: i64, at: i64, last_document: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO ebox_notifications (enterprise_id, notified_at, last_document_id) VALUES ($1, $2, $3)
             ON CONFLICT (enterprise_id) DO UPDATE SET notified_at = excluded.notified_at,
                 last_document_id = excluded.last_document_id",
        )
        .bind(enterprise)
        .bind(at)
        .bind(last_document)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn enqueue(
        &mut self,
        channel: &str,
        recipient: &str,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO outbox (channel, recipient, subject, body) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(channel)
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.get(0))
    }

    async fn unsent(&mut self, limit: u32) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!(
            "{OUTBOX} WHERE sent_at IS NULL ORDER BY id LIMIT $1"
        ))
        .bind(limit as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.iter().map(outbox_message).collect())
    }

    async fn mark_sent(&mut self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn purge_outbox(&mut self, days: u32) -> Result<u64> {
        let done = sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', $1)")
            .bind(format!("-{days} days"))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }

    async fn recent_outbox(&mut self, limit: u32) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!("{OUTBOX} ORDER BY id DESC LIMIT $1"))
            .bind(limit as i64)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(rows.iter().map(outbox_message).collect())
    }

    async fn purge_keys(&mut self, days: u32) -> Result<u64> {
        let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', $1)")
            .bind(format!("-{days} days"))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }

    async fn audit(&mut self, e: &AuditEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (enterprise_id, actor_id, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(e.enterprise_id)
        .bind(e.actor_id)
        .bind(&e.action)
        .bind(&e.target)
        .bind(e.before.as_ref().map(|v| v.to_string()))
        .bind(e.after.as_ref().map(|v| v.to_string()))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn audit_count(&mut self, enterprise: i64) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE enterprise_id = $1")
            .bind(enterprise)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::patterns;

    #[test]
    fn search_patterns_escape_wildcards_and_extract_digits() {
        assert_eq!(
            patterns(" 50%_a "),
            ("%50\\%\\_a%".to_owned(), String::new())
        );
        assert_eq!(
            patterns("Jan 2"),
            ("%Jan 2%".to_owned(), String::new()),
            "names with digits"
        );
        assert_eq!(patterns("Jansen"), ("%Jansen%".to_owned(), String::new()));
        assert_eq!(
            patterns("85.07.30"),
            ("%85.07.30%".to_owned(), "%850730%".to_owned())
        );
    }
}

#[cfg(test)]
mod constraint_tests {
    use super::*;

    /// R5 and R3 hold in the database itself, whatever the code above it does.
    #[tokio::test]
    async fn one_access_manager_per_domain_and_one_group_manager_per_group() {
        let path =
            std::env::temp_dir().join(format!("toegang-constraints-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let store = SqliteStore::open(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let mut tx = store.write().await.unwrap();
        let e = tx.insert_enterprise("0403019261", "E").await.unwrap();
        let a = tx.insert_person(Some("85073003328"), "A").await.unwrap();
        let b = tx.insert_person(Some("93051822361"), "B").await.unwrap();
        let am = Mandate::AccessManager("fiscaliteit".into());
        let gm = Mandate::GroupManager("werkgever".into());
        assert!(tx.add_mandate(e, a, &am).await.unwrap());
        assert!(
            !tx.add_mandate(e, b, &am).await.unwrap(),
            "a second AM for the domain"
        );
        assert!(tx.add_mandate(e, a, &gm).await.unwrap());
        assert!(
            !tx.add_mandate(e, b, &gm).await.unwrap(),
            "a second GM for the group"
        );
        assert!(tx
            .add_mandate(e, a, &Mandate::MainAccessManager)
            .await
            .unwrap());
        assert!(
            !tx.add_mandate(e, b, &Mandate::MainAccessManager)
                .await
                .unwrap(),
            "a second MAM"
        );
        assert!(tx
            .add_mandate(e, a, &Mandate::CoMainAccessManager)
            .await
            .unwrap());
        assert!(
            tx.add_mandate(e, b, &Mandate::CoMainAccessManager)
                .await
                .unwrap(),
            "several co-MAMs"
        );
        assert!(tx.remove_mandate(e, a, &am).await.unwrap());
        assert!(!tx.remove_mandate(e, a, &am).await.unwrap());
        assert!(
            tx.add_mandate(e, b, &am).await.unwrap(),
            "the slot is free again"
        );
    }
}
