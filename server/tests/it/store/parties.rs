//! Enterprises, people, the staff register, mandates and memberships.

use super::*;

pub(super) async fn enterprises_people_and_staff(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0403019261").await;
    let got = tx.enterprise(e).await.unwrap().unwrap();
    assert_eq!(
        (got.number, got.status),
        (number("0403019261"), EnterpriseStatus::Registered)
    );
    assert_eq!(
        tx.enterprise_by_number(&number("0403019261"))
            .await
            .unwrap(),
        Some(got)
    );
    assert_eq!(
        tx.enterprise_by_number(&number("0202239951"))
            .await
            .unwrap(),
        None
    );
    tx.set_enterprise_status(e, EnterpriseStatus::Active)
        .await
        .unwrap();
    assert_eq!(
        tx.enterprise(e).await.unwrap().unwrap().status,
        EnterpriseStatus::Active
    );
    tx.add_enterprise_group(e, "werkgever").await.unwrap(); // twice: no error
    assert_eq!(
        tx.enterprise_groups(e).await.unwrap(),
        ["belastingplichtige", "werkgever"]
    );
    assert_eq!(tx.person(a).await.unwrap().unwrap().name, "An Peeters");
    tx.set_person_name(a, "An Peeters-Smet").await.unwrap();
    assert_eq!(
        tx.person_by_national_number(&nn(A))
            .await
            .unwrap()
            .unwrap()
            .name,
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
    assert_eq!(tx.person_language(foreign).await.unwrap(), None, "none chosen");
    tx.set_person_language(foreign, "en").await.unwrap();
    assert_eq!(tx.person_language(foreign).await.unwrap().as_deref(), Some("en"));
    assert!(tx.is_staff(e, b).await.unwrap());
    assert!(!tx.is_staff(e, foreign).await.unwrap());
    tx.add_staff(e, b, None).await.unwrap(); // twice: no error
    let staff: Vec<String> = tx
        .staff(e)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(staff, ["An Peeters-Smet", "Bart Claes"]);
    // Names per enterprise: the register's name is what this enterprise sees, and only it.
    tx.add_staff(e, b, Some("Bart Claes-Peeters")).await.unwrap();
    tx.add_staff(e, b, None).await.unwrap(); // keeps the register's name
    let staff: Vec<String> = tx.staff(e).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(staff, ["An Peeters-Smet", "Bart Claes-Peeters"]);
    assert_eq!(tx.person(b).await.unwrap().unwrap().name, "Bart Claes", "the person's own");
    // Looking someone up within an enterprise: staff, users and helpers only.
    assert_eq!(
        tx.person_in_enterprise(e, &nn(B)).await.unwrap().map(|p| (p.id, p.name)),
        Some((b, "Bart Claes-Peeters".to_owned()))
    );
    let elsewhere = tx
        .insert_enterprise(&number("0206731645"), "NV Elders", NOW)
        .await
        .unwrap();
    assert_eq!(tx.person_in_enterprise(elsewhere, &nn(B)).await.unwrap(), None);
    assert_eq!(tx.person_in_enterprise(e, &nn("80010100107")).await.unwrap(), None);
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
    // A refused statement (here a CHECK) fails its transaction, which changes nothing.
    let mut tx = store.write().await.unwrap();
    assert!(
        tx.set_person_language(foreign, "xx").await.is_err(),
        "only the portal's languages"
    );
    drop(tx);
    let mut tx = store.read().await.unwrap();
    assert_eq!(tx.person_language(foreign).await.unwrap().as_deref(), Some("en"));
}

pub(super) async fn mandates(store: &dyn Store) {
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

pub(super) async fn memberships(store: &dyn Store) {
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0417497106").await;
    tx.add_mandate(e, a, &Mandate::MainAccessManager)
        .await
        .unwrap();
    let services = vec!["ebox".to_owned(), "dimona".to_owned()];
    tx.insert_membership(e, "werkgever", a, &services, NOW)
        .await
        .unwrap();
    tx.insert_membership(e, "werkgever", b, &["ebox".into()], NOW)
        .await
        .unwrap();
    tx.insert_membership(e, "belastingplichtige", b, &["ebox".into()], NOW)
        .await
        .unwrap();
    let m = tx.membership(e, "werkgever", a).await.unwrap().unwrap();
    assert_eq!(
        (
            m.services.clone(),
            m.blocked,
            m.is_main_access_manager,
            m.national_number
        ),
        (services, false, true, Some(nn(A)))
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
    // Case and accents do not count, in the names this enterprise's register gives.
    let helene = tx.insert_person(Some(&nn("80010100107")), "Hélène Müller").await.unwrap();
    tx.add_staff(e, helene, Some("Hélène Dupont-Müller")).await.unwrap();
    tx.insert_membership(e, "werkgever", helene, &["ebox".into()], NOW)
        .await
        .unwrap();
    for typed in ["helene", "DUPONT", "muller", "HÉLÈNE dupont"] {
        let (rows, _) = tx.search_members(e, "werkgever", typed, 0, 20).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| r.person_id).collect::<Vec<_>>(),
            [helene],
            "{typed}"
        );
        let (users, _) = tx.search_users(e, &["werkgever".into()], typed, 0, 20).await.unwrap();
        assert_eq!(users.len(), 1, "{typed}");
    }
    // A new name (the register's, then the person's own) is the member's name at once,
    // and found by the search; the kept totals follow every add, block and removal.
    tx.add_staff(e, helene, Some("Hélène Janssens")).await.unwrap();
    let m = tx.membership(e, "werkgever", helene).await.unwrap().unwrap();
    assert_eq!(m.name, "Hélène Janssens");
    let (rows, _) = tx.search_members(e, "werkgever", "janssens", 0, 20).await.unwrap();
    assert_eq!(rows.len(), 1);
    let (rows, _) = tx.search_members(e, "werkgever", "dupont", 0, 20).await.unwrap();
    assert!(rows.is_empty(), "the old name is gone");
    tx.set_person_name(b, "Bart Claessens").await.unwrap();
    assert_eq!(tx.membership(e, "werkgever", b).await.unwrap().unwrap().name, "Bart Claessens");
    let werkgever = |counts: Vec<server::store::GroupCount>| {
        let c = counts.into_iter().find(|c| c.group == "werkgever").unwrap();
        (c.users, c.blocked)
    };
    assert_eq!(werkgever(tx.group_counts(e).await.unwrap()), (3, 1));
    tx.set_blocked(e, "werkgever", helene, true).await.unwrap();
    assert_eq!(werkgever(tx.group_counts(e).await.unwrap()), (3, 2));
    tx.delete_membership(e, "werkgever", helene).await.unwrap();
    assert_eq!(werkgever(tx.group_counts(e).await.unwrap()), (2, 1));
    let (_, total) = tx.search_members(e, "werkgever", "", 0, 20).await.unwrap();
    assert_eq!(total, 2);
    let groups = vec!["werkgever".to_owned(), "belastingplichtige".to_owned()];
    let (users, total) = tx.search_users(e, &groups, "", 0, 20).await.unwrap();
    assert_eq!(total, 2);
    let bart = users
        .iter()
        .find(|u| u.national_number == Some(nn(B)))
        .unwrap();
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

/// What a decision for an online service reads, in one statement (`Store::decision_facts`):
/// the same status, mandates and memberships as the transaction's reads, found by national
/// number or by username; nothing for an unknown person, `None` for an unknown enterprise.
pub(super) async fn decision_facts(store: &dyn Store) {
    use server::store::{FactMembership, PersonKey};
    let mut tx = store.write().await.unwrap();
    let (e, a, b) = setup(tx.as_mut(), "0412345614").await;
    tx.set_enterprise_status(e, EnterpriseStatus::Active).await.unwrap();
    let foreign = tx.insert_person(None, "Jan Smit").await.unwrap();
    assert!(tx.insert_credential(foreign, "jsmit-facts", "hash", false, NOW).await.unwrap());
    tx.add_mandate(e, foreign, &Mandate::MainAccessManager).await.unwrap();
    tx.add_mandate(e, b, &Mandate::GroupManager("werkgever".into())).await.unwrap();
    tx.add_mandate(e, b, &Mandate::CoMainAccessManager).await.unwrap();
    tx.insert_membership(e, "werkgever", b, &["ebox".into(), "dimona".into()], NOW).await.unwrap();
    tx.insert_membership(e, "belastingplichtige", b, &["intervat".into()], NOW).await.unwrap();
    tx.set_blocked(e, "werkgever", b, true).await.unwrap();
    tx.insert_membership(e, "werkgever", a, &[], NOW).await.unwrap();
    tx.commit().await.unwrap();

    let enterprise = number("0412345614");
    let facts = store
        .decision_facts(&enterprise, &PersonKey::NationalNumber(nn(B)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.status, EnterpriseStatus::Active);
    assert_eq!(
        facts.mandates,
        Mandates(vec![Mandate::GroupManager("werkgever".into()), Mandate::CoMainAccessManager]),
        "in the order granted"
    );
    assert_eq!(
        facts.memberships,
        [
            FactMembership {
                group: "belastingplichtige".into(),
                services: vec!["intervat".into()],
                blocked: false
            },
            FactMembership {
                group: "werkgever".into(),
                services: vec!["ebox".into(), "dimona".into()],
                blocked: true
            },
        ]
    );
    let of_a = store.decision_facts(&enterprise, &PersonKey::NationalNumber(nn(A))).await.unwrap().unwrap();
    assert_eq!((of_a.mandates, of_a.memberships.len()), (Mandates::default(), 1));
    assert!(of_a.memberships[0].services.is_empty(), "no service chosen");
    let by_username = store
        .decision_facts(&enterprise, &PersonKey::Username("jsmit-facts".into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((by_username.mandates, by_username.memberships), (Mandates(vec![Mandate::MainAccessManager]), vec![]));
    // A national number is never looked up as a username, nor the other way round.
    let none = store
        .decision_facts(&enterprise, &PersonKey::Username(B.into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((none.status, none.mandates, none.memberships), (EnterpriseStatus::Active, Mandates::default(), vec![]));
    // Another enterprise's facts are not this one's.
    let mut tx = store.write().await.unwrap();
    let other = tx.insert_enterprise(&number("0423456765"), "NV Ander", NOW).await.unwrap();
    tx.add_mandate(other, b, &Mandate::MainAccessManager).await.unwrap();
    tx.commit().await.unwrap();
    let again = store.decision_facts(&enterprise, &PersonKey::NationalNumber(nn(B))).await.unwrap().unwrap();
    assert_eq!(again.mandates.0.len(), 2, "not the other enterprise's mandate");
    assert_eq!(store.decision_facts(&number("0434567819"), &PersonKey::NationalNumber(nn(B))).await.unwrap(), None);
}
