//! Toegang as the portal's Policy Decision Point (DESIGN.md §4a), speaking OpenID AuthZEN
//! Authorization API 1.0: access evaluation, evaluations in batch, the three searches and
//! the metadata document. The wire format lives here; every answer comes from
//! `service::decisions` (and so from `domain::decision`).
//!
//! - subject: `{"type": "user", "id": <national number in any written form, or username>}`
//! - resource: `{"type": "online_service", "id": <catalogue code>,
//!   "properties": {"enterprise": <enterprise number in any written form>}}`
//! - action: `{"name": "use"}`
//!
//! Registered clients only (`Authorization: Bearer <token>`, see `server register-client`),
//! each about its own online services; the searches only for clients allowed to search.

use crate::service::decisions::{Answer, Question, USE};
use crate::service::Toegang;
use crate::store::DecisionClient;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::decision::Decision;
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub const SUBJECT_TYPE: &str = "user";
pub const RESOURCE_TYPE: &str = "online_service";
/// Search pages look at this many people by default, and at most at `MAX_LIMIT`.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

#[derive(Clone)]
struct Pdp {
    toegang: Arc<Toegang>,
    /// This server's public origin (`https://toegang.example`): the PDP's identifier.
    origin: String,
}

/// The decision routes; they take no session, no cookie and no same-origin check (the
/// callers are servers, authenticated by their bearer token).
pub fn router(toegang: Arc<Toegang>, origin: String) -> Router {
    Router::new()
        .route("/.well-known/authzen-configuration", get(metadata))
        .route("/access/v1/evaluation", post(evaluation))
        .route("/access/v1/evaluations", post(evaluations))
        .route("/access/v1/search/subject", post(search_subject))
        .route("/access/v1/search/resource", post(search_resource))
        .route("/access/v1/search/action", post(search_action))
        .with_state(Pdp { toegang, origin })
}

/// A refused request: the status and a message (the specification defines no error body).
#[derive(Debug)]
enum Failure {
    BadRequest(String),
    Unauthorized,
    Forbidden(String),
    Internal,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::BadRequest(m) => (StatusCode::BAD_REQUEST, m).into_response(),
            Failure::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, r#"Bearer realm="toegang""#)],
                "a registered client's bearer token is required",
            )
                .into_response(),
            Failure::Forbidden(m) => (StatusCode::FORBIDDEN, m).into_response(),
            Failure::Internal => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "decision failed");
        Failure::Internal
    }
}

fn bad(m: impl Into<String>) -> Failure {
    Failure::BadRequest(m.into())
}

async fn metadata(State(pdp): State<Pdp>) -> Json<Value> {
    let o = &pdp.origin;
    Json(json!({
        "policy_decision_point": o,
        "access_evaluation_endpoint": format!("{o}/access/v1/evaluation"),
        "access_evaluations_endpoint": format!("{o}/access/v1/evaluations"),
        "search_subject_endpoint": format!("{o}/access/v1/search/subject"),
        "search_resource_endpoint": format!("{o}/access/v1/search/resource"),
        "search_action_endpoint": format!("{o}/access/v1/search/action"),
    }))
}

/// The calling client, from its bearer token.
async fn client(pdp: &Pdp, headers: &HeaderMap) -> Result<DecisionClient, Failure> {
    let token = crate::security::bearer_token(headers).ok_or(Failure::Unauthorized)?;
    pdp.toegang
        .decision_client(token)
        .await?
        .ok_or(Failure::Unauthorized)
}

/// The request's JSON object (`application/json` required, as the specification says).
fn body(headers: &HeaderMap, bytes: &Bytes) -> Result<Map<String, Value>, Failure> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(bad("Content-Type must be application/json"));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(bad("the body must be a JSON object")),
        Err(e) => Err(bad(format!("the body is not JSON: {e}"))),
    }
}

/// A subject or resource: `type` and (unless `id_optional`) `id`, strings; `properties`
/// an object when present.
struct Entity {
    kind: String,
    id: Option<String>,
    properties: Map<String, Value>,
}

fn entity(m: &Map<String, Value>, key: &str, id_optional: bool) -> Result<Entity, Failure> {
    let Some(Value::Object(e)) = m.get(key) else {
        return Err(bad(format!("`{key}` must be an object")));
    };
    let text = |field: &str| match e.get(field) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(bad(format!("`{key}.{field}` must be a string"))),
    };
    let kind = text("type")?.ok_or_else(|| bad(format!("`{key}.type` is required")))?;
    let id = text("id")?;
    if id.is_none() && !id_optional {
        return Err(bad(format!("`{key}.id` is required")));
    }
    let properties = match e.get("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => return Err(bad(format!("`{key}.properties` must be an object"))),
    };
    Ok(Entity { kind, id, properties })
}

