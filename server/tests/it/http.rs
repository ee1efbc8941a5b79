//! Black-box HTTP tests against the real server (the same router `main` serves) on a fresh
//! SQLite database in demo mode. Each test starts its own server on a free loopback port.

use crate::common::*;
use app::api::{ApiError, GroupData, HomeData, UserData, UsersData};
use reqwest::{header, Client, StatusCode};
use server::demo::{staff_number, OUTSIDER};
#[tokio::test]
async fn first_sign_in_of_the_main_access_manager_activates_the_enterprise() {
    let s = TestServer::start().await;
    // R3: before activation nobody else can sign in.
    let c = s.client();
    let res = c
        .post(s.url("/auth/demo"))
        .form(&[("national_number", staff_number(41))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()[header::LOCATION],
        "/aanmelden?fout=auth.not_active"
    );

    let mam = s.signed_in(MAM).await;
    let home: HomeData = call_ok(&mam, &s, "home", &[]).await;
    assert_eq!(home.me.enterprise_status, "active");
    assert_eq!(home.me.enterprise_number, "0403.019.261");
    let codes: Vec<&str> = home.groups.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "belastingplichtige",
            "dienstverrichter",
            "sociaal-secretariaat",
            "werkgever"
        ]
    );
    // Now others can sign in.
    s.signed_in(staff_number(41)).await;
}

