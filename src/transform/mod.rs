//! Transformation strategies, applied per column according to the plan.
//!
//! `fake` computes one keyed surrogate per *distinct* value (in parallel), then gathers, so a
//! column with a million rows and ten thousand distinct values costs ten thousand generator
//! calls. Surrogates of identifying kinds never equal any original value of that kind in the run
//! ([`Originals`]); surrogates of the other kinds never equal the value they replace. Both are
//! guaranteed by redrawing with the next `attempt` seed. Nulls stay null; row count and order are
//! unchanged; `keep` columns are not touched at all.
//!
//! What to replace is decided elsewhere (`detect`, `policy`); this module never looks at headers.

pub mod fakers;
pub mod generalize;
pub mod keyed;
pub mod llm;
pub mod spans;

use crate::detect::CellScope;
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Strategy};
use crate::text::{normalize, normalized_hash};
use keyed::Key;
use polars::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// How many redraws a surrogate gets before masq gives up on `fake` for that value.
const MAX_ATTEMPTS: u32 = 64;

/// The original values a surrogate must never equal. The run uses the leak gate's index
/// (`verify::LeakIndex`), which holds exactly these values already; [`Originals`] is a plain
/// implementation for library callers and tests.
pub trait OriginalSet: Sync {
    /// Whether `normalized` (see [`crate::text::normalize`]) is an original value of `kind`.
    fn contains(&self, kind: Kind, normalized: &str) -> bool;

    /// Whether an original of any kind appears inside `text` the way the leak gate looks for
    /// it (whole cell, whole-word run, digit run); a surrogate that would trip the gate is
    /// drawn again.
    fn appears_in(&self, _text: &str) -> bool {
        false
    }
}

/// Normalized original values of identifying kinds.
#[derive(Default)]
pub struct Originals {
    by_kind: HashMap<Kind, HashSet<String>>,
}

/// Counts per kind only: the values are personal data.
impl std::fmt::Debug for Originals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in &self.by_kind {
            m.entry(k, &format_args!("{} values <redacted>", v.len()));
        }
        m.finish()
    }
}

impl OriginalSet for Originals {
    fn contains(&self, kind: Kind, normalized: &str) -> bool {
        self.by_kind
            .get(&kind)
            .is_some_and(|s| s.contains(normalized))
    }
}

impl Originals {
    /// Adds a column's distinct values as originals of `kind` (identifying kinds only).
    pub fn add_column(&mut self, kind: Kind, col: &Column) -> Result<()> {
        if !kind.is_identifying() {
            return Ok(());
        }
        let set = self.by_kind.entry(kind).or_default();
        let s = as_text(col)?;
        for v in s.str().map_err(polars_err)?.iter().flatten() {
            let n = normalize(kind, v);
            if !n.is_empty() {
                set.insert(n);
            }
        }
        Ok(())
    }
}

/// Counts for the report.
#[derive(
    Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Counts {
    /// Non-null cells.
    pub values: usize,
    /// Distinct non-null values.
    pub distinct: usize,
    pub nulls: usize,
    /// Cells whose value was replaced.
    pub replaced: usize,
    /// Values for which `fake` could not find a non-colliding surrogate and fell back to `hash`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fallbacks: usize,
    /// Values drawn again because another original had drawn the same surrogate.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub redrawn: usize,
    /// Spans of personal data replaced inside free text (strategy `spans`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spans: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn polars_err(e: PolarsError) -> Error {
    Error::input(format!(
        "internal data error: {}",
        crate::error::scrub_polars(&e)
    ))
}

/// The column as text (a no-op for text columns).
pub fn as_text(col: &Column) -> Result<Series> {
    col.as_materialized_series()
        .cast(&DataType::String)
        .map_err(polars_err)
}

/// Tells which kind a single value is (of the plan's kind and its `also` kinds), for columns
/// replaced cell by cell; `None` when it matches none of their rules.
pub type Classify<'a> = &'a (dyn Fn(&str) -> Option<Kind> + Sync);

/// Applies one column's plan. Returns the new column (`None` for `drop`) and its counts.
pub fn apply(
    col: &Column,
    plan: &ColumnPlan,
    key: &Key,
    originals: &dyn OriginalSet,
) -> Result<(Option<Column>, Counts)> {
    apply_with(col, plan, key, originals, None)
}

