//! The pencil page: the permissions of one user in one group, with "Blokkeren" /
//! "Deblokkeren" for this group (R8) and "Verwijderen" after a confirmation (R9).

use super::{param, query_param};
use crate::api::{user_view, ChangeMembership, ChangeServices, MembershipChange};
use crate::components::{
    action_error, loaded, new_key, CommandButton, ErrorView, Layout, PermissionsHead, Problems,
};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use crate::pages::group::status_badge;
use domain::rules;
use leptos::prelude::*;
use leptos_router::components::{Form, A};

#[component]
pub fn MemberPage() -> impl IntoView {
    let group = param("group");
    let nn = param("nn");
    let confirm = query_param("bevestig");
    let change = ServerAction::<ChangeMembership>::new();
    let services = ServerAction::<ChangeServices>::new();
    // What the last change here did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<lang::Flash>);
    crate::components::say_outcome(said, services);
    // Refetch after a block or unblock only: a refused change leaves the page as it is,
    // and after a deletion the page is left for the group's list.
    let changed = Memo::new(move |prev: Option<&usize>| {
        let version = change.version().get();
        match change.value().get_untracked().map(|r| r.map(|d| d.change)) {
            Some(Ok(MembershipChange::Block | MembershipChange::Unblock)) => version,
            _ => prev.copied().unwrap_or(0),
        }
    });
    let data = Resource::new(
        move || {
            (
                group.get(),
                nn.get(),
                changed.get(),
                services.version().get(),
            )
        },
        |(g, nn, _, _)| async move {
            match user_view(nn).await {
                Ok(u) => Ok((g, Some(u))),
                // Not (or no longer) in any group of this manager: said as below.
                Err(e) if e.has("not_found.user") => Ok((g, None)),
                Err(e) => Err(e),
            }
        },
    );
    loaded(data, move |(group, u)| {
        let l = locale();
        let back = format!("/groepen/{group}");
        let member = u.as_ref().and_then(|u| u.memberships.iter().find(|m| m.group == group).cloned());
        let (Some(u), Some(m)) = (u, member) else {
            // A person deleted from the group (e.g. Back after "Verwijderen"): a page that
            // says so, inside the layout, leading back to the group (a 404, as anything
            // outside the manager's groups).
            let words = td_string!(l, member.back_to_group, group = lang::group_name(&group, l));
            return view! {
                <ErrorView
                    error=crate::api::ApiError::not_found("not_found.member")
                    back=(back, words.to_string())
                />
            }
            .into_any();
        };
        let here = format!("/groepen/{group}/gebruikers/{}", u.national_number);
        let cmd = |change_kind| ChangeMembership {
            group: m.group.clone(),
            national_number: m.national_number.clone(),
            change: change_kind,
            idempotency_key: new_key(),
        };
        let delete = cmd(MembershipChange::Delete);
        // R8/R10 in the browser: the same `domain` checks as the server decide what is
        // offered; a refused action shows why instead of a button.
        let actor = u.me.actor();
        let membership = m.as_rule_view();
        let toggle = match membership.as_ref().map(|v| {
            if m.blocked { rules::check_unblock_in_group(&actor, v) } else { rules::check_block_in_group(&actor, v) }
        }) {
            Some(Err(e)) => view! { <span class="reason">{lang::message(e.code(), l)}</span> }.into_any(),
            _ if m.blocked => view! { <CommandButton action=change input=cmd(MembershipChange::Unblock) label=td_string!(l, common.unblock)/> }.into_any(),
            _ => view! { <CommandButton action=change input=cmd(MembershipChange::Block) label=td_string!(l, common.block) class="danger"/> }.into_any(),
        };
        // R7/R10: the same check as the server's decides whether the form is offered (with
        // the current services, which are always a valid choice).
        let may_change_services = membership
            .as_ref()
            .map(|v| rules::check_services_change(&actor, v, &m.services, &m.services).map(|_| ()))
            .unwrap_or(Ok(()))
            .map_err(|e| {
                e.first()
                    .map(|e| e.code())
                    .unwrap_or("rule.not_manager_of_group")
            });
        // R12: the same check as the server's decides whether Chaman may be ticked.
        let chaman = [domain::services::CHAMAN.to_owned()];
        let grants_chaman = rules::check_chaman_grant(&actor, &[], &chaman).is_ok();
        let may_delete = membership
            .as_ref()
            .map(|v| rules::check_delete(&actor, v))
            .unwrap_or(Ok(()));
        let may_delete_ok = may_delete.is_ok();
        let group_name = lang::group_name(&group, l);
        let question = td_string!(l, member.delete_question, name = &u.name, group = &group_name);
        // With JavaScript the page stays: it says what the change did (without it, the next
        // page does, from the session).
        // Only a result that arrives while this view stands: the page is rebuilt after each
        // change, and an earlier result must not replace a later message.
        Effect::watch(
            move || change.value().get(),
            move |value, _, _| {
                if let Some(Ok(done)) = value {
                    if done.change != MembershipChange::Delete {
                        said.set(Some(done.outcome.clone()));
                    }
                }
            },
            false,
        );
        let done = move || said.get().map(|f| (lang::flash_text(&f, l), crate::components::undo_of(&f)));
        view! {
            <Layout me=u.me.clone()>
                <p class="breadcrumb"><A href=back.clone()>{group_name.clone()}</A> " › " {u.name.clone()}</p>
                <crate::components::Heading text={u.name.clone()}/>
                <p class="nn">{lang::format_national_number(&u.national_number)}</p>
                <p class="hub"><A href=format!("/gebruikers/{}", u.national_number)>{td_string!(l, user.hub, name = &u.name)}</A></p>
                {move || view! { <Problems focus=true problems=action_error(change).map(|e| e.problems).unwrap_or_default()/> }}
                {move || done().map(|(m, undo)| view! { <crate::components::Outcome message=m undo=undo/> })}
                // The confirmation step follows the URL (`?bevestig=verwijderen`): at the top,
                // in view, and (with JavaScript) with the focus on it.
                {
                    let (question, delete, back) = (question.clone(), delete.clone(), back.clone());
                    move || (may_delete_ok && confirm.get() == "verwijderen").then(|| {
                        let dialog = NodeRef::<leptos::html::Section>::new();
                        Effect::new(move |_| {
                            if let Some(d) = dialog.get() {
                                let _ = d.focus();
                            }
                        });
                        view! {
                            <section class="confirm" role="alertdialog" aria-labelledby="confirm-title" tabindex="-1" node_ref=dialog>
                                <h2 id="confirm-title">{td_string!(l, member.delete_title)}</h2>
                                <p>{question.clone()}</p>
                                <CommandButton action=change input=delete.clone() label=td_string!(l, common.delete) class="danger"/>
                                <A href=back.clone() attr:class="button">{td_string!(l, common.cancel)}</A>
                            </section>
                        }
                    })
                }
                <h2>{td_string!(l, member.permissions)}</h2>
                <table class="permissions">
                    <PermissionsHead/>
                    <tbody>
                        <tr data-group=m.group.clone()>
                            <td>{lang::group_name(&m.group, l)}</td>
                            <td>{lang::service_names(&m.services, l)}</td>
                            <td>{status_badge(m.blocked)}</td>
                            <td>{toggle}</td>
                        </tr>
                    </tbody>
                </table>
                <ServicesForm m=m.clone() action=services may=may_change_services grants_chaman=grants_chaman/>
                {move || if let Err(e) = &may_delete {
                    view! { <p class="reason">{lang::message(e.code(), l)}</p> }.into_any()
                } else if confirm.get() == "verwijderen" {
                    ().into_any()
                } else {
                    view! {
                        <Form method="get" action=here.clone() attr:class="inline">
                            <input type="hidden" name="bevestig" value="verwijderen"/>
                            <button type="submit" class="danger">{td_string!(l, member.delete_from_group)}</button>
                        </Form>
                    }.into_any()
                }}
            </Layout>
        }.into_any()
    })
}

