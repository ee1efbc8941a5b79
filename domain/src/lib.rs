//! Toegang's domain: every rule of DESIGN.md section 3, as pure functions.
//!
//! No Leptos, no I/O: this crate compiles to `wasm32-unknown-unknown` for the browser
//! (instant validation) and natively for the server (the same check again before writing).

pub mod api_token;
pub mod appoint;
pub mod audit;
pub mod catalogue;
pub mod chaman;
mod clock;
pub mod contact;
pub mod contact_data;
pub mod decision;
pub mod ebox;
pub mod enterprise_number;
pub mod error;
pub mod mandate;
pub mod national_number;
pub mod rules;
pub mod services;
pub mod signin;

pub use catalogue::{Catalogue, DomainDef, RoleDef, ServiceDef};
pub use enterprise_number::{EnterpriseNumber, EnterpriseNumberError};
pub use error::{Coded, ErrorKind};
pub use mandate::{Mandate, Mandates};
pub use national_number::{NationalNumber, NationalNumberError};
pub use rules::RuleError;

/// A change that could not reach the server waits in the browser's queue at most this many
/// days; older, it is shown as expired and never sent (DESIGN.md §5, offline forms).
pub const QUEUED_CHANGE_DAYS: i64 = 7;

/// The server keeps idempotency keys this many days: longer than a change may wait in a
/// queue, so that a replay is always recognised and applied once.
pub const IDEMPOTENCY_KEY_DAYS: i64 = QUEUED_CHANGE_DAYS + 1;

// Checked when compiling: a queued change waits at least a week, and its key outlives it.
const _: () = assert!(QUEUED_CHANGE_DAYS >= 7 && IDEMPOTENCY_KEY_DAYS > QUEUED_CHANGE_DAYS);
