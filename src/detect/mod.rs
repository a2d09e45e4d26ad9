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

pub mod address;
mod context;
pub mod cues;
pub mod relations;
pub mod spans;
pub mod validators;
pub mod vote;

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
/// A name column the header names (`last_name`, `Nachname`) whose values the name dictionaries
/// know only in part (names of many countries): adopted when at least this share is in the
/// dictionary …
const NAME_DICT_SUPPORT: f64 = 0.1;
/// … and at least this share of the values are written like names (letters, capitalised).
const NAME_SHAPE_SHARE: f64 = 0.8;
/// A column whose values are at least this share of validated identifiers (of any kinds) is
/// personal even when no single kind wins.
const MIXED_SHARE: f64 = 0.5;
/// Without a header, bare numbers count for a checksum-only kind (a BSN, a Steuer-ID) when at
/// least this share of at least [`CHECKSUM_MIN_SAMPLE`] values pass the checksum, at this
/// confidence times the share.
const CHECKSUM_SHARE: f64 = 0.9;
const CHECKSUM_MIN_SAMPLE: usize = 20;
const CHECKSUM_CONFIDENCE: f64 = 0.8;
/// Fewer sampled values than this never make a mixed column.
const MIN_MIXED_SAMPLE: usize = 5;
/// Below the threshold, from this share of values of a strongly validated kind a column is
/// *uncertain*: its matching cells are replaced, never silently kept.
const UNCERTAIN_SHARE: f64 = 0.2;

/// Which cells of a classified column are replaced.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CellScope {
    /// Every non-empty cell (a value of the kind's shape that fails validation too).
    #[default]
    All,
    /// Uncertain column: only cells that match a rule of the kind (or of `also`).
    Matching,
    /// Mixed column: each cell by the kind it matches; other cells get a keyed surrogate of
    /// the same shape.
    Mixed,
}

impl CellScope {
    pub fn is_all(&self) -> bool {
        *self == CellScope::All
    }
}

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
    /// every one). Offsets count Unicode scalar values, end exclusive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<spans::SpanReport>,
    /// Which cells are replaced: all (default), only matching ones (uncertain) or each by its
    /// own kind (mixed).
    #[serde(default, skip_serializing_if = "CellScope::is_all")]
    pub cells: CellScope,
    /// Other strongly validated kinds found cell by cell; such cells get surrogates of their
    /// own kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Kind>,
}

impl ColumnFinding {
    /// A column left alone, with why.
    pub fn unclassified(column: &str, sampled: usize, evidence: Vec<String>) -> ColumnFinding {
        ColumnFinding {
            column: column.into(),
            kind: None,
            confidence: 0.0,
            evidence,
            rules: vec![],
            sampled,
            free_text: false,
            spans: vec![],
            cells: CellScope::All,
            also: vec![],
        }
    }
}

