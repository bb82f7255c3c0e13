//! The weekly check-in in the chat (created and queued in `service::checkin`): the answer shown
//! after a tap, a change within 24 hours, alert rules after every answer, and a comment at the end.
//!
//! Exactly one message per goal: the greeting is the first question's opening line, and the
//! thanks (with "Skriv til min rådgiver") appear in the edit of the question answered last.
//! Every extra message would cost the young person a notification and the bot a send.

use super::conversation::Conversation;
use super::{ChatResult, Turn};
use crate::chat::access::Refusal;
use crate::domain::alert_rules::{Respondent, ScoredAnswer, disagreement, evaluate_answer, strongest};
use crate::domain::checkin::{CheckinStatus, TapDecision, Trigger, closing_status, decide_tap};
use crate::domain::ids::{CheckinId, PromptId};
use crate::domain::participant::ParticipantStatus;
use crate::domain::scale::Score;
use crate::i18n::Args;
use crate::service::alerts::{self, Subject};
use crate::service::buttons::Callback;
use crate::service::checkin::{goal_wording, prompt_text, scale_buttons};
use crate::store::{CaseRecord, GoalRecord, ParticipantRecord};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// A tap on a prompt's button. Only the prompt's owner may answer; everything else is refused
/// without storing anything.
pub async fn tap(
    turn: &mut Turn<'_>,
    prompt_id: PromptId,
    value: Option<i32>,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    // Only the person it was sent to may answer.
    let Some((prompt, participant)) = super::access::own_prompt(turn, prompt_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = participant.lang;
    if !matches!(
        participant.status,
        ParticipantStatus::Active | ParticipantStatus::Paused
    ) {
        return Ok(Some(turn.t("checkin-closed")));
    }
    let (Some(checkin), Some(goal), Some(case)) = (
        turn.tx.checkin(prompt.checkin_id).await?,
        turn.tx.goal(prompt.goal_id).await?,
        turn.tx.case(participant.case_id).await?,
    ) else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let scale = goal.scale.scale();
    let score = match value.map(|v| Score::new(&scale, v)).transpose() {
        Ok(score) => score,
        Err(_) => return Ok(turn.refused(Refusal::Expired)),
    };
    let open = checkin.status == CheckinStatus::Open;
    let decision = decide_tap(
        prompt.status,
        prompt.value,
        prompt.answered_at,
        open,
        value,
        turn.now,
    );
    match decision {
        TapDecision::Same => return Ok(Some(turn.t("answer-saved"))),
        TapDecision::Closed => return Ok(Some(turn.t("checkin-closed"))),
        TapDecision::First | TapDecision::Change => {}
    }
    let first = decision == TapDecision::First;
    turn.tx.record_tap(prompt.id, value, first, turn.now).await?;
    if let Some(score) = score {
        let answered_at = if first {
            turn.now
        } else {
            prompt.answered_at.unwrap_or(turn.now)
        };
        evaluate(
            turn,
            &participant,
            &case,
            &goal,
            prompt.id,
            ScoredAnswer {
                at: answered_at,
                score,
            },
        )
        .await?;
    }
    let ends_here = finish_if_complete(turn, checkin.id, prompt.id, first).await?;
    if checkin.trigger == Trigger::Meeting {
        let (text, buttons) = meeting_rating_step(turn, checkin.id, &participant).await?;
        let step = match message_id {
            Some(message_id) => Outgoing::Edit {
                message_id,
                text,
                buttons,
            },
            // Telegram did not say which message was pressed: the next question comes anew.
            None => Outgoing::Text { text, buttons },
        };
        turn.send(turn.chat_id, Some(participant.id), step).await?;
        return Ok(Some(turn.t("answer-saved")));
    }
    let mut text = prompt_text(turn.ctx, turn.lang, &goal, participant.role, Some(value));
    let mut buttons = scale_buttons(turn.ctx, turn.lang, &scale, prompt.id);
    if ends_here {
        text.push_str(&format!("\n\n{}", turn.t_for(participant.role, "checkin-done")));
        buttons.push(vec![Button::callback(
            turn.t_for(participant.role, "checkin-write"),
            Callback::Comment(checkin.id).encode(),
        )]);
    }
    match message_id {
        Some(message_id) => {
            let edit = Outgoing::Edit {
                message_id,
                text,
                buttons,
            };
            turn.send(turn.chat_id, Some(participant.id), edit).await?;
        }
        // Telegram did not say which message was pressed (too old): the thanks still come.
        None if ends_here && first => {
            let buttons = buttons.split_off(buttons.len() - 1);
            let thanks = Outgoing::Text {
                text: turn.t_for(participant.role, "checkin-done"),
                buttons,
            };
            turn.send(turn.chat_id, Some(participant.id), thanks).await?;
        }
        None => {}
    }
    Ok(Some(turn.t("answer-saved")))
}

/// The one message of the ratings before a meeting, after a tap: the goals rated so far with
/// their numbers, then the next goal's question with its buttons — or, once every goal has
/// its number, the thanks and "Skriv til min rådgiver".
async fn meeting_rating_step(
    turn: &mut Turn<'_>,
    checkin: CheckinId,
    participant: &ParticipantRecord,
) -> ChatResult<(String, Keyboard)> {
    let prompts = turn.tx.prompts_of_checkin(checkin).await?;
    let total = prompts.len();
    let mut rated = Vec::new();
    let mut next = None;
    for (n, p) in prompts.iter().enumerate() {
        let Some(goal) = turn.tx.goal(p.goal_id).await? else {
            continue;
        };
        if p.status.responded() {
            let value = p
                .value
                .map_or_else(|| turn.t("checkin-meeting-skipped"), |v| v.to_string());
            let args = Args::new()
                .with("goal", goal_wording(&goal, participant.role))
                .with("value", value);
            rated.push(turn.ta("checkin-meeting-rated", args));
        } else if next.is_none() {
            next = Some((n, p.id, goal));
        }
    }
    // The numbers given so far, each on its own line after the heading.
    let rated: String = rated.iter().map(|line| format!("\n{line}")).collect();
    Ok(match next {
        Some((n, prompt, goal)) => {
            let args = Args::new().with("n", n as i64 + 1).with("total", total as i64);
            let label = turn.ta("checkin-meeting-label", args);
            let question = prompt_text(turn.ctx, turn.lang, &goal, participant.role, None);
            let buttons = scale_buttons(turn.ctx, turn.lang, &goal.scale.scale(), prompt);
            (format!("{label}{rated}\n\n{question}"), buttons)
        }
        None => {
            let text = format!(
                "{}{rated}\n\n{}",
                turn.t("checkin-meeting-heading"),
                turn.t("checkin-meeting-done")
            );
            let buttons = vec![vec![Button::callback(
                turn.t_for(participant.role, "checkin-write"),
                Callback::Comment(checkin).encode(),
            )]];
            (text, buttons)
        }
    })
}

/// Runs the alert rules on a new answer, and records a disagreement for the agenda.
async fn evaluate(
    turn: &mut Turn<'_>,
    participant: &ParticipantRecord,
    case: &CaseRecord,
    goal: &GoalRecord,
    prompt: PromptId,
    new: ScoredAnswer,
) -> ChatResult<()> {
    let scale = goal.scale.scale();
    let earlier: Vec<ScoredAnswer> = turn
        .tx
        .scored_answers(participant.id, goal.id)
        .await?
        .into_iter()
        .filter(|(id, _, _)| *id != prompt)
        .filter_map(|(_, at, v)| Score::new(&scale, v).ok().map(|score| ScoredAnswer { at, score }))
        .collect();
    let respondent = Respondent::from(participant.role);
    if let Some(decision) = strongest(evaluate_answer(&scale, respondent, &earlier, new)) {
        let subject = Subject {
            case,
            goal: Some(goal.id),
            participant: Some(participant.id),
        };
        alerts::raise(turn.tx, turn.ctx, turn.now, &subject, decision).await?;
    }
    if respondent.is_network()
        && let Some(youth) = turn.tx.latest_youth_answer(case.id, goal.id).await?
        && let Ok(youth) = Score::new(&scale, youth)
        && let Some(gap) = disagreement(&scale, youth, new.score)
    {
        turn.tx
            .insert_disagreement(case.id, goal.id, participant.id, gap.youth, gap.other, turn.now)
            .await?;
    }
    Ok(())
}

/// Closes the check-in after its first answer to every prompt. True when `pressed` is the
/// question that ended it (the one answered last), whose message then carries the thanks and
/// the offer to write to the caseworker — also when that answer is changed later.
async fn finish_if_complete(
    turn: &mut Turn<'_>,
    checkin: CheckinId,
    pressed: PromptId,
    first: bool,
) -> ChatResult<bool> {
    let prompts = turn.tx.prompts_of_checkin(checkin).await?;
    if !prompts.iter().all(|p| p.status.responded()) {
        return Ok(false);
    }
    if first {
        let statuses: Vec<_> = prompts.iter().map(|p| p.status).collect();
        turn.tx
            .close_checkin(checkin, closing_status(&statuses), turn.now)
            .await?;
    }
    if first {
        // This very tap answered the last open question.
        return Ok(true);
    }
    // A change later: the question answered last keeps the thanks (two answered within the
    // same millisecond both keep them, which does no harm).
    let latest = prompts.iter().filter_map(|p| p.answered_at).max();
    let answered_at = prompts
        .iter()
        .find(|p| p.id == pressed)
        .and_then(|p| p.answered_at);
    Ok(answered_at.is_some() && answered_at == latest)
}

/// "Skriv til din rådgiver": the next text goes to the caseworker.
pub async fn comment_button(turn: &mut Turn<'_>, checkin_id: CheckinId) -> ChatResult<Option<String>> {
    let Some(checkin) = turn.tx.checkin(checkin_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    // Only the person it was sent to may answer (access::own_participation_any).
    let Some(participant) = super::access::own_participation_any(turn, checkin.participant_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = participant.lang;
    turn.set_conversation(&Conversation::Comment {
        participant: participant.id,
        checkin: checkin_id,
    })
    .await?;
    let text = turn.t_for(participant.role, "ask-comment");
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}
