//! Toegang's server: Axum + Leptos, storage behind [`store::Store`], sessions in the
//! database, the demo identity provider in demo mode.

pub mod api_v1;
pub mod auth;
pub mod chaman;
pub mod cli;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod demo;
pub mod language;
pub mod ebox;
pub mod limits;
pub mod logbook;
pub mod ops;
pub mod outbox;
pub mod seal;
pub mod security;
pub mod service;
pub mod shell;
pub mod authzen;
pub mod store;

use app::port::Backend;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use clock::{Clock, SystemClock};
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use store::{Database, Store};
use tower_sessions::cookie::SameSite;
use auth::session_store::FinalSessionStore;
use axum::middleware::from_fn_with_state;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Opens the database, seeds the demo data in demo mode, and builds the whole application.
pub async fn build(config: &Config, leptos_options: LeptosOptions) -> anyhow_like::Result<Router> {
    build_with_clock(config, leptos_options, Arc::new(SystemClock)).await
}

/// [`build`] with the clock the application decides by (tests pass a fixed one).
pub async fn build_with_clock(
    config: &Config,
    leptos_options: LeptosOptions,
    clock: Arc<dyn Clock>,
) -> anyhow_like::Result<Router> {
    let database = Database::open(&config.database_url).await?;
    let sessions = FinalSessionStore::new(&database).await?;
    let store: Arc<dyn Store> = database.store();
    let key = match config.secret_key {
        Some(k) => k,
        None => seal::demo_key(&config.database_url)?,
    };
    let sealer = seal::Sealer::new(&key);
    // SMTP and the SMS gateway when configured; in demo mode the log stands in for a
    // missing one; otherwise messages wait (`server outbox` shows them).
    if let Some(channels) = delivery::Channels::from_config(&config.delivery, config.demo)? {
        outbox::spawn(
            store.clone(),
            channels,
            clock.clone(),
            sealer.clone(),
            std::time::Duration::from_secs(2),
        );
    }
    if config.demo {
        demo::seed(store.as_ref(), clock.now()).await?;
    }
    let oidc = match &config.oidc {
        Some(c) => Some(Arc::new(auth::oidc::Oidc::new(c.clone())?)),
        None => None,
    };
    let toegang = Arc::new(
        service::Toegang::new(
            store.clone(),
            clock.clone(),
            config.demo,
            oidc.as_ref().map(|o| o.label().to_owned()),
        )
        .with_sealer(sealer)
        .with_retention(config.retention),
    );
    let sealed = toegang.seal_stored_secrets().await?;
    if sealed > 0 {
        tracing::info!(sealed, "TOTP secrets stored in the clear are sealed now");
    }
    let backend: Arc<dyn Backend> = toegang.clone();
    spawn_housekeeping(sessions.clone(), toegang.clone());

    // Over https the cookie is `__Host-` (Secure, whole site, this host only); plain http
    // only on loopback (development).
    let cookie = if config.secure_cookies() {
        "__Host-toegang"
    } else {
        "toegang_session"
    };
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(cookie)
        .with_http_only(true)
        .with_secure(config.secure_cookies())
        .with_path("/")
        .with_same_site(SameSite::Lax)
        // Every request renews the 30 minutes of inactivity, not only those that write.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(30)));

    let guard = Arc::new(security::Guard::new(config, clock.clone()));
    let routes = routes();
    let t = || toegang.clone();
    let mut auth_routes = Router::new()
        .route("/auth/afmelden", post(auth::sign_out))
        .route(
            "/auth/wachtwoord",
            post({
                let t = t();
                move |session, client, form| {
                    auth::password::sign_in(t.clone(), session, client, form)
                }
            }),
        )
        .route(
            "/auth/wachtwoord-wijzigen",
            post({
                let t = t();
                move |session, form| auth::password::change_password(t.clone(), session, form)
            }),
        )
        .route(
            "/auth/authenticator",
            post({
                let t = t();
                move |session, form| auth::password::confirm_totp(t.clone(), session, form)
            }),
        )
        .route(
            "/auth/onderneming",
            post({
                let t = t();
                move |session, form| auth::choose_enterprise(t.clone(), session, form)
            }),
        );
    if let Some(oidc) = oidc {
        let o = oidc.clone();
        auth_routes = auth_routes
            .route(
                "/auth/oidc",
                post(move |session| auth::oidc::start(o.clone(), session)),
            )
            .route(
                "/auth/oidc/terug",
                get({
                    let t = t();
                    move |session, query| {
                        auth::oidc::callback(oidc.clone(), t.clone(), session, query)
                    }
                }),
            );
    }
    auth_routes = auth_routes.route(
        "/ebox/{document}/bijlagen/{attachment}",
        get({
            let t = t();
            move |path, who, headers| ebox::download(t.clone(), path, who, headers)
        }),
    );
    auth_routes = auth_routes.route(
        "/logboek.csv",
        get({
            let t = t();
            move |who, query, headers| logbook::export(t.clone(), who, query, headers)
        }),
    );
    let worker = shell::service_worker(&leptos_options.site_root);
    let offline_page = shell::offline_page(&leptos_options);
    let (site_root, pkg_dir) = (
        leptos_options.site_root.to_string(),
        leptos_options.site_pkg_dir.to_string(),
    );
    auth_routes = auth_routes.route(
        "/sw.js",
        get(move || std::future::ready(shell::serve(worker.as_deref()))),
    );
    auth_routes = auth_routes.route(
        "/offline.html",
        get(move || std::future::ready(shell::serve_offline_page(offline_page.as_deref()))),
    );
    auth_routes = auth_routes.route(
        "/taal",
        post({
            let t = t();
            move |who, form| language::choose(t.clone(), who, form)
        }),
    );
    {
        let s = store.clone();
        auth_routes = auth_routes
            .route("/healthz", get(ops::healthz))
            .route("/readyz", get(move || ops::readyz(s.clone())))
            .route(
                "/metrics",
                get(ops::serve_metrics).with_state((store.clone(), config.metrics)),
            );
    }
    auth_routes = auth_routes.route(
        shell::OFFLINE_WORDS,
        get(|| std::future::ready(shell::serve_offline_words())),
    );
    if config.demo {
        let t = t();
        auth_routes = auth_routes.route(
            "/auth/demo",
            post(move |session, form| auth::demo::sign_in(t.clone(), session, form)),
        );
    }
    let pages = Router::new()
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            {
                let backend = backend.clone();
                move || {
                    provide_context(backend.clone());
                    provide_csp_nonce();
                }
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide_csp_nonce,
            shell,
        ))
        .with_state(leptos_options)
        .merge(auth_routes)
        .merge(shell::static_files(&site_root, &pkg_dir))
        .layer(axum::middleware::from_fn(security::require_owner))
        .layer(axum::middleware::from_fn(auth::carry_flash))
        .layer(from_fn_with_state(config.secure_cookies(), language::keep_choice))
        .layer(axum::middleware::from_fn(auth::keep_form_errors))
        .layer(from_fn_with_state(guard.clone(), security::log_refusals))
        .layer(from_fn_with_state(
            auth::SessionRules {
                clock: clock.clone(),
                lifetime: config.session_lifetime,
            },
            auth::resolve_signed_in,
        ))
        .layer(session_layer)
        .layer(from_fn_with_state(guard.clone(), security::require_same_origin))
        .layer(from_fn_with_state(guard.clone(), security::resolve_client));
    // The decision API for the online services: servers with a bearer token, so no
    // session, no cookie and no same-origin check (DESIGN.md §4a).
    let app = pages
        .merge(authzen::router(toegang.clone(), config.public_url.origin()))
        .merge(api_v1::router(toegang.clone()))
        .layer(axum::middleware::from_fn(security::refuse_nul))
        .layer(from_fn_with_state(guard, security::protective_headers))
        .layer(axum::middleware::from_fn(ops::measure))
        .layer(axum::middleware::from_fn(ops::request_id))
        // A panic answers 500 instead of dropping the connection (a bug, never input).
        .layer(tower_http::catch_panic::CatchPanicLayer::new());
    Ok(app)
}

