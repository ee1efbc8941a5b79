//! The one clock the application decides by. Production reads the system clock; tests
//! pass a [`FixedClock`] and move it, instead of rewriting rows with SQL.

use std::sync::atomic::{AtomicI64, Ordering};

/// Now, in unix seconds (UTC).
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> i64;

    /// This year (UTC), for R2's 2000+ checksum.
    fn year(&self) -> i32 {
        time::OffsetDateTime::from_unix_timestamp(self.now())
            .map(|t| t.year())
            .unwrap_or(1970)
    }

    /// A national number as typed (R2), by this clock's year.
    fn national_number(
        &self,
        input: &str,
    ) -> Result<domain::NationalNumber, domain::NationalNumberError> {
        domain::NationalNumber::parse_at(input, self.year())
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock that says what it is told (for tests).
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(now: i64) -> FixedClock {
        FixedClock(AtomicI64::new(now))
    }
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A day (`YYYY-MM-DD`, UTC) from unix seconds.
pub fn day(at: i64) -> String {
    brussels(at)
        .map(|z| z.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The portal's time zone: every date and time is shown as Belgium's clocks show it.
pub const TIME_ZONE: &str = "Europe/Brussels";

fn brussels(at: i64) -> Option<jiff::ZonedDateTime> {
    jiff::Timestamp::from_second(at).ok()?.in_tz(TIME_ZONE).ok()
}

/// The first and the next day's first second (unix seconds) of a day `YYYY-MM-DD` as
/// Belgium's clocks count it (23, 24 or 25 hours).
pub fn day_bounds(date: &str) -> Option<(i64, i64)> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let start = |d: jiff::civil::Date| {
        d.to_datetime(jiff::civil::Time::midnight())
            .in_tz(TIME_ZONE)
            .ok()
            .map(|z| z.timestamp().as_second())
    };
    Some((start(d)?, start(d.tomorrow().ok()?)?))
}

/// A moment as Belgium's clocks show it (`2026-11-30 10:15`), from unix seconds.
pub fn moment(at: i64) -> String {
    brussels(at)
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A moment stored as text ([`timestamp`]'s form, UTC) as Belgium's clocks show it.
pub fn stored_moment(stored: &str) -> String {
    stored
        .parse::<jiff::Timestamp>()
        .map(|t| moment(t.as_second()))
        .unwrap_or_else(|_| stored.to_owned())
}

/// A stored timestamp (`2026-11-30T09:15:00.000Z`, UTC) from unix seconds: the text form
/// the database keeps, which sorts as time does.
pub fn timestamp(at: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_runs_from_brussels_midnight_to_the_next_also_when_clocks_change() {
        // 2026-03-29: summer time starts, the day has 23 hours.
        let (start, end) = day_bounds("2026-03-29").unwrap();
        assert_eq!(timestamp(start), "2026-03-28T23:00:00.000Z");
        assert_eq!(end - start, 23 * 3600);
        let (start, end) = day_bounds("2026-11-30").unwrap();
        assert_eq!(timestamp(start), "2026-11-29T23:00:00.000Z");
        assert_eq!(end - start, 24 * 3600);
        assert_eq!(day_bounds("2026-02-30"), None);
    }

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let c = FixedClock::at(1_800_000_000);
        assert_eq!(c.now(), 1_800_000_000);
        c.advance(60);
        assert_eq!(c.now(), 1_800_000_060);
        assert_eq!(day(c.now()), "2027-01-15");
        // Belgium's clocks: an hour ahead in winter, two in summer; the date follows.
        assert_eq!(moment(1_800_000_000), "2027-01-15 09:00");
        // 23:30 UTC on the 14th is already the 15th in Brussels (00:30)…
        assert_eq!(day(1_800_000_000 - 8 * 3600 - 1800), "2027-01-15");
        // …and 22:30 UTC is still the 14th there (23:30).
        assert_eq!(day(1_800_000_000 - 9 * 3600 - 1800), "2027-01-14");
        assert_eq!(moment(1_785_000_000), "2026-07-25 19:20", "summer time");
        assert_eq!(
            stored_moment("2027-01-15T08:00:00.000Z"),
            "2027-01-15 09:00"
        );
        assert_eq!(timestamp(c.now()), "2027-01-15T08:01:00.000Z");
        assert!(timestamp(c.now()) < timestamp(c.now() + 1));
        assert!(SystemClock.now() > 1_700_000_000);
        assert_eq!(c.year(), 2027);
        // Born in 2017 (2000+ checksum): valid in 2027, not in 2016.
        assert!(c.national_number("17.07.30-033.84").is_ok());
        c.set(1_460_000_000); // 2016
        assert!(c.national_number("17073003384").is_err());
    }
}
