//! The rows behind the management report and the progress charts.

use super::{StoreResult, Tx, on_conn};
use crate::clock::from_millis;
use crate::domain::case::CaseStatus;
use crate::domain::ids::{CaseId, GoalId, ParticipantId};
use crate::domain::report::{
    AlertRow, AnswerRow, CallTaskRow, CaseRow, CheckinCount, GoalRow, MeetingRow, ParticipantRow,
    PurgedCaseRow, RatingRow, ReportData,
};

/// One prompt of a person on a goal, for charts: when it was planned, and the answer that
/// counts (None when missed or skipped: a gap, never a zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartPoint {
    pub planned_at: chrono::DateTime<chrono::Utc>,
    pub value: Option<i32>,
}

/// case, when the meeting was held, due day, done at, outcome.
#[derive(sqlx::FromRow)]
struct CallReportRow(i64, i64, String, Option<i64>, Option<String>);

/// case id, team, municipality, caseworker's name, created at, status, updated at, closed at.
type CaseReportRow = (i64, Option<String>, String, String, i64, String, i64, Option<i64>);

/// A purged case: team, municipality, opened month, closed month.
type PurgedReportRow = (Option<String>, String, Option<String>, String);

#[derive(sqlx::FromRow)]
struct GoalReportRow {
    id: i64,
    case_id: i64,
    area: String,
    scale: String,
    youth_text: String,
    created_at: i64,
    status: String,
    updated_at: i64,
}

