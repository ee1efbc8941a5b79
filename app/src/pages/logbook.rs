//! "Logboek" (R14 read back): what was done in the reader's scope — who, when, what, on
//! whom, before → after in words — with filters (a GET form: works without JavaScript),
//! pages that continue from the last row (keyset), and the filtered rows as CSV.

use super::query_param;
use crate::api::{load_logbook, LogEntry, LogbookFilter};
use crate::components::{loaded, Layout};
use crate::i18n::{td_string, Locale};
use crate::lang::{self, locale};
use leptos::prelude::*;
use leptos_router::components::Form;

#[component]
pub fn LogbookPage() -> impl IntoView {
    let (actor, person, group, kind, from, until, before) = (
        query_param("door"),
        query_param("persoon"),
        query_param("groep"),
        query_param("soort"),
        query_param("van"),
        query_param("tot"),
        query_param("voor"),
    );
    let data = Resource::new(
        move || {
            (
                LogbookFilter {
                    actor: actor.get(),
                    person: person.get(),
                    group: group.get(),
                    kind: kind.get(),
                    from: from.get(),
                    until: until.get(),
                },
                before.get().parse::<i64>().ok(),
            )
        },
        |(f, b)| load_logbook(f, b),
    );
    loaded(data, move |d| {
        let l = locale();
        let f = d.filter.clone();
        let query = f.query();
        let scope = if d.whole_enterprise {
            td_string!(l, logbook.scope_enterprise).to_owned()
        } else {
            let names: Vec<String> = d.groups.iter().map(|g| lang::group_name(g, l)).collect();
            td_string!(l, logbook.scope_groups, groups = names.join(", ")).to_string()
        };
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={td_string!(l, logbook.title)}/>
                <p class="scope">{scope}</p>
                <Form method="get" action="/logboek" attr:class="filters" attr:aria-label=td_string!(l, logbook.filters)>
                    <label for="l-actor">{td_string!(l, logbook.actor)}</label>
                    <input id="l-actor" name="door" value=f.actor.clone() autocomplete="off"/>
                    <label for="l-person">{td_string!(l, logbook.person)}</label>
                    <input id="l-person" name="persoon" value=f.person.clone() autocomplete="off"/>
                    <label for="l-group">{td_string!(l, logbook.group)}</label>
                    <select id="l-group" name="groep">
                        <option value="">{td_string!(l, logbook.all)}</option>
                        {d.groups.iter().map(|g| view! {
                            <option value=g.clone() selected=*g == f.group>{lang::group_name(g, l)}</option>
                        }).collect_view()}
                    </select>
                    <label for="l-kind">{td_string!(l, logbook.kind_label)}</label>
                    <select id="l-kind" name="soort">
                        <option value="">{td_string!(l, logbook.all)}</option>
                        {domain::audit::AUDIT_KINDS.iter().map(|k| view! {
                            <option value=*k selected=*k == f.kind>{lang::audit_kind(k, l).to_owned()}</option>
                        }).collect_view()}
                    </select>
                    <label for="l-from">{td_string!(l, logbook.from)}</label>
                    <input id="l-from" name="van" type="date" value=f.from.clone()/>
                    <label for="l-until">{td_string!(l, logbook.until)}</label>
                    <input id="l-until" name="tot" type="date" value=f.until.clone()/>
                    <button type="submit">{td_string!(l, logbook.filter)}</button>
                </Form>
                <p><a class="export" href=format!("/logboek.csv?{query}") download="logboek.csv">{td_string!(l, logbook.export)}</a></p>
                {d.entries.is_empty().then(|| view! { <p class="empty">{td_string!(l, logbook.none)}</p> })}
                <div class="table-scroll">
                <table class="logbook">
                    <thead><tr>
                        <th scope="col">{td_string!(l, logbook.when)}</th>
                        <th scope="col">{td_string!(l, logbook.who)}</th>
                        <th scope="col">{td_string!(l, logbook.what)}</th>
                        <th scope="col">{td_string!(l, logbook.on_whom)}</th>
                        <th scope="col">{td_string!(l, logbook.change)}</th>
                    </tr></thead>
                    <tbody>
                        {d.entries.iter().cloned().map(|e| view! { <Row e=e l=l/> }).collect_view()}
                    </tbody>
                </table>
                </div>
                <nav class="pager" aria-label=td_string!(l, common.pagination)>
                    {(!d.newest).then(|| view! { <a href=format!("/logboek?{query}") rel="first">{td_string!(l, logbook.newest)}</a> })}
                    {d.older.map(|id| view! { <a href=format!("/logboek?{query}&voor={id}") rel="next">{td_string!(l, logbook.older)}</a> })}
                </nav>
            </Layout>
        }
    })
}

