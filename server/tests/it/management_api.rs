//! The management API (`/api/v1`, docs/api.md): API tokens made on their page, shown
//! once and stored hashed, acting as their creator with exactly the creator's scope,
//! refused once revoked, expired or when the creator's mandates change; the pages'
//! operations with the same rules, idempotency keys and audit rows; refusals in one JSON
//! shape; the OpenAPI document.

use crate::common::*;
use app::api::{ApiTokensView, LogbookData, NewApiToken};
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};
use server::demo::staff_number;

const GM_WERKGEVER: usize = 41;

async fn make_token(c: &Client, s: &TestServer, name: &str, days: &str) -> NewApiToken {
    let k = key();
    call_ok(
        c,
        s,
        "create_api_token",
        &[("name", name), ("lifetime", days), ("idempotency_key", &k)],
    )
    .await
}

/// A request of the API with `token`; the status and the JSON answer (`null` when empty).
async fn api(
    s: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    idempotency_key: Option<&str>,
) -> (StatusCode, Value) {
    let c = Client::new();
    let mut req = c
        .request(method, s.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(k) = idempotency_key {
        req = req.header("Idempotency-Key", k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    (status, json)
}

async fn get(s: &TestServer, token: &str, path: &str) -> (StatusCode, Value) {
    api(s, token, reqwest::Method::GET, path, None, None).await
}

async fn post(s: &TestServer, token: &str, path: &str, key: Option<&str>) -> (StatusCode, Value) {
    api(s, token, reqwest::Method::POST, path, None, key).await
}

fn codes(v: &Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {v}"))
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Sends `req` with the token: the status, the content type and the problems' codes.
async fn send(t: &str, req: reqwest::RequestBuilder) -> (StatusCode, Option<String>, Vec<String>) {
    let res = req.bearer_auth(t).send().await.unwrap();
    let status = res.status();
    let ct = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    let v: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    (status, ct, codes(&v))
}

async fn count(s: &TestServer, query: &str) -> i64 {
    crate::database::number(&s.db_url, query).await
}

/// Every text of a query's first column, joined.
async fn dump(s: &TestServer, query: &str) -> String {
    crate::database::column(&s.db_url, query)
        .await
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_token_is_shown_once_stored_hashed_and_its_making_is_audited() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let before = s.audit_rows().await;
    let k = key();
    let form = [("name", " Loonsoftware "), ("lifetime", "30"), ("idempotency_key", k.as_str())];
    let made: NewApiToken = call_ok(&mam, &s, "create_api_token", &form).await;
    assert!(made.token.starts_with("tga_") && made.token.len() > 40, "{made:?}");
    assert_eq!(made.name, "Loonsoftware");
    assert_eq!(s.audit_rows().await, before + 1);
    // Only its SHA-256 is stored, and nothing else holds it.
    let hash = server::service::decisions::token_hash(&made.token);
    assert_eq!(
        count(&s, &format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{hash}'")).await,
        1
    );
    let stored = dump(&s, "SELECT name || token_hash || scope || created_at || expires_at FROM api_tokens").await;
    assert!(!stored.contains(&made.token[4..]), "{stored}");
    let logged = dump(&s, "SELECT target || COALESCE(before, '') || COALESCE(after, '') FROM audit_log").await;
    assert!(!logged.contains(&made.token[4..]));
    // The list names it and never shows it again.
    let (status, body) = call(&mam, &s, "api_tokens", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(&made.token[4..]));
    let view: ApiTokensView = serde_json::from_str(&body).unwrap();
    let row = view.tokens.iter().find(|t| t.id == made.id).unwrap();
    assert_eq!((row.status.as_str(), row.owner.as_str()), ("active", "An Peeters"));
    assert!(row.last_used.is_none() && row.may_revoke);
    // The same submission again makes nothing and shows nothing.
    let (status, e) = call_err(&mam, &s, "create_api_token", &form).await;
    assert_eq!((status, e.codes()), (StatusCode::CONFLICT, "token.shown_once".into()));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM api_tokens").await, 1);
    // Bad input is refused with its codes and changes nothing.
    for (name, days, code) in [
        ("", "30", "token.name_missing"),
        (&"x".repeat(61) as &str, "30", "token.name_too_long"),
        ("Ok", "31", "token.lifetime"),
    ] {
        let k = key();
        let (status, e) = call_err(
            &mam,
            &s,
            "create_api_token",
            &[("name", name), ("lifetime", days), ("idempotency_key", &k)],
        )
        .await;
        assert_eq!((status, e.codes()), (StatusCode::UNPROCESSABLE_ENTITY, code.into()));
    }
    assert_eq!(count(&s, "SELECT COUNT(*) FROM api_tokens").await, 1);
    assert_eq!(s.audit_rows().await, before + 1);
    // Someone without a mandate makes none.
    let user = s.signed_in(staff_number(0)).await;
    let k = key();
    let (status, e) = call_err(
        &user,
        &s,
        "create_api_token",
        &[("name", "x"), ("lifetime", ""), ("idempotency_key", &k)],
    )
    .await;
    assert_eq!((status, e.codes()), (StatusCode::FORBIDDEN, "rule.not_a_manager".into()));
}

#[tokio::test]
async fn the_api_does_what_the_pages_do_with_their_rules_keys_and_audit_rows() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let t = make_token(&mam, &s, "Loonsoftware", "90").await.token;

    let (status, groups) = get(&s, &t, "/groups").await;
    assert_eq!(status, StatusCode::OK, "{groups}");
    let codes_of: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes_of,
        ["belastingplichtige", "dienstverrichter", "sociaal-secretariaat", "werkgever"]
    );

    // Add a user, with a key: a retry is applied once.
    let nn = staff_number(20);
    let before = s.audit_rows().await;
    let body = json!({ "national_number": nn, "services": ["dimona", "ebox"] });
    for _ in 0..2 {
        let (status, v) = api(&s, &t, reqwest::Method::POST, "/groups/werkgever/users", Some(body.clone()), Some("add-20")).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    }
    assert_eq!(s.audit_rows().await, before + 1);
    // The same key with other input is refused.
    let other = json!({ "national_number": staff_number(21), "services": ["ebox"] });
    let (status, v) = api(&s, &t, reqwest::Method::POST, "/groups/werkgever/users", Some(other), Some("add-20")).await;
    assert_eq!((status, codes(&v)), (StatusCode::CONFLICT, vec!["request.replayed".to_owned()]));
    // The rules of the pages: already a member (R6–R10).
    let (status, v) = api(&s, &t, reqwest::Method::POST, "/groups/werkgever/users", Some(body.clone()), None).await;
    assert_eq!((status, codes(&v)), (StatusCode::CONFLICT, vec!["rule.already_member".to_owned()]));

    let (status, page) = get(&s, &t, &format!("/groups/werkgever/users?q={nn}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    assert_eq!(page["users"][0]["services"], json!(["ebox", "dimona"]));
    assert_eq!(page["group_manager"]["name"], "Tom Jacobs");

    // Services, block, unblock through the API; the person's page agrees.
    let (status, _) = api(&s, &t, reqwest::Method::PUT, &format!("/groups/werkgever/users/{nn}/services"), Some(json!({ "services": ["dmfa"] })), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = post(&s, &t, &format!("/groups/werkgever/users/{nn}/block"), Some("b1")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, user) = get(&s, &t, &format!("/users/{nn}")).await;
    assert_eq!(user["memberships"][0]["blocked"], true);
    let dmfa = user["access"].as_array().unwrap().iter().find(|a| a["service"] == "dmfa").unwrap();
    assert_eq!((dmfa["allowed"].clone(), dmfa["rule"].clone(), dmfa["reason"].clone()), (json!(false), json!("R8"), json!("blocked")));
    let (status, v) = post(&s, &t, &format!("/groups/werkgever/users/{nn}/block"), None).await;
    assert_eq!((status, codes(&v)), (StatusCode::CONFLICT, vec!["rule.already_blocked".to_owned()]));
    let (status, _) = post(&s, &t, &format!("/users/{nn}/unblock"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // R10: the main access manager is not blocked here.
    let (status, v) = post(&s, &t, &format!("/users/{MAM}/block"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{v}");

    // Every change names the token in its audit row, and the Logboek says so.
    let (status, log) = get(&s, &t, "/audit?kind=membership").await;
    assert_eq!(status, StatusCode::OK);
    let newest = &log["entries"][0];
    assert_eq!(newest["action"], "membership.block");
    assert_eq!(newest["api_token"], "Loonsoftware");
    assert_eq!(newest["actor"], "An Peeters");
    let page: LogbookData = call_ok(
        &mam,
        &s,
        "logbook",
        &[("filter[actor]", ""), ("filter[person]", nn), ("filter[group]", ""), ("filter[kind]", ""), ("filter[from]", ""), ("filter[until]", "")],
    )
    .await;
    assert!(page.entries.iter().filter(|e| e.action.starts_with("membership") || e.action.starts_with("user")).all(|e| e.api_token.as_deref() == Some("Loonsoftware")));
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM audit_log WHERE api_token_id IS NOT NULL").await,
        4
    );

    // Helpers: appoint and revoke a co-main access manager.
    let helper = staff_number(25);
    let (status, v) = api(&s, &t, reqwest::Method::POST, "/helpers", Some(json!({ "kind": "co_main_access_manager", "national_number": helper })), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    let (_, helpers) = get(&s, &t, "/helpers").await;
    assert!(helpers["co_main_access_managers"].as_array().unwrap().iter().any(|p| p["national_number"] == helper));
    let (status, _) = api(&s, &t, reqwest::Method::DELETE, &format!("/helpers/co_main_access_manager/{helper}"), None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Delete from the group.
    let (status, _) = api(&s, &t, reqwest::Method::DELETE, &format!("/groups/werkgever/users/{nn}"), None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, v) = get(&s, &t, &format!("/users/{nn}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
}

#[tokio::test]
async fn a_token_has_exactly_its_creators_scope_and_stops_when_it_changes() {
    let s = TestServer::start().await;
    // The main access manager's first sign-in activates the enterprise (R3).
    let mam = s.signed_in(MAM).await;
    let gm = s.signed_in(staff_number(GM_WERKGEVER)).await;
    let t = make_token(&gm, &s, "Planning", "30").await.token;
    let (status, groups) = get(&s, &t, "/groups").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["code"], "werkgever");
    // Another group: refused as on the pages, and nothing changes.
    let (status, v) = get(&s, &t, "/groups/belastingplichtige/users").await;
    assert_eq!((status, codes(&v)), (StatusCode::FORBIDDEN, vec!["rule.not_manager_of_group".to_owned()]));
    let before = s.audit_rows().await;
    let victim = staff_number(3); // a user of belastingplichtige
    let (status, _) = post(&s, &t, &format!("/groups/belastingplichtige/users/{victim}/block"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = get(&s, &t, "/helpers").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(s.audit_rows().await, before);
    // The group manager's own group works.
    let (status, _) = post(&s, &t, &format!("/groups/werkgever/users/{}/block", staff_number(0)), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // The main access manager gives the group manager a second mandate: the token, made
    // for one group, stops (its scope never grows silently).
    let k = key();
    let appoint = [("kind", "group_manager"), ("scope", "dienstverrichter"), ("national_number", staff_number(GM_WERKGEVER)), ("idempotency_key", k.as_str())];
    call_ok::<app::lang::Flash>(&mam, &s, "appoint", &appoint).await;
    let (status, v) = get(&s, &t, "/groups").await;
    assert_eq!((status, codes(&v)), (StatusCode::UNAUTHORIZED, vec!["token.scope_changed".to_owned()]));
    // Back to the one mandate: it works again; then the mandate is lost: it stops.
    let k = key();
    let revoke = [("kind", "group_manager"), ("scope", "dienstverrichter"), ("national_number", staff_number(GM_WERKGEVER)), ("idempotency_key", k.as_str())];
    call_ok::<app::lang::Flash>(&mam, &s, "revoke", &revoke).await;
    assert_eq!(get(&s, &t, "/groups").await.0, StatusCode::OK);
    let k = key();
    let revoke = [("kind", "group_manager"), ("scope", "werkgever"), ("national_number", staff_number(GM_WERKGEVER)), ("idempotency_key", k.as_str())];
    call_ok::<app::lang::Flash>(&mam, &s, "revoke", &revoke).await;
    let (status, v) = get(&s, &t, "/groups").await;
    assert_eq!((status, codes(&v)), (StatusCode::UNAUTHORIZED, vec!["token.scope_changed".to_owned()]));
    // The main access manager sees it as no longer working.
    let view: ApiTokensView = call_ok(&mam, &s, "api_tokens", &[]).await;
    assert_eq!(view.tokens[0].status, "scope_changed");
    assert_eq!(view.tokens[0].owner, "Tom Jacobs");
}

#[tokio::test]
async fn revoked_expired_missing_and_unknown_tokens_are_refused() {
    let (s, clock) = TestServer::start_with_fixed_clock(true).await;
    let mam = s.signed_in(MAM).await;
    let gm = s.signed_in(staff_number(GM_WERKGEVER)).await;
    let mine = make_token(&mam, &s, "Kort", "30").await;
    let gms = make_token(&gm, &s, "Van Tom", "90").await;
    assert_eq!(get(&s, &mine.token, "/groups").await.0, StatusCode::OK);
    let view: ApiTokensView = call_ok(&mam, &s, "api_tokens", &[]).await;
    assert!(view.tokens.iter().find(|t| t.id == mine.id).unwrap().last_used.is_some());

    // A group manager sees only their own token and cannot revoke another's.
    let theirs: ApiTokensView = call_ok(&gm, &s, "api_tokens", &[]).await;
    assert_eq!(theirs.tokens.iter().map(|t| t.id).collect::<Vec<_>>(), [gms.id]);
    let k = key();
    let id = mine.id.to_string();
    let (status, e) = call_err(&gm, &s, "revoke_api_token", &[("token", &id), ("idempotency_key", &k)]).await;
    assert_eq!((status, e.codes()), (StatusCode::FORBIDDEN, "token.not_yours".into()));
    // The main access manager revokes the group manager's token: refused at the next use.
    let before = s.audit_rows().await;
    let k = key();
    let id = gms.id.to_string();
    call_ok::<()>(&mam, &s, "revoke_api_token", &[("token", &id), ("idempotency_key", &k)]).await;
    assert_eq!(s.audit_rows().await, before + 1);
    let (status, v) = get(&s, &gms.token, "/groups").await;
    assert_eq!((status, codes(&v)), (StatusCode::UNAUTHORIZED, vec!["token.revoked".to_owned()]));

    // Thirty days later the short one has expired.
    clock.advance(30 * 86_400);
    let (status, v) = get(&s, &mine.token, "/groups").await;
    assert_eq!((status, codes(&v)), (StatusCode::UNAUTHORIZED, vec!["token.expired".to_owned()]));

    // No token, an unknown one, a decision client's token: refused, with the challenge.
    let res = Client::new().get(s.url("/api/v1/groups")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers()[header::WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer"));
    for bad in ["tga_nope", "tgz_whatever", &gms.token.replace("tga_", "tgz_")] {
        let (status, v) = get(&s, bad, "/groups").await;
        assert_eq!((status, codes(&v)), (StatusCode::UNAUTHORIZED, vec!["token.unknown".to_owned()]));
    }
    // A session cookie is no API token.
    let res = mam.get(s.url("/api/v1/groups")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_requests_are_refused_in_json_and_change_nothing() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let t = make_token(&mam, &s, "Test", "").await.token;
    let before = s.audit_rows().await;
    let c = Client::new();
    let json_ct = Some("application/json".to_owned());
    let add = s.url("/api/v1/groups/werkgever/users");
    assert_eq!(
        send(&t, c.post(&add).header(header::CONTENT_TYPE, "application/json").body("{not json")).await,
        (StatusCode::BAD_REQUEST, json_ct.clone(), vec!["request.malformed".to_owned()])
    );
    let (status, _, codes_) = send(&t, c.post(&add).json(&json!({ "national_number": "123", "services": ["dimona"] }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(codes_.iter().all(|c| c.starts_with("national_number.")), "{codes_:?}");
    assert_eq!(
        send(&t, c.get(s.url("/api/v1/groups/werkgever/users?page=abc"))).await,
        (StatusCode::BAD_REQUEST, json_ct.clone(), vec!["request.malformed".to_owned()])
    );
    assert_eq!(
        send(&t, c.get(s.url("/api/v1/no-such-thing"))).await,
        (StatusCode::NOT_FOUND, json_ct.clone(), vec!["not_found.path".to_owned()])
    );
    assert_eq!(
        send(&t, c.patch(s.url("/api/v1/groups"))).await,
        (StatusCode::METHOD_NOT_ALLOWED, json_ct.clone(), vec!["request.method".to_owned()])
    );
    assert_eq!(
        send(&t, c.get(s.url("/api/v1/groups/geen-groep/users"))).await,
        (StatusCode::NOT_FOUND, json_ct.clone(), vec!["not_found.group".to_owned()])
    );
    assert_eq!(
        send(&t, c.post(s.url(&format!("/api/v1/groups/werkgever/users/{}/block", staff_number(0)))).header("Idempotency-Key", "x".repeat(101))).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json_ct.clone(), vec!["request.idempotency_key".to_owned()])
    );
    assert_eq!(
        send(&t, c.get(s.url("/api/v1/audit?from=2026-13-01"))).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json_ct.clone(), vec!["audit.date".to_owned()])
    );
    // A NUL character (which PostgreSQL cannot store in text) anywhere: refused up front,
    // in a body, an address or a form of the pages alike (found by schemathesis).
    let nul_body = json!({ "national_number": "", "services": ["\u{0}"] });
    assert_eq!(
        send(&t, c.post(&add).json(&nul_body)).await,
        (StatusCode::BAD_REQUEST, json_ct.clone(), vec!["request.malformed".to_owned()])
    );
    assert_eq!(
        send(&t, c.get(s.url("/api/v1/groups/werkgever/users?q=a%00b"))).await,
        (StatusCode::BAD_REQUEST, json_ct, vec!["request.malformed".to_owned()])
    );
    let k = key();
    let (status, body) = call(&mam, &s, "add_user", &[("group", "werkgever"), ("national_number", staff_number(22)), ("services[]", "eb\0ox"), ("idempotency_key", &k)]).await;
    assert_eq!((status, code_of(&body)), (StatusCode::BAD_REQUEST, "request.malformed".into()));
    assert_eq!(s.audit_rows().await, before);
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let s = TestServer::start().await;
    let res = Client::new().get(s.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let ops: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, item)| item.as_object().unwrap().keys().map(move |m| format!("{m} {p}")))
        .collect();
    for op in [
        "get /api/v1/groups",
        "get /api/v1/groups/{group}/users",
        "post /api/v1/groups/{group}/users",
        "put /api/v1/groups/{group}/users/{national_number}/services",
        "post /api/v1/groups/{group}/users/{national_number}/block",
        "post /api/v1/groups/{group}/users/{national_number}/unblock",
        "delete /api/v1/groups/{group}/users/{national_number}",
        "get /api/v1/users",
        "get /api/v1/users/{national_number}",
        "post /api/v1/users/{national_number}/block",
        "post /api/v1/users/{national_number}/unblock",
        "delete /api/v1/users/{national_number}",
        "get /api/v1/helpers",
        "post /api/v1/helpers",
        "delete /api/v1/helpers/{kind}/{national_number}",
        "get /api/v1/audit",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} missing from {ops:?}");
    }
    // Every operation documents its refusals in the one JSON shape.
    let block = &doc["paths"]["/api/v1/groups/{group}/users/{national_number}/block"]["post"];
    for status in ["204", "401", "403", "404", "409", "422"] {
        assert!(block["responses"][status].is_object(), "{status}");
    }
}

/// A bounded run of schemathesis (from PyPI, in the virtual environment README command 2
/// makes: `TOEGANG_SCHEMATHESIS` names it) against the served OpenAPI document, as the main
/// access manager's token: every operation, with examples, boundary values and random
/// (also invalid) input; no answer may be a server error, leave the documented statuses,
/// content types and schemas, or be served without a token.
#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_outside_the_schema() {
    let Ok(st) = std::env::var("TOEGANG_SCHEMATHESIS") else {
        eprintln!("schemathesis not run: TOEGANG_SCHEMATHESIS is not set (scripts/test sets it)");
        return;
    };
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let token = make_token(&mam, &s, "schemathesis", "30").await.token;
    let args: Vec<String> = [
        "run",
        &s.url("/api/v1/openapi.json"),
        "--url",
        &s.base,
        "--header",
        &format!("Authorization: Bearer {token}"),
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,\
         response_headers_conformance,response_schema_conformance,ignored_auth",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        "25",
        "--seed",
        "20261130",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--no-color",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    let dir = std::env::temp_dir();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(st)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("schemathesis runs")
    })
    .await
    .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It really tested the operations (not an empty run).
    assert!(report.contains("passed"), "{report}");
}

/// Issue 14: a leaver deleted from every group through the API, with the same rule as the
/// page (a manager of every group the user is in, never the main access manager).
#[tokio::test]
async fn a_leaver_is_deleted_from_every_group_through_the_api() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await; // the first sign-in activates the enterprise
    let am = s.signed_in(staff_number(40)).await; // access manager of Sociale zekerheid
    let t = make_token(&am, &s, "HR", "90").await.token;
    let leaver = staff_number(0); // also in Belastingplichtige (Fiscaliteit)
    let path = format!("/users/{leaver}");
    let (status, v) = api(&s, &t, reqwest::Method::DELETE, &path, None, None).await;
    assert_eq!((status, codes(&v)), (StatusCode::FORBIDDEN, vec!["rule.not_manager_of_every_group".to_owned()]));
    let t = make_token(&mam, &s, "HR", "90").await.token;
    let (status, _) = api(&s, &t, reqwest::Method::DELETE, &path, None, Some("leaver-1")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = get(&s, &t, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(&s, &t, reqwest::Method::DELETE, &format!("/users/{MAM}"), None, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
