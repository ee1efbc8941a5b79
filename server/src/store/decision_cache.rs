//! What the decisions for the online services read, kept in memory and used only while the
//! database is provably unchanged (DESIGN.md §4a: "the very next evaluation after a change
//! reflects it", also when another instance or process made the change).
//!
//! Every use first asks the database for its change mark (SQLite: `PRAGMA data_version` on
//! a connection that never writes, which changes with every commit of any other connection
//! or process; PostgreSQL: the current snapshot `xmin:xmax:xip`, which changes with every
//! commit of any transaction that wrote). A kept answer is used only when it was read
//! after the check that gave the same mark; any commit anywhere empties the memory.
//!
//! The mark is asked once for everyone waiting: a question that arrives while a check is
//! under way waits for the next check, which starts after it arrived, so that a change
//! acknowledged before the question is always seen; the questions that arrived before a
//! check started all use its answer (woken together when it is published). Under load one
//! cheap statement serves many decisions.

use super::{DecisionClient, DecisionFacts, PersonKey, Result};
use domain::EnterpriseNumber;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// At most this many answers are kept (then the memory starts again empty).
const CAPACITY: usize = 100_000;

/// The shared change check of one database and the answers read under its latest mark.
/// `C` is what the check needs exclusively (SQLite: its watching connection).
pub struct DecisionCache<C> {
    /// Questions numbered as they arrive.
    arrivals: AtomicU64,
    /// The checker, held by the one check under way.
    checker: tokio::sync::Mutex<C>,
    /// The latest check: it answers every question numbered below `.0`; the waiters watch
    /// it.
    latest: tokio::sync::watch::Sender<(u64, String)>,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// The mark everything kept was read under.
    mark: String,
    clients: HashMap<String, Option<DecisionClient>>,
    facts: HashMap<(String, PersonKey), Option<DecisionFacts>>,
}

impl Kept {
    /// The memory read under `mark`, if that is what is kept.
    fn under(&mut self, mark: &str) -> Option<&mut Kept> {
        (self.mark == mark).then_some(self)
    }

    /// The memory to keep an answer read under `mark` in: emptied first when `mark` is the
    /// latest check's and the memory holds an older one's, or when it is full; `None` for
    /// an answer read under an older mark than the one kept (it could only be used by
    /// questions that arrived before the latest check).
    fn for_keeping(&mut self, mark: &str, latest: &str) -> Option<&mut Kept> {
        if self.mark != mark {
            if mark != latest {
                return None;
            }
            self.clients.clear();
            self.facts.clear();
            mark.clone_into(&mut self.mark);
        } else if self.clients.len() + self.facts.len() >= CAPACITY {
            self.clients.clear();
            self.facts.clear();
        }
        Some(self)
    }
}

impl<C: Send> DecisionCache<C> {
    pub fn new(checker: C) -> Self {
        DecisionCache {
            arrivals: AtomicU64::new(0),
            checker: tokio::sync::Mutex::new(checker),
            latest: tokio::sync::watch::Sender::new((0, String::new())),
            kept: Mutex::new(Kept::default()),
        }
    }