fn action(m: &Map<String, Value>) -> Result<String, Failure> {
    match m.get("action") {
        Some(Value::Object(a)) => match a.get("name") {
            Some(Value::String(n)) => Ok(n.clone()),
            _ => Err(bad("`action.name` must be a string")),
        },
        _ => Err(bad("`action` must be an object")),
    }
}

fn enterprise_of(resource: &Entity) -> Result<String, Failure> {
    match resource.properties.get("enterprise") {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(bad("`resource.properties.enterprise` (an enterprise number) is required")),
    }
}

/// What one evaluation became: a question to ask, or an answer known without asking.
enum Prepared {
    Ask(Question),
    Refused(Value),
}

/// Reads one evaluation (subject, action, resource already resolved against the batch's
/// defaults) and checks that the client may ask about its service.
fn prepare(client: &DecisionClient, m: &Map<String, Value>) -> Result<Prepared, Failure> {
    let subject = entity(m, "subject", false)?;
    let resource = entity(m, "resource", false)?;
    let action = action(m)?;
    if subject.kind != SUBJECT_TYPE {
        return Ok(Prepared::Refused(json!({"refusal": "unknown_subject_type"})));
    }
    if resource.kind != RESOURCE_TYPE {
        return Ok(Prepared::Refused(json!({"refusal": "unknown_resource_type"})));
    }
    let enterprise = enterprise_of(&resource)?;
    let service = resource.id.unwrap_or_default();
    if !client.services.contains(&service) {
        return Err(Failure::Forbidden(format!(
            "this client may not ask about the online service `{service}`"
        )));
    }
    Ok(Prepared::Ask(Question {
        subject: subject.id.unwrap_or_default(),
        service,
        enterprise,
        action,
    }))
}

/// An answer on the wire: the decision and a context that explains it.
fn decision_json(a: &Answer) -> Value {
    match a {
        Answer::Decided(d) => json!({"decision": d.is_allowed(), "context": explanation(d)}),
        Answer::UnknownAction => {
            json!({"decision": false, "context": {"refusal": "unknown_action"}})
        }
        Answer::UnknownEnterprise => {
            json!({"decision": false, "context": {"refusal": "unknown_enterprise"}})
        }
    }
}

/// The rule and what grants or refuses: `{"rule": "R8", "basis": "membership", "group":
/// "werkgever"}` or `{"rule": "R8", "refusal": "blocked", "groups": ["werkgever"]}`.
fn explanation(d: &Decision) -> Value {
    let mut v = match &d.allowed {
        Ok(basis) => serde_json::to_value(basis),
        Err(refusal) => serde_json::to_value(refusal),
    }
    .unwrap_or_else(|_| json!({}));
    if let Value::Object(m) = &mut v {
        m.insert("rule".into(), json!(d.rule));
    }
    v
}

async fn evaluate_one(pdp: &Pdp, client: &DecisionClient, m: &Map<String, Value>) -> Result<Value, Failure> {
    Ok(match prepare(client, m)? {
        Prepared::Ask(q) => decision_json(&pdp.toegang.decide(&q).await?),
        Prepared::Refused(context) => json!({"decision": false, "context": context}),
    })
}

async fn evaluation(State(pdp): State<Pdp>, headers: HeaderMap, bytes: Bytes) -> Result<Json<Value>, Failure> {
    let client = client(&pdp, &headers).await?;
    let m = body(&headers, &bytes)?;
    Ok(Json(evaluate_one(&pdp, &client, &m).await?))
}

/// The batch's evaluation semantics (AuthZEN §7.1.2.1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Semantic {
    ExecuteAll,
    DenyOnFirstDeny,
    PermitOnFirstPermit,
}

fn semantic(m: &Map<String, Value>) -> Result<Semantic, Failure> {
    let chosen = match m.get("options") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => match o.get("evaluations_semantic") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => return Err(bad("`options.evaluations_semantic` must be a string")),
        },
        Some(_) => return Err(bad("`options` must be an object")),
    };
    match chosen {
        None | Some("execute_all") => Ok(Semantic::ExecuteAll),
        Some("deny_on_first_deny") => Ok(Semantic::DenyOnFirstDeny),
        Some("permit_on_first_permit") => Ok(Semantic::PermitOnFirstPermit),
        Some(other) => Err(bad(format!("unknown evaluations_semantic `{other}`"))),
    }
}

