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

/// Ten digits in a row, optionally with a dash after the sixth: the shape of a CPR number.
pub fn looks_like_cpr(text: &str) -> bool {
    let digits_only: Vec<char> = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
    digits_only
        .windows(10)
        .any(|w| w.iter().all(char::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

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
