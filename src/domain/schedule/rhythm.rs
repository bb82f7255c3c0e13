//! Check-in rhythms (rytmer): who a rhythm is for, the rhythm itself (shortcut forms and cron),
//! its stored canonical form, and the UTC instants it falls on in a local time zone.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::local_time::{MAX_DST_SHIFT, hm, local_date, resolve_local};
use super::role::RhythmRole;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a rhythm expression was refused.
///
/// The messages are for logs; the bot turns each variant into its own kind Danish sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RhythmError {
    /// Nothing was written after the role.
    #[error("empty rhythm expression")]
    Empty,
    /// A word that is neither a frequency, a weekday, a time nor a filler word like "kl.".
    #[error("unknown word {0:?} in rhythm")]
    UnknownWord(String),
    /// "hver …" followed by something that does not say how often (e.g. "hver anden" alone).
    #[error("unclear frequency after 'hver'/'every'")]
    UnclearFrequency,
    /// Two different frequencies, e.g. "ugentlig hver anden uge".
    #[error("conflicting frequencies in rhythm")]
    ConflictingFrequency,
    /// A weekly or every-other-week rhythm without a weekday.
    #[error("rhythm needs a weekday")]
    MissingWeekday,
    /// More than one weekday; one rhythm has one weekday (use cron for several).
    #[error("rhythm has more than one weekday")]
    MoreThanOneWeekday,
    /// A daily rhythm that also names a weekday, e.g. "dagligt mandag 16".
    #[error("a daily rhythm cannot name a weekday")]
    WeekdayWithDaily,
    /// No time of day was given.
    #[error("rhythm needs a time of day")]
    MissingTime,
    /// More than one time of day.
    #[error("rhythm has more than one time of day")]
    MoreThanOneTime,
    /// Something that looks like a time but is not one, e.g. "25:00" or "16:7".
    #[error("invalid time of day {0:?}")]
    InvalidTime(String),
    /// A classic 5-field crontab line; the `cron` crate wants seconds first (6 or 7 fields).
    #[error("cron expression has 5 fields; seconds must come first (6 or 7 fields)")]
    CronNeedsSeconds,
    /// A cron expression with a field count other than 5, 6 or 7.
    #[error("cron expression has {0} fields; expected 6 or 7")]
    CronWrongFieldCount(usize),
    /// A numeric day-of-week in a caseworker's cron expression. The `cron` crate counts
    /// Sunday = 1, unlike crontab (Sunday = 0, Monday = 1), so numbers silently pick the wrong
    /// day; names (`Mon`, `Wed-Fri`) are required.
    #[error("cron day-of-week must use names (Mon, Tue, …), not numbers")]
    CronNumericWeekday,
    /// The `cron` crate could not parse the expression (its reason, for logs).
    #[error("invalid cron expression: {0}")]
    InvalidCron(String),
    /// A valid cron expression that has no occurrence from today on (e.g. 30 February).
    #[error("cron expression never fires")]
    CronNeverFires,
    /// A cron expression whose occurrences come closer than [`MIN_CRON_SPACING`](super::MIN_CRON_SPACING).
    #[error("cron expression fires more often than once an hour")]
    CronTooFrequent,
    /// A stored canonical string that is not in the canonical format (a data error, not user
    /// input).
    #[error("invalid canonical rhythm {0:?}")]
    InvalidCanonical(String),
}

// ---------------------------------------------------------------------------------------------
// Cron wrapper
// ---------------------------------------------------------------------------------------------

/// A parsed cron expression (6 or 7 fields: `sec min hour day-of-month month day-of-week
/// [year]`), kept together with its source text.
///
/// Parsed once and reused; equality, hashing and debug output go by the expression text
/// (whitespace-normalised), which is also what the database stores.
#[derive(Clone)]
pub struct CronSchedule {
    // Shared: the parsed schedule is large (≈250 bytes of ordinal sets) and never changes, so
    // clones of a rhythm share one copy and the `Rhythm` enum stays small.
    schedule: Arc<cron::Schedule>,
}

