//! Progress charts as PNG pictures, drawn in-process.
//!
//! Two kinds of picture:
//!
//! * [`render_panels`]: one panel per goal, with the scale's colour bands as background, a line
//!   per respondent (missed weeks are gaps, never zero), an optional baseline, alert markers,
//!   meeting dates and a plain sentence under each panel. The young person's `/mine` picture is
//!   this with only their own series; the caseworker's `/sag` picture adds every respondent.
//! * [`render_bars`]: a simple horizontal bar chart with value labels for the management report.
//!
//! The renderer contains no words: every label comes from the caller (the message catalogues).
//! "Better" always points up: for scales where lower is better the y axis is inverted.
//!
//! Shapes are drawn with plotters' bitmap backend; text is laid out and rasterised with
//! `ab_glyph` from the DejaVu Sans font embedded in the binary, so no system font library is
//! needed (plotters' own text path is not used: its `ab_glyph` backend ignores each glyph's side
//! bearing, which gives uneven letter spacing). Pictures are laid out for a width of 1080 px
//! (a phone screen) and scale with other widths. PNGs are written with a palette.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, Glyph, PxScale, ScaleFont, point};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::domain::scale::{Band, Direction, Scale, ScaleKind, Score};

/// The width the layout is designed for (a phone screen).
pub const DEFAULT_WIDTH: u32 = 1080;
/// Narrowest and widest pictures we draw.
pub const MIN_WIDTH: u32 = 480;
pub const MAX_WIDTH: u32 = 2400;
/// Most panels in one picture (the picture grows with each panel).
pub const MAX_PANELS: usize = 8;
/// Most bars in one bar chart.
pub const MAX_BARS: usize = 40;

/// Longest text (in characters) we try to lay out; longer text is cut before wrapping.
const MAX_TEXT_CHARS: usize = 300;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Why a picture could not be drawn. Messages carry numbers and indexes, never user text.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("a chart needs at least one panel")]
    NoPanels,
    #[error("a chart has at most {max} panels, got {got}")]
    TooManyPanels { got: usize, max: usize },
    #[error("a bar chart has at most {max} bars, got {got}")]
    TooManyBars { got: usize, max: usize },
    #[error("width {0} px is outside {MIN_WIDTH}–{MAX_WIDTH} px")]
    BadWidth(u32),
    #[error("panel {panel}: value {value} is outside the scale {min}–{max}")]
    ValueOutOfRange {
        panel: usize,
        value: i32,
        min: i32,
        max: i32,
    },
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] png::EncodingError),
}

/// One answer, or a missed week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at: DateTime<Utc>,
    /// `None` = asked but not answered: a gap in the line, never a zero.
    pub value: Option<i32>,
}

/// How a respondent's line looks. Several series with the same style get distinct colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesStyle {
    /// The young person: thick line in the primary colour, drawn on top.
    Youth,
    /// A parent: solid line, orange or purple.
    Parent,
    /// A witness (teacher, mentor, …): dashed line.
    Witness,
}

/// One respondent's answers on one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text, e.g. the relation ("Mor", "Lærer"). Empty = not shown in the legend.
    pub label: String,
    /// In any order; they are sorted by time before drawing.
    pub points: Vec<Point>,
    pub style: SeriesStyle,
}

/// One goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The goal in the viewer's words.
    pub title: String,
    pub scale: ScaleKind,
    pub series: Vec<Series>,
    /// Drawn as a horizontal dashed line (in scale units).
    pub baseline: Option<f64>,
    /// Red markers on the x axis (and a red ring around the young person's answer that week).
    pub alerts: Vec<DateTime<Utc>>,
    /// Vertical dotted lines.
    pub meetings: Vec<DateTime<Utc>>,
    /// The plain sentence under the panel.
    pub caption: Option<String>,
}

/// Legend and axis texts from the message catalogue. An empty label is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Shown above the y axis, e.g. "↑ bedre".
    pub better_up: String,
    pub baseline: String,
    pub meeting: String,
    pub alert: String,
}

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

/// Draws one panel per goal, stacked, and returns PNG bytes. `width` is normally
/// [`DEFAULT_WIDTH`]; the height follows from the content (see [`panels_height`]).
/// Dates on the x axis are shown as day/month in `tz`; all panels share one time axis.
pub fn render_panels(panels: &[Panel], labels: &Labels, tz: Tz, width: u32) -> Result<Vec<u8>, ChartError> {
    let (frame, layouts) = plan_panels(panels, labels, tz, width)?;
    let height: i32 = layouts.iter().map(|l| l.height).sum::<i32>() + frame.m.px(BOTTOM_MARGIN);
    let height = height as u32;
    let mut buffer = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        let canvas = Canvas {
            area: &root,
            m: frame.m,
        };
        let mut top = 0;
        for (index, (panel, layout)) in panels.iter().zip(&layouts).enumerate() {
            if index > 0 {
                canvas.rect(0, top, width as i32, top + canvas.m.px(2.0).max(1), SEPARATOR)?;
            }
            draw_panel(&canvas, &frame, panel, layout, top)?;
            top += layout.height;
        }
        root.present().map_err(draw_error)?;
    }
    encode_png(&buffer, width, height)
}

/// The height in pixels [`render_panels`] will produce for these panels.
pub fn panels_height(panels: &[Panel], labels: &Labels, tz: Tz, width: u32) -> Result<u32, ChartError> {
    let (frame, layouts) = plan_panels(panels, labels, tz, width)?;
    Ok((layouts.iter().map(|l| l.height).sum::<i32>() + frame.m.px(BOTTOM_MARGIN)) as u32)
}

