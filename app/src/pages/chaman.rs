//! Chaman, the technical channels (R12). Access managers reach it automatically; anyone
//! else when a manager granted them "Chaman" among their services. First use creates the
//! enterprise's sender with its one technical contact; then channels of type FTP, SFTP,
//! SOAP and REST, for the test or production environment, are added (the server parses
//! the key or certificate and shows what it found) and activated or deactivated.

use crate::api::{load_chaman, AddChannel, ChannelView, CreateSender, SetChannelActive};
use crate::components::{action_error, loaded, new_key, CommandButton, Layout, Problems};
use domain::chaman::{ChannelKind, Environment};
use leptos::prelude::*;

fn environment_label(code: &str) -> &'static str {
    match Environment::parse(code) {
        Ok(Environment::Test) => "Test",
        Ok(Environment::Production) => "Productie",
        Err(_) => "?",
    }
}

#[component]
pub fn ChamanPage() -> impl IntoView {
    let create = ServerAction::<CreateSender>::new();
    let add = ServerAction::<AddChannel>::new();
    let toggle = ServerAction::<SetChannelActive>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                add.version().get(),
                toggle.version().get(),
            )
        },
        |_| load_chaman(),
    );
    loaded(data, move |d| {
        let body = match d.sender.clone() {
            None => view! { <SenderForm action=create/> }.into_any(),
            Some(contact) => view! {
                <section aria-labelledby="sender-title">
                    <h2 id="sender-title">"Afzender"</h2>
                    <p>"Technisch contact: " <strong>{contact.name}</strong> " · " {contact.email} " · " {contact.phone}</p>
                </section>
                <section aria-labelledby="channels-title">
                    <h2 id="channels-title">"Kanalen"</h2>
                    {move || view! { <Problems focus=true problems=action_error(toggle).map(|e| e.problems).unwrap_or_default()/> }}
                    <Channels channels=d.channels.clone() toggle=toggle/>
                    <ChannelForm action=add/>
                </section>
            }.into_any(),
        };
        view! {
            <Layout me=d.me.clone()>
                <h1>"Chaman — technische kanalen"</h1>
                {body}
            </Layout>
        }
    })
}

#[component]
fn SenderForm(action: ServerAction<CreateSender>) -> impl IntoView {
    let key = RwSignal::new(new_key());
    crate::components::renew_key_when_queued(action, key);
    let err = action.value().get_untracked().and_then(|r| r.err());
    let typed = |f: &str| {
        err.as_ref()
            .and_then(|e| e.echo.get(f).cloned())
            .unwrap_or_default()
    };
    let (name, email, phone) = (typed("name"), typed("email"), typed("phone"));
    let field_problems = move |f: &'static str| {
        move || {
            let ps = action_error(action)
                .map(|e| {
                    e.problems
                        .into_iter()
                        .filter(|p| p.field.as_deref() == Some(f))
                        .collect()
                })
                .unwrap_or_default();
            view! { <Problems problems=ps/> }
        }
    };
    view! {
        <section aria-labelledby="new-sender-title">
            <h2 id="new-sender-title">"Afzender aanmaken"</h2>
            <p>"Om Chaman te gebruiken maakt u eerst de afzender van uw onderneming aan, met één technisch contactpersoon."</p>
            <ActionForm action=action attr:class="sender" attr:data-draft="chaman-sender">
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <label for="sender-name">"Naam van het technisch contact"</label>
                <input id="sender-name" name="name" value=name/>
                <div class="field-error">{field_problems("name")}</div>
                <label for="sender-email">"E-mailadres"</label>
                <input id="sender-email" name="email" type="email" value=email/>
                <div class="field-error">{field_problems("email")}</div>
                <label for="sender-phone">"Telefoonnummer"</label>
                <input id="sender-phone" name="phone" type="tel" value=phone/>
                <div class="field-error">{field_problems("phone")}</div>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Afzender aanmaken"</button>
            </ActionForm>
            {move || view! { <Problems focus=true problems=action_error(action).map(|e| e.problems.into_iter().filter(|p| p.field.is_none()).collect()).unwrap_or_default()/> }}
        </section>
    }
}

#[component]
fn Channels(channels: Vec<ChannelView>, toggle: ServerAction<SetChannelActive>) -> impl IntoView {
    if channels.is_empty() {
        return view! { <p class="empty">"Nog geen kanalen."</p> }.into_any();
    }
    view! {
        <table class="channels">
            <thead><tr>
                <th scope="col">"Type"</th><th scope="col">"Omgeving"</th><th scope="col">"Gegevens"</th>
                <th scope="col">"Status"</th><th scope="col"><span class="visually-hidden">"Acties"</span></th>
            </tr></thead>
            <tbody>
                {channels.into_iter().map(|c| {
                    let kind = ChannelKind::parse(&c.kind).map(|k| k.to_string()).unwrap_or(c.kind.clone());
                    let name = format!("{kind} {}, kanaal {}", environment_label(&c.environment), c.id);
                    let input = SetChannelActive { channel: c.id, active: !c.active, idempotency_key: new_key() };
                    view! {
                        <tr data-channel=c.id.to_string()>
                            <td>{kind.clone()}</td>
                            <td>{environment_label(&c.environment)}</td>
                            <td><dl class="summary">{c.summary.into_iter().map(|(l, v)| view! { <dt>{l}</dt><dd>{v}</dd> }).collect_view()}</dl></td>
                            <td>{if c.active { "Actief" } else { "Niet actief" }}</td>
                            <td>{if c.active {
                                view! { <CommandButton action=toggle input=input label="Deactiveren" accessible_name=format!("Deactiveren {name}")/> }.into_any()
                            } else {
                                view! { <CommandButton action=toggle input=input label="Activeren" accessible_name=format!("Activeren {name}")/> }.into_any()
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
    view! {
        <ActionForm action=action attr:class="channel" attr:data-draft="chaman-channel">
            <h3>"Kanaal toevoegen"</h3>
            <input type="hidden" name="idempotency_key" value=move || key.get()/>
            <label for="channel-kind">"Type"</label>
            <select id="channel-kind" name="kind">
                {ChannelKind::ALL.into_iter().map(|k| view! {
                    <option value=k.code() selected=kind == k.code()>{k.to_string()}</option>
                }).collect_view()}
            </select>
            <fieldset>
                <legend>"Omgeving"</legend>
                <label><input type="radio" name="environment" value="test" checked=environment != "production"/>" Test"</label>
                <label><input type="radio" name="environment" value="production" checked=environment == "production"/>" Productie"</label>
            </fieldset>
            <label for="channel-credential">"Login (FTP), publieke OpenSSH-sleutel (SFTP), certificaat in PEM (SOAP) of publieke sleutel of certificaat in PEM (REST)"</label>
            <textarea id="channel-credential" name="credential" rows="6">{credential}</textarea>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Kanaal toevoegen"</button>
            <div class="field-error" aria-live="polite">{move || view! { <Problems focus=true problems=action_error(action).map(|e| e.problems).unwrap_or_default()/> }}</div>
        </ActionForm>
    }
}
