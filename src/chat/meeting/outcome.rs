//! After a meeting: Holdt · Aflyst · Flyttet. Held: who came, the rating question to them, a
//! follow-up call to the young person, the next statutory follow-up. Cancelled or moved: the
//! invitees are told, and a moved meeting gets its agenda again.

use super::*;
use crate::chat::access::Refusal;

pub(super) async fn outcome_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    outcome: MeetingOutcome,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    match meeting.status.apply(outcome, meeting.at, None, turn.now) {
        Ok(MeetingStatus::Held) => hold(turn, staff, &meeting, &case).await?,
        Ok(MeetingStatus::Cancelled) => cancel(turn, staff, &meeting, &case).await?,
        Ok(MeetingStatus::Planned) | Err(MeetingTransitionError::NewTimeMissing) => {
            turn.set_conversation(&Conversation::Meeting(MeetingStep::NewTime {
                meeting: meeting.id,
            }))
            .await?;
            turn.reply_key("meeting-ask-new-time").await?;
        }
        Err(MeetingTransitionError::NotStarted) => turn.reply_key("meeting-not-started").await?,
        Err(MeetingTransitionError::Invalid { from, .. }) => {
            let key = if from == MeetingStatus::Held {
                "meeting-already-held"
            } else {
                "meeting-already-cancelled"
            };
            return Ok(Some(turn.t(key)));
        }
        Err(MeetingTransitionError::NewTimeInPast) => turn.reply_key("meeting-time-in-past").await?,
    }
    Ok(None)
}

/// "Holdt": the meeting is held; the parents' follow-up calls are created, the next statutory
/// follow-up gets its default date, and the caseworker is asked who came.
pub(super) async fn hold(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    let (ctx, now) = (turn.ctx, turn.now);
    let Some(held) = meeting_plan::hold(turn.tx, ctx, now, staff, meeting, case).await? else {
        return turn.reply_key("meeting-already-held").await;
    };
    let mut text = turn.t("meeting-marked-held");
    if !held.calls.is_empty() {
        text.push('\n');
        text.push_str(
            &turn.ta(
                "meeting-calls-created",
                Args::new()
                    .with("count", held.calls.len())
                    .with("due", date_text(turn.ctx, turn.lang, held.due)),
            ),
        );
    }
    turn.reply(text, Vec::new()).await?;
    meeting_plan::announce_calls(turn.tx, ctx, now, &held.calls).await?;
    let (text, buttons) = meeting_plan::attendance_question(turn.tx, ctx, turn.lang, meeting).await?;
    turn.reply(text, buttons).await
}

pub(super) async fn toggle_attended(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    participant: ParticipantId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, _)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(invitee) = turn.tx.invitee(meeting.id, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if meeting.status != MeetingStatus::Held || invitee.rating_asked_at.is_some() {
        return Ok(turn.refused(Refusal::Expired));
    }
    turn.tx
        .set_attended(meeting.id, participant, !invitee.attended)
        .await?;
    if let Some(message_id) = message_id {
        let (text, buttons) =
            meeting_plan::attendance_question(turn.tx, turn.ctx, turn.lang, &meeting).await?;
        turn.edit(message_id, text, buttons).await?;
    }
    Ok(Some(turn.t("answer-saved")))
}

