//! Offline-tolerant forms (issue 10): a change that cannot reach the server is queued in
//! the browser and replayed, in order and exactly once, when the connection returns; what
//! is typed is kept as a draft; a service worker shows an offline page instead of the
//! browser's error. The decisions are plain Rust (`queue`, `drafts`, `labels`), tested
//! natively; `browser` keeps them in local storage and drives them from the page's events.

pub mod client;
pub mod drafts;
mod indicator;
pub mod labels;
pub mod queue;

#[cfg(feature = "hydrate")]
pub mod browser;

pub use indicator::{QueueIndicator, UpdateBanner, WaitingNotice};

/// Remembers who this tab shows (every page's layout calls it): the forms' keys name the
/// enterprise, queued changes carry both, and only this owner's queue and drafts are used.
pub fn remember_owner(_person: i64, _enterprise: i64) {
    #[cfg(feature = "hydrate")]
    {
        // The offline page speaks the language this person's pages are shown in (kept
        // only while someone is signed in: signing out clears the site's storage).
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item("toegang.lang", crate::lang::code(crate::lang::initial()));
        }
        browser::remember_owner(queue::Owner {
            person: _person,
            enterprise: _enterprise,
        });
    }
}

/// Registers the service worker and wires the queue and the drafts to the page.
#[cfg(feature = "hydrate")]
pub fn install() {
    browser::install();
    indicator::watch_updates();
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().service_worker().register("/sw.js");
    }
}
