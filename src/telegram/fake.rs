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
//! use taetkontakt::telegram::fake::{FakeTelegram, FakeUser};
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

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::connect_info::Connected;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Query, Request, State as AxumState,
};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use axum::{Form, Router};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

/// Default user id of the fake bot (returned by `getMe`).
pub const DEFAULT_BOT_ID: i64 = 999;
/// Default first name of the fake bot.
pub const DEFAULT_BOT_FIRST_NAME: &str = "Tæt kontakt";
/// Default username of the fake bot (without `@`).
pub const DEFAULT_BOT_USERNAME: &str = "taetkontakt_test_bot";

/// Longest `getUpdates` timeout honoured, in seconds (Telegram's own maximum is 50).
const MAX_POLL_TIMEOUT_SECS: u64 = 60;
/// Largest accepted request body (uploads included).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Capacity of the transcript broadcast channel; slow subscribers see `Lagged`.
const TRANSCRIPT_CAPACITY: usize = 1024;
/// Telegram's limits.
const MAX_TEXT_CHARS: usize = 4096;
const MAX_CAPTION_CHARS: usize = 1024;
const MAX_CALLBACK_DATA_BYTES: usize = 64;
/// Chat ids at or below this are supergroups/channels (`-100…`).
const SUPERGROUP_ID_LIMIT: i64 = -1_000_000_000_000;

/// The exact description teloxide maps to `ApiError::MessageNotModified`.
const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/// The exact description teloxide maps to `ApiError::TerminatedByOtherGetUpdates`.
const TERMINATED_BY_OTHER: &str =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

// ---------------------------------------------------------------------------------------------
// Public data types
// ---------------------------------------------------------------------------------------------

/// A simulated Telegram user who writes to the bot.
///
/// In a private chat the chat id equals the user id, as on Telegram.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FakeUser {
    /// Telegram user id (positive).
    pub id: i64,
    /// First name, shown in transcripts.
    pub first_name: String,
    /// Username without `@`.
    pub username: Option<String>,
    /// IETF language tag of the user's Telegram client, e.g. `"da"`.
    pub language_code: Option<String>,
}

impl FakeUser {
    /// A user with an id and a first name, no username, no language.
    pub fn new(id: i64, first_name: impl Into<String>) -> Self {
        Self {
            id,
            first_name: first_name.into(),
            username: None,
            language_code: None,
        }
    }

    /// Sets the username (without `@`).
    #[must_use]
    pub fn with_username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Sets the client language (e.g. `"da"`, `"en"`).
    #[must_use]
    pub fn with_language(mut self, language_code: impl Into<String>) -> Self {
        self.language_code = Some(language_code.into());
        self
    }

    fn to_json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        if let Some(lang) = &self.language_code {
            user["language_code"] = json!(lang);
        }
        user
    }
}

/// One inline keyboard button as the bot sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Button {
    /// Label shown to the user.
    pub text: String,
    /// `callback_data`, if it is a callback button.
    pub callback_data: Option<String>,
    /// `url`, if it is a link button.
    pub url: Option<String>,
}

/// What kind of message the bot sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// `sendMessage`.
    Text,
    /// `sendPhoto`.
    Photo,
    /// `sendDocument`.
    Document,
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MessageKind::Text => "text",
            MessageKind::Photo => "photo",
            MessageKind::Document => "document",
        })
    }
}

/// A file the bot sent with `sendPhoto` / `sendDocument`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    /// File name from the multipart part (`None` when the bot sent a `file_id` or URL, or the
    /// part had no name).
    pub file_name: Option<String>,
    /// Content type of the uploaded part, if given.
    pub content_type: Option<String>,
    /// Number of bytes uploaded (0 when the bot referred to a `file_id` or URL).
    pub len: usize,
    /// The uploaded bytes (empty when the bot referred to a `file_id` or URL).
    pub data: Arc<[u8]>,
    /// `file_id` the fake assigned (or the `file_id` / URL the bot passed instead of uploading).
    pub file_id: String,
    /// Pixel size, for photos: read from a PNG header when possible, else 800×600.
    pub dimensions: Option<(u32, u32)>,
}

/// An earlier version of an edited message.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageVersion {
    /// Visible text (or caption) of that version.
    pub text: String,
    /// Inline keyboard of that version.
    pub buttons: Vec<Vec<Button>>,
    /// When the version was replaced.
    pub replaced_at: Instant,
}

/// A message the bot produced, in its current state (after edits).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// Global sequence number of bot messages (1, 2, 3, …) across all chats; use it to look only
    /// at messages newer than a mark taken with [`FakeTelegram::message_seq`].
    pub seq: u64,
    /// Telegram message id; ids count up per chat and are shared with the user's messages.
    pub message_id: i64,
    /// Chat the message was sent to.
    pub chat_id: i64,
    /// Text, photo or document.
    pub kind: MessageKind,
    /// Current visible text (text messages) or caption (media), markup removed.
    pub text: String,
    /// Current text or caption exactly as the bot sent it.
    pub raw_text: String,
    /// `parse_mode` of the current version.
    pub parse_mode: Option<String>,
    /// Current inline keyboard, row by row (empty when there is none).
    pub buttons: Vec<Vec<Button>>,
    /// The `reply_markup` as sent (any keyboard kind); `None` when absent or removed by an edit.
    pub reply_markup: Option<Value>,
    /// The file, for photos and documents.
    pub file: Option<SentFile>,
    /// Whether the message was edited at least once.
    pub edited: bool,
    /// Earlier versions, oldest first (empty when never edited).
    pub history: Vec<MessageVersion>,
    /// Whether the bot deleted the message (it stays listed).
    pub deleted: bool,
    /// Unix time of sending.
    pub date: i64,
    /// Unix time of the last edit.
    pub edit_date: Option<i64>,
    /// Monotonic time of sending.
    pub sent_at: Instant,
}

impl SentMessage {
    /// All buttons, flattened row by row.
    pub fn all_buttons(&self) -> impl Iterator<Item = &Button> {
        self.buttons.iter().flatten()
    }

    /// The `callback_data` of the first button whose label is `label`.
    pub fn button_data(&self, label: &str) -> Option<&str> {
        self.all_buttons()
            .find(|b| b.text == label)
            .and_then(|b| b.callback_data.as_deref())
    }
}

/// One HTTP call the bot made, as recorded by the fake.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCall {
    /// Sequence number of the call (1, 2, 3, …).
    pub seq: u64,
    /// Official method name (`sendMessage`), or the name as received if unknown.
    pub method: String,
    /// The token from the URL.
    pub token: String,
    /// All parameters as a JSON object. Multipart text fields are strings (`reply_markup` and
    /// other JSON-valued fields are parsed); uploaded files appear as
    /// `{"file_name": …, "size": …, "content_type": …}` under the parameter that referred to
    /// them (e.g. `photo`).
    pub body: Value,
    /// When the call arrived.
    pub at: Instant,
    /// The error the fake answered with, `None` for success.
    pub error: Option<FakeError>,
}

impl RecordedCall {
    /// `body[key]` as an integer, accepting numbers and numeric strings.
    pub fn param_i64(&self, key: &str) -> Option<i64> {
        self.body.as_object().and_then(|m| param_i64(m, key))
    }

    /// `body[key]` as a string (numbers and booleans are rendered).
    pub fn param_str(&self, key: &str) -> Option<String> {
        self.body.as_object().and_then(|m| param_str(m, key))
    }

    /// The `chat_id` parameter as an integer.
    pub fn chat_id(&self) -> Option<i64> {
        self.param_i64("chat_id")
    }
}

/// An answer the bot gave to a button press (`answerCallbackQuery`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackAnswer {
    /// The callback query id.
    pub callback_query_id: String,
    /// Chat of the message whose button was pressed, if known.
    pub chat_id: Option<i64>,
    /// Toast / alert text.
    pub text: Option<String>,
    /// Whether it was an alert.
    pub show_alert: bool,
}

/// A bot command list stored by `setMyCommands`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandSet {
    /// `scope` as sent (`{"type":"default"}` when absent).
    pub scope: Value,
    /// `language_code`, if given.
    pub language_code: Option<String>,
    /// `(command, description)` pairs in order.
    pub commands: Vec<(String, String)>,
}

/// An error the fake answers with instead of executing a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FakeError {
    /// A Bot API error envelope: `{"ok":false,"error_code":…,"description":…}` with the HTTP
    /// status `error_code`, plus `"parameters":{"retry_after":N}` when `retry_after` is set.
    Api {
        /// HTTP status and `error_code`.
        error_code: u16,
        /// `description`, which teloxide maps to its `ApiError` variants.
        description: String,
        /// `parameters.retry_after` in seconds (teloxide: `RequestError::RetryAfter`).
        retry_after: Option<u32>,
    },
    /// Close the TCP connection without sending any HTTP response (teloxide:
    /// `RequestError::Network`).
    DropConnection,
    /// Answer 200 with a body that is not JSON: the start of a success envelope that echoes
    /// the request's parameters (so the message text), cut off — the way a broken proxy or a
    /// truncated answer looks (teloxide: `RequestError::InvalidJson`, whose `raw` holds the
    /// body). The call is not executed.
    Garbage,
}

impl FakeError {
    /// An arbitrary API error.
    pub fn api(error_code: u16, description: impl Into<String>) -> Self {
        FakeError::Api {
            error_code,
            description: description.into(),
            retry_after: None,
        }
    }

    /// 400 `Bad Request: {what}`.
    pub fn bad_request(what: &str) -> Self {
        Self::api(400, format!("Bad Request: {what}"))
    }

    /// 403 `Forbidden: bot was blocked by the user` (teloxide `ApiError::BotBlocked`).
    pub fn blocked() -> Self {
        Self::api(403, "Forbidden: bot was blocked by the user")
    }

    /// 403 `Forbidden: user is deactivated` (teloxide `ApiError::UserDeactivated`).
    pub fn user_deactivated() -> Self {
        Self::api(403, "Forbidden: user is deactivated")
    }

