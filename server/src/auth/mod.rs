//! Sessions and the sign-in routes (DESIGN.md §4). Sessions live in the database
//! (tower-sessions) and hold only ids. Every decision is the service's
//! (`service::signin`); this module keeps the session, the redirects and the OpenID
//! Connect exchange. Every means ends in [`identified`]: the person is known; they enter
//! their enterprise (or choose one), and the main access manager's first entry activates
//! it (R3).
//!
//! Means: [`oidc`] (eID, itsme, MyGov.be through the deployment's OpenID Connect provider),
//! [`password`] (username + password + TOTP), and [`demo`] (demo mode only).

pub mod demo;
pub mod oidc;
pub mod password;
pub mod secrets;
pub mod session_store;

use crate::clock::Clock;
use crate::service::signin::{Entry, SignInFailure};
use crate::service::Toegang;
use app::port::{Pending, PendingStage, SignedIn};
use axum::extract::{Form, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

const PERSON: &str = "person_id";
const ENTERPRISE: &str = "enterprise_id";
const PENDING_PERSON: &str = "pending_person_id";
const PENDING_STAGE: &str = "pending_stage";
const PENDING_SINCE: &str = "pending_since";
const SIGNED_IN_AT: &str = "signed_in_at";

/// What ends a signed-in session besides 30 minutes without a request: its absolute
/// lifetime, counted from sign-in by the application's clock.
#[derive(Clone)]
pub struct SessionRules {
    pub clock: Arc<dyn Clock>,
    pub lifetime: i64,
}

/// Where a sign-in under way continues.
pub const NEXT_STEP: &str = "/aanmelden/vervolg";

/// Puts the signed-in person (or the sign-in under way) into the request's extensions,
/// where pages and server functions find it.
/// A session past its absolute lifetime is deleted here, before anything reads it.
pub async fn resolve_signed_in(
    State(rules): State<SessionRules>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let now = rules.clock.now();
    if let (Ok(Some(person_id)), Ok(Some(enterprise_id))) = (
        session.get::<i64>(PERSON).await,
        session.get::<i64>(ENTERPRISE).await,
    ) {
        let since = session.get::<i64>(SIGNED_IN_AT).await.ok().flatten();
        if since.is_some_and(|at| now - at < rules.lifetime) {
            req.extensions_mut().insert(SignedIn {
                person_id,
                enterprise_id,
                api_token: None,
            });
        } else {
            tracing::info!(person_id, "session ended: absolute lifetime reached");
            let _ = session.flush().await;
        }
    } else if let Some(pending) = pending(&session, now).await {
        req.extensions_mut().insert(pending);
    }
    next.run(req).await
}

const FLASH: &str = "flash";
const FORM_ERROR: &str = "form_error";

/// A refused form without JavaScript: Leptos answers with a redirect back to the form whose
/// URL carries the error and what was typed (`__path`, `__err`). Here that goes into the
/// session instead, the redirect is to the clean page, and when the browser asks for that
/// page the error is given back to Leptos inside the server only: what was typed never
/// travels in a URL, a browser history or an access log.
pub async fn keep_form_errors(session: Session, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = req.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/sw.js";
    if page {
        // The next page takes it, or it is gone: a stale error never shows up later.
        if let Ok(Some((path, query))) = session.remove::<(String, String)>(FORM_ERROR).await {
            if path == req.uri().path() {
                let own = req.uri().query().map(|q| format!("{q}&")).unwrap_or_default();
                if let Ok(uri) = format!("{path}?{own}{query}").parse() {
                    *req.uri_mut() = uri;
                }
            }
        }
    }
    let mut res = next.run(req).await;
    if !res.status().is_redirection() {
        return res;
    }
    let Some(location) = res
        .headers()
        .get(axum::http::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned)
    else {
        return res;
    };
    let Ok(mut url) = url::Url::parse(&location).or_else(|_| url::Url::parse(&format!("http://x{location}"))) else {
        return res;
    };
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    if !pairs.iter().any(|(k, _)| k == "__err") {
        return res;
    }
    let (error, rest): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(k, _)| k == "__err" || k == "__path");
    let error_query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(error)
        .finish();
    if session
        .insert(FORM_ERROR, (url.path().to_owned(), error_query))
        .await
        .is_err()
    {
        return res;
    }
    if rest.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(rest);
    }
    let clean = if location.starts_with('/') {
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    } else {
        url.to_string()
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&clean) {
        res.headers_mut().insert(axum::http::header::LOCATION, value);
    }
    res
}

