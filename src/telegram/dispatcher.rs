//! The outbox dispatcher: claims due messages from the outbox and sends them within Telegram's
//! limits (≈30 messages/s per bot, ≈1 message/s per chat with short bursts). A message leaves
//! the outbox only when Telegram confirmed it, refused it for good, or it was given up on.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Duration as ChronoDuration;
use teloxide::prelude::*;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, MessageId};
use teloxide::{ApiError, RequestError};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::clock::Clock;
use crate::store::{OutboxRecord, Store};
use crate::telegram::outgoing::{Keyboard, Outgoing, fit_text};

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
    /// Sends until `shutdown`; finishes the batch in hand before returning.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let pacer = Arc::new(Pacer::new(this.settings.global_per_sec));
        let buckets = Arc::new(ChatBuckets {
            buckets: Mutex::new(HashMap::new()),
            per_sec: this.settings.chat_per_sec,
            burst: f64::from(this.settings.chat_burst.max(1)),
        });
        loop {
            if *shutdown.borrow() {
                break;
            }
            let claimed = match this.claim().await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::error!(%error, "cannot claim outbox messages");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                tokio::select! {
                    _ = this.wake.notified() => {}
                    _ = tokio::time::sleep(this.settings.idle_poll) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            let mut by_chat: BTreeMap<i64, Vec<OutboxRecord>> = BTreeMap::new();
            for row in claimed {
                by_chat.entry(row.chat_id).or_default().push(row);
            }
            let tasks: Vec<_> = by_chat
                .into_values()
                .map(|rows| {
                    let this = this.clone();
                    let pacer = pacer.clone();
                    let buckets = buckets.clone();
                    tokio::spawn(async move { this.send_chat(rows, &pacer, &buckets).await })
                })
                .collect();
            for task in tasks {
                if let Err(error) = task.await {
                    tracing::error!(%error, "a send task failed; its messages are retried");
                }
            }
        }
        tracing::info!("dispatcher stopped");
    }

    async fn claim(&self) -> anyhow::Result<Vec<OutboxRecord>> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let rows = tx
            .claim_outbox(now, now + ChronoDuration::minutes(10), 100)
            .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// One chat's messages, in order, paced per chat and for the bot.
    async fn send_chat(&self, rows: Vec<OutboxRecord>, pacer: &Pacer, buckets: &ChatBuckets) {
        for (index, row) in rows.iter().enumerate() {
            let finished = self.deliver(row, pacer, buckets).await;
            if !finished {
                // The chat is unreachable: the rest were cancelled with it.
                tracing::debug!(
                    chat_id = row.chat_id,
                    skipped = rows.len() - index - 1,
                    "chat unreachable"
                );
                break;
            }
        }
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
