//! *Journal* (`/sag/<kode>/journal`): the case's journal for the municipality's case system, the
//! same document `/journal` sends. Exporting has an effect (an audited read; a closed case
//! becomes exported and its retention period starts), so the page only offers a button, and
//! the document comes from its `POST` (with the CSRF token) — never from a prefetched link.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::pages::{not_found_for, path_code};
use super::signin::{CsrfForm, SignedIn, failure, signed_in_form};
use super::{Desk, view};
use crate::service::desk as use_case;

/// `GET /sag/<kode>/journal`: the button.
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
        let found = use_case::readable_case(&mut tx, &desk.ctx, now, &session.staff, &code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some(case)) => view::case::journal_page(&desk.ctx, &session, &case).into_response(),
        Ok(None) => {
            let page = view::not_found(&desk.ctx.texts, desk.ctx.default_lang, Some(&session));
            (StatusCode::NOT_FOUND, page).into_response()
        }
        Err(error) => failure(&desk, error),
    }
}

/// `POST /sag/<kode>/journal`: the printable document.
pub(super) async fn document(
    State(desk): State<Desk>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let (mut tx, session) = match signed_in_form(&desk, &headers, &form.csrf).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let Some(code) = path_code(&code) else {
        return not_found_for(&desk, Some(&session));
    };
    let now = desk.ctx.clock.now();
    let found = async {
        let found = use_case::journal_document(&mut tx, &desk.ctx, now, &session.staff, &code).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(found)
    };
    match found.await {
        Ok(Some((html, file_name))) => {
            let policy = super::guard::document_policy(&html);
            let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
            let headers = response.headers_mut();
            if let Ok(policy) = HeaderValue::from_str(&policy) {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            // Shown to print; saved under the case system's file name.
            let name: String = file_name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(None) => {
            let page = view::not_found(&desk.ctx.texts, desk.ctx.default_lang, Some(&session));
            (StatusCode::NOT_FOUND, page).into_response()
        }
        Err(error) => failure(&desk, error),
    }
}
