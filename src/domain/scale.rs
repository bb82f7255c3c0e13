//! Scales (skala) and scores: the shared rulers everyone answers on.
//!
//! A scale knows its range, which way is better, its colour bands and how large a change must
//! be to count as a real (reliable) change. A [`Score`] can only exist inside its scale's range.

use std::fmt;

/// Which way along a scale is "better".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// The colour band (rød / gul / grøn) a value falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Red,
    Yellow,
    Green,
}

/// The built-in scale catalogue. The database stores [`ScaleKind::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleKind {
    /// 0–10 ruler, higher is better.
    ZeroToTen,
    /// Aarhus indicator scale: 0 = no problems … 4 = complex problems; lower is better.
    Aarhus0To4,
    /// Five-level wellbeing barometer: 1 = trivsel … 5 = truet; lower is better.
    FiveStep,
}

/// A scale (skala): range, direction, colour bands and reliable change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub kind: ScaleKind,
    pub min: i32,
    pub max: i32,
    pub direction: Direction,
    /// The smallest change that counts as real for this scale.
    pub reliable_change: i32,
    /// Inclusive value ranges of the red and green bands; everything else is yellow.
    red: (i32, i32),
    green: (i32, i32),
}

/// A value that does not belong on the scale it was given for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} is outside the scale {min}–{max}")]
pub struct ScoreOutOfRange {
    pub value: i32,
    pub min: i32,
    pub max: i32,
}

/// An unknown scale key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scale {0:?}")]
pub struct UnknownScale(pub String);

impl ScaleKind {
    pub const ALL: [ScaleKind; 3] = [ScaleKind::ZeroToTen, ScaleKind::Aarhus0To4, ScaleKind::FiveStep];

    /// Stable key used in the database, in commands and in message ids.
    pub fn key(self) -> &'static str {
        match self {
            ScaleKind::ZeroToTen => "0-10",
            ScaleKind::Aarhus0To4 => "aarhus-0-4",
            ScaleKind::FiveStep => "5-trin",
        }
    }

    pub fn parse(key: &str) -> Result<Self, UnknownScale> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.key() == key.trim().to_lowercase())
            .ok_or_else(|| UnknownScale(key.to_string()))
    }

    pub fn scale(self) -> Scale {
        match self {
            ScaleKind::ZeroToTen => Scale {
                kind: self,
                min: 0,
                max: 10,
                direction: Direction::HigherIsBetter,
                reliable_change: 3,
                red: (0, 3),
                green: (7, 10),
            },
            ScaleKind::Aarhus0To4 => Scale {
                kind: self,
                min: 0,
                max: 4,
                direction: Direction::LowerIsBetter,
                reliable_change: 1,
                red: (3, 4),
                green: (0, 1),
            },
            ScaleKind::FiveStep => Scale {
                kind: self,
                min: 1,
                max: 5,
                direction: Direction::LowerIsBetter,
                reliable_change: 1,
                red: (4, 5),
                green: (1, 2),
            },
        }
    }
}

impl fmt::Display for ScaleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Scale {
    /// All values of the scale, from `min` to `max`.
    pub fn values(&self) -> impl Iterator<Item = i32> + use<> {
        self.min..=self.max
    }

    pub fn band(&self, score: Score) -> Band {
        let v = score.value();
        if (self.red.0..=self.red.1).contains(&v) {
            Band::Red
        } else if (self.green.0..=self.green.1).contains(&v) {
            Band::Green
        } else {
            Band::Yellow
        }
    }

    /// How much better `new` is than `old` on this scale (negative = worse), so rules can
    /// ignore the scale's direction.
    pub fn improvement(&self, old: f64, new: f64) -> f64 {
        match self.direction {
            Direction::HigherIsBetter => new - old,
            Direction::LowerIsBetter => old - new,
        }
    }
}

/// One answer on a scale, valid by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(i32);

impl Score {
    pub fn new(scale: &Scale, value: i32) -> Result<Self, ScoreOutOfRange> {
        if (scale.min..=scale.max).contains(&value) {
            Ok(Score(value))
        } else {
            Err(ScoreOutOfRange {
                value,
                min: scale.min,
                max: scale.max,
            })
        }
    }

    pub fn value(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_outside_the_range_are_refused() {
        let cases = [
            (ScaleKind::ZeroToTen, -1, false),
            (ScaleKind::ZeroToTen, 0, true),
            (ScaleKind::ZeroToTen, 10, true),
            (ScaleKind::ZeroToTen, 11, false),
            (ScaleKind::Aarhus0To4, 4, true),
            (ScaleKind::Aarhus0To4, 5, false),
            (ScaleKind::FiveStep, 0, false),
            (ScaleKind::FiveStep, 1, true),
            (ScaleKind::FiveStep, 5, true),
        ];
        for (kind, value, ok) in cases {
            assert_eq!(Score::new(&kind.scale(), value).is_ok(), ok, "{kind} {value}");
        }
    }

    #[test]
    fn bands_follow_the_direction_of_the_scale() {
        let cases = [
            (ScaleKind::ZeroToTen, 2, Band::Red),
            (ScaleKind::ZeroToTen, 5, Band::Yellow),
            (ScaleKind::ZeroToTen, 8, Band::Green),
            (ScaleKind::Aarhus0To4, 0, Band::Green),
            (ScaleKind::Aarhus0To4, 2, Band::Yellow),
            (ScaleKind::Aarhus0To4, 4, Band::Red),
            (ScaleKind::FiveStep, 1, Band::Green),
            (ScaleKind::FiveStep, 3, Band::Yellow),
            (ScaleKind::FiveStep, 4, Band::Red),
        ];
        for (kind, value, band) in cases {
            let scale = kind.scale();
            assert_eq!(
                scale.band(Score::new(&scale, value).unwrap()),
                band,
                "{kind} {value}"
            );
        }
    }

    #[test]
    fn improvement_is_positive_when_things_get_better() {
        assert_eq!(ScaleKind::ZeroToTen.scale().improvement(4.0, 7.0), 3.0);
        assert_eq!(ScaleKind::Aarhus0To4.scale().improvement(3.0, 1.0), 2.0);
        assert_eq!(ScaleKind::FiveStep.scale().improvement(1.0, 4.0), -3.0);
    }

    #[test]
    fn keys_round_trip() {
        for kind in ScaleKind::ALL {
            assert_eq!(ScaleKind::parse(kind.key()), Ok(kind));
        }
        assert!(ScaleKind::parse("1-100").is_err());
    }
}
