//! The young person's and the network's side: `/mine`, `/pause`, `/stop`, `/ring`, `/meld`,
//! free text to the caseworker (always checked for danger first), and coming back.

use crate::chat::access::Refusal;
use chrono::Duration;

use super::command::Action;
use super::conversation::Conversation;
use super::safety;
use super::{ChatResult, Turn};
use crate::domain::alert_rules::{AlertDecision, ReportDirection, evaluate_report};
use crate::domain::flood::{self, Forwarding};
use crate::domain::goal::GoalStatus;
use crate::domain::ids::{GoalId, NoteId, ParticipantId};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::text::{contains_cpr, quote_lines};
use crate::i18n::Args;
use crate::service::alerts::{self, Subject};
use crate::service::buttons::Callback;
use crate::service::{Delivery, Queued};
use crate::store::{Actor, AuditEntry, ParticipantRecord};
use crate::telegram::outgoing::{Button, Keyboard, MAX_TEXT_CHARS};

/// Longest pause a participant can ask for.
pub const MAX_PAUSE_WEEKS: i64 = 8;

/// How long a `/meld` "Værre" alert waits for the writer's description before it goes alone.
const REPORT_TEXT_WAIT: Duration = Duration::minutes(10);

pub async fn command(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
    action: Action,
    args: &str,
) -> ChatResult<()> {
    turn.clear_conversation().await?;
    match action {
        Action::Mine => mine(turn, participations).await,
        Action::Pause => pause(turn, participations, args).await,
        Action::Stop => stop(turn, participations).await,
        Action::Call => ring(turn, participations).await,
        Action::Report => report_start(turn, participations).await,
        _ => turn.reply_key("unknown-command").await,
    }
}

