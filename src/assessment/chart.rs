//! Small SVG charts for the printable bulletin ([`Bulletin::to_html`](super::Bulletin::to_html)):
//! horizontal bars and columns, drawn by hand (a few rectangles and labels need no crate),
//! inline in the HTML (no `xmlns`, no external reference). Every bar is a `<g>` carrying its
//! data as attributes (`data-key`, `data-value`, the value exactly as the JSON bulletin holds
//! it) and a `<title>` (the tooltip), so a reader or a test can read the figures back. All text
//! is escaped.

use std::fmt::Write;

/// One bar: what it stands for, its label, its value and the value as printed.
pub(super) struct Bar {
    /// The key in the JSON bulletin (unit id, category code, day).
    pub key: String,
    /// The label shown (unit or category name, date).
    pub label: String,
    /// The value, as in the JSON bulletin.
    pub value: f64,
    /// The value as printed next to the bar (`92.78`, `12 件`).
    pub shown: String,
}

/// Text escaped for HTML and SVG content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters of `s`, with `…` when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

const WIDTH: f64 = 680.0;

/// The opening of a figure: `<figure data-chart="id">` and its caption.
fn open(out: &mut String, id: &str, caption: &str) {
    let _ = write!(out, "<figure data-chart=\"{}\"><figcaption>{}</figcaption>", esc(id), esc(caption));
}

fn bar_group(out: &mut String, b: &Bar) {
    let _ = write!(out, "<g class=\"bar\" data-key=\"{}\" data-value=\"{}\"><title>{}：{}</title>", esc(&b.key), b.value, esc(&b.label), esc(&b.shown));
}

/// Horizontal bars, one row each, scaled to `max` (the largest value when `None`); a figure
/// with a caption, or a line saying there is nothing to draw.
pub(super) fn hbars(id: &str, caption: &str, bars: &[Bar], max: Option<f64>) -> String {
    let mut out = String::new();
    open(&mut out, id, caption);
    if bars.is_empty() {
        out.push_str("<p class=\"note\">本期无数据。</p></figure>\n");
        return out;
    }
    let (label_w, row_h, top) = (230.0, 18.0, 4.0);
    let area = WIDTH - label_w - 70.0;
    let max = max.unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max)).max(f64::MIN_POSITIVE);
    let height = top * 2.0 + row_h * bars.len() as f64;
    let _ = write!(out, "<svg viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">", esc(caption));
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (b.value / max).clamp(0.0, 1.0) * area;
        bar_group(&mut out, b);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{}\" fill=\"#3b6ea5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            label_w - 6.0,
            y + 12.5,
            esc(&clip(&b.label, 20)),
            y + 2.0,
            row_h - 4.0,
            label_w + w + 4.0,
            y + 12.5,
            esc(&b.shown)
        );
    }
    out.push_str("</svg></figure>\n");
    out
}

/// Columns, one per bar in order (a trend), with the largest value marked on the axis and a
/// label under every `step`-th column.
pub(super) fn columns(id: &str, caption: &str, bars: &[Bar], step: usize) -> String {
    let mut out = String::new();
    open(&mut out, id, caption);
    if bars.is_empty() {
        out.push_str("<p class=\"note\">本期无数据。</p></figure>\n");
        return out;
    }
    let (left, top, plot_h, height) = (40.0, 10.0, 150.0, 190.0);
    let col = (WIDTH - left - 10.0) / bars.len() as f64;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let _ = write!(out, "<svg viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">", esc(caption));
    let base = top + plot_h;
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#555\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text>\
         <line x1=\"{left}\" y1=\"{top}\" x2=\"{}\" y2=\"{top}\" stroke=\"#ccc\" stroke-dasharray=\"3 3\"/>",
        WIDTH - 10.0,
        left - 4.0,
        top + 4.0,
        WIDTH - 10.0
    );
    for (i, b) in bars.iter().enumerate() {
        let x = left + col * i as f64;
        let h = if max > 0.0 { b.value / max * plot_h } else { 0.0 };
        bar_group(&mut out, b);
        let _ = write!(out, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#3b6ea5\"/>", x + col * 0.15, base - h, col * 0.7);
        if i % step.max(1) == 0 {
            let _ = write!(out, "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + col / 2.0, base + 14.0, esc(&b.label));
        }
        out.push_str("</g>");
    }
    out.push_str("</svg></figure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_keys_are_escaped() {
        let bar = Bar { key: "a\"><script>".into(), label: "<b>局&'".into(), value: 2.5, shown: "2.5".into() };
        let svg = hbars("x<y", "图 <1>", &[bar], None);
        assert!(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("x<y"));
        assert!(svg.contains("data-key=\"a&quot;&gt;&lt;script&gt;\" data-value=\"2.5\"") && svg.contains("&lt;b&gt;局&amp;&#39;"));
    }
}
