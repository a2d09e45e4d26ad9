//! Fidelity: does the anonymized data keep the statistical shape of the original?
//!
//! The metrics are SDMetrics' definitions, computed exactly on every row (no subsampling, so the
//! scores are deterministic):
//!
//! - **KSComplement** (numeric and datetime columns): `1 − D`, where `D` is the two-sample
//!   Kolmogorov–Smirnov statistic of the non-null values.
//! - **TVComplement** (categorical and boolean columns): `1 − ½ Σ |p_orig(c) − p_anon(c)|` over the
//!   categories of both columns.
//! - **CorrelationSimilarity** (numeric pairs, Pearson and Spearman): `1 − |ρ_orig − ρ_anon| / 2`.
//! - **ContingencySimilarity** (categorical pairs; numeric columns binned): `1 − ½ Σ |p_orig(a,b) −
//!   p_anon(a,b)|` over the joint categories.
//!
//! For identifier columns that were replaced, distributions are meaningless (every value is
//! new by design): [`IdentifierProfile`] compares null rate, distinct ratio (consistency keeps
//! cardinality), length profile and the share of surrogates that pass the kind's own rule.
//!
//! Category labels never enter the report (every category is a cell value): they are shown
//! as `#1`, `#2`, … in the order of their original frequency. This module computes and
//! describes; it does not decide pass or fail (see the gate in [`super`]).
//!
//! **Exactly as SDMetrics 0.32** (checked to 1e-6 by `tests/fidelity.rs` against values that
//! `scripts/sdmetrics_crosscheck.py` computed with SDMetrics): nulls are dropped for KS and TV;
//! numbers are rounded to 14 decimals before KS; datetimes are compared as nanoseconds since
//! 1970; a category only the anonymized side has counts 1e-6 in the original (SDMetrics'
//! regularization); correlations use the rows where both columns are present and are left out
//! when undefined (a constant); in ContingencySimilarity nulls are a category of their own,
//! shares are over all rows, and a numeric or datetime column is cut into 10 equal-width bins
//! over the original's range with open outer bins (the metric's `continuous_column_names`, not
//! the QualityReport's per-frame bins, which compare bin numbers of different edges). Datetime
//! pairs count as continuous (CorrelationSimilarity), as in SDMetrics' QualityReport.
//!
//! **Column types.** Typed columns (integers, floats, dates, datetimes, booleans from Parquet or
//! JSON) are taken as they are. Text columns (every CSV column) are typed from the distinct
//! non-null values of both sides: boolean if every value is one of
//! `true/false/yes/no/t/f/y/n/1/0` (any case) and each side uses at most two spellings
//! (normalized, so `yes` matches `true`); else numeric if every value parses as a finite `f64`;
//! else datetime if every value is `YYYY-MM-DD` with an optional ` HH:MM[:SS[.f]]` or `T…` time
//! and `Z`/`±HH:MM` offset (years 1677–2262, what nanoseconds in an `i64` hold); else
//! categorical if the distinct values of both sides together number at most 50 or at most half
//! the non-null cells of the larger side; else the column is skipped as `text with N distinct
//! values`. When the two sides do not share a type (ages generalized into `30-39` bands) the
//! column is skipped as `type changed: numeric → categorical`.
//!
//! **Scores.** `overall` is the mean of the column-score mean and the pair-score mean (SDMetrics'
//! QualityReport: Column Shapes and Column Pair Trends), or the one that exists. Pairs are formed
//! among the first 25 compared columns only (at most 300 pairs); the correlation matrices cover
//! the numeric columns among them. Charts: numeric and datetime columns in 20 equal-width bins
//! over both sides' range; categories as the 12 most frequent in the original, then `other`.
//!
//! **Cost.** One pass per column and side builds a hash map distinct value → count and a code
//! per row; KS, TV, charts and binning work on the distinct values with their counts (exact:
//! KS walks the two sorted lists of distinct values). These count maps are the whole state of a
//! column score and merge by adding counts value by value, so partitioned runs can merge them.
//! Columns are analysed in parallel, then pairs in parallel, each pair in one pass per frame
//! over the row codes (Pearson and Spearman together, with shifted sums).

use serde::{Deserialize, Serialize};

/// Fidelity of one anonymized dataset against its original.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Fidelity {
    /// Mean of every column and pair score; `None` when nothing was comparable.
    pub overall: Option<f64>,
    /// One entry per compared (kept, generalized, noised, shifted) column.
    pub columns: Vec<ColumnFidelity>,
    /// One entry per compared pair of columns.
    pub pairs: Vec<PairFidelity>,
    /// One entry per replaced identifier column.
    pub identifiers: Vec<IdentifierProfile>,
    /// Pearson correlation matrices of the numeric columns, original and anonymized (for charts).
    pub correlation: Option<CorrelationMatrices>,
    /// Columns that were not compared, each with why (`text with 980 distinct values`, …).
    pub skipped: Vec<SkippedColumn>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ColumnFidelity {
    pub column: String,
    /// `numeric`, `datetime`, `categorical` or `boolean`.
    pub column_type: String,
    /// `KSComplement` or `TVComplement`.
    pub metric: String,
    /// 0 (nothing alike) … 1 (the same distribution).
    pub score: f64,
    /// The two distributions on the same bins or categories, for charts.
    pub chart: Chart,
}

/// Two distributions over the same bins (numeric, datetime) or categories.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Chart {
    /// Bin or category labels (`[10, 20)` on round edges, `2021-03-01`; categories as `#1`, `#2`, …
    /// by original frequency — category names are cell values and never enter a report).
    pub labels: Vec<String>,
    /// Share of the original's non-null values per label (sums to 1, or less when the rest was
    /// folded away as `other`).
    pub original: Vec<f64>,
    /// Share of the anonymized non-null values per label.
    pub anonymized: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct PairFidelity {
    pub columns: [String; 2],
    /// `CorrelationSimilarity` or `ContingencySimilarity`.
    pub metric: String,
    /// `pearson` or `spearman` for CorrelationSimilarity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coefficient: Option<String>,
    pub score: f64,
    /// The coefficient in the original and the anonymized data (CorrelationSimilarity only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymized: Option<f64>,
}

