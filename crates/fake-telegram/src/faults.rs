//! Limits and faults: the errors the fake answers with ([`FakeError`]), the injected failures
//! (`fail_next`, `fail_every_nth`), and Telegram's flood limits ([`Limits`], token buckets or a
//! sliding window answering 429 with `retry_after`).

use std::fmt;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[cfg(doc)]
use crate::FakeTelegram;
use crate::server::json_response;
use crate::state::State;
use crate::transcript::TranscriptEvent;

/// The exact description teloxide maps to `ApiError::MessageNotModified`.
const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/// The exact description teloxide maps to `ApiError::TerminatedByOtherGetUpdates`.
const TERMINATED_BY_OTHER: &str =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

/// An error the fake answers with instead of executing a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FakeError {
    /// A Bot API error envelope: `{"ok":false,"error_code":…,"description":…}` with the HTTP
    /// status `error_code`, plus `"parameters":{"retry_after":N}` when `retry_after` is set.
    Api {
        /// HTTP status and `error_code`.
        error_code: u16,
        /// `description`, which teloxide maps to its `ApiError` variants.
        description: String,
        /// `parameters.retry_after` in seconds (teloxide: `RequestError::RetryAfter`).
        retry_after: Option<u32>,
    },
    /// Close the TCP connection without sending any HTTP response (teloxide:
    /// `RequestError::Network`).
    DropConnection,
    /// Answer 200 with a body that is not JSON: the start of a success envelope that echoes
    /// the request's parameters (so the message text), cut off — the way a broken proxy or a
    /// truncated answer looks (teloxide: `RequestError::InvalidJson`, whose `raw` holds the
    /// body). The call is not executed.
    Garbage,
}

impl FakeError {
    /// An arbitrary API error.
    pub fn api(error_code: u16, description: impl Into<String>) -> Self {
        FakeError::Api {
            error_code,
            description: description.into(),
            retry_after: None,
        }
    }

    /// 400 `Bad Request: {what}`.
    pub fn bad_request(what: &str) -> Self {
        Self::api(400, format!("Bad Request: {what}"))
    }

    /// 403 `Forbidden: bot was blocked by the user` (teloxide `ApiError::BotBlocked`).
    pub fn blocked() -> Self {
        Self::api(403, "Forbidden: bot was blocked by the user")
    }

    /// 403 `Forbidden: user is deactivated` (teloxide `ApiError::UserDeactivated`).
    pub fn user_deactivated() -> Self {
        Self::api(403, "Forbidden: user is deactivated")
    }

