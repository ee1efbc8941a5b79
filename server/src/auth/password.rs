//! Username + password (argon2) + TOTP sign-in (DESIGN.md §4), and the first sign-in of a
//! foreign main access manager: temporary password → a chosen one → an authenticator app.
//!
//! Failed attempts are counted per typed username, whether it exists or not, and every
//! wrong answer reads the same ("username, password or code is not correct"), so nobody
//! learns whether a username exists. The rules are `domain::signin`'s.

use super::secrets::{self, now};
use super::{audit_person, continue_with, identified, internal, pending, refuse, refuse_step};
use crate::store::{Credential, Store, StoreError, Tx};
use app::backend::PendingStage;
use axum::extract::Form;
use axum::response::Response;
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

/// Checks a username, password and (once enrolled) TOTP code at unix time `now`.
pub async fn check(
    store: &dyn Store,
    username: &str,
    password: &str,
    code: &str,
    now: i64,
) -> Result<Result<Outcome, SignInError>, StoreError> {
    let key = signin::normalise_username(username);
    // Read, then hash outside any transaction (argon2 takes tens of milliseconds).
    let (failures, cred) = {
        let mut tx = store.read().await?;
        (
            tx.sign_in_failures(&key).await?,
            tx.credential_by_username(&key).await?,
        )
    };
    if let Some((n, at)) = failures {
        if let Err(e) = signin::check_attempt_allowed(n, since(at, now)) {
            return Ok(Err(e));
        }
    }
    let stored = cred.as_ref().map(|c| c.password_hash.clone());
    let pw = password.to_owned();
    let correct =
        tokio::task::spawn_blocking(move || secrets::verify_password(&pw, stored.as_deref()))
            .await
            .unwrap_or(false);

    let mut tx = store.write().await?;
    let outcome = match cred {
        Some(c) if correct => decide(tx.as_mut(), &c, code, now).await?,
        _ => Err(SignInError::InvalidCredentials),
    };
    match &outcome {
        Err(SignInError::InvalidCredentials | SignInError::CodeReused) => {
            record_failure(tx.as_mut(), &key, now).await?
        }
        Err(_) => {}
        Ok(_) => tx.clear_sign_in_failures(&key).await?,
    }
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
    // Read the last step again inside the write transaction: two racing requests with the
    // same code cannot both pass.
    let last = tx
        .credential(c.person_id)
        .await?
        .and_then(|c| c.totp_last_step);
    match signin::check_totp_step(secrets::matching_step(secret, code, now), last) {
        Ok(step) => {
            tx.set_totp_last_step(c.person_id, step).await?;
            Ok(Ok(Outcome::SignedIn(c.person_id)))
        }
        Err(e) => Ok(Err(e)),
    }
}

fn since(at: i64, now: i64) -> u64 {
    (now - at).max(0) as u64
}

async fn record_failure(tx: &mut dyn Tx, key: &str, now: i64) -> Result<(), StoreError> {
    let failures = match tx.sign_in_failures(key).await? {
        Some((n, at)) => signin::failures_after_failure(n, since(at, now)),
        None => 1,
    };
    tx.set_sign_in_failures(key, failures, now).await
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    password: String,
    repeated: String,
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
        Ok(Ok(true)) => continue_with(&session, p.person_id, PendingStage::EnrolTotp).await,
        Ok(Ok(false)) => identified(store.as_ref(), &session, p.person_id).await,
        Ok(Err(e)) => refuse_step(e.code()),
        Err(e) => internal(e),
    }
}

/// Sets the chosen password (the policy of `domain::signin`); `true` when an authenticator
/// app must still be linked.
pub async fn set_new_password(
    store: &dyn Store,
    person: i64,
    password: &str,
    repeated: &str,
    now: i64,
) -> Result<Result<bool, SignInError>, StoreError> {
    let Some(c) = store.read().await?.credential(person).await? else {
        return Ok(Err(SignInError::InvalidCredentials));
    };
    let (pw, old) = (password.to_owned(), c.password_hash.clone());
    let same = tokio::task::spawn_blocking(move || secrets::verify_password(&pw, Some(&old)))
        .await
        .unwrap_or(false);
    if let Err(e) = signin::check_new_password(password, repeated, &c.username, same) {
        return Ok(Err(e));
    }
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&pw))
        .await
        .map_err(|e| StoreError::Hashing(e.to_string()))?
        .map_err(|e| StoreError::Hashing(e.to_string()))?;
    let mut tx = store.write().await?;
    tx.set_password(person, &hash, false, now).await?;
    audit_person(
        tx.as_mut(),
        person,
        "credential.password_change",
        &c.username,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(c.totp_secret.is_none()))
}

/// The enrolment shown on the page: the pending secret (made on first view and kept until
/// confirmed), as an `otpauth://` URI and a QR code.
pub async fn enrolment(
    store: &dyn Store,
    person: i64,
) -> Result<Option<(String, String, String, String)>, StoreError> {
    let mut tx = store.write().await?;
    let Some(c) = tx.credential(person).await? else {
        return Ok(None);
    };
    let secret = match c.totp_pending_secret {
        Some(s) => s,
        None => {
            let s = secrets::new_totp_secret();
            tx.set_totp_pending(person, Some(&s)).await?;
            s
        }
    };
    tx.commit().await?;
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
/// sign-ins of the username.
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
    if let Some((n, at)) = tx.sign_in_failures(&c.username).await? {
        if let Err(e) = signin::check_attempt_allowed(n, since(at, now)) {
            return Ok(Err(e));
        }
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
