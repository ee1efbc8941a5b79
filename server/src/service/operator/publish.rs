//! Publishing into an enterprise's e-Box (R13), as an institution: a checked document,
//! in one transaction with its audit row.

use super::{audit, enterprise, OperatorError};
use crate::service::Toegang;
use domain::ebox::Publication;

impl Toegang {
    /// Publishes into the e-Box of the enterprise with this number; returns the
    /// document's id.
    pub async fn publish(
        &self,
        enterprise_number: &str,
        p: &Publication,
    ) -> Result<i64, OperatorError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let (e, _, _) = enterprise(tx.as_mut(), enterprise_number).await?;
        let id = tx.insert_document(e, p, now).await?;
        let row = audit(e, "ebox.publish", now)
            .scope(format!("document/{id}"))
            .target(format!("document/{id}"))
            .after(serde_json::json!({
                "sender": p.sender, "service": p.service, "type": p.doc_type.code,
                "task": p.is_task, "title": p.title, "attachments": p.attachments.len(),
            }));
        tx.audit(&row).await?;
        tx.commit().await?;
        Ok(id)
    }
}