/// How a replaced identifier column compares with the original, without comparing values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct IdentifierProfile {
    pub column: String,
    pub kind: Option<String>,
    pub strategy: String,
    /// Share of null cells: original, anonymized.
    pub null_rate: [f64; 2],
    /// Distinct non-null values ÷ non-null values: original, anonymized.
    pub distinct_ratio: [f64; 2],
    /// Mean length in characters of non-null values: original, anonymized.
    pub mean_length: [f64; 2],
    /// Shortest and longest non-null value: original `[min, max]`, anonymized `[min, max]`.
    pub length_range: [[usize; 2]; 2],
    /// Share of non-null anonymized values that pass the kind's own rules (checksums, formats);
    /// `None` when the kind has no value rule or the strategy does not aim for valid values.
    pub valid_share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct CorrelationMatrices {
    pub columns: Vec<String>,
    /// Row-major, `columns.len()²` entries; `null` where a coefficient is undefined.
    pub original: Vec<Option<f64>>,
    pub anonymized: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SkippedColumn {
    pub column: String,
    pub why: String,
}

// ───────────────────────────── computation ─────────────────────────────

use crate::dates::timestamp_nanos;
use crate::error::scrub_polars;
use crate::{Error, Kind, Result};
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use rayon::prelude::*;
use std::hash::Hash;

/// What to do with one column (decided by the caller from the plan).
#[derive(Debug, Clone)]
pub enum Role {
    /// Compare distributions (KS/TV) and include in pairs.
    Compare,
    /// A replaced identifier column: profile only (null rate, distinct ratio, lengths, validity).
    Identifier {
        kind: Option<Kind>,
        strategy: String,
        aims_valid: bool,
    },
    /// Not compared; the string says why (e.g. "dropped").
    Skip(String),
}

/// One column of the comparison and its role.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub role: Role,
}

/// A text column is categorical when its distinct values (both sides together) number at most
/// this many…
const MAX_CATEGORIES: usize = 50;
/// …or at most this share of the non-null cells of the larger side (so a column of unique
/// values compared with itself is still free text); else it is free text and skipped.
const MAX_CATEGORY_RATIO: f64 = 0.5;
/// Pairs are formed among the first this many compared columns only (300 pairs at most), so the
/// cost stays bounded on wide tables.
const MAX_PAIR_COLUMNS: usize = 25;
/// Equal-width bins of numeric and datetime charts.
const CHART_BINS: usize = 20;
/// Most frequent original categories shown in a chart; the rest is `other`.
const CHART_TOP: usize = 12;
/// Bins of a numeric or datetime column in ContingencySimilarity (SDMetrics' default).
const CONTINGENCY_BINS: usize = 10;
/// Joint tables of at most this many cells are dense arrays; larger ones are hash maps.
const MAX_DENSE_CELLS: usize = 1 << 20;
/// Per-row code of a null cell.
const NULL: u32 = u32::MAX;
/// SDMetrics rounds values to this many decimals before the KS test.
const KS_DECIMALS: i32 = f64::DIGITS as i32 - 1;

fn polars_err(e: PolarsError) -> Error {
    Error::input(scrub_polars(&e))
}

/// Computes the fidelity of `anonymized` against `original` for `columns` (matched by name).
///
/// Rows need not be aligned or equal in number: column scores compare distributions and pair
/// scores are computed within each frame. Columns are analysed in parallel, then pairs.
pub fn compute(
    original: &DataFrame,
    anonymized: &DataFrame,
    columns: &[ColumnSpec],
    valid: &(dyn Fn(Kind, &str) -> Option<bool> + Sync),
) -> Result<Fidelity> {
    let outcomes = columns
        .par_iter()
        .map(|spec| analyse(original, anonymized, spec, valid))
        .collect::<Result<Vec<_>>>()?;

    let mut out = Fidelity::default();
    let mut prepared: Vec<(String, Prep)> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Compared(b) => {
                let (cf, prep) = *b;
                prepared.push((cf.column.clone(), prep));
                out.columns.push(cf);
            }
            Outcome::Identifier(p) => out.identifiers.push(p),
            Outcome::Skipped(s) => out.skipped.push(s),
        }
    }
    prepared.truncate(MAX_PAIR_COLUMNS);

    let mut jobs = Vec::new();
    for i in 0..prepared.len() {
        for j in i + 1..prepared.len() {
            jobs.push((i, j));
        }
    }
    let pair_results: Vec<Vec<PairFidelity>> = jobs
        .par_iter()
        .map(|&(i, j)| pair_scores(&prepared[i], &prepared[j]))
        .collect();
    out.pairs = pair_results.into_iter().flatten().collect();
    out.correlation = matrices(&prepared, &out.pairs);

    let mean = |xs: &mut dyn Iterator<Item = f64>| {
        let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        (n > 0).then(|| s / n as f64)
    };
    let cols = mean(&mut out.columns.iter().map(|c| c.score));
    let pairs = mean(&mut out.pairs.iter().map(|p| p.score));
    out.overall = match (cols, pairs) {
        (Some(c), Some(p)) => Some((c + p) / 2.0),
        (c, p) => c.or(p),
    };
    Ok(out)
}

enum Outcome {
    Compared(Box<(ColumnFidelity, Prep)>),
    Identifier(IdentifierProfile),
    Skipped(SkippedColumn),
}

fn compared(cf: ColumnFidelity, prep: Prep) -> Outcome {
    Outcome::Compared(Box::new((cf, prep)))
}

fn skipped(column: &str, why: impl Into<String>) -> Outcome {
    Outcome::Skipped(SkippedColumn {
        column: column.to_string(),
        why: why.into(),
    })
}