impl Tx {
    /// Everything the management report needs, without identities: no nicknames, codes,
    /// goal texts or free text leave this function.
    ///
    /// Rows are narrowed to what the period `[from, to)` can use: check-ins and alerts by time,
    /// and per goal only the first and last three answers before `to` — all that progression
    /// compares (baseline against current) — so a year of weekly answers stays cheap.
    ///
    /// `municipality` narrows it to the cases of one municipality's staff; a team is labelled
    /// with its municipality ("Nord (Aarhus)", see [`StaffRecord::team_label`]) so that two
    /// municipalities' "Nord" never count as one.
    ///
    /// [`StaffRecord::team_label`]: super::StaffRecord::team_label
    pub async fn report_data(
        &mut self,
        from: Option<chrono::DateTime<chrono::Utc>>,
        to: Option<chrono::DateTime<chrono::Utc>>,
        municipality: Option<&str>,
    ) -> StoreResult<ReportData> {
        let from = from.map(crate::clock::to_millis).unwrap_or(i64::MIN);
        let to = to.map(crate::clock::to_millis).unwrap_or(i64::MAX);
        let cases: Vec<CaseReportRow> = on_conn!(self, |c| {
            sqlx::query_as(
            "SELECT c.id, s.team, s.municipality, s.name, c.created_at, c.status, c.updated_at, c.closed_at FROM cases c \
             JOIN staff s ON s.id = c.caseworker_id WHERE CAST($1 AS TEXT) IS NULL OR s.municipality = $1"
        )
        .bind(municipality)
        .fetch_all(&mut *c)
        .await?
        });
        let purged: Vec<PurgedReportRow> = on_conn!(self, |c| {
            sqlx::query_as(
                "SELECT team, municipality, opened_month, closed_month FROM purged_cases \
                 WHERE CAST($1 AS TEXT) IS NULL OR municipality = $1",
            )
            .bind(municipality)
            .fetch_all(&mut *c)
            .await?
        });
        let goals: Vec<GoalReportRow> = on_conn!(self, |c| sqlx::query_as(
            "SELECT id, case_id, area, scale, youth_text, created_at, status, updated_at FROM goals"
        )
        .fetch_all(&mut *c)
        .await?);
        // Per goal, its first and last three answers: two short walks of `prompts_answers` per
        // goal instead of ranking every answer of the year (UNION drops a row both walks found;
        // the prompt id keeps two equal answers at the same instant apart). SQLite has no
        // LATERAL but turns `id IN (… LIMIT 3)` into those walks; PostgreSQL needs LATERAL.
        let first_and_last = |order: &str| {
            let walk = format!(
                "SELECT x.id, x.answered_at, x.value FROM prompts x JOIN participants pa ON pa.id = x.participant_id \
                 WHERE x.goal_id = g.id AND pa.role = 'youth' AND x.status = 'answered' \
                 AND x.value IS NOT NULL AND x.answered_at IS NOT NULL AND x.answered_at < $1 \
                 ORDER BY x.answered_at {order}, x.id {order} LIMIT 3"
            );
            if self.is_postgres() {
                format!(
                    "SELECT g.id, p.answered_at, p.value, p.id FROM goals g CROSS JOIN LATERAL ({walk}) p"
                )
            } else {
                format!(
                    "SELECT p.goal_id, p.answered_at, p.value, p.id FROM goals g \
                     JOIN prompts p ON p.id IN (SELECT id FROM ({walk}))"
                )
            }
        };
        let answers_sql = format!(
            "{} UNION {} ORDER BY 1, 2, 4",
            first_and_last("ASC"),
            first_and_last("DESC")
        );
        let answers: Vec<(i64, i64, i64, i64)> = on_conn!(self, |c| {
            sqlx::query_as(&answers_sql).bind(to).fetch_all(&mut *c).await?
        });
        // Counted here, not passed row by row: a year of weekly check-ins is 100 000s of rows.
        // An answered check-in whose prompts were all skipped counts as skipped.
        let checkins: Vec<(i64, String, String, i64)> = on_conn!(self, |c| {
            sqlx::query_as(
            // A bare literal is INT4 on PostgreSQL: every integer read is BIGINT (i64), so cast.
            "SELECT case_id, role, status, CAST(COUNT(*) AS BIGINT) FROM ( \
             SELECT c.case_id, pa.role, CASE WHEN c.status = 'answered' AND NOT EXISTS (SELECT 1 FROM prompts pr \
             WHERE pr.checkin_id = c.id AND pr.status = 'answered') THEN 'skipped' ELSE c.status END AS status \
             FROM checkins c JOIN participants pa ON pa.id = c.participant_id \
             WHERE c.release_at >= $1 AND c.release_at < $2) released \
             GROUP BY case_id, role, status"
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?
        });
        let participants: Vec<(i64, String, String)> = on_conn!(self, |c| {
            sqlx::query_as(
            // Management information counts a removed participant as one who stopped.
            "SELECT case_id, role, CASE WHEN status = 'removed' THEN 'stopped' ELSE status END FROM participants"
        )
        .fetch_all(&mut *c)
        .await?
        });
        let alerts: Vec<(i64, String, i64, Option<i64>)> = on_conn!(self, |c| {
            sqlx::query_as(
            "SELECT a.case_id, a.rule, a.raised_at, (SELECT MIN(s.created_at) FROM assessments s WHERE s.alert_id = a.id) \
             FROM alerts a WHERE a.status <> 'replaced' AND a.raised_at >= $1 AND a.raised_at < $2"
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?
        });
        let meetings: Vec<(i64, i64, String, Option<i64>)> = on_conn!(self, |c| sqlx::query_as(
            "SELECT case_id, meeting_at, status, agenda_sent_at FROM meetings"
        )
        .fetch_all(&mut *c)
        .await?);
        let ratings: Vec<(i64, i64, i64)> = on_conn!(self, |c| {
            sqlx::query_as(
            "SELECT m.case_id, m.meeting_at, i.rating FROM meeting_invitees i JOIN meetings m ON m.id = i.meeting_id \
             WHERE i.rating IS NOT NULL"
        )
        .fetch_all(&mut *c)
        .await?
        });
        let calls: Vec<CallReportRow> = on_conn!(self, |c| {
            sqlx::query_as(
            "SELECT t.case_id, COALESCE(m.held_at, m.meeting_at), t.due_on, t.done_at, t.outcome FROM call_tasks t \
             JOIN meetings m ON m.id = t.meeting_id WHERE t.reason = 'after_meeting' AND t.status <> 'cancelled'"
        )
        .fetch_all(&mut *c)
        .await?
        });
        Ok(ReportData {
            meetings: meetings
                .into_iter()
                .map(|(case_id, at, status, agenda_sent)| MeetingRow {
                    case_id,
                    at: from_millis(at),
                    held: status == "held",
                    agenda_sent_before: agenda_sent.is_some_and(|sent| sent < at),
                })
                .collect(),
            meeting_ratings: ratings
                .into_iter()
                .map(|(case_id, at, value)| RatingRow {
                    case_id,
                    at: from_millis(at),
                    value: value as i32,
                })
                .collect(),
            call_tasks: calls
                .into_iter()
                .filter_map(|CallReportRow(case_id, meeting_at, due_on, done_at, outcome)| {
                    // In time until the end of the due day (UTC is close enough for a 14-day measure).
                    let due = chrono::NaiveDate::parse_from_str(&due_on, "%Y-%m-%d")
                        .ok()?
                        .succ_opt()?;
                    Some(CallTaskRow {
                        case_id,
                        meeting_at: from_millis(meeting_at),
                        due: due.and_hms_opt(0, 0, 0)?.and_utc(),
                        done_at: done_at
                            .filter(|_| outcome.as_deref() == Some("called"))
                            .map(from_millis),
                    })
                })
                .collect(),
            cases: cases
                .into_iter()
                .map(
                    |(id, team, municipality, caseworker, created, status, updated, closed)| CaseRow {
                        id,
                        team: super::people::team_label(team.as_deref(), &municipality),
                        caseworker,
                        opened_at: from_millis(created),
                        // Closed, exported (and purged) cases all ended when they were closed;
                        // a case closed before `closed_at` was kept ended at its last update.
                        closed_at: match CaseStatus::parse(&status) {
                            Some(CaseStatus::Active | CaseStatus::Paused) => None,
                            _ => Some(from_millis(closed.unwrap_or(updated))),
                        },
                    },
                )
                .collect(),
            purged_cases: purged
                .into_iter()
                .filter_map(|(team, municipality, opened, closed)| {
                    PurgedCaseRow::from_months(
                        super::people::team_label(team.as_deref(), &municipality),
                        opened.as_deref(),
                        &closed,
                    )
                })
                .collect(),
            goals: goals
                .into_iter()
                .map(|g| GoalRow {
                    id: g.id,
                    case_id: g.case_id,
                    own_words: in_own_words(&g.youth_text),
                    created_at: from_millis(g.created_at),
                    archived_at: (g.status == "archived").then(|| from_millis(g.updated_at)),
                    area: g.area,
                    scale: g.scale,
                })
                .collect(),
            youth_answers: answers
                .into_iter()
                .map(|(goal_id, at, value, _)| AnswerRow {
                    goal_id,
                    at: from_millis(at),
                    value: value as i32,
                })
                .collect(),
            checkins: Vec::new(),
            checkin_counts: checkins
                .into_iter()
                .map(|(case_id, role, status, count)| CheckinCount {
                    case_id,
                    role,
                    status,
                    count: u64::try_from(count).unwrap_or(0),
                })
                .collect(),
            participants: participants
                .into_iter()
                .map(|(case_id, role, status)| ParticipantRow {
                    case_id,
                    role,
                    status,
                })
                .collect(),
            alerts: alerts
                .into_iter()
                .map(|(case_id, rule, raised, assessed)| AlertRow {
                    case_id,
                    rule,
                    raised_at: from_millis(raised),
                    assessed_at: assessed.map(from_millis),
                })
                .collect(),
            // Statutory follow-ups keep only the next due date, not the history of rounds held,
            // so "held on time" is not reported yet.
            statutory_follow_ups: Vec::new(),
        })
    }

    /// A person's prompts on a goal, oldest first, for their chart line.
    pub async fn chart_points(
        &mut self,
        participant: ParticipantId,
        goal: GoalId,
    ) -> StoreResult<Vec<ChartPoint>> {
        let sql = "SELECT planned_at, status, value FROM prompts WHERE participant_id = $1 AND goal_id = $2 \
                   ORDER BY planned_at, id";
        let rows: Vec<(i64, String, Option<i64>)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .bind(goal.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .filter(|(_, status, _)| status != "sent")
            .map(|(at, status, value)| ChartPoint {
                planned_at: from_millis(at),
                value: if status == "answered" {
                    value.map(|v| v as i32)
                } else {
                    None
                },
            })
            .collect())
    }

    /// When alerts were raised on a goal of a case (chart markers).
    pub async fn alert_times(
        &mut self,
        case_id: CaseId,
        goal: GoalId,
    ) -> StoreResult<Vec<chrono::DateTime<chrono::Utc>>> {
        let sql = "SELECT raised_at FROM alerts WHERE case_id = $1 AND goal_id = $2 AND status <> 'replaced' ORDER BY raised_at";
        let rows: Vec<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(goal.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| from_millis(r.0)).collect())
    }
}

/// A goal reads as the young person's own words when it speaks in the first person ("Jeg
/// kommer i skole hver dag"), not about them ("Lea kommer i skole"). A heuristic, documented
/// as such in the report.
pub fn in_own_words(text: &str) -> bool {
    const FIRST_PERSON: [&str; 10] = ["jeg", "mig", "min", "mit", "mine", "vi", "os", "me", "my", "we"];
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| FIRST_PERSON.contains(&word.to_lowercase().as_str()))
}

