//! Staff: caseworkers (rådgivere) and team leaders (teamledere); whether they are still
//! active (fratrådt: deactivated), and who covers an absence (fravær).

use chrono::{Days, NaiveDate};

use super::meeting::{DateError, parse_date};

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// Rådgiver: owns cases.
    Caseworker,
    /// Teamleder: leads the caseworkers of a team, receives escalations, reads their cases.
    TeamLeader,
}

impl StaffRole {
    pub fn key(self) -> &'static str {
        match self {
            StaffRole::Caseworker => "caseworker",
            StaffRole::TeamLeader => "teamleader",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key.trim().to_lowercase().as_str() {
            "caseworker" | "raadgiver" | "rådgiver" => Some(StaffRole::Caseworker),
            "teamleader" | "teamleder" => Some(StaffRole::TeamLeader),
            _ => None,
        }
    }
}

/// Whether a staff member may still use the service. A deactivated staff member (one who has
/// left, or lost access) is refused everything and sent nothing; their cases went to the team
/// leader when they were deactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffStatus {
    Active,
    Deactivated,
}

/// A status change that makes no sense (deactivating someone twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StaffTransitionError {
    #[error("already deactivated")]
    AlreadyDeactivated,
    #[error("already active")]
    AlreadyActive,
}

impl StaffStatus {
    pub fn deactivate(self) -> Result<Self, StaffTransitionError> {
        match self {
            StaffStatus::Active => Ok(StaffStatus::Deactivated),
            StaffStatus::Deactivated => Err(StaffTransitionError::AlreadyDeactivated),
        }
    }

    pub fn reactivate(self) -> Result<Self, StaffTransitionError> {
        match self {
            StaffStatus::Deactivated => Ok(StaffStatus::Active),
            StaffStatus::Active => Err(StaffTransitionError::AlreadyActive),
        }
    }
}

/// The longest absence one `/fravaer` covers; a longer one is a staff change (`/overdrag`).
pub const MAX_ABSENCE_DAYS: u64 = 92;

/// A period of absence (fravær), local dates, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absence {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why an absence was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AbsenceError {
    #[error("first day: {0}")]
    From(DateError),
    #[error("last day: {0}")]
    To(DateError),
    #[error("the last day is before the first")]
    EndsBeforeStart,
    #[error("longer than the maximum")]
    TooLong,
}

impl Absence {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, AbsenceError> {
        if to < from {
            return Err(AbsenceError::EndsBeforeStart);
        }
        let longest = from
            .checked_add_days(Days::new(MAX_ABSENCE_DAYS - 1))
            .unwrap_or(NaiveDate::MAX);
        if to > longest {
            return Err(AbsenceError::TooLong);
        }
        Ok(Absence { from, to })
    }

