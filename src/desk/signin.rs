//! Signing in and out. `GET /login/<token>` only shows a "Log ind" button (Telegram and mail
//! clients fetch links for previews, which must not spend them); the button's `POST /login`
//! uses the link and starts a session whose cookie is `HttpOnly`, `SameSite=Strict`, `Path=/`
//! and `Secure` when the desk's public address is https. Every later request finds its session
//! through [`signed_in`].

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Desk, view};
use crate::service::desk::{self as use_case, Session};
use crate::store::Tx;

/// The session cookie's name.
const COOKIE: &str = "tk_desk";

/// A request's transaction with its live session, or the page to answer instead.
pub(super) async fn signed_in(desk: &Desk, headers: &HeaderMap) -> Result<(Tx, Session), Response> {
    let now = desk.ctx.clock.now();
    let Some(cookie) = cookie_value(headers) else {
        return Err(not_signed_in(desk));
    };
    let mut tx = desk.store.begin().await.map_err(|e| failure(desk, e.into()))?;
    match use_case::session(&mut tx, now, &cookie).await {
        Ok(Some(session)) => Ok((tx, session)),
        Ok(None) => {
            // An ended session's end is recorded.
            tx.commit().await.map_err(|e| failure(desk, e.into()))?;
            Err(not_signed_in(desk))
        }
        Err(error) => Err(failure(desk, error)),
    }
}

/// A request of a live session, with its transaction: the extractor answers the "signed out"
/// page itself, so a handler that takes one cannot forget the check.
pub(super) struct SignedIn {
    pub tx: Tx,
    pub session: Session,
}

impl FromRequestParts<Desk> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, desk: &Desk) -> Result<Self, Response> {
        let (tx, session) = signed_in(desk, &parts.headers).await?;
        Ok(SignedIn { tx, session })
    }
}

/// A form that carries the session's CSRF token.
pub(super) trait HasCsrf {
    fn csrf(&self) -> &str;
}

/// `impl HasCsrf` for forms with a `csrf` field, written in the form's own module (the field
/// is private there).
macro_rules! has_csrf {
    ($($form:ty),+) => {
        $(impl super::signin::HasCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}
pub(super) use has_csrf;

/// A posted form of a live session whose CSRF token matches ([`signed_in_form`]).
pub(super) struct SignedInForm<T> {
    pub tx: Tx,
    pub session: Session,
    pub form: T,
}

impl<T> FromRequest<Desk> for SignedInForm<T>
where
    T: DeserializeOwned + HasCsrf + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, desk: &Desk) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let Form(form) = Form::<T>::from_request(request, desk)
            .await
            .map_err(IntoResponse::into_response)?;
        let (tx, session) = signed_in_form(desk, &headers, form.csrf()).await?;
        Ok(SignedInForm { tx, session, form })
    }
}

/// The page for a request without a live session: sign in again through the bot.
fn not_signed_in(desk: &Desk) -> Response {
    let lang = desk.ctx.default_lang;
    let page = view::message_page(
        &desk.ctx.texts,
        lang,
        "desk-signed-out-title",
        "desk-signed-out-text",
    );
    let mut response = (StatusCode::UNAUTHORIZED, page).into_response();
    clear_cookie(desk, &mut response);
    response
}

/// A failure inside: logged with its kind, the person sees a short page.
pub(super) fn failure(desk: &Desk, error: crate::service::Error) -> Response {
    tracing::error!(%error, "desk request failed");
    let page = view::message_page(
        &desk.ctx.texts,
        desk.ctx.default_lang,
        "desk-error-title",
        "desk-error-text",
    );
    (StatusCode::INTERNAL_SERVER_ERROR, page).into_response()
}

/// The session cookie's value, if the request has one.
fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_string())
}

fn cookie_attributes(desk: &Desk) -> &'static str {
    if desk.secure {
        "Path=/; HttpOnly; SameSite=Strict; Secure"
    } else {
        "Path=/; HttpOnly; SameSite=Strict"
    }
}