impl CronSchedule {
    /// Parses a cron expression as the `cron` crate understands it. Runs of whitespace are
    /// collapsed to one space so that the stored expression is tidy.
    ///
    /// This is the permissive parser used for stored data; caseworker input goes through
    /// [`parse_rhythm`](super::parse_rhythm), which adds safety checks.
    pub fn parse(expression: &str) -> Result<Self, RhythmError> {
        let fields: Vec<&str> = expression.split_whitespace().collect();
        if fields.is_empty() {
            return Err(RhythmError::Empty);
        }
        let is_macro = fields.len() == 1 && fields[0].starts_with('@');
        match fields.len() {
            _ if is_macro => {}
            5 => return Err(RhythmError::CronNeedsSeconds),
            6 | 7 => {}
            n => return Err(RhythmError::CronWrongFieldCount(n)),
        }
        let source = fields.join(" ");
        cron::Schedule::from_str(&source)
            .map(|schedule| Self {
                schedule: Arc::new(schedule),
            })
            .map_err(|e| RhythmError::InvalidCron(e.to_string()))
    }

    /// The cron expression text.
    pub fn expression(&self) -> &str {
        self.schedule.source()
    }

    /// Naive local wall-clock times matching the expression, strictly after `start`.
    ///
    /// The `cron` crate is driven in UTC, which has no DST, so every wall-clock match is seen
    /// exactly once; mapping to the real zone happens in [`resolve_local`].
    pub(super) fn naive_after(&self, start: NaiveDateTime) -> impl Iterator<Item = NaiveDateTime> + '_ {
        self.schedule
            .after(&Utc.from_utc_datetime(&start))
            .map(|dt| dt.naive_utc())
    }
}

impl fmt::Debug for CronSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CronSchedule").field(&self.expression()).finish()
    }
}

impl PartialEq for CronSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.expression() == other.expression()
    }
}

impl Eq for CronSchedule {}

impl std::hash::Hash for CronSchedule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.expression().hash(state);
    }
}

// ---------------------------------------------------------------------------------------------
// Rhythm
// ---------------------------------------------------------------------------------------------

/// A participant's check-in rhythm (rytme): when their scheduled check-ins fall due, as a
/// local wall-clock rule. The time zone is kept next to it (see [`DEFAULT_TZ`](super::DEFAULT_TZ)).
///
/// Stored in the database as [`Rhythm::to_canonical`]; read back with
/// [`Rhythm::parse_canonical`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rhythm {
    /// Any cron expression the `cron` crate accepts.
    Cron(CronSchedule),
    /// Every week on `weekday` at `time`.
    Weekly { weekday: Weekday, time: NaiveTime },
    /// Every other week on `weekday` at `time`. The weeks that count are those an even number
    /// of weeks (Monday to Sunday) away from the week containing `anchor`, so the anchor's own
    /// week is always an "on" week. `anchor` is normally the date the rhythm was set.
    EveryOtherWeek {
        weekday: Weekday,
        time: NaiveTime,
        anchor: NaiveDate,
    },
    /// Every day at `time`.
    Daily { time: NaiveTime },
}

impl Rhythm {
    /// The default rhythm for a young person: weekly, Monday 16:00.
    pub fn youth_default() -> Self {
        Rhythm::Weekly {
            weekday: Weekday::Mon,
            time: hm(16, 0),
        }
    }

    /// The default rhythm for parents and witnesses: every other week, Wednesday 17:00,
    /// counting from the week of `anchor` (normally the day they joined).
    pub fn network_default(anchor: NaiveDate) -> Self {
        Rhythm::EveryOtherWeek {
            weekday: Weekday::Wed,
            time: hm(17, 0),
            anchor,
        }
    }

    /// The default rhythm for `role`; `anchor` is only used by every-other-week rhythms.
    pub fn default_for(role: RhythmRole, anchor: NaiveDate) -> Self {
        match role {
            RhythmRole::Youth => Self::youth_default(),
            RhythmRole::Parent | RhythmRole::Witness => Self::network_default(anchor),
        }
    }

