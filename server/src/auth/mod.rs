//! Sessions and sign-in (DESIGN.md §4). Sessions live in the database (tower-sessions) and
//! hold only ids. Every means ends in [`identified`]: the person is known; they enter their
//! enterprise (or choose one), and the main access manager's first entry activates it (R3).
//!
//! Means: [`oidc`] (eID, itsme, MyGov.be through the deployment's OpenID Connect provider),
//! [`password`] (username + password + TOTP), and [`demo`] (demo mode only).

pub mod demo;
pub mod oidc;
pub mod password;
pub mod secrets;

use crate::store::{AuditEntry, Store, StoreError};
use app::backend::{Pending, PendingStage, SignedIn};
use axum::extract::{Form, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::rules::{self, EnterpriseStatus};
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

const PERSON: &str = "person_id";
const ENTERPRISE: &str = "enterprise_id";
const PENDING_PERSON: &str = "pending_person_id";
const PENDING_STAGE: &str = "pending_stage";
const PENDING_SINCE: &str = "pending_since";

/// Where a sign-in under way continues.
pub const NEXT_STEP: &str = "/aanmelden/vervolg";

/// Puts the signed-in person (or the sign-in under way) into the request's extensions,
/// where pages and server functions find it.
pub async fn resolve_signed_in(session: Session, mut req: Request, next: Next) -> Response {
    if let (Ok(Some(person_id)), Ok(Some(enterprise_id))) = (
        session.get::<i64>(PERSON).await,
        session.get::<i64>(ENTERPRISE).await,
    ) {
        req.extensions_mut().insert(SignedIn {
            person_id,
            enterprise_id,
        });
    } else if let Some(pending) = pending(&session).await {
        req.extensions_mut().insert(pending);
    }
    next.run(req).await
}

/// The sign-in under way in this session, while it is fresh (`domain::signin`).
pub(crate) async fn pending(session: &Session) -> Option<Pending> {
    let since = session.get::<i64>(PENDING_SINCE).await.ok()??;
    if !domain::signin::pending_sign_in_fresh(secrets::now() - since) {
        return None;
    }
    let person_id = session.get::<i64>(PENDING_PERSON).await.ok()??;
    let stage = session.get::<String>(PENDING_STAGE).await.ok()??;
    Some(Pending {
        person_id,
        stage: PendingStage::parse(&stage)?,
    })
}

/// Back to the sign-in page with an error code.
pub(crate) fn refuse(code: &str) -> Response {
    Redirect::to(&format!("/aanmelden?fout={code}")).into_response()
}

/// Back to the current step of a sign-in under way with an error code.
pub(crate) fn refuse_step(code: &str) -> Response {
    Redirect::to(&format!("{NEXT_STEP}?fout={code}")).into_response()
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "sign-in failed");
    refuse("server.internal")
}

/// Records the next step of a sign-in (a new session id each time, no fixation) and sends
/// the browser there.
pub(crate) async fn continue_with(session: &Session, person: i64, stage: PendingStage) -> Response {
    let saved = async {
        session.cycle_id().await?;
        session.remove::<i64>(PERSON).await?;
        session.remove::<i64>(ENTERPRISE).await?;
        session.insert(PENDING_PERSON, person).await?;
        session.insert(PENDING_SINCE, secrets::now()).await?;
        session.insert(PENDING_STAGE, stage.code()).await
    };
    match saved.await {
        Ok(()) => Redirect::to(NEXT_STEP).into_response(),
        Err(e) => internal(e),
    }
}

/// A means has proved who this is: enter their one enterprise, or let them choose.
pub(crate) async fn identified(store: &dyn Store, session: &Session, person: i64) -> Response {
    let enterprises = async {
        let mut tx = store.read().await?;
        tx.enterprises_of(person).await
    };
    match enterprises.await {
        Ok(list) => match list.as_slice() {
            [] => refuse("auth.no_enterprise"),
            [one] => enter(store, session, person, one.id).await,
            _ => continue_with(session, person, PendingStage::ChooseEnterprise).await,
        },
        Err(e) => internal(e),
    }
}

/// Signs `person` in for `enterprise`: a new session id, the ids in the session, and the
/// activation at the main access manager's first sign-in.
pub(crate) async fn enter(
    store: &dyn Store,
    session: &Session,
    person: i64,
    enterprise: i64,
) -> Response {
    match activate(store, person, enterprise).await {
        Ok(Ok(())) => {
            let saved = async {
                session.cycle_id().await?;
                session.remove::<i64>(PENDING_PERSON).await?;
                session.remove::<String>(PENDING_STAGE).await?;
                session.remove::<i64>(PENDING_SINCE).await?;
                session.insert(PERSON, person).await?;
                session.insert(ENTERPRISE, enterprise).await
            };
            match saved.await {
                Ok(()) => Redirect::to("/").into_response(),
                Err(e) => internal(e),
            }
        }
        Ok(Err(code)) => refuse(code),
        Err(e) => internal(e),
    }
}

/// R3: may this person act for this enterprise now? The main access manager's first
/// sign-in makes a registered enterprise active (audited); before that nobody else can.
async fn activate(
    store: &dyn Store,
    person: i64,
    enterprise: i64,
) -> Result<Result<(), &'static str>, StoreError> {
    let mut tx = store.write().await?;
    let Some(e) = tx.enterprise(enterprise).await? else {
        return Ok(Err("auth.no_enterprise"));
    };
    let mandates = tx.mandates(e.id, person).await?;
    if !mandates.is_manager() && !tx.is_staff(e.id, person).await? {
        return Ok(Err("auth.no_enterprise"));
    }
    let status = EnterpriseStatus::parse(&e.status);
    match rules::check_sign_in(status, &mandates) {
        Err(err) => return Ok(Err(err.code())),
        Ok(false) => {}
        Ok(true) => {
            let active = EnterpriseStatus::Active.code();
            tx.set_enterprise_status(e.id, active).await?;
            tx.audit(&AuditEntry {
                enterprise_id: e.id,
                actor_id: Some(person),
                action: "enterprise.activate".into(),
                target: e.number.clone(),
                before: Some(serde_json::json!({ "status": status.code() })),
                after: Some(serde_json::json!({ "status": active })),
            })
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

#[derive(Deserialize)]
pub struct EnterpriseForm {
    enterprise: i64,
}

/// "Kies een onderneming": the person acts for several enterprises and picks one.
pub async fn choose_enterprise(
    store: Arc<dyn Store>,
    session: Session,
    Form(form): Form<EnterpriseForm>,
) -> Response {
    let Some(p) = pending(&session)
        .await
        .filter(|p| p.stage == PendingStage::ChooseEnterprise)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    enter(store.as_ref(), &session, p.person_id, form.enterprise).await
}

/// Writes one audit row per enterprise the person acts for (R14), e.g. for a changed
/// password, which concerns each of them.
pub(crate) async fn audit_person(
    tx: &mut dyn crate::store::Tx,
    person: i64,
    action: &str,
    target: &str,
) -> Result<(), StoreError> {
    for e in tx.enterprises_of(person).await? {
        tx.audit(&AuditEntry {
            enterprise_id: e.id,
            actor_id: Some(person),
            action: action.into(),
            target: target.into(),
            before: None,
            after: None,
        })
        .await?;
    }
    Ok(())
}

/// Signs out: the session is deleted from the store.
pub async fn sign_out(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/aanmelden").into_response()
}
