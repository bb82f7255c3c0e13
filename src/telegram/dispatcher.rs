//! The outbox dispatcher: claims due messages from the outbox and sends them within Telegram's
//! limits (≈30 messages in any one second per bot, ≈1 message/s per chat with short bursts). A
//! message leaves the outbox only when Telegram confirmed it, refused it for good, or it was
//! given up on.
//!
//! One loop decides every send at the moment it goes: the highest-priority message whose chat
//! may receive now, if the bot-wide budget has room now ([`SendBudget`]). Both limits are kept
//! on actual send times, with a margin (by default 28/s and one message per 1.1 s per chat), so
//! a timer that fires late or a machine that stalls can delay sends but never bunch them.
//! Edits (`editMessageText`) are paced per chat only and go ahead of sends. Callback answers
//! are normally sent by [`super::answers`] the moment their press committed; the ones that
//! come here (that try failed, or the process died first) go at once, outside every budget.
//! One chat never holds more than [`DispatchSettings::chat_queue_cap`] claimed messages, so a
//! flood to one chat cannot fill the memory the others need.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as ChronoDuration;
use teloxide::prelude::*;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};
use teloxide::{ApiError, RequestError};
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::store::{OutboxRecord, Priority, Store};
// Still reachable here for the callers elsewhere (app, chat); they live in errors.rs.
pub(crate) use crate::telegram::errors::{error_kind, json_error_kind};
use crate::telegram::outgoing::{Keyboard, MAX_CAPTION_CHARS, Outgoing, fit_text};

/// Limits and patience of the dispatcher.
#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Sends per second for the whole bot (`SEND_RATE_PER_SEC`): sends are spaced evenly at
    /// this rate, and at most this many plus one (rounded down) count in any one second, the
    /// way Telegram counts (see [`SendBudget`]). Telegram allows 30; the default 28 keeps a
    /// margin. Edits do not use this budget.
    pub global_per_sec: f64,
    /// Messages per second to one chat once the burst is used (`CHAT_SEND_INTERVAL_MS`; by
    /// default one per 1.1 s, Telegram allows about one per second). Edits have a bucket of
    /// their own with the same pace.
    pub chat_per_sec: f64,
    /// How many messages one chat may receive at once before pacing sets in.
    pub chat_burst: u32,
    /// At most this many of one chat's messages are claimed at once (in memory or in flight),
    /// so a flood to one chat never takes the places the other chats need.
    pub chat_queue_cap: usize,
    /// How often to look for due messages when nobody wakes the dispatcher.
    pub idle_poll: Duration,
    /// Transient failures (network, 5xx) are retried this many times before the message dies.
    pub max_transient_retries: u32,
    /// First pause after a transient failure; doubles each time (with jitter).
    pub first_backoff: Duration,
}

/// Sends per second by default: two below Telegram's 30, for clocks and stalls.
pub const DEFAULT_SEND_RATE_PER_SEC: f64 = 28.0;
/// The highest `SEND_RATE_PER_SEC` accepted: one below Telegram's 30.
pub const MAX_SEND_RATE_PER_SEC: f64 = 29.0;
/// Messages of one chat claimed at once by default: about ten seconds of that chat's pace.
pub const DEFAULT_CHAT_QUEUE_CAP: usize = 10;
/// Time between two messages to one chat by default (Telegram: about 1 s).
pub const DEFAULT_CHAT_SEND_INTERVAL: Duration = Duration::from_millis(1100);
/// The shortest `CHAT_SEND_INTERVAL_MS` accepted: Telegram's own 1 s.
pub const MIN_CHAT_SEND_INTERVAL: Duration = Duration::from_millis(1000);

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            global_per_sec: DEFAULT_SEND_RATE_PER_SEC,
            chat_per_sec: 1.0 / DEFAULT_CHAT_SEND_INTERVAL.as_secs_f64(),
            chat_burst: 3,
            chat_queue_cap: DEFAULT_CHAT_QUEUE_CAP,
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

/// Claimed messages held in memory at most (queued or in flight): ~10 s at Telegram's rate.
const MAX_HELD: usize = 300;
/// Rows taken from the outbox in one claim.
const CLAIM_BATCH: usize = 100;
/// When memory is full of ordinary messages, replies and urgent ones may still be claimed,
/// this many more, so a backlog never delays an answer.
const EXPRESS_ROOM: usize = 50;
/// How long a send counts against the bot-wide budget after Telegram answered it.
const WINDOW: Duration = Duration::from_secs(1);
/// After a 429 sends resume at 1/`SLOW_START_FACTOR` of the rate …
const SLOW_START_FACTOR: f64 = 4.0;
/// … and are back at the full rate after this long.
const SLOW_START: Duration = Duration::from_secs(3);
/// How often the dispatcher writes its stats line (when it did anything).
const STATS_EVERY: Duration = Duration::from_secs(60);

