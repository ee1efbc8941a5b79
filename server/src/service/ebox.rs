//! e-Box Enterprise (R13), the reading side: the list with filters and unread markers,
//! opening a document, reading it (a POST, audited once), attachments, and marking a task
//! done.

use super::{reach, Toegang};
use crate::clock::day;
use crate::store::prelude::*;
use crate::store::DocumentRecord;
use app::api::*;
use app::port::{Ebox, SignedIn};
use domain::ebox;
use serde_json::json;

fn document_summary(d: &DocumentRecord, now: i64) -> DocumentSummary {
    let expires_in_days = match ebox::retention_until(d.expires_at, now) {
        ebox::Retention::NearExpiry { days_left } => Some(days_left),
        ebox::Retention::Expired | ebox::Retention::Kept => None,
    };
    DocumentSummary {
        id: d.id,
        sender: d.sender.clone(),
        service: d.service.clone(),
        doc_type: d.doc_type.code.to_owned(),
        is_task: d.is_task,
        title: d.title.clone(),
        published: day(d.published_at),
        unread: !d.read,
        done: d.done_at.is_some(),
        expires_in_days,
        attachments: d.attachments.len(),
    }
}

impl Toegang {
    /// An e-Box attachment (R13): name, content type and bytes, for a download.
    pub async fn attachment(
        &self,
        who: &SignedIn,
        document: i64,
        attachment: i64,
    ) -> Result<(String, String, Vec<u8>), ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        tx.attachment(who.enterprise_id, document, attachment)
            .await?
            .ok_or_else(|| ebox::EboxError::NotFound.into())
    }
}

impl Toegang {
    /// A document of the enterprise this person may read now (R13): not past its
    /// retention, even before the job removes it.
    async fn readable_document(
        &self,
        tx: &mut dyn Tx,
        who: &SignedIn,
        id: i64,
        now: i64,
    ) -> Result<(super::Context, DocumentRecord), ApiError> {
        let ctx = self.context(tx, who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        let d = tx
            .document(who.enterprise_id, who.person_id, id)
            .await?
            .ok_or(ebox::EboxError::NotFound)?;
        if ebox::retention_until(d.expires_at, now) == ebox::Retention::Expired {
            return Err(ebox::EboxError::NotFound.into());
        }
        Ok((ctx, d))
    }
}

#[async_trait::async_trait]
impl Ebox for Toegang {
    async fn ebox_view(
        &self,
        who: &SignedIn,
        filter: (String, String, String, String),
        page: u32,
    ) -> Result<EboxList, ApiError> {
        let mut tx = self.store.read().await?;
        let ctx = self.context(tx.as_mut(), who).await?;
        reach(ctx.me.portal.ebox)?; // R13
        let f = ebox::parse_filter(&filter.0, &filter.1, &filter.2, &filter.3)?;
        let now = self.clock.now();
        let (rows, total, page) = paged!(page, |offset, limit| tx.documents(
            who.enterprise_id,
            who.person_id,
            now,
            &f,
            offset,
            limit
        ));
        Ok(EboxList {
            me: ctx.me,
            documents: Page {
                items: rows.iter().map(|d| document_summary(d, now)).collect(),
                total,
                page,
                per_page: super::PER_PAGE,
            },
            filter,
        })
    }

    async fn ebox_document(&self, who: &SignedIn, id: i64) -> Result<EboxDocument, ApiError> {
        let now = self.clock.now();
        let mut tx = self.store.read().await?;
        let (ctx, d) = self.readable_document(tx.as_mut(), who, id, now).await?;
        let summary = document_summary(&d, now);
        Ok(EboxDocument {
            me: ctx.me,
            summary,
            body: d.body,
            expires: day(d.expires_at),
            done: d.done_at.map(|at| (day(at), d.done_by.unwrap_or_default())),
            attachments: d.attachments,
        })
    }

    async fn mark_document_read(&self, who: &SignedIn, id: i64) -> Result<(), ApiError> {
        let now = self.clock.now();
        let mut tx = self.store.write_in(who.enterprise_id).await?;
        let (_, d) = self.readable_document(tx.as_mut(), who, id, now).await?;
        if d.read {
            return Ok(()); // read before: nothing changes
        }
        tx.mark_read(d.id, who.person_id, now).await?;
        // The first reading is a receipt: who read it, when.
        let audit = crate::store::AuditEntry::new(who.enterprise_id, "ebox.read", now)
            .by(who.person_id)
            .scope(format!("document/{}", d.id))
            .target(format!("document/{}", d.id));
        tx.audit(&audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn complete_task(
        &self,
        who: &SignedIn,
        document: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError> {
        let Some(mut change) = self
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
        reach(change.ctx.me.portal.ebox)?; // R13
        let d = change
            .tx
            .document(who.enterprise_id, who.person_id, document)
            .await?
            .ok_or(ebox::EboxError::NotFound)?;
        ebox::check_task_completion(d.is_task, d.done_at.is_some())?;
        change
            .tx
            .complete_task(d.id, who.person_id, self.clock.now())
            .await?;
        let audit = change
            .audit("ebox.task_done")
            .scope(format!("document/{}", d.id))
            .target(format!("document/{}", d.id))
            .before(json!({ "done": false }))
            .after(json!({ "done": true }));
        change.commit(audit).await
    }
}
