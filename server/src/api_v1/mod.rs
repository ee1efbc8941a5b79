//! The management API, version 1 (docs/api.md): the pages' operations as JSON under
//! `/api/v1` (groups, users and their services, blocking, helpers, the audit log), for
//! programs that hold a manager's API token (`Authorization: Bearer tga_…`). Each handler
//! is one call into the same ports the pages' server functions call (`app::port`), so the
//! same `domain` rules, idempotency keys and audit rows apply; a change names the token in
//! its audit row. Described by an OpenAPI document generated from this code (utoipa) at
//! `/api/v1/openapi.json`.
//!
//! No session, no cookie and no same-origin check: a browser never sends the bearer token
//! by itself, so another site cannot make a request carry it.

mod audit;
mod groups;
mod helpers;
mod users;

use crate::service::Toegang;
use app::api::ApiError;
use app::port::SignedIn;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{de::DeserializeOwned, Serialize};
use std::sync::Arc;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{OpenApi, ToSchema};

pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Toegang management API",
        description = "The operations of Toegang's pages for programs: groups, users and their online services, blocking, helpers and the audit log. Every request carries an API token made on the page \"API-sleutels\" (Authorization: Bearer tga_…); the token acts as the manager who made it, within exactly their scope, decided by the same rules as the pages. Changes accept an Idempotency-Key header: a retried request with the same key is applied once.",
        version = "1"
    ),
    paths(
        groups::list_groups,
        groups::group_users,
        groups::add_user,
        groups::change_services,
        groups::block,
        groups::unblock,
        groups::remove,
        users::list_users,
        users::user,
        users::block_everywhere,
        users::unblock_everywhere,
        users::delete_everywhere,
        helpers::list_helpers,
        helpers::appoint,
        helpers::revoke,
        audit::audit_log,
    ),
    components(schemas(Problem, ProblemItem)),
    modifiers(&Conventions),
    security(("bearer" = [])),
    tags(
        (name = "groups", description = "Users per permission group (R6–R10)"),
        (name = "users", description = "One person across the groups one manages (R8)"),
        (name = "helpers", description = "Co-main access managers and access managers (R4, R5)"),
        (name = "audit", description = "The audit log of the token's scope (R14)"),
    )
)]
pub struct ApiDoc;

/// The bearer scheme, and the refusals every operation may answer with (one shape).
struct Conventions;

impl utoipa::Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        let refusals = [
            ("400", "The request cannot be read (a malformed parameter or body)"),
            ("401", "No API token, or one that is unknown, revoked, expired or no longer matches its creator's mandates"),
            ("403", "The rules refuse this act to the token's manager"),
            ("404", "No such group, person or helper in the token's scope"),
            ("405", "The method is not allowed on this path"),
            ("413", "The body is larger than 2 MiB"),
            ("409", "Conflicts with the current state, or an idempotency key reused with other input"),
            ("422", "The input is not acceptable (codes per field)"),
            ("429", "Too many requests: try again later"),
        ];
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                for (status, text) in refusals {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| {
                            ResponseBuilder::new()
                                .description(text)
                                .content(
                                    "application/json",
                                    ContentBuilder::new()
                                        .schema(Some(Ref::from_schema_name("Problem")))
                                        .build(),
                                )
                                .build()
                                .into()
                        });
                }
            }
        }
    }
}

/// The document, generated once.
pub fn document() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_else(|_| "{}".into())
    })
}

#[derive(Clone)]
pub(crate) struct Api {
    pub toegang: Arc<Toegang>,
}