/// Gives Leptos' scripts this request's Content-Security-Policy nonce
/// (`security::protective_headers` made it and puts it into the policy).
fn provide_csp_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<security::CspNonce>().cloned());
    if let Some(n) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n.0));
    }
}

/// The application's routes, generated once per process and then reused.
///
/// Generating them renders the app with resource loading suppressed, and leptos keeps that
/// switch in one process-wide flag: a page rendered by another application in the same
/// process while a second list was generated would wait for its data for ever (the tests
/// run many servers in one process). Generated once, before the first server can answer,
/// the window never opens again.
pub fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Hourly: delete expired sessions, idempotency keys older than two days, failed sign-ins
/// older than a day, sent outbox messages older than thirty days, e-Box documents past
/// their retention and audit rows past theirs (R14); send the e-Box's daily notifications.
fn spawn_housekeeping(sessions: FinalSessionStore, toegang: Arc<service::Toegang>) {
    use tower_sessions_core::ExpiredDeletion;
    let hour = std::time::Duration::from_secs(3600);
    // The first round an hour after start: a server that just started has nothing to clean,
    // and its first requests do not race the clean-up for the database's write lock.
    tokio::spawn(async move {
        tokio::time::sleep(hour).await;
        if let Err(e) = sessions.continuously_delete_expired(hour).await {
            tracing::error!(error = %e, "session clean-up stopped");
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            tick.tick().await;
            if let Err(e) = toegang.run_hourly().await {
                tracing::error!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// A boxed error for start-up.
pub mod anyhow_like {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
