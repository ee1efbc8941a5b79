//! Operator commands of the server binary: the registration authority's acts (R3).
//!
//! ```text
//! server register-enterprise --number 0403.019.261 --name "NV X" --groups werkgever,belastingplichtige \
//!        --main-access-manager 85.07.30-033.28 --main-access-manager-name "An Peeters"
//! server register-enterprise … --main-access-manager-name "Jan Smit" \
//!        --main-access-manager-email jan@smit.nl --main-access-manager-mobile "+31 6 1234 5678"
//!        # a foreign main access manager: username by e-mail, temporary password by SMS
//! server import-staff --enterprise 0403019261 staff.csv        # national_number,name
//! server outbox [--limit 20]                                      # e-mails and SMS
//! server publish --enterprise 0403019261 --sender RSZ --service dmfa --type taak \
//!        --title "DmfA-aangifte" [--body … | --body-file F] [--attach F]…  # into the e-Box
//! server replace-main-access-manager --enterprise 0403019261 --national-number … [--name …]
//! server replace-main-access-manager --enterprise 0403019261 --name … --email … --mobile …
//! server reset-authenticator --username jsmith-4821   # new temporary password by SMS
//! server reset-sign-in --username jsmith-4821         # forget failed sign-ins
//! server close-enterprise --enterprise 0403019261     # R3: nobody acts for it any more
//! server register-client --name dimona --services dimona,dmfa [--search]  # prints its token once
//! server list-clients                                 # the decision API's clients
//! server revoke-client --name dimona                  # refused from the next request on
//! ```
//! Each command is one of the service's operator acts (`service::operator`), run in one
//! transaction: on any refused input nothing is written, the reasons are printed, and the
//! exit status is 1. One file per command: its arguments, and what it prints.

mod backup;
mod close_enterprise;
mod import_staff;
mod list_clients;
mod outbox;
mod publish;
mod register_client;
mod register_enterprise;
mod replace_main_access_manager;
mod reset_authenticator;
mod migrate_to_postgres;
mod reset_sign_in;
mod revoke_client;

use crate::clock::SystemClock;
use crate::service::Toegang;
use crate::store;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "server",
    about = "Toegang operator commands (the registration authority)",
    after_help = "Without a command, `server [--demo] [--addr HOST:PORT] [--database-url URL]` serves Toegang."
)]
struct Operator {
    /// Database URL.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/toegang.db"
    )]
    database_url: String,
    /// The key that seals secrets (as the server's; base64 of 32 bytes). Without it, the
    /// key file a demo server keeps beside its database, if there is one.
    #[arg(long, global = true, env = "TOEGANG_SECRET_KEY", hide_env_values = true)]
    secret_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// One operator command per file; this list is the only place that names them.
#[derive(Subcommand, Debug)]
enum Command {
    /// Registers an enterprise with its activated roles and its main access manager.
    RegisterEnterprise(register_enterprise::Args),
    /// Imports or updates the staff register from a CSV file with the header
    /// `national_number,name`. People not in the file stay in the register.
    ImportStaff(import_staff::Args),
    /// Publishes a message or a task into an enterprise's e-Box (R13), as an institution.
    Publish(publish::Args),
    /// Shows the newest e-mails and SMS of the outbox, sent or waiting (the operator's view
    /// where no sender delivers them, e.g. in development).
    Outbox(outbox::Args),
    /// Replaces the main access manager (the legal representative's act).
    ReplaceMainAccessManager(replace_main_access_manager::Args),
    /// Unlinks a person's authenticator app and sends a new temporary password by SMS.
    ResetAuthenticator(reset_authenticator::Args),
    /// Forgets a username's failed sign-ins (sign-in stops after too many).
    ResetSignIn(reset_sign_in::Args),
    /// Closes an enterprise: nobody acts for it any more.
    CloseEnterprise(close_enterprise::Args),
    /// Writes a consistent copy of the database to a new file (also while serving).
    Backup(backup::Args),
    /// Registers an online service as a client of the decision API (AuthZEN) for the
    /// online services it may ask about; prints its token once.
    RegisterClient(register_client::Args),
    /// Lists the clients of the decision API.
    ListClients(list_clients::Args),
    /// Revokes a client of the decision API.
    RevokeClient(revoke_client::Args),
    /// Copies this SQLite installation (`--database-url`) into an empty PostgreSQL
    /// database (`--to`).
    MigrateToPostgres(migrate_to_postgres::Args),
}

