//! Compatibility tests: the fake Telegram server driven by the real teloxide client.
//!
//! No test sleeps for more than a few milliseconds; waiting goes through the fake's
//! `wait_for_*` helpers. No test provokes a 5xx (teloxide pauses 10 s after one).

use std::time::{Duration, Instant};

use fake_telegram::{Button, FakeError, FakeTelegram, FakeUser, Limits, MessageKind, TranscriptEvent};
use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MaybeInaccessibleMessage, MessageId,
    ParseMode, UpdateKind,
};
use teloxide::{ApiError, RequestError};

const WAIT: Duration = Duration::from_secs(5);

fn bot_for(fake: &FakeTelegram) -> Bot {
    Bot::new("123:abc").set_api_url(fake.api_url().parse().expect("api_url is a valid URL"))
}

fn mette() -> FakeUser {
    FakeUser::new(1001, "Mette")
        .with_username("mette_k")
        .with_language("da")
}

fn keyboard() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback("Ja, jeg er med", "join:yes"),
        InlineKeyboardButton::callback("Nej tak", "join:no"),
    ]])
}

/// Polls once without waiting and confirms what it got.
async fn take_updates(bot: &Bot, offset: i32) -> Vec<Update> {
    bot.get_updates()
        .offset(offset)
        .timeout(0)
        .await
        .expect("getUpdates works")
}

#[tokio::test]
async fn get_me_answers_and_calls_are_recorded_under_official_names() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);

    let me = bot.get_me().await.expect("getMe works");
    assert_eq!(me.user.id.0, 999);
    assert_eq!(me.username(), "taetkontakt_test_bot");
    assert_eq!(me.user.first_name, "Tæt kontakt");

    // teloxide sends `/bot123:abc/GetMe`; the fake records the official spelling.
    let calls = fake.calls_to("getme");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].method, "getMe");
    assert_eq!(calls[0].token, "123:abc");
    assert!(calls[0].error.is_none());

    let info = bot.get_webhook_info().await.expect("getWebhookInfo works");
    assert!(info.url.is_none());
    bot.delete_webhook().await.expect("deleteWebhook works");
}

#[tokio::test]
async fn the_builder_changes_the_bot_identity() {
    let fake = FakeTelegram::builder()
        .bot_id(4242)
        .bot_username("other_bot")
        .start()
        .await
        .unwrap();
    let me = bot_for(&fake).get_me().await.unwrap();
    assert_eq!(me.user.id.0, 4242);
    assert_eq!(me.username(), "other_bot");
}

#[tokio::test]
async fn injected_updates_deserialize_to_the_right_kinds() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let user = mette();

    fake.send_text(&user, "/nysag Lea");
    fake.send_sticker(&user);
    fake.send_photo(&user);
    fake.send_voice(&user);
    fake.press_button(&user, 77, "join:yes");
    fake.send_group_text(-42, &user, "hej gruppe");

    let updates = take_updates(&bot, 0).await;
    assert_eq!(updates.len(), 6);
    for u in &updates {
        assert!(
            !matches!(u.kind, UpdateKind::Error(_)),
            "update did not deserialize: {u:?}"
        );
    }

    let UpdateKind::Message(text) = &updates[0].kind else {
        panic!("text: {:?}", updates[0].kind)
    };
    assert_eq!(text.text(), Some("/nysag Lea"));
    assert_eq!(text.chat.id, ChatId(1001));
    assert!(text.chat.is_private());
    assert_eq!(text.chat.username(), Some("mette_k"));
    let from = text.from.as_ref().expect("from");
    assert_eq!(from.first_name, "Mette");
    assert_eq!(from.language_code.as_deref(), Some("da"));
    assert_eq!(text.entities().map(<[_]>::len), Some(1), "a bot_command entity");

    let UpdateKind::Message(sticker) = &updates[1].kind else {
        panic!("sticker")
    };
    assert!(sticker.sticker().is_some());
    let UpdateKind::Message(photo) = &updates[2].kind else {
        panic!("photo")
    };
    assert_eq!(photo.photo().map(<[_]>::len), Some(2));
    let UpdateKind::Message(voice) = &updates[3].kind else {
        panic!("voice")
    };
    assert!(voice.voice().is_some());

    let UpdateKind::CallbackQuery(q) = &updates[4].kind else {
        panic!("callback")
    };
    assert_eq!(q.data.as_deref(), Some("join:yes"));
    assert!(
        matches!(q.message, Some(MaybeInaccessibleMessage::Inaccessible(_))),
        "an unknown message is inaccessible"
    );

    let UpdateKind::Message(group) = &updates[5].kind else {
        panic!("group")
    };
    assert!(group.chat.is_group());
    assert_eq!(group.chat.title(), Some("Group -42"));

    // Message ids count up per chat.
    assert_eq!(text.id, MessageId(1));
    assert_eq!(sticker.id, MessageId(2));
    assert_eq!(group.id, MessageId(1));
}

