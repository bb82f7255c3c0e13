//! What the desk's case pages read beyond the chat's queries: the texts and reports
//! participants sent (newest first) and when each participant last answered.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::from_millis;
use crate::domain::alert_rules::ReportDirection;
use crate::domain::ids::{CaseId, ParticipantId};

/// A text or a report a participant sent to the caseworker.
#[derive(Debug, Clone)]
pub struct CaseMessage {
    pub at: DateTime<Utc>,
    pub participant_id: ParticipantId,
    /// `comment` (after a check-in), `report` (with a report), `message`; `None` for a
    /// report sent without a text.
    pub kind: Option<String>,
    pub text: Option<String>,
    /// The report's direction, when it is (or comes with) a report.
    pub direction: Option<ReportDirection>,
    /// The safety check found a possible danger in the text (the caseworker got an alert).
    pub danger: bool,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    at: i64,
    participant_id: i64,
    kind: Option<String>,
    body: Option<String>,
    direction: Option<String>,
    danger: Option<String>,
}

fn direction(key: &str) -> Option<ReportDirection> {
    serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
}

impl Tx {
    /// A case's texts and reports, newest first, at most `limit`.
    pub async fn case_messages(&mut self, case_id: CaseId, limit: i64) -> StoreResult<Vec<CaseMessage>> {
        // Texts (with their report's direction), then reports nobody wrote a text for.
        let sql = "SELECT n.id, n.created_at AS at, n.participant_id, n.kind, n.body, r.direction, n.danger \
                   FROM notes n LEFT JOIN reports r ON r.id = n.report_id WHERE n.case_id = $1 \
                   UNION ALL \
                   SELECT r.id, r.created_at AS at, r.participant_id, NULL AS kind, NULL AS body, r.direction, NULL AS danger \
                   FROM reports r WHERE r.case_id = $1 AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.report_id = r.id) \
                   ORDER BY at DESC, id DESC LIMIT $2";
        let rows: Vec<MessageRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|r| CaseMessage {
                at: from_millis(r.at),
                participant_id: ParticipantId(r.participant_id),
                kind: r.kind,
                text: r.body,
                direction: r.direction.as_deref().and_then(direction),
                danger: r.danger.is_some(),
            })
            .collect())
    }

    /// When each participant of a case last answered a question (participants who never did
    /// are left out).
    pub async fn last_answers_of_case(
        &mut self,
        case_id: CaseId,
    ) -> StoreResult<Vec<(ParticipantId, DateTime<Utc>)>> {
        let sql = "SELECT p.participant_id, MAX(p.answered_at) FROM prompts p JOIN participants pa ON pa.id = p.participant_id \
                   WHERE pa.case_id = $1 AND p.status = 'answered' AND p.answered_at IS NOT NULL GROUP BY p.participant_id";
        let rows: Vec<(i64, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(p, at)| (ParticipantId(p), from_millis(at)))
            .collect())
    }
}
