//! What kind of refusal an error is. Every error of this crate knows its stable code, the
//! form field it belongs to (if any) and its kind; the server derives the HTTP status from
//! the kind alone, never from the code's text.

use serde::{Deserialize, Serialize};

/// The kind of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is not acceptable (422).
    #[default]
    Invalid,
    /// Nobody is signed in, or no sign-in is under way (401).
    Unauthenticated,
    /// Known, but the rules refuse this person (403).
    Forbidden,
    /// Does not exist, or is outside the person's scope (404).
    NotFound,
    /// Conflicts with the current state (409).
    Conflict,
    /// Too many attempts: wait, then try again (429).
    Throttled,
    /// A fault of the server, never of the input (500).
    Internal,
    /// The server could not be reached: the change waits in the browser's queue (503; made
    /// by the browser, never answered by the server).
    Unavailable,
}

impl ErrorKind {
    /// The HTTP status of this kind.
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::Invalid => 422,
            ErrorKind::Unauthenticated => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::Throttled => 429,
            ErrorKind::Internal => 500,
            ErrorKind::Unavailable => 503,
        }
    }
}

/// An error with a stable code, its kind and the form field it belongs to.
pub trait Coded {
    fn code(&self) -> &'static str;
    fn kind(&self) -> ErrorKind;
    fn field(&self) -> Option<&'static str> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_status() {
        use ErrorKind::*;
        let all = [
            Invalid,
            Unauthenticated,
            Forbidden,
            NotFound,
            Conflict,
            Throttled,
            Internal,
            Unavailable,
        ];
        let mut statuses: Vec<u16> = all.iter().map(|k| k.status()).collect();
        statuses.sort();
        statuses.dedup();
        assert_eq!(statuses.len(), all.len());
        assert!(all.iter().filter(|k| k.status() >= 500).count() == 2);
    }
}
