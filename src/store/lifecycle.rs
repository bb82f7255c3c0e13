//! The life cycle's SQL: closing, the export mark, the retention pass (purge, reminders), the
//! outbox and inbox hygiene, the audit printout and its deletion after a purge.

use chrono::{DateTime, Duration, Utc};

use super::{StoreResult, Tx, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::case::{
    AUDIT_KEPT_AFTER_PURGE_DAYS, CaseCode, CaseStatus, CloseReason, PARKED_PAYLOAD_DAYS,
};
use crate::domain::ids::{CaseId, StaffId};

/// A closed case as the retention pass sees it.
#[derive(Debug, Clone)]
pub struct ClosedCase {
    pub id: CaseId,
    pub code: CaseCode,
    pub caseworker_id: StaffId,
    pub status: CaseStatus,
    pub closed_at: Option<DateTime<Utc>>,
    pub exported_at: Option<DateTime<Utc>>,
    pub reminded: bool,
}

/// How many rows of each kind a purge deletes (or would delete).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    pub goals: i64,
    pub participants: i64,
    pub checkins: i64,
    pub answers: i64,
    pub alerts: i64,
    pub assessed_alerts: i64,
    pub notes: i64,
    pub reports: i64,
    pub meetings: i64,
    pub call_tasks: i64,
    pub safety_checks: i64,
    pub messages: i64,
}

impl PurgeCounts {
    /// `goals=2 participants=3 …`: the counts as one line, for the audit log and the CLI.
    pub fn line(&self) -> String {
        format!(
            "goals={} participants={} checkins={} answers={} alerts={} assessed={} notes={} reports={} meetings={} calls={} safety_checks={} messages={}",
            self.goals,
            self.participants,
            self.checkins,
            self.answers,
            self.alerts,
            self.assessed_alerts,
            self.notes,
            self.reports,
            self.meetings,
            self.call_tasks,
            self.safety_checks,
            self.messages
        )
    }

    pub fn total(&self) -> i64 {
        self.goals
            + self.participants
            + self.checkins
            + self.answers
            + self.alerts
            + self.notes
            + self.reports
            + self.meetings
            + self.call_tasks
            + self.safety_checks
            + self.messages
    }
}

/// One audit row as printed by `taetkontakt audit` (never a text: there is none in the log).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub case_id: Option<i64>,
    pub subject: Option<String>,
    pub subject_id: Option<i64>,
}

/// What an audit printout is about.
#[derive(Debug, Clone, Copy)]
pub enum AuditFilter {
    Case(CaseId),
    Staff(StaffId),
}

/// Tables whose rows about a case are found through its participants (person-keyed), and
/// those found through the case id, in the order a delete must take them (children first).
const DELETE_STEPS: &[&str] = &[
    "DELETE FROM safety_check_alerts WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1) \
     OR alert_id IN (SELECT id FROM alerts WHERE case_id = $1)",
    "DELETE FROM safety_checks WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1)",
    "DELETE FROM answer_events WHERE prompt_id IN (SELECT pr.id FROM prompts pr JOIN checkins ch ON ch.id = pr.checkin_id WHERE ch.case_id = $1)",
    "DELETE FROM prompts WHERE checkin_id IN (SELECT id FROM checkins WHERE case_id = $1)",
    "DELETE FROM meeting_invitees WHERE meeting_id IN (SELECT id FROM meetings WHERE case_id = $1)",
    "DELETE FROM call_tasks WHERE case_id = $1",
    "DELETE FROM checkins WHERE case_id = $1",
    "DELETE FROM disagreements WHERE case_id = $1",
    "DELETE FROM assessments WHERE alert_id IN (SELECT id FROM alerts WHERE case_id = $1)",
    "DELETE FROM alerts WHERE case_id = $1",
    "DELETE FROM notes WHERE case_id = $1",
    "DELETE FROM reports WHERE case_id = $1",
    "DELETE FROM meetings WHERE case_id = $1",
    "DELETE FROM statutory_follow_ups WHERE case_id = $1",
    "DELETE FROM goal_wordings WHERE goal_id IN (SELECT id FROM goals WHERE case_id = $1)",
    "DELETE FROM goals WHERE case_id = $1",
    "DELETE FROM outbox WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1)",
    "DELETE FROM invites WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1)",
    "DELETE FROM participants WHERE case_id = $1",
    "DELETE FROM cases WHERE id = $1",
];

