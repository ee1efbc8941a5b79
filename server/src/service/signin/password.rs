//! Username + password (argon2) + TOTP (DESIGN.md §4), and the first sign-in of a foreign
//! main access manager: temporary password → a chosen one → an authenticator app.
//!
//! Failed attempts are counted per typed username, whether it exists or not, and every
//! wrong answer reads the same ("username, password or code is not correct"), so nobody
//! learns whether a username exists or whether a guessed password was right. The rules are
//! `domain::signin`'s. Every decision is taken again inside the write transaction, on what
//! the database holds then, so that parallel requests cannot slip past it. Every time
//! comes from the service's clock.

use super::{SignInFailure, Toegang};
use crate::auth::secrets;
use crate::seal::Sealer;
use crate::store::prelude::*;
use crate::store::{AuditEntry, Credential, StoreError};
use domain::signin::{self, SignInError};
use std::net::IpAddr;

/// What a correct password leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    ChangePassword(i64),
    EnrolTotp(i64),
    SignedIn(i64),
}

/// What follows a chosen password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterChange {
    /// First sign-in: link an authenticator app now.
    EnrolTotp,
    /// An app is linked already: sign in again with the new password and a code.
    SignInAgain,
}

fn since(at: i64, now: i64) -> u64 {
    (now - at).max(0) as u64
}

/// The slow-down or lock in force for a username, if any.
async fn throttled(tx: &mut dyn Tx, key: &str, now: i64) -> Result<(), SignInFailure> {
    match tx.sign_in_failures(key).await? {
        Some((n, at)) => Ok(signin::check_attempt_allowed(n, since(at, now))?),
        None => Ok(()),
    }
}

async fn record_failure(tx: &mut dyn Tx, key: &str, now: i64) -> Result<(), StoreError> {
    let failures = match tx.sign_in_failures(key).await? {
        Some((n, _)) => signin::failures_after_failure(n),
        None => 1,
    };
    tx.set_sign_in_failures(key, failures, now).await
}

/// One audit row per enterprise the person acts for (R14), e.g. for a changed password,
/// which concerns each of them.
async fn audit_person(
    tx: &mut dyn Tx,
    person: i64,
    action: &str,
    target: &str,
    now: i64,
) -> Result<(), StoreError> {
    for e in tx.enterprises_of(person).await? {
        let audit = AuditEntry::new(e.id, action, now)
            .by(person)
            .subject(person)
            .target(target);
        tx.audit(&audit).await?;
    }
    Ok(())
}

/// What a person's TOTP secrets are sealed for.
fn totp_purpose(person: i64) -> String {
    format!("totp:{person}")
}

/// Opens a stored TOTP secret (sealed at rest).
fn open_totp(sealer: &Sealer, person: i64, stored: &str) -> Result<String, StoreError> {
    sealer
        .open(&totp_purpose(person), stored)
        .map_err(|e| StoreError::Secret(format!("TOTP secret of person {person}: {e}")))
}

/// After a correct password: a temporary one must be fresh and leads to the change; then
/// an authenticator app must be linked; then the code must be right and new (replay).
async fn decide(
    tx: &mut dyn Tx,
    sealer: &Sealer,
    c: &Credential,
    code: &str,
    now: i64,
) -> Result<Outcome, SignInFailure> {
    if c.must_change {
        signin::check_temporary_password_fresh(now - c.issued_at)?;
        return Ok(Outcome::ChangePassword(c.person_id));
    }
    let Some(sealed) = &c.totp_secret else {
        return Ok(Outcome::EnrolTotp(c.person_id));
    };
    let secret = &open_totp(sealer, c.person_id, sealed)?;
    let step =
        signin::check_totp_step(secrets::matching_step(secret, code, now), c.totp_last_step)?;
    tx.set_totp_last_step(c.person_id, step).await?;
    Ok(Outcome::SignedIn(c.person_id))
}

