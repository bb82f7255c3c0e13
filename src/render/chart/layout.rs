//! Layout of the goal panels: sizes for a width, the frame, legends and each panel's plan.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::scale::Score;

use super::style::{
    ALERT_ZONE, AXIS_SIZE, CAPTION_SIZE, LEGEND_GAP, LEGEND_SIZE, Look, MARGIN, PANEL_BOTTOM, PLOT_HEIGHT,
    SWATCH, SWATCH_GAP, TITLE_SIZE, TOP_MARGIN, YEAR_SIZE, looks,
};
use super::text::{ellipsize, fonts, line_height, text_width, wrap};
use super::time_axis::{TimeAxis, time_ticks};
use super::{ChartError, DEFAULT_WIDTH, Labels, MAX_PANELS, MAX_WIDTH, MIN_WIDTH, Medium, Panel};

/// On paper a picture is [`super::PRINT_WIDTH`] px printed across the full text width (about
/// 18 cm): it is drawn as a wider canvas, not a larger one, so swatches, lines and margins keep
/// their size on paper (one unit of the 1080-px design ≈ 0.09 mm) ...
const PRINT_SCALE: f64 = 0.55;
/// ... the legend and the axis print at about 8.5 pt, the title at about 11 pt (the body is 10 pt) ...
const PRINT_TEXT: f64 = 1.25;
const PRINT_TITLE: f64 = 0.95;
/// ... with less white space between the parts than on a phone ...
const PRINT_SPACE: f64 = 0.5;
/// ... and the plot is a strip about 16 mm high (px of the design, before scaling; the y axis
/// is labelled 0, 5, 10), so five goals fit with the rest of the draft on two pages.
const PRINT_PLOT_HEIGHT: f64 = 170.0;

#[derive(Debug, Clone, Copy)]
pub(super) struct Metrics {
    pub(super) s: f64,
    /// Text size factor on top of `s`.
    text: f64,
    /// The title's size factor on top of `s`.
    title: f64,
    /// Vertical white space factor on top of `s`.
    space: f64,
    /// The plot's height before scaling.
    plot: f64,
}

impl Metrics {
    pub(super) fn new(width: u32) -> Self {
        Self::for_medium(width, Medium::Screen)
    }

    pub(super) fn for_medium(width: u32, medium: Medium) -> Self {
        let (scale, text, title, space, plot) = match medium {
            Medium::Screen => (1.0, 1.0, 1.0, 1.0, PLOT_HEIGHT),
            Medium::Print => (
                PRINT_SCALE,
                PRINT_TEXT,
                PRINT_TITLE,
                PRINT_SPACE,
                PRINT_PLOT_HEIGHT,
            ),
        };
        Metrics {
            s: f64::from(width) / f64::from(DEFAULT_WIDTH) * scale,
            text,
            title,
            space,
            plot,
        }
    }

    pub(super) fn px(self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    pub(super) fn font(self, v: f64) -> f64 {
        v * self.s * self.text
    }

    /// The title's font size.
    pub(super) fn title_font(self) -> f64 {
        TITLE_SIZE * self.s * self.title
    }

    /// Vertical white space between the parts of a panel, in px.
    pub(super) fn space(self, v: f64) -> i32 {
        (v * self.s * self.space).round() as i32
    }

    /// The plot's height in px.
    pub(super) fn plot_height(self) -> i32 {
        self.px(self.plot)
    }
}

/// What is shared by all panels of a picture.
pub(super) struct Frame {
    pub(super) m: Metrics,
    pub(super) plot_left: i32,
    pub(super) plot_right: i32,
    pub(super) axis: Option<TimeAxis>,
}

#[derive(Debug, Clone)]
pub(super) enum Swatch {
    None,
    Series(Look),
    Baseline,
    Meeting,
    Alert,
}

#[derive(Debug, Clone)]
pub(super) struct LegendItem {
    pub(super) swatch: Swatch,
    pub(super) label: String,
    pub(super) width: i32,
}

pub(super) struct PanelLayout {
    pub(super) title: Vec<String>,
    pub(super) legend: Vec<Vec<LegendItem>>,
    pub(super) caption: Vec<String>,
    pub(super) height: i32,
}

pub(super) fn check_width(width: u32) -> Result<(), ChartError> {
    if (MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        Ok(())
    } else {
        Err(ChartError::BadWidth(width))
    }
}

pub(super) fn validate(panels: &[Panel]) -> Result<(), ChartError> {
    if panels.is_empty() {
        return Err(ChartError::NoPanels);
    }
    if panels.len() > MAX_PANELS {
        return Err(ChartError::TooManyPanels {
            got: panels.len(),
            max: MAX_PANELS,
        });
    }
    for (index, panel) in panels.iter().enumerate() {
        let scale = panel.scale.scale();
        for value in panel
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.value))
        {
            if Score::new(&scale, value).is_err() {
                return Err(ChartError::ValueOutOfRange {
                    panel: index,
                    value,
                    min: scale.min,
                    max: scale.max,
                });
            }
        }
    }
    Ok(())
}

