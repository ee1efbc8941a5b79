//! Black-box tests of the sign-in means (DESIGN.md §4): a foreign main access manager's
//! first sign-in (temporary password by SMS → a chosen password → an authenticator app),
//! TOTP replay refusal, the temporary password's expiry, slow-down and lock-out that never
//! tell whether a username exists, and the operator command line through the real binary.

use crate::common::*;
use app::api::{HomeData, PendingStep};
use reqwest::{header, Client, StatusCode};
use server::auth::secrets;
use server::clock::FixedClock;

pub(crate) const ENTERPRISE: &str = "0202.239.951";

/// Registers an enterprise whose main access manager has no Belgian national number, with
/// the operator command line, on the test server's database. Returns the username (from
/// the e-mail) and the temporary password (from the SMS), as the outbox holds them.
pub(crate) async fn register_foreign(s: &TestServer) -> (String, String) {
    let mut out = Vec::new();
    let args = [
        "--database-url",
        &s.db_url,
        "--secret-key",
        SECRET_KEY,
        "register-enterprise",
        "--number",
        ENTERPRISE,
        "--name",
        "Smit Logistiek BV",
        "--groups",
        "werkgever",
        "--main-access-manager-name",
        "Jan Smit",
        "--main-access-manager-email",
        "jan@smit-logistiek.nl",
        "--main-access-manager-mobile",
        "+31 6 1234 5678",
    ];
    let code = server::cli::main(args.iter().map(|a| a.to_string()).collect(), &mut out).await;
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("wachtwoord is"),
        "the temporary password is never printed: {out}"
    );
    let outbox = outbox(s).await;
    let email = outbox
        .iter()
        .find(|m| m.channel == "email")
        .expect("an e-mail");
    let sms = outbox.iter().find(|m| m.channel == "sms").expect("an SMS");
    assert_eq!(email.recipient, "jan@smit-logistiek.nl");
    assert_eq!(sms.recipient, "+31612345678");
    let username = after(&email.body, "Uw gebruikersnaam: ");
    let password = after(&sms.body, "uw tijdelijk wachtwoord is ");
    assert!(out.contains(&username), "{out}");
    assert!(
        !email.body.contains(&password),
        "the password travels by SMS only"
    );
    (username, password)
}

pub(crate) async fn password(
    c: &Client,
    s: &TestServer,
    user: &str,
    pw: &str,
    code: &str,
) -> String {
    post(
        c,
        s,
        "/auth/wachtwoord",
        &[("username", user), ("password", pw), ("code", code)],
    )
    .await
}

pub(crate) const WRONG: &str = "/aanmelden?fout=auth.invalid_credentials";

pub(crate) const NEW_PASSWORD: &str = "lange zinnen zijn sterk";

/// Takes a foreign main access manager through the first sign-in; returns the TOTP secret.
pub(crate) async fn first_sign_in(
    s: &TestServer,
    c: &Client,
    user: &str,
    temporary: &str,
) -> String {
    assert_eq!(
        password(c, s, user, temporary, "").await,
        "/aanmelden/vervolg"
    );
    let step: PendingStep = call_ok(c, s, "pending_sign_in", &[]).await;
    assert_eq!(
        step,
        PendingStep::ChangePassword {
            username: user.to_owned()
        }
    );
    assert_eq!(
        post(
            c,
            s,
            "/auth/wachtwoord-wijzigen",
            &[("password", NEW_PASSWORD), ("repeated", NEW_PASSWORD)]
        )
        .await,
        "/aanmelden/vervolg"
    );
    let PendingStep::EnrolTotp {
        secret,
        uri,
        qr_svg,
        ..
    } = call_ok(c, s, "pending_sign_in", &[]).await
    else {
        panic!("enrolment expected");
    };
    assert!(uri.contains(&secret) && qr_svg.contains("<svg"));
    let code = secrets::code_at(&secret, secrets::now()).unwrap();
    assert_eq!(
        post(c, s, "/auth/authenticator", &[("code", &code)]).await,
        "/"
    );
    secret
}

