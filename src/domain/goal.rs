//! Goals (mål) of a plan, written in the young person's own words, each in a focus area.

/// The focus areas (fokusområder): the law's five, aftercare, and "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FocusArea {
    /// Udvikling og adfærd.
    Development,
    /// Familieforhold.
    Family,
    /// Skole og uddannelse.
    School,
    /// Sundhed.
    Health,
    /// Fritid og venskaber.
    Leisure,
    /// Voksenliv / efterværn: bolig, uddannelse og job, økonomi.
    AdultLife,
    /// Andet.
    Other,
}

impl FocusArea {
    pub const ALL: [FocusArea; 7] = [
        FocusArea::Development,
        FocusArea::Family,
        FocusArea::School,
        FocusArea::Health,
        FocusArea::Leisure,
        FocusArea::AdultLife,
        FocusArea::Other,
    ];

    /// The key typed in commands and stored in the database (ASCII: command arguments).
    pub fn key(self) -> &'static str {
        match self {
            FocusArea::Development => "udvikling",
            FocusArea::Family => "familie",
            FocusArea::School => "skole",
            FocusArea::Health => "sundhed",
            FocusArea::Leisure => "fritid",
            FocusArea::AdultLife => "voksenliv",
            FocusArea::Other => "andet",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        let wanted = input.trim().to_lowercase();
        Self::ALL.into_iter().find(|a| a.key() == wanted)
    }
}

/// Whether a goal is still asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalStatus {
    Active,
    Archived,
}

impl GoalStatus {
    pub fn key(self) -> &'static str {
        match self {
            GoalStatus::Active => "active",
            GoalStatus::Archived => "archived",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [GoalStatus::Active, GoalStatus::Archived]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// Longest goal wording: it must fit on a phone above a row of buttons.
pub const GOAL_TEXT_MAX: usize = 200;

/// A check-in asks about at most this many goals, so it stays a one-minute thing.
pub const MAX_ACTIVE_GOALS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_by_key_in_any_case() {
        for area in FocusArea::ALL {
            assert_eq!(FocusArea::parse(area.key()), Some(area));
            assert_eq!(FocusArea::parse(&area.key().to_uppercase()), Some(area));
        }
        assert_eq!(FocusArea::parse("skolen"), None);
    }
}
