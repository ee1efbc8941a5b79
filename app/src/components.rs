//! Building blocks shared by the pages: the layout, error display, pager, and the
//! command button that posts without JavaScript and dispatches an action with it.

use crate::api::{ApiError, Me, Problem};
use crate::i18n::{td_string, Locale};
use crate::lang::{self, locale};
use leptos_i18n::Locale as _;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{Form, Redirect, A};
use serde::Serialize;

mod appoint;
mod staff;
pub use appoint::AppointForm;
pub use staff::{StaffName, StaffPreview};

/// A fresh idempotency key: every rendered form gets one, so that a retried or replayed
/// submission is applied once (DESIGN.md §5). It names the enterprise the form was made
/// for (`{enterprise}.{random}`), so that a form rendered for one enterprise is never
/// applied to another after the person switched (the server compares it with the
/// session's): 128 random bits, from the operating system on the server (the enterprise
/// from the request's session) and from `crypto.getRandomValues` in the browser (the
/// enterprise of the last page this tab showed, [`remember_enterprise`], else the page
/// header's `data-enterprise`).
#[cfg(not(target_arch = "wasm32"))]
pub fn new_key() -> String {
    #[cfg(feature = "ssr")]
    let enterprise = crate::port::signed_in()
        .map(|w| w.enterprise_id)
        .unwrap_or(0);
    #[cfg(not(feature = "ssr"))]
    let enterprise = 0;
    format!("{enterprise}.{}", uuid::Uuid::new_v4().simple())
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static SHOWN_ENTERPRISE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Remembers which enterprise this tab shows (every page's layout calls it), so that a
/// form made during a client-side navigation, before the new page's header exists, still
/// names it.
pub fn remember_enterprise(_id: i64) {
    #[cfg(target_arch = "wasm32")]
    SHOWN_ENTERPRISE.with(|e| e.set(_id));
}

#[cfg(target_arch = "wasm32")]
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    let shown = SHOWN_ENTERPRISE.with(|e| e.get());
    let enterprise = if shown != 0 {
        shown.to_string()
    } else {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-enterprise]").ok().flatten())
            .and_then(|e| e.get_attribute("data-enterprise"))
            .unwrap_or_else(|| "0".into())
    };
    let random: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{enterprise}.{random}")
}

/// A form whose change went into the browser's queue gets a fresh key: the queued change
/// keeps the old one, and the next change made with this form is another change.
pub fn renew_key_when_queued<S>(action: ServerAction<S>, key: RwSignal<String>)
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action_error(action).is_some_and(|e| e.has("request.queued")) {
            key.set(new_key());
        }
    });
}