    /// 400 `Bad Request: chat not found` (teloxide `ApiError::ChatNotFound`).
    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    /// 400 `message is not modified` (teloxide `ApiError::MessageNotModified`).
    pub fn message_not_modified() -> Self {
        Self::api(400, NOT_MODIFIED)
    }

    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after = N` (teloxide
    /// `RequestError::RetryAfter`).
    pub fn too_many_requests(retry_after_secs: u32) -> Self {
        FakeError::Api {
            error_code: 429,
            description: format!("Too Many Requests: retry after {retry_after_secs}"),
            retry_after: Some(retry_after_secs),
        }
    }

    /// 500 `Internal Server Error`. teloxide waits 10 s after any 5xx before returning.
    pub fn server_error() -> Self {
        Self::api(500, "Internal Server Error")
    }

    /// 409 `Conflict: terminated by other getUpdates request; …`.
    pub fn conflict() -> Self {
        Self::api(409, TERMINATED_BY_OTHER)
    }

    /// Close the connection without an HTTP response (a network failure for the client).
    pub fn drop_connection() -> Self {
        FakeError::DropConnection
    }

    /// A 200 answer that is not JSON and echoes the request (see [`FakeError::Garbage`]).
    pub fn garbage() -> Self {
        FakeError::Garbage
    }

    /// The `error_code`, `None` for a dropped connection.
    pub fn error_code(&self) -> Option<u16> {
        match self {
            FakeError::Api { error_code, .. } => Some(*error_code),
            FakeError::DropConnection | FakeError::Garbage => None,
        }
    }

    /// The `description`, or `"connection dropped"`.
    pub fn description(&self) -> &str {
        match self {
            FakeError::Api { description, .. } => description,
            FakeError::DropConnection => "connection dropped",
            FakeError::Garbage => "garbage answer",
        }
    }

    fn into_response(self) -> Response {
        match self {
            FakeError::Api {
                error_code,
                description,
                retry_after,
            } => {
                let mut body = json!({ "ok": false, "error_code": error_code, "description": description });
                if let Some(secs) = retry_after {
                    body["parameters"] = json!({ "retry_after": secs });
                }
                let status = StatusCode::from_u16(error_code).unwrap_or(StatusCode::BAD_REQUEST);
                json_response(status, &body)
            }
            // Never reaches the client: the connection is killed before the response is
            // written.
            FakeError::DropConnection => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            FakeError::Garbage => garbage_response(&Value::Null),
        }
    }
}

/// `{"ok":true,"result":<echo>` without its closing brace: not JSON, but full of the request.
fn garbage_response(echo: &Value) -> Response {
    let body = format!("{{\"ok\":true,\"result\":{echo},\"date\":");
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FakeError::Api {
                error_code,
                description,
                ..
            } => write!(f, "{error_code} {description}"),
            FakeError::DropConnection => f.write_str("connection dropped"),
            FakeError::Garbage => f.write_str("garbage answer"),
        }
    }
}

/// Token-bucket rate limits for sending methods (see [`FakeTelegram::set_limits`]).
///
/// A send passes when both its chat's bucket and the global bucket hold a token; otherwise it is
/// answered with 429 and `retry_after` = seconds until a token will be available (at least 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Refill rate of each chat's bucket (messages per second).
    pub per_chat_per_sec: f64,
    /// Capacity of each chat's bucket.
    pub per_chat_burst: u32,
    /// Refill rate of the global bucket.
    pub global_per_sec: f64,
    /// Capacity of the global bucket.
    pub global_burst: u32,
    /// Counts the global limit the way Telegram does: at most `global_burst` accepted sends in
    /// any one second (a sliding window of send times) instead of a token bucket refilled at
    /// `global_per_sec`. The window is stricter: a bucket lets through up to twice its burst
    /// within one second.
    pub global_sliding_window: bool,
}

impl Limits {
    /// Telegram's limits as the shared black-box harness enforces them: 1 message/s per chat
    /// (bursts of 3 pass) and at most 30 messages in any one second overall.
    pub fn telegram() -> Self {
        Limits {
            per_chat_per_sec: 1.0,
            per_chat_burst: 3,
            global_per_sec: 30.0,
            global_burst: 30,
            global_sliding_window: true,
        }
    }
}

/// Something that happened in a chat, for printing a live transcript (see
/// [`FakeTelegram::subscribe`]). `Display` renders one line (plus indented continuation lines for
/// multi-line texts and keyboards), e.g. `[Mette → bot] /nysag Lea`.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptEvent {
    /// A user sent a text message.
    UserText {
        /// Chat id.
        chat_id: i64,
        /// Sender's first name.
        user: String,
        /// Group title, for group chats.
        group: Option<String>,
        /// The text.
        text: String,
    },
    /// A user sent a sticker, photo, voice message or other media.
    UserMedia {
        /// Chat id.
        chat_id: i64,
        /// Sender's first name.
        user: String,
        /// Group title, for group chats.
        group: Option<String>,
        /// `"sticker"`, `"photo"`, `"voice"`, …
        media: String,
    },
    /// A user pressed an inline button.
    ButtonPressed {
        /// Chat id of the message.
        chat_id: i64,
        /// Presser's first name.
        user: String,
        /// Message the button belongs to.
        message_id: i64,
        /// `callback_data`.
        data: String,
        /// The button's label, if the fake knows the message and button.
        label: Option<String>,
    },
    /// A user blocked or unblocked the bot (`my_chat_member` update).
    UserBlockedBot {
        /// Chat id.
        chat_id: i64,
        /// The user's first name.
        user: String,
        /// `true` for blocking, `false` for unblocking.
        blocked: bool,
    },
    /// An update injected with [`FakeTelegram::inject_raw`] or [`FakeTelegram::inject_duplicate`].
    RawUpdate {
        /// Its `update_id`.
        update_id: i64,
        /// `true` for a re-delivery of an earlier update.
        duplicate: bool,
    },
    /// The bot sent a text message.
    BotText {
        /// Chat id.
        chat_id: i64,
        /// Recipient name (user first name or group title, `chat N` if unknown).
        to: String,
        /// Message id.
        message_id: i64,
        /// Visible text.
        text: String,
        /// Inline keyboard.
        buttons: Vec<Vec<Button>>,
    },
    /// The bot sent a photo or document.
    BotFile {
        /// Chat id.
        chat_id: i64,
        /// Recipient name.
        to: String,
        /// Message id.
        message_id: i64,
        /// Photo or document.
        kind: MessageKind,
        /// File name, if any.
        file_name: Option<String>,
        /// Size in bytes.
        len: usize,
        /// Visible caption.
        caption: String,
        /// Inline keyboard.
        buttons: Vec<Vec<Button>>,
    },
    /// The bot edited a message (text, caption or keyboard).
    BotEdit {
        /// Chat id.
        chat_id: i64,
        /// Recipient name.
        to: String,
        /// Message id.
        message_id: i64,
        /// New visible text or caption.
        text: String,
        /// New inline keyboard.
        buttons: Vec<Vec<Button>>,
    },
    /// The bot deleted a message.
    BotDelete {
        /// Chat id.
        chat_id: i64,
        /// Recipient name.
        to: String,
        /// Message id.
        message_id: i64,
    },
    /// The bot answered a button press.
    BotCallbackAnswer {
        /// Name of the user who pressed (if known).
        to: String,
        /// Toast / alert text.
        text: Option<String>,
        /// Alert instead of toast.
        show_alert: bool,
    },
    /// A sending or editing call was refused (blocked chat, rate limit, injected failure,
    /// validation error).
    Refused {
        /// Target chat, if the call named one.
        chat_id: Option<i64>,
        /// Recipient name (or `-`).
        to: String,
        /// Method name.
        method: String,
        /// The error.
        error: FakeError,
    },
}

impl TranscriptEvent {
    /// The chat the event belongs to (`None` for raw updates and callback answers).
    pub fn chat_id(&self) -> Option<i64> {
        match self {
            TranscriptEvent::UserText { chat_id, .. }
            | TranscriptEvent::UserMedia { chat_id, .. }
            | TranscriptEvent::ButtonPressed { chat_id, .. }
            | TranscriptEvent::UserBlockedBot { chat_id, .. }
            | TranscriptEvent::BotText { chat_id, .. }
            | TranscriptEvent::BotFile { chat_id, .. }
            | TranscriptEvent::BotEdit { chat_id, .. }
            | TranscriptEvent::BotDelete { chat_id, .. } => Some(*chat_id),
            TranscriptEvent::Refused { chat_id, .. } => *chat_id,
            TranscriptEvent::RawUpdate { .. } | TranscriptEvent::BotCallbackAnswer { .. } => None,
        }
    }

    /// `true` for events caused by the bot (sends, edits, answers, refusals).
    pub fn is_from_bot(&self) -> bool {
        matches!(
            self,
            TranscriptEvent::BotText { .. }
                | TranscriptEvent::BotFile { .. }
                | TranscriptEvent::BotEdit { .. }
                | TranscriptEvent::BotDelete { .. }
                | TranscriptEvent::BotCallbackAnswer { .. }
                | TranscriptEvent::Refused { .. }
        )
    }
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n    ")
}

fn write_buttons(f: &mut fmt::Formatter<'_>, rows: &[Vec<Button>]) -> fmt::Result {
    for row in rows.iter().filter(|r| !r.is_empty()) {
        f.write_str("\n   ")?;
        for b in row {
            write!(f, " [ {} ]", b.text)?;
        }
    }
    Ok(())
}

fn who(user: &str, group: &Option<String>) -> String {
    match group {
        Some(g) => format!("{user} @ {g}"),
        None => user.to_owned(),
    }
}

impl fmt::Display for TranscriptEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TranscriptEvent::UserText {
                user, group, text, ..
            } => {
                write!(f, "[{} → bot] {}", who(user, group), indent(text))
            }
            TranscriptEvent::UserMedia {
                user, group, media, ..
            } => {
                write!(f, "[{} → bot] <{media}>", who(user, group))
            }
            TranscriptEvent::ButtonPressed {
                user, data, label, ..
            } => match label {
                Some(label) => write!(f, "[{user} → bot] pressed [ {label} ]"),
                None => write!(f, "[{user} → bot] pressed a button (data {data:?})"),
            },
            TranscriptEvent::UserBlockedBot { user, blocked, .. } => {
                let what = if *blocked { "blocked" } else { "unblocked" };
                write!(f, "[{user} → bot] <{what} the bot>")
            }
            TranscriptEvent::RawUpdate { update_id, duplicate } => {
                if *duplicate {
                    write!(f, "[telegram → bot] <update {update_id} delivered again>")
                } else {
                    write!(f, "[telegram → bot] <raw update {update_id}>")
                }
            }
            TranscriptEvent::BotText {
                to, text, buttons, ..
            } => {
                write!(f, "[bot → {to}] {}", indent(text))?;
                write_buttons(f, buttons)
            }
            TranscriptEvent::BotFile {
                to,
                kind,
                file_name,
                len,
                caption,
                buttons,
                ..
            } => {
                let name = file_name
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .unwrap_or("unnamed");
                write!(f, "[bot → {to}] <{kind} {name}, {len} bytes>")?;
                if !caption.is_empty() {
                    write!(f, " {}", indent(caption))?;
                }
                write_buttons(f, buttons)
            }
            TranscriptEvent::BotEdit {
                to,
                message_id,
                text,
                buttons,
                ..
            } => {
                write!(f, "[bot → {to}] (edited #{message_id}) {}", indent(text))?;
                write_buttons(f, buttons)
            }
            TranscriptEvent::BotDelete { to, message_id, .. } => {
                write!(f, "[bot → {to}] (deleted #{message_id})")
            }
            TranscriptEvent::BotCallbackAnswer { to, text, show_alert } => match text {
                Some(text) if !text.is_empty() => {
                    let how = if *show_alert { "alert" } else { "toast" };
                    write!(f, "[bot → {to}] ({how}) {}", indent(text))
                }
                _ => write!(f, "[bot → {to}] (button acknowledged)"),
            },
            TranscriptEvent::Refused {
                to, method, error, ..
            } => {
                write!(f, "[bot ✗ {to}] {method} refused: {error}")
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The server handle
// ---------------------------------------------------------------------------------------------

/// Configures a [`FakeTelegram`] before starting it.
#[derive(Debug, Clone)]
pub struct FakeTelegramBuilder {
    bot_id: i64,
    bot_first_name: String,
    bot_username: String,
    strict_formatting: bool,
}

impl Default for FakeTelegramBuilder {
    fn default() -> Self {
        Self {
            bot_id: DEFAULT_BOT_ID,
            bot_first_name: DEFAULT_BOT_FIRST_NAME.to_owned(),
            bot_username: DEFAULT_BOT_USERNAME.to_owned(),
            strict_formatting: true,
        }
    }
}

impl FakeTelegramBuilder {
    /// The bot's user id (default [`DEFAULT_BOT_ID`]).
    #[must_use]
    pub fn bot_id(mut self, id: i64) -> Self {
        self.bot_id = id;
        self
    }

    /// The bot's first name (default [`DEFAULT_BOT_FIRST_NAME`]).
    #[must_use]
    pub fn bot_first_name(mut self, name: impl Into<String>) -> Self {
        self.bot_first_name = name.into();
        self
    }

    /// The bot's username without `@` (default [`DEFAULT_BOT_USERNAME`]).
    #[must_use]
    pub fn bot_username(mut self, username: impl Into<String>) -> Self {
        self.bot_username = username.into();
        self
    }

    /// Whether `parse_mode` texts are checked like Telegram does (default `true`). When off, a
    /// text that does not parse is stored as sent instead of being refused.
    #[must_use]
    pub fn strict_formatting(mut self, strict: bool) -> Self {
        self.strict_formatting = strict;
        self
    }

    /// Binds `127.0.0.1:0` and spawns the server on the current tokio runtime.
    pub async fn start(self) -> io::Result<FakeTelegram> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let identity = BotIdentity {
            id: self.bot_id,
            first_name: self.bot_first_name,
            username: self.bot_username,
        };
        let (version, _) = watch::channel(0u64);
        let (transcript, _) = broadcast::channel(TRANSCRIPT_CAPACITY);
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(identity, self.strict_formatting)),
            version,
            transcript,
            shutdown,
        });

        let app = Router::new()
            .fallback(handle_request)
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(Arc::clone(&shared));
        let mut stop = shared.shutdown.subscribe();
        let server = axum::serve(
            FakeListener { inner: listener },
            app.into_make_service_with_connect_info::<ConnMeta>(),
        )
        .with_graceful_shutdown(async move {
            // An error means the sender is gone, which also means: stop.
            let _ = stop.wait_for(|stopped| *stopped).await;
        });
        let task = tokio::spawn(async move {
            if let Err(err) = server.await {
                tracing::warn!(%err, "fake Telegram server stopped with an error");
            }
        });
        tracing::debug!(%addr, "fake Telegram server listening");

        let guard = Arc::new(ServerGuard {
            shared: Arc::clone(&shared),
            task: Mutex::new(Some(task)),
        });
        Ok(FakeTelegram { shared, guard, addr })
    }
}

/// A running fake Telegram Bot API server. See the [module documentation](self).
///
/// Cloning is cheap; all clones control the same server, which stops when the last clone is
/// dropped.
#[derive(Clone)]
pub struct FakeTelegram {
    shared: Arc<Shared>,
    guard: Arc<ServerGuard>,
    addr: SocketAddr,
}

impl fmt::Debug for FakeTelegram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeTelegram")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FakeTelegram {
    /// Starts a fake server with the default bot identity.
    pub async fn start() -> io::Result<FakeTelegram> {
        FakeTelegramBuilder::default().start().await
    }

    /// A builder to configure the bot identity or formatting checks.
    pub fn builder() -> FakeTelegramBuilder {
        FakeTelegramBuilder::default()
    }

    /// The base URL to give the client, `http://127.0.0.1:PORT/` (for teloxide:
    /// `Bot::new(token).set_api_url(fake.api_url().parse()?)`).
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The socket address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> i64 {
        self.shared.lock().identity.id
    }

    /// The bot's username (without `@`).
    pub fn bot_username(&self) -> String {
        self.shared.lock().identity.username.clone()
    }

    /// Stops the server: waiting `getUpdates` calls return at once, new connections are refused.
    /// Waits (at most 5 s) for the server task to finish. Dropping the last handle also stops the
    /// server, without waiting.
    pub async fn shutdown(&self) {
        self.shared.shutdown.send_replace(true);
        self.shared.bump();
        let task = lock_ignoring_poison(&self.guard.task).take();
        if let Some(mut task) = task
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            tracing::warn!("fake Telegram server did not stop within 5 s; aborting it");
            task.abort();
        }
    }

