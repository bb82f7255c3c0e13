//! `parse_mode` formatting: an approximation of Telegram's HTML, MarkdownV2 and legacy Markdown
//! parsers, giving the visible text or the reason Telegram would refuse it.

#[derive(Debug, PartialEq)]
pub(crate) enum FormatError {
    UnsupportedMode,
    Parse(String),
}

/// Visible text of `raw` under `parse_mode`, or why Telegram would refuse it.
pub(crate) fn render_formatted(raw: &str, parse_mode: Option<&str>) -> Result<String, FormatError> {
    let Some(mode) = parse_mode else {
        return Ok(raw.to_owned());
    };
    match mode.to_ascii_lowercase().as_str() {
        "" => Ok(raw.to_owned()),
        "html" => render_html(raw).map_err(FormatError::Parse),
        "markdownv2" => render_markdown_v2(raw).map_err(FormatError::Parse),
        "markdown" => render_markdown_legacy(raw).map_err(FormatError::Parse),
        _ => Err(FormatError::UnsupportedMode),
    }
}

const HTML_TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

fn render_html(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        match c {
            '<' => {
                let rest = &s[i..];
                let Some(end) = rest.find('>') else {
                    return Err(format!("Unclosed start tag at byte offset {i}"));
                };
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(expected) if expected == name => {}
                        Some(expected) => {
                            return Err(format!(
                                "Unmatched end tag at byte offset {i}, expected \"</{expected}>\", found \"</{name}>\""
                            ));
                        }
                        None => return Err(format!("Unexpected end tag at byte offset {i}")),
                    }
                } else {
                    let name = inner
                        .split(char::is_whitespace)
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !HTML_TAGS.contains(&name.as_str()) {
                        return Err(format!("Unsupported start tag \"{name}\" at byte offset {i}"));
                    }
                    open.push(name);
                }
                i += end + 1;
            }
            '&' => {
                let rest = &s[i + 1..];
                let body: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                    .take(10)
                    .collect();
                let decoded = if rest[body.len()..].starts_with(';') {
                    decode_html_entity(&body)
                } else {
                    None
                };
                match decoded {
                    Some(ch) => {
                        out.push(ch);
                        i += 1 + body.len() + 1;
                    }
                    None => {
                        // Telegram is lenient with a bare `&`; keep it literally.
                        out.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    if let Some(tag) = open.last() {
        return Err(format!("Can't find end tag corresponding to start tag \"{tag}\""));
    }
    Ok(out)
}

fn decode_html_entity(body: &str) -> Option<char> {
    match body {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let num = body.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Telegram's MarkdownV2: `*bold*`, `_italic_`, `__underline__`, `~strike~`, `||spoiler||`,
/// `` `code` ``, ```` ```pre``` ````, `[text](url)`, `>` quotes; every other
/// `_*[]()~`>#+-=|{}.!` must be escaped with `\`.
fn render_markdown_v2(s: &str) -> Result<String, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len());
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let mut toggle = |name: &'static str| -> Result<(), String> {
            match open.last() {
                Some((top, _)) if *top == name => {
                    open.pop();
                    Ok(())
                }
                _ if open.iter().any(|(n, _)| *n == name) => {
                    let (top, at) = open.last().copied().unwrap_or((name, offset));
                    Err(format!("Can't find end of {top} entity at byte offset {at}"))
                }
                _ => {
                    open.push((name, offset));
                    Ok(())
                }
            }
        };
        let mut step = 1;
        match c {
            '\\' => match next {
                Some(n) if (1..=126).contains(&(n as u32)) => {
                    out.push(n);
                    step = 2;
                }
                _ => out.push('\\'),
            },
            '`' => {
                let fence = s[offset..].starts_with("```");
                let delim_len = if fence { 3 } else { 1 };
                let mut j = i + delim_len;
                let mut content = String::new();
                let mut closed = false;
                while j < chars.len() {
                    let (off_j, cj) = chars[j];
                    if cj == '\\'
                        && let Some(&(_, n)) = chars.get(j + 1)
                    {
                        content.push(n);
                        j += 2;
                        continue;
                    }
                    if (fence && s[off_j..].starts_with("```")) || (!fence && cj == '`') {
                        closed = true;
                        break;
                    }
                    content.push(cj);
                    j += 1;
                }
                if !closed {
                    let entity = if fence { "Pre" } else { "Code" };
                    return Err(format!(
                        "Can't find end of {entity} entity at byte offset {offset}"
                    ));
                }
                if fence {
                    // The first line names the language when it is a single word.
                    if let Some((first, rest)) = content.split_once('\n')
                        && !first.is_empty()
                        && !first.contains(char::is_whitespace)
                    {
                        content = rest.to_owned();
                    }
                }
                out.push_str(&content);
                step = j + delim_len - i;
            }
            '*' => toggle("Bold")?,
            '_' if next == Some('_') => {
                toggle("Underline")?;
                step = 2;
            }
            '_' => toggle("Italic")?,
            '~' => toggle("Strikethrough")?,
            '|' if next == Some('|') => {
                toggle("Spoiler")?;
                step = 2;
            }
            '[' => {
                if open.iter().any(|(n, _)| *n == "TextUrl") {
                    return Err(
                        "Character '[' is reserved and must be escaped with the preceding '\\'".to_owned(),
                    );
                }
                open.push(("TextUrl", offset));
            }
            ']' => {
                if open.last().map(|(n, _)| *n) != Some("TextUrl") || next != Some('(') {
                    return Err(
                        "Character ']' is reserved and must be escaped with the preceding '\\'".to_owned(),
                    );
                }
                open.pop();
                // Skip `(url)`; inside, `)` and `\` must be escaped.
                let mut j = i + 2;
                let mut closed = false;
                while j < chars.len() {
                    match chars[j].1 {
                        '\\' => j += 2,
                        ')' => {
                            closed = true;
                            break;
                        }
                        _ => j += 1,
                    }
                }
                if !closed {
                    return Err(format!("Can't find end of a URL at byte offset {offset}"));
                }
                step = j + 1 - i;
            }
            '>' if line_start => {}
            '(' | ')' | '>' | '#' | '+' | '-' | '=' | '|' | '{' | '}' | '.' | '!' => {
                return Err(format!(
                    "Character '{c}' is reserved and must be escaped with the preceding '\\'"
                ));
            }
            _ => out.push(c),
        }
        line_start = c == '\n';
        i += step;
    }
    if let Some((name, at)) = open.first() {
        return Err(format!("Can't find end of {name} entity at byte offset {at}"));
    }
    Ok(out)
}