pub(super) fn plan_panels(
    panels: &[Panel],
    labels: &Labels,
    tz: Tz,
    width: u32,
    medium: Medium,
) -> Result<(Frame, Vec<PanelLayout>), ChartError> {
    check_width(width)?;
    validate(panels)?;
    fonts()?;
    let m = Metrics::for_medium(width, medium);
    let w = width as i32;
    let axis_size = m.font(AXIS_SIZE);

    let widest_value = panels
        .iter()
        .flat_map(|p| p.scale.scale().values())
        .map(|v| text_width(&v.to_string(), axis_size, false))
        .max()
        .unwrap_or(0);
    let plot_left = m.px(MARGIN) + widest_value + m.px(14.0);
    let plot_right = w - m.px(MARGIN);

    let times: Vec<DateTime<Utc>> = panels
        .iter()
        .flat_map(|p| {
            p.series
                .iter()
                .flat_map(|s| s.points.iter().map(|pt| pt.at))
                .chain(p.alerts.iter().copied())
                .chain(p.meetings.iter().copied())
        })
        .collect();
    let axis = match (times.iter().min(), times.iter().max()) {
        (Some(&first), Some(&last)) => {
            // Room for the markers at both ends: at least half a week, or 2.5 % of the span.
            let pad = if last - first < Duration::days(14) {
                Duration::days(7)
            } else {
                ((last - first) / 40).max(Duration::hours(84))
            };
            let (t0, t1) = (first - pad, last + pad);
            let label_w = text_width("30/12", axis_size, false) + m.px(26.0);
            let max_ticks = ((plot_right - plot_left) / label_w.max(1)) as usize;
            Some(TimeAxis {
                t0,
                t1,
                ticks: time_ticks(t0, t1, tz, max_ticks),
            })
        }
        _ => None,
    };
    let frame = Frame {
        m,
        plot_left,
        plot_right,
        axis,
    };
    let layouts = panels
        .iter()
        .map(|p| layout_panel(&frame, p, labels, w))
        .collect();
    Ok((frame, layouts))
}

pub(super) fn legend_items(frame: &Frame, panel: &Panel, labels: &Labels, max_w: i32) -> Vec<LegendItem> {
    let m = frame.m;
    let size = m.font(LEGEND_SIZE);
    let swatch_w = m.px(SWATCH) + m.px(SWATCH_GAP);
    let mut items = Vec::new();
    let mut push = |swatch: Swatch, label: &str, bold: bool| {
        if label.trim().is_empty() {
            return;
        }
        let has_swatch = !matches!(swatch, Swatch::None);
        let room = max_w - if has_swatch { swatch_w } else { 0 };
        let label = ellipsize(label, size, bold, room);
        let width = text_width(&label, size, bold) + if has_swatch { swatch_w } else { 0 };
        items.push(LegendItem { swatch, label, width });
    };
    push(Swatch::None, &labels.better_up, true);
    for (series, look) in panel.series.iter().zip(looks(&panel.series)) {
        push(Swatch::Series(look), &series.label, false);
    }
    if panel.baseline.is_some_and(f64::is_finite) {
        push(Swatch::Baseline, &labels.baseline, false);
    }
    if !panel.meetings.is_empty() {
        push(Swatch::Meeting, &labels.meeting, false);
    }
    if !panel.alerts.is_empty() {
        push(Swatch::Alert, &labels.alert, false);
    }
    items
}

pub(super) fn flow(items: Vec<LegendItem>, max_w: i32, gap: i32) -> Vec<Vec<LegendItem>> {
    let mut rows: Vec<Vec<LegendItem>> = Vec::new();
    let mut used = 0;
    for item in items {
        match rows.last_mut() {
            Some(row) if used + gap + item.width <= max_w => {
                used += gap + item.width;
                row.push(item);
            }
            _ => {
                used = item.width;
                rows.push(vec![item]);
            }
        }
    }
    rows
}

pub(super) fn axis_zone_height(frame: &Frame) -> i32 {
    let m = frame.m;
    let Some(axis) = &frame.axis else {
        return m.space(ALERT_ZONE);
    };
    let mut h = m.space(ALERT_ZONE) + line_height(m.font(AXIS_SIZE));
    if axis.ticks.iter().any(|t| t.year.is_some()) {
        h += line_height(m.font(YEAR_SIZE));
    }
    h
}

pub(super) fn layout_panel(frame: &Frame, panel: &Panel, labels: &Labels, w: i32) -> PanelLayout {
    let m = frame.m;
    let content = w - 2 * m.px(MARGIN);
    let title = wrap(&panel.title, m.title_font(), true, content, 2);
    let legend = flow(
        legend_items(frame, panel, labels, content),
        content,
        m.px(LEGEND_GAP),
    );
    let caption = match &panel.caption {
        Some(text) => wrap(text, m.font(CAPTION_SIZE), false, content, 3),
        None => Vec::new(),
    };
    let height = m.space(TOP_MARGIN)
        + title.len() as i32 * line_height(m.title_font())
        + legend.len() as i32 * line_height(m.font(LEGEND_SIZE) * 1.2)
        + m.space(14.0)
        + m.plot_height()
        + axis_zone_height(frame)
        + if caption.is_empty() { 0 } else { m.space(10.0) }
        + caption.len() as i32 * line_height(m.font(CAPTION_SIZE))
        + m.space(PANEL_BOTTOM);
    PanelLayout {
        title,
        legend,
        caption,
        height,
    }
}
