//! Helpers (R4, R5): "Beheer der Toegangsbeheerders", appointing and revoking.

use super::change::Change;
use super::Toegang;
use crate::store::prelude::*;
use crate::store::AuditEntry;
use app::api::*;
use app::port::{Appointments, SignedIn};
use domain::appoint::{self, AppointmentFacts};
use domain::{Mandate, NationalNumber};
use serde_json::json;

/// The holders of one mandate (kind and scope) in an enterprise.
pub(super) async fn holders(
    tx: &mut dyn Tx,
    enterprise: i64,
    mandate: &Mandate,
) -> Result<Vec<Holder>, ApiError> {
    Ok(holders_among(&tx.managers(enterprise).await?, mandate))
}

/// The holders of `mandate` among the enterprise's managers (as `EnterpriseStore::managers`
/// lists them), so that a page listing many mandates reads them once.
fn holders_among(managers: &[(crate::store::Person, domain::Mandates)], mandate: &Mandate) -> Vec<Holder> {
    managers
        .iter()
        .filter(|(_, ms)| ms.0.iter().any(|m| m == mandate))
        .map(|(p, _)| Holder {
            national_number: p
                .national_number
                .map(|n| n.digits().to_owned())
                .unwrap_or_default(),
            name: p.name.clone(),
        })
        .collect()
}

/// A mandate as a form names it; `request.malformed` for anything else.
fn mandate(kind: &str, scope: &str) -> Result<Mandate, ApiError> {
    Mandate::from_parts(kind, scope).ok_or_else(|| ApiError::invalid("request.malformed"))
}

/// An audit row about a mandate of a person: it names the parsed mandate, not the typed
/// text.
fn mandate_audit(
    audit: AuditEntry,
    m: &Mandate,
    person: i64,
    nn: &NationalNumber,
) -> (AuditEntry, serde_json::Value) {
    let (kind, scope) = (m.kind(), m.scope().unwrap_or(""));
    let audit = audit
        .scope(scope)
        .subject(person)
        .target(format!("{kind}/{scope}/{}", nn.digits()));
    (
        audit,
        json!({ "kind": kind, "scope": scope, "person": nn.digits() }),
    )
}

impl Toegang {
    /// [`Toegang::begin`] for a change to a mandate: the mandate as the form names it
    /// (`request.malformed` for anything else), keyed on what was typed.
    async fn begin_mandate(
        &self,
        who: &SignedIn,
        key: &str,
        action: &str,
        (kind, scope): (&str, &str),
        national_number: &str,
    ) -> Result<Option<(Change, Mandate)>, ApiError> {
        // The session and the enterprise first (in `begin`), then the input.
        let fingerprint = format!("{kind}|{scope}|{national_number}");
        let Some(change) = self.begin(who, key, action, &fingerprint).await? else {
            return Ok(None);
        };
        Ok(Some((change, mandate(kind, scope)?)))
    }
}

