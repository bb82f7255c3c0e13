//! Meetings (møder): the kinds, the caseworker's `/moede` input, a meeting's life cycle, the
//! participants' "se ske" wishes and meeting ratings, and when each message around a meeting
//! falls due.
//!
//! Pure: no clock, no database, no user-facing text. "Now" is passed in; instants are UTC (what
//! the database stores), wall-clock promises ("the day before at 08:00") are kept in the local
//! time zone (normally Europe/Copenhagen).
//!
//! # The messages around one meeting
//!
//! | when | to whom | function |
//! |---|---|---|
//! | 5 days before, 16:00 local — or at once if the meeting is less than 5 days ahead | every invited participant | [`agenda_send_at`] |
//! | 2 days before, 16:00 local, if nothing came back (skipped when it would follow the agenda within a day) | participants who did not answer | [`agenda_reminder_at`] |
//! | the working day before, 08:00 local — or at once when that has passed | the caseworker | [`draft_at`] |
//! | 2 hours after the meeting started | the caseworker (Holdt · Aflyst · Flyttet) | [`outcome_question_at`] |
//! | when the caseworker marks it held | each participant who attended | — |
//!
//! Quiet hours (21:00–08:00) for participants are applied by the scheduler, not here.
//!
//! # Daylight saving time
//!
//! Local wall-clock times are mapped to UTC like the check-in rhythms do: a local time that does
//! not exist (spring forward) moves forward by the gap; a local time that happens twice (fall
//! back) means the earlier instant. See [`meeting_instant`].

use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::is_working_day;
use crate::domain::schedule::{hm, resolve_local};
use crate::domain::text::{TextError, clean_line};

pub use crate::domain::ids::MeetingId;

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/// Default: the agenda goes out this many days before the meeting.
pub const AGENDA_DAYS_BEFORE: u32 = 5;
/// Default: the gentle reminder goes out this many days before the meeting.
pub const AGENDA_REMINDER_DAYS_BEFORE: u32 = 2;
/// Local time at which agendas and agenda reminders go out: the same hour as the check-ins
/// (after school, end of the working day), when young people and parents read their chat.
pub const AGENDA_SEND_TIME: NaiveTime = hm(16, 0);
/// A reminder closer than this to the agenda itself would nag; it is skipped.
pub const AGENDA_REMINDER_MIN_GAP: TimeDelta = TimeDelta::hours(24);
/// Default: the caseworker's agenda draft comes this many working days before the meeting.
pub const DRAFT_WORKING_DAYS_BEFORE: u32 = 1;

/// How far ahead the agenda, its reminder and the caseworker's draft go out (settings
/// `AGENDA_DAYS_BEFORE`, `AGENDA_REMINDER_DAYS_BEFORE`, `DRAFT_DAYS_BEFORE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingTiming {
    pub agenda_days_before: u32,
    pub reminder_days_before: u32,
    pub draft_working_days_before: u32,
}

impl Default for MeetingTiming {
    fn default() -> Self {
        MeetingTiming {
            agenda_days_before: AGENDA_DAYS_BEFORE,
            reminder_days_before: AGENDA_REMINDER_DAYS_BEFORE,
            draft_working_days_before: DRAFT_WORKING_DAYS_BEFORE,
        }
    }
}
/// Local time at which the agenda draft reaches the caseworker.
pub const DRAFT_TIME: NaiveTime = hm(8, 0);
/// The caseworker is asked how the meeting went this long after it started.
pub const OUTCOME_QUESTION_DELAY: TimeDelta = TimeDelta::hours(2);
/// A meeting can be planned at most this many days ahead.
pub const MAX_DAYS_AHEAD: u64 = 366;
/// Longest meeting place we store ("Rådhuset, mødelokale 2").
pub const PLACE_MAX: usize = 80;
/// At most this many "se ske" wishes per participant and meeting.
pub const MAX_WISHES: usize = 3;
/// Longest single wish.
pub const WISH_MAX_CHARS: usize = 200;
/// Meeting ratings ("Hvordan var mødet for dig?") run from 0 to this.
pub const RATING_MAX: u8 = 10;
/// A meeting rating below this is something to talk about.
pub const RATING_TALK_BELOW: u8 = 9;

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

/// The kind of meeting. The database and the `/moede` command use [`MeetingKind::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingKind {
    /// `kaffe`: an informal coffee meeting.
    #[serde(rename = "kaffe")]
    Coffee,
    /// `opstart`: start-up meeting when support begins.
    #[serde(rename = "opstart")]
    StartUp,
    /// `handleplan`: the plan (handleplan / barnets plan / ungeplan) is made or revised.
    #[serde(rename = "handleplan")]
    Plan,
    /// `opfoelgning`: follow-up of the plan (the statutory follow-up).
    #[serde(rename = "opfoelgning")]
    FollowUp,
    /// `netvaerk`: network meeting with the adults around the young person.
    #[serde(rename = "netvaerk")]
    Network,
}

/// Text that is not a meeting kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown meeting kind {0:?}")]
pub struct UnknownMeetingKind(pub String);

impl MeetingKind {
    pub const ALL: [MeetingKind; 5] = [
        MeetingKind::Coffee,
        MeetingKind::StartUp,
        MeetingKind::Plan,
        MeetingKind::FollowUp,
        MeetingKind::Network,
    ];

    /// Stable ASCII key: database, command word, message ids (`meeting-kind-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            MeetingKind::Coffee => "kaffe",
            MeetingKind::StartUp => "opstart",
            MeetingKind::Plan => "handleplan",
            MeetingKind::FollowUp => "opfoelgning",
            MeetingKind::Network => "netvaerk",
        }
    }

    /// Parses the key or the word a caseworker types: case-insensitive, with or without æ/ø/å
    /// (`opfølgning`, `opfolgning`, `netværk`) and with a trailing `møde`/`moede`
    /// (`kaffemøde`, `opfølgningsmøde`, `netværksmøde`).
    pub fn parse(input: &str) -> Result<Self, UnknownMeetingKind> {
        let folded = fold_danish(input.trim());
        let stem = ["smoede", "moede"]
            .iter()
            .find_map(|suffix| folded.strip_suffix(suffix).filter(|s| !s.is_empty()))
            .unwrap_or(&folded);
        let kind = match stem {
            "kaffe" => MeetingKind::Coffee,
            "opstart" => MeetingKind::StartUp,
            "handleplan" | "ungeplan" => MeetingKind::Plan,
            "opfoelgning" | "opfolgning" => MeetingKind::FollowUp,
            "netvaerk" | "netvark" => MeetingKind::Network,
            _ => return Err(UnknownMeetingKind(input.to_string())),
        };
        Ok(kind)
    }

    /// Whether holding this meeting counts as the statutory follow-up of the plan (Barnets Lov
    /// §95), so the caseworker is asked for the next follow-up date: follow-up meetings and
    /// plan meetings (a revised plan is followed up).
    pub fn is_statutory_follow_up(self) -> bool {
        matches!(self, MeetingKind::FollowUp | MeetingKind::Plan)
    }
}