/// The bot-wide send budget, kept the way Telegram counts: actual sends in any one second.
///
/// A send counts from the moment it is started until [`WINDOW`] after its answer came back.
/// Telegram stamps it somewhere in between, so however late a request reaches Telegram (a busy
/// machine, a slow network), the sends Telegram sees in any one second are never more than the
/// ones counted here, which are at most `rate + 1`. On top, sends are spaced `1/rate` apart, so
/// a backlog leaves evenly rather than in bursts (and a stall delays sends rather than bunching
/// them), and after a 429 the spacing starts
/// [`SLOW_START_FACTOR`] times wider and narrows back over [`SLOW_START`].
#[derive(Debug)]
struct SendBudget {
    gap: Duration,
    cap: usize,
    in_flight: usize,
    /// When answered sends stop counting, earliest first.
    counted_until: VecDeque<Instant>,
    /// When the next send is due on the even grid.
    next_slot: Option<Instant>,
    held_until: Option<Instant>,
}

impl SendBudget {
    fn new(per_sec: f64) -> Self {
        let per_sec = per_sec.max(0.01);
        SendBudget {
            gap: Duration::from_secs_f64(1.0 / per_sec),
            cap: per_sec.floor() as usize + 1,
            in_flight: 0,
            counted_until: VecDeque::new(),
            next_slot: None,
            held_until: None,
        }
    }

    /// The earliest moment (≥ `now`) a send may start; `None` while the window is full of
    /// sends still waiting for their answer.
    fn next_start(&mut self, now: Instant) -> Option<Instant> {
        while self.counted_until.front().is_some_and(|t| *t <= now) {
            self.counted_until.pop_front();
        }
        let mut at = now;
        if let Some(held) = self.held_until {
            at = at.max(held);
        }
        if let Some(slot) = self.next_slot {
            at = at.max(slot);
        }
        let counted = self.in_flight + self.counted_until.len();
        if counted >= self.cap {
            // The (counted - cap + 1)-th oldest answered send must drop out first.
            at = at.max(*self.counted_until.get(counted - self.cap)?);
        }
        Some(at)
    }

    /// The spacing after a send due at `start`: wider just after a 429.
    fn gap_after(&self, start: Instant) -> Duration {
        let Some(held) = self.held_until else {
            return self.gap;
        };
        let since = start.saturating_duration_since(held);
        if since >= SLOW_START {
            return self.gap;
        }
        let left = 1.0 - since.as_secs_f64() / SLOW_START.as_secs_f64();
        self.gap.mul_f64(1.0 + (SLOW_START_FACTOR - 1.0) * left)
    }

    /// A send starts at `now`. A loop that woke a little late (under half a gap) stays on the
    /// grid, so timer slack does not cost throughput; after a longer stall the grid starts
    /// again from now, so the late sends are not caught up in a burst.
    fn start(&mut self, now: Instant) {
        self.in_flight += 1;
        let on_grid = self
            .next_slot
            .filter(|slot| now.saturating_duration_since(*slot) < self.gap / 2)
            .unwrap_or(now);
        self.next_slot = Some(on_grid + self.gap_after(on_grid));
    }

    /// The send started earlier was answered at `answered`.
    fn finish(&mut self, answered: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let until = answered + WINDOW;
        let at = self.counted_until.partition_point(|t| *t <= until);
        self.counted_until.insert(at, until);
    }

    /// Telegram said "too many requests": nobody sends before `until`, then slowly.
    fn hold(&mut self, until: Instant) {
        self.held_until = Some(self.held_until.map_or(until, |h| h.max(until)));
    }
}

/// A per-chat token bucket on actual times: `burst` messages at once, then `per_sec`. A message
/// is counted when its answer came back (Telegram counted it at some moment before that).
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Pace of a chat's buckets.
#[derive(Debug, Clone, Copy)]
struct Pace {
    per_sec: f64,
    burst: f64,
}

impl Pace {
    fn full(&self, now: Instant) -> Bucket {
        Bucket {
            tokens: self.burst,
            at: now,
        }
    }

    fn tokens(&self, bucket: &Bucket, now: Instant) -> f64 {
        let refill = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_sec;
        (bucket.tokens + refill).min(self.burst)
    }

    /// When the chat may receive its next message (≥ `now`).
    fn ready_at(&self, bucket: &Bucket, now: Instant) -> Instant {
        let tokens = self.tokens(bucket, now);
        if tokens >= 1.0 - 1e-9 {
            now
        } else {
            now + Duration::from_secs_f64((1.0 - tokens) / self.per_sec)
        }
    }

    fn take(&self, bucket: &mut Bucket, answered: Instant) {
        let at = answered.max(bucket.at);
        bucket.tokens = self.tokens(bucket, at) - 1.0;
        bucket.at = at;
    }

