//! Wiring: the running service is a store, a clock and four loops — poller (or webhook),
//! inbox processor, scheduler, outbox dispatcher — started the same way by `serve`, the tests
//! and the demo; beside them, on every instance, the web desk's listener (unless `DESK=off`).
//!
//! Several instances may run against one PostgreSQL database. Every instance handles stored
//! updates (claimed with `FOR UPDATE SKIP LOCKED`); exactly one — the leader, elected with a
//! PostgreSQL advisory lock — polls Telegram, runs the scheduler and sends, so the bot's send
//! limits hold across instances. When the leader dies its session ends, the lock is free, and
//! another instance takes over within [`LEADER_RETRY`]. With SQLite there is one instance and it
//! always leads.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono_tz::Tz;
use teloxide::prelude::*;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::chat::delivery::Unreachable;
use crate::chat::menu::Menu;
use crate::clock::Clock;
use crate::domain::schedule::{DEFAULT_CATCH_UP_GRACE, QuietHours};
use crate::i18n::{Lang, Texts};
use crate::jobs::scheduler::Scheduler;
use crate::service;
use crate::store::Store;
use crate::telegram::dispatcher::{DispatchSettings, Dispatcher};
use crate::telegram::inbox::Processor;
use crate::telegram::poller::{self, PollerSettings};
use crate::telegram::webhook;

/// Key under which the bot's username is cached (for deep links made by the CLI).
pub const BOT_USERNAME_KEY: &str = "bot_username";

/// How often a follower tries to become the leader, and the leader checks it still is.
pub const LEADER_RETRY: Duration = Duration::from_secs(5);

/// Receiving updates by webhook instead of polling (several instances behind a load balancer).
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The public HTTPS address Telegram posts to, e.g. `https://bot.kommune.dk/telegram`.
    pub public_url: String,
    /// Where this instance listens, e.g. `0.0.0.0:8080`.
    pub listen: SocketAddr,
    /// Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; anything else is refused.
    pub secret: webhook::WebhookSecret,
    /// Body size, request time, connections, refusal logging.
    pub limits: webhook::WebhookLimits,
}

/// Everything needed to start the service.
pub struct ServiceSettings {
    pub bot_token: String,
    pub api_url: String,
    pub default_lang: Lang,
    pub timezone: Tz,
    /// Long-poll timeout for `getUpdates`, seconds.
    pub long_poll_secs: u32,
    /// How often idle loops look for work nobody announced (e.g. a message another process queued).
    pub idle_poll: Duration,
    /// How often the scheduler looks for due check-ins, reminders and escalations.
    pub scheduler_tick: Duration,
    pub dispatch: DispatchSettings,
    pub quiet_hours: QuietHours,
    pub catch_up_grace: chrono::Duration,
    /// `None`: long polling.
    pub webhook: Option<WebhookSettings>,
    pub meeting_timing: crate::domain::meeting::MeetingTiming,
    /// Days from a closed case's journal export to its purge (`RETENTION_DAYS_AFTER_CLOSE`).
    pub retention_days: u32,
    /// The web desk; `None`: not served (`DESK=off`, and the default for tests and the demo).
    pub desk: Option<crate::desk::DeskSettings>,
}

impl ServiceSettings {
    pub fn new(bot_token: String, api_url: String, default_lang: Lang, timezone: Tz) -> Self {
        ServiceSettings {
            bot_token,
            api_url,
            default_lang,
            timezone,
            long_poll_secs: 25,
            idle_poll: Duration::from_secs(1),
            scheduler_tick: Duration::from_secs(10),
            dispatch: DispatchSettings::default(),
            quiet_hours: QuietHours::default(),
            catch_up_grace: DEFAULT_CATCH_UP_GRACE,
            webhook: None,
            meeting_timing: Default::default(),
            retention_days: crate::domain::case::DEFAULT_RETENTION_DAYS,
            desk: None,
        }
    }
}

/// What the leader runs, rebuilt for every term of leadership.
struct LeaderWork {
    settings: Arc<ServiceSettings>,
    store: Store,
    clock: Arc<dyn Clock>,
    bot: Bot,
    ctx: Arc<service::Context>,
    scheduler: Arc<Scheduler>,
    inbox_ready: Arc<Notify>,
    outbox_ready: Arc<Notify>,
}

/// A running service. Dropping it does not stop it; call [`Service::shutdown`].
pub struct Service {
    shutdown: watch::Sender<bool>,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
    pub bot_username: String,
    pub store: Store,
    scheduler: Arc<Scheduler>,
    /// Where the webhook listener ended up (tests listen on port 0).
    pub webhook_addr: Option<SocketAddr>,
    /// Where the web desk listens, when it runs (tests listen on port 0).
    pub desk_addr: Option<SocketAddr>,
}

