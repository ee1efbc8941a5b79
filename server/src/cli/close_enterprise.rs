//! `close-enterprise`: the enterprise ends (R3); nobody acts for it any more.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Closes an enterprise (R3): nobody can sign in or act for it any more; its data and
/// audit log stay (audited).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    enterprise: String,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    toegang.close_enterprise(&args.enterprise).await?;
    let _ = writeln!(out, "enterprise {} closed", args.enterprise);
    Ok(())
}
