//! The application service: implements the UI's [`Backend`] port. Every method loads what
//! the rules need, asks `domain`, and (for changes) writes the change, an audit row and the
//! idempotency key in one transaction.

use crate::store::{AuditEntry, KeyClaim, MemberRecord, Store, StoreError, Tx};
use app::api::*;
use app::backend::{Backend, Pending, PendingStage, SignedIn};
use domain::appoint::{self, AppointmentFacts};
use domain::chaman;
use domain::contact_data::{ContactPerson, EnterpriseContact};
use domain::ebox;
use domain::rules::{self, Actor, AdditionFacts, EnterpriseStatus, Membership, UserAdditionInput};
use domain::services::{self, Grant};
use domain::{Catalogue, EnterpriseNumber, Mandate, NationalNumber, RoleDef};
use serde_json::json;
use std::sync::Arc;

/// Rows per page on the group page and the users list.
pub const PER_PAGE: u32 = 20;

pub struct Toegang {
    store: Arc<dyn Store>,
    demo: bool,
    /// The OpenID Connect button's label, when a provider is configured.
    oidc_label: Option<String>,
}

/// A storage failure: logged in full, shown to the user as `server.internal` only.
fn db(e: StoreError) -> ApiError {
    tracing::error!(error = %e, "storage failure");
    ApiError::new("server.internal")
}

/// An open change to one membership (see `Toegang::begin_membership`).
struct MembershipTx {
    tx: Box<dyn Tx>,
    ctx: Context,
    role: &'static RoleDef,
    person: i64,
    nn: NationalNumber,
    record: MemberRecord,
}

/// What every request knows about its signed-in person.
struct Context {
    who: SignedIn,
    me: Me,
    actor: Actor,
    groups: Vec<&'static RoleDef>,
}

impl Context {
    /// R6: the enterprise's groups this person manages.
    fn managed(&self) -> Vec<&'static RoleDef> {
        rules::managed_groups(&self.actor.mandates, self.groups.iter().copied())
    }

    /// The enterprise's activated domains (those of its groups), in catalogue order.
    fn domains(&self) -> Vec<&'static str> {
        Catalogue::get()
            .domains
            .iter()
            .filter(|d| self.groups.iter().any(|g| g.domain == d.code))
            .map(|d| d.code.as_str())
            .collect()
    }

    /// A group of this enterprise, or `not_found.group`.
    fn group(&self, code: &str) -> Result<&'static RoleDef, ApiError> {
        self.groups
            .iter()
            .copied()
            .find(|g| g.code == code)
            .ok_or_else(|| ApiError::new("not_found.group"))
    }
}

fn membership_view(m: &MemberRecord) -> Option<Membership<'static>> {
    row(m.clone()).as_rule_view()
}

fn row(m: MemberRecord) -> MemberRow {
    MemberRow {
        national_number: m.national_number,
        name: m.name,
        group: m.group,
        services: m.services,
        blocked: m.blocked,
        is_main_access_manager: m.is_main_access_manager,
    }
}

/// R11–R13 as decided by `domain::services` (in `Me::portal`): the refusal when this
/// person does not reach the service.
fn reach(allowed: bool) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(domain::RuleError::NoServiceAccess.into())
    }
}

/// A day (`YYYY-MM-DD`, UTC) from unix seconds.
fn day(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

fn document_summary(d: &crate::store::DocumentRecord, now: i64) -> DocumentSummary {
    let expires_in_days = match ebox::retention_until(d.expires_at, now) {
        ebox::Retention::NearExpiry { days_left } => Some(days_left),
        ebox::Retention::Expired | ebox::Retention::Kept => None,
    };
    DocumentSummary {
        id: d.id,
        sender: d.sender.clone(),
        service: d.service.clone(),
        doc_type: d.doc_type.clone(),
        is_task: d.is_task,
        title: d.title.clone(),
        published: day(d.published_at),
        unread: !d.read,
        done: d.done_at.is_some(),
        expires_in_days,
        attachments: d.attachments.len(),
    }
}

/// An idempotency key as forms send it: 1 to 128 visible ASCII characters.
fn check_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::new("request.malformed"));
    }
    Ok(())
}

