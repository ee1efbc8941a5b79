//! The staff register asked as a manager types a national number (R4, R7): the name it
//! gives the person, within the manager's own enterprise only, rate-limited per person.

use super::Toegang;
use app::api::*;
use app::port::{SignedIn, StaffRegister};
use domain::rules;

#[async_trait::async_trait]
impl StaffRegister for Toegang {
    async fn look_up_staff(
        &self,
        who: &SignedIn,
        national_number: &str,
    ) -> Result<StaffLookup, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        rules::check_staff_lookup(&ctx.actor.mandates)?; // R4, R7
        let allowed = self
            .staff_lookups
            .allow(&(who.enterprise_id, who.person_id), self.clock.now());
        rules::check_lookup_rate(allowed)?;
        let nn = self
            .clock
            .national_number(national_number)
            .map_err(domain::RuleError::from)?; // R2
        let name = match tx.person_in_enterprise(who.enterprise_id, &nn).await? {
            Some(p) if tx.is_staff(who.enterprise_id, p.id).await? => Some(p.name),
            _ => None,
        };
        Ok(StaffLookup { national_number: nn.digits().to_owned(), name })
    }
}
