//! Sign-in (DESIGN.md §4): the deployment's OpenID Connect provider (eID, itsme, MyGov.be),
//! username + password + a code from an authenticator app, and in demo mode the demo
//! identity provider. Then the next step of a sign-in under way: a new password in place
//! of a temporary one, linking an authenticator app, or choosing the enterprise.
//!
//! Every form posts to the server's `/auth/…` endpoints and works without JavaScript.

use super::query_param;
use crate::api::{pending_sign_in, sign_in_means, PendingStep, Problem};
use crate::components::{loaded, Problems};
use crate::components::LanguageBar;
use crate::i18n::td_string;
use crate::lang::{self, locale};
use leptos::prelude::*;

fn error_from_query() -> impl IntoView {
    let error = query_param("fout");
    move || {
        let code = error.get();
        (!code.is_empty())
            .then(|| view! { <Problems problems=vec![Problem { code, field: None }]/> })
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let means = Resource::new(|| (), |_| sign_in_means());
    let l = locale();
    view! {
        <LanguageBar/>
        <main class="signin">
            <crate::components::Heading text={td_string!(l, signin.title)}/>
            {error_from_query()}
            <crate::offline::WaitingNotice/>
            {loaded(means, move |m| view! {
                {m.oidc.map(|label| view! {
                    <section class="signin-means" aria-labelledby="oidc-title">
                        <h2 id="oidc-title">{td_string!(l, signin.with, means = &label)}</h2>
                        <form method="post" action="/auth/oidc"><button type="submit" class="primary">{td_string!(l, signin.with, means = &label)}</button></form>
                    </section>
                })}
                <section class="signin-means" aria-labelledby="password-title">
                    <h2 id="password-title">{td_string!(l, signin.password_title)}</h2>
                    <form method="post" action="/auth/wachtwoord" novalidate>
                        <label for="username">{td_string!(l, signin.username)}</label>
                        <input id="username" name="username" autocomplete="username" required/>
                        <label for="password">{td_string!(l, signin.password)}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                        <label for="code">{td_string!(l, signin.code)}</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7"/>
                        <p class="hint">{td_string!(l, signin.code_hint)}</p>
                        <button type="submit" class="primary">{td_string!(l, signin.with_password)}</button>
                    </form>
                </section>
                {(!m.demo.is_empty()).then(|| view! {
                    <section class="demo-signin" aria-labelledby="demo-title">
                        <div class="demo-banner" role="note">{td_string!(l, signin.demo_banner)}</div>
                        <h2 id="demo-title">{td_string!(l, signin.demo_title)}</h2>
                        <form method="post" action="/auth/demo">
                            <label for="demo-person">{td_string!(l, signin.demo_person)}</label>
                            <select id="demo-person" name="national_number">
                                {m.demo.into_iter().map(|p| {
                                    let roles = if p.mandates.is_empty() {
                                        td_string!(l, signin.staff_member).to_owned()
                                    } else {
                                        p.mandates.iter().map(|m| lang::mandate_label(m, l)).collect::<Vec<_>>().join(", ")
                                    };
                                    view! { <option value=p.national_number.clone()>{format!("{} — {roles}", p.name)}</option> }
                                }).collect_view()}
                            </select>
                            <button type="submit" class="primary">{td_string!(l, signin.sign_in)}</button>
                        </form>
                    </section>
                })}
            })}
        </main>
    }
}

/// `/aanmelden/vervolg`: the next step of a sign-in under way.
#[component]
pub fn NextStepPage() -> impl IntoView {
    let step = Resource::new(|| (), |_| pending_sign_in());
    let l = locale();
    view! {
        <LanguageBar/>
        <main class="signin">
            <crate::components::Heading text={td_string!(l, signin.title)}/>
            {error_from_query()}
            {loaded(step, move |s| match s {
                PendingStep::ChangePassword { username } => view! {
                    <section aria-labelledby="change-title">
                        <h2 id="change-title">{td_string!(l, signin.new_password_title)}</h2>
                        <p>{td_string!(l, signin.first_time, username = &username, min = domain::signin::MIN_PASSWORD_CHARS)}</p>
                        <form method="post" action="/auth/wachtwoord-wijzigen" novalidate>
                            <label for="new-password">{td_string!(l, signin.new_password)}</label>
                            <input id="new-password" name="password" type="password" autocomplete="new-password" minlength={domain::signin::MIN_PASSWORD_CHARS.to_string()} required/>
                            <label for="repeated">{td_string!(l, signin.repeat_password)}</label>
                            <input id="repeated" name="repeated" type="password" autocomplete="new-password" minlength={domain::signin::MIN_PASSWORD_CHARS.to_string()} required/>
                            <button type="submit" class="primary">{td_string!(l, signin.change_password)}</button>
                        </form>
                    </section>
                }.into_any(),
                PendingStep::EnrolTotp { username, uri, secret, qr_svg } => view! {
                    <section aria-labelledby="totp-title">
                        <h2 id="totp-title">{td_string!(l, signin.link_app)}</h2>
                        <p>{td_string!(l, signin.scan)}</p>
                        <figure class="qr" role="img" aria-label=td_string!(l, signin.qr_for, username = &username) inner_html=qr_svg></figure>
                        <p>{td_string!(l, signin.cannot_scan)} " "
                           <code data-testid="totp-secret">{secret}</code></p>
                        <p class="hint"><a href=uri.clone() data-testid="totp-uri">{uri.clone()}</a></p>
                        <form method="post" action="/auth/authenticator" novalidate>
                            <label for="totp-code">{td_string!(l, signin.app_code)}</label>
                            <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required/>
                            <button type="submit" class="primary">{td_string!(l, signin.link_and_sign_in)}</button>
                        </form>
                    </section>
                }.into_any(),
                PendingStep::ChooseEnterprise { choices } => view! {
                    <section aria-labelledby="choose-title">
                        <h2 id="choose-title">{td_string!(l, signin.choose_enterprise)}</h2>
                        <p>{td_string!(l, signin.which_enterprise)}</p>
                        <ul class="choices">
                            {choices.into_iter().map(|c| view! {
                                <li>
                                    <form method="post" action="/auth/onderneming">
                                        <input type="hidden" name="enterprise" value=c.id.to_string()/>
                                        <button type="submit">{format!("{} ({})", c.name, c.number)}</button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
            })}
            <p><a href="/aanmelden">{td_string!(l, signin.start_again)}</a></p>
        </main>
    }
}
