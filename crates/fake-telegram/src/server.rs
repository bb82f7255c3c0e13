//! The HTTP server (axum): starting it ([`FakeTelegramBuilder::start`]), routing
//! `…/bot{token}/{method}` to the state, long polling (`getUpdates`), and the listener whose
//! connections a handler can kill to simulate a dropped connection.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State as AxumState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::faults::garbage_response;
use crate::params::{MAX_BODY_BYTES, Params, param_i64, read_params};
use crate::state::{BotIdentity, Shared, State, deadline_after};
use crate::{DEFAULT_BOT_FIRST_NAME, DEFAULT_BOT_ID, DEFAULT_BOT_USERNAME, FakeError, FakeTelegram};

/// Longest `getUpdates` timeout honoured, in seconds (Telegram's own maximum is 50).
const MAX_POLL_TIMEOUT_SECS: u64 = 60;
/// Capacity of the transcript broadcast channel; slow subscribers see `Lagged`.
const TRANSCRIPT_CAPACITY: usize = 1024;

/// Configures a [`FakeTelegram`] before starting it.
#[derive(Debug, Clone)]
pub struct FakeTelegramBuilder {
    bot_id: i64,
    bot_first_name: String,
    bot_username: String,
    strict_formatting: bool,
}

impl Default for FakeTelegramBuilder {
    fn default() -> Self {
        Self {
            bot_id: DEFAULT_BOT_ID,
            bot_first_name: DEFAULT_BOT_FIRST_NAME.to_owned(),
            bot_username: DEFAULT_BOT_USERNAME.to_owned(),
            strict_formatting: true,
        }
    }
}

impl FakeTelegramBuilder {
    /// The bot's user id (default [`DEFAULT_BOT_ID`]).
    #[must_use]
    pub fn bot_id(mut self, id: i64) -> Self {
        self.bot_id = id;
        self
    }

    /// The bot's first name (default [`DEFAULT_BOT_FIRST_NAME`]).
    #[must_use]
    pub fn bot_first_name(mut self, name: impl Into<String>) -> Self {
        self.bot_first_name = name.into();
        self
    }

    /// The bot's username without `@` (default [`DEFAULT_BOT_USERNAME`]).
    #[must_use]
    pub fn bot_username(mut self, username: impl Into<String>) -> Self {
        self.bot_username = username.into();
        self
    }

    /// Whether `parse_mode` texts are checked like Telegram does (default `true`). When off, a
    /// text that does not parse is stored as sent instead of being refused.
    #[must_use]
    pub fn strict_formatting(mut self, strict: bool) -> Self {
        self.strict_formatting = strict;
        self
    }

    /// Binds `127.0.0.1:0` and spawns the server on the current tokio runtime.
    pub async fn start(self) -> io::Result<FakeTelegram> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let identity = BotIdentity {
            id: self.bot_id,
            first_name: self.bot_first_name,
            username: self.bot_username,
        };
        let (version, _) = watch::channel(0u64);
        let (transcript, _) = broadcast::channel(TRANSCRIPT_CAPACITY);
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(identity, self.strict_formatting)),
            version,
            transcript,
            shutdown,
        });

        let app = Router::new()
            .fallback(handle_request)
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(Arc::clone(&shared));
        let mut stop = shared.shutdown.subscribe();
        let server = axum::serve(
            FakeListener { inner: listener },
            app.into_make_service_with_connect_info::<ConnMeta>(),
        )
        .with_graceful_shutdown(async move {
            // An error means the sender is gone, which also means: stop.
            let _ = stop.wait_for(|stopped| *stopped).await;
        });
        let task = tokio::spawn(async move {
            if let Err(err) = server.await {
                tracing::warn!(%err, "fake Telegram server stopped with an error");
            }
        });
        tracing::debug!(%addr, "fake Telegram server listening");

        let guard = Arc::new(ServerGuard {
            shared: Arc::clone(&shared),
            task: Mutex::new(Some(task)),
        });
        Ok(FakeTelegram { shared, guard, addr })
    }
}

/// Held only by [`FakeTelegram`] handles (not by the server task), so that dropping the last
/// handle stops the server.
pub(crate) struct ServerGuard {
    pub(crate) shared: Arc<Shared>,
    pub(crate) task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.shared.shutdown.send_replace(true);
        self.shared.bump();
    }
}

/// Official spelling of the implemented methods; lookup is case-insensitive.
const KNOWN_METHODS: &[&str] = &[
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
];

fn canonical_method(name: &str) -> String {
    KNOWN_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_owned(), |m| (*m).to_owned())
}

/// `…/bot{token}/{method}` → `(token, method)`.
fn parse_path(path: &str) -> Option<(String, String)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [.., bot, method] = segments.as_slice() else {
        return None;
    };
    let token = bot.strip_prefix("bot")?;
    if segments.len() >= 3 && segments[segments.len() - 3] == "file" {
        return None; // file downloads are not supported
    }
    Some((token.to_owned(), (*method).to_owned()))
}

pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn is_rate_limited_method(method: &str) -> bool {
    method.starts_with("send") && method != "sendChatAction"
}

