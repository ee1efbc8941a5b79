//! What every request knows about its signed-in person: the enterprise (which must be
//! active, R3), the person's mandates, the enterprise's groups, and which of the portal's
//! own services the person reaches (R11–R13).

use super::Toegang;
use crate::store::prelude::*;
use app::api::{ApiError, Me};
use app::port::SignedIn;
use domain::rules::{self, Actor};
use domain::services;
use domain::{Catalogue, RoleDef};

pub(crate) struct Context {
    pub who: SignedIn,
    pub me: Me,
    pub actor: Actor,
    pub groups: Vec<&'static RoleDef>,
}

impl Context {
    /// R6: the enterprise's groups this person manages.
    pub fn managed(&self) -> Vec<&'static RoleDef> {
        rules::managed_groups(&self.actor.mandates, self.groups.iter().copied())
    }

    /// The enterprise's groups in catalogue order (domain by domain), e.g. for a person's
    /// own groups or the groups they could be added to.
    pub fn groups_in_catalogue_order(&self) -> impl Iterator<Item = &'static RoleDef> + '_ {
        Catalogue::get()
            .domains
            .iter()
            .flat_map(|d| d.roles.iter())
            .filter(|r| self.groups.iter().any(|g| g.code == r.code))
    }

    /// The enterprise's activated domains (those of its groups), in catalogue order.
    pub fn domains(&self) -> Vec<&'static str> {
        Catalogue::get()
            .domains
            .iter()
            .filter(|d| self.groups.iter().any(|g| g.domain == d.code))
            .map(|d| d.code.as_str())
            .collect()
    }

    /// A group of this enterprise, or `not_found.group`.
    pub fn group(&self, code: &str) -> Result<&'static RoleDef, ApiError> {
        self.groups
            .iter()
            .copied()
            .find(|g| g.code == code)
            .ok_or_else(|| ApiError::not_found("not_found.group"))
    }

    /// A group of this enterprise that this person manages (R6): `not_found.group` when
    /// it does not exist, `rule.not_manager_of_group` when it is not theirs.
    pub fn managed_group(&self, code: &str) -> Result<&'static RoleDef, ApiError> {
        let role = self.group(code)?;
        if !rules::manages_group(&self.actor.mandates, role) {
            return Err(domain::RuleError::NotManagerOfGroup.into());
        }
        Ok(role)
    }
}

impl Toegang {
    pub(super) async fn context(
        &self,
        tx: &mut dyn Tx,
        who: &SignedIn,
    ) -> Result<Context, ApiError> {
        let signed_out = || ApiError::unauthenticated("auth.required");
        let enterprise = tx
            .enterprise(who.enterprise_id)
            .await?
            .ok_or_else(signed_out)?;
        let person = tx.person(who.person_id).await?.ok_or_else(signed_out)?;
        let mandates = tx.mandates(enterprise.id, person.id).await?;
        rules::check_may_act(enterprise.status)?;
        let cat = Catalogue::get();
        let groups = tx
            .enterprise_groups(enterprise.id)
            .await?
            .iter()
            .filter_map(|g| cat.role(g))
            .collect();
        let memberships = tx.memberships_of(enterprise.id, person.id).await?;
        let grants = super::decisions::grants(&memberships);
        let me = Me {
            name: person.name.clone(),
            national_number: person.national_number.map(|n| n.digits().to_owned()),
            enterprise_name: enterprise.name.clone(),
            enterprise_id: enterprise.id,
            person_id: person.id,
            enterprise_number: enterprise.number.to_string(),
            enterprise_status: enterprise.status.code().to_owned(),
            portal: services::portal_access(&mandates, &grants),
            mandates: mandates.0.clone(),
            demo: self.demo,
        };
        Ok(Context {
            who: who.clone(),
            actor: me.actor(),
            me,
            groups,
        })
    }
}
