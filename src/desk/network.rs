//! *Netværk* (`/sag/<kode>/netvaerk`): the picture of the child's network with its list, for
//! anyone who may read the case (an audited read), the one 404 page for anyone else.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::pages::{not_found_for, path_code};
use super::signin::{SignedIn, failure};
use super::{Desk, view};
use crate::service::desk_case as use_case;

/// `GET /sag/<kode>/netvaerk`.
pub(super) async fn page(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    SignedIn { mut tx, session }: SignedIn,
) -> Response {
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::network_view(&mut tx, &desk.ctx, now, &session.staff, &code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(view)) => view::network::page(&desk.ctx, &session, &view).into_response(),
        Ok(None) => not_found_for(&desk, Some(&session)),
        Err(error) => failure(&desk, error),
    }
}
