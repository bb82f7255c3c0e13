//! Handles stored updates: claim, handle, mark done and commit, then do the after-commit
//! calls. Each update is all or nothing with its replies, and nothing is confirmed or sent
//! before its commit. On PostgreSQL the updates of different chats are handled side by side
//! (each chat's in order); on SQLite, which has one writer, a batch of updates shares one
//! commit, each in its own savepoint. A failing or panicking update is retried a bounded
//! number of times, then parked for an operator; it never stops the others.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::Update;
use tokio::sync::{Notify, mpsc, watch};

use crate::chat::{self, AfterCommit};
use crate::service;
use crate::store::{PendingUpdate, Store, Tx};
use crate::telegram::answers::QuickAnswer;

/// After this many failed attempts an update is parked.
pub const MAX_ATTEMPTS: i64 = 5;

/// The inbox processor and what it needs.
pub struct Processor {
    pub store: Store,
    pub ctx: Arc<service::Context>,
    pub bot: Bot,
    pub inbox_ready: Arc<Notify>,
    pub outbox_ready: Arc<Notify>,
    pub idle_poll: Duration,
    /// Callback answers to send the moment their update committed ([`super::answers`]).
    pub answers: mpsc::UnboundedSender<QuickAnswer>,
}

/// On SQLite (one writer) at most this many updates share one transaction, each in its own
/// savepoint: one commit instead of many, and the callback answers of the first wait for the
/// last at most a few milliseconds.
const SQLITE_BATCH: usize = 16;
/// On PostgreSQL this many chats' updates are handled at once (the pool has 10 connections;
/// the dispatcher, the scheduler and the web desk need some).
const PARALLEL_CHATS: usize = 4;

