//! The report's charts as geometry: distributions (original against anonymized), rows per
//! equivalence-class size, and correlation heatmaps, each laid out as an [`Svg`] of plain shapes
//! in viewBox units.
//!
//! This module computes positions, colours and the words of labels and tooltips; it writes no
//! markup. `templates/charts.html` draws the shapes, and askama escapes every text there, column
//! names and bin labels included. It knows nothing of the report: callers hand it labels and
//! numbers.

use super::format::{compact, int, pct, truncate};
use std::fmt;

/// Colour of the original data in every chart.
pub const ORIGINAL: &str = "#3b6ea8";
/// Colour of the anonymized data in every chart.
pub const ANONYMIZED: &str = "#e07b24";

/// Size of a distribution chart, and its padding around the plot.
const CW: f64 = 360.0;
const CH: f64 = 190.0;
const PAD_L: f64 = 40.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 24.0;
const PAD_B: f64 = 44.0;

/// A coordinate or length, written with one decimal, or none when it is whole (`24`, `12.5`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `+ 0.0` turns -0.0 into 0.0.
        let v = (self.0 * 10.0).round() / 10.0 + 0.0;
        if v.fract() == 0.0 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// One chart: a viewBox and the shapes in it, in drawing order.
#[derive(Debug, Clone)]
pub struct Svg {
    pub width: N,
    pub height: N,
    /// What the chart shows, for screen readers.
    pub label: String,
    /// Heatmaps keep their natural size (two side by side); other charts fill their card.
    pub natural: bool,
    pub shapes: Vec<Shape>,
}

#[derive(Debug, Clone)]
pub enum Shape {
    Grid(Grid),
    Rect(Rect),
    Path(Path),
    Line(Line),
    Text(Text),
}

/// A horizontal grid line behind the plot.
#[derive(Debug, Clone)]
pub struct Grid {
    pub x1: N,
    pub x2: N,
    pub y: N,
}

#[derive(Debug, Clone)]
pub struct Rect {
    pub x: N,
    pub y: N,
    pub width: N,
    pub height: N,
    /// A colour, or `transparent` for hover areas.
    pub fill: String,
    /// A white outline (heatmap cells).
    pub outlined: bool,
    pub tooltip: Option<String>,
}

/// A step area or step line.
#[derive(Debug, Clone)]
pub struct Path {
    /// Commands built from numbers only.
    pub d: String,
    pub stroke: &'static str,
    pub stroke_width: &'static str,
    pub fill: &'static str,
    pub fill_opacity: Option<&'static str>,
}

/// A legend key drawn as a line.
#[derive(Debug, Clone)]
pub struct Line {
    pub x1: N,
    pub x2: N,
    pub y: N,
    pub stroke: &'static str,
}

#[derive(Debug, Clone)]
pub struct Text {
    pub x: N,
    pub y: N,
    /// `axis`, `legend` or `cellv`.
    pub class: &'static str,
    /// `start` (the SVG default), `middle` or `end`.
    pub anchor: &'static str,
    /// Vertically centred on `y` rather than sitting on it.
    pub centred: bool,
    /// Turned by this many degrees around (x, y).
    pub rotate: Option<i32>,
    pub fill: Option<&'static str>,
    /// The full text when `text` is shortened.
    pub tooltip: Option<String>,
    pub text: String,
}

impl Text {
    fn new(x: f64, y: f64, class: &'static str, anchor: &'static str, text: String) -> Text {
        Text {
            x: N(x),
            y: N(y),
            class,
            anchor,
            centred: false,
            rotate: None,
            fill: None,
            tooltip: None,
            text,
        }
    }
}

impl Rect {
    fn new(x: f64, y: f64, width: f64, height: f64, fill: &str, tooltip: String) -> Rect {
        Rect {
            x: N(x),
            y: N(y),
            width: N(width),
            height: N(height),
            fill: fill.to_string(),
            outlined: false,
            tooltip: Some(tooltip),
        }
    }
}

