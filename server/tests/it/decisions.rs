//! The decision API for the online services (DESIGN.md §4a, OpenID AuthZEN 1.0): the
//! specification's request and response shapes, every rule's allow and deny through the
//! endpoint, clients and their scope, and changes reflected by the very next decision.

use crate::common::*;
use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use server::demo::{managers, staff_number, ENTERPRISE_NUMBER, OUTSIDER};

const ALL: &str = "ebox,contactdata,chaman,dimona,dmfa";

/// Registers a client through the operator command; returns its token.
async fn register(s: &TestServer, name: &str, services: &str, search: bool) -> String {
    let mut args = vec!["register-client", "--name", name, "--services", services];
    if search {
        args.push("--search");
    }
    let (code, out) = operator(s, &args).await;
    assert_eq!(code, 0, "{out}");
    out.lines().nth(1).expect("the token on the second line").trim().to_owned()
}

struct Pep {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Pep {
    fn new(s: &TestServer, token: &str) -> Pep {
        Pep {
            http: reqwest::Client::new(),
            base: s.url(""),
            token: token.to_owned(),
        }
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// One evaluation: may `subject` use `service` for the demo enterprise?
    async fn may(&self, subject: &str, service: &str) -> Value {
        let (status, body) = self.post("/access/v1/evaluation", &question(subject, service)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

fn question(subject: &str, service: &str) -> Value {
    json!({
        "subject": {"type": "user", "id": subject},
        "action": {"name": "use"},
        "resource": {"type": "online_service", "id": service,
                     "properties": {"enterprise": ENTERPRISE_NUMBER}},
    })
}

fn allowed(answer: &Value) -> bool {
    answer["decision"] == json!(true)
}

async fn change(c: &reqwest::Client, s: &TestServer, nn: &str, what: &str) {
    let k = key();
    let form = [("group", "werkgever"), ("national_number", nn), ("change", what), ("idempotency_key", &k)];
    let (status, body) = call(c, s, "change_membership", &form).await;
    assert_eq!(status, StatusCode::OK, "{what}: {body}");
}

#[tokio::test]
async fn the_metadata_names_every_endpoint_of_this_server() {
    let s = TestServer::start().await;
    let meta: Value = reqwest::get(s.url("/.well-known/authzen-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pdp = meta["policy_decision_point"].as_str().unwrap().to_owned();
    assert!(!pdp.ends_with('/'), "{pdp}");
    for (key, path) in [
        ("access_evaluation_endpoint", "/access/v1/evaluation"),
        ("access_evaluations_endpoint", "/access/v1/evaluations"),
        ("search_subject_endpoint", "/access/v1/search/subject"),
        ("search_resource_endpoint", "/access/v1/search/resource"),
        ("search_action_endpoint", "/access/v1/search/action"),
    ] {
        assert_eq!(meta[key], json!(format!("{pdp}{path}")), "{key}");
    }
}

#[tokio::test]
async fn only_registered_clients_ask_and_each_about_its_own_services() {
    let s = TestServer::start().await;
    let anonymous = Pep::new(&s, "");
    let (status, _) = anonymous.post("/access/v1/evaluation", &question(MAM, "ebox")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let guessed = Pep::new(&s, "tgz_not-a-token");
    let res = guessed
        .http
        .post(s.url("/access/v1/evaluation"))
        .bearer_auth("tgz_not-a-token")
        .json(&question(MAM, "ebox"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers()[header::WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer"));

    let token = register(&s, "dimona-service", "dimona,contactdata", false).await;
    let dimona = Pep::new(&s, &token);
    assert!(dimona.may(MAM, "contactdata").await["decision"].is_boolean());
    // Another service's decision is not this client's business.
    let (status, _) = dimona.post("/access/v1/evaluation", &question(MAM, "ebox")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor are the searches, unless granted.
    let (status, _) = dimona
        .post("/access/v1/search/action", &json!({
            "subject": {"type": "user", "id": MAM},
            "resource": {"type": "online_service", "id": "dimona", "properties": {"enterprise": ENTERPRISE_NUMBER}},
        }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A name is registered once; unknown services are refused.
    let (code, out) = operator(&s, &["register-client", "--name", "dimona-service", "--services", "dimona"]).await;
    assert_eq!(code, 1, "{out}");
    let (code, out) = operator(&s, &["register-client", "--name", "x", "--services", "nothing"]).await;
    assert_eq!(code, 1, "{out}");
    let (_, listed) = operator(&s, &["list-clients"]).await;
    assert!(listed.contains("dimona-service (active"), "{listed}");
    assert!(!listed.contains(&token), "the token is never shown again");

    // Revoked: refused from the very next request.
    let (code, out) = operator(&s, &["revoke-client", "--name", "dimona-service"]).await;
    assert_eq!(code, 0, "{out}");
    let (status, _) = dimona.post("/access/v1/evaluation", &question(MAM, "contactdata")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, listed) = operator(&s, &["list-clients"]).await;
    assert!(listed.contains("dimona-service (revoked"), "{listed}");
}

#[tokio::test]
async fn the_request_shapes_of_the_specification() {
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "shapes", ALL, true).await);
    let mut q = question(MAM, "ebox");
    // Unknown members are ignored.
    q["foo"] = json!("bar");
    q["subject"]["properties"] = json!({"department": "HR"});
    q["context"] = json!({"time": "2026-11-30T10:00:00Z"});
    let (status, body) = pep.post("/access/v1/evaluation", &q).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["decision"].is_boolean());
    // A missing or malformed required member is a Bad Request.
    for broken in [
        json!({"action": {"name": "use"}, "resource": question(MAM, "ebox")["resource"]}),
        json!({"subject": "alice", "action": {"name": "use"}, "resource": question(MAM, "ebox")["resource"]}),
        json!({"subject": {"type": "user"}, "action": {"name": "use"}, "resource": question(MAM, "ebox")["resource"]}),
        json!({"subject": {"type": "user", "id": MAM}, "action": {"name": 123}, "resource": question(MAM, "ebox")["resource"]}),
        json!({"subject": {"type": "user", "id": MAM}, "action": {"name": "use"}, "resource": {"type": "online_service", "id": "ebox"}}),
        json!([1, 2]),
    ] {
        let (status, body) = pep.post("/access/v1/evaluation", &broken).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{broken}: {body}");
    }
    for (content_type, text) in [("application/json", "{not json"), ("text/plain", "{}"), ("application/json", "")] {
        let res = pep
            .http
            .post(s.url("/access/v1/evaluation"))
            .bearer_auth(&pep.token)
            .header(header::CONTENT_TYPE, content_type)
            .body(text)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{content_type} {text}");
    }
    // The caller's request id comes back.
    let res = pep
        .http
        .post(s.url("/access/v1/evaluation"))
        .bearer_auth(&pep.token)
        .header("X-Request-ID", "pep-4711")
        .json(&question(MAM, "ebox"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "pep-4711");
    // Types and actions Toegang does not decide are denied, not errors.
    let mut other = question(MAM, "ebox");
    other["action"]["name"] = json!("delete");
    assert_eq!(pep.post("/access/v1/evaluation", &other).await.1["context"]["refusal"], "unknown_action");
    let mut other = question(MAM, "ebox");
    other["subject"]["type"] = json!("group");
    assert_eq!(pep.post("/access/v1/evaluation", &other).await.1["decision"], json!(false));
    let mut other = question(MAM, "ebox");
    other["resource"]["properties"]["enterprise"] = json!("1000003682");
    assert_eq!(pep.post("/access/v1/evaluation", &other).await.1["context"]["refusal"], "unknown_enterprise");
}

#[tokio::test]
async fn every_rule_allows_and_refuses_through_the_endpoint() {
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "rules", ALL, false).await);
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(30);
    let (status, body) = add(&mam, &s, "werkgever", nn, &["dimona", "ebox"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // R8: a chosen service of an unblocked membership; R7: one not chosen.
    let a = pep.may(nn, "dimona").await;
    assert!(allowed(&a), "{a}");
    assert_eq!(a["context"], json!({"basis": "membership", "group": "werkgever", "rule": "R8"}));
    let a = pep.may(nn, "dmfa").await;
    assert_eq!(a["context"], json!({"refusal": "not_chosen", "groups": ["werkgever"], "rule": "R7"}));
    // Any written form of the national number.
    let dotted = format!("{}.{}.{}-{}.{}", &nn[..2], &nn[2..4], &nn[4..6], &nn[6..9], &nn[9..]);
    assert!(allowed(&pep.may(&dotted, "dimona").await));

    // R11: ContactData for a group manager by the mandate; R12: Chaman for an access
    // manager, not for a group manager; R13: e-Box for the co-main access manager, not
    // for an access manager who is no user.
    let (co_mam, am, gm) = (managers()[0].0, managers()[1].0, managers()[2].0);
    let a = pep.may(gm, "contactdata").await;
    assert_eq!(a["context"]["basis"], "mandate", "{a}");
    assert_eq!(a["context"]["rule"], "R11");
    assert!(allowed(&pep.may(am, "chaman").await));
    let a = pep.may(gm, "chaman").await;
    assert_eq!(a["context"], json!({"refusal": "chaman_not_granted", "rule": "R12"}));
    assert!(allowed(&pep.may(co_mam, "ebox").await));
    let a = pep.may(am, "ebox").await;
    assert_eq!(a["context"], json!({"refusal": "not_a_user", "rule": "R13"}));
    // R9: someone with neither mandate nor membership; unknown people alike.
    for nobody in [OUTSIDER.0, "nobody-at-all"] {
        let a = pep.may(nobody, "contactdata").await;
        assert_eq!(a["context"], json!({"refusal": "not_in_enterprise", "rule": "R9"}), "{nobody}");
    }
    // R3: nothing for a closed enterprise.
    let (code, out) = operator(&s, &["close-enterprise", "--enterprise", ENTERPRISE_NUMBER]).await;
    assert_eq!(code, 0, "{out}");
    let a = pep.may(nn, "dimona").await;
    assert!(!allowed(&a));
    assert_eq!(a["context"]["rule"], "R3");
}

#[tokio::test]
async fn the_very_next_decision_reflects_each_change() {
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "changes", ALL, false).await);
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(31);
    assert_eq!(pep.may(nn, "dimona").await["context"]["refusal"], "not_in_enterprise");
    let (status, body) = add(&mam, &s, "werkgever", nn, &["dimona", "ebox"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(allowed(&pep.may(nn, "dimona").await));
    change(&mam, &s, nn, "Block").await;
    let a = pep.may(nn, "dimona").await;
    assert_eq!(a["context"], json!({"refusal": "blocked", "groups": ["werkgever"], "rule": "R8"}));
    change(&mam, &s, nn, "Unblock").await;
    assert!(allowed(&pep.may(nn, "dimona").await));
    // Services changed: Dimona withdrawn.
    let k = key();
    let form = [("group", "werkgever"), ("national_number", nn), ("services[]", "ebox"), ("idempotency_key", k.as_str())];
    let (status, body) = call(&mam, &s, "change_services", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(pep.may(nn, "dimona").await["context"]["refusal"], "not_chosen");
    assert!(allowed(&pep.may(nn, "ebox").await));
    change(&mam, &s, nn, "Delete").await;
    assert_eq!(pep.may(nn, "ebox").await["context"]["refusal"], "not_in_enterprise");
    // Through another instance on the same database, the same: it asked before the change
    // (and keeps the answer in memory), the change is made on the first instance.
    let other = s.another_instance().await;
    let pep2 = Pep::new(&other, &pep.token);
    assert_eq!(pep2.may(nn, "dimona").await["context"]["refusal"], "not_in_enterprise");
    let (status, body) = add(&mam, &s, "werkgever", nn, &["dimona"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(allowed(&pep2.may(nn, "dimona").await));
}

#[tokio::test]
async fn evaluations_in_batch_with_the_three_semantics() {
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "batch", ALL, false).await);
    // R3: the account is active from the main access manager's first sign-in.
    s.signed_in(MAM).await;
    let resource = |service: &str| {
        json!({"type": "online_service", "id": service, "properties": {"enterprise": ENTERPRISE_NUMBER}})
    };
    // The main access manager is a user of the employer group (demo) with e-Box; no DmfA
    // for the outsider. Defaults at the top, each evaluation overriding what it names.
    let batch = |semantic: Option<&str>| {
        let mut b = json!({
            "subject": {"type": "user", "id": MAM},
            "action": {"name": "use"},
            "evaluations": [
                {"resource": resource("ebox")},
                {"resource": resource("contactdata"), "subject": {"type": "user", "id": OUTSIDER.0}},
                {"resource": resource("contactdata")},
            ],
        });
        if let Some(sem) = semantic {
            b["options"] = json!({"evaluations_semantic": sem});
        }
        b
    };
    let decisions = |body: &Value| -> Vec<bool> {
        body["evaluations"].as_array().unwrap().iter().map(allowed).collect()
    };
    let (status, body) = pep.post("/access/v1/evaluations", &batch(None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(decisions(&body), [true, false, true], "{body}");
    let (_, body) = pep.post("/access/v1/evaluations", &batch(Some("execute_all"))).await;
    assert_eq!(decisions(&body), [true, false, true]);
    let (_, body) = pep.post("/access/v1/evaluations", &batch(Some("deny_on_first_deny"))).await;
    assert_eq!(decisions(&body), [true, false]);
    let (_, body) = pep.post("/access/v1/evaluations", &batch(Some("permit_on_first_permit"))).await;
    assert_eq!(decisions(&body), [true]);
    let (status, _) = pep.post("/access/v1/evaluations", &batch(Some("now_and_then"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Without evaluations: a single evaluation.
    let (status, body) = pep.post("/access/v1/evaluations", &question(MAM, "contactdata")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["decision"], json!(true));
    // One evaluation that lacks a member is a denial with its error; the rest answered.
    let (status, body) = pep
        .post("/access/v1/evaluations", &json!({
            "subject": {"type": "user", "id": MAM},
            "resource": resource("contactdata"),
            "evaluations": [{"action": {"name": "use"}}, {}],
        }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(decisions(&body), [true, false]);
    assert_eq!(body["evaluations"][1]["context"]["error"]["status"], 400);
}

#[tokio::test]
async fn searches_for_who_may_what_and_which() {
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "search", ALL, true).await);
    let mam = s.signed_in(MAM).await;
    for i in 32..37 {
        let (status, body) = add(&mam, &s, "werkgever", staff_number(i), &["dmfa"]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    change(&mam, &s, staff_number(36), "Block").await;
    // Who may use DmfA: the five added but the blocked one, a page of two people at a time.
    let mut found = Vec::new();
    let mut token = String::new();
    for _ in 0..100 {
        let (status, body) = pep
            .post("/access/v1/search/subject", &json!({
                "subject": {"type": "user", "id": "ignored"},
                "action": {"name": "use"},
                "resource": {"type": "online_service", "id": "dmfa", "properties": {"enterprise": ENTERPRISE_NUMBER}},
                "page": {"token": token, "limit": 2},
            }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        for r in body["results"].as_array().unwrap() {
            assert_eq!(r["type"], "user");
            found.push(r["id"].as_str().unwrap().to_owned());
        }
        token = body["page"]["next_token"].as_str().unwrap().to_owned();
        if token.is_empty() {
            break;
        }
    }
    found.sort();
    let mut want: Vec<String> = (32..36).map(|i| staff_number(i).to_owned()).collect();
    want.sort();
    assert_eq!(found, want);
    let (status, _) = pep
        .post("/access/v1/search/subject", &json!({
            "subject": {"type": "user"}, "action": {"name": "use"},
            "resource": {"type": "online_service", "id": "dmfa", "properties": {"enterprise": ENTERPRISE_NUMBER}},
            "page": {"token": "forged"},
        }))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // What a person may use: exactly what one evaluation at a time says.
    let (status, body) = pep
        .post("/access/v1/search/resource", &json!({
            "subject": {"type": "user", "id": staff_number(32)},
            "action": {"name": "use"},
            "resource": {"type": "online_service", "properties": {"enterprise": ENTERPRISE_NUMBER}},
        }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut services: Vec<&str> = body["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    services.sort();
    let mut one_by_one = Vec::new();
    for svc in ALL.split(',') {
        if allowed(&pep.may(staff_number(32), svc).await) {
            one_by_one.push(svc);
        }
    }
    one_by_one.sort();
    assert_eq!(services, one_by_one);
    assert!(services.contains(&"dmfa") && !services.contains(&"dimona"), "{services:?}");

    // What a person may do with a service: use it, or nothing.
    let action = |nn: &str| json!({
        "subject": {"type": "user", "id": nn},
        "resource": {"type": "online_service", "id": "dmfa", "properties": {"enterprise": ENTERPRISE_NUMBER}},
    });
    let (_, body) = pep.post("/access/v1/search/action", &action(staff_number(33))).await;
    assert_eq!(body["results"], json!([{"name": "use"}]));
    let (_, body) = pep.post("/access/v1/search/action", &action(staff_number(36))).await;
    assert_eq!(body["results"], json!([]));
}

#[tokio::test]
async fn the_user_page_explains_each_service_as_the_decision_api_decides() {
    use app::model::UserData;
    use domain::decision::{Basis, Refusal};
    let s = TestServer::start().await;
    let pep = Pep::new(&s, &register(&s, "why", "ebox,contactdata,chaman,dimona,dmfa,drs,mandaatbeheer,limosa,intervat,biztax,belcotax", false).await);
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(30);
    let (status, body) = add(&mam, &s, "werkgever", nn, &["dimona", "ebox"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = add(&mam, &s, "belastingplichtige", nn, &["intervat"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    change(&mam, &s, nn, "Block").await; // in Werkgever only
    let u: UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    // The same answer as the online services get, for every service on the page.
    assert!(u.access.len() >= 8, "{:?}", u.access);
    for a in &u.access {
        let answer = pep.may(nn, &a.service).await;
        assert_eq!(a.reason.is_ok(), allowed(&answer), "{}: {answer}", a.service);
        assert_eq!(json!(a.rule), answer["context"]["rule"], "{}", a.service);
    }
    let of = |svc: &str| u.access.iter().find(|a| a.service == svc).unwrap().reason.clone();
    assert_eq!(of("dimona"), Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));
    assert_eq!(of("intervat"), Ok(Basis::Membership { group: "belastingplichtige".into() }));
    assert_eq!(of("biztax"), Err(Refusal::NotChosen { groups: vec!["belastingplichtige".into()] }));
    assert_eq!(of("ebox"), Ok(Basis::User { group: "belastingplichtige".into() }));

    // The group manager of Werkgever sees that another group grants it, not which.
    let gm = s.signed_in(managers()[2].0).await;
    let u: UserData = call_ok(&gm, &s, "user", &[("national_number", nn)]).await;
    let of = |svc: &str| u.access.iter().find(|a| a.service == svc).unwrap().reason.clone();
    assert_eq!(of("intervat"), Ok(Basis::Membership { group: String::new() }));
    assert_eq!(of("dimona"), Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));

    // Without JavaScript the page says it in words, under "Waarom?".
    let html = mam.get(s.url(&format!("/gebruikers/{nn}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<summary>Waarom?</summary>"), "{html}");
    assert!(html.contains("Geblokkeerd in Werkgever (R8). Deblokkeren geeft de toegang terug."), "{html}");
    assert!(html.contains("in de groep Belastingplichtige, waar de gebruiker niet geblokkeerd is (R8)"), "{html}");
}
