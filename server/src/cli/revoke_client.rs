//! `revoke-client`: a client of the decision API is refused from now on.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Revokes a client of the decision API: its token is refused from the next request on.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    name: String,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    toegang.revoke_client(&args.name).await?;
    let _ = writeln!(out, "client {} revoked", args.name);
    Ok(())
}