impl Svg {
    fn new(width: f64, height: f64, label: String) -> Svg {
        Svg {
            width: N(width),
            height: N(height),
            label,
            natural: false,
            shapes: Vec::new(),
        }
    }
}

/// Original and anonymized shares over the same labels: overlaid step areas for numeric and
/// datetime bins (`step`), grouped bars for categories. Bins beyond the shortest of the three
/// slices are left out; non-finite shares draw as zero.
pub fn distribution(
    labels: &[String],
    original: &[f64],
    anonymized: &[f64],
    step: bool,
    column: &str,
) -> Svg {
    let n = labels.len().min(original.len()).min(anonymized.len());
    let mut s = Svg::new(CW, CH, format!("distribution of {column}"));
    if n == 0 {
        s.shapes.push(Shape::Text(Text::new(
            CW / 2.0,
            CH / 2.0,
            "axis",
            "middle",
            "no data".into(),
        )));
        return s;
    }
    let (labels, original, anonymized) = (&labels[..n], &original[..n], &anonymized[..n]);
    let ymax = nice_max(
        original
            .iter()
            .chain(anonymized)
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max),
    );
    let pw = CW - PAD_L - PAD_R;
    let ph = CH - PAD_T - PAD_B;
    let y = |v: f64| {
        let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
        PAD_T + ph - (v / ymax).min(1.0) * ph
    };
    percent_axis(&mut s, ymax, ph);
    let bw = pw / n as f64;
    if step {
        for (vals, color, fill, fill_opacity, stroke_width) in [
            (original, ORIGINAL, ORIGINAL, Some("0.35"), "1"),
            (anonymized, ANONYMIZED, "none", None, "2.2"),
        ] {
            let mut d = format!("M{:.1},{:.1}", PAD_L, y(0.0));
            for (i, v) in vals.iter().enumerate() {
                let x0 = PAD_L + i as f64 * bw;
                d.push_str(&format!(
                    " L{:.1},{:.1} L{:.1},{:.1}",
                    x0,
                    y(*v),
                    x0 + bw,
                    y(*v)
                ));
            }
            d.push_str(&format!(" L{:.1},{:.1} Z", PAD_L + pw, y(0.0)));
            s.shapes.push(Shape::Path(Path {
                d,
                stroke: color,
                stroke_width,
                fill,
                fill_opacity,
            }));
        }
        // Transparent columns over the bins carry the tooltips.
        for i in 0..n {
            let tip = format!(
                "{}: original {}, anonymized {}",
                labels[i],
                pct(original[i]),
                pct(anonymized[i])
            );
            s.shapes.push(Shape::Rect(Rect::new(
                PAD_L + i as f64 * bw,
                PAD_T,
                bw,
                ph,
                "transparent",
                tip,
            )));
        }
    } else {
        let gap = (bw * 0.2).min(6.0);
        let w = (bw - gap) / 2.0;
        for i in 0..n {
            let x0 = PAD_L + i as f64 * bw + gap / 2.0;
            for (j, (v, color, name)) in [
                (original[i], ORIGINAL, "original"),
                (anonymized[i], ANONYMIZED, "anonymized"),
            ]
            .into_iter()
            .enumerate()
            {
                let top = y(v);
                let tip = format!("{}: {name} {}", labels[i], pct(v));
                s.shapes.push(Shape::Rect(Rect::new(
                    x0 + j as f64 * w,
                    top,
                    w,
                    y(0.0) - top,
                    color,
                    tip,
                )));
            }
        }
    }
    x_labels(&mut s, labels, pw);
    legend(
        &mut s,
        PAD_L,
        &[("original", ORIGINAL), ("anonymized", ANONYMIZED)],
        step,
    );
    s
}

/// One bar group of the class-size histogram: rows and classes before and after.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sizes {
    pub rows: usize,
    pub classes: usize,
}

