//! Charts: shares per bin or category of both sides, with their labels.

use super::*;

pub(super) fn shares(counts: &[u64]) -> Vec<f64> {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| if n == 0 { 0.0 } else { c as f64 / n as f64 })
        .collect()
}

/// Categories by original frequency; `ranked`: labelled `#1`, `#2`, … instead of the category
/// (every category is a cell value; only a boolean's `false`/`true` is shown as it is).
pub(super) fn cat_chart(labels: &[&str], orig: &[u64], anon: &[u64], ranked: bool) -> Chart {
    let mut order: Vec<usize> = (0..labels.len()).filter(|&i| orig[i] > 0).collect();
    order.sort_by(|&x, &y| orig[y].cmp(&orig[x]).then_with(|| labels[x].cmp(labels[y])));
    order.truncate(CHART_TOP);
    let mut co: Vec<u64> = order.iter().map(|&i| orig[i]).collect();
    let mut ca: Vec<u64> = order.iter().map(|&i| anon[i]).collect();
    let mut out_labels: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            if ranked {
                format!("#{}", rank + 1)
            } else {
                labels[i].to_string()
            }
        })
        .collect();
    let rest_o = orig.iter().sum::<u64>() - co.iter().sum::<u64>();
    let rest_a = anon.iter().sum::<u64>() - ca.iter().sum::<u64>();
    if rest_o > 0 || rest_a > 0 {
        out_labels.push("other".to_string());
        co.push(rest_o);
        ca.push(rest_a);
    }
    Chart {
        labels: out_labels,
        original: shares(&co),
        anonymized: shares(&ca),
    }
}

/// Bins over the union range, widened to round edges (two significant digits; whole months for
/// dates) so that no edge is a cell value — the minimum and maximum are values of someone's row.
pub(super) fn bin_chart(o: &ContSide, a: &ContSide, datetime: bool) -> Chart {
    let lo = o.values[0].min(a.values[0]);
    let hi = o.values[o.values.len() - 1].max(a.values[a.values.len() - 1]);
    let (lo, hi) = if datetime {
        (month_edge(lo, false), month_edge(hi, true))
    } else {
        (round_edge(lo, false), round_edge(hi, true))
    };
    let bins = if hi > lo { CHART_BINS } else { 1 };
    let width = (hi - lo) / bins as f64;
    let count = |s: &ContSide| {
        let mut per = vec![0u64; bins];
        for (v, c) in s.values.iter().zip(&s.counts) {
            let b = if width > 0.0 {
                (((v - lo) / width) as usize).min(bins - 1)
            } else {
                0
            };
            per[b] += c;
        }
        per
    };
    let fmt = |x: f64| {
        if datetime {
            date_label(x, width)
        } else {
            num_label(x, lo, width)
        }
    };
    let labels = if bins == 1 {
        vec![fmt(lo)]
    } else {
        (0..bins)
            .map(|i| {
                let start = lo + width * i as f64;
                let end = if i + 1 == bins {
                    hi
                } else {
                    lo + width * (i + 1) as f64
                };
                let close = if i + 1 == bins { ']' } else { ')' };
                format!("[{}, {}{close}", fmt(start), fmt(end))
            })
            .collect()
    };
    Chart {
        labels,
        original: shares(&count(o)),
        anonymized: shares(&count(a)),
    }
}

/// `x` rounded down (or up) to two significant digits: 3127.4 → 3100 (3200).
pub(super) fn round_edge(x: f64, up: bool) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let step = 10f64.powi(x.abs().log10().floor() as i32 - 1);
    let q = x / step;
    let r = if up { q.ceil() } else { q.floor() };
    r * step
}

/// A datetime (ns) moved to the first instant of its month (or of the next month, `up`).
pub(super) fn month_edge(ns: f64, up: bool) -> f64 {
    use chrono::{Datelike, NaiveDate};
    let t = chrono::DateTime::from_timestamp_nanos(ns as i64).naive_utc();
    let first = NaiveDate::from_ymd_opt(t.year(), t.month(), 1).expect("day 1 exists");
    let start = first.and_hms_opt(0, 0, 0).expect("midnight exists");
    let edge = if up && start != t {
        first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first)
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
    } else {
        start
    };
    edge.and_utc().timestamp_nanos_opt().unwrap_or(ns as i64) as f64
}

pub(super) fn num_label(x: f64, lo: f64, width: f64) -> String {
    if width == 0.0 {
        return x.to_string();
    }
    let decimals = if lo.fract() == 0.0 && width.fract() == 0.0 {
        0
    } else {
        (1 - width.log10().floor() as i64).clamp(0, 12) as usize
    };
    format!("{x:.decimals$}")
}

pub(super) fn date_label(ns: f64, width: f64) -> String {
    let t = chrono::DateTime::from_timestamp_nanos(ns as i64);
    if width > 0.0 && width < 86_400e9 {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}
