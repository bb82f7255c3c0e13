//! Follow-up between meetings: the follow-up calls after every meeting (opfølgningsopkald), the
//! statutory follow-up of the plan (Barnets Lov §95) and the caseworker's daily digest.
//!
//! Pure: no clock, no database, no user-facing text. Staff routines run on the local wall clock
//! of the municipality; functions that depend on the time of day take `now_local`
//! (`now.with_timezone(&tz).naive_local()`).
//!
//! Staff reminders (calls, statutory follow-up) and the digest go out on working days
//! ([`is_working_day`]: Monday–Friday, no public holidays, not 24/12, 31/12 or 5/6) from
//! [`STAFF_DAY_START`] (08:00). Something that falls due on a weekend or a holiday is reminded
//! on the next working day — except the statutory due-date reminder, which comes on the last
//! working day *before* a due date that is not a working day, so it still warns in time.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::alert_rules::{RuleKind, UnknownKey, Urgency};
use crate::domain::calendar::{add_working_days, is_working_day};
use crate::domain::ids::{AlertId, StaffId};
use crate::domain::meeting::{MeetingId, MeetingKind, meeting_instant};
use crate::domain::schedule::hm;

pub use crate::domain::ids::CallTaskId;

/// Staff reminders and the digest are not sent before this local time.
pub const STAFF_DAY_START: NaiveTime = hm(8, 0);

/// Whether staff reminders may go out at `now_local`: a working day, from 08:00.
fn staff_time(now_local: NaiveDateTime) -> bool {
    is_working_day(now_local.date()) && now_local.time() >= STAFF_DAY_START
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

fn sub_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(NaiveDate::MIN)
}

/// `date` itself if it is a working day, otherwise the next working day.
fn working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    if is_working_day(date) {
        date
    } else {
        add_working_days(date, 1)
    }
}

/// `date` itself if it is a working day, otherwise the last working day before it (at most
/// two weeks back; the calendar never has that many closed days in a row).
fn working_day_on_or_before(date: NaiveDate) -> NaiveDate {
    (0..14)
        .map(|back| sub_days(date, back))
        .find(|d| is_working_day(*d))
        .unwrap_or(date)
}

// ---------------------------------------------------------------------------------------------
// Follow-up calls
// ---------------------------------------------------------------------------------------------

/// A call after a meeting is due this many days after the meeting was held.
pub const CALL_DUE_DAYS: u64 = 14;
/// The first reminder of a call after a meeting comes on this day after the meeting.
pub const CALL_FIRST_REMINDER_DAY: u64 = 10;
/// "Ikke truffet": try again this many days later (moved to the next working day).
pub const CALL_RETRY_DAYS: u64 = 2;
/// "Udskyd" without a date: this many working days later.
pub const CALL_POSTPONE_WORKING_DAYS: u32 = 2;
/// A young person's `/ring` request is due within this many working days.
pub const CONTACT_REQUEST_WORKING_DAYS: u32 = 2;
/// From this age the caseworker is offered a call task for the young person too.
pub const YOUTH_CALL_MIN_AGE: u32 = 15;

/// The fixed question guide for a follow-up call, as Fluent keys in the order asked:
/// "Er indsatsen kommet i gang?", "Bidrager den til en god udvikling?", "Er der sket noget
/// nyt?", "Hvordan vil I gerne have kontakt fremover?".
pub const CALL_QUESTIONS: [&str; 4] = [
    "call-question-started",
    "call-question-helps",
    "call-question-news",
    "call-question-contact",
];

/// Whether the caseworker is offered a call task for the young person as well as the parents
/// when a meeting is marked held: from 15 years.
pub fn should_call_youth(age_years: u32) -> bool {
    age_years >= YOUTH_CALL_MIN_AGE
}

/// Why a call task exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallReason {
    /// The follow-up call within 14 days after a held meeting.
    AfterMeeting,
    /// The young person asked to be called (`/ring`).
    ContactRequest,
}

impl CallReason {
    pub const ALL: [CallReason; 2] = [CallReason::AfterMeeting, CallReason::ContactRequest];

    /// Stable key for the database (equal to the serde name); labels are
    /// `call-reason-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            CallReason::AfterMeeting => "after_meeting",
            CallReason::ContactRequest => "contact_request",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownKey> {
        Self::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .ok_or_else(|| UnknownKey {
                what: "call reason",
                key: key.to_string(),
            })
    }
}

/// Where a call task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallTaskStatus {
    /// Waiting to be done (also after "Ikke truffet" and "Udskyd").
    Open,
    /// "Ringet".
    Done,
    /// No longer relevant (case closed, participant stopped); set by the service.
    Cancelled,
}

impl CallTaskStatus {
    pub const ALL: [CallTaskStatus; 3] = [
        CallTaskStatus::Open,
        CallTaskStatus::Done,
        CallTaskStatus::Cancelled,
    ];

    /// Stable key for the database (equal to the serde name).
    pub fn key(self) -> &'static str {
        match self {
            CallTaskStatus::Open => "open",
            CallTaskStatus::Done => "done",
            CallTaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownKey> {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or_else(|| UnknownKey {
                what: "call task status",
                key: key.to_string(),
            })
    }
}

/// The caseworker's answer to a call task: Ringet · Ikke truffet · Udskyd. Button payloads use
/// [`CallOutcome::key`]; labels are `call-outcome-<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// "Ringet": the call was made; the task is done.
    Called,
    /// "Ikke truffet": nobody answered; try again in [`CALL_RETRY_DAYS`] days.
    NotReached,
    /// "Udskyd": not now; due again on a date the caseworker picks (default
    /// [`CALL_POSTPONE_WORKING_DAYS`] working days).
    Postpone,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 3] = [
        CallOutcome::Called,
        CallOutcome::NotReached,
        CallOutcome::Postpone,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CallOutcome::Called => "called",
            CallOutcome::NotReached => "not_reached",
            CallOutcome::Postpone => "postpone",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownKey> {
        Self::ALL
            .into_iter()
            .find(|o| o.key() == key)
            .ok_or_else(|| UnknownKey {
                what: "call outcome",
                key: key.to_string(),
            })
    }
}

