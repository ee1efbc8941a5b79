//! Shared set-up of the black-box tests: a real server (the router `main` serves) on a
//! fresh database of the run's backend (`database`), a browser-like client, and calls to
//! server functions.
#![allow(dead_code)]

use app::api::{ApiError, GroupData};
use leptos::prelude::LeptosOptions;
use reqwest::{header, redirect, Client, StatusCode};
use server::clock::{Clock, FixedClock, SystemClock};
use server::config::Config;
use server::demo::{self, MAIN_ACCESS_MANAGER};
pub use server::store::prelude::*;
use crate::database::TestDatabase;
use std::sync::Arc;

pub struct TestServer {
    pub base: String,
    pub db_url: String,
    pub db: TestDatabase,
}

/// The application `main` serves, on the database at `db_url` (a restart when it exists).
pub async fn build(db_url: &str, addr: std::net::SocketAddr, demo: bool) -> axum::Router {
    build_with_clock(db_url, addr, demo, Arc::new(SystemClock)).await
}

/// The secret key of every test server (base64 of 32 bytes).
pub const SECRET_KEY: &str = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdDE=";

/// [`build`] deciding by `clock`.
pub async fn build_with_clock(
    db_url: &str,
    addr: std::net::SocketAddr,
    demo: bool,
    clock: Arc<dyn Clock>,
) -> axum::Router {
    build_with_env(db_url, addr, demo, clock, &[], "target/site").await
}

/// The configuration `main` reads, from these settings over the test's defaults (the
/// public URL is the bound address, plain http on loopback; the test key).
pub fn config(
    db_url: &str,
    addr: std::net::SocketAddr,
    demo: bool,
    env: &[(&str, &str)],
) -> Config {
    let public = format!("http://{addr}");
    let mut settings: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), db_url.into()),
        ("LEPTOS_SITE_ADDR".into(), addr.to_string()),
        ("TOEGANG_PUBLIC_URL".into(), public),
        ("TOEGANG_SECRET_KEY".into(), SECRET_KEY.into()),
    ];
    if demo {
        settings.push(("TOEGANG_DEMO".into(), "1".into()));
    }
    for (k, v) in env {
        settings.retain(|(n, _)| n != k);
        settings.push((k.to_string(), v.to_string()));
    }
    Config::from(&[], |k| {
        settings.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    })
    .unwrap()
}

