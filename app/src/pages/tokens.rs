//! "API-sleutels" (docs/api.md): a manager makes tokens for programs that use the
//! management API with exactly the manager's present mandates, sees each once, and
//! revokes them; the main and co-main access managers see and revoke every token of the
//! enterprise.

use crate::api::{load_api_tokens, ApiTokenRow, CreateApiToken, RevokeApiToken};
use crate::components::{action_error, loaded, new_key, CommandButton, Layout, Problems};
use crate::i18n::{td_string, Locale};
use crate::lang::{self, locale};
use leptos::prelude::*;

fn status_label(code: &str, l: Locale) -> &'static str {
    match code {
        "active" => td_string!(l, tokens.status.active),
        "expired" => td_string!(l, tokens.status.expired),
        "revoked" => td_string!(l, tokens.status.revoked),
        _ => td_string!(l, tokens.status.scope_changed),
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_api_tokens(),
    );
    loaded(data, move |d| {
        let l = locale();
        view! {
            <Layout me=d.me.clone()>
                <crate::components::Heading text={td_string!(l, tokens.title)}/>
                <p>{td_string!(l, tokens.intro)}</p>
                <p><a href="/api/v1/openapi.json">{td_string!(l, tokens.describe)}</a></p>
                <NewToken action=create/>
                <CreateForm action=create/>
                <section aria-labelledby="tokens-list">
                    <h2 id="tokens-list">{td_string!(l, tokens.yours)}</h2>
                    {move || view! { <Problems focus=true problems=action_error(revoke).map(|e| e.problems).unwrap_or_default()/> }}
                    <TokenTable tokens=d.tokens.clone() revoke=revoke/>
                </section>
            </Layout>
        }
    })
}

/// The token just made (with JavaScript; without it, the one-time message shows it).
#[component]
fn NewToken(action: ServerAction<CreateApiToken>) -> impl IntoView {
    let l = locale();
    move || {
        action.value().get().and_then(|r| r.ok()).map(|t| {
            view! {
                <section class="new-token" role="status" aria-labelledby="new-token-title">
                    <h2 id="new-token-title">{td_string!(l, tokens.new_title)} " · " {t.name.clone()}</h2>
                    <p><code class="token" data-token="">{t.token.clone()}</code></p>
                    <p>{td_string!(l, tokens.new_once, expires = lang::date_time(&t.expires, l))}</p>
                    <p class="hint">{td_string!(l, tokens.usage)}</p>
                </section>
            }
        })
    }
}

#[component]
fn CreateForm(action: ServerAction<CreateApiToken>) -> impl IntoView {
    let key = RwSignal::new(new_key());
    // A new key for the next token once one is made.
    Effect::new(move |_| {
        if action.version().get() > 0 {
            key.set(new_key());
        }
    });
    let err = action.value().get_untracked().and_then(|r| r.err());
    let typed = |f: &str| {
        err.as_ref()
            .and_then(|e| e.echo.get(f).cloned())
            .unwrap_or_default()
    };
    let (name, lifetime) = (typed("name"), typed("lifetime"));
    let chosen = if lifetime.is_empty() {
        domain::api_token::DEFAULT_LIFETIME.to_string()
    } else {
        lifetime
    };
    let field = move |f: &'static str| {
        move || {
            let ps = action_error(action)
                .map(|e| e.problems.into_iter().filter(|p| p.field.as_deref() == Some(f)).collect())
                .unwrap_or_default();
            view! { <Problems problems=ps/> }
        }
    };
    let l = locale();
    view! {
        <section aria-labelledby="new-token-form">
            <h2 id="new-token-form">{td_string!(l, tokens.create)}</h2>
            <ActionForm action=action attr:class="token" attr:novalidate=true>
                <input type="hidden" name="idempotency_key" value=move || key.get()/>
                <label for="token-name">{td_string!(l, tokens.name)}</label>
                <input id="token-name" name="name" value=name maxlength="60" autocomplete="off"/>
                <div class="field-error">{field("name")}</div>
                <label for="token-lifetime">{td_string!(l, tokens.lifetime)}</label>
                <select id="token-lifetime" name="lifetime">
                    {domain::api_token::LIFETIMES.iter().map(|d| {
                        let v = d.to_string();
                        view! { <option value=v.clone() selected=v == chosen>{td_string!(l, tokens.days, days = *d)}</option> }
                    }).collect_view()}
                </select>
                <div class="field-error">{field("lifetime")}</div>
                <button type="submit" class="primary" disabled=move || action.pending().get()>{td_string!(l, tokens.create)}</button>
            </ActionForm>
            {move || view! { <Problems focus=true problems=action_error(action).map(|e| e.problems.into_iter().filter(|p| p.field.is_none()).collect()).unwrap_or_default()/> }}
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenRow>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let l = locale();
    if tokens.is_empty() {
        return view! { <p class="empty">{td_string!(l, tokens.none)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
        <table class="tokens">
            <thead><tr>
                <th scope="col">{td_string!(l, logbook.field.name)}</th>
                <th scope="col">{td_string!(l, tokens.owner)}</th>
                <th scope="col">{td_string!(l, tokens.created)}</th>
                <th scope="col">{td_string!(l, tokens.expires)}</th>
                <th scope="col">{td_string!(l, tokens.last_used)}</th>
                <th scope="col">{td_string!(l, common.status)}</th>
                <th scope="col"><span class="visually-hidden">{td_string!(l, common.actions)}</span></th>
            </tr></thead>
            <tbody>
                {tokens.into_iter().map(|t| {
                    let input = RevokeApiToken { token: t.id, idempotency_key: new_key() };
                    let named = td_string!(l, tokens.revoke_named, name = &t.name);
                    view! {
                        <tr data-token=t.id.to_string() data-status=t.status.clone()>
                            <td>{t.name.clone()}</td>
                            <td>{t.owner.clone()}</td>
                            <td>{lang::date_time(&t.created, l)}</td>
                            <td>{lang::date_time(&t.expires, l)}</td>
                            <td>{t.last_used.as_deref().map(|u| lang::date_time(u, l)).unwrap_or_else(|| td_string!(l, tokens.never).to_owned())}</td>
                            <td>{status_label(&t.status, l)}</td>
                            <td>{t.may_revoke.then(|| view! {
                                <CommandButton action=revoke input=input label=td_string!(l, tokens.revoke) accessible_name=named/>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
