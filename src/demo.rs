//! `taetkontakt demo`: the real service against the built-in Telegram stand-in and a temporary
//! database, driven through a short scripted conversation and printed as a transcript.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use fake_telegram::{FakeTelegram, FakeUser, SentMessage, TranscriptEvent};
use tokio::sync::broadcast;

use crate::app::{Service, ServiceSettings};
use crate::clock::{Clock, SystemClock};
use crate::domain::staff::StaffRole;
use crate::i18n::{Args, Lang, Texts};
use crate::store::Store;

const STEP_TIMEOUT: Duration = Duration::from_secs(15);

struct Demo {
    fake: FakeTelegram,
    events: broadcast::Receiver<TranscriptEvent>,
    texts: Arc<Texts>,
}

impl Demo {
    fn narrate(&mut self, key: &str, args: Args<'_>) {
        self.flush();
        println!("\n── {}", self.texts.ta(Lang::Da, key, args));
    }

    /// Prints what happened in the chats since the last call.
    fn flush(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            println!("{event}");
        }
    }

    async fn say(&mut self, user: &FakeUser, text: &str) -> anyhow::Result<SentMessage> {
        let mark = self.fake.message_seq();
        self.fake.send_text(user, text);
        self.reply(user, mark).await
    }

    async fn press(
        &mut self,
        user: &FakeUser,
        message: &SentMessage,
        label: &str,
    ) -> anyhow::Result<SentMessage> {
        let data = message
            .button_data(label)
            .with_context(|| format!("the demo expected a button {label:?}"))?
            .to_string();
        let mark = self.fake.message_seq();
        self.fake.press_button(user, message.message_id, &data);
        self.reply(user, mark).await
    }

    /// Taps a value on a check-in question: the answer shows in that same message (an edit).
    async fn answer(&mut self, user: &FakeUser, prompt: &SentMessage, value: &str) -> anyhow::Result<()> {
        let data = prompt
            .button_data(value)
            .with_context(|| format!("the demo expected a button {value:?}"))?
            .to_string();
        self.fake.press_button(user, prompt.message_id, &data);
        let shown = self
            .fake
            .wait_until(
                |f| {
                    f.message(user.id, prompt.message_id)
                        .is_some_and(|m| m.text != prompt.text)
                },
                STEP_TIMEOUT,
            )
            .await;
        anyhow::ensure!(shown, "the service did not show the answer in the demo");
        self.flush();
        Ok(())
    }

    /// Waits until `count` check-in prompts (messages with a "Spring over" row) reached the user.
    async fn wait_prompts(&mut self, user: &FakeUser, count: usize) -> anyhow::Result<Vec<SentMessage>> {
        let skip = self.texts.t(Lang::Da, "answer-skip");
        let is_prompt = |m: &SentMessage| m.button_data(&skip).is_some();
        let enough = self
            .fake
            .wait_until(
                |f| f.messages_to(user.id).iter().filter(|m| is_prompt(m)).count() >= count,
                STEP_TIMEOUT,
            )
            .await;
        anyhow::ensure!(enough, "the check-in did not arrive in the demo");
        self.flush();
        Ok(self
            .fake
            .messages_to(user.id)
            .into_iter()
            .filter(|m| is_prompt(m))
            .collect())
    }

    /// Waits for a message to `user` after `mark` that contains `needle` (when other messages to
    /// the same person are still on their way).
    async fn wait_for(&mut self, user: &FakeUser, mark: u64, needle: &str) -> anyhow::Result<SentMessage> {
        let found = self
            .fake
            .wait_for_message(user.id, |m| m.seq > mark && m.text.contains(needle), STEP_TIMEOUT)
            .await
            .with_context(|| format!("the demo expected a message with {needle:?}"))?;
        self.flush();
        Ok(found)
    }

    async fn reply(&mut self, user: &FakeUser, mark: u64) -> anyhow::Result<SentMessage> {
        let reply = self
            .fake
            .wait_for_message(user.id, |m| m.seq > mark, STEP_TIMEOUT)
            .await
            .context("the service did not answer in the demo")?;
        self.flush();
        Ok(reply)
    }
}

/// Where the demo's desk listens: the usual desk address if it is free, else any free port.
fn desk_listen() -> std::net::SocketAddr {
    let usual: std::net::SocketAddr = ([127, 0, 0, 1], 8090).into();
    match std::net::TcpListener::bind(usual) {
        Ok(_) => usual,
        Err(_) => ([127, 0, 0, 1], 0).into(),
    }
}

