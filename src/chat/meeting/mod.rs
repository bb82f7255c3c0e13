//! Meetings in the chat: the caseworker plans one (`/moede`, in one line or guided), chooses who
//! is invited, lists them (`/moeder`), asks for the agenda draft (`/udkast`) and answers
//! Holdt · Aflyst · Flyttet afterwards (then: who came, a call to the young person, the next
//! statutory follow-up). Participants get the agenda, write their "se ske" wishes as plain
//! text, and rate the meeting afterwards.
//!
//! The timing lives in `domain::meeting`, the scheduled sends in `jobs::meetings`; the agenda
//! and "Blev mødet holdt?" are built in `service::meeting`, so the scheduler and the handlers
//! send the same.

mod outcome;
mod planning;
mod wishes;

use crate::chat::access::Refusal;
use chrono::{DateTime, NaiveDate, Utc};

use super::command::Action;
use super::conversation::{Conversation, MeetingStep};
use super::{ChatResult, Delivery, Person, Queued, Turn, queue};
use crate::domain::followup::{NEXT_FOLLOW_UP_MONTHS, StatutoryFollowUp};
use crate::domain::ids::{CaseId, MeetingId, ParticipantId};
use crate::domain::meeting::{
    MAX_WISHES, MeetingCommandError, MeetingKind, MeetingMessage, MeetingOutcome, MeetingRating,
    MeetingStatus, MeetingTransitionError, PLACE_MAX, RATING_MAX, WISH_MAX_CHARS, WhenError, WishError,
    meeting_instant, parse_date, parse_meeting_command, parse_new_time, parse_place, parse_time,
};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::text::{TextError, clean_line};
use crate::i18n::Args;
use crate::service::buttons::MeetingButton;
use crate::service::format::{date_text, kind_name, when_text};
use crate::service::meeting::{outcome_buttons, send_agenda};
use crate::service::meeting_plan::{self, Invitees, MeetingPlan, Moved, can_be_invited};
use crate::store::{CaseRecord, MeetingRecord, ParticipantRecord, StaffRecord};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};
#[allow(clippy::wildcard_imports)]
use outcome::*;
#[allow(clippy::wildcard_imports)]
use planning::*;
pub use wishes::participant_text;
#[allow(clippy::wildcard_imports)]
use wishes::*;

/// A meeting rating can be given (or changed) this long after the meeting was held.
const RATING_OPEN_DAYS: i64 = 14;
/// A text counts as the comment on a rating this long after the rating; later it is read as
/// usual (a wish, a message to the caseworker), so an unanswered question traps nothing.
const RATING_COMMENT_WINDOW: chrono::Duration = chrono::Duration::hours(24);
/// Longest comment on a meeting rating.
const COMMENT_MAX: usize = 1000;
/// At most this many meetings are listed by `/moeder`.
const LIST_MAX: usize = 10;

/// `/moede`, `/moeder`, `/udkast`, `/opkald`, `/indsats` (routed here by `chat::staff`).
pub async fn command(turn: &mut Turn<'_>, staff: &StaffRecord, action: Action, args: &str) -> ChatResult<()> {
    match action {
        Action::Meeting => plan(turn, staff, args).await,
        Action::Meetings => list(turn, staff).await,
        Action::Draft => super::meeting_draft::on_demand(turn, staff, args).await,
        Action::Calls => super::calls::list(turn, staff).await,
        _ => super::statutory::command(turn, staff, args).await,
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
        return Ok(turn.refused(Refusal::Expired));
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
                return turn.refuse(Refusal::CaseNotFound).await;
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
    crate::service::format::when_error(turn.ctx, turn.lang, error)
}

fn kind_list() -> String {
    MeetingKind::ALL
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}