/// The page frame: header with the enterprise and the signed-in person, the menu.
#[component]
pub fn Layout(me: Me, children: Children) -> impl IntoView {
    remember_enterprise(me.enterprise_id);
    crate::offline::remember_owner(me.person_id, me.enterprise_id);
    // Drafts go back into the page's forms once they are in the document.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| crate::offline::drafts::restore_all());
    let warn_sign_out = RwSignal::new(0usize);
    // The outcome of the change that led here, once (kept in the session, never in a URL).
    let flash = Resource::new(|| (), |_| crate::api::load_flash());
    // R4: co-MAMs and AMs are appointed in "Beheer der Toegangsbeheerders".
    let appoints_helpers =
        domain::appoint::uses_access_manager_administration(&domain::Mandates(me.mandates.clone()));
    let l = locale();
    let mandates = me
        .mandates
        .iter()
        .map(|m| lang::mandate_label(m, l))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <a class="skip-link" href="#inhoud">{td_string!(l, common.skip_link)}</a>
        {me.demo.then(|| view! { <div class="demo-banner" role="note">{td_string!(l, common.demo_banner)}</div> })}
        <header class="top" data-enterprise=me.enterprise_id.to_string()>
            <div class="brand"><A href="/">{td_string!(l, common.app_name)}</A></div>
            <div class="enterprise">
                <span class="enterprise-name">{me.enterprise_name.clone()}</span>
                " · " <span class="enterprise-number">{me.enterprise_number.clone()}</span>
                " · " <span class="enterprise-status">{td_string!(l, common.account, status = lang::status_label(&me.enterprise_status, l))}</span>
            </div>
            <div class="whoami">
                <span class="person">{me.name.clone()}</span>
                <span class="mandates">{mandates}</span>
                <form method="post" action="/auth/afmelden" class="inline" id="sign-out" on:submit=move |_ev| sign_out(_ev, warn_sign_out)>
                    <button type="submit" class="link">{td_string!(l, common.sign_out)}</button>
                </form>
            </div>
            <LanguageSwitcher/>
            <crate::offline::QueueIndicator/>
        </header>
        <crate::offline::UpdateBanner/>
        {move || (warn_sign_out.get() > 0).then(|| view! { <SignOutWarning waiting=warn_sign_out/> })}
        <div class="frame">
            <nav class="menu" aria-label=td_string!(l, common.menu)>
                <ul>
                    {if me.mandates.is_empty() {
                        // "Mijn toegang": a person without a mandate manages nobody.
                        view! { <li><A href="/">{td_string!(l, home.mine_title)}</A></li> }.into_any()
                    } else {
                        view! {
                            <li><A href="/">{td_string!(l, common.menu_groups)}</A></li>
                            <li><A href="/gebruikers">{td_string!(l, common.menu_users)}</A></li>
                        }
                        .into_any()
                    }}
                    {appoints_helpers.then(|| view! {
                        <li><A href="/beheerders">{td_string!(l, common.menu_managers)}</A></li>
                    })}
                    // R14: managers read the audit log of their scope.
                    {(!me.mandates.is_empty()).then(|| view! {
                        <li><A href="/logboek">{td_string!(l, logbook.title)}</A></li>
                    })}
                    // docs/api.md: managers hand their scope to programs.
                    {(!me.mandates.is_empty()).then(|| view! {
                        <li><A href="/api-sleutels">{td_string!(l, tokens.title)}</A></li>
                    })}
                    // R11–R13: the portal's own services this person reaches.
                    {me.portal.ebox.then(|| view! {
                        <li><A href="/ebox">"e-Box Enterprise"</A></li>
                    })}
                    {me.portal.contact_data.then(|| view! {
                        <li><A href="/contactgegevens">"ContactData"</A></li>
                    })}
                    {me.portal.chaman.then(|| view! {
                        <li><A href="/chaman">"Chaman"</A></li>
                    })}
                </ul>
            </nav>
            <main id="inhoud" tabindex="-1">
                <Suspense fallback=|| ()>
                    {move || flash.get().and_then(|r| r.ok()).flatten().map(|m| view! { <Outcome message=lang::flash_text(&m, l) undo=undo_of(&m)/> })}
                </Suspense>
                {children()}
            </main>
        </div>
    }
}

/// Keeps in `said` what the last change of `action` did (with JavaScript the page stays;
/// without it, the next page says it from the session).
pub fn say_outcome<S>(said: RwSignal<Option<lang::Flash>>, action: ServerAction<S>)
where
    S: ServerFn<Output = lang::Flash, Error = ApiError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(done)) = action.value().get() {
            said.set(Some(done));
        }
    });
}

/// The message of the last change made on this page, if any (see [`say_outcome`]).
#[component]
pub fn Said(said: RwSignal<Option<lang::Flash>>) -> impl IntoView {
    let l = locale();
    move || said.get().map(|f| view! { <Outcome message=lang::flash_text(&f, l) undo=undo_of(&f)/> })
}

