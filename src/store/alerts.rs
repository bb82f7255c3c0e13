//! Alerts, assessments, reports, participant notes and disagreements.

use chrono::{DateTime, Duration, Utc};

use super::{StoreError, StoreResult, Tx, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::{RuleKind, Urgency};
use crate::domain::ids::{AlertId, CaseId, GoalId, NoteId, ParticipantId, ReportId, StaffId};

/// An alert as stored.
#[derive(Debug, Clone)]
pub struct AlertRecord {
    pub id: AlertId,
    pub case_id: CaseId,
    pub goal_id: Option<GoalId>,
    pub participant_id: Option<ParticipantId>,
    pub rule: RuleKind,
    pub urgency: Urgency,
    /// JSON of the numbers behind the alert.
    pub facts: String,
    pub status: AlertStatus,
    pub raised_at: DateTime<Utc>,
    pub reminded: bool,
    pub escalated: bool,
}

#[derive(sqlx::FromRow)]
struct AlertRow {
    id: i64,
    case_id: i64,
    goal_id: Option<i64>,
    participant_id: Option<i64>,
    rule: String,
    urgency: String,
    facts: String,
    status: String,
    raised_at: i64,
    reminded_at: Option<i64>,
    escalated_at: Option<i64>,
}

impl TryFrom<AlertRow> for AlertRecord {
    type Error = StoreError;
    fn try_from(r: AlertRow) -> StoreResult<Self> {
        Ok(AlertRecord {
            id: AlertId(r.id),
            case_id: CaseId(r.case_id),
            goal_id: r.goal_id.map(GoalId),
            participant_id: r.participant_id.map(ParticipantId),
            rule: parse_key("alerts.rule", &r.rule, |k| RuleKind::parse(k).ok())?,
            urgency: parse_key("alerts.urgency", &r.urgency, |k| Urgency::parse(k).ok())?,
            status: parse_key("alerts.status", &r.status, AlertStatus::parse)?,
            facts: r.facts,
            raised_at: from_millis(r.raised_at),
            reminded: r.reminded_at.is_some(),
            escalated: r.escalated_at.is_some(),
        })
    }
}

const ALERT_COLUMNS: &str = "a.id, a.case_id, a.goal_id, a.participant_id, a.rule, a.urgency, a.facts, a.status, a.raised_at, a.reminded_at, a.escalated_at";

/// A new alert to store.
pub struct NewAlert<'a> {
    pub case_id: CaseId,
    pub goal_id: Option<GoalId>,
    pub participant_id: Option<ParticipantId>,
    pub rule: RuleKind,
    pub urgency: Urgency,
    pub facts: &'a str,
}

impl Tx {
    pub async fn insert_alert(&mut self, alert: &NewAlert<'_>, now: DateTime<Utc>) -> StoreResult<AlertId> {
        let sql = "INSERT INTO alerts (case_id, goal_id, participant_id, rule, urgency, facts, status, raised_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(alert.case_id.0)
            .bind(alert.goal_id.map(|g| g.0))
            .bind(alert.participant_id.map(|p| p.0))
            .bind(alert.rule.key())
            .bind(alert.urgency.key())
            .bind(alert.facts)
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(AlertId(id))
    }

    pub async fn alert(&mut self, id: AlertId) -> StoreResult<Option<AlertRecord>> {
        let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.id = $1");
        let row: Option<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(AlertRecord::try_from).transpose()
    }

