//! The group page: its users with search and pagination, and "Voeg gebruiker toe".

use super::{page_param, param, query_param};
use crate::api::{group_view, AddUser, ApiError, Holder, MemberRow, Problem, Revoke, CONFIRM_NEEDED};
use crate::components::{
    action_error, loaded, AppointForm, IconButton, Layout, Pager, Problems, SearchForm,
};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use domain::rules::{validate_user_addition, AdditionFacts, UserAdditionInput};
use domain::{Catalogue, RoleDef};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn GroupPage() -> impl IntoView {
    let group = param("group");
    let query = query_param("q");
    let page = page_param();
    let add = ServerAction::<AddUser>::new();
    // Refetch the list after a successful addition only: a refused one keeps the form as
    // it is (with its errors), and an offline attempt does not replace the page.
    let added = Memo::new(move |prev: Option<&usize>| {
        let version = add.version().get();
        match add.value().get_untracked() {
            Some(Ok(_)) => version,
            _ => prev.copied().unwrap_or(0),
        }
    });
    let revoke = ServerAction::<Revoke>::new();
    let appointed = RwSignal::new(0usize);
    // What the last change here did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<lang::Flash>);
    crate::components::say_outcome(said, add);
    crate::components::say_outcome(said, revoke);
    let data = Resource::new(
        move || {
            (
                group.get(),
                query.get(),
                page.get(),
                added.get(),
                revoke.version().get(),
                appointed.get(),
            )
        },
        |(g, q, p, ..)| group_view(g, q, p),
    );
    loaded(data, move |d| {
        let adding_first = add.value().get_untracked().is_some_and(|r| r.is_err())
            || !query_param("toevoegen").get_untracked().is_empty();
        let base = format!("/groepen/{}", d.group);
        let pages = d.members.pages();
        let l = locale();
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={lang::group_name(&d.group, l)}/>
                <crate::components::Said said=said/>
                <p class="domain">{td_string!(l, common.domain)} ": " {Catalogue::get().role(&d.group).map(|r| lang::domain_name(&r.domain, l))}</p>
                // The group's users first, with a way to the form that adds one; the form
                // leads only while it has something to say (a refusal or a confirmation to
                // give, or a number a user's page sent here with).
                {adding_first.then(|| view! { <AddUserForm group=d.group.clone() action=add/> })}
                <h2 id="users-title">{td_string!(l, common.menu_users)}</h2>
                {(!adding_first).then(|| view! { <p><a href="#add-user-title" class="button">{td_string!(l, group.add_user)}</a></p> })}
                <SearchForm query=d.query.clone()/>
                <MembersTable rows=d.members.items.clone() actor=d.me.actor()/>
                <Pager base=base query=d.query.clone() page=d.members.page pages=pages total=d.members.total/>
                {(!adding_first).then(|| view! { <AddUserForm group=d.group.clone() action=add/> })}
                // After the work of the page: its first controls find and add users, not
                // revoke the group manager.
                <GroupManager group=d.group.clone() holder=d.group_manager.clone() actor=d.me.actor() revoke=revoke appointed=appointed said=said/>
            </Layout>
        }.into_any()
    })
}

/// "Een Groepsbeheerder per groep" (R4, R5): the group's manager, appointed and revoked
/// here by a manager of the group's domain or above.
#[component]
fn GroupManager(
    group: String,
    holder: Option<Holder>,
    actor: domain::rules::Actor,
    revoke: ServerAction<Revoke>,
    appointed: RwSignal<usize>,
    said: RwSignal<Option<lang::Flash>>,
) -> impl IntoView {
    let mandate = domain::Mandate::GroupManager(group.clone());
    // The same `domain` rule as the server's decides what is offered.
    let may = domain::appoint::check_revocation(&actor, &mandate).is_ok();
    let l = locale();
    let body = match holder {
        Some(h) => crate::pages::managers::holder_view(&h, &mandate, may, revoke).into_any(),
        None if may => view! {
            <AppointForm kind="group_manager" scope=group.clone()
                label=td_string!(l, group.new_group_manager).to_owned() changed=appointed said=said/>
        }
        .into_any(),
        None => view! { <span class="empty">{td_string!(l, group.no_group_manager)}</span> }.into_any(),
    };
    view! {
        <section class="group-manager" aria-labelledby="gm-title">
            <h2 id="gm-title">{td_string!(l, group.group_manager)}</h2>
            {move || view! { <Problems focus=true problems=action_error(revoke).map(|e| e.problems).unwrap_or_default()/> }}
            {body}
        </section>
    }
}

