//! ContactData (R11): the enterprise's address and general contact, a contact person per
//! role, and the history of changes. Every access manager, group manager and user of the
//! enterprise reaches it. Forms post without JavaScript; with it, `domain` checks every
//! field before anything is sent and the page refreshes in place.

use crate::api::{
    load_contact_data, ApiError, HistoryItem, Problem, SaveContactData, SaveContactPerson,
};
use crate::components::{action_error, loaded, new_key, Layout, Problems};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use domain::contact_data::{parse_contact_person, parse_enterprise_contact, AddressInput, FieldError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// One labelled text field with its own errors.
#[component]
fn Field(
    form: String,
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional)] kind: Option<&'static str>,
    errors: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let err_id = format!("{id}-error");
    let mine = move || {
        errors
            .get()
            .into_iter()
            .filter(|p| p.field.as_deref() == Some(name))
            .collect::<Vec<_>>()
    };
    view! {
        <label for=id.clone()>{label}</label>
        // The attribute for the server-rendered page, the property for a refreshed one (so
        // that the saved, normalised value replaces what was typed).
        <input id=id name=name type=kind.unwrap_or("text") value=value.clone() prop:value=value
            aria-describedby=err_id.clone() aria-invalid=move || (!mine().is_empty()).to_string()/>
        <div class="field-error" id=err_id aria-live="polite">{move || view! { <Problems problems=mine()/> }}</div>
    }
}

fn problems_of(errors: Vec<FieldError>) -> Vec<Problem> {
    ApiError::from(errors).problems
}

/// Typed values to show again: after a refused post without JavaScript, what was typed.
fn typed(error: &Option<ApiError>, form: &str, field: &str, stored: &str) -> String {
    match error {
        Some(e) if e.echo.get("form").map(String::as_str) == Some(form) => {
            e.echo.get(field).cloned().unwrap_or_default()
        }
        _ => stored.to_owned(),
    }
}

fn form_value(data: &web_sys::FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default()
}

fn form_data(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::FormData> {
    let form = ev
        .target()
        .and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())?;
    web_sys::FormData::new_with_form(&form).ok()
}

#[component]
pub fn ContactDataPage() -> impl IntoView {
    let save = ServerAction::<SaveContactData>::new();
    let save_person = ServerAction::<SaveContactPerson>::new();
    // What the last change here did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<crate::lang::Flash>);
    crate::components::say_outcome(said, save);
    crate::components::say_outcome(said, save_person);
    let data = Resource::new(
        move || (save.version().get(), save_person.version().get()),
        |_| load_contact_data(),
    );
    loaded(data, move |d| {
        let c = d.contact.clone().unwrap_or_default();
        // Read once, untracked: what a refused post without JavaScript typed.
        let err = save.value().get_untracked().and_then(|r| r.err());
        let live = RwSignal::new(Vec::<Problem>::new());
        let key = RwSignal::new(new_key());
        let errors = Signal::derive(move || {
            let l = live.get();
            if !l.is_empty() {
                return l;
            }
            action_error(save)
                .filter(|e| e.echo.get("form").is_none_or(|f| f == "address"))
                .map(|e| e.problems)
                .unwrap_or_default()
        });
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(f) = form_data(&ev) else { return };
            let v = |n| form_value(&f, n);
            let (country, street, postal_code, municipality) =
                (v("country"), v("street"), v("postal_code"), v("municipality"));
            let address = AddressInput {
                country: &country,
                street: &street,
                postal_code: &postal_code,
                municipality: &municipality,
            };
            match parse_enterprise_contact(
                address,
                &v("email"),
                &v("phone"),
                &v("language"),
            ) {
                Err(e) => live.set(problems_of(e)),
                Ok(_) => {
                    live.set(Vec::new());
                    save.dispatch(SaveContactData {
                        street: v("street"),
                        postal_code: v("postal_code"),
                        municipality: v("municipality"),
                        email: v("email"),
                        phone: v("phone"),
                        language: v("language"),
                        country: v("country"),
                        idempotency_key: key.get_untracked(),
                    });
                    key.set(new_key());
                }
            }
        };
        let general = errors;
        let language = typed(&err, "address", "language", &c.language);
        let country = typed(&err, "address", "country", &c.country);
        let t = |field: &str, stored: &str| typed(&err, "address", field, stored);
        let l = locale();
        let (street, postal_code, municipality, email, phone) = (
            t("street", &c.street),
            t("postal_code", &c.postal_code),
            t("municipality", &c.municipality),
            t("email", &c.email),
            t("phone", &lang::phone(&c.phone)),
        );
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text="ContactData"/>
                <crate::components::Said said=said/>
                <p class="note">{td_string!(l, contact.intro)}</p>
                <section aria-labelledby="address-title">
                    <h2 id="address-title">{td_string!(l, contact.address)}</h2>
                    <form method="post" action=SaveContactData::PATH class="contact" on:submit=on_submit novalidate data-draft="contact-data">
                        <input type="hidden" name="idempotency_key" value=move || key.get()/>
                        <Field form="address".into() name="street" label=td_string!(l, contact.street) value=street.clone() errors=general/>
                        <Field form="address".into() name="postal_code" label=td_string!(l, contact.postal_code) value=postal_code.clone() errors=general/>
                        <Field form="address".into() name="municipality" label=td_string!(l, contact.municipality) value=municipality.clone() errors=general/>
                        <label for="address-country">{td_string!(l, contact.country)}</label>
                        <select id="address-country" name="country" aria-describedby="address-country-error">
                            {domain::contact::COUNTRIES.iter().map(|code| {
                                view! { <option value=*code selected=country.eq_ignore_ascii_case(code)>{lang::country_name(code, l)}</option> }
                            }).collect_view()}
                        </select>
                        <div class="field-error" id="address-country-error">{move || view! { <Problems problems={general.get().into_iter().filter(|p| p.field.as_deref() == Some("country")).collect::<Vec<_>>()}/> }}</div>
                        <Field form="address".into() name="email" label=td_string!(l, contact.general_email) kind="email" value=email.clone() errors=general/>
                        <Field form="address".into() name="phone" label=td_string!(l, common.phone) kind="tel" value=phone.clone() errors=general/>
                        <label for="address-language">{td_string!(l, contact.language)}</label>
                        <select id="address-language" name="language">
                            {domain::contact::LANGUAGES.iter().map(|code| {
                                let name = lang::parse(code).map(lang::own_name).unwrap_or(code);
                                view! { <option value=*code selected=language.as_str() == *code>{name}</option> }
                            }).collect_view()}
                        </select>
                        <div class="field-error">{move || view! { <Problems problems={general.get().into_iter().filter(|p| p.field.is_none() || p.field.as_deref() == Some("language")).collect::<Vec<_>>()}/> }}</div>
                        <button type="submit" class="primary" disabled=move || save.pending().get()>{td_string!(l, contact.save)}</button>
                    </form>
                </section>
                <section aria-labelledby="persons-title">
                    <h2 id="persons-title">{td_string!(l, contact.persons)}</h2>
                    {d.roles.iter().map(|(role, person)| view! {
                        <PersonForm role=role.clone() person=person.clone().unwrap_or_default() action=save_person/>
                    }).collect_view()}
                </section>
                <section aria-labelledby="history-title">
                    <h2 id="history-title">{td_string!(l, contact.history)}</h2>
                    <History items=d.history.clone()/>
                </section>
            </Layout>
        }
    })
}

