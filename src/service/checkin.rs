//! Creating a check-in: one question per active goal with tap buttons, queued after quiet
//! hours. The weekly round, a `/tjekind` and the ratings sent with an agenda all start here.

use chrono::{DateTime, Utc};

use super::buttons::Callback;
use super::{Context, Delivery, Queued, Result, queue};
use crate::domain::checkin::{CheckinStatus, Trigger};
use crate::domain::goal::{GoalStatus, MAX_ACTIVE_GOALS};
use crate::domain::ids::{CheckinId, PromptId};
use crate::domain::participant::Role;
use crate::domain::scale::Scale;
use crate::i18n::{Args, Lang};
use crate::store::{CaseRecord, GoalRecord, ParticipantRecord, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// A check-in to create and queue.
pub struct NewCheckin<'a> {
    pub participant: &'a ParticipantRecord,
    pub case: &'a CaseRecord,
    /// The occurrence it belongs to (the de-duplication key of the round).
    pub planned_at: DateTime<Utc>,
    /// What it is: scheduled (held through quiet hours) or asked for by the caseworker now.
    pub delivery: Delivery,
    pub trigger: Trigger,
}

/// Creates the check-in and queues its messages. None when there is nothing to ask (no
/// active goals, nobody to ask) or a check-in for this occurrence already exists.
pub async fn create(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    new: &NewCheckin<'_>,
) -> Result<Option<CheckinId>> {
    let Some(chat) = new.participant.telegram_user_id else {
        return Ok(None);
    };
    let goals: Vec<GoalRecord> = tx
        .goals_of_case(new.case.id)
        .await?
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
        // Parents and witnesses are asked about a goal only once the caseworker chose the
        // wording they see: never the child's "jeg" as if it were their own.
        .filter(|g| new.participant.role == Role::Youth || g.witness_text.is_some())
        .take(MAX_ACTIVE_GOALS)
        .collect();
    if goals.is_empty() {
        return Ok(None);
    }
    // The time it may reach the person: the store keeps it, as reminders count from it.
    let release_at = new.delivery.not_before(&ctx.quiet_hours, ctx.timezone, now);
    let Some(checkin) = tx
        .create_checkin(
            new.participant.id,
            new.case.id,
            new.planned_at,
            release_at,
            new.trigger,
            CheckinStatus::Open,
            now,
        )
        .await?
    else {
        return Ok(None);
    };
    let lang = new.participant.lang;
    let intro_key = if new.participant.role == Role::Youth {
        "checkin-intro-youth"
    } else {
        "checkin-intro-network"
    };
    // The rating after a meeting is its own one question, without the weekly greeting.
    let mut intro = (new.trigger != Trigger::Meeting).then(|| {
        ctx.texts.ta(
            lang,
            intro_key,
            Args::new()
                .with("nickname", new.case.nickname.clone())
                .with("goals", goals.len() as i64),
        )
    });
    let mut messages = Vec::new();
    for (n, goal) in goals.iter().enumerate() {
        let prompt = tx
            .create_prompt(checkin, goal.id, new.participant.id, new.planned_at, release_at)
            .await?;
        // The ratings before a meeting are one message: each tap edits it into the next
        // goal's question (`chat::checkin::tap`), so they never look like a second check-in.
        if new.trigger == Trigger::Meeting && n > 0 {
            continue;
        }
        let mut text = prompt_text(ctx, lang, goal, new.participant.role, None);
        if let Some(intro) = intro.take() {
            text = format!("{intro}\n\n{text}");
        }
        // Before a meeting the questions follow the agenda: each says it belongs to it, so it
        // is not mistaken for a second weekly check-in.
        if new.trigger == Trigger::Meeting {
            let args = Args::new()
                .with("n", n as i64 + 1)
                .with("total", goals.len() as i64);
            text = format!("{}\n{text}", ctx.texts.ta(lang, "checkin-meeting-label", args));
        }
        let buttons = scale_buttons(ctx, lang, &goal.scale.scale(), prompt);
        messages.push((
            format!("checkin:{checkin}:goal:{}", goal.id),
            Outgoing::Text { text, buttons },
        ));
    }
    for (key, message) in messages {
        queue(
            tx,
            ctx,
            Queued {
                key: &key,
                chat_id: chat.0,
                participant: Some(new.participant.id),
                message: &message,
                // A round of questions for many at once fills whatever budget answers leave.
                delivery: new.delivery,
            },
            now,
        )
        .await?;
    }
    Ok(Some(checkin))
}

/// The question: the goal in the words this person sees, and what the scale's ends mean.
pub fn prompt_text(
    ctx: &Context,
    lang: Lang,
    goal: &GoalRecord,
    role: Role,
    answer: Option<Option<i32>>,
) -> String {
    let wording = goal_wording(goal, role);
    let scale = goal.scale.scale();
    let ends = ctx.texts.ta(
        lang,
        &format!("scale-{}-ends", goal.scale.key()),
        Args::new().with("min", scale.min).with("max", scale.max),
    );
    let mut text = format!("{wording}\n{ends}");
    match answer {
        Some(Some(value)) => text.push_str(&format!(
            "\n\n{}",
            ctx.texts
                .ta(lang, "answer-chosen", Args::new().with("value", value))
        )),
        Some(None) => text.push_str(&format!("\n\n{}", ctx.texts.t(lang, "answer-skipped"))),
        None => {}
    }
    text
}

/// The goal in the words this person sees: the young person's own in quotes; the network's
/// wording for parents and witnesses.
pub fn goal_wording(goal: &GoalRecord, role: Role) -> String {
    match role {
        Role::Youth => format!("«{}»", goal.youth_text),
        Role::Parent | Role::Witness => goal
            .witness_text
            .clone()
            .unwrap_or_else(|| format!("«{}»", goal.youth_text)),
    }
}

/// The values as bare numbers (0–10 in two rows), then "Spring over".
pub fn scale_buttons(ctx: &Context, lang: Lang, scale: &Scale, prompt: PromptId) -> Keyboard {
    let values: Vec<i32> = scale.values().collect();
    let per_row = if values.len() > 6 {
        values.len().div_ceil(2)
    } else {
        values.len()
    };
    let mut rows: Keyboard = values
        .chunks(per_row)
        .map(|chunk| {
            chunk
                .iter()
                .map(|v| {
                    Button::callback(
                        v.to_string(),
                        Callback::Answer {
                            prompt,
                            value: Some(*v),
                        }
                        .encode(),
                    )
                })
                .collect()
        })
        .collect();
    rows.push(vec![Button::callback(
        ctx.texts.t(lang, "answer-skip"),
        Callback::Answer { prompt, value: None }.encode(),
    )]);
    rows
}
