//! The scheduled jobs as service operations, run every hour by the server (tests call
//! them with a clock of their choosing): forgetting what is no longer needed, the
//! e-Box's retention and its daily notification (R13).

use super::Toegang;
use crate::store::prelude::*;
use crate::store::{AuditEntry, StoreError};

impl Toegang {
    /// One round of housekeeping, now: see [`run_hourly`].
    pub async fn run_hourly(&self) -> Result<(), StoreError> {
        run_hourly(self.store.as_ref(), self.clock.now()).await?;
        self.remove_expired_audit().await.map(|_| ())
    }

    /// The audit log's retention, now: see [`expire_audit`].
    pub async fn remove_expired_audit(&self) -> Result<u64, StoreError> {
        expire_audit(self.store.as_ref(), self.clock.now(), self.retention).await
    }

    /// The e-Box's retention job, now: see [`remove_expired`].
    pub async fn remove_expired_documents(&self) -> Result<u64, StoreError> {
        remove_expired(self.store.as_ref(), self.clock.now()).await
    }

    /// The e-Box's daily notification, now: see [`notify`].
    pub async fn notify_new_documents(&self) -> Result<usize, StoreError> {
        notify(self.store.as_ref(), self.clock.now()).await
    }
}

/// One round of housekeeping at `now` (unix seconds): idempotency keys older than
/// `domain::IDEMPOTENCY_KEY_DAYS` (a queued change may wait a week), sent messages older than a temporary password lives (30 days), unsent messages
/// whose secret expired (the password they carry is no longer valid), failed sign-ins
/// below a lock and older than a day (typed usernames are not kept for ever), e-Box
/// documents past their retention, and the daily notification.
async fn run_hourly(store: &dyn Store, now: i64) -> Result<(), StoreError> {
    const DAY: i64 = 24 * 3600;
    let mut tx = store.write().await?;
    let keys = tx
        .purge_keys(now - domain::IDEMPOTENCY_KEY_DAYS * DAY)
        .await?;
    tx.purge_outbox(now - domain::signin::TEMPORARY_PASSWORD_DAYS * DAY)
        .await?;
    let expired = tx.purge_expired_secrets(now).await?;
    if expired > 0 {
        tracing::warn!(expired, "undelivered temporary passwords expired and were purged");
    }
    // Counts that locked are kept (domain::signin::failures_forgettable).
    tx.purge_sign_in_failures(now - DAY, domain::signin::LOCK_AFTER)
        .await?;
    tx.commit().await?;
    if keys > 0 {
        tracing::info!(keys, "idempotency keys purged");
    }
    remove_expired(store, now).await?;
    notify(store, now).await?;
    Ok(())
}

/// Retention of the audit log (R14): removes changes and sign-in records older than their
/// periods and records, in each enterprise that lost rows, what was removed and up to when.
/// Returns how many rows were removed.
async fn expire_audit(
    store: &dyn Store,
    now: i64,
    retention: domain::audit::Retention,
) -> Result<u64, StoreError> {
    let mut tx = store.write().await?;
    let mut total = 0;
    for (kind, days) in [("change", retention.changes), ("signin", retention.sign_ins)] {
        let before = crate::clock::timestamp(domain::audit::retention_cutoff(now, days));
        for (enterprise, n) in tx.remove_expired_audit(kind, &before).await? {
            let audit = AuditEntry::new(enterprise, "audit.retention", now)
                .target(kind)
                .before(serde_json::json!({ "rows": n, "older_than": before, "days": days }));
            tx.audit(&audit).await?;
            total += n;
        }
    }
    tx.commit().await?;
    if total > 0 {
        tracing::info!(total, "audit rows past their retention removed");
    }
    Ok(total)
}

/// Removes the documents whose retention period has ended (the periodic job), with one
/// audit row per enterprise (R14). Returns how many were removed.
async fn remove_expired(store: &dyn Store, now: i64) -> Result<u64, StoreError> {
    let mut tx = store.write().await?;
    let mut total = 0;
    for (enterprise, n) in tx.delete_expired_documents(now).await? {
        let audit = AuditEntry::new(enterprise, "ebox.expire", now)
            .target("documents")
            .before(serde_json::json!({ "documents": n }));
        tx.audit(&audit).await?;
        total += n;
    }
    tx.commit().await?;
    Ok(total)
}

/// The daily notification: every enterprise with documents newer than the last one it was
/// told about, told last a day or more ago, gets one e-mail at its general address
/// (ContactData) that says how many, never what. Without an address nothing is marked as
/// told, so the first e-mail after one is set tells them all. Returns the e-mails queued.
async fn notify(store: &dyn Store, now: i64) -> Result<usize, StoreError> {
    let mut tx = store.write().await?;
    let mut sent = 0;
    for (enterprise, count, newest) in tx.enterprises_to_notify(now - 86_400).await? {
        let Some(e) = tx.enterprise(enterprise).await? else {
            continue;
        };
        let Some(contact) = tx.contact_data(enterprise).await? else {
            tracing::info!(enterprise = %e.number, "new e-Box documents, but no ContactData e-mail address to tell");
            continue;
        };
        // In the language chosen in ContactData.
        let language = app::lang::parse(&contact.language).unwrap_or_default();
        let (subject, body) = app::lang::ebox_notification(
            language,
            count as u64,
            &e.name,
            &e.number.to_string(),
        );
        crate::outbox::email(tx.as_mut(), &contact.email, &subject, &body, now).await?;
        tx.set_notified(enterprise, now, newest).await?;
        sent += 1;
    }
    tx.commit().await?;
    Ok(sent)
}
