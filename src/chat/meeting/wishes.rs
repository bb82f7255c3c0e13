//! The participants' side of a meeting: "se ske" wishes written as plain text after the
//! agenda, and the rating of a held meeting with its optional comment.

use super::*;
use crate::chat::access::Refusal;

/// or "se ske" wishes while an agenda is open. Returns false when it is not about a meeting
/// (the text then goes to the caseworker as usual).
pub async fn participant_text(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
    conversation: Option<&Conversation>,
    text: &str,
) -> ChatResult<bool> {
    match conversation {
        Some(Conversation::Meeting(MeetingStep::RatingComment {
            meeting,
            participant,
            asked_at,
        })) => {
            let (meeting, participant) = (*meeting, *participant);
            turn.clear_conversation().await?;
            if turn.now - *asked_at > RATING_COMMENT_WINDOW {
                return Ok(false);
            }
            if !participations.iter().any(|p| p.id == participant) {
                return Ok(false);
            }
            let comment = match clean_line(text, COMMENT_MAX) {
                Ok(comment) => comment,
                Err(error) => {
                    turn.reply_text_error(error, COMMENT_MAX).await?;
                    return Ok(true);
                }
            };
            turn.tx.set_rating_comment(meeting, participant, &comment).await?;
            turn.reply_key("meeting-rating-thanks").await?;
            Ok(true)
        }
        Some(Conversation::Meeting(MeetingStep::Wishes {
            meeting,
            participant,
            since,
        })) => {
            let (meeting, participant) = (*meeting, *participant);
            if turn.now - *since > WISH_WINDOW || !participations.iter().any(|p| p.id == participant) {
                turn.clear_conversation().await?;
                return Ok(false);
            }
            add_wish(turn, meeting, participant, text).await
        }
        _ => Ok(false),
    }
}

/// The planned meeting whose agenda `participant` got, if wishes may still be written.
pub(super) async fn open_agenda(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    let Some(p) = crate::chat::access::own_participation_any(turn, participant).await? else {
        return Ok(None);
    };
    if !matches!(p.status, ParticipantStatus::Active | ParticipantStatus::Paused) {
        return Ok(None);
    }
    turn.lang = p.lang;
    let open = turn
        .tx
        .open_agendas_of(p.id, turn.now)
        .await?
        .iter()
        .any(|m| m.id == meeting);
    Ok(open.then_some(p))
}

