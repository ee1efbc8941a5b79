//! ContactData (R11).

use super::Me;
use serde::{Deserialize, Serialize};

/// ContactData (R11): the enterprise's contact data, a contact person per role, and the
/// history of changes (who, when, before → after).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactDataView {
    pub me: Me,
    pub contact: Option<domain::contact_data::EnterpriseContact>,
    /// (role code, its contact person) for every role of the enterprise.
    pub roles: Vec<(String, Option<domain::contact_data::ContactPerson>)>,
    pub history: Vec<HistoryItem>,
}

/// One change in a history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub at: String,
    pub who: String,
    /// What changed: `address` or the role code of a contact person.
    pub what: String,
    pub before: Vec<(String, String)>,
    pub after: Vec<(String, String)>,
}

/// The enterprise's address and general contact as typed (parsed by the service).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressForm {
    pub street: String,
    pub postal_code: String,
    pub municipality: String,
    pub email: String,
    pub phone: String,
    /// The language of the e-Box notification (`nl`, `fr`, `de`, `en`).
    pub language: String,
    /// The country of the address (`BE`, `NL`, …; empty: Belgium).
    #[serde(default)]
    pub country: String,
}

impl AddressForm {
    /// What was typed, to give back with an error.
    pub fn typed(&self) -> [(&'static str, String); 8] {
        [
            ("form", "address".to_owned()),
            ("country", self.country.clone()),
            ("language", self.language.clone()),
            ("street", self.street.clone()),
            ("postal_code", self.postal_code.clone()),
            ("municipality", self.municipality.clone()),
            ("email", self.email.clone()),
            ("phone", self.phone.clone()),
        ]
    }
}

/// A contact person (of a role, or Chaman's technical contact) as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonForm {
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl PersonForm {
    /// What was typed in form `form`, to give back with an error.
    pub fn typed(&self, form: &str) -> [(&'static str, String); 4] {
        [
            ("form", form.to_owned()),
            ("name", self.name.clone()),
            ("email", self.email.clone()),
            ("phone", self.phone.clone()),
        ]
    }
}
