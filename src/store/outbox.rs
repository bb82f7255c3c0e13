//! The durable outbox: every message the bot sends is a row first, with a de-duplication key,
//! then the dispatcher sends it and records the outcome.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;
use crate::domain::ids::{OutboxId, ParticipantId};
use crate::telegram::outgoing::Outgoing;

/// Where an outgoing message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    Pending,
    /// Claimed by a dispatcher; back to pending if the claim runs out (crash).
    Sending,
    Sent,
    /// Gave up after repeated failures; shown to operators.
    Dead,
    /// No longer wanted (e.g. the recipient blocked the bot).
    Cancelled,
}

impl OutboxStatus {
    pub fn key(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dead => "dead",
            OutboxStatus::Cancelled => "cancelled",
        }
    }
}

/// A message taken from the outbox for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRecord {
    pub id: i64,
    pub chat_id: i64,
    pub participant_id: Option<i64>,
    pub payload: String,
    pub attempts: i64,
    pub priority: i64,
}

impl OutboxRecord {
    pub fn outbox_id(&self) -> OutboxId {
        OutboxId(self.id)
    }
}

/// How soon a message should go relative to others that are due (the dispatcher sends the
/// highest first, across chats and within a chat; the oldest first within one priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Scheduled mass sends (weekly check-ins, reminders): they fill whatever budget is left.
    Bulk = -10,
    Normal = 0,
    /// The answer to something a person just did (a reply, the edit after a button press):
    /// a broadcast never delays it.
    Reply = 5,
    /// Safety answers and urgent alerts overtake everything.
    Urgent = 10,
}

impl Priority {
    /// The priority of an outbox row as stored; unknown numbers fall into the nearest tier below.
    pub fn from_stored(value: i64) -> Priority {
        match value {
            v if v >= Priority::Urgent as i64 => Priority::Urgent,
            v if v >= Priority::Reply as i64 => Priority::Reply,
            v if v >= Priority::Normal as i64 => Priority::Normal,
            _ => Priority::Bulk,
        }
    }
}

/// Key in `bot_state` counting Telegram's 429 answers (shown by `dead-letters`).
pub const RATE_LIMITED_COUNT_KEY: &str = "rate_limited_429_count";
/// Key in `bot_state` describing the last 429: time, method and chat id (never text).
pub const RATE_LIMITED_LAST_KEY: &str = "rate_limited_429_last";

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// The same key twice queues the message once: idempotent scheduling and handling.
    pub dedup_key: &'a str,
    pub chat_id: i64,
    /// The participant it goes to, if any (so it can be cancelled when they block the bot).
    pub participant_id: Option<ParticipantId>,
    pub payload: &'a str,
    /// Not sent before this time (quiet hours).
    pub not_before: DateTime<Utc>,
    pub priority: Priority,
}