    /// Alerts that hygiene must weigh a new one against: on the same goal of the case (or, for
    /// goal-less alerts, about the same participant), open ones of any age and the rest raised
    /// within `window`.
    pub async fn alerts_near(
        &mut self,
        case_id: CaseId,
        goal_id: Option<GoalId>,
        participant_id: Option<ParticipantId>,
        now: DateTime<Utc>,
        window: Duration,
    ) -> StoreResult<Vec<AlertRecord>> {
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.case_id = $1 \
             AND ((a.goal_id IS NOT NULL AND a.goal_id = $2) OR (a.goal_id IS NULL AND $2 IS NULL AND a.participant_id = $3)) \
             AND (a.status = 'open' OR a.raised_at >= $4) ORDER BY a.id"
        );
        let rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .bind(goal_id.map(|g| g.0))
            .bind(participant_id.map(|p| p.0))
            .bind(to_millis(now - window))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AlertRecord::try_from).collect()
    }

    pub async fn replace_alert(&mut self, old: AlertId, new: AlertId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE alerts SET status = 'replaced', replaced_by = $1, closed_at = $2 WHERE id = $3 AND status = 'open'";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(new.0)
            .bind(to_millis(now))
            .bind(old.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Open alerts of the cases a staff member owns, oldest first.
    pub async fn open_alerts_for(&mut self, staff: StaffId) -> StoreResult<Vec<AlertRecord>> {
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a JOIN cases c ON c.id = a.case_id \
             WHERE a.status = 'open' AND c.caseworker_id = $1 ORDER BY a.urgency DESC, a.raised_at, a.id"
        );
        let rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AlertRecord::try_from).collect()
    }

    pub async fn open_alerts_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<AlertRecord>> {
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.status = 'open' AND a.case_id = $1 ORDER BY a.id"
        );
        let rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AlertRecord::try_from).collect()
    }

    /// Open alerts not yet escalated that were raised before `raised_before` (follow-up job).
    pub async fn alerts_awaiting(
        &mut self,
        raised_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<AlertRecord>> {
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.status = 'open' AND a.escalated_at IS NULL \
             AND a.raised_at <= $1 ORDER BY a.raised_at, a.id LIMIT $2"
        );
        let rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(to_millis(raised_before))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AlertRecord::try_from).collect()
    }

    pub async fn mark_alert_reminded(&mut self, id: AlertId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE alerts SET reminded_at = $1 WHERE id = $2";
        self.stamp(sql, now, id.0).await?;
        Ok(())
    }

    pub async fn mark_alert_escalated(&mut self, id: AlertId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE alerts SET escalated_at = $1 WHERE id = $2";
        self.stamp(sql, now, id.0).await?;
        Ok(())
    }

    /// Stores the caseworker's assessment and closes the alert.
    pub async fn assess_alert(
        &mut self,
        id: AlertId,
        staff: StaffId,
        decision: Decision,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO assessments (alert_id, staff_id, decision, reason, created_at) VALUES ($1, $2, $3, $4, $5)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(id.0)
            .bind(staff.0)
            .bind(decision.key())
            .bind(reason)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        let close = "UPDATE alerts SET status = 'assessed', closed_at = $1 WHERE id = $2 AND status = 'open'";
        on_conn!(self, |c| sqlx::query(close)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Assessments of an alert: (decision, reason, staff), oldest first.
    pub async fn assessments_of(&mut self, id: AlertId) -> StoreResult<Vec<(String, Option<String>, i64)>> {
        let sql = "SELECT decision, reason, staff_id FROM assessments WHERE alert_id = $1 ORDER BY id";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_all(&mut *c)
            .await?))
    }

    /// All alerts of a case, oldest first (for tests and agenda drafts).
    pub async fn alerts_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<AlertRecord>> {
        let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.case_id = $1 ORDER BY a.id");
        let rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AlertRecord::try_from).collect()
    }

    pub async fn insert_report(
        &mut self,
        case_id: CaseId,
        participant: ParticipantId,
        goal: Option<GoalId>,
        direction: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ReportId> {
        let sql = "INSERT INTO reports (case_id, participant_id, goal_id, direction, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(participant.0)
            .bind(goal.map(|g| g.0))
            .bind(direction)
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(ReportId(id))
    }

    /// Stores free text a participant wrote. `danger` is the matched category key, if any.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_note(
        &mut self,
        case_id: CaseId,
        participant: ParticipantId,
        kind: &str,
        report: Option<ReportId>,
        body: &str,
        danger: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<NoteId> {
        let sql = "INSERT INTO notes (case_id, participant_id, kind, report_id, body, danger, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(participant.0)
            .bind(kind)
            .bind(report.map(|r| r.0))
            .bind(body)
            .bind(danger)
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(NoteId(id))
    }

    /// The case a note belongs to.
    pub async fn note_case(&mut self, id: NoteId) -> StoreResult<Option<CaseId>> {
        let sql = "SELECT case_id FROM notes WHERE id = $1";
        let row: Option<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|(c,)| CaseId(c)))
    }

    /// The caseworker chose to take this note to the meeting: it appears in the agenda draft.
    /// False if it was already chosen.
    pub async fn put_note_on_agenda(&mut self, id: NoteId, now: DateTime<Utc>) -> StoreResult<bool> {
        let sql = "UPDATE notes SET on_agenda_at = $1 WHERE id = $2 AND on_agenda_at IS NULL";
        let changed = self.stamp(sql, now, id.0).await?;
        Ok(changed == 1)
    }

    /// Notes of a case: (kind, body, danger), oldest first.
    pub async fn notes_of_case(
        &mut self,
        case_id: CaseId,
    ) -> StoreResult<Vec<(String, String, Option<String>)>> {
        let sql = "SELECT kind, body, danger FROM notes WHERE case_id = $1 ORDER BY id";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?))
    }

    pub async fn insert_disagreement(
        &mut self,
        case_id: CaseId,
        goal: GoalId,
        participant: ParticipantId,
        youth_value: i32,
        other_value: i32,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO disagreements (case_id, goal_id, participant_id, youth_value, other_value, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(case_id.0)
            .bind(goal.0)
            .bind(participant.0)
            .bind(i64::from(youth_value))
            .bind(i64::from(other_value))
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn disagreements_of_case(&mut self, case_id: CaseId) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM disagreements WHERE case_id = $1";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_one(&mut *c)
            .await?);
        Ok(n)
    }
}
