//! The web desk's sign-in: one-time links sent by the bot (`/skrivebord`) and the sessions they
//! open. Pure rules: how a secret looks, how long a link and a session live, which of two
//! sessions' deadlines comes first. The store keeps only hashes of the secrets.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use std::cmp::Reverse;
use std::fmt;
use subtle::ConstantTimeEq;

/// How long a sign-in link from `/skrivebord` may be used.
pub const LINK_VALIDITY: Duration = Duration::minutes(10);
/// A session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::minutes(30);
/// A session ends this long after sign-in, however busy.
pub const SESSION_MAX: Duration = Duration::hours(8);

/// 256 random bits, base64url (43 characters): far beyond guessing, and safe in a URL path.
const SECRET_BYTES: usize = 32;
const SECRET_CHARS: usize = 43;

/// A secret of the desk: a sign-in link's token, a session's cookie, a session's CSRF token.
/// Only its hash is stored (the CSRF token is not a door on its own and is stored as it is).
#[derive(Clone, PartialEq, Eq)]
pub struct DeskSecret(String);

impl DeskSecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        DeskSecret(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// `None` for anything that cannot be a secret made by [`DeskSecret::generate`].
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        let charset_ok = input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        (input.len() == SECRET_CHARS && charset_ok).then(|| DeskSecret(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SHA-256, hex: what the database keeps, so a leaked backup opens no session.
    pub fn hash(&self) -> String {
        super::invite::secret_hash(&self.0)
    }

    /// Compares in constant time (a CSRF token sent with a form against the session's).
    pub fn matches(&self, sent: &str) -> bool {
        self.0.as_bytes().ct_eq(sent.trim().as_bytes()).into()
    }
}

// Never print a secret into a log by accident.
impl fmt::Debug for DeskSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeskSecret(…)")
    }
}

/// Whether a sign-in link can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Usable,
    Used,
    Expired,
}

/// A link made at `created_at`, used at `used_at` (if ever), seen at `now`.
pub fn link_state(
    created_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> LinkState {
    if used_at.is_some() {
        LinkState::Used
    } else if now >= created_at + LINK_VALIDITY {
        LinkState::Expired
    } else {
        LinkState::Usable
    }
}

/// Whether a session may serve a request, and if not, why it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Live,
    /// 30 minutes without a request.
    Idle,
    /// 8 hours since sign-in.
    TooOld,
}

impl SessionState {
    /// The reason stored when a session ends this way.
    pub fn key(self) -> &'static str {
        match self {
            SessionState::Live => "live",
            SessionState::Idle => "idle",
            SessionState::TooOld => "max_age",
        }
    }
}

/// A session started at `started_at` and last used at `last_seen_at`, asked at `now`.
pub fn session_state(
    started_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionState {
    if now >= started_at + SESSION_MAX {
        SessionState::TooOld
    } else if now >= last_seen_at + SESSION_IDLE {
        SessionState::Idle
    } else {
        SessionState::Live
    }
}

/// Why a session ended (stored beside it; never shown in the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    LoggedOut,
    Expired(SessionState),
    /// The staff member was deactivated.
    StaffDeactivated,
}

impl SessionEnd {
    pub fn key(self) -> &'static str {
        match self {
            SessionEnd::LoggedOut => "logged_out",
            SessionEnd::Expired(state) => state.key(),
            SessionEnd::StaffDeactivated => "staff_deactivated",
        }
    }
}

/// How much a case needs the caseworker now, for the order of *Mine sager*: urgent alerts
/// first, then other open alerts, then the longest silence; closed cases last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub urgent_alerts: usize,
    pub open_alerts: usize,
    /// Since the last answer from anyone in the case (or since the case began, if none yet).
    pub silent_for: Duration,
    pub closed: bool,
}

impl Need {
    /// A key that sorts the neediest case first.
    pub fn sort_key(&self) -> (bool, Reverse<usize>, Reverse<usize>, Reverse<Duration>) {
        (
            self.closed,
            Reverse(self.urgent_alerts),
            Reverse(self.open_alerts),
            Reverse(self.silent_for),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    #[test]
    fn secrets_are_256_bits_in_url_safe_text_and_only_their_hash_is_kept() {
        let a = DeskSecret::generate();
        let b = DeskSecret::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), SECRET_CHARS);
        assert_eq!(DeskSecret::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), a.as_str());
        assert!(!format!("{a:?}").contains(a.as_str()));
        for bad in ["", "abc", "<script>", &format!("{}!", &a.as_str()[..42])] {
            assert_eq!(DeskSecret::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_csrf_token_matches_only_itself() {
        let a = DeskSecret::generate();
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(DeskSecret::generate().as_str()));
        assert!(!a.matches(""));
        assert!(!a.matches(&a.as_str()[..10]));
    }

    #[test]
    fn a_link_lives_ten_minutes_and_once() {
        let m = Duration::minutes;
        for (used, at, state) in [
            (None, m(0), LinkState::Usable),
            (None, m(9) + Duration::seconds(59), LinkState::Usable),
            (None, m(10), LinkState::Expired),
            (Some(m(1)), m(2), LinkState::Used),
            (Some(m(1)), m(20), LinkState::Used),
        ] {
            assert_eq!(
                link_state(t0(), used.map(|u| t0() + u), t0() + at),
                state,
                "{at:?}"
            );
        }
    }

    #[test]
    fn a_session_ends_after_30_idle_minutes_or_8_hours() {
        let m = Duration::minutes;
        for (last_seen, at, state) in [
            (m(0), m(29), SessionState::Live),
            (m(0), m(30), SessionState::Idle),
            (m(20), m(49), SessionState::Live),
            (m(7 * 60 + 50), m(7 * 60 + 59), SessionState::Live),
            (m(7 * 60 + 50), m(8 * 60), SessionState::TooOld),
            (m(0), m(9 * 60), SessionState::TooOld),
        ] {
            assert_eq!(session_state(t0(), t0() + last_seen, t0() + at), state, "{at:?}");
        }
    }

    #[test]
    fn the_neediest_case_comes_first() {
        let need = |urgent, open, days, closed| Need {
            urgent_alerts: urgent,
            open_alerts: open,
            silent_for: Duration::days(days),
            closed,
        };
        let mut cases = [
            ("quiet", need(0, 0, 1, false)),
            ("closed", need(2, 2, 90, true)),
            ("silent", need(0, 0, 20, false)),
            ("alert", need(0, 1, 0, false)),
            ("urgent", need(1, 1, 0, false)),
            ("two alerts", need(0, 2, 0, false)),
        ];
        cases.sort_by_key(|(_, n)| n.sort_key());
        let order: Vec<&str> = cases.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            order,
            ["urgent", "two alerts", "alert", "silent", "quiet", "closed"]
        );
    }
}
