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
mod api_tokens;
mod appointments;
mod chaman;
mod change;
mod contact_data;
mod context;
pub mod decisions;
mod ebox;
mod jobs;
mod language;
mod logbook;
mod memberships;
mod my_access;
pub mod operator;
pub mod signin;
mod staff;
mod users;

pub use api_tokens::TOKEN_PREFIX;
pub use paging::PER_PAGE;

use crate::clock::Clock;
use crate::limits::RateLimiter;
use crate::seal::Sealer;
use crate::store::{Store, StoreError};
use app::api::ApiError;
use std::net::IpAddr;
use std::sync::Arc;

pub(crate) use context::Context;

pub struct Toegang {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    demo: bool,
    /// The OpenID Connect button's label, when a provider is configured.
    oidc_label: Option<String>,
    /// Seals secrets at rest; `None` where no key is configured (then an act that must
    /// store a secret is refused).
    sealer: Option<Sealer>,
    /// Sign-in attempts per client address (`domain::signin::ATTEMPTS_PER_ADDRESS_PER_MINUTE`).
    sign_in_addresses: RateLimiter<IpAddr>,
    /// Staff register look-ups per person (`domain::rules::STAFF_LOOKUPS_PER_MINUTE`).
    staff_lookups: RateLimiter<(i64, i64)>,
    /// How long the audit log keeps changes and sign-in records (R14).
    retention: domain::audit::Retention,
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
            sealer: None,
            retention: domain::audit::Retention::default(),
            sign_in_addresses: RateLimiter::new(
                domain::signin::ATTEMPTS_PER_ADDRESS_PER_MINUTE,
                60,
            ),
            staff_lookups: RateLimiter::new(domain::rules::STAFF_LOOKUPS_PER_MINUTE, 60),
        }
    }

    /// The same service, keeping audit rows for `retention`.
    pub fn with_retention(mut self, retention: domain::audit::Retention) -> Self {
        self.retention = retention;
        self
    }

    /// The same service, sealing secrets with `sealer`.
    pub fn with_sealer(mut self, sealer: Sealer) -> Self {
        self.sealer = Some(sealer);
        self
    }

    pub(crate) fn sealer(&self) -> Result<&Sealer, StoreError> {
        self.sealer
            .as_ref()
            .ok_or_else(|| StoreError::Secret("no TOEGANG_SECRET_KEY configured".into()))
    }
}

/// A storage failure: logged in full, shown to the user as `server.internal` only.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failure");
        ApiError::internal("server.internal")
    }
}

impl Toegang {
    /// Checks, before anything of a request's input is read, that the person is signed in
    /// (the enterprise active, R3) and reaches the service (`reaches`, R11–R13): who may
    /// not use it learns nothing from their input being validated. Outside the write lock;
    /// the change checks again inside its transaction.
    pub(crate) async fn admit(
        &self,
        who: &app::port::SignedIn,
        reaches: impl Fn(&domain::services::PortalAccess) -> bool,
    ) -> Result<(), ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(reaches(&ctx.me.portal))
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
