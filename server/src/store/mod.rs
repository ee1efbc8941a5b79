//! The one storage interface of Toegang. Every SQL statement lives behind these traits, so
//! that a second backend (PostgreSQL) can be added without touching `app` or `domain`.
//!
//! A [`Tx`] is one database transaction: services read what the rules need and write the
//! change, the audit row and the idempotency key in it, then commit — or drop it, which
//! rolls everything back.

mod sqlite;

pub use sqlite::SqliteStore;

use async_trait::async_trait;
use domain::Mandates;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Hashing a password failed (never for any input; a broken system).
    #[error("password hashing: {0}")]
    Hashing(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub national_number: Option<String>,
    pub name: String,
}

/// A membership row joined with its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub person_id: i64,
    pub national_number: String,
    pub name: String,
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
    pub is_main_access_manager: bool,
}

/// A person with the groups (among those asked for) they are a user of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub national_number: String,
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
        }
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
    pub body: String,
    pub sent_at: Option<String>,
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

/// A Chaman channel as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelRecord {
    pub id: i64,
    pub kind: String,
    pub environment: String,
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
    pub doc_type: String,
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

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// A transaction that may write (it takes the write lock at once, so that what the
    /// rules read cannot change before the write).
    async fn write(&self) -> Result<Box<dyn Tx>>;
    /// A transaction for reading.
    async fn read(&self) -> Result<Box<dyn Tx>>;
}

/// Enterprises, their groups, people and the staff register.
#[async_trait]
pub trait EnterpriseStore: Send {
    async fn enterprise(&mut self, id: i64) -> Result<Option<Enterprise>>;
    async fn enterprise_by_number(&mut self, number: &str) -> Result<Option<Enterprise>>;
    async fn insert_enterprise(&mut self, number: &str, name: &str) -> Result<i64>;
    async fn set_enterprise_status(&mut self, id: i64, status: &str) -> Result<()>;
    async fn enterprise_groups(&mut self, enterprise: i64) -> Result<Vec<String>>;
    async fn add_enterprise_group(&mut self, enterprise: i64, group: &str) -> Result<()>;
    /// The enterprises a person may act for: those where they hold a mandate or are staff.
    async fn enterprises_of(&mut self, person: i64) -> Result<Vec<Enterprise>>;
    async fn person(&mut self, id: i64) -> Result<Option<Person>>;
    async fn person_by_national_number(&mut self, nn: &str) -> Result<Option<Person>>;
    async fn insert_person(&mut self, nn: Option<&str>, name: &str) -> Result<i64>;
    async fn set_person_name(&mut self, id: i64, name: &str) -> Result<()>;
    async fn set_person_contact(&mut self, id: i64, email: &str, mobile: &str) -> Result<()>;
    /// The e-mail address and mobile number of a person, when known.
    async fn person_contact(&mut self, id: i64) -> Result<(Option<String>, Option<String>)>;
    async fn is_staff(&mut self, enterprise: i64, person: i64) -> Result<bool>;
    async fn add_staff(&mut self, enterprise: i64, person: i64) -> Result<()>;
    async fn staff(&mut self, enterprise: i64) -> Result<Vec<Person>>;
}

/// Mandates (R3–R5).
#[async_trait]
pub trait MandateStore: Send {
    async fn mandates(&mut self, enterprise: i64, person: i64) -> Result<Mandates>;
    /// Adds a mandate; `false` when a uniqueness rule of the database refused it (R3, R5:
    /// one MAM, one AM per domain, one GM per group — also when two servers race).
    async fn add_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &domain::Mandate,
    ) -> Result<bool>;
    /// Removes a mandate; `false` when the person did not hold it.
    async fn remove_mandate(
        &mut self,
        enterprise: i64,
        person: i64,
        mandate: &domain::Mandate,
    ) -> Result<bool>;
    async fn main_access_manager(&mut self, enterprise: i64) -> Result<Option<i64>>;
    /// People holding any mandate, with their mandates.
    async fn managers(&mut self, enterprise: i64) -> Result<Vec<(Person, Mandates)>>;
}