/// The users of one group, each with "Bewerken", and "Verwijderen" where the rules allow
/// it (`domain::rules::check_delete`, as the server decides: never the main access
/// manager, R10).
#[component]
fn MembersTable(rows: Vec<MemberRow>, actor: domain::rules::Actor) -> impl IntoView {
    let l = locale();
    if rows.is_empty() {
        return view! { <p class="empty">{td_string!(l, common.no_users_found)}</p> }.into_any();
    }
    view! {
        <table class="members">
            <thead><tr>
                <th scope="col">{td_string!(l, common.name)}</th>
                <th scope="col">{td_string!(l, common.national_number)}</th>
                <th scope="col">{td_string!(l, common.online_services)}</th>
                <th scope="col">{td_string!(l, common.status)}</th>
                <th scope="col"><span class="visually-hidden">{td_string!(l, common.actions)}</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let edit = format!("/groepen/{}/gebruikers/{}", m.group, m.national_number);
                    let deletable = m
                        .as_rule_view()
                        .is_some_and(|v| domain::rules::check_delete(&actor, &v).is_ok());
                    view! {
                        <tr data-national-number=m.national_number.clone()>
                            <td class="name">{m.name.clone()}</td>
                            <td class="nn">{lang::format_national_number(&m.national_number)}</td>
                            <td class="services">{lang::service_names(&m.services, l)}</td>
                            <td class="status">{status_badge(m.blocked)}</td>
                            <td class="actions">
                                <IconButton href=edit.clone() name=td_string!(l, common.edit) icon="bewerken"/>
                                {deletable.then(|| view! {
                                    <IconButton href=edit name=td_string!(l, common.delete) icon="verwijderen" params=vec![("bevestig", "verwijderen")]/>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

pub(crate) fn status_badge(blocked: bool) -> impl IntoView {
    let l = locale();
    if blocked {
        view! { <span class="badge blocked">{td_string!(l, common.blocked)}</span> }
    } else {
        view! { <span class="badge active">{td_string!(l, common.active)}</span> }
    }
}

/// What the form holds right now (read from the DOM, so that what was typed before the
/// page finished loading counts too).
#[derive(Clone, Default)]
struct Draft {
    national_number: String,
    services: Vec<String>,
}

fn read_form(form: &NodeRef<leptos::html::Form>) -> Draft {
    let Some(form) = form.get_untracked() else {
        return Draft::default();
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return Draft::default();
    };
    Draft {
        national_number: data.get("national_number").as_string().unwrap_or_default(),
        services: data
            .get_all("services[]")
            .iter()
            .filter_map(|v| v.as_string())
            .collect(),
    }
}

/// R7 in the browser: the same `domain` function the server runs, with the facts the
/// browser cannot know left to the server.
fn check(role: &RoleDef, d: &Draft) -> Vec<Problem> {
    let input = UserAdditionInput {
        national_number: &d.national_number,
        services: &d.services,
    };
    match validate_user_addition(role, &input, &AdditionFacts::default()) {
        Ok(_) => Vec::new(),
        Err(errors) => ApiError::from(errors).problems,
    }
}

/// "Voeg gebruiker toe": national number and the group's services.
#[component]
fn AddUserForm(group: String, action: ServerAction<AddUser>) -> impl IntoView {
    let Some(role) = Catalogue::get().role(&group) else {
        return ().into_any();
    };
    let form = NodeRef::<leptos::html::Form>::new();
    let key = RwSignal::new(crate::components::new_key());
    // Live problems (JavaScript only); `None` until the person starts typing.
    let live = RwSignal::new(None::<Vec<Problem>>);
    let touched = RwSignal::new((false, false));
    let show_server = RwSignal::new(true);
    // Who the typed number is, from the staff register (with JavaScript).
    let preview = crate::components::StaffPreview::new();
    // Values echoed by the server after a failed post without JavaScript.
    let echo = action_error(action).map(|e| e.echo).unwrap_or_default();
    // Else the number a user's page sent here with ("Toevoegen aan groep…").
    let echo_nn = echo
        .get("national_number")
        .cloned()
        .unwrap_or_else(|| query_param("toevoegen").get_untracked());
    let echo_services: Vec<String> = echo
        .get("services")
        .map(|s| s.split(',').map(str::to_owned).collect())
        .unwrap_or_default();

    crate::components::renew_key_when_queued(action, key);
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            key.set(crate::components::new_key());
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
            live.set(None);
            touched.set((false, false));
            preview.clear();
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        let is_nn = event_target_name(&ev) == "national_number";
        touched.update(|t| if is_nn { t.0 = true } else { t.1 = true });
        show_server.set(false);
        let draft = read_form(&form);
        preview.typed(&draft.national_number);
        live.set(Some(check(role, &draft)));
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second press while the first is under way is ignored (never two answers).
        if action.pending().get_untracked() {
            return;
        }
        let draft = read_form(&form);
        let problems = check(role, &draft);
        touched.set((true, true));
        show_server.set(true);
        if !problems.is_empty() {
            live.set(Some(problems));
            return;
        }
        live.set(Some(Vec::new()));
        action.dispatch(AddUser {
            group: role.code.clone(),
            national_number: draft.national_number,
            services: draft.services,
            idempotency_key: key.get_untracked(),
            confirmed: true,
        });
    };
    // Problems of one field: live ones once the field was touched, else the server's.
    let problems_for = move |field: Option<&'static str>| {
        let mut out: Vec<Problem> = Vec::new();
        if let Some(live) = live.get() {
            let (nn, sv) = touched.get();
            let shown = match field {
                Some("national_number") => nn,
                Some("services") => sv,
                _ => true,
            };
            if shown {
                out.extend(live.into_iter().filter(|p| p.field.as_deref() == field));
            }
        }
        if show_server.get() {
            if let Some(e) = action_error(action) {
                for p in e.for_field(field) {
                    if p.code != CONFIRM_NEEDED && !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
        }
        out
    };
    let pending = action.pending();
    let l = locale();
    let group_label = lang::group_name(&role.code, l);
    let named = group_label.clone();
    let button = move || match preview.person() {
        Some(Some(name)) => td_string!(l, group.add_named, name = &name, group = &named),
        _ => td_string!(l, group.add_user).to_owned(),
    };
    // Without JavaScript, the post came back as a confirmation step naming the person.
    let confirm = action_error(action).filter(|e| e.has(CONFIRM_NEEDED)).map(|e| {
        let name = e.echo.get("confirm_name").cloned().unwrap_or_default();
        let nn = e.echo.get("national_number").cloned().unwrap_or_default();
        let services: Vec<String> = echo_services.clone();
        let chosen = services.iter().map(|s| lang::service_name(s, l)).collect::<Vec<_>>().join(", ");
        let here = leptos_router::hooks::use_location().pathname.get_untracked();
        view! {
            <div class="confirm" role="alertdialog" aria-labelledby="add-confirm-title">
                <p id="add-confirm-title">{td_string!(l, group.add_question, name = &name, nn = lang::format_national_number(&nn), group = &group_label, services = &chosen)}</p>
                <form method="post" action=AddUser::PATH class="inline">
                    <input type="hidden" name="group" value=role.code.clone()/>
                    <input type="hidden" name="national_number" value=nn/>
                    {services.into_iter().map(|s| view! { <input type="hidden" name="services[]" value=s/> }).collect_view()}
                    <input type="hidden" name="idempotency_key" value=crate::components::new_key()/>
                    <input type="hidden" name="confirmed" value="true"/>
                    <button type="submit" class="primary">{td_string!(l, group.add_named, name = &name, group = &group_label)}</button>
                </form>
                <a href=here class="button">{td_string!(l, common.cancel)}</a>
            </div>
        }
    });
    view! {
        <section class="add-user" aria-labelledby="add-user-title">
            <h2 id="add-user-title">{td_string!(l, group.add_user)}</h2>
            {confirm}
            <form method="post" action=AddUser::PATH node_ref=form on:input=on_input on:submit=on_submit novalidate data-draft=format!("add-user:{group}")>
                <input type="hidden" name="group" value=role.code.clone()/>
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <div class="field">
                    <label for="national_number">{td_string!(l, common.national_number)}</label>
                    <input id="national_number" name="national_number" type="text" inputmode="numeric"
                        autocomplete="off" placeholder="85.07.30-033.28" value=echo_nn
                        aria-describedby="national_number-error national_number-person"/>
                    <div id="national_number-error" class="field-error" aria-live="polite">
                        {move || view! { <Problems problems=problems_for(Some("national_number"))/> }}
                    </div>
                    <crate::components::StaffName preview=preview id="national_number-person".to_owned()/>
                </div>
                <fieldset class="field services">
                    <legend>{td_string!(l, common.online_services)}</legend>
                    {role.services.iter().map(|s| {
                        let id = format!("service-{s}");
                        let label_for = id.clone();
                        view! {
                            <label for=label_for class="checkbox">
                                <input type="checkbox" id=id name="services[]" value=s.clone() checked=echo_services.contains(s)/>
                                {lang::service_name(s, l)}
                            </label>
                        }
                    }).collect_view()}
                    <div class="field-error" aria-live="polite">
                        {move || view! { <Problems problems=problems_for(Some("services"))/> }}
                    </div>
                </fieldset>
                <div class="form-error" aria-live="polite">
                    {move || view! { <Problems problems=problems_for(None)/> }}
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>{button}</button>
            </form>
        </section>
    }
    .into_any()
}

fn event_target_name(ev: &leptos::ev::Event) -> String {
    use leptos::wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.name())
        .unwrap_or_default()
}
