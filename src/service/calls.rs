//! A follow-up call task (telefonopfølgning) as a message to the case's caseworker: who, by
//! when, the question guide, and Ringet · Ikke truffet · Udskyd.

use chrono::{DateTime, Utc};

use super::buttons::CallButton;
use super::{Context, Delivery, Queued, Result, queue};
use crate::domain::followup::{CALL_QUESTIONS, CallOutcome, CallReason};
use crate::domain::ids::CallTaskId;
use crate::i18n::{Args, Lang};
use crate::store::{CallTaskRecord, CaseRecord, ParticipantRecord, Tx};
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