impl Service {
    /// Migrates the database, checks the bot token, and starts the loops.
    pub async fn start(
        settings: ServiceSettings,
        store: Store,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Service> {
        store.migrate().await.context("database migration failed")?;
        // The danger check learns its second opinion from the examples on first use (a fraction
        // of a second); learn it now, beside the start-up, so no child's first message waits.
        let warm_up = tokio::task::spawn_blocking(|| {
            crate::domain::safety::DangerSignals::builtin();
        });
        let bot = crate::telegram::bot(&settings.bot_token, &settings.api_url)?;
        // teloxide's network errors print the request URL, and the URL holds the bot token:
        // only the error's kind may reach the log or the terminal.
        let me = bot.get_me().await.map_err(|error| {
            anyhow::anyhow!(
                "Telegram did not accept the bot token (getMe failed: {}); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL",
                crate::telegram::dispatcher::error_kind(&error)
            )
        })?;
        let bot_username = me.username.clone().unwrap_or_default();
        {
            let mut tx = store.begin().await?;
            tx.set_bot_state(BOT_USERNAME_KEY, &bot_username).await?;
            tx.commit().await?;
        }
        let texts = Texts::get();
        crate::telegram::set_menu(&bot, &texts, Menu::Default, settings.default_lang, None).await;
        warm_up
            .await
            .context("learning the danger check's second opinion")?;

        // The desk's address is known before the context that writes its sign-in links.
        let desk = match &settings.desk {
            Some(desk) => Some((desk.clone(), crate::desk::bind(desk).await?)),
            None => None,
        };
        let ctx = Arc::new(service::Context {
            texts,
            clock: clock.clone(),
            default_lang: settings.default_lang,
            timezone: settings.timezone,
            bot_username: bot_username.clone(),
            quiet_hours: settings.quiet_hours,
            catch_up_grace: settings.catch_up_grace,
            meeting_timing: settings.meeting_timing,
            retention_days: settings.retention_days,
            desk_url: desk.as_ref().map(|(_, (_, _, url))| url.clone()),
        });
        let (shutdown, watch_rx) = watch::channel(false);
        let inbox_ready = Arc::new(Notify::new());
        let outbox_ready = Arc::new(Notify::new());
        let mut tasks = Vec::new();

        let mut webhook_addr = None;
        if let Some(hook) = &settings.webhook {
            let listener = tokio::net::TcpListener::bind(hook.listen)
                .await
                .with_context(|| format!("cannot listen for webhooks on {}", hook.listen))?;
            webhook_addr = listener.local_addr().ok();
            let server = webhook::serve(
                listener,
                hook.secret.clone(),
                hook.limits,
                store.clone(),
                clock.clone(),
                inbox_ready.clone(),
            );
            tasks.push(("webhook", tokio::spawn(server.run(watch_rx.clone()))));
        }
        let mut desk_addr = None;
        if let Some((desk_settings, (listener, addr, public_url))) = desk {
            tracing::info!(%addr, "desk listening");
            let server = crate::desk::DeskServer::new(
                listener,
                addr,
                public_url,
                &desk_settings,
                store.clone(),
                ctx.clone(),
            );
            desk_addr = Some(server.addr);
            tasks.push(("desk", tokio::spawn(server.run(watch_rx.clone()))));
        }
        // Callback answers go out from every instance the moment their press is stored; the
        // answerer ends after the processor, once the last answers are recorded.
        let (answers, answers_rx) = tokio::sync::mpsc::unbounded_channel();
        let answerer = crate::telegram::answers::Answerer {
            bot: bot.clone(),
            store: store.clone(),
            clock: clock.clone(),
            outbox_ready: outbox_ready.clone(),
        };
        let processor = Processor {
            store: store.clone(),
            ctx: ctx.clone(),
            bot: bot.clone(),
            inbox_ready: inbox_ready.clone(),
            outbox_ready: outbox_ready.clone(),
            idle_poll: settings.idle_poll,
            answers,
        };
        tasks.push(("inbox", tokio::spawn(processor.run(watch_rx.clone()))));
        tasks.push(("answers", tokio::spawn(answerer.run(answers_rx))));
        let scheduler = Arc::new(Scheduler {
            store: store.clone(),
            ctx: ctx.clone(),
            outbox_ready: outbox_ready.clone(),
            tick: settings.scheduler_tick,
        });
        let work = LeaderWork {
            settings: Arc::new(settings),
            store: store.clone(),
            clock,
            bot,
            ctx,
            scheduler: scheduler.clone(),
            inbox_ready,
            outbox_ready,
        };
        tasks.push(("leader", tokio::spawn(work.run(watch_rx))));
        tracing::info!(bot = %bot_username, backend = store.backend_name(), "service started");
        Ok(Service {
            shutdown,
            tasks,
            bot_username,
            store,
            scheduler,
            webhook_addr,
            desk_addr,
        })
    }

    /// Stops polling, lets in-flight handling and sends finish, and waits up to `grace`.
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.shutdown.send(true);
        let deadline = tokio::time::Instant::now() + grace;
        for (name, task) in self.tasks {
            match tokio::time::timeout_at(deadline, task).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(task = name, %error, "task ended abnormally"),
                Err(_) => tracing::warn!(task = name, "task did not stop in time"),
            }
        }
        self.store.close().await;
    }

    /// Stops everything at once, as a crash would (tests of fail-over).
    pub fn abort(self) {
        for (_, task) in self.tasks {
            task.abort();
        }
    }

    /// Runs one scheduler pass now (the loop also runs it on its own tick). Lets tests move
    /// the clock and see its effect without waiting for a tick.
    pub async fn run_scheduler_once(&self) -> anyhow::Result<usize> {
        self.scheduler.tick_once().await
    }

    /// True while every loop is still running (a loop ends only on shutdown or a bug).
    pub fn is_healthy(&self) -> bool {
        self.tasks.iter().all(|(_, t)| !t.is_finished())
    }
}

