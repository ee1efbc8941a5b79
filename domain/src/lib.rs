//! Toegang's domain: every rule of DESIGN.md section 3, as pure functions.
//!
//! No Leptos, no I/O: this crate compiles to `wasm32-unknown-unknown` for the browser
//! (instant validation) and natively for the server (the same check again before writing).

pub mod appoint;
pub mod catalogue;
pub mod chaman;
mod clock;
pub mod contact;
pub mod contact_data;
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
