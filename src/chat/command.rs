//! Parsing a command line typed in the chat: `/maal@taetkontakt_bot K-7F2Q skole Jeg …`.

/// A command name (lower case, without `/` and `@bot`) and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine<'a> {
    pub name: String,
    pub args: &'a str,
}

/// `None` when the text is not a command.
pub fn parse(text: &str) -> Option<CommandLine<'_>> {
    let text = text.trim_start();
    let rest = text.strip_prefix('/')?;
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let name = head.split('@').next().unwrap_or_default().to_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(CommandLine { name, args })
}

/// Splits off the first word of `args`: `("K-7F2Q", "skole Jeg kommer")`.
pub fn first_word(args: &str) -> (&str, &str) {
    let args = args.trim();
    match args.find(char::is_whitespace) {
        Some(i) => (&args[..i], args[i..].trim()),
        None => (args, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_split_into_name_and_arguments() {
        let cases = [
            ("/nysag Lea", Some(("nysag", "Lea"))),
            (
                "/maal@taetkontakt_bot K-7F2Q skole Jeg kommer",
                Some(("maal", "K-7F2Q skole Jeg kommer")),
            ),
            ("/SAGER", Some(("sager", ""))),
            ("  /start   abc  ", Some(("start", "abc"))),
            ("hej", None),
            ("/", None),
        ];
        for (text, expected) in cases {
            let parsed = parse(text).map(|c| (c.name.clone(), c.args.to_string()));
            assert_eq!(
                parsed,
                expected.map(|(n, a)| (n.to_string(), a.to_string())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn first_word_splits_once() {
        assert_eq!(first_word(" K-7F2Q  skole  Jeg "), ("K-7F2Q", "skole  Jeg"));
        assert_eq!(first_word("K-7F2Q"), ("K-7F2Q", ""));
        assert_eq!(first_word(""), ("", ""));
    }
}
