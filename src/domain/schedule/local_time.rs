//! Local wall-clock time and daylight saving time: the one place that maps a local time to the
//! UTC instant it stands for. Every rhythm, quiet-hours window and meeting time goes through
//! [`resolve_local`], so each local occurrence gives exactly one instant.
//!
//! # Daylight saving time
//!
//! A check-in is a promise about the *local wall clock* ("Monday at 16:00"). Twice a year the
//! wall clock misbehaves, and every rhythm here resolves that the same way, so that each local
//! occurrence gives **exactly one** UTC instant:
//!
//! * **Spring forward** (a local time that does not exist, e.g. 02:30 on the last Sunday of
//!   March): the occurrence moves forward by the length of the gap, i.e. 02:30 becomes 03:30
//!   summer time (= 01:30 UTC, the instant 02:30 would have been under winter time).
//! * **Fall back** (a local time that happens twice, e.g. 02:30 on the last Sunday of October):
//!   the occurrence fires once, at the earlier of the two instants (02:30 summer time).
//!
//! The `cron` crate's own time-zone iteration skips the first case and fires twice in the second,
//! so cron expressions are evaluated on the naive local wall clock and mapped to UTC here.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Upper bound for how far a DST transition can move the local wall clock. Used as a safety
/// margin when scanning naive local times; real transitions are 1 hour (at most 2 historically).
pub(super) const MAX_DST_SHIFT: Duration = Duration::hours(3);

/// A wall-clock time from hour and minute; midnight for an impossible one (for constants).
pub const fn hm(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    }
}

/// Maps a naive local wall-clock time to the one UTC instant it stands for (see the module docs): nonexistent times move forward by the gap, repeated times take the earlier instant.
pub fn resolve_local(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => dt.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall clock with the offset in force just before the gap: that is the
            // instant the time "would have been", i.e. the same wall clock shifted by the gap.
            let offset = offset_before(tz, naive);
            let utc = naive
                .checked_sub_signed(Duration::seconds(i64::from(offset)))
                .unwrap_or(naive);
            Utc.from_utc_datetime(&utc)
        }
    }
}

/// UTC offset (seconds) in force a day before the naive local time `naive`.
pub(super) fn offset_before(tz: Tz, naive: NaiveDateTime) -> i32 {
    let probe = naive.checked_sub_signed(Duration::days(1)).unwrap_or(naive);
    tz.offset_from_utc_datetime(&probe).fix().local_minus_utc()
}

/// UTC offset (seconds) in force a day after the naive local time `naive`.
pub(super) fn offset_after(tz: Tz, naive: NaiveDateTime) -> i32 {
    let probe = naive.checked_add_signed(Duration::days(1)).unwrap_or(naive);
    tz.offset_from_utc_datetime(&probe).fix().local_minus_utc()
}

/// The local calendar date of `at` in `tz`.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The first instant after the spring-forward gap that contains the naive local time `naive`.
pub(super) fn gap_end(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    let before = offset_before(tz, naive);
    let after = offset_after(tz, naive);
    // The transition lies between "naive read with the new offset" (still old offset there) and
    // "naive read with the old offset" (already new offset). Bisect to the second.
    let mut lo = naive
        .checked_sub_signed(Duration::seconds(i64::from(after)))
        .unwrap_or(naive)
        .and_utc();
    let mut hi = naive
        .checked_sub_signed(Duration::seconds(i64::from(before)))
        .unwrap_or(naive)
        .and_utc();
    while hi - lo > Duration::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if tz
            .offset_from_utc_datetime(&mid.naive_utc())
            .fix()
            .local_minus_utc()
            == before
        {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}
