//! No secret and no personal text in any log line, stored error or operator output: the real
//! binary with a long random bot token and database password, against a database that cannot
//! be reached, a Bot API that cannot be reached, and a Bot API that answers garbage echoing
//! the messages it was asked to send.

use std::process::Stdio;
use std::time::{Duration, Instant};

use rand::Rng;
use rand::distributions::Alphanumeric;
use tokio::process::Command;

use fake_telegram::{FakeError, FakeTelegram, FakeUser, SentMessage};
use taetkontakt::clock::{Clock, SystemClock};
use taetkontakt::domain::staff::StaffRole;
use taetkontakt::i18n::Lang;
use taetkontakt::store::Store;

use crate::helpers::{case_code, invite_token, test_database_url};

fn random(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A bot token shaped like Telegram's, `<digits>:<secret>`.
fn random_token() -> String {
    format!(
        "{}:{}",
        rand::thread_rng().gen_range(100_000_000..999_999_999u64),
        random(44)
    )
}

/// A port nobody listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn taetkontakt() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taetkontakt"));
    cmd.env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("DATABASE_URL")
        .env_remove("TELEGRAM_API_URL")
        .env_remove("MIGRATE_TO_URL")
        .env("QUIET_HOURS", "off")
        // The desk on a free port: several `serve`s run side by side in the tests.
        .env("DESK_LISTEN", "127.0.0.1:0")
        // As talkative as an operator can make it: debug lines must not leak either.
        .env("RUST_LOG", "debug")
        .kill_on_drop(true);
    cmd
}

/// Runs a command to its end (at most 60 s); returns its exit code and everything it wrote.
async fn run(mut cmd: Command) -> (Option<i32>, String) {
    let output = tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .expect("the command ends within 60 s")
        .expect("the command runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "{what} contains the secret {secret:?}:\n{text}"
        );
    }
}

#[tokio::test]
async fn a_database_password_never_reaches_the_terminal_when_the_database_cannot_be_opened() {
    let password = random(40);
    let token = random_token();
    let url = format!(
        "postgres://taetkontakt:{password}@127.0.0.1:{}/taetkontakt",
        closed_port()
    );
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("source.db").display());
    let mut runs = Vec::new();
    for args in [
        &["serve"][..],
        &["migrate"],
        &["dead-letters"],
        &["rapport"],
        &["backup", "/nonexistent/backup.db"],
    ] {
        let mut cmd = taetkontakt();
        cmd.args(args)
            .env("DATABASE_URL", &url)
            .env("TELEGRAM_BOT_TOKEN", &token);
        runs.push((args.join(" "), tokio::spawn(run(cmd))));
    }
    // The target of migrate-to comes from the environment, so the password is not on the
    // command line either.
    let mut cmd = taetkontakt();
    cmd.arg("migrate-to")
        .env("DATABASE_URL", &sqlite)
        .env("MIGRATE_TO_URL", &url);
    runs.push(("migrate-to".into(), tokio::spawn(run(cmd))));
    for (what, run) in runs {
        let (code, output) = run.await.unwrap();
        assert_eq!(code, Some(2), "{what} fails with exit code 2:\n{output}");
        assert_clean(&what, &output, &[&password, &token]);
        if what != "migrate-to" {
            assert!(
                output.contains("taetkontakt:***@127.0.0.1"),
                "{what} names the database without its password:\n{output}"
            );
        }
    }
}

#[tokio::test]
async fn the_bot_token_never_reaches_the_terminal_when_telegram_cannot_be_reached() {
    let token = random_token();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut cmd = taetkontakt();
    cmd.arg("serve")
        .env("DATABASE_URL", &url)
        .env("TELEGRAM_BOT_TOKEN", &token)
        .env("TELEGRAM_API_URL", format!("http://127.0.0.1:{}", closed_port()));
    let (code, output) = run(cmd).await;
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("getMe failed: cannot connect"), "{output}");
    let secret_part = token.split_once(':').unwrap().1;
    assert_clean("serve", &output, &[&token, secret_part]);
}

/// `postgres://user@host/db` → `postgres://user:<password>@host/db` (the test server trusts
/// local connections, so any password is accepted and the URL still works).
fn with_password(url: &str, password: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) if scheme.starts_with("postgres") => match rest.split_once('@') {
            Some((user, host)) => format!("{scheme}://{user}:{password}@{host}"),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

/// Every error stored in the inbox and the outbox.
async fn stored_errors(url: &str) -> Vec<String> {
    use sqlx::Connection;
    let sql = "SELECT last_error FROM outbox WHERE last_error IS NOT NULL \
               UNION ALL SELECT last_error FROM inbox WHERE last_error IS NOT NULL";
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
    }
}

async fn wait_for(fake: &FakeTelegram, chat: i64, mark: u64, needle: &str) -> SentMessage {
    fake.wait_for_message(
        chat,
        |m| m.seq > mark && m.text.contains(needle),
        Duration::from_secs(30),
    )
    .await
    .unwrap_or_else(|| panic!("no message containing {needle:?} to chat {chat}"))
}

