//! Black-box tests of the portal's own online services (R11–R13): ContactData.

use crate::common::*;
use app::api::{ChamanView, ContactDataView, EboxDocument, EboxList};
use reqwest::StatusCode;
use server::demo::staff_number;
use server::store::Store;

fn address<'a>(
    street: &'a str,
    postal: &'a str,
    email: &'a str,
    phone: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("street", street),
        ("postal_code", postal),
        ("municipality", "Gent"),
        ("email", email),
        ("phone", phone),
        ("idempotency_key", key),
    ]
}

#[tokio::test]
async fn contact_data_is_validated_saved_and_its_history_kept() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let view: ContactDataView = call_ok(&mam, &s, "contact_data", &[]).await;
    assert_eq!(view.contact, None);
    assert_eq!(
        view.roles.len(),
        4,
        "a contact person per role of the enterprise"
    );
    assert!(view.me.portal.contact_data && view.me.portal.chaman && view.me.portal.ebox);

    // Every wrong field is refused at once, with its code; nothing is written.
    let audit = s.audit_rows().await;
    let k = key();
    let (st, err) = call_err(
        &mam,
        &s,
        "save_contact_data",
        &address("", "0999", "info@", "09 123 45 67", &k),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(String, String)> = err
        .problems
        .iter()
        .map(|p| (p.field.clone().unwrap_or_default(), p.code.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("street".into(), "contact.required".into()),
            ("postal_code".into(), "contact.postal_code_invalid".into()),
            ("email".into(), "contact.email_invalid".into()),
            ("phone".into(), "contact.phone_invalid".into()),
        ]
    );
    assert_eq!(
        err.echo.get("postal_code").map(String::as_str),
        Some("0999"),
        "typed values come back"
    );
    assert_eq!(s.audit_rows().await, audit);

    // A valid form is normalised, saved once (replays change nothing) and recorded.
    let k = key();
    let form = address(
        "Kerkstraat 1",
        "B-9000",
        "info@bouw.be",
        "+32 9 123 45 67",
        &k,
    );
    let _: () = call_ok(&mam, &s, "save_contact_data", &form).await;
    let _: () = call_ok(&mam, &s, "save_contact_data", &form).await;
    let k = key();
    let _: () = call_ok(
        &mam,
        &s,
        "save_contact_data",
        &address("Kerkstraat 2", "9000", "info@bouw.be", "+3291234567", &k),
    )
    .await;
    let person = [
        ("group", "werkgever"),
        ("name", "Eva Willems"),
        ("email", "eva@bouw.be"),
        ("phone", "0032 475 12 34 56"),
    ];
    let k = key();
    let mut form: Vec<(&str, &str)> = person.to_vec();
    form.push(("idempotency_key", &k));
    let _: () = call_ok(&mam, &s, "save_contact_person", &form).await;

    let view: ContactDataView = call_ok(&mam, &s, "contact_data", &[]).await;
    let c = view.contact.unwrap();
    assert_eq!(
        (c.street.as_str(), c.postal_code.as_str(), c.phone.as_str()),
        ("Kerkstraat 2", "9000", "+3291234567")
    );
    let werkgever = view
        .roles
        .iter()
        .find(|(r, _)| r == "werkgever")
        .unwrap()
        .1
        .clone()
        .unwrap();
    assert_eq!(werkgever.phone, "+32475123456");
    // Newest first: who, what, before → after.
    let h: Vec<(&str, &str)> = view
        .history
        .iter()
        .map(|h| (h.who.as_str(), h.what.as_str()))
        .collect();
    assert_eq!(
        h,
        [
            ("An Peeters", "werkgever"),
            ("An Peeters", "address"),
            ("An Peeters", "address")
        ]
    );
    let change = &view.history[1];
    assert!(change
        .before
        .contains(&("street".into(), "Kerkstraat 1".into())));
    assert!(change
        .after
        .contains(&("street".into(), "Kerkstraat 2".into())));
    assert_eq!(s.audit_rows().await, audit + 3);

    // A role the enterprise does not have.
    let k = key();
    let mut form: Vec<(&str, &str)> = person.to_vec();
    form[0] = ("group", "boekhoudkantoor");
    form.push(("idempotency_key", &k));
    let (st, err) = call_err(&mam, &s, "save_contact_person", &form).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::NOT_FOUND, "not_found.group")
    );
}

