//! The pages with case data: *Mine sager* (`/`) and *Sag* (`/sag/<kode>`). Each opens a
//! transaction, checks the session, asks the service (which checks access and writes the
//! audited read), commits, and renders.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::signin::{SignedIn, failure, signed_in};
use super::{Desk, view};
use crate::domain::case::CaseCode;
use crate::domain::desk_case::{CaseFilter, CaseOrder};
use crate::service::desk::{self as use_case, order_cases};

#[derive(serde::Deserialize)]
pub(super) struct ListQuery {
    #[serde(default)]
    orden: String,
    #[serde(default)]
    vis: String,
}

/// `GET /`: *Mine sager*, sorted and filtered as asked (`?orden=`, `?vis=`).
pub(super) async fn my_cases(
    State(desk): State<Desk>,
    SignedIn { mut tx, session }: SignedIn,
    Query(query): Query<ListQuery>,
) -> Response {
    let now = desk.ctx.clock.now();
    let shown = view::cases::Shown {
        order: CaseOrder::parse(&query.orden),
        filter: CaseFilter::parse(&query.vis),
    };
    let cases = async {
        let cases = use_case::my_cases(&mut tx, &desk.ctx, now, &session.staff).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(order_cases(cases, shown.order, shown.filter))
    };
    match cases.await {
        Ok(cases) => view::cases::page(&desk.ctx, now, &session, &cases, shown).into_response(),
        Err(error) => failure(&desk, error),
    }
}

/// `GET /sag/<kode>`: *Sag*, or the same 404 page as for any unknown address when the case is
/// not one the staff member may read.
pub(super) async fn case(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedIn { mut tx, session }: SignedIn,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::case_view(&mut tx, &desk.ctx, now, &session.staff, &code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(case)) => view::case::page(&desk.ctx, &session, &case).into_response(),
        Ok(None) => {
            tracing::info!(staff_id = %session.staff.id, "desk case page refused or unknown");
            not_found_for(&desk, Some(&session))
        }
        Err(error) => failure(&desk, error),
    }
}

/// `GET /sag/<kode>/graf/<nr>`: the chart of goal number `nr` as PNG (the same picture as the
/// chat's `/sag`), behind the same access check as the page.
pub(super) async fn chart(
    State(desk): State<Desk>,
    Path((code, position)): Path<(String, i64)>,
    SignedIn { mut tx, session }: SignedIn,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::goal_chart(&mut tx, &desk.ctx, now, &session.staff, &code, position).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(None) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}

/// `GET /sag/<kode>/udkast`: the agenda draft for the case's next meeting as the print-ready
/// document `/udkast` sends (for the caseworker of the case, as in the chat).
pub(super) async fn draft(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedIn { mut tx, session }: SignedIn,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::draft_page(&mut tx, &desk.ctx, now, &session.staff, &code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(use_case::DraftPage::Document(html))) => document_response(html),
        Ok(Some(use_case::DraftPage::NoMeeting(case))) => {
            view::case::no_meeting(&desk.ctx, &session, &case).into_response()
        }
        Ok(None) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}

/// The case code in an address: text that is not a code is an unknown case, answered with the
/// same 404 page.
pub(super) fn path_code(text: &str) -> Option<CaseCode> {
    CaseCode::parse(text).ok()
}

/// Any address the desk does not have: in the signed-in staff member's language, with the
/// navigation, like every other page of theirs.
pub(super) async fn not_found(State(desk): State<Desk>, headers: HeaderMap) -> Response {
    match signed_in(&desk, &headers).await {
        Ok((tx, session)) => match tx.commit().await {
            Ok(()) => not_found_for(&desk, Some(&session)),
            Err(error) => failure(&desk, error.into()),
        },
        Err(_) => not_found_for(&desk, None),
    }
}

/// A whole printable HTML document made elsewhere (the agenda draft, the management report),
/// under its own policy: its style blocks allowed by hash, no script.
pub(super) fn document_response(html: String) -> Response {
    let policy = super::guard::document_policy(&html);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if let Ok(policy) = axum::http::HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The one 404 page: it says nothing about what was asked for.
pub(super) fn not_found_for(desk: &Desk, session: Option<&use_case::Session>) -> Response {
    let page = view::not_found(&desk.ctx.texts, desk.ctx.default_lang, session);
    (StatusCode::NOT_FOUND, page).into_response()
}