    /// The stable text form stored in the database. Formats:
    ///
    /// * `daily HH:MM`
    /// * `weekly <day> HH:MM`
    /// * `every-other-week <day> HH:MM anchor=YYYY-MM-DD`
    /// * anything else is a cron expression, stored as is (e.g. `0 0 16 * * Mon`)
    ///
    /// `<day>` is `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`. Times carry seconds
    /// (`HH:MM:SS`) only when they are not zero.
    pub fn to_canonical(&self) -> String {
        match self {
            Rhythm::Cron(c) => c.expression().to_owned(),
            Rhythm::Daily { time } => format!("daily {}", fmt_time(*time)),
            Rhythm::Weekly { weekday, time } => {
                format!("weekly {} {}", weekday_code(*weekday), fmt_time(*time))
            }
            Rhythm::EveryOtherWeek {
                weekday,
                time,
                anchor,
            } => format!(
                "every-other-week {} {} anchor={}",
                weekday_code(*weekday),
                fmt_time(*time),
                anchor.format("%Y-%m-%d")
            ),
        }
    }

    /// Reads a string written by [`Rhythm::to_canonical`]. Strict about the shortcut forms;
    /// anything not starting with a shortcut keyword is parsed as a cron expression.
    pub fn parse_canonical(s: &str) -> Result<Self, RhythmError> {
        let invalid = || RhythmError::InvalidCanonical(s.to_owned());
        let parts: Vec<&str> = s.split_whitespace().collect();
        match parts.as_slice() {
            ["daily", time] => Ok(Rhythm::Daily {
                time: parse_canonical_time(time).ok_or_else(invalid)?,
            }),
            ["weekly", day, time] => Ok(Rhythm::Weekly {
                weekday: parse_weekday_code(day).ok_or_else(invalid)?,
                time: parse_canonical_time(time).ok_or_else(invalid)?,
            }),
            ["every-other-week", day, time, anchor] => {
                let anchor = anchor
                    .strip_prefix("anchor=")
                    .and_then(|a| NaiveDate::parse_from_str(a, "%Y-%m-%d").ok())
                    .ok_or_else(invalid)?;
                Ok(Rhythm::EveryOtherWeek {
                    weekday: parse_weekday_code(day).ok_or_else(invalid)?,
                    time: parse_canonical_time(time).ok_or_else(invalid)?,
                    anchor,
                })
            }
            [first, ..] if matches!(*first, "daily" | "weekly" | "every-other-week") => Err(invalid()),
            _ => CronSchedule::parse(s).map(Rhythm::Cron),
        }
    }

    /// The first occurrence strictly after `after`, computed on the wall clock of `tz` and
    /// returned in UTC. `None` only for a cron expression that never fires again.
    ///
    /// Shortcut rhythms are plain date arithmetic; cron rhythms use the pre-parsed schedule.
    pub fn next_after(&self, after: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        match self {
            Rhythm::Cron(c) => cron_next_after(c, after, tz),
            Rhythm::Daily { time } => shortcut_next_after(after, tz, *time, 1, |_| true),
            Rhythm::Weekly { weekday, time } => {
                shortcut_next_after(after, tz, *time, 7, |d| d.weekday() == *weekday)
            }
            Rhythm::EveryOtherWeek {
                weekday,
                time,
                anchor,
            } => shortcut_next_after(after, tz, *time, 14, |d| {
                d.weekday() == *weekday && is_on_week(*anchor, d)
            }),
        }
    }

    /// All occurrences in the half-open interval `(from, to]` — `from` exclusive, `to`
    /// inclusive, so consecutive windows never share or lose an occurrence — in ascending
    /// order, without duplicates. Empty when `to <= from`.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Vec<DateTime<Utc>> {
        if to <= from {
            return Vec::new();
        }
        match self {
            Rhythm::Cron(c) => cron_occurrences(c, from, to, tz),
            Rhythm::Daily { time } => shortcut_occurrences(from, to, tz, *time, |_| true),
            Rhythm::Weekly { weekday, time } => {
                shortcut_occurrences(from, to, tz, *time, |d| d.weekday() == *weekday)
            }
            Rhythm::EveryOtherWeek {
                weekday,
                time,
                anchor,
            } => shortcut_occurrences(from, to, tz, *time, |d| {
                d.weekday() == *weekday && is_on_week(*anchor, d)
            }),
        }
    }
}

