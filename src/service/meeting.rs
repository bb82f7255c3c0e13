//! A meeting's scheduled messages: the agenda (with the rating questions) to the invitees,
//! the gentle reminder, and "Blev mødet holdt?" to the caseworker. The scheduler and the
//! chat's handlers send the same.

use chrono::{DateTime, Utc};

use super::buttons::MeetingButton;
use super::format::{kind_name, name_for_participants, reader, when_text};
use super::{Context, Delivery, Queued, Result, queue, queue_notice};
use crate::domain::checkin::Trigger;
use crate::domain::ids::{MeetingId, ParticipantId};
use crate::domain::meeting::{MAX_WISHES, MeetingMessage, MeetingOutcome};
use crate::domain::participant::ParticipantStatus;
use crate::i18n::{Args, Lang};
use crate::store::{MeetingRecord, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// Holdt · Aflyst · Flyttet.
pub fn outcome_buttons(ctx: &Context, lang: Lang, meeting: MeetingId) -> Keyboard {
    vec![
        MeetingOutcome::ALL
            .iter()
            .map(|o| {
                Button::callback(
                    ctx.texts.t(lang, &format!("meeting-outcome-{}", o.key())),
                    MeetingButton::Outcome { meeting, outcome: *o }.callback(),
                )
            })
            .collect(),
    ]
}

/// Sends the agenda (and, to active participants without an open check-in, one rating
/// question per goal) to every invitee, or only to `only`. Participants get it after quiet
/// hours. Returns how many got it. Re-running it never sends twice (keys carry the revision).
pub async fn send_agenda(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
    only: Option<ParticipantId>,
) -> Result<usize> {
    let Some(case) = tx.case(meeting.case_id).await? else {
        return Ok(0);
    };
    let invitees = tx.invitees(meeting.id).await?;
    let mut people = Vec::new();
    for invitee in &invitees {
        if let Some(p) = tx.participant(invitee.participant_id).await? {
            people.push(p);
        }
    }
    let mut sent = 0;
    for p in people.iter().filter(|p| only.is_none_or(|o| o == p.id)) {
        let Some(chat) = p.telegram_user_id else { continue };
        if !matches!(p.status, ParticipantStatus::Active | ParticipantStatus::Paused) {
            continue;
        }
        let lang = p.lang;
        // One round of questions at a time: a weekly check-in still open covers the goals.
        let open_round = tx
            .checkins_of(p.id)
            .await?
            .iter()
            .any(|c| c.status == crate::domain::checkin::CheckinStatus::Open);
        let ask_ratings = p.status == ParticipantStatus::Active && !open_round;
        let others: Vec<String> = people
            .iter()
            .map(|o| name_for_participants(ctx, lang, &case, o))
            .chain(std::iter::once(ctx.texts.ta(
                lang,
                "meeting-agenda-caseworker",
                Args::new().with("reader", reader(p.role)),
            )))
            .collect();
        let mut text = ctx.texts.ta(
            lang,
            "meeting-agenda",
            Args::new()
                .with("kind", kind_name(ctx, lang, meeting.kind).to_lowercase())
                .with("nickname", case.nickname.clone())
                .with("reader", reader(p.role))
                .with("when", when_text(ctx, lang, meeting.at))
                .with(
                    "place",
                    meeting
                        .place
                        .clone()
                        .unwrap_or_else(|| ctx.texts.t(lang, "meeting-place-none")),
                )
                .with("participants", others.join(", ")),
        );
        text.push_str("\n\n");
        text.push_str(&ctx.texts.ta(
            lang,
            "meeting-agenda-ask-wishes",
            Args::new().with("max", MAX_WISHES).with("reader", reader(p.role)),
        ));
        if ask_ratings {
            text.push_str("\n\n");
            text.push_str(&ctx.texts.t(lang, "meeting-agenda-ask-ratings"));
        }
        let key = MeetingMessage::Agenda.dedup_key(meeting.id, meeting.revision, p.id.0);
        let message = Outgoing::Text {
            text,
            buttons: wish_button(ctx, lang, meeting.id, p.id),
        };
        if !queue(
            tx,
            ctx,
            Queued {
                key: &key,
                chat_id: chat.0,
                participant: Some(p.id),
                message: &message,
                delivery: Delivery::Daytime,
            },
            now,
        )
        .await?
        {
            continue;
        }
        let mut checkin = None;
        if ask_ratings {
            let new = super::checkin::NewCheckin {
                participant: p,
                case: &case,
                planned_at: meeting.agenda_at,
                delivery: Delivery::Scheduled(now),
                trigger: Trigger::Meeting,
            };
            checkin = super::checkin::create(tx, ctx, now, &new).await?;
            if let Some(id) = checkin {
                // The agenda reminder asks again; no separate check-in reminder.
                tx.mark_checkin_reminded(id, now).await?;
            }
        }
        tx.mark_invitee_agenda_sent(meeting.id, p.id, checkin, now)
            .await?;
        sent += 1;
    }
    Ok(sent)
}

/// The gentle reminder to invitees who got the agenda and sent nothing back.
pub async fn send_agenda_reminders(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
) -> Result<usize> {
    let Some(case) = tx.case(meeting.case_id).await? else {
        return Ok(0);
    };
    let mut sent = 0;
    for invitee in tx.invitees(meeting.id).await? {
        if invitee.agenda_sent_at.is_none() || answered(tx, &invitee).await? {
            continue;
        }
        let Some(p) = tx.participant(invitee.participant_id).await? else {
            continue;
        };
        let Some(chat) = p.telegram_user_id else { continue };
        if !matches!(p.status, ParticipantStatus::Active | ParticipantStatus::Paused) {
            continue;
        }
        let text = ctx.texts.ta(
            p.lang,
            "meeting-agenda-reminder",
            Args::new()
                .with("kind", kind_name(ctx, p.lang, meeting.kind).to_lowercase())
                .with("nickname", case.nickname.clone())
                .with("reader", reader(p.role))
                .with("when", when_text(ctx, p.lang, meeting.at))
                .with("max", MAX_WISHES),
        );
        let key = MeetingMessage::AgendaReminder.dedup_key(meeting.id, meeting.revision, p.id.0);
        let message = Outgoing::Text {
            text,
            buttons: wish_button(ctx, p.lang, meeting.id, p.id),
        };
        if queue(
            tx,
            ctx,
            Queued {
                key: &key,
                chat_id: chat.0,
                participant: Some(p.id),
                message: &message,
                delivery: Delivery::Daytime,
            },
            now,
        )
        .await?
        {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Something came back from an invitee: a wish, or an answer to one of the agenda's questions.
pub async fn answered(tx: &mut Tx, invitee: &crate::store::InviteeRecord) -> Result<bool> {
    if !invitee.wishes.is_empty() {
        return Ok(true);
    }
    Ok(match invitee.checkin_id {
        Some(checkin) => tx.responses_in_checkin(checkin).await? > 0,
        None => false,
    })
}

/// "Blev mødet holdt?" to the caseworker.
pub async fn ask_outcome(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
) -> Result<()> {
    let Some(case) = tx.case(meeting.case_id).await? else {
        return Ok(());
    };
    let Some(staff) = tx.staff(case.caseworker_id).await? else {
        return Ok(());
    };
    let Some(chat) = staff.telegram_user_id else {
        return Ok(());
    };
    let text = ctx.texts.ta(
        staff.lang,
        "meeting-ask-outcome",
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("when", when_text(ctx, staff.lang, meeting.at))
            .with("kind", kind_name(ctx, staff.lang, meeting.kind)),
    );
    let message = Outgoing::Text {
        text,
        buttons: outcome_buttons(ctx, staff.lang, meeting.id),
    };
    let key = MeetingMessage::OutcomeQuestion.dedup_key(meeting.id, meeting.revision, staff.id.0);
    queue_notice(tx, &key, chat.0, &message, now).await?;
    Ok(())
}

pub fn wish_button(ctx: &Context, lang: Lang, meeting: MeetingId, participant: ParticipantId) -> Keyboard {
    vec![vec![Button::callback(
        ctx.texts.t(lang, "meeting-wish-button"),
        MeetingButton::WriteWishes { meeting, participant }.callback(),
    )]]
}

/// The meeting a draft is made for on demand (`/udkast`, the desk's print view): the next
/// planned meeting ahead; else one that has started but is not registered as held yet.
pub async fn draft_meeting(
    tx: &mut Tx,
    case: crate::domain::ids::CaseId,
    now: DateTime<Utc>,
) -> Result<Option<MeetingRecord>> {
    let planned: Vec<MeetingRecord> = tx
        .meetings_of_case(case)
        .await?
        .into_iter()
        .filter(|m| m.status == crate::domain::meeting::MeetingStatus::Planned)
        .collect();
    Ok(planned
        .iter()
        .find(|m| m.at >= now)
        .or_else(|| planned.last())
        .cloned())
}
