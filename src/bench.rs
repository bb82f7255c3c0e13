//! `taetkontakt bench`: figures for the README, measured against the built-in Telegram stand-in
//! on this machine. Benchmarks print; they never pass or fail.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{NaiveDate, NaiveTime, TimeDelta, Weekday};
use fake_telegram::{FakeTelegram, FakeUser, Limits};
use serde_json::{Value, json};
use tokio::sync::{Notify, watch};

use crate::app::{Service, ServiceSettings};
use crate::clock::{Clock, SystemClock};
use crate::domain::case::CaseCode;
use crate::domain::checkin::Trigger;
use crate::domain::goal::FocusArea;
use crate::domain::ids::TelegramUserId;
use crate::domain::participant::Role;
use crate::domain::safety::DangerSignals;
use crate::domain::scale::ScaleKind;
use crate::domain::schedule::{DEFAULT_CATCH_UP_GRACE, QuietHours, Rhythm, parse_rhythm};
use crate::domain::staff::StaffRole;
use crate::i18n::{Lang, Texts};
use crate::service;
use crate::service::checkin::{self, NewCheckin};
use crate::store::{NewMessage, Priority, Store};
use crate::telegram::dispatcher::{BoxFuture, DeliveryEvents, DispatchSettings, Dispatcher};
use crate::telegram::outgoing::Outgoing;

/// Which benchmark to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Bench {
    All,
    Dispatcher,
    Handling,
    Planning,
    Memory,
    Safety,
    Report,
    Flood,
    /// The desk's busiest pages (`src/desk/bench.rs`).
    Desk,
}

pub async fn run(which: Bench, safety_set: Option<&std::path::Path>) -> anyhow::Result<()> {
    let all = which == Bench::All;
    if all || which == Bench::Planning {
        planning();
    }
    if all || which == Bench::Safety {
        safety(safety_set)?;
    }
    if all || which == Bench::Dispatcher {
        dispatcher(600).await?;
    }
    if all || which == Bench::Handling {
        handling(200, 5).await?;
    }
    if all || which == Bench::Memory {
        memory().await?;
    }
    if all || which == Bench::Report {
        report(5000, 52).await?;
    }
    if all || which == Bench::Desk {
        crate::desk::bench::run().await?;
    }
    if all || which == Bench::Flood {
        flood(1000, 40).await?;
    }
    Ok(())
}

/// A week of check-in occurrences for 100 000 participants with mixed rhythms.
fn planning() {
    let tz = chrono_tz::Europe::Copenhagen;
    let today = NaiveDate::from_ymd_opt(2027, 3, 22).unwrap_or_default();
    let cron = parse_rhythm("0 30 7 * * Mon,Thu", today).ok();
    let rhythms: Vec<Rhythm> = (0..100_000u32)
        .map(|i| match i % 4 {
            0 => Rhythm::youth_default(),
            1 => Rhythm::network_default(today),
            2 => Rhythm::Daily {
                time: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            },
            _ => cron.clone().unwrap_or(Rhythm::Weekly {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
            }),
        })
        .collect();
    let from = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let to = from + TimeDelta::days(7);
    let started = Instant::now();
    let occurrences: usize = rhythms.iter().map(|r| r.occurrences(from, to, tz).len()).sum();
    let elapsed = started.elapsed();
    println!(
        "planning: a week for 100 000 participants ({occurrences} check-ins, mixed rhythms, across the spring DST change): {:.0} ms",
        elapsed.as_secs_f64() * 1000.0
    );
}

