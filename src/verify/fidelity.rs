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
//! Category labels of columns that hold personal data never enter the report: they are shown
//! as `#1`, `#2`, … in the order of their original frequency. This module computes and
//! describes; it does not decide pass or fail (see the gate in [`super`]).

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
    /// Bin or category labels (`[10, 20)`, `2021-03`, `#1` for categories of personal data).
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
