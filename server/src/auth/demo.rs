//! The demo identity provider (demo mode only, clearly marked as such on the page): pick a
//! person of the demo enterprise. It signs in for the demo enterprise only (the service's
//! `demo_identity`), so that a demo server pointed at a real database cannot become
//! anyone there.

use super::{enter, failed};
use crate::service::Toegang;
use axum::extract::Form;
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct DemoSignIn {
    national_number: String,
}

pub async fn sign_in(
    toegang: Arc<Toegang>,
    session: Session,
    Form(form): Form<DemoSignIn>,
) -> Response {
    match toegang.demo_identity(&form.national_number).await {
        Ok((person, enterprise)) => enter(&toegang, &session, person, enterprise).await,
        Err(e) => failed(e),
    }
}
