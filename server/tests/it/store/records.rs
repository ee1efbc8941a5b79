//! Sign-in records, the outbox, idempotency keys and the audit log.

use super::*;

pub(super) async fn sign_in_records(store: &dyn Store) {
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

pub(super) async fn outbox(store: &dyn Store) {
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

pub(super) async fn keys_and_audit(store: &dyn Store) {
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
