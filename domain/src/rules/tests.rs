use super::*;
use crate::catalogue::Catalogue;
use crate::mandate::Mandate;

fn nn(s: &str) -> NationalNumber {
    NationalNumber::parse(s).unwrap()
}
fn group(code: &str) -> &'static RoleDef {
    Catalogue::get().role(code).unwrap()
}
fn actor(person: &str, mandates: Vec<Mandate>) -> Actor {
    Actor {
        national_number: Some(nn(person)),
        mandates: Mandates(mandates),
    }
}
fn mam() -> Actor {
    actor("85073003328", vec![Mandate::MainAccessManager])
}
fn am(domain: &str) -> Actor {
    actor("93051822361", vec![Mandate::AccessManager(domain.into())])
}
fn gm(g: &str) -> Actor {
    actor("93051822361", vec![Mandate::GroupManager(g.into())])
}
const USER: &str = "17073003384";
fn member(g: &str, blocked: bool) -> Membership<'static> {
    Membership {
        group: group(g),
        person: nn(USER),
        person_is_main_access_manager: false,
        blocked,
    }
}
fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ---- R6 ----

#[test]
fn r6_main_and_co_main_manage_every_group() {
    for m in [Mandate::MainAccessManager, Mandate::CoMainAccessManager] {
        let ms = Mandates(vec![m]);
        assert!(Catalogue::get().roles().all(|g| manages_group(&ms, g)));
    }
}

#[test]
fn r6_access_manager_manages_only_its_domain() {
    let a = am("sociale-zekerheid");
    assert!(manages_group(&a.mandates, group("werkgever")));
    assert!(manages_group(&a.mandates, group("dienstverrichter")));
    assert!(!manages_group(&a.mandates, group("belastingplichtige")));
}

#[test]
fn r6_group_manager_manages_only_its_group_and_users_manage_nothing() {
    let g = gm("werkgever");
    assert!(manages_group(&g.mandates, group("werkgever")));
    assert!(!manages_group(&g.mandates, group("sociaal-secretariaat")));
    let user = Mandates::default();
    assert!(Catalogue::get().roles().all(|g| !manages_group(&user, g)));
}

#[test]
fn r6_managed_groups_filters_what_a_manager_sees() {
    let all: Vec<&RoleDef> = Catalogue::get().roles().collect();
    let seen = managed_groups(&am("fiscaliteit").mandates, all.iter().copied());
    let codes: Vec<&str> = seen.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["belastingplichtige", "boekhoudkantoor"]);
}

// ---- R7 ----

fn add(
    g: &str,
    number: &str,
    services: &[&str],
    facts: AdditionFacts<'_>,
) -> Result<UserAddition, Vec<RuleError>> {
    let services = strings(services);
    validate_user_addition(
        group(g),
        &UserAdditionInput {
            national_number: number,
            services: &services,
        },
        &facts,
    )
}

fn server_facts(a: &Actor) -> AdditionFacts<'_> {
    AdditionFacts {
        actor: Some(a),
        in_staff_register: Some(true),
        already_member: Some(false),
        current_year: Some(2026),
    }
}

#[test]
fn r7_allows_a_staff_member_with_services_of_the_group() {
    let a = mam();
    let ok = add(
        "werkgever",
        "17.07.30-033.84",
        &["dmfa", "ebox", "dmfa"],
        server_facts(&a),
    )
    .unwrap();
    assert_eq!(ok.national_number, nn(USER));
    assert_eq!(
        ok.services,
        strings(&["ebox", "dmfa"]),
        "deduplicated, catalogue order"
    );
}

#[test]
fn r7_browser_checks_what_it_can_without_server_facts() {
    assert!(add("werkgever", USER, &["ebox"], AdditionFacts::default()).is_ok());
    let errs = add("werkgever", "17073003385", &[], AdditionFacts::default()).unwrap_err();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].field(), Some(Field::NationalNumber));
    assert_eq!(errs[1], RuleError::NoServiceChosen);
}

#[test]
fn r7_denies_invalid_national_number() {
    let a = mam();
    let errs = add("werkgever", "12345", &["ebox"], server_facts(&a)).unwrap_err();
    assert!(matches!(errs[..], [RuleError::NationalNumber(_)]));
    assert!(errs[0].code().starts_with("national_number."));
}