#[tokio::test]
async fn unconfirmed_updates_are_redelivered_confirmed_ones_are_not() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let user = mette();
    let first = fake.send_text(&user, "en");
    let second = fake.send_text(&user, "to");

    let batch = take_updates(&bot, 0).await;
    assert_eq!(
        batch.iter().map(|u| i64::from(u.id.0)).collect::<Vec<_>>(),
        vec![first, second]
    );

    // No offset: nothing confirmed, same batch again.
    assert_eq!(take_updates(&bot, 0).await.len(), 2);
    assert!(!fake.wait_until_updates_confirmed(Duration::from_millis(10)).await);

    // limit is honoured.
    let one = bot.get_updates().limit(1).timeout(0).await.unwrap();
    assert_eq!(one.len(), 1);

    // offset = first + 1 confirms only the first.
    let rest = take_updates(&bot, (first + 1) as i32).await;
    assert_eq!(rest.len(), 1);
    assert_eq!(i64::from(rest[0].id.0), second);

    assert!(take_updates(&bot, (second + 1) as i32).await.is_empty());
    assert!(fake.wait_until_updates_confirmed(WAIT).await);
    assert_eq!(fake.pending_updates(), 0);
}

#[tokio::test]
async fn long_poll_returns_promptly_when_an_update_arrives() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let poller = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(10).await }
    });
    fake.wait_for_call("getUpdates", |_| true, WAIT)
        .await
        .expect("the poll arrives");
    let started = Instant::now();
    fake.send_text(&mette(), "hej");
    let updates = poller.await.unwrap().expect("getUpdates works");
    assert_eq!(updates.len(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn long_poll_times_out_with_an_empty_batch() {
    let fake = FakeTelegram::start().await.unwrap();
    let started = Instant::now();
    let updates = bot_for(&fake).get_updates().timeout(1).await.unwrap();
    assert!(updates.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn a_newer_poll_terminates_the_older_one() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let older = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(10).await }
    });
    fake.wait_for_call("getUpdates", |_| true, WAIT).await.unwrap();
    let newer = bot.get_updates().timeout(0).await.unwrap();
    assert!(newer.is_empty());
    let err = older.await.unwrap().expect_err("409");
    assert!(
        matches!(err, RequestError::Api(ApiError::TerminatedByOtherGetUpdates)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_confirmed_update_can_be_delivered_again() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let id = fake.send_text(&mette(), "/start");
    let offset = (id + 1) as i32;
    assert_eq!(take_updates(&bot, 0).await.len(), 1);
    assert!(take_updates(&bot, offset).await.is_empty(), "confirmed");

    assert_eq!(fake.inject_duplicate(id), Some(id));
    assert_eq!(fake.inject_duplicate(12345), None);
    let again = take_updates(&bot, offset).await;
    assert_eq!(again.len(), 1, "delivered again despite the offset");
    assert_eq!(i64::from(again[0].id.0), id);
    let UpdateKind::Message(m) = &again[0].kind else {
        panic!()
    };
    assert_eq!(m.text(), Some("/start"));
    assert!(
        take_updates(&bot, offset).await.is_empty(),
        "and confirmed afterwards"
    );
    assert!(fake.wait_until_updates_confirmed(WAIT).await);
}

#[tokio::test]
async fn malformed_updates_reach_teloxide_as_update_errors() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let a = fake.inject_raw(json!({ "message": { "this is": "not a message" } }));
    let b = fake.inject_raw(json!("not even an object"));
    let c = fake.inject_raw(json!({ "update_id": 500, "poll_answer": {
        "poll_id": "p", "user": { "id": 1, "is_bot": false, "first_name": "X" }, "option_ids": [0]
    }}));
    assert_eq!(c, 500);
    let d = fake.send_text(&mette(), "efter");
    assert_eq!(d, 501, "ids continue after an explicit one");

    let updates = take_updates(&bot, 0).await;
    assert_eq!(updates.len(), 4);
    assert_eq!(i64::from(updates[0].id.0), a);
    assert!(matches!(updates[0].kind, UpdateKind::Error(_)));
    assert_eq!(i64::from(updates[1].id.0), b);
    assert!(matches!(updates[1].kind, UpdateKind::Error(_)));
    assert!(matches!(updates[2].kind, UpdateKind::PollAnswer(_)));
    assert!(matches!(updates[3].kind, UpdateKind::Message(_)));
}

#[tokio::test]
async fn send_message_with_inline_keyboard_is_recorded() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    fake.remember_user(&mette());

    let sent = bot
        .send_message(ChatId(1001), "Vil du være med i netværket?")
        .reply_markup(keyboard())
        .await
        .expect("sendMessage works");
    assert_eq!(sent.text(), Some("Vil du være med i netværket?"));
    assert_eq!(sent.chat.id, ChatId(1001));
    assert_eq!(sent.chat.first_name(), Some("Mette"));
    assert_eq!(sent.from.as_ref().map(|u| u.id.0), Some(999));
    assert_eq!(sent.reply_markup(), Some(&keyboard()));

    let messages = fake.messages_to(1001);
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(i64::from(sent.id.0), m.message_id);
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.seq, 1);
    assert_eq!(
        m.buttons,
        vec![vec![
            Button {
                text: "Ja, jeg er med".into(),
                callback_data: Some("join:yes".into()),
                url: None
            },
            Button {
                text: "Nej tak".into(),
                callback_data: Some("join:no".into()),
                url: None
            },
        ]]
    );
    assert_eq!(m.button_data("Nej tak"), Some("join:no"));
    let call = &fake.calls_to("sendMessage")[0];
    assert_eq!(call.chat_id(), Some(1001));
    assert_eq!(
        call.param_str("text").as_deref(),
        Some("Vil du være med i netværket?")
    );

    // A chat the fake never saw still works (Telegram would know it from the user's /start).
    bot.send_message(ChatId(2002), "hej")
        .await
        .expect("unknown chat works");
    assert_eq!(fake.all_messages().len(), 2);
}