/// `/start` without a token from someone who stopped: they are back.
pub async fn come_back(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<bool> {
    let stopped: Vec<_> = participations
        .iter()
        .filter(|p| p.status == ParticipantStatus::Stopped)
        .collect();
    if stopped.is_empty() {
        return Ok(false);
    }
    for p in stopped {
        let Ok(active) = p.status.resume() else { continue };
        turn.tx.set_participant_status(p.id, active, turn.now).await?;
        audit(turn, p, "participant.resumed").await?;
        turn.tell_caseworker(p, "caseworker-participant-resumed", Args::new(), Delivery::Notice)
            .await?;
    }
    turn.reply_key("welcome-back").await?;
    Ok(true)
}

/// Free text: danger check first, then the caseworker gets it.
pub async fn text(turn: &mut Turn<'_>, participations: &[ParticipantRecord], text: &str) -> ChatResult<()> {
    let conversation = turn.conversation().await?;
    if safety::check(turn, participations, text).await?.is_some() {
        turn.clear_conversation().await?;
        return Ok(());
    }
    if contains_cpr(text) {
        return hold_back_cpr(turn, participations).await;
    }
    if super::meeting::participant_text(turn, participations, conversation.as_ref(), text).await? {
        return Ok(());
    }
    let mut held_alert = None;
    let (participant, kind, report) = match conversation {
        Some(Conversation::Comment { participant, .. }) => (participant, "comment", None),
        Some(Conversation::ReportText {
            participant,
            report,
            held_alert: held,
        }) => {
            held_alert = held;
            (participant, "report", Some(report))
        }
        _ => {
            let reachable: Vec<&ParticipantRecord> = participations
                .iter()
                .filter(|p| p.status != ParticipantStatus::Blocked)
                .collect();
            match reachable.as_slice() {
                [] => return turn.reply_key("participant-stopped").await,
                [p] => (p.id, "message", None),
                // One person in several cases: which child is it about? The text waits for
                // the answer; nobody gets it labelled with the wrong case.
                several => return ask_which_child(turn, several, text).await,
            }
        }
    };
    turn.clear_conversation().await?;
    let Some(p) = participations.iter().find(|p| p.id == participant) else {
        return turn.refuse(Refusal::Expired).await;
    };
    forward(turn, p, kind, report, held_alert, text).await
}

/// Stores `text` for `p`'s case and passes it on to its caseworker with "Tag med på mødet".
async fn forward(
    turn: &mut Turn<'_>,
    p: &ParticipantRecord,
    kind: &str,
    report: Option<crate::domain::ids::ReportId>,
    held_alert: Option<crate::domain::ids::AlertId>,
    text: &str,
) -> ChatResult<()> {
    let Some(case) = turn.tx.case(p.case_id).await? else {
        return Ok(());
    };
    let body: String = text.chars().take(MAX_TEXT_CHARS).collect();
    let note = turn
        .tx
        .insert_note(case.id, p.id, kind, report, &body, None, turn.now)
        .await?;
    if let Some(alert) = held_alert {
        let addition = alerts::Addition {
            text: &body,
            note,
            writer: p,
        };
        if alerts::release_held(turn.tx, turn.ctx, turn.now, alert, Some(addition)).await? {
            let text = turn.t_for(p.role, "message-received");
            return turn.reply(text, Vec::new()).await;
        }
    }
    if kind == "message" {
        match flood_limit(turn, p, note).await? {
            Forwarding::Single => {}
            Forwarding::Bundled { first: true } => {
                let text = turn.t_for(p.role, "flood-received");
                return turn.reply(text, Vec::new()).await;
            }
            // Stored, counted in the bundle; the writer was told once.
            Forwarding::Bundled { first: false } => return Ok(()),
        }
    }
    let args = Args::new().with("text", quote_lines(&body));
    turn.tell_caseworker_about(p, "forward-message", args, Delivery::Notice, Some(note))
        .await?;
    let key = if p.status == ParticipantStatus::Stopped {
        "message-received-stopped"
    } else {
        "message-received"
    };
    let text = turn.t_for(p.role, key);
    turn.reply(text, Vec::new()).await
}

/// One button per child, labelled with the nickname: only cases this person was invited to.
async fn child_buttons(
    turn: &mut Turn<'_>,
    participations: &[&ParticipantRecord],
    data: impl Fn(ParticipantId) -> String,
) -> ChatResult<Keyboard> {
    let mut buttons: Keyboard = Vec::new();
    for p in participations {
        let nickname = turn
            .tx
            .case(p.case_id)
            .await?
            .map(|c| c.nickname)
            .unwrap_or_default();
        buttons.push(vec![Button::callback(nickname, data(p.id))]);
    }
    Ok(buttons)
}

async fn ask_which_child(turn: &mut Turn<'_>, several: &[&ParticipantRecord], text: &str) -> ChatResult<()> {
    let body: String = text.chars().take(MAX_TEXT_CHARS).collect();
    turn.set_conversation(&Conversation::PendingText { text: body })
        .await?;
    let buttons = child_buttons(turn, several, |p| Callback::PickChild(p).encode()).await?;
    let question = turn.t("which-child");
    turn.reply(question, buttons).await
}

/// The person picked the child a waiting text is about.
pub async fn pick_child(turn: &mut Turn<'_>, participant: ParticipantId) -> ChatResult<Option<String>> {
    // Also a case they stopped in: what they write still reaches that caseworker.
    let Some(p) = super::access::own_participation_any(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = p.lang;
    let Some(Conversation::PendingText { text }) = turn.conversation().await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.clear_conversation().await?;
    forward(turn, &p, "message", None, None, &text).await?;
    Ok(None)
}

/// A text with a CPR number is neither stored nor passed on (data minimisation: chats with
/// bots are not end-to-end encrypted). The person is told why; the caseworker that a message
/// was held back. Nothing of the text reaches the log.
async fn hold_back_cpr(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    tracing::info!(update_id = turn.update_id, "message with a CPR number held back");
    if let Some(p) = participations
        .iter()
        .find(|p| p.status != ParticipantStatus::Blocked)
    {
        turn.tell_caseworker(p, "caseworker-cpr-held-back", Args::new(), Delivery::Notice)
            .await?;
    }
    turn.reply_key("cpr-held-back").await
}

/// An edited message without danger: the caseworker sees the new wording.
pub async fn forward_edit(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
    text: &str,
) -> ChatResult<()> {
    if contains_cpr(text) {
        return hold_back_cpr(turn, participations).await;
    }
    let Some(p) = participations
        .iter()
        .find(|p| p.status != ParticipantStatus::Blocked)
    else {
        return Ok(());
    };
    let body: String = text.chars().take(MAX_TEXT_CHARS).collect();
    let note = turn
        .tx
        .insert_note(p.case_id, p.id, "message", None, &body, None, turn.now)
        .await?;
    if flood_limit(turn, p, note).await? != Forwarding::Single {
        return Ok(());
    }
    let args = Args::new().with("text", quote_lines(&body));
    turn.tell_caseworker_about(p, "forward-edited", args, Delivery::Notice, Some(note))
        .await
}

/// The per-person flood limit on a stored free text (`note`): within the limit it is passed on
/// as always; beyond it, it joins the ten-minute bundle — one message to the caseworker,
/// sent when the ten minutes end, saying how many more came and that `/sag` shows them.
/// Danger texts never get here: the safety check answered them first.
async fn flood_limit(turn: &mut Turn<'_>, p: &ParticipantRecord, note: NoteId) -> ChatResult<Forwarding> {
    let written = turn
        .tx
        .texts_since(p.id, turn.now - flood::flood_window())
        .await?;
    let decision = flood::forwarding(written);
    if decision == Forwarding::Single {
        return Ok(decision);
    }
    turn.tx.mark_note_bundled(note, turn.now).await?;
    let (slot_start, slot_end) = flood::bundle_slot(turn.now);
    let count = turn.tx.bundled_since(p.id, slot_start).await?;
    tracing::info!(
        update_id = turn.update_id,
        participant_id = p.id.0,
        written,
        bundled = count,
        "flood limit: text stored and bundled"
    );
    let Some(case) = turn.tx.case(p.case_id).await? else {
        return Ok(decision);
    };
    let Some(caseworker) = turn.tx.staff(case.caseworker_id).await? else {
        return Ok(decision);
    };
    let Some(chat) = caseworker.telegram_user_id else {
        return Ok(decision);
    };
    let text = turn.ctx.texts.ta(
        caseworker.lang,
        "flood-bundle",
        Args::new()
            .with("count", count)
            .with("who", super::staff_label(turn.ctx, caseworker.lang, p))
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone()),
    );
    let message = crate::telegram::outgoing::Outgoing::Text {
        text,
        buttons: Vec::new(),
    };
    // One bundle per person and ten minutes: the first bundled text queues it, the next ones
    // raise its count while it waits for the end of the slot.
    let key = format!("flood:{}:{}", p.id.0, crate::clock::to_millis(slot_start));
    let new = super::queue(
        turn.tx,
        turn.ctx,
        Queued {
            key: &key,
            chat_id: chat.0,
            participant: None,
            message: &message,
            delivery: Delivery::NoticeAt(slot_end),
        },
        turn.now,
    )
    .await?;
    if !new {
        let payload = serde_json::to_string(&message)?;
        if !turn.tx.replace_waiting_payload(&key, &payload).await? {
            tracing::warn!(
                update_id = turn.update_id,
                participant_id = p.id.0,
                "flood bundle already on its way; this text is stored and shown by /sag"
            );
        }
    }
    Ok(decision)
}

/// `/mine`: the person's own goals and own latest answers (never anyone else's).
async fn mine(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    let mut lines = Vec::new();
    for p in participations {
        // The young person reads "Dine mål"; a parent or witness reads "Leas mål".
        let title = match p.role {
            Role::Youth => turn.t("mine-title"),
            _ => {
                let nickname = turn
                    .tx
                    .case(p.case_id)
                    .await?
                    .map(|c| c.nickname)
                    .unwrap_or_default();
                let owner = crate::i18n::possessive(turn.lang, &nickname);
                turn.ta("mine-title-network", Args::new().with("owner", owner))
            }
        };
        lines.push(title);
        let goals = turn.tx.goals_of_case(p.case_id).await?;
        for goal in goals.iter().filter(|g| g.status == GoalStatus::Active) {
            let wording = match (p.role, &goal.witness_text) {
                (Role::Youth, _) => goal.youth_text.clone(),
                (_, Some(text)) => text.clone(),
                // Not asked to the network yet: the caseworker has not chosen its wording.
                (_, None) => continue,
            };
            let answers = turn.tx.scored_answers(p.id, goal.id).await?;
            let last: Vec<String> = answers
                .iter()
                .rev()
                .take(4)
                .rev()
                .map(|(_, _, v)| v.to_string())
                .collect();
            let line = if last.is_empty() {
                turn.ta("mine-goal-no-answers", Args::new().with("goal", wording))
            } else {
                turn.ta(
                    "mine-goal",
                    Args::new()
                        .with("goal", wording)
                        .with("answers", last.join(" → ")),
                )
            };
            lines.push(line);
        }
    }
    if lines.len() <= participations.len() {
        lines.push(turn.t("mine-no-goals"));
    }
    turn.reply(lines.join("\n"), Vec::new()).await?;
    // One picture of their own answers: never anyone else's.
    for p in participations {
        for picture in crate::service::progress::own_pictures(turn.tx, turn.ctx, p).await? {
            turn.send(turn.chat_id, Some(p.id), picture).await?;
        }
    }
    Ok(())
}

/// `/pause [uger]`: no check-ins for a while (1–8 weeks, default 1); the caseworker is told.
async fn pause(turn: &mut Turn<'_>, participations: &[ParticipantRecord], args: &str) -> ChatResult<()> {
    let weeks = if args.trim().is_empty() {
        Ok(1)
    } else {
        args.trim().parse::<u8>()
    };
    let weeks = match weeks {
        Ok(w) if (1..=MAX_PAUSE_WEEKS).contains(&i64::from(w)) => w,
        _ => {
            let text = turn.ta("pause-invalid", Args::new().with("max", MAX_PAUSE_WEEKS));
            return turn.reply(text, Vec::new()).await;
        }
    };
    let targets: Vec<&ParticipantRecord> = participations
        .iter()
        .filter(|p| p.status.pause().is_ok())
        .collect();
    if targets.is_empty() {
        return why_no_pause(turn, participations).await;
    }
    if targets.len() > 1 {
        let choice = |participant| Callback::PauseFor { participant, weeks }.encode();
        return ask_which_case(turn, &targets, "which-child-pause", choice).await;
    }
    apply_pause(turn, &targets, weeks).await
}

/// Nothing to pause: say why, and what the person can do — a pause already running until a
/// date in words, or a stop that /start undoes.
async fn why_no_pause(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    let mut until = None;
    for p in participations
        .iter()
        .filter(|p| p.status == ParticipantStatus::Paused)
    {
        until = until.max(turn.tx.paused_until(p.id).await?);
    }
    if let Some(until) = until {
        let day = until.with_timezone(&turn.ctx.timezone).date_naive();
        let date = crate::service::format::date_text(turn.ctx, turn.lang, day);
        let text = turn.ta("pause-already", Args::new().with("until", date));
        return turn.reply(text, Vec::new()).await;
    }
    if participations
        .iter()
        .any(|p| p.status == ParticipantStatus::Stopped)
    {
        return turn.reply_key("pause-stopped").await;
    }
    turn.reply_key("pause-not-possible").await
}

/// Several cases: one button per child (by the nickname the person knows) and "Alle".
async fn ask_which_case(
    turn: &mut Turn<'_>,
    targets: &[&ParticipantRecord],
    question: &str,
    choice: impl Fn(Option<ParticipantId>) -> String,
) -> ChatResult<()> {
    let mut buttons = child_buttons(turn, targets, |p| choice(Some(p))).await?;
    buttons.push(vec![Button::callback(turn.t("which-child-all"), choice(None))]);
    let text = turn.t(question);
    turn.reply(text, buttons).await
}

/// The participations a "which child?" button means: one of the person's own, or all of them.
async fn chosen(
    turn: &mut Turn<'_>,
    participant: Option<ParticipantId>,
) -> ChatResult<Option<Vec<ParticipantRecord>>> {
    match participant {
        Some(id) => Ok(own_participation(turn, id).await?.map(|p| vec![p])),
        None => match super::identify(turn).await? {
            super::Person::Participant(all) => Ok(Some(all)),
            _ => Ok(None),
        },
    }
}

/// "Pause" for the child picked (or all).
pub async fn pause_for(
    turn: &mut Turn<'_>,
    participant: Option<ParticipantId>,
    weeks: u8,
) -> ChatResult<Option<String>> {
    let Some(targets) = chosen(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let pausable: Vec<&ParticipantRecord> = targets.iter().filter(|p| p.status.pause().is_ok()).collect();
    if pausable.is_empty() {
        why_no_pause(turn, &targets).await?;
        return Ok(None);
    }
    apply_pause(turn, &pausable, weeks).await?;
    Ok(None)
}

async fn apply_pause(turn: &mut Turn<'_>, targets: &[&ParticipantRecord], weeks: u8) -> ChatResult<()> {
    let until = turn.now + Duration::weeks(i64::from(weeks));
    let mut paused = false;
    for p in targets {
        let Ok(next) = p.status.pause() else { continue };
        turn.tx.set_participant_status(p.id, next, turn.now).await?;
        turn.tx.set_paused_until(p.id, Some(until)).await?;
        audit(turn, p, "participant.paused").await?;
        turn.tell_caseworker(
            p,
            "caseworker-participant-paused",
            Args::new().with("weeks", weeks),
            Delivery::Notice,
        )
        .await?;
        paused = true;
    }
    if !paused {
        return turn.reply_key("pause-not-possible").await;
    }
    let day = until.with_timezone(&turn.ctx.timezone).date_naive();
    let date = crate::service::format::date_text(turn.ctx, turn.lang, day);
    let text = turn.ta(
        "pause-confirmed",
        Args::new().with("weeks", weeks).with("until", date),
    );
    turn.reply(text, Vec::new()).await
}

/// `/stop`: no more messages at all; the caseworker is told (as an alert to assess).
async fn stop(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    let targets: Vec<&ParticipantRecord> = participations
        .iter()
        .filter(|p| p.status.stop().is_ok())
        .collect();
    if targets.len() > 1 {
        let choice = |participant| Callback::StopFor { participant }.encode();
        return ask_which_case(turn, &targets, "which-child-stop", choice).await;
    }
    apply_stop(turn, &targets).await
}

/// "Stop" for the child picked (or all).
pub async fn stop_for(turn: &mut Turn<'_>, participant: Option<ParticipantId>) -> ChatResult<Option<String>> {
    let Some(targets) = chosen(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let targets: Vec<&ParticipantRecord> = targets.iter().filter(|p| p.status.stop().is_ok()).collect();
    apply_stop(turn, &targets).await?;
    Ok(None)
}

async fn apply_stop(turn: &mut Turn<'_>, targets: &[&ParticipantRecord]) -> ChatResult<()> {
    let mut stopped = false;
    for p in targets {
        let Ok(next) = p.status.stop() else { continue };
        turn.tx.set_participant_status(p.id, next, turn.now).await?;
        turn.tx.set_paused_until(p.id, None).await?;
        audit(turn, p, "participant.stopped").await?;
        if let Some(case) = turn.tx.case(p.case_id).await? {
            let subject = Subject {
                case: &case,
                goal: None,
                participant: Some(p.id),
            };
            alerts::raise(turn.tx, turn.ctx, turn.now, &subject, AlertDecision::stopped()).await?;
        }
        // Whatever was still waiting for them in this case (a reminder, a check-in) is not sent.
        turn.tx
            .cancel_outbox_for_participant(p.id, "participant stopped")
            .await?;
        stopped = true;
    }
    turn.reply_key(if stopped {
        "stop-confirmed"
    } else {
        "participant-stopped"
    })
    .await
}

/// `/ring`: the young person asks to be called; the caseworker sees it as an alert.
async fn ring(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    for p in participations
        .iter()
        .filter(|p| p.status != ParticipantStatus::Stopped)
    {
        let Some(case) = turn.tx.case(p.case_id).await? else {
            continue;
        };
        let subject = Subject {
            case: &case,
            goal: None,
            participant: Some(p.id),
        };
        alerts::raise(
            turn.tx,
            turn.ctx,
            turn.now,
            &subject,
            AlertDecision::contact_request(),
        )
        .await?;
        super::calls::contact_request(turn, p, &case).await?;
    }
    turn.reply_key("ring-confirmed").await
}

// ---- /meld: a witness's or parent's report of a change ----

async fn report_start(turn: &mut Turn<'_>, participations: &[ParticipantRecord]) -> ChatResult<()> {
    let network: Vec<&ParticipantRecord> = participations
        .iter()
        .filter(|p| p.role != Role::Youth && p.status != ParticipantStatus::Stopped)
        .collect();
    if network.is_empty() {
        return turn.reply_key("report-only-network").await;
    }
    let several = network.len() > 1;
    let mut buttons: Keyboard = Vec::new();
    for p in network {
        let nickname = turn
            .tx
            .case(p.case_id)
            .await?
            .map(|c| c.nickname)
            .unwrap_or_default();
        let prefix = if several {
            format!("{nickname}: ")
        } else {
            String::new()
        };
        for goal in turn
            .tx
            .goals_of_case(p.case_id)
            .await?
            .iter()
            .filter(|g| g.status == GoalStatus::Active)
        {
            // Only goals whose network wording the caseworker has chosen.
            let Some(wording) = goal.witness_text.clone() else {
                continue;
            };
            let label: String = format!("{prefix}{wording}").chars().take(60).collect();
            buttons.push(vec![Button::callback(
                label,
                Callback::ReportGoal {
                    participant: p.id,
                    goal: Some(goal.id),
                }
                .encode(),
            )]);
        }
        let overall = format!("{prefix}{}", turn.t("report-overall"));
        buttons.push(vec![Button::callback(
            overall,
            Callback::ReportGoal {
                participant: p.id,
                goal: None,
            }
            .encode(),
        )]);
    }
    let text = turn.t("report-ask-goal");
    turn.reply(text, buttons).await
}

/// The goal was picked: ask better / same / worse.
pub async fn report_goal(
    turn: &mut Turn<'_>,
    participant: ParticipantId,
    goal: Option<GoalId>,
) -> ChatResult<Option<String>> {
    let Some(p) = own_participation(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    // Goal ids are sequential: the goal must belong to this participation's own case.
    if let Some(goal) = goal {
        let own_goal = turn
            .tx
            .goal(goal)
            .await?
            .is_some_and(|g| g.case_id == p.case_id && g.status == GoalStatus::Active);
        if !own_goal {
            tracing::warn!(update_id = turn.update_id, goal_id = %goal, "report button with a goal of another case; refused");
            return Ok(turn.refused(Refusal::Expired));
        }
    }
    turn.set_conversation(&Conversation::ReportDirection { participant, goal })
        .await?;
    let buttons = vec![vec![
        Button::callback(
            turn.t("report-better"),
            Callback::ReportDirection(ReportDirection::Better).encode(),
        ),
        Button::callback(
            turn.t("report-same"),
            Callback::ReportDirection(ReportDirection::Same).encode(),
        ),
        Button::callback(
            turn.t("report-worse"),
            Callback::ReportDirection(ReportDirection::Worse).encode(),
        ),
    ]];
    let text = turn.t("report-ask-direction");
    turn.reply(text, buttons).await?;
    Ok(None)
}

/// The direction was picked: store the report, alert on "Værre", offer to write more.
pub async fn report_direction(turn: &mut Turn<'_>, direction: ReportDirection) -> ChatResult<Option<String>> {
    let Some(Conversation::ReportDirection { participant, goal }) = turn.conversation().await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(p) = own_participation(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(case) = turn.tx.case(p.case_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let key = match direction {
        ReportDirection::Better => "better",
        ReportDirection::Same => "same",
        ReportDirection::Worse => "worse",
    };
    let report = turn.tx.insert_report(case.id, p.id, goal, key, turn.now).await?;
    let mut held_alert = None;
    if let Some(mut decision) = evaluate_report(direction) {
        decision.facts.respondent = Some(p.role.into());
        let subject = Subject {
            case: &case,
            goal,
            participant: Some(p.id),
        };
        // The caseworker gets one message with the alert and what the writer adds; it waits
        // at most REPORT_TEXT_WAIT for that text, so an unanswered question delays nothing long.
        let until = turn.now + REPORT_TEXT_WAIT;
        held_alert = alerts::raise_held(turn.tx, turn.ctx, turn.now, &subject, decision, until).await?;
    }
    turn.set_conversation(&Conversation::ReportText {
        participant,
        report,
        held_alert,
    })
    .await?;
    let buttons = vec![vec![Button::callback(
        turn.t("report-no-text"),
        Callback::ReportNoText.encode(),
    )]];
    let text = turn.t("report-ask-text");
    turn.reply(text, buttons).await?;
    Ok(None)
}

/// "Nej tak" to writing more about the report: a held alert goes now, as it is.
pub async fn report_no_text(turn: &mut Turn<'_>) -> ChatResult<Option<String>> {
    let Some(Conversation::ReportText { held_alert, .. }) = turn.conversation().await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.clear_conversation().await?;
    if let Some(alert) = held_alert {
        alerts::release_held(turn.tx, turn.ctx, turn.now, alert, None).await?;
    }
    turn.reply_key("report-thanks").await?;
    Ok(None)
}

/// A participation of the person pressing the button, or None.
async fn own_participation(turn: &mut Turn<'_>, id: ParticipantId) -> ChatResult<Option<ParticipantRecord>> {
    super::access::own_participation(turn, id).await
}

async fn audit(turn: &mut Turn<'_>, p: &ParticipantRecord, action: &'static str) -> ChatResult<()> {
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Participant(p.id),
            action,
            case_id: Some(p.case_id),
            subject: Some(("participant", p.id.0)),
        })
        .await?;
    Ok(())
}
