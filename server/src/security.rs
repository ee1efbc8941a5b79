//! Request guards shared by every route: the client's address, the same-origin check on
//! every mutating request, the security log of refused authorisations with its limit per
//! person, and protective response headers (Content-Security-Policy, HSTS, no-store).
//! (The status of a server function's error comes from the error's kind, in `app::error`.)

use crate::clock::Clock;
use crate::config::{Config, IpNet};
use crate::limits::RateLimiter;
use app::api::ApiError;
use app::port::{SignedIn, REFUSAL_HEADER};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// Refused authorisations one person may cause per window before every request of theirs
/// is refused until the window ends (`SECURITY.md`).
pub const REFUSALS_PER_WINDOW: u32 = 30;
pub const REFUSAL_WINDOW_SECONDS: i64 = 10 * 60;

/// What the guards know: the public origin, whether browsers come over https, which
/// proxies may name the client, and the per-person count of refused authorisations.
pub struct Guard {
    pub origin: String,
    pub https: bool,
    pub trusted_proxies: Vec<IpNet>,
    pub clock: Arc<dyn Clock>,
    pub refusals: RateLimiter<i64>,
}

impl Guard {
    pub fn new(config: &Config, clock: Arc<dyn Clock>) -> Guard {
        Guard {
            origin: config.public_url.origin(),
            https: config.public_url.https,
            trusted_proxies: config.trusted_proxies.clone(),
            clock,
            refusals: RateLimiter::new(REFUSALS_PER_WINDOW, REFUSAL_WINDOW_SECONDS),
        }
    }
}

/// The client's address as the rate limits see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The per-request nonce of the Content-Security-Policy (given to Leptos' scripts).
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The client behind `peer`: the peer itself, unless it is a trusted proxy; then the
/// right-most address in `X-Forwarded-For` that is not a trusted proxy (what a client
/// writes further left could be forged).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// Puts the [`ClientAddr`] into the request's extensions.
pub async fn resolve_client(State(guard): State<Arc<Guard>>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    let client = client_address(peer, forwarded, &guard.trusted_proxies);
    req.extensions_mut().insert(ClientAddr(client));
    next.run(req).await
}

/// Whether a request comes from this site: its `Origin` (sent by browsers on every POST)
/// must be the configured public origin, scheme, host and port (never compared with the
/// `Host` header, which the client chooses). Without `Origin`, `Sec-Fetch-Site` must not
/// say cross-site. A request with neither header does not come from a browser and so
/// cannot ride on a victim's session cookie (which is also `SameSite=Lax`).
pub fn same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("").trim_end_matches('/');
        return origin.eq_ignore_ascii_case(public_origin);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Refuses cross-site mutating requests (everything but GET, HEAD and OPTIONS).
pub async fn require_same_origin(
    State(guard): State<Arc<Guard>>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers(), &guard.origin)
    {
        return next.run(req).await;
    }
    tracing::warn!(target: "toegang::security", uri = %req.uri(), "cross-origin request refused");
    let body =
        serde_json::to_string(&ApiError::forbidden("request.cross_origin")).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// A change made in a browser names its owner (`x-toegang-owner: {person}.{enterprise}`,