#[tokio::test]
async fn invalid_sends_are_refused_like_telegram_does() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let err = bot.send_message(ChatId(1), "").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageTextIsEmpty)),
        "{err:?}"
    );
    let err = bot.send_message(ChatId(1), "x".repeat(4097)).await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageIsTooLong)),
        "{err:?}"
    );
    let long_data =
        InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback("a", "x".repeat(65))]]);
    let err = bot
        .send_message(ChatId(1), "hej")
        .reply_markup(long_data)
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::ButtonDataInvalid)),
        "{err:?}"
    );

    let err = bot
        .send_message(ChatId(1), "Hej Lea.")
        .parse_mode(ParseMode::MarkdownV2)
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::CantParseEntities(_))),
        "{err:?}"
    );
    let err = bot
        .send_message(ChatId(1), "a < b")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::CantParseEntities(_))),
        "{err:?}"
    );
    assert!(fake.all_messages().is_empty(), "refused sends are not messages");

    let ok = bot
        .send_message(ChatId(1), "<b>Hej</b> Lea &amp; Bo")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    assert_eq!(ok.text(), Some("Hej Lea & Bo"));
    let m = fake.last_message_to(1).unwrap();
    assert_eq!(m.text, "Hej Lea & Bo");
    assert_eq!(m.raw_text, "<b>Hej</b> Lea &amp; Bo");
    assert_eq!(m.parse_mode.as_deref(), Some("HTML"));
    bot.send_message(ChatId(1), "*Hej* Lea\\.")
        .parse_mode(ParseMode::MarkdownV2)
        .await
        .unwrap();
    assert_eq!(fake.last_message_to(1).unwrap().text, "Hej Lea.");
}

