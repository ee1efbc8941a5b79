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

/// One row of the audit log (R14).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub enterprise_id: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
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

#[async_trait]
pub trait Tx: Send {
    async fn commit(self: Box<Self>) -> Result<()>;

    // ---- enterprises, people, staff, mandates ----
    async fn enterprise(&mut self, id: i64) -> Result<Option<Enterprise>>;
    async fn enterprise_by_number(&mut self, number: &str) -> Result<Option<Enterprise>>;
    async fn insert_enterprise(&mut self, number: &str, name: &str) -> Result<i64>;
    async fn set_enterprise_status(&mut self, id: i64, status: &str) -> Result<()>;
    async fn enterprise_groups(&mut self, enterprise: i64) -> Result<Vec<String>>;
    async fn add_enterprise_group(&mut self, enterprise: i64, group: &str) -> Result<()>;
    async fn person(&mut self, id: i64) -> Result<Option<Person>>;
    async fn person_by_national_number(&mut self, nn: &str) -> Result<Option<Person>>;
    async fn insert_person(&mut self, nn: Option<&str>, name: &str) -> Result<i64>;
    async fn set_person_name(&mut self, id: i64, name: &str) -> Result<()>;
    async fn is_staff(&mut self, enterprise: i64, person: i64) -> Result<bool>;
    async fn add_staff(&mut self, enterprise: i64, person: i64) -> Result<()>;
    async fn staff(&mut self, enterprise: i64) -> Result<Vec<Person>>;
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

    // ---- memberships ----
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
    async fn delete_membership(&mut self, enterprise: i64, group: &str, person: i64) -> Result<()>;

    // ---- safety ----
    /// Claims `key` for this person, action and input `fingerprint`.
    async fn claim_key(
        &mut self,
        key: &str,
        person: i64,
        action: &str,
        fingerprint: &str,
    ) -> Result<KeyClaim>;
    /// Forgets idempotency keys older than `days` days; returns how many.
    async fn purge_keys(&mut self, days: u32) -> Result<u64>;
    async fn audit(&mut self, entry: &AuditEntry) -> Result<()>;
    async fn audit_count(&mut self, enterprise: i64) -> Result<u64>;
}
