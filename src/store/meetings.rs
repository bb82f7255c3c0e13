//! Meetings, their invitees ("se ske" wishes, attendance, meeting ratings) and what an agenda
//! draft reads besides goals and answers: reports with their texts and free comments.

use chrono::{DateTime, Utc};

use super::{StoreError, StoreResult, Tx, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::alert_rules::ReportDirection;
use crate::domain::ids::{CaseId, CheckinId, GoalId, MeetingId, ParticipantId, StaffId};
use crate::domain::meeting::{MeetingKind, MeetingRating, MeetingStatus, Wishes};

/// A meeting as stored.
#[derive(Debug, Clone)]
pub struct MeetingRecord {
    pub id: MeetingId,
    pub case_id: CaseId,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// When the meeting starts.
    pub at: DateTime<Utc>,
    pub place: Option<String>,
    /// How many times the meeting moved; part of every de-duplication key.
    pub revision: u32,
    /// When the agenda goes (went) to the invitees.
    pub agenda_at: DateTime<Utc>,
    pub agenda_sent_at: Option<DateTime<Utc>>,
    /// When the gentle reminder is due; `None` when there is none.
    pub reminder_at: Option<DateTime<Utc>>,
    pub reminder_sent_at: Option<DateTime<Utc>>,
    /// When the agenda draft goes to the caseworker.
    pub draft_at: DateTime<Utc>,
    pub draft_sent_at: Option<DateTime<Utc>>,
    pub outcome_asked_at: Option<DateTime<Utc>>,
    pub held_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    case_id: i64,
    kind: String,
    status: String,
    meeting_at: i64,
    place: Option<String>,
    revision: i64,
    agenda_at: i64,
    agenda_sent_at: Option<i64>,
    reminder_at: Option<i64>,
    reminder_sent_at: Option<i64>,
    draft_at: i64,
    draft_sent_at: Option<i64>,
    outcome_asked_at: Option<i64>,
    held_at: Option<i64>,
}

impl TryFrom<MeetingRow> for MeetingRecord {
    type Error = StoreError;
    fn try_from(r: MeetingRow) -> StoreResult<Self> {
        Ok(MeetingRecord {
            id: MeetingId(r.id),
            case_id: CaseId(r.case_id),
            kind: parse_key("meetings.kind", &r.kind, |k| MeetingKind::parse(k).ok())?,
            status: parse_key("meetings.status", &r.status, MeetingStatus::parse)?,
            at: from_millis(r.meeting_at),
            place: r.place,
            revision: u32::try_from(r.revision).map_err(|_| StoreError::Corrupt {
                column: "meetings.revision",
                value: r.revision.to_string(),
            })?,
            agenda_at: from_millis(r.agenda_at),
            agenda_sent_at: r.agenda_sent_at.map(from_millis),
            reminder_at: r.reminder_at.map(from_millis),
            reminder_sent_at: r.reminder_sent_at.map(from_millis),
            draft_at: from_millis(r.draft_at),
            draft_sent_at: r.draft_sent_at.map(from_millis),
            outcome_asked_at: r.outcome_asked_at.map(from_millis),
            held_at: r.held_at.map(from_millis),
        })
    }
}

const MEETING_COLUMNS: &str = "m.id, m.case_id, m.kind, m.status, m.meeting_at, m.place, m.revision, m.agenda_at, \
     m.agenda_sent_at, m.reminder_at, m.reminder_sent_at, m.draft_at, m.draft_sent_at, m.outcome_asked_at, m.held_at";

/// A new meeting and when its messages fall due (see `domain::meeting`).
pub struct NewMeeting<'a> {
    pub case_id: CaseId,
    pub kind: MeetingKind,
    pub at: DateTime<Utc>,
    pub place: Option<&'a str>,
    pub agenda_at: DateTime<Utc>,
    pub reminder_at: Option<DateTime<Utc>>,
    pub draft_at: DateTime<Utc>,
    pub created_by: StaffId,
}

