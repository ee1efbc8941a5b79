//! The storage contract: what every backend must do, method by method. Written against
//! `dyn Store` only, so that a second backend runs the same suite with one more `#[test]`.

use domain::contact_data::{ContactPerson, EnterpriseContact};
use domain::{Mandate, Mandates};
use server::store::prelude::*;
use server::store::{AuditEntry, KeyClaim, SqliteStore};

const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;
const A: &str = "85073003328";
const B: &str = "93051822361";

/// Every part of the contract, each on its own enterprise of a fresh database.
pub async fn keeps_the_contract(store: &dyn Store) {
    enterprises_people_and_staff(store).await;
    mandates(store).await;
    memberships(store).await;
    sign_in_records(store).await;
    contact_data_and_chaman(store).await;
    ebox(store).await;
    outbox(store).await;
    keys_and_audit(store).await;
    rollback_without_commit(store).await;
}

#[tokio::test]
async fn sqlite_keeps_the_storage_contract() {
    let dir = std::env::temp_dir().join(format!(
        "toegang-contract-{}-{}",
        std::process::id(),
        crate::common::unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = SqliteStore::open(&format!("sqlite://{}/c.db", dir.display()))
        .await
        .unwrap();
    keeps_the_contract(&store).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// An enterprise with two groups and two staff members (A, B).
async fn setup(tx: &mut dyn Tx, number: &str) -> (i64, i64, i64) {
    let e = tx.insert_enterprise(number, "NV Contract").await.unwrap();
    for g in ["werkgever", "belastingplichtige"] {
        tx.add_enterprise_group(e, g).await.unwrap();
    }
    let a = match tx.person_by_national_number(A).await.unwrap() {
        Some(p) => p.id,
        None => tx.insert_person(Some(A), "An Peeters").await.unwrap(),
    };
    let b = match tx.person_by_national_number(B).await.unwrap() {
        Some(p) => p.id,
        None => tx.insert_person(Some(B), "Bart Claes").await.unwrap(),
    };
    tx.add_staff(e, a).await.unwrap();
    tx.add_staff(e, b).await.unwrap();
    (e, a, b)
}

async fn enterprises_people_and_staff(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0403019261").await;
    let got = tx.enterprise(e).await.unwrap().unwrap();
    assert_eq!(
        (got.number.as_str(), got.status.as_str()),
        ("0403019261", "registered")
    );
    assert_eq!(
        tx.enterprise_by_number("0403019261").await.unwrap(),
        Some(got)
    );
    assert_eq!(tx.enterprise_by_number("0202239951").await.unwrap(), None);
    tx.set_enterprise_status(e, "active").await.unwrap();
    assert_eq!(tx.enterprise(e).await.unwrap().unwrap().status, "active");
    tx.add_enterprise_group(e, "werkgever").await.unwrap(); // twice: no error
    assert_eq!(
        tx.enterprise_groups(e).await.unwrap(),
        ["belastingplichtige", "werkgever"]
    );
    assert_eq!(tx.person(a).await.unwrap().unwrap().name, "An Peeters");
    tx.set_person_name(a, "An Peeters-Smet").await.unwrap();
    assert_eq!(
        tx.person_by_national_number(A).await.unwrap().unwrap().name,
        "An Peeters-Smet"
    );
    let foreign = tx.insert_person(None, "Jan Smit").await.unwrap();
    assert_eq!(tx.person_contact(foreign).await.unwrap(), (None, None));
    tx.set_person_contact(foreign, "jan@smit.nl", "+31612345678")
        .await
        .unwrap();
    assert_eq!(
        tx.person_contact(foreign).await.unwrap(),
        (Some("jan@smit.nl".into()), Some("+31612345678".into()))
    );
    assert!(tx.is_staff(e, b).await.unwrap());
    assert!(!tx.is_staff(e, foreign).await.unwrap());
    tx.add_staff(e, b).await.unwrap(); // twice: no error
    let staff: Vec<String> = tx
        .staff(e)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(staff, ["An Peeters-Smet", "Bart Claes"]);
    tx.set_person_name(a, "An Peeters").await.unwrap();
    let of_b: Vec<i64> = tx
        .enterprises_of(b)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(of_b, [e]);
    assert!(tx.enterprises_of(foreign).await.unwrap().is_empty());
    tx.commit().await.unwrap();
}

async fn mandates(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0202239951").await;
    assert_eq!(tx.main_access_manager(e).await.unwrap(), None);
    assert!(tx
        .add_mandate(e, a, &Mandate::MainAccessManager)
        .await
        .unwrap());
    assert!(
        !tx.add_mandate(e, b, &Mandate::MainAccessManager)
            .await
            .unwrap(),
        "R3"
    );
    assert_eq!(tx.main_access_manager(e).await.unwrap(), Some(a));
    let gm = Mandate::GroupManager("werkgever".into());
    assert!(tx.add_mandate(e, b, &gm).await.unwrap());
    assert!(!tx.add_mandate(e, a, &gm).await.unwrap(), "R5");
    assert!(tx
        .add_mandate(e, b, &Mandate::CoMainAccessManager)
        .await
        .unwrap());
    assert_eq!(
        tx.mandates(e, b).await.unwrap(),
        Mandates(vec![gm.clone(), Mandate::CoMainAccessManager])
    );
    let managers = tx.managers(e).await.unwrap();
    assert_eq!(managers.len(), 2);
    assert_eq!(managers[1].1 .0.len(), 2);
    assert!(tx.remove_mandate(e, b, &gm).await.unwrap());
    assert!(!tx.remove_mandate(e, b, &gm).await.unwrap());
    assert!(
        tx.add_mandate(e, a, &gm).await.unwrap(),
        "the slot is free again"
    );
    let of_a: Vec<i64> = tx
        .enterprises_of(a)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert!(of_a.contains(&e));
    tx.commit().await.unwrap();
}

async fn memberships(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0417497106").await;
    tx.add_mandate(e, a, &Mandate::MainAccessManager)
        .await
        .unwrap();
    let services = vec!["ebox".to_owned(), "dimona".to_owned()];
    tx.insert_membership(e, "werkgever", a, &services)
        .await
        .unwrap();
    tx.insert_membership(e, "werkgever", b, &["ebox".into()])
        .await
        .unwrap();
    tx.insert_membership(e, "belastingplichtige", b, &["ebox".into()])
        .await
        .unwrap();
    let m = tx.membership(e, "werkgever", a).await.unwrap().unwrap();
    assert_eq!(
        (
            m.services.clone(),
            m.blocked,
            m.is_main_access_manager,
            m.national_number.as_str()
        ),
        (services, false, true, A)
    );
    assert_eq!(
        tx.membership(e, "belastingplichtige", a).await.unwrap(),
        None
    );
    tx.set_blocked(e, "werkgever", b, true).await.unwrap();
    tx.set_services(e, "belastingplichtige", b, &["intervat".into()])
        .await
        .unwrap();
    let of_b = tx.memberships_of(e, b).await.unwrap();
    assert_eq!(
        of_b.iter()
            .map(|m| (m.group.as_str(), m.blocked, m.services.join(",")))
            .collect::<Vec<_>>(),
        [
            ("belastingplichtige", false, "intervat".to_owned()),
            ("werkgever", true, "ebox".to_owned())
        ]
    );
    let counts = tx.group_counts(e).await.unwrap();
    let werkgever = counts.iter().find(|c| c.group == "werkgever").unwrap();
    assert_eq!((werkgever.users, werkgever.blocked), (2, 1));
    // Search by name (any case of a part), by national number digits, with paging.
    let (rows, total) = tx
        .search_members(e, "werkgever", "claes", 0, 20)
        .await
        .unwrap();
    assert_eq!((rows.len(), total), (1, 1));
    let (rows, total) = tx
        .search_members(e, "werkgever", "85.07", 0, 20)
        .await
        .unwrap();
    assert_eq!((rows[0].person_id, total), (a, 1));
    let (rows, total) = tx.search_members(e, "werkgever", "", 1, 1).await.unwrap();
    assert_eq!(
        (rows.len(), total, rows[0].person_id),
        (1, 2, b),
        "by name: An, Bart"
    );
    let (rows, total) = tx
        .search_members(e, "werkgever", "50%", 0, 20)
        .await
        .unwrap();
    assert_eq!((rows.len(), total), (0, 0), "wildcards are text");
    let groups = vec!["werkgever".to_owned(), "belastingplichtige".to_owned()];
    let (users, total) = tx.search_users(e, &groups, "", 0, 20).await.unwrap();
    assert_eq!(total, 2);
    let bart = users.iter().find(|u| u.national_number == B).unwrap();
    assert_eq!(bart.groups, ["belastingplichtige", "werkgever"]);
    assert_eq!(bart.blocked_groups, ["werkgever"]);
    let (users, total) = tx
        .search_users(e, &["belastingplichtige".into()], "", 0, 20)
        .await
        .unwrap();
    assert_eq!((users.len(), total), (1, 1));
    tx.delete_membership(e, "werkgever", b).await.unwrap();
    assert_eq!(tx.membership(e, "werkgever", b).await.unwrap(), None);
    tx.commit().await.unwrap();
}

async fn sign_in_records(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let p = tx.insert_person(None, "Jan Smit").await.unwrap();
    let q = tx.insert_person(None, "Kees Smit").await.unwrap();
    assert!(tx
        .insert_credential(p, "jsmit-1", "hash", true, NOW)
        .await
        .unwrap());
    assert!(
        !tx.insert_credential(q, "jsmit-1", "h", true, NOW)
            .await
            .unwrap(),
        "taken"
    );
    let c = tx.credential(p).await.unwrap().unwrap();
    assert_eq!(
        (c.must_change, c.issued_at, c.totp_secret),
        (true, NOW, None)
    );
    tx.set_password(p, "hash2", false, NOW + 1).await.unwrap();
    tx.set_totp_pending(p, Some("SECRET")).await.unwrap();
    let c = tx.credential_by_username("jsmit-1").await.unwrap().unwrap();
    assert_eq!(
        (
            c.password_hash.as_str(),
            c.must_change,
            c.totp_pending_secret.as_deref()
        ),
        ("hash2", false, Some("SECRET"))
    );
    tx.enrol_totp(p, "SECRET", 7).await.unwrap();
    tx.set_totp_last_step(p, 9).await.unwrap();
    let c = tx.credential(p).await.unwrap().unwrap();
    assert_eq!(
        (
            c.totp_secret.as_deref(),
            c.totp_pending_secret,
            c.totp_last_step
        ),
        (Some("SECRET"), None, Some(9))
    );
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), None);
    tx.set_sign_in_failures("x", 3, NOW).await.unwrap();
    tx.set_sign_in_failures("x", 4, NOW + 5).await.unwrap();
    tx.set_sign_in_failures("y", 1, NOW - 2 * DAY)
        .await
        .unwrap();
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), Some((4, NOW + 5)));
    assert_eq!(tx.purge_sign_in_failures(NOW - DAY).await.unwrap(), 1);
    tx.clear_sign_in_failures("x").await.unwrap();
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), None);
    tx.commit().await.unwrap();
}

