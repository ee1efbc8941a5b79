//! The Logboek (R14): the audit log of the reader's scope.

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

/// One page of the Logboek: rows older than `before` (none: the newest).
#[server(endpoint = "logbook")]
pub async fn load_logbook(
    filter: LogbookFilter,
    #[server(default)] before: Option<i64>,
) -> Result<LogbookData, ApiError> {
    backend()?.logbook_view(&signed_in()?, filter, before).await
}
