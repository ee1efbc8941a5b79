//! "Beheer der Toegangsbeheerders": the main access manager appoints and revokes co-main
//! access managers; main and co-main access managers appoint and revoke one access manager
//! per activated domain (R4, R5); every group's group manager is listed, and the helpers
//! missing are named at the top.

use crate::api::{managers_view, Holder, Revoke};
use crate::components::{
    action_error, loaded, new_key, AppointForm, CommandButton, Layout, Problems,
};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use domain::appoint::check_revocation;
use domain::Mandate;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ManagersPage() -> impl IntoView {
    let revoke = ServerAction::<Revoke>::new();
    let appointed = RwSignal::new(0usize);
    // What the last change here did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<lang::Flash>);
    crate::components::say_outcome(said, revoke);
    let data = Resource::new(
        move || (revoke.version().get(), appointed.get()),
        |_| managers_view(),
    );
    loaded(data, move |d| {
        let actor = d.me.actor();
        // The same `domain` rule as the server's decides what is offered (R4).
        let may = move |m: &Mandate| check_revocation(&actor, m).is_ok();
        let co = Mandate::CoMainAccessManager;
        let l = locale();
        let groups = d.groups.clone();
        let gaps = gaps(&d);
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={td_string!(l, common.menu_managers)}/>
                <crate::components::Said said=said/>
                {move || view! { <Problems focus=true problems=action_error(revoke).map(|e| e.problems).unwrap_or_default()/> }}
                {gaps}
                <section aria-labelledby="co-title">
                    <h2 id="co-title">{td_string!(l, managers.co_main_access_managers)}</h2>
                    {d.co_main_access_managers.is_empty().then(|| view! { <p class="empty">{td_string!(l, managers.no_co_main_access_managers)}</p> })}
                    <ul class="holders">
                        {d.co_main_access_managers.iter().map(|h| view! { <li>{holder_view(h, &co, may(&co), revoke)}</li> }).collect_view()}
                    </ul>
                    {may(&co).then(|| view! {
                        <AppointForm kind="co_main_access_manager" scope=String::new()
                            label=td_string!(l, managers.new_co_main_access_manager).to_owned() changed=appointed said=said/>
                    })}
                </section>
                <section aria-labelledby="am-title">
                    <h2 id="am-title">{td_string!(l, managers.access_managers)}</h2>
                    <p class="note">{td_string!(l, managers.one_per_domain)}</p>
                    <table class="domains">
                        <thead><tr><th scope="col">{td_string!(l, common.domain)}</th><th scope="col">{td_string!(l, managers.access_manager)}</th></tr></thead>
                        <tbody>
                            {d.domains.iter().map(|(domain, holder)| {
                                let m = Mandate::AccessManager(domain.clone());
                                let cell = match holder {
                                    Some(h) => holder_view(h, &m, may(&m), revoke).into_any(),
                                    None if may(&m) => view! {
                                        <AppointForm kind="access_manager" scope=domain.clone()
                                            label=td_string!(l, managers.new_access_manager, domain = lang::domain_name(domain, l))
                                            changed=appointed said=said/>
                                    }.into_any(),
                                    None => view! { <span class="empty">{td_string!(l, managers.nobody)}</span> }.into_any(),
                                };
                                view! { <tr data-domain=domain.clone()><td>{lang::domain_name(domain, l)}</td><td>{cell}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section aria-labelledby="gm-title">
                    <h2 id="gm-title">{td_string!(l, managers.group_managers)}</h2>
                    <p class="note">{td_string!(l, managers.one_per_group)}</p>
                    <div class="table-scroll">
                    <table class="group-managers">
                        <thead><tr>
                            <th scope="col">{td_string!(l, common.domain)}</th>
                            <th scope="col">{td_string!(l, common.group)}</th>
                            <th scope="col">{td_string!(l, group.group_manager)}</th>
                        </tr></thead>
                        <tbody>
                            {groups.into_iter().map(|g| {
                                let manager = match g.manager {
                                    Some(h) => view! {
                                        <span class="holder">{h.name.clone()} " (" {lang::format_national_number(&h.national_number)} ")"</span>
                                    }.into_any(),
                                    None => view! { <span class="gap">{td_string!(l, group.no_group_manager)}</span> }.into_any(),
                                };
                                let (href, name) = (format!("/groepen/{}", g.group), lang::group_name(&g.group, l));
                                view! {
                                    <tr data-group=g.group>
                                        <td>{lang::domain_name(&g.domain, l)}</td>
                                        <td><A href=href>{name}</A></td>
                                        <td>{manager}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                </section>
            </Layout>
        }
    })
}

/// The helpers missing: each activated domain without an access manager and each group
/// without a group manager ("Sociaal secretariaat: geen Groepsbeheerder"), or that none is.
fn gaps(d: &crate::api::ManagersData) -> impl IntoView {
    let l = locale();
    let mut lines: Vec<String> = d
        .domains
        .iter()
        .filter(|(_, h)| h.is_none())
        .map(|(domain, _)| td_string!(l, managers.gap_domain, domain = lang::domain_name(domain, l)).to_string())
        .collect();
    lines.extend(
        d.groups
            .iter()
            .filter(|g| g.manager.is_none())
            .map(|g| td_string!(l, managers.gap_group, group = lang::group_name(&g.group, l)).to_string()),
    );
    view! {
        <section class="gaps" aria-labelledby="gaps-title">
            <h2 id="gaps-title">{td_string!(l, managers.gaps)}</h2>
            {if lines.is_empty() {
                view! { <p>{td_string!(l, managers.no_gaps)}</p> }.into_any()
            } else {
                view! { <ul>{lines.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// A mandate holder, with "Intrekken" when the viewer may revoke the mandate. Revoking
/// cannot be undone, so it is asked first: "Intrekken" leads to a confirmation step that
/// follows the URL (`?intrekken=kind:scope:number`, the same without JavaScript).
pub(crate) fn holder_view(
    h: &Holder,
    m: &Mandate,
    may_revoke: bool,
    revoke: ServerAction<Revoke>,
) -> impl IntoView {
    let l = locale();
    let asked = crate::pages::query_param("intrekken");
    let here = leptos_router::hooks::use_location().pathname;
    let button = may_revoke.then(|| {
        let id = format!("{}:{}:{}", m.kind(), m.scope().unwrap_or_default(), h.national_number);
        let input = Revoke {
            kind: m.kind().to_owned(),
            scope: m.scope().unwrap_or_default().to_owned(),
            national_number: h.national_number.clone(),
            idempotency_key: new_key(),
        };
        let name = h.name.clone();
        let question = td_string!(l, common.revoke_question, name = &name, mandate = lang::mandate_label(m, l));
        let title = format!("revoke-{}", h.national_number);
        move || {
            let (id, input, name, question, title) =
                (id.clone(), input.clone(), name.clone(), question.clone(), title.clone());
            if asked.get() == id {
                view! {
                    <div class="confirm" role="alertdialog" aria-labelledby=title.clone()>
                        <p id=title.clone()>{question.clone()}</p>
                        <CommandButton action=revoke input=input.clone() label=td_string!(l, common.confirm) class="danger"
                            accessible_name=td_string!(l, common.revoke_confirm_person, name = &name)/>
                        <a href=here.get() class="button">{td_string!(l, common.cancel)}</a>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <leptos_router::components::Form method="get" action=here.get() attr:class="inline">
                        <input type="hidden" name="intrekken" value=id.clone()/>
                        <button type="submit" class="danger" aria-label=td_string!(l, common.revoke_person, name = &name)>{td_string!(l, common.revoke)}</button>
                    </leptos_router::components::Form>
                }
                .into_any()
            }
        }
    });
    view! {
        <span class="holder">{h.name.clone()} " (" {lang::format_national_number(&h.national_number)} ")"</span>
        {button}
    }
}
