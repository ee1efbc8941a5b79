//! `outbox`: the newest e-mails and SMS, sent or waiting. A secret in a message (a
//! temporary password) shows only as its placeholder: it is sealed, and never printed.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Shows the newest e-mails and SMS of the outbox, sent or waiting (the operator's view
/// where no sender delivers them, e.g. in development).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, default_value_t = 20)]
    limit: u32,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    for m in toegang.recent_outbox(args.limit).await? {
        let state = m
            .sent_at
            .as_deref()
            .map_or("waiting".to_owned(), |at| format!("sent {at}"));
        let _ = writeln!(
            out,
            "#{} {} to {} ({}, {state})",
            m.id, m.channel, m.recipient, m.created_at
        );
        if m.attempts > 1 {
            let _ = writeln!(out, "  claimed {} times: it may have been sent twice", m.attempts);
        }
        if m.secret.is_some() {
            let _ = writeln!(out, "  (holds a sealed secret, shown as {})", crate::outbox::SECRET);
        }
        if !m.subject.is_empty() {
            let _ = writeln!(out, "  subject: {}", m.subject);
        }
        for line in m.body.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    Ok(())
}
