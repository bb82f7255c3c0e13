//! Safeguarding: danger signals in free text, in two tiers.
//!
//! Every free text from a young person, a parent or a witness (also photo captions and edited
//! messages) is checked against a Danish and English list of danger signals. A match is
//! **Fare** (clear danger: the help numbers and an urgent alert) or **Bekymring** (possible
//! danger: a warm check question with buttons and an ordinary alert that escalates when
//! unanswered). Recall matters more than a few false alarms; both are measured on messages the
//! list was never tuned on (`tests/data/safety-rounds.md`).
//!
//! The list lives in `data/danger-signals.txt`, a file a safeguarding adviser can edit without
//! programming; its notation is documented at the top of that file. In short:
//!
//! - `[selvmord | fare]` starts a group of signals: a category, the tier (`fare` or
//!   `bekymring`; `fare` when left out) and optionally who it applies to (`alle`, `unge`,
//!   `voksne`). `[undtagelser]` lists innocent phrases, `[stavemåder]` everyday spellings
//!   (`ikke = ik, ikk`), `[ordgrupper]` named word sets (`medicin = panodil*, pamol*`, used as
//!   `{medicin}`; `{tal}` is any number), `[kontekst]` markers that lower Fare to Bekymring.
//! - One signal per line; words must come in this order, with at most one other word between
//!   two of them; `...` allows up to six words; a line in `"quotes"` needs the words side by side.
//! - `word*` matches any ending, `*word` any beginning, `a/b/c` any of the alternatives.
//! - `!phrase` is an innocent exception: words that are part of it cannot count towards a
//!   danger signal.
//!
//! **Context lowers, never silences**: a context marker (haha, 😂, "i filmen", "for et år
//! siden") turns a Fare into a Bekymring, never into nothing, and never for overdose, acute
//! danger or sexual abuse.
//!
//! **A second opinion** ([`model`]): a small model learnt at start-up from the labelled examples
//! in `tests/data/safety-messages.tsv` adds a Bekymring where the list finds nothing but the text
//! looks like the danger examples, and raises a Bekymring to Fare where it looks like the Fare
//! examples. It never removes or lowers an answer of the list.
//!
//! The log and the alert carry the line from the file (or which examples a text resembles),
//! never the user's text.

pub mod check;
mod file;
pub mod measure;
pub mod model;
mod pattern;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

pub use file::{LineError, LineProblem, SignalFileError};
use pattern::{Combination, Meaning, PatternSet};
use words::{Word, for_each_word};

/// Points of `[tegn]` cues that make a Bekymring.
const CUE_THRESHOLD: u32 = 3;
/// Points of one category's own cues (amplifiers not counted) that make a Fare.
const CUE_DANGER_THRESHOLD: u32 = 5;
/// At most this much of a message's points may come from amplifiers.
const AMPLIFIER_CAP: u32 = 2;

/// The shipped list of danger signals.
const BUILTIN: &str = include_str!("../../../data/danger-signals.txt");
/// The labelled examples the second opinion learns from: the regression set, which every blind
/// round is merged into after it was measured.
const EXAMPLES: &str = include_str!("../../../tests/data/safety-messages.tsv");

/// The model's danger score from which a text of [`MODEL_LONG_WORDS`] words or more with no
/// signal gets a Bekymring. Chosen after round 14 by leaving each of rounds 10–14 out of the
/// training in turn (0.85 before; see `tests/data/safety-rounds.md`), measured blind on round 15.
const MODEL_CONCERN_AT: f32 = 0.6;
/// The same for shorter texts, where one word weighs more ("nu er jeg rolig igen" scores 0.67).
const MODEL_CONCERN_SHORT_AT: f32 = 0.85;
/// From this many words a text counts as long for [`MODEL_CONCERN_AT`].
const MODEL_LONG_WORDS: usize = 10;
/// The model adds a Bekymring of its own only to texts of at least this many words: in a short
/// text one common word ("besked", "skolen") weighs everything, and the short danger messages
/// ("hjælp", "han er her nu") are the list's. Costs nothing on the blind rounds.
const MODEL_MIN_WORDS: usize = 5;
/// The model's Fare score from which a Bekymring (of the list or the model) becomes a Fare.
/// Chosen like [`MODEL_CONCERN_AT`] after round 14 (0.8 until round 9, 0.5 until round 14).
const MODEL_DANGER_AT: f32 = 0.4;

/// What kind of danger a signal points to. The database and the alert store [`DangerCategory::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DangerCategory {
    /// Akut fare: danger right now (locked in, a knife, "he is here").
    Acute,
    /// Overdosis: something already taken, means and doses.
    Overdose,
    Suicide,
    SelfHarm,
    SexualAbuse,
    Violence,
    /// Spiseforstyrrelse: restricting, purging, fainting.
    EatingDisorder,
    RunningAway,
    Neglect,
    Other,
}

