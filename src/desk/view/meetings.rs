//! *Møder*: the caseworker's planned meetings with Flyt · Aflys · Holdt, the case list a new
//! meeting starts from, and the planning form.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::notice;
use crate::domain::ids::ParticipantId;
use crate::domain::meeting::{MeetingKind, PLACE_MAX};
use crate::i18n::Args;
use crate::service::Context;
use crate::service::desk::Session;
use crate::service::desk_work::{MeetingItem, MeetingsView, PlanForm};
use crate::service::format::{kind_name, participant_label, when_text};
use crate::service::meeting_plan::invited_by_default;

/// What the page says above the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Planned,
    Moved,
    Cancelled,
    Held,
    /// Held, and nobody to call (no parent in the case).
    HeldNoCalls,
    /// What could not be done, in words.
    Problem(String),
}

impl Notice {
    /// From the `vist` of the redirect after a form.
    pub fn parse(shown: &str) -> Option<Notice> {
        match shown {
            "planlagt" => Some(Notice::Planned),
            "flyttet" => Some(Notice::Moved),
            "aflyst" => Some(Notice::Cancelled),
            "holdt" => Some(Notice::Held),
            "holdt_uden_opkald" => Some(Notice::HeldNoCalls),
            _ => None,
        }
    }
}

/// What was typed into the planning form, shown again when it could not be used.
#[derive(Debug, Clone, Default)]
pub struct PlanValues {
    pub kind: String,
    pub date: String,
    pub time: String,
    pub place: String,
    /// `None`: the form was not sent yet (the default invitees are ticked).
    pub invited: Option<Vec<ParticipantId>>,
}

pub fn page(
    ctx: &Context,
    now: DateTime<Utc>,
    session: &Session,
    view: &MeetingsView,
    shown: Option<Notice>,
) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let content = html! {
        @match &shown {
            Some(Notice::Problem(text)) => (notice(None, Some(text.as_str()))),
            Some(done) => {
                @let key = match done {
                    Notice::Planned => "desk-meeting-planned",
                    Notice::Moved => "desk-meeting-moved",
                    Notice::Cancelled => "desk-meeting-cancelled",
                    Notice::Held => "desk-meeting-held",
                    _ => "desk-meeting-held-no-calls",
                };
                (notice(Some(t(key).as_str()), None))
            }
            None => {}
        }
        section aria-labelledby="planlaeg" {
            h2 id="planlaeg" { (t("desk-meetings-plan-heading")) }
            @if view.cases.is_empty() {
                p.muted { (t("desk-meetings-no-cases")) }
            } @else {
                form.inline method="get" action="/moeder/ny" {
                    label for="sag" { (t("desk-meetings-case-label")) }
                    select id="sag" name="sag" {
                        @for case in &view.cases {
                            option value=(case.code) { (case.nickname) " · " (case.code) }
                        }
                    }
                    button type="submit" { (t("desk-meetings-next")) }
                }
            }
        }
        section aria-labelledby="planlagte" {
            h2 id="planlagte" { (t("desk-meetings-planned-heading")) }
            @if view.meetings.is_empty() {
                p.muted { (t("desk-meetings-none")) }
            }
            @for item in &view.meetings {
                (meeting(ctx, now, session, item))
            }
        }
    };
    super::layout(
        &ctx.texts,
        lang,
        &t("desk-meetings-title"),
        Some(session),
        content,
    )
}

