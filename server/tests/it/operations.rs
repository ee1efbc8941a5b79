//! Operations: `/healthz`, `/readyz`, `/metrics` (and who may read it), a request id on
//! every answer, and a graceful stop on SIGTERM that finishes the request in flight.

use crate::common::*;
use reqwest::{header, StatusCode};
use std::io::{Read, Write};
use std::sync::Arc;

async fn get(c: &reqwest::Client, s: &TestServer, path: &str) -> (StatusCode, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn alive_and_ready_when_the_database_is_migrated() {
    let s = TestServer::start().await;
    let c = s.client();
    assert_eq!(get(&c, &s, "/healthz").await, (StatusCode::OK, "ok\n".into()));
    assert_eq!(get(&c, &s, "/readyz").await, (StatusCode::OK, "ready\n".into()));
    // A database behind this build's migrations is not ready.
    sql(&s, "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
    let (status, body) = get(&c, &s, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(get(&c, &s, "/healthz").await.0, StatusCode::OK, "still alive");
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_show_the_pool_and_the_outbox() {
    let s = TestServer::start().await;
    let c = s.client();
    get(&c, &s, "/aanmelden").await;
    let mam = s.signed_in(MAM).await;
    let _: app::api::HomeData = call_ok(&mam, &s, "home", &[]).await;
    let (status, text) = get(&c, &s, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        r#"toegang_http_requests_total{route="/aanmelden",method="GET",status="2xx"}"#,
        r#"toegang_http_requests_total{route="/api/home",method="POST",status="2xx"}"#,
        "toegang_http_request_duration_seconds_bucket{",
        "toegang_db_connections ",
        "toegang_db_connections_idle ",
        "toegang_outbox_unsent_messages ",
        "toegang_db_up 1",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    // A national number in a path never becomes a label.
    get(&c, &s, "/gebruikers/85073003328").await;
    let (_, text) = get(&c, &s, "/metrics").await;
    assert!(!text.contains("85073003328"), "{text}");
}

#[tokio::test]
async fn metrics_are_for_this_machine_unless_configured_otherwise() {
    // Through a trusted proxy, the client's address decides: not this machine.
    let s = TestServer::start_with_env(true, Arc::new(server::clock::SystemClock), &[("TOEGANG_TRUSTED_PROXIES", "127.0.0.1")]).await;
    assert_eq!(from_elsewhere(&s).await, StatusCode::NOT_FOUND);
    let s = TestServer::start_with_env(true, Arc::new(server::clock::SystemClock), &[("TOEGANG_METRICS", "off")]).await;
    assert_eq!(get(&s.client(), &s, "/metrics").await.0, StatusCode::NOT_FOUND);
    let s = TestServer::start_with_env(
        true,
        Arc::new(server::clock::SystemClock),
        &[("TOEGANG_METRICS", "open"), ("TOEGANG_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await;
    assert_eq!(from_elsewhere(&s).await, StatusCode::OK);
}

/// `/metrics` asked by a client elsewhere, through the trusted proxy on loopback.
async fn from_elsewhere(s: &TestServer) -> StatusCode {
    s.client()
        .get(s.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn every_answer_carries_a_fresh_request_id() {
    let s = TestServer::start().await;
    let res = s
        .client()
        .get(s.url("/aanmelden"))
        .header("x-request-id", "forged")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    let again = s.client().get(s.url("/healthz")).send().await.unwrap();
    assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), id);
    let _ = header::ACCEPT;
}

/// The real binary: SIGTERM while a request is half sent; the request still gets its
/// answer, then the process exits cleanly.
#[test]
fn sigterm_finishes_the_request_in_flight_then_exits() {
    let db = crate::database::TestDatabase::fresh();
    let (mut child, port) = start_binary(&db.url);
    let connect = || std::net::TcpStream::connect(("127.0.0.1", port));
    let origin = format!("http://127.0.0.1:{port}");
    let body = "taal=fr&terug=%2F";
    let mut s = connect().unwrap();
    write!(
        s,
        "POST /taal HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..5]
    )
    .unwrap();
    s.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.write_all(body[5..].as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.contains("taal=fr"), "{answer}");
    let mut status = None;
    for _ in 0..100 {
        if let Some(st) = child.try_wait().unwrap() {
            status = Some(st);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let status = status.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("still running 10 s after SIGTERM")
    });
    assert!(status.success(), "{status}");
    assert!(connect().is_err(), "no longer accepting");
}

/// A site with one built file (and, for the second, its precompressed copy).
fn site_with(file: &str, bytes: &[u8], brotli: Option<&[u8]>) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("toegang-site-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg").join(file), bytes).unwrap();
    if let Some(br) = brotli {
        std::fs::write(root.join("pkg").join(format!("{file}.br")), br).unwrap();
    }
    root
}

#[tokio::test]
async fn static_files_go_compressed_and_are_revalidated() {
    // Compressible, like wasm and JavaScript: about 200 kB of repeated text.
    let js = "export function hydrate() { return 'Toegangsbeheer'; }\n".repeat(4000);
    let root = site_with("toegang.js", js.as_bytes(), None);
    let s = TestServer::start_with_site(&root).await;
    let raw = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
    let get = |enc: &'static str| {
        raw.get(s.url("/pkg/toegang.js"))
            .header(header::ACCEPT_ENCODING, enc)
            .send()
    };
    let br = get("br, gzip").await.unwrap();
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(br.headers()[header::CACHE_CONTROL], "no-cache");
    let last_modified = br.headers()[header::LAST_MODIFIED].to_str().unwrap().to_owned();
    let br_len = br.bytes().await.unwrap().len();
    assert!(br_len * 20 < js.len(), "brotli: {br_len} of {}", js.len());
    let gz = get("gzip").await.unwrap();
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.bytes().await.unwrap().len(), js.len());
    // Revalidation: unchanged, nothing is sent again.
    let again = raw
        .get(s.url("/pkg/toegang.js"))
        .header(header::IF_MODIFIED_SINCE, last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // A release build's precompressed file is sent as it is.
    let root = site_with("toegang.wasm", b"\0asm-not-really", Some(b"BROTLI-BYTES"));
    let s = TestServer::start_with_site(&root).await;
    let res = raw
        .get(s.url("/pkg/toegang.wasm"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(&res.bytes().await.unwrap()[..], b"BROTLI-BYTES");
}

#[tokio::test]
async fn a_build_with_hashed_names_is_cached_for_a_year_everywhere_it_is_named() {
    let (js, wasm, css) = ("JsJsJsJsJsJsJsJsJsJs01", "WasmWasmWasmWasmWasm02", "CssCssCssCssCssCssCs03");
    let root = site_with(&format!("toegang.{wasm}.wasm"), b"\0asm-not-really", Some(b"BROTLI-BYTES"));
    let pkg = root.join("pkg");
    std::fs::write(pkg.join(format!("toegang.{js}.js")), "export default function init() {}").unwrap();
    std::fs::write(pkg.join(format!("toegang.{css}.css")), "body { margin: 0 }").unwrap();
    std::fs::write(pkg.join("toegang.css"), "an old build's file").unwrap();
    std::fs::write(root.join("hash.txt"), format!("js: {js}\nwasm: {wasm}\ncss: {css}\n")).unwrap();
    std::fs::write(
        root.join("offline.html"),
        r#"<link rel="stylesheet" href="/pkg/toegang.css"><h1>Geen verbinding</h1>"#,
    )
    .unwrap();
    std::fs::write(root.join("sw.js"), "const V='__VERSION__'; const S=__SHELL__;").unwrap();
    let s = TestServer::start_with_site(&root).await;
    let raw = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
    let get = |path: String| raw.get(s.url(&path)).header(header::ACCEPT_ENCODING, "br").send();

    // Every page names the hashed files.
    let page = s.client().get(s.url("/aanmelden")).send().await.unwrap().text().await.unwrap();
    for name in [format!("toegang.{js}.js"), format!("toegang.{wasm}.wasm"), format!("toegang.{css}.css")] {
        assert!(page.contains(&format!("/pkg/{name}")), "{name} in {page}");
    }
    assert!(!page.contains("/pkg/toegang.css"), "{page}");
    // They are cached for a year, never revalidated, and still go compressed.
    let res = get(format!("/pkg/toegang.{wasm}.wasm")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(&res.bytes().await.unwrap()[..], b"BROTLI-BYTES");
    let res = get(format!("/pkg/toegang.{css}.css")).await.unwrap();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    // A name without a hash is revalidated; a hashed name of another build is not cached.
    let res = get("/pkg/toegang.css".into()).await.unwrap();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    let res = get("/pkg/toegang.OtherBuildOtherBuild99.wasm".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_ne!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    // The offline page and the service worker's shell follow the hashed names.
    let offline = get("/offline.html".into()).await.unwrap().text().await.unwrap();
    assert!(offline.contains(&format!(r#"href="/pkg/toegang.{css}.css""#)), "{offline}");
    let worker = get("/sw.js".into()).await.unwrap().text().await.unwrap();
    for name in [format!("toegang.{js}.js"), format!("toegang.{wasm}.wasm"), format!("toegang.{css}.css")] {
        assert!(worker.contains(&format!("\"/pkg/{name}\"")), "{name} in {worker}");
    }
    assert!(!worker.contains(".br\""), "no precompressed copy in the shell: {worker}");
    let _ = std::fs::remove_dir_all(root);
}

/// Starts the real server binary in demo mode on the database at `url`; returns it and its
/// port once `/readyz` answers 200.
fn start_binary(url: &str) -> (std::process::Child, u16) {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--demo", "--addr", &format!("127.0.0.1:{port}"), "--database-url"])
        .arg(url)
        .env("TOEGANG_SECRET_KEY", crate::common::SECRET_KEY)
        .env("RUST_LOG", "warn")
        .env("LEPTOS_OUTPUT_NAME", "toegang")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..300 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            if out.starts_with("HTTP/1.1 200") {
                return (child, port);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("the server did not start");
}

/// SIGKILL in the middle of a stream of writes (four clients saving ContactData): after a
/// restart every acknowledged write is there with its audit row, and the data is the state
/// the last audit row describes (nothing half-applied).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_kill_in_the_middle_of_writes_loses_no_acknowledged_write() {
    let db = crate::database::TestDatabase::fresh();
    let (mut child, port) = start_binary(&db.url);
    let base = format!("http://127.0.0.1:{port}");
    let client = || {
        let mut h = header::HeaderMap::new();
        h.insert(header::ORIGIN, base.parse().unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(h)
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap()
    };
    let mut writers = Vec::new();
    for w in 0..4 {
        let c = client();
        let res = c.post(format!("{base}/auth/demo")).form(&[("national_number", MAM)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let base = base.clone();
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0.. {
                let street = format!("Straat {w}-{n}");
                let k = key();
                let res = c
                    .post(format!("{base}/api/save_contact_data"))
                    .form(&[
                        ("street", street.as_str()), ("postal_code", "9000"), ("municipality", "Gent"),
                        ("email", "info@bouw.be"), ("phone", "+3291234567"), ("idempotency_key", &k),
                    ])
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => acknowledged.push(street),
                    Ok(r) => panic!("{street}: {}", r.status()),
                    Err(_) => break, // the server is gone
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(acknowledged.len() > 10, "a stream of writes: {}", acknowledged.len());

    // Started again on the same file: ready, and every acknowledged write is there.
    let (mut again, _) = start_binary(&db.url);
    let street = crate::database::json_member(&db.url, "after", "street");
    let audited: Vec<String> = crate::database::column(
        &db.url,
        &format!("SELECT {street} FROM audit_log WHERE action = 'contactdata.address' ORDER BY id"),
    )
    .await
    .into_iter()
    .flatten()
    .collect();
    for street in &acknowledged {
        assert_eq!(audited.iter().filter(|a| *a == street).count(), 1, "{street}");
    }
    let current = crate::database::texts(&db.url, "SELECT street FROM contact_data").await[0]
        .clone()
        .unwrap();
    assert_eq!(Some(&current), audited.last(), "the data is what the last audit row says");
    let _ = again.kill();
    let _ = again.wait();
}