/// The routes under [`PREFIX`].
pub fn router(toegang: Arc<Toegang>) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(openapi))
        .route("/groups", get(groups::list_groups))
        .route(
            "/groups/{group}/users",
            get(groups::group_users).post(groups::add_user),
        )
        .route(
            "/groups/{group}/users/{national_number}",
            axum::routing::delete(groups::remove),
        )
        .route(
            "/groups/{group}/users/{national_number}/services",
            axum::routing::put(groups::change_services),
        )
        .route(
            "/groups/{group}/users/{national_number}/block",
            post(groups::block),
        )
        .route(
            "/groups/{group}/users/{national_number}/unblock",
            post(groups::unblock),
        )
        .route("/users", get(users::list_users))
        .route(
            "/users/{national_number}",
            get(users::user).delete(users::delete_everywhere),
        )
        .route("/users/{national_number}/block", post(users::block_everywhere))
        .route(
            "/users/{national_number}/unblock",
            post(users::unblock_everywhere),
        )
        .route("/helpers", get(helpers::list_helpers).post(helpers::appoint))
        .route(
            "/helpers/{kind}/{national_number}",
            axum::routing::delete(helpers::revoke),
        )
        .route("/audit", get(audit::audit_log))
        .fallback(|| async { Problem::of(StatusCode::NOT_FOUND, "not_found.path") })
        .with_state(Api { toegang })
        .layer(axum::middleware::from_fn(json_refusals));
    Router::new().nest(PREFIX, api)
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        document(),
    )
        .into_response()
}

/// A refused request: its status and the problems' codes (the same codes as the pages).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// The HTTP status.
    pub status: u16,
    pub problems: Vec<ProblemItem>,
}

/// One problem: a stable code (`rule.not_manager_of_group`), and the input field it
/// belongs to, if any.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemItem {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    pub fn of(status: StatusCode, code: &str) -> Problem {
        Problem {
            status: status.as_u16(),
            problems: vec![ProblemItem {
                code: code.to_owned(),
                field: None,
            }],
        }
    }
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Problem {
        Problem {
            status: e.status(),
            problems: e
                .problems
                .into_iter()
                .map(|p| ProblemItem {
                    code: p.code,
                    field: p.field,
                })
                .collect(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(self)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Bearer realm="toegang""#),
            );
        }
        res
    }
}

/// Every refusal of this API in [`Problem`]'s JSON, also those made before a handler runs
/// (an unreadable path or query parameter, a method not allowed).
async fn json_refusals(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if status.is_success() || json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "request.method",
        StatusCode::NOT_FOUND => "not_found.path",
        s if s.is_server_error() => "server.internal",
        _ => "request.malformed",
    };
    let mut answer = Problem::of(status, code).into_response();
    if let Some(allow) = res.headers().get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

pub(crate) type Answer<T> = Result<T, Problem>;

impl Api {
    /// The manager the request's API token acts as (checked at this use, docs/api.md).
    pub async fn user(&self, headers: &HeaderMap) -> Answer<SignedIn> {
        let token = crate::security::bearer_token(headers)
            .ok_or_else(|| Problem::of(StatusCode::UNAUTHORIZED, "token.missing"))?;
        Ok(self.toegang.api_token_user(token).await?)
    }
}

/// The idempotency key of a change: the client's `Idempotency-Key` (1 to 100 visible ASCII
/// characters), kept per token; without one, a fresh key (the request is applied as
/// often as it is sent).
pub(crate) fn idempotency_key(who: &SignedIn, headers: &HeaderMap) -> Answer<String> {
    let token = who.api_token.unwrap_or_default();
    match headers.get("idempotency-key") {
        None => Ok(format!(
            "{}.api{token}.{}",
            who.enterprise_id,
            uuid::Uuid::new_v4().simple()
        )),
        Some(v) => {
            let v = v.as_bytes();
            if v.is_empty() || v.len() > 100 || !v.iter().all(u8::is_ascii_graphic) {
                return Err(Problem {
                    status: 422,
                    problems: vec![ProblemItem {
                        code: "request.idempotency_key".into(),
                        field: Some("Idempotency-Key".into()),
                    }],
                });
            }
            Ok(format!(
                "{}.api{token}.{}",
                who.enterprise_id,
                String::from_utf8_lossy(v)
            ))
        }
    }
}

/// A request's JSON body; anything else is `request.malformed` (400).
pub(crate) fn body<T: DeserializeOwned>(bytes: &Bytes) -> Answer<T> {
    serde_json::from_slice(bytes).map_err(|_| Problem::of(StatusCode::BAD_REQUEST, "request.malformed"))
}

/// The answer to a change that was applied (or had been, for a replayed key).
pub(crate) fn done() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
