//! Users per group (R6–R10): the start page, a group's page, adding a user, blocking,
//! unblocking and deleting in one group, and changing a user's services.

use super::change::Change;
use super::{appointments::holders, Toegang};
use crate::store::prelude::*;
use crate::store::MemberRecord;
use app::api::*;
use app::port::{Memberships, SignedIn};
use domain::rules::{self, AdditionFacts, Membership, UserAdditionInput};
use domain::{Catalogue, Mandate, NationalNumber, RoleDef};
use serde_json::json;

/// A membership row as the pages show it.
pub(super) fn row(m: MemberRecord) -> MemberRow {
    MemberRow {
        national_number: m
            .national_number
            .map(|n| n.digits().to_owned())
            .unwrap_or_default(),
        name: m.name,
        group: m.group,
        services: m.services,
        blocked: m.blocked,
        is_main_access_manager: m.is_main_access_manager,
    }
}

/// A stored membership as the rules see it; a row the rules cannot read is an error, never
/// skipped.
pub(super) fn rule_view(m: &MemberRecord) -> Result<Membership<'static>, ApiError> {
    let inconsistent = || ApiError::internal("server.inconsistent");
    Ok(Membership {
        group: Catalogue::get().role(&m.group).ok_or_else(inconsistent)?,
        person: m.national_number.ok_or_else(inconsistent)?,
        person_is_main_access_manager: m.is_main_access_manager,
        blocked: m.blocked,
    })
}

/// A membership's state, as the audit log records it.
pub(super) fn state(m: &MemberRecord) -> serde_json::Value {
    json!({ "services": m.services, "blocked": m.blocked })
}

/// An open change to one membership of a managed group.
struct MembershipChangeTx {
    change: Change,
    role: &'static RoleDef,
    person: i64,
    record: MemberRecord,
}

impl Toegang {
    /// [`Toegang::begin`] for a change to one membership: also the group and the
    /// membership, with R6 checked first, so that a manager learns nothing about groups it
    /// does not manage. Anyone who is not a member of the group answers `not_found.user`,
    /// whether unknown to the portal, known elsewhere or only elsewhere in this
    /// enterprise: no national-number oracle.
    async fn begin_membership(
        &self,
        who: &SignedIn,
        key: &str,
        action: &str,
        fingerprint: &str,
        group: &str,
        national_number: &str,
    ) -> Result<Option<MembershipChangeTx>, ApiError> {
        let Some(mut change) = self.begin(who, key, action, fingerprint).await? else {
            return Ok(None);
        };
        let role = change.ctx.managed_group(group)?;
        let (person, _) = self
            .person_id(change.tx.as_mut(), who.enterprise_id, national_number)
            .await?;
        let record = change
            .tx
            .membership(who.enterprise_id, &role.code, person)
            .await?
            .ok_or(domain::RuleError::UserNotFound)?;
        Ok(Some(MembershipChangeTx {
            change,
            role,
            person,
            record,
        }))
    }

    /// The person behind a national number as typed (in a URL or a form), looked up only
    /// within the enterprise (its staff, users and helpers), or `not_found.user`: the
    /// same answer for a number unknown to the portal and one known only elsewhere.
    pub(super) async fn person_id(
        &self,
        tx: &mut dyn Tx,
        enterprise: i64,
        national_number: &str,
    ) -> Result<(i64, NationalNumber), ApiError> {
        let not_found = || ApiError::not_found("not_found.user");
        let nn = self
            .clock
            .national_number(national_number)
            .map_err(|_| not_found())?;
        let person = tx
            .person_in_enterprise(enterprise, &nn)
            .await?
            .ok_or_else(not_found)?;
        Ok((person.id, nn))
    }
}

