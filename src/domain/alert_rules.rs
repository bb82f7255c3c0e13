//! Alert rules (alarmregler): when must the caseworker assess something?
//!
//! Pure decisions — no I/O, no clock, no database. The service evaluates after every answer,
//! every report and every expired check-in, and stores each raised alert with its [`RuleKind`]
//! and the [`Facts`] (the numbers behind it). No user-facing text lives here.
//!
//! How the caller uses it:
//!
//! 1. After a scored answer: [`evaluate_answer`] → zero or more [`AlertDecision`]s, strongest
//!    first. After an expired check-in of the young person: [`evaluate_silence`]. After a report:
//!    [`evaluate_report`]. For the non-statistical kinds use [`AlertDecision::contact_request`],
//!    [`AlertDecision::blocked`], [`AlertDecision::stopped`] and [`AlertDecision::safety`].
//! 2. Take the strongest decision ([`strongest`]) and ask [`hygiene`] whether to raise it, let it
//!    replace a pending weaker alert, or suppress it. When the strongest decision is suppressed,
//!    every weaker one from the same evaluation would be suppressed too, so only the strongest
//!    needs asking.
//! 3. Independently, after a witness's or parent's answer, [`disagreement`] says whether the gap
//!    to the young person's latest answer belongs on the next meeting agenda. It is never an alert.
//!
//! "Missed" is never a score: missed and skipped prompts never appear in [`ScoredAnswer`] lists,
//! they only exist as [`CheckinOutcome`]s for the silence rule.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::scale::{Band, Direction, Scale, Score};

/// Rule 1: earlier answers a person must have given on a goal before their answers can "drop".
pub const BASELINE_MIN_ANSWERS: usize = 3;
/// Rule 1: the baseline is the median of the person's answers this far back from the new one.
pub const BASELINE_WINDOW: TimeDelta = TimeDelta::weeks(6);
/// Rule 3: this many of the last [`RED_CLUSTER_OF`] answers in the red zone is a cluster.
pub const RED_CLUSTER_MIN: usize = 2;
/// Rule 3: how many of the latest answers the red-zone cluster looks at.
pub const RED_CLUSTER_OF: usize = 3;
/// Rule 4: this many consecutive worsenings is a steady decline.
pub const STEADY_DECLINE_STEPS: usize = 3;
/// Rule 5: missed check-ins in a row that alert the caseworker.
pub const SILENCE_MISSES: u32 = 2;
/// Rule 5: missed check-ins in a row that make the silence alert urgent.
pub const SILENCE_URGENT_MISSES: u32 = 3;
/// Rule 8: at most one non-urgent alert per case and goal within this window.
pub const HYGIENE_WINDOW: TimeDelta = TimeDelta::days(7);

/// A stored key (rule, urgency, …) that this module does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {key:?}")]
pub struct UnknownKey {
    pub what: &'static str,
    pub key: String,
}

/// Who gave an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// The young person (barn/ung) the case is about.
    Youth,
    Parent,
    /// An everyday witness (hverdagsbevidne): grandmother, coach, teacher, …
    Witness,
}

impl Respondent {
    /// Parents and witnesses: the network around the young person.
    pub fn is_network(self) -> bool {
        !matches!(self, Respondent::Youth)
    }
}

/// The rule that fired. Every alert has exactly one; the database stores [`RuleKind::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Rule 2: the young person's answer is a reliable change worse than their baseline.
    ReliableDrop,
    /// Rule 3: two of the young person's last three answers on a goal are in the red zone.
    RedZoneCluster,
    /// Rule 4: three consecutive worse answers from the young person, however small the steps.
    SteadyDecline,
    /// Rule 5: the young person has missed check-ins in a row.
    Silence,
    /// Rule 6: a witness or parent reported "Værre" (worse).
    WorseReport,
    /// Rule 6: a witness's or parent's answer dropped reliably against their own baseline.
    NetworkDrop,
    /// The young person asked to be called (/ring, "ring mig").
    ContactRequest,
    /// The participant blocked the bot (Telegram 403).
    Blocked,
    /// The participant stopped taking part (/stop).
    Stopped,
    /// Free text suggests danger (Fare): help numbers sent. Always urgent, always raised.
    Safety,
    /// Free text suggests possible danger (Bekymring): a check question was sent. Normal
    /// urgency, always raised; escalates to [`RuleKind::Safety`] on "Ja" or no answer.
    Concern,
}

impl RuleKind {
    pub const ALL: [RuleKind; 11] = [
        RuleKind::ReliableDrop,
        RuleKind::RedZoneCluster,
        RuleKind::SteadyDecline,
        RuleKind::Silence,
        RuleKind::WorseReport,
        RuleKind::NetworkDrop,
        RuleKind::ContactRequest,
        RuleKind::Blocked,
        RuleKind::Stopped,
        RuleKind::Safety,
        RuleKind::Concern,
    ];

    /// Stable snake_case key for the database (equal to the serde name).
    pub fn key(self) -> &'static str {
        match self {
            RuleKind::ReliableDrop => "reliable_drop",
            RuleKind::RedZoneCluster => "red_zone_cluster",
            RuleKind::SteadyDecline => "steady_decline",
            RuleKind::Silence => "silence",
            RuleKind::WorseReport => "worse_report",
            RuleKind::NetworkDrop => "network_drop",
            RuleKind::ContactRequest => "contact_request",
            RuleKind::Blocked => "blocked",
            RuleKind::Stopped => "stopped",
            RuleKind::Safety => "safety",
            RuleKind::Concern => "concern",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownKey> {
        let wanted = key.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|rule| rule.key() == wanted)
            .ok_or_else(|| UnknownKey {
                what: "alert rule",
                key: key.to_string(),
            })
    }

