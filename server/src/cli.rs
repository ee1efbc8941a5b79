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
//! ```
//! Each command runs in one transaction: on any refused input nothing is written, the
//! reasons are printed, and the exit status is 1.

use crate::store::{AuditEntry, SqliteStore, Store, StoreError, Tx};
use clap::{Parser, Subcommand};
use domain::contact::{Email, Mobile};
use domain::{Catalogue, EnterpriseNumber, Mandate, NationalNumber};
use std::io::Write;
use std::path::PathBuf;

/// The subcommands, recognised by their first argument.
pub const COMMANDS: [&str; 5] = [
    "register-enterprise",
    "import-staff",
    "replace-main-access-manager",
    "outbox",
    "publish",
];

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Registers an enterprise with its activated roles and its main access manager.
    RegisterEnterprise {
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
    },
    /// Imports or updates the staff register from a CSV file with the header
    /// `national_number,name`. People not in the file stay in the register.
    ImportStaff {
        #[arg(long)]
        enterprise: String,
        file: PathBuf,
    },
    /// Publishes a message or a task into an enterprise's e-Box (R13), as an institution.
    Publish {
        #[arg(long)]
        enterprise: String,
        /// The institution, e.g. "RSZ" or "FOD Financiën".
        #[arg(long)]
        sender: String,
        /// The online service it concerns (catalogue code, e.g. dmfa).
        #[arg(long)]
        service: String,
        /// Document type: kennisgeving, herinnering, aanslagbiljet, attest or taak (a task).
        #[arg(long = "type")]
        doc_type: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "", conflicts_with = "body_file")]
        body: String,
        #[arg(long)]
        body_file: Option<PathBuf>,
        /// A file to attach (repeatable).
        #[arg(long)]
        attach: Vec<PathBuf>,
    },
    /// Shows the newest e-mails and SMS of the outbox, sent or waiting (the operator's view
    /// where no sender delivers them, e.g. in development).
    Outbox {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Replaces the main access manager (the legal representative's act).
    ReplaceMainAccessManager {
        #[arg(long)]
        enterprise: String,
        #[arg(long, required_unless_present = "email")]
        national_number: Option<String>,
        /// Needed when the person is not known yet (always for a foreign one).
        #[arg(long)]
        name: Option<String>,
        /// For a new main access manager without a Belgian national number: the e-mail
        /// address that receives the username …
        #[arg(long, conflicts_with = "national_number", requires_all = ["mobile", "name"])]
        email: Option<String>,
        /// … and the mobile number that receives the temporary password.
        #[arg(long, requires = "email")]
        mobile: Option<String>,
    },
}

/// Why an operator command refused; printed as is.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Refused(String),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

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
    let store = match SqliteStore::open(&op.database_url).await {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "toegang: {e}");
            return 1;
        }
    };
    match run(&store, op.command, out).await {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(out, "refused: {e}\nnothing was written");
            1
        }
    }
}

