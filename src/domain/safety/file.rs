//! Reading `data/danger-signals.txt`: sections (`[selvmord | fare]`), signal lines, innocent
//! exceptions, everyday spellings, word groups (`{medicin}`) and context markers. Every bad
//! line is reported with its number, so an adviser can fix the file in one go.

use std::collections::HashMap;

use super::pattern::{Combination, Element, Meaning, Pattern, PatternSet, WordKind, WordPattern};
use super::words::{Word, fold_words};
use super::{Audience, DangerCategory, DangerSignals, Spellings, Tier};

/// Words allowed between two pattern words by default.
const DEFAULT_GAP: usize = 1;
/// Words allowed where a pattern says `...`.
const LONG_GAP: usize = 6;
/// Letters a wildcard stem (`selvmord*`) must have at least, so that `dø*` cannot match
/// "do", "don't", "dodgeball".
pub(super) const MIN_STEM: usize = 3;
/// The built-in word group: any number written with digits (the file may add number words).
const NUMBER_GROUP: [&str; 2] = ["tal", "number"];

/// Why a line of the signal file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    #[error("a signal before the first [category] header")]
    NoSection,
    #[error("unknown section [{0}]; known: {known}", known = known_sections())]
    UnknownSection(String),
    #[error("unknown level {0:?} in the header; use fare or bekymring")]
    UnknownTier(String),
    #[error("unknown audience {0:?} in the header; use alle, unge or voksne")]
    UnknownAudience(String),
    #[error("a header must look like [name] or [name | fare/bekymring | alle/unge/voksne]")]
    BadHeader,
    #[error("no letters or digits to match")]
    Empty,
    #[error("{0:?}: * may only stand at the start or the end of a word")]
    MisplacedWildcard(String),
    #[error("{0:?}: a word with * needs at least {MIN_STEM} letters besides the *")]
    ShortStem(String),
    #[error("{0:?}: each alternative in a/b/c must be one word")]
    SeveralWordsInAlternative(String),
    #[error("{0:?}: empty alternative in a/b/c")]
    EmptyAlternative(String),
    #[error("quotes must enclose the whole line")]
    MisplacedQuote,
    #[error("... must stand between two words, once")]
    MisplacedGap,
    #[error("a spelling line must look like `ikke = ik, ikk`")]
    BadSpelling,
    #[error("{0:?}: a spelling must be one word without *")]
    BadSpellingWord(String),
    #[error("{0:?} is already listed as a spelling of another word")]
    DuplicateSpelling(String),
    #[error("a word group line must look like `medicin = panodil*, pamol*, piller`")]
    BadGroup,
    #[error("{0:?}: each word in a word group must be one word")]
    BadGroupWord(String),
    #[error("{{{0}}} is not a word group; define it under [ordgrupper]")]
    UnknownGroup(String),
    #[error(
        "& joins parts of a danger signal; it cannot stand in an exception or a context line, or at an end"
    )]
    MisplacedAnd,
    #[error("a line under [tegn] starts with its weight, 1 to 3: `2 barberblad*`")]
    CueWeight,
}

fn known_sections() -> String {
    let mut names: Vec<String> = DangerCategory::ALL
        .iter()
        .map(|c| format!("{} / {}", c.danish(), c.key()))
        .collect();
    for special in [
        "undtagelser / exceptions",
        "stavemåder / spellings",
        "ordgrupper / word groups",
        "kontekst / context",
    ] {
        names.push(special.into());
    }
    names.join(", ")
}

/// One bad line of the signal file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem} (in {text:?})")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
    pub problem: LineProblem,
}

/// The signal file could not be read. Lists every bad line, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignalFileError {
    #[error("danger-signal file: {}", join_lines(.0))]
    BadLines(Vec<LineError>),
    #[error("danger-signal file: no danger signals in it")]
    NoSignals,
}

