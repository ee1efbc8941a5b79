//! Contact details of people without a Belgian national number (DESIGN.md §4: a foreign
//! main access manager is reached by e-mail and SMS). Parse, don't validate.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("not a valid e-mail address")]
    Email,
    #[error("not an international mobile number (+ country code and number)")]
    Mobile,
}

impl ContactError {
    pub fn code(&self) -> &'static str {
        match self {
            ContactError::Email => "contact.email_invalid",
            ContactError::Mobile => "contact.mobile_invalid",
        }
    }
}

/// An e-mail address as RFC 5322 / RFC 6531 allow it (parsed by the `email_address`
/// crate), with a domain that has at least one dot (no `root@localhost`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, ContactError> {
        let parsed: email_address::EmailAddress =
            input.trim().parse().map_err(|_| ContactError::Email)?;
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

/// A mobile number in international form (ITU-T E.164): `+`, a country code that does
/// not start with 0, and in all 8 to 15 digits. `00` is accepted for `+`; spaces, dots,
/// dashes, slashes and parentheses are ignored. Stored as `+` and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Mobile, ContactError> {
        let t = input.trim();
        let rest = if let Some(r) = t.strip_prefix('+') {
            r
        } else if let Some(r) = t.strip_prefix("00") {
            r
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
    pub fn as_str(&self) -> &str {
        &self.0
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
        for bad in [
            "",
            "0475123456",
            "+0475123456",
            "+32 475",
            "+1234567890123456",
            "+32x475123456",
        ] {
            assert_eq!(Mobile::parse(bad), Err(ContactError::Mobile), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn a_parsed_mobile_parses_to_itself(n in "[1-9][0-9]{7,14}") {
            let m = Mobile::parse(&format!("+{n}")).unwrap();
            prop_assert_eq!(Mobile::parse(m.as_str()).unwrap(), m.clone());
            prop_assert_eq!(m.as_str().len(), n.len() + 1);
        }
    }
}