    // --- recording ------------------------------------------------------------------------

    /// Every call received so far, oldest first.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.shared.lock().calls.clone()
    }

    /// Calls to one method (case-insensitive, `"sendMessage"` and `"SendMessage"` are equal).
    pub fn calls_to(&self, method: &str) -> Vec<RecordedCall> {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .cloned()
            .collect()
    }

    /// Forgets the recorded calls (messages and other state are kept).
    pub fn clear_calls(&self) {
        let mut st = self.shared.lock();
        st.calls.clear();
        self.shared.commit(st);
    }

    /// Messages the bot sent to a chat (including deleted ones), oldest first.
    pub fn messages_to(&self, chat_id: i64) -> Vec<SentMessage> {
        self.shared
            .lock()
            .messages
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// The latest message the bot sent to a chat.
    pub fn last_message_to(&self, chat_id: i64) -> Option<SentMessage> {
        self.shared
            .lock()
            .messages
            .iter()
            .rev()
            .find(|m| m.chat_id == chat_id)
            .cloned()
    }

    /// One message by chat and message id.
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<SentMessage> {
        let st = self.shared.lock();
        st.find_message(chat_id, message_id)
            .map(|i| st.messages[i].clone())
    }

    /// All messages the bot sent, in sending order.
    pub fn all_messages(&self) -> Vec<SentMessage> {
        self.shared.lock().messages.clone()
    }

    /// The highest [`SentMessage::seq`] so far (0 before the first message). Take it as a mark
    /// before an action, then wait for `m.seq > mark`.
    pub fn message_seq(&self) -> u64 {
        self.shared.lock().message_seq
    }

    /// Answers the bot gave to button presses, oldest first.
    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.shared
            .lock()
            .callbacks
            .iter()
            .flat_map(|c| c.answers.iter().cloned())
            .collect()
    }

    /// Ids of callback queries (button presses) the bot has not answered yet.
    pub fn unanswered_callback_queries(&self) -> Vec<String> {
        self.shared
            .lock()
            .callbacks
            .iter()
            .filter(|c| c.answers.is_empty())
            .map(|c| c.id.clone())
            .collect()
    }

    /// The webhook URL set with `setWebhook`, if any.
    pub fn webhook_url(&self) -> Option<String> {
        self.shared.lock().webhook.clone()
    }

    /// Command lists stored with `setMyCommands`.
    pub fn my_commands(&self) -> Vec<CommandSet> {
        self.shared.lock().commands.values().cloned().collect()
    }

    /// Number of updates injected but not yet confirmed by the bot.
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().queue.len()
    }

    // --- user actions ---------------------------------------------------------------------

    /// Makes the fake know a user (name in transcripts, chat details in messages) without
    /// sending anything, e.g. before the bot writes to them first.
    pub fn remember_user(&self, user: &FakeUser) {
        let mut st = self.shared.lock();
        st.remember_user(user);
        self.shared.commit(st);
    }

    /// Gives a group chat a title (default `Group {chat_id}`).
    pub fn set_group_title(&self, chat_id: i64, title: impl Into<String>) {
        let mut st = self.shared.lock();
        st.chats.insert(chat_id, ChatInfo::Group { title: title.into() });
        self.shared.commit(st);
    }

    /// The user writes `text` in their private chat with the bot. A leading `/command` gets a
    /// `bot_command` entity like on Telegram (teloxide itself parses commands from the text
    /// alone). Returns the `update_id`.
    pub fn send_text(&self, user: &FakeUser, text: &str) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        let content = text_content(text);
        let event = TranscriptEvent::UserText {
            chat_id: user.id,
            user: user.first_name.clone(),
            group: None,
            text: text.to_owned(),
        };
        let id = st.inject_user_message(user.id, user, content, event);
        self.shared.commit(st);
        id
    }

    /// The user writes `text` in a group chat (`chat_id` should be negative; type `group`, or
    /// `supergroup` for `-100…` ids). Returns the `update_id`.
    pub fn send_group_text(&self, chat_id: i64, user: &FakeUser, text: &str) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        st.ensure_group(chat_id);
        let content = text_content(text);
        let event = TranscriptEvent::UserText {
            chat_id,
            user: user.first_name.clone(),
            group: Some(st.chat_name(chat_id)),
            text: text.to_owned(),
        };
        let id = st.inject_user_message(chat_id, user, content, event);
        self.shared.commit(st);
        id
    }

    /// The user sends a sticker (👍) in their private chat. Returns the `update_id`.
    pub fn send_sticker(&self, user: &FakeUser) -> i64 {
        self.send_media(user, "sticker", |n| {
            json!({ "sticker": {
                "file_id": format!("fake-sticker-{n}"), "file_unique_id": format!("fake-sticker-u{n}"),
                "width": 512, "height": 512, "is_animated": false, "is_video": false,
                "type": "regular", "emoji": "👍", "set_name": "FakeStickers", "file_size": 12345
            }})
        })
    }

    /// The user sends a photo (two sizes, no caption) in their private chat. Returns the
    /// `update_id`.
    pub fn send_photo(&self, user: &FakeUser) -> i64 {
        self.send_media(user, "photo", |n| {
            json!({ "photo": [
                { "file_id": format!("fake-photo-{n}-s"), "file_unique_id": format!("fake-photo-u{n}-s"), "width": 90, "height": 67, "file_size": 1200 },
                { "file_id": format!("fake-photo-{n}"), "file_unique_id": format!("fake-photo-u{n}"), "width": 800, "height": 600, "file_size": 54321 }
            ]})
        })
    }

    /// The user sends a photo with a caption in their private chat. Returns the `update_id`.
    pub fn send_photo_with_caption(&self, user: &FakeUser, caption: &str) -> i64 {
        let caption = caption.to_owned();
        self.send_media(user, "photo", move |n| {
            json!({ "caption": caption, "photo": [
                { "file_id": format!("fake-photo-{n}"), "file_unique_id": format!("fake-photo-u{n}"), "width": 800, "height": 600, "file_size": 54321 }
            ]})
        })
    }

    /// The user edits a text message they sent earlier (`message_id` as returned in the
    /// transcript, or any id): Telegram sends an `edited_message` update with the new text.
    /// Returns the `update_id`.
    pub fn edit_user_text(&self, user: &FakeUser, message_id: i64, text: &str) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        let mut msg = json!({
            "message_id": message_id,
            "from": user.to_json(),
            "chat": st.chat_json(user.id),
            "date": unix_now(),
            "edit_date": unix_now(),
        });
        if let Value::Object(map) = &mut msg {
            map.extend(text_content(text));
        }
        let id = st.push_update("edited_message", msg);
        st.outbox.push(TranscriptEvent::UserText {
            chat_id: user.id,
            user: user.first_name.clone(),
            group: None,
            text: format!("(edited) {text}"),
        });
        self.shared.commit(st);
        id
    }

    /// The user sends a 3-second voice message in their private chat. Returns the `update_id`.
    pub fn send_voice(&self, user: &FakeUser) -> i64 {
        self.send_media(user, "voice", |n| {
            json!({ "voice": {
                "file_id": format!("fake-voice-{n}"), "file_unique_id": format!("fake-voice-u{n}"),
                "duration": 3, "mime_type": "audio/ogg", "file_size": 4321
            }})
        })
    }

    fn send_media(&self, user: &FakeUser, media: &str, content: impl FnOnce(u64) -> Value) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        st.file_counter += 1;
        let content = match content(st.file_counter) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let event = TranscriptEvent::UserMedia {
            chat_id: user.id,
            user: user.first_name.clone(),
            group: None,
            media: media.to_owned(),
        };
        let id = st.inject_user_message(user.id, user, content, event);
        self.shared.commit(st);
        id
    }

    /// The user presses an inline button with `callback_data` on message `message_id` in their
    /// private chat. The `callback_query` carries the stored bot message (current version) like
    /// Telegram does; for an unknown message it carries an inaccessible message (`date` 0). The
    /// button does not have to exist. Returns the `update_id`.
    pub fn press_button(&self, user: &FakeUser, message_id: i64, callback_data: &str) -> i64 {
        self.press_button_in(user.id, user, message_id, callback_data)
    }

    /// Like [`FakeTelegram::press_button`] for a message in any chat (e.g. a group).
    pub fn press_button_in(
        &self,
        chat_id: i64,
        user: &FakeUser,
        message_id: i64,
        callback_data: &str,
    ) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        let id = st.inject_callback(chat_id, user, message_id, callback_data);
        self.shared.commit(st);
        id
    }

    /// The user blocks the bot: the chat is blocked (sends answer 403) and a `my_chat_member`
    /// update (member → kicked) is queued, as Telegram does. Returns the `update_id`.
    pub fn user_blocks_bot(&self, user: &FakeUser) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        st.blocked.insert(user.id);
        let id = st.inject_member_change(user, true);
        self.shared.commit(st);
        id
    }

    /// The user unblocks (restarts) the bot: the block is lifted and a `my_chat_member` update
    /// (kicked → member) is queued. Returns the `update_id`.
    pub fn user_unblocks_bot(&self, user: &FakeUser) -> i64 {
        let mut st = self.shared.lock();
        st.remember_user(user);
        st.blocked.remove(&user.id);
        let id = st.inject_member_change(user, false);
        self.shared.commit(st);
        id
    }

    /// Queues an arbitrary update, e.g. a malformed one. An object keeps its `update_id` if it
    /// has an integer one, otherwise gets the next id. A non-object is wrapped as
    /// `{"update_id": N, "unknown_update": value}` so that the batch stays parseable (a
    /// non-object in the result array would make teloxide reject the whole batch forever).
    /// `callback_query.id`s are registered so that answering them works. Returns the
    /// `update_id`.
    pub fn inject_raw(&self, update: Value) -> i64 {
        let mut st = self.shared.lock();
        let id = st.inject_raw(update);
        st.outbox.push(TranscriptEvent::RawUpdate {
            update_id: id,
            duplicate: false,
        });
        self.shared.commit(st);
        id
    }

    /// Delivers an earlier update again, byte for byte (at-least-once delivery). The copy is
    /// delivered on the next `getUpdates` whatever the offset, then confirmed by any later
    /// offset above its id. Returns `None` if no update with that id was ever injected.
    pub fn inject_duplicate(&self, update_id: i64) -> Option<i64> {
        let mut st = self.shared.lock();
        let update = st.history.get(&update_id)?.clone();
        st.enqueue(QueuedUpdate {
            id: update_id,
            update,
            duplicate: true,
            delivered: false,
        });
        st.outbox.push(TranscriptEvent::RawUpdate {
            update_id,
            duplicate: true,
        });
        self.shared.commit(st);
        Some(update_id)
    }

    // --- waiting --------------------------------------------------------------------------

    /// Waits until a message in `chat_id` satisfies `pred` (messages already there count; the
    /// current, edited state is tested) and returns the first such message in sending order.
    /// `None` on timeout.
    pub async fn wait_for_message(
        &self,
        chat_id: i64,
        pred: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> Option<SentMessage> {
        self.wait_state(timeout, |st| {
            st.messages
                .iter()
                .find(|m| m.chat_id == chat_id && pred(m))
                .cloned()
        })
        .await
    }

    /// Waits until a recorded call to `method` (case-insensitive) satisfies `pred` (calls already
    /// recorded count) and returns the first such call. `None` on timeout.
    pub async fn wait_for_call(
        &self,
        method: &str,
        pred: impl Fn(&RecordedCall) -> bool,
        timeout: Duration,
    ) -> Option<RecordedCall> {
        self.wait_state(timeout, |st| {
            st.calls
                .iter()
                .find(|c| c.method.eq_ignore_ascii_case(method) && pred(c))
                .cloned()
        })
        .await
    }

    /// Waits until every injected update has been confirmed by a `getUpdates` offset (the bot
    /// has taken them all). `false` on timeout.
    pub async fn wait_until_updates_confirmed(&self, timeout: Duration) -> bool {
        self.wait_state(timeout, |st| st.queue.is_empty().then_some(()))
            .await
            .is_some()
    }

    /// Waits until `cond` holds; `cond` may call any method of this handle. Re-checked after
    /// every change. `false` on timeout.
    pub async fn wait_until(&self, cond: impl Fn(&FakeTelegram) -> bool, timeout: Duration) -> bool {
        let deadline = deadline_after(timeout);
        let mut rx = self.shared.version.subscribe();
        loop {
            rx.borrow_and_update();
            if cond(self) {
                return true;
            }
            tokio::select! {
                changed = rx.changed() => if changed.is_err() { return cond(self) },
                () = tokio::time::sleep_until(deadline) => return cond(self),
            }
        }
    }

    async fn wait_state<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&State) -> Option<T>,
    ) -> Option<T> {
        let deadline = deadline_after(timeout);
        let mut rx = self.shared.version.subscribe();
        loop {
            rx.borrow_and_update();
            let found = {
                let st = self.shared.lock();
                check(&st)
            };
            if found.is_some() {
                return found;
            }
            tokio::select! {
                changed = rx.changed() => if changed.is_err() { break },
                () = tokio::time::sleep_until(deadline) => break,
            }
        }
        let st = self.shared.lock();
        check(&st)
    }

    // --- failure injection ----------------------------------------------------------------

    /// The next `times` calls to `method` (case-insensitive; `"*"` for any method) fail with
    /// `error` (`times` = 0 does nothing). Rules are checked in the order they were added; the
    /// first that fires wins. Blocked chats and rate limits are checked after these rules.
    pub fn fail_next(&self, method: &str, times: u32, error: FakeError) {
        if times == 0 {
            return;
        }
        let mut st = self.shared.lock();
        st.failures.push(FailureRule {
            method: method.to_ascii_lowercase(),
            mode: FailMode::Next { remaining: times },
            error,
        });
        self.shared.commit(st);
    }

    /// Every `n`-th call to `method` (`"*"` for any) fails with `error`, counted from now (`n` of
    /// 0 or 1 fails every call).
    pub fn fail_every_nth(&self, method: &str, n: u32, error: FakeError) {
        let mut st = self.shared.lock();
        st.failures.push(FailureRule {
            method: method.to_ascii_lowercase(),
            mode: FailMode::EveryNth { n: n.max(1), seen: 0 },
            error,
        });
        self.shared.commit(st);
    }

    /// Removes all `fail_next` / `fail_every_nth` rules (blocked chats and limits stay).
    pub fn clear_failures(&self) {
        let mut st = self.shared.lock();
        st.failures.clear();
        self.shared.commit(st);
    }

    /// Every call naming `chat_id` (sends, edits, deletes, chat actions) answers 403
    /// `Forbidden: bot was blocked by the user` until [`FakeTelegram::unblock_chat`].
    pub fn block_chat(&self, chat_id: i64) {
        let mut st = self.shared.lock();
        st.blocked.insert(chat_id);
        self.shared.commit(st);
    }

    /// Lifts [`FakeTelegram::block_chat`].
    pub fn unblock_chat(&self, chat_id: i64) {
        let mut st = self.shared.lock();
        st.blocked.remove(&chat_id);
        self.shared.commit(st);
    }

    /// Enables (or with `None` disables) rate limiting of the sending methods (`send*` except
    /// `sendChatAction`; edits are not limited). Buckets start full. Refused sends answer 429
    /// with `retry_after`, are counted by [`FakeTelegram::rate_limited_count`] and create no
    /// message.
    pub fn set_limits(&self, limits: Option<Limits>) {
        let mut st = self.shared.lock();
        st.limits = limits;
        st.chat_buckets.clear();
        st.global_bucket = None;
        st.global_window.clear();
        self.shared.commit(st);
    }

    /// How many sends were refused by the rate limits.
    pub fn rate_limited_count(&self) -> u64 {
        self.shared.lock().rate_limited
    }

    // --- transcript -----------------------------------------------------------------------

    /// A live feed of chat events (user → bot and bot → user) from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<TranscriptEvent> {
        self.shared.transcript.subscribe()
    }
}

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct BotIdentity {
    id: i64,
    first_name: String,
    username: String,
}

