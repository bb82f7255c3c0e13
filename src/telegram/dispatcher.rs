//! The outbox dispatcher: claims due messages from the outbox and sends them within Telegram's
//! limits (≈30 messages/s per bot, ≈1 message/s per chat with short bursts). A message leaves
//! the outbox only when Telegram confirmed it, refused it for good, or it was given up on.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Duration as ChronoDuration;
use teloxide::prelude::*;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};
use teloxide::{ApiError, RequestError};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::store::{OutboxRecord, Store};
use crate::telegram::outgoing::{Keyboard, MAX_CAPTION_CHARS, Outgoing, fit_text};

/// Limits and patience of the dispatcher.
#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Messages per second for the whole bot.
    pub global_per_sec: f64,
    /// Messages per second to one chat, after the burst is used.
    pub chat_per_sec: f64,
    /// How many messages one chat may receive at once before pacing sets in.
    pub chat_burst: u32,
    /// How often to look for due messages when nobody wakes the dispatcher.
    pub idle_poll: Duration,
    /// Transient failures (network, 5xx) are retried this many times before the message dies.
    pub max_transient_retries: u32,
    /// First pause after a transient failure; doubles each time (with jitter).
    pub first_backoff: Duration,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            global_per_sec: 29.5,
            chat_per_sec: 1.0,
            chat_burst: 3,
            idle_poll: Duration::from_secs(1),
            max_transient_retries: 8,
            first_backoff: Duration::from_millis(500),
        }
    }
}

/// What became of one send attempt.
enum Outcome {
    Sent(Option<i64>),
    /// The chat cannot be reached any more (blocked, deactivated, not found).
    Unreachable(String),
    /// Telegram asks us to wait.
    RetryAfter(Duration),
    /// Worth another try later (network, server error).
    Transient(String),
    /// Will never succeed (bad request).
    Permanent(String),
}

/// Claimed messages not yet settled, at most: enough for ~10 s at Telegram's rate.
const MAX_IN_FLIGHT: usize = 300;
/// Rows taken from the outbox in one claim.
const CLAIM_BATCH: usize = 100;

/// State shared by the dispatcher's chat workers.
struct Shared {
    pacer: Pacer,
    buckets: ChatBuckets,
    /// Messages waiting per chat; a chat has a worker exactly while it has an entry here.
    queues: Mutex<HashMap<i64, VecDeque<OutboxRecord>>>,
    in_flight: AtomicUsize,
    stopping: AtomicBool,
}

impl Shared {
    /// Queues a claimed message; returns the chat when it needs a new worker.
    fn enqueue(&self, row: OutboxRecord) -> Option<i64> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let chat = row.chat_id;
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        match queues.get_mut(&chat) {
            Some(queue) => {
                queue.push_back(row);
                None
            }
            None => {
                queues.insert(chat, VecDeque::from([row]));
                Some(chat)
            }
        }
    }

    /// The chat's next message; when there is none the chat's entry goes, and with it the worker.
    fn next_for(&self, chat: i64) -> Option<OutboxRecord> {
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        let next = queues.get_mut(&chat).and_then(VecDeque::pop_front);
        if next.is_none() {
            queues.remove(&chat);
        }
        next
    }

    fn drop_chat(&self, chat: i64) -> usize {
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        let dropped = queues.remove(&chat).map(|q| q.len()).unwrap_or(0);
        self.in_flight.fetch_sub(dropped, Ordering::SeqCst);
        dropped
    }
}

/// Spaces sends evenly: each caller gets the next free slot.
struct Pacer {
    next: Mutex<Instant>,
    interval: Duration,
}

impl Pacer {
    fn new(per_sec: f64) -> Self {
        Pacer {
            next: Mutex::new(Instant::now()),
            interval: Duration::from_secs_f64(1.0 / per_sec.max(0.001)),
        }
    }

    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Telegram said "too many requests": nobody sends until then.
    fn hold_until(&self, until: Instant) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        *next = (*next).max(until);
    }
}

