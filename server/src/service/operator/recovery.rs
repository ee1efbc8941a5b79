//! Recovery, by the operator: a person who lost their authenticator app (or whose sign-in
//! stopped after too many failures) gets a new temporary password by SMS and links a new
//! app at the next sign-in; a username's failure count is reset; an enterprise is closed.
//! Each act is audited.

use super::main_access_manager::send_temporary_password;
use super::{audit, enterprise, refuse, OperatorError};
use crate::service::Toegang;
use domain::rules::EnterpriseStatus;

/// An authenticator reset done.
#[derive(Debug)]
pub struct Reset {
    pub username: String,
    pub mobile: String,
}

impl Toegang {
    /// Unlinks the person's authenticator app, issues a new temporary password (sent by
    /// SMS through the outbox, sealed) and clears the failure count: at the next sign-in
    /// they choose a password and link a new app.
    pub async fn reset_authenticator(&self, username: &str) -> Result<Reset, OperatorError> {
        let key = domain::signin::normalise_username(username);
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let Some(c) = tx.credential_by_username(&key).await? else {
            return refuse(format!("no username `{key}`"));
        };
        let (_, mobile) = tx.person_contact(c.person_id).await?;
        let Some(mobile) = mobile else {
            return refuse(format!("`{key}` has no mobile number to send a password to"));
        };
        let person = tx.person(c.person_id).await?;
        let name = person.map(|p| p.name).unwrap_or_default();
        tx.reset_totp(c.person_id).await?;
        send_temporary_password(tx.as_mut(), self.sealer()?, c.person_id, &mobile, now).await?;
        tx.clear_sign_in_failures(&key).await?;
        let enterprises = tx.enterprises_of(c.person_id).await?;
        for e in &enterprises {
            let row = audit(e.id, "credential.reset", now)
                .subject(c.person_id)
                .target(&key)
                .after(serde_json::json!({ "name": name, "authenticator": "unlinked" }));
            tx.audit(&row).await?;
        }
        tx.commit().await?;
        Ok(Reset {
            username: key,
            mobile,
        })
    }

    /// Forgets a username's failed sign-ins (after the count stopped sign-in); audited
    /// for every enterprise of the person, when the username exists.
    pub async fn reset_sign_in(&self, username: &str) -> Result<u32, OperatorError> {
        let key = domain::signin::normalise_username(username);
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let failures = tx.sign_in_failures(&key).await?.map(|f| f.0).unwrap_or(0);
        tx.clear_sign_in_failures(&key).await?;
        if let Some(c) = tx.credential_by_username(&key).await? {
            for e in tx.enterprises_of(c.person_id).await? {
                let row = audit(e.id, "credential.failures_reset", now)
                    .subject(c.person_id)
                    .target(&key)
                    .before(serde_json::json!({ "failures": failures }));
                tx.audit(&row).await?;
            }
        }
        tx.commit().await?;
        Ok(failures)
    }

    /// Closes an enterprise (R3): nobody acts for it any more; its data stays.
    pub async fn close_enterprise(&self, number: &str) -> Result<(), OperatorError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let (e, number, _) = enterprise(tx.as_mut(), number).await?;
        let status = tx
            .enterprise(e)
            .await?
            .map(|e| e.status)
            .unwrap_or(EnterpriseStatus::Closed);
        if status == EnterpriseStatus::Closed {
            return refuse(format!("enterprise {number} is closed already"));
        }
        tx.set_enterprise_status(e, EnterpriseStatus::Closed)
            .await?;
        let row = audit(e, "enterprise.close", now)
            .target(number.digits())
            .before(serde_json::json!({ "status": status.code() }))
            .after(serde_json::json!({ "status": EnterpriseStatus::Closed.code() }));
        tx.audit(&row).await?;
        tx.commit().await?;
        Ok(())
    }
}
