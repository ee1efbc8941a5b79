//! ContactData (R11): validated, saved, its history kept, reached by every manager and
//! user and nobody else.

use crate::common::*;
use app::api::ContactDataView;
use reqwest::StatusCode;
use server::demo::staff_number;

pub(crate) fn address<'a>(
    street: &'a str,
    postal: &'a str,
    email: &'a str,
    phone: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("street", street),
        ("postal_code", postal),
        ("municipality", "Gent"),
        ("email", email),
        ("phone", phone),
        ("idempotency_key", key),
    ]
}

#[tokio::test]
async fn contact_data_is_validated_saved_and_its_history_kept() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let view: ContactDataView = call_ok(&mam, &s, "contact_data", &[]).await;
    assert_eq!(view.contact, None);
    assert_eq!(
        view.roles.len(),
        4,
        "a contact person per role of the enterprise"
    );
    assert!(view.me.portal.contact_data && view.me.portal.chaman && view.me.portal.ebox);

    // Every wrong field is refused at once, with its code; nothing is written.
    let audit = s.audit_rows().await;
    let k = key();
    let (st, err) = call_err(
        &mam,
        &s,
        "save_contact_data",
        &address("", "0999", "info@", "09 123 45", &k),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(String, String)> = err
        .problems
        .iter()
        .map(|p| (p.field.clone().unwrap_or_default(), p.code.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("street".into(), "contact.required".into()),
            ("postal_code".into(), "contact.postal_code_invalid".into()),
            ("email".into(), "contact.email_invalid".into()),
            ("phone".into(), "contact.phone_invalid".into()),
        ]
    );
    assert_eq!(
        err.echo.get("postal_code").map(String::as_str),
        Some("0999"),
        "typed values come back"
    );
    assert_eq!(s.audit_rows().await, audit);

    // A valid form is normalised, saved once (replays change nothing) and recorded.
    let k = key();
    let form = address(
        "Kerkstraat 1",
        "B-9000",
        "info@bouw.be",
        "+32 9 123 45 67",
        &k,
    );
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_data", &form).await;
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_data", &form).await;
    let k = key();
    let _: app::lang::Flash = call_ok(
        &mam,
        &s,
        "save_contact_data",
        &address("Kerkstraat 2", "9000", "info@bouw.be", "+3291234567", &k),
    )
    .await;
    let person = [
        ("group", "werkgever"),
        ("name", "Eva Willems"),
        ("email", "eva@bouw.be"),
        ("phone", "0032 475 12 34 56"),
    ];
    let k = key();
    let mut form: Vec<(&str, &str)> = person.to_vec();
    form.push(("idempotency_key", &k));
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_person", &form).await;

    let view: ContactDataView = call_ok(&mam, &s, "contact_data", &[]).await;
    let c = view.contact.unwrap();
    assert_eq!(
        (c.street.as_str(), c.postal_code.as_str(), c.phone.as_str()),
        ("Kerkstraat 2", "9000", "+3291234567")
    );
    let werkgever = view
        .roles
        .iter()
        .find(|(r, _)| r == "werkgever")
        .unwrap()
        .1
        .clone()
        .unwrap();
    assert_eq!(werkgever.phone, "+32475123456");
    // Newest first: who, what, before → after.
    let h: Vec<(&str, &str)> = view
        .history
        .iter()
        .map(|h| (h.who.as_str(), h.what.as_str()))
        .collect();
    assert_eq!(
        h,
        [
            ("An Peeters", "werkgever"),
            ("An Peeters", "address"),
            ("An Peeters", "address")
        ]
    );
    let change = &view.history[1];
    assert!(change
        .before
        .contains(&("street".into(), "Kerkstraat 1".into())));
    assert!(change
        .after
        .contains(&("street".into(), "Kerkstraat 2".into())));
    assert_eq!(s.audit_rows().await, audit + 3);

    // A role the enterprise does not have.
    let k = key();
    let mut form: Vec<(&str, &str)> = person.to_vec();
    form[0] = ("group", "boekhoudkantoor");
    form.push(("idempotency_key", &k));
    let (st, err) = call_err(&mam, &s, "save_contact_person", &form).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::NOT_FOUND, "not_found.group")
    );
}

