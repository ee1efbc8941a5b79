//! Registering an enterprise with its activated roles and its main access manager (R3).
//! It stays `registered` until the main access manager's first sign-in.

use super::main_access_manager::{designate, MainAccessManager};
use super::{audit, name as valid_name, refuse, OperatorError};
use crate::service::Toegang;
use domain::{Catalogue, EnterpriseNumber, Mandate};

/// A registration as the operator typed it.
#[derive(Debug)]
pub struct Registration<'a> {
    pub number: &'a str,
    pub name: &'a str,
    pub groups: &'a [String],
    pub main_access_manager: &'a MainAccessManager,
    pub main_access_manager_name: &'a str,
    /// The main access manager's language (`nl`, `fr`, `de`, `en`): their e-mail and SMS
    /// are written in it, and their pages open in it.
    pub language: Option<&'a str>,
}

/// A registered enterprise.
#[derive(Debug)]
pub struct Registered {
    pub number: EnterpriseNumber,
    pub name: String,
    pub main_access_manager_name: String,
    /// The username sent to a foreign main access manager.
    pub username: Option<String>,
}

impl Toegang {
    pub async fn register_enterprise(
        &self,
        r: Registration<'_>,
    ) -> Result<Registered, OperatorError> {
        let number = EnterpriseNumber::parse(r.number)
            .or_else(|e| refuse(format!("enterprise number `{}`: {e}", r.number)))?;
        let name = &valid_name(r.name, "enterprise name")?;
        let mam_name = &valid_name(r.main_access_manager_name, "main access manager's name")?;
        for g in r.groups {
            if Catalogue::get().role(g).is_none() {
                let known: Vec<&str> = Catalogue::get().roles().map(|r| r.code.as_str()).collect();
                return refuse(format!("unknown role `{g}`; known: {}", known.join(", ")));
            }
        }
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        if tx.enterprise_by_number(&number).await?.is_some() {
            return refuse(format!("enterprise {number} is already registered"));
        }
        let e = tx.insert_enterprise(&number, name, now).await?;
        for g in r.groups {
            tx.add_enterprise_group(e, g).await?;
        }
        let (person, who, username) = designate(
            tx.as_mut(),
            self.sealer(),
            r.main_access_manager,
            Some(mam_name.as_str()),
            r.language,
            name,
            now,
        )
        .await?;
        tx.add_staff(e, person, Some(mam_name.as_str())).await?;
        tx.add_mandate(e, person, &Mandate::MainAccessManager)
            .await?;
        let row = audit(e, "enterprise.register", now)
            .subject(person)
            .target(number.digits())
            .after(serde_json::json!({
                "name": name, "groups": r.groups, "main_access_manager": who,
            }));
        tx.audit(&row).await?;
        tx.commit().await?;
        Ok(Registered {
            number,
            name: name.clone(),
            main_access_manager_name: mam_name.clone(),
            username,
        })
    }
}
