//! Sign-in (DESIGN.md §4). The steps themselves are plain form posts to `/auth/…`.

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, pending};

#[server(endpoint = "sign_in_means")]
pub async fn sign_in_means() -> Result<AvailableMeans, ApiError> {
    backend()?.sign_in_means().await
}

#[server(endpoint = "pending_sign_in")]
pub async fn pending_sign_in() -> Result<PendingStep, ApiError> {
    backend()?.pending_step(&pending()?).await
}
