//! `import-staff`: imports or updates an enterprise's staff register from a CSV file
//! (header `national_number,name`), all or nothing, with a report per line.

use super::{refuse, CliError};
use crate::service::operator::parse_staff;
use crate::service::Toegang;
use std::io::Write;
use std::path::PathBuf;

/// Imports or updates the staff register from a CSV file with the header
/// `national_number,name`. People not in the file stay in the register.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    enterprise: String,
    file: PathBuf,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let file = &args.file;
    let text = std::fs::read_to_string(file)
        .or_else(|err| refuse(format!("{}: {err}", file.display())))?;
    let lines = parse_staff(&text);
    let report = toegang
        .import_staff(&args.enterprise, &file.display().to_string(), &lines)
        .await?;
    for (number, outcome) in &report.lines {
        let _ = match outcome {
            Ok((what, nn, name)) => writeln!(out, "line {number}: accepted, {what}: {nn} {name}"),
            Err(reason) => writeln!(out, "line {number}: refused: {reason}"),
        };
    }
    if report.refused > 0 {
        return refuse(format!(
            "{} of {} lines refused",
            report.refused,
            lines.len()
        ));
    }
    let _ = writeln!(out, "imported {} lines", lines.len());
    Ok(())
}
