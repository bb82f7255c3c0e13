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

/// Where a case is in its life cycle (active → paused → closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    Active,
    Paused,
    Closed,
}

impl CaseStatus {
    pub fn key(self) -> &'static str {
        match self {
            CaseStatus::Active => "active",
            CaseStatus::Paused => "paused",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [CaseStatus::Active, CaseStatus::Paused, CaseStatus::Closed]
            .into_iter()
            .find(|s| s.key() == key)
    }
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
    fn statuses_round_trip() {
        for s in [CaseStatus::Active, CaseStatus::Paused, CaseStatus::Closed] {
            assert_eq!(CaseStatus::parse(s.key()), Some(s));
        }
    }
}
