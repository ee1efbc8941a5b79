//! The typed error of every server function: stable codes (translated by the page), the
//! form field each belongs to, the kind of refusal (from which the HTTP status follows),
//! and for forms the submitted values, so that a page re-rendered without JavaScript shows
//! what was typed next to the error.

use domain::{Coded, ErrorKind};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One problem with a request: a stable code and the form field it belongs to, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.codes())]
pub struct ApiError {
    pub problems: Vec<Problem>,
    #[serde(default)]
    pub kind: ErrorKind,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub echo: BTreeMap<String, String>,
}

impl ApiError {
    /// An error of the given kind with one problem that belongs to no field.
    pub fn of(kind: ErrorKind, code: impl Into<String>) -> Self {
        ApiError {
            problems: vec![Problem {
                code: code.into(),
                field: None,
            }],
            kind,
            echo: BTreeMap::new(),
        }
    }
    pub fn invalid(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::Invalid, code)
    }
    pub fn not_found(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::NotFound, code)
    }
    pub fn unauthenticated(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::Unauthenticated, code)
    }
    pub fn forbidden(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::Forbidden, code)
    }
    pub fn conflict(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::Conflict, code)
    }
    /// A fault of the server (its cause is logged, never shown).
    pub fn internal(code: impl Into<String>) -> Self {
        Self::of(ErrorKind::Internal, code)
    }

    /// Gives back what was typed in a form, field by field.
    pub fn with_echoes<'a>(mut self, typed: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        for (k, v) in typed {
            self.echo.insert(k.to_owned(), v);
        }
        self
    }

    pub fn codes(&self) -> String {
        self.problems
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The problems of a field (`None`: problems that belong to no field).
    pub fn for_field(&self, field: Option<&str>) -> Vec<&Problem> {
        self.problems
            .iter()
            .filter(|p| p.field.as_deref() == field)
            .collect()
    }

    pub fn has(&self, code: &str) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// The HTTP status of this error: from its kind alone.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
}

/// Every `domain` error becomes an `ApiError` with its code, field and kind.
macro_rules! from_coded {
    ($($t:ty),*) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                ApiError::from(vec![e])
            }
        }
    )*};
}
from_coded!(
    domain::RuleError,
    domain::ebox::EboxError,
    domain::chaman::ChamanError,
    domain::contact_data::FieldError,
    domain::signin::SignInError,
    domain::audit::AuditFilterError,
    domain::api_token::ApiTokenError
);

impl<E: Coded> From<Vec<E>> for ApiError {
    fn from(errors: Vec<E>) -> Self {
        ApiError {
            kind: errors.first().map(Coded::kind).unwrap_or_default(),
            problems: errors
                .iter()
                .map(|e| Problem {
                    code: e.code().to_owned(),
                    field: e.field().map(str::to_owned),
                })
                .collect(),
            echo: BTreeMap::new(),
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not even deserialize: bad input, not a server fault.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => ApiError::invalid("request.malformed"),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                ApiError::internal("request.network")
            }
            _ => ApiError::internal("server.internal"),
        }
    }

    /// Encodes the error for the answer; on the server, also sets the answer's status
    /// from the error's kind. Server functions answer every error with 500 otherwise:
    /// this is the one place every server-function error passes, the arguments' own
    /// included. A plain form post (without JavaScript) keeps its redirect.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        crate::port::set_error_status(self.status(), &self.codes());
        <JsonEncoding as leptos::server_fn::Encodes<Self>>::encode(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_comes_from_the_kind_of_the_first_problem() {
        let e = ApiError::from(vec![
            domain::RuleError::NotManagerOfGroup,
            domain::RuleError::NoServiceChosen,
        ]);
        assert_eq!(e.status(), 403);
        assert_eq!(
            e.codes(),
            "rule.not_manager_of_group,rule.no_service_chosen"
        );
        assert_eq!(ApiError::not_found("not_found.user").status(), 404);
        assert_eq!(
            ApiError::from(domain::ebox::EboxError::AlreadyDone).status(),
            409
        );
        assert_eq!(ApiError::internal("server.internal").status(), 500);
    }

    #[test]
    fn an_error_without_a_kind_from_an_older_peer_is_invalid() {
        let e: ApiError = serde_json::from_str(r#"{"problems":[{"code":"x"}]}"#).unwrap();
        assert_eq!(e.kind, ErrorKind::Invalid);
    }
}
