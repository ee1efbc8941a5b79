//! The operator's acts as service operations: the registration authority registers an
//! enterprise, imports its staff register and replaces its main access manager (R3), and
//! institutions publish into an e-Box (R13). The command line (`crate::cli`) only reads
//! its arguments and files and prints; these decide and write, each in one transaction
//! with its audit row, and write nothing when they refuse.

mod clients;
mod main_access_manager;
mod publish;
mod recovery;
mod register;
mod replace;
mod staff;

pub use clients::RegisteredClient;
pub use main_access_manager::MainAccessManager;
pub use recovery::Reset;
pub use register::{Registered, Registration};
pub use replace::Replaced;
pub use staff::{parse_staff, StaffImport, StaffLine};

use crate::store::prelude::*;
use crate::store::{AuditEntry, StoreError};
use domain::EnterpriseNumber;

/// Why an operator's act was refused; printed as is.
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("{0}")]
    Refused(String),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

fn refuse<T>(msg: impl Into<String>) -> Result<T, OperatorError> {
    Err(OperatorError::Refused(msg.into()))
}

/// A name by the portal's name rule (`domain::contact::name`), or why not.
fn name(s: &str, what: &str) -> Result<String, OperatorError> {
    domain::contact::name(s).or_else(|e| match e {
        domain::contact::ContactError::Required => refuse(format!("{what} is empty")),
        _ => refuse(format!("{what} is too long")),
    })
}

/// A registered enterprise by its number as typed (R1).
async fn enterprise(
    tx: &mut dyn Tx,
    number: &str,
) -> Result<(i64, EnterpriseNumber, String), OperatorError> {
    let parsed = EnterpriseNumber::parse(number)
        .or_else(|e| refuse(format!("enterprise number `{number}`: {e}")))?;
    match tx.enterprise_by_number(&parsed).await? {
        Some(e) => Ok((e.id, parsed, e.name)),
        None => refuse(format!("enterprise {parsed} is not registered")),
    }
}

/// An audit row of the operator (no person acts: the registration authority).
fn audit(enterprise: i64, action: &str, at: i64) -> AuditEntry {
    AuditEntry::new(enterprise, action, at)
}

impl crate::service::Toegang {
    /// The newest e-mails and SMS of the outbox, sent or waiting: the operator's view of
    /// what waits (a secret in a message is only its placeholder here).
    pub async fn recent_outbox(
        &self,
        limit: u32,
    ) -> Result<Vec<crate::store::OutboxMessage>, OperatorError> {
        Ok(self.store.read().await?.recent_outbox(limit).await?)
    }

    /// A consistent copy of the whole database in the new file `to`.
    pub async fn backup(&self, to: &std::path::Path) -> Result<(), OperatorError> {
        Ok(self.store.backup(to).await?)
    }
}