/// Why a call outcome was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallTaskError {
    /// The task is done or cancelled (e.g. "Ringet" pressed twice).
    #[error("the call task is {0:?}")]
    NotOpen(CallTaskStatus),
    /// "Udskyd" to a date that is not after today.
    #[error("a call can only be postponed to a later date")]
    PostponeNotAhead,
}

/// Which reminder a call task needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallReminder {
    /// Day 10 after the meeting: "4 days left".
    Day10,
    /// The due day (day 14, or the retry/postponed date).
    DueDay,
}

impl CallReminder {
    /// Stable key (equal to the serde name), for de-duplication keys and labels
    /// (`call-reminder-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            CallReminder::Day10 => "day10",
            CallReminder::DueDay => "due_day",
        }
    }
}

/// The due date of the follow-up call after a meeting held on `held`: 14 days later.
pub fn call_due_after_meeting(held: NaiveDate) -> NaiveDate {
    add_days(held, CALL_DUE_DAYS)
}

/// The due date of a young person's `/ring` request made on `today`: 2 working days later.
pub fn contact_request_due(today: NaiveDate) -> NaiveDate {
    add_working_days(today, CONTACT_REQUEST_WORKING_DAYS)
}

/// "Ikke truffet" on `today`: the retry is due 2 days later, moved to the next working day
/// when that is a weekend or holiday (a Thursday's retry is due on Monday).
pub fn retry_due(today: NaiveDate) -> NaiveDate {
    working_day_on_or_after(add_days(today, CALL_RETRY_DAYS))
}

/// "Udskyd" on `today` without a date: 2 working days later.
pub fn postpone_due(today: NaiveDate) -> NaiveDate {
    add_working_days(today, CALL_POSTPONE_WORKING_DAYS)
}

/// Which reminder an open call task needs at `now_local`, if any.
///
/// * [`CallReminder::DueDay`] from the due date on, once (`reminded_due`);
/// * [`CallReminder::Day10`] from day 10 after `created` until the day before the due date,
///   once (`reminded_10`). Once the due date is reached only the due-day reminder is left, so
///   after downtime the caseworker never gets both at once. A task due before day 10 (a
///   contact request) never gets it.
///
/// Only on working days from 08:00: a reminder falling on a weekend comes on the next working
/// day. After "Ikke truffet" or "Udskyd" the due date moves and `reminded_due` is reset, so
/// the new due date is reminded again ([`CallTask::record`] also marks day 10 as done: the
/// caseworker has already acted). Overdue tasks are not reminded again: they stay in the
/// daily digest until done.
pub fn call_reminder_due(
    created: NaiveDate,
    due: NaiveDate,
    reminded_10: bool,
    reminded_due: bool,
    now_local: NaiveDateTime,
) -> Option<CallReminder> {
    if !staff_time(now_local) {
        return None;
    }
    let today = now_local.date();
    if today >= due {
        return (!reminded_due).then_some(CallReminder::DueDay);
    }
    let day10 = add_days(created, CALL_FIRST_REMINDER_DAY);
    (!reminded_10 && today >= day10).then_some(CallReminder::Day10)
}

/// A call task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTask {
    pub reason: CallReason,
    pub status: CallTaskStatus,
    /// The day the task was made (the meeting day, or the day of the request).
    pub created: NaiveDate,
    pub due: NaiveDate,
    /// How many times the caseworker answered "Ikke truffet".
    pub not_reached: u32,
    pub reminded_10: bool,
    pub reminded_due: bool,
}

impl CallTask {
    /// The follow-up call after a meeting held on `held` (one per parent, and the young person
    /// if the caseworker wants; see [`should_call_youth`]).
    pub fn after_meeting(held: NaiveDate) -> Self {
        Self::new(CallReason::AfterMeeting, held, call_due_after_meeting(held))
    }

    /// A young person's `/ring` request made on `today`.
    pub fn contact_request(today: NaiveDate) -> Self {
        Self::new(CallReason::ContactRequest, today, contact_request_due(today))
    }

    fn new(reason: CallReason, created: NaiveDate, due: NaiveDate) -> Self {
        CallTask {
            reason,
            status: CallTaskStatus::Open,
            created,
            due,
            not_reached: 0,
            reminded_10: false,
            reminded_due: false,
        }
    }

    /// The task after the caseworker's answer on `today`. `postpone_to` is the date picked
    /// for "Udskyd" (default [`postpone_due`]); it is ignored for the other outcomes.
    pub fn record(
        &self,
        outcome: CallOutcome,
        today: NaiveDate,
        postpone_to: Option<NaiveDate>,
    ) -> Result<CallTask, CallTaskError> {
        if self.status != CallTaskStatus::Open {
            return Err(CallTaskError::NotOpen(self.status));
        }
        let mut next = *self;
        match outcome {
            CallOutcome::Called => next.status = CallTaskStatus::Done,
            CallOutcome::NotReached => {
                next.not_reached += 1;
                next.due = retry_due(today);
                next.reminded_10 = true;
                next.reminded_due = false;
            }
            CallOutcome::Postpone => {
                let to = postpone_to.unwrap_or_else(|| postpone_due(today));
                if to <= today {
                    return Err(CallTaskError::PostponeNotAhead);
                }
                next.due = to;
                next.reminded_10 = true;
                next.reminded_due = false;
            }
        }
        Ok(next)
    }

    /// The task is no longer relevant (case closed, participant stopped).
    pub fn cancel(&self) -> Result<CallTask, CallTaskError> {
        if self.status != CallTaskStatus::Open {
            return Err(CallTaskError::NotOpen(self.status));
        }
        Ok(CallTask {
            status: CallTaskStatus::Cancelled,
            ..*self
        })
    }

