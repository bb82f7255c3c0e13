//! *Ledelse* (`/ledelse`, team leaders only; anyone else gets the one 404 page): the management
//! report of the team — the same report `/ledelse` sends, with its charts as PNG routes
//! (`/ledelse/graf/<n>`) behind the same check and the printable document
//! (`/ledelse/rapport`, its own style allowed by hash) — and the handover of a case to a
//! colleague (`POST /ledelse/overdrag`, the same use case as `/overdrag`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pages::{not_found_for, path_code};
use super::signin::{SignedIn, SignedInForm, failure, signed_in};
use super::{Desk, view};
use crate::domain::ids::StaffId;
use crate::domain::report::ManagementReport;
use crate::service::Error;
use crate::service::desk::Session;
use crate::service::desk_work::{self as use_case, HandoverOutcome};
use crate::store::Tx;

#[derive(Deserialize)]
pub(super) struct Shown {
    /// Set after a handover (the redirect after the form).
    overdraget: Option<String>,
}

/// `GET /ledelse`.
pub(super) async fn page(
    State(desk): State<Desk>,
    SignedIn { tx, session }: SignedIn,
    Query(shown): Query<Shown>,
) -> Response {
    let done = shown
        .overdraget
        .map(|_| desk.ctx.texts.t(session.staff.lang, "desk-handover-done"));
    render(
        &desk,
        tx,
        &session,
        view::management::Shown { done, problem: None },
        StatusCode::OK,
    )
    .await
}

async fn render(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    shown: view::management::Shown,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::leader_view(&mut tx, &desk.ctx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, Error>(found)
    };
    match found.await {
        Ok(Some(found)) => {
            (status, view::management::page(&desk.ctx, session, &found, &shown)).into_response()
        }
        Ok(None) => not_found_for(desk, Some(session)),
        Err(error) => failure(desk, error),
    }
}

/// The team leader's report for a request, or the page to answer instead (the one 404 for
/// anyone else).
async fn report_for(desk: &Desk, headers: &HeaderMap) -> Result<(Session, ManagementReport), Response> {
    let (mut tx, session) = signed_in(desk, headers).await?;
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::leader_report(&mut tx, &desk.ctx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, Error>(found)
    };
    match found.await {
        Ok(Some(report)) => Ok((session, report)),
        Ok(None) => Err(not_found_for(desk, Some(&session))),
        Err(error) => Err(failure(desk, error)),
    }
}

/// `GET /ledelse/graf/<n>`: chart number `n` of the report as PNG.
pub(super) async fn chart(State(desk): State<Desk>, Path(n): Path<usize>, headers: HeaderMap) -> Response {
    let (session, report) = match report_for(&desk, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let lang = session.staff.lang;
    let labels = |key: &str| desk.ctx.texts.t(lang, key);
    match crate::render::report::chart(&report, &labels, n) {
        Some(png) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        None => not_found_for(&desk, Some(&session)),
    }
}

/// `GET /ledelse/rapport`: the whole report as the printable document `/ledelse` sends.
pub(super) async fn document(State(desk): State<Desk>, headers: HeaderMap) -> Response {
    let (session, report) = match report_for(&desk, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let lang = session.staff.lang;
    let labels = |key: &str| desk.ctx.texts.t(lang, key);
    let charts = crate::render::report::charts(&report, &labels);
    let html = crate::render::report::to_html(&report, &labels, &charts);
    super::pages::document_response(html)
}

#[derive(Deserialize)]
pub(super) struct HandoverForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    sag: String,
    #[serde(default)]
    til: i64,
}

super::signin::has_csrf!(HandoverForm);

/// `POST /ledelse/overdrag`: a case of the team to a colleague, both chosen from lists.
pub(super) async fn hand_over(
    State(desk): State<Desk>,
    SignedInForm {
        mut tx,
        session,
        form,
    }: SignedInForm<HandoverForm>,
) -> Response {
    let Some(code) = path_code(&form.sag) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let outcome =
        use_case::hand_over(&mut tx, &desk.ctx, now, &session.staff, &code, StaffId(form.til)).await;
    match outcome {
        Ok(HandoverOutcome::Done { case, to }) => match tx.commit().await {
            Ok(()) => {
                tracing::info!(case_id = %case, to = %to, "case handed over on the desk");
                Redirect::to("/ledelse?overdraget=1").into_response()
            }
            Err(error) => failure(&desk, error.into()),
        },
        Ok(HandoverOutcome::NotColleague) => {
            let problem = Some(
                desk.ctx
                    .texts
                    .t(session.staff.lang, "desk-handover-not-colleague"),
            );
            let shown = view::management::Shown { done: None, problem };
            render(&desk, tx, &session, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(HandoverOutcome::NotFound) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}
