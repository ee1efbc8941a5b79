//! "Gebruikers": every user the manager may see across the groups it manages (R6).

use super::{page_param, query_param};
use crate::api::users_view;
use crate::components::{loaded, IconButton, Layout, Pager, SearchForm};
use crate::i18n::td_string;
use crate::lang::{self, locale};
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = query_param("q");
    let page = page_param();
    let data = Resource::new(move || (query.get(), page.get()), |(q, p)| users_view(q, p));
    loaded(data, move |d| {
        let pages = d.users.pages();
        let rows = d.users.items.clone();
        let l = locale();
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={td_string!(l, common.menu_users)}/>
                <SearchForm query=d.query.clone()/>
                {rows.is_empty().then(|| view! { <p class="empty">{td_string!(l, common.no_users_found)}</p> })}
                <table class="users">
                    <thead><tr>
                        <th scope="col">{td_string!(l, common.name)}</th><th scope="col">{td_string!(l, common.national_number)}</th>
                        <th scope="col">{td_string!(l, common.groups)}</th><th scope="col">{td_string!(l, common.status)}</th>
                        <th scope="col"><span class="visually-hidden">{td_string!(l, common.actions)}</span></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|u| {
                            let status = match (u.blocked_groups.len(), u.groups.len()) {
                                (0, _) => td_string!(l, common.active),
                                (b, n) if b == n => td_string!(l, common.blocked),
                                _ => td_string!(l, common.partly_blocked),
                            };
                            view! {
                                <tr data-national-number=u.national_number.clone()>
                                    <td class="name">{u.name.clone()}</td>
                                    <td class="nn">{lang::format_national_number(&u.national_number)}</td>
                                    <td>{u.groups.iter().map(|g| lang::group_name(g, l)).collect::<Vec<_>>().join(", ")}</td>
                                    <td class="status">{status}</td>
                                    <td class="actions">
                                        <IconButton href=format!("/gebruikers/{}", u.national_number) name=td_string!(l, common.view) icon="bekijken"/>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <Pager base="/gebruikers".to_owned() query=d.query.clone() page=d.users.page pages=pages total=d.users.total/>
            </Layout>
        }
    })
}
