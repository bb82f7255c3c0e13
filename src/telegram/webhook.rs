//! Receiving updates by webhook: every instance behind the load balancer stores what Telegram
//! posts, after checking Telegram's secret token, and only then answers 200. Nothing is stored
//! from a request without the right token.
//!
//! The listener is open to the internet, so it protects itself: the secret header is checked
//! before a byte of the body is read, a body is at most [`WebhookLimits::max_body`], a request
//! gets [`WebhookLimits::request_timeout`] from its first byte to its answer, at most
//! [`WebhookLimits::max_connections`] connections are served at once (more wait in the
//! kernel's queue), and refusals are counted and logged as one summary line per
//! [`WebhookLimits::log_interval`] — a flood of bad requests cannot flood the log.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::routing::post;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};

use crate::clock::Clock;
use crate::store::Store;

/// The header Telegram sets to the `secret_token` given in `setWebhook`.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The shared secret Telegram sends back with every update: 32–256 characters of
/// `A-Z a-z 0-9 _ -` (Telegram's own charset for `secret_token`; 32 so it cannot be guessed).
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    pub const MIN_LEN: usize = 32;
    pub const MAX_LEN: usize = 256;

    pub fn parse(text: &str) -> Result<WebhookSecret, String> {
        if text.is_empty() {
            return Err(
                "WEBHOOK_SECRET is not set: give it 32–256 random characters of A–Z, a–z, 0–9, _ and - \
                 (e.g. openssl rand -hex 20)"
                    .into(),
            );
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            let shown = if bad.is_whitespace() || bad.is_control() {
                format!("{:?}", bad)
            } else {
                format!("'{bad}'")
            };
            return Err(format!(
                "WEBHOOK_SECRET may only hold A–Z, a–z, 0–9, _ and - (Telegram's rule); it contains {shown}"
            ));
        }
        let len = text.len();
        if len < Self::MIN_LEN {
            return Err(format!(
                "WEBHOOK_SECRET is {len} characters; it needs at least {} (e.g. openssl rand -hex 20)",
                Self::MIN_LEN
            ));
        }
        if len > Self::MAX_LEN {
            return Err(format!(
                "WEBHOOK_SECRET is {len} characters; Telegram accepts at most {}",
                Self::MAX_LEN
            ));
        }
        Ok(WebhookSecret(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never printed: a secret in a debug line would be a secret in the log.
impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(***)")
    }
}

/// How much the listener accepts. Telegram's updates are small (a text is at most 4 096
/// characters) and Telegram opens at most 100 connections (40 by default).
#[derive(Debug, Clone, Copy)]
pub struct WebhookLimits {
    pub max_body: usize,
    pub request_timeout: Duration,
    pub max_connections: usize,
    pub log_interval: Duration,
}

impl Default for WebhookLimits {
    fn default() -> Self {
        WebhookLimits {
            max_body: 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            max_connections: 100,
            log_interval: Duration::from_secs(60),
        }
    }
}

#[derive(Clone)]
struct Hook {
    secret: Arc<WebhookSecret>,
    store: Store,
    clock: Arc<dyn Clock>,
    inbox_ready: Arc<Notify>,
    limits: WebhookLimits,
    refusals: Arc<Mutex<Refusals>>,
}

/// A webhook listener, ready to run.
pub struct WebhookServer {
    listener: TcpListener,
    hook: Hook,
}

pub fn serve(
    listener: TcpListener,
    secret: WebhookSecret,
    limits: WebhookLimits,
    store: Store,
    clock: Arc<dyn Clock>,
    inbox_ready: Arc<Notify>,
) -> WebhookServer {
    WebhookServer {
        listener,
        hook: Hook {
            secret: Arc::new(secret),
            store,
            clock,
            inbox_ready,
            limits,
            refusals: Arc::new(Mutex::new(Refusals::new(limits.log_interval))),
        },
    }
}

impl WebhookServer {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let limits = self.hook.limits;
        let refusals = self.hook.refusals.clone();
        let app = Router::new().fallback(post(receive)).with_state(self.hook);
        let listener = LimitedListener {
            inner: self.listener,
            permits: Arc::new(Semaphore::new(limits.max_connections.max(1))),
        };
        let mut stop = shutdown.clone();
        let stop = async move {
            let _ = stop.wait_for(|stop| *stop).await;
        };
        // The summary of the last interval is written even when no further refusal comes.
        let flush = async move {
            let mut tick = tokio::time::interval(limits.log_interval);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = shutdown.wait_for(|stop| *stop) => break,
                }
                let summary = refusals
                    .lock()
                    .map(|mut r| r.flush(Instant::now()))
                    .ok()
                    .flatten();
                if let Some(summary) = summary {
                    summary.log();
                }
            }
        };
        let server = axum::serve(listener, app).with_graceful_shutdown(stop);
        let (served, ()) = tokio::join!(server.into_future(), flush);
        if let Err(error) = served {
            tracing::error!(%error, "webhook listener failed");
        }
    }
}

