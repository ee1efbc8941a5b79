//! e-Box Enterprise (R13): every user of the enterprise who is not blocked in all groups
//! sees all of its messages and tasks — a list with unread markers, filters by service,
//! type and date, a message to read with its attachments, and tasks to mark done.

use super::{page_param, param, query_param};
use crate::api::{load_ebox, load_ebox_document, CompleteTask, DocumentSummary, MarkDocumentRead};
use crate::components::{action_error, encode, loaded, new_key, CommandButton, Layout, Problems};
use crate::i18n::{td_string, Locale};
use crate::lang::{self, locale};
use domain::ebox::DOCUMENT_TYPES;
use leptos::prelude::*;
use leptos_router::components::{Form, A};

fn size(bytes: i64, l: Locale) -> String {
    if bytes >= 1024 * 1024 {
        let mb = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
        format!("{} MB", mb.replace('.', td_string!(l, common.format.decimal)))
    } else {
        format!("{} kB", lang::number(((bytes + 1023) / 1024) as u64, l))
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
        let l = locale();
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text="e-Box Enterprise"/>
                <Form method="get" action="/ebox" attr:class="filters" attr:aria-label=td_string!(l, ebox.filters)>
                    <label for="f-service">{td_string!(l, ebox.service)}</label>
                    <select id="f-service" name="dienst">
                        <option value="">{td_string!(l, ebox.all)}</option>
                        {services.into_iter().map(|s| view! {
                            <option value=s.clone() selected=s == service>{lang::service_name(&s, l)}</option>
                        }).collect_view()}
                    </select>
                    <label for="f-type">{td_string!(l, ebox.kind)}</label>
                    <select id="f-type" name="type">
                        <option value="">{td_string!(l, ebox.all)}</option>
                        {DOCUMENT_TYPES.iter().map(|t| view! {
                            <option value=t.code selected=t.code == doc_type>{lang::document_type(t.code, l)}</option>
                        }).collect_view()}
                    </select>
                    <label for="f-from">{td_string!(l, ebox.from)}</label>
                    <input id="f-from" name="van" type="date" value=from.clone()/>
                    <label for="f-until">{td_string!(l, ebox.until)}</label>
                    <input id="f-until" name="tot" type="date" value=until.clone()/>
                    <button type="submit">{td_string!(l, ebox.filter)}</button>
                </Form>
                <p class="summary">{td_string!(l, ebox.summary, documents = td_string!(l, ebox.documents, count = d.documents.total, shown = lang::number(d.documents.total, l)), unread = lang::number(unread as u64, l))}</p>
                {d.documents.items.is_empty().then(|| view! { <p class="empty">{td_string!(l, ebox.no_documents)}</p> })}
                <ul class="documents">
                    {d.documents.items.iter().cloned().map(|x| view! { <DocumentRow d=x/> }).collect_view()}
                </ul>
                <nav class="pager" aria-label=td_string!(l, common.pagination)>
                    {(page > 1).then(|| view! { <a href=format!("/ebox?{query}&page={}", page - 1) rel="prev">{td_string!(l, common.previous)}</a> })}
                    <span class="position">{crate::components::page_of(page, pages, l)}</span>
                    {(page < pages).then(|| view! { <a href=format!("/ebox?{query}&page={}", page + 1) rel="next">{td_string!(l, common.next)}</a> })}
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
    let l = locale();
    view! {
        <li class=class data-document=d.id.to_string()>
            {d.unread.then(|| view! { <span class="badge new">{td_string!(l, ebox.new)}</span> })}
            <A href=format!("/ebox/{}", d.id)>{d.title.clone()}</A>
            <span class="meta">{format!(" · {} · {} · {} · {}", d.sender, lang::service_name(&d.service, l), lang::document_type(&d.doc_type, l), lang::date(&d.published, l))}</span>
            {d.is_task.then(|| view! { <span class="badge">{if d.done { td_string!(l, ebox.task_done) } else { td_string!(l, ebox.task_open) }}</span> })}
            {d.expires_in_days.map(|n| view! { <span class="badge warning">{td_string!(l, ebox.expires_within, days = td_string!(l, ebox.days, count = n))}</span> })}
            {(d.attachments > 0).then(|| view! { <span class="meta">{format!(" · {}", td_string!(l, ebox.attachments_count, count = d.attachments))}</span> })}
        </li>
    }
}

#[component]
pub fn EboxDocumentPage() -> impl IntoView {
    let id = param("id");
    let confirm = query_param("bevestig");
    let complete = ServerAction::<CompleteTask>::new();
    let read = ServerAction::<MarkDocumentRead>::new();
    // What marking the task done did (with JavaScript; without it, the next page says it).
    let said = RwSignal::new(None::<crate::lang::Flash>);
    crate::components::say_outcome(said, complete);
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
        let l = locale();
        let unread = s.unread.then(|| view! {
            <CommandButton action=read input=MarkDocumentRead { document: s.id } label=td_string!(l, ebox.mark_read)/>
        });
        // Done cannot be undone: it is asked first (`?bevestig=afronden`, also without
        // JavaScript).
        let here = format!("/ebox/{}", s.id);
        let task = s.is_task.then(|| match &d.done {
            Some((day, who)) => view! { <p class="done">{td_string!(l, ebox.done_on, day = lang::date(day, l), who = who)}</p> }.into_any(),
            None if confirm.get() == "afronden" => view! {
                <section class="confirm" role="alertdialog" aria-labelledby="done-question">
                    <p id="done-question">{td_string!(l, ebox.done_question)}</p>
                    <CommandButton action=complete input=CompleteTask { document: s.id, idempotency_key: new_key() } label=td_string!(l, common.confirm) class="danger"/>
                    <a href=here.clone() class="button">{td_string!(l, common.cancel)}</a>
                </section>
            }.into_any(),
            None => view! {
                <Form method="get" action=here.clone() attr:class="inline">
                    <input type="hidden" name="bevestig" value="afronden"/>
                    <button type="submit">{td_string!(l, ebox.mark_done)}</button>
                </Form>
            }.into_any(),
        });
        view! {
            <Layout me=d.me.clone()>
                <p class="breadcrumb"><A href="/ebox">"e-Box Enterprise"</A> " › " {s.title.clone()}</p>
                <crate::components::Heading text={s.title.clone()}/>
                <crate::components::Said said=said/>
                <p class="meta">{format!("{} · {} · {} · {}", s.sender, lang::service_name(&s.service, l), lang::document_type(&s.doc_type, l), td_string!(l, ebox.received_kept, received = lang::date(&s.published, l), kept = lang::date(&d.expires, l)))}</p>
                {s.expires_in_days.map(|n| view! { <p class="warning">{td_string!(l, ebox.removed_within, days = td_string!(l, ebox.days, count = n))}</p> })}
                {move || view! { <Problems focus=true problems=action_error(complete).map(|e| e.problems).unwrap_or_default()/> }}
                {unread}
                {task}
                <div class="body">{d.body.clone()}</div>
                {(!d.attachments.is_empty()).then(|| view! {
                    <h2>{td_string!(l, ebox.attachments)}</h2>
                    <ul class="attachments">
                        {d.attachments.iter().map(|(aid, name, _, bytes)| view! {
                            <li><a href=format!("/ebox/{}/bijlagen/{aid}", s.id) download=name.clone() rel="external">{name.clone()}</a>
                                {format!(" ({})", size(*bytes, l))}</li>
                        }).collect_view()}
                    </ul>
                })}
            </Layout>
        }
    })
}
