//! *Opkald* (`/opkald`): the caseworker's open call tasks, overdue ones marked, each with the
//! question guide, a field for the call's note and Ringet · Ikke truffet · Udskyd, posted to
//! `/opkald/<id>` and stored by the same use case as the chat's buttons
//! (`service::calls::record_outcome`, `save_note`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::signin::{SignedIn, SignedInForm, failure};
use super::{Desk, view};
use crate::domain::followup::CallOutcome;
use crate::domain::ids::CallTaskId;
use crate::domain::meeting::parse_date;
use crate::domain::text::{TextError, clean_line};
use crate::service::calls::{NOTE_MAX, Recorded, record_outcome, save_note};
use crate::service::desk::Session;
use crate::service::desk_work as use_case;
use crate::service::format::text_error;
use crate::service::{Error, access};
use crate::store::Tx;

#[derive(Deserialize)]
pub(super) struct Shown {
    /// Set after a call was recorded (the redirect after the form).
    gemt: Option<String>,
}

/// `GET /opkald`.
pub(super) async fn page(
    State(desk): State<Desk>,
    SignedIn { tx, session }: SignedIn,
    Query(shown): Query<Shown>,
) -> Response {
    let done = shown
        .gemt
        .map(|_| desk.ctx.texts.t(session.staff.lang, "desk-call-saved"));
    let shown = view::calls::Shown {
        done,
        ..Default::default()
    };
    list(&desk, tx, &session, shown, StatusCode::OK).await
}

async fn list(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    shown: view::calls::Shown,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let items = async {
        let items = use_case::calls_view(&mut tx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, Error>(items)
    };
    match items.await {
        Ok(items) => (status, view::calls::page(&desk.ctx, now, session, &items, &shown)).into_response(),
        Err(error) => failure(desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct CallForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
    /// "Udskyd" to this day; empty: the default.
    #[serde(default)]
    date: String,
}

super::signin::has_csrf!(CallForm);

/// `POST /opkald/<id>`: the call's outcome and its note.
pub(super) async fn record(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    SignedInForm {
        mut tx,
        session,
        form,
    }: SignedInForm<CallForm>,
) -> Response {
    let ctx = &desk.ctx;
    let (lang, now) = (session.staff.lang, ctx.clock.now());
    let today = ctx.today(now);
    let record = match access::own_call_task(&mut tx, &session.staff, CallTaskId(id)).await {
        Ok(Some(record)) => record,
        Ok(None) => {
            let page = view::not_found(&ctx.texts, ctx.default_lang, Some(&session));
            return (StatusCode::NOT_FOUND, page).into_response();
        }
        Err(error) => return failure(&desk, error),
    };
    // What was typed stays in the form when it cannot be stored yet.
    let problem = |text: String| view::calls::Shown {
        done: None,
        problem: Some(text),
        kept: Some((record.id, form.note.clone())),
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Ok(outcome) = CallOutcome::parse(&form.outcome) else {
        let shown = problem(ctx.texts.t(lang, "desk-call-choose"));
        return list(&desk, tx, &session, shown, unprocessable).await;
    };
    let note = match clean_line(&form.note, NOTE_MAX) {
        Ok(note) => Some(note),
        Err(TextError::Empty) => None,
        Err(error) => {
            let shown = problem(text_error(ctx, lang, &error, NOTE_MAX));
            return list(&desk, tx, &session, shown, unprocessable).await;
        }
    };
    let postpone_to = match (outcome, form.date.trim()) {
        (CallOutcome::Postpone, date) if !date.is_empty() => match parse_date(date, today) {
            Ok(date) => Some(date),
            Err(_) => {
                let shown = problem(ctx.texts.t(lang, "call-postpone-not-ahead"));
                return list(&desk, tx, &session, shown, unprocessable).await;
            }
        },
        _ => None,
    };
    let recorded = async {
        let recorded =
            record_outcome(&mut tx, now, today, &session.staff, &record, outcome, postpone_to).await?;
        // A note about a call that was recorded already (in the chat) is kept all the same.
        if let (Recorded::Saved(_) | Recorded::NotOpen, Some(note)) = (recorded, &note) {
            save_note(&mut tx, now, &session.staff, record.id, note).await?;
        }
        Ok::<_, Error>(recorded)
    };
    match recorded.await {
        Ok(Recorded::Saved(_)) => match tx.commit().await {
            Ok(()) => Redirect::to("/opkald?gemt=1").into_response(),
            Err(error) => failure(&desk, error.into()),
        },
        Ok(Recorded::NotOpen) => {
            let mut text = ctx.texts.t(lang, "call-already-done");
            if note.is_some() {
                text = format!("{text} {}", ctx.texts.t(lang, "desk-call-note-kept"));
            }
            let shown = view::calls::Shown {
                done: None,
                problem: Some(text),
                kept: None,
            };
            list(&desk, tx, &session, shown, StatusCode::CONFLICT).await
        }
        Ok(Recorded::PostponeNotAhead) => {
            let shown = problem(ctx.texts.t(lang, "call-postpone-not-ahead"));
            list(&desk, tx, &session, shown, unprocessable).await
        }
        Err(error) => failure(&desk, error),
    }
}