impl DangerCategory {
    pub const ALL: [DangerCategory; 10] = [
        DangerCategory::Acute,
        DangerCategory::Overdose,
        DangerCategory::Suicide,
        DangerCategory::SelfHarm,
        DangerCategory::SexualAbuse,
        DangerCategory::Violence,
        DangerCategory::EatingDisorder,
        DangerCategory::RunningAway,
        DangerCategory::Neglect,
        DangerCategory::Other,
    ];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            DangerCategory::Acute => "acute",
            DangerCategory::Overdose => "overdose",
            DangerCategory::Suicide => "suicide",
            DangerCategory::SelfHarm => "self_harm",
            DangerCategory::SexualAbuse => "sexual_abuse",
            DangerCategory::Violence => "violence",
            DangerCategory::EatingDisorder => "eating_disorder",
            DangerCategory::RunningAway => "running_away",
            DangerCategory::Neglect => "neglect",
            DangerCategory::Other => "other",
        }
    }

    /// The category with this [`key`](DangerCategory::key).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Danish section name used in the signal file.
    fn danish(self) -> &'static str {
        match self {
            DangerCategory::Acute => "akut fare",
            DangerCategory::Overdose => "overdosis",
            DangerCategory::Suicide => "selvmord",
            DangerCategory::SelfHarm => "selvskade",
            DangerCategory::SexualAbuse => "seksuelle overgreb",
            DangerCategory::Violence => "vold",
            DangerCategory::EatingDisorder => "spiseforstyrrelse",
            DangerCategory::RunningAway => "stikke af",
            DangerCategory::Neglect => "omsorgssvigt",
            DangerCategory::Other => "andet",
        }
    }

    /// Context (a joke, a film, the past) may lower a Fare in this category to a Bekymring.
    /// Never for what cannot wait: something taken, danger right now, sexual abuse.
    pub fn may_be_lowered(self) -> bool {
        !matches!(
            self,
            DangerCategory::Acute | DangerCategory::Overdose | DangerCategory::SexualAbuse
        )
    }
}

impl fmt::Display for DangerCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How clear the danger is. Ordered: a Fare outranks a Bekymring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// Bekymring: possible danger. A check question with buttons, an ordinary alert.
    Concern,
    /// Fare: clear danger. The help numbers at once, an urgent alert.
    Danger,
}

impl Tier {
    /// Stable key for the database and the alert's facts.
    pub fn key(self) -> &'static str {
        match self {
            Tier::Concern => "concern",
            Tier::Danger => "danger",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Tier::Concern, Tier::Danger].into_iter().find(|t| t.key() == key)
    }
}

/// Whose texts a group of signals is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// Only the young person's own texts (first-person signals).
    Youth,
    /// Only parents' and witnesses' texts (observations about the child).
    Adults,
}

/// Who wrote a text: the young person, or an adult around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Youth,
    Adult,
}

impl Audience {
    fn includes(self, writer: Writer) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Youth => writer == Writer::Youth,
            Audience::Adults => writer == Writer::Adult,
        }
    }
}

/// What the check found in a text: the tier to answer with and the signal behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub tier: Tier,
    pub category: DangerCategory,
    /// The signal line as written in the file (for the log and the alert) — never the user's
    /// text.
    pub signal: String,
    /// The context line that lowered a Fare to this Bekymring, if one did.
    pub lowered_by: Option<String>,
}

/// The model's danger score from which a text of `words` words with no signal gets a
/// Bekymring; never for texts under [`MODEL_MIN_WORDS`].
fn model_concern_at(words: usize) -> f32 {
    match words {
        w if w < MODEL_MIN_WORDS => f32::INFINITY,
        w if w < MODEL_LONG_WORDS => MODEL_CONCERN_SHORT_AT,
        _ => MODEL_CONCERN_AT,
    }
}

/// The signal of a Bekymring that only the second opinion saw: which examples the text is like,
/// and how sure the model is — never a bare score, never the text.
fn model_signal(category: DangerCategory, score: f32) -> String {
    format!(
        "[eksempler] ligner eksemplerne på {} ({:.0} %)",
        category.danish(),
        shown_percent(score)
    )
}

/// Added to the signal when the second opinion raised a Bekymring to Fare.
fn model_danger_signal(score: f32) -> String {
    format!(
        "[eksempler] ligner eksemplerne på klar fare ({:.0} %)",
        shown_percent(score)
    )
}

/// A model is never certain: 0.996 is shown as 99 %, not 100 %.
fn shown_percent(score: f32) -> f32 {
    (score * 100.0).floor().min(99.0)
}

