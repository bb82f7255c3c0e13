//! Who may touch what — the one rule for both front doors, the chat and the web desk. Every
//! object a person reaches (a case, a goal, a participation, an alert, a meeting, a call task,
//! a note, a prompt) is resolved here and returned only if that person may touch it; anything
//! else is `None`, which the edges answer as "not found" (the desk: a 404 page) or "button
//! expired" without hinting that the object exists. Ids are sequential and button data and URLs
//! can be forged, so no handler checks ownership on its own (see `tests/api/access.rs` and
//! `tests/api/desk.rs`).
//!
//! What a refusal says is decided in one place, [`Refusal::key`]. Every read of case data by
//! staff is written to the audit log through [`audit_read`].

use chrono::{DateTime, NaiveDate, Utc};

use super::Result;
use crate::domain::case::CaseCode;
use crate::domain::ids::{
    AlertId, CallTaskId, CaseId, GoalId, MeetingId, NoteId, ParticipantId, PromptId, TelegramUserId,
};
use crate::domain::participant::ParticipantStatus;
use crate::domain::staff::StaffRole;
use crate::store::{
    Actor, AlertRecord, AuditEntry, CallTaskRecord, CaseRecord, GoalRecord, MeetingRecord, ParticipantRecord,
    PromptRecord, StaffRecord, Tx,
};

/// Why a person is refused what they reached for. Never says whether the object exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A button on something gone, changed, or not the presser's own.
    Expired,
    /// A case code (or case button) that is not one the staff member may use.
    CaseNotFound,
    /// A meeting that is not one of the staff member's own cases'.
    MeetingNotFound,
    /// A goal number that is not one of the case's goals.
    GoalNotFound,
    /// A deactivated staff member: everything is refused.
    FormerStaff,
}

impl Refusal {
    /// The catalogue key of the sentence the person gets.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Expired => "button-expired",
            Refusal::CaseNotFound => "case-not-found",
            Refusal::MeetingNotFound => "meeting-not-found",
            Refusal::GoalNotFound => "goal-not-found",
            Refusal::FormerStaff => "staff-deactivated",
        }
    }
}

/// Every staff read of case data leaves a trace (who, what, which case, when — never the
/// texts): `read.case`, `read.cases`, `read.alerts`, …, and on the desk `read.desk.cases`,
/// `read.desk.case`.
pub async fn audit_read(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
) -> Result<()> {
    audit_staff(tx, now, staff, action, case, None).await
}

/// One audit row for something a staff member did (the one shape every staff action logs).
pub async fn audit_staff(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
    subject: Option<(&'static str, i64)>,
) -> Result<()> {
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Staff(staff.id),
        action,
        case_id: case,
        subject,
    })
    .await?;
    Ok(())
}

/// Names the case in the current span once access has resolved it, so every later log line
/// of the update or request can be followed to it.
fn record_case(case: Option<&CaseRecord>) {
    if let Some(case) = case {
        tracing::Span::current().record("case_id", case.id.0);
    }
}

/// The case with this code as typed, before any access check.
async fn case_id_by_code(tx: &mut Tx, code: &CaseCode) -> Result<Option<CaseId>> {
    Ok(tx.case_by_code(code).await?.map(|c| c.id))
}

/// A case the staff member is the caseworker of.
pub async fn own_case(tx: &mut Tx, staff: &StaffRecord, id: CaseId) -> Result<Option<CaseRecord>> {
    let case = tx.case(id).await?.filter(|c| c.caseworker_id == staff.id);
    record_case(case.as_ref());
    Ok(case)
}

