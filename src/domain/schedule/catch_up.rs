//! Catch-up after downtime: whether a check-in that fell due while the scheduler was down is
//! still sent.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What the scheduler does, on start, with a check-in that fell due while it was down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CatchUp {
    /// Still recent enough to be useful: send it now (quiet hours still apply).
    SendNow,
    /// Too old: record it as skipped by the system, not as missed by the participant, so it
    /// neither counts as silence nor reaches anyone.
    SkipBySystem,
}

/// Decides whether a check-in due at `due` is still sent at `now`: it is if it is at most
/// `grace` old (inclusive; see [`DEFAULT_CATCH_UP_GRACE`](super::DEFAULT_CATCH_UP_GRACE)). A negative grace counts as zero.
///
/// Callers are expected to ask only about `due <= now`. A `due` in the future is not missed,
/// so it is never skipped: it yields [`CatchUp::SendNow`], and the caller should simply keep it
/// scheduled.
pub fn catch_up(due: DateTime<Utc>, now: DateTime<Utc>, grace: Duration) -> CatchUp {
    let grace = grace.max(Duration::zero());
    if now.signed_duration_since(due) <= grace {
        CatchUp::SendNow
    } else {
        CatchUp::SkipBySystem
    }
}
