//! Chaman, the technical channels (R12).

use super::Me;
use serde::{Deserialize, Serialize};

/// Chaman (R12): the enterprise's sender (its one technical contact) and its channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChamanView {
    pub me: Me,
    pub sender: Option<domain::contact_data::ContactPerson>,
    pub channels: Vec<ChannelView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: i64,
    /// `ftp`, `sftp`, `soap` or `rest`.
    pub kind: String,
    /// `test` or `production`.
    pub environment: String,
    pub active: bool,
    /// What the parser found, e.g. ("Vingerafdruk", "SHA256:…").
    pub summary: Vec<(String, String)>,
    pub created_at: String,
}
