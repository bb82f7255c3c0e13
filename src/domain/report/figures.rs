//! The report's figures as management may see them: [`Count`], [`Share`] and [`Median`] carry
//! their own suppression, and [`ManagementReport`] holds them per group.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};

use super::{HIDDEN, MIN_SHOWN, SUPPRESSED};
use crate::domain::alert_rules::RuleKind;
use crate::domain::progression::Progression;
use crate::domain::suppression::Hidden;

/// A count as management may see it. The raw number cannot be read back when it is hidden.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Count(pub(super) u64, pub(super) Hidden);

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
    pub(super) fn of(values: &mut [f64]) -> Self {
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
    /// Purged cases of a team: counted in the team and the whole, never printed as a row (a
    /// part of the team the printed caseworkers do not add up to, like a caseworker with
    /// fewer than 5 cases).
    Purged {
        team: Option<String>,
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
            Group::Purged { team } => format!("{}/purged", team_key(team)),
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
            // Never printed (no row, see `suppress`); named by its team for a debug view.
            Group::Purged { team } => team_name(team),
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
    /// One row per focus area, in [`AREAS`](super::AREAS) order.
    pub areas: Vec<AreaFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigures {
    /// Focus area key ([`AREAS`](super::AREAS)).
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
    /// One row per role in [`ROLES`](super::ROLES) order, then the total (role `all`).
    pub checkins: Vec<RoleCheckins>,
    /// One row per role in [`ROLES`](super::ROLES) order (current status, not per period).
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

/// The whole, then each team, then each caseworker: every group in report order.
pub fn all_groups(report: &ManagementReport) -> impl Iterator<Item = &GroupReport> {
    std::iter::once(&report.overall)
        .chain(&report.teams)
        .chain(&report.caseworkers)
}
