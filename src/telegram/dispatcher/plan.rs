//! The dispatcher's plan: the claimed messages in memory, one lane per chat in priority order,
//! and which message may go next under the budget and each chat's pace.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::pacing::{Bucket, Pace, SendBudget};
use super::{Dispatcher, FinalOutcome};
use crate::store::{OutboxRecord, Priority};
use crate::telegram::outgoing::Outgoing;

/// A claimed message waiting in its chat's lane.
#[derive(Debug)]
pub(super) struct Queued {
    pub(super) row: OutboxRecord,
    pub(super) outgoing: Arc<Outgoing>,
    pub(super) transient_failures: u32,
    /// In flight as one of the bot-wide budget's sends (every send; an edit once
    /// [`Plan::edits_counted`]).
    pub(super) in_budget: bool,
}

/// Lane order: highest priority first, then oldest first. `Priority`'s variants are declared
/// from lowest to highest, so `Reverse` sorts the highest first.
pub(super) type LaneKey = (Reverse<Priority>, i64);

/// One chat: its waiting messages and its pace. At most one request per chat is in flight, so
/// a chat's messages arrive in order.
#[derive(Debug)]
pub(super) struct Lane {
    pub(super) queue: BTreeMap<LaneKey, Queued>,
    pub(super) busy: bool,
    pub(super) sends: Bucket,
    pub(super) edits: Bucket,
    /// Not before this (a 429 or a backoff after a network error).
    pub(super) retry_at: Option<Instant>,
}

/// The priority a message is sent with: an edit is at least a reply.
pub(super) fn priority_of(row: &OutboxRecord, outgoing: &Outgoing) -> Priority {
    let stored = Priority::from_stored(row.priority);
    if outgoing.is_edit() {
        stored.max(Priority::Reply)
    } else {
        stored
    }
}

/// The loop's state: lanes, budgets and what is held in memory.
pub(super) struct Plan {
    pub(super) lanes: HashMap<i64, Lane>,
    pub(super) budget: SendBudget,
    pub(super) pace: Pace,
    /// A 429 on an edit holds all edits until then.
    pub(super) edits_held_until: Option<Instant>,
    /// Telegram answered an edit with 429, so it counts edits against the bot's limit here:
    /// from then on (until the service restarts) edits take their place in the bot-wide
    /// budget like sends, instead of learning the limit from a stream of 429s.
    pub(super) edits_counted: bool,
    /// Claimed rows in memory: queued in a lane or in flight (callback answers not counted).
    pub(super) held: usize,
    /// Callback answers the quick path did not deliver: sent outside every budget and every
    /// chat's order, each not before its time.
    pub(super) express: Vec<(Instant, Queued)>,
    /// Outcomes to record, many in one transaction (see [`Dispatcher::record_outcomes`]).
    pub(super) outcomes: Option<mpsc::UnboundedSender<FinalOutcome>>,
}

impl Plan {
    pub(super) fn add(&mut self, row: OutboxRecord, outgoing: Outgoing, now: Instant) {
        if outgoing.is_callback_answer() {
            let queued = Queued {
                row,
                outgoing: Arc::new(outgoing),
                transient_failures: 0,
                in_budget: false,
            };
            self.express.push((now, queued));
            return;
        }
        let key = (Reverse(priority_of(&row, &outgoing)), row.id);
        let pace = self.pace;
        let lane = self.lanes.entry(row.chat_id).or_insert_with(|| Lane {
            queue: BTreeMap::new(),
            busy: false,
            sends: pace.full(now),
            edits: pace.full(now),
            retry_at: None,
        });
        lane.queue.insert(
            key,
            Queued {
                row,
                outgoing: Arc::new(outgoing),
                transient_failures: 0,
                in_budget: false,
            },
        );
        self.held += 1;
    }

