//! Hardening (SECURITY.md): no national-number oracle, the security log of refused
//! authorisations and its limit per person, the origin check against the public URL,
//! the protective headers, commands bound to their enterprise, no side effects on GET,
//! who may give what, and the order of checks (access, then size, then parsing).

use crate::common::*;
use app::api::{EboxDocument, EboxList};
use reqwest::{header, StatusCode};
use server::clock::SystemClock;
use server::demo::{staff_number, OUTSIDER};
use std::sync::Arc;

/// A valid national number nobody in the portal has.
const UNKNOWN: &str = "80010100107";
/// The demo group manager of "werkgever".
fn group_manager() -> &'static str {
    staff_number(41)
}

/// (status, codes) of a server function's answer.
async fn answer(c: &reqwest::Client, s: &TestServer, f: &str, form: &[(&str, &str)]) -> (u16, String) {
    let (st, body) = call(c, s, f, form).await;
    (st.as_u16(), code_of(&body))
}

#[tokio::test]
async fn unknown_and_known_elsewhere_answer_alike_for_every_action() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise (R3)
    let gm = s.signed_in(group_manager()).await;
    // OUTSIDER is known to the portal, in no group or register of this enterprise.
    for (caller, f, fields) in [
        (&gm, "user", vec![]),
        (&gm, "change_membership", vec![("group", "werkgever"), ("change", "Block")]),
        (&gm, "change_membership", vec![("group", "werkgever"), ("change", "Unblock")]),
        (&gm, "change_membership", vec![("group", "werkgever"), ("change", "Delete")]),
        (&gm, "change_services", vec![("group", "werkgever"), ("services[]", "ebox")]),
        (&gm, "change_everywhere", vec![("change", "Block")]),
        (&mam, "revoke", vec![("kind", "group_manager"), ("scope", "werkgever")]),
        (&mam, "revoke", vec![("kind", "co_main_access_manager"), ("scope", "")]),
    ] {
        let mut answers = Vec::new();
        for nn in [UNKNOWN, OUTSIDER.0] {
            let k = key();
            let mut form = fields.clone();
            form.push(("national_number", nn));
            if f != "user" {
                form.push(("idempotency_key", &k));
            }
            answers.push(answer(caller, &s, f, &form).await);
        }
        assert_eq!(answers[0], answers[1], "{f} {fields:?}");
        let expected = if f == "revoke" { "not_found.mandate" } else { "not_found.user" };
        assert_eq!(answers[0], (404, expected.to_owned()), "{f} {fields:?}");
    }
}

#[tokio::test]
async fn refused_authorisations_are_logged_and_limited_per_person() {
    let log = security_log();
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise (R3)
    let gm = s.signed_in(group_manager()).await;
    // A group the group manager does not manage: refused, each time.
    let probe = [("group", "belastingplichtige"), ("query", ""), ("page", "1")];
    for _ in 0..server::security::REFUSALS_PER_WINDOW {
        let (st, _) = call(&gm, &s, "group", &probe).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
    // Then every request of that person is refused at once, also an allowed one…
    let (st, body) = call(&gm, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(code_of(&body), "request.too_many_refusals");
    // …while everyone else goes on.
    let (st, _) = call(&mam, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::OK);
    // Each refusal is in the security log, with who, what and why, and never the
    // internal header that carried it.
    let lines = log.lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.contains("authorisation_refused")
            && l.contains("/api/group")
            && l.contains("rule.not_manager_of_group")),
        "{lines:?}"
    );
    let res = gm.post(s.url("/api/group")).form(&probe).send().await.unwrap();
    assert!(res.headers().get(app::port::REFUSAL_HEADER).is_none());
}