fn join_lines(errors: &[LineError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Signals(Meaning),
    Exceptions,
    Spellings,
    WordGroups,
    Context,
    /// `[tegn]` (amplifiers for every category) or `[tegn | selvskade]`: weighted cues.
    Cues(Option<DangerCategory>),
}

fn normal_name(name: &str) -> String {
    let name: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[selvmord]`, `[selvmord | bekymring]`, `[vold | fare | voksne]`, `[undtagelser]`.
fn section_by_header(header: &str) -> Result<Section, LineProblem> {
    let mut fields = header.split('|');
    let name = normal_name(fields.next().unwrap_or(""));
    let tier = fields.next().map(normal_name);
    let audience = fields.next().map(normal_name);
    if fields.next().is_some() {
        return Err(LineProblem::BadHeader);
    }
    let special = match name.as_str() {
        "undtagelser" | "exceptions" | "uskyldige" => Some(Section::Exceptions),
        "stavemåder" | "spellings" => Some(Section::Spellings),
        "ordgrupper" | "word groups" => Some(Section::WordGroups),
        "kontekst" | "context" => Some(Section::Context),
        _ => None,
    };
    if let Some(section) = special {
        return match tier {
            None => Ok(section),
            Some(_) => Err(LineProblem::BadHeader),
        };
    }
    let category_by_name = |name: &str| {
        DangerCategory::ALL
            .into_iter()
            .find(|c| name == c.danish() || name == c.key().replace('_', " "))
    };
    if matches!(name.as_str(), "tegn" | "cues") {
        return match (tier.as_deref(), audience) {
            (None, None) => Ok(Section::Cues(None)),
            (Some(category), None) => category_by_name(category)
                .map(|c| Section::Cues(Some(c)))
                .ok_or(LineProblem::UnknownSection(category.to_string())),
            _ => Err(LineProblem::BadHeader),
        };
    }
    let category = DangerCategory::ALL
        .into_iter()
        .find(|c| name == c.danish() || name == c.key().replace('_', " "))
        .or(match name.as_str() {
            "overgreb" | "seksuelt misbrug" => Some(DangerCategory::SexualAbuse),
            "bortløb" | "løbe hjemmefra" => Some(DangerCategory::RunningAway),
            "akut" => Some(DangerCategory::Acute),
            _ => None,
        })
        .ok_or(LineProblem::UnknownSection(name))?;
    let tier = match tier.as_deref() {
        None | Some("fare" | "danger") => Tier::Danger,
        Some("bekymring" | "concern") => Tier::Concern,
        Some(other) => return Err(LineProblem::UnknownTier(other.into())),
    };
    let audience = match audience.as_deref() {
        None | Some("alle" | "everyone" | "all") => Audience::Everyone,
        Some("unge" | "ung" | "youth") => Audience::Youth,
        Some("voksne" | "voksen" | "adults" | "adult") => Audience::Adults,
        Some(other) => return Err(LineProblem::UnknownAudience(other.into())),
    };
    Ok(Section::Signals(Meaning {
        category,
        tier,
        audience,
    }))
}

/// One alternative of an item: a written word (maybe several words, "self-harm") or a group.
enum Part {
    Words(Vec<WordPattern>),
    Group(Vec<WordPattern>),
}

#[derive(Default)]
pub(super) struct Parser {
    cues: PatternSet,
    cue_weights: Vec<(u8, Option<DangerCategory>)>,
    signals: PatternSet,
    parts: PatternSet,
    combinations: Vec<Combination>,
    exceptions: PatternSet,
    context: PatternSet,
    spellings: Spellings,
    groups: HashMap<String, Vec<WordPattern>>,
    errors: Vec<LineError>,
}

impl Parser {
    pub(super) fn run(mut self, source: &str) -> Result<DangerSignals, SignalFileError> {
        // Where a line stands: before any header, in a known section, or under a bad header
        // (already reported; its lines are skipped rather than reported again).
        #[derive(Clone, Copy, PartialEq)]
        enum Place {
            Start,
            In(Section),
            BadHeader,
        }
        let lines: Vec<(usize, &str, &str)> = source
            .lines()
            .enumerate()
            .map(|(i, raw)| {
                let content = raw.split('#').next().unwrap_or("").trim();
                (i + 1, raw, content)
            })
            .filter(|(_, _, content)| !content.is_empty())
            .collect();
        let mut place = Place::Start;
        let mut placed = Vec::with_capacity(lines.len());
        for &(line, raw, content) in &lines {
            if let Some(rest) = content.strip_prefix('[') {
                place = match rest.strip_suffix(']').map(section_by_header) {
                    Some(Ok(s)) => Place::In(s),
                    Some(Err(problem)) => {
                        self.error(line, raw, problem);
                        Place::BadHeader
                    }
                    None => {
                        self.error(line, raw, LineProblem::BadHeader);
                        Place::BadHeader
                    }
                };
                placed.push(None);
                continue;
            }
            placed.push(match place {
                Place::In(s) => Some(Some(s)),
                Place::Start => Some(None),
                Place::BadHeader => None,
            });
        }
        // Spellings apply to everything else, word groups to every pattern, wherever they
        // stand in the file: read them first, in that order.
        for wanted in [Section::Spellings, Section::WordGroups] {
            for (&(line, raw, content), section) in lines.iter().zip(&placed) {
                if *section != Some(Some(wanted)) {
                    continue;
                }
                let read = match wanted {
                    Section::Spellings => self.spelling(content),
                    _ => self.group(content),
                };
                if let Err(problem) = read {
                    self.error(line, raw, problem);
                }
            }
        }
        for (&(line, raw, content), section) in lines.iter().zip(placed) {
            let Some(section) = section else { continue };
            if matches!(section, Some(Section::Spellings | Section::WordGroups)) {
                continue;
            }
            let (exception, text) = match content.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (section == Some(Section::Exceptions), content),
            };
            if let (false, Some(Section::Cues(category))) = (exception, section) {
                if let Err(problem) = self.cue(line, content, category) {
                    self.error(line, raw, problem);
                }
                continue;
            }
            let meaning = match section {
                _ if exception => Meaning::NONE,
                Some(Section::Context) => Meaning::NONE,
                Some(Section::Signals(m)) => m,
                _ => {
                    self.error(line, raw, LineProblem::NoSection);
                    continue;
                }
            };
            let sides: Vec<&str> = text.split(" & ").collect();
            if sides.len() > 1 || text.starts_with("& ") || text.ends_with(" &") || text == "&" {
                if exception || section == Some(Section::Context) || sides.iter().any(|s| s.trim().is_empty())
                {
                    self.error(line, raw, LineProblem::MisplacedAnd);
                    continue;
                }
                let mut parts = Vec::new();
                for side in sides {
                    match self.pattern(side.trim()) {
                        Ok(elements) => {
                            parts.push(self.parts.patterns.len());
                            self.parts.push(Pattern {
                                source: side.trim().to_string(),
                                line,
                                meaning,
                                elements,
                            });
                        }
                        Err(problem) => {
                            self.error(line, raw, problem);
                            break;
                        }
                    }
                }
                self.combinations.push(Combination {
                    source: content.to_string(),
                    line,
                    meaning,
                    parts,
                });
                continue;
            }
            match self.pattern(text) {
                Ok(elements) => {
                    let pattern = Pattern {
                        source: content.to_string(),
                        line,
                        meaning,
                        elements,
                    };
                    if exception {
                        self.exceptions.push(pattern);
                    } else if section == Some(Section::Context) {
                        self.context.push(pattern);
                    } else {
                        self.signals.push(pattern);
                    }
                }
                Err(problem) => self.error(line, raw, problem),
            }
        }
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| e.line);
            return Err(SignalFileError::BadLines(self.errors));
        }
        if self.signals.patterns.is_empty() && self.combinations.is_empty() {
            return Err(SignalFileError::NoSignals);
        }
        Ok(DangerSignals {
            cues: self.cues,
            cue_weights: self.cue_weights,
            signals: self.signals,
            parts: self.parts,
            combinations: self.combinations,
            exceptions: self.exceptions,
            context: self.context,
            spellings: self.spellings,
            model: None,
        })
    }

    fn error(&mut self, line: usize, raw: &str, problem: LineProblem) {
        self.errors.push(LineError {
            line,
            text: raw.trim().to_string(),
            problem,
        });
    }

    /// `2 barberblad*/klinge*`: a cue worth 2 points towards a Bekymring in `category` (or, for
    /// amplifiers, towards whichever category already has a cue).
    fn cue(
        &mut self,
        line: usize,
        content: &str,
        category: Option<DangerCategory>,
    ) -> Result<(), LineProblem> {
        let (weight, rest) = content
            .split_once(char::is_whitespace)
            .ok_or(LineProblem::CueWeight)?;
        let weight: u8 = weight
            .parse()
            .ok()
            .filter(|w| (1..=3).contains(w))
            .ok_or(LineProblem::CueWeight)?;
        let elements = self.pattern(rest.trim())?;
        self.cues.push(Pattern {
            source: rest.trim().to_string(),
            line,
            meaning: Meaning {
                category: category.unwrap_or(DangerCategory::Other),
                tier: Tier::Concern,
                audience: Audience::Everyone,
            },
            elements,
        });
        self.cue_weights.push((weight, category));
        Ok(())
    }

    /// `ikke = ik, ikk`
    fn spelling(&mut self, content: &str) -> Result<(), LineProblem> {
        let (canonical, variants) = content.split_once('=').ok_or(LineProblem::BadSpelling)?;
        if canonical.contains('*') {
            return Err(LineProblem::BadSpellingWord(canonical.trim().into()));
        }
        let canonical = fold_words(canonical);
        if canonical.is_empty() {
            return Err(LineProblem::BadSpelling);
        }
        let canonical: Vec<Word> = canonical.iter().map(|w| Word::new(w)).collect();
        let mut any = false;
        for variant in variants.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            let folded = fold_words(variant);
            if variant.contains('*') || folded.len() != 1 {
                return Err(LineProblem::BadSpellingWord(variant.into()));
            }
            let key = folded.into_iter().next().unwrap_or_default();
            match self.spellings.get(&key) {
                Some(existing) if *existing != canonical => {
                    return Err(LineProblem::DuplicateSpelling(variant.into()));
                }
                _ => {}
            }
            self.spellings.insert(key, canonical.clone());
            any = true;
        }
        if any {
            Ok(())
        } else {
            Err(LineProblem::BadSpelling)
        }
    }

    /// `medicin = panodil*, pamol*, piller`: a name for a set of one-word alternatives.
    fn group(&mut self, content: &str) -> Result<(), LineProblem> {
        let (name, members) = content.split_once('=').ok_or(LineProblem::BadGroup)?;
        let name = normal_name(name);
        if name.is_empty() || name.contains(' ') {
            return Err(LineProblem::BadGroup);
        }
        let mut alternatives = Vec::new();
        for member in members.split(',').map(str::trim).filter(|m| !m.is_empty()) {
            let mut words = self.word(member)?;
            if words.len() != 1 {
                return Err(LineProblem::BadGroupWord(member.into()));
            }
            alternatives.append(&mut words);
        }
        if alternatives.is_empty() {
            return Err(LineProblem::BadGroup);
        }
        self.groups.entry(name).or_default().append(&mut alternatives);
        Ok(())
    }

    fn pattern(&self, text: &str) -> Result<Vec<Element>, LineProblem> {
        let (quoted, text) = match text.strip_prefix('"') {
            Some(rest) => match rest.strip_suffix('"') {
                Some(inner) => (true, inner),
                None => return Err(LineProblem::MisplacedQuote),
            },
            None => (false, text),
        };
        if text.contains('"') {
            return Err(LineProblem::MisplacedQuote);
        }
        let normal_gap = if quoted { 0 } else { DEFAULT_GAP };
        let mut elements: Vec<Element> = Vec::new();
        let mut gap = normal_gap;
        let mut after_dots = false;
        for item in text.split_whitespace() {
            if item == "..." || item == "…" {
                if quoted || elements.is_empty() || after_dots {
                    return Err(LineProblem::MisplacedGap);
                }
                gap = LONG_GAP;
                after_dots = true;
                continue;
            }
            let mut parts: Vec<Part> = Vec::new();
            for part in item.split('/') {
                if part.is_empty() {
                    return Err(LineProblem::EmptyAlternative(item.into()));
                }
                parts.push(self.part(part)?);
            }
            if let [Part::Words(words)] = parts.as_mut_slice() {
                // One written word may be several words to match: "self-harm", "wanna".
                for (i, w) in std::mem::take(words).into_iter().enumerate() {
                    elements.push(Element {
                        gap: if i == 0 { gap } else { 0 },
                        alternatives: vec![w],
                    });
                }
            } else {
                let mut alternatives = Vec::new();
                for part in parts {
                    match part {
                        Part::Words(words) if words.len() != 1 => {
                            return Err(LineProblem::SeveralWordsInAlternative(item.into()));
                        }
                        Part::Words(mut words) | Part::Group(mut words) => alternatives.append(&mut words),
                    }
                }
                elements.push(Element { gap, alternatives });
            }
            gap = normal_gap;
            after_dots = false;
        }
        if after_dots {
            return Err(LineProblem::MisplacedGap);
        }
        if elements.is_empty() {
            return Err(LineProblem::Empty);
        }
        elements[0].gap = 0;
        Ok(elements)
    }

    fn part(&self, written: &str) -> Result<Part, LineProblem> {
        let Some(name) = written.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
            return self.word(written).map(Part::Words);
        };
        let name = normal_name(name);
        let mut alternatives = self.groups.get(&name).cloned().unwrap_or_default();
        if NUMBER_GROUP.contains(&name.as_str()) {
            alternatives.push(WordPattern {
                kind: WordKind::Number,
                word: Word::new(""),
            });
        }
        if alternatives.is_empty() {
            return Err(LineProblem::UnknownGroup(name));
        }
        Ok(Part::Group(alternatives))
    }

    /// One written word (one alternative): `slå*`, `*voldtægt*`, `self-harm`, `ik`.
    fn word(&self, written: &str) -> Result<Vec<WordPattern>, LineProblem> {
        let leading = written.starts_with('*');
        let trailing = written.len() > 1 && written.ends_with('*');
        let core = written.trim_start_matches('*').trim_end_matches('*');
        if core.contains('*') || written.starts_with("**") || (written.len() > 1 && written.ends_with("**")) {
            return Err(LineProblem::MisplacedWildcard(written.into()));
        }
        let folded = fold_words(core);
        if folded.is_empty() {
            return Err(if leading || trailing {
                LineProblem::MisplacedWildcard(written.into())
            } else {
                LineProblem::Empty
            });
        }
        if leading && trailing && folded.len() > 1 {
            return Err(LineProblem::MisplacedWildcard(written.into()));
        }
        let count = folded.len();
        let mut out = Vec::new();
        for (i, w) in folded.iter().enumerate() {
            let prefix = trailing && i + 1 == count;
            let suffix = leading && i == 0;
            let kind = match (suffix, prefix) {
                (true, true) => WordKind::Infix,
                (true, false) => WordKind::Suffix,
                (false, true) => WordKind::Prefix,
                (false, false) => WordKind::Exact,
            };
            if kind == WordKind::Exact {
                match self.spellings.get(w) {
                    Some(canonical) => out.extend(canonical.iter().map(|c| WordPattern {
                        kind,
                        word: c.clone(),
                    })),
                    None => out.push(WordPattern {
                        kind,
                        word: Word::new(w),
                    }),
                }
            } else {
                let word = Word::new(w);
                if word.letters() < MIN_STEM {
                    return Err(LineProblem::ShortStem(written.into()));
                }
                out.push(WordPattern { kind, word });
            }
        }
        Ok(out)
    }
}
