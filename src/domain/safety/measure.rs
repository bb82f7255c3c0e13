//! Measuring the danger check on a labelled set of messages: recall per category and tier,
//! false alarms on everyday look-alikes. Used by `cargo test` (the regression set) and by
//! `taetkontakt bench safety` (any set, e.g. a fresh blind round).
//!
//! A set is a tab-separated file with the header `label category tier role lang text`:
//! `label` is `danger` or `innocent`; `category` names what the message is about (free text,
//! e.g. `suicide`, `witness`, `lookalike`); `tier` is `fare` where only a Fare answer is
//! good enough, `bekymring` where either tier is, `none` for innocent lines; `role` is `youth`
//! or `adult`. Lines starting with `#` are comments.

use std::collections::BTreeMap;
use std::fmt;

use super::{DangerCategory, DangerSignals, Finding, Tier, Writer};

/// One labelled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub danger: bool,
    pub category: String,
    /// Only a Fare answer counts as caught for the Fare figures.
    pub needs_danger: bool,
    pub writer: Writer,
    pub text: String,
}

/// A line of a set that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct SetError {
    pub line: usize,
    pub problem: String,
}

/// Reads a labelled set.
pub fn parse_set(source: &str) -> Result<Vec<Sample>, SetError> {
    let mut samples = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line_no = n + 1;
        let bad = |problem: &str| SetError {
            line: line_no,
            problem: problem.to_string(),
        };
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("label\t") {
            continue;
        }
        let cols: Vec<&str> = line.splitn(6, '\t').collect();
        let [label, category, tier, role, lang, text] = cols.as_slice() else {
            return Err(bad(
                "expected 6 tab-separated columns: label category tier role lang text",
            ));
        };
        let danger = match *label {
            "danger" => true,
            "innocent" => false,
            other => return Err(bad(&format!("label {other:?}: use danger or innocent"))),
        };
        let needs_danger = match (*tier, danger) {
            ("fare", true) => true,
            ("bekymring", true) | ("none", false) => false,
            (other, _) => return Err(bad(&format!("tier {other:?} does not fit label {label}"))),
        };
        let writer = match *role {
            "youth" => Writer::Youth,
            "adult" => Writer::Adult,
            other => return Err(bad(&format!("role {other:?}: use youth or adult"))),
        };
        if !matches!(*lang, "da" | "en" | "mix") {
            return Err(bad(&format!("lang {lang:?}: use da or en")));
        }
        samples.push(Sample {
            danger,
            category: category.to_string(),
            needs_danger,
            writer,
            text: text.to_string(),
        });
    }
    Ok(samples)
}

/// Counts for one category of danger messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCount {
    pub messages: usize,
    /// Got a Fare or a Bekymring answer.
    pub answered: usize,
    /// Messages labelled `fare`.
    pub needs_danger: usize,
    /// Of those, answered with Fare.
    pub danger_answers: usize,
}

/// The figures of one measurement.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub categories: BTreeMap<String, CategoryCount>,
    pub innocent: usize,
    pub innocent_danger: usize,
    pub innocent_either: usize,
    /// Danger messages with no answer.
    pub misses: Vec<String>,
    /// `fare` messages answered only with Bekymring, with the signal.
    pub weak: Vec<String>,
    /// Look-alikes that got an answer, with tier and signal.
    pub false_alarms: Vec<String>,
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl Figures {
    fn total(&self) -> CategoryCount {
        self.categories
            .values()
            .fold(CategoryCount::default(), |a, c| CategoryCount {
                messages: a.messages + c.messages,
                answered: a.answered + c.answered,
                needs_danger: a.needs_danger + c.needs_danger,
                danger_answers: a.danger_answers + c.danger_answers,
            })
    }

    /// Danger messages that got either tier, in per cent.
    pub fn recall(&self) -> f64 {
        let t = self.total();
        percent(t.answered, t.messages)
    }

    /// `fare` messages that got Fare, in per cent.
    pub fn danger_recall(&self) -> f64 {
        let t = self.total();
        percent(t.danger_answers, t.needs_danger)
    }

    /// Look-alikes answered with Fare, in per cent.
    pub fn danger_false_alarms(&self) -> f64 {
        percent(self.innocent_danger, self.innocent)
    }

    /// Look-alikes answered with either tier, in per cent.
    pub fn false_alarms(&self) -> f64 {
        percent(self.innocent_either, self.innocent)
    }

    /// The danger messages in the set.
    pub fn danger_messages(&self) -> usize {
        self.total().messages
    }
}

