//! *Opkald*: each open call task with who, which case, by when (overdue ones marked), the
//! question guide after a meeting, the note field and Ringet · Ikke truffet · Udskyd.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::notice;
use crate::domain::followup::{CALL_QUESTIONS, CallOutcome, CallReason};
use crate::domain::ids::CallTaskId;
use crate::i18n::Args;
use crate::service::Context;
use crate::service::calls::NOTE_MAX;
use crate::service::desk::Session;
use crate::service::desk_work::CallItem;
use crate::service::format::{date_text, participant_label};

/// What the page says above the list, and a note kept after a form that could not be stored.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub done: Option<String>,
    pub problem: Option<String>,
    pub kept: Option<(CallTaskId, String)>,
}

pub fn page(
    ctx: &Context,
    now: DateTime<Utc>,
    session: &Session,
    items: &[CallItem],
    shown: &Shown,
) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let content = html! {
        (notice(shown.done.as_deref(), shown.problem.as_deref()))
        @if items.is_empty() {
            p { (t("desk-calls-none")) }
        } @else {
            p.muted { (ctx.texts.ta(lang, "desk-calls-count", Args::new().with("count", items.len()))) }
        }
        @for item in items {
            (task(ctx, now, session, item, shown))
        }
    };
    super::layout(&ctx.texts, lang, &t("desk-calls-title"), Some(session), content)
}

fn task(ctx: &Context, now: DateTime<Utc>, session: &Session, item: &CallItem, shown: &Shown) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let id = item.record.id.0;
    let heading = format!("opkald-{id}");
    let note_field = format!("notat-{id}");
    let date_field = format!("udskyd-{id}");
    let task = &item.record.task;
    let overdue = task.due < ctx.today(now);
    let code = item.case.code.to_string();
    let kept = shown
        .kept
        .as_ref()
        .filter(|(task, _)| *task == item.record.id)
        .map(|(_, note)| note.as_str());
    let reason = match task.reason {
        CallReason::AfterMeeting => "desk-call-after-meeting",
        CallReason::ContactRequest => "desk-call-contact-request",
    };
    html! {
        section.item aria-labelledby=(heading) {
            h2 id=(heading) {
                @if overdue {
                    span.urgent { (t("desk-call-overdue")) } " "
                }
                (participant_label(ctx, lang, &item.participant))
                " · "
                a href={ "/sag/" (code) } { (item.case.nickname) " · " (code) }
            }
            p {
                (t(reason)) " "
                (ctx.texts.ta(lang, "desk-call-due", Args::new().with("due", date_text(ctx, lang, task.due))))
            }
            @if task.reason == CallReason::AfterMeeting {
                p.muted { (t("call-guide-heading")) }
                ul {
                    @for key in CALL_QUESTIONS {
                        li { (t(key)) }
                    }
                }
            }
            form method="post" action={ "/opkald/" (id) } {
                input type="hidden" name="csrf" value=(session.csrf());
                label for=(note_field) { (t("desk-call-note")) }
                textarea id=(note_field) name="note" rows="3" maxlength=(NOTE_MAX) { (kept.unwrap_or_default()) }
                div.actions {
                    button type="submit" name="outcome" value=(CallOutcome::Called.key()) { (t("call-outcome-called")) }
                    button.secondary type="submit" name="outcome" value=(CallOutcome::NotReached.key()) { (t("call-outcome-not_reached")) }
                }
                fieldset {
                    legend { (t("desk-call-postpone-legend")) }
                    label for=(date_field) { (t("desk-call-postpone-date")) }
                    input type="date" id=(date_field) name="date";
                    button.secondary type="submit" name="outcome" value=(CallOutcome::Postpone.key()) { (t("call-outcome-postpone")) }
                }
            }
        }
    }
}
