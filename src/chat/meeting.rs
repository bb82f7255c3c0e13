//! Meetings in the chat: the caseworker plans one (`/moede`, in one line or guided), chooses who
//! is invited, lists them (`/moeder`), asks for the agenda draft (`/udkast`) and answers
//! Holdt · Aflyst · Flyttet afterwards (then: who came, a call to the young person, the next
//! statutory follow-up). Participants get the agenda, write their "se ske" wishes as plain
//! text, and rate the meeting afterwards.
//!
//! The timing lives in `domain::meeting`, the scheduled sends in `jobs::meetings`; the agenda
//! and "Blev mødet holdt?" are built in `service::meeting`, so the scheduler and the handlers
//! send the same.

use chrono::{DateTime, NaiveDate, Utc};

use super::command::{CommandLine, first_word};
use super::conversation::{Conversation, MeetingStep};
use super::{ChatResult, Person, Turn, queue};
use crate::domain::followup::{NEXT_FOLLOW_UP_MONTHS, StatutoryFollowUp};
use crate::domain::ids::{CaseId, MeetingId, ParticipantId};
use crate::domain::meeting::{
    DateError, MAX_DAYS_AHEAD, MAX_WISHES, MeetingCommandError, MeetingKind, MeetingMessage, MeetingOutcome,
    MeetingRating, MeetingStatus, MeetingTransitionError, PLACE_MAX, RATING_MAX, TimeError, WISH_MAX_CHARS,
    WhenError, WishError, agenda_reminder_at, agenda_send_at, draft_at, meeting_instant, parse_date,
    parse_meeting_command, parse_new_time, parse_place, parse_time,
};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::text::{TextError, clean_line};
use crate::i18n::Args;
use crate::service::buttons::MeetingButton;
use crate::service::format::{date_text, kind_name, when_text};
use crate::service::meeting::{outcome_buttons, send_agenda};
use crate::store::{
    CaseRecord, MeetingRecord, MeetingTimes, NewMeeting, ParticipantRecord, Priority, StaffRecord,
};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// The caseworker's meeting commands (with and without Danish letters).
const COMMANDS: [&str; 9] = [
    "moede",
    "møde",
    "moeder",
    "møder",
    "udkast",
    "opkald",
    "indsats",
    "opfoelgning",
    "opfølgning",
];

/// A meeting rating can be given (or changed) this long after the meeting was held.
const RATING_OPEN_DAYS: i64 = 14;
/// A text counts as the comment on a rating this long after the rating; later it is read as
/// usual (a wish, a message to the caseworker), so an unanswered question traps nothing.
const RATING_COMMENT_WINDOW: chrono::Duration = chrono::Duration::hours(24);
/// Longest comment on a meeting rating.
const COMMENT_MAX: usize = 1000;
/// At most this many meetings are listed by `/moeder`.
const LIST_MAX: usize = 10;

pub fn is_staff_command(name: &str) -> bool {
    COMMANDS.contains(&name)
}