impl fmt::Display for MeetingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Lowercase, æ → ae, ø → oe, å → aa.
fn fold_danish(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            other => out.push(other),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Life cycle
// ---------------------------------------------------------------------------------------------

/// Where a meeting stands.
///
/// ```text
///            reschedule (Flyttet: new time, agenda sent again)
///              ┌────┐
///              ▼    │
///           Planned ─┴── hold (Holdt, only once it has started) ──▶ Held
///              │
///              └──────── cancel (Aflyst) ──────────────────────────▶ Cancelled
/// ```
///
/// "Moved" is not a state: a moved meeting is planned again at its new time. The store keeps a
/// revision number that is bumped on every move, so the messages of the new time get new
/// de-duplication keys ([`MeetingMessage::dedup_key`]) and go out again. Held and cancelled
/// are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Held,
    Cancelled,
}

/// A status change that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingTransitionError {
    /// Held and cancelled meetings are final. When `from == to`, the same answer arrived twice
    /// (see [`MeetingTransitionError::is_repeat`]).
    #[error("a meeting cannot go from {from:?} to {to:?}")]
    Invalid { from: MeetingStatus, to: MeetingStatus },
    /// A meeting cannot be marked as held before it has started.
    #[error("the meeting has not started yet")]
    NotStarted,
    /// A meeting can only be moved to a time that is still ahead.
    #[error("the new time has already passed")]
    NewTimeInPast,
    /// "Flyttet" without a new time.
    #[error("a moved meeting needs a new time")]
    NewTimeMissing,
}

impl MeetingTransitionError {
    /// The same button was pressed twice (held twice, cancelled twice): the handler should say
    /// "already registered" and change nothing.
    pub fn is_repeat(&self) -> bool {
        matches!(self, MeetingTransitionError::Invalid { from, to } if from == to)
    }
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 3] = [
        MeetingStatus::Planned,
        MeetingStatus::Held,
        MeetingStatus::Cancelled,
    ];

    /// Stable key for the database (equal to the serde name).
    pub fn key(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Still ahead or waiting for the caseworker's answer: agendas, reminders and the draft
    /// are only sent for planned meetings.
    pub fn is_planned(self) -> bool {
        self == MeetingStatus::Planned
    }

    /// "Holdt": only a planned meeting that has started (`now >= meeting_at`).
    pub fn hold(self, meeting_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, MeetingTransitionError> {
        self.planned_to(MeetingStatus::Held)?;
        if now < meeting_at {
            return Err(MeetingTransitionError::NotStarted);
        }
        Ok(MeetingStatus::Held)
    }

    /// "Aflyst": a planned meeting can be cancelled before or after its time.
    pub fn cancel(self) -> Result<Self, MeetingTransitionError> {
        self.planned_to(MeetingStatus::Cancelled)
    }

    /// "Flyttet": a planned meeting moves to `new_at`, which must still be ahead. The meeting
    /// stays planned; the caller stores the new time, bumps the revision and recomputes
    /// [`agenda_send_at`], [`agenda_reminder_at`] and [`draft_at`] with `created_at = now`.
    pub fn reschedule(
        self,
        new_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Self, MeetingTransitionError> {
        self.planned_to(MeetingStatus::Planned)?;
        if new_at <= now {
            return Err(MeetingTransitionError::NewTimeInPast);
        }
        Ok(MeetingStatus::Planned)
    }

    /// Apply the caseworker's answer to "Blev mødet holdt?". [`MeetingOutcome::Moved`] needs a
    /// new time: pass it as `new_at` (ignored for the other outcomes).
    pub fn apply(
        self,
        outcome: MeetingOutcome,
        meeting_at: DateTime<Utc>,
        new_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Self, MeetingTransitionError> {
        match outcome {
            MeetingOutcome::Held => self.hold(meeting_at, now),
            MeetingOutcome::Cancelled => self.cancel(),
            MeetingOutcome::Moved => match new_at {
                Some(new_at) => self.reschedule(new_at, now),
                None => Err(MeetingTransitionError::NewTimeMissing),
            },
        }
    }

    fn planned_to(self, to: MeetingStatus) -> Result<Self, MeetingTransitionError> {
        if self == MeetingStatus::Planned {
            Ok(to)
        } else {
            Err(MeetingTransitionError::Invalid { from: self, to })
        }
    }
}

/// The caseworker's answer after the meeting: Holdt · Aflyst · Flyttet. Button payloads use
/// [`MeetingOutcome::key`]; labels are `meeting-outcome-<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingOutcome {
    Held,
    Cancelled,
    Moved,
}

impl MeetingOutcome {
    pub const ALL: [MeetingOutcome; 3] = [
        MeetingOutcome::Held,
        MeetingOutcome::Cancelled,
        MeetingOutcome::Moved,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MeetingOutcome::Held => "held",
            MeetingOutcome::Cancelled => "cancelled",
            MeetingOutcome::Moved => "moved",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// The messages sent about one meeting, for outbox de-duplication keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingMessage {
    /// The agenda to one participant.
    Agenda,
    /// The gentle reminder to one participant.
    AgendaReminder,
    /// The agenda draft to the caseworker.
    Draft,
    /// "Blev mødet holdt?" to the caseworker.
    OutcomeQuestion,
    /// "Hvordan var mødet for dig?" to one participant who attended.
    RatingQuestion,
    /// "The meeting is cancelled" to one participant.
    CancelledNotice,
    /// "The meeting has moved" to one participant (the agenda follows with the new revision).
    MovedNotice,
}

impl MeetingMessage {
    pub fn key(self) -> &'static str {
        match self {
            MeetingMessage::Agenda => "agenda",
            MeetingMessage::AgendaReminder => "agenda_reminder",
            MeetingMessage::Draft => "draft",
            MeetingMessage::OutcomeQuestion => "outcome",
            MeetingMessage::RatingQuestion => "rating",
            MeetingMessage::CancelledNotice => "cancelled",
            MeetingMessage::MovedNotice => "moved",
        }
    }

    /// `meeting:<id>:<revision>:<message>:<recipient>`. `revision` counts the moves, so a
    /// moved meeting's agenda goes out again while a restart never repeats a message.
    pub fn dedup_key(self, meeting: MeetingId, revision: u32, recipient: i64) -> String {
        format!("meeting:{meeting}:{revision}:{}:{recipient}", self.key())
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing the caseworker's input
// ---------------------------------------------------------------------------------------------

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `2026-12-03`, `3/12`, `3/12-2026`, `3.12.2026` or the like.
    #[error("not a date")]
    Malformed,
    /// Shaped like a date, but no such day (31/4, 2027-02-29).
    #[error("no such date")]
    NoSuchDate,
    /// A date with a year that has already passed.
    #[error("the date has passed")]
    InPast,
    /// More than [`MAX_DAYS_AHEAD`] days ahead.
    #[error("the date is too far ahead")]
    TooFarAhead,
}

/// Parses a meeting date typed by a caseworker, relative to `today` (local date).
///
/// * `2026-12-03` (ISO, also `2026-12-3`);
/// * `3/12` or `3.12` (day/month, the Danish order): the next such date that is not in the past
///   — today counts, so `3/12` typed on 3 December is today; typed on 4 December it is next
///   year's;
/// * `3/12-2026`, `3/12/2026`, `3.12.2026`, `03-12-2026`, `3/12/26` (two-digit years are
///   20xx). A trailing dot (`3.12.`) is ignored.
///
/// A date with a year must not be in the past; no date may be more than [`MAX_DAYS_AHEAD`]
/// days ahead.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let parts: Vec<&str> = trimmed.split(['/', '.', '-']).collect();
    let numeric = |s: &str, max_len: usize| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Malformed);
        }
        s.parse().map_err(|_| DateError::Malformed)
    };
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let year = i32::try_from(numeric(y, 4)?).map_err(|_| DateError::Malformed)?;
            let date =
                NaiveDate::from_ymd_opt(year, numeric(m, 2)?, numeric(d, 2)?).ok_or(DateError::NoSuchDate)?;
            if date < today {
                return Err(DateError::InPast);
            }
            date
        }
        [d, m, y] if y.len() == 4 || y.len() == 2 => {
            let short = numeric(y, 4)?;
            let year = if y.len() == 2 { 2000 + short } else { short };
            let year = i32::try_from(year).map_err(|_| DateError::Malformed)?;
            let date =
                NaiveDate::from_ymd_opt(year, numeric(m, 2)?, numeric(d, 2)?).ok_or(DateError::NoSuchDate)?;
            if date < today {
                return Err(DateError::InPast);
            }
            date
        }
        [d, m] => {
            let (day, month) = (numeric(d, 2)?, numeric(m, 2)?);
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                return Err(DateError::NoSuchDate);
            }
            [today.year(), today.year() + 1]
                .into_iter()
                .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
                .find(|date| *date >= today)
                .ok_or(DateError::NoSuchDate)?
        }
        _ => return Err(DateError::Malformed),
    };
    let latest = today
        .checked_add_days(Days::new(MAX_DAYS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    if date > latest {
        return Err(DateError::TooFarAhead);
    }
    Ok(date)
}

/// Why a time of day was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not `14:00`, `14.00`, `14`, `1400` or `kl. 14`.
    #[error("not a time of day")]
    Malformed,
    /// Shaped like a time, but out of range (25:00, 14:75).
    #[error("no such time of day")]
    NoSuchTime,
}

