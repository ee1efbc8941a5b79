//! Sign-in. In demo mode: the demo identity provider, where one picks a person of the demo
//! data. Real sign-in means (OpenID Connect, password + TOTP) come with issue 3.

use super::query_param;
use crate::api::demo_people;
use crate::api::Problem;
use crate::components::Problems;
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let error = query_param("fout");
    let people = Resource::new(|| (), |_| demo_people());
    view! {
        <main class="signin">
            <h1>"Aanmelden bij Toegangsbeheer"</h1>
            {move || {
                let code = error.get();
                (!code.is_empty()).then(|| view! { <Problems problems=vec![Problem { code, field: None }]/> })
            }}
            <Suspense fallback=|| view! { <p class="loading">"Laden…"</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(list) if !list.is_empty() => view! {
                            <section class="demo-signin" aria-labelledby="demo-title">
                                <div class="demo-banner" role="note">"DEMO — dit aanmeldmiddel bestaat alleen in demomodus"</div>
                                <h2 id="demo-title">"Demo-aanmelding"</h2>
                                <form method="post" action="/auth/demo">
                                    <label for="demo-person">"Kies een persoon uit de demogegevens"</label>
                                    <select id="demo-person" name="national_number">
                                        {list.into_iter().map(|p| view! {
                                            <option value=p.national_number.clone()>{format!("{} — {}", p.name, p.role)}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit" class="primary">"Aanmelden"</button>
                                </form>
                            </section>
                        }.into_any(),
                        _ => view! {
                            <p>"Er is geen aanmeldmiddel ingesteld op deze server."</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