#[async_trait::async_trait]
impl Appointments for Toegang {
    async fn managers_view(&self, who: &SignedIn) -> Result<ManagersData, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        // "Beheer der Toegangsbeheerders" is for those who appoint there (R4).
        if !appoint::uses_access_manager_administration(&ctx.actor.mandates) {
            return Err(domain::RuleError::MayNotAppoint.into());
        }
        let managers = tx.managers(who.enterprise_id).await?;
        let co_main_access_managers = holders_among(&managers, &Mandate::CoMainAccessManager);
        let domains = ctx
            .domains()
            .into_iter()
            .map(|d| {
                let am = holders_among(&managers, &Mandate::AccessManager(d.to_owned()));
                (d.to_owned(), am.into_iter().next())
            })
            .collect();
        // Every group with its group manager, in the catalogue's order (domain by domain).
        let mut groups = Vec::new();
        for d in &domain::Catalogue::get().domains {
            for g in d.roles.iter().filter(|r| ctx.groups.iter().any(|g| g.code == r.code)) {
                let gm = holders_among(&managers, &Mandate::GroupManager(g.code.clone()));
                groups.push(app::api::GroupHelper {
                    domain: d.code.clone(),
                    group: g.code.clone(),
                    manager: gm.into_iter().next(),
                });
            }
        }
        Ok(ManagersData {
            me: ctx.me,
            co_main_access_managers,
            domains,
            groups,
        })
    }

    async fn appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError> {
        self.appoint_as(who, (kind, scope), national_number, idempotency_key, true)
            .await
    }

    async fn check_appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError> {
        self.appoint_as(who, (kind, scope), national_number, idempotency_key, false)
            .await
    }

    async fn revoke(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError> {
        let Some((mut change, revoked)) = self
            .begin_mandate(
                who,
                idempotency_key,
                "mandate.revoke",
                (kind, scope),
                national_number,
            )
            .await?
        else {
            return Ok(String::new()); // applied before: a replay
        };
        appoint::check_revocation(&change.ctx.actor, &revoked)?;
        // Whoever does not hold the mandate here, known elsewhere or not at all, answers
        // `not_found.mandate`: no national-number oracle.
        let gone = || ApiError::not_found("not_found.mandate");
        let (person, nn) = self
            .person_id(change.tx.as_mut(), who.enterprise_id, national_number)
            .await
            .map_err(|e| if e.has("not_found.user") { gone() } else { e })?;
        // The name as the enterprise knows it, read before the mandate goes.
        let name = match change.tx.person_in_enterprise(who.enterprise_id, &nn).await? {
            Some(p) => p.name,
            None => String::new(),
        };
        if !change
            .tx
            .remove_mandate(who.enterprise_id, person, &revoked)
            .await?
        {
            return Err(gone());
        }
        let (audit, held) = mandate_audit(change.audit("mandate.revoke"), &revoked, person, &nn);
        change.commit(audit.before(held)).await?;
        Ok(name)
    }
}

impl Toegang {
    /// Appoints a helper (`apply`), or checks every rule of it and answers the appointee's
    /// name without writing anything (the confirmation step without JavaScript).
    async fn appoint_as(
        &self,
        who: &SignedIn,
        (kind, scope): (&str, &str),
        national_number: &str,
        idempotency_key: &str,
        apply: bool,
    ) -> Result<String, ApiError> {
        let Some((mut change, appointment)) = self
            .begin_mandate(
                who,
                idempotency_key,
                "mandate.appoint",
                (kind, scope),
                national_number,
            )
            .await?
        else {
            return Ok(String::new()); // applied before: a replay
        };
        let ctx = &change.ctx;
        // R4 first: who may not appoint learns nothing about the appointee.
        if !appoint::may_appoint(&ctx.actor.mandates, &appointment) {
            return Err(domain::RuleError::MayNotAppoint.into());
        }
        let nn = self
            .clock
            .national_number(national_number)
            .map_err(domain::RuleError::from)?;
        let tx = change.tx.as_mut();
        // Looked up within the enterprise only: unknown and known elsewhere are alike.
        let person = tx.person_in_enterprise(who.enterprise_id, &nn).await?;
        let scope_activated = match &appointment {
            Mandate::AccessManager(d) => ctx.domains().contains(&d.as_str()),
            Mandate::GroupManager(g) => ctx.group(g).is_ok(),
            _ => true,
        };
        let (is_staff, holds) = match &person {
            Some(p) => (
                tx.is_staff(who.enterprise_id, p.id).await?,
                tx.mandates(who.enterprise_id, p.id)
                    .await?
                    .iter()
                    .any(|m| *m == appointment),
            ),
            None => (false, false),
        };
        let slot_taken = !holders(tx, who.enterprise_id, &appointment)
            .await?
            .is_empty();
        let facts = AppointmentFacts {
            scope_activated,
            slot_taken,
            appointee_is_staff: is_staff,
            appointee_holds_it: holds,
        };
        appoint::check_appointment(&ctx.actor, &nn, &appointment, &facts)?;
        let person = person.ok_or(domain::RuleError::NotInStaffRegister)?;
        if !apply {
            return Ok(person.name); // asked only: every check passed, nothing is written
        }
        // R5 in the database too: a concurrent appointment that won the race shows here.
        if !tx
            .add_mandate(who.enterprise_id, person.id, &appointment)
            .await?
        {
            return Err(domain::RuleError::SlotTaken.into());
        }
        let (audit, held) = mandate_audit(
            change.audit("mandate.appoint"),
            &appointment,
            person.id,
            &nn,
        );
        change.commit(audit.after(held)).await?;
        Ok(person.name)
    }
}