fn meeting(ctx: &Context, now: DateTime<Utc>, session: &Session, item: &MeetingItem) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let m = &item.meeting;
    let id = m.id.0;
    let heading = format!("moede-{id}");
    let code = item.case.code.to_string();
    let invited: Vec<String> = item
        .invitees
        .iter()
        .map(|p| participant_label(ctx, lang, p))
        .collect();
    html! {
        section.item aria-labelledby=(heading) {
            h3 id=(heading) { (kind_name(ctx, lang, m.kind)) " · " (when_text(ctx, lang, m.at)) }
            dl {
                dt { (t("desk-meeting-case")) }
                dd { a href={ "/sag/" (code) } { (item.case.nickname) " · " (code) } }
                dt { (t("desk-meeting-place")) }
                dd { (m.place.clone().unwrap_or_else(|| t("meeting-place-none"))) }
                dt { (t("desk-meeting-invited")) }
                dd {
                    @if invited.is_empty() { (t("desk-meeting-invited-nobody")) } @else { (invited.join(", ")) }
                }
            }
            p { a href={ "/sag/" (code) "/udkast" } { (t("desk-case-draft-link")) } }
            div.actions {
                @if m.at <= now {
                    form method="post" action={ "/moeder/" (id) "/holdt" } {
                        input type="hidden" name="csrf" value=(session.csrf());
                        button type="submit" { (t("desk-meeting-held-button")) }
                    }
                }
                form method="post" action={ "/moeder/" (id) "/flyt" } {
                    input type="hidden" name="csrf" value=(session.csrf());
                    fieldset {
                        legend { (t("desk-meeting-move-legend")) }
                        label for={ "flyt-dato-" (id) } { (t("desk-field-date")) }
                        input type="date" id={ "flyt-dato-" (id) } name="date" required;
                        label for={ "flyt-tid-" (id) } { (t("desk-field-time")) }
                        input type="time" id={ "flyt-tid-" (id) } name="time" required;
                        button type="submit" { (t("desk-meeting-move-button")) }
                    }
                }
                form method="post" action={ "/moeder/" (id) "/aflys" } {
                    input type="hidden" name="csrf" value=(session.csrf());
                    button.secondary type="submit" { (t("desk-meeting-cancel-button")) }
                }
            }
        }
    }
}

/// The planning form of one case.
pub fn plan_form(
    ctx: &Context,
    now: DateTime<Utc>,
    session: &Session,
    form: &PlanForm,
    values: &PlanValues,
    problem: Option<&str>,
) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let title = ctx.texts.ta(
        lang,
        "desk-plan-title",
        Args::new()
            .with("nickname", form.case.nickname.clone())
            .with("code", form.case.code.to_string()),
    );
    let today = ctx.today(now).format("%Y-%m-%d").to_string();
    let chosen_kind = MeetingKind::parse(&values.kind).unwrap_or(MeetingKind::FollowUp);
    let invited = |p: &crate::store::ParticipantRecord| match &values.invited {
        Some(ids) => ids.contains(&p.id),
        None => invited_by_default(p),
    };
    let content = html! {
        (notice(None, problem))
        form method="post" action="/moeder" {
            input type="hidden" name="csrf" value=(session.csrf());
            input type="hidden" name="sag" value=(form.case.code);
            div.field {
                label for="kind" { (t("desk-field-kind")) }
                select id="kind" name="kind" {
                    @for kind in MeetingKind::ALL {
                        option value=(kind.key()) selected[kind == chosen_kind] { (kind_name(ctx, lang, kind)) }
                    }
                }
            }
            div.field {
                label for="date" { (t("desk-field-date")) }
                input type="date" id="date" name="date" min=(today) value=(values.date) required;
            }
            div.field {
                label for="time" { (t("desk-field-time")) }
                input type="time" id="time" name="time" value=(values.time) required;
            }
            div.field {
                label for="place" { (t("desk-field-place")) }
                input type="text" id="place" name="place" maxlength=(PLACE_MAX) value=(values.place);
            }
            fieldset {
                legend { (t("desk-plan-invitees")) }
                @if form.participants.is_empty() {
                    p.muted { (t("desk-plan-no-participants")) }
                }
                @for p in &form.participants {
                    @let field = format!("deltager-{}", p.id.0);
                    div.choice {
                        input type="checkbox" name="deltager" id=(field) value=(p.id.0) checked[invited(p)];
                        label for=(field) { (participant_label(ctx, lang, p)) }
                    }
                }
            }
            p.muted {
                (ctx.texts.ta(lang, "desk-plan-agenda-hint", Args::new().with("days", ctx.meeting_timing.agenda_days_before)))
            }
            button type="submit" { (t("desk-plan-button")) }
        }
        p { a href="/moeder" { (t("desk-plan-back")) } }
    };
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}
