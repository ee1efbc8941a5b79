//! The server functions, one module per feature. Each is a one-line call into its port
//! (`crate::port`), which the server implements (hexagonal: the app never sees SQL); the
//! data shapes and the error are re-exported here for the pages.
//!
//! Reads are plain calls; changes are POSTs, same-origin, authorised through `domain` on
//! the server, applied in one transaction with an audit row, once per idempotency key.

mod api_tokens;
mod appointments;
mod chaman;
mod contact_data;
mod ebox;
mod logbook;
mod memberships;
mod signin;

pub use crate::error::*;
pub use crate::model::*;
pub use api_tokens::*;
pub use appointments::*;
pub use chaman::*;
pub use contact_data::*;
pub use ebox::*;
pub use logbook::*;
pub use memberships::*;
pub use signin::*;
