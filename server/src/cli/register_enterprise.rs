//! `register-enterprise`: the registration authority registers an enterprise with its
//! activated roles and its main access manager (R3). It stays `registered` until the
//! main access manager's first sign-in.

use super::CliError;
use crate::service::operator::{MainAccessManager, Registration};
use crate::service::Toegang;
use std::io::Write;

/// Registers an enterprise with its activated roles and its main access manager.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Enterprise number (R1), e.g. 0403.019.261 or BE0403019261.
    #[arg(long)]
    number: String,
    #[arg(long)]
    name: String,
    /// Activated roles (= permission groups), comma-separated catalogue codes.
    #[arg(long, value_delimiter = ',', required = true)]
    groups: Vec<String>,
    /// The main access manager's national number (R2).
    #[arg(long, required_unless_present = "main_access_manager_email")]
    main_access_manager: Option<String>,
    #[arg(long)]
    main_access_manager_name: String,
    /// For a main access manager without a Belgian national number: the e-mail
    /// address that receives the username …
    #[arg(
        long,
        conflicts_with = "main_access_manager",
        requires = "main_access_manager_mobile"
    )]
    main_access_manager_email: Option<String>,
    /// … and the mobile number that receives the temporary password by SMS.
    #[arg(long, requires = "main_access_manager_email")]
    main_access_manager_mobile: Option<String>,
    /// The main access manager's language (nl, fr, de or en): the e-mail and SMS are
    /// written in it and Toegang opens in it after their sign-in.
    #[arg(long)]
    language: Option<String>,
}

pub async fn run(toegang: &Toegang, args: Args, out: &mut impl Write) -> Result<(), CliError> {
    let mam = MainAccessManager::parse(
        args.main_access_manager.as_deref(),
        args.main_access_manager_email.as_deref(),
        args.main_access_manager_mobile.as_deref(),
    )?;
    let done = toegang
        .register_enterprise(Registration {
            number: &args.number,
            name: &args.name,
            groups: &args.groups,
            main_access_manager: &mam,
            main_access_manager_name: &args.main_access_manager_name,
            language: args.language.as_deref(),
        })
        .await?;
    let (number, name, mam_name) = (&done.number, &done.name, &done.main_access_manager_name);
    let _ = writeln!(
        out,
        "registered {number} {name} (status: registered until {mam_name} signs in)"
    );
    if let (MainAccessManager::Foreign(email, mobile), Some(username)) = (&mam, &done.username) {
        let _ = writeln!(
            out,
            "{mam_name} receives the username {username} by e-mail ({email}) and a temporary password by SMS ({mobile}), valid {} days",
            domain::signin::TEMPORARY_PASSWORD_DAYS
        );
    }
    Ok(())
}