/// What a change did, announced (`role="status"`); with JavaScript the focus moves to it,
/// so that a keyboard user continues from the message. A change that one step reverses
/// (block, unblock, services) offers "Ongedaan maken": a plain form, with or without
/// JavaScript, whose answer is the member's page saying what the undo did.
#[component]
pub fn Outcome(
    message: String,
    #[prop(default = None)] undo: Option<crate::model::Undo>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(p) = node.get() {
            let _ = p.focus();
        }
    });
    let l = locale();
    let undo = undo.map(|u| {
        let json = serde_json::to_string(&u).unwrap_or_default();
        view! {
            <form method="post" action=crate::api::UndoChange::PATH class="inline undo">
                <input type="hidden" name="undo" value=json/>
                <input type="hidden" name="idempotency_key" value=new_key()/>
                <button type="submit">{td_string!(l, common.undo)}</button>
            </form>
        }
    });
    view! {
        <div class="outcome">
            <p class="flash" role="status" tabindex="-1" node_ref=node>{message}</p>
            {undo}
        </div>
    }
}

/// The way to undo what a message says was done, if one step can.
pub fn undo_of(f: &lang::Flash) -> Option<crate::model::Undo> {
    match f {
        lang::Flash::Outcome { undo, .. } => undo.clone(),
        _ => None,
    }
}

/// Signing out: with changes still waiting, asks first (send them, or discard them and
/// sign out); otherwise forgets this person's drafts and queue in the browser and goes.
fn sign_out(_ev: leptos::ev::SubmitEvent, _warn: RwSignal<usize>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::offline::browser;
        let pending = browser::owner()
            .map(|o| browser::load().pending(o))
            .unwrap_or(0);
        if pending > 0 {
            _ev.prevent_default();
            _warn.set(pending);
        } else {
            browser::forget_everything();
        }
    }
}

/// "Er wachten nog 2 wijzigingen": send them first, or discard them and sign out.
#[component]
fn SignOutWarning(waiting: RwSignal<usize>) -> impl IntoView {
    let n = waiting.get_untracked();
    let l = locale();
    let text = td_string!(l, common.sign_out_waiting, count = n);
    let send = move |_| {
        #[cfg(feature = "hydrate")]
        crate::offline::browser::send_now();
        waiting.set(0);
    };
    let discard = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            crate::offline::browser::forget_everything();
            if let Some(form) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("sign-out"))
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                let _ = form.submit();
            }
        }
        waiting.set(0);
    };
    view! {
        <div class="sign-out-warning" role="alertdialog" aria-labelledby="sign-out-warning-text">
            <p id="sign-out-warning-text">{text}</p>
            <button type="button" class="primary" on:click=send>{td_string!(l, common.send_first)}</button>
            " "
            <button type="button" class="danger" on:click=discard>{td_string!(l, common.discard_and_sign_out)}</button>
            " "
            <button type="button" class="link" on:click=move |_| waiting.set(0)>{td_string!(l, common.cancel)}</button>
        </div>
    }
}

