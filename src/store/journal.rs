//! Gathering a case's journal (journaludskrift): everything the municipality must file in its
//! own case system, for one case and an optional period. Formatting lives in `render::journal`.
//! Also one person's own data (`export --participant`), for a data subject's access request.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{StoreResult, Tx, on_conn};
use crate::clock::{from_millis, to_millis};
use crate::domain::ids::{CaseId, ParticipantId};

/// The period a journal covers; `None` ends are open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

impl Period {
    fn bounds(&self) -> (i64, i64) {
        (
            self.from.map_or(i64::MIN, to_millis),
            self.to.map_or(i64::MAX, to_millis),
        )
    }
}

/// One case's journal, as data. Keys (roles, rules, decisions) are the stored enum keys; the
/// renderer turns them into words.
#[derive(Debug, Clone, Serialize)]
pub struct Journal {
    pub case: JournalCase,
    pub period: Period,
    pub made_at: DateTime<Utc>,
    pub participants: Vec<JournalParticipant>,
    pub goals: Vec<JournalGoal>,
    pub answers: Vec<JournalAnswer>,
    pub alerts: Vec<JournalAlert>,
    pub reports: Vec<JournalReport>,
    pub notes: Vec<JournalNote>,
    pub meetings: Vec<JournalMeeting>,
    pub calls: Vec<JournalCall>,
    pub statutory: Option<JournalStatutory>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalCase {
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    pub nickname: String,
    pub caseworker: String,
    pub team: Option<String>,
    pub status: String,
    #[serde(serialize_with = "ser_millis")]
    pub created_at: i64,
    #[serde(serialize_with = "ser_opt_millis")]
    pub closed_at: Option<i64>,
    pub close_reason: Option<String>,
    #[serde(serialize_with = "ser_opt_millis")]
    pub exported_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalParticipant {
    pub id: i64,
    pub role: String,
    pub name: Option<String>,
    pub relation: Option<String>,
    pub status: String,
    #[serde(serialize_with = "ser_millis")]
    pub invited_at: i64,
    #[serde(serialize_with = "ser_opt_millis")]
    pub joined_at: Option<i64>,
    /// When the person stopped or was removed (the last change of a participation that ended).
    #[serde(serialize_with = "ser_opt_millis")]
    pub left_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JournalGoal {
    pub id: i64,
    pub position: i64,
    pub area: String,
    pub scale: String,
    pub status: String,
    pub youth_text: String,
    pub network_text: Option<String>,
    /// Every wording the goal has had, oldest first.
    pub wordings: Vec<JournalWording>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalWording {
    #[serde(skip)]
    pub goal_id: i64,
    /// `youth` (the young person's own words) or `network` (what parents and witnesses see).
    pub audience: String,
    pub text: Option<String>,
    #[serde(serialize_with = "ser_millis")]
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalAnswer {
    pub participant_id: i64,
    pub goal_id: i64,
    /// `answered`, `skipped` or `missed`.
    pub status: String,
    pub value: Option<i64>,
    #[serde(serialize_with = "ser_millis")]
    pub asked_at: i64,
    #[serde(serialize_with = "ser_opt_millis")]
    pub answered_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JournalAlert {
    pub id: i64,
    pub rule: String,
    pub urgency: String,
    pub status: String,
    pub goal_id: Option<i64>,
    pub participant_id: Option<i64>,
    /// The numbers behind the alert, as stored.
    pub facts: serde_json::Value,
    pub raised_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub assessments: Vec<JournalAssessment>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalAssessment {
    #[serde(skip)]
    pub alert_id: i64,
    pub staff: String,
    pub decision: String,
    pub reason: Option<String>,
    #[serde(serialize_with = "ser_millis")]
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalReport {
    pub participant_id: i64,
    pub goal_id: Option<i64>,
    pub direction: String,
    pub text: Option<String>,
    #[serde(serialize_with = "ser_millis")]
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalNote {
    pub participant_id: i64,
    pub kind: String,
    pub text: String,
    /// The danger category, when the text was answered with help numbers.
    pub danger: Option<String>,
    #[serde(serialize_with = "ser_millis")]
    pub at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct JournalMeeting {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub at: DateTime<Utc>,
    pub place: Option<String>,
    pub agenda_sent_at: Option<DateTime<Utc>>,
    pub held_at: Option<DateTime<Utc>>,
    pub invitees: Vec<JournalInvitee>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalInvitee {
    #[serde(skip)]
    pub meeting_id: i64,
    pub participant_id: i64,
    #[serde(skip)]
    pub wishes_json: String,
    #[sqlx(skip)]
    pub wishes: Vec<String>,
    pub attended: bool,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalCall {
    pub participant_id: i64,
    pub reason: String,
    pub status: String,
    pub created_on: String,
    pub due_on: String,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub not_reached: i64,
    #[serde(serialize_with = "ser_opt_millis")]
    pub done_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalStatutory {
    pub support_started_on: Option<String>,
    pub due_on: String,
}

/// One person's own data: their participation, their answers and their own texts — never
/// what others wrote about the child.
#[derive(Debug, Clone, Serialize)]
pub struct OwnData {
    pub participant: JournalParticipant,
    pub case_code: String,
    pub goals: Vec<JournalGoal>,
    pub answers: Vec<JournalAnswer>,
    pub reports: Vec<JournalReport>,
    pub notes: Vec<JournalNote>,
    pub meetings: Vec<JournalInvitee>,
    pub made_at: DateTime<Utc>,
}

fn ser_millis<S: serde::Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
    from_millis(*v).serialize(s)
}

fn ser_opt_millis<S: serde::Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    v.map(from_millis).serialize(s)
}

const PARTICIPANT_COLUMNS: &str = "p.id, p.role, p.name, p.relation, p.status, p.created_at AS invited_at, \
     p.consent_at AS joined_at, CASE WHEN p.status IN ('stopped', 'removed') THEN p.updated_at END AS left_at";

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    position: i64,
    area: String,
    scale: String,
    status: String,
    youth_text: String,
    witness_text: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AlertRow {
    id: i64,
    rule: String,
    urgency: String,
    status: String,
    goal_id: Option<i64>,
    participant_id: Option<i64>,
    facts: String,
    raised_at: i64,
    escalated_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    kind: String,
    status: String,
    meeting_at: i64,
    place: Option<String>,
    agenda_sent_at: Option<i64>,
    held_at: Option<i64>,
}

impl Tx {
    /// The journal of a case for `period` (answers, alerts, texts, meetings and calls inside it;
    /// goals, participants and the statutory date always). `None` if the case does not exist.
    pub async fn journal(
        &mut self,
        case_id: CaseId,
        period: Period,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Journal>> {
        let sql = "SELECT c.id, c.code, c.nickname, s.name AS caseworker, s.team, c.status, c.created_at, \
                   c.closed_at, c.close_reason, c.exported_at \
                   FROM cases c JOIN staff s ON s.id = c.caseworker_id WHERE c.id = $1";
        let case: Option<JournalCase> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_optional(&mut *c)
            .await?);
        let Some(case) = case else {
            return Ok(None);
        };
        let (from, to) = period.bounds();
        let sql =
            format!("SELECT {PARTICIPANT_COLUMNS} FROM participants p WHERE p.case_id = $1 ORDER BY p.id");
        let participants: Vec<JournalParticipant> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        let goals = self.journal_goals(case_id).await?;
        let sql = "SELECT pr.participant_id, pr.goal_id, pr.status, pr.value, pr.sent_at AS asked_at, pr.answered_at \
                   FROM prompts pr JOIN checkins ch ON ch.id = pr.checkin_id \
                   WHERE ch.case_id = $1 AND pr.sent_at >= $2 AND pr.sent_at < $3 AND pr.status <> 'sent' \
                   ORDER BY pr.participant_id, pr.goal_id, pr.sent_at, pr.id";
        let answers: Vec<JournalAnswer> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT id, rule, urgency, status, goal_id, participant_id, facts, raised_at, escalated_at \
                   FROM alerts WHERE case_id = $1 AND raised_at >= $2 AND raised_at < $3 ORDER BY raised_at, id";
        let alert_rows: Vec<AlertRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT a.alert_id, s.name AS staff, a.decision, a.reason, a.created_at AS at \
                   FROM assessments a JOIN staff s ON s.id = a.staff_id JOIN alerts al ON al.id = a.alert_id \
                   WHERE al.case_id = $1 ORDER BY a.id";
        let assessments: Vec<JournalAssessment> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        let alerts = alert_rows
            .into_iter()
            .map(|r| JournalAlert {
                assessments: assessments
                    .iter()
                    .filter(|a| a.alert_id == r.id)
                    .cloned()
                    .collect(),
                id: r.id,
                rule: r.rule,
                urgency: r.urgency,
                status: r.status,
                goal_id: r.goal_id,
                participant_id: r.participant_id,
                facts: serde_json::from_str(&r.facts).unwrap_or(serde_json::Value::Null),
                raised_at: from_millis(r.raised_at),
                escalated_at: r.escalated_at.map(from_millis),
            })
            .collect();
        let sql = "SELECT r.participant_id, r.goal_id, r.direction, n.body AS text, r.created_at AS at \
                   FROM reports r LEFT JOIN notes n ON n.report_id = r.id \
                   WHERE r.case_id = $1 AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at, r.id";
        let reports: Vec<JournalReport> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT participant_id, kind, body AS text, danger, created_at AS at FROM notes \
                   WHERE case_id = $1 AND report_id IS NULL AND created_at >= $2 AND created_at < $3 \
                   ORDER BY created_at, id";
        let notes: Vec<JournalNote> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT id, kind, status, meeting_at, place, agenda_sent_at, held_at FROM meetings \
                   WHERE case_id = $1 AND meeting_at >= $2 AND meeting_at < $3 ORDER BY meeting_at, id";
        let meeting_rows: Vec<MeetingRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT i.meeting_id, i.participant_id, i.wishes AS wishes_json, i.attended <> 0 AS attended, \
                   i.rating, i.rating_comment FROM meeting_invitees i JOIN meetings m ON m.id = i.meeting_id \
                   WHERE m.case_id = $1 ORDER BY i.meeting_id, i.participant_id";
        let invitees = self.invitees_by(sql, case_id.0).await?;
        let meetings = meeting_rows
            .into_iter()
            .map(|m| JournalMeeting {
                invitees: invitees
                    .iter()
                    .filter(|i| i.meeting_id == m.id)
                    .cloned()
                    .collect(),
                id: m.id,
                kind: m.kind,
                status: m.status,
                at: from_millis(m.meeting_at),
                place: m.place,
                agenda_sent_at: m.agenda_sent_at.map(from_millis),
                held_at: m.held_at.map(from_millis),
            })
            .collect();
        let sql = "SELECT participant_id, reason, status, created_on, due_on, outcome, note, not_reached, done_at \
                   FROM call_tasks WHERE case_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id";
        let calls: Vec<JournalCall> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT support_started_on, due_on FROM statutory_follow_ups WHERE case_id = $1";
        let statutory: Option<JournalStatutory> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_optional(&mut *c)
            .await?);
        Ok(Some(Journal {
            case,
            period,
            made_at: now,
            participants,
            goals,
            answers,
            alerts,
            reports,
            notes,
            meetings,
            calls,
            statutory,
        }))
    }

    async fn journal_goals(&mut self, case_id: CaseId) -> StoreResult<Vec<JournalGoal>> {
        let sql = "SELECT id, position, area, scale, status, youth_text, witness_text FROM goals \
                   WHERE case_id = $1 ORDER BY position, id";
        let rows: Vec<GoalRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT w.goal_id, w.audience, w.text, w.at FROM goal_wordings w JOIN goals g ON g.id = w.goal_id \
                   WHERE g.case_id = $1 ORDER BY w.at, w.id";
        let wordings: Vec<JournalWording> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|g| JournalGoal {
                wordings: wordings.iter().filter(|w| w.goal_id == g.id).cloned().collect(),
                id: g.id,
                position: g.position,
                area: g.area,
                scale: g.scale,
                status: g.status,
                youth_text: g.youth_text,
                network_text: g.witness_text,
            })
            .collect())
    }

    async fn invitees_by(&mut self, sql: &str, id: i64) -> StoreResult<Vec<JournalInvitee>> {
        let mut rows: Vec<JournalInvitee> =
            on_conn!(self, |c| sqlx::query_as(sql).bind(id).fetch_all(&mut *c).await?);
        for row in &mut rows {
            row.wishes = serde_json::from_str(&row.wishes_json).unwrap_or_default();
        }
        Ok(rows)
    }

    /// One participant's own data (for `export --participant`): `None` if unknown.
    pub async fn own_data(
        &mut self,
        participant: ParticipantId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<OwnData>> {
        let sql = format!(
            "SELECT {PARTICIPANT_COLUMNS}, p.case_id, c.code FROM participants p JOIN cases c ON c.id = p.case_id \
             WHERE p.id = $1"
        );
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            p: JournalParticipant,
            case_id: i64,
            code: String,
        }
        let row: Option<Row> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(participant.0)
            .fetch_optional(&mut *c)
            .await?);
        let Some(row) = row else {
            return Ok(None);
        };
        let mut goals = self.journal_goals(CaseId(row.case_id)).await?;
        if row.p.role != "youth" {
            // A parent or witness was asked in the network's wording, never in the child's own.
            for goal in &mut goals {
                goal.youth_text = goal.network_text.clone().unwrap_or_default();
                goal.wordings.retain(|w| w.audience == "network");
            }
        }
        let sql = "SELECT participant_id, goal_id, status, value, sent_at AS asked_at, answered_at FROM prompts \
                   WHERE participant_id = $1 AND status <> 'sent' ORDER BY goal_id, sent_at, id";
        let answers: Vec<JournalAnswer> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT r.participant_id, r.goal_id, r.direction, n.body AS text, r.created_at AS at \
                   FROM reports r LEFT JOIN notes n ON n.report_id = r.id WHERE r.participant_id = $1 ORDER BY r.id";
        let reports: Vec<JournalReport> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT participant_id, kind, body AS text, danger, created_at AS at FROM notes \
                   WHERE participant_id = $1 AND report_id IS NULL ORDER BY id";
        let notes: Vec<JournalNote> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        let sql = "SELECT meeting_id, participant_id, wishes AS wishes_json, attended <> 0 AS attended, rating, \
                   rating_comment FROM meeting_invitees WHERE participant_id = $1 ORDER BY meeting_id";
        let meetings = self.invitees_by(sql, participant.0).await?;
        Ok(Some(OwnData {
            participant: row.p,
            case_code: row.code,
            goals,
            answers,
            reports,
            notes,
            meetings,
            made_at: now,
        }))
    }
}

/// A small journal with one alert assessed "Ingen handling" and `text` in every free-text
/// field, for the renderer's tests.
#[cfg(test)]
pub fn journal_fixture(text: &str) -> Journal {
    let t = 1_790_000_000_000;
    Journal {
        case: JournalCase {
            id: 1,
            code: "K-7F2Q".into(),
            nickname: text.into(),
            caseworker: "Mette".into(),
            team: Some("Nord".into()),
            status: "closed".into(),
            created_at: t,
            closed_at: Some(t + 1000),
            close_reason: Some("goal_reached".into()),
            exported_at: None,
        },
        period: Period::default(),
        made_at: from_millis(t + 2000),
        participants: vec![JournalParticipant {
            id: 5,
            role: "youth".into(),
            name: Some(text.into()),
            relation: None,
            status: "active".into(),
            invited_at: t,
            joined_at: Some(t + 10),
            left_at: None,
        }],
        goals: vec![JournalGoal {
            id: 7,
            position: 1,
            area: "skole".into(),
            scale: "0-10".into(),
            status: "active".into(),
            youth_text: text.into(),
            network_text: Some(text.into()),
            wordings: vec![
                JournalWording {
                    goal_id: 7,
                    audience: "youth".into(),
                    text: Some(text.into()),
                    at: t,
                },
                JournalWording {
                    goal_id: 7,
                    audience: "network".into(),
                    text: Some(text.into()),
                    at: t + 5,
                },
            ],
        }],
        answers: vec![JournalAnswer {
            participant_id: 5,
            goal_id: 7,
            status: "answered".into(),
            value: Some(3),
            asked_at: t + 100,
            answered_at: Some(t + 200),
        }],
        alerts: vec![JournalAlert {
            id: 9,
            rule: "reliable_drop".into(),
            urgency: "normal".into(),
            status: "assessed".into(),
            goal_id: Some(7),
            participant_id: Some(5),
            facts: serde_json::json!({"latest": 3, "previous": 7, "baseline": 7.0}),
            raised_at: from_millis(t + 300),
            escalated_at: None,
            assessments: vec![JournalAssessment {
                alert_id: 9,
                staff: "Mette".into(),
                decision: "no_action".into(),
                reason: Some(text.into()),
                at: t + 400,
            }],
        }],
        reports: vec![],
        notes: vec![JournalNote {
            participant_id: 5,
            kind: "message".into(),
            text: text.into(),
            danger: None,
            at: t + 500,
        }],
        meetings: vec![],
        calls: vec![],
        statutory: None,
    }
}
