//! The data shapes exchanged between the pages and the server, one module per feature.
//! Pure data: no server functions here, so that the port (`crate::port`) and the server
//! functions (`crate::api`) both depend on it and not on each other.

mod api_tokens;
mod appointments;
mod chaman;
mod contact_data;
mod ebox;
mod logbook;
mod memberships;
mod signin;

pub use api_tokens::*;
pub use appointments::*;
pub use chaman::*;
pub use contact_data::*;
pub use ebox::*;
pub use logbook::*;
pub use memberships::*;
pub use signin::*;

use serde::{Deserialize, Serialize};

/// The signed-in person, as every page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub national_number: Option<String>,
    pub enterprise_name: String,
    /// The enterprise's id: the forms' idempotency keys name it (`components::new_key`).
    pub enterprise_id: i64,
    /// The signed-in person's id: queued changes and drafts belong to them (`offline`).
    pub person_id: i64,
    pub enterprise_number: String,
    pub enterprise_status: String,
    /// Labels of the person's mandates, e.g. "Hoofdtoegangsbeheerder".
    pub mandates: Vec<domain::Mandate>,
    /// Which of the portal's own services this person reaches (R11–R13).
    pub portal: domain::services::PortalAccess,
    pub demo: bool,
}

impl Me {
    /// The signed-in person as the rules see it (for checks in the browser).
    pub fn actor(&self) -> domain::rules::Actor {
        domain::rules::Actor {
            national_number: self
                .national_number
                .as_deref()
                .and_then(|n| domain::NationalNumber::parse(n).ok()),
            mandates: domain::Mandates(self.mandates.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as u64) as u32).max(1)
    }
}

/// A person holding a mandate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holder {
    pub national_number: String,
    pub name: String,
}

/// The fields of a JSON object as (name, value) pairs, strings without their quotes (for
/// hidden form fields and for histories).
pub fn object_fields(v: Option<serde_json::Value>) -> Vec<(String, String)> {
    match v {
        Some(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let text = v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string());
                (k, text)
            })
            .collect(),
        _ => Vec::new(),
    }
}
