//! Several instances against one PostgreSQL database, and the webhook receiver.

use std::sync::Arc;
use std::time::Duration;

use crate::helpers::*;
use fake_telegram::{FakeTelegram, FakeUser};
use taetkontakt::app::{Service, ServiceSettings, WebhookSettings};
use taetkontakt::clock::ManualClock;
use taetkontakt::i18n::Lang;
use taetkontakt::store::Store;
use taetkontakt::telegram::webhook::{WebhookLimits, WebhookSecret};

const SECRET: &str = "s3cret-token-s3cret-token-s3cret-token";

fn webhook(settings: &mut ServiceSettings) {
    settings.webhook = Some(WebhookSettings {
        public_url: "https://bot.example.invalid/telegram".into(),
        listen: "127.0.0.1:0".parse().unwrap(),
        secret: WebhookSecret::parse(SECRET).unwrap(),
        limits: WebhookLimits::default(),
    });
}

#[tokio::test]
async fn webhook_calls_without_the_right_secret_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn_tuned(FakeTelegram::start().await.unwrap(), webhook).await;
    let hook = app
        .fake
        .wait_for_call("setWebhook", |_| true, WAIT)
        .await
        .expect("webhook registered");
    assert_eq!(hook.param_str("secret_token").as_deref(), Some(SECRET));
    let url = format!("http://{}/telegram", app.webhook_addr().unwrap());
    let update = serde_json::json!({
        "update_id": 4242,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 77, "type": "private", "first_name": "Per"},
                    "from": {"id": 77, "is_bot": false, "first_name": "Per"}, "text": "hej"}
    });
    let http = reqwest::Client::new();
    for secret in [
        None,
        Some("wrong"),
        Some("s3cret-token-s3cret-token-s3cret-tokeN"),
    ] {
        let mut request = http.post(&url).json(&update);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let status = request.send().await.unwrap().status();
        assert_eq!(status.as_u16(), 401, "secret {secret:?}");
    }
    let mut tx = app.store.read().await.unwrap();
    assert!(tx.inbox_counts().await.unwrap().is_empty(), "nothing stored");
    tx.commit().await.unwrap();

    let status = http
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(&update)
        .send()
        .await;
    assert_eq!(status.unwrap().status().as_u16(), 200);
    let reply = app
        .fake
        .wait_for_message(77, |_| true, WAIT)
        .await
        .expect("handled like a polled update");
    assert!(reply.text.contains("link fra din rådgiver"), "{}", reply.text);
    assert!(
        app.fake.calls_to("getUpdates").is_empty(),
        "no polling in webhook mode"
    );
    app.stop().await;
}

/// Starts one more instance of the service on `url`.
async fn instance(fake: &FakeTelegram, url: &str, clock: &ManualClock) -> Service {
    let mut settings = ServiceSettings::new(
        "123456:TEST".into(),
        fake.api_url(),
        Lang::Da,
        chrono_tz::Europe::Copenhagen,
    );
    settings.long_poll_secs = 1;
    settings.idle_poll = Duration::from_millis(50);
    settings.dispatch.global_per_sec = 1000.0;
    settings.dispatch.chat_per_sec = 1000.0;
    settings.dispatch.chat_burst = 1000;
    let store = Store::connect(url).await.unwrap();
    Service::start(settings, store, Arc::new(clock.clone()))
        .await
        .unwrap()
}

#[tokio::test]
async fn another_instance_takes_over_polling_when_the_leader_dies_and_no_update_is_lost() {
    if std::env::var("TEST_POSTGRES_URL").is_err() {
        eprintln!("skipped: several instances need PostgreSQL (set TEST_POSTGRES_URL)");
        return;
    }
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(&dir).await;
    let clock = ManualClock::new(start_time());
    let first = instance(&fake, &url, &clock).await;
    assert!(fake.wait_for_call("getUpdates", |_| true, WAIT).await.is_some());
    let second = instance(&fake, &url, &clock).await;
    // A stranger's /hjaelp is answered every time (a plain text only once an hour).
    let per = FakeUser::new(77, "Per");
    fake.send_text(&per, "/hjaelp");
    assert!(
        fake.wait_for_message(77, |m| m.text.contains("link fra din rådgiver"), WAIT)
            .await
            .is_some()
    );

    // The leader dies without a goodbye; messages keep coming in.
    first.abort();
    let died = std::time::Instant::now();
    fake.send_text(&per, "/hjaelp");
    fake.send_text(&per, "/hjaelp");
    let all = fake
        .wait_until(|f| f.messages_to(77).len() == 3, Duration::from_secs(30))
        .await;
    assert!(
        all,
        "the second instance took over: {} replies",
        fake.messages_to(77).len()
    );
    eprintln!(
        "fail-over: the second instance answered {:?} after the leader died",
        died.elapsed()
    );
    second.shutdown(Duration::from_secs(10)).await;
}