impl BotIdentity {
    fn user_json(&self) -> Value {
        json!({ "id": self.id, "is_bot": true, "first_name": self.first_name, "username": self.username })
    }

    fn get_me_json(&self) -> Value {
        json!({
            "id": self.id, "is_bot": true, "first_name": self.first_name, "username": self.username,
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })
    }
}

struct Shared {
    state: Mutex<State>,
    /// Bumped after every change; waiters and long polls watch it.
    version: watch::Sender<u64>,
    transcript: broadcast::Sender<TranscriptEvent>,
    shutdown: watch::Sender<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        lock_ignoring_poison(&self.state)
    }

    fn bump(&self) {
        self.version.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// Publishes queued transcript events (in order, while still holding the lock), unlocks and
    /// wakes every waiter.
    fn commit(&self, mut st: MutexGuard<'_, State>) {
        for event in st.outbox.drain(..) {
            // No subscribers is fine.
            let _ = self.transcript.send(event);
        }
        drop(st);
        self.bump();
    }
}

fn lock_ignoring_poison<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Held only by [`FakeTelegram`] handles (not by the server task), so that dropping the last
/// handle stops the server.
struct ServerGuard {
    shared: Arc<Shared>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.shared.shutdown.send_replace(true);
        self.shared.bump();
    }
}

enum ChatInfo {
    Private {
        first_name: String,
        username: Option<String>,
    },
    Group {
        title: String,
    },
}

struct QueuedUpdate {
    id: i64,
    update: Value,
    /// Re-delivery injected with `inject_duplicate`: delivered regardless of the offset.
    duplicate: bool,
    delivered: bool,
}

struct CallbackRecord {
    id: String,
    chat_id: Option<i64>,
    user_name: String,
    answers: Vec<CallbackAnswer>,
}

enum FailMode {
    Next { remaining: u32 },
    EveryNth { n: u32, seen: u32 },
}

struct FailureRule {
    /// Lower-case method name or `*`.
    method: String,
    mode: FailMode,
    error: FakeError,
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn full(burst: u32, now: Instant) -> Self {
        Bucket {
            tokens: f64::from(burst.max(1)),
            last: now,
        }
    }

    fn refill(&mut self, rate: f64, burst: u32, now: Instant) {
        let capacity = f64::from(burst.max(1));
        if rate.is_finite() && rate > 0.0 {
            let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
            self.tokens = (self.tokens + elapsed * rate).min(capacity);
        } else if rate.is_infinite() && rate > 0.0 {
            self.tokens = capacity;
        }
        self.last = now;
    }

    /// Seconds until one token is available (at least 1).
    fn retry_after(&self, rate: f64) -> u32 {
        if !(rate.is_finite() && rate > 0.0) {
            return 60;
        }
        let secs = ((1.0 - self.tokens).max(0.0) / rate).ceil();
        if secs.is_finite() {
            (secs as u32).max(1)
        } else {
            60
        }
    }
}

struct State {
    identity: BotIdentity,
    strict_formatting: bool,
    calls: Vec<RecordedCall>,
    call_seq: u64,
    /// Pending updates, sorted by id (duplicates after the original).
    queue: Vec<QueuedUpdate>,
    /// Every update ever injected, for `inject_duplicate`.
    history: BTreeMap<i64, Value>,
    next_update_id: i64,
    poll_generation: u64,
    chats: HashMap<i64, ChatInfo>,
    /// Next message id per chat (shared by user and bot messages).
    next_message_id: HashMap<i64, i64>,
    messages: Vec<SentMessage>,
    message_index: HashMap<(i64, i64), usize>,
    message_seq: u64,
    callbacks: Vec<CallbackRecord>,
    callback_counter: u64,
    file_counter: u64,
    webhook: Option<String>,
    commands: BTreeMap<String, CommandSet>,
    failures: Vec<FailureRule>,
    blocked: HashSet<i64>,
    limits: Option<Limits>,
    chat_buckets: HashMap<i64, Bucket>,
    global_bucket: Option<Bucket>,
    /// Accepted send times of the last second (with [`Limits::global_sliding_window`]).
    global_window: VecDeque<Instant>,
    rate_limited: u64,
    outbox: Vec<TranscriptEvent>,
}

