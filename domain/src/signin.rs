//! Sign-in rules of DESIGN.md §4 that do not depend on the means used: the password
//! policy, the temporary password's lifetime, the slow-down and lock-out after failed
//! attempts, and TOTP replay refusal. Hashing, codes and clocks stay on the server; these
//! functions only decide.

/// A foreign main access manager's temporary password expires this many days after it
/// was issued (DESIGN.md §4: "expires if unused").
pub const TEMPORARY_PASSWORD_DAYS: i64 = 30;

/// Minimum length of a chosen password (NIST SP 800-63B asks for at least 8; a portal
/// that manages a whole enterprise's access asks for more).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Failed attempts allowed before each further attempt must wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// Failed attempts after which the username is locked.
pub const LOCK_AFTER: u32 = 10;
/// How long the first lock lasts, in seconds; each failure after a lock doubles it.
pub const LOCK_SECONDS: u64 = 15 * 60;
/// Failed attempts after which sign-in with the username stops until the operator resets
/// it (`server reset-sign-in`, or a new temporary password with `reset-authenticator`).
pub const STOP_AFTER: u32 = 15;
/// Sign-in attempts one client address may make per minute, whatever the usernames.
pub const ATTEMPTS_PER_ADDRESS_PER_MINUTE: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    /// The same answer for an unknown username, a wrong password and a wrong code, so that
    /// nobody learns whether a username exists.
    #[error("username, password or code is not correct")]
    InvalidCredentials,
    #[error("too many failed attempts: wait {seconds} seconds")]
    Wait { seconds: u64 },
    #[error("too many failed attempts: sign-in is locked for {seconds} seconds")]
    Locked { seconds: u64 },
    #[error("too many failed attempts: sign-in is stopped until the operator resets it")]
    Stopped,
    #[error("too many sign-in attempts from this address: wait a minute")]
    AddressBusy,
    #[error("the temporary password has expired")]
    TemporaryPasswordExpired,
    #[error("this code was used already; wait for the next one")]
    CodeReused,
    #[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    PasswordTooLong,
    #[error("the two passwords differ")]
    PasswordMismatch,
    #[error("the password may not contain the username")]
    PasswordContainsUsername,
    #[error("choose a password other than the temporary one")]
    PasswordUnchanged,
}

impl SignInError {
    /// Stable code, used by the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::InvalidCredentials => "auth.invalid_credentials",
            SignInError::Wait { .. } => "auth.wait",
            SignInError::Locked { .. } => "auth.locked",
            SignInError::Stopped => "auth.stopped",
            SignInError::AddressBusy => "auth.address_busy",
            SignInError::TemporaryPasswordExpired => "auth.temporary_password_expired",
            SignInError::CodeReused => "auth.code_reused",
            SignInError::PasswordTooShort => "password.too_short",
            SignInError::PasswordTooLong => "password.too_long",
            SignInError::PasswordMismatch => "password.mismatch",
            SignInError::PasswordContainsUsername => "password.contains_username",
            SignInError::PasswordUnchanged => "password.unchanged",
        }
    }
}

/// May a sign-in be attempted for a username with `failures` consecutive failed attempts,
/// the last one `seconds_since_last` seconds ago? (DESIGN.md §4: repeated failures slow
/// down, then lock.) Counted per typed username, whether or not it exists, so the answer
/// never tells whether it does.
///
/// After [`FREE_ATTEMPTS`] failures each attempt waits 1, 2, 4, … seconds after the last
/// failure; from [`LOCK_AFTER`] failures on, sign-in is locked for [`LOCK_SECONDS`], and
/// every failure after a lock doubles the next one (15 min, 30 min, 1 h, …); from
/// [`STOP_AFTER`] failures on, sign-in stops until the operator resets the count. A lock
/// that runs out never starts the count again: only a successful sign-in or the operator
/// does.
pub fn check_attempt_allowed(failures: u32, seconds_since_last: u64) -> Result<(), SignInError> {
    if failures >= STOP_AFTER {
        return Err(SignInError::Stopped);
    }
    if failures >= LOCK_AFTER {
        let lock = LOCK_SECONDS << (failures - LOCK_AFTER).min(16);
        return match lock.checked_sub(seconds_since_last) {
            Some(left) if left > 0 => Err(SignInError::Locked { seconds: left }),
            _ => Ok(()),
        };
    }
    if failures >= FREE_ATTEMPTS {
        let wait = 1u64 << (failures - FREE_ATTEMPTS);
        if seconds_since_last < wait {
            return Err(SignInError::Wait {
                seconds: wait - seconds_since_last,
            });
        }
    }
    Ok(())
}