async fn contact_data_and_chaman(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, _, _) = setup(tx.as_mut(), "0203201340").await;
    assert_eq!(tx.contact_data(e).await.unwrap(), None);
    let mut c = EnterpriseContact {
        street: "Kerkstraat 1".into(),
        postal_code: "1000".into(),
        municipality: "Brussel".into(),
        email: "info@x.be".into(),
        phone: "+3221234567".into(),
    };
    tx.set_contact_data(e, &c).await.unwrap();
    c.municipality = "Brussel-Stad".into();
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
        .insert_chaman_channel(e, "ftp", "test", "acme", &summary, NOW)
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

async fn ebox(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, _) = setup(tx.as_mut(), "0207446759").await;
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

async fn outbox(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let first = tx
        .enqueue("email", "a@x.be", "Onderwerp", "Tekst", NOW)
        .await
        .unwrap();
    let second = tx
        .enqueue("sms", "+32470000000", "", "Code", NOW)
        .await
        .unwrap();
    let unsent: Vec<i64> = tx.unsent(10).await.unwrap().iter().map(|m| m.id).collect();
    assert!(unsent.ends_with(&[first, second]), "oldest first");
    tx.mark_sent(first, NOW + 60).await.unwrap();
    let recent = tx.recent_outbox(2).await.unwrap();
    assert_eq!(
        (recent[0].id, recent[1].id),
        (second, first),
        "newest first"
    );
    assert_eq!(
        recent[1].sent_at.as_deref(),
        Some("2027-01-15T08:01:00.000Z")
    );
    assert_eq!(recent[1].created_at, "2027-01-15T08:00:00.000Z");
    assert_eq!(tx.purge_outbox(NOW).await.unwrap(), 0, "sent after the cut");
    assert_eq!(
        tx.purge_outbox(NOW + DAY).await.unwrap(),
        1,
        "only sent ones"
    );
    assert_eq!(
        tx.unsent(10).await.unwrap().last().map(|m| m.id),
        Some(second)
    );
    tx.commit().await.unwrap();
}

