//! Every operator command and every report on the database the suite runs on (SQLite, and
//! PostgreSQL when `TEST_POSTGRES_URL` is set), on data made through the chat: check-ins
//! answered, free texts, a call request, an assessed alert. Plus the two schemas compared
//! column by column, so one integer width holds on both.

use std::collections::BTreeMap;
use std::process::Command;

use crate::helpers::*;
use taetkontakt::store::Store;

fn taetkontakt(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taetkontakt"));
    cmd.env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL")
        .env_remove("MIGRATE_TO_URL")
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "off");
    cmd
}

/// Runs a command; returns (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let output = cmd.output().expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Two weeks of answers from the young person (the second week lower), a free text, a call
/// request and an assessed alert, all through the chat.
pub async fn case_with_history(app: &TestApp) -> YouthCase {
    let case = youth_case(app).await;
    for value in ["8", "2"] {
        let mark = app.fake.message_seq();
        app.say(&case.caseworker, &format!("/tjekind {}", case.code))
            .await;
        let prompt = prompt_after(app, case.youth.id, mark).await;
        app.answer(&case.youth, &prompt, value).await;
        app.settle().await;
        app.clock.advance(chrono::Duration::days(7));
    }
    app.say(&case.youth, "Det går lidt bedre i skolen nu").await;
    app.say(&case.youth, "/ring").await;
    app.settle().await;
    let mark = app.fake.message_seq();
    app.fake.send_text(&case.caseworker, "/alarmer");
    let alerts = app
        .fake
        .wait_for_message(
            case.caseworker.id,
            |m| m.seq > mark && m.button_data("Kontakt ung/familie").is_some(),
            WAIT,
        )
        .await
        .expect("an alert with its buttons");
    app.press(&case.caseworker, &alerts, "Kontakt ung/familie").await;
    app.settle().await;
    case
}

