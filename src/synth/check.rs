//! Checks on the output, independent of how it was generated: each constraint's satisfaction
//! rate, schema validity row by row, and diversity (duplicate rows, distinct share per column).
//! Results hold column names, counts, rates and aggregate figures (means, ratios, correlations)
//! — never a cell value.

use super::expr;
use super::generate::{f64_of, full_match, parse_time, text_of};
use super::schema::{ColumnType, Constraint, PlainType, SynthSchema, Value};
use crate::error::{Error, Result};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One constraint checked on the output.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ConstraintResult {
    /// The constraint's name, or what it checks.
    pub name: String,
    /// `row`, `monotonic`, `ratio`, `correlation`, `share`, `mean` or `std`.
    pub kind: String,
    /// What was checked: rows (row), steps between consecutive x values (monotonic), keys
    /// present in both groups (ratio), 1 for a single figure.
    pub checked: usize,
    /// How many of those held.
    pub held: usize,
    /// held / checked (0 when nothing could be checked: a check that saw nothing never passes).
    pub rate: f64,
    /// The aggregate measured: the correlation, share, mean or std; the mean ratio over keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    /// Per key, group and x: the figures a chart of the relation needs (monotonic: mean y per
    /// x and group; ratio: the ratio per key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series2>,
}

/// A named series of (x, y) points, e.g. mean price per size for one tv_type.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Series2 {
    pub name: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<(f64, f64)>,
}

/// Schema validity of the output.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Validity {
    pub rows: usize,
    /// Rows where every cell fits its column's type, range, values, pattern and uniqueness.
    pub valid_rows: usize,
    pub valid_share: f64,
    /// Cells that did not fit, per column (columns without any are left out).
    pub invalid_cells: BTreeMap<String, usize>,
}

/// How varied the output is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Diversity {
    /// Rows equal to an earlier row (all written columns).
    pub duplicate_rows: usize,
    pub duplicate_share: f64,
    pub columns: Vec<ColumnDiversity>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ColumnDiversity {
    pub column: String,
    pub distinct: usize,
    /// Distinct values / non-null cells.
    pub distinct_share: f64,
    pub null_share: f64,
}

/// Joined key columns per row (`\u{1f}` between parts; nulls as empty).
pub(crate) fn keys_of(df: &DataFrame, on: &[String]) -> Result<Vec<String>> {
    let mut keys = vec![String::new(); df.height()];
    for (i, c) in on.iter().enumerate() {
        for (k, v) in keys.iter_mut().zip(text_of(df, c)?) {
            if i > 0 {
                k.push('\u{1f}');
            }
            k.push_str(v.as_deref().unwrap_or(""));
        }
    }
    Ok(keys)
}

/// Mean of `vals` where the group is `numerator`, divided by its mean where it is
/// `denominator`, per key present in both (and with a non-zero denominator).
pub(crate) fn ratios(
    vals: &[Option<f64>],
    groups: &[Option<String>],
    keys: &[String],
    numerator: &str,
    denominator: &str,
) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<&str, [(f64, usize); 2]> = BTreeMap::new();
    for ((v, g), k) in vals.iter().zip(groups).zip(keys) {
        let (Some(v), Some(g)) = (v, g) else { continue };
        let side = if g == numerator {
            0
        } else if g == denominator {
            1
        } else {
            continue;
        };
        let e = sums.entry(k.as_str()).or_insert([(0.0, 0); 2]);
        e[side].0 += v;
        e[side].1 += 1;
    }
    sums.into_iter()
        .filter(|(_, s)| s[0].1 > 0 && s[1].1 > 0 && s[1].0 != 0.0)
        .map(|(k, s)| {
            let r = (s[0].0 / s[0].1 as f64) / (s[1].0 / s[1].1 as f64);
            (k.to_string(), r)
        })
        .collect()
}

/// `part / whole`, 0 when there is nothing (a check that saw nothing never passes).
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn result(k: &Constraint, checked: usize, held: usize, observed: Option<f64>) -> ConstraintResult {
    ConstraintResult {
        name: k.label(),
        kind: k.kind().into(),
        checked,
        held,
        rate: share(held, checked),
        observed,
        series: vec![],
    }
}

