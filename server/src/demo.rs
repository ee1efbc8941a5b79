//! Demo mode: a demo enterprise with two domains, four groups, managers, a staff register
//! of about fifty people and about twenty users. Seeding is idempotent: it does nothing
//! when the demo enterprise exists.

use crate::store::prelude::*;
use crate::store::{AuditEntry, StoreError};
use app::api::DemoPerson;
use domain::{EnterpriseNumber, Mandate, NationalNumber};

/// The demo enterprise's number (a public valid example, R1).
pub const ENTERPRISE_NUMBER: &str = "0403019261";
pub const ENTERPRISE_NAME: &str = "Demo Bouwbedrijf NV";
/// The activated roles (= groups): three of "Sociale zekerheid", one of "Fiscaliteit".
pub const GROUPS: [&str; 4] = [
    "werkgever",
    "sociaal-secretariaat",
    "dienstverrichter",
    "belastingplichtige",
];

/// The main access manager (a public valid example, R2).
pub const MAIN_ACCESS_MANAGER: (&str, &str) = ("85073003328", "An Peeters");
/// Managers below the MAM: (national number, name, mandate).
pub fn managers() -> Vec<(&'static str, &'static str, Mandate)> {
    vec![
        ("93051822361", "Luc Janssens", Mandate::CoMainAccessManager),
        (
            staff_number(40),
            "Sofie Maes",
            Mandate::AccessManager("sociale-zekerheid".into()),
        ),
        (
            staff_number(41),
            "Tom Jacobs",
            Mandate::GroupManager("werkgever".into()),
        ),
        (
            staff_number(42),
            "Eva Willems",
            Mandate::GroupManager("belastingplichtige".into()),
        ),
    ]
}

/// A person known to the portal but not in the demo staff register.
pub const OUTSIDER: (&str, &str) = ("17073003384", "Kim Extern");

const FIRST: [&str; 25] = [
    "Jan", "Marie", "Pieter", "Lotte", "Koen", "Emma", "Wout", "Sarah", "Bram", "Julie", "Dirk",
    "Nathalie", "Joris", "Els", "Stijn", "Ann", "Jeroen", "Katrien", "Bart", "Inge", "Thomas",
    "Leen", "Kristof", "Hilde", "Ruben",
];
const LAST: [&str; 25] = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Hermans",
    "Aerts",
    "Pauwels",
    "Martens",
    "Cools",
    "Van Damme",
    "Vermeulen",
    "Lemmens",
    "Michiels",
    "Smets",
    "Verhoeven",
    "Desmet",
];

/// A valid national number (born before 2000) for staff member `i`; distinct per `i`.
fn staff_digits(i: usize) -> String {
    let yy = 60 + (i * 7) % 39;
    let mm = 1 + (i * 5) % 12;
    let dd = 1 + (i * 11) % 28;
    let serial = 100 + i * 3;
    let base: u64 = format!("{yy:02}{mm:02}{dd:02}{serial:03}")
        .parse()
        .unwrap_or(0);
    format!("{base:09}{:02}", 97 - base % 97)
}

/// The national number of demo staff member `i` (0 ≤ i < 48); members 0–19 are users,
/// 40–42 are managers, the others are staff only.
pub fn staff_number(i: usize) -> &'static str {
    use std::sync::OnceLock;
    static NUMBERS: OnceLock<Vec<String>> = OnceLock::new();
    NUMBERS.get_or_init(|| (0..STAFF).map(staff_digits).collect())[i].as_str()
}

pub const STAFF: usize = 48;
const USERS: usize = 20;

/// The name of demo staff member `i`.
pub fn staff_name(i: usize) -> String {
    format!("{} {}", FIRST[i % 25], LAST[(i * 7 + i / 25) % 25])
}

/// The demo enterprise's number, parsed.
pub fn enterprise_number() -> EnterpriseNumber {
    EnterpriseNumber::parse(ENTERPRISE_NUMBER).expect("the demo enterprise number is valid")
}

/// A demo national number, parsed (every one of them is valid: a test says so).
fn nn(digits: &str) -> NationalNumber {
    NationalNumber::parse(digits).expect("demo national numbers are valid")
}