const COUNTS_SQL: &str = "SELECT \
    (SELECT COUNT(*) FROM goals WHERE case_id = $1), \
    (SELECT COUNT(*) FROM participants WHERE case_id = $1), \
    (SELECT COUNT(*) FROM checkins WHERE case_id = $1), \
    (SELECT COUNT(*) FROM prompts pr JOIN checkins ch ON ch.id = pr.checkin_id WHERE ch.case_id = $1 AND pr.status = 'answered'), \
    (SELECT COUNT(*) FROM alerts WHERE case_id = $1), \
    (SELECT COUNT(*) FROM alerts WHERE case_id = $1 AND status = 'assessed'), \
    (SELECT COUNT(*) FROM notes WHERE case_id = $1), \
    (SELECT COUNT(*) FROM reports WHERE case_id = $1), \
    (SELECT COUNT(*) FROM meetings WHERE case_id = $1), \
    (SELECT COUNT(*) FROM call_tasks WHERE case_id = $1), \
    (SELECT COUNT(*) FROM safety_checks WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1)), \
    (SELECT COUNT(*) FROM outbox WHERE participant_id IN (SELECT id FROM participants WHERE case_id = $1))";

type CountsRow = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

impl Tx {
    /// Closes an open case with a reason. False if it was not open (closed twice, a race).
    pub async fn close_case(
        &mut self,
        id: CaseId,
        reason: CloseReason,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE cases SET status = 'closed', closed_at = $1, close_reason = $2, updated_at = $1 \
                   WHERE id = $3 AND status IN ('active', 'paused')";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(reason.key())
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        // Nothing scheduled is due for anyone in a closed case any more.
        let sql = "UPDATE participants SET next_checkin_at = NULL, paused_until = NULL, updated_at = $1 \
                   WHERE case_id = $2";
        self.stamp(sql, now, id.0).await?;
        Ok(changed == 1)
    }

    /// The full journal was made: a closed case becomes `exported`. The retention period counts
    /// from the first export, so asking for the journal again never postpones the purge.
    pub async fn mark_case_exported(&mut self, id: CaseId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE cases SET status = 'exported', exported_at = COALESCE(exported_at, $1), updated_at = $1 \
                   WHERE id = $2 AND status IN ('closed', 'exported')";
        self.stamp(sql, now, id.0).await?;
        Ok(())
    }

