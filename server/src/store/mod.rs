//! The one storage interface of Toegang. Every SQL statement lives behind these traits, so
//! that a second backend (PostgreSQL) can be added without touching `app` or `domain`.
//!
//! A [`Tx`] is one database transaction: services read what the rules need and write the
//! change, the audit row and the idempotency key in it, then commit — or drop it, which
//! rolls everything back.

/// The statements every backend shares (`sql/`, one file per aggregate), compiled into the
/// backend module that invokes this, with that module's `Db` and `DbRow` (sqlite.rs,
/// postgres.rs).
macro_rules! shared_statements {
    () => {
        #[path = "sql/api_tokens.rs"]
        mod api_tokens;
        #[path = "sql/audit.rs"]
        mod audit;
        #[path = "sql/chaman.rs"]
        mod chaman;
        #[path = "sql/common.rs"]
        mod common;
        #[path = "sql/contact_data.rs"]
        mod contact_data;
        #[path = "sql/decision_clients.rs"]
        mod decision_clients;
        #[path = "sql/decisions.rs"]
        mod decisions;
        #[path = "sql/ebox.rs"]
        mod ebox;
        #[path = "sql/enterprises.rs"]
        mod enterprises;
        #[path = "sql/mandates.rs"]
        mod mandates;
        #[path = "sql/memberships.rs"]
        mod memberships;
        #[path = "sql/outbox.rs"]
        mod outbox;
        #[path = "sql/signin.rs"]
        mod signin;
    };
}

mod copy;
mod decision_cache;
mod postgres;
mod records;
mod sqlite;
pub mod statements;

pub use copy::sqlite_to_postgres;
use decision_cache::DecisionCache;
pub use postgres::PgStore;
pub use records::*;
pub use sqlite::SqliteStore;

/// The storage a database URL names, opened and migrated: PostgreSQL for `postgres://…`
/// (several instances on one database), SQLite otherwise (the embedded default).
#[derive(Clone)]
pub enum Database {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl Database {
    pub async fn open(url: &str) -> Result<Database> {
        Ok(if is_postgres(url) {
            Database::Postgres(PgStore::open(url).await?)
        } else {
            Database::Sqlite(SqliteStore::open(url).await?)
        })
    }

    /// The storage interface on it.
    pub fn store(&self) -> std::sync::Arc<dyn Store> {
        match self {
            Database::Sqlite(s) => std::sync::Arc::new(s.clone()),
            Database::Postgres(s) => std::sync::Arc::new(s.clone()),
        }
    }
}

/// Opens the storage `url` names (see [`Database`]).
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    Ok(Database::open(url).await?.store())
}

use async_trait::async_trait;
use domain::chaman::{ChannelKind, Environment};
use domain::rules::EnterpriseStatus;
use domain::{EnterpriseNumber, Mandates, NationalNumber};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Hashing a password failed (never for any input; a broken system).
    #[error("password hashing: {0}")]
    Hashing(String),
    /// A stored value is not what the domain allows (a corrupt row).
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// The database to copy into already holds data.
    #[error("the target database is not empty")]
    NotEmpty,
    /// A secret cannot be sealed or opened (no key configured, or the wrong one).
    #[error("secret: {0}")]
    Secret(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// A transaction that may write (it takes the write lock at once, so that what the
    /// rules read cannot change before the write).
    async fn write(&self) -> Result<Box<dyn Tx>>;
    /// A transaction that writes in one enterprise: like [`Store::write`], but writes of
    /// other enterprises need not wait for it (where the backend can tell them apart).
    async fn write_in(&self, enterprise: i64) -> Result<Box<dyn Tx>> {
        let _ = enterprise;
        self.write().await
    }
    /// A transaction for reading.
    async fn read(&self) -> Result<Box<dyn Tx>>;
    /// The unrevoked decision client whose token has this hash (one statement, no
    /// transaction: it is asked on every decision; kept in memory while the database is
    /// unchanged, decision_cache.rs).
    async fn decision_client(&self, token_hash: &str) -> Result<Option<DecisionClient>>;
    /// What a decision for an online service reads (one statement, one snapshot, kept in
    /// memory while the database is unchanged, decision_cache.rs): the
    /// enterprise's status and the person's mandates and memberships in it; `None` when no
    /// enterprise has the number.
    async fn decision_facts(
        &self,
        enterprise: &EnterpriseNumber,
        person: &PersonKey,
    ) -> Result<Option<DecisionFacts>>;
    /// How the database is: reachable (an error otherwise), migrated, its connections and
    /// the messages waiting in the outbox (readiness and metrics).
    async fn health(&self) -> Result<Health>;
    /// Writes a consistent copy of the whole database to the new file `to` (while the
    /// server runs: one snapshot, never half a transaction).
    async fn backup(&self, to: &std::path::Path) -> Result<()>;
}