/// Seeds the demo data unless the demo enterprise exists.
pub async fn seed(store: &dyn Store, now: i64) -> Result<(), StoreError> {
    let mut tx = store.write().await?;
    if tx
        .enterprise_by_number(&enterprise_number())
        .await?
        .is_some()
    {
        return Ok(());
    }
    let e = tx
        .insert_enterprise(&enterprise_number(), ENTERPRISE_NAME, now)
        .await?;
    for g in GROUPS {
        tx.add_enterprise_group(e, g).await?;
    }
    let mam = person(tx.as_mut(), MAIN_ACCESS_MANAGER.0, MAIN_ACCESS_MANAGER.1).await?;
    tx.add_staff(e, mam, None).await?;
    tx.add_mandate(e, mam, &Mandate::MainAccessManager).await?;
    let mut staff_ids = Vec::new();
    for i in 0..STAFF {
        let named = managers()
            .into_iter()
            .find(|(nn, _, _)| *nn == staff_number(i))
            .map(|(_, n, _)| n.to_owned());
        let id = person(
            tx.as_mut(),
            staff_number(i),
            &named.unwrap_or_else(|| staff_name(i)),
        )
        .await?;
        tx.add_staff(e, id, None).await?;
        staff_ids.push(id);
    }
    for (nn, name, mandate) in managers() {
        let id = match tx.person_by_national_number(&self::nn(nn)).await? {
            Some(p) => p.id,
            None => person(tx.as_mut(), nn, name).await?,
        };
        tx.add_staff(e, id, None).await?;
        tx.add_mandate(e, id, &mandate).await?;
    }
    person(tx.as_mut(), OUTSIDER.0, OUTSIDER.1).await?;
    let cat = domain::Catalogue::get();
    for (i, id) in staff_ids.iter().take(USERS).enumerate() {
        let group = GROUPS[i % GROUPS.len()];
        let services: Vec<String> = cat
            .role(group)
            .map(|r| r.services.iter().take(2 + i % 3).cloned().collect())
            .unwrap_or_default();
        tx.insert_membership(e, group, *id, &services, now).await?;
        if i % 7 == 3 {
            tx.set_blocked(e, group, *id, true).await?;
        }
    }
    // One user in groups of both domains, and the MAM as a user of "werkgever".
    tx.insert_membership(
        e,
        "belastingplichtige",
        staff_ids[0],
        &["ebox".into(), "intervat".into()],
        now,
    )
    .await?;
    tx.insert_membership(e, "werkgever", mam, &["ebox".into(), "dimona".into()], now)
        .await?;
    let audit = AuditEntry::new(e, "demo.seed", now)
        .target(ENTERPRISE_NUMBER)
        .after(serde_json::json!({ "groups": GROUPS, "staff": STAFF + 2, "users": USERS + 1 }));
    tx.audit(&audit).await?;
    tx.commit().await
}

async fn person(tx: &mut dyn Tx, digits: &str, name: &str) -> Result<i64, StoreError> {
    tx.insert_person(Some(&nn(digits)), name).await
}

/// The people one can sign in as on the demo sign-in page: managers first, then staff.
pub async fn people(tx: &mut dyn Tx) -> Result<Vec<DemoPerson>, StoreError> {
    let Some(e) = tx.enterprise_by_number(&enterprise_number()).await? else {
        return Ok(Vec::new());
    };
    let managers = tx.managers(e.id).await?;
    let mut out: Vec<DemoPerson> = managers
        .iter()
        .map(|(p, ms)| DemoPerson {
            national_number: p
                .national_number
                .map(|n| n.digits().to_owned())
                .unwrap_or_default(),
            name: p.name.clone(),
            mandates: ms.0.clone(),
        })
        .collect();
    for p in tx.staff(e.id).await? {
        if managers.iter().any(|(m, _)| m.id == p.id) {
            continue;
        }
        out.push(DemoPerson {
            national_number: p
                .national_number
                .map(|n| n.digits().to_owned())
                .unwrap_or_default(),
            name: p.name,
            mandates: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_number_is_valid_and_distinct() {
        let mut all: Vec<String> = (0..STAFF).map(staff_digits).collect();
        all.push(MAIN_ACCESS_MANAGER.0.into());
        all.push(OUTSIDER.0.into());
        all.push(managers()[0].0.into());
        for n in &all {
            assert!(NationalNumber::parse(n).is_ok(), "{n}");
        }
        let distinct: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        assert!(domain::EnterpriseNumber::parse(ENTERPRISE_NUMBER).is_ok());
    }
}