async fn say(fake: &FakeTelegram, user: &FakeUser, text: &str, expect: &str) -> SentMessage {
    let mark = fake.message_seq();
    fake.send_text(user, text);
    wait_for(fake, user.id, mark, expect).await
}

#[tokio::test]
async fn no_secret_and_no_message_text_reaches_the_log_the_stored_errors_or_dead_letters() {
    let token = random_token();
    let password = random(40);
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = with_password(&test_database_url(&dir).await, &password);
    let invite = {
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let token = taetkontakt::ops::invite_staff(
            &store,
            "Mette",
            StaffRole::Caseworker,
            Some("Nord"),
            Lang::Da,
            SystemClock.now(),
        )
        .await
        .unwrap();
        store.close().await;
        token
    };
    let log_path = dir.path().join("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut serve = taetkontakt();
    serve
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("TELEGRAM_BOT_TOKEN", &token)
        .env("TELEGRAM_API_URL", fake.api_url())
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log));
    let mut child = serve.spawn().unwrap();

    // A case set up through the chat while Telegram still answers properly.
    let caseworker = FakeUser::new(1001, "Mette");
    say(
        &fake,
        &caseworker,
        &format!("/start {}", invite.as_str()),
        "Velkommen",
    )
    .await;
    let created = say(&fake, &caseworker, "/nysag Lea", "K-").await;
    let code = case_code(&created.text);
    say(
        &fake,
        &caseworker,
        &format!("/maal {code} skole Jeg kommer i skole"),
        "",
    )
    .await;
    let link = say(&fake, &caseworker, &format!("/inviter {code} ung Lea"), "?start=").await;
    let youth = FakeUser::new(2001, "Lea");
    let consent = say(&fake, &youth, &format!("/start {}", invite_token(&link.text)), "").await;
    let mark = fake.message_seq();
    fake.press_button(
        &youth,
        consent.message_id,
        consent.button_data("Ja, jeg er med").unwrap(),
    );
    wait_for(&fake, caseworker.id, mark, "").await;

    // Now Telegram answers garbage that echoes what it was asked to send, and one poll is
    // garbage too; the young person's conversation state is damaged with a text in it.
    let texts: Vec<String> = (0..4).map(|i| format!("Hemmeligt{i}{}", random(24))).collect();
    {
        let store = Store::connect(&url).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        // serde's own message would quote the unknown step: "unknown variant `Hemmeligt0…`".
        let state = format!("{{\"step\":\"{}\"}}", texts[0]);
        tx.set_conversation(youth.id, &state, SystemClock.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        store.close().await;
    }
    fake.fail_next("sendMessage", 1000, FakeError::garbage());
    fake.fail_next("editMessageText", 1000, FakeError::garbage());
    fake.fail_next("getUpdates", 1, FakeError::garbage());
    let stranger = FakeUser::new(3001, "Per");
    for text in &texts {
        fake.send_text(&youth, text);
    }
    fake.send_text(&stranger, &texts[1]);
    fake.edit_user_text(&youth, 1, &texts[2]);
    fake.inject_raw(serde_json::json!({
        "update_id": 900_000,
        "message": {"text": texts[3], "chat": "not a chat", "date": "never"}
    }));

    // Wait until the forwards to the caseworker have failed for good.
    let deadline = Instant::now() + Duration::from_secs(60);
    let dead = loop {
        let store = Store::connect(&url).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let dead = tx.dead_messages().await.unwrap();
        let pending = tx.inbox_counts().await.unwrap();
        tx.commit().await.unwrap();
        store.close().await;
        let handled = pending.iter().all(|(status, n)| status != "pending" || *n == 0);
        if handled && dead.len() >= texts.len() {
            break dead;
        }
        assert!(Instant::now() < deadline, "dead: {dead:?}, inbox: {pending:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        dead.iter().any(|(_, _, _, e)| e
            .as_deref()
            .is_some_and(|e| e.contains("unreadable answer from Telegram"))),
        "the garbage answers were seen: {dead:?}"
    );
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().unwrap().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let _ = tokio::time::timeout(Duration::from_secs(15), child.wait()).await;

    let mut letters = taetkontakt();
    letters.arg("dead-letters").env("DATABASE_URL", &url);
    let (code, letters) = run(letters).await;
    assert_eq!(code, Some(0), "{letters}");
    assert!(letters.contains("dead messages:"), "{letters}");

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("service started"), "the log was captured:\n{log}");
    assert!(
        log.contains("dropping unreadable conversation state"),
        "the damaged state was read:\n{log}"
    );
    let errors = stored_errors(&url).await.join("\n");
    let secret_part = token.split_once(':').unwrap().1.to_string();
    let mut secrets: Vec<&str> = vec![&token, &secret_part, &password];
    secrets.extend(texts.iter().map(String::as_str));
    assert_clean("the serve log", &log, &secrets);
    assert_clean("the stored errors", &errors, &secrets);
    assert_clean("dead-letters", &letters, &secrets);
    eprintln!(
        "leak test: {} log lines, {} stored errors, {} dead letters, none with the token, the password or a text",
        log.lines().count(),
        errors.lines().count(),
        dead.len()
    );
}
