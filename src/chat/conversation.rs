//! Guided conversations (a command sent without arguments asks step by step) and the data
//! carried by buttons. Both are small typed enums; button data is validated when parsed and
//! again against the person who pressed it.

use serde::{Deserialize, Serialize};

use crate::domain::goal::FocusArea;
use crate::domain::ids::{CaseId, InviteId};
use crate::domain::participant::Role;

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
}

/// Why a case is being picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Goal,
    Invite,
    Show,
}

/// What a pressed button means. Encoded compactly: Telegram allows 64 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Consent { invite: InviteId, yes: bool },
    PickCase(CaseId),
    PickArea(FocusArea),
    PickRole(Role),
    SkipName,
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
            _ => None,
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
        ];
        for callback in all {
            let data = callback.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Callback::parse(&data), Some(callback));
        }
    }

    #[test]
    fn foreign_button_data_is_refused() {
        for data in ["", "ok:", "ok:abc", "pa:skolen", "pr:boss", "zz:1", "sk:1"] {
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
