//! Invitations: single-use deep links (`t.me/<bot>?start=<token>`) that let one person join.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;

/// SHA-256 of a secret (an invitation token, a desk link or session cookie), hex: the only form
/// in which the database keeps it.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
/// How long an invitation link stays valid.
pub const INVITE_VALIDITY_DAYS: i64 = 14;

/// 128 random bits, base64url: unguessable, and short enough for a deep link (≤ 64 chars).
const TOKEN_BYTES: usize = 16;
const TOKEN_CHARS: usize = 22;

/// The secret part of an invitation link. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct InviteToken(String);

/// Text that cannot be an invitation token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed invitation token")]
pub struct MalformedToken;

impl InviteToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        InviteToken(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn parse(input: &str) -> Result<Self, MalformedToken> {
        let input = input.trim();
        let charset_ok = input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if input.len() == TOKEN_CHARS && charset_ok {
            Ok(InviteToken(input.to_string()))
        } else {
            Err(MalformedToken)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SHA-256 of the token, hex: what the database keeps, so a leaked backup opens no door.
    pub fn hash(&self) -> String {
        secret_hash(&self.0)
    }

    pub fn deep_link(&self, bot_username: &str) -> String {
        format!("https://t.me/{bot_username}?start={}", self.0)
    }
}

// Never print the secret into logs by accident.
impl fmt::Debug for InviteToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InviteToken(…)")
    }
}

/// Why an invitation cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteProblem {
    Expired,
    AlreadyUsed,
}

/// Expiry time of an invitation made at `now`.
pub fn expiry_from(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(INVITE_VALIDITY_DAYS)
}

/// Whether an invitation may be used at `now`.
pub fn check_usable(
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), InviteProblem> {
    if used_at.is_some() {
        Err(InviteProblem::AlreadyUsed)
    } else if now >= expires_at {
        Err(InviteProblem::Expired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_long_random_and_parse_back() {
        let a = InviteToken::generate();
        let b = InviteToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), TOKEN_CHARS);
        assert_eq!(InviteToken::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for input in [
            "",
            "abc",
            "ÆØÅÆØÅÆØÅÆØÅÆØÅÆØÅÆØÅÆ",
            "aaaaaaaaaaaaaaaaaaaa/+",
            &"a".repeat(23),
        ] {
            assert_eq!(InviteToken::parse(input), Err(MalformedToken), "{input:?}");
        }
    }

    #[test]
    fn usability_depends_on_use_and_expiry() {
        let now = Utc::now();
        let exp = expiry_from(now);
        assert_eq!(check_usable(exp, None, now), Ok(()));
        assert_eq!(check_usable(exp, None, exp), Err(InviteProblem::Expired));
        assert_eq!(check_usable(exp, Some(now), now), Err(InviteProblem::AlreadyUsed));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let t = InviteToken::generate();
        assert!(!format!("{t:?}").contains(t.as_str()));
    }
}
