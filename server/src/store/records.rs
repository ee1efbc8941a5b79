//! What the store reads and writes: records with the domain's types (parsed on the way
//! out of the database, so that a corrupt row is an error, never a wrong decision), the
//! audit-row builder, and the outcome of an idempotency claim.

use domain::chaman::{ChannelKind, Environment};
use domain::ebox::DocumentType;
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, NationalNumber};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub id: i64,
    pub number: EnterpriseNumber,
    pub name: String,
    pub status: EnterpriseStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    /// `None` for a foreign main access manager.
    pub national_number: Option<NationalNumber>,
    pub name: String,
}

/// Who a decision is about: a person by national number, or by username.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PersonKey {
    NationalNumber(NationalNumber),
    Username(String),
}

/// What a decision for an online service is made from (DESIGN.md §4a).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFacts {
    pub status: domain::rules::EnterpriseStatus,
    /// The person's mandates in the enterprise (none when no such person).
    pub mandates: domain::Mandates,
    /// The person's memberships in the enterprise, by group.
    pub memberships: Vec<FactMembership>,
}

/// One membership as a decision sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactMembership {
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
}

/// An online service registered to ask for decisions (DESIGN.md §4a).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionClient {
    pub id: i64,
    pub name: String,
    /// The online services it may ask about (catalogue codes).
    pub services: Vec<String>,
    /// Whether it may use the search APIs.
    pub may_search: bool,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A membership row joined with its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub person_id: i64,
    pub national_number: Option<NationalNumber>,
    pub name: String,
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
    pub is_main_access_manager: bool,
}

/// A person with the groups (among those asked for) they are a user of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub national_number: Option<NationalNumber>,
    pub name: String,
    pub groups: Vec<String>,
    pub blocked_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCount {
    pub group: String,
    pub users: u64,
    pub blocked: u64,
}

/// One row of the audit log (R14): who did what, when, in which enterprise, in which
/// group or scope, to whom; and the state before and after. Built with
/// `AuditEntry::new(enterprise, action, at).by(actor).scope(…).subject(person)…`, the one
/// builder every writer (service, operator commands, sign-in, jobs) uses.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    pub enterprise_id: i64,
    /// `None`: the system or the operator (registration authority, jobs).
    pub actor_id: Option<i64>,
    pub action: String,
    /// The group, domain or other scope acted in (`werkgever`, `fiscaliteit`,
    /// `address`, `channel/3`, `document/7`), when there is one.
    pub scope: Option<String>,
    /// The person acted on, when there is one.
    pub subject_id: Option<i64>,
    /// A readable name of what was acted on (`werkgever/85073003328`).
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// The API token through which the change was made (docs/api.md), if any.
    pub api_token_id: Option<i64>,
}

impl AuditEntry {
    pub fn new(enterprise_id: i64, action: &str, at: i64) -> AuditEntry {
        AuditEntry {
            at,
            enterprise_id,
            actor_id: None,
            action: action.to_owned(),
            scope: None,
            subject_id: None,
            target: String::new(),
            before: None,
            after: None,
            api_token_id: None,
        }
    }
    /// Made through this API token.
    pub fn via(mut self, token: Option<i64>) -> Self {
        self.api_token_id = token;
        self
    }
    pub fn by(mut self, actor: i64) -> Self {
        self.actor_id = Some(actor);
        self
    }
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into()).filter(|s: &String| !s.is_empty());
        self
    }
    pub fn subject(mut self, person: i64) -> Self {
        self.subject_id = Some(person);
        self
    }
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = target.into();
        self
    }
    pub fn before(mut self, state: serde_json::Value) -> Self {
        self.before = Some(state);
        self
    }
    pub fn after(mut self, state: serde_json::Value) -> Self {
        self.after = Some(state);
        self
    }
}

/// An API token of the management API (docs/api.md); only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub enterprise_id: i64,
    /// Its creator: the token acts as this person.
    pub person_id: i64,
    pub person_name: String,
    pub name: String,
    /// The creator's mandates when it was made (`domain::api_token::scope_of`).
    pub scope: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A username + password (+ TOTP) credential (DESIGN.md §4). Times are unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub person_id: i64,
    pub username: String,
    pub password_hash: String,
    /// A temporary password: it must be changed at the next sign-in.
    pub must_change: bool,
    pub issued_at: i64,
    pub totp_secret: Option<String>,
    pub totp_pending_secret: Option<String>,
    pub totp_last_step: Option<u64>,
}

/// An e-mail or SMS waiting in (or sent from) the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub created_at: String,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    /// The text; a secret, if any, is only a placeholder here (`outbox::SECRET`).
    pub body: String,
    pub sent_at: Option<String>,
    /// The secret the body's placeholder stands for, sealed (`seal`).
    pub secret: Option<String>,
    /// How often a sender claimed it: more than once means it may have been sent twice.
    pub attempts: u32,
}

/// A message to put into the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// A sealed secret and when it expires (unix seconds): purged unsent after that.
    pub secret: Option<(&'a str, i64)>,
}

/// One row of the audit log as shown in a history, with the actor's name.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// What the Logboek asks of the audit log (R14): one enterprise, the reader's scope, the
/// filters, and where the previous page ended.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub enterprise: i64,
    /// `None`: every row of the enterprise. Else rows acted in these `scopes` (domains and
    /// groups), and sign-in rows of people who are users of these `groups`.
    pub within: Option<(Vec<String>, Vec<String>)>,
    /// A name or a national number (its first digits), as typed.
    pub actor: Option<String>,
    pub person: Option<String>,
    pub group: Option<String>,
    /// The action's prefix (`membership`, `signin` …).
    pub kind: Option<String>,
    /// Stored timestamps: `from` ≤ at < `until`.
    pub from: Option<String>,
    pub until: Option<String>,
    pub before_id: Option<i64>,
}

/// One audit row as the Logboek shows it, with the names of the actor and the person.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub actor_number: Option<String>,
    pub action: String,
    pub scope: Option<String>,
    pub subject: Option<String>,
    pub subject_number: Option<String>,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// The name of the API token the change was made with, if any.
    pub api_token: Option<String>,
}

/// A Chaman channel as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelRecord {
    pub id: i64,
    pub kind: ChannelKind,
    pub environment: Environment,
    pub credential: String,
    pub summary: Vec<(String, String)>,
    pub active: bool,
    pub created_at: String,
}

/// A document of an e-Box as listed (R13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub sender: String,
    pub service: String,
    pub doc_type: &'static DocumentType,
    pub is_task: bool,
    pub title: String,
    pub body: String,
    pub published_at: i64,
    pub expires_at: i64,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
    /// Read by the person asking.
    pub read: bool,
    /// (id, name, content type, size in bytes)
    pub attachments: Vec<(i64, String, String, i64)>,
}

/// What happened when a submission's idempotency key was claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyClaim {
    /// First use: apply the change.
    New,
    /// Already applied for this person and action: do nothing, answer success.
    Replay,
    /// Used before for another action or other input: refuse.
    Conflict,
}
