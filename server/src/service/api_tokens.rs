//! API tokens of the management API (docs/api.md), "API-sleutels": a manager makes a
//! token for their own scope, sees it once, and it acts as them (the same rules, keys and
//! audit rows as the pages) until it expires, is revoked, or their mandates change
//! (`domain::api_token`). Only the token's SHA-256 is stored.

use super::decisions::{token_hash, token_with_prefix};
use super::Toegang;
use crate::clock;
use crate::store::ApiToken;
use app::api::*;
use app::port::{ApiTokens, SignedIn};
use domain::api_token::{self, ApiTokenError, TokenName, TokenState};
use domain::{Mandate, Mandates};
use serde_json::json;
use std::collections::HashMap;

/// What every API token starts with (a secret scanner can recognise it).
pub const TOKEN_PREFIX: &str = "tga_";

fn state(t: &ApiToken) -> TokenState<'_> {
    TokenState {
        recorded_scope: &t.scope,
        expires_at: t.expires_at,
        revoked: t.revoked_at.is_some(),
    }
}

/// A token's state in one word, as its page shows it.
fn status(t: &ApiToken, creator_now: &Mandates, now: i64) -> &'static str {
    match api_token::check_token_use(&state(t), creator_now, now) {
        Ok(()) => "active",
        Err(ApiTokenError::Revoked) => "revoked",
        Err(ApiTokenError::Expired) => "expired",
        Err(_) => "scope_changed",
    }
}

fn is_head(m: &Mandates) -> bool {
    m.iter()
        .any(|m| matches!(m, Mandate::MainAccessManager | Mandate::CoMainAccessManager))
}

#[async_trait::async_trait]
impl ApiTokens for Toegang {
    async fn api_tokens_view(&self, who: &SignedIn) -> Result<ApiTokensView, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let mine = &ctx.actor.mandates;
        if !mine.is_manager() {
            return Err(domain::RuleError::NotAManager.into());
        }
        let owner = (!is_head(mine)).then_some(who.person_id);
        let stored = tx.api_tokens(who.enterprise_id, owner).await?;
        let mut creators: HashMap<i64, Mandates> = HashMap::new();
        for t in &stored {
            if !creators.contains_key(&t.person_id) {
                let m = tx.mandates(who.enterprise_id, t.person_id).await?;
                creators.insert(t.person_id, m);
            }
        }
        let now = self.clock.now();
        let tokens = stored
            .iter()
            .map(|t| ApiTokenRow {
                id: t.id,
                name: t.name.clone(),
                owner: t.person_name.clone(),
                owner_is_me: t.person_id == who.person_id,
                created: clock::moment(t.created_at),
                expires: clock::moment(t.expires_at),
                last_used: t.last_used_at.map(clock::moment),
                status: status(t, &creators[&t.person_id], now).to_owned(),
                may_revoke: t.revoked_at.is_none()
                    && api_token::may_revoke_token(mine, who.person_id, t.person_id).is_ok(),
            })
            .collect();
        Ok(ApiTokensView { me: ctx.me, tokens })
    }

    async fn create_api_token(
        &self,
        who: &SignedIn,
        name: &str,
        lifetime_days: &str,
        idempotency_key: &str,
    ) -> Result<NewApiToken, ApiError> {
        let fingerprint = format!("{name}|{lifetime_days}");
        let Some(mut change) = self
            .begin(who, idempotency_key, "token.create", &fingerprint)
            .await?
        else {
            // Made by the first submission and shown in its answer; never again.
            return Err(ApiError::conflict("token.shown_once"));
        };
        let (name, days) = match (
            TokenName::parse(name),
            api_token::parse_lifetime(lifetime_days),
        ) {
            (Ok(n), Ok(d)) => (n, d),
            (n, d) => {
                let errors: Vec<ApiTokenError> =
                    [n.err(), d.err()].into_iter().flatten().collect();
                return Err(errors.into());
            }
        };
        let mandates = change.ctx.actor.mandates.clone();
        let now = change.now;
        let active = change
            .tx
            .api_tokens(who.enterprise_id, Some(who.person_id))
            .await?
            .iter()
            .filter(|t| status(t, &mandates, now) == "active")
            .count();
        api_token::may_create_token(&mandates, active)?;
        let token = token_with_prefix(TOKEN_PREFIX);
        let scope = api_token::scope_of(&mandates);
        let expires_at = now + i64::from(days) * 86_400;
        let id = change
            .tx
            .insert_api_token(
                who.enterprise_id,
                who.person_id,
                name.as_str(),
                &token_hash(&token),
                &scope,
                now,
                expires_at,
            )
            .await?;
        let audit = change
            .audit("token.create")
            .subject(who.person_id)
            .target(format!("token/{id}"))
            .after(json!({
                "name": name.as_str(),
                "expires": clock::moment(expires_at),
                "mandates": scope,
            }));
        change.commit(audit).await?;
        Ok(NewApiToken {
            id,
            name: name.as_str().to_owned(),
            token,
            expires: clock::moment(expires_at),
        })
    }

    async fn revoke_api_token(
        &self,
        who: &SignedIn,
        token: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some(mut change) = self
            .begin(who, idempotency_key, "token.revoke", &token.to_string())
            .await?
        else {
            return Ok(());
        };
        let stored = change
            .tx
            .api_token(who.enterprise_id, token)
            .await?
            .ok_or_else(|| ApiError::not_found("not_found.token"))?;
        api_token::may_revoke_token(&change.ctx.actor.mandates, who.person_id, stored.person_id)?;
        if !change.tx.revoke_api_token(token, who.person_id, change.now).await? {
            return change.commit_unchanged().await;
        }
        let audit = change
            .audit("token.revoke")
            .subject(stored.person_id)
            .target(format!("token/{token}"))
            .before(json!({ "name": stored.name, "revoked": false }))
            .after(json!({ "name": stored.name, "revoked": true }));
        change.commit(audit).await
    }
}

impl Toegang {
    /// The person an API token acts as (docs/api.md), checked at every use: an unknown token is
    /// `token.unknown`; a revoked or expired one, or one whose creator's mandates changed,
    /// is refused with its reason. The answer names the token, so that a change made with
    /// it names it in its audit row. Notes the use (at most once a minute).
    pub async fn api_token_user(&self, token: &str) -> Result<SignedIn, ApiError> {
        let unknown = || ApiError::unauthenticated("token.unknown");
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 100 {
            return Err(unknown());
        }
        let mut tx = self.store.read().await?;
        let stored = tx
            .api_token_by_hash(&token_hash(token))
            .await?
            .ok_or_else(unknown)?;
        let mandates = tx.mandates(stored.enterprise_id, stored.person_id).await?;
        drop(tx);
        let now = self.clock.now();
        api_token::check_token_use(&state(&stored), &mandates, now)?;
        if stored.last_used_at.is_none_or(|at| now - at >= 60) {
            let mut tx = self.store.write_in(stored.enterprise_id).await?;
            tx.touch_api_token(stored.id, now).await?;
            tx.commit().await?;
        }
        Ok(SignedIn {
            person_id: stored.person_id,
            enterprise_id: stored.enterprise_id,
            api_token: Some(stored.id),
        })
    }
}
