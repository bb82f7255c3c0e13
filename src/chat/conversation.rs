//! Guided conversations (a command sent without arguments asks step by step) and the data
//! carried by buttons. Both are small typed enums; button data is validated when parsed and
//! again against the person who pressed it.

use serde::{Deserialize, Serialize};

use crate::domain::ids::{AlertId, CaseId, CheckinId, GoalId, InviteId, ParticipantId, ReportId};

/// Where a guided conversation stands. Stored as JSON per chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Conversation {
    /// A participant opened an invitation and is reading what taking part means.
    AwaitingConsent { invite: InviteId },
    /// `/nysag`: waiting for the nickname.
    NewCaseNickname,
    /// `/maal`, `/inviter`, `/sag`: waiting for the case to be picked.
    PickCase { purpose: Purpose },
    /// `/maal`: waiting for the focus area.
    GoalArea { case: CaseId },
    /// `/maal`: waiting for the goal's wording.
    GoalText { case: CaseId, area: String },
    /// `/inviter`: waiting for the role.
    InviteRole { case: CaseId },
    /// `/inviter … vidne`: waiting for the relation (mormor, træner …).
    InviteRelation { case: CaseId },
    /// `/inviter`: waiting for an optional name.
    InviteName {
        case: CaseId,
        role: String,
        relation: Option<String>,
    },
    /// After a check-in: the participant chose to write to the caseworker.
    Comment {
        participant: ParticipantId,
        checkin: CheckinId,
    },
    /// `/meld`: the goal is chosen, waiting for better / same / worse.
    ReportDirection {
        participant: ParticipantId,
        goal: Option<GoalId>,
    },
    /// `/meld`: waiting for an optional text about the change.
    ReportText {
        participant: ParticipantId,
        report: ReportId,
    },
    /// "Ingen handling" needs a written reason.
    AssessReason { alert: AlertId },
    /// Meetings: planning, "Flyttet", the next follow-up date, a rating comment.
    Meeting(super::meeting::MeetingStep),
    /// Follow-up calls: a note, a postponed date.
    Call(super::calls::CallStep),
    /// Someone in several cases wrote a text: it waits until they pick the child.
    PendingText { text: String },
    /// `/overdrag`: the case is chosen, waiting for the colleague.
    Handover { case: CaseId },
}

/// Why a case is being picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Goal,
    Invite,
    Show,
    /// `/tjekind` without a code: a check-in to the young person of the case picked.
    Checkin,
    /// `/luk` without a code: the case to close.
    Close,
    /// `/journal` without a code: the case whose journal to send.
    Journal,
    /// `/overdrag` without a code: the case to hand over.
    Handover,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_state_round_trips() {
        let state = Conversation::InviteName {
            case: CaseId(3),
            role: "witness".into(),
            relation: Some("mormor".into()),
        };
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(serde_json::from_str::<Conversation>(&json).unwrap(), state);
    }
}
