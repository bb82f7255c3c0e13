//! *Deltagere* (`/sag/<kode>/deltagere`): who takes part with their state and rhythm, and the
//! caseworker's forms — invite (then the link and its QR code to show on a phone in a
//! meeting), the open invitations with "Tilbagekald", "Fjern" with a confirmation step, and a
//! new rhythm per role from choices.

use chrono::Weekday;
use maud::{Markup, html};
use qrcode::QrCode;

use crate::domain::desk_case::{Frequency, rhythm_times};
use crate::domain::invite::INVITE_VALIDITY_DAYS;
use crate::domain::participant::{ParticipantStatus, Role};
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk::Session;
use crate::service::desk_case::{ParticipantLine, ParticipantsView};
use crate::service::format::{participant_label, rhythm_text, when_text};
use crate::service::participation::Invitation;
use crate::store::{CaseRecord, ParticipantRecord};

/// A line above the page after a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Removed,
    Revoked,
    AlreadyRemoved,
    RhythmSet,
    RhythmInvalid,
    TextUnusable,
}

impl Notice {
    fn key(self) -> &'static str {
        match self {
            Notice::Removed => "desk-participant-removed",
            Notice::Revoked => "desk-invite-revoked",
            Notice::AlreadyRemoved => "desk-participant-already-removed",
            Notice::RhythmSet => "desk-rhythm-saved",
            Notice::RhythmInvalid => "desk-rhythm-invalid",
            Notice::TextUnusable => "desk-invite-text-unusable",
        }
    }

    fn is_problem(self) -> bool {
        matches!(
            self,
            Notice::RhythmInvalid | Notice::TextUnusable | Notice::AlreadyRemoved
        )
    }
}

fn case_title(ctx: &Context, lang: Lang, key: &str, case: &CaseRecord) -> String {
    ctx.texts.ta(
        lang,
        key,
        Args::new()
            .with("nickname", case.nickname.clone())
            .with("code", case.code.to_string()),
    )
}

fn base(case: &CaseRecord) -> String {
    format!("/sag/{}/deltagere", case.code)
}

