//! `GET /logboek.csv`: the Logboek's filtered rows as CSV, streamed (the service reads
//! them in batches; refusals come before the first byte, as the page's would).

use app::api::LogbookFilter;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Query {
    door: String,
    persoon: String,
    groep: String,
    soort: String,
    van: String,
    tot: String,
}

pub async fn export(
    toegang: std::sync::Arc<crate::service::Toegang>,
    who: Option<axum::Extension<app::port::SignedIn>>,
    query: Result<axum::extract::Query<Query>, axum::extract::rejection::QueryRejection>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(axum::Extension(who)) = who else {
        return axum::response::Redirect::to("/aanmelden").into_response();
    };
    let l = app::lang::from_headers(&headers);
    let Ok(axum::extract::Query(q)) = query else {
        return (
            StatusCode::BAD_REQUEST,
            app::lang::message("request.malformed", l),
        )
            .into_response();
    };
    let filter = LogbookFilter {
        actor: q.door,
        person: q.persoon,
        group: q.groep,
        kind: q.soort,
        from: q.van,
        until: q.tot,
    };
    match toegang.logbook_csv(&who, &filter, l).await {
        Ok(stream) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"logboek.csv\"",
                ),
            ],
            axum::body::Body::from_stream(stream),
        )
            .into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let code = e.problems.first().map(|p| p.code.as_str()).unwrap_or("");
            (status, app::lang::message(code, l)).into_response()
        }
    }
}
