//! `register-client`: an online service that may ask Toegang for decisions (AuthZEN).

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Registers an online service as a client of the decision API; prints its token once.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The client's name (letters, digits, `-`, `_`, `.`).
    #[arg(long)]
    name: String,
    /// The online services it may ask about (catalogue codes, comma-separated).
    #[arg(long, value_delimiter = ',', required = true)]
    services: Vec<String>,
    /// It may also use the search APIs (who may use a service, what a person may use).
    #[arg(long)]
    search: bool,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let c = toegang
        .register_client(&args.name, &args.services, args.search)
        .await?;
    let _ = writeln!(out, "client {} registered; its token (shown only now):", c.name);
    let _ = writeln!(out, "{}", c.token);
    Ok(())
}
