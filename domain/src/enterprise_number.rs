//! Belgian enterprise numbers (ondernemingsnummer / numéro d'entreprise) — rule R1
//! (DESIGN.md §3).
//!
//! An enterprise number has 10 digits, the first of which is 0 or 1, and
//! `97 − (first 8 digits mod 97)` equals the last two. Accepted notations:
//! `0403.019.261`, `0403 019 261`, `BE0403019261` (also `BE 0403.019.261`, any case of
//! `BE`), 9-digit legacy numbers (a leading 0 is added) and `(0)403019261` /
//! `(0)403.019.261`. Dashes are accepted as separators too, like in national numbers.
//! Numbers display as `0403.019.261`.

use std::fmt;
use std::str::FromStr;

/// The number of digits of an enterprise number.
const LEN: usize = 10;

/// A valid Belgian enterprise number (rule R1).
///
/// The only way to obtain one is [`EnterpriseNumber::parse`] (or [`FromStr`], or serde),
/// so holding an `EnterpriseNumber` proves that it passed every check of R1.
///
/// ```
/// use domain::EnterpriseNumber;
///
/// let number = EnterpriseNumber::parse("BE 0403.019.261").unwrap();
/// assert_eq!(number.digits(), "0403019261");
/// assert_eq!(number.to_string(), "0403.019.261");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnterpriseNumber([u8; LEN]);

/// Why an input is not a valid enterprise number (rule R1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnterpriseNumberError {
    /// The input is empty or only whitespace.
    #[error("the enterprise number is empty")]
    Empty,
    /// The input holds something other than an optional `BE` or `(0)` prefix, digits,
    /// dots, dashes and spaces.
    #[error("an enterprise number contains only digits, dots, dashes and spaces, optionally after BE or (0)")]
    InvalidCharacter,
    /// The input holds neither 10 digits nor 9 (legacy) digits.
    #[error("an enterprise number has 10 digits (or 9 in the old notation)")]
    WrongLength,
    /// The first of the 10 digits is neither 0 nor 1.
    #[error("an enterprise number starts with 0 or 1")]
    FirstDigit,
    /// `97 − (first 8 digits mod 97)` differs from the last two digits.
    #[error("the check digits of the enterprise number are wrong")]
    Checksum,
}

impl EnterpriseNumberError {
    /// A stable, language-neutral code for this error (for translations and APIs).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "enterprise_number.empty",
            Self::InvalidCharacter => "enterprise_number.invalid_character",
            Self::WrongLength => "enterprise_number.wrong_length",
            Self::FirstDigit => "enterprise_number.first_digit",
            Self::Checksum => "enterprise_number.checksum",
        }
    }
}

impl EnterpriseNumber {
    /// Parses and validates an enterprise number (rule R1).
    ///
    /// Surrounding whitespace is ignored. The input may start with `BE` (any case,
    /// optionally followed by spaces) and then with `(0)`, which stands for the leading
    /// 0 and must be followed by exactly 9 digits. Dots, dashes and spaces between the
    /// digits are allowed. Without `(0)`, 9 digits are a legacy number and get a
    /// leading 0.
    ///
    /// Checks, in order: not empty ([`Empty`](EnterpriseNumberError::Empty)); only the
    /// characters above ([`InvalidCharacter`](EnterpriseNumberError::InvalidCharacter));
    /// 10 digits once completed ([`WrongLength`](EnterpriseNumberError::WrongLength));
    /// first digit 0 or 1 ([`FirstDigit`](EnterpriseNumberError::FirstDigit)); the check
    /// digits ([`Checksum`](EnterpriseNumberError::Checksum)).
    pub fn parse(input: &str) -> Result<Self, EnterpriseNumberError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(EnterpriseNumberError::Empty);
        }

        let mut rest = input;
        if rest
            .get(..2)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("BE"))
        {
            rest = rest[2..].trim_start_matches(' ');
        }
        let zero_notation = match rest.strip_prefix("(0)") {
            Some(after) => {
                rest = after;
                true
            }
            None => false,
        };

        // Collect the digits, counting beyond LEN to report the length correctly.
        let mut found = [0u8; LEN];
        let mut count = 0usize;
        for byte in rest.bytes() {
            match byte {
                b'0'..=b'9' => {
                    if let Some(slot) = found.get_mut(count) {
                        *slot = byte;
                    }
                    count += 1;
                }
                b'.' | b'-' | b' ' => {}
                _ => return Err(EnterpriseNumberError::InvalidCharacter),
            }
        }

        let digits = match (zero_notation, count) {
            (false, LEN) => found,
            // `(0)403019261`, or a legacy 9-digit number: the leading 0 is implied.
            (_, 9) => {
                let mut digits = [b'0'; LEN];
                digits[1..].copy_from_slice(&found[..9]);
                digits
            }
            _ => return Err(EnterpriseNumberError::WrongLength),
        };

        if !matches!(digits[0], b'0' | b'1') {
            return Err(EnterpriseNumberError::FirstDigit);
        }
        let number = Self(digits);
        if number.check_digits() != checksum(number.base()) {
            return Err(EnterpriseNumberError::Checksum);
        }
        Ok(number)
    }

    /// The 10 digits, without separators or prefix (e.g. `"0403019261"`).
    pub fn digits(&self) -> &str {
        std::str::from_utf8(&self.0).expect("an EnterpriseNumber holds only ASCII digits")
    }

    /// The first 8 digits as a number.
    fn base(&self) -> u32 {
        self.0[..8]
            .iter()
            .fold(0, |acc, &digit| acc * 10 + u32::from(digit - b'0'))
    }

    /// The last two digits as a number.
    fn check_digits(&self) -> u32 {
        u32::from(self.0[8] - b'0') * 10 + u32::from(self.0[9] - b'0')
    }
}

