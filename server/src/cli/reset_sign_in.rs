//! `reset-sign-in`: forgets a username's failed sign-ins, after they stopped sign-in.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Forgets a username's failed sign-ins (sign-in stops after too many; audited).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    username: String,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let failures = toegang.reset_sign_in(&args.username).await?;
    let _ = writeln!(out, "{failures} failed sign-ins forgotten");
    Ok(())
}
