//! Contact details of people without a Belgian national number (DESIGN.md §4: a foreign
//! main access manager is reached by e-mail and SMS). Parse, don't validate.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("not a valid e-mail address")]
    Email,
    #[error("not an international phone number (+ country code and number)")]
    Mobile,
    #[error("a Belgian postal code has four digits, 1000 to 9999")]
    PostalCode,
    #[error("this field is required")]
    Required,
    #[error("this field is too long")]
    TooLong,
    #[error("not one of the portal's languages (nl, fr, de, en)")]
    Language,
    #[error("not one of the countries an address may be in")]
    Country,
    #[error("this postal code is not written as the chosen country writes them")]
    ForeignPostalCode,
}

impl ContactError {
    pub fn code(&self) -> &'static str {
        match self {
            ContactError::Email => "contact.email_invalid",
            ContactError::Mobile => "contact.phone_invalid",
            ContactError::PostalCode => "contact.postal_code_invalid",
            ContactError::Required => "contact.required",
            ContactError::TooLong => "contact.too_long",
            ContactError::Language => "contact.language_invalid",
            ContactError::Country => "contact.country_invalid",
            ContactError::ForeignPostalCode => "contact.postal_code_foreign_invalid",
        }
    }
}

/// The portal's languages (DESIGN.md §1), Dutch first: the default.
pub const LANGUAGES: [&str; 4] = ["nl", "fr", "de", "en"];

/// One of the portal's languages by its code (`fr`); empty means the default, Dutch.
pub fn language(code: &str) -> Result<&'static str, ContactError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(LANGUAGES[0]);
    }
    LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(code))
        .copied()
        .ok_or(ContactError::Language)
}

/// `s` cut at byte `at` (both halves empty where it cannot be cut there).
fn split(s: &str, at: usize) -> (&str, &str) {
    match (s.get(..at), s.get(at..)) {
        (Some(a), Some(b)) => (a, b),
        _ => ("", ""),
    }
}

/// The countries an enterprise's postal address may be in (ISO 3166-1 alpha-2), Belgium
/// first: the default. Belgium's neighbours and the countries Belgian employers most often
/// have their seat or their social secretariat in.
pub const COUNTRIES: [&str; 14] = [
    "BE", "NL", "LU", "FR", "DE", "AT", "CH", "ES", "IT", "PT", "PL", "IE", "GB", "US",
];

/// One of [`COUNTRIES`] by its code (`nl` or `NL`); empty means Belgium.
pub fn country(code: &str) -> Result<&'static str, ContactError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(COUNTRIES[0]);
    }
    COUNTRIES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(code))
        .copied()
        .ok_or(ContactError::Country)
}

/// A postal code: Belgian ones as bpost writes them (four digits, 1000 to 9999); a
/// foreign one as its country writes them, normalised (`1234 AB`, `75008`, `1234-567`,
/// `SW1A 1AA`, `D02 X285`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalCode(String);

