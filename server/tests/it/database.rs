//! The database each test runs on: a fresh SQLite file, or, when the run is for PostgreSQL
//! (`TOEGANG_TEST_BACKEND=postgres`, README command 2 runs both), a fresh PostgreSQL
//! database made from a template migrated once per run, dropped when the test ends.
#![allow(dead_code)]

use std::sync::OnceLock;

/// The PostgreSQL server the tests use (`TOEGANG_TEST_POSTGRES`, else this machine's).
pub fn postgres_admin_url() -> String {
    std::env::var("TOEGANG_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Whether this run's tests use PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("TOEGANG_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A test's database, removed when it is dropped.
pub struct TestDatabase {
    pub url: String,
    place: Place,
}

enum Place {
    Dir(std::path::PathBuf),
    Postgres(String),
    /// Another's database (a second instance on it): left as it is.
    Borrowed,
}

impl TestDatabase {
    /// A fresh database of this run's backend.
    pub fn fresh() -> TestDatabase {
        if on_postgres() {
            TestDatabase::postgres()
        } else {
            TestDatabase::sqlite()
        }
    }

    /// A fresh SQLite database (a file in a directory of its own).
    pub fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join(format!(
            "toegang-test-{}-{}",
            std::process::id(),
            crate::common::unique()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TestDatabase {
            url: format!("sqlite://{}/toegang.db", dir.display()),
            place: Place::Dir(dir),
        }
    }

    /// A fresh, migrated PostgreSQL database, copied from the run's template.
    pub fn postgres() -> TestDatabase {
        let template = template();
        let name = format!("toegang_t_{}_{}", std::process::id(), crate::common::unique());
        admin(&[format!("CREATE DATABASE {name} TEMPLATE {template}")]);
        TestDatabase {
            url: url_of(&name),
            place: Place::Postgres(name),
        }
    }

    /// The same database, for a second server on it; the first one's guard removes it.
    pub fn borrowed(&self) -> TestDatabase {
        TestDatabase { url: self.url.clone(), place: Place::Borrowed }
    }

    /// The directory of a SQLite database (for files beside it), else a temporary one.
    pub fn dir(&self) -> std::path::PathBuf {
        match &self.place {
            Place::Dir(d) => d.clone(),
            Place::Postgres(name) => {
                let d = std::env::temp_dir().join(name);
                std::fs::create_dir_all(&d).unwrap();
                d
            }
            Place::Borrowed => std::env::temp_dir(),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.place {
            Place::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Place::Postgres(name) => {
                let _ = std::fs::remove_dir_all(std::env::temp_dir().join(name));
                admin(&[format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")]);
            }
            Place::Borrowed => {}
        }
    }
}

fn url_of(database: &str) -> String {
    let admin = postgres_admin_url();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{database}")
}

/// Runs `work` to its end on a thread of its own with a runtime of its own (the caller
/// may be a test's runtime, or none: `Drop`).
fn on_own_thread<T: Send + 'static>(work: impl std::future::Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work)
    })
    .join()
    .unwrap()
}

/// A connection to the server's `postgres` database.
async fn admin_connection() -> sqlx::PgConnection {
    use sqlx::Connection;
    sqlx::PgConnection::connect(&postgres_admin_url())
        .await
        .expect("PostgreSQL for the tests (README command 2 starts it)")
}

/// Runs statements on the server's `postgres` database.
fn admin(statements: &[String]) {
    let statements = statements.to_vec();
    on_own_thread(async move {
        let mut c = admin_connection().await;
        for s in statements {
            sqlx::query(&s).execute(&mut c).await.unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    })
}

/// The run's template database: migrated once (with the session table), then copied for
/// every test. Databases of runs that ended (their process is gone) are dropped first.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("toegang_tpl_{}", std::process::id());
        let made = name.clone();
        on_own_thread(async move {
            let mut c = admin_connection().await;
            let old: Vec<String> = sqlx::query_scalar(
                "SELECT datname::text FROM pg_database WHERE datname LIKE 'toegang\\_t%'",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            for db in old {
                let pid = db.rsplit('_').nth(if db.starts_with("toegang_tpl_") { 0 } else { 1 });
                let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
                if !alive || db == made {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                        .execute(&mut c)
                        .await;
                }
            }
            sqlx::query(&format!("CREATE DATABASE {made}")).execute(&mut c).await.unwrap();
            let database = server::store::Database::open(&url_of(&made)).await.unwrap();
            server::auth::session_store::FinalSessionStore::new(&database).await.unwrap();
            if let server::store::Database::Postgres(pg) = &database {
                pg.pool().close().await;
            }
        });
        name
    })
}

/// `$body` with `$c` a fresh connection to the database at `$url`, on either backend.
macro_rules! with_connection {
    ($url:expr, |$c:ident| $body:expr) => {{
        use sqlx::Connection;
        if server::store::is_postgres($url) {
            let mut $c = sqlx::PgConnection::connect($url).await.unwrap();
            $body
        } else {
            let mut $c = sqlx::SqliteConnection::connect($url).await.unwrap();
            $body
        }
    }};
}

/// Runs one statement on the database at `url`; the rows it changed.
pub async fn execute(url: &str, statement: &str) -> u64 {
    with_connection!(url, |c| sqlx::query(statement).execute(&mut c).await.unwrap().rows_affected())
}

/// A number one query answers on the database at `url`.
pub async fn number(url: &str, query: &str) -> i64 {
    with_connection!(url, |c| sqlx::query_scalar(query).fetch_one(&mut c).await.unwrap())
}

/// The first row of `query` on the database at `url`, its columns as text (NULL: `None`).
pub async fn texts(url: &str, query: &str) -> Vec<Option<String>> {
    use sqlx::Row;
    with_connection!(url, |c| {
        let row = sqlx::query(query).fetch_one(&mut c).await.unwrap();
        (0..row.len()).map(|i| row.get(i)).collect()
    })
}

/// Every row's first column of `query`, as text.
pub async fn column(url: &str, query: &str) -> Vec<Option<String>> {
    with_connection!(url, |c| sqlx::query_scalar(query).fetch_all(&mut c).await.unwrap())
}

/// Whether a statement is refused on the database at `url`.
pub async fn refused(url: &str, statement: &str) -> bool {
    with_connection!(url, |c| sqlx::query(statement).execute(&mut c).await.is_err())
}

/// The SQL for a JSON text column's member `key` as text, on the backend of `url`.
pub fn json_member(url: &str, column: &str, key: &str) -> String {
    if server::store::is_postgres(url) {
        format!("({column}::json ->> '{key}')")
    } else {
        format!("json_extract({column}, '$.{key}')")
    }
}

/// The sessions' table on the backend of `url`.
pub fn sessions_table(url: &str) -> &'static str {
    if server::store::is_postgres(url) {
        "tower_sessions.session"
    } else {
        "tower_sessions"
    }
}

/// A backup file made readable as a database: a SQLite copy is one already; a PostgreSQL
/// dump is restored into a new empty database (dropped with the returned guard).
pub fn restored(backup: &std::path::Path) -> (String, Option<TestDatabase>) {
    if !on_postgres() {
        return (format!("sqlite://{}", backup.display()), None);
    }
    let name = format!("toegang_t_{}_{}", std::process::id(), crate::common::unique());
    admin(&[format!("CREATE DATABASE {name}")]);
    let url = url_of(&name);
    let out = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", &url])
        .arg(backup)
        .output()
        .expect("pg_restore");
    assert!(out.status.success(), "pg_restore: {}", String::from_utf8_lossy(&out.stderr));
    (url, Some(TestDatabase { url: url_of(&name), place: Place::Postgres(name) }))
}
