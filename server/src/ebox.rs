//! e-Box Enterprise, the sending side and the periodic jobs (R13): institutions publish
//! documents into an enterprise's e-Box ([`publish`], used by the operator command line),
//! expired documents are removed ([`remove_expired`]), and once a day at most the
//! enterprise's general e-mail address (ContactData) hears that new documents arrived,
//! without their content ([`notify`]).

use crate::store::{AuditEntry, Store, StoreError};
use domain::ebox::{EboxError, Publication};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("enterprise {0} is not registered")]
    UnknownEnterprise(String),
    #[error("{0}")]
    Refused(#[from] EboxError),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

/// Publishes a checked document into the e-Box of the enterprise with this number, in one
/// transaction with its audit row. Returns the document's id.
pub async fn publish(
    store: &dyn Store,
    enterprise_number: &str,
    p: &Publication,
    now: i64,
) -> Result<i64, PublishError> {
    let number = domain::EnterpriseNumber::parse(enterprise_number)
        .map_err(|_| PublishError::UnknownEnterprise(enterprise_number.to_owned()))?;
    let mut tx = store.write().await?;
    let e = tx
        .enterprise_by_number(number.digits())
        .await?
        .ok_or_else(|| PublishError::UnknownEnterprise(number.to_string()))?;
    let id = tx.insert_document(e.id, p, now).await?;
    tx.audit(&AuditEntry {
        enterprise_id: e.id,
        actor_id: None,
        action: "ebox.publish".into(),
        target: format!("document/{id}"),
        before: None,
        after: Some(serde_json::json!({
            "sender": p.sender, "service": p.service, "type": p.doc_type.code,
            "task": p.is_task, "title": p.title, "attachments": p.attachments.len(),
        })),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes the documents whose retention period has ended (the periodic job), with one
/// audit row per enterprise (R14). Returns how many were removed.
pub async fn remove_expired(store: &dyn Store, now: i64) -> Result<u64, StoreError> {
    let mut tx = store.write().await?;
    let mut total = 0;
    for (enterprise, n) in tx.delete_expired_documents(now).await? {
        tx.audit(&AuditEntry {
            enterprise_id: enterprise,
            actor_id: None,
            action: "ebox.expire".into(),
            target: "documents".into(),
            before: Some(serde_json::json!({ "documents": n })),
            after: None,
        })
        .await?;
        total += n;
    }
    tx.commit().await?;
    Ok(total)
}

/// The daily notification: every enterprise with documents newer than the last one it was
/// told about, told last a day or more ago, gets one e-mail at its general address
/// (ContactData) that says how many, never what. Without an address nothing is marked as
/// told, so the first e-mail after one is set tells them all. Returns the e-mails queued.
pub async fn notify(store: &dyn Store, now: i64) -> Result<usize, StoreError> {
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
        let number = domain::EnterpriseNumber::parse(&e.number)
            .map(|n| n.to_string())
            .unwrap_or(e.number.clone());
        let (verb, noun, them) = if count == 1 {
            ("is", "document", "het")
        } else {
            ("zijn", "documenten", "ze")
        };
        let body = format!(
            "Beste,\n\nEr {verb} {count} nieuwe {noun} in de e-Box van {} ({number}).\n\
             Meld u aan bij Toegangsbeheer om {them} te lezen.",
            e.name
        );
        crate::outbox::email(
            tx.as_mut(),
            &contact.email,
            "Nieuwe documenten in uw e-Box",
            &body,
        )
        .await?;
        tx.set_notified(enterprise, now, newest).await?;
        sent += 1;
    }
    tx.commit().await?;
    Ok(sent)
}

/// `GET /ebox/{document}/bijlagen/{attachment}`: downloads an attachment (R13 checked by
/// the service), always as a download, never shown inline.
pub async fn download(
    toegang: std::sync::Arc<crate::service::Toegang>,
    axum::extract::Path((document, attachment)): axum::extract::Path<(i64, i64)>,
    who: Option<axum::Extension<app::backend::SignedIn>>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Some(axum::Extension(who)) = who else {
        return axum::response::Redirect::to("/aanmelden").into_response();
    };
    match toegang.attachment(&who, document, attachment).await {
        Ok((name, content_type, bytes)) => {
            // RFC 6266: an ASCII fallback and the exact name in UTF-8.
            let ascii: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let disposition =
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND);
            (
                status,
                app::i18n::message(
                    e.problems.first().map(|p| p.code.as_str()).unwrap_or(""),
                    "nl",
                ),
            )
                .into_response()
        }
    }
}
