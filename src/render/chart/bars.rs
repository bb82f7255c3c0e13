//! The bar chart of the management report: one horizontal bar per category, with its value.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::draw::{Canvas, draw_error};
use super::encode::encode_png;
use super::layout::{Metrics, check_width};
use super::style::{
    AXIS, BAR, BAR_LABEL_SIZE, BAR_ROW, BAR_THICKNESS, BOTTOM_MARGIN, MARGIN, TEXT, TITLE_SIZE, TOP_MARGIN,
};
use super::text::{cap_half, ellipsize, fonts, line_height, text_width, wrap};
use super::{ChartError, MAX_BARS};
use crate::domain::report::SUPPRESSED;

/// A horizontal bar chart with the value at the end of each bar, e.g. for the management
/// report. Bars are drawn in the given order; the longest bar spans the available width. A
/// value of `None` is a small count: no bar, only `<5` ([`SUPPRESSED`]).
pub fn render_bars(title: &str, bars: &[(String, Option<u32>)], width: u32) -> Result<Vec<u8>, ChartError> {
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
    let value_text = |v: Option<u32>| v.map_or_else(|| SUPPRESSED.to_string(), |v| v.to_string());
    let max_value = bars.iter().filter_map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let value_w = bars
        .iter()
        .map(|(_, v)| text_width(&value_text(*v), value_size, true))
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
        canvas.title(&title_lines, margin, m.px(TOP_MARGIN), title_size)?;
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
            let len =
                (f64::from(value.unwrap_or(0)) / f64::from(max_value) * f64::from(bar_max)).round() as i32;
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
                &value_text(*value),
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