/// `app::offline`); sent within another person's or enterprise's session (a queue replayed
/// after someone else signed in), it is refused with `request.other_owner` before anything
/// runs. Without a session it goes on, to be answered `auth.required` (the queue waits).
pub async fn require_owner(req: Request, next: Next) -> Response {
    if let (Some(owner), Some(who)) = (
        req.headers().get(app::offline::client::OWNER_HEADER),
        req.extensions().get::<SignedIn>(),
    ) {
        let expected = format!("{}.{}", who.person_id, who.enterprise_id);
        if owner.to_str().ok() != Some(expected.as_str()) {
            let body = serde_json::to_string(&ApiError::conflict("request.other_owner"))
                .unwrap_or_default();
            return (
                StatusCode::CONFLICT,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// The security log of refused authorisations, and their limit per person. A refusal is
/// logged after the answer was made, so never under the refused request's write lock
/// (which ended with its transaction); a person who causes too many is refused at once,
/// before any page or server function runs, until the window ends.
pub async fn log_refusals(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let who = req.extensions().get::<SignedIn>().cloned();
    let client = req.extensions().get::<ClientAddr>().map(|c| c.0);
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    if let Some(who) = &who {
        if guard.refusals.exhausted(&who.person_id, guard.clock.now()) {
            tracing::warn!(
                target: "toegang::security",
                person = who.person_id, enterprise = who.enterprise_id, %method, path,
                "request refused: too many refused authorisations"
            );
            let body = serde_json::to_string(&ApiError::of(
                domain::ErrorKind::Throttled,
                "request.too_many_refusals",
            ))
            .unwrap_or_default();
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
    }
    let mut res = next.run(req).await;
    if let Some(code) = res.headers_mut().remove(REFUSAL_HEADER) {
        let code = code.to_str().unwrap_or("");
        let person = who.as_ref().map(|w| w.person_id);
        let enterprise = who.as_ref().map(|w| w.enterprise_id);
        tracing::warn!(
            target: "toegang::security",
            event = "authorisation_refused",
            ?person, ?enterprise, client = ?client, %method, path, code,
            "authorisation refused"
        );
        if let Some(who) = who {
            guard.refusals.allow(&who.person_id, guard.clock.now());
        }
    }
    res
}

/// The Content-Security-Policy of a page: scripts only from this site or with this
/// request's nonce (Leptos' hydration script), WebAssembly compiled from those, nothing
/// inline otherwise, no framing, no plugins.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'"
    )
}

/// Whether a path is a static asset of the built site (cacheable).
fn static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

/// Headers on every response: a Content-Security-Policy with a fresh nonce, HSTS over
/// https, no sniffing, no framing, the referrer kept on this site; nothing but the site's
/// static assets may be cached (pages, JSON answers and attachments are `no-store`, so
/// that Back never shows a stale form with a used key and nothing personal stays in a
/// shared cache).
pub async fn protective_headers(
    State(guard): State<Arc<Guard>>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = {
        use base64::Engine;
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
    };
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let cacheable = static_asset(req.uri().path());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if guard.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_compares_with_the_public_origin_not_the_host_header() {
        let site = "http://127.0.0.1:3000";
        assert!(same_origin(
            &headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]),
            site
        ));
        assert!(!same_origin(
            &headers(&[("host", "evil.example"), ("origin", "http://evil.example")]),
            site
        ), "a Host header chosen by the client changes nothing");
        assert!(!same_origin(
            &headers(&[("origin", "https://127.0.0.1:3000")]),
            site
        ), "the scheme counts");
        assert!(!same_origin(&headers(&[("origin", "http://127.0.0.1:3001")]), site), "the port counts");
        assert!(!same_origin(&headers(&[("origin", "null")]), site));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")]), site));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), site));
        assert!(same_origin(&headers(&[]), site));
    }

    #[test]
    fn the_client_is_the_peer_unless_a_trusted_proxy_names_it() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxies = [IpNet::parse("10.0.0.0/8").unwrap()];
        // An untrusted peer cannot name another client.
        assert_eq!(client_address(ip("203.0.113.9"), Some("1.2.3.4"), &proxies), ip("203.0.113.9"));
        // A trusted proxy names the client; what the client forged further left is ignored.
        assert_eq!(
            client_address(ip("10.0.0.2"), Some("6.6.6.6, 198.51.100.7, 10.0.0.3"), &proxies),
            ip("198.51.100.7")
        );
        assert_eq!(client_address(ip("10.0.0.2"), None, &proxies), ip("10.0.0.2"));
        assert_eq!(client_address(ip("10.0.0.2"), Some("garbage"), &proxies), ip("10.0.0.2"));
        assert_eq!(client_address(ip("127.0.0.1"), Some("1.2.3.4"), &[]), ip("127.0.0.1"));
    }

    #[test]
    fn the_policy_allows_only_this_sites_scripts_and_the_nonce() {
        let csp = content_security_policy("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}

/// The token of an `Authorization: Bearer …` header (the decision API's clients, the
/// management API's tokens), if there is one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The most a form or JSON body may hold (as axum's extractors allow).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Whether a request's text holds a NUL character: raw, `%00` (address, form) or
/// `\u0000` (JSON).
fn holds_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"))
        || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
}

/// No input of Toegang may hold a NUL character (no name, number, search or key has one,
/// and PostgreSQL cannot store one in text): a request whose address, form or JSON body
/// holds one is refused before any route reads it (`400 request.malformed`), so that it
/// changes nothing and never reaches the database.
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let refuse = |api: bool| -> Response {
        if api {
            crate::api_v1::Problem::of(StatusCode::BAD_REQUEST, "request.malformed").into_response()
        } else {
            (StatusCode::BAD_REQUEST, axum::Json(ApiError::invalid("request.malformed"))).into_response()
        }
    };
    let api = req.uri().path().starts_with(crate::api_v1::PREFIX);
    if holds_nul(req.uri().to_string().as_bytes()) {
        return refuse(api);
    }
    let textual = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded") || t.contains("json"));
    if !textual {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return if api {
            crate::api_v1::Problem::of(StatusCode::PAYLOAD_TOO_LARGE, "request.too_large").into_response()
        } else {
            StatusCode::PAYLOAD_TOO_LARGE.into_response()
        };
    };
    if holds_nul(&bytes) {
        return refuse(api);
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

#[cfg(test)]
mod nul_tests {
    #[test]
    fn nul_in_any_written_form_is_found() {
        for bad in [&b"a\0b"[..], b"q=%00", b"q=%00x", b"{\"a\":\"\\u0000\"}", b"{\"a\":\"\\U0000\"}"] {
            assert!(super::holds_nul(bad), "{bad:?}");
        }
        for good in [&b"q=%20"[..], b"{\"a\":\"\\u0020\"}", b"100%", b"plain"] {
            assert!(!super::holds_nul(good), "{good:?}");
        }
    }
}