/// The times of a meeting that moved.
pub struct MeetingTimes {
    pub at: DateTime<Utc>,
    pub agenda_at: DateTime<Utc>,
    pub reminder_at: Option<DateTime<Utc>>,
    pub draft_at: DateTime<Utc>,
}

/// One invited participant of a meeting.
#[derive(Debug, Clone)]
pub struct InviteeRecord {
    pub meeting_id: MeetingId,
    pub participant_id: ParticipantId,
    /// When this person last got the agenda (of any revision).
    pub agenda_sent_at: Option<DateTime<Utc>>,
    /// The goal ratings sent with the agenda.
    pub checkin_id: Option<CheckinId>,
    pub wishes: Wishes,
    /// The caseworker's answer to "who was there" (everyone until told otherwise).
    pub attended: bool,
    pub rating_asked_at: Option<DateTime<Utc>>,
    pub rating: Option<MeetingRating>,
    pub rating_comment: Option<String>,
}

#[derive(sqlx::FromRow)]
struct InviteeRow {
    meeting_id: i64,
    participant_id: i64,
    agenda_sent_at: Option<i64>,
    checkin_id: Option<i64>,
    wishes: String,
    attended: i64,
    rating_asked_at: Option<i64>,
    rating: Option<i64>,
    rating_comment: Option<String>,
}

impl TryFrom<InviteeRow> for InviteeRecord {
    type Error = StoreError;
    fn try_from(r: InviteeRow) -> StoreResult<Self> {
        let wishes = serde_json::from_str(&r.wishes).map_err(|_| StoreError::Corrupt {
            column: "meeting_invitees.wishes",
            value: format!("{} bytes", r.wishes.len()),
        })?;
        let rating = r
            .rating
            .map(|v| {
                MeetingRating::new(v).map_err(|_| StoreError::Corrupt {
                    column: "meeting_invitees.rating",
                    value: v.to_string(),
                })
            })
            .transpose()?;
        Ok(InviteeRecord {
            meeting_id: MeetingId(r.meeting_id),
            participant_id: ParticipantId(r.participant_id),
            agenda_sent_at: r.agenda_sent_at.map(from_millis),
            checkin_id: r.checkin_id.map(CheckinId),
            wishes,
            attended: r.attended != 0,
            rating_asked_at: r.rating_asked_at.map(from_millis),
            rating,
            rating_comment: r.rating_comment,
        })
    }
}

const INVITEE_COLUMNS: &str = "i.meeting_id, i.participant_id, i.agenda_sent_at, i.checkin_id, i.wishes, i.attended, \
     i.rating_asked_at, i.rating, i.rating_comment";

/// A report (melding) with the text written about it, for the agenda draft.
#[derive(Debug, Clone)]
pub struct ReportWithText {
    pub participant_id: ParticipantId,
    pub goal_id: Option<GoalId>,
    pub direction: ReportDirection,
    pub at: DateTime<Utc>,
    pub text: Option<String>,
}

/// Free text a participant wrote to the caseworker, for the agenda draft.
#[derive(Debug, Clone)]
pub struct NoteRecord {
    pub participant_id: ParticipantId,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// participant, goal, direction, created_at, text
type ReportRow = (i64, Option<i64>, String, i64, Option<String>);

fn direction_of(key: &str) -> Option<ReportDirection> {
    match key {
        "better" => Some(ReportDirection::Better),
        "same" => Some(ReportDirection::Same),
        "worse" => Some(ReportDirection::Worse),
        _ => None,
    }
}

impl Tx {
    pub async fn create_meeting(&mut self, m: &NewMeeting<'_>, now: DateTime<Utc>) -> StoreResult<MeetingId> {
        let sql = "INSERT INTO meetings (case_id, kind, status, meeting_at, place, agenda_at, reminder_at, draft_at, \
                   created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(m.case_id.0)
            .bind(m.kind.key())
            .bind(MeetingStatus::Planned.key())
            .bind(to_millis(m.at))
            .bind(m.place)
            .bind(to_millis(m.agenda_at))
            .bind(m.reminder_at.map(to_millis))
            .bind(to_millis(m.draft_at))
            .bind(m.created_by.0)
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(MeetingId(id))
    }

