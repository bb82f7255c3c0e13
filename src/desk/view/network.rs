//! *Netværk* (`/sag/<kode>/netvaerk`): a picture of the child's network, drawn as inline SVG
//! from the participants — the young person in the middle, parents above, everyday witnesses
//! around by relation — and the same information as a list (the picture's text alternative).
//! A person's state is told by shape, line and word, never by colour alone.

use maud::{Markup, html};

use crate::domain::desk_case::NetworkState;
use crate::domain::participant::Role;
use crate::domain::text::shorten;
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk::Session;
use crate::service::desk_case::{NetworkView, ParticipantLine};
use crate::service::format::participant_label;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 560.0;
const CENTRE: (f64, f64) = (WIDTH / 2.0, HEIGHT / 2.0 - 10.0);
const RING: f64 = 190.0;
const NODE: f64 = 26.0;
/// Longer labels are cut in the picture (the list beside it has them whole).
const LABEL_CHARS: usize = 24;

/// Where the `n` people around the young person stand: evenly on a ring, starting at the top
/// (parents are placed first, so they stand above).
pub fn ring_positions(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            (
                (CENTRE.0 + RING * angle.cos()).round(),
                (CENTRE.1 + RING * angle.sin()).round(),
            )
        })
        .collect()
}

fn state_word(ctx: &Context, lang: Lang, state: NetworkState) -> String {
    ctx.texts.t(lang, &format!("desk-network-state-{}", state.key()))
}

/// One person's mark: its shape tells the state.
fn mark(x: f64, y: f64, state: NetworkState) -> Markup {
    let r = NODE;
    html! {
        @match state {
            NetworkState::Active => circle.node.active cx=(x) cy=(y) r=(r) fill="#1d4f91" stroke="#1d4f91" stroke-width="3" {},
            NetworkState::Silent => circle.node cx=(x) cy=(y) r=(r) fill="#fff" stroke="#1d4f91" stroke-width="5" {},
            NetworkState::Invited => circle.node cx=(x) cy=(y) r=(r) fill="#fff" stroke="#333" stroke-width="3" stroke-dasharray="6 5" {},
            NetworkState::Paused => rect.node x=(x - r) y=(y - r) width=(2.0 * r) height=(2.0 * r) fill="#fff" stroke="#333" stroke-width="3" {},
            NetworkState::Stopped | NetworkState::Unreachable => {
                rect.node x=(x - r) y=(y - r) width=(2.0 * r) height=(2.0 * r) fill="#fff" stroke="#333" stroke-width="3" {}
                path d=(format!("M{} {}L{} {}M{} {}L{} {}", x - r, y - r, x + r, y + r, x + r, y - r, x - r, y + r)) stroke="#333" stroke-width="3" {}
            }
        }
    }
}

fn link_dash(state: NetworkState) -> &'static str {
    match state {
        NetworkState::Active => "none",
        NetworkState::Invited => "6 5",
        _ => "2 6",
    }
}

/// The people around the young person, parents first, then witnesses by relation.
fn around(view: &NetworkView) -> Vec<&ParticipantLine> {
    let mut people: Vec<&ParticipantLine> = view
        .people
        .iter()
        .filter(|l| l.participant.role != Role::Youth)
        .collect();
    people.sort_by_key(|l| {
        (
            l.participant.role != Role::Parent,
            l.participant.relation.clone().unwrap_or_default().to_lowercase(),
            l.participant.id,
        )
    });
    people
}

