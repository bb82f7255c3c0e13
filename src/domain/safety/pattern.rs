//! Compiled signal lines and the search for them in a text's words: each line is a sequence of
//! elements (alternatives after a bounded gap), indexed by its first word in a letter trie so
//! that a message is only tried against the lines that can start at one of its words.

use super::words::{Word, runs_match};
use super::{Audience, DangerCategory, Tier};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordKind {
    /// `word`
    Exact,
    /// `word*`
    Prefix,
    /// `*word`
    Suffix,
    /// `*word*`
    Infix,
    /// `{tal}`: any number written with digits.
    Number,
}

#[derive(Debug, Clone)]
pub(super) struct WordPattern {
    pub(super) kind: WordKind,
    pub(super) word: Word,
}

impl WordPattern {
    fn matches(&self, tok: &Word) -> bool {
        let (p, t) = (&self.word.runs, &tok.runs);
        match self.kind {
            WordKind::Exact => runs_match(p, t),
            WordKind::Prefix => t.len() >= p.len() && runs_match(p, &t[..p.len()]),
            WordKind::Suffix => t.len() >= p.len() && runs_match(p, &t[t.len() - p.len()..]),
            WordKind::Infix => t.windows(p.len()).any(|w| runs_match(p, w)),
            WordKind::Number => tok.is_number(),
        }
    }
}

/// One position in a pattern: any of the alternatives, after at most `gap` other words.
#[derive(Debug, Clone)]
pub(super) struct Element {
    pub(super) gap: usize,
    pub(super) alternatives: Vec<WordPattern>,
}

impl Element {
    fn matches(&self, tok: &Word) -> bool {
        self.alternatives.iter().any(|a| a.matches(tok))
    }
}

/// What a line of the file means when it matches: its section's category, tier and audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Meaning {
    pub(super) category: DangerCategory,
    pub(super) tier: Tier,
    pub(super) audience: Audience,
}

impl Meaning {
    /// For lines that are not signals (exceptions, context markers).
    pub(super) const NONE: Meaning = Meaning {
        category: DangerCategory::Other,
        tier: Tier::Concern,
        audience: Audience::Everyone,
    };
}

#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// The line as written in the file (for the log and the alert).
    pub(super) source: String,
    /// Where it stands in the file: the first matching line gives the category.
    pub(super) line: usize,
    pub(super) meaning: Meaning,
    pub(super) elements: Vec<Element>,
}

/// Words allowed between two parts of an `A & B` line.
pub(super) const COMBINATION_WINDOW: usize = 12;

/// `A & B`: every part somewhere near the first part, in any order — a situation ("han har en
/// kniv" … "nu") rather than a fixed phrase.
#[derive(Debug, Clone)]
pub(super) struct Combination {
    pub(super) source: String,
    pub(super) line: usize,
    pub(super) meaning: Meaning,
    /// Indices into the signal set's part patterns.
    pub(super) parts: Vec<usize>,
}

impl Combination {
    /// True if every part matched within [`COMBINATION_WINDOW`] words of a match of the first.
    /// `spans[part]` lists (first word, last word) of that part's matches.
    pub(super) fn matches(&self, spans: &[Vec<(usize, usize)>]) -> bool {
        let Some((first, rest)) = self.parts.split_first() else {
            return false;
        };
        let near = |a: (usize, usize), b: (usize, usize)| {
            let gap = a.0.max(b.0).saturating_sub(a.1.min(b.1));
            gap <= COMBINATION_WINDOW + 1
        };
        spans[*first].iter().any(|&anchor| {
            rest.iter()
                .all(|&part| spans[part].iter().any(|&span| near(anchor, span)))
        })
    }
}

impl Pattern {
    /// The last word index of a match whose first word is at `start`, not using words marked
    /// in `blocked`. `failed` remembers (element, word) pairs of this pattern known to lead
    /// nowhere; it stays valid for every start in the same text.
    fn match_at(
        &self,
        tokens: &[Word],
        blocked: &[bool],
        start: usize,
        failed: &mut Vec<bool>,
    ) -> Option<usize> {
        if blocked[start] || !self.elements[0].matches(&tokens[start]) {
            return None;
        }
        if self.elements.len() == 1 {
            return Some(start);
        }
        if failed.is_empty() {
            failed.resize(self.elements.len() * tokens.len(), false);
        }
        self.extend(tokens, blocked, 1, start, failed)
    }

    fn extend(
        &self,
        tokens: &[Word],
        blocked: &[bool],
        elem: usize,
        prev: usize,
        failed: &mut [bool],
    ) -> Option<usize> {
        let Some(element) = self.elements.get(elem) else {
            return Some(prev);
        };
        let n = tokens.len();
        let last = (prev + 1 + element.gap).min(n.saturating_sub(1));
        for q in prev + 1..=last {
            let key = elem * n + q;
            if blocked[q] || failed[key] || !element.matches(&tokens[q]) {
                continue;
            }
            if let Some(end) = self.extend(tokens, blocked, elem + 1, q, failed) {
                return Some(end);
            }
            failed[key] = true;
        }
        None
    }
}

