//! Re-identification risk: k-anonymity and uniqueness over the quasi-identifiers the policy
//! names (`[risk] quasi_identifiers`), before and after.
//!
//! Rows are grouped by their quasi-identifier values (nulls form their own value); `k` is the
//! size of the smallest group. A row in a group of one is unique: anyone who knows those few
//! facts about a person finds their row. Class sizes are counted with 128-bit hashes of the
//! combined values (fixed seeds, so counts of partitions merge by adding: [`ClassCounts`]); no
//! value is kept or reported. A collision could only merge two classes, about once in 10^20
//! rows.

use crate::error::{Error, Result};
use crate::transform::as_text;
use foldhash::HashMap;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher;

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

/// The k `below_k_share` is measured against when the policy requires none.
pub const DEFAULT_K: u64 = 5;

/// Class-size buckets of the histogram: label and the smallest size in it.
const BUCKETS: [(&str, u64); 6] = [
    ("1", 1),
    ("2", 2),
    ("3-4", 3),
    ("5-9", 5),
    ("10-19", 10),
    ("20+", 20),
];

/// k-anonymity and uniqueness of `df` over `quasi_identifiers` (columns compared as text; nulls
/// are a value). `required_k`: the policy's min_k (below_k_share uses it, or 5 when None).
/// Errors name a missing column.
pub fn assess(
    df: &DataFrame,
    quasi_identifiers: &[String],
    required_k: Option<u64>,
) -> Result<RiskFigures> {
    let mut counts = ClassCounts::default();
    counts.add(df, quasi_identifiers)?;
    Ok(counts.figures(required_k))
}

/// Equivalence-class sizes, keyed by a 128-bit hash of each quasi-identifier combination.
/// Counts of several partitions of one dataset merge with [`ClassCounts::merge`].
#[derive(Debug, Clone, Default)]
pub struct ClassCounts {
    rows: usize,
    sizes: HashMap<u128, u64>,
}

impl ClassCounts {
    /// Adds the rows of `df`, grouped over `quasi_identifiers`.
    pub fn add(&mut self, df: &DataFrame, quasi_identifiers: &[String]) -> Result<()> {
        let mut texts = Vec::with_capacity(quasi_identifiers.len());
        for name in quasi_identifiers {
            let col = df.column(name.as_str()).map_err(|_| {
                Error::config(format!(
                    "[risk] quasi_identifiers: column '{name}' is not in the data"
                ))
            })?;
            texts.push(as_text(col)?);
        }
        let mut acc = vec![0u128; df.height()];
        let (lo, hi) = (
            foldhash::quality::FixedState::with_seed(0x6d61_7371_7269_736b),
            foldhash::quality::FixedState::with_seed(0x6b73_6972_7173_616d),
        );
        for s in &texts {
            let ca = s.str()?;
            for (a, v) in acc.iter_mut().zip(ca.iter()) {
                // `Option<&str>` hashes its discriminant: a null differs from "" and from "null".
                let l = lo.hash_one((*a, v));
                let h = hi.hash_one((*a, v));
                *a = (u128::from(h) << 64) | u128::from(l);
            }
        }
        self.rows += acc.len();
        for a in acc {
            *self.sizes.entry(a).or_default() += 1;
        }
        Ok(())
    }

    /// Adds another partition's counts (made over the same columns).
    pub fn merge(&mut self, other: ClassCounts) {
        self.rows += other.rows;
        for (h, n) in other.sizes {
            *self.sizes.entry(h).or_default() += n;
        }
    }

