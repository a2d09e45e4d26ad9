//! The generator without an LLM: each base column drawn from its type, range and
//! distribution (kinds through masq's fakers), derived columns computed by expression, row
//! constraints enforced by rejection (failing rows drawn again in further rounds) and `ratio`
//! constraints by repair (the numerator's rows of a key rescaled), every rejection and repair
//! counted.
//!
//! Determinism: every column of every round has its own generator, seeded from the secret key,
//! the table, the column and the round, so the same key gives the same rows byte for byte, and
//! adding a column does not change the others. Nothing here reads a clock or a global state.

use super::expr;
use super::schema::{
    ColumnSpec, ColumnType, Constraint, Distribution, PlainType, SynthSchema, Value,
};
use crate::error::{Error, Result};
use crate::keys::Key;
use polars::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Distribution as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Rounds of redrawing before giving up on reaching the row count.
const MAX_ROUNDS: u32 = 64;
/// Draws per value for a bounded normal/lognormal, a pattern or a unique value.
const MAX_TRIES: u32 = 64;

/// What generation took: rows drawn, rejected (per constraint) and repaired.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct GenCounts {
    /// Rows drawn in all rounds.
    pub rows_drawn: usize,
    /// Rounds of drawing (1 when no row was rejected).
    pub rounds: u32,
    /// Rows rejected, per constraint label (`unique <column>` for repeats of a unique column).
    pub rejected: BTreeMap<String, usize>,
    /// Cells changed to meet an aggregate constraint, per constraint label.
    pub repaired: BTreeMap<String, usize>,
}

/// Generated rows (hidden columns included) and what it took.
pub struct Generated {
    pub frame: DataFrame,
    pub counts: GenCounts,
}

/// Generates `rows` rows of `schema`, seeded from `key`.
pub fn generate(schema: &SynthSchema, rows: usize, key: &Key) -> Result<Generated> {
    let compiled = expr::Compiled::new(schema)?;
    let rules = crate::rules::RuleSet::builtin()?;
    let mut counts = GenCounts::default();
    let mut kept: Option<DataFrame> = None;
    let mut seen_unique: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut round = 0u32;
    loop {
        let have = kept.as_ref().map_or(0, DataFrame::height);
        if have >= rows || round >= MAX_ROUNDS {
            break;
        }
        let want = rows - have;
        // Later rounds draw a little more than is missing, so a constraint that rejects many
        // rows does not need one round per row.
        let draw = if round == 0 {
            want
        } else {
            want + want / 2 + 8
        };
        let batch = draw_rows(schema, &compiled, &rules, draw, round, key)?;
        counts.rows_drawn += batch.height();
        round += 1;
        let mut pass = vec![true; batch.height()];
        for (label, e) in &compiled.rows {
            let ok = expr::row_mask(&batch, e)
                .map_err(|m| Error::config(format!("row constraint `{label}`: {m}")))?;
            let mut n = 0;
            for (p, o) in pass.iter_mut().zip(ok) {
                if !o {
                    n += usize::from(*p);
                    *p = false;
                }
            }
            if n > 0 {
                *counts.rejected.entry(label.clone()).or_default() += n;
            }
        }
        // A unique column's value must not repeat one kept in an earlier round.
        for c in schema.columns.iter().filter(|c| c.unique) {
            let seen = seen_unique.entry(c.name.clone()).or_default();
            let texts = text_of(&batch, &c.name)?;
            let mut n = 0;
            for (p, v) in pass.iter_mut().zip(texts) {
                if let (true, Some(v)) = (*p, v)
                    && !seen.insert(v)
                {
                    *p = false;
                    n += 1;
                }
            }
            if n > 0 {
                *counts
                    .rejected
                    .entry(format!("unique {}", c.name))
                    .or_default() += n;
            }
        }
        let mask = BooleanChunked::from_slice("pass".into(), &pass);
        let mut good = batch.filter(&mask)?;
        if good.height() > want {
            good = good.slice(0, want);
        }
        kept = Some(match kept {
            None => good,
            Some(mut k) => {
                k.vstack_mut(&good)?;
                k
            }
        });
    }
    counts.rounds = round;
    let mut frame = kept.expect("at least one round runs");
    frame.rechunk_mut();
    repair_ratios(schema, &compiled, &mut frame, &mut counts)?;
    Ok(Generated { frame, counts })
}