#[tokio::test]
async fn unknown_methods_answer_404() {
    let fake = FakeTelegram::start().await.unwrap();
    let err = bot_for(&fake).get_chat(ChatId(1)).await.unwrap_err();
    match err {
        RequestError::Api(ApiError::Unknown(description)) => {
            assert_eq!(description, "Not Found: method not found");
        }
        other => panic!("unexpected {other:?}"),
    }
    let call = &fake.calls_to("GetChat")[0];
    assert_eq!(call.error.as_ref().and_then(FakeError::error_code), Some(404));
}

#[tokio::test]
async fn edits_change_the_stored_message() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let sent = bot
        .send_message(ChatId(1001), "Er du med?")
        .reply_markup(keyboard())
        .await
        .unwrap();

    let edited = bot
        .edit_message_text(ChatId(1001), sent.id, "Tak, du er med!")
        .await
        .expect("editMessageText works");
    assert_eq!(edited.text(), Some("Tak, du er med!"));
    assert!(edited.edit_date().is_some());
    assert!(
        edited.reply_markup().is_none(),
        "no reply_markup removes the keyboard"
    );

    let m = fake.message(1001, i64::from(sent.id.0)).unwrap();
    assert_eq!(m.text, "Tak, du er med!");
    assert!(m.edited);
    assert!(m.buttons.is_empty());
    assert_eq!(m.history.len(), 1);
    assert_eq!(m.history[0].text, "Er du med?");
    assert_eq!(m.history[0].buttons.len(), 1);

    let err = bot
        .edit_message_text(ChatId(1001), sent.id, "Tak, du er med!")
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageNotModified)),
        "{err:?}"
    );

    bot.edit_message_reply_markup(ChatId(1001), sent.id)
        .reply_markup(keyboard())
        .await
        .unwrap();
    assert_eq!(fake.message(1001, i64::from(sent.id.0)).unwrap().buttons.len(), 1);

    let err = bot
        .edit_message_text(ChatId(1001), MessageId(999), "x")
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageToEditNotFound)),
        "{err:?}"
    );

    bot.delete_message(ChatId(1001), sent.id).await.unwrap();
    assert!(fake.message(1001, i64::from(sent.id.0)).unwrap().deleted);
    let err = bot.delete_message(ChatId(1001), sent.id).await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageToDeleteNotFound)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_button_press_carries_the_message_and_can_be_answered() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let user = mette();
    fake.remember_user(&user);
    let sent = bot
        .send_message(ChatId(1001), "Er du med?")
        .reply_markup(keyboard())
        .await
        .unwrap();

    let update_id = fake.press_button(&user, i64::from(sent.id.0), "join:yes");
    let updates = take_updates(&bot, 0).await;
    assert_eq!(i64::from(updates[0].id.0), update_id);
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("{:?}", updates[0].kind)
    };
    assert_eq!(q.data.as_deref(), Some("join:yes"));
    assert_eq!(q.from.id.0, 1001);
    let Some(MaybeInaccessibleMessage::Regular(msg)) = &q.message else {
        panic!("regular message")
    };
    assert_eq!(msg.id, sent.id);
    assert_eq!(msg.text(), Some("Er du med?"));
    assert_eq!(msg.reply_markup(), Some(&keyboard()));

    assert_eq!(fake.unanswered_callback_queries(), vec![q.id.0.clone()]);
    bot.answer_callback_query(q.id.clone())
        .text("Tak!")
        .await
        .expect("answerCallbackQuery works");
    assert!(fake.unanswered_callback_queries().is_empty());
    let answers = fake.callback_answers();
    assert_eq!(answers[0].text.as_deref(), Some("Tak!"));
    assert_eq!(answers[0].chat_id, Some(1001));

    let err = bot
        .answer_callback_query(teloxide::types::CallbackQueryId("nonsense".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::InvalidQueryId)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_blocked_chat_gives_bot_blocked() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    fake.block_chat(1001);
    let err = bot.send_message(ChatId(1001), "hej").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::BotBlocked)), "{err:?}");
    assert!(fake.messages_to(1001).is_empty());
    bot.send_message(ChatId(1002), "andre virker").await.unwrap();
    fake.unblock_chat(1001);
    bot.send_message(ChatId(1001), "hej igen").await.unwrap();
    assert_eq!(fake.messages_to(1001).len(), 1);
}