/// `now + timeout`, capped at a year so that huge timeouts cannot overflow.
fn deadline_after(timeout: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(timeout.min(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(now)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `text` plus a `bot_command` entity for a leading `/command`.
fn text_content(text: &str) -> Map<String, Value> {
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    if text.starts_with('/') {
        let command = text.split(char::is_whitespace).next().unwrap_or(text);
        if command.len() > 1 {
            content.insert(
                "entities".into(),
                json!([{ "type": "bot_command", "offset": 0, "length": utf16_len(command) }]),
            );
        }
    }
    content
}

impl State {
    fn new(identity: BotIdentity, strict_formatting: bool) -> Self {
        State {
            identity,
            strict_formatting,
            calls: Vec::new(),
            call_seq: 0,
            queue: Vec::new(),
            history: BTreeMap::new(),
            next_update_id: 1,
            poll_generation: 0,
            chats: HashMap::new(),
            next_message_id: HashMap::new(),
            messages: Vec::new(),
            message_index: HashMap::new(),
            message_seq: 0,
            callbacks: Vec::new(),
            callback_counter: 0,
            file_counter: 0,
            webhook: None,
            commands: BTreeMap::new(),
            failures: Vec::new(),
            blocked: HashSet::new(),
            limits: None,
            chat_buckets: HashMap::new(),
            global_bucket: None,
            global_window: VecDeque::new(),
            rate_limited: 0,
            outbox: Vec::new(),
        }
    }

    // --- chats ----------------------------------------------------------------------------

    fn remember_user(&mut self, user: &FakeUser) {
        self.chats.insert(
            user.id,
            ChatInfo::Private {
                first_name: user.first_name.clone(),
                username: user.username.clone(),
            },
        );
    }

    fn ensure_group(&mut self, chat_id: i64) {
        self.chats.entry(chat_id).or_insert_with(|| ChatInfo::Group {
            title: format!("Group {chat_id}"),
        });
    }

    fn chat_name(&self, chat_id: i64) -> String {
        match self.chats.get(&chat_id) {
            Some(ChatInfo::Private { first_name, .. }) => first_name.clone(),
            Some(ChatInfo::Group { title }) => title.clone(),
            None => format!("chat {chat_id}"),
        }
    }

    fn chat_json(&self, chat_id: i64) -> Value {
        match self.chats.get(&chat_id) {
            Some(ChatInfo::Private { first_name, username }) => {
                let mut chat = json!({ "id": chat_id, "type": "private", "first_name": first_name });
                if let Some(username) = username {
                    chat["username"] = json!(username);
                }
                chat
            }
            Some(ChatInfo::Group { title }) => group_chat_json(chat_id, title),
            None if chat_id > 0 => {
                json!({ "id": chat_id, "type": "private", "first_name": format!("User {chat_id}") })
            }
            None => group_chat_json(chat_id, &format!("Group {chat_id}")),
        }
    }

    fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let next = self.next_message_id.entry(chat_id).or_insert(1);
        let id = *next;
        *next = next.saturating_add(1);
        id
    }

    fn find_message(&self, chat_id: i64, message_id: i64) -> Option<usize> {
        self.message_index.get(&(chat_id, message_id)).copied()
    }

    fn message_json(&self, m: &SentMessage) -> Value {
        let mut msg = json!({
            "message_id": m.message_id,
            "from": self.identity.user_json(),
            "chat": self.chat_json(m.chat_id),
            "date": m.date,
        });
        if let Some(edit_date) = m.edit_date {
            msg["edit_date"] = json!(edit_date);
        }
        match m.kind {
            MessageKind::Text => msg["text"] = json!(m.text),
            MessageKind::Photo => {
                if let Some(file) = &m.file {
                    let (w, h) = file.dimensions.unwrap_or((800, 600));
                    let (sw, sh) = (w.min(90), h.min(90));
                    msg["photo"] = json!([
                        { "file_id": format!("{}-s", file.file_id), "file_unique_id": format!("{}-us", file.file_id), "width": sw, "height": sh, "file_size": file.len.min(1000) },
                        { "file_id": file.file_id, "file_unique_id": format!("{}-u", file.file_id), "width": w, "height": h, "file_size": file.len }
                    ]);
                }
            }
            MessageKind::Document => {
                if let Some(file) = &m.file {
                    let mut doc = json!({ "file_id": file.file_id, "file_unique_id": format!("{}-u", file.file_id), "file_size": file.len });
                    if let Some(name) = &file.file_name {
                        doc["file_name"] = json!(name);
                    }
                    if let Some(ct) = &file.content_type {
                        doc["mime_type"] = json!(ct);
                    }
                    msg["document"] = doc;
                }
            }
        }
        if m.kind != MessageKind::Text && !m.text.is_empty() {
            msg["caption"] = json!(m.text);
        }
        if let Some(markup) = m
            .reply_markup
            .as_ref()
            .filter(|rm| rm.get("inline_keyboard").is_some())
        {
            msg["reply_markup"] = markup.clone();
        }
        msg
    }

    // --- updates --------------------------------------------------------------------------

    fn enqueue(&mut self, entry: QueuedUpdate) {
        let pos = self.queue.partition_point(|q| q.id <= entry.id);
        self.queue.insert(pos, entry);
    }

    fn push_update(&mut self, kind: &str, payload: Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id = self.next_update_id.saturating_add(1);
        let mut update = Map::new();
        update.insert("update_id".into(), json!(id));
        update.insert(kind.into(), payload);
        let update = Value::Object(update);
        self.history.insert(id, update.clone());
        self.enqueue(QueuedUpdate {
            id,
            update,
            duplicate: false,
            delivered: false,
        });
        id
    }

    fn inject_user_message(
        &mut self,
        chat_id: i64,
        user: &FakeUser,
        content: Map<String, Value>,
        event: TranscriptEvent,
    ) -> i64 {
        let message_id = self.next_message_id(chat_id);
        let mut msg = json!({
            "message_id": message_id,
            "from": user.to_json(),
            "chat": self.chat_json(chat_id),
            "date": unix_now(),
        });
        if let Value::Object(map) = &mut msg {
            map.extend(content);
        }
        let id = self.push_update("message", msg);
        self.outbox.push(event);
        id
    }

    fn inject_callback(&mut self, chat_id: i64, user: &FakeUser, message_id: i64, data: &str) -> i64 {
        self.callback_counter += 1;
        let query_id = format!("{}", 4_000_000_000_000_000u64 + self.callback_counter);
        let (message, label) = match self.find_message(chat_id, message_id) {
            Some(i) => {
                let m = &self.messages[i];
                let label = m
                    .all_buttons()
                    .find(|b| b.callback_data.as_deref() == Some(data))
                    .map(|b| b.text.clone());
                (self.message_json(m), label)
            }
            None => (
                json!({ "chat": self.chat_json(chat_id), "message_id": message_id, "date": 0 }),
                None,
            ),
        };
        let payload = json!({
            "id": query_id,
            "from": user.to_json(),
            "message": message,
            "chat_instance": format!("{}", chat_id.unsigned_abs().wrapping_mul(7919)),
            "data": data,
        });
        self.callbacks.push(CallbackRecord {
            id: query_id,
            chat_id: Some(chat_id),
            user_name: user.first_name.clone(),
            answers: Vec::new(),
        });
        let id = self.push_update("callback_query", payload);
        self.outbox.push(TranscriptEvent::ButtonPressed {
            chat_id,
            user: user.first_name.clone(),
            message_id,
            data: data.to_owned(),
            label,
        });
        id
    }

    fn inject_member_change(&mut self, user: &FakeUser, blocked: bool) -> i64 {
        let bot = self.identity.user_json();
        let member = json!({ "user": bot, "status": "member" });
        let kicked = json!({ "user": bot, "status": "kicked", "until_date": 0 });
        let (old, new) = if blocked {
            (member, kicked)
        } else {
            (kicked, member)
        };
        let payload = json!({
            "chat": self.chat_json(user.id),
            "from": user.to_json(),
            "date": unix_now(),
            "old_chat_member": old,
            "new_chat_member": new,
        });
        let id = self.push_update("my_chat_member", payload);
        self.outbox.push(TranscriptEvent::UserBlockedBot {
            chat_id: user.id,
            user: user.first_name.clone(),
            blocked,
        });
        id
    }

    fn inject_raw(&mut self, update: Value) -> i64 {
        let update = match update {
            Value::Object(mut map) => {
                let id = match map.get("update_id").and_then(Value::as_i64) {
                    Some(id) => id,
                    None => {
                        let id = self.next_update_id;
                        map.insert("update_id".into(), json!(id));
                        id
                    }
                };
                if let Some(cb_id) = map
                    .get("callback_query")
                    .and_then(|c| c.get("id"))
                    .and_then(value_to_string)
                {
                    let chat_id = map
                        .get("callback_query")
                        .and_then(|c| c.pointer("/message/chat/id"))
                        .and_then(Value::as_i64);
                    let user_name = map
                        .get("callback_query")
                        .and_then(|c| c.pointer("/from/first_name"))
                        .and_then(Value::as_str)
                        .unwrap_or("someone")
                        .to_owned();
                    self.callbacks.push(CallbackRecord {
                        id: cb_id,
                        chat_id,
                        user_name,
                        answers: Vec::new(),
                    });
                }
                (id, Value::Object(map))
            }
            other => {
                let id = self.next_update_id;
                (id, json!({ "update_id": id, "unknown_update": other }))
            }
        };
        let (id, update) = update;
        self.next_update_id = self.next_update_id.max(id.saturating_add(1));
        self.history.insert(id, update.clone());
        self.enqueue(QueuedUpdate {
            id,
            update,
            duplicate: false,
            delivered: false,
        });
        id
    }

    /// Applies the `offset` of a `getUpdates` call.
    fn confirm(&mut self, offset: i64) {
        if offset > 0 {
            self.queue
                .retain(|q| q.id >= offset || (q.duplicate && !q.delivered));
        } else if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            let len = self.queue.len();
            if len > keep {
                self.queue.drain(..len - keep);
            }
        }
    }

    fn take_batch(&mut self, limit: usize) -> Vec<Value> {
        self.queue
            .iter_mut()
            .take(limit)
            .map(|q| {
                q.delivered = true;
                q.update.clone()
            })
            .collect()
    }

    // --- calls ----------------------------------------------------------------------------

    fn record_call(&mut self, method: &str, token: &str, body: Value) -> u64 {
        self.call_seq += 1;
        self.calls.push(RecordedCall {
            seq: self.call_seq,
            method: method.to_owned(),
            token: token.to_owned(),
            body,
            at: Instant::now(),
            error: None,
        });
        self.call_seq
    }

    fn set_call_error(&mut self, seq: u64, error: &FakeError) {
        if let Some(call) = self.calls.iter_mut().rev().find(|c| c.seq == seq) {
            call.error = Some(error.clone());
        }
    }

    /// Injected failures (`fail_next` / `fail_every_nth`); every matching rule counts the call.
    fn injected_failure(&mut self, method: &str) -> Option<FakeError> {
        let lower = method.to_ascii_lowercase();
        let mut fired = None;
        for rule in &mut self.failures {
            if rule.method != "*" && rule.method != lower {
                continue;
            }
            let fires = match &mut rule.mode {
                FailMode::Next { remaining } => {
                    if fired.is_none() && *remaining > 0 {
                        *remaining -= 1;
                        true
                    } else {
                        false
                    }
                }
                FailMode::EveryNth { n, seen } => {
                    *seen = seen.wrapping_add(1);
                    *seen % *n == 0
                }
            };
            if fires && fired.is_none() {
                fired = Some(rule.error.clone());
            }
        }
        self.failures
            .retain(|r| !matches!(r.mode, FailMode::Next { remaining: 0 }));
        fired
    }

    /// Takes a token from the chat's and the global bucket, or says how long to wait.
    fn take_rate_token(&mut self, chat_id: i64) -> Result<(), FakeError> {
        let Some(limits) = self.limits else {
            return Ok(());
        };
        let now = Instant::now();
        let chat = self
            .chat_buckets
            .entry(chat_id)
            .or_insert_with(|| Bucket::full(limits.per_chat_burst, now));
        chat.refill(limits.per_chat_per_sec, limits.per_chat_burst, now);
        let chat_wait = (chat.tokens < 1.0).then(|| chat.retry_after(limits.per_chat_per_sec));
        let global_wait = if limits.global_sliding_window {
            let second = Duration::from_secs(1);
            while self
                .global_window
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= second)
            {
                self.global_window.pop_front();
            }
            let full = self.global_window.len() >= limits.global_burst.max(1) as usize;
            full.then(|| {
                let oldest = self.global_window.front().copied().unwrap_or(now);
                let left = (oldest + second).saturating_duration_since(now);
                (left.as_secs_f64().ceil() as u32).max(1)
            })
        } else {
            let global = self
                .global_bucket
                .get_or_insert_with(|| Bucket::full(limits.global_burst, now));
            global.refill(limits.global_per_sec, limits.global_burst, now);
            (global.tokens < 1.0).then(|| global.retry_after(limits.global_per_sec))
        };
        match (chat_wait, global_wait) {
            (None, None) => {
                if limits.global_sliding_window {
                    self.global_window.push_back(now);
                } else if let Some(global) = self.global_bucket.as_mut() {
                    global.tokens -= 1.0;
                }
                if let Some(chat) = self.chat_buckets.get_mut(&chat_id) {
                    chat.tokens -= 1.0;
                }
                Ok(())
            }
            (a, b) => {
                self.rate_limited += 1;
                Err(FakeError::too_many_requests(
                    a.unwrap_or(0).max(b.unwrap_or(0)).max(1),
                ))
            }
        }
    }

    fn refuse(&mut self, method: &str, chat_id: Option<i64>, error: &FakeError) {
        let to = chat_id
            .map(|c| self.chat_name(c))
            .unwrap_or_else(|| "-".to_owned());
        self.outbox.push(TranscriptEvent::Refused {
            chat_id,
            to,
            method: method.to_owned(),
            error: error.clone(),
        });
    }

    /// Executes every method except `getUpdates`.
    fn execute(&mut self, method: &str, params: &Params) -> Result<Value, FakeError> {
        let p = &params.fields;
        match method {
            "getMe" => Ok(self.identity.get_me_json()),
            "logOut" | "close" => Ok(json!(true)),
            "getWebhookInfo" => Ok(json!({
                "url": self.webhook.clone().unwrap_or_default(),
                "has_custom_certificate": false,
                "pending_update_count": self.queue.len(),
            })),
            "setWebhook" => {
                let url = param_str(p, "url").unwrap_or_default();
                self.webhook = if url.is_empty() { None } else { Some(url) };
                Ok(json!(true))
            }
            "deleteWebhook" => {
                self.webhook = None;
                if param_bool(p, "drop_pending_updates") {
                    self.queue.clear();
                }
                Ok(json!(true))
            }
            "sendMessage" => self.send_message(p),
            "sendPhoto" => self.send_file(params, MessageKind::Photo),
            "sendDocument" => self.send_file(params, MessageKind::Document),
            "sendChatAction" => {
                require_chat_id(p)?;
                Ok(json!(true))
            }
            "editMessageText" => self.edit_message(p, EditWhat::Text),
            "editMessageCaption" => self.edit_message(p, EditWhat::Caption),
            "editMessageReplyMarkup" => self.edit_message(p, EditWhat::Markup),
            "deleteMessage" => self.delete_message(p),
            "answerCallbackQuery" => self.answer_callback(p),
            "setMyCommands" => self.set_commands(p),
            "getMyCommands" => {
                let key = commands_key(p);
                let list = self.commands.get(&key).map(|set| {
                    set.commands
                        .iter()
                        .map(|(c, d)| json!({ "command": c, "description": d }))
                        .collect::<Vec<_>>()
                });
                Ok(json!(list.unwrap_or_default()))
            }
            "deleteMyCommands" => {
                self.commands.remove(&commands_key(p));
                Ok(json!(true))
            }
            _ => Err(FakeError::api(404, "Not Found: method not found")),
        }
    }

    fn render(&self, raw: &str, parse_mode: Option<&str>) -> Result<String, FakeError> {
        match render_formatted(raw, parse_mode) {
            Ok(text) => Ok(text),
            Err(FormatError::UnsupportedMode) => Err(FakeError::bad_request("unsupported parse_mode")),
            Err(FormatError::Parse(why)) if self.strict_formatting => {
                Err(FakeError::bad_request(&format!("can't parse entities: {why}")))
            }
            Err(FormatError::Parse(_)) => Ok(raw.to_owned()),
        }
    }

    fn send_message(&mut self, p: &Map<String, Value>) -> Result<Value, FakeError> {
        let chat_id = require_chat_id(p)?;
        let raw = param_str(p, "text").unwrap_or_default();
        let parse_mode = param_str(p, "parse_mode").filter(|m| !m.is_empty());
        let text = self.render(&raw, parse_mode.as_deref())?;
        if text.trim().is_empty() {
            return Err(FakeError::bad_request("message text is empty"));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(FakeError::bad_request("message is too long"));
        }
        let (reply_markup, buttons) = parse_reply_markup(p)?;
        self.take_rate_token(chat_id)?;

        let message = self.store_message(
            chat_id,
            MessageKind::Text,
            text,
            raw,
            parse_mode,
            reply_markup,
            buttons,
            None,
        );
        let m = &self.messages[message];
        self.outbox.push(TranscriptEvent::BotText {
            chat_id,
            to: self.chat_name(chat_id),
            message_id: m.message_id,
            text: m.text.clone(),
            buttons: m.buttons.clone(),
        });
        Ok(self.message_json(m))
    }

    fn send_file(&mut self, params: &Params, kind: MessageKind) -> Result<Value, FakeError> {
        let p = &params.fields;
        let chat_id = require_chat_id(p)?;
        let field = if kind == MessageKind::Photo {
            "photo"
        } else {
            "document"
        };
        let missing = || FakeError::bad_request(&format!("there is no {field} in the request"));

        let upload = match p.get(field) {
            Some(Value::String(s)) => match s.strip_prefix("attach://") {
                Some(name) => Some(
                    params
                        .files
                        .iter()
                        .find(|f| f.field == name)
                        .ok_or_else(missing)?,
                ),
                None if s.is_empty() => return Err(missing()),
                None => None,
            },
            Some(_) => return Err(missing()),
            None => Some(
                params
                    .files
                    .iter()
                    .find(|f| f.field == field)
                    .ok_or_else(missing)?,
            ),
        };
        self.file_counter += 1;
        let file = match upload {
            Some(up) => {
                if up.data.is_empty() {
                    return Err(FakeError::bad_request("file must be non-empty"));
                }
                SentFile {
                    file_name: up.file_name.clone().filter(|n| !n.is_empty()),
                    content_type: up.content_type.clone(),
                    len: up.data.len(),
                    data: Arc::clone(&up.data),
                    file_id: format!("fake-{field}-{}", self.file_counter),
                    dimensions: (kind == MessageKind::Photo)
                        .then(|| png_dimensions(&up.data).unwrap_or((800, 600))),
                }
            }
            None => SentFile {
                file_name: None,
                content_type: None,
                len: 0,
                data: Arc::from(Vec::new()),
                file_id: param_str(p, field).unwrap_or_default(),
                dimensions: (kind == MessageKind::Photo).then_some((800, 600)),
            },
        };

        let raw = param_str(p, "caption").unwrap_or_default();
        let parse_mode = param_str(p, "parse_mode").filter(|m| !m.is_empty());
        let caption = self.render(&raw, parse_mode.as_deref())?;
        if caption.chars().count() > MAX_CAPTION_CHARS {
            return Err(FakeError::bad_request("message caption is too long"));
        }
        let (reply_markup, buttons) = parse_reply_markup(p)?;
        self.take_rate_token(chat_id)?;

        let message = self.store_message(
            chat_id,
            kind,
            caption,
            raw,
            parse_mode,
            reply_markup,
            buttons,
            Some(file),
        );
        let m = &self.messages[message];
        let file = m.file.as_ref();
        self.outbox.push(TranscriptEvent::BotFile {
            chat_id,
            to: self.chat_name(chat_id),
            message_id: m.message_id,
            kind,
            file_name: file.and_then(|f| f.file_name.clone()),
            len: file.map_or(0, |f| f.len),
            caption: m.text.clone(),
            buttons: m.buttons.clone(),
        });
        Ok(self.message_json(m))
    }

    #[allow(clippy::too_many_arguments)]
    fn store_message(
        &mut self,
        chat_id: i64,
        kind: MessageKind,
        text: String,
        raw_text: String,
        parse_mode: Option<String>,
        reply_markup: Option<Value>,
        buttons: Vec<Vec<Button>>,
        file: Option<SentFile>,
    ) -> usize {
        let message_id = self.next_message_id(chat_id);
        self.message_seq += 1;
        self.messages.push(SentMessage {
            seq: self.message_seq,
            message_id,
            chat_id,
            kind,
            text,
            raw_text,
            parse_mode,
            buttons,
            reply_markup,
            file,
            edited: false,
            history: Vec::new(),
            deleted: false,
            date: unix_now(),
            edit_date: None,
            sent_at: Instant::now(),
        });
        let index = self.messages.len() - 1;
        self.message_index.insert((chat_id, message_id), index);
        index
    }

    fn edit_message(&mut self, p: &Map<String, Value>, what: EditWhat) -> Result<Value, FakeError> {
        let (reply_markup, buttons) = parse_reply_markup(p)?;
        let new_text = match what {
            EditWhat::Markup => None,
            EditWhat::Text | EditWhat::Caption => {
                let field = if what == EditWhat::Text { "text" } else { "caption" };
                let raw = param_str(p, field).unwrap_or_default();
                let parse_mode = param_str(p, "parse_mode").filter(|m| !m.is_empty());
                let text = self.render(&raw, parse_mode.as_deref())?;
                if what == EditWhat::Text && text.trim().is_empty() {
                    return Err(FakeError::bad_request("message text is empty"));
                }
                let max = if what == EditWhat::Text {
                    MAX_TEXT_CHARS
                } else {
                    MAX_CAPTION_CHARS
                };
                if text.chars().count() > max {
                    return Err(FakeError::bad_request(if what == EditWhat::Text {
                        "MESSAGE_TOO_LONG"
                    } else {
                        "message caption is too long"
                    }));
                }
                Some((text, raw, parse_mode))
            }
        };
        if param_str(p, "inline_message_id").is_some_and(|s| !s.is_empty()) {
            // Messages sent via inline mode are not stored; Telegram answers `true`.
            return Ok(json!(true));
        }
        let chat_id = require_chat_id(p)?;
        let message_id = param_i64(p, "message_id")
            .ok_or_else(|| FakeError::bad_request("message identifier is not specified"))?;
        let index = self
            .find_message(chat_id, message_id)
            .filter(|&i| !self.messages[i].deleted)
            .ok_or_else(|| FakeError::bad_request("message to edit not found"))?;

        let m = &self.messages[index];
        match what {
            EditWhat::Text if m.kind != MessageKind::Text => {
                return Err(FakeError::bad_request("there is no text in the message to edit"));
            }
            EditWhat::Caption if m.kind == MessageKind::Text => {
                return Err(FakeError::bad_request(
                    "there is no caption in the message to edit",
                ));
            }
            _ => {}
        }
        let same_text = match &new_text {
            None => true,
            Some((text, raw, parse_mode)) => {
                *text == m.text && *raw == m.raw_text && *parse_mode == m.parse_mode
            }
        };
        if same_text && buttons == m.buttons {
            return Err(FakeError::message_not_modified());
        }

        let now = Instant::now();
        let edit_date = unix_now();
        let m = &mut self.messages[index];
        m.history.push(MessageVersion {
            text: m.text.clone(),
            buttons: m.buttons.clone(),
            replaced_at: now,
        });
        if let Some((text, raw, parse_mode)) = new_text {
            m.text = text;
            m.raw_text = raw;
            m.parse_mode = parse_mode;
        }
        m.buttons = buttons;
        m.reply_markup = reply_markup;
        m.edited = true;
        m.edit_date = Some(edit_date);

        let m = &self.messages[index];
        self.outbox.push(TranscriptEvent::BotEdit {
            chat_id,
            to: self.chat_name(chat_id),
            message_id,
            text: m.text.clone(),
            buttons: m.buttons.clone(),
        });
        Ok(self.message_json(m))
    }

    fn delete_message(&mut self, p: &Map<String, Value>) -> Result<Value, FakeError> {
        let chat_id = require_chat_id(p)?;
        let message_id = param_i64(p, "message_id")
            .ok_or_else(|| FakeError::bad_request("message identifier is not specified"))?;
        match self.find_message(chat_id, message_id) {
            Some(i) if !self.messages[i].deleted => {
                self.messages[i].deleted = true;
                self.outbox.push(TranscriptEvent::BotDelete {
                    chat_id,
                    to: self.chat_name(chat_id),
                    message_id,
                });
                Ok(json!(true))
            }
            Some(_) => Err(FakeError::bad_request("message to delete not found")),
            // A user's message (ids are shared per chat): allowed, not tracked.
            None if message_id > 0
                && message_id < self.next_message_id.get(&chat_id).copied().unwrap_or(1) =>
            {
                Ok(json!(true))
            }
            None => Err(FakeError::bad_request("message to delete not found")),
        }
    }

    fn answer_callback(&mut self, p: &Map<String, Value>) -> Result<Value, FakeError> {
        let id = param_str(p, "callback_query_id").unwrap_or_default();
        let text = param_str(p, "text");
        let show_alert = param_bool(p, "show_alert");
        let Some(record) = self.callbacks.iter_mut().find(|c| c.id == id) else {
            return Err(FakeError::bad_request(
                "query is too old and response timeout expired or query id is invalid",
            ));
        };
        record.answers.push(CallbackAnswer {
            callback_query_id: id,
            chat_id: record.chat_id,
            text: text.clone(),
            show_alert,
        });
        let to = record.user_name.clone();
        self.outbox
            .push(TranscriptEvent::BotCallbackAnswer { to, text, show_alert });
        Ok(json!(true))
    }

    fn set_commands(&mut self, p: &Map<String, Value>) -> Result<Value, FakeError> {
        let list = param_json(p, "commands")
            .ok_or_else(|| FakeError::bad_request("parameter \"commands\" is required"))?;
        let Value::Array(items) = list else {
            return Err(FakeError::bad_request("can't parse commands JSON object"));
        };
        let mut commands = Vec::with_capacity(items.len());
        for item in &items {
            let command = item.get("command").and_then(Value::as_str).unwrap_or_default();
            let description = item
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let valid_command = (1..=32).contains(&command.len())
                && command
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid_command {
                return Err(FakeError::bad_request("BOT_COMMAND_INVALID"));
            }
            if !(1..=256).contains(&description.chars().count()) {
                return Err(FakeError::bad_request("command description must be non-empty"));
            }
            commands.push((command.to_owned(), description.to_owned()));
        }
        let scope = param_json(p, "scope").unwrap_or_else(|| json!({ "type": "default" }));
        let language_code = param_str(p, "language_code").filter(|l| !l.is_empty());
        self.commands.insert(
            commands_key(p),
            CommandSet {
                scope,
                language_code,
                commands,
            },
        );
        Ok(json!(true))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EditWhat {
    Text,
    Caption,
    Markup,
}

fn group_chat_json(chat_id: i64, title: &str) -> Value {
    let kind = if chat_id <= SUPERGROUP_ID_LIMIT {
        "supergroup"
    } else {
        "group"
    };
    json!({ "id": chat_id, "type": kind, "title": title })
}

fn commands_key(p: &Map<String, Value>) -> String {
    let scope = param_json(p, "scope").unwrap_or_else(|| json!({ "type": "default" }));
    let lang = param_str(p, "language_code").unwrap_or_default();
    format!("{scope}|{lang}")
}

fn require_chat_id(p: &Map<String, Value>) -> Result<i64, FakeError> {
    match p.get("chat_id") {
        None | Some(Value::Null) => Err(FakeError::bad_request("chat_id is empty")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(FakeError::bad_request("chat_id is empty")),
        Some(_) => param_i64(p, "chat_id").ok_or_else(FakeError::chat_not_found),
    }
}

/// Parses `reply_markup`; returns it (when present) and its inline buttons.
fn parse_reply_markup(p: &Map<String, Value>) -> Result<(Option<Value>, Vec<Vec<Button>>), FakeError> {
    let markup = match p.get("reply_markup") {
        None | Some(Value::Null) => return Ok((None, Vec::new())),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok((None, Vec::new())),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s)
            .map_err(|_| FakeError::bad_request("can't parse reply keyboard markup JSON object"))?,
        Some(v) => v.clone(),
    };
    if !markup.is_object() {
        return Err(FakeError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    }
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok((Some(markup), Vec::new()));
    };
    let Value::Array(rows) = rows else {
        return Err(FakeError::bad_request(
            "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays",
        ));
    };
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        let Value::Array(row) = row else {
            return Err(FakeError::bad_request(
                "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays",
            ));
        };
        let mut buttons = Vec::with_capacity(row.len());
        for button in row {
            let text = button.get("text").and_then(Value::as_str).unwrap_or_default();
            if text.is_empty() {
                return Err(FakeError::bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                ));
            }
            let callback_data = button.get("callback_data").and_then(value_to_string);
            let url = button.get("url").and_then(value_to_string);
            if let Some(data) = &callback_data
                && (data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES)
            {
                return Err(FakeError::bad_request("BUTTON_DATA_INVALID"));
            }
            if let Some(url) = &url {
                let ok = ["http://", "https://", "tg://"]
                    .iter()
                    .any(|s| url.starts_with(s))
                    && url.len() > 7;
                if !ok {
                    return Err(FakeError::bad_request("BUTTON_URL_INVALID"));
                }
            }
            let has_action = callback_data.is_some()
                || url.is_some()
                || button.as_object().is_some_and(|o| o.keys().any(|k| k != "text"));
            if !has_action {
                return Err(FakeError::bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                ));
            }
            buttons.push(Button {
                text: text.to_owned(),
                callback_data,
                url,
            });
        }
        parsed.push(buttons);
    }
    Ok((Some(markup), parsed))
}