    /// Open and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == CallTaskStatus::Open && today > self.due
    }

    /// Whole days past the due date (0 when not overdue).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days().max(0)
    }

    /// See [`call_reminder_due`]; `None` unless open.
    pub fn reminder_due(&self, now_local: NaiveDateTime) -> Option<CallReminder> {
        if self.status != CallTaskStatus::Open {
            return None;
        }
        call_reminder_due(
            self.created,
            self.due,
            self.reminded_10,
            self.reminded_due,
            now_local,
        )
    }

    /// The task after `reminder` was sent.
    pub fn mark_reminded(&self, reminder: CallReminder) -> CallTask {
        let mut next = *self;
        match reminder {
            CallReminder::Day10 => next.reminded_10 = true,
            CallReminder::DueDay => next.reminded_due = true,
        }
        next
    }
}

// ---------------------------------------------------------------------------------------------
// Statutory follow-up (Barnets Lov §95)
// ---------------------------------------------------------------------------------------------

/// The first follow-up is due this many months after support started.
pub const FIRST_FOLLOW_UP_MONTHS: u32 = 3;
/// Default rhythm after each held follow-up meeting.
pub const NEXT_FOLLOW_UP_MONTHS: u32 = 6;
/// The caseworker is reminded this many days before the due date.
pub const STATUTORY_REMIND_DAYS_BEFORE: u64 = 14;
/// An overdue follow-up goes to the team leader this many days after the due date.
pub const STATUTORY_ESCALATE_AFTER_DAYS: u64 = 7;

/// `date` plus `months` calendar months; the day is clamped to the month's end (30 November +
/// 3 months = 28/29 February). Saturates at the last date chrono can represent.
fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The first statutory follow-up: 3 months after support started.
pub fn first_due(support_start: NaiveDate) -> NaiveDate {
    add_months(support_start, FIRST_FOLLOW_UP_MONTHS)
}

/// The next statutory follow-up after one held on `held`: `months` later (default
/// [`NEXT_FOLLOW_UP_MONTHS`]; the caseworker may also type a date instead).
pub fn next_due(held: NaiveDate, months: u32) -> NaiveDate {
    add_months(held, months)
}

/// What the statutory follow-up needs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatutoryAction {
    /// Remind the caseworker: due within 14 days.
    RemindSoon,
    /// Remind the caseworker: due today (or on the next closed day).
    RemindDue,
    /// Overdue: alert the caseworker.
    Alert,
    /// 7 days overdue: escalate to the team leader.
    Escalate,
}

impl StatutoryAction {
    pub const ALL: [StatutoryAction; 4] = [
        StatutoryAction::RemindSoon,
        StatutoryAction::RemindDue,
        StatutoryAction::Alert,
        StatutoryAction::Escalate,
    ];

    /// Stable key (equal to the serde name), for de-duplication keys and labels
    /// (`statutory-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            StatutoryAction::RemindSoon => "remind_soon",
            StatutoryAction::RemindDue => "remind_due",
            StatutoryAction::Alert => "alert",
            StatutoryAction::Escalate => "escalate",
        }
    }
}

/// What the statutory follow-up due on `due` needs at `now_local`, given what was already done.
///
/// * up to and including the due date:
///   [`StatutoryAction::RemindDue`] on the due date — or, when the due date is not a working
///   day, on the last working day before it — unless `reminded_due`; before that
///   [`StatutoryAction::RemindSoon`] from 14 days before, unless `reminded_14`;
/// * after the due date: [`StatutoryAction::Alert`] unless `alerted`; then, from 7 days after
///   the due date, [`StatutoryAction::Escalate`] unless `escalated` (never before the alert).
///
/// Each phase only looks at its own flag, so after downtime the caseworker gets the message
/// that fits the date, never a stale one. Only on working days from 08:00; holding the
/// meeting (a new due date, flags reset) ends it.
pub fn statutory_action(
    due: NaiveDate,
    reminded_14: bool,
    reminded_due: bool,
    alerted: bool,
    escalated: bool,
    now_local: NaiveDateTime,
) -> Option<StatutoryAction> {
    if !staff_time(now_local) {
        return None;
    }
    let today = now_local.date();
    if today > due {
        if !alerted {
            return Some(StatutoryAction::Alert);
        }
        let escalate_from = add_days(due, STATUTORY_ESCALATE_AFTER_DAYS);
        return (!escalated && today >= escalate_from).then_some(StatutoryAction::Escalate);
    }
    if today >= working_day_on_or_before(due) {
        return (!reminded_due).then_some(StatutoryAction::RemindDue);
    }
    let remind_from = sub_days(due, STATUTORY_REMIND_DAYS_BEFORE);
    (!reminded_14 && today >= remind_from).then_some(StatutoryAction::RemindSoon)
}

/// A case's statutory follow-up: the due date and what was sent about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutoryFollowUp {
    pub due: NaiveDate,
    pub reminded_14: bool,
    pub reminded_due: bool,
    pub alerted: bool,
    pub escalated: bool,
}

impl StatutoryFollowUp {
    /// Support started on `support_start`: the first follow-up is due 3 months later.
    pub fn first(support_start: NaiveDate) -> Self {
        Self::due_on(first_due(support_start))
    }

    /// A follow-up was held on `held`: the next one is due `months` later.
    pub fn after_held(held: NaiveDate, months: u32) -> Self {
        Self::due_on(next_due(held, months))
    }

    /// A due date the caseworker chose.
    pub fn due_on(due: NaiveDate) -> Self {
        StatutoryFollowUp {
            due,
            reminded_14: false,
            reminded_due: false,
            alerted: false,
            escalated: false,
        }
    }

