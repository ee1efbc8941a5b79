//! What a queued change is, in words, from its request (the indicator lists these).

use crate::i18n::{td_string, Locale};
use crate::lang;

/// Describes a change from its server function's path and its fields.
pub fn describe(path: &str, fields: &[(String, String)], l: Locale) -> String {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let nn = lang::format_national_number(
        &field("national_number")
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
    );
    let group = &lang::group_name(field("group"), l);
    let nn = &nn;
    match path.rsplit('/').next().unwrap_or("") {
        "add_user" => td_string!(l, offline.change.add_user, nn = nn, group = group),
        "change_membership" => match field("change") {
            "Block" => td_string!(l, offline.change.block, nn = nn, group = group),
            "Unblock" => td_string!(l, offline.change.unblock, nn = nn, group = group),
            _ => td_string!(l, offline.change.delete, nn = nn, group = group),
        },
        "change_everywhere" => match field("change") {
            "Block" => td_string!(l, offline.change.block_everywhere, nn = nn),
            "Delete" => td_string!(l, offline.change.delete_everywhere, nn = nn),
            _ => td_string!(l, offline.change.unblock_everywhere, nn = nn),
        },
        "change_services" => td_string!(l, offline.change.services, nn = nn, group = group),
        "appoint" => td_string!(l, offline.change.appoint, nn = nn),
        "revoke" => td_string!(l, offline.change.revoke, nn = nn),
        "save_contact_data" => td_string!(l, offline.change.contact_data).to_owned(),
        "save_contact_person" => td_string!(l, offline.change.contact_person, group = group),
        "create_sender" => td_string!(l, offline.change.create_sender).to_owned(),
        "add_channel" => td_string!(l, offline.change.add_channel).to_owned(),
        "channel_active" => td_string!(l, offline.change.channel_active).to_owned(),
        "remove_channel" => td_string!(l, offline.change.remove_channel).to_owned(),
        "technical_contact" => td_string!(l, offline.change.technical_contact).to_owned(),
        "complete_task" => td_string!(l, offline.change.complete_task).to_owned(),
        other => td_string!(l, offline.change.other, other = other),
    }
}

/// What a draft is, in words, from its form's id (`add-user:werkgever`).
pub fn draft(form: &str, l: Locale) -> String {
    let mut parts = form.split(':');
    let kind = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    match (kind, rest.as_slice()) {
        ("add-user", [group]) => {
            td_string!(l, offline.draft_of.add_user, group = lang::group_name(group, l))
        }
        ("services", [group, nn]) => td_string!(
            l,
            offline.draft_of.services,
            nn = lang::format_national_number(nn),
            group = lang::group_name(group, l)
        ),
        ("appoint", _) => td_string!(l, offline.draft_of.appoint).to_owned(),
        ("contact-data", _) => td_string!(l, contact.address).to_owned(),
        ("contact-person", [group]) => {
            td_string!(l, offline.draft_of.contact_person, group = lang::group_name(group, l))
        }
        ("chaman-sender", _) => td_string!(l, offline.draft_of.chaman_sender).to_owned(),
        ("chaman-contact", _) => td_string!(l, offline.draft_of.chaman_contact).to_owned(),
        ("chaman-channel", _) => td_string!(l, offline.draft_of.chaman_channel).to_owned(),
        _ => form.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_change_says_what_it_does_to_whom() {
        let dutch = Locale::nl;
        assert_eq!(
            describe(
                "/api/change_membership",
                &f(&[("group", "werkgever"), ("national_number", "85073003328"), ("change", "Block")]),
                dutch
            ),
            "85.07.30-033.28 blokkeren voor Werkgever"
        );
        assert_eq!(
            describe("/api/add_user", &f(&[("group", "werkgever"), ("national_number", "85073003328")]), dutch),
            "85.07.30-033.28 toevoegen aan Werkgever"
        );
        assert_eq!(
            describe("/api/add_user", &f(&[("group", "werkgever"), ("national_number", "85073003328")]), Locale::de),
            "85.07.30-033.28 zu Arbeitgeber hinzufügen"
        );
        assert_eq!(describe("/api/nieuw", &[], dutch), "Wijziging (nieuw)");
        assert_eq!(draft("add-user:werkgever", dutch), "Gebruiker toevoegen aan Werkgever");
        assert_eq!(draft("contact-data", dutch), "Adres en algemeen contact");
    }
}
