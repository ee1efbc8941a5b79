//! The Logboek's words: acts, kinds of act, and the fields of before → after.

use crate::i18n::{td_string, Locale};

/// An audit action (`membership.block`) in words; an unknown one as its code.
pub fn audit_action(code: &str, l: Locale) -> &str {
    match code {
        "membership.add" => td_string!(l, logbook.action.membership_add),
        "membership.block" => td_string!(l, logbook.action.membership_block),
        "membership.unblock" => td_string!(l, logbook.action.membership_unblock),
        "membership.delete" => td_string!(l, logbook.action.membership_delete),
        "membership.services" => td_string!(l, logbook.action.membership_services),
        "user.block_all" => td_string!(l, logbook.action.user_block_all),
        "user.unblock_all" => td_string!(l, logbook.action.user_unblock_all),
        "user.delete_all" => td_string!(l, logbook.action.user_delete_all),
        "mandate.appoint" => td_string!(l, logbook.action.mandate_appoint),
        "mandate.revoke" => td_string!(l, logbook.action.mandate_revoke),
        "signin.success" => td_string!(l, logbook.action.signin_success),
        "signin.failure" => td_string!(l, logbook.action.signin_failure),
        "contactdata.address" => td_string!(l, logbook.action.contactdata_address),
        "contactdata.contact_person" => td_string!(l, logbook.action.contactdata_contact_person),
        "chaman.sender" => td_string!(l, logbook.action.chaman_sender),
        "chaman.sender_change" => td_string!(l, logbook.action.chaman_sender_change),
        "chaman.channel_add" => td_string!(l, logbook.action.chaman_channel_add),
        "chaman.channel_remove" => td_string!(l, logbook.action.chaman_channel_remove),
        "chaman.channel_activate" => td_string!(l, logbook.action.chaman_channel_activate),
        "chaman.channel_deactivate" => td_string!(l, logbook.action.chaman_channel_deactivate),
        "ebox.publish" => td_string!(l, logbook.action.ebox_publish),
        "ebox.read" => td_string!(l, logbook.action.ebox_read),
        "ebox.task_done" => td_string!(l, logbook.action.ebox_task_done),
        "ebox.expire" => td_string!(l, logbook.action.ebox_expire),
        "enterprise.register" => td_string!(l, logbook.action.enterprise_register),
        "enterprise.activate" => td_string!(l, logbook.action.enterprise_activate),
        "enterprise.close" => td_string!(l, logbook.action.enterprise_close),
        "enterprise.replace_main_access_manager" => {
            td_string!(l, logbook.action.enterprise_replace_main_access_manager)
        }
        "person.language" => td_string!(l, logbook.action.person_language),
        "credential.password_change" => td_string!(l, logbook.action.credential_password_change),
        "credential.reset" => td_string!(l, logbook.action.credential_reset),
        "credential.totp_enrol" => td_string!(l, logbook.action.credential_totp_enrol),
        "credential.failures_reset" => td_string!(l, logbook.action.credential_failures_reset),
        "staff.import" => td_string!(l, logbook.action.staff_import),
        "demo.seed" => td_string!(l, logbook.action.demo_seed),
        "audit.retention" => td_string!(l, logbook.action.audit_retention),
        "token.create" => td_string!(l, logbook.action.token_create),
        "token.revoke" => td_string!(l, logbook.action.token_revoke),
        other => other,
    }
}

/// A kind of act (`domain::audit::AUDIT_KINDS`) as the filter offers it.
pub fn audit_kind(kind: &str, l: Locale) -> &str {
    match kind {
        "membership" => td_string!(l, logbook.kind.membership),
        "user" => td_string!(l, logbook.kind.user),
        "mandate" => td_string!(l, logbook.kind.mandate),
        "signin" => td_string!(l, logbook.kind.signin),
        "contactdata" => td_string!(l, logbook.kind.contactdata),
        "chaman" => td_string!(l, logbook.kind.chaman),
        "ebox" => td_string!(l, logbook.kind.ebox),
        "enterprise" => td_string!(l, logbook.kind.enterprise),
        "person" => td_string!(l, logbook.kind.person),
        "credential" => td_string!(l, logbook.kind.credential),
        "staff" => td_string!(l, logbook.kind.staff),
        "audit" => td_string!(l, logbook.kind.audit),
        "token" => td_string!(l, logbook.kind.token),
        other => other,
    }
}

/// One field of a before or after in words: its name and its value (services by their
/// names, yes/no, a group's or a mandate's official name); unknown fields as they are.
pub fn audit_field(field: &str, value: &str, l: Locale) -> (String, String) {
    let yes_no = |v: &str| match v {
        "true" => td_string!(l, logbook.yes).to_owned(),
        "false" => td_string!(l, logbook.no).to_owned(),
        v => v.to_owned(),
    };
    match field {
        "services" => {
            let codes: Vec<String> = value
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            (
                td_string!(l, logbook.field.services).to_owned(),
                super::service_names(&codes, l),
            )
        }
        "blocked" => (
            td_string!(l, logbook.field.blocked).to_owned(),
            yes_no(value),
        ),
        "status" => (
            td_string!(l, logbook.field.status).to_owned(),
            super::status_label(value, l).to_owned(),
        ),
        "language" => (
            td_string!(l, logbook.field.language).to_owned(),
            value.to_owned(),
        ),
        "country" => (
            td_string!(l, contact.country).to_owned(),
            super::country_name(value, l).to_owned(),
        ),
        "rows" => (td_string!(l, logbook.field.rows).to_owned(), value.to_owned()),
        "days" => (td_string!(l, logbook.field.days).to_owned(), value.to_owned()),
        "name" => (
            td_string!(l, logbook.field.name).to_owned(),
            value.to_owned(),
        ),
        "revoked" => (
            td_string!(l, logbook.field.revoked).to_owned(),
            yes_no(value),
        ),
        "expires" => (
            td_string!(l, logbook.field.expires).to_owned(),
            super::date_time(value, l),
        ),
        "mandates" => (
            td_string!(l, logbook.field.mandates).to_owned(),
            value
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|m| {
                    let (kind, scope) = m.split_once(':').unwrap_or((m, ""));
                    domain::Mandate::from_parts(kind, scope)
                        .map(|m| super::mandate_label(&m, l))
                        .unwrap_or_else(|| m.to_owned())
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => (other.to_owned(), value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_every_audited_act_has_words() {
        for kind in domain::audit::AUDIT_KINDS {
            assert_ne!(audit_kind(kind, Locale::nl), *kind, "{kind}");
        }
        assert_eq!(
            audit_action("membership.block", Locale::nl),
            "Geblokkeerd voor een groep"
        );
        assert_eq!(audit_action("signin.failure", Locale::en), "Failed sign-in");
        assert_eq!(audit_action("no.such", Locale::nl), "no.such");
        assert_eq!(
            audit_field("blocked", "true", Locale::nl),
            ("Geblokkeerd".to_owned(), "ja".to_owned())
        );
        assert_eq!(
            audit_field("status", "active", Locale::en),
            ("Status".to_owned(), super::super::status_label("active", Locale::en).to_owned())
        );
    }
}
