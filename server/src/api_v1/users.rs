//! One person across the groups the token's manager manages (R6, R8): the users list, one
//! user with the online services they may use and why, and blocking or unblocking in every
//! managed group.

use super::groups::Search;
use super::{done, idempotency_key, Answer, Api};
use app::api::EverywhereChange;
use app::port::Users;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// A person with the managed groups they are in.
#[derive(Serialize, ToSchema)]
pub struct UserSummary {
    pub national_number: String,
    pub name: String,
    pub groups: Vec<String>,
    /// The groups among `groups` in which they are blocked.
    pub blocked_groups: Vec<String>,
}

/// One page of the users of the managed groups.
#[derive(Serialize, ToSchema)]
pub struct UsersPage {
    pub query: String,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub users: Vec<UserSummary>,
}

/// A membership of a managed group.
#[derive(Serialize, ToSchema)]
pub struct Membership {
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
}

/// Whether the person may use one online service for the enterprise, as the decision API
/// answers it.
#[derive(Serialize, ToSchema)]
pub struct Access {
    /// The online service's catalogue code.
    pub service: String,
    pub allowed: bool,
    /// The rule that decides (`R8`).
    pub rule: String,
    /// Why: `membership`, `mandate` or `user` when allowed; the refusal's code otherwise
    /// (`blocked`, `not_chosen`, …).
    pub reason: String,
}

/// One person, limited to the groups the manager manages (R6).
#[derive(Serialize, ToSchema)]
pub struct User {
    pub national_number: String,
    pub name: String,
    pub is_main_access_manager: bool,
    pub memberships: Vec<Membership>,
    /// How many groups outside the manager's scope the person is also in.
    pub other_groups: u64,
    pub access: Vec<Access>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(Search),
    responses((status = 200, description = "One page of the users of the managed groups", body = UsersPage)))]
pub async fn list_users(
    State(api): State<Api>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Answer<Json<UsersPage>> {
    let who = api.user(&headers).await?;
    let q = search.q.unwrap_or_default();
    let d = api
        .toegang
        .users_view(&who, &q, search.page.unwrap_or(1).max(1))
        .await?;
    Ok(Json(UsersPage {
        query: d.query,
        page: d.users.page,
        per_page: d.users.per_page,
        total: d.users.total,
        users: d
            .users
            .items
            .into_iter()
            .map(|u| UserSummary {
                national_number: u.national_number,
                name: u.name,
                groups: u.groups,
                blocked_groups: u.blocked_groups,
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/users/{national_number}", tag = "users",
    params(("national_number" = String, Path, example = "85073003328")),
    responses((status = 200, description = "The person in the managed groups", body = User)))]
pub async fn user(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(nn): Path<String>,
) -> Answer<Json<User>> {
    let who = api.user(&headers).await?;
    let d = api.toegang.user_view(&who, &nn).await?;
    Ok(Json(User {
        national_number: d.national_number,
        name: d.name,
        is_main_access_manager: d.is_main_access_manager,
        memberships: d
            .memberships
            .into_iter()
            .map(|m| Membership {
                group: m.group,
                services: m.services,
                blocked: m.blocked,
            })
            .collect(),
        other_groups: d.other_groups,
        access: d
            .access
            .into_iter()
            .map(|a| Access {
                service: a.service,
                allowed: a.reason.is_ok(),
                rule: a.rule,
                reason: match &a.reason {
                    Ok(domain::decision::Basis::Membership { .. }) => "membership".into(),
                    Ok(domain::decision::Basis::Mandate { .. }) => "mandate".into(),
                    Ok(domain::decision::Basis::User { .. }) => "user".into(),
                    Err(r) => r.code().into(),
                },
            })
            .collect(),
    }))
}

async fn everywhere(
    api: Api,
    headers: HeaderMap,
    nn: String,
    change: EverywhereChange,
) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    api.toegang
        .change_everywhere(&who, &nn, change, &key)
        .await?;
    Ok(done())
}

#[utoipa::path(post, path = "/api/v1/users/{national_number}/block", tag = "users",
    params(("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Blocked in every group the person is in; refused unless the manager manages them all (R8)")))]
pub async fn block_everywhere(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(nn): Path<String>,
) -> Answer<Response> {
    everywhere(api, headers, nn, EverywhereChange::Block).await
}

#[utoipa::path(post, path = "/api/v1/users/{national_number}/unblock", tag = "users",
    params(("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Unblocked in every group the person is in")))]
pub async fn unblock_everywhere(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(nn): Path<String>,
) -> Answer<Response> {
    everywhere(api, headers, nn, EverywhereChange::Unblock).await
}

#[utoipa::path(delete, path = "/api/v1/users/{national_number}", tag = "users",
    params(("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Deleted from every group the person is in (a leaver); refused unless the manager manages them all, and for the main access manager (R9, R10)")))]
pub async fn delete_everywhere(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(nn): Path<String>,
) -> Answer<Response> {
    everywhere(api, headers, nn, EverywhereChange::Delete).await
}
