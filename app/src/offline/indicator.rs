//! What the page shows of the queue: how many changes wait, which, since when, and what
//! the replays came to; and the offer to reload when a new version of the app is active.

use leptos::prelude::*;

/// "2 wijzigingen wachten op verbinding", with the list, each cancellable, and the outcome
/// of each replay (applied, or refused with its reason). Empty on the server and until the
/// page is interactive (the queue lives in the browser).
#[component]
pub fn QueueIndicator() -> impl IntoView {
    view! {
        <div class="queue" role="status" aria-live="polite">
            {client_only(panel)}
        </div>
    }
}

/// What only the browser knows (its queue, its service worker): nothing on the server and
/// until the page is interactive, so that hydration finds what the server rendered.
fn client_only(render: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    move || if mounted.get() { render() } else { ().into_any() }
}

#[cfg(not(feature = "hydrate"))]
fn panel() -> AnyView {
    ().into_any()
}

#[cfg(feature = "hydrate")]
fn panel() -> AnyView {
    use super::browser;
    use super::queue::State;
    use crate::i18n::td_string;
    use crate::lang::{self, locale};
    browser::version().get();
    let l = locale();
    let Some(owner) = browser::owner() else {
        return ().into_any();
    };
    let q = browser::load();
    let items: Vec<_> = q.of(owner).into_iter().cloned().collect();
    let pending = q.pending(owner);
    let recent = browser::recent();
    let drafts = super::drafts::list();
    if items.is_empty() && recent.is_empty() && drafts.is_empty() {
        return ().into_any();
    }
    let expired_session = browser::signed_out() && pending > 0;
    let count = match pending {
        0 => td_string!(l, offline.none_waiting).to_owned(),
        n => td_string!(l, offline.waiting, count = n),
    };
    let time = |ms: f64| {
        let d = js_sys::Date::new(&ms.into());
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    };
    view! {
        <p class="queue-count">{count}</p>
        {expired_session.then(|| view! {
            <p class="queue-signed-out">{td_string!(l, offline.session_expired)} " "
                <a href="/aanmelden" rel="external">{td_string!(l, offline.sign_in_again)}</a>
                " " {td_string!(l, offline.to_send)}</p>
        })}
        {(!items.is_empty()).then(|| view! {
            <ul class="queue-list" aria-label=td_string!(l, offline.waiting_changes)>
                {items.into_iter().map(|item| {
                    let key = item.key.clone();
                    let (state, action) = match &item.state {
                        State::Refused { codes } => (
                            td_string!(l, offline.refused_because, reasons = codes.iter().map(|c| lang::message(c, l)).collect::<Vec<_>>().join(" ")),
                            td_string!(l, common.delete),
                        ),
                        State::Expired => (td_string!(l, offline.expired, days = domain::QUEUED_CHANGE_DAYS).to_owned(), td_string!(l, common.delete)),
                        State::Sending { .. } => (td_string!(l, offline.sending).to_owned(), td_string!(l, common.cancel)),
                        State::Waiting { .. } => (td_string!(l, offline.waits).to_owned(), td_string!(l, common.cancel)),
                    };
                    let name = format!("{action}: {}", item.label);
                    view! {
                        <li>
                            <span class="label">{item.label.clone()}</span>
                            " · " <span class="time">{time(item.queued_at)}</span>
                            " · " <span class="state">{state}</span>
                            " " <button type="button" class="link" aria-label=name on:click=move |_| browser::cancel(&key)>{action}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!recent.is_empty()).then(|| view! {
            <ul class="queue-recent" aria-label=td_string!(l, offline.sent_changes)>
                {recent.into_iter().map(|(label, applied, codes)| {
                    let text = if applied {
                        td_string!(l, offline.applied, label = &label)
                    } else {
                        td_string!(l, offline.refused, label = &label, reasons = codes.iter().map(|c| lang::message(c, l)).collect::<Vec<_>>().join(" "))
                    };
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
            <button type="button" class="link" on:click=|_| browser::dismiss_recent()>{td_string!(l, offline.close_messages)}</button>
        })}
        {(!drafts.is_empty()).then(|| view! {
            <ul class="queue-drafts" aria-label=td_string!(l, offline.drafts)>
                {drafts.into_iter().map(|form| {
                    let label = super::labels::draft(&form, l);
                    let name = td_string!(l, offline.clear_draft_named, label = &label);
                    view! {
                        <li>{td_string!(l, offline.draft, label = &label)} " "
                            <button type="button" class="link" aria-label=name
                                on:click=move |_| { if let Some(o) = browser::owner() { super::drafts::clear(o, &form); } }>
                                {td_string!(l, offline.clear_draft)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
thread_local! {
    static UPDATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Shows the offer to reload once a new service worker (a new build) controls the page.
#[cfg(feature = "hydrate")]
pub(super) fn watch_updates() {
    use wasm_bindgen::JsCast;
    let Some(sw) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let had_controller = sw.controller().is_some();
    let on_change = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if had_controller {
            UPDATED.with(|u| u.set(true));
        }
    });
    let _ = sw.add_event_listener_with_callback("controllerchange", on_change.as_ref().unchecked_ref());
    on_change.forget();
}

/// "Er is een nieuwe versie van Toegang." with a reload button.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    client_only(|| {
        #[cfg(feature = "hydrate")]
        if UPDATED.with(|u| u.get()) {
            let l = crate::lang::locale();
            return view! {
                <div class="update-banner" role="status">
                    {crate::i18n::td_string!(l, offline.new_version)} " "
                    <button type="button" on:click=|_| { let _ = web_sys::window().map(|w| w.location().reload()); }>{crate::i18n::td_string!(l, offline.reload)}</button>
                </div>
            }
            .into_any();
        }
        ().into_any()
    })
}

/// On the sign-in page: changes still wait in this browser (the session ended); they go
/// once the same person signs in for the same enterprise.
#[component]
pub fn WaitingNotice() -> impl IntoView {
    client_only(|| {
        #[cfg(feature = "hydrate")]
        {
            let n = super::browser::waiting_anyone();
            if n > 0 {
                let l = crate::lang::locale();
                return view! {
                    <p class="queue-signed-out" role="status">{crate::i18n::td_string!(l, offline.waiting_in_browser, count = n)}</p>
                }
                .into_any();
            }
        }
        ().into_any()
    })
}
