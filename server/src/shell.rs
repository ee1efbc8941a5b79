//! The app shell for offline use (issue 10): `/sw.js`, the service worker from the built
//! site (`public/sw.js`), with this build's version and shell files filled in, so that
//! every build installs a new worker and no stale shell stays behind.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The service worker of the site at `site_root`, ready to serve; `None` when the site has
/// not been built (the tests of the server alone).
pub fn service_worker(site_root: &str) -> Option<String> {
    let root = Path::new(site_root);
    let template = std::fs::read_to_string(root.join("sw.js")).ok()?;
    let mut shell = vec![
        "/offline.html".to_owned(),
        "/offline.js".to_owned(),
        OFFLINE_WORDS.to_owned(),
    ];
    let mut hash = Sha256::new();
    // New words, a new worker (they are part of the binary, not of the site).
    hash.update(app::lang::offline_words_script().as_bytes());
    let mut files: Vec<_> = std::fs::read_dir(root.join("pkg"))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| !p.to_string_lossy().ends_with(".d.ts"))
        .collect();
    files.sort();
    for file in files {
        let name = file.file_name()?.to_string_lossy().into_owned();
        hash.update(name.as_bytes());
        hash.update(std::fs::read(&file).ok()?);
        shell.push(format!("/pkg/{name}"));
    }
    for extra in ["offline.html", "offline.js"] {
        hash.update(std::fs::read(root.join(extra)).unwrap_or_default());
    }
    let version = format!("{:x}", hash.finalize());
    Some(
        template
            .replace("__VERSION__", &version[..16])
            .replace("__SHELL__", &serde_json::to_string(&shell).ok()?),
    )
}

/// The build's static files (`/pkg`: wasm, JavaScript, CSS) over the wire compressed:
/// brotli or gzip as the browser accepts, from the `.br`/`.gz` files a release build
/// writes beside them (`cargo leptos build --release --precompress`), else compressed as
/// they are sent. Cached, and revalidated on every use (`no-cache` with `Last-Modified`):
/// the names carry no content hash, so a long-lived cache could serve an old build.
pub fn static_files(site_root: &str, pkg_dir: &str) -> axum::Router {
    use tower_http::compression::CompressionLayer;
    use tower_http::services::ServeDir;
    use tower_http::set_header::SetResponseHeaderLayer;
    let dir = Path::new(site_root).join(pkg_dir);
    axum::Router::new()
        .nest_service(
            &format!("/{pkg_dir}"),
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-cache"),
        ))
}

/// Where the offline page finds its words in every language.
pub const OFFLINE_WORDS: &str = "/offline-words.js";

/// `GET /offline-words.js`.
pub fn serve_offline_words() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        app::lang::offline_words_script(),
    )
        .into_response()
}

/// `GET /sw.js`.
pub fn serve(worker: Option<&str>) -> Response {
    match worker {
        Some(js) => (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            js.to_owned(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_names_this_builds_files_and_changes_with_them() {
        let dir = std::env::temp_dir().join(format!("toegang-shell-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("sw.js"), "const V='__VERSION__'; const S=__SHELL__;").unwrap();
        std::fs::write(dir.join("pkg/toegang.wasm"), "one").unwrap();
        std::fs::write(dir.join("pkg/toegang.d.ts"), "types").unwrap();
        let root = dir.to_string_lossy().into_owned();
        let first = service_worker(&root).unwrap();
        assert!(
            first.contains(r#"["/offline.html","/offline.js","/offline-words.js","/pkg/toegang.wasm"]"#),
            "{first}"
        );
        assert!(!first.contains("__VERSION__"));
        std::fs::write(dir.join("pkg/toegang.wasm"), "two").unwrap();
        assert_ne!(service_worker(&root).unwrap(), first, "a new build, a new worker");
        assert_eq!(service_worker("/no/such/site"), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