async fn run(store: &dyn Store, command: Command, out: &mut impl Write) -> Result<(), CliError> {
    if let Command::Publish {
        enterprise,
        sender,
        service,
        doc_type,
        title,
        body,
        body_file,
        attach,
    } = command
    {
        let body = match body_file {
            Some(f) => {
                std::fs::read_to_string(&f).or_else(|e| refuse(format!("{}: {e}", f.display())))?
            }
            None => body,
        };
        let mut attachments = Vec::new();
        for f in &attach {
            let bytes = std::fs::read(f).or_else(|e| refuse(format!("{}: {e}", f.display())))?;
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            attachments.push(domain::ebox::Attachment {
                content_type: content_type(&name).to_owned(),
                name,
                bytes,
            });
        }
        let p = domain::ebox::check_publication(
            &sender,
            &service,
            &doc_type,
            &title,
            &body,
            attachments,
        )
        .or_else(|e| refuse(format!("{e} ({})", e.code())))?;
        let id = crate::ebox::publish(store, &enterprise, &p, crate::auth::secrets::now())
            .await
            .or_else(|e| refuse(e.to_string()))?;
        let _ = writeln!(
            out,
            "published document {id} ({}) in the e-Box of {enterprise}",
            p.doc_type.code
        );
        return Ok(());
    }
    let mut tx = store.write().await?;
    match command {
        Command::RegisterEnterprise {
            number,
            name,
            groups,
            main_access_manager,
            main_access_manager_name,
            main_access_manager_email,
            main_access_manager_mobile,
        } => {
            let number = EnterpriseNumber::parse(&number)
                .or_else(|e| refuse(format!("enterprise number `{number}`: {e}")))?;
            let name = non_empty(&name, "enterprise name")?;
            let mam_name = non_empty(&main_access_manager_name, "main access manager's name")?;
            let mam = MainAccessManager::parse(
                main_access_manager.as_deref(),
                main_access_manager_email.as_deref(),
                main_access_manager_mobile.as_deref(),
            )?;
            for g in &groups {
                if Catalogue::get().role(g).is_none() {
                    let known: Vec<&str> =
                        Catalogue::get().roles().map(|r| r.code.as_str()).collect();
                    return refuse(format!("unknown role `{g}`; known: {}", known.join(", ")));
                }
            }
            if tx.enterprise_by_number(number.digits()).await?.is_some() {
                return refuse(format!("enterprise {number} is already registered"));
            }
            let e = tx.insert_enterprise(number.digits(), name).await?;
            for g in &groups {
                tx.add_enterprise_group(e, g).await?;
            }
            let (person, who, reached) = designate(tx.as_mut(), &mam, Some(mam_name), name).await?;
            tx.add_staff(e, person).await?;
            tx.add_mandate(e, person, &Mandate::MainAccessManager)
                .await?;
            let after =
                serde_json::json!({ "name": name, "groups": groups, "main_access_manager": who });
            audit(
                tx.as_mut(),
                e,
                "enterprise.register",
                number.digits(),
                None,
                Some(after),
            )
            .await?;
            tx.commit().await?;
            let _ = writeln!(
                out,
                "registered {number} {name} (status: registered until {mam_name} signs in)"
            );
            if let (MainAccessManager::Foreign(email, mobile), Some(username)) = (&mam, &reached) {
                let _ = writeln!(
                    out,
                    "{mam_name} receives the username {username} by e-mail ({email}) and a temporary password by SMS ({mobile}), valid {} days",
                    domain::signin::TEMPORARY_PASSWORD_DAYS
                );
            }
        }
        Command::ImportStaff { enterprise, file } => {
            let e = enterprise_id(tx.as_mut(), &enterprise).await?;
            let text = std::fs::read_to_string(&file)
                .or_else(|err| refuse(format!("{}: {err}", file.display())))?;
            let lines = parse_staff(&text);
            let mut refused = 0;
            let (mut added, mut updated) = (Vec::new(), Vec::new());
            for line in &lines {
                match &line.outcome {
                    Ok((nn, name)) => {
                        let what = match tx.person_by_national_number(nn.digits()).await? {
                            Some(p) if p.name == *name && tx.is_staff(e, p.id).await? => {
                                "unchanged"
                            }
                            Some(p) => {
                                tx.set_person_name(p.id, name).await?;
                                tx.add_staff(e, p.id).await?;
                                updated.push(serde_json::json!({ "national_number": nn.digits(), "before": p.name, "after": name }));
                                "updated"
                            }
                            None => {
                                let id = tx.insert_person(Some(nn.digits()), name).await?;
                                tx.add_staff(e, id).await?;
                                added.push(serde_json::json!({ "national_number": nn.digits(), "name": name }));
                                "added"
                            }
                        };
                        let _ =
                            writeln!(out, "line {}: accepted, {what}: {nn} {name}", line.number);
                    }
                    Err(reason) => {
                        refused += 1;
                        let _ = writeln!(out, "line {}: refused: {reason}", line.number);
                    }
                }
            }
            if refused > 0 {
                return refuse(format!("{refused} of {} lines refused", lines.len()));
            }
            let after = serde_json::json!({
                "lines": lines.len(), "file": file.display().to_string(),
                "added": added, "updated": updated,
            });
            audit(
                tx.as_mut(),
                e,
                "staff.import",
                &enterprise_digits(&enterprise),
                None,
                Some(after),
            )
            .await?;
            tx.commit().await?;
            let _ = writeln!(out, "imported {} lines", lines.len());
        }
        Command::Publish { .. } => unreachable!("handled before the transaction"),
        Command::Outbox { limit } => {
            for m in tx.recent_outbox(limit).await? {
                let state = m
                    .sent_at
                    .as_deref()
                    .map_or("waiting".to_owned(), |at| format!("sent {at}"));
                let _ = writeln!(
                    out,
                    "#{} {} to {} ({}, {state})",
                    m.id, m.channel, m.recipient, m.created_at
                );
                if !m.subject.is_empty() {
                    let _ = writeln!(out, "  subject: {}", m.subject);
                }
                for line in m.body.lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        Command::ReplaceMainAccessManager {
            enterprise,
            national_number,
            name,
            email,
            mobile,
        } => {
            let e = enterprise_id(tx.as_mut(), &enterprise).await?;
            let mam = MainAccessManager::parse(
                national_number.as_deref(),
                email.as_deref(),
                mobile.as_deref(),
            )?;
            let name = name.as_deref().map(|n| non_empty(n, "name")).transpose()?;
            let enterprise_name = tx.enterprise(e).await?.map(|x| x.name).unwrap_or_default();
            let (new, who, reached) = designate(tx.as_mut(), &mam, name, &enterprise_name).await?;
            let old = tx.main_access_manager(e).await?;
            if old == Some(new) {
                return refuse(format!(
                    "{} is already the main access manager",
                    mam.label()
                ));
            }
            if let Some(old) = old {
                tx.remove_mandate(e, old, &Mandate::MainAccessManager)
                    .await?;
            }
            tx.add_staff(e, new).await?;
            tx.add_mandate(e, new, &Mandate::MainAccessManager).await?;
            let before = match old {
                Some(id) => tx.person(id).await?.map(|p| {
                    serde_json::json!({ "main_access_manager": p.national_number, "name": p.name })
                }),
                None => None,
            };
            let after = serde_json::json!({ "main_access_manager": who });
            audit(
                tx.as_mut(),
                e,
                "enterprise.replace_main_access_manager",
                &enterprise_digits(&enterprise),
                before,
                Some(after),
            )
            .await?;
            tx.commit().await?;
            match (&mam, reached) {
                (MainAccessManager::Foreign(email, mobile), Some(username)) => {
                    let _ = writeln!(
                        out,
                        "{} is now the main access manager; username {username} by e-mail ({email}), temporary password by SMS ({mobile})",
                        name.unwrap_or_default()
                    );
                }
                _ => {
                    let _ = writeln!(out, "{} is now the main access manager", mam.label());
                }
            }
        }
    }
    Ok(())
}

fn non_empty<'a>(s: &'a str, what: &str) -> Result<&'a str, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return refuse(format!("{what} is empty"));
    }
    Ok(s)
}

