//! The demo identity provider (demo mode only, clearly marked as such on the page): pick a
//! person of the demo enterprise. It signs in for the demo enterprise only, so that a demo
//! server pointed at a real database cannot become anyone there.

use super::{enter, internal, refuse};
use crate::store::Store;
use axum::extract::Form;
use axum::response::Response;
use domain::NationalNumber;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct DemoSignIn {
    national_number: String,
}

pub async fn sign_in(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<DemoSignIn>,
) -> Response {
    let Ok(nn) = NationalNumber::parse(&form.national_number) else {
        return refuse("auth.no_enterprise");
    };
    let found = async {
        let mut tx = store.read().await?;
        let e = tx
            .enterprise_by_number(crate::demo::ENTERPRISE_NUMBER)
            .await?;
        let p = tx.person_by_national_number(nn.digits()).await?;
        Ok::<_, crate::store::StoreError>(e.zip(p))
    };
    match found.await {
        Ok(Some((e, p))) => enter(store.as_ref(), &session, p.id, e.id).await,
        Ok(None) => refuse("auth.no_enterprise"),
        Err(e) => internal(e),
    }
}
