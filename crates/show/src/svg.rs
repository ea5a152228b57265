//! Hand-written SVG charts for the report, sized in pixels and inlined in the page. Bars
//! run right to left from labels on the right, as an Arabic reader scans; the time axis
//! runs left to right with Latin digits, as dates are printed. Text is never fetched
//! fonts: the page's font stack applies.

use crate::html::escape;
use std::fmt::Write;

const WIDTH: f64 = 720.0;
const ROW: f64 = 26.0;
const LABEL_WIDTH: f64 = 250.0;
const TITLE_HEIGHT: f64 = 30.0;

/// One coloured part of a stacked bar.
pub struct Segment<'a> {
    pub name: &'a str,
    pub value: usize,
    pub color: &'a str,
}

fn open(out: &mut String, height: f64, title: &str, direction: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{t}\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" direction=\"{direction}\" font-size=\"13\">",
        t = escape(title)
    );
    let _ = write!(out, "<title>{}</title>", escape(title));
    let _ = write!(out, "<text x=\"{}\" y=\"20\" direction=\"rtl\" text-anchor=\"start\" font-size=\"15\" font-weight=\"700\">{}</text>", WIDTH - 4.0, escape(title));
}

/// Labels longer than `n` characters are cut (the whole label stays in a tooltip).
fn short(label: &str, n: usize) -> String {
    if label.chars().count() <= n {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(n - 1).collect::<String>())
    }
}

/// A horizontal bar per row: label on the right, bar growing to the left, value at its end.
pub fn bars(title: &str, rows: &[(String, usize)], color: &str) -> String {
    let height = TITLE_HEIGHT + ROW * rows.len().max(1) as f64 + 10.0;
    let mut out = String::new();
    open(&mut out, height, title, "rtl");
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let bar_right = WIDTH - LABEL_WIDTH - 8.0;
    let bar_span = bar_right - 60.0;
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = TITLE_HEIGHT + ROW * i as f64;
        let w = (*value as f64 / max * bar_span).max(if *value > 0 { 1.0 } else { 0.0 });
        let _ = write!(
            out,
            "<g><title>{full}: {value}</title><text x=\"{lx}\" y=\"{ty}\" direction=\"rtl\" text-anchor=\"start\">{label}</text><rect x=\"{x:.1}\" y=\"{ry}\" width=\"{w:.1}\" height=\"{h}\" fill=\"{color}\" rx=\"2\"/><text x=\"{vx:.1}\" y=\"{ty}\" direction=\"ltr\" text-anchor=\"end\" fill=\"#334155\">{value}</text></g>",
            full = escape(label),
            lx = WIDTH - 4.0,
            ty = y + 17.0,
            label = escape(&short(label, 34)),
            x = bar_right - w,
            ry = y + 5.0,
            h = ROW - 8.0,
            vx = bar_right - w - 4.0,
        );
    }
    if rows.is_empty() {
        let _ = write!(out, "<text x=\"{}\" y=\"{}\" direction=\"rtl\" text-anchor=\"start\" fill=\"#64748b\">لا بيانات</text>", WIDTH - 4.0, TITLE_HEIGHT + 17.0);
    }
    out.push_str("</svg>");
    out
}

/// One 100% bar per row, its segments from right to left, with a legend below.
pub fn shares(title: &str, rows: &[(String, Vec<Segment>)]) -> String {
    let legend_y = TITLE_HEIGHT + ROW * rows.len() as f64 + 8.0;
    let height = legend_y + 26.0;
    let mut out = String::new();
    open(&mut out, height, title, "rtl");
    let bar_right = WIDTH - LABEL_WIDTH + 80.0;
    let bar_span = bar_right - 10.0;
    for (i, (label, segments)) in rows.iter().enumerate() {
        let y = TITLE_HEIGHT + ROW * i as f64;
        let total: usize = segments.iter().map(|s| s.value).sum();
        let _ = write!(out, "<text x=\"{}\" y=\"{}\" direction=\"rtl\" text-anchor=\"start\">{}</text>", WIDTH - 4.0, y + 17.0, escape(&short(label, 22)));
        let mut right = bar_right;
        for s in segments {
            if total == 0 || s.value == 0 {
                continue;
            }
            let share = s.value as f64 / total as f64;
            let w = share * bar_span;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {} ({:.1}%)</title></rect>",
                right - w,
                y + 4.0,
                ROW - 6.0,
                s.color,
                escape(s.name),
                s.value,
                share * 100.0
            );
            if w > 38.0 {
                let _ = write!(out, "<text x=\"{:.1}\" y=\"{}\" direction=\"ltr\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"700\">{:.0}%</text>", right - w / 2.0, y + 18.0, share * 100.0);
            }
            right -= w;
        }
        if total == 0 {
            let _ = write!(out, "<text x=\"{bar_right}\" y=\"{}\" direction=\"rtl\" text-anchor=\"start\" fill=\"#64748b\">لا بيانات</text>", y + 17.0);
        }
    }
    // Legend: swatch and name per segment kind, right to left.
    if let Some((_, first)) = rows.first() {
        let mut x = WIDTH - 4.0;
        for s in first {
            let _ = write!(out, "<rect x=\"{:.1}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" direction=\"rtl\" text-anchor=\"start\">{}</text>", x - 12.0, legend_y + 2.0, s.color, x - 18.0, legend_y + 12.0, escape(s.name));
            x -= 30.0 + 9.0 * s.name.chars().count() as f64;
        }
    }
    out.push_str("</svg>");
    out
}