/// "Onlinediensten wijzigen": the services of the group this user may use (R7), e.g. to
/// grant Chaman (R12).
#[component]
fn ServicesForm(
    m: crate::api::MemberRow,
    action: ServerAction<ChangeServices>,
    may: Result<(), &'static str>,
    grants_chaman: bool,
) -> impl IntoView {
    let l = locale();
    if let Err(code) = may {
        return view! { <p class="reason">{lang::message(code, l)}</p> }.into_any();
    }
    let Some(role) = domain::Catalogue::get().role(&m.group) else {
        return ().into_any();
    };
    let key = RwSignal::new(new_key());
    crate::components::renew_key_when_queued(action, key);
    let draft = format!("services:{}:{}", m.group, m.national_number);
    view! {
        <section aria-labelledby="services-title">
            <h2 id="services-title">{td_string!(l, common.online_services)}</h2>
            <ActionForm action=action attr:class="services" attr:data-draft=draft attr:novalidate=true>
                <input type="hidden" name="group" value=m.group.clone()/>
                <input type="hidden" name="national_number" value=m.national_number.clone()/>
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <fieldset>
                    <legend>{td_string!(l, member.services_legend)}</legend>
                    {role.services.iter().map(|s| {
                        let id = format!("service-{s}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone() name="services[]" value=s.clone() checked=m.services.contains(s)
                                    disabled=*s == domain::services::CHAMAN && !grants_chaman && !m.services.contains(s)/>
                                <label for=id>{lang::service_name(s, l)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" disabled=move || action.pending().get()>{td_string!(l, member.change_services)}</button>
            </ActionForm>
            {move || view! { <Problems focus=true problems=action_error(action).map(|e| e.problems).unwrap_or_default()/> }}
        </section>
    }
    .into_any()
}
