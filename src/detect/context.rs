//! Evidence from a column's neighbours and from the shape of its values as a whole, for what
//! rules on single values cannot settle:
//!
//! - a numeric column of decimal degrees beside a latitude is a longitude (and the other way
//!   round); two such columns side by side under opaque headers are a latitude/longitude pair;
//! - a column of single capitalised words without digits, varied, of which at least 30% are
//!   known given (or family) names and more of them are names than cities, holds given (or
//!   family) names — multinational names are mostly missing from any dictionary, so the share
//!   of hits alone undersells them.
//!
//! Runs after the per-column pass and only on columns it left unclassified; evidence in words,
//! never values.

use super::{CellScope, ColumnFinding, is_scannable, sample};
use crate::kind::Kind;
use crate::rules::{DictName, RuleSet};
use crate::text::fold;
use polars::prelude::*;

/// Share of sampled values that must have the shape in question.
const SHAPE_SHARE: f64 = 0.9;
/// Share of dictionary hits that, with the shape, makes a name column.
const NAME_HITS: f64 = 0.3;
/// Fewer sampled values than this decide nothing here.
const MIN_SAMPLE: usize = 10;

pub(super) fn apply(
    df: &DataFrame,
    rules: &RuleSet,
    sample_size: usize,
    findings: &mut [ColumnFinding],
) {
    let cols = df.columns();
    let samples: Vec<Option<Vec<String>>> = cols
        .iter()
        .zip(findings.iter())
        .map(|(c, f)| {
            (f.kind.is_none() && !f.free_text && is_scannable(c.dtype()))
                .then(|| sample(c, sample_size))
        })
        .collect();
    let degrees: Vec<Option<Degrees>> = samples
        .iter()
        .map(|s| s.as_deref().and_then(Degrees::of))
        .collect();
    for i in 0..findings.len() {
        if findings[i].kind.is_some() {
            continue;
        }
        let Some(d) = degrees[i] else { continue };
        let neighbours = [i.checked_sub(1), Some(i + 1)];
        // Beside a detected latitude or longitude.
        for j in neighbours
            .into_iter()
            .flatten()
            .filter(|&j| j < findings.len())
        {
            let (other, mine) = match findings[j].kind {
                Some(Kind::Latitude) if d.max_abs <= 180.0 => (Kind::Latitude, Kind::Longitude),
                Some(Kind::Longitude) if d.max_abs <= 90.0 => (Kind::Longitude, Kind::Latitude),
                _ => continue,
            };
            let evidence = format!(
                "beside the {other} column '{}': {:.0}% of {} sampled values are decimal degrees with 4+ decimals within ±{}",
                findings[j].column,
                d.share * 100.0,
                d.n,
                if mine == Kind::Latitude { 90 } else { 180 }
            );
            adopt(&mut findings[i], mine, 0.8, evidence);
            break;
        }
    }
    // A pair under opaque headers: latitude then longitude.
    for i in 0..findings.len().saturating_sub(1) {
        if findings[i].kind.is_some() || findings[i + 1].kind.is_some() {
            continue;
        }
        let (Some(a), Some(b)) = (degrees[i], degrees[i + 1]) else {
            continue;
        };
        if a.max_abs <= 90.0 && b.max_abs <= 180.0 && a.varied && b.varied && a.precise && b.precise
        {
            let ev = |other: &str| {
                format!(
                    "with '{other}', a pair of varied decimal-degree columns (5+ decimals, first within ±90, second within ±180): a latitude/longitude pair"
                )
            };
            let (ca, cb) = (findings[i].column.clone(), findings[i + 1].column.clone());
            adopt(&mut findings[i], Kind::Latitude, 0.7, ev(&cb));
            adopt(&mut findings[i + 1], Kind::Longitude, 0.7, ev(&ca));
        }
    }
    // Given and family names by distribution.
    for (f, s) in findings.iter_mut().zip(&samples) {
        if f.kind.is_some() {
            continue;
        }
        let Some(values) = s else { continue };
        if let Some((kind, evidence)) = name_column(values, rules) {
            adopt(f, kind, 0.7, evidence);
        }
    }
}

fn adopt(f: &mut ColumnFinding, kind: Kind, confidence: f64, evidence: String) {
    f.kind = Some(kind);
    f.confidence = confidence;
    f.cells = CellScope::All;
    f.evidence
        .retain(|e| !e.starts_with("left alone") && !e.starts_with("no rule matches"));
    f.evidence.push(evidence);
}

/// How a sampled column looks as decimal degrees.
#[derive(Clone, Copy)]
struct Degrees {
    n: usize,
    share: f64,
    max_abs: f64,
    varied: bool,
    /// At least 90% of values carry 5+ decimals (GPS precision; prices and rates rarely do).
    precise: bool,
}

impl Degrees {
    fn of(values: &[String]) -> Option<Degrees> {
        if values.len() < MIN_SAMPLE {
            return None;
        }
        let mut ok = 0;
        let mut precise = 0;
        let mut max_abs: f64 = 0.0;
        let mut distinct = std::collections::HashSet::new();
        for v in values {
            let v = v.trim();
            let decimals = v.split_once('.').map_or(0, |(_, d)| d.len());
            let Ok(x) = v.parse::<f64>() else { continue };
            if decimals >= 4 && x.abs() <= 180.0 {
                ok += 1;
                precise += usize::from(decimals >= 5);
                max_abs = max_abs.max(x.abs());
                distinct.insert(v);
            }
        }
        let share = ok as f64 / values.len() as f64;
        (share >= SHAPE_SHARE).then_some(Degrees {
            n: values.len(),
            share,
            max_abs,
            varied: distinct.len() * 2 >= values.len(),
            precise: precise as f64 >= SHAPE_SHARE * values.len() as f64,
        })
    }
}

/// Single capitalised words, no digits, varied, with enough dictionary hits.
fn name_column(values: &[String], rules: &RuleSet) -> Option<(Kind, String)> {
    let n = values.len();
    if n < MIN_SAMPLE {
        return None;
    }
    let shaped = values
        .iter()
        .filter(|v| {
            let mut cs = v.chars();
            let first_upper = cs.next().is_some_and(char::is_uppercase);
            first_upper
                && v.chars().any(char::is_lowercase)
                && v.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
        .count();
    let distinct: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
    if (shaped as f64) < SHAPE_SHARE * n as f64 || distinct.len() * 3 < n {
        return None;
    }
    let d = &rules.dicts;
    let (mut given, mut family, mut city) = (0usize, 0usize, 0usize);
    for v in values {
        let f = fold(v);
        given += usize::from(d.is_given(&f));
        family += usize::from(d.is_family(&f));
        city += usize::from(d.contains(DictName::Cities, v));
    }
    let share = |x: usize| x as f64 / n as f64;
    let (kind, hits, what) = if given >= family {
        (Kind::FirstName, given, "given")
    } else {
        (Kind::LastName, family, "family")
    };
    (share(hits) >= NAME_HITS && hits > city).then(|| {
        (
            kind,
            format!(
                "{:.0}% of {n} sampled values are single capitalised words without digits ({} distinct), {:.0}% of them known {what} names and fewer cities ({:.0}%): a {what}-name column",
                share(shaped) * 100.0,
                distinct.len(),
                share(hits) * 100.0,
                share(city) * 100.0
            ),
        )
    })
}