fn in_range(v: f64, min: f64, max: f64) -> bool {
    v >= min - 1e-9 && v <= max + 1e-9
}

/// Every constraint of `schema` checked on `df`.
pub fn constraints(schema: &SynthSchema, df: &DataFrame) -> Result<Vec<ConstraintResult>> {
    let mut out = Vec::new();
    for k in &schema.constraints {
        out.push(match k {
            Constraint::Row { expr: text, .. } => {
                let e = expr::parse(text)
                    .map_err(|m| Error::config(format!("row constraint `{}`: {m}", k.label())))?;
                let m = expr::row_mask(df, &e)
                    .map_err(|m| Error::config(format!("row constraint `{}`: {m}", k.label())))?;
                result(k, m.len(), m.iter().filter(|b| **b).count(), None)
            }
            Constraint::Monotonic {
                y,
                x,
                by,
                decreasing,
                ..
            } => monotonic(k, df, y, x, by, *decreasing)?,
            Constraint::Ratio {
                column,
                group,
                numerator,
                denominator,
                on,
                min,
                max,
                ..
            } => {
                let vals = f64_of(df, column)?;
                let groups = text_of(df, group)?;
                let keys = keys_of(df, on)?;
                let rs = ratios(&vals, &groups, &keys, numerator, denominator);
                let held = rs.values().filter(|r| in_range(**r, *min, *max)).count();
                let mean = (!rs.is_empty()).then(|| rs.values().sum::<f64>() / rs.len() as f64);
                let mut r = result(k, rs.len(), held, mean);
                // Numeric keys chart as x; others by their order.
                let points: Vec<(f64, f64)> = rs
                    .iter()
                    .enumerate()
                    .map(|(i, (key, v))| (key.parse::<f64>().unwrap_or(i as f64), *v))
                    .collect();
                let mut points = points;
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                r.series.push(Series2 {
                    name: format!("{numerator} / {denominator}"),
                    x_label: on.join(", "),
                    y_label: format!("ratio of mean {column}"),
                    points,
                });
                r
            }
            Constraint::Correlation { x, y, min, max, .. } => {
                let c = pearson(&f64_of(df, x)?, &f64_of(df, y)?);
                match c {
                    Some(c) => result(k, 1, usize::from(in_range(c, *min, *max)), Some(c)),
                    None => result(k, 0, 0, None),
                }
            }
            Constraint::Share {
                column,
                value,
                min,
                max,
                ..
            } => {
                let want = value.as_text();
                let texts = text_of(df, column)?;
                let hits = texts
                    .iter()
                    .filter(|v| v.as_deref() == Some(want.as_str()))
                    .count();
                if texts.is_empty() {
                    result(k, 0, 0, None)
                } else {
                    let s = hits as f64 / texts.len() as f64;
                    result(k, 1, usize::from(in_range(s, *min, *max)), Some(s))
                }
            }
            Constraint::Mean {
                column, min, max, ..
            }
            | Constraint::Std {
                column, min, max, ..
            } => {
                let v: Vec<f64> = f64_of(df, column)?.into_iter().flatten().collect();
                let m = moments(&v).map(|(mean, std)| {
                    if matches!(k, Constraint::Mean { .. }) {
                        mean
                    } else {
                        std
                    }
                });
                match m {
                    Some(m) => result(k, 1, usize::from(in_range(m, *min, *max)), Some(m)),
                    None => result(k, 0, 0, None),
                }
            }
        });
    }
    Ok(out)
}