/// Width and height from a PNG header.
fn png_dimensions(data: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.len() < 24 || !data.starts_with(SIGNATURE) || &data[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes([data[16], data[17], data[18], data[19]]);
    let h = u32::from_be_bytes([data[20], data[21], data[22], data[23]]);
    Some((w, h))
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn param_str(p: &Map<String, Value>, key: &str) -> Option<String> {
    p.get(key).and_then(value_to_string)
}

fn param_i64(p: &Map<String, Value>, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn param_bool(p: &Map<String, Value>, key: &str) -> bool {
    match p.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim(), "true" | "True" | "1"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

fn param_json(p: &Map<String, Value>, key: &str) -> Option<Value> {
    match p.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        v => Some(v.clone()),
    }
}

/// Fields whose text form (form / multipart / query) is JSON.
const JSON_FIELDS: &[&str] = &[
    "reply_markup",
    "reply_parameters",
    "entities",
    "caption_entities",
    "link_preview_options",
    "allowed_updates",
    "commands",
    "scope",
];

struct Upload {
    field: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Arc<[u8]>,
}

#[derive(Default)]
struct Params {
    fields: Map<String, Value>,
    files: Vec<Upload>,
}

impl Params {
    fn insert_text(&mut self, name: String, value: String) {
        let parsed = if JSON_FIELDS.contains(&name.as_str()) {
            serde_json::from_str(&value).unwrap_or(Value::String(value))
        } else {
            Value::String(value)
        };
        self.fields.insert(name, parsed);
    }

    /// The parameters as recorded: files described under the field that refers to them.
    fn recorded_body(&self) -> Value {
        let mut body = self.fields.clone();
        for file in &self.files {
            let desc = json!({ "file_name": file.file_name, "size": file.data.len(), "content_type": file.content_type });
            let attach = format!("attach://{}", file.field);
            let referrer = body
                .iter()
                .find(|(_, v)| v.as_str() == Some(attach.as_str()))
                .map(|(k, _)| k.clone());
            body.insert(referrer.unwrap_or_else(|| file.field.clone()), desc);
        }
        Value::Object(body)
    }
}

async fn read_params(req: Request) -> Result<Params, String> {
    let mut params = Params::default();
    if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(req.uri()) {
        for (k, v) in pairs {
            params.insert_text(k, v);
        }
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();

    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| e.body_text())?;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) => return Err(e.body_text()),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let data = field.bytes().await.map_err(|e| e.body_text())?;
            if file_name.is_some() {
                params.files.push(Upload {
                    field: name,
                    file_name,
                    content_type,
                    data: Arc::from(data.to_vec()),
                });
            } else {
                params.insert_text(name, String::from_utf8_lossy(&data).into_owned());
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, &())
            .await
            .map_err(|e| e.body_text())?;
        for (k, v) in pairs {
            params.insert_text(k, v);
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|e| e.to_string())?;
        if !body.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => params.fields.extend(map),
                Ok(_) => return Err("request body must be a JSON object".to_owned()),
                Err(e) => return Err(format!("can't parse JSON body: {e}")),
            }
        }
    }
    Ok(params)
}

