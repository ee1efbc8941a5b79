//! Who a typed national number is (R4, R7): as soon as the number is valid, the page asks
//! the enterprise's staff register (`look_up_staff`) and shows the name it gives, or that
//! the register does not hold the person, before anything is submitted. With JavaScript
//! only; without it, the form's post answers with a confirmation step naming the person.

use crate::api::LookUpStaff;
use crate::i18n::td_string;
use crate::lang::{self, locale};
use leptos::prelude::*;

/// The look-up of one form's national number field.
#[derive(Clone, Copy)]
pub struct StaffPreview {
    /// The valid number last typed (its 11 digits), or empty.
    asked: RwSignal<String>,
    lookup: ServerAction<LookUpStaff>,
}

impl Default for StaffPreview {
    fn default() -> Self {
        Self::new()
    }
}

impl StaffPreview {
    pub fn new() -> Self {
        StaffPreview {
            asked: RwSignal::new(String::new()),
            lookup: ServerAction::new(),
        }
    }

    /// What the field holds now: a valid number (R2, from `domain`) is asked about once.
    pub fn typed(&self, input: &str) {
        match domain::NationalNumber::parse(input) {
            Ok(nn) if nn.digits() != self.asked.get_untracked() => {
                self.asked.set(nn.digits().to_owned());
                self.lookup.dispatch(LookUpStaff {
                    national_number: nn.digits().to_owned(),
                });
            }
            Ok(_) => {}
            Err(_) => self.asked.set(String::new()),
        }
    }

    /// The field is empty again (after a success).
    pub fn clear(&self) {
        self.asked.set(String::new());
    }

    /// The answer for the number in the field: `Some(Some(name))` when the register holds
    /// the person, `Some(None)` when it does not, `None` while there is no answer (yet).
    pub fn person(&self) -> Option<Option<String>> {
        let asked = self.asked.get();
        if asked.is_empty() {
            return None;
        }
        match self.lookup.value().get() {
            Some(Ok(found)) if found.national_number == asked => Some(found.name),
            _ => None,
        }
    }

    /// A refusal of the look-up itself (too many look-ups), if any; an unreachable server
    /// says nothing here (the form's own submission says it, or queues the change).
    fn refusal(&self) -> Option<String> {
        (!self.asked.get().is_empty())
            .then(|| self.lookup.value().get())
            .flatten()
            .and_then(|r| r.err())
            .filter(|e| e.kind == domain::ErrorKind::Throttled)
            .and_then(|e| e.problems.first().map(|p| p.code.clone()))
    }
}

/// The name the staff register gives the typed number, announced politely.
#[component]
pub fn StaffName(preview: StaffPreview, id: String) -> impl IntoView {
    let l = locale();
    view! {
        <p id=id class="staff-name" aria-live="polite">
            {move || match (preview.person(), preview.refusal()) {
                (Some(Some(name)), _) => view! { <span class="found">{name}</span> }.into_any(),
                (Some(None), _) => view! { <span class="unknown">{td_string!(l, common.not_in_staff_register)}</span> }.into_any(),
                (None, Some(code)) => view! { <span class="unknown">{lang::message(&code, l)}</span> }.into_any(),
                (None, None) => ().into_any(),
            }}
        </p>
    }
}
