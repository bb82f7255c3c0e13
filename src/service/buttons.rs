//! What a pressed button means, and its compact encoding in the button's data (Telegram
//! allows 64 bytes). Messages queued by the use cases carry these buttons; the chat parses
//! them back and checks them against the person who pressed.

use crate::domain::alert::Decision;
use crate::domain::alert_rules::ReportDirection;
use crate::domain::case::CloseReason;
use crate::domain::followup::CallOutcome;
use crate::domain::goal::FocusArea;
use crate::domain::ids::{
    AbsenceId, AlertId, CallTaskId, CaseId, CheckinId, GoalId, InviteId, MeetingId, NoteId, ParticipantId,
    PromptId, SafetyCheckId, StaffId,
};
use crate::domain::meeting::{MeetingKind, MeetingOutcome, MeetingRating};
use crate::domain::participant::Role;
use crate::domain::safety::check::CheckAnswer;
use crate::domain::scale::ScaleKind;

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
    /// A goal of a case, in a staff flow (`/vidnetekst`, `/skala` without arguments).
    PickGoal(GoalId),
    PickScale(ScaleKind),
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
    /// Meetings (`m…`), see [`MeetingButton`].
    Meeting(MeetingButton),
    /// Call tasks (`c…`), see [`CallButton`].
    Call(CallButton),
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
            Callback::PickGoal(goal) => format!("pg:{goal}"),
            Callback::PickScale(scale) => format!("ps:{}", scale.key()),
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
            "pg" => id().map(|i| Callback::PickGoal(GoalId(i))),
            "ps" => ScaleKind::parse(arg).ok().map(Callback::PickScale),
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
            _ => MeetingButton::parse(data)
                .map(Callback::Meeting)
                .or_else(|| CallButton::parse(data).map(Callback::Call)),
        }
    }
}

/// What a meeting button means. Staff buttons are checked against the case's caseworker,
/// participant buttons against the participant's own Telegram account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingButton {
    /// Guided `/moede`: this case.
    Case(CaseId),
    /// Guided `/moede`: this kind.
    Kind(MeetingKind),
    /// Guided `/moede`: no place.
    SkipPlace,
    /// Invite or un-invite a participant.
    Invite {
        meeting: MeetingId,
        participant: ParticipantId,
    },
    /// Holdt · Aflyst · Flyttet.
    Outcome {
        meeting: MeetingId,
        outcome: MeetingOutcome,
    },
    /// "Who came": toggle one invitee.
    Attended {
        meeting: MeetingId,
        participant: ParticipantId,
    },
    /// "Who came": done; the rating questions go out.
    AttendanceDone(MeetingId),
    /// A follow-up call to the young person too?
    CallYouth { meeting: MeetingId, yes: bool },
    /// The default next statutory follow-up date.
    NextFollowUpDefault(MeetingId),
    /// A participant's rating of the meeting.
    Rate {
        meeting: MeetingId,
        participant: ParticipantId,
        value: u8,
    },
    /// No comment on the rating, thanks.
    NoComment {
        meeting: MeetingId,
        participant: ParticipantId,
    },
    /// On the agenda: "Skriv hvad du vil se ske".
    WriteWishes {
        meeting: MeetingId,
        participant: ParticipantId,
    },
    /// After a wish: "Færdig".
    WishesDone {
        meeting: MeetingId,
        participant: ParticipantId,
    },
}

impl MeetingButton {
    pub fn encode(&self) -> String {
        match self {
            MeetingButton::Case(case) => format!("mc:{case}"),
            MeetingButton::Kind(kind) => format!("mk:{}", kind.key()),
            MeetingButton::SkipPlace => "mp".to_string(),
            MeetingButton::Invite { meeting, participant } => format!("mi:{meeting}:{participant}"),
            MeetingButton::Outcome { meeting, outcome } => format!("mo:{meeting}:{}", outcome.key()),
            MeetingButton::Attended { meeting, participant } => format!("ma:{meeting}:{participant}"),
            MeetingButton::AttendanceDone(meeting) => format!("md:{meeting}"),
            MeetingButton::CallYouth { meeting, yes } => format!("my:{meeting}:{}", u8::from(*yes)),
            MeetingButton::NextFollowUpDefault(meeting) => format!("mf:{meeting}"),
            MeetingButton::Rate {
                meeting,
                participant,
                value,
            } => format!("mr:{meeting}:{participant}:{value}"),
            MeetingButton::NoComment { meeting, participant } => format!("mn:{meeting}:{participant}"),
            MeetingButton::WriteWishes { meeting, participant } => format!("mw:{meeting}:{participant}"),
            MeetingButton::WishesDone { meeting, participant } => format!("mx:{meeting}:{participant}"),
        }
    }

