//! The second opinion: a small model learnt from the labelled examples
//! (`tests/data/safety-messages.tsv`) when the service starts.
//!
//! Why: a hand-written list catches what it names. Measured blind, round after round, it
//! plateaued around 70 % of unseen danger messages, because children describe the same danger
//! in ever new words. A linear model over character n-grams and words generalises from the
//! labelled examples to wordings nobody wrote down (blind rounds 7–9: 91–97.5 % either tier
//! together with the list; see `tests/data/safety-rounds.md`). It only ever adds answers to the
//! list's, never removes one, and its answer names what it is based on ("ligner eksemplerne på
//! …"), never a bare score.
//!
//! The examples *are* the model: nothing binary is shipped, a safeguarding adviser improves it
//! by adding a labelled message to the set, and training is deterministic (fixed order, no
//! randomness), so the same set always gives the same answers.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::{DangerCategory, Fnv};

/// Feature → index. FNV: short keys, looked up for every n-gram of every message.
type FeatureMap = HashMap<String, u32, BuildHasherDefault<Fnv>>;

/// Training passes over the examples.
const EPOCHS: usize = 30;
/// AdaGrad's step size.
const STEP: f32 = 0.5;
/// L2 penalty per example and step (keeps rare n-grams from deciding alone).
const L2: f32 = 2e-4;
/// Character n-grams must occur in at least this many examples to be a feature.
const MIN_NGRAM_DF: u32 = 2;

/// One labelled example to learn from.
#[derive(Debug, Clone)]
pub struct Example<'a> {
    pub text: &'a str,
    pub danger: bool,
    /// Only a Fare answer is good enough for it.
    pub fare: bool,
    /// The kind of danger, when the example names one (witness rows are about many kinds).
    pub category: Option<DangerCategory>,
}

/// What the model thinks of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opinion {
    /// Probability-like score that the text is a danger message (0–1).
    pub danger: f32,
    /// Score that it needs a Fare answer (0–1).
    pub fare: f32,
    /// The kind of danger it looks most like.
    pub category: DangerCategory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Ngram,
    Word,
}

#[derive(Debug, Clone, Default)]
struct Linear {
    weights: Vec<f32>,
    bias: f32,
}

impl Linear {
    fn score(&self, x: &[(u32, f32)]) -> f32 {
        sigmoid(self.bias + x.iter().map(|&(j, v)| self.weights[j as usize] * v).sum::<f32>())
    }

