//! "Aanstellen": the form that appoints a helper, on the helpers' and the group's pages.

use super::{action_error, new_key, renew_key_when_queued, Problems, StaffName, StaffPreview};
use crate::api::{Problem, CONFIRM_NEEDED};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use domain::Mandate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Aanstellen": appoints a person (by national number) to a mandate. A plain POST form
/// without JavaScript; with it, the number is checked as one types (R2, from `domain`) and
/// the form is submitted without reloading. `changed` counts successful appointments, so
/// that the page can refetch; `said` receives what happened, for the page to say it.
#[component]
pub fn AppointForm(
    kind: &'static str,
    scope: String,
    label: String,
    changed: RwSignal<usize>,
    said: RwSignal<Option<lang::Flash>>,
) -> impl IntoView {
    let action = ServerAction::<crate::api::Appoint>::new();
    let form_id = format!("{kind}:{scope}");
    let draft = format!("appoint:{form_id}");
    let id = format!("appoint-{kind}-{scope}");
    let key = RwSignal::new(new_key());
    let live = RwSignal::new(None::<String>);
    // Who the typed number is, from the staff register (with JavaScript).
    let preview = StaffPreview::new();
    // Errors carry the form they are for (with or without JavaScript), since a page holds
    // several of these forms; errors that name no form (not signed in, network, refused
    // origin) concern every form and are shown, never dropped.
    let own_error =
        move || action_error(action).filter(|e| e.echo.get("form").is_none_or(|f| *f == form_id));
    let typed = own_error()
        .and_then(|e| e.echo.get("national_number").cloned())
        .unwrap_or_default();
    // Typed since the server's last answer: its error no longer describes the field.
    let edited = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(Ok(done)) = action.value().get() {
            key.set(new_key());
            said.set(Some(done));
            changed.update(|n| *n += 1);
            // Done: the form is empty again, ready for the next appointment.
            if let Some(i) = input.get_untracked() {
                i.set_value("");
            }
            preview.clear();
        }
    });
    renew_key_when_queued(action, key);
    let (kind_s, scope_s) = (kind.to_owned(), scope.clone());
    let on_input = move |ev: leptos::ev::Event| {
        edited.set(true);
        let value = event_target_value(&ev);
        preview.typed(&value);
        live.set(
            domain::NationalNumber::parse(&value)
                .err()
                .filter(|_| !value.is_empty())
                .map(|e| e.code().to_owned()),
        );
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second press while the first is under way is ignored (never two answers).
        if action.pending().get_untracked() {
            return;
        }
        let form = ev.target().and_then(|t| {
            leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok()
        });
        let Some(data) = form.and_then(|f| web_sys::FormData::new_with_form(&f).ok()) else {
            return;
        };
        let nn = data.get("national_number").as_string().unwrap_or_default();
        if let Err(e) = domain::NationalNumber::parse(&nn) {
            live.set(Some(e.code().to_owned()));
            return;
        }
        live.set(None);
        edited.set(false);
        action.dispatch(crate::api::Appoint {
            kind: kind_s.clone(),
            scope: scope_s.clone(),
            national_number: nn,
            idempotency_key: key.get_untracked(),
            confirmed: true,
        });
    };
    // Without JavaScript, the post came back as a confirmation step naming the appointee.
    let confirm = own_error()
        .filter(|e| e.has(CONFIRM_NEEDED))
        .map(|e| (e.echo.get("confirm_name").cloned().unwrap_or_default(), e.echo.get("national_number").cloned().unwrap_or_default()));
    let problems = move || match live.get() {
        Some(code) => vec![Problem { code, field: None }],
        None if edited.get() => Vec::new(),
        None => own_error()
            .map(|e| e.problems.into_iter().filter(|p| p.code != CONFIRM_NEEDED).collect())
            .unwrap_or_default(),
    };
    let l = locale();
    let mandate = Mandate::from_parts(kind, &scope).map(|m| lang::mandate_label(&m, l)).unwrap_or_default();
    let named = mandate.clone();
    let button = move || match preview.person() {
        Some(Some(name)) => td_string!(l, common.appoint_named, name = &name, mandate = &named),
        _ => td_string!(l, common.appoint).to_owned(),
    };
    let here = leptos_router::hooks::use_location().pathname.get_untracked();
    let confirm = confirm.map(|(name, nn)| {
        let title = format!("{id}-confirm");
        view! {
            <div class="confirm" role="alertdialog" aria-labelledby=title.clone()>
                <p id=title.clone()>{td_string!(l, common.appoint_question, name = &name, nn = lang::format_national_number(&nn), mandate = &mandate)}</p>
                <form method="post" action=crate::api::Appoint::PATH class="inline">
                    <input type="hidden" name="kind" value=kind/>
                    <input type="hidden" name="scope" value=scope.clone()/>
                    <input type="hidden" name="national_number" value=nn/>
                    <input type="hidden" name="idempotency_key" value=new_key()/>
                    <input type="hidden" name="confirmed" value="true"/>
                    <button type="submit" class="primary">{td_string!(l, common.appoint_named, name = &name, mandate = &mandate)}</button>
                </form>
                <a href=here class="button">{td_string!(l, common.cancel)}</a>
            </div>
        }
    });
    let person_id = format!("{id}-person");
    view! {
        {confirm}
        <form method="post" action=crate::api::Appoint::PATH class="appoint" on:submit=on_submit novalidate data-draft=draft>
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="scope" value=scope.clone()/>
            <input type="hidden" name="idempotency_key" value=move || key.get()/>
            <label for=id.clone()>{label}</label>
            <input id=id name="national_number" type="text" inputmode="numeric" autocomplete="off"
                placeholder="85.07.30-033.28" value=typed on:input=on_input node_ref=input aria-describedby=person_id.clone()/>
            <button type="submit" disabled=move || action.pending().get()>{button}</button>
            <StaffName preview=preview id=person_id/>
            <div class="field-error" aria-live="polite">{move || view! { <Problems problems=problems()/> }}</div>
        </form>
    }
}