#[tokio::test]
async fn a_user_blocking_the_bot_sends_my_chat_member() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let user = mette();
    fake.user_blocks_bot(&user);
    let updates = take_updates(&bot, 0).await;
    let UpdateKind::MyChatMember(change) = &updates[0].kind else {
        panic!("{:?}", updates[0].kind)
    };
    assert!(change.old_chat_member.is_member());
    assert!(change.new_chat_member.is_banned());
    let err = bot.send_message(ChatId(1001), "hej").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::BotBlocked)));

    fake.user_unblocks_bot(&user);
    let updates = take_updates(&bot, updates[0].id.as_offset()).await;
    let UpdateKind::MyChatMember(change) = &updates[0].kind else {
        panic!()
    };
    assert!(change.new_chat_member.is_member());
    bot.send_message(ChatId(1001), "velkommen tilbage").await.unwrap();
}

#[tokio::test]
async fn injected_failures_fire_as_configured() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);

    fake.fail_next("sendMessage", 1, FakeError::too_many_requests(3));
    let err = bot.send_message(ChatId(1), "a").await.unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(s) if s.duration() == Duration::from_secs(3)),
        "{err:?}"
    );
    bot.send_message(ChatId(1), "b")
        .await
        .expect("only the next call fails");

    fake.fail_next("*", 1, FakeError::chat_not_found());
    let err = bot.get_me().await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::ChatNotFound)),
        "{err:?}"
    );

    fake.fail_every_nth("sendmessage", 2, FakeError::user_deactivated());
    bot.send_message(ChatId(1), "1").await.unwrap();
    assert!(matches!(
        bot.send_message(ChatId(1), "2").await,
        Err(RequestError::Api(ApiError::UserDeactivated))
    ));
    bot.send_message(ChatId(1), "3").await.unwrap();
    assert!(bot.send_message(ChatId(1), "4").await.is_err());
    fake.clear_failures();
    bot.send_message(ChatId(1), "5").await.unwrap();

    let texts: Vec<String> = fake.messages_to(1).into_iter().map(|m| m.text).collect();
    assert_eq!(texts, ["b", "1", "3", "5"]);
    let refused = fake
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.error.is_some())
        .count();
    assert_eq!(refused, 3);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    bot.get_me().await.unwrap(); // warm up a pooled connection
    fake.fail_next("sendMessage", 1, FakeError::drop_connection());
    let started = Instant::now();
    let err = bot.send_message(ChatId(1), "hej").await.unwrap_err();
    assert!(matches!(err, RequestError::Network(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(fake.messages_to(1).is_empty());
    bot.send_message(ChatId(1), "hej igen")
        .await
        .expect("the next request gets a new connection");
}

#[tokio::test]
async fn photos_and_documents_are_recorded_with_their_files() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&640u32.to_be_bytes());
    png.extend_from_slice(&480u32.to_be_bytes());
    png.extend_from_slice(&[0u8; 100]);
    let len = png.len();

    let sent = bot
        .send_photo(ChatId(1001), InputFile::memory(png).file_name("uge12.png"))
        .caption("Uge 12")
        .reply_markup(keyboard())
        .await
        .expect("sendPhoto works");
    let sizes = sent.photo().expect("a photo message");
    assert_eq!(sizes.last().map(|p| (p.width, p.height)), Some((640, 480)));
    assert_eq!(sent.caption(), Some("Uge 12"));

    let m = fake.last_message_to(1001).unwrap();
    assert_eq!(m.kind, MessageKind::Photo);
    assert_eq!(m.text, "Uge 12");
    assert_eq!(m.buttons.len(), 1);
    let file = m.file.as_ref().unwrap();
    assert_eq!(file.file_name.as_deref(), Some("uge12.png"));
    assert_eq!(file.len, len);
    assert_eq!(file.data.len(), len);
    let call = &fake.calls_to("sendPhoto")[0];
    assert_eq!(call.chat_id(), Some(1001));
    assert_eq!(call.body["photo"]["file_name"], "uge12.png");
    assert_eq!(call.body["photo"]["size"], len);

    let doc = bot
        .send_document(
            ChatId(1001),
            InputFile::memory(&b"a;b\n1;2\n"[..]).file_name("data.csv"),
        )
        .await
        .expect("sendDocument works");
    assert_eq!(
        doc.document().and_then(|d| d.file_name.as_deref()),
        Some("data.csv")
    );
    let m = fake.last_message_to(1001).unwrap();
    assert_eq!(m.kind, MessageKind::Document);
    assert_eq!(m.file.as_ref().map(|f| f.len), Some(8));

    let err = bot
        .send_photo(ChatId(1001), InputFile::memory(Vec::new()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(_)),
        "empty files are refused: {err:?}"
    );

    // Caption edits.
    let edited = bot
        .edit_message_caption(ChatId(1001), sent.id)
        .caption("Uge 13")
        .await
        .unwrap();
    assert_eq!(edited.caption(), Some("Uge 13"));
}

