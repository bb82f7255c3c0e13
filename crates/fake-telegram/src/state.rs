//! The server's state behind one mutex: chats, the update queue (at-least-once delivery),
//! stored messages and callback queries, recorded calls, and the version counter that wakes
//! waiters after every change.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use tokio::sync::{broadcast, watch};

use crate::faults::{Bucket, FailureRule};
use crate::params::value_to_string;
use crate::{
    CallbackAnswer, CommandSet, FakeError, FakeUser, Limits, MessageKind, RecordedCall, SentMessage,
    TranscriptEvent,
};

/// Chat ids at or below this are supergroups/channels (`-100…`).
const SUPERGROUP_ID_LIMIT: i64 = -1_000_000_000_000;

#[derive(Debug, Clone)]
pub(crate) struct BotIdentity {
    pub(crate) id: i64,
    pub(crate) first_name: String,
    pub(crate) username: String,
}

impl BotIdentity {
    fn user_json(&self) -> Value {
        json!({ "id": self.id, "is_bot": true, "first_name": self.first_name, "username": self.username })
    }

    pub(crate) fn get_me_json(&self) -> Value {
        json!({
            "id": self.id, "is_bot": true, "first_name": self.first_name, "username": self.username,
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })
    }
}

pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    /// Bumped after every change; waiters and long polls watch it.
    pub(crate) version: watch::Sender<u64>,
    pub(crate) transcript: broadcast::Sender<TranscriptEvent>,
    pub(crate) shutdown: watch::Sender<bool>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        lock_ignoring_poison(&self.state)
    }

    pub(crate) fn bump(&self) {
        self.version.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// Publishes queued transcript events (in order, while still holding the lock), unlocks and
    /// wakes every waiter.
    pub(crate) fn commit(&self, mut st: MutexGuard<'_, State>) {
        for event in st.outbox.drain(..) {
            // No subscribers is fine.
            let _ = self.transcript.send(event);
        }
        drop(st);
        self.bump();
    }
}

pub(crate) fn lock_ignoring_poison<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) enum ChatInfo {
    Private {
        first_name: String,
        username: Option<String>,
    },
    Group {
        title: String,
    },
}

pub(crate) struct QueuedUpdate {
    pub(crate) id: i64,
    pub(crate) update: Value,
    /// Re-delivery injected with `inject_duplicate`: delivered regardless of the offset.
    pub(crate) duplicate: bool,
    pub(crate) delivered: bool,
}

pub(crate) struct CallbackRecord {
    pub(crate) id: String,
    pub(crate) chat_id: Option<i64>,
    pub(crate) user_name: String,
    pub(crate) answers: Vec<CallbackAnswer>,
}

pub(crate) struct State {
    pub(crate) identity: BotIdentity,
    pub(crate) strict_formatting: bool,
    pub(crate) calls: Vec<RecordedCall>,
    pub(crate) call_seq: u64,
    /// Pending updates, sorted by id (duplicates after the original).
    pub(crate) queue: Vec<QueuedUpdate>,
    /// Every update ever injected, for `inject_duplicate`.
    pub(crate) history: BTreeMap<i64, Value>,
    pub(crate) next_update_id: i64,
    pub(crate) poll_generation: u64,
    pub(crate) chats: HashMap<i64, ChatInfo>,
    /// Next message id per chat (shared by user and bot messages).
    pub(crate) next_message_id: HashMap<i64, i64>,
    pub(crate) messages: Vec<SentMessage>,
    pub(crate) message_index: HashMap<(i64, i64), usize>,
    pub(crate) message_seq: u64,
    pub(crate) callbacks: Vec<CallbackRecord>,
    pub(crate) callback_counter: u64,
    pub(crate) file_counter: u64,
    pub(crate) webhook: Option<String>,
    pub(crate) commands: BTreeMap<String, CommandSet>,
    pub(crate) failures: Vec<FailureRule>,
    pub(crate) blocked: HashSet<i64>,
    pub(crate) limits: Option<Limits>,
    pub(crate) chat_buckets: HashMap<i64, Bucket>,
    pub(crate) global_bucket: Option<Bucket>,
    /// Accepted send times of the last second (with [`Limits::global_sliding_window`]).
    pub(crate) global_window: VecDeque<Instant>,
    pub(crate) rate_limited: u64,
    pub(crate) outbox: Vec<TranscriptEvent>,
}

/// `now + timeout`, capped at a year so that huge timeouts cannot overflow.
pub(crate) fn deadline_after(timeout: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(timeout.min(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(now)
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `text` plus a `bot_command` entity for a leading `/command`.
pub(crate) fn text_content(text: &str) -> Map<String, Value> {
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
    pub(crate) fn new(identity: BotIdentity, strict_formatting: bool) -> Self {
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

    pub(crate) fn remember_user(&mut self, user: &FakeUser) {
        self.chats.insert(
            user.id,
            ChatInfo::Private {
                first_name: user.first_name.clone(),
                username: user.username.clone(),
            },
        );
    }

    pub(crate) fn ensure_group(&mut self, chat_id: i64) {
        self.chats.entry(chat_id).or_insert_with(|| ChatInfo::Group {
            title: format!("Group {chat_id}"),
        });
    }

    pub(crate) fn chat_name(&self, chat_id: i64) -> String {
        match self.chats.get(&chat_id) {
            Some(ChatInfo::Private { first_name, .. }) => first_name.clone(),
            Some(ChatInfo::Group { title }) => title.clone(),
            None => format!("chat {chat_id}"),
        }
    }

    pub(crate) fn chat_json(&self, chat_id: i64) -> Value {
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

    pub(crate) fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let next = self.next_message_id.entry(chat_id).or_insert(1);
        let id = *next;
        *next = next.saturating_add(1);
        id
    }

    pub(crate) fn find_message(&self, chat_id: i64, message_id: i64) -> Option<usize> {
        self.message_index.get(&(chat_id, message_id)).copied()
    }

    pub(crate) fn message_json(&self, m: &SentMessage) -> Value {
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

    pub(crate) fn enqueue(&mut self, entry: QueuedUpdate) {
        let pos = self.queue.partition_point(|q| q.id <= entry.id);
        self.queue.insert(pos, entry);
    }

    pub(crate) fn push_update(&mut self, kind: &str, payload: Value) -> i64 {
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

    pub(crate) fn inject_user_message(
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

    pub(crate) fn inject_callback(
        &mut self,
        chat_id: i64,
        user: &FakeUser,
        message_id: i64,
        data: &str,
    ) -> i64 {
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

    pub(crate) fn inject_member_change(&mut self, user: &FakeUser, blocked: bool) -> i64 {
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

    pub(crate) fn inject_raw(&mut self, update: Value) -> i64 {
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
    pub(crate) fn confirm(&mut self, offset: i64) {
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

    pub(crate) fn take_batch(&mut self, limit: usize) -> Vec<Value> {
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

    pub(crate) fn record_call(&mut self, method: &str, token: &str, body: Value) -> u64 {
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

    pub(crate) fn set_call_error(&mut self, seq: u64, error: &FakeError) {
        if let Some(call) = self.calls.iter_mut().rev().find(|c| c.seq == seq) {
            call.error = Some(error.clone());
        }
    }
}

fn group_chat_json(chat_id: i64, title: &str) -> Value {
    let kind = if chat_id <= SUPERGROUP_ID_LIMIT {
        "supergroup"
    } else {
        "group"
    };
    json!({ "id": chat_id, "type": kind, "title": title })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
