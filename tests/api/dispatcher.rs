//! Sending within Telegram's limits as Telegram counts them (at most 30 messages in any one
//! second, about one per second per chat): no 429, a 429 honoured and counted, and answers
//! (callback answers, edits, replies) never behind a broadcast.

use std::time::{Duration, Instant};

use crate::helpers::*;
use fake_telegram::{FakeError, FakeTelegram, Limits, RecordedCall};
use taetkontakt::app::ServiceSettings;
use taetkontakt::store::{NewMessage, Priority};
use taetkontakt::telegram::outgoing::Outgoing;

/// The default send limits (28/s, one per 1.1 s per chat), with quick idle polling.
fn default_limits(settings: &mut ServiceSettings) {
    settings.dispatch = taetkontakt::telegram::dispatcher::DispatchSettings {
        idle_poll: Duration::from_millis(50),
        first_backoff: Duration::from_millis(50),
        ..Default::default()
    };
}

/// The default bot-wide limit, but chats are not paced (the test's flows talk to few chats).
fn bot_wide_limit_only(settings: &mut ServiceSettings) {
    default_limits(settings);
    settings.dispatch.chat_per_sec = 1000.0;
    settings.dispatch.chat_burst = 1000;
}

/// Telegram's bot-wide limit (30 in any one second), chats unlimited.
fn bot_wide_fake_limit() -> Limits {
    Limits {
        per_chat_per_sec: 1000.0,
        per_chat_burst: 1000,
        ..Limits::telegram()
    }
}

async fn queue(app: &TestApp, key: &str, chat_id: i64, message: &Outgoing, priority: Priority) {
    let now = start_time();
    let payload = serde_json::to_string(message).unwrap();
    let mut tx = app.store.begin().await.unwrap();
    let message = NewMessage {
        dedup_key: key,
        chat_id,
        participant_id: None,
        payload: &payload,
        not_before: now,
        priority,
    };
    tx.enqueue(&message, now).await.unwrap();
    tx.commit().await.unwrap();
}

fn text(text: &str) -> Outgoing {
    Outgoing::Text {
        text: text.into(),
        buttons: Vec::new(),
    }
}

/// `n` scheduled texts ("bulk 0" …) to chats `first_chat..`, in one transaction.
async fn queue_bulk(app: &TestApp, n: i64, first_chat: i64) {
    let now = start_time();
    let mut tx = app.store.begin().await.unwrap();
    for i in 0..n {
        let payload = serde_json::to_string(&text(&format!("bulk {i}"))).unwrap();
        let key = format!("bulk:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: first_chat + i,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority: Priority::Bulk,
        };
        tx.enqueue(&message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
}

fn bulk_delivered(fake: &FakeTelegram) -> usize {
    fake.all_messages()
        .iter()
        .filter(|m| m.text.starts_with("bulk "))
        .count()
}

/// Accepted sends (not edits) as the fake received them.
fn accepted_sends(fake: &FakeTelegram) -> Vec<RecordedCall> {
    fake.calls()
        .into_iter()
        .filter(|c| c.method.starts_with("send") && c.method != "sendChatAction" && c.error.is_none())
        .collect()
}

/// The most calls within any one second.
fn peak_in_one_second(calls: &[RecordedCall]) -> usize {
    let times: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    let mut from = 0;
    let mut peak = 0;
    for (i, t) in times.iter().enumerate() {
        while t.duration_since(times[from]) >= Duration::from_secs(1) {
            from += 1;
        }
        peak = peak.max(i + 1 - from);
    }
    peak
}

#[tokio::test]
async fn a_broadcast_never_exceeds_thirty_in_any_second_and_keeps_close_to_the_limit() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    queue_bulk(&app, 120, 300_000).await;
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) == 120, Duration::from_secs(30))
            .await
    );
    assert_eq!(app.fake.rate_limited_count(), 0, "no 429");
    let sends = accepted_sends(&app.fake);
    let peak = peak_in_one_second(&sends);
    // Telegram's limit is 30 a second; the default 29.5/s may reach it but never pass it.
    assert!(peak <= 30, "{peak} sends within one second");
    let spread = sends[sends.len() - 1]
        .at
        .duration_since(sends[0].at)
        .as_secs_f64();
    let rate = (sends.len() - 1) as f64 / spread;
    assert!((26.5..=30.0).contains(&rate), "{rate:.1} messages/s");
    app.stop().await;
}

#[tokio::test]
async fn a_reply_overtakes_a_broadcast() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(bot_wide_fake_limit()));
    let app = TestApp::spawn_tuned(fake, bot_wide_limit_only).await;
    queue_bulk(&app, 400, 300_000).await;
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) >= 30, Duration::from_secs(10))
            .await
    );
    let queued = Instant::now();
    queue(&app, "reply", 42, &text("svar"), Priority::Normal).await;
    let reply = app
        .fake
        .wait_for_message(42, |m| m.text == "svar", Duration::from_secs(10))
        .await
        .expect("the reply is sent");
    let waited = reply.sent_at.duration_since(queued);
    assert!(
        waited < Duration::from_millis(1500),
        "the reply waited {waited:?}"
    );
    assert!(bulk_delivered(&app.fake) < 200, "the broadcast was still going");
    assert_eq!(app.fake.rate_limited_count(), 0);
    app.stop().await;
}

