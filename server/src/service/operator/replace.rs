//! Replacing the main access manager (the legal representative's act): the old one loses
//! the mandate but stays staff.

use super::main_access_manager::{designate, MainAccessManager};
use super::{audit, enterprise, name as valid_name, refuse, OperatorError};
use crate::service::Toegang;
use domain::Mandate;

/// A replacement done.
#[derive(Debug)]
pub struct Replaced {
    /// The username sent to a foreign main access manager.
    pub username: Option<String>,
}

impl Toegang {
    pub async fn replace_main_access_manager(
        &self,
        enterprise_number: &str,
        mam: &MainAccessManager,
        name: Option<&str>,
        language: Option<&str>,
    ) -> Result<Replaced, OperatorError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let (e, number, enterprise_name) = enterprise(tx.as_mut(), enterprise_number).await?;
        let name = name.map(|n| valid_name(n, "name")).transpose()?;
        let name = name.as_deref();
        let (new, who, username) = designate(tx.as_mut(), self.sealer(), mam, name, language, &enterprise_name, now).await?;
        let old = tx.main_access_manager(e).await?;
        if old == Some(new) {
            return refuse(format!(
                "{} is already the main access manager",
                mam.label()
            ));
        }
        if let Some(old) = old {
            tx.remove_mandate(e, old, &Mandate::MainAccessManager)
                .await?;
        }
        tx.add_staff(e, new, name).await?;
        tx.add_mandate(e, new, &Mandate::MainAccessManager).await?;
        let mut row = audit(e, "enterprise.replace_main_access_manager", now)
            .subject(new)
            .target(number.digits())
            .after(serde_json::json!({ "main_access_manager": who }));
        if let Some(p) = match old {
            Some(id) => tx.person(id).await?,
            None => None,
        } {
            row = row.before(serde_json::json!({
                "main_access_manager": p.national_number.map(|n| n.digits().to_owned()),
                "name": p.name,
            }));
        }
        tx.audit(&row).await?;
        tx.commit().await?;
        Ok(Replaced { username })
    }
}
