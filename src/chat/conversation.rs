//! Guided conversations (a command sent without arguments asks step by step) and the data
//! carried by buttons. Both are small typed enums; button data is validated when parsed and
//! again against the person who pressed it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{
    AlertId, CallTaskId, CaseId, CheckinId, GoalId, InviteId, MeetingId, ParticipantId, ReportId,
};
use crate::domain::meeting::MeetingKind;

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
        /// The "Værre" alert whose message waits for this text (older states have none).
        #[serde(default)]
        held_alert: Option<AlertId>,
    },
    /// "Ingen handling" needs a written reason.
    AssessReason { alert: AlertId },
    /// Meetings: planning, "Flyttet", the next follow-up date, a rating comment.
    Meeting(MeetingStep),
    /// Follow-up calls: a note, a postponed date.
    Call(CallStep),
    /// Someone in several cases wrote a text: it waits until they pick the child.
    PendingText { text: String },
    /// `/overdrag`: the case is chosen, waiting for the colleague.
    Handover { case: CaseId },
    /// `/rytme` without arguments: the case is chosen, waiting for whose rhythm it is.
    RhythmRole { case: CaseId },
    /// `/rytme`: waiting for the rhythm in words ("ugentlig mandag 16:00").
    RhythmText { case: CaseId, role: String },
    /// `/vidnetekst`, `/skala` without arguments: the case is chosen, waiting for the goal.
    PickGoal { case: CaseId, purpose: GoalPurpose },
    /// `/vidnetekst`: waiting for the wording parents and witnesses will see.
    WitnessText { goal: GoalId },
    /// `/skala`: waiting for the scale.
    PickScale { goal: GoalId },
}

impl Conversation {
    /// A step of a staff member's guided flow: its question gets "✖️ Annuller" (see
    /// `Turn::set_conversation`), so every such flow can be left with one tap. A participant's
    /// steps are left by simply not answering (or "Færdig"); nothing waits on them.
    pub fn offers_cancel(&self) -> bool {
        match self {
            Conversation::NewCaseNickname
            | Conversation::PickCase { .. }
            | Conversation::GoalArea { .. }
            | Conversation::GoalText { .. }
            | Conversation::InviteRole { .. }
            | Conversation::InviteRelation { .. }
            | Conversation::InviteName { .. }
            | Conversation::AssessReason { .. }
            | Conversation::Call(_)
            | Conversation::Handover { .. }
            | Conversation::RhythmRole { .. }
            | Conversation::RhythmText { .. }
            | Conversation::PickGoal { .. }
            | Conversation::WitnessText { .. }
            | Conversation::PickScale { .. } => true,
            Conversation::Meeting(step) => !matches!(
                step,
                MeetingStep::RatingComment { .. } | MeetingStep::Wishes { .. }
            ),
            Conversation::AwaitingConsent { .. }
            | Conversation::Comment { .. }
            | Conversation::ReportDirection { .. }
            | Conversation::ReportText { .. }
            | Conversation::PendingText { .. } => false,
        }
    }
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
    /// `/udkast` without a code: the draft for the case's next meeting.
    Draft,
    /// `/indsats` without a code: the case whose support start to record.
    Statutory,
    /// `/rytme` without arguments: the case whose rhythm to change.
    Rhythm,
    /// `/vidnetekst` without arguments: the case, then the goal, then the wording.
    WitnessText,
    /// `/skala` without arguments: the case, then the goal, then the scale.
    Scale,
}

/// Why a goal is being picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalPurpose {
    WitnessText,
    Scale,
}

/// Where a meeting conversation stands (stored as part of [`Conversation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "meeting_step", rename_all = "snake_case")]
pub enum MeetingStep {
    /// `/moede` without arguments: waiting for the case.
    Case,
    /// Waiting for the kind of meeting.
    Kind { case: CaseId },
    /// Waiting for the date.
    Date { case: CaseId, kind: MeetingKind },
    /// Waiting for the time of day.
    Time {
        case: CaseId,
        kind: MeetingKind,
        date: NaiveDate,
    },
    /// Waiting for the place (or "Spring over").
    Place {
        case: CaseId,
        kind: MeetingKind,
        at: DateTime<Utc>,
    },
    /// "Flyttet": waiting for the new date and time.
    NewTime { meeting: MeetingId },
    /// After a held follow-up meeting: waiting for the next statutory follow-up date.
    NextFollowUp { meeting: MeetingId },
    /// `/indsats <kode>`: waiting for the date support started.
    SupportStart { case: CaseId },
    /// A participant rated a meeting and may write a comment (for a while: see
    /// `meeting::RATING_COMMENT_WINDOW`).
    RatingComment {
        meeting: MeetingId,
        participant: ParticipantId,
        asked_at: DateTime<Utc>,
    },
    /// The participant tapped "Skriv hvad du vil se ske": texts are wishes until they tap
    /// "Færdig", the list is full, or `meeting::WISH_WINDOW` passes without a wish.
    Wishes {
        meeting: MeetingId,
        participant: ParticipantId,
        since: DateTime<Utc>,
    },
}

/// Where a call conversation stands (stored as part of [`Conversation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "call_step", rename_all = "snake_case")]
pub enum CallStep {
    /// "Ringet": waiting for an optional note.
    Note { task: CallTaskId },
    /// "Udskyd": waiting for a date.
    PostponeDate { task: CallTaskId },
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

    #[test]
    fn meeting_steps_round_trip_inside_the_conversation_state() {
        let steps = [
            MeetingStep::Case,
            MeetingStep::Time {
                case: CaseId(3),
                kind: MeetingKind::Network,
                date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            },
            MeetingStep::RatingComment {
                meeting: MeetingId(4),
                participant: ParticipantId(5),
                asked_at: DateTime::from_timestamp_millis(1_790_000_000_000).unwrap(),
            },
        ];
        for step in steps {
            let state = Conversation::Meeting(step);
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(
                serde_json::from_str::<Conversation>(&json).unwrap(),
                state,
                "{json}"
            );
        }
    }
}