/// The text of a column's cells (nulls as `None`), for keys and uniqueness.
pub(crate) fn text_of(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let s = df.column(name)?.cast(&DataType::String)?;
    Ok(s.str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect::<Vec<_>>())
}

/// A column's cells as numbers (dates as days, datetimes as milliseconds).
pub(crate) fn f64_of(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name)?;
    let c = match c.dtype() {
        DataType::Date => c.cast(&DataType::Int32)?,
        DataType::Datetime(_, _) => c.cast(&DataType::Int64)?,
        _ => c.clone(),
    };
    let c = c.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// Puts the values of the foreign key `fk` into `frame`: each row that is not null takes one of
/// `parent`'s values of the referenced column, drawn at random under `key` (each at most once
/// when `unique`; more rows than parents is then an error).
pub(crate) fn link(
    frame: &mut DataFrame,
    fk: &super::schema::ForeignKey,
    unique: bool,
    parent: &DataFrame,
    key: &Key,
) -> Result<()> {
    let keys = parent
        .column(&fk.parent_column)?
        .as_materialized_series()
        .clone();
    let n = keys.len();
    let child = frame.column(&fk.column)?;
    let nulls: Vec<bool> = child.is_null().iter().map(|v| v == Some(true)).collect();
    let mut rng = rng_for(
        key,
        &fk.table,
        &format!("\u{0}references\u{0}{}", fk.column),
        0,
    );
    let wanted = nulls.iter().filter(|v| !**v).count();
    if n == 0 && wanted > 0 || unique && wanted > n {
        return Err(Error::config(format!(
            "table {}, column {}: {wanted} rows need {}{} of {}.{}, which has {n} rows",
            fk.table,
            fk.column,
            if unique { "distinct " } else { "" },
            "values",
            fk.parent,
            fk.parent_column
        )));
    }
    let mut pool: Vec<IdxSize> = (0..n as IdxSize).collect();
    if unique {
        pool.shuffle(&mut rng);
    }
    let mut next = 0usize;
    let idx: IdxCa = nulls
        .iter()
        .map(|null| {
            if *null {
                None
            } else if unique {
                next += 1;
                Some(pool[next - 1])
            } else {
                Some(rng.random_range(0..n as IdxSize))
            }
        })
        .collect();
    let mut linked = keys.take(&idx)?;
    linked.rename(fk.column.as_str().into());
    frame.with_column(linked.into_column())?;
    Ok(())
}

/// A generator for one column of one round.
fn rng_for(key: &Key, table: &str, column: &str, round: u32) -> ChaCha8Rng {
    let h = key.hash_value("synth", &format!("{table}\u{0}{column}\u{0}{round}"));
    let seed = u64::from_str_radix(&h, 16).expect("hash_value is 16 hex digits");
    ChaCha8Rng::seed_from_u64(seed)
}

/// Draws `n` rows: base columns, nulls, then derived columns in order.
fn draw_rows(
    schema: &SynthSchema,
    compiled: &expr::Compiled,
    rules: &crate::rules::RuleSet,
    n: usize,
    round: u32,
    key: &Key,
) -> Result<DataFrame> {
    let mut cols: Vec<Column> = Vec::with_capacity(schema.columns.len());
    for c in schema.columns.iter().filter(|c| !c.is_derived()) {
        let mut rng = rng_for(key, &schema.table.name, &c.name, round);
        let mut s = base_column(c, rules, n, &mut rng)?;
        if c.null_share > 0.0 {
            s = with_nulls(&s, c.null_share, &mut rng)?;
        }
        cols.push(s.into_column());
    }
    let mut df = DataFrame::new(n, cols)?;
    for c in schema.columns.iter().filter(|c| c.is_derived()) {
        let e = &compiled.derived[&c.name];
        let mut s = expr::eval(&df, e)
            .map_err(|m| Error::config(format!("column {}: expr: {m}", c.name)))?
            .with_name(c.name.as_str().into());
        s = shape_derived(c, s)?;
        if c.null_share > 0.0 {
            let mut rng = rng_for(key, &schema.table.name, &c.name, round);
            s = with_nulls(&s, c.null_share, &mut rng)?;
        }
        df.with_column(s.into_column())?;
    }
    // Output order is the file's order.
    let order: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
    Ok(df.select(order)?)
}

