//! `TestApp::spawn()`: the real service (the same code path as `serve`) against the fake Bot
//! API, a fresh database and a manual clock.

use std::sync::{Arc, Once};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use fake_telegram::{FakeTelegram, FakeUser, SentMessage};
use taetkontakt::app::{Service, ServiceSettings};
use taetkontakt::clock::ManualClock;
use taetkontakt::domain::case::CaseCode;
use taetkontakt::domain::invite::InviteToken;
use taetkontakt::domain::staff::StaffRole;
use taetkontakt::i18n::Lang;
use taetkontakt::store::Store;
use tempfile::TempDir;

/// How long a test waits for something that should happen at once.
pub const WAIT: Duration = Duration::from_secs(10);

static TRACING: Once = Once::new();

fn init_tracing() {
    TRACING.call_once(|| {
        let filter = std::env::var("TEST_LOG").unwrap_or_else(|_| "off".into());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    });
}

/// A Monday morning in Copenhagen, so schedules and quiet hours are predictable.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub struct TestApp {
    pub fake: FakeTelegram,
    pub clock: ManualClock,
    pub store: Store,
    pub database_url: String,
    service: Option<Service>,
    tune: fn(&mut ServiceSettings),
    _dir: TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        init_tracing();
        let fake = FakeTelegram::start().await.expect("fake Bot API starts");
        Self::spawn_with(fake).await
    }

    /// Starts the service against a fake that the test prepared (e.g. with failures).
    pub async fn spawn_with(fake: FakeTelegram) -> TestApp {
        Self::spawn_tuned(fake, |_| {}).await
    }

    /// Starts the service with settings adjusted by `tune` (e.g. Telegram's real send limits).
    pub async fn spawn_tuned(fake: FakeTelegram, tune: fn(&mut ServiceSettings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = test_database_url(&dir).await;
        Self::spawn_at(fake, tune, dir, database_url).await
    }

    /// Starts the service on SQLite whatever `TEST_POSTGRES_URL` says (e.g. the source of
    /// `migrate-to`, or a SQLite backup).
    pub async fn spawn_sqlite() -> TestApp {
        let fake = FakeTelegram::start().await.expect("fake Bot API starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = format!("sqlite://{}", dir.path().join("test.db").display());
        Self::spawn_at(fake, |_| {}, dir, database_url).await
    }

    /// Starts the service on a database the test chose (e.g. PostgreSQL behind a proxy).
    pub async fn spawn_on(fake: FakeTelegram, database_url: &str) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::spawn_at(fake, |_| {}, dir, database_url.to_string()).await
    }

    async fn spawn_at(
        fake: FakeTelegram,
        tune: fn(&mut ServiceSettings),
        dir: TempDir,
        database_url: String,
    ) -> TestApp {
        init_tracing();
        let store = Store::connect(&database_url).await.expect("database opens");
        let clock = ManualClock::new(start_time());
        let mut app = TestApp {
            fake,
            clock,
            store,
            database_url,
            service: None,
            tune,
            _dir: dir,
        };
        app.start_service().await;
        app
    }

    /// The test's own temporary folder (removed with the app).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn settings(&self) -> ServiceSettings {
        let mut settings = ServiceSettings::new(
            "123456:TEST".into(),
            self.fake.api_url(),
            Lang::Da,
            chrono_tz::Europe::Copenhagen,
        );
        settings.long_poll_secs = 2;
        settings.idle_poll = Duration::from_millis(50);
        // The loop's own ticks are rare; tests drive the scheduler with `tick()`.
        settings.scheduler_tick = Duration::from_secs(3600);
        // Tests talk to few chats in quick steps; per-chat pacing is tested on its own.
        settings.dispatch.chat_per_sec = 1000.0;
        settings.dispatch.chat_burst = 1000;
        settings.dispatch.global_per_sec = 1000.0;
        (self.tune)(&mut settings);
        settings
    }

    /// Starts the service (again) on the same database.
    pub async fn start_service(&mut self) {
        let service = Service::start(self.settings(), self.store.clone(), Arc::new(self.clock.clone()))
            .await
            .expect("service starts");
        self.service = Some(service);
    }

    /// Stops the service, as for downtime; the database and the fake stay.
    pub async fn stop_service(&mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown(Duration::from_secs(10)).await;
        }
        self.store = Store::connect(&self.database_url)
            .await
            .expect("database reopens");
    }

    /// Stops and starts the service on the same database (a restart).
    pub async fn restart(&mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown(Duration::from_secs(10)).await;
        }
        self.store = Store::connect(&self.database_url)
            .await
            .expect("database reopens");
        self.start_service().await;
    }

    pub async fn stop(mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown(Duration::from_secs(10)).await;
        }
        self.fake.shutdown().await;
    }

    pub async fn invite_staff(&self, name: &str, role: StaffRole, team: Option<&str>) -> InviteToken {
        taetkontakt::ops::invite_staff(&self.store, name, role, team, Lang::Da, self.clock_now())
            .await
            .expect("staff invite")
    }

    fn clock_now(&self) -> DateTime<Utc> {
        use taetkontakt::clock::Clock;
        self.clock.now()
    }

    /// The user writes `text`; returns the first bot message to that chat sent after it.
    pub async fn say(&self, user: &FakeUser, text: &str) -> SentMessage {
        // Earlier effects (e.g. a notice to the caseworker) must not pass for the reply.
        self.settle().await;
        let mark = self.fake.message_seq();
        self.fake.send_text(user, text);
        self.next_message(user.id, mark).await
    }

    /// The user presses the button labelled `label` on `message`; returns the next bot message.
    pub async fn press(&self, user: &FakeUser, message: &SentMessage, label: &str) -> SentMessage {
        let data = message
            .button_data(label)
            .unwrap_or_else(|| panic!("no button {label:?} on {:?}", message.text))
            .to_string();
        self.settle().await;
        let mark = self.fake.message_seq();
        self.fake.press_button(user, message.message_id, &data);
        self.next_message(user.id, mark).await
    }

    /// The first bot message to `chat` newer than `mark`.
    pub async fn next_message(&self, chat: i64, mark: u64) -> SentMessage {
        self.fake
            .wait_for_message(chat, |m| m.seq > mark, WAIT)
            .await
            .unwrap_or_else(|| panic!("no message to chat {chat} within {WAIT:?}"))
    }

    /// The first bot message to `chat` newer than `mark` that contains `needle`.
    pub async fn message_containing(&self, chat: i64, mark: u64, needle: &str) -> SentMessage {
        self.fake
            .wait_for_message(chat, |m| m.seq > mark && m.text.contains(needle), WAIT)
            .await
            .unwrap_or_else(|| panic!("no message containing {needle:?} to chat {chat}"))
    }

    /// Presses a value on a check-in question and waits until the question shows it (the
    /// answer is an edit of that message; no new message comes).
    pub async fn answer(&self, user: &FakeUser, prompt: &SentMessage, value: &str) -> SentMessage {
        let data = prompt
            .button_data(value)
            .unwrap_or_else(|| panic!("no button {value:?} on {:?}", prompt.text))
            .to_string();
        self.fake.press_button(user, prompt.message_id, &data);
        let shown = self
            .edited_to_contain(user.id, prompt.message_id, &format!("svar: {value}"))
            .await;
        self.settle().await;
        shown
    }

    /// Message `message_id` in `chat` once an edit made it contain `needle` (the thanks after
    /// a check-in's last answer, for instance, are part of that question's edit).
    pub async fn edited_to_contain(&self, chat: i64, message_id: i64, needle: &str) -> SentMessage {
        let edited = self
            .fake
            .wait_until(
                |f| {
                    f.message(chat, message_id)
                        .is_some_and(|m| m.text.contains(needle))
                },
                WAIT,
            )
            .await;
        assert!(
            edited,
            "message {message_id} to chat {chat} never came to contain {needle:?}"
        );
        self.fake.message(chat, message_id).unwrap()
    }

    /// Starts the service with the web desk listening on a free local port.
    pub async fn spawn_with_desk() -> TestApp {
        let fake = FakeTelegram::start().await.expect("fake Bot API starts");
        Self::spawn_tuned(fake, |settings| {
            let listen = "127.0.0.1:0".parse().expect("address");
            settings.desk = Some(taetkontakt::desk::DeskSettings::new(listen, None));
        })
        .await
    }

    /// Where the web desk listens, when started with it (`spawn_with_desk`).
    pub fn desk_addr(&self) -> Option<std::net::SocketAddr> {
        self.service.as_ref().and_then(|s| s.desk_addr)
    }

    /// Where the service listens for webhooks, when started with webhook settings.
    pub fn webhook_addr(&self) -> Option<std::net::SocketAddr> {
        self.service.as_ref().and_then(|s| s.webhook_addr)
    }

    /// Runs a scheduler pass at the clock's current time, then lets the service settle.
    pub async fn tick(&self) {
        let service = self.service.as_ref().expect("service running");
        service.run_scheduler_once().await.expect("scheduler pass");
        self.settle().await;
    }

    /// Waits until every injected update has been handled and every queued message settled.
    pub async fn settle(&self) {
        assert!(
            self.fake.wait_until_updates_confirmed(WAIT).await,
            "updates not taken"
        );
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let mut tx = self.store.read().await.unwrap();
            let inbox = tx.inbox_counts().await.unwrap();
            let outbox = tx.outbox_busy(self.clock_now()).await.unwrap();
            tx.commit().await.unwrap();
            let busy = inbox.iter().any(|(s, n)| s == "pending" && *n > 0) || outbox > 0;
            if !busy {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "service did not settle: {inbox:?} {outbox:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Extracts the first case code (`K-XXXX`) from a text.
pub fn case_code(text: &str) -> String {
    let start = text
        .find("K-")
        .unwrap_or_else(|| panic!("no case code in {text:?}"));
    text[start..start + 6].to_string()
}

/// Extracts the invitation token from a deep link in a text.
pub fn invite_token(text: &str) -> String {
    let start = text
        .find("?start=")
        .unwrap_or_else(|| panic!("no deep link in {text:?}"))
        + 7;
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// A caseworker who has joined through an operator's invitation.
pub async fn joined_caseworker(app: &TestApp, id: i64, name: &str) -> FakeUser {
    let user = FakeUser::new(id, name);
    let token = app.invite_staff(name, StaffRole::Caseworker, Some("Nord")).await;
    let welcome = app.say(&user, &format!("/start {}", token.as_str())).await;
    assert!(welcome.text.contains("Velkommen"), "{}", welcome.text);
    user
}

/// A team leader of team Nord who has accepted the invitation.
pub async fn joined_leader(app: &TestApp, id: i64, name: &str) -> FakeUser {
    let user = FakeUser::new(id, name);
    let token = app.invite_staff(name, StaffRole::TeamLeader, Some("Nord")).await;
    let welcome = app.say(&user, &format!("/start {}", token.as_str())).await;
    assert!(welcome.text.contains("Velkommen"), "{}", welcome.text);
    user
}

/// A case created by `caseworker`; returns its code.
pub async fn new_case(app: &TestApp, caseworker: &FakeUser, nickname: &str) -> String {
    let reply = app.say(caseworker, &format!("/nysag {nickname}")).await;
    case_code(&reply.text)
}

/// The command names registered for one chat's menu, if any.
pub fn menu_for(fake: &fake_telegram::FakeTelegram, chat: i64) -> Option<Vec<String>> {
    fake.my_commands()
        .into_iter()
        .rev()
        .find(|set| set.scope.get("chat_id").and_then(|v| v.as_i64()) == Some(chat))
        .map(|set| set.commands.into_iter().map(|(name, _)| name).collect())
}

/// A case with one goal and a young person who has joined.
pub struct YouthCase {
    pub caseworker: FakeUser,
    pub youth: FakeUser,
    pub code: String,
}

pub async fn youth_case(app: &TestApp) -> YouthCase {
    youth_case_with_ids(app, 0).await
}

/// Like [`youth_case`], with Telegram ids offset by `offset` (several cases in one test).
pub async fn youth_case_with_ids(app: &TestApp, offset: i64) -> YouthCase {
    let caseworker = joined_caseworker(app, 1001 + offset, "Mette").await;
    let code = new_case(app, &caseworker, "Lea").await;
    let added = app
        .say(
            &caseworker,
            &format!("/maal {code} skole Jeg kommer i skole hver dag"),
        )
        .await;
    // Parents and witnesses see the quoted wording ("Leas mål: «…»").
    app.press(&caseworker, &added, "✅ Brug forslaget").await;
    let youth = join(app, &caseworker, &code, "ung Lea", 2001 + offset, "Lea").await;
    YouthCase {
        caseworker,
        youth,
        code,
    }
}

/// Invites someone with `/inviter <code> <what>` and lets them accept.
pub async fn join(
    app: &TestApp,
    caseworker: &FakeUser,
    code: &str,
    what: &str,
    id: i64,
    name: &str,
) -> FakeUser {
    let invite = app.say(caseworker, &format!("/inviter {code} {what}")).await;
    let user = FakeUser::new(id, name);
    let consent = app
        .say(&user, &format!("/start {}", invite_token(&invite.text)))
        .await;
    app.press(&user, &consent, "Ja, jeg er med").await;
    app.settle().await;
    user
}

/// Waits for a check-in prompt (a message with a "7" button) newer than `mark`.
pub async fn prompt_after(app: &TestApp, chat: i64, mark: u64) -> SentMessage {
    app.fake
        .wait_for_message(chat, |m| m.seq > mark && m.button_data("7").is_some(), WAIT)
        .await
        .unwrap_or_else(|| panic!("no check-in prompt to chat {chat}"))
}

/// True if a message to `chat` newer than `mark` contains `needle` (after letting the service
/// finish what it is doing).
pub async fn got_message_containing(app: &TestApp, chat: i64, mark: u64, needle: &str) -> bool {
    app.settle().await;
    app.fake
        .messages_to(chat)
        .iter()
        .any(|m| m.seq > mark && m.text.contains(needle))
}

/// Moves the clock and lets the scheduler and dispatcher catch up.
pub async fn advance(app: &TestApp, by: chrono::Duration) {
    app.clock.advance(by);
    app.tick().await;
}

/// A fresh database for one test: a SQLite file in `dir`, or, when `TEST_POSTGRES_URL` is set
/// (e.g. `postgres://postgres@127.0.0.1:55432/postgres`), a new PostgreSQL database.
pub async fn test_database_url(dir: &TempDir) -> String {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => fresh_postgres_database(&admin).await,
        _ => format!("sqlite://{}", dir.path().join("test.db").display()),
    }
}

pub async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("tk_{}", &InviteToken::generate().hash()[..16]);
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("TEST_POSTGRES_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let _ = admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(admin_url);
    format!("{base}/{name}")
}

/// The case with this code (it must exist).
pub async fn case_of(tx: &mut taetkontakt::store::Tx, code: &str) -> taetkontakt::store::CaseRecord {
    tx.case_by_code(&CaseCode::parse(code).unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// The case's alerts as `rule:status`, oldest first.
pub async fn open_alert_rules(app: &TestApp, code: &str) -> Vec<String> {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    let alerts = tx.alerts_of_case(case.id).await.unwrap();
    tx.commit().await.unwrap();
    alerts
        .iter()
        .map(|a| format!("{}:{}", a.rule.key(), a.status.key()))
        .collect()
}
