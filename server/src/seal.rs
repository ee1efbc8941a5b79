//! Secrets at rest: TOTP secrets and the temporary passwords waiting in the outbox are
//! stored sealed (XChaCha20-Poly1305, a random 192-bit nonce per value) under the key from
//! `TOEGANG_SECRET_KEY`. Each value is bound to what it is for (the associated data, e.g.
//! `totp:42`), so that a sealed value copied into another row does not open there.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

/// Marks a sealed value (and its format's version).
const PREFIX: &str = "sealed:v1:";
const NONCE: usize = 24;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("a sealed value does not open with this key (wrong TOEGANG_SECRET_KEY, or altered)")]
    Unreadable,
    #[error("a secret is stored in the clear")]
    NotSealed,
}

#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    pub fn new(key: &[u8; 32]) -> Sealer {
        Sealer {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// Seals `plain` for `purpose`.
    pub fn seal(&self, purpose: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: purpose.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any length a string has");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    /// Opens a value sealed for `purpose`.
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String, SealError> {
        let data = sealed.strip_prefix(PREFIX).ok_or(SealError::NotSealed)?;
        let data = STANDARD.decode(data).map_err(|_| SealError::Unreadable)?;
        if data.len() < NONCE {
            return Err(SealError::Unreadable);
        }
        let (nonce, body) = data.split_at(NONCE);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| SealError::Unreadable)?;
        String::from_utf8(plain).map_err(|_| SealError::Unreadable)
    }

    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(PREFIX)
    }
}

/// A key as configured: 32 bytes in base64.
pub fn parse_key(b64: &str) -> Option<[u8; 32]> {
    STANDARD.decode(b64.trim()).ok()?.try_into().ok()
}

/// The key file beside a SQLite database (`data/toegang.db.key`), if the database is a file.
fn key_file(database_url: &str) -> Option<String> {
    database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .filter(|p| !p.is_empty() && !p.starts_with(":memory:"))
        .map(|p| format!("{}.key", p.split('?').next().unwrap_or(p)))
}

/// The key a demo server keeps beside its database, if there is one (for the operator's
/// commands on a demo database).
pub fn existing_key_file(database_url: &str) -> Option<[u8; 32]> {
    parse_key(&std::fs::read_to_string(key_file(database_url)?).ok()?)
}

/// Demo mode without a configured key: a key file beside the database, made once
/// (readable by its owner only), so that a restarted demo still opens what it sealed.
pub fn demo_key(database_url: &str) -> std::io::Result<[u8; 32]> {
    let Some(path) = key_file(database_url) else {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        return Ok(key);
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Some(key) = parse_key(&text) {
            return Ok(key);
        }
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    if let Some(dir) = std::path::Path::new(&path).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&path)?, STANDARD.encode(key).as_bytes())?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_purpose() {
        let s = Sealer::new(&[7; 32]);
        let sealed = s.seal("totp:1", "JBSWY3DPEHPK3PXP");
        assert!(Sealer::is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(sealed, s.seal("totp:1", "JBSWY3DPEHPK3PXP"), "a fresh nonce each time");
        assert_eq!(s.open("totp:1", &sealed).unwrap(), "JBSWY3DPEHPK3PXP");
        assert_eq!(s.open("totp:2", &sealed), Err(SealError::Unreadable));
        assert_eq!(
            Sealer::new(&[8; 32]).open("totp:1", &sealed),
            Err(SealError::Unreadable)
        );
        assert_eq!(s.open("totp:1", "JBSWY3DPEHPK3PXP"), Err(SealError::NotSealed));
        let mut altered = sealed.clone();
        altered.pop();
        altered.push('A');
        assert!(s.open("totp:1", &altered).is_err());
    }

    #[test]
    fn keys_are_32_bytes_of_base64_and_the_demo_key_file_is_kept() {
        assert_eq!(parse_key(&STANDARD.encode([1u8; 32])), Some([1; 32]));
        assert_eq!(parse_key(&STANDARD.encode([1u8; 16])), None);
        assert_eq!(parse_key("not base64!"), None);
        let dir = std::env::temp_dir().join(format!("toegang-seal-{}", std::process::id()));
        let url = format!("sqlite://{}/t.db", dir.display());
        let first = demo_key(&url).unwrap();
        assert_eq!(demo_key(&url).unwrap(), first, "the same key after a restart");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("t.db.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
