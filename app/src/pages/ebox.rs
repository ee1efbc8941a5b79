//! e-Box Enterprise (R13): every user of the enterprise who is not blocked in all groups
//! sees all of its messages and tasks — a list with unread markers, filters by service,
//! type and date, a message to read with its attachments, and tasks to mark done.

use super::{page_param, param, query_param};
use crate::api::{load_ebox, load_ebox_document, CompleteTask, DocumentSummary, MarkDocumentRead};
use crate::components::{action_error, encode, loaded, new_key, CommandButton, Layout, Problems};
use crate::i18n;
use domain::ebox::DOCUMENT_TYPES;
use leptos::prelude::*;
use leptos_router::components::{Form, A};

fn type_name(code: &str) -> &'static str {
    domain::ebox::document_type(code)
        .map(|t| t.name_nl)
        .unwrap_or("Document")
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} kB", (bytes + 1023) / 1024)
    }
}

#[component]
pub fn EboxPage() -> impl IntoView {
    let (service, doc_type, from, until) = (
        query_param("dienst"),
        query_param("type"),
        query_param("van"),
        query_param("tot"),
    );
    let page = page_param();
    let data = Resource::new(
        move || {
            (
                service.get(),
                doc_type.get(),
                from.get(),
                until.get(),
                page.get(),
            )
        },
        |(s, t, f, u, p)| load_ebox(s, t, f, u, p),
    );
    loaded(data, move |d| {
        let (service, doc_type, from, until) = d.filter.clone();
        let query = format!(
            "dienst={}&type={}&van={}&tot={}",
            encode(&service),
            encode(&doc_type),
            encode(&from),
            encode(&until)
        );
        let pages = d.documents.pages();
        let page = d.documents.page;
        let unread = d.documents.items.iter().filter(|x| x.unread).count();
        let services: Vec<String> = domain::Catalogue::get()
            .services
            .iter()
            .map(|s| s.code.clone())
            .collect();
        view! {
            <Layout me=d.me.clone()>
                <h1>"e-Box Enterprise"</h1>
                <Form method="get" action="/ebox" attr:class="filters" attr:aria-label="Filters">
                    <label for="f-service">"Onlinedienst"</label>
                    <select id="f-service" name="dienst">
                        <option value="">"Alle"</option>
                        {services.into_iter().map(|s| view! {
                            <option value=s.clone() selected=s == service>{i18n::service_name(&s)}</option>
                        }).collect_view()}
                    </select>
                    <label for="f-type">"Soort"</label>
                    <select id="f-type" name="type">
                        <option value="">"Alle"</option>
                        {DOCUMENT_TYPES.iter().map(|t| view! {
                            <option value=t.code selected=t.code == doc_type>{t.name_nl}</option>
                        }).collect_view()}
                    </select>
                    <label for="f-from">"Van"</label>
                    <input id="f-from" name="van" type="date" value=from.clone()/>
                    <label for="f-until">"Tot en met"</label>
                    <input id="f-until" name="tot" type="date" value=until.clone()/>
                    <button type="submit">"Filteren"</button>
                </Form>
                <p class="summary">{format!("{}, waarvan {unread} ongelezen op deze pagina", i18n::count(d.documents.total, "document", "documenten"))}</p>
                {d.documents.items.is_empty().then(|| view! { <p class="empty">"Geen documenten."</p> })}
                <ul class="documents">
                    {d.documents.items.iter().cloned().map(|x| view! { <DocumentRow d=x/> }).collect_view()}
                </ul>
                <nav class="pager" aria-label="Paginering">
                    {(page > 1).then(|| view! { <a href=format!("/ebox?{query}&page={}", page - 1) rel="prev">"Vorige"</a> })}
                    <span class="position">{format!("Pagina {page} van {pages}")}</span>
                    {(page < pages).then(|| view! { <a href=format!("/ebox?{query}&page={}", page + 1) rel="next">"Volgende"</a> })}
                </nav>
            </Layout>
        }
    })
}

