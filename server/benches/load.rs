//! The load benchmark (issue 12): `scripts/bench` (`cargo bench -p server --bench load`).
//! Prints figures; never a test that passes or fails on speed.
//!
//! On SQLite, in one process (the server in-process on loopback, clients over HTTP):
//! - the group page and a search with 32 concurrent clients, p50 and p99, for a group of
//!   21 users and for one of 100,000 (also page 2,000 and a search by national number);
//! - add-user throughput through the real HTTP endpoint next to the bare membership INSERT
//!   it performs (through sqlx, each in its own transaction), with the ratio;
//! - the browser bundle (`target/site/pkg`) raw, gzip and brotli.
//! PostgreSQL and two instances come with the PostgreSQL backend.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 32;
const BIG: usize = 100_000;
const MAM: &str = "85073003328";
const KEY: &str = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdDE=";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(run());
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

async fn run() {
    let dir = std::env::temp_dir().join(format!("toegang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db_url = format!("sqlite://{}/bench.db", dir.display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = [
        ("DATABASE_URL", db_url.clone()),
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
    let base = format!("http://{addr}");
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        clients.push(signed_in(&base).await);
    }
    let clients = Arc::new(clients);
    let mut table: Vec<(String, String)> = Vec::new();

    let small = [
        ("group page, 21 users", "/groepen/werkgever"),
        ("search by name, 21 users", "/groepen/werkgever?q=peeters"),
    ];
    let mut small_p = Vec::new();
    for (what, path) in small {
        let (p50, p99) = latency(&clients, &base, path, 640).await;
        small_p.push((p50, p99));
        table.push((what.into(), format!("p50 {} · p99 {}", ms(p50), ms(p99))));
    }

    // 100,000 users in Werkgever (and 2,000 staff outside it, to add).
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(CLIENTS as u32)
        .connect(&db_url)
        .await
        .unwrap();
    let started = Instant::now();
    seed(&pool, BIG, 2_000).await;
    table.push(("seeding 100,000 users".into(), format!("{:.1} s", started.elapsed().as_secs_f64())));
    let big = [
        ("group page, 100,000 users", "/groepen/werkgever".to_owned()),
        ("page 2,000 of it", "/groepen/werkgever?page=2000".to_owned()),
        ("search by name, 100,000 users", "/groepen/werkgever?q=persoon%20042424".to_owned()),
        ("search by national number", format!("/groepen/werkgever?q={}", national_number(4242))),
    ];
    for (i, (what, path)) in big.iter().enumerate() {
        let (p50, p99) = latency(&clients, &base, path, 160).await;
        let (s50, s99) = small_p[if i == 0 { 0 } else { 1 }.min(1)];
        table.push((
            what.to_string(),
            format!(
                "p50 {} ({:.1}× the small group) · p99 {} ({:.1}×)",
                ms(p50),
                p50.as_secs_f64() / s50.as_secs_f64(),
                ms(p99),
                p99.as_secs_f64() / s99.as_secs_f64()
            ),
        ));
    }

    // Add-user throughput: the HTTP endpoint, then the bare INSERT it performs.
    let (http, bare) = add_users(&clients, &base, &pool).await;
    table.push(("add user over HTTP".into(), format!("{http:.0} /s")));
    table.push(("bare membership INSERT (own transaction)".into(), format!("{bare:.0} /s")));
    table.push(("ratio HTTP / INSERT (target ≥ 0.5)".into(), format!("{:.2}", http / bare)));

    for (file, raw, gz, br) in bundle() {
        table.push((format!("bundle {file}"), format!("{raw} B raw · {gz} B gzip · {br} B brotli")));
    }

    let width = table.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut out = std::io::stdout();
    let _ = writeln!(out, "\nToegang load benchmark (SQLite, {CLIENTS} concurrent clients, {} build)", if cfg!(debug_assertions) { "debug" } else { "release" });
    for (k, v) in table {
        let _ = writeln!(out, "  {k:<width$}  {v}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
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
async fn latency(clients: &Arc<Vec<reqwest::Client>>, base: &str, path: &str, total: usize) -> (Duration, Duration) {
    let url = format!("{base}{path}");
    let per = total / clients.len();
    let mut tasks = Vec::new();
    for i in 0..clients.len() {
        let (clients, url) = (clients.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..per {
                let t = Instant::now();
                let res = clients[i].get(&url).header("accept", "text/html").send().await.unwrap();
                assert!(res.status().is_success(), "{url}: {}", res.status());
                let _ = res.bytes().await.unwrap();
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    (at(0.50), at(0.99))
}

/// `members` people in the demo enterprise's staff register and in Werkgever, and `spare`
/// more in the register only; one transaction.
async fn seed(pool: &sqlx::SqlitePool, members: usize, spare: usize) {
    let mut tx = pool.begin().await.unwrap();
    for i in 0..members + spare {
        let name = format!("Persoon {i:06}");
        let key = name.to_lowercase();
        let id: i64 = sqlx::query_scalar("INSERT INTO people (national_number, name, name_key) VALUES ($1, $2, $3) RETURNING id")
            .bind(national_number(i))
            .bind(&name)
            .bind(&key)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO staff (enterprise_id, person_id, name, name_key) VALUES (1, $1, $2, $3)")
            .bind(id)
            .bind(&name)
            .bind(&key)
            .execute(&mut *tx)
            .await
            .unwrap();
        if i < members {
            sqlx::query("INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at) VALUES (1, 'werkgever', $1, 'dimona', '2026-11-30T00:00:00.000Z')")
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// Adds 1,000 of the spare staff through `add_user` (32 clients at once), then inserts the
/// other 1,000's memberships directly, each in its own transaction (32 at once); per second.
async fn add_users(clients: &Arc<Vec<reqwest::Client>>, base: &str, pool: &sqlx::SqlitePool) -> (f64, f64) {
    let per = 1_000 / clients.len();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients.len() {
        let (clients, url) = (clients.clone(), format!("{base}/api/add_user"));
        tasks.push(tokio::spawn(async move {
            for j in 0..per {
                let nn = national_number(BIG + c * per + j);
                let key = format!("1.bench-{c}-{j}");
                let res = clients[c]
                    .post(&url)
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
    let http = (per * clients.len()) as f64 / started.elapsed().as_secs_f64();
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT s.person_id FROM staff s WHERE s.enterprise_id = 1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = s.person_id) ORDER BY s.person_id LIMIT 1000",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let ids = Arc::new(ids);
    let started = Instant::now();
    let mut tasks = Vec::new();
    let per = ids.len() / CLIENTS;
    for c in 0..CLIENTS {
        let (ids, pool) = (ids.clone(), pool.clone());
        tasks.push(tokio::spawn(async move {
            for id in &ids[c * per..(c + 1) * per] {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
                sqlx::query("INSERT INTO memberships (enterprise_id, group_code, person_id, services, created_at) VALUES (1, 'werkgever', $1, 'dimona', $2)")
                    .bind(id)
                    .bind("2026-11-30T00:00:00.000Z")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let bare = (per * CLIENTS) as f64 / started.elapsed().as_secs_f64();
    (http, bare)
}

/// The browser bundle's files: (name, raw, gzip, brotli) in bytes.
fn bundle() -> Vec<(String, usize, usize, usize)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site/pkg");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".wasm") || name.ends_with(".js")) {
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
        out.push((name, bytes.len(), gz, br.len()));
    }
    out.sort();
    out
}
