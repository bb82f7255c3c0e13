//! Pacing: the bot-wide send budget ([`SendBudget`], actual sends in any one second, evenly
//! spaced, slowed after a 429) and each chat's token buckets ([`Pace`]).

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

/// How long a send counts against the bot-wide budget after Telegram answered it.
pub(super) const WINDOW: Duration = Duration::from_secs(1);
/// Telegram's limit: sends in any one second per bot. The budget never counts more.
pub(super) const TELEGRAM_PER_SEC: usize = 30;
/// After a 429 sends resume at 1/`SLOW_START_FACTOR` of the rate …
pub(super) const SLOW_START_FACTOR: f64 = 4.0;
/// … and are back at the full rate after this long.
pub(super) const SLOW_START: Duration = Duration::from_secs(3);

/// The bot-wide send budget, kept the way Telegram counts: actual sends in any one second.
///
/// A send counts from the moment it is started until [`WINDOW`] after its answer came back.
/// Telegram stamps it somewhere in between, so however late a request reaches Telegram (a busy
/// machine, a slow network), the sends Telegram sees in any one second are never more than the
/// ones counted here, which are at most `rate + 1` and never more than [`TELEGRAM_PER_SEC`]. On
/// top, sends are spaced `1/rate` apart, so
/// a backlog leaves evenly rather than in bursts (and a stall delays sends rather than bunching
/// them), and after a 429 the spacing starts
/// [`SLOW_START_FACTOR`] times wider and narrows back over [`SLOW_START`].
#[derive(Debug)]
pub(super) struct SendBudget {
    pub(super) gap: Duration,
    pub(super) cap: usize,
    pub(super) in_flight: usize,
    /// When answered sends stop counting, earliest first.
    pub(super) counted_until: VecDeque<Instant>,
    /// When the next send is due on the even grid.
    pub(super) next_slot: Option<Instant>,
    pub(super) held_until: Option<Instant>,
}

impl SendBudget {
    pub(super) fn new(per_sec: f64) -> Self {
        let per_sec = per_sec.max(0.01);
        SendBudget {
            gap: Duration::from_secs_f64(1.0 / per_sec),
            cap: (per_sec.floor() as usize + 1).min(TELEGRAM_PER_SEC),
            in_flight: 0,
            counted_until: VecDeque::new(),
            next_slot: None,
            held_until: None,
        }
    }

    /// The earliest moment (≥ `now`) a send may start; `None` while the window is full of
    /// sends still waiting for their answer.
    pub(super) fn next_start(&mut self, now: Instant) -> Option<Instant> {
        while self.counted_until.front().is_some_and(|t| *t <= now) {
            self.counted_until.pop_front();
        }
        let mut at = now;
        if let Some(held) = self.held_until {
            at = at.max(held);
        }
        if let Some(slot) = self.next_slot {
            at = at.max(slot);
        }
        let counted = self.in_flight + self.counted_until.len();
        if counted >= self.cap {
            // The (counted - cap + 1)-th oldest answered send must drop out first.
            at = at.max(*self.counted_until.get(counted - self.cap)?);
        }
        Some(at)
    }

    /// The spacing after a send due at `start`: wider just after a 429.
    pub(super) fn gap_after(&self, start: Instant) -> Duration {
        let Some(held) = self.held_until else {
            return self.gap;
        };
        let since = start.saturating_duration_since(held);
        if since >= SLOW_START {
            return self.gap;
        }
        let left = 1.0 - since.as_secs_f64() / SLOW_START.as_secs_f64();
        self.gap.mul_f64(1.0 + (SLOW_START_FACTOR - 1.0) * left)
    }

    /// A send starts at `now`. A loop that woke a little late (under half a gap) stays on the
    /// grid, so timer slack does not cost throughput; after a longer stall the grid starts
    /// again from now, so the late sends are not caught up in a burst.
    pub(super) fn start(&mut self, now: Instant) {
        self.in_flight += 1;
        let on_grid = self
            .next_slot
            .filter(|slot| now.saturating_duration_since(*slot) < self.gap / 2)
            .unwrap_or(now);
        self.next_slot = Some(on_grid + self.gap_after(on_grid));
    }

    /// The send started earlier was answered at `answered`.
    pub(super) fn finish(&mut self, answered: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let until = answered + WINDOW;
        let at = self.counted_until.partition_point(|t| *t <= until);
        self.counted_until.insert(at, until);
    }

    /// Telegram said "too many requests": nobody sends before `until`, then slowly.
    pub(super) fn hold(&mut self, until: Instant) {
        self.held_until = Some(self.held_until.map_or(until, |h| h.max(until)));
    }
}

/// A per-chat token bucket on actual times: `burst` messages at once, then `per_sec`. A message
/// is counted when its answer came back (Telegram counted it at some moment before that).
#[derive(Debug, Clone, Copy)]
pub(super) struct Bucket {
    pub(super) tokens: f64,
    pub(super) at: Instant,
}

/// Pace of a chat's buckets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pace {
    pub(super) per_sec: f64,
    pub(super) burst: f64,
}

impl Pace {
    pub(super) fn full(&self, now: Instant) -> Bucket {
        Bucket {
            tokens: self.burst,
            at: now,
        }
    }