    /// The database's change mark as of a moment after this call began (see the module).
    pub async fn mark<F>(&self, check: F) -> Result<String>
    where
        F: for<'c> FnOnce(&'c mut C) -> std::pin::Pin<Box<dyn Future<Output = Result<String>> + Send + 'c>>,
    {
        let mut published = self.latest.subscribe();
        let ticket = self.arrivals.fetch_add(1, Ordering::SeqCst);
        let mut check = Some(check);
        loop {
            {
                let latest = published.borrow_and_update();
                if latest.0 > ticket {
                    return Ok(latest.1.clone());
                }
            }
            // Check, unless a check is under way: then wait for it to be published (all
            // waiters are woken at once) and look again.
            let Ok(mut checker) = self.checker.try_lock() else {
                if published.changed().await.is_err() {
                    unreachable!("the sender lives as long as the cache");
                }
                continue;
            };
            {
                let latest = self.latest.borrow();
                if latest.0 > ticket {
                    return Ok(latest.1.clone());
                }
            }
            let covers = self.arrivals.load(Ordering::SeqCst);
            let run = check.take().expect("one check per question");
            let checked = run(&mut checker).await;
            // Free the checker before waking the waiters: one of them may need to check.
            drop(checker);
            return match checked {
                Ok(mark) => {
                    self.latest.send_replace((covers, mark.clone()));
                    Ok(mark)
                }
                Err(e) => {
                    // The waiters look again (one of them checks).
                    self.latest.send_modify(|_| {});
                    Err(e)
                }
            };
        }
    }

    /// The client with this token hash: kept, or read by `read` (after the mark was taken,
    /// so that what it reads is at least as new as the mark).
    pub async fn client<R>(&self, mark: &str, token_hash: &str, read: R) -> Result<Option<DecisionClient>>
    where
        R: Future<Output = Result<Option<DecisionClient>>>,
    {
        if let Some(c) = self.lock().under(mark).and_then(|k| k.clients.get(token_hash)) {
            return Ok(c.clone());
        }
        let c = read.await?;
        let latest = self.latest_mark();
        if let Some(k) = self.lock().for_keeping(mark, &latest) {
            k.clients.insert(token_hash.to_owned(), c.clone());
        }
        Ok(c)
    }

    /// The facts of a decision: kept, or read by `read` (as [`DecisionCache::client`]).
    pub async fn facts<R>(
        &self,
        mark: &str,
        enterprise: &EnterpriseNumber,
        person: &PersonKey,
        read: R,
    ) -> Result<Option<DecisionFacts>>
    where
        R: Future<Output = Result<Option<DecisionFacts>>>,
    {
        let key = (enterprise.digits().to_owned(), person.clone());
        if let Some(f) = self.lock().under(mark).and_then(|k| k.facts.get(&key)) {
            return Ok(f.clone());
        }
        let f = read.await?;
        let latest = self.latest_mark();
        if let Some(k) = self.lock().for_keeping(mark, &latest) {
            k.facts.insert(key, f.clone());
        }
        Ok(f)
    }

    fn latest_mark(&self) -> String {
        self.latest.borrow().1.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A database whose change mark is a counter; every check is counted.
    #[derive(Default)]
    struct Counter {
        version: AtomicU64,
        checks: AtomicU64,
    }

    fn check(db: Arc<Counter>) -> impl for<'c> FnOnce(&'c mut ()) -> std::pin::Pin<Box<dyn Future<Output = Result<String>> + Send + 'c>> {
        move |_| {
            Box::pin(async move {
                db.checks.fetch_add(1, Ordering::SeqCst);
                let v = db.version.load(Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                Ok(v.to_string())
            })
        }
    }

    #[tokio::test]
    async fn a_question_after_a_change_never_takes_a_check_begun_before_it() {
        let cache = Arc::new(DecisionCache::new(()));
        let db = Arc::new(Counter::default());
        // A check is under way (it read version 0 and is still answering)…
        let first = tokio::spawn({
            let (cache, db) = (cache.clone(), db.clone());
            async move { cache.mark(check(db)).await.unwrap() }
        });
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        // …when a change commits and a question arrives.
        db.version.store(1, Ordering::SeqCst);
        let second = cache.mark(check(db.clone())).await.unwrap();
        assert_eq!(first.await.unwrap(), "0");
        assert_eq!(second, "1", "the change acknowledged before the question is seen");
    }

    #[tokio::test]
    async fn questions_waiting_together_share_one_check() {
        let cache = Arc::new(DecisionCache::new(()));
        let db = Arc::new(Counter::default());
        let asking: Vec<_> = (0..50)
            .map(|_| {
                let (cache, db) = (cache.clone(), db.clone());
                tokio::spawn(async move { cache.mark(check(db)).await.unwrap() })
            })
            .collect();
        for a in asking {
            assert_eq!(a.await.unwrap(), "0");
        }
        // The first check, then one for all who arrived while it ran.
        assert_eq!(db.checks.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_check_leaves_no_question_waiting() {
        let cache = Arc::new(DecisionCache::new(()));
        let failing = tokio::spawn({
            let cache = cache.clone();
            async move {
                cache
                    .mark(|_| {
                        Box::pin(async {
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                            Err(super::super::StoreError::Corrupt("gone".into()))
                        })
                    })
                    .await
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        let waiting = cache.mark(check(Arc::new(Counter::default())));
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await;
        assert_eq!(answer.expect("not left waiting").unwrap(), "0");
        assert!(failing.await.unwrap().is_err());
    }

    fn facts(blocked: bool) -> Option<DecisionFacts> {
        Some(DecisionFacts {
            status: domain::rules::EnterpriseStatus::Active,
            mandates: domain::Mandates::default(),
            memberships: vec![super::super::FactMembership {
                group: "werkgever".into(),
                services: vec!["dimona".into()],
                blocked,
            }],
        })
    }

    #[tokio::test]
    async fn an_answer_is_kept_only_under_the_mark_it_was_read_after() {
        let cache = DecisionCache::new(());
        let e = EnterpriseNumber::parse("0412345614").unwrap();
        let p = PersonKey::Username("els".into());
        let reads = AtomicU64::new(0);
        let read = |blocked| {
            reads.fetch_add(1, Ordering::SeqCst);
            async move { Ok(facts(blocked)) }
        };
        cache.latest.send_replace((1, "7".into()));
        assert_eq!(cache.facts("7", &e, &p, read(false)).await.unwrap(), facts(false));
        // Unchanged database: kept (the second read is never awaited).
        assert_eq!(cache.facts("7", &e, &p, read(true)).await.unwrap(), facts(false));
        // Changed: read again.
        cache.latest.send_replace((2, "8".into()));
        assert_eq!(cache.facts("8", &e, &p, read(true)).await.unwrap(), facts(true));
        assert_eq!(cache.facts("8", &e, &p, read(false)).await.unwrap(), facts(true));
        // A late answer read under the old mark neither replaces nor empties the new memory.
        assert_eq!(cache.facts("7", &e, &p, read(false)).await.unwrap(), facts(false));
        assert_eq!(cache.facts("8", &e, &p, read(false)).await.unwrap(), facts(true));
    }
}
