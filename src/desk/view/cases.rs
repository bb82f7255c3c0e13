//! *Mine sager*: one row per case the staff member may read, the neediest first.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk::{CaseSummary, Session};
use crate::service::format::when_text;

pub fn page(ctx: &Context, now: DateTime<Utc>, session: &Session, cases: &[CaseSummary]) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let content = html! {
        @if cases.is_empty() {
            p { (t("desk-cases-none")) }
        } @else {
            table.cases {
                caption { (ctx.texts.ta(lang, "desk-cases-caption", Args::new().with("count", cases.len()))) }
                thead {
                    tr {
                        th scope="col" { (t("desk-col-case")) }
                        th scope="col" { (t("desk-col-code")) }
                        th scope="col" { (t("desk-col-alerts")) }
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
