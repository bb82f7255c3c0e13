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
//!
//! The parts: `layout` and `draw` (the goal panels, with `time_axis`, `geometry`, `text` and
//! `style`), `bars` (the bar chart) and `encode` (PNG with a palette).

mod bars;
mod draw;
mod encode;
mod geometry;
mod layout;
mod style;
mod text;
mod time_axis;

pub use bars::render_bars;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use plotters::prelude::*;

use crate::domain::scale::ScaleKind;

use draw::{Canvas, draw_error, draw_panel};
use encode::encode_png;
use layout::plan_panels;
use style::{BOTTOM_MARGIN, SEPARATOR};

/// The width the layout is designed for (a phone screen).
pub const DEFAULT_WIDTH: u32 = 1080;
/// The width of a picture printed across an A4 page's text, about 18 cm (≈ 300 dpi; see
/// [`Medium::Print`]).
pub const PRINT_WIDTH: u32 = 2160;
/// Narrowest and widest pictures we draw.
pub const MIN_WIDTH: u32 = 480;
pub const MAX_WIDTH: u32 = 2400;
/// Most panels in one picture (the picture grows with each panel).
pub const MAX_PANELS: usize = 8;
/// Most bars in one bar chart.
pub const MAX_BARS: usize = 40;

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

/// What a picture is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Medium {
    /// A phone screen (Telegram): the default.
    #[default]
    Screen,
    /// Paper, printed across the full text width of A4 (one goal under the other): text sized
    /// for print, less white space and a low, wide plot, so five goals fit on two pages.
    Print,
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
    render_panels_for(panels, labels, tz, width, Medium::Screen)
}

