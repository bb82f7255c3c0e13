//! Long polling that loses nothing: a batch of updates is written to the inbox table before
//! the next `getUpdates` offset confirms it to Telegram. The raw JSON is stored as received.
//!
//! If the database is down, nothing is confirmed (Telegram keeps the updates), but a message
//! that signals danger is still answered at once with the help numbers: the bot never goes
//! silent on such a message.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use tokio::sync::{Notify, watch};

use crate::clock::Clock;
use crate::domain::safety::{DangerSignals, Writer};
use crate::i18n::{Lang, Texts};
use crate::store::Store;

/// How the poller talks to the Bot API.
#[derive(Clone)]
pub struct PollerSettings {
    pub api_url: String,
    pub token: String,
    /// Long-poll timeout in seconds (Telegram holds the request this long when idle).
    pub long_poll_secs: u32,
    /// For the safety answer when the database is down.
    pub texts: Arc<Texts>,
    pub lang: Lang,
}

#[derive(Deserialize)]
struct Envelope {
    ok: bool,
    #[serde(default)]
    result: Vec<serde_json::Value>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    error_code: Option<i64>,
}

struct Poller {
    http: reqwest::Client,
    settings: PollerSettings,
    store: Store,
    clock: Arc<dyn Clock>,
    /// The offset last read from the store, used while the store is unreachable.
    offset: i64,
    /// Danger messages answered directly while the store was down (not yet stored).
    answered_directly: HashSet<i64>,
}

/// Polls until `shutdown` turns true; wakes `inbox_ready` after every stored batch.
pub async fn run(
    settings: PollerSettings,
    store: Store,
    clock: Arc<dyn Clock>,
    inbox_ready: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(u64::from(settings.long_poll_secs) + 15))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "cannot build the HTTP client for polling");
            return;
        }
    };
    let mut poller = Poller {
        http,
        settings,
        store,
        clock,
        offset: 0,
        answered_directly: HashSet::new(),
    };
    let mut backoff = Duration::from_millis(500);
    loop {
        if *shutdown.borrow() {
            break;
        }
        let result = tokio::select! {
            r = poller.round() => r,
            _ = shutdown.changed() => break,
        };
        match result {
            Ok(stored) => {
                backoff = Duration::from_millis(500);
                if stored > 0 {
                    inbox_ready.notify_one();
                }
            }
            Err(error) => {
                tracing::warn!(%error, retry_in_ms = backoff.as_millis() as u64, "polling failed");
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {}
                    _ = shutdown.changed() => break,
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
    tracing::info!("poller stopped");
}

impl Poller {
    fn method_url(&self, method: &str) -> String {
        format!(
            "{}/bot{}/{method}",
            self.settings.api_url.trim_end_matches('/'),
            self.settings.token
        )
    }

    /// One `getUpdates` round: fetch, store, and return how many updates were stored.
    async fn round(&mut self) -> anyhow::Result<usize> {
        match self.read_offset().await {
            Ok(offset) => self.offset = offset,
            Err(error) => tracing::error!(%error, "cannot read the update offset; using the last known"),
        }
        let raw = self.fetch().await?;
        let batch: Vec<(i64, String)> = raw
            .iter()
            .filter_map(|update| {
                let id = update.get("update_id").and_then(serde_json::Value::as_i64);
                if id.is_none() {
                    tracing::warn!("update without update_id ignored");
                }
                id.map(|id| (id, update.to_string()))
            })
            .collect();
        if batch.is_empty() {
            return Ok(0);
        }
        if let Err(error) = self.store_batch(&batch).await {
            tracing::error!(%error, updates = batch.len(), "cannot store updates; Telegram keeps them");
            self.answer_danger_directly(&raw).await;
            return Err(error);
        }
        tracing::debug!(received = batch.len(), "updates stored");
        Ok(batch.len())
    }

    async fn read_offset(&self) -> anyhow::Result<i64> {
        let mut tx = self.store.read().await?;
        let offset = tx.update_offset().await?;
        tx.commit().await?;
        Ok(offset)
    }

    async fn fetch(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        let body = serde_json::json!({
            "offset": self.offset,
            "timeout": self.settings.long_poll_secs,
            "limit": 100,
            "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
        });
        // reqwest's errors carry the URL, and the URL carries the bot token: strip it before
        // the error can reach a log line.
        let response = self
            .http
            .post(self.method_url("getUpdates"))
            .json(&body)
            .send()
            .await
            .map_err(reqwest::Error::without_url)?;
        let status = response.status();
        let envelope: Envelope = response.json().await.map_err(reqwest::Error::without_url)?;
        if !envelope.ok {
            anyhow::bail!(
                "getUpdates refused ({status}, code {:?}): {}",
                envelope.error_code,
                envelope.description.unwrap_or_default()
            );
        }
        Ok(envelope.result)
    }

    async fn store_batch(&mut self, batch: &[(i64, String)]) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        tx.store_updates(batch, self.clock.now()).await?;
        let answered: Vec<i64> = batch
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.answered_directly.contains(id))
            .collect();
        if !answered.is_empty() {
            tx.mark_safety_replied(&answered).await?;
        }
        tx.commit().await?;
        for id in answered {
            self.answered_directly.remove(&id);
        }
        Ok(())
    }

    /// The database is down: answer danger messages now, straight through the Bot API, once each.
    async fn answer_danger_directly(&mut self, raw: &[serde_json::Value]) {
        for update in raw {
            let Some(id) = update.get("update_id").and_then(serde_json::Value::as_i64) else {
                continue;
            };
            if self.answered_directly.contains(&id) {
                continue;
            }
            // New and edited messages; a photo's caption is text too.
            let message = match &update["message"] {
                Value::Null => &update["edited_message"],
                message => message,
            };
            let private = message["chat"]["type"].as_str() == Some("private");
            let text = message["text"].as_str().or(message["caption"].as_str());
            let (Some(chat_id), Some(text)) = (message["chat"]["id"].as_i64(), text) else {
                continue;
            };
            // Who wrote it cannot be looked up now: any tier, for young people or adults, gets
            // the help numbers.
            let signals = DangerSignals::builtin();
            let danger = signals
                .assess(text, Writer::Youth)
                .or_else(|| signals.assess(text, Writer::Adult));
            if !private || danger.is_none() {
                continue;
            }
            let reply = format!(
                "{}\n\n{}",
                self.settings.texts.t(self.settings.lang, "safety-reply"),
                self.settings.texts.t(self.settings.lang, "help-numbers")
            );
            let body = serde_json::json!({ "chat_id": chat_id, "text": reply });
            match self
                .http
                .post(self.method_url("sendMessage"))
                .json(&body)
                .send()
                .await
            {
                Ok(response) if response.status().is_success() => {
                    tracing::warn!(
                        update_id = id,
                        "danger message answered directly while the database is down"
                    );
                    self.answered_directly.insert(id);
                }
                Ok(response) => {
                    tracing::error!(update_id = id, status = %response.status(), "direct safety answer refused")
                }
                Err(error) => {
                    let error = error.without_url();
                    tracing::error!(update_id = id, %error, "direct safety answer failed")
                }
            }
        }
    }
}
