//! Check-in rhythms (rytmer), quiet hours (stille timer) and catch-up after downtime.
//!
//! Everything here is pure: no clock, no database, no user-facing text. Times are computed in
//! the participant's local time zone (normally Europe/Copenhagen) and returned in UTC, which is
//! what the database stores.
//!
//! # Daylight saving time
//!
//! A check-in is a promise about the *local wall clock* ("Monday at 16:00"). Twice a year the
//! wall clock misbehaves, and every rhythm here resolves that the same way, so that each local
//! occurrence gives **exactly one** UTC instant:
//!
//! * **Spring forward** (a local time that does not exist, e.g. 02:30 on the last Sunday of
//!   March): the occurrence moves forward by the length of the gap, i.e. 02:30 becomes 03:30
//!   summer time (= 01:30 UTC, the instant 02:30 would have been under winter time).
//! * **Fall back** (a local time that happens twice, e.g. 02:30 on the last Sunday of October):
//!   the occurrence fires once, at the earlier of the two instants (02:30 summer time).
//!
//! The `cron` crate's own time-zone iteration skips the first case and fires twice in the second,
//! so cron expressions are evaluated on the naive local wall clock and mapped to UTC here.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The time zone used when a participant has none of their own.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Copenhagen;

/// How long after its due time a missed check-in is still worth sending after downtime.
pub const DEFAULT_CATCH_UP_GRACE: Duration = Duration::hours(12);

/// The closest two occurrences of a caseworker's cron expression may be.
///
/// A check-in takes a minute a week; an expression that fires every second or minute (the
/// classic `* …` mistake) would flood a young person, so such input is refused.
pub const MIN_CRON_SPACING: Duration = Duration::hours(1);

/// Upper bound for how far a DST transition can move the local wall clock. Used as a safety
/// margin when scanning naive local times; real transitions are 1 hour (at most 2 historically).
const MAX_DST_SHIFT: Duration = Duration::hours(3);

/// How many upcoming cron occurrences are inspected when checking [`MIN_CRON_SPACING`].
const CRON_SPACING_SAMPLE: usize = 32;

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

/// Who a rhythm is for. Decides the default rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RhythmRole {
    /// The young person (barn/ung): weekly.
    Youth,
    /// A parent (forælder): every other week.
    Parent,
    /// An everyday witness (hverdagsbevidne) in the network: every other week.
    Witness,
}

/// A role word in `/rytme <kode> <ung|forælder|vidne> …` that is not a known role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown participant role {0:?}")]
pub struct UnknownRole(pub String);

impl FromStr for RhythmRole {
    type Err = UnknownRole;

    /// Accepts the Danish command words (`ung`, `forælder`, `vidne`, with or without `æ`) and
    /// their English equivalents, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match normalize_word(s.trim()).as_str() {
            "ung" | "unge" | "barn" | "youth" | "young" | "child" => Ok(Self::Youth),
            "foraelder" | "foraeldre" | "parent" | "parents" => Ok(Self::Parent),
            "vidne" | "vidner" | "hverdagsbevidne" | "netvaerk" | "witness" | "network" => Ok(Self::Witness),
            _ => Err(UnknownRole(s.trim().to_owned())),
        }
    }
}

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
    /// A cron expression whose occurrences come closer than [`MIN_CRON_SPACING`].
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
    /// [`parse_rhythm`], which adds safety checks.
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
    fn naive_after(&self, start: NaiveDateTime) -> impl Iterator<Item = NaiveDateTime> + '_ {
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
/// local wall-clock rule. The time zone is kept next to it (see [`DEFAULT_TZ`]).
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

/// Maps a naive local wall-clock time to the one UTC instant it stands for (see the module
/// docs): nonexistent times move forward by the gap, repeated times take the earlier instant.
fn resolve_local(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => dt.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall clock with the offset in force just before the gap: that is the
            // instant the time "would have been", i.e. the same wall clock shifted by the gap.
            let offset = offset_before(tz, naive);
            let utc = naive
                .checked_sub_signed(Duration::seconds(i64::from(offset)))
                .unwrap_or(naive);
            Utc.from_utc_datetime(&utc)
        }
    }
}

/// UTC offset (seconds) in force a day before the naive local time `naive`.
fn offset_before(tz: Tz, naive: NaiveDateTime) -> i32 {
    let probe = naive.checked_sub_signed(Duration::days(1)).unwrap_or(naive);
    tz.offset_from_utc_datetime(&probe).fix().local_minus_utc()
}

/// UTC offset (seconds) in force a day after the naive local time `naive`.
fn offset_after(tz: Tz, naive: NaiveDateTime) -> i32 {
    let probe = naive.checked_add_signed(Duration::days(1)).unwrap_or(naive);
    tz.offset_from_utc_datetime(&probe).fix().local_minus_utc()
}

fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
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
// Parsing caseworker input
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frequency {
    Daily,
    Weekly,
    EveryOtherWeek,
}

/// Parses the expression part of `/rytme <kode> <rolle> <udtryk>`.
///
/// Accepted:
/// * Danish shortcuts (case-insensitive, `ø`/`æ`/`å` optional, word order free):
///   `ugentlig mandag 16:00`, `hver uge mandag 16`, `hver mandag kl. 16`, `mandag 16.30`,
///   `hver anden uge onsdag 17:00`, `hver 2. uge onsdag kl. 17`, `hver 14. dag ons 17`,
///   `dagligt 18:00`, `hver dag 18`; weekdays `mandag`…`søndag`, short `man`/`tir`/`ons`/
///   `tor`/`fre`/`lør`/`søn` (`lor`, `son`), two-letter `ma`/`ti`/`to`/`fr`/`lø`/`sø`, and
///   plural/definite forms (`mandage`, `mandagen`).
/// * The English equivalents: `weekly monday 16:00`, `every other week wed 5pm`,
///   `biweekly`, `fortnightly`, `every 2 weeks`, `daily 18:00`, `every day 18:00`.
/// * A cron expression as the `cron` crate accepts it (6 or 7 fields, seconds first, or
///   `@daily` etc.), with two safety checks: the day-of-week must be written with names
///   ([`RhythmError::CronNumericWeekday`]) and occurrences may not come closer than
///   [`MIN_CRON_SPACING`]. It must also fire at least once from `today` on.
///
/// Every-other-week rhythms are anchored at `today` (the week the rhythm is set is an "on"
/// week).
pub fn parse_rhythm(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(RhythmError::Empty);
    }
    // A shortcut can never be a valid cron expression (cron needs ≥ 6 fields, a shortcut has
    // at most one number), so trying the shortcut grammar first is safe; its error is kept
    // unless the input looks like cron.
    match parse_shortcut(input, today) {
        Ok(rhythm) => Ok(rhythm),
        // Whoever wrote `*` or six numbers meant cron: report the cron problem instead.
        Err(_) if looks_like_cron(input) => parse_user_cron(input, today),
        Err(err) => Err(err),
    }
}