fn analyse(
    original: &DataFrame,
    anonymized: &DataFrame,
    spec: &ColumnSpec,
    valid: &(dyn Fn(Kind, &str) -> Option<bool> + Sync),
) -> Result<Outcome> {
    let name = spec.name.as_str();
    if let Role::Skip(why) = &spec.role {
        return Ok(skipped(name, why.clone()));
    }
    let Ok(o) = original.column(name) else {
        return Ok(skipped(name, "not in the original data"));
    };
    let Ok(a) = anonymized.column(name) else {
        return Ok(skipped(name, "not in the anonymized data"));
    };
    let (o, a) = (o.as_materialized_series(), a.as_materialized_series());
    match &spec.role {
        Role::Skip(_) => unreachable!("handled above"),
        Role::Identifier {
            kind,
            strategy,
            aims_valid,
        } => {
            let kind_for_valid = kind.filter(|_| *aims_valid);
            let po = text_profile(o, None, valid)?;
            let pa = text_profile(a, kind_for_valid, valid)?;
            Ok(Outcome::Identifier(IdentifierProfile {
                column: name.to_string(),
                kind: kind.map(|k| k.to_string()),
                strategy: strategy.clone(),
                null_rate: [po.null_rate, pa.null_rate],
                distinct_ratio: [po.distinct_ratio, pa.distinct_ratio],
                mean_length: [po.mean_length, pa.mean_length],
                length_range: [po.length_range, pa.length_range],
                valid_share: pa.valid_share,
            }))
        }
        Role::Compare => compare(name, o, a),
    }
}

// ─── one pass per column: distinct value → count ───

/// The distinct non-null values of one column, by first appearance.
enum Keys<'a> {
    Text(Vec<&'a str>),
    Num(Vec<f64>),
    Time(Vec<i64>),
    Bool(Vec<bool>),
}

/// One side of one column: a code per row (`NULL` for null) into its distinct values, and how
/// often each occurs. This is the whole state the column metrics need, and it is mergeable:
/// the counts of two partitions add up value by value.
struct Counted<'a> {
    codes: Vec<u32>,
    keys: Keys<'a>,
    counts: Vec<u64>,
    nonnull: u64,
}

fn count_iter<K: Hash + Eq + Copy>(
    len: usize,
    iter: impl Iterator<Item = Option<K>>,
) -> (Vec<u32>, Vec<K>, Vec<u64>, u64) {
    let mut map: HashMap<K, u32> = HashMap::new();
    let mut codes = Vec::with_capacity(len);
    let mut keys = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut nonnull = 0u64;
    for v in iter {
        match v {
            None => codes.push(NULL),
            Some(k) => {
                let code = *map.entry(k).or_insert_with(|| {
                    keys.push(k);
                    counts.push(0);
                    (keys.len() - 1) as u32
                });
                counts[code as usize] += 1;
                nonnull += 1;
                codes.push(code);
            }
        }
    }
    (codes, keys, counts, nonnull)
}

/// Bits of a float as a hash key: NaN is null (as in pandas) and −0 is 0.
fn float_key(v: Option<f64>) -> Option<u64> {
    v.filter(|x| !x.is_nan())
        .map(|x| if x == 0.0 { 0u64 } else { x.to_bits() })
}

fn count_series(s: &Series) -> Result<std::result::Result<Counted<'_>, String>> {
    let len = s.len();
    let dt = s.dtype().clone();
    let counted = match &dt {
        DataType::String => {
            let ca = s.str().map_err(polars_err)?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter());
            Counted {
                codes,
                keys: Keys::Text(keys),
                counts,
                nonnull,
            }
        }
        DataType::Boolean => {
            let ca = s.bool().map_err(polars_err)?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter());
            Counted {
                codes,
                keys: Keys::Bool(keys),
                counts,
                nonnull,
            }
        }
        DataType::Date | DataType::Datetime(_, _) => {
            let factor: i64 = match &dt {
                DataType::Date => 86_400_000_000_000,
                DataType::Datetime(TimeUnit::Milliseconds, _) => 1_000_000,
                DataType::Datetime(TimeUnit::Microseconds, _) => 1_000,
                _ => 1,
            };
            let phys = s
                .to_physical_repr()
                .cast(&DataType::Int64)
                .map_err(polars_err)?;
            let ca = phys.i64().map_err(polars_err)?;
            let (codes, keys, counts, nonnull) =
                count_iter(len, ca.iter().map(|v| v.map(|x| x.saturating_mul(factor))));
            Counted {
                codes,
                keys: Keys::Time(keys),
                counts,
                nonnull,
            }
        }
        d if d.is_primitive_numeric() => {
            let f = s.cast(&DataType::Float64).map_err(polars_err)?;
            let ca = f.f64().map_err(polars_err)?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter().map(float_key));
            Counted {
                codes,
                keys: Keys::Num(keys.into_iter().map(f64::from_bits).collect()),
                counts,
                nonnull,
            }
        }
        // A column JSON had only nulls for.
        DataType::Null => Counted {
            codes: vec![NULL; len],
            keys: Keys::Text(Vec::new()),
            counts: Vec::new(),
            nonnull: 0,
        },
        other => return Ok(Err(format!("unsupported type {other}"))),
    };
    Ok(Ok(counted))
}

// ─── type inference ───

/// The type a compared column is measured as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Numeric,
    Datetime,
    Boolean,
    Categorical,
    Text,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Numeric => "numeric",
            Ty::Datetime => "datetime",
            Ty::Boolean => "boolean",
            Ty::Categorical => "categorical",
            Ty::Text => "text",
        }
    }
}

/// What every distinct value of one side could be read as.
struct Caps {
    num: bool,
    time: bool,
    boolean: bool,
    text: bool,
    distinct: usize,
    nonnull: u64,
}

fn caps(c: &Counted) -> Caps {
    let (num, time, boolean, text, distinct) = match &c.keys {
        Keys::Text(k) => {
            let mut spellings = 0u16;
            let boolean = k.iter().all(|s| match parse_bool(s) {
                Some((_, i)) => {
                    spellings |= 1 << i;
                    true
                }
                None => false,
            }) && spellings.count_ones() <= 2;
            let num = k.iter().all(|s| parse_num(s).is_some());
            let time = !num && k.iter().all(|s| timestamp_nanos(s).is_some());
            (num, time, boolean, true, k.len())
        }
        Keys::Num(k) => (true, false, false, false, k.len()),
        Keys::Time(k) => (false, true, false, false, k.len()),
        Keys::Bool(k) => (false, false, true, false, k.len()),
    };
    Caps {
        num,
        time,
        boolean,
        text,
        distinct,
        nonnull: c.nonnull,
    }
}

fn is_categorical(distinct: usize, nonnull: u64) -> bool {
    distinct <= MAX_CATEGORIES || distinct as f64 <= MAX_CATEGORY_RATIO * nonnull as f64
}

