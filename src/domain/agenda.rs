//! The agenda draft's content (dagsordensudkast) and what is worked out from it before a
//! meeting: each respondent's trend on a goal, where the young person and the others disagree,
//! and the Signs of Safety seeds. Pure, so the rules are tested with plain tables; the printed
//! draft and the Telegram summary are made in `render::agenda`.
//!
//! # Signs of Safety seeds
//!
//! The three headings are seeded with what came in since the last meeting ([`seed`]):
//!
//! * **Hvad bekymrer?** — every alert (rule and who/goal), every "Værre" report, per goal one
//!   line with the respondents whose latest answer is in the red band (leaving out whoever an
//!   alert on that goal is about: the alert says it already), every comment that came with a
//!   check-in whose answers touched the red band.
//! * **Hvad fungerer?** — every "Bedre" report, per goal one line with the respondents whose
//!   latest answer is in the green band, every comment that came with an all-green check-in.
//! * **Hvad skal der ske?** — every "se ske" wish, one line per person.
//! * Everything else that carries words — "Uændret" reports with a text, comments with yellow or
//!   no answers — is listed under "Andre kommentarer" for the caseworker to place.
//!
//! The seeds are a starting point for the caseworker, not a conclusion: the draft says so.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::alert::Decision;
use crate::domain::alert_rules::{ReportDirection, Respondent, RuleKind, ScoredAnswer, disagreement, median};
use crate::domain::meeting::{MeetingKind, MeetingRating, Wishes};
use crate::domain::scale::{Band, Scale, ScaleKind, Score};

// ---------------------------------------------------------------------------------------------
// The data the service fills in
// ---------------------------------------------------------------------------------------------

/// Everything the agenda draft shows, as read from the database.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaDraft {
    pub case_code: String,
    pub nickname: String,
    pub kind: MeetingKind,
    pub meeting_at: DateTime<Utc>,
    /// The time zone dates are shown in (normally Europe/Copenhagen).
    pub tz: Tz,
    pub place: Option<String>,
    /// The previous meeting: the period the draft covers starts here. `None` for the first
    /// meeting (everything so far).
    pub since: Option<DateTime<Utc>>,
    /// When the draft was made (shown in the footer).
    pub created_at: DateTime<Utc>,
    /// Who is invited, in the order to show.
    pub participants: Vec<DraftPerson>,
    /// The case's active goals, in plan order.
    pub goals: Vec<DraftGoal>,
    /// Alerts raised in the period, oldest first, with their assessments.
    pub alerts: Vec<DraftAlert>,
    /// Reports (meldinger) from witnesses and parents in the period, oldest first.
    pub reports: Vec<DraftReport>,
    /// "Se ske" wishes for this meeting, one entry per person.
    pub wishes: Vec<PersonWishes>,
    /// Free comments received in the period (written after a check-in), oldest first.
    pub comments: Vec<DraftComment>,
    /// Answers to "Hvordan var mødet for dig?" after the previous meeting.
    pub ratings: Vec<DraftRating>,
    /// Texts participants wrote to the caseworker in the period that the caseworker did not
    /// take to the meeting: counted in the caseworker's summary, never printed.
    pub confidential_left_out: usize,
    /// Optional PNG charts (caption, PNG bytes), embedded as `data:` URIs. Anything that is
    /// not a PNG is left out.
    pub charts: Vec<(String, Vec<u8>)>,
}

/// A person invited to the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPerson {
    /// As shown to the caseworker: "Lea", "Mor (Anne)", "Rådgiver Mette".
    pub name: String,
    /// `None` for staff and others who are not participants in the chat.
    pub respondent: Option<Respondent>,
}

/// One goal of the plan and everyone's answers on it in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftGoal {
    /// The goal's number in the plan (1, 2, …).
    pub position: u32,
    /// The young person's own words.
    pub wording: String,
    pub scale: ScaleKind,
    /// One entry per respondent who has answered, the young person first.
    pub answers: Vec<RespondentAnswers>,
}

/// One respondent's scored answers on one goal since the last meeting (any order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondentAnswers {
    /// As shown to the caseworker: "Lea", "Mor (Anne)", "Træner".
    pub person: String,
    pub respondent: Respondent,
    pub answers: Vec<ScoredAnswer>,
}

/// An alert raised in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAlert {
    pub raised_at: DateTime<Utc>,
    pub rule: RuleKind,
    pub urgent: bool,
    /// Who it is about, if anyone in particular.
    pub person: Option<String>,
    /// The goal's wording, if it is about a goal.
    pub goal: Option<String>,
    /// `None` while not yet assessed.
    pub assessment: Option<DraftAssessment>,
}