/// The failure count to keep after a failed attempt: one more, whatever time has passed.
pub fn failures_after_failure(failures: u32) -> u32 {
    failures.saturating_add(1)
}

/// Whether a username's failure count may be forgotten after a quiet day: only while it is
/// below [`LOCK_AFTER`]; a count that has locked is kept until a successful sign-in or the
/// operator's reset, so that waiting never buys a fresh series of guesses.
pub fn failures_forgettable(failures: u32) -> bool {
    failures < LOCK_AFTER
}

/// A temporary password is usable for [`TEMPORARY_PASSWORD_DAYS`] after it was issued.
pub fn check_temporary_password_fresh(age_seconds: i64) -> Result<(), SignInError> {
    if age_seconds > TEMPORARY_PASSWORD_DAYS * 24 * 3600 {
        Err(SignInError::TemporaryPasswordExpired)
    } else {
        Ok(())
    }
}

/// The password policy for a chosen password: long enough, typed twice the same, not
/// containing the username, and not the temporary password it replaces.
pub fn check_new_password(
    password: &str,
    repeated: &str,
    username: &str,
    replaces_same: bool,
) -> Result<(), SignInError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(SignInError::PasswordTooShort);
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(SignInError::PasswordTooLong);
    }
    if password != repeated {
        return Err(SignInError::PasswordMismatch);
    }
    let username = username.trim().to_lowercase();
    if !username.is_empty() && password.to_lowercase().contains(&username) {
        return Err(SignInError::PasswordContainsUsername);
    }
    if replaces_same {
        return Err(SignInError::PasswordUnchanged);
    }
    Ok(())
}

/// RFC 6238 replay refusal: a code is accepted only for a time step later than the last
/// accepted one, so a code (or an older one) is refused the second time. `matched` is the
/// step whose code was typed (None: no step in the window matched).
pub fn check_totp_step(matched: Option<u64>, last_used: Option<u64>) -> Result<u64, SignInError> {
    match (matched, last_used) {
        (None, _) => Err(SignInError::InvalidCredentials),
        (Some(step), Some(last)) if step <= last => Err(SignInError::CodeReused),
        (Some(step), _) => Ok(step),
    }
}

/// The longest username and password worth checking: longer input is refused as wrong
/// before any hashing or storing (so it cannot cost memory, time or database space).
pub const MAX_USERNAME_CHARS: usize = 64;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A sign-in under way (a password to change, an app to link, an enterprise to choose)
/// must be finished within this many seconds of its last step.
pub const PENDING_SIGN_IN_SECONDS: i64 = 10 * 60;

/// Whether a sign-in under way whose last step was `age_seconds` ago may go on.
pub fn pending_sign_in_fresh(age_seconds: i64) -> bool {
    (0..=PENDING_SIGN_IN_SECONDS).contains(&age_seconds)
}

/// Usernames are compared case-insensitively and without surrounding spaces.
pub fn normalise_username(typed: &str) -> String {
    typed.trim().to_lowercase()
}

/// Whether a sign-in attempt is worth checking at all; what is not is answered as wrong
/// credentials without counting (it cannot be anyone's).
pub fn plausible_attempt(username: &str, password: &str) -> bool {
    let u = username.trim().chars().count();
    (1..=MAX_USERNAME_CHARS).contains(&u) && password.chars().count() <= MAX_PASSWORD_CHARS
}