    /// Class-balanced logistic regression by AdaGrad, in a fixed order.
    fn train(docs: &[Vec<(u32, f32)>], labels: &[bool], features: usize) -> Linear {
        let positives = labels.iter().filter(|&&l| l).count().max(1) as f32;
        let negatives = (labels.len() as f32 - positives).max(1.0);
        let total = labels.len() as f32;
        let weight_of = |l: bool| {
            if l {
                total / (2.0 * positives)
            } else {
                total / (2.0 * negatives)
            }
        };
        let mut model = Linear {
            weights: vec![0.0; features],
            bias: 0.0,
        };
        let mut g2 = vec![1e-6f32; features];
        let mut g2_bias = 1e-6f32;
        // A fixed permutation (multiplicative stride) instead of a random shuffle: the
        // examples are grouped by round and category, and order matters for SGD.
        let n = docs.len();
        let stride = (1..n)
            .rev()
            .find(|s| gcd(*s, n) == 1 && *s < n * 2 / 3)
            .unwrap_or(1);
        for epoch in 0..EPOCHS {
            for k in 0..n {
                let i = (k * stride + epoch) % n;
                let x = &docs[i];
                let y = if labels[i] { 1.0 } else { 0.0 };
                let err = (model.score(x) - y) * weight_of(labels[i]);
                for &(j, v) in x {
                    let j = j as usize;
                    let grad = err * v + L2 * model.weights[j];
                    g2[j] += grad * grad;
                    model.weights[j] -= STEP * grad / g2[j].sqrt();
                }
                g2_bias += err * err;
                model.bias -= STEP * err / g2_bias.sqrt();
            }
        }
        model
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The learnt model: vocabulary, weights and one centroid per kind of danger.
#[derive(Debug, Clone)]
pub struct Model {
    vocabulary: FeatureMap,
    idf: Vec<f32>,
    block: Vec<Block>,
    danger: Linear,
    fare: Linear,
    centroids: Vec<(DangerCategory, Vec<f32>)>,
}

/// Lower case, whitespace-separated, with æ, ø and å folded the way they are typed without a
/// Danish keyboard ("ae", "oe", "aa"), so "dø", "doe" and "do" share n-grams.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' | 'è' => out.push('e'),
            // Every digit is the same digit: "20 panodil" and "30 panodil" are the same danger,
            // "besked 14" and "besked 3" the same nothing; only the number's length remains.
            '0'..='9' => out.push('0'),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Calls `f` with every feature of a normalised text: character 2–5-grams of each word padded
/// with spaces, the words, and word pairs.
fn for_each_feature(normalised: &str, mut f: impl FnMut(&str, Block)) {
    let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    let mut padded = String::new();
    let mut bounds: Vec<usize> = Vec::new();
    for word in &words {
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        bounds.clear();
        bounds.extend(padded.char_indices().map(|(i, _)| i));
        bounds.push(padded.len());
        let chars = bounds.len() - 1;
        for n in 2..=5.min(chars) {
            for start in 0..=chars - n {
                f(&padded[bounds[start]..bounds[start + n]], Block::Ngram);
            }
        }
        f(word, Block::Word);
    }
    let mut pair = String::new();
    for w in words.windows(2) {
        pair.clear();
        pair.push_str(w[0]);
        pair.push(' ');
        pair.push_str(w[1]);
        f(&pair, Block::Word);
    }
}

impl Model {
    /// Learns from the examples. Deterministic: the same examples give the same model.
    pub fn train(examples: &[Example<'_>]) -> Model {
        // Every feature gets an id on first sight; each example becomes a list of ids.
        let mut ids: FeatureMap = FeatureMap::default();
        let mut names: Vec<(String, Block)> = Vec::new();
        let docs: Vec<Vec<u32>> = examples
            .iter()
            .map(|e| {
                let mut doc = Vec::new();
                for_each_feature(&normalise(e.text), |feature, block| {
                    let id = match ids.get(feature) {
                        Some(&id) => id,
                        None => {
                            let id = names.len() as u32;
                            ids.insert(feature.to_string(), id);
                            names.push((feature.to_string(), block));
                            id
                        }
                    };
                    doc.push(id);
                });
                doc.sort_unstable();
                doc
            })
            .collect();
        let mut df = vec![0u32; names.len()];
        for doc in &docs {
            let mut last = None;
            for &id in doc {
                if last != Some(id) {
                    df[id as usize] += 1;
                    last = Some(id);
                }
            }
        }
        // Kept features in name order, so that indices (and float sums) never depend on the
        // order of first sight.
        let mut kept: Vec<u32> = (0..names.len() as u32)
            .filter(|&id| names[id as usize].1 == Block::Word || df[id as usize] >= MIN_NGRAM_DF)
            .collect();
        kept.sort_by(|a, b| names[*a as usize].0.cmp(&names[*b as usize].0));
        let mut index = vec![u32::MAX; names.len()];
        let n = examples.len() as f32;
        let mut model = Model {
            vocabulary: FeatureMap::default(),
            idf: Vec::with_capacity(kept.len()),
            block: Vec::with_capacity(kept.len()),
            danger: Linear::default(),
            fare: Linear::default(),
            centroids: Vec::new(),
        };
        model.vocabulary.reserve(kept.len());
        for (i, &id) in kept.iter().enumerate() {
            index[id as usize] = i as u32;
            let (name, block) = &names[id as usize];
            model.vocabulary.insert(name.clone(), i as u32);
            model
                .idf
                .push(((1.0 + n) / (1.0 + df[id as usize] as f32)).ln() + 1.0);
            model.block.push(*block);
        }
        let vectors: Vec<Vec<(u32, f32)>> = docs
            .iter()
            .map(|doc| {
                let mut counts: Vec<(u32, f32)> = Vec::new();
                for &id in doc {
                    let j = index[id as usize];
                    if j == u32::MAX {
                        continue;
                    }
                    match counts.last_mut() {
                        Some(last) if last.0 == j => last.1 += 1.0,
                        _ => counts.push((j, 1.0)),
                    }
                }
                model.weigh(counts)
            })
            .collect();
        let features = model.idf.len();
        let danger: Vec<bool> = examples.iter().map(|e| e.danger).collect();
        let fare: Vec<bool> = examples.iter().map(|e| e.danger && e.fare).collect();
        model.danger = Linear::train(&vectors, &danger, features);
        model.fare = Linear::train(&vectors, &fare, features);
        for category in DangerCategory::ALL {
            let mut centroid = vec![0.0f32; features];
            let mut any = false;
            for (x, example) in vectors.iter().zip(examples) {
                if example.danger && example.category == Some(category) {
                    any = true;
                    for &(j, v) in x {
                        centroid[j as usize] += v;
                    }
                }
            }
            if any {
                let norm = centroid.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
                centroid.iter_mut().for_each(|v| *v /= norm);
                model.centroids.push((category, centroid));
            }
        }
        model
    }

    /// The features of a normalised text, weighted.
    fn vector(&self, normalised: &str) -> Vec<(u32, f32)> {
        let mut counts: Vec<(u32, f32)> = Vec::new();
        for_each_feature(normalised, |feature, _| {
            if let Some(&j) = self.vocabulary.get(feature) {
                counts.push((j, 1.0));
            }
        });
        counts.sort_unstable_by_key(|e| e.0);
        counts.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += 1.0;
            }
            same
        });
        self.weigh(counts)
    }

