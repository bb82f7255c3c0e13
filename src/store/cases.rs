//! Cases and their goals.

use chrono::{DateTime, Utc};

use super::{StoreError, StoreResult, Tx, conflict_aware, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::case::{CaseCode, CaseStatus, CloseReason};
use crate::domain::goal::{FocusArea, GoalStatus};
use crate::domain::ids::{CaseId, GoalId, StaffId};
use crate::domain::scale::ScaleKind;

/// A case as stored.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub id: CaseId,
    pub code: CaseCode,
    pub nickname: String,
    pub caseworker_id: StaffId,
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: Option<CloseReason>,
    /// When the journal was first made (the retention period counts from here).
    pub exported_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
pub(super) struct CaseRow {
    id: i64,
    code: String,
    nickname: String,
    caseworker_id: i64,
    status: String,
    created_at: i64,
    closed_at: Option<i64>,
    close_reason: Option<String>,
    exported_at: Option<i64>,
}

impl TryFrom<CaseRow> for CaseRecord {
    type Error = StoreError;
    fn try_from(r: CaseRow) -> StoreResult<Self> {
        Ok(CaseRecord {
            id: CaseId(r.id),
            code: parse_key("cases.code", &r.code, |v| CaseCode::parse(v).ok())?,
            status: parse_key("cases.status", &r.status, CaseStatus::parse)?,
            nickname: r.nickname,
            caseworker_id: StaffId(r.caseworker_id),
            created_at: from_millis(r.created_at),
            closed_at: r.closed_at.map(from_millis),
            close_reason: r.close_reason.as_deref().and_then(CloseReason::parse),
            exported_at: r.exported_at.map(from_millis),
        })
    }
}

pub(super) const CASE_COLUMNS: &str = "c.id, c.code, c.nickname, c.caseworker_id, c.status, c.created_at, c.closed_at, c.close_reason, c.exported_at";

/// A goal as stored.
#[derive(Debug, Clone)]
pub struct GoalRecord {
    pub id: GoalId,
    pub case_id: CaseId,
    pub area: FocusArea,
    /// The young person's own words.
    pub youth_text: String,
    /// Optional wording shown to witnesses and parents.
    pub witness_text: Option<String>,
    pub scale: ScaleKind,
    pub status: GoalStatus,
    pub position: i64,
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    case_id: i64,
    area: String,
    youth_text: String,
    witness_text: Option<String>,
    scale: String,
    status: String,
    position: i64,
}

impl TryFrom<GoalRow> for GoalRecord {
    type Error = StoreError;
    fn try_from(r: GoalRow) -> StoreResult<Self> {
        Ok(GoalRecord {
            id: GoalId(r.id),
            case_id: CaseId(r.case_id),
            area: parse_key("goals.area", &r.area, FocusArea::parse)?,
            scale: parse_key("goals.scale", &r.scale, |v| ScaleKind::parse(v).ok())?,
            status: parse_key("goals.status", &r.status, GoalStatus::parse)?,
            youth_text: r.youth_text,
            witness_text: r.witness_text,
            position: r.position,
        })
    }
}

const GOAL_COLUMNS: &str = "id, case_id, area, youth_text, witness_text, scale, status, position";

impl Tx {
    /// Creates a case; [`StoreError::Conflict`] if the code is taken (the caller draws again).
    pub async fn create_case(
        &mut self,
        code: &CaseCode,
        nickname: &str,
        caseworker: StaffId,
        now: DateTime<Utc>,
    ) -> StoreResult<CaseId> {
        let sql = "INSERT INTO cases (code, nickname, caseworker_id, status, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(code.as_str())
            .bind(nickname)
            .bind(caseworker.0)
            .bind(CaseStatus::Active.key())
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await
            .map_err(conflict_aware)?);
        Ok(CaseId(id))
    }

    pub async fn case_by_code(&mut self, code: &CaseCode) -> StoreResult<Option<CaseRecord>> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.code = $1");
        let row: Option<CaseRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(code.as_str())
            .fetch_optional(&mut *c)
            .await?);
        row.map(CaseRecord::try_from).transpose()
    }

    pub async fn case(&mut self, id: CaseId) -> StoreResult<Option<CaseRecord>> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = $1");
        let row: Option<CaseRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(CaseRecord::try_from).transpose()
    }

    /// The cases a staff member owns, plus, for a team leader, those of the team's caseworkers.
    pub async fn cases_visible_to(&mut self, staff: StaffId) -> StoreResult<Vec<CaseRecord>> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN staff owner ON owner.id = c.caseworker_id \
             WHERE c.caseworker_id = $1 OR EXISTS ( \
                 SELECT 1 FROM staff lead WHERE lead.id = $1 AND lead.role = 'teamleader' \
                 AND lead.team IS NOT NULL AND lead.team = owner.team AND lead.municipality = owner.municipality) \
             ORDER BY c.created_at, c.id"
        );
        let rows: Vec<CaseRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CaseRecord::try_from).collect()
    }

    /// Adds a goal at the end of the case's list.
    pub async fn add_goal(
        &mut self,
        case_id: CaseId,
        area: FocusArea,
        youth_text: &str,
        scale: ScaleKind,
        now: DateTime<Utc>,
    ) -> StoreResult<GoalId> {
        let sql = "INSERT INTO goals (case_id, area, youth_text, scale, status, position, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, \
                   (SELECT COALESCE(MAX(position), 0) + 1 FROM goals WHERE case_id = $1), $6, $6) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(area.key())
            .bind(youth_text)
            .bind(scale.key())
            .bind(GoalStatus::Active.key())
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        self.record_goal_wording(GoalId(id), "youth", Some(youth_text), now)
            .await?;
        Ok(GoalId(id))
    }

    /// Keeps every wording a goal had, for the journal's wording history.
    async fn record_goal_wording(
        &mut self,
        goal: GoalId,
        audience: &str,
        text: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO goal_wordings (goal_id, audience, text, at) VALUES ($1, $2, $3, $4)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(goal.0)
            .bind(audience)
            .bind(text)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn goal(&mut self, id: GoalId) -> StoreResult<Option<GoalRecord>> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1");
        let row: Option<GoalRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(GoalRecord::try_from).transpose()
    }

    /// Sets the wording witnesses and parents see (None: they see the young person's words).
    pub async fn set_goal_witness_text(
        &mut self,
        id: GoalId,
        text: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE goals SET witness_text = $1, updated_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(text)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        self.record_goal_wording(id, "network", text, now).await
    }

    pub async fn set_goal_scale(
        &mut self,
        id: GoalId,
        scale: ScaleKind,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE goals SET scale = $1, updated_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(scale.key())
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn goals_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<GoalRecord>> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE case_id = $1 ORDER BY position, id");
        let rows: Vec<GoalRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(GoalRecord::try_from).collect()
    }
}