/// A derived column cast to its declared type: rounded to its scale, clamped into its range
/// (a clamp is not counted as a repair: it is what the declaration says).
fn shape_derived(c: &ColumnSpec, s: Series) -> Result<Series> {
    let num = |s: &Series| -> Result<Vec<Option<f64>>> {
        Ok(s.cast(&DataType::Float64)?.f64()?.iter().collect())
    };
    let lo = c.min.as_ref().and_then(Value::as_f64);
    let hi = c.max.as_ref().and_then(Value::as_f64);
    let fit = |v: f64| {
        let v = lo.map_or(v, |l| v.max(l));
        hi.map_or(v, |h| v.min(h))
    };
    let name = s.name().clone();
    Ok(match c.ty {
        ColumnType::Plain(PlainType::Int) => {
            let v: Vec<Option<i64>> = num(&s)?
                .into_iter()
                .map(|v| v.filter(|v| v.is_finite()).map(|v| fit(v.round()) as i64))
                .collect();
            Series::new(name, v)
        }
        ColumnType::Plain(PlainType::Float | PlainType::Decimal) => {
            let v: Vec<Option<f64>> = num(&s)?
                .into_iter()
                .map(|v| {
                    v.filter(|v| v.is_finite())
                        .map(|v| round_to(fit(v), c.scale))
                })
                .collect();
            Series::new(name, v)
        }
        ColumnType::Plain(PlainType::Bool) => s.cast(&DataType::Boolean)?,
        ColumnType::Plain(PlainType::Date) => s.cast(&DataType::Date)?,
        ColumnType::Plain(PlainType::Datetime) => {
            s.cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
        }
        ColumnType::Plain(PlainType::String | PlainType::Enum)
        | ColumnType::Kind(_)
        | ColumnType::Unset => s.cast(&DataType::String)?,
    })
}

pub(crate) fn round_to(v: f64, scale: Option<u32>) -> f64 {
    match scale {
        Some(s) => {
            let m = 10f64.powi(s as i32);
            (v * m).round() / m
        }
        None => v,
    }
}

fn with_nulls(s: &Series, share: f64, rng: &mut ChaCha8Rng) -> Result<Series> {
    let keep: Vec<bool> = (0..s.len()).map(|_| !rng.random_bool(share)).collect();
    let mask = BooleanChunked::from_slice("keep".into(), &keep);
    let nulls = Series::full_null(s.name().clone(), s.len(), s.dtype());
    Ok(s.zip_with(&mask, &nulls)?)
}

