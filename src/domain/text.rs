//! Short texts typed by people (nicknames, goal wordings, names): trimmed, length-checked,
//! and kept free of things that must never be stored, such as CPR numbers.

/// Why a piece of typed text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    /// Looks like a Danish CPR number (ddmmyy-xxxx): data minimisation forbids storing it.
    #[error("looks like a CPR number")]
    LooksLikeCpr,
}

/// Trim and validate one line of text typed by a person.
pub fn clean_line(input: &str, max_chars: usize) -> Result<String, TextError> {
    let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return Err(TextError::Empty);
    }
    if collapsed.chars().count() > max_chars {
        return Err(TextError::TooLong { max: max_chars });
    }
    if looks_like_cpr(&collapsed) {
        return Err(TextError::LooksLikeCpr);
    }
    Ok(collapsed)
}

/// `text` cut to at most `max` characters, with "…" where it was cut (a button label, a chart
/// legend).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Ten digits in a row, optionally with a dash after the sixth: the shape of a CPR number.
pub fn looks_like_cpr(text: &str) -> bool {
    let digits_only: Vec<char> = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
    digits_only
        .windows(10)
        .any(|w| w.iter().all(char::is_ascii_digit))
}

/// Free text as it may be stored and forwarded: bidi overrides and isolates, and control
/// characters other than line breaks and tabs, are removed, so a forwarded message cannot
/// fake extra lines, reorder the caseworker's text or hide what follows.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .filter(|c| match *c {
            '\n' | '\t' => true,
            '\u{200E}' | '\u{200F}' | '\u{061C}' => false,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => false,
            c => !c.is_control(),
        })
        .collect()
}

/// A participant's text as it is shown inside a message to the caseworker: every line after the
/// first starts with "┆ ", so a text cannot fake a line of the bot's own ("🔴 HASTER · Alarm …")
/// below the forward. Line breaks stay (people write lists), and nothing is removed.
pub fn quote_lines(text: &str) -> String {
    text.replace('\n', "\n┆ ")
}

/// A CPR number in free text: `ddmmyy-xxxx`, `ddmmyy xxxx` or `ddmmyyxxxx` with a real day
/// and month, standing alone (not part of a longer number). Stricter than [`looks_like_cpr`],
/// because free text also holds phone numbers, dates and amounts.
pub fn contains_cpr(text: &str) -> bool {
    redact_cpr(text).is_some()
}

/// `text` with every CPR number's digits replaced by `•`; `None` if it holds none.
pub fn redact_cpr(text: &str) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    let digit = |chars: &[char], i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let value = |chars: &[char], i: usize| {
        chars[i].to_digit(10).unwrap_or(0) * 10 + chars[i + 1].to_digit(10).unwrap_or(0)
    };
    let mut found = false;
    let mut start = 0;
    while start < chars.len() {
        let c = &chars;
        let mut end = start + 6;
        if matches!(c.get(end), Some('-' | ' ')) {
            end += 1;
        }
        let shaped = !(start > 0 && digit(c, start - 1))
            && (0..6).all(|k| digit(c, start + k))
            && (0..4).all(|k| digit(c, end + k))
            && !digit(c, end + 4);
        if shaped && (1..=31).contains(&value(c, start)) && (1..=12).contains(&value(c, start + 2)) {
            for ch in &mut chars[start..end + 4] {
                if ch.is_ascii_digit() {
                    *ch = '•';
                }
            }
            found = true;
            start = end + 4;
        } else {
            start += 1;
        }
    }
    found.then(|| chars.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lines_cannot_pass_for_the_bots_own() {
        assert_eq!(quote_lines("hej"), "hej");
        assert_eq!(
            quote_lines("hej\n🔴 HASTER · Alarm #9"),
            "hej\n┆ 🔴 HASTER · Alarm #9"
        );
    }

    #[test]
    fn bidi_and_control_characters_are_stripped_but_line_breaks_stay() {
        for (input, expected) in [
            ("hej\u{202E}dlrow", "hejdlrow"),
            ("a\u{2066}b\u{2069}c", "abc"),
            ("linje 1\nlinje 2\tx", "linje 1\nlinje 2\tx"),
            ("bip\u{7}\u{1b}[31m", "bip[31m"),
            ("\r\n", "\n"),
            ("æøå 😂", "æøå 😂"),
        ] {
            assert_eq!(strip_controls(input), expected, "{input:?}");
        }
    }

    #[test]
    fn cpr_numbers_in_free_text_are_found_and_phone_numbers_are_not() {
        for (text, expected) in [
            ("mit cpr er 010203-1234", true),
            ("0102031234", true),
            ("010203 1234 er mit nummer", true),
            ("ring på 12345678", false),
            ("tlf 20 30 40 50", false),
            ("ordrenummer 12345678901", false),
            ("321203-1234", false), // no 32nd day
            ("011303-1234", false), // no 13th month
            ("vi ses 24.12.2026", false),
            ("", false),
        ] {
            assert_eq!(contains_cpr(text), expected, "{text:?}");
        }
        assert_eq!(
            redact_cpr("cpr 010203-1234, ring 12345678").as_deref(),
            Some("cpr ••••••-••••, ring 12345678")
        );
        assert_eq!(redact_cpr("ingen"), None);
    }

    #[test]
    fn lines_are_trimmed_and_checked() {
        let cases: [(&str, usize, Result<&str, TextError>); 6] = [
            ("  Lea  ", 40, Ok("Lea")),
            ("Jeg  kommer i\nskole", 200, Ok("Jeg kommer i skole")),
            ("   ", 40, Err(TextError::Empty)),
            ("abcdef", 5, Err(TextError::TooLong { max: 5 })),
            ("Lea 010203-1234", 40, Err(TextError::LooksLikeCpr)),
            ("Lea 0102031234", 40, Err(TextError::LooksLikeCpr)),
        ];
        for (input, max, expected) in cases {
            assert_eq!(clean_line(input, max), expected.map(str::to_string), "{input:?}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not_cpr() {
        assert!(!looks_like_cpr("Jeg sover 8 timer 5 dage om ugen"));
        assert!(!looks_like_cpr("ring 70 201 201"));
    }
}