/// A page body that waits for its data: the rendered page, or the error (a redirect to
/// the sign-in page when the session is missing). Without JavaScript the server waits for
/// the data before sending (`SsrMode::Async`); with it, a refetch keeps the old content
/// until the new data is there.
pub fn loaded<T, V>(
    data: Resource<Result<T, ApiError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading">{td_string!(locale(), common.loading)}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => render(d).into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// What a page shows when its data could not be loaded: the problem, inside the normal
/// layout when the person is signed in, with a real status. Something outside the
/// person's scope answers 404, exactly like something that does not exist; without a
/// session, the sign-in page.
#[component]
pub fn ErrorView(
    error: ApiError,
    /// Where to go back to instead of the start page: (address, words).
    #[prop(optional)]
    back: Option<(String, String)>,
) -> impl IntoView {
    if error.has("auth.required") {
        return view! { <Redirect path="/aanmelden"/> }.into_any();
    }
    #[cfg(feature = "ssr")]
    crate::port::set_error_status(page_status(&error), &error.codes());
    let l = locale();
    let body = move || {
        view! {
            <crate::components::Heading text={td_string!(l, common.app_name)}/>
            <Problems problems=error.problems.clone()/>
            {match back.clone() {
                Some((href, words)) => view! { <p><A href=href>{words}</A></p> }.into_any(),
                None => view! { <p><A href="/">{td_string!(l, common.back_home)}</A></p> }.into_any(),
            }}
        }
    };
    // The frame needs the signed-in person: the start page's data has it.
    let me = Resource::new(|| (), |_| crate::api::home());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(home) => view! {
                            <Layout me=home.me><div class="error-page">{body()}</div></Layout>
                        }
                        .into_any(),
                        Err(_) => view! { <LanguageBar/><main class="error-page">{body()}</main> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// The status of a page that could not be shown: a refusal is a 404, like a thing that
/// does not exist, so that a page never tells what lies outside one's scope.
#[cfg(feature = "ssr")]
pub fn page_status(error: &ApiError) -> u16 {
    match error.kind {
        domain::ErrorKind::Forbidden => 404,
        kind => kind.status(),
    }
}

/// A list of translated problems (role=alert so screen readers announce it). With `focus`
/// (the answer to a submitted change), the focus moves to it, so that a keyboard user
/// continues from the message.
#[component]
pub fn Problems(problems: Vec<Problem>, #[prop(optional)] focus: bool) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (true, Some(div)) = (focus, node.get()) {
            let _ = div.focus();
        }
    });
    let l = locale();
    (!problems.is_empty()).then(|| {
        view! {
            <div class="problems" role="alert" tabindex="-1" node_ref=node>
                {problems.into_iter().map(|p| view! { <p class="error" data-code=p.code.clone()>{lang::message(&p.code, l)}</p> }).collect_view()}
            </div>
        }
    })
}

/// The error of the last run of an action, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Option<ApiError>
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    action.value().get().and_then(|r| r.err())
}

/// Pagination links that keep the search query.
#[component]
pub fn Pager(base: String, query: String, page: u32, pages: u32, total: u64) -> impl IntoView {
    let link = move |p: u32| {
        let mut s = format!("{base}?page={p}");
        if !query.is_empty() {
            s.push_str("&q=");
            s.push_str(&encode(&query));
        }
        s
    };
    let l = locale();
    view! {
        <nav class="pager" aria-label=td_string!(l, common.pagination)>
            <span class="total">{td_string!(l, common.results, count = total, shown = lang::number(total, l))}</span>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{td_string!(l, common.previous)}</a> })}
            <span class="position">{page_of(page, pages, l)}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{td_string!(l, common.next)}</a> })}
        </nav>
    }
}

/// "Pagina 2 van 2 000".
pub fn page_of(page: u32, pages: u32, l: Locale) -> String {
    td_string!(l, common.page_of, page = lang::number(page.into(), l), pages = lang::number(pages.into(), l))
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A page's heading, which is also its document title ("Logboek — Toegangsbeheer"), so
/// that tabs, history and screen readers tell the pages apart.
#[component]
pub fn Heading(#[prop(into)] text: String) -> impl IntoView {
    let l = crate::lang::locale();
    let app = td_string!(l, common.app_name);
    let title = if text == app {
        text.clone()
    } else {
        format!("{text} — {app}")
    };
    view! {
        <leptos_meta::Title text=title/>
        <h1>{text}</h1>
    }
}

/// A button that runs a server function: a real `<form method="post">` carrying the
/// command's fields (works without JavaScript), which with JavaScript dispatches the
/// action instead of reloading the page.
#[component]
pub fn CommandButton<S>(
    action: ServerAction<S>,
    input: S,
    label: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] accessible_name: Option<String>,
) -> impl IntoView
where
    S: ServerFn<Error = ApiError> + Serialize + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let fields = crate::api::object_fields(serde_json::to_value(&input).ok());
    let pending = action.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second press while the first is under way is ignored (never two answers).
        if !pending.get_untracked() {
            action.dispatch(input.clone());
        }
    };
    view! {
        <form method="post" action=S::PATH class="inline command" on:submit=on_submit>
            {fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <button type="submit" class=class aria-label=accessible_name disabled=move || pending.get()>{label}</button>
        </form>
    }
}