/// "Færdig": the rating question goes to everyone who came; then the next question.
pub(super) async fn attendance_done(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if meeting.status != MeetingStatus::Held {
        return Ok(turn.refused(Refusal::Expired));
    }
    let invitees = turn.tx.invitees(meeting.id).await?;
    if invitees.iter().any(|i| i.rating_asked_at.is_some()) {
        // "Færdig" pressed twice: the questions went out once.
        return Ok(Some(turn.t("answer-saved")));
    }
    let mut asked = 0;
    let mut attended = Vec::new();
    for invitee in invitees {
        let Some(p) = turn.tx.participant(invitee.participant_id).await? else {
            continue;
        };
        if invitee.attended {
            attended.push(crate::chat::staff_label(turn.ctx, turn.lang, &p));
        }
        if invitee.attended && send_rating_question(turn, &meeting, &p).await? {
            asked += 1;
        }
    }
    if let Some(message_id) = message_id {
        let text = turn.ta(
            "meeting-attendance-recorded",
            Args::new().with("who", attended.join(", ")),
        );
        turn.edit(message_id, text, Vec::new()).await?;
    }
    let text = turn.ta("meeting-ratings-sent", Args::new().with("count", asked));
    turn.reply(text, Vec::new()).await?;
    let youth = turn
        .tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .find(|p| p.role == Role::Youth && p.status != ParticipantStatus::Stopped);
    if youth.is_some() {
        let buttons = vec![vec![
            Button::callback(
                turn.t("meeting-yes"),
                MeetingButton::CallYouth {
                    meeting: meeting.id,
                    yes: true,
                }
                .callback(),
            ),
            Button::callback(
                turn.t("meeting-no"),
                MeetingButton::CallYouth {
                    meeting: meeting.id,
                    yes: false,
                }
                .callback(),
            ),
        ]];
        let text = turn.ta(
            "meeting-ask-call-youth",
            Args::new().with("nickname", case.nickname.clone()),
        );
        turn.reply(text, buttons).await?;
    } else {
        ask_next_follow_up(turn, &meeting, &case).await?;
    }
    Ok(None)
}

/// "Hvordan var mødet for dig?" to one participant who came (once).
pub(super) async fn send_rating_question(
    turn: &mut Turn<'_>,
    meeting: &MeetingRecord,
    p: &ParticipantRecord,
) -> ChatResult<bool> {
    let Some(chat) = p.telegram_user_id else {
        return Ok(false);
    };
    if !matches!(p.status, ParticipantStatus::Active | ParticipantStatus::Paused) {
        return Ok(false);
    }
    if !turn.tx.mark_rating_asked(meeting.id, p.id, turn.now).await? {
        return Ok(false);
    }
    let ctx = turn.ctx;
    let text = format!(
        "{}\n{}",
        ctx.texts.t(p.lang, "meeting-rating-question"),
        ctx.texts.t(p.lang, "meeting-rating-ends")
    );
    let message = Outgoing::Text {
        text,
        buttons: rating_buttons(meeting.id, p.id),
    };
    let key = MeetingMessage::RatingQuestion.dedup_key(meeting.id, meeting.revision, p.id.0);
    queue(
        turn.tx,
        ctx,
        Queued {
            key: &key,
            chat_id: chat.0,
            participant: Some(p.id),
            message: &message,
            delivery: Delivery::Daytime,
        },
        turn.now,
    )
    .await?;
    Ok(true)
}

/// 0–10 in two rows.
pub(super) fn rating_buttons(meeting: MeetingId, participant: ParticipantId) -> Keyboard {
    let values: Vec<u8> = (0..=RATING_MAX).collect();
    values
        .chunks(6)
        .map(|row| {
            row.iter()
                .map(|v| {
                    Button::callback(
                        v.to_string(),
                        MeetingButton::Rate {
                            meeting,
                            participant,
                            value: *v,
                        }
                        .callback(),
                    )
                })
                .collect()
        })
        .collect()
}

pub(super) async fn call_youth(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    yes: bool,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if meeting.status != MeetingStatus::Held {
        return Ok(turn.refused(Refusal::Expired));
    }
    if let Some(message_id) = message_id {
        let text = format!(
            "{}\n→ {}",
            turn.ta(
                "meeting-ask-call-youth",
                Args::new().with("nickname", case.nickname.clone())
            ),
            turn.t(if yes { "meeting-yes" } else { "meeting-no" })
        );
        turn.edit(message_id, text, Vec::new()).await?;
    }
    if yes {
        let youth = turn
            .tx
            .participants_of_case(case.id)
            .await?
            .into_iter()
            .find(|p| p.role == Role::Youth && p.status != ParticipantStatus::Stopped);
        let held = meeting
            .held_at
            .unwrap_or(turn.now)
            .with_timezone(&turn.ctx.timezone)
            .date_naive();
        if let Some(youth) = youth
            && let Some(task) =
                crate::chat::calls::create_after_meeting(turn, &case, &youth, meeting.id, held).await?
        {
            crate::chat::calls::send_task(turn, task, "call-task-created").await?;
        }
    }
    ask_next_follow_up(turn, &meeting, &case).await?;
    Ok(None)
}