/// Telegram's legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````,
/// `[text](url)`; `\` escapes the markup characters.
fn render_markdown_legacy(s: &str) -> Result<String, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        match c {
            '\\' if matches!(chars.get(i + 1), Some((_, '_' | '*' | '`' | '['))) => {
                if let Some(&(_, n)) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '*' | '_' | '`' => {
                let fence = c == '`' && s[offset..].starts_with("```");
                let delim = if fence { "```" } else { &s[offset..offset + 1] };
                let start = offset + delim.len();
                let Some(len) = s[start..].find(delim) else {
                    return Err(format!(
                        "Can't find end of the entity starting at byte offset {offset}"
                    ));
                };
                let inner = &s[start..start + len];
                out.push_str(inner);
                let end_byte = start + len + delim.len();
                i = chars.partition_point(|&(o, _)| o < end_byte);
            }
            '[' => {
                let Some(close) = s[offset..].find("](") else {
                    out.push('[');
                    i += 1;
                    continue;
                };
                let text_end = offset + close;
                let Some(url_len) = s[text_end + 2..].find(')') else {
                    return Err(format!(
                        "Can't find end of the entity starting at byte offset {offset}"
                    ));
                };
                out.push_str(&s[offset + 1..text_end]);
                let end_byte = text_end + 2 + url_len + 1;
                i = chars.partition_point(|&(o, _)| o < end_byte);
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html() {
        assert_eq!(
            render_html("<b>Hej</b> &lt;3 &amp; <a href=\"x\">link</a>").unwrap(),
            "Hej <3 & link"
        );
        assert_eq!(render_html("A & B").unwrap(), "A & B");
        assert_eq!(render_html("&#229;&#x42;").unwrap(), "åB");
        assert!(render_html("a < b").is_err());
        assert!(render_html("<b>x").is_err());
        assert!(render_html("<b>x</i>").is_err());
        assert!(render_html("<br>").is_err());
        assert!(render_html("x</b>").is_err());
        assert!(render_html("æøå <").is_err());
        assert_eq!(render_html("æøå &").unwrap(), "æøå &");
    }

    #[test]
    fn markdown_v2() {
        assert_eq!(
            render_markdown_v2("*fed* _kursiv_ __under__ ~streg~ ||spoiler||").unwrap(),
            "fed kursiv under streg spoiler"
        );
        assert_eq!(
            render_markdown_v2("Hej Lea\\. Klar\\?").unwrap(),
            "Hej Lea. Klar?"
        );
        assert_eq!(
            render_markdown_v2("[tryk her](https://example.com/a\\)b)").unwrap(),
            "tryk her"
        );
        assert_eq!(
            render_markdown_v2("`kode.` og ```rust\nlet x = 1;```").unwrap(),
            "kode. og let x = 1;"
        );
        assert_eq!(render_markdown_v2("> citat\n>mere").unwrap(), " citat\nmere");
        assert!(render_markdown_v2("Hej Lea.").is_err());
        assert!(render_markdown_v2("1-2").is_err());
        assert!(render_markdown_v2("*fed").is_err());
        assert!(render_markdown_v2("a > b").is_err());
        assert!(render_markdown_v2("[x]").is_err());
        assert!(render_markdown_v2("`x").is_err());
        assert_eq!(render_markdown_v2("æ\\").unwrap(), "æ\\");
    }

    #[test]
    fn markdown_legacy() {
        assert_eq!(
            render_markdown_legacy("*fed* _k_ `c` [t](http://x) 1.2-3!").unwrap(),
            "fed k c t 1.2-3!"
        );
        assert!(render_markdown_legacy("*fed").is_err());
        assert_eq!(render_markdown_legacy("snake\\_case").unwrap(), "snake_case");
    }

    #[test]
    fn formats() {
        assert_eq!(
            render_formatted("x", Some("Klingon")),
            Err(FormatError::UnsupportedMode)
        );
        assert_eq!(render_formatted("a.b", None).unwrap(), "a.b");
        assert_eq!(render_formatted("a.b", Some("")).unwrap(), "a.b");
    }
}
