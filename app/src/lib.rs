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
    path, Lazy, SsrMode,
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
                <Route path=path!("") view={Lazy::<pages::HomeRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/groepen/:group") view={Lazy::<pages::GroupRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/groepen/:group/gebruikers/:nn") view={Lazy::<pages::MemberRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/gebruikers") view={Lazy::<pages::UsersRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/gebruikers/:nn") view={Lazy::<pages::UserRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/beheerders") view={Lazy::<pages::ManagersRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/ebox") view={Lazy::<pages::EboxRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/ebox/:id") view={Lazy::<pages::EboxDocumentRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/chaman") view={Lazy::<pages::ChamanRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/contactgegevens") view={Lazy::<pages::ContactDataRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/aanmelden") view={Lazy::<pages::SignInRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/aanmelden/vervolg") view={Lazy::<pages::NextStepRoute>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
        </i18n::I18nSubContextProvider>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The routes are lazy: hydration waits for the first route's chunk.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), App).await.forget();
        offline::install();
        // Lets tests (and styles) know the page is interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
