//! The current calendar year, the only piece of "now" the rules need.
//!
//! Rule R2 (DESIGN.md §3) applies the 2000+ checksum of a national number only when
//! `2000 + YY` is not a future year, so the validators need today's year. In the browser
//! (`wasm32`) `std::time::SystemTime::now()` panics, so the year comes from JavaScript's
//! `Date`; natively it comes from the system clock. Both report the year in UTC on the
//! server and in local time in the browser, which can differ only on New Year's Eve.

/// The current calendar year (e.g. `2026`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn current_year() -> i32 {
    // `getFullYear` returns a small integral f64 (local time).
    js_sys::Date::new_0().get_full_year() as i32
}

/// The current calendar year (e.g. `2026`), in UTC.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn current_year() -> i32 {
    use std::time::{SystemTime, UNIX_EPOCH};

    let seconds: i64 = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        // A clock set before 1970: count backwards.
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    };
    year_from_days(seconds.div_euclid(86_400))
}

/// The proleptic Gregorian year of the day `days` after 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, reduced to the year.
#[cfg(any(not(target_arch = "wasm32"), test))]
fn year_from_days(days: i64) -> i32 {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from March 1st
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let year = yoe + era * 400 + i64::from(mp >= 10); // January and February: next year
    i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_from_days_matches_known_dates() {
        assert_eq!(year_from_days(0), 1970); // 1970-01-01
        assert_eq!(year_from_days(-1), 1969); // 1969-12-31
        assert_eq!(year_from_days(10_956), 1999); // 1999-12-31
        assert_eq!(year_from_days(10_957), 2000); // 2000-01-01
        assert_eq!(year_from_days(11_016), 2000); // 2000-02-29
        assert_eq!(year_from_days(19_722), 2023); // 2023-12-31
        assert_eq!(year_from_days(19_723), 2024); // 2024-01-01
        assert_eq!(year_from_days(20_454), 2026); // 2026-01-01
    }

    #[test]
    fn current_year_is_plausible() {
        let year = current_year();
        assert!((2025..2200).contains(&year), "current year {year}");
    }
}
