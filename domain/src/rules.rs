//! The rules of DESIGN.md §3 about managing users (R6–R10), one named function per rule.
//!
//! The browser calls these before submitting (with the facts it knows), the server calls
//! the same functions again inside its transaction with every fact known.

use crate::catalogue::RoleDef;
use crate::mandate::Mandates;
use crate::national_number::{NationalNumber, NationalNumberError};
use crate::services;

/// A form field a rule error belongs to, so that the page can show it next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    NationalNumber,
    Services,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::NationalNumber => "national_number",
            Field::Services => "services",
        }
    }
}

/// Why a rule refuses an action. Each has a stable code; the UI translates codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error(transparent)]
    NationalNumber(#[from] NationalNumberError),
    #[error("you do not manage this group")]
    NotManagerOfGroup,
    #[error("you do not manage every group this user is in")]
    NotManagerOfEveryGroup,
    #[error("this person is not in the enterprise's staff register")]
    NotInStaffRegister,
    #[error("this person is already a user of this group")]
    AlreadyMember,
    #[error("this person is not a user of this group")]
    NotMember,
    #[error("choose at least one online service")]
    NoServiceChosen,
    #[error("service `{0}` is not a service of this group")]
    ServiceNotInGroup(String),
    #[error("the main access manager cannot be blocked or deleted here")]
    MainAccessManagerProtected,
    #[error("you cannot raise your own powers")]
    OwnPowers,
    #[error("this user is already blocked")]
    AlreadyBlocked,
    #[error("this user is not blocked")]
    NotBlocked,
    #[error("the enterprise's account is not active")]
    NotActive,
    #[error("you may not appoint or revoke this mandate")]
    MayNotAppoint,
    #[error("this domain or group already has its manager")]
    SlotTaken,
    #[error("this domain or group is not activated for the enterprise")]
    ScopeNotActivated,
    #[error("this person already holds this mandate")]
    AlreadyAppointed,
    #[error("you have no access to this online service")]
    NoServiceAccess,
    #[error("this user was not found in the groups you manage")]
    UserNotFound,
    #[error("only an access manager or above grants Chaman")]
    ChamanGrantNeedsAccessManager,
    #[error("only managers change the address that receives the e-Box notifications")]
    NotificationAddressNeedsManager,
    #[error("only managers read the audit log")]
    NotAManager,
    #[error("someone changed this user meanwhile: the change is not undone")]
    ChangedMeanwhile,
    #[error("only managers look up names in the staff register")]
    StaffLookupNeedsManager,
    #[error("too many look-ups in the staff register: wait a minute")]
    TooManyLookups,
}

impl RuleError {
    /// Stable code, used by the UI to translate and by clients to react.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::NationalNumber(e) => e.code(),
            RuleError::NotManagerOfGroup => "rule.not_manager_of_group",
            RuleError::NotManagerOfEveryGroup => "rule.not_manager_of_every_group",
            RuleError::NotInStaffRegister => "rule.not_in_staff_register",
            RuleError::AlreadyMember => "rule.already_member",
            RuleError::NotMember => "rule.not_member",
            RuleError::NoServiceChosen => "rule.no_service_chosen",
            RuleError::ServiceNotInGroup(_) => "rule.service_not_in_group",
            RuleError::MainAccessManagerProtected => "rule.main_access_manager_protected",
            RuleError::OwnPowers => "rule.own_powers",
            RuleError::AlreadyBlocked => "rule.already_blocked",
            RuleError::NotBlocked => "rule.not_blocked",
            RuleError::NotActive => "auth.not_active",
            RuleError::MayNotAppoint => "rule.may_not_appoint",
            RuleError::SlotTaken => "rule.slot_taken",
            RuleError::ScopeNotActivated => "rule.scope_not_activated",
            RuleError::AlreadyAppointed => "rule.already_appointed",
            RuleError::NoServiceAccess => "rule.no_service_access",
            RuleError::UserNotFound => "not_found.user",
            RuleError::ChamanGrantNeedsAccessManager => "rule.chaman_grant_needs_access_manager",
            RuleError::NotificationAddressNeedsManager => "rule.notification_address_needs_manager",
            RuleError::NotAManager => "rule.not_a_manager",
            RuleError::ChangedMeanwhile => "rule.changed_meanwhile",
            RuleError::StaffLookupNeedsManager => "rule.staff_lookup_needs_manager",
            RuleError::TooManyLookups => "rule.too_many_lookups",
        }
    }

    /// The form field this error is about, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            RuleError::NationalNumber(_)
            | RuleError::NotInStaffRegister
            | RuleError::AlreadyMember
            | RuleError::AlreadyAppointed => Some(Field::NationalNumber),
            RuleError::NoServiceChosen
            | RuleError::ServiceNotInGroup(_)
            | RuleError::ChamanGrantNeedsAccessManager => Some(Field::Services),
            _ => None,
        }
    }
}

