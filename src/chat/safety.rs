//! Safeguarding in two tiers. Free text that suggests danger is answered at once, ahead of
//! every queue and regardless of quiet hours:
//!
//! - **Fare**: the help numbers (an adult gets the adult help text) and an urgent alert.
//! - **Bekymring**: the young person gets "Er du i fare lige nu?" with three buttons and the
//!   BørneTelefon number; an adult gets a short answer. The caseworker gets an ordinary alert
//!   marked as possible concern. "Ja" turns it into a Fare at once, "tale med nogen" gives the
//!   numbers and a call task, and no answer within two hours escalates it as urgent.

use crate::chat::access::Refusal;
use chrono::Duration;

use super::{ChatContext, ChatResult, Turn};
use crate::domain::alert_rules::{AlertDecision, Facts};
use crate::domain::ids::{ParticipantId, SafetyCheckId};
use crate::domain::participant::Role;
use crate::domain::safety::check::{ANSWER_WITHIN_HOURS, CheckAnswer};
use crate::domain::safety::{DangerSignals, Finding, Tier, Writer};
use crate::domain::text::redact_cpr;
use crate::i18n::{Args, Lang};
use crate::service::Delivery;
use crate::service::alerts::{self, Subject};
use crate::service::buttons::Callback;
use crate::store::{NewSafetyCheck, ParticipantRecord};
use crate::telegram::outgoing::{Button, Outgoing};

/// Checks a participant's free text; on a danger signal answers in the signal's tier, stores
/// the note and raises an alert for each of their cases. Returns the finding so the caller
/// does not also treat the text as an ordinary message.
pub async fn check(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
    text: &str,
) -> ChatResult<Option<Finding>> {
    let writer = match participations.first().map(|p| p.role) {
        Some(Role::Youth) | None => Writer::Youth,
        Some(_) => Writer::Adult,
    };
    let Some(finding) = DangerSignals::builtin().assess(text, writer) else {
        return Ok(None);
    };
    tracing::warn!(
        update_id = turn.update_id,
        tier = finding.tier.key(),
        category = finding.category.key(),
        "danger signal in participant text"
    );
    let first = participations.first().map(|p| p.id);
    // Safety first, also with a CPR number in the text; the number itself is not kept.
    let text = redact_cpr(text).unwrap_or_else(|| text.to_string());
    let text = text.as_str();
    // Answer first: the reply is queued ahead of everything else in this transaction.
    let check = match (finding.tier, writer) {
        (Tier::Danger, _) => {
            if !turn.safety_replied {
                let reply = safety_reply(turn.ctx, turn.lang, writer);
                urgent_reply(turn, first, reply, Vec::new()).await?;
            }
            None
        }
        (Tier::Concern, Writer::Adult) => {
            let reply = turn.t("safety-concern-adult");
            urgent_reply(turn, first, reply, Vec::new()).await?;
            None
        }
        (Tier::Concern, Writer::Youth) => match first {
            Some(participant) => Some(ask(turn, participant, &finding).await?),
            None => None,
        },
    };
    for p in participations {
        let Some(case) = turn.tx.case(p.case_id).await? else {
            continue;
        };
        let note = turn
            .tx
            .insert_note(
                case.id,
                p.id,
                "message",
                None,
                text,
                Some(finding.category.key()),
                turn.now,
            )
            .await?;
        let decision = match finding.tier {
            Tier::Danger => AlertDecision::safety(),
            Tier::Concern => AlertDecision::concern(),
        };
        let mut facts = signal_facts(&finding);
        if check.is_some() {
            facts.check_answer = Some("asked".into());
        }
        let subject = Subject {
            case: &case,
            goal: None,
            participant: Some(p.id),
        };
        let decision = AlertDecision { facts, ..decision };
        let Some(alert) = alerts::raise(turn.tx, turn.ctx, turn.now, &subject, decision).await? else {
            continue;
        };
        if let Some(check) = check {
            turn.tx.link_safety_check_alert(check, alert, p.id).await?;
        }
        // One person in several cases: safety first, every caseworker is told at once, and
        // told that it is not known which child it is about.
        let several = participations.len() > 1;
        let (key, priority) = match (finding.tier, several) {
            (Tier::Danger, false) => ("forward-danger", Delivery::Urgent),
            (Tier::Danger, true) => ("forward-danger-unsure", Delivery::Urgent),
            (Tier::Concern, false) => ("forward-concern", Delivery::Notice),
            (Tier::Concern, true) => ("forward-concern-unsure", Delivery::Notice),
        };
        let args = Args::new().with("text", crate::domain::text::quote_lines(text));
        turn.tell_caseworker_about(p, key, args, priority, Some(note))
            .await?;
    }
    Ok(Some(finding))
}

/// What the alert stores about the signal: the line from the file, never the person's text.
fn signal_facts(finding: &Finding) -> Facts {
    Facts {
        signal: Some(finding.signal.clone()),
        danger_category: Some(finding.category.key().to_string()),
        lowered_by: finding.lowered_by.clone(),
        ..Facts::default()
    }
}

async fn urgent_reply(
    turn: &mut Turn<'_>,
    participant: Option<ParticipantId>,
    text: String,
    buttons: crate::telegram::outgoing::Keyboard,
) -> ChatResult<()> {
    let chat = turn.chat_id;
    turn.send_with(
        chat,
        participant,
        Outgoing::Text { text, buttons },
        Delivery::Urgent,
    )
    .await
}