fn person(name: Option<String>, number: Option<String>) -> String {
    match (name, number) {
        (Some(n), Some(nn)) => format!("{n} ({})", lang::format_national_number(&nn)),
        (Some(n), None) => n,
        (None, Some(nn)) => lang::format_national_number(&nn),
        (None, None) => String::new(),
    }
}

/// Before → after in words, field by field: what changed (`Geblokkeerd: nee → ja`), what
/// was set (`Onlinediensten: Dimona, DmfA`) or removed (`… → —`); unchanged fields are left
/// out.
fn change_in_words(before: &[(String, String)], after: &[(String, String)], l: Locale) -> String {
    let mut keys: Vec<&String> = before.iter().chain(after).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let value = |side: &[(String, String)], k: &str| {
        side.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    keys.into_iter()
        .filter_map(|k| {
            let word = |v: &str| lang::audit_field(k, v, l);
            match (value(before, k), value(after, k)) {
                (Some(b), Some(a)) if a == b => None,
                (Some(b), Some(a)) => {
                    Some(format!("{}: {} → {}", word(&b).0, word(&b).1, word(&a).1))
                }
                (None, Some(a)) => Some(format!("{}: {}", word(&a).0, word(&a).1)),
                (Some(b), None) => Some(format!("{}: {} → —", word(&b).0, word(&b).1)),
                (None, None) => None,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[component]
fn Row(e: LogEntry, l: Locale) -> impl IntoView {
    // A group's or a domain's name; other scopes (`address`, `channel/3`) say nothing more
    // than the act.
    let where_ = e
        .scope
        .as_deref()
        .filter(|s| !s.contains('/') && !["address", "sender"].contains(s))
        .map(|s| match lang::group_name(s, l) {
            g if g == s => lang::domain_name(s, l),
            g => g,
        });
    let what = lang::audit_action(&e.action, l).to_owned();
    let change = change_in_words(&e.before, &e.after, l);
    view! {
        <tr data-action=e.action.clone() data-id=e.id.to_string()>
            <td class="when">{e.at.clone()}</td>
            <td class="who">{e.actor.is_some().then(|| person(e.actor.clone(), e.actor_number.clone())).unwrap_or_else(|| td_string!(l, logbook.system).to_owned())}
                {e.api_token.clone().map(|t| view! { <span class="via">" · " {td_string!(l, logbook.via_token, name = t)}</span> })}</td>
            <td class="what">{what}{where_.map(|w| view! { <span class="where">" · " {w}</span> })}</td>
            <td class="on-whom">{person(e.subject.clone(), e.subject_number.clone())}</td>
            <td class="change">{change}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_what_changed_is_said() {
        let before = pairs(&[("blocked", "false"), ("services", "dimona")]);
        let after = pairs(&[("blocked", "true"), ("services", "dimona")]);
        assert_eq!(
            change_in_words(&before, &after, Locale::nl),
            "Geblokkeerd: nee → ja"
        );
        let added = pairs(&[("blocked", "false")]);
        assert_eq!(change_in_words(&[], &added, Locale::nl), "Geblokkeerd: nee");
        assert_eq!(
            change_in_words(&added, &[], Locale::nl),
            "Geblokkeerd: nee → —"
        );
    }
}
