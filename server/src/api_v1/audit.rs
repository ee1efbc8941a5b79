//! The audit log of the token's scope (R14), newest first, in pages that continue below
//! the last row's id.

use super::{Answer, Api};
use app::api::LogbookFilter;
use app::port::Logbook;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Who acted: a name or a national number.
    pub actor: Option<String>,
    /// On whom: a name or a national number.
    pub person: Option<String>,
    /// A group or domain code.
    pub group: Option<String>,
    /// A kind of act (`membership`, `user`, `mandate`, `signin`, …).
    pub kind: Option<String>,
    /// First day, `YYYY-MM-DD`, Brussels time.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, Brussels time.
    pub until: Option<String>,
    /// Continue below this row id (the previous page's `older`).
    pub before: Option<i64>,
}

/// One act.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Brussels time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Who acted (none: the system or the operator).
    pub actor: Option<String>,
    pub actor_national_number: Option<String>,
    /// The act's code (`membership.block`).
    pub action: String,
    /// The group, domain or other scope acted in.
    pub scope: Option<String>,
    pub subject: Option<String>,
    pub subject_national_number: Option<String>,
    pub target: String,
    pub before: BTreeMap<String, String>,
    pub after: BTreeMap<String, String>,
    /// The name of the API token the act was made with, if any.
    pub api_token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; none on the last page.
    pub older: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "Fifty acts of the scope, newest first", body = AuditPage)))]
pub async fn audit_log(
    State(api): State<Api>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Answer<Json<AuditPage>> {
    let who = api.user(&headers).await?;
    let filter = LogbookFilter {
        actor: q.actor.unwrap_or_default(),
        person: q.person.unwrap_or_default(),
        group: q.group.unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        from: q.from.unwrap_or_default(),
        until: q.until.unwrap_or_default(),
    };
    let d = api.toegang.logbook_view(&who, filter, q.before).await?;
    Ok(Json(AuditPage {
        entries: d
            .entries
            .into_iter()
            .map(|e| AuditEntry {
                id: e.id,
                at: e.at,
                actor: e.actor,
                actor_national_number: e.actor_number,
                action: e.action,
                scope: e.scope,
                subject: e.subject,
                subject_national_number: e.subject_number,
                target: e.target,
                before: e.before.into_iter().collect(),
                after: e.after.into_iter().collect(),
                api_token: e.api_token,
            })
            .collect(),
        older: d.older,
    }))
}