/// The person acting: who they are and which mandates they hold in the enterprise.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `None` for a foreign manager without a national number.
    pub national_number: Option<NationalNumber>,
    pub mandates: Mandates,
}

impl Actor {
    fn is(&self, person: &NationalNumber) -> bool {
        self.national_number.as_ref() == Some(person)
    }
}

/// A user's membership of one group, as the rules need to see it.
#[derive(Debug, Clone)]
pub struct Membership<'a> {
    pub group: &'a RoleDef,
    pub person: NationalNumber,
    /// Whether the person is the enterprise's main access manager (R10).
    pub person_is_main_access_manager: bool,
    pub blocked: bool,
}

/// The status of an enterprise's account (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseStatus {
    Registered,
    Active,
    Closed,
}

impl EnterpriseStatus {
    pub fn code(self) -> &'static str {
        match self {
            EnterpriseStatus::Registered => "registered",
            EnterpriseStatus::Active => "active",
            EnterpriseStatus::Closed => "closed",
        }
    }

    /// Reads a stored status; anything unknown counts as closed (fail closed).
    pub fn parse(s: &str) -> EnterpriseStatus {
        match s {
            "registered" => EnterpriseStatus::Registered,
            "active" => EnterpriseStatus::Active,
            _ => EnterpriseStatus::Closed,
        }
    }
}

/// R3: what a sign-in does to the account. The main access manager's first sign-in
/// activates a registered enterprise (`Ok(true)`); before that nobody else can act, and
/// nobody acts for a closed enterprise.
pub fn check_sign_in(status: EnterpriseStatus, mandates: &Mandates) -> Result<bool, RuleError> {
    match status {
        EnterpriseStatus::Active => Ok(false),
        EnterpriseStatus::Registered if mandates.is_main_access_manager() => Ok(true),
        EnterpriseStatus::Registered | EnterpriseStatus::Closed => Err(RuleError::NotActive),
    }
}

/// R3: acting for an enterprise needs an active account.
pub fn check_may_act(status: EnterpriseStatus) -> Result<(), RuleError> {
    match status {
        EnterpriseStatus::Active => Ok(()),
        _ => Err(RuleError::NotActive),
    }
}

/// R6: MAM and co-MAMs manage users in every group, an AM in the groups of its domain, a
/// GM in its group.
pub fn manages_group(mandates: &Mandates, group: &RoleDef) -> bool {
    mandates.iter().any(|m| m.covers_group(group))
}

/// R6: a manager sees only the groups it manages.
pub fn managed_groups<'a>(
    mandates: &Mandates,
    groups: impl IntoIterator<Item = &'a RoleDef>,
) -> Vec<&'a RoleDef> {
    groups
        .into_iter()
        .filter(|g| manages_group(mandates, g))
        .collect()
}

/// R6: for a manager, a person is a user only through the groups the manager manages.
/// Someone in none of them is "not found", exactly like someone unknown: a manager learns
/// nothing about the other groups.
pub fn check_user_visible<'a>(
    mandates: &Mandates,
    user_groups: impl IntoIterator<Item = &'a RoleDef>,
) -> Result<(), RuleError> {
    if user_groups.into_iter().any(|g| manages_group(mandates, g)) {
        Ok(())
    } else {
        Err(RuleError::UserNotFound)
    }
}

/// What the form submits for "Voeg gebruiker toe".
#[derive(Debug, Clone, Default)]
pub struct UserAdditionInput<'a> {
    pub national_number: &'a str,
    pub services: &'a [String],
}

/// Facts only the server knows for sure. `None` means "not known here" (the browser) and
/// the check is left to the server, which passes `Some` for every fact.
#[derive(Debug, Clone, Default)]
pub struct AdditionFacts<'a> {
    pub actor: Option<&'a Actor>,
    pub in_staff_register: Option<bool>,
    pub already_member: Option<bool>,
    /// Today's year by the server's clock, for R2's 2000+ checksum (`None`: this
    /// machine's clock, as in the browser).
    pub current_year: Option<i32>,
}

/// A user addition that passed R6, R7 and R10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAddition {
    pub national_number: NationalNumber,
    /// Chosen services, deduplicated, in the group's catalogue order.
    pub services: Vec<String>,
}

