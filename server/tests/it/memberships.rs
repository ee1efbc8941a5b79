//! Users per group (R6–R10): the group page, adding, blocking, unblocking and deleting,
//! in one group and in every group, each applied once per idempotency key.

use crate::common::*;
use app::api::{ApiError, GroupData, HomeData, UserData, UsersData};
use reqwest::{Client, StatusCode};
use server::demo::{staff_number, OUTSIDER};

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
    // Deleted: no longer found in the group (the same answer as for anyone unknown).
    let (st, body) = change(&mam, &s, "werkgever", nn, "Delete").await;
    assert_eq!(st.as_u16(), 404, "{body}");
    assert!(body.contains("not_found.user"));
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
        ("idempotency_key", "1.same-key-1"),
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
        ("idempotency_key", "1.same-key-1"),
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

/// R10 on the page, decided by the server's own rule (`domain::rules::check_delete`): the
/// main access manager's row offers no "Verwijderen"; every other row does.
#[tokio::test]
async fn the_main_access_managers_row_offers_no_trash() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let html = mam
        .get(s.url("/groepen/werkgever"))
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = |nn: &str| -> String {
        html.split(&format!("data-national-number=\"{nn}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("a row for {nn}"))
            .split("</tr>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(row(MAM).contains("aria-label=\"Bewerken\""));
    assert!(!row(MAM).contains("aria-label=\"Verwijderen\""), "{}", row(MAM));
    assert!(row(staff_number(0)).contains("aria-label=\"Verwijderen\""));
}

/// Issue 14: a person without a mandate sees "Mijn toegang" (their services per group,
/// whether they are blocked there, who manages each group, the nearest first), not empty
/// manager pages; a manager does not.
#[tokio::test]
async fn a_person_without_a_mandate_sees_their_own_access() {
    use domain::Mandate;
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise
    let user = s.signed_in(staff_number(0)).await; // a user of Werkgever and Belastingplichtige
    let home: HomeData = call_ok(&user, &s, "home", &[]).await;
    assert!(home.groups.is_empty());
    let groups: Vec<&str> = home.mine.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(groups, ["werkgever", "belastingplichtige"], "catalogue order");
    let werkgever = &home.mine[0];
    assert!(!werkgever.blocked);
    assert!(werkgever.services.iter().any(|c| c == "ebox"), "{:?}", werkgever.services);
    let managers: Vec<(&str, &Mandate)> =
        werkgever.managers.iter().map(|m| (m.name.as_str(), &m.mandate)).collect();
    assert_eq!(
        managers,
        [
            ("Tom Jacobs", &Mandate::GroupManager("werkgever".into())),
            ("Sofie Maes", &Mandate::AccessManager("sociale-zekerheid".into())),
            ("Luc Janssens", &Mandate::CoMainAccessManager),
            ("An Peeters", &Mandate::MainAccessManager),
        ]
    );
    assert_eq!(home.mine[1].services, ["ebox", "intervat"]);
    assert_eq!(home.mine[1].managers[0].name, "Eva Willems");
    assert_eq!(home.mine[1].managers.len(), 3, "no access manager of Fiscaliteit");

    // Blocked in a group: the page says so.
    let (st, body) = change(&mam, &s, "werkgever", staff_number(0), "Block").await;
    assert!(st.is_success() || st.is_redirection(), "{st} {body}");
    let home: HomeData = call_ok(&user, &s, "home", &[]).await;
    assert!(home.mine[0].blocked);

    // The page itself: "Mijn toegang" in the menu and as the title, no manager pages.
    let html = page_html(&user, &s, "/").await;
    assert!(html.contains("<h1") && html.contains("Mijn toegang"), "{html}");
    assert!(html.contains("Geblokkeerd") && html.contains("Tom Jacobs (Groepsbeheerder Werkgever)"));
    assert!(!html.contains(r#"href="/gebruikers""#));

    // Someone on the staff in no group is told so; a manager sees their groups instead.
    let staff_only = s.signed_in(staff_number(30)).await;
    let home: HomeData = call_ok(&staff_only, &s, "home", &[]).await;
    assert!(home.mine.is_empty() && home.groups.is_empty());
    let html = page_html(&staff_only, &s, "/").await;
    assert!(html.contains("aan geen enkele groep toegevoegd"), "{html}");
    let home: HomeData = call_ok(&mam, &s, "home", &[]).await;
    assert!(home.mine.is_empty() && !home.groups.is_empty());
}

/// Issue 14: after a delete, the member's page (Back in the browser) says the person is
/// no longer a user of the group, inside the layout, with a 404 and a way back to the
/// group.
#[tokio::test]
async fn a_deleted_members_page_says_so_and_leads_back_to_the_group() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(8); // a user of Werkgever only
    let page = format!("/groepen/werkgever/gebruikers/{nn}");
    let res = mam.get(s.url(&page)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (st, body) = change(&mam, &s, "werkgever", nn, "Delete").await;
    assert!(st.is_success() || st.is_redirection(), "{st} {body}");
    let res = mam.get(s.url(&page)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(html.contains("Deze persoon is geen gebruiker (meer) van deze groep"), "{html}");
    assert!(html.contains(r#"href="/groepen/werkgever""#) && html.contains("Terug naar de groep Werkgever"));
    assert!(html.contains(r#"class="menu""#), "inside the layout: {html}");
}

async fn everywhere(c: &Client, s: &TestServer, nn: &str, what: &str) -> (StatusCode, String) {
    let k = key();
    call(
        c,
        s,
        "change_everywhere",
        &[("national_number", nn), ("change", what), ("idempotency_key", &k)],
    )
    .await
}

/// Issue 14: "Verwijderen uit alle groepen" for a leaver (R9), only by a manager of every
/// group the user is in; what the rules refuse is not offered on the user's page, which
/// shows the reason instead, decided by the same `domain` function as the change.
#[tokio::test]
async fn a_leaver_is_deleted_from_all_groups_by_a_manager_of_every_one() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise
    let nn = staff_number(0); // a user of Werkgever and Belastingplichtige
    let am = s.signed_in(staff_number(40)).await; // access manager of Sociale zekerheid only
    let user: UserData = call_ok(&am, &s, "user", &[("national_number", nn)]).await;
    let refused = Err("rule.not_manager_of_every_group".to_owned());
    assert_eq!((&user.everywhere.block, &user.everywhere.delete), (&refused, &refused));
    let html = page_html(&am, &s, &format!("/gebruikers/{nn}")).await;
    assert!(!html.contains("Verwijderen uit alle groepen"), "not offered");
    assert!(html.contains("U beheert niet alle groepen van deze gebruiker"), "the reason shown");
    let rows = s.audit_rows().await;
    let (st, body) = everywhere(&am, &s, nn, "Delete").await;
    assert_eq!((st, code_of(&body).as_str()), (StatusCode::FORBIDDEN, "rule.not_manager_of_every_group"));
    assert_eq!(s.audit_rows().await, rows, "nothing changed");

    // The main access manager is offered it (and not unblocking: nothing is blocked).
    let user: UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    assert_eq!(user.everywhere.delete, Ok(()));
    assert_eq!(user.everywhere.unblock, Err("rule.not_blocked".to_owned()));
    let html = page_html(&mam, &s, &format!("/gebruikers/{nn}?bevestig=verwijderen")).await;
    assert!(html.contains("Bevestig dat u"), "the confirmation step");
    assert!(!html.contains(r#"class="note reason""#), "no reason when everything is offered");
    let (st, body) = everywhere(&mam, &s, nn, "Delete").await;
    assert!(st.is_success() || st.is_redirection(), "{st} {body}");
    let (st, body) = call_err(&mam, &s, "user", &[("national_number", nn)]).await;
    assert_eq!((st, body.codes().as_str()), (StatusCode::NOT_FOUND, "not_found.user"));
    for g in ["werkgever", "belastingplichtige"] {
        assert!(group(&mam, &s, g, nn).await.members.items.is_empty(), "{g}");
    }
    assert_eq!(s.audit_rows().await, rows + 1, "one audit row");
    // The next page says what happened.
    let html = page_html(&mam, &s, "/gebruikers").await;
    assert!(html.contains("is verwijderd uit alle groepen."), "{html}");

    // Never the main access manager (R10).
    let user: UserData = call_ok(&mam, &s, "user", &[("national_number", MAM)]).await;
    assert_eq!(user.everywhere.delete, Err("rule.main_access_manager_protected".to_owned()));
    let (st, _) = everywhere(&mam, &s, MAM, "Delete").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

/// Issue 14: the user's page is the hub: the person's groups (as before), their mandates,
/// when and by whom they were added, their last sign-in, and "Toevoegen aan groep…" for
/// the viewer's other groups (the group page's form then holds the number); the member
/// page links to it.
#[tokio::test]
async fn the_users_page_is_the_hub() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let tom = staff_number(41); // Groepsbeheerder Werkgever, in no group yet
    let (st, body) = add(&mam, &s, "werkgever", tom, &["ebox"]).await;
    assert!(st.is_success(), "{st} {body}");
    let user: UserData = call_ok(&mam, &s, "user", &[("national_number", tom)]).await;
    assert_eq!(user.mandates, [domain::Mandate::GroupManager("werkgever".into())]);
    assert_eq!(user.added.len(), 1);
    assert_eq!((user.added[0].group.as_str(), user.added[0].by.as_deref()), ("werkgever", Some("An Peeters")));
    assert_eq!(user.last_sign_in, None);
    assert!(!user.addable.contains(&"werkgever".to_owned()));
    assert_eq!(user.addable[0], "sociaal-secretariaat", "catalogue order");
    let _ = s.signed_in(tom).await;
    let user: UserData = call_ok(&mam, &s, "user", &[("national_number", tom)]).await;
    assert!(user.last_sign_in.is_some());

    let html = page_html(&mam, &s, &format!("/gebruikers/{tom}")).await;
    assert!(html.contains("Groepsbeheerder Werkgever"), "{html}");
    assert!(html.contains("Toegevoegd aan Werkgever op") && html.contains("door An Peeters."));
    assert!(!html.contains("Nog nooit aangemeld"));
    let to = format!(r#"href="/groepen/sociaal-secretariaat?toevoegen={tom}#add-user-title""#);
    assert!(html.contains(&to) && html.contains("Toevoegen aan Sociaal secretariaat"), "{html}");
    // Someone never signed in and without a mandate says so.
    let html = page_html(&mam, &s, &format!("/gebruikers/{}", staff_number(8))).await;
    assert!(html.contains("Geen mandaat") && html.contains("Nog nooit aangemeld"));

    // The group page's form holds the number; the member page links to the hub.
    let html = page_html(&mam, &s, &format!("/groepen/sociaal-secretariaat?toevoegen={tom}")).await;
    assert!(html.contains(&format!(r#"value="{tom}""#)), "{html}");
    let html = page_html(&mam, &s, &format!("/groepen/werkgever/gebruikers/{tom}")).await;
    assert!(html.contains(&format!(r#"href="/gebruikers/{tom}""#)) && html.contains("Alle groepen en toegang van Tom Jacobs"));
}

/// Posts a form as a browser without JavaScript does (the answer is a redirect).
async fn plain_post(c: &Client, s: &TestServer, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let res = c
        .post(s.url(path))
        .header("accept", "text/html")
        .form(form)
        .send()
        .await
        .unwrap();
    let to = res
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status(), to)
}

async fn page_html(c: &Client, s: &TestServer, path: &str) -> String {
    let res = c.get(s.url(path)).header("accept", "text/html").send().await.unwrap();
    res.text().await.unwrap()
}

/// Issue 14: a block, an unblock and a change of services say what they did and offer to
/// undo it; the undo is a new audited change (the inverse act, checked by its rules),
/// refused with its reason when someone changed the user meanwhile; without JavaScript
/// the undo is a plain form and the member's page then says what it did.
#[tokio::test]
async fn a_change_is_undone_unless_someone_changed_the_user_meanwhile() {
    use app::api::MembershipChanged;
    use app::lang::Flash;
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(4); // a user of Werkgever, not blocked
    let undo_of = |f: &Flash| match f {
        Flash::Outcome { undo, .. } => undo.clone().expect("an undo is offered"),
        other => panic!("{other:?}"),
    };
    let member = |c: &Client| {
        let c = c.clone();
        let s = &s;
        async move { group(&c, s, "werkgever", nn).await.members.items[0].clone() }
    };
    let before = member(&mam).await;

    // Block, then undo: unblocked again, as a new audited change.
    let k = key();
    let form = [("group", "werkgever"), ("national_number", nn), ("change", "Block"), ("idempotency_key", k.as_str())];
    let done: MembershipChanged = call_ok(&mam, &s, "change_membership", &form).await;
    let undo = undo_of(&done.outcome);
    assert!(member(&mam).await.blocked);
    let rows = s.audit_rows().await;
    let json = serde_json::to_string(&undo).unwrap();
    let k = key();
    let (st, to) = plain_post(&mam, &s, "/api/undo_change", &[("undo", &json), ("idempotency_key", &k)]).await;
    assert!(st.is_redirection(), "{st}");
    assert_eq!(to, format!("/groepen/werkgever/gebruikers/{nn}"));
    assert!(!member(&mam).await.blocked);
    assert_eq!(s.audit_rows().await, rows + 1, "one audit row");
    // The page says what the undo did, and offers to undo that in turn.
    let page = page_html(&mam, &s, &to).await;
    assert!(page.contains("is gedeblokkeerd voor de groep Werkgever."), "{page}");
    assert!(page.contains(r#"action="/api/undo_change""#) && page.contains("Ongedaan maken"));
    // The same undo again (another key): the user is no longer as the block left them.
    let k = key();
    let (st, body) = call(&mam, &s, "undo_change", &[("undo", &json), ("idempotency_key", &k)]).await;
    assert_eq!((st, code_of(&body).as_str()), (StatusCode::CONFLICT, "rule.changed_meanwhile"));

    // Block; someone else unblocks meanwhile; the undo is refused and changes nothing.
    let k = key();
    let form = [("group", "werkgever"), ("national_number", nn), ("change", "Block"), ("idempotency_key", k.as_str())];
    let done: MembershipChanged = call_ok(&mam, &s, "change_membership", &form).await;
    let json = serde_json::to_string(&undo_of(&done.outcome)).unwrap();
    let gm = s.signed_in(staff_number(41)).await; // Tom Jacobs, group manager of Werkgever
    let (st, body) = change(&gm, &s, "werkgever", nn, "Unblock").await;
    assert!(st.is_success(), "{st} {body}");
    let rows = s.audit_rows().await;
    let k = key();
    let (st, body) = call(&mam, &s, "undo_change", &[("undo", &json), ("idempotency_key", &k)]).await;
    assert_eq!((st, code_of(&body).as_str()), (StatusCode::CONFLICT, "rule.changed_meanwhile"));
    assert!(!member(&mam).await.blocked);
    assert_eq!(s.audit_rows().await, rows, "nothing changed");

    // A change of services is undone the same way.
    let k = key();
    let form = [("group", "werkgever"), ("national_number", nn), ("services[]", "dmfa"), ("idempotency_key", k.as_str())];
    let done: Flash = call_ok(&mam, &s, "change_services", &form).await;
    assert_eq!(member(&mam).await.services, ["dmfa"]);
    let json = serde_json::to_string(&undo_of(&done)).unwrap();
    let k = key();
    let (st, body) = call(&mam, &s, "undo_change", &[("undo", &json), ("idempotency_key", &k)]).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(member(&mam).await.services, before.services);

    // An undo is checked as the act it is: a group manager cannot undo in another group.
    let mut other = undo_of(&done);
    other.group = "belastingplichtige".into();
    let json = serde_json::to_string(&other).unwrap();
    let k = key();
    let (st, _) = call(&gm, &s, "undo_change", &[("undo", &json), ("idempotency_key", &k)]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let k = key();
    let (st, body) = call(&mam, &s, "undo_change", &[("undo", "not json"), ("idempotency_key", &k)]).await;
    assert_eq!((st, code_of(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "request.malformed"));
}
