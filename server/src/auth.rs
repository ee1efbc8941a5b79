//! Sessions and sign-in. Sessions live in the database (tower-sessions); the session
//! holds only the person and enterprise ids. Sign-in means plug in here: the demo
//! identity provider (demo mode only) now; OpenID Connect and password + TOTP later.

use crate::store::{AuditEntry, Store};
use app::backend::SignedIn;
use axum::extract::{Form, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::rules::{self, EnterpriseStatus};
use domain::NationalNumber;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

const PERSON: &str = "person_id";
const ENTERPRISE: &str = "enterprise_id";

/// Puts the signed-in person (if any) into the request's extensions, where pages and
/// server functions find it.
pub async fn resolve_signed_in(session: Session, mut req: Request, next: Next) -> Response {
    if let (Ok(Some(person_id)), Ok(Some(enterprise_id))) = (
        session.get::<i64>(PERSON).await,
        session.get::<i64>(ENTERPRISE).await,
    ) {
        req.extensions_mut().insert(SignedIn {
            person_id,
            enterprise_id,
        });
    }
    next.run(req).await
}

#[derive(Deserialize)]
pub struct DemoSignIn {
    national_number: String,
}

fn refuse(code: &str) -> Response {
    Redirect::to(&format!("/aanmelden?fout={code}")).into_response()
}

/// The demo identity provider: sign in as a person of the demo enterprise. Registered only
/// in demo mode. The main access manager's first sign-in activates the enterprise (R3);
/// before that nobody else can sign in for it.
pub async fn demo_sign_in(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<DemoSignIn>,
) -> Response {
    match sign_in(store.as_ref(), &form.national_number).await {
        Ok(Ok(who)) => {
            // A new session id at sign-in (no session fixation).
            if session.cycle_id().await.is_err()
                || session.insert(PERSON, who.person_id).await.is_err()
                || session.insert(ENTERPRISE, who.enterprise_id).await.is_err()
            {
                return refuse("server.internal");
            }
            Redirect::to("/").into_response()
        }
        Ok(Err(code)) => refuse(code),
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            refuse("server.internal")
        }
    }
}

async fn sign_in(
    store: &dyn Store,
    national_number: &str,
) -> Result<Result<SignedIn, &'static str>, crate::store::StoreError> {
    let Ok(nn) = NationalNumber::parse(national_number) else {
        return Ok(Err("auth.unknown_person"));
    };
    let mut tx = store.write().await?;
    let Some(enterprise) = tx
        .enterprise_by_number(crate::demo::ENTERPRISE_NUMBER)
        .await?
    else {
        return Ok(Err("auth.unknown_person"));
    };
    let Some(person) = tx.person_by_national_number(nn.digits()).await? else {
        return Ok(Err("auth.unknown_person"));
    };
    let mandates = tx.mandates(enterprise.id, person.id).await?;
    if !mandates.is_manager() && !tx.is_staff(enterprise.id, person.id).await? {
        return Ok(Err("auth.unknown_person"));
    }
    let status = EnterpriseStatus::parse(&enterprise.status);
    match rules::check_sign_in(status, &mandates) {
        Err(e) => return Ok(Err(e.code())),
        Ok(false) => {}
        Ok(true) => {
            let active = EnterpriseStatus::Active.code();
            tx.set_enterprise_status(enterprise.id, active).await?;
            tx.audit(&AuditEntry {
                enterprise_id: enterprise.id,
                actor_id: Some(person.id),
                action: "enterprise.activate".into(),
                target: enterprise.number.clone(),
                before: Some(serde_json::json!({ "status": status.code() })),
                after: Some(serde_json::json!({ "status": active })),
            })
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(SignedIn {
        person_id: person.id,
        enterprise_id: enterprise.id,
    }))
}

/// Signs out: the session is deleted from the store.
pub async fn sign_out(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/aanmelden").into_response()
}
