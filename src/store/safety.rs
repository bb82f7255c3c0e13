//! Check questions of the Bekymring tier and the possible-concern alerts they raised.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::ids::{AlertId, ParticipantId, SafetyCheckId};
use crate::domain::safety::check::CheckAnswer;

/// A check question as stored.
#[derive(Debug, Clone)]
pub struct SafetyCheckRecord {
    pub id: SafetyCheckId,
    pub chat_id: i64,
    pub participant_id: ParticipantId,
    pub category: String,
    pub signal: String,
    pub created_at: DateTime<Utc>,
    pub escalate_at: DateTime<Utc>,
    pub answer: Option<CheckAnswer>,
    pub escalated: bool,
}

#[derive(sqlx::FromRow)]
struct SafetyCheckRow {
    id: i64,
    chat_id: i64,
    participant_id: i64,
    category: String,
    signal: String,
    created_at: i64,
    escalate_at: i64,
    answer: Option<String>,
    escalated_at: Option<i64>,
}

impl TryFrom<SafetyCheckRow> for SafetyCheckRecord {
    type Error = super::StoreError;
    fn try_from(r: SafetyCheckRow) -> StoreResult<Self> {
        let answer = match r.answer {
            Some(key) => Some(parse_key("safety_checks.answer", &key, CheckAnswer::from_key)?),
            None => None,
        };
        Ok(SafetyCheckRecord {
            id: SafetyCheckId(r.id),
            chat_id: r.chat_id,
            participant_id: ParticipantId(r.participant_id),
            category: r.category,
            signal: r.signal,
            created_at: from_millis(r.created_at),
            escalate_at: from_millis(r.escalate_at),
            answer,
            escalated: r.escalated_at.is_some(),
        })
    }
}

const CHECK_COLUMNS: &str =
    "id, chat_id, participant_id, category, signal, created_at, escalate_at, answer, escalated_at";

/// A new check question.
pub struct NewSafetyCheck<'a> {
    pub chat_id: i64,
    pub participant_id: ParticipantId,
    pub category: &'a str,
    pub signal: &'a str,
    pub escalate_at: DateTime<Utc>,
}

impl Tx {
    pub async fn insert_safety_check(
        &mut self,
        check: &NewSafetyCheck<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<SafetyCheckId> {
        let sql = "INSERT INTO safety_checks (chat_id, participant_id, category, signal, created_at, escalate_at) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(check.chat_id)
            .bind(check.participant_id.0)
            .bind(check.category)
            .bind(check.signal)
            .bind(to_millis(now))
            .bind(to_millis(check.escalate_at))
            .fetch_one(&mut *c)
            .await?);
        Ok(SafetyCheckId(id))
    }

    /// Remembers that `alert` (about `participant`) was raised by this check.
    pub async fn link_safety_check_alert(
        &mut self,
        check: SafetyCheckId,
        alert: AlertId,
        participant: ParticipantId,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO safety_check_alerts (check_id, alert_id, participant_id) VALUES ($1, $2, $3)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(check.0)
            .bind(alert.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn safety_check(&mut self, id: SafetyCheckId) -> StoreResult<Option<SafetyCheckRecord>> {
        let sql = format!("SELECT {CHECK_COLUMNS} FROM safety_checks WHERE id = $1");
        let row: Option<SafetyCheckRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(SafetyCheckRecord::try_from).transpose()
    }

    /// The alerts a check raised, with the participation each is about.
    pub async fn safety_check_alerts(
        &mut self,
        id: SafetyCheckId,
    ) -> StoreResult<Vec<(AlertId, ParticipantId)>> {
        let sql =
            "SELECT alert_id, participant_id FROM safety_check_alerts WHERE check_id = $1 ORDER BY alert_id";
        let rows: Vec<(i64, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(a, p)| (AlertId(a), ParticipantId(p)))
            .collect())
    }

    /// Stores the first answer; false if the check was answered before (a second press).
    pub async fn answer_safety_check(
        &mut self,
        id: SafetyCheckId,
        answer: CheckAnswer,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE safety_checks SET answer = $1, answered_at = $2 WHERE id = $3 AND answer IS NULL";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(answer.key())
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }

    /// Unanswered checks past their deadline that have not escalated yet.
    pub async fn safety_checks_to_escalate(
        &mut self,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<SafetyCheckRecord>> {
        let sql = format!(
            "SELECT {CHECK_COLUMNS} FROM safety_checks WHERE answer IS NULL AND escalated_at IS NULL \
             AND escalate_at <= $1 ORDER BY id LIMIT 100"
        );
        let rows: Vec<SafetyCheckRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(to_millis(now))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(SafetyCheckRecord::try_from).collect()
    }

    /// Marks a check escalated; false if it was answered or escalated meanwhile.
    pub async fn mark_safety_check_escalated(
        &mut self,
        id: SafetyCheckId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE safety_checks SET escalated_at = $1 WHERE id = $2 AND answer IS NULL AND escalated_at IS NULL";
        let changed = self.stamp(sql, now, id.0).await?;
        Ok(changed == 1)
    }
}
