//! DESIGN.md §4a: may this person use this online service for this enterprise? The answer
//! the online services get from Toegang (AuthZEN) and the explanation a manager reads
//! ("Waarom?"), both from the rules R3, R7–R9 and R11–R13 as `services` states them.

use crate::rules::EnterpriseStatus;
use crate::services::{self, Grant};
use crate::{Catalogue, Mandate, Mandates};
use serde::{Deserialize, Serialize};

/// Everything one decision depends on: the enterprise's status, the person's mandates and
/// memberships in that enterprise.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub status: EnterpriseStatus,
    pub mandates: &'a Mandates,
    pub grants: &'a [Grant<'a>],
}

/// Why a person may use a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    /// The service is chosen for them in a group where they are not blocked (R7, R8; R12
    /// for Chaman granted explicitly).
    Membership { group: String },
    /// Automatically, through a mandate: ContactData for managers (R11), Chaman for access
    /// managers (R12), e-Box Enterprise for the main and co-main access managers (R13).
    Mandate {
        /// The mandate's kind (`Mandate::kind`).
        mandate: String,
        /// Its domain or group, for an access or group manager.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        scope: Option<String>,
    },
    /// Automatically, as a user of the enterprise who is not blocked in this group (R11
    /// ContactData, R13 e-Box Enterprise).
    User { group: String },
}

impl Basis {
    /// Access through a mandate.
    pub fn of(mandate: &Mandate) -> Basis {
        Basis::Mandate {
            mandate: mandate.kind().to_owned(),
            scope: mandate.scope().map(str::to_owned),
        }
    }
}

/// Why a person may not use a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// R3: the enterprise's account is not active (registered, not yet activated by the
    /// main access manager's first sign-in, or closed).
    EnterpriseNotActive { status: String },
    /// The catalogue has no such online service.
    UnknownService,
    /// R9: neither a mandate nor a membership in this enterprise.
    NotInEnterprise,
    /// R8: the service is theirs only in groups where they are blocked.
    Blocked { groups: Vec<String> },
    /// R7: they are a user of groups that offer the service, but it is not chosen for them.
    NotChosen { groups: Vec<String> },
    /// R7: none of their groups offers the service.
    NotOffered,
    /// R12: Chaman needs an access manager's mandate or an explicit grant.
    ChamanNotGranted,
    /// R13: e-Box Enterprise is for users of the enterprise (and the main and co-main
    /// access managers); a manager who is no user does not read it.
    NotAUser,
}

impl Refusal {
    /// Stable code (API, translations).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::EnterpriseNotActive { .. } => "enterprise_not_active",
            Refusal::UnknownService => "unknown_service",
            Refusal::NotInEnterprise => "not_in_enterprise",
            Refusal::Blocked { .. } => "blocked",
            Refusal::NotChosen { .. } => "not_chosen",
            Refusal::NotOffered => "not_offered",
            Refusal::ChamanNotGranted => "chaman_not_granted",
            Refusal::NotAUser => "not_a_user",
        }
    }
}

/// The answer with its explanation and the rule it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: Result<Basis, Refusal>,
    /// The rule of DESIGN.md §3 that decides ("R8").
    pub rule: &'static str,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        self.allowed.is_ok()
    }
}

/// The kinds of online service, each with its own rule.
fn rule_of(service: &str) -> &'static str {
    match service {
        services::CONTACT_DATA => "R11",
        services::CHAMAN => "R12",
        services::EBOX => "R13",
        _ => "R7",
    }
}

/// §4a (R3, R7–R9, R11–R13): may a person with these facts use `service` for the
/// enterprise? Allowed answers name what grants it; refusals name the rule that refuses.
pub fn decide(service: &str, facts: &Facts) -> Decision {
    let decided = |allowed, rule| Decision { allowed, rule };
    if facts.status != EnterpriseStatus::Active {
        let status = facts.status.code().to_owned();
        return decided(Err(Refusal::EnterpriseNotActive { status }), "R3");
    }
    if Catalogue::get().service(service).is_none() {
        return decided(Err(Refusal::UnknownService), "R7");
    }
    let (mandates, grants) = (facts.mandates, facts.grants);
    let basis = match service {
        services::CONTACT_DATA => services::contact_data_basis(mandates, grants),
        services::CHAMAN => services::chaman_basis(mandates, grants),
        services::EBOX => services::ebox_basis(mandates, grants),
        _ => services::membership_basis(service, grants),
    };
    if let Some(basis) = basis {
        let rule = match basis {
            Basis::Membership { .. } if service == services::CHAMAN => "R12",
            Basis::Membership { .. } => "R8",
            _ => rule_of(service),
        };
        return decided(Ok(basis), rule);
    }
    let refusal = refusal(service, facts);
    let rule = match refusal {
        Refusal::NotInEnterprise => "R9",
        Refusal::Blocked { .. } => "R8",
        _ => rule_of(service),
    };
    decided(Err(refusal), rule)
}