/// Patterns with an index on their first word.
#[derive(Debug, Clone, Default)]
pub(super) struct PatternSet {
    pub(super) patterns: Vec<Pattern>,
    /// Letter trie over first-word skeletons, for exact words and `word*`.
    forward: Trie,
    /// Trie over reversed skeletons, for `*word`.
    backward: Trie,
    /// Patterns whose first word can be anywhere in a word (`*word*`) or any number: tried at
    /// every word.
    scan: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    children: Vec<(char, usize)>,
    /// Patterns whose first word ends exactly here.
    whole: Vec<usize>,
    /// Patterns whose first word is a stem ending here.
    stem: Vec<usize>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            nodes: vec![TrieNode::default()],
        }
    }
}

impl Trie {
    fn insert(&mut self, letters: impl Iterator<Item = char>, pattern: usize, stem: bool) {
        let mut node = 0;
        for c in letters {
            node = match self.nodes[node].children.iter().find(|(k, _)| *k == c) {
                Some(&(_, next)) => next,
                None => {
                    self.nodes.push(TrieNode::default());
                    let next = self.nodes.len() - 1;
                    self.nodes[node].children.push((c, next));
                    next
                }
            };
        }
        let list = if stem {
            &mut self.nodes[node].stem
        } else {
            &mut self.nodes[node].whole
        };
        if !list.contains(&pattern) {
            list.push(pattern);
        }
    }

    /// Patterns whose stem is a prefix of `letters`, and (if `whole`) whose word equals it.
    fn candidates(&self, letters: impl Iterator<Item = char>, whole: bool, out: &mut Vec<usize>) {
        let mut node = 0;
        for c in letters {
            match self.nodes[node].children.iter().find(|(k, _)| *k == c) {
                Some(&(_, next)) => node = next,
                None => return,
            }
            out.extend_from_slice(&self.nodes[node].stem);
        }
        if whole {
            out.extend_from_slice(&self.nodes[node].whole);
        }
    }
}

impl PatternSet {
    pub(super) fn push(&mut self, pattern: Pattern) {
        let id = self.patterns.len();
        for alt in &pattern.elements[0].alternatives {
            match alt.kind {
                WordKind::Exact => self.forward.insert(alt.word.skeleton(), id, false),
                WordKind::Prefix => self.forward.insert(alt.word.skeleton(), id, true),
                WordKind::Suffix => self.backward.insert(alt.word.skeleton().rev(), id, true),
                WordKind::Infix | WordKind::Number => {
                    if !self.scan.contains(&id) {
                        self.scan.push(id)
                    }
                }
            }
        }
        self.patterns.push(pattern);
    }

    /// (pattern, start word) pairs worth trying, sorted by pattern then position.
    fn candidates(&self, tokens: &[Word]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for (pos, tok) in tokens.iter().enumerate() {
            ids.clear();
            self.forward.candidates(tok.skeleton(), true, &mut ids);
            self.backward.candidates(tok.skeleton().rev(), false, &mut ids);
            ids.extend(
                self.scan
                    .iter()
                    .filter(|&&id| self.patterns[id].elements[0].matches(tok)),
            );
            out.extend(ids.iter().map(|&id| (id, pos)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Indices of the matching patterns that `keep` accepts, in file order; only the first if
    /// `first_only`.
    pub(super) fn find(
        &self,
        tokens: &[Word],
        blocked: &[bool],
        first_only: bool,
        keep: impl Fn(&Pattern) -> bool,
    ) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        let mut memo = Memo::default();
        for (id, start) in self.candidates(tokens) {
            if found.last() == Some(&id) || !keep(&self.patterns[id]) {
                continue;
            }
            let failed = memo.for_pattern(id);
            if self.patterns[id]
                .match_at(tokens, blocked, start, failed)
                .is_some()
            {
                found.push(id);
                if first_only {
                    break;
                }
            }
        }
        found
    }

    /// Every (pattern, first word, last word) match.
    pub(super) fn spans(&self, tokens: &[Word], blocked: &[bool]) -> Vec<(usize, usize, usize)> {
        let mut memo = Memo::default();
        self.candidates(tokens)
            .into_iter()
            .filter_map(|(id, start)| {
                let failed = memo.for_pattern(id);
                self.patterns[id]
                    .match_at(tokens, blocked, start, failed)
                    .map(|end| (id, start, end))
            })
            .collect()
    }
}

/// The failure memo of the pattern being tried; candidates come sorted by pattern, so one
/// buffer serves them all and is cleared when the pattern changes.
#[derive(Default)]
struct Memo {
    pattern: Option<usize>,
    failed: Vec<bool>,
}

impl Memo {
    fn for_pattern(&mut self, id: usize) -> &mut Vec<bool> {
        if self.pattern != Some(id) {
            self.pattern = Some(id);
            self.failed.clear();
        }
        &mut self.failed
    }
}