    pub fn parse(data: &str) -> Option<Self> {
        let mut parts = data.split(':');
        let tag = parts.next()?;
        let args: Vec<&str> = parts.collect();
        let id = |i: usize| -> Option<i64> { args.get(i)?.parse().ok() };
        let meeting = || id(0).map(MeetingId);
        let participant = || id(1).map(ParticipantId);
        let button = match (tag, args.len()) {
            ("mc", 1) => MeetingButton::Case(CaseId(id(0)?)),
            ("mk", 1) => MeetingButton::Kind(MeetingKind::parse(args[0]).ok()?),
            ("mp", 0) => MeetingButton::SkipPlace,
            ("mi", 2) => MeetingButton::Invite {
                meeting: meeting()?,
                participant: participant()?,
            },
            ("mo", 2) => MeetingButton::Outcome {
                meeting: meeting()?,
                outcome: MeetingOutcome::parse(args[1])?,
            },
            ("ma", 2) => MeetingButton::Attended {
                meeting: meeting()?,
                participant: participant()?,
            },
            ("md", 1) => MeetingButton::AttendanceDone(meeting()?),
            ("my", 2) => MeetingButton::CallYouth {
                meeting: meeting()?,
                yes: match args[1] {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            },
            ("mf", 1) => MeetingButton::NextFollowUpDefault(meeting()?),
            ("mr", 3) => MeetingButton::Rate {
                meeting: meeting()?,
                participant: participant()?,
                value: MeetingRating::new(args[2].parse().ok()?).ok()?.value(),
            },
            ("mn", 2) => MeetingButton::NoComment {
                meeting: meeting()?,
                participant: participant()?,
            },
            ("mw", 2) => MeetingButton::WriteWishes {
                meeting: meeting()?,
                participant: participant()?,
            },
            ("mx", 2) => MeetingButton::WishesDone {
                meeting: meeting()?,
                participant: participant()?,
            },
            _ => return None,
        };
        Some(button)
    }

    pub fn callback(self) -> String {
        Callback::Meeting(self).encode()
    }
}

/// What a call-task button means; only the case's caseworker may press it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallButton {
    /// Ringet · Ikke truffet · Udskyd.
    Outcome { task: CallTaskId, outcome: CallOutcome },
    /// No note, thanks.
    NoNote(CallTaskId),
    /// Postpone to the default date.
    PostponeDefault(CallTaskId),
}

impl CallButton {
    pub fn encode(&self) -> String {
        match self {
            CallButton::Outcome { task, outcome } => format!("co:{task}:{}", outcome.key()),
            CallButton::NoNote(task) => format!("cn:{task}"),
            CallButton::PostponeDefault(task) => format!("cp:{task}"),
        }
    }

    pub fn parse(data: &str) -> Option<Self> {
        let (tag, rest) = data.split_once(':')?;
        let task = |s: &str| s.parse::<i64>().ok().map(CallTaskId);
        match tag {
            "co" => {
                let (id, outcome) = rest.split_once(':')?;
                Some(CallButton::Outcome {
                    task: task(id)?,
                    outcome: CallOutcome::parse(outcome).ok()?,
                })
            }
            "cn" => task(rest).map(CallButton::NoNote),
            "cp" => task(rest).map(CallButton::PostponeDefault),
            _ => None,
        }
    }

    pub fn callback(self) -> String {
        Callback::Call(self).encode()
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
            Callback::PickGoal(GoalId(i64::MAX)),
            Callback::PickScale(ScaleKind::Aarhus0To4),
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
    fn meeting_buttons_round_trip_and_fit_telegram() {
        let big = i64::MAX;
        let all = [
            MeetingButton::Case(CaseId(big)),
            MeetingButton::Kind(MeetingKind::FollowUp),
            MeetingButton::SkipPlace,
            MeetingButton::Invite {
                meeting: MeetingId(big),
                participant: ParticipantId(big),
            },
            MeetingButton::Outcome {
                meeting: MeetingId(big),
                outcome: MeetingOutcome::Cancelled,
            },
            MeetingButton::Attended {
                meeting: MeetingId(big),
                participant: ParticipantId(big),
            },
            MeetingButton::AttendanceDone(MeetingId(3)),
            MeetingButton::CallYouth {
                meeting: MeetingId(3),
                yes: true,
            },
            MeetingButton::CallYouth {
                meeting: MeetingId(3),
                yes: false,
            },
            MeetingButton::NextFollowUpDefault(MeetingId(3)),
            MeetingButton::Rate {
                meeting: MeetingId(big),
                participant: ParticipantId(big),
                value: 10,
            },
            MeetingButton::NoComment {
                meeting: MeetingId(big),
                participant: ParticipantId(big),
            },
        ];
        for button in all {
            let data = Callback::Meeting(button).encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Callback::parse(&data), Some(Callback::Meeting(button)), "{data}");
        }
    }

    #[test]
    fn foreign_meeting_button_data_is_refused() {
        for data in [
            "mc",
            "mc:x",
            "mk:fest",
            "mp:1",
            "mi:1",
            "mo:1:maybe",
            "my:1:2",
            "mr:1:2:11",
            "mr:1:2:-1",
            "mr:1:2",
            "md:1:2",
            "mn:1",
        ] {
            assert_eq!(MeetingButton::parse(data), None, "{data}");
        }
    }

    #[test]
    fn call_buttons_round_trip_and_fit_telegram() {
        let task = CallTaskId(i64::MAX);
        let mut all: Vec<CallButton> = CallOutcome::ALL
            .iter()
            .map(|o| CallButton::Outcome { task, outcome: *o })
            .collect();
        all.push(CallButton::NoNote(task));
        all.push(CallButton::PostponeDefault(task));
        for button in all {
            let data = Callback::Call(button).encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Callback::parse(&data), Some(Callback::Call(button)), "{data}");
        }
        for data in ["co:1", "co:1:maybe", "cn:x", "cp:", "cx:1"] {
            assert_eq!(CallButton::parse(data), None, "{data}");
        }
    }
}
