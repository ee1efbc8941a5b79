//! Chaman, the technical channels (R12). Access managers reach it automatically; anyone
//! else when a manager granted them "Chaman" among their services. First use creates the
//! enterprise's sender with its one technical contact; then channels of type FTP, SFTP,
//! SOAP and REST, for the test or production environment, are added (the server parses
//! the key or certificate and shows what it found), activated or deactivated, and, once
//! inactive, removed after a confirmation. The technical contact can be changed.

use crate::api::{
    load_chaman, AddChannel, ChangeTechnicalContact, ChannelView, CreateSender, RemoveChannel,
    SetChannelActive,
};
use crate::error::{ApiError, Problem};
use crate::components::{action_error, loaded, new_key, CommandButton, Layout, Problems};
use domain::chaman::{ChannelKind, Environment};
use crate::i18n::{td_string, Locale};
use crate::lang::{self, locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

fn environment_label(code: &str, l: Locale) -> &'static str {
    match Environment::parse(code) {
        Ok(Environment::Test) => td_string!(l, chaman.test),
        Ok(Environment::Production) => td_string!(l, chaman.production),
        Err(_) => "?",
    }
}

/// A line of what the server found in a key or certificate: its label in words, and days
/// as the language writes them (a label stored before labels were codes, as it is).
fn summary_line(code: &str, value: String, l: Locale) -> (String, String) {
    let (label, value) = match code {
        "login" => (td_string!(l, chaman.found.login), value),
        "client_id" => (td_string!(l, chaman.found.client_id), value),
        "type" => (td_string!(l, chaman.found.kind), value),
        "fingerprint" => (td_string!(l, chaman.found.fingerprint), value),
        "comment" => (td_string!(l, chaman.found.comment), value),
        "subject" => (td_string!(l, chaman.found.subject), value),
        "valid_from" => (td_string!(l, chaman.found.valid_from), lang::date(&value, l)),
        "valid_until" => (td_string!(l, chaman.found.valid_until), lang::date(&value, l)),
        "key" => (td_string!(l, chaman.found.key), value),
        _ => return (code.to_owned(), value),
    };
    (label.to_owned(), value)
}

#[component]
pub fn ChamanPage() -> impl IntoView {
    let create = ServerAction::<CreateSender>::new();
    let add = ServerAction::<AddChannel>::new();
    let toggle = ServerAction::<SetChannelActive>::new();
    let remove = ServerAction::<RemoveChannel>::new();
    let contact_change = ServerAction::<ChangeTechnicalContact>::new();
    // What the last change here did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<crate::lang::Flash>);
    crate::components::say_outcome(said, create);
    crate::components::say_outcome(said, add);
    crate::components::say_outcome(said, toggle);
    crate::components::say_outcome(said, remove);
    crate::components::say_outcome(said, contact_change);
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                add.version().get(),
                toggle.version().get(),
                remove.version().get(),
                contact_change.version().get(),
            )
        },
        |_| load_chaman(),
    );
    loaded(data, move |d| {
        let l = locale();
        let body = match d.sender.clone() {
            None => view! { <SenderForm action=create/> }.into_any(),
            Some(contact) => view! {
                <section aria-labelledby="sender-title">
                    <h2 id="sender-title">{td_string!(l, chaman.sender)}</h2>
                    <p>{td_string!(l, chaman.technical_contact)} ": " <strong>{contact.name.clone()}</strong> " · " {contact.email.clone()} " · " {lang::phone(&contact.phone)}</p>
                    <ContactChangeForm action=contact_change contact=contact/>
                </section>
                <section aria-labelledby="channels-title">
                    <h2 id="channels-title">{td_string!(l, chaman.channels)}</h2>
                    {move || view! { <Problems focus=true problems=action_error(toggle).or_else(|| action_error(remove)).map(|e| e.problems).unwrap_or_default()/> }}
                    <Channels channels=d.channels.clone() toggle=toggle remove=remove/>
                    <ChannelForm action=add/>
                </section>
            }.into_any(),
        };
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={td_string!(l, chaman.title)}/>
                <crate::components::Said said=said/>
                {body}
            </Layout>
        }
    })
}