/// The enterprise number as stored (digits), for audit targets; `enterprise_id` has
/// already refused an invalid one.
fn enterprise_digits(number: &str) -> String {
    EnterpriseNumber::parse(number)
        .map(|n| n.digits().to_owned())
        .unwrap_or_else(|_| number.to_owned())
}

async fn enterprise_id(tx: &mut dyn Tx, number: &str) -> Result<i64, CliError> {
    let parsed = EnterpriseNumber::parse(number)
        .or_else(|e| refuse(format!("enterprise number `{number}`: {e}")))?;
    match tx.enterprise_by_number(parsed.digits()).await? {
        Some(e) => Ok(e.id),
        None => refuse(format!("enterprise {parsed} is not registered")),
    }
}

/// The person with this number, created with `name` when unknown.
async fn person(tx: &mut dyn Tx, nn: &NationalNumber, name: Option<&str>) -> Result<i64, CliError> {
    match (tx.person_by_national_number(nn.digits()).await?, name) {
        (Some(p), _) => Ok(p.id),
        (None, Some(name)) => Ok(tx.insert_person(Some(nn.digits()), name).await?),
        (None, None) => refuse(format!("{nn} is not known: give --name")),
    }
}

/// The content type of an attachment, from its extension.
fn content_type(name: &str) -> &'static str {
    match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("csv") => "text/csv",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Who is designated main access manager at registration.