#[tokio::test]
async fn the_origin_is_checked_against_the_public_url_not_the_host_header() {
    let s = TestServer::start().await;
    let c = s.signed_in(MAM).await;
    // A forged Host that matches a forged Origin was enough before.
    let res = c
        .post(s.url("/api/home"))
        .header(header::HOST, "evil.example")
        .header(header::ORIGIN, "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(code_of(&res.text().await.unwrap()), "request.cross_origin");
    // Another scheme or port of the same host is another origin.
    let other_port = s.base.replace("127.0.0.1:", "127.0.0.1:1");
    for origin in [s.base.replace("http:", "https:"), other_port] {
        let res = c
            .post(s.url("/api/home"))
            .header(header::ORIGIN, origin.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    let (st, _) = call(&c, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_a_nonce_and_nothing_personal_is_cached() {
    let s = TestServer::start().await;
    let c = s.signed_in(MAM).await;
    let res = c.get(s.url("/")).send().await.unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert!(res.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none(), "plain http");
    let html = res.text().await.unwrap();
    let nonce = after(&csp, "'nonce-").trim_end_matches('\'').to_owned();
    assert!(csp.contains("script-src 'self' 'nonce-") && !csp.contains("unsafe-inline"));
    // Every script of the page carries the nonce of its answer (and a new one each time).
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts, "{html}");
    let again = c.get(s.url("/")).send().await.unwrap();
    assert!(!again.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains(&nonce));
    // JSON answers are not cached either.
    let res = c.post(s.url("/api/home")).send().await.unwrap();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_secure_with_hsts() {
    let public = "https://toegang.test";
    let s = TestServer::start_with_env(
        true,
        Arc::new(SystemClock),
        &[("TOEGANG_PUBLIC_URL", public)],
    )
    .await;
    let res = s
        .client()
        .post(s.url("/auth/demo"))
        .header(header::ORIGIN, public)
        .form(&[("national_number", MAM)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-toegang="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        res.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    // The bound address is not the public origin.
    let res = s
        .client()
        .post(s.url("/auth/demo"))
        .form(&[("national_number", MAM)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_form_made_for_another_enterprise_is_never_applied() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let before = s.audit_rows().await;
    let other = key_for(DEMO_ENTERPRISE + 1);
    let (st, body) = call(
        &mam,
        &s,
        "change_membership",
        &[
            ("group", "werkgever"),
            ("national_number", staff_number(0)),
            ("change", "Block"),
            ("idempotency_key", &other),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(code_of(&body), "request.other_enterprise");
    assert_eq!(s.audit_rows().await, before, "nothing was written");
    let u: app::api::UserData =
        call_ok(&mam, &s, "user", &[("national_number", staff_number(0))]).await;
    assert!(u.memberships.iter().all(|m| !m.blocked));
}

#[tokio::test]
async fn viewing_an_ebox_document_changes_nothing_reading_it_is_a_post() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // activates the enterprise (R3)
    let user = s.signed_in(staff_number(4)).await;
    publish_letter(&s).await;
    let list: EboxList = call_ok(&user, &s, "ebox", &[("page", "1")]).await;
    let doc = list.documents.items[0].id.to_string();
    // The page and the data behind it, as often as one likes: still unread, no audit row.
    let before = s.audit_rows().await;
    for _ in 0..2 {
        let res = user.get(s.url(&format!("/ebox/{doc}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let d: EboxDocument = call_ok(&user, &s, "ebox_document", &[("id", &doc)]).await;
        assert!(d.summary.unread);
    }
    assert_eq!(s.audit_rows().await, before);
    // Reading it: one POST, one receipt in the audit log; a second changes nothing.
    for _ in 0..2 {
        let (st, body) = call(&user, &s, "ebox_read", &[("document", &doc)]).await;
        assert_eq!(st, StatusCode::OK, "{body}");
    }
    assert_eq!(s.audit_rows().await, before + 1);
    let d: EboxDocument = call_ok(&user, &s, "ebox_document", &[("id", &doc)]).await;
    assert!(!d.summary.unread);
}

/// One letter for the demo enterprise, published as an institution would.
async fn publish_letter(s: &TestServer) {
    let args = [
        "publish", "--database-url", &s.db_url, "--enterprise", "0403019261", "--sender", "RSZ",
        "--service", "dmfa", "--type", "kennisgeving", "--title", "Brief", "--body", "Beste,",
    ];
    let mut out = Vec::new();
    let code = server::cli::main(args.iter().map(|a| a.to_string()).collect(), &mut out).await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out));
}

#[tokio::test]
async fn only_access_managers_grant_chaman_and_only_managers_move_the_notification_address() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // activates the enterprise (R3)
    let gm = s.signed_in(group_manager()).await;
    let am = s.signed_in(staff_number(40)).await; // access manager "sociale-zekerheid"
    let new = staff_number(30);
    // A group manager adds a user without Chaman, but not with it.
    let (st, body) = add(&gm, &s, "werkgever", new, &["ebox", "chaman"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code_of(&body), "rule.chaman_grant_needs_access_manager");
    let (st, body) = add(&gm, &s, "werkgever", new, &["ebox"]).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (st, code) = change_services(&gm, &s, new, &["ebox", "chaman"]).await;
    assert_eq!((st, code.as_str()), (StatusCode::FORBIDDEN, "rule.chaman_grant_needs_access_manager"));
    let (st, code) = change_services(&am, &s, new, &["ebox", "chaman"]).await;
    assert_eq!(st, StatusCode::OK, "{code}");
    // Granted by an access manager, the group manager may keep or withdraw it.
    let (st, code) = change_services(&gm, &s, new, &["ebox"]).await;
    assert_eq!(st, StatusCode::OK, "{code}");

    // ContactData: a user (no mandate) keeps the notification address as it is.
    let user = s.signed_in(staff_number(4)).await;
    let (st, code) = save_address(&gm, &s, "info@bouw.be", "+32 2 123 45 67").await;
    assert_eq!(st, StatusCode::OK, "{code}");
    let (st, code) = save_address(&user, &s, "ander@bouw.be", "+32 2 123 45 67").await;
    assert_eq!((st, code.as_str()), (StatusCode::FORBIDDEN, "rule.notification_address_needs_manager"));
    let (st, code) = save_address(&user, &s, "info@bouw.be", "+32 2 765 43 21").await;
    assert_eq!(st, StatusCode::OK, "a user still changes the rest: {code}");
    // … and the language the notifications are written in, which is the managers' too.
    let (st, code) = save_address_in(&user, &s, "info@bouw.be", "+32 2 765 43 21", "de").await;
    assert_eq!((st, code.as_str()), (StatusCode::FORBIDDEN, "rule.notification_address_needs_manager"));
    let (st, code) = save_address_in(&gm, &s, "info@bouw.be", "+32 2 765 43 21", "de").await;
    assert_eq!(st, StatusCode::OK, "{code}");
    let (st, code) = save_address_in(&gm, &s, "info@bouw.be", "+32 2 765 43 21", "xx").await;
    assert_eq!((st, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "contact.language_invalid"));
}

async fn change_services(
    c: &reqwest::Client,
    s: &TestServer,
    nn: &str,
    services: &[&str],
) -> (StatusCode, String) {
    let k = key();
    let mut form = vec![("group", "werkgever"), ("national_number", nn), ("idempotency_key", &k)];
    form.extend(services.iter().map(|x| ("services[]", *x)));
    let (st, body) = call(c, s, "change_services", &form).await;
    (st, code_of(&body))
}

async fn save_address(c: &reqwest::Client, s: &TestServer, email: &str, phone: &str) -> (StatusCode, String) {
    save_address_in(c, s, email, phone, "nl").await
}

async fn save_address_in(
    c: &reqwest::Client,
    s: &TestServer,
    email: &str,
    phone: &str,
    language: &str,
) -> (StatusCode, String) {
    let k = key();
    let form = [
        ("street", "Kerkstraat 1"),
        ("postal_code", "1000"),
        ("municipality", "Brussel"),
        ("email", email),
        ("phone", phone),
        ("language", language),
        ("idempotency_key", &k),
    ];
    let (st, body) = call(c, s, "save_contact_data", &form).await;
    (st, code_of(&body))
}

#[tokio::test]
async fn chaman_checks_access_first_then_size_then_parses() {
    let s = TestServer::start().await;
    let huge = "A".repeat(domain::chaman::MAX_CREDENTIAL_CHARS + 1);
    let channel = |credential: &str| {
        vec![
            ("kind", "sftp".to_owned()),
            ("environment", "test".to_owned()),
            ("credential", credential.to_owned()),
            ("idempotency_key", key()),
        ]
    };
    // Without access to Chaman, the input is never looked at.
    let mam = s.signed_in(MAM).await; // activates the enterprise (R3)
    let user = s.signed_in(staff_number(30)).await; // staff, in no group: no Chaman
    for credential in [huge.as_str(), "garbage"] {
        let res = user
            .post(s.url("/api/add_channel"))
            .form(&channel(credential))
            .send()
            .await
            .unwrap();
        let st = res.status();
        let code = code_of(&res.text().await.unwrap());
        assert_eq!((st, code.as_str()), (StatusCode::FORBIDDEN, "rule.no_service_access"));
    }
    // With access, an oversized credential is refused for its size, before parsing.
    let res = mam
        .post(s.url("/api/add_channel"))
        .form(&channel(&huge))
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(&res.text().await.unwrap()), "chaman.credential_too_long");
}

#[tokio::test]
async fn the_audit_log_is_append_only_whatever_the_statement() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // the activation: a second audit row
    let rows = || async {
        crate::database::column(
            &s.db_url,
            "SELECT CAST(id AS TEXT) || ' ' || action || ' ' || target FROM audit_log ORDER BY id",
        )
        .await
    };
    let before = rows().await;
    let id = |i: usize| -> String {
        before[i].as_deref().unwrap().split(' ').next().unwrap().to_owned()
    };
    let first = id(0);
    let second = id(1);
    let postgres = crate::database::on_postgres();
    for statement in [
        format!("UPDATE audit_log SET action = 'x' WHERE id = {first}"),
        format!("DELETE FROM audit_log WHERE id = {first}"),
        "DELETE FROM audit_log".to_owned(),
        format!("INSERT OR REPLACE INTO audit_log (id, enterprise_id, action, target) VALUES ({first}, 1, 'x', 'x')"),
        format!("REPLACE INTO audit_log (id, enterprise_id, action, target) VALUES ({first}, 1, 'x', 'x')"),
        format!("INSERT INTO audit_log (id, enterprise_id, action, target) VALUES ({first}, 1, 'x', 'x')
                 ON CONFLICT (id) DO UPDATE SET action = 'x'"),
        format!("UPDATE OR REPLACE audit_log SET id = {first} WHERE id = {second}"),
        "TRUNCATE audit_log".to_owned(),
    ] {
        if postgres && (statement.contains(" OR REPLACE") || statement.starts_with("REPLACE")) {
            continue; // SQLite's own statements
        }
        if !postgres && statement.starts_with("TRUNCATE") {
            continue; // SQLite has none (its DELETE without WHERE is refused above)
        }
        assert!(crate::database::refused(&s.db_url, &statement).await, "{statement}");
    }
    assert_eq!(rows().await, before);
}

/// The security log's lines (target `toegang::security`), captured for the whole test run.
fn security_log() -> Arc<std::sync::Mutex<Vec<String>>> {
    use std::sync::{Mutex, OnceLock};
    static LOG: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let writer = move || Line(sink.clone(), Vec::new());
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("toegang::security=warn")
            .with_writer(writer)
            .with_ansi(false)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        lines
    })
    .clone()
}

/// One log line, handed to the shared list when written out.
struct Line(Arc<std::sync::Mutex<Vec<String>>>, Vec<u8>);

impl std::io::Write for Line {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.1.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.1).into_owned();
        if !text.is_empty() {
            self.0.lock().unwrap().push(text);
        }
    }
}
