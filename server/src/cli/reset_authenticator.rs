//! `reset-authenticator`: a person lost their authenticator app (or their sign-in
//! stopped): a new temporary password goes out by SMS, and the next sign-in links a new app.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Unlinks a person's authenticator app and sends a new temporary password by SMS
/// (audited); their next sign-in links a new app.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    username: String,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let reset = toegang.reset_authenticator(&args.username).await?;
    let _ = writeln!(
        out,
        "authenticator app of {} unlinked; a new temporary password waits in the outbox for {}",
        reset.username, reset.mobile
    );
    Ok(())
}