    /// Closed and exported cases, for the retention pass.
    pub async fn closed_cases(&mut self) -> StoreResult<Vec<ClosedCase>> {
        let sql = "SELECT id, code, caseworker_id, status, closed_at, exported_at, purge_reminded_at FROM cases \
                   WHERE status IN ('closed', 'exported') ORDER BY id";
        type Row = (i64, String, i64, String, Option<i64>, Option<i64>, Option<i64>);
        let rows: Vec<Row> = on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?);
        rows.into_iter()
            .map(|(id, code, caseworker, status, closed, exported, reminded)| {
                Ok(ClosedCase {
                    id: CaseId(id),
                    code: parse_key("cases.code", &code, |v| CaseCode::parse(v).ok())?,
                    caseworker_id: StaffId(caseworker),
                    status: parse_key("cases.status", &status, CaseStatus::parse)?,
                    closed_at: closed.map(from_millis),
                    exported_at: exported.map(from_millis),
                    reminded: reminded.is_some(),
                })
            })
            .collect()
    }

    pub async fn mark_purge_reminded(&mut self, id: CaseId, now: DateTime<Utc>) -> StoreResult<()> {
        let sql = "UPDATE cases SET purge_reminded_at = $1 WHERE id = $2";
        self.stamp(sql, now, id.0).await?;
        Ok(())
    }

    /// What a purge of the case would delete.
    pub async fn purge_counts(&mut self, id: CaseId) -> StoreResult<PurgeCounts> {
        let r: CountsRow = on_conn!(self, |c| sqlx::query_as(COUNTS_SQL)
            .bind(id.0)
            .fetch_one(&mut *c)
            .await?);
        Ok(PurgeCounts {
            goals: r.0,
            participants: r.1,
            checkins: r.2,
            answers: r.3,
            alerts: r.4,
            assessed_alerts: r.5,
            notes: r.6,
            reports: r.7,
            meetings: r.8,
            call_tasks: r.9,
            safety_checks: r.10,
            messages: r.11,
        })
    }

    /// Deletes every personal row of an exported case: what the people wrote and answered,
    /// who they are, their chats' queued and parked payloads and conversation state. What is
    /// left: anonymous counts in `purged_cases`, and the audit log (with an entry
    /// `case.purged` carrying the counts), itself deleted half a year later.
    pub async fn purge_case(&mut self, id: CaseId, now: DateTime<Utc>) -> StoreResult<Option<PurgeCounts>> {
        let Some(case) = self.case(id).await? else {
            return Ok(None);
        };
        if case.status.apply(crate::domain::case::CaseEvent::Purge).is_err() {
            return Ok(None);
        }
        let counts = self.purge_counts(id).await?;
        // The anonymous aggregate for management information, before the rows go.
        let sql = "INSERT INTO purged_cases (team, municipality, closed_month, close_reason, goals, participants, answers, alerts, \
                   assessed_alerts, meetings, call_tasks, purged_month, opened_month) \
                   SELECT s.team, s.municipality, $2, COALESCE(c.close_reason, 'other'), $3, \
                   (SELECT COUNT(*) FROM participants WHERE case_id = c.id AND consent_at IS NOT NULL), \
                   $4, $5, $6, (SELECT COUNT(*) FROM meetings WHERE case_id = c.id AND status = 'held'), $7, $8, $9 \
                   FROM cases c JOIN staff s ON s.id = c.caseworker_id WHERE c.id = $1";
        let closed_month = case.closed_at.unwrap_or(now).format("%Y-%m").to_string();
        let opened_month = case.created_at.format("%Y-%m").to_string();
        on_conn!(self, |c| sqlx::query(sql)
            .bind(id.0)
            .bind(&closed_month)
            .bind(counts.goals)
            .bind(counts.answers)
            .bind(counts.alerts)
            .bind(counts.assessed_alerts)
            .bind(counts.call_tasks)
            .bind(now.format("%Y-%m").to_string())
            .bind(&opened_month)
            .execute(&mut *c)
            .await?
            .rows_affected());

        // The people's chats: their conversation state, and (for those in no other case) every
        // queued or sent row to them; parked updates from them lose their payload.
        let sql = "SELECT DISTINCT p.telegram_user_id, \
                   (SELECT COUNT(*) FROM participants o WHERE o.telegram_user_id = p.telegram_user_id AND o.case_id <> p.case_id) \
                   + (SELECT COUNT(*) FROM staff s WHERE s.telegram_user_id = p.telegram_user_id) \
                   FROM participants p WHERE p.case_id = $1 AND p.telegram_user_id IS NOT NULL";
        let chats: Vec<(i64, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_all(&mut *c)
            .await?);
        for (chat, elsewhere) in chats {
            self.clear_conversation(chat).await?;
            if elsewhere == 0 {
                let sql = "DELETE FROM outbox WHERE chat_id = $1";
                on_conn!(self, |c| sqlx::query(sql)
                    .bind(chat)
                    .execute(&mut *c)
                    .await?
                    .rows_affected());
            }
            // Update JSON carries the sender as `"id":<user id>,` (from and chat alike).
            let sql = "UPDATE inbox SET payload = NULL WHERE payload LIKE $1";
            let pattern = format!("%\"id\":{chat},%");
            on_conn!(self, |c| sqlx::query(sql)
                .bind(&pattern)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        // Messages to staff about the case name its code; none of them keeps its text.
        let pattern = format!("%{}%", case.code.as_str());
        let sql = "UPDATE outbox SET payload = '', \
                   status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END \
                   WHERE payload LIKE $1";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(&pattern)
            .execute(&mut *c)
            .await?
            .rows_affected());
        let sql = "UPDATE inbox SET payload = NULL WHERE payload LIKE $1";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(&pattern)
            .execute(&mut *c)
            .await?
            .rows_affected());
        // A staff member's half-finished conversation about this case (e.g. picking a reason).
        let sql = "DELETE FROM conversations WHERE state LIKE $1 OR state LIKE $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(format!("%\"case\":{},%", id.0))
            .bind(format!("%\"case\":{}}}%", id.0))
            .execute(&mut *c)
            .await?
            .rows_affected());

        for step in DELETE_STEPS {
            on_conn!(self, |c| sqlx::query(step)
                .bind(id.0)
                .execute(&mut *c)
                .await?
                .rows_affected());
        }
        let sql = "INSERT INTO audit_log (at, actor, actor_id, action, case_id, subject, subject_id) \
                   VALUES ($1, 'system', NULL, 'case.purged', $2, $3, $4)";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(id.0)
            .bind(counts.line())
            .bind(counts.total())
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(Some(counts))
    }

    /// Outbox and inbox hygiene: a sent or cancelled message keeps its ids, times and status
    /// but not its text; a parked update loses its payload after 30 days. Returns rows cleared.
    pub async fn clear_spent_payloads(&mut self, now: DateTime<Utc>) -> StoreResult<u64> {
        let sql = "UPDATE outbox SET payload = '' WHERE status IN ('sent', 'cancelled') AND payload <> ''";
        let outbox = on_conn!(self, |c| sqlx::query(sql).execute(&mut *c).await?.rows_affected());
        let sql = "UPDATE inbox SET payload = NULL WHERE status = 'parked' AND payload IS NOT NULL AND received_at <= $1";
        let before = now - Duration::days(PARKED_PAYLOAD_DAYS);
        let inbox = on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(before))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(outbox + inbox)
    }

    /// How many outbox rows of each status still carry a payload (hygiene checks).
    pub async fn outbox_payloads_by_status(&mut self) -> StoreResult<Vec<(String, i64)>> {
        let sql = "SELECT status, COUNT(*) FROM outbox WHERE payload <> '' GROUP BY status ORDER BY status";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(&mut *c).await?))
    }

    /// Deletes the audit rows of cases purged more than half a year ago. Returns rows deleted.
    pub async fn delete_expired_audit(&mut self, now: DateTime<Utc>) -> StoreResult<u64> {
        let before = now - Duration::days(AUDIT_KEPT_AFTER_PURGE_DAYS);
        let sql = "DELETE FROM audit_log WHERE case_id IN ( \
                   SELECT case_id FROM audit_log WHERE action = 'case.purged' AND at <= $1)";
        Ok(on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(before))
            .execute(&mut *c)
            .await?
            .rows_affected()))
    }

    /// The audit rows of one case or one staff member, oldest first, within `[from, to)`.
    pub async fn audit_rows(
        &mut self,
        filter: AuditFilter,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> StoreResult<Vec<AuditRow>> {
        let (column, actor_clause, id) = match filter {
            AuditFilter::Case(id) => ("case_id", "", id.0),
            AuditFilter::Staff(id) => ("actor_id", " AND actor = 'staff'", id.0),
        };
        let sql = format!(
            "SELECT id, at, actor, actor_id, action, case_id, subject, subject_id FROM audit_log \
             WHERE {column} = $1{actor_clause} AND at >= $2 AND at < $3 ORDER BY at, id"
        );
        Ok(on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id)
            .bind(from.map_or(i64::MIN, to_millis))
            .bind(to.map_or(i64::MAX, to_millis))
            .fetch_all(&mut *c)
            .await?))
    }

    /// Every `table.column` in the database holding one of `texts` (as a substring) or, in a
    /// column named as in `ids`, one of those ids. For the purge test and an operator's check
    /// that a purge left nothing behind.
    pub async fn columns_mentioning(
        &mut self,
        texts: &[String],
        ids: &[(&str, i64)],
    ) -> StoreResult<Vec<String>> {
        let list_sql = if self.is_postgres() {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' ORDER BY table_name, column_name"
        } else {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' ORDER BY m.name, p.name"
        };
        let columns: Vec<(String, String)> =
            on_conn!(self, |c| sqlx::query_as(list_sql).fetch_all(&mut *c).await?);
        let mut hits = Vec::new();
        for (table, column) in columns {
            let mut found = false;
            for text in texts {
                let sql = format!("SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE $1");
                let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(&sql)
                    .bind(format!("%{text}%"))
                    .fetch_one(&mut *c)
                    .await?);
                found |= n > 0;
            }
            for (name, id) in ids {
                let id_column = column == *name || (column == "id" && table == id_table(name));
                if !id_column {
                    continue;
                }
                let sql = format!("SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) = $1");
                let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(&sql)
                    .bind(id.to_string())
                    .fetch_one(&mut *c)
                    .await?);
                found |= n > 0;
            }
            if found {
                hits.push(format!("{table}.{column}"));
            }
        }
        Ok(hits)
    }
}

/// `case_id` → `cases`: the table whose own `id` an id column refers to.
fn id_table(column: &str) -> String {
    match column.strip_suffix("_id") {
        Some("case") => "cases".into(),
        Some(other) => format!("{other}s"),
        None => String::new(),
    }
}