/// "Skriv hvad du vil se ske": the next texts are wishes.
pub(super) async fn write_wishes(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    if open_agenda(turn, meeting, participant).await?.is_none() {
        return Ok(Some(turn.t("meeting-wishes-closed")));
    }
    let Some(invitee) = turn.tx.invitee(meeting, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if invitee.wishes.is_full() {
        turn.reply_key("meeting-wishes-full").await?;
        return Ok(None);
    }
    let step = MeetingStep::Wishes {
        meeting,
        participant,
        since: turn.now,
    };
    turn.set_conversation(&Conversation::Meeting(step)).await?;
    let text = turn.ta(
        "meeting-wishes-write",
        Args::new()
            .with("max", MAX_WISHES)
            .with("room", MAX_WISHES - invitee.wishes.len()),
    );
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

/// "Færdig": wish mode ends; what comes next goes to the caseworker.
pub(super) async fn wishes_done(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    let is_this = |step: &MeetingStep| matches!(step, MeetingStep::Wishes { meeting: m, participant: q, .. } if (*m, *q) == (meeting, participant));
    end_step(turn, participant, is_this, "meeting-wishes-done").await
}

/// A participant's "that's all" button: ends their own open step if it is this one, thanks.
pub(super) async fn end_step(
    turn: &mut Turn<'_>,
    participant: ParticipantId,
    is_this: impl Fn(&MeetingStep) -> bool,
    thanks: &str,
) -> ChatResult<Option<String>> {
    // Only the person it was sent to may answer.
    let Some(p) = crate::chat::access::own_participation_any(turn, participant).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = p.lang;
    if let Some(Conversation::Meeting(step)) = turn.conversation().await?
        && is_this(&step)
    {
        turn.clear_conversation().await?;
    }
    turn.reply_key(thanks).await?;
    Ok(None)
}

/// One text in wish mode: up to three "se ske" wishes per person and meeting, one per line or
/// one message at a time.
pub(super) async fn add_wish(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
    text: &str,
) -> ChatResult<bool> {
    if open_agenda(turn, meeting, participant).await?.is_none() {
        turn.clear_conversation().await?;
        return Ok(false);
    }
    let Some(invitee) = turn.tx.invitee(meeting, participant).await? else {
        turn.clear_conversation().await?;
        return Ok(false);
    };
    if invitee.wishes.is_full() {
        // Nothing is lost: a full list means the text goes to the caseworker as usual.
        turn.clear_conversation().await?;
        return Ok(false);
    }
    let done = vec![vec![Button::callback(
        turn.t("meeting-wishes-done-button"),
        MeetingButton::WishesDone { meeting, participant }.callback(),
    )]];
    let (reply, buttons) = match invitee.wishes.add_message(text) {
        Ok(wishes) => {
            turn.tx
                .set_wishes(meeting, participant, &wishes, turn.now)
                .await?;
            if wishes.is_full() {
                turn.clear_conversation().await?;
                let text = turn.ta("meeting-wishes-saved-full", Args::new().with("max", MAX_WISHES));
                (text, Vec::new())
            } else {
                let step = MeetingStep::Wishes {
                    meeting,
                    participant,
                    since: turn.now,
                };
                turn.set_conversation(&Conversation::Meeting(step)).await?;
                let args = Args::new().with("count", wishes.len()).with("max", MAX_WISHES);
                (turn.ta("meeting-wishes-saved", args), done)
            }
        }
        Err(WishError::Empty) => return Ok(false),
        Err(WishError::TooMany { max, room }) => (
            turn.ta(
                "meeting-wishes-too-many",
                Args::new().with("max", max).with("room", room),
            ),
            done,
        ),
        Err(WishError::Text(TextError::TooLong { .. })) => (
            turn.ta("meeting-wish-too-long", Args::new().with("max", WISH_MAX_CHARS)),
            done,
        ),
        Err(WishError::Text(TextError::LooksLikeCpr)) => (turn.t("text-looks-like-cpr"), done),
        Err(WishError::Text(TextError::Empty)) => return Ok(false),
    };
    turn.reply(reply, buttons).await?;
    Ok(true)
}

/// A participant tapped a rating. Only the participant it was sent to may answer.
pub(super) async fn rate(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
    value: u8,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    // Only the person it was sent to may answer (access::own_participation_any).
    let Some(p) = crate::chat::access::own_participation_any(turn, participant).await? else {
        tracing::warn!(meeting_id = %meeting, "rating pressed by someone else than the participant; refused");
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = p.lang;
    let (Some(record), Some(invitee)) = (
        turn.tx.meeting(meeting).await?,
        turn.tx.invitee(meeting, participant).await?,
    ) else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let open = record.status == MeetingStatus::Held
        && invitee.rating_asked_at.is_some()
        && record
            .held_at
            .is_some_and(|held| turn.now - held <= chrono::Duration::days(RATING_OPEN_DAYS));
    if !open || p.status == ParticipantStatus::Stopped {
        return Ok(Some(turn.t("meeting-rating-closed")));
    }
    let Ok(rating) = MeetingRating::new(i64::from(value)) else {
        return Ok(turn.refused(Refusal::Expired));
    };
    if invitee.rating == Some(rating) {
        return Ok(Some(turn.t("answer-saved")));
    }
    let first = invitee.rating.is_none();
    turn.tx.set_rating(meeting, participant, rating, turn.now).await?;
    if let Some(message_id) = message_id {
        let text = format!(
            "{}\n{}\n\n{}",
            turn.t("meeting-rating-question"),
            turn.t("meeting-rating-ends"),
            turn.ta("meeting-rating-chosen", Args::new().with("value", value))
        );
        let chat = turn.chat_id;
        turn.send(
            chat,
            Some(p.id),
            Outgoing::Edit {
                message_id,
                text,
                buttons: rating_buttons(meeting, participant),
            },
        )
        .await?;
    }
    if first {
        turn.set_conversation(&Conversation::Meeting(MeetingStep::RatingComment {
            meeting,
            participant,
            asked_at: turn.now,
        }))
        .await?;
        let buttons = vec![vec![Button::callback(
            turn.t("meeting-rating-no-comment"),
            MeetingButton::NoComment { meeting, participant }.callback(),
        )]];
        let text = turn.t("meeting-rating-ask-comment");
        turn.reply(text, buttons).await?;
    }
    Ok(Some(turn.t("answer-saved")))
}

pub(super) async fn no_comment(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    let is_this = |step: &MeetingStep| matches!(step, MeetingStep::RatingComment { meeting: m, participant: q, .. } if (*m, *q) == (meeting, participant));
    end_step(turn, participant, is_this, "meeting-rating-thanks").await
}
