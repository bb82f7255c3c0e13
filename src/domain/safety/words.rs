//! How a text (and a line of the signal file) becomes words: lower case, æ/ø/å and their
//! spellings folded, apostrophes dropped, digits split from letters, and every emoji a word of
//! its own. A word is kept as runs of letters so that "selvmoord" can match "selvmord".

/// Splits `text` into folded words and calls `f` for each.
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let flush = |word: &mut String, f: &mut dyn FnMut(&str)| {
        if !word.is_empty() {
            f(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if matches!(c, '\'' | '’' | '‘' | '`' | '´') || is_emoji_modifier(c) {
            continue; // "don't" → "dont", "ik'" → "ik"; skin tones and joiners carry no meaning
        }
        if is_emoji(c) {
            // 💊, 🔪, 🪢 are words: "tog 💊💊💊" says something.
            flush(&mut word, &mut f);
            let mut buf = [0u8; 4];
            f(c.encode_utf8(&mut buf));
            continue;
        }
        if !c.is_alphanumeric() {
            flush(&mut word, &mut f);
            continue;
        }
        // "20mg" → "20" "mg", "x10" → "x" "10": amounts stay comparable.
        let digit = c.is_ascii_digit();
        if let Some(last) = word.chars().last()
            && last.is_ascii_digit() != digit
        {
            flush(&mut word, &mut f);
        }
        if c.is_ascii() {
            push_folded(&mut word, c.to_ascii_lowercase());
        } else {
            for lc in c.to_lowercase() {
                push_folded(&mut word, lc);
            }
        }
    }
    flush(&mut word, &mut f);
}

/// Pictographs people use as words. Not a full Unicode emoji table: the blocks where the
/// pictographs live, which is what a chat message holds.
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF | 0x2190..=0x21FF)
}

/// Variation selectors, the zero-width joiner and skin tones: parts of an emoji, not words.
fn is_emoji_modifier(c: char) -> bool {
    matches!(u32::from(c), 0xFE00..=0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF | 0x20E3)
}

/// Appends one lower-case character: æ/ø/å and accents folded, "ae"/"oe" → "a"/"o", "aa" → "a".
fn push_folded(word: &mut String, c: char) {
    let mapped: &str = match c {
        'æ' | 'ä' | 'å' | 'á' | 'à' | 'â' | 'ã' => "a",
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ñ' => "n",
        'ç' => "c",
        'ß' => "ss",
        _ => {
            match (word.as_bytes().last(), c) {
                (Some(b'a' | b'o'), 'e') => {} // ae → a, oe → o
                (Some(b'a'), 'a') => {}        // aa → a (å)
                _ => word.push(c),
            }
            return;
        }
    };
    for m in mapped.chars() {
        if !(m == 'a' && word.ends_with('a')) {
            word.push(m);
        }
    }
}

/// The folded words of `text`.
pub(super) fn fold_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// A folded word, kept as runs of letters: "kill" = k1 i1 l2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) runs: Vec<(char, u16)>,
}

impl Word {
    pub(super) fn new(folded: &str) -> Word {
        let mut runs: Vec<(char, u16)> = Vec::new();
        for c in folded.chars() {
            match runs.last_mut() {
                Some((last, n)) if *last == c => *n = n.saturating_add(1),
                _ => runs.push((c, 1)),
            }
        }
        Word { runs }
    }

    pub(super) fn letters(&self) -> usize {
        self.runs.iter().map(|(_, n)| usize::from(*n)).sum()
    }

    pub(super) fn skeleton(&self) -> impl DoubleEndedIterator<Item = char> + '_ {
        self.runs.iter().map(|(c, _)| *c)
    }

    /// A number written with digits ("20", "500").
    pub(super) fn is_number(&self) -> bool {
        !self.runs.is_empty() && self.runs.iter().all(|(c, _)| c.is_ascii_digit())
    }
}

/// Pattern runs `pat` against text runs `tok` of the same length: same letters, and the text
/// may repeat a letter more often than the pattern ("selvmoord" ~ "selvmord"), not less.
/// Digits must match exactly: "100" is not "10".
pub(super) fn runs_match(pat: &[(char, u16)], tok: &[(char, u16)]) -> bool {
    pat.len() == tok.len()
        && pat.iter().zip(tok).all(|(p, t)| {
            p.0 == t.0
                && if p.0.is_ascii_digit() {
                    t.1 == p.1
                } else {
                    t.1 >= p.1
                }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_split_and_emoji_stand_alone() {
        let cases: &[(&str, &[&str])] = &[
            ("Jeg SKÆRER", &["jeg", "skarer"]),
            ("skaerer skarer", &["skarer", "skarer"]),
            ("don't", &["dont"]),
            ("tog 20mg", &["tog", "20", "mg"]),
            ("x10", &["x", "10"]),
            ("tog💊💊", &["tog", "💊", "💊"]),
            ("🔪️ nu", &["🔪", "nu"]),
            ("👍🏽", &["👍"]),
            ("på broen...", &["pa", "bron"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(fold_words(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn repeated_letters_match_but_digits_must_be_exact() {
        let m = |p: &str, t: &str| runs_match(&Word::new(p).runs, &Word::new(t).runs);
        assert!(m("selvmord", "selvmoord"));
        assert!(!m("cutte", "cute"));
        assert!(m("20", "20"));
        assert!(!m("10", "100"));
        assert!(Word::new("500").is_number());
        assert!(!Word::new("5x").is_number());
    }
}
