//! Four languages: the page's language from the `taal` cookie, else `Accept-Language`,
//! else Dutch; the switcher (`POST /taal`) keeps a choice in the cookie and as the signed-in
//! person's preference, which wins at their next sign-in; the first sign-in of a main
//! access manager says "Ziezo"; messages go out in the person's language.

use crate::common::*;
use reqwest::{header, Client, StatusCode};
use server::demo::staff_number;

async fn page(c: &Client, s: &TestServer, path: &str, headers: &[(header::HeaderName, &str)]) -> String {
    let mut req = c.get(s.url(path)).header(header::ACCEPT, "text/html");
    for (k, v) in headers {
        req = req.header(k.clone(), *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

/// Chooses a language in the switcher; returns the answer.
async fn choose(c: &Client, s: &TestServer, language: &str, back: &str) -> reqwest::Response {
    c.post(s.url("/taal"))
        .header(header::ACCEPT, "text/html")
        .form(&[("taal", language), ("terug", back)])
        .send()
        .await
        .unwrap()
}

fn cookie_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("taal="))
        .map(str::to_owned)
}

#[tokio::test]
async fn the_page_speaks_the_chosen_language_else_the_browsers_else_dutch() {
    let s = TestServer::start().await;
    let c = s.client();
    let dutch = page(&c, &s, "/aanmelden", &[]).await;
    assert!(dutch.contains(r#"<html lang="nl""#), "Dutch by default");
    assert!(dutch.contains("Aanmelden bij Toegangsbeheer"));

    let german = page(&c, &s, "/aanmelden", &[(header::ACCEPT_LANGUAGE, "de-BE,de;q=0.9,en;q=0.5")]).await;
    assert!(german.contains(r#"<html lang="de""#));
    assert!(german.contains("Bei der Zugangsverwaltung anmelden"));

    let english = page(&c, &s, "/aanmelden", &[(header::ACCEPT_LANGUAGE, "es, en;q=0.8")]).await;
    assert!(english.contains("Sign in to Access management"), "the best of the offered");

    // An explicit choice beats the browser's.
    let chosen = page(
        &c,
        &s,
        "/aanmelden",
        &[(header::ACCEPT_LANGUAGE, "de"), (header::COOKIE, "taal=fr")],
    )
    .await;
    assert!(chosen.contains(r#"<html lang="fr""#));
    assert!(chosen.contains("Se connecter à la Gestion des accès"));
    // The switcher names every language in itself, the current one marked.
    for name in ["Nederlands", "Français", "Deutsch", "English"] {
        assert!(chosen.contains(name), "{name}");
    }
    assert!(chosen.contains(r#"lang="fr" aria-current="true""#) || chosen.contains(r#"aria-current="true""#));
}

#[tokio::test]
async fn the_switcher_keeps_the_choice_and_returns_to_the_same_page_of_this_site() {
    let s = TestServer::start().await;
    let c = s.client();
    let res = choose(&c, &s, "fr", "/aanmelden?x=1").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/aanmelden?x=1");
    let cookie = cookie_of(&res).expect("the cookie keeps the choice");
    for part in ["taal=fr", "Path=/", "Max-Age=31536000", "SameSite=Lax", "HttpOnly"] {
        assert!(cookie.contains(part), "{cookie}: {part}");
    }
    // The cookie jar now asks for French, whatever the browser's language.
    let again = page(&c, &s, "/aanmelden", &[(header::ACCEPT_LANGUAGE, "en")]).await;
    assert!(again.contains(r#"<html lang="fr""#));

    // Never back to another site; an unknown language changes nothing.
    let res = choose(&c, &s, "de", "https://elders.example/").await;
    assert_eq!(res.headers()[header::LOCATION], "/");
    let res = choose(&c, &s, "de", "//elders.example/").await;
    assert_eq!(res.headers()[header::LOCATION], "/");
    let res = choose(&c, &s, "xx", "/aanmelden").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(cookie_of(&res), None);

    // From another site: refused (same-origin check), nothing set.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(s.url("/taal"))
        .header(header::ORIGIN, "https://elders.example")
        .form(&[("taal", "en"), ("terug", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cookie_of(&res), None);
}

#[tokio::test]
async fn a_signed_in_persons_choice_is_kept_audited_and_wins_at_the_next_sign_in() {
    let s = TestServer::start().await;
    s.signed_in(MAM).await; // activates the enterprise (R3)
    let person = staff_number(40); // Sofie Maes, access manager
    let c = s.signed_in(person).await;
    let before = s.audit_rows().await;
    let res = choose(&c, &s, "de", "/gebruikers").await;
    assert_eq!(res.headers()[header::LOCATION], "/gebruikers");
    assert!(cookie_of(&res).is_some());
    assert_eq!(s.audit_rows().await, before + 1, "person.language, audited");
    let res = choose(&c, &s, "de", "/gebruikers").await;
    assert!(cookie_of(&res).is_some());
    assert_eq!(s.audit_rows().await, before + 1, "the same choice again changes nothing");
    let home = page(&c, &s, "/", &[]).await;
    assert!(home.contains("Meine Gruppen"), "{home}");

    // Another browser (its own language English) signs in as the same person: theirs wins.
    let other = s.client();
    let res = other
        .post(s.url("/auth/demo"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&[("national_number", person)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(cookie_of(&res).is_some_and(|c| c.starts_with("taal=de;")), "{:?}", cookie_of(&res));
    let home = page(&other, &s, "/", &[(header::ACCEPT_LANGUAGE, "en")]).await;
    assert!(home.contains(r#"<html lang="de""#));

    // Someone without a preference keeps the browser's language at sign-in.
    let res = s
        .client()
        .post(s.url("/auth/demo"))
        .form(&[("national_number", staff_number(41))])
        .send()
        .await
        .unwrap();
    assert_eq!(cookie_of(&res), None);
}

#[tokio::test]
async fn the_main_access_managers_first_sign_in_says_ziezo_once() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let home = page(&mam, &s, "/", &[]).await;
    assert!(home.contains("Ziezo, het account van uw onderneming is actief!"), "{home}");
    let again = page(&mam, &s, "/", &[]).await;
    assert!(!again.contains("Ziezo"), "once");
    // A later sign-in activates nothing and says nothing of it.
    let later = s.signed_in(MAM).await;
    assert!(!page(&later, &s, "/", &[]).await.contains("Ziezo"));
    // Kept as what happened: shown in the reader's language.
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    choose(&mam, &s, "en", "/").await;
    let home = page(&mam, &s, "/", &[]).await;
    assert!(home.contains("There you go, your enterprise&#x27;s account is active!")
        || home.contains("There you go, your enterprise's account is active!"), "{home}");
}

#[tokio::test]
async fn a_foreign_main_access_manager_gets_the_e_mail_and_sms_in_their_language() {
    let s = TestServer::start().await;
    let (code, out) = operator(
        &s,
        &[
            "register-enterprise", "--number", "0202239951", "--name", "Dupont SPRL",
            "--groups", "werkgever", "--main-access-manager-name", "Claire Dupont",
            "--main-access-manager-email", "claire@dupont.fr",
            "--main-access-manager-mobile", "+33 6 12 34 56 78", "--language", "fr",
        ],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let sent = outbox(&s).await;
    let mail = sent.iter().find(|m| m.channel == "email").expect("the e-mail");
    assert_eq!(mail.subject, "Votre nom d'utilisateur pour la Gestion des accès");
    assert!(mail.body.starts_with("Bonjour Claire Dupont,"), "{}", mail.body);
    let sms = sent.iter().find(|m| m.channel == "sms").expect("the SMS");
    assert!(sms.body.contains("votre mot de passe temporaire est"), "{}", sms.body);

    // An unknown language is refused before anything is written.
    let (code, out) = operator(
        &s,
        &[
            "register-enterprise", "--number", "1000003682", "--name", "X",
            "--groups", "werkgever", "--main-access-manager-name", "X Y",
            "--main-access-manager-email", "x@y.fr", "--main-access-manager-mobile", "+33 6 12 34 56 79",
            "--language", "es",
        ],
    )
    .await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("language `es`"), "{out}");
    let (_, listed) = operator(&s, &["outbox", "--limit", "10"]).await;
    assert!(!listed.contains("x@y.fr"), "nothing was written: {listed}");
}