async fn handle_request(
    AxumState(shared): AxumState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnMeta>,
    req: Request,
) -> Response {
    let Some((token, raw_method)) = parse_path(req.uri().path()) else {
        return FakeError::api(404, "Not Found").into_response();
    };
    let method = canonical_method(&raw_method);
    let params = match read_params(req).await {
        Ok(params) => params,
        Err(why) => {
            let error = FakeError::bad_request(&why);
            let mut st = shared.lock();
            let seq = st.record_call(&method, &token, Value::Null);
            st.set_call_error(seq, &error);
            shared.commit(st);
            return error.into_response();
        }
    };

    let echo = params.recorded_body();
    let result = if method == "getUpdates" {
        get_updates(&shared, &token, &params).await
    } else {
        let mut st = shared.lock();
        let seq = st.record_call(&method, &token, params.recorded_body());
        let chat_id = param_i64(&params.fields, "chat_id");
        let result = match st.injected_failure(&method) {
            Some(error) => Err(error),
            None if chat_id.is_some_and(|c| st.blocked.contains(&c)) => Err(FakeError::blocked()),
            None => st.execute(&method, &params),
        };
        if let Err(error) = &result {
            st.set_call_error(seq, error);
            let names_chat =
                chat_id.is_some() || is_rate_limited_method(&method) || method.starts_with("edit");
            if names_chat {
                st.refuse(&method, chat_id, error);
            }
        }
        shared.commit(st);
        result
    };

    match result {
        Ok(value) => json_response(StatusCode::OK, &json!({ "ok": true, "result": value })),
        Err(FakeError::DropConnection) => {
            conn.kill.store(true, Ordering::SeqCst);
            FakeError::DropConnection.into_response()
        }
        Err(FakeError::Garbage) => garbage_response(&echo),
        Err(error) => error.into_response(),
    }
}

/// Long polling. See the module docs for the delivery rules.
async fn get_updates(shared: &Shared, token: &str, params: &Params) -> Result<Value, FakeError> {
    let p = &params.fields;
    let offset = param_i64(p, "offset").unwrap_or(0);
    let limit = param_i64(p, "limit")
        .filter(|l| (1..=100).contains(l))
        .unwrap_or(100) as usize;
    let timeout = Duration::from_secs(
        param_i64(p, "timeout")
            .unwrap_or(0)
            .clamp(0, MAX_POLL_TIMEOUT_SECS as i64) as u64,
    );
    let deadline = deadline_after(timeout);

    let (seq, generation) = {
        let mut st = shared.lock();
        let seq = st.record_call("getUpdates", token, params.recorded_body());
        let early = match st.injected_failure("getUpdates") {
            Some(error) => Some(error),
            None if st.webhook.is_some() => Some(FakeError::api(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )),
            None => None,
        };
        if let Some(error) = early {
            st.set_call_error(seq, &error);
            shared.commit(st);
            return Err(error);
        }
        st.confirm(offset);
        st.poll_generation += 1;
        let generation = st.poll_generation;
        shared.commit(st);
        (seq, generation)
    };

    let mut changes = shared.version.subscribe();
    let mut stop = shared.shutdown.subscribe();
    loop {
        changes.borrow_and_update();
        {
            let mut st = shared.lock();
            if st.poll_generation != generation {
                let error = FakeError::conflict();
                st.set_call_error(seq, &error);
                shared.commit(st);
                return Err(error);
            }
            let stopping = *stop.borrow();
            if !st.queue.is_empty() || stopping || tokio::time::Instant::now() >= deadline {
                let batch = st.take_batch(limit);
                shared.commit(st);
                return Ok(Value::Array(batch));
            }
        }
        tokio::select! {
            changed = changes.changed() => if changed.is_err() { return Ok(json!([])) },
            _ = stop.changed() => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// Per-connection data handed to handlers through `ConnectInfo`.
#[derive(Clone, Debug)]
struct ConnMeta {
    /// Set by a handler to make the connection fail instead of sending the response.
    kill: Arc<AtomicBool>,
}

impl Connected<IncomingStream<'_, FakeListener>> for ConnMeta {
    fn connect_info(stream: IncomingStream<'_, FakeListener>) -> Self {
        stream.remote_addr().clone()
    }
}

/// A TCP listener whose connections can be killed from a handler.
struct FakeListener {
    inner: TcpListener,
}

impl Listener for FakeListener {
    type Io = KillableStream;
    type Addr = ConnMeta;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, _peer)) => {
                    let _ = stream.set_nodelay(true);
                    let kill = Arc::new(AtomicBool::new(false));
                    return (
                        KillableStream {
                            inner: stream,
                            kill: Arc::clone(&kill),
                        },
                        ConnMeta { kill },
                    );
                }
                Err(err) => {
                    // E.g. too many open files; back off briefly like axum does.
                    tracing::debug!(%err, "fake Telegram: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr().map(|_| ConnMeta {
            kill: Arc::new(AtomicBool::new(false)),
        })
    }
}

/// A TCP stream that, once killed, reads EOF and refuses writes, so the response in flight is
/// never sent and the connection is closed.
struct KillableStream {
    inner: TcpStream,
    kill: Arc<AtomicBool>,
}

impl KillableStream {
    pub(crate) fn killed(&self) -> bool {
        self.kill.load(Ordering::SeqCst)
    }
}

fn killed_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionReset,
        "fake Telegram dropped the connection",
    )
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.killed() {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("/bot123:abc/SendMessage"),
            Some(("123:abc".into(), "SendMessage".into()))
        );
        assert_eq!(
            parse_path("/prefix/bot1/getMe"),
            Some(("1".into(), "getMe".into()))
        );
        assert_eq!(parse_path("/file/bot1/photos/x.png"), None);
        assert_eq!(parse_path("/"), None);
        assert_eq!(parse_path("/getMe"), None);
        assert_eq!(canonical_method("SENDMESSAGE"), "sendMessage");
        assert_eq!(canonical_method("frobnicate"), "frobnicate");
    }
}
