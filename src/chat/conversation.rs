//! Guided conversations (a command sent without arguments asks step by step) and the data
//! carried by buttons. Both are small typed enums; button data is validated when parsed and
//! again against the person who pressed it.

use serde::{Deserialize, Serialize};

use crate::domain::alert::Decision;
use crate::domain::alert_rules::ReportDirection;
use crate::domain::case::CloseReason;
use crate::domain::goal::FocusArea;
use crate::domain::ids::{
    AbsenceId, AlertId, CaseId, CheckinId, GoalId, InviteId, NoteId, ParticipantId, PromptId, ReportId,
    SafetyCheckId, StaffId,
};
use crate::domain::participant::Role;
use crate::domain::safety::check::CheckAnswer;

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

/// What a pressed button means. Encoded compactly: Telegram allows 64 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Consent {
        invite: InviteId,
        yes: bool,
    },
    PickCase(CaseId),
    PickArea(FocusArea),
    PickRole(Role),
    SkipName,
    /// A tap on a check-in prompt: a value, or None for "Spring over".
    Answer {
        prompt: PromptId,
        value: Option<i32>,
    },
    /// "Skriv til din rådgiver" after a check-in.
    Comment(CheckinId),
    /// `/meld`: which goal (None = overall) for which participation.
    ReportGoal {
        participant: ParticipantId,
        goal: Option<GoalId>,
    },
    /// `/meld`: better / same / worse.
    ReportDirection(ReportDirection),
    /// `/meld`: no text, thanks.
    ReportNoText,
    /// The caseworker's assessment of an alert.
    Assess {
        alert: AlertId,
        decision: Decision,
    },
    /// Meetings (`m…`), see [`super::meeting::MeetingButton`].
    Meeting(super::meeting::MeetingButton),
    /// Call tasks (`c…`), see [`super::calls::CallButton`].
    Call(super::calls::CallButton),
    /// Which child a waiting text is about (one person in several cases).
    PickChild(ParticipantId),
    /// The caseworker removes a participant (or revokes an open invitation).
    RemoveParticipant(ParticipantId),
    /// `/pause` in several cases: for this child (`None`: all), for `weeks`.
    PauseFor {
        participant: Option<ParticipantId>,
        weeks: u8,
    },
    /// `/stop` in several cases: for this child (`None`: all).
    StopFor {
        participant: Option<ParticipantId>,
    },
    /// "Brug forslaget": the quoted wording of a new goal for parents and witnesses.
    NetworkWording(GoalId),
    /// "Tag med på mødet" on a participant's text forwarded to the caseworker.
    NoteToAgenda(NoteId),
    /// An answer to "Er du i fare lige nu?".
    SafetyCheck {
        check: SafetyCheckId,
        answer: CheckAnswer,
    },
    /// `/luk`: "Luk sagen" after the open alerts were assessed.
    CloseCase(CaseId),
    /// `/luk`: the reason, which closes the case.
    CloseReason {
        case: CaseId,
        reason: CloseReason,
    },
    /// `/luk`: "Fortryd" at any step.
    CloseCancel,
    /// `/overdrag`: hand this case to this colleague.
    HandoverTo {
        case: CaseId,
        to: StaffId,
    },
    /// `/fravaer`: end this absence now.
    EndAbsence(AbsenceId),
    /// "Annuller" under a step of a guided conversation.
    CancelFlow,
}

fn direction_key(direction: ReportDirection) -> &'static str {
    match direction {
        ReportDirection::Better => "b",
        ReportDirection::Same => "s",
        ReportDirection::Worse => "w",
    }
}