/// The caseworker's documented assessment of an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAssessment {
    pub decision: Decision,
    pub note: Option<String>,
}

/// A witness's or parent's report of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftReport {
    pub at: DateTime<Utc>,
    pub person: String,
    /// The goal's wording; `None` for "Overordnet".
    pub goal: Option<String>,
    pub direction: ReportDirection,
    pub text: Option<String>,
}

/// One person's "se ske" wishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonWishes {
    pub person: String,
    pub wishes: Wishes,
}

/// A free comment a participant wrote to the caseworker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftComment {
    pub at: DateTime<Utc>,
    pub person: String,
    pub text: String,
    /// The least good band among the answers of the check-in the comment came with (`None`:
    /// not after a check-in, or nothing answered). Decides where the comment is seeded.
    pub band: Option<Band>,
}

/// One person's answer to "Hvordan var mødet for dig?" after the previous meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRating {
    pub person: String,
    pub rating: MeetingRating,
    /// The same person's rating of the meeting before, if any.
    pub previous: Option<MeetingRating>,
    pub comment: Option<String>,
}

impl DraftRating {
    /// Below 9, or lower than the person's previous rating: something to talk about.
    pub fn worth_talking_about(&self) -> bool {
        self.rating.worth_talking_about(self.previous)
    }
}

// ---------------------------------------------------------------------------------------------
// Trends
// ---------------------------------------------------------------------------------------------

/// Which way one respondent's answers on a goal went in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendDirection {
    Better,
    Same,
    Worse,
    /// Fewer than two answers.
    NotEnough,
}

impl TrendDirection {
    /// Stable key; the label is `agenda-trend-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            TrendDirection::Better => "better",
            TrendDirection::Same => "same",
            TrendDirection::Worse => "worse",
            TrendDirection::NotEnough => "not-enough",
        }
    }
}

/// One respondent's answers on a goal in the period, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// How many answers.
    pub count: usize,
    /// The earliest answer in the period.
    pub first: Option<i32>,
    /// The most recent answer.
    pub latest: Option<i32>,
    /// Median of all answers in the period.
    pub median: Option<f64>,
    pub direction: TrendDirection,
}

/// Summarises one respondent's answers on one goal (any order; pass only the period's
/// answers).
///
/// The direction compares the **latest** answer with the **first** one in the scale's better
/// direction: a change of at least the scale's reliable change is [`TrendDirection::Better`] or
/// [`TrendDirection::Worse`], anything smaller is [`TrendDirection::Same`]; fewer than two
/// answers is [`TrendDirection::NotEnough`]. It matches the two numbers printed next to it, so
/// the caseworker can see why; the median is printed too, so a single odd answer is visible as
/// such. (The long-term, baseline-based view is `progression::classify`.)
pub fn trend(scale: &Scale, answers: &[ScoredAnswer]) -> Trend {
    let mut sorted = answers.to_vec();
    sorted.sort_by_key(|a| a.at);
    let values: Vec<i32> = sorted.iter().map(|a| a.score.value()).collect();
    let first = values.first().copied();
    let latest = values.last().copied();
    let direction = match (first, latest) {
        (Some(first), Some(latest)) if values.len() >= 2 => {
            let change = scale.improvement(f64::from(first), f64::from(latest));
            let reliable = f64::from(scale.reliable_change);
            if change >= reliable {
                TrendDirection::Better
            } else if change <= -reliable {
                TrendDirection::Worse
            } else {
                TrendDirection::Same
            }
        }
        _ => TrendDirection::NotEnough,
    };
    Trend {
        count: values.len(),
        first,
        latest,
        median: median(&values),
        direction,
    }
}

// ---------------------------------------------------------------------------------------------
// Disagreements
// ---------------------------------------------------------------------------------------------

/// A network member sees a goal reliably worse than the young person does (alert rule 7,
/// applied to the latest answers of the period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftDisagreement<'a> {
    pub goal: &'a DraftGoal,
    pub person: &'a str,
    /// The young person's latest answer.
    pub youth: i32,
    /// The other person's latest answer.
    pub other: i32,
    /// Scale points worse, whatever the scale's direction.
    pub gap: i32,
}

