//! Quiet hours (stille timer): the local window in which no scheduled message reaches a
//! participant, and when a message due inside it may go out.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, LocalResult, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::local_time::{gap_end, hm};
use super::parse::parse_clock;
use super::rhythm::fmt_time;

/// Quiet hours (stille timer): local times at which no scheduled message may reach a young
/// person, parent or witness. What falls due inside the window goes out when it ends. Urgent
/// alerts to staff are not subject to this.
///
/// The window is `[start, end)` on the local wall clock; `start > end` means it crosses
/// midnight (the default `21:00-08:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuietHours {
    /// No quiet hours: send whenever due.
    Off,
    /// Quiet from `start` (inclusive) to `end` (exclusive), local time.
    Window { start: NaiveTime, end: NaiveTime },
}

/// Why a `QUIET_HOURS` setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuietHoursError {
    /// The setting was empty.
    #[error("empty quiet hours setting")]
    Empty,
    /// Not `off` and not `HH:MM-HH:MM`.
    #[error("quiet hours must be 'off' or 'HH:MM-HH:MM', got {0:?}")]
    Malformed(String),
    /// One side is not a valid time of day.
    #[error("invalid time {0:?} in quiet hours")]
    InvalidTime(String),
    /// Start equals end: unclear whether that means never or always quiet.
    #[error("quiet hours start and end are equal")]
    ZeroLength,
}

impl Default for QuietHours {
    /// 21:00–08:00, as the product promises.
    fn default() -> Self {
        QuietHours::Window {
            start: hm(21, 0),
            end: hm(8, 0),
        }
    }
}

impl FromStr for QuietHours {
    type Err = QuietHoursError;

    /// Parses `off` (also `none`, `disabled`) or `HH:MM-HH:MM` (also `21-08`, `21.00 - 08.00`,
    /// with an en dash).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(QuietHoursError::Empty);
        }
        if matches!(
            s.to_ascii_lowercase().as_str(),
            "off" | "none" | "disabled" | "fra"
        ) {
            return Ok(QuietHours::Off);
        }
        let (a, b) = s
            .split_once(['-', '–'])
            .ok_or_else(|| QuietHoursError::Malformed(s.to_owned()))?;
        let parse = |t: &str| {
            let t = t.trim();
            if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(QuietHoursError::Malformed(s.to_owned()));
            }
            parse_clock(t).map_err(|()| QuietHoursError::InvalidTime(t.to_owned()))
        };
        let (start, end) = (parse(a)?, parse(b)?);
        if start == end {
            return Err(QuietHoursError::ZeroLength);
        }
        Ok(QuietHours::Window { start, end })
    }
}

impl fmt::Display for QuietHours {
    /// `off` or `HH:MM-HH:MM`; parses back with [`FromStr`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuietHours::Off => f.write_str("off"),
            QuietHours::Window { start, end } => {
                write!(f, "{}-{}", fmt_time(*start), fmt_time(*end))
            }
        }
    }
}

impl Serialize for QuietHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QuietHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl QuietHours {
    fn contains(&self, t: NaiveTime) -> bool {
        match *self {
            QuietHours::Off => false,
            QuietHours::Window { start, end } if start < end => start <= t && t < end,
            QuietHours::Window { start, end } => t >= start || t < end,
        }
    }

    /// Whether `at` falls inside the quiet window on the local wall clock of `tz`.
    pub fn is_quiet(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        self.contains(at.with_timezone(&tz).time())
    }

    /// When a message due at `at` may be sent: `at` itself outside the window, otherwise the
    /// first instant after `at` that is no longer quiet — the window's end on the local wall
    /// clock (08:00 by default), on the same day or, for a window that crosses midnight and was
    /// entered in the evening, the next day.
    ///
    /// Around DST: if the end time happens twice, the first occurrence after `at` is used; if it
    /// does not exist (inside a spring-forward gap), the first instant after the gap.
    pub fn release_time(&self, at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        let QuietHours::Window { start, end } = *self else {
            return at;
        };
        let local = at.with_timezone(&tz);
        if !self.contains(local.time()) {
            return at;
        }
        let date = local.date_naive();
        let end_date = if start > end && local.time() >= start {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        let naive_end = end_date.and_time(end);
        match tz.from_local_datetime(&naive_end) {
            LocalResult::Single(dt) => dt.with_timezone(&Utc).max(at),
            LocalResult::Ambiguous(earlier, later) => {
                let earlier = earlier.with_timezone(&Utc);
                if earlier > at {
                    earlier
                } else {
                    later.with_timezone(&Utc).max(at)
                }
            }
            LocalResult::None => gap_end(tz, naive_end).max(at),
        }
    }
}