impl PostalCode {
    /// A postal code of an address in `country` (one of [`COUNTRIES`]).
    pub fn parse_in(country: &str, input: &str) -> Result<PostalCode, ContactError> {
        if country == "BE" {
            return PostalCode::parse(input);
        }
        let t: String = input.trim().to_uppercase();
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let letters = |s: &str| s.bytes().all(|b| b.is_ascii_uppercase());
        let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
        let code = match country {
            // 1234 AB (not SA, SD, SS)
            "NL" => {
                let (n, l) = split(&compact, 4);
                (digits(n, 4) && !n.starts_with('0') && l.len() == 2 && letters(l)
                    && !["SA", "SD", "SS"].contains(&l))
                    .then(|| format!("{n} {l}"))
            }
            "LU" => {
                let c = compact.strip_prefix("L-").unwrap_or(&compact);
                digits(c, 4).then(|| c.to_owned())
            }
            "AT" | "CH" => (digits(&compact, 4) && !compact.starts_with('0')).then(|| compact.clone()),
            "FR" | "DE" | "ES" | "IT" => digits(&compact, 5).then(|| compact.clone()),
            "PT" => {
                let (a, b) = split(&compact, 4);
                (digits(a, 4) && b.len() == 4 && b.starts_with('-') && digits(&b[1..], 3))
                    .then(|| compact.clone())
            }
            "PL" => {
                let (a, b) = split(&compact, 2);
                (digits(a, 2) && b.len() == 4 && b.starts_with('-') && digits(&b[1..], 3))
                    .then(|| compact.clone())
            }
            "US" => {
                let (a, b) = split(&compact, 5);
                (digits(a, 5) && (b.is_empty() || (b.len() == 5 && b.starts_with('-') && digits(&b[1..], 4))))
                    .then(|| compact.clone())
            }
            // Outward code, then the inward code: a digit and two letters (SW1A 1AA).
            "GB" => {
                let n = compact.len();
                let (out, inw) = split(&compact, n.saturating_sub(3));
                let inw_ok = inw.len() == 3
                    && inw.as_bytes()[0].is_ascii_digit()
                    && letters(&inw[1..]);
                let out_ok = (2..=4).contains(&out.len())
                    && out.as_bytes()[0].is_ascii_uppercase()
                    && alnum(out)
                    && out.bytes().any(|b| b.is_ascii_digit());
                (inw_ok && out_ok).then(|| format!("{out} {inw}"))
            }
            // Eircode: a routing key (A65, D6W) and a unique identifier of four.
            "IE" => {
                let (key, id) = split(&compact, 3);
                let b = key.as_bytes();
                (key.len() == 3
                    && b[0].is_ascii_uppercase()
                    && b[1].is_ascii_digit()
                    && (b[2].is_ascii_digit() || b[2] == b'W')
                    && id.len() == 4
                    && alnum(id))
                    .then(|| format!("{key} {id}"))
            }
            _ => None,
        };
        code.map(PostalCode).ok_or(ContactError::ForeignPostalCode)
    }

    /// A Belgian postal code.
    pub fn parse(input: &str) -> Result<PostalCode, ContactError> {
        let t = input.trim();
        let t = t
            .strip_prefix("B-")
            .or_else(|| t.strip_prefix("BE-"))
            .unwrap_or(t);
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0') {
            Ok(PostalCode(t.to_owned()))
        } else {
            Err(ContactError::PostalCode)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest name of a person or an enterprise.
pub const MAX_NAME_CHARS: usize = 100;

/// The name of a person or an enterprise: trimmed, required, at most
/// [`MAX_NAME_CHARS`] characters. The one name rule of the portal (contact persons,
/// staff registers, enterprises and their main access managers).
pub fn name(input: &str) -> Result<String, ContactError> {
    text(input, MAX_NAME_CHARS)
}

/// A name as search compares it: lower case, without accents or other marks, and the
/// letters that are written out in plain Latin (ß → ss, æ → ae, ø → o, œ → oe, ł → l), so
/// that "helene" finds "Hélène", "DUPONT" finds "Dupont", and "muller" and "zoe" find
/// "Müller" and "Zoë", in every language.
pub fn search_key(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let letters = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| !is_combining_mark(*c));
    for c in letters {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            c => out.push(c),
        }
    }
    out
}

/// A required line of text (a name, a street), trimmed, at most `max` characters.
pub fn text(input: &str, max: usize) -> Result<String, ContactError> {
    let t = input.trim();
    if t.is_empty() {
        Err(ContactError::Required)
    } else if t.chars().count() > max {
        Err(ContactError::TooLong)
    } else {
        Ok(t.to_owned())
    }
}