fn set_cookie(desk: &Desk, response: &mut Response, value: &str) {
    let cookie = format!("{COOKIE}={value}; {}", cookie_attributes(desk));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn clear_cookie(desk: &Desk, response: &mut Response) {
    let cookie = format!("{COOKIE}=; Max-Age=0; {}", cookie_attributes(desk));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The page for a used, expired or unknown link.
fn link_gone(desk: &Desk) -> Response {
    let page = view::message_page(
        &desk.ctx.texts,
        desk.ctx.default_lang,
        "desk-link-gone-title",
        "desk-link-gone-text",
    );
    (StatusCode::GONE, page).into_response()
}

/// `GET /login/<token>`: a page with a "Log ind" button; nothing is used yet.
pub(super) async fn login_page(State(desk): State<Desk>, Path(token): Path<String>) -> Response {
    let now = desk.ctx.clock.now();
    let usable = async {
        let mut tx = desk.store.read().await?;
        let usable = use_case::link_usable(&mut tx, now, &token).await?;
        tx.commit().await?;
        Ok::<bool, crate::service::Error>(usable)
    };
    match usable.await {
        Ok(true) => view::login_page(&desk.ctx.texts, desk.ctx.default_lang, &token).into_response(),
        Ok(false) => link_gone(&desk),
        Err(error) => failure(&desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    token: String,
}

/// `POST /login`: uses the link, starts a session, and goes to *Mine sager*.
pub(super) async fn login(
    State(desk): State<Desk>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Form(form): Form<LoginForm>,
) -> Response {
    if !desk.limiter.allow(client.ip()) {
        tracing::warn!("desk sign-in attempts over the limit for one address");
        let page = view::message_page(
            &desk.ctx.texts,
            desk.ctx.default_lang,
            "desk-slow-down-title",
            "desk-slow-down-text",
        );
        let mut response = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return response;
    }
    let now = desk.ctx.clock.now();
    let opened = async {
        let mut tx = desk.store.begin().await?;
        let opened = use_case::open_session(&mut tx, now, &form.token).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(opened)
    };
    match opened.await {
        Ok(Some(session)) => {
            let mut response = Redirect::to("/").into_response();
            set_cookie(&desk, &mut response, session.cookie.as_str());
            response
        }
        Ok(None) => link_gone(&desk),
        Err(error) => failure(&desk, error),
    }
}

#[derive(Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}

has_csrf!(CsrfForm);

/// The page for a form without the session's CSRF token (or with another's).
pub(super) fn csrf_refused(desk: &Desk, session: &Session) -> Response {
    tracing::warn!(staff_id = %session.staff.id, "desk form without its CSRF token refused");
    let page = view::message_page(
        &desk.ctx.texts,
        session.staff.lang,
        "desk-csrf-title",
        "desk-csrf-text",
    );
    (StatusCode::FORBIDDEN, page).into_response()
}

/// [`signed_in`] for a form: also refuses it unless it carries the session's CSRF token.
pub(super) async fn signed_in_form(
    desk: &Desk,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<(Tx, Session), Response> {
    let (tx, session) = signed_in(desk, headers).await?;
    if !session.csrf_ok(csrf) {
        return Err(csrf_refused(desk, &session));
    }
    Ok((tx, session))
}

/// `POST /logout` ("Log ud"): ends the session and forgets the cookie.
pub(super) async fn logout(
    State(desk): State<Desk>,
    SignedInForm { mut tx, session, .. }: SignedInForm<CsrfForm>,
) -> Response {
    let now = desk.ctx.clock.now();
    let ended = async {
        use_case::log_out(&mut tx, now, &session).await?;
        tx.commit().await?;
        Ok::<_, crate::service::Error>(())
    };
    if let Err(error) = ended.await {
        return failure(&desk, error);
    }
    let page = view::message_page(
        &desk.ctx.texts,
        session.staff.lang,
        "desk-logged-out-title",
        "desk-logged-out-text",
    );
    let mut response = page.into_response();
    clear_cookie(&desk, &mut response);
    response
}
