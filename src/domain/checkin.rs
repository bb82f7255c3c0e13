//! The life of a check-in (tjek-ind) and its prompts (spørgsmål): sent, reminded once,
//! answered, skipped or expired. Pure timing and state rules.

use chrono::{DateTime, Duration, Utc};

/// One gentle reminder when nothing was answered after this long.
pub const REMIND_AFTER: Duration = Duration::hours(24);
/// Unanswered prompts expire (are recorded as missed) after this long.
pub const EXPIRE_AFTER: Duration = Duration::hours(72);
/// A second tap within this long after the first answer changes the answer.
pub const CHANGE_WINDOW: Duration = Duration::hours(24);

/// Why a check-in was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The participant's rhythm.
    Schedule,
    /// The caseworker's `/tjekind`: goes out at once, quiet hours or not.
    Manual,
    /// The goal ratings that go with a meeting's agenda. No intro of its own (the agenda is
    /// the intro), no 24-hour reminder (the agenda reminder covers it), and an unanswered one
    /// is not the young person's silence.
    Meeting,
}

impl Trigger {
    pub const ALL: [Trigger; 3] = [Trigger::Schedule, Trigger::Manual, Trigger::Meeting];

    pub fn key(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Meeting => "meeting",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Where a check-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinStatus {
    /// Sent (or waiting for quiet hours to end), not yet closed.
    Open,
    /// Closed with at least one prompt answered or skipped.
    Answered,
    /// Closed with nothing answered: the person was silent.
    Missed,
    /// Never sent because the service was down too long: not the person's silence.
    SkippedBySystem,
}

impl CheckinStatus {
    const ALL: [CheckinStatus; 4] = [
        CheckinStatus::Open,
        CheckinStatus::Answered,
        CheckinStatus::Missed,
        CheckinStatus::SkippedBySystem,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CheckinStatus::Open => "open",
            CheckinStatus::Answered => "answered",
            CheckinStatus::Missed => "missed",
            CheckinStatus::SkippedBySystem => "skipped_by_system",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Where one prompt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptStatus {
    Sent,
    Answered,
    /// The person pressed "Spring over".
    Skipped,
    /// Expired unanswered. Never a score.
    Missed,
}

impl PromptStatus {
    const ALL: [PromptStatus; 4] = [
        PromptStatus::Sent,
        PromptStatus::Answered,
        PromptStatus::Skipped,
        PromptStatus::Missed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PromptStatus::Sent => "sent",
            PromptStatus::Answered => "answered",
            PromptStatus::Skipped => "skipped",
            PromptStatus::Missed => "missed",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The person responded to this prompt (a skip is a response, not silence).
    pub fn responded(self) -> bool {
        matches!(self, PromptStatus::Answered | PromptStatus::Skipped)
    }
}

/// What a tap on a prompt may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TapDecision {
    /// First answer (or skip) on this prompt.
    First,
    /// A new value within the change window: the latest counts, the earlier one is kept.
    Change,
    /// The same value again (double tap, re-delivered press): nothing changes.
    Same,
    /// Too late: the check-in is closed or the change window has passed.
    Closed,
}

/// Decides what a tap does, given the prompt's state. `value` None means "Spring over".
pub fn decide_tap(
    status: PromptStatus,
    current: Option<i32>,
    first_answered_at: Option<DateTime<Utc>>,
    checkin_open: bool,
    value: Option<i32>,
    now: DateTime<Utc>,
) -> TapDecision {
    match status {
        PromptStatus::Missed => TapDecision::Closed,
        PromptStatus::Sent if checkin_open => TapDecision::First,
        PromptStatus::Sent => TapDecision::Closed,
        PromptStatus::Answered | PromptStatus::Skipped => {
            if current == value {
                TapDecision::Same
            } else if first_answered_at.is_some_and(|at| now - at <= CHANGE_WINDOW) {
                TapDecision::Change
            } else {
                TapDecision::Closed
            }
        }
    }
}

/// What is due for an open check-in released at `release_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinDue {
    Nothing,
    /// Send the one reminder (only when nothing was answered and none was sent).
    Remind,
    /// Close it: unanswered prompts become missed.
    Expire,
}

pub fn due(release_at: DateTime<Utc>, reminded: bool, any_response: bool, now: DateTime<Utc>) -> CheckinDue {
    if now >= release_at + EXPIRE_AFTER {
        CheckinDue::Expire
    } else if !reminded && !any_response && now >= release_at + REMIND_AFTER {
        CheckinDue::Remind
    } else {
        CheckinDue::Nothing
    }
}

/// The status a check-in closes with.
pub fn closing_status(prompts: &[PromptStatus]) -> CheckinStatus {
    if prompts.iter().any(|p| p.responded()) {
        CheckinStatus::Answered
    } else {
        CheckinStatus::Missed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn taps_answer_change_repeat_or_are_too_late() {
        use PromptStatus::*;
        let cases = [
            (Sent, None, None, true, Some(7), 0, TapDecision::First),
            (Sent, None, None, true, None, 0, TapDecision::First),
            (Sent, None, None, false, Some(7), 0, TapDecision::Closed),
            (Missed, None, None, false, Some(7), 0, TapDecision::Closed),
            (Answered, Some(7), Some(t(0)), true, Some(7), 1, TapDecision::Same),
            (
                Answered,
                Some(7),
                Some(t(0)),
                true,
                Some(4),
                23,
                TapDecision::Change,
            ),
            (
                Answered,
                Some(7),
                Some(t(0)),
                false,
                Some(4),
                23,
                TapDecision::Change,
            ),
            (
                Answered,
                Some(7),
                Some(t(0)),
                true,
                Some(4),
                25,
                TapDecision::Closed,
            ),
            (Skipped, None, Some(t(0)), true, Some(5), 2, TapDecision::Change),
            (Skipped, None, Some(t(0)), true, None, 2, TapDecision::Same),
        ];
        for (status, current, first, open, value, hours, expected) in cases {
            assert_eq!(
                decide_tap(status, current, first, open, value, t(hours)),
                expected,
                "{status:?} {current:?} -> {value:?} after {hours} h"
            );
        }
    }

    #[test]
    fn one_reminder_after_a_day_then_expiry_after_three() {
        let cases = [
            (0, false, false, CheckinDue::Nothing),
            (23, false, false, CheckinDue::Nothing),
            (24, false, false, CheckinDue::Remind),
            (24, true, false, CheckinDue::Nothing),
            (30, false, true, CheckinDue::Nothing),
            (72, true, false, CheckinDue::Expire),
            (72, false, true, CheckinDue::Expire),
        ];
        for (hours, reminded, responded, expected) in cases {
            assert_eq!(due(t(0), reminded, responded, t(hours)), expected, "{hours} h");
        }
    }

    #[test]
    fn a_check_in_with_any_response_is_answered_otherwise_missed() {
        use PromptStatus::*;
        assert_eq!(closing_status(&[Missed, Missed]), CheckinStatus::Missed);
        assert_eq!(closing_status(&[Skipped, Missed]), CheckinStatus::Answered);
        assert_eq!(closing_status(&[Answered]), CheckinStatus::Answered);
        assert_eq!(closing_status(&[]), CheckinStatus::Missed);
        for s in CheckinStatus::ALL {
            assert_eq!(CheckinStatus::parse(s.key()), Some(s));
        }
        for s in PromptStatus::ALL {
            assert_eq!(PromptStatus::parse(s.key()), Some(s));
        }
    }
}
