//! API tokens of the management API (docs/api.md): "API-sleutels".

use super::Me;
use serde::{Deserialize, Serialize};

/// One token as its page lists it (never the token itself: only its hash is kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    /// Its creator, as whom it acts.
    pub owner: String,
    pub owner_is_me: bool,
    /// Brussels time, `YYYY-MM-DD HH:MM`.
    pub created: String,
    pub expires: String,
    pub last_used: Option<String>,
    /// `active`, `expired`, `revoked` or `scope_changed` (its creator's mandates changed).
    pub status: String,
    /// Whether the reader may revoke it (`domain::api_token::may_revoke_token`).
    pub may_revoke: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensView {
    pub me: Me,
    /// The reader's tokens; for the main and co-main access managers, the enterprise's.
    pub tokens: Vec<ApiTokenRow>,
}

/// A token just made: the only moment its value is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub id: i64,
    pub name: String,
    pub token: String,
    pub expires: String,
}
