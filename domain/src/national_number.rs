//! Belgian national register numbers and bis numbers — rule R2 (DESIGN.md §3).
//!
//! A number has 11 digits `YYMMDD SSS CC`: the birth date, a serial and a check number.
//! With `B` the first 9 digits as a number, `CC = 97 − (B mod 97)` for births before 2000
//! and `CC = 97 − ((2000000000 + B) mod 97)` for births from 2000; the latter applies only
//! when `2000 + YY` is not a future year. Bis numbers use the same checksum with the month
//! raised by 20 (sex unknown) or 40 (sex known). After removing that offset the month must
//! be 00–12 (00: unknown). The day is never rejected: 00 or a day beyond the month's length
//! means "day unknown", and the register issues such numbers.
//!
//! Input may contain dots, dashes and spaces; numbers display as `YY.MM.DD-SSS.CC`.

use std::fmt;
use std::str::FromStr;

/// The number of digits of a national number.
const LEN: usize = 11;

/// A valid Belgian national register number or bis number (rule R2).
///
/// The only way to obtain one is [`NationalNumber::parse`] (or [`FromStr`], or serde),
/// so holding a `NationalNumber` proves that it passed every check of R2.
///
/// ```
/// use domain::NationalNumber;
///
/// let nn = NationalNumber::parse("85.07.30-033.28").unwrap();
/// assert_eq!(nn.digits(), "85073003328");
/// assert_eq!(nn.to_string(), "85.07.30-033.28");
/// assert_eq!(nn.birth_year(), Some(1985));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NationalNumber([u8; LEN]);

/// Why an input is not a valid national number (rule R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NationalNumberError {
    /// The input is empty or only whitespace.
    #[error("the national number is empty")]
    Empty,
    /// The input holds something other than digits, dots, dashes and spaces.
    #[error("a national number contains only digits, dots, dashes and spaces")]
    InvalidCharacter,
    /// The input does not hold exactly 11 digits.
    #[error("a national number has exactly 11 digits")]
    WrongLength,
    /// The month (after removing a bis offset of 20 or 40) is not 00–12.
    #[error("the national number does not contain a valid birth month")]
    InvalidDate,
    /// The check number matches neither the pre-2000 nor the 2000+ checksum.
    #[error("the check digits of the national number are wrong")]
    Checksum,
}

impl NationalNumberError {
    /// A stable, language-neutral code for this error (for translations and APIs).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "national_number.empty",
            Self::InvalidCharacter => "national_number.invalid_character",
            Self::WrongLength => "national_number.wrong_length",
            Self::InvalidDate => "national_number.invalid_date",
            Self::Checksum => "national_number.checksum",
        }
    }
}

/// R2: the separators a national number may be typed with (`85.07.30-033.28`).
pub fn is_separator(c: char) -> bool {
    matches!(c, '.' | '-' | ' ')
}

/// The digits of a search query typed as (part of) a national number: only digits and
/// R2's separators, at least one digit. `None` for anything else (a name).
pub fn search_digits(query: &str) -> Option<String> {
    let q = query.trim();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let only = q.chars().all(|c| c.is_ascii_digit() || is_separator(c));
    (only && !digits.is_empty()).then_some(digits)
}

/// The century a valid number's checksum designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Century {
    /// Born before 2000 (`19YY`).
    Before2000,
    /// Born from 2000 (`20YY`).
    From2000,
}

impl NationalNumber {
    /// Parses and validates a national number (rule R2), judging "future years" by
    /// today's calendar year.
    ///
    /// Surrounding whitespace is ignored; dots, dashes and spaces between the digits are
    /// allowed. See [`NationalNumber::parse_at`] for the checks.
    pub fn parse(input: &str) -> Result<Self, NationalNumberError> {
        Self::parse_at(input, crate::clock::current_year())
    }