/// A horizontal bar chart with the value at the end of each bar, e.g. for the management
/// report. Bars are drawn in the given order; the longest bar spans the available width.
pub fn render_bars(title: &str, bars: &[(String, u32)], width: u32) -> Result<Vec<u8>, ChartError> {
    check_width(width)?;
    if bars.len() > MAX_BARS {
        return Err(ChartError::TooManyBars {
            got: bars.len(),
            max: MAX_BARS,
        });
    }
    fonts()?;
    let m = Metrics::new(width);
    let w = width as i32;
    let margin = m.px(MARGIN);
    let content = w - 2 * margin;

    let title_size = m.font(TITLE_SIZE);
    let title_lines = wrap(title, title_size, true, content, 2);
    let label_size = m.font(BAR_LABEL_SIZE);
    let value_size = m.font(BAR_LABEL_SIZE);
    let row_h = m.px(BAR_ROW);
    let bar_h = m.px(BAR_THICKNESS);

    let widest_label = bars
        .iter()
        .map(|(l, _)| text_width(l, label_size, false))
        .max()
        .unwrap_or(0);
    let label_col = widest_label.min(content * 45 / 100);
    let max_value = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let value_w = bars
        .iter()
        .map(|(_, v)| text_width(&v.to_string(), value_size, true))
        .max()
        .unwrap_or(0);
    let bar_left = margin + label_col + if label_col > 0 { m.px(16.0) } else { 0 };
    let bar_max = (w - margin - value_w - m.px(12.0) - bar_left).max(1);

    let title_h = title_lines.len() as i32 * line_height(title_size);
    let chart_top = m.px(TOP_MARGIN) + title_h + m.px(16.0);
    let height = (chart_top + bars.len() as i32 * row_h + m.px(BOTTOM_MARGIN) + m.px(8.0)) as u32;

    let mut buffer = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        let canvas = Canvas { area: &root, m };
        let mut y = m.px(TOP_MARGIN);
        for line in &title_lines {
            canvas.text(
                line,
                margin,
                y + ascent(title_size),
                title_size,
                true,
                TEXT,
                HPos::Left,
            )?;
            y += line_height(title_size);
        }
        for (index, (label, value)) in bars.iter().enumerate() {
            let row_top = chart_top + index as i32 * row_h;
            let center = row_top + row_h / 2;
            if label_col > 0 {
                let label = ellipsize(label, label_size, false, label_col);
                let x = margin + label_col;
                canvas.text(
                    &label,
                    x,
                    center + cap_half(label_size),
                    label_size,
                    false,
                    TEXT,
                    HPos::Right,
                )?;
            }
            let len = (f64::from(*value) / f64::from(max_value) * f64::from(bar_max)).round() as i32;
            if len > 0 {
                canvas.rect(
                    bar_left,
                    center - bar_h / 2,
                    bar_left + len,
                    center + bar_h / 2,
                    BAR,
                )?;
            }
            let vx = bar_left + len + m.px(10.0);
            canvas.text(
                &value.to_string(),
                vx,
                center + cap_half(value_size),
                value_size,
                true,
                TEXT,
                HPos::Left,
            )?;
        }
        let axis_bottom = chart_top + bars.len() as i32 * row_h;
        canvas.rect(
            bar_left - m.px(2.0).max(1),
            chart_top,
            bar_left,
            axis_bottom.max(chart_top + 1),
            AXIS,
        )?;
        root.present().map_err(draw_error)?;
    }
    encode_png(&buffer, width, height)
}

// ---------------------------------------------------------------------------------------------
// Sizes (in px at 1080 wide) and colours
// ---------------------------------------------------------------------------------------------

const MARGIN: f64 = 36.0;
const TOP_MARGIN: f64 = 28.0;
const BOTTOM_MARGIN: f64 = 12.0;
const TITLE_SIZE: f64 = 40.0;
const LEGEND_SIZE: f64 = 26.0;
const AXIS_SIZE: f64 = 26.0;
const YEAR_SIZE: f64 = 24.0;
const CAPTION_SIZE: f64 = 30.0;
const PLOT_HEIGHT: f64 = 330.0;
const PANEL_BOTTOM: f64 = 28.0;
const ALERT_ZONE: f64 = 22.0;
const SWATCH: f64 = 44.0;
const SWATCH_GAP: f64 = 16.0;
const LEGEND_GAP: f64 = 30.0;
const BAR_LABEL_SIZE: f64 = 28.0;
const BAR_ROW: f64 = 64.0;
const BAR_THICKNESS: f64 = 40.0;

const TEXT: RGBColor = RGBColor(25, 25, 25);
const MUTED: RGBColor = RGBColor(70, 70, 70);
const AXIS: RGBColor = RGBColor(110, 110, 110);
const SEPARATOR: RGBColor = RGBColor(215, 215, 215);
const GRID: RGBColor = RGBColor(255, 255, 255);
const BAND_RED: RGBColor = RGBColor(252, 218, 214);
const BAND_YELLOW: RGBColor = RGBColor(255, 240, 194);
const BAND_GREEN: RGBColor = RGBColor(214, 239, 214);
const ALERT: RGBColor = RGBColor(204, 0, 0);
const BASELINE: RGBColor = RGBColor(45, 45, 45);
const MEETING: RGBColor = RGBColor(60, 60, 60);
const BAR: RGBColor = RGBColor(0, 114, 178);

/// Colour-blind-safe colours (Okabe–Ito), darkened where needed to stand out on the bands.
const YOUTH_COLOURS: [RGBColor; 2] = [RGBColor(0, 90, 170), RGBColor(0, 60, 110)];
const PARENT_COLOURS: [RGBColor; 3] = [
    RGBColor(213, 94, 0),
    RGBColor(160, 50, 140),
    RGBColor(150, 100, 0),
];
const WITNESS_COLOURS: [RGBColor; 4] = [
    RGBColor(0, 120, 95),
    RGBColor(95, 95, 95),
    RGBColor(120, 70, 20),
    RGBColor(60, 60, 160),
];