impl Toegang {
    /// Checks a username, password and (once enrolled) TOTP code.
    /// Each client address gets a number of attempts per minute, whatever the usernames
    /// (a flood of guesses from one address never takes the hashing slots that others'
    /// sign-ins need); a refused attempt holds no lock and no hashing slot.
    pub async fn check_password(
        &self,
        username: &str,
        password: &str,
        code: &str,
        from: IpAddr,
    ) -> Result<Outcome, SignInFailure> {
        let now = self.clock.now();
        if !self.sign_in_addresses.allow(&from, now) {
            tracing::warn!(target: "toegang::security", client = %from, "sign-in refused: too many attempts from this address");
            return Err(SignInError::AddressBusy.into());
        }
        if !signin::plausible_attempt(username, password) {
            return Err(SignInError::InvalidCredentials.into());
        }
        let key = signin::normalise_username(username);
        // Read, then hash outside any transaction (argon2 takes tens of milliseconds).
        let stored = {
            let mut tx = self.store.read().await?;
            throttled(tx.as_mut(), &key, now).await?;
            tx.credential_by_username(&key).await?
        };
        let hash = stored.as_ref().map(|c| c.password_hash.as_str());
        let correct = secrets::verify_password_async(password, hash).await;

        let mut tx = self.store.write().await?;
        // Again under the write lock: parallel attempts all passed the first look.
        throttled(tx.as_mut(), &key, now).await?;
        let current = tx.credential_by_username(&key).await?;
        let person = current.as_ref().map(|c| (c.person_id, c.username.clone()));
        let outcome = match current {
            // The hash checked must still be the one stored (no change in between).
            Some(c) if correct && Some(c.password_hash.as_str()) == hash => {
                decide(tx.as_mut(), self.sealer()?, &c, code, now).await
            }
            _ => Err(SignInError::InvalidCredentials.into()),
        };
        let outcome = match outcome {
            Err(SignInFailure::Refused(
                SignInError::InvalidCredentials | SignInError::CodeReused,
            )) => {
                record_failure(tx.as_mut(), &key, now).await?;
                // A reused code would confirm that the password was right: same answer.
                Err(SignInError::InvalidCredentials.into())
            }
            Err(e) => Err(e),
            Ok(o) => {
                tx.clear_sign_in_failures(&key).await?;
                Ok(o)
            }
        };
        tx.commit().await?;
        if let (Err(SignInFailure::Refused(SignInError::InvalidCredentials)), Some((p, u))) =
            (&outcome, &person)
        {
            self.record_failed_sign_in(*p, u, now).await;
        }
        outcome
    }

    /// A failed sign-in of a known person, in the audit log of each enterprise it acts for
    /// (the Logboek shows it), written after the refused attempt's transaction has
    /// committed, in a transaction of its own: the refusal never waits for it, and a
    /// failure to record it is logged, not turned into another answer.
    async fn record_failed_sign_in(&self, person: i64, username: &str, now: i64) {
        let recorded = async {
            let mut tx = self.store.write().await?;
            audit_person(tx.as_mut(), person, "signin.failure", username, now).await?;
            tx.commit().await
        };
        if let Err(e) = recorded.await {
            tracing::warn!(target: "toegang::security", error = %e, person, "failed sign-in not recorded");
        }
    }