/// Starts compiling, on the thread pool, the patterns most runs need and that take longest to
/// compile (the address layouts, libphonenumber's metadata), while the caller loads its rules
/// and opens its inputs: a run on a small file otherwise spends most of its time waiting for
/// them, one core at a time. Only compiles what is compiled on first use anyway, so results
/// do not change; a run that never needs them has spent idle time of the pool.
pub fn warm_up() {
    rayon::spawn(address::warm_up);
    rayon::spawn(|| {
        crate::checks::phone::phone_valid("+44 20 7946 0958");
    });
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

    // Per kind: its header hint and the rules that may count.
    struct KindRules<'a> {
        kind: Kind,
        hint: Option<&'a crate::rules::Hint>,
        active: Vec<&'a crate::rules::Rule>,
        /// Header-led rules with a real checksum: without the header they count only when
        /// nearly every value passes (random digits pass a mod-11 check one time in ten).
        checksum_only: Vec<&'a crate::rules::Rule>,
    }
    let kinds: Vec<KindRules> = Kind::all()
        .filter_map(|kind| {
            let kind_rules: Vec<_> = rules.of_kind(kind).collect();
            if kind_rules.is_empty() {
                return None;
            }
            let hint = kind_rules.iter().find_map(|r| r.header_hint(&header));
            let (active, held_back): (Vec<_>, Vec<_>) = kind_rules
                .into_iter()
                .partition(|r| !r.def.header_required || hint.is_some());
            let checksum_only = held_back
                .into_iter()
                .filter(|r| r.def.validator.is_some_and(|v| v.is_checksum()))
                .collect();
            Some(KindRules {
                kind,
                hint,
                active,
                checksum_only,
            })
        })
        .collect();
    // One pass over the values: per kind, which rule each value matched first (rules are in
    // file order, most trusted first) and the confidence it brings; per value, whether it is a
    // strongly validated identifier of any kind.
    let mut hits: Vec<Vec<usize>> = kinds.iter().map(|k| vec![0; k.active.len()]).collect();
    let mut matched = vec![0usize; kinds.len()];
    let mut conf_sum = vec![0f64; kinds.len()];
    let mut checksum_matched = vec![0usize; kinds.len()];
    let mut strong_values = 0usize;
    for v in values {
        let mut strong = false;
        for (ki, kr) in kinds.iter().enumerate() {
            if let Some(ri) = kr.active.iter().position(|r| r.matches(v, &rules.dicts)) {
                hits[ki][ri] += 1;
                matched[ki] += 1;
                conf_sum[ki] += kr.active[ri].def.confidence;
                strong |= kr.kind.is_strongly_validated() && !kr.active[ri].def.header_required;
            } else if kr.checksum_only.iter().any(|r| r.matches(v, &rules.dicts)) {
                checksum_matched[ki] += 1;
            }
        }
        strong_values += usize::from(strong);
    }

    let mut name_shaped: Option<f64> = None;
    for (ki, kr) in kinds.iter().enumerate() {
        let kind = kr.kind;
        let hint = kr.hint;
        let active = &kr.active;
        let hits = &hits[ki];
        let ratio = if n == 0 {
            0.0
        } else {
            matched[ki] as f64 / n as f64
        };
        // Each matching value brings the confidence of the rule it matched, so a column of
        // valid numbers outweighs one of merely phone-shaped ones.
        let mut values_conf = if n == 0 { 0.0 } else { conf_sum[ki] / n as f64 };
        let checksum_share = if n == 0 {
            0.0
        } else {
            (matched[ki] + checksum_matched[ki]) as f64 / n as f64
        };
        let by_checksum = hint.is_none()
            && checksum_matched[ki] > 0
            && n >= CHECKSUM_MIN_SAMPLE
            && checksum_share >= CHECKSUM_SHARE;
        if by_checksum {
            values_conf = values_conf.max(CHECKSUM_CONFIDENCE * checksum_share);
        }
        let ratio = if by_checksum { checksum_share } else { ratio };
        let shaped = (hint.is_some()
            && kind.is_name()
            && (NAME_DICT_SUPPORT..HEADER_SUPPORT).contains(&ratio))
        .then(|| *name_shaped.get_or_insert_with(|| name_shaped_share(values)))
        .filter(|&share| share >= NAME_SHAPE_SHARE);
        let confidence = match hint {
            Some(_) if ratio >= HEADER_SUPPORT || shaped.is_some() => {
                1.0 - HEADER_SUPPORT * (1.0 - values_conf)
            }
            Some(_) => (0.2 + values_conf).min(THRESHOLD - 0.05),
            None => values_conf,
        };
        let mut matched_rules: Vec<String> = active
            .iter()
            .zip(hits)
            .filter(|(_, h)| **h > 0)
            .map(|(r, _)| r.def.id.clone())
            .collect();
        let mut validators: Vec<&'static str> = active
            .iter()
            .zip(hits)
            .filter(|(_, h)| **h > 0)
            .filter_map(|(r, _)| {
                r.def
                    .validator
                    .map(|v| v.as_str())
                    .or(r.def.dictionary.map(|d| d.as_str()))
            })
            .collect();
        if by_checksum {
            for r in &kr.checksum_only {
                matched_rules.push(r.def.id.clone());
                validators.extend(r.def.validator.map(|v| v.as_str()));
            }
        }
        let cand = Candidate {
            kind,
            confidence,
            ratio,
            hint: hint.map(|h| (h.text.clone(), h.lang.clone())),
            rules: matched_rules,
            checks: validators,
            shaped,
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
        return ColumnFinding::unclassified(column, n, evidence);
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
        if let Some(share) = best.shaped {
            evidence.push(format!(
                "{:.0}% are written like names (letters, capitalised): names of many countries, which the dictionaries know only in part",
                share * 100.0
            ));
        }
    }
    // Other strongly validated kinds found cell by cell: each such cell is replaced by a
    // surrogate of its own kind.
    let mut also: Vec<(Kind, usize)> = kinds
        .iter()
        .zip(&matched)
        .filter(|(kr, m)| **m > 0 && kr.kind != best.kind && kr.kind.is_strongly_validated())
        .map(|(kr, m)| (kr.kind, *m))
        .collect();
    also.sort_by_key(|(k, m)| (std::cmp::Reverse(*m), *k));
    let mut cells = CellScope::All;
    let mut kind = best.kind;
    let mut confidence = best.confidence;
    let strong_share = if n == 0 {
        0.0
    } else {
        strong_values as f64 / n as f64
    };
    let mut classified = best.confidence >= THRESHOLD;
    if !classified && n >= MIN_MIXED_SAMPLE && strong_share >= MIXED_SHARE {
        // No one kind wins, but most values are *some* validated identifier (national ids of
        // several countries, IPv4 beside IPv6 and URLs): personal, cell by cell.
        let mut shares: Vec<(Kind, usize)> = kinds
            .iter()
            .zip(&matched)
            .filter(|(kr, m)| **m > 0 && kr.kind.is_strongly_validated())
            .map(|(kr, m)| (kr.kind, *m))
            .collect();
        shares.sort_by_key(|(k, m)| (std::cmp::Reverse(*m), *k));
        kind = shares[0].0;
        also = shares[1..].to_vec();
        confidence = 0.5 + 0.45 * strong_share;
        cells = CellScope::Mixed;
        classified = true;
        let listed: Vec<String> = shares
            .iter()
            .take(6)
            .map(|(k, m)| format!("{k} {:.0}%", *m as f64 * 100.0 / n as f64))
            .collect();
        evidence.push(format!(
            "{:.0}% of {n} sampled values are validated identifiers of several kinds ({}); each cell is replaced by a surrogate of its own kind, other values by keyed look-alikes of the same shape",
            strong_share * 100.0,
            listed.join(", ")
        ));
    } else if !classified
        && best.kind.is_strongly_validated()
        && best.ratio >= UNCERTAIN_SHARE
        && n > 0
    {
        // Some evidence, not enough to adopt: never silently keep it.
        cells = CellScope::Matching;
        classified = true;
        evidence.push(format!(
            "uncertain: only {:.0}% of values are {} (adopted from {:.0}%); run replaces the matching cells and keeps the rest — confirm with `kind` or set `keep` in a policy",
            best.ratio * 100.0,
            best.kind,
            THRESHOLD * 100.0
        ));
    }
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
    } else if cells == CellScope::All {
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
        if !also.is_empty() {
            let listed: Vec<String> = also.iter().map(|(k, m)| format!("{k} {m}")).collect();
            evidence.push(format!(
                "some values are other identifiers ({}): each is replaced by a surrogate of its own kind",
                listed.join(", ")
            ));
        }
    }
    ColumnFinding {
        column: column.into(),
        kind: classified.then_some(kind),
        confidence: (confidence * 1000.0).round() / 1000.0,
        evidence,
        rules: best.rules.clone(),
        sampled: n,
        free_text: false,
        spans: vec![],
        cells: if classified { cells } else { CellScope::All },
        also: if classified {
            also.into_iter().map(|(k, _)| k).collect()
        } else {
            vec![]
        },
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
    /// The share of name-shaped values, when that is what adopted a name column the
    /// dictionaries know only in part.
    shaped: Option<f64>,
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
    detect_frame_scanned(df, rules, sample_size).0
}

