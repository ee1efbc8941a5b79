//! The outbox (DESIGN.md §4): e-mail and SMS are written in the same transaction as the
//! change that causes them, and a sender delivers them afterwards (`delivery`: SMTP and an
//! SMS gateway, or the log in demo mode).
//!
//! A secret (a temporary password) never waits in the clear: the body holds the
//! placeholder [`SECRET`], the secret is sealed beside it (`seal`), and only the moment of
//! sending puts it into the text; it is forgotten once sent, and an unsent one is purged
//! when it expires. A sender claims messages with a lease, so two instances never send one
//! at the same time; a crash between sending and marking may send a message once more,
//! and its attempt count (and the log) records that.

use crate::clock::Clock;
use crate::seal::Sealer;
use crate::store::prelude::*;
use crate::store::{NewMessage, OutboxMessage, StoreError};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// Where a message's secret goes in its body.
pub const SECRET: &str = "{geheim}";

/// How long a claim holds a message: a sender that has not finished by then (it crashed,
/// or the gateway hung) leaves it to the next round.
pub const LEASE_SECONDS: i64 = 120;

/// A message as it leaves: the stored one, and its text with the secret put in.
pub struct Outgoing<'a> {
    pub message: &'a OutboxMessage,
    pub body: String,
}

/// Delivers one message; an error leaves it in the outbox for the next round.
#[async_trait]
pub trait Sender: Send + Sync + 'static {
    async fn send(&self, message: &Outgoing<'_>) -> Result<(), String>;
}

/// Development sender (demo mode without a configured gateway): the message goes to the
/// log, its secret withheld.
pub struct LogSender;

#[async_trait]
impl Sender for LogSender {
    async fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        let m = m.message;
        tracing::info!(
            channel = %m.channel, to = %m.recipient, subject = %m.subject, body = %m.body,
            "outbox message (development sender: not delivered; a secret stays withheld)"
        );
        Ok(())
    }
}

/// The purpose a message's secret is sealed for: its recipient.
pub fn purpose(recipient: &str) -> String {
    format!("outbox:{recipient}")
}

pub async fn email(
    tx: &mut dyn Tx,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let m = NewMessage {
        channel: "email",
        recipient: to,
        subject,
        body,
        secret: None,
    };
    tx.enqueue(&m, now).await
}

/// An SMS whose `body` holds [`SECRET`] where `secret` goes; the secret is stored sealed
/// and purged unsent after `expires` (unix seconds).
pub async fn sms_with_secret(
    tx: &mut dyn Tx,
    sealer: &Sealer,
    to: &str,
    body: &str,
    secret: &str,
    expires: i64,
    now: i64,
) -> Result<i64, StoreError> {
    debug_assert!(body.contains(SECRET));
    let sealed = sealer.seal(&purpose(to), secret);
    let m = NewMessage {
        channel: "sms",
        recipient: to,
        subject: "",
        body,
        secret: Some((&sealed, expires)),
    };
    tx.enqueue(&m, now).await
}

/// Claims what is waiting and delivers it; returns how many were sent.
pub async fn deliver(
    store: &dyn Store,
    sender: &dyn Sender,
    clock: &dyn Clock,
    sealer: &Sealer,
    claimer: &str,
) -> Result<usize, StoreError> {
    let now = clock.now();
    let claimed = {
        let mut tx = store.write().await?;
        let claimed = tx
            .claim_outbox(claimer, now, now + LEASE_SECONDS, 50)
            .await?;
        tx.commit().await?;
        claimed
    };
    let mut sent = 0;
    for m in &claimed {
        let body = match &m.secret {
            None => m.body.clone(),
            Some(sealed) => match sealer.open(&purpose(&m.recipient), sealed) {
                Ok(secret) => m.body.replace(SECRET, &secret),
                Err(e) => {
                    tracing::error!(id = m.id, error = %e, "outbox message not sent");
                    continue;
                }
            },
        };
        if m.attempts > 1 {
            tracing::warn!(
                id = m.id,
                attempts = m.attempts,
                "outbox message sent again: an earlier attempt did not finish (it may arrive twice)"
            );
        }
        match sender.send(&Outgoing { message: m, body }).await {
            Ok(()) => {
                let mut tx = store.write().await?;
                if tx.mark_sent(m.id, claimer, clock.now()).await? {
                    sent += 1;
                }
                tx.commit().await?;
            }
            Err(e) => tracing::warn!(id = m.id, error = %e, "outbox message not delivered"),
        }
    }
    Ok(sent)
}

/// Delivers the outbox every few seconds, as one claimer.
pub fn spawn(
    store: Arc<dyn Store>,
    sender: Arc<dyn Sender>,
    clock: Arc<dyn Clock>,
    sealer: Sealer,
    every: Duration,
) {
    let claimer = uuid::Uuid::new_v4().to_string();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let done = deliver(
                store.as_ref(),
                sender.as_ref(),
                clock.as_ref(),
                &sealer,
                &claimer,
            )
            .await;
            if let Err(e) = done {
                tracing::error!(error = %e, "outbox delivery failed");
            }
        }
    });
}