fn looks_like_cron(input: &str) -> bool {
    let fields: Vec<&str> = input.split_whitespace().collect();
    let first_char = fields.first().and_then(|f| f.chars().next());
    input.starts_with('@')
        || input.contains('*')
        || fields.contains(&"?")
        || ((5..=7).contains(&fields.len()) && first_char.is_some_and(|c| c.is_ascii_digit()))
}

fn parse_user_cron(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let fields: Vec<&str> = input.split_whitespace().collect();
    if (6..=7).contains(&fields.len()) && fields[5].chars().any(|c| c.is_ascii_digit()) {
        return Err(RhythmError::CronNumericWeekday);
    }
    let cron = CronSchedule::parse(input)?;
    let start = today.and_time(NaiveTime::MIN);
    let sample: Vec<NaiveDateTime> = cron.naive_after(start).take(CRON_SPACING_SAMPLE).collect();
    if sample.is_empty() {
        return Err(RhythmError::CronNeverFires);
    }
    if sample.windows(2).any(|w| w[1] - w[0] < MIN_CRON_SPACING) {
        return Err(RhythmError::CronTooFrequent);
    }
    Ok(Rhythm::Cron(cron))
}

const EVERY: &[&str] = &["hver", "hvert", "every", "each"];
const WEEK_WORDS: &[&str] = &["uge", "ugen", "uger", "week", "weeks"];
const DAY_WORDS: &[&str] = &["dag", "dage", "day", "days"];
const OTHER_WORDS: &[&str] = &["anden", "andet", "2.", "2", "to", "other", "second", "2nd", "two"];
const FOURTEEN_WORDS: &[&str] = &["14.", "14", "fjortende", "fourteen"];
const FILLER: &[&str] = &[
    "kl", "kl.", "klokken", "om", "pa", "paa", "at", "on", "den", "the", "-",
];

fn parse_shortcut(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let raw: Vec<&str> = input
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let words: Vec<String> = raw.iter().map(|t| normalize_word(t)).collect();

    let mut frequency: Option<Frequency> = None;
    let mut weekday: Option<Weekday> = None;
    let mut time: Option<NaiveTime> = None;

    let mut set_frequency = |f: Frequency| match frequency {
        Some(existing) if existing != f => Err(RhythmError::ConflictingFrequency),
        _ => {
            frequency = Some(f);
            Ok(())
        }
    };

    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let after_next = words.get(i + 2).map(String::as_str);
        let is = |w: Option<&str>, set: &[&str]| w.is_some_and(|w| set.contains(&w));

        if EVERY.contains(&word) {
            if is(next, WEEK_WORDS) {
                set_frequency(Frequency::Weekly)?;
                i += 2;
            } else if is(next, DAY_WORDS) {
                set_frequency(Frequency::Daily)?;
                i += 2;
            } else if (is(next, OTHER_WORDS) && is(after_next, WEEK_WORDS))
                || (is(next, FOURTEEN_WORDS) && is(after_next, DAY_WORDS))
            {
                set_frequency(Frequency::EveryOtherWeek)?;
                i += 3;
            } else if next.and_then(parse_weekday_word).is_some() {
                // "hver mandag": weekly unless something more specific says otherwise.
                i += 1;
            } else {
                return Err(RhythmError::UnclearFrequency);
            }
            continue;
        }
        if word == "hveranden" {
            if !is(next, WEEK_WORDS) {
                return Err(RhythmError::UnclearFrequency);
            }
            set_frequency(Frequency::EveryOtherWeek)?;
            i += 2;
            continue;
        }
        match word {
            "ugentlig" | "ugentligt" | "ugentlige" | "weekly" => {
                set_frequency(Frequency::Weekly)?;
            }
            "dagligt" | "daglig" | "daglige" | "daily" => set_frequency(Frequency::Daily)?,
            "biweekly" | "fortnightly" => set_frequency(Frequency::EveryOtherWeek)?,
            _ if FILLER.contains(&word) => {}
            _ => {
                if let Some(day) = parse_weekday_word(word) {
                    if weekday.is_some_and(|w| w != day) {
                        return Err(RhythmError::MoreThanOneWeekday);
                    }
                    weekday = Some(day);
                } else if let Some(parsed) = parse_time_word(word) {
                    let parsed = parsed.map_err(|()| RhythmError::InvalidTime(raw[i].to_owned()))?;
                    if time.is_some_and(|t| t != parsed) {
                        return Err(RhythmError::MoreThanOneTime);
                    }
                    time = Some(parsed);
                } else {
                    return Err(RhythmError::UnknownWord(raw[i].to_owned()));
                }
            }
        }
        i += 1;
    }

    let frequency = match (frequency, weekday) {
        (Some(f), _) => f,
        (None, Some(_)) => Frequency::Weekly,
        (None, None) => return Err(RhythmError::MissingWeekday),
    };
    let time = time.ok_or(RhythmError::MissingTime)?;
    match frequency {
        Frequency::Daily if weekday.is_some() => Err(RhythmError::WeekdayWithDaily),
        Frequency::Daily => Ok(Rhythm::Daily { time }),
        Frequency::Weekly => Ok(Rhythm::Weekly {
            weekday: weekday.ok_or(RhythmError::MissingWeekday)?,
            time,
        }),
        Frequency::EveryOtherWeek => Ok(Rhythm::EveryOtherWeek {
            weekday: weekday.ok_or(RhythmError::MissingWeekday)?,
            time,
            anchor: today,
        }),
    }
}

/// Lower-case, fold Danish letters to ASCII (`ø`→`o`, `æ`→`ae`, `å`→`aa`) and drop combining
/// marks, so "Lør", "lor" and "LØR" are the same word.
fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ø' | 'ö' | 'ó' => out.push('o'),
            'æ' | 'ä' => out.push_str("ae"),
            'å' => out.push_str("aa"),
            'é' | 'è' => out.push('e'),
            '\u{0300}'..='\u{036f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Weekday names after [`normalize_word`]: Danish full, plural, definite, 3- and 2-letter
