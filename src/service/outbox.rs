//! Queuing a message in the outbox, inside the caller's transaction, under a de-duplication
//! key: a message queued twice is sent once.
//!
//! A caller says what a message *is* ([`Delivery`]); this module alone decides when it may go
//! out and in which tier, so no caller applies quiet hours itself and a new job cannot forget
//! them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Context, Result};
use crate::domain::ids::ParticipantId;
use crate::domain::schedule::QuietHours;
use crate::store::{NewMessage, Priority, Tx};
use crate::telegram::outgoing::Outgoing;

/// What a message is, which decides when it may go out and how soon among the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A safety answer or an urgent alert: at once, at any hour, ahead of everything.
    Urgent,
    /// The answer to something a person just did (a reply, the edit after a press): at once; a
    /// broadcast never delays it.
    Reply,
    /// A message nobody is waiting for at this instant but that should not wait either (an
    /// alert or a task to staff, a goodbye): at once, after replies.
    Notice,
    /// A notice that waits until the given time (a flood bundle at the end of its slot); staff
    /// are not held by quiet hours.
    NoticeAt(DateTime<Utc>),
    /// A notice to a participant that is not an answer (a meeting moved or cancelled, the rating
    /// question after a meeting): after replies, and never inside quiet hours.
    Daytime,
    /// A scheduled message to a participant (a check-in round, a reminder, an agenda), due at
    /// the given time: never inside quiet hours, and it fills whatever budget the others leave.
    Scheduled(DateTime<Utc>),
    /// Sent now because a caseworker asked for it (`/tjekind`), also at night: they chose it.
    /// Still a mass send, so it fills the budget the others leave.
    Requested,
}

impl Delivery {
    /// The tier the dispatcher sends it in.
    pub fn priority(self) -> Priority {
        match self {
            Delivery::Urgent => Priority::Urgent,
            Delivery::Reply => Priority::Reply,
            Delivery::Notice | Delivery::NoticeAt(_) | Delivery::Daytime => Priority::Normal,
            Delivery::Scheduled(_) | Delivery::Requested => Priority::Bulk,
        }
    }

    /// The earliest time it may go out: now, or — for a scheduled message — its due time moved
    /// past quiet hours in the service's time zone.
    pub fn not_before(self, quiet: &QuietHours, tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Delivery::Scheduled(due) => quiet.release_time(due.max(now), tz),
            Delivery::Daytime => quiet.release_time(now, tz),
            Delivery::NoticeAt(at) => at.max(now),
            Delivery::Urgent | Delivery::Reply | Delivery::Notice | Delivery::Requested => now,
        }
    }
}

/// One message to queue: where it goes and what it is.
pub struct Queued<'a> {
    /// The de-duplication key: a second message under the same key is not queued.
    pub key: &'a str,
    pub chat_id: i64,
    /// The participant it is for, if any (a stopped participant's messages are dropped).
    pub participant: Option<ParticipantId>,
    pub message: &'a Outgoing,
    pub delivery: Delivery,
}

/// Queues one outgoing message under its de-duplication key. Returns true if it was new.
pub async fn queue(tx: &mut Tx, ctx: &Context, queued: Queued<'_>, now: DateTime<Utc>) -> Result<bool> {
    let not_before = queued.delivery.not_before(&ctx.quiet_hours, ctx.timezone, now);
    enqueue(tx, &queued, not_before, now).await
}

/// Queues a [`Delivery::Notice`] to a staff member (a digest, a task, a reminder, a handover):
/// it goes at once whatever the hour, so it needs no quiet hours — also from the command line,
/// where none are configured.
pub async fn queue_notice(
    tx: &mut Tx,
    key: &str,
    chat_id: i64,
    message: &Outgoing,
    now: DateTime<Utc>,
) -> Result<bool> {
    let queued = Queued {
        key,
        chat_id,
        participant: None,
        message,
        delivery: Delivery::Notice,
    };
    enqueue(tx, &queued, now, now).await
}

async fn enqueue(
    tx: &mut Tx,
    queued: &Queued<'_>,
    not_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let payload = serde_json::to_string(queued.message)?;
    let new = NewMessage {
        dedup_key: queued.key,
        chat_id: queued.chat_id,
        participant_id: queued.participant,
        payload: &payload,
        not_before,
        priority: queued.delivery.priority(),
    };
    Ok(tx.enqueue(&new, now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Copenhagen;

    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        Copenhagen
            .with_ymd_and_hms(2026, 12, day, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn only_scheduled_messages_wait_for_the_end_of_quiet_hours() {
        let quiet: QuietHours = "21:00-08:00".parse().unwrap();
        let night = at(2, 23, 30);
        let morning = at(3, 8, 0);
        let cases = [
            (Delivery::Urgent, night),
            (Delivery::Reply, night),
            (Delivery::Notice, night),
            (Delivery::Requested, night),
            (Delivery::NoticeAt(at(2, 23, 40)), at(2, 23, 40)),
            (Delivery::Daytime, morning),
            (Delivery::Scheduled(night), morning),
            // Due before now (a catch-up after downtime): from now, then past quiet hours.
            (Delivery::Scheduled(at(2, 20, 0)), morning),
        ];
        for (delivery, expected) in cases {
            assert_eq!(
                delivery.not_before(&quiet, Copenhagen, night),
                expected,
                "{delivery:?}"
            );
        }
    }

    #[test]
    fn a_scheduled_message_outside_quiet_hours_goes_at_its_due_time() {
        let quiet: QuietHours = "21:00-08:00".parse().unwrap();
        let now = at(2, 15, 0);
        assert_eq!(
            Delivery::Scheduled(at(2, 16, 0)).not_before(&quiet, Copenhagen, now),
            at(2, 16, 0)
        );
        assert_eq!(
            Delivery::Scheduled(at(2, 14, 0)).not_before(&quiet, Copenhagen, now),
            now
        );
        let off: QuietHours = "off".parse().unwrap();
        let night = at(2, 23, 0);
        assert_eq!(
            Delivery::Scheduled(night).not_before(&off, Copenhagen, night),
            night
        );
    }

    #[test]
    fn tiers_follow_what_the_message_is() {
        let cases = [
            (Delivery::Urgent, Priority::Urgent),
            (Delivery::Reply, Priority::Reply),
            (Delivery::Notice, Priority::Normal),
            (Delivery::NoticeAt(at(2, 9, 0)), Priority::Normal),
            (Delivery::Daytime, Priority::Normal),
            (Delivery::Requested, Priority::Bulk),
            (Delivery::Scheduled(at(2, 9, 0)), Priority::Bulk),
        ];
        for (delivery, tier) in cases {
            assert_eq!(delivery.priority(), tier, "{delivery:?}");
        }
    }
}