// ---------------------------------------------------------------------------------------------
// HTTP layer
// ---------------------------------------------------------------------------------------------

/// Official spelling of the implemented methods; lookup is case-insensitive.
const KNOWN_METHODS: &[&str] = &[
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
];

fn canonical_method(name: &str) -> String {
    KNOWN_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_owned(), |m| (*m).to_owned())
}

/// `…/bot{token}/{method}` → `(token, method)`.
fn parse_path(path: &str) -> Option<(String, String)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [.., bot, method] = segments.as_slice() else {
        return None;
    };
    let token = bot.strip_prefix("bot")?;
    if segments.len() >= 3 && segments[segments.len() - 3] == "file" {
        return None; // file downloads are not supported
    }
    Some((token.to_owned(), (*method).to_owned()))
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn is_rate_limited_method(method: &str) -> bool {
    method.starts_with("send") && method != "sendChatAction"
}

async fn handle_request(
    AxumState(shared): AxumState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnMeta>,
    req: Request,
) -> Response {
    let Some((token, raw_method)) = parse_path(req.uri().path()) else {
        return FakeError::api(404, "Not Found").into_response();
    };
    let method = canonical_method(&raw_method);
    let params = match read_params(req).await {
        Ok(params) => params,
        Err(why) => {
            let error = FakeError::bad_request(&why);
            let mut st = shared.lock();
            let seq = st.record_call(&method, &token, Value::Null);
            st.set_call_error(seq, &error);
            shared.commit(st);
            return error.into_response();
        }
    };

    let echo = params.recorded_body();
    let result = if method == "getUpdates" {
        get_updates(&shared, &token, &params).await
    } else {
        let mut st = shared.lock();
        let seq = st.record_call(&method, &token, params.recorded_body());
        let chat_id = param_i64(&params.fields, "chat_id");
        let result = match st.injected_failure(&method) {
            Some(error) => Err(error),
            None if chat_id.is_some_and(|c| st.blocked.contains(&c)) => Err(FakeError::blocked()),
            None => st.execute(&method, &params),
        };
        if let Err(error) = &result {
            st.set_call_error(seq, error);
            let names_chat =
                chat_id.is_some() || is_rate_limited_method(&method) || method.starts_with("edit");
            if names_chat {
                st.refuse(&method, chat_id, error);
            }
        }
        shared.commit(st);
        result
    };

    match result {
        Ok(value) => json_response(StatusCode::OK, &json!({ "ok": true, "result": value })),
        Err(FakeError::DropConnection) => {
            conn.kill.store(true, Ordering::SeqCst);
            FakeError::DropConnection.into_response()
        }
        Err(FakeError::Garbage) => garbage_response(&echo),
        Err(error) => error.into_response(),
    }
}

/// Long polling. See the module docs for the delivery rules.
async fn get_updates(shared: &Shared, token: &str, params: &Params) -> Result<Value, FakeError> {
    let p = &params.fields;
    let offset = param_i64(p, "offset").unwrap_or(0);
    let limit = param_i64(p, "limit")
        .filter(|l| (1..=100).contains(l))
        .unwrap_or(100) as usize;
    let timeout = Duration::from_secs(
        param_i64(p, "timeout")
            .unwrap_or(0)
            .clamp(0, MAX_POLL_TIMEOUT_SECS as i64) as u64,
    );
    let deadline = deadline_after(timeout);

    let (seq, generation) = {
        let mut st = shared.lock();
        let seq = st.record_call("getUpdates", token, params.recorded_body());
        let early = match st.injected_failure("getUpdates") {
            Some(error) => Some(error),
            None if st.webhook.is_some() => Some(FakeError::api(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )),
            None => None,
        };
        if let Some(error) = early {
            st.set_call_error(seq, &error);
            shared.commit(st);
            return Err(error);
        }
        st.confirm(offset);
        st.poll_generation += 1;
        let generation = st.poll_generation;
        shared.commit(st);
        (seq, generation)
    };

    let mut changes = shared.version.subscribe();
    let mut stop = shared.shutdown.subscribe();
    loop {
        changes.borrow_and_update();
        {
            let mut st = shared.lock();
            if st.poll_generation != generation {
                let error = FakeError::conflict();
                st.set_call_error(seq, &error);
                shared.commit(st);
                return Err(error);
            }
            let stopping = *stop.borrow();
            if !st.queue.is_empty() || stopping || tokio::time::Instant::now() >= deadline {
                let batch = st.take_batch(limit);
                shared.commit(st);
                return Ok(Value::Array(batch));
            }
        }
        tokio::select! {
            changed = changes.changed() => if changed.is_err() { return Ok(json!([])) },
            _ = stop.changed() => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// Per-connection data handed to handlers through `ConnectInfo`.
#[derive(Clone, Debug)]
struct ConnMeta {
    /// Set by a handler to make the connection fail instead of sending the response.
    kill: Arc<AtomicBool>,
}

impl Connected<IncomingStream<'_, FakeListener>> for ConnMeta {
    fn connect_info(stream: IncomingStream<'_, FakeListener>) -> Self {
        stream.remote_addr().clone()
    }
}

/// A TCP listener whose connections can be killed from a handler.
struct FakeListener {
    inner: TcpListener,
}

impl Listener for FakeListener {
    type Io = KillableStream;
    type Addr = ConnMeta;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, _peer)) => {
                    let _ = stream.set_nodelay(true);
                    let kill = Arc::new(AtomicBool::new(false));
                    return (
                        KillableStream {
                            inner: stream,
                            kill: Arc::clone(&kill),
                        },
                        ConnMeta { kill },
                    );
                }
                Err(err) => {
                    // E.g. too many open files; back off briefly like axum does.
                    tracing::debug!(%err, "fake Telegram: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr().map(|_| ConnMeta {
            kill: Arc::new(AtomicBool::new(false)),
        })
    }
}

/// A TCP stream that, once killed, reads EOF and refuses writes, so the response in flight is
/// never sent and the connection is closed.
struct KillableStream {
    inner: TcpStream,
    kill: Arc<AtomicBool>,
}

impl KillableStream {
    fn killed(&self) -> bool {
        self.kill.load(Ordering::SeqCst)
    }
}

fn killed_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionReset,
        "fake Telegram dropped the connection",
    )
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting (parse_mode) — an approximation of Telegram's parsers
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum FormatError {
    UnsupportedMode,
    Parse(String),
}

/// Visible text of `raw` under `parse_mode`, or why Telegram would refuse it.
fn render_formatted(raw: &str, parse_mode: Option<&str>) -> Result<String, FormatError> {
    let Some(mode) = parse_mode else {
        return Ok(raw.to_owned());
    };
    match mode.to_ascii_lowercase().as_str() {
        "" => Ok(raw.to_owned()),
        "html" => render_html(raw).map_err(FormatError::Parse),
        "markdownv2" => render_markdown_v2(raw).map_err(FormatError::Parse),
        "markdown" => render_markdown_legacy(raw).map_err(FormatError::Parse),
        _ => Err(FormatError::UnsupportedMode),
    }
}