/// [`detect_frame`], with the span finder's scans of the sampled prose texts, which a caller
/// about to scan the same texts with a finder of the same rules may take instead.
pub fn detect_frame_scanned(
    df: &DataFrame,
    rules: &RuleSet,
    sample_size: usize,
) -> (Vec<ColumnFinding>, SampleScans) {
    let (mut findings, scans) = detect_columns(df, rules, sample_size);
    context::apply(df, rules, sample_size, &mut findings);
    (findings, scans)
}

/// The span finder's scans ([`spans::SpanFinder::scan`]) of the sampled texts of the prose
/// columns, by column and text. They hold personal data: `Debug` shows counts only.
#[derive(Default)]
pub struct SampleScans {
    /// By text with a fast hasher: pass 1 looks up every distinct text of its batches.
    by_column: std::collections::HashMap<String, foldhash::HashMap<String, spans::Found>>,
}

impl std::fmt::Debug for SampleScans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = self.by_column.iter().map(|(c, texts)| (c, texts.len()));
        crate::sensitive::debug_counts(f, "texts", counts)
    }
}

impl SampleScans {
    /// The scans of one column's sampled texts, by text.
    pub fn column(&self, name: &str) -> Option<&foldhash::HashMap<String, spans::Found>> {
        self.by_column.get(name)
    }