    /// 400 `Bad Request: chat not found` (teloxide `ApiError::ChatNotFound`).
    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    /// 400 `message is not modified` (teloxide `ApiError::MessageNotModified`).
    pub fn message_not_modified() -> Self {
        Self::api(400, NOT_MODIFIED)
    }

    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after = N` (teloxide
    /// `RequestError::RetryAfter`).
    pub fn too_many_requests(retry_after_secs: u32) -> Self {
        FakeError::Api {
            error_code: 429,
            description: format!("Too Many Requests: retry after {retry_after_secs}"),
            retry_after: Some(retry_after_secs),
        }
    }

    /// 500 `Internal Server Error`. teloxide waits 10 s after any 5xx before returning.
    pub fn server_error() -> Self {
        Self::api(500, "Internal Server Error")
    }

    /// 409 `Conflict: terminated by other getUpdates request; …`.
    pub fn conflict() -> Self {
        Self::api(409, TERMINATED_BY_OTHER)
    }

    /// Close the connection without an HTTP response (a network failure for the client).
    pub fn drop_connection() -> Self {
        FakeError::DropConnection
    }

    /// A 200 answer that is not JSON and echoes the request (see [`FakeError::Garbage`]).
    pub fn garbage() -> Self {
        FakeError::Garbage
    }

    /// The `error_code`, `None` for a dropped connection.
    pub fn error_code(&self) -> Option<u16> {
        match self {
            FakeError::Api { error_code, .. } => Some(*error_code),
            FakeError::DropConnection | FakeError::Garbage => None,
        }
    }

    /// The `description`, or `"connection dropped"`.
    pub fn description(&self) -> &str {
        match self {
            FakeError::Api { description, .. } => description,
            FakeError::DropConnection => "connection dropped",
            FakeError::Garbage => "garbage answer",
        }
    }

    pub(crate) fn into_response(self) -> Response {
        match self {
            FakeError::Api {
                error_code,
                description,
                retry_after,
            } => {
                let mut body = json!({ "ok": false, "error_code": error_code, "description": description });
                if let Some(secs) = retry_after {
                    body["parameters"] = json!({ "retry_after": secs });
                }
                let status = StatusCode::from_u16(error_code).unwrap_or(StatusCode::BAD_REQUEST);
                json_response(status, &body)
            }
            // Never reaches the client: the connection is killed before the response is
            // written.
            FakeError::DropConnection => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            FakeError::Garbage => garbage_response(&Value::Null),
        }
    }
}

/// `{"ok":true,"result":<echo>` without its closing brace: not JSON, but full of the request.
pub(crate) fn garbage_response(echo: &Value) -> Response {
    let body = format!("{{\"ok\":true,\"result\":{echo},\"date\":");
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FakeError::Api {
                error_code,
                description,
                ..
            } => write!(f, "{error_code} {description}"),
            FakeError::DropConnection => f.write_str("connection dropped"),
            FakeError::Garbage => f.write_str("garbage answer"),
        }
    }
}

/// Token-bucket rate limits for sending methods (see [`FakeTelegram::set_limits`]).
///
/// A send passes when both its chat's bucket and the global bucket hold a token; otherwise it is
/// answered with 429 and `retry_after` = seconds until a token will be available (at least 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Refill rate of each chat's bucket (messages per second).
    pub per_chat_per_sec: f64,
    /// Capacity of each chat's bucket.
    pub per_chat_burst: u32,
    /// Refill rate of the global bucket.
    pub global_per_sec: f64,
    /// Capacity of the global bucket.
    pub global_burst: u32,
    /// Counts the global limit the way Telegram does: at most `global_burst` accepted sends in
    /// any one second (a sliding window of send times) instead of a token bucket refilled at
    /// `global_per_sec`. The window is stricter: a bucket lets through up to twice its burst
    /// within one second.
    pub global_sliding_window: bool,
}

impl Limits {
    /// Telegram's limits as the shared black-box harness enforces them: 1 message/s per chat
    /// (bursts of 3 pass) and at most 30 messages in any one second overall.
    pub fn telegram() -> Self {
        Limits {
            per_chat_per_sec: 1.0,
            per_chat_burst: 3,
            global_per_sec: 30.0,
            global_burst: 30,
            global_sliding_window: true,
        }
    }
}

pub(crate) enum FailMode {
    Next { remaining: u32 },
    EveryNth { n: u32, seen: u32 },
}

pub(crate) struct FailureRule {
    /// Lower-case method name or `*`.
    pub(crate) method: String,
    pub(crate) mode: FailMode,
    pub(crate) error: FakeError,
}

pub(crate) struct Bucket {
    pub(crate) tokens: f64,
    pub(crate) last: Instant,
}

impl Bucket {
    pub(crate) fn full(burst: u32, now: Instant) -> Self {
        Bucket {
            tokens: f64::from(burst.max(1)),
            last: now,
        }
    }

    fn refill(&mut self, rate: f64, burst: u32, now: Instant) {
        let capacity = f64::from(burst.max(1));
        if rate.is_finite() && rate > 0.0 {
            let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
            self.tokens = (self.tokens + elapsed * rate).min(capacity);
        } else if rate.is_infinite() && rate > 0.0 {
            self.tokens = capacity;
        }
        self.last = now;
    }

    /// Seconds until one token is available (at least 1).
    pub(crate) fn retry_after(&self, rate: f64) -> u32 {
        if !(rate.is_finite() && rate > 0.0) {
            return 60;
        }
        let secs = ((1.0 - self.tokens).max(0.0) / rate).ceil();
        if secs.is_finite() {
            (secs as u32).max(1)
        } else {
            60
        }
    }
}

impl State {
    /// Injected failures (`fail_next` / `fail_every_nth`); every matching rule counts the call.
    pub(crate) fn injected_failure(&mut self, method: &str) -> Option<FakeError> {
        let lower = method.to_ascii_lowercase();
        let mut fired = None;
        for rule in &mut self.failures {
            if rule.method != "*" && rule.method != lower {
                continue;
            }
            let fires = match &mut rule.mode {
                FailMode::Next { remaining } => {
                    if fired.is_none() && *remaining > 0 {
                        *remaining -= 1;
                        true
                    } else {
                        false
                    }
                }
                FailMode::EveryNth { n, seen } => {
                    *seen = seen.wrapping_add(1);
                    *seen % *n == 0
                }
            };
            if fires && fired.is_none() {
                fired = Some(rule.error.clone());
            }
        }
        self.failures
            .retain(|r| !matches!(r.mode, FailMode::Next { remaining: 0 }));
        fired
    }

    /// Takes a token from the chat's and the global bucket, or says how long to wait.
    pub(crate) fn take_rate_token(&mut self, chat_id: i64) -> Result<(), FakeError> {
        let Some(limits) = self.limits else {
            return Ok(());
        };
        let now = Instant::now();
        let chat = self
            .chat_buckets
            .entry(chat_id)
            .or_insert_with(|| Bucket::full(limits.per_chat_burst, now));
        chat.refill(limits.per_chat_per_sec, limits.per_chat_burst, now);
        let chat_wait = (chat.tokens < 1.0).then(|| chat.retry_after(limits.per_chat_per_sec));
        let global_wait = if limits.global_sliding_window {
            let second = Duration::from_secs(1);
            while self
                .global_window
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= second)
            {
                self.global_window.pop_front();
            }
            let full = self.global_window.len() >= limits.global_burst.max(1) as usize;
            full.then(|| {
                let oldest = self.global_window.front().copied().unwrap_or(now);
                let left = (oldest + second).saturating_duration_since(now);
                (left.as_secs_f64().ceil() as u32).max(1)
            })
        } else {
            let global = self
                .global_bucket
                .get_or_insert_with(|| Bucket::full(limits.global_burst, now));
            global.refill(limits.global_per_sec, limits.global_burst, now);
            (global.tokens < 1.0).then(|| global.retry_after(limits.global_per_sec))
        };
        match (chat_wait, global_wait) {
            (None, None) => {
                if limits.global_sliding_window {
                    self.global_window.push_back(now);
                } else if let Some(global) = self.global_bucket.as_mut() {
                    global.tokens -= 1.0;
                }
                if let Some(chat) = self.chat_buckets.get_mut(&chat_id) {
                    chat.tokens -= 1.0;
                }
                Ok(())
            }
            (a, b) => {
                self.rate_limited += 1;
                Err(FakeError::too_many_requests(
                    a.unwrap_or(0).max(b.unwrap_or(0)).max(1),
                ))
            }
        }
    }

    pub(crate) fn refuse(&mut self, method: &str, chat_id: Option<i64>, error: &FakeError) {
        let to = chat_id
            .map(|c| self.chat_name(c))
            .unwrap_or_else(|| "-".to_owned());
        self.outbox.push(TranscriptEvent::Refused {
            chat_id,
            to,
            method: method.to_owned(),
            error: error.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        let now = Instant::now();
        let mut b = Bucket::full(2, now);
        b.refill(1.0, 2, now);
        assert_eq!(b.tokens, 2.0);
        b.tokens = 0.2;
        assert_eq!(b.retry_after(1.0), 1);
        assert_eq!(b.retry_after(0.1), 8);
        assert_eq!(b.retry_after(0.0), 60);
    }
}
