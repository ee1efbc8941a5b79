//! Everything that depends on the language: the locale of a request or page, messages for
//! error codes, the official names of mandates, groups, domains and services, outcomes,
//! and dates, times and numbers as each language writes them. The words themselves live in
//! `app/locales/<language>/<namespace>.json` (leptos_i18n, keys checked at compile time;
//! a key missing in one language fails the build, see `app/build.rs`).

mod audit;

pub use audit::*;

use crate::i18n::{td_string, Locale};
use domain::Mandate;
use leptos_i18n::Locale as _;

/// The language of the page being rendered: the one the server chose (cookie `taal`, else
/// the browser's `Accept-Language`, else Dutch), which the browser reads back from
/// `<html lang>`. Outside a page (a unit test), Dutch.
pub fn locale() -> Locale {
    if let Some(i18n) = leptos::prelude::use_context::<leptos_i18n::I18nContext<Locale>>() {
        return i18n.get_locale_untracked();
    }
    initial()
}

/// The cookie that keeps an explicit choice of language (works without JavaScript).
pub const COOKIE: &str = "taal";

/// The language for a page, decided once when it starts: on the server from the request
/// (cookie, then `Accept-Language`), in the browser from `<html lang>` (what the server
/// decided).
pub fn initial() -> Locale {
    #[cfg(feature = "ssr")]
    {
        if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() {
            return from_headers(&parts.headers);
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(l) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| parse(&l))
        {
            return l;
        }
    }
    Locale::default()
}

/// The language a request asks for: the `taal` cookie, else the best of `Accept-Language`,
/// else Dutch.
#[cfg(feature = "ssr")]
pub fn from_headers(headers: &axum::http::HeaderMap) -> Locale {
    let cookies = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    negotiate(&cookies, accept)
}

/// One of the portal's languages from its code (`fr`, `FR`, `fr-BE`).
pub fn parse(code: &str) -> Option<Locale> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    Locale::get_all().iter().copied().find(|l| l.as_str() == primary)
}

/// The language from a `Cookie` header's `taal`, else from an `Accept-Language` header
/// (highest quality first, `q=0` refused), else Dutch.
pub fn negotiate(cookie_header: &str, accept_language: &str) -> Locale {
    let chosen = cookie_header.split(';').find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == COOKIE).then(|| parse(value)).flatten()
    });
    if let Some(l) = chosen {
        return l;
    }
    let mut offered: Vec<(f32, usize, Locale)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q=").map(str::to_owned))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0);
            (q > 0.0).then(|| parse(tag).map(|l| (q, i, l))).flatten()
        })
        .collect();
    offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offered.first().map(|o| o.2).unwrap_or_default()
}

/// The code of a language (`nl`, `fr`, `de`, `en`).
pub fn code(l: Locale) -> &'static str {
    l.as_str()
}

/// The language's own name, as the switcher shows it.
pub fn own_name(l: Locale) -> &'static str {
    td_string!(l, common.language_name)
}

