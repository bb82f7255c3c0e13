//! The durable inbox: raw Telegram updates are stored before Telegram is told we have them,
//! then handled from here, each exactly once.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;

const OFFSET_KEY: &str = "telegram_update_offset";

/// An update taken for handling inside the current transaction.
#[derive(Debug, Clone)]
pub struct ClaimedUpdate {
    pub update_id: i64,
    pub payload: String,
    pub attempts: i64,
    /// The poller already sent the safety answer (the database was down at the time).
    pub safety_replied: bool,
}

/// An update waiting in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingUpdate {
    pub update_id: i64,
    /// The chat it came from (a press: the chat of the pressed message); `None` when the
    /// update names none or does not parse.
    pub chat: Option<i64>,
}

/// The chat of a raw update, read from the few places Telegram puts it.
fn chat_of(payload: &str) -> Option<i64> {
    let update: serde_json::Value = serde_json::from_str(payload).ok()?;
    [
        "/message/chat/id",
        "/edited_message/chat/id",
        "/callback_query/message/chat/id",
        "/callback_query/from/id",
        "/my_chat_member/chat/id",
    ]
    .iter()
    .find_map(|pointer| update.pointer(pointer).and_then(serde_json::Value::as_i64))
}

impl Tx {
    /// Stores a batch of raw updates (a repeated `update_id` is ignored) and the offset that
    /// confirms them. Returns how many were new.
    pub async fn store_updates(&mut self, updates: &[(i64, String)], now: DateTime<Utc>) -> StoreResult<u64> {
        let sql = "INSERT INTO inbox (update_id, payload, status, received_at) VALUES ($1, $2, 'pending', $3) \
                   ON CONFLICT (update_id) DO NOTHING";
        let mut new = 0;
        for (update_id, payload) in updates {
            let done = on_conn!(self, |c| sqlx::query(sql)
                .bind(update_id)
                .bind(payload)
                .bind(to_millis(now))
                .execute(&mut *c)
                .await?
                .rows_affected());
            new += done;
        }
        if let Some(max) = updates.iter().map(|u| u.0).max() {
            let next = (max + 1).max(self.update_offset().await?);
            self.set_bot_state(OFFSET_KEY, &next.to_string()).await?;
        }
        Ok(new)
    }

    /// The next `offset` to ask Telegram for: one past the newest stored update.
    pub async fn update_offset(&mut self) -> StoreResult<i64> {
        Ok(self
            .bot_state(OFFSET_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Updates waiting to be handled, oldest first, each with the chat it belongs to (so the
    /// updates of different chats can be handled side by side, one chat's in order).
    pub async fn pending_updates(&mut self, limit: i64) -> StoreResult<Vec<PendingUpdate>> {
        let sql = "SELECT update_id, payload FROM inbox WHERE status = 'pending' ORDER BY update_id LIMIT $1";
        let rows: Vec<(i64, Option<String>)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(update_id, payload)| PendingUpdate {
                update_id,
                chat: payload.as_deref().and_then(chat_of),
            })
            .collect())
    }

    /// Starts a savepoint: several updates can share one transaction (one commit) while each
    /// keeps its own all-or-nothing.
    pub async fn savepoint(&mut self) -> StoreResult<()> {
        on_conn!(self, |c| sqlx::query("SAVEPOINT one_update")
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Keeps what was done since [`Tx::savepoint`].
    pub async fn release_savepoint(&mut self) -> StoreResult<()> {
        on_conn!(self, |c| sqlx::query("RELEASE SAVEPOINT one_update")
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Undoes what was done since [`Tx::savepoint`]; the transaction goes on.
    pub async fn rollback_to_savepoint(&mut self) -> StoreResult<()> {
        on_conn!(self, |c| {
            sqlx::query("ROLLBACK TO SAVEPOINT one_update")
                .execute(&mut *c)
                .await?;
            sqlx::query("RELEASE SAVEPOINT one_update")
                .execute(&mut *c)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    /// Takes one pending update for handling in this transaction; `None` if it is already done
    /// (or, on PostgreSQL, being handled by another instance).
    pub async fn claim_update(&mut self, update_id: i64) -> StoreResult<Option<ClaimedUpdate>> {
        let lock = if self.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "SELECT update_id, payload, attempts, safety_replied FROM inbox WHERE update_id = $1 AND status = 'pending'{lock}"
        );
        let row: Option<(i64, Option<String>, i64, i64)> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(update_id)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|(update_id, payload, attempts, safety)| ClaimedUpdate {
            update_id,
            payload: payload.unwrap_or_default(),
            attempts,
            safety_replied: safety != 0,
        }))
    }

    /// Remembers that the help numbers were already sent for these updates.
    pub async fn mark_safety_replied(&mut self, update_ids: &[i64]) -> StoreResult<()> {
        for id in update_ids {
            let sql = "UPDATE inbox SET safety_replied = 1 WHERE update_id = $1";
            on_conn!(self, |c| sqlx::query(sql)
                .bind(id)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        Ok(())
    }

    /// Marks an update handled and drops its raw text: the inbox keeps no personal data longer
    /// than needed.
    pub async fn finish_update(&mut self, update_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE inbox SET status = 'done', payload = NULL, processed_at = $1 WHERE update_id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(update_id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Records a failed attempt; after `max_attempts` the update is parked for an operator.
    /// Returns true when it was parked.
    pub async fn fail_update(
        &mut self,
        update_id: i64,
        error: &str,
        max_attempts: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE inbox SET attempts = attempts + 1, last_error = $1, \
                   status = CASE WHEN attempts + 1 >= $2 THEN 'parked' ELSE 'pending' END, processed_at = $3 \
                   WHERE update_id = $4 RETURNING status";
        let row: Option<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(error)
            .bind(max_attempts)
            .bind(to_millis(now))
            .bind(update_id)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.is_some_and(|r| r.0 == "parked"))
    }

    /// Parked updates (handling failed repeatedly): id, attempts and the last error.
    pub async fn parked_updates(&mut self) -> StoreResult<Vec<(i64, i64, Option<String>)>> {
        let sql =
            "SELECT update_id, attempts, last_error FROM inbox WHERE status = 'parked' ORDER BY update_id";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?))
    }

    /// How many updates are in each state (for tests and operators).
    pub async fn inbox_counts(&mut self) -> StoreResult<Vec<(String, i64)>> {
        let sql = "SELECT status, COUNT(*) FROM inbox GROUP BY status ORDER BY status";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?))
    }
}