/// The danger check: recall and false alarms on the regression set (and on `extra`, e.g. a
/// fresh blind round), and its time per message.
fn safety(extra: Option<&std::path::Path>) -> anyhow::Result<()> {
    use crate::domain::safety::measure::{measure, parse_set};
    const REGRESSION_SET: &str = include_str!("../tests/data/safety-messages.tsv");
    let signals = DangerSignals::builtin();
    let regression = parse_set(REGRESSION_SET).context("tests/data/safety-messages.tsv")?;
    let mut sets = vec![(
        "regression set (tuned on; targets: ≥ 98 % either tier, ≤ 5 % Fare on look-alikes)".to_string(),
        regression,
    )];
    if let Some(path) = extra {
        let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let samples = parse_set(&source).with_context(|| path.display().to_string())?;
        sets.push((format!("{} (targets on unseen messages: ≥ 95 % either tier, ≥ 90 % Fare on fare, ≤ 5 % Fare and ≤ 15 % either on look-alikes)", path.display()), samples));
    }
    for (name, samples) in &sets {
        let figures = measure(signals, samples);
        println!("safety: {name}, {} messages", samples.len());
        let table = figures.to_string();
        // The table and the summary lines; the per-message lists only for an extra set.
        let shown: Vec<&str> = if extra.is_some() && !name.starts_with("regression") {
            table.lines().collect()
        } else {
            table.lines().filter(|l| !l.starts_with("  ")).collect()
        };
        for line in shown {
            println!("  {line}");
        }
    }
    let all: Vec<&str> = sets
        .iter()
        .flat_map(|(_, s)| s.iter().map(|m| m.text.as_str()))
        .collect();
    let rounds = 20;
    let started = Instant::now();
    for _ in 0..rounds {
        for text in &all {
            std::hint::black_box(
                signals.assess(std::hint::black_box(text), crate::domain::safety::Writer::Youth),
            );
        }
    }
    let per_message = started.elapsed() / (rounds * all.len().max(1) as u32);
    let long: String = "Vi var i skole og det gik fint, mormor kom forbi og vi spiste. "
        .chars()
        .cycle()
        .take(4096)
        .collect();
    let started = Instant::now();
    for _ in 0..200 {
        std::hint::black_box(
            signals.assess(std::hint::black_box(&long), crate::domain::safety::Writer::Youth),
        );
    }
    let per_long = started.elapsed() / 200;
    println!(
        "safety: check time {:.1} µs per message on average, {:.0} µs for a 4 096-character message (target: well under 1 ms)",
        per_message.as_secs_f64() * 1e6,
        per_long.as_secs_f64() * 1e6
    );
    Ok(())
}

struct Ignore;