/// The message for a stable error code, in `l` (a generic one for an unknown code).
pub fn message(code: &str, l: Locale) -> &'static str {
    match code {
        "national_number.empty" => td_string!(l, errors.national_number.empty),
        "national_number.invalid_character" => td_string!(l, errors.national_number.invalid_character),
        "national_number.wrong_length" => td_string!(l, errors.national_number.wrong_length),
        "national_number.invalid_date" => td_string!(l, errors.national_number.invalid_date),
        "national_number.checksum" => td_string!(l, errors.national_number.checksum),
        "rule.not_manager_of_group" => td_string!(l, errors.rule.not_manager_of_group),
        "rule.not_manager_of_every_group" => td_string!(l, errors.rule.not_manager_of_every_group),
        "rule.not_in_staff_register" => td_string!(l, errors.rule.not_in_staff_register),
        "rule.already_member" => td_string!(l, errors.rule.already_member),
        "rule.not_member" => td_string!(l, errors.rule.not_member),
        "rule.no_service_chosen" => td_string!(l, errors.rule.no_service_chosen),
        "rule.service_not_in_group" => td_string!(l, errors.rule.service_not_in_group),
        "rule.main_access_manager_protected" => td_string!(l, errors.rule.main_access_manager_protected),
        "rule.own_powers" => td_string!(l, errors.rule.own_powers),
        "rule.already_blocked" => td_string!(l, errors.rule.already_blocked),
        "rule.not_blocked" => td_string!(l, errors.rule.not_blocked),
        "rule.may_not_appoint" => td_string!(l, errors.rule.may_not_appoint),
        "rule.slot_taken" => td_string!(l, errors.rule.slot_taken),
        "rule.scope_not_activated" => td_string!(l, errors.rule.scope_not_activated),
        "rule.already_appointed" => td_string!(l, errors.rule.already_appointed),
        "rule.no_service_access" => td_string!(l, errors.rule.no_service_access),
        "rule.not_a_manager" => td_string!(l, errors.rule.not_a_manager),
        "token.name_missing" => td_string!(l, errors.token.name_missing),
        "token.name_too_long" => td_string!(l, errors.token.name_too_long),
        "token.lifetime" => td_string!(l, errors.token.lifetime),
        "token.too_many" => td_string!(l, errors.token.too_many),
        "token.not_yours" => td_string!(l, errors.token.not_yours),
        "token.shown_once" => td_string!(l, errors.token.shown_once),
        "token.missing" => td_string!(l, errors.token.missing),
        "token.unknown" => td_string!(l, errors.token.unknown),
        "token.revoked" => td_string!(l, errors.token.revoked),
        "token.expired" => td_string!(l, errors.token.expired),
        "token.scope_changed" => td_string!(l, errors.token.scope_changed),
        "not_found.token" => td_string!(l, errors.not_found.token),
        "audit.unknown_kind" => td_string!(l, errors.audit.unknown_kind),
        "audit.date" => td_string!(l, errors.audit.date),
        "audit.empty_range" => td_string!(l, errors.audit.empty_range),
        "audit.too_long" => td_string!(l, errors.audit.too_long),
        "contact.email_invalid" => td_string!(l, errors.contact.email_invalid),
        "contact.phone_invalid" => td_string!(l, errors.contact.phone_invalid),
        "contact.postal_code_invalid" => td_string!(l, errors.contact.postal_code_invalid),
        "contact.postal_code_foreign_invalid" => td_string!(l, errors.contact.postal_code_foreign_invalid),
        "contact.country_invalid" => td_string!(l, errors.contact.country_invalid),
        "contact.required" => td_string!(l, errors.contact.required),
        "contact.too_long" => td_string!(l, errors.contact.too_long),
        "contact.language_invalid" => td_string!(l, errors.contact.language_invalid),
        "chaman.credential_too_long" => td_string!(l, errors.chaman.credential_too_long),
        "chaman.weak_key" => td_string!(l, errors.chaman.weak_key),
        "chaman.too_many_channels" => td_string!(l, errors.chaman.too_many_channels),
        "chaman.kind_invalid" => td_string!(l, errors.chaman.kind_invalid),
        "chaman.environment_invalid" => td_string!(l, errors.chaman.environment_invalid),
        "chaman.no_sender" => td_string!(l, errors.chaman.no_sender),
        "chaman.sender_exists" => td_string!(l, errors.chaman.sender_exists),
        "chaman.login_invalid" => td_string!(l, errors.chaman.login_invalid),
        "chaman.ssh_key_invalid" => td_string!(l, errors.chaman.ssh_key_invalid),
        "chaman.certificate_invalid" => td_string!(l, errors.chaman.certificate_invalid),
        "chaman.certificate_expired" => td_string!(l, errors.chaman.certificate_expired),
        "chaman.certificate_not_yet_valid" => td_string!(l, errors.chaman.certificate_not_yet_valid),
        "chaman.public_key_invalid" => td_string!(l, errors.chaman.public_key_invalid),
        "chaman.channel_not_found" => td_string!(l, errors.chaman.channel_not_found),
        "chaman.duplicate_channel" => td_string!(l, errors.chaman.duplicate_channel),
        "chaman.remove_active" => td_string!(l, errors.chaman.remove_active),
        "chaman.already_active" => td_string!(l, errors.chaman.already_active),
        "chaman.already_inactive" => td_string!(l, errors.chaman.already_inactive),
        "ebox.unknown_type" => td_string!(l, errors.ebox.unknown_type),
        "ebox.unknown_service" => td_string!(l, errors.ebox.unknown_service),
        "ebox.no_sender" => td_string!(l, errors.ebox.no_sender),
        "ebox.title" => td_string!(l, errors.ebox.title),
        "ebox.body_too_long" => td_string!(l, errors.ebox.body_too_long),
        "ebox.attachment_name" => td_string!(l, errors.ebox.attachment_name),
        "ebox.attachment_size" => td_string!(l, errors.ebox.attachment_size),
        "ebox.attachment_type" => td_string!(l, errors.ebox.attachment_type),
        "ebox.date" => td_string!(l, errors.ebox.date),
        "ebox.empty_range" => td_string!(l, errors.ebox.empty_range),
        "ebox.not_a_task" => td_string!(l, errors.ebox.not_a_task),
        "ebox.already_done" => td_string!(l, errors.ebox.already_done),
        "ebox.not_found" => td_string!(l, errors.ebox.not_found),
        "auth.required" => td_string!(l, errors.auth.required),
        "auth.no_enterprise" => td_string!(l, errors.auth.no_enterprise),
        "auth.no_pending_sign_in" => td_string!(l, errors.auth.no_pending_sign_in),
        "auth.invalid_credentials" => td_string!(l, errors.auth.invalid_credentials),
        "auth.wait" => td_string!(l, errors.auth.wait),
        "auth.locked" => td_string!(l, errors.auth.locked),
        "auth.stopped" => td_string!(l, errors.auth.stopped),
        "auth.address_busy" => td_string!(l, errors.auth.address_busy),
        "rule.chaman_grant_needs_access_manager" => td_string!(l, errors.rule.chaman_grant_needs_access_manager),
        "rule.notification_address_needs_manager" => td_string!(l, errors.rule.notification_address_needs_manager),
        "request.other_enterprise" => td_string!(l, errors.request.other_enterprise),
        "request.queued" => td_string!(l, errors.request.queued),
        "request.other_owner" => td_string!(l, errors.request.other_owner),
        "request.too_many_refusals" => td_string!(l, errors.request.too_many_refusals),
        "auth.temporary_password_expired" => td_string!(l, errors.auth.temporary_password_expired),
        "auth.code_reused" => td_string!(l, errors.auth.code_reused),
        "auth.oidc_failed" => td_string!(l, errors.auth.oidc_failed),
        "auth.oidc_cancelled" => td_string!(l, errors.auth.oidc_cancelled),
        "auth.oidc_no_national_number" => td_string!(l, errors.auth.oidc_no_national_number),
        "password.too_short" => td_string!(l, errors.password.too_short),
        "password.too_long" => td_string!(l, errors.password.too_long),
        "auth.password_changed" => td_string!(l, errors.auth.password_changed),
        "password.mismatch" => td_string!(l, errors.password.mismatch),
        "password.contains_username" => td_string!(l, errors.password.contains_username),
        "password.unchanged" => td_string!(l, errors.password.unchanged),
        "auth.not_active" => td_string!(l, errors.auth.not_active),
        "auth.demo_disabled" => td_string!(l, errors.auth.demo_disabled),
        "request.cross_origin" => td_string!(l, errors.request.cross_origin),
        "request.malformed" => td_string!(l, errors.request.malformed),
        "request.network" => td_string!(l, errors.request.network),
        "request.replayed" => td_string!(l, errors.request.replayed),
        "not_found.group" => td_string!(l, errors.not_found.group),
        "not_found.mandate" => td_string!(l, errors.not_found.mandate),
        "not_found.user" => td_string!(l, errors.not_found.user),
        "rule.changed_meanwhile" => td_string!(l, errors.rule.changed_meanwhile),
        "rule.staff_lookup_needs_manager" => td_string!(l, errors.rule.staff_lookup_needs_manager),
        "rule.too_many_lookups" => td_string!(l, errors.rule.too_many_lookups),
        "confirm.needed" => td_string!(l, errors.confirm.needed),
        "not_found.member" => td_string!(l, errors.not_found.member),
        _ => td_string!(l, errors.server.internal),
    }
}