impl LeaderWork {
    /// Tries to lead until shutdown; while leading runs the poller (or registers the webhook),
    /// the scheduler and the dispatcher.
    async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                break;
            }
            match self.store.try_lead().await {
                Ok(Some(lease)) => {
                    tracing::info!("this instance leads: polling, scheduling and sending");
                    self.term(lease, shutdown.clone()).await;
                }
                Ok(None) => tracing::debug!("another instance leads"),
                Err(error) => tracing::warn!(%error, "cannot try to lead"),
            }
            tokio::select! {
                _ = tokio::time::sleep(LEADER_RETRY) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// One term of leadership: ends on shutdown or when the lease is lost.
    async fn term(&self, mut lease: crate::store::LeaderLease, mut shutdown: watch::Receiver<bool>) {
        // The previous leader is gone: what it had claimed for sending is not in flight any more.
        match self.release_claims().await {
            Ok(0) => {}
            Ok(released) => tracing::warn!(
                released,
                "outbox messages claimed by a previous run are queued again"
            ),
            Err(error) => tracing::error!(%error, "cannot release old outbox claims"),
        }
        let (stop, stopped) = watch::channel(false);
        // A JoinSet: if this task is aborted, the loops die with it, as in a crash.
        let mut loops = tokio::task::JoinSet::new();
        match &self.settings.webhook {
            Some(hook) => {
                let request = self.bot.set_webhook(hook.public_url.parse().unwrap_or_else(|_| {
                    tracing::error!("WEBHOOK_URL is not a URL");
                    reqwest::Url::parse("https://invalid.invalid/").expect("static URL")
                }));
                if let Err(error) = request.secret_token(hook.secret.as_str().to_string()).await {
                    let error = crate::telegram::dispatcher::error_kind(&error);
                    tracing::error!(%error, "setWebhook failed; retrying next term");
                }
            }
            None => {
                let poller_settings = PollerSettings {
                    api_url: self.settings.api_url.clone(),
                    token: self.settings.bot_token.clone(),
                    long_poll_secs: self.settings.long_poll_secs,
                    texts: self.ctx.texts.clone(),
                    lang: self.settings.default_lang,
                };
                loops.spawn(poller::run(
                    poller_settings,
                    self.store.clone(),
                    self.clock.clone(),
                    self.inbox_ready.clone(),
                    stopped.clone(),
                ));
            }
        }
        loops.spawn(self.scheduler.clone().run(stopped.clone()));
        let mut dispatch = self.settings.dispatch.clone();
        dispatch.idle_poll = self.settings.idle_poll;
        let dispatcher = Dispatcher {
            bot: self.bot.clone(),
            store: self.store.clone(),
            clock: self.clock.clone(),
            settings: dispatch,
            wake: self.outbox_ready.clone(),
            events: Arc::new(Unreachable {
                store: self.store.clone(),
                ctx: self.ctx.clone(),
            }),
        };
        loops.spawn(dispatcher.run(stopped));
        loop {
            tokio::select! {
                _ = tokio::time::sleep(LEADER_RETRY) => {
                    if !lease.is_alive().await {
                        tracing::error!("lost the leader lock; stopping polling, scheduling and sending");
                        break;
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
        let _ = stop.send(true);
        while let Some(done) = loops.join_next().await {
            if let Err(error) = done {
                tracing::error!(%error, "a leader loop ended abnormally");
            }
        }
        lease.release().await;
    }

    async fn release_claims(&self) -> anyhow::Result<u64> {
        let mut tx = self.store.begin().await?;
        let released = tx.release_outbox_claims().await?;
        tx.commit().await?;
        Ok(released)
    }
}
