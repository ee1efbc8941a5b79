//! Users per group (R6–R10): the start page, a group, the users list, one user.

use super::{Holder, Me, Page};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub code: String,
    pub domain: String,
    pub users: u64,
    pub blocked: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub me: Me,
    /// R6: only the groups this manager manages.
    pub groups: Vec<GroupSummary>,
    /// "Mijn toegang", for a person without a mandate: the groups they are a user of.
    pub mine: Vec<MyGroup>,
}

/// A group the signed-in person is a user of, as "Mijn toegang" shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyGroup {
    pub code: String,
    pub domain: String,
    pub services: Vec<String>,
    pub blocked: bool,
    /// Who manages the group (R6), the nearest first: its group manager, its domain's
    /// access manager, the co-main and main access managers.
    pub managers: Vec<MyManager>,
}

/// One of the managers of a group, by the mandate that makes them one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyManager {
    pub name: String,
    pub mandate: domain::Mandate,
}

/// One user's membership of one group, as a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub national_number: String,
    pub name: String,
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
    pub is_main_access_manager: bool,
}

impl MemberRow {
    /// This membership as the rules see it; `None` for an unknown group or number.
    pub fn as_rule_view(&self) -> Option<domain::rules::Membership<'static>> {
        Some(domain::rules::Membership {
            group: domain::Catalogue::get().role(&self.group)?,
            person: domain::NationalNumber::parse(&self.national_number).ok()?,
            person_is_main_access_manager: self.is_main_access_manager,
            blocked: self.blocked,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupData {
    pub me: Me,
    pub group: String,
    /// The group's one group manager (R5), if appointed.
    pub group_manager: Option<Holder>,
    pub members: Page<MemberRow>,
    pub query: String,
}

/// A person's memberships, limited to the groups the viewer manages (R6), with the count
/// of the others so the viewer knows they exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserData {
    pub me: Me,
    pub national_number: String,
    pub name: String,
    pub is_main_access_manager: bool,
    pub memberships: Vec<MemberRow>,
    pub other_groups: u64,
    /// Every online service of the enterprise's groups: may this person use it, and why
    /// ("Waarom?", DESIGN.md §4a).
    pub access: Vec<ServiceAccess>,
    /// Blocking, unblocking and deleting for all groups: offered or refused, and why.
    pub everywhere: Everywhere,
    /// The person's mandates in the enterprise.
    pub mandates: Vec<domain::Mandate>,
    /// When and by whom the person was added to each shown group, where the audit log
    /// records it (not for the demo data's memberships).
    pub added: Vec<Added>,
    /// The person's last sign-in to this enterprise (a stored timestamp), if any.
    pub last_sign_in: Option<String>,
    /// The groups the viewer manages that the person is not in, in catalogue order
    /// ("Toevoegen aan groep…").
    pub addable: Vec<String>,
}

/// One group's adding, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Added {
    pub group: String,
    /// A stored timestamp.
    pub at: String,
    /// Who added the person (`None` when the system did).
    pub by: Option<String>,
}

/// Whether a person may use one online service for the enterprise, and why, as
/// `domain::decision` decides it for the online services. A group the viewer does not
/// manage is named `""` (R6: the viewer sees only that there is one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceAccess {
    pub service: String,
    /// The rule that decides ("R8").
    pub rule: String,
    pub reason: Result<domain::decision::Basis, domain::decision::Refusal>,
}

/// A row of the "Gebruikers" list: one person with the managed groups they are in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub national_number: String,
    pub name: String,
    pub groups: Vec<String>,
    pub blocked_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersData {
    pub me: Me,
    pub users: Page<UserRow>,
    pub query: String,
}

/// The command behind "Voeg gebruiker toe".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUserCommand {
    pub group: String,
    pub national_number: String,
    pub services: Vec<String>,
    pub idempotency_key: String,
}

/// What a membership change acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipChange {
    Block,
    Unblock,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EverywhereChange {
    Block,
    Unblock,
    /// "Verwijderen uit alle groepen": a leaver (R9).
    Delete,
}

/// A membership's state, as an undo expects to find it and restores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipState {
    pub services: Vec<String>,
    pub blocked: bool,
}

/// The inverse of a block, an unblock or a change of services of one membership ("Ongedaan
/// maken", issue 14): restores `restore` if the membership is still `expect`
/// (`rules::check_undo`), as a new change checked by the rules of the act it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undo {
    pub group: String,
    pub national_number: String,
    pub expect: MembershipState,
    pub restore: MembershipState,
}

impl Undo {
    /// The act this undo is, as a message names it: `Block`, `Unblock` or `Services`.
    pub fn act(&self) -> &'static str {
        match (self.expect.blocked, self.restore.blocked) {
            (false, true) => "Block",
            (true, false) => "Unblock",
            _ => "Services",
        }
    }
}

/// What a change of one membership did: the member's name (empty for a replayed request)
/// and how to undo it, where one step can.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    pub name: String,
    pub undo: Option<Undo>,
}

/// What the viewer may do to a user "for all groups", as the rules the server applies
/// decide it (R8, R9, R10) over all the user's groups, also those the viewer does not
/// see; a refusal holds its error code, so that the page shows the reason instead of a
/// button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Everywhere {
    pub block: Result<(), String>,
    pub unblock: Result<(), String>,
    pub delete: Result<(), String>,
}

/// Who a national number is in the enterprise's staff register, as a manager types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLookup {
    /// The number asked about, as its 11 digits.
    pub national_number: String,
    /// The name the register gives the person; `None` when the register does not hold them.
    pub name: Option<String>,
}
