//! Detection: what kind of personal data, if any, each column holds.
//!
//! For every column, a bounded sample of non-empty values (evenly spread over the column, at most
//! [`DEFAULT_SAMPLE`] values, so scanning a huge file costs about the same as a small one) is run
//! through every rule; the share of values that match and validate, the column header's hints
//! and dictionary hits are fused into one [`ColumnFinding`] with a confidence and evidence in
//! words. Evidence names rules, hints and percentages — never values.
//!
//! How the signals combine (documented so users can predict it):
//! - values alone: `confidence = rule confidence × share of matching values`;
//! - a header hint plus at least 30% matching values lifts the confidence close to 1
//!   (`1 − 0.3 × (1 − values-alone)`);
//! - a header hint with fewer than 30% matching values is *not* enough (a column named `phone`
//!   full of SKUs is not a phone column): the confidence stays below the threshold;
//! - rules marked `header_required` (bare 9-digit SSNs, 5-digit postcodes, birth dates) count
//!   only when the header hints at their kind.
//!
//! A column is classified when its best kind reaches [`THRESHOLD`].

pub mod llm;
pub mod spans;
pub mod validators;

use crate::kind::Kind;
use crate::rules::{HeaderWords, RuleSet};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// How many values per column detection looks at, at most.
pub const DEFAULT_SAMPLE: usize = 2000;
/// The confidence from which a column is treated as personal data.
pub const THRESHOLD: f64 = 0.5;
/// With a header hint, the share of matching values needed to trust the hint.
const HEADER_SUPPORT: f64 = 0.3;

/// What detection concluded about one column.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ColumnFinding {
    pub column: String,
    /// The kind, if the confidence reached the threshold.
    pub kind: Option<Kind>,
    pub confidence: f64,
    /// Why, in words (hints, rule ids, percentages; never values).
    pub evidence: Vec<String>,
    /// Rule ids whose values matched.
    pub rules: Vec<String>,
    /// How many non-empty values were sampled.
    pub sampled: usize,
    /// The column reads as prose; personal data in it is found (and replaced) as spans.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_text: bool,
    /// Spans found in the sampled values of a free-text column (row, character offsets, kind;
    /// at most 200). Offsets count Unicode scalar values, end exclusive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<spans::SpanReport>,
}

/// Takes up to `max` non-empty values spread evenly over the column, as text.
pub fn sample(col: &Column, max: usize) -> Vec<String> {
    sample_rows(col, max).into_iter().map(|(_, v)| v).collect()
}

/// [`sample`] with the row number of each value.
pub fn sample_rows(col: &Column, max: usize) -> Vec<(usize, String)> {
    let n = col.len();
    if n == 0 || max == 0 {
        return Vec::new();
    }
    if !is_scannable(col.dtype()) {
        return Vec::new();
    }
    let non_null = n - col.null_count();
    if non_null == 0 {
        return Vec::new();
    }
    // Over-sample a little to make up for nulls and blanks.
    let want = (max as f64 * (n as f64 / non_null as f64)).ceil() as usize;
    let step = (n / want.max(1)).max(1);
    let idx: Vec<IdxSize> = (0..n).step_by(step).map(|i| i as IdxSize).collect();
    let s = col.as_materialized_series();
    let taken = match s.take_slice(&idx).and_then(|t| t.cast(&DataType::String)) {
        Ok(t) => t,
        Err(_) => return Vec::new(),
    };
    let Ok(ca) = taken.str() else {
        return Vec::new();
    };
    ca.iter()
        .zip(idx)
        .filter_map(|(v, i)| v.map(|v| (i as usize, v.trim())))
        .filter(|(_, v)| !v.is_empty())
        .take(max)
        .map(|(i, v)| (i, v.to_string()))
        .collect()
}

/// Column types detection looks into (text, numbers, dates); booleans and nested values are
/// left alone.
pub fn is_scannable(dt: &DataType) -> bool {
    dt.is_string() || dt.is_integer() || dt.is_float() || matches!(dt, DataType::Date)
}

