//! Chaman, the technical channels (R12): an enterprise's sender (created at first use,
//! with exactly one technical contact) and its channels of type FTP, SFTP, SOAP and REST,
//! each for the test or the production environment, activated and deactivated.
//!
//! Parsing keys and certificates needs real parsers (OpenSSH, X.509) and lives on the
//! server; the decisions on what they found are here.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Ftp,
    Sftp,
    Soap,
    Rest,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 4] = [
        ChannelKind::Ftp,
        ChannelKind::Sftp,
        ChannelKind::Soap,
        ChannelKind::Rest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::Ftp => "ftp",
            ChannelKind::Sftp => "sftp",
            ChannelKind::Soap => "soap",
            ChannelKind::Rest => "rest",
        }
    }

    pub fn parse(code: &str) -> Result<ChannelKind, ChamanError> {
        ChannelKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or(ChamanError::KindInvalid)
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code().to_uppercase())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Test,
    Production,
}

impl Environment {
    pub fn code(self) -> &'static str {
        match self {
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }

    pub fn parse(code: &str) -> Result<Environment, ChamanError> {
        match code {
            "test" => Ok(Environment::Test),
            "production" => Ok(Environment::Production),
            _ => Err(ChamanError::EnvironmentInvalid),
        }
    }
}

/// The longest credential text accepted (a 4096-bit RSA certificate chain fits easily).
pub const MAX_CREDENTIAL_CHARS: usize = 16 * 1024;
/// Channels per enterprise.
pub const MAX_CHANNELS: usize = 50;
/// The smallest RSA key accepted (NIST SP 800-131A).
pub const MIN_RSA_BITS: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChamanError {
    #[error("the key or certificate is too long")]
    CredentialTooLong,
    #[error("this key is too weak (DSA, or RSA under {MIN_RSA_BITS} bits)")]
    WeakKey,
    #[error("the enterprise has the maximum number of channels")]
    TooManyChannels,
    #[error("unknown channel type")]
    KindInvalid,
    #[error("unknown environment")]
    EnvironmentInvalid,
    #[error("create the enterprise's sender first")]
    NoSender,
    #[error("the enterprise already has its sender")]
    SenderExists,
    #[error("an FTP login has 3 to 32 lower-case letters, digits, dots, dashes or underscores")]
    LoginInvalid,
    #[error("not an OpenSSH public key")]
    SshKeyInvalid,
    #[error("not an X.509 certificate in PEM")]
    CertificateInvalid,
    #[error("the certificate has expired")]
    CertificateExpired,
    #[error("the certificate is not valid yet")]
    CertificateNotYetValid,
    #[error("neither a public key nor a certificate in PEM")]
    PublicKeyInvalid,
    #[error("no such channel")]
    ChannelNotFound,
    #[error("the channel is already active")]
    AlreadyActive,
    #[error("the channel is already inactive")]
    AlreadyInactive,
    #[error("the enterprise has this channel already")]
    DuplicateChannel,
    #[error("deactivate the channel before removing it")]
    RemoveActive,
}

impl ChamanError {
    pub fn code(&self) -> &'static str {
        match self {
            ChamanError::CredentialTooLong => "chaman.credential_too_long",
            ChamanError::WeakKey => "chaman.weak_key",
            ChamanError::TooManyChannels => "chaman.too_many_channels",
            ChamanError::KindInvalid => "chaman.kind_invalid",
            ChamanError::EnvironmentInvalid => "chaman.environment_invalid",
            ChamanError::NoSender => "chaman.no_sender",
            ChamanError::SenderExists => "chaman.sender_exists",
            ChamanError::LoginInvalid => "chaman.login_invalid",
            ChamanError::SshKeyInvalid => "chaman.ssh_key_invalid",
            ChamanError::CertificateInvalid => "chaman.certificate_invalid",
            ChamanError::CertificateExpired => "chaman.certificate_expired",
            ChamanError::CertificateNotYetValid => "chaman.certificate_not_yet_valid",
            ChamanError::PublicKeyInvalid => "chaman.public_key_invalid",
            ChamanError::ChannelNotFound => "chaman.channel_not_found",
            ChamanError::AlreadyActive => "chaman.already_active",
            ChamanError::AlreadyInactive => "chaman.already_inactive",
            ChamanError::DuplicateChannel => "chaman.duplicate_channel",
            ChamanError::RemoveActive => "chaman.remove_active",
        }
    }
}