/// `n` young people with three earlier answers of 7 on one goal and an open check-in; returns
/// the users with their prompt and case.
async fn seed_history(
    url: &str,
    n: i64,
) -> Vec<(
    FakeUser,
    taetkontakt::domain::ids::PromptId,
    taetkontakt::domain::ids::CaseId,
)> {
    use chrono::Duration as D;
    use taetkontakt::domain::checkin::{CheckinStatus, Trigger};
    use taetkontakt::domain::ids::TelegramUserId;
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let now = start_time();
    let mut tx = store.begin().await.unwrap();
    let staff = tx
        .create_staff(
            "Mette",
            taetkontakt::domain::staff::StaffRole::Caseworker,
            None,
            Lang::Da,
            now,
        )
        .await
        .unwrap();
    tx.join_staff(staff, TelegramUserId(1), now).await.unwrap();
    let mut out = Vec::new();
    let mut rng = rand::thread_rng();
    for i in 0..n {
        let code = taetkontakt::domain::case::CaseCode::generate(&mut rng);
        let case = tx
            .create_case(&code, &format!("Ung {i}"), staff, now)
            .await
            .unwrap();
        let goal = tx
            .add_goal(
                case,
                taetkontakt::domain::goal::FocusArea::School,
                "Jeg kommer i skole",
                taetkontakt::domain::scale::ScaleKind::ZeroToTen,
                now,
            )
            .await
            .unwrap();
        let p = tx
            .create_participant(
                case,
                taetkontakt::domain::participant::Role::Youth,
                None,
                None,
                Lang::Da,
                now,
            )
            .await
            .unwrap();
        let user = FakeUser::new(30_000 + i, format!("Ung{i}"));
        tx.activate_participant(p, TelegramUserId(user.id), now)
            .await
            .unwrap();
        for weeks in [3, 2, 1] {
            let at = now - D::weeks(weeks);
            let c = tx
                .create_checkin(p, case, at, at, Trigger::Schedule, CheckinStatus::Open, at)
                .await
                .unwrap()
                .unwrap();
            let prompt = tx.create_prompt(c, goal, p, at, at).await.unwrap();
            tx.record_tap(prompt, Some(7), true, at).await.unwrap();
            tx.close_checkin(c, CheckinStatus::Answered, at).await.unwrap();
        }
        let c = tx
            .create_checkin(p, case, now, now, Trigger::Schedule, CheckinStatus::Open, now)
            .await
            .unwrap()
            .unwrap();
        let prompt = tx.create_prompt(c, goal, p, now, now).await.unwrap();
        out.push((user, prompt, case));
    }
    tx.commit().await.unwrap();
    store.close().await;
    out
}

