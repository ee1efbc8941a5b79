//! Sign-in (DESIGN.md §4): every decision of it. The means this server offers, the next
//! step of a sign-in under way, username + password + TOTP (`password`), and entering an
//! enterprise (`entry`). `crate::auth` keeps only sessions, redirects and the OpenID
//! Connect exchange, and calls these.

mod entry;
mod password;

pub use entry::{Entered, Entry};
pub use password::{AfterChange, Outcome};

use super::Toegang;
use crate::store::StoreError;
use app::api::*;
use app::port::{Pending, PendingStage, SignIn};
use domain::rules::RuleError;
use domain::signin::SignInError;

#[async_trait::async_trait]
impl SignIn for Toegang {
    async fn sign_in_means(&self) -> Result<AvailableMeans, ApiError> {
        let demo = if self.demo {
            let mut tx = self.store.read().await?;
            crate::demo::people(tx.as_mut()).await?
        } else {
            Vec::new()
        };
        Ok(AvailableMeans {
            oidc: self.oidc_label.clone(),
            demo,
        })
    }

    async fn pending_step(&self, pending: &Pending) -> Result<PendingStep, ApiError> {
        let store = self.store.as_ref();
        let gone = || ApiError::unauthenticated("auth.no_pending_sign_in");
        match pending.stage {
            PendingStage::ChangePassword => {
                let mut tx = store.read().await?;
                let c = tx.credential(pending.person_id).await?.ok_or_else(gone)?;
                Ok(PendingStep::ChangePassword {
                    username: c.username,
                })
            }
            PendingStage::EnrolTotp => {
                let (username, uri, secret, qr_svg) =
                    self.enrolment(pending.person_id).await?.ok_or_else(gone)?;
                Ok(PendingStep::EnrolTotp {
                    username,
                    uri,
                    secret,
                    qr_svg,
                })
            }
            PendingStage::ChooseEnterprise => {
                let mut tx = store.read().await?;
                let list = tx.enterprises_of(pending.person_id).await?;
                Ok(PendingStep::ChooseEnterprise {
                    choices: list
                        .into_iter()
                        .map(|e| EnterpriseChoice {
                            id: e.id,
                            number: e.number.to_string(),
                            name: e.name,
                        })
                        .collect(),
                })
            }
        }
    }
}

/// Why a sign-in step did not go on. Every refusal has a stable code for the page.
#[derive(Debug, thiserror::Error)]
pub enum SignInFailure {
    #[error("{}", .0.code())]
    Refused(#[from] SignInError),
    #[error("{}", .0.code())]
    Rule(#[from] RuleError),
    /// The person acts for no enterprise (or not for the one asked).
    #[error("auth.no_enterprise")]
    NoEnterprise,
    #[error("storage: {0}")]
    Storage(#[from] StoreError),
}

impl SignInFailure {
    /// The code shown on the sign-in page (`server.internal` for a fault of ours).
    pub fn code(&self) -> &'static str {
        match self {
            SignInFailure::Refused(e) => e.code(),
            SignInFailure::Rule(e) => e.code(),
            SignInFailure::NoEnterprise => "auth.no_enterprise",
            SignInFailure::Storage(_) => "server.internal",
        }
    }
}
