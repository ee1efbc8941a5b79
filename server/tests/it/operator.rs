//! The operator commands through the real binary.

use crate::common::*;
use crate::signin::{register_foreign, ENTERPRISE};

/// Runs a command without blocking the test's runtime (the test server runs on it too, and
/// may hold the database's write lock while the command waits for it).
async fn run(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn operator_commands_take_the_database_url_anywhere() {
    let s = TestServer::start_with(false).await;
    register_foreign(&s).await;
    let dir = std::env::temp_dir().join(format!("toegang-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("staff.csv");
    std::fs::write(&file, "national_number,name\n85.07.30-033.28,An Peeters\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_server");
    // `--database-url` before the command name, as operators type it.
    let mut command = std::process::Command::new(bin);
    command
        .args([
            "--database-url",
            &s.db_url,
            "import-staff",
            "--enterprise",
            ENTERPRISE,
        ])
        .arg(&file)
        .env_remove("DATABASE_URL");
    let out = run(command).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("line 2: accepted, added: 85.07.30-033.28 An Peeters"),
        "{text}"
    );
    // A refused command exits non-zero and writes nothing.
    let mut command = std::process::Command::new(bin);
    command
        .args([
            "import-staff",
            "--database-url",
            &s.db_url,
            "--enterprise",
            "0202.239.952",
        ])
        .arg(&file);
    let out = run(command).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_staff_import_by_one_enterprise_never_changes_the_name_another_sees() {
    use server::demo::{staff_number, OUTSIDER};
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let nn = staff_number(0);
    let before: app::api::UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    // Another enterprise registers the same person under another name.
    let (code, out) = operator(
        &s,
        &[
            "register-enterprise", "--number", "0206731645", "--name", "NV Elders",
            "--groups", "werkgever", "--main-access-manager", OUTSIDER.0,
            "--main-access-manager-name", OUTSIDER.1,
        ],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let dir = std::env::temp_dir().join(format!("toegang-names-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("staff.csv");
    std::fs::write(&file, format!("national_number,name\n{nn},Totaal Andere Naam\n")).unwrap();
    let (code, out) = operator(
        &s,
        &["import-staff", "--enterprise", "0206731645", file.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("added"), "new in that register: {out}");
    let after: app::api::UserData = call_ok(&mam, &s, "user", &[("national_number", nn)]).await;
    assert_eq!(after.name, before.name, "the demo enterprise still sees its own name");
    let users: app::api::UsersData =
        call_ok(&mam, &s, "users", &[("query", "Totaal"), ("page", "1")]).await;
    assert_eq!(users.users.total, 0, "nor finds the other enterprise's name");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_operator_closes_an_enterprise_and_nobody_acts_for_it_any_more() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let before = s.audit_rows().await;
    let (code, out) = operator(&s, &["close-enterprise", "--enterprise", "0403.019.261"]).await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(s.audit_rows().await, before + 1, "audited");
    // A session that was open can no longer act; nobody can sign in.
    let (st, body) = call(&mam, &s, "home", &[]).await;
    assert_eq!((st.as_u16(), code_of(&body).as_str()), (403, "auth.not_active"));
    // Its forms are refused for that, before their input is even read.
    let k = key();
    let garbage = [
        ("street", ""), ("postal_code", "x"), ("municipality", ""), ("email", "x"),
        ("phone", "x"), ("idempotency_key", k.as_str()),
    ];
    let (st, body) = call(&mam, &s, "save_contact_data", &garbage).await;
    assert_eq!((st.as_u16(), code_of(&body).as_str()), (403, "auth.not_active"));
    let (st, body) = call(
        &mam,
        &s,
        "appoint",
        &[("kind", "nonsense"), ("scope", ""), ("national_number", "x"), ("idempotency_key", k.as_str())],
    )
    .await;
    assert_eq!((st.as_u16(), code_of(&body).as_str()), (403, "auth.not_active"));
    let res = s
        .client()
        .post(s.url("/auth/demo"))
        .form(&[("national_number", MAM)])
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()[reqwest::header::LOCATION], "/");
    // Closing twice is refused, nothing written.
    let (code, out) = operator(&s, &["close-enterprise", "--enterprise", "0403019261"]).await;
    assert_eq!(code, 1, "{out}");
    assert_eq!(s.audit_rows().await, before + 1);
}

/// `backup` while the server serves: a consistent, migrated copy with every row; never
/// over an existing file.
#[tokio::test]
async fn a_backup_is_a_consistent_copy_taken_while_serving() {
    let s = TestServer::start().await;
    let mam = s.signed_in(MAM).await;
    let before = s.audit_rows().await;
    let copy = std::env::temp_dir().join(format!("toegang-backup-{}-{}.db", std::process::id(), unique()));
    // Writes go on while the copy is taken.
    let writer = {
        let mam = mam.clone();
        let url = s.url("/api/save_contact_data");
        tokio::spawn(async move {
            for n in 0..20 {
                let k = key();
                let street = format!("Kerkstraat {n}");
                let _ = mam
                    .post(&url)
                    .form(&[
                        ("street", street.as_str()), ("postal_code", "9000"), ("municipality", "Gent"),
                        ("email", "info@bouw.be"), ("phone", "+3291234567"), ("idempotency_key", &k),
                    ])
                    .send()
                    .await;
            }
        })
    };
    let path = copy.to_string_lossy().into_owned();
    let (code, out) = operator(&s, &["backup", "--to", &path]).await;
    assert_eq!(code, 0, "{out}");
    writer.await.unwrap();
    let (url, _restored) = crate::database::restored(&copy);
    let store = server::store::open(&url).await.unwrap();
    let health = store.health().await.unwrap();
    assert!(health.migrated);
    let rows = crate::database::number(&url, "SELECT COUNT(*) FROM audit_log").await;
    assert!(rows as u64 >= before, "the copy has every row of its moment");
    // Nothing half-applied: the copied address is what the copied audit log says last.
    let street = crate::database::json_member(&url, "after", "street");
    let last = crate::database::column(
        &url,
        &format!("SELECT {street} FROM audit_log WHERE action = 'contactdata.address' ORDER BY id DESC LIMIT 1"),
    )
    .await
    .pop()
    .flatten();
    let current = crate::database::column(&url, "SELECT street FROM contact_data")
        .await
        .pop()
        .flatten();
    assert_eq!(current, last);
    let (code, out) = operator(&s, &["backup", "--to", &path]).await;
    assert_eq!(code, 1, "never over an existing file: {out}");
    let _ = std::fs::remove_file(copy);
}

/// Moving up: a demo installation on SQLite, with changes made through the pages, copied
/// into an empty PostgreSQL database: every table has every row, the audit log is the
/// same, and a server on PostgreSQL goes on from there (new rows after the copied ids).
#[tokio::test]
async fn migrate_to_postgres_copies_an_installation_that_then_goes_on() {
    let source = crate::database::TestDatabase::sqlite();
    let s = TestServer::start_on(source).await;
    let mam = s.signed_in(MAM).await;
    let (st, body) = add(&mam, &s, "werkgever", "90100816305", &["dimona"]).await;
    assert!(st.is_success(), "{body}");
    // An e-Box letter with an attachment (bytes) and a task (a flag).
    let pdf = s.db.dir().join("brief.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 brief").unwrap();
    let pdf = pdf.to_string_lossy().into_owned();
    for kind in ["kennisgeving", "taak"] {
        let (code, out) = operator(&s, &[
            "publish", "--enterprise", "0403019261", "--sender", "RSZ", "--service", "dmfa",
            "--type", kind, "--title", "Brief", "--body", "Beste,", "--attach", &pdf,
        ])
        .await;
        assert_eq!(code, 0, "{out}");
    }
    let target = crate::database::TestDatabase::postgres();
    let (code, out) = operator(&s, &["migrate-to-postgres", "--to", &target.url]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("copied"), "{out}");
    for table in [
        "enterprises", "people", "staff", "mandates", "memberships", "audit_log", "outbox",
        "ebox_documents", "ebox_attachments",
    ] {
        let query = format!("SELECT COUNT(*) FROM {table}");
        let (from, to) = (
            crate::database::number(&s.db_url, &query).await,
            crate::database::number(&target.url, &query).await,
        );
        assert_eq!(from, to, "{table}");
        assert!(to > 0 || table == "outbox", "{table} has rows");
    }
    let letters = "SELECT title || ' ' || CAST(length(content) AS TEXT) || ' ' || CASE WHEN is_task THEN 'task' ELSE 'letter' END
        FROM ebox_documents d JOIN ebox_attachments a ON a.document_id = d.id ORDER BY d.id";
    assert_eq!(
        crate::database::column(&s.db_url, letters).await,
        crate::database::column(&target.url, letters).await
    );
    let trail = "SELECT action || ' ' || target FROM audit_log ORDER BY id";
    assert_eq!(
        crate::database::column(&s.db_url, trail).await,
        crate::database::column(&target.url, trail).await
    );
    // A second copy into the now filled database is refused and changes nothing.
    let (code, out) = operator(&s, &["migrate-to-postgres", "--to", &target.url]).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not empty"), "{out}");
    // A server on the copy: the same people sign in and act; new rows get new ids.
    let rows = crate::database::number(&target.url, "SELECT COUNT(*) FROM audit_log").await;
    let pg = TestServer::start_on(target).await;
    let mam = pg.signed_in(MAM).await;
    let (st, body) = add(&mam, &pg, "werkgever", server::demo::staff_number(30), &["dimona"]).await;
    assert!(st.is_success(), "{body}");
    assert!(crate::database::number(&pg.db_url, "SELECT COUNT(*) FROM audit_log").await > rows);
}