/// forms, the `oe` spelling, and English. "on" is left out on purpose: in English it is the
/// filler in "every week on Monday".
fn parse_weekday_word(word: &str) -> Option<Weekday> {
    const TABLE: &[(Weekday, &str, &[&str])] = &[
        (Weekday::Mon, "mandag", &["man", "ma", "monday", "mon", "mondays"]),
        (
            Weekday::Tue,
            "tirsdag",
            &["tir", "tirs", "ti", "tuesday", "tue", "tues", "tuesdays"],
        ),
        (Weekday::Wed, "onsdag", &["ons", "wednesday", "wed", "wednesdays"]),
        (
            Weekday::Thu,
            "torsdag",
            &[
                "tor",
                "tors",
                "to",
                "thursday",
                "thu",
                "thur",
                "thurs",
                "thursdays",
            ],
        ),
        (Weekday::Fri, "fredag", &["fre", "fr", "friday", "fri", "fridays"]),
        (
            Weekday::Sat,
            "lordag",
            &["lor", "lo", "loerdag", "loer", "saturday", "sat", "saturdays"],
        ),
        (
            Weekday::Sun,
            "sondag",
            &["son", "so", "soendag", "soen", "sunday", "sun", "sundays"],
        ),
    ];
    TABLE.iter().find_map(|(day, full, others)| {
        let inflected = word
            .strip_prefix(full)
            .is_some_and(|rest| matches!(rest, "" | "e" | "en"));
        (inflected || others.contains(&word)).then_some(*day)
    })
}

/// `None`: not a time-like word at all. `Some(Err)`: looks like a time but is invalid.
///
/// Accepts `16`, `16:00`, `16.00`, `kl.16`, `17.` and `5pm`/`5:30pm`.
fn parse_time_word(word: &str) -> Option<Result<NaiveTime, ()>> {
    let word = word
        .strip_prefix("kl.")
        .or_else(|| word.strip_prefix("kl"))
        .unwrap_or(word);
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(parse_clock(word))
}

fn parse_clock(word: &str) -> Result<NaiveTime, ()> {
    let (word, pm) = if let Some(w) = word.strip_suffix("pm") {
        (w, Some(true))
    } else if let Some(w) = word.strip_suffix("am") {
        (w, Some(false))
    } else {
        (word, None)
    };
    let word = word.strip_suffix('.').unwrap_or(word);
    let (h, m) = match word.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(()),
        None => (word, "00"),
    };
    if h.is_empty() || h.len() > 2 {
        return Err(());
    }
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return Err(());
    }
    let mut hour: u32 = h.parse().map_err(|_| ())?;
    let minute: u32 = m.parse().map_err(|_| ())?;
    if let Some(is_pm) = pm {
        if !(1..=12).contains(&hour) {
            return Err(());
        }
        hour = match (hour, is_pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or(())
}

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

fn fmt_time(t: NaiveTime) -> String {
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

// ---------------------------------------------------------------------------------------------
// Quiet hours
// ---------------------------------------------------------------------------------------------

/// Quiet hours (stille timer): local times at which no scheduled message may reach a young
/// person, parent or witness. What falls due inside the window goes out when it ends. Urgent
/// alerts to staff are not subject to this.
///
/// The window is `[start, end)` on the local wall clock; `start > end` means it crosses
/// midnight (the default `21:00-08:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuietHours {
    /// No quiet hours: send whenever due.
    Off,
    /// Quiet from `start` (inclusive) to `end` (exclusive), local time.
    Window { start: NaiveTime, end: NaiveTime },
}

/// Why a `QUIET_HOURS` setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuietHoursError {
    /// The setting was empty.
    #[error("empty quiet hours setting")]
    Empty,
    /// Not `off` and not `HH:MM-HH:MM`.
    #[error("quiet hours must be 'off' or 'HH:MM-HH:MM', got {0:?}")]
    Malformed(String),
    /// One side is not a valid time of day.
    #[error("invalid time {0:?} in quiet hours")]
    InvalidTime(String),
    /// Start equals end: unclear whether that means never or always quiet.
    #[error("quiet hours start and end are equal")]
    ZeroLength,
}

impl Default for QuietHours {
    /// 21:00–08:00, as the product promises.
    fn default() -> Self {
        QuietHours::Window {
            start: hm(21, 0),
            end: hm(8, 0),
        }
    }
}

impl FromStr for QuietHours {
    type Err = QuietHoursError;

    /// Parses `off` (also `none`, `disabled`) or `HH:MM-HH:MM` (also `21-08`, `21.00 - 08.00`,
    /// with an en dash).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(QuietHoursError::Empty);
        }
        if matches!(
            s.to_ascii_lowercase().as_str(),
            "off" | "none" | "disabled" | "fra"
        ) {
            return Ok(QuietHours::Off);
        }
        let (a, b) = s
            .split_once(['-', '–'])
            .ok_or_else(|| QuietHoursError::Malformed(s.to_owned()))?;
        let parse = |t: &str| {
            let t = t.trim();
            if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(QuietHoursError::Malformed(s.to_owned()));
            }
            parse_clock(t).map_err(|()| QuietHoursError::InvalidTime(t.to_owned()))
        };
        let (start, end) = (parse(a)?, parse(b)?);
        if start == end {
            return Err(QuietHoursError::ZeroLength);
        }
        Ok(QuietHours::Window { start, end })
    }
}

impl fmt::Display for QuietHours {
    /// `off` or `HH:MM-HH:MM`; parses back with [`FromStr`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuietHours::Off => f.write_str("off"),
            QuietHours::Window { start, end } => {
                write!(f, "{}-{}", fmt_time(*start), fmt_time(*end))
            }
        }
    }
}

impl Serialize for QuietHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QuietHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl QuietHours {
    fn contains(&self, t: NaiveTime) -> bool {
        match *self {
            QuietHours::Off => false,
            QuietHours::Window { start, end } if start < end => start <= t && t < end,
            QuietHours::Window { start, end } => t >= start || t < end,
        }
    }

    /// Whether `at` falls inside the quiet window on the local wall clock of `tz`.
    pub fn is_quiet(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        self.contains(at.with_timezone(&tz).time())
    }

