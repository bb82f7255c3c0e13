//! Planning, moving, cancelling and holding a meeting: the use cases the chat's `/moede`,
//! Holdt · Aflyst · Flyttet and the desk's *Møder* share, so a meeting planned on one side is
//! the same meeting, with the same agenda and the same follow-up calls, on the other. What the
//! caseworker is told back is the edge's business; what participants get is queued here.

use chrono::{DateTime, Utc};

use super::buttons::MeetingButton;
use super::format::{kind_name, participant_label, reader, when_text};
use super::meeting::send_agenda;
use super::{Context, Delivery, Queued, Result, access, queue};
use crate::domain::followup::{NEXT_FOLLOW_UP_MONTHS, StatutoryFollowUp};
use crate::domain::ids::{CallTaskId, ParticipantId};
use crate::domain::meeting::{
    MeetingKind, MeetingMessage, MeetingStatus, agenda_reminder_at, agenda_send_at, draft_at,
};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::i18n::{Args, Lang};
use crate::store::{CaseRecord, MeetingRecord, MeetingTimes, NewMeeting, ParticipantRecord, StaffRecord, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// Who is invited unless the caseworker says otherwise: the young person and the parents.
pub fn invited_by_default(p: &ParticipantRecord) -> bool {
    matches!(p.role, Role::Youth | Role::Parent) && can_be_invited(p)
}

/// Someone who has stopped or blocked the bot is not invited.
pub fn can_be_invited(p: &ParticipantRecord) -> bool {
    !matches!(p.status, ParticipantStatus::Stopped | ParticipantStatus::Blocked)
}

/// Who a new meeting invites.
#[derive(Debug, Clone, Copy)]
pub enum Invitees<'a> {
    /// [`invited_by_default`] (the chat: the caseworker changes it with buttons afterwards).
    Default,
    /// Exactly these participants of the case, if they can be invited (the desk's form).
    Chosen(&'a [ParticipantId]),
}

/// A meeting just planned.
pub struct Planned {
    pub meeting: MeetingRecord,
    /// Invitees the bot can reach (they have joined in Telegram).
    pub reachable: usize,
}

/// What the caseworker asks for when planning a meeting.
pub struct MeetingPlan<'a> {
    pub kind: MeetingKind,
    pub at: DateTime<Utc>,
    pub place: Option<&'a str>,
    pub invitees: Invitees<'a>,
}

/// Plans a meeting of `case` (the staff member's own — checked by the caller through
/// `access`): its agenda, reminder and draft times, its invitees; the agenda goes out at once
/// if it is already due. An audited action (`meeting.created`).
pub async fn plan(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    plan: &MeetingPlan<'_>,
) -> Result<Option<Planned>> {
    let tz = ctx.timezone;
    let timing = &ctx.meeting_timing;
    let agenda_at = agenda_send_at(plan.at, now, timing.agenda_days_before, tz);
    let id = tx
        .create_meeting(
            &NewMeeting {
                case_id: case.id,
                kind: plan.kind,
                at: plan.at,
                place: plan.place,
                agenda_at,
                reminder_at: agenda_reminder_at(plan.at, agenda_at, timing.reminder_days_before, tz),
                draft_at: draft_at(plan.at, now, timing.draft_working_days_before, tz),
                created_by: staff.id,
            },
            now,
        )
        .await?;
    let participants = tx.participants_of_case(case.id).await?;
    let invited: Vec<&ParticipantRecord> = participants
        .iter()
        .filter(|p| match plan.invitees {
            Invitees::Default => invited_by_default(p),
            Invitees::Chosen(chosen) => chosen.contains(&p.id) && can_be_invited(p),
        })
        .collect();
    for p in &invited {
        tx.add_invitee(id, p.id).await?;
    }
    let Some(meeting) = tx.meeting(id).await? else {
        return Ok(None);
    };
    audit(tx, now, staff, "meeting.created", &meeting).await?;
    let reachable = invited.iter().filter(|p| p.telegram_user_id.is_some()).count();
    if meeting.agenda_at <= now {
        let sent = send_agenda(tx, ctx, now, &meeting, None).await?;
        tx.mark_agenda_sent(id, now).await?;
        tracing::info!(meeting_id = %id, sent, "agenda sent at once");
    }
    Ok(Some(Planned { meeting, reachable }))
}