#[test]
fn r7_denies_a_person_outside_the_staff_register() {
    let a = mam();
    let facts = AdditionFacts {
        in_staff_register: Some(false),
        ..server_facts(&a)
    };
    assert_eq!(
        add("werkgever", USER, &["ebox"], facts).unwrap_err(),
        [RuleError::NotInStaffRegister]
    );
}

#[test]
fn r7_denies_an_existing_member() {
    let a = mam();
    let facts = AdditionFacts {
        already_member: Some(true),
        ..server_facts(&a)
    };
    assert_eq!(
        add("werkgever", USER, &["ebox"], facts).unwrap_err(),
        [RuleError::AlreadyMember]
    );
}

#[test]
fn r7_denies_no_service_and_foreign_services() {
    let a = mam();
    assert_eq!(
        add("werkgever", USER, &[], server_facts(&a)).unwrap_err(),
        [RuleError::NoServiceChosen]
    );
    assert_eq!(
        add(
            "dienstverrichter",
            USER,
            &["ebox", "dimona"],
            server_facts(&a)
        )
        .unwrap_err(),
        [RuleError::ServiceNotInGroup("dimona".into())]
    );
    assert_eq!(
        add("werkgever", USER, &["nonexistent"], server_facts(&a)).unwrap_err(),
        [RuleError::ServiceNotInGroup("nonexistent".into())]
    );
}

#[test]
fn r7_with_r6_denies_a_manager_outside_its_scope() {
    let a = gm("sociaal-secretariaat");
    assert_eq!(
        add("werkgever", USER, &["ebox"], server_facts(&a)).unwrap_err(),
        [RuleError::NotManagerOfGroup]
    );
    let a = am("fiscaliteit");
    assert_eq!(
        add("werkgever", USER, &["ebox"], server_facts(&a)).unwrap_err(),
        [RuleError::NotManagerOfGroup]
    );
    let a = am("sociale-zekerheid");
    assert!(add("werkgever", USER, &["ebox"], server_facts(&a)).is_ok());
}

#[test]
fn r7_with_r10_denies_adding_oneself() {
    let a = actor(USER, vec![Mandate::GroupManager("werkgever".into())]);
    assert_eq!(
        add("werkgever", USER, &["ebox"], server_facts(&a)).unwrap_err(),
        [RuleError::OwnPowers]
    );
}

// ---- R8 ----

#[test]
fn r8_block_in_group_allow_and_deny() {
    assert_eq!(
        check_block_in_group(&gm("werkgever"), &member("werkgever", false)),
        Ok(())
    );
    assert_eq!(
        check_block_in_group(&am("sociale-zekerheid"), &member("werkgever", false)),
        Ok(())
    );
    assert_eq!(
        check_block_in_group(&gm("dienstverrichter"), &member("werkgever", false)),
        Err(RuleError::NotManagerOfGroup)
    );
    assert_eq!(
        check_block_in_group(&mam(), &member("werkgever", true)),
        Err(RuleError::AlreadyBlocked)
    );
}

#[test]
fn r8_unblock_in_group_mirrors_block() {
    assert_eq!(
        check_unblock_in_group(&gm("werkgever"), &member("werkgever", true)),
        Ok(())
    );
    assert_eq!(
        check_unblock_in_group(&am("fiscaliteit"), &member("werkgever", true)),
        Err(RuleError::NotManagerOfGroup)
    );
    assert_eq!(
        check_unblock_in_group(&mam(), &member("werkgever", false)),
        Err(RuleError::NotBlocked)
    );
}