/// Rows per class-size bucket, before and after, as grouped bars. `buckets` are named by their
/// smallest size (`1`, `3-4`, `20+`) and drawn in size order.
pub fn class_sizes(buckets: &[(String, Sizes, Sizes)]) -> Svg {
    let mut buckets: Vec<&(String, Sizes, Sizes)> = buckets.iter().collect();
    let smallest = |l: &str| -> u64 {
        let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap_or(u64::MAX)
    };
    buckets.sort_by_key(|b| smallest(&b.0));
    let n = buckets.len();
    let (w_total, h_total) = (520.0, 200.0);
    let pw = w_total - PAD_L - PAD_R - 10.0;
    let ph = h_total - PAD_T - 34.0;
    let left = PAD_L + 10.0;
    let ymax = nice_max(
        buckets
            .iter()
            .flat_map(|b| [b.1.rows, b.2.rows])
            .max()
            .unwrap_or(0) as f64,
    );
    let mut s = Svg::new(
        w_total,
        h_total,
        "rows per equivalence-class size, before and after".into(),
    );
    let y = |v: f64| PAD_T + ph - (v / ymax).min(1.0) * ph;
    // Y axis with row counts.
    for t in 0..=4 {
        let v = ymax * t as f64 / 4.0;
        let yy = y(v);
        s.shapes.push(Shape::Grid(Grid {
            x1: N(left),
            x2: N(left + pw),
            y: N(yy),
        }));
        s.shapes.push(Shape::Text(Text::new(
            left - 4.0,
            yy + 3.0,
            "axis",
            "end",
            compact(v),
        )));
    }
    let bw = pw / n.max(1) as f64;
    let gap = (bw * 0.25).min(16.0);
    let w = (bw - gap) / 2.0;
    for (i, (label, before, after)) in buckets.into_iter().enumerate() {
        let x0 = left + i as f64 * bw + gap / 2.0;
        for (j, (f, color, name)) in [(before, ORIGINAL, "before"), (after, ANONYMIZED, "after")]
            .into_iter()
            .enumerate()
        {
            let top = y(f.rows as f64);
            let tip = format!(
                "class size {label}: {name} {} rows in {} classes",
                int(f.rows as u64),
                int(f.classes as u64)
            );
            s.shapes.push(Shape::Rect(Rect::new(
                x0 + j as f64 * w,
                top,
                w,
                y(0.0) - top,
                color,
                tip,
            )));
        }
        s.shapes.push(Shape::Text(Text::new(
            left + (i as f64 + 0.5) * bw,
            PAD_T + ph + 14.0,
            "axis",
            "middle",
            label.clone(),
        )));
    }
    s.shapes.push(Shape::Text(Text::new(
        left + pw / 2.0,
        PAD_T + ph + 30.0,
        "axis",
        "middle",
        "rows whose class has this many rows".into(),
    )));
    legend(
        &mut s,
        PAD_L,
        &[("before", ORIGINAL), ("after", ANONYMIZED)],
        false,
    );
    s
}