    /// The bucket is full again: the chat's state can be forgotten.
    fn is_full(&self, bucket: &Bucket, now: Instant) -> bool {
        self.tokens(bucket, now) >= self.burst - 1e-9
    }
}

/// A claimed message waiting in its chat's lane.
#[derive(Debug)]
struct Queued {
    row: OutboxRecord,
    outgoing: Arc<Outgoing>,
    transient_failures: u32,
}

/// Lane order: highest priority first, then oldest first. `Priority`'s variants are declared
/// from lowest to highest, so `Reverse` sorts the highest first.
type LaneKey = (Reverse<Priority>, i64);

/// One chat: its waiting messages and its pace. At most one request per chat is in flight, so
/// a chat's messages arrive in order.
#[derive(Debug)]
struct Lane {
    queue: BTreeMap<LaneKey, Queued>,
    busy: bool,
    sends: Bucket,
    edits: Bucket,
    /// Not before this (a 429 or a backoff after a network error).
    retry_at: Option<Instant>,
}

/// The priority a message is sent with: an edit is at least a reply.
fn priority_of(row: &OutboxRecord, outgoing: &Outgoing) -> Priority {
    let stored = Priority::from_stored(row.priority);
    if outgoing.is_edit() {
        stored.max(Priority::Reply)
    } else {
        stored
    }
}

/// A message and its final outcome (Telegram's message id, or why it died), to be recorded.
type FinalOutcome = (OutboxRecord, Result<Option<i64>, String>);

/// One answered request, back from its task.
struct Done {
    chat: i64,
    queued: Queued,
    outcome: Outcome,
    answered: Instant,
}

/// Counters for the stats line.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    sent: u64,
    edited: u64,
    rate_limited: u64,
    failed: u64,
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

/// The loop's state: lanes, budgets and what is held in memory.
struct Plan {
    lanes: HashMap<i64, Lane>,
    budget: SendBudget,
    pace: Pace,
    /// A 429 on an edit holds all edits until then.
    edits_held_until: Option<Instant>,
    /// Claimed rows in memory: queued in a lane or in flight (callback answers not counted).
    held: usize,
    /// Callback answers the quick path did not deliver: sent outside every budget and every
    /// chat's order, each not before its time.
    express: Vec<(Instant, Queued)>,
    /// Outcomes to record, many in one transaction (see [`Dispatcher::record_outcomes`]).
    outcomes: Option<mpsc::UnboundedSender<FinalOutcome>>,
}

impl Plan {
    fn add(&mut self, row: OutboxRecord, outgoing: Outgoing, now: Instant) {
        if outgoing.is_callback_answer() {
            let queued = Queued {
                row,
                outgoing: Arc::new(outgoing),
                transient_failures: 0,
            };
            self.express.push((now, queued));
            return;
        }
        let key = (Reverse(priority_of(&row, &outgoing)), row.id);
        let pace = self.pace;
        let lane = self.lanes.entry(row.chat_id).or_insert_with(|| Lane {
            queue: BTreeMap::new(),
            busy: false,
            sends: pace.full(now),
            edits: pace.full(now),
            retry_at: None,
        });
        lane.queue.insert(
            key,
            Queued {
                row,
                outgoing: Arc::new(outgoing),
                transient_failures: 0,
            },
        );
        self.held += 1;
    }