/// Sends "Er du i fare lige nu?" with its buttons and stores the question.
async fn ask(
    turn: &mut Turn<'_>,
    participant: ParticipantId,
    finding: &Finding,
) -> ChatResult<SafetyCheckId> {
    let check = turn
        .tx
        .insert_safety_check(
            &NewSafetyCheck {
                chat_id: turn.chat_id,
                participant_id: participant,
                category: finding.category.key(),
                signal: &finding.signal,
                escalate_at: turn.now + Duration::hours(ANSWER_WITHIN_HOURS),
            },
            turn.now,
        )
        .await?;
    let button = |answer: CheckAnswer| {
        Button::callback(
            turn.t(answer_label(answer)),
            Callback::SafetyCheck { check, answer }.encode(),
        )
    };
    let buttons = vec![
        vec![button(CheckAnswer::InDanger)],
        vec![button(CheckAnswer::WantsToTalk)],
        vec![button(CheckAnswer::Okay)],
    ];
    let question = turn.t("safety-check-question");
    urgent_reply(turn, Some(participant), question, buttons).await?;
    Ok(check)
}

fn answer_label(answer: CheckAnswer) -> &'static str {
    match answer {
        CheckAnswer::InDanger => "safety-check-yes",
        CheckAnswer::WantsToTalk => "safety-check-talk",
        CheckAnswer::Okay => "safety-check-okay",
    }
}

/// A pressed button on "Er du i fare lige nu?". Only the person who was asked may answer;
/// a second press changes nothing.
pub async fn answer_button(
    turn: &mut Turn<'_>,
    check_id: SafetyCheckId,
    answer: CheckAnswer,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some(check) = turn.tx.safety_check(check_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if check.chat_id != turn.chat_id || check.chat_id != turn.user.0 {
        tracing::warn!(update_id = turn.update_id, check_id = %check_id, "check question answered from another chat");
        return Ok(turn.refused(Refusal::Expired));
    }
    let Some(asked) = turn.tx.participant(check.participant_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = asked.lang;
    if !turn.tx.answer_safety_check(check_id, answer, turn.now).await? {
        return Ok(Some(turn.t("safety-check-answered")));
    }
    tracing::warn!(update_id = turn.update_id, check_id = %check_id, answer = answer.key(), "check question answered");
    // The choice stays visible in the question itself (a pop-up is not read aloud).
    if let Some(message_id) = message_id {
        let chosen = turn.ta(
            "safety-check-you-chose",
            Args::new().with("choice", turn.t(answer_label(answer))),
        );
        let text = format!("{}\n\n{chosen}", turn.t("safety-check-question"));
        let chat = turn.chat_id;
        let edit = Outgoing::Edit {
            message_id,
            text,
            buttons: Vec::new(),
        };
        turn.send_with(chat, Some(asked.id), edit, Delivery::Urgent)
            .await?;
    }
    let numbers = turn.t("help-numbers");
    let linked = turn.tx.safety_check_alerts(check_id).await?;
    match answer {
        CheckAnswer::InDanger => {
            let reply = format!("{}\n\n{numbers}", turn.t("safety-check-reply-danger"));
            urgent_reply(turn, Some(asked.id), reply, Vec::new()).await?;
            for (alert, participant) in linked {
                let (tx, ctx, now) = (&mut *turn.tx, turn.ctx, turn.now);
                crate::service::safety::escalate(tx, ctx, now, &check, alert, participant, "in_danger")
                    .await?;
            }
        }
        CheckAnswer::WantsToTalk => {
            let reply = format!("{}\n\n{numbers}", turn.t("safety-check-reply-talk"));
            urgent_reply(turn, Some(asked.id), reply, Vec::new()).await?;
            for (_, participant) in linked {
                let Some(p) = turn.tx.participant(participant).await? else {
                    continue;
                };
                let Some(case) = turn.tx.case(p.case_id).await? else {
                    continue;
                };
                super::calls::contact_request(turn, &p, &case).await?;
                turn.tell_caseworker(&p, "safety-check-caseworker-talk", Args::new(), Delivery::Urgent)
                    .await?;
            }
        }
        CheckAnswer::Okay => {
            let reply = turn.t("safety-check-reply-okay");
            urgent_reply(turn, Some(asked.id), reply, Vec::new()).await?;
            for (_, participant) in linked {
                let Some(p) = turn.tx.participant(participant).await? else {
                    continue;
                };
                turn.tell_caseworker(&p, "safety-check-caseworker-okay", Args::new(), Delivery::Notice)
                    .await?;
            }
        }
    }
    Ok(None)
}

/// Someone without an invitation writes about danger: no case to tell, but the help numbers
/// at once. Returns true if the text was answered this way.
pub async fn stranger_in_danger(turn: &mut Turn<'_>, text: &str) -> ChatResult<bool> {
    let signals = DangerSignals::builtin();
    let danger = signals
        .assess(text, Writer::Youth)
        .or_else(|| signals.assess(text, Writer::Adult));
    if danger.is_none() {
        return Ok(false);
    }
    tracing::warn!(
        update_id = turn.update_id,
        "danger signal from someone without an invitation"
    );
    let reply = format!(
        "{}\n\n{}",
        turn.t("safety-reply-stranger"),
        turn.t("help-numbers")
    );
    urgent_reply(turn, None, reply, Vec::new()).await?;
    Ok(true)
}

/// The Fare answer: that the caseworker is told, and the help numbers (for an adult: what to
/// do about a child in danger).
pub fn safety_reply(ctx: &ChatContext, lang: Lang, writer: Writer) -> String {
    match writer {
        Writer::Youth => format!(
            "{}\n\n{}",
            ctx.texts.t(lang, "safety-reply"),
            ctx.texts.t(lang, "help-numbers")
        ),
        Writer::Adult => ctx.texts.t(lang, "safety-reply-adult"),
    }
}
