//! `migrate-to-postgres`: moving up from one SQLite file to PostgreSQL (several
//! instances): the installation at `--database-url` is copied into the empty PostgreSQL
//! database `--to`, which is migrated first. Stop the server before, start it on the new
//! URL after (with the same `TOEGANG_SECRET_KEY`: sealed secrets are copied sealed).

use super::{refuse, CliError};
use crate::store::{self, Database};
use std::io::Write;

/// Copies this SQLite installation into an empty PostgreSQL database.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The PostgreSQL database to fill (`postgres://…`); it must hold no data yet.
    #[arg(long)]
    to: String,
}

pub async fn run(from: &str, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    if store::is_postgres(from) {
        return refuse("--database-url must name the SQLite installation to copy");
    }
    if !store::is_postgres(&args.to) {
        return refuse("--to must name a PostgreSQL database (postgres://…)");
    }
    let (Database::Sqlite(source), Database::Postgres(target)) =
        (Database::open(from).await?, Database::open(&args.to).await?)
    else {
        return refuse("--database-url must be SQLite and --to PostgreSQL");
    };
    let counts = store::sqlite_to_postgres(&source, &target).await?;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let _ = writeln!(out, "copied {total} rows into {}", redacted(&args.to));
    for (table, n) in counts {
        let _ = writeln!(out, "  {table:<22} {n:>9}");
    }
    Ok(())
}

/// The URL without its password (it is printed).
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}