    /// When a message due at `at` may be sent: `at` itself outside the window, otherwise the
    /// first instant after `at` that is no longer quiet — the window's end on the local wall
    /// clock (08:00 by default), on the same day or, for a window that crosses midnight and was
    /// entered in the evening, the next day.
    ///
    /// Around DST: if the end time happens twice, the first occurrence after `at` is used; if it
    /// does not exist (inside a spring-forward gap), the first instant after the gap.
    pub fn release_time(&self, at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        let QuietHours::Window { start, end } = *self else {
            return at;
        };
        let local = at.with_timezone(&tz);
        if !self.contains(local.time()) {
            return at;
        }
        let date = local.date_naive();
        let end_date = if start > end && local.time() >= start {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        let naive_end = end_date.and_time(end);
        match tz.from_local_datetime(&naive_end) {
            LocalResult::Single(dt) => dt.with_timezone(&Utc).max(at),
            LocalResult::Ambiguous(earlier, later) => {
                let earlier = earlier.with_timezone(&Utc);
                if earlier > at {
                    earlier
                } else {
                    later.with_timezone(&Utc).max(at)
                }
            }
            LocalResult::None => gap_end(tz, naive_end).max(at),
        }
    }
}

/// The first instant after the spring-forward gap that contains the naive local time `naive`.
fn gap_end(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    let before = offset_before(tz, naive);
    let after = offset_after(tz, naive);
    // The transition lies between "naive read with the new offset" (still old offset there) and
    // "naive read with the old offset" (already new offset). Bisect to the second.
    let mut lo = naive
        .checked_sub_signed(Duration::seconds(i64::from(after)))
        .unwrap_or(naive)
        .and_utc();
    let mut hi = naive
        .checked_sub_signed(Duration::seconds(i64::from(before)))
        .unwrap_or(naive)
        .and_utc();
    while hi - lo > Duration::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if tz
            .offset_from_utc_datetime(&mid.naive_utc())
            .fix()
            .local_minus_utc()
            == before
        {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

// ---------------------------------------------------------------------------------------------
// Catch-up
// ---------------------------------------------------------------------------------------------

/// What the scheduler does, on start, with a check-in that fell due while it was down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CatchUp {
    /// Still recent enough to be useful: send it now (quiet hours still apply).
    SendNow,
    /// Too old: record it as skipped by the system, not as missed by the participant, so it
    /// neither counts as silence nor reaches anyone.
    SkipBySystem,
}

/// Decides whether a check-in due at `due` is still sent at `now`: it is if it is at most
/// `grace` old (inclusive; see [`DEFAULT_CATCH_UP_GRACE`]). A negative grace counts as zero.
///
/// Callers are expected to ask only about `due <= now`. A `due` in the future is not missed,
/// so it is never skipped: it yields [`CatchUp::SendNow`], and the caller should simply keep it
/// scheduled.
pub fn catch_up(due: DateTime<Utc>, now: DateTime<Utc>, grace: Duration) -> CatchUp {
    let grace = grace.max(Duration::zero());
    if now.signed_duration_since(due) <= grace {
        CatchUp::SendNow
    } else {
        CatchUp::SkipBySystem
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Copenhagen as CPH;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// A UTC instant from an RFC 3339 string.
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// A Copenhagen local time that exists exactly once, in UTC.
    fn cph(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        CPH.with_ymd_and_hms(y, m, day, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn cron(expr: &str) -> Rhythm {
        Rhythm::Cron(CronSchedule::parse(expr).unwrap())
    }

    fn today() -> NaiveDate {
        d(2027, 3, 3)
    }

    // --- parsing -------------------------------------------------------------------------

    #[test]
    fn danish_and_english_shortcuts_parse_to_the_expected_rhythm() {
        let today = today();
        let weekly = |weekday, time| Rhythm::Weekly { weekday, time };
        let biweekly = |weekday, time| Rhythm::EveryOtherWeek {
            weekday,
            time,
            anchor: today,
        };
        let cases: Vec<(&str, Rhythm)> = vec![
            ("ugentlig mandag 16:00", weekly(Weekday::Mon, t(16, 0))),
            ("hver uge mandag 16", weekly(Weekday::Mon, t(16, 0))),
            ("Hver mandag kl. 16", weekly(Weekday::Mon, t(16, 0))),
            ("mandag 16.30", weekly(Weekday::Mon, t(16, 30))),
            ("hver uge om mandagen kl.16", weekly(Weekday::Mon, t(16, 0))),
            ("ugentligt tir 9", weekly(Weekday::Tue, t(9, 0))),
            ("hver uge lør 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge lor 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge LØRDAG 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge søn 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge son 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge sondag 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge tor 17", weekly(Weekday::Thu, t(17, 0))),
            ("hver uge fre 8", weekly(Weekday::Fri, t(8, 0))),
            ("16:00 mandag", weekly(Weekday::Mon, t(16, 0))),
            ("weekly monday 16:00", weekly(Weekday::Mon, t(16, 0))),
            ("every week on Mon at 4pm", weekly(Weekday::Mon, t(16, 0))),
            ("hver anden uge onsdag 17:00", biweekly(Weekday::Wed, t(17, 0))),
            ("hver 2. uge onsdag kl. 17", biweekly(Weekday::Wed, t(17, 0))),
            ("hver 14. dag ons 17", biweekly(Weekday::Wed, t(17, 0))),
            ("onsdag kl 17 hver anden uge", biweekly(Weekday::Wed, t(17, 0))),
            ("hver mandag hver anden uge 16", biweekly(Weekday::Mon, t(16, 0))),
            (
                "every other week wednesday 17:00",
                biweekly(Weekday::Wed, t(17, 0)),
            ),
            ("every 2 weeks wed 17", biweekly(Weekday::Wed, t(17, 0))),
            ("biweekly wed 17", biweekly(Weekday::Wed, t(17, 0))),
            ("fortnightly, wed, 5:30pm", biweekly(Weekday::Wed, t(17, 30))),
            ("dagligt 18:00", Rhythm::Daily { time: t(18, 0) }),
            ("hver dag 18:00", Rhythm::Daily { time: t(18, 0) }),
            ("daily 18", Rhythm::Daily { time: t(18, 0) }),
            ("every day at 6pm", Rhythm::Daily { time: t(18, 0) }),
            ("dagligt 12am", Rhythm::Daily { time: t(0, 0) }),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_rhythm(input, today), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn cron_expressions_are_accepted_and_kept_verbatim() {
        for expr in [
            "0 0 16 * * Mon",
            "0 30 17 * * Wed",
            "0 0 16 * * Mon,Thu",
            "0 0 9 1 * *",
            "0 0 16 * * Mon-Fri 2027-2030",
            "@daily",
            "@weekly",
        ] {
            let rhythm = parse_rhythm(expr, today()).unwrap();
            assert_eq!(rhythm, cron(expr), "input {expr:?}");
            assert_eq!(rhythm.to_canonical(), expr);
        }
        // Extra whitespace is tidied away.
        assert_eq!(
            parse_rhythm("  0  0 16 *  * Mon ", today())
                .unwrap()
                .to_canonical(),
            "0 0 16 * * Mon"
        );
    }

    #[test]
    fn bad_input_gives_a_typed_error() {
        use RhythmError::*;
        let cases: Vec<(&str, RhythmError)> = vec![
            ("", Empty),
            ("   ", Empty),
            ("ugentlig", MissingTime),
            ("ugentlig 16:00", MissingWeekday),
            ("16:00", MissingWeekday),
            ("hver anden uge 17", MissingWeekday),
            ("mandag", MissingTime),
            ("mandag onsdag 16", MoreThanOneWeekday),
            ("mandag 16 17", MoreThanOneTime),
            ("dagligt mandag 16", WeekdayWithDaily),
            ("ugentlig hver anden uge onsdag 17", ConflictingFrequency),
            ("hver anden onsdag 17", UnclearFrequency),
            ("hver", UnclearFrequency),
            ("mandag 25:00", InvalidTime("25:00".into())),
            ("mandag 16:7", InvalidTime("16:7".into())),
            ("mandag 16:60", InvalidTime("16:60".into())),
            ("mandag 13pm", InvalidTime("13pm".into())),
            ("mandag 123", InvalidTime("123".into())),
            ("mandag og onsdag 16", UnknownWord("og".into())),
            ("mandag kl 16?", InvalidTime("16?".into())),
            ("hverdag 16", UnknownWord("hverdag".into())),
            ("0 16 * * 1", CronNeedsSeconds),
            ("0 0 16 * * 2", CronNumericWeekday),
            ("0 0 16 * * */2", CronNumericWeekday),
            ("* * 16 * * Mon", CronTooFrequent),
            ("0 * 16 * * Mon", CronTooFrequent),
            ("0 0 16 30 Feb *", CronNeverFires),
            ("0 0 16 * * Mon 2020", CronNeverFires),
            ("0 0 16 * * * * *", CronWrongFieldCount(8)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_rhythm(input, today()), Err(expected), "input {input:?}");
        }
        assert!(matches!(
            parse_rhythm("0 0 99 * * Mon", today()),
            Err(InvalidCron(_))
        ));
        assert!(matches!(parse_rhythm("@sometimes", today()), Err(InvalidCron(_))));
    }

    #[test]
    fn very_long_or_strange_input_is_refused_without_panicking() {
        let long = "mandag ".repeat(10_000);
        assert_eq!(parse_rhythm(&long, today()), Err(RhythmError::MissingTime));
        for weird in [
            "🙂",
            "mandag 🙂",
            "kl.",
            "kl",
            "-",
            ":",
            "16:",
            ":30",
            "1 2 3 4 5 6 7",
        ] {
            assert!(parse_rhythm(weird, today()).is_err(), "input {weird:?}");
        }
    }

    #[test]
    fn roles_parse_from_danish_and_english_words() {
        for (word, role) in [
            ("ung", RhythmRole::Youth),
            ("UNG", RhythmRole::Youth),
            ("forælder", RhythmRole::Parent),
            ("foraelder", RhythmRole::Parent),
            ("vidne", RhythmRole::Witness),
            ("witness", RhythmRole::Witness),
        ] {
            assert_eq!(word.parse(), Ok(role), "word {word:?}");
        }
        assert_eq!(
            "sagsbehandler".parse::<RhythmRole>(),
            Err(UnknownRole("sagsbehandler".into()))
        );
    }

    // --- defaults and canonical form ------------------------------------------------------

    #[test]
    fn defaults_are_monday_16_weekly_and_wednesday_17_every_other_week() {
        let anchor = d(2027, 3, 1);
        assert_eq!(
            Rhythm::default_for(RhythmRole::Youth, anchor).to_canonical(),
            "weekly mon 16:00"
        );
        for role in [RhythmRole::Parent, RhythmRole::Witness] {
            assert_eq!(
                Rhythm::default_for(role, anchor).to_canonical(),
                "every-other-week wed 17:00 anchor=2027-03-01"
            );
        }
    }

    #[test]
    fn every_rhythm_round_trips_through_its_canonical_string() {
        let rhythms = vec![
            Rhythm::youth_default(),
            Rhythm::network_default(d(2026, 12, 31)),
            Rhythm::Daily { time: t(18, 0) },
            Rhythm::Daily {
                time: NaiveTime::from_hms_opt(7, 5, 9).unwrap(),
            },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 0 16 * * Mon"),
            cron("0 15 10 ? * Tue,Fri 2027"),
            cron("@weekly"),
        ];
        for r in rhythms {
            let s = r.to_canonical();
            assert_eq!(Rhythm::parse_canonical(&s), Ok(r.clone()), "canonical {s:?}");
            assert_eq!(r.to_string(), s);
        }
    }

    #[test]
    fn canonical_strings_have_the_documented_shape() {
        let cases = [
            ("daily 18:00", Rhythm::Daily { time: t(18, 0) }),
            (
                "weekly mon 16:00",
                Rhythm::Weekly {
                    weekday: Weekday::Mon,
                    time: t(16, 0),
                },
            ),
            (
                "every-other-week wed 17:00 anchor=2027-03-03",
                Rhythm::EveryOtherWeek {
                    weekday: Weekday::Wed,
                    time: t(17, 0),
                    anchor: d(2027, 3, 3),
                },
            ),
            ("0 0 16 * * Mon", cron("0 0 16 * * Mon")),
        ];
        for (s, r) in cases {
            assert_eq!(r.to_canonical(), s);
            assert_eq!(Rhythm::parse_canonical(s), Ok(r));
        }
    }

    #[test]
    fn malformed_canonical_strings_are_rejected() {
        for s in [
            "weekly",
            "weekly monday 16:00",
            "weekly mon 25:00",
            "daily",
            "every-other-week wed 17:00",
            "every-other-week wed 17:00 2027-03-03",
            "every-other-week wed 17:00 anchor=2027-02-30",
        ] {
            assert_eq!(
                Rhythm::parse_canonical(s),
                Err(RhythmError::InvalidCanonical(s.into())),
                "canonical {s:?}"
            );
        }
        assert!(Rhythm::parse_canonical("").is_err());
        assert!(Rhythm::parse_canonical("mandag 16").is_err());
    }

    #[test]
    fn rhythms_deserialize_from_their_canonical_string() {
        use serde::de::IntoDeserializer;
        use serde::de::value::Error as DeError;
        let de: serde::de::value::StrDeserializer<'_, DeError> = "weekly mon 16:00".into_deserializer();
        assert_eq!(Rhythm::deserialize(de), Ok(Rhythm::youth_default()));
        let de: serde::de::value::StrDeserializer<'_, DeError> = "21:00-08:00".into_deserializer();
        assert_eq!(QuietHours::deserialize(de), Ok(QuietHours::default()));
    }

    #[test]
    fn cron_rhythms_compare_and_print_by_expression() {
        let a = cron("0 0 16 * * Mon");
        assert_eq!(a, cron("0  0 16 * * Mon"));
        assert_ne!(a, cron("0 0 16 * * Tue"));
        assert_eq!(format!("{a:?}"), r#"Cron(CronSchedule("0 0 16 * * Mon"))"#);
    }

    // --- next_after / occurrences -----------------------------------------------------------

    #[test]
    fn weekly_monday_16_falls_on_the_next_monday_in_local_time() {
        let r = Rhythm::youth_default();
        let cases = [
            // Wednesday → next Monday (winter time, UTC+1).
            (cph(2027, 1, 6, 12, 0), cph(2027, 1, 11, 16, 0)),
            // Monday before 16:00 → same day.
            (cph(2027, 1, 11, 15, 59), cph(2027, 1, 11, 16, 0)),
            // Exactly at 16:00 → strictly after, so next week.
            (cph(2027, 1, 11, 16, 0), cph(2027, 1, 18, 16, 0)),
            // Summer time (UTC+2).
            (cph(2027, 6, 1, 9, 0), cph(2027, 6, 7, 16, 0)),
        ];
        for (after, expected) in cases {
            assert_eq!(r.next_after(after, CPH), Some(expected), "after {after}");
        }
        assert_eq!(
            r.next_after(cph(2027, 6, 1, 9, 0), CPH),
            Some(utc("2027-06-07T14:00:00Z"))
        );
    }

    #[test]
    fn every_other_week_follows_the_anchor_weeks_parity() {
        // Anchor Wednesday 2027-03-03 (week 9): on weeks are 9, 11, 13, …
        let r = Rhythm::network_default(d(2027, 3, 3));
        let occ = r.occurrences(cph(2027, 3, 1, 0, 0), cph(2027, 4, 30, 0, 0), CPH);
        let dates: Vec<NaiveDate> = occ.iter().map(|at| local_date(*at, CPH)).collect();
        assert_eq!(
            dates,
            vec![
                d(2027, 3, 3),
                d(2027, 3, 17),
                d(2027, 3, 31),
                d(2027, 4, 14),
                d(2027, 4, 28)
            ]
        );
        // Set on a Friday: that week's Wednesday has passed, so the first is 13 days later.
        let r = Rhythm::network_default(d(2027, 3, 5));
        assert_eq!(
            r.next_after(cph(2027, 3, 5, 12, 0), CPH),
            Some(cph(2027, 3, 17, 17, 0))
        );
        // Dates before the anchor follow the same parity.
        assert_eq!(
            r.next_after(cph(2027, 2, 1, 0, 0), CPH),
            Some(cph(2027, 2, 3, 17, 0))
        );
    }

    #[test]
    fn every_other_week_stays_regular_across_a_53_week_year() {
        // 2026 has ISO week 53; a parity on ISO week numbers would put two check-ins one week
        // apart around new year. Counting weeks from the anchor keeps a 14-day spacing.
        let r = Rhythm::network_default(d(2026, 11, 4));
        let occ = r.occurrences(cph(2026, 11, 1, 0, 0), cph(2027, 3, 1, 0, 0), CPH);
        assert!(occ.len() > 5);
        for pair in occ.windows(2) {
            let days = (local_date(pair[1], CPH) - local_date(pair[0], CPH)).num_days();
            assert_eq!(days, 14, "between {} and {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn normal_16_00_checkins_keep_local_time_across_both_dst_changes() {
        let daily = Rhythm::Daily { time: t(16, 0) };
        let occ = daily.occurrences(cph(2027, 3, 26, 0, 0), cph(2027, 3, 30, 0, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-03-26T15:00:00Z"),
                utc("2027-03-27T15:00:00Z"),
                utc("2027-03-28T14:00:00Z"),
                utc("2027-03-29T14:00:00Z"),
            ]
        );
        let occ = daily.occurrences(cph(2027, 10, 30, 0, 0), cph(2027, 11, 2, 0, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-10-30T14:00:00Z"),
                utc("2027-10-31T15:00:00Z"),
                utc("2027-11-01T15:00:00Z"),
            ]
        );
        let weekly = Rhythm::Weekly {
            weekday: Weekday::Sun,
            time: t(16, 0),
        };
        assert_eq!(
            weekly.next_after(cph(2027, 3, 27, 12, 0), CPH),
            Some(utc("2027-03-28T14:00:00Z"))
        );
        assert_eq!(
            weekly.next_after(cph(2027, 10, 30, 12, 0), CPH),
            Some(utc("2027-10-31T15:00:00Z"))
        );
    }

    /// The four ways to write "02:30 on Sunday": each must give the same single instant.
    fn sunday_0230_rhythms() -> Vec<Rhythm> {
        vec![
            Rhythm::Daily { time: t(2, 30) },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 30 2 * * *"),
            cron("0 30 2 * * Sun"),
        ]
    }

    #[test]
    fn spring_forward_gives_exactly_one_checkin() {
        // 2027-03-28: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and becomes
        // 03:30 CEST = 01:30 UTC.
        let day_start = cph(2027, 3, 28, 0, 0);
        let day_end = cph(2027, 3, 29, 0, 0);
        for r in sunday_0230_rhythms() {
            let occ = r.occurrences(day_start, day_end, CPH);
            assert_eq!(occ, vec![utc("2027-03-28T01:30:00Z")], "rhythm {r}");
            assert_eq!(
                r.next_after(day_start, CPH),
                Some(utc("2027-03-28T01:30:00Z")),
                "rhythm {r}"
            );
            let local = occ[0].with_timezone(&CPH);
            assert_eq!(local.time(), t(3, 30));
        }
    }

    #[test]
    fn fall_back_gives_exactly_one_checkin_at_the_earlier_instant() {
        // 2027-10-31: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
        let day_start = cph(2027, 10, 31, 0, 0);
        let day_end = cph(2027, 11, 1, 0, 0);
        for r in sunday_0230_rhythms() {
            let occ = r.occurrences(day_start, day_end, CPH);
            assert_eq!(occ, vec![utc("2027-10-31T00:30:00Z")], "rhythm {r}");
            assert_eq!(
                r.next_after(day_start, CPH),
                Some(utc("2027-10-31T00:30:00Z")),
                "rhythm {r}"
            );
            // Asking again from the first instant must not yield the repeated 02:30.
            let next = r.next_after(utc("2027-10-31T00:30:00Z"), CPH).unwrap();
            assert!(next > day_end, "rhythm {r} fired twice: {next}");
        }
    }

    #[test]
    fn daily_0230_gives_one_checkin_per_day_through_the_dst_weeks() {
        for (from, to) in [
            (cph(2027, 3, 22, 0, 0), cph(2027, 4, 5, 0, 0)),
            (cph(2027, 10, 25, 0, 0), cph(2027, 11, 8, 0, 0)),
        ] {
            for r in [Rhythm::Daily { time: t(2, 30) }, cron("0 30 2 * * *")] {
                let occ = r.occurrences(from, to, CPH);
                assert_eq!(occ.len(), 14, "rhythm {r}");
                let mut dates: Vec<NaiveDate> = occ.iter().map(|at| local_date(*at, CPH)).collect();
                dates.dedup();
                assert_eq!(dates.len(), 14, "rhythm {r}");
            }
        }
    }

    #[test]
    fn plain_cron_upcoming_would_be_wrong_here() {
        // Documents why we do not use cron's own time-zone iteration.
        let s = cron::Schedule::from_str("0 30 2 * * *").unwrap();
        let spring: Vec<_> = s
            .after(&CPH.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap())
            .take(2)
            .map(|dt| dt.date_naive())
            .collect();
        assert_eq!(spring, vec![d(2027, 3, 29), d(2027, 3, 30)], "28 March skipped");
        let autumn: Vec<_> = s
            .after(&CPH.with_ymd_and_hms(2027, 10, 30, 12, 0, 0).unwrap())
            .take(2)
            .map(|dt| dt.date_naive())
            .collect();
        assert_eq!(autumn, vec![d(2027, 10, 31), d(2027, 10, 31)], "31 October twice");
    }

    #[test]
    fn cron_times_merging_in_the_gap_are_sent_once_and_in_order() {
        // 02:30 moves to 03:30 summer time, which is also a real 03:30 occurrence.
        let r = cron("0 30 2,3 * * *");
        let occ = r.occurrences(cph(2027, 3, 28, 0, 0), cph(2027, 3, 28, 12, 0), CPH);
        assert_eq!(occ, vec![utc("2027-03-28T01:30:00Z")]);
        // 02:45 moves to 03:45 summer time (01:45 UTC), yet 03:15 is 01:15 UTC: a later wall
        // clock can be an earlier instant.
        let after = cph(2027, 3, 28, 1, 0);
        assert_eq!(
            cron("0 45 2 * * *").next_after(after, CPH),
            Some(utc("2027-03-28T01:45:00Z"))
        );
        assert_eq!(
            cron("0 15 3 * * *").next_after(after, CPH),
            Some(utc("2027-03-28T01:15:00Z"))
        );
        let both = cron("0 15,45 2,3 * * *");
        assert_eq!(both.next_after(after, CPH), Some(utc("2027-03-28T01:15:00Z")));
        assert_eq!(
            both.next_after(utc("2027-03-28T01:15:00Z"), CPH),
            Some(utc("2027-03-28T01:45:00Z"))
        );
        let occ = both.occurrences(after, cph(2027, 3, 28, 5, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-03-28T01:15:00Z"), // 02:15 → 03:15 CEST, same as the real 03:15
                utc("2027-03-28T01:45:00Z"), // 02:45 → 03:45 CEST, same as the real 03:45
            ]
        );
    }

    #[test]
    fn next_after_and_occurrences_agree() {
        let rhythms = vec![
            Rhythm::youth_default(),
            Rhythm::network_default(d(2027, 1, 6)),
            Rhythm::Daily { time: t(2, 30) },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 0 16 * * Mon,Thu"),
            cron("0 30 2 * * Sun"),
        ];
        let from = cph(2027, 1, 1, 0, 0);
        let to = cph(2028, 1, 1, 0, 0);
        for r in rhythms {
            let occ = r.occurrences(from, to, CPH);
            let mut chained = Vec::new();
            let mut cursor = from;
            while let Some(next) = r.next_after(cursor, CPH).filter(|n| *n <= to) {
                chained.push(next);
                cursor = next;
            }
            assert_eq!(occ, chained, "rhythm {r}");
        }
    }

    #[test]
    fn occurrences_window_is_exclusive_at_from_and_inclusive_at_to() {
        let r = Rhythm::youth_default();
        let monday = cph(2027, 1, 11, 16, 0);
        assert!(r.occurrences(monday, monday + Duration::days(1), CPH).is_empty());
        assert_eq!(
            r.occurrences(monday - Duration::days(1), monday, CPH),
            vec![monday]
        );
        assert!(r.occurrences(monday, monday, CPH).is_empty());
        assert!(r.occurrences(monday, monday - Duration::days(9), CPH).is_empty());
    }

    #[test]
    fn a_cron_that_ended_has_no_next_occurrence() {
        let r = cron("0 0 16 * * Mon 2027");
        assert_eq!(r.next_after(cph(2028, 1, 1, 0, 0), CPH), None);
        assert!(
            r.occurrences(cph(2028, 1, 1, 0, 0), cph(2028, 2, 1, 0, 0), CPH)
                .is_empty()
        );
    }

    #[test]
    fn other_time_zones_are_respected() {
        let r = Rhythm::youth_default();
        assert_eq!(
            r.next_after(utc("2027-01-06T12:00:00Z"), chrono_tz::America::New_York),
            Some(utc("2027-01-11T21:00:00Z"))
        );
    }

    #[test]
    fn a_week_for_100_000_mixed_participants_gives_the_expected_counts() {
        // Sanity run for the later benchmark; prints the time, asserts only counts.
        let anchors = [d(2027, 3, 3), d(2027, 3, 10)]; // on-week and off-week for 1–7 March
        let rhythms: Vec<Rhythm> = (0..100_000)
            .map(|i| match i % 5 {
                0 | 1 => Rhythm::youth_default(),
                2 => Rhythm::network_default(anchors[(i / 5) % 2]),
                3 => Rhythm::Daily { time: t(18, 0) },
                _ => cron("0 0 16 * * Mon,Thu"),
            })
            .collect();
        // Monday 1 March 2027 00:00 local, exclusive, to the next Monday 00:00, inclusive.
        let from = cph(2027, 3, 1, 0, 0);
        let to = cph(2027, 3, 8, 0, 0);
        let started = std::time::Instant::now();
        let total: usize = rhythms
            .iter()
            .map(|r| r.occurrences(from, to, DEFAULT_TZ).len())
            .sum();
        eprintln!(
            "occurrences for 100 000 rhythms over one week: {total} in {:?}",
            started.elapsed()
        );
        // 40 000 weekly × 1 + 10 000 on-week × 1 + 20 000 daily × 7 + 20 000 cron × 2.
        assert_eq!(total, 40_000 + 10_000 + 140_000 + 40_000);
    }

    // --- quiet hours ------------------------------------------------------------------------

    #[test]
    fn quiet_hours_settings_parse() {
        let w = |a, b| QuietHours::Window { start: a, end: b };
        let cases: Vec<(&str, Result<QuietHours, QuietHoursError>)> = vec![
            ("21:00-08:00", Ok(w(t(21, 0), t(8, 0)))),
            (" 21:30 - 07:45 ", Ok(w(t(21, 30), t(7, 45)))),
            ("21-08", Ok(w(t(21, 0), t(8, 0)))),
            ("21.00–08.00", Ok(w(t(21, 0), t(8, 0)))),
            ("12:00-13:00", Ok(w(t(12, 0), t(13, 0)))),
            ("off", Ok(QuietHours::Off)),
            ("OFF", Ok(QuietHours::Off)),
            ("", Err(QuietHoursError::Empty)),
            ("21:00", Err(QuietHoursError::Malformed("21:00".into()))),
            ("nat-dag", Err(QuietHoursError::Malformed("nat-dag".into()))),
            ("21:00-", Err(QuietHoursError::Malformed("21:00-".into()))),
            ("21:00-24:00", Err(QuietHoursError::InvalidTime("24:00".into()))),
            ("08:00-08:00", Err(QuietHoursError::ZeroLength)),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<QuietHours>(), expected, "input {input:?}");
        }
        assert_eq!(QuietHours::default().to_string(), "21:00-08:00");
        assert_eq!("21:00-08:00".parse(), Ok(QuietHours::default()));
    }

    #[test]
    fn quiet_window_is_inclusive_at_start_and_exclusive_at_end() {
        let q = QuietHours::default();
        let cases = [
            (cph(2027, 1, 11, 20, 59), false),
            (cph(2027, 1, 11, 21, 0), true),
            (cph(2027, 1, 11, 23, 59), true),
            (cph(2027, 1, 12, 0, 0), true),
            (cph(2027, 1, 12, 7, 59), true),
            (cph(2027, 1, 12, 8, 0), false),
            (cph(2027, 1, 12, 16, 0), false),
        ];
        for (at, quiet) in cases {
            assert_eq!(q.is_quiet(at, CPH), quiet, "at {at}");
        }
        assert!(!QuietHours::Off.is_quiet(cph(2027, 1, 12, 3, 0), CPH));
    }

    #[test]
    fn messages_due_at_night_are_released_at_8_local_time() {
        let q = QuietHours::default();
        let cases = [
            // Outside the window: unchanged.
            (cph(2027, 1, 11, 16, 0), cph(2027, 1, 11, 16, 0)),
            (cph(2027, 1, 11, 8, 0), cph(2027, 1, 11, 8, 0)),
            // Evening → next morning.
            (cph(2027, 1, 11, 21, 0), cph(2027, 1, 12, 8, 0)),
            (cph(2027, 1, 11, 23, 30), cph(2027, 1, 12, 8, 0)),
            // After midnight → same morning.
            (cph(2027, 1, 12, 0, 0), cph(2027, 1, 12, 8, 0)),
            (cph(2027, 1, 12, 7, 59), cph(2027, 1, 12, 8, 0)),
            // Across new year.
            (cph(2027, 12, 31, 22, 0), cph(2028, 1, 1, 8, 0)),
            // Night of spring forward: 08:00 is 06:00 UTC, not 07:00.
            (cph(2027, 3, 27, 22, 0), utc("2027-03-28T06:00:00Z")),
            (utc("2027-03-28T01:30:00Z"), utc("2027-03-28T06:00:00Z")),
            // Night of fall back: 08:00 is 07:00 UTC.
            (cph(2027, 10, 30, 22, 0), utc("2027-10-31T07:00:00Z")),
            (utc("2027-10-31T00:30:00Z"), utc("2027-10-31T07:00:00Z")),
            (utc("2027-10-31T01:30:00Z"), utc("2027-10-31T07:00:00Z")),
        ];
        for (at, expected) in cases {
            assert_eq!(q.release_time(at, CPH), expected, "at {at}");
            assert!(!q.is_quiet(q.release_time(at, CPH), CPH));
        }
        assert_eq!(
            QuietHours::Off.release_time(cph(2027, 1, 12, 3, 0), CPH),
            cph(2027, 1, 12, 3, 0)
        );
    }

    #[test]
    fn a_daytime_window_releases_at_its_end_the_same_day() {
        let q: QuietHours = "12:00-13:00".parse().unwrap();
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 11, 59), CPH),
            cph(2027, 5, 3, 11, 59)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 12, 0), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 12, 59), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 13, 0), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 21, 0), CPH),
            cph(2027, 5, 3, 21, 0)
        );
    }

    #[test]
    fn a_window_ending_inside_a_dst_change_still_releases_once() {
        // Ends at 02:30, which does not exist on 2027-03-28: release when the clock jumps
        // to 03:00 CEST (01:00 UTC).
        let q: QuietHours = "21:00-02:30".parse().unwrap();
        assert_eq!(
            q.release_time(cph(2027, 3, 27, 23, 0), CPH),
            utc("2027-03-28T01:00:00Z")
        );
        // Ends at 02:30, which happens twice on 2027-10-31: first at 00:30 UTC …
        assert_eq!(
            q.release_time(cph(2027, 10, 30, 23, 0), CPH),
            utc("2027-10-31T00:30:00Z")
        );
        // … and for something due in the repeated hour before 02:30, at the second 02:30.
        assert_eq!(
            q.release_time(utc("2027-10-31T01:10:00Z"), CPH),
            utc("2027-10-31T01:30:00Z")
        );
    }

    // --- catch-up ---------------------------------------------------------------------------

    #[test]
    fn missed_checkins_within_grace_are_sent_and_older_ones_skipped() {
        let now = utc("2027-03-01T12:00:00Z");
        let grace = DEFAULT_CATCH_UP_GRACE;
        let cases = [
            (now, CatchUp::SendNow),
            (now - Duration::minutes(5), CatchUp::SendNow),
            (now - Duration::hours(12), CatchUp::SendNow),
            (
                now - Duration::hours(12) - Duration::seconds(1),
                CatchUp::SkipBySystem,
            ),
            (now - Duration::days(3), CatchUp::SkipBySystem),
            // Not yet due: never skipped.
            (now + Duration::minutes(1), CatchUp::SendNow),
        ];
        for (due, expected) in cases {
            assert_eq!(catch_up(due, now, grace), expected, "due {due}");
        }
        assert_eq!(
            catch_up(now - Duration::seconds(1), now, Duration::hours(-1)),
            CatchUp::SkipBySystem
        );
        assert_eq!(catch_up(now, now, Duration::hours(-1)), CatchUp::SendNow);
    }
}