/// `/moede`, `/moeder`, `/udkast`, `/opkald`, `/indsats`.
pub async fn command(turn: &mut Turn<'_>, staff: &StaffRecord, cmd: &CommandLine<'_>) -> ChatResult<()> {
    match cmd.name.as_str() {
        "moede" | "møde" => plan(turn, staff, cmd.args).await,
        "moeder" | "møder" => list(turn, staff).await,
        "udkast" => super::meeting_draft::on_demand(turn, staff, cmd.args).await,
        "opkald" => super::calls::list(turn, staff).await,
        _ => super::statutory::command(turn, staff, cmd.args).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Conversation steps and buttons
// ---------------------------------------------------------------------------------------------

/// How long wish mode stays open after the button or the last wish. Afterwards a text goes
/// to the caseworker as always: nothing typed is silently turned into a wish.
pub const WISH_WINDOW: chrono::Duration = chrono::Duration::minutes(30);

/// A pressed meeting button. Returns a short notice for the button's spinner, if any.
pub async fn callback(
    turn: &mut Turn<'_>,
    button: MeetingButton,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    match button {
        MeetingButton::Rate {
            meeting,
            participant,
            value,
        } => return rate(turn, meeting, participant, value, message_id).await,
        MeetingButton::NoComment { meeting, participant } => {
            return no_comment(turn, meeting, participant).await;
        }
        MeetingButton::WriteWishes { meeting, participant } => {
            return write_wishes(turn, meeting, participant).await;
        }
        MeetingButton::WishesDone { meeting, participant } => {
            return wishes_done(turn, meeting, participant).await;
        }
        _ => {}
    }
    let Person::Staff(staff) = super::identify(turn).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    match button {
        MeetingButton::Case(case) => guided_case(turn, &staff, case).await,
        MeetingButton::Kind(kind) => guided_kind(turn, kind).await,
        MeetingButton::SkipPlace => guided_skip_place(turn, &staff).await,
        MeetingButton::Invite { meeting, participant } => {
            toggle_invite(turn, &staff, meeting, participant, message_id).await
        }
        MeetingButton::Outcome { meeting, outcome } => outcome_button(turn, &staff, meeting, outcome).await,
        MeetingButton::Attended { meeting, participant } => {
            toggle_attended(turn, &staff, meeting, participant, message_id).await
        }
        MeetingButton::AttendanceDone(meeting) => attendance_done(turn, &staff, meeting, message_id).await,
        MeetingButton::CallYouth { meeting, yes } => call_youth(turn, &staff, meeting, yes, message_id).await,
        MeetingButton::NextFollowUpDefault(meeting) => next_follow_up_default(turn, &staff, meeting).await,
        MeetingButton::Rate { .. }
        | MeetingButton::NoComment { .. }
        | MeetingButton::WriteWishes { .. }
        | MeetingButton::WishesDone { .. } => Ok(None),
    }
}

/// Text from the caseworker while a meeting conversation is open.
pub async fn staff_text(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    step: MeetingStep,
    text: &str,
) -> ChatResult<()> {
    match step {
        MeetingStep::Date { case, kind } => guided_date(turn, case, kind, text).await,
        MeetingStep::Time { case, kind, date } => guided_time(turn, case, kind, date, text).await,
        MeetingStep::Place { case, kind, at } => {
            let place = match parse_place(text) {
                Ok(place) => place,
                Err(error) => return turn.reply_text_error(error, PLACE_MAX).await,
            };
            turn.clear_conversation().await?;
            let Some(case) = super::access::own_case(turn, staff, case).await? else {
                return turn.reply_key("case-not-found").await;
            };
            create(turn, staff, &case, kind, at, place.as_deref()).await
        }
        MeetingStep::NewTime { meeting } => new_time(turn, staff, meeting, text).await,
        MeetingStep::NextFollowUp { meeting } => next_follow_up_typed(turn, staff, meeting, text).await,
        MeetingStep::SupportStart { case } => {
            super::statutory::support_start_typed(turn, staff, case, text).await
        }
        MeetingStep::Case
        | MeetingStep::Kind { .. }
        | MeetingStep::RatingComment { .. }
        | MeetingStep::Wishes { .. } => turn.reply_key("staff-hint").await,
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/// A kind sentence for a date or time that was not understood.
fn when_error_text(turn: &Turn<'_>, error: &WhenError) -> String {
    match error {
        WhenError::Date(DateError::Malformed) => turn.t("meeting-date-malformed"),
        WhenError::Date(DateError::NoSuchDate) => turn.t("meeting-date-no-such-date"),
        WhenError::Date(DateError::InPast) => turn.t("meeting-date-in-past"),
        WhenError::Date(DateError::TooFarAhead) => {
            turn.ta("meeting-date-too-far", Args::new().with("days", MAX_DAYS_AHEAD))
        }
        WhenError::Time(TimeError::Malformed) => turn.t("meeting-time-malformed"),
        WhenError::Time(TimeError::NoSuchTime) => turn.t("meeting-time-no-such-time"),
        WhenError::InPast => turn.t("meeting-time-in-past"),
    }
}

fn kind_list() -> String {
    MeetingKind::ALL
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// Access control
// ---------------------------------------------------------------------------------------------

/// A meeting of a case the staff member owns, with its case.
async fn own_meeting(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: MeetingId,
) -> ChatResult<Option<(MeetingRecord, CaseRecord)>> {
    let Some(meeting) = turn.tx.meeting(id).await? else {
        return Ok(None);
    };
    let Some(case) = super::access::own_case(turn, staff, meeting.case_id).await? else {
        tracing::warn!(meeting_id = %id, staff_id = %staff.id, "meeting button from someone else than the caseworker; refused");
        return Ok(None);
    };
    Ok(Some((meeting, case)))
}

async fn audit(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    meeting: &MeetingRecord,
) -> ChatResult<()> {
    let subject = Some(("meeting", meeting.id.0));
    super::access::audit_staff(turn.tx, turn.now, staff, action, Some(meeting.case_id), subject).await
}

// ---------------------------------------------------------------------------------------------
// /moede: planning
// ---------------------------------------------------------------------------------------------

async fn plan(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    if code.is_empty() {
        return ask_case(turn, staff).await;
    }
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    if rest.is_empty() {
        return ask_kind(turn, case.id).await;
    }
    match parse_meeting_command(args, turn.now, turn.ctx.timezone) {
        Ok(request) => {
            create(
                turn,
                staff,
                &case,
                request.kind,
                request.at,
                request.place.as_deref(),
            )
            .await
        }
        Err(MeetingCommandError::MissingParts) => turn.reply_key("meeting-usage").await,
        Err(MeetingCommandError::Kind(_)) => {
            let text = turn.ta("meeting-unknown-kind", Args::new().with("kinds", kind_list()));
            turn.reply(text, Vec::new()).await
        }
        Err(MeetingCommandError::When(error)) => {
            let text = when_error_text(turn, &error);
            turn.reply(text, Vec::new()).await
        }
        Err(MeetingCommandError::Place(error)) => turn.reply_text_error(error, PLACE_MAX).await,
    }
}

async fn ask_case(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let cases: Vec<CaseRecord> = turn
        .tx
        .cases_visible_to(staff.id)
        .await?
        .into_iter()
        .filter(|c| c.caseworker_id == staff.id)
        .collect();
    if cases.is_empty() {
        return turn.reply_key("no-cases").await;
    }
    turn.set_conversation(&Conversation::Meeting(MeetingStep::Case))
        .await?;
    let buttons: Keyboard = cases
        .iter()
        .take(30)
        .map(|c| {
            vec![Button::callback(
                format!("{} · {}", c.code, c.nickname),
                MeetingButton::Case(c.id).callback(),
            )]
        })
        .collect();
    let text = turn.t("ask-case");
    turn.reply(text, buttons).await
}

async fn guided_case(turn: &mut Turn<'_>, staff: &StaffRecord, case: CaseId) -> ChatResult<Option<String>> {
    if turn.conversation().await? != Some(Conversation::Meeting(MeetingStep::Case)) {
        return Ok(Some(turn.t("button-expired")));
    }
    let Some(case) = super::access::own_case(turn, staff, case).await? else {
        return Ok(Some(turn.t("case-not-found")));
    };
    ask_kind(turn, case.id).await?;
    Ok(None)
}

async fn ask_kind(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
    turn.set_conversation(&Conversation::Meeting(MeetingStep::Kind { case }))
        .await?;
    let lang = turn.lang;
    let buttons: Keyboard = MeetingKind::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|k| Button::callback(kind_name(turn.ctx, lang, *k), MeetingButton::Kind(*k).callback()))
                .collect()
        })
        .collect();
    let text = turn.t("meeting-ask-kind");
    turn.reply(text, buttons).await
}

async fn guided_kind(turn: &mut Turn<'_>, kind: MeetingKind) -> ChatResult<Option<String>> {
    let Some(Conversation::Meeting(MeetingStep::Kind { case })) = turn.conversation().await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    turn.set_conversation(&Conversation::Meeting(MeetingStep::Date { case, kind }))
        .await?;
    turn.reply_key("meeting-ask-date").await?;
    Ok(None)
}

async fn guided_date(turn: &mut Turn<'_>, case: CaseId, kind: MeetingKind, text: &str) -> ChatResult<()> {
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    match parse_date(text, today) {
        Ok(date) => {
            turn.set_conversation(&Conversation::Meeting(MeetingStep::Time { case, kind, date }))
                .await?;
            turn.reply_key("meeting-ask-time").await
        }
        Err(error) => {
            let text = when_error_text(turn, &WhenError::Date(error));
            turn.reply(text, Vec::new()).await
        }
    }
}

async fn guided_time(
    turn: &mut Turn<'_>,
    case: CaseId,
    kind: MeetingKind,
    date: NaiveDate,
    text: &str,
) -> ChatResult<()> {
    let at = match parse_time(text) {
        Ok(time) => meeting_instant(date, time, turn.ctx.timezone),
        Err(error) => {
            let text = when_error_text(turn, &WhenError::Time(error));
            return turn.reply(text, Vec::new()).await;
        }
    };
    if at <= turn.now {
        return turn.reply_key("meeting-time-in-past").await;
    }
    turn.set_conversation(&Conversation::Meeting(MeetingStep::Place { case, kind, at }))
        .await?;
    let buttons = vec![vec![Button::callback(
        turn.t("meeting-skip-place"),
        MeetingButton::SkipPlace.callback(),
    )]];
    let text = turn.t("meeting-ask-place");
    turn.reply(text, buttons).await
}

async fn guided_skip_place(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<Option<String>> {
    let Some(Conversation::Meeting(MeetingStep::Place { case, kind, at })) = turn.conversation().await?
    else {
        return Ok(Some(turn.t("button-expired")));
    };
    turn.clear_conversation().await?;
    let Some(case) = super::access::own_case(turn, staff, case).await? else {
        return Ok(Some(turn.t("case-not-found")));
    };
    create(turn, staff, &case, kind, at, None).await?;
    Ok(None)
}

/// Who is invited unless the caseworker says otherwise: the young person and the parents.
fn invited_by_default(p: &ParticipantRecord) -> bool {
    matches!(p.role, Role::Youth | Role::Parent) && can_be_invited(p)
}

fn can_be_invited(p: &ParticipantRecord) -> bool {
    !matches!(p.status, ParticipantStatus::Stopped | ParticipantStatus::Blocked)
}

/// Creates the meeting, invites the defaults and tells the caseworker what happens when.
async fn create(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    kind: MeetingKind,
    at: DateTime<Utc>,
    place: Option<&str>,
) -> ChatResult<()> {
    let ctx = turn.ctx;
    let now = turn.now;
    let tz = ctx.timezone;
    let agenda_at = agenda_send_at(at, now, turn.ctx.meeting_timing.agenda_days_before, tz);
    let id = turn
        .tx
        .create_meeting(
            &NewMeeting {
                case_id: case.id,
                kind,
                at,
                place,
                agenda_at,
                reminder_at: agenda_reminder_at(
                    at,
                    agenda_at,
                    turn.ctx.meeting_timing.reminder_days_before,
                    tz,
                ),
                draft_at: draft_at(at, now, turn.ctx.meeting_timing.draft_working_days_before, tz),
                created_by: staff.id,
            },
            now,
        )
        .await?;
    let participants = turn.tx.participants_of_case(case.id).await?;
    for p in participants.iter().filter(|p| invited_by_default(p)) {
        turn.tx.add_invitee(id, p.id).await?;
    }
    let Some(meeting) = turn.tx.meeting(id).await? else {
        return Ok(());
    };
    audit(turn, staff, "meeting.created", &meeting).await?;
    let reachable = participants
        .iter()
        .filter(|p| invited_by_default(p) && p.telegram_user_id.is_some())
        .count();
    let mut text = turn.ta(
        "meeting-created",
        Args::new()
            .with("kind", kind_name(ctx, turn.lang, kind))
            .with("nickname", case.nickname.clone())
            .with("code", case.code.to_string())
            .with("when", when_text(ctx, turn.lang, at))
            .with(
                "place",
                place.map_or_else(|| turn.t("meeting-place-none"), str::to_string),
            ),
    );
    let plan = if reachable == 0 {
        turn.t("meeting-no-participants")
    } else if agenda_at <= now {
        turn.ta(
            "meeting-agenda-now",
            Args::new()
                .with("days", turn.ctx.meeting_timing.agenda_days_before)
                .with("count", reachable),
        )
    } else {
        turn.ta(
            "meeting-agenda-scheduled",
            Args::new()
                .with("count", reachable)
                .with("at", when_text(ctx, turn.lang, agenda_at)),
        )
    };
    text = format!("{text}\n{plan}");
    let buttons = vec![vec![
        Button::callback(
            turn.t("meeting-outcome-cancelled"),
            MeetingButton::Outcome {
                meeting: id,
                outcome: MeetingOutcome::Cancelled,
            }
            .callback(),
        ),
        Button::callback(
            turn.t("meeting-outcome-moved"),
            MeetingButton::Outcome {
                meeting: id,
                outcome: MeetingOutcome::Moved,
            }
            .callback(),
        ),
    ]];
    turn.reply(text, buttons).await?;
    let (text, buttons) = invitee_keyboard(turn, &meeting, case).await?;
    turn.reply(text, buttons).await?;
    if meeting.agenda_at <= now {
        let sent = send_agenda(turn.tx, ctx, now, &meeting, None).await?;
        turn.tx.mark_agenda_sent(id, now).await?;
        tracing::info!(meeting_id = %id, sent, "agenda sent at once");
    }
    Ok(())
}

/// "Inviterede": one toggle per participant who can be invited.
async fn invitee_keyboard(
    turn: &mut Turn<'_>,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<(String, Keyboard)> {
    let invited: Vec<ParticipantId> = turn
        .tx
        .invitees(meeting.id)
        .await?
        .iter()
        .map(|i| i.participant_id)
        .collect();
    let mut buttons: Keyboard = Vec::new();
    for p in turn
        .tx
        .participants_of_case(case.id)
        .await?
        .iter()
        .filter(|p| can_be_invited(p))
    {
        let who = super::staff_label(turn.ctx, turn.lang, p);
        let key = if invited.contains(&p.id) {
            "meeting-invited-yes"
        } else {
            "meeting-invited-no"
        };
        buttons.push(vec![Button::callback(
            turn.ta(key, Args::new().with("who", who)),
            MeetingButton::Invite {
                meeting: meeting.id,
                participant: p.id,
            }
            .callback(),
        )]);
    }
    let text = if buttons.is_empty() {
        turn.t("meeting-invitees-none")
    } else {
        turn.t("meeting-invitees")
    };
    Ok((text, buttons))
}

async fn toggle_invite(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    participant: ParticipantId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    if !meeting.status.is_planned() {
        return Ok(Some(turn.t("meeting-not-planned")));
    }
    let Some(p) = turn
        .tx
        .participant(participant)
        .await?
        .filter(|p| p.case_id == case.id)
    else {
        return Ok(Some(turn.t("button-expired")));
    };
    if turn.tx.invitee(meeting.id, p.id).await?.is_some() {
        turn.tx.remove_invitee(meeting.id, p.id).await?;
    } else if can_be_invited(&p) {
        turn.tx.add_invitee(meeting.id, p.id).await?;
        // Invited after the agenda went out: it goes to them now.
        if meeting.agenda_sent_at.is_some() && meeting.at > turn.now {
            send_agenda(turn.tx, turn.ctx, turn.now, &meeting, Some(p.id)).await?;
        }
    }
    let (text, buttons) = invitee_keyboard(turn, &meeting, &case).await?;
    if let Some(message_id) = message_id {
        let chat = turn.chat_id;
        turn.send(
            chat,
            None,
            Outgoing::Edit {
                message_id,
                text,
                buttons,
            },
        )
        .await?;
    }
    Ok(Some(turn.t("answer-saved")))
}

// ---------------------------------------------------------------------------------------------
// /moeder
// ---------------------------------------------------------------------------------------------

async fn list(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    super::access::audit_read(turn, staff, "read.meetings", None).await?;
    let meetings = turn.tx.planned_meetings_for(staff.id).await?;
    if meetings.is_empty() {
        return turn.reply_key("meeting-list-none").await;
    }
    let title = turn.ta("meeting-list-title", Args::new().with("count", meetings.len()));
    turn.reply(title, Vec::new()).await?;
    for meeting in meetings.iter().take(LIST_MAX) {
        let Some(case) = turn.tx.case(meeting.case_id).await? else {
            continue;
        };
        let line = turn.ta(
            "meeting-list-line",
            Args::new()
                .with("when", when_text(turn.ctx, turn.lang, meeting.at))
                .with("kind", kind_name(turn.ctx, turn.lang, meeting.kind))
                .with("code", case.code.to_string())
                .with("nickname", case.nickname.clone()),
        );
        let buttons = outcome_buttons(turn.ctx, turn.lang, meeting.id);
        turn.reply(line, buttons).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The agenda to the participants
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Holdt · Aflyst · Flyttet
// ---------------------------------------------------------------------------------------------

async fn outcome_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    outcome: MeetingOutcome,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
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
async fn hold(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    if !turn
        .tx
        .close_meeting(meeting.id, MeetingStatus::Held, turn.now)
        .await?
    {
        return turn.reply_key("meeting-already-held").await;
    }
    audit(turn, staff, "meeting.held", meeting).await?;
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    let parents: Vec<ParticipantRecord> = turn
        .tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Parent && p.status != ParticipantStatus::Stopped)
        .collect();
    let mut created = Vec::new();
    for parent in &parents {
        if let Some(task) = super::calls::create_after_meeting(turn, case, parent, meeting.id, today).await? {
            created.push(task);
        }
    }
    let mut text = turn.t("meeting-marked-held");
    if !created.is_empty() {
        let due = crate::domain::followup::call_due_after_meeting(today);
        text.push('\n');
        text.push_str(
            &turn.ta(
                "meeting-calls-created",
                Args::new()
                    .with("count", created.len())
                    .with("due", date_text(turn.ctx, turn.lang, due)),
            ),
        );
    }
    if meeting.kind.is_statutory_follow_up() {
        let next = StatutoryFollowUp::after_held(today, NEXT_FOLLOW_UP_MONTHS);
        turn.tx
            .set_statutory_due(case.id, None, next.due, turn.now)
            .await?;
    }
    turn.reply(text, Vec::new()).await?;
    for task in created {
        super::calls::send_task(turn, task, "call-task-created").await?;
    }
    let (text, buttons) = attendance_keyboard(turn, meeting).await?;
    turn.reply(text, buttons).await
}

async fn attendance_keyboard(turn: &mut Turn<'_>, meeting: &MeetingRecord) -> ChatResult<(String, Keyboard)> {
    let mut buttons: Keyboard = Vec::new();
    for invitee in turn.tx.invitees(meeting.id).await? {
        let Some(p) = turn.tx.participant(invitee.participant_id).await? else {
            continue;
        };
        let who = super::staff_label(turn.ctx, turn.lang, &p);
        let key = if invitee.attended {
            "meeting-attended-yes"
        } else {
            "meeting-attended-no"
        };
        buttons.push(vec![Button::callback(
            turn.ta(key, Args::new().with("who", who)),
            MeetingButton::Attended {
                meeting: meeting.id,
                participant: p.id,
            }
            .callback(),
        )]);
    }
    buttons.push(vec![Button::callback(
        turn.t("meeting-attendance-done"),
        MeetingButton::AttendanceDone(meeting.id).callback(),
    )]);
    Ok((turn.t("meeting-ask-attendance"), buttons))
}

async fn toggle_attended(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    participant: ParticipantId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, _)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    let Some(invitee) = turn.tx.invitee(meeting.id, participant).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    if meeting.status != MeetingStatus::Held || invitee.rating_asked_at.is_some() {
        return Ok(Some(turn.t("button-expired")));
    }
    turn.tx
        .set_attended(meeting.id, participant, !invitee.attended)
        .await?;
    if let Some(message_id) = message_id {
        let (text, buttons) = attendance_keyboard(turn, &meeting).await?;
        let chat = turn.chat_id;
        turn.send(
            chat,
            None,
            Outgoing::Edit {
                message_id,
                text,
                buttons,
            },
        )
        .await?;
    }
    Ok(Some(turn.t("answer-saved")))
}

/// "Færdig": the rating question goes to everyone who came; then the next question.
async fn attendance_done(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    if meeting.status != MeetingStatus::Held {
        return Ok(Some(turn.t("button-expired")));
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
            attended.push(super::staff_label(turn.ctx, turn.lang, &p));
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
        let chat = turn.chat_id;
        turn.send(
            chat,
            None,
            Outgoing::Edit {
                message_id,
                text,
                buttons: Vec::new(),
            },
        )
        .await?;
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
async fn send_rating_question(
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
    let release = ctx.quiet_hours.release_time(turn.now, ctx.timezone);
    queue(
        turn.tx,
        &key,
        chat.0,
        Some(p.id),
        &message,
        release,
        Priority::Normal,
        turn.now,
    )
    .await?;
    Ok(true)
}

/// 0–10 in two rows.
fn rating_buttons(meeting: MeetingId, participant: ParticipantId) -> Keyboard {
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

async fn call_youth(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    yes: bool,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    if meeting.status != MeetingStatus::Held {
        return Ok(Some(turn.t("button-expired")));
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
        let chat = turn.chat_id;
        turn.send(
            chat,
            None,
            Outgoing::Edit {
                message_id,
                text,
                buttons: Vec::new(),
            },
        )
        .await?;
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
                super::calls::create_after_meeting(turn, &case, &youth, meeting.id, held).await?
        {
            super::calls::send_task(turn, task, "call-task-created").await?;
        }
    }
    ask_next_follow_up(turn, &meeting, &case).await?;
    Ok(None)
}

/// After a held follow-up or plan meeting: when is the next statutory follow-up due?
async fn ask_next_follow_up(
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

async fn next_follow_up_default(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    let Some(held) = meeting.held_at else {
        return Ok(Some(turn.t("button-expired")));
    };
    let held = held.with_timezone(&turn.ctx.timezone).date_naive();
    let due = StatutoryFollowUp::after_held(held, NEXT_FOLLOW_UP_MONTHS).due;
    set_next_follow_up(turn, &case, due).await?;
    Ok(None)
}

async fn next_follow_up_typed(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    text: &str,
) -> ChatResult<()> {
    let Some((_, case)) = own_meeting(turn, staff, meeting).await? else {
        turn.clear_conversation().await?;
        return turn.reply_key("meeting-not-found").await;
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

async fn set_next_follow_up(turn: &mut Turn<'_>, case: &CaseRecord, due: NaiveDate) -> ChatResult<()> {
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
async fn cancel(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    if !turn
        .tx
        .close_meeting(meeting.id, MeetingStatus::Cancelled, turn.now)
        .await?
    {
        return turn.reply_key("meeting-already-cancelled").await;
    }
    audit(turn, staff, "meeting.cancelled", meeting).await?;
    notify_invitees(
        turn,
        meeting,
        case,
        MeetingMessage::CancelledNotice,
        meeting.revision,
    )
    .await?;
    turn.reply_key("meeting-marked-cancelled").await
}

/// Tells everyone who got the agenda that the meeting was cancelled or moved.
async fn notify_invitees(
    turn: &mut Turn<'_>,
    meeting: &MeetingRecord,
    case: &CaseRecord,
    what: MeetingMessage,
    revision: u32,
) -> ChatResult<()> {
    let ctx = turn.ctx;
    let release = ctx.quiet_hours.release_time(turn.now, ctx.timezone);
    for invitee in turn.tx.invitees(meeting.id).await? {
        if invitee.agenda_sent_at.is_none() {
            continue;
        }
        let Some(p) = turn.tx.participant(invitee.participant_id).await? else {
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
                .with("when", when_text(ctx, p.lang, meeting.at)),
        );
        let message = Outgoing::Text {
            text,
            buttons: Vec::new(),
        };
        let dedup = what.dedup_key(meeting.id, revision, p.id.0);
        queue(
            turn.tx,
            &dedup,
            chat.0,
            Some(p.id),
            &message,
            release,
            Priority::Normal,
            turn.now,
        )
        .await?;
    }
    Ok(())
}

/// "Flyttet": the new time was typed.
async fn new_time(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    text: &str,
) -> ChatResult<()> {
    let Some((meeting, case)) = own_meeting(turn, staff, meeting).await? else {
        turn.clear_conversation().await?;
        return turn.reply_key("meeting-not-found").await;
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
    match meeting
        .status
        .apply(MeetingOutcome::Moved, meeting.at, Some(new_at), now)
    {
        Ok(_) => {}
        Err(MeetingTransitionError::Invalid { from, .. }) => {
            let key = if from == MeetingStatus::Held {
                "meeting-already-held"
            } else {
                "meeting-already-cancelled"
            };
            return turn.reply_key(key).await;
        }
        Err(_) => return turn.reply_key("meeting-time-in-past").await,
    }
    let tz = ctx.timezone;
    let agenda_at = agenda_send_at(new_at, now, turn.ctx.meeting_timing.agenda_days_before, tz);
    let times = MeetingTimes {
        at: new_at,
        agenda_at,
        reminder_at: agenda_reminder_at(
            new_at,
            agenda_at,
            turn.ctx.meeting_timing.reminder_days_before,
            tz,
        ),
        draft_at: draft_at(new_at, now, turn.ctx.meeting_timing.draft_working_days_before, tz),
    };
    if !turn.tx.reschedule_meeting(meeting.id, &times, now).await? {
        return turn.reply_key("meeting-not-planned").await;
    }
    audit(turn, staff, "meeting.moved", &meeting).await?;
    let Some(moved) = turn.tx.meeting(meeting.id).await? else {
        return Ok(());
    };
    notify_invitees(turn, &moved, &case, MeetingMessage::MovedNotice, moved.revision).await?;
    if moved.agenda_at <= now {
        send_agenda(turn.tx, ctx, now, &moved, None).await?;
        turn.tx.mark_agenda_sent(moved.id, now).await?;
    }
    let text = turn.ta(
        "meeting-marked-moved",
        Args::new().with("when", when_text(ctx, turn.lang, new_at)),
    );
    turn.reply(text, Vec::new()).await
}

// ---------------------------------------------------------------------------------------------
// Participants: wishes and the meeting rating
// ---------------------------------------------------------------------------------------------

/// Free text from a participant that belongs to a meeting: a comment on a rating just given,
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
async fn open_agenda(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<ParticipantRecord>> {
    let Some(p) = super::access::own_participation_any(turn, participant).await? else {
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
async fn write_wishes(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    if open_agenda(turn, meeting, participant).await?.is_none() {
        return Ok(Some(turn.t("meeting-wishes-closed")));
    }
    let Some(invitee) = turn.tx.invitee(meeting, participant).await? else {
        return Ok(Some(turn.t("button-expired")));
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
async fn wishes_done(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    let is_this = |step: &MeetingStep| matches!(step, MeetingStep::Wishes { meeting: m, participant: q, .. } if (*m, *q) == (meeting, participant));
    end_step(turn, participant, is_this, "meeting-wishes-done").await
}

/// A participant's "that's all" button: ends their own open step if it is this one, thanks.
async fn end_step(
    turn: &mut Turn<'_>,
    participant: ParticipantId,
    is_this: impl Fn(&MeetingStep) -> bool,
    thanks: &str,
) -> ChatResult<Option<String>> {
    // Only the person it was sent to may answer.
    let Some(p) = super::access::own_participation_any(turn, participant).await? else {
        return Ok(Some(turn.t("button-expired")));
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
async fn add_wish(
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
async fn rate(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
    value: u8,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    // Only the person it was sent to may answer (access::own_participation_any).
    let Some(p) = super::access::own_participation_any(turn, participant).await? else {
        tracing::warn!(meeting_id = %meeting, "rating pressed by someone else than the participant; refused");
        return Ok(Some(turn.t("button-expired")));
    };
    turn.lang = p.lang;
    let (Some(record), Some(invitee)) = (
        turn.tx.meeting(meeting).await?,
        turn.tx.invitee(meeting, participant).await?,
    ) else {
        return Ok(Some(turn.t("button-expired")));
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
        return Ok(Some(turn.t("button-expired")));
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

async fn no_comment(
    turn: &mut Turn<'_>,
    meeting: MeetingId,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    let is_this = |step: &MeetingStep| matches!(step, MeetingStep::RatingComment { meeting: m, participant: q, .. } if (*m, *q) == (meeting, participant));
    end_step(turn, participant, is_this, "meeting-rating-thanks").await
}
