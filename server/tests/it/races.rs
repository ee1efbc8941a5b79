//! Correctness under concurrency (issue 12): many clients at once race for the same slot,
//! the same membership, one user's state and ContactData, and retry with one idempotency
//! key; on SQLite through one instance, on PostgreSQL through two instances on one
//! database (the clients spread over both). Afterwards every invariant holds, every client
//! got a success or a clear refusal (never a 5xx), and the audit log matches what
//! succeeded.

use crate::common::*;
use futures::future::join_all;
use reqwest::{Client, StatusCode};
use server::demo::staff_number;

const CLIENTS: usize = 8;

async fn count(s: &TestServer, query: &str) -> i64 {
    crate::database::number(&s.db_url, query).await
}

/// The main access manager signed in `CLIENTS` times, spread over the instances; each
/// client talks to the instance it signed in on.
async fn managers(instances: &[TestServer]) -> Vec<(Client, &TestServer)> {
    let mut out = Vec::new();
    for i in 0..CLIENTS {
        let s = &instances[i % instances.len()];
        out.push((s.signed_in(MAM).await, s));
    }
    out
}

/// Every answer is a success or a refusal with a code; returns how many succeeded.
fn successes(name: &str, answers: &[(StatusCode, String)], refusals: &[&str]) -> usize {
    for (status, body) in answers {
        assert!(!status.is_server_error(), "{name}: {status} {body}");
        if !status.is_success() {
            let code = code_of(body);
            assert!(refusals.contains(&code.as_str()), "{name}: unexpected refusal {status} {code}");
        }
    }
    answers.iter().filter(|(s, _)| s.is_success()).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_clients_leave_every_invariant_whole_and_the_audit_log_true() {
    let first = TestServer::start().await;
    let mut instances = vec![];
    if crate::database::on_postgres() {
        instances.push(first.another_instance().await);
    }
    instances.insert(0, first);
    let s = &instances[0];
    let cs = managers(&instances).await;

    // One access manager per domain (R5): each client appoints someone else at once.
    let audit = count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'mandate.appoint'").await;
    let answers = join_all(cs.iter().enumerate().map(|(i, (c, s))| {
        let k = key();
        let nn = staff_number(20 + i).to_owned();
        async move {
            call(c, s, "appoint", &[
                ("kind", "access_manager"), ("scope", "fiscaliteit"),
                ("national_number", &nn), ("idempotency_key", &k),
            ])
            .await
        }
    }))
    .await;
    assert_eq!(successes("appoint", &answers, &["rule.slot_taken"]), 1);
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM mandates WHERE kind = 'access_manager' AND scope = 'fiscaliteit'").await,
        1
    );
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'mandate.appoint'").await,
        audit + 1
    );

    // The same person added to the same group by everyone at once (R7): once.
    let person = staff_number(30);
    let answers = join_all(cs.iter().map(|(c, s)| add(c, s, "werkgever", person, &["dimona"]))).await;
    assert_eq!(successes("add_user", &answers, &["rule.already_member"]), 1);
    let members = format!(
        "SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id \
         WHERE p.national_number = '{person}' AND m.group_code = 'werkgever'"
    );
    assert_eq!(count(s, &members).await, 1);

    // One form submitted again and again with its key, all at once: applied once, and
    // every attempt answered as the first was.
    let other = staff_number(31);
    let k = key();
    let form = [("group", "werkgever"), ("national_number", other), ("services[]", "dimona"), ("idempotency_key", k.as_str())];
    let audit = count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.add'").await;
    let answers = join_all(cs.iter().map(|(c, s)| call(c, s, "add_user", &form))).await;
    assert_eq!(successes("retried add_user", &answers, &[]), CLIENTS, "{answers:?}");
    assert_eq!(
        count(s, &members.replace(person, other)).await,
        1
    );
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.add'").await,
        audit + 1
    );

    // Block, unblock and delete of one user, all at once: each applied or refused; the
    // audit log has one row per change applied, and the final state is one of them.
    let before = count(s, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'membership.%'").await;
    let changes = ["Block", "Unblock", "Block", "Delete", "Unblock", "Block", "Unblock", "Delete"];
    let answers = join_all(cs.iter().zip(changes).map(|((c, s), change)| {
        let k = key();
        async move {
            call(c, s, "change_membership", &[
                ("group", "werkgever"), ("national_number", person),
                ("change", change), ("idempotency_key", &k),
            ])
            .await
        }
    }))
    .await;
    let applied = successes(
        "change_membership",
        &answers,
        &["rule.already_blocked", "rule.not_blocked", "not_found.user", "rule.not_member"],
    );
    assert!(applied >= 1);
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'membership.%'").await,
        before + applied as i64,
        "one audit row per change applied"
    );
    let deleted = answers
        .iter()
        .zip(changes)
        .any(|((st, _), change)| change == "Delete" && st.is_success());
    assert_eq!(count(s, &members).await, if deleted { 0 } else { 1 });

    // ContactData saved by everyone at once with other values: one of them wins whole.
    let answers = join_all(cs.iter().enumerate().map(|(i, (c, s))| {
        let k = key();
        let street = format!("Kerkstraat {}", i + 1);
        async move {
            call(c, s, "save_contact_data", &[
                ("street", &street), ("postal_code", "9000"), ("municipality", "Gent"),
                ("email", "info@bouw.be"), ("phone", "+3291234567"), ("idempotency_key", &k),
            ])
            .await
        }
    }))
    .await;
    assert_eq!(successes("save_contact_data", &answers, &[]), CLIENTS);
    assert_eq!(count(s, "SELECT COUNT(*) FROM contact_data").await, 1);
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM contact_data WHERE street LIKE 'Kerkstraat %' AND municipality = 'Gent'").await,
        1
    );
    assert_eq!(
        count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'contactdata.address'").await,
        CLIENTS as i64,
        "every save changed the street: one row each"
    );
}
