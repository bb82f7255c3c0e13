//! Cases (sag): one young person's follow-up, known by a short code and a nickname.

use rand::Rng;
use std::fmt;

/// Characters for case codes: no 0/O, 1/I/L, so a code read aloud on the phone is unambiguous.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 4;

/// A case's public code, e.g. `K-7F2Q`: random, non-sequential, safe to put in a chat message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseCode(String);

/// Text that is not a case code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a case code")]
pub struct InvalidCaseCode;

impl CaseCode {
    pub fn generate(rng: &mut impl Rng) -> Self {
        let body: String = (0..CODE_LEN)
            .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
            .collect();
        CaseCode(format!("K-{body}"))
    }

    /// Accepts `K-7F2Q`, `k-7f2q` and `7F2Q`.
    pub fn parse(input: &str) -> Result<Self, InvalidCaseCode> {
        let upper = input.trim().to_uppercase();
        let body = upper.strip_prefix("K-").unwrap_or(&upper);
        let valid = body.len() == CODE_LEN && body.bytes().all(|b| CODE_ALPHABET.contains(&b));
        if valid {
            Ok(CaseCode(format!("K-{body}")))
        } else {
            Err(InvalidCaseCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a case is in its life cycle (livsforløb): active → paused → closed → exported →
/// purged. The database stores the key; a purged case leaves no row behind, so `Purged` is
/// only ever the result of the last transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    Active,
    /// Nothing scheduled goes out for a while; the case comes back to `Active`.
    Paused,
    /// Closed by the caseworker (lukket): no prompts, participants were told goodbye.
    Closed,
    /// Closed, and the journal document was made for the municipality's case system.
    Exported,
    /// Every personal row deleted after the retention period.
    Purged,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 5] = [
        CaseStatus::Active,
        CaseStatus::Paused,
        CaseStatus::Closed,
        CaseStatus::Exported,
        CaseStatus::Purged,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CaseStatus::Active => "active",
            CaseStatus::Paused => "paused",
            CaseStatus::Closed => "closed",
            CaseStatus::Exported => "exported",
            CaseStatus::Purged => "purged",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the case still runs: check-ins, reminders, agendas and calls go out.
    pub fn is_open(self) -> bool {
        matches!(self, CaseStatus::Active | CaseStatus::Paused)
    }

    /// The one transition function of the life cycle.
    pub fn apply(self, event: CaseEvent) -> Result<CaseStatus, CaseTransitionError> {
        use CaseEvent as E;
        use CaseStatus as S;
        let next = match (self, event) {
            (S::Active, E::Pause) => S::Paused,
            (S::Paused, E::Resume) => S::Active,
            (S::Active | S::Paused, E::Close(_)) => S::Closed,
            // A journal can be made again (another period, a lost file); it stays exported.
            (S::Closed | S::Exported, E::Export) => S::Exported,
            // Never purged without a journal: the municipality must have filed it first.
            (S::Exported, E::Purge) => S::Purged,
            (from, event) => return Err(CaseTransitionError { from, event }),
        };
        Ok(next)
    }
}

/// What happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseEvent {
    Pause,
    Resume,
    Close(CloseReason),
    /// The journal document was made.
    Export,
    /// The retention period after the export ran out.
    Purge,
}

/// A life-cycle step that is not allowed from where the case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot go from {from:?} by {event:?}")]
pub struct CaseTransitionError {
    pub from: CaseStatus,
    pub event: CaseEvent,
}

/// Why the caseworker closed the case (`/luk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// Mål nået.
    GoalReached,
    /// Støtten er slut.
    SupportEnded,
    /// Flyttet (to another municipality).
    Moved,
    Other,
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] = [
        CloseReason::GoalReached,
        CloseReason::SupportEnded,
        CloseReason::Moved,
        CloseReason::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CloseReason::GoalReached => "goal_reached",
            CloseReason::SupportEnded => "support_ended",
            CloseReason::Moved => "moved",
            CloseReason::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Default `RETENTION_DAYS_AFTER_CLOSE`: days from the export until the purge.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

/// Audit rows of a purged case are kept this long after the purge, then deleted.
pub const AUDIT_KEPT_AFTER_PURGE_DAYS: i64 = 183;

/// Parked updates keep their payload this long (for an operator to look at), then lose it.
pub const PARKED_PAYLOAD_DAYS: i64 = 30;

/// What the daily retention job does with a case that is no longer open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Nothing yet.
    Keep,
    /// Exported, and the retention period ran out: delete every personal row.
    Purge,
    /// Closed but never exported, and the period ran out: remind the caseworker and the
    /// team leader (once) instead of deleting what was never filed.
    RemindExport,
}

/// The retention rule, counted from the export (or, for a case never exported, from closing).
pub fn retention(
    status: CaseStatus,
    closed_at: Option<chrono::DateTime<chrono::Utc>>,
    exported_at: Option<chrono::DateTime<chrono::Utc>>,
    already_reminded: bool,
    retention_days: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Retention {
    let period = chrono::Duration::days(retention_days.into());
    match (status, closed_at, exported_at) {
        (CaseStatus::Exported, _, Some(exported)) if exported + period <= now => Retention::Purge,
        (CaseStatus::Closed, Some(closed), _) if closed + period <= now && !already_reminded => {
            Retention::RemindExport
        }
        _ => Retention::Keep,
    }
}

/// A day typed by staff for a journal period: `2026-09-01` or `1.9.2026`.
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

/// Longest nickname we accept; it appears in every message about the case.
pub const NICKNAME_MAX: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_parse_back() {
        let mut rng = rand::thread_rng();
        for _ in 0..200 {
            let code = CaseCode::generate(&mut rng);
            assert_eq!(CaseCode::parse(code.as_str()), Ok(code.clone()));
            assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']));
        }
    }

    #[test]
    fn codes_are_parsed_leniently_but_strictly() {
        let cases = [
            ("K-7F2Q", Some("K-7F2Q")),
            ("k-7f2q", Some("K-7F2Q")),
            (" 7F2Q ", Some("K-7F2Q")),
            ("K-7F2", None),
            ("K-7F2QX", None),
            ("K-0F2Q", None),
            ("", None),
            ("K-ÆØÅ2", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                CaseCode::parse(input).ok().map(|c| c.0),
                expected.map(str::to_string),
                "{input:?}"
            );
        }
    }

    #[test]
    fn statuses_and_reasons_round_trip() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.key()), Some(s));
        }
        for r in CloseReason::ALL {
            assert_eq!(CloseReason::parse(r.key()), Some(r));
        }
        assert_eq!(CaseStatus::parse("deleted"), None);
    }

    #[test]
    fn journal_days_are_read_in_both_usual_forms() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 1);
        for (text, expected) in [
            ("2026-09-01", day),
            ("1.9.2026", day),
            ("01.09.2026", day),
            ("31.2.2026", None),
            ("i går", None),
            ("", None),
        ] {
            assert_eq!(parse_day(text), expected, "{text:?}");
        }
    }

    #[test]
    fn allowed_life_cycle_transitions() {
        use CaseEvent as E;
        use CaseStatus as S;
        let close = E::Close(CloseReason::GoalReached);
        let allowed = [
            (S::Active, E::Pause, S::Paused),
            (S::Paused, E::Resume, S::Active),
            (S::Active, close, S::Closed),
            (S::Paused, E::Close(CloseReason::Moved), S::Closed),
            (S::Closed, E::Export, S::Exported),
            (S::Exported, E::Export, S::Exported),
            (S::Exported, E::Purge, S::Purged),
        ];
        for (from, event, to) in allowed {
            assert_eq!(from.apply(event), Ok(to), "{from:?} {event:?}");
        }
    }

    #[test]
    fn refused_life_cycle_transitions() {
        use CaseEvent as E;
        use CaseStatus as S;
        let close = E::Close(CloseReason::Other);
        let refused = [
            (S::Active, E::Resume),
            (S::Active, E::Export),
            (S::Active, E::Purge),
            (S::Paused, E::Pause),
            (S::Paused, E::Export),
            (S::Closed, close),
            (S::Closed, E::Pause),
            (S::Closed, E::Resume),
            // A case never exported is never purged.
            (S::Closed, E::Purge),
            (S::Exported, close),
            (S::Exported, E::Resume),
            (S::Purged, E::Export),
            (S::Purged, E::Purge),
            (S::Purged, E::Resume),
        ];
        for (from, event) in refused {
            assert_eq!(
                from.apply(event),
                Err(CaseTransitionError { from, event }),
                "{from:?} {event:?}"
            );
        }
        // Every transition is either in the table above or refused: nothing leaves `Purged`.
        for event in [E::Pause, E::Resume, close, E::Export, E::Purge] {
            assert!(S::Purged.apply(event).is_err());
        }
    }

    #[test]
    fn retention_counts_from_the_export_and_never_purges_what_was_not_exported() {
        use chrono::{Duration, TimeZone, Utc};
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        let day = Duration::days(1);
        let cases = [
            // (status, closed, exported, reminded, now, expected)
            (
                CaseStatus::Active,
                None,
                None,
                false,
                t0 + day * 400,
                Retention::Keep,
            ),
            (
                CaseStatus::Exported,
                Some(t0),
                Some(t0 + day),
                false,
                t0 + day * 90,
                Retention::Keep,
            ),
            (
                CaseStatus::Exported,
                Some(t0),
                Some(t0 + day),
                false,
                t0 + day * 91,
                Retention::Purge,
            ),
            (
                CaseStatus::Closed,
                Some(t0),
                None,
                false,
                t0 + day * 89,
                Retention::Keep,
            ),
            (
                CaseStatus::Closed,
                Some(t0),
                None,
                false,
                t0 + day * 90,
                Retention::RemindExport,
            ),
            (
                CaseStatus::Closed,
                Some(t0),
                None,
                true,
                t0 + day * 400,
                Retention::Keep,
            ),
        ];
        for (status, closed, exported, reminded, now, expected) in cases {
            assert_eq!(
                retention(status, closed, exported, reminded, 90, now),
                expected,
                "{status:?} {now}"
            );
        }
        assert_eq!(
            retention(CaseStatus::Exported, Some(t0), Some(t0), false, 0, t0),
            Retention::Purge
        );
    }
}
