//! Helpers (R4, R5): the co-main access managers and each domain's access manager, and
//! appointing and revoking them.

use super::groups::Person;
use super::{body, done, idempotency_key, Answer, Api};
use app::port::Appointments;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An activated domain and its access manager, if appointed.
#[derive(Serialize, ToSchema)]
pub struct DomainHelper {
    pub domain: String,
    pub access_manager: Option<Person>,
}

#[derive(Serialize, ToSchema)]
pub struct Helpers {
    pub co_main_access_managers: Vec<Person>,
    pub domains: Vec<DomainHelper>,
}

/// A mandate to appoint or revoke.
#[derive(Deserialize, ToSchema)]
pub struct Appointment {
    /// `co_main_access_manager`, `access_manager` (scope: a domain) or `group_manager`
    /// (scope: a group).
    pub kind: String,
    /// The domain or group; empty for a co-main access manager.
    #[serde(default)]
    pub scope: String,
    pub national_number: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Scope {
    /// The domain or group of the mandate (none for a co-main access manager).
    pub scope: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/helpers", tag = "helpers",
    responses((status = 200, description = "The helpers (R4, R5)", body = Helpers)))]
pub async fn list_helpers(State(api): State<Api>, headers: HeaderMap) -> Answer<Json<Helpers>> {
    let who = api.user(&headers).await?;
    let d = api.toegang.managers_view(&who).await?;
    Ok(Json(Helpers {
        co_main_access_managers: d
            .co_main_access_managers
            .into_iter()
            .map(Person::from)
            .collect(),
        domains: d
            .domains
            .into_iter()
            .map(|(domain, h)| DomainHelper {
                domain,
                access_manager: h.map(Person::from),
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/helpers", tag = "helpers",
    params(("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    request_body = Appointment,
    responses((status = 204, description = "Appointed (R4, R5)")))]
pub async fn appoint(State(api): State<Api>, headers: HeaderMap, bytes: Bytes) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    let a: Appointment = body(&bytes)?;
    api.toegang
        .appoint(&who, &a.kind, &a.scope, &a.national_number, &key)
        .await?;
    Ok(done())
}

#[utoipa::path(delete, path = "/api/v1/helpers/{kind}/{national_number}", tag = "helpers",
    params(("kind" = String, Path, example = "co_main_access_manager"),
        ("national_number" = String, Path, example = "93051822361"),
        Scope,
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "The mandate is revoked")))]
pub async fn revoke(
    State(api): State<Api>,
    headers: HeaderMap,
    Path((kind, nn)): Path<(String, String)>,
    Query(scope): Query<Scope>,
) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    api.toegang
        .revoke(&who, &kind, &scope.scope.unwrap_or_default(), &nn, &key)
        .await?;
    Ok(done())
}