enum MainAccessManager {
    Belgian(NationalNumber),
    /// Without a Belgian national number: reached by e-mail and SMS.
    Foreign(Email, Mobile),
}

impl MainAccessManager {
    /// How the operator's report names them.
    fn label(&self) -> String {
        match self {
            MainAccessManager::Belgian(nn) => nn.to_string(),
            MainAccessManager::Foreign(email, _) => email.to_string(),
        }
    }

    fn parse(
        national_number: Option<&str>,
        email: Option<&str>,
        mobile: Option<&str>,
    ) -> Result<MainAccessManager, CliError> {
        match (national_number, email, mobile) {
            (Some(nn), None, None) => Ok(MainAccessManager::Belgian(
                NationalNumber::parse(nn)
                    .or_else(|e| refuse(format!("national number `{nn}`: {e}")))?,
            )),
            (None, Some(email), Some(mobile)) => Ok(MainAccessManager::Foreign(
                Email::parse(email)
                    .or_else(|e| refuse(format!("e-mail address `{email}`: {e}")))?,
                Mobile::parse(mobile)
                    .or_else(|e| refuse(format!("mobile number `{mobile}`: {e}")))?,
            )),
            _ => refuse("give a national number, or an e-mail address and a mobile number"),
        }
    }
}

/// The person who becomes main access manager: a known or new Belgian one, or a new
/// foreign one who receives a username and a temporary password. Returns the person, how
/// the audit log names them, and the username of a foreign one.
async fn designate(
    tx: &mut dyn Tx,
    mam: &MainAccessManager,
    name: Option<&str>,
    enterprise_name: &str,
) -> Result<(i64, serde_json::Value, Option<String>), CliError> {
    match mam {
        MainAccessManager::Belgian(nn) => Ok((
            person(tx, nn, name).await?,
            serde_json::json!(nn.digits()),
            None,
        )),
        MainAccessManager::Foreign(email, mobile) => {
            let Some(name) = name else {
                return refuse("a main access manager without a national number needs a name");
            };
            let p = tx.insert_person(None, name).await?;
            tx.set_person_contact(p, email.as_str(), mobile.as_str())
                .await?;
            let username = issue_credential(tx, p, name, email, mobile, enterprise_name).await?;
            let who = serde_json::json!({
                "name": name, "email": email.as_str(), "mobile": mobile.as_str(), "username": username,
            });
            Ok((p, who, Some(username)))
        }
    }
}

