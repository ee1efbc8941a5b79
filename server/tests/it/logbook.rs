//! The Logboek (R14 read back): each manager reads exactly its scope, in words, filtered,
//! page after page from the last row, and exports the filtered rows as CSV; sign-ins and
//! failed sign-ins are there too.

use crate::common::*;
use crate::signin::{first_sign_in, password, register_foreign, WRONG};
use app::api::LogbookData;
use reqwest::{header, Client, StatusCode};
use server::clock::{Clock, SystemClock};
use server::demo::staff_number;
use server::store::AuditEntry;

fn form<'a>(f: &'a [(&'a str, &'a str)], before: Option<&'a str>) -> Vec<(String, &'a str)> {
    let mut out: Vec<(String, &str)> = ["actor", "person", "group", "kind", "from", "until"]
        .iter()
        .map(|k| {
            let v = f
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| *v)
                .unwrap_or("");
            (format!("filter[{k}]"), v)
        })
        .collect();
    if let Some(b) = before {
        out.push(("before".to_owned(), b));
    }
    out
}

async fn logbook(c: &Client, s: &TestServer, f: &[(&str, &str)]) -> LogbookData {
    let f = form(f, None);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    call_ok(c, s, "logbook", &f).await
}

async fn refused(c: &Client, s: &TestServer, f: &[(&str, &str)]) -> (StatusCode, String) {
    let f = form(f, None);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let (status, e) = call_err(c, s, "logbook", &f).await;
    (status, e.codes())
}

async fn block(c: &Client, s: &TestServer, group: &str, nn: &str) {
    let k = key();
    let form = [
        ("group", group),
        ("national_number", nn),
        ("change", "Block"),
        ("idempotency_key", &k),
    ];
    call_ok::<app::api::MembershipChanged>(c, s, "change_membership", &form).await;
}

