//! The binary itself: clear errors, the operator's staff invitation, the demo.

use std::process::Command;

fn taetkontakt() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taetkontakt"));
    cmd.env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("DATABASE_URL")
        .env_remove("TELEGRAM_API_URL")
        .env("RUST_LOG", "off");
    cmd
}

#[test]
fn serve_without_a_token_names_the_variable_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = taetkontakt()
        .arg("serve")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TELEGRAM_BOT_TOKEN"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
}

#[test]
fn invite_staff_prints_a_deep_link_when_the_bot_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let url = format!("sqlite://{}", db.display());
    // Without a token and before `serve` ran, the username is unknown: a clear error.
    let output = taetkontakt()
        .args(["invite-staff", "--name", "Mette"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("TELEGRAM_BOT_TOKEN"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = taetkontakt::store::Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        tx.set_bot_state(taetkontakt::app::BOT_USERNAME_KEY, "kommune_bot")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        store.close().await;
    });
    let output = taetkontakt()
        .args([
            "invite-staff",
            "--name",
            "Mette",
            "--role",
            "teamleader",
            "--team",
            "Nord",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("https://t.me/kommune_bot?start="), "{stdout}");

    let output = taetkontakt()
        .args(["invite-staff", "--name", "Mette", "--role", "boss"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("caseworker or teamleader"));
}

#[test]
fn demo_plays_the_walkthrough_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let output = taetkontakt()
        .arg("demo")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for expected in ["/nysag", "/maal", "/inviter", "Ja, jeg er med", "116 111"] {
        assert!(
            stdout.contains(expected),
            "demo transcript lacks {expected:?}:\n{stdout}"
        );
    }
}
