//! e-Box Enterprise (R13): who sees what, reading, tasks, attachments, retention and the
//! daily notification.

use crate::common::*;
use crate::contact_data::address;
use app::api::{EboxDocument, EboxList};
use reqwest::StatusCode;
use server::demo::staff_number;

async fn publish(
    s: &TestServer,
    service: &str,
    doc_type: &str,
    title: &str,
    attachments: Vec<domain::ebox::Attachment>,
    at: i64,
) -> i64 {
    let store = server::store::open(&s.db_url).await.unwrap();
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
    // Reading (a POST) marks it read for that person only.
    let doc: EboxDocument =
        call_ok(&user, &s, "ebox_document", &[("id", &letter.to_string())]).await;
    let (st, body) = call(&user, &s, "ebox_read", &[("document", &letter.to_string())]).await;
    assert_eq!(st, reqwest::StatusCode::OK, "{body}");
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
    // A range that ends before it starts says so (not "0 documenten").
    let (st, err) = call_err(&user, &s, "ebox", &[("from", "2026-02-01"), ("until", "2026-01-31"), ("page", "1")]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "ebox.empty_range")
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
    assert_eq!(res.headers()["cache-control"], "no-store", "never kept in a cache");
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
    let store = server::store::open(&s.db_url).await.unwrap();
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

    let store = server::store::open(&s.db_url).await.unwrap();
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
    let _: app::lang::Flash = call_ok(
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
    // The next notification is written in the language chosen in ContactData.
    let k = key();
    let mut french = address("Kerkstraat 1", "9000", "info@bouw.be", "+3291234567", &k);
    french.push(("language", "fr"));
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_data", &french).await;
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
    assert!(
        mail.body.contains("Il y a 1 nouveau document dans l'e-Box de Demo Bouwbedrijf NV"),
        "{}",
        mail.body
    );
    assert_eq!(mail.subject, "Nouveaux documents dans votre e-Box");
    assert!(
        !mail.body.contains("geheim") && !mail.subject.contains("geheim"),
        "no content in the e-mail"
    );
}