#[tokio::test]
async fn a_press_is_answered_and_its_message_edited_before_the_rest_of_a_broadcast() {
    // Telegram's limits and the default pacing: the broadcast takes the whole bot-wide budget.
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    let case = youth_case(&app).await;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, case.youth.id, mark).await;
    queue_bulk(&app, 300, 300_000).await;
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) >= 30, Duration::from_secs(10))
            .await
    );
    let pressed = Instant::now();
    let data = prompt.button_data("7").unwrap().to_string();
    app.fake.press_button(&case.youth, prompt.message_id, &data);
    let answered = app
        .fake
        .wait_until(|f| !f.callback_answers().is_empty(), Duration::from_secs(10))
        .await;
    assert!(answered, "the press was answered");
    let answer_at = app.fake.calls_to("answerCallbackQuery")[0].at;
    let bulk_at_answer = bulk_delivered(&app.fake);
    let edited = app
        .fake
        .wait_until(
            |f| !f.calls_to("editMessageText").is_empty(),
            Duration::from_secs(10),
        )
        .await;
    assert!(edited, "the question was edited");
    let bulk_at_edit = bulk_delivered(&app.fake);
    let edit = &app.fake.calls_to("editMessageText")[0];
    assert!(edit.error.is_none(), "{:?}", edit.error);
    let (to_answer, to_edit) = (answer_at.duration_since(pressed), edit.at.duration_since(pressed));
    assert!(
        to_answer < Duration::from_millis(1000),
        "callback answered after {to_answer:?}"
    );
    assert!(to_edit < Duration::from_millis(1000), "edit after {to_edit:?}");
    // Both went ahead of the bulk still waiting: about 28 a second leave, so most were left.
    assert!(
        bulk_at_answer < 200 && bulk_at_edit < 200,
        "{bulk_at_answer} / {bulk_at_edit} of 300 bulk sent first"
    );
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) == 300, Duration::from_secs(30))
            .await
    );
    assert_eq!(app.fake.rate_limited_count(), 0);
    // The answer is a row of the outbox like any message, settled as sent.
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let counts = tx.outbox_counts().await.unwrap();
    tx.commit().await.unwrap();
    assert!(counts.iter().all(|(status, _)| status == "sent"), "{counts:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_callback_answer_that_fails_is_sent_again_by_the_dispatcher() {
    let fake = FakeTelegram::start().await.unwrap();
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    let case = youth_case(&app).await;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, case.youth.id, mark).await;
    app.settle().await;
    let before = app.fake.calls_to("answerCallbackQuery").len();
    let answers_before = app.fake.callback_answers().len();
    app.fake
        .fail_next("answerCallbackQuery", 1, FakeError::drop_connection());
    let data = prompt.button_data("7").unwrap().to_string();
    app.fake.press_button(&case.youth, prompt.message_id, &data);
    assert!(
        app.fake
            .wait_until(
                |f| f.callback_answers().len() > answers_before,
                Duration::from_secs(10)
            )
            .await,
        "the press was answered in the end"
    );
    app.settle().await;
    let calls = app.fake.calls_to("answerCallbackQuery")[before..].to_vec();
    assert_eq!(calls.len(), 2, "one failed try, one answer");
    assert!(calls[0].error.is_some() && calls[1].error.is_none());
    assert_eq!(app.fake.callback_answers().len(), answers_before + 1);
    assert!(app.fake.unanswered_callback_queries().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_flood_to_one_chat_does_not_hold_back_a_message_to_another() {
    // 700 messages to one caseworker (a young person who wrote 700 times) fill more than the
    // dispatcher keeps in memory; a message of the same priority to someone else still goes.
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    let now = start_time();
    let mut tx = app.store.begin().await.unwrap();
    for i in 0..700 {
        let payload = serde_json::to_string(&text(&format!("flood {i}"))).unwrap();
        let key = format!("flood:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: 555,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority: Priority::Normal,
        };
        tx.enqueue(&message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert!(
        app.fake
            .wait_until(|f| !f.messages_to(555).is_empty(), Duration::from_secs(10))
            .await
    );
    let queued = Instant::now();
    queue(&app, "other", 42, &text("svar"), Priority::Normal).await;
    let reply = app
        .fake
        .wait_for_message(42, |m| m.text == "svar", Duration::from_secs(10))
        .await
        .expect("the other chat's message is sent");
    let waited = reply.sent_at.duration_since(queued);
    assert!(waited < Duration::from_millis(1500), "it waited {waited:?}");
    // The flooded chat is still paced, one by one, in order.
    let flood: Vec<String> = app.fake.messages_to(555).iter().map(|m| m.text.clone()).collect();
    assert!(flood.len() < 20, "{} of the flood already sent", flood.len());
    let expected: Vec<String> = (0..flood.len()).map(|i| format!("flood {i}")).collect();
    assert_eq!(flood, expected);
    assert_eq!(app.fake.rate_limited_count(), 0);
    let mut tx = app.store.read().await.unwrap();
    let counts = tx.outbox_counts().await.unwrap();
    tx.commit().await.unwrap();
    let sending = counts.iter().find(|(s, _)| s == "sending").map_or(0, |(_, n)| *n);
    // The cap is 10 for the flooded chat; the other chat's message may not be settled yet.
    assert!(sending <= 11, "{sending} claimed at once: {counts:?}");
    app.stop().await;
}

#[tokio::test]
async fn urgent_then_replies_then_staff_notices_then_bulk_during_a_broadcast() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(bot_wide_fake_limit()));
    let app = TestApp::spawn_tuned(fake, bot_wide_limit_only).await;
    queue_bulk(&app, 300, 300_000).await;
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) >= 30, Duration::from_secs(10))
            .await
    );
    // Queued in the worst order, in one transaction, to different chats.
    let now = start_time();
    let mut tx = app.store.begin().await.unwrap();
    for (key, chat, priority) in [
        ("notice", 61, Priority::Normal),
        ("reply", 62, Priority::Reply),
        ("urgent", 63, Priority::Urgent),
    ] {
        let payload = serde_json::to_string(&text(key)).unwrap();
        let message = NewMessage {
            dedup_key: key,
            chat_id: chat,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority,
        };
        tx.enqueue(&message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let queued = Instant::now();
    assert!(
        app.fake
            .wait_until(|f| !f.messages_to(61).is_empty(), Duration::from_secs(10))
            .await
    );
    let at = |chat: i64| app.fake.messages_to(chat)[0].sent_at;
    assert!(at(63) <= at(62) && at(62) <= at(61), "urgent, reply, notice");
    let waited = at(61).duration_since(queued);
    assert!(
        waited < Duration::from_millis(1500),
        "the notice waited {waited:?}"
    );
    assert!(bulk_delivered(&app.fake) < 250, "the broadcast was still going");
    app.stop().await;
}

#[tokio::test]
async fn a_429_is_honoured_counted_for_operators_and_sending_resumes() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    app.fake
        .fail_next("sendMessage", 1, FakeError::too_many_requests(1));
    queue_bulk(&app, 10, 300_000).await;
    assert!(
        app.fake
            .wait_until(|f| bulk_delivered(f) == 10, Duration::from_secs(20))
            .await
    );
    let calls = app.fake.calls_to("sendMessage");
    let refused = calls.iter().position(|c| c.error.is_some()).expect("one 429");
    let next = &calls[refused + 1];
    let paused = next.at.duration_since(calls[refused].at);
    assert!(paused >= Duration::from_millis(990), "resumed after {paused:?}");
    // Gently: the ten that waited do not leave at once.
    let spread = calls.last().unwrap().at.duration_since(next.at);
    assert!(
        spread >= Duration::from_millis(500),
        "the rest left within {spread:?}"
    );
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let (count, last) = tx.rate_limited().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count, 1);
    let last = last.unwrap();
    assert!(last.contains("sendMessage chat 3000"), "{last}");
    assert!(!last.contains("bulk"), "no message text: {last}");
    app.stop().await;
}

