//! User-facing text. Every sentence lives in `messages/<lang>.ftl` (Fluent); code only names keys.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::{Arc, OnceLock};

/// "Leas", "Mads'" (Danish) or "Lea's" (English): the owner of something, for texts that
/// speak to adults about the child ("Leas mål").
pub fn possessive(lang: Lang, name: &str) -> String {
    let name = name.trim();
    match lang {
        Lang::Da if name.ends_with(['s', 'x', 'z', 'S', 'X', 'Z']) => format!("{name}'"),
        Lang::Da => format!("{name}s"),
        Lang::En if name.ends_with(['s', 'S']) => format!("{name}'"),
        Lang::En => format!("{name}'s"),
    }
}

/// A language the service speaks. Danish is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Da,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_lowercase().as_str() {
            "da" | "da-dk" => Some(Lang::Da),
            "en" | "en-gb" | "en-us" => Some(Lang::En),
            _ => None,
        }
    }

    /// The Fluent sources shipped in the binary (one file per area), so the binary runs from
    /// any working directory.
    pub fn sources(self) -> &'static [&'static str] {
        match self {
            Lang::Da => &[
                include_str!("../messages/da.ftl"),
                include_str!("../messages/meetings.da.ftl"),
                include_str!("../messages/report.da.ftl"),
                include_str!("../messages/lifecycle.da.ftl"),
                include_str!("../messages/staff.da.ftl"),
                include_str!("../messages/desk.da.ftl"),
            ],
            Lang::En => &[
                include_str!("../messages/en.ftl"),
                include_str!("../messages/meetings.en.ftl"),
                include_str!("../messages/report.en.ftl"),
                include_str!("../messages/lifecycle.en.ftl"),
                include_str!("../messages/staff.en.ftl"),
                include_str!("../messages/desk.en.ftl"),
            ],
        }
    }
}

/// The message catalogues, loaded once.
pub struct Texts {
    da: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// Arguments for a message: `Args::new().with("code", "K-7F2Q")`.
#[derive(Default)]
pub struct Args<'a>(FluentArgs<'a>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Args(FluentArgs::new())
    }

    pub fn with(mut self, name: &'a str, value: impl Into<FluentValue<'a>>) -> Self {
        self.0.set(name, value);
        self
    }
}

impl Texts {
    /// The shared catalogue. The shipped files are checked by tests, so a parse failure here
    /// is a build defect, reported loudly once.
    pub fn get() -> Arc<Texts> {
        static TEXTS: OnceLock<Arc<Texts>> = OnceLock::new();
        TEXTS
            .get_or_init(|| {
                Arc::new(Texts {
                    da: bundle(Lang::Da),
                    en: bundle(Lang::En),
                })
            })
            .clone()
    }

