//! Never lose an answer, never send twice: the outbox under Telegram's limits and errors,
//! blocked participants, failing updates, downtime and restarts.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Duration as ChronoDuration;

use crate::helpers::*;
use fake_telegram::{FakeError, FakeTelegram, FakeUser, Limits};
use taetkontakt::store::{NewMessage, Priority};
use taetkontakt::telegram::outgoing::Outgoing;

/// Queues `n` numbered texts to chats `first_chat..first_chat+n` straight into the outbox.
async fn queue_texts(app: &TestApp, n: i64, first_chat: i64) {
    let now = chrono::Utc::now().min(start_time());
    let mut tx = app.store.begin().await.unwrap();
    for i in 0..n {
        let payload = serde_json::to_string(&Outgoing::Text {
            text: format!("besked {i}"),
            buttons: Vec::new(),
        })
        .unwrap();
        let key = format!("test:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: first_chat + i,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority: Priority::Normal,
        };
        tx.enqueue(&message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// How many times each numbered text arrived.
fn deliveries(fake: &FakeTelegram) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in fake.all_messages() {
        if m.text.starts_with("besked ") {
            *seen.entry(m.text.clone()).or_insert(0) += 1;
        }
    }
    seen
}

fn telegram_limits(settings: &mut taetkontakt::app::ServiceSettings) {
    settings.dispatch = taetkontakt::telegram::dispatcher::DispatchSettings {
        idle_poll: Duration::from_millis(50),
        first_backoff: Duration::from_millis(50),
        ..Default::default()
    };
}

#[tokio::test]
async fn a_429_storm_and_network_errors_still_deliver_everything_exactly_once() {
    let fake = FakeTelegram::start().await.unwrap();
    // Telegram's limits are enforced by the fake: any excess would be answered with 429.
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, telegram_limits).await;
    app.fake
        .fail_every_nth("sendMessage", 5, FakeError::too_many_requests(1));
    app.fake.fail_next("sendMessage", 3, FakeError::drop_connection());
    queue_texts(&app, 40, 50_000).await;
    let all = app
        .fake
        .wait_until(|f| deliveries(f).len() == 40, Duration::from_secs(60))
        .await;
    assert!(all, "only {} of 40 arrived", deliveries(&app.fake).len());
    app.settle().await;
    let seen = deliveries(&app.fake);
    assert!(
        seen.values().all(|n| *n == 1),
        "a message arrived twice: {seen:?}"
    );
    assert_eq!(
        app.fake.rate_limited_count(),
        0,
        "the dispatcher exceeded Telegram's limits"
    );
    let mut tx = app.store.read().await.unwrap();
    assert!(tx.dead_messages().await.unwrap().is_empty());
    tx.commit().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn a_backlog_to_one_chat_is_paced_to_one_message_a_second_after_a_short_burst() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.set_limits(Some(Limits::telegram()));
    let app = TestApp::spawn_tuned(fake, telegram_limits).await;
    let mut tx = app.store.begin().await.unwrap();
    for i in 0..5 {
        let payload = serde_json::to_string(&Outgoing::Text {
            text: format!("besked {i}"),
            buttons: Vec::new(),
        })
        .unwrap();
        let key = format!("one-chat:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: 77,
            participant_id: None,
            payload: &payload,
            not_before: start_time(),
            priority: Priority::Normal,
        };
        tx.enqueue(&message, start_time()).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert!(
        app.fake
            .wait_until(|f| f.messages_to(77).len() == 5, Duration::from_secs(10))
            .await
    );
    let messages = app.fake.messages_to(77);
    let texts: Vec<_> = messages.iter().map(|m| m.text.clone()).collect();
    assert_eq!(
        texts,
        (0..5).map(|i| format!("besked {i}")).collect::<Vec<_>>(),
        "order kept"
    );
    let spread = messages[4].sent_at.duration_since(messages[0].sent_at);
    assert!(
        spread >= Duration::from_millis(1800),
        "5 messages to one chat took only {spread:?}"
    );
    assert_eq!(app.fake.rate_limited_count(), 0);
    app.stop().await;
}

#[tokio::test]
async fn a_participant_who_blocked_the_bot_is_blocked_their_messages_cancelled_and_the_caseworker_alerted() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    app.say(
        &case.caseworker,
        &format!("/maal {} fritid Jeg går til fodbold", case.code),
    )
    .await;
    app.fake.block_chat(case.youth.id);
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let alert = app
        .message_containing(case.caseworker.id, mark, "kan ikke længere nås")
        .await;
    assert!(alert.button_data("Ingen handling").is_some());
    let mut tx = app.store.read().await.unwrap();
    let ps = tx
        .participants_by_user(taetkontakt::domain::ids::TelegramUserId(case.youth.id))
        .await
        .unwrap();
    let outbox = tx.outbox_counts().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ps[0].status.key(), "blocked");
    let cancelled = outbox
        .iter()
        .find(|(s, _)| s == "cancelled")
        .map(|(_, n)| *n)
        .unwrap_or(0);
    assert!(
        cancelled >= 2,
        "the rest of the check-in was cancelled: {outbox:?}"
    );

    // Writing again makes the young person reachable again.
    app.fake.unblock_chat(case.youth.id);
    app.say(&case.youth, "hej igen").await;
    let mut tx = app.store.read().await.unwrap();
    let ps = tx
        .participants_by_user(taetkontakt::domain::ids::TelegramUserId(case.youth.id))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ps[0].status.key(), "active");
    app.stop().await;
}