#[tokio::test]
async fn r11_every_manager_and_user_reaches_contact_data_and_nobody_else() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    // A group manager, a user (staff 0), and the co-main access manager: allowed.
    for nn in [staff_number(41), staff_number(0), "93051822361"] {
        let c = s.signed_in(nn).await;
        let view: ContactDataView = call_ok(&c, &s, "contact_data", &[]).await;
        assert!(view.me.portal.contact_data, "{nn}");
    }
    // Staff who are neither manager nor user: refused, reading and writing.
    let staff_only = s.signed_in(staff_number(30)).await;
    let (st, err) = call_err(&staff_only, &s, "contact_data", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.no_service_access")
    );
    let k = key();
    let (st, _) = call_err(
        &staff_only,
        &s,
        "save_contact_data",
        &address("Kerkstraat 1", "9000", "info@bouw.be", "+3291234567", &k),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // A user blocked in every group loses it (R8), and gets it back when unblocked.
    let user = staff_number(1);
    let block = |what: &'static str| {
        let k = key();
        let mam = &mam;
        let s = &s;
        async move {
            let (st, body) = call(
                mam,
                s,
                "change_everywhere",
                &[
                    ("national_number", user),
                    ("change", what),
                    ("idempotency_key", &k),
                ],
            )
            .await;
            assert!(
                st.is_success() || st.is_redirection(),
                "{what}: {st} {body}"
            );
        }
    };
    block("Block").await;
    let c = s.signed_in(user).await;
    let (st, _) = call_err(&c, &s, "contact_data", &[]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    block("Unblock").await;
    let _: ContactDataView = call_ok(&c, &s, "contact_data", &[]).await;
}

const SSH_KEY: &str = include_str!("../fixtures/sftp-ed25519.pub");
const CERT: &str = include_str!("../fixtures/soap-valid.pem");
const EXPIRED: &str = include_str!("../fixtures/soap-expired.pem");
const PUBLIC_KEY: &str = include_str!("../fixtures/rest-public-key.pem");

async fn add_channel(
    c: &reqwest::Client,
    s: &TestServer,
    kind: &str,
    env: &str,
    credential: &str,
) -> (StatusCode, String) {
    let k = key();
    call(
        c,
        s,
        "add_channel",
        &[
            ("kind", kind),
            ("environment", env),
            ("credential", credential),
            ("idempotency_key", &k),
        ],
    )
    .await
}

