//! Helpers (R4, R5): appointing and revoking co-main access managers, access managers per
//! domain and group managers per group, and what each then manages.

use crate::common::*;
use app::api::HomeData;
use reqwest::{Client, StatusCode};
use server::demo::{staff_number, OUTSIDER};

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
    // An AM does not open "Beheer der Toegangsbeheerders".
    let (st, err) = call_err(&am, &s, "managers", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.may_not_appoint")
    );
}

/// "Beheer der Toegangsbeheerders" lists every group with its group manager, domain by
/// domain in the catalogue's order, and the page names the groups without one.
#[tokio::test]
async fn the_overview_lists_every_group_manager_and_the_gaps() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let managers: app::api::ManagersData = call_ok(&mam, &s, "managers", &[]).await;
    let listed: Vec<(&str, &str, Option<&str>)> = managers
        .groups
        .iter()
        .map(|g| (g.domain.as_str(), g.group.as_str(), g.manager.as_ref().map(|h| h.name.as_str())))
        .collect();
    assert_eq!(
        listed,
        [
            ("sociale-zekerheid", "werkgever", Some("Tom Jacobs")),
            ("sociale-zekerheid", "sociaal-secretariaat", None),
            ("sociale-zekerheid", "dienstverrichter", None),
            ("fiscaliteit", "belastingplichtige", Some("Eva Willems")),
        ]
    );
    let html = mam.get(s.url("/beheerders")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Sociaal secretariaat: geen Groepsbeheerder"), "{html}");
    assert!(!html.contains("Werkgever: geen Groepsbeheerder"));
    // Appointed on the group's page: the gap is gone.
    assert_eq!(
        appoint(&mam, &s, "group_manager", "sociaal-secretariaat", staff_number(26)).await.0,
        StatusCode::OK
    );
    let managers: app::api::ManagersData = call_ok(&mam, &s, "managers", &[]).await;
    let ss = managers.groups.iter().find(|g| g.group == "sociaal-secretariaat").unwrap();
    assert_eq!(ss.manager.as_ref().map(|h| h.national_number.as_str()), Some(staff_number(26)));
    let html = mam.get(s.url("/beheerders")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("Sociaal secretariaat: geen Groepsbeheerder"), "{html}");
    assert!(html.contains("Dienstverrichter: geen Groepsbeheerder"), "{html}");
}

/// Issue 14: a group manager of a single group lands in that group; with a second group,
/// or any other mandate, or none, on the start page.
#[tokio::test]
async fn a_group_manager_of_one_group_lands_in_it() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise
    assert_eq!(s.landing(staff_number(41)).await, "/groepen/werkgever"); // Tom Jacobs
    assert_eq!(s.landing(staff_number(42)).await, "/groepen/belastingplichtige");
    for other in [MAM, "93051822361", staff_number(40), staff_number(0), staff_number(30)] {
        assert_eq!(s.landing(other).await, "/", "{other}");
    }
    let (st, body) = appoint(&mam, &s, "group_manager", "dienstverrichter", staff_number(41)).await;
    assert!(st.is_success(), "{st} {body}");
    assert_eq!(s.landing(staff_number(41)).await, "/");
}
