//! Guessing stops (growing locks, a stop, a limit per client address), secrets sealed at
//! rest, and the operator's recovery of a person's sign-in.

use crate::common::*;
use crate::signin::{first_sign_in, password, register_foreign, wait, ENTERPRISE, NEW_PASSWORD, WRONG};
use reqwest::header;
use server::auth::secrets;

#[tokio::test]
async fn after_a_lock_the_waits_keep_growing_then_sign_in_stops_until_the_operator_resets_it() {
    use domain::signin::{LOCK_AFTER, LOCK_SECONDS, STOP_AFTER};
    let (s, clock) = TestServer::start_with_fixed_clock(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();
    for _ in 0..LOCK_AFTER {
        assert_eq!(password(&c, &s, &user, "guess", "").await, WRONG);
        wait(&clock, 1 << 7);
    }
    // Each failure after a lock doubles the next lock; waiting never starts a new count.
    let locked = "/aanmelden?fout=auth.locked";
    assert_eq!(password(&c, &s, &user, "guess", "").await, locked);
    let mut lock = LOCK_SECONDS as i64;
    for failures in LOCK_AFTER + 1..=STOP_AFTER {
        wait(&clock, lock);
        assert_eq!(password(&c, &s, &user, "guess", "").await, WRONG);
        lock *= 2;
        if failures < STOP_AFTER {
            wait(&clock, lock - 1);
            assert_eq!(password(&c, &s, &user, "guess", "").await, locked);
        }
    }
    // Stopped: however long one waits, even the right password is refused.
    wait(&clock, 365 * 86400);
    assert_eq!(
        password(&c, &s, &user, &temporary, "").await,
        "/aanmelden?fout=auth.stopped"
    );
    // The operator resets the count (audited); the right password works again.
    let (code, out) = operator(&s, &["reset-sign-in", "--username", &user]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("{STOP_AFTER} failed sign-ins forgotten")), "{out}");
    clock.set(secrets::now());
    assert_eq!(password(&c, &s, &user, &temporary, "").await, "/aanmelden/vervolg");
}

#[tokio::test]
async fn a_flood_from_one_address_is_stopped_there_and_others_sign_in() {
    use domain::signin::ATTEMPTS_PER_ADDRESS_PER_MINUTE as LIMIT;
    // Behind a trusted proxy (loopback), the client is the address it forwards. The clock
    // stands still at the start of a minute: the limit's window (a fixed minute) cannot
    // turn over in the middle of the flood, however slow the machine.
    let minute = secrets::now().div_euclid(60) * 60 + 1;
    let s = TestServer::start_with_env(
        false,
        std::sync::Arc::new(server::clock::FixedClock::at(minute)),
        &[("TOEGANG_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await;
    let (user, temporary) = register_foreign(&s).await;
    let attempt = |from: &'static str, name: String, pw: String| {
        let c = s.client();
        let url = s.url("/auth/wachtwoord");
        async move {
            let res = c
                .post(url)
                .header("x-forwarded-for", from)
                .form(&[("username", name.as_str()), ("password", pw.as_str())])
                .send()
                .await
                .unwrap();
            res.headers()[header::LOCATION].to_str().unwrap().to_owned()
        }
    };
    // Random usernames from one address: after the limit, refused without any checking.
    let mut answers = Vec::new();
    for i in 0..LIMIT + 5 {
        answers.push(attempt("203.0.113.7", format!("random-{i}"), "guess".into()).await);
    }
    assert!(answers[..LIMIT as usize].iter().all(|a| a == WRONG), "{answers:?}");
    assert!(answers[LIMIT as usize..]
        .iter()
        .all(|a| a == "/aanmelden?fout=auth.address_busy"));
    // A forged X-Forwarded-For further left does not escape the limit…
    assert_eq!(
        attempt("198.51.100.1, 203.0.113.7", "random-x".into(), "guess".into()).await,
        "/aanmelden?fout=auth.address_busy"
    );
    // …and someone at another address signs in at once.
    assert_eq!(
        attempt("198.51.100.20", user.clone(), temporary.clone()).await,
        "/aanmelden/vervolg"
    );
}

#[tokio::test]
async fn totp_secrets_and_temporary_passwords_are_sealed_at_rest_and_never_printed() {
    let s = TestServer::start_with(false).await;
    let (user, temporary) = register_foreign(&s).await;
    // The SMS waits with its password sealed; the body holds only the placeholder.
    let stored = outbox_stored(&s).await;
    let sms = stored.iter().find(|m| m.channel == "sms").unwrap();
    assert!(!sms.body.contains(&temporary) && sms.body.contains(server::outbox::SECRET));
    let sealed = sms.secret.as_deref().unwrap();
    assert!(server::seal::Sealer::is_sealed(sealed) && !sealed.contains(&temporary));
    // The operator's view never shows it.
    let (code, out) = operator(&s, &["outbox"]).await;
    assert_eq!(code, 0);
    assert!(!out.contains(&temporary), "{out}");
    // The linked app's secret is sealed in the database.
    let c = s.client();
    let secret = first_sign_in(&s, &c, &user, &temporary).await;
    let row = crate::database::texts(
        &s.db_url,
        &format!("SELECT totp_secret, totp_pending_secret FROM password_credentials WHERE username = '{user}'"),
    )
    .await;
    let (totp, pending) = (row[0].clone(), row[1].clone());
    let totp = totp.unwrap();
    assert!(server::seal::Sealer::is_sealed(&totp) && !totp.contains(&secret));
    assert_eq!(pending, None);
    // A secret stored in the clear (an older version) is sealed at the next start.
    crate::database::execute(
        &s.db_url,
        &format!("UPDATE password_credentials SET totp_secret = '{secret}' WHERE username = '{user}'"),
    )
    .await;
    let addr = "127.0.0.1:9".parse().unwrap();
    drop(build(&s.db_url, addr, false).await);
    let again = crate::database::texts(
        &s.db_url,
        &format!("SELECT totp_secret FROM password_credentials WHERE username = '{user}'"),
    )
    .await[0]
        .clone()
        .unwrap();
    assert!(server::seal::Sealer::is_sealed(&again));
    // And it still signs in.
    let c = s.client();
    let code = secrets::code_at(&secret, secrets::now() + 30).unwrap();
    assert_eq!(password(&c, &s, &user, NEW_PASSWORD, &code).await, "/");
}

#[tokio::test]
async fn the_operator_resets_a_lost_authenticator_app() {
    let s = TestServer::start_with(false).await;
    let (user, temporary) = register_foreign(&s).await;
    let c = s.client();
    first_sign_in(&s, &c, &user, &temporary).await;
    let before = s.audit_rows_of(ENTERPRISE).await;
    let (code, out) = operator(&s, &["reset-authenticator", "--username", &user]).await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(s.audit_rows_of(ENTERPRISE).await, before + 1, "audited");
    // A new temporary password by SMS; the old password no longer works; the person links
    // a new app at the next sign-in.
    let sms = outbox(&s).await.into_iter().find(|m| m.channel == "sms").unwrap();
    let new_temporary = after(&sms.body, "uw tijdelijk wachtwoord is ");
    assert_ne!(new_temporary, temporary);
    let c = s.client();
    assert_eq!(password(&c, &s, &user, NEW_PASSWORD, "000000").await, WRONG);
    first_sign_in(&s, &c, &user, &new_temporary).await;
    // Unknown usernames are refused, nothing written.
    let (code, out) = operator(&s, &["reset-authenticator", "--username", "nobody-1"]).await;
    assert_eq!((code, out.contains("no username")), (1, true), "{out}");
}