#[async_trait::async_trait]
impl Memberships for Toegang {
    async fn home(&self, who: &SignedIn) -> Result<HomeData, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let counts = tx.group_counts(who.enterprise_id).await?;
        let groups = ctx
            .managed()
            .into_iter()
            .map(|g| {
                let c = counts.iter().find(|c| c.group == g.code);
                GroupSummary {
                    code: g.code.clone(),
                    domain: g.domain.clone(),
                    users: c.map(|c| c.users).unwrap_or(0),
                    blocked: c.map(|c| c.blocked).unwrap_or(0),
                }
            })
            .collect();
        let mine = if ctx.actor.mandates.is_manager() {
            Vec::new()
        } else {
            super::my_access::my_access(tx.as_mut(), &ctx).await?
        };
        Ok(HomeData { me: ctx.me, groups, mine })
    }

    async fn group_view(
        &self,
        who: &SignedIn,
        group: &str,
        query: &str,
        page: u32,
    ) -> Result<GroupData, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let role = ctx.managed_group(group)?;
        let query = query.chars().take(100).collect::<String>();
        let (items, total, page) = paged!(page, |offset, limit| tx.search_members(
            who.enterprise_id,
            &role.code,
            &query,
            offset,
            limit
        ));
        let group_manager = holders(
            tx.as_mut(),
            who.enterprise_id,
            &Mandate::GroupManager(role.code.clone()),
        )
        .await?
        .into_iter()
        .next();
        Ok(GroupData {
            me: ctx.me,
            group: role.code.clone(),
            group_manager,
            members: Page {
                items: items.into_iter().map(row).collect(),
                total,
                page,
                per_page: super::PER_PAGE,
            },
            query,
        })
    }

    async fn add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<String, ApiError> {
        self.add_user_as(who, cmd, true).await
    }

    async fn check_add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<String, ApiError> {
        self.add_user_as(who, cmd, false).await
    }

    async fn change_membership(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        what: MembershipChange,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError> {
        let action = match what {
            MembershipChange::Block => "membership.block",
            MembershipChange::Unblock => "membership.unblock",
            MembershipChange::Delete => "membership.delete",
        };
        let fingerprint = format!("{group}|{national_number}");
        let Some(m) = self
            .begin_membership(
                who,
                idempotency_key,
                action,
                &fingerprint,
                group,
                national_number,
            )
            .await?
        else {
            return Ok(replayed()); // applied before: a replay
        };
        match what {
            MembershipChange::Block => set_blocked(m, true).await,
            MembershipChange::Unblock => set_blocked(m, false).await,
            MembershipChange::Delete => {
                let MembershipChangeTx { mut change, role, person, record } = m;
                let view = rule_view(&record)?;
                rules::check_delete(&change.ctx.actor, &view)?;
                change
                    .tx
                    .delete_membership(who.enterprise_id, &role.code, person)
                    .await?;
                let audit = change
                    .audit(action)
                    .scope(&role.code)
                    .subject(person)
                    .target(format!("{}/{}", role.code, view.person.digits()))
                    .before(state(&record));
                change.commit(audit).await?;
                Ok(Changed { name: record.name, undo: None })
            }
        }
    }

    async fn change_services(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        services: Vec<String>,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError> {
        let fingerprint = format!("{group}|{national_number}|{}", services.join(","));
        let Some(m) = self
            .begin_membership(
                who,
                idempotency_key,
                "membership.services",
                &fingerprint,
                group,
                national_number,
            )
            .await?
        else {
            return Ok(replayed()); // applied before: a replay
        };
        set_services(m, services).await
    }

    async fn undo_change(
        &self,
        who: &SignedIn,
        undo: Undo,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError> {
        let action = match undo.act() {
            "Block" => "membership.block",
            "Unblock" => "membership.unblock",
            _ => "membership.services",
        };
        let fingerprint = format!(
            "undo|{}|{}|{}|{}",
            undo.group,
            undo.national_number,
            undo.expect.services.join(","),
            undo.restore.services.join(",")
        );
        let Some(m) = self
            .begin_membership(
                who,
                idempotency_key,
                action,
                &fingerprint,
                &undo.group,
                &undo.national_number,
            )
            .await?
        else {
            return Ok(replayed()); // applied before: a replay
        };
        rules::check_undo(
            (&m.record.services, m.record.blocked),
            (&undo.expect.services, undo.expect.blocked),
        )?;
        match undo.act() {
            "Block" => set_blocked(m, true).await,
            "Unblock" => set_blocked(m, false).await,
            _ => set_services(m, undo.restore.services).await,
        }
    }
}

/// The answer to a replayed request: nothing was read, nothing to undo.
fn replayed() -> Changed {
    Changed { name: String::new(), undo: None }
}

/// Blocks or unblocks the membership (R8) with its audit row and commits; how to undo it.
async fn set_blocked(m: MembershipChangeTx, block: bool) -> Result<Changed, ApiError> {
    let MembershipChangeTx { mut change, role, person, record } = m;
    let view = rule_view(&record)?;
    if block {
        rules::check_block_in_group(&change.ctx.actor, &view)?;
    } else {
        rules::check_unblock_in_group(&change.ctx.actor, &view)?;
    }
    let enterprise = change.ctx.who.enterprise_id;
    change.tx.set_blocked(enterprise, &role.code, person, block).await?;
    let audit = change
        .audit(if block { "membership.block" } else { "membership.unblock" })
        .scope(&role.code)
        .subject(person)
        .target(format!("{}/{}", role.code, view.person.digits()))
        .before(state(&record))
        .after(json!({ "services": record.services, "blocked": block }));
    change.commit(audit).await?;
    let undo = Undo {
        group: role.code.clone(),
        national_number: view.person.digits().to_owned(),
        expect: MembershipState { services: record.services.clone(), blocked: block },
        restore: MembershipState { services: record.services.clone(), blocked: record.blocked },
    };
    Ok(Changed { name: record.name, undo: Some(undo) })
}

/// Sets the membership's services (R7, R12) with its audit row and commits; how to undo
/// it (nothing when nothing changes).
async fn set_services(m: MembershipChangeTx, services: Vec<String>) -> Result<Changed, ApiError> {
    let MembershipChangeTx { mut change, role, person, record } = m;
    let view = rule_view(&record)?;
    let chosen =
        rules::check_services_change(&change.ctx.actor, &view, &record.services, &services)?;
    if chosen == record.services {
        change.commit_unchanged().await?; // nothing changes, nothing to record
        return Ok(Changed { name: record.name, undo: None });
    }
    let enterprise = change.ctx.who.enterprise_id;
    change.tx.set_services(enterprise, &role.code, person, &chosen).await?;
    let audit = change
        .audit("membership.services")
        .scope(&role.code)
        .subject(person)
        .target(format!("{}/{}", role.code, view.person.digits()))
        .before(json!({ "services": record.services }))
        .after(json!({ "services": chosen }));
    change.commit(audit).await?;
    let undo = Undo {
        group: role.code.clone(),
        national_number: view.person.digits().to_owned(),
        expect: MembershipState { services: chosen, blocked: record.blocked },
        restore: MembershipState { services: record.services.clone(), blocked: record.blocked },
    };
    Ok(Changed { name: record.name, undo: Some(undo) })
}

impl Toegang {
    /// Adds a user to a group (`apply`), or checks every rule of it and answers the name
    /// without writing anything (the confirmation step without JavaScript).
    async fn add_user_as(
        &self,
        who: &SignedIn,
        cmd: AddUserCommand,
        apply: bool,
    ) -> Result<String, ApiError> {
        let fingerprint = format!(
            "{}|{}|{}",
            cmd.group,
            cmd.national_number,
            cmd.services.join(",")
        );
        let Some(mut change) = self
            .begin(who, &cmd.idempotency_key, "membership.add", &fingerprint)
            .await?
        else {
            return Ok(String::new()); // applied before: a replay
        };
        let role = change.ctx.group(&cmd.group)?;
        // Facts for R7, read in the same transaction as the write.
        let tx = change.tx.as_mut();
        // Looked up within the enterprise only: unknown and known elsewhere are alike.
        let person = match self.clock.national_number(&cmd.national_number) {
            Ok(nn) => tx
                .person_in_enterprise(who.enterprise_id, &nn)
                .await?,
            Err(_) => None,
        };
        let name = person.as_ref().map(|p| p.name.clone()).unwrap_or_default();
        let person = person.map(|p| p.id);
        let (in_staff, member) = match person {
            Some(p) => (
                tx.is_staff(who.enterprise_id, p).await?,
                tx.membership(who.enterprise_id, &role.code, p)
                    .await?
                    .is_some(),
            ),
            None => (false, false),
        };
        let facts = AdditionFacts {
            actor: Some(&change.ctx.actor),
            in_staff_register: Some(in_staff),
            already_member: Some(member),
            current_year: Some(self.clock.year()),
        };
        let input = UserAdditionInput {
            national_number: &cmd.national_number,
            services: &cmd.services,
        };
        let addition = rules::validate_user_addition(role, &input, &facts)?;
        let person = person.ok_or(domain::RuleError::NotInStaffRegister)?;
        if !apply {
            return Ok(name); // asked only: every check passed, nothing is written
        }
        tx.insert_membership(
            who.enterprise_id,
            &role.code,
            person,
            &addition.services,
            self.clock.now(),
        )
        .await?;
        let audit = change
            .audit("membership.add")
            .scope(&role.code)
            .subject(person)
            .target(format!(
                "{}/{}",
                role.code,
                addition.national_number.digits()
            ))
            .after(json!({ "services": addition.services, "blocked": false }));
        change.commit(audit).await?;
        Ok(name)
    }
}
