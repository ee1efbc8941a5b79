//! Sign-in records, the outbox, idempotency keys and the audit log.

use super::*;
use server::store::NewMessage;

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
    assert_eq!(tx.credential_people().await.unwrap(), [p]);
    tx.reset_totp(p).await.unwrap();
    let c = tx.credential(p).await.unwrap().unwrap();
    assert_eq!(
        (c.totp_secret, c.totp_pending_secret, c.totp_last_step),
        (None, None, None),
        "the app unlinked"
    );
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), None);
    tx.set_sign_in_failures("x", 3, NOW).await.unwrap();
    tx.set_sign_in_failures("x", 4, NOW + 5).await.unwrap();
    tx.set_sign_in_failures("y", 1, NOW - 2 * DAY)
        .await
        .unwrap();
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), Some((4, NOW + 5)));
    tx.set_sign_in_failures("z", 10, NOW - 2 * DAY)
        .await
        .unwrap();
    // Old counts below the threshold go; an old count at it stays.
    assert_eq!(tx.purge_sign_in_failures(NOW - DAY, 10).await.unwrap(), 1);
    assert_eq!(tx.sign_in_failures("y").await.unwrap(), None);
    assert_eq!(tx.sign_in_failures("z").await.unwrap(), Some((10, NOW - 2 * DAY)));
    tx.clear_sign_in_failures("x").await.unwrap();
    assert_eq!(tx.sign_in_failures("x").await.unwrap(), None);
    tx.commit().await.unwrap();
}

pub(super) async fn outbox(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let mail = |to: &'static str| NewMessage {
        channel: "email",
        recipient: to,
        subject: "Onderwerp",
        body: "Tekst",
        secret: None,
    };
    let first = tx.enqueue(&mail("a@x.be"), NOW).await.unwrap();
    let secret = NewMessage {
        channel: "sms",
        recipient: "+32470000000",
        subject: "",
        body: "Code {geheim}",
        secret: Some(("sealed:v1:abc", NOW + 30 * DAY)),
    };
    let second = tx.enqueue(&secret, NOW).await.unwrap();
    // A claims both (oldest first), each with an attempt; B finds nothing while A's
    // lease holds.
    let claimed = tx.claim_outbox("A", NOW, NOW + 120, 10).await.unwrap();
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    assert!(ids.ends_with(&[first, second]), "oldest first");
    let sms = claimed.iter().find(|m| m.id == second).unwrap();
    assert_eq!((sms.secret.as_deref(), sms.attempts), (Some("sealed:v1:abc"), 1));
    assert!(tx.claim_outbox("B", NOW + 119, NOW + 239, 10).await.unwrap().is_empty());
    // A sends the first; the second's lease runs out and B claims it (a second attempt).
    assert!(tx.mark_sent(first, "A", NOW + 60).await.unwrap());
    let again = tx.claim_outbox("B", NOW + 120, NOW + 240, 10).await.unwrap();
    assert_eq!(again.iter().map(|m| (m.id, m.attempts)).collect::<Vec<_>>(), [(second, 2)]);
    // A, no longer holding it, cannot mark it; B can, and the secret is forgotten.
    assert!(!tx.mark_sent(second, "A", NOW + 130).await.unwrap());
    assert!(tx.mark_sent(second, "B", NOW + 130).await.unwrap());
    assert!(!tx.mark_sent(second, "B", NOW + 131).await.unwrap(), "once");
    let recent = tx.recent_outbox(2).await.unwrap();
    assert_eq!((recent[0].id, recent[1].id), (second, first), "newest first");
    assert_eq!(recent[0].secret, None, "sent: the secret is gone");
    assert_eq!(recent[1].sent_at.as_deref(), Some("2027-01-15T08:01:00.000Z"));
    assert_eq!(recent[1].created_at, "2027-01-15T08:00:00.000Z");
    assert_eq!(tx.purge_outbox(NOW).await.unwrap(), 0, "sent after the cut");
    assert_eq!(tx.purge_outbox(NOW + DAY).await.unwrap(), 2, "only sent ones");
    // An unsent secret is purged when it expires, not before; others stay.
    let waiting = tx.enqueue(&secret, NOW).await.unwrap();
    let plain = tx.enqueue(&mail("b@x.be"), NOW).await.unwrap();
    assert_eq!(tx.purge_expired_secrets(NOW + 30 * DAY).await.unwrap(), 0);
    assert_eq!(tx.purge_expired_secrets(NOW + 30 * DAY + 1).await.unwrap(), 1);
    let left: Vec<i64> = tx.recent_outbox(10).await.unwrap().iter().map(|m| m.id).collect();
    assert!(left.contains(&plain) && !left.contains(&waiting));
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
