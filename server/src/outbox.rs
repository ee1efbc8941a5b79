//! The outbox (DESIGN.md §4): e-mail and SMS are written in the same transaction as the
//! change that causes them, and a sender delivers them afterwards. The sender is
//! pluggable; the one shipped writes each message to the log (development), and in demo
//! mode the page "Postvak" shows the outbox.

use crate::clock::Clock;
use crate::store::prelude::*;
use crate::store::{OutboxMessage, StoreError};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// Delivers one message; an error leaves it in the outbox for the next round.
#[async_trait]
pub trait Sender: Send + Sync + 'static {
    async fn send(&self, message: &OutboxMessage) -> Result<(), String>;
}

/// Development sender: the message goes to the log.
pub struct LogSender;

#[async_trait]
impl Sender for LogSender {
    async fn send(&self, m: &OutboxMessage) -> Result<(), String> {
        tracing::info!(
            channel = %m.channel, to = %m.recipient, subject = %m.subject, body = %m.body,
            "outbox message (development sender: not delivered)"
        );
        Ok(())
    }
}

pub async fn email(
    tx: &mut dyn Tx,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<i64, StoreError> {
    tx.enqueue("email", to, subject, body, now).await
}

pub async fn sms(tx: &mut dyn Tx, to: &str, body: &str, now: i64) -> Result<i64, StoreError> {
    tx.enqueue("sms", to, "", body, now).await
}

/// Delivers what is waiting; returns how many were sent.
pub async fn deliver(
    store: &dyn Store,
    sender: &dyn Sender,
    clock: &dyn Clock,
) -> Result<usize, StoreError> {
    let waiting = store.read().await?.unsent(50).await?;
    let mut sent = 0;
    for m in waiting {
        match sender.send(&m).await {
            Ok(()) => {
                let mut tx = store.write().await?;
                tx.mark_sent(m.id, clock.now()).await?;
                tx.commit().await?;
                sent += 1;
            }
            Err(e) => tracing::warn!(id = m.id, error = %e, "outbox message not delivered"),
        }
    }
    Ok(sent)
}

/// Delivers the outbox every few seconds.
pub fn spawn(store: Arc<dyn Store>, sender: Arc<dyn Sender>, clock: Arc<dyn Clock>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = deliver(store.as_ref(), sender.as_ref(), clock.as_ref()).await {
                tracing::error!(error = %e, "outbox delivery failed");
            }
        }
    });
}
