//! Who reaches the portal's own online services (R11–R13): ContactData, Chaman (technical
//! channels) and e-Box Enterprise. Other online services are reached only through the
//! services chosen in an unblocked membership (R7, R8).

use crate::decision::Basis;
use crate::{Mandate, Mandates};

/// The catalogue codes of the three services.
pub const CONTACT_DATA: &str = "contactdata";
pub const CHAMAN: &str = "chaman";
pub const EBOX: &str = "ebox";

/// A person's membership of one group, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant<'a> {
    /// The group (role code).
    pub group: &'a str,
    pub services: &'a [String],
    pub blocked: bool,
}

/// An access manager "or above": main, co-main or domain access manager (R12: "AMs (and so
/// MAM and co-MAMs)").
pub fn is_access_manager(mandates: &Mandates) -> bool {
    mandates.iter().any(|m| {
        matches!(
            m,
            Mandate::MainAccessManager | Mandate::CoMainAccessManager | Mandate::AccessManager(_)
        )
    })
}

fn is_group_manager(mandates: &Mandates) -> bool {
    mandates
        .iter()
        .any(|m| matches!(m, Mandate::GroupManager(_)))
}

/// A manager: a group manager or above (R11: "managers (GM and above)").
pub fn is_manager(mandates: &Mandates) -> bool {
    is_access_manager(mandates) || is_group_manager(mandates)
}

/// A user who can still use something: a member of at least one group where they are not
/// blocked (that group). Blocking in every group (R8) cuts them off from these services too.
fn active_user(grants: &[Grant]) -> Option<Basis> {
    grants.iter().find(|g| !g.blocked).map(|g| Basis::User {
        group: g.group.to_owned(),
    })
}

/// The first of a person's mandates that `pred` accepts, as the basis of an access.
fn by_mandate(mandates: &Mandates, pred: impl Fn(&Mandate) -> bool) -> Option<Basis> {
    mandates.iter().find(|m| pred(m)).map(Basis::of)
}

/// R7, R8: any other online service — chosen for them in a group where they are not
/// blocked (that group).
pub fn membership_basis(service: &str, grants: &[Grant]) -> Option<Basis> {
    grants
        .iter()
        .find(|g| !g.blocked && g.services.iter().any(|s| s == service))
        .map(|g| Basis::Membership {
            group: g.group.to_owned(),
        })
}

/// R11: ContactData — every access manager, group manager and user of the enterprise has
/// access automatically (what grants it).
pub fn contact_data_basis(mandates: &Mandates, grants: &[Grant]) -> Option<Basis> {
    by_mandate(mandates, |_| true).or_else(|| active_user(grants))
}

/// R11, as a yes or no.
pub fn may_use_contact_data(mandates: &Mandates, grants: &[Grant]) -> bool {
    contact_data_basis(mandates, grants).is_some()
}

/// R12: Chaman — access managers (and so main and co-main access managers) automatically;
/// anyone else only when Chaman is one of the services granted to them in a group where
/// they are not blocked (what grants it).
pub fn chaman_basis(mandates: &Mandates, grants: &[Grant]) -> Option<Basis> {
    by_mandate(mandates, |m| !matches!(m, Mandate::GroupManager(_)))
        .or_else(|| membership_basis(CHAMAN, grants))
}

/// R12, as a yes or no.
pub fn may_use_chaman(mandates: &Mandates, grants: &[Grant]) -> bool {
    chaman_basis(mandates, grants).is_some()
}

/// R13: e-Box Enterprise — every user of the enterprise who is not blocked in all groups
/// sees all of its messages and tasks; so do the main and co-main access managers, who
/// answer for the whole enterprise (docs/decisions.md) (what grants it).
pub fn ebox_basis(mandates: &Mandates, grants: &[Grant]) -> Option<Basis> {
    by_mandate(mandates, |m| {
        matches!(m, Mandate::MainAccessManager | Mandate::CoMainAccessManager)
    })
    .or_else(|| active_user(grants))
}

/// R13, as a yes or no.
pub fn may_read_ebox(mandates: &Mandates, grants: &[Grant]) -> bool {
    ebox_basis(mandates, grants).is_some()
}

/// The three answers at once (for the menu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PortalAccess {
    pub contact_data: bool,
    pub chaman: bool,
    pub ebox: bool,
}