/// [`apply`], with `fake` deciding per value which kind it is (`classify`): a value of another
/// kind gets a surrogate of its own kind; in an uncertain column (`cells = matching`) a value
/// of no kind is kept; in a mixed column it gets a keyed surrogate of the same shape.
pub fn apply_with(
    col: &Column,
    plan: &ColumnPlan,
    key: &Key,
    originals: &dyn OriginalSet,
    classify: Option<Classify>,
) -> Result<(Option<Column>, Counts)> {
    let nulls = col.null_count();
    let mut counts = Counts {
        values: col.len() - nulls,
        nulls,
        ..Counts::default()
    };
    match plan.strategy {
        Strategy::Keep => {
            counts.distinct = col
                .n_unique()
                .map_err(polars_err)?
                .saturating_sub(usize::from(nulls > 0));
            return Ok((Some(col.clone()), counts));
        }
        Strategy::Drop => {
            counts.distinct = col
                .n_unique()
                .map_err(polars_err)?
                .saturating_sub(usize::from(nulls > 0));
            counts.replaced = counts.values;
            return Ok((None, counts));
        }
        Strategy::Spans => {
            return Err(Error::config(format!(
                "column '{}': strategy \"spans\" goes through transform::spans::apply",
                plan.column
            )));
        }
        Strategy::Generalize | Strategy::Noise | Strategy::ShiftDate | Strategy::Llm => {
            // These need more than one value at a time (entities, a pool of candidates).
            return Err(Error::config(format!(
                "column '{}': strategy \"{}\" goes through transform::{}",
                plan.column,
                plan.strategy.as_str(),
                if plan.strategy == Strategy::Llm {
                    "llm"
                } else {
                    "generalize"
                }
            )));
        }
        _ => {}
    }
    let text = as_text(col)?;
    let ca = text.str().map_err(polars_err)?;
    let distinct: Vec<&str> = {
        let mut seen = foldhash::HashSet::default();
        ca.iter().flatten().filter(|v| seen.insert(*v)).collect()
    };
    counts.distinct = distinct.len();
    let kind_label = plan.kind.map_or("value", Kind::as_str);

    let fallbacks = std::sync::atomic::AtomicUsize::new(0);
    let surrogate = |v: &str| -> String {
        match plan.strategy {
            Strategy::Fake => {
                let base = plan
                    .kind
                    .expect("policy::resolve refuses fake without a kind");
                let kind = match (classify.and_then(|c| c(v.trim())), plan.cells) {
                    (Some(k), _) => k,
                    (None, CellScope::Matching) => return v.to_string(),
                    (None, CellScope::Mixed) => return shape_keeping(base, v, key),
                    (None, CellScope::All) => base,
                };
                match fake_one(kind, v, key, originals) {
                    Some(s) => s,
                    None => {
                        fallbacks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        key.hash_value(kind.as_str(), &normalize(kind, v))
                    }
                }
            }
            Strategy::Hash => {
                let n = plan
                    .kind
                    .map_or_else(|| v.trim().to_string(), |k| normalize(k, v));
                key.hash_value(kind_label, &n)
            }
            Strategy::Mask => mask(v, plan.keep_last),
            Strategy::Redact => "REDACTED".to_string(),
            _ => unreachable!("handled above"),
        }
    };
    let surrogates: Vec<String> = if distinct.len() > 256 {
        distinct.par_iter().map(|v| surrogate(v)).collect()
    } else {
        distinct.iter().map(|v| surrogate(v)).collect()
    };
    let mut surrogates = surrogates;
    if plan.strategy == Strategy::Fake
        && let Some(kind) = plan.kind.filter(|k| k.is_identifying())
    {
        counts.redrawn = make_unique(kind, &distinct, &mut surrogates, key, originals);
    }
    counts.fallbacks = fallbacks.into_inner();
    let map: foldhash::HashMap<&str, &str> = distinct
        .iter()
        .copied()
        .zip(surrogates.iter().map(String::as_str))
        .collect();

    // Gather: one lookup per cell, counting replacements on the way.
    let mut replaced = 0usize;
    let out: StringChunked = ca
        .iter()
        .map(|o| {
            o.map(|v| {
                let s = map.get(v).copied().unwrap_or(v);
                replaced += usize::from(s != v);
                s
            })
        })
        .collect();
    counts.replaced = replaced;
    let mut series = out.into_series();
    series.rename(col.name().clone());
    // Give typed columns (an integer phone, a Date birth date) their type back when the
    // surrogates allow it; otherwise they stay text.
    let orig_dt = col.dtype();
    if !orig_dt.is_string()
        && let Ok(back) = series.strict_cast(orig_dt)
    {
        series = back;
    }
    Ok((Some(series.into_column()), counts))
}