    /// Parses `/fravaer <fra> <til>` as typed (`24.12`, `24/12`, `2026-12-24`, `24.12.2026`)
    /// on local date `today`. A date without a year is the next such day: for the first day
    /// from today, for the last day from the first day (so `28.12 3.1` crosses New Year).
    pub fn parse(from: &str, to_text: &str, today: NaiveDate) -> Result<Self, AbsenceError> {
        let from = parse_date(from, today).map_err(AbsenceError::From)?;
        let to = match parse_date(to_text, from) {
            // A full date before the first day: the order is wrong, not the date.
            Err(DateError::InPast) => return Err(AbsenceError::EndsBeforeStart),
            other => other.map_err(AbsenceError::To)?,
        };
        let result = Absence::new(from, to);
        // `24.12 20.12` means the order is wrong, not an absence of almost a year.
        if result == Err(AbsenceError::TooLong)
            && let Ok(sooner) = parse_date(to_text, today)
            && sooner < from
        {
            return Err(AbsenceError::EndsBeforeStart);
        }
        result
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// True on every day of the absence, first and last included.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// One staff member as far as choosing who takes over matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub id: i64,
    pub role: StaffRole,
    pub team: Option<&'a str>,
    /// A team is a team within its municipality.
    pub municipality: &'a str,
    pub status: StaffStatus,
    pub joined: bool,
}

/// Who takes over the cases of `leaving` (deactivated) until they are handed over, or covers
/// an absence without a named colleague: an active team leader of the same team, other than
/// the person; one who has joined the chat first, then the lowest id (the longest serving).
/// `None` when the team has no such leader (or the person has no team).
pub fn receiving_team_leader(leaving: &Candidate<'_>, staff: &[Candidate<'_>]) -> Option<i64> {
    let team = leaving.team?;
    staff
        .iter()
        .filter(|s| {
            s.id != leaving.id
                && s.role == StaffRole::TeamLeader
                && s.status == StaffStatus::Active
                && s.team == Some(team)
                && s.municipality == leaving.municipality
        })
        .min_by_key(|s| (!s.joined, s.id))
        .map(|s| s.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staff_member_is_deactivated_once_and_reactivated_once() {
        assert_eq!(StaffStatus::Active.deactivate(), Ok(StaffStatus::Deactivated));
        assert_eq!(
            StaffStatus::Deactivated.deactivate(),
            Err(StaffTransitionError::AlreadyDeactivated)
        );
        assert_eq!(StaffStatus::Deactivated.reactivate(), Ok(StaffStatus::Active));
        assert_eq!(
            StaffStatus::Active.reactivate(),
            Err(StaffTransitionError::AlreadyActive)
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn absences_are_parsed_from_danish_dates() {
        let today = day(2026, 12, 2);
        let ok = |from: &str, to: &str| Absence::parse(from, to, today).map(|a| (a.from(), a.to()));
        let cases = [
            ("24.12", "3.1", Ok((day(2026, 12, 24), day(2027, 1, 3)))),
            (
                "2026-12-24",
                "2026-12-31",
                Ok((day(2026, 12, 24), day(2026, 12, 31))),
            ),
            ("24/12", "24/12", Ok((day(2026, 12, 24), day(2026, 12, 24)))),
            ("2.12", "4.12.2026", Ok((today, day(2026, 12, 4)))),
            ("24.12.2026", "20.12.2026", Err(AbsenceError::EndsBeforeStart)),
            ("24.12", "20.12", Err(AbsenceError::EndsBeforeStart)),
            ("1.12.2026", "4.12", Err(AbsenceError::From(DateError::InPast))),
            ("juleaften", "3.1", Err(AbsenceError::From(DateError::Malformed))),
            ("24.12", "nytår", Err(AbsenceError::To(DateError::Malformed))),
            ("31.11", "3.12", Err(AbsenceError::From(DateError::NoSuchDate))),
            ("3.12", "3.12.2027", Err(AbsenceError::TooLong)),
        ];
        for (from, to, expected) in cases {
            assert_eq!(ok(from, to), expected, "{from} {to}");
        }
    }

    #[test]
    fn an_absence_covers_its_first_and_last_day() {
        let a = Absence::new(day(2026, 12, 24), day(2026, 12, 27)).unwrap();
        assert!(!a.covers(day(2026, 12, 23)));
        assert!(a.covers(day(2026, 12, 24)));
        assert!(a.covers(day(2026, 12, 27)));
        assert!(!a.covers(day(2026, 12, 28)));
        assert!(Absence::new(day(2026, 1, 1), day(2026, 4, 2)).is_ok());
        assert_eq!(
            Absence::new(day(2026, 1, 1), day(2026, 4, 3)),
            Err(AbsenceError::TooLong)
        );
    }

    #[test]
    fn the_cases_of_a_leaver_go_to_an_active_team_leader_of_the_same_team() {
        let c = |id, role, team, status, joined| Candidate {
            id,
            role,
            team,
            municipality: "Aarhus",
            status,
            joined,
        };
        use StaffRole::{Caseworker as Cw, TeamLeader as Tl};
        use StaffStatus::{Active as A, Deactivated as D};
        let mette = c(1, Cw, Some("Nord"), A, true);
        let other_town = Candidate {
            municipality: "Skanderborg",
            ..c(2, Tl, Some("Nord"), A, true)
        };
        let table: [(&str, Vec<Candidate>, Option<i64>); 7] = [
            (
                "not the same team name in another municipality",
                vec![mette, other_town],
                None,
            ),
            (
                "the team's leader",
                vec![mette, c(2, Tl, Some("Nord"), A, true)],
                Some(2),
            ),
            (
                "not another team's",
                vec![mette, c(2, Tl, Some("Syd"), A, true)],
                None,
            ),
            (
                "not a deactivated one",
                vec![mette, c(2, Tl, Some("Nord"), D, true)],
                None,
            ),
            (
                "not a colleague",
                vec![mette, c(2, Cw, Some("Nord"), A, true)],
                None,
            ),
            (
                "one who has joined first",
                vec![
                    mette,
                    c(2, Tl, Some("Nord"), A, false),
                    c(3, Tl, Some("Nord"), A, true),
                ],
                Some(3),
            ),
            (
                "nobody without a team",
                vec![c(1, Cw, None, A, true), c(2, Tl, None, A, true)],
                None,
            ),
        ];
        for (what, staff, expected) in table {
            assert_eq!(receiving_team_leader(&staff[0], &staff), expected, "{what}");
        }
        // A leaving team leader's cases go to another leader of the team, never to themselves.
        let leader = c(5, Tl, Some("Nord"), A, true);
        assert_eq!(receiving_team_leader(&leader, &[leader]), None);
    }

    #[test]
    fn roles_parse_in_english_and_danish() {
        assert_eq!(StaffRole::parse("caseworker"), Some(StaffRole::Caseworker));
        assert_eq!(StaffRole::parse("Rådgiver"), Some(StaffRole::Caseworker));
        assert_eq!(StaffRole::parse("teamleader"), Some(StaffRole::TeamLeader));
        assert_eq!(StaffRole::parse("boss"), None);
        for r in [StaffRole::Caseworker, StaffRole::TeamLeader] {
            assert_eq!(StaffRole::parse(r.key()), Some(r));
        }
    }
}
