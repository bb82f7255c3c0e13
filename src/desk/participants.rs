//! *Deltagere* (`/sag/<kode>/deltagere`) and its forms: invite (the answer shows the link and
//! its QR code), remove or revoke after a confirmation page, and a new rhythm for a role. Each
//! goes through the same service function as the chat (`service::participation`, reached
//! through `service::desk_case`), behind the same access check: only the case's caseworker
//! changes who takes part; anyone else gets the one 404 page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pages::{not_found_for, path_code};
use super::signin::{SignedIn, SignedInForm, failure};
use super::view::participants::Notice;
use super::{Desk, view};
use crate::domain::case::CaseCode;
use crate::domain::desk_case::RhythmChoice;
use crate::domain::ids::ParticipantId;
use crate::domain::participant::Role;
use crate::service::desk::Session;
use crate::service::desk_case as use_case;
use crate::service::participation::{Invited, Removal, RhythmChange};
use crate::store::Tx;

#[derive(Deserialize)]
pub(super) struct Shown {
    /// Set by the redirect after a form.
    #[serde(default)]
    besked: String,
}

fn notice_from(value: &str) -> Option<Notice> {
    match value {
        "fjernet" => Some(Notice::Removed),
        "tilbagekaldt" => Some(Notice::Revoked),
        "rytme" => Some(Notice::RhythmSet),
        _ => None,
    }
}

/// `GET /sag/<kode>/deltagere`.
pub(super) async fn page(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedIn { tx, session }: SignedIn,
    Query(shown): Query<Shown>,
) -> Response {
    let notice = notice_from(&shown.besked);
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    list(&desk, tx, &session, &code, notice, StatusCode::OK).await
}

/// The participants page in the request's transaction, with a notice above it.
async fn list(
    desk: &Desk,
    mut tx: Tx,
    session: &Session,
    code: &CaseCode,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::participants_view(&mut tx, &desk.ctx, now, &session.staff, code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(view)) => (
            status,
            view::participants::page(&desk.ctx, session, &view, notice),
        )
            .into_response(),
        Ok(None) => not_found_for(desk, Some(session)),
        Err(error) => failure(desk, error),
    }
}

/// The participants page again, with what was wrong with the form.
async fn problem(
    desk: &Desk,
    tx: Tx,
    session: &Session,
    code: &CaseCode,
    notice: Option<Notice>,
) -> Response {
    list(desk, tx, session, code, notice, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The answer for a case or participant that is not the staff member's to change.
async fn refused(desk: &Desk, tx: Tx, session: &Session) -> Response {
    // The session's touch is kept; nothing else changed.
    if let Err(error) = tx.commit().await {
        return failure(desk, error.into());
    }
    tracing::info!(staff_id = %session.staff.id, "desk participant form refused or unknown");
    not_found_for(desk, Some(session))
}

#[derive(Deserialize)]
pub(super) struct InviteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    name: String,
}

super::signin::has_csrf!(InviteForm);

fn given(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.trim().is_empty())
}

/// `POST /sag/<kode>/deltagere/inviter`: the invitation, shown with its link and QR code.
pub(super) async fn invite(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedInForm {
        mut tx,
        session,
        form,
    }: SignedInForm<InviteForm>,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let Some(role) = Role::parse_key(&form.role) else {
        return problem(&desk, tx, &session, &code, None).await;
    };
    let now = desk.ctx.clock.now();
    let staff = &session.staff;
    let relation = given(&form.relation);
    let name = given(&form.name);
    let made = use_case::invite(&mut tx, &desk.ctx, now, staff, &code, role, relation, name).await;
    match made {
        Ok(Some(made)) => match made.invited {
            Invited::Created(invitation) => match tx.commit().await {
                Ok(()) => {
                    view::participants::invitation(&desk.ctx, &session, &made.case, made.role, &invitation)
                        .into_response()
                }
                Err(error) => failure(&desk, error.into()),
            },
            Invited::Unusable(_) => {
                let notice = Some(Notice::TextUnusable);
                problem(&desk, tx, &session, &code, notice).await
            }
        },
        Ok(None) => refused(&desk, tx, &session).await,
        Err(error) => failure(&desk, error),
    }
}

/// `GET /sag/<kode>/deltagere/<id>/fjern`: what removing (or revoking) does, and its button.
pub(super) async fn confirm_removal(
    State(desk): State<Desk>,
    Path((code, id)): Path<(String, i64)>,
    SignedIn { mut tx, session }: SignedIn,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::own_participant(&mut tx, now, &session.staff, &code, ParticipantId(id)).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some((case, p))) => {
            view::participants::confirm_removal(&desk.ctx, &session, &case, &p).into_response()
        }
        Ok(None) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct RemoveForm {
    #[serde(default)]
    csrf: String,
}

super::signin::has_csrf!(RemoveForm);

/// `POST /sag/<kode>/deltagere/<id>/fjern`: removes the participant or revokes the invitation.
pub(super) async fn remove(
    State(desk): State<Desk>,
    Path((code, id)): Path<(String, i64)>,
    SignedInForm { mut tx, session, .. }: SignedInForm<RemoveForm>,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let removal = use_case::remove(&mut tx, &desk.ctx, now, &session.staff, &code, ParticipantId(id)).await;
    match removal {
        Ok(Removal::Removed(removed)) => match tx.commit().await {
            Ok(()) => {
                let besked = if removed.was_invited {
                    "tilbagekaldt"
                } else {
                    "fjernet"
                };
                Redirect::to(&format!("/sag/{code}/deltagere?besked={besked}")).into_response()
            }
            Err(error) => failure(&desk, error.into()),
        },
        Ok(Removal::AlreadyRemoved) => {
            let notice = Some(Notice::AlreadyRemoved);
            list(&desk, tx, &session, &code, notice, StatusCode::CONFLICT).await
        }
        Ok(Removal::NotFound) => refused(&desk, tx, &session).await,
        Err(error) => failure(&desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct RhythmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    time: String,
}

super::signin::has_csrf!(RhythmForm);

/// `POST /sag/<kode>/rytme`: a new check-in rhythm for a role, chosen from the form.
pub(super) async fn rhythm(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedInForm {
        mut tx,
        session,
        form,
    }: SignedInForm<RhythmForm>,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let choice = RhythmChoice::parse(&form.frequency, &form.weekday, &form.time);
    let (Some(role), Some(choice)) = (Role::parse_key(&form.role), choice) else {
        let notice = Some(Notice::RhythmInvalid);
        return problem(&desk, tx, &session, &code, notice).await;
    };
    let now = desk.ctx.clock.now();
    match use_case::set_rhythm(&mut tx, &desk.ctx, now, &session.staff, &code, role, choice).await {
        Ok(Some((_, RhythmChange::Set(_)))) => match tx.commit().await {
            Ok(()) => Redirect::to(&format!("/sag/{code}/deltagere?besked=rytme")).into_response(),
            Err(error) => failure(&desk, error.into()),
        },
        Ok(Some((_, RhythmChange::Invalid(_)))) => {
            let notice = Some(Notice::RhythmInvalid);
            problem(&desk, tx, &session, &code, notice).await
        }
        Ok(None) => refused(&desk, tx, &session).await,
        Err(error) => failure(&desk, error),
    }
}