    /// The best message that may go now, or when to look again (`None`: wait for an answer).
    fn pick(&mut self, now: Instant) -> Result<i64, Option<Instant>> {
        let send_at = self.budget.next_start(now);
        let edits_at = self.edits_held_until.filter(|t| *t > now);
        let mut best: Option<(LaneKey, i64)> = None;
        let mut next: Option<Instant> = None;
        for (chat, lane) in &self.lanes {
            if lane.busy {
                continue;
            }
            let Some((key, queued)) = lane.queue.first_key_value() else {
                continue;
            };
            let mut at = lane.retry_at.map_or(now, |t| t.max(now));
            if queued.outgoing.is_edit() {
                at = at.max(self.pace.ready_at(&lane.edits, now));
                if let Some(held) = edits_at {
                    at = at.max(held);
                }
            } else {
                at = at.max(self.pace.ready_at(&lane.sends, now));
                match send_at {
                    Some(t) => at = at.max(t),
                    None => continue,
                }
            }
            if at <= now {
                if best.as_ref().is_none_or(|(k, _)| key < k) {
                    best = Some((*key, *chat));
                }
            } else {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        }
        best.map(|(_, chat)| chat).ok_or(next)
    }

    /// Takes the chat's best message for sending.
    fn take(&mut self, chat: i64, now: Instant) -> Option<Queued> {
        let lane = self.lanes.get_mut(&chat)?;
        let (_, queued) = lane.queue.pop_first()?;
        lane.busy = true;
        if !queued.outgoing.is_edit() {
            self.budget.start(now);
        }
        Some(queued)
    }

    /// Bookkeeping for an answered request; the caller decides what becomes of the message.
    fn answered(&mut self, chat: i64, edit: bool, answered: Instant) {
        if !edit {
            self.budget.finish(answered);
        }
        if let Some(lane) = self.lanes.get_mut(&chat) {
            lane.busy = false;
            let bucket = if edit { &mut lane.edits } else { &mut lane.sends };
            self.pace.take(bucket, answered);
        }
    }

    /// Puts a message back at its place in the chat's lane, not to go before `at`.
    fn put_back(&mut self, chat: i64, queued: Queued, at: Instant) {
        let key = (Reverse(priority_of(&queued.row, &queued.outgoing)), queued.row.id);
        if let Some(lane) = self.lanes.get_mut(&chat) {
            lane.retry_at = Some(lane.retry_at.map_or(at, |t| t.max(at)));
            lane.queue.insert(key, queued);
        }
    }

    /// Forgets what is queued for a chat; returns how many messages that was.
    fn drop_chat(&mut self, chat: i64) -> usize {
        let dropped = self
            .lanes
            .get_mut(&chat)
            .map(|lane| std::mem::take(&mut lane.queue).len())
            .unwrap_or(0);
        self.held -= dropped;
        dropped
    }

    /// Forgets idle chats whose buckets are full again.
    fn forget_idle(&mut self, now: Instant) {
        let pace = self.pace;
        self.lanes.retain(|_, lane| {
            lane.busy
                || !lane.queue.is_empty()
                || !(pace.is_full(&lane.sends, now) && pace.is_full(&lane.edits, now))
        });
    }

    /// Has an outcome recorded: batched by the recorder when it runs, else on its own.
    fn record(
        &self,
        dispatcher: &Arc<Dispatcher>,
        tasks: &mut JoinSet<()>,
        row: OutboxRecord,
        result: Result<Option<i64>, String>,
    ) {
        let unsent = match &self.outcomes {
            Some(outcomes) => outcomes.send((row, result)).err().map(|e| e.0),
            None => Some((row, result)),
        };
        if let Some((row, result)) = unsent {
            let this = dispatcher.clone();
            tasks.spawn(async move { this.settle(&row, result).await });
        }
    }

    /// Callback answers that may go now; the earliest time of the rest.
    fn take_express(&mut self, now: Instant) -> (Vec<Queued>, Option<Instant>) {
        let (ready, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.express)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.express = waiting;
        let next = self.express.iter().map(|(at, _)| *at).min();
        (ready.into_iter().map(|(_, q)| q).collect(), next)
    }

    fn in_flight(&self) -> bool {
        self.lanes.values().any(|lane| lane.busy)
    }

    /// Everything still queued, for releasing on shutdown.
    fn drain(&mut self) -> Vec<i64> {
        let ids: Vec<i64> = self
            .lanes
            .values_mut()
            .flat_map(|lane| std::mem::take(&mut lane.queue).into_values().map(|q| q.row.id))
            .collect();
        self.held -= ids.len();
        let mut ids = ids;
        ids.extend(self.express.drain(..).map(|(_, q)| q.row.id));
        ids
    }
}

fn method_of(outgoing: &Outgoing) -> &'static str {
    match outgoing {
        Outgoing::Text { .. } => "sendMessage",
        Outgoing::Edit { .. } => "editMessageText",
        Outgoing::Photo { .. } => "sendPhoto",
        Outgoing::Document { .. } => "sendDocument",
        Outgoing::AnswerCallback { .. } => "answerCallbackQuery",
    }
}

