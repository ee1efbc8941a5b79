//! "Gebruikers": the users of the groups one manages, one user across those groups, and
//! blocking, unblocking (R8) or deleting (R9) a user in every group.

use super::memberships::{row, rule_view, state};
use super::Toegang;
use crate::store::MemberRecord;
use app::api::*;
use app::port::{SignedIn, Users};
use domain::rules;
use domain::Catalogue;
use serde_json::json;

/// R6: a person in none of the manager's groups is, for this manager, not found.
fn check_visible(ctx: &super::Context, records: &[MemberRecord]) -> Result<(), ApiError> {
    let cat = Catalogue::get();
    let groups = records.iter().filter_map(|m| cat.role(&m.group));
    Ok(rules::check_user_visible(&ctx.actor.mandates, groups)?)
}

#[async_trait::async_trait]
impl Users for Toegang {
    async fn users_view(
        &self,
        who: &SignedIn,
        query: &str,
        page: u32,
    ) -> Result<UsersData, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let groups: Vec<String> = ctx.managed().iter().map(|g| g.code.clone()).collect();
        let query = query.chars().take(100).collect::<String>();
        let (items, total, page) = paged!(page, |offset, limit| tx.search_users(
            who.enterprise_id,
            &groups,
            &query,
            offset,
            limit
        ));
        let items = items
            .into_iter()
            .map(|u| UserRow {
                national_number: u
                    .national_number
                    .map(|n| n.digits().to_owned())
                    .unwrap_or_default(),
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
                per_page: super::PER_PAGE,
            },
            query,
        })
    }

    async fn user_view(&self, who: &SignedIn, national_number: &str) -> Result<UserData, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let (person, nn) = self.person_id(tx.as_mut(), who.enterprise_id, national_number).await?;
        let all = tx.memberships_of(who.enterprise_id, person).await?;
        check_visible(&ctx, &all)?;
        let access = super::decisions::explain_access(tx.as_mut(), &ctx, person, &all).await?;
        let views = all.iter().map(rule_view).collect::<Result<Vec<_>, _>>()?;
        let decided = |r: Result<(), domain::RuleError>| r.map_err(|e| domain::Coded::code(&e).to_owned());
        let everywhere = Everywhere {
            block: decided(rules::check_block_everywhere(&ctx.actor, &views)),
            unblock: decided(rules::check_unblock_everywhere(&ctx.actor, &views)),
            delete: decided(rules::check_delete_everywhere(&ctx.actor, &views)),
        };
        let managed = ctx.managed();
        let total = all.len() as u64;
        // A manager sees only the memberships of the groups it manages (R6).
        let mine: Vec<MemberRecord> = all
            .into_iter()
            .filter(|m| managed.iter().any(|g| g.code == m.group))
            .collect();
        let first = mine.first().ok_or(domain::RuleError::UserNotFound)?;
        let mandates = tx.mandates(who.enterprise_id, person).await?.0;
        let adds = tx.latest_about(who.enterprise_id, person, "membership.add", 100).await?;
        let added = mine
            .iter()
            .filter_map(|m| {
                let (_, at, by) = adds.iter().find(|(scope, _, _)| *scope == m.group)?;
                Some(Added { group: m.group.clone(), at: at.clone(), by: by.clone() })
            })
            .collect();
        let last_sign_in = tx
            .latest_about(who.enterprise_id, person, "signin.success", 1)
            .await?
            .into_iter()
            .next()
            .map(|(_, at, _)| at);
        let addable = ctx
            .groups_in_catalogue_order()
            .filter(|r| managed.iter().any(|g| g.code == r.code))
            .filter(|r| !mine.iter().any(|m| m.group == r.code))
            .map(|r| r.code.clone())
            .collect();
        Ok(UserData {
            me: ctx.me,
            national_number: nn.digits().to_owned(),
            name: first.name.clone(),
            is_main_access_manager: first.is_main_access_manager,
            other_groups: total - mine.len() as u64,
            memberships: mine.into_iter().map(row).collect(),
            access,
            everywhere,
            mandates,
            added,
            last_sign_in,
            addable,
        })
    }

    async fn change_everywhere(
        &self,
        who: &SignedIn,
        national_number: &str,
        what: EverywhereChange,
        idempotency_key: &str,
    ) -> Result<String, ApiError> {
        let action = match what {
            EverywhereChange::Block => "user.block_all",
            EverywhereChange::Unblock => "user.unblock_all",
            EverywhereChange::Delete => "user.delete_all",
        };
        let Some(mut change) = self
            .begin(who, idempotency_key, action, national_number)
            .await?
        else {
            return Ok(String::new()); // applied before: a replay
        };
        let (person, nn) = self.person_id(change.tx.as_mut(), who.enterprise_id, national_number).await?;
        let records = change.tx.memberships_of(who.enterprise_id, person).await?;
        check_visible(&change.ctx, &records)?;
        let views = records
            .iter()
            .map(rule_view)
            .collect::<Result<Vec<_>, _>>()?;
        match what {
            EverywhereChange::Block => rules::check_block_everywhere(&change.ctx.actor, &views)?,
            EverywhereChange::Unblock => rules::check_unblock_everywhere(&change.ctx.actor, &views)?,
            EverywhereChange::Delete => rules::check_delete_everywhere(&change.ctx.actor, &views)?,
        }
        let before: serde_json::Map<String, serde_json::Value> = records
            .iter()
            .map(|m| (m.group.clone(), state(m)))
            .collect();
        let mut after = before.clone();
        for m in &records {
            if what == EverywhereChange::Delete {
                change
                    .tx
                    .delete_membership(who.enterprise_id, &m.group, person)
                    .await?;
                after.remove(&m.group);
                continue;
            }
            let block = what == EverywhereChange::Block;
            if m.blocked == block {
                continue;
            }
            change
                .tx
                .set_blocked(who.enterprise_id, &m.group, person, block)
                .await?;
            after.insert(
                m.group.clone(),
                json!({ "services": m.services, "blocked": block }),
            );
        }
        let audit = change
            .audit(action)
            .subject(person)
            .target(nn.digits())
            .before(before.into())
            .after(after.into());
        change.commit(audit).await?;
        Ok(records[0].name.clone())
    }
}