/// An icon button (eye, pencil, trash) that navigates with a GET form, so that it is a real
/// button with an accessible name with and without JavaScript (with it, the router
/// navigates in the page).
#[component]
pub fn IconButton(
    href: String,
    name: &'static str,
    icon: &'static str,
    #[prop(optional)] params: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <Form method="get" action=href attr:class="inline icon">
            {params.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <button type="submit" class="icon" aria-label=name title=name>
                <Icon name=icon/>
            </button>
        </Form>
    }
}

/// An icon drawn as inline SVG (every browser shows it, unlike emoji on a stock Debian
/// Chromium), hidden from screen readers: the button around it carries the name. Any other
/// name is shown as its text.
#[component]
pub fn Icon(name: &'static str) -> impl IntoView {
    let svg = |paths: AnyView| {
        view! {
            <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"
                fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                {paths}
            </svg>
        }
        .into_any()
    };
    match name {
        "bekijken" => svg(view! {
            <path d="M1 12s4-8 11-8 11 8 11 8-4 8-11 8-11-8-11-8z"/>
            <circle cx="12" cy="12" r="3"/>
        }.into_any()),
        "bewerken" => svg(view! {
            <path d="M12 20h9"/>
            <path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/>
        }.into_any()),
        "verwijderen" => svg(view! {
            <path d="M3 6h18"/>
            <path d="M8 6V4h8v2"/>
            <path d="M19 6l-1 14H6L5 6"/>
            <path d="M10 11v6M14 11v6"/>
        }.into_any()),
        text => view! { <span aria-hidden="true">{text}</span> }.into_any(),
    }
}

/// The search box of a list (GET, so it works without JavaScript and can be bookmarked;
/// with it, the router navigates in the page).
#[component]
pub fn SearchForm(query: String) -> impl IntoView {
    let here = leptos_router::hooks::use_location().pathname.get_untracked();
    let l = locale();
    view! {
        <Form method="get" action=here attr:role="search" attr:class="search">
            <label for="q">{td_string!(l, common.search_label)}</label>
            <input id="q" name="q" type="search" value=query/>
            <button type="submit">{td_string!(l, common.search)}</button>
        </Form>
    }
}

/// The header row of a "Machtigingen van de gebruiker" table.
#[component]
pub fn PermissionsHead() -> impl IntoView {
    let l = locale();
    view! {
        <thead><tr>
            <th scope="col">{td_string!(l, common.group)}</th><th scope="col">{td_string!(l, common.online_services)}</th>
            <th scope="col">{td_string!(l, common.status)}</th><th scope="col"><span class="visually-hidden">{td_string!(l, common.actions)}</span></th>
        </tr></thead>
    }
}

/// The language switcher (in every page's header): a real form that posts the choice to
/// `/taal`, which keeps it in the `taal` cookie (and, when signed in, as the person's
/// preference) and comes back to the same address, so it works without JavaScript and the
/// URL never carries the language. Each language is named in itself.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let l = locale();
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() { path } else { format!("{path}?{search}") }
    };
    view! {
        <form method="post" action="/taal" class="languages" aria-label=td_string!(l, common.language)>
            <input type="hidden" name="terug" value=back/>
            {Locale::get_all().iter().map(|&other| {
                let current = other == l;
                view! {
                    <button type="submit" name="taal" value=other.as_str() lang=other.as_str()
                        class="link" class:current=current aria-current=current.then_some("true")>
                        {lang::own_name(other)}
                    </button>
                }
            }).collect_view()}
        </form>
    }
}

/// The header of a page shown without the signed-in frame (sign-in, errors): the name and
/// the language switcher.
#[component]
pub fn LanguageBar() -> impl IntoView {
    view! {
        <header class="top bare">
            <div class="brand"><a href="/">{td_string!(locale(), common.app_name)}</a></div>
            <LanguageSwitcher/>
        </header>
    }
}
