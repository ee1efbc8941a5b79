//! API tokens for the management API (docs/api.md): a manager's own scope, handed to a
//! program. A token carries exactly the mandates its creator held when creating it; it
//! works only while the creator still holds exactly those (R4–R6 are then decided for the
//! creator, as on the pages), until it expires or is revoked.

use crate::mandate::{Mandate, Mandates};
use crate::rules::RuleError;

/// A token's name: what its creator calls it ("Loonsoftware"), 1 to 60 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(name: &str) -> Result<TokenName, ApiTokenError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ApiTokenError::NameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(ApiTokenError::NameTooLong);
        }
        Ok(TokenName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a token works, in days: one of [`LIFETIMES`]; [`DEFAULT_LIFETIME`] when not
/// chosen. A token never works longer than a year.
pub const LIFETIMES: &[u32] = &[30, 90, 180, 365];
pub const DEFAULT_LIFETIME: u32 = 90;

pub fn parse_lifetime(days: &str) -> Result<u32, ApiTokenError> {
    match days.trim() {
        "" => Ok(DEFAULT_LIFETIME),
        d => d
            .parse::<u32>()
            .ok()
            .filter(|d| LIFETIMES.contains(d))
            .ok_or(ApiTokenError::Lifetime),
    }
}

/// A manager may hold at most this many tokens that still work.
pub const MAX_ACTIVE_PER_PERSON: usize = 10;

/// Who may create a token: a manager (any mandate), below the limit of working tokens.
pub fn may_create_token(mandates: &Mandates, active: usize) -> Result<(), ApiTokenError> {
    if !mandates.is_manager() {
        return Err(ApiTokenError::Rule(RuleError::NotAManager));
    }
    if active >= MAX_ACTIVE_PER_PERSON {
        return Err(ApiTokenError::TooMany);
    }
    Ok(())
}

/// The mandates as a token records them: sorted, each `kind` or `kind:scope`.
pub fn scope_of(mandates: &Mandates) -> Vec<String> {
    let mut codes: Vec<String> = mandates
        .iter()
        .map(|m| match m.scope() {
            Some(s) => format!("{}:{s}", m.kind()),
            None => m.kind().to_owned(),
        })
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The state of a stored token at the moment of use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenState<'a> {
    /// The creator's mandates when the token was made ([`scope_of`]).
    pub recorded_scope: &'a [String],
    pub expires_at: i64,
    pub revoked: bool,
}

/// docs/api.md, checked at every use: a revoked or expired token is refused, and so is a token
/// whose creator no longer holds exactly the mandates it was made with (a mandate lost,
/// or one gained: the token's scope never changes silently; the manager makes a new one).
pub fn check_token_use(
    token: &TokenState<'_>,
    creator_now: &Mandates,
    now: i64,
) -> Result<(), ApiTokenError> {
    if token.revoked {
        return Err(ApiTokenError::Revoked);
    }
    if now >= token.expires_at {
        return Err(ApiTokenError::Expired);
    }
    if scope_of(creator_now) != token.recorded_scope {
        return Err(ApiTokenError::ScopeChanged);
    }
    Ok(())
}

/// Who may revoke a token: its creator, and the main and co-main access managers of its
/// enterprise (a leaver's tokens).
pub fn may_revoke_token(
    revoker: &Mandates,
    revoker_id: i64,
    creator_id: i64,
) -> Result<(), ApiTokenError> {
    let head = revoker
        .iter()
        .any(|m| matches!(m, Mandate::MainAccessManager | Mandate::CoMainAccessManager));
    if revoker_id == creator_id || head {
        Ok(())
    } else {
        Err(ApiTokenError::NotYours)
    }
}

/// Why a token cannot be made, used or revoked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiTokenError {
    #[error("a name is required")]
    NameMissing,
    #[error("a name of at most 60 characters")]
    NameTooLong,
    #[error("a lifetime of 30, 90, 180 or 365 days")]
    Lifetime,
    #[error("at most ten working tokens per manager")]
    TooMany,
    #[error("the token was revoked")]
    Revoked,
    #[error("the token has expired")]
    Expired,
    #[error("its creator's mandates changed since the token was made")]
    ScopeChanged,
    #[error("only its creator or a main access manager may revoke a token")]
    NotYours,
    #[error(transparent)]
    Rule(RuleError),
}

