//! Staff changes: the staff list, deactivation (fratræden), handing cases over (overdragelse)
//! and absences with their cover (fravær).

use chrono::{DateTime, NaiveDate, Utc};

use super::calls::{date_text, parse_date};
use super::cases::{CASE_COLUMNS, CaseRow};
use super::people::{STAFF_COLUMNS, StaffRow};
use super::{CaseRecord, StaffRecord, StoreResult, Tx, on_conn};
use crate::clock::to_millis;
use crate::domain::ids::{AbsenceId, CaseId, StaffId};
use crate::domain::staff::{Absence, StaffStatus};

/// An absence as stored, with who covers it.
#[derive(Debug, Clone)]
pub struct AbsenceRecord {
    pub id: AbsenceId,
    pub staff_id: StaffId,
    /// Who gets the new alerts and digests; `None` only if nobody could be found.
    pub cover_id: Option<StaffId>,
    pub absence: Absence,
}

#[derive(sqlx::FromRow)]
struct AbsenceRow {
    id: i64,
    staff_id: i64,
    cover_id: Option<i64>,
    from_on: String,
    to_on: String,
}

impl TryFrom<AbsenceRow> for AbsenceRecord {
    type Error = super::StoreError;
    fn try_from(r: AbsenceRow) -> StoreResult<Self> {
        let from = parse_date("staff_absences.from_on", &r.from_on)?;
        let to = parse_date("staff_absences.to_on", &r.to_on)?;
        let absence = Absence::new(from, to).map_err(|_| super::StoreError::Corrupt {
            column: "staff_absences.to_on",
            value: r.to_on.clone(),
        })?;
        Ok(AbsenceRecord {
            id: AbsenceId(r.id),
            staff_id: StaffId(r.staff_id),
            cover_id: r.cover_id.map(StaffId),
            absence,
        })
    }
}

const ABSENCE_COLUMNS: &str = "id, staff_id, cover_id, from_on, to_on";

impl Tx {
    /// Every staff member, active or not, by id (for the operator's `staff list`).
    pub async fn all_staff(&mut self) -> StoreResult<Vec<StaffRecord>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY id");
        let rows: Vec<StaffRow> = on_conn!(self, |c| sqlx::query_as(&sql).fetch_all(&mut *c).await?);
        rows.into_iter().map(StaffRecord::try_from).collect()
    }

    /// Active staff of a team in a municipality (colleagues a case can be handed over to), by name.
    pub async fn active_staff_of_team(
        &mut self,
        municipality: &str,
        team: &str,
    ) -> StoreResult<Vec<StaffRecord>> {
        let sql = format!(
            "SELECT {STAFF_COLUMNS} FROM staff WHERE team = $1 AND municipality = $2 AND deactivated_at IS NULL \
             ORDER BY name, id"
        );
        let rows: Vec<StaffRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(team)
            .bind(municipality)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(StaffRecord::try_from).collect()
    }

    /// Deactivates (`Deactivated`, from `now`) or reactivates a staff member.
    pub async fn set_staff_status(
        &mut self,
        id: StaffId,
        status: StaffStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let at = match status {
            StaffStatus::Active => None,
            StaffStatus::Deactivated => Some(to_millis(now)),
        };
        let sql = "UPDATE staff SET deactivated_at = $1 WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The cases a staff member is the caseworker of, oldest first.
    pub async fn cases_of_caseworker(&mut self, id: StaffId) -> StoreResult<Vec<CaseRecord>> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c WHERE c.caseworker_id = $1 ORDER BY c.created_at, c.id"
        );
        let rows: Vec<CaseRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(CaseRecord::try_from).collect()
    }

    /// Gives a case another caseworker. Its alerts, call tasks, meetings and follow-ups belong
    /// to the case, so they move with it.
    pub async fn set_caseworker(&mut self, case: CaseId, to: StaffId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE cases SET caseworker_id = $1, updated_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to.0)
            .bind(to_millis(now))
            .bind(case.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn insert_absence(
        &mut self,
        staff: StaffId,
        cover: Option<StaffId>,
        absence: &Absence,
        now: DateTime<Utc>,
    ) -> StoreResult<AbsenceId> {
        let sql = "INSERT INTO staff_absences (staff_id, cover_id, from_on, to_on, created_at) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(staff.0)
            .bind(cover.map(|c| c.0))
            .bind(date_text(absence.from()))
            .bind(date_text(absence.to()))
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(AbsenceId(id))
    }

    /// Absences of a staff member not yet over on `today` (current or planned), soonest first.
    pub async fn absences_of(&mut self, staff: StaffId, today: NaiveDate) -> StoreResult<Vec<AbsenceRecord>> {
        let sql = format!(
            "SELECT {ABSENCE_COLUMNS} FROM staff_absences WHERE staff_id = $1 AND ended_at IS NULL \
             AND to_on >= $2 ORDER BY from_on, id"
        );
        let rows: Vec<AbsenceRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .bind(date_text(today))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AbsenceRecord::try_from).collect()
    }

    /// The absence of a staff member that covers `day`, if any.
    pub async fn absence_on(&mut self, staff: StaffId, day: NaiveDate) -> StoreResult<Option<AbsenceRecord>> {
        Ok(self
            .absences_of(staff, day)
            .await?
            .into_iter()
            .find(|a| a.absence.covers(day)))
    }

    /// Absences that `cover` covers on `day`.
    pub async fn absences_covered_by(
        &mut self,
        cover: StaffId,
        day: NaiveDate,
    ) -> StoreResult<Vec<AbsenceRecord>> {
        let sql = format!(
            "SELECT {ABSENCE_COLUMNS} FROM staff_absences WHERE cover_id = $1 AND ended_at IS NULL \
             AND from_on <= $2 AND to_on >= $2 ORDER BY staff_id, id"
        );
        let rows: Vec<AbsenceRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(cover.0)
            .bind(date_text(day))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(AbsenceRecord::try_from).collect()
    }

    /// Ends an absence early (the caseworker is back); true if it was still running.
    pub async fn end_absence(&mut self, id: AbsenceId, now: DateTime<Utc>) -> StoreResult<bool> {
        let sql = "UPDATE staff_absences SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL";
        let done = self.stamp(sql, now, id.0).await?;
        Ok(done == 1)
    }

    /// A deactivated staff member's absences end, and absences they covered go to `to`.
    pub async fn settle_absences_of_leaver(
        &mut self,
        leaver: StaffId,
        to: Option<StaffId>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let end = "UPDATE staff_absences SET ended_at = $1 WHERE staff_id = $2 AND ended_at IS NULL";
        on_conn!(self, |c| sqlx::query(end)
            .bind(to_millis(now))
            .bind(leaver.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        let moved = "UPDATE staff_absences SET cover_id = $1 WHERE cover_id = $2 AND ended_at IS NULL";
        on_conn!(self, |c| sqlx::query(moved)
            .bind(to.map(|s| s.0))
            .bind(leaver.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The audited actions about one staff member (subject `staff`), oldest first, for tests.
    pub async fn audit_actions_for_staff(&mut self, staff: StaffId) -> StoreResult<Vec<String>> {
        let sql = "SELECT action FROM audit_log WHERE subject = 'staff' AND subject_id = $1 ORDER BY id";
        let rows: Vec<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The audited actions a staff member performed, oldest first, for tests.
    pub async fn audit_actions_by_staff(&mut self, staff: StaffId) -> StoreResult<Vec<String>> {
        let sql = "SELECT action FROM audit_log WHERE actor = 'staff' AND actor_id = $1 ORDER BY id";
        let rows: Vec<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
