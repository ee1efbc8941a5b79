//! The language switcher's endpoint and the language cookie (DESIGN.md §1).
//!
//! `POST /taal` takes the choice from any page's switcher (a plain form, so it works
//! without JavaScript), keeps it as the signed-in person's preference, and sends the
//! browser back to the page it came from. The `taal` cookie that keeps the choice is
//! written in one place, [`keep_choice`], for this answer and for a sign-in that brings
//! the person's preference.

use crate::service::Toegang;
use app::port::SignedIn;
use axum::extract::{Form, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use std::sync::Arc;

/// An answer that carries this header (a language code) gets the `taal` cookie instead.
pub const HEADER: &str = "x-toegang-language";

/// How long an explicit choice is kept: a year.
const KEEP_SECONDS: i64 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct Choice {
    taal: String,
    /// The page to return to (a path of this site).
    #[serde(default)]
    terug: String,
}

/// `POST /taal`: keeps the chosen language and returns to the page. An unknown language
/// changes nothing.
pub async fn choose(
    toegang: Arc<Toegang>,
    signed_in: Option<Extension<SignedIn>>,
    Form(choice): Form<Choice>,
) -> Response {
    let mut res = Redirect::to(&back(&choice.terug)).into_response();
    let Some(language) = app::lang::parse(&choice.taal) else {
        return res;
    };
    let code = app::lang::code(language);
    if let Some(Extension(who)) = signed_in {
        if let Err(e) = toegang
            .choose_language(who.person_id, who.enterprise_id, code)
            .await
        {
            // The cookie still keeps the choice; the preference waits for the next one.
            tracing::error!(error = %e, "could not keep the language preference");
        }
    }
    res.headers_mut()
        .insert(HEADER, HeaderValue::from_static(code));
    res
}

/// Where to return: a path of this site, else the start page (never another site).
fn back(to: &str) -> String {
    let local = to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\\");
    if local && !to.chars().any(char::is_control) {
        to.to_owned()
    } else {
        "/".to_owned()
    }
}

/// Turns an answer's [`HEADER`] into the `taal` cookie (a year, the whole site, Lax,
/// HttpOnly, Secure over https).
pub async fn keep_choice(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if let Some(value) = res.headers_mut().remove(HEADER) {
        if let Some(l) = value.to_str().ok().and_then(app::lang::parse) {
            let cookie = format!(
                "{}={}; Path=/; Max-Age={KEEP_SECONDS}; SameSite=Lax; HttpOnly{}",
                app::lang::COOKIE,
                app::lang::code(l),
                if secure { "; Secure" } else { "" }
            );
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::back;

    #[test]
    fn the_switcher_returns_only_to_a_page_of_this_site() {
        assert_eq!(back("/groepen/werkgever?page=2"), "/groepen/werkgever?page=2");
        assert_eq!(back("https://evil.example/"), "/");
        assert_eq!(back("//evil.example/"), "/");
        assert_eq!(back("/\\evil.example"), "/");
        assert_eq!(back(""), "/");
    }
}