/// Why `service` is refused, once its rule has said no.
fn refusal(service: &str, facts: &Facts) -> Refusal {
    let grants = facts.grants;
    if facts.mandates.0.is_empty() && grants.is_empty() {
        return Refusal::NotInEnterprise;
    }
    let blocked_with = |pred: &dyn Fn(&Grant) -> bool| -> Vec<String> {
        grants
            .iter()
            .filter(|g| g.blocked && pred(g))
            .map(|g| g.group.to_owned())
            .collect()
    };
    match service {
        // Refused to a user only when blocked everywhere (managers always have these).
        services::CONTACT_DATA => match blocked_with(&|_| true) {
            groups if !groups.is_empty() => Refusal::Blocked { groups },
            _ => Refusal::NotInEnterprise,
        },
        services::EBOX => match blocked_with(&|_| true) {
            groups if !groups.is_empty() => Refusal::Blocked { groups },
            _ => Refusal::NotAUser,
        },
        _ => {
            let chosen = blocked_with(&|g| g.services.iter().any(|s| s == service));
            if !chosen.is_empty() {
                return Refusal::Blocked { groups: chosen };
            }
            if service == services::CHAMAN {
                return Refusal::ChamanNotGranted;
            }
            let cat = Catalogue::get();
            let offering: Vec<String> = grants
                .iter()
                .filter(|g| cat.role(g.group).is_some_and(|r| r.offers(service)))
                .map(|g| g.group.to_owned())
                .collect();
            if offering.is_empty() {
                Refusal::NotOffered
            } else {
                Refusal::NotChosen { groups: offering }
            }
        }
    }
}