/// Whether `name` is an operator command (the binary runs it instead of serving).
pub fn is_command(name: &str) -> bool {
    Operator::command()
        .get_subcommands()
        .any(|c| c.get_name() == name)
}

/// Why an operator command refused; printed as is.
pub use crate::service::operator::OperatorError as CliError;

fn refuse<T>(msg: impl Into<String>) -> Result<T, CliError> {
    Err(CliError::Refused(msg.into()))
}

/// Parses `args` (without the program name) and runs the command; the report goes to `out`.
/// Returns the process exit status.
pub async fn main(args: Vec<String>, out: &mut impl Write) -> i32 {
    let op = match Operator::try_parse_from(std::iter::once("server".to_owned()).chain(args)) {
        Ok(op) => op,
        Err(e) => {
            let _ = write!(out, "{e}");
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // Moving up copies between two databases: it needs no service.
    let command = match op.command {
        Command::MigrateToPostgres(args) => {
            return match migrate_to_postgres::run(&op.database_url, args, out).await {
                Ok(()) => 0,
                Err(e) => {
                    let _ = writeln!(out, "refused: {e}\nnothing was written");
                    1
                }
            };
        }
        other => other,
    };
    let store = match store::open(&op.database_url).await {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "toegang: {e}");
            return 1;
        }
    };
    // The operator's acts are the service's; this file only reads and prints.
    let mut toegang = Toegang::new(store, Arc::new(SystemClock), false, None);
    let key = match &op.secret_key {
        Some(k) => match crate::seal::parse_key(k) {
            Some(k) => Some(k),
            None => {
                let _ = writeln!(out, "toegang: --secret-key (TOEGANG_SECRET_KEY) must be 32 bytes in base64");
                return 2;
            }
        },
        None => crate::seal::existing_key_file(&op.database_url),
    };
    if let Some(key) = key {
        toegang = toegang.with_sealer(crate::seal::Sealer::new(&key));
    }
    match run(&toegang, command, out).await {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(out, "refused: {e}\nnothing was written");
            1
        }
    }
}

