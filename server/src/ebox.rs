//! e-Box Enterprise (R13): downloading an attachment ([`download`]). Publishing is an
//! operator act (`service::operator`), retention and the daily notification are jobs
//! (`service::jobs`), reading is the service's (`service::ebox`).

/// `GET /ebox/{document}/bijlagen/{attachment}`: downloads an attachment (R13 checked by
/// the service), always as a download, never shown inline.
pub async fn download(
    toegang: std::sync::Arc<crate::service::Toegang>,
    axum::extract::Path((document, attachment)): axum::extract::Path<(i64, i64)>,
    who: Option<axum::Extension<app::port::SignedIn>>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Some(axum::Extension(who)) = who else {
        return axum::response::Redirect::to("/aanmelden").into_response();
    };
    match toegang.attachment(&who, document, attachment).await {
        Ok((name, content_type, bytes)) => {
            // RFC 6266: an ASCII fallback and the exact name in UTF-8.
            let ascii: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let disposition =
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND);
            (
                status,
                app::lang::message(
                    e.problems.first().map(|p| p.code.as_str()).unwrap_or(""),
                    app::lang::from_headers(&headers),
                ),
            )
                .into_response()
        }
    }
}
