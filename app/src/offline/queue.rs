//! The queue of changes that could not reach the server, as plain Rust (tested natively;
//! the browser part only stores it and sends what it says).
//!
//! A change is queued with its request as sent (the server function's path and its
//! url-encoded body, which holds the idempotency key), what it is in words, the form it
//! came from, and its owner: the person and enterprise it was made by and for. It is
//! replayed in order, only for its owner; the server applies it once thanks to the key,
//! also when an earlier attempt did arrive and only the answer was lost.

use serde::{Deserialize, Serialize};

/// A change may wait this long (milliseconds: `domain::QUEUED_CHANGE_DAYS`); the server
/// keeps idempotency keys longer (`domain::IDEMPOTENCY_KEY_DAYS`), so a replay within it is
/// never applied twice.
pub const MAX_AGE_MS: f64 = domain::QUEUED_CHANGE_DAYS as f64 * 24.0 * 3600.0 * 1000.0;

/// How long one tab's send holds a change before another tab may send it (milliseconds):
/// a tab closed in the middle of a send leaves its claim behind for this long. Two sends
/// of one change are harmless (the server applies a key once); the lease only spares the
/// server the second one.
pub const SEND_LEASE_MS: f64 = 10_000.0;

/// Who made a change: it is only ever sent for the same person and enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub person: i64,
    pub enterprise: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum State {
    /// Waiting for the connection; not before `next_try` (milliseconds since the epoch).
    Waiting { next_try: f64 },
    /// Being sent by tab `tab` since `since`.
    Sending { tab: String, since: f64 },
    /// Refused by the server with these codes: kept to be shown, its input given back.
    Refused { codes: Vec<String> },
    /// Older than [`MAX_AGE_MS`]: never sent.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    /// The server function's path (`/api/add_user`).
    pub path: String,
    /// The url-encoded body as first sent (the idempotency key is in it).
    pub body: String,
    /// The idempotency key, which names the change.
    pub key: String,
    /// What the change is, in words ("Gebruiker toevoegen aan Werkgever").
    pub label: String,
    /// The form it came from (its draft gets the input back on refusal), if known.
    pub form: Option<String>,
    pub owner: Owner,
    /// When it was queued (milliseconds since the epoch).
    pub queued_at: f64,
    pub attempts: u32,
    pub state: State,
}

/// What a send came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The server applied it (or had applied it before: a replay).
    Applied,
    /// The server refused it, with the `domain` reasons' codes.
    Refused(Vec<String>),
    /// No answer, or the way to the server is down (502, 503, 504): try again later.
    Unreachable,
    /// The session ended: wait until the same person signs in again.
    SignedOut,
}

impl Outcome {
    /// Classifies an answer: `None` when no answer came at all.
    pub fn of(status: Option<u16>, codes: Vec<String>) -> Outcome {
        match status {
            None | Some(502..=504) => Outcome::Unreachable,
            Some(200..=299) => Outcome::Applied,
            Some(401) => Outcome::SignedOut,
            Some(_) => Outcome::Refused(codes),
        }
    }
}

/// Waits between attempts while the server stays unreachable: 1, 2, 4 … seconds, at most
/// five minutes.
pub fn backoff_ms(attempts: u32) -> f64 {
    let seconds = 1u64 << attempts.min(9);
    (seconds.min(300) * 1000) as f64
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub items: Vec<Queued>,
}

