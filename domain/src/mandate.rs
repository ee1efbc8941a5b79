//! Mandates: what a person may do in one enterprise (DESIGN.md §2).

use crate::catalogue::RoleDef;
use serde::{Deserialize, Serialize};

/// One mandate a person holds in one enterprise. Being a *user* of a group is not a
/// mandate to manage anything; memberships are modelled separately.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mandate {
    /// Hoofdtoegangsbeheerder: exactly one per enterprise (R3).
    MainAccessManager,
    /// co-Hoofdtoegangsbeheerder.
    CoMainAccessManager,
    /// Toegangsbeheerder for one activated domain (by domain code).
    AccessManager(String),
    /// Groepsbeheerder for one permission group (by role code).
    GroupManager(String),
}

impl Mandate {
    /// Stable code of the mandate kind, used in storage and messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Mandate::MainAccessManager => "main_access_manager",
            Mandate::CoMainAccessManager => "co_main_access_manager",
            Mandate::AccessManager(_) => "access_manager",
            Mandate::GroupManager(_) => "group_manager",
        }
    }

    /// The domain or group this mandate is limited to, if any.
    pub fn scope(&self) -> Option<&str> {
        match self {
            Mandate::AccessManager(s) | Mandate::GroupManager(s) => Some(s),
            _ => None,
        }
    }

    /// Rebuilds a mandate from its stored (or submitted) kind and scope, where an empty
    /// scope means none; `None` for an unknown kind or a missing scope.
    pub fn from_parts(kind: &str, scope: &str) -> Option<Mandate> {
        match (kind, Some(scope).filter(|s| !s.is_empty())) {
            ("main_access_manager", _) => Some(Mandate::MainAccessManager),
            ("co_main_access_manager", _) => Some(Mandate::CoMainAccessManager),
            ("access_manager", Some(d)) => Some(Mandate::AccessManager(d.to_owned())),
            ("group_manager", Some(g)) => Some(Mandate::GroupManager(g.to_owned())),
            _ => None,
        }
    }

    /// R6 for one mandate: MAM and co-MAM manage every group, an AM the groups of its
    /// domain, a GM its group.
    pub fn covers_group(&self, group: &RoleDef) -> bool {
        match self {
            Mandate::MainAccessManager | Mandate::CoMainAccessManager => true,
            Mandate::AccessManager(domain) => &group.domain == domain,
            Mandate::GroupManager(g) => &group.code == g,
        }
    }
}

/// All mandates one person holds in one enterprise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mandates(pub Vec<Mandate>);

impl Mandates {
    pub fn is_main_access_manager(&self) -> bool {
        self.0.contains(&Mandate::MainAccessManager)
    }

    /// Whether the person holds any managing mandate at all.
    pub fn is_manager(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Mandate> {
        self.0.iter()
    }

    /// The one group a person manages when all they hold is the group manager's mandate of
    /// that group (R6): such a manager's start page is that group's page.
    pub fn only_group(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Mandate::GroupManager(group)] => Some(group),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_group_manager_of_one_group_has_one_group() {
        let gm = |g: &str| Mandate::GroupManager(g.into());
        assert_eq!(Mandates(vec![gm("werkgever")]).only_group(), Some("werkgever"));
        assert_eq!(Mandates(vec![gm("werkgever"), gm("dienstverrichter")]).only_group(), None);
        assert_eq!(Mandates(vec![gm("werkgever"), Mandate::CoMainAccessManager]).only_group(), None);
        assert_eq!(Mandates(vec![Mandate::AccessManager("fiscaliteit".into())]).only_group(), None);
        assert_eq!(Mandates(vec![Mandate::MainAccessManager]).only_group(), None);
        assert_eq!(Mandates(vec![]).only_group(), None);
    }
}