impl DeliveryEvents for Ignore {
    fn unreachable(&self, _chat_id: i64, _reason: String) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

async fn temp_store(dir: &tempfile::TempDir) -> anyhow::Result<Store> {
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await?;
    store.migrate().await?;
    Ok(store)
}

/// A backlog of `n` messages to `n` chats against a stand-in that enforces Telegram's limits the
/// way Telegram counts (at most 30 in any one second, 1/s per chat after a burst of 3), with the
/// default settings; halfway through, one reply is queued and must overtake the backlog.
async fn dispatcher(n: i64) -> anyhow::Result<()> {
    let fake = FakeTelegram::start().await?;
    fake.set_limits(Some(Limits::telegram()));
    let dir = tempfile::tempdir()?;
    let store = temp_store(&dir).await?;
    let now = SystemClock.now();
    let mut tx = store.begin().await?;
    for i in 0..n {
        let payload = serde_json::to_string(&Outgoing::Text {
            text: format!("Tjek-ind {i}"),
            buttons: Vec::new(),
        })?;
        let key = format!("bench:{i}");
        let message = NewMessage {
            dedup_key: &key,
            chat_id: 1_000_000 + i,
            participant_id: None,
            payload: &payload,
            not_before: now,
            priority: Priority::Bulk,
        };
        tx.enqueue(&message, now).await?;
    }
    tx.commit().await?;
    let (stop, stopped) = watch::channel(false);
    let wake = Arc::new(Notify::new());
    let dispatcher = Dispatcher {
        bot: crate::telegram::bot("1:BENCH", &fake.api_url())?,
        store: store.clone(),
        clock: Arc::new(SystemClock),
        settings: DispatchSettings::default(),
        wake: wake.clone(),
        events: Arc::new(Ignore),
    };
    let task = tokio::spawn(dispatcher.run(stopped));
    // Halfway: an answer to someone who just wrote.
    let halfway = fake
        .wait_until(
            |f| f.all_messages().len() as i64 >= n / 2,
            Duration::from_secs(300),
        )
        .await;
    anyhow::ensure!(halfway, "half the backlog was not sent within 5 minutes");
    let reply_chat = 999_999;
    let queued_at = Instant::now();
    {
        let now = SystemClock.now();
        let payload = serde_json::to_string(&Outgoing::Text {
            text: "Svar".into(),
            buttons: Vec::new(),
        })?;
        let mut tx = store.begin().await?;
        tx.enqueue(
            &NewMessage {
                dedup_key: "bench:reply",
                chat_id: reply_chat,
                participant_id: None,
                payload: &payload,
                not_before: now,
                priority: Priority::Reply,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        wake.notify_one();
    }
    let done = fake
        .wait_until(|f| f.all_messages().len() as i64 > n, Duration::from_secs(300))
        .await;
    anyhow::ensure!(done, "the backlog was not sent within 5 minutes");
    let _ = stop.send(true);
    let _ = task.await;
    let messages = fake.all_messages();
    let reply_ms = messages
        .iter()
        .find(|m| m.chat_id == reply_chat)
        .map(|m| m.sent_at.saturating_duration_since(queued_at).as_secs_f64() * 1000.0)
        .context("the reply was not sent")?;
    let mut times: Vec<Instant> = messages.iter().map(|m| m.sent_at).collect();
    times.sort();
    let first = *times.first().context("no messages")?;
    let last = *times.last().context("no messages")?;
    let seconds = last.duration_since(first).as_secs_f64();
    let mut peak = 0;
    let mut from = 0;
    for (i, t) in times.iter().enumerate() {
        while t.duration_since(times[from]) >= Duration::from_secs(1) {
            from += 1;
        }
        peak = peak.max(i + 1 - from);
    }
    println!(
        "dispatcher: {} messages to {} chats in {seconds:.1} s = {:.1} messages/s (Telegram: 30 in any second; setting {}), \
         most in any 1 s: {peak}, {} × 429; a reply queued halfway went out after {reply_ms:.0} ms",
        n + 1,
        n + 1,
        n as f64 / seconds,
        DispatchSettings::default().global_per_sec,
        fake.rate_limited_count()
    );
    Ok(())
}

/// `participants` young people each pressing a check-in button, `rounds` times, as fast as the
/// service takes them: update in → answer stored → alert rules → message edited.
async fn handling(participants: i64, rounds: usize) -> anyhow::Result<()> {
    let fake = FakeTelegram::start().await?;
    let dir = tempfile::tempdir()?;
    let store = temp_store(&dir).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let users = seed_checkins(&store, &clock, participants).await?;
    let mut settings = ServiceSettings::new(
        "1:BENCH".into(),
        fake.api_url(),
        Lang::Da,
        chrono_tz::Europe::Copenhagen,
    );
    settings.quiet_hours = QuietHours::Off;
    settings.idle_poll = Duration::from_millis(20);
    settings.dispatch = DispatchSettings {
        global_per_sec: 5000.0,
        chat_per_sec: 1000.0,
        chat_burst: 100,
        ..Default::default()
    };
    let service = Service::start(settings, store.clone(), clock.clone()).await?;
    // The prompts go out first; find each user's prompt message and its button data.
    let ready = fake
        .wait_until(
            |f| {
                users
                    .iter()
                    .all(|u| f.messages_to(u.id).iter().any(|m| m.button_data("7").is_some()))
            },
            Duration::from_secs(120),
        )
        .await;
    anyhow::ensure!(ready, "the check-ins were not sent");
    let prompts: Vec<(FakeUser, i64, String)> = users
        .iter()
        .filter_map(|u| {
            let m = fake
                .messages_to(u.id)
                .into_iter()
                .find(|m| m.button_data("7").is_some())?;
            let data = m.button_data("7")?.to_string();
            let (prefix, _) = data.rsplit_once(':')?;
            Some((u.clone(), m.message_id, prefix.to_string()))
        })
        .collect();
    let (elapsed, latencies) = press_rounds(&fake, &prompts, rounds).await?;
    service.shutdown(Duration::from_secs(5)).await;
    print_handling("handling", participants, rounds, elapsed, latencies);
    Ok(())
}

/// `taetkontakt bench handling --external COMMAND`: the same presses against a bot in another
/// process, e.g. `python3 benches/ptb/bot.py`.
pub async fn external(which: Bench, command: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        which == Bench::Handling,
        "--external works with `bench handling` only"
    );
    handling_external(command, 200, 5).await
}

/// The handling benchmark against an external bot: the stand-in is started, the prompt messages
/// are sent into it as if by the bot (so it knows their ids and buttons), the bot is told about
/// them in a JSON seed file and started with `sh -c COMMAND`, and once it polls the same rounds
/// of presses as in [`handling`] are measured.
///
/// The bot gets `TELEGRAM_API_URL` (`http://127.0.0.1:PORT/`), `TELEGRAM_BOT_TOKEN`, `SEED_FILE`
/// and `DATABASE` (a file in a temporary folder). The seed file is
/// `{"prompts": [{"prompt_id", "participant_id", "goal_id", "goal_text", "user_id", "chat_id",
/// "message_id"}, …]}`, one entry per young person (ids are equal: one goal, check-in and prompt
/// each); the buttons carry `a:<prompt_id>:<value>` (`a:<prompt_id>:s` to skip).
pub async fn handling_external(command: &str, participants: i64, rounds: usize) -> anyhow::Result<()> {
    const TOKEN: &str = "1:BENCH";
    const GOAL: &str = "Jeg kommer i skole hver dag";
    let fake = FakeTelegram::start().await?;
    let api = fake.api_url();
    let http = reqwest::Client::new();
    let mut prompts = Vec::new();
    let mut seed = Vec::new();
    for i in 0..participants {
        let user = FakeUser::new(20_000 + i, format!("Ung{i}"));
        fake.remember_user(&user);
        let id = i + 1;
        let prefix = format!("a:{id}");
        let button = |label: String, data: String| json!({ "text": label, "callback_data": data });
        let row = |values: std::ops::RangeInclusive<i32>| -> Vec<Value> {
            values
                .map(|v| button(v.to_string(), format!("{prefix}:{v}")))
                .collect()
        };
        let keyboard = vec![
            row(0..=5),
            row(6..=10),
            vec![button("Spring over".into(), format!("{prefix}:s"))],
        ];
        let sent: Value = http
            .post(format!("{api}bot{TOKEN}/sendMessage"))
            .json(&json!({
                "chat_id": user.id,
                "text": format!("«{GOAL}»\n0 = slet ikke · 10 = helt"),
                "reply_markup": { "inline_keyboard": keyboard },
            }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let message_id = sent["result"]["message_id"]
            .as_i64()
            .context("the stand-in did not return a message id")?;
        seed.push(json!({
            "prompt_id": id,
            "participant_id": id,
            "goal_id": id,
            "goal_text": GOAL,
            "user_id": user.id,
            "chat_id": user.id,
            "message_id": message_id,
        }));
        prompts.push((user, message_id, prefix));
    }
    let dir = tempfile::tempdir()?;
    let seed_file = dir.path().join("seed.json");
    std::fs::write(&seed_file, serde_json::to_vec(&json!({ "prompts": seed }))?)?;

    let mut bot = tokio::process::Command::new("sh");
    bot.arg("-c")
        .arg(command)
        .env("TELEGRAM_API_URL", &api)
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("SEED_FILE", &seed_file)
        .env("DATABASE", dir.path().join("bot.db"))
        .kill_on_drop(true);
    // Its own process group, so that stopping it also stops what `sh -c` started.
    #[cfg(unix)]
    bot.process_group(0);
    let mut child = bot.spawn().with_context(|| format!("cannot start `{command}`"))?;
    let polling = tokio::select! {
        call = fake.wait_for_call("getUpdates", |_| true, Duration::from_secs(60)) => call,
        status = child.wait() => anyhow::bail!("`{command}` exited before it polled ({})", status?),
    };
    anyhow::ensure!(polling.is_some(), "`{command}` did not poll within 60 s");

    let measured = press_rounds(&fake, &prompts, rounds).await;
    stop_external(&mut child).await;
    let (elapsed, latencies) = measured?;
    print_handling(
        &format!("handling (external: {command})"),
        participants,
        rounds,
        elapsed,
        latencies,
    );
    Ok(())
}

/// SIGTERM to the bot's process group and up to 5 s for all of it to end, then SIGKILL.
async fn stop_external(child: &mut tokio::process::Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        let signal = |name: &str| {
            tokio::process::Command::new("sh")
                .arg("-c")
                .arg(format!("kill -{name} -{pid} 2>/dev/null"))
                .status()
        };
        let _ = signal("TERM").await;
        let deadline = Instant::now() + Duration::from_secs(5);
        let _ = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
        // `kill -0` succeeds while any process of the group is left.
        while Instant::now() < deadline && signal("0").await.is_ok_and(|s| s.success()) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = signal("KILL").await;
    }
    let _ = child.kill().await;
}

/// The measured part, shared by the in-process and the external run: `rounds` rounds in which
/// every prompt's button is pressed once (7, 8, 7, 8, 3), each round waiting until every prompt
/// message shows the new answer. Returns the total time and one latency per press (injection →
/// the `editMessageText` call that showed the value arriving at the stand-in).
async fn press_rounds(
    fake: &FakeTelegram,
    prompts: &[(FakeUser, i64, String)],
    rounds: usize,
) -> anyhow::Result<(f64, Vec<Duration>)> {
    let mut latencies = Vec::new();
    let started = Instant::now();
    for round in 0..rounds {
        let value = [7, 8, 7, 8, 3][round % 5];
        let mut injected = HashMap::new();
        for (user, message_id, prefix) in prompts {
            fake.press_button(user, *message_id, &format!("{prefix}:{value}"));
            injected.insert(user.id, Instant::now());
        }
        let needle = format!(": {value} ✓");
        let all = fake
            .wait_until(
                |f| {
                    prompts
                        .iter()
                        .all(|(u, id, _)| f.message(u.id, *id).is_some_and(|m| m.text.contains(&needle)))
                },
                Duration::from_secs(120),
            )
            .await;
        anyhow::ensure!(all, "round {round} did not complete");
        for call in fake.calls_to("editMessageText") {
            // Only edits made after this press: the values repeat (7, 8, 7, 8), and an edit from
            // an earlier round with the same value must not count as a latency of zero.
            if let (Some(chat), Some(text)) = (call.chat_id(), call.param_str("text"))
                && text.contains(&needle)
                && injected.get(&chat).is_some_and(|at| call.at >= *at)
                && let Some(at) = injected.remove(&chat)
            {
                latencies.push(call.at.saturating_duration_since(at));
            }
        }
    }
    Ok((started.elapsed().as_secs_f64(), latencies))
}

fn print_handling(label: &str, participants: i64, rounds: usize, elapsed: f64, mut latencies: Vec<Duration>) {
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    let presses = participants as usize * rounds;
    println!(
        "{label}: {presses} presses ({participants} participants × {rounds} rounds, SQLite) in {elapsed:.1} s = {:.0} presses/s; latency p50 {:.0} ms, p99 {:.0} ms",
        presses as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0
    );
}

/// Cases with one goal and a young person each, with an open check-in queued for sending.
async fn seed_checkins(store: &Store, clock: &Arc<dyn Clock>, n: i64) -> anyhow::Result<Vec<FakeUser>> {
    let ctx = service::Context {
        texts: Texts::get(),
        clock: clock.clone(),
        default_lang: Lang::Da,
        timezone: chrono_tz::Europe::Copenhagen,
        bot_username: "bench_bot".into(),
        quiet_hours: QuietHours::Off,
        catch_up_grace: DEFAULT_CATCH_UP_GRACE,
        meeting_timing: Default::default(),
        retention_days: crate::domain::case::DEFAULT_RETENTION_DAYS,
        desk_url: None,
    };
    let now = clock.now();
    let mut tx = store.begin().await?;
    let staff = tx
        .create_staff("Bench", StaffRole::Caseworker, None, Lang::Da, now)
        .await?;
    tx.join_staff(staff, TelegramUserId(1), now).await?;
    let mut users = Vec::new();
    let mut rng = rand::thread_rng();
    for i in 0..n {
        let Ok(case_id) = tx
            .create_case(&CaseCode::generate(&mut rng), &format!("Ung {i}"), staff, now)
            .await
        else {
            continue;
        };
        tx.add_goal(
            case_id,
            FocusArea::School,
            "Jeg kommer i skole hver dag",
            ScaleKind::ZeroToTen,
            now,
        )
        .await?;
        let p = tx
            .create_participant(case_id, Role::Youth, None, None, Lang::Da, now)
            .await?;
        let user = FakeUser::new(20_000 + i, format!("Ung{i}"));
        tx.activate_participant(p, TelegramUserId(user.id), now).await?;
        let (Some(case), Some(participant)) = (tx.case(case_id).await?, tx.participant(p).await?) else {
            continue;
        };
        let new = NewCheckin {
            participant: &participant,
            case: &case,
            planned_at: now,
            delivery: crate::service::Delivery::Requested,
            trigger: Trigger::Manual,
        };
        checkin::create(&mut tx, &ctx, now, &new).await?;
        users.push(user);
    }
    tx.commit().await?;
    Ok(users)
}

/// Resident memory of an idle `serve` process.
async fn memory() -> anyhow::Result<()> {
    let fake = FakeTelegram::start().await?;
    let dir = tempfile::tempdir()?;
    let exe = std::env::current_exe()?;
    let mut child = tokio::process::Command::new(exe)
        .arg("serve")
        .env("TELEGRAM_BOT_TOKEN", "1:BENCH")
        .env("TELEGRAM_API_URL", fake.api_url())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("idle.db").display()),
        )
        .env("RUST_LOG", "error")
        .kill_on_drop(true)
        .spawn()?;
    let polling = fake
        .wait_for_call("getUpdates", |_| true, Duration::from_secs(20))
        .await;
    anyhow::ensure!(polling.is_some(), "serve did not start polling");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = child.id().context("serve exited")?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).context("no /proc (Linux only)")?;
    let rss_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("VmRSS not found")?;
    let _ = child.kill().await;
    println!(
        "memory: idle serve resident size {:.1} MB",
        rss_kb as f64 / 1024.0
    );
    Ok(())
}