/// First use: the sender is created once, with its one technical contact.
pub fn check_sender_creation(sender_exists: bool) -> Result<(), ChamanError> {
    if sender_exists {
        Err(ChamanError::SenderExists)
    } else {
        Ok(())
    }
}

/// R12: the technical contact is the sender's: it is changed only once the sender exists.
pub fn check_contact_change(sender_exists: bool) -> Result<(), ChamanError> {
    if sender_exists {
        Ok(())
    } else {
        Err(ChamanError::NoSender)
    }
}

/// R12: a channel is removed only when it is not active: whoever removes a channel that
/// carries traffic deactivates it first, a step that can still be undone.
pub fn check_channel_removal(active: bool) -> Result<(), ChamanError> {
    if active {
        Err(ChamanError::RemoveActive)
    } else {
        Ok(())
    }
}

/// Channels belong to the sender: none before it exists, and at most [`MAX_CHANNELS`].
pub fn check_channel_creation(sender_exists: bool, channels: usize) -> Result<(), ChamanError> {
    if !sender_exists {
        Err(ChamanError::NoSender)
    } else if channels >= MAX_CHANNELS {
        Err(ChamanError::TooManyChannels)
    } else {
        Ok(())
    }
}

/// R12: a channel is the sender's once: the same type, environment and credential (as
/// stored after parsing) as an existing channel is refused, not added again.
pub fn check_channel_unique<'a>(
    existing: impl IntoIterator<Item = (ChannelKind, Environment, &'a str)>,
    new: (ChannelKind, Environment, &str),
) -> Result<(), ChamanError> {
    if existing.into_iter().any(|c| c == new) {
        Err(ChamanError::DuplicateChannel)
    } else {
        Ok(())
    }
}

/// A credential is at most [`MAX_CREDENTIAL_CHARS`] long (checked before any parsing).
pub fn check_credential_size(input: &str) -> Result<(), ChamanError> {
    if input.len() > MAX_CREDENTIAL_CHARS {
        Err(ChamanError::CredentialTooLong)
    } else {
        Ok(())
    }
}

/// Keys strong enough for a channel: no DSA, RSA of at least [`MIN_RSA_BITS`].
pub fn check_key_strength(algorithm: &str, rsa_bits: Option<usize>) -> Result<(), ChamanError> {
    match (algorithm, rsa_bits) {
        ("ssh-dss" | "dsa", _) => Err(ChamanError::WeakKey),
        (_, Some(bits)) if bits < MIN_RSA_BITS => Err(ChamanError::WeakKey),
        _ => Ok(()),
    }
}

/// A certificate is accepted only within its validity period (unix seconds): an expired
/// one, or one not valid yet, is refused.
pub fn check_certificate_period(
    not_before: i64,
    not_after: i64,
    now: i64,
) -> Result<(), ChamanError> {
    if now > not_after {
        Err(ChamanError::CertificateExpired)
    } else if now < not_before {
        Err(ChamanError::CertificateNotYetValid)
    } else {
        Ok(())
    }
}

/// An FTP channel's login: 3 to 32 of `a-z 0-9 . _ -`, starting with a letter.
pub fn parse_ftp_login(input: &str) -> Result<String, ChamanError> {
    let t = input.trim();
    let ok = (3..=32).contains(&t.len())
        && t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    if ok {
        Ok(t.to_owned())
    } else {
        Err(ChamanError::LoginInvalid)
    }
}

/// Activating an active channel, or deactivating an inactive one, is refused (the page
/// was stale); the rest is allowed.
pub fn check_activation(active: bool, activate: bool) -> Result<(), ChamanError> {
    match (active, activate) {
        (true, true) => Err(ChamanError::AlreadyActive),
        (false, false) => Err(ChamanError::AlreadyInactive),
        _ => Ok(()),
    }
}