#[tokio::test]
async fn blocking_reported_by_telegram_marks_the_participant_at_once() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mark = app.fake.message_seq();
    app.fake.user_blocks_bot(&case.youth);
    app.message_containing(case.caseworker.id, mark, "kan ikke længere nås")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn a_failing_update_is_retried_then_parked_and_the_others_go_on() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    // Damage Mette's row so every update from her fails in the store.
    let mut tx = app.store.begin().await.unwrap();
    let mette_id = tx
        .staff_by_user(taetkontakt::domain::ids::TelegramUserId(1001))
        .await
        .unwrap()
        .unwrap()
        .id;
    tx.set_staff_role_raw_for_tests(mette_id, "boss").await.unwrap();
    tx.commit().await.unwrap();
    let poisoned = app.fake.send_text(&mette, "/sager");
    let other = FakeUser::new(4242, "Per");
    let reply = app.say(&other, "hej").await;
    assert!(
        reply.text.contains("link fra din rådgiver"),
        "others are still served: {}",
        reply.text
    );
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let parked = tx.parked_updates().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!(parked[0].0, poisoned);
    assert_eq!(parked[0].1, taetkontakt::telegram::inbox::MAX_ATTEMPTS);
    assert!(
        parked[0].2.as_deref().unwrap().contains("staff.role"),
        "{parked:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn after_three_hours_down_the_missed_checkin_is_sent_after_twenty_it_is_skipped_by_the_system() {
    let mut app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = case.youth.clone();
    // Down from Monday 10:00 to 19:00 local (the 16:00 check-in was due 3 h ago).
    app.stop_service().await;
    app.clock.advance(ChronoDuration::hours(9));
    let mark = app.fake.message_seq();
    app.start_service().await;
    app.tick().await;
    prompt_after(&app, lea.id, mark).await;

    // Down for the next Monday's check-in, back 20 h later: skipped by the system, not sent,
    // and not counted as the young person's silence.
    app.stop_service().await;
    app.clock
        .advance(ChronoDuration::days(7) + ChronoDuration::hours(11));
    let mark = app.fake.message_seq();
    app.start_service().await;
    app.tick().await;
    assert!(
        !app.fake
            .messages_to(lea.id)
            .iter()
            .any(|m| m.seq > mark && m.button_data("7").is_some())
    );
    let mut tx = app.store.read().await.unwrap();
    let p = tx
        .participants_by_user(taetkontakt::domain::ids::TelegramUserId(lea.id))
        .await
        .unwrap();
    let counts = tx.checkin_counts(p[0].id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(
        counts.contains(&("skipped_by_system".to_string(), 1)),
        "{counts:?}"
    );
    app.stop().await;
}

fn no_quiet_hours(settings: &mut taetkontakt::app::ServiceSettings) {
    settings.quiet_hours = taetkontakt::domain::schedule::QuietHours::Off;
}

#[tokio::test]
async fn a_daily_0230_checkin_comes_once_a_day_across_both_dst_changes_of_2027() {
    let app = TestApp::spawn_tuned(FakeTelegram::start().await.unwrap(), no_quiet_hours).await;
    for (start, label) in [((2027, 3, 26), "spring"), ((2027, 10, 29), "autumn")] {
        let at =
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, start.0, start.1, start.2, 12, 0, 0).unwrap();
        app.clock.set(at);
        let case = youth_case_with_ids(&app, start.1 as i64 * 100).await;
        app.say(
            &case.caseworker,
            &format!("/rytme {} ung dagligt 02:30", case.code),
        )
        .await;
        let mark = app.fake.message_seq();
        // Four days in hourly steps, through the night the clocks change.
        for _ in 0..96 {
            advance(&app, ChronoDuration::hours(1)).await;
        }
        let prompts = app
            .fake
            .messages_to(case.youth.id)
            .iter()
            .filter(|m| m.seq > mark && m.button_data("7").is_some())
            .count();
        assert_eq!(prompts, 4, "{label}: one check-in per day");
    }
    app.stop().await;
}
