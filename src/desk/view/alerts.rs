//! *Alarmer*: each open alert with its case, its numbers and the assessment form.

use maud::{Markup, html};

use crate::domain::alert::Decision;
use crate::domain::alert_rules::Urgency;
use crate::i18n::Args;
use crate::service::Context;
use crate::service::desk::{AlertItem, Session};
use crate::service::format::when_text;

/// The four choices, in the chat's order.
const DECISIONS: [Decision; 4] = [
    Decision::Contact,
    Decision::AdjustSupport,
    Decision::CallMeeting,
    Decision::NoAction,
];

/// What the page says above the list after a form was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Saved,
    ReasonNeeded,
    AlreadyAssessed,
    ChooseDecision,
}

impl Notice {
    fn key(self) -> &'static str {
        match self {
            Notice::Saved => "desk-assessment-saved",
            Notice::ReasonNeeded => "desk-assessment-reason-needed",
            Notice::AlreadyAssessed => "desk-assessment-already",
            Notice::ChooseDecision => "desk-assessment-choose",
        }
    }
}

pub fn page(ctx: &Context, session: &Session, items: &[AlertItem], notice: Option<Notice>) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let content = html! {
        @if let Some(notice) = notice {
            @if notice == Notice::Saved {
                p.notice role="status" { (t(notice.key())) }
            } @else {
                p.problem role="alert" { (t(notice.key())) }
            }
        }
        @if items.is_empty() {
            p { (t("desk-alerts-page-none")) }
        }
        @for item in items {
            (alert(ctx, session, item))
        }
    };
    super::layout(&ctx.texts, lang, &t("desk-alerts-title"), Some(session), content)
}

fn alert(ctx: &Context, session: &Session, item: &AlertItem) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let id = item.alert.id.0;
    let heading = format!("alarm-{id}");
    let reason = format!("begrundelse-{id}");
    html! {
        section.alert aria-labelledby=(heading) {
            h2 id=(heading) {
                @if item.alert.urgency == Urgency::Urgent {
                    span.urgent { (t("desk-urgent")) } " "
                }
                (t(&format!("rule-{}", item.alert.rule.key())))
                " · "
                a href={ "/sag/" (item.case.code) } { (item.case.nickname) " (" (item.case.code) ")" }
            }
            p.muted { (ctx.texts.ta(lang, "desk-alert-raised", Args::new().with("when", when_text(ctx, lang, item.alert.raised_at)))) }
            p.text { (item.text) }
            form method="post" action={ "/alarmer/" (id) } {
                input type="hidden" name="csrf" value=(session.csrf());
                fieldset {
                    legend { (t("desk-assessment-legend")) }
                    @for decision in DECISIONS {
                        @let field = format!("vurdering-{id}-{}", decision.key());
                        div.choice {
                            input type="radio" name="decision" id=(field) value=(decision.key()) required;
                            label for=(field) { (t(&format!("decision-{}", decision.key()))) }
                        }
                    }
                }
                label for=(reason) { (t("desk-assessment-reason")) }
                textarea id=(reason) name="reason" rows="3" maxlength=(crate::service::alerts::REASON_MAX) {}
                button type="submit" { (t("desk-assessment-save")) }
            }
        }
    }
}
