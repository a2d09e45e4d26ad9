//! How the report's numbers read on the page: thin thousands separators, three-decimal scores,
//! one-decimal percentages, milliseconds, short axis labels. Plain text only: whatever these
//! return is escaped by the templates like any other string.

/// Integers with thin (narrow no-break) thousands separators: `56 340`.
pub fn int(v: u64) -> String {
    let d = v.to_string();
    let mut out = String::with_capacity(d.len() + d.len() / 3);
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

/// Scores: three decimals.
pub fn f3(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "n/a".into()
    }
}

pub fn f1(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}")
    } else {
        "n/a".into()
    }
}

/// Shares: a percentage with one decimal.
pub fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{:.1}%", v * 100.0)
    } else {
        "n/a".into()
    }
}

/// A threshold or measure that may be whole (k, leaks) or a score.
pub fn num(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        int(v as i64 as u64)
    } else {
        f3(v)
    }
}

/// Axis labels: `950`, `12k`, `1.2M`.
pub fn compact(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{}", v.round() as u64)
    }
}

pub fn ms(v: u64) -> String {
    if v >= 10_000 {
        format!("{:.1} s", v as f64 / 1000.0)
    } else {
        format!("{} ms", int(v))
    }
}

/// At most `n` characters; longer text keeps its start and its end (column names often differ
/// only in a suffix: `amount_2023`, `amount_2024`).
pub fn truncate(s: &str, n: usize) -> String {
    let len = s.chars().count();
    if len <= n {
        return s.to_string();
    }
    let head = (n - 1) / 2;
    let tail = n - 1 - head;
    let mut t: String = s.chars().take(head).collect();
    t.push('…');
    t.extend(s.chars().skip(len - tail));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_page_shows_them() {
        assert_eq!(int(56_340), "56\u{202f}340");
        assert_eq!(int(999), "999");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.655), "0.655");
        assert_eq!(pct(0.61), "61.0%");
        assert_eq!(pct(f64::NAN), "n/a");
        assert_eq!(ms(12_345), "12.3 s");
        assert_eq!(compact(12_000.0), "12k");
        assert_eq!(truncate("column_with_a_long_name_11", 14), "column…name_11");
    }
}