impl Callback {
    pub fn encode(&self) -> String {
        match self {
            Callback::Consent { invite, yes: true } => format!("ok:{invite}"),
            Callback::Consent { invite, yes: false } => format!("no:{invite}"),
            Callback::PickCase(case) => format!("pc:{case}"),
            Callback::PickArea(area) => format!("pa:{}", area.key()),
            Callback::PickRole(role) => format!("pr:{}", role.key()),
            Callback::SkipName => "sk".to_string(),
            Callback::Answer {
                prompt,
                value: Some(v),
            } => format!("a:{prompt}:{v}"),
            Callback::Answer { prompt, value: None } => format!("a:{prompt}:s"),
            Callback::Comment(checkin) => format!("cm:{checkin}"),
            Callback::ReportGoal { participant, goal } => {
                format!("rg:{participant}:{}", goal.map(|g| g.0).unwrap_or(0))
            }
            Callback::ReportDirection(d) => format!("rd:{}", direction_key(*d)),
            Callback::ReportNoText => "rn".to_string(),
            Callback::Assess { alert, decision } => format!("as:{alert}:{}", decision.key()),
            Callback::Meeting(button) => button.encode(),
            Callback::Call(button) => button.encode(),
            Callback::SafetyCheck { check, answer } => format!("sf:{check}:{}", answer.key()),
            Callback::NoteToAgenda(note) => format!("na:{note}"),
            Callback::NetworkWording(goal) => format!("gw:{goal}"),
            Callback::PickChild(participant) => format!("ch:{participant}"),
            Callback::RemoveParticipant(participant) => format!("rm:{participant}"),
            Callback::PauseFor { participant, weeks } => {
                format!("pz:{}:{weeks}", participant.map_or(0, |p| p.0))
            }
            Callback::StopFor { participant } => format!("sz:{}", participant.map_or(0, |p| p.0)),
            Callback::CloseCase(case) => format!("lc:{case}"),
            Callback::CloseReason { case, reason } => format!("lr:{case}:{}", reason.key()),
            Callback::CloseCancel => "lx".to_string(),
            Callback::HandoverTo { case, to } => format!("ho:{case}:{to}"),
            Callback::EndAbsence(absence) => format!("ae:{absence}"),
            Callback::CancelFlow => "xx".to_string(),
        }
    }