#[tokio::test]
async fn three_instances_store_every_answer_and_raise_every_alert_once_when_one_dies() {
    if std::env::var("TEST_POSTGRES_URL").is_err() {
        eprintln!("skipped: several instances need PostgreSQL (set TEST_POSTGRES_URL)");
        return;
    }
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(&dir).await;
    let people = seed_history(&url, 60).await;
    let clock = ManualClock::new(start_time());
    let leader = instance(&fake, &url, &clock).await;
    assert!(fake.wait_for_call("getUpdates", |_| true, WAIT).await.is_some());
    let others = [
        instance(&fake, &url, &clock).await,
        instance(&fake, &url, &clock).await,
    ];
    for (user, prompt, _) in &people {
        fake.press_button_in(user.id, user, 0, &format!("a:{prompt}:3"));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    leader.abort();

    let store = Store::connect(&url).await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let mut tx = store.read().await.unwrap();
        let mut alerted = 0;
        for (_, _, case) in &people {
            alerted += usize::from(!tx.alerts_of_case(*case).await.unwrap().is_empty());
        }
        tx.commit().await.unwrap();
        let told = fake
            .messages_to(1)
            .iter()
            .filter(|m| m.text.contains("Alarm"))
            .count();
        if alerted == people.len() && told >= people.len() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{alerted}/{} alerts, {told} messages",
            people.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut tx = store.read().await.unwrap();
    for (_, prompt, case) in &people {
        assert_eq!(
            tx.answer_events_count(*prompt).await.unwrap(),
            1,
            "answer stored once"
        );
        assert_eq!(
            tx.alerts_of_case(*case).await.unwrap().len(),
            1,
            "alert raised once"
        );
    }
    tx.commit().await.unwrap();
    let told = fake
        .messages_to(1)
        .iter()
        .filter(|m| m.text.contains("Alarm"))
        .count();
    eprintln!(
        "three instances: {} answers, {} alerts, {told} alert messages (1 kill)",
        people.len(),
        people.len()
    );
    assert!(
        told <= people.len() + 1,
        "{told} alert messages for {} alerts after one kill",
        people.len()
    );
    for service in others {
        service.shutdown(Duration::from_secs(10)).await;
    }
}

#[tokio::test]
async fn a_sqlite_database_copied_into_postgresql_has_the_same_rows_and_cases() {
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("skipped: the copy needs PostgreSQL (set TEST_POSTGRES_URL)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("source.db").display());
    let people = seed_history(&sqlite_url, 12).await;
    let source = Store::connect(&sqlite_url).await.unwrap();
    let target_url = test_database_url(&dir).await;
    assert!(target_url.starts_with("postgres"), "{admin}");
    let target = Store::connect(&target_url).await.unwrap();
    let copied = source.copy_into(&target).await.unwrap();
    assert_eq!(copied.get("prompts"), Some(&48));

    let before = source.row_counts().await.unwrap();
    let after = target.row_counts().await.unwrap();
    for (table, n) in &before {
        assert_eq!(after.get(table), Some(n), "rows of {table}");
    }
    // A whole case reads the same from both.
    let (_, prompt, case) = &people[3];
    let (mut a, mut b) = (source.read().await.unwrap(), target.read().await.unwrap());
    let (ca, cb) = (
        a.case(*case).await.unwrap().unwrap(),
        b.case(*case).await.unwrap().unwrap(),
    );
    assert_eq!(
        (ca.code.clone(), ca.nickname.clone()),
        (cb.code.clone(), cb.nickname.clone())
    );
    let goals_a = a.goals_of_case(*case).await.unwrap();
    let goals_b = b.goals_of_case(*case).await.unwrap();
    assert_eq!(format!("{goals_a:?}"), format!("{goals_b:?}"));
    let pa = a.participants_of_case(*case).await.unwrap();
    let pb = b.participants_of_case(*case).await.unwrap();
    assert_eq!(format!("{pa:?}"), format!("{pb:?}"));
    assert_eq!(
        a.scored_answers(pa[0].id, goals_a[0].id).await.unwrap(),
        b.scored_answers(pb[0].id, goals_b[0].id).await.unwrap()
    );
    assert_eq!(
        format!("{:?}", a.prompt(*prompt).await.unwrap()),
        format!("{:?}", b.prompt(*prompt).await.unwrap())
    );
    a.commit().await.unwrap();
    b.commit().await.unwrap();
    // New rows in PostgreSQL get fresh ids after the copied ones.
    let mut tx = target.begin().await.unwrap();
    let id = tx
        .create_staff(
            "Ny",
            taetkontakt::domain::staff::StaffRole::Caseworker,
            None,
            Lang::Da,
            start_time(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(id.0 > 1, "sequence moved past the copied ids: {id}");
}

fn tight_webhook(settings: &mut ServiceSettings) {
    settings.webhook = Some(WebhookSettings {
        public_url: "https://bot.example.invalid/telegram".into(),
        listen: "127.0.0.1:0".parse().unwrap(),
        secret: WebhookSecret::parse(SECRET).unwrap(),
        limits: WebhookLimits {
            request_timeout: Duration::from_secs(1),
            max_connections: 2,
            ..WebhookLimits::default()
        },
    });
}

/// Writes a raw HTTP request head (and `body`) and returns the status of the answer, or None if
/// none came within `wait`.
async fn raw_post(
    addr: std::net::SocketAddr,
    secret: &str,
    content_length: usize,
    body: &[u8],
    wait: Duration,
) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {content_length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(wait, stream.read(&mut answer))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&answer[..read]).into_owned();
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok())
}

#[tokio::test]
async fn the_webhook_checks_the_secret_before_the_body_and_limits_size_time_and_connections() {
    let app = TestApp::spawn_tuned(FakeTelegram::start().await.unwrap(), tight_webhook).await;
    let addr = app.webhook_addr().unwrap();
    // A wrong secret is refused from the headers alone: the announced 100 MB are never read.
    let started = std::time::Instant::now();
    let status = raw_post(addr, "wrong", 100 << 20, b"", Duration::from_secs(5)).await;
    assert_eq!(status, Some(401));
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    // More than 1 MB with the right secret: 413, nothing stored.
    let big = vec![b' '; (1 << 20) + 10];
    let status = raw_post(addr, SECRET, big.len(), &big, Duration::from_secs(5)).await;
    assert_eq!(status, Some(413));
    // A body that never arrives: the request ends after the timeout (1 s here, 10 s by default).
    let started = std::time::Instant::now();
    let status = raw_post(addr, SECRET, 500, b"{\"update_id\":", Duration::from_secs(5)).await;
    assert_eq!(status, Some(408));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let mut tx = app.store.read().await.unwrap();
    assert!(tx.inbox_counts().await.unwrap().is_empty(), "nothing stored");
    tx.commit().await.unwrap();

    // Two connections held open use up the limit of 2: a third waits until one closes.
    let first = tokio::net::TcpStream::connect(addr).await.unwrap();
    let second = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let update = br#"{"update_id": 5151}"#;
    let waiting =
        tokio::spawn(
            async move { raw_post(addr, SECRET, update.len(), update, Duration::from_secs(10)).await },
        );
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!waiting.is_finished(), "served beyond the connection limit");
    drop(first);
    drop(second);
    assert_eq!(
        waiting.await.unwrap(),
        Some(200),
        "served once a connection closed"
    );
    app.stop().await;
}
