//! Username + password (argon2) + TOTP sign-in (DESIGN.md §4), and the first sign-in of a
//! foreign main access manager: temporary password → a chosen one → an authenticator app.
//!
//! Failed attempts are counted per typed username, whether it exists or not, and every
//! wrong answer reads the same ("username, password or code is not correct"), so nobody
//! learns whether a username exists or whether a guessed password was right. The rules are
//! `domain::signin`'s. Every decision is taken again inside the write transaction, on what
//! the database holds then, so that parallel requests cannot slip past it.

use super::secrets::{self, now};
use super::{audit_person, continue_with, identified, internal, pending, refuse, refuse_step};
use crate::store::{Credential, Store, StoreError, Tx};
use app::backend::PendingStage;
use axum::extract::Form;
use axum::response::{IntoResponse, Redirect, Response};
use domain::signin::{self, SignInError};
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct PasswordForm {
    username: String,
    password: String,
    #[serde(default)]
    code: String,
}

/// What a correct password leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    ChangePassword(i64),
    EnrolTotp(i64),
    SignedIn(i64),
}

pub async fn sign_in(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Response {
    match check(
        store.as_ref(),
        &form.username,
        &form.password,
        &form.code,
        now(),
    )
    .await
    {
        Ok(Ok(Outcome::ChangePassword(p))) => {
            continue_with(&session, p, PendingStage::ChangePassword).await
        }
        Ok(Ok(Outcome::EnrolTotp(p))) => continue_with(&session, p, PendingStage::EnrolTotp).await,
        Ok(Ok(Outcome::SignedIn(p))) => identified(store.as_ref(), &session, p).await,
        Ok(Err(e)) => refuse(e.code()),
        Err(e) => internal(e),
    }
}

fn since(at: i64, now: i64) -> u64 {
    (now - at).max(0) as u64
}

/// The slow-down or lock in force for a username, if any.
async fn throttled(
    tx: &mut dyn Tx,
    key: &str,
    now: i64,
) -> Result<Option<SignInError>, StoreError> {
    Ok(match tx.sign_in_failures(key).await? {
        Some((n, at)) => signin::check_attempt_allowed(n, since(at, now)).err(),
        None => None,
    })
}

async fn record_failure(tx: &mut dyn Tx, key: &str, now: i64) -> Result<(), StoreError> {
    let failures = match tx.sign_in_failures(key).await? {
        Some((n, at)) => signin::failures_after_failure(n, since(at, now)),
        None => 1,
    };
    tx.set_sign_in_failures(key, failures, now).await
}

/// Checks a username, password and (once enrolled) TOTP code at unix time `now`.
pub async fn check(
    store: &dyn Store,
    username: &str,
    password: &str,
    code: &str,
    now: i64,
) -> Result<Result<Outcome, SignInError>, StoreError> {
    if !signin::plausible_attempt(username, password) {
        return Ok(Err(SignInError::InvalidCredentials));
    }
    let key = signin::normalise_username(username);
    // Read, then hash outside any transaction (argon2 takes tens of milliseconds).
    let stored = {
        let mut tx = store.read().await?;
        if let Some(e) = throttled(tx.as_mut(), &key, now).await? {
            return Ok(Err(e));
        }
        tx.credential_by_username(&key).await?
    };
    let hash = stored.as_ref().map(|c| c.password_hash.as_str());
    let correct = secrets::verify_password_async(password, hash).await;

    let mut tx = store.write().await?;
    // Again under the write lock: parallel attempts all passed the first look.
    if let Some(e) = throttled(tx.as_mut(), &key, now).await? {
        return Ok(Err(e));
    }
    let current = tx.credential_by_username(&key).await?;
    let outcome = match current {
        // The hash checked must still be the one stored (no change in between).
        Some(c) if correct && Some(c.password_hash.as_str()) == hash => {
            decide(tx.as_mut(), &c, code, now).await?
        }
        _ => Err(SignInError::InvalidCredentials),
    };
    let outcome = match outcome {
        Err(SignInError::InvalidCredentials | SignInError::CodeReused) => {
            record_failure(tx.as_mut(), &key, now).await?;
            // A reused code would confirm that the password was right: same answer.
            Err(SignInError::InvalidCredentials)
        }
        Err(e) => Err(e),
        Ok(o) => {
            tx.clear_sign_in_failures(&key).await?;
            Ok(o)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// After a correct password: a temporary one must be fresh and leads to the change; then
/// an authenticator app must be linked; then the code must be right and new (replay).
async fn decide(
    tx: &mut dyn Tx,
    c: &Credential,
    code: &str,
    now: i64,
) -> Result<Result<Outcome, SignInError>, StoreError> {
    if c.must_change {
        return Ok(signin::check_temporary_password_fresh(now - c.issued_at)
            .map(|()| Outcome::ChangePassword(c.person_id)));
    }
    let Some(secret) = &c.totp_secret else {
        return Ok(Ok(Outcome::EnrolTotp(c.person_id)));
    };
    match signin::check_totp_step(secrets::matching_step(secret, code, now), c.totp_last_step) {
        Ok(step) => {
            tx.set_totp_last_step(c.person_id, step).await?;
            Ok(Ok(Outcome::SignedIn(c.person_id)))
        }
        Err(e) => Ok(Err(e)),
    }
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    password: String,
    repeated: String,
}

/// What follows a chosen password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterChange {
    /// First sign-in: link an authenticator app now.
    EnrolTotp,
    /// An app is linked already: sign in again with the new password and a code.
    SignInAgain,
}

/// "Kies een nieuw wachtwoord": replaces the temporary password (first sign-in).
pub async fn change_password(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<NewPasswordForm>,
) -> Response {
    let Some(p) = pending(&session)
        .await
        .filter(|p| p.stage == PendingStage::ChangePassword)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    match set_new_password(
        store.as_ref(),
        p.person_id,
        &form.password,
        &form.repeated,
        now(),
    )
    .await
    {
        Ok(Ok(AfterChange::EnrolTotp)) => {
            continue_with(&session, p.person_id, PendingStage::EnrolTotp).await
        }
        Ok(Ok(AfterChange::SignInAgain)) => {
            let _ = session.flush().await;
            Redirect::to("/aanmelden?fout=auth.password_changed").into_response()
        }
        Ok(Err(SignInError::InvalidCredentials)) => {
            // The temporary password was changed meanwhile (another session): start over.
            let _ = session.flush().await;
            refuse("auth.no_pending_sign_in")
        }
        Ok(Err(e)) => refuse_step(e.code()),
        Err(e) => internal(e),
    }
}

/// Replaces a temporary password by a chosen one (the policy of `domain::signin`). Only
/// while the temporary password is the one stored: a second session that reached this
/// step earlier cannot overwrite a password chosen since.
pub async fn set_new_password(
    store: &dyn Store,
    person: i64,
    password: &str,
    repeated: &str,
    now: i64,
) -> Result<Result<AfterChange, SignInError>, StoreError> {
    let Some(c) = store.read().await?.credential(person).await? else {
        return Ok(Err(SignInError::InvalidCredentials));
    };
    if !c.must_change {
        return Ok(Err(SignInError::InvalidCredentials));
    }
    if let Err(e) = signin::check_new_password(password, repeated, &c.username, false) {
        return Ok(Err(e));
    }
    if secrets::verify_password_async(password, Some(&c.password_hash)).await {
        return Ok(Err(SignInError::PasswordUnchanged));
    }
    let hash = secrets::hash_password_async(password)
        .await
        .map_err(StoreError::Hashing)?;
    let mut tx = store.write().await?;
    match tx.credential(person).await? {
        Some(now_stored)
            if now_stored.must_change && now_stored.password_hash == c.password_hash => {}
        _ => return Ok(Err(SignInError::InvalidCredentials)),
    }
    tx.set_password(person, &hash, false, now).await?;
    audit_person(
        tx.as_mut(),
        person,
        "credential.password_change",
        &c.username,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(if c.totp_secret.is_none() {
        AfterChange::EnrolTotp
    } else {
        AfterChange::SignInAgain
    }))
}

/// The enrolment shown on the page: the pending secret (made on first view and kept until
/// confirmed), as an `otpauth://` URI and a QR code. `None` once an app is linked: a
/// linked app is never replaced from a sign-in under way.
pub async fn enrolment(
    store: &dyn Store,
    person: i64,
) -> Result<Option<(String, String, String, String)>, StoreError> {
    let c = store.read().await?.credential(person).await?;
    let secret = match c {
        None => return Ok(None),
        Some(ref c) if c.totp_secret.is_some() || c.must_change => return Ok(None),
        Some(Credential {
            totp_pending_secret: Some(ref s),
            ..
        }) => s.clone(),
        Some(_) => {
            let mut tx = store.write().await?;
            let Some(c) = tx.credential(person).await? else {
                return Ok(None);
            };
            if c.totp_secret.is_some() {
                return Ok(None);
            }
            let s = match c.totp_pending_secret {
                Some(s) => s,
                None => {
                    let s = secrets::new_totp_secret();
                    tx.set_totp_pending(person, Some(&s)).await?;
                    s
                }
            };
            tx.commit().await?;
            s
        }
    };
    let Some(c) = c else { return Ok(None) };
    Ok(secrets::enrolment(&secret, &c.username).map(|(uri, svg)| (c.username, uri, secret, svg)))
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// "Authenticator-app koppelen": the first code from the app confirms the pending secret.
pub async fn confirm_totp(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(p) = pending(&session)
        .await
        .filter(|p| p.stage == PendingStage::EnrolTotp)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    match confirm(store.as_ref(), p.person_id, &form.code, now()).await {
        Ok(Ok(())) => identified(store.as_ref(), &session, p.person_id).await,
        Ok(Err(e)) => refuse_step(e.code()),
        Err(e) => internal(e),
    }
}

/// Links the pending secret when `code` is one of its codes; wrong codes count as failed
/// sign-ins of the username. Never replaces an app that is linked already.
pub async fn confirm(
    store: &dyn Store,
    person: i64,
    code: &str,
    now: i64,
) -> Result<Result<(), SignInError>, StoreError> {
    let mut tx = store.write().await?;
    let Some(c) = tx.credential(person).await? else {
        return Ok(Err(SignInError::InvalidCredentials));
    };
    if c.totp_secret.is_some() || c.must_change {
        return Ok(Err(SignInError::InvalidCredentials));
    }
    if let Some(e) = throttled(tx.as_mut(), &c.username, now).await? {
        return Ok(Err(e));
    }
    let step = c
        .totp_pending_secret
        .as_deref()
        .and_then(|s| secrets::matching_step(s, code, now));
    let outcome = match (step, &c.totp_pending_secret) {
        (Some(step), Some(secret)) => {
            tx.enrol_totp(person, secret, step).await?;
            tx.clear_sign_in_failures(&c.username).await?;
            audit_person(tx.as_mut(), person, "credential.totp_enrol", &c.username).await?;
            Ok(())
        }
        _ => {
            record_failure(tx.as_mut(), &c.username, now).await?;
            Err(SignInError::InvalidCredentials)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}
