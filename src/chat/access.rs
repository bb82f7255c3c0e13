//! Who may touch what, seen from the chat: thin wrappers over [`crate::service::access`] (the
//! one rule the chat and the web desk share) that take the chat's [`Turn`] — its transaction,
//! the pressing person's Telegram account and the local day. Anything not the person's own is
//! `None`, which handlers answer as "not found" or "button expired" without hinting that the
//! object exists (see `tests/api/access.rs`).
//!
//! A deactivated staff member is refused here before anything else ([`staff_access`]): every
//! command, every text and every button — also one on an old alert — gets the same short
//! refusal and changes nothing.

use super::args::TypedCode;
use super::{ChatResult, Turn};
use crate::domain::ids::{AlertId, CallTaskId, CaseId, GoalId, MeetingId, NoteId, ParticipantId, PromptId};
use crate::service::access as rule;
use crate::store::{
    AlertRecord, CallTaskRecord, CaseRecord, GoalRecord, MeetingRecord, ParticipantRecord, PromptRecord,
    StaffRecord, Tx,
};
use chrono::{DateTime, NaiveDate, Utc};

pub use crate::service::access::Refusal;

/// The local calendar day of the update (absence cover is by day).
fn today(turn: &Turn<'_>) -> NaiveDate {
    turn.ctx.today(turn.now)
}

/// Every staff read of case data leaves a trace: see [`rule::audit_read`].
pub async fn audit_read(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
) -> ChatResult<()> {
    rule::audit_read(turn.tx, turn.now, staff, action, case).await
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
    rule::audit_staff(tx, now, staff, action, case, subject).await
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

/// See [`rule::handover_case`].
pub async fn handover_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    rule::handover_case(turn.tx, staff, id).await
}

/// See [`rule::handover_case_by_code`].
pub async fn handover_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &TypedCode,
) -> ChatResult<Option<CaseRecord>> {
    let Some(code) = code.code() else { return Ok(None) };
    rule::handover_case_by_code(turn.tx, staff, code).await
}

/// See [`rule::assessable_alert`].
pub async fn assessable_alert(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
) -> ChatResult<Option<AlertRecord>> {
    let today = today(turn);
    rule::assessable_alert(turn.tx, staff, today, alert).await
}

/// See [`rule::own_case`].
pub async fn own_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    rule::own_case(turn.tx, staff, id).await
}

/// See [`rule::own_case_by_code`].
pub async fn own_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &TypedCode,
) -> ChatResult<Option<CaseRecord>> {
    let Some(code) = code.code() else { return Ok(None) };
    rule::own_case_by_code(turn.tx, staff, code).await
}

/// See [`rule::visible_case`].
pub async fn visible_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: CaseId,
) -> ChatResult<Option<CaseRecord>> {
    let today = today(turn);
    rule::visible_case(turn.tx, staff, today, id).await
}

/// See [`rule::visible_case_by_code`].
pub async fn visible_case_by_code(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    code: &TypedCode,
) -> ChatResult<Option<CaseRecord>> {
    let Some(code) = code.code() else { return Ok(None) };
    let today = today(turn);
    rule::visible_case_by_code(turn.tx, staff, today, code).await
}

/// See [`rule::own_goal`].
pub async fn own_goal(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    goal: GoalId,
) -> ChatResult<Option<(GoalRecord, CaseRecord)>> {
    rule::own_goal(turn.tx, staff, goal).await
}

/// See [`rule::participant_of_own_case`].
pub async fn participant_of_own_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> ChatResult<Option<(ParticipantRecord, CaseRecord)>> {
    rule::participant_of_own_case(turn.tx, staff, participant).await
}

/// See [`rule::case_of_own_note`].
pub async fn case_of_own_note(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    note: NoteId,
) -> ChatResult<Option<CaseRecord>> {
    rule::case_of_own_note(turn.tx, staff, note).await
}

/// A participation of the person pressing, still taking part: see [`rule::own_participation`].
pub async fn own_participation(
    turn: &mut Turn<'_>,
    id: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    rule::own_participation(turn.tx, turn.user, id).await
}

/// A participation of the person pressing, in any state: see [`rule::own_participation_any`].
pub async fn own_participation_any(
    turn: &mut Turn<'_>,
    id: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    rule::own_participation_any(turn.tx, turn.user, id).await
}

/// See [`rule::own_meeting`].
pub async fn own_meeting(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: MeetingId,
) -> ChatResult<Option<(MeetingRecord, CaseRecord)>> {
    rule::own_meeting(turn.tx, staff, id).await
}

/// See [`rule::own_call_task`].
pub async fn own_call_task(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    task: CallTaskId,
) -> ChatResult<Option<CallTaskRecord>> {
    rule::own_call_task(turn.tx, staff, task).await
}

/// A check-in question sent to the person pressing: see [`rule::own_prompt`].
pub async fn own_prompt(
    turn: &mut Turn<'_>,
    id: PromptId,
) -> ChatResult<Option<(PromptRecord, ParticipantRecord)>> {
    rule::own_prompt(turn.tx, turn.user, id).await
}