/// The technical contact's three fields, with what was typed before an error (else the
/// stored contact) and each field's problems.
#[component]
fn ContactFields(
    prefix: &'static str,
    err: Option<ApiError>,
    stored: domain::contact_data::ContactPerson,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let typed = |f: &str, stored: String| {
        err.as_ref()
            .and_then(|e| e.echo.get(f).cloned())
            .unwrap_or(stored)
    };
    let (name, email, phone) = (
        typed("name", stored.name),
        typed("email", stored.email),
        typed("phone", lang::phone(&stored.phone)),
    );
    let field_problems = move |f: &'static str| {
        move || {
            let ps = problems
                .get()
                .into_iter()
                .filter(|p| p.field.as_deref() == Some(f))
                .collect();
            view! { <Problems problems=ps/> }
        }
    };
    let l = locale();
    let id = |f: &str| format!("{prefix}-{f}");
    view! {
        <label for=id("name")>{td_string!(l, chaman.contact_name)}</label>
        <input id=id("name") name="name" value=name/>
        <div class="field-error">{field_problems("name")}</div>
        <label for=id("email")>{td_string!(l, common.email)}</label>
        <input id=id("email") name="email" type="email" value=email/>
        <div class="field-error">{field_problems("email")}</div>
        <label for=id("phone")>{td_string!(l, common.phone)}</label>
        <input id=id("phone") name="phone" type="tel" value=phone/>
        <div class="field-error">{field_problems("phone")}</div>
    }
}

/// The problems of a form's last submission: of its fields, and of none.
fn problems_of<S>(action: ServerAction<S>, with_field: bool) -> Signal<Vec<Problem>>
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action_error(action)
            .map(|e| e.problems.into_iter().filter(|p| p.field.is_some() == with_field).collect())
            .unwrap_or_default()
    })
}

#[component]
fn SenderForm(action: ServerAction<CreateSender>) -> impl IntoView {
    let key = RwSignal::new(new_key());
    crate::components::renew_key_when_queued(action, key);
    let err = action.value().get_untracked().and_then(|r| r.err());
    let l = locale();
    view! {
        <section aria-labelledby="new-sender-title">
            <h2 id="new-sender-title">{td_string!(l, chaman.create_sender)}</h2>
            <p>{td_string!(l, chaman.create_sender_intro)}</p>
            <ActionForm action=action attr:class="sender" attr:data-draft="chaman-sender" attr:novalidate=true>
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <ContactFields prefix="sender" err=err stored=Default::default() problems=problems_of(action, true)/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>{td_string!(l, chaman.create_sender)}</button>
            </ActionForm>
            {move || view! { <Problems focus=true problems=problems_of(action, false).get()/> }}
        </section>
    }
}

/// "Technisch contact wijzigen": the form, prefilled with the contact (with what was typed
/// after a refusal).
#[component]
fn ContactChangeForm(
    action: ServerAction<ChangeTechnicalContact>,
    contact: domain::contact_data::ContactPerson,
) -> impl IntoView {
    let key = RwSignal::new(new_key());
    crate::components::renew_key_when_queued(action, key);
    let err = action.value().get_untracked().and_then(|r| r.err());
    let l = locale();
    view! {
        <div class="contact-change" role="group" aria-labelledby="contact-change-title">
            <h3 id="contact-change-title">{td_string!(l, chaman.change_contact)}</h3>
            <ActionForm action=action attr:class="sender" attr:data-draft="chaman-contact" attr:novalidate=true>
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <ContactFields prefix="contact" err=err stored=contact problems=problems_of(action, true)/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>{td_string!(l, chaman.save_contact)}</button>
            </ActionForm>
            {move || view! { <Problems focus=true problems=problems_of(action, false).get()/> }}
        </div>
    }
}

