//! Users per permission group (R6–R10): the groups the token's manager manages, a group's
//! users, and adding, changing the services of, blocking, unblocking and deleting a user.

use super::{body, done, idempotency_key, Answer, Api};
use app::api::{AddUserCommand, Holder, MemberRow, MembershipChange};
use app::port::Memberships;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A permission group the manager manages, with its totals.
#[derive(Serialize, ToSchema)]
pub struct Group {
    /// The group's code in the catalogue (`werkgever`).
    pub code: String,
    /// Its domain's code (`sociale-zekerheid`).
    pub domain: String,
    pub users: u64,
    pub blocked: u64,
}

/// A person holding a mandate.
#[derive(Serialize, ToSchema)]
pub struct Person {
    /// Eleven digits.
    pub national_number: String,
    pub name: String,
}

impl From<Holder> for Person {
    fn from(h: Holder) -> Person {
        Person {
            national_number: h.national_number,
            name: h.name,
        }
    }
}

/// A user of a group.
#[derive(Serialize, ToSchema)]
pub struct Member {
    pub national_number: String,
    pub name: String,
    /// The online services chosen for them in this group (catalogue codes).
    pub services: Vec<String>,
    pub blocked: bool,
    /// The main access manager (R10: not blocked or deleted here).
    pub is_main_access_manager: bool,
}

impl From<MemberRow> for Member {
    fn from(m: MemberRow) -> Member {
        Member {
            national_number: m.national_number,
            name: m.name,
            services: m.services,
            blocked: m.blocked,
            is_main_access_manager: m.is_main_access_manager,
        }
    }
}

/// One page of a group's users.
#[derive(Serialize, ToSchema)]
pub struct GroupUsers {
    pub group: String,
    /// The group's group manager (R5), if appointed.
    pub group_manager: Option<Person>,
    /// The search applied.
    pub query: String,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub users: Vec<Member>,
}

/// A search and a page (1 when absent).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Search {
    /// Part of a name (case- and accent-insensitive) or the first digits of a national
    /// number.
    pub q: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<u32>,
}

/// A new user of a group and the online services chosen for them.
#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    /// A Belgian national number, in any usual written form.
    pub national_number: String,
    /// Catalogue codes of online services the group offers.
    pub services: Vec<String>,
}

/// The online services chosen for a user in a group (all others are removed).
#[derive(Deserialize, ToSchema)]
pub struct Services {
    pub services: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/groups", tag = "groups",
    responses((status = 200, description = "The groups the token's manager manages (R6)", body = Vec<Group>)))]
pub async fn list_groups(State(api): State<Api>, headers: HeaderMap) -> Answer<Json<Vec<Group>>> {
    let who = api.user(&headers).await?;
    let home = api.toegang.home(&who).await?;
    Ok(Json(
        home.groups
            .into_iter()
            .map(|g| Group {
                code: g.code,
                domain: g.domain,
                users: g.users,
                blocked: g.blocked,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/users", tag = "groups",
    params(("group" = String, Path, description = "A group's code", example = "werkgever"), Search),
    responses((status = 200, description = "One page of the group's users", body = GroupUsers)))]
pub async fn group_users(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(group): Path<String>,
    Query(search): Query<Search>,
) -> Answer<Json<GroupUsers>> {
    let who = api.user(&headers).await?;
    let q = search.q.unwrap_or_default();
    let d = api
        .toegang
        .group_view(&who, &group, &q, search.page.unwrap_or(1).max(1))
        .await?;
    Ok(Json(GroupUsers {
        group: d.group,
        group_manager: d.group_manager.map(Person::from),
        query: d.query,
        page: d.members.page,
        per_page: d.members.per_page,
        total: d.members.total,
        users: d.members.items.into_iter().map(Member::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/users", tag = "groups",
    params(("group" = String, Path, example = "werkgever"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    request_body = NewUser,
    responses((status = 204, description = "Added (or added before, for a replayed key)")))]
pub async fn add_user(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(group): Path<String>,
    bytes: Bytes,
) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    let new: NewUser = body(&bytes)?;
    let cmd = AddUserCommand {
        group,
        national_number: new.national_number,
        services: new.services,
        idempotency_key: key,
    };
    api.toegang.add_user(&who, cmd).await?;
    Ok(done())
}

#[utoipa::path(put, path = "/api/v1/groups/{group}/users/{national_number}/services", tag = "groups",
    params(("group" = String, Path, example = "werkgever"),
        ("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    request_body = Services,
    responses((status = 204, description = "The services are changed")))]
pub async fn change_services(
    State(api): State<Api>,
    headers: HeaderMap,
    Path((group, nn)): Path<(String, String)>,
    bytes: Bytes,
) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    let services: Services = body(&bytes)?;
    api.toegang
        .change_services(&who, &group, &nn, services.services, &key)
        .await?;
    Ok(done())
}

async fn change(
    api: Api,
    headers: HeaderMap,
    (group, nn): (String, String),
    change: MembershipChange,
) -> Answer<Response> {
    let who = api.user(&headers).await?;
    let key = idempotency_key(&who, &headers)?;
    api.toegang
        .change_membership(&who, &group, &nn, change, &key)
        .await?;
    Ok(done())
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/users/{national_number}/block", tag = "groups",
    params(("group" = String, Path, example = "werkgever"),
        ("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Blocked in this group (R8)")))]
pub async fn block(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(p): Path<(String, String)>,
) -> Answer<Response> {
    change(api, headers, p, MembershipChange::Block).await
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/users/{national_number}/unblock", tag = "groups",
    params(("group" = String, Path, example = "werkgever"),
        ("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Unblocked in this group")))]
pub async fn unblock(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(p): Path<(String, String)>,
) -> Answer<Response> {
    change(api, headers, p, MembershipChange::Unblock).await
}

#[utoipa::path(delete, path = "/api/v1/groups/{group}/users/{national_number}", tag = "groups",
    params(("group" = String, Path, example = "werkgever"),
        ("national_number" = String, Path, example = "85073003328"),
        ("Idempotency-Key" = Option<String>, Header, description = "Applies a retried request once")),
    responses((status = 204, description = "Removed from this group")))]
pub async fn remove(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(p): Path<(String, String)>,
) -> Answer<Response> {
    change(api, headers, p, MembershipChange::Delete).await
}