impl Processor {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let parallel = this.store.backend_name() == "postgres";
        // While the database refuses writes (disk full, connection lost) even a failure cannot
        // be recorded: wait, longer each time, instead of retrying in a tight loop.
        let mut store_backoff = Duration::from_millis(500);
        loop {
            if *shutdown.borrow() {
                break;
            }
            let pending = match this.pending().await {
                Ok(pending) => pending,
                Err(error) => {
                    tracing::error!(%error, "cannot read the inbox");
                    Vec::new()
                }
            };
            if pending.is_empty() {
                tokio::select! {
                    _ = this.inbox_ready.notified() => {}
                    _ = tokio::time::sleep(this.idle_poll) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            let writable = if parallel {
                this.clone().handle_side_by_side(pending, &shutdown).await
            } else {
                this.clone().handle_in_batches(pending, &shutdown).await
            };
            if writable {
                store_backoff = Duration::from_millis(500);
            } else {
                tracing::error!(
                    retry_in_ms = store_backoff.as_millis() as u64,
                    "the database refuses writes; handling paused"
                );
                tokio::select! {
                    _ = tokio::time::sleep(store_backoff) => {}
                    _ = shutdown.changed() => {}
                }
                store_backoff = (store_backoff * 2).min(Duration::from_secs(30));
            }
        }
        tracing::info!("inbox processor stopped");
    }

    async fn pending(&self) -> anyhow::Result<Vec<PendingUpdate>> {
        let mut tx = self.store.read().await?;
        let pending = tx.pending_updates(100).await?;
        tx.commit().await?;
        Ok(pending)
    }

    /// PostgreSQL: the updates of different chats side by side, [`PARALLEL_CHATS`] at a time,
    /// each chat's in order, each update in its own transaction. All of them are done before
    /// the inbox is read again, so a chat's next updates never overtake these. False when the
    /// database refuses writes.
    async fn handle_side_by_side(
        self: Arc<Self>,
        pending: Vec<PendingUpdate>,
        shutdown: &watch::Receiver<bool>,
    ) -> bool {
        let lanes = Arc::new(std::sync::Mutex::new(lanes_by_chat(&pending).into_iter()));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..PARALLEL_CHATS {
            let (this, lanes, shutdown) = (self.clone(), lanes.clone(), shutdown.clone());
            workers.spawn(async move {
                loop {
                    let next = lanes.lock().map(|mut lanes| lanes.next()).unwrap_or(None);
                    let Some(lane) = next else {
                        return true;
                    };
                    for update_id in lane {
                        if *shutdown.borrow() {
                            return true;
                        }
                        if !this.handle_alone(update_id).await {
                            return false;
                        }
                    }
                }
            });
        }
        let mut writable = true;
        while let Some(joined) = workers.join_next().await {
            writable &= joined.unwrap_or(true);
        }
        writable
    }

    /// SQLite: up to [`SQLITE_BATCH`] updates in one transaction, each in its own savepoint.
    /// Nothing of a batch is confirmed or sent before its commit. If the batch as a whole
    /// fails (a panic, a failed commit), its updates are handled again one by one, so the one
    /// at fault is counted and the others go through. False when the database refuses writes.
    async fn handle_in_batches(
        self: Arc<Self>,
        pending: Vec<PendingUpdate>,
        shutdown: &watch::Receiver<bool>,
    ) -> bool {
        let ids: Vec<i64> = pending.iter().map(|p| p.update_id).collect();
        for batch in ids.chunks(SQLITE_BATCH) {
            if *shutdown.borrow() {
                return true;
            }
            let worker = self.clone();
            let owned = batch.to_vec();
            let outcome = tokio::spawn(async move { worker.process_batch(&owned).await }).await;
            let error = match outcome {
                Ok(Ok(())) => continue,
                Ok(Err(error)) => format!("{error:#}"),
                Err(join_error) => format!("handler panicked: {join_error}"),
            };
            tracing::warn!(
                updates = batch.len(),
                error,
                "a batch of updates failed; one by one instead"
            );
            for &update_id in batch {
                if !self.handle_alone(update_id).await {
                    return false;
                }
            }
        }
        true
    }

    /// One update in its own transaction and its own task (so a panic is contained), its
    /// failure counted. False when not even the failure could be recorded.
    async fn handle_alone(self: &Arc<Self>, update_id: i64) -> bool {
        let worker = self.clone();
        let outcome = tokio::spawn(async move { worker.process(update_id).await }).await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(format!("{error:#}")),
            Err(join_error) => Some(format!("handler panicked: {join_error}")),
        };
        match failure {
            Some(error) => self.record_failure(update_id, &error).await,
            None => true,
        }
    }

