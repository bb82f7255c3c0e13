//! Management information (ledelsesinformation): aggregated figures about plans, goals,
//! progression, engagement and follow-up practice, for a period, per team and per caseworker.
//!
//! Pure: the service queries plain rows ([`ReportData`]), [`build`] turns them into a
//! [`ManagementReport`], and the formatters ([`to_text`], [`to_csv`], [`to_html`], [`to_json`])
//! print it. `taetkontakt rapport` and the team leader's `/ledelse` both call [`build`], so the
//! numbers are the same everywhere.
//!
//! # Privacy
//!
//! * **No identities go in.** The input rows carry opaque numeric ids (only used for grouping),
//!   keys (area, scale, role, status, rule), timestamps, numbers, the team name and the
//!   caseworker's name. No nickname, case code, goal wording, participant name or free text
//!   exists in [`ReportData`], so no output can contain one. Ids never reach the output.
//! * **Caseworkers are named.** The per-caseworker breakdown is about staff practice; staff are
//!   not protected like the children. The figures *about children* in a caseworker's group are
//!   suppressed like everywhere else.
//! * **Small counts are suppressed.** Every count is a [`Count`]: 1–4 is shown as `<5`
//!   ([`SUPPRESSED`]). A group (team, caseworker, the whole) with 1–4 cases is suppressed
//!   whole: every count `<5`, **zeros too** (an exact 0 about two children says something
//!   about both). An empty group shows its zeros. This is the same everywhere (text, CSV,
//!   HTML, JSON, chart bars).
//! * **Per-caseworker rows only from 5 cases.** A caseworker with fewer has no row; their
//!   cases stay in the team's and the whole's figures.
//! * **Complementary suppression** ([`crate::domain::suppression`]): a figure that could be
//!   worked out from the printed ones — a team minus its printed caseworkers (the ones without
//!   a row are the remainder), the whole minus its teams, a total minus its other categories
//!   (check-ins by status and role, alerts by rule), a share's whole — is protected by hiding
//!   further figures, shown as [`HIDDEN`] (`-`; JSON `null`), until no hidden figure is the
//!   only unknown of a sum and no sum leaves an exact 0 for hidden figures.
//! * **Percentages** ([`Share`]) are shown only when the whole is at least 5 and neither part
//!   nor whole is suppressed (0 % of 5 or more is shown); otherwise [`HIDDEN`] (`-`).
//! * **Medians** ([`Median`]) are shown only when they are computed from at least 5 values of
//!   a group that is not suppressed.
//! * **JSON is the suppressed view** too: a suppressed count serialises as the string `"<5"`
//!   (or `null` when hidden as a complement), a hidden percentage or median as `null`. The raw
//!   numbers cannot be read from a [`ManagementReport`] at all (not even through `Debug`).
//! * **Charts** ([`bars_for_charts`]) leave suppressed categories out (a bar of 0 would be a lie,
//!   a bar of 1–4 would reveal the count); true zeros stay. The HTML says so under the charts.
//! * Known limits: focus areas are not exclusive (a case may have goals in several), so there
//!   is no relation "cases = Σ areas" to protect; progression categories are protected against
//!   the other rows, not as a distribution of the goal total. Bounds (a cell of `<5` is at most 4) can narrow a hidden figure down, not fix it.

//! # Periods
//!
//! A period is `[from, to)`, each end optional; `as_of` is "now" for the report (a pure
//! function has no clock). A case is in the report when it was open at some time in the period
//! (opened before `to`, closed after `from` or still open) and belongs to the team filter. Every other
//! row belongs to a case and is counted when its case is in the report and its own timestamp is
//! in the period (see each row type). Rows of cases that are not in [`ReportData::cases`] are
//! ignored. Rows with unknown keys or out-of-range values are not counted and are reported as
//! [`ManagementReport::skipped_rows`]. A case or goal id repeated by a join counts once.
//!
//! # Groups
//!
//! [`ManagementReport::overall`] is everything the filter selects; `teams` has one group per
//! team (only when the report is not filtered to one team; cases of caseworkers without a team
//! form a "no team" group); `caseworkers` has one group per caseworker within a team.
//!
//! # Performance
//!
//! [`build`] is linear in the number of rows (hash maps keyed by id, one pass per row kind);
//! only the per-goal answer lists are sorted (inside [`classify`]).

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde::{Serialize, Serializer};

use crate::domain::alert_rules::{RuleKind, ScoredAnswer};
use crate::domain::progression::{Progression, classify};
use crate::domain::scale::{ScaleKind, Score};
use crate::domain::suppression::{Cell, Hidden, Relation, protect};
use crate::render::html::{base64, escape as esc};

/// Counts below this (except 0) are suppressed.
pub const MIN_SHOWN: u64 = 5;
/// How a suppressed count is shown, in every format.
pub const SUPPRESSED: &str = "<5";
/// How a hidden percentage or median is shown in text, CSV and HTML (JSON: `null`).
pub const HIDDEN: &str = "-";
/// An alert counts as assessed in time when assessed within this long after it was raised.
pub const ASSESS_WITHIN: TimeDelta = TimeDelta::hours(48);
/// Meeting ratings run from 0 to this (`domain::meeting::RATING_MAX`).
pub const RATING_MAX: i32 = 10;

/// Focus area keys, in report order (the same keys as `domain::goal::FocusArea::key`).
pub const AREAS: [&str; 7] = [
    "udvikling",
    "familie",
    "skole",
    "sundhed",
    "fritid",
    "voksenliv",
    "andet",
];
/// Participant role keys (`domain::participant::Role::key`), in report order.
pub const ROLES: [&str; 3] = ["youth", "parent", "witness"];
/// Check-in status keys of [`CheckinRow::status`], in report order.
pub const CHECKIN_STATUSES: [&str; 5] = ["answered", "skipped", "missed", "open", "skipped_by_system"];
/// Participant status keys (`domain::participant::ParticipantStatus::key`), in report order.
pub const PARTICIPANT_STATUSES: [&str; 5] = ["active", "invited", "paused", "stopped", "blocked"];

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/// Everything [`build`] needs, as plain rows. Timestamps are UTC (the database stores epoch
/// milliseconds). Ids are opaque and only used to connect rows; they never reach the output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportData {
    pub cases: Vec<CaseRow>,
    pub goals: Vec<GoalRow>,
    /// The young person's scored answers only (progression is the young person's view).
    pub youth_answers: Vec<AnswerRow>,
    pub checkins: Vec<CheckinRow>,
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

/// One goal of a plan. Counted when its case is in the report and it was active at some time
/// in the period (created before `to`, not archived before `from`).
#[derive(Debug, Clone, PartialEq)]
pub struct GoalRow {
    pub id: i64,
    pub case_id: i64,
    /// Focus area key (`goals.area`, one of [`AREAS`]).
    pub area: String,
    /// Scale key (`goals.scale`, [`ScaleKind::key`]).
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
    /// Role key of the participant ([`ROLES`]).
    pub role: String,
    /// [`CHECKIN_STATUSES`]: the check-in status key, except that an `answered` check-in whose
    /// prompts were all skipped is passed as `skipped`.
    pub status: String,
    pub at: DateTime<Utc>,
}

/// One participant with their current status (a snapshot as of the report, not per period).
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantRow {
    pub case_id: i64,
    /// Role key ([`ROLES`]).
    pub role: String,
    /// Status key ([`PARTICIPANT_STATUSES`]).
    pub status: String,
}

/// One alert, counted when `raised_at` is in the period. Do not pass alerts with status
/// `replaced`: a stronger alert took their place and is the one that waits for assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    pub case_id: i64,
    /// Rule key ([`RuleKind::key`]).
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
    /// 0–[`RATING_MAX`].
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
    fn in_period(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| at >= from) && self.to.is_none_or(|to| at < to)
    }

    /// Something that existed from `start` until `end` (exclusive, `None` = still) overlaps the
    /// period.
    fn overlaps(&self, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> bool {
        self.to.is_none_or(|to| start < to) && self.from.is_none_or(|from| end.is_none_or(|end| end > from))
    }

    fn team_matches(&self, team: Option<&str>) -> bool {
        match (&self.team, team) {
            (None, _) => true,
            (Some(wanted), Some(team)) => wanted.trim().to_lowercase() == team.trim().to_lowercase(),
            (Some(_), None) => false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/// A count as management may see it. The raw number cannot be read back when it is hidden.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Count(u64, Hidden);

impl Default for Count {
    fn default() -> Self {
        Count::new(0)
    }
}

impl Count {
    pub fn new(n: u64) -> Self {
        Count(n, Hidden::No)
    }

    /// 1–4, every count of a group with fewer than 5 cases, and cells hidden so that no
    /// hidden cell can be derived (see [`crate::domain::suppression`]).
    pub fn is_suppressed(self) -> bool {
        self.1 != Hidden::No || (1..MIN_SHOWN).contains(&self.0)
    }

    /// The number, unless it is suppressed.
    pub fn shown(self) -> Option<u64> {
        (!self.is_suppressed()).then_some(self.0)
    }

    /// The number; `<5` for a small count (0–4); [`HIDDEN`] for one hidden so that another
    /// cannot be derived (it may be any number).
    pub fn display(self) -> String {
        match (self.shown(), self.1) {
            (Some(n), _) => n.to_string(),
            (None, Hidden::Complementary) => HIDDEN.to_string(),
            (None, _) => SUPPRESSED.to_string(),
        }
    }
}

/// Shows the suppressed view, so a logged report leaks nothing either.
impl fmt::Debug for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Count({})", self.display())
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.shown(), self.1) {
            (Some(n), _) => serializer.serialize_u64(n),
            (None, Hidden::Complementary) => serializer.serialize_none(),
            (None, _) => serializer.serialize_str(SUPPRESSED),
        }
    }
}

/// A part of a whole with its percentage, suppressed when either is too small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Share {
    pub part: Count,
    pub whole: Count,
    /// Rounded percentage; `None` when the whole is below 5 or the part is suppressed.
    pub percent: Option<u32>,
}

impl Share {
    pub fn of(part: u64, whole: u64) -> Self {
        let part = part.min(whole);
        let shown = whole >= MIN_SHOWN && !Count::new(part).is_suppressed();
        let percent = shown.then(|| u32::try_from((part * 200 + whole) / (2 * whole)).unwrap_or(100));
        Share {
            part: Count::new(part),
            whole: Count::new(whole),
            percent,
        }
    }

    /// "42 %" or [`HIDDEN`].
    pub fn display_percent(&self) -> String {
        self.percent
            .map_or_else(|| HIDDEN.to_string(), |p| format!("{p} %"))
    }
}

/// A median with the number of values behind it; hidden below 5 values.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Median {
    pub n: Count,
    /// Rounded to one decimal; `None` when computed from fewer than 5 values.
    pub value: Option<f64>,
}

impl Median {
    fn of(values: &mut [f64]) -> Self {
        let n = values.len() as u64;
        let value = (n >= MIN_SHOWN).then(|| {
            values.sort_by(f64::total_cmp);
            let mid = values.len() / 2;
            let m = if values.len() % 2 == 1 {
                values[mid]
            } else {
                (values[mid - 1] + values[mid]) / 2.0
            };
            (m * 10.0).round() / 10.0
        });
        Median {
            n: Count::new(n),
            value,
        }
    }

    /// "12,5" (with the given decimal separator) or [`HIDDEN`].
    pub fn display(&self, decimal_separator: &str) -> String {
        self.value.map_or_else(
            || HIDDEN.to_string(),
            |v| format!("{v:.1}").replace('.', decimal_separator),
        )
    }
}

/// The report: the period, the whole (all teams, or the filtered team), each team (only when
/// not filtered to one team) and each caseworker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagementReport {
    pub period: Period,
    /// Counts below this (except 0) are shown as `<5`.
    pub min_shown: u64,
    pub overall: GroupReport,
    pub teams: Vec<GroupReport>,
    pub caseworkers: Vec<GroupReport>,
    /// Rows not counted because of an unknown key or an out-of-range value (a data defect;
    /// shown like every other count).
    pub skipped_rows: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub from: Option<DateTime<FixedOffset>>,
    pub to: Option<DateTime<FixedOffset>>,
    pub as_of: DateTime<FixedOffset>,
    pub team: Option<String>,
}

/// Whom a set of figures is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Group {
    All,
    /// `team: None` = cases whose caseworker has no team.
    Team {
        team: Option<String>,
    },
    Caseworker {
        team: Option<String>,
        caseworker: String,
    },
}

impl Group {
    /// Stable value of the CSV `group` column: `all`, `team:Nord`, `no-team`,
    /// `team:Nord/caseworker:Anne Jensen`, `no-team/caseworker:Anne Jensen`.
    pub fn key(&self) -> String {
        fn team_key(team: &Option<String>) -> String {
            team.as_ref()
                .map_or_else(|| "no-team".to_string(), |t| format!("team:{t}"))
        }
        match self {
            Group::All => "all".to_string(),
            Group::Team { team } => team_key(team),
            Group::Caseworker { team, caseworker } => format!("{}/caseworker:{caseworker}", team_key(team)),
        }
    }

    /// Human name: "Alle", "Team Nord", "Uden team", "Anne Jensen (Team Nord)".
    pub fn display(&self, labels: &dyn Fn(&str) -> String) -> String {
        let team_name = |team: &Option<String>| match team {
            Some(t) => format!("{} {t}", labels("mgmt-group-team")),
            None => labels("mgmt-group-no-team"),
        };
        match self {
            Group::All => labels("mgmt-group-all"),
            Group::Team { team } => team_name(team),
            Group::Caseworker { team, caseworker } => format!("{caseworker} ({})", team_name(team)),
        }
    }
}

/// All figures for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub group: Group,
    pub plans: Plans,
    pub progression: ProgressionFigures,
    pub engagement: Engagement,
    pub follow_up: FollowUp,
}

/// Plans and goals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plans {
    pub active_cases: Count,
    pub cases_with_goals: Count,
    pub goals: Count,
    /// Goals written in the young person's own words, of all goals.
    pub own_words: Share,
    /// One row per focus area, in [`AREAS`] order.
    pub areas: Vec<AreaFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigures {
    /// Focus area key ([`AREAS`]).
    pub area: String,
    /// Cases with at least one goal in the area.
    pub cases: Count,
    pub goals: Count,
}

/// Progression (progressionsmål) of each goal against the young person's own baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressionFigures {
    /// Goals per classification, in [`Progression::ALL`] order.
    pub goals: Vec<ProgressionCount>,
    /// Young people with at least one goal that can be measured (3 or more answers).
    pub youth_measurable: Count,
    /// Young people with at least one goal reliably better, of those with a measurable goal.
    pub youth_better: Share,
    /// Young people with at least one goal reliably worse, of those with a measurable goal.
    pub youth_worse: Share,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProgressionCount {
    pub progression: Progression,
    pub goals: Count,
}

