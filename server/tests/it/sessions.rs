//! Sessions and what guards every request: the first sign-in activates the enterprise
//! (R3), pages need a session, sign-out and inactivity end it, cross-origin posts are
//! refused, forms work without JavaScript, demo mode and its seeding.

use crate::common::*;
use crate::signin::{first_sign_in, password, register_foreign, NEW_PASSWORD};
use app::api::{HomeData, UsersData};
use reqwest::{header, StatusCode};
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
    // Back to the form; the error and what was typed wait in the session, not in the URL.
    assert_eq!(location, page, "a clean URL");
    assert!(!location.contains(OUTSIDER.0));
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
    // Once: a reload shows the plain form.
    let again = mam.get(&location).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains("staat niet in het personeelsregister"));
    // Allowed: first a confirmation step that names the person, and nothing is added yet.
    let rows = s.audit_rows().await;
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
    let html = mam.get(&page).send().await.unwrap().text().await.unwrap();
    let name = server::demo::staff_name(35);
    let question = format!(
        "{name} ({}) toevoegen aan de groep Werkgever, met: Dimona?",
        app::lang::format_national_number(staff_number(35))
    );
    assert!(html.contains(&question), "{question} in {html}");
    assert!(html.contains(&format!("{name} toevoegen aan Werkgever")), "the button names the act");
    assert!(html.contains(r#"name="confirmed" value="true""#));
    assert_eq!(s.audit_rows().await, rows, "nothing written before the confirmation");
    assert_eq!(group(&mam, &s, "werkgever", staff_number(35)).await.members.total, 0);
    // Confirmed: back to the page, the user is in the list.
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
            ("confirmed", "true"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(back.trim_end_matches('?'), page, "error info stripped");
    let html = mam.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&app::lang::format_national_number(staff_number(35))));
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

#[tokio::test]
async fn a_session_ends_after_its_inactivity_expiry() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let _: HomeData = call_ok(&mam, &s, "home", &[]).await;
    // As if the 30 minutes without activity had passed.
    let table = crate::database::sessions_table(&s.db_url);
    sql(
        &s,
        &format!("UPDATE {table} SET expiry_date = '2000-01-01 00:00:00.0+00:00'"),
    )
    .await;
    let (st, err) = call_err(&mam, &s, "home", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNAUTHORIZED, "auth.required")
    );
}

#[tokio::test]
async fn activity_keeps_a_session_alive() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let table = crate::database::sessions_table(&s.db_url);
    let expiry = || async {
        crate::database::texts(&s.db_url, &format!("SELECT CAST(expiry_date AS TEXT) FROM {table}"))
            .await[0]
            .clone()
            .unwrap()
    };
    let first = expiry().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // A request that reads only renews the 30 minutes of inactivity.
    let _: HomeData = call_ok(&mam, &s, "home", &[]).await;
    let renewed = expiry().await;
    assert!(renewed > first, "{first} → {renewed}");
}

#[tokio::test]
async fn a_pending_sign_in_is_no_sign_in() {
    let s = TestServer::start_with(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();
    // Steps cannot be skipped: no enrolment before the password change.
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden/vervolg"
    );
    assert_eq!(
        post(&c, &s, "/auth/authenticator", &[("code", "123456")]).await,
        "/aanmelden?fout=auth.no_pending_sign_in"
    );
    assert_eq!(
        post(&c, &s, "/auth/onderneming", &[("enterprise", "1")]).await,
        "/aanmelden?fout=auth.no_pending_sign_in"
    );
    // Without any sign-in under way there is no step at all.
    let anon = s.client();
    let (st, err) = call_err(&anon, &s, "pending_sign_in", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNAUTHORIZED, "auth.no_pending_sign_in")
    );
    // Each step of a sign-in gives a new session id (no session fixation).
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let session_of = |res: &reqwest::Response| {
        res.cookies()
            .find(|c| c.name() == "toegang_session")
            .map(|c| c.value().to_owned())
    };
    let res = bare
        .post(s.url("/auth/wachtwoord"))
        .header(header::ORIGIN, &s.base)
        .form(&[
            ("username", user.as_str()),
            ("password", temporary.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let first = session_of(&res).expect("a session for the sign-in under way");
    let res = bare
        .post(s.url("/auth/wachtwoord-wijzigen"))
        .header(header::ORIGIN, &s.base)
        .header(header::COOKIE, format!("toegang_session={first}"))
        .form(&[("password", NEW_PASSWORD), ("repeated", NEW_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/aanmelden/vervolg");
    let second = session_of(&res).expect("a new session id");
    assert_ne!(first, second);
    // The old id is worth nothing any more.
    let res = bare
        .post(s.url("/api/pending_sign_in"))
        .header(header::ORIGIN, &s.base)
        .header(header::COOKIE, format!("toegang_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // A complete first sign-in, then sign-out ends the session.
    let (user, temporary) = register_second(&s).await;
    let c = s.client();
    first_sign_in(&s, &c, &user, &temporary).await;
    let _: HomeData = call_ok(&c, &s, "home", &[]).await;
    assert_eq!(post(&c, &s, "/auth/afmelden", &[]).await, "/aanmelden");
    let (st, _) = call_err(&c, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

/// A second enterprise with its own foreign main access manager.
async fn register_second(s: &TestServer) -> (String, String) {
    let mut out = Vec::new();
    let args = [
        "register-enterprise",
        "--number",
        "0203.201.340",
        "--name",
        "Dupont SARL",
        "--groups",
        "belastingplichtige",
        "--database-url",
        &s.db_url,
        "--secret-key",
        SECRET_KEY,
        "--main-access-manager-name",
        "Marie Dupont",
        "--main-access-manager-email",
        "marie@dupont.fr",
        "--main-access-manager-mobile",
        "+33 6 12 34 56 78",
    ];
    let code = server::cli::main(args.iter().map(|a| a.to_string()).collect(), &mut out).await;
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{out}");
    let outbox = outbox(s).await;
    let email = outbox
        .iter()
        .find(|m| m.recipient == "marie@dupont.fr")
        .expect("an e-mail");
    let sms = outbox
        .iter()
        .find(|m| m.recipient == "+33612345678")
        .expect("an SMS");
    (
        after(&email.body, "Uw gebruikersnaam: "),
        after(&sms.body, "uw tijdelijk wachtwoord is "),
    )
}

/// A page that cannot be shown answers with a real status, inside the normal layout; a
/// group outside one's scope answers exactly like one that does not exist (404).
#[tokio::test]
async fn a_refused_page_answers_404_inside_the_layout() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // activates the enterprise
    let gm = s.signed_in(staff_number(41)).await; // group manager of "werkgever"
    for (path, text) in [
        ("/groepen/belastingplichtige", "U beheert deze groep niet."),
        (
            "/groepen/bestaat-niet",
            "Deze groep bestaat niet in uw onderneming.",
        ),
        (
            "/beheerders",
            "U mag deze beheerder niet aanstellen of intrekken.",
        ),
    ] {
        let res = gm.get(s.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains(text), "{path}: {html}");
        // The frame: the enterprise, the person and the menu.
        assert!(
            html.contains("Tom Jacobs")
                && html.contains("Afmelden")
                && html.contains("aria-label=\"Menu\""),
            "{path}: {html}"
        );
    }
    // Its own group still answers 200.
    let res = gm.get(s.url("/groepen/werkgever")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Arguments a server function cannot read are bad input (422), never a server fault.
    let (st, err) = call_err(
        &gm,
        &s,
        "group",
        &[("group", "werkgever"), ("query", ""), ("page", "x")],
    )
    .await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "request.malformed")
    );
}