fn monotonic(
    k: &Constraint,
    df: &DataFrame,
    y: &str,
    x: &str,
    by: &[String],
    decreasing: bool,
) -> Result<ConstraintResult> {
    let ys = f64_of(df, y)?;
    let xs = f64_of(df, x)?;
    let groups = keys_of(df, by)?;
    // group → x (by bits of a total order) → (sum, n)
    let mut acc: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
    for ((xv, yv), g) in xs.iter().zip(&ys).zip(&groups) {
        if let (Some(xv), Some(yv)) = (xv, yv) {
            acc.entry(g.as_str()).or_default().push((*xv, *yv));
        }
    }
    let (mut steps, mut good) = (0usize, 0usize);
    let mut series = Vec::new();
    for (g, mut pts) in acc {
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut means: Vec<(f64, f64)> = Vec::new();
        let mut i = 0;
        while i < pts.len() {
            let mut j = i;
            let mut sum = 0.0;
            while j < pts.len() && pts[j].0 == pts[i].0 {
                sum += pts[j].1;
                j += 1;
            }
            means.push((pts[i].0, sum / (j - i) as f64));
            i = j;
        }
        for w in means.windows(2) {
            steps += 1;
            let rises = w[1].1 > w[0].1;
            let falls = w[1].1 < w[0].1;
            if (rises && !decreasing) || (falls && decreasing) {
                good += 1;
            }
        }
        series.push(Series2 {
            name: if by.is_empty() {
                y.to_string()
            } else {
                g.replace('\u{1f}', ", ")
            },
            x_label: x.to_string(),
            y_label: format!("mean {y}"),
            points: means,
        });
    }
    let mut r = result(k, steps, good, None);
    r.series = series;
    Ok(r)
}

fn moments(v: &[f64]) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    Some((mean, var.sqrt()))
}

fn pearson(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Checks every written cell against its column's declaration.
pub fn validity(
    schema: &SynthSchema,
    df: &DataFrame,
    rules: &crate::rules::RuleSet,
) -> Result<Validity> {
    validity_rows(schema, df, rules).map(|(v, _)| v)
}

/// [`validity`], and which rows are valid.
pub fn validity_rows(
    schema: &SynthSchema,
    df: &DataFrame,
    rules: &crate::rules::RuleSet,
) -> Result<(Validity, Vec<bool>)> {
    let n = df.height();
    let mut row_ok = vec![true; n];
    let mut invalid = BTreeMap::new();
    for c in schema.columns.iter().filter(|c| !c.hidden) {
        let Ok(col) = df.column(&c.name) else {
            invalid.insert(c.name.clone(), n);
            row_ok.iter_mut().for_each(|r| *r = false);
            continue;
        };
        let mut bad = vec![false; n];
        let lo = c.min.as_ref().and_then(Value::as_f64);
        let hi = c.max.as_ref().and_then(Value::as_f64);
        let allowed: Option<HashSet<String>> = (!c.values.is_empty() && !c.is_derived())
            .then(|| c.values.iter().map(Value::as_text).collect());
        let texts = text_of(df, &c.name)?;
        match c.ty {
            ColumnType::Plain(PlainType::Int | PlainType::Float | PlainType::Decimal) => {
                let want_int = matches!(c.ty, ColumnType::Plain(PlainType::Int));
                let numeric = col.dtype().is_primitive_numeric();
                let nums = f64_of(df, &c.name)?;
                for (i, v) in nums.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let scale_ok = c.scale.is_none_or(|s| {
                        let m = 10f64.powi(s as i32);
                        ((v * m).round() - v * m).abs() < 1e-6 * m.max(1.0)
                    });
                    bad[i] = !numeric
                        || !v.is_finite()
                        || (want_int && v.fract() != 0.0)
                        || lo.is_some_and(|l| *v < l)
                        || hi.is_some_and(|h| *v > h)
                        || !scale_ok;
                }
            }
            ColumnType::Plain(PlainType::Date | PlainType::Datetime) => {
                let dt = matches!(c.ty, ColumnType::Plain(PlainType::Datetime));
                let ok_type = if dt {
                    matches!(col.dtype(), DataType::Datetime(_, _))
                } else {
                    col.dtype() == &DataType::Date
                };
                let tl = match &c.min {
                    Some(Value::Text(t)) => parse_time(t, dt),
                    _ => None,
                };
                let th = match &c.max {
                    Some(Value::Text(t)) => parse_time(t, dt),
                    _ => None,
                };
                for (i, v) in f64_of(df, &c.name)?.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let v = *v as i64;
                    bad[i] = !ok_type || tl.is_some_and(|l| v < l) || th.is_some_and(|h| v > h);
                }
            }
            ColumnType::Plain(PlainType::Bool) => {
                if col.dtype() != &DataType::Boolean {
                    bad.iter_mut()
                        .zip(&texts)
                        .for_each(|(b, t)| *b = t.is_some());
                }
            }
            ColumnType::Plain(PlainType::String | PlainType::Enum)
            | ColumnType::Kind(_)
            | ColumnType::Unset => {
                let re = c.pattern.as_deref().and_then(|p| full_match(p).ok());
                for (i, t) in texts.iter().enumerate() {
                    let Some(t) = t else { continue };
                    let len = t.chars().count();
                    bad[i] = re.as_ref().is_some_and(|r| !r.is_match(t))
                        || c.min_length.is_some_and(|m| len < m)
                        || c.max_length.is_some_and(|m| len > m)
                        || match c.ty {
                            ColumnType::Kind(k) => rules.validity(k, t) == Some(false),
                            _ => false,
                        };
                }
            }
        }
        if let Some(allowed) = &allowed {
            for (i, t) in texts.iter().enumerate() {
                if let Some(t) = t {
                    bad[i] |= !allowed.contains(t) && !allowed.contains(t.trim_end_matches(".0"));
                }
            }
        }
        if c.unique {
            let mut seen = HashSet::new();
            for (i, t) in texts.iter().enumerate() {
                if let Some(t) = t {
                    bad[i] |= !seen.insert(t.as_str());
                }
            }
        }
        let count = bad.iter().filter(|b| **b).count();
        if count > 0 {
            invalid.insert(c.name.clone(), count);
        }
        for (r, b) in row_ok.iter_mut().zip(bad) {
            *r &= !b;
        }
    }
    let valid_rows = row_ok.iter().filter(|b| **b).count();
    Ok((
        Validity {
            rows: n,
            valid_rows,
            valid_share: share(valid_rows, n),
            invalid_cells: invalid,
        },
        row_ok,
    ))
}