/// Parses a time of day: `14:00`, `14.00`, `14`, `9`, `9.30`, `0930`, `1400`, optionally with
/// a leading `kl.`/`kl` (`kl. 14`). Minutes must have two digits.
pub fn parse_time(input: &str) -> Result<NaiveTime, TimeError> {
    let lower = input.trim().to_lowercase();
    let rest = lower
        .strip_prefix("kl.")
        .or_else(|| lower.strip_prefix("kl"))
        .unwrap_or(&lower)
        .trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (hour, minute) = match rest.split_once([':', '.']) {
        Some((h, m)) if digits(h) && h.len() <= 2 && digits(m) && m.len() == 2 => (h, m),
        Some(_) => return Err(TimeError::Malformed),
        None if digits(rest) && rest.len() <= 2 => (rest, "00"),
        None if digits(rest) && rest.len() == 4 => rest.split_at(2),
        None => return Err(TimeError::Malformed),
    };
    let hour: u32 = hour.parse().map_err(|_| TimeError::Malformed)?;
    let minute: u32 = minute.parse().map_err(|_| TimeError::Malformed)?;
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or(TimeError::NoSuchTime)
}

/// The UTC instant of a meeting on `date` at `time` on the local wall clock of `tz`.
///
/// DST-safe and total: a time inside the spring-forward gap moves forward by the gap (02:30
/// becomes 03:30 summer time); a time that happens twice in the autumn means the earlier
/// instant (summer time).
pub fn meeting_instant(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    resolve_local(tz, date.and_time(time))
}

/// Why a date and time for a meeting were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error(transparent)]
    Date(#[from] DateError),
    #[error(transparent)]
    Time(#[from] TimeError),
    /// The date is today, but the time has passed.
    #[error("the time has passed")]
    InPast,
}

/// Date and time typed by the caseworker (as in `/moede` or after "Flyttet") → the meeting's
/// instant, which must be after `now`.
pub fn parse_when(date: &str, time: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let today = now.with_timezone(&tz).date_naive();
    let date = parse_date(date, today)?;
    let time = parse_time(time)?;
    let at = meeting_instant(date, time, tz);
    if at <= now {
        return Err(WhenError::InPast);
    }
    Ok(at)
}

/// Parses the answer to "Hvornår er mødet flyttet til?": `<dato> <tid>`, e.g. `10/12 14:00`
/// or `10/12 kl. 14`.
pub fn parse_new_time(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let mut words = input.split_whitespace();
    let date = words.next().unwrap_or("");
    let time: Vec<&str> = words.collect();
    parse_when(date, &time.join(" "), now, tz)
}

/// A meeting place: trimmed, at most [`PLACE_MAX`] characters, no CPR numbers; empty → none.
pub fn parse_place(input: &str) -> Result<Option<String>, TextError> {
    match clean_line(input, PLACE_MAX) {
        Ok(place) => Ok(Some(place)),
        Err(TextError::Empty) => Ok(None),
        Err(other) => Err(other),
    }
}

/// A parsed `/moede <kode> <type> <dato> <tid> [sted]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRequest {
    /// The case code as typed; the handler parses it with `CaseCode::parse`.
    pub code: String,
    pub kind: MeetingKind,
    pub at: DateTime<Utc>,
    pub place: Option<String>,
}

