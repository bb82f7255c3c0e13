//! The statutory follow-up of each case (Barnets Lov §95) and the daily digest's once-a-day
//! mark.

use chrono::{DateTime, NaiveDate, Utc};

use super::calls::{date_text, parse_date};
use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;
use crate::domain::followup::StatutoryFollowUp;
use crate::domain::ids::{CaseId, StaffId};

/// A case's statutory follow-up as stored.
#[derive(Debug, Clone)]
pub struct StatutoryRecord {
    pub case_id: CaseId,
    pub support_started_on: Option<NaiveDate>,
    pub follow_up: StatutoryFollowUp,
}

#[derive(sqlx::FromRow)]
struct StatutoryRow {
    case_id: i64,
    support_started_on: Option<String>,
    due_on: String,
    reminded_14: i64,
    reminded_due: i64,
    alerted: i64,
    escalated: i64,
}

impl TryFrom<StatutoryRow> for StatutoryRecord {
    type Error = super::StoreError;
    fn try_from(r: StatutoryRow) -> StoreResult<Self> {
        Ok(StatutoryRecord {
            case_id: CaseId(r.case_id),
            support_started_on: r
                .support_started_on
                .map(|d| parse_date("statutory_follow_ups.support_started_on", &d))
                .transpose()?,
            follow_up: StatutoryFollowUp {
                due: parse_date("statutory_follow_ups.due_on", &r.due_on)?,
                reminded_14: r.reminded_14 != 0,
                reminded_due: r.reminded_due != 0,
                alerted: r.alerted != 0,
                escalated: r.escalated != 0,
            },
        })
    }
}

const STATUTORY_COLUMNS: &str =
    "s.case_id, s.support_started_on, s.due_on, s.reminded_14, s.reminded_due, s.alerted, s.escalated";

impl Tx {
    /// Sets a case's next statutory follow-up date, with nothing sent about it yet. A given
    /// `support_started_on` is recorded; `None` keeps what was recorded before.
    pub async fn set_statutory_due(
        &mut self,
        case_id: CaseId,
        support_started_on: Option<NaiveDate>,
        due: NaiveDate,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO statutory_follow_ups (case_id, support_started_on, due_on, updated_at) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO UPDATE SET \
                   support_started_on = COALESCE(excluded.support_started_on, statutory_follow_ups.support_started_on), \
                   due_on = excluded.due_on, reminded_14 = 0, reminded_due = 0, alerted = 0, escalated = 0, \
                   updated_at = excluded.updated_at";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(case_id.0)
            .bind(support_started_on.map(date_text))
            .bind(date_text(due))
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn statutory(&mut self, case_id: CaseId) -> StoreResult<Option<StatutoryRecord>> {
        let sql = format!("SELECT {STATUTORY_COLUMNS} FROM statutory_follow_ups s WHERE s.case_id = $1");
        let row: Option<StatutoryRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(StatutoryRecord::try_from).transpose()
    }

    /// Statutory follow-ups of active cases due by `due_by` that still have something to
    /// send (the scheduler decides what).
    pub async fn statutory_to_check(
        &mut self,
        due_by: NaiveDate,
        limit: i64,
    ) -> StoreResult<Vec<StatutoryRecord>> {
        let sql = format!(
            "SELECT {STATUTORY_COLUMNS} FROM statutory_follow_ups s JOIN cases c ON c.id = s.case_id \
             WHERE c.status = 'active' AND s.due_on <= $1 AND s.escalated = 0 ORDER BY s.due_on, s.case_id LIMIT $2"
        );
        let rows: Vec<StatutoryRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(date_text(due_by))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(StatutoryRecord::try_from).collect()
    }

    /// Statutory follow-ups of the active cases a staff member owns, by due date.
    pub async fn statutory_for(&mut self, staff: StaffId) -> StoreResult<Vec<StatutoryRecord>> {
        let sql = format!(
            "SELECT {STATUTORY_COLUMNS} FROM statutory_follow_ups s JOIN cases c ON c.id = s.case_id \
             WHERE c.caseworker_id = $1 AND c.status = 'active' ORDER BY s.due_on, s.case_id"
        );
        let rows: Vec<StatutoryRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(StatutoryRecord::try_from).collect()
    }

    /// Stores what was sent about a follow-up (only while its due date is still `follow_up.due`).
    pub async fn mark_statutory(
        &mut self,
        case_id: CaseId,
        follow_up: &StatutoryFollowUp,
    ) -> StoreResult<()> {
        let sql = "UPDATE statutory_follow_ups SET reminded_14 = $1, reminded_due = $2, alerted = $3, escalated = $4 \
                   WHERE case_id = $5 AND due_on = $6";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(i64::from(follow_up.reminded_14))
            .bind(i64::from(follow_up.reminded_due))
            .bind(i64::from(follow_up.alerted))
            .bind(i64::from(follow_up.escalated))
            .bind(case_id.0)
            .bind(date_text(follow_up.due))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Active staff with a Telegram chat whose digest for `date` has not been handled yet.
    pub async fn staff_without_digest(&mut self, date: NaiveDate, limit: i64) -> StoreResult<Vec<StaffId>> {
        let sql = "SELECT s.id FROM staff s WHERE s.telegram_user_id IS NOT NULL AND s.deactivated_at IS NULL AND NOT EXISTS ( \
                   SELECT 1 FROM staff_digests d WHERE d.staff_id = s.id AND d.on_date = $1) ORDER BY s.id LIMIT $2";
        let rows: Vec<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(date_text(date))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| StaffId(r.0)).collect())
    }

    /// Marks the digest for `date` handled; false if another pass was first.
    pub async fn mark_digest(
        &mut self,
        staff: StaffId,
        date: NaiveDate,
        sent: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "INSERT INTO staff_digests (staff_id, on_date, sent, created_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (staff_id, on_date) DO NOTHING";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(staff.0)
            .bind(date_text(date))
            .bind(i64::from(sent))
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }
}