#[test]
fn r8_block_everywhere_needs_a_manager_of_every_group() {
    let both = [
        member("werkgever", false),
        member("belastingplichtige", false),
    ];
    assert_eq!(check_block_everywhere(&mam(), &both), Ok(()));
    assert_eq!(
        check_block_everywhere(&am("sociale-zekerheid"), &both),
        Err(RuleError::NotManagerOfEveryGroup)
    );
    let one = [member("werkgever", false)];
    assert_eq!(
        check_block_everywhere(&am("sociale-zekerheid"), &one),
        Ok(())
    );
    assert_eq!(
        check_block_everywhere(&mam(), &[]),
        Err(RuleError::NotMember)
    );
    let blocked = [
        member("werkgever", true),
        member("belastingplichtige", true),
    ];
    assert_eq!(
        check_block_everywhere(&mam(), &blocked),
        Err(RuleError::AlreadyBlocked)
    );
    let partly = [
        member("werkgever", true),
        member("belastingplichtige", false),
    ];
    assert_eq!(check_block_everywhere(&mam(), &partly), Ok(()));
}

#[test]
fn r8_unblock_everywhere_mirrors_block_everywhere() {
    let blocked = [
        member("werkgever", true),
        member("belastingplichtige", true),
    ];
    assert_eq!(check_unblock_everywhere(&mam(), &blocked), Ok(()));
    assert_eq!(
        check_unblock_everywhere(&gm("werkgever"), &blocked),
        Err(RuleError::NotManagerOfEveryGroup)
    );
    let active = [member("werkgever", false)];
    assert_eq!(
        check_unblock_everywhere(&mam(), &active),
        Err(RuleError::NotBlocked)
    );
    assert_eq!(
        check_unblock_everywhere(&mam(), &[]),
        Err(RuleError::NotMember)
    );
}

// ---- R9 ----

#[test]
fn r9_delete_allow_and_deny() {
    assert_eq!(
        check_delete(&gm("werkgever"), &member("werkgever", false)),
        Ok(())
    );
    assert_eq!(
        check_delete(&mam(), &member("werkgever", true)),
        Ok(()),
        "blocked users can be deleted"
    );
    assert_eq!(
        check_delete(&gm("boekhoudkantoor"), &member("werkgever", false)),
        Err(RuleError::NotManagerOfGroup)
    );
}

#[test]
fn r9_delete_everywhere_needs_a_manager_of_every_group() {
    let both = [
        member("werkgever", false),
        member("belastingplichtige", true),
    ];
    assert_eq!(check_delete_everywhere(&mam(), &both), Ok(()), "blocked or not");
    assert_eq!(
        check_delete_everywhere(&am("sociale-zekerheid"), &both),
        Err(RuleError::NotManagerOfEveryGroup)
    );
    assert_eq!(
        check_delete_everywhere(&gm("werkgever"), &[member("werkgever", false)]),
        Ok(())
    );
    assert_eq!(
        check_delete_everywhere(&mam(), &[]),
        Err(RuleError::NotMember)
    );
}

#[test]
fn an_undo_applies_only_to_the_state_its_change_left() {
    let ebox = vec!["ebox".to_owned()];
    let both = vec!["ebox".to_owned(), "dimona".to_owned()];
    assert_eq!(check_undo((&ebox, true), (&ebox, true)), Ok(()));
    assert_eq!(check_undo((&ebox, false), (&ebox, true)), Err(RuleError::ChangedMeanwhile), "unblocked since");
    assert_eq!(check_undo((&both, true), (&ebox, true)), Err(RuleError::ChangedMeanwhile), "services changed since");
    assert_eq!(RuleError::ChangedMeanwhile.code(), "rule.changed_meanwhile");
}

// ---- R10 ----

#[test]
fn r10_the_main_access_manager_cannot_be_blocked_or_deleted() {
    let mut m = member("werkgever", false);
    m.person_is_main_access_manager = true;
    let co = actor("93051822361", vec![Mandate::CoMainAccessManager]);
    assert_eq!(
        check_block_in_group(&co, &m),
        Err(RuleError::MainAccessManagerProtected)
    );
    assert_eq!(
        check_delete(&co, &m),
        Err(RuleError::MainAccessManagerProtected)
    );
    assert_eq!(
        check_block_everywhere(&co, &[m.clone()]),
        Err(RuleError::MainAccessManagerProtected)
    );
    assert_eq!(
        check_delete_everywhere(&co, &[m]),
        Err(RuleError::MainAccessManagerProtected)
    );
}

