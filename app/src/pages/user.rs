//! The eye page, "Machtigingen van de gebruiker": the user's groups, and "Blokkeren" /
//! "Deblokkeren" (R8) and "Verwijderen uit alle groepen" (R9) for all groups after a
//! confirmation step, each offered only when the rules allow it (else the reason shows).

use super::{param, query_param};
use crate::api::{user_view, ChangeEverywhere, EverywhereChange};
use crate::i18n::Locale;
use crate::model::{Added, ServiceAccess};
use crate::components::{
    action_error, loaded, new_key, CommandButton, IconButton, Layout, PermissionsHead, Problems,
};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use crate::pages::group::status_badge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn UserPage() -> impl IntoView {
    let nn = param("nn");
    let confirm = query_param("bevestig");
    let change = ServerAction::<ChangeEverywhere>::new();
    let data = Resource::new(
        move || (nn.get(), change.version().get()),
        |(nn, _)| user_view(nn),
    );
    loaded(data, move |u| {
        let l = locale();
        let here = format!("/gebruikers/{}", u.national_number);
        let here_cancel = here.clone();
        let every = u.everywhere.clone();
        // Why an act for all groups is not offered; not when the user's state alone says it
        // (not blocked anywhere, blocked everywhere): the buttons show that.
        let mut reasons: Vec<String> = [&every.block, &every.unblock, &every.delete]
            .into_iter()
            .filter_map(|r| r.clone().err())
            .filter(|c| c != "rule.already_blocked" && c != "rule.not_blocked")
            .collect();
        reasons.dedup();
        // The confirmation step follows the URL (`?bevestig=…`), reactively, so
        // that it closes when the action's redirect changes the URL.
        let (name, nn) = (u.name.clone(), u.national_number.clone());
        let confirmation = move || {
            let (name, cmd) = (name.clone(), |c| ChangeEverywhere {
                national_number: nn.clone(),
                change: c,
                idempotency_key: new_key(),
            });
            match confirm.get().as_str() {
                "blokkeren" => Some((
                    td_string!(l, user.block_everywhere),
                    td_string!(l, user.confirm_block, name = &name),
                    cmd(EverywhereChange::Block),
                )),
                "deblokkeren" => Some((
                    td_string!(l, user.unblock_everywhere),
                    td_string!(l, user.confirm_unblock, name = &name),
                    cmd(EverywhereChange::Unblock),
                )),
                "verwijderen" => Some((
                    td_string!(l, user.delete_everywhere),
                    td_string!(l, user.confirm_delete, name = &name),
                    cmd(EverywhereChange::Delete),
                )),
                _ => None,
            }
        };
        view! {
            <Layout me=u.me.clone()>
                <p class="breadcrumb"><A href="/gebruikers">{td_string!(l, common.menu_users)}</A> " › " {u.name.clone()}</p>
                <crate::components::Heading text={u.name.clone()}/>
                <p class="nn">{lang::format_national_number(&u.national_number)}</p>
                {move || view! { <Problems focus=true problems=action_error(change).map(|e| e.problems).unwrap_or_default()/> }}
                <div class="bar">
                    <h2>{td_string!(l, member.permissions)}</h2>
                    {every.block.is_ok().then(|| view! { <IconButton href=here.clone() name=td_string!(l, common.block) icon=td_string!(l, common.block) params=vec![("bevestig", "blokkeren")]/> })}
                    {every.unblock.is_ok().then(|| view! { <IconButton href=here.clone() name=td_string!(l, common.unblock) icon=td_string!(l, common.unblock) params=vec![("bevestig", "deblokkeren")]/> })}
                    {every.delete.is_ok().then(|| view! { <IconButton href=here.clone() name=td_string!(l, user.delete_everywhere) icon=td_string!(l, user.delete_everywhere) params=vec![("bevestig", "verwijderen")]/> })}
                </div>
                {reasons.into_iter().map(|code| view! {
                    <p class="note reason" data-reason=code.clone()>{lang::message(&code, l)}</p>
                }).collect_view()}
                {move || confirmation().map(|(title, text, input)| view! {
                    <section class="confirm" role="alertdialog" aria-labelledby="confirm-title">
                        <h2 id="confirm-title">{title}</h2>
                        <p>{text}</p>
                        <CommandButton action=change input=input label=td_string!(l, common.confirm) class="danger"/>
                        <A href=here_cancel.clone() attr:class="button">{td_string!(l, common.cancel)}</A>
                    </section>
                })}
                <table class="permissions">
                    <PermissionsHead/>
                    <tbody>
                        {u.memberships.iter().map(|m| view! {
                            <tr data-group=m.group.clone()>
                                <td>{lang::group_name(&m.group, l)}</td>
                                <td>{lang::service_names(&m.services, l)}</td>
                                <td>{status_badge(m.blocked)}</td>
                                <td><IconButton href=format!("/groepen/{}/gebruikers/{}", m.group, m.national_number) name=td_string!(l, common.edit) icon="bewerken"/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(u.other_groups > 0).then(|| view! {
                    <p class="note">{td_string!(l, user.other_groups, count = u.other_groups)}</p>
                })}
                {added_lines(&u.added, l).into_iter().map(|line| view! { <p class="note added">{line}</p> }).collect_view()}
                {add_to(&u.addable, &u.national_number, l)}
                <h2 id="about-title">{td_string!(l, user.about_title)}</h2>
                <dl class="summary about" aria-labelledby="about-title">
                    <dt>{td_string!(l, user.mandates)}</dt>
                    <dd class="mandates">
                        {if u.mandates.is_empty() {
                            td_string!(l, user.no_mandates).to_string()
                        } else {
                            u.mandates.iter().map(|m| lang::mandate_label(m, l)).collect::<Vec<_>>().join(", ")
                        }}
                    </dd>
                    <dt>{td_string!(l, user.last_sign_in)}</dt>
                    <dd class="last-sign-in">
                        {match &u.last_sign_in {
                            Some(at) => lang::date_time(at, l),
                            None => td_string!(l, user.never_signed_in).to_string(),
                        }}
                    </dd>
                </dl>
                <h2 id="access-title">{td_string!(l, user.access_title)}</h2>
                <table class="access" aria-labelledby="access-title">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, user.access_service)}</th>
                            <th scope="col">{td_string!(l, user.access_state)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {u.access.iter().map(|a| view! {
                            <tr data-service=a.service.clone()>
                                <td>{lang::service_name(&a.service, l)}</td>
                                <td>
                                    {if a.reason.is_ok() {
                                        view! { <span class="badge active">{td_string!(l, user.access_yes)}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge blocked">{td_string!(l, user.access_no)}</span> }.into_any()
                                    }}
                                    <details>
                                        <summary>{td_string!(l, user.why)}</summary>
                                        <p>{explanation(a, &u.name, l)}</p>
                                    </details>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Layout>
        }.into_any()
    })
}

/// "Toevoegen aan groep…": a link per group of the viewer's that the person is not in, to
/// that group's page with the add form holding the number.
fn add_to(groups: &[String], nn: &str, l: Locale) -> impl IntoView {
    (!groups.is_empty()).then(|| {
        let links = groups
            .iter()
            .map(|g| {
                let href = format!("/groepen/{g}?toevoegen={nn}#add-user-title");
                let words = td_string!(l, user.add_to, group = lang::group_name(g, l)).to_string();
                view! { <li><A href=href>{words}</A></li> }
            })
            .collect_view();
        view! {
            <nav class="add-to" aria-labelledby="add-to-title">
                <h3 id="add-to-title">{td_string!(l, user.add_to_group)}</h3>
                <ul>{links}</ul>
            </nav>
        }
    })
}

/// "Toegevoegd aan Werkgever op 1 december 2026 om 10:00 door An Peeters."
fn added_lines(added: &[Added], l: Locale) -> Vec<String> {
    added
        .iter()
        .map(|a| {
            let (group, when) = (lang::group_name(&a.group, l), lang::date_time(&a.at, l));
            match &a.by {
                Some(by) => td_string!(l, user.added_by, group = group, when = when, by = by).to_string(),
                None => td_string!(l, user.added_at, group = group, when = when).to_string(),
            }
        })
        .collect()
}

/// "Waarom?": why the person can or cannot use the service, and what would change it, from
/// the decision the online services get (DESIGN.md §4a).
fn explanation(a: &ServiceAccess, name: &str, l: Locale) -> String {
    use domain::decision::{Basis, Refusal};
    let rule = a.rule.as_str();
    let group = |g: &str| {
        if g.is_empty() {
            td_string!(l, user.why_other_group).to_string()
        } else {
            lang::group_name(g, l)
        }
    };
    let groups = |gs: &[String]| gs.iter().map(|g| group(g)).collect::<Vec<_>>().join(", ");
    match &a.reason {
        Ok(Basis::Membership { group: g }) => {
            td_string!(l, user.why_membership, group = group(g), name = name, rule = rule).to_string()
        }
        Ok(Basis::Mandate { mandate, scope }) => {
            let label = domain::Mandate::from_parts(mandate, scope.as_deref().unwrap_or(""))
                .map(|m| lang::mandate_label(&m, l))
                .unwrap_or_default();
            td_string!(l, user.why_mandate, mandate = label, rule = rule).to_string()
        }
        Ok(Basis::User { group: g }) => {
            td_string!(l, user.why_user, group = group(g), rule = rule).to_string()
        }
        Err(Refusal::Blocked { groups: gs }) => {
            td_string!(l, user.why_blocked, groups = groups(gs), rule = rule).to_string()
        }
        Err(Refusal::NotChosen { groups: gs }) => {
            td_string!(l, user.why_not_chosen, groups = groups(gs), rule = rule).to_string()
        }
        Err(Refusal::NotOffered) => {
            td_string!(l, user.why_not_offered, name = name, rule = rule).to_string()
        }
        Err(Refusal::ChamanNotGranted) => td_string!(l, user.why_chaman, rule = rule).to_string(),
        Err(Refusal::NotAUser) => td_string!(l, user.why_not_a_user, rule = rule).to_string(),
        Err(Refusal::NotInEnterprise) => {
            td_string!(l, user.why_not_in_enterprise, rule = rule).to_string()
        }
        Err(Refusal::EnterpriseNotActive { .. }) => {
            td_string!(l, user.why_not_active, rule = rule).to_string()
        }
        Err(Refusal::UnknownService) => td_string!(l, user.why_unknown, rule = rule).to_string(),
    }
}
