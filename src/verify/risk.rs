//! Re-identification risk: k-anonymity and uniqueness over the quasi-identifiers the policy
//! names (`[risk] quasi_identifiers`), before and after.
//!
//! Rows are grouped by their quasi-identifier values (nulls form their own value); `k` is the
//! size of the smallest group. A row in a group of one is unique: anyone who knows those few
//! facts about a person finds their row. Class sizes are counted with keyed 64-bit hashes of the
//! combined values, so no value is kept or reported. Counts merge by adding (partitioned runs).

use serde::{Deserialize, Serialize};

/// Risk figures of one dataset before and after anonymization.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Risk {
    /// The columns whose combination is assessed.
    pub quasi_identifiers: Vec<String>,
    /// The k the policy requires (`[gate] min_k`), if any.
    pub required_k: Option<u64>,
    pub before: RiskFigures,
    pub after: RiskFigures,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RiskFigures {
    pub rows: usize,
    /// Equivalence classes (distinct quasi-identifier combinations).
    pub classes: usize,
    /// Size of the smallest class (0 for an empty dataset).
    pub k: u64,
    /// Share of rows whose combination is unique (class size 1).
    pub unique_share: f64,
    /// Share of rows in classes smaller than the required k (or 5 when none is required).
    pub below_k_share: f64,
    /// Rows per class-size bucket: `1`, `2`, `3-4`, `5-9`, `10-19`, `20+`.
    pub histogram: Vec<ClassBucket>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ClassBucket {
    pub sizes: String,
    pub classes: usize,
    pub rows: usize,
}