async fn evaluations(State(pdp): State<Pdp>, headers: HeaderMap, bytes: Bytes) -> Result<Json<Value>, Failure> {
    let client = client(&pdp, &headers).await?;
    let m = body(&headers, &bytes)?;
    let semantic = semantic(&m)?;
    let items = match m.get("evaluations") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(bad("`evaluations` must be an array")),
    };
    // Without evaluations, the request is a single evaluation (AuthZEN §7.1).
    if items.is_empty() {
        return Ok(Json(evaluate_one(&pdp, &client, &m).await?));
    }
    let mut answers = Vec::with_capacity(items.len());
    for item in &items {
        let Value::Object(item) = item else {
            return Err(bad("every evaluation must be an object"));
        };
        // Each key of the evaluation replaces the batch's default of that key.
        let mut merged = Map::new();
        for key in ["subject", "action", "resource", "context"] {
            if let Some(v) = item.get(key).or_else(|| m.get(key)) {
                merged.insert(key.into(), v.clone());
            }
        }
        let answer = match evaluate_one(&pdp, &client, &merged).await {
            Ok(a) => a,
            // One evaluation that cannot be answered is a denial with its error; the rest
            // are answered (AuthZEN §7.2.1).
            Err(Failure::BadRequest(message)) => item_error(400, &message),
            Err(Failure::Forbidden(message)) => item_error(403, &message),
            Err(other) => return Err(other),
        };
        let allowed = answer["decision"] == json!(true);
        answers.push(answer);
        let last = match semantic {
            Semantic::ExecuteAll => false,
            Semantic::DenyOnFirstDeny => !allowed,
            Semantic::PermitOnFirstPermit => allowed,
        };
        if last {
            break;
        }
    }
    Ok(Json(json!({ "evaluations": answers })))
}

fn item_error(status: u16, message: &str) -> Value {
    json!({"decision": false, "context": {"error": {"status": status, "message": message}}})
}

fn may_search(client: &DecisionClient) -> Result<(), Failure> {
    if client.may_search {
        Ok(())
    } else {
        Err(Failure::Forbidden("this client may not search".into()))
    }
}

/// The request's page: where to go on (the last person looked at) and how many to look at.
fn page(m: &Map<String, Value>) -> Result<(i64, u32), Failure> {
    let Some(p) = m.get("page") else {
        return Ok((0, DEFAULT_LIMIT));
    };
    let Value::Object(p) = p else {
        return Err(bad("`page` must be an object"));
    };
    let after = match p.get("token") {
        None | Some(Value::Null) => 0,
        Some(Value::String(t)) if t.is_empty() => 0,
        Some(Value::String(t)) => decode_token(t).ok_or_else(|| bad("`page.token` is not one this server gave"))?,
        Some(_) => return Err(bad("`page.token` must be a string")),
    };
    let limit = match p.get("limit") {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(l) => l.clamp(1, u64::from(MAX_LIMIT)) as u32,
            None => return Err(bad("`page.limit` must be a non-negative integer")),
        },
        Some(_) => return Err(bad("`page.limit` must be a non-negative integer")),
    };
    Ok((after, limit))
}

fn encode_token(after: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("after:{after}"))
}

fn decode_token(token: &str) -> Option<i64> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token).ok()?;
    String::from_utf8(bytes).ok()?.strip_prefix("after:")?.parse().ok().filter(|n| *n > 0)
}

/// Who may use the resource (AuthZEN §8.4): the people with a mandate or membership in the
/// enterprise whom the rules allow, a page of people at a time.
async fn search_subject(State(pdp): State<Pdp>, headers: HeaderMap, bytes: Bytes) -> Result<Json<Value>, Failure> {
    let client = client(&pdp, &headers).await?;
    may_search(&client)?;
    let m = body(&headers, &bytes)?;
    let subject = entity(&m, "subject", true)?;
    let resource = entity(&m, "resource", false)?;
    let action = action(&m)?;
    let (after, limit) = page(&m)?;
    let enterprise = enterprise_of(&resource)?;
    let service = resource.id.unwrap_or_default();
    if resource.kind == RESOURCE_TYPE && !client.services.contains(&service) {
        return Err(Failure::Forbidden(format!(
            "this client may not ask about the online service `{service}`"
        )));
    }
    if subject.kind != SUBJECT_TYPE || resource.kind != RESOURCE_TYPE || action != USE {
        return Ok(Json(json!({"page": {"next_token": ""}, "results": []})));
    }
    let (ids, next) = pdp
        .toegang
        .permitted_subjects(&service, &enterprise, after, limit)
        .await?;
    let results: Vec<Value> = ids
        .iter()
        .map(|id| json!({"type": SUBJECT_TYPE, "id": id}))
        .collect();
    let next_token = next.map(encode_token).unwrap_or_default();
    Ok(Json(json!({
        "page": {"next_token": next_token, "count": results.len()},
        "results": results,
    })))
}

