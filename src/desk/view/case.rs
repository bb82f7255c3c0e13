//! *Sag*: the goals in the young person's own words and the network's wording, each
//! respondent's latest answers, the participants with their state, and the open alerts.

use maud::{Markup, html};

use crate::domain::alert_rules::Urgency;
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk::{AlertView, CaseView, GoalView, Session};
use crate::service::format::{kind_name, participant_label, when_text};

pub fn page(ctx: &Context, session: &Session, view: &CaseView) -> Markup {
    let code = view.case.code.to_string();
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let case = &view.case;
    let title = ctx.texts.ta(
        lang,
        "desk-case-title",
        Args::new()
            .with("nickname", case.nickname.clone())
            .with("code", case.code.to_string()),
    );
    let content = html! {
        section aria-labelledby="alarmer" {
            h2 id="alarmer" { (t("desk-case-alerts")) }
            @if view.alerts.is_empty() {
                p.muted { (t("desk-case-no-alerts")) }
            } @else {
                ul.alerts {
                    @for alert in &view.alerts {
                        (alert_item(ctx, lang, alert))
                    }
                }
            }
        }
        section aria-labelledby="moeder" {
            h2 id="moeder" { (t("desk-case-meetings")) }
            @match &view.next_meeting {
                Some(meeting) => {
                    p {
                        (ctx.texts.ta(lang, "desk-case-next-meeting", Args::new()
                            .with("kind", kind_name(ctx, lang, meeting.kind))
                            .with("when", when_text(ctx, lang, meeting.at))))
                    }
                    @if view.own {
                        p { a href={ "/sag/" (code) "/udkast" } { (t("desk-case-draft-link")) } }
                    }
                }
                None => p.muted { (t("desk-no-meeting")) },
            }
            @if view.own {
                p { a href={ "/moeder/ny?sag=" (code) } { (t("desk-meetings-plan-heading")) } }
            }
        }
        p { a href={ "/sag/" (code) "/journal" } { (t("desk-case-journal-link")) } }
        section aria-labelledby="maal" {
            h2 id="maal" { (t("desk-case-goals")) }
            @if view.goals.is_empty() {
                p.muted { (t("desk-case-no-goals")) }
            }
            @for goal in &view.goals {
                (goal_article(ctx, lang, &code, goal))
            }
        }
        section aria-labelledby="deltagere" {
            h2 id="deltagere" { (t("desk-case-participants")) }
            @if view.participants.is_empty() {
                p.muted { (t("desk-case-no-participants")) }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { (t("desk-col-who")) }
                            th scope="col" { (t("desk-col-state")) }
                        }
                    }
                    tbody {
                        @for p in &view.participants {
                            tr {
                                th scope="row" { (participant_label(ctx, lang, p)) }
                                td { (t(&format!("status-{}", p.status.key()))) }
                            }
                        }
                    }
                }
            }
        }
        (super::activity::sections(ctx, lang, case, &view.activity))
    };
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}

fn alert_item(ctx: &Context, lang: Lang, view: &AlertView) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    let alert = &view.alert;
    html! {
        li {
            p {
                @if alert.urgency == Urgency::Urgent {
                    span.urgent { (t("desk-urgent")) } " "
                }
                strong { (t(&format!("rule-{}", alert.rule.key()))) }
                " · "
                span.muted { (ctx.texts.ta(lang, "desk-alert-raised", Args::new().with("when", when_text(ctx, lang, alert.raised_at)))) }
            }
            p.text { (view.text) }
        }
    }
}

fn goal_article(ctx: &Context, lang: Lang, code: &str, view: &GoalView) -> Markup {
    let t = |key: &str| ctx.texts.t(lang, key);
    let goal = &view.goal;
    html! {
        article.goal {
            h3 { (goal.position) ". " (t(&format!("area-{}", goal.area.key()))) }
            dl {
                dt { (t("desk-goal-own-words")) }
                dd { (goal.youth_text) }
                dt { (t("desk-goal-network-wording")) }
                dd {
                    @match &goal.witness_text {
                        Some(text) => (text),
                        None => span.muted { (t("desk-goal-no-network-wording")) },
                    }
                }
            }
            figure.chart {
                img src={ "/sag/" (code) "/graf/" (goal.position) } alt=(view.chart_sentence);
                figcaption { (view.chart_sentence) }
            }
            @if view.answers.is_empty() {
                p.muted { (t("desk-goal-no-answers")) }
            } @else {
                table {
                    caption { (t("desk-goal-answers-caption")) }
                    thead {
                        tr {
                            th scope="col" { (t("desk-col-who")) }
                            th scope="col" { (t("desk-col-answers")) }
                            th scope="col" { (t("desk-col-latest")) }
                        }
                    }
                    tbody {
                        @for respondent in &view.answers {
                            tr {
                                th scope="row" { (participant_label(ctx, lang, &respondent.participant)) }
                                td { (respondent.answers.iter().map(|(_, v)| v.to_string()).collect::<Vec<_>>().join(" → ")) }
                                td {
                                    @if let Some((at, _)) = respondent.answers.last() {
                                        (when_text(ctx, lang, *at))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The print view asked for a case without a planned meeting.
pub fn no_meeting(ctx: &Context, session: &Session, case: &crate::store::CaseRecord) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let content = html! {
        p { (t("desk-draft-no-meeting")) }
        p { a href={ "/moeder/ny?sag=" (case.code) } { (t("desk-meetings-plan-heading")) } }
        p { a href={ "/sag/" (case.code) } { (case.nickname) " · " (case.code) } }
    };
    super::layout(&ctx.texts, lang, &t("desk-draft-title"), Some(session), content)
}

/// *Journal*: what the export is, and the button that makes it.
pub fn journal_page(ctx: &Context, session: &Session, case: &crate::store::CaseRecord) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let title = ctx.texts.ta(
        lang,
        "desk-journal-title",
        Args::new()
            .with("nickname", case.nickname.clone())
            .with("code", case.code.to_string()),
    );
    let content = html! {
        p { (t("desk-journal-text")) }
        form method="post" action={ "/sag/" (case.code) "/journal" } {
            input type="hidden" name="csrf" value=(session.csrf());
            button type="submit" { (t("desk-journal-button")) }
        }
        p { a href={ "/sag/" (case.code) } { (t("desk-journal-back")) } }
    };
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}