/// Why `/moede` was refused; each variant names the part the caseworker must fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingCommandError {
    /// Fewer than code, kind, date and time.
    #[error("missing parts")]
    MissingParts,
    #[error(transparent)]
    Kind(#[from] UnknownMeetingKind),
    #[error(transparent)]
    When(#[from] WhenError),
    #[error("invalid place: {0}")]
    Place(TextError),
}

/// Parses the arguments of `/moede <kode> <type> <dato> <tid> [sted]` (everything after the
/// command). A `kl.` before the time is allowed (`3/12 kl. 14`); the place is the rest of the
/// line.
pub fn parse_meeting_command(
    args: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<MeetingRequest, MeetingCommandError> {
    let mut words = args.split_whitespace().peekable();
    let (Some(code), Some(kind), Some(date)) = (words.next(), words.next(), words.next()) else {
        return Err(MeetingCommandError::MissingParts);
    };
    if words
        .peek()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "kl" | "kl."))
    {
        words.next();
    }
    let Some(time) = words.next() else {
        return Err(MeetingCommandError::MissingParts);
    };
    let kind = MeetingKind::parse(kind)?;
    let at = parse_when(date, time, now, tz)?;
    let rest: Vec<&str> = words.collect();
    let place = parse_place(&rest.join(" ")).map_err(MeetingCommandError::Place)?;
    Ok(MeetingRequest {
        code: code.to_string(),
        kind,
        at,
        place,
    })
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

/// When the agenda goes to the participants: `days_before` days before the meeting's local
/// date at [`AGENDA_SEND_TIME`] — or at once (`created_at`) when the meeting is less than
/// `days_before` days ahead, or that moment has already passed. For a moved meeting pass the
/// time of the move as `created_at`.
pub fn agenda_send_at(
    meeting_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    days_before: u32,
    tz: Tz,
) -> DateTime<Utc> {
    let soon = meeting_at - created_at < TimeDelta::days(i64::from(days_before));
    match local_days_before(meeting_at, days_before, AGENDA_SEND_TIME, tz) {
        Some(at) if !soon && at > created_at && at < meeting_at => at,
        _ => created_at,
    }
}

/// When the gentle reminder goes to participants who have not answered: `days_before` days
/// before the meeting's local date at [`AGENDA_SEND_TIME`]. `None` when that is not at least
/// [`AGENDA_REMINDER_MIN_GAP`] after the agenda went out (`agenda_at`, from
/// [`agenda_send_at`]) or not before the meeting.
pub fn agenda_reminder_at(
    meeting_at: DateTime<Utc>,
    agenda_at: DateTime<Utc>,
    days_before: u32,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    local_days_before(meeting_at, days_before, AGENDA_SEND_TIME, tz)
        .filter(|at| *at >= agenda_at + AGENDA_REMINDER_MIN_GAP && *at < meeting_at)
}

/// When the caseworker gets the agenda draft: `working_days_before` working days before the
/// meeting's local date (so a Monday meeting's draft comes on Friday, not on Sunday) at
/// [`DRAFT_TIME`] — or at once (`created_at`) when that has already passed or is not before
/// the meeting. With 0 it is the meeting day itself at 08:00.
pub fn draft_at(
    meeting_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    working_days_before: u32,
    tz: Tz,
) -> DateTime<Utc> {
    let meeting_date = meeting_at.with_timezone(&tz).date_naive();
    let draft_date = sub_working_days(meeting_date, working_days_before);
    let at = resolve_local(tz, draft_date.and_time(DRAFT_TIME));
    if at > created_at && at < meeting_at {
        at
    } else {
        created_at
    }
}

/// When the caseworker is asked Holdt · Aflyst · Flyttet: [`OUTCOME_QUESTION_DELAY`] after
/// the meeting started.
pub fn outcome_question_at(meeting_at: DateTime<Utc>) -> DateTime<Utc> {
    meeting_at + OUTCOME_QUESTION_DELAY
}

/// `time` on the local date `days` days before the meeting's local date.
fn local_days_before(meeting_at: DateTime<Utc>, days: u32, time: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    let date = meeting_at
        .with_timezone(&tz)
        .date_naive()
        .checked_sub_days(Days::new(u64::from(days)))?;
    Some(resolve_local(tz, date.and_time(time)))
}

/// The date `n` working days before `date` (`n = 0`: `date` itself).
fn sub_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut current = date;
    let mut remaining = n;
    while remaining > 0 {
        let Some(previous) = current.pred_opt() else {
            return current;
        };
        current = previous;
        if is_working_day(current) {
            remaining -= 1;
        }
    }
    current
}

// ---------------------------------------------------------------------------------------------
// Wishes ("se ske")
// ---------------------------------------------------------------------------------------------

/// Why wishes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WishError {
    /// Nothing but empty lines and bullets.
    #[error("no wishes")]
    Empty,
    /// More than [`MAX_WISHES`] in total; `room` is how many could still be added.
    #[error("more than {max} wishes")]
    TooMany { max: usize, room: usize },
    /// One wish is too long or looks like a CPR number.
    #[error("invalid wish: {0}")]
    Text(TextError),
}

/// Up to [`MAX_WISHES`] short texts one participant wants to "see happen" for the young
/// person, each trimmed, at most [`WISH_MAX_CHARS`] characters and without CPR numbers.
/// Stored as a JSON array of strings; invalid stored data is refused on load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Wishes(Vec<String>);

impl Wishes {
    /// Validates a list of wishes (e.g. from the database). Empty texts are refused.
    pub fn new<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> Result<Self, WishError> {
        let mut out = Vec::new();
        for text in texts {
            out.push(clean_line(text.as_ref(), WISH_MAX_CHARS).map_err(WishError::Text)?);
        }
        if out.len() > MAX_WISHES {
            return Err(WishError::TooMany {
                max: MAX_WISHES,
                room: MAX_WISHES,
            });
        }
        Ok(Wishes(out))
    }

    /// Reads the wishes in one chat message: one per line; list markers (`-`, `•`, `*`, `1.`,
    /// `2)`) and empty lines are dropped.
    pub fn parse_message(text: &str) -> Result<Self, WishError> {
        Wishes::default().add_message(text)
    }

    /// The wishes after adding those in a new message (participants may send them one at a
    /// time). A wish already there (same text, ignoring case) is not added twice. Refused as a
    /// whole when the total would exceed [`MAX_WISHES`].
    pub fn add_message(&self, text: &str) -> Result<Self, WishError> {
        let mut out = self.0.clone();
        let mut added = false;
        for line in text.lines() {
            let line = strip_list_marker(line);
            let wish = match clean_line(line, WISH_MAX_CHARS) {
                Ok(wish) => wish,
                Err(TextError::Empty) => continue,
                Err(other) => return Err(WishError::Text(other)),
            };
            added = true;
            if !out.iter().any(|w| w.to_lowercase() == wish.to_lowercase()) {
                out.push(wish);
            }
        }
        if !added {
            return Err(WishError::Empty);
        }
        if out.len() > MAX_WISHES {
            return Err(WishError::TooMany {
                max: MAX_WISHES,
                room: MAX_WISHES - self.0.len().min(MAX_WISHES),
            });
        }
        Ok(Wishes(out))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// No room for more.
    pub fn is_full(&self) -> bool {
        self.0.len() >= MAX_WISHES
    }
}

impl TryFrom<Vec<String>> for Wishes {
    type Error = WishError;

    fn try_from(texts: Vec<String>) -> Result<Self, Self::Error> {
        Wishes::new(texts)
    }
}

impl From<Wishes> for Vec<String> {
    fn from(wishes: Wishes) -> Self {
        wishes.0
    }
}

/// `"- a"`, `"• a"`, `"* a"`, `"1. a"`, `"2) a"` → `"a"`; anything else unchanged (also
/// `"3 gange om ugen"`: a number without `.`/`)` is text).
fn strip_list_marker(line: &str) -> &str {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix(['-', '•', '*', '–', '·']) {
        return rest;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits)
        && let Some(rest) = line[digits..].strip_prefix(['.', ')'])
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        return rest;
    }
    line
}