/// A correlation matrix (row-major, `columns.len()²` coefficients; missing or undefined ones
/// shown as `n/a`) as a heatmap on a diverging scale: blue −1, white 0, red +1.
pub fn heatmap(columns: &[String], values: &[Option<f64>], which: &str) -> Svg {
    let n = columns.len();
    let cell = (340.0 / n.max(1) as f64).clamp(14.0, 64.0);
    // Room for the longest (shortened) name, at 45° on top and level on the left.
    let longest = columns
        .iter()
        .map(|c| c.chars().count().min(14))
        .max()
        .unwrap_or(1) as f64;
    let label_w = 16.0 + 6.0 * longest;
    let top = 14.0 + 4.5 * longest;
    let side = cell * n as f64;
    let mut s = Svg::new(
        label_w + side + 4.0 + 4.5 * longest,
        top + side + 40.0,
        format!("{which} correlation matrix"),
    );
    s.natural = true;
    for (i, c) in columns.iter().enumerate() {
        let short = truncate(c, 14);
        let mut left = Text::new(
            label_w - 6.0,
            top + (i as f64 + 0.5) * cell,
            "axis",
            "end",
            short.clone(),
        );
        left.centred = true;
        left.tooltip = Some(c.clone());
        s.shapes.push(Shape::Text(left));
        let mut above = Text::new(
            label_w + (i as f64 + 0.5) * cell,
            top - 6.0,
            "axis",
            "start",
            short,
        );
        above.rotate = Some(-45);
        above.tooltip = Some(c.clone());
        s.shapes.push(Shape::Text(above));
    }
    for r in 0..n {
        for c in 0..n {
            let v = values.get(r * n + c).copied().flatten();
            let (fill, text) = match v {
                Some(v) if v.is_finite() => (diverging(v), format!("{v:.2}")),
                _ => ("#d9d9d9".to_string(), "n/a".to_string()),
            };
            let x = label_w + c as f64 * cell;
            let y = top + r as f64 * cell;
            let mut rect = Rect::new(
                x,
                y,
                cell,
                cell,
                &fill,
                format!("{} × {}: {text}", columns[r], columns[c]),
            );
            rect.outlined = true;
            s.shapes.push(Shape::Rect(rect));
            // Numbers only where they fit.
            if cell >= 34.0 {
                let dark = v.is_some_and(|v| v.abs() > 0.6);
                let mut t = Text::new(x + cell / 2.0, y + cell / 2.0, "cellv", "middle", text);
                t.centred = true;
                t.fill = Some(if dark { "#fff" } else { "#222" });
                s.shapes.push(Shape::Text(t));
            }
        }
    }
    // Colour scale.
    let sy = top + side + 12.0;
    let steps = 20;
    let sw = side.min(200.0) / steps as f64;
    for i in 0..steps {
        let v = -1.0 + 2.0 * (i as f64 + 0.5) / steps as f64;
        s.shapes.push(Shape::Rect(Rect {
            x: N(label_w + i as f64 * sw),
            y: N(sy),
            width: N(sw + 0.3),
            height: N(8.0),
            fill: diverging(v),
            outlined: false,
            tooltip: None,
        }));
    }
    for (x, anchor, text) in [
        (label_w, "start", "−1"),
        (label_w + sw * steps as f64 / 2.0, "middle", "0"),
        (label_w + sw * steps as f64, "end", "+1"),
    ] {
        s.shapes.push(Shape::Text(Text::new(
            x,
            sy + 20.0,
            "axis",
            anchor,
            text.into(),
        )));
    }
    s
}

/// Grid lines and percentage labels of a distribution chart: four steps up to `ymax`.
fn percent_axis(s: &mut Svg, ymax: f64, ph: f64) {
    for t in 0..=4 {
        let p = ymax * t as f64 / 4.0 * 100.0;
        let yy = PAD_T + ph - ph * t as f64 / 4.0;
        let label = if (p - p.round()).abs() < 1e-6 {
            format!("{p:.0}%")
        } else {
            format!("{p:.1}%")
        };
        s.shapes.push(Shape::Grid(Grid {
            x1: N(PAD_L),
            x2: N(CW - PAD_R),
            y: N(yy),
        }));
        s.shapes.push(Shape::Text(Text::new(
            PAD_L - 4.0,
            yy + 3.0,
            "axis",
            "end",
            label,
        )));
    }
}

/// Colours of the series of a relation chart, in turn.
const SERIES: [&str; 6] = [
    ORIGINAL, ANONYMIZED, "#4c9a5b", "#9a4c8f", "#8a7a2c", "#5b5b5b",
];