#[test]
fn r10_nobody_unblocks_themselves_but_may_block_themselves() {
    let me = actor(USER, vec![Mandate::GroupManager("werkgever".into())]);
    assert_eq!(
        check_block_in_group(&me, &member("werkgever", false)),
        Ok(())
    );
    assert_eq!(
        check_unblock_in_group(&me, &member("werkgever", true)),
        Err(RuleError::OwnPowers)
    );
    assert_eq!(
        check_unblock_everywhere(&me, &[member("werkgever", true)]),
        Err(RuleError::OwnPowers)
    );
}

// ---- R3 ----

#[test]
fn r3_first_sign_in_of_the_main_access_manager_activates() {
    use EnterpriseStatus::*;
    let mam = Mandates(vec![Mandate::MainAccessManager]);
    let co = Mandates(vec![Mandate::CoMainAccessManager]);
    assert_eq!(check_sign_in(Registered, &mam), Ok(true));
    assert_eq!(check_sign_in(Registered, &co), Err(RuleError::NotActive));
    assert_eq!(
        check_sign_in(Registered, &Mandates::default()),
        Err(RuleError::NotActive)
    );
    assert_eq!(check_sign_in(Active, &co), Ok(false));
    assert_eq!(check_sign_in(Active, &mam), Ok(false));
    assert_eq!(check_sign_in(Closed, &mam), Err(RuleError::NotActive));
}

#[test]
fn r3_only_an_active_enterprise_can_be_acted_for() {
    assert_eq!(check_may_act(EnterpriseStatus::Active), Ok(()));
    assert_eq!(
        check_may_act(EnterpriseStatus::Registered),
        Err(RuleError::NotActive)
    );
    assert_eq!(
        check_may_act(EnterpriseStatus::Closed),
        Err(RuleError::NotActive)
    );
    assert_eq!(EnterpriseStatus::parse("active"), EnterpriseStatus::Active);
    assert_eq!(
        EnterpriseStatus::parse("bogus"),
        EnterpriseStatus::Closed,
        "fail closed"
    );
}

#[test]
fn every_error_has_a_distinct_stable_code() {
    let all = [
        RuleError::NotManagerOfGroup,
        RuleError::NotManagerOfEveryGroup,
        RuleError::NotInStaffRegister,
        RuleError::AlreadyMember,
        RuleError::NotMember,
        RuleError::NoServiceChosen,
        RuleError::ServiceNotInGroup("x".into()),
        RuleError::MainAccessManagerProtected,
        RuleError::OwnPowers,
        RuleError::AlreadyBlocked,
        RuleError::NotBlocked,
        RuleError::NotActive,
        RuleError::MayNotAppoint,
        RuleError::SlotTaken,
        RuleError::ScopeNotActivated,
        RuleError::AlreadyAppointed,
    ];
    let codes: std::collections::BTreeSet<_> = all.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), all.len());
    assert!(codes
        .iter()
        .all(|c| c.starts_with("rule.") || c.starts_with("auth.")));
}

#[test]
fn r7_services_change_allows_a_manager_of_the_group() {
    let m = member("werkgever", false);
    assert_eq!(
        check_services_change(&am("sociale-zekerheid"), &m, &[], &strings(&["chaman", "ebox"])),
        Ok(strings(&["ebox", "chaman"])),
        "catalogue order"
    );
    assert_eq!(
        check_services_change(&gm("werkgever"), &m, &[], &strings(&["dimona", "ebox"])),
        Ok(strings(&["ebox", "dimona"]))
    );
    assert!(check_services_change(&am("sociale-zekerheid"), &m, &[], &strings(&["dimona"])).is_ok());
    assert!(check_services_change(&mam(), &m, &[], &strings(&["dimona"])).is_ok());
}