#[tokio::test]
async fn rate_limits_answer_429_and_refused_sends_are_not_delivered() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    fake.set_limits(Some(Limits {
        per_chat_per_sec: 0.5,
        per_chat_burst: 2,
        global_per_sec: 0.5,
        global_burst: 3,
        global_sliding_window: false,
    }));

    let mut delivered = 0;
    let mut limited = 0;
    for i in 0..4 {
        match bot.send_message(ChatId(1), format!("chat 1, nr {i}")).await {
            Ok(_) => delivered += 1,
            Err(RequestError::RetryAfter(s)) => {
                assert!(s.duration() >= Duration::from_secs(1));
                limited += 1;
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((delivered, limited), (2, 2), "per-chat burst of 2");
    bot.send_message(ChatId(2), "chat 2")
        .await
        .expect("another chat has its own bucket");
    let err = bot.send_message(ChatId(3), "chat 3").await.unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(_)),
        "global burst of 3: {err:?}"
    );

    assert_eq!(fake.rate_limited_count(), 3);
    assert_eq!(fake.messages_to(1).len(), 2);
    assert_eq!(fake.all_messages().len(), 3);
    // Edits and chat actions are not limited.
    bot.send_chat_action(ChatId(3), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();

    fake.set_limits(None);
    bot.send_message(ChatId(3), "no limits").await.unwrap();
}

#[tokio::test]
async fn waiting_helpers_follow_a_bot_run_by_the_teloxide_dispatcher() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let user = mette();

    // A tiny echo bot with the real teloxide dispatcher (getMe, getWebhookInfo, long polling).
    let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
        let text = msg.text().unwrap_or("<ingen tekst>").to_owned();
        bot.send_message(msg.chat.id, format!("Du skrev: {text}"))
            .reply_markup(keyboard())
            .await?;
        respond(())
    });
    let mut dispatcher = Dispatcher::builder(bot, handler).build();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    let mark = fake.message_seq();
    fake.send_text(&user, "hej");
    let reply = fake
        .wait_for_message(user.id, |m| m.seq > mark && m.text.starts_with("Du skrev"), WAIT)
        .await
        .expect("the bot answers");
    assert_eq!(reply.text, "Du skrev: hej");
    assert!(fake.wait_until_updates_confirmed(WAIT).await);

    fake.send_sticker(&user);
    let call = fake
        .wait_for_call(
            "sendMessage",
            |c| c.param_str("text").as_deref() == Some("Du skrev: <ingen tekst>"),
            WAIT,
        )
        .await;
    assert!(call.is_some());
    assert!(fake.wait_until(|f| f.messages_to(user.id).len() == 2, WAIT).await);
    assert!(
        fake.wait_for_message(user.id, |m| m.text == "never", Duration::from_millis(20))
            .await
            .is_none()
    );

    assert!(!fake.calls_to("getWebhookInfo").is_empty());
    running.abort();
    fake.shutdown().await;
}

