//! Home: the groups the signed-in manager manages (R6).

use crate::api::home;
use crate::components::{loaded, Layout};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| home());
    loaded(data, move |home| {
        let groups = home.groups.clone();
        let l = locale();
        view! {
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
    })
}