/// Why a request was refused, for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    WrongSecret,
    TooLarge,
    TooSlow,
    Malformed,
}

/// Refusals since the last summary line. The first refusal after a quiet interval is logged at
/// once; later ones are counted and written together when the interval is over.
#[derive(Debug)]
struct Refusals {
    interval: Duration,
    last_line: Option<Instant>,
    counts: [u64; 4],
}

/// One log line's worth of refusals.
#[derive(Debug, PartialEq, Eq)]
struct RefusalSummary {
    wrong_secret: u64,
    too_large: u64,
    too_slow: u64,
    malformed: u64,
}

impl RefusalSummary {
    fn log(&self) {
        tracing::warn!(
            wrong_secret = self.wrong_secret,
            too_large = self.too_large,
            too_slow = self.too_slow,
            malformed = self.malformed,
            "webhook requests refused"
        );
    }
}

impl Refusals {
    fn new(interval: Duration) -> Self {
        Refusals {
            interval,
            last_line: None,
            counts: [0; 4],
        }
    }

    /// Counts one refusal; returns a summary when a line is due.
    fn record(&mut self, refusal: Refusal, now: Instant) -> Option<RefusalSummary> {
        self.counts[refusal as usize] += 1;
        self.flush(now)
    }

    /// The summary of what was counted, if the interval since the last line is over.
    fn flush(&mut self, now: Instant) -> Option<RefusalSummary> {
        let due = self
            .last_line
            .is_none_or(|last| now.duration_since(last) >= self.interval);
        if !due || self.counts.iter().all(|n| *n == 0) {
            return None;
        }
        self.last_line = Some(now);
        let [wrong_secret, too_large, too_slow, malformed] = std::mem::take(&mut self.counts);
        Some(RefusalSummary {
            wrong_secret,
            too_large,
            too_slow,
            malformed,
        })
    }
}

/// Compares without leaking the position of the first difference through timing.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn refuse(hook: &Hook, refusal: Refusal, status: StatusCode) -> StatusCode {
    let summary = hook
        .refusals
        .lock()
        .map(|mut r| r.record(refusal, Instant::now()))
        .ok()
        .flatten();
    if let Some(summary) = summary {
        summary.log();
    }
    status
}

async fn receive(State(hook): State<Hook>, request: Request) -> StatusCode {
    // The secret first, from the headers alone: a stranger's body is never read.
    let given = request
        .headers()
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, hook.secret.as_str().as_bytes()) {
        return refuse(&hook, Refusal::WrongSecret, StatusCode::UNAUTHORIZED);
    }
    let timeout = hook.limits.request_timeout;
    match tokio::time::timeout(timeout, accept(&hook, request)).await {
        Ok(status) => status,
        // Telegram retries what was not answered 200; a half-stored update is rolled back.
        Err(_) => refuse(&hook, Refusal::TooSlow, StatusCode::REQUEST_TIMEOUT),
    }
}