fn picture(ctx: &Context, lang: Lang, view: &NetworkView) -> Markup {
    let youth = view.people.iter().find(|l| l.participant.role == Role::Youth);
    let people = around(view);
    let positions = ring_positions(people.len());
    let (cx, cy) = CENTRE;
    let centre_state = youth.and_then(|l| l.state);
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let title = ctx.texts.ta(
        lang,
        "desk-network-picture-label",
        Args::new().with("nickname", view.case.nickname.clone()),
    );
    html! {
        svg.network xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) role="img"
            aria-labelledby="netvaerkstitel netvaerksliste" {
            title id="netvaerkstitel" { (title) }
            @for (line, (x, y)) in people.iter().zip(&positions) {
                @if let Some(state) = line.state {
                    line x1=(cx) y1=(cy) x2=(x) y2=(y) stroke="#555" stroke-width="2" stroke-dasharray=(link_dash(state)) {}
                }
            }
            @match centre_state {
                Some(state) => (mark(cx, cy, state)),
                None => circle.node cx=(cx) cy=(cy) r=(NODE) fill="#fff" stroke="#333" stroke-width="3" stroke-dasharray="2 6" {},
            }
            text x=(cx) y=(cy + NODE + 22.0) text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="5" font-size="18" font-weight="bold" fill="#111" {
                (shorten(&view.case.nickname, LABEL_CHARS))
            }
            text x=(cx) y=(cy + NODE + 42.0) text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="5" font-size="15" fill="#333" {
                @match centre_state {
                    Some(state) => (state_word(ctx, lang, state)),
                    None => (ctx.texts.t(lang, "desk-network-youth-not-invited")),
                }
            }
            @for (line, (x, y)) in people.iter().zip(&positions) {
                @if let Some(state) = line.state {
                    (mark(*x, *y, state))
                    text x=(x) y=(y + NODE + 20.0) text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="5" font-size="15" fill="#111" {
                        (shorten(&participant_label(ctx, lang, &line.participant), LABEL_CHARS))
                    }
                    text x=(x) y=(y + NODE + 38.0) text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="5" font-size="14" fill="#333" {
                        (state_word(ctx, lang, state))
                    }
                }
            }
        }
    }
}

pub fn page(ctx: &Context, session: &Session, view: &NetworkView) -> Markup {
    let lang = session.staff.lang;
    let t = |key: &str| ctx.texts.t(lang, key);
    let case = &view.case;
    let title = ctx.texts.ta(
        lang,
        "desk-network-title",
        Args::new()
            .with("nickname", case.nickname.clone())
            .with("code", case.code.to_string()),
    );
    let states = [
        NetworkState::Active,
        NetworkState::Silent,
        NetworkState::Invited,
        NetworkState::Paused,
        NetworkState::Stopped,
    ];
    let content = html! {
        p {
            a href={ "/sag/" (case.code) } { (t("desk-back-to-case")) }
            " · "
            a href={ "/sag/" (case.code) "/deltagere" } { (t("desk-participants-link")) }
        }
        figure.network {
            (picture(ctx, lang, view))
            figcaption { (t("desk-network-caption")) }
        }
        section aria-labelledby="netvaerksliste" {
            h2 id="netvaerksliste" { (t("desk-network-list")) }
            @if view.people.is_empty() {
                p.muted { (t("desk-case-no-participants")) }
            } @else {
                ul.network-list {
                    @for line in &view.people {
                        @if let Some(state) = line.state {
                            li {
                                strong { (participant_label(ctx, lang, &line.participant)) }
                                " · " (t(&format!("role-{}", line.participant.role.key())))
                                " · " (state_word(ctx, lang, state))
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="forklaring" {
            h2 id="forklaring" { (t("desk-network-legend")) }
            ul.legend {
                @for state in states {
                    li {
                        svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="32" height="32" aria-hidden="true" {
                            (mark(32.0, 32.0, state))
                        }
                        " " (t(&format!("desk-network-legend-{}", state.key())))
                    }
                }
            }
        }
    };
    super::layout(&ctx.texts, lang, &title, Some(session), content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_stand_on_the_ring_inside_the_picture_starting_at_the_top() {
        assert!(ring_positions(0).is_empty());
        for n in 1..=12 {
            let points = ring_positions(n);
            assert_eq!(points.len(), n);
            assert_eq!(points[0], (CENTRE.0, CENTRE.1 - RING));
            for (x, y) in points {
                assert!(x - NODE > 0.0 && x + NODE < WIDTH, "{n}: {x}");
                assert!(y - NODE > 0.0 && y + NODE + 40.0 < HEIGHT, "{n}: {y}");
            }
        }
    }

    #[test]
    fn long_labels_are_cut_in_the_picture_only() {
        assert_eq!(shorten("morfar (Jens)", LABEL_CHARS), "morfar (Jens)");
        let long = "fodboldtræner i den lokale klub (Mads)";
        assert_eq!(shorten(long, LABEL_CHARS).chars().count(), LABEL_CHARS);
        assert!(shorten(long, LABEL_CHARS).ends_with('…'));
    }
}