    /// The best message that may go now, or when to look again (`None`: wait for an answer).
    pub(super) fn pick(&mut self, now: Instant) -> Result<i64, Option<Instant>> {
        let send_at = self.budget.next_start(now);
        let edits_at = self.edits_held_until.filter(|t| *t > now);
        let mut best: Option<(LaneKey, i64)> = None;
        let mut next: Option<Instant> = None;
        for (chat, lane) in &self.lanes {
            if lane.busy {
                continue;
            }
            let Some((key, queued)) = lane.queue.first_key_value() else {
                continue;
            };
            let mut at = lane.retry_at.map_or(now, |t| t.max(now));
            if queued.outgoing.is_edit() {
                at = at.max(self.pace.ready_at(&lane.edits, now));
                if let Some(held) = edits_at {
                    at = at.max(held);
                }
                if self.edits_counted {
                    match send_at {
                        Some(t) => at = at.max(t),
                        None => continue,
                    }
                }
            } else {
                at = at.max(self.pace.ready_at(&lane.sends, now));
                match send_at {
                    Some(t) => at = at.max(t),
                    None => continue,
                }
            }
            if at <= now {
                if best.as_ref().is_none_or(|(k, _)| key < k) {
                    best = Some((*key, *chat));
                }
            } else {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        }
        best.map(|(_, chat)| chat).ok_or(next)
    }

    /// Takes the chat's best message for sending.
    pub(super) fn take(&mut self, chat: i64, now: Instant) -> Option<Queued> {
        let lane = self.lanes.get_mut(&chat)?;
        let (_, mut queued) = lane.queue.pop_first()?;
        lane.busy = true;
        queued.in_budget = !queued.outgoing.is_edit() || self.edits_counted;
        if queued.in_budget {
            self.budget.start(now);
        }
        Some(queued)
    }

    /// Bookkeeping for an answered request; the caller decides what becomes of the message.
    pub(super) fn answered(&mut self, chat: i64, edit: bool, in_budget: bool, answered: Instant) {
        if in_budget {
            self.budget.finish(answered);
        }
        if let Some(lane) = self.lanes.get_mut(&chat) {
            lane.busy = false;
            let bucket = if edit { &mut lane.edits } else { &mut lane.sends };
            self.pace.take(bucket, answered);
        }
    }

    /// Puts a message back at its place in the chat's lane, not to go before `at`.
    pub(super) fn put_back(&mut self, chat: i64, queued: Queued, at: Instant) {
        let key = (Reverse(priority_of(&queued.row, &queued.outgoing)), queued.row.id);
        if let Some(lane) = self.lanes.get_mut(&chat) {
            lane.retry_at = Some(lane.retry_at.map_or(at, |t| t.max(at)));
            lane.queue.insert(key, queued);
        }
    }

    /// Forgets what is queued for a chat; returns how many messages that was.
    pub(super) fn drop_chat(&mut self, chat: i64) -> usize {
        let dropped = self
            .lanes
            .get_mut(&chat)
            .map(|lane| std::mem::take(&mut lane.queue).len())
            .unwrap_or(0);
        self.held -= dropped;
        dropped
    }

    /// Forgets idle chats whose buckets are full again.
    pub(super) fn forget_idle(&mut self, now: Instant) {
        let pace = self.pace;
        self.lanes.retain(|_, lane| {
            lane.busy
                || !lane.queue.is_empty()
                || !(pace.is_full(&lane.sends, now) && pace.is_full(&lane.edits, now))
        });
    }

    /// Has an outcome recorded: batched by the recorder when it runs, else on its own.
    pub(super) fn record(
        &self,
        dispatcher: &Arc<Dispatcher>,
        tasks: &mut JoinSet<()>,
        row: OutboxRecord,
        result: Result<Option<i64>, String>,
    ) {
        let unsent = match &self.outcomes {
            Some(outcomes) => outcomes.send((row, result)).err().map(|e| e.0),
            None => Some((row, result)),
        };
        if let Some((row, result)) = unsent {
            let this = dispatcher.clone();
            tasks.spawn(async move { this.settle(&row, result).await });
        }
    }

    /// Callback answers that may go now; the earliest time of the rest.
    pub(super) fn take_express(&mut self, now: Instant) -> (Vec<Queued>, Option<Instant>) {
        let (ready, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.express)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.express = waiting;
        let next = self.express.iter().map(|(at, _)| *at).min();
        (ready.into_iter().map(|(_, q)| q).collect(), next)
    }

    pub(super) fn in_flight(&self) -> bool {
        self.lanes.values().any(|lane| lane.busy)
    }

    /// Everything still queued, for releasing on shutdown.
    pub(super) fn drain(&mut self) -> Vec<i64> {
        let ids: Vec<i64> = self
            .lanes
            .values_mut()
            .flat_map(|lane| std::mem::take(&mut lane.queue).into_values().map(|q| q.row.id))
            .collect();
        self.held -= ids.len();
        let mut ids = ids;
        ids.extend(self.express.drain(..).map(|(_, q)| q.row.id));
        ids
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn row(id: i64, chat: i64, priority: Priority) -> OutboxRecord {
        OutboxRecord {
            id,
            chat_id: chat,
            participant_id: None,
            payload: String::new(),
            attempts: 0,
            priority: priority as i64,
        }
    }

    fn text() -> Outgoing {
        Outgoing::Text {
            text: "x".into(),
            buttons: Vec::new(),
        }
    }

    fn edit() -> Outgoing {
        Outgoing::Edit {
            message_id: 1,
            text: "x".into(),
            buttons: Vec::new(),
        }
    }

    fn plan(per_sec: f64) -> Plan {
        Plan {
            lanes: HashMap::new(),
            budget: SendBudget::new(per_sec),
            pace: Pace {
                per_sec: 1.0 / 1.1,
                burst: 3.0,
            },
            edits_held_until: None,
            edits_counted: false,
            held: 0,
            express: Vec::new(),
            outcomes: None,
        }
    }

    #[test]
    fn urgent_goes_first_then_replies_then_normal_then_bulk_across_and_within_chats() {
        let t0 = Instant::now();
        let mut plan = plan(1000.0);
        plan.add(row(1, 10, Priority::Bulk), text(), t0);
        plan.add(row(2, 11, Priority::Normal), text(), t0);
        plan.add(row(3, 12, Priority::Reply), text(), t0);
        plan.add(row(4, 13, Priority::Urgent), text(), t0);
        plan.add(row(5, 10, Priority::Normal), edit(), t0);
        plan.add(row(6, 10, Priority::Urgent), text(), t0);
        let mut order = Vec::new();
        let mut now = t0;
        while plan.held > 0 {
            match plan.pick(now) {
                Ok(chat) => {
                    let q = plan.take(chat, now).unwrap();
                    order.push(q.row.id);
                    plan.answered(chat, q.outgoing.is_edit(), q.in_budget, now);
                    plan.held -= 1;
                    // Time for the bot-wide budget to allow the next send.
                    now += Duration::from_millis(10);
                }
                Err(at) => now = at.unwrap(),
            }
        }
        // 4 and 6 are urgent (oldest first), the edit counts as a reply, bulk comes last.
        assert_eq!(order, vec![4, 6, 3, 5, 2, 1]);
    }

    #[test]
    fn edits_do_not_wait_for_the_send_budget() {
        let t0 = Instant::now();
        let mut plan = plan(28.0);
        for i in 0..29 {
            plan.add(row(i, 100 + i, Priority::Bulk), text(), t0);
        }
        let mut now = t0;
        for _ in 0..29 {
            let at = match plan.pick(now) {
                Ok(chat) => chat,
                Err(at) => {
                    now = at.unwrap();
                    plan.pick(now).unwrap()
                }
            };
            plan.take(at, now).unwrap();
        }
        // The window is full of sends in flight; an edit still goes at once.
        plan.add(row(99, 7, Priority::Normal), edit(), now);
        plan.add(row(98, 8, Priority::Urgent), text(), now);
        assert_eq!(plan.pick(now), Ok(7));
    }

    #[test]
    fn after_a_429_on_an_edit_edits_wait_too() {
        let t0 = Instant::now();
        let mut plan = plan(28.0);
        plan.edits_held_until = Some(t0 + Duration::from_secs(1));
        plan.add(row(1, 7, Priority::Reply), edit(), t0);
        assert_eq!(plan.pick(t0), Err(Some(t0 + Duration::from_secs(1))));
    }

    #[test]
    fn once_telegram_limited_an_edit_edits_share_the_bot_wide_budget() {
        let t0 = Instant::now();
        let mut plan = plan(28.0);
        plan.edits_counted = true;
        for i in 0..29 {
            plan.add(row(i, 100 + i, Priority::Bulk), text(), t0);
        }
        let mut now = t0;
        for _ in 0..29 {
            let chat = match plan.pick(now) {
                Ok(chat) => chat,
                Err(at) => {
                    now = at.unwrap();
                    plan.pick(now).unwrap()
                }
            };
            let queued = plan.take(chat, now).unwrap();
            assert!(queued.in_budget);
        }
        // The window is full: the edit waits for the budget now, like a send.
        plan.add(row(99, 7, Priority::Reply), edit(), now);
        assert!(
            plan.pick(now).is_err(),
            "an edit must wait while the budget is full"
        );
        let later = now + Duration::from_secs(2);
        for chat in 100..129 {
            plan.answered(chat, false, true, now);
        }
        let chat = plan.pick(later).expect("the edit goes once the window has room");
        let queued = plan.take(chat, later).unwrap();
        assert!(queued.outgoing.is_edit() && queued.in_budget);
    }
}
