//! The real binary as a process: a clean stop on SIGTERM, and SIGKILL at random moments while
//! answers come in and a backlog goes out — nothing lost, nothing stored twice.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rand::Rng;
use tokio::process::{Child, Command};

use fake_telegram::{FakeTelegram, FakeUser};
use taetkontakt::clock::{Clock, SystemClock};
use taetkontakt::domain::case::CaseCode;
use taetkontakt::domain::checkin::{CheckinStatus, Trigger};
use taetkontakt::domain::goal::FocusArea;
use taetkontakt::domain::ids::{PromptId, TelegramUserId};
use taetkontakt::domain::participant::Role;
use taetkontakt::domain::scale::ScaleKind;
use taetkontakt::domain::staff::StaffRole;
use taetkontakt::i18n::Lang;
use taetkontakt::store::{NewMessage, Priority, Store};
use taetkontakt::telegram::outgoing::Outgoing;

fn serve(fake: &FakeTelegram, database_url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_taetkontakt"))
        .arg("serve")
        .env("TELEGRAM_BOT_TOKEN", "123456:PROCESS")
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("DATABASE_URL", database_url)
        .env("QUIET_HOURS", "off")
        // The desk on a free port: several `serve`s run side by side in the tests.
        .env("DESK_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("taetkontakt serve starts")
}

fn signal(child: &Child, name: &str) {
    let pid = child.id().expect("running").to_string();
    let status = std::process::Command::new("kill")
        .args([name, &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[tokio::test]
async fn sigterm_stops_the_service_cleanly_within_ten_seconds() {
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut child = serve(&fake, &url);
    let stranger = FakeUser::new(5, "Per");
    let mark = fake.message_seq();
    fake.send_text(&stranger, "hej");
    assert!(
        fake.wait_for_message(5, |m| m.seq > mark, Duration::from_secs(20))
            .await
            .is_some()
    );
    let asked = Instant::now();
    signal(&child, "-TERM");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("stopped within 10 s");
    assert!(status.unwrap().success());
    eprintln!("sigterm: stopped after {:?}", asked.elapsed());
}

/// 200 young people with an open check-in each, and 1 000 messages already queued.
async fn seed(url: &str) -> Vec<(FakeUser, PromptId)> {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let now = SystemClock.now();
    let mut tx = store.begin().await.unwrap();
    let staff = tx
        .create_staff("Mette", StaffRole::Caseworker, None, Lang::Da, now)
        .await
        .unwrap();
    tx.join_staff(staff, TelegramUserId(1), now).await.unwrap();
    let mut prompts = Vec::new();
    let mut rng = rand::thread_rng();
    for i in 0..200 {
        let code = CaseCode::generate(&mut rng);
        let Ok(case) = tx.create_case(&code, &format!("Ung {i}"), staff, now).await else {
            continue;
        };
        let goal = tx
            .add_goal(
                case,
                FocusArea::School,
                "Jeg kommer i skole",
                ScaleKind::ZeroToTen,
                now,
            )
            .await
            .unwrap();
        let p = tx
            .create_participant(case, Role::Youth, None, None, Lang::Da, now)
            .await
            .unwrap();
        let user = FakeUser::new(10_000 + i, format!("Ung{i}"));
        tx.activate_participant(p, TelegramUserId(user.id), now)
            .await
            .unwrap();
        let checkin = tx
            .create_checkin(p, case, now, now, Trigger::Manual, CheckinStatus::Open, now)
            .await
            .unwrap()
            .unwrap();
        let prompt = tx.create_prompt(checkin, goal, p, now, now).await.unwrap();
        prompts.push((user, prompt));
    }
    for i in 0..1000 {
        let payload = serde_json::to_string(&Outgoing::Text {
            text: format!("besked {i}"),
            buttons: Vec::new(),
        })
        .unwrap();
        let key = format!("backlog:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: 500_000 + i,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority: Priority::Normal,
        };
        tx.enqueue(&message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    store.close().await;
    prompts
}

#[tokio::test]
async fn killing_the_service_at_random_moments_loses_no_answer_and_no_message() {
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kill.db").display());
    let prompts = seed(&url).await;
    assert_eq!(prompts.len(), 200);
    let mut child = serve(&fake, &url);
    for (user, prompt) in &prompts {
        fake.press_button_in(user.id, user, 0, &format!("a:{prompt}:7"));
    }

    let kills = 5;
    for _ in 0..kills {
        let pause = rand::thread_rng().gen_range(300..1500);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        signal(&child, "-KILL");
        let _ = child.wait().await;
        child = serve(&fake, &url);
    }
    let delivered = |f: &FakeTelegram| {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for m in f.all_messages() {
            if m.text.starts_with("besked ") {
                *seen.entry(m.text).or_insert(0) += 1;
            }
        }
        seen
    };
    let store = Store::connect(&url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let mut tx = store.read().await.unwrap();
        let mut answered = 0;
        for (_, prompt) in &prompts {
            if tx
                .prompt(*prompt)
                .await
                .unwrap()
                .is_some_and(|p| p.status.key() == "answered")
            {
                answered += 1;
            }
        }
        tx.commit().await.unwrap();
        if answered == prompts.len() && delivered(&fake).len() == 1000 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after the kills: {answered}/200 answers, {}/1000 messages",
            delivered(&fake).len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    signal(&child, "-TERM");
    let _ = child.wait().await;

    let mut tx = store.read().await.unwrap();
    for (_, prompt) in &prompts {
        assert_eq!(
            tx.answer_events_count(*prompt).await.unwrap(),
            1,
            "prompt {prompt} stored once"
        );
    }
    tx.commit().await.unwrap();
    let seen = delivered(&fake);
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    eprintln!(
        "kill test: {kills} kills, 200/200 answers stored once, 1000/1000 messages delivered, {duplicates} duplicate(s)"
    );
    assert!(duplicates <= kills, "{duplicates} duplicates after {kills} kills");
}