impl Queue {
    /// Queues a change (a change already queued under the same key is not queued twice).
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        path: &str,
        body: &str,
        key: &str,
        label: &str,
        form: Option<&str>,
        owner: Owner,
        now: f64,
    ) {
        if self.items.iter().any(|q| q.key == key) {
            return;
        }
        self.items.push(Queued {
            path: path.to_owned(),
            body: body.to_owned(),
            key: key.to_owned(),
            label: label.to_owned(),
            form: form.map(str::to_owned),
            owner,
            queued_at: now,
            attempts: 0,
            state: State::Waiting { next_try: now },
        });
    }

    /// The owner's changes still to be sent (waiting or being sent).
    pub fn pending(&self, owner: Owner) -> usize {
        self.items
            .iter()
            .filter(|q| {
                q.owner == owner && matches!(q.state, State::Waiting { .. } | State::Sending { .. })
            })
            .count()
    }

    /// Marks changes older than [`MAX_AGE_MS`] expired.
    pub fn expire(&mut self, now: f64) {
        for q in &mut self.items {
            if now - q.queued_at > MAX_AGE_MS
                && matches!(q.state, State::Waiting { .. } | State::Sending { .. })
            {
                q.state = State::Expired;
            }
        }
    }

    /// The owner's next change to send now from tab `tab`, claimed for it: the oldest one
    /// still to be sent, if it is due and no other tab is sending it. Changes go in order:
    /// while the oldest waits, none after it is sent.
    pub fn claim_next(&mut self, owner: Owner, tab: &str, now: f64) -> Option<Queued> {
        self.expire(now);
        let q = self.items.iter_mut().find(|q| {
            q.owner == owner && matches!(q.state, State::Waiting { .. } | State::Sending { .. })
        })?;
        let free = match &q.state {
            State::Waiting { next_try } => *next_try <= now,
            State::Sending { tab: other, since } => other == tab || now - since > SEND_LEASE_MS,
            _ => false,
        };
        if !free {
            return None;
        }
        q.state = State::Sending {
            tab: tab.to_owned(),
            since: now,
        };
        q.attempts += 1;
        Some(q.clone())
    }

    /// Gives back the claims of tab `tab` (a page that goes away in the middle of a send), or
    /// of every tab but `tab` (`others`: the caller holds the browser's lock on the queue, so
    /// no other tab can be sending): they wait again, due at once. A change whose request
    /// did arrive is recognised by its key when it is sent again.
    pub fn release(&mut self, tab: &str, others: bool, now: f64) -> bool {
        let mut changed = false;
        for q in &mut self.items {
            if let State::Sending { tab: by, .. } = &q.state {
                if (by == tab) != others {
                    q.state = State::Waiting { next_try: now };
                    changed = true;
                }
            }
        }
        changed
    }

    /// Records what a send came to. An applied change leaves the queue; a refused one
    /// stays, to be shown (and its input given back); an unreachable one waits, longer
    /// each time; after a sign-out it waits for the owner's next sign-in.
    pub fn record(&mut self, key: &str, outcome: Outcome, now: f64) {
        let Some(i) = self.items.iter().position(|q| q.key == key) else {
            return;
        };
        match outcome {
            Outcome::Applied => {
                self.items.remove(i);
            }
            Outcome::Refused(codes) => self.items[i].state = State::Refused { codes },
            Outcome::Unreachable => {
                let wait = backoff_ms(self.items[i].attempts.saturating_sub(1));
                self.items[i].state = State::Waiting {
                    next_try: now + wait,
                }
            }
            Outcome::SignedOut => self.items[i].state = State::Waiting { next_try: now },
        }
    }

    /// When the owner's next change may be claimed (milliseconds since the epoch): the
    /// oldest one to be sent, due at its next try, or when another tab's claim runs out.
    pub fn next_due(&self, owner: Owner) -> Option<f64> {
        let q = self.items.iter().find(|q| {
            q.owner == owner && matches!(q.state, State::Waiting { .. } | State::Sending { .. })
        })?;
        match &q.state {
            State::Waiting { next_try } => Some(*next_try),
            State::Sending { since, .. } => Some(since + SEND_LEASE_MS + 1.0),
            _ => None,
        }
    }

    /// Makes every waiting change due now (the connection came back).
    pub fn retry_now(&mut self, now: f64) {
        for q in &mut self.items {
            if let State::Waiting { next_try } = &mut q.state {
                *next_try = now;
            }
        }
    }

    /// Removes a change the person cancels (or a shown refusal they dismiss).
    pub fn cancel(&mut self, key: &str) {
        self.items.retain(|q| q.key != key);
    }

    /// Forgets everything of `owner` (sign-out without sending).
    pub fn forget(&mut self, owner: Owner) {
        self.items.retain(|q| q.owner != owner);
    }

    /// The owner's changes, oldest first (what the indicator lists).
    pub fn of(&self, owner: Owner) -> Vec<&Queued> {
        self.items.iter().filter(|q| q.owner == owner).collect()
    }
}