#[tokio::test]
async fn every_report_format_dead_letters_and_backup_work_on_this_backend_with_chat_data() {
    let app = TestApp::spawn().await;
    let case = case_with_history(&app).await;
    // A team leader's /ledelse reads the same numbers inside the service.
    let leader = joined_leader(&app, 1900, "Karen").await;
    let ledelse = app.say(&leader, "/ledelse").await;
    assert!(ledelse.text.contains("Ledelsesinformation"), "{}", ledelse.text);
    let url = app.database_url.clone();
    let postgres = url.starts_with("postgres");

    for format in ["text", "csv", "html", "json"] {
        let (code, stdout, stderr) = run(taetkontakt(&url).args(["rapport", "--format", format]));
        assert_eq!(code, Some(0), "rapport --format {format}: {stderr}");
        assert!(
            !stdout.trim().is_empty(),
            "rapport --format {format} printed nothing"
        );
        // Pictures are embedded as base64, where any three letters may turn up by chance.
        let readable = strip_base64_images(&stdout);
        assert!(
            !readable.contains(&case.code) && !readable.contains("Lea"),
            "no identities in {format}"
        );
        if format == "json" {
            let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
            assert!(parsed.is_object(), "{stdout}");
        }
        if format == "csv" {
            assert!(stdout.contains("engagement,checkins.youth.answered"), "{stdout}");
        }
    }
    let (code, stdout, stderr) =
        run(taetkontakt(&url).args(["rapport", "--team", "Nord", "--fra", "2026-01-01"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Aktive sager") || stdout.contains("aktive"),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(taetkontakt(&url).arg("dead-letters"));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("dead messages: 0"), "{stdout}");
    assert!(stdout.contains("parked updates: 0"), "{stdout}");

    let backup = app.dir().join("backup.db");
    let (code, stdout, stderr) = run(taetkontakt(&url).arg("backup").arg(&backup));
    if postgres {
        assert_eq!(code, Some(2), "{stdout}");
        assert!(stderr.contains("pg_dump"), "points to pg_dump: {stderr}");
        assert!(!backup.exists());
    } else {
        assert_eq!(code, Some(0), "{stderr}");
        assert!(backup.exists(), "{stdout}");
        // A backup never overwrites.
        let (code, _, stderr) = run(taetkontakt(&url).arg("backup").arg(&backup));
        assert_eq!(code, Some(2));
        assert!(stderr.contains("exists already"), "{stderr}");
    }
    app.stop().await;
}

#[tokio::test]
async fn migrate_to_copies_chat_data_into_postgres_and_the_report_is_the_same_there() {
    let Some(admin) = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("migrate-to needs TEST_POSTGRES_URL; skipped");
        return;
    };
    let mut app = TestApp::spawn_sqlite().await;
    case_with_history(&app).await;
    app.stop_service().await;
    let source = app.database_url.clone();
    let target = fresh_postgres_database(&admin).await;
    let (code, stdout, stderr) = run(taetkontakt(&source)
        .arg("migrate-to")
        .env("MIGRATE_TO_URL", &target));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("prompts:"), "{stdout}");

    let report = |url: &str| {
        let (code, stdout, stderr) =
            run(taetkontakt(url).args(["rapport", "--format", "csv", "--opgjort", "2026-12-31"]));
        assert_eq!(code, Some(0), "{stderr}");
        stdout
    };
    assert_eq!(report(&source), report(&target), "the same numbers on both");
    // A target that is not empty is refused.
    let (code, _, stderr) = run(taetkontakt(&source).arg("migrate-to").arg(&target));
    assert_eq!(code, Some(2), "{stderr}");
    app.stop().await;
}

#[tokio::test]
async fn the_report_benchmark_seed_and_report_run_on_this_backend() {
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(&dir).await;
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let start = chrono::Utc::now() - chrono::Duration::weeks(12);
    let mut tx = store.begin().await.unwrap();
    tx.create_staff(
        "Bench",
        taetkontakt::domain::staff::StaffRole::Caseworker,
        None,
        taetkontakt::i18n::Lang::Da,
        start,
    )
    .await
    .unwrap();
    tx.seed_for_benchmark(30, 12, start).await.unwrap();
    tx.commit().await.unwrap();
    store.close().await;
    let (code, stdout, stderr) = run(taetkontakt(&url).args(["rapport", "--format", "csv"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("plans,active_cases,all,30"), "{stdout}");
}

/// `INTEGER` in SQLite is 64 bits; PostgreSQL's `integer` is 32. The convention: every integer
/// column is `INTEGER` in SQLite and `BIGINT` in PostgreSQL, read as `i64`.
fn normalised(kind: &str) -> String {
    match kind.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "int64".into(),
        "text" => "text".into(),
        "blob" | "bytea" => "bytes".into(),
        "real" | "double precision" => "float".into(),
        "boolean" => "bool".into(),
        other => format!("other:{other}"),
    }
}

#[tokio::test]
async fn both_schemas_have_the_same_tables_columns_and_integer_width() {
    let Some(admin) = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("the schema comparison needs TEST_POSTGRES_URL; skipped");
        return;
    };
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("schema.db").display());
    let postgres_url = fresh_postgres_database(&admin).await;
    for url in [&sqlite_url, &postgres_url] {
        let store = Store::connect(url).await.unwrap();
        store.migrate().await.unwrap();
        store.close().await;
    }
    let mut sqlite = sqlx::SqliteConnection::connect(&sqlite_url).await.unwrap();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut sqlite)
    .await
    .unwrap();
    let sqlite_columns: BTreeMap<String, String> = rows
        .into_iter()
        .map(|(table, column, kind)| (format!("{table}.{column}"), normalised(&kind)))
        .collect();
    let mut postgres = sqlx::PgConnection::connect(&postgres_url).await.unwrap();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut postgres)
    .await
    .unwrap();
    let postgres_columns: BTreeMap<String, String> = rows
        .into_iter()
        .map(|(table, column, kind)| (format!("{table}.{column}"), normalised(&kind)))
        .collect();
    let odd: Vec<_> = sqlite_columns
        .iter()
        .chain(&postgres_columns)
        .filter(|(_, kind)| kind.starts_with("other:"))
        .collect();
    assert!(
        odd.is_empty(),
        "columns outside the convention (e.g. INT4): {odd:?}"
    );
    let mut differences = Vec::new();
    for (column, kind) in &sqlite_columns {
        match postgres_columns.get(column) {
            Some(other) if other == kind => {}
            other => differences.push(format!("{column}: sqlite {kind}, postgres {other:?}")),
        }
    }
    for column in postgres_columns.keys() {
        if !sqlite_columns.contains_key(column) {
            differences.push(format!("{column}: only in postgres"));
        }
    }
    assert!(
        differences.is_empty(),
        "the schemas differ:\n{}",
        differences.join("\n")
    );
    assert!(
        sqlite_columns.len() > 100,
        "{} columns compared",
        sqlite_columns.len()
    );
}

/// The answered prompts of the database at `url`: (prompt id, value).
async fn answers(url: &str) -> Vec<(i64, i64)> {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query_as("SELECT id, value FROM prompts WHERE status = 'answered' ORDER BY id")
        .fetch_all(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_the_service_runs_restores_with_every_answer() {
    let mut app = TestApp::spawn_sqlite().await;
    let case = case_with_history(&app).await;
    let backup = app.dir().join("copy.db");
    // While the service runs, and while it is handling a message.
    app.fake.send_text(&case.youth, "en besked under backup");
    let (code, stdout, stderr) = run(taetkontakt(&app.database_url).arg("backup").arg(&backup));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("backup written"), "{stdout}");
    app.settle().await;
    let original = answers(&app.database_url).await;
    assert_eq!(original.len(), 2, "two answers made through the chat");

    // Restore: stop, start from the copy.
    app.stop_service().await;
    app.database_url = format!("sqlite://{}", backup.display());
    app.restart().await;
    assert_eq!(
        answers(&app.database_url).await,
        original,
        "every answer is in the copy"
    );
    let shown = app.say(&case.caseworker, &format!("/sag {}", case.code)).await;
    assert!(shown.text.contains("8 → 2"), "{}", shown.text);
    app.stop().await;
}

/// The text without the base64 payloads of embedded pictures (`data:image/png;base64,…`).
fn strip_base64_images(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("base64,") {
        out.push_str(&rest[..start]);
        let payload = &rest[start + "base64,".len()..];
        let end = payload
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
            .unwrap_or(payload.len());
        rest = &payload[end..];
    }
    out.push_str(rest);
    out
}