    pub(super) fn tokens(&self, bucket: &Bucket, now: Instant) -> f64 {
        let refill = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_sec;
        (bucket.tokens + refill).min(self.burst)
    }

    /// When the chat may receive its next message (≥ `now`).
    pub(super) fn ready_at(&self, bucket: &Bucket, now: Instant) -> Instant {
        let tokens = self.tokens(bucket, now);
        if tokens >= 1.0 - 1e-9 {
            now
        } else {
            now + Duration::from_secs_f64((1.0 - tokens) / self.per_sec)
        }
    }

    pub(super) fn take(&self, bucket: &mut Bucket, answered: Instant) {
        let at = answered.max(bucket.at);
        bucket.tokens = self.tokens(bucket, at) - 1.0;
        bucket.at = at;
    }

    /// The bucket is full again: the chat's state can be forgotten.
    pub(super) fn is_full(&self, bucket: &Bucket, now: Instant) -> bool {
        self.tokens(bucket, now) >= self.burst - 1e-9
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn sends_are_spaced_evenly_at_the_rate() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        assert_eq!(budget.next_start(t0), Some(t0));
        budget.start(t0);
        let next = budget.next_start(t0).unwrap();
        assert_eq!(next - t0, Duration::from_secs_f64(1.0 / 28.0));
    }

    #[test]
    fn a_send_counts_until_a_second_after_its_answer_and_in_flight_ones_count_too() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        assert_eq!(budget.cap, 29);
        let mut t = t0;
        for _ in 0..29 {
            t = budget.next_start(t).unwrap();
            budget.start(t);
        }
        // 29 in flight: nothing may start until one is answered, however long that takes.
        assert_eq!(budget.next_start(t + Duration::from_secs(5)), None);
        // The first is answered very late; it still counts for a second after that.
        let answered = t0 + Duration::from_secs(5);
        budget.finish(answered);
        assert_eq!(budget.next_start(answered), Some(answered + WINDOW));
        assert_eq!(budget.next_start(answered + WINDOW), Some(answered + WINDOW));
    }

    #[test]
    fn the_default_rate_counts_at_most_telegrams_thirty() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(crate::telegram::dispatcher::DEFAULT_SEND_RATE_PER_SEC);
        assert_eq!(budget.cap, TELEGRAM_PER_SEC);
        assert_eq!(SendBudget::new(29.9).cap, TELEGRAM_PER_SEC);
        // Answers take 20 ms: the 31st send waits until the first answered one stops counting.
        let mut t = t0;
        for _ in 0..30 {
            t = budget.next_start(t).unwrap();
            budget.start(t);
            budget.finish(t + 20 * MS);
        }
        let first_counted_until = t0 + 20 * MS + WINDOW;
        assert_eq!(
            budget.next_start(t),
            Some(first_counted_until.max(t + budget.gap))
        );
        assert!(budget.next_start(t).unwrap() - t0 >= WINDOW);
    }

    #[test]
    fn a_loop_that_wakes_a_little_late_stays_on_the_grid() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        let slot = budget.next_start(t0).unwrap();
        budget.start(slot + 2 * MS);
        assert_eq!(budget.next_start(slot + 2 * MS), Some(slot + budget.gap));
    }

    #[test]
    fn a_stall_delays_sends_but_never_bunches_them() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        budget.finish(t0 + MS);
        // The loop wakes 400 ms late: the next send goes now, the one after a gap later.
        let late = t0 + Duration::from_millis(400);
        assert_eq!(budget.next_start(late), Some(late));
        budget.start(late);
        assert!(budget.next_start(late).unwrap() >= late + Duration::from_millis(35));
    }

    #[test]
    fn after_a_429_sends_wait_then_resume_slowly() {
        let t0 = Instant::now();
        let mut budget = SendBudget::new(28.0);
        budget.start(t0);
        budget.finish(t0 + MS);
        let until = t0 + Duration::from_secs(2);
        budget.hold(until);
        assert_eq!(budget.next_start(t0 + MS), Some(until));
        budget.start(until);
        let second = budget.next_start(until).unwrap();
        assert!(second - until > budget.gap.mul_f64(3.5), "{:?}", second - until);
        let later = until + SLOW_START;
        budget.start(later);
        assert_eq!(budget.next_start(later), Some(later + budget.gap));
    }

    #[test]
    fn a_chat_gets_a_burst_of_three_then_one_per_interval() {
        let t0 = Instant::now();
        let pace = Pace {
            per_sec: 1.0 / 1.1,
            burst: 3.0,
        };
        let mut bucket = pace.full(t0);
        for _ in 0..3 {
            assert_eq!(pace.ready_at(&bucket, t0), t0);
            pace.take(&mut bucket, t0);
        }
        let next = pace.ready_at(&bucket, t0);
        assert!((next - t0).as_secs_f64() > 1.099 && (next - t0).as_secs_f64() < 1.101);
        // Counted at the answer: a full bucket does not refill while the request is on its way.
        let mut bucket = pace.full(t0);
        let answered = t0 + Duration::from_millis(500);
        pace.take(&mut bucket, answered);
        assert!((pace.tokens(&bucket, answered) - 2.0).abs() < 1e-9);
    }
}
