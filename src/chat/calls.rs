//! Follow-up calls (telefonopfølgning) on the caseworker's side: the task message with the
//! question guide and Ringet · Ikke truffet · Udskyd, the optional note, postponing, `/opkald`,
//! and the task a `/ring` request becomes.

use crate::chat::access::Refusal;
use chrono::NaiveDate;

use super::conversation::{CallStep, Conversation};
use super::{ChatResult, Person, Turn};
use crate::domain::followup::{CallOutcome, CallReason, CallTask, postpone_due};
use crate::domain::ids::{CallTaskId, MeetingId};
use crate::domain::meeting::{DateError, parse_date};
use crate::domain::text::clean_line;
use crate::i18n::Args;
use crate::service::buttons::CallButton;
use crate::service::calls::{
    NOTE_MAX, Recorded, record_outcome, save_note, send_to_caseworker, task_message,
};
use crate::store::{CallTaskRecord, CaseRecord, ParticipantRecord, StaffRecord};
use crate::telegram::outgoing::Button;

/// At most this many tasks are listed by `/opkald`.
const LIST_MAX: usize = 10;

/// The follow-up call to `participant` after a meeting held on `held`. None if it exists.
pub async fn create_after_meeting(
    turn: &mut Turn<'_>,
    case: &CaseRecord,
    participant: &ParticipantRecord,
    meeting: MeetingId,
    held: NaiveDate,
) -> ChatResult<Option<CallTaskId>> {
    crate::service::calls::create_after_meeting(turn.tx, turn.now, case, participant, meeting, held).await
}

/// A `/ring` request becomes a call task due within 2 working days (one open at a time per
/// person). The caseworker already got the alert at once; the task is reminded on its due
/// day, listed by `/opkald` and in the daily digest.
pub async fn contact_request(
    turn: &mut Turn<'_>,
    participant: &ParticipantRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    if turn.tx.open_contact_request(participant.id).await?.is_some() {
        return Ok(());
    }
    let task = CallTask::contact_request(turn.ctx.today(turn.now));
    turn.tx
        .create_call_task(case.id, participant.id, None, &task, turn.now)
        .await?;
    Ok(())
}

/// Sends a task to its caseworker, keyed to this update.
pub async fn send_task(turn: &mut Turn<'_>, task: CallTaskId, heading: &str) -> ChatResult<()> {
    let Some(record) = turn.tx.call_task(task).await? else {
        return Ok(());
    };
    let ctx = turn.ctx;
    let now = turn.now;
    send_to_caseworker(
        turn.tx,
        ctx,
        now,
        &record,
        heading,
        &format!("call:{task}:created"),
    )
    .await?;
    Ok(())
}

/// `/opkald`: the caseworker's open call tasks, each with its buttons.
pub async fn list(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    super::access::audit_read(turn, staff, "read.calls", None).await?;
    let tasks = turn.tx.open_call_tasks_for(staff.id).await?;
    if tasks.is_empty() {
        let text = turn.t("call-list-none");
        return turn.reply(text, Vec::new()).await;
    }
    let text = turn.ta("call-list-title", Args::new().with("count", tasks.len()));
    turn.reply(text, Vec::new()).await?;
    for record in tasks.iter().take(LIST_MAX) {
        let (Some(case), Some(participant)) = (
            turn.tx.case(record.case_id).await?,
            turn.tx.participant(record.participant_id).await?,
        ) else {
            continue;
        };
        let heading = match record.task.reason {
            CallReason::AfterMeeting => "call-list-after_meeting",
            CallReason::ContactRequest => "call-contact-request",
        };
        let message = task_message(turn.ctx, turn.lang, &case, &participant, record, heading);
        let chat = turn.chat_id;
        turn.send(chat, None, message).await?;
    }
    Ok(())
}