/// The management report on `cases` young people with `weeks` of weekly answers on two goals.
async fn report(cases: i64, weeks: i64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = temp_store(&dir).await?;
    let start = SystemClock.now() - TimeDelta::weeks(weeks);
    let seeding = Instant::now();
    let mut tx = store.begin().await?;
    tx.seed_for_benchmark(cases, weeks, start).await?;
    tx.commit().await?;
    let seeded = seeding.elapsed();
    let tz = chrono_tz::Europe::Copenhagen;
    let filter = crate::domain::report::ReportFilter {
        from: Some(
            (SystemClock.now() - TimeDelta::weeks(26))
                .with_timezone(&tz)
                .fixed_offset(),
        ),
        to: None,
        team: None,
        as_of: SystemClock.now().with_timezone(&tz).fixed_offset(),
    };
    // The catalogues are read once per process (`serve` reads them at start): not the report.
    let _ = crate::i18n::Texts::get();
    let started = Instant::now();
    let text = crate::ops::management_report(&store, None, &filter, crate::ops::ReportFormat::Text, Lang::Da)
        .await?;
    let elapsed = started.elapsed();
    // Where the time goes: the same steps once more, one by one (queries and row decoding,
    // then counting and suppression; the rest is printing the text).
    let queried = Instant::now();
    let mut tx = store.read().await?;
    let data = tx
        .report_data(filter.from.map(|f| f.to_utc()), None, None)
        .await?;
    tx.commit().await?;
    let queried = queried.elapsed();
    let built = Instant::now();
    let report = crate::domain::report::build(&data, &filter);
    let built = built.elapsed();
    println!(
        "report: {cases} cases, {weeks} weeks of answers on 2 goals ({} answers), last 26 weeks: {:.2} s \
         (queries {:.2} s, counting {:.2} s; seeding took {:.0} s, {} characters of text, {} caseworker groups)",
        cases * weeks * 2,
        elapsed.as_secs_f64(),
        queried.as_secs_f64(),
        built.as_secs_f64(),
        seeded.as_secs_f64(),
        text.len(),
        report.caseworkers.len()
    );
    Ok(())
}

