//! Who may touch what. Every object a person reaches through a button or a command — a case,
//! a goal, a participation, a note — is resolved here and returned only if that person may
//! touch it; anything else is `None`, which handlers answer as "not found" or "button
//! expired" without hinting that the object exists. Ids are sequential and button data can be
//! forged, so no handler checks ownership on its own (see `tests/api/access.rs`).
//!
//! What a refusal says is decided in one place, [`Refusal::key`]: a button on something gone
//! or not one's own is "button expired", a code that is not one's own is "not found".
//!
//! A deactivated staff member is refused here before anything else ([`staff_access`]): every
//! command, every text and every button — also one on an old alert — gets the same short
//! refusal and changes nothing.

use super::{ChatResult, Turn};
use crate::domain::case::CaseCode;
use crate::domain::ids::{AlertId, CallTaskId, CaseId, GoalId, MeetingId, NoteId, ParticipantId, PromptId};
use crate::domain::participant::ParticipantStatus;
use crate::domain::staff::StaffRole;
use crate::store::{
    Actor, AlertRecord, AuditEntry, CallTaskRecord, CaseRecord, GoalRecord, MeetingRecord, ParticipantRecord,
    PromptRecord, StaffRecord, Tx,
};
use chrono::{DateTime, Utc};

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
/// texts): `read.case`, `read.cases`, `read.alerts`, `read.calls`, `read.meetings`,
/// `read.draft`, `read.report`, `read.escalation`.
pub async fn audit_read(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
) -> ChatResult<()> {
    audit_staff(turn.tx, turn.now, staff, action, case, None).await
}

/// One audit row for something a staff member did (the one shape every staff action logs).
pub async fn audit_staff(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
    subject: Option<(&'static str, i64)>,
) -> ChatResult<()> {
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

/// Whether the person writing or pressing is staff, and may act as staff.
pub enum StaffAccess {
    Active(StaffRecord),
    /// Deactivated: refused everything at once.
    Refused(StaffRecord),
    NotStaff,
}

/// The one check of a staff member's standing, for every update (commands, texts, buttons).
pub async fn staff_access(turn: &mut Turn<'_>) -> ChatResult<StaffAccess> {
    let Some(staff) = turn.tx.staff_by_user(turn.user).await? else {
        return Ok(StaffAccess::NotStaff);
    };
    turn.lang = staff.lang;
    if staff.is_active() {
        return Ok(StaffAccess::Active(staff));
    }
    tracing::info!(staff_id = %staff.id, update_id = turn.update_id, "deactivated staff member refused");
    Ok(StaffAccess::Refused(staff))
}

/// A case the staff member may hand over (`/overdrag`): their own, or, for a team leader,
/// one of their team's.
pub async fn handover_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    match staff.role {
        StaffRole::Caseworker => own_case(turn, staff, id).await,
        StaffRole::TeamLeader => {
            let visible = turn.tx.cases_visible_to(staff.id).await?;
            Ok(visible.into_iter().find(|c| c.id == id))
        }
    }
}

/// [`handover_case`] by its code as typed.
pub async fn handover_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &str,
) -> ChatResult<Option<CaseRecord>> {
    match case_id_by_code(turn, code).await? {
        Some(id) => handover_case(turn, staff, id).await,
        None => Ok(None),
    }
}

/// True if `staff` covers the absence of the case's caseworker today (`/fravaer`): the cover
/// receives the case's new alerts, so may read the case and assess them.
async fn covers_case(turn: &mut Turn<'_>, staff: &StaffRecord, case: &CaseRecord) -> ChatResult<bool> {
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    let covered = crate::service::cover::covered_today(turn.tx, staff.id, today).await?;
    Ok(covered.contains(&case.caseworker_id))
}

/// An alert the staff member may assess: one of a case they may read (their own, their team's
/// as team leader, or one whose caseworker they cover for today).
pub async fn assessable_alert(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
) -> ChatResult<Option<AlertRecord>> {
    let Some(record) = turn.tx.alert(alert).await? else {
        return Ok(None);
    };
    Ok(visible_case(turn, staff, record.case_id).await?.map(|_| record))
}

/// A case the staff member is the caseworker of.
pub async fn own_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    let case = turn.tx.case(id).await?.filter(|c| c.caseworker_id == staff.id);
    record_case(case.as_ref());
    Ok(case)
}

/// Names the case in the update's span once access has resolved it, so every later log line
/// of the update can be followed to it.
fn record_case(case: Option<&CaseRecord>) {
    if let Some(case) = case {
        tracing::Span::current().record("case_id", case.id.0);
    }
}

/// The case with this code as typed, before any access check.
async fn case_id_by_code(turn: &mut Turn<'_>, code: &str) -> ChatResult<Option<CaseId>> {
    let Ok(code) = CaseCode::parse(code) else {
        return Ok(None);
    };
    Ok(turn.tx.case_by_code(&code).await?.map(|c| c.id))
}