/// R7 (with R6 and R10): adding a user to a group needs a valid national number of a
/// person in the staff register who is not yet in that group, and at least one service,
/// all of them services of that group. The actor must manage the group (R6) and may not
/// add themselves (R10). Returns every error found, so that each field shows its own.
pub fn validate_user_addition(
    group: &RoleDef,
    input: &UserAdditionInput<'_>,
    facts: &AdditionFacts<'_>,
) -> Result<UserAddition, Vec<RuleError>> {
    let mut errors = Vec::new();
    if let Some(actor) = facts.actor {
        if !manages_group(&actor.mandates, group) {
            return Err(vec![RuleError::NotManagerOfGroup]);
        }
    }
    let parsed = match facts.current_year {
        Some(year) => NationalNumber::parse_at(input.national_number, year),
        None => NationalNumber::parse(input.national_number),
    };
    let national_number = match parsed {
        Ok(nn) => Some(nn),
        Err(e) => {
            errors.push(RuleError::NationalNumber(e));
            None
        }
    };
    if let Some(nn) = &national_number {
        if facts.in_staff_register == Some(false) {
            errors.push(RuleError::NotInStaffRegister);
        } else if facts.already_member == Some(true) {
            errors.push(RuleError::AlreadyMember);
        } else if facts.actor.is_some_and(|a| a.is(nn)) {
            errors.push(RuleError::OwnPowers);
        }
    }
    let services = choose_services(group, input.services).map_err(|e| errors.extend(e));
    if let (Some(actor), Ok(chosen)) = (facts.actor, &services) {
        if let Err(e) = check_chaman_grant(actor, &[], chosen) {
            errors.push(e);
        }
    }
    match (national_number, services, errors.is_empty()) {
        (Some(national_number), Ok(services), true) => Ok(UserAddition {
            national_number,
            services,
        }),
        _ => Err(errors),
    }
}

