//! *Alarmer* (`/alarmer`): the open alerts with their numbers and the assessment form — the
//! four choices of the chat, a reason required for "Ingen handling" — posted to
//! `/alarmer/<id>` and stored by the same use case as the chat's buttons
//! (`service::alerts::assess`), so an alert assessed on one side is assessed on the other.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::signin::{SignedIn, SignedInForm, failure};
use super::{Desk, view};
use crate::domain::alert::Decision;
use crate::domain::ids::AlertId;
use crate::service::alerts::{Assessment, assess};
use crate::service::desk::{self as use_case, Session};
use crate::store::Tx;

#[derive(Deserialize)]
pub(super) struct Shown {
    /// Set after an assessment was stored (the redirect after the form).
    vurderet: Option<String>,
}

/// `GET /alarmer`.
pub(super) async fn page(
    State(desk): State<Desk>,
    SignedIn { tx, session }: SignedIn,
    Query(shown): Query<Shown>,
) -> Response {
    let notice = shown.vurderet.is_some().then_some(view::alerts::Notice::Saved);
    list(&desk, tx, &session, notice, StatusCode::OK).await
}

/// The list, with a notice above it, in the request's transaction.
async fn list(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    notice: Option<view::alerts::Notice>,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let items = async {
        let items = use_case::alerts_view(&mut tx, &desk.ctx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(items)
    };
    match items.await {
        Ok(items) => (status, view::alerts::page(&desk.ctx, session, &items, notice)).into_response(),
        Err(error) => failure(desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct AssessForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

super::signin::has_csrf!(AssessForm);

/// `POST /alarmer/<id>`: the assessment.
pub(super) async fn assess_form(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    SignedInForm {
        mut tx,
        session,
        form,
    }: SignedInForm<AssessForm>,
) -> Response {
    use view::alerts::Notice;
    let Some(decision) = Decision::parse(&form.decision) else {
        return list(
            &desk,
            tx,
            &session,
            Some(Notice::ChooseDecision),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let now = desk.ctx.clock.now();
    let today = desk.ctx.today(now);
    let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
    let outcome = assess(&mut tx, now, today, &session.staff, AlertId(id), decision, reason).await;
    match outcome {
        Ok(Assessment::Saved(_)) => match tx.commit().await {
            Ok(()) => Redirect::to("/alarmer?vurderet=1").into_response(),
            Err(error) => failure(&desk, error.into()),
        },
        Ok(Assessment::ReasonNeeded) => {
            list(
                &desk,
                tx,
                &session,
                Some(Notice::ReasonNeeded),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok(Assessment::AlreadyAssessed) => {
            list(
                &desk,
                tx,
                &session,
                Some(Notice::AlreadyAssessed),
                StatusCode::CONFLICT,
            )
            .await
        }
        Ok(Assessment::NotFound) => {
            // The session's touch is kept; nothing else changed.
            if let Err(error) = tx.commit().await {
                return failure(&desk, error.into());
            }
            let page = view::not_found(&desk.ctx.texts, desk.ctx.default_lang, Some(&session));
            (StatusCode::NOT_FOUND, page).into_response()
        }
        Err(error) => failure(&desk, error),
    }
}
