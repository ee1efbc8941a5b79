//! The app shell for offline use (issue 10): `/sw.js`, the service worker from the built
//! site (`public/sw.js`), with this build's version and shell files filled in, so that
//! every build installs a new worker and no stale shell stays behind; and the build's static
//! files (`/pkg`), whose names carry a hash of their contents (`hash-files` in Cargo.toml:
//! cargo-leptos renames them and writes the hashes to `hash.txt` beside the server binary),
//! so that they can be cached for a year without ever being stale.

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
        .filter(|p| p.is_file())
        // The types are for tooling (`.d.ts`, `.d.<hash>.ts` once hashed); a precompressed
        // copy is the same file in another encoding, which the server picks when it
        // answers the plain name.
        .filter(|p| {
            let name = p.to_string_lossy();
            ![".ts", ".br", ".gz"].iter().any(|end| name.ends_with(end))
        })
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
/// they are sent. A file whose name carries its content's hash is cached for a year and
/// never revalidated (`immutable`): a new build has new names. Any other file (a build
/// without hashes, wasm-bindgen's snippets) is cached and revalidated on every use
/// (`no-cache` with `Last-Modified`).
pub fn static_files(site_root: &str, pkg_dir: &str) -> axum::Router {
    use tower_http::compression::CompressionLayer;
    use tower_http::services::ServeDir;
    let dir = Path::new(site_root).join(pkg_dir);
    axum::Router::new()
        .nest_service(
            &format!("/{pkg_dir}"),
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(axum::middleware::from_fn(cache_control))
}

/// One year, the longest lifetime caches honour.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

async fn cache_control(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    // An error (a name from another build) is never cached for long.
    let value = if hashed && (status.is_success() || status == StatusCode::NOT_MODIFIED) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(axum::http::HeaderValue::from_static(value));
    response
}

/// Whether the file name at the end of `path` carries a content hash as cargo-leptos
/// writes it: `name.<hash>.ext`, the hash 22 characters of unpadded base64url (MD5).
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.');
    parts.next(); // the stem, never the hash
    let rest: Vec<_> = parts.collect();
    // The hash is followed by at least the extension.
    rest.len() >= 2
        && rest[..rest.len() - 1].iter().any(|part| {
            part.len() == 22
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !part.bytes().all(|b| b == b'_') // cargo-leptos' placeholder
        })
}

/// Where the build's hashes are: `hash.txt` (Leptos' `hash_file`) beside the server binary,
/// as Leptos' `HydrationScripts` reads it (an absolute `hash_file` is taken as it is).
pub fn hash_file(options: &leptos::config::LeptosOptions) -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

/// The address of the build's stylesheet: `/pkg/<output>.<hash>.css` when the build hashes
/// its files (`hashes`: the hash file's contents), else `/pkg/<output>.css`.
pub fn stylesheet_href(pkg_dir: &str, output_name: &str, hashes: Option<&str>) -> String {
    let hash = hashes.and_then(|text| {
        text.lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(kind, _)| kind.trim() == "css")
            .map(|(_, hash)| hash.trim().to_owned())
    });
    match hash {
        Some(hash) => format!("/{pkg_dir}/{output_name}.{hash}.css"),
        None => format!("/{pkg_dir}/{output_name}.css"),
    }
}

/// The offline page (`public/offline.html` in the built site) with this build's stylesheet:
/// `None` when the site has not been built.
pub fn offline_page(options: &leptos::config::LeptosOptions) -> Option<String> {
    let page = std::fs::read_to_string(Path::new(options.site_root.as_ref()).join("offline.html")).ok()?;
    let hashes = options
        .hash_files
        .then(|| std::fs::read_to_string(hash_file(options)).ok())
        .flatten();
    let href = stylesheet_href(&options.site_pkg_dir, &options.output_name, hashes.as_deref());
    Some(page.replace("/pkg/toegang.css", &href))
}

/// `GET /offline.html`.
pub fn serve_offline_page(page: Option<&str>) -> Response {
    match page {
        Some(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html.to_owned(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
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
        std::fs::write(dir.join("pkg/toegang.wasm.br"), "one, in brotli").unwrap();
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

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        let hash = "AbCdEfGhIjKlMnOpQrSt-_";
        for hashed in [
            format!("/pkg/toegang.{hash}.wasm"),
            format!("/pkg/toegang.{hash}.js"),
            format!("/pkg/toegang.{hash}.css"),
            format!("/pkg/__wasm_split.{hash}.js"),
            format!("/pkg/toegang_group_page.{hash}.wasm"),
        ] {
            assert!(is_content_hashed(&hashed), "{hashed}");
        }
        for plain in [
            "/pkg/toegang.wasm".to_owned(),
            "/pkg/toegang.css".to_owned(),
            "/pkg/__wasm_split.______________________.js".to_owned(),
            format!("/pkg/{hash}"),                    // a name without extension
            format!("/pkg/{hash}.js"),                 // the stem is never the hash
            "/pkg/toegang.AbCdEfGhIjKlMnOpQrSt.js".to_owned(), // 20 characters
            "/pkg/toegang.AbCdEfGhIjKlMnOpQrSt+/.js".to_owned(),
            "/pkg/snippets/app-1234/inline0.js".to_owned(),
        ] {
            assert!(!is_content_hashed(&plain), "{plain}");
        }
    }

    #[test]
    fn the_stylesheet_follows_the_builds_hash_file() {
        let hashes = "js: J1\nwasm: W2\ncss: AbCdEfGhIjKlMnOpQrSt-_\n";
        assert_eq!(
            stylesheet_href("pkg", "toegang", Some(hashes)),
            "/pkg/toegang.AbCdEfGhIjKlMnOpQrSt-_.css"
        );
        assert_eq!(stylesheet_href("pkg", "toegang", None), "/pkg/toegang.css");
        assert_eq!(stylesheet_href("pkg", "toegang", Some("js: J1\n")), "/pkg/toegang.css");
    }
}
