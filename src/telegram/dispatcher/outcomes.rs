//! What becomes of a message after Telegram answered: sent, retried after a 429 or a network
//! error (with backoff), given up on, or its chat found unreachable; and recording those
//! outcomes in the outbox, many per transaction.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::plan::{Plan, Queued};
use super::send::{backoff_with_jitter, method_of};
use super::{Counts, Dispatcher, Done, FinalOutcome, Outcome};
use crate::store::OutboxRecord;

impl Dispatcher {
    /// What becomes of a message after Telegram answered.
    pub(super) fn on_done(
        self: &Arc<Self>,
        done: Done,
        plan: &mut Plan,
        counts: &mut Counts,
        tasks: &mut JoinSet<()>,
    ) {
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
        plan.answered(chat, edit, queued.in_budget, answered);
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
                    if !plan.edits_counted {
                        tracing::warn!("Telegram limits edits too: edits now count in the bot-wide budget");
                        plan.edits_counted = true;
                    }
                    // Telegram counts them together: the sends wait as well.
                    plan.budget.hold(until);
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
    pub(super) fn on_express_done(
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

    /// Counts a 429 where operators look (`dead-letters`).
    pub(super) async fn count_rate_limited(&self, what: &str) {
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
    pub(super) async fn record_outcomes(
        self: Arc<Self>,
        mut outcomes: mpsc::UnboundedReceiver<FinalOutcome>,
    ) {
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
    pub(super) async fn settle(&self, row: &OutboxRecord, result: Result<Option<i64>, String>) {
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
    pub(super) async fn expire(&self, row: &OutboxRecord, error: &str) {
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
}