/// For every goal: each parent's or witness's latest answer compared with the young person's
/// latest answer, using `alert_rules::disagreement` (worse by at least the reliable change).
pub fn disagreements(draft: &AgendaDraft) -> Vec<DraftDisagreement<'_>> {
    let mut out = Vec::new();
    for goal in &draft.goals {
        let scale = goal.scale.scale();
        let Some(youth) = goal
            .answers
            .iter()
            .filter(|r| r.respondent == Respondent::Youth)
            .find_map(|r| latest_score(&r.answers))
        else {
            continue;
        };
        for other in goal.answers.iter().filter(|r| r.respondent.is_network()) {
            let Some(score) = latest_score(&other.answers) else {
                continue;
            };
            if let Some(d) = disagreement(&scale, youth, score) {
                out.push(DraftDisagreement {
                    goal,
                    person: &other.person,
                    youth: d.youth,
                    other: d.other,
                    gap: d.gap,
                });
            }
        }
    }
    out
}

/// Whether an alert in the period is about this person's answers on this goal.
fn alerted(draft: &AgendaDraft, goal: &DraftGoal, person: &str) -> bool {
    draft
        .alerts
        .iter()
        .any(|a| a.person.as_deref() == Some(person) && a.goal.as_deref() == Some(goal.wording.as_str()))
}

fn latest_score(answers: &[ScoredAnswer]) -> Option<Score> {
    answers.iter().max_by_key(|a| a.at).map(|a| a.score)
}

// ---------------------------------------------------------------------------------------------
// Signs of Safety seeds
// ---------------------------------------------------------------------------------------------

/// One line seeded under a Signs of Safety heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed<'a> {
    Alert(&'a DraftAlert),
    Report(&'a DraftReport),
    /// The respondents whose latest answer on a goal is in the red (or the green) band, with
    /// that answer, in the goal's order: one line per goal.
    Answers {
        goal: &'a DraftGoal,
        people: Vec<(&'a str, i32)>,
    },
    Comment(&'a DraftComment),
    /// One person's "se ske" wishes: the person is named once.
    Wishes {
        person: &'a str,
        wishes: &'a [String],
    },
}

/// The three Signs of Safety headings, seeded (see the module docs for the rules).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignsOfSafety<'a> {
    /// Hvad bekymrer?
    pub worries: Vec<Seed<'a>>,
    /// Hvad fungerer?
    pub working: Vec<Seed<'a>>,
    /// Hvad skal der ske?
    pub next_steps: Vec<Seed<'a>>,
    /// Andre kommentarer: words the caseworker places.
    pub other: Vec<Seed<'a>>,
}

/// Seeds the three Signs of Safety headings from the draft; see the module docs.
///
/// Order within a heading: alerts, reports, answers (goal by goal), comments — each as given.
pub fn seed(draft: &AgendaDraft) -> SignsOfSafety<'_> {
    let mut sos = SignsOfSafety::default();
    sos.worries.extend(draft.alerts.iter().map(Seed::Alert));
    for report in &draft.reports {
        match report.direction {
            ReportDirection::Worse => sos.worries.push(Seed::Report(report)),
            ReportDirection::Better => sos.working.push(Seed::Report(report)),
            ReportDirection::Same if report.text.is_some() => sos.other.push(Seed::Report(report)),
            ReportDirection::Same => {}
        }
    }
    for goal in &draft.goals {
        let scale = goal.scale.scale();
        let (mut red, mut green) = (Vec::new(), Vec::new());
        for respondent in &goal.answers {
            let Some(score) = latest_score(&respondent.answers) else {
                continue;
            };
            let entry = (respondent.person.as_str(), score.value());
            match scale.band(score) {
                // An alert about this person and goal already says it: listed once.
                Band::Red if !alerted(draft, goal, &respondent.person) => red.push(entry),
                Band::Red | Band::Yellow => {}
                Band::Green => green.push(entry),
            }
        }
        if !red.is_empty() {
            sos.worries.push(Seed::Answers { goal, people: red });
        }
        if !green.is_empty() {
            sos.working.push(Seed::Answers { goal, people: green });
        }
    }
    for comment in &draft.comments {
        match comment.band {
            Some(Band::Red) => sos.worries.push(Seed::Comment(comment)),
            Some(Band::Green) => sos.working.push(Seed::Comment(comment)),
            Some(Band::Yellow) | None => sos.other.push(Seed::Comment(comment)),
        }
    }
    for person in draft.wishes.iter().filter(|p| !p.wishes.is_empty()) {
        sos.next_steps.push(Seed::Wishes {
            person: &person.person,
            wishes: person.wishes.as_slice(),
        });
    }
    sos
}