    pub async fn meeting(&mut self, id: MeetingId) -> StoreResult<Option<MeetingRecord>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1");
        let row: Option<MeetingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(MeetingRecord::try_from).transpose()
    }

    /// All meetings of a case, by time.
    pub async fn meetings_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<MeetingRecord>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.case_id = $1 ORDER BY m.meeting_at, m.id"
        );
        let rows: Vec<MeetingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(MeetingRecord::try_from).collect()
    }

    /// Planned meetings of the cases a staff member owns, by time.
    pub async fn planned_meetings_for(&mut self, staff: StaffId) -> StoreResult<Vec<MeetingRecord>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN cases c ON c.id = m.case_id \
             WHERE c.caseworker_id = $1 AND m.status = 'planned' AND c.status IN ('active', 'paused') \
             ORDER BY m.meeting_at, m.id"
        );
        let rows: Vec<MeetingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(staff.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(MeetingRecord::try_from).collect()
    }

    /// Planned meetings with something due: the agenda, the reminder, the draft or the outcome
    /// question (`started_before`: meetings that started before this are asked about).
    pub async fn meetings_with_work(
        &mut self,
        now: DateTime<Utc>,
        started_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<MeetingRecord>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.status = 'planned' AND ( \
                 (m.agenda_sent_at IS NULL AND m.agenda_at <= $1) \
              OR (m.reminder_sent_at IS NULL AND m.reminder_at IS NOT NULL AND m.reminder_at <= $1) \
              OR (m.draft_sent_at IS NULL AND m.draft_at <= $1) \
              OR (m.outcome_asked_at IS NULL AND m.meeting_at <= $2)) \
             AND m.case_id IN (SELECT id FROM cases WHERE status IN ('active', 'paused')) \
             ORDER BY m.meeting_at, m.id LIMIT $3"
        );
        let rows: Vec<MeetingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(to_millis(now))
            .bind(to_millis(started_before))
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(MeetingRecord::try_from).collect()
    }

    /// Records that one of the meeting's messages went out (`column` is fixed by the caller).
    async fn mark_meeting(
        &mut self,
        id: MeetingId,
        column: &'static str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = format!("UPDATE meetings SET {column} = $1, updated_at = $1 WHERE id = $2");
        on_conn!(self, |c| sqlx::query(&sql)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn mark_agenda_sent(&mut self, id: MeetingId, now: DateTime<Utc>) -> StoreResult<()> {
        self.mark_meeting(id, "agenda_sent_at", now).await
    }

    pub async fn mark_agenda_reminder_sent(&mut self, id: MeetingId, now: DateTime<Utc>) -> StoreResult<()> {
        self.mark_meeting(id, "reminder_sent_at", now).await
    }

    pub async fn mark_draft_sent(&mut self, id: MeetingId, now: DateTime<Utc>) -> StoreResult<()> {
        self.mark_meeting(id, "draft_sent_at", now).await
    }

    pub async fn mark_outcome_asked(&mut self, id: MeetingId, now: DateTime<Utc>) -> StoreResult<()> {
        self.mark_meeting(id, "outcome_asked_at", now).await
    }

    /// Held or cancelled. Only a planned meeting changes (false: someone was first).
    pub async fn close_meeting(
        &mut self,
        id: MeetingId,
        status: MeetingStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let held = (status == MeetingStatus::Held).then_some(to_millis(now));
        let sql = "UPDATE meetings SET status = $1, held_at = $2, closed_at = $3, updated_at = $3 \
                   WHERE id = $4 AND status = 'planned'";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(status.key())
            .bind(held)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// A planned meeting moves: new times, the next revision, and every message due again.
    pub async fn reschedule_meeting(
        &mut self,
        id: MeetingId,
        times: &MeetingTimes,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE meetings SET meeting_at = $1, agenda_at = $2, reminder_at = $3, draft_at = $4, \
                   revision = revision + 1, agenda_sent_at = NULL, reminder_sent_at = NULL, draft_sent_at = NULL, \
                   outcome_asked_at = NULL, updated_at = $5 WHERE id = $6 AND status = 'planned'";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(times.at))
            .bind(to_millis(times.agenda_at))
            .bind(times.reminder_at.map(to_millis))
            .bind(to_millis(times.draft_at))
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Invites a participant (again: nothing changes).
    pub async fn add_invitee(&mut self, meeting: MeetingId, participant: ParticipantId) -> StoreResult<()> {
        let sql = "INSERT INTO meeting_invitees (meeting_id, participant_id) VALUES ($1, $2) \
                   ON CONFLICT (meeting_id, participant_id) DO NOTHING";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn remove_invitee(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> StoreResult<()> {
        let sql = "DELETE FROM meeting_invitees WHERE meeting_id = $1 AND participant_id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The invitees of a meeting, in the order they joined the case.
    pub async fn invitees(&mut self, meeting: MeetingId) -> StoreResult<Vec<InviteeRecord>> {
        let sql = format!(
            "SELECT {INVITEE_COLUMNS} FROM meeting_invitees i WHERE i.meeting_id = $1 ORDER BY i.participant_id"
        );
        let rows: Vec<InviteeRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(meeting.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(InviteeRecord::try_from).collect()
    }

    pub async fn invitee(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> StoreResult<Option<InviteeRecord>> {
        let sql = format!(
            "SELECT {INVITEE_COLUMNS} FROM meeting_invitees i WHERE i.meeting_id = $1 AND i.participant_id = $2"
        );
        let row: Option<InviteeRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(meeting.0)
            .bind(participant.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(InviteeRecord::try_from).transpose()
    }

    /// The agenda (and its goal ratings, if any) went to this invitee.
    pub async fn mark_invitee_agenda_sent(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        checkin: Option<CheckinId>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE meeting_invitees SET agenda_sent_at = $1, checkin_id = COALESCE($2, checkin_id) \
                   WHERE meeting_id = $3 AND participant_id = $4";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(checkin.map(|c| c.0))
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_wishes(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        wishes: &Wishes,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(wishes).map_err(|_| StoreError::Corrupt {
            column: "meeting_invitees.wishes",
            value: "unencodable".into(),
        })?;
        let sql = "UPDATE meeting_invitees SET wishes = $1, wishes_at = $2 WHERE meeting_id = $3 AND participant_id = $4";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(json)
            .bind(to_millis(now))
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_attended(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        attended: bool,
    ) -> StoreResult<()> {
        let sql = "UPDATE meeting_invitees SET attended = $1 WHERE meeting_id = $2 AND participant_id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(i64::from(attended))
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Marks the rating question as sent; false if it already was (asked once per person).
    pub async fn mark_rating_asked(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = "UPDATE meeting_invitees SET rating_asked_at = $1 \
                   WHERE meeting_id = $2 AND participant_id = $3 AND rating_asked_at IS NULL";
        let done = on_conn!(self, |c| sqlx::query(sql)
            .bind(to_millis(now))
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    pub async fn set_rating(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        rating: MeetingRating,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE meeting_invitees SET rating = $1, rated_at = $2 WHERE meeting_id = $3 AND participant_id = $4";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(i64::from(rating))
            .bind(to_millis(now))
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_rating_comment(
        &mut self,
        meeting: MeetingId,
        participant: ParticipantId,
        comment: &str,
    ) -> StoreResult<()> {
        let sql =
            "UPDATE meeting_invitees SET rating_comment = $1 WHERE meeting_id = $2 AND participant_id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(comment)
            .bind(meeting.0)
            .bind(participant.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Planned meetings a participant got the agenda for and that have not started: the ones
    /// their free text is a "se ske" wish for. Soonest first.
    pub async fn open_agendas_of(
        &mut self,
        participant: ParticipantId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<MeetingRecord>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN meeting_invitees i ON i.meeting_id = m.id \
             WHERE i.participant_id = $1 AND i.agenda_sent_at IS NOT NULL AND m.status = 'planned' \
             AND m.meeting_at > $2 ORDER BY m.meeting_at, m.id"
        );
        let rows: Vec<MeetingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(participant.0)
            .bind(to_millis(now))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(MeetingRecord::try_from).collect()
    }

    /// How many prompts of a check-in were answered (or skipped).
    pub async fn responses_in_checkin(&mut self, checkin: CheckinId) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM prompts WHERE checkin_id = $1 AND status IN ('answered', 'skipped')";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(checkin.0)
            .fetch_one(&mut *c)
            .await?);
        Ok(n)
    }

    /// The check-ins that went with meeting agendas (not part of the silence rule).
    pub async fn meeting_checkins_of(&mut self, participant: ParticipantId) -> StoreResult<Vec<CheckinId>> {
        let sql = "SELECT id FROM checkins WHERE participant_id = $1 AND trigger = 'meeting'";
        let rows: Vec<(i64,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(participant.0)
            .fetch_all(&mut *c)
            .await?);
        Ok(rows.into_iter().map(|r| CheckinId(r.0)).collect())
    }

    /// Reports of a case from `since` on, oldest first, each with the first text written
    /// about it.
    pub async fn reports_since(
        &mut self,
        case_id: CaseId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<ReportWithText>> {
        let sql = "SELECT r.participant_id, r.goal_id, r.direction, r.created_at, \
                   (SELECT n.body FROM notes n WHERE n.report_id = r.id AND n.on_agenda_at IS NOT NULL ORDER BY n.id LIMIT 1) AS text \
                   FROM reports r WHERE r.case_id = $1 AND r.created_at >= $2 ORDER BY r.created_at, r.id";
        let rows: Vec<ReportRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(to_millis(since))
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter()
            .map(|(p, g, d, at, text)| {
                Ok(ReportWithText {
                    participant_id: ParticipantId(p),
                    goal_id: g.map(GoalId),
                    direction: parse_key("reports.direction", &d, direction_of)?,
                    at: from_millis(at),
                    text,
                })
            })
            .collect()
    }

    /// How many texts participants wrote to the caseworker from `since` on that are not taken
    /// to the meeting (they stay out of the agenda draft).
    pub async fn confidential_notes_since(
        &mut self,
        case_id: CaseId,
        since: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let sql =
            "SELECT COUNT(*) FROM notes WHERE case_id = $1 AND created_at >= $2 AND on_agenda_at IS NULL";
        let (n,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(to_millis(since))
            .fetch_one(&mut *c)
            .await?);
        Ok(n)
    }

    /// Comments after check-ins and messages to the caseworker from `since` on, oldest first.
    pub async fn comments_since(
        &mut self,
        case_id: CaseId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<NoteRecord>> {
        // Only what the caseworker chose to take to the meeting: the rest stays confidential.
        let sql = "SELECT participant_id, body, created_at FROM notes WHERE case_id = $1 AND created_at >= $2 \
                   AND kind IN ('comment', 'message') AND on_agenda_at IS NOT NULL ORDER BY created_at, id";
        let rows: Vec<(i64, String, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(to_millis(since))
            .fetch_all(&mut *c)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(p, body, at)| NoteRecord {
                participant_id: ParticipantId(p),
                body,
                at: from_millis(at),
            })
            .collect())
    }
}
