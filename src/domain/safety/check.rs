//! The Bekymring tier's check question, "Er du i fare lige nu?", and what its answers mean.

/// How long the young person has to answer before the possible concern escalates to the
/// caseworker as urgent.
pub const ANSWER_WITHIN_HOURS: i64 = 2;

/// An answer to the check question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckAnswer {
    /// "Ja, jeg er i fare": a Fare at once (help numbers, urgent alert).
    InDanger,
    /// "Jeg vil gerne tale med nogen": the help numbers and a call task for the caseworker.
    WantsToTalk,
    /// "Nej, jeg er okay": thanks; the caseworker still assesses the possible concern.
    Okay,
}

impl CheckAnswer {
    pub const ALL: [CheckAnswer; 3] = [CheckAnswer::InDanger, CheckAnswer::WantsToTalk, CheckAnswer::Okay];

    /// Stable key for the database and button data.
    pub fn key(self) -> &'static str {
        match self {
            CheckAnswer::InDanger => "in_danger",
            CheckAnswer::WantsToTalk => "talk",
            CheckAnswer::Okay => "okay",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_keys_round_trip() {
        for a in CheckAnswer::ALL {
            assert_eq!(CheckAnswer::from_key(a.key()), Some(a));
        }
        assert_eq!(CheckAnswer::from_key("maybe"), None);
    }
}
