//! Evidence from a column's neighbours and from the shape of its values as a whole, for what
//! rules on single values cannot settle:
//!
//! - a numeric column of decimal degrees beside a latitude is a longitude (and the other way
//!   round); two such columns side by side under opaque headers are a latitude/longitude pair;
//! - a column of single capitalised words without digits, varied, of which at least 30% are
//!   known given (or family) names and more of them are names than cities, holds given (or
//!   family) names — multinational names are mostly missing from any dictionary, so the share
//!   of hits alone undersells them;
//! - a column of two to four capitalised words in whose rows the row's given or family name
//!   (of a column detected as such) stands as a word holds full names, whatever share of them
//!   the dictionaries know.
//!
//! Runs after the per-column pass and only on columns it left unclassified; evidence in words,
//! never values.

use super::{CellScope, ColumnFinding, is_scannable, sample, sample_rows};
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
    // Full names by the name parts of their rows.
    let parts: Vec<usize> = (0..findings.len())
        .filter(|&j| matches!(findings[j].kind, Some(Kind::FirstName | Kind::LastName)))
        .collect();
    if parts.is_empty() {
        return;
    }
    for i in 0..findings.len() {
        if findings[i].kind.is_some() || samples[i].is_none() {
            continue;
        }
        let rows = sample_rows(&cols[i], sample_size);
        if !full_name_shaped(&rows) {
            continue;
        }
        let best = parts
            .iter()
            .filter_map(|&j| Some((j, share_holding(&rows, &cols[j])?)))
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0));
        if let Some((j, (share, n))) = best
            && share >= PARTS_SHARE
        {
            let evidence = format!(
                "in {:.0}% of {n} sampled rows the row's {} (column '{}') is a word of the value, and {:.0}%+ of values are two to four capitalised words: a full-name column",
                share * 100.0,
                findings[j].kind.map_or("", |k| k.as_str()),
                findings[j].column,
                SHAPE_SHARE * 100.0,
            );
            adopt(&mut findings[i], Kind::PersonName, 0.8, evidence);
        }
    }
}

/// Share of rows (with both values) in which a full-name column holds the row's name part.
const PARTS_SHARE: f64 = 0.8;

/// At least [`SHAPE_SHARE`] of the values are two to four words without digits, the first
/// and the last capitalised (particles between: `Luiz da Silva`).
fn full_name_shaped(rows: &[(usize, String)]) -> bool {
    if rows.len() < MIN_SAMPLE {
        return false;
    }
    let shaped = rows
        .iter()
        .filter(|(_, v)| {
            let words: Vec<&str> = v.split_whitespace().collect();
            (2..=4).contains(&words.len())
                && !v.chars().any(|c| c.is_ascii_digit())
                && words
                    .first()
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
                && words
                    .last()
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
        })
        .count();
    shaped as f64 >= SHAPE_SHARE * rows.len() as f64
}

/// Of the sampled `rows` whose row also has a value in `part`: the share in which that value
/// stands as a whole word (case-insensitively) in the row's value, and how many there were.
fn share_holding(rows: &[(usize, String)], part: &Column) -> Option<(f64, usize)> {
    let idx: Vec<IdxSize> = rows.iter().map(|(r, _)| *r as IdxSize).collect();
    let taken = part
        .as_materialized_series()
        .take_slice(&idx)
        .and_then(|t| t.cast(&DataType::String))
        .ok()?;
    let ca = taken.str().ok()?;
    let (mut both, mut holding) = (0usize, 0usize);
    for ((_, v), p) in rows.iter().zip(ca.iter()) {
        let Some(p) = p.map(str::trim).filter(|p| !p.is_empty()) else {
            continue;
        };
        both += 1;
        let p = p.to_lowercase();
        holding += usize::from(
            v.to_lowercase()
                .split(|c: char| c.is_whitespace() || c == ',')
                .any(|w| w == p),
        );
    }
    (both >= MIN_SAMPLE).then(|| (holding as f64 / both as f64, both))
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
