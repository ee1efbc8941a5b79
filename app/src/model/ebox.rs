//! e-Box Enterprise (R13).

use super::{Me, Page};
use serde::{Deserialize, Serialize};

/// e-Box Enterprise (R13): one page of the enterprise's documents, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EboxList {
    pub me: Me,
    pub documents: Page<DocumentSummary>,
    /// The filters in force, as given: (service, type, from, until).
    pub filter: (String, String, String, String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub sender: String,
    pub service: String,
    pub doc_type: String,
    pub is_task: bool,
    pub title: String,
    /// `YYYY-MM-DD`
    pub published: String,
    /// Not yet opened by the signed-in person.
    pub unread: bool,
    pub done: bool,
    /// Days left when the document is near the end of its retention period.
    pub expires_in_days: Option<i64>,
    pub attachments: usize,
}

/// One document, opened (which marks it read for the signed-in person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EboxDocument {
    pub me: Me,
    pub summary: DocumentSummary,
    pub body: String,
    /// `YYYY-MM-DD`: removed from the e-Box that day.
    pub expires: String,
    /// (`YYYY-MM-DD`, who) when the task was marked done.
    pub done: Option<(String, String)>,
    /// (id, name, content type, size in bytes)
    pub attachments: Vec<(i64, String, String, i64)>,
}
