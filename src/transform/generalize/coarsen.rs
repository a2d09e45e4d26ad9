//! `generalize`: numbers into bins, dates truncated to the month or year, codes cut to a prefix.

use super::*;
use crate::dates::parse_date_time;
use crate::policy::DatePart;
use chrono::Datelike;

/// `generalize`: exactly one of `opts.bin_width` / `opts.truncate` / `opts.keep_prefix` is set.
///
/// - `bin_width`: numbers into bins. When the width and every value of the column are integral,
///   bins read `30-39` (`-10--1` below zero); otherwise `[30.5, 40.5)`, with as many decimals as
///   the width has. Bins start at multiples of the width (floor, so negatives bin correctly).
/// - `truncate`: dates to `YYYY-MM` (month) or `YYYY` (year), whatever their format
///   (`17/03/1984`, `1984-03-17T10:22:00`, a typed date). `dd/mm` vs `mm/dd` is decided once per
///   column: when any value has a first part above 12, the column is day-first. Values already
///   truncated (`1984-03`, `1984`) are accepted.
/// - `keep_prefix`: the first n characters stay, the rest become `*` (`75011`, 2 → `75***`).
///
/// Returns a text column (nulls kept) and how many cells changed.
pub fn generalize(col: &Column, opts: &ColumnPolicy) -> Result<(Column, usize)> {
    let set = [
        opts.bin_width.is_some(),
        opts.truncate.is_some(),
        opts.keep_prefix.is_some(),
    ];
    if set.iter().filter(|b| **b).count() != 1 {
        return Err(Error::config(format!(
            "column '{}': strategy \"generalize\" needs exactly one of bin_width, truncate, keep_prefix",
            col.name()
        )));
    }
    let text = as_text(col)?;
    let ca = text.str()?;
    let out = if let Some(w) = opts.bin_width {
        bins(col, ca, w)?
    } else if let Some(part) = opts.truncate {
        truncate(col, ca, part)?
    } else {
        let n = opts.keep_prefix.unwrap_or_default();
        ca.iter().map(|v| v.map(|v| keep_prefix(v, n))).collect()
    };
    Ok(text_column(col, ca, out))
}

pub(super) fn keep_prefix(v: &str, n: usize) -> String {
    v.chars()
        .enumerate()
        .map(|(i, c)| if i < n { c } else { '*' })
        .collect()
}

fn bins(col: &Column, ca: &StringChunked, width: f64) -> Result<Vec<Option<String>>> {
    if !(width > 0.0 && width.is_finite()) {
        return Err(Error::config(format!(
            "column '{}': bin_width must be a positive number",
            col.name()
        )));
    }
    // First pass: every value must be a number; decide the label style for the whole column.
    let mut nums = Vec::with_capacity(ca.len());
    for (row, v) in ca.iter().enumerate() {
        nums.push(match v {
            None => None,
            Some(t) if t.trim().is_empty() => None,
            Some(t) => {
                Some(parse_num(t).ok_or_else(|| {
                    cell_error(col, row, "not a number (bin_width needs numbers)")
                })?)
            }
        });
    }
    const EXACT: f64 = 9.0e15; // integers up to here are exact in f64 and fit i64
    let integral = |x: f64| x.fract() == 0.0 && x.abs() < EXACT;
    let int_labels = integral(width) && nums.iter().flatten().all(|x| integral(*x));
    let places = decimals(&format!("{width}")).unwrap_or(0);
    Ok(ca
        .iter()
        .zip(nums)
        .map(|(orig, n)| match n {
            None => orig.map(str::to_string),
            Some(x) if int_labels => {
                let (x, w) = (x as i64, width as i64);
                let lo = x.div_euclid(w) * w;
                Some(format!("{lo}-{}", lo + w - 1))
            }
            Some(x) => {
                let q = x / width;
                // 0.3 / 0.1 is 2.9999999999999996 in floating point: a quotient within a few
                // ulps of a whole number is that number.
                let r = q.round();
                let k = if (q - r).abs() <= q.abs() * 8.0 * f64::EPSILON {
                    r
                } else {
                    q.floor()
                };
                let lo = k * width;
                let hi = lo + width;
                Some(format!("[{lo:.places$}, {hi:.places$})"))
            }
        })
        .collect())
}

/// `YYYY-MM` or `YYYY` as written by an earlier truncation.
fn parse_truncated(s: &str) -> Option<(i32, Option<u32>)> {
    let t = s.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 if digits(0..4) => Some((t.parse().ok()?, None)),
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => {
            let m: u32 = t[5..7].parse().ok()?;
            (1..=12)
                .contains(&m)
                .then(|| Some((t[..4].parse().ok()?, Some(m))))?
        }
        _ => None,
    }
}

fn truncate(col: &Column, ca: &StringChunked, part: DatePart) -> Result<Vec<Option<String>>> {
    let dmy = day_first(ca.iter().flatten());
    ca.iter()
        .enumerate()
        .map(|(row, v)| {
            let Some(v) = v else { return Ok(None) };
            if v.trim().is_empty() {
                return Ok(Some(v.to_string()));
            }
            let (y, m) = match parse_date_time(v, dmy) {
                Some((d, _, _)) => (d.year(), Some(d.month())),
                None => parse_truncated(v)
                    .ok_or_else(|| cell_error(col, row, "not a date (truncate needs dates)"))?,
            };
            Ok(Some(match (part, m) {
                (DatePart::Month, Some(m)) => format!("{y:04}-{m:02}"),
                _ => format!("{y:04}"),
            }))
        })
        .collect()
}
