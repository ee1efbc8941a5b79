//! "Beheer der Toegangsbeheerders" (R4, R5).

use super::{Holder, Me};
use serde::{Deserialize, Serialize};

/// "Beheer der Toegangsbeheerders": the co-main access managers, and the access manager of
/// each activated domain (R4, R5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagersData {
    pub me: Me,
    pub co_main_access_managers: Vec<Holder>,
    /// (domain code, its access manager) for every activated domain.
    pub domains: Vec<(String, Option<Holder>)>,
    /// Every group of the enterprise with its group manager, domain by domain.
    pub groups: Vec<GroupHelper>,
}

/// A group of the enterprise and its group manager (R5: at most one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupHelper {
    pub domain: String,
    pub group: String,
    pub manager: Option<Holder>,
}
