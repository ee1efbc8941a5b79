//! Chaman (R12): granted per user, a sender and channels with real keys and valid
//! certificates only.

use crate::common::*;
use app::api::ChamanView;
use reqwest::StatusCode;
use server::demo::staff_number;

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
    let _: app::lang::Flash = call_ok(&user, &s, "create_sender", &sender).await;
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
    // The same channel again (another submission, the same key written another way) is
    // refused, not added twice; the same key for the other environment is another channel.
    let rows = s.audit_rows().await;
    let (st, body) = add_channel(&user, &s, "sftp", "test", &format!("  {}  ", SSH_KEY.trim())).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::CONFLICT, "chaman.duplicate_channel")
    );
    assert_eq!(s.audit_rows().await, rows);
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
        "fingerprint".into(),
        "SHA256:Om99BnE48mZfcO2z1LhlIPbP25e+v59GNIMAlmNw7js".into()
    )));
    assert!(sftp
        .summary
        .contains(&("type".into(), "ssh-ed25519".into())));
    assert!(view.channels[1]
        .summary
        .iter()
        .any(|(l, v)| l == "subject" && v.contains("CN=soap.demo-bouwbedrijf.be")));

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

    // An active channel is not removed; deactivated, it is, once, with an audit row that
    // keeps what it was.
    assert_eq!(toggle("true").await.0, StatusCode::OK);
    let remove = |id: String| {
        let (k, user) = (key(), user.clone());
        let s = &s;
        async move {
            call(
                &user,
                s,
                "remove_channel",
                &[("channel", id.as_str()), ("idempotency_key", k.as_str())],
            )
            .await
        }
    };
    let rows = s.audit_rows().await;
    let (st, body) = remove(id.clone()).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::CONFLICT, "chaman.remove_active")
    );
    assert_eq!(s.audit_rows().await, rows);
    assert_eq!(toggle("false").await.0, StatusCode::OK);
    let (st, body) = remove(id.clone()).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let view: ChamanView = call_ok(&user, &s, "chaman", &[]).await;
    assert_eq!(view.channels.len(), 3);
    assert!(view.channels.iter().all(|c| c.id.to_string() != id));
    let removed = crate::database::column(
        &s.db_url,
        &format!("SELECT before FROM audit_log WHERE action = 'chaman.channel_remove' AND target = 'channel/{id}'"),
    )
    .await;
    assert_eq!(removed.len(), 1);
    assert!(removed[0].as_deref().unwrap_or_default().contains("\"kind\":\"sftp\""), "{removed:?}");
    let (st, body) = remove(id.clone()).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::NOT_FOUND, "chaman.channel_not_found")
    );

    // The technical contact is changed, checked as it was created; a wrong address
    // changes nothing.
    let change_contact = |email: &'static str| {
        let (k, user) = (key(), user.clone());
        let s = &s;
        async move {
            call(
                &user,
                s,
                "technical_contact",
                &[
                    ("name", "Els Wouters"),
                    ("email", email),
                    ("phone", "03 123 45 67"),
                    ("idempotency_key", k.as_str()),
                ],
            )
            .await
        }
    };
    let rows = s.audit_rows().await;
    let (st, body) = change_contact("els@").await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "contact.email_invalid")
    );
    assert_eq!(s.audit_rows().await, rows);
    let (st, body) = change_contact("els@bouw.be").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert!(body.contains("technical_contact_changed"), "{body}");
    let view: ChamanView = call_ok(&user, &s, "chaman", &[]).await;
    let contact = view.sender.unwrap();
    assert_eq!(
        (contact.name.as_str(), contact.email.as_str(), contact.phone.as_str()),
        ("Els Wouters", "els@bouw.be", "+3231234567")
    );
    let changed = crate::database::column(
        &s.db_url,
        "SELECT before || ' -> ' || after FROM audit_log WHERE action = 'chaman.sender_change'",
    )
    .await;
    assert_eq!(changed.len(), 1);
    let changed = changed[0].as_deref().unwrap_or_default();
    assert!(changed.contains("Jan Peeters") && changed.contains("Els Wouters"), "{changed}");

    // Withdrawing the grant withdraws the access.
    let (st, _) = grant(&mam, &["ebox"]).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = call_err(&user, &s, "chaman", &[]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = change_contact("els@bouw.be").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // Access managers reach it without any grant.
    let am = s.signed_in(staff_number(40)).await;
    let view: ChamanView = call_ok(&am, &s, "chaman", &[]).await;
    assert_eq!(view.channels.len(), 3);
}
