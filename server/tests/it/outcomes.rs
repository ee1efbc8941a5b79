//! What a change says it did: without JavaScript, the next page shows the outcome in the
//! seed's words, once, from the session (never from the URL).

use crate::common::*;
use reqwest::{header, StatusCode};
use server::demo::staff_number;

/// A form posted the way a browser without JavaScript posts it; returns where it goes.
async fn plain_post(c: &reqwest::Client, s: &TestServer, path: &str, from: &str, form: &[(&str, &str)]) -> String {
    let res = c
        .post(s.url(path))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, s.url(from))
        .form(form)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    res.headers()[header::LOCATION].to_str().unwrap().to_owned()
}

async fn page(c: &reqwest::Client, s: &TestServer, location: &str) -> String {
    let url = if location.starts_with("http") { location.to_owned() } else { s.url(location) };
    let res = c.get(url).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

#[tokio::test]
async fn without_javascript_blocking_and_deleting_say_what_they_did_once() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(0);
    let member = format!("/groepen/werkgever/gebruikers/{nn}");
    let name = {
        let u: app::api::UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
        u.name
    };
    let k = key();
    let to = plain_post(&mam, &s, "/api/change_membership", &member, &[
        ("group", "werkgever"), ("national_number", nn), ("change", "Block"), ("idempotency_key", &k),
    ]).await;
    assert!(!to.contains("geblokkeerd") && !to.contains(&name.replace(' ', "+")), "not in the URL: {to}");
    let said = format!("{name} is geblokkeerd voor de groep Werkgever.");
    let html = page(&mam, &s, &to).await;
    assert!(html.contains(&said), "{said} in {html}");
    assert!(html.contains(r#"class="flash""#) && html.contains(r#"role="status""#), "announced");
    // Once.
    assert!(!page(&mam, &s, &to).await.contains(&said));
    // For all groups, and deleting from one.
    let k = key();
    let to = plain_post(&mam, &s, "/api/change_everywhere", &format!("/gebruikers/{nn}"), &[
        ("national_number", nn), ("change", "Unblock"), ("idempotency_key", &k),
    ]).await;
    assert!(page(&mam, &s, &to).await.contains(&format!("{name} is gedeblokkeerd voor alle groepen.")));
    let k = key();
    let to = plain_post(&mam, &s, "/api/change_membership", &member, &[
        ("group", "werkgever"), ("national_number", nn), ("change", "Delete"), ("idempotency_key", &k),
    ]).await;
    assert!(page(&mam, &s, &to).await.contains(&format!("{name} is nu verwijderd uit de groep Werkgever.")));
}

#[tokio::test]
async fn without_javascript_every_other_act_names_what_it_did_once() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(30);
    let group = "/groepen/werkgever";
    let member = format!("{group}/gebruikers/{nn}");

    // Adding: the person by the enterprise's name, and the group.
    let k = key();
    let to = plain_post(&mam, &s, "/api/add_user", group, &[
        ("group", "werkgever"), ("national_number", nn), ("services[]", "dimona"), ("idempotency_key", &k),
        ("confirmed", "true"),
    ]).await;
    let name = {
        let u: app::api::UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
        u.name
    };
    let said = format!("{name} is toegevoegd aan de groep Werkgever.");
    assert!(!to.contains("toegevoegd") && !to.contains(&name.replace(' ', "+")), "not in the URL: {to}");
    let html = page(&mam, &s, &to).await;
    assert!(html.contains(&said), "{said} in {html}");
    assert!(!page(&mam, &s, &to).await.contains(&said), "once");

    // Changing the services.
    let k = key();
    let to = plain_post(&mam, &s, "/api/change_services", &member, &[
        ("group", "werkgever"), ("national_number", nn), ("services[]", "ebox"), ("idempotency_key", &k),
    ]).await;
    let said = format!("De diensten van {name} in de groep Werkgever zijn gewijzigd.");
    assert!(page(&mam, &s, &to).await.contains(&said), "{said}");

    // Appointing and revoking a helper: the person and the mandate. Appointing asks first,
    // naming the person, and writes nothing until confirmed.
    let rows = s.audit_rows().await;
    let k = key();
    let to = plain_post(&mam, &s, "/api/appoint", "/beheerders", &[
        ("kind", "co_main_access_manager"), ("scope", ""), ("national_number", nn), ("idempotency_key", &k),
    ]).await;
    let question = format!(
        "{name} ({}) aanstellen als co-Hoofdtoegangsbeheerder?",
        app::lang::format_national_number(nn)
    );
    let html = page(&mam, &s, &to).await;
    assert!(html.contains(&question), "{question} in {html}");
    assert!(html.contains(&format!("{name} aanstellen als co-Hoofdtoegangsbeheerder")));
    assert_eq!(s.audit_rows().await, rows);
    let k = key();
    let to = plain_post(&mam, &s, "/api/appoint", "/beheerders", &[
        ("kind", "co_main_access_manager"), ("scope", ""), ("national_number", nn), ("idempotency_key", &k),
        ("confirmed", "true"),
    ]).await;
    let said = format!("{name} is aangesteld als co-Hoofdtoegangsbeheerder.");
    assert!(page(&mam, &s, &to).await.contains(&said), "{said}");
    let k = key();
    let to = plain_post(&mam, &s, "/api/revoke", "/beheerders", &[
        ("kind", "co_main_access_manager"), ("scope", ""), ("national_number", nn), ("idempotency_key", &k),
    ]).await;
    let said = format!("{name} is niet langer co-Hoofdtoegangsbeheerder.");
    assert!(page(&mam, &s, &to).await.contains(&said), "{said}");
}