impl Toegang {
    /// An e-Box attachment (R13): name, content type and bytes, for a download.
    pub async fn attachment(
        &self,
        who: &SignedIn,
        document: i64,
        attachment: i64,
    ) -> Result<(String, String, Vec<u8>), ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        tx.attachment(who.enterprise_id, document, attachment)
            .await
            .map_err(db)?
            .ok_or_else(|| ebox::EboxError::NotFound.into())
    }

    pub fn new(store: Arc<dyn Store>, demo: bool, oidc_label: Option<String>) -> Self {
        Toegang {
            store,
            demo,
            oidc_label,
        }
    }

    async fn context(&self, tx: &mut dyn Tx, who: &SignedIn) -> Result<Context, ApiError> {
        let enterprise = tx
            .enterprise(who.enterprise_id)
            .await
            .map_err(db)?
            .ok_or_else(|| ApiError::new("auth.required"))?;
        let person = tx
            .person(who.person_id)
            .await
            .map_err(db)?
            .ok_or_else(|| ApiError::new("auth.required"))?;
        let mandates = tx.mandates(enterprise.id, person.id).await.map_err(db)?;
        rules::check_may_act(EnterpriseStatus::parse(&enterprise.status))?;
        let cat = Catalogue::get();
        let groups = tx
            .enterprise_groups(enterprise.id)
            .await
            .map_err(db)?
            .iter()
            .filter_map(|g| cat.role(g))
            .collect();
        let me = Me {
            name: person.name.clone(),
            national_number: person.national_number.clone(),
            enterprise_name: enterprise.name.clone(),
            enterprise_number: EnterpriseNumber::parse(&enterprise.number)
                .map(|n| n.to_string())
                .unwrap_or(enterprise.number.clone()),
            enterprise_status: enterprise.status.clone(),
            portal: {
                let memberships = tx
                    .memberships_of(enterprise.id, person.id)
                    .await
                    .map_err(db)?;
                let grants: Vec<Grant> = memberships
                    .iter()
                    .map(|m| Grant {
                        services: &m.services,
                        blocked: m.blocked,
                    })
                    .collect();
                services::portal_access(&mandates, &grants)
            },
            mandates: mandates.0.clone(),
            demo: self.demo,
        };
        Ok(Context {
            who: who.clone(),
            actor: me.actor(),
            me,
            groups,
        })
    }

    /// Opens the write transaction of a change: loads the context and claims the
    /// submission's idempotency key. `None`: this submission was applied before.
    async fn begin(
        &self,
        who: &SignedIn,
        key: &str,
        action: &str,
        fingerprint: &str,
    ) -> Result<Option<(Box<dyn Tx>, Context)>, ApiError> {
        let mut tx = self.store.write().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        if !Self::claim(tx.as_mut(), who, key, action, fingerprint).await? {
            return Ok(None);
        }
        Ok(Some((tx, ctx)))
    }

    /// [`Self::begin`] for a change to one membership: also the group and the membership,
    /// with R6 checked first, so that a manager learns nothing about groups it does not
    /// manage.
    async fn begin_membership(
        &self,
        who: &SignedIn,
        key: &str,
        action: &str,
        fingerprint: &str,
        group: &str,
        national_number: &str,
    ) -> Result<Option<MembershipTx>, ApiError> {
        let Some((mut tx, ctx)) = self.begin(who, key, action, fingerprint).await? else {
            return Ok(None);
        };
        let role = ctx.group(group)?;
        if !rules::manages_group(&ctx.actor.mandates, role) {
            return Err(domain::RuleError::NotManagerOfGroup.into());
        }
        let (person, nn) = Self::person_id(tx.as_mut(), national_number).await?;
        let record = tx
            .membership(who.enterprise_id, &role.code, person)
            .await
            .map_err(db)?
            .ok_or(domain::RuleError::NotMember)?;
        Ok(Some(MembershipTx {
            tx,
            ctx,
            role,
            person,
            nn,
            record,
        }))
    }

    /// The key belongs to the person, the action and the input's `fingerprint`: the same
    /// key with other input (a reused form) is refused, not silently ignored.
    async fn claim(
        tx: &mut dyn Tx,
        who: &SignedIn,
        key: &str,
        action: &str,
        fingerprint: &str,
    ) -> Result<bool, ApiError> {
        check_key(key)?;
        match tx
            .claim_key(key, who.person_id, action, fingerprint)
            .await
            .map_err(db)?
        {
            KeyClaim::New => Ok(true),
            KeyClaim::Replay => Ok(false),
            KeyClaim::Conflict => Err(ApiError::new("request.replayed")),
        }
    }

    async fn audit(
        tx: &mut dyn Tx,
        ctx: &Context,
        action: &str,
        target: String,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<(), ApiError> {
        tx.audit(&AuditEntry {
            enterprise_id: ctx.who.enterprise_id,
            actor_id: Some(ctx.who.person_id),
            action: action.to_owned(),
            target,
            before,
            after,
        })
        .await
        .map_err(db)
    }

    /// The person behind a national number as typed in a URL, or `not_found.user`.
    async fn person_id(
        tx: &mut dyn Tx,
        national_number: &str,
    ) -> Result<(i64, NationalNumber), ApiError> {
        let nn =
            NationalNumber::parse(national_number).map_err(|_| ApiError::new("not_found.user"))?;
        let person = tx
            .person_by_national_number(nn.digits())
            .await
            .map_err(db)?
            .ok_or_else(|| ApiError::new("not_found.user"))?;
        Ok((person.id, nn))
    }
}

