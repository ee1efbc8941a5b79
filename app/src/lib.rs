//! Toegang's user interface (Leptos 0.8, server-rendered and hydrated).
//!
//! Every page works without JavaScript: forms post to server functions and the server
//! re-renders the page with the errors. With JavaScript the same forms validate as one
//! types (through `domain`) and submit without reloading.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod components;
pub mod error;
pub mod lang;
pub mod model;
pub mod offline;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app (server side).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_i18n::Locale as _;
    // The language the server chose for this request; the browser reads it back from here.
    let language = lang::initial().as_str();
    view! {
        <!DOCTYPE html>
        <html lang=language>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // The build's files by their content-hashed names (when the build hashes them).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The routes. Every route renders completely on the server (`SsrMode::Async`) so that it
/// works with JavaScript disabled.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = lang::initial();
    view! {
        <i18n::I18nSubContextProvider initial_locale=Signal::stored(locale)>
        <Title text=i18n::td_string!(locale, common.app_name)/>
        <Router>
            <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/groepen/:group") view=pages::group::GroupPage ssr=SsrMode::Async/>
                <Route path=path!("/groepen/:group/gebruikers/:nn") view=pages::member::MemberPage ssr=SsrMode::Async/>
                <Route path=path!("/gebruikers") view=pages::users::UsersPage ssr=SsrMode::Async/>
                <Route path=path!("/gebruikers/:nn") view=pages::user::UserPage ssr=SsrMode::Async/>
                <Route path=path!("/beheerders") view=pages::managers::ManagersPage ssr=SsrMode::Async/>
                <Route path=path!("/ebox") view=pages::ebox::EboxPage ssr=SsrMode::Async/>
                <Route path=path!("/logboek") view=pages::logbook::LogbookPage ssr=SsrMode::Async/>
                <Route path=path!("/api-sleutels") view=pages::tokens::TokensPage ssr=SsrMode::Async/>
                <Route path=path!("/ebox/:id") view=pages::ebox::EboxDocumentPage ssr=SsrMode::Async/>
                <Route path=path!("/chaman") view=pages::chaman::ChamanPage ssr=SsrMode::Async/>
                <Route path=path!("/contactgegevens") view=pages::contact::ContactDataPage ssr=SsrMode::Async/>
                <Route path=path!("/aanmelden") view=pages::signin::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/aanmelden/vervolg") view=pages::signin::NextStepPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
        </i18n::I18nSubContextProvider>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    offline::install();
    // Lets tests (and styles) know the page is interactive.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
