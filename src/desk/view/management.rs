//! *Ledelse*: the team's management report in five lines with its charts (PNG routes, the
//! chart titles as text alternatives), a link to the whole printable report, and the form
//! that hands a case of the team to a colleague.

use maud::{Markup, html};

use super::notice;
use crate::domain::staff::StaffRole;
use crate::i18n::Args;
use crate::service::Context;
use crate::service::desk::Session;
use crate::service::desk_work::LeaderView;

/// What the page says above the report after the handover form.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub done: Option<String>,
    pub problem: Option<String>,
}

pub fn page(ctx: &Context, session: &Session, view: &LeaderView, shown: &Shown) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let labels = |key: &str| ctx.texts.t(lang, key);
    let summary = crate::render::report::summary_text(&view.report, &labels);
    let titles = crate::render::report::chart_titles(&view.report);
    let content = html! {
        (notice(shown.done.as_deref(), shown.problem.as_deref()))
        section aria-labelledby="rapport" {
            h2 id="rapport" { (t("desk-management-report")) }
            p.muted { (t("mgmt-privacy-note")) }
            // The chat's five lines without their first (the title, already the heading) and
            // last (a pointer to the file the chat sends; here the link below).
            ul.summary {
                @for line in summary_lines(&summary) {
                    li { (line) }
                }
            }
            div.charts {
                @for (n, title) in titles.iter().enumerate() {
                    figure.chart {
                        img src={ "/ledelse/graf/" (n) } alt=(t(title));
                        figcaption { (t(title)) }
                    }
                }
            }
            p { a href="/ledelse/rapport" { (t("desk-management-document-link")) } }
        }
        section aria-labelledby="overdrag" {
            h2 id="overdrag" { (t("desk-handover-heading")) }
            @if view.cases.is_empty() || view.colleagues.is_empty() {
                p.muted { (t("desk-handover-nothing")) }
            } @else {
                p { (t("desk-handover-text")) }
                form method="post" action="/ledelse/overdrag" {
                    input type="hidden" name="csrf" value=(session.csrf());
                    div.field {
                        label for="overdrag_sag" { (t("desk-handover-case")) }
                        select id="overdrag_sag" name="sag" {
                            @for item in &view.cases {
                                option value=(item.case.code) {
                                    (item.case.nickname) " · " (item.case.code)
                                    @if let Some(caseworker) = &item.caseworker {
                                        " · " (ctx.texts.ta(lang, "desk-handover-caseworker", Args::new().with("name", caseworker.name.clone())))
                                    }
                                }
                            }
                        }
                    }
                    div.field {
                        label for="overdrag_til" { (t("desk-handover-to")) }
                        select id="overdrag_til" name="til" {
                            @for colleague in &view.colleagues {
                                option value=(colleague.id.0) {
                                    @if colleague.role == StaffRole::TeamLeader {
                                        (ctx.texts.ta(lang, "handover-colleague-leader", Args::new().with("name", colleague.name.clone())))
                                    } @else {
                                        (colleague.name)
                                    }
                                }
                            }
                        }
                    }
                    button type="submit" { (t("desk-handover-button")) }
                }
            }
        }
    };
    super::layout(
        &ctx.texts,
        lang,
        &t("desk-management-title"),
        Some(session),
        content,
    )
}

/// The figures of the chat's summary: its lines between the title and the pointer to the file.
fn summary_lines(summary: &str) -> Vec<&str> {
    let lines: Vec<&str> = summary.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.len() {
        0..=2 => lines,
        n => lines[1..n - 1].to_vec(),
    }
}
