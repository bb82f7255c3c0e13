//! A fake Telegram Bot API server for integration tests and the `demo` subcommand.
//!
//! [`FakeTelegram`] is a small in-memory HTTP server (axum, bound to `127.0.0.1:0`) that speaks
//! enough of the [Telegram Bot API](https://core.telegram.org/bots/api) for a teloxide bot to run
//! against it unchanged: point the bot at [`FakeTelegram::api_url`] with
//! `Bot::new(token).set_api_url(url)` and it will long-poll, send, edit and answer as it would in
//! production. The test (or the demo) plays the users: it injects updates with
//! [`FakeTelegram::send_text`], [`FakeTelegram::press_button`] and friends, and inspects what the
//! bot did with [`FakeTelegram::messages_to`], [`FakeTelegram::calls`] and the `wait_for_*`
//! helpers, which wake up on every change instead of sleeping.
//!
//! # What is emulated
//!
//! * Requests are `POST {api_url}bot{token}/{method}` (GET works too), with JSON,
//!   `application/x-www-form-urlencoded`, query-string or `multipart/form-data` parameters. Any
//!   token is accepted. Method names are matched case-insensitively: teloxide sends its payload
//!   type names (`GetMe`, `SendMessage`, …), the official spelling is `getMe`, `sendMessage`;
//!   calls are recorded under the official spelling.
//! * `getMe`, `getWebhookInfo`, `setWebhook`, `deleteWebhook`, `logOut`, `close`, `getUpdates`
//!   (long polling with `offset`, `limit`, `timeout`; at-least-once delivery; a newer `getUpdates`
//!   call terminates an older waiting one with 409 like Telegram does; 409 while a webhook is
//!   set), `sendMessage`, `sendPhoto`, `sendDocument`, `sendChatAction`, `editMessageText`,
//!   `editMessageCaption`, `editMessageReplyMarkup`, `deleteMessage`, `answerCallbackQuery`,
//!   `setMyCommands`, `getMyCommands`, `deleteMyCommands`. Anything else answers 404
//!   `Not Found: method not found`.
//! * Telegram's checks that commonly bite: empty text, text over 4096 characters (captions over
//!   1024), `callback_data` over 64 bytes, inline buttons without an action, malformed `HTML` /
//!   `MarkdownV2` / `Markdown` (e.g. an unescaped `.` in MarkdownV2 or a stray `<` in HTML gives
//!   `Bad Request: can't parse entities: …`), editing a message to identical content
//!   (`message is not modified`), editing or deleting unknown messages, and answering unknown
//!   callback queries. The formatting checks are an approximation of Telegram's parser; switch
//!   them off with [`FakeTelegramBuilder::strict_formatting`] if they get in the way.
//! * Editing the text or caption without `reply_markup` removes the inline keyboard, as on
//!   Telegram.
//! * Stored [`SentMessage::text`] is the *visible* text: HTML tags and Markdown markup are
//!   removed, entities such as `&lt;` are decoded. [`SentMessage::raw_text`] keeps what the bot
//!   sent.
//!
//! # Update delivery
//!
//! Injected updates get increasing `update_id`s (starting at 1) and wait in a queue.
//! `getUpdates` first applies its `offset` (a positive offset confirms and forgets every update
//! below it; a negative `-n` keeps only the last `n`), then returns up to `limit` (1–100,
//! default 100) pending updates at once, or waits up to `timeout` seconds (capped at 60) for one
//! to be injected. Returned updates stay pending until a later offset confirms them, so a bot
//! that dies before confirming sees them again (at-least-once, like Telegram).
//! [`FakeTelegram::inject_duplicate`] re-delivers an already confirmed update. A newer
//! `getUpdates` call makes a waiting older one fail with 409 (teloxide:
//! `ApiError::TerminatedByOtherGetUpdates`), and `getUpdates` answers 409 while a webhook is set.
//! `allowed_updates` is recorded but not applied. On shutdown waiting polls return an empty
//! batch.
//!
//! # Failure injection
//!
//! [`FakeTelegram::fail_next`], [`FakeTelegram::fail_every_nth`], [`FakeTelegram::block_chat`] and
//! [`FakeTelegram::set_limits`] (token-bucket rate limits answering 429 with `retry_after`).
//! [`FakeError::drop_connection`] closes the TCP connection without any HTTP response (the
//! client sees a network error); it is implemented with a per-connection kill switch in the
//! accepted stream. Avoid [`FakeError::server_error`] in fast tests: teloxide sleeps 10 seconds
//! after any HTTP 5xx.
//!
//! Refused calls are recorded in [`FakeTelegram::calls`] (with [`RecordedCall::error`] set) but
//! never produce a [`SentMessage`].
//!
//! # Example
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use fake_telegram::{FakeTelegram, FakeUser};
//!
//! let fake = FakeTelegram::start().await?;
//! let bot = teloxide::Bot::new("123:abc").set_api_url(fake.api_url().parse()?);
//! // ... start the service with `bot` (or with TELEGRAM_API_URL = fake.api_url()) ...
//! let per = FakeUser::new(1001, "Per");
//! fake.send_text(&per, "hej");
//! let reply = fake
//!     .wait_for_message(per.id, |m| m.text.contains("invitationslink"), Duration::from_secs(5))
//!     .await
//!     .expect("the bot answers a stranger");
//! if let Some(data) = reply.button_data("Ja, jeg er med") {
//!     fake.press_button(&per, reply.message_id, data);
//! }
//! # drop(bot);
//! # Ok(())
//! # }
//! ```
//!
//! All state lives in memory behind one [`std::sync::Mutex`] that is never held across an
//! `.await`. Handles are cheap to clone; the server stops when the last handle is dropped or on
//! [`FakeTelegram::shutdown`].

mod faults;
mod format;
mod handle;
mod methods;
mod model;
mod params;
mod server;
mod state;
mod transcript;

pub use faults::{FakeError, Limits};
pub use handle::FakeTelegram;
pub use model::{
    Button, CallbackAnswer, CommandSet, FakeUser, MessageKind, MessageVersion, RecordedCall, SentFile,
    SentMessage,
};
pub use server::FakeTelegramBuilder;
pub use transcript::TranscriptEvent;

/// Default user id of the fake bot (returned by `getMe`).
pub const DEFAULT_BOT_ID: i64 = 999;
/// Default first name of the fake bot.
pub const DEFAULT_BOT_FIRST_NAME: &str = "Tæt kontakt";
/// Default username of the fake bot (without `@`).
pub const DEFAULT_BOT_USERNAME: &str = "taetkontakt_test_bot";