impl fmt::Display for Rhythm {
    /// Same as [`Rhythm::to_canonical`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_canonical())
    }
}

impl Serialize for Rhythm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rhythm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Rhythm::parse_canonical(&s).map_err(serde::de::Error::custom)
    }
}

/// Whether `date` lies in an "on" week of an every-other-week rhythm anchored at `anchor`.
fn is_on_week(anchor: NaiveDate, date: NaiveDate) -> bool {
    let anchor_monday = week_monday(anchor);
    let monday = week_monday(date);
    // Counting whole weeks between Mondays (not ISO week numbers) keeps the parity right across
    // years with 53 ISO weeks.
    (monday - anchor_monday).num_days().div_euclid(7).rem_euclid(2) == 0
}

fn week_monday(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

fn shortcut_next_after(
    after: DateTime<Utc>,
    tz: Tz,
    time: NaiveTime,
    period_days: u64,
    matches: impl Fn(NaiveDate) -> bool,
) -> Option<DateTime<Utc>> {
    // Start two days early: a DST shift can move an occurrence's instant past midnight, and the
    // extra day costs nothing. One period plus the margin always contains the answer.
    let start = local_date(after, tz).checked_sub_days(Days::new(2))?;
    (0..period_days + 4)
        .filter_map(|i| start.checked_add_days(Days::new(i)))
        .filter(|d| matches(*d))
        .map(|d| resolve_local(tz, d.and_time(time)))
        .find(|at| *at > after)
}

fn shortcut_occurrences(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    time: NaiveTime,
    matches: impl Fn(NaiveDate) -> bool,
) -> Vec<DateTime<Utc>> {
    let (Some(first), Some(last)) = (
        local_date(from, tz).checked_sub_days(Days::new(2)),
        local_date(to, tz).checked_add_days(Days::new(1)),
    ) else {
        return Vec::new();
    };
    // One instant per matching local date, and the mapping keeps date order, so the result is
    // already sorted and free of duplicates.
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| matches(*d))
        .map(|d| resolve_local(tz, d.and_time(time)))
        .filter(|at| *at > from && *at <= to)
        .collect()
}

fn cron_next_after(c: &CronSchedule, after: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
    let start = after
        .with_timezone(&tz)
        .naive_local()
        .checked_sub_signed(MAX_DST_SHIFT)?;
    let mut best: Option<DateTime<Utc>> = None;
    let mut horizon: Option<NaiveDateTime> = None;
    for naive in c.naive_after(start) {
        if horizon.is_some_and(|h| naive > h) {
            break;
        }
        let at = resolve_local(tz, naive);
        if at > after {
            // Around a spring-forward gap a later wall-clock time can map to an earlier instant
            // than an earlier one (02:30 → 03:30 summer time, but 03:15 stays 03:15), so keep
            // looking a little beyond the first hit and take the smallest instant.
            if best.is_none_or(|b| at < b) {
                best = Some(at);
            }
            if horizon.is_none() {
                horizon = Some(naive.checked_add_signed(MAX_DST_SHIFT).unwrap_or(naive));
            }
        }
    }
    best
}

fn cron_occurrences(c: &CronSchedule, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Vec<DateTime<Utc>> {
    let (Some(start), Some(end)) = (
        from.with_timezone(&tz)
            .naive_local()
            .checked_sub_signed(MAX_DST_SHIFT),
        to.with_timezone(&tz)
            .naive_local()
            .checked_add_signed(MAX_DST_SHIFT),
    ) else {
        return Vec::new();
    };
    let mut out: Vec<DateTime<Utc>> = c
        .naive_after(start)
        .take_while(|naive| *naive <= end)
        .map(|naive| resolve_local(tz, naive))
        .filter(|at| *at > from && *at <= to)
        .collect();
    // Two wall-clock times can land on one instant around a gap (02:30 and 03:30 on the
    // spring-forward day): send once.
    out.sort_unstable();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Canonical form
// ---------------------------------------------------------------------------------------------

pub(super) fn fmt_time(t: NaiveTime) -> String {
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S%.f").to_string()
    }
}

fn parse_canonical_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn parse_weekday_code(s: &str) -> Option<Weekday> {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|d| weekday_code(*d) == s)
}