/// Runs the scripted walkthrough; returns when it is done, or — with `keep` — keeps the service
/// (and its desk link) running until Ctrl-C.
pub async fn run(keep: bool) -> anyhow::Result<()> {
    let fake = FakeTelegram::start()
        .await
        .context("cannot start the Telegram stand-in")?;
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let store = Store::connect(&url).await?;
    let texts = Texts::get();
    let mut demo = Demo {
        events: fake.subscribe(),
        fake: fake.clone(),
        texts: texts.clone(),
    };
    let settings = ServiceSettings::new(
        "0:DEMO".into(),
        fake.api_url(),
        Lang::Da,
        chrono_tz::Europe::Copenhagen,
    );
    let mut settings = settings;
    settings.desk = Some(crate::desk::DeskSettings::new(desk_listen(), None));
    let service = Service::start(settings, store.clone(), Arc::new(SystemClock)).await?;

    demo.narrate("demo-intro", Args::new());
    let token = crate::ops::invite_staff(
        &store,
        "Mette",
        StaffRole::Caseworker,
        Some("Nord"),
        Lang::Da,
        SystemClock.now(),
    )
    .await?;
    demo.narrate(
        "demo-operator",
        Args::new().with("link", token.deep_link(&service.bot_username)),
    );
    let mette = FakeUser::new(1001, "Mette");
    let lea = FakeUser::new(2001, "Lea");
    demo.say(&mette, &format!("/start {}", token.as_str())).await?;

    demo.narrate("demo-case", Args::new());
    let created = demo.say(&mette, "/nysag Lea").await?;
    let code = created
        .text
        .find("K-")
        .map(|i| created.text[i..i + 6].to_string())
        .context("no case code in the reply")?;
    demo.say(&mette, &format!("/maal {code} skole Jeg kommer i skole hver dag"))
        .await?;
    demo.say(&mette, &format!("/maal {code} fritid Jeg går til fodbold"))
        .await?;
    let invite = demo.say(&mette, &format!("/inviter {code} ung Lea")).await?;
    let youth_token: String = invite
        .text
        .split("?start=")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .context("no invitation link in the reply")?;

    demo.narrate("demo-youth", Args::new());
    let consent = demo.say(&lea, &format!("/start {youth_token}")).await?;
    let mark = demo.fake.message_seq();
    demo.press(&lea, &consent, &texts.t(Lang::Da, "consent-yes"))
        .await?;
    // The caseworker is told that Lea joined.
    let told = demo
        .fake
        .wait_for_message(mette.id, |m| m.seq > mark, STEP_TIMEOUT)
        .await;
    if told.is_none() {
        tracing::warn!("the caseworker was not told in time");
    }

    demo.narrate("demo-checkin", Args::new());
    demo.say(&mette, &format!("/tjekind {code}")).await?;
    // Two prompts (one per goal): Lea taps 7 on the first and 4 on the second.
    for (goal, value) in [(0usize, "7"), (1, "4")] {
        let prompts = demo.wait_prompts(&lea, goal + 1).await?;
        demo.answer(&lea, &prompts[goal], value).await?;
    }
    demo.say(&lea, "Det går fint i skolen, men fodbold er svært lige nu")
        .await?;

    demo.narrate("demo-alert", Args::new());
    let mark = demo.fake.message_seq();
    let decision = texts.t(Lang::Da, "decision-contact");
    demo.say(&lea, "/ring").await?;
    let alert = demo
        .fake
        .wait_for_message(
            mette.id,
            // Not the forward of Lea's text just before, which may arrive after the mark.
            |m| m.seq > mark && m.button_data(&decision).is_some(),
            STEP_TIMEOUT,
        )
        .await
        .context("the caseworker got no alert")?;
    demo.flush();
    demo.press(&mette, &alert, &texts.t(Lang::Da, "decision-contact"))
        .await?;

    demo.narrate("demo-concern", Args::new());
    let question = demo
        .say(
            &lea,
            "har fået nye ar på armene og går med lange ærmer hele tiden",
        )
        .await?;
    let mark = demo.fake.message_seq();
    demo.press(&lea, &question, &texts.t(Lang::Da, "safety-check-talk"))
        .await?;
    // Mette gets a task to call Lea back before she looks at the case.
    demo.wait_for(&mette, mark, "ringe op").await?;

    demo.narrate("demo-overview", Args::new());
    demo.say(&mette, &format!("/sag {code}")).await?;

    // The desk: Mette asks the bot for a sign-in link; it works while the demo runs.
    demo.narrate("demo-desk", Args::new());
    let mark = demo.fake.message_seq();
    demo.fake.send_text(&mette, "/skrivebord");
    let reply = demo.wait_for(&mette, mark, "/login/").await?;
    let link = reply
        .text
        .split_whitespace()
        .find(|word| word.contains("/login/"))
        .unwrap_or_default()
        .to_string();
    demo.flush();
    if keep {
        demo.narrate("demo-desk-keep", Args::new().with("link", link));
        demo.flush();
        tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
    } else {
        demo.narrate("demo-desk-try", Args::new());
    }
    demo.narrate("demo-end", Args::new());
    println!();
    service.shutdown(Duration::from_secs(5)).await;
    fake.shutdown().await;
    Ok(())
}
