//! The Logboek (R14 read back): the audit rows of the reader's scope, filtered.

use serde::{Deserialize, Serialize};

/// The Logboek's filters, as typed (empty: all). The same in the page's address, its
/// server function and its CSV export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogbookFilter {
    /// Who acted: a name or a national number.
    pub actor: String,
    /// On whom: a name or a national number.
    pub person: String,
    /// A group (or domain) code.
    pub group: String,
    /// A kind of act (`domain::audit::AUDIT_KINDS`).
    pub kind: String,
    /// Inclusive days, `YYYY-MM-DD`, Brussels time.
    pub from: String,
    pub until: String,
}

impl LogbookFilter {
    /// The filter as an address's query (`door=…&persoon=…`), for links and the export.
    pub fn query(&self) -> String {
        let enc = crate::components::encode;
        format!(
            "door={}&persoon={}&groep={}&soort={}&van={}&tot={}",
            enc(&self.actor),
            enc(&self.person),
            enc(&self.group),
            enc(&self.kind),
            enc(&self.from),
            enc(&self.until)
        )
    }
}

/// One audit row as the Logboek shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    /// Brussels time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// `None`: the system or the operator.
    pub actor: Option<String>,
    pub actor_number: Option<String>,
    /// The action's code (`membership.block`).
    pub action: String,
    /// The group, domain or other scope acted in, when there is one.
    pub scope: Option<String>,
    pub subject: Option<String>,
    pub subject_number: Option<String>,
    pub target: String,
    /// Before and after, field by field (`services`: `dimona,dmfa`; `blocked`: `true`).
    pub before: Vec<(String, String)>,
    pub after: Vec<(String, String)>,
    /// The API token the change was made with (its name), if any (docs/api.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_token: Option<String>,
}

/// One page of the Logboek, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogbookData {
    pub me: super::Me,
    pub filter: LogbookFilter,
    /// The groups the reader may filter on.
    pub groups: Vec<String>,
    /// Whether the reader sees the whole enterprise (else its domains and groups).
    pub whole_enterprise: bool,
    pub entries: Vec<LogEntry>,
    /// The id to continue from (`voor=`), when there are older rows.
    pub older: Option<i64>,
    /// Whether this is the newest page.
    pub newest: bool,
}
