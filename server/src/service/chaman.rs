//! Chaman, the technical channels (R12): the sender with its technical contact, and its
//! channels with their keys and certificates.

use super::{reach, Toegang};
use app::api::*;
use app::port::{Chaman, SignedIn};
use domain::chaman;
use domain::contact_data::{parse_contact_person, ContactPerson};
use serde_json::json;

#[async_trait::async_trait]
impl Chaman for Toegang {
    async fn chaman_view(&self, who: &SignedIn) -> Result<ChamanView, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.chaman)?; // R12
        let sender = tx.chaman_sender(who.enterprise_id).await?;
        let channels = tx
            .chaman_channels(who.enterprise_id)
            .await?
            .into_iter()
            .map(|c| ChannelView {
                id: c.id,
                kind: c.kind.code().to_owned(),
                environment: c.environment.code().to_owned(),
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
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some((mut change, contact)) = self
            .begin_contact(who, form, idempotency_key, "chaman.sender")
            .await?
        else {
            return Ok(());
        };
        let exists = change.tx.chaman_sender(who.enterprise_id).await?.is_some();
        chaman::check_sender_creation(exists)?;
        if !change
            .tx
            .insert_chaman_sender(who.enterprise_id, &contact, self.clock.now())
            .await?
        {
            return Err(chaman::ChamanError::SenderExists.into()); // lost a race
        }
        let audit = change
            .audit("chaman.sender")
            .scope("sender")
            .target("sender")
            .after(json!(contact));
        change.commit(audit).await
    }

    async fn add_channel(
        &self,
        who: &SignedIn,
        kind: &str,
        environment: &str,
        credential: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        // Access first, then size, then parsing: who may not use Chaman learns nothing from
        // their input, and nothing large is parsed. All outside the write lock; the key
        // binds a digest, not the text.
        self.admit(who, |p| p.chaman).await?; // R12
        chaman::check_credential_size(credential)?;
        let kind = chaman::ChannelKind::parse(kind)?;
        let environment = chaman::Environment::parse(environment)?;
        let parsed = crate::chaman::parse_credential(kind, credential, self.clock.now())?;
        let fingerprint = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(parsed.stored.as_bytes());
            format!("{}|{}|{digest:x}", kind.code(), environment.code())
        };
        let Some(mut change) = self
            .begin(who, idempotency_key, "chaman.channel_add", &fingerprint)
            .await?
        else {
            return Ok(());
        };
        reach(change.ctx.me.portal.chaman)?; // R12
        let tx = change.tx.as_mut();
        let exists = tx.chaman_sender(who.enterprise_id).await?.is_some();
        let channels = tx.chaman_channels(who.enterprise_id).await?;
        chaman::check_channel_creation(exists, channels.len())?;
        chaman::check_channel_unique(
            channels
                .iter()
                .map(|c| (c.kind, c.environment, c.credential.as_str())),
            (kind, environment, parsed.stored.as_str()),
        )?;
        let id = tx
            .insert_chaman_channel(
                who.enterprise_id,
                kind,
                environment,
                &parsed.stored,
                &parsed.summary,
                self.clock.now(),
            )
            .await?;
        let audit = change
            .audit("chaman.channel_add")
            .scope(format!("channel/{id}"))
            .target(format!("channel/{id}"))
            .after(json!({
                "kind": kind.code(), "environment": environment.code(), "active": false,
                "credential": parsed.summary,
            }));
        change.commit(audit).await
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
        let Some(mut change) = self
            .begin(who, idempotency_key, action, &channel.to_string())
            .await?
        else {
            return Ok(());
        };
        reach(change.ctx.me.portal.chaman)?; // R12
        let current = change
            .tx
            .chaman_channels(who.enterprise_id)
            .await?
            .into_iter()
            .find(|c| c.id == channel)
            .ok_or(chaman::ChamanError::ChannelNotFound)?;
        chaman::check_activation(current.active, active)?;
        change
            .tx
            .set_channel_active(who.enterprise_id, channel, active)
            .await?;
        let audit = change
            .audit(action)
            .scope(format!("channel/{channel}"))
            .target(format!("channel/{channel}"))
            .before(json!({ "active": current.active }))
            .after(json!({ "active": active }));
        change.commit(audit).await
    }

    async fn remove_channel(
        &self,
        who: &SignedIn,
        channel: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some(mut change) = self
            .begin(who, idempotency_key, "chaman.channel_remove", &channel.to_string())
            .await?
        else {
            return Ok(());
        };
        reach(change.ctx.me.portal.chaman)?; // R12
        let current = change
            .tx
            .chaman_channels(who.enterprise_id)
            .await?
            .into_iter()
            .find(|c| c.id == channel)
            .ok_or(chaman::ChamanError::ChannelNotFound)?;
        chaman::check_channel_removal(current.active)?;
        change.tx.delete_chaman_channel(who.enterprise_id, channel).await?;
        let audit = change
            .audit("chaman.channel_remove")
            .scope(format!("channel/{channel}"))
            .target(format!("channel/{channel}"))
            .before(json!({
                "kind": current.kind.code(), "environment": current.environment.code(),
                "active": current.active, "credential": current.summary,
            }));
        change.commit(audit).await
    }

    async fn change_technical_contact(
        &self,
        who: &SignedIn,
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some((mut change, contact)) = self
            .begin_contact(who, form, idempotency_key, "chaman.sender_change")
            .await?
        else {
            return Ok(());
        };
        let before = change.tx.chaman_sender(who.enterprise_id).await?;
        chaman::check_contact_change(before.is_some())?;
        change
            .tx
            .update_chaman_sender(who.enterprise_id, &contact)
            .await?;
        let audit = change
            .audit("chaman.sender_change")
            .scope("sender")
            .target("sender")
            .before(json!(before))
            .after(json!(contact));
        change.commit(audit).await
    }
}

impl Toegang {
    /// A change of the technical contact (creating the sender, or changing its contact):
    /// Chaman's reach first (R12, before the input), then the contact parsed, then the
    /// write transaction with its idempotency claim (`None`: applied before).
    async fn begin_contact(
        &self,
        who: &SignedIn,
        form: &PersonForm,
        idempotency_key: &str,
        action: &str,
    ) -> Result<Option<(super::change::Change, ContactPerson)>, ApiError> {
        self.admit(who, |p| p.chaman).await?; // R12
        let contact = parse_contact_person(&form.name, &form.email, &form.phone)?;
        let fingerprint = serde_json::to_string(&contact).unwrap_or_default();
        let Some(change) = self
            .begin(who, idempotency_key, action, &fingerprint)
            .await?
        else {
            return Ok(None);
        };
        reach(change.ctx.me.portal.chaman)?; // R12
        Ok(Some((change, contact)))
    }
}
