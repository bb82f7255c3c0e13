//! The web desk's sign-in links and sessions (only hashes of their secrets).

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::{from_millis, to_millis};
use crate::domain::desk::SessionEnd;
use crate::domain::ids::StaffId;

/// A sign-in link as stored.
#[derive(Debug, Clone)]
pub struct DeskLinkRecord {
    pub id: i64,
    pub staff_id: StaffId,
    pub created_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A desk session as stored.
#[derive(Debug, Clone)]
pub struct DeskSessionRecord {
    pub id: i64,
    pub staff_id: StaffId,
    /// Sent back with every form (compared in constant time).
    pub csrf_token: String,
    pub started_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub ended: bool,
}

impl Tx {
    pub async fn create_desk_link(
        &mut self,
        token_hash: &str,
        staff: StaffId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO desk_links (token_hash, staff_id, created_at) VALUES ($1, $2, $3)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(token_hash)
            .bind(staff.0)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn desk_link(&mut self, token_hash: &str) -> StoreResult<Option<DeskLinkRecord>> {
        let sql = "SELECT id, staff_id, created_at, used_at FROM desk_links WHERE token_hash = $1";
        let row: Option<(i64, i64, i64, Option<i64>)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(token_hash)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|(id, staff, created, used)| DeskLinkRecord {
            id,
            staff_id: StaffId(staff),
            created_at: from_millis(created),
            used_at: used.map(from_millis),
        }))
    }

    /// Marks a link used; false if it already was (two presses of "Log ind" open one session).
    pub async fn use_desk_link(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let sql = "UPDATE desk_links SET used_at = $1 WHERE id = $2 AND used_at IS NULL";
        Ok(self.stamp(sql, now, id).await? == 1)
    }

    pub async fn create_desk_session(
        &mut self,
        token_hash: &str,
        staff: StaffId,
        csrf_token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO desk_sessions (token_hash, staff_id, csrf_token, started_at, last_seen_at) \
                   VALUES ($1, $2, $3, $4, $4)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(token_hash)
            .bind(staff.0)
            .bind(csrf_token)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn desk_session(&mut self, token_hash: &str) -> StoreResult<Option<DeskSessionRecord>> {
        let sql = "SELECT id, staff_id, csrf_token, started_at, last_seen_at, ended_at \
                   FROM desk_sessions WHERE token_hash = $1";
        let row: Option<(i64, i64, String, i64, i64, Option<i64>)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(token_hash)
            .fetch_optional(&mut *c)
            .await?);
        Ok(
            row.map(|(id, staff, csrf, started, seen, ended)| DeskSessionRecord {
                id,
                staff_id: StaffId(staff),
                csrf_token: csrf,
                started_at: from_millis(started),
                last_seen_at: from_millis(seen),
                ended: ended.is_some(),
            }),
        )
    }

    /// A request was served: the idle time counts from now.
    pub async fn touch_desk_session(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE desk_sessions SET last_seen_at = $1 WHERE id = $2 AND ended_at IS NULL";
        self.stamp(sql, now, id).await?;
        Ok(())
    }

    pub async fn end_desk_session(
        &mut self,
        id: i64,
        why: SessionEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql =
            "UPDATE desk_sessions SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(why.key())
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Ends every open session of a staff member (deactivation); returns how many.
    pub async fn end_desk_sessions_of(
        &mut self,
        staff: StaffId,
        why: SessionEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let sql = "UPDATE desk_sessions SET ended_at = $1, end_reason = $2 WHERE staff_id = $3 AND ended_at IS NULL";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(why.key())
            .bind(staff.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(changed)
    }
}

impl Tx {
    /// When anyone in the case last answered a check-in question (the desk's "silence").
    pub async fn last_answer_in_case(
        &mut self,
        case_id: crate::domain::ids::CaseId,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let sql = "SELECT MAX(p.answered_at) FROM prompts p JOIN participants pa ON pa.id = p.participant_id \
                   WHERE pa.case_id = $1 AND p.status = 'answered'";
        let row: (Option<i64>,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_one(&mut *c)
            .await?);
        Ok(row.0.map(from_millis))
    }
}
