//! Geometry helpers (pure, tested): values and times to pixels, line segments, dashes.

use chrono::{DateTime, Utc};

use crate::domain::scale::{Direction, Scale};

use super::{Series, SeriesStyle};

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
pub(super) fn dodges(series: &[Series], unit: i32) -> Vec<i32> {
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
pub(super) fn time_to_x(
    at: DateTime<Utc>,
    t0: DateTime<Utc>,
    t1: DateTime<Utc>,
    left: i32,
    right: i32,
) -> i32 {
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
pub(super) fn dashes(points: &[(i32, i32)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
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
