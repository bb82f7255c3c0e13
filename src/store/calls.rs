//! Follow-up call tasks (opkaldsopgaver).

use chrono::{DateTime, NaiveDate, Utc};

use super::{StoreError, StoreResult, Tx, on_conn, parse_key};
use crate::clock::to_millis;
use crate::domain::followup::{CallOutcome, CallReason, CallTask, CallTaskStatus};
use crate::domain::ids::{CallTaskId, CaseId, MeetingId, ParticipantId, StaffId};

/// A call task as stored: who to call about which case, and its state.
#[derive(Debug, Clone)]
pub struct CallTaskRecord {
    pub id: CallTaskId,
    pub case_id: CaseId,
    pub participant_id: ParticipantId,
    pub meeting_id: Option<MeetingId>,
    pub task: CallTask,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CallTaskRow {
    id: i64,
    case_id: i64,
    participant_id: i64,
    meeting_id: Option<i64>,
    reason: String,
    status: String,
    created_on: String,
    due_on: String,
    not_reached: i64,
    reminded_10: i64,
    reminded_due: i64,
    note: Option<String>,
}

/// Reads an ISO date (`YYYY-MM-DD`) stored as text.
pub(super) fn parse_date(column: &'static str, value: &str) -> StoreResult<NaiveDate> {
    parse_key(column, value, |v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

/// Writes a date as ISO text, which sorts like the date.
pub(super) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

impl TryFrom<CallTaskRow> for CallTaskRecord {
    type Error = StoreError;
    fn try_from(r: CallTaskRow) -> StoreResult<Self> {
        Ok(CallTaskRecord {
            id: CallTaskId(r.id),
            case_id: CaseId(r.case_id),
            participant_id: ParticipantId(r.participant_id),
            meeting_id: r.meeting_id.map(MeetingId),
            task: CallTask {
                reason: parse_key("call_tasks.reason", &r.reason, |k| CallReason::parse(k).ok())?,
                status: parse_key("call_tasks.status", &r.status, |k| CallTaskStatus::parse(k).ok())?,
                created: parse_date("call_tasks.created_on", &r.created_on)?,
                due: parse_date("call_tasks.due_on", &r.due_on)?,
                not_reached: u32::try_from(r.not_reached).unwrap_or(u32::MAX),
                reminded_10: r.reminded_10 != 0,
                reminded_due: r.reminded_due != 0,
            },
            note: r.note,
        })
    }
}

const CALL_COLUMNS: &str = "t.id, t.case_id, t.participant_id, t.meeting_id, t.reason, t.status, t.created_on, \
     t.due_on, t.not_reached, t.reminded_10, t.reminded_due, t.note";

impl Tx {
    /// Creates a call task; None if this meeting already has one for this person.
    pub async fn create_call_task(
        &mut self,
        case_id: CaseId,
        participant: ParticipantId,
        meeting: Option<MeetingId>,
        task: &CallTask,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<CallTaskId>> {
        let sql = "INSERT INTO call_tasks (case_id, participant_id, meeting_id, reason, status, created_on, due_on, \
                   created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                   ON CONFLICT (meeting_id, participant_id) DO NOTHING RETURNING id";
        let row: Option<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(participant.0)
            .bind(meeting.map(|m| m.0))
            .bind(task.reason.key())
            .bind(task.status.key())
            .bind(date_text(task.created))
            .bind(date_text(task.due))
            .bind(to_millis(now))
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|r| CallTaskId(r.0)))
    }

    pub async fn call_task(&mut self, id: CallTaskId) -> StoreResult<Option<CallTaskRecord>> {
        let sql = format!("SELECT {CALL_COLUMNS} FROM call_tasks t WHERE t.id = $1");
        let row: Option<CallTaskRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(CallTaskRecord::try_from).transpose()
    }

    /// Writes the task's new state; `outcome` is the caseworker's answer that led to it.
    pub async fn update_call_task(
        &mut self,
        id: CallTaskId,
        task: &CallTask,
        outcome: Option<CallOutcome>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done_at = (task.status != CallTaskStatus::Open).then_some(to_millis(now));
        let sql = "UPDATE call_tasks SET status = $1, due_on = $2, not_reached = $3, reminded_10 = $4, \
                   reminded_due = $5, outcome = COALESCE($6, outcome), done_at = $7, updated_at = $8 WHERE id = $9";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(task.status.key())
            .bind(date_text(task.due))
            .bind(i64::from(task.not_reached))
            .bind(i64::from(task.reminded_10))
            .bind(i64::from(task.reminded_due))
            .bind(outcome.map(|o| o.key()))
            .bind(done_at)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_call_note(&mut self, id: CallTaskId, note: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE call_tasks SET note = $1, updated_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(note)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Open call tasks of active cases that may need a reminder by `today` (due by then, or
    /// made at least `created_before` ago), oldest due first.
    pub async fn call_tasks_to_remind(
        &mut self,
        today: NaiveDate,
        created_on_or_before: NaiveDate,
        limit: i64,
    ) -> StoreResult<Vec<CallTaskRecord>> {
        let sql = format!(
            "SELECT {CALL_COLUMNS} FROM call_tasks t JOIN cases c ON c.id = t.case_id \
             WHERE t.status = 'open' AND c.status = 'active' \
             AND ((t.due_on <= $1 AND t.reminded_due = 0) OR (t.created_on <= $2 AND t.reminded_10 = 0)) \
             ORDER BY t.due_on, t.id LIMIT $3"
        );
        let rows: Vec<CallTaskRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(date_text(today))
            .bind(date_text(created_on_or_before))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CallTaskRecord::try_from).collect()
    }

    /// Open call tasks of the cases a staff member owns, by due date.
    pub async fn open_call_tasks_for(&mut self, staff: StaffId) -> StoreResult<Vec<CallTaskRecord>> {
        let sql = format!(
            "SELECT {CALL_COLUMNS} FROM call_tasks t JOIN cases c ON c.id = t.case_id \
             WHERE c.caseworker_id = $1 AND t.status = 'open' AND c.status IN ('active', 'paused') \
             ORDER BY t.due_on, t.id"
        );
        let rows: Vec<CallTaskRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CallTaskRecord::try_from).collect()
    }

    /// Call tasks of a case (any status), oldest first.
    pub async fn call_tasks_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<CallTaskRecord>> {
        let sql = format!("SELECT {CALL_COLUMNS} FROM call_tasks t WHERE t.case_id = $1 ORDER BY t.id");
        let rows: Vec<CallTaskRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CallTaskRecord::try_from).collect()
    }

    /// The open call task a participant asked for (`/ring`), if there is one.
    pub async fn open_contact_request(
        &mut self,
        participant: ParticipantId,
    ) -> StoreResult<Option<CallTaskRecord>> {
        let sql = format!(
            "SELECT {CALL_COLUMNS} FROM call_tasks t WHERE t.participant_id = $1 AND t.status = 'open' \
             AND t.reason = 'contact_request' ORDER BY t.id LIMIT 1"
        );
        let row: Option<CallTaskRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(participant.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(CallTaskRecord::try_from).transpose()
    }
}