async fn keys_and_audit(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0403170701").await;
    let claim = |k| (k, a, "membership.add", "werkgever|1");
    let (k, p, act, f) = claim("key-1");
    assert_eq!(
        tx.claim_key(k, p, act, f, NOW).await.unwrap(),
        KeyClaim::New
    );
    assert_eq!(
        tx.claim_key(k, p, act, f, NOW).await.unwrap(),
        KeyClaim::Replay
    );
    assert_eq!(
        tx.claim_key(k, p, act, "other", NOW).await.unwrap(),
        KeyClaim::Conflict
    );
    assert_eq!(
        tx.claim_key(k, b, act, f, NOW).await.unwrap(),
        KeyClaim::New,
        "per person"
    );
    assert_eq!(tx.purge_keys(NOW).await.unwrap(), 0);
    assert_eq!(tx.purge_keys(NOW + 1).await.unwrap(), 2);
    let before = tx.audit_count(e).await.unwrap();
    let entry = AuditEntry::new(e, "contactdata.address", NOW)
        .by(a)
        .scope("address")
        .subject(b)
        .target("address")
        .before(serde_json::json!({ "street": "Oud" }))
        .after(serde_json::json!({ "street": "Nieuw" }));
    tx.audit(&entry).await.unwrap();
    tx.audit(&AuditEntry::new(e, "membership.add", NOW).by(a).target("x"))
        .await
        .unwrap();
    assert_eq!(tx.audit_count(e).await.unwrap(), before + 2);
    let h = tx.history(e, "contactdata.", 10).await.unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (
            h[0].at.as_str(),
            h[0].actor.as_deref(),
            h[0].target.as_str()
        ),
        ("2027-01-15T08:00:00.000Z", Some("An Peeters"), "address")
    );
    assert_eq!(h[0].after, Some(serde_json::json!({ "street": "Nieuw" })));
    tx.commit().await.unwrap();
}

async fn rollback_without_commit(store: &dyn Store) {
    {
        let mut tx = store.write().await.unwrap();
        tx.insert_enterprise("0404616494", "Weg").await.unwrap();
        // dropped: rolled back
    }
    let mut tx = store.read().await.unwrap();
    assert_eq!(tx.enterprise_by_number("0404616494").await.unwrap(), None);
}