/// [`own_case`] by its code as typed.
pub async fn own_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &str,
) -> ChatResult<Option<CaseRecord>> {
    match case_id_by_code(turn, code).await? {
        Some(id) => own_case(turn, staff, id).await,
        None => Ok(None),
    }
}

/// A case the staff member may read: their own, (team leader) their team's, or one whose
/// caseworker they cover for today.
pub async fn visible_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    let found = if staff.role == StaffRole::Caseworker {
        own_case(turn, staff, id).await?
    } else {
        let visible = turn.tx.cases_visible_to(staff.id).await?;
        visible.into_iter().find(|c| c.id == id)
    };
    if found.is_some() {
        record_case(found.as_ref());
        return Ok(found);
    }
    let Some(case) = turn.tx.case(id).await? else {
        return Ok(None);
    };
    let found = covers_case(turn, staff, &case).await?.then_some(case);
    record_case(found.as_ref());
    Ok(found)
}

/// [`visible_case`] by its code as typed.
pub async fn visible_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &str,
) -> ChatResult<Option<CaseRecord>> {
    match case_id_by_code(turn, code).await? {
        Some(id) => visible_case(turn, staff, id).await,
        None => Ok(None),
    }
}

/// A goal of one of the staff member's own cases, with the case.
pub async fn own_goal(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    goal: GoalId,
) -> ChatResult<Option<(GoalRecord, CaseRecord)>> {
    let Some(record) = turn.tx.goal(goal).await? else {
        return Ok(None);
    };
    Ok(own_case(turn, staff, record.case_id)
        .await?
        .map(|case| (record, case)))
}

/// A participant of one of the staff member's own cases, with the case.
pub async fn participant_of_own_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> ChatResult<Option<(ParticipantRecord, CaseRecord)>> {
    let Some(p) = turn.tx.participant(participant).await? else {
        return Ok(None);
    };
    Ok(own_case(turn, staff, p.case_id).await?.map(|case| (p, case)))
}

/// The case of a note (a text a participant wrote), if it is one of the staff member's own.
pub async fn case_of_own_note(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    note: NoteId,
) -> ChatResult<Option<CaseRecord>> {
    let Some(case) = turn.tx.note_case(note).await? else {
        return Ok(None);
    };
    own_case(turn, staff, case).await
}

/// A participation of the person pressing (their own Telegram account), still taking part.
pub async fn own_participation(
    turn: &mut Turn<'_>,
    id: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    let p = turn.tx.participant(id).await?;
    Ok(p.filter(|p| {
        p.telegram_user_id == Some(turn.user)
            && !matches!(p.status, ParticipantStatus::Stopped | ParticipantStatus::Removed)
    }))
}

/// A participation of the person pressing, in any state (a stopped person may still rate a
/// meeting or answer a question they were asked before).
pub async fn own_participation_any(
    turn: &mut Turn<'_>,
    id: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    let p = turn.tx.participant(id).await?;
    Ok(p.filter(|p| p.telegram_user_id == Some(turn.user) && p.status != ParticipantStatus::Removed))
}

/// A meeting of a case the staff member owns, with its case.
pub async fn own_meeting(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: MeetingId,
) -> ChatResult<Option<(MeetingRecord, CaseRecord)>> {
    let Some(meeting) = turn.tx.meeting(id).await? else {
        return Ok(None);
    };
    let Some(case) = own_case(turn, staff, meeting.case_id).await? else {
        tracing::warn!(meeting_id = %id, staff_id = %staff.id, "meeting button from someone else than the caseworker; refused");
        return Ok(None);
    };
    Ok(Some((meeting, case)))
}

/// A call task of a case the staff member owns.
pub async fn own_call_task(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    task: CallTaskId,
) -> ChatResult<Option<CallTaskRecord>> {
    let Some(record) = turn.tx.call_task(task).await? else {
        return Ok(None);
    };
    if own_case(turn, staff, record.case_id).await?.is_none() {
        tracing::warn!(call_task_id = %task, staff_id = %staff.id, "call button from someone else than the caseworker; refused");
        return Ok(None);
    }
    Ok(Some(record))
}

/// A check-in question sent to the person pressing, with their participation (in any state:
/// see [`own_participation_any`]).
pub async fn own_prompt(
    turn: &mut Turn<'_>,
    id: PromptId,
) -> ChatResult<Option<(PromptRecord, ParticipantRecord)>> {
    let Some(prompt) = turn.tx.prompt(id).await? else {
        return Ok(None);
    };
    let Some(participant) = own_participation_any(turn, prompt.participant_id).await? else {
        tracing::warn!(prompt_id = %id, "button pressed by someone else than the prompt's owner; refused");
        return Ok(None);
    };
    Ok(Some((prompt, participant)))
}