/// A pressed call button.
pub async fn callback(turn: &mut Turn<'_>, button: CallButton) -> ChatResult<Option<String>> {
    let Person::Staff(staff) = super::identify(turn).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let task = match button {
        CallButton::Outcome { task, .. } | CallButton::NoNote(task) | CallButton::PostponeDefault(task) => {
            task
        }
    };
    let Some(record) = super::access::own_call_task(turn, &staff, task).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let today = turn.ctx.today(turn.now);
    match button {
        CallButton::Outcome {
            outcome: CallOutcome::Postpone,
            ..
        } => {
            if record.task.status != crate::domain::followup::CallTaskStatus::Open {
                return Ok(Some(turn.t("call-already-done")));
            }
            turn.set_conversation(&Conversation::Call(CallStep::PostponeDate { task }))
                .await?;
            let default = postpone_due(today);
            let label = turn.ta(
                "call-postpone-default",
                Args::new().with(
                    "date",
                    crate::service::format::date_text(turn.ctx, turn.lang, default),
                ),
            );
            let buttons = vec![vec![Button::callback(
                label,
                CallButton::PostponeDefault(task).callback(),
            )]];
            let text = turn.t("call-ask-postpone-date");
            turn.reply(text, buttons).await?;
        }
        CallButton::Outcome { outcome, .. } => {
            let now = turn.now;
            let Recorded::Saved(next) =
                record_outcome(turn.tx, now, today, &staff, &record, outcome, None).await?
            else {
                return Ok(Some(turn.t("call-already-done")));
            };
            if outcome == CallOutcome::Called {
                turn.set_conversation(&Conversation::Call(CallStep::Note { task }))
                    .await?;
                let buttons = vec![vec![Button::callback(
                    turn.t("call-no-note"),
                    CallButton::NoNote(task).callback(),
                )]];
                let text = turn.t("call-ask-note");
                turn.reply(text, buttons).await?;
            } else {
                let text = turn.ta(
                    "call-retry",
                    Args::new().with(
                        "due",
                        crate::service::format::date_text(turn.ctx, turn.lang, next.due),
                    ),
                );
                turn.reply(text, Vec::new()).await?;
            }
        }
        CallButton::NoNote(_) => {
            if turn.conversation().await? == Some(Conversation::Call(CallStep::Note { task })) {
                turn.clear_conversation().await?;
            }
            let text = turn.t("call-done");
            turn.reply(text, Vec::new()).await?;
        }
        CallButton::PostponeDefault(_) => {
            if turn.conversation().await? == Some(Conversation::Call(CallStep::PostponeDate { task })) {
                turn.clear_conversation().await?;
            }
            postpone(turn, &staff, &record, today, None).await?;
        }
    }
    Ok(None)
}

async fn postpone(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    record: &CallTaskRecord,
    today: NaiveDate,
    to: Option<NaiveDate>,
) -> ChatResult<()> {
    let now = turn.now;
    let text = match record_outcome(turn.tx, now, today, staff, record, CallOutcome::Postpone, to).await? {
        Recorded::Saved(next) => turn.ta(
            "call-postponed",
            Args::new().with(
                "due",
                crate::service::format::date_text(turn.ctx, turn.lang, next.due),
            ),
        ),
        Recorded::NotOpen => turn.t("call-already-done"),
        Recorded::PostponeNotAhead => turn.t("call-postpone-not-ahead"),
    };
    turn.reply(text, Vec::new()).await
}

/// Text from the caseworker while a call conversation is open: the note, or the new date.
pub async fn staff_text(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    step: CallStep,
    text: &str,
) -> ChatResult<()> {
    match step {
        CallStep::Note { task } => {
            let note = match clean_line(text, NOTE_MAX) {
                Ok(note) => note,
                Err(crate::domain::text::TextError::LooksLikeCpr) => {
                    let text = turn.t("text-looks-like-cpr");
                    return turn.reply(text, Vec::new()).await;
                }
                Err(_) => {
                    let text = turn.ta("text-too-long-for-field", Args::new().with("max", NOTE_MAX));
                    return turn.reply(text, Vec::new()).await;
                }
            };
            turn.clear_conversation().await?;
            let now = turn.now;
            save_note(turn.tx, now, staff, task, &note).await?;
            let text = turn.t("call-done");
            turn.reply(text, Vec::new()).await
        }
        CallStep::PostponeDate { task } => {
            let today = turn.ctx.today(turn.now);
            let date = match parse_date(text.trim(), today) {
                Ok(date) => date,
                Err(DateError::InPast) => {
                    let text = turn.t("call-postpone-not-ahead");
                    return turn.reply(text, Vec::new()).await;
                }
                Err(_) => {
                    let text = turn.t("meeting-date-malformed");
                    return turn.reply(text, Vec::new()).await;
                }
            };
            let Some(record) = super::access::own_call_task(turn, staff, task).await? else {
                turn.clear_conversation().await?;
                return turn.refuse(Refusal::Expired).await;
            };
            if date <= today {
                let text = turn.t("call-postpone-not-ahead");
                return turn.reply(text, Vec::new()).await;
            }
            turn.clear_conversation().await?;
            postpone(turn, staff, &record, today, Some(date)).await
        }
    }
}