/// The samples as examples for the second opinion ([`super::model`]). The set's categories
/// name kinds of danger, except `witness` (an adult's report, of any kind) and the look-alikes.
pub fn examples(samples: &[Sample]) -> Vec<super::model::Example<'_>> {
    samples
        .iter()
        .map(|s| super::model::Example {
            text: &s.text,
            danger: s.danger,
            fare: s.needs_danger,
            category: match s.category.as_str() {
                "overdose_ed" => Some(DangerCategory::Overdose),
                key => DangerCategory::from_key(key),
            },
        })
        .collect()
}

/// Runs every sample through `signals`.
pub fn measure(signals: &DangerSignals, samples: &[Sample]) -> Figures {
    let mut figures = Figures::default();
    for sample in samples {
        let found = signals.assess(&sample.text, sample.writer);
        let describe = |f: &Finding| {
            let lowered = f
                .lowered_by
                .as_ref()
                .map(|c| format!(", lowered by `{c}`"))
                .unwrap_or_default();
            format!("{} {} `{}`{lowered}", f.tier.key(), f.category, f.signal)
        };
        if !sample.danger {
            figures.innocent += 1;
            if let Some(f) = &found {
                figures.innocent_either += 1;
                if f.tier == Tier::Danger {
                    figures.innocent_danger += 1;
                }
                figures.false_alarms.push(format!(
                    "[{}] {}  <- {}",
                    sample.category,
                    sample.text,
                    describe(f)
                ));
            }
            continue;
        }
        let count = figures.categories.entry(sample.category.clone()).or_default();
        count.messages += 1;
        if sample.needs_danger {
            count.needs_danger += 1;
        }
        match &found {
            None => figures
                .misses
                .push(format!("[{}] {}", sample.category, sample.text)),
            Some(f) => {
                count.answered += 1;
                if sample.needs_danger {
                    if f.tier == Tier::Danger {
                        count.danger_answers += 1;
                    } else {
                        figures.weak.push(format!(
                            "[{}] {}  <- {}",
                            sample.category,
                            sample.text,
                            describe(f)
                        ));
                    }
                }
            }
        }
    }
    figures
}

impl fmt::Display for Figures {
    /// The figures as a small table, then the misses, weak answers and false alarms.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>6} {:>16} {:>16}",
            "category", "msgs", "either tier", "Fare (of fare)"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &CategoryCount| {
            writeln!(
                f,
                "{name:<16} {:>6} {:>8} {:>6.1} % {:>8} {:>6}",
                c.messages,
                format!("{}", c.answered),
                percent(c.answered, c.messages),
                format!("{}/{}", c.danger_answers, c.needs_danger),
                if c.needs_danger == 0 {
                    "–".to_string()
                } else {
                    format!("{:.0} %", percent(c.danger_answers, c.needs_danger))
                },
            )
        };
        for (name, c) in &self.categories {
            row(f, name, c)?;
        }
        row(f, "all danger", &self.total())?;
        writeln!(
            f,
            "look-alikes {}: Fare {} = {:.1} %, either tier {} = {:.1} %",
            self.innocent,
            self.innocent_danger,
            self.danger_false_alarms(),
            self.innocent_either,
            self.false_alarms()
        )?;
        for miss in &self.misses {
            writeln!(f, "  miss        {miss}")?;
        }
        for weak in &self.weak {
            writeln!(f, "  only concern {weak}")?;
        }
        for alarm in &self.false_alarms {
            writeln!(f, "  false alarm {alarm}")?;
        }
        Ok(())
    }
}