    pub fn parse(data: &str) -> Option<Self> {
        let (tag, arg) = data.split_once(':').unwrap_or((data, ""));
        let id = || arg.parse::<i64>().ok();
        match tag {
            "ok" => id().map(|i| Callback::Consent {
                invite: InviteId(i),
                yes: true,
            }),
            "no" => id().map(|i| Callback::Consent {
                invite: InviteId(i),
                yes: false,
            }),
            "pc" => id().map(|i| Callback::PickCase(CaseId(i))),
            "pa" => FocusArea::parse(arg).map(Callback::PickArea),
            "pr" => Role::parse_key(arg).map(Callback::PickRole),
            "sk" if arg.is_empty() => Some(Callback::SkipName),
            "a" => {
                let (prompt, value) = arg.split_once(':')?;
                let prompt = PromptId(prompt.parse().ok()?);
                let value = if value == "s" {
                    None
                } else {
                    Some(value.parse().ok()?)
                };
                Some(Callback::Answer { prompt, value })
            }
            "cm" => id().map(|i| Callback::Comment(CheckinId(i))),
            "rg" => {
                let (participant, goal) = arg.split_once(':')?;
                let participant = ParticipantId(participant.parse().ok()?);
                let goal: i64 = goal.parse().ok()?;
                Some(Callback::ReportGoal {
                    participant,
                    goal: (goal > 0).then_some(GoalId(goal)),
                })
            }
            "rd" => [
                ReportDirection::Better,
                ReportDirection::Same,
                ReportDirection::Worse,
            ]
            .into_iter()
            .find(|d| direction_key(*d) == arg)
            .map(Callback::ReportDirection),
            "rn" if arg.is_empty() => Some(Callback::ReportNoText),
            "as" => {
                let (alert, decision) = arg.split_once(':')?;
                Some(Callback::Assess {
                    alert: AlertId(alert.parse().ok()?),
                    decision: Decision::parse(decision)?,
                })
            }
            "na" => id().map(|i| Callback::NoteToAgenda(NoteId(i))),
            "gw" => id().map(|i| Callback::NetworkWording(GoalId(i))),
            "ch" => id().map(|i| Callback::PickChild(ParticipantId(i))),
            "rm" => id().map(|i| Callback::RemoveParticipant(ParticipantId(i))),
            "pz" => {
                let (participant, weeks) = arg.split_once(':')?;
                let participant: i64 = participant.parse().ok()?;
                Some(Callback::PauseFor {
                    participant: (participant > 0).then_some(ParticipantId(participant)),
                    weeks: weeks.parse().ok().filter(|w| (1..=8).contains(w))?,
                })
            }
            "sz" => id().map(|i| Callback::StopFor {
                participant: (i > 0).then_some(ParticipantId(i)),
            }),
            "lc" => id().map(|i| Callback::CloseCase(CaseId(i))),
            "lr" => {
                let (case, reason) = arg.split_once(':')?;
                Some(Callback::CloseReason {
                    case: CaseId(case.parse().ok()?),
                    reason: CloseReason::parse(reason)?,
                })
            }
            "lx" if arg.is_empty() => Some(Callback::CloseCancel),
            "ho" => {
                let (case, to) = arg.split_once(':')?;
                Some(Callback::HandoverTo {
                    case: CaseId(case.parse().ok()?),
                    to: StaffId(to.parse().ok()?),
                })
            }
            "ae" => id().map(|i| Callback::EndAbsence(AbsenceId(i))),
            "xx" if arg.is_empty() => Some(Callback::CancelFlow),
            "sf" => {
                let (check, answer) = arg.split_once(':')?;
                Some(Callback::SafetyCheck {
                    check: SafetyCheckId(check.parse().ok()?),
                    answer: CheckAnswer::from_key(answer)?,
                })
            }
            _ => super::meeting::MeetingButton::parse(data)
                .map(Callback::Meeting)
                .or_else(|| super::calls::CallButton::parse(data).map(Callback::Call)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_round_trip_and_fit_telegram() {
        let all = [
            Callback::Consent {
                invite: InviteId(42),
                yes: true,
            },
            Callback::Consent {
                invite: InviteId(i64::MAX),
                yes: false,
            },
            Callback::PickCase(CaseId(7)),
            Callback::PickArea(FocusArea::School),
            Callback::PickRole(Role::Witness),
            Callback::SkipName,
            Callback::Answer {
                prompt: PromptId(12),
                value: Some(10),
            },
            Callback::Answer {
                prompt: PromptId(12),
                value: None,
            },
            Callback::Comment(CheckinId(3)),
            Callback::NoteToAgenda(NoteId(i64::MAX)),
            Callback::NetworkWording(GoalId(i64::MAX)),
            Callback::PickChild(ParticipantId(i64::MAX)),
            Callback::RemoveParticipant(ParticipantId(i64::MAX)),
            Callback::PauseFor {
                participant: Some(ParticipantId(i64::MAX)),
                weeks: 8,
            },
            Callback::PauseFor {
                participant: None,
                weeks: 1,
            },
            Callback::StopFor {
                participant: Some(ParticipantId(i64::MAX)),
            },
            Callback::StopFor { participant: None },
            Callback::SafetyCheck {
                check: SafetyCheckId(i64::MAX),
                answer: CheckAnswer::WantsToTalk,
            },
            Callback::ReportGoal {
                participant: ParticipantId(4),
                goal: Some(GoalId(5)),
            },
            Callback::ReportGoal {
                participant: ParticipantId(4),
                goal: None,
            },
            Callback::ReportDirection(ReportDirection::Worse),
            Callback::ReportNoText,
            Callback::CloseCase(CaseId(i64::MAX)),
            Callback::CloseReason {
                case: CaseId(i64::MAX),
                reason: CloseReason::SupportEnded,
            },
            Callback::CloseCancel,
            Callback::Assess {
                alert: AlertId(i64::MAX),
                decision: Decision::AdjustSupport,
            },
            Callback::HandoverTo {
                case: CaseId(i64::MAX),
                to: StaffId(i64::MAX),
            },
            Callback::EndAbsence(AbsenceId(i64::MAX)),
            Callback::CancelFlow,
        ];
        for callback in all {
            let data = callback.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Callback::parse(&data), Some(callback));
        }
    }

    #[test]
    fn foreign_button_data_is_refused() {
        for data in [
            "",
            "ok:",
            "ok:abc",
            "pa:skolen",
            "pr:boss",
            "zz:1",
            "sk:1",
            "a:1",
            "a:x:3",
            "a:1:x",
            "as:1:maybe",
            "rd:x",
            "lr:1:bored",
            "lr:x:moved",
            "lx:1",
            "ho:1",
            "ho:x:2",
            "ae:",
            "xx:1",
        ] {
            assert_eq!(Callback::parse(data), None, "{data}");
        }
    }

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
