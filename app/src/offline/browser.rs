//! The browser's half of the offline queue and the drafts: local storage, the replay
//! loop, and the page events that drive them. The decisions are `queue`'s and `drafts`'.

use super::client::OWNER_HEADER;
use super::drafts;
use super::queue::{Outcome, Owner, Queue, State};
use crate::error::ApiError;
use leptos::prelude::*;
use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::client::Client;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::response::browser::BrowserResponse;
use leptos::server_fn::response::ClientRes;
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const QUEUE: &str = "toegang.queue";
const RECENT: &str = "toegang.queue.recent";
/// Set while the session has ended with changes still waiting (cleared by a success).
const SIGNED_OUT: &str = "toegang.queue.signed-out";

thread_local! {
    static OWNER: Cell<Option<Owner>> = const { Cell::new(None) };
    static PUMPING: Cell<bool> = const { Cell::new(false) };
    static PENDING_FORM: RefCell<Option<String>> = const { RefCell::new(None) };
    static TAB: String = {
        let mut bytes = [0u8; 8];
        if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    };
    static VERSION: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// Who this tab shows (set by every page's layout).
pub fn remember_owner(owner: Owner) {
    let changed = OWNER.with(|o| o.replace(Some(owner))) != Some(owner);
    if changed {
        bump();
        pump();
    }
}

pub fn owner() -> Option<Owner> {
    OWNER.with(|o| o.get())
}

/// The signal that changes whenever the queue or the drafts do (the indicator reads it).
pub fn version() -> ArcRwSignal<u32> {
    VERSION.with(|v| v.clone())
}

fn bump() {
    VERSION.with(|v| v.update(|n| *n = n.wrapping_add(1)));
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn write(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
    bump();
}

pub fn load() -> Queue {
    read(QUEUE)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save(q: &Queue) {
    write(QUEUE, serde_json::to_string(q).ok().as_deref());
}

/// The outcomes of replays not yet dismissed: (label, applied, codes).
pub fn recent() -> Vec<(String, bool, Vec<String>)> {
    read(RECENT)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn note(label: &str, applied: bool, codes: Vec<String>) {
    let mut list = recent();
    list.push((label.to_owned(), applied, codes));
    let keep = list.len().saturating_sub(10);
    write(RECENT, serde_json::to_string(&list[keep..]).ok().as_deref());
}

pub fn dismiss_recent() {
    write(RECENT, None);
}

/// Whether the session ended while changes wait (they go after the next sign-in).
pub fn signed_out() -> bool {
    read(SIGNED_OUT).is_some()
}

/// How many changes wait in this browser, whoever made them (the sign-in page says so).
pub fn waiting_anyone() -> usize {
    let q = load();
    q.items
        .iter()
        .filter(|x| matches!(x.state, State::Waiting { .. } | State::Sending { .. }))
        .count()
}

/// Cancels a queued change (or dismisses a shown refusal).
pub fn cancel(key: &str) {
    let mut q = load();
    q.cancel(key);
    save(&q);
}

/// Forgets everything this person keeps in the browser: their queue, drafts and outcomes
/// (sign-out; the server's `Clear-Site-Data` does it again).
pub fn forget_everything() {
    if let Some(o) = owner() {
        let mut q = load();
        q.forget(o);
        save(&q);
    }
    if let Some(s) = storage() {
        let _ = s.clear();
    }
    bump();
}

/// Sends everything that is due now.
pub fn send_now() {
    let mut q = load();
    q.retry_now(now());
    save(&q);
    pump();
}

/// A server function's path, from the URL it was sent to.
fn path_of(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| rest[i..].to_owned()).unwrap_or_default(),
        None => url.to_owned(),
    }
}

fn owner_value(o: Owner) -> String {
    format!("{}.{}", o.person, o.enterprise)
}

/// What [`super::client::QueueingClient`] does: sends the request with its owner; when no
/// answer comes (or the way to the server is down), queues it and answers `request.queued`.
pub async fn send_or_queue(req: BrowserRequest) -> Result<BrowserResponse, ApiError> {
    let url = req.url();
    let headers = req.headers();
    let content_type = headers
        .get("Content-Type")
        .unwrap_or_else(|| "application/x-www-form-urlencoded".into());
    let accepts = headers
        .get("Accept")
        .unwrap_or_else(|| "application/json".into());
    // The body, kept to be queued (the request is built again to be sent).
    let raw: web_sys::Request = req.into();
    let body = match raw.text() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let path = path_of(&url);
    let rebuilt = <BrowserRequest as ClientReq<ApiError>>::try_new_post(
        &path,
        &content_type,
        &accepts,
        body.clone(),
    )?;
    let owner = owner();
    if let Some(o) = owner {
        rebuilt.headers().set(OWNER_HEADER, &owner_value(o));
    }
    let form = PENDING_FORM.with(|f| f.borrow_mut().take());
    let sent = within(
        SEND_TIMEOUT,
        <BrowserClient as Client<ApiError>>::send(rebuilt),
    )
    .await
    .unwrap_or_else(|| Err(ApiError::internal("request.network")));
    let status = sent.as_ref().ok().map(ClientRes::<ApiError>::status);
    match (sent, status, owner) {
        (Ok(res), Some(s), _) if !(502..=504).contains(&s) => {
            if (200..300).contains(&s) {
                if let (Some(form), Some(o)) = (&form, owner) {
                    drafts::clear(o, form);
                }
            }
            Ok(res)
        }
        (_, _, Some(o)) => match super::queue::key_of(&body) {
            Some(key) => {
                let label = super::labels::describe(&path, &super::queue::form_fields(&body), crate::lang::locale());
                let mut q = load();
                q.push(&path, &body, &key, &label, form.as_deref(), o, now());
                save(&q);
                // The input is the queued change's now; a refusal puts it back.
                if let Some(form) = &form {
                    drafts::clear(o, form);
                }
                schedule(&q, o);
                Err(ApiError::of(domain::ErrorKind::Unavailable, "request.queued"))
            }
            None => Err(ApiError::internal("request.network")),
        },
        _ => Err(ApiError::internal("request.network")),
    }
}

/// How long a change waits for its answer before it is queued (the request goes on; if it
/// did arrive, the replay is recognised by its key).
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// `fut`'s output, or `None` when it takes longer than `limit`.
async fn within<T>(limit: std::time::Duration, fut: impl std::future::Future<Output = T>) -> Option<T> {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(move || { let _ = tx.send(()); }, limit);
    let fut = std::pin::pin!(fut);
    match futures::future::select(fut, rx).await {
        futures::future::Either::Left((out, _)) => Some(out),
        futures::future::Either::Right(_) => None,
    }
}

/// Replays the queue in order while the server answers; then waits for the next due
/// change, the `online` event or the next page. Holds the browser's lock on the queue
/// (Web Locks) while it sends, so that two tabs never send at the same time; where the
/// browser has no Web Locks, the claims in the queue and the server's keys still see to
/// it that each change is applied once.
pub fn pump() {
    if PUMPING.with(|p| p.replace(true)) {
        return;
    }
    let run = |locked: bool| async move {
        if locked {
            // Holding the lock, no other tab is sending: a claim left by a page that went
            // away mid-send is given back now rather than after its lease.
            let mut q = load();
            if q.release(&TAB.with(|t| t.clone()), true, now()) {
                save(&q);
            }
        }
        drain().await;
        PUMPING.with(|p| p.set(false));
    };
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &"request".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    match (locks, request) {
        (Some(locks), Some(request)) => {
            let held = Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| {
                wasm_bindgen_futures::future_to_promise(async move {
                    run(true).await;
                    Ok(wasm_bindgen::JsValue::UNDEFINED)
                })
            });
            if request
                .call2(&locks, &"toegang-queue".into(), &held)
                .is_err()
            {
                PUMPING.with(|p| p.set(false));
            }
        }
        _ => leptos::task::spawn_local(run(false)),
    }
}

/// Sends what is due, in order, until the queue is empty or the server cannot be reached.
async fn drain() {
    while let Some(o) = owner() {
        let tab = TAB.with(|t| t.clone());
        let mut q = load();
        let Some(item) = q.claim_next(o, &tab, now()) else {
            schedule(&q, o);
            break;
        };
        save(&q);
        let outcome = replay(&item.path, &item.body, o).await;
        let mut q = load();
        q.record(&item.key, outcome.clone(), now());
        save(&q);
        if !matches!(outcome, Outcome::SignedOut) && read(SIGNED_OUT).is_some() {
            write(SIGNED_OUT, None);
        }
        match &outcome {
            Outcome::Applied => note(&item.label, true, Vec::new()),
            Outcome::Refused(codes) => {
                // The input goes back into its form, to be corrected.
                if let Some(form) = &item.form {
                    drafts::put(o, form, &super::queue::form_fields(&item.body));
                }
                note(&item.label, false, codes.clone());
            }
            Outcome::SignedOut => {
                // Waits until the same person signs in for the same enterprise.
                write(SIGNED_OUT, Some("1"));
                break;
            }
            Outcome::Unreachable => {
                schedule(&q, o);
                break;
            }
        }
    }
}

/// Sends one queued change as it was first sent.
async fn replay(path: &str, body: &str, o: Owner) -> Outcome {
    let req = gloo_net::http::Request::post(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header(OWNER_HEADER, &owner_value(o))
        .body(body.to_owned());
    let Ok(req) = req else {
        return Outcome::Unreachable;
    };
    match within(SEND_TIMEOUT, req.send()).await {
        None | Some(Err(_)) => Outcome::Unreachable,
        Some(Ok(res)) => {
            let status = res.status();
            let codes = res
                .text()
                .await
                .ok()
                .and_then(|t| serde_json::from_str::<ApiError>(&t).ok())
                .map(|e| e.problems.into_iter().map(|p| p.code).collect())
                .unwrap_or_else(|| vec!["server.internal".to_owned()]);
            Outcome::of(Some(status), codes)
        }
    }
}

/// Tries again when the owner's next waiting change is due.
fn schedule(q: &Queue, o: Owner) {
    if let Some(next) = q.next_due(o) {
        let wait = (next - now()).max(0.0) as u64;
        set_timeout(pump, std::time::Duration::from_millis(wait + 50));
    }
}

/// Wires the page: replay on `online` and now, drafts saved as one types and restored,
/// the form being submitted remembered (its draft goes when the change is applied), and
/// other tabs' changes to the queue shown.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_online = Closure::<dyn Fn()>::new(send_now);
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    on_online.forget();
    // A page that goes away in the middle of a send gives its claim back at once (the
    // next page sends again; the server recognises the key if the first one arrived).
    let on_hide = Closure::<dyn Fn()>::new(|| {
        let mut q = load();
        if q.release(&TAB.with(|t| t.clone()), false, now()) {
            save(&q);
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    on_hide.forget();
    let on_storage = Closure::<dyn Fn()>::new(bump);
    let _ = window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    on_storage.forget();
    if let Some(doc) = window.document() {
        let on_input = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if let (Some(form), Some(o)) = (draft_form(&ev), owner()) {
                drafts::save_form(o, &form);
            }
        });
        for kind in ["input", "change"] {
            let _ = doc.add_event_listener_with_callback(kind, on_input.as_ref().unchecked_ref());
        }
        on_input.forget();
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            let id = draft_form(&ev).and_then(|f| f.get_attribute("data-draft"));
            PENDING_FORM.with(|f| *f.borrow_mut() = id);
        });
        let _ = doc.add_event_listener_with_callback_and_bool(
            "submit",
            on_submit.as_ref().unchecked_ref(),
            true,
        );
        on_submit.forget();
    }
    pump();
}

/// The draft-keeping form an event happened in.
fn draft_form(ev: &web_sys::Event) -> Option<web_sys::HtmlFormElement> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    el.closest("form[data-draft]").ok()??.dyn_into().ok()
}
