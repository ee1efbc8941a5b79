//! The application service: implements the UI's ports (`app::port`), one file per
//! feature, and the operator's acts and the scheduled jobs. Every operation loads what the
//! rules need, asks `domain`, and (for changes) writes the change, an audit row and the
//! idempotency key in one transaction.
//!
//! The shared plumbing lives here and nowhere else: the request's context (`context`),
//! beginning a change (`change`: write transaction, context, idempotency claim), the
//! audit row (`store::AuditEntry`'s builder) and paging (`paging`).

#[macro_use]
mod paging;
mod appointments;
mod chaman;
mod change;
mod contact_data;
mod context;
mod ebox;
mod jobs;
mod memberships;
pub mod operator;
pub mod signin;
mod users;

pub use paging::PER_PAGE;

use crate::clock::Clock;
use crate::store::{Store, StoreError};
use app::api::ApiError;
use std::sync::Arc;

pub(crate) use context::Context;

pub struct Toegang {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    demo: bool,
    /// The OpenID Connect button's label, when a provider is configured.
    oidc_label: Option<String>,
}

impl Toegang {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        demo: bool,
        oidc_label: Option<String>,
    ) -> Self {
        Toegang {
            store,
            clock,
            demo,
            oidc_label,
        }
    }
}

/// A storage failure: logged in full, shown to the user as `server.internal` only.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failure");
        ApiError::internal("server.internal")
    }
}

/// R11–R13 as decided by `domain::services` (in `Me::portal`): the refusal when this
/// person does not reach the service.
fn reach(allowed: bool) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(domain::RuleError::NoServiceAccess.into())
    }
}
