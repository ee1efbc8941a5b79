//! Appointing helpers (DESIGN.md R4, R5): who appoints and revokes whom, and the limits of
//! one access manager per activated domain and one group manager per group.

use crate::catalogue::Catalogue;
use crate::mandate::{Mandate, Mandates};
use crate::rules::{Actor, RuleError};

/// R4: whether `appointer` may appoint (and so revoke) `appointment`.
/// MAM → co-MAMs, AMs, GMs; co-MAM → AMs, GMs; AM → GMs of groups of its domain;
/// GM and users → nobody. The MAM itself is designated by the registration authority
/// only (R3), never here.
pub fn may_appoint(appointer: &Mandates, appointment: &Mandate) -> bool {
    let main = appointer.is_main_access_manager();
    let co = appointer.iter().any(|m| *m == Mandate::CoMainAccessManager);
    match appointment {
        Mandate::MainAccessManager => false,
        Mandate::CoMainAccessManager => main,
        Mandate::AccessManager(_) => main || co,
        Mandate::GroupManager(group) => {
            main || co || {
                let domain = Catalogue::get().role(group).map(|r| r.domain.as_str());
                appointer
                    .iter()
                    .any(|m| matches!(m, Mandate::AccessManager(d) if Some(d.as_str()) == domain))
            }
        }
    }
}

/// R4: co-MAMs and AMs are appointed in "Beheer der Toegangsbeheerders", so it is for
/// those who may appoint an access manager (main and co-main access managers).
pub fn uses_access_manager_administration(mandates: &Mandates) -> bool {
    may_appoint(mandates, &Mandate::AccessManager(String::new()))
}

/// What the server knows about an appointment; the browser passes what it knows.
#[derive(Debug, Clone, Default)]
pub struct AppointmentFacts {
    /// The domain (AM) or group (GM) is activated for the enterprise.
    pub scope_activated: bool,
    /// R5: the domain already has its AM, or the group its GM.
    pub slot_taken: bool,
    /// The appointee is in the staff register.
    pub appointee_is_staff: bool,
    /// The appointee already holds exactly this mandate.
    pub appointee_holds_it: bool,
}

/// R4 and R5 (with R10): checks an appointment. Nobody appoints themselves, since that
/// raises their own powers.
pub fn check_appointment(
    appointer: &Actor,
    appointee: &crate::NationalNumber,
    appointment: &Mandate,
    facts: &AppointmentFacts,
) -> Result<(), RuleError> {
    if !may_appoint(&appointer.mandates, appointment) {
        return Err(RuleError::MayNotAppoint);
    }
    if appointment.scope().is_some() && !facts.scope_activated {
        return Err(RuleError::ScopeNotActivated);
    }
    if appointer.national_number.as_ref() == Some(appointee) {
        return Err(RuleError::OwnPowers);
    }
    if !facts.appointee_is_staff {
        return Err(RuleError::NotInStaffRegister);
    }
    if facts.appointee_holds_it {
        return Err(RuleError::AlreadyAppointed);
    }
    if facts.slot_taken && !matches!(appointment, Mandate::CoMainAccessManager) {
        return Err(RuleError::SlotTaken);
    }
    Ok(())
}