/// Per-chat token bucket: `burst` messages at once, then `per_sec`.
struct ChatBuckets {
    buckets: Mutex<HashMap<i64, (f64, Instant)>>,
    per_sec: f64,
    burst: f64,
}

impl ChatBuckets {
    /// How long the chat must wait before its next message; takes the token.
    fn reserve(&self, chat: i64) -> Duration {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 50_000 {
            // Forget idle chats; their buckets would be full again anyway.
            buckets.retain(|_, (_, at)| now.duration_since(*at) < Duration::from_secs(60));
        }
        let (tokens, at) = buckets.entry(chat).or_insert((self.burst, now));
        let refilled = (*tokens + now.duration_since(*at).as_secs_f64() * self.per_sec).min(self.burst);
        *tokens = refilled - 1.0;
        *at = now;
        if *tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-*tokens / self.per_sec)
        }
    }
}

/// Hooks into the rest of the service for delivery facts it must act on.
pub trait DeliveryEvents: Send + Sync + 'static {
    /// Telegram says the chat cannot be reached: the participant blocked the bot or is gone.
    fn unreachable(&self, chat_id: i64, reason: String) -> BoxFuture<'_, ()>;
}

/// A boxed future, so [`DeliveryEvents`] stays object safe.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Everything a running dispatcher needs.
pub struct Dispatcher {
    pub bot: Bot,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub settings: DispatchSettings,
    pub wake: Arc<Notify>,
    pub events: Arc<dyn DeliveryEvents>,
}

