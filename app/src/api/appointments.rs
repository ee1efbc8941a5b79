//! Helpers (R4, R5).

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

#[server(endpoint = "managers")]
pub async fn managers_view() -> Result<ManagersData, ApiError> {
    backend()?.managers_view(&signed_in()?).await
}

/// Appoints a helper (R4, R5): `kind` and `scope` as in [`domain::Mandate::from_parts`].
/// Without JavaScript: which form failed, and what was typed in it.
#[server(endpoint = "appoint", client = crate::offline::client::QueueingClient)]
pub async fn appoint(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let typed = [
        ("form", format!("{kind}:{scope}")),
        ("national_number", national_number.clone()),
    ];
    backend()?
        .appoint(
            &signed_in()?,
            &kind,
            &scope,
            &national_number,
            &idempotency_key,
        )
        .await
        .map_err(|e| e.with_echoes(typed))
}

/// Revokes a helper's mandate (R4 mirrored).
#[server(endpoint = "revoke", client = crate::offline::client::QueueingClient)]
pub async fn revoke(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    backend()?
        .revoke(
            &signed_in()?,
            &kind,
            &scope,
            &national_number,
            &idempotency_key,
        )
        .await
}
