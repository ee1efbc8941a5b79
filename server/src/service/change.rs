//! Beginning a change, the same for every write: the write transaction (it takes the
//! write lock at once, so what the rules read cannot change before the write), the
//! request's context, and the claim of the submission's idempotency key.

use super::{Context, Toegang};
use crate::store::prelude::*;
use crate::store::{AuditEntry, KeyClaim};
use app::api::ApiError;
use app::port::SignedIn;

/// An open change: its transaction and the request's context.
pub(super) struct Change {
    pub tx: Box<dyn Tx>,
    pub ctx: Context,
    /// When the change happens (unix seconds): one time for all it writes.
    pub now: i64,
}

impl Change {
    /// An audit row of this change (R14): by the signed-in person, in their enterprise.
    pub fn audit(&self, action: &str) -> AuditEntry {
        AuditEntry::new(self.ctx.who.enterprise_id, action, self.now)
            .by(self.ctx.who.person_id)
            .via(self.ctx.who.api_token)
    }

    /// Writes the audit row and commits.
    pub async fn commit(mut self, audit: AuditEntry) -> Result<(), ApiError> {
        self.tx.audit(&audit).await?;
        Ok(self.tx.commit().await?)
    }

    /// Commits without an audit row: the change changed nothing.
    pub async fn commit_unchanged(self) -> Result<(), ApiError> {
        Ok(self.tx.commit().await?)
    }
}

/// An idempotency key as forms send it: `{enterprise}.{random}`, 1 to 128 visible ASCII
/// characters, naming the enterprise the form was made for. A form made for another
/// enterprise than the session's (the person switched in another tab) is refused with
/// `request.other_enterprise`: a change is never applied to an enterprise it was not
/// made for. Keys are thereby per person and enterprise.
fn check_key(key: &str, enterprise: i64) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::invalid("request.malformed"));
    }
    match key.split_once('.').map(|(e, _)| e.parse::<i64>()) {
        Some(Ok(e)) if e == enterprise => Ok(()),
        Some(Ok(_)) => Err(ApiError::conflict("request.other_enterprise")),
        _ => Err(ApiError::invalid("request.malformed")),
    }
}

impl Toegang {
    /// Opens the write transaction of a change: loads the context and claims the
    /// submission's idempotency key. `None`: this submission was applied before.
    ///
    /// The key belongs to the person, the action and the input's `fingerprint`: the same
    /// key with other input (a reused form) is refused, not silently ignored.
    pub(super) async fn begin(
        &self,
        who: &SignedIn,
        key: &str,
        action: &str,
        fingerprint: &str,
    ) -> Result<Option<Change>, ApiError> {
        check_key(key, who.enterprise_id)?;
        let mut tx = self.store.write_in(who.enterprise_id).await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        let now = self.clock.now();
        match tx
            .claim_key(key, who.person_id, action, fingerprint, now)
            .await?
        {
            KeyClaim::New => Ok(Some(Change { tx, ctx, now })),
            KeyClaim::Replay => Ok(None),
            KeyClaim::Conflict => Err(ApiError::conflict("request.replayed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_key;

    #[test]
    fn a_key_names_the_enterprise_its_form_was_made_for() {
        assert!(check_key("7.0123abcd", 7).is_ok());
        let other = check_key("8.0123abcd", 7).unwrap_err();
        assert!(other.has("request.other_enterprise"));
        for bad in ["", "0123abcd", "x.0123", &"7.".repeat(70), "7.a b"] {
            assert!(check_key(bad, 7).unwrap_err().has("request.malformed"), "{bad}");
        }
    }
}