/// The official name of a mandate (glossary of DESIGN.md §1).
pub fn mandate_label(m: &Mandate, l: Locale) -> String {
    match m {
        Mandate::MainAccessManager => td_string!(l, common.mandate.main_access_manager).to_owned(),
        Mandate::CoMainAccessManager => td_string!(l, common.mandate.co_main_access_manager).to_owned(),
        Mandate::AccessManager(d) => {
            td_string!(l, common.mandate.access_manager_of, domain = domain_name(d, l))
        }
        Mandate::GroupManager(g) => {
            td_string!(l, common.mandate.group_manager_of, group = group_name(g, l))
        }
    }
}

/// A country of an address (`contact::COUNTRIES`) in the reader's language; another code
/// as it is.
pub fn country_name(code: &str, l: Locale) -> &str {
    match code {
        "BE" => td_string!(l, contact.countries.be),
        "NL" => td_string!(l, contact.countries.nl),
        "LU" => td_string!(l, contact.countries.lu),
        "FR" => td_string!(l, contact.countries.fr),
        "DE" => td_string!(l, contact.countries.de),
        "AT" => td_string!(l, contact.countries.at),
        "CH" => td_string!(l, contact.countries.ch),
        "ES" => td_string!(l, contact.countries.es),
        "IT" => td_string!(l, contact.countries.it),
        "PT" => td_string!(l, contact.countries.pt),
        "PL" => td_string!(l, contact.countries.pl),
        "IE" => td_string!(l, contact.countries.ie),
        "GB" => td_string!(l, contact.countries.gb),
        "US" => td_string!(l, contact.countries.us),
        other => other,
    }
}

