//! What the fake shows a test: the simulated users, the messages the bot sent (with their
//! buttons, files and edit history), the calls it made, its callback answers and command lists.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

use crate::FakeError;
#[cfg(doc)]
use crate::FakeTelegram;
use crate::params::{param_i64, param_str};

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

    pub(crate) fn to_json(&self) -> Value {
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