    /// Replaces a temporary password by a chosen one (the policy of `domain::signin`).
    /// Only while the temporary password is the one stored: a second session that reached
    /// this step earlier cannot overwrite a password chosen since.
    pub async fn set_new_password(
        &self,
        person: i64,
        password: &str,
        repeated: &str,
    ) -> Result<AfterChange, SignInFailure> {
        let gone = || SignInFailure::Refused(SignInError::InvalidCredentials);
        let c = self
            .store
            .read()
            .await?
            .credential(person)
            .await?
            .filter(|c| c.must_change)
            .ok_or_else(gone)?;
        signin::check_new_password(password, repeated, &c.username, false)?;
        if secrets::verify_password_async(password, Some(&c.password_hash)).await {
            return Err(SignInError::PasswordUnchanged.into());
        }
        let hash = secrets::hash_password_async(password)
            .await
            .map_err(StoreError::Hashing)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        match tx.credential(person).await? {
            Some(stored) if stored.must_change && stored.password_hash == c.password_hash => {}
            _ => return Err(gone()),
        }
        tx.set_password(person, &hash, false, now).await?;
        audit_person(
            tx.as_mut(),
            person,
            "credential.password_change",
            &c.username,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(if c.totp_secret.is_none() {
            AfterChange::EnrolTotp
        } else {
            AfterChange::SignInAgain
        })
    }

    /// The enrolment shown on the page: the pending secret (made on first view and kept
    /// until confirmed), as an `otpauth://` URI and a QR code: (username, URI, secret,
    /// SVG). `None` once an app is linked: a linked app is never replaced from a sign-in
    /// under way.
    pub async fn enrolment(
        &self,
        person: i64,
    ) -> Result<Option<(String, String, String, String)>, StoreError> {
        let c = self.store.read().await?.credential(person).await?;
        let sealed = match c {
            None => return Ok(None),
            Some(ref c) if c.totp_secret.is_some() || c.must_change => return Ok(None),
            Some(Credential {
                totp_pending_secret: Some(ref s),
                ..
            }) => s.clone(),
            Some(_) => {
                let mut tx = self.store.write().await?;
                let Some(c) = tx.credential(person).await? else {
                    return Ok(None);
                };
                if c.totp_secret.is_some() {
                    return Ok(None);
                }
                let s = match c.totp_pending_secret {
                    Some(s) => s,
                    None => {
                        let s = self
                            .sealer()?
                            .seal(&totp_purpose(person), &secrets::new_totp_secret());
                        tx.set_totp_pending(person, Some(&s)).await?;
                        s
                    }
                };
                tx.commit().await?;
                s
            }
        };
        let secret = open_totp(self.sealer()?, person, &sealed)?;
        let Some(c) = c else { return Ok(None) };
        Ok(secrets::enrolment(&secret, &c.username)
            .map(|(uri, svg)| (c.username, uri, secret, svg)))
    }

    /// Links the pending secret when `code` is one of its codes; wrong codes count as
    /// failed sign-ins of the username. Never replaces an app that is linked already.
    pub async fn confirm_totp(&self, person: i64, code: &str) -> Result<(), SignInFailure> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let c = tx
            .credential(person)
            .await?
            .filter(|c| c.totp_secret.is_none() && !c.must_change)
            .ok_or(SignInError::InvalidCredentials)?;
        throttled(tx.as_mut(), &c.username, now).await?;
        let pending = match &c.totp_pending_secret {
            Some(s) => Some(open_totp(self.sealer()?, person, s)?),
            None => None,
        };
        let step = pending
            .as_deref()
            .and_then(|s| secrets::matching_step(s, code, now));
        let outcome = match (step, &c.totp_pending_secret) {
            (Some(step), Some(secret)) => {
                tx.enrol_totp(person, secret, step).await?;
                tx.clear_sign_in_failures(&c.username).await?;
                audit_person(
                    tx.as_mut(),
                    person,
                    "credential.totp_enrol",
                    &c.username,
                    now,
                )
                .await?;
                Ok(())
            }
            _ => {
                record_failure(tx.as_mut(), &c.username, now).await?;
                Err(SignInError::InvalidCredentials.into())
            }
        };
        tx.commit().await?;
        if outcome.is_err() {
            self.record_failed_sign_in(person, &c.username, now).await;
        }
        outcome
    }

    /// Seals TOTP secrets stored in the clear (by a version before secrets were sealed);
    /// returns how many credentials changed. Run at start.
    pub async fn seal_stored_secrets(&self) -> Result<u64, StoreError> {
        let sealer = self.sealer()?;
        let mut tx = self.store.write().await?;
        let mut sealed = 0;
        for person in tx.credential_people().await? {
            let Some(c) = tx.credential(person).await? else {
                continue;
            };
            let clear = |s: &Option<String>| s.as_ref().filter(|s| !Sealer::is_sealed(s)).cloned();
            let (secret, pending) = (clear(&c.totp_secret), clear(&c.totp_pending_secret));
            if secret.is_none() && pending.is_none() {
                continue;
            }
            let seal = |s: &str| sealer.seal(&totp_purpose(person), s);
            let secret = secret.map(|s| seal(&s)).or(c.totp_secret.clone());
            let pending = pending.map(|s| seal(&s)).or(c.totp_pending_secret.clone());
            tx.reset_totp(person).await?;
            if let Some(s) = secret {
                tx.enrol_totp(person, &s, c.totp_last_step.unwrap_or(0))
                    .await?;
            }
            tx.set_totp_pending(person, pending.as_deref()).await?;
            sealed += 1;
        }
        tx.commit().await?;
        Ok(sealed)
    }
}