/// After a held follow-up or plan meeting: when is the next statutory follow-up due?
pub(super) async fn ask_next_follow_up(
    turn: &mut Turn<'_>,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    if !meeting.kind.is_statutory_follow_up() {
        return Ok(());
    }
    let Some(record) = turn.tx.statutory(case.id).await? else {
        return Ok(());
    };
    turn.set_conversation(&Conversation::Meeting(MeetingStep::NextFollowUp {
        meeting: meeting.id,
    }))
    .await?;
    let label = turn.ta(
        "meeting-next-follow-up-default",
        Args::new()
            .with("months", NEXT_FOLLOW_UP_MONTHS)
            .with("date", date_text(turn.ctx, turn.lang, record.follow_up.due)),
    );
    let buttons = vec![vec![Button::callback(
        label,
        MeetingButton::NextFollowUpDefault(meeting.id).callback(),
    )]];
    let text = turn.t("meeting-ask-next-follow-up");
    turn.reply(text, buttons).await
}

pub(super) async fn next_follow_up_default(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(held) = meeting.held_at else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let held = held.with_timezone(&turn.ctx.timezone).date_naive();
    let due = StatutoryFollowUp::after_held(held, NEXT_FOLLOW_UP_MONTHS).due;
    set_next_follow_up(turn, &case, due).await?;
    Ok(None)
}

pub(super) async fn next_follow_up_typed(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    text: &str,
) -> ChatResult<()> {
    let Some((_, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        turn.clear_conversation().await?;
        return turn.refuse(Refusal::MeetingNotFound).await;
    };
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    match parse_date(text.trim(), today) {
        Ok(due) => set_next_follow_up(turn, &case, due).await,
        Err(error) => {
            let text = when_error_text(turn, &WhenError::Date(error));
            turn.reply(text, Vec::new()).await
        }
    }
}

pub(super) async fn set_next_follow_up(
    turn: &mut Turn<'_>,
    case: &CaseRecord,
    due: NaiveDate,
) -> ChatResult<()> {
    turn.clear_conversation().await?;
    turn.tx.set_statutory_due(case.id, None, due, turn.now).await?;
    let text = turn.ta(
        "meeting-next-follow-up-set",
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("date", date_text(turn.ctx, turn.lang, due)),
    );
    turn.reply(text, Vec::new()).await
}

/// "Aflyst": participants who got the agenda are told.
pub(super) async fn cancel(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    let (ctx, now) = (turn.ctx, turn.now);
    if !meeting_plan::cancel(turn.tx, ctx, now, staff, meeting, case).await? {
        return turn.reply_key("meeting-already-cancelled").await;
    }
    turn.reply_key("meeting-marked-cancelled").await
}

/// "Flyttet": the new time was typed.
pub(super) async fn new_time(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    text: &str,
) -> ChatResult<()> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        turn.clear_conversation().await?;
        return turn.refuse(Refusal::MeetingNotFound).await;
    };
    let ctx = turn.ctx;
    let now = turn.now;
    let new_at = match parse_new_time(text, now, ctx.timezone) {
        Ok(at) => at,
        Err(error) => {
            let text = when_error_text(turn, &error);
            return turn.reply(text, Vec::new()).await;
        }
    };
    turn.clear_conversation().await?;
    let key = match meeting_plan::move_to(turn.tx, ctx, now, staff, &meeting, &case, new_at).await? {
        Moved::Moved(_) => None,
        Moved::AlreadyHeld => Some("meeting-already-held"),
        Moved::AlreadyCancelled => Some("meeting-already-cancelled"),
        Moved::InPast => Some("meeting-time-in-past"),
        Moved::NotPlanned => Some("meeting-not-planned"),
    };
    if let Some(key) = key {
        return turn.reply_key(key).await;
    }
    let text = turn.ta(
        "meeting-marked-moved",
        Args::new().with("when", when_text(ctx, turn.lang, new_at)),
    );
    turn.reply(text, Vec::new()).await
}