impl Dispatcher {
    /// Sends until `shutdown`. Claims due messages continuously (up to [`MAX_IN_FLIGHT`]) so a
    /// slow chat never holds back the others; one worker per chat keeps that chat's order.
    /// On shutdown the message in hand is finished and the rest are released for the next start.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let shared = Arc::new(Shared {
            pacer: Pacer::new(this.settings.global_per_sec),
            buckets: ChatBuckets {
                buckets: Mutex::new(HashMap::new()),
                per_sec: this.settings.chat_per_sec,
                burst: f64::from(this.settings.chat_burst.max(1)),
            },
            queues: Mutex::new(HashMap::new()),
            in_flight: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        });
        let mut workers = JoinSet::new();
        loop {
            if *shutdown.borrow() {
                break;
            }
            let capacity = MAX_IN_FLIGHT.saturating_sub(shared.in_flight.load(Ordering::SeqCst));
            let mut claimed = 0;
            if capacity > 0 {
                match this.claim(capacity.min(CLAIM_BATCH)).await {
                    Ok(rows) => {
                        claimed = rows.len();
                        for row in rows {
                            if let Some(chat) = shared.enqueue(row) {
                                let (this, shared) = (this.clone(), shared.clone());
                                workers.spawn(async move { this.chat_worker(chat, &shared).await });
                            }
                        }
                    }
                    Err(error) => tracing::error!(%error, "cannot claim outbox messages"),
                }
            }
            while let Some(done) = workers.try_join_next() {
                if let Err(error) = done {
                    tracing::error!(%error, "a send worker failed; its messages are sent again later");
                }
            }
            if claimed == 0 {
                tokio::select! {
                    _ = this.wake.notified() => {}
                    _ = tokio::time::sleep(this.settings.idle_poll) => {}
                    Some(_) = workers.join_next(), if !workers.is_empty() => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        shared.stopping.store(true, Ordering::SeqCst);
        while workers.join_next().await.is_some() {}
        let unsent: Vec<i64> = {
            let mut queues = shared.queues.lock().unwrap_or_else(|e| e.into_inner());
            queues
                .drain()
                .flat_map(|(_, q)| q.into_iter().map(|r| r.id))
                .collect()
        };
        if !unsent.is_empty() {
            let released = async {
                let mut tx = this.store.begin().await?;
                tx.release_outbox(&unsent).await?;
                tx.commit().await
            }
            .await;
            match released {
                Ok(()) => tracing::info!(
                    released = unsent.len(),
                    "unsent messages released for the next start"
                ),
                Err(error) => tracing::error!(%error, "cannot release unsent messages; their claim expires"),
            }
        }
        tracing::info!("dispatcher stopped");
    }

    /// Sends one chat's queued messages in order until the queue is empty.
    async fn chat_worker(&self, chat: i64, shared: &Shared) {
        loop {
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            let Some(row) = shared.next_for(chat) else { return };
            let reachable = self.deliver(&row, &shared.pacer, &shared.buckets).await;
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
            if !reachable {
                // Telegram refused the chat: what is still queued for it was cancelled.
                let dropped = shared.drop_chat(chat);
                tracing::debug!(chat_id = chat, dropped, "chat unreachable; queue dropped");
                return;
            }
        }
    }

    async fn claim(&self, limit: usize) -> anyhow::Result<Vec<OutboxRecord>> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let rows = tx
            .claim_outbox(now, now + ChronoDuration::minutes(10), limit as i64)
            .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// Sends one message until it is settled. Returns false when the chat became unreachable.
    async fn deliver(&self, row: &OutboxRecord, pacer: &Pacer, buckets: &ChatBuckets) -> bool {
        let outgoing: Outgoing = match serde_json::from_str(&row.payload) {
            Ok(o) => o,
            Err(error) => {
                self.settle(row, Err(format!("unreadable payload: {error}")))
                    .await;
                return true;
            }
        };
        let mut transient_failures = 0u32;
        loop {
            let wait = buckets.reserve(row.chat_id);
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            pacer.wait().await;
            match self.send(row.chat_id, &outgoing).await {
                Outcome::Sent(message_id) => {
                    self.settle(row, Ok(message_id)).await;
                    return true;
                }
                Outcome::Permanent(error) => {
                    tracing::warn!(outbox_id = row.id, chat_id = row.chat_id, %error, "message refused");
                    self.settle(row, Err(error)).await;
                    return true;
                }
                Outcome::Unreachable(reason) => {
                    tracing::info!(outbox_id = row.id, chat_id = row.chat_id, %reason, "chat unreachable");
                    self.events.unreachable(row.chat_id, reason).await;
                    return false;
                }
                Outcome::RetryAfter(wait) => {
                    tracing::warn!(
                        outbox_id = row.id,
                        wait_s = wait.as_secs(),
                        "rate limited by Telegram"
                    );
                    pacer.hold_until(Instant::now() + wait);
                }
                Outcome::Transient(error) => {
                    transient_failures += 1;
                    if transient_failures > self.settings.max_transient_retries {
                        tracing::error!(outbox_id = row.id, %error, "giving up on message");
                        self.settle(row, Err(error)).await;
                        return true;
                    }
                    let backoff = backoff_with_jitter(self.settings.first_backoff, transient_failures);
                    tracing::warn!(outbox_id = row.id, %error, retry_in_ms = backoff.as_millis() as u64, "send failed");
                    tokio::time::sleep(backoff).await;
                }
            }
        }
    }

    /// Records the final outcome. If the database is briefly unavailable the claim simply runs
    /// out and the message is sent again later: at-least-once rather than lost.
    async fn settle(&self, row: &OutboxRecord, result: Result<Option<i64>, String>) {
        let now = self.clock.now();
        let outcome = async {
            let mut tx = self.store.begin().await?;
            match &result {
                Ok(message_id) => tx.outbox_sent(row.outbox_id(), *message_id, now).await?,
                Err(error) => tx.outbox_dead(row.outbox_id(), error).await?,
            }
            tx.commit().await
        }
        .await;
        if let Err(error) = outcome {
            tracing::error!(outbox_id = row.id, %error, "cannot record delivery outcome");
        }
    }

    async fn send(&self, chat_id: i64, outgoing: &Outgoing) -> Outcome {
        let chat = ChatId(chat_id);
        let result = match outgoing {
            Outgoing::Text { text, buttons } => {
                let mut request = self.bot.send_message(chat, fit_text(text));
                if !buttons.is_empty() {
                    request = request.reply_markup(markup(buttons));
                }
                request.await.map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Edit {
                message_id,
                text,
                buttons,
            } => {
                let mut request = self
                    .bot
                    .edit_message_text(chat, MessageId(*message_id), fit_text(text));
                if !buttons.is_empty() {
                    request = request.reply_markup(markup(buttons));
                }
                request.await.map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Photo { caption, png } => {
                let file = InputFile::memory(png.clone()).file_name("chart.png");
                let caption: String = caption.chars().take(MAX_CAPTION_CHARS).collect();
                self.bot
                    .send_photo(chat, file)
                    .caption(caption)
                    .await
                    .map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Document {
                caption,
                file_name,
                content,
            } => {
                let file = InputFile::memory(content.clone()).file_name(file_name.clone());
                let caption: String = caption.chars().take(MAX_CAPTION_CHARS).collect();
                self.bot
                    .send_document(chat, file)
                    .caption(caption)
                    .await
                    .map(|m| Some(i64::from(m.id.0)))
            }
        };
        classify(result)
    }
}

fn classify(result: Result<Option<i64>, RequestError>) -> Outcome {
    match result {
        Ok(id) => Outcome::Sent(id),
        Err(RequestError::Api(ApiError::MessageNotModified)) => Outcome::Sent(None),
        Err(RequestError::Api(
            error @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots),
        )) => Outcome::Unreachable(error.to_string()),
        Err(RequestError::RetryAfter(secs)) => Outcome::RetryAfter(secs.duration()),
        Err(error @ (RequestError::Network(_) | RequestError::Io(_))) => {
            Outcome::Transient(error.to_string())
        }
        Err(RequestError::Api(ApiError::Unknown(text)))
            if text.contains("Internal Server Error") || text.contains("Bad Gateway") =>
        {
            Outcome::Transient(text)
        }
        Err(error) => Outcome::Permanent(error.to_string()),
    }
}

fn markup(buttons: &Keyboard) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.iter().map(|row| {
        row.iter()
            .filter_map(|b| match (&b.data, &b.url) {
                (Some(data), _) => Some(InlineKeyboardButton::callback(b.text.clone(), data.clone())),
                (None, Some(url)) => url
                    .parse()
                    .ok()
                    .map(|u| InlineKeyboardButton::url(b.text.clone(), u)),
                (None, None) => None,
            })
            .collect::<Vec<_>>()
    }))
}

/// Exponential backoff with ±25 % jitter, so many failing sends do not retry in lockstep.
fn backoff_with_jitter(first: Duration, attempt: u32) -> Duration {
    use rand::Rng;
    let base = first.saturating_mul(1u32 << attempt.min(10).saturating_sub(1));
    let base = base.min(Duration::from_secs(60));
    let factor = rand::thread_rng().gen_range(0.75..1.25);
    base.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let first = Duration::from_millis(500);
        let b1 = backoff_with_jitter(first, 1);
        let b4 = backoff_with_jitter(first, 4);
        assert!(b1 >= Duration::from_millis(375) && b1 <= Duration::from_millis(625));
        assert!(b4 >= Duration::from_millis(3000) && b4 <= Duration::from_millis(5000));
        assert!(backoff_with_jitter(first, 30) <= Duration::from_secs(75));
    }

    #[tokio::test(start_paused = true)]
    async fn chat_buckets_allow_a_burst_then_pace() {
        let buckets = ChatBuckets {
            buckets: Mutex::new(HashMap::new()),
            per_sec: 1.0,
            burst: 3.0,
        };
        let waits: Vec<Duration> = (0..5).map(|_| buckets.reserve(7)).collect();
        assert_eq!(&waits[..3], &[Duration::ZERO; 3]);
        assert!(waits[3] > Duration::from_millis(900) && waits[4] > Duration::from_millis(1900));
        assert_eq!(
            buckets.reserve(8),
            Duration::ZERO,
            "another chat is not held back"
        );
    }
}
