//! Staff: caseworkers (rådgivere) and team leaders (teamledere).

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

#[cfg(test)]
mod tests {
    use super::*;

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
