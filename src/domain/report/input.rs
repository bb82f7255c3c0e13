//! The report's input: plain rows the service queries ([`ReportData`]) and what to report on
//! ([`ReportFilter`]). No identities: opaque ids, keys, timestamps and numbers only.

use chrono::{DateTime, FixedOffset, Utc};

/// Everything `build` needs, as plain rows. Timestamps are UTC (the database stores epoch
/// milliseconds). Ids are opaque and only used to connect rows; they never reach the output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportData {
    pub cases: Vec<CaseRow>,
    /// What is left of purged cases: they still count as active cases of their team.
    pub purged_cases: Vec<PurgedCaseRow>,
    pub goals: Vec<GoalRow>,
    /// The young person's scored answers only (progression is the young person's view).
    pub youth_answers: Vec<AnswerRow>,
    pub checkins: Vec<CheckinRow>,
    /// Check-ins the database already counted (a year of weekly check-ins is too many rows
    /// to pass one by one); counted like the [`CheckinRow`]s they stand for.
    pub checkin_counts: Vec<CheckinCount>,
    pub participants: Vec<ParticipantRow>,
    pub alerts: Vec<AlertRow>,
    pub meetings: Vec<MeetingRow>,
    pub meeting_ratings: Vec<RatingRow>,
    pub call_tasks: Vec<CallTaskRow>,
    pub statutory_follow_ups: Vec<StatutoryRow>,
}

/// One case (`cases` joined with the caseworker in `staff`).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub id: i64,
    /// The caseworker's team (`staff.team`); `None` groups as "no team".
    pub team: Option<String>,
    /// The caseworker's name (`staff.name`), shown in the per-caseworker breakdown.
    pub caseworker: String,
    /// `cases.created_at`.
    pub opened_at: DateTime<Utc>,
    /// When the case was closed (e.g. `updated_at` of a case with status `closed`), else `None`.
    pub closed_at: Option<DateTime<Utc>>,
}

/// A purged case (`purged_cases`): anonymous, known only by its team and the months it was
/// opened and closed, so it counts as an active case of the whole and its team in the periods
/// it overlapped, and in no caseworker's row.
#[derive(Debug, Clone, PartialEq)]
pub struct PurgedCaseRow {
    /// As [`CaseRow::team`].
    pub team: Option<String>,
    /// The first instant of the month it was opened (for a case purged before that month was
    /// kept: of the month it was closed).
    pub opened_at: DateTime<Utc>,
    /// The first instant of the month after the one it was closed in.
    pub closed_before: DateTime<Utc>,
}

impl PurgedCaseRow {
    /// The row for a purged case opened and closed in these months ("2026-03"); `None` when
    /// the closing month is unreadable.
    pub fn from_months(team: Option<String>, opened: Option<&str>, closed: &str) -> Option<Self> {
        let month_start = |month: &str| {
            chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                .ok()
                .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
        };
        let closed_start = month_start(closed)?;
        Some(PurgedCaseRow {
            team,
            opened_at: opened.and_then(month_start).unwrap_or(closed_start),
            closed_before: closed_start.checked_add_months(chrono::Months::new(1))?,
        })
    }
}

/// One goal of a plan. Counted when its case is in the report and it was active at some time
/// in the period (created before `to`, not archived before `from`).
#[derive(Debug, Clone, PartialEq)]
pub struct GoalRow {
    pub id: i64,
    pub case_id: i64,
    /// Focus area key (`goals.area`, one of [`AREAS`](super::AREAS)).
    pub area: String,
    /// Scale key (`goals.scale`, [`ScaleKind::key`](crate::domain::scale::ScaleKind::key)).
    pub scale: String,
    /// The goal is written in the young person's own words.
    pub own_words: bool,
    pub created_at: DateTime<Utc>,
    /// When the goal was archived, else `None`.
    pub archived_at: Option<DateTime<Utc>>,
}

/// One scored answer of the young person on a goal (`prompts` with status `answered` of the
/// case's youth participant). Progression uses every answer before the end of the period, so
/// it describes where each goal stands at the end of the period against its own baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnswerRow {
    pub goal_id: i64,
    pub at: DateTime<Utc>,
    pub value: i32,
}