pub fn page(ctx: &Context, session: &Session, view: &ParticipantsView, notice: Option<Notice>) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let case = &view.case;
    let people: Vec<&ParticipantLine> = view
        .participants
        .iter()
        .filter(|l| l.participant.status != ParticipantStatus::Removed)
        .collect();
    let open: Vec<&ParticipantLine> = people
        .iter()
        .copied()
        .filter(|l| l.participant.status == ParticipantStatus::Invited)
        .collect();
    let content = html! {
        @if let Some(notice) = notice {
            p.notice.problem[notice.is_problem()] role="status" { (t(notice.key())) }
        }
        p {
            a href={ "/sag/" (case.code) } { (t("desk-back-to-case")) }
            " · "
            a href={ "/sag/" (case.code) "/netvaerk" } { (t("desk-network-link")) }
        }
        @if people.is_empty() {
            p.muted { (t("desk-case-no-participants")) }
        } @else {
            table {
                caption { (t("desk-participants-caption")) }
                thead {
                    tr {
                        th scope="col" { (t("desk-col-who")) }
                        th scope="col" { (t("desk-col-state")) }
                        th scope="col" { (t("desk-col-rhythm")) }
                        th scope="col" { (t("desk-col-last-answer")) }
                        @if view.own { th scope="col" { (t("desk-col-actions")) } }
                    }
                }
                tbody {
                    @for line in &people {
                        tr {
                            th scope="row" { (participant_label(ctx, lang, &line.participant)) }
                            td { (t(&format!("status-{}", line.participant.status.key()))) }
                            td { (rhythm_text(ctx, lang, &line.rhythm)) }
                            td {
                                @match line.last_answer {
                                    Some(at) => (when_text(ctx, lang, at)),
                                    None => span.muted { (t("desk-no-answers")) },
                                }
                            }
                            @if view.own {
                                td {
                                    a href={ (base(case)) "/" (line.participant.id) "/fjern" } {
                                        @if line.participant.status == ParticipantStatus::Invited {
                                            (ctx.texts.ta(lang, "desk-revoke-named", who(ctx, lang, &line.participant)))
                                        } @else {
                                            (ctx.texts.ta(lang, "desk-remove-named", who(ctx, lang, &line.participant)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if view.own {
            section aria-labelledby="aabne" {
                h2 id="aabne" { (t("desk-open-invites")) }
                @if open.is_empty() {
                    p.muted { (t("desk-open-invites-none")) }
                } @else {
                    ul {
                        @for line in &open {
                            li {
                                (participant_label(ctx, lang, &line.participant)) " "
                                form.inline method="get" action={ (base(case)) "/" (line.participant.id) "/fjern" } {
                                    button type="submit" { (ctx.texts.ta(lang, "desk-revoke-named", who(ctx, lang, &line.participant))) }
                                }
                            }
                        }
                    }
                }
            }
            (invite_form(ctx, session, case))
            (rhythm_form(ctx, session, case))
        } @else {
            p.muted { (t("desk-participants-not-own")) }
        }
    };
    let title = case_title(ctx, lang, "desk-participants-title", case);
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}

fn who<'a>(ctx: &Context, lang: Lang, p: &ParticipantRecord) -> Args<'a> {
    Args::new().with("who", participant_label(ctx, lang, p))
}

fn role_options(ctx: &Context, lang: Lang) -> Markup {
    html! {
        @for role in Role::ALL {
            option value=(role.key()) { (ctx.texts.t(lang, &format!("role-{}", role.key()))) }
        }
    }
}

fn invite_form(ctx: &Context, session: &Session, case: &CaseRecord) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    html! {
        section aria-labelledby="inviter" {
            h2 id="inviter" { (t("desk-invite-heading")) }
            p { (t("desk-invite-text")) }
            form.stack method="post" action={ (base(case)) "/inviter" } {
                input type="hidden" name="csrf" value=(session.csrf());
                label for="invite_role" { (t("desk-invite-role")) }
                select id="invite_role" name="role" { (role_options(ctx, lang)) }
                label for="invite_relation" { (t("desk-invite-relation")) }
                input id="invite_relation" name="relation" type="text" maxlength="80" autocomplete="off";
                label for="invite_name" { (t("desk-invite-name")) }
                input id="invite_name" name="name" type="text" maxlength="80" autocomplete="off";
                button type="submit" { (t("desk-invite-button")) }
            }
        }
    }
}

fn rhythm_form(ctx: &Context, session: &Session, case: &CaseRecord) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let weekdays = std::iter::successors(Some(Weekday::Mon), |d| Some(d.succ())).take(7);
    html! {
        section aria-labelledby="rytme" {
            h2 id="rytme" { (t("desk-rhythm-heading")) }
            p { (t("desk-rhythm-text")) }
            form.stack method="post" action={ "/sag/" (case.code) "/rytme" } {
                input type="hidden" name="csrf" value=(session.csrf());
                label for="rhythm_role" { (t("desk-rhythm-role")) }
                select id="rhythm_role" name="role" { (role_options(ctx, lang)) }
                label for="rhythm_frequency" { (t("desk-rhythm-frequency")) }
                select id="rhythm_frequency" name="frequency" {
                    @for f in Frequency::ALL {
                        option value=(f.key()) { (t(&format!("desk-rhythm-{}", f.key()))) }
                    }
                }
                label for="rhythm_weekday" { (t("desk-rhythm-weekday")) }
                select id="rhythm_weekday" name="weekday" {
                    @for day in weekdays {
                        option value=(day.number_from_monday()) selected[day == Weekday::Mon] {
                            (t(&format!("agenda-weekday-{}", day.number_from_monday())))
                        }
                    }
                }
                label for="rhythm_time" { (t("desk-rhythm-time")) }
                select id="rhythm_time" name="time" {
                    @for (h, m) in rhythm_times() {
                        option value=(format!("{h:02}:{m:02}")) selected[(h, m) == (16, 0)] {
                            (format!("{h:02}.{m:02}"))
                        }
                    }
                }
                button type="submit" { (t("desk-rhythm-button")) }
            }
        }
    }
}

/// After "Inviter": the link (it exists only now — only its hash is kept) and its QR code.
pub fn invitation(
    ctx: &Context,
    session: &Session,
    case: &CaseRecord,
    role: Role,
    invitation: &Invitation,
) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let what = invitation
        .relation
        .clone()
        .unwrap_or_else(|| t(&format!("role-{}", role.key())));
    let who = match &invitation.name {
        Some(name) => format!("{what} ({name})"),
        None => what,
    };
    let content = html! {
        p role="status" {
            (ctx.texts.ta(lang, "desk-invite-ready", Args::new().with("who", who).with("days", INVITE_VALIDITY_DAYS)))
        }
        figure.qr {
            (qr_svg(&invitation.link, &t("desk-invite-qr-label")))
            figcaption { (t("desk-invite-qr-caption")) }
        }
        p { (t("desk-invite-link-label")) }
        p { code.link { (invitation.link) } }
        @if role == Role::Youth {
            p { (t("invite-youth-under-15")) }
        }
        p { a href=(base(case)) { (t("desk-back-to-participants")) } }
    };
    let title = case_title(ctx, lang, "desk-invite-title", case);
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}

/// The QR code of `link` as inline SVG drawn from the code's modules (no image, no script):
/// one path of dark squares on a white square with the four-module quiet zone.
pub fn qr_svg(link: &str, label: &str) -> Markup {
    let Ok(code) = QrCode::new(link.as_bytes()) else {
        return html! {};
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let view_box = format!("0 0 {size} {size}");
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width="240" height="240"
            role="img" aria-label=(label) shape-rendering="crispEdges" {
            rect x="0" y="0" width=(size) height=(size) fill="#fff" {}
            path d=(path) fill="#000" {}
        }
    }
}

/// "Fjern" or "Tilbagekald": what happens, and the button that does it.
pub fn confirm_removal(ctx: &Context, session: &Session, case: &CaseRecord, p: &ParticipantRecord) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let invited = p.status == ParticipantStatus::Invited;
    let (title_key, text_key, button_key) = if invited {
        ("desk-revoke-title", "desk-revoke-text", "desk-revoke-button")
    } else {
        ("desk-remove-title", "desk-remove-text", "desk-remove-button")
    };
    let content = html! {
        p { (ctx.texts.ta(lang, text_key, who(ctx, lang, p))) }
        form method="post" action={ (base(case)) "/" (p.id) "/fjern" } {
            input type="hidden" name="csrf" value=(session.csrf());
            button type="submit" { (t(button_key)) }
        }
        p { a href=(base(case)) { (t("desk-remove-cancel")) } }
    };
    let title = ctx.texts.ta(lang, title_key, who(ctx, lang, p));
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}

#[cfg(test)]
mod tests {
    use super::qr_svg;

    #[test]
    fn the_qr_code_is_one_path_without_style_or_script() {
        let svg = qr_svg("https://t.me/test_bot?start=abcDEF123_-", "QR").into_string();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<path d=\"M"), "{svg}");
        for forbidden in ["style", "<script", "<?xml"] {
            assert!(!svg.contains(forbidden), "{forbidden}: {svg}");
        }
    }
}