/// The fields of a url-encoded body, as a form had them (a refused change's input goes
/// back into its form's draft from these).
pub fn form_fields(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The idempotency key in a url-encoded body.
pub fn key_of(body: &str) -> Option<String> {
    form_fields(body)
        .into_iter()
        .find(|(k, _)| k == "idempotency_key")
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AN: Owner = Owner {
        person: 1,
        enterprise: 1,
    };
    const BART: Owner = Owner {
        person: 2,
        enterprise: 1,
    };

    fn queue_of(keys: &[&str], owner: Owner) -> Queue {
        let mut q = Queue::default();
        for k in keys {
            let body = format!("group=werkgever&idempotency_key={k}");
            q.push("/api/add_user", &body, k, "Toevoegen", Some("add-user"), owner, 0.0);
        }
        q
    }

    #[test]
    fn changes_go_in_order_one_at_a_time_and_leave_when_applied() {
        let mut q = queue_of(&["1.a", "1.b"], AN);
        assert_eq!(q.pending(AN), 2);
        let first = q.claim_next(AN, "tab1", 10.0).unwrap();
        assert_eq!(first.key, "1.a");
        // The second waits while the first is out, in this tab and in another.
        assert_eq!(q.claim_next(AN, "tab2", 11.0), None);
        q.record("1.a", Outcome::Applied, 20.0);
        assert_eq!(q.claim_next(AN, "tab1", 21.0).unwrap().key, "1.b");
        q.record("1.b", Outcome::Applied, 22.0);
        assert_eq!(q.pending(AN), 0);
        assert!(q.items.is_empty());
    }

    #[test]
    fn an_unreachable_server_is_tried_again_later_each_time_longer() {
        let mut q = queue_of(&["1.a"], AN);
        q.claim_next(AN, "t", 0.0).unwrap();
        q.record("1.a", Outcome::Unreachable, 0.0);
        assert_eq!(q.claim_next(AN, "t", 999.0), None, "waits a second");
        assert!(q.claim_next(AN, "t", 1000.0).is_some());
        q.record("1.a", Outcome::Unreachable, 1000.0);
        assert_eq!(q.claim_next(AN, "t", 2999.0), None, "then two");
        // The connection comes back: due at once.
        q.retry_now(1500.0);
        assert_eq!(q.claim_next(AN, "t", 1500.0).unwrap().attempts, 3);
        assert_eq!(backoff_ms(30), 300_000.0, "at most five minutes");
    }

    #[test]
    fn a_refusal_is_kept_with_its_reasons_and_the_rest_still_goes() {
        let mut q = queue_of(&["1.a", "1.b"], AN);
        q.claim_next(AN, "t", 0.0).unwrap();
        q.record("1.a", Outcome::Refused(vec!["not_found.user".into()]), 1.0);
        assert_eq!(
            q.of(AN)[0].state,
            State::Refused {
                codes: vec!["not_found.user".into()]
            }
        );
        assert_eq!(q.claim_next(AN, "t", 2.0).unwrap().key, "1.b");
        q.cancel("1.a");
        assert_eq!(q.of(AN).len(), 1);
    }

    #[test]
    fn only_the_owner_sends_and_sees_its_changes() {
        let mut q = queue_of(&["1.a"], AN);
        assert_eq!(q.claim_next(BART, "t", 0.0), None);
        assert_eq!(q.pending(BART), 0);
        assert!(q.of(BART).is_empty());
        q.forget(AN);
        assert!(q.items.is_empty());
    }

    #[test]
    fn a_page_that_goes_away_gives_its_claim_back_at_once() {
        let mut q = queue_of(&["1.a"], AN);
        q.claim_next(AN, "gone", 0.0).unwrap();
        assert!(!q.release(AN_TAB_OTHER, false, 5.0), "another tab's claim is not this page's");
        assert_eq!(q.claim_next(AN, "new", 5.0), None);
        assert!(q.release("gone", false, 5.0));
        assert_eq!(q.claim_next(AN, "new", 5.0).unwrap().attempts, 2);
    }

    #[test]
    fn the_holder_of_the_lock_takes_over_a_dead_claim() {
        let mut q = queue_of(&["1.a"], AN);
        q.claim_next(AN, "dead", 0.0).unwrap();
        assert!(!q.release("dead", true, 1.0), "its own claim stays");
        assert!(q.release("live", true, 1.0));
        assert!(q.claim_next(AN, "live", 1.0).is_some());
    }

    const AN_TAB_OTHER: &str = "other";

    #[test]
    fn another_tab_takes_over_only_after_the_lease() {
        let mut q = queue_of(&["1.a"], AN);
        assert_eq!(q.next_due(AN), Some(0.0));
        q.claim_next(AN, "tab1", 0.0).unwrap();
        assert_eq!(q.claim_next(AN, "tab2", SEND_LEASE_MS), None);
        assert_eq!(q.next_due(AN), Some(SEND_LEASE_MS + 1.0), "a closed tab's claim runs out");
        assert!(q.claim_next(AN, "tab2", SEND_LEASE_MS + 1.0).is_some());
        assert_eq!(q.next_due(BART), None);
    }

    #[test]
    fn a_change_older_than_seven_days_expires_and_is_never_sent() {
        let mut q = queue_of(&["1.a"], AN);
        assert_eq!(q.claim_next(AN, "t", MAX_AGE_MS + 1.0), None);
        assert_eq!(q.items[0].state, State::Expired);
        assert_eq!(q.pending(AN), 0);
    }

    #[test]
    fn answers_are_classified_as_the_issue_says() {
        assert_eq!(Outcome::of(None, vec![]), Outcome::Unreachable);
        for s in [502, 503, 504] {
            assert_eq!(Outcome::of(Some(s), vec![]), Outcome::Unreachable);
        }
        assert_eq!(Outcome::of(Some(200), vec![]), Outcome::Applied);
        assert_eq!(Outcome::of(Some(401), vec![]), Outcome::SignedOut);
        assert_eq!(
            Outcome::of(Some(409), vec!["rule.slot_taken".into()]),
            Outcome::Refused(vec!["rule.slot_taken".into()])
        );
    }

    #[test]
    fn a_body_gives_back_its_fields_and_key() {
        let body = "group=werkgever&national_number=85.07.30&services%5B%5D=ebox&name=Jan+Smit&idempotency_key=1.abc";
        assert_eq!(
            form_fields(body),
            [
                ("group", "werkgever"),
                ("national_number", "85.07.30"),
                ("services[]", "ebox"),
                ("name", "Jan Smit"),
                ("idempotency_key", "1.abc")
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(key_of(body).as_deref(), Some("1.abc"));
        assert_eq!(form_fields("a=%E2%82%AC%zz"), [("a".to_owned(), "€%zz".to_owned())]);
    }
}