/// Memberships of the permission groups (R6–R10).
#[async_trait]
pub trait MembershipStore: Send {
    async fn membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
    ) -> Result<Option<MemberRecord>>;
    async fn memberships_of(&mut self, enterprise: i64, person: i64) -> Result<Vec<MemberRecord>>;
    async fn group_counts(&mut self, enterprise: i64) -> Result<Vec<GroupCount>>;
    /// One page of a group's users matching `query` (name or national number), by name.
    async fn search_members(
        &mut self,
        enterprise: i64,
        group: &str,
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<MemberRecord>, u64)>;
    /// One page of the people who are users of any of `groups`, by name.
    async fn search_users(
        &mut self,
        enterprise: i64,
        groups: &[String],
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<UserRecord>, u64)>;
    async fn insert_membership(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
    ) -> Result<()>;
    async fn set_blocked(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        blocked: bool,
    ) -> Result<()>;
    /// Replaces the services a user may use in a group (R7).
    async fn set_services(
        &mut self,
        enterprise: i64,
        group: &str,
        person: i64,
        services: &[String],
    ) -> Result<()>;
    async fn delete_membership(&mut self, enterprise: i64, group: &str, person: i64) -> Result<()>;
}

/// Sign-in records (DESIGN.md §4): credentials and failed attempts.
#[async_trait]
pub trait SignInStore: Send {
    async fn credential(&mut self, person: i64) -> Result<Option<Credential>>;
    async fn credential_by_username(&mut self, username: &str) -> Result<Option<Credential>>;
    /// Adds a credential; `false` when the username is taken.
    async fn insert_credential(
        &mut self,
        person: i64,
        username: &str,
        password_hash: &str,
        must_change: bool,
        issued_at: i64,
    ) -> Result<bool>;
    async fn set_password(
        &mut self,
        person: i64,
        password_hash: &str,
        must_change: bool,
        issued_at: i64,
    ) -> Result<()>;
    async fn set_totp_pending(&mut self, person: i64, secret: Option<&str>) -> Result<()>;
    /// Makes the pending secret the enrolled one, with its first accepted step.
    async fn enrol_totp(&mut self, person: i64, secret: &str, step: u64) -> Result<()>;
    async fn set_totp_last_step(&mut self, person: i64, step: u64) -> Result<()>;
    /// (failures, last failure in unix seconds) for a typed username.
    async fn sign_in_failures(&mut self, username: &str) -> Result<Option<(u32, i64)>>;
    async fn set_sign_in_failures(&mut self, username: &str, failures: u32, at: i64) -> Result<()>;
    async fn clear_sign_in_failures(&mut self, username: &str) -> Result<()>;
    /// Forgets failed attempts last made before `before` (unix seconds); returns how many.
    async fn purge_sign_in_failures(&mut self, before: i64) -> Result<u64>;
}

