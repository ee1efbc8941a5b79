//! Rate limits kept in memory, per key (a client address, a person), by the application's
//! clock, so that tests move time as they do for every other rule. Each instance counts
//! its own requests: behind a load balancer the limit applies per instance.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// At most `limit` events per key in each window of `window` seconds (a fixed window).
pub struct RateLimiter<K> {
    limit: u32,
    window: i64,
    counts: Mutex<HashMap<K, (i64, u32)>>,
}

/// Keys kept before old windows are swept out (a flood of new keys cannot grow memory
/// without bound).
const SWEEP_AT: usize = 50_000;

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(limit: u32, window: i64) -> RateLimiter<K> {
        RateLimiter {
            limit,
            window: window.max(1),
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, now: i64) -> i64 {
        now.div_euclid(self.window)
    }

    /// Counts one event for `key`; false when the key has used up its window already
    /// (the refused event is not counted).
    pub fn allow(&self, key: &K, now: i64) -> bool {
        let slot = self.slot(now);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= SWEEP_AT {
            counts.retain(|_, (s, _)| *s == slot);
        }
        let entry = counts.entry(key.clone()).or_insert((slot, 0));
        if entry.0 != slot {
            *entry = (slot, 0);
        }
        if entry.1 >= self.limit {
            return false;
        }
        entry.1 += 1;
        true
    }

    /// Whether `key` has used up its window, without counting anything.
    pub fn exhausted(&self, key: &K, now: i64) -> bool {
        let slot = self.slot(now);
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts
            .get(key)
            .is_some_and(|(s, n)| *s == slot && *n >= self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_per_window_and_others_are_untouched() {
        let l = RateLimiter::new(3, 60);
        for _ in 0..3 {
            assert!(l.allow(&"a", 120));
        }
        assert!(!l.allow(&"a", 150));
        assert!(l.exhausted(&"a", 179));
        assert!(l.allow(&"b", 150), "another key has its own count");
        assert!(!l.exhausted(&"a", 180), "a new window");
        assert!(l.allow(&"a", 180));
    }
}