    /// Term counts (sorted by feature) weighted by sublinear tf × idf, each block scaled to
    /// length 1 (as two separate vectorisers would).
    fn weigh(&self, mut x: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
        for e in x.iter_mut() {
            e.1 = (1.0 + e.1.ln()) * self.idf[e.0 as usize];
        }
        for block in [Block::Ngram, Block::Word] {
            let norm = x
                .iter()
                .filter(|e| self.block[e.0 as usize] == block)
                .map(|e| e.1 * e.1)
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                x.iter_mut()
                    .filter(|e| self.block[e.0 as usize] == block)
                    .for_each(|e| e.1 /= norm);
            }
        }
        x
    }

    /// What the model thinks of `text`.
    pub fn opinion(&self, text: &str) -> Opinion {
        let x = self.vector(&normalise(text));
        let category = self
            .centroids
            .iter()
            .map(|(c, centroid)| (*c, x.iter().map(|&(j, v)| centroid[j as usize] * v).sum::<f32>()))
            .fold((DangerCategory::Other, f32::MIN), |best, next| {
                if next.1 > best.1 { next } else { best }
            })
            .0;
        Opinion {
            danger: self.danger.score(&x),
            fare: self.fare.score(&x),
            category,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_folds_danish_letters_and_case() {
        assert_eq!(normalise("Jeg VIL dø\tnu"), "jeg vil doe nu");
        assert_eq!(normalise("Æbler på Øen"), "aebler paa oeen");
        assert_eq!(normalise("tog 25 kl 13.30"), "tog 00 kl 00.00");
    }

    #[test]
    fn features_are_padded_ngrams_words_and_pairs() {
        let mut features = Vec::new();
        for_each_feature("ja nu", |f, b| features.push((f.to_string(), b)));
        let words: Vec<&str> = features
            .iter()
            .filter(|f| f.1 == Block::Word)
            .map(|f| f.0.as_str())
            .collect();
        assert_eq!(words, ["ja", "nu", "ja nu"]);
        assert!(features.contains(&(" ja ".to_string(), Block::Ngram)));
        assert!(features.contains(&("ja".to_string(), Block::Ngram)));
        assert!(!features.iter().any(|f| f.0.len() > 5 && f.1 == Block::Ngram));
    }

    #[test]
    fn a_tiny_model_learns_its_examples_and_the_same_set_gives_the_same_model() {
        let texts = [
            ("jeg vil ikke leve mere", true, Some(DangerCategory::Suicide)),
            ("vil ikke leve længere", true, Some(DangerCategory::Suicide)),
            (
                "han slår mig når han er fuld",
                true,
                Some(DangerCategory::Violence),
            ),
            ("far slår mig hver dag", true, Some(DangerCategory::Violence)),
            ("vi spiste pizza i går", false, None),
            ("skolen var fin i dag", false, None),
            ("jeg glæder mig til fodbold", false, None),
            ("mormor kommer på søndag", false, None),
        ];
        let examples: Vec<Example> = texts
            .iter()
            .map(|(text, danger, category)| Example {
                text,
                danger: *danger,
                fare: false,
                category: *category,
            })
            .collect();
        let model = Model::train(&examples);
        let danger = model.opinion("jeg vil ikke leve");
        assert!(danger.danger > 0.5, "{danger:?}");
        assert_eq!(danger.category, DangerCategory::Suicide);
        assert_eq!(model.opinion("far slår").category, DangerCategory::Violence);
        assert!(model.opinion("pizza og fodbold i dag").danger < 0.5);
        assert_eq!(Model::train(&examples).opinion("leve"), model.opinion("leve"));
    }
}
