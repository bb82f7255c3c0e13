//! Who a rhythm is for ([`RhythmRole`]), read from the role word a caseworker types, and the
//! word normalization (case, Danish letters) that rhythm parsing shares.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Who a rhythm is for. Decides the default rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RhythmRole {
    /// The young person (barn/ung): weekly.
    Youth,
    /// A parent (forælder): every other week.
    Parent,
    /// An everyday witness (hverdagsbevidner) in the network: every other week.
    Witness,
}

/// A role word in `/rytme <kode> <ung|forælder|vidne> …` that is not a known role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown participant role {0:?}")]
pub struct UnknownRole(pub String);

impl FromStr for RhythmRole {
    type Err = UnknownRole;

    /// Accepts the Danish command words (`ung`, `forælder`, `vidne`, with or without `æ`) and
    /// their English equivalents, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match normalize_word(s.trim()).as_str() {
            "ung" | "unge" | "barn" | "youth" | "young" | "child" => Ok(Self::Youth),
            "foraelder" | "foraeldre" | "parent" | "parents" => Ok(Self::Parent),
            "vidne" | "vidner" | "hverdagsbevidner" | "hverdagsbevidnere" | "hverdagsbevidne"
            | "netvaerk" | "witness" | "network" => Ok(Self::Witness),
            _ => Err(UnknownRole(s.trim().to_owned())),
        }
    }
}

/// Lower-case, fold Danish letters to ASCII (`ø`→`o`, `æ`→`ae`, `å`→`aa`) and drop combining
/// marks, so "Lør", "lor" and "LØR" are the same word.
pub(super) fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ø' | 'ö' | 'ó' => out.push('o'),
            'æ' | 'ä' => out.push_str("ae"),
            'å' => out.push_str("aa"),
            'é' | 'è' => out.push('e'),
            '\u{0300}'..='\u{036f}' => {}
            c => out.push(c),
        }
    }
    out
}