/// Duplicate rows and distinct shares of the written columns.
pub fn diversity(df: &DataFrame) -> Result<Diversity> {
    use rayon::prelude::*;
    let n = df.height();
    let texts = text_columns(df)?;
    let columns = texts
        .par_iter()
        .map(|c| -> Result<ColumnDiversity> {
            let mut distinct: foldhash::HashSet<&str> = Default::default();
            let mut nulls = 0;
            for v in c.str()?.iter() {
                match v {
                    Some(t) => {
                        distinct.insert(t);
                    }
                    None => nulls += 1,
                }
            }
            Ok(ColumnDiversity {
                column: c.name().to_string(),
                distinct: distinct.len(),
                distinct_share: share(distinct.len(), n - nulls),
                null_share: share(nulls, n),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut seen: foldhash::HashSet<u128> = Default::default();
    let duplicate_rows = hash_rows(&texts, n, false)?
        .into_iter()
        .filter(|h| !seen.insert(*h))
        .count();
    Ok(Diversity {
        duplicate_rows,
        duplicate_share: share(duplicate_rows, n),
        columns,
    })
}

/// The foreign key `fk` checked on the output: of `child`'s non-null values of the column, how
/// many are among `parent`'s values of the referenced column (kind `foreign_key`).
pub fn foreign_key(
    child: &DataFrame,
    fk: &super::schema::ForeignKey,
    parent: &DataFrame,
) -> Result<ConstraintResult> {
    let known: HashSet<String> = super::generate::text_of(parent, &fk.parent_column)?
        .into_iter()
        .flatten()
        .collect();
    let values = super::generate::text_of(child, &fk.column)?;
    let checked = values.iter().flatten().count();
    let held = values
        .iter()
        .flatten()
        .filter(|v| known.contains(*v))
        .count();
    Ok(ConstraintResult {
        name: format!(
            "{}.{} references {}.{}",
            fk.table, fk.column, fk.parent, fk.parent_column
        ),
        kind: "foreign_key".into(),
        checked,
        held,
        rate: share(held, checked),
        observed: None,
        series: vec![],
    })
}

/// Every column cast to text (dates and numbers as written), on all cores.
pub(super) fn text_columns(df: &DataFrame) -> Result<Vec<Column>> {
    use rayon::prelude::*;
    Ok(df
        .columns()
        .par_iter()
        .map(|c| c.cast(&DataType::String))
        .collect::<PolarsResult<Vec<_>>>()?)
}

/// A 128-bit hash of each row's cells as text (nulls apart from every text; `trim` ignores the
/// spaces around values), to find equal rows without building each row's text: two different
/// rows share one with odds of about n² / 2¹²⁸.
pub fn row_hashes(df: &DataFrame, trim: bool) -> Result<Vec<u128>> {
    hash_rows(&text_columns(df)?, df.height(), trim)
}

/// [`row_hashes`] of columns already cast to text, in chunks of rows on all cores.
fn hash_rows(texts: &[Column], n: usize, trim: bool) -> Result<Vec<u128>> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    const CHUNK: usize = 1 << 16;
    let (a, b) = (
        foldhash::quality::FixedState::with_seed(0x6d61_7371_726f_7731),
        foldhash::quality::FixedState::with_seed(0x6d61_7371_726f_7732),
    );
    let strs = texts
        .iter()
        .map(|c| c.str().cloned())
        .collect::<PolarsResult<Vec<_>>>()?;
    let mut h = vec![0u128; n];
    h.par_chunks_mut(CHUNK).enumerate().for_each(|(k, out)| {
        let mut acc = vec![(0u64, 0u64); out.len()];
        for s in &strs {
            let part = s.slice((k * CHUNK) as i64, out.len());
            for (acc, v) in acc.iter_mut().zip(part.iter()) {
                let (x, y) = match v {
                    Some(v) => {
                        let v = if trim { v.trim() } else { v }.as_bytes();
                        (a.hash_one(v), b.hash_one(v))
                    }
                    None => (0x5bd1_e995_5bd1_e995, 0x1b87_3593_1b87_3593),
                };
                acc.0 = (acc.0.rotate_left(27) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                acc.1 = (acc.1.rotate_left(31) ^ y).wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
            }
        }
        for (o, (x, y)) in out.iter_mut().zip(acc) {
            *o = (u128::from(x) << 64) | u128::from(y);
        }
    });
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = r#"
version = 1
[table]
name = "t"
[[column]]
name = "x"
type = "int"
min = 1
max = 3
[[column]]
name = "g"
type = "enum"
values = ["a", "b"]
[[column]]
name = "y"
type = "float"
min = 0
max = 100
[[constraint]]
kind = "monotonic"
y = "y"
x = "x"
by = ["g"]
[[constraint]]
kind = "ratio"
column = "y"
group = "g"
numerator = "b"
denominator = "a"
on = ["x"]
min = 1.9
max = 2.1
[[constraint]]
kind = "row"
expr = "y > 5"
"#;

    #[test]
    fn monotonic_ratio_and_row_rates_count_what_holds() {
        let s = SynthSchema::parse("t.toml", S).unwrap();
        // a: 10, 20, 15 (one of two steps rises); b: 20, 40, 60 (both rise; ratios 2, 2, 4).
        let df = df!(
            "x" => [1i64, 2, 3, 1, 2, 3],
            "g" => ["a", "a", "a", "b", "b", "b"],
            "y" => [10.0, 20.0, 15.0, 20.0, 40.0, 60.0],
        )
        .unwrap();
        let r = constraints(&s, &df).unwrap();
        assert_eq!((r[0].checked, r[0].held), (4, 3));
        assert_eq!((r[1].checked, r[1].held), (3, 2));
        assert_eq!((r[2].checked, r[2].held), (6, 6));
        assert_eq!(r[0].series.len(), 2, "one series per group");
    }

    #[test]
    fn validity_flags_out_of_range_and_unknown_values() {
        let s = SynthSchema::parse("t.toml", S).unwrap();
        let df = df!(
            "x" => [1i64, 9],
            "g" => ["a", "c"],
            "y" => [10.0, 20.0],
        )
        .unwrap();
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let v = validity(&s, &df, &rules).unwrap();
        assert_eq!(v.valid_rows, 1);
        assert_eq!(v.invalid_cells.get("x"), Some(&1));
        assert_eq!(v.invalid_cells.get("g"), Some(&1));
    }

    #[test]
    fn duplicates_are_counted() {
        let df = df!("a" => [1i64, 1, 2], "b" => ["x", "x", "x"]).unwrap();
        let d = diversity(&df).unwrap();
        assert_eq!(d.duplicate_rows, 1);
        assert_eq!(d.columns[1].distinct, 1);
    }
}
