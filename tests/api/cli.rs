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
    for expected in [
        "/nysag",
        "/maal",
        "/inviter",
        "Ja, jeg er med",
        "116 111",
        "/skrivebord",
        "/login/",
    ] {
        assert!(
            stdout.contains(expected),
            "demo transcript lacks {expected:?}:\n{stdout}"
        );
    }
}

/// Six young people through 2025: weekly answers (some better, some worse), a missed week, an
/// assessed alert. Fixed times, so the report is the same every run.
async fn seed_2025(url: &str) {
    use chrono::{Duration, TimeZone, Utc};
    use taetkontakt::domain::alert::Decision;
    use taetkontakt::domain::alert_rules::{RuleKind, Urgency};
    use taetkontakt::domain::checkin::{CheckinStatus, Trigger};
    use taetkontakt::domain::goal::FocusArea;
    use taetkontakt::domain::ids::TelegramUserId;
    use taetkontakt::domain::participant::Role;
    use taetkontakt::domain::scale::ScaleKind;
    use taetkontakt::domain::staff::StaffRole;
    use taetkontakt::i18n::Lang;
    use taetkontakt::store::NewAlert;

    let store = taetkontakt::store::Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 6, 15, 0, 0).unwrap();
    let mut tx = store.begin().await.unwrap();
    let anne = tx
        .create_staff("Anne", StaffRole::Caseworker, Some("Nord"), Lang::Da, start)
        .await
        .unwrap();
    let bo = tx
        .create_staff("Bo", StaffRole::Caseworker, Some("Syd"), Lang::Da, start)
        .await
        .unwrap();
    let mut rng = rand::thread_rng();
    for i in 0..6i64 {
        let staff = if i < 4 { anne } else { bo };
        let code = taetkontakt::domain::case::CaseCode::generate(&mut rng);
        let case = tx
            .create_case(&code, &format!("Ung {i}"), staff, start)
            .await
            .unwrap();
        let area = [FocusArea::School, FocusArea::Family, FocusArea::Leisure][i as usize % 3];
        let text = if i % 2 == 0 {
            "Jeg kommer i skole"
        } else {
            "Kommer i skole"
        };
        let goal = tx
            .add_goal(case, area, text, ScaleKind::ZeroToTen, start)
            .await
            .unwrap();
        let p = tx
            .create_participant(case, Role::Youth, None, None, Lang::Da, start)
            .await
            .unwrap();
        tx.activate_participant(p, TelegramUserId(9000 + i), start)
            .await
            .unwrap();
        for week in 0..10i64 {
            let at = start + Duration::weeks(week);
            let c = tx
                .create_checkin(p, case, at, at, Trigger::Schedule, CheckinStatus::Open, at)
                .await
                .unwrap()
                .unwrap();
            let prompt = tx.create_prompt(c, goal, p, at, at).await.unwrap();
            if week == 4 && i == 0 {
                tx.close_checkin(c, CheckinStatus::Missed, at + Duration::hours(72))
                    .await
                    .unwrap();
                continue;
            }
            // Cases 0–3 improve from 3 to 8, cases 4–5 fall from 8 to 2.
            let value = if i < 4 {
                (3 + week / 2).min(8)
            } else {
                (8 - week).max(2)
            };
            tx.record_tap(prompt, Some(value as i32), true, at + Duration::hours(1))
                .await
                .unwrap();
            tx.close_checkin(c, CheckinStatus::Answered, at + Duration::hours(1))
                .await
                .unwrap();
        }
        if i >= 4 {
            let alert = NewAlert {
                case_id: case,
                goal_id: Some(goal),
                participant_id: Some(p),
                rule: RuleKind::ReliableDrop,
                urgency: Urgency::Normal,
                facts: "{}",
            };
            let raised = start + Duration::weeks(5);
            let id = tx.insert_alert(&alert, raised).await.unwrap();
            tx.assess_alert(id, staff, Decision::Contact, None, raised + Duration::hours(20))
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
    store.close().await;
}

#[test]
fn rapport_as_csv_matches_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("report.db").display());
    tokio::runtime::Runtime::new().unwrap().block_on(seed_2025(&url));
    let output = taetkontakt()
        .args([
            "rapport",
            "--fra",
            "2025-01-01",
            "--til",
            "2025-12-31",
            "--opgjort",
            "2026-01-15",
            "--format",
            "csv",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let snapshot = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rapport-cli-snapshot.csv");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(snapshot, &csv).unwrap();
    }
    let expected = std::fs::read_to_string(snapshot).expect("snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(csv, expected);
    assert!(
        !csv.contains("Ung ") && !csv.contains("K-"),
        "no nicknames or case codes"
    );
    assert!(csv.contains("<5"), "small counts are suppressed");
}

#[test]
fn rapport_html_is_one_printable_page_with_charts() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("report.db").display());
    tokio::runtime::Runtime::new().unwrap().block_on(seed_2025(&url));
    let output = taetkontakt()
        .args([
            "rapport",
            "--fra",
            "2025-01-01",
            "--til",
            "2025-12-31",
            "--format",
            "html",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(
        html.contains("<!DOCTYPE html>") || html.contains("<!doctype html>"),
        "{}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains("data:image/png;base64,"), "charts embedded");
    assert!(html.contains("@page"), "print layout");
}
