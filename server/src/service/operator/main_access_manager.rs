//! Designating a main access manager, shared by registering an enterprise and replacing
//! its main access manager: a known or new Belgian one, or a foreign one who receives a
//! username by e-mail and a temporary password by SMS (through the outbox).

use super::{refuse, OperatorError};
use crate::store::prelude::*;
use crate::seal::Sealer;
use crate::store::StoreError;
use domain::contact::{Email, Mobile};
use domain::NationalNumber;

/// The person with this number, created with `name` when unknown.
async fn person(
    tx: &mut dyn Tx,
    nn: &NationalNumber,
    name: Option<&str>,
) -> Result<i64, OperatorError> {
    match (tx.person_by_national_number(nn).await?, name) {
        (Some(p), _) => Ok(p.id),
        (None, Some(name)) => Ok(tx.insert_person(Some(nn), name).await?),
        (None, None) => refuse(format!("{nn} is not known: give --name")),
    }
}

/// Who is designated main access manager at registration.
#[derive(Debug)]
pub enum MainAccessManager {
    Belgian(NationalNumber),
    /// Without a Belgian national number: reached by e-mail and SMS.
    Foreign(Email, Mobile),
}

impl MainAccessManager {
    /// How the operator's report names them.
    pub fn label(&self) -> String {
        match self {
            MainAccessManager::Belgian(nn) => nn.to_string(),
            MainAccessManager::Foreign(email, _) => email.to_string(),
        }
    }

    pub fn parse(
        national_number: Option<&str>,
        email: Option<&str>,
        mobile: Option<&str>,
    ) -> Result<MainAccessManager, OperatorError> {
        match (national_number, email, mobile) {
            (Some(nn), None, None) => Ok(MainAccessManager::Belgian(
                NationalNumber::parse(nn)
                    .or_else(|e| refuse(format!("national number `{nn}`: {e}")))?,
            )),
            (None, Some(email), Some(mobile)) => Ok(MainAccessManager::Foreign(
                Email::parse(email)
                    .or_else(|e| refuse(format!("e-mail address `{email}`: {e}")))?,
                Mobile::parse(mobile)
                    .or_else(|e| refuse(format!("mobile number `{mobile}`: {e}")))?,
            )),
            _ => refuse("give a national number, or an e-mail address and a mobile number"),
        }
    }
}

/// The person who becomes main access manager: a known or new Belgian one, or a new
/// foreign one who receives a username and a temporary password. Returns the person, how
/// the audit log names them, and the username of a foreign one.
/// `sealer` is needed only for a foreign one (their temporary password is sealed).
/// `language`, when given, becomes the person's language (their messages and pages).
#[allow(clippy::too_many_arguments)]
pub(super) async fn designate(
    tx: &mut dyn Tx,
    sealer: Result<&Sealer, StoreError>,
    mam: &MainAccessManager,
    name: Option<&str>,
    language: Option<&str>,
    enterprise_name: &str,
    now: i64,
) -> Result<(i64, serde_json::Value, Option<String>), OperatorError> {
    let language = language
        .map(|l| {
            domain::contact::language(l)
                .or_else(|_| refuse(format!("language `{l}`: one of nl, fr, de, en")))
        })
        .transpose()?;
    match mam {
        MainAccessManager::Belgian(nn) => {
            let p = person(tx, nn, name).await?;
            if let Some(l) = language {
                tx.set_person_language(p, l).await?;
            }
            Ok((p, serde_json::json!(nn.digits()), None))
        }
        MainAccessManager::Foreign(email, mobile) => {
            let Some(name) = name else {
                return refuse("a main access manager without a national number needs a name");
            };
            let p = tx.insert_person(None, name).await?;
            tx.set_person_contact(p, email.as_str(), mobile.as_str())
                .await?;
            if let Some(l) = language {
                tx.set_person_language(p, l).await?;
            }
            let username =
                issue_credential(tx, sealer?, p, name, email, mobile, enterprise_name, now)
                    .await?;
            let who = serde_json::json!({
                "name": name, "email": email.as_str(), "mobile": mobile.as_str(), "username": username,
            });
            Ok((p, who, Some(username)))
        }
    }
}

/// Gives a person without a national number a username (by e-mail) and a temporary
/// password (by SMS), through the outbox (DESIGN.md §4). Returns the username.
#[allow(clippy::too_many_arguments)]
async fn issue_credential(
    tx: &mut dyn Tx,
    sealer: &Sealer,
    person: i64,
    name: &str,
    email: &Email,
    mobile: &Mobile,
    enterprise: &str,
    now: i64,
) -> Result<String, OperatorError> {
    use crate::auth::secrets;
    let temporary = secrets::new_temporary_password();
    let hash =
        secrets::hash_password(&temporary).map_err(|e| StoreError::Hashing(e.to_string()))?;
    let mut username = secrets::new_username(name);
    // A generated username may exist already: draw again.
    let mut tries = 0;
    while !tx
        .insert_credential(person, &username, &hash, true, now)
        .await?
    {
        tries += 1;
        if tries > 20 {
            return refuse("could not find a free username");
        }
        username = secrets::new_username(name);
    }
    // In the person's language (the operator's `--language`), else Dutch.
    let language = language_of(tx, person).await?;
    let (subject, body) = app::lang::credentials_mail(language, name, enterprise, &username);
    crate::outbox::email(tx, email.as_str(), &subject, &body, now).await?;
    sms_temporary_password(tx, sealer, person, mobile.as_str(), &temporary, now).await?;
    Ok(username)
}

/// A new temporary password for a person who has a credential (the operator's reset),
/// sent by SMS.
pub(super) async fn send_temporary_password(
    tx: &mut dyn Tx,
    sealer: &Sealer,
    person: i64,
    mobile: &str,
    now: i64,
) -> Result<(), OperatorError> {
    use crate::auth::secrets;
    let temporary = secrets::new_temporary_password();
    let hash =
        secrets::hash_password(&temporary).map_err(|e| StoreError::Hashing(e.to_string()))?;
    tx.set_password(person, &hash, true, now).await?;
    sms_temporary_password(tx, sealer, person, mobile, &temporary, now).await
}

/// The language to write to a person in: theirs, else Dutch.
async fn language_of(tx: &mut dyn Tx, person: i64) -> Result<app::i18n::Locale, StoreError> {
    Ok(tx
        .person_language(person)
        .await?
        .and_then(|l| app::lang::parse(&l))
        .unwrap_or_default())
}

/// The SMS with a temporary password: sealed in the outbox until sent, purged unsent
/// when the password expires.
async fn sms_temporary_password(
    tx: &mut dyn Tx,
    sealer: &Sealer,
    person: i64,
    mobile: &str,
    temporary: &str,
    now: i64,
) -> Result<(), OperatorError> {
    let days = domain::signin::TEMPORARY_PASSWORD_DAYS;
    let language = language_of(tx, person).await?;
    crate::outbox::sms_with_secret(
        tx,
        sealer,
        mobile,
        &app::lang::temporary_password_sms(language, crate::outbox::SECRET, days),
        temporary,
        now + days * 86400,
        now,
    )
    .await?;
    Ok(())
}