    #[tracing::instrument(skip(self))]
    async fn process(&self, update_id: i64) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        let Some(after) = self.handle_in(&mut tx, update_id).await? else {
            tx.rollback().await?;
            return Ok(());
        };
        tx.commit().await?;
        self.outbox_ready.notify_one();
        for effect in after {
            self.after_commit(effect).await;
        }
        Ok(())
    }

    /// Several updates, one commit: each in a savepoint; one that fails is undone alone and
    /// its failure recorded in the same transaction. The after-commit calls run once all of
    /// them are committed, in order.
    async fn process_batch(&self, update_ids: &[i64]) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        let mut after = Vec::new();
        let mut failed = Vec::new();
        for &update_id in update_ids {
            tx.savepoint().await?;
            match self.handle_in(&mut tx, update_id).await {
                Ok(effects) => {
                    tx.release_savepoint().await?;
                    after.extend(effects.unwrap_or_default());
                }
                Err(error) => {
                    tx.rollback_to_savepoint().await?;
                    let error = format!("{error:#}");
                    let parked = tx
                        .fail_update(update_id, &error, MAX_ATTEMPTS, self.ctx.clock.now())
                        .await?;
                    failed.push((update_id, error, parked));
                }
            }
        }
        tx.commit().await?;
        for (update_id, error, parked) in failed {
            log_failure(update_id, &error, parked);
        }
        self.outbox_ready.notify_one();
        for effect in after {
            self.after_commit(effect).await;
        }
        Ok(())
    }

    /// Claims, handles and marks one update done inside `tx`; `None` when it was not pending
    /// any more (done already, or another instance has it).
    async fn handle_in(&self, tx: &mut Tx, update_id: i64) -> anyhow::Result<Option<Vec<AfterCommit>>> {
        let Some(claimed) = tx.claim_update(update_id).await? else {
            return Ok(None);
        };
        let after = match serde_json::from_str::<Update>(&claimed.payload) {
            Ok(update) => chat::handle(&self.ctx, tx, update_id, update, claimed.safety_replied).await?,
            Err(error) => {
                let error = super::errors::json_error_kind(&error);
                tracing::warn!(update_id, %error, "update does not parse; dropped");
                Vec::new()
            }
        };
        tx.finish_update(update_id, self.ctx.clock.now()).await?;
        Ok(Some(after))
    }

    /// Counts a failed attempt (parking the update after [`MAX_ATTEMPTS`]); false if even that
    /// could not be written.
    async fn record_failure(&self, update_id: i64, error: &str) -> bool {
        let result = async {
            let mut tx = self.store.begin().await?;
            let parked = tx
                .fail_update(update_id, error, MAX_ATTEMPTS, self.ctx.clock.now())
                .await?;
            tx.commit().await?;
            anyhow::Ok(parked)
        }
        .await;
        match result {
            Ok(parked) => log_failure(update_id, error, parked),
            Err(store_error) => {
                tracing::error!(update_id, error, %store_error, "cannot record update failure");
                return false;
            }
        }
        true
    }

    async fn after_commit(&self, effect: AfterCommit) {
        match effect {
            AfterCommit::AnswerCallback(answer) => {
                // Not awaited: the next update is handled while the answer is on its way. If
                // the answerer is gone, the stored answer's claim runs out and the dispatcher
                // sends it.
                let _ = self.answers.send(answer);
            }
            AfterCommit::SetMenu { chat_id, menu, lang } => {
                crate::telegram::set_menu(&self.bot, &self.ctx.texts, menu, lang, Some(chat_id)).await;
            }
            AfterCommit::ManagementReport {
                update_id,
                chat_id,
                team,
                lang,
                at,
            } => {
                // Its own task: the next updates are handled while the report is read.
                let store = self.store.clone();
                let ctx = self.ctx.clone();
                let outbox_ready = self.outbox_ready.clone();
                tokio::spawn(async move {
                    let started = std::time::Instant::now();
                    match chat::staff::answer_management_report(
                        &store, &ctx, update_id, chat_id, team, lang, at,
                    )
                    .await
                    {
                        Ok(parts) => {
                            outbox_ready.notify_one();
                            tracing::info!(
                                update_id,
                                parts,
                                ms = started.elapsed().as_millis() as u64,
                                "management report answered"
                            );
                        }
                        Err(error) => tracing::error!(update_id, %error, "management report failed"),
                    }
                });
            }
        }
    }
}

fn log_failure(update_id: i64, error: &str, parked: bool) {
    if parked {
        tracing::error!(update_id, error, "update parked after repeated failures");
    } else {
        tracing::warn!(update_id, error, "update failed; will retry");
    }
}

/// The pending updates grouped by chat, each chat's in arrival order, the chats in the order
/// of their first update. An update without a chat is a lane of its own.
fn lanes_by_chat(pending: &[PendingUpdate]) -> Vec<Vec<i64>> {
    let mut lanes: Vec<Vec<i64>> = Vec::new();
    let mut lane_of: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for update in pending {
        match update.chat {
            Some(chat) => {
                let lane = *lane_of.entry(chat).or_insert_with(|| {
                    lanes.push(Vec::new());
                    lanes.len() - 1
                });
                lanes[lane].push(update.update_id);
            }
            None => lanes.push(vec![update.update_id]),
        }
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_keep_each_chats_order_and_the_order_of_first_arrival() {
        let pending = [(1, Some(7)), (2, Some(8)), (3, Some(7)), (4, None), (5, Some(8))]
            .map(|(update_id, chat)| PendingUpdate { update_id, chat });
        assert_eq!(lanes_by_chat(&pending), vec![vec![1, 3], vec![2, 5], vec![4]]);
    }
}
