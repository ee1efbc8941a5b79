//! The routes of username + password + TOTP sign-in (DESIGN.md §4): forms in, the
//! service's decision (`service::signin::password`), a redirect out.

use super::{continue_with, failed, identified, pending, refuse, refuse_step};
use crate::service::signin::{AfterChange, Outcome, SignInFailure};
use crate::service::Toegang;
use app::port::PendingStage;
use crate::security::ClientAddr;
use axum::extract::{Extension, Form};
use std::net::{IpAddr, Ipv4Addr};
use axum::response::{IntoResponse, Redirect, Response};
use domain::signin::SignInError;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct PasswordForm {
    username: String,
    password: String,
    #[serde(default)]
    code: String,
}

/// `POST /auth/wachtwoord`.
pub async fn sign_in(
    toegang: Arc<Toegang>,
    session: Session,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let from = client
        .map(|c| c.0 .0)
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match toegang
        .check_password(&form.username, &form.password, &form.code, from)
        .await
    {
        Ok(Outcome::ChangePassword(p)) => {
            continue_with(&toegang, &session, p, PendingStage::ChangePassword).await
        }
        Ok(Outcome::EnrolTotp(p)) => {
            continue_with(&toegang, &session, p, PendingStage::EnrolTotp).await
        }
        Ok(Outcome::SignedIn(p)) => identified(&toegang, &session, p).await,
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    password: String,
    repeated: String,
}

/// "Kies een nieuw wachtwoord": replaces the temporary password (first sign-in).
pub async fn change_password(
    toegang: Arc<Toegang>,
    session: Session,
    Form(form): Form<NewPasswordForm>,
) -> Response {
    let Some(p) = pending(&session, toegang.now())
        .await
        .filter(|p| p.stage == PendingStage::ChangePassword)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    match toegang
        .set_new_password(p.person_id, &form.password, &form.repeated)
        .await
    {
        Ok(AfterChange::EnrolTotp) => {
            continue_with(&toegang, &session, p.person_id, PendingStage::EnrolTotp).await
        }
        Ok(AfterChange::SignInAgain) => {
            let _ = session.flush().await;
            Redirect::to("/aanmelden?fout=auth.password_changed").into_response()
        }
        Err(SignInFailure::Refused(SignInError::InvalidCredentials)) => {
            // The temporary password was changed meanwhile (another session): start over.
            let _ = session.flush().await;
            refuse("auth.no_pending_sign_in")
        }
        Err(SignInFailure::Storage(e)) => super::internal(e),
        Err(e) => refuse_step(e.code()),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// "Authenticator-app koppelen": the first code from the app confirms the pending secret.
pub async fn confirm_totp(
    toegang: Arc<Toegang>,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(p) = pending(&session, toegang.now())
        .await
        .filter(|p| p.stage == PendingStage::EnrolTotp)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    match toegang.confirm_totp(p.person_id, &form.code).await {
        Ok(()) => identified(&toegang, &session, p.person_id).await,
        Err(SignInFailure::Storage(e)) => super::internal(e),
        Err(e) => refuse_step(e.code()),
    }
}
