//! Progression (udvikling): has one person's view of one goal changed reliably since they
//! started answering? Compared with the person's own baseline, never with other children.
//! Pure; used by progress pictures, meeting agendas and management figures.

use serde::{Deserialize, Serialize};

use crate::domain::alert_rules::{ScoredAnswer, median};
use crate::domain::scale::Scale;

/// Answers needed before a progression can be measured; also the size of the baseline and of
/// the "current" sample.
pub const PROGRESSION_ANSWERS: usize = 3;

/// A person's progression on a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progression {
    ReliablyBetter,
    NoReliableChange,
    ReliablyWorse,
    /// Fewer than 3 answers.
    NotYetMeasurable,
}

impl Progression {
    pub const ALL: [Progression; 4] = [
        Progression::ReliablyBetter,
        Progression::NoReliableChange,
        Progression::ReliablyWorse,
        Progression::NotYetMeasurable,
    ];

    /// Stable key for reports and message ids (equal to the serde name).
    pub fn key(self) -> &'static str {
        match self {
            Progression::ReliablyBetter => "reliably_better",
            Progression::NoReliableChange => "no_reliable_change",
            Progression::ReliablyWorse => "reliably_worse",
            Progression::NotYetMeasurable => "not_yet_measurable",
        }
    }
}

/// The classification and the numbers behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProgressionSummary {
    pub progression: Progression,
    /// How many scored answers the person has given on the goal.
    pub answers: usize,
    /// Median of the first 3 answers; `None` while not yet measurable.
    pub baseline: Option<f64>,
    /// Median of the last 3 answers; `None` while not yet measurable.
    pub current: Option<f64>,
    /// `current` compared with `baseline` in the scale's "better" direction (negative = worse).
    pub improvement: Option<f64>,
}

/// Classifies one person's scored answers on one goal (any order; missed and skipped prompts
/// are not answers and must not be passed).
///
/// * Fewer than [`PROGRESSION_ANSWERS`] (3) answers → [`Progression::NotYetMeasurable`].
/// * Baseline = median of the person's **first 3 answers**. Chosen over "the first 6 weeks"
///   because it is the same amount of evidence for a young person answering weekly and a
///   witness answering every other week, it does not depend on when the first check-in
///   happened, and it matches the 3-answer baseline of the alert rules.
/// * Current = median of the **last 3 answers**, not the latest alone: a progress report
///   describes where the person is, and one good or bad week should not flip it (single weeks
///   are what the alerts are for). With 3 to 5 answers the two samples overlap, which only makes
///   the classification more cautious; with exactly 3 answers it is trivially
///   [`Progression::NoReliableChange`].
/// * Reliably better / worse = current differs from the baseline by at least the scale's
///   reliable change in the scale's better / worse direction.
pub fn classify(scale: &Scale, answers: &[ScoredAnswer]) -> ProgressionSummary {
    let mut sorted = answers.to_vec();
    sorted.sort_by_key(|a| a.at);
    let values: Vec<i32> = sorted.iter().map(|a| a.score.value()).collect();
    let n = values.len();
    if n < PROGRESSION_ANSWERS {
        return ProgressionSummary {
            progression: Progression::NotYetMeasurable,
            answers: n,
            baseline: None,
            current: None,
            improvement: None,
        };
    }
    let baseline = median(&values[..PROGRESSION_ANSWERS]);
    let current = median(&values[n - PROGRESSION_ANSWERS..]);
    let improvement = baseline
        .zip(current)
        .map(|(base, now)| scale.improvement(base, now));
    let reliable = f64::from(scale.reliable_change);
    let progression = match improvement {
        Some(change) if change >= reliable => Progression::ReliablyBetter,
        Some(change) if change <= -reliable => Progression::ReliablyWorse,
        Some(_) => Progression::NoReliableChange,
        None => Progression::NotYetMeasurable,
    };
    ProgressionSummary {
        progression,
        answers: n,
        baseline,
        current,
        improvement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scale::{ScaleKind, Score};
    use chrono::{TimeDelta, TimeZone, Utc};

    fn weekly(scale: &Scale, values: &[i32]) -> Vec<ScoredAnswer> {
        let start = Utc.with_ymd_and_hms(2025, 3, 3, 17, 0, 0).unwrap();
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| ScoredAnswer {
                at: start + TimeDelta::weeks(i as i64),
                score: Score::new(scale, v).unwrap(),
            })
            .collect()
    }

    #[test]
    fn progression_is_measured_against_the_persons_own_first_answers_in_the_scales_direction() {
        use Progression::*;
        use ScaleKind::*;
        let cases: &[(ScaleKind, &[i32], Progression)] = &[
            // Too few answers.
            (ZeroToTen, &[], NotYetMeasurable),
            (ZeroToTen, &[2], NotYetMeasurable),
            (ZeroToTen, &[2, 9], NotYetMeasurable),
            // Three answers set the baseline: nothing has changed yet.
            (ZeroToTen, &[2, 9, 9], NoReliableChange),
            (ZeroToTen, &[3, 4, 3, 5, 6, 7], ReliablyBetter),
            // One good week is not progression; two are (median of the last 3).
            (ZeroToTen, &[3, 4, 3, 7], NoReliableChange),
            (ZeroToTen, &[3, 4, 3, 7, 7], ReliablyBetter),
            (ZeroToTen, &[8, 8, 8, 4, 4], ReliablyWorse),
            (ZeroToTen, &[6, 6, 6, 5, 4, 4], NoReliableChange),
            // Lower is better.
            (Aarhus0To4, &[3, 3, 2, 2, 1, 1], ReliablyBetter),
            (Aarhus0To4, &[1, 1, 1, 2, 2], ReliablyWorse),
            (Aarhus0To4, &[2, 2, 2, 2], NoReliableChange),
            (FiveStep, &[2, 2, 2, 3, 3, 3], ReliablyWorse),
            (FiveStep, &[4, 4, 4, 3, 3, 3], ReliablyBetter),
        ];
        for (kind, values, expected) in cases {
            let scale = kind.scale();
            let summary = classify(&scale, &weekly(&scale, values));
            assert_eq!(summary.progression, *expected, "{kind} {values:?}");
            assert_eq!(summary.answers, values.len());
        }
    }

    #[test]
    fn the_summary_carries_the_numbers_and_ignores_input_order() {
        let scale = ScaleKind::Aarhus0To4.scale();
        let mut answers = weekly(&scale, &[3, 3, 2, 2, 1, 1]);
        answers.reverse();
        let summary = classify(&scale, &answers);
        assert_eq!(summary.baseline, Some(3.0));
        assert_eq!(summary.current, Some(1.0));
        assert_eq!(summary.improvement, Some(2.0));

        let summary = classify(&scale, &weekly(&scale, &[3, 3]));
        assert_eq!(summary.baseline, None);
        assert_eq!(summary.current, None);
        assert_eq!(summary.improvement, None);
    }

    #[test]
    fn keys_match_the_serde_names() {
        for progression in Progression::ALL {
            assert_eq!(serde_json::to_value(progression).unwrap(), progression.key());
        }
    }
}