async fn run(toegang: &Toegang, command: Command, out: &mut impl Write) -> Result<(), CliError> {
    match command {
        Command::RegisterEnterprise(args) => register_enterprise::run(toegang, args, out).await,
        Command::ImportStaff(args) => import_staff::run(toegang, args, out).await,
        Command::Publish(args) => publish::run(toegang, args, out).await,
        Command::Outbox(args) => outbox::run(toegang, args, out).await,
        Command::ReplaceMainAccessManager(args) => {
            replace_main_access_manager::run(toegang, args, out).await
        }
        Command::ResetAuthenticator(args) => reset_authenticator::run(toegang, args, out).await,
        Command::ResetSignIn(args) => reset_sign_in::run(toegang, args, out).await,
        Command::CloseEnterprise(args) => close_enterprise::run(toegang, args, out).await,
        Command::Backup(args) => backup::run(toegang, args, out).await,
        Command::RegisterClient(args) => register_client::run(toegang, args, out).await,
        Command::ListClients(args) => list_clients::run(toegang, args, out).await,
        Command::RevokeClient(args) => revoke_client::run(toegang, args, out).await,
        Command::MigrateToPostgres(_) => unreachable!("run before the store is opened"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed_and_lists_every_command() {
        Operator::command().debug_assert();
        for name in [
            "register-enterprise",
            "import-staff",
            "publish",
            "outbox",
            "replace-main-access-manager",
        ] {
            assert!(is_command(name), "{name}");
        }
        assert!(!is_command("--demo") && !is_command("serve"));
    }

    struct Db(std::path::PathBuf);
    impl Drop for Db {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn db(name: &str) -> (Db, String) {
        let dir = std::env::temp_dir().join(format!("toegang-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/t.db", dir.display());
        (Db(dir), url)
    }

    /// A sealing key for the tests (base64 of 32 bytes).
    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    async fn cmd(url: &str, args: &[&str]) -> (i32, String) {
        let mut with_key = vec!["--secret-key", KEY];
        with_key.extend_from_slice(args);
        cmd_without_key(url, &with_key).await
    }

    async fn cmd_without_key(url: &str, args: &[&str]) -> (i32, String) {
        let mut out = Vec::new();
        let mut all = vec!["--database-url".to_owned(), url.to_owned()];
        all.extend(args.iter().map(|s| s.to_string()));
        let code = main(all, &mut out).await;
        (code, String::from_utf8(out).unwrap())
    }

    const REGISTER: [&str; 11] = [
        "register-enterprise",
        "--number",
        "BE 0403.019.261",
        "--name",
        "NV Test",
        "--groups",
        "werkgever,belastingplichtige",
        "--main-access-manager",
        "85.07.30-033.28",
        "--main-access-manager-name",
        "An Peeters",
    ];

    async fn state(url: &str) -> (Option<crate::store::Enterprise>, u64) {
        let store = store::open(url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let number = domain::EnterpriseNumber::parse("0403019261").unwrap();
        let e = tx.enterprise_by_number(&number).await.unwrap();
        let staff = match &e {
            Some(e) => tx.staff(e.id).await.unwrap().len() as u64,
            None => 0,
        };
        (e, staff)
    }

    #[tokio::test]
    async fn registers_an_enterprise_in_the_registered_state() {
        let (_d, url) = db("register");
        let (code, out) = cmd(&url, &REGISTER).await;
        assert_eq!(code, 0, "{out}");
        let (e, staff) = state(&url).await;
        let e = e.unwrap();
        assert_eq!(
            (e.name.as_str(), e.status.code(), staff),
            ("NV Test", "registered", 1)
        );
        // Twice is refused, and changes nothing.
        let (code, out) = cmd(&url, &REGISTER).await;
        assert_eq!(code, 1);
        assert!(
            out.contains("already registered") && out.contains("nothing was written"),
            "{out}"
        );
    }

    #[tokio::test]
    async fn refuses_bad_registrations_and_writes_nothing() {
        let (_d, url) = db("refuse");
        for (i, bad, reason) in [
            (2, "0403019262", "enterprise number"),
            (6, "werkgever,nope", "unknown role `nope`"),
            (8, "85073003329", "national number"),
            (10, " ", "name is empty"),
        ] {
            let mut args = REGISTER.to_vec();
            args[i] = bad;
            let (code, out) = cmd(&url, &args).await;
            assert_eq!(code, 1, "{bad}: {out}");
            assert!(out.contains(reason), "{bad}: {out}");
            assert!(state(&url).await.0.is_none());
        }
        let (code, _) = cmd(&url, &["register-enterprise", "--number", "0403019261"]).await;
        assert_eq!(code, 2, "usage errors exit 2");
    }

    #[tokio::test]
    async fn imports_staff_all_or_nothing_with_a_report_per_line() {
        let (_d, url) = db("import");
        assert_eq!(cmd(&url, &REGISTER).await.0, 0);
        let dir = std::env::temp_dir().join(format!("toegang-cli-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "national_number,name\n93051822361,Luc Janssens\n12345,Nobody\n93.05.18-223.61,Luc Again\n17073003384,\n").unwrap();
        let (code, out) = cmd(
            &url,
            &[
                "import-staff",
                "--enterprise",
                "0403019261",
                bad.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("line 2: accepted"), "{out}");
        assert!(
            out.contains("line 3: refused: national number `12345`"),
            "{out}"
        );
        assert!(
            out.contains("line 4: refused: 93.05.18-223.61 appears twice"),
            "{out}"
        );
        assert!(out.contains("line 5: refused: the name is empty"), "{out}");
        assert_eq!(state(&url).await.1, 1, "nothing half-written");
        let good = dir.join("good.csv");
        std::fs::write(&good, "national_number,name\n93051822361,Luc Janssens\n17.07.30-033.84,Kim Peeters\n85073003328,An Peeters\n").unwrap();
        let (code, out) = cmd(
            &url,
            &[
                "import-staff",
                "--enterprise",
                "0403019261",
                good.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("line 4: accepted, unchanged"), "{out}");
        assert_eq!(state(&url).await.1, 3);
        let headerless = dir.join("h.csv");
        std::fs::write(&headerless, "93051822361,Luc\n").unwrap();
        let (code, out) = cmd(
            &url,
            &[
                "import-staff",
                "--enterprise",
                "0403019261",
                headerless.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(code, 1);
        assert!(out.contains("national_number,name"), "{out}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn replaces_the_main_access_manager() {
        let (_d, url) = db("replace");
        assert_eq!(cmd(&url, &REGISTER).await.0, 0);
        let args = [
            "replace-main-access-manager",
            "--enterprise",
            "0403019261",
            "--national-number",
            "93051822361",
        ];
        let (code, out) = cmd(&url, &args).await;
        assert_eq!(code, 1, "an unknown person needs a name");
        assert!(out.contains("give --name"), "{out}");
        let mut with_name = args.to_vec();
        with_name.extend(["--name", "Luc Janssens"]);
        let (code, out) = cmd(&url, &with_name).await;
        assert_eq!(code, 0, "{out}");
        let store = store::open(&url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let e = tx
            .enterprise_by_number(&domain::EnterpriseNumber::parse("0403019261").unwrap())
            .await
            .unwrap()
            .unwrap();
        let luc = tx
            .person_by_national_number(&domain::NationalNumber::parse("93051822361").unwrap())
            .await
            .unwrap()
            .unwrap();
        let an = tx
            .person_by_national_number(&domain::NationalNumber::parse("85073003328").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tx.main_access_manager(e.id).await.unwrap(), Some(luc.id));
        assert!(!tx
            .mandates(e.id, an.id)
            .await
            .unwrap()
            .is_main_access_manager());
        assert!(tx.is_staff(e.id, luc.id).await.unwrap());
        drop(tx);
        let (code, out) = cmd(&url, &args).await;
        assert_eq!(code, 1);
        assert!(out.contains("already the main access manager"), "{out}");

        // A foreign successor: a name, an e-mail address and a mobile number, all needed.
        let foreign = [
            "replace-main-access-manager",
            "--enterprise",
            "0403019261",
            "--name",
            "Jan Smit",
            "--email",
            "jan@smit.nl",
            "--mobile",
            "+31 6 1234 5678",
        ];
        let (code, out) = cmd(&url, &foreign[..7]).await;
        assert_eq!(code, 2, "--email needs --mobile: {out}");
        let mut bad = foreign.to_vec();
        bad[8] = "0612345678";
        let (code, out) = cmd(&url, &bad).await;
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("mobile number `0612345678`"), "{out}");
        // Without the key the temporary password cannot be sealed: refused, nothing written.
        let (code, out) = cmd_without_key(&url, &foreign).await;
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("TOEGANG_SECRET_KEY"), "{out}");
        let (code, out) = cmd(&url, &foreign).await;
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("Jan Smit is now the main access manager; username jsmit-"),
            "{out}"
        );
        let store = store::open(&url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let jan = tx.main_access_manager(e.id).await.unwrap().unwrap();
        assert_eq!(tx.person(jan).await.unwrap().unwrap().national_number, None);
        let c = tx.credential(jan).await.unwrap().unwrap();
        assert!(c.must_change && c.username.starts_with("jsmit-"));
        let sent: Vec<String> = tx
            .recent_outbox(5)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.recipient)
            .collect();
        assert_eq!(sent, ["+31612345678", "jan@smit.nl"]);
    }
}