fn page_window(page: u32) -> (u32, u64, u64) {
    let page = page.clamp(1, 1_000_000);
    (page, ((page - 1) * PER_PAGE) as u64, PER_PAGE as u64)
}

/// The holders of one mandate (kind and scope) in an enterprise.
async fn holders(
    tx: &mut dyn Tx,
    enterprise: i64,
    mandate: &Mandate,
) -> Result<Vec<Holder>, ApiError> {
    Ok(tx
        .managers(enterprise)
        .await
        .map_err(db)?
        .into_iter()
        .filter(|(_, ms)| ms.iter().any(|m| m == mandate))
        .map(|(p, _)| Holder {
            national_number: p.national_number.unwrap_or_default(),
            name: p.name,
        })
        .collect())
}

/// A mandate as a form names it; `request.malformed` for anything else.
fn mandate(kind: &str, scope: &str) -> Result<Mandate, ApiError> {
    Mandate::from_parts(kind, scope).ok_or_else(|| ApiError::new("request.malformed"))
}

/// A page past the last one shows the last one.
fn clamp_page(page: u32, total: u64) -> u32 {
    let last = total.div_ceil(PER_PAGE as u64).max(1) as u32;
    page.min(last)
}

fn state(m: &MemberRecord) -> serde_json::Value {
    json!({ "services": m.services, "blocked": m.blocked })
}

