//! The storage contract: what every backend must do, method by method, one module per
//! group of aggregates. Written against `dyn Store` only, so that a second backend runs
//! the same suite with one more `#[test]`.

mod parties;
mod portal;
mod records;

use domain::chaman::{ChannelKind, Environment};
use domain::contact_data::{ContactPerson, EnterpriseContact};
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, Mandate, Mandates, NationalNumber};
use server::store::prelude::*;
use server::store::{AuditEntry, KeyClaim, SqliteStore};
pub(super) const NOW: i64 = 1_800_000_000;

pub(super) const DAY: i64 = 86_400;

pub(super) const A: &str = "85073003328";

pub(super) const B: &str = "93051822361";

/// Every part of the contract, each on its own enterprise of a fresh database.
pub async fn keeps_the_contract(store: &dyn Store) {
    parties::enterprises_people_and_staff(store).await;
    parties::mandates(store).await;
    parties::memberships(store).await;
    records::sign_in_records(store).await;
    portal::contact_data_and_chaman(store).await;
    portal::ebox(store).await;
    records::outbox(store).await;
    records::keys_and_audit(store).await;
    rollback_without_commit(store).await;
    // Last: it adds a credential, which `sign_in_records` counts.
    parties::decision_facts(store).await;
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

#[tokio::test]
async fn postgres_keeps_the_storage_contract() {
    let db = crate::database::TestDatabase::postgres();
    let store = server::store::open(&db.url).await.unwrap();
    keeps_the_contract(store.as_ref()).await;
}

#[tokio::test]
async fn names_written_before_search_keys_get_them_when_the_store_opens() {
    let dir = std::env::temp_dir().join(format!(
        "toegang-keys-{}-{}",
        std::process::id(),
        crate::common::unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/k.db", dir.display());
    let store = SqliteStore::open(&url).await.unwrap();
    sqlx::query("INSERT INTO people (national_number, name) VALUES ('80010100107', 'Zoë Müller')")
        .execute(store.pool())
        .await
        .unwrap();
    drop(store);
    let store = SqliteStore::open(&url).await.unwrap();
    let key: String = sqlx::query_scalar("SELECT name_key FROM people WHERE national_number = '80010100107'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(key, "zoe muller");
    let _ = std::fs::remove_dir_all(&dir);
}

pub(super) fn nn(digits: &str) -> NationalNumber {
    NationalNumber::parse(digits).unwrap()
}

pub(super) fn number(digits: &str) -> EnterpriseNumber {
    EnterpriseNumber::parse(digits).unwrap()
}

/// An enterprise with two groups and two staff members (A, B).
pub(super) async fn setup(tx: &mut dyn Tx, digits: &str) -> (i64, i64, i64) {
    let e = tx
        .insert_enterprise(&number(digits), "NV Contract", NOW)
        .await
        .unwrap();
    for g in ["werkgever", "belastingplichtige"] {
        tx.add_enterprise_group(e, g).await.unwrap();
    }
    let a = match tx.person_by_national_number(&nn(A)).await.unwrap() {
        Some(p) => p.id,
        None => tx.insert_person(Some(&nn(A)), "An Peeters").await.unwrap(),
    };
    let b = match tx.person_by_national_number(&nn(B)).await.unwrap() {
        Some(p) => p.id,
        None => tx.insert_person(Some(&nn(B)), "Bart Claes").await.unwrap(),
    };
    tx.add_staff(e, a, None).await.unwrap();
    tx.add_staff(e, b, None).await.unwrap();
    (e, a, b)
}

async fn rollback_without_commit(store: &dyn Store) {
    {
        let mut tx = store.write().await.unwrap();
        tx.insert_enterprise(&number("0404616494"), "Weg", NOW)
            .await
            .unwrap();
        // dropped: rolled back
    }
    let mut tx = store.read().await.unwrap();
    assert_eq!(
        tx.enterprise_by_number(&number("0404616494"))
            .await
            .unwrap(),
        None
    );
}
