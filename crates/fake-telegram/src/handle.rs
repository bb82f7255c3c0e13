//! [`FakeTelegram`], the handle a test or the demo holds: what the bot did (calls, messages,
//! answers), what the users do (texts, media, button presses, blocking), waiting for either, and
//! switching faults and limits on and off.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::sync::broadcast;

use crate::faults::{FailMode, FailureRule};
use crate::server::ServerGuard;
use crate::state::{
    ChatInfo, QueuedUpdate, Shared, State, deadline_after, lock_ignoring_poison, text_content, unix_now,
};
use crate::{
    CallbackAnswer, CommandSet, FakeError, FakeTelegramBuilder, FakeUser, Limits, RecordedCall, SentMessage,
    TranscriptEvent,
};

/// A running fake Telegram Bot API server. See the [crate documentation](crate).
///
/// Cloning is cheap; all clones control the same server, which stops when the last clone is
/// dropped.
#[derive(Clone)]
pub struct FakeTelegram {
    pub(crate) shared: Arc<Shared>,
    pub(crate) guard: Arc<ServerGuard>,
    pub(crate) addr: SocketAddr,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
