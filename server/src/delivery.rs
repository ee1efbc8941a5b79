//! Real delivery of the outbox, configured by environment: e-mail over SMTP (`lettre`) and
//! SMS through an HTTP gateway (a POST of `{"to", "text"}` with a bearer token). Without
//! a configured channel its messages wait in the outbox (`server outbox` shows them); in
//! demo mode an unconfigured channel goes to the log, its secrets withheld.

use crate::outbox::{LogSender, Outgoing, Sender};
use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;

/// The channels configured (README "Configuration").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryConfig {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` or `smtps://…:465`.
    pub smtp_url: Option<String>,
    /// The sender address of e-mails (required with SMTP).
    pub mail_from: Option<String>,
    /// The SMS gateway's endpoint.
    pub sms_url: Option<String>,
    /// The gateway's bearer token.
    pub sms_token: Option<String>,
}

impl DeliveryConfig {
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<DeliveryConfig, String> {
        let c = DeliveryConfig {
            smtp_url: env("TOEGANG_SMTP_URL"),
            mail_from: env("TOEGANG_MAIL_FROM"),
            sms_url: env("TOEGANG_SMS_URL"),
            sms_token: env("TOEGANG_SMS_TOKEN"),
        };
        if c.smtp_url.is_some() {
            let from = c
                .mail_from
                .as_deref()
                .ok_or("TOEGANG_SMTP_URL is set, so TOEGANG_MAIL_FROM must be set too")?;
            from.parse::<Mailbox>()
                .map_err(|e| format!("TOEGANG_MAIL_FROM `{from}`: {e}"))?;
            smtp(&c)?;
        }
        if let Some(u) = &c.sms_url {
            let url = url::Url::parse(u).map_err(|e| format!("TOEGANG_SMS_URL `{u}`: {e}"))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(format!("TOEGANG_SMS_URL `{u}`: http or https"));
            }
        }
        Ok(c)
    }
}

fn smtp(c: &DeliveryConfig) -> Result<Option<AsyncSmtpTransport<Tokio1Executor>>, String> {
    c.smtp_url
        .as_deref()
        .map(|u| {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(u)
                .map(|b| b.build())
                .map_err(|e| format!("TOEGANG_SMTP_URL: {e}"))
        })
        .transpose()
}

/// E-mail over SMTP.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[async_trait]
impl Sender for SmtpSender {
    async fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        let to: Mailbox = m
            .message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let mail = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.message.subject.clone())
            .body(m.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(mail)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// SMS through an HTTP gateway.
pub struct SmsGateway {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

#[async_trait]
impl Sender for SmsGateway {
    async fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        let mut req = self
            .client
            .post(&self.url)
            .json(&serde_json::json!({ "to": m.message.recipient, "text": m.body }));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.map_err(|e| e.to_string())?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("SMS gateway answered {}", res.status()))
        }
    }
}

/// Sends each message by its channel's sender; a channel without one keeps its messages
/// waiting.
pub struct Channels {
    email: Option<Box<dyn Sender>>,
    sms: Option<Box<dyn Sender>>,
}

impl Channels {
    /// The senders configured; in demo mode the log stands in for a missing one. `None`
    /// when nothing would be sent.
    pub fn from_config(c: &DeliveryConfig, demo: bool) -> Result<Option<Arc<Channels>>, String> {
        let log = || demo.then(|| Box::new(LogSender) as Box<dyn Sender>);
        let email = match (smtp(c)?, &c.mail_from) {
            (Some(transport), Some(from)) => Some(Box::new(SmtpSender {
                transport,
                from: from.parse().map_err(|e| format!("TOEGANG_MAIL_FROM: {e}"))?,
            }) as Box<dyn Sender>),
            _ => log(),
        };
        let sms = match &c.sms_url {
            Some(url) => Some(Box::new(SmsGateway {
                client: reqwest::Client::builder()
                    .timeout(std::time::Duration::from_secs(30))
                    .build()
                    .map_err(|e| e.to_string())?,
                url: url.clone(),
                token: c.sms_token.clone(),
            }) as Box<dyn Sender>),
            None => log(),
        };
        Ok((email.is_some() || sms.is_some()).then(|| Arc::new(Channels { email, sms })))
    }
}

#[async_trait]
impl Sender for Channels {
    async fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        let sender = match m.message.channel.as_str() {
            "email" => &self.email,
            "sms" => &self.sms,
            other => return Err(format!("unknown channel {other}")),
        };
        match sender {
            Some(s) => s.send(m).await,
            None => Err(format!("no sender configured for {}", m.message.channel)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn smtp_needs_a_sender_address_and_urls_must_parse() {
        assert_eq!(DeliveryConfig::from_env(&env(&[])).unwrap(), DeliveryConfig::default());
        assert!(DeliveryConfig::from_env(&env(&[("TOEGANG_SMTP_URL", "smtp://127.0.0.1:2525")]))
            .unwrap_err()
            .contains("TOEGANG_MAIL_FROM"));
        assert!(DeliveryConfig::from_env(&env(&[
            ("TOEGANG_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("TOEGANG_MAIL_FROM", "Toegang <toegang@example.be>"),
        ]))
        .is_ok());
        assert!(DeliveryConfig::from_env(&env(&[("TOEGANG_SMS_URL", "ftp://x")])).is_err());
    }

    #[test]
    fn without_configuration_only_demo_mode_sends_to_the_log() {
        let none = DeliveryConfig::default();
        assert!(Channels::from_config(&none, false).unwrap().is_none());
        assert!(Channels::from_config(&none, true).unwrap().is_some());
    }
}
