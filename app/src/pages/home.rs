//! Home: the groups the signed-in manager manages (R6).

use crate::api::home;
use crate::components::{loaded, Layout};
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| home());
    loaded(data, move |home| {
        let groups = home.groups.clone();
        view! {
            <Layout me=home.me.clone()>
                <h1>"Mijn groepen"</h1>
                {groups.is_empty().then(|| view! {
                    <p class="empty">"U beheert geen groepen van machtigingen."</p>
                })}
                <ul class="groups">
                    {groups.into_iter().map(|g| view! {
                        <li class="group-card">
                            <A href=format!("/groepen/{}", g.code)>
                                <span class="group-name">{i18n::group_name(&g.code)}</span>
                            </A>
                            <span class="domain">{i18n::domain_name(&g.domain)}</span>
                            <span class="counts">{format!("{}, {} geblokkeerd", i18n::count(g.users, "gebruiker", "gebruikers"), g.blocked)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </Layout>
        }
    })
}
