//! *Møder* (`/moeder`): the caseworker's planned meetings; planning one (`/moeder/ny?sag=<kode>`
//! then `POST /moeder`: the case chosen from a list, kind, date, time, place, who is
//! invited), moving, cancelling and marking it held (`POST /moeder/<id>/flyt|aflys|holdt`).
//! Every change goes through `service::meeting_plan`, the chat's own use cases, so the
//! invitations, notices and follow-up calls are the chat's.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pages::{not_found_for, path_code};
use super::signin::{SignedIn, failure, signed_in_form};
use super::view::meetings::{Notice, PlanValues};
use super::{Desk, view};
use crate::domain::case::CaseCode;
use crate::domain::ids::{MeetingId, ParticipantId};
use crate::domain::meeting::{
    MeetingKind, MeetingOutcome, MeetingStatus, MeetingTransitionError, PLACE_MAX, parse_place, parse_when,
};
use crate::service::desk::Session;
use crate::service::desk_work as use_case;
use crate::service::format::{text_error, when_error};
use crate::service::meeting_plan::{self, Invitees, MeetingPlan, Moved};
use crate::service::{Error, access};
use crate::store::{CaseRecord, MeetingRecord, StaffRecord, Tx};

#[derive(Deserialize)]
pub(super) struct Shown {
    /// What was just done (the redirect after a form): `planlagt`, `flyttet`, `aflyst`, `holdt`,
    /// `holdt_uden_opkald`.
    vist: Option<String>,
}

/// `GET /moeder`.
pub(super) async fn page(
    State(desk): State<Desk>,
    SignedIn { tx, session }: SignedIn,
    Query(shown): Query<Shown>,
) -> Response {
    let notice = shown.vist.as_deref().and_then(Notice::parse);
    list(&desk, tx, &session, notice, StatusCode::OK).await
}

