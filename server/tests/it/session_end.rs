//! Sessions that end: sign-out is final, also for a request in flight; a session ends 12
//! hours after sign-in however active.

use crate::common::*;
use app::api::HomeData;
use reqwest::{header, StatusCode};

#[tokio::test]
async fn signing_out_is_final_even_for_a_request_in_flight() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = TestServer::start().await;
    // Signed in, with the cookie in hand.
    let res = s
        .client()
        .post(s.url("/auth/demo"))
        .form(&[("national_number", MAM)])
        .send()
        .await
        .unwrap();
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let sessions = || async {
        let table = crate::database::sessions_table(&s.db_url);
        crate::database::number(&s.db_url, &format!("SELECT COUNT(*) FROM {table}")).await
    };
    assert_eq!(sessions().await, 1);
    // A request whose body is still on its way: its session is loaded already.
    let body = format!("national_number={MAM}");
    let mut held = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /api/user HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\n\
         Connection: close\r\n\r\n",
        host = s.base.trim_start_matches("http://"),
        origin = s.base,
        len = body.len()
    );
    held.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Meanwhile, sign-out.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(s.url("/auth/afmelden"))
        .header(header::ORIGIN, &s.base)
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/aanmelden");
    assert_eq!(sessions().await, 0);
    // The held request ends: it must not write the session back.
    held.write_all(body.as_bytes()).await.unwrap();
    let mut answer = String::new();
    held.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    assert_eq!(sessions().await, 0, "the signed-out session stays gone");
    let res = reqwest::Client::new()
        .post(s.url("/api/home"))
        .header(header::ORIGIN, &s.base)
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_however_active() {
    let (s, clock) = TestServer::start_with_fixed_clock(true).await;
    let mam = s.signed_in(MAM).await;
    // Active all along: eleven hours and fifty-nine minutes later it still works…
    for _ in 0..11 {
        clock.advance(3600);
        let _: HomeData = call_ok(&mam, &s, "home", &[]).await;
    }
    clock.advance(59 * 60);
    let _: HomeData = call_ok(&mam, &s, "home", &[]).await;
    // …twelve hours after sign-in it ends, and its row is gone.
    clock.advance(60);
    let (st, err) = call_err(&mam, &s, "home", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::UNAUTHORIZED, "auth.required")
    );
    let table = crate::database::sessions_table(&s.db_url);
    let rows = crate::database::number(&s.db_url, &format!("SELECT COUNT(*) FROM {table}")).await;
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn signing_out_tells_the_browser_to_forget_what_it_keeps() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let res = mam.post(s.url("/auth/afmelden")).send().await.unwrap();
    assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"storage\"");
}

#[tokio::test]
async fn a_change_queued_by_another_person_or_enterprise_is_refused() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let home: HomeData = call_ok(&mam, &s, "home", &[]).await;
    let own = format!("{}.{}", home.me.person_id, home.me.enterprise_id);
    for (owner, expected) in [
        (format!("{}.{}", home.me.person_id + 1, home.me.enterprise_id), 409),
        (format!("{}.{}", home.me.person_id, home.me.enterprise_id + 1), 409),
        ("garbage".to_owned(), 409),
        (own, 200),
    ] {
        let res = mam
            .post(s.url("/api/home"))
            .header(app::offline::client::OWNER_HEADER, owner.as_str())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        assert_eq!(status, expected, "{owner}: {body}");
        if expected == 409 {
            assert_eq!(code_of(&body), "request.other_owner");
        }
    }
}
