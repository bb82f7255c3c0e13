//! What every desk response carries, and the limit on sign-in attempts.
//!
//! - `Content-Security-Policy: default-src 'self'` (no inline script or style anywhere; the
//!   one stylesheet is served by the binary), plus `frame-ancestors 'none'` and
//!   `form-action 'self'`, which `default-src` does not cover.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a sign-in link's token
//!   never leaves in a `Referer`).
//! - `Cache-Control: no-store` on every page: case data is never kept by a browser or proxy.
//!   Only the stylesheet may be cached.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The desk's one stylesheet, shipped in the binary.
const STYLESHEET: &str = include_str!("../../assets/desk.css");

/// The path of the stylesheet (the one response that may be cached).
pub const STYLESHEET_PATH: &str = "/desk.css";

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let cacheable = request.uri().path() == STYLESHEET_PATH;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A printable document with its own stylesheet sets a stricter policy of its own.
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(POLICY));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(NO_REFERRER));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    response
}

const POLICY: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
const NO_REFERRER: &str = "no-referrer";
const NO_STORE: &str = "no-store";

/// The policy for a whole HTML document made elsewhere (the printable agenda draft): its
/// `<style>` blocks are allowed by their SHA-256 hashes (never `unsafe-inline`), its charts as
/// `data:` images; no script at all.
pub fn document_policy(html: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<style") {
        let after = &rest[open..];
        let Some(start) = after.find('>') else { break };
        let body = &after[start + 1..];
        let Some(end) = body.find("</style>") else { break };
        let digest = Sha256::digest(&body.as_bytes()[..end]);
        hashes.push(format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ));
        rest = &body[end..];
    }
    let styles = if hashes.is_empty() {
        "'none'".to_string()
    } else {
        hashes.join(" ")
    };
    format!(
        "default-src 'none'; img-src 'self' data:; style-src {styles}; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
    )
}

/// Sign-in attempts a client address may make per minute, by default. A link's token has 256
/// random bits, so this is about load and noise in the log, not guessing.
pub const DEFAULT_LOGIN_ATTEMPTS_PER_MINUTE: u32 = 10;

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many addresses, windows that are over are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// A fixed one-minute window of `POST /login` attempts per client address, in this instance's
/// memory (a restart forgets it, which only lets an address try again sooner).
pub struct LoginLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl LoginLimiter {
    pub fn new(per_minute: u32) -> Self {
        LoginLimiter {
            per_minute: per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt; false when the address has used up its minute.
    pub fn allow(&self, address: IpAddr) -> bool {
        self.allow_at(address, Instant::now())
    }

    fn allow_at(&self, address: IpAddr, now: Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(address).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_may_use_exactly_its_own_style_blocks() {
        let html =
            "<html><head><style>\nbody{margin:0}\n</style><style media=\"print\">p{}</style></head></html>";
        let policy = document_policy(html);
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("img-src 'self' data:"), "{policy}");
        // echo -n $'\nbody{margin:0}\n' | openssl dgst -sha256 -binary | base64
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let first = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\nbody{margin:0}\n"));
        let second = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"p{}"));
        assert!(
            policy.contains(&format!("style-src 'sha256-{first}' 'sha256-{second}';")),
            "{policy}"
        );
        assert!(document_policy("<p>no style</p>").contains("style-src 'none'"));
    }

    #[test]
    fn an_address_gets_its_attempts_per_minute_and_then_waits() {
        let limiter = LoginLimiter::new(3);
        let t0 = Instant::now();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| limiter.allow_at(a, t0)));
        assert!(!limiter.allow_at(a, t0 + Duration::from_secs(59)));
        // Another address is not held up by the first.
        assert!(limiter.allow_at(b, t0));
        assert!(limiter.allow_at(a, t0 + Duration::from_secs(60)));
    }
}
