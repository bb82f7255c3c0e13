//! Text: the embedded DejaVu Sans fonts, glyph layout, widths, ellipsis and wrapping.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, Glyph, PxScale, ScaleFont, point};

use super::ChartError;

/// Longest text (in characters) we try to lay out; longer text is cut before wrapping.
const MAX_TEXT_CHARS: usize = 300;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// The fonts are embedded, so no system font library is needed.
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

pub(super) struct Fonts {
    pub(super) regular: FontRef<'static>,
    pub(super) bold: FontRef<'static>,
}

pub(super) fn fonts() -> Result<&'static Fonts, ChartError> {
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
pub(super) fn layout_text(text: &str, size: f64, bold: bool) -> (Vec<Glyph>, f32) {
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

pub(super) fn text_width(text: &str, size: f64, bold: bool) -> i32 {
    layout_text(text, size, bold).1.ceil() as i32
}

// Font sizes are ab_glyph pixel heights (ascent + descent): for DejaVu Sans the em is about
// 0.86 × size, the ascent 0.80 × size and digits and capitals 0.63 × size high.
pub(super) fn ascent(size: f64) -> i32 {
    (size * 0.80).round() as i32
}

pub(super) fn line_height(size: f64) -> i32 {
    (size * 1.25).round() as i32
}

/// Half the height of digits and capitals: add to a centre line to get the baseline.
pub(super) fn cap_half(size: f64) -> i32 {
    (size * 0.315).round() as i32
}

pub(super) fn clip_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT_CHARS)
        .collect()
}

/// Returns `text` if it fits in `max_w` px, else cuts it with "…".
pub(super) fn ellipsize(text: &str, size: f64, bold: bool, max_w: i32) -> String {
    let text = clip_chars(text);
    if text_width(&text, size, bold) <= max_w {
        text
    } else {
        cut_with_ellipsis(&text, size, bold, max_w)
    }
}

/// The longest start of `text` that fits in `max_w` px with "…" after it.
pub(super) fn cut_with_ellipsis(text: &str, size: f64, bold: bool, max_w: i32) -> String {
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
pub(super) fn wrap(text: &str, size: f64, bold: bool, max_w: i32, max_lines: usize) -> Vec<String> {
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