    /// How strong the signal is, for picking among rules and for replacing a pending weaker
    /// alert; higher is stronger. Urgency ranks above strength (see [`AlertDecision::rank`]).
    ///
    /// Among the statistical rules: a steady decline of small steps is the weakest signal, a
    /// network member's drop and then their explicit "Værre" come next, then the young person's
    /// own reliable drop, then a red-zone cluster (a sustained low level), then silence. The
    /// non-statistical kinds rank above them; safety is the strongest of all.
    pub fn strength(self) -> u8 {
        match self {
            RuleKind::SteadyDecline => 1,
            RuleKind::NetworkDrop => 2,
            RuleKind::WorseReport => 3,
            RuleKind::ReliableDrop => 4,
            RuleKind::RedZoneCluster => 5,
            RuleKind::Silence => 6,
            RuleKind::Stopped => 7,
            RuleKind::Blocked => 8,
            RuleKind::ContactRequest => 9,
            RuleKind::Concern => 10,
            RuleKind::Safety => 11,
        }
    }

    /// Rules 1–6: the alerts that [`hygiene`] limits to one per case and goal per 7 days.
    /// Contact requests, blocks, stops and safety signals bypass that limit.
    pub fn is_statistical(self) -> bool {
        matches!(
            self,
            RuleKind::ReliableDrop
                | RuleKind::RedZoneCluster
                | RuleKind::SteadyDecline
                | RuleKind::Silence
                | RuleKind::WorseReport
                | RuleKind::NetworkDrop
        )
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How fast the caseworker must look. Urgent alerts are never held back (quiet hours, hygiene).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    Urgent,
}

impl Urgency {
    /// Stable key for the database (equal to the serde name).
    pub fn key(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownKey> {
        match key.trim().to_lowercase().as_str() {
            "normal" => Ok(Urgency::Normal),
            "urgent" => Ok(Urgency::Urgent),
            _ => Err(UnknownKey {
                what: "urgency",
                key: key.to_string(),
            }),
        }
    }
}

/// One real score given by one person on one goal. Missed and skipped prompts never appear here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoredAnswer {
    pub at: DateTime<Utc>,
    pub score: Score,
}

/// A witness's or parent's spontaneous report of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportDirection {
    Better,
    Same,
    Worse,
}

/// The numbers behind an alert, stored with it as JSON. Fields that do not apply are `None`
/// (or empty) and left out of the JSON.
///
/// For an answer alert the caller can render e.g. "Skole: 7 → 3, sædvanligvis 7" from
/// `previous` → `latest` and `baseline`; the texts themselves live in `messages/`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    /// Who gave the answer the alert is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<Respondent>,
    /// The new answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<i32>,
    /// The person's answer before the new one on the same goal (any age).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<i32>,
    /// Median of the person's answers in the 6 weeks before the new one, once the person has
    /// given at least 3 answers on the goal (rule 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// How much worse than the baseline the new answer is, in scale points regardless of the
    /// scale's direction (positive = worse). Set by the drop rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worsening: Option<f64>,
    /// The scale's reliable change at the time of the alert.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliable_change: Option<i32>,
    /// The answers the rule looked at, oldest first, the new answer last: the baseline window
    /// plus the new answer for a drop, the last 3 for a red-zone cluster, the last 4 for a
    /// steady decline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<i32>,
    /// How many of `recent` are in the red zone (red-zone cluster).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_in_recent: Option<u32>,
    /// Missed check-ins in a row (silence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missed_in_a_row: Option<u32>,
    /// The streak of misses started right after an answer in the red zone (silence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_red: Option<bool>,
    /// The direction of a report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportDirection>,
    /// Safety alerts: the signal line from `data/danger-signals.txt` that fired (never the
    /// person's text), its category key, and the context line that lowered a Fare, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub danger_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lowered_by: Option<String>,
    /// Safety alerts raised from a check question: how it was answered ("in_danger"), or
    /// "unanswered" when nobody answered in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_answer: Option<String>,
}

/// A rule fired: what the service should raise, subject to [`hygiene`].
#[derive(Debug, Clone, PartialEq)]
pub struct AlertDecision {
    pub rule: RuleKind,
    pub urgency: Urgency,
    pub facts: Facts,
}

impl AlertDecision {
    /// Ordering key: urgent before normal, then [`RuleKind::strength`].
    pub fn rank(&self) -> (Urgency, u8) {
        (self.urgency, self.rule.strength())
    }

    /// The young person asked to be called. Normal urgency; at most one pending per participant.
    pub fn contact_request() -> Self {
        Self::bare(RuleKind::ContactRequest, Urgency::Normal)
    }

    /// The participant blocked the bot. At most one pending per participant.
    pub fn blocked() -> Self {
        Self::bare(RuleKind::Blocked, Urgency::Normal)
    }

    /// The participant stopped taking part. At most one pending per participant.
    pub fn stopped() -> Self {
        Self::bare(RuleKind::Stopped, Urgency::Normal)
    }

    /// Free text suggested danger. Always urgent and always raised.
    pub fn safety() -> Self {
        Self::bare(RuleKind::Safety, Urgency::Urgent)
    }

    /// Free text suggested possible danger; a check question went out. Always raised.
    pub fn concern() -> Self {
        Self::bare(RuleKind::Concern, Urgency::Normal)
    }

    fn bare(rule: RuleKind, urgency: Urgency) -> Self {
        Self {
            rule,
            urgency,
            facts: Facts::default(),
        }
    }
}

/// The strongest decision (by [`AlertDecision::rank`]), the one to hand to [`hygiene`].
pub fn strongest(decisions: impl IntoIterator<Item = AlertDecision>) -> Option<AlertDecision> {
    decisions.into_iter().max_by_key(AlertDecision::rank)
}

