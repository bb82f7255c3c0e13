//! Bulk data for the desk benchmark: a year of weekly answers from every participant of the
//! given cases, written with a few set-based statements (a year of weekly check-ins for 30
//! cases × 4 people is 6 000 check-ins and 18 000 answers).

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;
use crate::domain::ids::CaseId;

impl Tx {
    /// Weekly answered check-ins on every goal of the cases `first..=last`, from each of their
    /// active participants, for `weeks` weeks from `start`; every ninth one missed.
    pub async fn seed_weekly_answers(
        &mut self,
        first: CaseId,
        last: CaseId,
        weeks: i64,
        start: DateTime<Utc>,
    ) -> StoreResult<()> {
        let week: i64 = 7 * 24 * 3600 * 1000;
        let checkins = "WITH RECURSIVE w(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM w WHERE k + 1 < $3) \
             INSERT INTO checkins (participant_id, case_id, planned_at, release_at, trigger, status, created_at) \
             SELECT p.id, p.case_id, $4 + k * $5, $4 + k * $5, 'schedule', \
             CASE WHEN (p.id + k) % 9 = 0 THEN 'missed' ELSE 'answered' END, $4 \
             FROM participants p, w WHERE p.case_id BETWEEN $1 AND $2 AND p.status = 'active'";
        let prompts = "INSERT INTO prompts (checkin_id, goal_id, participant_id, status, value, planned_at, sent_at, answered_at) \
             SELECT c.id, g.id, c.participant_id, CASE c.status WHEN 'missed' THEN 'missed' ELSE 'answered' END, \
             CASE c.status WHEN 'missed' THEN NULL ELSE 3 + (c.id + g.id) % 6 END, \
             c.planned_at, c.planned_at, CASE c.status WHEN 'missed' THEN NULL ELSE c.planned_at + 3600000 END \
             FROM checkins c JOIN goals g ON g.case_id = c.case_id WHERE c.case_id BETWEEN $1 AND $2";
        let start = to_millis(start);
        on_conn!(self, |c| sqlx::query(checkins)
            .bind(first.0)
            .bind(last.0)
            .bind(weeks)
            .bind(start)
            .bind(week)
            .execute(&mut *c)
            .await?
            .rows_affected());
        on_conn!(self, |c| sqlx::query(prompts)
            .bind(first.0)
            .bind(last.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }
}