/// Columns over time, oldest at the left; `stacks` gives each column's coloured parts.
pub fn columns(title: &str, labels: &[String], stacks: &[Vec<Segment>]) -> String {
    let plot_top = TITLE_HEIGHT + 14.0;
    let plot_height = 180.0;
    let axis_y = plot_top + plot_height;
    let rotate = labels.len() > 12;
    let height = axis_y + if rotate { 64.0 } else { 28.0 } + 26.0;
    let mut out = String::new();
    open(&mut out, height, title, "ltr");
    let max = stacks.iter().map(|s| s.iter().map(|g| g.value).sum::<usize>()).max().unwrap_or(0).max(1) as f64;
    let left = 44.0;
    let span = WIDTH - left - 10.0;
    let step = span / labels.len().max(1) as f64;
    let bar = (step * 0.7).min(48.0);
    let _ = write!(out, "<line x1=\"{left}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#94a3b8\"/>", WIDTH - 10.0);
    let _ = write!(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#64748b\">{}</text><text x=\"{}\" y=\"{axis_y}\" text-anchor=\"end\" fill=\"#64748b\">0</text>", left - 6.0, plot_top + 4.0, max as usize, left - 6.0);
    for (i, (label, stack)) in labels.iter().zip(stacks).enumerate() {
        let cx = left + step * (i as f64 + 0.5);
        let total: usize = stack.iter().map(|s| s.value).sum();
        let mut top = axis_y;
        for s in stack {
            let h = s.value as f64 / max * plot_height;
            if h <= 0.0 {
                continue;
            }
            top -= h;
            let _ = write!(out, "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} · {}: {}</title></rect>", cx - bar / 2.0, s.color, escape(label), escape(s.name), s.value);
        }
        if total > 0 && step > 22.0 {
            let _ = write!(out, "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#334155\" font-size=\"11\">{total}</text>", top - 3.0);
        }
        if rotate {
            let _ = write!(out, "<text x=\"{cx:.1}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" transform=\"rotate(-45 {cx:.1} {})\">{}</text>", axis_y + 14.0, axis_y + 14.0, escape(label));
        } else {
            let _ = write!(out, "<text x=\"{cx:.1}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>", axis_y + 18.0, escape(label));
        }
    }
    // Legend, right-aligned like the rest of the page.
    if let Some(first) = stacks.first() {
        let mut x = WIDTH - 4.0;
        let y = height - 16.0;
        for s in first {
            let _ = write!(out, "<rect x=\"{:.1}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" direction=\"rtl\" text-anchor=\"start\">{}</text>", x - 12.0, y, s.color, x - 18.0, y + 10.0, escape(s.name));
            x -= 30.0 + 9.0 * s.name.chars().count() as f64;
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_and_escaped() {
        let svg = bars("أدوار", &[("وزير <الخارجية>".into(), 10), ("مدير".into(), 5)], "#c2410c");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("وزير &lt;الخارجية&gt;"));
        let widths: Vec<f64> = svg.match_indices("<rect").map(|(i, _)| {
            let w = &svg[i..];
            let w = &w[w.find("width=\"").unwrap() + 7..];
            w[..w.find('"').unwrap()].parse().unwrap()
        }).collect();
        assert_eq!(widths.len(), 2);
        assert!((widths[0] - 2.0 * widths[1]).abs() < 0.2, "{widths:?}");
    }

    #[test]
    fn shares_give_percentages_that_sum_to_the_whole() {
        let svg = shares("", &[("اقتباسات".into(), vec![Segment { name: "ذكر", value: 3, color: "#00f" }, Segment { name: "أنثى", value: 1, color: "#f0f" }])]);
        assert!(svg.contains(">75%<") && svg.contains(">25%<"));
    }

    #[test]
    fn columns_draw_one_stack_per_label() {
        let svg = columns("", &["2015-07".into(), "2015-08".into()], &[vec![Segment { name: "a", value: 2, color: "#000" }], vec![Segment { name: "a", value: 4, color: "#000" }]]);
        assert_eq!(svg.matches("<rect").count(), 2 + 1, "two columns and one legend swatch");
        assert!(svg.contains(">2015-08<"));
    }
}
