//! Long polling that loses nothing: a batch of updates is written to the inbox table before
//! the next `getUpdates` offset confirms it to Telegram. The raw JSON is stored as received.

use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

use crate::clock::Clock;
use crate::store::Store;

/// How the poller talks to the Bot API.
#[derive(Clone)]
pub struct PollerSettings {
    pub api_url: String,
    pub token: String,
    /// Long-poll timeout in seconds (Telegram holds the request this long when idle).
    pub long_poll_secs: u32,
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
    let url = format!(
        "{}/bot{}/getUpdates",
        settings.api_url.trim_end_matches('/'),
        settings.token
    );
    let mut backoff = Duration::from_millis(500);
    loop {
        if *shutdown.borrow() {
            break;
        }
        let result = tokio::select! {
            r = poll_once(&http, &url, &settings, &store, clock.as_ref()) => r,
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
                backoff = (backoff * 2).min(Duration::from_secs(60));
            }
        }
    }
    tracing::info!("poller stopped");
}

/// One `getUpdates` round: fetch, store, and return how many updates were stored.
async fn poll_once(
    http: &reqwest::Client,
    url: &str,
    settings: &PollerSettings,
    store: &Store,
    clock: &dyn Clock,
) -> anyhow::Result<usize> {
    let offset = {
        let mut tx = store.read().await?;
        let offset = tx.update_offset().await?;
        tx.commit().await?;
        offset
    };
    let body = serde_json::json!({
        "offset": offset,
        "timeout": settings.long_poll_secs,
        "limit": 100,
        "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
    });
    let response = http.post(url).json(&body).send().await?;
    let status = response.status();
    let envelope: Envelope = response.json().await?;
    if !envelope.ok {
        anyhow::bail!(
            "getUpdates refused ({status}, code {:?}): {}",
            envelope.error_code,
            envelope.description.unwrap_or_default()
        );
    }
    let batch: Vec<(i64, String)> = envelope
        .result
        .iter()
        .filter_map(|raw| {
            let id = raw.get("update_id").and_then(serde_json::Value::as_i64);
            if id.is_none() {
                tracing::warn!("update without update_id ignored");
            }
            id.map(|id| (id, raw.to_string()))
        })
        .collect();
    if batch.is_empty() {
        return Ok(0);
    }
    let mut tx = store.begin().await?;
    let new = tx.store_updates(&batch, clock.now()).await?;
    tx.commit().await?;
    tracing::debug!(received = batch.len(), new, "updates stored");
    Ok(batch.len())
}
