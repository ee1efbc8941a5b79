//! ContactData (R11).

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

#[server(endpoint = "contact_data")]
pub async fn load_contact_data() -> Result<ContactDataView, ApiError> {
    backend()?.contact_data_view(&signed_in()?).await
}

/// Saves the enterprise's address and general contact (R11).
#[server(endpoint = "save_contact_data", client = crate::offline::client::QueueingClient)]
pub async fn save_contact_data(
    street: String,
    postal_code: String,
    municipality: String,
    email: String,
    phone: String,
    // Absent from a change queued before the field existed: the default language.
    #[server(default)] language: String,
    // Absent likewise: Belgium.
    #[server(default)] country: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let form = AddressForm {
        street,
        postal_code,
        municipality,
        email,
        phone,
        language,
        country,
    };
    backend()?
        .save_contact_data(&signed_in()?, &form, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(form.typed()))?;
    Ok(done("contact_data_saved", "", ""))
}

/// What happened, said on this page (with JavaScript) or the next (without, from the
/// session).
#[cfg(feature = "ssr")]
pub(crate) fn done(act: &str, name: &str, group: &str) -> crate::lang::Flash {
    let outcome = crate::lang::Flash::Done { act: act.into(), name: name.trim().into(), group: group.into() };
    crate::port::flash(&outcome, false);
    outcome
}

/// Saves the contact person of one role (R11).
#[server(endpoint = "save_contact_person", client = crate::offline::client::QueueingClient)]
pub async fn save_contact_person(
    group: String,
    name: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let form = PersonForm { name, email, phone };
    backend()?
        .save_contact_person(&signed_in()?, &group, &form, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(form.typed(&group)))?;
    Ok(done("contact_person_saved", &form.name, &group))
}
