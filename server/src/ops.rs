//! Operations (issue 12): liveness (`/healthz`), readiness (`/readyz`: the database
//! answers and carries every migration), Prometheus metrics (`/metrics`: requests and
//! their latencies per route and server function, the database pool, the outbox), a
//! request id on every request's log lines and answer, and the shutdown signal.

use crate::config::MetricsAccess;
use crate::security::ClientAddr;
use crate::store::Store;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The header that carries a request's id (from a trusted front, or made here).
pub const REQUEST_ID: &str = "x-request-id";

/// `GET /healthz`: the process answers.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: the database answers and is migrated; 503 otherwise (a load balancer
/// sends nothing here until then).
pub async fn readyz(store: Arc<dyn Store>) -> Response {
    match store.health().await {
        Ok(h) if h.migrated => (StatusCode::OK, "ready\n").into_response(),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not migrated\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

/// The process's metrics recorder (one per process: the `metrics` facade is global).
fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ])
            .expect("valid buckets")
            .build_recorder();
        let handle = recorder.handle();
        // A test process builds many servers: the first one installs the recorder.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// `GET /metrics` (Prometheus text format), for whom `TOEGANG_METRICS` allows.
pub async fn serve_metrics(
    State((store, access)): State<(Arc<dyn Store>, MetricsAccess)>,
    client: Option<axum::Extension<ClientAddr>>,
) -> Response {
    let allowed = match access {
        MetricsAccess::Open => true,
        MetricsAccess::Local => client.is_some_and(|c| c.0 .0.is_loopback()),
        MetricsAccess::Off => false,
    };
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    match store.health().await {
        Ok(h) => {
            metrics::gauge!("toegang_db_connections").set(h.connections as f64);
            metrics::gauge!("toegang_db_connections_idle").set(h.idle_connections as f64);
            metrics::gauge!("toegang_outbox_unsent_messages").set(h.unsent_messages as f64);
            metrics::gauge!("toegang_db_up").set(1.0);
        }
        Err(_) => metrics::gauge!("toegang_db_up").set(0.0),
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        recorder().render(),
    )
        .into_response()
}

/// Counts every request and its latency, by route (the route's pattern, or the server
/// function's path) and status class; makes sure the recorder exists.
pub async fn measure(req: Request, next: Next) -> Response {
    let _ = recorder();
    let route = route_of(&req);
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = format!("{}xx", res.status().as_u16() / 100);
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("toegang_http_requests_total", &labels).increment(1);
    metrics::histogram!("toegang_http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    res
}

/// A bounded label: a server function's path (`/api/add_user`), a route's pattern
/// (`/groepen/{group}`), a static file's folder, else `other`.
fn route_of(req: &Request) -> String {
    let path = req.uri().path();
    if let Some(name) = path.strip_prefix("/api/") {
        if !name.is_empty() && name.len() <= 40 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return path.to_owned();
        }
        return "/api/other".to_owned();
    }
    if let Some(m) = req.extensions().get::<MatchedPath>() {
        return m.as_str().to_owned();
    }
    if path.starts_with("/pkg/") {
        return "/pkg".to_owned();
    }
    "other".to_owned()
}

/// Gives every request an id (a trusted front's `X-Request-Id` is not trusted: a client
/// could forge it; a fresh one is made), puts it on every log line of the request (a
/// tracing span), and into the answer.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    // A decision client's own id comes back to it, as AuthZEN requires (§10.1.3); the
    // log lines keep ours, with theirs beside it.
    let theirs = req
        .uri()
        .path()
        .starts_with("/access/")
        .then(|| req.headers().get(REQUEST_ID).cloned())
        .flatten()
        .filter(|v| {
            let b = v.as_bytes();
            (1..=128).contains(&b.len()) && b.iter().all(|c| c.is_ascii_graphic())
        });
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(REQUEST_ID, v);
    }
    let span = tracing::info_span!("request", request_id = %id, client_request_id = tracing::field::Empty, method = %req.method(), path = %req.uri().path());
    if let Some(theirs) = theirs.as_ref().and_then(|v| v.to_str().ok()) {
        span.record("client_request_id", theirs);
    }
    let mut res = tracing::Instrument::instrument(next.run(req), span).await;
    match theirs {
        Some(v) => {
            res.headers_mut().insert(REQUEST_ID, v);
        }
        None => {
            if let Ok(v) = HeaderValue::from_str(&id) {
                res.headers_mut().insert(REQUEST_ID, v);
            }
        }
    }
    res
}

/// Resolves on SIGTERM (the orchestrator's stop) or Ctrl-C: the server then stops
/// accepting, finishes the requests in flight, and exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("stopping: finishing the requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str) -> Request {
        Request::builder().uri(path).body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn route_labels_stay_few() {
        assert_eq!(route_of(&req("/api/add_user")), "/api/add_user");
        assert_eq!(route_of(&req("/api/../../etc")), "/api/other");
        assert_eq!(route_of(&req(&format!("/api/{}", "x".repeat(100)))), "/api/other");
        assert_eq!(route_of(&req("/pkg/toegang.wasm")), "/pkg");
        assert_eq!(route_of(&req("/some/unknown/85073003328")), "other");
    }
}