/// The list with a notice above it, in the request's transaction.
async fn list(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::meetings_view(&mut tx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, Error>(found)
    };
    match found.await {
        Ok(found) => (
            status,
            view::meetings::page(&desk.ctx, now, session, &found, notice),
        )
            .into_response(),
        Err(error) => failure(desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct Chosen {
    #[serde(default)]
    sag: String,
}

/// `GET /moeder/ny?sag=<kode>`: the planning form for a case chosen from the list.
pub(super) async fn new_form(
    State(desk): State<Desk>,
    SignedIn { tx, session }: SignedIn,
    Query(chosen): Query<Chosen>,
) -> Response {
    let Some(code) = path_code(&chosen.sag) else {
        return not_found_for(&desk, Some(&session));
    };
    form_page(
        &desk,
        tx,
        &session,
        &code,
        &PlanValues::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The planning form (again, with what was sent and why it could not be used).
async fn form_page(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    code: &CaseCode,
    values: &PlanValues,
    problem: Option<String>,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::plan_form(&mut tx, now, &session.staff, code).await?;
        tx.commit().await?;
        Ok::<_, Error>(found)
    };
    match found.await {
        Ok(Some(form)) => {
            let page = view::meetings::plan_form(&desk.ctx, now, session, &form, values, problem.as_deref());
            (status, page).into_response()
        }
        Ok(None) => not_found_for(desk, Some(session)),
        Err(error) => failure(desk, error),
    }
}

/// `POST /moeder`: the planning form. Checkboxes come as repeated `deltager` fields, so the
/// form is read as pairs.
pub(super) async fn plan(
    State(desk): State<Desk>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (mut tx, session) = match signed_in_form(&desk, &headers, &field("csrf")).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let values = PlanValues {
        kind: field("kind"),
        date: field("date"),
        time: field("time"),
        place: field("place"),
        invited: Some(
            pairs
                .iter()
                .filter(|(k, _)| k == "deltager")
                .filter_map(|(_, v)| v.parse().ok().map(ParticipantId))
                .collect(),
        ),
    };
    let Some(code) = path_code(&field("sag")) else {
        return not_found_for(&desk, Some(&session));
    };
    let ctx = &desk.ctx;
    let lang = session.staff.lang;
    let now = ctx.clock.now();
    let checked = (|| {
        let kind =
            MeetingKind::parse(&values.kind).map_err(|_| ctx.texts.t(lang, "desk-meeting-choose-kind"))?;
        let at = parse_when(&values.date, &values.time, now, ctx.timezone)
            .map_err(|e| when_error(ctx, lang, &e))?;
        let place = parse_place(&values.place).map_err(|e| text_error(ctx, lang, &e, PLACE_MAX))?;
        Ok::<_, String>((kind, at, place))
    })();
    let (kind, at, place) = match checked {
        Ok(checked) => checked,
        Err(problem) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page(&desk, tx, &session, &code, &values, Some(problem), status).await;
        }
    };
    let invited = values.invited.clone().unwrap_or_default();
    let planned = async {
        let Some(case) = access::own_case_by_code(&mut tx, &session.staff, &code)
            .await?
            .filter(|c| c.status.is_open())
        else {
            return Ok(None);
        };
        let plan = MeetingPlan {
            kind,
            at,
            place: place.as_deref(),
            invitees: Invitees::Chosen(&invited),
        };
        let planned = meeting_plan::plan(&mut tx, ctx, now, &session.staff, &case, &plan).await?;
        tx.commit().await?;
        Ok::<_, Error>(planned)
    };
    match planned.await {
        Ok(Some(_)) => Redirect::to("/moeder?vist=planlagt").into_response(),
        Ok(None) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct MoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    time: String,
}

/// `POST /moeder/<id>/flyt`: the new date and time.
pub(super) async fn move_meeting(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<MoveForm>,
) -> Response {
    let (mut tx, session, meeting, case) = match own_meeting(&desk, &headers, &form.csrf, id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let ctx = &desk.ctx;
    let (lang, now) = (session.staff.lang, ctx.clock.now());
    let new_at = match parse_when(&form.date, &form.time, now, ctx.timezone) {
        Ok(at) => at,
        Err(error) => return problem(&desk, tx, &session, when_error(ctx, lang, &error)).await,
    };
    let moved = match meeting_plan::move_to(&mut tx, ctx, now, &session.staff, &meeting, &case, new_at).await
    {
        Ok(moved) => moved,
        Err(error) => return failure(&desk, error),
    };
    let key = match moved {
        Moved::Moved(_) => return commit_then(&desk, tx, "/moeder?vist=flyttet").await,
        Moved::AlreadyHeld => "meeting-already-held",
        Moved::AlreadyCancelled => "meeting-already-cancelled",
        Moved::InPast => "meeting-time-in-past",
        Moved::NotPlanned => "meeting-not-planned",
    };
    problem(&desk, tx, &session, ctx.texts.t(lang, key)).await
}

#[derive(Deserialize)]
pub(super) struct OutcomeForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /moeder/<id>/aflys`.
pub(super) async fn cancel(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<OutcomeForm>,
) -> Response {
    outcome(desk, id, headers, form, MeetingOutcome::Cancelled).await
}

/// `POST /moeder/<id>/holdt`: the parents' follow-up calls come from the same use case as the
/// chat's "Holdt", and each goes to the caseworker's chat as a task message.
pub(super) async fn hold(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<OutcomeForm>,
) -> Response {
    outcome(desk, id, headers, form, MeetingOutcome::Held).await
}

async fn outcome(
    desk: Desk,
    id: i64,
    headers: HeaderMap,
    form: OutcomeForm,
    outcome: MeetingOutcome,
) -> Response {
    let (mut tx, session, meeting, case) = match own_meeting(&desk, &headers, &form.csrf, id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let ctx = &desk.ctx;
    let (lang, now) = (session.staff.lang, ctx.clock.now());
    let refused = match meeting.status.apply(outcome, meeting.at, None, now) {
        Ok(_) => None,
        Err(MeetingTransitionError::NotStarted) => Some("meeting-not-started"),
        Err(MeetingTransitionError::Invalid {
            from: MeetingStatus::Held,
            ..
        }) => Some("meeting-already-held"),
        Err(_) => Some("meeting-already-cancelled"),
    };
    if let Some(key) = refused {
        return problem(&desk, tx, &session, ctx.texts.t(lang, key)).await;
    }
    let staff = &session.staff;
    // Where to go once it is done; `None`: closed in the meantime, on the other side.
    let done = match outcome {
        MeetingOutcome::Held => held(&mut tx, &desk, staff, &meeting, &case).await,
        _ => meeting_plan::cancel(&mut tx, ctx, now, staff, &meeting, &case)
            .await
            .map(|closed| closed.then_some("/moeder?vist=aflyst")),
    };
    match done {
        Ok(Some(to)) => commit_then(&desk, tx, to).await,
        Ok(None) => {
            let key = if outcome == MeetingOutcome::Held {
                "meeting-already-held"
            } else {
                "meeting-already-cancelled"
            };
            problem(&desk, tx, &session, ctx.texts.t(lang, key)).await
        }
        Err(error) => failure(&desk, error),
    }
}

/// Marks the meeting held and sends the new call tasks to the caseworker's chat; the page to
/// go to, which says whether there are calls to make.
async fn held(
    tx: &mut Tx,
    desk: &Desk,
    staff: &StaffRecord,
    meeting: &MeetingRecord,
    case: &CaseRecord,
) -> crate::service::Result<Option<&'static str>> {
    let now = desk.ctx.clock.now();
    let Some(held) = meeting_plan::hold(tx, &desk.ctx, now, staff, meeting, case).await? else {
        return Ok(None);
    };
    meeting_plan::announce_calls(tx, &desk.ctx, now, &held.calls).await?;
    // Who came is asked in the chat, as after "Holdt" there: the rating question follows.
    meeting_plan::ask_attendance_in_chat(tx, &desk.ctx, now, staff, meeting, case).await?;
    Ok(Some(if held.calls.is_empty() {
        "/moeder?vist=holdt_uden_opkald"
    } else {
        "/moeder?vist=holdt"
    }))
}

/// A form's session and the meeting it is about, if it is one of the staff member's own cases'
/// meetings; else the page to answer (the one 404 for someone else's).
async fn own_meeting(
    desk: &Desk,
    headers: &HeaderMap,
    csrf: &str,
    id: i64,
) -> Result<(Tx, Session, MeetingRecord, CaseRecord), Response> {
    let (mut tx, session) = signed_in_form(desk, headers, csrf).await?;
    match access::own_meeting(&mut tx, &session.staff, MeetingId(id)).await {
        Ok(Some((meeting, case))) => Ok((tx, session, meeting, case)),
        Ok(None) => Err(not_found_for(desk, Some(&session))),
        Err(error) => Err(failure(desk, error)),
    }
}

/// Commits and goes to `to` (the page that says what was done).
async fn commit_then(desk: &Desk, tx: Tx, to: &str) -> Response {
    match tx.commit().await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(error) => failure(desk, error.into()),
    }
}

/// The list again with what could not be done.
async fn problem(desk: &Desk, tx: Tx, session: &Session, text: String) -> Response {
    list(
        desk,
        tx,
        session,
        Some(Notice::Problem(text)),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