/// Gives a person without a national number a username (by e-mail) and a temporary
/// password (by SMS), through the outbox (DESIGN.md §4). Returns the username.
async fn issue_credential(
    tx: &mut dyn Tx,
    person: i64,
    name: &str,
    email: &Email,
    mobile: &Mobile,
    enterprise: &str,
) -> Result<String, CliError> {
    use crate::auth::secrets;
    let temporary = secrets::new_temporary_password();
    let hash =
        secrets::hash_password(&temporary).map_err(|e| StoreError::Hashing(e.to_string()))?;
    let mut username = secrets::new_username(name);
    // A generated username may exist already: draw again.
    let mut tries = 0;
    while !tx
        .insert_credential(person, &username, &hash, true, secrets::now())
        .await?
    {
        tries += 1;
        if tries > 20 {
            return refuse("could not find a free username");
        }
        username = secrets::new_username(name);
    }
    let days = domain::signin::TEMPORARY_PASSWORD_DAYS;
    crate::outbox::email(
        tx,
        email.as_str(),
        "Uw gebruikersnaam voor Toegangsbeheer",
        &format!(
            "Beste {name},\n\nU bent aangesteld als Hoofdtoegangsbeheerder van {enterprise}.\n\
             Uw gebruikersnaam: {username}\n\nU ontvangt een tijdelijk wachtwoord per sms. \
             Bij uw eerste aanmelding kiest u een nieuw wachtwoord en koppelt u een authenticator-app."
        ),
    )
    .await?;
    crate::outbox::sms(
        tx,
        mobile.as_str(),
        &format!("Toegangsbeheer: uw tijdelijk wachtwoord is {temporary} (geldig {days} dagen)."),
    )
    .await?;
    Ok(username)
}

async fn audit(
    tx: &mut dyn Tx,
    enterprise: i64,
    action: &str,
    target: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), CliError> {
    let entry = AuditEntry {
        enterprise_id: enterprise,
        actor_id: None,
        action: action.into(),
        target: target.into(),
        before,
        after,
    };
    Ok(tx.audit(&entry).await?)
}

/// One data line of a staff file: its line number and what it holds or why it is refused.
struct StaffLine {
    number: u64,
    outcome: Result<(NationalNumber, String), String>,
}

/// Reads `national_number,name` records (header required); every line gets an outcome.
fn parse_staff(text: &str) -> Vec<StaffLine> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.get(0) == Some("national_number") && h.get(1) == Some("name"))
        .unwrap_or(false);
    if !header_ok {
        return vec![StaffLine {
            number: 1,
            outcome: Err("the first line must be `national_number,name`".into()),
        }];
    }
    let mut seen = std::collections::BTreeSet::new();
    reader
        .records()
        .map(|record| {
            let (number, outcome) = match record {
                Err(e) => (
                    e.position().map(|p| p.line()).unwrap_or(0),
                    Err(format!("unreadable: {e}")),
                ),
                Ok(r) => {
                    let number = r.position().map(|p| p.line()).unwrap_or(0);
                    let outcome = match (r.get(0), r.get(1), r.len()) {
                        (_, _, n) if n != 2 => Err(format!("expected 2 fields, found {n}")),
                        (Some(nn), Some(name), _) => match NationalNumber::parse(nn) {
                            Err(e) => Err(format!("national number `{nn}`: {e}")),
                            Ok(_) if name.is_empty() => Err("the name is empty".into()),
                            Ok(nn) if !seen.insert(nn) => {
                                Err(format!("{nn} appears twice in the file"))
                            }
                            Ok(nn) => Ok((nn, name.to_owned())),
                        },
                        _ => Err("expected 2 fields".into()),
                    };
                    (number, outcome)
                }
            };
            StaffLine { number, outcome }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    async fn cmd(url: &str, args: &[&str]) -> (i32, String) {
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
        let store = SqliteStore::open(url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let e = tx.enterprise_by_number("0403019261").await.unwrap();
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
            (e.name.as_str(), e.status.as_str(), staff),
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
        let store = SqliteStore::open(&url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let e = tx
            .enterprise_by_number("0403019261")
            .await
            .unwrap()
            .unwrap();
        let luc = tx
            .person_by_national_number("93051822361")
            .await
            .unwrap()
            .unwrap();
        let an = tx
            .person_by_national_number("85073003328")
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
        let (code, out) = cmd(&url, &foreign).await;
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("Jan Smit is now the main access manager; username jsmit-"),
            "{out}"
        );
        let store = SqliteStore::open(&url).await.unwrap();
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