/// Classifies one column from its header and a sample of its values.
pub fn detect_column(column: &str, values: &[String], rules: &RuleSet) -> ColumnFinding {
    let header = HeaderWords::new(column);
    let n = values.len();
    let mut best: Option<Candidate> = None;
    let mut all: Vec<Candidate> = Vec::new();

    for &kind in Kind::ALL {
        let kind_rules: Vec<_> = rules.of_kind(kind).collect();
        if kind_rules.is_empty() {
            continue;
        }
        let hint = kind_rules.iter().find_map(|r| r.header_hint(&header));
        let active: Vec<_> = kind_rules
            .iter()
            .filter(|r| !r.def.header_required || hint.is_some())
            .collect();
        let mut matched = 0usize;
        let mut hits = vec![0usize; active.len()];
        for v in values {
            let mut any = false;
            for (i, r) in active.iter().enumerate() {
                if r.matches(v, &rules.dicts) {
                    hits[i] += 1;
                    any = true;
                    break;
                }
            }
            if any {
                matched += 1;
            }
        }
        let ratio = if n == 0 {
            0.0
        } else {
            matched as f64 / n as f64
        };
        let base = active
            .iter()
            .zip(&hits)
            .filter(|(_, h)| **h > 0)
            .map(|(r, _)| r.def.confidence)
            .fold(0.0, f64::max);
        let values_conf = base * ratio;
        let confidence = match hint {
            Some(_) if ratio >= HEADER_SUPPORT => 1.0 - HEADER_SUPPORT * (1.0 - values_conf),
            Some(_) => (0.2 + values_conf).min(THRESHOLD - 0.05),
            None => values_conf,
        };
        let matched_rules: Vec<String> = active
            .iter()
            .zip(&hits)
            .filter(|(_, h)| **h > 0)
            .map(|(r, _)| r.def.id.clone())
            .collect();
        let validators: Vec<&'static str> = active
            .iter()
            .zip(&hits)
            .filter(|(_, h)| **h > 0)
            .filter_map(|(r, _)| {
                r.def
                    .validator
                    .map(|v| v.as_str())
                    .or(r.def.dictionary.map(|d| d.as_str()))
            })
            .collect();
        let cand = Candidate {
            kind,
            confidence,
            ratio,
            hint: hint.map(|h| (h.text.clone(), h.lang.clone())),
            rules: matched_rules,
            checks: validators,
        };
        if cand.confidence > 0.0 || cand.hint.is_some() {
            all.push(cand.clone());
        }
        if best.as_ref().is_none_or(|b| cand.better_than(b)) {
            best = Some(cand);
        }
    }

    let mut evidence = Vec::new();
    let Some(best) = best.filter(|b| b.confidence > 0.0 || b.hint.is_some()) else {
        if n == 0 {
            evidence.push("no non-empty values to look at".to_string());
        } else {
            evidence.push(format!(
                "no rule matches any of {n} sampled values and the header hints at no kind"
            ));
        }
        return ColumnFinding {
            column: column.into(),
            kind: None,
            confidence: 0.0,
            evidence,
            rules: vec![],
            sampled: n,
            free_text: false,
            spans: vec![],
        };
    };
    if let Some((text, lang)) = &best.hint {
        evidence.push(format!("header '{column}' matches hint '{text}' ({lang})"));
    }
    if n > 0 {
        let pct = (best.ratio * 100.0).round();
        let mut line = format!("{pct}% of {n} sampled values are {}", best.kind);
        if !best.rules.is_empty() {
            let mut why = format!("rule {}", best.rules.join(", "));
            if !best.checks.is_empty() {
                let mut c = best.checks.clone();
                c.dedup();
                why.push_str(&format!("; checked by {}", c.join(", ")));
            }
            line.push_str(&format!(" ({why})"));
        }
        evidence.push(line);
    }
    let classified = best.confidence >= THRESHOLD;
    if !classified {
        if best.hint.is_some() {
            evidence.push(format!(
                "left alone: the header suggests {} but too few values agree (need {:.0}%)",
                best.kind,
                HEADER_SUPPORT * 100.0
            ));
        } else {
            evidence.push(format!(
                "left alone: confidence {:.2} is below {THRESHOLD}",
                best.confidence
            ));
        }
    } else {
        // Name the runner-up when it was close, so a reviewer sees the alternative.
        if let Some(second) = all
            .iter()
            .filter(|c| c.kind != best.kind && c.confidence >= THRESHOLD)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        {
            evidence.push(format!(
                "also plausible: {} ({:.2})",
                second.kind, second.confidence
            ));
        }
    }
    ColumnFinding {
        column: column.into(),
        kind: classified.then_some(best.kind),
        confidence: (best.confidence * 1000.0).round() / 1000.0,
        evidence,
        rules: best.rules.clone(),
        sampled: n,
        free_text: false,
        spans: vec![],
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    kind: Kind,
    confidence: f64,
    ratio: f64,
    hint: Option<(String, String)>,
    rules: Vec<String>,
    checks: Vec<&'static str>,
}

impl Candidate {
    fn better_than(&self, other: &Candidate) -> bool {
        const EPS: f64 = 1e-9;
        if (self.confidence - other.confidence).abs() > EPS {
            return self.confidence > other.confidence;
        }
        // Equal confidence: a header hint wins, then the higher match ratio.
        match (self.hint.is_some(), other.hint.is_some()) {
            (true, false) => true,
            (false, true) => false,
            _ => self.ratio > other.ratio + EPS,
        }
    }
}

/// Detects every column of a data frame.
pub fn detect_frame(df: &DataFrame, rules: &RuleSet, sample_size: usize) -> Vec<ColumnFinding> {
    use rayon::prelude::*;
    let finder = spans::SpanFinder::new(rules);
    df.columns()
        .par_iter()
        .map(|c| {
            let name = c.name().as_str();
            if !is_scannable(c.dtype()) {
                return ColumnFinding {
                    column: name.into(),
                    kind: None,
                    confidence: 0.0,
                    evidence: vec![format!("left alone: {} values are not scanned", c.dtype())],
                    rules: vec![],
                    sampled: 0,
                    free_text: false,
                    spans: vec![],
                };
            }
            let rows = sample_rows(c, sample_size);
            let values: Vec<String> = rows.iter().map(|(_, v)| v.clone()).collect();
            let mut f = detect_column(name, &values, rules);
            if f.kind.is_none() && c.dtype().is_string() && spans::looks_like_prose(&values) {
                describe_free_text(&mut f, &rows, &finder, rules);
            }
            f
        })
        .collect()
}

/// Marks a prose column and records the spans found in its sample.
fn describe_free_text(
    f: &mut ColumnFinding,
    rows: &[(usize, String)],
    finder: &spans::SpanFinder,
    rules: &RuleSet,
) {
    f.free_text = true;
    let mut per_kind: std::collections::BTreeMap<Kind, usize> = Default::default();
    let mut with = 0;
    for (row, v) in rows {
        let found = finder.find(v, &rules.dicts);
        with += usize::from(!found.is_empty());
        for s in &found {
            *per_kind.entry(s.kind).or_default() += 1;
            if f.spans.len() < 200 {
                let (start, end) = spans::char_span(v, s);
                f.spans.push(spans::SpanReport {
                    row: *row,
                    start,
                    end,
                    kind: s.kind,
                });
            }
        }
    }
    let total: usize = per_kind.values().sum();
    f.evidence = vec![if total == 0 {
        format!(
            "free text: no personal data found in {} sampled values (spans are replaced if any appear)",
            rows.len()
        )
    } else {
        let kinds: Vec<String> = per_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        format!(
            "free text: {total} spans of personal data in {with} of {} sampled values ({}); each span is replaced",
            rows.len(),
            kinds.join(", ")
        )
    }];
}