#[component]
fn Channels(
    channels: Vec<ChannelView>,
    toggle: ServerAction<SetChannelActive>,
    remove: ServerAction<RemoveChannel>,
) -> impl IntoView {
    let l = locale();
    // Removing cannot be undone: "Verwijderen" leads to a confirmation step that follows
    // the URL (`?verwijderen=<id>`, the same without JavaScript).
    let asked = crate::pages::query_param("verwijderen");
    let here = leptos_router::hooks::use_location().pathname;
    if channels.is_empty() {
        return view! { <p class="empty">{td_string!(l, chaman.no_channels)}</p> }.into_any();
    }
    view! {
        <table class="channels">
            <thead><tr>
                <th scope="col">{td_string!(l, chaman.kind)}</th><th scope="col">{td_string!(l, chaman.environment)}</th><th scope="col">{td_string!(l, chaman.details)}</th>
                <th scope="col">{td_string!(l, common.status)}</th><th scope="col"><span class="visually-hidden">{td_string!(l, common.actions)}</span></th>
            </tr></thead>
            <tbody>
                {channels.into_iter().map(|c| {
                    let kind = ChannelKind::parse(&c.kind).map(|k| k.to_string()).unwrap_or(c.kind.clone());
                    let name = td_string!(l, chaman.channel_name, kind = &kind, environment = environment_label(&c.environment, l), id = c.id);
                    let input = SetChannelActive { channel: c.id, active: !c.active, idempotency_key: new_key() };
                    view! {
                        <tr data-channel=c.id.to_string()>
                            <td>{kind.clone()}</td>
                            <td>{environment_label(&c.environment, l)}</td>
                            <td><dl class="summary">{c.summary.into_iter().map(|(code, v)| { let (label, v) = summary_line(&code, v, l); view! { <dt>{label}</dt><dd>{v}</dd> } }).collect_view()}</dl></td>
                            <td>{if c.active { td_string!(l, common.active) } else { td_string!(l, chaman.inactive) }}</td>
                            <td>{if c.active {
                                view! { <CommandButton action=toggle input=input label=td_string!(l, chaman.deactivate) accessible_name=td_string!(l, chaman.deactivate_named, name = &name)/> }.into_any()
                            } else {
                                let id = c.id.to_string();
                                let drop = RemoveChannel { channel: c.id, idempotency_key: new_key() };
                                let name = name.clone();
                                view! {
                                    <CommandButton action=toggle input=input label=td_string!(l, chaman.activate) accessible_name=td_string!(l, chaman.activate_named, name = &name)/>
                                    {move || if asked.get() == id {
                                        let (name, drop, id) = (name.clone(), drop.clone(), id.clone());
                                        let title = format!("remove-{id}");
                                        view! {
                                            <div class="confirm" role="alertdialog" aria-labelledby=title.clone()>
                                                <p id=title.clone()>{td_string!(l, chaman.remove_question, name = &name)}</p>
                                                <CommandButton action=remove input=drop label=td_string!(l, common.confirm) class="danger"
                                                    accessible_name=td_string!(l, chaman.remove_confirm_named, name = &name)/>
                                                <a href=here.get() class="button">{td_string!(l, common.cancel)}</a>
                                            </div>
                                        }.into_any()
                                    } else {
                                        let (id, label) = (id.clone(), td_string!(l, chaman.remove_named, name = &name));
                                        view! {
                                            <leptos_router::components::Form method="get" action=here.get() attr:class="inline">
                                                <input type="hidden" name="verwijderen" value=id/>
                                                <button type="submit" class="danger" aria-label=label>{td_string!(l, common.delete)}</button>
                                            </leptos_router::components::Form>
                                        }.into_any()
                                    }}
                                }.into_any()
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ChannelForm(action: ServerAction<AddChannel>) -> impl IntoView {
    let key = RwSignal::new(new_key());
    crate::components::renew_key_when_queued(action, key);
    let err = action.value().get_untracked().and_then(|r| r.err());
    let typed = |f: &str| {
        err.as_ref()
            .and_then(|e| e.echo.get(f).cloned())
            .unwrap_or_default()
    };
    let (kind, environment, credential) =
        (typed("kind"), typed("environment"), typed("credential"));
    // Added: the form is empty again (a second press would only be refused as the same
    // channel).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
        }
    });
    let l = locale();
    view! {
        <ActionForm action=action node_ref=form attr:class="channel" attr:data-draft="chaman-channel" attr:novalidate=true>
            <h3>{td_string!(l, chaman.add_channel)}</h3>
            <input type="hidden" name="idempotency_key" value=move || key.get()/>
            <label for="channel-kind">{td_string!(l, chaman.kind)}</label>
            <select id="channel-kind" name="kind">
                {ChannelKind::ALL.into_iter().map(|k| view! {
                    <option value=k.code() selected=kind == k.code()>{k.to_string()}</option>
                }).collect_view()}
            </select>
            <fieldset>
                <legend>{td_string!(l, chaman.environment)}</legend>
                <label><input type="radio" name="environment" value="test" checked=environment != "production"/>" " {td_string!(l, chaman.test)}</label>
                <label><input type="radio" name="environment" value="production" checked=environment == "production"/>" " {td_string!(l, chaman.production)}</label>
            </fieldset>
            <label for="channel-credential">{td_string!(l, chaman.credential)}</label>
            <textarea id="channel-credential" name="credential" rows="6">{credential}</textarea>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{td_string!(l, chaman.add_channel)}</button>
            <div class="field-error" aria-live="polite">{move || view! { <Problems focus=true problems=action_error(action).map(|e| e.problems).unwrap_or_default()/> }}</div>
        </ActionForm>
    }
}