    /// See [`statutory_action`].
    pub fn action(&self, now_local: NaiveDateTime) -> Option<StatutoryAction> {
        statutory_action(
            self.due,
            self.reminded_14,
            self.reminded_due,
            self.alerted,
            self.escalated,
            now_local,
        )
    }

    /// After `action` was carried out.
    pub fn mark(&self, action: StatutoryAction) -> Self {
        let mut next = *self;
        match action {
            StatutoryAction::RemindSoon => next.reminded_14 = true,
            StatutoryAction::RemindDue => next.reminded_due = true,
            StatutoryAction::Alert => next.alerted = true,
            StatutoryAction::Escalate => next.escalated = true,
        }
        next
    }

    /// Whole days past the due date (0 when not overdue).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days().max(0)
    }
}

/// Why the date support started was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SupportStartError {
    /// Not `2026-09-01`, `1/9`, `1/9-2026`, `1.9.2026` or the like.
    #[error("not a date")]
    Malformed,
    /// Shaped like a date, but no such day.
    #[error("no such date")]
    NoSuchDate,
    /// Support cannot have started after today.
    #[error("the date is in the future")]
    InFuture,
}

/// Parses the date support started, typed by the caseworker, relative to `today` (local):
/// `2026-09-01`, `1/9-2026`, `1/9/2026`, `1.9.2026`, `01-09-26`, or `1/9` (the most recent
/// 1 September that is not after today). Today counts; a date after today is refused.
pub fn parse_support_start(input: &str, today: NaiveDate) -> Result<NaiveDate, SupportStartError> {
    let trimmed = input.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let parts: Vec<&str> = trimmed.split(['/', '.', '-']).collect();
    let number = |s: &str, max_len: usize| -> Result<u32, SupportStartError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SupportStartError::Malformed);
        }
        s.parse().map_err(|_| SupportStartError::Malformed)
    };
    let ymd = |y: u32, m: u32, d: u32| -> Result<NaiveDate, SupportStartError> {
        let year = i32::try_from(y).map_err(|_| SupportStartError::Malformed)?;
        NaiveDate::from_ymd_opt(year, m, d).ok_or(SupportStartError::NoSuchDate)
    };
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(number(y, 4)?, number(m, 2)?, number(d, 2)?)?,
        [d, m, y] if y.len() == 4 || y.len() == 2 => {
            let year = number(y, 4)?;
            let year = if y.len() == 2 { 2000 + year } else { year };
            ymd(year, number(m, 2)?, number(d, 2)?)?
        }
        [d, m] => {
            let (day, month) = (number(d, 2)?, number(m, 2)?);
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                return Err(SupportStartError::NoSuchDate);
            }
            return (0..=4)
                .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day))
                .find(|date| *date <= today)
                .ok_or(SupportStartError::NoSuchDate);
        }
        _ => return Err(SupportStartError::Malformed),
    };
    if date > today {
        return Err(SupportStartError::InFuture);
    }
    Ok(date)
}

// ---------------------------------------------------------------------------------------------
// Daily digest
// ---------------------------------------------------------------------------------------------

/// The digest is not sent before this local time …
pub const DIGEST_TIME: NaiveTime = STAFF_DAY_START;
/// … nor after this one: a digest missed for a whole working day (downtime) is not sent in
/// the evening; the next morning's digest covers everything.
pub const DIGEST_LATEST: NaiveTime = hm(18, 0);
/// Meetings from today and this many days on are "this week".
pub const DIGEST_MEETING_DAYS: u64 = 7;
/// Statutory follow-ups due within this many days are listed.
pub const DIGEST_FOLLOW_UP_DAYS: u64 = STATUTORY_REMIND_DAYS_BEFORE;

/// Whether the daily digest is due at `now_local`: a working day (no weekends, Danish public
/// holidays or office closing days), between [`DIGEST_TIME`] (08:00) and [`DIGEST_LATEST`].
/// Send at most once per caseworker and date ([`digest_dedup_key`]).
pub fn digest_due(now_local: NaiveDateTime) -> bool {
    is_working_day(now_local.date()) && (DIGEST_TIME..DIGEST_LATEST).contains(&now_local.time())
}

/// The next digest time strictly after `after`: 08:00 local on the next working day (today's,
/// if it is still ahead). DST-safe.
pub fn next_digest_at(after: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let mut date = after.with_timezone(&tz).date_naive();
    for _ in 0..30 {
        if is_working_day(date) {
            let at = meeting_instant(date, DIGEST_TIME, tz);
            if at > after {
                return at;
            }
        }
        date = add_days(date, 1);
    }
    after + TimeDelta::days(1)
}

/// `digest:<staff>:<yyyy-mm-dd>`: one digest per caseworker and day.
pub fn digest_dedup_key(staff: StaffId, date: NaiveDate) -> String {
    format!("digest:{staff}:{date}")
}

/// A call task belongs in the digest when it is due today or overdue.
pub fn call_in_digest(due: NaiveDate, today: NaiveDate) -> bool {
    due <= today
}

/// A meeting on local date `date` belongs in the digest when it is today or within the next
/// 6 days ("this week" read as the coming seven days, so Friday's digest shows Monday's
/// meeting).
pub fn meeting_in_digest(date: NaiveDate, today: NaiveDate) -> bool {
    date >= today && date < add_days(today, DIGEST_MEETING_DAYS)
}

/// A statutory follow-up belongs in the digest when it is due within 14 days or overdue.
pub fn follow_up_in_digest(due: NaiveDate, today: NaiveDate) -> bool {
    due <= add_days(today, DIGEST_FOLLOW_UP_DAYS)
}

/// The case an item is about, as shown in chat: code and nickname.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub code: String,
    pub nickname: String,
}

/// An open alert waiting for the caseworker's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestAlert {
    pub id: AlertId,
    pub case: CaseRef,
    pub rule: RuleKind,
    pub urgency: Urgency,
    pub raised_at: DateTime<Utc>,
}