impl Tx {
    /// Queues a message unless one with the same key exists. Returns true if it was new.
    pub async fn enqueue(&mut self, message: &NewMessage<'_>, now: DateTime<Utc>) -> StoreResult<bool> {
        // An edit shows the person what their press did, on a message they are looking at: it
        // is claimed with the replies, never behind a backlog of check-ins.
        let priority = if Outgoing::is_edit_payload(message.payload) {
            message.priority.max(Priority::Reply)
        } else {
            message.priority
        };
        let sql = "INSERT INTO outbox (dedup_key, chat_id, participant_id, payload, status, not_before, priority, created_at) \
                   VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(message.dedup_key)
            .bind(message.chat_id)
            .bind(message.participant_id.map(|p| p.0))
            .bind(message.payload)
            .bind(to_millis(message.not_before))
            .bind(priority as i64)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Queues a message already claimed until `lease_until` by the caller, who sends it at once
    /// after commit (a callback answer). If the caller never settles it, the claim runs out and
    /// the dispatcher sends it. Returns true if it was new.
    pub async fn enqueue_claimed(
        &mut self,
        message: &NewMessage<'_>,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "INSERT INTO outbox (dedup_key, chat_id, participant_id, payload, status, not_before, priority, created_at, claimed_until) \
                   VALUES ($1, $2, $3, $4, 'sending', $5, $6, $7, $8) ON CONFLICT (dedup_key) DO NOTHING";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(message.dedup_key)
            .bind(message.chat_id)
            .bind(message.participant_id.map(|p| p.0))
            .bind(message.payload)
            .bind(to_millis(message.not_before))
            .bind(message.priority as i64)
            .bind(to_millis(now))
            .bind(to_millis(lease_until))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Marks messages sent by their de-duplication keys (callback answers sent right after
    /// their update's commit, settled many at a time). Only claimed messages change, so one a
    /// dispatcher already settled stays as it is.
    pub async fn outbox_sent_by_keys(&mut self, keys: &[String], now: DateTime<Utc>) -> StoreResult<()> {
        // A sent message keeps no payload (ids, times and status stay).
        let sql = "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
                   claimed_until = NULL, payload = '' WHERE dedup_key = $2 AND status = 'sending'";
        for key in keys {
            on_conn!(self, |c| sqlx::query(sql)
                .bind(to_millis(now))
                .bind(key)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        Ok(())
    }

    /// Gives a claimed message, by its key, to the dispatcher (the quick try failed): it is
    /// claimable again from `not_before`.
    pub async fn outbox_release_by_key(
        &mut self,
        key: &str,
        not_before: DateTime<Utc>,
        error: &str,
    ) -> StoreResult<()> {
        let sql = "UPDATE outbox SET status = 'pending', not_before = $1, last_error = $2, \
                   attempts = attempts + 1, claimed_until = NULL WHERE dedup_key = $3 AND status = 'sending'";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(not_before))
            .bind(error)
            .bind(key)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// A callback answer Telegram no longer takes (the press is too old, e.g. after a restart):
    /// nothing an operator can do about it, so it is recorded as cancelled with Telegram's
    /// reason rather than shown among the dead letters.
    pub async fn outbox_expired_by_key(&mut self, key: &str, error: &str) -> StoreResult<()> {
        let sql = "UPDATE outbox SET status = 'cancelled', last_error = $1, attempts = attempts + 1, payload = '', \
                   claimed_until = NULL WHERE dedup_key = $2 AND status = 'sending'";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(error)
            .bind(key)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Claims up to `limit` due messages of at least `min_priority`, highest priority first,
    /// then oldest first, until `lease_until` — but never more than `per_chat` of one chat's
    /// messages in flight at once (those already claimed count), so one chat with a flood of
    /// messages cannot take every place in the dispatcher's memory from the others. Within a
    /// chat the highest-priority messages are the ones claimed.
    pub async fn claim_outbox(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
        min_priority: Priority,
        per_chat: i64,
    ) -> StoreResult<Vec<OutboxRecord>> {
        let lock = if self.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        // The ranking counts every message of the chat that is due or in flight; PostgreSQL
        // allows no row lock next to a window function, so the lock is taken outside it.
        let sql = format!(
            "UPDATE outbox SET status = 'sending', claimed_until = $1 WHERE id IN ( \
                 SELECT id FROM outbox WHERE id IN ( \
                     SELECT id FROM ( \
                         SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY priority DESC, id) AS place \
                         FROM outbox WHERE (status = 'pending' AND not_before <= $2) OR status = 'sending' \
                     ) ranked WHERE place <= $5) \
                 AND ((status = 'pending' AND not_before <= $2) OR (status = 'sending' AND claimed_until < $2)) \
                 AND priority >= $4 \
                 ORDER BY priority DESC, id LIMIT $3{lock}) \
             RETURNING id, chat_id, participant_id, payload, attempts, priority"
        );
        let mut rows: Vec<OutboxRecord> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(to_millis(lease_until))
            .bind(to_millis(now))
            .bind(limit)
            .bind(min_priority as i64)
            .bind(per_chat)
            .fetch_all(&mut *c)
            .await?);
        // RETURNING has no order: restore "urgent first, then oldest first".
        rows.sort_by_key(|r| (-r.priority, r.id));
        Ok(rows)
    }

    /// After a restart of the only instance nothing is in flight: claims are released. Callback
    /// answers are claimed by the instance that handled the press, not by a leader, so they
    /// keep their own short claim (the instance may be alive and answering right now).
    pub async fn release_outbox_claims(&mut self) -> StoreResult<u64> {
        let sql = "UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE status = 'sending' \
                   AND payload NOT LIKE '{\"kind\":\"answer_callback\"%'";
        let done = on_conn!(self, |c| sqlx::query(sql).execute(&mut *c).await?.rows_affected());
        Ok(done)
    }

    pub async fn outbox_sent(
        &mut self,
        id: OutboxId,
        message_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        // A sent message keeps its ids, times and status, never its text (see hygiene).
        let sql = "UPDATE outbox SET status = 'sent', telegram_message_id = $1, sent_at = $2, \
                   attempts = attempts + 1, claimed_until = NULL, payload = '' WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(message_id)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Puts a message back for another try at `not_before`.
    pub async fn outbox_retry(
        &mut self,
        id: OutboxId,
        not_before: DateTime<Utc>,
        error: &str,
    ) -> StoreResult<()> {
        let sql = "UPDATE outbox SET status = 'pending', not_before = $1, last_error = $2, \
                   attempts = attempts + 1, claimed_until = NULL WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(not_before))
            .bind(error)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Like [`Tx::outbox_expired_by_key`], by id (the dispatcher's try of a callback answer).
    pub async fn outbox_expired(&mut self, id: OutboxId, error: &str) -> StoreResult<()> {
        let sql = "UPDATE outbox SET status = 'cancelled', last_error = $1, attempts = attempts + 1, payload = '', \
                   claimed_until = NULL WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(error)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn outbox_dead(&mut self, id: OutboxId, error: &str) -> StoreResult<()> {
        let sql = "UPDATE outbox SET status = 'dead', last_error = $1, attempts = attempts + 1, \
                   claimed_until = NULL WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(error)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Cancels everything still waiting for a chat (the person blocked the bot).
    pub async fn cancel_outbox_for_chat(&mut self, chat_id: i64, reason: &str) -> StoreResult<u64> {
        let sql = "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_until = NULL, payload = '' \
                   WHERE chat_id = $2 AND status IN ('pending', 'sending')";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(reason)
            .bind(chat_id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done)
    }

    /// Cancels what still waits for one participation (a person who stopped in one of their
    /// cases keeps getting what belongs to the others).
    pub async fn cancel_outbox_for_participant(
        &mut self,
        participant: ParticipantId,
        reason: &str,
    ) -> StoreResult<u64> {
        let sql = "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_until = NULL, payload = '' \
                   WHERE participant_id = $2 AND status IN ('pending', 'sending')";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(reason)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done)
    }

    /// Dead messages for operators: id, chat, attempts, last error.
    pub async fn dead_messages(&mut self) -> StoreResult<Vec<(i64, i64, i64, Option<String>)>> {
        let sql = "SELECT id, chat_id, attempts, last_error FROM outbox WHERE status = 'dead' ORDER BY id";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?))
    }

    /// How many messages are in each state.
    pub async fn outbox_counts(&mut self) -> StoreResult<Vec<(String, i64)>> {
        let sql = "SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?))
    }
}

impl Tx {
    /// Messages the dispatcher should be working on at `now` (due or in flight).
    pub async fn outbox_busy(&mut self, now: DateTime<Utc>) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM outbox WHERE (status = 'pending' AND not_before <= $1) OR status = 'sending'";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(n)
    }
}

impl Tx {
    /// Puts claimed but unsent messages back (a clean shutdown).
    pub async fn release_outbox(&mut self, ids: &[i64]) -> StoreResult<()> {
        for id in ids {
            let sql = "UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id = $1 AND status = 'sending'";
            on_conn!(self, |c| sqlx::query(sql)
                .bind(id)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        Ok(())
    }
}

impl Tx {
    /// Counts one 429 ("Too Many Requests") from Telegram, for operators (`dead-letters`).
    /// `what` says when, which method and which chat — ids only, never the text.
    pub async fn count_rate_limited(&mut self, what: &str) -> StoreResult<i64> {
        let count = self
            .bot_state(RATE_LIMITED_COUNT_KEY)
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
            + 1;
        self.set_bot_state(RATE_LIMITED_COUNT_KEY, &count.to_string())
            .await?;
        self.set_bot_state(RATE_LIMITED_LAST_KEY, what).await?;
        Ok(count)
    }

    /// How many 429s Telegram answered so far, and the last one.
    pub async fn rate_limited(&mut self) -> StoreResult<(i64, Option<String>)> {
        let count = self
            .bot_state(RATE_LIMITED_COUNT_KEY)
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        Ok((count, self.bot_state(RATE_LIMITED_LAST_KEY).await?))
    }
}