/// [`own_case`] by its code as typed.
pub async fn own_case_by_code(
    tx: &mut Tx,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<CaseRecord>> {
    match case_id_by_code(tx, code).await? {
        Some(id) => own_case(tx, staff, id).await,
        None => Ok(None),
    }
}

/// A case the staff member may hand over (`/overdrag`): their own, or, for a team leader,
/// one of their team's.
pub async fn handover_case(tx: &mut Tx, staff: &StaffRecord, id: CaseId) -> Result<Option<CaseRecord>> {
    match staff.role {
        StaffRole::Caseworker => own_case(tx, staff, id).await,
        StaffRole::TeamLeader => {
            let visible = tx.cases_visible_to(staff.id).await?;
            Ok(visible.into_iter().find(|c| c.id == id))
        }
    }
}

/// [`handover_case`] by its code as typed.
pub async fn handover_case_by_code(
    tx: &mut Tx,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<CaseRecord>> {
    match case_id_by_code(tx, code).await? {
        Some(id) => handover_case(tx, staff, id).await,
        None => Ok(None),
    }
}

/// True if `staff` covers the absence of the case's caseworker on `today` (`/fravaer`): the
/// cover receives the case's new alerts, so may read the case and assess them.
async fn covers_case(tx: &mut Tx, staff: &StaffRecord, today: NaiveDate, case: &CaseRecord) -> Result<bool> {
    let covered = super::cover::covered_today(tx, staff.id, today).await?;
    Ok(covered.contains(&case.caseworker_id))
}

/// A case the staff member may read: their own, (team leader) their team's, or one whose
/// caseworker they cover for on `today`.
pub async fn visible_case(
    tx: &mut Tx,
    staff: &StaffRecord,
    today: NaiveDate,
    id: CaseId,
) -> Result<Option<CaseRecord>> {
    let found = if staff.role == StaffRole::Caseworker {
        own_case(tx, staff, id).await?
    } else {
        let visible = tx.cases_visible_to(staff.id).await?;
        visible.into_iter().find(|c| c.id == id)
    };
    if found.is_some() {
        record_case(found.as_ref());
        return Ok(found);
    }
    let Some(case) = tx.case(id).await? else {
        return Ok(None);
    };
    let found = covers_case(tx, staff, today, &case).await?.then_some(case);
    record_case(found.as_ref());
    Ok(found)
}

/// [`visible_case`] by its code as typed.
pub async fn visible_case_by_code(
    tx: &mut Tx,
    staff: &StaffRecord,
    today: NaiveDate,
    code: &CaseCode,
) -> Result<Option<CaseRecord>> {
    match case_id_by_code(tx, code).await? {
        Some(id) => visible_case(tx, staff, today, id).await,
        None => Ok(None),
    }
}

/// Every case the staff member may read on `today`: [`visible_case`] for the whole list
/// (their own or their team's, and the cases of a caseworker they cover for).
pub async fn visible_cases(tx: &mut Tx, staff: &StaffRecord, today: NaiveDate) -> Result<Vec<CaseRecord>> {
    let mut cases = tx.cases_visible_to(staff.id).await?;
    for caseworker in super::cover::covered_today(tx, staff.id, today).await? {
        for case in tx.cases_of_caseworker(caseworker).await? {
            if !cases.iter().any(|c| c.id == case.id) {
                cases.push(case);
            }
        }
    }
    Ok(cases)
}

/// Whether the staff member may read what participants wrote in a case they can read (the
/// texts and reports on the desk's *Sag*): what a participant writes goes to the caseworker
/// alone, so the caseworker, or the one covering for them today (they get the case's alerts);
/// a team leader only through an escalated alert, as in the chat.
pub async fn texts_readable(
    tx: &mut Tx,
    staff: &StaffRecord,
    today: NaiveDate,
    case: &CaseRecord,
) -> Result<bool> {
    if case.caseworker_id == staff.id {
        return Ok(true);
    }
    covers_case(tx, staff, today, case).await
}

/// Whether the staff member may read the audit of a case they can read: team leaders only.
pub fn audit_readable(staff: &StaffRecord) -> bool {
    staff.role == StaffRole::TeamLeader
}

/// An alert the staff member may assess: one of a case they may read (their own, their team's
/// as team leader, or one whose caseworker they cover for on `today`).
pub async fn assessable_alert(
    tx: &mut Tx,
    staff: &StaffRecord,
    today: NaiveDate,
    alert: AlertId,
) -> Result<Option<AlertRecord>> {
    let Some(record) = tx.alert(alert).await? else {
        return Ok(None);
    };
    Ok(visible_case(tx, staff, today, record.case_id)
        .await?
        .map(|_| record))
}

/// A goal of one of the staff member's own cases, with the case.
pub async fn own_goal(
    tx: &mut Tx,
    staff: &StaffRecord,
    goal: GoalId,
) -> Result<Option<(GoalRecord, CaseRecord)>> {
    let Some(record) = tx.goal(goal).await? else {
        return Ok(None);
    };
    Ok(own_case(tx, staff, record.case_id)
        .await?
        .map(|case| (record, case)))
}

/// A participant of one of the staff member's own cases, with the case.
pub async fn participant_of_own_case(
    tx: &mut Tx,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> Result<Option<(ParticipantRecord, CaseRecord)>> {
    let Some(p) = tx.participant(participant).await? else {
        return Ok(None);
    };
    Ok(own_case(tx, staff, p.case_id).await?.map(|case| (p, case)))
}

/// The case of a note (a text a participant wrote), if it is one of the staff member's own.
pub async fn case_of_own_note(tx: &mut Tx, staff: &StaffRecord, note: NoteId) -> Result<Option<CaseRecord>> {
    let Some(case) = tx.note_case(note).await? else {
        return Ok(None);
    };
    own_case(tx, staff, case).await
}

/// A participation of `user` (their own Telegram account), still taking part.
pub async fn own_participation(
    tx: &mut Tx,
    user: TelegramUserId,
    id: ParticipantId,
) -> Result<Option<ParticipantRecord>> {
    let p = tx.participant(id).await?;
    Ok(p.filter(|p| {
        p.telegram_user_id == Some(user)
            && !matches!(p.status, ParticipantStatus::Stopped | ParticipantStatus::Removed)
    }))
}

/// A participation of `user`, in any state (a stopped person may still rate a meeting or
/// answer a question they were asked before).
pub async fn own_participation_any(
    tx: &mut Tx,
    user: TelegramUserId,
    id: ParticipantId,
) -> Result<Option<ParticipantRecord>> {
    let p = tx.participant(id).await?;
    Ok(p.filter(|p| p.telegram_user_id == Some(user) && p.status != ParticipantStatus::Removed))
}

/// A meeting of a case the staff member owns, with its case.
pub async fn own_meeting(
    tx: &mut Tx,
    staff: &StaffRecord,
    id: MeetingId,
) -> Result<Option<(MeetingRecord, CaseRecord)>> {
    let Some(meeting) = tx.meeting(id).await? else {
        return Ok(None);
    };
    let Some(case) = own_case(tx, staff, meeting.case_id).await? else {
        tracing::warn!(meeting_id = %id, staff_id = %staff.id, "meeting reached by someone else than the caseworker; refused");
        return Ok(None);
    };
    Ok(Some((meeting, case)))
}

/// A call task of a case the staff member owns.
pub async fn own_call_task(
    tx: &mut Tx,
    staff: &StaffRecord,
    task: CallTaskId,
) -> Result<Option<CallTaskRecord>> {
    let Some(record) = tx.call_task(task).await? else {
        return Ok(None);
    };
    if own_case(tx, staff, record.case_id).await?.is_none() {
        tracing::warn!(call_task_id = %task, staff_id = %staff.id, "call task reached by someone else than the caseworker; refused");
        return Ok(None);
    }
    Ok(Some(record))
}

/// A check-in question sent to `user`, with their participation (in any state: see
/// [`own_participation_any`]).
pub async fn own_prompt(
    tx: &mut Tx,
    user: TelegramUserId,
    id: PromptId,
) -> Result<Option<(PromptRecord, ParticipantRecord)>> {
    let Some(prompt) = tx.prompt(id).await? else {
        return Ok(None);
    };
    let Some(participant) = own_participation_any(tx, user, prompt.participant_id).await? else {
        tracing::warn!(prompt_id = %id, "button pressed by someone else than the prompt's owner; refused");
        return Ok(None);
    };
    Ok(Some((prompt, participant)))
}
