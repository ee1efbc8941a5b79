//! Sign-in (DESIGN.md §4): the deployment's OpenID Connect provider (eID, itsme, MyGov.be),
//! username + password + a code from an authenticator app, and in demo mode the demo
//! identity provider. Then the next step of a sign-in under way: a new password in place
//! of a temporary one, linking an authenticator app, or choosing the enterprise.
//!
//! Every form posts to the server's `/auth/…` endpoints and works without JavaScript.

use super::query_param;
use crate::api::{pending_sign_in, sign_in_means, PendingStep, Problem};
use crate::components::{loaded, Problems};
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
    view! {
        <main class="signin">
            <h1>"Aanmelden bij Toegangsbeheer"</h1>
            {error_from_query()}
            <crate::offline::WaitingNotice/>
            {loaded(means, |m| view! {
                {m.oidc.map(|label| view! {
                    <section class="signin-means" aria-labelledby="oidc-title">
                        <h2 id="oidc-title">"Aanmelden met " {label.clone()}</h2>
                        <form method="post" action="/auth/oidc"><button type="submit" class="primary">{format!("Aanmelden met {label}")}</button></form>
                    </section>
                })}
                <section class="signin-means" aria-labelledby="password-title">
                    <h2 id="password-title">"Aanmelden met gebruikersnaam, wachtwoord en code"</h2>
                    <form method="post" action="/auth/wachtwoord">
                        <label for="username">"Gebruikersnaam"</label>
                        <input id="username" name="username" autocomplete="username" required/>
                        <label for="password">"Wachtwoord"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                        <label for="code">"Code uit uw authenticator-app"</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7"/>
                        <p class="hint">"Bij uw eerste aanmelding met een tijdelijk wachtwoord laat u de code leeg."</p>
                        <button type="submit" class="primary">"Aanmelden met wachtwoord"</button>
                    </form>
                </section>
                {(!m.demo.is_empty()).then(|| view! {
                    <section class="demo-signin" aria-labelledby="demo-title">
                        <div class="demo-banner" role="note">"DEMO — dit aanmeldmiddel bestaat alleen in demomodus"</div>
                        <h2 id="demo-title">"Demo-aanmelding"</h2>
                        <form method="post" action="/auth/demo">
                            <label for="demo-person">"Kies een persoon uit de demogegevens"</label>
                            <select id="demo-person" name="national_number">
                                {m.demo.into_iter().map(|p| view! {
                                    <option value=p.national_number.clone()>{format!("{} — {}", p.name, p.role)}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="primary">"Aanmelden"</button>
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
    view! {
        <main class="signin">
            <h1>"Aanmelden bij Toegangsbeheer"</h1>
            {error_from_query()}
            {loaded(step, |s| match s {
                PendingStep::ChangePassword { username } => view! {
                    <section aria-labelledby="change-title">
                        <h2 id="change-title">"Kies een nieuw wachtwoord"</h2>
                        <p>"U meldt zich voor het eerst aan als " <strong>{username}</strong>
                           {format!(". Vervang het tijdelijke wachtwoord door een wachtwoord van minstens {} tekens.", domain::signin::MIN_PASSWORD_CHARS)}</p>
                        <form method="post" action="/auth/wachtwoord-wijzigen">
                            <label for="new-password">"Nieuw wachtwoord"</label>
                            <input id="new-password" name="password" type="password" autocomplete="new-password" minlength={domain::signin::MIN_PASSWORD_CHARS.to_string()} required/>
                            <label for="repeated">"Herhaal het nieuwe wachtwoord"</label>
                            <input id="repeated" name="repeated" type="password" autocomplete="new-password" minlength={domain::signin::MIN_PASSWORD_CHARS.to_string()} required/>
                            <button type="submit" class="primary">"Wachtwoord wijzigen"</button>
                        </form>
                    </section>
                }.into_any(),
                PendingStep::EnrolTotp { username, uri, secret, qr_svg } => view! {
                    <section aria-labelledby="totp-title">
                        <h2 id="totp-title">"Koppel een authenticator-app"</h2>
                        <p>"Scan de QR-code met een authenticator-app (bijvoorbeeld FreeOTP, Google Authenticator of Microsoft Authenticator) en vul de code in die de app toont."</p>
                        <figure class="qr" role="img" aria-label=format!("QR-code voor {username}") inner_html=qr_svg></figure>
                        <p>"Kunt u niet scannen? Typ deze sleutel in de app: "
                           <code data-testid="totp-secret">{secret}</code></p>
                        <p class="hint"><a href=uri.clone() data-testid="totp-uri">{uri.clone()}</a></p>
                        <form method="post" action="/auth/authenticator">
                            <label for="totp-code">"Code uit de app"</label>
                            <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required/>
                            <button type="submit" class="primary">"Koppelen en aanmelden"</button>
                        </form>
                    </section>
                }.into_any(),
                PendingStep::ChooseEnterprise { choices } => view! {
                    <section aria-labelledby="choose-title">
                        <h2 id="choose-title">"Kies een onderneming"</h2>
                        <p>"Voor welke onderneming wilt u Toegangsbeheer gebruiken?"</p>
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
            <p><a href="/aanmelden">"Opnieuw beginnen"</a></p>
        </main>
    }
}
