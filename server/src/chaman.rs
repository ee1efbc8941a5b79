//! Chaman's credentials, parsed with real parsers (R12): an OpenSSH public key for SFTP
//! (the `ssh-key` crate: type and SHA-256 fingerprint, as `ssh-keygen -l` shows them), an
//! X.509 certificate in PEM for SOAP (the `x509-parser` crate: subject and validity; the
//! period is checked by `domain::chaman`), and for REST an OAuth2 client identified by a
//! public key (SubjectPublicKeyInfo in PEM) or a certificate. FTP takes a login.

use base64::Engine;
use domain::chaman::{self, ChamanError, ChannelKind};
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, SubjectPublicKeyInfo};

/// What is kept of a credential: the text as given (normalised) and what the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCredential {
    pub stored: String,
    /// (label code, value) pairs, e.g. ("type", "ssh-ed25519"); the page words the label.
    pub summary: Vec<(String, String)>,
}

fn pair(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

/// Parses the credential of a channel of `kind`, at unix time `now`.
pub fn parse_credential(
    kind: ChannelKind,
    input: &str,
    now: i64,
) -> Result<ParsedCredential, ChamanError> {
    let input = input.trim();
    match kind {
        ChannelKind::Ftp => {
            let login = chaman::parse_ftp_login(input)?;
            Ok(ParsedCredential {
                summary: vec![pair("login", login.clone())],
                stored: login,
            })
        }
        ChannelKind::Sftp => ssh_key(input),
        ChannelKind::Soap => certificate(input, now),
        ChannelKind::Rest => {
            let mut parsed = match pem_label(input).as_deref() {
                Some("CERTIFICATE") => certificate(input, now),
                Some("PUBLIC KEY") => public_key(input),
                _ => Err(ChamanError::PublicKeyInvalid),
            }?;
            // The OAuth2 client this key or certificate identifies (private_key_jwt).
            parsed
                .summary
                .insert(0, pair("client_id", uuid::Uuid::new_v4().to_string()));
            Ok(parsed)
        }
    }
}

fn ssh_key(input: &str) -> Result<ParsedCredential, ChamanError> {
    // One line: `type base64 [comment]`.
    if input.lines().count() != 1 {
        return Err(ChamanError::SshKeyInvalid);
    }
    let key = ssh_key::PublicKey::from_openssh(input).map_err(|_| ChamanError::SshKeyInvalid)?;
    let rsa_bits = key.key_data().rsa().map(|k| {
        let n = k.n.as_bytes();
        let lead = n.iter().take_while(|b| **b == 0).count();
        (n.len() - lead) * 8
    });
    chaman::check_key_strength(key.algorithm().as_str(), rsa_bits)?;
    let fingerprint = key.fingerprint(ssh_key::HashAlg::Sha256).to_string();
    let mut summary = vec![
        pair("type", key.algorithm().as_str()),
        pair("fingerprint", fingerprint),
    ];
    if !key.comment().is_empty() {
        summary.push(pair("comment", key.comment()));
    }
    Ok(ParsedCredential {
        stored: key.to_openssh().map_err(|_| ChamanError::SshKeyInvalid)?,
        summary,
    })
}

fn pem_label(input: &str) -> Option<String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(input.as_bytes()).ok()?;
    Some(pem.label)
}

/// Exactly one PEM block: anything after it (a second block, stray text) is refused
/// rather than silently ignored.
fn one_pem(input: &str, invalid: ChamanError) -> Result<x509_parser::pem::Pem, ChamanError> {
    let (rest, pem) =
        x509_parser::pem::parse_x509_pem(input.as_bytes()).map_err(|_| invalid.clone())?;
    if rest.iter().any(|b| !b.is_ascii_whitespace()) {
        return Err(invalid);
    }
    Ok(pem)
}

fn certificate(input: &str, now: i64) -> Result<ParsedCredential, ChamanError> {
    let pem = one_pem(input, ChamanError::CertificateInvalid)?;
    if pem.label != "CERTIFICATE" {
        return Err(ChamanError::CertificateInvalid);
    }
    let cert = pem
        .parse_x509()
        .map_err(|_| ChamanError::CertificateInvalid)?;
    let validity = cert.validity();
    let (from, until) = (validity.not_before, validity.not_after);
    chaman::check_certificate_period(from.timestamp(), until.timestamp(), now)?;
    let day = |t: x509_parser::time::ASN1Time| t.to_datetime().date().to_string();
    Ok(ParsedCredential {
        summary: vec![
            pair("subject", cert.subject().to_string()),
            pair("valid_from", day(from)),
            pair("valid_until", day(until)),
            pair("fingerprint", fingerprint(&pem.contents)),
        ],
        stored: pem_text("CERTIFICATE", &pem.contents),
    })
}