#[tokio::test]
async fn the_main_access_manager_reads_every_act_in_words_and_filters_them() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(0);
    block(&mam, &s, "werkgever", nn).await;

    let all = logbook(&mam, &s, &[]).await;
    assert!(all.whole_enterprise && all.newest);
    let newest = &all.entries[0];
    assert_eq!(newest.action, "membership.block");
    assert_eq!(newest.actor.as_deref(), Some("An Peeters"));
    assert_eq!(newest.subject_number.as_deref(), Some(nn));
    assert_eq!(newest.scope.as_deref(), Some("werkgever"));
    assert!(
        newest.before.contains(&("blocked".into(), "false".into())),
        "{newest:?}"
    );
    assert!(
        newest.after.contains(&("blocked".into(), "true".into())),
        "{newest:?}"
    );
    // The sign-in is in it too, and the time is Brussels' (`YYYY-MM-DD HH:MM`).
    assert!(all
        .entries
        .iter()
        .any(|e| e.action == "signin.success" && e.actor.as_deref() == Some("An Peeters")));
    assert_eq!(newest.at.len(), 16, "{}", newest.at);

    let only = logbook(&mam, &s, &[("kind", "membership")]).await;
    assert!(
        !only.entries.is_empty()
            && only
                .entries
                .iter()
                .all(|e| e.action.starts_with("membership."))
    );
    // A person by any written form of the number, or by name without case or accents.
    let dotted = format!(
        "{}.{}.{}-{}.{}",
        &nn[0..2],
        &nn[2..4],
        &nn[4..6],
        &nn[6..9],
        &nn[9..11]
    );
    for typed in [nn.to_owned(), dotted] {
        let by = logbook(&mam, &s, &[("person", &typed)]).await;
        assert!(
            !by.entries.is_empty()
                && by
                    .entries
                    .iter()
                    .all(|e| e.subject_number.as_deref() == Some(nn)),
            "{typed}"
        );
    }
    let by = logbook(&mam, &s, &[("actor", "an PEETERS")]).await;
    assert!(
        !by.entries.is_empty()
            && by
                .entries
                .iter()
                .all(|e| e.actor.as_deref() == Some("An Peeters"))
    );
    let today = server::clock::day(SystemClock.now());
    let dated = logbook(&mam, &s, &[("from", &today), ("until", &today)]).await;
    assert_eq!(dated.entries.len(), all.entries.len());
    let yesterday = logbook(&mam, &s, &[("from", "2020-01-01"), ("until", "2020-01-02")]).await;
    assert!(yesterday.entries.is_empty());
    let in_group = logbook(&mam, &s, &[("group", "werkgever")]).await;
    assert!(in_group
        .entries
        .iter()
        .all(|e| e.scope.as_deref() == Some("werkgever")));

    // Bad filters are refused with their reason, and change nothing.
    let rows = s.audit_rows().await;
    assert_eq!(
        refused(&mam, &s, &[("kind", "drop")]).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "audit.unknown_kind".into()
        )
    );
    assert_eq!(
        refused(&mam, &s, &[("from", "2026-02-01"), ("until", "2026-01-01")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "audit.empty_range".into())
    );
    assert_eq!(
        refused(&mam, &s, &[("from", "2026-02-30")]).await.1,
        "audit.date"
    );
    assert_eq!(s.audit_rows().await, rows);

    // The page, without JavaScript.
    let html = mam
        .get(s.url("/logboek?soort=membership"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    let html = html.text().await.unwrap();
    assert!(
        html.contains("Logboek") && html.contains("Geblokkeerd voor een groep"),
        "{html}"
    );
    let change = after(&html, "class=\"change\">");
    assert!(
        html.contains("Geblokkeerd: nee → ja"),
        "what changed, in words: {change}"
    );
}

#[tokio::test]
async fn each_manager_reads_exactly_its_scope() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    // Demo users of "werkgever" and of "belastingplichtige", neither of them blocked.
    let (employer, taxpayer) = (staff_number(0).to_owned(), staff_number(7).to_owned());
    block(&mam, &s, "werkgever", &employer).await;
    block(&mam, &s, "belastingplichtige", &taxpayer).await;

    let managers = server::demo::managers();
    let access_manager = s.signed_in(managers[1].0).await; // sociale-zekerheid
    let group_manager = s.signed_in(managers[2].0).await; // werkgever
    s.signed_in(managers[3].0).await; // belastingplichtige, a user of no group
    for (c, sees_taxpayer) in [
        (&mam, true),
        (&access_manager, false),
        (&group_manager, false),
    ] {
        let d = logbook(c, &s, &[("kind", "membership")]).await;
        let acted_on = |nn: &str| {
            d.entries
                .iter()
                .any(|e| e.subject_number.as_deref() == Some(nn))
        };
        assert!(acted_on(&employer));
        assert_eq!(acted_on(&taxpayer), sees_taxpayer);
    }
    let gm = logbook(&group_manager, &s, &[]).await;
    assert!(!gm.whole_enterprise);
    assert_eq!(gm.groups, vec!["werkgever".to_owned()]);
    for e in &gm.entries {
        assert!(
            e.scope.as_deref() == Some("werkgever") || e.action.starts_with("signin."),
            "{e:?}"
        );
    }
    // The sign-ins of its group's users (the MAM is one), not those of others.
    let signed_in = |name: &str| {
        gm.entries
            .iter()
            .any(|e| e.action == "signin.success" && e.actor.as_deref() == Some(name))
    };
    assert!(signed_in("An Peeters"));
    assert!(!signed_in(managers[3].1));
    // Another group is refused, as is the Logboek for someone without a mandate.
    assert_eq!(
        refused(&group_manager, &s, &[("group", "belastingplichtige")]).await,
        (StatusCode::FORBIDDEN, "rule.not_manager_of_group".into())
    );
    let user = s.signed_in(staff_number(1)).await;
    assert_eq!(
        refused(&user, &s, &[]).await,
        (StatusCode::FORBIDDEN, "rule.not_a_manager".into())
    );
    let csv = user.get(s.url("/logboek.csv")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_continue_from_the_last_row_and_the_export_streams_every_row() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    // 2,345 rows: more than two export batches.
    let store = server::store::open(&s.db_url).await.unwrap();
    let mut tx = store.write().await.unwrap();
    let now = SystemClock.now();
    for i in 0..2345 {
        let row = AuditEntry::new(DEMO_ENTERPRISE, "membership.services", now)
            .scope("werkgever")
            .target(format!("werkgever/{i}"))
            .before(serde_json::json!({ "services": ["dimona"] }))
            .after(serde_json::json!({ "services": ["dimona", "dmfa"] }));
        tx.audit(&row).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut seen = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let b = before.map(|b| b.to_string());
        let f = form(&[("kind", "membership")], b.as_deref());
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let page: LogbookData = call_ok(&mam, &s, "logbook", &f).await;
        assert!(page.entries.len() <= 50);
        assert!(
            page.entries.windows(2).all(|w| w[0].id > w[1].id),
            "newest first"
        );
        if let (Some(b), Some(first)) = (before, page.entries.first()) {
            assert!(first.id < b, "continues after the last row");
        }
        seen.extend(page.entries.iter().map(|e| e.id));
        match page.older {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    assert!(seen.len() >= 2345, "{}", seen.len());
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no row twice");

    let res = mam
        .get(s.url("/logboek.csv?soort=membership"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(4), Some("action_words"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        seen.len(),
        "the export holds the rows the pages show"
    );
    assert_eq!(rows[0].get(3), Some("membership.services"));
    assert_eq!(rows[0].get(4), Some("Onlinediensten gewijzigd"));
    assert_eq!(rows[0].get(10), Some("services=dimona,dmfa"));
    // A bad filter is refused before the first byte.
    let bad = mam
        .get(s.url("/logboek.csv?soort=drop"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn sign_ins_and_failed_sign_ins_are_in_the_logbook() {
    let s = TestServer::start().await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();
    assert_eq!(password(&c, &s, &user, "not the password", "").await, WRONG);
    first_sign_in(&s, &c, &user, &temporary).await;
    let d = logbook(&c, &s, &[("kind", "signin")]).await;
    let actions: Vec<&str> = d.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["signin.success", "signin.failure"],
        "{:?}",
        d.entries
    );
    assert!(d
        .entries
        .iter()
        .all(|e| e.actor.as_deref() == Some("Jan Smit")));
    // An unknown username is nobody's: it is in no enterprise's Logboek.
    assert_eq!(
        password(&s.client(), &s, "nobody-here", "whatever pass", "").await,
        WRONG
    );
    assert_eq!(
        logbook(&c, &s, &[("kind", "signin")]).await.entries.len(),
        2
    );
}

#[tokio::test]
async fn retention_removes_only_rows_past_their_period_and_records_it() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await;
    let now = SystemClock.now();
    const YEAR: i64 = 365 * 86_400;
    let store = server::store::open(&s.db_url).await.unwrap();
    let mut tx = store.write().await.unwrap();
    for (action, at, target) in [
        ("membership.add", now - 11 * YEAR, "old change"),
        ("signin.success", now - 2 * YEAR, "old sign-in"),
        ("membership.add", now - 2 * YEAR, "kept change"),
        ("signin.failure", now - 100 * 86_400, "kept sign-in"),
    ] {
        tx.audit(&AuditEntry::new(DEMO_ENTERPRISE, action, at).target(target)).await.unwrap();
    }
    tx.commit().await.unwrap();
    let targets = || async {
        crate::database::column(&s.db_url, "SELECT target FROM audit_log ORDER BY id").await
    };
    let kept_change_id = crate::database::column(&s.db_url, "SELECT CAST(id AS TEXT) FROM audit_log WHERE target = 'kept change'").await;
    let kept_change_id = kept_change_id[0].clone().unwrap();
    // Before the job, nothing is removable: the database refuses.
    assert!(crate::database::refused(&s.db_url, "DELETE FROM audit_log WHERE target = 'old change'").await);

    let removed = toegang_at(store.clone(), now).remove_expired_audit().await.unwrap();
    assert_eq!(removed, 2);
    let left: Vec<String> = targets().await.into_iter().flatten().collect();
    assert!(!left.contains(&"old change".into()) && !left.contains(&"old sign-in".into()), "{left:?}");
    assert!(left.contains(&"kept change".into()) && left.contains(&"kept sign-in".into()), "{left:?}");

    // The removal is itself recorded, per kind, in the Logboek.
    let mam = s.signed_in(MAM).await;
    let d = logbook(&mam, &s, &[("kind", "audit")]).await;
    let mut kinds: Vec<&str> = d.entries.iter().map(|e| e.target.as_str()).collect();
    kinds.sort();
    assert_eq!(kinds, vec!["change", "signin"]);
    assert!(d.entries.iter().all(|e| e.action == "audit.retention" && e.before.contains(&("rows".into(), "1".into()))));

    // Still nothing younger can be removed, and a cutoff never moves back.
    let postgres = crate::database::on_postgres();
    for statement in [
        format!("DELETE FROM audit_log WHERE id = {kept_change_id}"),
        "DELETE FROM audit_log".to_owned(),
        "UPDATE audit_retention SET before = '' WHERE kind = 'change'".to_owned(),
        "DELETE FROM audit_retention".to_owned(),
        "INSERT OR REPLACE INTO audit_retention (kind, before) VALUES ('change', '')".to_owned(),
        "TRUNCATE audit_retention".to_owned(),
    ] {
        if postgres && statement.contains(" OR REPLACE") || !postgres && statement.starts_with("TRUNCATE") {
            continue;
        }
        assert!(crate::database::refused(&s.db_url, &statement).await, "{statement}");
    }
    // Run again: nothing more to remove, nothing more recorded.
    assert_eq!(toegang_at(store, now).remove_expired_audit().await.unwrap(), 0);
    assert_eq!(logbook(&mam, &s, &[("kind", "audit")]).await.entries.len(), 2);
}
