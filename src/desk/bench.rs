//! `taetkontakt bench desk`: server time of the desk's two busiest pages, through HTTP on
//! loopback against the real service on SQLite — *Mine sager* with 30 cases, and *Sag* for a
//! case with a year of weekly answers from 4 respondents on 3 goals. Target: under 50 ms each.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::TimeDelta;
use fake_telegram::FakeTelegram;

use crate::app::{Service, ServiceSettings};
use crate::clock::{Clock, SystemClock};
use crate::domain::case::CaseCode;
use crate::domain::goal::FocusArea;
use crate::domain::ids::TelegramUserId;
use crate::domain::participant::Role;
use crate::domain::scale::ScaleKind;
use crate::domain::schedule::QuietHours;
use crate::domain::staff::StaffRole;
use crate::i18n::Lang;
use crate::store::Store;

const CASES: usize = 30;
const WEEKS: i64 = 52;
const RUNS: usize = 30;
const TARGET_MS: f64 = 50.0;

pub async fn run() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let now = clock.now();
    let (staff, codes) = seed(&store, now).await?;

    let fake = FakeTelegram::start().await?;
    let mut settings = ServiceSettings::new(
        "1:BENCH".into(),
        fake.api_url(),
        Lang::Da,
        chrono_tz::Europe::Copenhagen,
    );
    settings.quiet_hours = QuietHours::Off;
    settings.desk = Some(super::DeskSettings::new(([127, 0, 0, 1], 0).into(), None));
    let service = Service::start(settings, store.clone(), clock.clone()).await?;
    let addr = service.desk_addr.context("the desk did not start")?;

    // A session as the sign-in through the bot makes one.
    let cookie = {
        let mut tx = store.begin().await?;
        let record = tx.staff(staff).await?.context("no staff")?;
        let link = crate::service::desk::sign_in_link(&mut tx, now, &record, "http://bench").await?;
        let token = link.rsplit('/').next().unwrap_or_default().to_string();
        let session = crate::service::desk::open_session(&mut tx, now, &token)
            .await?
            .context("no session")?;
        tx.commit().await?;
        format!("tk_desk={}", session.cookie.as_str())
    };
    let http = reqwest::Client::new();
    let base = format!("http://{addr}");
    let mine = time_page(&http, &format!("{base}/"), &cookie, "Mine sager").await?;
    let case = time_page(&http, &format!("{base}/sag/{}", codes[0]), &cookie, &codes[0]).await?;
    // Sag shows one chart per goal, each a picture of its own: the page is read once they are in.
    let chart = time_page(&http, &format!("{base}/sag/{}/graf/1", codes[0]), &cookie, "PNG").await?;
    let met = |p95: f64| if p95 < TARGET_MS { "met" } else { "not met" };
    println!(
        "desk: Mine sager with {CASES} cases: p50 {:.1} ms, p95 {:.1} ms ({}); Sag with {WEEKS} weeks × 4 respondents × 3 goals: p50 {:.1} ms, p95 {:.1} ms ({}); one goal's chart on it: p50 {:.1} ms, p95 {:.1} ms ({}) — {RUNS} requests each after one warm-up, SQLite, loopback, target < {TARGET_MS:.0} ms",
        mine.0,
        mine.1,
        met(mine.1),
        case.0,
        case.1,
        met(case.1),
        chart.0,
        chart.1,
        met(chart.1),
    );
    service.shutdown(Duration::from_secs(5)).await;
    fake.shutdown().await;
    Ok(())
}

/// p50 and p95 in milliseconds of `RUNS` requests for a page that must contain `expect`.
async fn time_page(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    expect: &str,
) -> anyhow::Result<(f64, f64)> {
    let mut times = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let started = Instant::now();
        let response = http.get(url).header("Cookie", cookie).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let found = body.windows(expect.len()).any(|w| w == expect.as_bytes());
        anyhow::ensure!(status.is_success() && found, "{url}: {status}");
        if run > 0 {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    Ok((at(0.5), at(0.95)))
}

/// A caseworker with 30 cases; each has 3 goals and 4 people (the young person, two parents,
/// a grandmother), and a year of weekly answers from all of them.
async fn seed(
    store: &Store,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(crate::domain::ids::StaffId, Vec<String>)> {
    let mut tx = store.begin().await?;
    let staff = tx
        .create_staff("Bench", StaffRole::Caseworker, Some("Nord"), Lang::Da, now)
        .await?;
    tx.join_staff(staff, TelegramUserId(1), now).await?;
    let start = now - TimeDelta::weeks(WEEKS);
    let mut rng = rand::thread_rng();
    let mut codes = Vec::new();
    let mut ids = Vec::new();
    let mut user = 10_000;
    while codes.len() < CASES {
        let code = CaseCode::generate(&mut rng);
        let Ok(case) = tx
            .create_case(&code, &format!("Ung {}", codes.len() + 1), staff, start)
            .await
        else {
            continue; // a code drawn twice
        };
        for (area, text) in [
            (FocusArea::School, "Jeg kommer i skole hver dag"),
            (FocusArea::Family, "Vi taler pænt til hinanden derhjemme"),
            (FocusArea::Leisure, "Jeg går til fodbold"),
        ] {
            let goal = tx.add_goal(case, area, text, ScaleKind::ZeroToTen, start).await?;
            tx.set_goal_witness_text(goal, Some(&format!("Målet: «{text}»")), start)
                .await?;
        }
        for (role, relation) in [
            (Role::Youth, None),
            (Role::Parent, None),
            (Role::Parent, None),
            (Role::Witness, Some("mormor")),
        ] {
            let p = tx
                .create_participant(case, role, None, relation, Lang::Da, start)
                .await?;
            user += 1;
            tx.activate_participant(p, TelegramUserId(user), start).await?;
        }
        codes.push(code.to_string());
        ids.push(case);
    }
    tx.seed_weekly_answers(ids[0], ids[ids.len() - 1], WEEKS, start)
        .await?;
    tx.commit().await?;
    Ok((staff, codes))
}