fn public_key(input: &str) -> Result<ParsedCredential, ChamanError> {
    let pem = one_pem(input, ChamanError::PublicKeyInvalid)?;
    let (rest, spki) =
        SubjectPublicKeyInfo::from_der(&pem.contents).map_err(|_| ChamanError::PublicKeyInvalid)?;
    if !rest.is_empty() || spki.parsed().is_err() {
        return Err(ChamanError::PublicKeyInvalid);
    }
    let algorithm = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(k)) => format!("RSA {} bits", k.key_size()),
        Ok(x509_parser::public_key::PublicKey::EC(p)) => format!("EC {} bits", p.key_size()),
        _ => spki.algorithm.algorithm.to_id_string(),
    };
    Ok(ParsedCredential {
        summary: vec![
            pair("key", algorithm),
            pair("fingerprint", fingerprint(&pem.contents)),
        ],
        stored: pem_text("PUBLIC KEY", &pem.contents),
    })
}

/// SHA-256 of DER, as `SHA256:` and unpadded base64 (the form `ssh-keygen -l` uses).
fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
    )
}

fn pem_text(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SSH: &str = include_str!("../tests/fixtures/sftp-ed25519.pub");
    const VALID: &str = include_str!("../tests/fixtures/soap-valid.pem");
    const EXPIRED: &str = include_str!("../tests/fixtures/soap-expired.pem");
    const PUBLIC: &str = include_str!("../tests/fixtures/rest-public-key.pem");
    const NOW: i64 = 1_795_000_000; // 2026-11
    const RSA_1024: &str = include_str!("../tests/fixtures/sftp-rsa-1024.pub");

    fn summary(p: &ParsedCredential, label: &str) -> String {
        p.summary
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    #[test]
    fn an_openssh_key_shows_its_type_and_the_fingerprint_ssh_keygen_shows() {
        let p = parse_credential(ChannelKind::Sftp, SSH, NOW).unwrap();
        assert_eq!(summary(&p, "type"), "ssh-ed25519");
        // `ssh-keygen -lf server/tests/fixtures/sftp-ed25519.pub`
        assert_eq!(
            summary(&p, "fingerprint"),
            "SHA256:Om99BnE48mZfcO2z1LhlIPbP25e+v59GNIMAlmNw7js"
        );
        assert_eq!(summary(&p, "comment"), "sftp@demo-bouwbedrijf.be");
        for bad in [
            "",
            "garbage",
            "ssh-ed25519 AAAAnotbase64",
            VALID,
            &format!("{SSH}{SSH}"),
        ] {
            assert_eq!(
                parse_credential(ChannelKind::Sftp, bad, NOW),
                Err(ChamanError::SshKeyInvalid),
                "{bad}"
            );
        }
        // Weak keys: a 1024-bit RSA key (generated by ssh-keygen for this test).
        assert_eq!(
            parse_credential(ChannelKind::Sftp, RSA_1024, NOW),
            Err(ChamanError::WeakKey)
        );
        // A key with a byte changed in its body does not parse.
        let mut broken = SSH.to_owned();
        broken.replace_range(30..31, if &SSH[30..31] == "A" { "B" } else { "A" });
        assert!(parse_credential(ChannelKind::Sftp, &broken, NOW).is_err());
    }

    #[test]
    fn a_certificate_shows_subject_and_validity_and_must_be_valid_now() {
        let p = parse_credential(ChannelKind::Soap, VALID, NOW).unwrap();
        assert!(
            summary(&p, "subject").contains("CN=soap.demo-bouwbedrijf.be"),
            "{p:?}"
        );
        assert_eq!(summary(&p, "valid_until"), "2099-12-31");
        assert_eq!(
            parse_credential(ChannelKind::Soap, EXPIRED, NOW),
            Err(ChamanError::CertificateExpired)
        );
        assert_eq!(
            parse_credential(ChannelKind::Soap, VALID, 1_000_000_000),
            Err(ChamanError::CertificateNotYetValid)
        );
        assert_eq!(
            parse_credential(ChannelKind::Soap, PUBLIC, NOW),
            Err(ChamanError::CertificateInvalid)
        );
        assert_eq!(
            parse_credential(
                ChannelKind::Soap,
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                NOW
            ),
            Err(ChamanError::CertificateInvalid)
        );
    }

    #[test]
    fn rest_takes_a_public_key_or_a_certificate() {
        let p = parse_credential(ChannelKind::Rest, PUBLIC, NOW).unwrap();
        assert_eq!(summary(&p, "key"), "EC 256 bits");
        assert_eq!(summary(&p, "client_id").len(), 36, "an OAuth2 client id");
        assert!(summary(&p, "fingerprint").starts_with("SHA256:"));
        assert!(parse_credential(ChannelKind::Rest, VALID, NOW).is_ok());
        assert_eq!(
            parse_credential(ChannelKind::Rest, EXPIRED, NOW),
            Err(ChamanError::CertificateExpired)
        );
        assert_eq!(
            parse_credential(ChannelKind::Rest, SSH, NOW),
            Err(ChamanError::PublicKeyInvalid)
        );
    }

    #[test]
    fn ftp_takes_a_login() {
        let p = parse_credential(ChannelKind::Ftp, "bouw.ftp", NOW).unwrap();
        assert_eq!(p.stored, "bouw.ftp");
        assert_eq!(
            parse_credential(ChannelKind::Ftp, "X", NOW),
            Err(ChamanError::LoginInvalid)
        );
    }
}