/// A parsed, precompiled list of danger signals, innocent exceptions and context markers.
#[derive(Debug, Clone)]
pub struct DangerSignals {
    /// `[tegn]`: weighted cues that add up to a Bekymring when no line matches.
    cues: PatternSet,
    /// Per cue: its weight and its category (`None`: an amplifier for any category).
    cue_weights: Vec<(u8, Option<DangerCategory>)>,
    signals: PatternSet,
    /// The parts of `A & B` lines, and the lines themselves.
    parts: PatternSet,
    combinations: Vec<Combination>,
    exceptions: PatternSet,
    context: PatternSet,
    /// Folded spelling → canonical words ("ik" → ["ikke"], "wanna" → ["want", "to"]).
    spellings: Spellings,
    /// The second opinion, when one was attached ([`DangerSignals::with_model`]).
    model: Option<model::Model>,
}

/// Folded spelling → canonical words. FNV hashing: the keys come from the file, lookups are
/// per word of every message.
type Spellings = HashMap<String, Vec<Word>, BuildHasherDefault<Fnv>>;

#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl DangerSignals {
    /// The shipped list (`data/danger-signals.txt`), parsed once.
    pub fn builtin() -> &'static DangerSignals {
        static BUILTIN_SIGNALS: OnceLock<DangerSignals> = OnceLock::new();
        BUILTIN_SIGNALS.get_or_init(|| {
            let examples = measure::parse_set(EXAMPLES)
                .expect("the shipped tests/data/safety-messages.tsv parses (checked by a unit test)");
            DangerSignals::parse(BUILTIN)
                .expect("the shipped data/danger-signals.txt parses (checked by a unit test)")
                .with_model(model::Model::train(&measure::examples(&examples)))
        })
    }

    /// The same list with a second opinion learnt from examples.
    pub fn with_model(mut self, model: model::Model) -> DangerSignals {
        self.model = Some(model);
        self
    }

    /// Reads a signal file; reports every bad line with its line number.
    pub fn parse(source: &str) -> Result<DangerSignals, SignalFileError> {
        file::Parser::default().run(source)
    }

    /// Checks a text written by `writer`: `None` when nothing points to danger.
    ///
    /// The strongest tier wins. A Fare in a category that context may lower becomes a
    /// Bekymring when a context marker stands in the same text; a Fare that cannot be lowered
    /// (overdose, acute, sexual abuse) wins over everything.
    pub fn assess(&self, text: &str, writer: Writer) -> Option<Finding> {
        let tokens = self.tokenize(text);
        let innocent = self.innocent_words(&tokens);
        let listed = self.list_finding(&tokens, &innocent, writer);
        let Some(model) = &self.model else {
            return listed;
        };
        if listed.as_ref().is_some_and(|f| f.tier == Tier::Danger) {
            return listed;
        }
        let opinion = model.opinion(text);
        let mut found = match listed {
            Some(found) => found,
            None if opinion.danger >= model_concern_at(text.split_whitespace().count()) => Finding {
                tier: Tier::Concern,
                category: opinion.category,
                signal: model_signal(opinion.category, opinion.danger),
                lowered_by: None,
            },
            None => return None,
        };
        if opinion.fare >= MODEL_DANGER_AT {
            // Context lowers the model's Fare exactly as it lowers the list's.
            let context = self.context.find(&tokens, &innocent, true, |_| true);
            match context.first() {
                Some(&c) if found.category.may_be_lowered() && found.lowered_by.is_none() => {
                    found.lowered_by = Some(self.context.patterns[c].source.clone());
                }
                _ if found.lowered_by.is_none() => {
                    found.tier = Tier::Danger;
                    found.signal = format!("{} + {}", found.signal, model_danger_signal(opinion.fare));
                }
                _ => {}
            }
        }
        Some(found)
    }

    /// The list's answer alone: the strongest tier of the lines and cues that match.
    fn list_finding(&self, tokens: &[Word], innocent: &[bool], writer: Writer) -> Option<Finding> {
        let applies = |m: &Meaning| m.audience.includes(writer);
        // Every matching line, phrases and combinations alike, in file order.
        let mut hits: Vec<(usize, Meaning, &str)> = self
            .signals
            .find(tokens, innocent, false, |p| applies(&p.meaning))
            .into_iter()
            .map(|i| &self.signals.patterns[i])
            .map(|p| (p.line, p.meaning, p.source.as_str()))
            .collect();
        if self.combinations.iter().any(|c| applies(&c.meaning)) {
            let mut spans = vec![Vec::new(); self.parts.patterns.len()];
            for (part, start, end) in self.parts.spans(tokens, innocent) {
                spans[part].push((start, end));
            }
            hits.extend(
                self.combinations
                    .iter()
                    .filter(|c| applies(&c.meaning) && c.matches(&spans))
                    .map(|c| (c.line, c.meaning, c.source.as_str())),
            );
        }
        hits.sort_by_key(|h| h.0);
        let finding = |hit: &(usize, Meaning, &str), tier: Tier, lowered_by: Option<String>| Finding {
            tier,
            category: hit.1.category,
            signal: hit.2.to_string(),
            lowered_by,
        };
        let danger = || hits.iter().filter(|h| h.1.tier == Tier::Danger);
        if let Some(hit) = danger().find(|h| !h.1.category.may_be_lowered()) {
            return Some(finding(hit, Tier::Danger, None));
        }
        if let Some(hit) = danger().next() {
            let context = self.context.find(tokens, innocent, true, |_| true);
            return Some(match context.first() {
                Some(&c) => finding(hit, Tier::Concern, Some(self.context.patterns[c].source.clone())),
                None => finding(hit, Tier::Danger, None),
            });
        }
        // Cues may still add up to a Fare where only Bekymring lines matched.
        let cues = self.cue_finding(tokens, innocent).map(|mut found| {
            if found.tier == Tier::Danger && found.category.may_be_lowered() {
                let context = self.context.find(tokens, innocent, true, |_| true);
                if let Some(&c) = context.first() {
                    found.tier = Tier::Concern;
                    found.lowered_by = Some(self.context.patterns[c].source.clone());
                }
            }
            found
        });
        match (hits.first(), cues) {
            (_, Some(cues)) if cues.tier == Tier::Danger => Some(cues),
            (Some(hit), _) => Some(finding(hit, Tier::Concern, None)),
            (None, cues) => cues,
        }
    }

    /// No line matched: do the message's cues add up? Each cue line counts once; amplifiers
    /// (distress, secrecy) count only towards a category that has a cue of its own, and at
    /// most [`AMPLIFIER_CAP`] points. A Bekymring at [`CUE_THRESHOLD`] points, a Fare at
    /// [`CUE_DANGER_THRESHOLD`], in the category with the most points.
    fn cue_finding(&self, tokens: &[Word], innocent: &[bool]) -> Option<Finding> {
        let found = self.cues.find(tokens, innocent, false, |_| true);
        let mut amplifiers: (u32, Vec<&str>) = (0, Vec::new());
        let mut categories: Vec<(DangerCategory, u32, Vec<&str>)> = Vec::new();
        for i in found {
            let (weight, category) = self.cue_weights[i];
            let source = self.cues.patterns[i].source.as_str();
            let slot = match category {
                None => &mut amplifiers,
                Some(c) => match categories.iter().position(|e| e.0 == c) {
                    Some(p) => {
                        let entry = &mut categories[p];
                        entry.1 += u32::from(weight);
                        entry.2.push(source);
                        continue;
                    }
                    None => {
                        categories.push((c, u32::from(weight), vec![source]));
                        continue;
                    }
                },
            };
            slot.0 += u32::from(weight);
            slot.1.push(source);
        }
        let best = categories
            .into_iter()
            .reduce(|best, next| if next.1 > best.1 { next } else { best })?;
        let points = best.1 + amplifiers.0.min(AMPLIFIER_CAP);
        if points < CUE_THRESHOLD {
            return None;
        }
        let mut lines = best.2;
        lines.extend(amplifiers.1);
        // Many details of one danger together are a clear danger, even in words no line has.
        let tier = if best.1 >= CUE_DANGER_THRESHOLD {
            Tier::Danger
        } else {
            Tier::Concern
        };
        Some(Finding {
            tier,
            category: best.0,
            signal: format!("[tegn] {}", lines.join(" + ")),
            lowered_by: None,
        })
    }

    /// Number of danger signals (lines, not alternatives).
    pub fn signal_count(&self) -> usize {
        self.signals.patterns.len() + self.combinations.len()
    }

    /// Number of innocent exceptions.
    pub fn exception_count(&self) -> usize {
        self.exceptions.patterns.len()
    }

    fn tokenize(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for_each_word(text, |folded| match self.spellings.get(folded) {
            Some(canonical) => out.extend(canonical.iter().cloned()),
            None => out.push(Word::new(folded)),
        });
        out
    }

    /// Marks the words covered by an innocent exception (from its first to its last word).
    fn innocent_words(&self, tokens: &[Word]) -> Vec<bool> {
        let mut innocent = vec![false; tokens.len()];
        let none = vec![false; tokens.len()];
        for (_, start, end) in self.exceptions.spans(tokens, &none) {
            innocent[start..=end].iter_mut().for_each(|b| *b = true);
        }
        innocent
    }
}