/// Median of the values; `None` for none. An even count gives the mean of the middle two.
pub(crate) fn median(values: &[i32]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// The answers strictly before `at`, oldest first.
fn chronological_before(answers: &[ScoredAnswer], at: DateTime<Utc>) -> Vec<ScoredAnswer> {
    let mut before: Vec<ScoredAnswer> = answers.iter().copied().filter(|a| a.at < at).collect();
    before.sort_by_key(|a| a.at);
    before
}

/// How much worse `new` is than `old` on the scale (positive = worse), whatever its direction.
fn worsening(scale: &Scale, old: f64, new: f64) -> f64 {
    -scale.improvement(old, new)
}

/// Rules 1–4 and 6 for one new scored answer from one person on one goal.
///
/// `earlier` holds the same person's earlier scored answers on the same goal, in any order;
/// answers not strictly before `new.at` are ignored, so `new` may be included by mistake and
/// re-evaluating an old answer sees only what was known then. Returns every rule that fired,
/// strongest first (see [`strongest`]).
///
/// * **Baseline (rule 1).** The person must have given at least [`BASELINE_MIN_ANSWERS`] (3)
///   answers on the goal *before* the new one, so the 4th answer is the first that can drop.
///   The baseline is the median of their answers in the [`BASELINE_WINDOW`] (6 weeks, inclusive)
///   before the new answer; with no answer in that window (a long pause) there is no baseline
///   and no drop alert.
/// * **Reliable drop (rule 2)** — [`RuleKind::ReliableDrop`] for the young person,
///   [`RuleKind::NetworkDrop`] for a parent or witness (rule 6): the new answer is worse than the
///   baseline by at least the scale's reliable change.
/// * **Red-zone cluster (rule 3)**, young person only: the new answer is red and at least one of
///   the two answers before it is red (2 of the last 3). The new answer must itself be red, so a
///   recovery (red, red, green) does not raise the cluster again.
/// * **Steady decline (rule 4)**, young person only: "3 consecutive worse answers" is read as
///   each of the last 3 answers being worse than the one before it — 4 answers a > b > c > d in
///   "better" terms. Any step counts, however small; a repeated value breaks the run.
///
/// Rules 3 and 4 apply to the young person only: rule 6 names what counts for the network
/// (a "Værre" report or a reliable drop of their own answers).
pub fn evaluate_answer(
    scale: &Scale,
    respondent: Respondent,
    earlier: &[ScoredAnswer],
    new: ScoredAnswer,
) -> Vec<AlertDecision> {
    let before = chronological_before(earlier, new.at);
    let latest = new.score.value();

    let window: Vec<i32> = before
        .iter()
        .filter(|a| new.at - a.at <= BASELINE_WINDOW)
        .map(|a| a.score.value())
        .collect();
    let baseline = if before.len() >= BASELINE_MIN_ANSWERS {
        median(&window)
    } else {
        None
    };

    let common = Facts {
        respondent: Some(respondent),
        latest: Some(latest),
        previous: before.last().map(|a| a.score.value()),
        baseline,
        reliable_change: Some(scale.reliable_change),
        ..Facts::default()
    };
    let recent = |n: usize| -> Vec<i32> {
        let skip = before.len().saturating_sub(n - 1);
        before[skip..]
            .iter()
            .map(|a| a.score.value())
            .chain([latest])
            .collect()
    };

    let mut decisions = Vec::new();

    // Rules 1–2 (and 6 for the network).
    if let Some(base) = baseline {
        let worse_by = worsening(scale, base, f64::from(latest));
        if worse_by >= f64::from(scale.reliable_change) {
            let rule = if respondent.is_network() {
                RuleKind::NetworkDrop
            } else {
                RuleKind::ReliableDrop
            };
            decisions.push(AlertDecision {
                rule,
                urgency: Urgency::Normal,
                facts: Facts {
                    worsening: Some(worse_by),
                    recent: window.iter().copied().chain([latest]).collect(),
                    ..common.clone()
                },
            });
        }
    }

    if respondent == Respondent::Youth {
        // Rule 3.
        let is_red = |value: i32| Score::new(scale, value).is_ok_and(|s| scale.band(s) == Band::Red);
        if scale.band(new.score) == Band::Red {
            let last = recent(RED_CLUSTER_OF);
            let reds = last.iter().filter(|&&v| is_red(v)).count();
            if reds >= RED_CLUSTER_MIN {
                decisions.push(AlertDecision {
                    rule: RuleKind::RedZoneCluster,
                    urgency: Urgency::Normal,
                    facts: Facts {
                        red_in_recent: Some(u32::try_from(reds).unwrap_or(u32::MAX)),
                        recent: last,
                        ..common.clone()
                    },
                });
            }
        }

        // Rule 4.
        if before.len() >= STEADY_DECLINE_STEPS {
            let last = recent(STEADY_DECLINE_STEPS + 1);
            let declining = last
                .windows(2)
                .all(|pair| worsening(scale, f64::from(pair[0]), f64::from(pair[1])) > 0.0);
            if declining {
                decisions.push(AlertDecision {
                    rule: RuleKind::SteadyDecline,
                    urgency: Urgency::Normal,
                    facts: Facts {
                        recent: last,
                        ..common.clone()
                    },
                });
            }
        }
    }

    decisions.sort_by_key(|d| std::cmp::Reverse(d.rank()));
    decisions
}

/// How one finished check-in of the young person ended, for the silence rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckinOutcome {
    /// At least one prompt was answered; `red_zone` = any answer in the check-in was red.
    Answered { red_zone: bool },
    /// The person pressed "Spring over" on everything: they responded, so it is no miss.
    Skipped,
    /// The whole check-in expired without any answer.
    Missed,
    /// The system never (properly) ran it, e.g. downtime: neither a miss nor an answer.
    SkippedBySystem,
}