/// One check-in, counted when `at` (its release time) is in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinRow {
    pub case_id: i64,
    /// Role key of the participant ([`ROLES`](super::ROLES)).
    pub role: String,
    /// [`CHECKIN_STATUSES`](super::CHECKIN_STATUSES): the check-in status key, except that an `answered` check-in whose
    /// prompts were all skipped is passed as `skipped`.
    pub status: String,
    pub at: DateTime<Utc>,
}

/// How many check-ins of one case and role, released in the period, have one status: what
/// that many [`CheckinRow`]s with their `at` in the period would count.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinCount {
    pub case_id: i64,
    /// Role key of the participant ([`ROLES`](super::ROLES)).
    pub role: String,
    /// As [`CheckinRow::status`] (an answered check-in with every question skipped is `skipped`).
    pub status: String,
    pub count: u64,
}

/// One participant with their current status (a snapshot as of the report, not per period).
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantRow {
    pub case_id: i64,
    /// Role key ([`ROLES`](super::ROLES)).
    pub role: String,
    /// Status key ([`PARTICIPANT_STATUSES`](super::PARTICIPANT_STATUSES)).
    pub status: String,
}

/// One alert, counted when `raised_at` is in the period. Do not pass alerts with status
/// `replaced`: a stronger alert took their place and is the one that waits for assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    pub case_id: i64,
    /// Rule key ([`RuleKind::key`](crate::domain::alert_rules::RuleKind::key)).
    pub rule: String,
    pub raised_at: DateTime<Utc>,
    /// The first assessment's `created_at`, else `None`.
    pub assessed_at: Option<DateTime<Utc>>,
}

/// One meeting, counted when `at` is in the period and it was held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeetingRow {
    pub case_id: i64,
    pub at: DateTime<Utc>,
    pub held: bool,
    /// The agenda went out to the participants before the meeting.
    pub agenda_sent_before: bool,
}

/// One participant's rating of a meeting ("Hvordan var mødet for dig?"), counted when `at`
/// (the meeting's time) is in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingRow {
    pub case_id: i64,
    pub at: DateTime<Utc>,
    /// 0–[`RATING_MAX`](super::RATING_MAX).
    pub value: i32,
}

/// One follow-up call task after a meeting (reason `after_meeting`; not `/ring` requests, not
/// cancelled tasks), counted when `meeting_at` is in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallTaskRow {
    pub case_id: i64,
    /// When the meeting was held.
    pub meeting_at: DateTime<Utc>,
    /// The last instant that still counts as in time: the end of the due day
    /// (`domain::followup::call_due_after_meeting`, 14 days after the meeting), local time.
    pub due: DateTime<Utc>,
    /// When the call was made ("Ringet"), else `None`.
    pub done_at: Option<DateTime<Utc>>,
}

/// One statutory follow-up (Barnets Lov), counted when `due` is in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatutoryRow {
    pub case_id: i64,
    /// The last instant that still counts as on time (e.g. the end of the due day).
    pub due: DateTime<Utc>,
    pub held_at: Option<DateTime<Utc>>,
}

/// What to report on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFilter {
    /// Start of the period (inclusive); `None` = from the beginning. Local time, so the report
    /// can print the dates the user typed.
    pub from: Option<DateTime<FixedOffset>>,
    /// End of the period (exclusive); `None` = up to `as_of`. For "--til 2025-03-31" pass
    /// 2025-04-01 00:00 local time; the report prints the last day included.
    pub to: Option<DateTime<FixedOffset>>,
    /// Only this team (case-insensitive); `None` = all teams.
    pub team: Option<String>,
    /// "Now": decides what is still pending (an alert raised an hour ago is not late yet).
    pub as_of: DateTime<FixedOffset>,
}

impl ReportFilter {
    pub(super) fn in_period(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| at >= from) && self.to.is_none_or(|to| at < to)
    }

    /// Something that existed from `start` until `end` (exclusive, `None` = still) overlaps the
    /// period.
    pub(super) fn overlaps(&self, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> bool {
        self.to.is_none_or(|to| start < to) && self.from.is_none_or(|from| end.is_none_or(|end| end > from))
    }

    pub(super) fn team_matches(&self, team: Option<&str>) -> bool {
        match (&self.team, team) {
            (None, _) => true,
            (Some(wanted), Some(team)) => wanted.trim().to_lowercase() == team.trim().to_lowercase(),
            (Some(_), None) => false,
        }
    }
}
