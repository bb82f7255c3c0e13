//! Floods contained where they are handled (oversvømmelse): one person writing hundreds of
//! messages must not bury the caseworker's chat, nor hold the bot's sending for everyone else.
//! Every text is still stored and still checked for danger; only the forwarding is bundled.

use chrono::{DateTime, Duration, DurationRound, Utc};

/// The window in which free texts from one person are counted.
pub const FLOOD_WINDOW_MINUTES: i64 = 10;
/// Free texts from one person passed on one by one within [`FLOOD_WINDOW_MINUTES`]; the rest
/// are bundled into one message per window.
pub const FORWARDS_PER_WINDOW: u32 = 20;
/// A stranger (someone without an invitation) gets the polite answer at most this often.
pub const STRANGER_ANSWER_HOURS: i64 = 1;

pub fn flood_window() -> Duration {
    Duration::minutes(FLOOD_WINDOW_MINUTES)
}

/// What happens to one free text, given how many texts the same person wrote in the last
/// [`FLOOD_WINDOW_MINUTES`] (this one included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forwarding {
    /// Passed on as its own message, as always.
    Single,
    /// Stored and counted in the window's bundle. `first` is true for the first bundled
    /// text of a window: the writer is told once that the rest arrive together.
    Bundled { first: bool },
}

pub fn forwarding(texts_in_window: u32) -> Forwarding {
    match texts_in_window {
        n if n <= FORWARDS_PER_WINDOW => Forwarding::Single,
        n => Forwarding::Bundled {
            first: n == FORWARDS_PER_WINDOW + 1,
        },
    }
}

/// The fixed ten minutes a bundled text belongs to; the bundle goes out when they end. Fixed
/// steps (not "ten minutes after the first") so every text of a flood finds the same bundle.
pub fn bundle_slot(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = at.duration_trunc(flood_window()).unwrap_or(at);
    (start, start + flood_window())
}

/// Whether a stranger gets the polite answer now, given when the bot last wrote to them.
pub fn answer_stranger(last_message_to_them: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_message_to_them.is_none_or(|last| now - last >= Duration::hours(STRANGER_ANSWER_HOURS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn twenty_texts_in_ten_minutes_are_forwarded_one_by_one_and_the_rest_bundled() {
        for (count, expected) in [
            (1, Forwarding::Single),
            (20, Forwarding::Single),
            (21, Forwarding::Bundled { first: true }),
            (22, Forwarding::Bundled { first: false }),
            (1000, Forwarding::Bundled { first: false }),
        ] {
            assert_eq!(forwarding(count), expected, "{count}");
        }
    }

    #[test]
    fn a_bundle_belongs_to_fixed_ten_minutes() {
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 10, 47, 13).unwrap();
        let (start, end) = bundle_slot(at);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 12, 2, 10, 40, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 12, 2, 10, 50, 0).unwrap());
        assert_eq!(bundle_slot(end).0, end, "the next slot starts where one ends");
    }

    #[test]
    fn strangers_are_answered_at_most_once_an_hour() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
        for (last, answered) in [
            (None, true),
            (Some(now - Duration::minutes(1)), false),
            (Some(now - Duration::minutes(59)), false),
            (Some(now - Duration::hours(1)), true),
            (Some(now - Duration::days(3)), true),
        ] {
            assert_eq!(answer_stranger(last, now), answered, "{last:?}");
        }
    }
}