/// `97 − (base mod 97)`, in `1..=97`.
fn checksum(base: u32) -> u32 {
    97 - base % 97
}

impl fmt::Display for EnterpriseNumber {
    /// Formats as `0403.019.261`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{}.{}.{}", &d[0..4], &d[4..7], &d[7..10])
    }
}

impl fmt::Debug for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnterpriseNumber({self})")
    }
}

impl FromStr for EnterpriseNumber {
    type Err = EnterpriseNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for EnterpriseNumber {
    /// Serializes as the 10 digits, e.g. `"0403019261"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.digits())
    }
}

impl<'de> serde::Deserialize<'de> for EnterpriseNumber {
    /// Deserializes from a string, validated by [`EnterpriseNumber::parse`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = EnterpriseNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Belgian enterprise number as a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                EnterpriseNumber::parse(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(input: &str) -> EnterpriseNumber {
        EnterpriseNumber::parse(input)
            .unwrap_or_else(|e| panic!("{input:?} should be valid, got {e:?}"))
    }

    fn err(input: &str) -> EnterpriseNumberError {
        match EnterpriseNumber::parse(input) {
            Ok(n) => panic!("{input:?} should be invalid, got {n:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn public_examples_are_valid() {
        assert_eq!(ok("0403019261").digits(), "0403019261");
        assert_eq!(ok("1000003682").digits(), "1000003682");
        assert_eq!(ok("1000003682").to_string(), "1000.003.682");
    }

    #[test]
    fn all_notations_are_accepted() {
        let plain = ok("0403019261");
        for input in [
            "0403.019.261",
            "0403 019 261",
            "0403-019-261",
            "BE0403019261",
            "be0403019261",
            "Be0403019261",
            "BE 0403.019.261",
            "BE  0403 019 261",
            "BE.0403.019.261",
            "403019261",
            "403.019.261",
            "BE403019261",
            "(0)403019261",
            "(0)403.019.261",
            "BE(0)403019261",
            "BE (0)403.019.261",
            "  0403019261\n",
        ] {
            assert_eq!(ok(input), plain, "{input:?}");
        }
        assert_eq!(
            "BE1000003682".parse::<EnterpriseNumber>(),
            Ok(ok("1000003682"))
        );
    }

    #[test]
    fn display_digits_and_debug() {
        let n = ok("BE0403019261");
        assert_eq!(n.digits(), "0403019261");
        assert_eq!(n.to_string(), "0403.019.261");
        assert_eq!(format!("{n:?}"), "EnterpriseNumber(0403.019.261)");
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        assert_eq!(err(""), EnterpriseNumberError::Empty);
        assert_eq!(err(" \t "), EnterpriseNumberError::Empty);
        assert_eq!(err("0403O19261"), EnterpriseNumberError::InvalidCharacter);
        assert_eq!(err("0403/019/261"), EnterpriseNumberError::InvalidCharacter);
        assert_eq!(err("NL0403019261"), EnterpriseNumberError::InvalidCharacter);
        assert_eq!(err("0403019261BE"), EnterpriseNumberError::InvalidCharacter);
        assert_eq!(
            err("BEBE0403019261"),
            EnterpriseNumberError::InvalidCharacter
        );
        assert_eq!(
            err("0(0)403019261"),
            EnterpriseNumberError::InvalidCharacter
        );
        assert_eq!(err("(1)403019261"), EnterpriseNumberError::InvalidCharacter);
        assert_eq!(err("(0)0403019261"), EnterpriseNumberError::WrongLength);
        assert_eq!(err("(0)40301926"), EnterpriseNumberError::WrongLength);
        assert_eq!(err("40301926"), EnterpriseNumberError::WrongLength);
        assert_eq!(err("04030192610"), EnterpriseNumberError::WrongLength);
        assert_eq!(err("BE"), EnterpriseNumberError::WrongLength);
        assert_eq!(err("..."), EnterpriseNumberError::WrongLength);
    }

    #[test]
    fn first_digit_must_be_0_or_1() {
        // 2403019261 would otherwise need check digits 97 − (24030192 mod 97) = 13.
        assert_eq!(err("2403019213"), EnterpriseNumberError::FirstDigit);
        assert_eq!(err("9999999999"), EnterpriseNumberError::FirstDigit);
    }

    #[test]
    fn wrong_check_digits_are_rejected() {
        assert_eq!(err("0403019262"), EnterpriseNumberError::Checksum);
        assert_eq!(err("0403019260"), EnterpriseNumberError::Checksum);
        assert_eq!(err("BE 431.150.351"), EnterpriseNumberError::Checksum);
        assert_eq!(err("1000003683"), EnterpriseNumberError::Checksum);
    }

    #[test]
    fn errors_have_stable_codes() {
        use EnterpriseNumberError::*;
        let codes: Vec<_> = [Empty, InvalidCharacter, WrongLength, FirstDigit, Checksum]
            .iter()
            .map(|e| e.code())
            .collect();
        assert_eq!(
            codes,
            [
                "enterprise_number.empty",
                "enterprise_number.invalid_character",
                "enterprise_number.wrong_length",
                "enterprise_number.first_digit",
                "enterprise_number.checksum",
            ]
        );
    }

    #[test]
    fn serde_uses_the_digits() {
        let n = ok("0403.019.261");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"0403019261\"");
        assert_eq!(
            serde_json::from_str::<EnterpriseNumber>("\"0403019261\"").unwrap(),
            n
        );
        assert_eq!(
            serde_json::from_str::<EnterpriseNumber>("\"BE0403.019.261\"").unwrap(),
            n
        );
        let error = serde_json::from_str::<EnterpriseNumber>("\"0403019262\"").unwrap_err();
        assert!(error.to_string().contains("check digits"), "{error}");
        assert!(serde_json::from_str::<EnterpriseNumber>("403019261").is_err());
    }

    /// The 10 digits of a valid number: first digit, 7 more digits, check digits.
    fn valid_number() -> impl Strategy<Value = String> {
        (0u32..=1, 0u32..10_000_000).prop_map(|(first, rest)| {
            let base = first * 10_000_000 + rest;
            format!("{base:08}{:02}", checksum(base))
        })
    }

    proptest! {
        #[test]
        fn valid_numbers_parse_and_round_trip(digits in valid_number()) {
            let n = EnterpriseNumber::parse(&digits)
                .map_err(|e| TestCaseError::fail(format!("{digits}: {e:?}")))?;
            prop_assert_eq!(n.digits(), digits.as_str());
            prop_assert_eq!(EnterpriseNumber::parse(&n.to_string()), Ok(n));
            prop_assert_eq!(EnterpriseNumber::parse(&format!("BE{digits}")), Ok(n));
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<EnterpriseNumber>(&json).ok(), Some(n));
            if let Some(legacy) = digits.strip_prefix('0') {
                prop_assert_eq!(EnterpriseNumber::parse(legacy), Ok(n));
                prop_assert_eq!(EnterpriseNumber::parse(&format!("(0){legacy}")), Ok(n));
            }
        }

        #[test]
        fn every_single_digit_change_is_rejected(
            digits in valid_number(),
            position in 0usize..LEN,
            shift in 1u8..=9,
        ) {
            let mut changed = digits.clone().into_bytes();
            changed[position] = b'0' + (changed[position] - b'0' + shift) % 10;
            let changed = String::from_utf8(changed).unwrap();
            let result = EnterpriseNumber::parse(&changed);
            prop_assert!(
                matches!(
                    result,
                    Err(EnterpriseNumberError::Checksum | EnterpriseNumberError::FirstDigit)
                ),
                "{} → {}: {:?}", digits, changed, result
            );
        }
    }

    /// Exhaustive companion of the property above for the public examples.
    #[test]
    fn every_single_digit_change_of_the_examples_is_rejected() {
        for digits in ["0403019261", "1000003682"] {
            for position in 0..LEN {
                for replacement in b'0'..=b'9' {
                    let mut changed = digits.as_bytes().to_vec();
                    if changed[position] == replacement {
                        continue;
                    }
                    changed[position] = replacement;
                    let changed = String::from_utf8(changed).unwrap();
                    assert!(EnterpriseNumber::parse(&changed).is_err(), "{changed}");
                }
            }
        }
    }
}
