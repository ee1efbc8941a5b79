//! API tokens of the management API (docs/api.md): "API-sleutels".

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

#[server(endpoint = "api_tokens")]
pub async fn load_api_tokens() -> Result<ApiTokensView, ApiError> {
    backend()?.api_tokens_view(&signed_in()?).await
}

/// Makes a token for the reader's own scope. Its value is in this answer only; without
/// JavaScript it reaches the next page as that page's one-time message (kept in the
/// session until shown). Never queued offline: a token is shown to the request that
/// made it.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    lifetime: String,
    idempotency_key: String,
) -> Result<NewApiToken, ApiError> {
    let typed = [("name", name.clone()), ("lifetime", lifetime.clone())];
    let made = backend()?
        .create_api_token(&signed_in()?, &name, &lifetime, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(typed))?;
    crate::port::flash(
        &crate::lang::Flash::NewToken {
            name: made.name.clone(),
            token: made.token.clone(),
            expires: made.expires.clone(),
        },
        false,
    );
    Ok(made)
}

#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(token: i64, idempotency_key: String) -> Result<(), ApiError> {
    backend()?
        .revoke_api_token(&signed_in()?, token, &idempotency_key)
        .await
}