/// R4 mirrored, with R3: whoever may appoint a mandate may revoke it; the main access
/// manager is never revoked here.
pub fn check_revocation(revoker: &Actor, mandate: &Mandate) -> Result<(), RuleError> {
    if *mandate == Mandate::MainAccessManager {
        return Err(RuleError::MainAccessManagerProtected);
    }
    if !may_appoint(&revoker.mandates, mandate) {
        return Err(RuleError::MayNotAppoint);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NationalNumber;

    fn nn(s: &str) -> NationalNumber {
        NationalNumber::parse(s).unwrap()
    }

    const ME: &str = "85073003328";
    const OTHER: &str = "93051822361";

    fn actor(m: Vec<Mandate>) -> Actor {
        Actor {
            national_number: Some(nn(ME)),
            mandates: Mandates(m),
        }
    }

    fn am(d: &str) -> Mandate {
        Mandate::AccessManager(d.into())
    }
    fn gm(g: &str) -> Mandate {
        Mandate::GroupManager(g.into())
    }

    /// The full who-may-appoint-whom matrix: every appointer × every appointment × slot
    /// free/taken, against the table of R4.
    #[test]
    fn r4_r5_the_full_matrix() {
        let appointers: Vec<(&str, Vec<Mandate>)> = vec![
            ("MAM", vec![Mandate::MainAccessManager]),
            ("co-MAM", vec![Mandate::CoMainAccessManager]),
            ("AM sz", vec![am("sociale-zekerheid")]),
            ("AM fisc", vec![am("fiscaliteit")]),
            ("GM werkgever", vec![gm("werkgever")]),
            ("user", vec![]),
        ];
        let appointments = [
            Mandate::MainAccessManager,
            Mandate::CoMainAccessManager,
            am("sociale-zekerheid"),
            am("fiscaliteit"),
            gm("werkgever"),
            gm("belastingplichtige"),
        ];
        // Expected: may this appointer appoint this appointment (R4)?
        let expected = |who: &str, m: &Mandate| -> bool {
            match (who, m) {
                (_, Mandate::MainAccessManager) => false,
                ("MAM", _) => true,
                ("co-MAM", Mandate::CoMainAccessManager) => false,
                ("co-MAM", _) => true,
                ("AM sz", Mandate::GroupManager(g)) => g == "werkgever",
                ("AM fisc", Mandate::GroupManager(g)) => g == "belastingplichtige",
                _ => false,
            }
        };
        let mut checked = 0;
        for (who, mandates) in &appointers {
            let a = actor(mandates.clone());
            for m in &appointments {
                for taken in [false, true] {
                    let facts = AppointmentFacts {
                        scope_activated: true,
                        slot_taken: taken,
                        appointee_is_staff: true,
                        appointee_holds_it: false,
                    };
                    let got = check_appointment(&a, &nn(OTHER), m, &facts);
                    let want = if !expected(who, m) {
                        Err(RuleError::MayNotAppoint)
                    } else if taken && *m != Mandate::CoMainAccessManager {
                        Err(RuleError::SlotTaken)
                    } else {
                        Ok(())
                    };
                    assert_eq!(got, want, "{who} appoints {m:?}, slot taken: {taken}");
                    // Revocation mirrors appointment; the MAM is never revoked here.
                    let revoke = check_revocation(&a, m);
                    let want = match m {
                        Mandate::MainAccessManager => Err(RuleError::MainAccessManagerProtected),
                        _ if expected(who, m) => Ok(()),
                        _ => Err(RuleError::MayNotAppoint),
                    };
                    assert_eq!(revoke, want, "{who} revokes {m:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 6 * 6 * 2);
    }

    #[test]
    fn r4_only_main_and_co_main_use_the_access_manager_administration() {
        assert!(uses_access_manager_administration(&Mandates(vec![
            Mandate::MainAccessManager
        ])));
        assert!(uses_access_manager_administration(&Mandates(vec![
            Mandate::CoMainAccessManager
        ])));
        assert!(!uses_access_manager_administration(&Mandates(vec![am(
            "fiscaliteit"
        )])));
        assert!(!uses_access_manager_administration(&Mandates(vec![gm(
            "werkgever"
        )])));
        assert!(!uses_access_manager_administration(&Mandates::default()));
    }

    #[test]
    fn r4_other_refusals() {
        let mam = actor(vec![Mandate::MainAccessManager]);
        let ok = AppointmentFacts {
            scope_activated: true,
            appointee_is_staff: true,
            ..Default::default()
        };
        assert_eq!(
            check_appointment(&mam, &nn(OTHER), &am("fiscaliteit"), &ok),
            Ok(())
        );
        let f = AppointmentFacts {
            scope_activated: false,
            ..ok.clone()
        };
        assert_eq!(
            check_appointment(&mam, &nn(OTHER), &am("fiscaliteit"), &f),
            Err(RuleError::ScopeNotActivated)
        );
        let f = AppointmentFacts {
            appointee_is_staff: false,
            ..ok.clone()
        };
        assert_eq!(
            check_appointment(&mam, &nn(OTHER), &gm("werkgever"), &f),
            Err(RuleError::NotInStaffRegister)
        );
        let f = AppointmentFacts {
            appointee_holds_it: true,
            ..ok.clone()
        };
        assert_eq!(
            check_appointment(&mam, &nn(OTHER), &Mandate::CoMainAccessManager, &f),
            Err(RuleError::AlreadyAppointed)
        );
        assert_eq!(
            check_appointment(&mam, &nn(ME), &gm("werkgever"), &ok),
            Err(RuleError::OwnPowers)
        );
        // Several co-MAMs are allowed: their slot is never "taken".
        let f = AppointmentFacts {
            slot_taken: true,
            ..ok
        };
        assert_eq!(
            check_appointment(&mam, &nn(OTHER), &Mandate::CoMainAccessManager, &f),
            Ok(())
        );
    }
}