/// Rule 5 (silence), for the young person only, evaluated when a check-in expires.
///
/// `history` is the young person's finished check-ins, oldest first, the one that just expired
/// last (check-ins still running are left out). Fires only when the last check-in is
/// [`CheckinOutcome::Missed`]:
///
/// * the streak counts the misses since the last answered or skipped check-in;
///   [`CheckinOutcome::SkippedBySystem`] is transparent — it neither counts nor breaks a streak;
/// * 2 misses in a row → normal; 3 or more → urgent;
/// * a miss right after a red-zone answer (only system-skipped check-ins in between) → urgent,
///   and it stays urgent while the streak that started after the red answer lasts.
pub fn evaluate_silence(history: &[CheckinOutcome]) -> Option<AlertDecision> {
    if history.last() != Some(&CheckinOutcome::Missed) {
        return None;
    }
    let mut missed: u32 = 0;
    let mut before_streak = None;
    for outcome in history.iter().rev() {
        match outcome {
            CheckinOutcome::Missed => missed += 1,
            CheckinOutcome::SkippedBySystem => {}
            other => {
                before_streak = Some(*other);
                break;
            }
        }
    }
    let after_red = before_streak == Some(CheckinOutcome::Answered { red_zone: true });
    let urgency = if missed >= SILENCE_URGENT_MISSES || after_red {
        Urgency::Urgent
    } else if missed >= SILENCE_MISSES {
        Urgency::Normal
    } else {
        return None;
    };
    Some(AlertDecision {
        rule: RuleKind::Silence,
        urgency,
        facts: Facts {
            respondent: Some(Respondent::Youth),
            missed_in_a_row: Some(missed),
            after_red: Some(after_red),
            ..Facts::default()
        },
    })
}

/// Rule 6: a witness's or parent's report of "Værre" (worse) is an alert; "Bedre" and "Uændret"
/// are not (the report itself is still stored by the caller).
pub fn evaluate_report(direction: ReportDirection) -> Option<AlertDecision> {
    (direction == ReportDirection::Worse).then(|| AlertDecision {
        rule: RuleKind::WorseReport,
        urgency: Urgency::Normal,
        facts: Facts {
            report: Some(direction),
            ..Facts::default()
        },
    })
}

/// Rule 7: a network member sees a goal reliably worse than the young person does.
/// Not an alert: stored for the next meeting agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The young person's latest answer on the goal.
    pub youth: i32,
    /// The witness's or parent's answer.
    pub other: i32,
    /// How many scale points worse the other answer is, whatever the scale's direction (> 0).
    pub gap: i32,
}

/// Rule 7: `Some` when the witness's or parent's answer is worse than the young person's latest
/// answer on the same goal by at least the scale's reliable change. A network member who sees
/// things *better* than the young person is not a disagreement under this rule.
pub fn disagreement(scale: &Scale, youth_latest: Score, other_latest: Score) -> Option<Disagreement> {
    let (youth, other) = (youth_latest.value(), other_latest.value());
    let gap = match scale.direction {
        Direction::HigherIsBetter => youth - other,
        Direction::LowerIsBetter => other - youth,
    };
    (gap >= scale.reliable_change).then_some(Disagreement { youth, other, gap })
}

/// An alert already raised about the same thing: for goal alerts the same case and goal, for
/// goal-less alerts (silence, contact request, blocked, stopped, safety) the same participant.
/// Alerts of other rules may be included; [`hygiene`] only compares what is comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentAlert {
    pub id: i64,
    pub rule: RuleKind,
    pub urgency: Urgency,
    pub raised_at: DateTime<Utc>,
    /// Still waiting for an assessment (not assessed, not replaced).
    pub open: bool,
}

impl RecentAlert {
    fn rank(&self) -> (Urgency, u8) {
        (self.urgency, self.rule.strength())
    }
}

/// What to do with an [`AlertDecision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hygiene {
    /// Raise a new alert.
    Raise,
    /// Raise the new alert and close alert `id` as replaced by it.
    Replace { id: i64 },
    /// Do not raise; alert `by` already covers it (the caller may attach the facts to it).
    Suppress { by: i64 },
}

