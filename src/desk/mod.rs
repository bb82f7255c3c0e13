//! The caseworker's web desk: server-rendered HTML pages beside the chat, served by the same
//! binary (`serve` starts it, `DESK=off` leaves it out). Sign-in goes through the bot
//! (`/skrivebord` sends a one-time link), so there are no passwords.
//!
//! The desk is an edge, like `chat/`: it parses a request, calls the same service functions as
//! the chat (`service::desk`, `service::access` — one rule for who may read what), and renders
//! the answer ([`view`]). Every page of case data is an audited read. Security on every
//! response ([`guard`]): CSP without inline script or style, `nosniff`, no referrer, no caching
//! of pages; a CSRF token on every form; `POST /login` rate-limited per client address.

mod alerts;
pub mod bench;
mod calls;
mod guard;
mod journal;
mod management;
mod meetings;
mod network;
mod pages;
mod participants;
mod signin;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::service;
use crate::store::Store;

/// Where the desk listens and how its links start.
#[derive(Debug, Clone)]
pub struct DeskSettings {
    pub listen: SocketAddr,
    /// `DESK_PUBLIC_URL`; `None`: the address the listener got (tests listen on port 0).
    pub public_url: Option<String>,
    /// Sign-in attempts (`POST /login`) allowed per client address and minute.
    pub login_attempts_per_minute: u32,
}

impl DeskSettings {
    pub fn new(listen: SocketAddr, public_url: Option<String>) -> Self {
        DeskSettings {
            listen,
            public_url,
            login_attempts_per_minute: guard::DEFAULT_LOGIN_ATTEMPTS_PER_MINUTE,
        }
    }
}

/// What every request handler may use.
#[derive(Clone)]
struct Desk {
    store: Store,
    ctx: Arc<service::Context>,
    /// Cookies get `Secure` when the public address is https.
    secure: bool,
    limiter: Arc<guard::LoginLimiter>,
}

/// A bound desk listener, ready to run.
pub struct DeskServer {
    listener: TcpListener,
    desk: Desk,
    pub addr: SocketAddr,
    pub public_url: String,
}

/// Binds the listener, so the service knows the desk's address (and public URL) before the
/// context that makes sign-in links is built.
pub async fn bind(settings: &DeskSettings) -> anyhow::Result<(TcpListener, SocketAddr, String)> {
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen for the desk on {} (DESK_LISTEN)", settings.listen))?;
    let addr = listener.local_addr()?;
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    Ok((listener, addr, public_url.trim_end_matches('/').to_string()))
}

impl DeskServer {
    pub fn new(
        listener: TcpListener,
        addr: SocketAddr,
        public_url: String,
        settings: &DeskSettings,
        store: Store,
        ctx: Arc<service::Context>,
    ) -> DeskServer {
        let desk = Desk {
            store,
            ctx,
            secure: public_url.starts_with("https://"),
            limiter: Arc::new(guard::LoginLimiter::new(settings.login_attempts_per_minute)),
        };
        DeskServer {
            listener,
            desk,
            addr,
            public_url,
        }
    }

    /// Serves until shutdown, then lets open requests finish.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let app = router(self.desk);
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        let served = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop)
        .await;
        if let Err(error) = served {
            tracing::error!(%error, "desk listener failed");
        }
    }
}

fn router(desk: Desk) -> Router {
    Router::new()
        .route("/", get(pages::my_cases))
        .route("/sag/{code}", get(pages::case))
        .route("/sag/{code}/graf/{position}", get(pages::chart))
        .route("/sag/{code}/udkast", get(pages::draft))
        .route("/sag/{code}/journal", get(journal::page).post(journal::document))
        .route("/sag/{code}/deltagere", get(participants::page))
        .route("/sag/{code}/deltagere/inviter", post(participants::invite))
        .route(
            "/sag/{code}/deltagere/{id}/fjern",
            get(participants::confirm_removal).post(participants::remove),
        )
        .route("/sag/{code}/rytme", post(participants::rhythm))
        .route("/sag/{code}/netvaerk", get(network::page))
        .route("/alarmer", get(alerts::page))
        .route("/alarmer/{id}", post(alerts::assess_form))
        .route("/moeder", get(meetings::page).post(meetings::plan))
        .route("/moeder/ny", get(meetings::new_form))
        .route("/moeder/{id}/flyt", post(meetings::move_meeting))
        .route("/moeder/{id}/aflys", post(meetings::cancel))
        .route("/moeder/{id}/holdt", post(meetings::hold))
        .route("/opkald", get(calls::page))
        .route("/opkald/{id}", post(calls::record))
        .route("/ledelse", get(management::page))
        .route("/ledelse/graf/{n}", get(management::chart))
        .route("/ledelse/rapport", get(management::document))
        .route("/ledelse/overdrag", post(management::hand_over))
        .route("/login/{token}", get(signin::login_page))
        .route("/login", post(signin::login))
        .route("/logout", post(signin::logout))
        .route("/desk.css", get(guard::stylesheet))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(guard::headers))
        .with_state(desk)
}