/// Like [`render_panels`], laid out for `medium`.
pub fn render_panels_for(
    panels: &[Panel],
    labels: &Labels,
    tz: Tz,
    width: u32,
    medium: Medium,
) -> Result<Vec<u8>, ChartError> {
    let (frame, layouts) = plan_panels(panels, labels, tz, width, medium)?;
    let height: i32 = layouts.iter().map(|l| l.height).sum::<i32>() + frame.m.space(BOTTOM_MARGIN);
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
    let (frame, layouts) = plan_panels(panels, labels, tz, width, Medium::Screen)?;
    Ok((layouts.iter().map(|l| l.height).sum::<i32>() + frame.m.space(BOTTOM_MARGIN)) as u32)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::encode::*;
    use super::geometry::*;
    use super::text::*;
    use super::time_axis::*;
    use super::*;
    use crate::domain::scale::Direction;

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

    /// "Søvn: fra 2 til 4 siden 3. september", from the first and the latest answer shown, so
    /// the sentence always matches the line and the scale.
    fn caption_for(area: &str, points: &[Point]) -> String {
        let answered: Vec<i32> = points.iter().filter_map(|p| p.value).collect();
        format!(
            "{area}: fra {} til {} siden 3. september",
            answered.first().copied().unwrap_or_default(),
            answered.last().copied().unwrap_or_default()
        )
    }

    /// The README's bar chart: counts as the report would show them (`None` = `<5`).
    fn readme_bars() -> Vec<(String, Option<u32>)> {
        vec![
            ("Aktive sager".to_string(), Some(143)),
            ("Svar denne uge".to_string(), Some(97)),
            ("Alarmer".to_string(), Some(12)),
            ("Møder afholdt".to_string(), Some(31)),
            ("Unge der har stoppet".to_string(), None),
        ]
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
            caption: None,
        }
    }

    fn youth_panels() -> Vec<Panel> {
        [
            (ScaleKind::ZeroToTen, "Skole – gå i skole hver dag", "Skole"),
            (ScaleKind::Aarhus0To4, "Færre konflikter derhjemme", "Familie"),
            (ScaleKind::FiveStep, "Søvn og trivsel", "Sundhed"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (scale, title, area))| {
            let points = weekly(scale, 52, (0.3, 0.7), 10 + i as u64, 6);
            Panel {
                title: title.into(),
                scale,
                caption: Some(caption_for(area, &points)),
                series: vec![Series {
                    label: String::new(),
                    points,
                    style: SeriesStyle::Youth,
                }],
                baseline: None,
                alerts: vec![],
                meetings: vec![],
            }
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
            ("Aktive sager".to_string(), Some(143)),
            ("Svar denne uge".to_string(), Some(97)),
            ("Alarmer".to_string(), Some(12)),
            ("Stoppet (/stop)".to_string(), Some(0)),
            ("Familie".to_string(), None),
        ];
        let bytes = render_bars("Ugens tal", &bars, DEFAULT_WIDTH).unwrap();
        let (w, h) = header(&bytes);
        assert_eq!(w, 1080);
        assert!(h > 5 * 60, "{h}");
        let empty = render_bars("Ingen tal", &[], DEFAULT_WIDTH).unwrap();
        assert_eq!(header(&empty).0, 1080);
    }

    /// The README's pictures obey the service's own rules: every bar passes the report's
    /// suppression (a count shown is 0 or at least 5, a small one is `<5`), and every value
    /// and every sentence stays on its scale.
    #[test]
    fn the_readme_pictures_obey_suppression_and_the_scales() {
        use crate::domain::report::Count;
        for (label, value) in readme_bars() {
            if let Some(v) = value {
                assert!(
                    Count::new(u64::from(v)).shown().is_some(),
                    "{label}: {v} would be <5 in the report"
                );
            }
        }
        let caseworker = [
            caseworker_panel(ScaleKind::ZeroToTen, "Skole"),
            caseworker_panel(ScaleKind::Aarhus0To4, "Konflikter derhjemme"),
            caseworker_panel(ScaleKind::FiveStep, "Trivsel"),
        ];
        for panel in youth_panels().iter().chain(&caseworker) {
            let scale = panel.scale.scale();
            for v in panel
                .series
                .iter()
                .flat_map(|s| s.points.iter().filter_map(|p| p.value))
            {
                assert!((scale.min..=scale.max).contains(&v), "{}: {v}", panel.title);
            }
            if let Some(caption) = &panel.caption {
                let numbers: Vec<i32> = caption
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect();
                // "fra X til Y siden 3. september": X and Y on the scale.
                for v in &numbers[..2] {
                    assert!((scale.min..=scale.max).contains(v), "{caption}");
                }
            }
        }
    }

    /// Writes the README's pictures to `docs/` (the one place they come from) and a few more
    /// examples to /tmp/charts-out:
    /// `cargo test --release --lib -- --ignored --nocapture write_example_pictures`
    #[test]
    #[ignore = "writes the README's pictures to docs/ and examples to /tmp/charts-out"]
    fn write_example_pictures() {
        let tz = chrono_tz::Europe::Copenhagen;
        std::fs::create_dir_all("/tmp/charts-out").unwrap();
        let youth = youth_panels();
        let caseworker = vec![
            caseworker_panel(ScaleKind::ZeroToTen, "Skole"),
            caseworker_panel(ScaleKind::Aarhus0To4, "Konflikter derhjemme"),
            caseworker_panel(ScaleKind::FiveStep, "Trivsel"),
        ];
        let bars = readme_bars();
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
        let long: Vec<(String, Option<u32>)> = (0..12)
            .map(|i| {
                (
                    format!("Afdeling {i} – Familie- og ungerådgivningen i Åby"),
                    Some(i * 37 % 200 + 5),
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
        std::fs::write("/tmp/charts-out/chart-eight.png", e).unwrap();
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::write(docs.join("chart-youth.png"), y).unwrap();
        std::fs::write(docs.join("chart-caseworker.png"), c).unwrap();
        std::fs::write(docs.join("chart-bars.png"), b).unwrap();
    }
}
