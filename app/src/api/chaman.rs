//! Chaman, the technical channels (R12).

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

#[server(endpoint = "chaman")]
pub async fn load_chaman() -> Result<ChamanView, ApiError> {
    backend()?.chaman_view(&signed_in()?).await
}

/// First use of Chaman: the enterprise's sender with its one technical contact.
#[server(endpoint = "create_sender", client = crate::offline::client::QueueingClient)]
pub async fn create_sender(
    name: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let form = PersonForm { name, email, phone };
    backend()?
        .create_sender(&signed_in()?, &form, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(form.typed("sender")))?;
    Ok(crate::api::contact_data::done("sender_created", &form.name, ""))
}

/// A new channel (inactive until activated), with its credential. What was typed comes
/// back with an error (without JavaScript, through the session): not when oversize.
#[server(endpoint = "add_channel", client = crate::offline::client::QueueingClient)]
pub async fn add_channel(
    kind: String,
    environment: String,
    credential: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let shown = if credential.len() <= domain::chaman::MAX_CREDENTIAL_CHARS {
        credential.clone()
    } else {
        Default::default()
    };
    let typed = [
        ("form", "channel".to_owned()),
        ("kind", kind.clone()),
        ("environment", environment.clone()),
        ("credential", shown),
    ];
    backend()?
        .add_channel(
            &signed_in()?,
            &kind,
            &environment,
            &credential,
            &idempotency_key,
        )
        .await
        .map_err(|e| e.with_echoes(typed))?;
    Ok(crate::api::contact_data::done("channel_added", "", ""))
}

/// Activates or deactivates a channel.
#[server(endpoint = "channel_active", client = crate::offline::client::QueueingClient)]
pub async fn set_channel_active(
    channel: i64,
    active: bool,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    backend()?
        .set_channel_active(&signed_in()?, channel, active, &idempotency_key)
        .await?;
    let act = if active { "channel_activated" } else { "channel_deactivated" };
    Ok(crate::api::contact_data::done(act, "", ""))
}

/// Removes an inactive channel (after a confirmation on the page).
#[server(endpoint = "remove_channel", client = crate::offline::client::QueueingClient)]
pub async fn remove_channel(channel: i64, idempotency_key: String) -> Result<crate::lang::Flash, ApiError> {
    backend()?
        .remove_channel(&signed_in()?, channel, &idempotency_key)
        .await?;
    Ok(crate::api::contact_data::done("channel_removed", "", ""))
}

/// Replaces the sender's technical contact.
#[server(endpoint = "technical_contact", client = crate::offline::client::QueueingClient)]
pub async fn change_technical_contact(
    name: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let form = PersonForm { name, email, phone };
    backend()?
        .change_technical_contact(&signed_in()?, &form, &idempotency_key)
        .await
        .map_err(|e| e.with_echoes(form.typed("technical-contact")))?;
    Ok(crate::api::contact_data::done("technical_contact_changed", &form.name, ""))
}