    /// Parses and validates a national number (rule R2) as if the current year were
    /// `current_year`.
    ///
    /// Checks, in order: not empty ([`Empty`](NationalNumberError::Empty)); only digits,
    /// `.`, `-` and spaces ([`InvalidCharacter`](NationalNumberError::InvalidCharacter));
    /// exactly 11 digits ([`WrongLength`](NationalNumberError::WrongLength)); the month,
    /// less a bis offset of 20 or 40, is 00–12
    /// ([`InvalidDate`](NationalNumberError::InvalidDate)); the check number matches the
    /// pre-2000 checksum, or the 2000+ one when `2000 + YY <= current_year`
    /// ([`Checksum`](NationalNumberError::Checksum)).
    pub fn parse_at(input: &str, current_year: i32) -> Result<Self, NationalNumberError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(NationalNumberError::Empty);
        }

        let mut digits = [0u8; LEN];
        let mut count = 0usize;
        for byte in input.bytes() {
            match byte {
                b'0'..=b'9' => {
                    if let Some(slot) = digits.get_mut(count) {
                        *slot = byte;
                    }
                    count += 1;
                }
                b if is_separator(b as char) => {}
                _ => return Err(NationalNumberError::InvalidCharacter),
            }
        }
        if count != LEN {
            return Err(NationalNumberError::WrongLength);
        }

        let number = Self(digits);
        if month_without_bis_offset(number.month_field()).is_none() {
            return Err(NationalNumberError::InvalidDate);
        }
        match number.century(Some(current_year)) {
            Some(_) => Ok(number),
            None => Err(NationalNumberError::Checksum),
        }
    }

    /// The 11 digits, without separators (e.g. `"85073003328"`).
    pub fn digits(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a NationalNumber holds only ASCII digits")
    }

    /// The birth year, with the century taken from whichever checksum matched.
    ///
    /// `None` when the register recorded the year as unknown: the fictitious birth dates
    /// 1900/00/01 and 2000/00/01 (`000001…`, or `002001…` / `004001…` for bis numbers).
    pub fn birth_year(&self) -> Option<i32> {
        let yy = self.field(0);
        if yy == 0 && self.field(4) == 1 && month_without_bis_offset(self.month_field()) == Some(0)
        {
            return None;
        }
        let base = match self.century(None)? {
            Century::Before2000 => 1900,
            Century::From2000 => 2000,
        };
        Some(base + i32::from(yy))
    }

    /// Whether this is a bis number (month raised by 20 or 40) rather than a number of
    /// the national register.
    pub fn is_bis(&self) -> bool {
        self.month_field() >= 20
    }

    /// The two-digit number at `offset` (`0`: YY, `2`: MM, `4`: DD, `9`: CC).
    fn field(&self, offset: usize) -> u8 {
        (self.0[offset] - b'0') * 10 + (self.0[offset + 1] - b'0')
    }

    /// The month field as written, bis offset included.
    fn month_field(&self) -> u8 {
        self.field(2)
    }

    /// The first nine digits (`B` in R2) as a number.
    fn base(&self) -> u64 {
        self.0[..9]
            .iter()
            .fold(0, |acc, &digit| acc * 10 + u64::from(digit - b'0'))
    }

    /// Which century's checksum the check number matches.
    ///
    /// With `current_year`, the 2000+ checksum counts only when `2000 + YY` is not after
    /// it. Without, it always counts: used on numbers already validated, where the year
    /// test has been passed (the two checksums never agree, as 2000000000 mod 97 = 68).
    fn century(&self, current_year: Option<i32>) -> Option<Century> {
        let check = u64::from(self.field(9));
        let base = self.base();
        if check == checksum(base) {
            return Some(Century::Before2000);
        }
        let not_future = current_year.is_none_or(|year| 2000 + i32::from(self.field(0)) <= year);
        if not_future && check == checksum(2_000_000_000 + base) {
            return Some(Century::From2000);
        }
        None
    }
}

/// `97 − (value mod 97)`, in `1..=97`.
fn checksum(value: u64) -> u64 {
    97 - value % 97
}

/// The month 00–12 that `field` denotes once a bis offset (20 or 40) is removed, or
/// `None` when it denotes no month.
fn month_without_bis_offset(field: u8) -> Option<u8> {
    match field {
        0..=12 => Some(field),
        20..=32 => Some(field - 20),
        40..=52 => Some(field - 40),
        _ => None,
    }
}