impl Tx {
    /// Fills an empty database (SQLite or PostgreSQL; it needs one staff row) with `cases` young people, two goals each and `weeks` of
    /// answered weekly check-ins, for the report benchmark (`taetkontakt bench report`).
    pub async fn seed_for_benchmark(
        &mut self,
        cases: i64,
        weeks: i64,
        start: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let start = crate::clock::to_millis(start);
        let week: i64 = 7 * 24 * 3600 * 1000;
        let statements = [
            "INSERT INTO staff (name, role, team, lang, created_at) VALUES ('Bench', 'caseworker', 'Nord', 'da', $1)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
             INSERT INTO cases (code, nickname, caseworker_id, status, created_at, updated_at) \
             SELECT 'B-' || i, 'Bench ' || i, (SELECT MAX(id) FROM staff), 'active', $1, $1 FROM n",
            "INSERT INTO goals (case_id, area, youth_text, scale, status, position, created_at, updated_at) \
             SELECT id, CASE id % 3 WHEN 0 THEN 'skole' WHEN 1 THEN 'familie' ELSE 'fritid' END, \
             'Jeg kommer i skole', '0-10', 'active', 1, $1, $1 FROM cases",
            "INSERT INTO goals (case_id, area, youth_text, scale, status, position, created_at, updated_at) \
             SELECT id, 'sundhed', 'Jeg sover om natten', 'aarhus-0-4', 'active', 2, $1, $1 FROM cases",
            "INSERT INTO participants (case_id, role, status, lang, created_at, updated_at) \
             SELECT id, 'youth', 'active', 'da', $1, $1 FROM cases",
            "WITH RECURSIVE w(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM w WHERE k + 1 < $3 AND $2 > 0) \
             INSERT INTO checkins (participant_id, case_id, planned_at, release_at, trigger, status, created_at) \
             SELECT p.id, p.case_id, $1 + k * $4, $1 + k * $4, 'schedule', \
             CASE WHEN (p.id + k) % 9 = 0 THEN 'missed' ELSE 'answered' END, $1 FROM participants p, w",
            "INSERT INTO prompts (checkin_id, goal_id, participant_id, status, value, planned_at, sent_at, answered_at) \
             SELECT c.id, g.id, c.participant_id, CASE c.status WHEN 'missed' THEN 'missed' ELSE 'answered' END, \
             CASE c.status WHEN 'missed' THEN NULL ELSE \
               CASE g.scale WHEN '0-10' THEN (c.id + g.id) % 11 ELSE (c.id + g.id) % 5 END END, \
             c.planned_at, c.planned_at, CASE c.status WHEN 'missed' THEN NULL ELSE c.planned_at + 3600000 END \
             FROM checkins c JOIN goals g ON g.case_id = c.case_id",
            "INSERT INTO alerts (case_id, goal_id, participant_id, rule, urgency, facts, status, raised_at) \
             SELECT g.case_id, g.id, p.id, 'reliable_drop', 'normal', '{}', 'assessed', $1 + 10 * $4 \
             FROM goals g JOIN participants p ON p.case_id = g.case_id WHERE g.case_id % 10 = 0 AND $2 > 0 AND $3 > 0",
            "INSERT INTO assessments (alert_id, staff_id, decision, created_at) \
             SELECT id, (SELECT MAX(id) FROM staff), 'contact', raised_at + 20 * 3600000 FROM alerts",
        ];
        for sql in statements {
            // Each statement binds only the numbers it names, in order $1..$4.
            let used = (1..=4).filter(|n| sql.contains(&format!("${n}"))).count();
            let values = [start, cases, weeks, week];
            on_conn!(self, |c| {
                let mut query = sqlx::query(sql);
                for value in &values[..used] {
                    query = query.bind(*value);
                }
                query.execute(&mut *c).await?.rows_affected()
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::in_own_words;

    #[test]
    fn first_person_goals_count_as_own_words() {
        assert!(in_own_words("Jeg kommer i skole hver dag"));
        assert!(in_own_words("Min far og jeg taler sammen"));
        assert!(in_own_words("My mornings start on time"));
        assert!(!in_own_words("Lea kommer i skole hver dag"));
        assert!(!in_own_words("Fremmøde over 90 %"));
    }
}