#[tokio::test]
async fn an_edit_answered_with_429_waits_for_retry_after() {
    let fake = FakeTelegram::start().await.unwrap();
    let app = TestApp::spawn_tuned(fake, default_limits).await;
    queue(&app, "question", 77, &text("Hvordan går det?"), Priority::Normal).await;
    let question = app
        .fake
        .wait_for_message(77, |m| m.text.starts_with("Hvordan"), Duration::from_secs(10))
        .await
        .unwrap();
    app.fake
        .fail_next("editMessageText", 1, FakeError::too_many_requests(1));
    let edit = Outgoing::Edit {
        message_id: question.message_id as i32,
        text: "Tak — du svarede 7".into(),
        buttons: Vec::new(),
    };
    queue(&app, "edit", 77, &edit, Priority::Normal).await;
    assert!(
        app.fake
            .wait_until(
                |f| f
                    .message(77, question.message_id)
                    .is_some_and(|m| m.text.starts_with("Tak")),
                Duration::from_secs(10)
            )
            .await
    );
    let edits = app.fake.calls_to("editMessageText");
    assert_eq!(edits.len(), 2);
    let paused = edits[1].at.duration_since(edits[0].at);
    assert!(
        paused >= Duration::from_millis(990),
        "edited again after {paused:?}"
    );
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let (count, last) = tx.rate_limited().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count, 1);
    assert!(last.unwrap().contains("editMessageText chat 77"));
    app.stop().await;
}