impl crate::error::Coded for SignInError {
    fn code(&self) -> &'static str {
        SignInError::code(self)
    }
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            SignInError::InvalidCredentials | SignInError::CodeReused => Unauthenticated,
            SignInError::Wait { .. }
            | SignInError::Locked { .. }
            | SignInError::Stopped
            | SignInError::AddressBusy => Throttled,
            _ => Invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_attempts_are_free_then_waits_double_then_lock() {
        for f in 0..FREE_ATTEMPTS {
            assert_eq!(check_attempt_allowed(f, 0), Ok(()));
        }
        assert_eq!(
            check_attempt_allowed(3, 0),
            Err(SignInError::Wait { seconds: 1 })
        );
        assert_eq!(check_attempt_allowed(3, 1), Ok(()));
        assert_eq!(
            check_attempt_allowed(5, 1),
            Err(SignInError::Wait { seconds: 3 })
        );
        assert_eq!(
            check_attempt_allowed(9, 63),
            Err(SignInError::Wait { seconds: 1 })
        );
        assert_eq!(check_attempt_allowed(9, 64), Ok(()));
        assert_eq!(
            check_attempt_allowed(LOCK_AFTER, 60),
            Err(SignInError::Locked {
                seconds: LOCK_SECONDS - 60
            })
        );
        assert_eq!(check_attempt_allowed(LOCK_AFTER + 4, LOCK_SECONDS << 4), Ok(()));
    }

    #[test]
    fn an_expired_lock_never_starts_a_new_count_and_the_waits_keep_growing() {
        assert_eq!(failures_after_failure(0), 1);
        assert_eq!(failures_after_failure(LOCK_AFTER), LOCK_AFTER + 1);
        assert_eq!(failures_after_failure(u32::MAX), u32::MAX);
        // After the first lock runs out, one more failure locks for twice as long.
        assert_eq!(check_attempt_allowed(LOCK_AFTER, LOCK_SECONDS), Ok(()));
        assert_eq!(
            check_attempt_allowed(LOCK_AFTER + 1, LOCK_SECONDS),
            Err(SignInError::Locked {
                seconds: LOCK_SECONDS
            })
        );
        assert_eq!(check_attempt_allowed(LOCK_AFTER + 1, 2 * LOCK_SECONDS), Ok(()));
        assert_eq!(
            check_attempt_allowed(LOCK_AFTER + 2, 3 * LOCK_SECONDS),
            Err(SignInError::Locked {
                seconds: LOCK_SECONDS
            })
        );
        // A bounded number of failures stops sign-in, however long one waits.
        assert_eq!(check_attempt_allowed(STOP_AFTER, u64::MAX), Err(SignInError::Stopped));
        assert_eq!(check_attempt_allowed(u32::MAX, u64::MAX), Err(SignInError::Stopped));
        // Only counts below a lock are forgotten after a quiet day.
        assert!(failures_forgettable(LOCK_AFTER - 1));
        assert!(!failures_forgettable(LOCK_AFTER));
    }

    #[test]
    fn temporary_password_lives_thirty_days() {
        let day = 24 * 3600;
        assert_eq!(check_temporary_password_fresh(0), Ok(()));
        assert_eq!(check_temporary_password_fresh(30 * day), Ok(()));
        assert_eq!(
            check_temporary_password_fresh(30 * day + 1),
            Err(SignInError::TemporaryPasswordExpired)
        );
    }

    #[test]
    fn password_policy() {
        let ok = "correct horse battery";
        assert_eq!(check_new_password(ok, ok, "jsmith-1234", false), Ok(()));
        assert_eq!(
            check_new_password("short", "short", "u", false),
            Err(SignInError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password(ok, "correct horse batterY", "u", false),
            Err(SignInError::PasswordMismatch)
        );
        let with_name = "my JSmith-1234 secret";
        assert_eq!(
            check_new_password(with_name, with_name, "jsmith-1234", false),
            Err(SignInError::PasswordContainsUsername)
        );
        assert_eq!(
            check_new_password(ok, ok, "u2", true),
            Err(SignInError::PasswordUnchanged)
        );
        // Twelve characters, counted as characters, not bytes.
        assert_eq!(
            check_new_password("ééééééééééé", "ééééééééééé", "u", false),
            Err(SignInError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password("éééééééééééé", "éééééééééééé", "u", false),
            Ok(())
        );
    }

    #[test]
    fn a_totp_step_is_accepted_once() {
        assert_eq!(check_totp_step(Some(100), None), Ok(100));
        assert_eq!(check_totp_step(Some(101), Some(100)), Ok(101));
        assert_eq!(
            check_totp_step(Some(100), Some(100)),
            Err(SignInError::CodeReused)
        );
        assert_eq!(
            check_totp_step(Some(99), Some(100)),
            Err(SignInError::CodeReused)
        );
        assert_eq!(
            check_totp_step(None, Some(100)),
            Err(SignInError::InvalidCredentials)
        );
    }

    #[test]
    fn usernames_compare_without_case_and_spaces() {
        assert_eq!(normalise_username("  JSmith-1234 "), "jsmith-1234");
    }

    #[test]
    fn a_sign_in_under_way_lasts_ten_minutes() {
        assert!(pending_sign_in_fresh(0));
        assert!(pending_sign_in_fresh(600));
        assert!(!pending_sign_in_fresh(601));
        assert!(
            !pending_sign_in_fresh(-5),
            "a clock gone backwards is not trusted"
        );
    }

    #[test]
    fn implausible_attempts_are_not_checked() {
        assert!(plausible_attempt("jsmith-1234", "x"));
        assert!(!plausible_attempt("   ", "x"));
        assert!(!plausible_attempt(&"a".repeat(65), "x"));
        assert!(!plausible_attempt("jsmith-1234", &"p".repeat(257)));
        let long = "p".repeat(257);
        assert_eq!(
            check_new_password(&long, &long, "u", false),
            Err(SignInError::PasswordTooLong)
        );
    }
}