#[tokio::test]
async fn r12_chaman_needs_the_grant_and_takes_only_real_keys_and_valid_certificates() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let user_nn = staff_number(0); // a user of "Werkgever" with e-Box and ContactData only
    let user = s.signed_in(user_nn).await;
    let (st, err) = call_err(&user, &s, "chaman", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.no_service_access")
    );

    // A manager of another group cannot grant it; the main access manager can (R7, R12).
    let grant = |c: &reqwest::Client, services: &'static [&'static str]| {
        let k = key();
        let c = c.clone();
        let s = &s;
        async move {
            let mut form = vec![
                ("group", "werkgever"),
                ("national_number", user_nn),
                ("idempotency_key", k.as_str()),
            ];
            form.extend(services.iter().map(|sv| ("services[]", *sv)));
            call(&c, s, "change_services", &form).await
        }
    };
    let other_gm = s.signed_in(staff_number(42)).await;
    let (st, _) = grant(&other_gm, &["ebox", "contactdata", "chaman"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = grant(&mam, &["intervat"]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (st, body) = grant(&mam, &["chaman", "ebox", "contactdata"]).await;
    assert_eq!(st, StatusCode::OK, "{body}");

    let view: ChamanView = call_ok(&user, &s, "chaman", &[]).await;
    assert_eq!(view.sender, None);
    // First use: the sender with one technical contact; channels only after it.
    let (st, err) = add_channel(&user, &s, "sftp", "test", SSH_KEY).await;
    assert_eq!(
        (st, code_of(&err).as_str()),
        (StatusCode::FORBIDDEN, "chaman.no_sender")
    );
    let k = key();
    let (st, _) = call(
        &user,
        &s,
        "create_sender",
        &[
            ("name", "Jan"),
            ("email", "jan@"),
            ("phone", "+32475123456"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let k = key();
    let sender = [
        ("name", "Jan Peeters"),
        ("email", "it@bouw.be"),
        ("phone", "+32 475 12 34 56"),
        ("idempotency_key", &k),
    ];
    let _: () = call_ok(&user, &s, "create_sender", &sender).await;
    let k2 = key();
    let (st, body) = call(
        &user,
        &s,
        "create_sender",
        &[
            ("name", "Ander"),
            ("email", "x@bouw.be"),
            ("phone", "+32475123456"),
            ("idempotency_key", &k2),
        ],
    )
    .await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::CONFLICT, "chaman.sender_exists")
    );

    // Garbage and expired credentials are refused with a clear code, on the right field.
    for (kind, credential, code) in [
        ("sftp", "ssh-rsa garbage", "chaman.ssh_key_invalid"),
        ("sftp", CERT, "chaman.ssh_key_invalid"),
        ("soap", EXPIRED, "chaman.certificate_expired"),
        ("soap", "not a certificate", "chaman.certificate_invalid"),
        ("rest", SSH_KEY, "chaman.public_key_invalid"),
        ("ftp", "Bad Login", "chaman.login_invalid"),
        ("smtp", "x", "chaman.kind_invalid"),
    ] {
        let (st, body) = add_channel(&user, &s, kind, "test", credential).await;
        assert_eq!(
            (st, code_of(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, code.to_owned()),
            "{kind}"
        );
    }
    let (st, body) = add_channel(&user, &s, "sftp", "acceptance", SSH_KEY).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "chaman.environment_invalid"
        )
    );

    // Real ones are accepted and shown as their parsers read them.
    for (kind, env, credential) in [
        ("sftp", "test", SSH_KEY),
        ("soap", "production", CERT),
        ("rest", "test", PUBLIC_KEY),
        ("ftp", "production", "bouw.ftp"),
    ] {
        let (st, body) = add_channel(&user, &s, kind, env, credential).await;
        assert_eq!(st, StatusCode::OK, "{kind}: {body}");
    }
    let view: ChamanView = call_ok(&user, &s, "chaman", &[]).await;
    assert_eq!(view.sender.unwrap().phone, "+32475123456");
    let kinds: Vec<(&str, &str, bool)> = view
        .channels
        .iter()
        .map(|c| (c.kind.as_str(), c.environment.as_str(), c.active))
        .collect();
    assert_eq!(
        kinds,
        [
            ("sftp", "test", false),
            ("soap", "production", false),
            ("rest", "test", false),
            ("ftp", "production", false)
        ]
    );
    let sftp = &view.channels[0];
    assert!(sftp.summary.contains(&(
        "Vingerafdruk".into(),
        "SHA256:Om99BnE48mZfcO2z1LhlIPbP25e+v59GNIMAlmNw7js".into()
    )));
    assert!(sftp
        .summary
        .contains(&("Type".into(), "ssh-ed25519".into())));
    assert!(view.channels[1]
        .summary
        .iter()
        .any(|(l, v)| l == "Onderwerp" && v.contains("CN=soap.demo-bouwbedrijf.be")));

    // Activated and deactivated; a stale repeat is refused.
    let id = sftp.id.to_string();
    let toggle = |active: &'static str| {
        let (k, id, user) = (key(), id.clone(), user.clone());
        let s = &s;
        async move {
            call(
                &user,
                s,
                "channel_active",
                &[
                    ("channel", id.as_str()),
                    ("active", active),
                    ("idempotency_key", k.as_str()),
                ],
            )
            .await
        }
    };
    assert_eq!(toggle("true").await.0, StatusCode::OK);
    let (st, body) = toggle("true").await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::CONFLICT, "chaman.already_active")
    );
    let view: ChamanView = call_ok(&user, &s, "chaman", &[]).await;
    assert!(view.channels[0].active);
    assert_eq!(toggle("false").await.0, StatusCode::OK);

    // Withdrawing the grant withdraws the access.
    let (st, _) = grant(&mam, &["ebox"]).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = call_err(&user, &s, "chaman", &[]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // Access managers reach it without any grant.
    let am = s.signed_in(staff_number(40)).await;
    let view: ChamanView = call_ok(&am, &s, "chaman", &[]).await;
    assert_eq!(view.channels.len(), 4);
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<app::api::ApiError>(body)
        .map(|e| e.codes())
        .unwrap_or_else(|_| body.to_owned())
}