#[tokio::test]
async fn a_foreign_main_access_manager_changes_the_temporary_password_and_links_an_app() {
    let s = TestServer::start_with(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();

    // Wrong passwords and unknown usernames get the same answer.
    assert_eq!(password(&c, &s, &user, "not the password", "").await, WRONG);
    assert_eq!(password(&c, &s, "nobody-0000", &temporary, "").await, WRONG);

    // The temporary password leads to the forced change only: no page yet.
    assert_eq!(
        password(&c, &s, &user.to_uppercase(), &temporary, "").await,
        "/aanmelden/vervolg"
    );
    let (st, _) = call_err(&c, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    for (pw, repeated, code) in [
        ("kort", "kort", "password.too_short"),
        (NEW_PASSWORD, "lange zinnen zijn sterK", "password.mismatch"),
        (&temporary, &temporary, "password.unchanged"),
    ] {
        let to = post(
            &c,
            &s,
            "/auth/wachtwoord-wijzigen",
            &[("password", pw), ("repeated", repeated)],
        )
        .await;
        assert_eq!(to, format!("/aanmelden/vervolg?fout={code}"));
    }
    assert_eq!(
        post(
            &c,
            &s,
            "/auth/wachtwoord-wijzigen",
            &[("password", NEW_PASSWORD), ("repeated", NEW_PASSWORD)]
        )
        .await,
        "/aanmelden/vervolg"
    );
    // The temporary password no longer works.
    let other = s.client();
    assert_eq!(password(&other, &s, &user, &temporary, "").await, WRONG);

    // Linking the app: the QR code's secret; a wrong code is refused.
    let PendingStep::EnrolTotp { secret, uri, .. } = call_ok(&c, &s, "pending_sign_in", &[]).await
    else {
        panic!("enrolment expected");
    };
    assert!(
        uri.starts_with(&format!(
            "otpauth://totp/Toegangsbeheer:{user}?secret={secret}"
        )),
        "{uri}"
    );
    assert_eq!(
        post(&c, &s, "/auth/authenticator", &[("code", "000000")]).await,
        "/aanmelden/vervolg?fout=auth.invalid_credentials"
    );
    let now = secrets::now();
    let code = secrets::code_at(&secret, now).unwrap();
    assert_eq!(
        post(&c, &s, "/auth/authenticator", &[("code", &code)]).await,
        "/"
    );

    // Signed in: the first sign-in of the main access manager activated the enterprise (R3).
    let home: HomeData = call_ok(&c, &s, "home", &[]).await;
    assert_eq!(home.me.enterprise_number, ENTERPRISE);
    assert_eq!(home.me.enterprise_status, "active");
    assert_eq!(home.me.name, "Jan Smit");

    // Later sign-ins: password + code; the code just used is refused a second time (with
    // the same answer as a wrong password, which it would otherwise confirm).
    let d = s.client();
    assert_eq!(password(&d, &s, &user, NEW_PASSWORD, &code).await, WRONG);
    assert_eq!(
        password(&d, &s, &user, NEW_PASSWORD, "").await,
        WRONG,
        "a code is required now"
    );
    let next = secrets::code_at(&secret, now + 30).unwrap();
    assert_eq!(password(&d, &s, &user, NEW_PASSWORD, &next).await, "/");
    let e = s.client();
    assert_eq!(password(&e, &s, &user, NEW_PASSWORD, &next).await, WRONG);
}

#[tokio::test]
async fn a_temporary_password_expires_after_thirty_days() {
    let (s, clock) = TestServer::start_with_fixed_clock(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let issued = secrets::now(); // the operator's command reads the system clock
    clock.set(issued + 30 * 86400 + 60);
    let c = s.client();
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden?fout=auth.temporary_password_expired"
    );
    // A day earlier it still worked.
    clock.advance(-86400);
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden/vervolg"
    );
}

/// Lets `seconds` pass on the server's clock (as if one had waited).
pub(crate) fn wait(clock: &FixedClock, seconds: i64) {
    clock.advance(seconds);
}

#[tokio::test]
async fn failed_attempts_slow_down_then_lock_without_revealing_the_username() {
    let (s, clock) = TestServer::start_with_fixed_clock(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();
    // The same series for an existing and an unknown username, side by side (one clock).
    let names = [user.as_str(), "nobody-0000"];
    let mut answers = [Vec::new(), Vec::new()];
    for attempt in 1..=12 {
        for (name, answers) in names.iter().zip(answers.iter_mut()) {
            answers.push(password(&c, &s, name, "guess", "").await);
        }
        if attempt < 10 {
            wait(&clock, 1 << 7); // longer than any slow-down
        }
    }
    for (name, answers) in names.iter().zip(answers) {
        let expected: Vec<String> = (1..=12)
            .map(|n| match n {
                1..=10 => WRONG.to_owned(),
                _ => "/aanmelden?fout=auth.locked".to_owned(),
            })
            .collect();
        assert_eq!(answers, expected, "{name}");
    }
    // Locked: even the right password is refused, with the same answer.
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden?fout=auth.locked"
    );
    // Without waiting, the fourth failure in a row must wait.
    let (other, pw) = (s.client(), "guess");
    for _ in 0..3 {
        assert_eq!(password(&other, &s, "someone-1234", pw, "").await, WRONG);
    }
    // No time passes on the server's clock: the fourth attempt comes at once.
    assert_eq!(
        password(&other, &s, "someone-1234", pw, "").await,
        "/aanmelden?fout=auth.wait"
    );
    // After the lock (15 minutes) the right password works and the count starts again.
    wait(&clock, 15 * 60);
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden/vervolg"
    );
    let store = server::store::open(&s.db_url).await.unwrap();
    let left = store
        .read()
        .await
        .unwrap()
        .sign_in_failures(&user)
        .await
        .unwrap();
    assert_eq!(left, None, "a success clears the count");
    // Housekeeping forgets old failures below a lock (here: those made within the hour),
    // never a count that locked ("nobody-0000" keeps its ten).
    let mut tx = store.write().await.unwrap();
    let below = domain::signin::LOCK_AFTER;
    assert_eq!(
        tx.purge_sign_in_failures(secrets::now() - 3600, below)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        tx.purge_sign_in_failures(secrets::now() + 7200, below)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.sign_in_failures("nobody-0000").await.unwrap().map(|f| f.0),
        Some(domain::signin::LOCK_AFTER)
    );
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_second_session_at_the_change_step_cannot_take_over() {
    let s = TestServer::start_with(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let (victim, attacker) = (s.client(), s.client());
    assert_eq!(
        password(&attacker, &s, &user, &temporary, "").await,
        "/aanmelden/vervolg"
    );
    first_sign_in(&s, &victim, &user, &temporary).await;
    // The attacker's step is stale: no new password, no sign-in, no new app.
    let to = post(
        &attacker,
        &s,
        "/auth/wachtwoord-wijzigen",
        &[
            ("password", "aanvaller wachtwoord"),
            ("repeated", "aanvaller wachtwoord"),
        ],
    )
    .await;
    assert_eq!(to, "/aanmelden?fout=auth.no_pending_sign_in");
    let (st, _) = call_err(&attacker, &s, "home", &[]).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let store = server::store::open(&s.db_url).await.unwrap();
    let c = store
        .read()
        .await
        .unwrap()
        .credential_by_username(&user)
        .await
        .unwrap()
        .unwrap();
    assert!(
        secrets::verify_password(NEW_PASSWORD, Some(&c.password_hash)),
        "the victim's password stands"
    );
    assert!(c.totp_secret.is_some());
    // Nor can a linked app be replaced through the enrolment step.
    let person = c.person_id;
    let toegang = server::service::Toegang::new(
        store,
        std::sync::Arc::new(server::clock::SystemClock),
        false,
        None,
    );
    assert_eq!(toegang.enrolment(person).await.unwrap(), None);
    assert!(matches!(
        toegang.confirm_totp(person, "123456").await,
        Err(server::service::signin::SignInFailure::Refused(
            domain::signin::SignInError::InvalidCredentials
        ))
    ));
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_is_throttled_too() {
    let s = TestServer::start_with(false).await;
    let (user, _) = register_foreign(&s).await;
    let c = s.client();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (c, url) = (c.clone(), s.url("/auth/wachtwoord"));
        let user = user.clone();
        guesses.spawn(async move {
            let res = c
                .post(url)
                .form(&[
                    ("username", user.as_str()),
                    ("password", &format!("guess {i}")),
                    ("code", ""),
                ])
                .send()
                .await
                .unwrap();
            res.headers()[header::LOCATION].to_str().unwrap().to_owned()
        });
    }
    let answers = guesses.join_all().await;
    let wrong = answers.iter().filter(|a| *a == WRONG).count();
    let wait = answers
        .iter()
        .filter(|a| *a == "/aanmelden?fout=auth.wait")
        .count();
    assert_eq!(wrong + wait, 8, "{answers:?}");
    assert!(
        wrong <= 4,
        "three free attempts, at most one more after a second: {answers:?}"
    );
}