#[async_trait::async_trait]
impl Backend for Toegang {
    async fn home(&self, who: &SignedIn) -> Result<HomeData, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let counts = tx.group_counts(who.enterprise_id).await.map_err(db)?;
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
        Ok(HomeData { me: ctx.me, groups })
    }

    async fn group_view(
        &self,
        who: &SignedIn,
        group: &str,
        query: &str,
        page: u32,
    ) -> Result<GroupData, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let role = ctx.group(group)?;
        if !rules::manages_group(&ctx.actor.mandates, role) {
            return Err(domain::RuleError::NotManagerOfGroup.into());
        }
        let (page, offset, limit) = page_window(page);
        let query = query.chars().take(100).collect::<String>();
        let (mut items, total) = tx
            .search_members(who.enterprise_id, &role.code, &query, offset, limit)
            .await
            .map_err(db)?;
        let page = clamp_page(page, total);
        if items.is_empty() && total > 0 {
            items = tx
                .search_members(
                    who.enterprise_id,
                    &role.code,
                    &query,
                    page_window(page).1,
                    limit,
                )
                .await
                .map_err(db)?
                .0;
        }
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
                per_page: PER_PAGE,
            },
            query,
        })
    }

    async fn users_view(
        &self,
        who: &SignedIn,
        query: &str,
        page: u32,
    ) -> Result<UsersData, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let groups: Vec<String> = ctx.managed().iter().map(|g| g.code.clone()).collect();
        let (page, offset, limit) = page_window(page);
        let query = query.chars().take(100).collect::<String>();
        let (mut items, total) = tx
            .search_users(who.enterprise_id, &groups, &query, offset, limit)
            .await
            .map_err(db)?;
        let page = clamp_page(page, total);
        if items.is_empty() && total > 0 {
            items = tx
                .search_users(
                    who.enterprise_id,
                    &groups,
                    &query,
                    page_window(page).1,
                    limit,
                )
                .await
                .map_err(db)?
                .0;
        }
        let items = items
            .into_iter()
            .map(|u| UserRow {
                national_number: u.national_number,
                name: u.name,
                groups: u.groups,
                blocked_groups: u.blocked_groups,
            })
            .collect();
        Ok(UsersData {
            me: ctx.me,
            users: Page {
                items,
                total,
                page,
                per_page: PER_PAGE,
            },
            query,
        })
    }

    async fn user_view(&self, who: &SignedIn, national_number: &str) -> Result<UserData, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let (person, nn) = Self::person_id(tx.as_mut(), national_number).await?;
        let all = tx
            .memberships_of(who.enterprise_id, person)
            .await
            .map_err(db)?;
        let managed = ctx.managed();
        let total = all.len() as u64;
        let mine: Vec<MemberRecord> = all
            .into_iter()
            .filter(|m| managed.iter().any(|g| g.code == m.group))
            .collect();
        // A manager sees only users of the groups it manages (R6).
        let Some(first) = mine.first() else {
            return Err(ApiError::new("not_found.user"));
        };
        Ok(UserData {
            me: ctx.me,
            national_number: nn.digits().to_owned(),
            name: first.name.clone(),
            is_main_access_manager: first.is_main_access_manager,
            other_groups: total - mine.len() as u64,
            memberships: mine.into_iter().map(row).collect(),
        })
    }

    async fn sign_in_means(&self) -> Result<AvailableMeans, ApiError> {
        let demo = if self.demo {
            let mut tx = self.store.read().await.map_err(db)?;
            crate::demo::people(tx.as_mut()).await.map_err(db)?
        } else {
            Vec::new()
        };
        Ok(AvailableMeans {
            oidc: self.oidc_label.clone(),
            demo,
        })
    }

    async fn pending_step(&self, pending: &Pending) -> Result<PendingStep, ApiError> {
        let store = self.store.as_ref();
        match pending.stage {
            PendingStage::ChangePassword => {
                let mut tx = store.read().await.map_err(db)?;
                let c = tx.credential(pending.person_id).await.map_err(db)?;
                let c = c.ok_or_else(|| ApiError::new("auth.no_pending_sign_in"))?;
                Ok(PendingStep::ChangePassword {
                    username: c.username,
                })
            }
            PendingStage::EnrolTotp => {
                let e = crate::auth::password::enrolment(store, pending.person_id)
                    .await
                    .map_err(db)?;
                let (username, uri, secret, qr_svg) =
                    e.ok_or_else(|| ApiError::new("auth.no_pending_sign_in"))?;
                Ok(PendingStep::EnrolTotp {
                    username,
                    uri,
                    secret,
                    qr_svg,
                })
            }
            PendingStage::ChooseEnterprise => {
                let mut tx = store.read().await.map_err(db)?;
                let list = tx.enterprises_of(pending.person_id).await.map_err(db)?;
                Ok(PendingStep::ChooseEnterprise {
                    choices: list
                        .into_iter()
                        .map(|e| EnterpriseChoice {
                            id: e.id,
                            number: domain::EnterpriseNumber::parse(&e.number)
                                .map(|n| n.to_string())
                                .unwrap_or(e.number),
                            name: e.name,
                        })
                        .collect(),
                })
            }
        }
    }

    async fn managers_view(&self, who: &SignedIn) -> Result<ManagersData, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        // "Beheer der toegangsbeheerders" is for those who appoint there (R4).
        if !appoint::uses_access_manager_administration(&ctx.actor.mandates) {
            return Err(domain::RuleError::MayNotAppoint.into());
        }
        let co_main_access_managers = holders(
            tx.as_mut(),
            who.enterprise_id,
            &Mandate::CoMainAccessManager,
        )
        .await?;
        let mut domains = Vec::new();
        for d in ctx.domains() {
            let am = holders(
                tx.as_mut(),
                who.enterprise_id,
                &Mandate::AccessManager(d.to_owned()),
            )
            .await?;
            domains.push((d.to_owned(), am.into_iter().next()));
        }
        Ok(ManagersData {
            me: ctx.me,
            co_main_access_managers,
            domains,
        })
    }

    async fn appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let appointment = mandate(kind, scope)?;
        let fingerprint = format!("{kind}|{scope}|{national_number}");
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, "mandate.appoint", &fingerprint)
            .await?
        else {
            return Ok(()); // applied before: a replay
        };
        // R4 first: who may not appoint learns nothing about the appointee.
        if !appoint::may_appoint(&ctx.actor.mandates, &appointment) {
            return Err(domain::RuleError::MayNotAppoint.into());
        }
        let nn = NationalNumber::parse(national_number).map_err(domain::RuleError::from)?;
        let person = tx
            .person_by_national_number(nn.digits())
            .await
            .map_err(db)?;
        let scope_activated = match &appointment {
            Mandate::AccessManager(d) => ctx.domains().contains(&d.as_str()),
            Mandate::GroupManager(g) => ctx.group(g).is_ok(),
            _ => true,
        };
        let (is_staff, holds) = match &person {
            Some(p) => (
                tx.is_staff(who.enterprise_id, p.id).await.map_err(db)?,
                tx.mandates(who.enterprise_id, p.id)
                    .await
                    .map_err(db)?
                    .iter()
                    .any(|m| *m == appointment),
            ),
            None => (false, false),
        };
        let slot_taken = !holders(tx.as_mut(), who.enterprise_id, &appointment)
            .await?
            .is_empty();
        let facts = AppointmentFacts {
            scope_activated,
            slot_taken,
            appointee_is_staff: is_staff,
            appointee_holds_it: holds,
        };
        appoint::check_appointment(&ctx.actor, &nn, &appointment, &facts)?;
        let person = person.ok_or(domain::RuleError::NotInStaffRegister)?;
        // R5 in the database too: a concurrent appointment that won the race shows here.
        if !tx
            .add_mandate(who.enterprise_id, person.id, &appointment)
            .await
            .map_err(db)?
        {
            return Err(domain::RuleError::SlotTaken.into());
        }
        // The audit row names the parsed mandate, not the typed text.
        let (kind, scope) = (appointment.kind(), appointment.scope().unwrap_or(""));
        let target = format!("{kind}/{scope}/{}", nn.digits());
        let after = json!({ "kind": kind, "scope": scope, "person": nn.digits() });
        Self::audit(
            tx.as_mut(),
            &ctx,
            "mandate.appoint",
            target,
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn revoke(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let revoked = mandate(kind, scope)?;
        let fingerprint = format!("{kind}|{scope}|{national_number}");
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, "mandate.revoke", &fingerprint)
            .await?
        else {
            return Ok(()); // applied before: a replay
        };
        appoint::check_revocation(&ctx.actor, &revoked)?;
        let (person, nn) = Self::person_id(tx.as_mut(), national_number).await?;
        if !tx
            .remove_mandate(who.enterprise_id, person, &revoked)
            .await
            .map_err(db)?
        {
            return Err(ApiError::new("not_found.mandate"));
        }
        let (kind, scope) = (revoked.kind(), revoked.scope().unwrap_or(""));
        let target = format!("{kind}/{scope}/{}", nn.digits());
        let before = json!({ "kind": kind, "scope": scope, "person": nn.digits() });
        Self::audit(
            tx.as_mut(),
            &ctx,
            "mandate.revoke",
            target,
            Some(before),
            None,
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn change_services(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        services: Vec<String>,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let fingerprint = format!("{group}|{national_number}|{}", services.join(","));
        let Some(MembershipTx {
            mut tx,
            ctx,
            role,
            person,
            nn,
            record,
        }) = self
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
            return Ok(()); // applied before: a replay
        };
        let view = membership_view(&record).ok_or_else(|| ApiError::new("server.inconsistent"))?;
        let chosen = rules::check_services_change(&ctx.actor, &view, &services)?;
        if chosen == record.services {
            return tx.commit().await.map_err(db); // nothing changes, nothing to record
        }
        tx.set_services(who.enterprise_id, &role.code, person, &chosen)
            .await
            .map_err(db)?;
        let target = format!("{}/{}", role.code, nn.digits());
        Self::audit(
            tx.as_mut(),
            &ctx,
            "membership.services",
            target,
            Some(json!({ "services": record.services })),
            Some(json!({ "services": chosen })),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn ebox_view(
        &self,
        who: &SignedIn,
        filter: (String, String, String, String),
        page: u32,
    ) -> Result<EboxList, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        let f = ebox::parse_filter(&filter.0, &filter.1, &filter.2, &filter.3)?;
        let now = crate::auth::secrets::now();
        let (page, offset, limit) = page_window(page);
        let (mut rows, total) = tx
            .documents(who.enterprise_id, who.person_id, now, &f, offset, limit)
            .await
            .map_err(db)?;
        // Past the last page: the last page.
        let page = clamp_page(page, total);
        if rows.is_empty() && total > 0 {
            rows = tx
                .documents(
                    who.enterprise_id,
                    who.person_id,
                    now,
                    &f,
                    page_window(page).1,
                    limit,
                )
                .await
                .map_err(db)?
                .0;
        }
        Ok(EboxList {
            me: ctx.me,
            documents: Page {
                items: rows.iter().map(|d| document_summary(d, now)).collect(),
                total,
                page,
                per_page: PER_PAGE,
            },
            filter,
        })
    }

    async fn ebox_document(&self, who: &SignedIn, id: i64) -> Result<EboxDocument, ApiError> {
        let mut tx = self.store.write().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        let d = tx
            .document(who.enterprise_id, who.person_id, id)
            .await
            .map_err(db)?
            .ok_or(ebox::EboxError::NotFound)?;
        let now = crate::auth::secrets::now();
        if ebox::retention_until(d.expires_at, now) == ebox::Retention::Expired {
            return Err(ebox::EboxError::NotFound.into()); // gone, even before the job runs
        }
        let summary = document_summary(&d, now);
        // Opening reads it (for this person only).
        tx.mark_read(d.id, who.person_id, now).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(EboxDocument {
            me: ctx.me,
            summary,
            body: d.body,
            expires: day(d.expires_at),
            done: d.done_at.map(|at| (day(at), d.done_by.unwrap_or_default())),
            attachments: d.attachments,
        })
    }

    async fn complete_task(
        &self,
        who: &SignedIn,
        document: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some((mut tx, ctx)) = self
            .begin(
                who,
                idempotency_key,
                "ebox.task_done",
                &document.to_string(),
            )
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.ebox)?; // R13
        let d = tx
            .document(who.enterprise_id, who.person_id, document)
            .await
            .map_err(db)?
            .ok_or(ebox::EboxError::NotFound)?;
        ebox::check_task_completion(d.is_task, d.done_at.is_some())?;
        let now = crate::auth::secrets::now();
        tx.complete_task(d.id, who.person_id, now)
            .await
            .map_err(db)?;
        Self::audit(
            tx.as_mut(),
            &ctx,
            "ebox.task_done",
            format!("document/{}", d.id),
            Some(json!({ "done": false })),
            Some(json!({ "done": true })),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn chaman_view(&self, who: &SignedIn) -> Result<ChamanView, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.chaman)?; // R12
        let sender = tx.chaman_sender(who.enterprise_id).await.map_err(db)?;
        let channels = tx
            .chaman_channels(who.enterprise_id)
            .await
            .map_err(db)?
            .into_iter()
            .map(|c| ChannelView {
                id: c.id,
                kind: c.kind,
                environment: c.environment,
                active: c.active,
                summary: c.summary,
                created_at: c.created_at,
            })
            .collect();
        Ok(ChamanView {
            me: ctx.me,
            sender,
            channels,
        })
    }

    async fn create_sender(
        &self,
        who: &SignedIn,
        contact: ContactPerson,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let fingerprint = serde_json::to_string(&contact).unwrap_or_default();
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, "chaman.sender", &fingerprint)
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.chaman)?; // R12
        let exists = tx
            .chaman_sender(who.enterprise_id)
            .await
            .map_err(db)?
            .is_some();
        chaman::check_sender_creation(exists)?;
        if !tx
            .insert_chaman_sender(who.enterprise_id, &contact)
            .await
            .map_err(db)?
        {
            return Err(chaman::ChamanError::SenderExists.into()); // lost a race
        }
        Self::audit(
            tx.as_mut(),
            &ctx,
            "chaman.sender",
            "sender".into(),
            None,
            Some(json!(contact)),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn add_channel(
        &self,
        who: &SignedIn,
        kind: &str,
        environment: &str,
        credential: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        // Parse first, outside the write lock; the key binds a digest, not the text.
        let kind = chaman::ChannelKind::parse(kind)?;
        let environment = chaman::Environment::parse(environment)?;
        let parsed =
            crate::chaman::parse_credential(kind, credential, crate::auth::secrets::now())?;
        let fingerprint = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(parsed.stored.as_bytes());
            format!("{}|{}|{digest:x}", kind.code(), environment.code())
        };
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, "chaman.channel_add", &fingerprint)
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.chaman)?; // R12
        let exists = tx
            .chaman_sender(who.enterprise_id)
            .await
            .map_err(db)?
            .is_some();
        let channels = tx
            .chaman_channels(who.enterprise_id)
            .await
            .map_err(db)?
            .len();
        chaman::check_channel_creation(exists, channels)?;
        let id = tx
            .insert_chaman_channel(
                who.enterprise_id,
                kind.code(),
                environment.code(),
                &parsed.stored,
                &parsed.summary,
            )
            .await
            .map_err(db)?;
        let after = json!({
            "kind": kind.code(), "environment": environment.code(), "active": false,
            "credential": parsed.summary,
        });
        Self::audit(
            tx.as_mut(),
            &ctx,
            "chaman.channel_add",
            format!("channel/{id}"),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn set_channel_active(
        &self,
        who: &SignedIn,
        channel: i64,
        active: bool,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let action = if active {
            "chaman.channel_activate"
        } else {
            "chaman.channel_deactivate"
        };
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, action, &channel.to_string())
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.chaman)?; // R12
        let current = tx
            .chaman_channels(who.enterprise_id)
            .await
            .map_err(db)?
            .into_iter()
            .find(|c| c.id == channel)
            .ok_or(chaman::ChamanError::ChannelNotFound)?;
        chaman::check_activation(current.active, active)?;
        tx.set_channel_active(who.enterprise_id, channel, active)
            .await
            .map_err(db)?;
        Self::audit(
            tx.as_mut(),
            &ctx,
            action,
            format!("channel/{channel}"),
            Some(json!({ "active": current.active })),
            Some(json!({ "active": active })),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn contact_data_view(&self, who: &SignedIn) -> Result<ContactDataView, ApiError> {
        let mut tx = self.store.read().await.map_err(db)?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.contact_data)?; // R11
        let contact = tx.contact_data(who.enterprise_id).await.map_err(db)?;
        let mut persons = tx.contact_persons(who.enterprise_id).await.map_err(db)?;
        let roles = ctx
            .groups
            .iter()
            .map(|g| {
                let p = persons
                    .iter()
                    .position(|(code, _)| *code == g.code)
                    .map(|i| persons.swap_remove(i).1);
                (g.code.clone(), p)
            })
            .collect();
        let history = tx
            .history(who.enterprise_id, "contactdata.", 50)
            .await
            .map_err(db)?
            .into_iter()
            .map(|h| HistoryItem {
                at: h.at,
                who: h.actor.unwrap_or_else(|| "—".into()),
                what: h.target,
                before: object_fields(h.before),
                after: object_fields(h.after),
            })
            .collect();
        Ok(ContactDataView {
            me: ctx.me,
            contact,
            roles,
            history,
        })
    }

    async fn save_contact_data(
        &self,
        who: &SignedIn,
        contact: EnterpriseContact,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let fingerprint = serde_json::to_string(&contact).unwrap_or_default();
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, "contactdata.address", &fingerprint)
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.contact_data)?; // R11
        let before = tx.contact_data(who.enterprise_id).await.map_err(db)?;
        if before.as_ref() == Some(&contact) {
            return tx.commit().await.map_err(db); // nothing changed, nothing to record
        }
        tx.set_contact_data(who.enterprise_id, &contact)
            .await
            .map_err(db)?;
        Self::audit(
            tx.as_mut(),
            &ctx,
            "contactdata.address",
            "address".into(),
            before.map(|b| json!(b)),
            Some(json!(contact)),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn save_contact_person(
        &self,
        who: &SignedIn,
        group: &str,
        person: ContactPerson,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let fingerprint = format!(
            "{group}|{}",
            serde_json::to_string(&person).unwrap_or_default()
        );
        let Some((mut tx, ctx)) = self
            .begin(
                who,
                idempotency_key,
                "contactdata.contact_person",
                &fingerprint,
            )
            .await?
        else {
            return Ok(());
        };
        reach(ctx.me.portal.contact_data)?; // R11
        let role = ctx.group(group)?;
        let before = tx
            .contact_persons(who.enterprise_id)
            .await
            .map_err(db)?
            .into_iter()
            .find(|(code, _)| *code == role.code)
            .map(|(_, p)| p);
        if before.as_ref() == Some(&person) {
            return tx.commit().await.map_err(db);
        }
        tx.set_contact_person(who.enterprise_id, &role.code, &person)
            .await
            .map_err(db)?;
        Self::audit(
            tx.as_mut(),
            &ctx,
            "contactdata.contact_person",
            role.code.clone(),
            before.map(|b| json!(b)),
            Some(json!(person)),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<(), ApiError> {
        let fingerprint = format!(
            "{}|{}|{}",
            cmd.group,
            cmd.national_number,
            cmd.services.join(",")
        );
        let Some((mut tx, ctx)) = self
            .begin(who, &cmd.idempotency_key, "membership.add", &fingerprint)
            .await?
        else {
            return Ok(()); // applied before: a replay
        };
        let role = ctx.group(&cmd.group)?;
        // Facts for R7, read in the same transaction as the write.
        let person = match NationalNumber::parse(&cmd.national_number) {
            Ok(nn) => tx
                .person_by_national_number(nn.digits())
                .await
                .map_err(db)?,
            Err(_) => None,
        };
        let (in_staff, member) = match &person {
            Some(p) => (
                tx.is_staff(who.enterprise_id, p.id).await.map_err(db)?,
                tx.membership(who.enterprise_id, &role.code, p.id)
                    .await
                    .map_err(db)?
                    .is_some(),
            ),
            None => (false, false),
        };
        let facts = AdditionFacts {
            actor: Some(&ctx.actor),
            in_staff_register: Some(in_staff),
            already_member: Some(member),
        };
        let input = UserAdditionInput {
            national_number: &cmd.national_number,
            services: &cmd.services,
        };
        let addition = rules::validate_user_addition(role, &input, &facts)?;
        let person = person.ok_or_else(|| ApiError::new("rule.not_in_staff_register"))?;
        tx.insert_membership(who.enterprise_id, &role.code, person.id, &addition.services)
            .await
            .map_err(db)?;
        let target = format!("{}/{}", role.code, addition.national_number.digits());
        let after = json!({ "services": addition.services, "blocked": false });
        Self::audit(
            tx.as_mut(),
            &ctx,
            "membership.add",
            target,
            None,
            Some(after),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn change_membership(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        change: MembershipChange,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let action = match change {
            MembershipChange::Block => "membership.block",
            MembershipChange::Unblock => "membership.unblock",
            MembershipChange::Delete => "membership.delete",
        };
        let fingerprint = format!("{group}|{national_number}");
        let Some(MembershipTx {
            mut tx,
            ctx,
            role,
            person,
            nn,
            record,
        }) = self
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
            return Ok(()); // applied before: a replay
        };
        let view = membership_view(&record).ok_or_else(|| ApiError::new("server.inconsistent"))?;
        let target = format!("{}/{}", role.code, nn.digits());
        let before = Some(state(&record));
        let after = match change {
            MembershipChange::Block | MembershipChange::Unblock => {
                let block = change == MembershipChange::Block;
                if block {
                    rules::check_block_in_group(&ctx.actor, &view)?;
                } else {
                    rules::check_unblock_in_group(&ctx.actor, &view)?;
                }
                tx.set_blocked(who.enterprise_id, &role.code, person, block)
                    .await
                    .map_err(db)?;
                Some(json!({ "services": record.services, "blocked": block }))
            }
            MembershipChange::Delete => {
                rules::check_delete(&ctx.actor, &view)?;
                tx.delete_membership(who.enterprise_id, &role.code, person)
                    .await
                    .map_err(db)?;
                None
            }
        };
        Self::audit(tx.as_mut(), &ctx, action, target, before, after).await?;
        tx.commit().await.map_err(db)
    }

    async fn change_everywhere(
        &self,
        who: &SignedIn,
        national_number: &str,
        change: EverywhereChange,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let (action, block) = match change {
            EverywhereChange::Block => ("user.block_all", true),
            EverywhereChange::Unblock => ("user.unblock_all", false),
        };
        let Some((mut tx, ctx)) = self
            .begin(who, idempotency_key, action, national_number)
            .await?
        else {
            return Ok(()); // applied before: a replay
        };
        let (person, nn) = Self::person_id(tx.as_mut(), national_number).await?;
        let records = tx
            .memberships_of(who.enterprise_id, person)
            .await
            .map_err(db)?;
        // R6: someone in none of the manager's groups is, for this manager, not found.
        let managed = ctx.managed();
        if !records
            .iter()
            .any(|m| managed.iter().any(|g| g.code == m.group))
        {
            return Err(ApiError::new("not_found.user"));
        }
        // Every membership is checked by the rule; one that cannot be is an error, never skipped.
        let views = records
            .iter()
            .map(membership_view)
            .collect::<Option<Vec<Membership<'static>>>>()
            .ok_or_else(|| ApiError::new("server.inconsistent"))?;
        if block {
            rules::check_block_everywhere(&ctx.actor, &views)?;
        } else {
            rules::check_unblock_everywhere(&ctx.actor, &views)?;
        }
        let before: serde_json::Map<String, serde_json::Value> = records
            .iter()
            .map(|m| (m.group.clone(), state(m)))
            .collect();
        let mut after = before.clone();
        for m in records.iter().filter(|m| m.blocked != block) {
            tx.set_blocked(who.enterprise_id, &m.group, person, block)
                .await
                .map_err(db)?;
            after.insert(
                m.group.clone(),
                json!({ "services": m.services, "blocked": block }),
            );
        }
        let target = nn.digits().to_owned();
        Self::audit(
            tx.as_mut(),
            &ctx,
            action,
            target,
            Some(before.into()),
            Some(after.into()),
        )
        .await?;
        tx.commit().await.map_err(db)
    }
}