/// The online services a person may use for the enterprise, in the catalogue's order
/// (AuthZEN resource search).
pub fn usable_services(facts: &Facts) -> Vec<&'static str> {
    Catalogue::get()
        .services
        .iter()
        .map(|s| s.code.as_str())
        .filter(|code| decide(code, facts).is_allowed())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(list: &[Mandate]) -> Mandates {
        Mandates(list.to_vec())
    }

    fn s(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn decide_for(service: &str, mandates: &Mandates, grants: &[Grant]) -> Decision {
        decide(
            service,
            &Facts {
                status: EnterpriseStatus::Active,
                mandates,
                grants,
            },
        )
    }

    fn werkgever(services: &[String], blocked: bool) -> Grant<'_> {
        Grant {
            group: "werkgever",
            services,
            blocked,
        }
    }

    #[test]
    fn r8_a_chosen_service_in_an_unblocked_group_is_allowed_and_blocking_refuses_it() {
        let chosen = s(&["dimona", "dmfa"]);
        let d = decide_for("dimona", &m(&[]), &[werkgever(&chosen, false)]);
        assert_eq!(d.allowed, Ok(Basis::Membership { group: "werkgever".into() }));
        assert_eq!(d.rule, "R8");
        let d = decide_for("dimona", &m(&[]), &[werkgever(&chosen, true)]);
        assert_eq!(d.allowed, Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));
        assert_eq!(d.rule, "R8");
    }

    #[test]
    fn r7_a_service_not_chosen_or_not_offered_is_refused() {
        let chosen = s(&["dmfa"]);
        let d = decide_for("dimona", &m(&[]), &[werkgever(&chosen, false)]);
        assert_eq!(d.allowed, Err(Refusal::NotChosen { groups: vec!["werkgever".into()] }));
        assert_eq!(d.rule, "R7");
        let d = decide_for("no-such-service", &m(&[]), &[werkgever(&chosen, false)]);
        assert_eq!(d.allowed, Err(Refusal::UnknownService));
    }

    #[test]
    fn r7_a_service_none_of_the_groups_offers_is_refused_as_not_offered() {
        let cat = Catalogue::get();
        let group = cat.role("werkgever").unwrap();
        let elsewhere = cat
            .services
            .iter()
            .map(|s| s.code.as_str())
            .find(|c| !group.offers(c) && ![services::CONTACT_DATA, services::CHAMAN, services::EBOX].contains(c))
            .expect("a service the employer group does not offer");
        let chosen = s(&["dimona"]);
        let d = decide_for(elsewhere, &m(&[]), &[werkgever(&chosen, false)]);
        assert_eq!(d.allowed, Err(Refusal::NotOffered));
    }

    #[test]
    fn r9_nobody_in_the_enterprise_gets_nothing() {
        for service in ["dimona", services::CONTACT_DATA, services::CHAMAN, services::EBOX] {
            let d = decide_for(service, &m(&[]), &[]);
            assert_eq!(d.allowed, Err(Refusal::NotInEnterprise), "{service}");
            assert_eq!(d.rule, "R9");
        }
    }

    #[test]
    fn r3_nothing_is_allowed_for_an_enterprise_that_is_not_active() {
        let chosen = s(&["dimona"]);
        for status in [EnterpriseStatus::Registered, EnterpriseStatus::Closed] {
            let mandates = m(&[Mandate::MainAccessManager]);
            let grants = [werkgever(&chosen, false)];
            let d = decide("dimona", &Facts { status, mandates: &mandates, grants: &grants });
            assert!(!d.is_allowed());
            assert_eq!(d.rule, "R3");
        }
    }

    #[test]
    fn managers_get_no_declaration_service_by_their_mandate_alone() {
        let d = decide_for("dimona", &m(&[Mandate::MainAccessManager]), &[]);
        assert_eq!(d.allowed, Err(Refusal::NotOffered));
    }

    #[test]
    fn r11_contact_data_for_managers_and_users_not_blocked_everywhere() {
        let gm = Mandate::GroupManager("werkgever".into());
        let d = decide_for(services::CONTACT_DATA, &m(std::slice::from_ref(&gm)), &[]);
        assert_eq!(d.allowed, Ok(Basis::of(&gm)));
        assert_eq!(d.rule, "R11");
        let chosen = s(&["dimona"]);
        let d = decide_for(services::CONTACT_DATA, &m(&[]), &[werkgever(&chosen, false)]);
        assert_eq!(d.allowed, Ok(Basis::User { group: "werkgever".into() }));
        let d = decide_for(services::CONTACT_DATA, &m(&[]), &[werkgever(&chosen, true)]);
        assert_eq!(d.allowed, Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));
    }

    #[test]
    fn r12_chaman_for_access_managers_or_when_granted() {
        let am = Mandate::AccessManager("sociale-zekerheid".into());
        let d = decide_for(services::CHAMAN, &m(std::slice::from_ref(&am)), &[]);
        assert_eq!(d.allowed, Ok(Basis::of(&am)));
        let d = decide_for(services::CHAMAN, &m(&[Mandate::GroupManager("werkgever".into())]), &[]);
        assert_eq!(d.allowed, Err(Refusal::ChamanNotGranted));
        assert_eq!(d.rule, "R12");
        let granted = s(&["chaman"]);
        let d = decide_for(services::CHAMAN, &m(&[]), &[werkgever(&granted, false)]);
        assert_eq!(d.allowed, Ok(Basis::Membership { group: "werkgever".into() }));
        assert_eq!(d.rule, "R12");
        let d = decide_for(services::CHAMAN, &m(&[]), &[werkgever(&granted, true)]);
        assert_eq!(d.allowed, Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));
    }

    #[test]
    fn r13_ebox_for_users_and_the_main_and_co_main_access_managers() {
        let d = decide_for(services::EBOX, &m(&[Mandate::CoMainAccessManager]), &[]);
        assert_eq!(d.allowed, Ok(Basis::of(&Mandate::CoMainAccessManager)));
        let am = Mandate::AccessManager("sociale-zekerheid".into());
        let d = decide_for(services::EBOX, &m(&[am]), &[]);
        assert_eq!(d.allowed, Err(Refusal::NotAUser));
        assert_eq!(d.rule, "R13");
        let chosen = s(&["dimona"]);
        let d = decide_for(services::EBOX, &m(&[]), &[werkgever(&chosen, true)]);
        assert_eq!(d.allowed, Err(Refusal::Blocked { groups: vec!["werkgever".into()] }));
    }

    /// The decision agrees with the menu's answers (`services::portal_access`) for every
    /// kind of mandate and membership: there is one rule, stated once.
    #[test]
    fn the_decision_and_the_portal_menu_agree() {
        let plain = s(&["ebox", "dimona"]);
        let with_chaman = s(&["chaman"]);
        let mandates = [
            vec![Mandate::MainAccessManager],
            vec![Mandate::CoMainAccessManager],
            vec![Mandate::AccessManager("sociale-zekerheid".into())],
            vec![Mandate::GroupManager("werkgever".into())],
            vec![],
        ];
        let grant_sets = [
            vec![],
            vec![werkgever(&plain, false)],
            vec![werkgever(&with_chaman, false)],
            vec![werkgever(&with_chaman, true)],
            vec![werkgever(&plain, true), werkgever(&with_chaman, false)],
        ];
        for list in &mandates {
            let mandates = m(list);
            for grants in &grant_sets {
                let menu = services::portal_access(&mandates, grants);
                let d = |svc| decide_for(svc, &mandates, grants).is_allowed();
                assert_eq!(d(services::CONTACT_DATA), menu.contact_data, "{list:?} {grants:?}");
                assert_eq!(d(services::CHAMAN), menu.chaman, "{list:?} {grants:?}");
                assert_eq!(d(services::EBOX), menu.ebox, "{list:?} {grants:?}");
            }
        }
    }

    #[test]
    fn usable_services_lists_exactly_the_allowed_ones() {
        let chosen = s(&["dimona"]);
        let grants = [werkgever(&chosen, false)];
        let mandates = m(&[]);
        let facts = Facts {
            status: EnterpriseStatus::Active,
            mandates: &mandates,
            grants: &grants,
        };
        let mut usable = usable_services(&facts);
        usable.sort();
        assert_eq!(usable, vec!["contactdata", "dimona", "ebox"]);
        let blocked = [werkgever(&chosen, true)];
        let facts = Facts { grants: &blocked, ..facts };
        assert!(usable_services(&facts).is_empty());
    }
}
