//! Sparklines on *Mine sager*: one small inline SVG per goal with the young person's last
//! answers, and the same in words beside it ("Mål 1: 4, 5, 7 – bedre"), so the picture is
//! never the only way to read it.

use maud::{Markup, html};

use crate::domain::agenda::TrendDirection;
use crate::i18n::{Args, Lang};
use crate::service::Context;
use crate::service::desk_case::Sparkline;

const W: f64 = 64.0;
const H: f64 = 20.0;
const PAD: f64 = 2.0;

/// The points of a sparkline in its 64 × 20 box, higher values higher up.
pub fn points(spark: &Sparkline) -> Vec<(f64, f64)> {
    let n = spark.values.len();
    let span = f64::from((spark.scale.max - spark.scale.min).max(1));
    spark
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n <= 1 {
                W / 2.0
            } else {
                PAD + (W - 2.0 * PAD) * i as f64 / (n - 1) as f64
            };
            let y = H - PAD - (H - 2.0 * PAD) * f64::from(v - spark.scale.min) / span;
            ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
        })
        .collect()
}

/// "Mål 1: 4, 5, 7 – bedre", or "Mål 1: ingen svar endnu".
pub fn sentence(ctx: &Context, lang: Lang, spark: &Sparkline) -> String {
    if spark.values.is_empty() {
        return ctx.texts.ta(
            lang,
            "desk-spark-none",
            Args::new().with("position", spark.position),
        );
    }
    let values: Vec<String> = spark.values.iter().map(i32::to_string).collect();
    ctx.texts.ta(
        lang,
        "desk-spark-sentence",
        Args::new()
            .with("position", spark.position)
            .with("values", values.join(", "))
            .with(
                "direction",
                ctx.texts
                    .t(lang, &format!("desk-spark-{}", spark.direction.key())),
            ),
    )
}

/// One goal's sparkline with its sentence (the picture is hidden from screen readers, which
/// read the sentence).
pub fn spark(ctx: &Context, lang: Lang, spark: &Sparkline) -> Markup {
    let pts = points(spark);
    let line: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
    let marker = match spark.direction {
        TrendDirection::Better => "▲",
        TrendDirection::Worse => "▼",
        TrendDirection::Same => "■",
        TrendDirection::NotEnough => "",
    };
    let view_box = format!("0 0 {W} {H}");
    html! {
        span.spark {
            @if !pts.is_empty() {
                svg xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width="64" height="20" aria-hidden="true" {
                    polyline points=(line.join(" ")) fill="none" stroke="#1d4f91" stroke-width="1.5" {}
                    @if let Some((x, y)) = pts.last() {
                        circle cx=(x) cy=(y) r="2" fill="#1d4f91" {}
                    }
                }
                " "
            }
            span.spark-text { (sentence(ctx, lang, spark)) @if !marker.is_empty() { " " span aria-hidden="true" { (marker) } } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scale::ScaleKind;

    fn spark(values: &[i32]) -> Sparkline {
        Sparkline {
            position: 1,
            scale: ScaleKind::ZeroToTen.scale(),
            values: values.to_vec(),
            direction: TrendDirection::NotEnough,
        }
    }

    #[test]
    fn points_fill_the_box_from_the_lowest_to_the_highest_value() {
        assert!(points(&spark(&[])).is_empty());
        assert_eq!(points(&spark(&[5])), vec![(32.0, 10.0)]);
        let pts = points(&spark(&[0, 10, 5]));
        assert_eq!(pts, vec![(2.0, 18.0), (32.0, 2.0), (62.0, 10.0)]);
    }
}