impl Dispatcher {
    /// Sends until `shutdown`. Claims due messages continuously (up to [`MAX_HELD`]) so a slow
    /// chat never holds back the others; one request per chat at a time keeps that chat's order.
    /// On shutdown the requests in flight are finished and the rest released for the next start.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let mut plan = Plan {
            lanes: HashMap::new(),
            budget: SendBudget::new(this.settings.global_per_sec),
            pace: Pace {
                per_sec: this.settings.chat_per_sec.max(0.001),
                burst: f64::from(this.settings.chat_burst.max(1)),
            },
            edits_held_until: None,
            held: 0,
            express: Vec::new(),
            outcomes: None,
        };
        // One writer records the outcomes, a batch per transaction: a send that Telegram took
        // but that is not yet recorded is sent again after a crash, so the shorter that
        // backlog, the fewer duplicates; and fewer write transactions leave the database to
        // the handling of updates.
        let (outcomes_tx, outcomes_rx) = mpsc::unbounded_channel();
        plan.outcomes = Some(outcomes_tx);
        let recorder = tokio::spawn(this.clone().record_outcomes(outcomes_rx));
        let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Done>();
        let (claim_tx, mut claim_rx) =
            mpsc::unbounded_channel::<(usize, anyhow::Result<Vec<OutboxRecord>>)>();
        // Sends, settles and claims: awaited on shutdown, so nothing is cut off half-way.
        let mut tasks = JoinSet::new();
        let mut claiming = false;
        let mut want_claim = true;
        let mut more_in_db = false;
        let mut idle_claim_at = Instant::now() + this.settings.idle_poll;
        let mut counts = Counts::default();
        let mut reported = Counts::default();
        let mut stats_at = Instant::now() + STATS_EVERY;
        let mut stopping = false;
        loop {
            let now = Instant::now();
            if !stopping && *shutdown.borrow() {
                stopping = true;
            }
            if stopping && !plan.in_flight() && !claiming {
                break;
            }
            if now >= idle_claim_at {
                want_claim = true;
                idle_claim_at = now + this.settings.idle_poll;
                plan.forget_idle(now);
            }
            if now >= stats_at {
                if counts != reported {
                    tracing::info!(
                        sent = counts.sent - reported.sent,
                        edited = counts.edited - reported.edited,
                        rate_limited = counts.rate_limited - reported.rate_limited,
                        failed = counts.failed - reported.failed,
                        waiting = plan.held,
                        "dispatcher: the last minute"
                    );
                    reported = counts;
                }
                stats_at = now + STATS_EVERY;
            }
            if want_claim && !claiming && !stopping {
                let claim = if plan.held < MAX_HELD {
                    Some(((MAX_HELD - plan.held).min(CLAIM_BATCH), Priority::Bulk))
                } else if plan.held < MAX_HELD + EXPRESS_ROOM {
                    Some((MAX_HELD + EXPRESS_ROOM - plan.held, Priority::Reply))
                } else {
                    None
                };
                if let Some((limit, min_priority)) = claim {
                    claiming = true;
                    let (this, claim_tx) = (this.clone(), claim_tx.clone());
                    tasks.spawn(async move {
                        let _ = claim_tx.send((limit, this.claim(limit, min_priority).await));
                    });
                }
                want_claim = false;
            }
            // Everything that may go now, best first; then sleep until the next one may.
            let next = if stopping {
                None
            } else {
                this.launch_ready(&mut plan, &mut tasks, &done_tx)
            };
            let wake_at = [Some(idle_claim_at), Some(stats_at), next]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(idle_claim_at);
            tokio::select! {
                Some(done) = done_rx.recv() => {
                    this.on_done(done, &mut plan, &mut counts, &mut tasks);
                    while let Ok(done) = done_rx.try_recv() {
                        this.on_done(done, &mut plan, &mut counts, &mut tasks);
                    }
                    if more_in_db && plan.held + CLAIM_BATCH <= MAX_HELD {
                        want_claim = true;
                    }
                }
                Some((limit, claimed)) = claim_rx.recv() => {
                    claiming = false;
                    match claimed {
                        Ok(rows) => {
                            more_in_db = rows.len() >= limit;
                            want_claim = more_in_db;
                            let now = Instant::now();
                            for row in rows {
                                match serde_json::from_str::<Outgoing>(&row.payload) {
                                    Ok(outgoing) => plan.add(row, outgoing, now),
                                    Err(error) => {
                                        let this = this.clone();
                                        tasks.spawn(async move {
                                            this.settle(&row, Err(format!("unreadable payload: {}", json_error_kind(&error)))).await;
                                        });
                                    }
                                }
                            }
                        }
                        Err(error) => tracing::error!(%error, "cannot claim outbox messages"),
                    }
                }
                _ = this.wake.notified(), if !stopping => want_claim = true,
                _ = tokio::time::sleep_until(wake_at), if !stopping => {}
                Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                    if let Err(error) = joined {
                        tracing::error!(%error, "a send task failed; its message is sent again later");
                    }
                }
                _ = shutdown.changed(), if !stopping => {}
            }
        }
        while let Some(joined) = tasks.join_next().await {
            if let Err(error) = joined {
                tracing::error!(%error, "a send task failed; its message is sent again later");
            }
        }
        // Answers that came in while the last tasks finished.
        while let Ok(done) = done_rx.try_recv() {
            this.on_done(done, &mut plan, &mut counts, &mut tasks);
        }
        while tasks.join_next().await.is_some() {}
        plan.outcomes = None;
        if let Err(error) = recorder.await {
            tracing::error!(%error, "the outcome recorder failed; unrecorded messages are sent again later");
        }
        let unsent = plan.drain();
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
        tracing::info!(
            sent = counts.sent,
            edited = counts.edited,
            rate_limited = counts.rate_limited,
            failed = counts.failed,
            "dispatcher stopped"
        );
    }

    /// Sends one message in its own task and reports the outcome on `done_tx`.
    fn spawn_send(
        self: &Arc<Self>,
        tasks: &mut JoinSet<()>,
        done_tx: &mpsc::UnboundedSender<Done>,
        chat: i64,
        queued: Queued,
    ) {
        let (this, done_tx) = (self.clone(), done_tx.clone());
        tasks.spawn(async move {
            let outcome = this.send(chat, &queued.outgoing).await;
            let answered = Instant::now();
            let _ = done_tx.send(Done {
                chat,
                queued,
                outcome,
                answered,
            });
        });
    }

    /// Starts every send and edit that may go now, best first. Returns when the next one may
    /// (`None`: when an answer comes back).
    fn launch_ready(
        self: &Arc<Self>,
        plan: &mut Plan,
        tasks: &mut JoinSet<()>,
        done_tx: &mpsc::UnboundedSender<Done>,
    ) -> Option<Instant> {
        let (express, express_next) = plan.take_express(Instant::now());
        for queued in express {
            let chat = queued.row.chat_id;
            self.spawn_send(tasks, done_tx, chat, queued);
        }
        loop {
            let chat = match plan.pick(Instant::now()) {
                Ok(chat) => chat,
                Err(next) => {
                    return [next, express_next].into_iter().flatten().min();
                }
            };
            let queued = plan.take(chat, Instant::now())?;
            self.spawn_send(tasks, done_tx, chat, queued);
        }
    }

    /// What becomes of a message after Telegram answered.
    fn on_done(self: &Arc<Self>, done: Done, plan: &mut Plan, counts: &mut Counts, tasks: &mut JoinSet<()>) {
        let Done {
            chat,
            mut queued,
            outcome,
            answered,
        } = done;
        let edit = queued.outgoing.is_edit();
        let outbox_id = queued.row.id;
        let this = self.clone();
        if queued.outgoing.is_callback_answer() {
            self.on_express_done(queued, outcome, answered, plan, tasks);
            return;
        }
        plan.answered(chat, edit, answered);
        match outcome {
            Outcome::Sent(message_id) => {
                if edit {
                    counts.edited += 1;
                } else {
                    counts.sent += 1;
                }
                plan.held -= 1;
                plan.record(&this, tasks, queued.row, Ok(message_id));
            }
            Outcome::Permanent(error) => {
                tracing::warn!(outbox_id, chat_id = chat, %error, "message refused");
                counts.failed += 1;
                plan.held -= 1;
                tasks.spawn(async move { this.settle(&queued.row, Err(error)).await });
            }
            Outcome::Unreachable(reason) => {
                tracing::info!(outbox_id, chat_id = chat, %reason, "chat unreachable");
                plan.held -= 1;
                // What is still queued for the chat is cancelled in the store by the event.
                let dropped = plan.drop_chat(chat);
                tracing::debug!(chat_id = chat, dropped, "chat unreachable; queue dropped");
                tasks.spawn(async move { this.events.unreachable(chat, reason).await });
            }
            Outcome::RetryAfter(wait) => {
                let method = method_of(&queued.outgoing);
                counts.rate_limited += 1;
                tracing::warn!(
                    method,
                    chat_id = chat,
                    outbox_id,
                    retry_after_s = wait.as_secs(),
                    "Telegram answered 429 Too Many Requests; holding {} until then",
                    if edit { "edits" } else { "sends" }
                );
                let until = answered + wait;
                if edit {
                    plan.edits_held_until = Some(plan.edits_held_until.map_or(until, |t| t.max(until)));
                } else {
                    plan.budget.hold(until);
                }
                plan.put_back(chat, queued, until);
                let what = format!("{} {method} chat {chat}", self.clock.now().to_rfc3339());
                tasks.spawn(async move { this.count_rate_limited(&what).await });
            }
            Outcome::Transient(error) => {
                queued.transient_failures += 1;
                if queued.transient_failures > self.settings.max_transient_retries {
                    tracing::error!(outbox_id, %error, "giving up on message");
                    counts.failed += 1;
                    plan.held -= 1;
                    tasks.spawn(async move { this.settle(&queued.row, Err(error)).await });
                } else {
                    let backoff = backoff_with_jitter(self.settings.first_backoff, queued.transient_failures);
                    tracing::warn!(outbox_id, %error, retry_in_ms = backoff.as_millis() as u64, "send failed");
                    plan.put_back(chat, queued, Instant::now() + backoff);
                }
            }
        }
    }

    /// A callback answer the dispatcher sent (the quick path had failed): no lane, no budget.
    fn on_express_done(
        self: &Arc<Self>,
        mut queued: Queued,
        outcome: Outcome,
        answered: Instant,
        plan: &mut Plan,
        tasks: &mut JoinSet<()>,
    ) {
        let this = self.clone();
        let outbox_id = queued.row.id;
        match outcome {
            Outcome::Sent(_) => {
                plan.record(&this, tasks, queued.row, Ok(None));
            }
            Outcome::Permanent(error) | Outcome::Unreachable(error) => {
                tracing::info!(outbox_id, %error, "callback answer refused; the press is not answered");
                tasks.spawn(async move { this.expire(&queued.row, &error).await });
            }
            Outcome::RetryAfter(wait) => {
                tracing::warn!(
                    outbox_id,
                    retry_after_s = wait.as_secs(),
                    "429 on answerCallbackQuery"
                );
                plan.express.push((answered + wait, queued));
            }
            Outcome::Transient(error) => {
                queued.transient_failures += 1;
                if queued.transient_failures > self.settings.max_transient_retries {
                    tracing::error!(outbox_id, %error, "giving up on callback answer");
                    tasks.spawn(async move { this.settle(&queued.row, Err(error)).await });
                } else {
                    let backoff = backoff_with_jitter(self.settings.first_backoff, queued.transient_failures);
                    plan.express.push((Instant::now() + backoff, queued));
                }
            }
        }
    }

    async fn claim(&self, limit: usize, min_priority: Priority) -> anyhow::Result<Vec<OutboxRecord>> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let rows = tx
            .claim_outbox(
                now,
                now + ChronoDuration::minutes(10),
                limit as i64,
                min_priority,
                self.settings.chat_queue_cap.max(1) as i64,
            )
            .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// Counts a 429 where operators look (`dead-letters`).
    async fn count_rate_limited(&self, what: &str) {
        let counted = async {
            let mut tx = self.store.begin().await?;
            tx.count_rate_limited(what).await?;
            tx.commit().await
        }
        .await;
        if let Err(error) = counted {
            tracing::error!(%error, "cannot count a 429");
        }
    }

    /// Records outcomes until every sender is gone, as many per transaction as are waiting.
    async fn record_outcomes(self: Arc<Self>, mut outcomes: mpsc::UnboundedReceiver<FinalOutcome>) {
        while let Some(first) = outcomes.recv().await {
            let mut batch = vec![first];
            while batch.len() < 200 {
                match outcomes.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            let now = self.clock.now();
            let recorded = async {
                let mut tx = self.store.begin().await?;
                for (row, result) in &batch {
                    match result {
                        Ok(message_id) => tx.outbox_sent(row.outbox_id(), *message_id, now).await?,
                        Err(error) => tx.outbox_dead(row.outbox_id(), error).await?,
                    }
                }
                tx.commit().await
            }
            .await;
            if let Err(error) = recorded {
                tracing::error!(%error, messages = batch.len(), "cannot record delivery outcomes");
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

    /// A callback answer Telegram no longer takes: cancelled, not a dead letter.
    async fn expire(&self, row: &OutboxRecord, error: &str) {
        let outcome = async {
            let mut tx = self.store.begin().await?;
            tx.outbox_expired(row.outbox_id(), error).await?;
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
            Outgoing::AnswerCallback {
                callback_query_id,
                text,
            } => {
                let mut request = self
                    .bot
                    .answer_callback_query(teloxide::types::CallbackQueryId(callback_query_id.clone()));
                if let Some(text) = text {
                    request = request.text(text.clone());
                }
                request.await.map(|_| None)
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
            Outcome::Transient(error_kind(&error))
        }
        Err(RequestError::Api(ApiError::Unknown(text)))
            if text.contains("Internal Server Error") || text.contains("Bad Gateway") =>
        {
            Outcome::Transient(text)
        }
        Err(error) => Outcome::Permanent(error_kind(&error)),
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

    fn row(id: i64, chat: i64, priority: Priority) -> OutboxRecord {
        OutboxRecord {
            id,
            chat_id: chat,
            participant_id: None,
            payload: String::new(),
            attempts: 0,
            priority: priority as i64,
        }
    }

    fn text() -> Outgoing {
        Outgoing::Text {
            text: "x".into(),
            buttons: Vec::new(),
        }
    }

    fn edit() -> Outgoing {
        Outgoing::Edit {
            message_id: 1,
            text: "x".into(),
            buttons: Vec::new(),
        }
    }

    fn plan(per_sec: f64) -> Plan {
        Plan {
            lanes: HashMap::new(),
            budget: SendBudget::new(per_sec),
            pace: Pace {
                per_sec: 1.0 / 1.1,
                burst: 3.0,
            },
            edits_held_until: None,
            held: 0,
            express: Vec::new(),
            outcomes: None,
        }
    }

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn sends_are_spaced_evenly_at_the_rate() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        assert_eq!(budget.next_start(t0), Some(t0));
        budget.start(t0);
        let next = budget.next_start(t0).unwrap();
        assert_eq!(next - t0, Duration::from_secs_f64(1.0 / 28.0));
    }

    #[test]
    fn a_send_counts_until_a_second_after_its_answer_and_in_flight_ones_count_too() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        assert_eq!(budget.cap, 29);
        let mut t = t0;
        for _ in 0..29 {
            t = budget.next_start(t).unwrap();
            budget.start(t);
        }
        // 29 in flight: nothing may start until one is answered, however long that takes.
        assert_eq!(budget.next_start(t + Duration::from_secs(5)), None);
        // The first is answered very late; it still counts for a second after that.
        let answered = t0 + Duration::from_secs(5);
        budget.finish(answered);
        assert_eq!(budget.next_start(answered), Some(answered + WINDOW));
        assert_eq!(budget.next_start(answered + WINDOW), Some(answered + WINDOW));
    }

    #[test]
    fn a_loop_that_wakes_a_little_late_stays_on_the_grid() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        let slot = budget.next_start(t0).unwrap();
        budget.start(slot + 2 * MS);
        assert_eq!(budget.next_start(slot + 2 * MS), Some(slot + budget.gap));
    }

    #[test]
    fn a_stall_delays_sends_but_never_bunches_them() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        budget.finish(t0 + MS);
        // The loop wakes 400 ms late: the next send goes now, the one after a gap later.
        let late = t0 + Duration::from_millis(400);
        assert_eq!(budget.next_start(late), Some(late));
        budget.start(late);
        assert!(budget.next_start(late).unwrap() >= late + Duration::from_millis(35));
    }

    #[test]
    fn after_a_429_sends_wait_then_resume_slowly() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        budget.finish(t0 + MS);
        let until = t0 + Duration::from_secs(2);
        budget.hold(until);
        assert_eq!(budget.next_start(t0 + MS), Some(until));
        budget.start(until);
        let second = budget.next_start(until).unwrap();
        assert!(second - until > budget.gap.mul_f64(3.5), "{:?}", second - until);
        let later = until + SLOW_START;
        budget.start(later);
        assert_eq!(budget.next_start(later), Some(later + budget.gap));
    }

    #[test]
    fn a_chat_gets_a_burst_of_three_then_one_per_interval() {
        let t0 = Instant::now();
        let pace = Pace {
            per_sec: 1.0 / 1.1,
            burst: 3.0,
        };
        let mut bucket = pace.full(t0);
        for _ in 0..3 {
            assert_eq!(pace.ready_at(&bucket, t0), t0);
            pace.take(&mut bucket, t0);
        }
        let next = pace.ready_at(&bucket, t0);
        assert!((next - t0).as_secs_f64() > 1.099 && (next - t0).as_secs_f64() < 1.101);
        // Counted at the answer: a full bucket does not refill while the request is on its way.
        let mut bucket = pace.full(t0);
        let answered = t0 + Duration::from_millis(500);
        pace.take(&mut bucket, answered);
        assert!((pace.tokens(&bucket, answered) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn urgent_goes_first_then_replies_then_normal_then_bulk_across_and_within_chats() {
        let t0 = Instant::now();
        let mut plan = plan(1000.0);
        plan.add(row(1, 10, Priority::Bulk), text(), t0);
        plan.add(row(2, 11, Priority::Normal), text(), t0);
        plan.add(row(3, 12, Priority::Reply), text(), t0);
        plan.add(row(4, 13, Priority::Urgent), text(), t0);
        plan.add(row(5, 10, Priority::Normal), edit(), t0);
        plan.add(row(6, 10, Priority::Urgent), text(), t0);
        let mut order = Vec::new();
        let mut now = t0;
        while plan.held > 0 {
            match plan.pick(now) {
                Ok(chat) => {
                    let q = plan.take(chat, now).unwrap();
                    order.push(q.row.id);
                    plan.answered(chat, q.outgoing.is_edit(), now);
                    plan.held -= 1;
                    // Time for the bot-wide budget to allow the next send.
                    now += Duration::from_millis(10);
                }
                Err(at) => now = at.unwrap(),
            }
        }
        // 4 and 6 are urgent (oldest first), the edit counts as a reply, bulk comes last.
        assert_eq!(order, vec![4, 6, 3, 5, 2, 1]);
    }

    #[test]
    fn edits_do_not_wait_for_the_send_budget() {
        let t0 = Instant::now();
        let mut plan = plan(28.0);
        for i in 0..29 {
            plan.add(row(i, 100 + i, Priority::Bulk), text(), t0);
        }
        let mut now = t0;
        for _ in 0..29 {
            let at = match plan.pick(now) {
                Ok(chat) => chat,
                Err(at) => {
                    now = at.unwrap();
                    plan.pick(now).unwrap()
                }
            };
            plan.take(at, now).unwrap();
        }
        // The window is full of sends in flight; an edit still goes at once.
        plan.add(row(99, 7, Priority::Normal), edit(), now);
        plan.add(row(98, 8, Priority::Urgent), text(), now);
        assert_eq!(plan.pick(now), Ok(7));
    }

    #[test]
    fn after_a_429_on_an_edit_edits_wait_too() {
        let t0 = Instant::now();
        let mut plan = plan(28.0);
        plan.edits_held_until = Some(t0 + Duration::from_secs(1));
        plan.add(row(1, 7, Priority::Reply), edit(), t0);
        assert_eq!(plan.pick(t0), Err(Some(t0 + Duration::from_secs(1))));
    }
}