/// What the subject may use for the enterprise (AuthZEN §8.5), among the client's services.
async fn search_resource(State(pdp): State<Pdp>, headers: HeaderMap, bytes: Bytes) -> Result<Json<Value>, Failure> {
    let client = client(&pdp, &headers).await?;
    may_search(&client)?;
    let m = body(&headers, &bytes)?;
    let subject = entity(&m, "subject", false)?;
    let resource = entity(&m, "resource", true)?;
    let action = action(&m)?;
    let enterprise = enterprise_of(&resource)?;
    if subject.kind != SUBJECT_TYPE || resource.kind != RESOURCE_TYPE || action != USE {
        return Ok(Json(json!({"page": {"next_token": ""}, "results": []})));
    }
    let services = pdp
        .toegang
        .usable_services(&subject.id.unwrap_or_default(), &enterprise, &client.services)
        .await?
        .unwrap_or_default();
    let results: Vec<Value> = services
        .iter()
        .map(|s| json!({"type": RESOURCE_TYPE, "id": s, "properties": {"enterprise": enterprise}}))
        .collect();
    Ok(Json(json!({
        "page": {"next_token": "", "count": results.len()},
        "results": results,
    })))
}

/// What the subject may do with the resource (AuthZEN §8.6): `use`, or nothing.
async fn search_action(State(pdp): State<Pdp>, headers: HeaderMap, bytes: Bytes) -> Result<Json<Value>, Failure> {
    let client = client(&pdp, &headers).await?;
    may_search(&client)?;
    let mut m = body(&headers, &bytes)?;
    m.insert("action".into(), json!({"name": USE}));
    let allowed = match prepare(&client, &m)? {
        Prepared::Ask(q) => pdp.toegang.decide(&q).await?.is_allowed(),
        Prepared::Refused(_) => false,
    };
    let results: Vec<Value> = if allowed { vec![json!({"name": USE})] } else { vec![] };
    Ok(Json(json!({"page": {"next_token": ""}, "results": results})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_go_back_and_forth_and_foreign_ones_are_refused() {
        assert_eq!(decode_token(&encode_token(42)), Some(42));
        assert_eq!(decode_token("not-a-token"), None);
        assert_eq!(decode_token(&encode_token(0)), None);
    }

    #[test]
    fn an_entity_needs_its_type_and_id_as_strings() {
        let m = |v: Value| v.as_object().unwrap().clone();
        assert!(entity(&m(json!({"subject": {"type": "user", "id": "x"}})), "subject", false).is_ok());
        assert!(entity(&m(json!({"subject": {"type": "user"}})), "subject", false).is_err());
        assert!(entity(&m(json!({"subject": {"type": "user"}})), "subject", true).is_ok());
        assert!(entity(&m(json!({"subject": {"id": "x"}})), "subject", false).is_err());
        assert!(entity(&m(json!({"subject": "alice"})), "subject", false).is_err());
        assert!(entity(&m(json!({"subject": {"type": 1, "id": "x"}})), "subject", false).is_err());
        assert!(entity(&m(json!({"subject": {"type": "user", "id": "x", "properties": 3}})), "subject", false).is_err());
    }

    #[test]
    fn the_semantic_is_one_of_three() {
        let m = |v: Value| v.as_object().unwrap().clone();
        assert!(semantic(&m(json!({}))).ok() == Some(Semantic::ExecuteAll));
        assert!(semantic(&m(json!({"options": {"evaluations_semantic": "deny_on_first_deny"}}))).ok() == Some(Semantic::DenyOnFirstDeny));
        assert!(semantic(&m(json!({"options": {"evaluations_semantic": "permit_on_first_permit", "other": 1}}))).ok() == Some(Semantic::PermitOnFirstPermit));
        assert!(semantic(&m(json!({"options": {"evaluations_semantic": "sometimes"}}))).is_err());
    }
}