/// A call due today or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCall {
    pub task: CallTaskId,
    pub case: CaseRef,
    /// Who to call, as shown to the caseworker ("Mor (Anne)").
    pub who: String,
    pub reason: CallReason,
    pub due: NaiveDate,
}

/// A meeting this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestMeeting {
    pub meeting: MeetingId,
    pub case: CaseRef,
    pub kind: MeetingKind,
    pub at: DateTime<Utc>,
}

/// A meeting whose agenda went out and not everybody has answered yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestAgenda {
    pub meeting: MeetingId,
    pub case: CaseRef,
    pub at: DateTime<Utc>,
    /// Participants who sent wishes or ratings.
    pub answered: u32,
    pub invited: u32,
}

/// A statutory follow-up due within 14 days, or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestFollowUp {
    pub case: CaseRef,
    pub due: NaiveDate,
}

/// One caseworker's daily digest. The service fills it (using [`call_in_digest`],
/// [`meeting_in_digest`], [`follow_up_in_digest`]); nothing is sent when [`Digest::is_empty`].
/// Labels: `digest-*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The local date of the digest.
    pub date: NaiveDate,
    pub open_alerts: Vec<DigestAlert>,
    pub calls: Vec<DigestCall>,
    pub meetings: Vec<DigestMeeting>,
    pub agendas_waiting: Vec<DigestAgenda>,
    pub follow_ups: Vec<DigestFollowUp>,
}

impl Digest {
    pub fn new(date: NaiveDate) -> Self {
        Digest {
            date,
            open_alerts: Vec::new(),
            calls: Vec::new(),
            meetings: Vec::new(),
            agendas_waiting: Vec::new(),
            follow_ups: Vec::new(),
        }
    }

    /// Nothing to say: no message is sent.
    pub fn is_empty(&self) -> bool {
        self.open_alerts.is_empty()
            && self.calls.is_empty()
            && self.meetings.is_empty()
            && self.agendas_waiting.is_empty()
            && self.follow_ups.is_empty()
    }

    /// Puts every list in reading order: urgent alerts first, then oldest first; calls and
    /// follow-ups by due date (most overdue first); meetings and agendas by meeting time.
    pub fn sort(&mut self) {
        self.open_alerts
            .sort_by_key(|a| (std::cmp::Reverse(a.urgency), a.raised_at, a.id));
        self.calls.sort_by_key(|c| (c.due, c.task));
        self.meetings.sort_by_key(|m| (m.at, m.meeting));
        self.agendas_waiting.sort_by_key(|a| (a.at, a.meeting));
        self.follow_ups
            .sort_by(|a, b| (a.due, &a.case.code).cmp(&(b.due, &b.case.code)));
    }