pub fn portal_access(mandates: &Mandates, grants: &[Grant]) -> PortalAccess {
    PortalAccess {
        contact_data: may_use_contact_data(mandates, grants),
        chaman: may_use_chaman(mandates, grants),
        ebox: may_read_ebox(mandates, grants),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mandates(list: &[Mandate]) -> Mandates {
        Mandates(list.to_vec())
    }

    fn services(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    /// Every kind of mandate × no membership / an unblocked one / only blocked ones, with
    /// and without the Chaman grant: the expected (ContactData, Chaman, e-Box).
    #[test]
    fn access_for_every_kind_of_mandate() {
        let plain = services(&["ebox", "dimona"]);
        let with_chaman = services(&["ebox", "chaman"]);
        let kinds: [(&str, Vec<Mandate>); 5] = [
            ("main access manager", vec![Mandate::MainAccessManager]),
            ("co-main access manager", vec![Mandate::CoMainAccessManager]),
            (
                "access manager",
                vec![Mandate::AccessManager("sociale-zekerheid".into())],
            ),
            (
                "group manager",
                vec![Mandate::GroupManager("werkgever".into())],
            ),
            ("no mandate", vec![]),
        ];
        for (name, list) in kinds {
            let m = mandates(&list);
            let am = !matches!(name, "group manager" | "no mandate");
            let gm = name == "group manager";
            let top = matches!(name, "main access manager" | "co-main access manager");
            let cases: [(&str, Vec<Grant>, bool, bool); 5] = [
                ("no membership", vec![], false, false),
                (
                    "unblocked",
                    vec![Grant {
                        group: "werkgever",
                        services: &plain,
                        blocked: false,
                    }],
                    true,
                    false,
                ),
                (
                    "unblocked with Chaman",
                    vec![Grant {
                        group: "werkgever",
                        services: &with_chaman,
                        blocked: false,
                    }],
                    true,
                    true,
                ),
                (
                    "Chaman but blocked",
                    vec![
                        Grant {
                            group: "werkgever",
                            services: &with_chaman,
                            blocked: true,
                        },
                        Grant {
                            group: "werkgever",
                            services: &plain,
                            blocked: false,
                        },
                    ],
                    true,
                    false,
                ),
                (
                    "blocked everywhere",
                    vec![Grant {
                        group: "werkgever",
                        services: &with_chaman,
                        blocked: true,
                    }],
                    false,
                    false,
                ),
            ];
            for (case, grants, active_user, chaman_grant) in cases {
                let got = portal_access(&m, &grants);
                let want = PortalAccess {
                    contact_data: am || gm || active_user,
                    chaman: am || chaman_grant,
                    ebox: top || active_user,
                };
                assert_eq!(got, want, "{name}, {case}");
            }
        }
    }

    #[test]
    fn r11_contact_data_allow_and_deny() {
        assert!(may_use_contact_data(
            &mandates(&[Mandate::GroupManager("werkgever".into())]),
            &[]
        ));
        let s = services(&["dimona"]);
        assert!(may_use_contact_data(
            &mandates(&[]),
            &[Grant {
                group: "werkgever",
                services: &s,
                blocked: false
            }]
        ));
        assert!(!may_use_contact_data(
            &mandates(&[]),
            &[Grant {
                group: "werkgever",
                services: &s,
                blocked: true
            }]
        ));
        assert!(!may_use_contact_data(&mandates(&[]), &[]));
    }

    #[test]
    fn r12_chaman_allow_and_deny() {
        assert!(may_use_chaman(
            &mandates(&[Mandate::AccessManager("fiscaliteit".into())]),
            &[]
        ));
        assert!(!may_use_chaman(
            &mandates(&[Mandate::GroupManager("werkgever".into())]),
            &[]
        ));
        let c = services(&["chaman"]);
        assert!(may_use_chaman(
            &mandates(&[]),
            &[Grant {
                group: "werkgever",
                services: &c,
                blocked: false
            }]
        ));
        assert!(!may_use_chaman(
            &mandates(&[]),
            &[Grant {
                group: "werkgever",
                services: &c,
                blocked: true
            }]
        ));
    }

    #[test]
    fn r13_ebox_allow_and_deny() {
        let s = services(&["dimona"]);
        let open = Grant {
            group: "werkgever",
            services: &s,
            blocked: false,
        };
        let shut = Grant {
            group: "werkgever",
            services: &s,
            blocked: true,
        };
        assert!(may_read_ebox(&mandates(&[]), &[shut, open]));
        assert!(!may_read_ebox(&mandates(&[]), &[shut, shut]));
        assert!(may_read_ebox(&mandates(&[Mandate::MainAccessManager]), &[]));
        assert!(!may_read_ebox(
            &mandates(&[Mandate::AccessManager("fiscaliteit".into())]),
            &[]
        ));
    }
}