impl crate::error::Coded for ApiTokenError {
    fn code(&self) -> &'static str {
        match self {
            ApiTokenError::NameMissing => "token.name_missing",
            ApiTokenError::NameTooLong => "token.name_too_long",
            ApiTokenError::Lifetime => "token.lifetime",
            ApiTokenError::TooMany => "token.too_many",
            ApiTokenError::Revoked => "token.revoked",
            ApiTokenError::Expired => "token.expired",
            ApiTokenError::ScopeChanged => "token.scope_changed",
            ApiTokenError::NotYours => "token.not_yours",
            ApiTokenError::Rule(r) => crate::error::Coded::code(r),
        }
    }
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            ApiTokenError::NameMissing | ApiTokenError::NameTooLong | ApiTokenError::Lifetime => {
                ErrorKind::Invalid
            }
            ApiTokenError::TooMany => ErrorKind::Conflict,
            ApiTokenError::Revoked | ApiTokenError::Expired | ApiTokenError::ScopeChanged => {
                ErrorKind::Unauthenticated
            }
            ApiTokenError::NotYours => ErrorKind::Forbidden,
            ApiTokenError::Rule(r) => crate::error::Coded::kind(r),
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            ApiTokenError::NameMissing | ApiTokenError::NameTooLong => Some("name"),
            ApiTokenError::Lifetime => Some("lifetime"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(list: &[Mandate]) -> Mandates {
        Mandates(list.to_vec())
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(TokenName::parse("  Loonsoftware ").unwrap().as_str(), "Loonsoftware");
        assert_eq!(TokenName::parse(" ").unwrap_err(), ApiTokenError::NameMissing);
        assert_eq!(TokenName::parse(&"é".repeat(60)).unwrap().as_str().chars().count(), 60);
        assert_eq!(TokenName::parse(&"é".repeat(61)).unwrap_err(), ApiTokenError::NameTooLong);
        assert_eq!(TokenName::parse("a\nb").unwrap_err(), ApiTokenError::NameTooLong);
    }

    #[test]
    fn lifetimes_are_chosen_from_the_list() {
        assert_eq!(parse_lifetime(""), Ok(DEFAULT_LIFETIME));
        assert_eq!(parse_lifetime("365"), Ok(365));
        for bad in ["0", "366", "-30", "x", "31"] {
            assert_eq!(parse_lifetime(bad), Err(ApiTokenError::Lifetime), "{bad}");
        }
    }

    #[test]
    fn only_managers_create_tokens_and_only_ten() {
        let gm = m(&[Mandate::GroupManager("werkgever".into())]);
        assert_eq!(may_create_token(&gm, 0), Ok(()));
        assert_eq!(may_create_token(&gm, 9), Ok(()));
        assert_eq!(may_create_token(&gm, 10), Err(ApiTokenError::TooMany));
        assert_eq!(
            may_create_token(&m(&[]), 0),
            Err(ApiTokenError::Rule(RuleError::NotAManager))
        );
    }

    #[test]
    fn a_token_works_while_its_creator_holds_exactly_its_mandates() {
        let gm = m(&[
            Mandate::GroupManager("werkgever".into()),
            Mandate::AccessManager("fiscaliteit".into()),
        ]);
        let scope = scope_of(&gm);
        assert_eq!(scope, ["access_manager:fiscaliteit", "group_manager:werkgever"]);
        let token = TokenState {
            recorded_scope: &scope,
            expires_at: 1000,
            revoked: false,
        };
        assert_eq!(check_token_use(&token, &gm, 999), Ok(()));
        // The same mandates in another order.
        let reordered = m(&[gm.0[1].clone(), gm.0[0].clone()]);
        assert_eq!(check_token_use(&token, &reordered, 999), Ok(()));
        assert_eq!(check_token_use(&token, &gm, 1000), Err(ApiTokenError::Expired));
        let lost = m(&[Mandate::GroupManager("werkgever".into())]);
        assert_eq!(check_token_use(&token, &lost, 1), Err(ApiTokenError::ScopeChanged));
        let gained = m(&[gm.0[0].clone(), gm.0[1].clone(), Mandate::CoMainAccessManager]);
        assert_eq!(check_token_use(&token, &gained, 1), Err(ApiTokenError::ScopeChanged));
        assert_eq!(check_token_use(&token, &m(&[]), 1), Err(ApiTokenError::ScopeChanged));
        let revoked = TokenState { revoked: true, ..token };
        assert_eq!(check_token_use(&revoked, &gm, 1), Err(ApiTokenError::Revoked));
    }

    #[test]
    fn the_creator_and_the_heads_revoke() {
        let gm = m(&[Mandate::GroupManager("werkgever".into())]);
        assert_eq!(may_revoke_token(&gm, 7, 7), Ok(()));
        assert_eq!(may_revoke_token(&gm, 8, 7), Err(ApiTokenError::NotYours));
        let am = m(&[Mandate::AccessManager("sociale-zekerheid".into())]);
        assert_eq!(may_revoke_token(&am, 8, 7), Err(ApiTokenError::NotYours));
        for head in [Mandate::MainAccessManager, Mandate::CoMainAccessManager] {
            assert_eq!(may_revoke_token(&m(&[head]), 8, 7), Ok(()));
        }
    }
}
