//! Sizes (in px at 1080 wide), colours and each series' look (colour, dash, marker).

use plotters::prelude::*;

use crate::domain::scale::Band;

use super::{Series, SeriesStyle};

pub(super) const MARGIN: f64 = 36.0;
pub(super) const TOP_MARGIN: f64 = 28.0;
pub(super) const BOTTOM_MARGIN: f64 = 12.0;
pub(super) const TITLE_SIZE: f64 = 40.0;
pub(super) const LEGEND_SIZE: f64 = 26.0;
pub(super) const AXIS_SIZE: f64 = 26.0;
pub(super) const YEAR_SIZE: f64 = 24.0;
pub(super) const CAPTION_SIZE: f64 = 30.0;
pub(super) const PLOT_HEIGHT: f64 = 330.0;
pub(super) const PANEL_BOTTOM: f64 = 28.0;
pub(super) const ALERT_ZONE: f64 = 22.0;
pub(super) const SWATCH: f64 = 44.0;
pub(super) const SWATCH_GAP: f64 = 16.0;
pub(super) const LEGEND_GAP: f64 = 30.0;
pub(super) const BAR_LABEL_SIZE: f64 = 28.0;
pub(super) const BAR_ROW: f64 = 64.0;
pub(super) const BAR_THICKNESS: f64 = 40.0;

pub(super) const TEXT: RGBColor = RGBColor(25, 25, 25);
pub(super) const MUTED: RGBColor = RGBColor(70, 70, 70);
pub(super) const AXIS: RGBColor = RGBColor(110, 110, 110);
pub(super) const SEPARATOR: RGBColor = RGBColor(215, 215, 215);
pub(super) const GRID: RGBColor = RGBColor(255, 255, 255);
pub(super) const BAND_RED: RGBColor = RGBColor(252, 218, 214);
pub(super) const BAND_YELLOW: RGBColor = RGBColor(255, 240, 194);
pub(super) const BAND_GREEN: RGBColor = RGBColor(214, 239, 214);
pub(super) const ALERT: RGBColor = RGBColor(204, 0, 0);
pub(super) const BASELINE: RGBColor = RGBColor(45, 45, 45);
pub(super) const MEETING: RGBColor = RGBColor(60, 60, 60);
pub(super) const BAR: RGBColor = RGBColor(0, 114, 178);

/// Colour-blind-safe colours (Okabe–Ito), darkened where needed to stand out on the bands.
pub(super) const YOUTH_COLOURS: [RGBColor; 2] = [RGBColor(0, 90, 170), RGBColor(0, 60, 110)];
pub(super) const PARENT_COLOURS: [RGBColor; 3] = [
    RGBColor(213, 94, 0),
    RGBColor(160, 50, 140),
    RGBColor(150, 100, 0),
];
pub(super) const WITNESS_COLOURS: [RGBColor; 4] = [
    RGBColor(0, 120, 95),
    RGBColor(95, 95, 95),
    RGBColor(120, 70, 20),
    RGBColor(60, 60, 160),
];

pub(super) fn band_colour(band: Band) -> RGBColor {
    match band {
        Band::Red => BAND_RED,
        Band::Yellow => BAND_YELLOW,
        Band::Green => BAND_GREEN,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Marker {
    Circle,
    Square,
    Diamond,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Look {
    pub(super) colour: RGBColor,
    pub(super) width: f64,
    pub(super) dash: Option<(f64, f64)>,
    pub(super) marker: Marker,
    pub(super) marker_size: f64,
}

/// The look of the `nth` series of a style (counting from 0 within that style).
pub(super) fn look(style: SeriesStyle, nth: usize) -> Look {
    match style {
        SeriesStyle::Youth => Look {
            colour: YOUTH_COLOURS[nth % YOUTH_COLOURS.len()],
            width: 6.0,
            dash: None,
            marker: Marker::Circle,
            marker_size: 8.0,
        },
        SeriesStyle::Parent => Look {
            colour: PARENT_COLOURS[nth % PARENT_COLOURS.len()],
            width: 4.0,
            dash: None,
            marker: Marker::Square,
            marker_size: 6.0,
        },
        SeriesStyle::Witness => Look {
            colour: WITNESS_COLOURS[nth % WITNESS_COLOURS.len()],
            width: 4.0,
            dash: Some((16.0, 9.0)),
            marker: Marker::Diamond,
            marker_size: 8.0,
        },
    }
}

pub(super) fn looks(series: &[Series]) -> Vec<Look> {
    let mut counts = [0usize; 3];
    series
        .iter()
        .map(|s| {
            let slot = match s.style {
                SeriesStyle::Youth => 0,
                SeriesStyle::Parent => 1,
                SeriesStyle::Witness => 2,
            };
            let l = look(s.style, counts[slot]);
            counts[slot] += 1;
            l
        })
        .collect()
}