/// An e-mail address as RFC 5322 / RFC 6531 allow it (parsed by the `email_address`
/// crate), with a domain that has at least one dot (no `root@localhost`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, ContactError> {
        // A bare address: no display text ("X <a@b.c>"), no domain literal (a@[1.2.3.4]),
        // and a domain with at least two labels.
        let options = email_address::Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        let parsed = email_address::EmailAddress::parse_with_options(input.trim(), options)
            .map_err(|_| ContactError::Email)?;
        if !parsed.domain().contains('.') || parsed.domain().ends_with('.') {
            return Err(ContactError::Email);
        }
        Ok(Email(parsed.as_str().to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Any phone number is parsed the same way (ContactData's telephone numbers).
pub type PhoneNumber = Mobile;

/// A phone number, stored in international form (ITU-T E.164): `+`, a country code that
/// does not start with 0, and in all 8 to 15 digits. `00` is accepted for `+`, and a
/// Belgian number may be typed the Belgian way: `0470 12 34 56` (a mobile: 04 and ten
/// digits) or `03 123 45 67` (a fixed line: nine digits) is `+32…`. Spaces, dots, dashes,
/// slashes and parentheses are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Mobile, ContactError> {
        let t = input.trim();
        let belgian;
        let rest = if let Some(r) = t.strip_prefix('+') {
            r
        } else if let Some(r) = t.strip_prefix("00") {
            r
        } else if t.starts_with('0') {
            belgian = Self::belgian(t)?;
            belgian.as_str()
        } else {
            return Err(ContactError::Mobile);
        };
        let mut digits = String::with_capacity(15);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '/' | '(' | ')' => {}
                _ => return Err(ContactError::Mobile),
            }
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(ContactError::Mobile);
        }
        Ok(Mobile(format!("+{digits}")))
    }
    /// A number typed the Belgian way (`0` and the zone or mobile prefix) as `32…`.
    fn belgian(t: &str) -> Result<String, ContactError> {
        let mut digits = String::with_capacity(10);
        for c in t.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '/' | '(' | ')' => {}
                _ => return Err(ContactError::Mobile),
            }
        }
        let national = &digits[1..];
        let mobile = national.starts_with('4') && national.len() == 9;
        let fixed = !national.starts_with('4') && !national.starts_with('0') && national.len() == 8;
        if mobile || fixed {
            Ok(format!("32{national}"))
        } else {
            Err(ContactError::Mobile)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as people read it: a Belgian one grouped as the country writes it
    /// (`+32 470 12 34 56`, `+32 2 123 45 67`, `+32 50 12 34 56`); another as stored.
    pub fn readable(&self) -> String {
        let Some(n) = self.0.strip_prefix("+32") else {
            return self.0.clone();
        };
        let group = |parts: &[usize]| {
            let mut out = String::from("+32");
            let mut at = 0;
            for len in parts {
                out.push(' ');
                out.push_str(&n[at..at + len]);
                at += len;
            }
            out
        };
        match (n.len(), n.as_bytes().first()) {
            (9, Some(b'4')) => group(&[3, 2, 2, 2]),
            // One-digit zones: Brussels, Antwerp, Liège, Ghent.
            (8, Some(b'2' | b'3' | b'9')) => group(&[1, 3, 2, 2]),
            (8, _) => group(&[2, 2, 2, 2]),
            _ => self.0.clone(),
        }
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" jan@example.nl ").unwrap().as_str(),
            "jan@example.nl"
        );
        assert!(Email::parse("jean.dupont+toegang@société.fr").is_ok());
        for bad in [
            "",
            "jan",
            "jan@",
            "@example.nl",
            "jan@localhost",
            "jan@@x.nl",
            "jan@x.nl.",
            "a b@x.nl",
        ] {
            assert_eq!(Email::parse(bad), Err(ContactError::Email), "{bad}");
        }
    }

    #[test]
    fn mobiles() {
        assert_eq!(
            Mobile::parse("+31 6 1234 5678").unwrap().as_str(),
            "+31612345678"
        );
        assert_eq!(
            Mobile::parse("0032 (475) 12.34.56").unwrap().as_str(),
            "+32475123456"
        );
        // Typed the Belgian way.
        for (typed, stored, readable) in [
            ("0470 12 34 56", "+32470123456", "+32 470 12 34 56"),
            ("0470/12.34.56", "+32470123456", "+32 470 12 34 56"),
            ("03 123 45 67", "+3231234567", "+32 3 123 45 67"),
            ("02/123.45.67", "+3221234567", "+32 2 123 45 67"),
            ("050 12 34 56", "+3250123456", "+32 50 12 34 56"),
            ("+32 2 123 45 67", "+3221234567", "+32 2 123 45 67"),
        ] {
            let m = Mobile::parse(typed).unwrap();
            assert_eq!((m.as_str(), m.readable().as_str()), (stored, readable), "{typed}");
        }
        assert_eq!(Mobile::parse("+31 6 1234 5678").unwrap().readable(), "+31612345678");
        for bad in [
            "",
            "047512345",
            "04751234567",
            "0212345678",
            "01234567",
            "0 0475 12 34 56",
            "0475 12 34 5x",
            "+0475123456",
            "+32 475",
            "+1234567890123456",
            "+32x475123456",
        ] {
            assert_eq!(Mobile::parse(bad), Err(ContactError::Mobile), "{bad}");
        }
    }

    #[test]
    fn foreign_postal_codes_as_their_countries_write_them() {
        for (country, typed, stored) in [
            ("NL", "1234ab", "1234 AB"),
            ("NL", " 1234 AB ", "1234 AB"),
            ("LU", "L-1234", "1234"),
            ("FR", "75008", "75008"),
            ("DE", "10115", "10115"),
            ("AT", "1010", "1010"),
            ("PT", "1000-001", "1000-001"),
            ("PL", "00-950", "00-950"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("IE", "d02x285", "D02 X285"),
            ("US", "20500", "20500"),
            ("US", "20500-0003", "20500-0003"),
        ] {
            assert_eq!(PostalCode::parse_in(country, typed).map(|p| p.0), Ok(stored.to_owned()), "{country} {typed}");
        }
        for (country, bad) in [
            ("NL", "1234"),
            ("NL", "1234 SS"),
            ("FR", "7500"),
            ("DE", "1011a"),
            ("PT", "1000001"),
            ("GB", "12345"),
            ("IE", "D02"),
            ("US", "2050"),
            ("CH", "0800"),
            ("XX", "1234"),
        ] {
            assert_eq!(PostalCode::parse_in(country, bad), Err(ContactError::ForeignPostalCode), "{country} {bad}");
        }
        // Belgium keeps bpost's rule and its own message.
        assert_eq!(PostalCode::parse_in("BE", "75008"), Err(ContactError::PostalCode));
        assert_eq!(country(""), Ok("BE"));
        assert_eq!(country("nl"), Ok("NL"));
        assert_eq!(country("XX"), Err(ContactError::Country));
    }

    #[test]
    fn postal_codes_and_text() {
        assert_eq!(PostalCode::parse(" 1000 ").unwrap().as_str(), "1000");
        assert_eq!(PostalCode::parse("B-9000").unwrap().as_str(), "9000");
        for bad in ["", "0999", "100", "10000", "10a0", "NL-1000"] {
            assert_eq!(
                PostalCode::parse(bad),
                Err(ContactError::PostalCode),
                "{bad}"
            );
        }
        assert_eq!(text("  Kerkstraat 1 ", 100).unwrap(), "Kerkstraat 1");
        assert_eq!(text("  ", 100), Err(ContactError::Required));
        assert_eq!(text("abcd", 3), Err(ContactError::TooLong));
    }

    proptest! {
        #[test]
        fn a_parsed_mobile_parses_to_itself(n in "[1-9][0-9]{7,14}") {
            let m = Mobile::parse(&format!("+{n}")).unwrap();
            prop_assert_eq!(Mobile::parse(m.as_str()).unwrap(), m.clone());
            prop_assert_eq!(m.as_str().len(), n.len() + 1);
        }
    }

    #[test]
    fn search_keys_ignore_case_and_accents_in_every_language() {
        for (name, typed) in [
            ("Hélène", "helene"),
            ("Dupont", "DUPONT"),
            ("Müller", "muller"),
            ("Zoë", "zoe"),
            ("Straße", "strasse"),
            ("Ægir Øberg", "aegir oberg"),
            ("Łukasz", "lukasz"),
            ("François-Xavier", "francois-xavier"),
        ] {
            assert_eq!(search_key(name), search_key(typed), "{name} / {typed}");
        }
        assert_ne!(search_key("Jan"), search_key("Jon"));
    }

    proptest::proptest! {
        #[test]
        fn a_search_key_is_lower_case_and_stable(s in "[a-zA-ZÀ-ɏ '.-]{0,40}") {
            let k = search_key(&s);
            proptest::prop_assert_eq!(search_key(&k), k.clone());
            proptest::prop_assert_eq!(k.to_lowercase(), k);
        }
    }
}
