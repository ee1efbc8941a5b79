//! `replace-main-access-manager`: the legal representative's act; the old main access
//! manager loses the mandate but stays staff.

use super::CliError;
use crate::service::operator::MainAccessManager;
use crate::service::Toegang;
use std::io::Write;

/// Replaces the main access manager (the legal representative's act).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    enterprise: String,
    #[arg(long, required_unless_present = "email")]
    national_number: Option<String>,
    /// Needed when the person is not known yet (always for a foreign one).
    #[arg(long)]
    name: Option<String>,
    /// For a new main access manager without a Belgian national number: the e-mail
    /// address that receives the username …
    #[arg(long, conflicts_with = "national_number", requires_all = ["mobile", "name"])]
    email: Option<String>,
    /// … and the mobile number that receives the temporary password.
    #[arg(long, requires = "email")]
    mobile: Option<String>,
    /// The new main access manager's language (nl, fr, de or en).
    #[arg(long)]
    language: Option<String>,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let mam = MainAccessManager::parse(
        args.national_number.as_deref(),
        args.email.as_deref(),
        args.mobile.as_deref(),
    )?;
    let done = toegang
        .replace_main_access_manager(&args.enterprise, &mam, args.name.as_deref(), args.language.as_deref())
        .await?;
    match (&mam, done.username) {
        (MainAccessManager::Foreign(email, mobile), Some(username)) => {
            let _ = writeln!(
                out,
                "{} is now the main access manager; username {username} by e-mail ({email}), temporary password by SMS ({mobile})",
                args.name.as_deref().map(str::trim).unwrap_or_default()
            );
        }
        _ => {
            let _ = writeln!(out, "{} is now the main access manager", mam.label());
        }
    }
    Ok(())
}
