//! The load benchmark (issue 12): `scripts/bench` (`cargo bench -p server --bench load`).
//! Prints figures; never a test that passes or fails on speed.
//!
//! On each backend (SQLite; PostgreSQL when it answers at `TOEGANG_BENCH_POSTGRES`, else
//! 127.0.0.1:5432), the server in-process on loopback, clients over HTTP:
//! - the group page and a search with 32 concurrent clients, p50 and p99, for a group of
//!   21 users and for one of 100,000 (also page 2,000 and a search by national number);
//! - add-user throughput through the real HTTP endpoint next to the bare membership INSERT
//!   it performs (through sqlx, each in its own transaction), with the ratio;
//! - on PostgreSQL, add-user throughput through one instance and through two on the same
//!   database;
//! - the query plans of the group page and of a search at 100,000 users;
//! - a decision (AuthZEN evaluation) about a member of the 100,000-user group, 32 clients
//!   at once: over HTTP, and the server's own time (the service call in-process).
//!
//! Then the browser bundle (`target/site/pkg`) raw, gzip and brotli. The `domain`
//! decisions are timed by criterion: `cargo bench -p domain-bench`.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 32;
const BIG: usize = 100_000;
/// Staff outside the group, to be added: 1,000 over HTTP, 1,000 bare, 2 × 1,000 for the
/// one- and two-instance runs.
const SPARE: usize = 4_000;
const MAM: &str = "85073003328";
const KEY: &str = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdDE=";
const CREATED: &str = "2026-11-30T00:00:00.000Z";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(run());
}

type Table = Vec<(String, String)>;