/// The type of one side alone (for the "type changed" message).
fn own_type(c: &Caps) -> Ty {
    if c.boolean {
        Ty::Boolean
    } else if c.num {
        Ty::Numeric
    } else if c.time {
        Ty::Datetime
    } else if is_categorical(c.distinct, c.nonnull) {
        Ty::Categorical
    } else {
        Ty::Text
    }
}

/// The type both sides can be read as: boolean, then numeric, then datetime; text columns are
/// categorical when their union of distinct values is small (decided by the caller).
fn decide(o: &Caps, a: &Caps) -> std::result::Result<Ty, String> {
    if o.boolean && a.boolean {
        return Ok(Ty::Boolean);
    }
    if o.num && a.num {
        return Ok(Ty::Numeric);
    }
    if o.time && a.time {
        return Ok(Ty::Datetime);
    }
    let (to, ta) = (own_type(o), own_type(a));
    let textual = |t: Ty| matches!(t, Ty::Categorical | Ty::Text);
    if o.text && a.text && textual(to) && textual(ta) {
        Ok(Ty::Categorical)
    } else {
        Err(format!("type changed: {} → {}", to.name(), ta.name()))
    }
}

/// A number as masq reads it from text: what Rust's `f64` parser accepts, finite.
fn parse_num(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

const BOOL_WORDS: [(&str, bool); 10] = [
    ("true", true),
    ("false", false),
    ("yes", true),
    ("no", false),
    ("t", true),
    ("f", false),
    ("y", true),
    ("n", false),
    ("1", true),
    ("0", false),
];

/// A boolean word (case-insensitive) and which spelling it was.
fn parse_bool(s: &str) -> Option<(bool, usize)> {
    if s.len() > 5 {
        return None;
    }
    BOOL_WORDS
        .iter()
        .enumerate()
        .find(|(_, (w, _))| w.eq_ignore_ascii_case(s))
        .map(|(i, (_, b))| (*b, i))
}

// ─── prepared columns ───

/// A numeric or datetime side: a code per row into the sorted distinct values.
struct ContSide {
    codes: Vec<u32>,
    /// Sorted distinct values (strictly increasing in their exact form).
    values: Vec<f64>,
    counts: Vec<u64>,
    nulls: usize,
    /// Mean of the non-null values (the shift of the one-pass correlation sums).
    mean: f64,
    /// Average rank of each distinct value among all non-null rows (for Spearman).
    ranks: Vec<f64>,
    /// Contingency bin per row (see [`Binned`]); empty until [`ContSide::bin`].
    bins: Vec<u8>,
}

impl ContSide {
    /// Puts every row in one of the contingency bins `edges` make (0–9; 10 for null).
    fn bin(&mut self, edges: &[f64]) {
        let of_code: Vec<u8> = self
            .values
            .iter()
            .map(|v| edges.partition_point(|e| e <= v) as u8)
            .collect();
        self.bins = self
            .codes
            .iter()
            .map(|&c| {
                if c == NULL {
                    CONTINGENCY_BINS as u8
                } else {
                    of_code[c as usize]
                }
            })
            .collect();
    }
}

/// A categorical or boolean side: a category id per row (`NULL` for null).
struct CatSide {
    codes: Vec<u32>,
}

/// A compared column, ready for pairs.
enum Prep {
    Cont {
        sides: Box<[ContSide; 2]>,
        numeric: bool,
    },
    Cat {
        sides: [CatSide; 2],
        n: u32,
    },
}

fn average_ranks(counts: &[u64]) -> Vec<f64> {
    let mut cum = 0u64;
    counts
        .iter()
        .map(|&c| {
            let r = (2 * cum + c + 1) as f64 / 2.0;
            cum += c;
            r
        })
        .collect()
}

/// Sorts the distinct values of one side (given as exact keys per code) and recodes the rows.
fn cont_side<K: PartialOrd + Copy>(
    mut codes: Vec<u32>,
    keys: &[K],
    counts: &[u64],
    to_f64: impl Fn(K) -> f64,
) -> (ContSide, Vec<(K, u64)>) {
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_by(|&x, &y| {
        keys[x as usize]
            .partial_cmp(&keys[y as usize])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // Several keys may be one value ("1" and "1.0"): merge them.
    let mut remap = vec![0u32; keys.len()];
    let mut sorted: Vec<(K, u64)> = Vec::with_capacity(keys.len());
    for &c in &order {
        let k = keys[c as usize];
        match sorted.last_mut() {
            Some((last, n)) if *last == k => *n += counts[c as usize],
            _ => sorted.push((k, counts[c as usize])),
        }
        remap[c as usize] = (sorted.len() - 1) as u32;
    }
    let mut nulls = 0;
    for c in codes.iter_mut() {
        if *c == NULL {
            nulls += 1;
        } else {
            *c = remap[*c as usize];
        }
    }
    let counts: Vec<u64> = sorted.iter().map(|p| p.1).collect();
    let values: Vec<f64> = sorted.iter().map(|p| to_f64(p.0)).collect();
    let n: u64 = counts.iter().sum();
    let sum: f64 = values.iter().zip(&counts).map(|(v, &c)| v * c as f64).sum();
    let side = ContSide {
        codes,
        mean: if n == 0 { 0.0 } else { sum / n as f64 },
        ranks: average_ranks(&counts),
        values,
        counts,
        nulls,
        bins: Vec::new(),
    };
    (side, sorted)
}

/// Rounds like `numpy.round(x, 14)` (multiply, round half to even, divide), as SDMetrics does
/// before the KS test.
fn round_ks(x: f64) -> f64 {
    let f = 10f64.powi(KS_DECIMALS);
    let y = (x * f).round_ties_even() / f;
    if y.is_finite() { y } else { x }
}

/// Two-sample KS statistic `D` from sorted (value, count) lists, as `1 − D`; NaN if a side is
/// empty. Equal neighbours in a list are allowed (they are consumed together).
fn ks_sorted<K: PartialOrd + Copy>(a: &[(K, u64)], b: &[(K, u64)]) -> f64 {
    let na: u64 = a.iter().map(|p| p.1).sum();
    let nb: u64 = b.iter().map(|p| p.1).sum();
    if na == 0 || nb == 0 {
        return f64::NAN;
    }
    let (mut i, mut j, mut ca, mut cb) = (0, 0, 0u64, 0u64);
    let mut d = 0f64;
    while i < a.len() || j < b.len() {
        let v = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => {
                if x.0 <= y.0 {
                    x.0
                } else {
                    y.0
                }
            }
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (None, None) => unreachable!(),
        };
        while i < a.len() && a[i].0 <= v {
            ca += a[i].1;
            i += 1;
        }
        while j < b.len() && b[j].0 <= v {
            cb += b[j].1;
            j += 1;
        }
        d = d.max((ca as f64 / na as f64 - cb as f64 / nb as f64).abs());
    }
    1.0 - d
}

/// TVComplement from per-category counts (same categories, by index), with SDMetrics'
/// regularization: a category only the anonymized side has counts 1e-6 in the original.
fn tv_counts(orig: &[u64], anon: &[u64]) -> f64 {
    let no: u64 = orig.iter().sum();
    let na: u64 = anon.iter().sum();
    if no == 0 || na == 0 {
        return f64::NAN;
    }
    let extra = orig
        .iter()
        .zip(anon)
        .filter(|(o, a)| **o == 0 && **a > 0)
        .count();
    let total_o = no as f64 + 1e-6 * extra as f64;
    let mut tv = 0.0;
    for (&o, &a) in orig.iter().zip(anon) {
        if o == 0 && a == 0 {
            continue;
        }
        let po = if o == 0 { 1e-6 } else { o as f64 } / total_o;
        tv += (a as f64 / na as f64 - po).abs();
    }
    1.0 - 0.5 * tv
}

fn compare(name: &str, o: &Series, a: &Series) -> Result<Outcome> {
    let co = match count_series(o)? {
        Ok(c) => c,
        Err(why) => return Ok(skipped(name, why)),
    };
    let ca = match count_series(a)? {
        Ok(c) => c,
        Err(why) => return Ok(skipped(name, why)),
    };
    if co.nonnull == 0 {
        return Ok(skipped(name, "no values in the original data"));
    }
    if ca.nonnull == 0 {
        return Ok(skipped(name, "no values in the anonymized data"));
    }
    let (ko, ka) = (caps(&co), caps(&ca));
    let ty = match decide(&ko, &ka) {
        Ok(t) => t,
        Err(why) => return Ok(skipped(name, why)),
    };
    let column = |ty: Ty, metric: &str, score: f64, chart: Chart| ColumnFidelity {
        column: name.to_string(),
        column_type: ty.name().to_string(),
        metric: metric.to_string(),
        score,
        chart,
    };
    match ty {
        Ty::Numeric => {
            let (mut so, ro) = num_side(co);
            let (mut sa, ra) = num_side(ca);
            bin_both(&mut so, &mut sa);
            let ro: Vec<(f64, u64)> = ro.into_iter().map(|(v, c)| (round_ks(v), c)).collect();
            let ra: Vec<(f64, u64)> = ra.into_iter().map(|(v, c)| (round_ks(v), c)).collect();
            let score = ks_sorted(&ro, &ra);
            let chart = bin_chart(&so, &sa, false);
            Ok(compared(
                column(ty, "KSComplement", score, chart),
                Prep::Cont {
                    sides: Box::new([so, sa]),
                    numeric: true,
                },
            ))
        }
        Ty::Datetime => {
            let (mut so, eo) = time_side(co);
            let (mut sa, ea) = time_side(ca);
            bin_both(&mut so, &mut sa);
            let score = ks_sorted(&eo, &ea);
            let chart = bin_chart(&so, &sa, true);
            Ok(compared(
                column(ty, "KSComplement", score, chart),
                Prep::Cont {
                    sides: Box::new([so, sa]),
                    numeric: false,
                },
            ))
        }
        Ty::Boolean => {
            let to_bool = |c: &Counted| -> Vec<u32> {
                match &c.keys {
                    Keys::Bool(k) => k.iter().map(|b| u32::from(*b)).collect(),
                    Keys::Text(k) => k
                        .iter()
                        .map(|s| u32::from(parse_bool(s).is_some_and(|p| p.0)))
                        .collect(),
                    _ => unreachable!("boolean sides have boolean keys"),
                }
            };
            let (mo, ma) = (to_bool(&co), to_bool(&ca));
            let (so, cnt_o) = cat_side(co.codes, &mo, &co.counts, 2);
            let (sa, cnt_a) = cat_side(ca.codes, &ma, &ca.counts, 2);
            let score = tv_counts(&cnt_o, &cnt_a);
            let chart = cat_chart(&["false", "true"], &cnt_o, &cnt_a, false);
            Ok(compared(
                column(ty, "TVComplement", score, chart),
                Prep::Cat {
                    sides: [so, sa],
                    n: 2,
                },
            ))
        }
        Ty::Categorical | Ty::Text => {
            let (Keys::Text(ko_keys), Keys::Text(ka_keys)) = (&co.keys, &ca.keys) else {
                unreachable!("categorical sides are text")
            };
            let mut ids: HashMap<&str, u32> = HashMap::with_capacity(ko_keys.len());
            let mo = intern(&mut ids, ko_keys.iter().map(|k| Some(*k)));
            let ma = intern(&mut ids, ka_keys.iter().map(|k| Some(*k)));
            let n = ids.len();
            let mut labels: Vec<&str> = vec![""; n];
            for (k, &i) in &ids {
                labels[i as usize] = k;
            }
            if !is_categorical(n, co.nonnull.max(ca.nonnull)) {
                return Ok(skipped(name, format!("text with {n} distinct values")));
            }
            let (so, cnt_o) = cat_side(co.codes, &mo, &co.counts, n);
            let (sa, cnt_a) = cat_side(ca.codes, &ma, &ca.counts, n);
            let score = tv_counts(&cnt_o, &cnt_a);
            let chart = cat_chart(&labels, &cnt_o, &cnt_a, true);
            Ok(compared(
                column(Ty::Categorical, "TVComplement", score, chart),
                Prep::Cat {
                    sides: [so, sa],
                    n: n as u32,
                },
            ))
        }
    }
}

/// Bins both sides on the original's contingency edges.
fn bin_both(o: &mut ContSide, a: &mut ContSide) {
    let edges = bin_edges(&o.values);
    o.bin(&edges);
    a.bin(&edges);
}

fn num_side(c: Counted) -> (ContSide, Vec<(f64, u64)>) {
    let keys: Vec<f64> = match &c.keys {
        Keys::Num(k) => k.clone(),
        Keys::Text(k) => k.iter().map(|s| parse_num(s).unwrap_or(f64::NAN)).collect(),
        _ => unreachable!("numeric sides have numeric keys"),
    };
    cont_side(c.codes, &keys, &c.counts, |v| v)
}

fn time_side(c: Counted) -> (ContSide, Vec<(i64, u64)>) {
    let keys: Vec<i64> = match &c.keys {
        Keys::Time(k) => k.clone(),
        Keys::Text(k) => k.iter().map(|s| timestamp_nanos(s).unwrap_or(0)).collect(),
        _ => unreachable!("datetime sides have datetime keys"),
    };
    cont_side(c.codes, &keys, &c.counts, |v| v as f64)
}

/// Recodes a side to category ids (`map`: key code → id) and counts per id.
fn cat_side(mut codes: Vec<u32>, map: &[u32], counts: &[u64], n: usize) -> (CatSide, Vec<u64>) {
    let mut per = vec![0u64; n];
    for (k, &c) in counts.iter().enumerate() {
        per[map[k] as usize] += c;
    }
    for c in codes.iter_mut() {
        if *c != NULL {
            *c = map[*c as usize];
        }
    }
    (CatSide { codes }, per)
}

// ─── charts ───

fn shares(counts: &[u64]) -> Vec<f64> {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| if n == 0 { 0.0 } else { c as f64 / n as f64 })
        .collect()
}

/// Categories by original frequency; `ranked`: labelled `#1`, `#2`, … instead of the category
/// (every category is a cell value; only a boolean's `false`/`true` is shown as it is).
fn cat_chart(labels: &[&str], orig: &[u64], anon: &[u64], ranked: bool) -> Chart {
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
fn bin_chart(o: &ContSide, a: &ContSide, datetime: bool) -> Chart {
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
fn round_edge(x: f64, up: bool) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let step = 10f64.powi(x.abs().log10().floor() as i32 - 1);
    let q = x / step;
    let r = if up { q.ceil() } else { q.floor() };
    r * step
}

/// A datetime (ns) moved to the first instant of its month (or of the next month, `up`).
fn month_edge(ns: f64, up: bool) -> f64 {
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

fn num_label(x: f64, lo: f64, width: f64) -> String {
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

fn date_label(ns: f64, width: f64) -> String {
    let t = chrono::DateTime::from_timestamp_nanos(ns as i64);
    if width > 0.0 && width < 86_400e9 {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}

// ─── pairs ───

fn pair_scores(x: &(String, Prep), y: &(String, Prep)) -> Vec<PairFidelity> {
    let columns = [x.0.clone(), y.0.clone()];
    match (&x.1, &y.1) {
        (Prep::Cont { sides: sx, .. }, Prep::Cont { sides: sy, .. }) => {
            let ro = correlations(&sx[0], &sy[0]);
            let ra = correlations(&sx[1], &sy[1]);
            [(ro.0, ra.0, "pearson"), (ro.1, ra.1, "spearman")]
                .into_iter()
                .filter_map(|(ro, ra, coefficient)| {
                    let (ro, ra) = (ro?, ra?);
                    Some(PairFidelity {
                        columns: columns.clone(),
                        metric: "CorrelationSimilarity".to_string(),
                        coefficient: Some(coefficient.to_string()),
                        score: 1.0 - (ro - ra).abs() / 2.0,
                        original: Some(ro),
                        anonymized: Some(ra),
                    })
                })
                .collect()
        }
        (px, py) => {
            let (bx, by) = (Binned::new(px), Binned::new(py));
            let score = contingency(
                [(&bx.sides[0], &by.sides[0]), (&bx.sides[1], &by.sides[1])],
                (bx.n, by.n),
            );
            vec![PairFidelity {
                columns,
                metric: "ContingencySimilarity".to_string(),
                coefficient: None,
                score,
                original: None,
                anonymized: None,
            }]
        }
    }
}

/// A column's contingency categories on one side: category ids or bins per row; nulls are
/// their own id (as in `groupby(dropna=False)`).
#[derive(Clone, Copy)]
enum BinnedSide<'a> {
    /// Category ids, `NULL` for null, which becomes `null`.
    Ids { codes: &'a [u32], null: u32 },
    /// Bins 0–10, 10 for null.
    Bins(&'a [u8]),
}

struct Binned<'a> {
    sides: [BinnedSide<'a>; 2],
    n: u32,
}

impl<'a> Binned<'a> {
    /// Categorical columns as they are; numeric and datetime columns in SDMetrics'
    /// `discretize_column` bins: 10 equal-width bins over the original's range
    /// (`numpy.histogram_bin_edges`), outer edges open, nulls a bin of their own.
    fn new(p: &'a Prep) -> Binned<'a> {
        match p {
            Prep::Cat { sides, n } => Binned {
                sides: [0, 1].map(|i| BinnedSide::Ids {
                    codes: &sides[i].codes,
                    null: *n,
                }),
                n: n + 1,
            },
            Prep::Cont { sides, .. } => Binned {
                sides: [0, 1].map(|i| BinnedSide::Bins(&sides[i].bins)),
                n: CONTINGENCY_BINS as u32 + 1,
            },
        }
    }
}

impl BinnedSide<'_> {
    fn len(&self) -> usize {
        match self {
            BinnedSide::Ids { codes, .. } => codes.len(),
            BinnedSide::Bins(b) => b.len(),
        }
    }

    /// The category id of row `i`.
    #[inline]
    fn id(&self, i: usize) -> u32 {
        match *self {
            BinnedSide::Ids { codes, null } => {
                let c = codes[i];
                if c == NULL { null } else { c }
            }
            BinnedSide::Bins(b) => u32::from(b[i]),
        }
    }
}

/// The inner edges of `numpy.histogram_bin_edges(values, 10)` (the outer two become ±∞ in
/// SDMetrics): `start + i · (stop − start) / 10`, with `start`, `stop` widened by ½ when equal.
fn bin_edges(sorted: &[f64]) -> Vec<f64> {
    let (mut start, mut stop) = (sorted[0], sorted[sorted.len() - 1]);
    if start == stop {
        start -= 0.5;
        stop += 0.5;
    }
    let step = (stop - start) / CONTINGENCY_BINS as f64;
    (1..CONTINGENCY_BINS)
        .map(|i| i as f64 * step + start)
        .collect()
}

/// ContingencySimilarity of two frames' (x, y) category ids: `1 − ½ Σ |p_o − p_a|` over the
/// joint categories, shares taken over all rows (nulls included as categories).
fn contingency(sides: [(&BinnedSide, &BinnedSide); 2], (nx, ny): (u32, u32)) -> f64 {
    let rows = [sides[0].0.len(), sides[1].0.len()];
    if rows[0] == 0 || rows[1] == 0 {
        return f64::NAN;
    }
    // The joint id of each row: x · ny + y.
    let joint = |(x, y): (&BinnedSide, &BinnedSide), i: usize| {
        u64::from(x.id(i)) * u64::from(ny) + u64::from(y.id(i))
    };
    let cells = nx as usize * ny as usize;
    let mut tv = 0.0;
    if cells <= MAX_DENSE_CELLS {
        let count = |side: (&BinnedSide, &BinnedSide)| {
            let mut t = vec![0u64; cells];
            for i in 0..side.0.len() {
                t[joint(side, i) as usize] += 1;
            }
            t
        };
        let (to, ta) = (count(sides[0]), count(sides[1]));
        for (&o, &a) in to.iter().zip(&ta) {
            if o > 0 || a > 0 {
                tv += (o as f64 / rows[0] as f64 - a as f64 / rows[1] as f64).abs();
            }
        }
    } else {
        let count = |side: (&BinnedSide, &BinnedSide)| {
            let mut t: HashMap<u64, u64> = HashMap::new();
            for i in 0..side.0.len() {
                *t.entry(joint(side, i)).or_insert(0) += 1;
            }
            t
        };
        let (to, ta) = (count(sides[0]), count(sides[1]));
        for (k, &o) in &to {
            let a = ta.get(k).copied().unwrap_or(0);
            tv += (o as f64 / rows[0] as f64 - a as f64 / rows[1] as f64).abs();
        }
        for (k, &a) in &ta {
            if !to.contains_key(k) {
                tv += a as f64 / rows[1] as f64;
            }
        }
    }
    1.0 - tv / 2.0
}

/// Pearson and Spearman (Pearson of average ranks) of two continuous columns of one frame, on
/// the rows where both are non-null; `None` where undefined (fewer than 2 rows, or a constant).
///
/// One pass over the rows, with sums shifted by the columns' means (so the sums of squares do
/// not cancel); when either column has nulls, a first pass counts the rows both have, to rank
/// among them.
fn correlations(x: &ContSide, y: &ContSide) -> (Option<f64>, Option<f64>) {
    let local;
    let (rx, ry, rank_mean) = if x.nulls == 0 && y.nulls == 0 {
        let n = x.codes.len() as f64;
        (&x.ranks, &y.ranks, (n + 1.0) / 2.0)
    } else {
        let mut cx = vec![0u64; x.values.len()];
        let mut cy = vec![0u64; y.values.len()];
        let mut n = 0u64;
        for (&a, &b) in x.codes.iter().zip(&y.codes) {
            if a != NULL && b != NULL {
                cx[a as usize] += 1;
                cy[b as usize] += 1;
                n += 1;
            }
        }
        local = (average_ranks(&cx), average_ranks(&cy));
        (&local.0, &local.1, (n as f64 + 1.0) / 2.0)
    };
    let mut v = Sums::default();
    let mut r = Sums::default();
    let (mut n, mut varied_x, mut varied_y) = (0u64, false, false);
    let (mut first_x, mut first_y) = (NULL, NULL);
    for (&a, &b) in x.codes.iter().zip(&y.codes) {
        if a == NULL || b == NULL {
            continue;
        }
        if n == 0 {
            (first_x, first_y) = (a, b);
        }
        n += 1;
        varied_x |= a != first_x;
        varied_y |= b != first_y;
        v.add(x.values[a as usize] - x.mean, y.values[b as usize] - y.mean);
        r.add(rx[a as usize] - rank_mean, ry[b as usize] - rank_mean);
    }
    // Codes are distinct values: a column with one code is a constant.
    if n < 2 || !varied_x || !varied_y {
        return (None, None);
    }
    (v.coefficient(n), r.coefficient(n))
}

/// Sums of shifted values for a correlation coefficient.
#[derive(Default)]
struct Sums {
    x: f64,
    y: f64,
    xx: f64,
    yy: f64,
    xy: f64,
}

impl Sums {
    #[inline]
    fn add(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
        self.xx += dx * dx;
        self.yy += dy * dy;
        self.xy += dx * dy;
    }

    fn coefficient(&self, n: u64) -> Option<f64> {
        let n = n as f64;
        let sxx = self.xx - self.x * self.x / n;
        let syy = self.yy - self.y * self.y / n;
        let sxy = self.xy - self.x * self.y / n;
        (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
    }
}

/// Pearson matrices of the numeric columns among those paired, from the pair scores.
fn matrices(prepared: &[(String, Prep)], pairs: &[PairFidelity]) -> Option<CorrelationMatrices> {
    let numeric: Vec<usize> = (0..prepared.len())
        .filter(|&i| matches!(prepared[i].1, Prep::Cont { numeric: true, .. }))
        .collect();
    if numeric.len() < 2 {
        return None;
    }
    let k = numeric.len();
    let mut original = vec![None; k * k];
    let mut anonymized = vec![None; k * k];
    for (p, &i) in numeric.iter().enumerate() {
        if let Prep::Cont { sides, .. } = &prepared[i].1 {
            // A column correlates with itself unless it is a constant.
            original[p * k + p] = (sides[0].values.len() > 1).then_some(1.0);
            anonymized[p * k + p] = (sides[1].values.len() > 1).then_some(1.0);
        }
        for (q, &j) in numeric.iter().enumerate().skip(p + 1) {
            let found = pairs.iter().find(|f| {
                f.coefficient.as_deref() == Some("pearson")
                    && f.columns[0] == prepared[i].0
                    && f.columns[1] == prepared[j].0
            });
            if let Some(f) = found {
                for (m, v) in [(&mut original, f.original), (&mut anonymized, f.anonymized)] {
                    m[p * k + q] = v;
                    m[q * k + p] = v;
                }
            }
        }
    }
    Some(CorrelationMatrices {
        columns: numeric.iter().map(|&i| prepared[i].0.clone()).collect(),
        original,
        anonymized,
    })
}

// ─── identifiers ───

struct TextProfile {
    null_rate: f64,
    distinct_ratio: f64,
    mean_length: f64,
    length_range: [usize; 2],
    valid_share: Option<f64>,
}

fn text_profile(
    s: &Series,
    kind: Option<Kind>,
    valid: &(dyn Fn(Kind, &str) -> Option<bool> + Sync),
) -> Result<TextProfile> {
    let text = crate::transform::as_text(&s.clone().into_column())?;
    let ca = text.str().map_err(polars_err)?;
    let mut counts: HashMap<&str, u64> = HashMap::new();
    let mut nulls = 0u64;
    for v in ca.iter() {
        match v {
            Some(v) => *counts.entry(v).or_insert(0) += 1,
            None => nulls += 1,
        }
    }
    let rows = ca.len() as u64;
    let nonnull = rows - nulls;
    let (mut chars, mut min, mut max) = (0u64, usize::MAX, 0usize);
    let (mut checked, mut passed) = (false, 0u64);
    for (v, &c) in &counts {
        let len = v.chars().count();
        chars += len as u64 * c;
        min = min.min(len);
        max = max.max(len);
        if let Some(k) = kind
            && let Some(ok) = valid(k, v)
        {
            checked = true;
            passed += u64::from(ok) * c;
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok(TextProfile {
        null_rate: ratio(nulls, rows),
        distinct_ratio: ratio(counts.len() as u64, nonnull),
        mean_length: ratio(chars, nonnull),
        length_range: if nonnull == 0 { [0, 0] } else { [min, max] },
        valid_share: (checked && nonnull > 0).then(|| ratio(passed, nonnull)),
    })
}

// ─── exact metrics on plain data ───

/// KSComplement (`1 − D`) of two samples; NaN values are nulls and dropped. Values are rounded
/// to 14 decimals first, as SDMetrics does. NaN if a side has no values.
pub fn ks_complement(a: &[f64], b: &[f64]) -> f64 {
    let sorted = |xs: &[f64]| {
        let mut v: Vec<f64> = xs
            .iter()
            .filter(|x| !x.is_nan())
            .map(|&x| round_ks(x))
            .collect();
        v.sort_by(f64::total_cmp);
        v.into_iter().map(|x| (x, 1u64)).collect::<Vec<_>>()
    };
    ks_sorted(&sorted(a), &sorted(b))
}

/// TVComplement of two category samples; nulls are dropped (as SDMetrics does), and a category
/// only `b` has counts 1e-6 in `a` (SDMetrics' regularization). NaN if a side has no values.
pub fn tv_complement(a: &[Option<&str>], b: &[Option<&str>]) -> f64 {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut ca: Vec<u64> = Vec::new();
    let mut cb: Vec<u64> = Vec::new();
    for (side, xs) in [(0, a), (1, b)] {
        for x in xs.iter().flatten() {
            let id = *ids.entry(x).or_insert_with(|| {
                ca.push(0);
                cb.push(0);
                ca.len() - 1
            });
            if side == 0 { ca[id] += 1 } else { cb[id] += 1 }
        }
    }
    tv_counts(&ca, &cb)
}

/// Codes per value (`NULL` for null), numbering new values as they come.
fn intern<'a>(
    ids: &mut HashMap<&'a str, u32>,
    xs: impl Iterator<Item = Option<&'a str>>,
) -> Vec<u32> {
    xs.map(|x| match x {
        None => NULL,
        Some(v) => {
            let n = ids.len() as u32;
            *ids.entry(v).or_insert(n)
        }
    })
    .collect()
}

fn plain_cont(xs: &[f64]) -> ContSide {
    let (codes, keys, counts, _) = count_iter(xs.len(), xs.iter().map(|&x| float_key(Some(x))));
    let keys: Vec<f64> = keys.into_iter().map(f64::from_bits).collect();
    cont_side(codes, &keys, &counts, |v| v).0
}

/// CorrelationSimilarity `1 − |ρ_a − ρ_b| / 2` of two frames' (x, y) columns, Pearson or
/// Spearman, each on its rows where both are non-NaN. `None` when a coefficient is undefined.
pub fn correlation_similarity(
    a: (&[f64], &[f64]),
    b: (&[f64], &[f64]),
    spearman: bool,
) -> Option<f64> {
    let pick = |(p, s): (Option<f64>, Option<f64>)| if spearman { s } else { p };
    let ra = pick(correlations(&plain_cont(a.0), &plain_cont(a.1)))?;
    let rb = pick(correlations(&plain_cont(b.0), &plain_cont(b.1)))?;
    Some(1.0 - (ra - rb).abs() / 2.0)
}

/// ContingencySimilarity of two frames' (x, y) category columns; nulls are a category of their
/// own, shares are over all rows. NaN if a frame has no rows.
pub fn contingency_similarity(
    a: (&[Option<&str>], &[Option<&str>]),
    b: (&[Option<&str>], &[Option<&str>]),
) -> f64 {
    let (mut ix, mut iy) = (HashMap::new(), HashMap::new());
    let (ax, bx) = (
        intern(&mut ix, a.0.iter().copied()),
        intern(&mut ix, b.0.iter().copied()),
    );
    let (ay, by) = (
        intern(&mut iy, a.1.iter().copied()),
        intern(&mut iy, b.1.iter().copied()),
    );
    let (nx, ny) = (ix.len() as u32, iy.len() as u32);
    let s = |codes, null| BinnedSide::Ids { codes, null };
    let (sax, say, sbx, sby) = (s(&ax, nx), s(&ay, ny), s(&bx, nx), s(&by, ny));
    contingency([(&sax, &say), (&sbx, &sby)], (nx + 1, ny + 1))
}