/// R7, the services part: at least one service, all of them services of the group.
/// Returns them in catalogue order, each once.
pub fn choose_services(group: &RoleDef, chosen: &[String]) -> Result<Vec<String>, Vec<RuleError>> {
    let mut errors = Vec::new();
    if chosen.is_empty() {
        errors.push(RuleError::NoServiceChosen);
    }
    if let Some(bad) = chosen.iter().find(|s| !group.offers(s)) {
        errors.push(RuleError::ServiceNotInGroup(bad.clone()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(group
        .services
        .iter()
        .filter(|s| chosen.contains(s))
        .cloned()
        .collect())
}

/// R7 for a change (with R6 and R10): a manager of the group changes which of the group's
/// services a user may use — e.g. grants Chaman (R12). Not their own: nobody raises their
/// own powers (R10); not the main access manager's (R10). The same service rules as at
/// addition.
pub fn check_services_change(
    actor: &Actor,
    m: &Membership<'_>,
    current: &[String],
    chosen: &[String],
) -> Result<Vec<String>, Vec<RuleError>> {
    require_manager(actor, m).map_err(|e| vec![e])?;
    // R10: the main access manager's services are not cut here (that would block them by
    // another name); they reach Chaman, ContactData and e-Box by their mandate anyway.
    protect_main_access_manager(m).map_err(|e| vec![e])?;
    if actor.is(&m.person) {
        return Err(vec![RuleError::OwnPowers]);
    }
    let services = choose_services(m.group, chosen)?;
    check_chaman_grant(actor, current, &services).map_err(|e| vec![e])?;
    Ok(services)
}

/// R12: Chaman is granted (added to a user's services) only by an access manager or above,
/// who reach Chaman by their mandate; a group manager may keep or withdraw it.
pub fn check_chaman_grant(
    actor: &Actor,
    before: &[String],
    after: &[String],
) -> Result<(), RuleError> {
    let has = |list: &[String]| list.iter().any(|s| s == services::CHAMAN);
    if has(after) && !has(before) && !services::is_access_manager(&actor.mandates) {
        Err(RuleError::ChamanGrantNeedsAccessManager)
    } else {
        Ok(())
    }
}

/// R11: only managers (group managers and above) change the address that receives the
/// e-Box notifications; any other ContactData user keeps it as it is.
pub fn check_notification_address_change(actor: &Actor, changed: bool) -> Result<(), RuleError> {
    if changed && !services::is_manager(&actor.mandates) {
        Err(RuleError::NotificationAddressNeedsManager)
    } else {
        Ok(())
    }
}

/// R8 (with R6 and R10): blocking a user for one group needs a manager of that group; the
/// main access manager cannot be blocked here; an already blocked user stays as is.
pub fn check_block_in_group(actor: &Actor, m: &Membership<'_>) -> Result<(), RuleError> {
    require_manager(actor, m)?;
    protect_main_access_manager(m)?;
    if m.blocked {
        return Err(RuleError::AlreadyBlocked);
    }
    Ok(())
}

/// R8 (with R6 and R10): unblocking mirrors blocking; nobody unblocks themselves, since
/// that would raise their own powers.
pub fn check_unblock_in_group(actor: &Actor, m: &Membership<'_>) -> Result<(), RuleError> {
    require_manager(actor, m)?;
    if !m.blocked {
        return Err(RuleError::NotBlocked);
    }
    forbid_own_raise(actor, &m.person)
}

/// R8: blocking a user for all groups needs a manager of *every* group the user is in.
/// Groups already blocked stay blocked; at least one must still be active.
pub fn check_block_everywhere(actor: &Actor, all: &[Membership<'_>]) -> Result<(), RuleError> {
    require_manager_of_all(actor, all)?;
    all.iter().try_for_each(protect_main_access_manager)?;
    if all.iter().all(|m| m.blocked) {
        return Err(RuleError::AlreadyBlocked);
    }
    Ok(())
}

/// R8: unblocking for all groups mirrors blocking for all groups.
pub fn check_unblock_everywhere(actor: &Actor, all: &[Membership<'_>]) -> Result<(), RuleError> {
    require_manager_of_all(actor, all)?;
    if all.iter().all(|m| !m.blocked) {
        return Err(RuleError::NotBlocked);
    }
    forbid_own_raise(actor, &all[0].person)
}

/// R8: "for all groups" needs memberships, every one in a group the actor manages.
fn require_manager_of_all(actor: &Actor, all: &[Membership<'_>]) -> Result<(), RuleError> {
    if all.is_empty() {
        return Err(RuleError::NotMember);
    }
    if !all.iter().all(|m| manages_group(&actor.mandates, m.group)) {
        return Err(RuleError::NotManagerOfEveryGroup);
    }
    Ok(())
}

/// R9 (with R6 and R10): deleting removes the membership of one group; only a manager of
/// that group may, and never for the main access manager.
pub fn check_delete(actor: &Actor, m: &Membership<'_>) -> Result<(), RuleError> {
    require_manager(actor, m)?;
    protect_main_access_manager(m)
}

/// R9 (with R8's "for all groups" and R10): a leaver is deleted from every group at once
/// only by a manager of every group the user is in, never the main access manager.
pub fn check_delete_everywhere(actor: &Actor, all: &[Membership<'_>]) -> Result<(), RuleError> {
    require_manager_of_all(actor, all)?;
    all.iter().try_for_each(|m| check_delete(actor, m))
}

/// R8, R7 (issue 14: "Ongedaan maken"): a block, unblock or change of services is undone
/// only while the membership is still as that change left it (`expected`: services and
/// blocked); if anyone changed it since, undoing would overwrite their change. The undo
/// itself is then checked as the act it is (block, unblock, services).
pub fn check_undo(
    now: (&[String], bool),
    expected: (&[String], bool),
) -> Result<(), RuleError> {
    if now == expected {
        Ok(())
    } else {
        Err(RuleError::ChangedMeanwhile)
    }
}

/// R6 applied to an existing membership.
fn require_manager(actor: &Actor, m: &Membership<'_>) -> Result<(), RuleError> {
    if manages_group(&actor.mandates, m.group) {
        Ok(())
    } else {
        Err(RuleError::NotManagerOfGroup)
    }
}

/// R10: the MAM cannot be blocked or deleted here.
fn protect_main_access_manager(m: &Membership<'_>) -> Result<(), RuleError> {
    if m.person_is_main_access_manager {
        Err(RuleError::MainAccessManagerProtected)
    } else {
        Ok(())
    }
}

/// R10: nobody acts on their own mandates in a way that raises their own powers.
fn forbid_own_raise(actor: &Actor, person: &NationalNumber) -> Result<(), RuleError> {
    if actor.is(person) {
        Err(RuleError::OwnPowers)
    } else {
        Ok(())
    }
}

impl crate::error::Coded for RuleError {
    fn code(&self) -> &'static str {
        RuleError::code(self)
    }
    fn field(&self) -> Option<&'static str> {
        RuleError::field(self).map(Field::name)
    }
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            RuleError::NotManagerOfGroup
            | RuleError::NotManagerOfEveryGroup
            | RuleError::OwnPowers
            | RuleError::MainAccessManagerProtected
            | RuleError::MayNotAppoint
            | RuleError::NoServiceAccess
            | RuleError::ChamanGrantNeedsAccessManager
            | RuleError::NotificationAddressNeedsManager
            | RuleError::NotAManager
            | RuleError::StaffLookupNeedsManager
            | RuleError::NotActive => Forbidden,
            RuleError::TooManyLookups => Throttled,
            RuleError::AlreadyMember
            | RuleError::SlotTaken
            | RuleError::AlreadyAppointed
            | RuleError::AlreadyBlocked
            | RuleError::NotBlocked
            | RuleError::ChangedMeanwhile => Conflict,
            RuleError::UserNotFound => NotFound,
            RuleError::NationalNumber(_)
            | RuleError::NotInStaffRegister
            | RuleError::NotMember
            | RuleError::NoServiceChosen
            | RuleError::ServiceNotInGroup(_)
            | RuleError::ScopeNotActivated => Invalid,
        }
    }
}

mod lookup;
pub use lookup::*;

#[cfg(test)]
mod tests;
