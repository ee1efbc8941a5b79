//! `server [--demo] [--addr HOST:PORT] [--database-url URL]`: serves Toegang.

use leptos::prelude::get_configuration;
use server::config::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Operator commands (the registration authority's acts) run and exit.
    // A command name anywhere (options such as --database-url may come first), or help.
    if args.iter().any(|a| server::cli::is_command(a))
        || args.first().is_some_and(|a| a == "help" || a == "--help")
    {
        let code = server::cli::main(args, &mut std::io::stdout()).await;
        std::process::exit(code);
    }
    let config = match Config::from(&args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("toegang: {e}");
            std::process::exit(2);
        }
    };
    let mut leptos_options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            eprintln!("toegang: leptos configuration: {e}");
            std::process::exit(2);
        }
    };
    leptos_options.site_addr = config.addr;
    // A build that hashes its file names writes the hashes beside this binary; unless the
    // environment says otherwise (LEPTOS_HASH_FILES), that file decides.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files = server::shell::hash_file(&leptos_options).is_file();
    }
    let app = match server::build(&config, leptos_options).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("toegang: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("toegang: cannot listen on {}: {e}", config.addr);
            std::process::exit(1);
        }
    };
    let mode = if config.demo {
        " (demo mode: sign in at /aanmelden)"
    } else {
        ""
    };
    println!(
        "Toegang listens on {} (bound to {}){mode}",
        config.public_url.origin(),
        config.addr
    );
    // The peer's address reaches the rate limits (through trusted proxies, the client's).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(server::ops::shutdown_signal())
        .await
    {
        eprintln!("toegang: {e}");
        std::process::exit(1);
    }
}