#[test]
fn r7_services_change_denies_others_bad_services_and_own_powers() {
    let m = member("werkgever", false);
    assert_eq!(
        check_services_change(&gm("belastingplichtige"), &m, &[], &strings(&["chaman"])),
        Err(vec![RuleError::NotManagerOfGroup])
    );
    assert_eq!(
        check_services_change(&am("fiscaliteit"), &m, &[], &strings(&["chaman"])),
        Err(vec![RuleError::NotManagerOfGroup])
    );
    assert_eq!(
        check_services_change(&mam(), &m, &[], &[]),
        Err(vec![RuleError::NoServiceChosen])
    );
    assert_eq!(
        check_services_change(&mam(), &m, &[], &strings(&["intervat"])),
        Err(vec![RuleError::ServiceNotInGroup("intervat".into())])
    );
    // R10: the main access manager's services are not changed here.
    let main = Membership {
        person_is_main_access_manager: true,
        ..member("werkgever", false)
    };
    assert_eq!(
        check_services_change(
            &actor("93051822361", vec![Mandate::CoMainAccessManager]),
            &main,
            &[],
            &strings(&["ebox"])
        ),
        Err(vec![RuleError::MainAccessManagerProtected])
    );
    // R10: a group manager who is also a user of its group cannot grant itself Chaman.
    let own = Membership {
        person: gm("werkgever").national_number.unwrap(),
        ..member("werkgever", false)
    };
    assert_eq!(
        check_services_change(&gm("werkgever"), &own, &[], &strings(&["chaman"])),
        Err(vec![RuleError::OwnPowers])
    );
}

#[test]
fn r12_only_an_access_manager_or_above_grants_chaman() {
    let m = member("werkgever", false);
    let chaman = strings(&["ebox", "chaman"]);
    // A group manager may not add it, neither at addition nor by a change…
    assert_eq!(
        check_services_change(&gm("werkgever"), &m, &strings(&["ebox"]), &chaman),
        Err(vec![RuleError::ChamanGrantNeedsAccessManager])
    );
    assert_eq!(
        check_chaman_grant(&gm("werkgever"), &[], &chaman),
        Err(RuleError::ChamanGrantNeedsAccessManager)
    );
    // …but may keep or withdraw it where an access manager granted it.
    assert!(check_services_change(&gm("werkgever"), &m, &chaman, &chaman).is_ok());
    assert!(check_services_change(&gm("werkgever"), &m, &chaman, &strings(&["ebox"])).is_ok());
    // Access managers, co-main and main access managers grant it.
    for a in [am("sociale-zekerheid"), mam(), actor("93051822361", vec![Mandate::CoMainAccessManager])] {
        assert_eq!(check_chaman_grant(&a, &[], &chaman), Ok(()));
    }
}

#[test]
fn r11_only_managers_change_the_notification_address() {
    let user = actor("93051822361", vec![]);
    assert_eq!(
        check_notification_address_change(&user, true),
        Err(RuleError::NotificationAddressNeedsManager)
    );
    assert_eq!(check_notification_address_change(&user, false), Ok(()));
    assert_eq!(check_notification_address_change(&gm("werkgever"), true), Ok(()));
    assert_eq!(check_notification_address_change(&am("sociale-zekerheid"), true), Ok(()));
    assert_eq!(check_notification_address_change(&mam(), true), Ok(()));
}

#[test]
fn r6_a_user_is_visible_only_through_a_managed_group() {
    let gm = gm("werkgever");
    assert_eq!(
        check_user_visible(
            &gm.mandates,
            [group("werkgever"), group("belastingplichtige")]
        ),
        Ok(())
    );
    assert_eq!(
        check_user_visible(&gm.mandates, [group("belastingplichtige")]),
        Err(RuleError::UserNotFound)
    );
    // Nobody's groups (an unknown person) look the same.
    assert_eq!(
        check_user_visible(&gm.mandates, []),
        Err(RuleError::UserNotFound)
    );
    assert_eq!(
        check_user_visible(&mam().mandates, [group("belastingplichtige")]),
        Ok(())
    );
}

#[test]
fn r2_takes_the_year_from_the_facts_when_the_server_gives_it() {
    // 17073003384: born 2017 (2000+ checksum); not yet possible in 2016.
    let a = mam();
    let in_2026 = add("werkgever", "17073003384", &["ebox"], server_facts(&a));
    assert!(in_2026.is_ok(), "{in_2026:?}");
    let in_2016 = AdditionFacts {
        current_year: Some(2016),
        ..server_facts(&a)
    };
    assert!(matches!(
        add("werkgever", "17073003384", &["ebox"], in_2016).unwrap_err()[..],
        [RuleError::NationalNumber(_)]
    ));
}
