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
/// Answers what happened (the message naming the appointee). Without JavaScript: which
/// form failed, and what was typed in it; after success the next page says it. A plain
/// form post is first answered with a confirmation step naming the appointee (as adding a
/// user is, [`crate::api::confirmation_step`]).
#[server(endpoint = "appoint", client = crate::offline::client::QueueingClient)]
pub async fn appoint(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
    #[server(default)] confirmed: bool,
) -> Result<crate::lang::Flash, ApiError> {
    let typed = [
        ("form", format!("{kind}:{scope}")),
        ("national_number", national_number.clone()),
    ];
    let (backend, who) = (backend()?, signed_in()?);
    if !confirmed && crate::port::plain_form_post() {
        let name = backend
            .check_appoint(&who, &kind, &scope, &national_number, &idempotency_key)
            .await;
        return Err(crate::api::confirmation_step(name).with_echoes(typed));
    }
    let name = backend
        .appoint(&who, &kind, &scope, &national_number, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(typed))?;
    let outcome = crate::lang::Flash::Helper { appointed: true, name, kind, scope };
    crate::port::flash(&outcome, false);
    Ok(outcome)
}

/// Revokes a helper's mandate (R4 mirrored); answers what happened (the message).
#[server(endpoint = "revoke", client = crate::offline::client::QueueingClient)]
pub async fn revoke(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let name = backend()?
        .revoke(
            &signed_in()?,
            &kind,
            &scope,
            &national_number,
            &idempotency_key,
        )
        .await?;
    let outcome = crate::lang::Flash::Helper { appointed: false, name, kind, scope };
    crate::port::flash(&outcome, false);
    Ok(outcome)
}