/// Rule 8: de-duplication, so alerts never spam.
///
/// * **Safety** is always raised.
/// * **Contact request, blocked, stopped**: at most one *open* alert of that kind per
///   participant; no 7-day limit.
/// * **Statistical rules, normal urgency**: at most one per case and goal within 7 days
///   ([`HYGIENE_WINDOW`]; an alert raised exactly 7 days ago no longer counts). Alerts raised in
///   the window count whether still open or already assessed — an assessment answers that
///   week's situation, and a new alert within the week would be the spam the rule forbids.
///   The one exception: a stronger decision replaces a *pending* (open) weaker alert, provided
///   nothing in the window is at least as strong. A pending weaker alert older than 7 days is
///   also replaced rather than left beside the new one. A stronger decision after an
///   *assessed* weaker one in the window is suppressed (it comes back with next week's answer
///   if things stay bad).
/// * **Statistical rules, urgent** (silence): ignore the 7-day limit. Held back only by an open
///   urgent alert of the same rule, which is still waiting for assessment (and escalating);
///   an open weaker alert is replaced.
///
/// "Stronger" compares urgency first, then [`RuleKind::strength`].
pub fn hygiene(decision: &AlertDecision, recent: &[RecentAlert], now: DateTime<Utc>) -> Hygiene {
    let latest_of = |filter: &dyn Fn(&RecentAlert) -> bool| {
        recent
            .iter()
            .filter(|a| filter(a))
            .max_by_key(|a| (a.raised_at, a.id))
            .map(|a| a.id)
    };
    match decision.rule {
        RuleKind::Safety | RuleKind::Concern => Hygiene::Raise,
        RuleKind::ContactRequest | RuleKind::Blocked | RuleKind::Stopped => {
            match latest_of(&|a| a.open && a.rule == decision.rule) {
                Some(by) => Hygiene::Suppress { by },
                None => Hygiene::Raise,
            }
        }
        _ => {
            let rank = decision.rank();
            let replaceable = latest_of(&|a| a.rule.is_statistical() && a.open && a.rank() < rank);
            if decision.urgency == Urgency::Urgent {
                let same_open =
                    latest_of(&|a| a.open && a.rule == decision.rule && a.urgency == Urgency::Urgent);
                return match (same_open, replaceable) {
                    (Some(by), _) => Hygiene::Suppress { by },
                    (None, Some(id)) => Hygiene::Replace { id },
                    (None, None) => Hygiene::Raise,
                };
            }
            let in_window = |a: &RecentAlert| a.rule.is_statistical() && now - a.raised_at < HYGIENE_WINDOW;
            if let Some(by) = latest_of(&|a| in_window(a) && a.rank() >= rank) {
                return Hygiene::Suppress { by };
            }
            if let Some(id) = replaceable {
                return Hygiene::Replace { id };
            }
            match latest_of(&in_window) {
                Some(by) => Hygiene::Suppress { by },
                None => Hygiene::Raise,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scale::ScaleKind;
    use chrono::TimeZone;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 6, 16, 0, 0).unwrap()
    }

    fn at_week(week: i64) -> DateTime<Utc> {
        start() + TimeDelta::weeks(week)
    }

    fn answer(scale: &Scale, at: DateTime<Utc>, value: i32) -> ScoredAnswer {
        ScoredAnswer {
            at,
            score: Score::new(scale, value).unwrap(),
        }
    }

    /// Weekly answers; the last one is the new answer.
    fn weekly(scale: &Scale, values: &[i32]) -> (Vec<ScoredAnswer>, ScoredAnswer) {
        let all: Vec<ScoredAnswer> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| answer(scale, at_week(i as i64), v))
            .collect();
        let (new, earlier) = all.split_last().unwrap();
        (earlier.to_vec(), *new)
    }

    fn rules_for(kind: ScaleKind, respondent: Respondent, values: &[i32]) -> Vec<RuleKind> {
        let scale = kind.scale();
        let (earlier, new) = weekly(&scale, values);
        evaluate_answer(&scale, respondent, &earlier, new)
            .into_iter()
            .map(|d| d.rule)
            .collect()
    }

    use RuleKind::*;
    use ScaleKind::*;

    #[test]
    fn the_example_from_the_issue_raises_exactly_one_reliable_drop_against_the_usual_7() {
        let scale = ZeroToTen.scale();
        let (earlier, new) = weekly(&scale, &[7, 7, 8, 7, 3]);
        let decisions = evaluate_answer(&scale, Respondent::Youth, &earlier, new);
        assert_eq!(decisions.len(), 1, "{decisions:?}");
        let d = &decisions[0];
        assert_eq!((d.rule, d.urgency), (ReliableDrop, Urgency::Normal));
        assert_eq!(d.facts.previous, Some(7));
        assert_eq!(d.facts.latest, Some(3));
        assert_eq!(d.facts.baseline, Some(7.0));
        assert_eq!(d.facts.worsening, Some(4.0));
        assert_eq!(d.facts.reliable_change, Some(3));
        assert_eq!(d.facts.recent, vec![7, 7, 8, 7, 3]);
    }

    #[test]
    fn drops_need_three_earlier_answers_and_a_reliable_change_in_the_scales_direction() {
        let cases: &[(ScaleKind, &[i32], &[RuleKind])] = &[
            // Too few answers for a baseline: no drop however large.
            (ZeroToTen, &[9, 4], &[]),
            (ZeroToTen, &[9, 9, 4], &[]),
            (ZeroToTen, &[9, 9, 9, 4], &[ReliableDrop]),
            // Exactly the reliable change counts; one less does not.
            (ZeroToTen, &[7, 7, 7, 4], &[ReliableDrop]),
            (ZeroToTen, &[7, 7, 7, 5], &[]),
            // Even count: median between the middle two (7.5 → 5 is only 2.5).
            (ZeroToTen, &[6, 9, 6, 9, 5], &[]),
            (ZeroToTen, &[6, 8, 6, 8, 4], &[ReliableDrop]),
            // Getting better is never a drop.
            (ZeroToTen, &[3, 3, 3, 9], &[]),
            // Aarhus 0–4: lower is better, 1 point is reliable.
            (Aarhus0To4, &[1, 1, 1, 2], &[ReliableDrop]),
            (Aarhus0To4, &[2, 2, 2, 1], &[]),
            (Aarhus0To4, &[1, 1, 2], &[]),
            (Aarhus0To4, &[2, 2, 2, 3], &[ReliableDrop]),
            // 5-trin: lower is better, 1 step is reliable.
            (FiveStep, &[2, 2, 2, 3], &[ReliableDrop]),
            (FiveStep, &[3, 3, 3, 2], &[]),
            (FiveStep, &[4, 2, 2, 4], &[ReliableDrop]),
        ];
        for (kind, values, expected) in cases {
            assert_eq!(
                rules_for(*kind, Respondent::Youth, values),
                *expected,
                "{kind} {values:?}"
            );
        }
    }

    #[test]
    fn the_baseline_only_uses_the_last_six_weeks_before_the_current_answer() {
        let scale = ZeroToTen.scale();
        let a = |week, value| answer(&scale, at_week(week), value);
        // Old low answers, then three recent good ones: the baseline is the recent 8.
        let earlier = [a(0, 2), a(1, 2), a(2, 2), a(3, 2), a(10, 8), a(11, 8), a(12, 8)];
        let decisions = evaluate_answer(&scale, Respondent::Youth, &earlier, a(13, 5));
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].facts.baseline, Some(8.0));
        assert_eq!(decisions[0].facts.recent, vec![8, 8, 8, 5]);

        // After a long pause nothing is in the window: no baseline, no drop.
        let earlier = [a(0, 8), a(1, 8), a(2, 8)];
        assert!(evaluate_answer(&scale, Respondent::Youth, &earlier, a(12, 4)).is_empty());

        // An answer exactly 6 weeks back is inside the window; a little more is outside.
        let earlier = [a(0, 8), a(4, 8), a(5, 2)];
        let decisions = evaluate_answer(&scale, Respondent::Youth, &earlier, a(6, 4));
        assert_eq!(decisions.len(), 1, "{decisions:?}");
        assert_eq!(decisions[0].facts.baseline, Some(8.0));
        let later = answer(&scale, at_week(6) + TimeDelta::hours(1), 4);
        assert!(evaluate_answer(&scale, Respondent::Youth, &earlier, later).is_empty());

        // Answers after the new one (and the new one itself) are ignored, in any order.
        let earlier = [a(20, 0), a(11, 7), a(12, 3), a(9, 7), a(10, 7)];
        let decisions = evaluate_answer(&scale, Respondent::Youth, &earlier, a(12, 3));
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].facts.baseline, Some(7.0));
        assert_eq!(decisions[0].facts.previous, Some(7));
    }

    #[test]
    fn a_red_zone_cluster_needs_a_new_red_answer_and_two_reds_among_the_last_three() {
        let cases: &[(ScaleKind, &[i32], &[RuleKind])] = &[
            // A single low score is not an alert.
            (ZeroToTen, &[2], &[]),
            (ZeroToTen, &[8, 8, 2], &[]),
            (ZeroToTen, &[2, 2], &[RedZoneCluster]),
            (ZeroToTen, &[5, 2, 2], &[RedZoneCluster]),
            (ZeroToTen, &[2, 5, 2], &[RedZoneCluster]),
            (ZeroToTen, &[2, 5, 5, 3], &[]),
            // Recovering (the new answer is not red) does not raise it again.
            (ZeroToTen, &[2, 2, 5], &[]),
            (Aarhus0To4, &[3, 1, 4], &[RedZoneCluster]),
            (Aarhus0To4, &[4, 1, 1], &[]),
            (FiveStep, &[4, 2, 5], &[RedZoneCluster]),
            (FiveStep, &[1, 1, 5], &[]),
        ];
        for (kind, values, expected) in cases {
            assert_eq!(
                rules_for(*kind, Respondent::Youth, values),
                *expected,
                "{kind} {values:?}"
            );
        }
        let scale = ZeroToTen.scale();
        let (earlier, new) = weekly(&scale, &[9, 3, 6, 1]);
        let d = &evaluate_answer(&scale, Respondent::Youth, &earlier, new)[0];
        assert_eq!(d.rule, RedZoneCluster);
        assert_eq!(d.facts.recent, vec![3, 6, 1]);
        assert_eq!(d.facts.red_in_recent, Some(2));
    }

    #[test]
    fn a_steady_decline_is_three_worse_answers_in_a_row_however_small_the_steps() {
        let cases: &[(ScaleKind, &[i32], &[RuleKind])] = &[
            (ZeroToTen, &[9, 8, 7, 6], &[SteadyDecline]),
            (ZeroToTen, &[10, 9, 8, 7, 6], &[SteadyDecline]),
            // Only two worsenings (a > b > c) is not yet a decline.
            (ZeroToTen, &[8, 7, 6], &[]),
            (ZeroToTen, &[5, 9, 8, 7], &[]),
            // A repeated value breaks the run.
            (ZeroToTen, &[9, 8, 8, 7], &[]),
            // Lower-is-better scales decline upwards; each step here is also reliable.
            (Aarhus0To4, &[0, 1, 2, 3], &[ReliableDrop, SteadyDecline]),
            (Aarhus0To4, &[3, 2, 1, 0], &[]),
            (FiveStep, &[1, 2, 3, 4], &[ReliableDrop, SteadyDecline]),
        ];
        for (kind, values, expected) in cases {
            assert_eq!(
                rules_for(*kind, Respondent::Youth, values),
                *expected,
                "{kind} {values:?}"
            );
        }
        let scale = ZeroToTen.scale();
        let (earlier, new) = weekly(&scale, &[9, 9, 8, 7, 6]);
        let d = &evaluate_answer(&scale, Respondent::Youth, &earlier, new)[0];
        assert_eq!(d.facts.recent, vec![9, 8, 7, 6]);
    }

    #[test]
    fn several_rules_on_one_answer_come_strongest_first() {
        let scale = ZeroToTen.scale();
        let (earlier, new) = weekly(&scale, &[8, 8, 2, 1]);
        let decisions = evaluate_answer(&scale, Respondent::Youth, &earlier, new);
        let rules: Vec<RuleKind> = decisions.iter().map(|d| d.rule).collect();
        assert_eq!(rules, vec![RedZoneCluster, ReliableDrop]);
        assert_eq!(strongest(decisions).map(|d| d.rule), Some(RedZoneCluster));
        assert_eq!(strongest(Vec::new()), None);
        let mixed = vec![
            evaluate_report(ReportDirection::Worse).unwrap(),
            evaluate_silence(&[CheckinOutcome::Missed; 3]).unwrap(),
        ];
        assert_eq!(strongest(mixed).map(|d| d.rule), Some(Silence));
    }

    #[test]
    fn the_network_only_alerts_on_its_own_reliable_drop() {
        let cases: &[(ScaleKind, Respondent, &[i32], &[RuleKind])] = &[
            (ZeroToTen, Respondent::Witness, &[7, 7, 8, 7, 3], &[NetworkDrop]),
            (ZeroToTen, Respondent::Parent, &[7, 7, 7, 4], &[NetworkDrop]),
            (ZeroToTen, Respondent::Witness, &[7, 7, 3], &[]),
            // Red clusters and small declines are rules for the young person's own answers.
            (ZeroToTen, Respondent::Witness, &[2, 2], &[]),
            (ZeroToTen, Respondent::Parent, &[9, 8, 7, 6], &[]),
            (Aarhus0To4, Respondent::Parent, &[1, 1, 1, 2], &[NetworkDrop]),
            (FiveStep, Respondent::Witness, &[3, 3, 3, 2], &[]),
        ];
        for (kind, respondent, values, expected) in cases {
            assert_eq!(
                rules_for(*kind, *respondent, values),
                *expected,
                "{kind} {respondent:?} {values:?}"
            );
        }
    }

    #[test]
    fn witness_answers_every_other_week_use_the_same_six_week_baseline() {
        let scale = ZeroToTen.scale();
        let a = |week, value| answer(&scale, at_week(week), value);
        let earlier = [a(0, 8), a(2, 7), a(4, 8)];
        let decisions = evaluate_answer(&scale, Respondent::Witness, &earlier, a(6, 4));
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].rule, NetworkDrop);
        assert_eq!(decisions[0].facts.respondent, Some(Respondent::Witness));
        assert_eq!(decisions[0].facts.baseline, Some(8.0));
    }

    #[test]
    fn silence_counts_whole_missed_check_ins_of_the_young_person() {
        use CheckinOutcome::*;
        let ok = Answered { red_zone: false };
        let red = Answered { red_zone: true };
        /// Expected (urgency, missed in a row, after red), or no alert.
        type Expected = Option<(Urgency, u32, bool)>;
        let cases: &[(&[CheckinOutcome], Expected)] = &[
            (&[], None),
            (&[ok, Missed], None),
            (&[ok, Missed, Missed], Some((Urgency::Normal, 2, false))),
            (&[Missed, Missed], Some((Urgency::Normal, 2, false))),
            (&[ok, Missed, Missed, Missed], Some((Urgency::Urgent, 3, false))),
            (
                &[ok, Missed, Missed, Missed, Missed],
                Some((Urgency::Urgent, 4, false)),
            ),
            // A miss right after a red answer is urgent at once, and stays so.
            (&[red, Missed], Some((Urgency::Urgent, 1, true))),
            (&[red, Missed, Missed], Some((Urgency::Urgent, 2, true))),
            (&[red, SkippedBySystem, Missed], Some((Urgency::Urgent, 1, true))),
            (&[red, ok, Missed], None),
            // Check-ins the system skipped neither break nor count toward a streak.
            (
                &[ok, Missed, SkippedBySystem, Missed],
                Some((Urgency::Normal, 2, false)),
            ),
            (&[ok, SkippedBySystem, SkippedBySystem, Missed], None),
            (&[ok, Missed, SkippedBySystem], None),
            (&[ok, Missed, Missed, SkippedBySystem], None),
            // Answering resets; so does skipping (the person responded).
            (&[Missed, Missed, ok, Missed], None),
            (&[Missed, Missed, Skipped, Missed], None),
            (&[red, Skipped, Missed], None),
            (&[Missed, Missed, Skipped], None),
        ];
        for (history, expected) in cases {
            let got = evaluate_silence(history).map(|d| {
                assert_eq!(d.rule, Silence);
                (
                    d.urgency,
                    d.facts.missed_in_a_row.unwrap(),
                    d.facts.after_red.unwrap(),
                )
            });
            assert_eq!(got, *expected, "{history:?}");
        }
    }

    #[test]
    fn only_a_worse_report_is_an_alert() {
        assert_eq!(evaluate_report(ReportDirection::Better), None);
        assert_eq!(evaluate_report(ReportDirection::Same), None);
        let d = evaluate_report(ReportDirection::Worse).unwrap();
        assert_eq!((d.rule, d.urgency), (WorseReport, Urgency::Normal));
        assert_eq!(d.facts.report, Some(ReportDirection::Worse));
    }

    #[test]
    fn a_network_answer_reliably_worse_than_the_young_persons_is_a_disagreement_for_the_agenda() {
        let cases: &[(ScaleKind, i32, i32, Option<i32>)] = &[
            (ZeroToTen, 8, 5, Some(3)),
            (ZeroToTen, 8, 1, Some(7)),
            (ZeroToTen, 8, 6, None),
            // The witness seeing it better is not this rule.
            (ZeroToTen, 2, 9, None),
            (Aarhus0To4, 0, 1, Some(1)),
            (Aarhus0To4, 1, 4, Some(3)),
            (Aarhus0To4, 2, 1, None),
            (Aarhus0To4, 2, 2, None),
            (FiveStep, 1, 4, Some(3)),
            (FiveStep, 4, 1, None),
        ];
        for &(kind, youth, other, gap) in cases {
            let scale = kind.scale();
            let got = disagreement(
                &scale,
                Score::new(&scale, youth).unwrap(),
                Score::new(&scale, other).unwrap(),
            );
            assert_eq!(
                got,
                gap.map(|gap| Disagreement { youth, other, gap }),
                "{kind} {youth} vs {other}"
            );
        }
    }

    #[test]
    fn hygiene_allows_one_non_urgent_alert_per_goal_a_week_and_lets_stronger_ones_replace_pending_weaker_ones()
     {
        let now = at_week(10);
        let ago = |days: i64| now - TimeDelta::days(days);
        let alert = |id, rule, urgency, days, open| RecentAlert {
            id,
            rule,
            urgency,
            raised_at: ago(days),
            open,
        };
        let normal = |rule| AlertDecision {
            rule,
            urgency: Urgency::Normal,
            facts: Facts::default(),
        };
        let urgent = |rule| AlertDecision {
            rule,
            urgency: Urgency::Urgent,
            facts: Facts::default(),
        };
        use Hygiene::*;
        use Urgency::{Normal as N, Urgent as U};
        let cases: Vec<(&str, AlertDecision, Vec<RecentAlert>, Hygiene)> = vec![
            ("nothing before", normal(ReliableDrop), vec![], Raise),
            (
                "second within 7 days, first still open",
                normal(ReliableDrop),
                vec![alert(1, ReliableDrop, N, 3, true)],
                Suppress { by: 1 },
            ),
            (
                "second within 7 days, first already assessed",
                normal(ReliableDrop),
                vec![alert(1, ReliableDrop, N, 3, false)],
                Suppress { by: 1 },
            ),
            (
                "weaker rule within 7 days",
                normal(SteadyDecline),
                vec![alert(1, RedZoneCluster, N, 6, false)],
                Suppress { by: 1 },
            ),
            (
                "exactly 7 days later",
                normal(ReliableDrop),
                vec![alert(1, ReliableDrop, N, 7, false)],
                Raise,
            ),
            (
                "after 7 days",
                normal(ReliableDrop),
                vec![alert(1, ReliableDrop, N, 8, false)],
                Raise,
            ),
            (
                "stronger replaces a pending weaker one",
                normal(RedZoneCluster),
                vec![alert(1, SteadyDecline, N, 2, true)],
                Replace { id: 1 },
            ),
            (
                "stronger after an assessed weaker one waits",
                normal(RedZoneCluster),
                vec![alert(1, SteadyDecline, N, 2, false)],
                Suppress { by: 1 },
            ),
            (
                "stronger, but an equally strong one is in the window",
                normal(RedZoneCluster),
                vec![
                    alert(1, SteadyDecline, N, 1, true),
                    alert(2, RedZoneCluster, N, 5, false),
                ],
                Suppress { by: 2 },
            ),
            (
                "stronger replaces a pending weaker one older than 7 days",
                normal(RedZoneCluster),
                vec![alert(1, SteadyDecline, N, 12, true)],
                Replace { id: 1 },
            ),
            (
                "contact requests and blocks do not count against goal alerts",
                normal(WorseReport),
                vec![
                    alert(1, ContactRequest, N, 1, true),
                    alert(2, Blocked, N, 1, true),
                    alert(3, Safety, U, 1, true),
                ],
                Raise,
            ),
            (
                "urgent silence replaces a pending normal silence",
                urgent(Silence),
                vec![alert(1, Silence, N, 7, true)],
                Replace { id: 1 },
            ),
            (
                "urgent is raised even within 7 days of another",
                urgent(Silence),
                vec![alert(1, Silence, N, 2, false)],
                Raise,
            ),
            (
                "urgent is raised again after the last one was assessed",
                urgent(Silence),
                vec![alert(1, Silence, U, 2, false)],
                Raise,
            ),
            (
                "urgent is not repeated while the same one waits for assessment",
                urgent(Silence),
                vec![alert(1, Silence, U, 7, true)],
                Suppress { by: 1 },
            ),
            (
                "safety is always raised",
                AlertDecision::safety(),
                vec![alert(1, Safety, U, 0, true)],
                Raise,
            ),
            (
                "one pending contact request per participant",
                AlertDecision::contact_request(),
                vec![alert(1, ContactRequest, N, 30, true)],
                Suppress { by: 1 },
            ),
            (
                "a new contact request after the last was handled",
                AlertDecision::contact_request(),
                vec![
                    alert(1, ContactRequest, N, 1, false),
                    alert(2, RedZoneCluster, N, 1, true),
                ],
                Raise,
            ),
            (
                "a block is reported once while pending",
                AlertDecision::blocked(),
                vec![alert(1, Blocked, N, 0, true)],
                Suppress { by: 1 },
            ),
            (
                "stopped bypasses the 7 days",
                AlertDecision::stopped(),
                vec![alert(1, Silence, N, 1, true), alert(2, Stopped, N, 1, false)],
                Raise,
            ),
        ];
        for (name, decision, recent, expected) in cases {
            assert_eq!(hygiene(&decision, &recent, now), expected, "{name}");
        }
    }

    #[test]
    fn non_statistical_alerts_have_their_fixed_urgency() {
        let cases = [
            (AlertDecision::contact_request(), ContactRequest, Urgency::Normal),
            (AlertDecision::blocked(), Blocked, Urgency::Normal),
            (AlertDecision::stopped(), Stopped, Urgency::Normal),
            (AlertDecision::safety(), Safety, Urgency::Urgent),
        ];
        for (decision, rule, urgency) in cases {
            assert_eq!((decision.rule, decision.urgency), (rule, urgency));
            assert!(!rule.is_statistical());
        }
    }

    #[test]
    fn keys_round_trip_and_match_the_serde_names() {
        for rule in RuleKind::ALL {
            assert_eq!(RuleKind::parse(rule.key()), Ok(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.key());
        }
        for urgency in [Urgency::Normal, Urgency::Urgent] {
            assert_eq!(Urgency::parse(urgency.key()), Ok(urgency));
            assert_eq!(serde_json::to_value(urgency).unwrap(), urgency.key());
        }
        assert!(RuleKind::parse("panic").is_err());
        assert!(Urgency::parse("soon").is_err());
        let mut strengths: Vec<u8> = RuleKind::ALL.iter().map(|r| r.strength()).collect();
        strengths.sort_unstable();
        strengths.dedup();
        assert_eq!(strengths.len(), RuleKind::ALL.len(), "strengths are distinct");
    }

    #[test]
    fn facts_round_trip_through_json_and_leave_out_what_does_not_apply() {
        let scale = ZeroToTen.scale();
        let (earlier, new) = weekly(&scale, &[7, 7, 8, 7, 3]);
        let facts = evaluate_answer(&scale, Respondent::Youth, &earlier, new)
            .remove(0)
            .facts;
        let json = serde_json::to_value(&facts).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "respondent": "youth",
                "latest": 3,
                "previous": 7,
                "baseline": 7.0,
                "worsening": 4.0,
                "reliable_change": 3,
                "recent": [7, 7, 8, 7, 3],
            })
        );
        let back: Facts = serde_json::from_value(json).unwrap();
        assert_eq!(back, facts);
        let empty: Facts = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Facts::default());
    }

    #[test]
    fn median_handles_odd_even_and_empty_inputs() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[1, 2, 9, 8]), Some(5.0));
        assert_eq!(median(&[7, 8]), Some(7.5));
    }
}