#[tokio::test]
async fn pages_need_a_session_and_sign_out_ends_it() {
    let s = TestServer::start().await;
    let anon = s.client();
    let (status, err) = call_err(&anon, &s, "home", &[]).await;
    assert_eq!(
        (status, err.codes().as_str()),
        (StatusCode::UNAUTHORIZED, "auth.required")
    );
    let res = anon
        .get(s.url("/"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/aanmelden");

    let mam = s.signed_in(MAM).await;
    let res = mam.post(s.url("/auth/afmelden")).send().await.unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/aanmelden");
    let (status, _) = call_err(&mam, &s, "home", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn group_page_searches_and_paginates_on_the_server() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let g = group(&mam, &s, "werkgever", "").await;
    assert_eq!(
        g.members.total, 6,
        "five demo users and the main access manager"
    );
    assert!(
        g.members.items.windows(2).all(|w| w[0].name <= w[1].name),
        "sorted by name"
    );
    let by_name = group(&mam, &s, "werkgever", "Peeters").await;
    assert!(by_name
        .members
        .items
        .iter()
        .any(|m| m.national_number == MAM));
    let by_number = group(&mam, &s, "werkgever", "85.07.30").await;
    assert_eq!(by_number.members.total, 1);
    // Add enough users for a second page.
    for i in 21..40 {
        let (status, body) = add(&mam, &s, "werkgever", staff_number(i), &["ebox"]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let p2: GroupData = call_ok(
        &mam,
        &s,
        "group",
        &[("group", "werkgever"), ("query", ""), ("page", "2")],
    )
    .await;
    assert_eq!(
        (p2.members.total, p2.members.page, p2.members.items.len()),
        (25, 2, 5)
    );
}

#[tokio::test]
async fn adding_a_user_stores_the_membership_with_an_audit_row() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let before = s.audit_rows().await;
    let nn = staff_number(30);
    let (status, body) = add(
        &mam,
        &s,
        "werkgever",
        &format!("{}.{}", &nn[..6], &nn[6..]),
        &["dmfa", "ebox"],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let g = group(&mam, &s, "werkgever", nn).await;
    let m = &g.members.items[0];
    assert_eq!((m.national_number.as_str(), m.blocked), (nn, false));
    assert_eq!(m.services, ["ebox", "dmfa"], "catalogue order");
    assert_eq!(s.audit_rows().await, before + 1);
}

#[tokio::test]
async fn every_bad_addition_is_refused_with_a_code_and_changes_nothing() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let total = group(&mam, &s, "dienstverrichter", "").await.members.total;
    let audit = s.audit_rows().await;
    let cases: [(&str, &str, &[&str], u16, &str); 7] = [
        (
            "dienstverrichter",
            "85073003329",
            &["ebox"],
            422,
            "national_number.checksum",
        ),
        (
            "dienstverrichter",
            "abc",
            &["ebox"],
            422,
            "national_number.invalid_character",
        ),
        (
            "dienstverrichter",
            OUTSIDER.0,
            &["ebox"],
            422,
            "rule.not_in_staff_register",
        ),
        (
            "dienstverrichter",
            staff_number(2),
            &["ebox"],
            409,
            "rule.already_member",
        ),
        (
            "dienstverrichter",
            staff_number(31),
            &[],
            422,
            "rule.no_service_chosen",
        ),
        (
            "dienstverrichter",
            staff_number(31),
            &["ebox", "dimona"],
            422,
            "rule.service_not_in_group",
        ),
        (
            "boekhoudkantoor",
            staff_number(31),
            &["ebox"],
            404,
            "not_found.group",
        ),
    ];
    for (g, nn, services, status, code) in cases {
        let (st, body) = add(&mam, &s, g, nn, services).await;
        assert_eq!(st.as_u16(), status, "{nn} {services:?}: {body}");
        let err: ApiError = serde_json::from_str(&body).unwrap();
        assert!(err.has(code), "{nn} {services:?}: {body}");
    }
    // Adding oneself raises one's own powers (R10).
    let (st, body) = add(&mam, &s, "dienstverrichter", MAM, &["ebox"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        group(&mam, &s, "dienstverrichter", "").await.members.total,
        total
    );
    assert_eq!(
        s.audit_rows().await,
        audit,
        "no refusal leaves an audit row"
    );
    // Malformed requests are refused too, never a 500.
    let (st, err) = call_err(&mam, &s, "add_user", &[("group", "werkgever")]).await;
    assert_eq!(
        (st.as_u16(), err.codes().as_str()),
        (422, "request.malformed")
    );
    let res = mam.get(s.url("/api/add_user")).send().await.unwrap();
    assert!(
        res.status().is_client_error(),
        "GET on a change: {}",
        res.status()
    );
}

#[tokio::test]
async fn a_manager_acts_only_inside_its_scope() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // activates the enterprise
    let gm = s.signed_in(staff_number(41)).await; // group manager of "werkgever"
    let home: HomeData = call_ok(&gm, &s, "home", &[]).await;
    assert_eq!(
        home.groups
            .iter()
            .map(|g| g.code.as_str())
            .collect::<Vec<_>>(),
        ["werkgever"]
    );
    let (st, err) = call_err(
        &gm,
        &s,
        "group",
        &[
            ("group", "belastingplichtige"),
            ("query", ""),
            ("page", "1"),
        ],
    )
    .await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.not_manager_of_group")
    );
    let (st, body) = add(&gm, &s, "belastingplichtige", staff_number(31), &["ebox"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    let (st, body) = add(&gm, &s, "werkgever", staff_number(31), &["ebox"]).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    // Users list: only users of the managed group.
    let users: UsersData = call_ok(&gm, &s, "users", &[("query", ""), ("page", "1")]).await;
    assert!(
        users.users.items.iter().all(|u| u.groups == ["werkgever"]),
        "{:?}",
        users.users.items
    );
    let k = key();
    let (st, err) = call_err(
        &gm,
        &s,
        "change_membership",
        &[
            ("group", "belastingplichtige"),
            ("national_number", staff_number(3)),
            ("change", "Unblock"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.not_manager_of_group")
    );
    // Outside its groups, known and unknown people look the same to a manager (R6).
    for nn in [staff_number(3), OUTSIDER.0, "85073003329"] {
        let k = key();
        let (st, err) = call_err(
            &gm,
            &s,
            "change_everywhere",
            &[
                ("national_number", nn),
                ("change", "Block"),
                ("idempotency_key", &k),
            ],
        )
        .await;
        assert_eq!(
            (st, err.codes().as_str()),
            (StatusCode::NOT_FOUND, "not_found.user"),
            "{nn}"
        );
        let (st, err) = call_err(&gm, &s, "user", &[("national_number", nn)]).await;
        assert_eq!(
            (st, err.codes().as_str()),
            (StatusCode::NOT_FOUND, "not_found.user"),
            "{nn}"
        );
    }
    // The access manager of "sociale zekerheid" cannot block for all groups a user who is
    // also in a group of "fiscaliteit".
    let am = s.signed_in(staff_number(40)).await;
    let k = key();
    let (st, err) = call_err(
        &am,
        &s,
        "change_everywhere",
        &[
            ("national_number", staff_number(0)),
            ("change", "Block"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.not_manager_of_every_group")
    );
    let user: UserData = call_ok(&am, &s, "user", &[("national_number", staff_number(0))]).await;
    assert_eq!((user.memberships.len(), user.other_groups), (1, 1));
    // A plain user manages nothing.
    let user = s.signed_in(staff_number(5)).await;
    let home: HomeData = call_ok(&user, &s, "home", &[]).await;
    assert!(home.groups.is_empty());
    let (st, _) = add(&user, &s, "werkgever", staff_number(32), &["ebox"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

async fn change(c: &Client, s: &TestServer, g: &str, nn: &str, what: &str) -> (StatusCode, String) {
    let k = key();
    call(
        c,
        s,
        "change_membership",
        &[
            ("group", g),
            ("national_number", nn),
            ("change", what),
            ("idempotency_key", &k),
        ],
    )
    .await
}

#[tokio::test]
async fn block_unblock_and_delete_in_one_group() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(4);
    let services = group(&mam, &s, "werkgever", nn).await.members.items[0]
        .services
        .clone();
    assert_eq!(
        change(&mam, &s, "werkgever", nn, "Block").await.0,
        StatusCode::OK
    );
    let m = group(&mam, &s, "werkgever", nn).await.members.items[0].clone();
    assert!(m.blocked);
    assert_eq!(m.services, services, "blocking keeps the chosen services");
    let (st, body) = change(&mam, &s, "werkgever", nn, "Block").await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        change(&mam, &s, "werkgever", nn, "Unblock").await.0,
        StatusCode::OK
    );
    let m = group(&mam, &s, "werkgever", nn).await.members.items[0].clone();
    assert_eq!(
        (m.blocked, m.services),
        (false, services),
        "unblocking restores them exactly"
    );
    // R10: the main access manager cannot be blocked or deleted.
    let (st, body) = change(&mam, &s, "werkgever", MAM, "Block").await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("rule.main_access_manager_protected"));
    let (st, _) = change(&mam, &s, "werkgever", MAM, "Delete").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // R9: delete removes the membership; the history stays.
    let audit = s.audit_rows().await;
    assert_eq!(
        change(&mam, &s, "werkgever", nn, "Delete").await.0,
        StatusCode::OK
    );
    assert_eq!(group(&mam, &s, "werkgever", nn).await.members.total, 0);
    assert_eq!(s.audit_rows().await, audit + 1);
    let (st, body) = change(&mam, &s, "werkgever", nn, "Delete").await;
    assert_eq!(st.as_u16(), 422, "{body}");
    assert!(body.contains("rule.not_member"));
}

#[tokio::test]
async fn block_and_unblock_for_all_groups() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(0); // in "werkgever" and "belastingplichtige"
    let k = key();
    let form = [
        ("national_number", nn),
        ("change", "Block"),
        ("idempotency_key", k.as_str()),
    ];
    let (st, body) = call(&mam, &s, "change_everywhere", &form).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let u: UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    assert_eq!(u.memberships.len(), 2);
    assert!(u.memberships.iter().all(|m| m.blocked));
    let users: UsersData = call_ok(&mam, &s, "users", &[("query", nn), ("page", "1")]).await;
    assert_eq!(users.users.items[0].blocked_groups.len(), 2);
    let k = key();
    let (st, _) = call(
        &mam,
        &s,
        "change_everywhere",
        &[
            ("national_number", nn),
            ("change", "Unblock"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let u: UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    assert!(u.memberships.iter().all(|m| !m.blocked));
    // The main access manager cannot be blocked for all groups either.
    let k = key();
    let (st, err) = call_err(
        &mam,
        &s,
        "change_everywhere",
        &[
            ("national_number", MAM),
            ("change", "Block"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.main_access_manager_protected")
    );
}

#[tokio::test]
async fn a_replayed_submission_is_applied_once() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let audit = s.audit_rows().await;
    let form = [
        ("group", "werkgever"),
        ("national_number", staff_number(33)),
        ("services[]", "ebox"),
        ("idempotency_key", "same-key-1"),
    ];
    for _ in 0..3 {
        let (st, body) = call(&mam, &s, "add_user", &form).await;
        assert_eq!(st, StatusCode::OK, "{body}");
    }
    assert_eq!(
        group(&mam, &s, "werkgever", staff_number(33))
            .await
            .members
            .total,
        1
    );
    assert_eq!(s.audit_rows().await, audit + 1);
    // The same key with other input (a reused form) is refused, not silently ignored.
    let other = [
        ("group", "werkgever"),
        ("national_number", staff_number(36)),
        ("services[]", "ebox"),
        ("idempotency_key", "same-key-1"),
    ];
    let (st, err) = call_err(&mam, &s, "add_user", &other).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::CONFLICT, "request.replayed")
    );
    assert_eq!(
        group(&mam, &s, "werkgever", staff_number(36))
            .await
            .members
            .total,
        0
    );
    // Keys belong to their sender: another manager's identical key is its own.
    let gm = s.signed_in(staff_number(41)).await;
    let (st, body) = call(&gm, &s, "add_user", &other).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(
        group(&mam, &s, "werkgever", staff_number(36))
            .await
            .members
            .total,
        1
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused_and_change_nothing() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let k = key();
    let res = mam
        .post(s.url("/api/add_user"))
        .header(header::ORIGIN, "http://evil.example")
        .form(&[
            ("group", "werkgever"),
            ("national_number", staff_number(34)),
            ("services[]", "ebox"),
            ("idempotency_key", &k),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        group(&mam, &s, "werkgever", staff_number(34))
            .await
            .members
            .total,
        0
    );
}

#[tokio::test]
async fn without_javascript_forms_redirect_back_and_the_page_shows_the_error() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let page = s.url("/groepen/werkgever");
    let html = mam.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("Voeg gebruiker toe") && html.contains("An Peeters"),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-label="Bewerken""#) && html.contains(r#"aria-label="Verwijderen""#)
    );
    let k = key();
    let res = mam
        .post(s.url("/api/add_user"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &page)
        .form(&[
            ("group", "werkgever"),
            ("national_number", OUTSIDER.0),
            ("services[]", "dimona"),
            ("idempotency_key", &k),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&page) && location.contains("__err="),
        "{location}"
    );
    let html = mam
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("staat niet in het personeelsregister"),
        "error shown next to the field"
    );
    assert!(html.contains(OUTSIDER.0), "what was typed is kept");
    // Success: back to the page, the user is in the list.
    let k = key();
    let res = mam
        .post(s.url("/api/add_user"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &location)
        .form(&[
            ("group", "werkgever"),
            ("national_number", staff_number(35)),
            ("services[]", "dimona"),
            ("idempotency_key", &k),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(back.trim_end_matches('?'), page, "error info stripped");
    let html = mam.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&app::i18n::format_national_number(staff_number(35))));
}

#[tokio::test]
async fn outside_demo_mode_there_is_no_demo_sign_in() {
    let s = TestServer::start_with(false).await;
    let c = s.client();
    let res = c
        .post(s.url("/auth/demo"))
        .form(&[("national_number", MAM)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let means: app::api::AvailableMeans = call_ok(&c, &s, "sign_in_means", &[]).await;
    assert!(means.demo.is_empty());
    let html = c
        .get(s.url("/aanmelden"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("DEMO") && html.contains("Aanmelden met gebruikersnaam"),
        "{html}"
    );
}

async fn appoint(
    c: &Client,
    s: &TestServer,
    kind: &str,
    scope: &str,
    nn: &str,
) -> (StatusCode, String) {
    let k = key();
    call(
        c,
        s,
        "appoint",
        &[
            ("kind", kind),
            ("scope", scope),
            ("national_number", nn),
            ("idempotency_key", &k),
        ],
    )
    .await
}

async fn revoke(
    c: &Client,
    s: &TestServer,
    kind: &str,
    scope: &str,
    nn: &str,
) -> (StatusCode, String) {
    let k = key();
    call(
        c,
        s,
        "revoke",
        &[
            ("kind", kind),
            ("scope", scope),
            ("national_number", nn),
            ("idempotency_key", &k),
        ],
    )
    .await
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<ApiError>(body)
        .map(|e| e.codes())
        .unwrap_or_else(|_| body.to_owned())
}

#[tokio::test]
async fn appointing_helpers_follows_r4_and_r5() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let audit = s.audit_rows().await;
    // MAM → AM of a domain; then the domain's slot is taken (R5).
    assert_eq!(
        appoint(&mam, &s, "access_manager", "fiscaliteit", staff_number(26))
            .await
            .0,
        StatusCode::OK
    );
    let (st, body) = appoint(&mam, &s, "access_manager", "fiscaliteit", staff_number(27)).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::CONFLICT, "rule.slot_taken")
    );
    let managers: app::api::ManagersData = call_ok(&mam, &s, "managers", &[]).await;
    let fisc = managers
        .domains
        .iter()
        .find(|(d, _)| d == "fiscaliteit")
        .unwrap();
    assert_eq!(
        fisc.1.as_ref().map(|h| h.national_number.as_str()),
        Some(staff_number(26))
    );
    // Several co-MAMs are allowed; only the MAM appoints them.
    assert_eq!(
        appoint(&mam, &s, "co_main_access_manager", "", staff_number(28))
            .await
            .0,
        StatusCode::OK
    );
    let refusals: Vec<(&str, &str, &str, &str, u16, &str)> = vec![
        // (who, kind, scope, appointee, status, code)
        (
            MAM,
            "main_access_manager",
            "",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
        (
            MAM,
            "group_manager",
            "boekhoudkantoor",
            staff_number(29),
            422,
            "rule.scope_not_activated",
        ),
        (
            MAM,
            "group_manager",
            "dienstverrichter",
            OUTSIDER.0,
            422,
            "rule.not_in_staff_register",
        ),
        (
            MAM,
            "group_manager",
            "dienstverrichter",
            MAM,
            403,
            "rule.own_powers",
        ),
        (
            MAM,
            "group_manager",
            "dienstverrichter",
            "85073003329",
            422,
            "national_number.checksum",
        ),
        (
            MAM,
            "co_main_access_manager",
            "",
            staff_number(28),
            409,
            "rule.already_appointed",
        ),
        (
            MAM,
            "nonsense",
            "",
            staff_number(29),
            422,
            "request.malformed",
        ),
        (
            "93051822361",
            "co_main_access_manager",
            "",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
        (
            staff_number(40),
            "access_manager",
            "fiscaliteit",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
        (
            staff_number(40),
            "group_manager",
            "werkgever",
            staff_number(29),
            409,
            "rule.slot_taken",
        ),
        (
            staff_number(40),
            "group_manager",
            "belastingplichtige",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
        (
            staff_number(41),
            "group_manager",
            "dienstverrichter",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
        (
            staff_number(5),
            "group_manager",
            "dienstverrichter",
            staff_number(29),
            403,
            "rule.may_not_appoint",
        ),
    ];
    for (who, kind, scope, nn, status, code) in refusals {
        let c = s.signed_in(who).await;
        let (st, body) = appoint(&c, &s, kind, scope, nn).await;
        assert_eq!(
            (st.as_u16(), code_of(&body).as_str()),
            (status, code),
            "{who} appoints {kind}/{scope} {nn}"
        );
    }
    // An AM appoints the GM of a group of its domain.
    let am = s.signed_in(staff_number(40)).await;
    assert_eq!(
        appoint(
            &am,
            &s,
            "group_manager",
            "dienstverrichter",
            staff_number(29)
        )
        .await
        .0,
        StatusCode::OK
    );
    let g = group(&am, &s, "dienstverrichter", "").await;
    assert_eq!(
        g.group_manager.map(|h| h.national_number),
        Some(staff_number(29).to_owned())
    );
    // Revocations mirror appointments; the MAM is never revoked here.
    let (st, body) = revoke(&mam, &s, "main_access_manager", "", MAM).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::FORBIDDEN, "rule.main_access_manager_protected")
    );
    let gm = s.signed_in(staff_number(41)).await;
    let (st, body) = revoke(
        &gm,
        &s,
        "group_manager",
        "dienstverrichter",
        staff_number(29),
    )
    .await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::FORBIDDEN, "rule.may_not_appoint")
    );
    let (st, body) = revoke(&mam, &s, "access_manager", "fiscaliteit", staff_number(27)).await;
    assert_eq!(
        (st, code_of(&body).as_str()),
        (StatusCode::NOT_FOUND, "not_found.mandate")
    );
    assert_eq!(
        revoke(
            &am,
            &s,
            "group_manager",
            "dienstverrichter",
            staff_number(29)
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        revoke(&mam, &s, "access_manager", "fiscaliteit", staff_number(26))
            .await
            .0,
        StatusCode::OK
    );
    // Three appointments and two revocations, each with its audit row; no refusal left one.
    assert_eq!(s.audit_rows().await, audit + 5);
}

#[tokio::test]
async fn an_appointed_manager_manages_exactly_its_scope() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    assert_eq!(
        appoint(&mam, &s, "access_manager", "fiscaliteit", staff_number(26))
            .await
            .0,
        StatusCode::OK
    );
    let am = s.signed_in(staff_number(26)).await;
    let home: HomeData = call_ok(&am, &s, "home", &[]).await;
    assert_eq!(
        home.groups
            .iter()
            .map(|g| g.code.as_str())
            .collect::<Vec<_>>(),
        ["belastingplichtige"]
    );
    let (st, _) = add(&am, &s, "werkgever", staff_number(30), &["ebox"]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = add(&am, &s, "belastingplichtige", staff_number(30), &["ebox"]).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    // An AM does not open "Beheer der toegangsbeheerders".
    let (st, err) = call_err(&am, &s, "managers", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.may_not_appoint")
    );
}

#[tokio::test]
async fn demo_seeding_is_idempotent() {
    let s = TestServer::start().await;
    let audit = s.audit_rows().await;
    // A second start on the same database (a restart) seeds nothing again.
    let addr = "127.0.0.1:0".parse().unwrap();
    let _restarted = build(&s.db_url, addr, true).await;
    assert_eq!(s.audit_rows().await, audit);
    let mam = s.signed_in(MAM).await;
    let home: HomeData = call_ok(&mam, &s, "home", &[]).await;
    assert_eq!(home.groups.len(), 4);
    let users: UsersData = call_ok(&mam, &s, "users", &[("query", ""), ("page", "1")]).await;
    assert_eq!(
        users.users.total, 21,
        "twenty demo users and the main access manager"
    );
    let means: app::api::AvailableMeans = call_ok(&mam, &s, "sign_in_means", &[]).await;
    assert_eq!(means.demo.len(), 50, "the staff register: fifty people");
    assert!(means.demo.iter().all(|p| p.national_number != OUTSIDER.0));
    assert_eq!(means.oidc, None, "no OpenID Connect provider configured");
}
