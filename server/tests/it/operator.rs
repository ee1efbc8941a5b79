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
