//! The portal's own services: ContactData, Chaman and the e-Box.

use super::*;

pub(super) async fn contact_data_and_chaman(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, _, _) = setup(tx.as_mut(), "0203201340").await;
    assert_eq!(tx.contact_data(e).await.unwrap(), None);
    let mut c = EnterpriseContact {
        street: "Kerkstraat 1".into(),
        postal_code: "1000".into(),
        municipality: "Brussel".into(),
        email: "info@x.be".into(),
        phone: "+3221234567".into(),
        language: "nl".into(),
        country: "BE".into(),
    };
    tx.set_contact_data(e, &c).await.unwrap();
    c.language = "de".into();
    c.municipality = "Brussel-Stad".into();
    // An address abroad, with its country's postal code (both backends keep it).
    c.country = "NL".into();
    c.postal_code = "1012 LG".into();
    tx.set_contact_data(e, &c).await.unwrap();
    assert_eq!(tx.contact_data(e).await.unwrap(), Some(c));
    let p = ContactPerson {
        name: "Els".into(),
        email: "els@x.be".into(),
        phone: "+3221234568".into(),
    };
    tx.set_contact_person(e, "werkgever", &p).await.unwrap();
    assert_eq!(
        tx.contact_persons(e).await.unwrap(),
        vec![("werkgever".to_owned(), p.clone())]
    );
    assert_eq!(tx.chaman_sender(e).await.unwrap(), None);
    assert!(tx.insert_chaman_sender(e, &p, NOW).await.unwrap());
    assert!(
        !tx.insert_chaman_sender(e, &p, NOW).await.unwrap(),
        "one sender"
    );
    assert_eq!(tx.chaman_sender(e).await.unwrap(), Some(p));
    let summary = vec![("Login".to_owned(), "acme".to_owned())];
    let id = tx
        .insert_chaman_channel(
            e,
            ChannelKind::Ftp,
            Environment::Test,
            "acme",
            &summary,
            NOW,
        )
        .await
        .unwrap();
    tx.set_channel_active(e, id, true).await.unwrap();
    let ch = tx.chaman_channels(e).await.unwrap();
    assert_eq!(ch.len(), 1);
    assert_eq!(
        (
            ch[0].id,
            ch[0].active,
            ch[0].summary.clone(),
            ch[0].created_at.as_str()
        ),
        (id, true, summary, "2027-01-15T08:00:00.000Z")
    );
    tx.commit().await.unwrap();
}

pub(super) async fn ebox(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, _) = setup(tx.as_mut(), "0207446772").await;
    let attachment = domain::ebox::Attachment {
        name: "brief.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4".to_vec(),
    };
    let task = domain::ebox::check_publication(
        "RSZ",
        "dmfa",
        "taak",
        "Aangifte",
        "Tekst",
        vec![attachment],
    )
    .unwrap();
    let note =
        domain::ebox::check_publication("RSZ", "dmfa", "kennisgeving", "Info", "", vec![]).unwrap();
    let t = tx.insert_document(e, &task, NOW).await.unwrap();
    let n = tx.insert_document(e, &note, NOW + DAY).await.unwrap();
    let all = domain::ebox::Filter::default();
    let (docs, total) = tx.documents(e, a, NOW + DAY, &all, 0, 20).await.unwrap();
    assert_eq!((docs[0].id, docs[1].id, total), (n, t, 2), "newest first");
    assert!(!docs[1].read);
    assert_eq!(docs[1].attachments[0].1, "brief.pdf");
    assert_eq!(docs[1].doc_type.code, "taak");
    // Filters on whole days (UTC): the task was published on 2027-01-15.
    let day = domain::ebox::Filter {
        until: Some("2027-01-15".into()),
        ..Default::default()
    };
    let (docs, total) = tx.documents(e, a, NOW + DAY, &day, 0, 20).await.unwrap();
    assert_eq!((docs[0].id, total), (t, 1));
    let later = domain::ebox::Filter {
        from: Some("2027-01-16".into()),
        ..Default::default()
    };
    assert_eq!(
        tx.documents(e, a, NOW + DAY, &later, 0, 20)
            .await
            .unwrap()
            .1,
        1
    );
    tx.mark_read(t, a, NOW + 10).await.unwrap();
    tx.mark_read(t, a, NOW + 20).await.unwrap(); // twice: no error
    tx.complete_task(t, a, NOW + 30).await.unwrap();
    let d = tx.document(e, a, t).await.unwrap().unwrap();
    assert_eq!(
        (d.read, d.done_at, d.done_by.as_deref()),
        (true, Some(NOW + 30), Some("An Peeters"))
    );
    let att = d.attachments[0].0;
    let (name, kind, bytes) = tx.attachment(e, t, att).await.unwrap().unwrap();
    assert_eq!(
        (name.as_str(), kind.as_str(), bytes.len()),
        ("brief.pdf", "application/pdf", 8)
    );
    assert_eq!(
        tx.attachment(e, n, att).await.unwrap(),
        None,
        "another document's"
    );
    let told = tx.enterprises_to_notify(NOW + 2 * DAY).await.unwrap();
    assert!(told.contains(&(e, 2, n)), "{told:?}");
    tx.set_notified(e, NOW + 2 * DAY, n).await.unwrap();
    assert!(!tx
        .enterprises_to_notify(NOW + 3 * DAY)
        .await
        .unwrap()
        .iter()
        .any(|x| x.0 == e));
    let expired = tx
        .delete_expired_documents(NOW + 10_000 * DAY)
        .await
        .unwrap();
    assert!(expired.contains(&(e, 2)), "{expired:?}");
    assert_eq!(tx.document(e, a, t).await.unwrap(), None);
    tx.commit().await.unwrap();
}