/// Engagement: check-ins and participants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    /// One row per role in [`ROLES`] order, then the total (role `all`).
    pub checkins: Vec<RoleCheckins>,
    /// One row per role in [`ROLES`] order (current status, not per period).
    pub participants: Vec<RoleParticipants>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleCheckins {
    /// Role key, or `all`.
    pub role: String,
    /// Sent to the participant: answered + skipped + missed + open.
    pub sent: Count,
    pub answered: Count,
    /// Closed with every question skipped.
    pub skipped: Count,
    /// Expired unanswered.
    pub missed: Count,
    /// Still open.
    pub open: Count,
    /// Never sent because the service was down (not the participant's silence).
    pub not_sent: Count,
    /// Answered, of the closed check-ins (answered + skipped + missed).
    pub answered_share: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleParticipants {
    pub role: String,
    pub active: Count,
    pub invited: Count,
    pub paused: Count,
    pub stopped: Count,
    pub blocked: Count,
}

/// Follow-up practice (procesmål).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    /// One row per rule, in [`RuleKind::ALL`] order.
    pub alerts: Vec<RuleCount>,
    pub alerts_total: Count,
    /// Assessed within 48 hours, of the alerts that are assessed or older than 48 hours
    /// (alerts younger than 48 hours and not yet assessed are still pending and left out).
    pub assessed_within_48h: Share,
    /// Not assessed and older than 48 hours at `as_of`.
    pub unassessed_over_48h: Count,
    /// Median hours from raised to assessed, over the assessed alerts.
    pub hours_to_assessment: Median,
    /// Follow-up calls done by their due time (14 days after the meeting), of the calls that
    /// are done or past due.
    pub calls_within_14_days: Share,
    /// Statutory follow-ups held by their due time, of those held or past due.
    pub statutory_on_time: Share,
    pub meetings_held: Count,
    /// Held meetings whose agenda went out beforehand, of the held meetings.
    pub agenda_before: Share,
    /// Median of the meeting ratings.
    pub meeting_rating: Median,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RuleCount {
    pub rule: RuleKind,
    pub alerts: Count,
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/// Raw tallies of one group; never leaves this module.
#[derive(Default)]
struct Tally {
    active_cases: u64,
    cases_with_goals: u64,
    goals: u64,
    own_words: u64,
    area_cases: [u64; AREAS.len()],
    area_goals: [u64; AREAS.len()],
    progression: [u64; Progression::ALL.len()],
    youth_measurable: u64,
    youth_better: u64,
    youth_worse: u64,
    checkins: [[u64; CHECKIN_STATUSES.len()]; ROLES.len()],
    participants: [[u64; PARTICIPANT_STATUSES.len()]; ROLES.len()],
    alerts: [u64; RuleKind::ALL.len()],
    alerts_decided: u64,
    alerts_within: u64,
    alerts_overdue: u64,
    assessment_hours: Vec<f64>,
    calls_decided: u64,
    calls_within: u64,
    statutory_decided: u64,
    statutory_on_time: u64,
    meetings_held: u64,
    agenda_before: u64,
    ratings: Vec<f64>,
}

/// Per case: which tallies it adds to (the whole, its team, its caseworker).
struct Groups {
    groups: Vec<(Group, Tally)>,
    /// Case id → indices into `groups`.
    case_slots: HashMap<i64, Vec<usize>>,
}

impl Groups {
    fn has(&self, case_id: i64) -> bool {
        self.case_slots.contains_key(&case_id)
    }

    fn add(&mut self, case_id: i64, mut f: impl FnMut(&mut Tally)) {
        let Some(slots) = self.case_slots.get(&case_id) else {
            return;
        };
        for &slot in slots {
            f(&mut self.groups[slot].1);
        }
    }
}

fn index_of(keys: &[&str], key: &str) -> Option<usize> {
    keys.iter().position(|k| *k == key)
}

/// Builds the report. The one function behind `taetkontakt rapport` and `/ledelse`.
pub fn build(data: &ReportData, filter: &ReportFilter) -> ManagementReport {
    build_with(data, filter, true)
}

/// [`build`]; without the group and complementary suppression only for tests of the counting
/// itself (primary suppression of 1–4 stays: it lives in [`Count`]).
fn build_with(data: &ReportData, filter: &ReportFilter, protected: bool) -> ManagementReport {
    let mut skipped: u64 = 0;
    let mut groups = Groups {
        groups: vec![(Group::All, Tally::default())],
        case_slots: HashMap::with_capacity(data.cases.len()),
    };
    let mut slot_of: HashMap<Group, usize> = HashMap::new();
    let mut slot = |groups: &mut Vec<(Group, Tally)>, group: Group| -> usize {
        *slot_of.entry(group.clone()).or_insert_with(|| {
            groups.push((group, Tally::default()));
            groups.len() - 1
        })
    };

    // Cases in the report, and the groups each adds to.
    for case in &data.cases {
        // A case appears once, whatever a join may have repeated.
        if groups.has(case.id)
            || !filter.team_matches(case.team.as_deref())
            || !filter.overlaps(case.opened_at, case.closed_at)
        {
            continue;
        }
        let mut slots = vec![0];
        if filter.team.is_none() {
            slots.push(slot(
                &mut groups.groups,
                Group::Team {
                    team: case.team.clone(),
                },
            ));
        }
        slots.push(slot(
            &mut groups.groups,
            Group::Caseworker {
                team: case.team.clone(),
                caseworker: case.caseworker.clone(),
            },
        ));
        groups.case_slots.insert(case.id, slots);
        groups.add(case.id, |t| t.active_cases += 1);
    }

    // Goals, then the young person's answers per goal.
    struct GoalInfo {
        case_id: i64,
        scale: ScaleKind,
        answers: Vec<ScoredAnswer>,
    }
    let mut goals: HashMap<i64, GoalInfo> = HashMap::new();
    #[derive(Default, Clone, Copy)]
    struct CaseGoals {
        areas: [bool; AREAS.len()],
        measurable: bool,
        better: bool,
        worse: bool,
    }
    let mut case_goals: HashMap<i64, CaseGoals> = HashMap::new();
    for goal in &data.goals {
        if goals.contains_key(&goal.id)
            || !groups.has(goal.case_id)
            || !filter.overlaps(goal.created_at, goal.archived_at)
        {
            continue;
        }
        let (Some(area), Ok(scale)) = (index_of(&AREAS, &goal.area), ScaleKind::parse(&goal.scale)) else {
            skipped += 1;
            continue;
        };
        goals.insert(
            goal.id,
            GoalInfo {
                case_id: goal.case_id,
                scale,
                answers: Vec::new(),
            },
        );
        case_goals.entry(goal.case_id).or_default().areas[area] = true;
        let own = u64::from(goal.own_words);
        groups.add(goal.case_id, |t| {
            t.goals += 1;
            t.own_words += own;
            t.area_goals[area] += 1;
        });
    }
    for answer in &data.youth_answers {
        if filter.to.is_some_and(|to| answer.at >= to) {
            continue;
        }
        let Some(goal) = goals.get_mut(&answer.goal_id) else {
            continue;
        };
        match Score::new(&goal.scale.scale(), answer.value) {
            Ok(score) => goal.answers.push(ScoredAnswer { at: answer.at, score }),
            Err(_) => skipped += 1,
        }
    }
    for goal in goals.values() {
        let progression = classify(&goal.scale.scale(), &goal.answers).progression;
        let index = Progression::ALL
            .iter()
            .position(|p| *p == progression)
            .unwrap_or(0);
        groups.add(goal.case_id, |t| t.progression[index] += 1);
        let facts = case_goals.entry(goal.case_id).or_default();
        facts.measurable |= progression != Progression::NotYetMeasurable;
        facts.better |= progression == Progression::ReliablyBetter;
        facts.worse |= progression == Progression::ReliablyWorse;
    }
    for (&case_id, facts) in &case_goals {
        groups.add(case_id, |t| {
            t.cases_with_goals += 1;
            for (i, _) in facts.areas.iter().enumerate().filter(|(_, has)| **has) {
                t.area_cases[i] += 1;
            }
            t.youth_measurable += u64::from(facts.measurable);
            t.youth_better += u64::from(facts.better);
            t.youth_worse += u64::from(facts.worse);
        });
    }

    // Engagement.
    for checkin in &data.checkins {
        if !groups.has(checkin.case_id) || !filter.in_period(checkin.at) {
            continue;
        }
        match (
            index_of(&ROLES, &checkin.role),
            index_of(&CHECKIN_STATUSES, &checkin.status),
        ) {
            (Some(role), Some(status)) => groups.add(checkin.case_id, |t| t.checkins[role][status] += 1),
            _ => skipped += 1,
        }
    }
    for participant in &data.participants {
        if !groups.has(participant.case_id) {
            continue;
        }
        match (
            index_of(&ROLES, &participant.role),
            index_of(&PARTICIPANT_STATUSES, &participant.status),
        ) {
            (Some(role), Some(status)) => {
                groups.add(participant.case_id, |t| t.participants[role][status] += 1)
            }
            _ => skipped += 1,
        }
    }

    // Follow-up practice.
    let as_of = filter.as_of.with_timezone(&Utc);
    for alert in &data.alerts {
        if !groups.has(alert.case_id) || !filter.in_period(alert.raised_at) {
            continue;
        }
        let Some(rule) = RuleKind::ALL.iter().position(|r| r.key() == alert.rule) else {
            skipped += 1;
            continue;
        };
        let waited = alert
            .assessed_at
            .map(|at| (at - alert.raised_at).max(TimeDelta::zero()));
        let overdue = waited.is_none() && as_of - alert.raised_at > ASSESS_WITHIN;
        groups.add(alert.case_id, |t| {
            t.alerts[rule] += 1;
            if let Some(waited) = waited {
                t.alerts_decided += 1;
                t.alerts_within += u64::from(waited <= ASSESS_WITHIN);
                t.assessment_hours.push(waited.num_seconds() as f64 / 3600.0);
            } else if overdue {
                t.alerts_decided += 1;
                t.alerts_overdue += 1;
            }
        });
    }
    for call in &data.call_tasks {
        if !groups.has(call.case_id) || !filter.in_period(call.meeting_at) {
            continue;
        }
        let (decided, within) = match call.done_at {
            Some(done) => (true, done <= call.due),
            None => (as_of > call.due, false),
        };
        groups.add(call.case_id, |t| {
            t.calls_decided += u64::from(decided);
            t.calls_within += u64::from(within);
        });
    }
    for follow_up in &data.statutory_follow_ups {
        if !groups.has(follow_up.case_id) || !filter.in_period(follow_up.due) {
            continue;
        }
        let (decided, on_time) = match follow_up.held_at {
            Some(held) => (true, held <= follow_up.due),
            None => (as_of > follow_up.due, false),
        };
        groups.add(follow_up.case_id, |t| {
            t.statutory_decided += u64::from(decided);
            t.statutory_on_time += u64::from(on_time);
        });
    }
    for meeting in &data.meetings {
        if !meeting.held || !groups.has(meeting.case_id) || !filter.in_period(meeting.at) {
            continue;
        }
        let agenda = u64::from(meeting.agenda_sent_before);
        groups.add(meeting.case_id, |t| {
            t.meetings_held += 1;
            t.agenda_before += agenda;
        });
    }
    for rating in &data.meeting_ratings {
        if !groups.has(rating.case_id) || !filter.in_period(rating.at) {
            continue;
        }
        if !(0..=RATING_MAX).contains(&rating.value) {
            skipped += 1;
            continue;
        }
        groups.add(rating.case_id, |t| t.ratings.push(f64::from(rating.value)));
    }

    // Finish: the whole first, then teams and caseworkers in name order ("no team" last).
    let mut overall = None;
    let mut teams = Vec::new();
    let mut caseworkers = Vec::new();
    for (group, mut tally) in groups.groups {
        let figures = finish(group, &mut tally);
        match figures.group {
            Group::All => overall = Some(figures),
            Group::Team { .. } => teams.push(figures),
            Group::Caseworker { .. } => caseworkers.push(figures),
        }
    }
    let order = |group: &Group| match group {
        Group::All => (false, String::new(), String::new()),
        Group::Team { team } => (team.is_none(), team.clone().unwrap_or_default(), String::new()),
        Group::Caseworker { team, caseworker } => (
            team.is_none(),
            team.clone().unwrap_or_default(),
            caseworker.clone(),
        ),
    };
    teams.sort_by_key(|g| order(&g.group));
    caseworkers.sort_by_key(|g| order(&g.group));
    let mut overall = overall.unwrap_or_else(|| finish(Group::All, &mut Tally::default()));
    if protected {
        suppress(&mut overall, &mut teams, &mut caseworkers, filter.team.is_some());
    }
    ManagementReport {
        period: Period {
            from: filter.from,
            to: filter.to,
            as_of: filter.as_of,
            team: filter.team.clone(),
        },
        min_shown: MIN_SHOWN,
        overall,
        teams,
        caseworkers,
        skipped_rows: Count::new(skipped),
    }
}

fn finish(group: Group, t: &mut Tally) -> GroupReport {
    let role_checkins = |role: &str, c: [u64; CHECKIN_STATUSES.len()]| {
        let [answered, skipped, missed, open, not_sent] = c;
        RoleCheckins {
            role: role.to_string(),
            sent: Count::new(answered + skipped + missed + open),
            answered: Count::new(answered),
            skipped: Count::new(skipped),
            missed: Count::new(missed),
            open: Count::new(open),
            not_sent: Count::new(not_sent),
            answered_share: Share::of(answered, answered + skipped + missed),
        }
    };
    let mut checkins: Vec<RoleCheckins> = ROLES
        .iter()
        .zip(t.checkins)
        .map(|(role, c)| role_checkins(role, c))
        .collect();
    let mut all = [0; CHECKIN_STATUSES.len()];
    for role in t.checkins {
        for (sum, n) in all.iter_mut().zip(role) {
            *sum += n;
        }
    }
    checkins.push(role_checkins("all", all));
    let participants = ROLES
        .iter()
        .zip(t.participants)
        .map(
            |(role, [active, invited, paused, stopped, blocked])| RoleParticipants {
                role: role.to_string(),
                active: Count::new(active),
                invited: Count::new(invited),
                paused: Count::new(paused),
                stopped: Count::new(stopped),
                blocked: Count::new(blocked),
            },
        )
        .collect();
    GroupReport {
        group,
        plans: Plans {
            active_cases: Count::new(t.active_cases),
            cases_with_goals: Count::new(t.cases_with_goals),
            goals: Count::new(t.goals),
            own_words: Share::of(t.own_words, t.goals),
            areas: AREAS
                .iter()
                .enumerate()
                .map(|(i, area)| AreaFigures {
                    area: area.to_string(),
                    cases: Count::new(t.area_cases[i]),
                    goals: Count::new(t.area_goals[i]),
                })
                .collect(),
        },
        progression: ProgressionFigures {
            goals: Progression::ALL
                .iter()
                .zip(t.progression)
                .map(|(&progression, n)| ProgressionCount {
                    progression,
                    goals: Count::new(n),
                })
                .collect(),
            youth_measurable: Count::new(t.youth_measurable),
            youth_better: Share::of(t.youth_better, t.youth_measurable),
            youth_worse: Share::of(t.youth_worse, t.youth_measurable),
        },
        engagement: Engagement {
            checkins,
            participants,
        },
        follow_up: FollowUp {
            alerts: RuleKind::ALL
                .iter()
                .zip(t.alerts)
                .map(|(&rule, n)| RuleCount {
                    rule,
                    alerts: Count::new(n),
                })
                .collect(),
            alerts_total: Count::new(t.alerts.iter().sum()),
            assessed_within_48h: Share::of(t.alerts_within, t.alerts_decided),
            unassessed_over_48h: Count::new(t.alerts_overdue),
            hours_to_assessment: Median::of(&mut t.assessment_hours),
            calls_within_14_days: Share::of(t.calls_within, t.calls_decided),
            statutory_on_time: Share::of(t.statutory_on_time, t.statutory_decided),
            meetings_held: Count::new(t.meetings_held),
            agenda_before: Share::of(t.agenda_before, t.meetings_held),
            meeting_rating: Median::of(&mut t.ratings),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Suppression that holds
// ---------------------------------------------------------------------------------------------

/// Every count of a group, each with a stable name, in a fixed order (the same for every
/// group, so cell `i` of a team and cell `i` of its caseworkers are the same figure).
fn visit(g: &mut GroupReport, f: &mut dyn FnMut(String, &mut Count)) {
    let p = &mut g.plans;
    f("cases".into(), &mut p.active_cases);
    f("cases_with_goals".into(), &mut p.cases_with_goals);
    f("goals".into(), &mut p.goals);
    f("own_words.part".into(), &mut p.own_words.part);
    f("own_words.whole".into(), &mut p.own_words.whole);
    for a in &mut p.areas {
        f(format!("area.{}.cases", a.area), &mut a.cases);
        f(format!("area.{}.goals", a.area), &mut a.goals);
    }
    let pr = &mut g.progression;
    for (i, c) in pr.goals.iter_mut().enumerate() {
        f(format!("progression.{i}"), &mut c.goals);
    }
    f("youth_measurable".into(), &mut pr.youth_measurable);
    f("youth_better.part".into(), &mut pr.youth_better.part);
    f("youth_better.whole".into(), &mut pr.youth_better.whole);
    f("youth_worse.part".into(), &mut pr.youth_worse.part);
    f("youth_worse.whole".into(), &mut pr.youth_worse.whole);
    for c in &mut g.engagement.checkins {
        let r = c.role.clone();
        f(format!("checkins.{r}.sent"), &mut c.sent);
        f(format!("checkins.{r}.answered"), &mut c.answered);
        f(format!("checkins.{r}.skipped"), &mut c.skipped);
        f(format!("checkins.{r}.missed"), &mut c.missed);
        f(format!("checkins.{r}.open"), &mut c.open);
        f(format!("checkins.{r}.not_sent"), &mut c.not_sent);
        f(format!("checkins.{r}.share.part"), &mut c.answered_share.part);
        f(format!("checkins.{r}.share.whole"), &mut c.answered_share.whole);
    }
    for c in &mut g.engagement.participants {
        let r = c.role.clone();
        f(format!("participants.{r}.active"), &mut c.active);
        f(format!("participants.{r}.invited"), &mut c.invited);
        f(format!("participants.{r}.paused"), &mut c.paused);
        f(format!("participants.{r}.stopped"), &mut c.stopped);
        f(format!("participants.{r}.blocked"), &mut c.blocked);
    }
    let fu = &mut g.follow_up;
    for a in &mut fu.alerts {
        f(format!("alerts.{}", a.rule.key()), &mut a.alerts);
    }
    f("alerts_total".into(), &mut fu.alerts_total);
    f("assessed_48h.part".into(), &mut fu.assessed_within_48h.part);
    f("assessed_48h.whole".into(), &mut fu.assessed_within_48h.whole);
    f("unassessed_48h".into(), &mut fu.unassessed_over_48h);
    f("hours_to_assessment.n".into(), &mut fu.hours_to_assessment.n);
    f("calls_14.part".into(), &mut fu.calls_within_14_days.part);
    f("calls_14.whole".into(), &mut fu.calls_within_14_days.whole);
    f("statutory.part".into(), &mut fu.statutory_on_time.part);
    f("statutory.whole".into(), &mut fu.statutory_on_time.whole);
    f("meetings_held".into(), &mut fu.meetings_held);
    f("agenda_before.part".into(), &mut fu.agenda_before.part);
    f("agenda_before.whole".into(), &mut fu.agenda_before.whole);
    f("meeting_rating.n".into(), &mut fu.meeting_rating.n);
}

/// A group's counts by name, in [`visit`] order.
type NamedValues = Vec<(String, u64)>;

fn names_and_values(g: &mut GroupReport) -> NamedValues {
    let mut out = Vec::new();
    visit(g, &mut |name, c| out.push((name, c.0)));
    out
}

/// The additive facts inside one group, as relations between its cell indices (`at` gives
/// the index of a named cell, offset for the group).
fn within_group_relations(names: &[(String, u64)], offset: usize, out: &mut Vec<Relation>) {
    let at = |name: &str| names.iter().position(|(n, _)| n == name).map(|i| i + offset);
    let mut push = |total: &str, parts: &[String]| {
        let parts: Option<Vec<usize>> = parts.iter().map(|p| at(p)).collect();
        if let (Some(total), Some(parts)) = (at(total), parts) {
            out.push(Relation::new(total, parts));
        }
    };
    let roles: Vec<&str> = ROLES.iter().copied().chain(["all"]).collect();
    for r in &roles {
        let s = |x: &str| format!("checkins.{r}.{x}");
        push(&s("sent"), &[s("answered"), s("skipped"), s("missed"), s("open")]);
        push(&s("share.whole"), &[s("answered"), s("skipped"), s("missed")]);
        push(&s("share.part"), &[s("answered")]);
        push(&s("answered"), &[s("share.part")]);
    }
    for x in ["sent", "answered", "skipped", "missed", "open", "not_sent"] {
        let parts: Vec<String> = ROLES.iter().map(|r| format!("checkins.{r}.{x}")).collect();
        push(&format!("checkins.all.{x}"), &parts);
    }
    let rules: Vec<String> = RuleKind::ALL
        .iter()
        .map(|r| format!("alerts.{}", r.key()))
        .collect();
    push("alerts_total", &rules);
    for (a, b) in [
        ("own_words.whole", "goals"),
        ("youth_better.whole", "youth_measurable"),
        ("youth_worse.whole", "youth_measurable"),
        ("agenda_before.whole", "meetings_held"),
    ] {
        push(a, &[b.to_string()]);
        push(b, &[a.to_string()]);
    }
}

/// Suppression that holds (see [`crate::domain::suppression`]): groups with fewer than 5
/// cases are hidden whole (zeros too), caseworkers with fewer than 5 cases get no row, and
/// complementary cells are hidden until nothing hidden can be derived from a group's totals
/// or from a total minus its printed rows (the whole minus its teams, a team minus its
/// caseworkers — the caseworkers without a row count as an unprinted residual).
fn suppress(
    overall: &mut GroupReport,
    teams: &mut [GroupReport],
    caseworkers: &mut Vec<GroupReport>,
    one_team: bool,
) {
    use crate::domain::suppression::MIN_GROUP;
    let team_of = |g: &Group| match g {
        Group::Team { team } | Group::Caseworker { team, .. } => team.clone(),
        Group::All => None,
    };
    // Values of every caseworker before rows are left out: residuals need them.
    let all_caseworkers: Vec<(Option<String>, NamedValues)> = caseworkers
        .iter_mut()
        .map(|g| (team_of(&g.group), names_and_values(g)))
        .collect();
    caseworkers.retain(|g| g.plans.active_cases.0 >= MIN_GROUP);
    let n_teams = if one_team { 0 } else { teams.len() };
    let n_caseworkers = caseworkers.len();

    // Cells of every printed group, one block per group in the same order.
    let mut groups: Vec<&mut GroupReport> = std::iter::once(overall)
        .chain(teams.iter_mut())
        .chain(caseworkers.iter_mut())
        .collect();
    let blocks: Vec<Vec<(String, u64)>> = groups.iter_mut().map(|g| names_and_values(g)).collect();
    let width = blocks[0].len();
    let mut cells: Vec<Cell> = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    for block in &blocks {
        let cases = block[0].1;
        let offset = cells.len();
        // An empty group identifies nobody: its zeros are shown.
        let cases = if cases == 0 { MIN_GROUP } else { cases };
        cells.extend(block.iter().map(|(_, v)| Cell::count(*v, cases)));
        within_group_relations(block, offset, &mut relations);
    }
    // The whole = Σ teams (every case is in exactly one team group, "no team" included).
    if n_teams > 0 {
        for m in 0..width {
            relations.push(Relation::new(m, (1..=n_teams).map(|t| t * width + m)));
        }
    }
    // Each team (or the whole, when filtered to one team) = Σ its printed caseworkers + the
    // caseworkers without a row.
    let parents: Vec<(usize, Option<Option<String>>)> = if one_team || n_teams == 0 {
        vec![(0, None)]
    } else {
        (1..=n_teams)
            .map(|t| (t, Some(team_of(&groups[t].group))))
            .collect()
    };
    let printed: Vec<(usize, Option<String>)> = (0..n_caseworkers)
        .map(|c| (1 + n_teams + c, team_of(&groups[1 + n_teams + c].group)))
        .collect();
    for (parent, team) in parents {
        let in_team = |t: &Option<String>| team.as_ref().is_none_or(|team| team == t);
        let rows: Vec<usize> = printed
            .iter()
            .filter(|(_, t)| in_team(t))
            .map(|(i, _)| *i)
            .collect();
        let mut residual = vec![0u64; width];
        for (t, values) in &all_caseworkers {
            if in_team(t) && values[0].1 < MIN_GROUP {
                for (m, (_, v)) in values.iter().enumerate() {
                    residual[m] += v;
                }
            }
        }
        let residual_cases = residual[0];
        let residual_start = cells.len();
        if residual_cases > 0 {
            cells.extend(residual.iter().map(|v| Cell::residual(*v, residual_cases)));
        }
        for m in 0..width {
            let mut parts: Vec<usize> = rows.iter().map(|r| r * width + m).collect();
            if residual_cases > 0 {
                parts.push(residual_start + m);
            }
            if !parts.is_empty() {
                relations.push(Relation::new(parent * width + m, parts));
            }
        }
    }
    protect(&mut cells, &relations);

    for (gi, g) in groups.iter_mut().enumerate() {
        let mut i = gi * width;
        visit(g, &mut |_, c| {
            c.1 = cells[i].hidden;
            i += 1;
        });
        fix_shares_and_medians(g);
    }
}

/// A percentage is shown only when its part and whole are; a median only when its count is.
fn fix_shares_and_medians(g: &mut GroupReport) {
    fn share(s: &mut Share) {
        if s.part.is_suppressed() || s.whole.is_suppressed() {
            s.percent = None;
        }
    }
    fn median(m: &mut Median) {
        if m.n.1 != Hidden::No {
            m.value = None;
        }
    }
    share(&mut g.plans.own_words);
    share(&mut g.progression.youth_better);
    share(&mut g.progression.youth_worse);
    for c in &mut g.engagement.checkins {
        share(&mut c.answered_share);
    }
    let fu = &mut g.follow_up;
    for s in [
        &mut fu.assessed_within_48h,
        &mut fu.calls_within_14_days,
        &mut fu.statutory_on_time,
        &mut fu.agenda_before,
    ] {
        share(s);
    }
    median(&mut fu.hours_to_assessment);
    median(&mut fu.meeting_rating);
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

/// Chart title keys, as returned by [`bars_for_charts`] and expected by [`to_html`].
pub const CHART_AREAS: &str = "mgmt-chart-areas";
pub const CHART_PROGRESSION: &str = "mgmt-chart-progression";
pub const CHART_CHECKINS: &str = "mgmt-chart-checkins";

/// The distributions of the whole report the service should draw as bar charts: a title key
/// and (label key, value) bars, both to be rendered through the labels. Suppressed categories
/// are left out (never drawn as 0 or as their true value); zeros are kept.
pub fn bars_for_charts(report: &ManagementReport) -> Vec<(String, Vec<(String, u32)>)> {
    fn bar(key: String, count: Count) -> Option<(String, u32)> {
        count.shown().map(|n| (key, u32::try_from(n).unwrap_or(u32::MAX)))
    }
    let all = &report.overall;
    let areas = all
        .plans
        .areas
        .iter()
        .filter_map(|a| bar(format!("mgmt-area-{}", a.area), a.goals))
        .collect();
    let progression = all
        .progression
        .goals
        .iter()
        .filter_map(|p| bar(format!("mgmt-progression-{}", p.progression.key()), p.goals))
        .collect();
    let checkins = all
        .engagement
        .checkins
        .iter()
        .filter(|c| c.role == "all")
        .flat_map(|c| {
            [
                bar("mgmt-checkin-answered".into(), c.answered),
                bar("mgmt-checkin-skipped".into(), c.skipped),
                bar("mgmt-checkin-missed".into(), c.missed),
                bar("mgmt-checkin-open".into(), c.open),
            ]
        })
        .flatten()
        .collect();
    vec![
        (CHART_AREAS.to_string(), areas),
        (CHART_PROGRESSION.to_string(), progression),
        (CHART_CHECKINS.to_string(), checkins),
    ]
}

// ---------------------------------------------------------------------------------------------
// Formatters
// ---------------------------------------------------------------------------------------------

/// One line of the flat view: CSV rows, and the source of every figure in text and HTML.
struct Metric {
    section: &'static str,
    metric: String,
    /// Label keys; the label is their texts joined by " – ".
    label: Vec<String>,
    /// Machine value: a count (`<5` when suppressed), a percentage without `%`, or a median
    /// with `.` as decimal separator; [`HIDDEN`] when hidden.
    value: String,
}

/// Collects [`Metric`]s in order.
struct Metrics {
    section: &'static str,
    out: Vec<Metric>,
}

impl Metrics {
    fn push(&mut self, metric: String, label: Vec<String>, value: String) {
        self.out.push(Metric {
            section: self.section,
            metric,
            label,
            value,
        });
    }

    fn count(&mut self, metric: impl Into<String>, label: &[&str], count: Count) {
        self.push(metric.into(), keys(label), count.display());
    }

    /// Three rows: the part (`metric`), the whole (`metric_of`) and the percentage
    /// (`metric_pct`).
    fn share(&mut self, metric: impl Into<String>, label: &[&str], share: Share) {
        let metric = metric.into();
        let with = |suffix: &str| {
            let mut label = keys(label);
            label.push(suffix.to_string());
            label
        };
        self.push(metric.clone(), keys(label), share.part.display());
        self.push(
            format!("{metric}_of"),
            with("mgmt-share-whole"),
            share.whole.display(),
        );
        let percent = share
            .percent
            .map_or_else(|| HIDDEN.to_string(), |p| p.to_string());
        self.push(format!("{metric}_pct"), with("mgmt-share-percent"), percent);
    }

    /// Two rows: the number of values (`metric_n`) and the median (`metric_median`).
    fn median(&mut self, metric: &str, label: &str, median: Median) {
        self.push(
            format!("{metric}_n"),
            keys(&[label, "mgmt-median-n"]),
            median.n.display(),
        );
        self.push(
            format!("{metric}_median"),
            keys(&[label, "mgmt-median"]),
            median.display("."),
        );
    }
}

fn metrics(g: &GroupReport) -> Vec<Metric> {
    let mut m = Metrics {
        section: "plans",
        out: Vec::new(),
    };
    let p = &g.plans;
    m.count("active_cases", &["mgmt-active-cases"], p.active_cases);
    m.count("cases_with_goals", &["mgmt-cases-with-goals"], p.cases_with_goals);
    m.count("goals", &["mgmt-goals"], p.goals);
    m.share("own_words", &["mgmt-own-words"], p.own_words);
    for a in &p.areas {
        let area = format!("mgmt-area-{}", a.area);
        m.count(format!("area.{}.cases", a.area), &[&area, "mgmt-cases"], a.cases);
        m.count(format!("area.{}.goals", a.area), &[&area, "mgmt-goals"], a.goals);
    }

    m.section = "progression";
    let pr = &g.progression;
    for c in &pr.goals {
        let key = c.progression.key();
        let label = format!("mgmt-progression-{key}");
        m.count(format!("goals.{key}"), &["mgmt-goals", &label], c.goals);
    }
    m.count(
        "youth_measurable",
        &["mgmt-youth-measurable"],
        pr.youth_measurable,
    );
    m.share("youth_better", &["mgmt-youth-better"], pr.youth_better);
    m.share("youth_worse", &["mgmt-youth-worse"], pr.youth_worse);

    m.section = "engagement";
    for c in &g.engagement.checkins {
        let role = format!("mgmt-role-{}", c.role);
        for (name, value) in [
            ("sent", c.sent),
            ("answered", c.answered),
            ("skipped", c.skipped),
            ("missed", c.missed),
            ("open", c.open),
            ("not_sent", c.not_sent),
        ] {
            let label = format!("mgmt-checkin-{}", name.replace('_', "-"));
            m.count(
                format!("checkins.{}.{name}", c.role),
                &[&role, "mgmt-checkins", &label],
                value,
            );
        }
        m.share(
            format!("checkins.{}.answered_share", c.role),
            &[&role, "mgmt-checkins", "mgmt-checkin-answered-share"],
            c.answered_share,
        );
    }
    for r in &g.engagement.participants {
        let role = format!("mgmt-role-{}", r.role);
        for (name, value) in [
            ("active", r.active),
            ("invited", r.invited),
            ("paused", r.paused),
            ("stopped", r.stopped),
            ("blocked", r.blocked),
        ] {
            let label = format!("mgmt-participant-{name}");
            m.count(
                format!("participants.{}.{name}", r.role),
                &[&role, "mgmt-participants", &label],
                value,
            );
        }
    }

    m.section = "follow_up";
    let f = &g.follow_up;
    for r in &f.alerts {
        let key = r.rule.key();
        let label = format!("mgmt-rule-{key}");
        m.count(format!("alerts.{key}"), &["mgmt-alerts", &label], r.alerts);
    }
    m.count("alerts_total", &["mgmt-alerts-total"], f.alerts_total);
    m.share(
        "assessed_within_48h",
        &["mgmt-assessed-within-48h"],
        f.assessed_within_48h,
    );
    m.count(
        "unassessed_over_48h",
        &["mgmt-unassessed-over-48h"],
        f.unassessed_over_48h,
    );
    m.median(
        "hours_to_assessment",
        "mgmt-hours-to-assessment",
        f.hours_to_assessment,
    );
    m.share(
        "calls_within_14_days",
        &["mgmt-calls-within-14-days"],
        f.calls_within_14_days,
    );
    m.share(
        "statutory_on_time",
        &["mgmt-statutory-on-time"],
        f.statutory_on_time,
    );
    m.count("meetings_held", &["mgmt-meetings-held"], f.meetings_held);
    m.share("agenda_before", &["mgmt-agenda-before"], f.agenda_before);
    m.median("meeting_rating", "mgmt-meeting-rating", f.meeting_rating);
    m.out
}

fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn label_of(label: &[String], labels: &dyn Fn(&str) -> String) -> String {
    label.iter().map(|k| labels(k)).collect::<Vec<_>>().join(" – ")
}

fn all_groups(report: &ManagementReport) -> impl Iterator<Item = &GroupReport> {
    std::iter::once(&report.overall)
        .chain(&report.teams)
        .chain(&report.caseworkers)
}

/// The CSV header; see [`to_csv`].
pub const CSV_HEADER: &str = "section,metric,group,value,label";

/// CSV, one row per metric and group, UTF-8, `\n` line ends, RFC 4180 quoting.
///
/// Columns (stable): `section` (`meta`, `plans`, `progression`, `engagement`, `follow_up`),
/// `metric` (a stable key such as `area.skole.goals`, `checkins.youth.answered_share_pct`),
/// `group` ([`Group::key`]), `value` (a count, `<5`, a percentage without `%`, a median with
/// `.`, or `-` when hidden) and `label` (the metric in words, in the labels' language).
/// Groups come in report order: `all`, teams, caseworkers. The first rows (`meta`) give the
/// period, `as_of`, the team filter and the skipped rows. Names only appear after a `team:` /
/// `no-team` prefix, and the typed-in team filter is prefixed with `'` when it starts like a
/// formula, so a spreadsheet never runs a cell.
pub fn to_csv(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    out.push_str(CSV_HEADER);
    out.push('\n');
    let mut row = |section: &str, metric: &str, group: &str, value: &str, label: &str| {
        let cells = [section, metric, group, value, label].map(csv_cell);
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    let period = &report.period;
    let date = |d: Option<DateTime<FixedOffset>>| d.map_or_else(|| HIDDEN.to_string(), |d| d.to_rfc3339());
    row(
        "meta",
        "from",
        "all",
        &date(period.from),
        &labels("mgmt-period-from"),
    );
    row("meta", "to", "all", &date(period.to), &labels("mgmt-period-to"));
    row(
        "meta",
        "as_of",
        "all",
        &period.as_of.to_rfc3339(),
        &labels("mgmt-as-of"),
    );
    let team = period
        .team
        .as_deref()
        .map_or_else(|| HIDDEN.to_string(), no_formula);
    row("meta", "team", "all", &team, &labels("mgmt-group-team"));
    row(
        "meta",
        "skipped_rows",
        "all",
        &report.skipped_rows.display(),
        &labels("mgmt-skipped-rows"),
    );
    for group in all_groups(report) {
        let key = group.group.key();
        for m in metrics(group) {
            row(m.section, &m.metric, &key, &m.value, &label_of(&m.label, labels));
        }
    }
    out
}

/// A typed-in text a spreadsheet must not run as a formula.
fn no_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The suppressed view as pretty JSON (the [`ManagementReport`] structure).
pub fn to_json(report: &ManagementReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

fn period_text(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let p = &report.period;
    let from = p
        .from
        .map_or_else(|| labels("mgmt-period-start"), |d| d.date_naive().to_string());
    let last_day =
        p.to.map_or(p.as_of, |to| to - TimeDelta::seconds(1))
            .date_naive()
            .to_string();
    let team = p.team.clone().unwrap_or_else(|| labels("mgmt-all-teams"));
    format!(
        "{}: {from} – {last_day} · {}: {team} · {}: {}",
        labels("mgmt-period"),
        labels("mgmt-group-team"),
        labels("mgmt-as-of"),
        p.as_of.format("%Y-%m-%d %H:%M"),
    )
}

fn share_text(share: &Share, labels: &dyn Fn(&str) -> String) -> String {
    format!(
        "{} {} {} ({})",
        share.part.display(),
        labels("mgmt-of"),
        share.whole.display(),
        share.display_percent()
    )
}

/// "43,5 timer", or [`HIDDEN`] without a unit.
fn hours_text(median: &Median, labels: &dyn Fn(&str) -> String) -> String {
    match median.value {
        Some(_) => format!(
            "{} {}",
            median.display(&labels("mgmt-decimal-separator")),
            labels("mgmt-unit-hours")
        ),
        None => HIDDEN.to_string(),
    }
}

/// "label value · label value …" for one line of the text report.
fn labelled(l: &dyn Fn(&str) -> String, fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(key, value)| format!("{} {value}", l(key)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Plain text for the terminal and the chat: the whole in full, then key figures per team and
/// caseworker.
pub fn to_text(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let l = labels;
    let sep = l("mgmt-decimal-separator");
    let g = &report.overall;
    let mut out = String::new();
    let _ = writeln!(out, "{}", l("mgmt-title"));
    let _ = writeln!(out, "{}", period_text(report, l));
    let _ = writeln!(out, "{}", l("mgmt-privacy-note"));

    let p = &g.plans;
    let _ = writeln!(out, "\n{}", l("mgmt-section-plans"));
    let _ = writeln!(out, "  {}: {}", l("mgmt-active-cases"), p.active_cases.display());
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-cases-with-goals"),
        p.cases_with_goals.display()
    );
    let _ = writeln!(out, "  {}: {}", l("mgmt-goals"), p.goals.display());
    let _ = writeln!(out, "  {}: {}", l("mgmt-own-words"), share_text(&p.own_words, l));
    let _ = writeln!(
        out,
        "  {} · {} · {}",
        l("mgmt-area"),
        l("mgmt-cases"),
        l("mgmt-goals")
    );
    for a in &p.areas {
        let _ = writeln!(
            out,
            "  {} · {} · {}",
            l(&format!("mgmt-area-{}", a.area)),
            a.cases.display(),
            a.goals.display()
        );
    }

    let pr = &g.progression;
    let _ = writeln!(out, "\n{}", l("mgmt-section-progression"));
    for c in &pr.goals {
        let key = format!("mgmt-progression-{}", c.progression.key());
        let _ = writeln!(out, "  {}: {}", l(&key), c.goals.display());
    }
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-measurable"),
        pr.youth_measurable.display()
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-better"),
        share_text(&pr.youth_better, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-worse"),
        share_text(&pr.youth_worse, l)
    );
    let _ = writeln!(out, "  {}", l("mgmt-progression-note"));

    let _ = writeln!(out, "\n{}", l("mgmt-section-engagement"));
    for c in &g.engagement.checkins {
        let fields = labelled(
            l,
            &[
                ("mgmt-checkin-sent", c.sent.display()),
                ("mgmt-checkin-answered", c.answered.display()),
                ("mgmt-checkin-skipped", c.skipped.display()),
                ("mgmt-checkin-missed", c.missed.display()),
                ("mgmt-checkin-open", c.open.display()),
                ("mgmt-checkin-answer-rate", c.answered_share.display_percent()),
            ],
        );
        let _ = writeln!(
            out,
            "  {} – {}: {fields}",
            l(&format!("mgmt-role-{}", c.role)),
            l("mgmt-checkins")
        );
        if c.not_sent.shown() != Some(0) {
            let _ = writeln!(
                out,
                "    {}: {}",
                l("mgmt-checkin-not-sent"),
                c.not_sent.display()
            );
        }
    }
    for r in &g.engagement.participants {
        let fields = labelled(
            l,
            &[
                ("mgmt-participant-active", r.active.display()),
                ("mgmt-participant-invited", r.invited.display()),
                ("mgmt-participant-paused", r.paused.display()),
                ("mgmt-participant-stopped", r.stopped.display()),
                ("mgmt-participant-blocked", r.blocked.display()),
            ],
        );
        let _ = writeln!(
            out,
            "  {} – {}: {fields}",
            l(&format!("mgmt-role-{}", r.role)),
            l("mgmt-participants")
        );
    }

    let f = &g.follow_up;
    let _ = writeln!(out, "\n{}", l("mgmt-section-follow-up"));
    let _ = writeln!(out, "  {}: {}", l("mgmt-alerts-total"), f.alerts_total.display());
    for r in &f.alerts {
        let _ = writeln!(
            out,
            "    {}: {}",
            l(&format!("mgmt-rule-{}", r.rule.key())),
            r.alerts.display()
        );
    }
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-assessed-within-48h"),
        share_text(&f.assessed_within_48h, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-unassessed-over-48h"),
        f.unassessed_over_48h.display()
    );
    let _ = writeln!(
        out,
        "  {} ({}): {}",
        l("mgmt-hours-to-assessment"),
        l("mgmt-median"),
        hours_text(&f.hours_to_assessment, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-calls-within-14-days"),
        share_text(&f.calls_within_14_days, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-statutory-on-time"),
        share_text(&f.statutory_on_time, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-meetings-held"),
        f.meetings_held.display()
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-agenda-before"),
        share_text(&f.agenda_before, l)
    );
    let _ = writeln!(
        out,
        "  {} ({}): {} ({} {})",
        l("mgmt-meeting-rating"),
        l("mgmt-median"),
        f.meeting_rating.display(&sep),
        f.meeting_rating.n.display(),
        l("mgmt-ratings")
    );

    if !report.teams.is_empty() || !report.caseworkers.is_empty() {
        let _ = writeln!(out, "\n{}", l("mgmt-section-breakdown"));
        for group in report.teams.iter().chain(&report.caseworkers) {
            let cells = breakdown_cells(group);
            let line = BREAKDOWN_COLUMNS
                .iter()
                .zip(cells)
                .map(|(key, value)| format!("{} {value}", l(key)))
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = writeln!(out, "  {}: {line}", group.group.display(l));
        }
    }
    if report.skipped_rows.shown() != Some(0) {
        let _ = writeln!(
            out,
            "\n{}: {}",
            l("mgmt-skipped-rows"),
            report.skipped_rows.display()
        );
    }
    out
}

/// The key figures per team and caseworker (label keys), in text and HTML.
const BREAKDOWN_COLUMNS: [&str; 7] = [
    "mgmt-cases",
    "mgmt-goals",
    "mgmt-col-youth-better",
    "mgmt-checkin-answer-rate",
    "mgmt-alerts",
    "mgmt-col-within-48h",
    "mgmt-col-calls-14-days",
];

fn breakdown_cells(g: &GroupReport) -> [String; BREAKDOWN_COLUMNS.len()] {
    let all_checkins = g.engagement.checkins.iter().find(|c| c.role == "all");
    [
        g.plans.active_cases.display(),
        g.plans.goals.display(),
        g.progression.youth_better.display_percent(),
        all_checkins.map_or_else(|| HIDDEN.to_string(), |c| c.answered_share.display_percent()),
        g.follow_up.alerts_total.display(),
        g.follow_up.assessed_within_48h.display_percent(),
        g.follow_up.calls_within_14_days.display_percent(),
    ]
}

/// A printable one-page HTML report (A4). `charts` are PNG images keyed by the title keys of
/// [`bars_for_charts`]; they are embedded as `data:` URIs. Without charts, the distributions
/// are plain tables (they are always there, the charts come on top).
pub fn to_html(
    report: &ManagementReport,
    labels: &dyn Fn(&str) -> String,
    charts: &[(String, Vec<u8>)],
) -> String {
    let l = |key: &str| esc(&labels(key));
    let sep = labels("mgmt-decimal-separator");
    let g = &report.overall;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        esc(&labels("mgmt-lang")),
        l("mgmt-title"),
        HTML_STYLE
    );
    let _ = writeln!(out, "<h1>{}</h1>", l("mgmt-title"));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&period_text(report, labels)));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l("mgmt-privacy-note"));

    if !charts.is_empty() {
        let _ = writeln!(out, "<div class=\"charts\">");
        for (title, png) in charts {
            let _ = writeln!(
                out,
                "<figure><img alt=\"{t}\" src=\"data:image/png;base64,{}\"><figcaption>{t}</figcaption></figure>",
                base64(png),
                t = l(title)
            );
        }
        let _ = writeln!(out, "</div>\n<p class=\"note\">{}</p>", l("mgmt-chart-note"));
    }

    let _ = writeln!(out, "<div class=\"grid\">");
    // Plans and goals.
    let p = &g.plans;
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-plans"));
    let row = |out: &mut String, label: String, value: String| {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", esc(&value));
    };
    row(&mut out, l("mgmt-active-cases"), p.active_cases.display());
    row(&mut out, l("mgmt-cases-with-goals"), p.cases_with_goals.display());
    row(&mut out, l("mgmt-goals"), p.goals.display());
    row(&mut out, l("mgmt-own-words"), share_text(&p.own_words, labels));
    let _ = writeln!(
        out,
        "</table>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l("mgmt-area"),
        l("mgmt-cases"),
        l("mgmt-goals")
    );
    for a in &p.areas {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            l(&format!("mgmt-area-{}", a.area)),
            esc(&a.cases.display()),
            esc(&a.goals.display())
        );
    }
    let _ = writeln!(out, "</table></section>");

    // Progression.
    let pr = &g.progression;
    let _ = writeln!(
        out,
        "<section><h2>{}</h2>\n<table>",
        l("mgmt-section-progression")
    );
    for c in &pr.goals {
        row(
            &mut out,
            l(&format!("mgmt-progression-{}", c.progression.key())),
            c.goals.display(),
        );
    }
    row(
        &mut out,
        l("mgmt-youth-measurable"),
        pr.youth_measurable.display(),
    );
    row(
        &mut out,
        l("mgmt-youth-better"),
        share_text(&pr.youth_better, labels),
    );
    row(
        &mut out,
        l("mgmt-youth-worse"),
        share_text(&pr.youth_worse, labels),
    );
    let _ = writeln!(
        out,
        "</table>\n<p class=\"note\">{}</p></section>",
        l("mgmt-progression-note")
    );

    // Engagement.
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-engagement"));
    let _ = write!(out, "<tr><th>{}</th>", l("mgmt-checkins"));
    for key in [
        "mgmt-checkin-sent",
        "mgmt-checkin-answered",
        "mgmt-checkin-skipped",
        "mgmt-checkin-missed",
        "mgmt-checkin-open",
        "mgmt-checkin-not-sent",
        "mgmt-checkin-answer-rate",
    ] {
        let _ = write!(out, "<th>{}</th>", l(key));
    }
    let _ = writeln!(out, "</tr>");
    for c in &g.engagement.checkins {
        let cells = [
            c.sent.display(),
            c.answered.display(),
            c.skipped.display(),
            c.missed.display(),
            c.open.display(),
            c.not_sent.display(),
            c.answered_share.display_percent(),
        ];
        let _ = write!(out, "<tr><td>{}</td>", l(&format!("mgmt-role-{}", c.role)));
        for cell in cells {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = write!(out, "</table>\n<table>\n<tr><th>{}</th>", l("mgmt-participants"));
    for key in [
        "mgmt-participant-active",
        "mgmt-participant-invited",
        "mgmt-participant-paused",
        "mgmt-participant-stopped",
        "mgmt-participant-blocked",
    ] {
        let _ = write!(out, "<th>{}</th>", l(key));
    }
    let _ = writeln!(out, "</tr>");
    for r in &g.engagement.participants {
        let _ = write!(out, "<tr><td>{}</td>", l(&format!("mgmt-role-{}", r.role)));
        for cell in [r.active, r.invited, r.paused, r.stopped, r.blocked] {
            let _ = write!(out, "<td>{}</td>", esc(&cell.display()));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</table></section>");

    // Follow-up practice.
    let f = &g.follow_up;
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-follow-up"));
    row(&mut out, l("mgmt-alerts-total"), f.alerts_total.display());
    for r in &f.alerts {
        let _ = writeln!(
            out,
            "<tr><th class=\"sub\">{}</th><td>{}</td></tr>",
            l(&format!("mgmt-rule-{}", r.rule.key())),
            esc(&r.alerts.display())
        );
    }
    row(
        &mut out,
        l("mgmt-assessed-within-48h"),
        share_text(&f.assessed_within_48h, labels),
    );
    row(
        &mut out,
        l("mgmt-unassessed-over-48h"),
        f.unassessed_over_48h.display(),
    );
    row(
        &mut out,
        format!("{} ({})", l("mgmt-hours-to-assessment"), l("mgmt-median")),
        hours_text(&f.hours_to_assessment, labels),
    );
    row(
        &mut out,
        l("mgmt-calls-within-14-days"),
        share_text(&f.calls_within_14_days, labels),
    );
    row(
        &mut out,
        l("mgmt-statutory-on-time"),
        share_text(&f.statutory_on_time, labels),
    );
    row(&mut out, l("mgmt-meetings-held"), f.meetings_held.display());
    row(
        &mut out,
        l("mgmt-agenda-before"),
        share_text(&f.agenda_before, labels),
    );
    row(
        &mut out,
        format!("{} ({})", l("mgmt-meeting-rating"), l("mgmt-median")),
        format!(
            "{} ({} {})",
            f.meeting_rating.display(&sep),
            f.meeting_rating.n.display(),
            labels("mgmt-ratings")
        ),
    );
    let _ = writeln!(out, "</table></section>\n</div>");

    if !report.teams.is_empty() || !report.caseworkers.is_empty() {
        let _ = write!(
            out,
            "<section class=\"wide\"><h2>{}</h2>\n<table>\n<tr><th></th>",
            l("mgmt-section-breakdown")
        );
        for key in BREAKDOWN_COLUMNS {
            let _ = write!(out, "<th>{}</th>", l(key));
        }
        let _ = writeln!(out, "</tr>");
        for group in report.teams.iter().chain(&report.caseworkers) {
            let class = if matches!(group.group, Group::Team { .. }) {
                " class=\"team\""
            } else {
                ""
            };
            let _ = write!(out, "<tr{class}><th>{}</th>", esc(&group.group.display(labels)));
            for cell in breakdown_cells(group) {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            let _ = writeln!(out, "</tr>");
        }
        let _ = writeln!(out, "</table></section>");
    }
    if report.skipped_rows.shown() != Some(0) {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}: {}</p>",
            l("mgmt-skipped-rows"),
            esc(&report.skipped_rows.display())
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

const HTML_STYLE: &str = "@page { size: A4; margin: 12mm; }
body { font-family: system-ui, sans-serif; font-size: 8.5pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
h2 { font-size: 10pt; margin: 0 0 1mm; }
p { margin: 0 0 2mm; }
.meta { font-weight: 600; }
.note { color: #555; font-size: 7.5pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 6mm; }
section { break-inside: avoid; }
.wide { margin-top: 3mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5mm; }
th, td { border-bottom: 0.5pt solid #ccc; padding: 0.4mm 1mm; text-align: left; vertical-align: top; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { text-align: left; }
th.sub { font-weight: normal; padding-left: 4mm; }
tr.team th { font-weight: 700; }
.charts { display: flex; gap: 4mm; margin-bottom: 1mm; }
figure { flex: 1; margin: 0; text-align: center; }
figure img { max-width: 100%; max-height: 45mm; }
figcaption { font-size: 7.5pt; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use fluent_bundle::{FluentBundle, FluentResource};
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    const DA: &str = include_str!("../../messages/report.da.ftl");
    const EN: &str = include_str!("../../messages/report.en.ftl");

    /// The counts before group and complementary suppression, for tests of the counting.
    fn tally(data: &ReportData, filter: &ReportFilter) -> ManagementReport {
        build_with(data, filter, false)
    }

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn local(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, 0, 0, 0)
            .unwrap()
    }

    /// First half of 2025, reported on 1 July.
    fn half_year() -> ReportFilter {
        ReportFilter {
            from: Some(local(2025, 1, 1)),
            to: Some(local(2025, 7, 1)),
            team: None,
            as_of: local(2025, 7, 1),
        }
    }

    /// Renders labels from a catalogue and remembers every key asked for.
    struct Labels {
        bundle: FluentBundle<FluentResource>,
        used: RefCell<BTreeSet<String>>,
        missing: RefCell<BTreeSet<String>>,
    }

    impl Labels {
        fn new(source: &str, lang: &str) -> Self {
            let mut bundle =
                FluentBundle::new(vec![lang.parse::<unic_langid::LanguageIdentifier>().unwrap()]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(FluentResource::try_new(source.to_string()).expect("catalogue parses"))
                .expect("no duplicate keys");
            Labels {
                bundle,
                used: RefCell::default(),
                missing: RefCell::default(),
            }
        }

        fn get(&self, key: &str) -> String {
            self.used.borrow_mut().insert(key.to_string());
            let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
                self.missing.borrow_mut().insert(key.to_string());
                return key.to_string();
            };
            let mut errors = Vec::new();
            let text = self
                .bundle
                .format_pattern(pattern, None, &mut errors)
                .into_owned();
            assert!(errors.is_empty(), "{key}: {errors:?}");
            text
        }
    }

    fn case(id: i64, team: Option<&str>, caseworker: &str) -> CaseRow {
        CaseRow {
            id,
            team: team.map(str::to_string),
            caseworker: caseworker.to_string(),
            opened_at: utc(2024, 6, 1, 9),
            closed_at: None,
        }
    }

    fn goal(id: i64, case_id: i64, area: &str, scale: ScaleKind) -> GoalRow {
        GoalRow {
            id,
            case_id,
            area: area.to_string(),
            scale: scale.key().to_string(),
            own_words: true,
            created_at: utc(2024, 6, 1, 9),
            archived_at: None,
        }
    }

    /// Weekly answers from the first Monday of 2025.
    fn weekly(goal_id: i64, values: &[i32]) -> Vec<AnswerRow> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| AnswerRow {
                goal_id,
                at: utc(2025, 1, 6, 17) + TimeDelta::weeks(i as i64),
                value,
            })
            .collect()
    }

    // -- Suppression --------------------------------------------------------------------------

    #[test]
    fn counts_from_1_to_4_are_suppressed_and_0_is_shown() {
        let cases: &[(u64, Option<u64>, &str, serde_json::Value)] = &[
            (0, Some(0), "0", serde_json::json!(0)),
            (1, None, "<5", serde_json::json!("<5")),
            (2, None, "<5", serde_json::json!("<5")),
            (4, None, "<5", serde_json::json!("<5")),
            (5, Some(5), "5", serde_json::json!(5)),
            (6, Some(6), "6", serde_json::json!(6)),
            (1234, Some(1234), "1234", serde_json::json!(1234)),
        ];
        for (n, shown, display, json) in cases {
            let count = Count::new(*n);
            assert_eq!(count.shown(), *shown, "{n}");
            assert_eq!(count.is_suppressed(), shown.is_none(), "{n}");
            assert_eq!(count.display(), *display, "{n}");
            assert_eq!(serde_json::to_value(count).unwrap(), *json, "{n}");
        }
        // Not even Debug output reveals a small count.
        assert_eq!(format!("{:?}", Count::new(3)), "Count(<5)");
        assert_eq!(format!("{:?}", Count::new(7)), "Count(7)");
    }

    #[test]
    fn a_percentage_needs_a_whole_of_5_and_a_part_that_is_not_suppressed() {
        // (part, whole, percent, part shown as, whole shown as)
        let cases: &[(u64, u64, Option<u32>, &str, &str)] = &[
            (0, 0, None, "0", "0"),
            (0, 4, None, "0", "<5"),
            (3, 4, None, "<5", "<5"),
            (4, 4, None, "<5", "<5"),
            (0, 5, Some(0), "0", "5"),
            (5, 5, Some(100), "5", "5"),
            (1, 10, None, "<5", "10"),
            (4, 10, None, "<5", "10"),
            (5, 10, Some(50), "5", "10"),
            (5, 8, Some(63), "5", "8"),
            (5, 9, Some(56), "5", "9"),
            (7, 12, Some(58), "7", "12"),
            (1, 1000, None, "<5", "1000"),
            (999, 1000, Some(100), "999", "1000"),
            (6, 1000, Some(1), "6", "1000"),
        ];
        for (part, whole, percent, part_shown, whole_shown) in cases {
            let share = Share::of(*part, *whole);
            assert_eq!(share.percent, *percent, "{part}/{whole}");
            assert_eq!(share.part.display(), *part_shown, "{part}/{whole}");
            assert_eq!(share.whole.display(), *whole_shown, "{part}/{whole}");
            let expected = percent.map_or_else(|| "-".to_string(), |p| format!("{p} %"));
            assert_eq!(share.display_percent(), expected);
            let json = serde_json::to_value(share).unwrap();
            assert_eq!(json["percent"], serde_json::json!(percent), "{part}/{whole}");
        }
    }

    #[test]
    fn a_median_needs_5_values() {
        let cases: &[(&[f64], Option<f64>, &str)] = &[
            (&[], None, "-"),
            (&[3.0, 1.0, 2.0, 4.0], None, "-"),
            (&[5.0, 1.0, 4.0, 2.0, 3.0], Some(3.0), "3,0"),
            (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], Some(3.5), "3,5"),
            (&[0.25, 0.25, 1.0 / 3.0, 9.0, 9.0], Some(0.3), "0,3"),
        ];
        for (values, expected, shown) in cases {
            let median = Median::of(&mut values.to_vec());
            assert_eq!(median.value, *expected, "{values:?}");
            assert_eq!(median.display(","), *shown, "{values:?}");
            assert_eq!(median.n.0, values.len() as u64);
        }
    }

    // -- Progression --------------------------------------------------------------------------

    #[test]
    fn progression_counts_goals_per_classification_in_each_scales_direction() {
        use Progression::*;
        use ScaleKind::*;
        // (goals of one case: scale, answers; the classifications expected), each case 5 times.
        type Goals<'a> = &'a [(ScaleKind, &'a [i32])];
        let scenarios: &[(Goals, &[Progression])] = &[
            (&[(ZeroToTen, &[3, 4, 3, 7, 7])], &[ReliablyBetter]),
            // Lower is better.
            (&[(Aarhus0To4, &[3, 3, 2, 2, 1, 1])], &[ReliablyBetter]),
            (&[(FiveStep, &[4, 4, 4, 3, 3, 3])], &[ReliablyBetter]),
            (&[(ZeroToTen, &[8, 8, 8, 4, 4])], &[ReliablyWorse]),
            (&[(Aarhus0To4, &[1, 1, 1, 2, 2])], &[ReliablyWorse]),
            // Too few answers: not yet measurable, not "no change".
            (&[(ZeroToTen, &[2, 9])], &[NotYetMeasurable]),
            (&[(ZeroToTen, &[])], &[NotYetMeasurable]),
            (&[(FiveStep, &[2, 2, 2, 2])], &[NoReliableChange]),
            (&[(ZeroToTen, &[3, 4, 3, 7])], &[NoReliableChange]),
            // One young person, one goal better and one worse: counted in both shares.
            (
                &[(ZeroToTen, &[2, 2, 2, 6, 6]), (FiveStep, &[1, 1, 1, 3, 3])],
                &[ReliablyBetter, ReliablyWorse],
            ),
        ];
        let mut data = ReportData::default();
        let mut next_id = 100;
        for (goals, _) in scenarios {
            for _ in 0..5 {
                next_id += 1;
                let case_id = next_id;
                data.cases.push(case(case_id, Some("Nord"), "Anne Jensen"));
                for (scale, values) in *goals {
                    next_id += 1;
                    data.goals.push(goal(next_id, case_id, "skole", *scale));
                    data.youth_answers.extend(weekly(next_id, values));
                }
            }
        }
        // Answers after the period do not count: this would make a "no change" goal worse.
        let late_goal = data.goals[7 * 5].id;
        assert_eq!(data.goals[7 * 5].scale, "5-trin");
        data.youth_answers.push(AnswerRow {
            goal_id: late_goal,
            at: utc(2025, 7, 2, 12),
            value: 5,
        });
        data.youth_answers.push(AnswerRow {
            goal_id: late_goal,
            at: utc(2025, 7, 9, 12),
            value: 5,
        });
        // An answer outside its scale is not counted, and shows up as a skipped row.
        data.youth_answers.push(AnswerRow {
            goal_id: data.goals[0].id,
            at: utc(2025, 6, 1, 12),
            value: 11,
        });

        let report = build(&data, &half_year());
        let counts: Vec<(Progression, u64)> = report
            .overall
            .progression
            .goals
            .iter()
            .map(|c| (c.progression, c.goals.0))
            .collect();
        assert_eq!(
            counts,
            vec![
                (ReliablyBetter, 20),
                (NoReliableChange, 10),
                (ReliablyWorse, 15),
                (NotYetMeasurable, 10)
            ]
        );
        let p = &report.overall.progression;
        assert_eq!(p.youth_measurable.0, 40);
        assert_eq!((p.youth_better.part.0, p.youth_better.percent), (20, Some(50)));
        assert_eq!((p.youth_worse.part.0, p.youth_worse.percent), (15, Some(38)));
        assert_eq!(report.skipped_rows.0, 1);
        assert_eq!(report.overall.plans.goals.0, 55);
        assert_eq!(report.overall.plans.cases_with_goals.0, 50);
    }

    // -- Filters ------------------------------------------------------------------------------

    fn alert(case_id: i64, raised_at: DateTime<Utc>) -> AlertRow {
        AlertRow {
            case_id,
            rule: "silence".to_string(),
            raised_at,
            assessed_at: Some(raised_at + TimeDelta::hours(1)),
        }
    }

    #[test]
    fn the_period_is_from_inclusive_to_exclusive_and_cases_must_be_open_in_it() {
        let from = local(2025, 1, 1).with_timezone(&Utc);
        let to = local(2025, 7, 1).with_timezone(&Utc);
        let mut opened_late = case(3, Some("Nord"), "Anne Jensen");
        opened_late.opened_at = to;
        // Closed at the very start of the period: not open in it.
        let mut closed_early = case(4, Some("Nord"), "Anne Jensen");
        closed_early.closed_at = Some(from);
        let mut closed_during = case(5, Some("Nord"), "Anne Jensen");
        closed_during.closed_at = Some(from + TimeDelta::days(10));
        let mut opened_on_last_second = case(6, Some("Syd"), "Bo Larsen");
        opened_on_last_second.opened_at = to - TimeDelta::seconds(1);
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Syd"), "Bo Larsen"),
                opened_late,
                closed_early,
                closed_during,
                opened_on_last_second,
                case(7, None, "Carl Holm"),
            ],
            alerts: vec![
                alert(1, from),
                alert(1, to - TimeDelta::seconds(1)),
                alert(1, to),
                alert(1, from - TimeDelta::seconds(1)),
                alert(2, from + TimeDelta::days(1)),
                // Alerts of cases outside the report are not counted.
                alert(3, from + TimeDelta::days(1)),
                alert(4, from + TimeDelta::days(1)),
                // Nor alerts of cases we know nothing about.
                alert(99, from + TimeDelta::days(1)),
            ],
            ..ReportData::default()
        };
        let report = tally(&data, &half_year());
        assert_eq!(report.overall.plans.active_cases.0, 5);
        assert_eq!(report.overall.follow_up.alerts_total.0, 3);
        let teams: Vec<(String, u64, u64)> = report
            .teams
            .iter()
            .map(|g| (g.group.key(), g.plans.active_cases.0, g.follow_up.alerts_total.0))
            .collect();
        assert_eq!(
            teams,
            vec![
                ("team:Nord".to_string(), 2, 2),
                ("team:Syd".to_string(), 2, 1),
                ("no-team".to_string(), 1, 0)
            ]
        );
        let caseworkers: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
        assert_eq!(
            caseworkers,
            vec![
                "team:Nord/caseworker:Anne Jensen",
                "team:Syd/caseworker:Bo Larsen",
                "no-team/caseworker:Carl Holm"
            ]
        );

        // Open-ended periods.
        let everything = ReportFilter {
            from: None,
            to: None,
            ..half_year()
        };
        let report = tally(&data, &everything);
        assert_eq!(report.overall.plans.active_cases.0, 7);
        assert_eq!(report.overall.follow_up.alerts_total.0, 7);
    }

    #[test]
    fn a_team_filter_keeps_that_teams_cases_in_any_case_and_drops_the_team_level() {
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Nord"), "Dorte Nielsen"),
                case(3, Some("Syd"), "Bo Larsen"),
                case(4, None, "Carl Holm"),
            ],
            alerts: vec![
                alert(1, utc(2025, 2, 1, 9)),
                alert(2, utc(2025, 2, 1, 9)),
                alert(3, utc(2025, 2, 1, 9)),
            ],
            ..ReportData::default()
        };
        for wanted in ["Nord", "nord", " NORD "] {
            let filter = ReportFilter {
                team: Some(wanted.to_string()),
                ..half_year()
            };
            let report = tally(&data, &filter);
            assert_eq!(report.overall.plans.active_cases.0, 2, "{wanted}");
            assert_eq!(report.overall.follow_up.alerts_total.0, 2, "{wanted}");
            assert!(report.teams.is_empty());
            let caseworkers: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
            assert_eq!(
                caseworkers,
                vec![
                    "team:Nord/caseworker:Anne Jensen",
                    "team:Nord/caseworker:Dorte Nielsen"
                ]
            );
        }
        let filter = ReportFilter {
            team: Some("Øst".to_string()),
            ..half_year()
        };
        let report = tally(&data, &filter);
        assert_eq!(report.overall.plans.active_cases.0, 0);
        assert!(report.caseworkers.is_empty());
    }

    #[test]
    fn goals_count_when_active_in_the_period_with_areas_and_own_words() {
        let mut archived_before = goal(13, 1, "familie", ScaleKind::ZeroToTen);
        archived_before.archived_at = Some(utc(2024, 12, 1, 9));
        let mut archived_during = goal(14, 1, "familie", ScaleKind::ZeroToTen);
        archived_during.archived_at = Some(utc(2025, 2, 1, 9));
        let mut created_after = goal(15, 2, "sundhed", ScaleKind::ZeroToTen);
        created_after.created_at = utc(2025, 8, 1, 9);
        let mut not_own_words = goal(16, 2, "skole", ScaleKind::Aarhus0To4);
        not_own_words.own_words = false;
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "A"),
                case(2, Some("Nord"), "A"),
                case(3, None, "B"),
                case(3, None, "B"),
            ],
            goals: vec![
                goal(11, 1, "skole", ScaleKind::ZeroToTen),
                goal(12, 1, "skole", ScaleKind::ZeroToTen),
                archived_before,
                archived_during,
                created_after,
                not_own_words,
                goal(17, 2, "ukendt-område", ScaleKind::ZeroToTen),
                goal(18, 3, "fritid", ScaleKind::FiveStep),
                // Repeated by a join: counted once.
                goal(18, 3, "fritid", ScaleKind::FiveStep),
            ],
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let plans = &report.overall.plans;
        assert_eq!(plans.active_cases.0, 3);
        assert_eq!(plans.cases_with_goals.0, 3);
        assert_eq!(plans.goals.0, 5);
        assert_eq!((plans.own_words.part.0, plans.own_words.percent), (4, None));
        let areas: Vec<(&str, u64, u64)> = plans
            .areas
            .iter()
            .map(|a| (a.area.as_str(), a.cases.0, a.goals.0))
            .collect();
        assert_eq!(
            areas,
            vec![
                ("udvikling", 0, 0),
                ("familie", 1, 1),
                ("skole", 2, 3),
                ("sundhed", 0, 0),
                ("fritid", 1, 1),
                ("voksenliv", 0, 0),
                ("andet", 0, 0)
            ]
        );
        assert_eq!(report.skipped_rows.0, 1);
    }

    // -- Engagement ---------------------------------------------------------------------------

    #[test]
    fn check_ins_are_counted_per_role_and_status() {
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        // (role, status, how many)
        let rows: &[(&str, &str, usize)] = &[
            ("youth", "answered", 20),
            ("youth", "skipped", 2),
            ("youth", "missed", 5),
            ("youth", "open", 1),
            ("youth", "skipped_by_system", 3),
            ("parent", "answered", 6),
            ("parent", "missed", 4),
            ("witness", "answered", 3),
            ("witness", "unknown-status", 1),
            ("teacher", "answered", 1),
        ];
        for (role, status, n) in rows {
            for i in 0..*n {
                data.checkins.push(CheckinRow {
                    case_id: 1,
                    role: role.to_string(),
                    status: status.to_string(),
                    at: utc(2025, 2, 3, 16) + TimeDelta::weeks(i as i64),
                });
            }
        }
        // Outside the period.
        data.checkins.push(CheckinRow {
            case_id: 1,
            role: "youth".into(),
            status: "answered".into(),
            at: utc(2024, 12, 30, 16),
        });
        for (role, status) in [
            ("youth", "active"),
            ("parent", "active"),
            ("parent", "paused"),
            ("witness", "blocked"),
            ("witness", "stopped"),
            ("witness", "invited"),
            ("witness", "gone"),
        ] {
            data.participants.push(ParticipantRow {
                case_id: 1,
                role: role.into(),
                status: status.into(),
            });
        }
        let report = tally(&data, &half_year());
        let table: Vec<(&str, [u64; 6], Option<u32>)> = report
            .overall
            .engagement
            .checkins
            .iter()
            .map(|c| {
                (
                    c.role.as_str(),
                    [
                        c.sent.0,
                        c.answered.0,
                        c.skipped.0,
                        c.missed.0,
                        c.open.0,
                        c.not_sent.0,
                    ],
                    c.answered_share.percent,
                )
            })
            .collect();
        assert_eq!(
            table,
            vec![
                // 20 answered of 27 closed.
                ("youth", [28, 20, 2, 5, 1, 3], Some(74)),
                ("parent", [10, 6, 0, 4, 0, 0], Some(60)),
                // 3 of 3: the part is below 5, so no percentage.
                ("witness", [3, 3, 0, 0, 0, 0], None),
                ("all", [41, 29, 2, 9, 1, 3], Some(73)),
            ]
        );
        let participants: Vec<(&str, [u64; 5])> = report
            .overall
            .engagement
            .participants
            .iter()
            .map(|p| {
                (
                    p.role.as_str(),
                    [p.active.0, p.invited.0, p.paused.0, p.stopped.0, p.blocked.0],
                )
            })
            .collect();
        assert_eq!(
            participants,
            vec![
                ("youth", [1, 0, 0, 0, 0]),
                ("parent", [1, 0, 1, 0, 0]),
                ("witness", [0, 1, 0, 1, 1])
            ]
        );
        assert_eq!(report.skipped_rows.0, 3);
    }

    // -- Follow-up practice -------------------------------------------------------------------

    #[test]
    fn assessment_within_48_hours_leaves_pending_alerts_out_and_takes_the_median_of_assessed_ones() {
        let as_of = half_year().as_of.with_timezone(&Utc);
        let raised = utc(2025, 3, 3, 10);
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        let rules = [
            "silence",
            "safety",
            "reliable_drop",
            "silence",
            "blocked",
            "silence",
            "safety",
        ];
        for (hours, rule) in [1, 2, 10, 47, 48, 49, 100].into_iter().zip(rules) {
            data.alerts.push(AlertRow {
                case_id: 1,
                rule: rule.into(),
                raised_at: raised,
                assessed_at: Some(raised + TimeDelta::hours(hours)),
            });
        }
        // Not assessed, 60 hours old: late. Not assessed, 10 hours old: still pending.
        for age in [60, 10] {
            data.alerts.push(AlertRow {
                case_id: 1,
                rule: "silence".into(),
                raised_at: as_of - TimeDelta::hours(age),
                assessed_at: None,
            });
        }
        data.alerts.push(AlertRow {
            case_id: 1,
            rule: "no-such-rule".into(),
            raised_at: raised,
            assessed_at: None,
        });
        let report = tally(&data, &half_year());
        let f = &report.overall.follow_up;
        assert_eq!(f.alerts_total.0, 9);
        let by_rule: Vec<(&str, u64)> = f
            .alerts
            .iter()
            .filter(|r| r.alerts.0 > 0)
            .map(|r| (r.rule.key(), r.alerts.0))
            .collect();
        assert_eq!(
            by_rule,
            vec![
                ("reliable_drop", 1),
                ("silence", 5),
                ("blocked", 1),
                ("safety", 2)
            ]
        );
        // 5 within 48 hours (1, 2, 10, 47, 48) of 8 decided (7 assessed + 1 late).
        assert_eq!(
            (f.assessed_within_48h.part.0, f.assessed_within_48h.whole.0),
            (5, 8)
        );
        assert_eq!(f.assessed_within_48h.percent, Some(63));
        assert_eq!(f.unassessed_over_48h.0, 1);
        assert_eq!(f.hours_to_assessment.n.0, 7);
        assert_eq!(f.hours_to_assessment.value, Some(47.0));
        assert_eq!(report.skipped_rows.0, 1);

        // Four assessed alerts: the median is hidden, the count is "<5".
        data.alerts.truncate(4);
        let f = tally(&data, &half_year()).overall.follow_up;
        assert_eq!(f.hours_to_assessment.value, None);
        assert_eq!(f.hours_to_assessment.n.display(), "<5");
        assert_eq!(f.assessed_within_48h.percent, None);
    }

    #[test]
    fn calls_follow_ups_and_meetings_are_judged_against_their_deadlines() {
        // Reported in the middle of June on the half year: some deadlines are still ahead.
        let filter = ReportFilter {
            as_of: local(2025, 6, 15),
            ..half_year()
        };
        let as_of = filter.as_of.with_timezone(&Utc);
        let meeting = utc(2025, 3, 3, 10);
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        // Calls: done after 1, 7, 14 days (in time), 15, 30 days (late), never (late), and a
        // meeting 3 days before as_of without a call yet (pending).
        for days in [Some(1), Some(7), Some(14), Some(15), Some(30), None] {
            data.call_tasks.push(CallTaskRow {
                case_id: 1,
                meeting_at: meeting,
                due: meeting + TimeDelta::days(14),
                done_at: days.map(|d| meeting + TimeDelta::days(d)),
            });
        }
        data.call_tasks.push(CallTaskRow {
            case_id: 1,
            meeting_at: as_of - TimeDelta::days(3),
            due: as_of + TimeDelta::days(11),
            done_at: None,
        });
        // Statutory follow-ups: held early, on the due time, late; missed; not yet due.
        let due = utc(2025, 4, 1, 22);
        for held in [Some(-10), Some(0), Some(2), None] {
            data.statutory_follow_ups.push(StatutoryRow {
                case_id: 1,
                due,
                held_at: held.map(|d| due + TimeDelta::days(d)),
            });
        }
        data.statutory_follow_ups.push(StatutoryRow {
            case_id: 1,
            due: as_of + TimeDelta::days(5),
            held_at: None,
        });
        // Meetings: 6 held (5 with agenda beforehand), 1 not held; ratings.
        for (held, agenda) in [(true, true); 5]
            .into_iter()
            .chain([(true, false), (false, true)])
        {
            data.meetings.push(MeetingRow {
                case_id: 1,
                at: meeting,
                held,
                agenda_sent_before: agenda,
            });
        }
        for value in [7, 9, 8, 10, 6, 9, 11, -1] {
            data.meeting_ratings.push(RatingRow {
                case_id: 1,
                at: meeting,
                value,
            });
        }
        let report = tally(&data, &filter);
        let f = &report.overall.follow_up;
        assert_eq!(
            (f.calls_within_14_days.part.0, f.calls_within_14_days.whole.0),
            (3, 6)
        );
        assert_eq!(f.calls_within_14_days.percent, None);
        assert_eq!((f.statutory_on_time.part.0, f.statutory_on_time.whole.0), (2, 4));
        assert_eq!(f.meetings_held.0, 6);
        assert_eq!((f.agenda_before.part.0, f.agenda_before.percent), (5, Some(83)));
        assert_eq!(f.meeting_rating.n.0, 6);
        assert_eq!(f.meeting_rating.value, Some(8.5));
        assert_eq!(report.skipped_rows.0, 2);
    }

    // -- A seeded municipality ----------------------------------------------------------------

    /// A small deterministic random generator (no dependency, stable across platforms).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len() as u64) as usize]
        }
    }

    /// Case ids start at 7 000 001 and goal ids at 8 000 001: distinctive, so a test can check
    /// that no id leaks into any output.
    fn seeded(seed: u64, cases: usize) -> ReportData {
        let mut rng = Lcg(seed);
        let staff: [(Option<&str>, &str); 5] = [
            (Some("Nord"), "Anne Jensen"),
            (Some("Nord"), "Bo Larsen"),
            (Some("Syd"), "Camilla Holm"),
            (Some("Syd"), "Dennis Berg"),
            (None, "Eva Dahl"),
        ];
        let start = utc(2024, 6, 3, 8);
        let end = utc(2025, 7, 1, 0);
        let mut data = ReportData::default();
        let mut goal_id = 8_000_000;
        for i in 0..cases {
            let case_id = 7_000_001 + i as i64;
            let (team, caseworker) = *rng.pick(&staff);
            let opened_at = start + TimeDelta::days(rng.below(390) as i64);
            let closed_at = rng
                .chance(15)
                .then(|| opened_at + TimeDelta::days(60 + rng.below(300) as i64));
            data.cases.push(CaseRow {
                id: case_id,
                team: team.map(str::to_string),
                caseworker: caseworker.to_string(),
                opened_at,
                closed_at,
            });
            let last = closed_at.map_or(end, |c| c.min(end));
            for _ in 0..1 + rng.below(4) {
                goal_id += 1;
                let scale = *rng.pick(&ScaleKind::ALL);
                let s = scale.scale();
                let created_at = opened_at + TimeDelta::days(rng.below(14) as i64);
                data.goals.push(GoalRow {
                    id: goal_id,
                    case_id,
                    area: rng.pick(&AREAS).to_string(),
                    scale: scale.key().to_string(),
                    own_words: rng.chance(80),
                    created_at,
                    archived_at: rng.chance(10).then(|| created_at + TimeDelta::days(90)),
                });
                let trend = rng.below(3) as i32 - 1;
                let mut value = s.min + rng.below((s.max - s.min + 1) as u64) as i32;
                let mut at = created_at + TimeDelta::days(1);
                while at < last {
                    if rng.chance(75) {
                        data.youth_answers.push(AnswerRow { goal_id, at, value });
                    }
                    if rng.chance(30) {
                        value = (value + trend).clamp(s.min, s.max);
                    }
                    at += TimeDelta::weeks(1);
                }
            }
            let mut roles = vec!["youth"];
            roles.extend((0..rng.below(3)).map(|_| "parent"));
            roles.extend((0..rng.below(3)).map(|_| "witness"));
            for role in roles {
                data.participants.push(ParticipantRow {
                    case_id,
                    role: role.to_string(),
                    status: rng
                        .pick(&[
                            "active", "active", "active", "active", "paused", "stopped", "blocked", "invited",
                        ])
                        .to_string(),
                });
                let step = if role == "youth" { 1 } else { 2 };
                let mut at = opened_at + TimeDelta::days(3);
                while at < last {
                    let status = *rng.pick(&[
                        "answered",
                        "answered",
                        "answered",
                        "answered",
                        "skipped",
                        "missed",
                        "missed",
                        "open",
                        "skipped_by_system",
                    ]);
                    data.checkins.push(CheckinRow {
                        case_id,
                        role: role.to_string(),
                        status: status.to_string(),
                        at,
                    });
                    at += TimeDelta::weeks(step);
                }
            }
            for _ in 0..rng.below(6) {
                let raised_at = opened_at + TimeDelta::hours(rng.below(24 * 300) as i64);
                data.alerts.push(AlertRow {
                    case_id,
                    // The rules the seed was written with, so that a new rule does not
                    // reshuffle every figure of the snapshot.
                    rule: rng.pick(&RuleKind::ALL[..10]).key().to_string(),
                    raised_at,
                    assessed_at: rng
                        .chance(85)
                        .then(|| raised_at + TimeDelta::minutes(30 + rng.below(100 * 60) as i64)),
                });
            }
            for _ in 0..1 + rng.below(3) {
                let at = opened_at + TimeDelta::days(rng.below(200) as i64);
                let held = rng.chance(85);
                data.meetings.push(MeetingRow {
                    case_id,
                    at,
                    held,
                    agenda_sent_before: rng.chance(70),
                });
                if held {
                    for _ in 0..rng.below(3) {
                        data.meeting_ratings.push(RatingRow {
                            case_id,
                            at,
                            value: 3 + rng.below(8) as i32,
                        });
                    }
                    data.call_tasks.push(CallTaskRow {
                        case_id,
                        meeting_at: at,
                        due: at + TimeDelta::days(14),
                        done_at: rng.chance(80).then(|| at + TimeDelta::days(rng.below(21) as i64)),
                    });
                }
            }
            let due = opened_at + TimeDelta::days(91);
            data.statutory_follow_ups.push(StatutoryRow {
                case_id,
                due,
                held_at: rng
                    .chance(90)
                    .then(|| due + TimeDelta::days(rng.below(30) as i64 - 20)),
            });
        }
        data
    }

    fn snapshot_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report-snapshot.csv")
    }

    #[test]
    fn csv_of_a_seeded_municipality_matches_the_snapshot() {
        let report = build(&seeded(42, 120), &half_year());
        let labels = Labels::new(DA, "da");
        let csv = to_csv(&report, &|key| labels.get(key));
        assert!(
            labels.missing.borrow().is_empty(),
            "{:?}",
            labels.missing.borrow()
        );
        let path = snapshot_path();
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &csv).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
        if csv != expected {
            let first = csv
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(csv.lines().count().min(expected.lines().count()));
            panic!(
                "CSV differs from {} at line {} (run with UPDATE_SNAPSHOTS=1 to accept):\n  got:      {:?}\n  expected: {:?}",
                path.display(),
                first + 1,
                csv.lines().nth(first),
                expected.lines().nth(first)
            );
        }
        // The column set is stable and every row has it.
        assert!(csv.starts_with("section,metric,group,value,label\n"));
        for line in csv.lines() {
            assert_eq!(csv_fields(line).len(), 5, "{line}");
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting, no line breaks inside fields).
    fn csv_fields(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    #[test]
    fn the_order_of_the_input_rows_does_not_change_the_report() {
        let data = seeded(7, 60);
        let mut reversed = data.clone();
        reversed.cases.reverse();
        reversed.goals.reverse();
        reversed.youth_answers.reverse();
        reversed.checkins.reverse();
        reversed.participants.reverse();
        reversed.alerts.reverse();
        reversed.meetings.reverse();
        reversed.meeting_ratings.reverse();
        reversed.call_tasks.reverse();
        reversed.statutory_follow_ups.reverse();
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        assert_eq!(
            to_csv(&build(&data, &half_year()), &l),
            to_csv(&build(&reversed, &half_year()), &l)
        );
    }

    // -- Privacy ------------------------------------------------------------------------------

    /// Every output format of a report, in both languages, with and without charts.
    fn all_outputs(report: &ManagementReport, labels: &Labels) -> Vec<(&'static str, String)> {
        let l = |key: &str| labels.get(key);
        let charts: Vec<(String, Vec<u8>)> = bars_for_charts(report)
            .into_iter()
            .map(|(title, _)| (title, b"\x89PNG\r\n\x1a\n".to_vec()))
            .collect();
        vec![
            ("text", to_text(report, &l)),
            ("csv", to_csv(report, &l)),
            ("html", to_html(report, &l, &[])),
            ("html+charts", to_html(report, &l, &charts)),
            ("json", to_json(report)),
        ]
    }

    #[test]
    fn no_output_contains_an_id() {
        let data = seeded(42, 120);
        let mut ids: Vec<String> = data.cases.iter().map(|c| c.id.to_string()).collect();
        ids.extend(data.goals.iter().map(|g| g.id.to_string()));
        for filter in [
            half_year(),
            ReportFilter {
                team: Some("Syd".into()),
                ..half_year()
            },
        ] {
            let report = build(&data, &filter);
            for lang in [(DA, "da"), (EN, "en")] {
                let labels = Labels::new(lang.0, lang.1);
                for (format, output) in all_outputs(&report, &labels) {
                    // All ids share the prefixes 700000 and 800000.
                    assert!(!output.contains("700000"), "{format} contains a case id");
                    assert!(!output.contains("800000"), "{format} contains a goal id");
                    if let Some(id) = ids.iter().find(|id| output.contains(id.as_str())) {
                        panic!("{format} contains the id {id}");
                    }
                }
            }
        }
    }

    /// Every number in the JSON that is a count must be 0 or at least 5.
    fn assert_no_small_counts(value: &serde_json::Value, path: &str) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    // Percentages, median values and the threshold itself are not counts.
                    if matches!(key.as_str(), "percent" | "value" | "min_shown") {
                        continue;
                    }
                    assert_no_small_counts(value, &format!("{path}.{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    assert_no_small_counts(item, &format!("{path}[{i}]"));
                }
            }
            serde_json::Value::Number(n) => {
                let n = n.as_u64().unwrap_or_else(|| panic!("{path}: {n} is not a count"));
                assert!(n == 0 || n >= MIN_SHOWN, "{path} shows the small count {n}");
            }
            _ => {}
        }
    }

    #[test]
    fn json_never_shows_a_count_from_1_to_4_and_percentages_only_from_5() {
        // Small municipalities give many small counts.
        for seed in 0..40 {
            let report = build(&seeded(seed, 3 + seed as usize), &half_year());
            let json: serde_json::Value = serde_json::from_str(&to_json(&report)).unwrap();
            assert_no_small_counts(&json, "report");
            for group in all_groups(&report) {
                let mut shares = vec![
                    group.plans.own_words,
                    group.progression.youth_better,
                    group.progression.youth_worse,
                    group.follow_up.assessed_within_48h,
                    group.follow_up.calls_within_14_days,
                    group.follow_up.statutory_on_time,
                    group.follow_up.agenda_before,
                ];
                shares.extend(group.engagement.checkins.iter().map(|c| c.answered_share));
                for share in shares {
                    if share.percent.is_some() {
                        assert!(share.whole.0 >= MIN_SHOWN && !share.part.is_suppressed());
                    }
                }
                for median in [
                    group.follow_up.hours_to_assessment,
                    group.follow_up.meeting_rating,
                ] {
                    if median.value.is_some() {
                        assert!(median.n.0 >= MIN_SHOWN && !median.n.is_suppressed());
                    }
                }
            }
        }
    }

    /// Every count of a group by name, as printed (`None`: not printed exactly).
    fn printed(g: &GroupReport) -> Vec<(String, Option<u64>)> {
        let mut g = g.clone();
        let mut out = Vec::new();
        visit(&mut g, &mut |name, c| out.push((name, c.shown())));
        out
    }

    /// The attack from issue 13: team Nord has 7 cases, Anne Jensen 6 of them (her goals are
    /// about school), Bo Berg 1 (a goal about the family). Per-cell suppression printed the
    /// team row and Anne's row, so "team minus Anne" was Bo's child — its focus area included.
    #[test]
    fn a_team_of_7_where_one_caseworker_has_6_does_not_reveal_the_others_childs_focus_area() {
        let mut cases: Vec<CaseRow> = (1..=6).map(|i| case(i, Some("Nord"), "Anne Jensen")).collect();
        cases.push(case(7, Some("Nord"), "Bo Berg"));
        // A second, large team, so the whole is not simply team Nord.
        cases.extend((8..=20).map(|i| case(i, Some("Syd"), "Cai Holm")));
        // And a small one: two children.
        cases.extend((21..=22).map(|i| case(i, Some("Vest"), "Dan Juhl")));
        let mut goals: Vec<GoalRow> = (1..=6)
            .map(|i| goal(i, i, "skole", ScaleKind::ZeroToTen))
            .collect();
        goals.push(goal(7, 7, "familie", ScaleKind::ZeroToTen));
        goals.extend((8..=20).map(|i| goal(i, i, "fritid", ScaleKind::ZeroToTen)));
        goals.push(goal(21, 21, "sundhed", ScaleKind::ZeroToTen));
        let data = ReportData {
            cases,
            goals,
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let group = |key: &str| {
            all_groups(&report)
                .find(|g| g.group.key() == key)
                .unwrap_or_else(|| panic!("no group {key}"))
        };
        // Per-caseworker rows only from 5 cases.
        let rows: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
        assert_eq!(
            rows,
            ["team:Nord/caseworker:Anne Jensen", "team:Syd/caseworker:Cai Holm"]
        );
        let nord = printed(group("team:Nord"));
        let anne = printed(group("team:Nord/caseworker:Anne Jensen"));
        for ((name, team), (_, anne)) in nord.iter().zip(&anne) {
            // Both printed exactly would give Bo's one child as the difference (also a 0).
            assert!(
                team.is_none() || anne.is_none(),
                "{name}: team {team:?}, Anne {anne:?}"
            );
        }
        // Bo's child's area cannot be read off anywhere: not from the team, not from the whole
        // minus the other teams.
        let whole = printed(&report.overall);
        let syd = printed(group("team:Syd"));
        let vest = printed(group("team:Vest"));
        for area in AREAS {
            let name = format!("area.{area}.cases");
            let at = |rows: &[(String, Option<u64>)]| rows.iter().find(|(n, _)| *n == name).unwrap().1;
            let exact = [at(&whole), at(&syd), at(&vest), at(&nord)];
            let unknown = exact[1..].iter().filter(|v| v.is_none()).count();
            assert!(
                exact[0].is_none() || unknown != 1,
                "whole minus teams: {name}: {exact:?}"
            );
            let printed_sum: u64 = exact[1..].iter().flatten().sum();
            assert!(
                unknown == 0 || exact[0] != Some(printed_sum),
                "a remainder of 0 gives the hidden teams away: {name}: {exact:?}"
            );
        }
        // A small group prints no exact number, not even 0.
        assert!(vest.iter().all(|(_, v)| v.is_none()), "{vest:?}");
        // The large team's own figures are still there.
        assert_eq!(syd.iter().find(|(n, _)| n == "cases").unwrap().1, Some(13));
        assert_eq!(whole.iter().find(|(n, _)| n == "cases").unwrap().1, Some(22));
        // The printed text never shows Bo and says why cells are missing.
        let labels = Labels::new(DA, "da");
        let text = to_text(&report, &|k| labels.get(k));
        assert!(!text.contains("Bo Berg") && !text.contains("Dan Juhl"), "{text}");
    }

    #[test]
    fn text_csv_and_html_show_suppressed_counts_as_less_than_5() {
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Nord"), "Anne Jensen"),
            ],
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        assert!(to_text(&report, &l).contains("Aktive sager: <5\n"));
        assert!(to_csv(&report, &l).contains("\nplans,active_cases,all,<5,Aktive sager\n"));
        assert!(to_html(&report, &l, &[]).contains("<tr><th>Aktive sager</th><td>&lt;5</td></tr>"));
        assert!(to_json(&report).contains("\"active_cases\": \"<5\""));
    }

    #[test]
    fn a_csv_cell_never_starts_like_a_formula() {
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        for (team, cell) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("Nord", "Nord"),
        ] {
            let filter = ReportFilter {
                team: Some(team.into()),
                ..half_year()
            };
            let csv = to_csv(&build(&ReportData::default(), &filter), &l);
            assert!(csv.contains(&format!("\nmeta,team,all,{cell},Team\n")), "{csv}");
        }
        let data = ReportData {
            cases: vec![case(1, Some("=1+1"), "=2+2")],
            ..ReportData::default()
        };
        let csv = to_csv(&build(&data, &half_year()), &l);
        for line in csv.lines().skip(1) {
            let fields = csv_fields(line);
            assert!(fields.iter().all(|f| !f.starts_with(['=', '+', '@'])), "{line}");
        }
    }

    // -- Charts and HTML ----------------------------------------------------------------------

    #[test]
    fn chart_bars_leave_suppressed_categories_out_and_keep_zeros() {
        let mut data = ReportData::default();
        for i in 0..7 {
            data.cases.push(case(i, Some("Nord"), "Anne Jensen"));
            data.goals.push(goal(100 + i, i, "skole", ScaleKind::ZeroToTen));
        }
        for i in 0..2 {
            data.goals.push(goal(200 + i, i, "familie", ScaleKind::ZeroToTen));
        }
        let report = build(&data, &half_year());
        let bars = bars_for_charts(&report);
        let titles: Vec<&str> = bars.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, vec![CHART_AREAS, CHART_PROGRESSION, CHART_CHECKINS]);
        let areas: Vec<(&str, u32)> = bars[0].1.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            areas,
            vec![
                ("mgmt-area-udvikling", 0),
                ("mgmt-area-skole", 7),
                ("mgmt-area-sundhed", 0),
                ("mgmt-area-fritid", 0),
                ("mgmt-area-voksenliv", 0),
                ("mgmt-area-andet", 0)
            ]
        );
        let progression: Vec<(&str, u32)> = bars[1].1.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            progression,
            vec![
                ("mgmt-progression-reliably_better", 0),
                ("mgmt-progression-no_reliable_change", 0),
                ("mgmt-progression-reliably_worse", 0),
                ("mgmt-progression-not_yet_measurable", 9)
            ]
        );
        assert!(bars[2].1.iter().all(|(_, v)| *v == 0));
    }

    #[test]
    fn html_embeds_charts_as_data_uris_or_shows_plain_tables_and_escapes_names() {
        let mut data = seeded(3, 30);
        data.cases[0].caseworker = "<b>Ole & Co</b>".into();
        data.cases[0].team = Some("\"Nord\"".into());
        let report = tally(&data, &half_year());
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);

        let plain = to_html(&report, &l, &[]);
        assert!(plain.starts_with("<!DOCTYPE html>"));
        assert!(plain.contains("<html lang=\"da\">"));
        assert!(!plain.contains("<img"));
        assert!(plain.contains("<th>Område</th><th>Sager</th><th>Mål</th>"));
        assert!(plain.contains("&lt;b&gt;Ole &amp; Co&lt;/b&gt; (Team &quot;Nord&quot;)"));
        assert!(!plain.contains("<b>Ole"));

        let charts = vec![
            (CHART_AREAS.to_string(), b"PNG1".to_vec()),
            (
                CHART_PROGRESSION.to_string(),
                vec![0x89, b'P', b'N', b'G', 0, 255],
            ),
        ];
        let html = to_html(&report, &l, &charts);
        assert!(html.contains("<img alt=\"Mål pr. område\" src=\"data:image/png;base64,UE5HMQ==\">"));
        assert!(html.contains("src=\"data:image/png;base64,iVBORwD/\""));
        assert_eq!(html.matches("<img").count(), 2);
        assert!(html.contains("Søjler med under 5 er udeladt"));
        assert!(html.contains("@page { size: A4"));
    }

    #[test]
    fn text_shows_the_period_as_typed_and_the_breakdown() {
        let report = tally(&seeded(5, 40), &half_year());
        let labels = Labels::new(DA, "da");
        let text = to_text(&report, &|key| labels.get(key));
        assert!(
            text.contains("Periode: 2025-01-01 – 2025-06-30 · Team: alle teams · Opgjort: 2025-07-01 00:00"),
            "{text}"
        );
        assert!(text.contains("Fordelt på team og rådgivere"));
        assert!(text.contains("  Team Nord: Sager "));
        assert!(text.contains("  Eva Dahl (Uden team): Sager "));

        let open = ReportFilter {
            from: None,
            to: None,
            team: Some("Syd".into()),
            ..half_year()
        };
        let labels = Labels::new(EN, "en");
        let text = to_text(&tally(&seeded(5, 40), &open), &|key| labels.get(key));
        assert!(
            text.contains("Period: start – 2025-07-01 · Team: Syd · As of: 2025-07-01 00:00"),
            "{text}"
        );
        assert!(!text.contains("Team Nord"));
    }

    #[test]
    fn an_empty_municipality_reports_zeros() {
        let report = build(&ReportData::default(), &half_year());
        let labels = Labels::new(EN, "en");
        for (format, output) in all_outputs(&report, &labels) {
            assert!(!output.is_empty(), "{format}");
        }
        assert_eq!(report.overall.plans.active_cases.display(), "0");
        assert!(report.teams.is_empty() && report.caseworkers.is_empty());
    }

    // -- Labels -------------------------------------------------------------------------------

    /// Message keys of a catalogue, failing on syntax errors and on any variable or reference.
    fn catalogue_keys(source: &str) -> BTreeSet<String> {
        use fluent_syntax::ast;
        let resource = fluent_syntax::parser::parse(source).expect("catalogue parses without errors");
        let mut keys = BTreeSet::new();
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let pattern = message.value.expect("every label has a value");
                    assert!(message.attributes.is_empty());
                    for element in pattern.elements {
                        assert!(
                            matches!(element, ast::PatternElement::TextElement { .. }),
                            "{} takes no variables",
                            message.id.name
                        );
                    }
                    assert!(
                        keys.insert(message.id.name.to_string()),
                        "duplicate {}",
                        message.id.name
                    );
                }
                ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => {}
                other => panic!("unexpected entry {other:?}"),
            }
        }
        keys
    }

    #[test]
    fn every_label_used_exists_in_both_languages_and_every_label_is_used() {
        let da = catalogue_keys(DA);
        let en = catalogue_keys(EN);
        assert_eq!(da, en, "Danish and English have different keys");

        let labels = Labels::new(DA, "da");
        let reports = [
            build(&seeded(11, 50), &half_year()),
            build(
                &seeded(11, 50),
                &ReportFilter {
                    from: None,
                    ..half_year()
                },
            ),
        ];
        for report in &reports {
            all_outputs(report, &labels);
            for (title, bars) in bars_for_charts(report) {
                labels.get(&title);
                for (key, _) in bars {
                    labels.get(&key);
                }
            }
        }
        let empty = build(&ReportData::default(), &half_year());
        all_outputs(&empty, &labels);
        // Public for the service (e.g. a heading for the whole).
        Group::All.display(&|key| labels.get(key));
        assert!(
            labels.missing.borrow().is_empty(),
            "missing: {:?}",
            labels.missing.borrow()
        );
        let used = labels.used.borrow();
        let unused: Vec<&String> = da.iter().filter(|k| !used.contains(*k)).collect();
        assert!(unused.is_empty(), "unused labels: {unused:?}");
        for key in AREAS.iter().map(|a| format!("mgmt-area-{a}")) {
            assert!(da.contains(&key), "{key}");
        }
        for rule in RuleKind::ALL {
            assert!(da.contains(&format!("mgmt-rule-{}", rule.key())), "{rule}");
        }
    }

    #[test]
    fn report_labels_do_not_clash_with_the_main_catalogue() {
        let report = catalogue_keys(DA);
        let main =
            fluent_syntax::parser::parse(include_str!("../../messages/da.ftl")).expect("main catalogue");
        for entry in main.body {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                assert!(
                    !report.contains(message.id.name),
                    "{} is in both",
                    message.id.name
                );
            }
        }
        assert!(report.iter().all(|key| key.starts_with("mgmt-")));
    }

    #[test]
    fn the_decimal_separator_labels_are_a_comma_and_a_point() {
        assert_eq!(Labels::new(DA, "da").get("mgmt-decimal-separator"), ",");
        assert_eq!(Labels::new(EN, "en").get("mgmt-decimal-separator"), ".");
    }
}