/// One-time messages (`app::port::flash`): an answer that leaves one in its header has it
/// kept in the session (the header removed); the next page, or the page's request for it
/// (`/api/flash`), takes it out. Never in a URL.
pub async fn carry_flash(session: Session, mut req: Request, next: Next) -> Response {
    let html = req
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let takes = (req.method() == axum::http::Method::GET && html) || req.uri().path() == "/api/flash";
    if takes {
        if let Ok(Some(message)) = session.remove::<String>(FLASH).await {
            req.extensions_mut().insert(app::port::Flash(message));
        }
    }
    let mut res = next.run(req).await;
    if let Some(value) = res.headers_mut().remove(app::port::FLASH_HEADER) {
        let encoded = value.to_str().unwrap_or("");
        let bytes: Vec<u8> = encoded
            .split('%')
            .filter(|h| !h.is_empty())
            .filter_map(|h| u8::from_str_radix(h, 16).ok())
            .collect();
        let _ = session
            .insert(FLASH, String::from_utf8_lossy(&bytes).into_owned())
            .await;
    }
    res
}

/// The sign-in under way in this session, while it is fresh (`domain::signin`).
pub(crate) async fn pending(session: &Session, now: i64) -> Option<Pending> {
    let since = session.get::<i64>(PENDING_SINCE).await.ok()??;
    if !domain::signin::pending_sign_in_fresh(now - since) {
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

/// Back to the sign-in page with the failure's code (a fault of ours is logged).
pub(crate) fn failed(e: SignInFailure) -> Response {
    match e {
        SignInFailure::Storage(e) => internal(e),
        e => refuse(e.code()),
    }
}

/// Records the next step of a sign-in (a new session id each time, no fixation) and sends
/// the browser there.
pub(crate) async fn continue_with(
    toegang: &Toegang,
    session: &Session,
    person: i64,
    stage: PendingStage,
) -> Response {
    let saved = async {
        session.cycle_id().await?;
        session.remove::<i64>(PERSON).await?;
        session.remove::<i64>(ENTERPRISE).await?;
        session.insert(PENDING_PERSON, person).await?;
        session.insert(PENDING_SINCE, toegang.now()).await?;
        session.insert(PENDING_STAGE, stage.code()).await
    };
    match saved.await {
        Ok(()) => Redirect::to(NEXT_STEP).into_response(),
        Err(e) => internal(e),
    }
}

/// A means has proved who this is: enter their one enterprise, or let them choose.
pub(crate) async fn identified(toegang: &Toegang, session: &Session, person: i64) -> Response {
    match toegang.entry(person).await {
        Ok(Entry::Enterprise(e)) => enter(toegang, session, person, e).await,
        Ok(Entry::Choose) => {
            continue_with(toegang, session, person, PendingStage::ChooseEnterprise).await
        }
        Err(e) => failed(e),
    }
}

/// Signs `person` in for `enterprise`: the service's R3 decision (and activation), then a
/// new session id and the ids in the session.
pub(crate) async fn enter(
    toegang: &Toegang,
    session: &Session,
    person: i64,
    enterprise: i64,
) -> Response {
    let entered = match toegang.enter(person, enterprise).await {
        Ok(entered) => entered,
        Err(e) => return failed(e),
    };
    let saved = async {
        session.cycle_id().await?;
        session.remove::<i64>(PENDING_PERSON).await?;
        session.remove::<String>(PENDING_STAGE).await?;
        session.remove::<i64>(PENDING_SINCE).await?;
        session.insert(PERSON, person).await?;
        session.insert(SIGNED_IN_AT, toegang.now()).await?;
        if entered.activated {
            // "Ziezo, het account van uw onderneming is actief!" on the first page.
            let message = serde_json::to_string(&app::lang::Flash::Activated).unwrap_or_default();
            session.insert(FLASH, message).await?;
        }
        session.insert(ENTERPRISE, enterprise).await
    };
    match saved.await {
        Ok(()) => {
            let mut res = Redirect::to(&entered.landing).into_response();
            // The person's chosen language wins over this browser's.
            if let Some(v) = entered.language.and_then(|l| axum::http::HeaderValue::from_str(&l).ok()) {
                res.headers_mut().insert(crate::language::HEADER, v);
            }
            res
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct EnterpriseForm {
    enterprise: i64,
}

/// "Kies een onderneming": the person acts for several enterprises and picks one.
pub async fn choose_enterprise(
    toegang: Arc<Toegang>,
    session: Session,
    Form(form): Form<EnterpriseForm>,
) -> Response {
    let Some(p) = pending(&session, toegang.now())
        .await
        .filter(|p| p.stage == PendingStage::ChooseEnterprise)
    else {
        return refuse("auth.no_pending_sign_in");
    };
    enter(&toegang, &session, p.person_id, form.enterprise).await
}

/// Signs out: the session is deleted from the store, for good (a request still in flight
/// cannot write it back: [`session_store`]).
/// The browser is told to forget what it keeps for this site (the person's drafts and
/// queued changes, the cached shell): another person on the same computer sees nothing.
pub async fn sign_out(session: Session) -> Response {
    let _ = session.flush().await;
    let mut res = Redirect::to("/aanmelden").into_response();
    res.headers_mut().insert(
        "clear-site-data",
        axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
    );
    res
}