#[component]
fn DocumentRow(d: DocumentSummary) -> impl IntoView {
    let class = if d.unread {
        "document unread"
    } else {
        "document"
    };
    view! {
        <li class=class data-document=d.id.to_string()>
            {d.unread.then(|| view! { <span class="badge new">"Nieuw"</span> })}
            <A href=format!("/ebox/{}", d.id)>{d.title.clone()}</A>
            <span class="meta">{format!(" · {} · {} · {} · {}", d.sender, i18n::service_name(&d.service), type_name(&d.doc_type), d.published)}</span>
            {d.is_task.then(|| view! { <span class="badge">{if d.done { "Taak afgerond" } else { "Taak open" }}</span> })}
            {d.expires_in_days.map(|n| view! { <span class="badge warning">{format!("Verloopt binnen {}", i18n::count(n as u64, "dag", "dagen"))}</span> })}
            {(d.attachments > 0).then(|| view! { <span class="meta">{format!(" · {}", i18n::count(d.attachments as u64, "bijlage", "bijlagen"))}</span> })}
        </li>
    }
}

#[component]
pub fn EboxDocumentPage() -> impl IntoView {
    let id = param("id");
    let complete = ServerAction::<CompleteTask>::new();
    let read = ServerAction::<MarkDocumentRead>::new();
    let data = Resource::new(
        move || (id.get(), complete.version().get(), read.version().get()),
        |(id, _, _)| async move {
            match id.parse::<i64>() {
                Ok(id) => load_ebox_document(id).await,
                Err(_) => Err(crate::api::ApiError::not_found("ebox.not_found")),
            }
        },
    );
    // Viewing changes nothing (a GET); reading is a POST: with JavaScript it is sent as the
    // page opens, without it the button below sends it.
    Effect::new(move |_| {
        if let Some(Ok(d)) = data.get() {
            if d.summary.unread && read.version().get_untracked() == 0 && !read.pending().get_untracked() {
                read.dispatch(MarkDocumentRead { document: d.summary.id });
            }
        }
    });
    loaded(data, move |d| {
        let s = d.summary.clone();
        let unread = s.unread.then(|| view! {
            <CommandButton action=read input=MarkDocumentRead { document: s.id } label="Markeren als gelezen"/>
        });
        let task = s.is_task.then(|| match &d.done {
            Some((day, who)) => view! { <p class="done">{format!("Taak afgerond op {day} door {who}.")}</p> }.into_any(),
            None => view! {
                <CommandButton action=complete input=CompleteTask { document: s.id, idempotency_key: new_key() } label="Markeren als afgerond"/>
            }.into_any(),
        });
        view! {
            <Layout me=d.me.clone()>
                <p class="breadcrumb"><A href="/ebox">"e-Box Enterprise"</A> " › " {s.title.clone()}</p>
                <h1>{s.title.clone()}</h1>
                <p class="meta">{format!("{} · {} · {} · ontvangen op {} · bewaard tot {}", s.sender, i18n::service_name(&s.service), type_name(&s.doc_type), s.published, d.expires)}</p>
                {s.expires_in_days.map(|n| view! { <p class="warning">{format!("Dit document wordt binnen {} verwijderd.", i18n::count(n as u64, "dag", "dagen"))}</p> })}
                {move || view! { <Problems focus=true problems=action_error(complete).map(|e| e.problems).unwrap_or_default()/> }}
                {unread}
                {task}
                <div class="body">{d.body.clone()}</div>
                {(!d.attachments.is_empty()).then(|| view! {
                    <h2>"Bijlagen"</h2>
                    <ul class="attachments">
                        {d.attachments.iter().map(|(aid, name, _, bytes)| view! {
                            <li><a href=format!("/ebox/{}/bijlagen/{aid}", s.id) download=name.clone() rel="external">{name.clone()}</a>
                                {format!(" ({})", size(*bytes))}</li>
                        }).collect_view()}
                    </ul>
                })}
            </Layout>
        }
    })
}
