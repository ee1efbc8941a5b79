//! `publish`: an institution publishes a message or a task into an enterprise's e-Box
//! (R13).

use super::{refuse, CliError};
use crate::service::Toegang;
use std::io::Write;
use std::path::PathBuf;

/// Publishes a message or a task into an enterprise's e-Box (R13), as an institution.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    enterprise: String,
    /// The institution, e.g. "RSZ" or "FOD Financiën".
    #[arg(long)]
    sender: String,
    /// The online service it concerns (catalogue code, e.g. dmfa).
    #[arg(long)]
    service: String,
    /// Document type: kennisgeving, herinnering, aanslagbiljet, attest or taak (a task).
    #[arg(long = "type")]
    doc_type: String,
    #[arg(long)]
    title: String,
    #[arg(long, default_value = "", conflicts_with = "body_file")]
    body: String,
    #[arg(long)]
    body_file: Option<PathBuf>,
    /// A file to attach (repeatable).
    #[arg(long)]
    attach: Vec<PathBuf>,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let Args {
        enterprise,
        sender,
        service,
        doc_type,
        title,
        body,
        body_file,
        attach,
    } = args;
    let body = match body_file {
        Some(f) => {
            std::fs::read_to_string(&f).or_else(|e| refuse(format!("{}: {e}", f.display())))?
        }
        None => body,
    };
    let mut attachments = Vec::new();
    for f in &attach {
        let bytes = std::fs::read(f).or_else(|e| refuse(format!("{}: {e}", f.display())))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        attachments.push(domain::ebox::Attachment {
            content_type: domain::ebox::attachment_type(&name).to_owned(),
            name,
            bytes,
        });
    }
    let p =
        domain::ebox::check_publication(&sender, &service, &doc_type, &title, &body, attachments)
            .or_else(|e| refuse(format!("{e} ({})", e.code())))?;
    let id = toegang.publish(&enterprise, &p).await?;
    let _ = writeln!(
        out,
        "published document {id} ({}) in the e-Box of {enterprise}",
        p.doc_type.code
    );
    Ok(())
}
