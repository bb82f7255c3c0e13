//! An alert's life after it was raised: the caseworker's assessment (faglig vurdering), the
//! reminder and the escalation to the team leader when nobody assesses it.

use chrono::{DateTime, Duration, Utc};

use crate::domain::alert_rules::Urgency;

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertStatus {
    /// Waiting for an assessment.
    Open,
    Assessed,
    /// A stronger alert took its place before it was assessed.
    Replaced,
}

impl AlertStatus {
    pub fn key(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Assessed => "assessed",
            AlertStatus::Replaced => "replaced",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [AlertStatus::Open, AlertStatus::Assessed, AlertStatus::Replaced]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// The caseworker's decision on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Kontakt ung/familie.
    Contact,
    /// Juster indsats.
    AdjustSupport,
    /// Indkald til møde.
    CallMeeting,
    /// Ingen handling — only with a written reason.
    NoAction,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Contact,
        Decision::AdjustSupport,
        Decision::CallMeeting,
        Decision::NoAction,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Decision::Contact => "contact",
            Decision::AdjustSupport => "adjust_support",
            Decision::CallMeeting => "call_meeting",
            Decision::NoAction => "no_action",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key)
    }

    /// "No change needed" must say why; the other decisions may carry a note.
    pub fn requires_reason(self) -> bool {
        self == Decision::NoAction
    }
}

/// What an unassessed alert needs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Nothing,
    /// Remind the caseworker once.
    Remind,
    /// Send it to the team leader (once).
    Escalate,
}

/// Reminder and escalation delays: 48 h / 96 h, or 2 h / 4 h when urgent.
pub fn delays(urgency: Urgency) -> (Duration, Duration) {
    match urgency {
        Urgency::Normal => (Duration::hours(48), Duration::hours(96)),
        Urgency::Urgent => (Duration::hours(2), Duration::hours(4)),
    }
}

/// What an open alert needs at `now`. Escalation comes after the reminder, never before.
pub fn follow_up(
    urgency: Urgency,
    raised_at: DateTime<Utc>,
    reminded: bool,
    escalated: bool,
    now: DateTime<Utc>,
) -> FollowUp {
    let (remind_after, escalate_after) = delays(urgency);
    if !escalated && reminded && now >= raised_at + escalate_after {
        FollowUp::Escalate
    } else if !reminded && now >= raised_at + remind_after {
        FollowUp::Remind
    } else {
        FollowUp::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn unassessed_alerts_are_reminded_then_escalated() {
        let raised = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let h = |n| raised + Duration::hours(n);
        let cases = [
            (Urgency::Normal, false, false, 47, FollowUp::Nothing),
            (Urgency::Normal, false, false, 48, FollowUp::Remind),
            (Urgency::Normal, true, false, 95, FollowUp::Nothing),
            (Urgency::Normal, true, false, 96, FollowUp::Escalate),
            (Urgency::Normal, false, false, 100, FollowUp::Remind),
            (Urgency::Normal, true, true, 200, FollowUp::Nothing),
            (Urgency::Urgent, false, false, 1, FollowUp::Nothing),
            (Urgency::Urgent, false, false, 2, FollowUp::Remind),
            (Urgency::Urgent, true, false, 4, FollowUp::Escalate),
        ];
        for (urgency, reminded, escalated, hours, expected) in cases {
            assert_eq!(
                follow_up(urgency, raised, reminded, escalated, h(hours)),
                expected,
                "{urgency:?} {hours} h"
            );
        }
    }

    #[test]
    fn only_no_action_requires_a_reason() {
        for d in Decision::ALL {
            assert_eq!(d.requires_reason(), d == Decision::NoAction);
            assert_eq!(Decision::parse(d.key()), Some(d));
        }
    }
}
