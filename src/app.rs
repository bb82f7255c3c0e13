//! Wiring: the running service is a store, a clock and four loops (poller, inbox processor,
//! scheduler, outbox dispatcher), started the same way by `serve`, the
//! tests and the demo.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono_tz::Tz;
use teloxide::prelude::*;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::chat::ChatContext;
use crate::chat::delivery::Unreachable;
use crate::chat::menu::Menu;
use crate::clock::Clock;
use crate::domain::schedule::{DEFAULT_CATCH_UP_GRACE, QuietHours};
use crate::i18n::{Lang, Texts};
use crate::jobs::scheduler::Scheduler;
use crate::store::Store;
use crate::telegram::dispatcher::{DispatchSettings, Dispatcher};
use crate::telegram::inbox::Processor;
use crate::telegram::poller::{self, PollerSettings};

/// Key under which the bot's username is cached (for deep links made by the CLI).
pub const BOT_USERNAME_KEY: &str = "bot_username";

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
        }
    }
}

/// A running service. Dropping it does not stop it; call [`Service::shutdown`].
pub struct Service {
    shutdown: watch::Sender<bool>,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
    pub bot_username: String,
    pub store: Store,
    scheduler: Arc<Scheduler>,
}

impl Service {
    /// Migrates the database, checks the bot token, and starts the loops.
    pub async fn start(
        settings: ServiceSettings,
        store: Store,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Service> {
        store.migrate().await.context("database migration failed")?;
        let bot = crate::telegram::bot(&settings.bot_token, &settings.api_url)?;
        let me = bot
            .get_me()
            .await
            .context("Telegram did not accept the bot token (getMe failed); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL")?;
        let bot_username = me.username.clone().unwrap_or_default();
        {
            let mut tx = store.begin().await?;
            tx.set_bot_state(BOT_USERNAME_KEY, &bot_username).await?;
            // Only one instance runs against SQLite: whatever was "being sent" when it stopped
            // is not in flight any more.
            let released = tx.release_outbox_claims().await?;
            tx.commit().await?;
            if released > 0 {
                tracing::warn!(
                    released,
                    "outbox messages claimed before a restart are queued again"
                );
            }
        }
        let texts = Texts::get();
        crate::telegram::set_menu(&bot, &texts, Menu::Default, settings.default_lang, None).await;

        let ctx = Arc::new(ChatContext {
            texts,
            clock: clock.clone(),
            default_lang: settings.default_lang,
            timezone: settings.timezone,
            bot_username: bot_username.clone(),
            quiet_hours: settings.quiet_hours,
            catch_up_grace: settings.catch_up_grace,
        });
        let (shutdown, watch_rx) = watch::channel(false);
        let inbox_ready = Arc::new(Notify::new());
        let outbox_ready = Arc::new(Notify::new());
        let mut tasks = Vec::new();

        let poller_settings = PollerSettings {
            api_url: settings.api_url.clone(),
            token: settings.bot_token.clone(),
            long_poll_secs: settings.long_poll_secs,
            texts: ctx.texts.clone(),
            lang: settings.default_lang,
        };
        tasks.push((
            "poller",
            tokio::spawn(poller::run(
                poller_settings,
                store.clone(),
                clock.clone(),
                inbox_ready.clone(),
                watch_rx.clone(),
            )),
        ));
        let scheduler = Arc::new(Scheduler {
            store: store.clone(),
            ctx: ctx.clone(),
            outbox_ready: outbox_ready.clone(),
            tick: settings.scheduler_tick,
        });
        tasks.push(("scheduler", tokio::spawn(scheduler.clone().run(watch_rx.clone()))));
        let processor = Processor {
            store: store.clone(),
            ctx: ctx.clone(),
            bot: bot.clone(),
            inbox_ready,
            outbox_ready: outbox_ready.clone(),
            idle_poll: settings.idle_poll,
        };
        tasks.push(("inbox", tokio::spawn(processor.run(watch_rx.clone()))));
        let mut dispatch = settings.dispatch.clone();
        dispatch.idle_poll = settings.idle_poll;
        let dispatcher = Dispatcher {
            bot,
            store: store.clone(),
            clock,
            settings: dispatch,
            wake: outbox_ready,
            events: Arc::new(Unreachable {
                store: store.clone(),
                ctx,
            }),
        };
        tasks.push(("dispatcher", tokio::spawn(dispatcher.run(watch_rx))));
        tracing::info!(bot = %bot_username, backend = store.backend_name(), "service started");
        Ok(Service {
            shutdown,
            tasks,
            bot_username,
            store,
            scheduler,
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
