//! Receiving updates by webhook: every instance behind the load balancer stores what Telegram
//! posts, after checking Telegram's secret token, and only then answers 200. Nothing is stored
//! from a request without the right token.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::clock::Clock;
use crate::store::Store;

/// The header Telegram sets to the `secret_token` given in `setWebhook`.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    secret: Arc<str>,
    store: Store,
    clock: Arc<dyn Clock>,
    inbox_ready: Arc<Notify>,
}

/// A webhook listener, ready to run.
pub struct WebhookServer {
    listener: TcpListener,
    hook: Hook,
}

pub fn serve(
    listener: TcpListener,
    secret: String,
    store: Store,
    clock: Arc<dyn Clock>,
    inbox_ready: Arc<Notify>,
) -> WebhookServer {
    WebhookServer {
        listener,
        hook: Hook {
            secret: secret.into(),
            store,
            clock,
            inbox_ready,
        },
    }
}

impl WebhookServer {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let app = Router::new().fallback(post(receive)).with_state(self.hook);
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        if let Err(error) = axum::serve(self.listener, app).with_graceful_shutdown(stop).await {
            tracing::error!(%error, "webhook listener failed");
        }
    }
}

/// Compares without leaking the position of the first difference through timing.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        tracing::warn!("webhook call without the right secret token refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(update) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(update_id) = update.get("update_id").and_then(serde_json::Value::as_i64) else {
        return StatusCode::BAD_REQUEST;
    };
    let stored = async {
        let mut tx = hook.store.begin().await?;
        tx.store_updates(&[(update_id, update.to_string())], hook.clock.now())
            .await?;
        tx.commit().await?;
        anyhow::Ok(())
    }
    .await;
    match stored {
        Ok(()) => {
            hook.inbox_ready.notify_one();
            StatusCode::OK
        }
        Err(error) => {
            // Telegram retries until we answer 200: nothing is lost.
            tracing::error!(update_id, %error, "cannot store a webhook update");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_must_match_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
