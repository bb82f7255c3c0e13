//! *Mine sager*: one row per case the staff member may read, the neediest first unless
//! sorted otherwise, with a sparkline per goal.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use crate::domain::desk_case::{CaseFilter, CaseOrder};
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk::{CaseSummary, Session};
use crate::service::format::when_text;

/// How the list was asked for (`?orden=`, `?vis=`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    pub order: CaseOrder,
    pub filter: CaseFilter,
}

/// The small form that sorts and filters the list (a plain GET: works without JavaScript).
fn order_form(ctx: &Context, lang: Lang, shown: Shown) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    html! {
        form.inline.list-form method="get" action="/" {
            label for="orden" { (t("desk-order-label")) }
            select id="orden" name="orden" {
                @for order in CaseOrder::ALL {
                    option value=(order.key()) selected[order == shown.order] { (t(&format!("desk-order-{}", order.key()))) }
                }
            }
            label for="vis" { (t("desk-filter-label")) }
            select id="vis" name="vis" {
                @for filter in CaseFilter::ALL {
                    option value=(filter.key()) selected[filter == shown.filter] { (t(&format!("desk-filter-{}", filter.key()))) }
                }
            }
            button type="submit" { (t("desk-order-button")) }
        }
    }
}

pub fn page(
    ctx: &Context,
    now: DateTime<Utc>,
    session: &Session,
    cases: &[CaseSummary],
    shown: Shown,
) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let caption = if shown.order == CaseOrder::Need {
        ctx.texts
            .ta(lang, "desk-cases-caption", Args::new().with("count", cases.len()))
    } else {
        ctx.texts.ta(
            lang,
            "desk-cases-caption-sorted",
            Args::new()
                .with("count", cases.len())
                .with("order", t(&format!("desk-order-{}", shown.order.key()))),
        )
    };
    let content = html! {
        (order_form(ctx, lang, shown))
        @if cases.is_empty() {
            @if shown.filter == CaseFilter::All {
                p { (t("desk-cases-none")) }
            } @else {
                p { (t("desk-cases-none-shown")) }
            }
        } @else {
            table.cases {
                caption { (caption) }
                thead {
                    tr {
                        th scope="col" { (t("desk-col-case")) }
                        th scope="col" { (t("desk-col-code")) }
                        th scope="col" { (t("desk-col-alerts")) }
                        th scope="col" { (t("desk-col-goals")) }
                        th scope="col" { (t("desk-col-last-answer")) }
                        th scope="col" { (t("desk-col-next-meeting")) }
                    }
                }
                tbody {
                    @for summary in cases {
                        (row(ctx, lang, now, summary))
                    }
                }
            }
        }
    };
    super::layout(&ctx.texts, lang, &t("desk-cases-title"), Some(session), content)
}

fn row(ctx: &Context, lang: Lang, now: DateTime<Utc>, summary: &CaseSummary) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    let case = &summary.case;
    let count = |key: &str, n: usize| ctx.texts.ta(lang, key, Args::new().with("count", n));
    html! {
        tr {
            th scope="row" {
                a href={ "/sag/" (case.code) } { (case.nickname) }
                @if !case.status.is_open() {
                    " " span.muted { (t(&format!("desk-case-status-{}", case.status.key()))) }
                }
            }
            td.code { (case.code) }
            td {
                @if summary.urgent_alerts > 0 {
                    span.urgent { (count("desk-alerts-urgent", summary.urgent_alerts)) }
                    " "
                }
                @if summary.open_alerts > 0 {
                    (count("desk-alerts-open", summary.open_alerts))
                } @else {
                    span.muted { (t("desk-alerts-none")) }
                }
            }
            td {
                @if summary.sparklines.is_empty() {
                    span.muted { (t("desk-case-no-goals")) }
                }
                @for spark in &summary.sparklines {
                    (super::spark::spark(ctx, lang, spark))
                }
            }
            td {
                @match summary.last_answer {
                    Some(at) => (days_ago(ctx, lang, now, at)),
                    None => span.muted { (t("desk-no-answers")) },
                }
            }
            td {
                @match summary.next_meeting {
                    Some(at) => (when_text(ctx, lang, at)),
                    None => span.muted { (t("desk-no-meeting")) },
                }
            }
        }
    }
}

/// "i dag", "i går", "for 12 dage siden", counted in local calendar days.
fn days_ago(ctx: &Context, lang: Lang, now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let days = (ctx.today(now) - ctx.today(at)).num_days().max(0);
    ctx.texts
        .ta(lang, "desk-days-ago", Args::new().with("days", days))
}