/// [`build_with_clock`] with more settings (e.g. `TOEGANG_SMTP_URL`).
pub async fn build_with_env(
    db_url: &str,
    addr: std::net::SocketAddr,
    demo: bool,
    clock: Arc<dyn Clock>,
    env: &[(&str, &str)],
    site_root: &str,
) -> axum::Router {
    let config = config(db_url, addr, demo, env);
    let mut options = LeptosOptions::builder()
        .output_name("toegang")
        .site_root(site_root)
        .site_addr(addr)
        .build();
    // A test site that hashes its file names keeps its hash file inside (a build keeps it
    // beside the server binary); an absolute path is read as it is.
    let hashes = std::path::Path::new(site_root).join("hash.txt");
    if hashes.is_file() {
        options.hash_files = true;
        options.hash_file = hashes.to_string_lossy().as_ref().into();
    }
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
        TestServer::start_with_env(demo, clock, &[]).await
    }

    /// A server with more settings (environment variables as `main` reads them).
    pub async fn start_with_env(
        demo: bool,
        clock: Arc<dyn Clock>,
        env: &[(&str, &str)],
    ) -> TestServer {
        Self::start_full(demo, clock, env, "target/site").await
    }

    /// A demo server whose built site (static files) is at `site_root`.
    pub async fn start_with_site(site_root: &std::path::Path) -> TestServer {
        let root = site_root.to_string_lossy().into_owned();
        Self::start_full(true, Arc::new(SystemClock), &[], &root).await
    }

    async fn start_full(
        demo: bool,
        clock: Arc<dyn Clock>,
        env: &[(&str, &str)],
        site_root: &str,
    ) -> TestServer {
        Self::start_full_on(TestDatabase::fresh(), demo, clock, env, site_root).await
    }

    /// A second instance on this server's database (as behind a load balancer).
    pub async fn another_instance(&self) -> TestServer {
        Self::start_on(self.db.borrowed()).await
    }

    /// A demo server on the database `db` (a restart when it holds the demo already).
    pub async fn start_on(db: TestDatabase) -> TestServer {
        Self::start_full_on(db, true, Arc::new(SystemClock), &[], "target/site").await
    }

    async fn start_full_on(
        db: TestDatabase,
        demo: bool,
        clock: Arc<dyn Clock>,
        env: &[(&str, &str)],
        site_root: &str,
    ) -> TestServer {
        let db_url = db.url.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = build_with_env(&db_url, addr, demo, clock, env, site_root).await;
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap()
        });
        TestServer {
            base: format!("http://{addr}"),
            db_url,
            db,
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
        let landing = self.demo_sign_in(&c, national_number).await;
        // The start page, or a group manager of one group's group page.
        assert!(
            landing == "/" || landing.starts_with("/groepen/"),
            "signed in as {national_number}: {landing}"
        );
        c
    }

    /// Where signing in as this person lands.
    pub async fn landing(&self, national_number: &str) -> String {
        self.demo_sign_in(&self.client(), national_number).await
    }

    /// Signs `c` in through the demo sign-in; where it lands.
    async fn demo_sign_in(&self, c: &Client, national_number: &str) -> String {
        let res = c
            .post(self.url("/auth/demo"))
            .form(&[("national_number", national_number)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        res.headers()[header::LOCATION].to_str().unwrap().to_owned()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn audit_rows(&self) -> u64 {
        self.audit_rows_of(demo::ENTERPRISE_NUMBER).await
    }

    /// The audit rows of the enterprise with this number.
    pub async fn audit_rows_of(&self, number: &str) -> u64 {
        let store = server::store::open(&self.db_url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let number = domain::EnterpriseNumber::parse(number).unwrap();
        let e = tx.enterprise_by_number(&number).await.unwrap().unwrap();
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

/// The demo enterprise's id in a fresh database (seeded first).
pub const DEMO_ENTERPRISE: i64 = 1;

/// An idempotency key for a form of the demo enterprise (keys name their enterprise).
pub fn key() -> String {
    key_for(DEMO_ENTERPRISE)
}

/// An idempotency key for a form of enterprise `id`.
pub fn key_for(id: i64) -> String {
    format!("{id}.test-key-{}-{}", std::process::id(), unique())
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
pub fn toegang_at(store: Arc<dyn Store>, at: i64) -> server::service::Toegang {
    server::service::Toegang::new(store, Arc::new(FixedClock::at(at)), false, None)
}

/// The newest messages as stored (a secret sealed, its place in the body a placeholder).
pub async fn outbox_stored(s: &TestServer) -> Vec<server::store::OutboxMessage> {
    let store = server::store::open(&s.db_url).await.unwrap();
    let mut tx = store.read().await.unwrap();
    tx.recent_outbox(10).await.unwrap()
}

/// The newest messages as their recipients read them: the secret opened with the test key
/// and put into the body, as the sender does at send time.
pub async fn outbox(s: &TestServer) -> Vec<server::store::OutboxMessage> {
    let sealer = server::seal::Sealer::new(&server::seal::parse_key(SECRET_KEY).unwrap());
    outbox_stored(s)
        .await
        .into_iter()
        .map(|mut m| {
            if let Some(sealed) = m.secret.take() {
                let secret = sealer
                    .open(&server::outbox::purpose(&m.recipient), &sealed)
                    .expect("a sealed secret opens with the server's key");
                m.body = m.body.replace(server::outbox::SECRET, &secret);
            }
            m
        })
        .collect()
}

/// The word after `marker` in `text`.
pub fn after(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` in {text}"))
        + marker.len();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

/// Runs one statement on the test server's database.
pub async fn sql(s: &TestServer, statement: &str) {
    crate::database::execute(&s.db_url, statement).await;
}

pub async fn post(c: &Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> String {
    let res = c.post(s.url(path)).form(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    res.headers()[header::LOCATION].to_str().unwrap().to_owned()
}

/// Runs an operator command in-process on the test server's database (with its key);
/// returns the exit status and what it printed.
pub async fn operator(s: &TestServer, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--database-url", &s.db_url, "--secret-key", SECRET_KEY];
    all.extend_from_slice(args);
    let mut out = Vec::new();
    let code = server::cli::main(all.iter().map(|a| a.to_string()).collect(), &mut out).await;
    (code, String::from_utf8(out).unwrap())
}
