//! Schedules, check-ins, prompts and answers.

use chrono::{DateTime, Utc};

use super::{StoreError, StoreResult, Tx, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::checkin::{CheckinStatus, PromptStatus, Trigger};
use crate::domain::ids::{CaseId, CheckinId, GoalId, ParticipantId, PromptId};

/// A check-in as stored.
#[derive(Debug, Clone)]
pub struct CheckinRecord {
    pub id: CheckinId,
    pub participant_id: ParticipantId,
    pub case_id: CaseId,
    pub planned_at: DateTime<Utc>,
    pub release_at: DateTime<Utc>,
    pub status: CheckinStatus,
    pub reminded: bool,
    pub trigger: Trigger,
}

#[derive(sqlx::FromRow)]
struct CheckinRow {
    id: i64,
    participant_id: i64,
    case_id: i64,
    planned_at: i64,
    release_at: i64,
    status: String,
    reminded_at: Option<i64>,
    trigger: String,
}

impl TryFrom<CheckinRow> for CheckinRecord {
    type Error = StoreError;
    fn try_from(r: CheckinRow) -> StoreResult<Self> {
        Ok(CheckinRecord {
            id: CheckinId(r.id),
            participant_id: ParticipantId(r.participant_id),
            case_id: CaseId(r.case_id),
            planned_at: from_millis(r.planned_at),
            release_at: from_millis(r.release_at),
            status: parse_key("checkins.status", &r.status, CheckinStatus::parse)?,
            reminded: r.reminded_at.is_some(),
            trigger: parse_key("checkins.trigger", &r.trigger, Trigger::parse)?,
        })
    }
}

const CHECKIN_COLUMNS: &str =
    "id, participant_id, case_id, planned_at, release_at, status, reminded_at, trigger";

/// A prompt as stored.
#[derive(Debug, Clone)]
pub struct PromptRecord {
    pub id: PromptId,
    pub checkin_id: CheckinId,
    pub goal_id: GoalId,
    pub participant_id: ParticipantId,
    pub status: PromptStatus,
    /// The answer that counts (the latest tap); None when skipped or unanswered.
    pub value: Option<i32>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct PromptRow {
    id: i64,
    checkin_id: i64,
    goal_id: i64,
    participant_id: i64,
    status: String,
    value: Option<i64>,
    answered_at: Option<i64>,
}

impl TryFrom<PromptRow> for PromptRecord {
    type Error = StoreError;
    fn try_from(r: PromptRow) -> StoreResult<Self> {
        Ok(PromptRecord {
            id: PromptId(r.id),
            checkin_id: CheckinId(r.checkin_id),
            goal_id: GoalId(r.goal_id),
            participant_id: ParticipantId(r.participant_id),
            status: parse_key("prompts.status", &r.status, PromptStatus::parse)?,
            value: r.value.map(|v| v as i32),
            answered_at: r.answered_at.map(from_millis),
        })
    }
}

const PROMPT_COLUMNS: &str = "id, checkin_id, goal_id, participant_id, status, value, answered_at";

/// A participant whose next check-in is due.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueParticipant {
    pub id: i64,
    pub rhythm: Option<String>,
    pub next_checkin_at: i64,
}

impl Tx {
    /// Sets (or clears) the participant's rhythm and the time of their next check-in.
    pub async fn set_schedule(
        &mut self,
        participant: ParticipantId,
        rhythm: Option<&str>,
        next_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE participants SET rhythm = $1, next_checkin_at = $2, updated_at = $3 WHERE id = $4";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(rhythm)
            .bind(next_at.map(to_millis))
            .bind(to_millis(now))
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_next_checkin(
        &mut self,
        participant: ParticipantId,
        next_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let sql = "UPDATE participants SET next_checkin_at = $1 WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(next_at.map(to_millis))
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_paused_until(
        &mut self,
        participant: ParticipantId,
        until: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let sql = "UPDATE participants SET paused_until = $1 WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(until.map(to_millis))
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// When a participant's pause ends, if they are paused.
    pub async fn paused_until(&mut self, participant: ParticipantId) -> StoreResult<Option<DateTime<Utc>>> {
        let sql = "SELECT paused_until FROM participants WHERE id = $1 AND status = 'paused'";
        let row: Option<(Option<i64>,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.and_then(|r| r.0).map(from_millis))
    }

    /// Active or paused participants whose next check-in time has come (paused ones only move
    /// their schedule on).
    pub async fn due_participants(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<DueParticipant>> {
        let sql = "SELECT id, rhythm, next_checkin_at FROM participants \
                   WHERE status IN ('active', 'paused') AND next_checkin_at IS NOT NULL AND next_checkin_at <= $1 \
                   AND case_id IN (SELECT id FROM cases WHERE status IN ('active', 'paused')) \
                   ORDER BY next_checkin_at, id LIMIT $2";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(to_millis(now))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?))
    }

    /// Paused participants whose pause is over.
    pub async fn pauses_ending(&mut self, now: DateTime<Utc>) -> StoreResult<Vec<ParticipantId>> {
        let sql = "SELECT id FROM participants WHERE status = 'paused' AND paused_until IS NOT NULL AND paused_until <= $1";
        let rows: Vec<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(to_millis(now))
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| ParticipantId(r.0)).collect())
    }

    /// Creates a check-in; None if this participant already has one planned for that time
    /// (re-running the scheduler never creates a second).
    #[allow(clippy::too_many_arguments)]
    pub async fn create_checkin(
        &mut self,
        participant: ParticipantId,
        case_id: CaseId,
        planned_at: DateTime<Utc>,
        release_at: DateTime<Utc>,
        trigger: Trigger,
        status: CheckinStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<CheckinId>> {
        let closed_at = (status != CheckinStatus::Open).then_some(to_millis(now));
        let sql = "INSERT INTO checkins (participant_id, case_id, planned_at, release_at, trigger, status, closed_at, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (participant_id, planned_at) DO NOTHING RETURNING id";
        let row: Option<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .bind(case_id.0)
            .bind(to_millis(planned_at))
            .bind(to_millis(release_at))
            .bind(trigger.key())
            .bind(status.key())
            .bind(closed_at)
            .bind(to_millis(now))
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|r| CheckinId(r.0)))
    }

    pub async fn create_prompt(
        &mut self,
        checkin: CheckinId,
        goal: GoalId,
        participant: ParticipantId,
        planned_at: DateTime<Utc>,
        sent_at: DateTime<Utc>,
    ) -> StoreResult<PromptId> {
        let sql = "INSERT INTO prompts (checkin_id, goal_id, participant_id, status, planned_at, sent_at) \
                   VALUES ($1, $2, $3, 'sent', $4, $5) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(checkin.0)
            .bind(goal.0)
            .bind(participant.0)
            .bind(to_millis(planned_at))
            .bind(to_millis(sent_at))
            .fetch_one(&mut *c)
            .await?);
        Ok(PromptId(id))
    }

    pub async fn checkin(&mut self, id: CheckinId) -> StoreResult<Option<CheckinRecord>> {
        let sql = format!("SELECT {CHECKIN_COLUMNS} FROM checkins WHERE id = $1");
        let row: Option<CheckinRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(CheckinRecord::try_from).transpose()
    }

    /// Open check-ins released before `released_before` (candidates for reminder or expiry).
    pub async fn open_checkins(
        &mut self,
        released_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<CheckinRecord>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE status = 'open' AND release_at <= $1 \
             AND case_id IN (SELECT id FROM cases WHERE status IN ('active', 'paused')) ORDER BY release_at, id LIMIT $2"
        );
        let rows: Vec<CheckinRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(to_millis(released_before))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CheckinRecord::try_from).collect()
    }

    /// A participant's check-ins, oldest first (for the silence rule).
    pub async fn checkins_of(&mut self, participant: ParticipantId) -> StoreResult<Vec<CheckinRecord>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE participant_id = $1 ORDER BY planned_at, id"
        );
        let rows: Vec<CheckinRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CheckinRecord::try_from).collect()
    }

    pub async fn mark_checkin_reminded(&mut self, id: CheckinId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE checkins SET reminded_at = $1 WHERE id = $2";
        self.stamp(sql, now, id.0).await?;
        Ok(())
    }

    /// Closes a check-in: unanswered prompts become missed (never a score).
    pub async fn close_checkin(
        &mut self,
        id: CheckinId,
        status: CheckinStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let prompts =
            "UPDATE prompts SET status = 'missed', expired_at = $1 WHERE checkin_id = $2 AND status = 'sent'";
        on_conn!(self, |c| sqlx::query(prompts)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        let sql = "UPDATE checkins SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(status.key())
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn prompt(&mut self, id: PromptId) -> StoreResult<Option<PromptRecord>> {
        let sql = format!("SELECT {PROMPT_COLUMNS} FROM prompts WHERE id = $1");
        let row: Option<PromptRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(PromptRecord::try_from).transpose()
    }

    pub async fn prompts_of_checkin(&mut self, checkin: CheckinId) -> StoreResult<Vec<PromptRecord>> {
        let sql = format!("SELECT {PROMPT_COLUMNS} FROM prompts WHERE checkin_id = $1 ORDER BY id");
        let rows: Vec<PromptRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(checkin.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(PromptRecord::try_from).collect()
    }

    /// Records a tap: the prompt's current answer (None = skipped), and the tap itself, so a
    /// changed answer is kept.
    pub async fn record_tap(
        &mut self,
        prompt: PromptId,
        value: Option<i32>,
        first: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let status = if value.is_some() {
            PromptStatus::Answered
        } else {
            PromptStatus::Skipped
        };
        let sql = if first {
            "UPDATE prompts SET status = $1, value = $2, answered_at = $3, changed_at = $3 WHERE id = $4"
        } else {
            "UPDATE prompts SET status = $1, value = $2, changed_at = $3 WHERE id = $4"
        };
        on_conn!(self, |c| sqlx::query(sql)
            .bind(status.key())
            .bind(value.map(i64::from))
            .bind(to_millis(now))
            .bind(prompt.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        let event = "INSERT INTO answer_events (prompt_id, value, at) VALUES ($1, $2, $3)";
        on_conn!(self, |c| sqlx::query(event)
            .bind(prompt.0)
            .bind(value.map(i64::from))
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// How many taps a prompt received (for tests and reports of changed answers).
    pub async fn answer_events_count(&mut self, prompt: PromptId) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM answer_events WHERE prompt_id = $1";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(prompt.0)
            .fetch_one(&mut *c)
            .await?);
        Ok(n)
    }

    /// A person's scored answers on a goal, oldest first: (prompt, first answered at, value
    /// that counts).
    pub async fn scored_answers(
        &mut self,
        participant: ParticipantId,
        goal: GoalId,
    ) -> StoreResult<Vec<(PromptId, DateTime<Utc>, i32)>> {
        let sql = "SELECT id, answered_at, value FROM prompts WHERE participant_id = $1 AND goal_id = $2 \
                   AND status = 'answered' AND value IS NOT NULL AND answered_at IS NOT NULL ORDER BY answered_at, id";
        let rows: Vec<(i64, i64, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .bind(goal.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(id, at, v)| (PromptId(id), from_millis(at), v as i32))
            .collect())
    }

    /// The young person's latest answer on a goal of a case (for disagreements).
    pub async fn latest_youth_answer(&mut self, case_id: CaseId, goal: GoalId) -> StoreResult<Option<i32>> {
        let sql = "SELECT p.value FROM prompts p JOIN participants pa ON pa.id = p.participant_id \
                   WHERE pa.case_id = $1 AND pa.role = 'youth' AND p.goal_id = $2 AND p.status = 'answered' \
                   AND p.value IS NOT NULL ORDER BY p.answered_at DESC, p.id DESC LIMIT 1";
        let row: Option<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(goal.0)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|r| r.0 as i32))
    }

    /// Answered prompts of a participant with their goal: (checkin, goal, value), for the
    /// silence rule's "miss right after a red answer".
    pub async fn answered_values_of(
        &mut self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<(CheckinId, GoalId, i32)>> {
        let sql = "SELECT checkin_id, goal_id, value FROM prompts WHERE participant_id = $1 AND status = 'answered' AND value IS NOT NULL";
        let rows: Vec<(i64, i64, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(c, g, v)| (CheckinId(c), GoalId(g), v as i32))
            .collect())
    }

    /// Counts of check-ins per status for a participant (for tests and reports).
    pub async fn checkin_counts(&mut self, participant: ParticipantId) -> StoreResult<Vec<(String, i64)>> {
        let sql =
            "SELECT status, COUNT(*) FROM checkins WHERE participant_id = $1 GROUP BY status ORDER BY status";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?))
    }
}