async fn publish(
    s: &TestServer,
    service: &str,
    doc_type: &str,
    title: &str,
    attachments: Vec<domain::ebox::Attachment>,
    at: i64,
) -> i64 {
    let store = server::store::SqliteStore::open(&s.db_url).await.unwrap();
    let p = domain::ebox::check_publication(
        "RSZ",
        service,
        doc_type,
        title,
        "Beste,\nzie bijlage.",
        attachments,
    )
    .unwrap();
    toegang_at(store, at)
        .publish(server::demo::ENTERPRISE_NUMBER, &p)
        .await
        .unwrap()
}

async fn ebox(c: &reqwest::Client, s: &TestServer, filter: [&str; 4]) -> EboxList {
    call_ok(
        c,
        s,
        "ebox",
        &[
            ("service", filter[0]),
            ("doc_type", filter[1]),
            ("from", filter[2]),
            ("until", filter[3]),
            ("page", "1"),
        ],
    )
    .await
}

#[tokio::test]
async fn r13_every_user_not_blocked_everywhere_sees_every_document() {
    let s = TestServer::start().await;
    let now = server::auth::secrets::now();
    let pdf = domain::ebox::Attachment {
        name: "aangifte 2026.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.7 test".to_vec(),
    };
    let letter = publish(
        &s,
        "dmfa",
        "kennisgeving",
        "Kennisgeving DmfA",
        vec![pdf],
        now - 3600,
    )
    .await;
    let task = publish(&s, "dimona", "taak", "Dimona vervolledigen", vec![], now).await;

    // The operator's command line publishes too (with an attachment from a file).
    let dir = std::env::temp_dir().join(format!("toegang-ebox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("herinnering.txt");
    std::fs::write(&file, "Betaal voor 31 december.").unwrap();
    let mut out = Vec::new();
    let args = [
        "publish",
        "--database-url",
        &s.db_url,
        "--enterprise",
        "0403.019.261",
        "--sender",
        "FOD Financiën",
        "--service",
        "intervat",
        "--type",
        "herinnering",
        "--title",
        "Herinnering btw",
        "--body",
        "Zie bijlage.",
    ];
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.extend(["--attach".to_owned(), file.display().to_string()]);
    assert_eq!(
        server::cli::main(args, &mut out).await,
        0,
        "{}",
        String::from_utf8_lossy(&out)
    );
    let mut bad = Vec::new();
    let refused = [
        "publish",
        "--database-url",
        &s.db_url,
        "--enterprise",
        "0403019261",
        "--sender",
        "RSZ",
        "--service",
        "dmfa",
        "--type",
        "brief",
        "--title",
        "x",
    ];
    assert_eq!(
        server::cli::main(refused.iter().map(|a| a.to_string()).collect(), &mut bad).await,
        1
    );
    assert!(String::from_utf8_lossy(&bad).contains("ebox.unknown_type"));
    let _ = std::fs::remove_dir_all(&dir);

    // Every user sees all three, unread; the main access manager too.
    let mam = s.signed_in(MAM).await;
    let user = s.signed_in(staff_number(4)).await; // a user of "Werkgever"
    for c in [&mam, &user] {
        let list = ebox(c, &s, ["", "", "", ""]).await;
        assert_eq!(list.documents.total, 3);
        assert!(list.documents.items.iter().all(|d| d.unread));
        assert_eq!(
            list.documents.items[0].title, "Herinnering btw",
            "newest first"
        );
    }
    // Reading marks it read for that person only.
    let doc: EboxDocument =
        call_ok(&user, &s, "ebox_document", &[("id", &letter.to_string())]).await;
    assert_eq!(doc.body, "Beste,\nzie bijlage.");
    assert_eq!(doc.attachments.len(), 1);
    let list = ebox(&user, &s, ["", "", "", ""]).await;
    assert_eq!(list.documents.items.iter().filter(|d| d.unread).count(), 2);
    assert_eq!(
        ebox(&mam, &s, ["", "", "", ""])
            .await
            .documents
            .items
            .iter()
            .filter(|d| d.unread)
            .count(),
        3
    );

    // Filters: service, type, dates; an impossible date is refused.
    assert_eq!(
        ebox(&user, &s, ["dmfa", "", "", ""]).await.documents.total,
        1
    );
    assert_eq!(
        ebox(&user, &s, ["", "taak", "", ""]).await.documents.total,
        1
    );
    assert_eq!(
        ebox(&user, &s, ["", "", "2000-01-01", "2000-12-31"])
            .await
            .documents
            .total,
        0
    );
    let (st, err) = call_err(&user, &s, "ebox", &[("from", "2026-02-30"), ("page", "1")]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "ebox.date")
    );

    // The attachment downloads as is, as a download.
    let (att, name) = (doc.attachments[0].0, &doc.attachments[0].1);
    assert_eq!(name, "aangifte 2026.pdf");
    let res = user
        .get(s.url(&format!("/ebox/{letter}/bijlagen/{att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.7 test");
    let res = user
        .get(s.url(&format!("/ebox/{task}/bijlagen/{att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "an attachment belongs to its document"
    );
    let anon = s
        .client()
        .get(s.url(&format!("/ebox/{letter}/bijlagen/{att}")))
        .send()
        .await
        .unwrap();
    assert!(anon.status().is_redirection());
    // Another enterprise's document and attachment do not exist for this one.
    let mut out = Vec::new();
    let other = [
        "register-enterprise",
        "--database-url",
        &s.db_url,
        "--number",
        "0202.239.951",
        "--name",
        "Ander BV",
        "--groups",
        "werkgever",
        "--main-access-manager",
        "17073003384",
        "--main-access-manager-name",
        "Kim Extern",
    ];
    assert_eq!(
        server::cli::main(other.iter().map(|a| a.to_string()).collect(), &mut out).await,
        0
    );
    let store = server::store::SqliteStore::open(&s.db_url).await.unwrap();
    let secret = domain::ebox::Attachment {
        name: "geheim.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF geheim".to_vec(),
    };
    let p = domain::ebox::check_publication(
        "RSZ",
        "dmfa",
        "kennisgeving",
        "Andermans brief",
        "",
        vec![secret],
    )
    .unwrap();
    let foreign = toegang_at(store.clone(), now)
        .publish("0202239951", &p)
        .await
        .unwrap();
    let (st, err) = call_err(&user, &s, "ebox_document", &[("id", &foreign.to_string())]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::NOT_FOUND, "ebox.not_found")
    );
    let foreign_att = att + 2; // the CLI's attachment came after ours; the other one's is next
    let res = user
        .get(s.url(&format!("/ebox/{foreign}/bijlagen/{foreign_att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ebox(&user, &s, ["", "", "", ""]).await.documents.total,
        3,
        "not listed either"
    );

    // A task is marked done once; a message is no task.
    let done = |id: i64| {
        let (k, user, s) = (key(), user.clone(), &s);
        async move {
            call(
                &user,
                s,
                "complete_task",
                &[
                    ("document", id.to_string().as_str()),
                    ("idempotency_key", k.as_str()),
                ],
            )
            .await
        }
    };
    assert_eq!(done(task).await.0, StatusCode::OK);
    let (st, body) = done(task).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    let (st, body) = done(letter).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let t: EboxDocument = call_ok(&mam, &s, "ebox_document", &[("id", &task.to_string())]).await;
    assert!(t.done.is_some_and(|(_, who)| !who.is_empty()));

    // Blocked in every group, the user sees nothing; unblocked, all again.
    let everywhere = |what: &'static str| {
        let (k, mam, s) = (key(), mam.clone(), &s);
        async move {
            let (st, _) = call(
                &mam,
                s,
                "change_everywhere",
                &[
                    ("national_number", staff_number(4)),
                    ("change", what),
                    ("idempotency_key", k.as_str()),
                ],
            )
            .await;
            assert!(st.is_success() || st.is_redirection(), "{what}");
        }
    };
    everywhere("Block").await;
    let (st, err) = call_err(&user, &s, "ebox", &[("page", "1")]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.no_service_access")
    );
    let res = user
        .get(s.url(&format!("/ebox/{letter}/bijlagen/{att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    everywhere("Unblock").await;
    assert_eq!(ebox(&user, &s, ["", "", "", ""]).await.documents.total, 3);
}

#[tokio::test]
async fn r13_retention_flags_then_removes_and_the_daily_notification_tells_without_content() {
    let s = TestServer::start().await;
    let day = 86_400;
    let now = server::auth::secrets::now();
    // A reminder (kept 90 days) published 70 days ago is near its end; an attest is not.
    publish(
        &s,
        "intervat",
        "herinnering",
        "Herinnering geheim",
        vec![],
        now - 70 * day,
    )
    .await;
    publish(&s, "dmfa", "attest", "Attest", vec![], now - 70 * day).await;
    let mam = s.signed_in(MAM).await;
    let list = ebox(&mam, &s, ["", "", "", ""]).await;
    let flags: Vec<(&str, Option<i64>)> = list
        .documents
        .items
        .iter()
        .map(|d| (d.title.as_str(), d.expires_in_days))
        .collect();
    assert!(
        flags.contains(&("Herinnering geheim", Some(20))),
        "{flags:?}"
    );
    assert!(flags.contains(&("Attest", None)), "{flags:?}");

    let store = server::store::SqliteStore::open(&s.db_url).await.unwrap();
    assert_eq!(
        toegang_at(store.clone(), now)
            .remove_expired_documents()
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        toegang_at(store.clone(), now + 21 * day)
            .remove_expired_documents()
            .await
            .unwrap(),
        1
    );
    assert_eq!(ebox(&mam, &s, ["", "", "", ""]).await.documents.total, 1);

    // The daily notification goes to ContactData's general address, once a day at most;
    // without an address nothing counts as told.
    assert_eq!(
        toegang_at(store.clone(), now)
            .notify_new_documents()
            .await
            .unwrap(),
        0,
        "no address yet"
    );
    let k = key();
    let _: () = call_ok(
        &mam,
        &s,
        "save_contact_data",
        &address("Kerkstraat 1", "9000", "info@bouw.be", "+3291234567", &k),
    )
    .await;
    publish(
        &s,
        "dmfa",
        "kennisgeving",
        "Nieuw en geheim",
        vec![],
        now + 60,
    )
    .await;
    assert_eq!(
        toegang_at(store.clone(), now + 120)
            .notify_new_documents()
            .await
            .unwrap(),
        1,
        "the attest and the new one"
    );
    let first = store
        .read()
        .await
        .unwrap()
        .recent_outbox(1)
        .await
        .unwrap()
        .remove(0);
    assert!(first.body.contains("2 nieuwe documenten"), "{}", first.body);
    assert_eq!(
        toegang_at(store.clone(), now + 3600)
            .notify_new_documents()
            .await
            .unwrap(),
        0,
        "nothing new"
    );
    publish(
        &s,
        "dmfa",
        "kennisgeving",
        "Nog een geheim",
        vec![],
        now + 7200,
    )
    .await;
    assert_eq!(
        toegang_at(store.clone(), now + day)
            .notify_new_documents()
            .await
            .unwrap(),
        0,
        "told less than a day ago"
    );
    assert_eq!(
        toegang_at(store.clone(), now + day + 120)
            .notify_new_documents()
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        toegang_at(store.clone(), now + day + 3600)
            .notify_new_documents()
            .await
            .unwrap(),
        0,
        "nothing new since"
    );
    let mail = store
        .read()
        .await
        .unwrap()
        .recent_outbox(1)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (mail.channel.as_str(), mail.recipient.as_str()),
        ("email", "info@bouw.be")
    );
    assert!(mail.body.contains("1 nieuwe document "), "{}", mail.body);
    assert!(
        !mail.body.contains("geheim") && !mail.subject.contains("geheim"),
        "no content in the e-mail"
    );
}