/// What `/readyz` and `/metrics` report of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// Every migration this build knows has been applied.
    pub migrated: bool,
    /// Connections open in the pool, and of those idle.
    pub connections: u32,
    pub idle_connections: u32,
    /// E-mails and SMS not sent yet.
    pub unsent_messages: u64,
}

/// Enterprises, their groups, people and the staff register.
#[async_trait]
pub trait EnterpriseStore: Send {
    async fn enterprise(&mut self, id: i64) -> Result<Option<Enterprise>>;
    async fn enterprise_by_number(
        &mut self,
        number: &EnterpriseNumber,
    ) -> Result<Option<Enterprise>>;
    async fn insert_enterprise(
        &mut self,
        number: &EnterpriseNumber,
        name: &str,
        now: i64,
    ) -> Result<i64>;
    async fn set_enterprise_status(&mut self, id: i64, status: EnterpriseStatus) -> Result<()>;
    async fn enterprise_groups(&mut self, enterprise: i64) -> Result<Vec<String>>;
    async fn add_enterprise_group(&mut self, enterprise: i64, group: &str) -> Result<()>;
    /// The enterprises a person may act for: those where they hold a mandate or are staff.
    async fn enterprises_of(&mut self, person: i64) -> Result<Vec<Enterprise>>;
    async fn person(&mut self, id: i64) -> Result<Option<Person>>;
    async fn person_by_national_number(&mut self, nn: &NationalNumber) -> Result<Option<Person>>;
    async fn insert_person(&mut self, nn: Option<&NationalNumber>, name: &str) -> Result<i64>;
    async fn set_person_name(&mut self, id: i64, name: &str) -> Result<()>;
    async fn set_person_contact(&mut self, id: i64, email: &str, mobile: &str) -> Result<()>;
    /// The e-mail address and mobile number of a person, when known.
    async fn person_contact(&mut self, id: i64) -> Result<(Option<String>, Option<String>)>;
    /// The language a person chose (`nl`, `fr`, `de`, `en`), if any.
    async fn person_language(&mut self, id: i64) -> Result<Option<String>>;
    async fn set_person_language(&mut self, id: i64, language: &str) -> Result<()>;
    async fn is_staff(&mut self, enterprise: i64, person: i64) -> Result<bool>;
    /// Puts a person into the staff register, under `name` (the name this enterprise
    /// knows them by; `None` keeps the name it has, or the person's own).
    async fn add_staff(&mut self, enterprise: i64, person: i64, name: Option<&str>) -> Result<()>;
    /// The person with this national number as this enterprise knows them (staff, user or
    /// helper of it), with the enterprise's name for them; `None` for anyone else, known
    /// elsewhere or not at all.
    async fn person_in_enterprise(
        &mut self,
        enterprise: i64,
        nn: &NationalNumber,
    ) -> Result<Option<Person>>;
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
        now: i64,
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
    /// Unlinks the authenticator app (enrolled and pending secret, last step).
    async fn reset_totp(&mut self, person: i64) -> Result<()>;
    /// Everyone who has a password credential.
    async fn credential_people(&mut self) -> Result<Vec<i64>>;
    /// (failures, last failure in unix seconds) for a typed username.
    async fn sign_in_failures(&mut self, username: &str) -> Result<Option<(u32, i64)>>;
    async fn set_sign_in_failures(&mut self, username: &str, failures: u32, at: i64) -> Result<()>;
    async fn clear_sign_in_failures(&mut self, username: &str) -> Result<()>;
    /// Forgets the failed attempts of usernames whose last failure was before `before`
    /// (unix seconds) and whose count is below `below` (`domain::signin::LOCK_AFTER`: see
    /// `failures_forgettable`); returns how many.
    async fn purge_sign_in_failures(&mut self, before: i64, below: u32) -> Result<u64>;
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

/// The online services registered to ask for decisions (DESIGN.md §4a).
#[async_trait]
pub trait DecisionClientStore: Send {
    /// Registers a client; `false` when the name is taken.
    async fn insert_decision_client(
        &mut self,
        name: &str,
        token_hash: &str,
        services: &[String],
        may_search: bool,
        now: i64,
    ) -> Result<bool>;
    /// Every client, revoked ones too, by name.
    async fn decision_clients(&mut self) -> Result<Vec<DecisionClient>>;
    /// Revokes a client; `false` when there is no such unrevoked client.
    async fn revoke_decision_client(&mut self, name: &str, now: i64) -> Result<bool>;
    /// The people with a mandate or a membership in the enterprise, by id, after `after`.
    async fn related_people(
        &mut self,
        enterprise: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Option<NationalNumber>)>>;
}

/// API tokens of the management API (docs/api.md).
#[async_trait]
pub trait ApiTokenStore: Send {
    /// Stores a new token (its hash); returns its id.
    #[allow(clippy::too_many_arguments)]
    async fn insert_api_token(
        &mut self,
        enterprise: i64,
        person: i64,
        name: &str,
        token_hash: &str,
        scope: &[String],
        now: i64,
        expires_at: i64,
    ) -> Result<i64>;
    /// The token with this hash, revoked and expired ones too.
    async fn api_token_by_hash(&mut self, token_hash: &str) -> Result<Option<ApiToken>>;
    /// One token of the enterprise.
    async fn api_token(&mut self, enterprise: i64, id: i64) -> Result<Option<ApiToken>>;
    /// The enterprise's tokens (of one person, or of everyone), newest first.
    async fn api_tokens(&mut self, enterprise: i64, person: Option<i64>) -> Result<Vec<ApiToken>>;
    /// Marks a token revoked; `false` when it was revoked already.
    async fn revoke_api_token(&mut self, id: i64, by: i64, now: i64) -> Result<bool>;
    /// Notes the token's use (at most one write a minute per token).
    async fn touch_api_token(&mut self, id: i64, now: i64) -> Result<()>;
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
    /// Replaces the sender's technical contact; `false` when the enterprise has no sender.
    async fn update_chaman_sender(
        &mut self,
        enterprise: i64,
        contact: &domain::contact_data::ContactPerson,
    ) -> Result<bool>;
    async fn chaman_channels(&mut self, enterprise: i64) -> Result<Vec<ChannelRecord>>;
    /// Removes a channel; `false` when the enterprise has no such channel.
    async fn delete_chaman_channel(&mut self, enterprise: i64, id: i64) -> Result<bool>;
    async fn insert_chaman_channel(
        &mut self,
        enterprise: i64,
        kind: ChannelKind,
        environment: Environment,
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
    async fn enqueue(&mut self, message: &NewMessage<'_>, now: i64) -> Result<i64>;
    /// Claims up to `limit` of the oldest unsent messages that no lease holds at `now`, for
    /// `claimer` until `until` (unix seconds), counting an attempt on each.
    async fn claim_outbox(
        &mut self,
        claimer: &str,
        now: i64,
        until: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>>;
    /// Marks a message sent, if `claimer` still holds it; returns whether it did.
    async fn mark_sent(&mut self, id: i64, claimer: &str, now: i64) -> Result<bool>;
    /// Deletes unsent messages whose secret expired before `now`; returns how many.
    async fn purge_expired_secrets(&mut self, now: i64) -> Result<u64>;
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
    /// The enterprise's recorded changes (its sign-in records not counted).
    async fn audit_count(&mut self, enterprise: i64) -> Result<u64>;
    /// The newest audit rows whose action starts with `prefix`.
    async fn history(
        &mut self,
        enterprise: i64,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>>;
    /// The newest rows of `action` about `person` (its subject), newest first, at most
    /// `limit`: (scope, when, the actor's name).
    async fn latest_about(
        &mut self,
        enterprise: i64,
        person: i64,
        action: &str,
        limit: u32,
    ) -> Result<Vec<(String, String, Option<String>)>>;
    /// The Logboek: up to `limit` rows matching `q`, newest first, older than
    /// `q.before_id` (keyset paging on the row id).
    async fn audit_rows(&mut self, q: &AuditQuery, limit: u32) -> Result<Vec<AuditRow>>;
    /// Retention (R14): moves the cutoff of `kind` (`change` or `signin`) forward to
    /// `before` (a stored timestamp) and removes that kind's rows older than it; the only
    /// removal of audit rows there is (the database refuses any other). Returns the rows
    /// removed per enterprise.
    async fn remove_expired_audit(&mut self, kind: &str, before: &str) -> Result<Vec<(i64, u64)>>;
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
    + DecisionClientStore
    + ApiTokenStore
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
        ApiTokenStore, AuditStore, ChamanStore, ContactDataStore, DecisionClientStore, EboxStore, EnterpriseStore,
        MandateStore, MembershipStore, OutboxStore, SignInStore, Store, Tx,
    };
}
