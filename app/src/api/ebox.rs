//! e-Box Enterprise (R13).

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

#[server(endpoint = "ebox")]
pub async fn load_ebox(
    #[server(default)] service: String,
    #[server(default)] doc_type: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    page: u32,
) -> Result<EboxList, ApiError> {
    backend()?
        .ebox_view(&signed_in()?, (service, doc_type, from, until), page)
        .await
}

#[server(endpoint = "ebox_document")]
pub async fn load_ebox_document(id: i64) -> Result<EboxDocument, ApiError> {
    backend()?.ebox_document(&signed_in()?, id).await
}

/// Marks an e-Box document read for the signed-in person.
#[server(endpoint = "ebox_read")]
pub async fn mark_document_read(document: i64) -> Result<(), ApiError> {
    backend()?
        .mark_document_read(&signed_in()?, document)
        .await
}

/// Marks an e-Box task done.
#[server(endpoint = "complete_task", client = crate::offline::client::QueueingClient)]
pub async fn complete_task(document: i64, idempotency_key: String) -> Result<crate::lang::Flash, ApiError> {
    backend()?
        .complete_task(&signed_in()?, document, &idempotency_key)
        .await?;
    Ok(crate::api::contact_data::done("task_done", "", ""))
}