async fn run() {
    let mut table: Table = Vec::new();
    let dir = std::env::temp_dir().join(format!("toegang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = format!("sqlite://{}/bench.db", dir.display());
    backend("SQLite", &sqlite, &mut table).await;
    let _ = std::fs::remove_dir_all(&dir);

    let admin = std::env::var("TOEGANG_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let name = format!("toegang_bench_{}", std::process::id());
    if admin_sql(&admin, &format!("CREATE DATABASE {name}")).await.is_ok() {
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        backend("PostgreSQL", &url, &mut table).await;
        let _ = admin_sql(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    } else {
        table.push(("PostgreSQL".into(), format!("not measured: no server at {admin}")));
    }

    for (file, raw, gz, br) in bundle() {
        table.push((format!("bundle {file}"), format!("{raw} B raw · {gz} B gzip · {br} B brotli")));
    }
    let width = table.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "\nToegang load benchmark ({CLIENTS} concurrent clients, {} build)",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    for (k, v) in table {
        let _ = writeln!(out, "  {k:<width$}  {v}");
    }
}

async fn admin_sql(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await?;
    sqlx::query(sql).execute(&mut c).await.map(|_| ())
}

/// A direct connection to the database, beside the server: seeding, the bare INSERT and
/// the query plans.
#[derive(Clone)]
enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Db {
    async fn connect(url: &str) -> Db {
        if url.starts_with("postgres") {
            Db::Postgres(sqlx::postgres::PgPoolOptions::new().max_connections(CLIENTS as u32).connect(url).await.unwrap())
        } else {
            Db::Sqlite(sqlx::sqlite::SqlitePoolOptions::new().max_connections(CLIENTS as u32).connect(url).await.unwrap())
        }
    }

    async fn execute(&self, sql: &str) {
        match self {
            Db::Sqlite(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
            Db::Postgres(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
        }
    }

    async fn ids(&self, sql: &str) -> Vec<i64> {
        match self {
            Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        }
    }

    /// The membership INSERT `add_user` performs (`store/sql/memberships.rs`), alone in
    /// its own transaction.
    async fn insert_membership(&self, person: i64) {
        let sql = "INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at, name, name_key)
             SELECT $1, $2, p.id, $4, $5, COALESCE(s.name, p.name), COALESCE(s.name_key, p.name_key, '')
             FROM people p LEFT JOIN staff s ON s.enterprise_id = $1 AND s.person_id = p.id
             WHERE p.id = $3";
        macro_rules! insert {
            ($tx:expr) => {{
                let mut tx = $tx;
                sqlx::query(sql)
                    .bind(1i64)
                    .bind("werkgever")
                    .bind(person)
                    .bind("dimona")
                    .bind(CREATED)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }};
        }
        match self {
            Db::Sqlite(p) => insert!(p.begin_with("BEGIN IMMEDIATE").await.unwrap()),
            Db::Postgres(p) => insert!(p.begin().await.unwrap()),
        }
    }

    /// The plan of `sql` with its parameters written in.
    async fn plan(&self, sql: &str) -> Vec<String> {
        match self {
            Db::Sqlite(p) => sqlx::query_as::<_, (i64, i64, i64, String)>(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(p)
                .await
                .unwrap()
                .into_iter()
                .map(|(_, _, _, d)| d)
                .collect(),
            Db::Postgres(p) => sqlx::query_scalar(&format!("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}"))
                .fetch_all(p)
                .await
                .unwrap(),
        }
    }
}

/// One instance of the application on `url`, serving on loopback; its base URL.
async fn instance(url: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = [
        ("DATABASE_URL", url.to_owned()),
        ("LEPTOS_SITE_ADDR", addr.to_string()),
        ("TOEGANG_PUBLIC_URL", format!("http://{addr}")),
        ("TOEGANG_SECRET_KEY", KEY.to_owned()),
        ("TOEGANG_DEMO", "1".to_owned()),
    ];
    let config = server::config::Config::from(&[], |k| {
        settings.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    })
    .unwrap();
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("toegang")
        .site_root("target/site")
        .site_addr(addr)
        .build();
    let app = server::build(&config, options).await.unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .unwrap()
    });
    format!("http://{addr}")
}

async fn backend(label: &str, url: &str, table: &mut Table) {
    let base = instance(url).await;
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        // The first sign-in of the main access manager activates the enterprise (R3).
        clients.push((signed_in(&base).await, base.clone()));
    }
    if std::env::var_os("TOEGANG_BENCH_DECISIONS_ONLY").is_some() {
        // Only the decisions for the online services (the same seeded enterprise).
        seed(&Db::connect(url).await, BIG, SPARE).await;
        decisions(label, url, &base, table).await;
        return;
    }
    let clients = Arc::new(clients);
    let small = [
        ("group page, 21 users", "/groepen/werkgever"),
        ("search by name, 21 users", "/groepen/werkgever?q=peeters"),
    ];
    let mut small_p = Vec::new();
    for (what, path) in small {
        let (p50, p99) = latency(&clients, path, 640).await;
        small_p.push((p50, p99));
        table.push((format!("{label}: {what}"), format!("p50 {} · p99 {}", ms(p50), ms(p99))));
    }

    let db = Db::connect(url).await;
    let started = Instant::now();
    seed(&db, BIG, SPARE).await;
    table.push((format!("{label}: seeding 100,000 users"), format!("{:.1} s", started.elapsed().as_secs_f64())));
    let big = [
        ("group page, 100,000 users", "/groepen/werkgever".to_owned(), 0),
        ("page 2,000 of it", "/groepen/werkgever?page=2000".to_owned(), 0),
        ("search by name, 100,000 users", "/groepen/werkgever?q=persoon%20042424".to_owned(), 1),
        ("search by national number", format!("/groepen/werkgever?q={}", national_number(4242)), 1),
    ];
    for (what, path, like) in &big {
        let (p50, p99) = latency(&clients, path, 320).await;
        let (s50, s99) = small_p[*like];
        table.push((
            format!("{label}: {what}"),
            format!(
                "p50 {} ({:.1}× the small group) · p99 {} ({:.1}×)",
                ms(p50),
                p50.as_secs_f64() / s50.as_secs_f64(),
                ms(p99),
                p99.as_secs_f64() / s99.as_secs_f64()
            ),
        ));
    }
    for (what, sql) in [
        ("plan: page 2,000", server::store::statements::group_page().replace("$1", "1").replace("$2", "'werkgever'").replace("$3", "20").replace("$4", "39980")),
        ("plan: search by name", server::store::statements::search_page(false).replace("$1", "1").replace("$2", "'werkgever'").replace("$3", "'%persoon 042424%'").replace("$4", "20").replace("$5", "0")),
        ("plan: search by national number", server::store::statements::search_page(true).replace("$1", "1").replace("$2", "'werkgever'").replace("$3", "'85073'").replace("$4", "20").replace("$5", "0")),
    ] {
        table.push((format!("{label}: {what}"), db.plan(&sql).await.join(" | ")));
    }

    decisions(label, url, &base, table).await;

    // Add-user throughput: the HTTP endpoint, then the bare INSERT it performs.
    let http = add_users(&clients, 0).await;
    let ids = db
        .ids("SELECT s.person_id FROM staff s WHERE s.enterprise_id = 1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = s.person_id) ORDER BY s.person_id")
        .await;
    // Spare staff 0–999 were just added over HTTP; 1,000–1,999 go in bare; 2,000–3,999
    // are for the one- and two-instance runs.
    let spare: Vec<i64> = ids.into_iter().take(1_000).collect();
    let bare = bare_inserts(&db, spare).await;
    table.push((format!("{label}: add user over HTTP"), format!("{http:.0} /s")));
    table.push((format!("{label}: bare membership INSERT (own transaction)"), format!("{bare:.0} /s")));
    table.push((format!("{label}: ratio HTTP / INSERT (target ≥ 0.5)"), format!("{:.2}", http / bare)));

    if label == "PostgreSQL" {
        // The same load through two instances on one database, 16 clients each.
        let one = add_users(&clients, 1).await;
        let second = instance(url).await;
        let mut spread = Vec::new();
        for (i, (c, b)) in clients.iter().enumerate() {
            if i % 2 == 0 {
                spread.push((c.clone(), b.clone()));
            } else {
                spread.push((signed_in(&second).await, second.clone()));
            }
        }
        let two = add_users(&Arc::new(spread), 2).await;
        table.push((
            format!("{label}: add user, one instance → two"),
            format!("{one:.0} /s → {two:.0} /s (ratio {:.2})", two / one),
        ));
    }
}

/// Decisions for the online services: a registered client asks whether a member of the
/// big group may use Dimona, 32 clients at once, over HTTP; then the same question through
/// the service in-process, which is the server's own time without HTTP.
async fn decisions(label: &str, url: &str, base: &str, table: &mut Table) {
    let args = ["--database-url", url, "--secret-key", KEY, "register-client", "--name", "bench",
                "--services", "dimona,ebox"];
    let mut out = Vec::new();
    let code = server::cli::main(args.iter().map(|a| a.to_string()).collect(), &mut out).await;
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{out}");
    let token = out.lines().nth(1).unwrap().trim().to_owned();
    let subject = national_number(4242);
    let body = serde_json::json!({
        "subject": {"type": "user", "id": subject},
        "action": {"name": "use"},
        "resource": {"type": "online_service", "id": "dimona", "properties": {"enterprise": "0403019261"}},
    })
    .to_string();
    let http = reqwest::Client::new();
    let check = http
        .post(format!("{base}/access/v1/evaluation"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(check.contains(r#""decision":true"#), "{check}");
    let (p50, p99) = timed(CLIENTS, 200, {
        let (http, base, token, body) = (http.clone(), base.to_owned(), token.clone(), body.clone());
        move |_| {
            let (http, base, token, body) = (http.clone(), base.clone(), token.clone(), body.clone());
            async move {
                let res = http
                    .post(format!("{base}/access/v1/evaluation"))
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success());
                let _ = res.bytes().await.unwrap();
            }
        }
    })
    .await;
    table.push((format!("{label}: decision over HTTP, 32 clients"), format!("p50 {} · p99 {}", us(p50), us(p99))));
    let store = server::store::open(url).await.unwrap();
    let toegang = Arc::new(server::service::Toegang::new(store, Arc::new(server::clock::SystemClock), false, None));
    let question = server::service::decisions::Question {
        subject,
        service: "dimona".into(),
        enterprise: "0403019261".into(),
        action: "use".into(),
    };
    let (p50, p99) = timed(CLIENTS, 200, {
        let toegang = toegang.clone();
        move |_| {
        let (toegang, question) = (toegang.clone(), question.clone());
        async move {
            assert!(toegang.decide(&question).await.unwrap().is_allowed());
        }
    }})
    .await;
    table.push((format!("{label}: decision, server time, 32 at once (target p99 < 1 ms)"), format!("p50 {} · p99 {}", us(p50), us(p99))));
    // The same, each question about another member (6,400 people): nothing is kept in
    // memory for them yet, so each reads the database.
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (p50, p99) = timed(CLIENTS, 200, move |_| {
        let (toegang, next) = (toegang.clone(), next.clone());
        async move {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let q = server::service::decisions::Question {
                subject: national_number(i * 7 % BIG),
                service: "dimona".into(),
                enterprise: "0403019261".into(),
                action: "use".into(),
            };
            assert!(toegang.decide(&q).await.unwrap().is_allowed());
        }
    })
    .await;
    table.push((format!("{label}: decision, server time, another person each time"), format!("p50 {} · p99 {}", us(p50), us(p99))));
}

/// `tasks` tasks at once, the `i`-th running `call(i)` `each` times one after the other;
/// (p50, p99) of all the calls. Between two calls a task lets the others run, as a client
/// whose next question arrives over the network does: a call that never waits would
/// otherwise keep its thread through all its calls, and the others' times would measure
/// that queue rather than the call (outside the timed window).
async fn timed<F, Fut>(tasks: usize, each: usize, call: F) -> (Duration, Duration)
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let mut handles = Vec::new();
    for i in 0..tasks {
        let call = call.clone();
        handles.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(each);
            for _ in 0..each {
                let t = Instant::now();
                call(i).await;
                times.push(t.elapsed());
                tokio::task::yield_now().await;
            }
            times
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    (at(0.50), at(0.99))
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1_000_000.0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A valid national number (R2, born before 2000) for the `i`-th generated person.
fn national_number(i: usize) -> String {
    let yy = 50 + i % 49;
    let mm = 1 + (i / 49) % 12;
    let dd = 1 + (i / 588) % 28;
    let serial = 500 + i / 16_464;
    let base: u64 = format!("{yy:02}{mm:02}{dd:02}{serial:03}").parse().unwrap();
    format!("{base:09}{:02}", 97 - base % 97)
}

async fn signed_in(base: &str) -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(h)
        .build()
        .unwrap();
    let res = c.post(format!("{base}/auth/demo")).form(&[("national_number", MAM)]).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    c
}

/// `total` GETs of `path` spread over the clients, all at once; (p50, p99).
async fn latency(clients: &Arc<Vec<(reqwest::Client, String)>>, path: &str, total: usize) -> (Duration, Duration) {
    let (clients, path) = (clients.clone(), path.to_owned());
    timed(clients.len(), total / clients.len(), move |i| {
        let (clients, path) = (clients.clone(), path.clone());
        async move {
            let (c, base) = &clients[i];
            let url = format!("{base}{path}");
            let res = c.get(&url).header("accept", "text/html").send().await.unwrap();
            assert!(res.status().is_success(), "{url}: {}", res.status());
            let _ = res.bytes().await.unwrap();
        }
    })
    .await
}

/// `members` people in the demo enterprise's staff register and in Werkgever, and `spare`
/// more in the register only (set-based statements, the same on both backends).
async fn seed(db: &Db, members: usize, spare: usize) {
    for chunk in (0..members + spare).collect::<Vec<_>>().chunks(1_000) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| format!("('{}', 'Persoon {i:06}', 'persoon {i:06}')", national_number(*i)))
            .collect();
        db.execute(&format!("INSERT INTO people (national_number, name, name_key) VALUES {}", rows.join(", "))).await;
    }
    db.execute("INSERT INTO staff (enterprise_id, person_id, name, name_key)
                SELECT 1, id, name, name_key FROM people WHERE name LIKE 'Persoon %'").await;
    db.execute(&format!(
        "INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at, name, name_key)
         SELECT 1, 'werkgever', id, 'dimona', '{CREATED}', name, name_key FROM people
         WHERE name LIKE 'Persoon %' AND name < 'Persoon {members:06}'"
    ))
    .await;
    // As a running database would have: statistics for the planner.
    db.execute("ANALYZE").await;
}

/// Adds the `round`-th 1,000 of the spare staff through `add_user` (32 clients at once);
/// per second.
async fn add_users(clients: &Arc<Vec<(reqwest::Client, String)>>, round: usize) -> f64 {
    let per = 1_000 / clients.len();
    let first = BIG + [0, 2_000, 3_000][round];
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients.len() {
        let clients = clients.clone();
        tasks.push(tokio::spawn(async move {
            let (client, base) = &clients[c];
            for j in 0..per {
                let nn = national_number(first + c * per + j);
                let key = format!("1.bench-{round}-{c}-{j}");
                let res = client
                    .post(format!("{base}/api/add_user"))
                    .form(&[("group", "werkgever"), ("national_number", nn.as_str()), ("services[]", "dimona"), ("idempotency_key", key.as_str())])
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.text().await.unwrap());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    (per * clients.len()) as f64 / started.elapsed().as_secs_f64()
}

/// The bare INSERT for each of `ids`, 32 at once, each in its own transaction; per second.
async fn bare_inserts(db: &Db, ids: Vec<i64>) -> f64 {
    let ids = Arc::new(ids);
    let per = ids.len() / CLIENTS;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (ids, db) = (ids.clone(), db.clone());
        tasks.push(tokio::spawn(async move {
            for id in &ids[c * per..(c + 1) * per] {
                db.insert_membership(*id).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    (per * CLIENTS) as f64 / started.elapsed().as_secs_f64()
}

/// The browser bundle's files: (name, raw, gzip, brotli) in bytes.
fn bundle() -> Vec<(String, usize, usize, usize)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site/pkg");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    // Every file compressed on its own, as it goes over the wire.
    let mut files = std::collections::BTreeMap::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".json")) {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes).unwrap();
        let gz = gz.finish().unwrap().len();
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            w.write_all(&bytes).unwrap();
        }
        files.insert(name, (bytes.len(), gz, br.len()));
    }
    let sum = |names: &mut dyn Iterator<Item = &String>| {
        names.fold((0, 0, 0), |(r, g, b), n| {
            let (r2, g2, b2) = files[n];
            (r + r2, g + g2, b + b2)
        })
    };
    // What every page loads: the main wasm and JavaScript (and the split loader).
    let main: Vec<String> = files
        .keys()
        .filter(|n| n.starts_with("toegang") || n.starts_with("__wasm_split."))
        .cloned()
        .collect();
    let (r, g, b) = sum(&mut main.iter());
    let mut out = vec![("main (wasm, js, split loader)".to_owned(), r, g, b)];
    // With `--split`: each route's first load is the main files, its module and its chunks.
    let manifest = files.keys().find(|n| n.starts_with("__wasm_split_manifest")).cloned();
    if let Some(manifest) = manifest {
        let routes: std::collections::BTreeMap<String, Vec<String>> =
            serde_json::from_slice(&std::fs::read(dir.join(&manifest)).unwrap()).unwrap();
        for (route, chunks) in routes {
            // `__home_route_view_5480…` is the home page's route.
            let name = route
                .trim_start_matches('_')
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '_')
                .trim_end_matches("_route_view");
            let mut parts: Vec<String> = main.clone();
            parts.extend(files.keys().filter(|n| n.starts_with(&format!("split_{route}."))).cloned());
            parts.extend(chunks.iter().map(|c| format!("{c}.wasm")).filter(|c| files.contains_key(c)));
            let (r, g, b) = sum(&mut parts.iter());
            out.push((format!("first load of {name}"), r, g, b));
        }
    }
    out
}
