//! "Gebruikers": every user the manager may see across the groups it manages (R6).

use super::{page_param, query_param};
use crate::api::users_view;
use crate::components::{loaded, IconButton, Layout, Pager, SearchForm};
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = query_param("q");
    let page = page_param();
    let data = Resource::new(move || (query.get(), page.get()), |(q, p)| users_view(q, p));
    loaded(data, move |d| {
        let pages = d.users.pages();
        let rows = d.users.items.clone();
        view! {
            <Layout me=d.me.clone()>
                <h1>"Gebruikers"</h1>
                <SearchForm query=d.query.clone()/>
                {rows.is_empty().then(|| view! { <p class="empty">"Geen gebruikers gevonden."</p> })}
                <table class="users">
                    <thead><tr>
                        <th scope="col">"Naam"</th><th scope="col">"Rijksregisternummer"</th>
                        <th scope="col">"Groepen"</th><th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Acties"</span></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|u| {
                            let status = match (u.blocked_groups.len(), u.groups.len()) {
                                (0, _) => "Actief",
                                (b, n) if b == n => "Geblokkeerd",
                                _ => "Gedeeltelijk geblokkeerd",
                            };
                            view! {
                                <tr data-national-number=u.national_number.clone()>
                                    <td class="name">{u.name.clone()}</td>
                                    <td class="nn">{i18n::format_national_number(&u.national_number)}</td>
                                    <td>{u.groups.iter().map(|g| i18n::group_name(g)).collect::<Vec<_>>().join(", ")}</td>
                                    <td class="status">{status}</td>
                                    <td class="actions">
                                        <IconButton href=format!("/gebruikers/{}", u.national_number) name="Bekijken" icon="bekijken"/>
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