// ---------------------------------------------------------------------------------------------
// Meeting ratings ("Hvordan var mødet for dig?")
// ---------------------------------------------------------------------------------------------

/// A rating outside 0–10.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("meeting rating {0} is outside 0–10")]
pub struct RatingOutOfRange(pub i64);

/// One participant's answer to "Hvordan var mødet for dig?", 0–[`RATING_MAX`]. 10 is best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct MeetingRating(u8);

impl MeetingRating {
    pub fn new(value: i64) -> Result<Self, RatingOutOfRange> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= RATING_MAX)
            .map(MeetingRating)
            .ok_or(RatingOutOfRange(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Something to talk about at the next meeting (never an alert): below
    /// [`RATING_TALK_BELOW`] (9), or lower than the same person's previous rating.
    pub fn worth_talking_about(self, previous: Option<MeetingRating>) -> bool {
        self.0 < RATING_TALK_BELOW || previous.is_some_and(|p| self.0 < p.0)
    }
}

impl TryFrom<i64> for MeetingRating {
    type Error = RatingOutOfRange;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        MeetingRating::new(value)
    }
}

impl From<MeetingRating> for i64 {
    fn from(rating: MeetingRating) -> Self {
        i64::from(rating.0)
    }
}

impl fmt::Display for MeetingRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Copenhagen as CPH;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

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

    #[test]
    fn meeting_kinds_are_understood_with_and_without_danish_letters() {
        use MeetingKind::*;
        let cases = [
            ("kaffe", Some(Coffee)),
            ("Kaffemøde", Some(Coffee)),
            ("kaffemoede", Some(Coffee)),
            ("opstart", Some(StartUp)),
            ("opstartsmøde", Some(StartUp)),
            ("handleplan", Some(Plan)),
            ("handleplansmøde", Some(Plan)),
            ("opfoelgning", Some(FollowUp)),
            ("opfølgning", Some(FollowUp)),
            ("OPFØLGNING", Some(FollowUp)),
            ("opfolgning", Some(FollowUp)),
            ("opfølgningsmøde", Some(FollowUp)),
            ("netvaerk", Some(Network)),
            ("netværk", Some(Network)),
            ("netværksmøde", Some(Network)),
            (" netvaerk ", Some(Network)),
            ("møde", None),
            ("moede", None),
            ("fest", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(MeetingKind::parse(input).ok(), expected, "{input:?}");
        }
    }

    #[test]
    fn meeting_kind_keys_round_trip_and_match_the_serde_names() {
        for kind in MeetingKind::ALL {
            assert_eq!(MeetingKind::parse(kind.key()), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.key());
        }
        assert_eq!(
            MeetingKind::parse("fest"),
            Err(UnknownMeetingKind("fest".to_string()))
        );
    }

    #[test]
    fn follow_up_and_plan_meetings_count_as_the_statutory_follow_up() {
        let counted: Vec<MeetingKind> = MeetingKind::ALL
            .into_iter()
            .filter(|k| k.is_statutory_follow_up())
            .collect();
        assert_eq!(counted, vec![MeetingKind::Plan, MeetingKind::FollowUp]);
    }

    #[test]
    fn dates_are_read_as_day_month_and_never_in_the_past() {
        let today = d(2026, 11, 25);
        let cases: &[(&str, Result<NaiveDate, DateError>)] = &[
            ("2026-12-03", Ok(d(2026, 12, 3))),
            ("2026-12-3", Ok(d(2026, 12, 3))),
            ("3/12", Ok(d(2026, 12, 3))),
            ("03/12", Ok(d(2026, 12, 3))),
            ("3.12", Ok(d(2026, 12, 3))),
            ("3.12.", Ok(d(2026, 12, 3))),
            ("3/12-2026", Ok(d(2026, 12, 3))),
            ("3/12/2026", Ok(d(2026, 12, 3))),
            ("3.12.2026", Ok(d(2026, 12, 3))),
            ("03-12-2026", Ok(d(2026, 12, 3))),
            ("3/12/26", Ok(d(2026, 12, 3))),
            (" 3/12 ", Ok(d(2026, 12, 3))),
            // Today counts; yesterday's day/month means next year.
            ("25/11", Ok(d(2026, 11, 25))),
            ("24/11", Ok(d(2027, 11, 24))),
            ("5/1", Ok(d(2027, 1, 5))),
            ("2027-01-05", Ok(d(2027, 1, 5))),
            // Past dates with a year are refused.
            ("2026-11-24", Err(DateError::InPast)),
            ("24/11-2026", Err(DateError::InPast)),
            // No such day.
            ("31/4", Err(DateError::NoSuchDate)),
            ("32/1", Err(DateError::NoSuchDate)),
            ("1/13", Err(DateError::NoSuchDate)),
            ("2027-02-29", Err(DateError::NoSuchDate)),
            // 29 February exists in neither 2026 nor 2027.
            ("29/2", Err(DateError::NoSuchDate)),
            // Too far ahead.
            ("2028-01-05", Err(DateError::TooFarAhead)),
            // Not dates.
            ("", Err(DateError::Malformed)),
            ("tirsdag", Err(DateError::Malformed)),
            ("3/", Err(DateError::Malformed)),
            ("3", Err(DateError::Malformed)),
            ("3/12/2026/1", Err(DateError::Malformed)),
            ("3/12/202", Err(DateError::Malformed)),
            ("a/12", Err(DateError::Malformed)),
            ("+3/12", Err(DateError::Malformed)),
            ("123/12", Err(DateError::Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_date(input, today), *expected, "{input:?}");
        }
    }

    #[test]
    fn leap_day_is_found_in_a_leap_year() {
        assert_eq!(parse_date("29/2", d(2027, 6, 1)), Ok(d(2028, 2, 29)));
        assert_eq!(parse_date("29/2", d(2028, 2, 29)), Ok(d(2028, 2, 29)));
    }

    #[test]
    fn times_are_read_with_colon_dot_or_whole_hours() {
        let cases: &[(&str, Result<NaiveTime, TimeError>)] = &[
            ("14:00", Ok(t(14, 0))),
            ("14.00", Ok(t(14, 0))),
            ("14", Ok(t(14, 0))),
            ("9", Ok(t(9, 0))),
            ("09:30", Ok(t(9, 30))),
            ("9.30", Ok(t(9, 30))),
            ("1400", Ok(t(14, 0))),
            ("0930", Ok(t(9, 30))),
            ("kl. 14", Ok(t(14, 0))),
            ("kl.14.15", Ok(t(14, 15))),
            ("Kl 8", Ok(t(8, 0))),
            ("0", Ok(t(0, 0))),
            ("23:59", Ok(t(23, 59))),
            ("24:00", Err(TimeError::NoSuchTime)),
            ("25", Err(TimeError::NoSuchTime)),
            ("14:60", Err(TimeError::NoSuchTime)),
            ("2400", Err(TimeError::NoSuchTime)),
            ("14:5", Err(TimeError::Malformed)),
            ("14:000", Err(TimeError::Malformed)),
            ("140", Err(TimeError::Malformed)),
            ("14:00:00", Err(TimeError::Malformed)),
            ("2pm", Err(TimeError::Malformed)),
            ("", Err(TimeError::Malformed)),
            ("kl.", Err(TimeError::Malformed)),
            (":30", Err(TimeError::Malformed)),
            ("-1", Err(TimeError::Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_time(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn meeting_instants_follow_the_local_wall_clock_across_dst() {
        let cases = [
            // Winter time (UTC+1) and summer time (UTC+2).
            (d(2026, 12, 3), t(14, 0), "2026-12-03T13:00:00Z"),
            (d(2027, 3, 29), t(9, 0), "2027-03-29T07:00:00Z"),
            (d(2027, 3, 27), t(9, 0), "2027-03-27T08:00:00Z"),
            // Spring forward on 28 March 2027: 02:30 does not exist → 03:30 summer time.
            (d(2027, 3, 28), t(2, 30), "2027-03-28T01:30:00Z"),
            // Fall back on 31 October 2027: 02:30 happens twice → the earlier (summer time).
            (d(2027, 10, 31), t(2, 30), "2027-10-31T00:30:00Z"),
            (d(2027, 10, 31), t(9, 0), "2027-10-31T08:00:00Z"),
        ];
        for (date, time, expected) in cases {
            assert_eq!(meeting_instant(date, time, CPH), utc(expected), "{date} {time}");
        }
    }

    #[test]
    fn the_meeting_command_is_parsed_part_by_part() {
        let now = cph(2026, 11, 25, 10, 0);
        let ok = parse_meeting_command("K-7F2Q opfølgning 3/12 14:00 Rådhuset, lokale 2", now, CPH).unwrap();
        assert_eq!(
            ok,
            MeetingRequest {
                code: "K-7F2Q".to_string(),
                kind: MeetingKind::FollowUp,
                at: cph(2026, 12, 3, 14, 0),
                place: Some("Rådhuset, lokale 2".to_string()),
            }
        );
        let with_kl = parse_meeting_command("K-7F2Q kaffe 3/12 kl. 14", now, CPH).unwrap();
        assert_eq!((with_kl.at, with_kl.place), (cph(2026, 12, 3, 14, 0), None));

        type Expected = Result<(), MeetingCommandError>;
        let cases: Vec<(&str, Expected)> = vec![
            ("K-7F2Q netvaerk 2026-12-03 14.00", Ok(())),
            ("", Err(MeetingCommandError::MissingParts)),
            ("K-7F2Q kaffe 3/12", Err(MeetingCommandError::MissingParts)),
            ("K-7F2Q kaffe 3/12 kl.", Err(MeetingCommandError::MissingParts)),
            (
                "K-7F2Q fest 3/12 14",
                Err(MeetingCommandError::Kind(UnknownMeetingKind("fest".into()))),
            ),
            (
                "K-7F2Q kaffe 31/11 14",
                Err(MeetingCommandError::When(WhenError::Date(DateError::NoSuchDate))),
            ),
            (
                "K-7F2Q kaffe 3/12 25",
                Err(MeetingCommandError::When(WhenError::Time(TimeError::NoSuchTime))),
            ),
            // Today, but earlier than now.
            (
                "K-7F2Q kaffe 25/11 9",
                Err(MeetingCommandError::When(WhenError::InPast)),
            ),
            (
                "K-7F2Q kaffe 3/12 14 Mor 010203-1234",
                Err(MeetingCommandError::Place(TextError::LooksLikeCpr)),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_meeting_command(input, now, CPH).map(|_| ()),
                expected,
                "{input:?}"
            );
        }
        let long_place = format!("K-7F2Q kaffe 3/12 14 {}", "x".repeat(PLACE_MAX + 1));
        assert_eq!(
            parse_meeting_command(&long_place, now, CPH),
            Err(MeetingCommandError::Place(TextError::TooLong { max: PLACE_MAX }))
        );
    }

    #[test]
    fn a_moved_meeting_gets_its_new_time_from_one_line() {
        let now = cph(2026, 12, 3, 16, 0);
        let cases: &[(&str, Result<DateTime<Utc>, WhenError>)] = &[
            ("10/12 14:00", Ok(cph(2026, 12, 10, 14, 0))),
            ("10/12 kl. 9.30", Ok(cph(2026, 12, 10, 9, 30))),
            ("3/12 17", Ok(cph(2026, 12, 3, 17, 0))),
            ("3/12 15", Err(WhenError::InPast)),
            ("10/12", Err(WhenError::Time(TimeError::Malformed))),
            ("", Err(WhenError::Date(DateError::Malformed))),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_new_time(input, now, CPH), *expected, "{input:?}");
        }
    }

    #[test]
    fn meeting_status_transitions_follow_the_life_cycle() {
        use MeetingStatus::*;
        use MeetingTransitionError as E;
        let at = cph(2026, 12, 3, 14, 0);
        let before = at - TimeDelta::minutes(1);
        let after = at + TimeDelta::hours(2);
        let later = at + TimeDelta::days(7);
        type Case = (
            &'static str,
            MeetingStatus,
            MeetingOutcome,
            Option<DateTime<Utc>>,
            DateTime<Utc>,
            Result<MeetingStatus, MeetingTransitionError>,
        );
        let cases: [Case; 13] = [
            (
                "held after it started",
                Planned,
                MeetingOutcome::Held,
                None,
                after,
                Ok(Held),
            ),
            (
                "held at the minute it starts",
                Planned,
                MeetingOutcome::Held,
                None,
                at,
                Ok(Held),
            ),
            (
                "held before it started",
                Planned,
                MeetingOutcome::Held,
                None,
                before,
                Err(E::NotStarted),
            ),
            (
                "cancelled before",
                Planned,
                MeetingOutcome::Cancelled,
                None,
                before,
                Ok(Cancelled),
            ),
            (
                "cancelled after",
                Planned,
                MeetingOutcome::Cancelled,
                None,
                after,
                Ok(Cancelled),
            ),
            (
                "moved to a later time",
                Planned,
                MeetingOutcome::Moved,
                Some(later),
                after,
                Ok(Planned),
            ),
            (
                "moved into the past",
                Planned,
                MeetingOutcome::Moved,
                Some(at),
                after,
                Err(E::NewTimeInPast),
            ),
            (
                "moved without a time",
                Planned,
                MeetingOutcome::Moved,
                None,
                after,
                Err(E::NewTimeMissing),
            ),
            (
                "held twice",
                Held,
                MeetingOutcome::Held,
                None,
                after,
                Err(E::Invalid { from: Held, to: Held }),
            ),
            (
                "held after cancelled",
                Cancelled,
                MeetingOutcome::Held,
                None,
                after,
                Err(E::Invalid {
                    from: Cancelled,
                    to: Held,
                }),
            ),
            (
                "cancelled after held",
                Held,
                MeetingOutcome::Cancelled,
                None,
                after,
                Err(E::Invalid {
                    from: Held,
                    to: Cancelled,
                }),
            ),
            (
                "cancelled twice",
                Cancelled,
                MeetingOutcome::Cancelled,
                None,
                after,
                Err(E::Invalid {
                    from: Cancelled,
                    to: Cancelled,
                }),
            ),
            (
                "moved after held",
                Held,
                MeetingOutcome::Moved,
                Some(later),
                after,
                Err(E::Invalid {
                    from: Held,
                    to: Planned,
                }),
            ),
        ];
        for (name, from, outcome, new_at, now, expected) in cases {
            assert_eq!(from.apply(outcome, at, new_at, now), expected, "{name}");
        }
    }

    #[test]
    fn pressing_the_same_answer_twice_is_recognised_as_a_repeat() {
        use MeetingStatus::*;
        let at = cph(2026, 12, 3, 14, 0);
        assert!(Held.hold(at, at).unwrap_err().is_repeat());
        assert!(Cancelled.cancel().unwrap_err().is_repeat());
        assert!(!Held.cancel().unwrap_err().is_repeat());
        assert!(
            !Planned
                .hold(at, at - TimeDelta::hours(1))
                .unwrap_err()
                .is_repeat()
        );
    }

    #[test]
    fn status_and_outcome_keys_round_trip() {
        for s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::parse(s.key()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
        }
        for o in MeetingOutcome::ALL {
            assert_eq!(MeetingOutcome::parse(o.key()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.key());
        }
        assert_eq!(MeetingStatus::parse("moved"), None);
        assert_eq!(MeetingOutcome::parse("holdt"), None);
        assert!(MeetingStatus::Planned.is_planned() && !MeetingStatus::Held.is_planned());
    }

    #[test]
    fn dedup_keys_change_when_the_meeting_moves() {
        let key = MeetingMessage::Agenda.dedup_key(MeetingId(12), 0, 77);
        assert_eq!(key, "meeting:12:0:agenda:77");
        assert_ne!(key, MeetingMessage::Agenda.dedup_key(MeetingId(12), 1, 77));
        assert_ne!(
            key,
            MeetingMessage::AgendaReminder.dedup_key(MeetingId(12), 0, 77)
        );
    }

    #[test]
    fn the_agenda_goes_out_five_days_before_or_at_once() {
        // Thursday 3 December 2026 14:00.
        let meeting = cph(2026, 12, 3, 14, 0);
        let cases = [
            (
                "planned weeks ahead",
                cph(2026, 11, 1, 10, 0),
                cph(2026, 11, 28, 16, 0),
            ),
            (
                "planned the evening before day −5",
                cph(2026, 11, 27, 20, 0),
                cph(2026, 11, 28, 16, 0),
            ),
            (
                "planned on day −5 before 16:00",
                cph(2026, 11, 28, 9, 0),
                cph(2026, 11, 28, 16, 0),
            ),
            // 4 days 22 hours ahead: less than five days → at once.
            (
                "planned on day −5 at 16:00",
                cph(2026, 11, 28, 16, 0),
                cph(2026, 11, 28, 16, 0),
            ),
            (
                "planned on day −5 after 16:00",
                cph(2026, 11, 28, 18, 0),
                cph(2026, 11, 28, 18, 0),
            ),
            (
                "planned two days ahead",
                cph(2026, 12, 1, 11, 0),
                cph(2026, 12, 1, 11, 0),
            ),
            (
                "planned the same day",
                cph(2026, 12, 3, 8, 0),
                cph(2026, 12, 3, 8, 0),
            ),
        ];
        for (name, created, expected) in cases {
            assert_eq!(
                agenda_send_at(meeting, created, AGENDA_DAYS_BEFORE, CPH),
                expected,
                "{name}"
            );
        }
        // Configurable: 7 days.
        assert_eq!(
            agenda_send_at(meeting, cph(2026, 11, 1, 10, 0), 7, CPH),
            cph(2026, 11, 26, 16, 0)
        );
        // 0 days before, meeting in the morning: the 16:00 slot would be after it → at once.
        let morning = cph(2026, 12, 3, 9, 0);
        let created = cph(2026, 11, 1, 10, 0);
        assert_eq!(agenda_send_at(morning, created, 0, CPH), created);
    }

    #[test]
    fn the_agenda_for_a_meeting_just_after_spring_forward_keeps_the_local_hour() {
        // Monday 29 March 2027 09:00 summer time; day −5 is Wednesday 24 March, winter time.
        let meeting = meeting_instant(d(2027, 3, 29), t(9, 0), CPH);
        assert_eq!(meeting, utc("2027-03-29T07:00:00Z"));
        let created = cph(2027, 3, 1, 10, 0);
        let agenda = agenda_send_at(meeting, created, AGENDA_DAYS_BEFORE, CPH);
        assert_eq!(agenda, utc("2027-03-24T15:00:00Z"));
        assert_eq!(agenda.with_timezone(&CPH).time(), AGENDA_SEND_TIME);
        // Reminder two days before: Saturday 27 March, still winter time.
        let reminder = agenda_reminder_at(meeting, agenda, AGENDA_REMINDER_DAYS_BEFORE, CPH);
        assert_eq!(reminder, Some(utc("2027-03-27T15:00:00Z")));
        // Draft: the working day before Monday 29 March (2. påskedag) is Wednesday 24 March
        // (skærtorsdag, langfredag and the weekend are skipped), 08:00 winter time.
        let draft = draft_at(meeting, created, DRAFT_WORKING_DAYS_BEFORE, CPH);
        assert_eq!(draft, utc("2027-03-24T07:00:00Z"));
        assert_eq!(outcome_question_at(meeting), utc("2027-03-29T09:00:00Z"));
    }

    #[test]
    fn the_agenda_reminder_comes_two_days_before_unless_it_would_follow_the_agenda_too_closely() {
        let meeting = cph(2026, 12, 3, 14, 0);
        let cases = [
            (
                "agenda five days before",
                cph(2026, 11, 28, 16, 0),
                Some(cph(2026, 12, 1, 16, 0)),
            ),
            (
                "agenda exactly a day before the reminder",
                cph(2026, 11, 30, 16, 0),
                Some(cph(2026, 12, 1, 16, 0)),
            ),
            ("agenda the morning of day −2", cph(2026, 12, 1, 9, 0), None),
            ("agenda after the reminder time", cph(2026, 12, 2, 10, 0), None),
        ];
        for (name, agenda, expected) in cases {
            assert_eq!(
                agenda_reminder_at(meeting, agenda, AGENDA_REMINDER_DAYS_BEFORE, CPH),
                expected,
                "{name}"
            );
        }
        // A reminder time that is not before the meeting is skipped.
        let early = cph(2026, 12, 3, 9, 0);
        assert_eq!(agenda_reminder_at(early, cph(2026, 11, 1, 9, 0), 0, CPH), None);
    }

    #[test]
    fn the_draft_comes_the_working_day_before_at_eight() {
        let created = cph(2026, 11, 1, 10, 0);
        let cases = [
            // Thursday → Wednesday.
            (
                "thursday meeting",
                cph(2026, 12, 3, 14, 0),
                created,
                cph(2026, 12, 2, 8, 0),
            ),
            // Monday → the Friday before.
            (
                "monday meeting",
                cph(2026, 12, 7, 10, 0),
                created,
                cph(2026, 12, 4, 8, 0),
            ),
            // Monday 28 Dec 2026 → Wednesday 23 Dec (24–27 Dec are not working days).
            (
                "after christmas",
                cph(2026, 12, 28, 10, 0),
                created,
                cph(2026, 12, 23, 8, 0),
            ),
            // Created after the draft time → at once.
            (
                "created the day before",
                cph(2026, 12, 3, 14, 0),
                cph(2026, 12, 2, 11, 0),
                cph(2026, 12, 2, 11, 0),
            ),
            (
                "created an hour before",
                cph(2026, 12, 3, 14, 0),
                cph(2026, 12, 3, 13, 0),
                cph(2026, 12, 3, 13, 0),
            ),
        ];
        for (name, meeting, created, expected) in cases {
            assert_eq!(
                draft_at(meeting, created, DRAFT_WORKING_DAYS_BEFORE, CPH),
                expected,
                "{name}"
            );
        }
        // Configurable: two working days; and zero = the meeting day at 08:00.
        let thursday = cph(2026, 12, 3, 14, 0);
        assert_eq!(draft_at(thursday, created, 2, CPH), cph(2026, 12, 1, 8, 0));
        assert_eq!(draft_at(thursday, created, 0, CPH), cph(2026, 12, 3, 8, 0));
        // Zero days and a meeting before 08:00: at once.
        let early = cph(2026, 12, 3, 7, 30);
        assert_eq!(draft_at(early, created, 0, CPH), created);
    }

    #[test]
    fn the_outcome_question_comes_two_hours_after_the_start() {
        let cases = [
            (cph(2026, 12, 3, 14, 0), cph(2026, 12, 3, 16, 0)),
            // Across the autumn change: two real hours.
            (utc("2027-10-31T00:30:00Z"), utc("2027-10-31T02:30:00Z")),
        ];
        for (meeting, expected) in cases {
            assert_eq!(outcome_question_at(meeting), expected);
        }
    }

    #[test]
    fn wishes_are_read_one_per_line_without_list_markers() {
        let cases: &[(&str, Result<&[&str], WishError>)] = &[
            ("Lea kommer i skole", Ok(&["Lea kommer i skole"])),
            (
                "1. Mere ro om morgenen\n2) En fast voksen\n- Fodbold igen",
                Ok(&["Mere ro om morgenen", "En fast voksen", "Fodbold igen"]),
            ),
            ("• a\n\n  \n* b", Ok(&["a", "b"])),
            ("3 gange om ugen i skole", Ok(&["3 gange om ugen i skole"])),
            ("a\nA", Ok(&["a"])),
            ("", Err(WishError::Empty)),
            ("-\n•\n1.", Err(WishError::Empty)),
            ("a\nb\nc\nd", Err(WishError::TooMany { max: 3, room: 3 })),
            (
                "ring på 0102031234",
                Err(WishError::Text(TextError::LooksLikeCpr)),
            ),
        ];
        for (input, expected) in cases {
            let got = Wishes::parse_message(input).map(Vec::<String>::from);
            let expected = expected
                .clone()
                .map(|w| w.iter().map(|s| s.to_string()).collect());
            assert_eq!(got, expected, "{input:?}");
        }
        let long = "x".repeat(WISH_MAX_CHARS + 1);
        assert_eq!(
            Wishes::parse_message(&long),
            Err(WishError::Text(TextError::TooLong { max: WISH_MAX_CHARS }))
        );
    }

    #[test]
    fn wishes_can_arrive_one_message_at_a_time_up_to_three() {
        let one = Wishes::parse_message("Mere ro").unwrap();
        let two = one.add_message("En fast voksen").unwrap();
        assert_eq!(two.len(), 2);
        assert!(!two.is_full());
        // The same wish twice (a repeated message) is not added again.
        assert_eq!(two.add_message("en fast voksen").unwrap(), two);
        let three = two.add_message("Fodbold").unwrap();
        assert!(three.is_full());
        assert_eq!(
            three.add_message("En fjerde"),
            Err(WishError::TooMany { max: 3, room: 0 })
        );
        assert_eq!(
            one.add_message("x\ny\nz"),
            Err(WishError::TooMany { max: 3, room: 2 })
        );
    }

    #[test]
    fn wishes_are_stored_as_a_json_array_and_validated_on_load() {
        let wishes = Wishes::parse_message("a\nb").unwrap();
        let json = serde_json::to_string(&wishes).unwrap();
        assert_eq!(json, r#"["a","b"]"#);
        assert_eq!(serde_json::from_str::<Wishes>(&json).unwrap(), wishes);
        assert!(serde_json::from_str::<Wishes>(r#"["a","b","c","d"]"#).is_err());
        assert!(serde_json::from_str::<Wishes>(r#"[""]"#).is_err());
        assert_eq!(serde_json::from_str::<Wishes>("[]").unwrap(), Wishes::default());
    }

    #[test]
    fn a_meeting_rating_below_nine_or_below_the_last_one_is_worth_talking_about() {
        let r = |v| MeetingRating::new(v).unwrap();
        let cases = [
            (10, None, false),
            (9, None, false),
            (8, None, true),
            (0, None, true),
            (9, Some(10), true),
            (9, Some(9), false),
            (10, Some(8), false),
            (8, Some(9), true),
            (8, Some(3), true),
        ];
        for (score, previous, expected) in cases {
            assert_eq!(
                r(score).worth_talking_about(previous.map(r)),
                expected,
                "{score} after {previous:?}"
            );
        }
    }

    #[test]
    fn meeting_ratings_stay_within_zero_to_ten() {
        for (value, ok) in [(-1, false), (0, true), (10, true), (11, false), (300, false)] {
            assert_eq!(MeetingRating::new(value).is_ok(), ok, "{value}");
        }
        assert_eq!(
            serde_json::to_string(&MeetingRating::new(7).unwrap()).unwrap(),
            "7"
        );
        assert!(serde_json::from_str::<MeetingRating>("11").is_err());
    }

    #[test]
    fn places_are_optional_and_checked() {
        assert_eq!(parse_place("  Rådhuset  "), Ok(Some("Rådhuset".to_string())));
        assert_eq!(parse_place("   "), Ok(None));
        assert_eq!(parse_place("010203-1234"), Err(TextError::LooksLikeCpr));
    }
}
