//! Shared set-up of the black-box tests: a real server (the router `main` serves) on a
//! fresh SQLite database, a browser-like client, and calls to server functions.
#![allow(dead_code)]

use app::api::{ApiError, GroupData};
use leptos::prelude::LeptosOptions;
use reqwest::{header, redirect, Client, StatusCode};
use server::clock::{Clock, FixedClock, SystemClock};
use server::config::Config;
use server::demo::{self, MAIN_ACCESS_MANAGER};
pub use server::store::prelude::*;
use server::store::SqliteStore;
use std::sync::Arc;

pub struct TestServer {
    pub base: String,
    pub db_url: String,
    _dir: TempDir,
}

/// A temporary directory removed at the end of the test.
struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The application `main` serves, on the database at `db_url` (a restart when it exists).
pub async fn build(db_url: &str, addr: std::net::SocketAddr, demo: bool) -> axum::Router {
    build_with_clock(db_url, addr, demo, Arc::new(SystemClock)).await
}

/// [`build`] deciding by `clock`.
pub async fn build_with_clock(
    db_url: &str,
    addr: std::net::SocketAddr,
    demo: bool,
    clock: Arc<dyn Clock>,
) -> axum::Router {
    let config = Config {
        addr,
        database_url: db_url.to_owned(),
        demo,
        secure_cookies: false,
        oidc: None,
    };
    let options = LeptosOptions::builder()
        .output_name("toegang")
        .site_root("target/site")
        .site_addr(addr)
        .build();
    server::build_with_clock(&config, options, clock)
        .await
        .unwrap()
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(true).await
    }

    pub async fn start_with(demo: bool) -> TestServer {
        TestServer::start_with_clock(demo, Arc::new(SystemClock)).await
    }

    /// A server whose clock stands still until the test moves it (now, to start with).
    pub async fn start_with_fixed_clock(demo: bool) -> (TestServer, Arc<FixedClock>) {
        let clock = Arc::new(FixedClock::at(SystemClock.now()));
        (
            TestServer::start_with_clock(demo, clock.clone()).await,
            clock,
        )
    }

    pub async fn start_with_clock(demo: bool, clock: Arc<dyn Clock>) -> TestServer {
        let dir =
            std::env::temp_dir().join(format!("toegang-test-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).unwrap();
        let db_url = format!("sqlite://{}/toegang.db", dir.display());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = build_with_clock(&db_url, addr, demo, clock).await;
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer {
            base: format!("http://{addr}"),
            db_url,
            _dir: TempDir(dir),
        }
    }

    /// A browser-like client: cookies, same-origin `Origin` header, no automatic redirects.
    pub fn client(&self) -> Client {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ORIGIN, self.base.parse().unwrap());
        Client::builder()
            .cookie_store(true)
            // A hung request fails the test with a message instead of stalling the run.
            .timeout(std::time::Duration::from_secs(30))
            .redirect(redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap()
    }

    pub async fn signed_in(&self, national_number: &str) -> Client {
        let c = self.client();
        let res = c
            .post(self.url("/auth/demo"))
            .form(&[("national_number", national_number)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()[header::LOCATION],
            "/",
            "signed in as {national_number}"
        );
        c
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn audit_rows(&self) -> u64 {
        let store = SqliteStore::open(&self.db_url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let e = tx
            .enterprise_by_number(&demo::enterprise_number())
            .await
            .unwrap()
            .unwrap();
        tx.audit_count(e.id).await.unwrap()
    }
}

pub fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

/// Calls a server function the way the hydrated page does (form-encoded, JSON answer).
pub async fn call(
    c: &Client,
    s: &TestServer,
    name: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let res = c
        .post(s.url(&format!("/api/{name}")))
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

pub async fn call_ok<T: serde::de::DeserializeOwned>(
    c: &Client,
    s: &TestServer,
    name: &str,
    form: &[(&str, &str)],
) -> T {
    let (status, body) = call(c, s, name, form).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{name}: {e}: {body}"))
}

pub async fn call_err(
    c: &Client,
    s: &TestServer,
    name: &str,
    form: &[(&str, &str)],
) -> (StatusCode, ApiError) {
    let (status, body) = call(c, s, name, form).await;
    assert!(
        status.is_client_error(),
        "{name}: expected a refusal, got {status}: {body}"
    );
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{name}: {e}: {body}")),
    )
}

pub async fn group(c: &Client, s: &TestServer, g: &str, q: &str) -> GroupData {
    call_ok(c, s, "group", &[("group", g), ("query", q), ("page", "1")]).await
}

/// The error codes in a server function's answer (the body itself when it is no error).
pub fn code_of(body: &str) -> String {
    serde_json::from_str::<ApiError>(body)
        .map(|e| e.codes())
        .unwrap_or_else(|_| body.to_owned())
}

pub fn key() -> String {
    format!("test-key-{}-{}", std::process::id(), unique())
}

pub async fn add(
    c: &Client,
    s: &TestServer,
    g: &str,
    nn: &str,
    services: &[&str],
) -> (StatusCode, String) {
    let k = key();
    let mut form = vec![
        ("group", g),
        ("national_number", nn),
        ("idempotency_key", k.as_str()),
    ];
    form.extend(services.iter().map(|sv| ("services[]", *sv)));
    call(c, s, "add_user", &form).await
}

pub const MAM: &str = MAIN_ACCESS_MANAGER.0;

/// The application service on `store`, its clock standing at `at` (the operator's acts
/// and the jobs, called directly).
pub fn toegang_at(store: SqliteStore, at: i64) -> server::service::Toegang {
    server::service::Toegang::new(Arc::new(store), Arc::new(FixedClock::at(at)), false, None)
}

pub async fn outbox(s: &TestServer) -> Vec<server::store::OutboxMessage> {
    let store = SqliteStore::open(&s.db_url).await.unwrap();
    let mut tx = store.read().await.unwrap();
    tx.recent_outbox(10).await.unwrap()
}

/// The word after `marker` in `text`.
pub fn after(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` in {text}"))
        + marker.len();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

pub async fn sql(s: &TestServer, statement: &str) {
    let store = SqliteStore::open(&s.db_url).await.unwrap();
    sqlx::query(statement).execute(store.pool()).await.unwrap();
}

pub async fn post(c: &Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> String {
    let res = c.post(s.url(path)).form(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    res.headers()[header::LOCATION].to_str().unwrap().to_owned()
}