/// A relation between two measured figures, one line per series (e.g. mean price against
/// size, one line per TV type), with a dot and tooltip per point. Both axes are linear from
/// the smallest to the largest value shown.
pub fn relation(series: &[(String, Vec<(f64, f64)>)], x_label: &str, y_label: &str) -> Svg {
    let w = 480.0;
    let mut s = Svg::new(w, CH + 20.0, format!("{y_label} against {x_label}"));
    let pts: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if pts.is_empty() {
        s.shapes.push(Shape::Text(Text::new(
            w / 2.0,
            CH / 2.0,
            "axis",
            "middle",
            "no data".into(),
        )));
        return s;
    }
    let (xmin, xmax) = pts
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let ymax = nice_max(pts.iter().fold(0.0, |m, p| f64::max(m, p.1)));
    let ymin = pts.iter().fold(f64::MAX, |m, p| m.min(p.1)).min(0.0);
    let pad_l = PAD_L + 12.0;
    let (pw, ph) = (w - pad_l - PAD_R, CH - PAD_T - PAD_B);
    let xs = |x: f64| {
        pad_l
            + if xmax > xmin {
                (x - xmin) / (xmax - xmin) * pw
            } else {
                pw / 2.0
            }
    };
    let ys = |y: f64| {
        PAD_T + ph
            - if ymax > ymin {
                (y - ymin) / (ymax - ymin) * ph
            } else {
                0.0
            }
    };
    for t in 0..=4 {
        let v = ymin + (ymax - ymin) * t as f64 / 4.0;
        let yy = ys(v);
        s.shapes.push(Shape::Grid(Grid {
            x1: N(pad_l),
            x2: N(w - PAD_R),
            y: N(yy),
        }));
        s.shapes.push(Shape::Text(Text::new(
            pad_l - 4.0,
            yy + 3.0,
            "axis",
            "end",
            short(v),
        )));
    }
    for t in 0..=4 {
        let v = xmin + (xmax - xmin) * t as f64 / 4.0;
        s.shapes.push(Shape::Text(Text::new(
            xs(v),
            PAD_T + ph + 14.0,
            "axis",
            "middle",
            short(v),
        )));
    }
    s.shapes.push(Shape::Text(Text::new(
        pad_l + pw / 2.0,
        PAD_T + ph + 30.0,
        "axis",
        "middle",
        x_label.to_string(),
    )));
    let mut items: Vec<(&str, &'static str)> = Vec::new();
    for (i, (name, points)) in series.iter().enumerate() {
        let color = SERIES[i % SERIES.len()];
        let mut d = String::new();
        for (j, (x, y)) in points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .enumerate()
        {
            d.push_str(&format!(
                "{}{:.1},{:.1}",
                if j == 0 { "M" } else { " L" },
                xs(*x),
                ys(*y)
            ));
        }
        s.shapes.push(Shape::Path(Path {
            d,
            stroke: color,
            stroke_width: "2",
            fill: "none",
            fill_opacity: None,
        }));
        for (x, y) in points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
        {
            s.shapes.push(Shape::Rect(Rect::new(
                xs(*x) - 3.0,
                ys(*y) - 3.0,
                6.0,
                6.0,
                color,
                format!("{name}: {x_label} {}, {y_label} {}", short(*x), short(*y)),
            )));
        }
        items.push((name.as_str(), color));
    }
    legend(&mut s, pad_l, &items, false);
    s
}

/// A number for an axis or tooltip: `12k`, `835`, `1.96`, `-4.5`.
fn short(v: f64) -> String {
    if v.abs() >= 1e4 {
        let c = compact(v.abs());
        if v < 0.0 { format!("-{c}") } else { c }
    } else if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Labels under the plot: every one when they fit, else every k-th; rotated when many.
fn x_labels(s: &mut Svg, labels: &[String], pw: f64) {
    let n = labels.len();
    let bw = pw / n as f64;
    let every = n.div_ceil(8).max(1);
    let rotate = n > 4;
    let base = PAD_T + (CH - PAD_T - PAD_B) + 12.0;
    for (i, l) in labels.iter().enumerate().step_by(every) {
        let x = PAD_L + (i as f64 + 0.5) * bw;
        let mut t = Text::new(
            x,
            base,
            "axis",
            if rotate { "end" } else { "middle" },
            truncate(l, 12),
        );
        t.rotate = rotate.then_some(-35);
        t.tooltip = Some(l.clone());
        s.shapes.push(Shape::Text(t));
    }
}

/// Colour keys above a chart from `x`; with `line_last`, the last series is keyed as a line
/// (step charts draw it as one).
fn legend(s: &mut Svg, mut x: f64, items: &[(&str, &'static str)], line_last: bool) {
    for (i, (name, color)) in items.iter().enumerate() {
        if line_last && i + 1 == items.len() {
            s.shapes.push(Shape::Line(Line {
                x1: N(x),
                x2: N(x + 10.0),
                y: N(11.0),
                stroke: color,
            }));
        } else {
            s.shapes.push(Shape::Rect(Rect {
                x: N(x),
                y: N(6.0),
                width: N(10.0),
                height: N(10.0),
                fill: color.to_string(),
                outlined: false,
                tooltip: None,
            }));
        }
        s.shapes.push(Shape::Text(Text::new(
            x + 14.0,
            15.0,
            "legend",
            "start",
            name.to_string(),
        )));
        x += 14.0 + 7.0 * name.len() as f64 + 14.0;
    }
}

/// Blue (−1) → near-white (0) → red (+1).
fn diverging(v: f64) -> String {
    let v = v.clamp(-1.0, 1.0);
    let mid = (247.0, 247.0, 247.0);
    let end = if v < 0.0 {
        (33.0, 102.0, 172.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let t = v.abs();
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(mid.0, end.0),
        mix(mid.1, end.1),
        mix(mid.2, end.2)
    )
}

/// A round upper bound for an axis (at least a tiny positive number).
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    // Maxima whose quarters are round too (axes have four ticks).
    for m in [1.0, 1.2, 1.6, 2.0, 3.2, 4.0, 6.0, 8.0, 10.0] {
        if m * mag >= v * 0.999_999 {
            return m * mag;
        }
    }
    10.0 * mag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &Svg) -> Vec<&str> {
        s.shapes
            .iter()
            .filter_map(|x| match x {
                Shape::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn coordinates_have_one_decimal_at_most() {
        let n = |v: f64| N(v).to_string();
        assert_eq!(n(24.0), "24");
        assert_eq!(n(12.46), "12.5");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(283.333), "283.3");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert!((nice_max(0.25) - 0.32).abs() < 1e-12);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(f64::NAN), 1.0);
        assert_eq!(nice_max(390.0), 400.0);
    }

    #[test]
    fn an_empty_distribution_says_so() {
        let s = distribution(&[], &[], &[], true, "x");
        assert_eq!(texts(&s), ["no data"]);
    }

    #[test]
    fn bars_and_steps_keep_user_labels_as_plain_text() {
        let labels = vec!["<b>".to_string(), "b".to_string()];
        let s = distribution(&labels, &[0.5, 0.5], &[0.4, 0.6], false, "a<b");
        assert_eq!(s.label, "distribution of a<b");
        // Two bars per label, two legend keys.
        let rects = s
            .shapes
            .iter()
            .filter(|x| matches!(x, Shape::Rect(_)))
            .count();
        assert_eq!(rects, 4 + 2);
        assert!(texts(&s).contains(&"<b>"));
    }

    #[test]
    fn class_sizes_are_drawn_in_size_order() {
        let b = |l: &str| (l.to_string(), Sizes::default(), Sizes::default());
        let s = class_sizes(&[b("20+"), b("1"), b("3-4")]);
        // Bucket names sit under the bars, centred (the y axis labels are right-aligned).
        let labels: Vec<&str> = s
            .shapes
            .iter()
            .filter_map(|x| match x {
                Shape::Text(t) if t.anchor == "middle" && !t.text.starts_with("rows") => {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["1", "3-4", "20+"]);
    }

    #[test]
    fn heatmap_cells_are_diverging_and_undefined_ones_grey() {
        let cols = vec!["a".to_string(), "b".to_string()];
        let s = heatmap(&cols, &[Some(1.0), None, Some(-1.0)], "original");
        let fills: Vec<&str> = s
            .shapes
            .iter()
            .filter_map(|x| match x {
                Shape::Rect(r) if r.outlined => Some(r.fill.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(fills, ["#b2182b", "#d9d9d9", "#2166ac", "#d9d9d9"]);
        assert!(s.natural);
    }
}
