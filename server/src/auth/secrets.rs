//! The cryptographic parts of password + TOTP sign-in (DESIGN.md §4): argon2id hashes,
//! RFC 6238 codes, enrolment URIs and QR codes, generated usernames and temporary
//! passwords. The decisions (policy, replay, lock-out) are in `domain::signin`.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use rand::Rng;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};
use totp_rs::{Algorithm, Secret, TOTP};

/// The issuer shown in authenticator apps.
pub const TOTP_ISSUER: &str = "Toegangsbeheer";
const TOTP_STEP: u64 = 30;

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// An argon2id hash (PHC string) with a fresh salt, with the crate's recommended
/// parameters (OWASP: m=19 MiB, t=2, p=1).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored hash. With `None` (unknown username) it checks
/// against a fixed hash, so that both cases take the same time.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("no such user").unwrap_or_default());
    let known = stored.is_some();
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(dummy)) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && known
}

/// Argon2 takes tens of milliseconds and 19 MiB per check: at most this many run at once,
/// so a flood of sign-in attempts queues instead of exhausting memory and threads.
const HASHING_AT_ONCE: usize = 2;

fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(HASHING_AT_ONCE))
}

/// [`verify_password`] off the async threads, a few at a time.
pub async fn verify_password_async(password: &str, stored: Option<&str>) -> bool {
    let Ok(_permit) = hashing().acquire().await else {
        return false;
    };
    let (pw, stored) = (password.to_owned(), stored.map(str::to_owned));
    tokio::task::spawn_blocking(move || verify_password(&pw, stored.as_deref()))
        .await
        .unwrap_or(false)
}

/// [`hash_password`] off the async threads, a few at a time.
pub async fn hash_password_async(password: &str) -> Result<String, String> {
    let _permit = hashing().acquire().await.map_err(|e| e.to_string())?;
    let pw = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&pw).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())?
}

/// A new TOTP secret (160 random bits, base32).
pub fn new_totp_secret() -> String {
    match Secret::generate_secret().to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
    }
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        TOTP_STEP,
        bytes,
        Some(TOTP_ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// The time step (of 30 s) whose code `code` is, looking one step back and one ahead for
/// clock drift; `None` when no step matches.
pub fn matching_step(secret: &str, code: &str, now: i64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "x")?;
    let current = now.max(0) as u64 / TOTP_STEP;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| t.check(&code, step * TOTP_STEP))
}

/// The code for `secret` at `now` (tests use it as an authenticator app would).
pub fn code_at(secret: &str, now: i64) -> Option<String> {
    Some(totp(secret, "x")?.generate(now.max(0) as u64))
}

/// The `otpauth://` URI an authenticator app reads, and the same as an SVG QR code.
pub fn enrolment(secret: &str, account: &str) -> Option<(String, String)> {
    let uri = totp(secret, account)?.get_url();
    let svg = qrcode::QrCode::new(uri.as_bytes())
        .ok()?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Some((uri, svg))
}

/// A username for a person without a national number: letters of the name (initial and
/// last name, ASCII), a dash and four digits, e.g. `jsmith-4821`.
pub fn new_username(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter_map(|c| {
                    let c = fold(c);
                    c.is_ascii_alphabetic().then(|| c.to_ascii_lowercase())
                })
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut base = match words.as_slice() {
        [] => "user".to_owned(),
        [one] => one.clone(),
        [first, .., last] => format!("{}{}", &first[..1], last),
    };
    base.truncate(12);
    format!("{base}-{:04}", rand::thread_rng().gen_range(0..10_000))
}

/// Accented Latin letters to their base letter (enough for names).
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        c => c,
    }
}

/// A temporary password: 16 characters from an alphabet without look-alikes (about 90
/// bits), easy to type from an SMS.
pub fn new_temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&h)));
        assert!(!verify_password("wrong", Some(&h)));
        assert!(
            !verify_password("no such user", None),
            "the dummy hash never signs in"
        );
        assert!(!verify_password("x", Some("not a hash")));
    }

    #[test]
    fn totp_codes_match_their_step_only() {
        let s = new_totp_secret();
        let now = 1_800_000_015;
        let code = code_at(&s, now).unwrap();
        assert_eq!(matching_step(&s, &code, now), Some(60_000_000));
        assert_eq!(
            matching_step(&s, &code, now + 30),
            Some(60_000_000),
            "one step of drift"
        );
        assert_eq!(matching_step(&s, &code, now + 90), None);
        assert_eq!(matching_step(&s, "12345", now), None);
        assert_eq!(matching_step(&s, "abcdef", now), None);
        // RFC 6238 appendix B, SHA-1, 6 digits: T = 59 gives 287082.
        let rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(code_at(rfc, 59).unwrap(), "287082");
    }

    #[test]
    fn enrolment_gives_an_otpauth_uri_and_a_qr_code() {
        let (uri, svg) = enrolment(&new_totp_secret(), "jsmith-1234").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Toegangsbeheer:jsmith-1234?secret="),
            "{uri}"
        );
        assert!(svg.contains("<svg"));
    }

    #[test]
    fn usernames_and_temporary_passwords() {
        let u = new_username("José  van den Böck");
        assert!(
            u.starts_with("jbock-") && u.len() == "jbock-".len() + 4,
            "{u}"
        );
        assert!(new_username("Ōno").starts_with("no-"));
        assert!(new_username("").starts_with("user-"));
        let p = new_temporary_password();
        assert_eq!(p.len(), 16);
        assert_ne!(p, new_temporary_password());
    }
}
