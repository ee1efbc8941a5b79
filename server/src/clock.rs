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
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
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
    fn a_fixed_clock_moves_only_when_told() {
        let c = FixedClock::at(1_800_000_000);
        assert_eq!(c.now(), 1_800_000_000);
        c.advance(60);
        assert_eq!(c.now(), 1_800_000_060);
        assert_eq!(day(c.now()), "2027-01-15");
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
