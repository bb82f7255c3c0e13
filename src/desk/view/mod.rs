//! The desk's HTML, written with `maud`: every `(value)` is escaped, so a text a participant
//! wrote in the chat can never become markup. No inline script or style: the look is in the
//! one stylesheet (`assets/desk.css`), and every page works without JavaScript.

pub mod activity;
pub mod alerts;
pub mod calls;
pub mod case;
pub mod cases;
pub mod management;
pub mod meetings;
pub mod network;
pub mod participants;
pub mod spark;

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Lang, Texts};
use crate::service::desk::Session;

/// A whole page: the header with the navigation and "Log ud" (when signed in) and the content.
pub fn layout(texts: &Texts, lang: Lang, title: &str, session: Option<&Session>, content: Markup) -> Markup {
    let t = |key: &str| texts.t(lang, key);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="UTF-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t("desk-name")) }
                link rel="stylesheet" href=(super::guard::STYLESHEET_PATH);
            }
            body {
                a.skip href="#indhold" { (t("desk-skip-to-content")) }
                header.top {
                    span.brand { (t("desk-name")) }
                    @if let Some(session) = session {
                        nav aria-label=(t("desk-nav-label")) {
                            a href="/" { (t("desk-nav-cases")) }
                            a href="/alarmer" { (t("desk-nav-alerts")) }
                            a href="/moeder" { (t("desk-nav-meetings")) }
                            a href="/opkald" { (t("desk-nav-calls")) }
                            @if crate::service::report::leader_team(&session.staff).is_some() {
                                a href="/ledelse" { (t("desk-nav-management")) }
                            }
                        }
                        form.logout method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(session.csrf());
                            span.who { (session.staff.name) }
                            button type="submit" { (t("desk-log-out")) }
                        }
                    }
                }
                main id="indhold" {
                    h1 { (title) }
                    (content)
                }
            }
        }
    }
}

/// A page with a heading and a short text (signed out, link used, an error …).
pub fn message_page(texts: &Texts, lang: Lang, title_key: &str, text_key: &str) -> Markup {
    let content = html! { p { (texts.t(lang, text_key)) } };
    layout(texts, lang, &texts.t(lang, title_key), None, content)
}

/// The page behind a sign-in link: one button that uses it (`POST`), so a link preview that
/// fetches the page spends nothing.
pub fn login_page(texts: &Texts, lang: Lang, token: &str) -> Markup {
    let t = |key: &str| texts.t(lang, key);
    let content = html! {
        p { (t("desk-login-text")) }
        form method="post" action="/login" {
            input type="hidden" name="token" value=(token);
            button type="submit" { (t("desk-login-button")) }
        }
    };
    layout(texts, lang, &t("desk-login-title"), None, content)
}

/// The one "not found" page; it says nothing about what was asked for.
pub fn not_found(texts: &Texts, default_lang: Lang, session: Option<&Session>) -> Markup {
    let lang = session.map_or(default_lang, |s| s.staff.lang);
    let t = |key: &str| texts.t(lang, key);
    let content = html! {
        p { (t("desk-not-found-text")) }
        @if session.is_some() {
            p { a href="/" { (t("desk-nav-cases")) } }
        }
    };
    layout(texts, lang, &t("desk-not-found-title"), session, content)
}

/// What a page says above its content after a form: what was done (a status) or what could
/// not be done (an alert).
pub fn notice(done: Option<&str>, problem: Option<&str>) -> Markup {
    html! {
        @if let Some(text) = done {
            p.notice role="status" { (text) }
        }
        @if let Some(text) = problem {
            p.problem role="alert" { (text) }
        }
    }
}