/// One young person floods the bot with `flood` free texts at once while `others` unrelated
/// young people (same caseworker) each write one text, one every 100 ms from the flood's
/// start: how long each waits for the answer ("Tak. Din rådgiver kan se din besked."), with
/// the default send settings and the stand-in counting Telegram's limits.
async fn flood(flood: i64, others: i64) -> anyhow::Result<()> {
    let fake = FakeTelegram::start().await?;
    fake.set_limits(Some(Limits::telegram()));
    let dir = tempfile::tempdir()?;
    let store = temp_store(&dir).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let now = clock.now();
    let mut users = Vec::new();
    {
        let mut tx = store.begin().await?;
        let staff = tx
            .create_staff("Bench", StaffRole::Caseworker, None, Lang::Da, now)
            .await?;
        tx.join_staff(staff, TelegramUserId(1), now).await?;
        let mut rng = rand::thread_rng();
        for i in 0..=others {
            let Ok(case_id) = tx
                .create_case(&CaseCode::generate(&mut rng), &format!("Ung {i}"), staff, now)
                .await
            else {
                continue;
            };
            let p = tx
                .create_participant(case_id, Role::Youth, None, None, Lang::Da, now)
                .await?;
            let user = FakeUser::new(40_000 + i, format!("Ung{i}"));
            tx.activate_participant(p, TelegramUserId(user.id), now).await?;
            users.push(user);
        }
        tx.commit().await?;
    }
    anyhow::ensure!(users.len() as i64 == others + 1, "cases not created");
    let flooder = users.remove(0);
    let mut settings = ServiceSettings::new(
        "1:BENCH".into(),
        fake.api_url(),
        Lang::Da,
        chrono_tz::Europe::Copenhagen,
    );
    settings.quiet_hours = QuietHours::Off;
    let service = Service::start(settings, store.clone(), clock.clone()).await?;
    let started = Instant::now();
    for i in 0..flood {
        fake.send_text(
            &flooder,
            &format!("besked nummer {i} fra en der skriver og skriver"),
        );
    }
    let mut waits = Vec::new();
    for user in &users {
        let mark = fake.message_seq();
        let asked = Instant::now();
        fake.send_text(user, "Hej, jeg har det okay i dag");
        waits.push((user.id, mark, asked));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut latencies = Vec::new();
    for (chat, mark, asked) in waits {
        let reply = fake
            .wait_for_message(chat, |m| m.seq > mark, Duration::from_secs(300))
            .await
            .context("an unrelated user got no answer within 5 minutes")?;
        latencies.push(reply.sent_at.saturating_duration_since(asked));
    }
    let handled = fake
        .wait_until(|f| f.pending_updates() == 0, Duration::from_secs(300))
        .await;
    anyhow::ensure!(handled, "the flood was not taken within 5 minutes");
    let to_caseworker = fake.messages_to(1).len();
    let to_flooder = fake.messages_to(flooder.id).len();
    service.shutdown(Duration::from_secs(5)).await;
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let (p50, p99) = (pct(0.5), pct(0.99));
    println!(
        "flood: one young person sends {flood} texts at once; {} unrelated young people write one each, every 100 ms: \
         answer p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms (target: p99 under 2 s) — {}; the caseworker got {to_caseworker} messages \
         so far (the flooder's texts beyond 20 in 10 minutes come as one bundle at the end of the 10 minutes), \
         the flooder {to_flooder}; {} × 429; whole run {:.1} s",
        latencies.len(),
        p50.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        latencies
            .last()
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or_default(),
        if p99 < Duration::from_secs(2) {
            "met"
        } else {
            "NOT met"
        },
        fake.rate_limited_count(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