impl fmt::Display for NationalNumber {
    /// Formats as `YY.MM.DD-SSS.CC`, e.g. `85.07.30-033.28`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(
            f,
            "{}.{}.{}-{}.{}",
            &d[0..2],
            &d[2..4],
            &d[4..6],
            &d[6..9],
            &d[9..11]
        )
    }
}

impl fmt::Debug for NationalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NationalNumber({self})")
    }
}

impl FromStr for NationalNumber {
    type Err = NationalNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for NationalNumber {
    /// Serializes as the 11 digits, e.g. `"85073003328"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.digits())
    }
}

impl<'de> serde::Deserialize<'de> for NationalNumber {
    /// Deserializes from a string, validated by [`NationalNumber::parse`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = NationalNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Belgian national number as a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                NationalNumber::parse(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_search_for_a_partial_number_keeps_its_digits() {
        assert_eq!(search_digits(" 85.07.30-0 ").as_deref(), Some("8507300"));
        assert_eq!(search_digits("Jan 2"), None);
        assert_eq!(search_digits(". -"), None);
        assert!(is_separator('.') && is_separator('-') && is_separator(' '));
        assert!(!is_separator('/'));
    }

    use super::*;
    use proptest::prelude::*;

    /// A year after every example's birth year, fixed so that tests do not age.
    const YEAR: i32 = 2026;

    fn ok(input: &str) -> NationalNumber {
        NationalNumber::parse_at(input, YEAR)
            .unwrap_or_else(|e| panic!("{input:?} should be valid, got {e:?}"))
    }

    fn err(input: &str) -> NationalNumberError {
        match NationalNumber::parse_at(input, YEAR) {
            Ok(n) => panic!("{input:?} should be invalid, got {n:?}"),
            Err(e) => e,
        }
    }

    /// The 11 digits of `YYMMDDSSS` followed by its check number for `century`.
    fn with_check(first_nine: &str, from_2000: bool) -> String {
        let base: u64 = first_nine.parse().expect("nine digits");
        let cc = if from_2000 {
            checksum(2_000_000_000 + base)
        } else {
            checksum(base)
        };
        format!("{first_nine}{cc:02}")
    }

    #[test]
    fn public_examples_are_valid() {
        let n = ok("85073003328");
        assert_eq!(n.birth_year(), Some(1985));
        assert!(!n.is_bis());

        let n = ok("17073003384");
        assert_eq!(n.birth_year(), Some(2017));
        assert!(!n.is_bis());

        let n = ok("93051822361");
        assert_eq!(n.birth_year(), Some(1993));

        let n = ok("01490700185");
        assert_eq!(n.birth_year(), Some(2001));
        assert!(n.is_bis());
    }

    #[test]
    fn parse_uses_the_clock() {
        assert_eq!(
            NationalNumber::parse("85073003328").map(|n| n.birth_year()),
            Ok(Some(1985))
        );
        assert_eq!(
            "17073003384".parse::<NationalNumber>(),
            Ok(ok("17073003384"))
        );
    }

    #[test]
    fn formatted_inputs_are_accepted() {
        let plain = ok("85073003328");
        for input in [
            "85.07.30-033.28",
            "85 07 30 033 28",
            "85073003328 ",
            "  85.07.30-033 28\t",
            "85-07-30-033-28",
        ] {
            assert_eq!(ok(input), plain, "{input:?}");
        }
    }

    #[test]
    fn display_digits_and_debug() {
        let n = ok("85073003328");
        assert_eq!(n.digits(), "85073003328");
        assert_eq!(n.to_string(), "85.07.30-033.28");
        assert_eq!(format!("{n:?}"), "NationalNumber(85.07.30-033.28)");
        assert_eq!(ok("01490700185").to_string(), "01.49.07-001.85");
    }

    #[test]
    fn wrong_check_digits_are_rejected() {
        assert_eq!(err("85073003329"), NationalNumberError::Checksum);
        assert_eq!(err("85073003327"), NationalNumberError::Checksum);
        assert_eq!(err("17073003383"), NationalNumberError::Checksum);
        assert_eq!(err("12045678901"), NationalNumberError::Checksum);
        // A month error is reported before a checksum error.
        assert_eq!(err("12345678901"), NationalNumberError::InvalidDate);
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        assert_eq!(err(""), NationalNumberError::Empty);
        assert_eq!(err("   "), NationalNumberError::Empty);
        assert_eq!(err("85O73003328"), NationalNumberError::InvalidCharacter);
        assert_eq!(err("abc"), NationalNumberError::InvalidCharacter);
        assert_eq!(
            err("85/07/30-033.28"),
            NationalNumberError::InvalidCharacter
        );
        assert_eq!(err("85,07,30"), NationalNumberError::InvalidCharacter);
        assert_eq!(err("８５073003328"), NationalNumberError::InvalidCharacter);
        assert_eq!(err("8507300332"), NationalNumberError::WrongLength);
        assert_eq!(err("850730033280"), NationalNumberError::WrongLength);
        assert_eq!(
            err("850730033281234567890"),
            NationalNumberError::WrongLength
        );
        assert_eq!(err("..--"), NationalNumberError::WrongLength);
    }

    #[test]
    fn months_outside_the_register_ranges_are_rejected() {
        for month in [13, 19, 33, 39, 53, 60, 99] {
            let number = with_check(&format!("85{month:02}30033"), false);
            assert_eq!(err(&number), NationalNumberError::InvalidDate, "{number}");
        }
        for month in [0, 12, 20, 32, 40, 52] {
            let number = with_check(&format!("85{month:02}30033"), false);
            assert_eq!(ok(&number).birth_year(), Some(1985), "{number}");
        }
    }

    #[test]
    fn bis_offsets() {
        let sex_unknown = ok(&with_check("852703001", false)); // month 07 + 20
        assert!(sex_unknown.is_bis());
        assert_eq!(sex_unknown.birth_year(), Some(1985));
        let sex_known = ok(&with_check("854703001", false)); // month 07 + 40
        assert!(sex_known.is_bis());
        assert_eq!(ok(&with_check("014907001", true)).birth_year(), Some(2001));
        assert!(!ok(&with_check("850703001", false)).is_bis());
    }

    #[test]
    fn future_years_use_only_the_pre_2000_checksum() {
        let from_2000 = with_check("400101001", true); // 2040-01-01, serial 001
        assert_eq!(
            NationalNumber::parse_at(&from_2000, 2026),
            Err(NationalNumberError::Checksum)
        );
        assert_eq!(
            NationalNumber::parse_at(&from_2000, 2039),
            Err(NationalNumberError::Checksum)
        );
        let n = NationalNumber::parse_at(&from_2000, 2040).expect("2040 is not future in 2040");
        assert_eq!(n.birth_year(), Some(2040));
        let n = NationalNumber::parse_at(&from_2000, 2041).expect("2040 is past in 2041");
        assert_eq!(n.birth_year(), Some(2040));

        // The same birth date with the pre-2000 checksum: born 1940, valid in any year.
        let before_2000 = with_check("400101001", false);
        let n = NationalNumber::parse_at(&before_2000, 2026).expect("1940 is past");
        assert_eq!(n.birth_year(), Some(1940));
    }

    #[test]
    fn unknown_days_are_accepted() {
        // Day 00 and days beyond the month's length ("day unknown").
        for first_nine in [
            "850200001",
            "850230001",
            "850231001",
            "850431001",
            "850299001",
        ] {
            assert_eq!(ok(&with_check(first_nine, false)).birth_year(), Some(1985));
        }
        assert_eq!(ok(&with_check("170231002", true)).birth_year(), Some(2017));
        // Month 00 ("month unknown") too.
        assert_eq!(ok(&with_check("850000001", false)).birth_year(), Some(1985));
    }

    #[test]
    fn fictitious_birth_dates_have_no_year() {
        for first_nine in ["000001001", "002001001", "004001001"] {
            assert_eq!(ok(&with_check(first_nine, false)).birth_year(), None);
            assert_eq!(ok(&with_check(first_nine, true)).birth_year(), None);
        }
        // Year 2000 with a known month, or month unknown but another day: the year stands.
        assert_eq!(ok(&with_check("000101001", true)).birth_year(), Some(2000));
        assert_eq!(ok(&with_check("000002001", false)).birth_year(), Some(1900));
    }

    #[test]
    fn errors_have_stable_codes_and_messages() {
        use NationalNumberError::*;
        let codes: Vec<_> = [Empty, InvalidCharacter, WrongLength, InvalidDate, Checksum]
            .iter()
            .map(|e| e.code())
            .collect();
        assert_eq!(
            codes,
            [
                "national_number.empty",
                "national_number.invalid_character",
                "national_number.wrong_length",
                "national_number.invalid_date",
                "national_number.checksum",
            ]
        );
        assert_eq!(
            WrongLength.to_string(),
            "a national number has exactly 11 digits"
        );
    }

    #[test]
    fn serde_uses_the_digits() {
        let n = ok("85.07.30-033.28");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"85073003328\"");
        let back: NationalNumber = serde_json::from_str("\"85073003328\"").unwrap();
        assert_eq!(back, n);
        let formatted: NationalNumber = serde_json::from_str("\"85.07.30-033.28\"").unwrap();
        assert_eq!(formatted, n);
        let error = serde_json::from_str::<NationalNumber>("\"85073003329\"").unwrap_err();
        assert!(error.to_string().contains("check digits"), "{error}");
        assert!(serde_json::from_str::<NationalNumber>("85073003328").is_err());
    }

    /// A birth date and serial that R2 accepts, with a year that is not in the future
    /// relative to `current_year`: `(first nine digits, from_2000)`.
    fn valid_parts(current_year: i32) -> impl Strategy<Value = (String, bool)> {
        let max_yy_from_2000 = (current_year - 2000).clamp(0, 99) as u8;
        (
            any::<bool>(),
            0u8..=99,
            0u8..=12,
            prop::sample::select(vec![0u8, 20, 40]),
            0u8..=31,
            1u16..=998,
        )
            .prop_map(move |(from_2000, yy, month, offset, day, serial)| {
                let yy = if from_2000 {
                    yy % (max_yy_from_2000 + 1)
                } else {
                    yy
                };
                (
                    format!("{yy:02}{:02}{day:02}{serial:03}", month + offset),
                    from_2000,
                )
            })
    }

    proptest! {
        #[test]
        fn valid_numbers_parse_and_round_trip(
            (first_nine, from_2000) in valid_parts(crate::clock::current_year())
        ) {
            let digits = with_check(&first_nine, from_2000);
            let n = NationalNumber::parse(&digits)
                .map_err(|e| TestCaseError::fail(format!("{digits}: {e:?}")))?;
            prop_assert_eq!(n.digits(), digits.as_str());
            prop_assert_eq!(NationalNumber::parse(&n.to_string()), Ok(n));
            prop_assert_eq!(NationalNumber::parse(n.digits()), Ok(n));
            prop_assert_eq!(n.is_bis(), first_nine[2..4].parse::<u8>().unwrap() >= 20);
            let yy = i32::from(first_nine[0..2].parse::<u8>().unwrap());
            let expected_year = if first_nine.starts_with("000001")
                || first_nine.starts_with("002001")
                || first_nine.starts_with("004001")
            {
                None
            } else if from_2000 {
                Some(2000 + yy)
            } else {
                Some(1900 + yy)
            };
            prop_assert_eq!(n.birth_year(), expected_year);
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<NationalNumber>(&json).ok(), Some(n));
        }

        #[test]
        fn other_check_numbers_are_rejected(
            (first_nine, _) in valid_parts(YEAR),
            current_year in 1990i32..2200,
            cc in 0u8..=99,
        ) {
            let base: u64 = first_nine.parse().unwrap();
            let yy = i32::from(first_nine[0..2].parse::<u8>().unwrap());
            let before_2000 = checksum(base);
            let from_2000 = checksum(2_000_000_000 + base);
            let cc64 = u64::from(cc);
            let input = format!("{first_nine}{cc:02}");
            let result = NationalNumber::parse_at(&input, current_year);
            if cc64 == before_2000 {
                prop_assert!(result.is_ok(), "{}: {:?}", input, result);
            } else if cc64 == from_2000 && 2000 + yy <= current_year {
                prop_assert!(result.is_ok(), "{}: {:?}", input, result);
            } else {
                prop_assert_eq!(result, Err(NationalNumberError::Checksum), "{}", input);
            }
        }
    }
}