fn band_colour(band: Band) -> RGBColor {
    match band {
        Band::Red => BAND_RED,
        Band::Yellow => BAND_YELLOW,
        Band::Green => BAND_GREEN,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Circle,
    Square,
    Diamond,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    colour: RGBColor,
    width: f64,
    dash: Option<(f64, f64)>,
    marker: Marker,
    marker_size: f64,
}

/// The look of the `nth` series of a style (counting from 0 within that style).
fn look(style: SeriesStyle, nth: usize) -> Look {
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

fn looks(series: &[Series]) -> Vec<Look> {
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

// ---------------------------------------------------------------------------------------------
// Geometry helpers (pure, tested)
// ---------------------------------------------------------------------------------------------

/// The pixel row of a scale value inside a plot spanning `top..=bottom`. "Better" is always up:
/// for lower-is-better scales the axis is inverted. The range is padded by half a step so each
/// whole value sits in the middle of its own band row.
pub(crate) fn value_to_y(scale: &Scale, value: f64, top: i32, bottom: i32) -> i32 {
    let lo = f64::from(scale.min) - 0.5;
    let hi = f64::from(scale.max) + 0.5;
    let frac = (value - lo) / (hi - lo);
    let span = f64::from(bottom - top);
    let y = match scale.direction {
        Direction::HigherIsBetter => f64::from(bottom) - frac * span,
        Direction::LowerIsBetter => f64::from(top) + frac * span,
    };
    y.round() as i32
}

/// Small vertical offsets (in px) so respondents who gave the same answer do not hide each
/// other: the young person stays on the value, the others are moved by ±1, ±2, … `unit`.
fn dodges(series: &[Series], unit: i32) -> Vec<i32> {
    let mut others = 0;
    series
        .iter()
        .map(|s| {
            if s.style == SeriesStyle::Youth {
                return 0;
            }
            others += 1;
            let step = (others + 1) / 2;
            let sign = if others % 2 == 1 { -1 } else { 1 };
            sign * step * unit
        })
        .collect()
}

/// The pixel column of an instant on a time axis `t0..t1` drawn over `left..=right`.
fn time_to_x(at: DateTime<Utc>, t0: DateTime<Utc>, t1: DateTime<Utc>, left: i32, right: i32) -> i32 {
    let total = (t1 - t0).num_milliseconds().max(1) as f64;
    let part = (at - t0).num_milliseconds() as f64;
    (f64::from(left) + part / total * f64::from(right - left)).round() as i32
}

/// Splits a series into runs of answered points: a missed answer (`None`) ends a run. Returns
/// index ranges into `values`; a run may hold a single point (drawn as a lone marker).
pub(crate) fn segments(values: &[Option<i32>]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, v) in values.iter().enumerate() {
        match (v, start) {
            (Some(_), None) => start = Some(i),
            (None, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(s..values.len());
    }
    runs
}

/// Cuts a polyline into dashes of `on` px separated by `off` px; the pattern continues across
/// corners.
fn dashes(points: &[(i32, i32)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let mut out: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut current: Vec<(i32, i32)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    for pair in points.windows(2) {
        let (ax, ay) = (f64::from(pair[0].0), f64::from(pair[0].1));
        let (bx, by) = (f64::from(pair[1].0), f64::from(pair[1].1));
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        if len == 0.0 {
            continue;
        }
        let at = |d: f64| {
            (
                (ax + (bx - ax) * d / len).round() as i32,
                (ay + (by - ay) * d / len).round() as i32,
            )
        };
        let mut pos = 0.0;
        if drawing && current.is_empty() {
            current.push(at(0.0));
        }
        while pos + left <= len {
            pos += left;
            if drawing {
                current.push(at(pos));
                out.push(std::mem::take(&mut current));
                left = off;
            } else {
                current.push(at(pos));
                left = on;
            }
            drawing = !drawing;
        }
        left -= len - pos;
        if drawing {
            current.push(at(len));
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Time axis
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Tick {
    at: DateTime<Utc>,
    /// "3/9" (day/month).
    label: String,
    /// The year, under the first tick and the first tick of each new year, when the axis
    /// spans more than one year.
    year: Option<String>,
}

#[derive(Debug, Clone)]
struct TimeAxis {
    t0: DateTime<Utc>,
    t1: DateTime<Utc>,
    ticks: Vec<Tick>,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Days(i64),
    Weeks(i64),
    Months(u32),
}

const STEPS: [Step; 11] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Months(12),
    Step::Months(24),
    Step::Months(60),
];

fn step_matches(step: Step, date: NaiveDate) -> bool {
    // Days since 1970-01-05 (a Monday) keep the pattern stable whatever the range.
    let monday = NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default();
    let days = (date - monday).num_days();
    match step {
        Step::Days(n) => days.rem_euclid(n) == 0,
        Step::Weeks(n) => days.rem_euclid(7 * n) == 0,
        Step::Months(n) => date.day() == 1 && (date.year() as u32 * 12 + date.month0()).is_multiple_of(n),
    }
}

/// Local midnight of `date` in `tz`, as an instant (the first valid time that day).
fn local_midnight(tz: Tz, date: NaiveDate) -> Option<DateTime<Utc>> {
    (0..3).find_map(|hour| {
        let naive = date.and_hms_opt(hour, 0, 0)?;
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// Picks day/month ticks for `t0..t1` so that at most `max_ticks` labels are shown.
fn time_ticks(t0: DateTime<Utc>, t1: DateTime<Utc>, tz: Tz, max_ticks: usize) -> Vec<Tick> {
    let first = t0.with_timezone(&tz).date_naive();
    let last = t1.with_timezone(&tz).date_naive();
    let days = (last - first).num_days().clamp(0, 366 * 200);
    let dates: Vec<NaiveDate> = (0..=days)
        .filter_map(|d| first.checked_add_signed(Duration::days(d)))
        .collect();
    let pick = |step: Step| -> Vec<(NaiveDate, DateTime<Utc>)> {
        dates
            .iter()
            .filter(|d| step_matches(step, **d))
            .filter_map(|d| local_midnight(tz, *d).map(|at| (*d, at)))
            .filter(|(_, at)| *at >= t0 && *at <= t1)
            .collect()
    };
    let max_ticks = max_ticks.max(2);
    let mut chosen = Vec::new();
    for step in STEPS {
        chosen = pick(step);
        if chosen.len() <= max_ticks {
            break;
        }
    }
    if chosen.len() > max_ticks {
        let keep = chosen.len().div_ceil(max_ticks);
        chosen = chosen.into_iter().step_by(keep).collect();
    }
    let multi_year = first.year() != last.year();
    let mut last_year = None;
    chosen
        .into_iter()
        .map(|(date, at)| {
            let year = (multi_year && last_year != Some(date.year())).then(|| date.year().to_string());
            last_year = Some(date.year());
            Tick {
                at,
                label: format!("{}/{}", date.day(), date.month()),
                year,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
            })
        })
        .as_ref()
        .ok_or(ChartError::Font)
}

/// Places the glyphs of `text` on a baseline at y = 0, starting at x = 0, with kerning.
/// Characters the font does not have (emoji, …) are left out. Returns the glyphs and the width.
fn layout_text(text: &str, size: f64, bold: bool) -> (Vec<Glyph>, f32) {
    let Ok(fonts) = fonts() else {
        return (Vec::new(), 0.0);
    };
    let font = if bold { &fonts.bold } else { &fonts.regular };
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let mut glyphs = Vec::new();
    let mut x = 0.0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if id.0 == 0 {
            continue;
        }
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(scale, point(x, 0.0)));
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    (glyphs, x)
}

fn text_width(text: &str, size: f64, bold: bool) -> i32 {
    layout_text(text, size, bold).1.ceil() as i32
}

// Font sizes are ab_glyph pixel heights (ascent + descent): for DejaVu Sans the em is about
// 0.86 × size, the ascent 0.80 × size and digits and capitals 0.63 × size high.
fn ascent(size: f64) -> i32 {
    (size * 0.80).round() as i32
}

fn line_height(size: f64) -> i32 {
    (size * 1.25).round() as i32
}

/// Half the height of digits and capitals: add to a centre line to get the baseline.
fn cap_half(size: f64) -> i32 {
    (size * 0.315).round() as i32
}

fn clip_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT_CHARS)
        .collect()
}

/// Returns `text` if it fits in `max_w` px, else cuts it with "…".
fn ellipsize(text: &str, size: f64, bold: bool, max_w: i32) -> String {
    let text = clip_chars(text);
    if text_width(&text, size, bold) <= max_w {
        text
    } else {
        cut_with_ellipsis(&text, size, bold, max_w)
    }
}

/// The longest start of `text` that fits in `max_w` px with "…" after it.
fn cut_with_ellipsis(text: &str, size: f64, bold: bool, max_w: i32) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if chars.is_empty() || text_width(&candidate, size, bold) <= max_w {
            return candidate;
        }
        chars.pop();
    }
}

/// Wraps `text` into at most `max_lines` lines of at most `max_w` px; the last line gets "…"
/// when the text does not fit. Words longer than a line are broken.
fn wrap(text: &str, size: f64, bold: bool, max_w: i32, max_lines: usize) -> Vec<String> {
    let text = clip_chars(text);
    let fits = |s: &str| text_width(s, size, bold) <= max_w;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if fits(word) {
            current = word.to_string();
            continue;
        }
        for ch in word.chars() {
            current.push(ch);
            if !fits(&current) && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(ch);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(cut_with_ellipsis(&rest, size, bold, max_w));
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Metrics {
    s: f64,
}

impl Metrics {
    fn new(width: u32) -> Self {
        Metrics {
            s: f64::from(width) / f64::from(DEFAULT_WIDTH),
        }
    }

    fn px(self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    fn font(self, v: f64) -> f64 {
        v * self.s
    }
}

/// What is shared by all panels of a picture.
struct Frame {
    m: Metrics,
    plot_left: i32,
    plot_right: i32,
    axis: Option<TimeAxis>,
}

#[derive(Debug, Clone)]
enum Swatch {
    None,
    Series(Look),
    Baseline,
    Meeting,
    Alert,
}

#[derive(Debug, Clone)]
struct LegendItem {
    swatch: Swatch,
    label: String,
    width: i32,
}

struct PanelLayout {
    title: Vec<String>,
    legend: Vec<Vec<LegendItem>>,
    caption: Vec<String>,
    height: i32,
}

fn check_width(width: u32) -> Result<(), ChartError> {
    if (MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        Ok(())
    } else {
        Err(ChartError::BadWidth(width))
    }
}

fn validate(panels: &[Panel]) -> Result<(), ChartError> {
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

fn plan_panels(
    panels: &[Panel],
    labels: &Labels,
    tz: Tz,
    width: u32,
) -> Result<(Frame, Vec<PanelLayout>), ChartError> {
    check_width(width)?;
    validate(panels)?;
    fonts()?;
    let m = Metrics::new(width);
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

fn legend_items(frame: &Frame, panel: &Panel, labels: &Labels, max_w: i32) -> Vec<LegendItem> {
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

fn flow(items: Vec<LegendItem>, max_w: i32, gap: i32) -> Vec<Vec<LegendItem>> {
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

fn axis_zone_height(frame: &Frame) -> i32 {
    let m = frame.m;
    let Some(axis) = &frame.axis else {
        return m.px(ALERT_ZONE);
    };
    let mut h = m.px(ALERT_ZONE) + line_height(m.font(AXIS_SIZE));
    if axis.ticks.iter().any(|t| t.year.is_some()) {
        h += line_height(m.font(YEAR_SIZE));
    }
    h
}

fn layout_panel(frame: &Frame, panel: &Panel, labels: &Labels, w: i32) -> PanelLayout {
    let m = frame.m;
    let content = w - 2 * m.px(MARGIN);
    let title = wrap(&panel.title, m.font(TITLE_SIZE), true, content, 2);
    let legend = flow(
        legend_items(frame, panel, labels, content),
        content,
        m.px(LEGEND_GAP),
    );
    let caption = match &panel.caption {
        Some(text) => wrap(text, m.font(CAPTION_SIZE), false, content, 3),
        None => Vec::new(),
    };
    let height = m.px(TOP_MARGIN)
        + title.len() as i32 * line_height(m.font(TITLE_SIZE))
        + legend.len() as i32 * line_height(m.font(LEGEND_SIZE) * 1.2)
        + m.px(14.0)
        + m.px(PLOT_HEIGHT)
        + axis_zone_height(frame)
        + if caption.is_empty() { 0 } else { m.px(10.0) }
        + caption.len() as i32 * line_height(m.font(CAPTION_SIZE))
        + m.px(PANEL_BOTTOM);
    PanelLayout {
        title,
        legend,
        caption,
        height,
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

fn draw_error<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

struct Canvas<'a, 'b> {
    area: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    m: Metrics,
}

impl Canvas<'_, '_> {
    /// Fills the pixels `x0..x1` × `y0..y1` (the bitmap backend treats the far corner as
    /// exclusive for filled rectangles).
    fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, colour: RGBColor) -> Result<(), ChartError> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
            .map_err(draw_error)
    }

    fn line(&self, points: &[(i32, i32)], colour: RGBColor, width: f64) -> Result<(), ChartError> {
        let width = self.m.px(width).max(1) as u32;
        if width <= 2 {
            return self
                .area
                .draw(&PathElement::new(points.to_vec(), colour.stroke_width(width)))
                .map_err(draw_error);
        }
        // Thick lines: draw each stretch with round dots at the joints so corners stay solid.
        for pair in points.windows(2) {
            self.area
                .draw(&PathElement::new(pair.to_vec(), colour.stroke_width(width)))
                .map_err(draw_error)?;
        }
        for p in points {
            self.area
                .draw(&Circle::new(*p, width / 2, colour.filled()))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn dashed(
        &self,
        points: &[(i32, i32)],
        colour: RGBColor,
        width: f64,
        on: f64,
        off: f64,
    ) -> Result<(), ChartError> {
        for dash in dashes(points, f64::from(self.m.px(on)), f64::from(self.m.px(off))) {
            self.line(&dash, colour, width)?;
        }
        Ok(())
    }

    /// A marker: a white halo `halo` px wider than the marker (0 = none), or the marker itself.
    fn marker(
        &self,
        kind: Marker,
        at: (i32, i32),
        size: f64,
        halo: i32,
        colour: RGBColor,
    ) -> Result<(), ChartError> {
        let r = self.m.px(size).max(2) + halo;
        let (x, y) = at;
        match kind {
            Marker::Circle => self
                .area
                .draw(&Circle::new(at, r, colour.filled()))
                .map_err(draw_error),
            Marker::Square => self.rect(x - r, y - r, x + r + 1, y + r + 1, colour),
            Marker::Diamond => {
                let r = r + 1;
                let points = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
                self.area
                    .draw(&Polygon::new(points, colour.filled()))
                    .map_err(draw_error)
            }
        }
    }

    /// A series' line and markers. Each marker gets a thin white halo against other lines, but
    /// the series' own line is drawn again over the halos so it is not cut.
    fn series_run(&self, pts: &[(i32, i32)], look: &Look, marker_size: f64) -> Result<(), ChartError> {
        let draw_line = || -> Result<(), ChartError> {
            if pts.len() < 2 {
                return Ok(());
            }
            match look.dash {
                Some((on, off)) => self.dashed(pts, look.colour, look.width, on, off),
                None => self.line(pts, look.colour, look.width),
            }
        };
        draw_line()?;
        let halo = self.m.px(2.0).max(1);
        for p in pts {
            self.marker(look.marker, *p, marker_size, halo, WHITE)?;
        }
        draw_line()?;
        for p in pts {
            self.marker(look.marker, *p, marker_size, 0, look.colour)?;
        }
        Ok(())
    }

    /// Draws `text` with its baseline at `baseline`; `h` says whether `x` is its left end, centre
    /// or right end.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        text: &str,
        x: i32,
        baseline: i32,
        size: f64,
        bold: bool,
        colour: RGBColor,
        h: HPos,
    ) -> Result<(), ChartError> {
        let fonts = fonts()?;
        let font = if bold { &fonts.bold } else { &fonts.regular };
        let (glyphs, width) = layout_text(text, size, bold);
        let start = match h {
            HPos::Left => x as f32,
            HPos::Center => x as f32 - width / 2.0,
            HPos::Right => x as f32 - width,
        };
        for mut glyph in glyphs {
            glyph.position = point(glyph.position.x + start.round(), baseline as f32);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            let mut result = Ok(());
            outline.draw(|gx, gy, coverage| {
                if result.is_ok() && coverage > 0.0 {
                    let pixel = (left + gx as i32, top + gy as i32);
                    let paint = colour.mix(f64::from(coverage.min(1.0)));
                    result = self.area.draw_pixel(pixel, &paint).map_err(draw_error);
                }
            });
            result?;
        }
        Ok(())
    }

    fn swatch(&self, swatch: &Swatch, x: i32, center: i32) -> Result<(), ChartError> {
        let w = self.m.px(SWATCH);
        let mid = x + w / 2;
        match swatch {
            Swatch::None => Ok(()),
            Swatch::Series(look) => {
                let pts = [(x, center), (x + w, center)];
                match look.dash {
                    Some((on, off)) => self.dashed(&pts, look.colour, look.width, on * 0.6, off * 0.6)?,
                    None => self.line(&pts, look.colour, look.width)?,
                }
                self.marker(look.marker, (mid, center), look.marker_size, 0, look.colour)
            }
            Swatch::Baseline => self.dashed(&[(x, center), (x + w, center)], BASELINE, 3.0, 10.0, 6.0),
            Swatch::Meeting => {
                let half = self.m.px(14.0);
                self.dashed(
                    &[(mid, center - half), (mid, center + half)],
                    MEETING,
                    3.0,
                    4.0,
                    5.0,
                )
            }
            Swatch::Alert => self.alert_triangle(mid, center - self.m.px(9.0)),
        }
    }

    /// A small red triangle pointing up with its tip at (`x`, `tip`).
    fn alert_triangle(&self, x: i32, tip: i32) -> Result<(), ChartError> {
        let h = self.m.px(18.0);
        let half = self.m.px(11.0);
        let points = vec![(x, tip), (x + half, tip + h), (x - half, tip + h)];
        self.area
            .draw(&Polygon::new(points, ALERT.filled()))
            .map_err(draw_error)
    }
}

fn draw_panel(
    canvas: &Canvas<'_, '_>,
    frame: &Frame,
    panel: &Panel,
    layout: &PanelLayout,
    top: i32,
) -> Result<(), ChartError> {
    let m = frame.m;
    let margin = m.px(MARGIN);
    let scale = panel.scale.scale();
    let (left, right) = (frame.plot_left, frame.plot_right);

    // Title and legend.
    let mut y = top + m.px(TOP_MARGIN);
    let title_size = m.font(TITLE_SIZE);
    for line in &layout.title {
        canvas.text(
            line,
            margin,
            y + ascent(title_size),
            title_size,
            true,
            TEXT,
            HPos::Left,
        )?;
        y += line_height(title_size);
    }
    let legend_size = m.font(LEGEND_SIZE);
    let row_h = line_height(legend_size * 1.2);
    for row in &layout.legend {
        let center = y + row_h / 2;
        let mut x = margin;
        for item in row {
            let bold = matches!(item.swatch, Swatch::None);
            let mut tx = x;
            if !bold {
                canvas.swatch(&item.swatch, x, center)?;
                tx += m.px(SWATCH) + m.px(SWATCH_GAP);
            }
            let colour = if bold { MUTED } else { TEXT };
            canvas.text(
                &item.label,
                tx,
                center + cap_half(legend_size),
                legend_size,
                bold,
                colour,
                HPos::Left,
            )?;
            x += item.width + m.px(LEGEND_GAP);
        }
        y += row_h;
    }
    y += m.px(14.0);
    let plot_top = y;
    let plot_bottom = y + m.px(PLOT_HEIGHT);

    // Colour bands, one row per value, merged where neighbours share a band.
    let band_of = |v: i32| {
        Score::new(&scale, v)
            .map(|s| scale.band(s))
            .unwrap_or(Band::Yellow)
    };
    let mut v = scale.min;
    while v <= scale.max {
        let band = band_of(v);
        let mut end = v;
        while end < scale.max && band_of(end + 1) == band {
            end += 1;
        }
        let ya = value_to_y(&scale, f64::from(v) - 0.5, plot_top, plot_bottom);
        let yb = value_to_y(&scale, f64::from(end) + 0.5, plot_top, plot_bottom);
        canvas.rect(left, ya.min(yb), right, ya.max(yb), band_colour(band))?;
        v = end + 1;
    }

    // Vertical grid at the date ticks.
    if let Some(axis) = &frame.axis {
        for tick in &axis.ticks {
            let x = time_to_x(tick.at, axis.t0, axis.t1, left, right);
            canvas.rect(x - 1, plot_top, x + 1, plot_bottom, GRID)?;
        }
    }

    // Y labels.
    let axis_size = m.font(AXIS_SIZE);
    for value in scale.values() {
        let yv = value_to_y(&scale, f64::from(value), plot_top, plot_bottom);
        canvas.text(
            &value.to_string(),
            left - m.px(12.0),
            yv + cap_half(axis_size),
            axis_size,
            false,
            TEXT,
            HPos::Right,
        )?;
    }

    if let Some(axis) = &frame.axis {
        let x_of = |t: DateTime<Utc>| time_to_x(t, axis.t0, axis.t1, left, right);

        for meeting in &panel.meetings {
            let x = x_of(*meeting);
            canvas.dashed(&[(x, plot_top), (x, plot_bottom)], MEETING, 3.0, 4.0, 6.0)?;
        }
        if let Some(baseline) = panel.baseline.filter(|b| b.is_finite()) {
            let b = baseline.clamp(f64::from(scale.min), f64::from(scale.max));
            let yb = value_to_y(&scale, b, plot_top, plot_bottom);
            canvas.dashed(&[(left, yb), (right, yb)], BASELINE, 3.0, 14.0, 8.0)?;
        }

        // Series: others first, the young person on top.
        let series_looks = looks(&panel.series);
        let row = (plot_bottom - plot_top) / (scale.max - scale.min + 1);
        let offsets = dodges(&panel.series, (row / 7).min(m.px(7.0)));
        let mut order: Vec<usize> = (0..panel.series.len()).collect();
        order.sort_by_key(|&i| panel.series[i].style == SeriesStyle::Youth);
        for &i in &order {
            let series = &panel.series[i];
            let look = series_looks[i];
            let dy = offsets[i];
            // Dense series (a year of weeks) get smaller markers so the line and the gaps show.
            let week_px = f64::from(x_of(axis.t0 + Duration::weeks(1)) - left) / m.s;
            let marker_size = look.marker_size * (week_px * 0.36 / 8.0).clamp(0.5, 1.0);
            let mut points = series.points.clone();
            points.sort_by_key(|p| p.at);
            let values: Vec<Option<i32>> = points.iter().map(|p| p.value).collect();
            for run in segments(&values) {
                let pts: Vec<(i32, i32)> = points[run]
                    .iter()
                    .filter_map(|p| {
                        p.value.map(|v| {
                            (
                                x_of(p.at),
                                value_to_y(&scale, f64::from(v), plot_top, plot_bottom) + dy,
                            )
                        })
                    })
                    .collect();
                canvas.series_run(&pts, &look, marker_size)?;
            }
        }

        // Alerts: a triangle on the x axis, and a ring around the young person's answer.
        let youth: Vec<(DateTime<Utc>, i32)> = panel
            .series
            .iter()
            .filter(|s| s.style == SeriesStyle::Youth)
            .flat_map(|s| s.points.iter().filter_map(|p| p.value.map(|v| (p.at, v))))
            .collect();
        for alert in &panel.alerts {
            let x = x_of(*alert);
            canvas.alert_triangle(x, plot_bottom + m.px(3.0))?;
            let nearest = youth
                .iter()
                .filter(|(at, _)| (*at - *alert).abs() <= Duration::days(4))
                .min_by_key(|(at, _)| (*at - *alert).abs());
            if let Some((at, v)) = nearest {
                let centre = (
                    x_of(*at),
                    value_to_y(&scale, f64::from(*v), plot_top, plot_bottom),
                );
                let r = m.px(16.0);
                canvas
                    .area
                    .draw(&Circle::new(
                        centre,
                        r,
                        ALERT.stroke_width(m.px(4.0).max(1) as u32),
                    ))
                    .map_err(draw_error)?;
            }
        }

        // Date labels.
        let w = right + m.px(MARGIN);
        let label_baseline = plot_bottom + m.px(ALERT_ZONE) + ascent(axis_size);
        let year_size = m.font(YEAR_SIZE);
        for tick in &axis.ticks {
            let x = x_of(tick.at);
            let half = text_width(&tick.label, axis_size, false) / 2;
            let x = x.clamp(half + m.px(4.0), w - half - m.px(4.0));
            canvas.text(
                &tick.label,
                x,
                label_baseline,
                axis_size,
                false,
                TEXT,
                HPos::Center,
            )?;
            if let Some(year) = &tick.year {
                let yb = label_baseline + line_height(year_size);
                let half = text_width(year, year_size, false) / 2;
                let x = x.clamp(half + m.px(4.0), w - half - m.px(4.0));
                canvas.text(year, x, yb, year_size, false, MUTED, HPos::Center)?;
            }
        }
    }

    // Frame around the plot.
    let t = m.px(2.0).max(1);
    canvas.rect(left - t, plot_top - t, right + t, plot_top, AXIS)?;
    canvas.rect(left - t, plot_bottom, right + t, plot_bottom + t, AXIS)?;
    canvas.rect(left - t, plot_top, left, plot_bottom, AXIS)?;
    canvas.rect(right, plot_top, right + t, plot_bottom, AXIS)?;

    // Caption.
    let caption_size = m.font(CAPTION_SIZE);
    let mut y = plot_bottom + axis_zone_height(frame) + m.px(10.0);
    for line in &layout.caption {
        canvas.text(
            line,
            margin,
            y + ascent(caption_size),
            caption_size,
            false,
            TEXT,
            HPos::Left,
        )?;
        y += line_height(caption_size);
    }
    Ok(())
}

/// Encodes an RGB buffer as PNG. Charts are mostly flat colours, so they are stored with a
/// palette (a third of the data, and much smaller files); the rare anti-aliasing shades beyond
/// the 256 most frequent colours are mapped to the nearest palette colour.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let (palette, indexes) = to_palette(rgb);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&indexes)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Returns a palette (at most 256 RGB triples, flattened) and one palette index per pixel.
/// Exact when the picture has at most 256 colours.
fn to_palette(rgb: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use std::collections::HashMap;
    let pixels = rgb.chunks_exact(3).map(|p| [p[0], p[1], p[2]]);
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    let mut last = None;
    for p in pixels.clone() {
        if last != Some(p) {
            *counts.entry(p).or_insert(0) += 1;
            last = Some(p);
        }
    }
    let mut by_count: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<[u8; 3]> = by_count.iter().take(256).map(|(c, _)| *c).collect();
    let distance =
        |a: [u8; 3], b: [u8; 3]| -> i32 { (0..3).map(|i| (i32::from(a[i]) - i32::from(b[i])).pow(2)).sum() };
    let index: HashMap<[u8; 3], u8> = by_count
        .iter()
        .map(|(colour, _)| {
            let nearest = (0..kept.len())
                .min_by_key(|&i| distance(*colour, kept[i]))
                .unwrap_or(0);
            (*colour, nearest as u8)
        })
        .collect();
    let mut last: Option<([u8; 3], u8)> = None;
    let indexes = pixels
        .map(|p| match last {
            Some((colour, i)) if colour == p => i,
            _ => {
                let i = index.get(&p).copied().unwrap_or(0);
                last = Some((p, i));
                i
            }
        })
        .collect();
    (kept.concat(), indexes)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

    fn labels() -> Labels {
        Labels {
            better_up: "↑ bedre".into(),
            baseline: "Udgangspunkt".into(),
            meeting: "Møde".into(),
            alert: "Alarm".into(),
        }
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 9, 3, 16, 0, 0).unwrap()
    }

    /// A year-like run of weekly answers drifting from `from` to `to` (0 = worst, 1 = best on
    /// the scale) with some ups and downs, and missed weeks: every `miss_every`th week and a
    /// three-week break around New Year (none when `miss_every` is 0).
    fn weekly(
        scale: ScaleKind,
        weeks: usize,
        (from, to): (f64, f64),
        seed: u64,
        miss_every: usize,
    ) -> Vec<Point> {
        let s = scale.scale();
        let mut state = seed;
        (0..weeks)
            .map(|week| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = ((state >> 33) % 1000) as f64 / 1000.0 - 0.5;
                let t = week as f64 / weeks as f64;
                let good =
                    (from + (to - from) * t + 0.12 * (week as f64 / 5.0 + seed as f64).sin() + 0.18 * noise)
                        .clamp(0.0, 1.0);
                let span = f64::from(s.max - s.min);
                let value = match s.direction {
                    Direction::HigherIsBetter => s.min + (good * span).round() as i32,
                    Direction::LowerIsBetter => s.max - (good * span).round() as i32,
                };
                let missed =
                    miss_every > 0 && (week % miss_every == miss_every - 1 || (17..20).contains(&week));
                Point {
                    at: start() + Duration::weeks(week as i64),
                    value: (!missed).then_some(value),
                }
            })
            .collect()
    }

    fn caseworker_panel(scale: ScaleKind, title: &str) -> Panel {
        let series = |label: &str, trend, seed, miss, style| Series {
            label: label.into(),
            points: weekly(scale, 52, trend, seed, miss),
            style,
        };
        let s = scale.scale();
        let baseline = match s.direction {
            Direction::HigherIsBetter => f64::from(s.min) + 0.3 * f64::from(s.max - s.min),
            Direction::LowerIsBetter => f64::from(s.max) - 0.3 * f64::from(s.max - s.min),
        };
        Panel {
            title: title.into(),
            scale,
            series: vec![
                series("Mikkel", (0.3, 0.75), 1, 9, SeriesStyle::Youth),
                series("Mor", (0.2, 0.6), 2, 7, SeriesStyle::Parent),
                series("Far", (0.35, 0.5), 5, 0, SeriesStyle::Parent),
                series("Lærer (vidne)", (0.4, 0.8), 3, 5, SeriesStyle::Witness),
            ],
            baseline: Some(baseline),
            alerts: vec![start() + Duration::weeks(12), start() + Duration::weeks(30)],
            meetings: vec![
                start() + Duration::weeks(8),
                start() + Duration::weeks(26),
                start() + Duration::weeks(44),
            ],
            caption: Some(format!("{title}: fra 4 til 7 siden 3. september")),
        }
    }

    fn youth_panels() -> Vec<Panel> {
        [
            (ScaleKind::ZeroToTen, "Skole – gå i skole hver dag"),
            (ScaleKind::Aarhus0To4, "Færre konflikter derhjemme"),
            (ScaleKind::FiveStep, "Søvn og trivsel"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (scale, title))| Panel {
            title: title.into(),
            scale,
            series: vec![Series {
                label: String::new(),
                points: weekly(scale, 52, (0.3, 0.7), 10 + i as u64, 6),
                style: SeriesStyle::Youth,
            }],
            baseline: None,
            alerts: vec![],
            meetings: vec![],
            caption: Some(format!(
                "{}: fra 4 til 7 siden 3. september",
                title.split(' ').next().unwrap()
            )),
        })
        .collect()
    }

    fn header(png_bytes: &[u8]) -> (u32, u32) {
        assert_eq!(png_bytes[..8], PNG_SIGNATURE);
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let reader = decoder.read_info().expect("valid PNG header");
        let info = reader.info();
        (info.width, info.height)
    }

    #[test]
    fn a_year_of_weekly_answers_renders_for_every_scale() {
        let tz = chrono_tz::Europe::Copenhagen;
        for scale in ScaleKind::ALL {
            let panels = vec![caseworker_panel(scale, "Skole")];
            let bytes = render_panels(&panels, &labels(), tz, DEFAULT_WIDTH).unwrap();
            let expected = panels_height(&panels, &labels(), tz, DEFAULT_WIDTH).unwrap();
            assert_eq!(header(&bytes), (1080, expected), "{scale}");
            assert!((400..900).contains(&expected), "{scale}: {expected}");
        }
    }

    #[test]
    fn the_picture_grows_with_the_number_of_panels() {
        let tz = chrono_tz::Europe::Copenhagen;
        let panels = youth_panels();
        let one = panels_height(&panels[..1], &labels(), tz, DEFAULT_WIDTH).unwrap();
        let three = panels_height(&panels, &labels(), tz, DEFAULT_WIDTH).unwrap();
        assert!(three > 2 * one, "{one} {three}");
        let bytes = render_panels(&panels, &labels(), tz, DEFAULT_WIDTH).unwrap();
        assert_eq!(header(&bytes), (1080, three));
    }

    #[test]
    fn empty_series_draw_an_empty_framed_panel() {
        let panel = Panel {
            title: "Nyt mål".into(),
            scale: ScaleKind::Aarhus0To4,
            series: vec![Series {
                label: "Dig".into(),
                points: vec![],
                style: SeriesStyle::Youth,
            }],
            baseline: None,
            alerts: vec![],
            meetings: vec![],
            caption: None,
        };
        let bytes = render_panels(&[panel], &labels(), chrono_tz::Europe::Copenhagen, DEFAULT_WIDTH).unwrap();
        assert_eq!(header(&bytes).0, 1080);
    }

    #[test]
    fn bad_input_is_refused_with_an_error() {
        let tz = chrono_tz::Europe::Copenhagen;
        assert!(matches!(
            render_panels(&[], &labels(), tz, 1080),
            Err(ChartError::NoPanels)
        ));
        let many = vec![caseworker_panel(ScaleKind::ZeroToTen, "x"); MAX_PANELS + 1];
        assert!(matches!(
            render_panels(&many, &labels(), tz, 1080),
            Err(ChartError::TooManyPanels { .. })
        ));
        let mut wrong = caseworker_panel(ScaleKind::Aarhus0To4, "x");
        wrong.series[1].points[3].value = Some(7);
        let err = render_panels(&[wrong], &labels(), tz, 1080).unwrap_err();
        assert!(matches!(
            err,
            ChartError::ValueOutOfRange {
                panel: 0,
                value: 7,
                min: 0,
                max: 4
            }
        ));
        let one = vec![caseworker_panel(ScaleKind::ZeroToTen, "x")];
        assert!(matches!(
            render_panels(&one, &labels(), tz, 100),
            Err(ChartError::BadWidth(100))
        ));
    }

    #[test]
    fn better_is_always_up() {
        let (top, bottom) = (100, 400);
        let aarhus = ScaleKind::Aarhus0To4.scale();
        assert!(value_to_y(&aarhus, 0.0, top, bottom) < value_to_y(&aarhus, 4.0, top, bottom));
        let five = ScaleKind::FiveStep.scale();
        assert!(value_to_y(&five, 1.0, top, bottom) < value_to_y(&five, 5.0, top, bottom));
        let ten = ScaleKind::ZeroToTen.scale();
        assert!(value_to_y(&ten, 10.0, top, bottom) < value_to_y(&ten, 0.0, top, bottom));
        // Every value lies inside the plot, half a row from the edge.
        for kind in ScaleKind::ALL {
            let s = kind.scale();
            let row = (bottom - top) / (s.max - s.min + 1);
            for v in s.values() {
                let y = value_to_y(&s, f64::from(v), top, bottom);
                assert!(
                    y >= top + row / 2 - 1 && y <= bottom - row / 2 + 1,
                    "{kind} {v} {y}"
                );
            }
        }
    }

    #[test]
    fn missed_answers_split_the_line() {
        // (answers, runs as (start, end) index pairs)
        type Case = (&'static [Option<i32>], &'static [(usize, usize)]);
        let cases: [Case; 8] = [
            (&[], &[]),
            (&[None, None], &[]),
            (&[Some(1)], &[(0, 1)]),
            (&[Some(1), Some(2), Some(3)], &[(0, 3)]),
            (&[Some(1), None, Some(3)], &[(0, 1), (2, 3)]),
            (&[None, Some(1), Some(2), None], &[(1, 3)]),
            (
                &[Some(0), Some(0), None, None, Some(5), Some(6)],
                &[(0, 2), (4, 6)],
            ),
            (&[None, Some(4), None, Some(4), None], &[(1, 2), (3, 4)]),
        ];
        for (values, expected) in cases {
            let runs: Vec<(usize, usize)> = segments(values).into_iter().map(|r| (r.start, r.end)).collect();
            assert_eq!(runs, expected, "{values:?}");
        }
    }

    #[test]
    fn dashes_follow_the_pattern() {
        let pieces = dashes(&[(0, 0), (100, 0)], 10.0, 5.0);
        assert_eq!(pieces.len(), 7);
        assert_eq!(pieces[0], vec![(0, 0), (10, 0)]);
        assert_eq!(pieces[1], vec![(15, 0), (25, 0)]);
        assert_eq!(pieces[6], vec![(90, 0), (100, 0)]);
        // Around a corner the dash continues.
        let corner = dashes(&[(0, 0), (6, 0), (6, 10)], 10.0, 5.0);
        assert_eq!(corner[0], vec![(0, 0), (6, 0), (6, 4)]);
    }

    #[test]
    fn date_labels_are_day_and_month_in_local_time() {
        let tz = chrono_tz::Europe::Copenhagen;
        // 22:30 UTC on 31 August is already 1 September in Copenhagen.
        let t0 = Utc.with_ymd_and_hms(2025, 8, 27, 22, 0, 0).unwrap();
        let t1 = Utc.with_ymd_and_hms(2025, 9, 5, 0, 0, 0).unwrap();
        let ticks = time_ticks(t0, t1, tz, 20);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["28/8", "29/8", "30/8", "31/8", "1/9", "2/9", "3/9", "4/9", "5/9"]
        );
        assert_eq!(ticks[4].at, Utc.with_ymd_and_hms(2025, 8, 31, 22, 0, 0).unwrap());
        // A year of weeks gets monthly ticks, with the year shown where it changes.
        let year = time_ticks(start(), start() + Duration::weeks(52), tz, 10);
        assert!(year.len() <= 10 && year.len() >= 5, "{year:?}");
        assert!(year.iter().all(|t| t.label.starts_with("1/")), "{year:?}");
        let years: Vec<&str> = year.iter().filter_map(|t| t.year.as_deref()).collect();
        assert_eq!(years, ["2025", "2026"]);
    }

    #[test]
    fn long_text_wraps_and_is_cut_with_an_ellipsis() {
        fonts().unwrap();
        let text = "Jeg vil gerne komme i skole hver dag og have det godt med mine venner i frikvarteret";
        let lines = wrap(text, 30.0, false, 400, 2);
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| text_width(l, 30.0, false) <= 400),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("Søvn", 30.0, false, 400, 2), ["Søvn"]);
        let long_word = wrap(&"å".repeat(200), 30.0, true, 300, 3);
        assert_eq!(long_word.len(), 3);
    }

    #[test]
    fn the_palette_is_exact_for_few_colours() {
        let rgb = [
            255, 255, 255, 255, 255, 255, 0, 114, 178, 252, 218, 214, 0, 114, 178,
        ];
        let (palette, indexes) = to_palette(&rgb);
        assert_eq!(palette.len(), 9);
        let back: Vec<u8> = indexes
            .iter()
            .flat_map(|&i| palette[i as usize * 3..i as usize * 3 + 3].to_vec())
            .collect();
        assert_eq!(back, rgb);
        // More than 256 colours: the rare ones map to the nearest kept colour.
        let many: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0])
            .collect();
        let (palette, indexes) = to_palette(&many);
        assert_eq!(palette.len(), 256 * 3);
        assert_eq!(indexes.len(), 300);
    }

    #[test]
    fn bars_render_as_png() {
        let bars = vec![
            ("Aktive sager".to_string(), 143),
            ("Svar denne uge".to_string(), 97),
            ("Alarmer".to_string(), 12),
            ("Stoppet (/stop)".to_string(), 0),
        ];
        let bytes = render_bars("Ugens tal", &bars, DEFAULT_WIDTH).unwrap();
        let (w, h) = header(&bytes);
        assert_eq!(w, 1080);
        assert!(h > 4 * 60, "{h}");
        let empty = render_bars("Ingen tal", &[], DEFAULT_WIDTH).unwrap();
        assert_eq!(header(&empty).0, 1080);
    }

    /// `cargo test --release -- --ignored --nocapture write_example_pictures`
    #[test]
    #[ignore = "writes pictures to /tmp/charts-out and prints timings"]
    fn write_example_pictures() {
        let tz = chrono_tz::Europe::Copenhagen;
        std::fs::create_dir_all("/tmp/charts-out").unwrap();
        let youth = youth_panels();
        let caseworker = vec![
            caseworker_panel(ScaleKind::ZeroToTen, "Skole"),
            caseworker_panel(ScaleKind::Aarhus0To4, "Konflikter derhjemme"),
            caseworker_panel(ScaleKind::FiveStep, "Trivsel"),
        ];
        let bars = vec![
            ("Aktive sager".to_string(), 143),
            ("Svar denne uge".to_string(), 97),
            ("Alarmer".to_string(), 12),
            ("Møder afholdt".to_string(), 31),
            ("Unge der har stoppet".to_string(), 4),
        ];
        let started = std::time::Instant::now();
        let y = render_panels(&youth, &labels(), tz, DEFAULT_WIDTH).unwrap();
        println!("youth: {} bytes in {:?}", y.len(), started.elapsed());
        let started = std::time::Instant::now();
        let c = render_panels(&caseworker, &labels(), tz, DEFAULT_WIDTH).unwrap();
        println!("caseworker: {} bytes in {:?}", c.len(), started.elapsed());
        let eight = vec![caseworker_panel(ScaleKind::ZeroToTen, "Skole"); MAX_PANELS];
        let started = std::time::Instant::now();
        let e = render_panels(&eight, &labels(), tz, DEFAULT_WIDTH).unwrap();
        println!("8 panels: {} bytes in {:?}", e.len(), started.elapsed());
        let started = std::time::Instant::now();
        let b = render_bars("Sager og svar denne uge", &bars, DEFAULT_WIDTH).unwrap();
        println!("bars: {} bytes in {:?}", b.len(), started.elapsed());
        let mut fresh = caseworker_panel(ScaleKind::FiveStep, "x");
        fresh.title =
            "Jeg vil gerne have det bedre med mine venner og ikke være så meget alene i weekenderne \
                       og om aftenen når mor er på arbejde 😊"
                .into();
        fresh.caption = Some(
            "Trivsel: fra 4 til 2 siden 3. september. Det er en rigtig god udvikling, \
                              som vi skal tale om på næste møde sammen med din kontaktperson."
                .into(),
        );
        for series in &mut fresh.series {
            series.points.truncate(6);
        }
        fresh.alerts = vec![start() + Duration::weeks(2)];
        fresh.meetings = vec![start() + Duration::days(30)];
        let empty = Panel {
            title: "Nyt mål uden svar endnu".into(),
            scale: ScaleKind::ZeroToTen,
            series: vec![],
            baseline: None,
            alerts: vec![],
            meetings: vec![],
            caption: None,
        };
        let n = render_panels(&[fresh, empty], &labels(), tz, DEFAULT_WIDTH).unwrap();
        std::fs::write("/tmp/charts-out/chart-new.png", n).unwrap();
        let long: Vec<(String, u32)> = (0..12)
            .map(|i| {
                (
                    format!("Afdeling {i} – Familie- og ungerådgivningen i Åby"),
                    i * 37 % 200,
                )
            })
            .collect();
        let l = render_bars(
            "Svarprocent pr. afdeling de seneste fire uger (alle sager)",
            &long,
            720,
        )
        .unwrap();
        std::fs::write("/tmp/charts-out/chart-bars-long.png", l).unwrap();
        std::fs::write("/tmp/charts-out/chart-youth.png", y).unwrap();
        std::fs::write("/tmp/charts-out/chart-caseworker.png", c).unwrap();
        std::fs::write("/tmp/charts-out/chart-eight.png", e).unwrap();
        std::fs::write("/tmp/charts-out/chart-bars.png", b).unwrap();
    }
}