#[tokio::test]
async fn the_transcript_renders_both_sides_of_a_chat() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let mut transcript = fake.subscribe();
    let user = mette();

    fake.send_text(&user, "/nysag Lea");
    let sent = bot
        .send_message(ChatId(1001), "Er du med?")
        .reply_markup(keyboard())
        .await
        .unwrap();
    fake.press_button(&user, i64::from(sent.id.0), "join:yes");
    bot.edit_message_text(ChatId(1001), sent.id, "Tak!")
        .await
        .unwrap();
    fake.block_chat(1001);
    let _ = bot.send_message(ChatId(1001), "hallo?").await;

    let mut lines = Vec::new();
    while let Ok(event) = transcript.try_recv() {
        lines.push(event.to_string());
    }
    assert_eq!(
        lines,
        [
            "[Mette → bot] /nysag Lea",
            "[bot → Mette] Er du med?\n    [ Ja, jeg er med ] [ Nej tak ]",
            "[Mette → bot] pressed [ Ja, jeg er med ]",
            "[bot → Mette] (edited #2) Tak!",
            "[bot ✗ Mette] sendMessage refused: 403 Forbidden: bot was blocked by the user",
        ]
    );
    let photo = TranscriptEvent::BotFile {
        chat_id: 1,
        to: "Mette".into(),
        message_id: 3,
        kind: MessageKind::Photo,
        file_name: Some("uge12.png".into()),
        len: 1234,
        caption: "Uge 12".into(),
        buttons: Vec::new(),
    };
    assert_eq!(
        photo.to_string(),
        "[bot → Mette] <photo uge12.png, 1234 bytes> Uge 12"
    );
}

#[tokio::test]
async fn webhooks_and_command_menus_are_stored() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);

    bot.set_my_commands(vec![
        BotCommand::new("start", "Kom i gang"),
        BotCommand::new("nysag", "Ny sag"),
    ])
    .await
    .expect("setMyCommands works");
    let sets = fake.my_commands();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].commands[1], ("nysag".to_owned(), "Ny sag".to_owned()));
    let listed = bot.get_my_commands().await.unwrap();
    assert_eq!(listed.len(), 2);
    let err = bot
        .set_my_commands(vec![BotCommand::new("NySag", "x")])
        .await
        .unwrap_err();
    assert!(matches!(err, RequestError::Api(_)), "{err:?}");
    bot.delete_my_commands().await.unwrap();
    assert!(bot.get_my_commands().await.unwrap().is_empty());

    bot.set_webhook("https://example.com/hook".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(fake.webhook_url().as_deref(), Some("https://example.com/hook"));
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!(
        info.url.map(|u| u.to_string()).as_deref(),
        Some("https://example.com/hook")
    );
    assert!(
        bot.get_updates().timeout(0).await.is_err(),
        "no polling while a webhook is set"
    );
    bot.delete_webhook().await.unwrap();
    assert!(fake.webhook_url().is_none());
    bot.send_chat_action(ChatId(1), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();
}

#[tokio::test]
async fn shutdown_ends_long_polls_and_refuses_connections() {
    let fake = FakeTelegram::start().await.unwrap();
    let bot = bot_for(&fake);
    let poller = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(30).await }
    });
    fake.wait_for_call("getUpdates", |_| true, WAIT).await.unwrap();
    let started = Instant::now();
    fake.shutdown().await;
    let result = poller.await.unwrap();
    assert!(result.map(|u| u.is_empty()).unwrap_or(true));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(matches!(bot.get_me().await, Err(RequestError::Network(_))));
}