/// Two different people must not share a surrogate (joins would merge them). Where keyed draws
/// for different originals coincide, the original whose seed sorts first keeps the surrogate —
/// an order that does not depend on row order — and the others are drawn again, past the
/// first [`MAX_ATTEMPTS`] draws. Returns how many were drawn again. Such redraws are rare
/// (about one in 2,000 for a million SSNs, whose space is small) and are the one case where a
/// surrogate depends on which other values share the run.
fn make_unique(
    kind: Kind,
    distinct: &[&str],
    surrogates: &mut [String],
    key: &Key,
    originals: &dyn OriginalSet,
) -> usize {
    // Fast check first: in almost every column no two originals drew the same surrogate.
    {
        let mut first_owner: foldhash::HashMap<u64, usize> = foldhash::HashMap::default();
        first_owner.reserve(surrogates.len());
        let mut clash = false;
        for (i, sur) in surrogates.iter().enumerate() {
            if let Some(&j) = first_owner.get(&normalized_hash(kind, sur)) {
                if normalized_hash(kind, distinct[i]) != normalized_hash(kind, distinct[j]) {
                    clash = true;
                    break;
                }
            } else {
                first_owner.insert(normalized_hash(kind, sur), i);
            }
        }
        if !clash {
            return 0;
        }
    }
    // Group raw values that normalize alike (`A@x.io`, `a@x.io`): one person, one surrogate.
    let norms: Vec<String> = distinct.iter().map(|v| normalize(kind, v)).collect();
    let mut group_of: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, n) in norms.iter().enumerate() {
        let g = *group_of.entry(n.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let seed = |g: usize| key.seed(kind, &norms[groups[g][0]], 0);
    let mut owner: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut losers = Vec::new();
    for g in 0..groups.len() {
        match owner.entry(normalize(kind, &surrogates[groups[g][0]])) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(g);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let other = *e.get();
                if seed(g) < seed(other) {
                    e.insert(g);
                    losers.push(other);
                } else {
                    losers.push(g);
                }
            }
        }
    }
    losers.sort_by_key(|g| seed(*g));
    for &g in &losers {
        let first = groups[g][0];
        let taken = |n: &str| owner.contains_key(n);
        let s = fake_from(kind, distinct[first], key, originals, MAX_ATTEMPTS, &taken)
            .unwrap_or_else(|| key.hash_value(kind.as_str(), &norms[first]));
        owner.insert(normalize(kind, &s), g);
        for &i in &groups[g] {
            surrogates[i] = s.clone();
        }
    }
    losers.len()
}

/// A keyed surrogate for `v` that collides with no original (identifying kinds) or differs from
/// `v` (the others); `None` after [`MAX_ATTEMPTS`] draws.
pub fn fake_one(kind: Kind, v: &str, key: &Key, originals: &dyn OriginalSet) -> Option<String> {
    fake_from(kind, v, key, originals, 0, &|_| false)
}

/// [`fake_one`] starting at draw `first`, also skipping surrogates for which `taken` holds.
fn fake_from(
    kind: Kind,
    v: &str,
    key: &Key,
    originals: &dyn OriginalSet,
    first: u32,
    taken: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let trimmed = v.trim();
    let norm = normalize(kind, trimmed);
    for attempt in first..first + MAX_ATTEMPTS {
        let mut rng = ChaCha8Rng::from_seed(key.seed(kind, &norm, attempt));
        let s = fakers::fake(kind, trimmed, &mut rng);
        let n2 = normalize(kind, &s);
        if n2.is_empty() || n2 == norm {
            continue;
        }
        if kind.is_identifying() && (originals.contains(kind, &n2) || taken(&n2)) {
            continue;
        }
        if originals.appears_in(&s) {
            continue;
        }
        return Some(s);
    }
    None
}

/// A keyed look-alike of `v`: digits for digits, letters for letters (same case), every other
/// character kept, never equal to `v`. For values of a mixed column that match no rule.
pub fn shape_keeping(kind: Kind, v: &str, key: &Key) -> String {
    let norm = format!("shape\u{0}{}", v.trim());
    for attempt in 0..MAX_ATTEMPTS {
        let mut rng = ChaCha8Rng::from_seed(key.seed(kind, &norm, attempt));
        let s = fakers::shape_preserving(v, &mut rng);
        if s != v {
            return s;
        }
    }
    key.hash_value(kind.as_str(), &norm)
}

/// Replaces letters and digits with `*`, keeping the last `keep_last` of them and every
/// separator: `4111 1111 1111 1234` → `**** **** **** 1234`.
pub fn mask(v: &str, keep_last: usize) -> String {
    let total = v.chars().filter(|c| c.is_alphanumeric()).count();
    let hide = total.saturating_sub(keep_last);
    let mut seen = 0;
    v.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen <= hide { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_people_never_share_a_surrogate_but_case_variants_do() {
        let key = keyed::Key::from_bytes(vec![3; 32], keyed::KeySource::Env).unwrap();
        let distinct = ["ann@x.io", "bob@x.io", "ANN@X.IO", "cy@x.io"];
        // ann, bob and ANN drew the same surrogate; cy drew its own.
        let run = || {
            let mut s: Vec<String> = [
                "s@example.com",
                "S@EXAMPLE.COM",
                "s@example.com",
                "t@example.com",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let redrawn = make_unique(Kind::Email, &distinct, &mut s, &key, &Originals::default());
            (redrawn, s)
        };
        let (redrawn, surrogates) = run();
        assert_eq!(redrawn, 1, "one of ann/bob is drawn again");
        assert_eq!(surrogates[0], surrogates[2], "ann and ANN are one person");
        assert_ne!(surrogates[0].to_lowercase(), surrogates[1].to_lowercase());
        assert_eq!(surrogates[3], "t@example.com", "untouched when unique");
        assert_eq!(run().1, surrogates, "deterministic");
    }

    #[test]
    fn mask_keeps_separators_and_the_tail() {
        assert_eq!(mask("4111 1111 1111 1234", 4), "**** **** **** 1234");
        assert_eq!(mask("ab", 4), "ab");
        assert_eq!(mask("jane@x.io", 0), "****@*.**");
    }
}
