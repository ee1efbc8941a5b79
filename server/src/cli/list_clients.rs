//! `list-clients`: the online services registered to ask for decisions.

use super::CliError;
use crate::service::Toegang;
use std::io::Write;

/// Lists the clients of the decision API, revoked ones marked.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub async fn run(toegang: &Toegang, _args: Args, out: &mut impl Write) -> Result<(), CliError> {
    for c in toegang.decision_clients().await? {
        let state = match &c.revoked_at {
            Some(at) => format!("revoked {at}"),
            None => "active".to_owned(),
        };
        let search = if c.may_search { ", may search" } else { "" };
        let _ = writeln!(
            out,
            "{} ({state}; registered {}): {}{search}",
            c.name,
            c.created_at,
            c.services.join(", ")
        );
    }
    Ok(())
}
