//! A follow-up call task (telefonopfølgning): creating it after a meeting, the message to the
//! case's caseworker (who, by when, the question guide, and Ringet · Ikke truffet · Udskyd), and
//! recording the call's outcome and note — the same for the chat's buttons and the desk's
//! *Opkald*.

use chrono::{DateTime, NaiveDate, Utc};

use super::buttons::CallButton;
use super::{Context, Delivery, Queued, Result, queue};
use crate::domain::followup::{CALL_QUESTIONS, CallOutcome, CallReason, CallTask, CallTaskError};
use crate::domain::ids::{CallTaskId, MeetingId};
use crate::i18n::{Args, Lang};
use crate::store::{CallTaskRecord, CaseRecord, ParticipantRecord, StaffRecord, Tx};

/// Longest note about a call.
pub const NOTE_MAX: usize = 1000;

/// The follow-up call to `participant` after a meeting held on `held`. None if it exists.
pub async fn create_after_meeting(
    tx: &mut Tx,
    now: DateTime<Utc>,
    case: &CaseRecord,
    participant: &ParticipantRecord,
    meeting: MeetingId,
    held: NaiveDate,
) -> Result<Option<CallTaskId>> {
    let task = CallTask::after_meeting(held);
    Ok(tx
        .create_call_task(case.id, participant.id, Some(meeting), &task, now)
        .await?)
}

/// What became of the caseworker's answer to a call task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Stored; the task as it is now (done, or due again).
    Saved(CallTask),
    /// The task was done already (the other front door, a second press).
    NotOpen,
    /// "Udskyd" to a day that is not ahead.
    PostponeNotAhead,
}

/// Ringet · Ikke truffet · Udskyd (to `postpone_to`, or the default): the task's new state,
/// and the answer in the audit log (`call.recorded`). `record` is the staff member's own
/// (through `access::own_call_task`).
pub async fn record_outcome(
    tx: &mut Tx,
    now: DateTime<Utc>,
    today: NaiveDate,
    staff: &StaffRecord,
    record: &CallTaskRecord,
    outcome: CallOutcome,
    postpone_to: Option<NaiveDate>,
) -> Result<Recorded> {
    let next = match record.task.record(outcome, today, postpone_to) {
        Ok(next) => next,
        Err(CallTaskError::NotOpen(_)) => return Ok(Recorded::NotOpen),
        Err(CallTaskError::PostponeNotAhead) => return Ok(Recorded::PostponeNotAhead),
    };
    tx.update_call_task(record.id, &next, Some(outcome), now).await?;
    super::access::audit_staff(
        tx,
        now,
        staff,
        "call.recorded",
        Some(record.case_id),
        Some(("call_task", record.id.0)),
    )
    .await?;
    Ok(Recorded::Saved(next))
}

/// The caseworker's note about a call (already a cleaned line of at most [`NOTE_MAX`]).
pub async fn save_note(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    task: CallTaskId,
    note: &str,
) -> Result<bool> {
    if super::access::own_call_task(tx, staff, task).await?.is_none() {
        return Ok(false);
    }
    tx.set_call_note(task, note, now).await?;
    Ok(true)
}
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// Queues a task message (`heading`: `call-task-created`, `call-reminder-*` …) to the case's
/// caseworker under `key`. Returns false if it was already queued or there is nobody to tell.
pub async fn send_to_caseworker(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    record: &CallTaskRecord,
    heading: &str,
    key: &str,
) -> Result<bool> {
    let Some(case) = tx.case(record.case_id).await? else {
        return Ok(false);
    };
    let Some(staff) = tx.staff(case.caseworker_id).await? else {
        return Ok(false);
    };
    let Some(chat) = staff.telegram_user_id else {
        return Ok(false);
    };
    let Some(participant) = tx.participant(record.participant_id).await? else {
        return Ok(false);
    };
    let message = task_message(ctx, staff.lang, &case, &participant, record, heading);
    queue(
        tx,
        ctx,
        Queued {
            key,
            chat_id: chat.0,
            participant: None,
            message: &message,
            delivery: Delivery::Notice,
        },
        now,
    )
    .await
}

/// The task: who, by when, the question guide (after a meeting), and the three buttons.
pub fn task_message(
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    participant: &ParticipantRecord,
    record: &CallTaskRecord,
    heading: &str,
) -> Outgoing {
    let mut text = ctx.texts.ta(
        lang,
        heading,
        Args::new()
            .with("who", super::format::participant_label(ctx, lang, participant))
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("due", super::format::date_text(ctx, lang, record.task.due)),
    );
    if record.task.reason == CallReason::AfterMeeting {
        text.push_str("\n\n");
        text.push_str(&ctx.texts.t(lang, "call-guide-heading"));
        for key in CALL_QUESTIONS {
            text.push_str(&format!("\n• {}", ctx.texts.t(lang, key)));
        }
    }
    Outgoing::Text {
        text,
        buttons: outcome_buttons(ctx, lang, record.id),
    }
}

fn outcome_buttons(ctx: &Context, lang: Lang, task: CallTaskId) -> Keyboard {
    vec![
        CallOutcome::ALL
            .iter()
            .map(|o| {
                Button::callback(
                    ctx.texts.t(lang, &format!("call-outcome-{}", o.key())),
                    CallButton::Outcome { task, outcome: *o }.callback(),
                )
            })
            .collect(),
    ]
}
