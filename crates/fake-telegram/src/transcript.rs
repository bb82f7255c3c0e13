//! The live transcript: [`TranscriptEvent`], one thing that happened in a chat (a user wrote,
//! the bot sent, edited or was refused), and how it prints as a line of a chat log.

use std::fmt;

#[cfg(doc)]
use crate::FakeTelegram;
use crate::{Button, FakeError, MessageKind};

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

#[cfg(test)]
mod tests {
    use super::*;

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
