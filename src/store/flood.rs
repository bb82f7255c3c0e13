//! What the flood limits need to know: how much one person wrote lately, which texts were
//! bundled, and when the bot last wrote to a chat.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::{from_millis, to_millis};
use crate::domain::ids::{CaseId, NoteId, ParticipantId};

impl Tx {
    /// Free texts (messages and edits, not danger texts) the participant wrote since `since`.
    pub async fn texts_since(
        &mut self,
        participant: ParticipantId,
        since: DateTime<Utc>,
    ) -> StoreResult<u32> {
        let sql = "SELECT COUNT(*) FROM notes WHERE participant_id = $1 AND kind = 'message' \
                   AND danger IS NULL AND created_at >= $2";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .bind(to_millis(since))
            .fetch_one(&mut *c)
            .await?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Marks a stored text as passed on in a bundle, not on its own.
    pub async fn mark_note_bundled(&mut self, note: NoteId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE notes SET bundled_at = $1 WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(note.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// How many of the participant's texts were bundled from `since` on.
    pub async fn bundled_since(
        &mut self,
        participant: ParticipantId,
        since: DateTime<Utc>,
    ) -> StoreResult<u32> {
        let sql = "SELECT COUNT(*) FROM notes WHERE participant_id = $1 AND bundled_at >= $2";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .bind(to_millis(since))
            .fetch_one(&mut *c)
            .await?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// A case's bundled texts since `since`, newest first, at most `limit`:
    /// (written at, participant, text).
    pub async fn bundled_notes_of_case(
        &mut self,
        case_id: CaseId,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<(DateTime<Utc>, ParticipantId, String)>> {
        let sql = "SELECT created_at, participant_id, body FROM notes WHERE case_id = $1 \
                   AND bundled_at IS NOT NULL AND created_at >= $2 ORDER BY created_at DESC, id DESC LIMIT $3";
        let rows: Vec<(i64, i64, String)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(to_millis(since))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(at, p, body)| (from_millis(at), ParticipantId(p), body))
            .collect())
    }

    /// When the bot last queued a message to `chat_id` whose de-duplication key starts with
    /// `key_prefix` (e.g. the stranger answer), if ever.
    pub async fn last_message_to(
        &mut self,
        chat_id: i64,
        key_prefix: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let sql = "SELECT MAX(created_at) FROM outbox WHERE chat_id = $1 AND dedup_key LIKE $2";
        let (at,): (Option<i64>,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(chat_id)
            .bind(format!("{key_prefix}%"))
            .fetch_one(&mut *c)
            .await?);
        Ok(at.map(from_millis))
    }

    /// Replaces the payload of a message that is still waiting (the bundle's count grows while
    /// its ten minutes last). False if it was already claimed for sending.
    /// Sends a held message now with a new payload (an alert that waited for the writer's
    /// description). False if it is no longer waiting (its hold ran out and it went).
    pub async fn release_waiting(
        &mut self,
        dedup_key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql =
            "UPDATE outbox SET payload = $1, not_before = $2 WHERE dedup_key = $3 AND status = 'pending'";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(payload)
            .bind(to_millis(now))
            .bind(dedup_key)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }

    pub async fn replace_waiting_payload(&mut self, dedup_key: &str, payload: &str) -> StoreResult<bool> {
        let sql = "UPDATE outbox SET payload = $1 WHERE dedup_key = $2 AND status = 'pending'";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(payload)
            .bind(dedup_key)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }
}
