//! Participants: the young person (barn/ung), parents (forældre) and everyday witnesses
//! (hverdagsbevidner) around one case.

/// The role a participant has in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Youth,
    Parent,
    Witness,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Youth, Role::Parent, Role::Witness];

    /// Stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Role::Youth => "youth",
            Role::Parent => "parent",
            Role::Witness => "witness",
        }
    }

    pub fn parse_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The word a caseworker types in `/inviter` (`ung`, `forælder`, `vidne`).
    pub fn command_word(self) -> &'static str {
        match self {
            Role::Youth => "ung",
            Role::Parent => "forælder",
            Role::Witness => "vidne",
        }
    }

    /// Parses the caseworker's word, also without æ and in plural/English forms.
    pub fn parse_command_word(input: &str) -> Option<Self> {
        match input.trim().to_lowercase().as_str() {
            "ung" | "barn" | "youth" => Some(Role::Youth),
            "forælder" | "foraelder" | "forælderen" | "forældre" | "foraeldre" | "parent" => {
                Some(Role::Parent)
            }
            "vidne" | "hverdagsbevidner" | "netværk" | "netvaerk" | "witness" => Some(Role::Witness),
            _ => None,
        }
    }
}

/// A participant's state. Only `Active` participants receive check-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParticipantStatus {
    /// Invitation sent, not yet accepted.
    Invited,
    Active,
    /// Check-ins paused by the participant for a while.
    Paused,
    /// The participant said `/stop`: no messages at all.
    Stopped,
    /// Telegram told us the participant blocked the bot.
    Blocked,
    /// The caseworker removed the person (wrong person joined, invitation revoked, custody
    /// lost): nothing more reaches them, and they cannot come back by themselves.
    Removed,
}

/// A status change that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a participant cannot go from {from:?} to {to:?}")]
pub struct InvalidTransition {
    pub from: ParticipantStatus,
    pub to: ParticipantStatus,
}

impl ParticipantStatus {
    const ALL: [ParticipantStatus; 6] = [
        ParticipantStatus::Invited,
        ParticipantStatus::Active,
        ParticipantStatus::Paused,
        ParticipantStatus::Stopped,
        ParticipantStatus::Blocked,
        ParticipantStatus::Removed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ParticipantStatus::Invited => "invited",
            ParticipantStatus::Active => "active",
            ParticipantStatus::Paused => "paused",
            ParticipantStatus::Stopped => "stopped",
            ParticipantStatus::Blocked => "blocked",
            ParticipantStatus::Removed => "removed",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Accepting the invitation: only an invited participant can accept.
    pub fn accept(self) -> Result<Self, InvalidTransition> {
        self.to(ParticipantStatus::Active, self == ParticipantStatus::Invited)
    }

    /// `/stop`: anyone who joined can stop, at any time.
    pub fn stop(self) -> Result<Self, InvalidTransition> {
        use ParticipantStatus::*;
        self.to(Stopped, matches!(self, Active | Paused | Blocked))
    }

    /// `/pause`: only an active participant can pause.
    pub fn pause(self) -> Result<Self, InvalidTransition> {
        self.to(ParticipantStatus::Paused, self == ParticipantStatus::Active)
    }

    /// Back to active after a pause, or after writing again following a stop or a block.
    pub fn resume(self) -> Result<Self, InvalidTransition> {
        use ParticipantStatus::*;
        self.to(Active, matches!(self, Paused | Stopped | Blocked))
    }

    /// Telegram refused delivery (blocked bot, deleted account).
    pub fn block(self) -> Result<Self, InvalidTransition> {
        use ParticipantStatus::*;
        self.to(Blocked, matches!(self, Active | Paused))
    }

    /// The caseworker removes the person, from any state but removed.
    pub fn remove(self) -> Result<Self, InvalidTransition> {
        self.to(ParticipantStatus::Removed, self != ParticipantStatus::Removed)
    }

    fn to(self, to: ParticipantStatus, allowed: bool) -> Result<Self, InvalidTransition> {
        if allowed {
            Ok(to)
        } else {
            Err(InvalidTransition { from: self, to })
        }
    }
}

/// Longest name or relation we store ("mormor", "fodboldtræner").
pub const NAME_MAX: usize = 40;

impl From<Role> for crate::domain::alert_rules::Respondent {
    fn from(role: Role) -> Self {
        use crate::domain::alert_rules::Respondent;
        match role {
            Role::Youth => Respondent::Youth,
            Role::Parent => Respondent::Parent,
            Role::Witness => Respondent::Witness,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ParticipantStatus::*;
    use super::*;

    #[test]
    fn role_words_are_understood() {
        let cases = [
            ("ung", Some(Role::Youth)),
            ("Forælder", Some(Role::Parent)),
            ("foraelder", Some(Role::Parent)),
            ("vidne", Some(Role::Witness)),
            ("lærer", None),
        ];
        for (word, role) in cases {
            assert_eq!(Role::parse_command_word(word), role, "{word}");
        }
        for role in Role::ALL {
            assert_eq!(Role::parse_command_word(role.command_word()), Some(role));
            assert_eq!(Role::parse_key(role.key()), Some(role));
        }
    }

    #[test]
    fn status_transitions_follow_the_life_cycle() {
        type Step = fn(ParticipantStatus) -> Result<ParticipantStatus, InvalidTransition>;
        let cases: [(ParticipantStatus, Step, Option<ParticipantStatus>); 12] = [
            (Invited, ParticipantStatus::accept, Some(Active)),
            (Active, ParticipantStatus::accept, None),
            (Invited, ParticipantStatus::stop, None),
            (Active, ParticipantStatus::stop, Some(Stopped)),
            (Paused, ParticipantStatus::stop, Some(Stopped)),
            (Active, ParticipantStatus::pause, Some(Paused)),
            (Stopped, ParticipantStatus::pause, None),
            (Paused, ParticipantStatus::resume, Some(Active)),
            (Stopped, ParticipantStatus::resume, Some(Active)),
            (Invited, ParticipantStatus::resume, None),
            (Active, ParticipantStatus::block, Some(Blocked)),
            (Stopped, ParticipantStatus::block, None),
        ];
        for (from, step, expected) in cases {
            assert_eq!(step(from).ok(), expected, "{from:?}");
        }
        for s in ParticipantStatus::ALL {
            assert_eq!(ParticipantStatus::parse(s.key()), Some(s));
        }
    }
}
