//! One module per page.

pub mod chaman;
pub mod contact;
pub mod ebox;
pub mod group;
pub mod home;
pub mod managers;
pub mod member;
pub mod signin;
pub mod user;
pub mod users;

use crate::i18n::td_string;
use leptos::prelude::*;

/// A route whose page is loaded on demand: with `cargo leptos build --split`, the page's
/// code goes into its own wasm chunk, fetched when the route is first shown (on the first
/// page load, before hydration; the server names it in a preload link).
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        pub struct $route;
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(HomeRoute, home::HomePage);
lazy_page!(GroupRoute, group::GroupPage);
lazy_page!(MemberRoute, member::MemberPage);
lazy_page!(UsersRoute, users::UsersPage);
lazy_page!(UserRoute, user::UserPage);
lazy_page!(ManagersRoute, managers::ManagersPage);
lazy_page!(EboxRoute, ebox::EboxPage);
lazy_page!(EboxDocumentRoute, ebox::EboxDocumentPage);
lazy_page!(ChamanRoute, chaman::ChamanPage);
lazy_page!(ContactDataRoute, contact::ContactDataPage);
lazy_page!(SignInRoute, signin::SignInPage);
lazy_page!(NextStepRoute, signin::NextStepPage);
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
            <h1>{td_string!(l, common.not_found)}</h1>
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
