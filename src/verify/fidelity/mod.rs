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
//!
//! **Layout.** This file holds the report types and [`compute`]; the stages are submodules in
//! pipeline order: `count` (distinct values and row codes), `infer` (column types), `prepare`
//! (sorted sides, KS and TV), `charts`, `pairs` (correlations, contingency, matrices),
//! `identifiers` (profiles of replaced columns) and `plain` (the metrics on plain slices,
//! re-exported here).

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

pub use infer::Ty as ColumnType;

/// A fidelity metric, spelled as SDMetrics names it (the report keeps SDMetrics' names so a
/// reader can look them up).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::Display,
)]
#[allow(clippy::upper_case_acronyms)]
pub enum Metric {
    KSComplement,
    TVComplement,
    CorrelationSimilarity,
    ContingencySimilarity,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

names! {
/// The correlation coefficient a CorrelationSimilarity compares.
pub enum Coefficient {
    Pearson,
    Spearman,
}
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ColumnFidelity {
    pub column: String,
    pub column_type: ColumnType,
    /// `KSComplement` or `TVComplement`.
    pub metric: Metric,
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
    pub metric: Metric,
    /// For CorrelationSimilarity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coefficient: Option<Coefficient>,
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
use crate::{Kind, Result};
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use rayon::prelude::*;
use std::hash::Hash;

mod charts;
mod count;
mod identifiers;
mod infer;
mod pairs;
mod plain;
mod prepare;

pub use self::plain::{
    contingency_similarity, correlation_similarity, ks_complement, tv_complement,
};
use self::{charts::*, count::*, identifiers::*, infer::*, pairs::*, prepare::*};

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