impl crate::error::Coded for ChamanError {
    fn code(&self) -> &'static str {
        ChamanError::code(self)
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            ChamanError::KindInvalid => Some("kind"),
            ChamanError::EnvironmentInvalid => Some("environment"),
            ChamanError::LoginInvalid
            | ChamanError::SshKeyInvalid
            | ChamanError::CertificateInvalid
            | ChamanError::CertificateExpired
            | ChamanError::CertificateNotYetValid
            | ChamanError::PublicKeyInvalid
            | ChamanError::CredentialTooLong
            | ChamanError::WeakKey => Some("credential"),
            _ => None,
        }
    }
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            ChamanError::NoSender => Forbidden,
            ChamanError::ChannelNotFound => NotFound,
            ChamanError::SenderExists
            | ChamanError::AlreadyActive
            | ChamanError::AlreadyInactive
            | ChamanError::TooManyChannels
            | ChamanError::DuplicateChannel
            | ChamanError::RemoveActive => Conflict,
            _ => Invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_environments() {
        for k in ChannelKind::ALL {
            assert_eq!(ChannelKind::parse(k.code()), Ok(k));
        }
        assert_eq!(ChannelKind::parse("smtp"), Err(ChamanError::KindInvalid));
        assert_eq!(ChannelKind::Sftp.to_string(), "SFTP");
        assert_eq!(
            Environment::parse("production"),
            Ok(Environment::Production)
        );
        assert_eq!(
            Environment::parse("acceptance"),
            Err(ChamanError::EnvironmentInvalid)
        );
    }

    #[test]
    fn sender_first_and_once() {
        assert_eq!(check_sender_creation(false), Ok(()));
        assert_eq!(check_sender_creation(true), Err(ChamanError::SenderExists));
        assert_eq!(check_channel_creation(true, 0), Ok(()));
        assert_eq!(check_channel_creation(false, 0), Err(ChamanError::NoSender));
        assert_eq!(
            check_channel_creation(true, MAX_CHANNELS),
            Err(ChamanError::TooManyChannels)
        );
    }

    #[test]
    fn the_same_channel_is_not_added_twice() {
        use ChannelKind::*;
        use Environment::*;
        let existing = [(Sftp, Test, "ssh-ed25519 AAAA"), (Rest, Production, "cert")];
        assert_eq!(
            check_channel_unique(existing, (Sftp, Test, "ssh-ed25519 AAAA")),
            Err(ChamanError::DuplicateChannel)
        );
        // The same key for the other environment, or another key: a new channel.
        assert_eq!(check_channel_unique(existing, (Sftp, Production, "ssh-ed25519 AAAA")), Ok(()));
        assert_eq!(check_channel_unique(existing, (Sftp, Test, "ssh-ed25519 BBBB")), Ok(()));
        assert_eq!(check_channel_unique([], (Rest, Test, "x")), Ok(()));
    }

    #[test]
    fn sizes_and_strength() {
        assert_eq!(
            check_credential_size(&"a".repeat(MAX_CREDENTIAL_CHARS)),
            Ok(())
        );
        assert_eq!(
            check_credential_size(&"a".repeat(MAX_CREDENTIAL_CHARS + 1)),
            Err(ChamanError::CredentialTooLong)
        );
        assert_eq!(check_key_strength("ssh-ed25519", None), Ok(()));
        assert_eq!(check_key_strength("ssh-rsa", Some(4096)), Ok(()));
        assert_eq!(
            check_key_strength("ssh-rsa", Some(1024)),
            Err(ChamanError::WeakKey)
        );
        assert_eq!(
            check_key_strength("ssh-dss", None),
            Err(ChamanError::WeakKey)
        );
    }

    #[test]
    fn certificate_period() {
        assert_eq!(check_certificate_period(100, 200, 150), Ok(()));
        assert_eq!(check_certificate_period(100, 200, 200), Ok(()));
        assert_eq!(
            check_certificate_period(100, 200, 201),
            Err(ChamanError::CertificateExpired)
        );
        assert_eq!(
            check_certificate_period(100, 200, 99),
            Err(ChamanError::CertificateNotYetValid)
        );
    }

    #[test]
    fn ftp_logins() {
        assert_eq!(parse_ftp_login(" bouw.ftp-1 ").unwrap(), "bouw.ftp-1");
        for bad in ["ab", "Bouw", "1bouw", "bouw ftp", &"a".repeat(33)] {
            assert_eq!(
                parse_ftp_login(bad),
                Err(ChamanError::LoginInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_contact_changes_once_the_sender_exists() {
        assert_eq!(check_contact_change(true), Ok(()));
        assert_eq!(check_contact_change(false), Err(ChamanError::NoSender));
    }

    #[test]
    fn only_an_inactive_channel_is_removed() {
        assert_eq!(check_channel_removal(false), Ok(()));
        assert_eq!(check_channel_removal(true), Err(ChamanError::RemoveActive));
    }

    #[test]
    fn activation() {
        assert_eq!(check_activation(false, true), Ok(()));
        assert_eq!(check_activation(true, false), Ok(()));
        assert_eq!(
            check_activation(true, true),
            Err(ChamanError::AlreadyActive)
        );
        assert_eq!(
            check_activation(false, false),
            Err(ChamanError::AlreadyInactive)
        );
    }
}
