//! The Bot API methods the fake executes (all but `getUpdates`): sending texts and files,
//! editing, deleting, answering callback queries, webhooks and command lists, with Telegram's
//! checks on each.

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::format::{FormatError, render_formatted};
use crate::params::{
    Params, commands_key, param_bool, param_i64, param_json, param_str, parse_reply_markup, require_chat_id,
};
use crate::state::{State, unix_now};
use crate::{
    Button, CallbackAnswer, CommandSet, FakeError, MessageKind, MessageVersion, SentFile, SentMessage,
    TranscriptEvent,
};

/// Telegram's limits.
const MAX_TEXT_CHARS: usize = 4096;
const MAX_CAPTION_CHARS: usize = 1024;

impl State {
    /// Executes every method except `getUpdates`.
    pub(crate) fn execute(&mut self, method: &str, params: &Params) -> Result<Value, FakeError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png() {
        let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        data.extend_from_slice(&640u32.to_be_bytes());
        data.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(png_dimensions(&data), Some((640, 480)));
        assert_eq!(png_dimensions(b"nope"), None);
    }
}
