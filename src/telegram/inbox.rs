//! Handles stored updates one by one: claim, handle, mark done and commit in one transaction,
//! then do the after-commit calls. A failing or panicking update is retried a bounded number of
//! times, then parked for an operator; it never stops the others.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::Update;
use tokio::sync::{Notify, mpsc, watch};

use crate::chat::{self, AfterCommit};
use crate::service;
use crate::store::Store;
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

impl Processor {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let this = Arc::new(self);
        // While the database refuses writes (disk full, connection lost) even a failure cannot
        // be recorded: wait, longer each time, instead of retrying in a tight loop.
        let mut store_backoff = Duration::from_millis(500);
        loop {
            if *shutdown.borrow() {
                break;
            }
            let pending = match this.pending().await {
                Ok(ids) => ids,
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
            for update_id in pending {
                // Each update in its own task, so a panic is contained and reported.
                let worker = this.clone();
                let outcome = tokio::spawn(async move { worker.process(update_id).await }).await;
                let failure = match outcome {
                    Ok(Ok(())) => None,
                    Ok(Err(error)) => Some(format!("{error:#}")),
                    Err(join_error) => Some(format!("handler panicked: {join_error}")),
                };
                if let Some(error) = failure
                    && !this.record_failure(update_id, &error).await
                {
                    tracing::error!(
                        update_id,
                        retry_in_ms = store_backoff.as_millis() as u64,
                        "the database refuses writes; handling paused"
                    );
                    tokio::select! {
                        _ = tokio::time::sleep(store_backoff) => {}
                        _ = shutdown.changed() => {}
                    }
                    store_backoff = (store_backoff * 2).min(Duration::from_secs(30));
                    break;
                }
                store_backoff = Duration::from_millis(500);
                if *shutdown.borrow() {
                    break;
                }
            }
        }
        tracing::info!("inbox processor stopped");
    }

    async fn pending(&self) -> anyhow::Result<Vec<i64>> {
        let mut tx = self.store.read().await?;
        let ids = tx.pending_updates(100).await?;
        tx.commit().await?;
        Ok(ids)
    }

    #[tracing::instrument(skip(self))]
    async fn process(&self, update_id: i64) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        let Some(claimed) = tx.claim_update(update_id).await? else {
            tx.rollback().await?;
            return Ok(());
        };
        let after = match serde_json::from_str::<Update>(&claimed.payload) {
            Ok(update) => chat::handle(&self.ctx, &mut tx, update_id, update, claimed.safety_replied).await?,
            Err(error) => {
                let error = super::errors::json_error_kind(&error);
                tracing::warn!(update_id, %error, "update does not parse; dropped");
                Vec::new()
            }
        };
        tx.finish_update(update_id, self.ctx.clock.now()).await?;
        tx.commit().await?;
        self.outbox_ready.notify_one();
        for effect in after {
            self.after_commit(effect).await;
        }
        Ok(())
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
            Ok(true) => tracing::error!(update_id, error, "update parked after repeated failures"),
            Ok(false) => tracing::warn!(update_id, error, "update failed; will retry"),
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
