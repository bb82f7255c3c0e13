//! The lower half of *Sag*: texts and reports from participants (newest first, for the
//! caseworker or the one covering), the case's meetings and call tasks (read-only here), and
//! the audit of the case for the team leader.

use maud::{Markup, html};

use crate::domain::desk_case::AuditKind;
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk_case::{AuditActor, CaseActivity, MessageLine};
use crate::service::format::{date_text, kind_name, participant_label, when_text};
use crate::store::CaseRecord;

pub fn sections(ctx: &Context, lang: Lang, case: &CaseRecord, activity: &CaseActivity) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    html! {
        p {
            a href={ "/sag/" (case.code) "/deltagere" } { (t("desk-participants-link")) }
            " · "
            a href={ "/sag/" (case.code) "/netvaerk" } { (t("desk-network-link")) }
        }
        section aria-labelledby="beskeder" {
            h2 id="beskeder" { (t("desk-messages-heading")) }
            @match &activity.messages {
                None => p.muted { (t("desk-messages-not-yours")) },
                Some(lines) => {
                    @if lines.is_empty() {
                        p.muted { (t("desk-messages-none")) }
                    } @else {
                        p.muted { (t("desk-messages-confidential")) }
                        ul.alerts {
                            @for line in lines { (message(ctx, lang, line)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="moedeliste" {
            h2 id="moedeliste" { (t("desk-meetings-heading")) }
            @if activity.meetings.is_empty() {
                p.muted { (t("desk-case-meetings-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t("desk-col-when")) }
                        th scope="col" { (t("desk-col-meeting")) }
                        th scope="col" { (t("desk-col-state")) }
                    } }
                    tbody {
                        @for m in &activity.meetings {
                            tr {
                                td { (when_text(ctx, lang, m.at)) }
                                td { (kind_name(ctx, lang, m.kind)) }
                                td { (t(&format!("journal-meeting-status-{}", m.status.key()))) }
                            }
                        }
                    }
                }
            }
            p { a href="/moeder" { (t("desk-meetings-link")) } }
        }
        section aria-labelledby="opkaldsopgaver" {
            h2 id="opkaldsopgaver" { (t("desk-calls-heading")) }
            @if activity.calls.is_empty() {
                p.muted { (t("desk-case-calls-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t("desk-col-who")) }
                        th scope="col" { (t("desk-col-why")) }
                        th scope="col" { (t("desk-col-due")) }
                        th scope="col" { (t("desk-col-state")) }
                    } }
                    tbody {
                        @for (task, p) in &activity.calls {
                            tr {
                                th scope="row" {
                                    @if let Some(p) = p { (participant_label(ctx, lang, p)) }
                                }
                                td { (t(&format!("call-reason-{}", task.task.reason.key()))) }
                                td { (date_text(ctx, lang, task.task.due)) }
                                td { (t(&format!("journal-call-status-{}", task.task.status.key()))) }
                            }
                        }
                    }
                }
            }
            p { a href="/opkald" { (t("desk-calls-link")) } }
        }
        @if let Some(audit) = &activity.audit {
            section aria-labelledby="revision" {
                h2 id="revision" { (t("desk-audit-heading")) }
                p.muted { (t("desk-audit-text")) }
                table {
                    thead { tr {
                        th scope="col" { (t("desk-col-when")) }
                        th scope="col" { (t("desk-col-who")) }
                        th scope="col" { (t("desk-col-what")) }
                    } }
                    tbody {
                        @for line in audit {
                            tr {
                                td { (when_text(ctx, lang, line.at)) }
                                td {
                                    @match &line.actor {
                                        AuditActor::Staff(name) => (name),
                                        AuditActor::Participant(p) => (participant_label(ctx, lang, p)),
                                        AuditActor::Operator => (t("desk-audit-operator")),
                                        AuditActor::System => (t("desk-audit-system")),
                                    }
                                }
                                td { (t(&format!("desk-audit-kind-{}", AuditKind::of(&line.action).key()))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn message(ctx: &Context, lang: Lang, line: &MessageLine) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    let m = &line.message;
    let kind = match (m.kind.as_deref(), m.direction) {
        (_, Some(direction)) => ctx.texts.ta(
            lang,
            "desk-message-report",
            Args::new().with(
                "direction",
                t(&format!("journal-direction-{}", direction_key(direction))),
            ),
        ),
        (Some("comment"), None) => t("desk-message-comment"),
        _ => t("desk-message-message"),
    };
    html! {
        li {
            p {
                strong {
                    @match &line.from {
                        Some(p) => (participant_label(ctx, lang, p)),
                        None => (t("desk-message-someone")),
                    }
                }
                " · " (kind) " · "
                span.muted { (when_text(ctx, lang, m.at)) }
                @if m.danger {
                    " " span.urgent { (t("desk-message-danger")) }
                }
            }
            @if let Some(text) = &m.text {
                p.text { (text) }
            }
        }
    }
}

fn direction_key(direction: crate::domain::alert_rules::ReportDirection) -> &'static str {
    use crate::domain::alert_rules::ReportDirection;
    match direction {
        ReportDirection::Better => "better",
        ReportDirection::Same => "same",
        ReportDirection::Worse => "worse",
    }
}
