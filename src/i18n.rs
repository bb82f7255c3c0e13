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
            ],
            Lang::En => &[
                include_str!("../messages/en.ftl"),
                include_str!("../messages/meetings.en.ftl"),
                include_str!("../messages/report.en.ftl"),
                include_str!("../messages/lifecycle.en.ftl"),
                include_str!("../messages/staff.en.ftl"),
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