#[tokio::test]
async fn r11_every_manager_and_user_reaches_contact_data_and_nobody_else() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    // A group manager, a user (staff 0), and the co-main access manager: allowed.
    for nn in [staff_number(41), staff_number(0), "93051822361"] {
        let c = s.signed_in(nn).await;
        let view: ContactDataView = call_ok(&c, &s, "contact_data", &[]).await;
        assert!(view.me.portal.contact_data, "{nn}");
    }
    // Staff who are neither manager nor user: refused, reading and writing.
    let staff_only = s.signed_in(staff_number(30)).await;
    let (st, err) = call_err(&staff_only, &s, "contact_data", &[]).await;
    assert_eq!(
        (st, err.codes().as_str()),
        (StatusCode::FORBIDDEN, "rule.no_service_access")
    );
    let k = key();
    let (st, _) = call_err(
        &staff_only,
        &s,
        "save_contact_data",
        &address("Kerkstraat 1", "9000", "info@bouw.be", "+3291234567", &k),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // A user blocked in every group loses it (R8), and gets it back when unblocked.
    let user = staff_number(1);
    let block = |what: &'static str| {
        let k = key();
        let mam = &mam;
        let s = &s;
        async move {
            let (st, body) = call(
                mam,
                s,
                "change_everywhere",
                &[
                    ("national_number", user),
                    ("change", what),
                    ("idempotency_key", &k),
                ],
            )
            .await;
            assert!(
                st.is_success() || st.is_redirection(),
                "{what}: {st} {body}"
            );
        }
    };
    block("Block").await;
    let c = s.signed_in(user).await;
    let (st, _) = call_err(&c, &s, "contact_data", &[]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    block("Unblock").await;
    let _: ContactDataView = call_ok(&c, &s, "contact_data", &[]).await;
}

/// An address abroad: its country chosen, its postal code checked as that country writes
/// them and kept normalised; a Belgian code for it is refused and changes nothing.
#[tokio::test]
async fn an_address_abroad_is_kept_with_its_country() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let k = key();
    let mut form = address("Damrak 1", "9000", "info@bouw.nl", "+31 20 123 4567", &k);
    form.push(("country", "NL"));
    let audit = s.audit_rows().await;
    let (st, err) = call_err(&mam, &s, "save_contact_data", &form).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (err.problems[0].field.as_deref(), err.problems[0].code.as_str()),
        (Some("postal_code"), "contact.postal_code_foreign_invalid")
    );
    assert_eq!(err.echo.get("country").map(String::as_str), Some("NL"));
    assert_eq!(s.audit_rows().await, audit);
    let k = key();
    let mut form = address("Damrak 1", "1012lg", "info@bouw.nl", "+31 20 123 4567", &k);
    form.push(("country", "nl"));
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_data", &form).await;
    let c = call_ok::<ContactDataView>(&mam, &s, "contact_data", &[]).await.contact.unwrap();
    assert_eq!((c.country.as_str(), c.postal_code.as_str()), ("NL", "1012 LG"));
    // An unknown country is refused on its own field.
    let k = key();
    let mut form = address("Damrak 1", "1012 LG", "info@bouw.nl", "+31 20 123 4567", &k);
    form.push(("country", "XX"));
    let (_, err) = call_err(&mam, &s, "save_contact_data", &form).await;
    assert_eq!(err.problems[0].field.as_deref(), Some("country"));
    // A form without the field (a change queued before it existed) means Belgium.
    let k = key();
    let form = address("Kerkstraat 1", "9000", "info@bouw.be", "+32 9 123 45 67", &k);
    let _: app::lang::Flash = call_ok(&mam, &s, "save_contact_data", &form).await;
    let c = call_ok::<ContactDataView>(&mam, &s, "contact_data", &[]).await.contact.unwrap();
    assert_eq!((c.country.as_str(), c.postal_code.as_str()), ("BE", "9000"));
}
