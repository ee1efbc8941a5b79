//! What a queued change is, in words, from its request (the indicator lists these).

use crate::i18n;

/// Describes a change from its server function's path and its fields.
pub fn describe(path: &str, fields: &[(String, String)]) -> String {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let nn = i18n::format_national_number(
        &field("national_number")
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
    );
    let group = i18n::group_name(field("group"));
    match path.rsplit('/').next().unwrap_or("") {
        "add_user" => format!("{nn} toevoegen aan {group}"),
        "change_membership" => {
            let what = match field("change") {
                "Block" => "blokkeren",
                "Unblock" => "deblokkeren",
                _ => "verwijderen uit",
            };
            if what == "verwijderen uit" {
                format!("{nn} verwijderen uit {group}")
            } else {
                format!("{nn} {what} voor {group}")
            }
        }
        "change_everywhere" => match field("change") {
            "Block" => format!("{nn} blokkeren voor alle groepen"),
            _ => format!("{nn} deblokkeren voor alle groepen"),
        },
        "change_services" => format!("Onlinediensten van {nn} in {group} wijzigen"),
        "appoint" => format!("{nn} aanstellen"),
        "revoke" => format!("Mandaat van {nn} intrekken"),
        "save_contact_data" => "Adres en algemeen contact opslaan".to_owned(),
        "save_contact_person" => format!("Contactpersoon voor {group} opslaan"),
        "create_sender" => "Chaman-afzender aanmaken".to_owned(),
        "add_channel" => "Chaman-kanaal toevoegen".to_owned(),
        "channel_active" => "Chaman-kanaal (de)activeren".to_owned(),
        "complete_task" => "e-Box-taak afronden".to_owned(),
        other => format!("Wijziging ({other})"),
    }
}

/// What a draft is, in words, from its form's id (`add-user:werkgever`).
pub fn draft(form: &str) -> String {
    let mut parts = form.split(':');
    let kind = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    match (kind, rest.as_slice()) {
        ("add-user", [group]) => format!("Gebruiker toevoegen aan {}", i18n::group_name(group)),
        ("services", [group, nn]) => format!(
            "Onlinediensten van {} in {}",
            i18n::format_national_number(nn),
            i18n::group_name(group)
        ),
        ("appoint", _) => "Aanstelling".to_owned(),
        ("contact-data", _) => "Adres en algemeen contact".to_owned(),
        ("contact-person", [group]) => format!("Contactpersoon voor {}", i18n::group_name(group)),
        ("chaman-sender", _) => "Chaman-afzender".to_owned(),
        ("chaman-channel", _) => "Chaman-kanaal".to_owned(),
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
        assert_eq!(
            describe(
                "/api/change_membership",
                &f(&[("group", "werkgever"), ("national_number", "85073003328"), ("change", "Block")])
            ),
            "85.07.30-033.28 blokkeren voor Werkgever"
        );
        assert_eq!(
            describe("/api/add_user", &f(&[("group", "werkgever"), ("national_number", "85073003328")])),
            "85.07.30-033.28 toevoegen aan Werkgever"
        );
        assert_eq!(describe("/api/nieuw", &[]), "Wijziging (nieuw)");
        assert_eq!(draft("add-user:werkgever"), "Gebruiker toevoegen aan Werkgever");
        assert_eq!(draft("contact-data"), "Adres en algemeen contact");
    }
}
