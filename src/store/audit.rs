//! The audit log: who did what to which case, and when. Never the free text itself.

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;
use crate::domain::ids::{CaseId, ParticipantId, StaffId};

/// Who performed an audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// An operator on the command line.
    Operator,
    Staff(StaffId),
    Participant(ParticipantId),
    /// The service itself (e.g. a participant blocked by Telegram).
    System,
}

/// One line of the audit log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// A stable action name, e.g. `case.created`, `goal.added`, `invite.created`.
    pub action: &'static str,
    pub case_id: Option<CaseId>,
    /// What the action touched, e.g. `goal` with its id.
    pub subject: Option<(&'static str, i64)>,
}

impl Tx {
    pub async fn audit(&mut self, entry: AuditEntry) -> StoreResult<()> {
        let (actor, actor_id) = match entry.actor {
            Actor::Operator => ("operator", None),
            Actor::Staff(id) => ("staff", Some(id.0)),
            Actor::Participant(id) => ("participant", Some(id.0)),
            Actor::System => ("system", None),
        };
        let sql = "INSERT INTO audit_log (at, actor, actor_id, action, case_id, subject, subject_id) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(entry.at))
            .bind(actor)
            .bind(actor_id)
            .bind(entry.action)
            .bind(entry.case_id.map(|c| c.0))
            .bind(entry.subject.map(|s| s.0))
            .bind(entry.subject.map(|s| s.1))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The actions recorded for a case, oldest first (for tests and exports).
    pub async fn audit_actions_for_case(&mut self, case_id: CaseId) -> StoreResult<Vec<String>> {
        let sql = "SELECT action FROM audit_log WHERE case_id = $1 ORDER BY id";
        let rows: Vec<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