    /// A message without arguments.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.render(lang, key, None)
    }

    /// A message with arguments.
    pub fn ta(&self, lang: Lang, key: &str, args: Args<'_>) -> String {
        self.render(lang, key, Some(&args.0))
    }

    fn render(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(key, lang = lang.code(), "message key missing from catalogue");
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::error!(key, lang = lang.code(), ?errors, "message formatting failed");
        }
        text.into_owned()
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let langid = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Telegram shows Unicode isolation marks as stray characters; our texts are all LTR.
    bundle.set_use_isolating(false);
    for source in lang.sources() {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, errors)| {
            tracing::error!(lang = lang.code(), ?errors, "errors in message catalogue");
            res
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(lang = lang.code(), ?errors, "duplicate message keys");
        }
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every message key with the set of variables it uses.
    fn keys_and_variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source).expect("catalogue parses");
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_pattern(pattern, &mut vars);
                }
                for attribute in &message.attributes {
                    collect_pattern(&attribute.value, &mut vars);
                }
                out.insert(message.id.name.to_string(), vars);
            }
        }
        out
    }

    fn collect_pattern(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_expression(expression, vars);
            }
        }
    }

    fn collect_expression(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                collect_inline(selector, vars);
                for variant in variants {
                    collect_pattern(&variant.value, vars);
                }
            }
            ast::Expression::Inline(inline) => collect_inline(inline, vars),
        }
    }

    fn collect_inline(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => collect_expression(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for arg in &arguments.positional {
                    collect_inline(arg, vars);
                }
            }
            _ => {}
        }
    }

    /// The string literals of Rust source outside comments and before its `#[cfg(test)]`.
    fn string_literals(source: &str) -> Vec<String> {
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        let chars: Vec<char> = source.chars().collect();
        let (mut out, mut i) = (Vec::new(), 0);
        while i < chars.len() {
            match chars[i] {
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                // A char literal such as '"' or '\''.
                '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
                '\'' if chars.get(i + 1) == Some(&'\\') => i += 4,
                'r' if matches!(chars.get(i + 1), Some('#') | Some('"'))
                    && !chars[i.saturating_sub(1)].is_alphanumeric() =>
                {
                    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
                    if chars.get(i + 1 + hashes) != Some(&'"') {
                        i += 1;
                        continue;
                    }
                    let start = i + 2 + hashes;
                    let close: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let rest: String = chars[start..].iter().collect();
                    let end = rest.find(&close).unwrap_or(rest.len());
                    out.push(rest[..end].to_string());
                    i = start + rest[..end].chars().count() + close.chars().count();
                }
                '"' => {
                    let mut literal = String::new();
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        if chars[i] == '\\' {
                            i += 1;
                        }
                        literal.extend(chars.get(i));
                        i += 1;
                    }
                    out.push(literal);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// A literal shaped like a message key: lower-case words joined by hyphens.
    fn looks_like_key(literal: &str) -> bool {
        literal.contains('-')
            && literal.starts_with(|c: char| c.is_ascii_lowercase())
            && !literal.ends_with('-')
            && !literal.contains("--")
            && literal
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    /// A key used in code but missing from a catalogue shows the raw key to the user. So every
    /// literal in `src/` shaped like a key must be a key of every language, unless it is one of
    /// the few other hyphenated identifiers named here.
    #[test]
    fn every_key_literal_in_the_code_exists_in_every_catalogue() {
        const NOT_KEYS: &[&str] = &[
            // Scale, rhythm and team identifiers stored in the database.
            "aarhus-0-4",
            "every-other-week",
            "no-team",
            "not-enough",
            "self-harm",
            // Public holidays (domain::calendar).
            "anden-juledag",
            "anden-paaskedag",
            "anden-pinsedag",
            "kristi-himmelfartsdag",
            "store-bededag",
            // Language tags, Telegram HTML tags, an HTTP header.
            "da-dk",
            "en-gb",
            "en-us",
            "tg-emoji",
            "tg-spoiler",
            "x-telegram-bot-api-secret-token",
            // HTTP header values of the web desk.
            "no-referrer",
            "no-store",
        ];
        let catalogues: Vec<BTreeSet<String>> = Lang::ALL
            .iter()
            .map(|lang| {
                keys_and_variables(&lang.sources().join("\n"))
                    .into_keys()
                    .collect()
            })
            .collect();
        let mut files = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let (mut missing, mut checked) = (BTreeSet::new(), 0);
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for literal in string_literals(&source) {
                if !looks_like_key(&literal) || NOT_KEYS.contains(&literal.as_str()) {
                    continue;
                }
                checked += 1;
                for (lang, keys) in Lang::ALL.iter().zip(&catalogues) {
                    if !keys.contains(&literal) {
                        missing.insert(format!("{literal} ({}, {})", lang.code(), path.display()));
                    }
                }
            }
        }
        assert!(
            checked > 500,
            "only {checked} key literals found: is the scan broken?"
        );
        assert!(
            missing.is_empty(),
            "keys used in code but missing from a catalogue: {missing:#?}"
        );
    }

    #[test]
    fn danish_and_english_have_the_same_keys_and_variables() {
        let da = keys_and_variables(&Lang::Da.sources().join("\n"));
        let en = keys_and_variables(&Lang::En.sources().join("\n"));
        let da_keys: BTreeSet<_> = da.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        assert_eq!(
            da_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "keys present in only one language"
        );
        for (key, vars) in &da {
            assert_eq!(Some(vars), en.get(key), "variables differ for {key}");
        }
    }

    #[test]
    fn catalogues_parse_without_errors() {
        for lang in Lang::ALL {
            for source in lang.sources() {
                assert!(
                    FluentResource::try_new(source.to_string()).is_ok(),
                    "{lang:?} catalogue has syntax errors"
                );
            }
        }
    }

    /// Who reads a Danish entry: the young person (13–19) or an adult (parent, witness, staff).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Audience {
        Youth,
        Adult,
    }

    impl Audience {
        /// The highest LIX we accept (issue #15): easy reading for young people, plain for adults.
        fn limit(self) -> f64 {
            match self {
                Audience::Youth => 25.0,
                Audience::Adult => 35.0,
            }
        }
    }

    /// The entries a young person may receive (a trailing `*` is a prefix). Texts sent to every
    /// participant count as youth texts: the strictest reader decides. Everything else in
    /// `da.ftl` and `meetings.da.ftl`, and all of `report`, `staff` and the rest of `lifecycle`,
    /// is read by adults (parents, witnesses, caseworkers, team leaders, the operator).
    const YOUTH_KEYS: &[&str] = &[
        // da.ftl: shared answers, invitations, consent, check-ins, the participant's commands.
        "help-numbers",
        "group-not-supported",
        "only-text",
        "caption-only-text",
        "text-too-long",
        "cancelled",
        "unknown-command",
        "button-expired",
        "try-again",
        "stranger",
        "help-stranger",
        "invite-invalid",
        "invite-expired",
        "invite-used",
        "consent-youth",
        "consent-yes",
        "consent-no",
        "consent-declined",
        "participant-removed-notice",
        "invite-revoked",
        "safety-reply-stranger",
        "welcome-youth",
        "help-participant",
        "checkin-intro-youth",
        "scale-*",
        "answer-*",
        "checkin-closed",
        "checkin-done",
        "checkin-write",
        "ask-comment",
        "checkin-reminder",
        "checkin-meeting-*",
        "message-received*",
        "flood-received",
        "participant-stopped",
        "welcome-back",
        "mine-title",
        "mine-goal*",
        "mine-no-goals",
        "pause-*",
        "stop-confirmed",
        "ring-confirmed",
        "report-only-network",
        "safety-reply",
        "safety-check-question",
        "safety-check-yes",
        "safety-check-talk",
        "safety-check-okay",
        "safety-check-you-chose",
        "safety-check-reply-*",
        "safety-check-answered",
        "chart-own-caption",
        "chart-better-up",
        "menu-start",
        "menu-hjaelp",
        "menu-mine",
        "menu-pause",
        "menu-ring",
        "menu-stop",
        // meetings.da.ftl: the agenda, wishes and the rating go to the young person too.
        "meeting-agenda",
        "meeting-main-question",
        "meeting-agenda-ask-*",
        "meeting-agenda-reminder",
        "meeting-agenda-caseworker",
        "meeting-wish*",
        "meeting-moved-notice",
        "meeting-cancelled-notice",
        "meeting-rating-*",
        "meeting-when",
        // lifecycle.da.ftl: the goodbye and the answer after the case is closed.
        "goodbye-youth",
        "contact-ended-youth",
        "contact-ended-short",
    ];

    fn audience(key: &str) -> Audience {
        let youth = YOUTH_KEYS.iter().any(|k| match k.strip_suffix('*') {
            Some(prefix) => key.starts_with(prefix),
            None => key == *k,
        });
        if youth { Audience::Youth } else { Audience::Adult }
    }

    /// Entries above their audience's limit, each with the reason it cannot be simpler.
    const LIX_ALLOWED: &[(&str, &str)] = &[(
        "demo-operator",
        "quotes the operator's command line (taetkontakt invite-staff --name), which is typed as it is",
    )];

    /// The readable words of a pattern: its text, string literals and each selector's default
    /// variant; variables are left out (a name or a number is not a word the reader must decode).
    fn plain_text(pattern: &ast::Pattern<&str>, out: &mut String) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push_str(value),
                ast::PatternElement::Placeable { expression } => match expression {
                    ast::Expression::Select { variants, .. } => {
                        if let Some(v) = variants.iter().find(|v| v.default) {
                            plain_text(&v.value, out);
                        }
                    }
                    ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
                        out.push_str(value)
                    }
                    ast::Expression::Inline(_) => {}
                },
            }
        }
    }

    /// Words, sentences and long words (more than 6 letters) of a text, after removing markup:
    /// HTML tags and `<placeholders>`, commands (`/hjaelp`), `strftime` codes and numbers.
    fn lix_counts(text: &str) -> (usize, usize, usize) {
        let mut cleaned = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    cleaned.push(' ');
                }
                _ if !in_tag => cleaned.push(c),
                _ => {}
            }
        }
        let (mut words, mut long, mut sentences) = (0, 0, 0);
        for line in cleaned.lines().filter(|l| l.chars().any(char::is_alphabetic)) {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            for (i, token) in tokens.iter().enumerate() {
                let markup = token.starts_with('/') || token.starts_with('%') || token.contains('=');
                // A hyphen splits a word for the eye ("tjek-ind"), as in the usual LIX counters.
                for part in token.split('-').filter(|_| !markup) {
                    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
                    if letters > 0 {
                        words += 1;
                        long += usize::from(letters > 6);
                    }
                }
                let ends = token.ends_with(['.', '!', '?', ':']) || token.ends_with(".)");
                if ends && i + 1 < tokens.len() {
                    sentences += 1;
                }
            }
            // A line ends a sentence: a bullet, a heading or the last sentence of a paragraph.
            sentences += 1;
        }
        (words, sentences.max(1), long)
    }

    fn lix((words, sentences, long): (usize, usize, usize)) -> f64 {
        if words == 0 {
            return 0.0;
        }
        words as f64 / sentences as f64 + 100.0 * long as f64 / words as f64
    }

    /// LIX is noise on a button label or a column name; the aggregate per audience covers them.
    const LIX_MIN_WORDS: usize = 8;

    /// Every Danish entry: key, audience and (words, sentences, long words).
    fn danish_lix_counts() -> Vec<(String, Audience, (usize, usize, usize))> {
        let mut out = Vec::new();
        for source in Lang::Da.sources() {
            let resource = fluent_syntax::parser::parse(*source).expect("catalogue parses");
            for entry in resource.body {
                if let ast::Entry::Message(message) = entry {
                    let key = message.id.name.to_string();
                    let mut text = String::new();
                    if let Some(pattern) = &message.value {
                        plain_text(pattern, &mut text);
                    }
                    // Date and number formats for the agenda draft are not prose.
                    if key.ends_with("-format") || key.ends_with("-separator") {
                        continue;
                    }
                    let audience = audience(&key);
                    out.push((key, audience, lix_counts(&text)));
                }
            }
        }
        out
    }

    #[test]
    fn lix_counts_words_sentences_and_long_words() {
        assert_eq!(lix_counts("Tak. Din rådgiver kan se din besked."), (7, 2, 1));
        assert_eq!(
            lix_counts("Skriv /hjaelp <kode> for at se, hvad du kan."),
            (7, 1, 0)
        );
        assert_eq!(lix_counts("Tjek-ind sendt til deltagerne."), (5, 1, 1));
        assert_eq!(lix_counts("Hej!\n• Ring 112 ved fare.\n• Skriv her"), (6, 3, 0));
        assert_eq!(lix((10, 2, 3)), 35.0);
    }

    /// Issue #15: plain Danish. LIX (words per sentence + percentage of long words) at most 25
    /// for what a young person reads and 35 for adults, per entry of 8 words or more and for
    /// each audience's texts taken together.
    #[test]
    fn danish_texts_are_easy_to_read_for_their_audience() {
        let entries = danish_lix_counts();
        let mut too_hard = Vec::new();
        let mut by_audience: BTreeMap<Audience, Vec<f64>> = BTreeMap::new();
        let mut totals: BTreeMap<Audience, (usize, usize, usize)> = BTreeMap::new();
        for (key, audience, counts) in &entries {
            let total = totals.entry(*audience).or_default();
            total.0 += counts.0;
            total.1 += counts.1;
            total.2 += counts.2;
            if counts.0 < LIX_MIN_WORDS {
                continue;
            }
            let score = lix(*counts);
            by_audience.entry(*audience).or_default().push(score);
            if score > audience.limit() && !LIX_ALLOWED.iter().any(|(k, _)| k == key) {
                too_hard.push(format!("{key} ({audience:?}): LIX {score:.0}"));
            }
        }
        for (audience, mut scores) in by_audience {
            scores.sort_by(f64::total_cmp);
            let total = lix(totals[&audience]);
            println!(
                "{audience:?}: {} entries of {LIX_MIN_WORDS}+ words, LIX max {:.0}, median {:.0}, all together {total:.0}",
                scores.len(),
                scores[scores.len() - 1],
                scores[scores.len() / 2],
            );
            assert!(
                total <= audience.limit(),
                "{audience:?} texts together have LIX {total:.0}"
            );
        }
        for (key, _) in LIX_ALLOWED {
            assert!(
                entries.iter().any(|(k, _, _)| k == key),
                "allow-listed key {key} is gone"
            );
        }
        assert!(too_hard.is_empty(), "texts above their LIX limit: {too_hard:#?}");
    }

    /// Issue #15: "uge(r)", "deltager(e)", "participant(s)" read as form-speak; a count picks
    /// its word with a Fluent selector instead.
    #[test]
    fn no_text_writes_a_plural_in_parentheses() {
        for lang in Lang::ALL {
            for source in lang.sources() {
                for line in source.lines().filter(|l| !l.starts_with('#')) {
                    for ending in ["(e)", "(r)", "(er)", "(s)", "(es)"] {
                        assert!(!line.contains(ending), "{lang:?}: {line}");
                    }
                }
            }
        }
        let texts = Texts::get();
        let pause = |weeks: u8| {
            let args = Args::new().with("weeks", weeks).with("until", "x");
            texts.ta(Lang::Da, "pause-confirmed", args)
        };
        assert!(pause(1).contains("pause i en uge,"), "{}", pause(1));
        assert!(pause(3).contains("pause i 3 uger,"), "{}", pause(3));
    }

    #[test]
    fn messages_render_with_arguments() {
        let texts = Texts::get();
        let da = texts.ta(
            Lang::Da,
            "case-created",
            Args::new().with("code", "K-7F2Q").with("nickname", "Lea"),
        );
        assert!(da.contains("K-7F2Q") && da.contains("Lea"), "{da}");
        assert_eq!(texts.t(Lang::Da, "no-such-key"), "no-such-key");
    }
}
