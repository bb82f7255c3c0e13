//! The time axis: tick steps from days to years, in local time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tick {
    pub(super) at: DateTime<Utc>,
    /// "3/9" (day/month).
    pub(super) label: String,
    /// The year, under the first tick and the first tick of each new year, when the axis
    /// spans more than one year.
    pub(super) year: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct TimeAxis {
    pub(super) t0: DateTime<Utc>,
    pub(super) t1: DateTime<Utc>,
    pub(super) ticks: Vec<Tick>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    Days(i64),
    Weeks(i64),
    Months(u32),
}

pub(super) const STEPS: [Step; 11] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Months(12),
    Step::Months(24),
    Step::Months(60),
];

pub(super) fn step_matches(step: Step, date: NaiveDate) -> bool {
    // Days since 1970-01-05 (a Monday) keep the pattern stable whatever the range.
    let monday = NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default();
    let days = (date - monday).num_days();
    match step {
        Step::Days(n) => days.rem_euclid(n) == 0,
        Step::Weeks(n) => days.rem_euclid(7 * n) == 0,
        Step::Months(n) => date.day() == 1 && (date.year() as u32 * 12 + date.month0()).is_multiple_of(n),
    }
}

/// Local midnight of `date` in `tz`, as an instant (the first valid time that day).
pub(super) fn local_midnight(tz: Tz, date: NaiveDate) -> Option<DateTime<Utc>> {
    (0..3).find_map(|hour| {
        let naive = date.and_hms_opt(hour, 0, 0)?;
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// Picks day/month ticks for `t0..t1` so that at most `max_ticks` labels are shown.
pub(super) fn time_ticks(t0: DateTime<Utc>, t1: DateTime<Utc>, tz: Tz, max_ticks: usize) -> Vec<Tick> {
    let first = t0.with_timezone(&tz).date_naive();
    let last = t1.with_timezone(&tz).date_naive();
    let days = (last - first).num_days().clamp(0, 366 * 200);
    let dates: Vec<NaiveDate> = (0..=days)
        .filter_map(|d| first.checked_add_signed(Duration::days(d)))
        .collect();
    let pick = |step: Step| -> Vec<(NaiveDate, DateTime<Utc>)> {
        dates
            .iter()
            .filter(|d| step_matches(step, **d))
            .filter_map(|d| local_midnight(tz, *d).map(|at| (*d, at)))
            .filter(|(_, at)| *at >= t0 && *at <= t1)
            .collect()
    };
    let max_ticks = max_ticks.max(2);
    let mut chosen = Vec::new();
    for step in STEPS {
        chosen = pick(step);
        if chosen.len() <= max_ticks {
            break;
        }
    }
    if chosen.len() > max_ticks {
        let keep = chosen.len().div_ceil(max_ticks);
        chosen = chosen.into_iter().step_by(keep).collect();
    }
    let multi_year = first.year() != last.year();
    let mut last_year = None;
    chosen
        .into_iter()
        .map(|(date, at)| {
            let year = (multi_year && last_year != Some(date.year())).then(|| date.year().to_string());
            last_year = Some(date.year());
            Tick {
                at,
                label: format!("{}/{}", date.day(), date.month()),
                year,
            }
        })
        .collect()
}
