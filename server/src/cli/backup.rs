//! `backup`: a consistent copy of the whole database into a new file, also while the
//! server runs (one snapshot: never half a transaction).

use super::{refuse, CliError};
use crate::service::Toegang;
use std::io::Write;
use std::path::PathBuf;

/// Writes a consistent copy of the database to a new file.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to write (it must not exist).
    #[arg(long)]
    to: PathBuf,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    if args.to.exists() {
        return refuse(format!("{} exists already: choose a new file", args.to.display()));
    }
    toegang.backup(&args.to).await?;
    let bytes = std::fs::metadata(&args.to).map(|m| m.len()).unwrap_or(0);
    let _ = writeln!(out, "backed up to {} ({bytes} bytes)", args.to.display());
    Ok(())
}
