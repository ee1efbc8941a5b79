//! The end of every sign-in means: the person is known; they enter the one enterprise
//! they act for, or choose one; the main access manager's first entry activates a
//! registered enterprise (R3).

use super::{SignInFailure, Toegang};
use crate::store::AuditEntry;
use domain::rules::{self, EnterpriseStatus};
use domain::NationalNumber;

/// Where a person who proved who they are goes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// They act for this one enterprise.
    Enterprise(i64),
    /// They act for several: "Kies een onderneming".
    Choose,
}

/// A person signed in for an enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entered {
    /// This was the main access manager's first sign-in: the enterprise is active now.
    pub activated: bool,
    /// The language the person chose, which wins over the browser's.
    pub language: Option<String>,
    /// Where the person starts: the start page, or the group page of a group manager of
    /// one group (`Mandates::only_group`).
    pub landing: String,
}

impl Toegang {
    /// The person with this national number (OpenID Connect, demo), if known.
    pub async fn person_by_national_number(
        &self,
        nn: &NationalNumber,
    ) -> Result<Option<i64>, SignInFailure> {
        let mut tx = self.store.read().await?;
        Ok(tx.person_by_national_number(nn).await?.map(|p| p.id))
    }

    /// The demo identity provider signs in for the demo enterprise only, so that a demo
    /// server pointed at a real database cannot become anyone there: (person, enterprise).
    pub async fn demo_identity(&self, national_number: &str) -> Result<(i64, i64), SignInFailure> {
        let nn = self
            .clock
            .national_number(national_number)
            .map_err(|_| SignInFailure::NoEnterprise)?;
        let mut tx = self.store.read().await?;
        let e = tx
            .enterprise_by_number(&crate::demo::enterprise_number())
            .await?;
        let p = tx.person_by_national_number(&nn).await?;
        e.zip(p)
            .map(|(e, p)| (p.id, e.id))
            .ok_or(SignInFailure::NoEnterprise)
    }

    /// A means has proved who this is: their one enterprise, or a choice.
    pub async fn entry(&self, person: i64) -> Result<Entry, SignInFailure> {
        let mut tx = self.store.read().await?;
        match tx.enterprises_of(person).await?.as_slice() {
            [] => Err(SignInFailure::NoEnterprise),
            [one] => Ok(Entry::Enterprise(one.id)),
            _ => Ok(Entry::Choose),
        }
    }

    /// R3: may this person act for this enterprise now? The main access manager's first
    /// sign-in makes a registered enterprise active (audited); before that nobody else can.
    /// Returns whether this entry activated the enterprise, and the person's language.
    pub async fn enter(&self, person: i64, enterprise: i64) -> Result<Entered, SignInFailure> {
        let mut tx = self.store.write().await?;
        let e = tx
            .enterprise(enterprise)
            .await?
            .ok_or(SignInFailure::NoEnterprise)?;
        let mandates = tx.mandates(e.id, person).await?;
        if !mandates.is_manager() && !tx.is_staff(e.id, person).await? {
            return Err(SignInFailure::NoEnterprise);
        }
        let status = e.status;
        let activated = rules::check_sign_in(status, &mandates)?;
        if activated {
            let active = EnterpriseStatus::Active;
            tx.set_enterprise_status(e.id, active).await?;
            let audit = AuditEntry::new(e.id, "enterprise.activate", self.clock.now())
                .by(person)
                .subject(person)
                .target(e.number.digits())
                .before(serde_json::json!({ "status": status.code() }))
                .after(serde_json::json!({ "status": active.code() }));
            tx.audit(&audit).await?;
        }
        // R14: the sign-in itself, shown in the Logboek (kept one year).
        let audit = AuditEntry::new(e.id, "signin.success", self.clock.now())
            .by(person)
            .subject(person)
            .target(e.number.digits());
        tx.audit(&audit).await?;
        let language = tx.person_language(person).await?;
        tx.commit().await?;
        let landing = match mandates.only_group() {
            Some(group) => format!("/groepen/{group}"),
            None => "/".to_owned(),
        };
        Ok(Entered {
            activated,
            language,
            landing,
        })
    }

    /// Now, by the service's clock (for the session's own times).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
