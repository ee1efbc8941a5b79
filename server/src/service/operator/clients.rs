//! The online services that ask Toegang for decisions (DESIGN.md §4a): the operator
//! registers each as a client for the online services it may ask about, lists them and
//! revokes them. A client's token is shown once, at registration, and stored hashed.

use super::{refuse, OperatorError};
use crate::service::Toegang;
use crate::service::decisions::{new_token, token_hash};
use crate::store::DecisionClient;
use domain::Catalogue;

/// A registered client and its token (shown this once).
#[derive(Debug)]
pub struct RegisteredClient {
    pub name: String,
    pub token: String,
}

/// A client's name: 1–64 letters, digits, `-`, `_` or `.`.
fn client_name(name: &str) -> Result<&str, OperatorError> {
    let ok = (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if ok {
        Ok(name)
    } else {
        refuse(format!(
            "client name `{name}`: 1 to 64 letters, digits, `-`, `_` or `.`"
        ))
    }
}

impl Toegang {
    /// Registers a client for `services` (catalogue codes), allowed to search or not.
    pub async fn register_client(
        &self,
        name: &str,
        services: &[String],
        may_search: bool,
    ) -> Result<RegisteredClient, OperatorError> {
        let name = client_name(name)?;
        if services.is_empty() {
            return refuse("a client asks about at least one online service (--services)");
        }
        let cat = Catalogue::get();
        if let Some(unknown) = services.iter().find(|s| cat.service(s).is_none()) {
            return refuse(format!("`{unknown}` is not an online service of the catalogue"));
        }
        let mut services = services.to_vec();
        services.sort();
        services.dedup();
        let token = new_token();
        let mut tx = self.store.write().await?;
        let now = self.clock.now();
        if !tx
            .insert_decision_client(name, &token_hash(&token), &services, may_search, now)
            .await?
        {
            return refuse(format!("a client named `{name}` exists already"));
        }
        tx.commit().await?;
        tracing::info!(client = name, services = ?services, may_search, "decision client registered");
        Ok(RegisteredClient {
            name: name.to_owned(),
            token,
        })
    }

    /// Every client, revoked ones too.
    pub async fn decision_clients(&self) -> Result<Vec<DecisionClient>, OperatorError> {
        let mut tx = self.store.read().await?;
        Ok(tx.decision_clients().await?)
    }

    /// Revokes a client: its token is refused from the next request on.
    pub async fn revoke_client(&self, name: &str) -> Result<(), OperatorError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        if !tx.revoke_decision_client(name, now).await? {
            return refuse(format!("no client named `{name}` is registered (or it is revoked already)"));
        }
        tx.commit().await?;
        tracing::info!(client = name, "decision client revoked");
        Ok(())
    }
}