async fn audit(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    action: &'static str,
    meeting: &MeetingRecord,
) -> Result<()> {
    let subject = Some(("meeting", meeting.id.0));
    access::audit_staff(tx, now, staff, action, Some(meeting.case_id), subject).await
}

/// Marks the meeting held or cancelled, once: false if it was already closed (a second press,
/// a second instance, the other front door), and then nothing changed.
async fn close_once(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    status: MeetingStatus,
) -> Result<bool> {
    let action = match status {
        MeetingStatus::Held => "meeting.held",
        _ => "meeting.cancelled",
    };
    if !tx.close_meeting(meeting.id, status, now).await? {
        return Ok(false);
    }
    audit(tx, now, staff, action, meeting).await?;
    Ok(true)
}

/// A meeting just marked held.
pub struct Held {
    /// The parents' follow-up calls created now (due within 14 days); announce them to the
    /// caseworker with [`announce_calls`] once the edge has said what happened.
    pub calls: Vec<CallTaskId>,
    /// When they are due.
    pub due: chrono::NaiveDate,
}

/// "Holdt": the meeting is held; the parents' follow-up calls are created and, after a
/// statutory follow-up, the next one gets its default date. `None` if it was already closed.
pub async fn hold(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> Result<Option<Held>> {
    if !close_once(tx, now, staff, meeting, MeetingStatus::Held).await? {
        return Ok(None);
    }
    let today = ctx.today(now);
    let parents: Vec<ParticipantRecord> = tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Parent && p.status != ParticipantStatus::Stopped)
        .collect();
    let mut calls = Vec::new();
    for parent in &parents {
        if let Some(task) =
            super::calls::create_after_meeting(tx, now, case, parent, meeting.id, today).await?
        {
            calls.push(task);
        }
    }
    if meeting.kind.is_statutory_follow_up() {
        let next = StatutoryFollowUp::after_held(today, NEXT_FOLLOW_UP_MONTHS);
        tx.set_statutory_due(case.id, None, next.due, now).await?;
    }
    Ok(Some(Held {
        calls,
        due: crate::domain::followup::call_due_after_meeting(today),
    }))
}

/// "Hvem var med?": a button per invitee (✓ or ✗ and who; a tap turns it) and "Færdig", which
/// sends the rating question to those who came. The chat asks it after "Holdt"; a meeting
/// marked held on the desk sends it to the caseworker's chat ([`ask_attendance_in_chat`]), so
/// the same things follow whichever side marked it.
pub async fn attendance_question(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    meeting: &MeetingRecord,
) -> Result<(String, Keyboard)> {
    let mut buttons: Keyboard = Vec::new();
    for invitee in tx.invitees(meeting.id).await? {
        let Some(p) = tx.participant(invitee.participant_id).await? else {
            continue;
        };
        let who = participant_label(ctx, lang, &p);
        let key = if invitee.attended {
            "meeting-attended-yes"
        } else {
            "meeting-attended-no"
        };
        buttons.push(vec![Button::callback(
            ctx.texts.ta(lang, key, Args::new().with("who", who)),
            MeetingButton::Attended {
                meeting: meeting.id,
                participant: p.id,
            }
            .callback(),
        )]);
    }
    buttons.push(vec![Button::callback(
        ctx.texts.t(lang, "meeting-attendance-done"),
        MeetingButton::AttendanceDone(meeting.id).callback(),
    )]);
    Ok((ctx.texts.t(lang, "meeting-ask-attendance"), buttons))
}