    /// How many days `due` is past the digest's date (0 when not overdue).
    pub fn days_overdue(&self, due: NaiveDate) -> i64 {
        (self.date - due).num_days().max(0)
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

    fn local(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_support_start_is_a_date_up_to_today() {
        use SupportStartError::*;
        let today = d(2026, 11, 23);
        let cases = [
            ("2026-09-01", Ok(d(2026, 9, 1))),
            ("1/9-2026", Ok(d(2026, 9, 1))),
            ("1.9.2026", Ok(d(2026, 9, 1))),
            ("01-09-26", Ok(d(2026, 9, 1))),
            ("1/9", Ok(d(2026, 9, 1))),
            ("23/11", Ok(d(2026, 11, 23))),
            ("24/11", Ok(d(2025, 11, 24))),
            ("2026-11-24", Err(InFuture)),
            ("31/4", Err(NoSuchDate)),
            ("2026-02-30", Err(NoSuchDate)),
            ("i går", Err(Malformed)),
            ("", Err(Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_support_start(input, today), expected, "{input:?}");
        }
    }

    #[test]
    fn young_people_from_fifteen_can_get_a_call_too() {
        for (age, expected) in [
            (0, false),
            (12, false),
            (14, false),
            (15, true),
            (17, true),
            (23, true),
        ] {
            assert_eq!(should_call_youth(age), expected, "{age}");
        }
    }

    #[test]
    fn call_due_dates_follow_the_rules() {
        // Thursday 3 December 2026.
        assert_eq!(call_due_after_meeting(d(2026, 12, 3)), d(2026, 12, 17));
        type Rule = fn(NaiveDate) -> NaiveDate;
        let cases: [(&str, Rule, NaiveDate, NaiveDate); 8] = [
            (
                "contact request on a monday",
                contact_request_due,
                d(2027, 1, 11),
                d(2027, 1, 13),
            ),
            (
                "contact request on a friday",
                contact_request_due,
                d(2027, 1, 15),
                d(2027, 1, 19),
            ),
            (
                "contact request before easter",
                contact_request_due,
                d(2027, 3, 24),
                d(2027, 3, 31),
            ),
            ("retry on a monday", retry_due, d(2027, 1, 11), d(2027, 1, 13)),
            (
                "retry on a thursday lands on monday",
                retry_due,
                d(2027, 1, 14),
                d(2027, 1, 18),
            ),
            (
                "retry on a friday lands on monday",
                retry_due,
                d(2027, 1, 15),
                d(2027, 1, 18),
            ),
            (
                "retry before christmas",
                retry_due,
                d(2026, 12, 22),
                d(2026, 12, 28),
            ),
            (
                "postpone on a friday",
                postpone_due,
                d(2027, 1, 15),
                d(2027, 1, 19),
            ),
        ];
        for (name, rule, today, expected) in cases {
            assert_eq!(rule(today), expected, "{name}");
        }
    }

    #[test]
    fn call_reminders_come_on_day_ten_and_on_the_due_day() {
        use CallReminder::*;
        // Held Thursday 3 December 2026: day 10 = Sunday 13th, due = Thursday 17th.
        let created = d(2026, 12, 3);
        let due = d(2026, 12, 17);
        let cases = [
            ("day 9", false, false, local(2026, 12, 12, 9, 0), None),
            (
                "day 10 is a sunday",
                false,
                false,
                local(2026, 12, 13, 9, 0),
                None,
            ),
            (
                "next working day, before 08:00",
                false,
                false,
                local(2026, 12, 14, 7, 59),
                None,
            ),
            (
                "next working day at 08:00",
                false,
                false,
                local(2026, 12, 14, 8, 0),
                Some(Day10),
            ),
            (
                "day 10 already sent",
                true,
                false,
                local(2026, 12, 15, 9, 0),
                None,
            ),
            ("due day", true, false, local(2026, 12, 17, 8, 0), Some(DueDay)),
            (
                "due day, day 10 was missed",
                false,
                false,
                local(2026, 12, 17, 8, 0),
                Some(DueDay),
            ),
            (
                "due day already sent",
                true,
                true,
                local(2026, 12, 17, 12, 0),
                None,
            ),
            (
                "overdue and not yet reminded",
                true,
                false,
                local(2026, 12, 21, 8, 0),
                Some(DueDay),
            ),
            (
                "overdue and reminded: digest only",
                true,
                true,
                local(2026, 12, 21, 8, 0),
                None,
            ),
        ];
        for (name, reminded_10, reminded_due, now, expected) in cases {
            assert_eq!(
                call_reminder_due(created, due, reminded_10, reminded_due, now),
                expected,
                "{name}"
            );
        }
        // A contact request (due in 2 working days) gets only the due-day reminder.
        let request = CallTask::contact_request(d(2027, 1, 11));
        assert_eq!(request.reminder_due(local(2027, 1, 12, 9, 0)), None);
        assert_eq!(request.reminder_due(local(2027, 1, 13, 9, 0)), Some(DueDay));
    }

    #[test]
    fn call_outcomes_close_retry_or_postpone_the_task() {
        let task = CallTask::after_meeting(d(2026, 12, 3)).mark_reminded(CallReminder::DueDay);
        let today = d(2026, 12, 17);

        let done = task.record(CallOutcome::Called, today, None).unwrap();
        assert_eq!(done.status, CallTaskStatus::Done);
        assert_eq!(
            done.record(CallOutcome::Called, today, None),
            Err(CallTaskError::NotOpen(CallTaskStatus::Done))
        );
        assert_eq!(done.reminder_due(local(2026, 12, 21, 9, 0)), None);

        // Thursday 17th, not reached → Monday 21st, and the new due date is reminded.
        let retry = task.record(CallOutcome::NotReached, today, None).unwrap();
        assert_eq!(
            (retry.status, retry.due, retry.not_reached, retry.reminded_due),
            (CallTaskStatus::Open, d(2026, 12, 21), 1, false)
        );
        assert_eq!(retry.reminder_due(local(2026, 12, 18, 9, 0)), None);
        // Also when the first answer came before day 10.
        let early = CallTask::after_meeting(d(2026, 12, 3))
            .record(CallOutcome::NotReached, d(2026, 12, 4), None)
            .unwrap();
        assert_eq!(early.due, d(2026, 12, 7));
        assert_eq!(
            early.reminder_due(local(2026, 12, 7, 8, 0)),
            Some(CallReminder::DueDay)
        );
        let early = early.mark_reminded(CallReminder::DueDay);
        assert_eq!(early.reminder_due(local(2026, 12, 14, 8, 0)), None);
        assert_eq!(
            retry.reminder_due(local(2026, 12, 21, 9, 0)),
            Some(CallReminder::DueDay)
        );
        let again = retry
            .record(CallOutcome::NotReached, d(2026, 12, 21), None)
            .unwrap();
        assert_eq!((again.due, again.not_reached), (d(2026, 12, 23), 2));

        let postponed = task.record(CallOutcome::Postpone, today, None).unwrap();
        assert_eq!(postponed.due, d(2026, 12, 21));
        let picked = task
            .record(CallOutcome::Postpone, today, Some(d(2027, 1, 5)))
            .unwrap();
        assert_eq!(picked.due, d(2027, 1, 5));
        assert_eq!(
            task.record(CallOutcome::Postpone, today, Some(today)),
            Err(CallTaskError::PostponeNotAhead)
        );

        let cancelled = task.cancel().unwrap();
        assert_eq!(cancelled.status, CallTaskStatus::Cancelled);
        assert!(cancelled.cancel().is_err());
        assert!(!cancelled.is_overdue(d(2027, 2, 1)));
    }

    #[test]
    fn a_call_is_overdue_the_day_after_its_due_date() {
        let task = CallTask::after_meeting(d(2026, 12, 3));
        let cases = [
            (d(2026, 12, 16), false, 0),
            (d(2026, 12, 17), false, 0),
            (d(2026, 12, 18), true, 1),
            (d(2026, 12, 24), true, 7),
        ];
        for (today, overdue, days) in cases {
            assert_eq!(task.is_overdue(today), overdue, "{today}");
            assert_eq!(task.days_overdue(today), days, "{today}");
        }
    }

    #[test]
    fn call_keys_round_trip_and_match_the_serde_names() {
        for r in CallReason::ALL {
            assert_eq!(CallReason::parse(r.key()), Ok(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.key());
        }
        for s in CallTaskStatus::ALL {
            assert_eq!(CallTaskStatus::parse(s.key()), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
        }
        for o in CallOutcome::ALL {
            assert_eq!(CallOutcome::parse(o.key()), Ok(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.key());
        }
        for r in [CallReminder::Day10, CallReminder::DueDay] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.key());
        }
        for a in StatutoryAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.key());
        }
        assert!(CallOutcome::parse("ringet").is_err());
        assert!(CallTaskStatus::parse("").is_err());
        assert!(CallReason::parse("x").is_err());
    }

    #[test]
    fn statutory_follow_ups_are_due_three_months_after_start_then_every_six() {
        let cases = [
            (first_due(d(2026, 9, 1)), d(2026, 12, 1)),
            (first_due(d(2026, 11, 30)), d(2027, 2, 28)),
            (first_due(d(2027, 11, 30)), d(2028, 2, 29)),
            (next_due(d(2026, 12, 1), NEXT_FOLLOW_UP_MONTHS), d(2027, 6, 1)),
            (next_due(d(2026, 8, 31), NEXT_FOLLOW_UP_MONTHS), d(2027, 2, 28)),
            (next_due(d(2026, 12, 1), 3), d(2027, 3, 1)),
            (next_due(NaiveDate::MAX, 6), NaiveDate::MAX),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
        assert_eq!(StatutoryFollowUp::first(d(2026, 9, 1)).due, d(2026, 12, 1));
        assert_eq!(
            StatutoryFollowUp::after_held(d(2026, 12, 1), 6).due,
            d(2027, 6, 1)
        );
    }

    #[test]
    fn statutory_follow_ups_are_reminded_alerted_and_escalated_in_time() {
        use StatutoryAction::*;
        // Due Tuesday 15 December 2026.
        let due = d(2026, 12, 15);
        type Flags = (bool, bool, bool, bool);
        let none: Flags = (false, false, false, false);
        let r14: Flags = (true, false, false, false);
        let rdue: Flags = (true, true, false, false);
        let alerted: Flags = (true, true, true, false);
        let all: Flags = (true, true, true, true);
        let cases: &[(&str, Flags, NaiveDateTime, Option<StatutoryAction>)] = &[
            ("15 days before", none, local(2026, 11, 30, 9, 0), None),
            ("14 days before", none, local(2026, 12, 1, 9, 0), Some(RemindSoon)),
            (
                "14 days before, before 08:00",
                none,
                local(2026, 12, 1, 7, 0),
                None,
            ),
            ("already reminded", r14, local(2026, 12, 8, 9, 0), None),
            ("due date", r14, local(2026, 12, 15, 8, 0), Some(RemindDue)),
            (
                "due date, 14-day reminder missed",
                none,
                local(2026, 12, 15, 8, 0),
                Some(RemindDue),
            ),
            ("due date, reminded", rdue, local(2026, 12, 15, 15, 0), None),
            ("a day overdue", rdue, local(2026, 12, 16, 8, 0), Some(Alert)),
            (
                "overdue, nothing sent before",
                none,
                local(2026, 12, 16, 8, 0),
                Some(Alert),
            ),
            ("overdue, alerted", alerted, local(2026, 12, 21, 9, 0), None),
            (
                "7 days overdue",
                alerted,
                local(2026, 12, 22, 9, 0),
                Some(Escalate),
            ),
            (
                "7 days overdue, not yet alerted",
                rdue,
                local(2026, 12, 22, 9, 0),
                Some(Alert),
            ),
            ("escalated", all, local(2027, 1, 20, 9, 0), None),
        ];
        for (name, (r14, rdue, alerted, escalated), now, expected) in cases {
            assert_eq!(
                statutory_action(due, *r14, *rdue, *alerted, *escalated, *now),
                *expected,
                "{name}"
            );
        }
    }

    #[test]
    fn statutory_reminders_respect_weekends_and_holidays() {
        use StatutoryAction::*;
        // Due Saturday 26 December 2026: the due-day reminder comes on Wednesday 23rd (24th
        // and 25th are closed), the alert on Monday 28th, the escalation (2 January is a
        // Saturday) on Monday 4 January.
        let due = d(2026, 12, 26);
        let cases = [
            ("12 days before, a saturday", local(2026, 12, 12, 9, 0), None),
            (
                "first working day in the window",
                local(2026, 12, 14, 8, 0),
                Some(RemindSoon),
            ),
        ];
        for (name, now, expected) in cases {
            assert_eq!(
                statutory_action(due, false, false, false, false, now),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            statutory_action(due, true, false, false, false, local(2026, 12, 22, 9, 0)),
            None
        );
        assert_eq!(
            statutory_action(due, true, false, false, false, local(2026, 12, 23, 9, 0)),
            Some(RemindDue)
        );
        assert_eq!(
            statutory_action(due, true, true, false, false, local(2026, 12, 27, 9, 0)),
            None
        );
        assert_eq!(
            statutory_action(due, true, true, false, false, local(2026, 12, 28, 8, 0)),
            Some(Alert)
        );
        assert_eq!(
            statutory_action(due, true, true, true, false, local(2027, 1, 2, 9, 0)),
            None
        );
        assert_eq!(
            statutory_action(due, true, true, true, false, local(2027, 1, 4, 8, 0)),
            Some(Escalate)
        );
    }

    #[test]
    fn marking_actions_walks_a_follow_up_through_its_life() {
        let mut f = StatutoryFollowUp::due_on(d(2026, 12, 15));
        let mut sent = Vec::new();
        for day in d(2026, 11, 1).iter_days().take(60) {
            let now = day.and_hms_opt(8, 30, 0).unwrap();
            while let Some(action) = f.action(now) {
                sent.push((day, action));
                f = f.mark(action);
            }
        }
        use StatutoryAction::*;
        assert_eq!(
            sent,
            vec![
                (d(2026, 12, 1), RemindSoon),
                (d(2026, 12, 15), RemindDue),
                (d(2026, 12, 16), Alert),
                (d(2026, 12, 22), Escalate),
            ]
        );
        assert_eq!(f.days_overdue(d(2026, 12, 22)), 7);
    }

    #[test]
    fn the_digest_is_due_from_eight_on_working_days_only() {
        let cases = [
            ("monday 07:59", local(2027, 1, 11, 7, 59), false),
            ("monday 08:00", local(2027, 1, 11, 8, 0), true),
            ("monday 17:59", local(2027, 1, 11, 17, 59), true),
            ("monday 18:00", local(2027, 1, 11, 18, 0), false),
            ("saturday", local(2027, 1, 9, 9, 0), false),
            ("sunday", local(2027, 1, 10, 9, 0), false),
            ("langfredag", local(2027, 3, 26, 9, 0), false),
            ("2. påskedag", local(2027, 3, 29, 9, 0), false),
            ("kristi himmelfart", local(2027, 5, 6, 9, 0), false),
            ("juleaftensdag", local(2026, 12, 24, 9, 0), false),
            ("nytårsdag", local(2027, 1, 1, 9, 0), false),
            ("the tuesday after easter", local(2027, 3, 30, 8, 0), true),
        ];
        for (name, now, expected) in cases {
            assert_eq!(digest_due(now), expected, "{name}");
        }
    }

    #[test]
    fn the_next_digest_skips_weekends_and_holidays_and_keeps_eight_local_across_dst() {
        let cases = [
            // Monday 06:00 UTC (07:00 local) → Monday 08:00 local.
            (utc("2027-01-11T06:00:00Z"), utc("2027-01-11T07:00:00Z")),
            // Monday 08:00 local exactly → Tuesday.
            (utc("2027-01-11T07:00:00Z"), utc("2027-01-12T07:00:00Z")),
            // Friday afternoon → Monday.
            (utc("2027-01-15T14:00:00Z"), utc("2027-01-18T07:00:00Z")),
            // Wednesday before Easter 2027 → Tuesday 30 March, summer time (06:00 UTC).
            (utc("2027-03-24T10:00:00Z"), utc("2027-03-30T06:00:00Z")),
            // Christmas: Wednesday 23 Dec 2026 → Monday 28 Dec.
            (utc("2026-12-23T10:00:00Z"), utc("2026-12-28T07:00:00Z")),
        ];
        for (after, expected) in cases {
            let next = next_digest_at(after, CPH);
            assert_eq!(next, expected, "{after}");
            assert!(digest_due(next.with_timezone(&CPH).naive_local()));
        }
    }

    #[test]
    fn digest_items_are_chosen_by_date() {
        let today = d(2027, 1, 15); // Friday
        type Rule = fn(NaiveDate, NaiveDate) -> bool;
        let cases: [(&str, Rule, NaiveDate, bool); 10] = [
            ("call due today", call_in_digest, today, true),
            ("call overdue", call_in_digest, d(2027, 1, 10), true),
            ("call due tomorrow", call_in_digest, d(2027, 1, 16), false),
            ("meeting today", meeting_in_digest, today, true),
            ("meeting on monday", meeting_in_digest, d(2027, 1, 18), true),
            ("meeting in six days", meeting_in_digest, d(2027, 1, 21), true),
            ("meeting in seven days", meeting_in_digest, d(2027, 1, 22), false),
            ("meeting yesterday", meeting_in_digest, d(2027, 1, 14), false),
            ("follow-up in 14 days", follow_up_in_digest, d(2027, 1, 29), true),
            ("follow-up in 15 days", follow_up_in_digest, d(2027, 1, 30), false),
        ];
        for (name, rule, date, expected) in cases {
            assert_eq!(rule(date, today), expected, "{name}");
        }
        assert!(follow_up_in_digest(d(2026, 12, 1), today), "overdue follow-up");
        assert_eq!(digest_dedup_key(StaffId(4), today), "digest:4:2027-01-15");
    }

    #[test]
    fn an_empty_digest_says_nothing_and_a_full_one_reads_in_order() {
        let today = d(2027, 1, 15);
        let mut digest = Digest::new(today);
        assert!(digest.is_empty());
        let case = CaseRef {
            code: "K-7F2Q".into(),
            nickname: "Lea".into(),
        };
        let alert = |id, urgency, hours| DigestAlert {
            id: AlertId(id),
            case: case.clone(),
            rule: RuleKind::ReliableDrop,
            urgency,
            raised_at: utc("2027-01-14T12:00:00Z") - TimeDelta::hours(hours),
        };
        digest.open_alerts = vec![
            alert(1, Urgency::Normal, 1),
            alert(2, Urgency::Urgent, 0),
            alert(3, Urgency::Normal, 5),
        ];
        assert!(!digest.is_empty());
        let call = |id, due| DigestCall {
            task: CallTaskId(id),
            case: case.clone(),
            who: "Mor".into(),
            reason: CallReason::AfterMeeting,
            due,
        };
        digest.calls = vec![call(1, today), call(2, d(2027, 1, 11))];
        digest.sort();
        let ids: Vec<i64> = digest.open_alerts.iter().map(|a| a.id.0).collect();
        assert_eq!(ids, vec![2, 3, 1]);
        assert_eq!(digest.calls[0].task, CallTaskId(2));
        assert_eq!(digest.days_overdue(digest.calls[0].due), 4);
        assert_eq!(digest.days_overdue(today), 0);

        for only in 0..5 {
            let mut d1 = Digest::new(today);
            match only {
                0 => d1.open_alerts.push(alert(1, Urgency::Normal, 0)),
                1 => d1.calls.push(call(1, today)),
                2 => d1.meetings.push(DigestMeeting {
                    meeting: MeetingId(1),
                    case: case.clone(),
                    kind: MeetingKind::Coffee,
                    at: CPH
                        .with_ymd_and_hms(2027, 1, 18, 14, 0, 0)
                        .unwrap()
                        .with_timezone(&Utc),
                }),
                3 => d1.agendas_waiting.push(DigestAgenda {
                    meeting: MeetingId(1),
                    case: case.clone(),
                    at: utc("2027-01-18T13:00:00Z"),
                    answered: 1,
                    invited: 3,
                }),
                _ => d1.follow_ups.push(DigestFollowUp {
                    case: case.clone(),
                    due: today,
                }),
            }
            assert!(!d1.is_empty(), "{only}");
        }
    }
}