async fn accept(hook: &Hook, request: Request) -> StatusCode {
    let body = match axum::body::to_bytes(request.into_body(), hook.limits.max_body).await {
        Ok(body) => body,
        Err(_) => return refuse(hook, Refusal::TooLarge, StatusCode::PAYLOAD_TOO_LARGE),
    };
    let Ok(update) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return refuse(hook, Refusal::Malformed, StatusCode::BAD_REQUEST);
    };
    let Some(update_id) = update.get("update_id").and_then(serde_json::Value::as_i64) else {
        return refuse(hook, Refusal::Malformed, StatusCode::BAD_REQUEST);
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

/// A TCP listener that serves at most as many connections at once as it has permits; the
/// next connection is accepted when one closes.
struct LimitedListener {
    inner: TcpListener,
    permits: Arc<Semaphore>,
}

impl axum::serve::Listener for LimitedListener {
    type Io = LimitedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let permit = match self.permits.clone().acquire_owned().await {
            Ok(permit) => permit,
            Err(_) => unreachable!("the semaphore is never closed"),
        };
        let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        (
            LimitedStream {
                stream,
                _permit: permit,
            },
            addr,
        )
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection holding one of the listener's permits until it closes.
struct LimitedStream {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for LimitedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for LimitedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_must_match_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[test]
    fn webhook_secrets_are_32_to_256_characters_of_telegrams_charset() {
        let ok = "a".repeat(32);
        assert!(WebhookSecret::parse(&ok).is_ok());
        assert!(WebhookSecret::parse("A-z_0123456789abcdefghijklmnopqrstuv").is_ok());
        assert!(WebhookSecret::parse(&"x".repeat(256)).is_ok());
        for (bad, says) in [
            ("", "not set"),
            ("short-secret", "is 12 characters"),
            (&"a".repeat(31), "at least 32"),
            (&"a".repeat(257), "at most 256"),
            (&format!("{}+", "a".repeat(40)), "'+'"),
            (&format!("{} ", "a".repeat(40)), "' '"),
            (&format!("{}æ", "a".repeat(40)), "'æ'"),
        ] {
            let error = WebhookSecret::parse(bad).unwrap_err();
            assert!(error.starts_with("WEBHOOK_SECRET"), "{error}");
            assert!(error.contains(says), "{bad:?}: {error}");
            assert!(
                bad.len() < 20 || !error.contains(bad),
                "the secret is not repeated: {error}"
            );
        }
        assert_eq!(
            format!("{:?}", WebhookSecret::parse(&ok).unwrap()),
            "WebhookSecret(***)"
        );
    }

    #[test]
    fn a_flood_of_refusals_is_one_line_per_interval() {
        let start = Instant::now();
        let mut refusals = Refusals::new(Duration::from_secs(60));
        // The first refusal is told at once.
        let first = refusals.record(Refusal::WrongSecret, start).expect("first line");
        assert_eq!(first.wrong_secret, 1);
        let mut lines = 0;
        for i in 0..10_000u64 {
            let at = start + Duration::from_millis(i); // 10 s of flood
            let kind = if i % 2 == 0 {
                Refusal::WrongSecret
            } else {
                Refusal::TooLarge
            };
            lines += usize::from(refusals.record(kind, at).is_some());
        }
        assert_eq!(lines, 0, "no line within the interval");
        assert!(refusals.flush(start + Duration::from_secs(30)).is_none());
        let summary = refusals.flush(start + Duration::from_secs(60)).expect("summary");
        assert_eq!(
            summary,
            RefusalSummary {
                wrong_secret: 5_000,
                too_large: 5_000,
                too_slow: 0,
                malformed: 0
            }
        );
        assert!(
            refusals.flush(start + Duration::from_secs(200)).is_none(),
            "nothing new"
        );
    }
}
