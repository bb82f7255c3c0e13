//! Callback answers, sent the moment the press is stored.
//!
//! A press is answered with `answerCallbackQuery` (the spinner on the person's phone stops,
//! with a short notice such as "Gemt"). Telegram's flood limits are about messages, and the
//! client shows an error if the answer takes more than a few seconds, so answers never wait for
//! the dispatcher's send budget or a chat's pace. They are still durable: the update's own
//! transaction stores the answer as an outbox row already claimed by this instance for a short
//! lease ([`ANSWER_LEASE`]); right after commit the answerer sends it and marks it sent (many at
//! a time). If that try fails, or the process dies first, the row goes back to (or runs out
//! to) the dispatcher, which sends callback answers outside every budget too.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::CallbackQueryId;
use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::JoinSet;

use crate::clock::Clock;
use crate::store::Store;
use crate::telegram::errors::error_kind;

/// How long the instance that handled a press owns its answer before the dispatcher may send it.
pub const ANSWER_LEASE: chrono::Duration = chrono::Duration::seconds(10);
/// Answers on their way at once: enough for a round of presses, few enough for the HTTP pool.
const IN_FLIGHT: usize = 64;

/// One answer to send now: its outbox key and the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickAnswer {
    pub dedup_key: String,
    pub callback_query_id: String,
    pub text: Option<String>,
    /// Shown as a dialog, not a vanishing pop-up: a screen reader does not read the pop-up.
    pub show_alert: bool,
}

/// What became of a quick answer.
enum Settled {
    Sent(String),
    /// Let the dispatcher try again.
    Release(String, String),
    /// Telegram will never take it (e.g. the press is too old).
    Expired(String, String),
}

/// Sends quick answers concurrently and records the outcomes in batches.
pub struct Answerer {
    pub bot: Bot,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    /// Woken when an answer is given back to the dispatcher.
    pub outbox_ready: Arc<Notify>,
}

impl Answerer {
    /// Runs until every sender of `answers` is gone and the last answers are recorded.
    pub async fn run(self, mut answers: mpsc::UnboundedReceiver<QuickAnswer>) {
        let this = Arc::new(self);
        let slots = Arc::new(Semaphore::new(IN_FLIGHT));
        let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Settled>();
        let mut calls = JoinSet::new();
        let mut open = true;
        while open || !calls.is_empty() {
            tokio::select! {
                next = answers.recv(), if open => match next {
                    Some(answer) => {
                        let (this, slots, done_tx) = (this.clone(), slots.clone(), done_tx.clone());
                        calls.spawn(async move {
                            let Ok(_slot) = slots.acquire_owned().await else { return };
                            let _ = done_tx.send(this.send(answer).await);
                        });
                    }
                    None => open = false,
                },
                Some(settled) = done_rx.recv() => {
                    let mut batch = vec![settled];
                    while let Ok(more) = done_rx.try_recv() {
                        batch.push(more);
                    }
                    this.record(batch).await;
                }
                Some(_) = calls.join_next(), if !calls.is_empty() => {}
            }
        }
        drop(done_tx);
        let mut batch = Vec::new();
        while let Ok(more) = done_rx.try_recv() {
            batch.push(more);
        }
        if !batch.is_empty() {
            this.record(batch).await;
        }
    }

    async fn send(&self, answer: QuickAnswer) -> Settled {
        let mut request = self
            .bot
            .answer_callback_query(CallbackQueryId(answer.callback_query_id));
        if let Some(text) = answer.text {
            request = request.text(text);
        }
        if answer.show_alert {
            request = request.show_alert(true);
        }
        match request.await {
            Ok(_) => Settled::Sent(answer.dedup_key),
            Err(error @ teloxide::RequestError::Api(_)) => {
                Settled::Expired(answer.dedup_key, error_kind(&error))
            }
            Err(error) => Settled::Release(answer.dedup_key, error_kind(&error)),
        }
    }

    /// One transaction for a batch of outcomes. If it fails the claims run out and the
    /// dispatcher answers again: at least once rather than never.
    async fn record(&self, batch: Vec<Settled>) {
        let now = self.clock.now();
        let mut sent = Vec::new();
        let mut released = false;
        let result = async {
            let mut tx = self.store.begin().await?;
            for settled in batch {
                match settled {
                    Settled::Sent(key) => sent.push(key),
                    Settled::Release(key, error) => {
                        tracing::warn!(%error, "answerCallbackQuery failed; the dispatcher tries again");
                        tx.outbox_release_by_key(&key, now, &error).await?;
                        released = true;
                    }
                    Settled::Expired(key, error) => {
                        tracing::info!(%error, "answerCallbackQuery refused; the press is not answered");
                        tx.outbox_expired_by_key(&key, &error).await?;
                    }
                }
            }
            tx.outbox_sent_by_keys(&sent, now).await?;
            tx.commit().await
        }
        .await;
        if let Err(error) = result {
            tracing::error!(%error, "cannot record callback answers; their claims run out");
        }
        if released {
            self.outbox_ready.notify_one();
        }
    }
}
