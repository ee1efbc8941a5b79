//! One module per page.

pub mod chaman;
pub mod contact;
pub mod ebox;
pub mod group;
pub mod home;
pub mod logbook;
pub mod managers;
pub mod member;
pub mod signin;
pub mod tokens;
pub mod user;
pub mod users;

use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let l = crate::lang::locale();
    view! {
        <crate::components::LanguageBar/>
        <main class="error-page">
            <crate::components::Heading text={td_string!(l, common.not_found)}/>
            <p><a href="/">{td_string!(l, common.back_home)}</a></p>
        </main>
    }
}

/// A path parameter (empty when absent).
pub(crate) fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).unwrap_or_default())
}

/// A query parameter (empty when absent).
pub(crate) fn query_param(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name).unwrap_or_default())
}

/// The `page` query parameter, 1 when absent or invalid.
pub(crate) fn page_param() -> Memo<u32> {
    let page = query_param("page");
    Memo::new(move |_| {
        page.get()
            .parse::<u32>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    })
}
