//! PNG encoding with a palette.

use super::ChartError;

/// Encodes an RGB buffer as PNG. Charts are mostly flat colours, so they are stored with a
/// palette (a third of the data, and much smaller files); the rare anti-aliasing shades beyond
/// the 256 most frequent colours are mapped to the nearest palette colour.
pub(super) fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
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
pub(super) fn to_palette(rgb: &[u8]) -> (Vec<u8>, Vec<u8>) {
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
