//! `/moede`: planning a meeting in one line or step by step (case, kind, date, time, place),
//! choosing who is invited, and `/moeder`, the list of planned meetings.

use super::*;
use crate::chat::access::Refusal;
use crate::chat::args::{self, CaseAndRest, CaseArg};

pub(super) async fn plan(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CaseAndRest { case, rest } = args::case_and_rest(args);
    let CaseArg::Typed(code) = case else {
        return ask_case(turn, staff).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    if rest.is_none() {
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

pub(super) async fn ask_case(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
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

pub(super) async fn guided_case(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: CaseId,
) -> ChatResult<Option<String>> {
    if turn.conversation().await? != Some(Conversation::Meeting(MeetingStep::Case)) {
        return Ok(turn.refused(Refusal::Expired));
    }
    let Some(case) = crate::chat::access::own_case(turn, staff, case).await? else {
        return Ok(turn.refused(Refusal::CaseNotFound));
    };
    ask_kind(turn, case.id).await?;
    Ok(None)
}

pub(super) async fn ask_kind(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
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

pub(super) async fn guided_kind(turn: &mut Turn<'_>, kind: MeetingKind) -> ChatResult<Option<String>> {
    let Some(Conversation::Meeting(MeetingStep::Kind { case })) = turn.conversation().await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.set_conversation(&Conversation::Meeting(MeetingStep::Date { case, kind }))
        .await?;
    turn.reply_key("meeting-ask-date").await?;
    Ok(None)
}

pub(super) async fn guided_date(
    turn: &mut Turn<'_>,
    case: CaseId,
    kind: MeetingKind,
    text: &str,
) -> ChatResult<()> {
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

pub(super) async fn guided_time(
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

pub(super) async fn guided_skip_place(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
) -> ChatResult<Option<String>> {
    let Some(Conversation::Meeting(MeetingStep::Place { case, kind, at })) = turn.conversation().await?
    else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.clear_conversation().await?;
    let Some(case) = crate::chat::access::own_case(turn, staff, case).await? else {
        return Ok(turn.refused(Refusal::CaseNotFound));
    };
    create(turn, staff, &case, kind, at, None).await?;
    Ok(None)
}

/// Creates the meeting (`service::meeting_plan`, as the desk does), invites the defaults and
/// tells the caseworker what happens when.
pub(super) async fn create(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    kind: MeetingKind,
    at: DateTime<Utc>,
    place: Option<&str>,
) -> ChatResult<()> {
    let ctx = turn.ctx;
    let now = turn.now;
    let plan = MeetingPlan {
        kind,
        at,
        place,
        invitees: Invitees::Default,
    };
    let Some(planned) = meeting_plan::plan(turn.tx, ctx, now, staff, case, &plan).await? else {
        return Ok(());
    };
    let (meeting, reachable) = (planned.meeting, planned.reachable);
    let (id, agenda_at) = (meeting.id, meeting.agenda_at);
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
    turn.reply(text, buttons).await
}

/// "Inviterede": one toggle per participant who can be invited.
pub(super) async fn invitee_keyboard(
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
        let who = crate::chat::staff_label(turn.ctx, turn.lang, p);
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

pub(super) async fn toggle_invite(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    meeting: MeetingId,
    participant: ParticipantId,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    let Some((meeting, case)) = crate::chat::access::own_meeting(turn, staff, meeting).await? else {
        return Ok(turn.refused(Refusal::Expired));
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
        return Ok(turn.refused(Refusal::Expired));
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
        turn.edit(message_id, text, buttons).await?;
    }
    Ok(Some(turn.t("answer-saved")))
}

// ---------------------------------------------------------------------------------------------
// /moeder
// ---------------------------------------------------------------------------------------------

pub(super) async fn list(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    crate::chat::access::audit_read(turn, staff, "read.meetings", None).await?;
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