/// The name of a group (role), or its code.
pub fn group_name(code: &str, l: Locale) -> String {
    domain::Catalogue::get()
        .role(code)
        .map(|r| r.name.get(l.as_str()).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The name of a domain, or its code.
pub fn domain_name(code: &str, l: Locale) -> String {
    domain::Catalogue::get()
        .domain(code)
        .map(|d| d.name.get(l.as_str()).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The name of an online service, or its code.
pub fn service_name(code: &str, l: Locale) -> String {
    domain::Catalogue::get()
        .service_name(code, l.as_str())
        .to_owned()
}

/// The names of services, comma-separated.
pub fn service_names(codes: &[String], l: Locale) -> String {
    codes
        .iter()
        .map(|s| service_name(s, l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A national number in the official display format (`85.07.30-033.28`), or as given.
pub fn format_national_number(digits: &str) -> String {
    domain::NationalNumber::parse(digits)
        .map(|n| n.to_string())
        .unwrap_or_else(|_| digits.to_owned())
}

/// The name of an e-Box document type.
pub fn document_type(code: &str, l: Locale) -> &'static str {
    match code {
        "kennisgeving" => td_string!(l, ebox.type_kennisgeving),
        "herinnering" => td_string!(l, ebox.type_herinnering),
        "aanslagbiljet" => td_string!(l, ebox.type_aanslagbiljet),
        "attest" => td_string!(l, ebox.type_attest),
        "taak" => td_string!(l, ebox.type_taak),
        _ => td_string!(l, ebox.type_document),
    }
}

/// The label of an enterprise status.
pub fn status_label(status: &str, l: Locale) -> &'static str {
    match status {
        "registered" => td_string!(l, common.enterprise_status.registered),
        "active" => td_string!(l, common.enterprise_status.active),
        "closed" => td_string!(l, common.enterprise_status.closed),
        _ => td_string!(l, common.enterprise_status.unknown),
    }
}

/// A one-time message after a change (kept in the session without JavaScript, never in a
/// URL), in words only when shown, so that it follows the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Flash {
    /// Blocking, unblocking or deleting (`Block`, `Unblock`, `Delete`), naming the person
    /// and the group; `group` `None` for all groups at once.
    Outcome {
        change: String,
        name: String,
        group: Option<String>,
        /// How to undo it in one step (block, unblock, services), if it can be.
        #[serde(default)]
        undo: Option<crate::model::Undo>,
    },
    /// The main access manager's first sign-in made the enterprise's account active.
    Activated,
    /// An API token just made, shown once (without JavaScript: on the next page).
    NewToken { name: String, token: String, expires: String },
    /// A helper appointed (`appointed`) or a mandate revoked, naming the person and the
    /// mandate (`kind` and `scope` as in [`Mandate::from_parts`]).
    Helper { appointed: bool, name: String, kind: String, scope: String },
    /// Another act done (`act`: `contact_data_saved`, `contact_person_saved`,
    /// `sender_created`, `technical_contact_changed`, `channel_added`, `channel_activated`,
    /// `channel_deactivated`, `channel_removed`, `task_done`), naming the person (`name`) and the group (`group`) where it has them.
    Done { act: String, name: String, group: String },
}

/// The words of a one-time message, in the seed's terms ("Emma Lambert is geblokkeerd
/// voor de groep Werkgever.", "Ziezo, het account van uw onderneming is actief!").
pub fn flash_text(f: &Flash, l: Locale) -> String {
    match f {
        Flash::Activated => td_string!(l, outcome.activated).to_owned(),
        Flash::NewToken { name, token, expires } => format!(
            "{} {name}: {token} — {}",
            td_string!(l, tokens.new_title),
            td_string!(l, tokens.new_once, expires = date_time(expires, l))
        ),
        Flash::Outcome { change, name, group, .. } => outcome(change, name, group.as_deref(), l),
        Flash::Helper { appointed, name, kind, scope } => helper_outcome(*appointed, name, kind, scope, l),
        Flash::Done { act, name, group } => {
            let name = name.as_str();
            match act.as_str() {
                "contact_data_saved" => td_string!(l, outcome.contact_data_saved).to_owned(),
                "contact_person_saved" => {
                    td_string!(l, outcome.contact_person_saved, name = name, group = group_name(group, l))
                }
                "sender_created" => td_string!(l, outcome.sender_created, name = name),
                "channel_added" => td_string!(l, outcome.channel_added).to_owned(),
                "channel_activated" => td_string!(l, outcome.channel_activated).to_owned(),
                "channel_deactivated" => td_string!(l, outcome.channel_deactivated).to_owned(),
                "channel_removed" => td_string!(l, outcome.channel_removed).to_owned(),
                "technical_contact_changed" => td_string!(l, outcome.technical_contact_changed, name = name),
                _ => td_string!(l, outcome.task_done).to_owned(),
            }
        }
    }
}

/// The outcome of appointing a helper or revoking a mandate ("Dirk Michiels is aangesteld
/// als co-Hoofdtoegangsbeheerder.").
pub fn helper_outcome(appointed: bool, name: &str, kind: &str, scope: &str, l: Locale) -> String {
    let name = if name.is_empty() {
        td_string!(l, outcome.the_user).to_owned()
    } else {
        name.to_owned()
    };
    let mandate = Mandate::from_parts(kind, scope)
        .map(|m| mandate_label(&m, l))
        .unwrap_or_else(|| kind.to_owned());
    if appointed {
        td_string!(l, outcome.appointed, name = name, mandate = mandate)
    } else {
        td_string!(l, outcome.revoked, name = name, mandate = mandate)
    }
}

/// The outcome of adding (`Add`), changing the services (`Services`), blocking, unblocking
/// or deleting, naming the person and the group (`group` `None` for all groups at once).
pub fn outcome(change: &str, name: &str, group: Option<&str>, l: Locale) -> String {
    let name = if name.is_empty() {
        td_string!(l, outcome.the_user).to_owned()
    } else {
        name.to_owned()
    };
    match (change, group.map(|g| group_name(g, l))) {
        ("Block", None) => td_string!(l, outcome.blocked_everywhere, name = name),
        ("Unblock", None) => td_string!(l, outcome.unblocked_everywhere, name = name),
        ("Delete", None) => td_string!(l, outcome.deleted_everywhere, name = name),
        ("Block", Some(group)) => td_string!(l, outcome.blocked_in, name = name, group = group),
        ("Unblock", Some(group)) => td_string!(l, outcome.unblocked_in, name = name, group = group),
        ("Add", Some(group)) => td_string!(l, outcome.added_to, name = name, group = group),
        ("Services", Some(group)) => td_string!(l, outcome.services_in, name = name, group = group),
        (_, Some(group)) => td_string!(l, outcome.deleted_from, name = name, group = group),
        (_, None) => td_string!(l, outcome.changed, name = name),
    }
}

/// A count as the language writes it (`1.234`, `1 234`, `1,234`).
pub fn number(n: u64, l: Locale) -> String {
    let separator = td_string!(l, common.format.thousands);
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// A stored phone number (E.164) as people read it (`+32 470 12 34 56`); anything else
/// as stored.
pub fn phone(stored: &str) -> String {
    domain::contact::Mobile::parse(stored)
        .map(|m| m.readable())
        .unwrap_or_else(|_| stored.to_owned())
}

/// A day (`2026-11-30`, already in Belgian time) as the language writes it
/// ("30 november 2026", "30. November 2026"); anything else as given.
pub fn date(day: &str, l: Locale) -> String {
    let mut parts = day.get(..10).unwrap_or("").split('-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return day.to_owned();
    };
    let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return day.to_owned();
    };
    let Some(month) = td_string!(l, common.format.months).split(' ').nth(m.wrapping_sub(1))
    else {
        return day.to_owned();
    };
    td_string!(l, common.format.date, day = d, month = month, year = y)
}

/// A moment (`2026-11-30 10:15`, already in Belgian time) as the language writes it
/// ("30 november 2026 om 10:15").
pub fn date_time(moment: &str, l: Locale) -> String {
    match moment.split_once(' ') {
        Some((day, time)) => td_string!(l, common.format.date_time, date = date(day, l), time = time),
        None => date(moment, l),
    }
}

/// The e-mail that gives a main access manager without a national number their username:
/// subject and text.
pub fn credentials_mail(l: Locale, name: &str, enterprise: &str, username: &str) -> (String, String) {
    (
        td_string!(l, mail.credentials_subject).to_owned(),
        td_string!(l, mail.credentials_body, name = name, enterprise = enterprise, username = username),
    )
}

/// The SMS with a temporary password; `secret` is the outbox's placeholder for it.
pub fn temporary_password_sms(l: Locale, secret: &str, days: i64) -> String {
    td_string!(l, mail.temporary_password_sms, secret = secret, days = days)
}

/// The daily e-Box notification to an enterprise's general address: how many new
/// documents, never what.
pub fn ebox_notification(l: Locale, count: u64, enterprise: &str, number: &str) -> (String, String) {
    (
        td_string!(l, mail.ebox_subject).to_owned(),
        td_string!(l, mail.ebox_body, count = count, enterprise = enterprise, number = number),
    )
}

/// The words of the offline page (`public/offline.html`, shown by the service worker when
/// the server cannot be reached), by the names its elements carry in `data-word`.
pub fn offline_words(l: Locale) -> Vec<(&'static str, String)> {
    vec![
        ("app_name", td_string!(l, common.app_name).to_owned()),
        ("menu", td_string!(l, common.menu).to_owned()),
        ("menu_groups", td_string!(l, common.menu_groups).to_owned()),
        ("menu_users", td_string!(l, common.menu_users).to_owned()),
        ("title", td_string!(l, offline.page.title).to_owned()),
        ("no_connection", td_string!(l, offline.page.no_connection).to_owned()),
        ("lost", td_string!(l, offline.page.lost).to_owned()),
        ("waiting_changes", td_string!(l, offline.waiting_changes).to_owned()),
        ("drafts", td_string!(l, offline.drafts).to_owned()),
        ("retry", td_string!(l, offline.page.retry).to_owned()),
        ("none", td_string!(l, offline.page.none).to_owned()),
        ("form", td_string!(l, offline.page.form, form = "{form}")),
    ]
}

/// `offline-words.js`: the offline page's words in every language, for the service worker
/// to keep with the page (the page picks the language the app last showed).
pub fn offline_words_script() -> String {
    let all: serde_json::Map<String, serde_json::Value> = Locale::get_all()
        .iter()
        .map(|&l| {
            let words: serde_json::Map<String, serde_json::Value> = offline_words(l)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
                .collect();
            (code(l).to_owned(), serde_json::Value::Object(words))
        })
        .collect();
    format!("self.TOEGANG_WORDS = {};\n", serde_json::Value::Object(all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::signin::SignInError;

    /// Every sign-in error of `domain`.
    const SIGN_IN_ERRORS: [SignInError; 12] = [
        SignInError::Stopped,
        SignInError::AddressBusy,
        SignInError::PasswordTooLong,
        SignInError::InvalidCredentials,
        SignInError::Wait { seconds: 1 },
        SignInError::Locked { seconds: 1 },
        SignInError::TemporaryPasswordExpired,
        SignInError::CodeReused,
        SignInError::PasswordTooShort,
        SignInError::PasswordMismatch,
        SignInError::PasswordContainsUsername,
        SignInError::PasswordUnchanged,
    ];

    #[test]
    fn every_rule_code_has_its_own_dutch_message() {
        let fallback = message("no.such.code", Locale::nl);
        for code in [
            "rule.not_manager_of_group",
            "rule.not_manager_of_every_group",
            "rule.not_in_staff_register",
            "rule.already_member",
            "rule.not_member",
            "rule.no_service_chosen",
            "rule.service_not_in_group",
            "rule.main_access_manager_protected",
            "rule.own_powers",
            "rule.already_blocked",
            "rule.not_blocked",
            "rule.may_not_appoint",
            "rule.slot_taken",
            "rule.scope_not_activated",
            "rule.already_appointed",
            "rule.no_service_access",
            "rule.not_a_manager",
            "token.name_missing",
            "token.name_too_long",
            "token.lifetime",
            "token.too_many",
            "token.not_yours",
            "token.shown_once",
            "token.missing",
            "token.unknown",
            "token.revoked",
            "token.expired",
            "token.scope_changed",
            "not_found.token",
            "audit.unknown_kind",
            "audit.date",
            "audit.empty_range",
            "audit.too_long",
            "rule.chaman_grant_needs_access_manager",
            "rule.notification_address_needs_manager",
            "rule.staff_lookup_needs_manager",
            "rule.too_many_lookups",
            "confirm.needed",
            "request.other_enterprise",
            "request.too_many_refusals",
            "request.queued",
            "request.other_owner",
            "contact.email_invalid",
            "contact.phone_invalid",
            "contact.postal_code_invalid",
            "contact.postal_code_foreign_invalid",
            "contact.country_invalid",
            "contact.required",
            "contact.too_long",
            "contact.language_invalid",
            "ebox.unknown_type",
            "ebox.unknown_service",
            "ebox.no_sender",
            "ebox.title",
            "ebox.body_too_long",
            "ebox.attachment_name",
            "ebox.attachment_size",
            "ebox.date",
            "ebox.empty_range",
            "ebox.attachment_type",
            "ebox.not_a_task",
            "ebox.already_done",
            "ebox.not_found",
            "chaman.credential_too_long",
            "chaman.weak_key",
            "chaman.too_many_channels",
            "chaman.kind_invalid",
            "chaman.environment_invalid",
            "chaman.no_sender",
            "chaman.sender_exists",
            "chaman.duplicate_channel",
            "chaman.remove_active",
            "chaman.login_invalid",
            "chaman.ssh_key_invalid",
            "chaman.certificate_invalid",
            "chaman.certificate_expired",
            "chaman.certificate_not_yet_valid",
            "chaman.public_key_invalid",
            "chaman.channel_not_found",
            "chaman.already_active",
            "chaman.already_inactive",
            "auth.not_active",
            "national_number.empty",
            "national_number.invalid_character",
            "national_number.wrong_length",
            "national_number.invalid_date",
            "national_number.checksum",
            "auth.no_enterprise",
            "auth.no_pending_sign_in",
            "auth.oidc_failed",
            "auth.oidc_cancelled",
            "auth.oidc_no_national_number",
            "auth.password_changed",
        ]
        .into_iter()
        .chain(SIGN_IN_ERRORS.iter().map(|e| e.code()))
        {
            assert_ne!(message(code, Locale::nl), fallback, "{code}");
            assert_ne!(message(code, Locale::nl), message(code, Locale::fr), "{code}");
        }
    }

    #[test]
    fn a_chosen_language_wins_then_the_browsers_best_then_dutch() {
        assert_eq!(negotiate("a=b; taal=de", "fr"), Locale::de);
        assert_eq!(negotiate("taal=xx", "fr-BE,fr;q=0.9"), Locale::fr);
        assert_eq!(negotiate("", "es, en;q=0.5, de;q=0.8"), Locale::de);
        assert_eq!(negotiate("", "en-GB"), Locale::en);
        assert_eq!(negotiate("", "fr;q=0, en;q=0.1"), Locale::en);
        assert_eq!(negotiate("", "es, it"), Locale::nl);
        assert_eq!(negotiate("", ""), Locale::nl);
        assert_eq!(parse("FR"), Some(Locale::fr));
        assert_eq!(parse("de_BE"), Some(Locale::de));
    }

    #[test]
    fn dates_and_numbers_are_written_as_each_language_writes_them() {
        assert_eq!(date("2026-11-30", Locale::nl), "30 november 2026");
        assert_eq!(date("2026-03-01", Locale::fr), "1 mars 2026");
        assert_eq!(date("2026-03-01", Locale::de), "1. März 2026");
        assert_eq!(date("2026-12-24", Locale::en), "24 December 2026");
        assert_eq!(date_time("2026-11-30 10:15", Locale::nl), "30 november 2026 om 10:15");
        assert_eq!(date_time("2026-11-30 10:15", Locale::fr), "30 novembre 2026 à 10:15");
        assert_eq!(date("not a day", Locale::de), "not a day");
        assert_eq!(number(100_000, Locale::nl), "100.000");
        assert_eq!(number(100_000, Locale::de), "100.000");
        assert_eq!(number(1_234_567, Locale::fr), "1\u{202f}234\u{202f}567");
        assert_eq!(number(100_000, Locale::en), "100,000");
        assert_eq!(number(999, Locale::en), "999");
    }

    #[test]
    fn counts_take_the_right_plural_in_each_language() {
        assert_eq!(td_string!(Locale::nl, common.users, count = 1), "1 gebruiker");
        assert_eq!(td_string!(Locale::nl, common.users, count = 0), "0 gebruikers");
        // French counts zero as one.
        assert_eq!(td_string!(Locale::fr, common.users, count = 0), "0 utilisateur");
        assert_eq!(td_string!(Locale::fr, common.users, count = 2), "2 utilisateurs");
        assert_eq!(td_string!(Locale::de, common.users, count = 1), "1 Benutzer");
        assert_eq!(td_string!(Locale::en, common.users, count = 2), "2 users");
    }

    #[test]
    fn outcomes_name_the_person_and_the_group_in_every_language() {
        assert_eq!(
            outcome("Block", "Emma Lambert", None, Locale::nl),
            "Emma Lambert is geblokkeerd voor alle groepen."
        );
        assert_eq!(
            outcome("Delete", "Emma Lambert", Some("werkgever"), Locale::nl),
            "Emma Lambert is nu verwijderd uit de groep Werkgever."
        );
        assert_eq!(
            outcome("Block", "Emma Lambert", Some("werkgever"), Locale::fr),
            "Emma Lambert\u{a0}: accès bloqué pour le groupe Employeur."
        );
        assert_eq!(
            flash_text(&Flash::Activated, Locale::nl),
            "Ziezo, het account van uw onderneming is actief!"
        );
    }

    /// Every key of the Dutch reference (the build fails when another language lacks
    /// one) is used somewhere in the code: no word is kept that nothing shows.
    #[test]
    fn every_key_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut code = String::new();
        for dir in [root.join("src"), root.join("../server/src")] {
            read_sources(&dir, &mut code);
        }
        let code: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut unused = Vec::new();
        for entry in std::fs::read_dir(root.join("locales/nl")).unwrap() {
            let path = entry.unwrap().path();
            let ns = path.file_stem().unwrap().to_string_lossy().into_owned();
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let mut keys = Vec::new();
            flatten(&ns, &value, &mut keys);
            for key in keys {
                // A plural's forms are used through their base key.
                let base = key
                    .strip_suffix("_one")
                    .or_else(|| key.strip_suffix("_other"))
                    .unwrap_or(&key);
                let used = [",", ")"].iter().any(|end| code.contains(&format!("{base}{end}")))
                    && code.contains(&format!(" {base}"));
                if !used {
                    unused.push(key);
                }
            }
        }
        assert!(unused.is_empty(), "keys nothing uses: {unused:?}");
    }

    /// Every key exists in all four languages (the build refuses a gap as well).
    #[test]
    fn every_key_exists_in_all_four_languages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let keys_of = |language: &str| {
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(root.join(language)).unwrap() {
                let path = entry.unwrap().path();
                let ns = path.file_stem().unwrap().to_string_lossy().into_owned();
                let value: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                flatten(&ns, &value, &mut keys);
            }
            keys.sort();
            keys
        };
        let dutch = keys_of("nl");
        assert!(dutch.len() > 300, "{}", dutch.len());
        for language in ["fr", "de", "en"] {
            assert_eq!(keys_of(language), dutch, "{language}");
        }
        // And no word is left untranslated by accident: a text equal to the Dutch one
        // must be a name or a code that every language writes alike.
        let same: Vec<_> = ["fr", "de", "en"]
            .iter()
            .flat_map(|l| {
                dutch
                    .iter()
                    .filter(move |k| text_of("nl", k) == text_of(l, k))
                    .map(move |k| format!("{l}:{k}"))
            })
            .filter(|k| !ALIKE.contains(&k.as_str()))
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    /// Keys whose text is the same in several languages on purpose.
    /// Keys whose text is the same as the Dutch on purpose (words both languages share:
    /// "Test", "Login", "Status", "Menu", "Document", a date pattern).
    const ALIKE: [&str; 46] = [
        // Countries several languages name alike, and "Land" in German.
        "fr:contact.countries.pt",
        "de:contact.countries.lu",
        "de:contact.countries.pl",
        "de:contact.countries.pt",
        "de:contact.country",
        "en:contact.countries.pt",
        "fr:logbook.kind.chaman",
        "de:logbook.kind.chaman",
        "en:logbook.kind.chaman",
        "fr:logbook.kind.ebox",
        "de:logbook.kind.ebox",
        "en:logbook.kind.ebox",
        "de:logbook.field.status",
        "en:logbook.field.status",
        "en:logbook.filters",
        "de:logbook.all",
        "de:logbook.yes",
        "de:user.access_yes", // Ja
        "fr:chaman.found.kind",
        "fr:chaman.found.login",
        "fr:chaman.kind",
        "fr:chaman.test",
        "fr:common.format.date",
        "fr:common.format.decimal",
        "fr:common.menu",
        "fr:ebox.documents_one",
        "fr:ebox.type_document",
        "de:chaman.found.client_id",
        "de:chaman.found.login",
        "de:chaman.test",
        "de:common.format.decimal",
        "de:common.format.thousands",
        "de:common.status",
        "de:ebox.all",
        "de:managers.nobody",
        "en:chaman.found.kind",
        "en:chaman.found.login",
        "en:chaman.kind",
        "en:chaman.test",
        "en:common.account",
        "en:common.format.date",
        "en:common.menu",
        "en:common.status",
        "en:ebox.documents_one",
        "en:ebox.filters",
        "en:ebox.type_document",
    ];

    fn text_of(language: &str, key: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let (ns, rest) = key.split_once('.').unwrap();
        let value: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(language).join(format!("{ns}.json"))).unwrap(),
        )
        .unwrap();
        rest.split('.')
            .fold(&value, |v, k| &v[k])
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn read_sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                read_sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Not this test's own words.
                out.push_str(text.split("mod tests").next().unwrap_or(&text));
                out.push(' ');
            }
        }
    }

    fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    flatten(&format!("{prefix}.{k}"), v, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }
}
