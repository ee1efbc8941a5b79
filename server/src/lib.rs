//! Toegang's server: Axum + Leptos, storage behind [`store::Store`], sessions in the
//! database, the demo identity provider in demo mode.

pub mod auth;
pub mod chaman;
pub mod cli;
pub mod config;
pub mod demo;
pub mod ebox;
pub mod outbox;
pub mod security;
pub mod service;
pub mod store;

use app::backend::Backend;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use store::{SqliteStore, Store};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore as SqliteSessionStore;

/// Opens the database, seeds the demo data in demo mode, and builds the whole application.
pub async fn build(config: &Config, leptos_options: LeptosOptions) -> anyhow_like::Result<Router> {
    let store = SqliteStore::open(&config.database_url).await?;
    let sessions = SqliteSessionStore::new(store.pool().clone());
    sessions.migrate().await?;
    let store: Arc<dyn Store> = Arc::new(store);
    spawn_housekeeping(sessions.clone(), store.clone());
    // Development delivers to the log; elsewhere messages wait in the outbox for the
    // deployment's sender (`server outbox` shows them to the operator).
    if config.demo {
        outbox::spawn(store.clone(), Arc::new(outbox::LogSender));
    }
    if config.demo {
        demo::seed(store.as_ref()).await?;
    }
    let oidc = match &config.oidc {
        Some(c) => Some(Arc::new(auth::oidc::Oidc::new(c.clone())?)),
        None => None,
    };
    let toegang = Arc::new(service::Toegang::new(
        store.clone(),
        config.demo,
        oidc.as_ref().map(|o| o.label().to_owned()),
    ));
    let backend: Arc<dyn Backend> = toegang.clone();

    let session_layer = SessionManagerLayer::new(sessions)
        .with_name("toegang_session")
        .with_http_only(true)
        .with_secure(config.secure_cookies)
        .with_same_site(SameSite::Lax)
        // Every request renews the 30 minutes of inactivity, not only those that write.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(30)));

    let routes = generate_route_list(App);
    let s = || store.clone();
    let mut auth_routes = Router::new()
        .route("/auth/afmelden", post(auth::sign_out))
        .route(
            "/auth/wachtwoord",
            post({
                let s = s();
                move |session, form| auth::password::sign_in(s.clone(), session, form)
            }),
        )
        .route(
            "/auth/wachtwoord-wijzigen",
            post({
                let s = s();
                move |session, form| auth::password::change_password(s.clone(), session, form)
            }),
        )
        .route(
            "/auth/authenticator",
            post({
                let s = s();
                move |session, form| auth::password::confirm_totp(s.clone(), session, form)
            }),
        )
        .route(
            "/auth/onderneming",
            post({
                let s = s();
                move |session, form| auth::choose_enterprise(s.clone(), session, form)
            }),
        );
    if let Some(oidc) = oidc {
        let o = oidc.clone();
        auth_routes = auth_routes
            .route(
                "/auth/oidc",
                get(move |session| auth::oidc::start(o.clone(), session)),
            )
            .route(
                "/auth/oidc/terug",
                get({
                    let s = s();
                    move |session, query| {
                        auth::oidc::callback(oidc.clone(), s.clone(), session, query)
                    }
                }),
            );
    }
    auth_routes = auth_routes.route(
        "/ebox/{document}/bijlagen/{attachment}",
        get(move |path, who| ebox::download(toegang.clone(), path, who)),
    );
    if config.demo {
        let s = s();
        auth_routes = auth_routes.route(
            "/auth/demo",
            post(move |session, form| auth::demo::sign_in(s.clone(), session, form)),
        );
    }
    let app = Router::new()
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            {
                let backend = backend.clone();
                move || provide_context(backend.clone())
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options)
        .merge(auth_routes)
        .layer(axum::middleware::from_fn(security::typed_error_status))
        .layer(axum::middleware::from_fn(auth::resolve_signed_in))
        .layer(session_layer)
        .layer(axum::middleware::from_fn(security::require_same_origin))
        .layer(axum::middleware::from_fn(security::protective_headers))
        // A panic answers 500 instead of dropping the connection (a bug, never input).
        .layer(tower_http::catch_panic::CatchPanicLayer::new());
    Ok(app)
}

/// Hourly: delete expired sessions, idempotency keys older than two days, failed sign-ins
/// older than a day, sent outbox messages older than thirty days and e-Box documents past
/// their retention; send the e-Box's daily notifications.
fn spawn_housekeeping(sessions: SqliteSessionStore, store: Arc<dyn Store>) {
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
            let purged = async {
                let mut tx = store.write().await?;
                let n = tx.purge_keys(2).await?;
                // Sent messages (a temporary password among them) are kept no longer
                // than such a password lives.
                tx.purge_outbox(domain::signin::TEMPORARY_PASSWORD_DAYS as u32)
                    .await?;
                // Failed sign-ins a day old no longer slow anyone down (the longest wait
                // and the lock are shorter), and typed usernames are not kept forever.
                let day_ago = auth::secrets::now() - 24 * 3600;
                tx.purge_sign_in_failures(day_ago).await?;
                tx.commit().await?;
                // e-Box (R13): the retention job and the daily notification.
                let now = auth::secrets::now();
                ebox::remove_expired(store.as_ref(), now).await?;
                ebox::notify(store.as_ref(), now).await?;
                Ok::<_, store::StoreError>(n)
            };
            match purged.await {
                Ok(n) if n > 0 => tracing::info!(keys = n, "idempotency keys purged"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "idempotency key purge failed"),
            }
        }
    });
}

/// A boxed error for start-up.
pub mod anyhow_like {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