    /// The same texts, each with a scan that found nothing (to tell a caller that took these
    /// scans from one that scanned again).
    #[cfg(test)]
    pub(crate) fn found_nothing(&self) -> SampleScans {
        let by_column = self
            .by_column
            .iter()
            .map(|(c, texts)| {
                let texts = texts.keys().map(|t| (t.clone(), Default::default()));
                (c.clone(), texts.collect())
            })
            .collect();
        SampleScans { by_column }
    }
}

/// Each column on its own.
fn detect_columns(
    df: &DataFrame,
    rules: &RuleSet,
    sample_size: usize,
) -> (Vec<ColumnFinding>, SampleScans) {
    use rayon::prelude::*;
    let finder = spans::SpanFinder::new(rules);
    let (findings, scans): (Vec<ColumnFinding>, Vec<_>) = df
        .columns()
        .par_iter()
        .map(|c| {
            let name = c.name().as_str();
            if !is_scannable(c.dtype()) {
                let f = ColumnFinding::unclassified(
                    name,
                    0,
                    vec![format!("left alone: {} values are not scanned", c.dtype())],
                );
                return (f, None);
            }
            let rows = sample_rows(c, sample_size);
            let values: Vec<String> = rows.iter().map(|(_, v)| v.clone()).collect();
            let mut f = detect_column(name, &values, rules);
            let mut scans = None;
            if f.kind.is_none() && c.dtype().is_string() && spans::looks_like_prose(&values) {
                let texts = describe_free_text(&mut f, &rows, &finder, rules);
                scans = Some((name.to_string(), texts));
            }
            (f, scans)
        })
        .unzip();
    let by_column = scans.into_iter().flatten().collect();
    (findings, SampleScans { by_column })
}

/// Marks a prose column and records the spans found in its sample; returns the finder's scan
/// of each distinct sampled text.
fn describe_free_text(
    f: &mut ColumnFinding,
    rows: &[(usize, String)],
    finder: &spans::SpanFinder,
    rules: &RuleSet,
) -> foldhash::HashMap<String, spans::Found> {
    f.free_text = true;
    let mut per_kind: std::collections::BTreeMap<Kind, usize> = Default::default();
    let mut with = 0;
    // Each distinct text once, on all cores (a prose column is often the only slow column).
    let mut seen = foldhash::HashSet::default();
    let distinct: Vec<&str> = rows
        .iter()
        .map(|(_, v)| v.as_str())
        .filter(|v| seen.insert(*v))
        .collect();
    let scans: foldhash::HashMap<String, spans::Found> = distinct
        .iter()
        .map(|v| v.to_string())
        .zip(finder.scan_all(&distinct, &rules.dicts))
        .collect();
    for (row, v) in rows {
        // What `SpanFinder::find` gives: the scan, finished with no spans of the caller's.
        let found = scans[v].finish(v, Vec::new());
        with += usize::from(!found.is_empty());
        for s in &found {
            *per_kind.entry(s.kind).or_default() += 1;
            let (start, end) = spans::char_span(v, s);
            f.spans.push(spans::SpanReport {
                row: *row,
                start,
                end,
                kind: s.kind,
            });
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
    scans
}

/// The share of `values` written like a name: one to four words of letters (joined by spaces,
/// hyphens or apostrophes), the first capitalised, no digits, at most 40 characters
/// (`Gumprich`, `de la Cruz`, `O'Brien`, `Müller-Lüdenscheidt`).
fn name_shaped_share(values: &[String]) -> f64 {
    fn shaped(v: &str) -> bool {
        let v = v.trim();
        if v.is_empty()
            || v.chars().count() > 40
            || !v.chars().next().is_some_and(char::is_uppercase)
        {
            return false;
        }
        let words: Vec<&str> = v.split([' ', '-', '\'', '’']).collect();
        words.len() <= 4
            && words
                .iter()
                .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
            && words
                .iter()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    }
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| shaped(v)).count() as f64 / values.len() as f64
}