    /// The figures for these counts; `below_k_share` against `required_k` (or [`DEFAULT_K`]).
    pub fn figures(&self, required_k: Option<u64>) -> RiskFigures {
        let required = required_k.unwrap_or(DEFAULT_K);
        let mut histogram: Vec<ClassBucket> = BUCKETS
            .iter()
            .map(|(label, _)| ClassBucket {
                sizes: (*label).to_string(),
                classes: 0,
                rows: 0,
            })
            .collect();
        let (mut unique, mut below) = (0usize, 0usize);
        for &n in self.sizes.values() {
            let rows = usize::try_from(n).unwrap_or(usize::MAX);
            if n == 1 {
                unique += 1;
            }
            if n < required {
                below += rows;
            }
            let b = BUCKETS.iter().rposition(|(_, min)| n >= *min).unwrap_or(0);
            histogram[b].classes += 1;
            histogram[b].rows += rows;
        }
        let share = |x: usize| {
            if self.rows == 0 {
                0.0
            } else {
                x as f64 / self.rows as f64
            }
        };
        RiskFigures {
            rows: self.rows,
            classes: self.sizes.len(),
            k: self.sizes.values().copied().min().unwrap_or(0),
            unique_share: share(unique),
            below_k_share: share(below),
            histogram,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qi(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn frame() -> DataFrame {
        // Classes over (zip, year): (750, 1984) ×3, (750, null) ×2, (751, 1990) ×1.
        df!(
            "zip" => ["750", "750", "750", "750", "750", "751"],
            "year" => [Some(1984), Some(1984), Some(1984), None, None, Some(1990)],
            "name" => ["a", "b", "c", "d", "e", "f"],
        )
        .unwrap()
    }

    #[test]
    fn known_classes_give_exact_figures() {
        let r = assess(&frame(), &qi(&["zip", "year"]), Some(3)).unwrap();
        assert_eq!(r.rows, 6);
        assert_eq!(r.classes, 3, "the two null years form one class");
        assert_eq!(r.k, 1);
        assert!((r.unique_share - 1.0 / 6.0).abs() < 1e-12);
        assert!(
            (r.below_k_share - 3.0 / 6.0).abs() < 1e-12,
            "classes of 1 and 2 are below k=3"
        );
        let hist: Vec<(&str, usize, usize)> = r
            .histogram
            .iter()
            .map(|b| (b.sizes.as_str(), b.classes, b.rows))
            .collect();
        assert_eq!(
            hist,
            [
                ("1", 1, 1),
                ("2", 1, 2),
                ("3-4", 1, 3),
                ("5-9", 0, 0),
                ("10-19", 0, 0),
                ("20+", 0, 0)
            ]
        );
        // Without a required k, 5 is the bar: every row is below it.
        let r = assess(&frame(), &qi(&["zip", "year"]), None).unwrap();
        assert!((r.below_k_share - 1.0).abs() < 1e-12);
        // One column alone: zip 750 ×5, 751 ×1.
        let r = assess(&frame(), &qi(&["zip"]), None).unwrap();
        assert_eq!((r.classes, r.k), (2, 1));
        assert_eq!(r.histogram[3].rows, 5);
    }

    #[test]
    fn null_and_empty_text_are_different_values() {
        let df = df!("c" => [Some(""), None, Some(""), None]).unwrap();
        let r = assess(&df, &qi(&["c"]), None).unwrap();
        assert_eq!((r.classes, r.k), (2, 2));
    }

    #[test]
    fn values_are_compared_per_column_not_concatenated() {
        // ("ab", "c") and ("a", "bc") are different combinations.
        let df = df!("x" => ["ab", "a"], "y" => ["c", "bc"]).unwrap();
        assert_eq!(assess(&df, &qi(&["x", "y"]), None).unwrap().classes, 2);
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = assess(&frame(), &qi(&["zip", "postcode"]), None).unwrap_err();
        assert!(err.to_string().contains("'postcode'"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn an_empty_frame_has_k_zero() {
        let df = frame().head(Some(0));
        let r = assess(&df, &qi(&["zip"]), Some(2)).unwrap();
        assert_eq!((r.rows, r.classes, r.k), (0, 0, 0));
        assert_eq!((r.unique_share, r.below_k_share), (0.0, 0.0));
    }

    #[test]
    fn partitions_merge_to_the_whole() {
        let df = frame();
        let q = qi(&["zip", "year"]);
        let mut a = ClassCounts::default();
        a.add(&df.slice(0, 4), &q).unwrap();
        let mut b = ClassCounts::default();
        b.add(&df.slice(4, 2), &q).unwrap();
        a.merge(b);
        assert_eq!(a.figures(Some(3)), assess(&df, &q, Some(3)).unwrap());
    }
}
