//! Home: the groups the signed-in manager manages (R6); for a person without a mandate,
//! "Mijn toegang": their online services per group and who manages each group.

use crate::api::home;
use crate::components::{loaded, Layout};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use crate::model::MyGroup;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| home());
    loaded(data, move |home| {
        let groups = home.groups.clone();
        let l = locale();
        if !home.me.mandates.is_empty() {
            return view! {
                <Layout me=home.me.clone()>
                    <crate::components::Heading text={td_string!(l, home.title)}/>
                    {groups.is_empty().then(|| view! {
                        <p class="empty">{td_string!(l, home.no_groups)}</p>
                    })}
                    <ul class="groups">
                        {groups.into_iter().map(|g| view! {
                            <li class="group-card">
                                <A href=format!("/groepen/{}", g.code)>
                                    <span class="group-name">{lang::group_name(&g.code, l)}</span>
                                </A>
                                <span class="domain">{lang::domain_name(&g.domain, l)}</span>
                                <span class="counts">{td_string!(l, home.counts, users = td_string!(l, common.users, count = g.users), blocked = lang::number(g.blocked.into(), l))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </Layout>
            }
            .into_any();
        }
        let mine = home.mine.clone();
        view! {
            <Layout me=home.me.clone()>
                <crate::components::Heading text={td_string!(l, home.mine_title)}/>
                {mine.is_empty().then(|| view! {
                    <p class="empty">{td_string!(l, home.mine_none)}</p>
                })}
                <ul class="groups mine">
                    {mine.into_iter().map(my_group).collect_view()}
                </ul>
            </Layout>
        }
        .into_any()
    })
}

/// One group of "Mijn toegang": its services for this person, or that they are blocked
/// there, and its managers.
fn my_group(g: MyGroup) -> impl IntoView {
    let l = locale();
    let title = format!("mine-{}", g.code);
    view! {
        <li class="group-card" data-group=g.code.clone()>
            <h2 class="group-name" id=title>{lang::group_name(&g.code, l)}</h2>
            <span class="domain">{lang::domain_name(&g.domain, l)}</span>
            <span class="status">
                {if g.blocked { td_string!(l, common.blocked) } else { td_string!(l, common.active) }}
            </span>
            {g.blocked.then(|| view! { <p class="warning">{td_string!(l, home.mine_blocked)}</p> })}
            <dl>
                <dt>{td_string!(l, home.mine_services)}</dt>
                <dd class="services">
                    {if g.services.is_empty() {
                        td_string!(l, home.mine_no_services).to_owned()
                    } else {
                        lang::service_names(&g.services, l)
                    }}
                </dd>
                <dt>{td_string!(l, home.mine_managers)}</dt>
                <dd>
                    <ul class="managers">
                        {g.managers.into_iter().map(|m| view! {
                            <li>{format!("{} ({})", m.name, lang::mandate_label(&m.mandate, l))}</li>
                        }).collect_view()}
                    </ul>
                </dd>
            </dl>
        </li>
    }
}
