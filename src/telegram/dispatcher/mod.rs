//! The outbox dispatcher: claims due messages from the outbox and sends them within Telegram's
//! limits (≈30 messages in any one second per bot, ≈1 message/s per chat with short bursts). A
//! message leaves the outbox only when Telegram confirmed it, refused it for good, or it was
//! given up on.
//!
//! One loop decides every send at the moment it goes: the highest-priority message whose chat
//! may receive now, if the bot-wide budget has room now ([`SendBudget`]). Both limits are kept
//! on actual send times (by default 29.5/s with never more than 30 counted in any second, and one
//! message per 1.1 s per chat), so a timer that fires late or a machine that stalls can delay
//! sends but never bunch them.
//! Edits (`editMessageText`) are paced per chat only and go ahead of sends. Callback answers
//! are normally sent by [`super::answers`] the moment their press committed; the ones that
//! come here (that try failed, or the process died first) go at once, outside every budget.
//! One chat never holds more than [`DispatchSettings::chat_queue_cap`] claimed messages, so a
//! flood to one chat cannot fill the memory the others need.
//!
//! Here: the settings, the loop and claiming. Beside it: `pacing` (the budget and each chat's
//! buckets), `plan` (the lanes and which message goes next), `send` (the Bot API calls and what
//! their answers mean) and `outcomes` (retries, 429s, unreachable chats, recording outcomes).

mod outcomes;
mod pacing;
mod plan;
mod send;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as ChronoDuration;
use teloxide::prelude::*;
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use self::pacing::{Pace, SendBudget};
use self::plan::{Plan, Queued};
use crate::clock::Clock;
use crate::store::{OutboxRecord, Priority, Store};
// Still reachable here for the callers elsewhere (app, chat); they live in errors.rs.
pub(crate) use crate::telegram::errors::{error_kind, json_error_kind};
use crate::telegram::outgoing::Outgoing;

/// Limits and patience of the dispatcher.
#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Sends per second for the whole bot (`SEND_RATE_PER_SEC`): sends are spaced evenly at
    /// this rate, and at most this many plus one (rounded down), never more than Telegram's 30,
    /// count in any one second, the way Telegram counts (see [`SendBudget`]). That count is
    /// conservative, so the default 29.5 needs no further margin. Edits do not use this budget.
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

/// Sends per second by default: just under Telegram's 30. The margin for clocks and stalls is
/// in the count itself ([`SendBudget`]: a send counts from its start until a second after its
/// answer, at most 30 at a time), so spacing sends further apart would only cost time: at 28 a
/// weekly broadcast to 600 young people took 21.4 s, at 29.5 it takes 20.3 s.
pub const DEFAULT_SEND_RATE_PER_SEC: f64 = 29.5;
/// The highest `SEND_RATE_PER_SEC` accepted: 30 evenly spaced sends would leave no room at all
/// for a send whose answer is slow.
pub const MAX_SEND_RATE_PER_SEC: f64 = 29.5;
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
/// How often the dispatcher writes its stats line (when it did anything).
const STATS_EVERY: Duration = Duration::from_secs(60);

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
            edits_counted: false,
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
                            // A wake-up that came while this claim ran may be for rows
                            // committed after it read: claim again rather than wait for the
                            // idle poll (that lost wake-up cost a press up to a second).
                            want_claim |= more_in_db;
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
}