#[component]
fn PersonForm(
    role: String,
    person: domain::contact_data::ContactPerson,
    action: ServerAction<SaveContactPerson>,
) -> impl IntoView {
    let live = RwSignal::new(Vec::<Problem>::new());
    let key = RwSignal::new(new_key());
    let err = action.value().get_untracked().and_then(|r| r.err());
    let form_role = role.clone();
    let errors = Signal::derive(move || {
        let l = live.get();
        if !l.is_empty() {
            return l;
        }
        action_error(action)
            .filter(|e| e.echo.get("form").is_none_or(|f| *f == form_role))
            .map(|e| e.problems)
            .unwrap_or_default()
    });
    let r = role.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = form_data(&ev) else { return };
        let v = |n| form_value(&f, n);
        match parse_contact_person(&v("name"), &v("email"), &v("phone")) {
            Err(e) => live.set(problems_of(e)),
            Ok(_) => {
                live.set(Vec::new());
                action.dispatch(SaveContactPerson {
                    group: r.clone(),
                    name: v("name"),
                    email: v("email"),
                    phone: v("phone"),
                    idempotency_key: key.get_untracked(),
                });
                key.set(new_key());
            }
        }
    };
    let t = |field: &str, stored: &str| typed(&err, &role, field, stored);
    let l = locale();
    let title = lang::group_name(&role, l);
    view! {
        <form method="post" action=SaveContactPerson::PATH class="contact-person" on:submit=on_submit novalidate
            aria-label=td_string!(l, contact.person_for, group = &title) data-draft=format!("contact-person:{role}")>
            <h3>{title.clone()}</h3>
            <input type="hidden" name="group" value=role.clone()/>
            <input type="hidden" name="idempotency_key" value=move || key.get()/>
            <Field form=role.clone() name="name" label=td_string!(l, common.name) value=t("name", &person.name) errors=errors/>
            <Field form=role.clone() name="email" label=td_string!(l, common.email) kind="email" value=t("email", &person.email) errors=errors/>
            <Field form=role.clone() name="phone" label=td_string!(l, common.phone) kind="tel" value=t("phone", &lang::phone(&person.phone)) errors=errors/>
            <button type="submit" disabled=move || action.pending().get()>{td_string!(l, contact.save_person, group = &title)}</button>
        </form>
    }
}

#[component]
fn History(items: Vec<HistoryItem>) -> impl IntoView {
    let l = locale();
    if items.is_empty() {
        return view! { <p class="empty">{td_string!(l, contact.no_changes)}</p> }.into_any();
    }
    let what = move |w: &str| {
        if w == "address" {
            td_string!(l, contact.address).to_owned()
        } else {
            td_string!(l, contact.person_for, group = lang::group_name(w, l))
        }
    };
    let label = move |k: &str| match k {
        "street" => td_string!(l, contact.street),
        "postal_code" => td_string!(l, contact.postal_code),
        "municipality" => td_string!(l, contact.municipality),
        "country" => td_string!(l, contact.country),
        "email" => td_string!(l, common.email),
        "phone" => td_string!(l, common.phone),
        "name" => td_string!(l, common.name),
        "language" => td_string!(l, contact.language),
        _ => "?",
    };
    let pairs = move |v: &[(String, String)]| {
        v.iter()
            .map(|(k, v)| match k.as_str() {
                "country" => format!("{}: {}", label(k), lang::country_name(v, l)),
                _ => format!("{}: {v}", label(k)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <table class="history">
            <thead><tr>
                <th scope="col">{td_string!(l, contact.when)}</th><th scope="col">{td_string!(l, contact.who)}</th><th scope="col">{td_string!(l, contact.what)}</th>
                <th scope="col">{td_string!(l, contact.before)}</th><th scope="col">{td_string!(l, contact.after)}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|h| view! {
                    <tr>
                        <td>{lang::date_time(&h.at, l)}</td>
                        <td>{h.who.clone()}</td>
                        <td>{what(&h.what)}</td>
                        <td>{pairs(&h.before)}</td>
                        <td>{pairs(&h.after)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