/// A weighted pick among `len` choices.
fn pick(weights: &[f64], len: usize, rng: &mut ChaCha8Rng) -> usize {
    if weights.is_empty() {
        return rng.random_range(0..len);
    }
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// A number from the column's distribution, inside `min..=max` where given.
fn draw_number(c: &ColumnSpec, lo: Option<f64>, hi: Option<f64>, rng: &mut ChaCha8Rng) -> f64 {
    let inside = |v: f64| lo.is_none_or(|l| v >= l) && hi.is_none_or(|h| v <= h);
    let clamp = |v: f64| hi.map_or(v, |h| v.min(h)).max(lo.unwrap_or(f64::MIN));
    match c.distribution {
        Distribution::Normal | Distribution::Lognormal => {
            let mean = c.mean.unwrap_or(0.0);
            let std = c.std.unwrap_or(0.0);
            let mut v = mean;
            for _ in 0..MAX_TRIES {
                v = if c.distribution == Distribution::Normal {
                    rand_distr::Normal::new(mean, std)
                        .map(|d| d.sample(rng))
                        .unwrap_or(mean)
                } else {
                    // mean and std of the values → the underlying normal's mu and sigma.
                    let s2 = (1.0 + (std * std) / (mean * mean)).ln();
                    let mu = mean.ln() - s2 / 2.0;
                    rand_distr::LogNormal::new(mu, s2.sqrt())
                        .map(|d| d.sample(rng))
                        .unwrap_or(mean)
                };
                if inside(v) {
                    return v;
                }
            }
            clamp(v)
        }
        Distribution::Uniform | Distribution::Categorical => {
            let (l, h) = (lo.unwrap_or(0.0), hi.unwrap_or(1.0));
            if l >= h { l } else { rng.random_range(l..=h) }
        }
    }
}

/// `YYYY-MM-DD` as days since 1970-01-01, or `YYYY-MM-DDTHH:MM:SS` (or with a space) as
/// milliseconds.
pub(crate) fn parse_time(t: &str, datetime: bool) -> Option<i64> {
    if datetime {
        let dt = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
            .ok()
            .or_else(|| {
                chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            })?;
        Some(dt.and_utc().timestamp_millis())
    } else {
        let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
        Some((d - epoch).num_days())
    }
}

fn time_bound(v: &Option<Value>, datetime: bool) -> Option<i64> {
    match v {
        Some(Value::Text(t)) => parse_time(t, datetime),
        _ => None,
    }
}

/// A template for a kind: the column's `like`, else the first example of the kind's rules.
fn template(c: &ColumnSpec, kind: crate::kind::Kind, rules: &crate::rules::RuleSet) -> String {
    c.like
        .clone()
        .or_else(|| {
            rules
                .of_kind(kind)
                .find_map(|r| r.def.examples.first().cloned())
        })
        .unwrap_or_default()
}

/// Draws `n` values of a base column.
fn base_column(
    c: &ColumnSpec,
    rules: &crate::rules::RuleSet,
    n: usize,
    rng: &mut ChaCha8Rng,
) -> Result<Series> {
    let name: PlSmallStr = c.name.as_str().into();
    let lo = c.min.as_ref().and_then(Value::as_f64);
    let hi = c.max.as_ref().and_then(Value::as_f64);
    let categorical = !c.values.is_empty();
    // Unique columns draw again (up to MAX_TRIES) on a repeat within the batch.
    let mut seen: HashSet<String> = HashSet::new();
    let mut unique = |s: String, again: &mut dyn FnMut() -> String| -> String {
        if !c.unique {
            return s;
        }
        let mut s = s;
        for _ in 0..MAX_TRIES {
            if seen.insert(s.clone()) {
                break;
            }
            s = again();
        }
        s
    };
    Ok(match c.ty {
        ColumnType::Plain(PlainType::Int) => {
            let one = |rng: &mut ChaCha8Rng| -> i64 {
                if categorical {
                    let i = pick(&c.weights, c.values.len(), rng);
                    c.values[i].as_f64().unwrap_or(0.0) as i64
                } else if c.distribution == Distribution::Uniform {
                    let (l, h) = (lo.unwrap_or(0.0) as i64, hi.unwrap_or(0.0) as i64);
                    rng.random_range(l..=h.max(l))
                } else {
                    draw_number(c, lo, hi, rng).round() as i64
                }
            };
            let v: Vec<i64> = (0..n)
                .map(|_| {
                    let first = one(rng).to_string();
                    let s = unique(first, &mut || one(rng).to_string());
                    s.parse().unwrap_or(0)
                })
                .collect();
            Series::new(name, v)
        }
        ColumnType::Plain(PlainType::Float | PlainType::Decimal) => {
            let one = |rng: &mut ChaCha8Rng| -> f64 {
                let v = if categorical {
                    let i = pick(&c.weights, c.values.len(), rng);
                    c.values[i].as_f64().unwrap_or(0.0)
                } else {
                    draw_number(c, lo, hi, rng)
                };
                round_to(v, c.scale)
            };
            let v: Vec<f64> = (0..n)
                .map(|_| {
                    let first = one(rng).to_string();
                    let s = unique(first, &mut || one(rng).to_string());
                    s.parse().unwrap_or(0.0)
                })
                .collect();
            Series::new(name, v)
        }
        ColumnType::Plain(PlainType::Enum) => {
            let v: Vec<String> = (0..n)
                .map(|_| {
                    let one = |rng: &mut ChaCha8Rng| {
                        c.values[pick(&c.weights, c.values.len(), rng)].as_text()
                    };
                    let first = one(rng);
                    unique(first, &mut || one(rng))
                })
                .collect();
            Series::new(name, v)
        }
        ColumnType::Plain(PlainType::Bool) => {
            let p = match (c.values.as_slice(), c.weights.as_slice()) {
                ([Value::Bool(a), Value::Bool(_)], [wa, wb]) if wa + wb > 0.0 => {
                    let pa = wa / (wa + wb);
                    if *a { pa } else { 1.0 - pa }
                }
                _ => c.mean.unwrap_or(0.5).clamp(0.0, 1.0),
            };
            let v: Vec<bool> = (0..n).map(|_| rng.random_bool(p)).collect();
            Series::new(name, v)
        }
        ColumnType::Plain(t @ (PlainType::Date | PlainType::Datetime)) => {
            let dt = t == PlainType::Datetime;
            let (dl, dh) = if dt {
                (946_684_800_000, 1_924_991_999_000) // 2000-01-01 .. 2030-12-31
            } else {
                (10_957, 22_279)
            };
            let l = time_bound(&c.min, dt).unwrap_or(dl);
            let h = time_bound(&c.max, dt).unwrap_or(dh).max(l);
            // Datetimes in whole seconds.
            let unit = if dt { 1000 } else { 1 };
            let (l, h) = (
                (l + unit - 1).div_euclid(unit),
                h.div_euclid(unit).max(l / unit),
            );
            let v: Vec<i64> = (0..n)
                .map(|_| {
                    let first = rng.random_range(l..=h).to_string();
                    unique(first, &mut || rng.random_range(l..=h).to_string())
                        .parse::<i64>()
                        .unwrap_or(l)
                        * unit
                })
                .collect();
            let s = Series::new(name, v);
            if dt {
                s.cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
            } else {
                s.cast(&DataType::Int32)?.cast(&DataType::Date)?
            }
        }
        ColumnType::Plain(PlainType::String) | ColumnType::Unset => {
            let pattern = c
                .pattern
                .as_deref()
                .map(super::pattern::Pattern::new)
                .transpose()
                .map_err(|e| Error::config(format!("column {}: pattern: {e}", c.name)))?;
            let one = |rng: &mut ChaCha8Rng| -> String {
                if categorical {
                    c.values[pick(&c.weights, c.values.len(), rng)].as_text()
                } else if let Some(p) = &pattern {
                    p.generate(rng)
                } else {
                    words(c.min_length.unwrap_or(4), c.max_length.unwrap_or(24), rng)
                }
            };
            let v: Vec<String> = (0..n)
                .map(|_| {
                    let first = one(rng);
                    unique(first, &mut || one(rng))
                })
                .collect();
            Series::new(name, v)
        }
        ColumnType::Kind(kind) => {
            let tpl = template(c, kind, rules);
            let re = c.pattern.as_deref().and_then(|p| full_match(p).ok());
            let one = |rng: &mut ChaCha8Rng| -> String {
                let mut v = crate::transform::fakers::fake(kind, &tpl, rng);
                if let Some(re) = &re {
                    for _ in 0..MAX_TRIES {
                        if re.is_match(&v) {
                            break;
                        }
                        v = crate::transform::fakers::fake(kind, &tpl, rng);
                    }
                }
                v
            };
            let v: Vec<String> = (0..n)
                .map(|_| {
                    let first = one(rng);
                    unique(first, &mut || one(rng))
                })
                .collect();
            Series::new(name, v)
        }
    })
}

/// `pattern` anchored at both ends.
pub(crate) fn full_match(p: &str) -> std::result::Result<regex::Regex, regex::Error> {
    regex::Regex::new(&format!("^(?:{p})$"))
}

/// Lower-case words between `min` and `max` characters long.
fn words<R: Rng + ?Sized>(min: usize, max: usize, rng: &mut R) -> String {
    use fake::Fake;
    let max = max.max(min).max(1);
    let target = rng.random_range(min..=max);
    let mut out = String::new();
    while out.chars().count() < target {
        let w: String = fake::faker::lorem::en::Word().fake_with_rng(rng);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    let s: String = out.chars().take(max).collect();
    s.trim_end().to_string()
}

/// Rescales the numerator's rows of every key whose ratio falls outside `min..max` so that
/// it lands just inside, recomputes the derived columns that may read the rescaled one, and
/// keeps the change only in rows that still meet every row constraint. Each changed cell that
/// is kept counts as repaired.
fn repair_ratios(
    schema: &SynthSchema,
    compiled: &expr::Compiled,
    df: &mut DataFrame,
    counts: &mut GenCounts,
) -> Result<()> {
    for k in &schema.constraints {
        let Constraint::Ratio {
            column,
            group,
            numerator,
            denominator,
            on,
            min,
            max,
            ..
        } = k
        else {
            continue;
        };
        let spec = schema.column(column).expect("checked at load");
        if !matches!(
            spec.ty,
            ColumnType::Plain(PlainType::Int | PlainType::Float | PlainType::Decimal)
        ) {
            continue;
        }
        let vals = f64_of(df, column)?;
        let groups = text_of(df, group)?;
        let keys = super::check::keys_of(df, on)?;
        let ratios = super::check::ratios(&vals, &groups, &keys, numerator, denominator);
        let width = max - min;
        let mut factor: BTreeMap<&str, f64> = BTreeMap::new();
        for (key, r) in &ratios {
            if (*r < *min || *r > *max) && *r > 0.0 {
                let target = if *r < *min {
                    min + width * 0.05
                } else {
                    max - width * 0.05
                };
                factor.insert(key.as_str(), target / r);
            }
        }
        if factor.is_empty() {
            continue;
        }
        let mut touched = vec![false; vals.len()];
        let new: Vec<Option<f64>> = vals
            .iter()
            .zip(&groups)
            .zip(&keys)
            .zip(touched.iter_mut())
            .map(
                |(((v, g), key), t)| match (v, g, factor.get(key.as_str())) {
                    (Some(v), Some(g), Some(f)) if g == numerator => {
                        *t = true;
                        Some(round_to(v * f, spec.scale))
                    }
                    _ => *v,
                },
            )
            .collect();
        let s = if spec.ty == ColumnType::Plain(PlainType::Int) {
            Series::new(
                column.as_str().into(),
                new.iter()
                    .map(|v| v.map(|v| v.round() as i64))
                    .collect::<Vec<_>>(),
            )
        } else {
            Series::new(column.as_str().into(), new)
        };
        let mut candidate = df.clone();
        candidate.with_column(s.into_column())?;
        recompute_after(schema, compiled, &mut candidate, column)?;
        // Rows the repair would make break a row constraint keep their old values.
        let mut keep_new = touched.clone();
        for (label, e) in &compiled.rows {
            let ok = expr::row_mask(&candidate, e)
                .map_err(|m| Error::config(format!("row constraint `{label}`: {m}")))?;
            for (kn, o) in keep_new.iter_mut().zip(ok) {
                *kn &= o;
            }
        }
        let mask = BooleanChunked::from_slice("repaired".into(), &keep_new);
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        for name in names {
            let new = candidate.column(&name)?.as_materialized_series().clone();
            let old = df.column(&name)?.as_materialized_series().clone();
            let merged = new.zip_with(&mask, &old)?;
            df.with_column(merged.into_column())?;
        }
        let changed = keep_new.iter().filter(|b| **b).count();
        if changed > 0 {
            *counts.repaired.entry(k.label()).or_default() += changed;
        }
    }
    Ok(())
}

/// Recomputes the derived columns that may read `changed`: all of them when it is a base
/// column, those after it when it is derived itself. Cells that were null stay null.
fn recompute_after(
    schema: &SynthSchema,
    compiled: &expr::Compiled,
    df: &mut DataFrame,
    changed: &str,
) -> Result<()> {
    let pos = schema.columns.iter().position(|c| c.name == changed);
    let changed_is_derived = pos.is_some_and(|p| schema.columns[p].is_derived());
    for (i, c) in schema.columns.iter().enumerate() {
        if !c.is_derived()
            || c.name == changed
            || (changed_is_derived && pos.is_some_and(|p| i < p))
        {
            continue;
        }
        let old = df.column(&c.name)?.as_materialized_series().clone();
        let new = expr::eval(df, &compiled.derived[&c.name])
            .map_err(|m| Error::config(format!("column {}: expr: {m}", c.name)))?
            .with_name(c.name.as_str().into());
        let new = shape_derived(c, new)?;
        let nulls = Series::full_null(old.name().clone(), old.len(), new.dtype());
        let merged = new.zip_with(&old.is_not_null(), &nulls)?;
        df.with_column(merged.into_column())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::from_bytes(vec![7; 32], crate::keys::KeySource::KeyFile).unwrap()
    }

    const TV: &str = r#"
version = 1
[table]
name = "tv"
[[column]]
name = "size"
type = "int"
values = [32, 43, 55, 65]
[[column]]
name = "tv_type"
type = "enum"
values = ["OLED", "QLED"]
[[column]]
name = "noise"
type = "float"
distribution = "normal"
mean = 1.0
std = 0.3
min = 0.1
max = 2.0
hidden = true
[[column]]
name = "price"
type = "decimal"
scale = 2
expr = "size * 10 * noise * CASE WHEN tv_type = 'QLED' THEN 2 ELSE 1 END"
[[column]]
name = "email"
type = "email"
unique = true
[[constraint]]
kind = "row"
expr = "price < 900"
[[constraint]]
kind = "ratio"
column = "price"
group = "tv_type"
numerator = "QLED"
denominator = "OLED"
on = ["size"]
min = 1.9
max = 2.1
"#;

    #[test]
    fn rejected_rows_are_redrawn_and_ratios_repaired_and_counted() {
        let s = SynthSchema::parse("tv.toml", TV).unwrap();
        let g = generate(&s, 300, &key()).unwrap();
        assert_eq!(g.frame.height(), 300);
        let price = f64_of(&g.frame, "price").unwrap();
        assert!(price.iter().all(|p| p.unwrap() < 900.0));
        assert!(g.counts.rejected.get("price < 900").copied().unwrap_or(0) > 0);
        assert!(g.counts.rounds > 1);
        assert!(g.counts.repaired.values().sum::<usize>() > 0);
        let emails = text_of(&g.frame, "email").unwrap();
        let distinct: HashSet<_> = emails.iter().collect();
        assert_eq!(distinct.len(), 300, "unique column repeats");
    }

    #[test]
    fn same_key_same_rows_other_key_other_rows() {
        let s = SynthSchema::parse("tv.toml", TV).unwrap();
        let a = generate(&s, 50, &key()).unwrap().frame;
        let b = generate(&s, 50, &key()).unwrap().frame;
        assert!(a.equals_missing(&b));
        let other = Key::from_bytes(vec![8; 32], crate::keys::KeySource::KeyFile).unwrap();
        let c = generate(&s, 50, &other).unwrap().frame;
        assert!(!a.equals_missing(&c));
    }
}