/// A meeting marked held on the desk: "Hvem var med?" goes to the caseworker's chat, under a
/// line saying which meeting it is. False if the caseworker has no chat.
pub async fn ask_attendance_in_chat(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> Result<bool> {
    let Some(chat) = staff.telegram_user_id else {
        return Ok(false);
    };
    let lang = staff.lang;
    let (question, buttons) = attendance_question(tx, ctx, lang, meeting).await?;
    let heading = ctx.texts.ta(
        lang,
        "meeting-held-on-desk",
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("when", when_text(ctx, lang, meeting.at)),
    );
    let message = Outgoing::Text {
        text: format!("{heading}\n\n{question}"),
        buttons,
    };
    let key = format!("meeting:{}:attendance", meeting.id);
    super::queue_notice(tx, &key, chat.0, &message, now).await
}

/// Sends each new call task to the case's caseworker (the same message as the scheduler's).
pub async fn announce_calls(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    tasks: &[CallTaskId],
) -> Result<()> {
    for task in tasks {
        let Some(record) = tx.call_task(*task).await? else {
            continue;
        };
        super::calls::send_to_caseworker(
            tx,
            ctx,
            now,
            &record,
            "call-task-created",
            &format!("call:{task}:created"),
        )
        .await?;
    }
    Ok(())
}

/// "Aflyst": the meeting is cancelled and everyone who got the agenda is told. False if it was
/// already closed.
pub async fn cancel(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> Result<bool> {
    if !close_once(tx, now, staff, meeting, MeetingStatus::Cancelled).await? {
        return Ok(false);
    }
    notify_invitees(tx, ctx, now, meeting, case, MeetingMessage::CancelledNotice).await?;
    Ok(true)
}

/// Tells everyone who got the agenda that the meeting was cancelled or moved (to the time
/// `meeting` now has).
async fn notify_invitees(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
    case: &CaseRecord,
    what: MeetingMessage,
) -> Result<()> {
    for invitee in tx.invitees(meeting.id).await? {
        if invitee.agenda_sent_at.is_none() {
            continue;
        }
        let Some(p) = tx.participant(invitee.participant_id).await? else {
            continue;
        };
        let Some(chat) = p.telegram_user_id else { continue };
        if !matches!(p.status, ParticipantStatus::Active | ParticipantStatus::Paused) {
            continue;
        }
        let key = match what {
            MeetingMessage::CancelledNotice => "meeting-cancelled-notice",
            _ => "meeting-moved-notice",
        };
        let text = ctx.texts.ta(
            p.lang,
            key,
            Args::new()
                .with("kind", kind_name(ctx, p.lang, meeting.kind))
                .with("nickname", case.nickname.clone())
                .with("reader", reader(p.role))
                .with("when", when_text(ctx, p.lang, meeting.at)),
        );
        let message = Outgoing::Text {
            text,
            buttons: Vec::new(),
        };
        let dedup = what.dedup_key(meeting.id, meeting.revision, p.id.0);
        queue(
            tx,
            ctx,
            Queued {
                key: &dedup,
                chat_id: chat.0,
                participant: Some(p.id),
                message: &message,
                delivery: Delivery::Daytime,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// What became of "Flyttet".
pub enum Moved {
    /// The meeting at its new time; invitees who had the agenda are told, and the agenda goes
    /// again when it is due.
    Moved(MeetingRecord),
    AlreadyHeld,
    AlreadyCancelled,
    /// The new time has passed.
    InPast,
    /// Closed in the meantime (another instance, the other front door).
    NotPlanned,
}

/// "Flyttet" to `new_at`.
pub async fn move_to(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
    new_at: DateTime<Utc>,
) -> Result<Moved> {
    use crate::domain::meeting::{MeetingOutcome, MeetingTransitionError};
    match meeting
        .status
        .apply(MeetingOutcome::Moved, meeting.at, Some(new_at), now)
    {
        Ok(_) => {}
        Err(MeetingTransitionError::Invalid {
            from: MeetingStatus::Held,
            ..
        }) => {
            return Ok(Moved::AlreadyHeld);
        }
        Err(MeetingTransitionError::Invalid { .. }) => return Ok(Moved::AlreadyCancelled),
        Err(_) => return Ok(Moved::InPast),
    }
    let tz = ctx.timezone;
    let timing = &ctx.meeting_timing;
    let agenda_at = agenda_send_at(new_at, now, timing.agenda_days_before, tz);
    let times = MeetingTimes {
        at: new_at,
        agenda_at,
        reminder_at: agenda_reminder_at(new_at, agenda_at, timing.reminder_days_before, tz),
        draft_at: draft_at(new_at, now, timing.draft_working_days_before, tz),
    };
    if !tx.reschedule_meeting(meeting.id, &times, now).await? {
        return Ok(Moved::NotPlanned);
    }
    audit(tx, now, staff, "meeting.moved", meeting).await?;
    let Some(moved) = tx.meeting(meeting.id).await? else {
        return Ok(Moved::NotPlanned);
    };
    notify_invitees(tx, ctx, now, &moved, case, MeetingMessage::MovedNotice).await?;
    if moved.agenda_at <= now {
        send_agenda(tx, ctx, now, &moved, None).await?;
        tx.mark_agenda_sent(moved.id, now).await?;
    }
    Ok(Moved::Moved(moved))
}