const HTML_TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

fn render_html(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        match c {
            '<' => {
                let rest = &s[i..];
                let Some(end) = rest.find('>') else {
                    return Err(format!("Unclosed start tag at byte offset {i}"));
                };
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(expected) if expected == name => {}
                        Some(expected) => {
                            return Err(format!(
                                "Unmatched end tag at byte offset {i}, expected \"</{expected}>\", found \"</{name}>\""
                            ));
                        }
                        None => return Err(format!("Unexpected end tag at byte offset {i}")),
                    }
                } else {
                    let name = inner
                        .split(char::is_whitespace)
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !HTML_TAGS.contains(&name.as_str()) {
                        return Err(format!("Unsupported start tag \"{name}\" at byte offset {i}"));
                    }
                    open.push(name);
                }
                i += end + 1;
            }
            '&' => {
                let rest = &s[i + 1..];
                let body: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                    .take(10)
                    .collect();
                let decoded = if rest[body.len()..].starts_with(';') {
                    decode_html_entity(&body)
                } else {
                    None
                };
                match decoded {
                    Some(ch) => {
                        out.push(ch);
                        i += 1 + body.len() + 1;
                    }
                    None => {
                        // Telegram is lenient with a bare `&`; keep it literally.
                        out.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    if let Some(tag) = open.last() {
        return Err(format!("Can't find end tag corresponding to start tag \"{tag}\""));
    }
    Ok(out)
}

fn decode_html_entity(body: &str) -> Option<char> {
    match body {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let num = body.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Telegram's MarkdownV2: `*bold*`, `_italic_`, `__underline__`, `~strike~`, `||spoiler||`,
/// `` `code` ``, ```` ```pre``` ````, `[text](url)`, `>` quotes; every other
/// `_*[]()~`>#+-=|{}.!` must be escaped with `\`.
fn render_markdown_v2(s: &str) -> Result<String, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len());
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let mut toggle = |name: &'static str| -> Result<(), String> {
            match open.last() {
                Some((top, _)) if *top == name => {
                    open.pop();
                    Ok(())
                }
                _ if open.iter().any(|(n, _)| *n == name) => {
                    let (top, at) = open.last().copied().unwrap_or((name, offset));
                    Err(format!("Can't find end of {top} entity at byte offset {at}"))
                }
                _ => {
                    open.push((name, offset));
                    Ok(())
                }
            }
        };
        let mut step = 1;
        match c {
            '\\' => match next {
                Some(n) if (1..=126).contains(&(n as u32)) => {
                    out.push(n);
                    step = 2;
                }
                _ => out.push('\\'),
            },
            '`' => {
                let fence = s[offset..].starts_with("```");
                let delim_len = if fence { 3 } else { 1 };
                let mut j = i + delim_len;
                let mut content = String::new();
                let mut closed = false;
                while j < chars.len() {
                    let (off_j, cj) = chars[j];
                    if cj == '\\'
                        && let Some(&(_, n)) = chars.get(j + 1)
                    {
                        content.push(n);
                        j += 2;
                        continue;
                    }
                    if (fence && s[off_j..].starts_with("```")) || (!fence && cj == '`') {
                        closed = true;
                        break;
                    }
                    content.push(cj);
                    j += 1;
                }
                if !closed {
                    let entity = if fence { "Pre" } else { "Code" };
                    return Err(format!(
                        "Can't find end of {entity} entity at byte offset {offset}"
                    ));
                }
                if fence {
                    // The first line names the language when it is a single word.
                    if let Some((first, rest)) = content.split_once('\n')
                        && !first.is_empty()
                        && !first.contains(char::is_whitespace)
                    {
                        content = rest.to_owned();
                    }
                }
                out.push_str(&content);
                step = j + delim_len - i;
            }
            '*' => toggle("Bold")?,
            '_' if next == Some('_') => {
                toggle("Underline")?;
                step = 2;
            }
            '_' => toggle("Italic")?,
            '~' => toggle("Strikethrough")?,
            '|' if next == Some('|') => {
                toggle("Spoiler")?;
                step = 2;
            }
            '[' => {
                if open.iter().any(|(n, _)| *n == "TextUrl") {
                    return Err(
                        "Character '[' is reserved and must be escaped with the preceding '\\'".to_owned(),
                    );
                }
                open.push(("TextUrl", offset));
            }
            ']' => {
                if open.last().map(|(n, _)| *n) != Some("TextUrl") || next != Some('(') {
                    return Err(
                        "Character ']' is reserved and must be escaped with the preceding '\\'".to_owned(),
                    );
                }
                open.pop();
                // Skip `(url)`; inside, `)` and `\` must be escaped.
                let mut j = i + 2;
                let mut closed = false;
                while j < chars.len() {
                    match chars[j].1 {
                        '\\' => j += 2,
                        ')' => {
                            closed = true;
                            break;
                        }
                        _ => j += 1,
                    }
                }
                if !closed {
                    return Err(format!("Can't find end of a URL at byte offset {offset}"));
                }
                step = j + 1 - i;
            }
            '>' if line_start => {}
            '(' | ')' | '>' | '#' | '+' | '-' | '=' | '|' | '{' | '}' | '.' | '!' => {
                return Err(format!(
                    "Character '{c}' is reserved and must be escaped with the preceding '\\'"
                ));
            }
            _ => out.push(c),
        }
        line_start = c == '\n';
        i += step;
    }
    if let Some((name, at)) = open.first() {
        return Err(format!("Can't find end of {name} entity at byte offset {at}"));
    }
    Ok(out)
}

/// Telegram's legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````,
/// `[text](url)`; `\` escapes the markup characters.
fn render_markdown_legacy(s: &str) -> Result<String, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        match c {
            '\\' if matches!(chars.get(i + 1), Some((_, '_' | '*' | '`' | '['))) => {
                if let Some(&(_, n)) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '*' | '_' | '`' => {
                let fence = c == '`' && s[offset..].starts_with("```");
                let delim = if fence { "```" } else { &s[offset..offset + 1] };
                let start = offset + delim.len();
                let Some(len) = s[start..].find(delim) else {
                    return Err(format!(
                        "Can't find end of the entity starting at byte offset {offset}"
                    ));
                };
                let inner = &s[start..start + len];
                out.push_str(inner);
                let end_byte = start + len + delim.len();
                i = chars.partition_point(|&(o, _)| o < end_byte);
            }
            '[' => {
                let Some(close) = s[offset..].find("](") else {
                    out.push('[');
                    i += 1;
                    continue;
                };
                let text_end = offset + close;
                let Some(url_len) = s[text_end + 2..].find(')') else {
                    return Err(format!(
                        "Can't find end of the entity starting at byte offset {offset}"
                    ));
                };
                out.push_str(&s[offset + 1..text_end]);
                let end_byte = text_end + 2 + url_len + 1;
                i = chars.partition_point(|&(o, _)| o < end_byte);
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("/bot123:abc/SendMessage"),
            Some(("123:abc".into(), "SendMessage".into()))
        );
        assert_eq!(
            parse_path("/prefix/bot1/getMe"),
            Some(("1".into(), "getMe".into()))
        );
        assert_eq!(parse_path("/file/bot1/photos/x.png"), None);
        assert_eq!(parse_path("/"), None);
        assert_eq!(parse_path("/getMe"), None);
        assert_eq!(canonical_method("SENDMESSAGE"), "sendMessage");
        assert_eq!(canonical_method("frobnicate"), "frobnicate");
    }

    #[test]
    fn html() {
        assert_eq!(
            render_html("<b>Hej</b> &lt;3 &amp; <a href=\"x\">link</a>").unwrap(),
            "Hej <3 & link"
        );
        assert_eq!(render_html("A & B").unwrap(), "A & B");
        assert_eq!(render_html("&#229;&#x42;").unwrap(), "åB");
        assert!(render_html("a < b").is_err());
        assert!(render_html("<b>x").is_err());
        assert!(render_html("<b>x</i>").is_err());
        assert!(render_html("<br>").is_err());
        assert!(render_html("x</b>").is_err());
        assert!(render_html("æøå <").is_err());
        assert_eq!(render_html("æøå &").unwrap(), "æøå &");
    }

    #[test]
    fn markdown_v2() {
        assert_eq!(
            render_markdown_v2("*fed* _kursiv_ __under__ ~streg~ ||spoiler||").unwrap(),
            "fed kursiv under streg spoiler"
        );
        assert_eq!(
            render_markdown_v2("Hej Lea\\. Klar\\?").unwrap(),
            "Hej Lea. Klar?"
        );
        assert_eq!(
            render_markdown_v2("[tryk her](https://example.com/a\\)b)").unwrap(),
            "tryk her"
        );
        assert_eq!(
            render_markdown_v2("`kode.` og ```rust\nlet x = 1;```").unwrap(),
            "kode. og let x = 1;"
        );
        assert_eq!(render_markdown_v2("> citat\n>mere").unwrap(), " citat\nmere");
        assert!(render_markdown_v2("Hej Lea.").is_err());
        assert!(render_markdown_v2("1-2").is_err());
        assert!(render_markdown_v2("*fed").is_err());
        assert!(render_markdown_v2("a > b").is_err());
        assert!(render_markdown_v2("[x]").is_err());
        assert!(render_markdown_v2("`x").is_err());
        assert_eq!(render_markdown_v2("æ\\").unwrap(), "æ\\");
    }

    #[test]
    fn markdown_legacy() {
        assert_eq!(
            render_markdown_legacy("*fed* _k_ `c` [t](http://x) 1.2-3!").unwrap(),
            "fed k c t 1.2-3!"
        );
        assert!(render_markdown_legacy("*fed").is_err());
        assert_eq!(render_markdown_legacy("snake\\_case").unwrap(), "snake_case");
    }

    #[test]
    fn formats() {
        assert_eq!(
            render_formatted("x", Some("Klingon")),
            Err(FormatError::UnsupportedMode)
        );
        assert_eq!(render_formatted("a.b", None).unwrap(), "a.b");
        assert_eq!(render_formatted("a.b", Some("")).unwrap(), "a.b");
    }

    #[test]
    fn buckets() {
        let now = Instant::now();
        let mut b = Bucket::full(2, now);
        b.refill(1.0, 2, now);
        assert_eq!(b.tokens, 2.0);
        b.tokens = 0.2;
        assert_eq!(b.retry_after(1.0), 1);
        assert_eq!(b.retry_after(0.1), 8);
        assert_eq!(b.retry_after(0.0), 60);
    }

    #[test]
    fn png() {
        let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        data.extend_from_slice(&640u32.to_be_bytes());
        data.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(png_dimensions(&data), Some((640, 480)));
        assert_eq!(png_dimensions(b"nope"), None);
    }

    /// Compile-time check: the waiting futures can be spawned.
    #[allow(dead_code)]
    fn futures_are_send(fake: &FakeTelegram) {
        fn assert_send<T: Send>(_: &T) {}
        assert_send(&fake.wait_for_message(1, |_| true, Duration::ZERO));
        assert_send(&fake.wait_for_call("getMe", |_| true, Duration::ZERO));
        assert_send(&fake.wait_until_updates_confirmed(Duration::ZERO));
        assert_send(&fake.wait_until(|_| true, Duration::ZERO));
        assert_send(&fake.shutdown());
        assert_send(&FakeTelegram::start());
    }

    #[test]
    fn deadlines_do_not_overflow() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let _ = deadline_after(Duration::MAX);
        });
    }

    #[test]
    fn transcript_display() {
        let b = |t: &str| Button {
            text: t.into(),
            callback_data: Some(t.into()),
            url: None,
        };
        let ev = TranscriptEvent::BotText {
            chat_id: 1,
            to: "Mette".into(),
            message_id: 3,
            text: "Er du med?\nSvar gerne".into(),
            buttons: vec![vec![b("Ja, jeg er med"), b("Nej tak")]],
        };
        assert_eq!(
            ev.to_string(),
            "[bot → Mette] Er du med?\n    Svar gerne\n    [ Ja, jeg er med ] [ Nej tak ]"
        );
        let ev = TranscriptEvent::UserText {
            chat_id: 1,
            user: "Mette".into(),
            group: None,
            text: "/nysag Lea".into(),
        };
        assert_eq!(ev.to_string(), "[Mette → bot] /nysag Lea");
    }
}
