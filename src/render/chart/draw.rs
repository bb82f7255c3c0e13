//! Drawing on the bitmap: the canvas primitives and one goal panel.

use ab_glyph::{Font, point};
use chrono::{DateTime, Duration, Utc};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::domain::scale::{Band, Score};

use super::geometry::{dashes, dodges, segments, time_to_x, value_to_y};
use super::layout::{Frame, Metrics, PanelLayout, Swatch, axis_zone_height};
use super::style::{
    ALERT, ALERT_ZONE, AXIS, AXIS_SIZE, BASELINE, CAPTION_SIZE, GRID, LEGEND_GAP, LEGEND_SIZE, Look, MARGIN,
    MEETING, MUTED, Marker, SWATCH, SWATCH_GAP, TEXT, TOP_MARGIN, YEAR_SIZE, band_colour, looks,
};
use super::text::{ascent, cap_half, fonts, layout_text, line_height, text_width};
use super::{ChartError, Panel, SeriesStyle};

pub(super) fn draw_error<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

pub(super) struct Canvas<'a, 'b> {
    pub(super) area: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    pub(super) m: Metrics,
}

impl Canvas<'_, '_> {
    /// Fills the pixels `x0..x1` × `y0..y1` (the bitmap backend treats the far corner as
    /// exclusive for filled rectangles).
    pub(super) fn rect(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        colour: RGBColor,
    ) -> Result<(), ChartError> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
            .map_err(draw_error)
    }

    pub(super) fn line(&self, points: &[(i32, i32)], colour: RGBColor, width: f64) -> Result<(), ChartError> {
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

    pub(super) fn dashed(
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
    pub(super) fn marker(
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
    pub(super) fn series_run(
        &self,
        pts: &[(i32, i32)],
        look: &Look,
        marker_size: f64,
    ) -> Result<(), ChartError> {
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

    /// Bold title lines from `y` down; returns the `y` below the last line.
    pub(super) fn title(&self, lines: &[String], x: i32, mut y: i32, size: f64) -> Result<i32, ChartError> {
        for line in lines {
            self.text(line, x, y + ascent(size), size, true, TEXT, HPos::Left)?;
            y += line_height(size);
        }
        Ok(y)
    }

    /// Draws `text` with its baseline at `baseline`; `h` says whether `x` is its left end, centre
    /// or right end.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
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

    pub(super) fn swatch(&self, swatch: &Swatch, x: i32, center: i32) -> Result<(), ChartError> {
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
    pub(super) fn alert_triangle(&self, x: i32, tip: i32) -> Result<(), ChartError> {
        let h = self.m.px(18.0);
        let half = self.m.px(11.0);
        let points = vec![(x, tip), (x + half, tip + h), (x - half, tip + h)];
        self.area
            .draw(&Polygon::new(points, ALERT.filled()))
            .map_err(draw_error)
    }
}

pub(super) fn draw_panel(
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
    let mut y = canvas.title(&layout.title, margin, top + m.space(TOP_MARGIN), m.title_font())?;
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
    y += m.space(14.0);
    let plot_top = y;
    let plot_bottom = y + m.plot_height();

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
    // Every value that fits: every second one on a low plot (paper), so labels never overlap.
    let row = f64::from(plot_bottom - plot_top) / f64::from(scale.max - scale.min + 1);
    let needed = (axis_size / row).ceil().max(1.0) as i32;
    // A round step (0, 2, 4 … or 0, 5, 10), never 0, 3, 6, 9.
    let step = [1, 2, 5, 10].into_iter().find(|s| *s >= needed).unwrap_or(needed);
    for value in scale.values().filter(|v| (v - scale.min) % step == 0) {
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
        let label_baseline = plot_bottom + m.space(ALERT_ZONE) + ascent(axis_size);
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
    let mut y = plot_bottom + axis_zone_height(frame) + m.space(10.0);
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