/// ContactData (R11).
#[async_trait]
pub trait ContactDataStore: Send {
    async fn contact_data(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::EnterpriseContact>>;
    async fn set_contact_data(
        &mut self,
        enterprise: i64,
        contact: &domain::contact_data::EnterpriseContact,
    ) -> Result<()>;
    /// The contact person per role (group code), for the roles that have one.
    async fn contact_persons(
        &mut self,
        enterprise: i64,
    ) -> Result<Vec<(String, domain::contact_data::ContactPerson)>>;
    async fn set_contact_person(
        &mut self,
        enterprise: i64,
        group: &str,
        person: &domain::contact_data::ContactPerson,
    ) -> Result<()>;
}

/// Chaman (R12).
#[async_trait]
pub trait ChamanStore: Send {
    async fn chaman_sender(
        &mut self,
        enterprise: i64,
    ) -> Result<Option<domain::contact_data::ContactPerson>>;
    /// Creates the sender; `false` when the enterprise has one already.
    async fn insert_chaman_sender(
        &mut self,
        enterprise: i64,
        contact: &domain::contact_data::ContactPerson,
        now: i64,
    ) -> Result<bool>;
    async fn chaman_channels(&mut self, enterprise: i64) -> Result<Vec<ChannelRecord>>;
    async fn insert_chaman_channel(
        &mut self,
        enterprise: i64,
        kind: &str,
        environment: &str,
        credential: &str,
        summary: &[(String, String)],
        now: i64,
    ) -> Result<i64>;
    async fn set_channel_active(&mut self, enterprise: i64, id: i64, active: bool) -> Result<()>;
}

/// e-Box Enterprise (R13).
#[async_trait]
pub trait EboxStore: Send {
    async fn insert_document(
        &mut self,
        enterprise: i64,
        p: &domain::ebox::Publication,
        published_at: i64,
    ) -> Result<i64>;
    /// One page of an enterprise's documents matching `filter` and still kept at `now`,
    /// newest first, with whether `person` read each; and the total.
    async fn documents(
        &mut self,
        enterprise: i64,
        person: i64,
        now: i64,
        filter: &domain::ebox::Filter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<DocumentRecord>, u64)>;
    async fn document(
        &mut self,
        enterprise: i64,
        person: i64,
        id: i64,
    ) -> Result<Option<DocumentRecord>>;
    async fn mark_read(&mut self, document: i64, person: i64, at: i64) -> Result<()>;
    async fn complete_task(&mut self, document: i64, person: i64, at: i64) -> Result<()>;
    /// An attachment's (name, content type, bytes), if it belongs to the enterprise.
    async fn attachment(
        &mut self,
        enterprise: i64,
        document: i64,
        attachment: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>>;
    /// Removes documents whose retention ended by `now`; returns (enterprise, how many).
    async fn delete_expired_documents(&mut self, now: i64) -> Result<Vec<(i64, u64)>>;
    /// Enterprises with documents newer than the last one they were told about, told
    /// last at or before `quiet_since` (or never): (enterprise, new documents, newest id).
    async fn enterprises_to_notify(&mut self, quiet_since: i64) -> Result<Vec<(i64, u64, i64)>>;
    async fn set_notified(&mut self, enterprise: i64, at: i64, last_document: i64) -> Result<()>;
}

/// The outbox of e-mails and SMS.
#[async_trait]
pub trait OutboxStore: Send {
    async fn enqueue(
        &mut self,
        channel: &str,
        recipient: &str,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<i64>;
    /// The oldest unsent messages.
    async fn unsent(&mut self, limit: u32) -> Result<Vec<OutboxMessage>>;
    async fn mark_sent(&mut self, id: i64, now: i64) -> Result<()>;
    /// Forgets messages sent before `before` (unix seconds); returns how many.
    async fn purge_outbox(&mut self, before: i64) -> Result<u64>;
    /// The newest messages, sent or not.
    async fn recent_outbox(&mut self, limit: u32) -> Result<Vec<OutboxMessage>>;
}

/// Idempotency keys and the audit log (R14).
#[async_trait]
pub trait AuditStore: Send {
    /// Claims `key` for this person, action and input `fingerprint`.
    async fn claim_key(
        &mut self,
        key: &str,
        person: i64,
        action: &str,
        fingerprint: &str,
        now: i64,
    ) -> Result<KeyClaim>;
    /// Forgets idempotency keys claimed before `before` (unix seconds); returns how many.
    async fn purge_keys(&mut self, before: i64) -> Result<u64>;
    async fn audit(&mut self, entry: &AuditEntry) -> Result<()>;
    async fn audit_count(&mut self, enterprise: i64) -> Result<u64>;
    /// The newest audit rows whose action starts with `prefix`.
    async fn history(
        &mut self,
        enterprise: i64,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>>;
}

/// One database transaction: every aggregate's store. Services read what the rules need
/// and write the change, the audit row and the idempotency key in it, then commit, or
/// drop it, which rolls everything back.
#[async_trait]
pub trait Tx:
    EnterpriseStore
    + MandateStore
    + MembershipStore
    + SignInStore
    + ContactDataStore
    + ChamanStore
    + EboxStore
    + OutboxStore
    + AuditStore
    + Send
{
    async fn commit(self: Box<Self>) -> Result<()>;
}

/// The store traits, to call their methods on a `dyn Tx`.
pub mod prelude {
    pub use super::{
        AuditStore, ChamanStore, ContactDataStore, EboxStore, EnterpriseStore, MandateStore,
        MembershipStore, OutboxStore, SignInStore, Store, Tx,
    };
}
