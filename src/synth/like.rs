//! `masq synth --like data.csv`: rows that follow a real table's patterns without copying it.
//!
//! Marginals are fitted per column — empirical quantiles for numbers and dates, frequencies for
//! categories, the share of nulls — and the dependencies between them by a Gaussian copula
//! (normal scores of the ranks, their correlation matrix, a Cholesky factor). Columns that
//! detection finds personal get masq's keyed fakes in the layout of real values, never a real
//! value; categories rarer than `k` rows are not reproduced; high-cardinality text becomes
//! shape-preserving random text. A synthetic row that equals a real row is drawn again
//! (counted). Then the output is measured against the reference: the existing fidelity metrics
//! (KS/TV/correlation/contingency), exact copies, and Gower distance to the closest real record
//! against the real rows' own nearest-neighbour distances.
//!
//! Like the rest of `synth`, nothing here puts a cell value into an error or the report.

use crate::dates::{DateFormat, format_date, parse_date};
use crate::error::{Error, Result};
use crate::keys::Key;
use crate::kind::Kind;
use crate::timing::Stopwatch;
use crate::verify::fidelity::{self, Fidelity};
use polars::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Distances to the closest record are exact, every pair, up to this many rows on each side
/// (`--dcr-rows`); beyond, [`DCR_SAMPLE_ROWS`] evenly spaced rows a side are measured and the
/// report gives the sizes (SDMetrics subsamples too).
pub const DCR_EXACT_ROWS: usize = 50_000;

/// Rows a side measured when a side has more than the exact limit: the search costs the
/// square of it (10,000² pairs take about a second on 2 cores; 50,000², 34 s).
pub const DCR_SAMPLE_ROWS: usize = 10_000;

/// Rows a side fidelity is measured on, evenly spaced, as `run` measures it.
const FIDELITY_ROWS: usize = crate::verify::stream::FIDELITY_ROWS;

/// Real rows whose distance to their closest other real row gives the real 5th percentile
/// (masq's own measure, not SDMetrics'): a sample is plenty for a percentile.
const REAL_PROBES: usize = 5_000;

/// How each column was modelled and how close the output came to the reference.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LikeReport {
    pub reference: String,
    pub reference_rows: usize,
    /// Rows held out of fitting (`--holdout`), for DCROverfittingProtection.
    pub holdout_rows: usize,
    /// Categories with fewer rows than this were not reproduced.
    pub min_category: usize,
    pub columns: Vec<LikeColumn>,
    /// Columns in the Gaussian copula (numbers, dates, categories).
    pub copula_columns: Vec<String>,
    /// Synthetic rows that were equal to a real row and drawn again.
    pub copies_redrawn: usize,
    /// Synthetic rows equal to a real row in the output (all columns).
    pub exact_copies: usize,
    pub distance: DistanceToClosest,
    pub fidelity: Fidelity,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LikeColumn {
    pub column: String,
    /// `numeric`, `date`, `categorical`, `text`, or the masq kind faked.
    pub model: String,
    pub null_share: f64,
    /// Categorical: categories reproduced, and categories left out for being rarer than k.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories_kept: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories_dropped: Option<usize>,
}

/// Gower distance (mixed types, 0..1) of synthetic rows to their closest real row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct DistanceToClosest {
    /// Synthetic rows measured: all of them, exactly against every real row, up to 50,000 on
    /// each side; beyond, an evenly spaced sample of that size.
    pub synthetic_rows: usize,
    /// Real rows they were compared with.
    pub real_rows: usize,
    /// A side had more rows than measured (more than `--dcr-rows`, 50,000 by default), so
    /// these figures come from evenly spaced samples of the sizes above.
    pub sampled: bool,
    /// Real rows whose own nearest-neighbour distance (to every other measured real row) gives
    /// `real_p05`.
    #[serde(default)]
    pub real_probe_rows: usize,
    /// Median distance of a synthetic row to its closest real row.
    pub median: f64,
    /// 5th percentile of the real rows' distances to their closest other real row.
    pub real_p05: f64,
    /// Share of synthetic rows closer to a real row than `real_p05`.
    pub close_share: f64,
    /// Median distance of as many random rows (uniform over each real column's range or
    /// values, null as often as the real column) to their closest real row.
    pub random_median: f64,
    /// SDMetrics' DCRBaselineProtection: min(1, median / random_median); absent when random
    /// rows land on real ones (random_median 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_protection: Option<f64>,
    /// SDMetrics' DCROverfittingProtection, with `--holdout` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overfitting: Option<OverfittingProtection>,
}

/// Synthetic rows closer to the rows the model was fitted on than to held-out real rows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct OverfittingProtection {
    pub holdout_rows: usize,
    /// Share of synthetic rows strictly closer to a training row than to any holdout row
    /// (distances to each table scaled by that table's ranges, as SDMetrics does).
    pub closer_to_training: f64,
    /// min(1, 2 × (1 − closer_to_training)): 1 when synthetic rows are no closer to the
    /// training rows than to unseen ones.
    pub score: f64,
}

enum Model {
    Numeric {
        sorted: Vec<f64>,
        integer: bool,
        decimals: usize,
    },
    Date {
        sorted: Vec<f64>,
        format: When,
    },
    Categorical {
        cats: Vec<String>,
        cum: Vec<f64>,
    },
    Fake {
        kind: Kind,
        templates: Vec<String>,
    },
    Text {
        templates: Vec<String>,
    },
}

struct Fitted {
    name: String,
    model: Model,
    null_share: f64,
    /// Reference normal scores (copula columns only).
    z: Option<Vec<f64>>,
    dropped: usize,
}

/// Fits `reference` and draws `rows` rows seeded by `key` (or has `llm` write them); returns
/// the frame, the report, stage timings and the LLM's report. Distances to the closest record
/// are exact up to `dcr_rows` rows on each side.
#[allow(clippy::too_many_arguments)]
pub fn synthesize_like(
    reference: &DataFrame,
    reference_name: &str,
    rows: usize,
    min_category: usize,
    holdout: f64,
    key: &Key,
    llm: Option<&dyn crate::llm::Llm>,
    dcr_rows: usize,
) -> Result<(
    DataFrame,
    LikeReport,
    Stopwatch,
    Option<super::llm_gen::LlmGenReport>,
)> {
    let mut laps = Stopwatch::default();
    let full = reference;
    // With a holdout, the model is fitted on the other rows only (for DCROverfittingProtection).
    let (train, hold) = if holdout > 0.0 {
        let mut rng = rng_for(key, "\u{0}holdout", 0);
        let pick: Vec<bool> = (0..full.height())
            .map(|_| rng.random_bool(holdout.min(0.9)))
            .collect();
        let mask = BooleanChunked::from_slice("holdout".into(), &pick);
        let hold = full.filter(&mask)?;
        let train = full.filter(&!&mask)?;
        (train, Some(hold))
    } else {
        (full.clone(), None)
    };
    let reference = &train;
    let n = reference.height();
    if n < 2 {
        return Err(Error::input(format!(
            "{reference_name}: --like needs at least 2 rows to learn from"
        )));
    }
    let rules = crate::rules::RuleSet::builtin()?;
    let findings = crate::detect::detect_frame(reference, &rules, crate::detect::DEFAULT_SAMPLE);
    let kinds: HashMap<&str, Kind> = findings
        .iter()
        .filter_map(|f| Some((f.column.as_str(), f.kind?)))
        .collect();
    let mut fitted = Vec::new();
    for c in reference.columns() {
        let name = c.name().to_string();
        let texts = super::generate::text_of(reference, &name)?;
        fitted.push(fit(
            &name,
            &texts,
            kinds.get(name.as_str()).copied(),
            min_category,
        ));
    }
    // The copula: correlation of the normal scores, and its Cholesky factor.
    let cop: Vec<usize> = (0..fitted.len())
        .filter(|i| fitted[*i].z.is_some())
        .collect();
    let d = cop.len();
    let mut corr = vec![0.0; d * d];
    for a in 0..d {
        for b in 0..d {
            corr[a * d + b] = if a == b {
                1.0
            } else {
                pearson(
                    fitted[cop[a]].z.as_ref().expect("copula"),
                    fitted[cop[b]].z.as_ref().expect("copula"),
                )
            };
        }
    }
    let chol = cholesky_shrunk(&corr, d);
    laps.lap("fit");

    let real_set: foldhash::HashSet<u128> =
        super::check::row_hashes(full, true)?.into_iter().collect();
    let mut out: Option<DataFrame> = None;
    let mut redrawn = 0usize;
    let mut llm_report = None;
    // Rows equal to a real row are dropped (and counted).
    let without_copies = |batch: DataFrame, redrawn: &mut usize| -> Result<DataFrame> {
        let keep: Vec<bool> = super::check::row_hashes(&batch, true)?
            .iter()
            .map(|h| !real_set.contains(h))
            .collect();
        *redrawn += keep.iter().filter(|k| !**k).count();
        Ok(batch.filter(&BooleanChunked::from_slice("keep".into(), &keep))?)
    };
    if let Some(llm) = llm {
        // The model writes the rows from the table's shape and statistics (never its rows);
        // personal columns then get the keyed fakes the copula would give them.
        let schema = schema_for_llm(&fitted, &cop, &corr, reference_name, rows, min_category);
        let (g, r) = super::llm_gen::generate_llm(&schema, rows, llm, key)?;
        llm_report = Some(r);
        let drawn = draw_like(&fitted, &cop, &chol, g.frame.height(), 0, key)?;
        let batch = from_llm(&fitted, &g.frame, &drawn)?;
        out = Some(without_copies(batch, &mut redrawn)?);
    }
    for round in 0..16u32 {
        if llm.is_some() {
            break;
        }
        let have = out.as_ref().map_or(0, DataFrame::height);
        if have >= rows {
            break;
        }
        let want = rows - have;
        let draw = if round == 0 { want } else { want + 8 };
        let batch = draw_like(&fitted, &cop, &chol, draw, round, key)?;
        let mut good = without_copies(batch, &mut redrawn)?;
        if good.height() > want {
            good = good.slice(0, want);
        }
        out = Some(match out {
            None => good,
            Some(mut o) => {
                o.vstack_mut(&good)?;
                o
            }
        });
    }
    let mut frame = out.expect("one round runs");
    frame.rechunk_mut();
    laps.lap("generate");

    // Measures against the reference.
    let exact_copies = super::check::row_hashes(&frame, true)?
        .iter()
        .filter(|h| real_set.contains(h))
        .count();
    // Fidelity on evenly spaced samples of at most FIDELITY_ROWS rows a side, as `run`
    // measures it.
    let synth_text = text_frame(&spread_rows(&frame, FIDELITY_ROWS)?)?;
    let ref_text = text_frame(&spread_rows(reference, FIDELITY_ROWS)?)?;
    let specs: Vec<fidelity::ColumnSpec> = fitted
        .iter()
        .map(|f| fidelity::ColumnSpec {
            name: f.name.clone(),
            role: match &f.model {
                Model::Fake { kind, .. } => fidelity::Role::Identifier {
                    kind: Some(*kind),
                    strategy: "fake".into(),
                    aims_valid: true,
                },
                Model::Text { .. } => fidelity::Role::Skip("free text (shape-preserving)".into()),
                _ => fidelity::Role::Compare,
            },
        })
        .collect();
    let fid = fidelity::compute(&ref_text, &synth_text, &specs, &|k, v| rules.validity(k, v))?;
    laps.lap("fidelity");
    let distance = distances(&fitted, reference, &frame, hold.as_ref(), key, dcr_rows)?;
    laps.lap("distances");
    let report = LikeReport {
        reference: reference_name.to_string(),
        reference_rows: full.height(),
        holdout_rows: hold.as_ref().map_or(0, DataFrame::height),
        min_category,
        columns: fitted
            .iter()
            .map(|f| LikeColumn {
                column: f.name.clone(),
                model: match &f.model {
                    Model::Numeric { .. } => "numeric".into(),
                    Model::Date {
                        format: When::Date(_),
                        ..
                    } => "date".into(),
                    Model::Date { .. } => "datetime".into(),
                    Model::Categorical { .. } => "categorical".into(),
                    Model::Text { .. } => "text".into(),
                    Model::Fake { kind, .. } => kind.as_str().into(),
                },
                null_share: f.null_share,
                categories_kept: match &f.model {
                    Model::Categorical { cats, .. } => Some(cats.len()),
                    _ => None,
                },
                categories_dropped: matches!(f.model, Model::Categorical { .. })
                    .then_some(f.dropped),
            })
            .collect(),
        copula_columns: cop.iter().map(|i| fitted[*i].name.clone()).collect(),
        copies_redrawn: redrawn,
        exact_copies,
        distance,
        fidelity: fid,
    };
    Ok((frame, report, laps, llm_report))
}

/// The table as a schema for an LLM generator: each column's type, its 1st-99th percentile
/// range (not its extremes), the categories of at least `k` rows with their shares, null
/// shares, and in the instructions the means, spreads and the strongest correlations. No row
/// and no rare value is in it.
fn schema_for_llm(
    fitted: &[Fitted],
    cop: &[usize],
    corr: &[f64],
    name: &str,
    rows: usize,
    k: usize,
) -> super::SynthSchema {
    use super::schema::{ColumnSpec, ColumnType, Distribution, PlainType, Table, Value};
    let mut notes: Vec<String> = Vec::new();
    let columns = fitted
        .iter()
        .map(|f| {
            let mut c = ColumnSpec {
                name: f.name.clone(),
                ty: ColumnType::Plain(PlainType::String),
                description: String::new(),
                min: None,
                max: None,
                scale: None,
                distribution: Distribution::Uniform,
                mean: None,
                std: None,
                values: vec![],
                weights: vec![],
                pattern: None,
                min_length: None,
                max_length: None,
                null_share: f.null_share,
                unique: false,
                like: None,
                expr: None,
                hidden: false,
                references: None,
            };
            let spread = |sorted: &[f64]| {
                let n = sorted.len().max(1) as f64;
                let mean = sorted.iter().sum::<f64>() / n;
                let sd = (sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
                (mean, sd)
            };
            match &f.model {
                Model::Numeric {
                    sorted,
                    integer,
                    decimals,
                } => {
                    let (lo, hi) = (quantile(sorted, 0.01), quantile(sorted, 0.99));
                    let (mean, sd) = spread(sorted);
                    if *integer {
                        c.ty = ColumnType::Plain(PlainType::Int);
                        c.min = Some(Value::Int(lo.floor() as i64));
                        c.max = Some(Value::Int(hi.ceil() as i64));
                    } else {
                        c.ty = ColumnType::Plain(PlainType::Float);
                        c.scale = Some(*decimals as u32);
                        c.min = Some(Value::Float(lo));
                        c.max = Some(Value::Float(hi));
                    }
                    c.description = format!(
                        "mean about {mean:.prec$}, standard deviation about {sd:.prec$}, median about {:.prec$}",
                        quantile(sorted, 0.5),
                        prec = (*decimals).min(4)
                    );
                }
                Model::Date { sorted, format } => {
                    let iso = |d: f64| match format {
                        When::Date(_) => When::Date(crate::dates::DateFormat::YmdDash).format(d),
                        When::DateTime(_) => When::DateTime("%Y-%m-%dT%H:%M:%S").format(d),
                    };
                    c.ty = ColumnType::Plain(match format {
                        When::Date(_) => PlainType::Date,
                        When::DateTime(_) => PlainType::Datetime,
                    });
                    c.min = Some(Value::Text(iso(quantile(sorted, 0.01))));
                    c.max = Some(Value::Text(iso(quantile(sorted, 0.99))));
                    c.description = format!("median about {}", iso(quantile(sorted, 0.5)));
                }
                Model::Categorical { cats, cum } => {
                    c.ty = ColumnType::Plain(PlainType::Enum);
                    c.values = cats.iter().map(|v| Value::Text(v.clone())).collect();
                    let mut last = 0.0;
                    c.weights = cum
                        .iter()
                        .map(|x| {
                            let w = x - last;
                            last = *x;
                            w
                        })
                        .collect();
                    c.description = format!(
                        "shares: {}",
                        cats.iter()
                            .zip(&c.weights)
                            .take(12)
                            .map(|(v, w)| format!("{v} {:.0}%", w * 100.0))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                Model::Fake { kind, .. } => {
                    c.ty = ColumnType::Kind(*kind);
                }
                Model::Text { templates } => {
                    c.min_length = templates.iter().map(|t| t.chars().count()).min();
                    c.max_length = templates.iter().map(|t| t.chars().count()).max();
                    c.description = "free text".into();
                }
            }
            c
        })
        .collect();
    let d = cop.len();
    let mut pairs: Vec<(f64, usize, usize)> = (0..d)
        .flat_map(|a| (a + 1..d).map(move |b| (a, b)))
        .map(|(a, b)| (corr[a * d + b], a, b))
        .filter(|(r, _, _)| r.abs() >= 0.3)
        .collect();
    pairs.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
    for (r, a, b) in pairs.into_iter().take(10) {
        notes.push(format!(
            "{} and {} move {} (rank correlation about {r:.2})",
            fitted[cop[a]].name,
            fitted[cop[b]].name,
            if r > 0.0 {
                "together"
            } else {
                "in opposite directions"
            }
        ));
    }
    let mut instructions = format!(
        "Rows that look like a real table's, from its statistics only. Keep each column's shares and spreads as described; categories not listed (fewer than {k} rows) must not appear."
    );
    if !notes.is_empty() {
        instructions.push_str(" Dependencies: ");
        instructions.push_str(&notes.join("; "));
        instructions.push('.');
    }
    super::SynthSchema {
        version: 1,
        table: Table {
            name: std::path::Path::new(name)
                .file_stem()
                .map_or_else(|| "table".to_string(), |s| s.to_string_lossy().into_owned()),
            description: "A row of a table, described by its statistics.".into(),
            instructions: Some(instructions),
            rows: Some(rows),
        },
        columns,
        constraints: vec![],
        gate: Default::default(),
    }
}

/// The model's rows in the reference's layout: dates and timestamps written as the reference
/// writes them, numbers and categories as the copula would type them, and the personal
/// columns taken from `drawn` (keyed fakes), never from the model.
fn from_llm(fitted: &[Fitted], rows: &DataFrame, drawn: &DataFrame) -> Result<DataFrame> {
    let mut cols = Vec::with_capacity(fitted.len());
    for f in fitted {
        let want = drawn.column(&f.name)?;
        let col = match &f.model {
            Model::Fake { .. } => want.clone(),
            Model::Date { format, .. } => {
                let texts = super::generate::text_of(rows, &f.name)?;
                let v: Vec<Option<String>> = texts
                    .iter()
                    .map(|t| {
                        t.as_deref()
                            .and_then(parse_when)
                            .map(|(d, _)| format.format(d))
                    })
                    .collect();
                Column::new(f.name.as_str().into(), v)
            }
            _ => {
                let got = rows.column(&f.name)?;
                got.cast(want.dtype())?
            }
        };
        cols.push(col);
    }
    Ok(DataFrame::new(rows.height(), cols)?)
}

/// Every column as text (dates and numbers as written), for comparisons with the reference.
fn text_frame(df: &DataFrame) -> Result<DataFrame> {
    Ok(DataFrame::new(
        df.height(),
        super::check::text_columns(df)?,
    )?)
}

fn decimals(t: &str) -> usize {
    t.trim().split_once('.').map_or(0, |(_, f)| {
        f.trim_end_matches(|c: char| !c.is_ascii_digit()).len()
    })
}

/// Chooses a column's model from its cells.
fn fit(name: &str, texts: &[Option<String>], kind: Option<Kind>, k: usize) -> Fitted {
    let n = texts.len();
    let present: Vec<&str> = texts.iter().flatten().map(|s| s.as_str()).collect();
    let null_share = 1.0 - present.len() as f64 / n as f64;
    let templates = || -> Vec<String> {
        let step = (present.len() / 64).max(1);
        present
            .iter()
            .step_by(step)
            .take(64)
            .map(|s| s.to_string())
            .collect()
    };
    let fitted = |model, z, dropped| Fitted {
        name: name.to_string(),
        model,
        null_share,
        z,
        dropped,
    };
    if let Some(kind) = kind.filter(|_| !present.is_empty()) {
        return fitted(
            Model::Fake {
                kind,
                templates: templates(),
            },
            None,
            0,
        );
    }
    if present.is_empty() {
        return fitted(Model::Text { templates: vec![] }, None, 0);
    }
    let nums: Option<Vec<f64>> = present
        .iter()
        .map(|s| s.trim().parse::<f64>().ok())
        .collect();
    if let Some(v) = nums.filter(|v| v.iter().all(|x| x.is_finite())) {
        let integer = present.iter().all(|s| !s.contains(['.', 'e', 'E']));
        let dec = present
            .iter()
            .map(|s| decimals(s))
            .max()
            .unwrap_or(0)
            .min(6);
        let z = scores_numeric(texts, |s| s.trim().parse().ok());
        let mut sorted = v;
        sorted.sort_by(f64::total_cmp);
        return fitted(
            Model::Numeric {
                sorted,
                integer,
                decimals: dec,
            },
            Some(z),
            0,
        );
    }
    let dates: Option<Vec<(f64, When)>> = present.iter().map(|s| parse_when(s)).collect();
    if let Some(ds) = dates
        && ds.iter().all(|d| d.1.same_kind(&ds[0].1))
    {
        let format = ds[0].1;
        let mut sorted: Vec<f64> = ds.iter().map(|d| d.0).collect();
        sorted.sort_by(f64::total_cmp);
        let z = scores_numeric(texts, |s| parse_when(s).map(|d| d.0));
        return fitted(Model::Date { sorted, format }, Some(z), 0);
    }
    // Categories: frequent ones kept (most frequent first), rare ones never reproduced.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &present {
        *counts.entry(s).or_default() += 1;
    }
    let mut cats: Vec<(&str, usize)> = counts.into_iter().collect();
    cats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total = cats.len();
    cats.retain(|c| c.1 >= k.max(1));
    let kept: usize = cats.iter().map(|c| c.1).sum();
    if cats.is_empty() || (total > 50 && kept * 2 < present.len()) {
        return fitted(
            Model::Text {
                templates: templates(),
            },
            None,
            0,
        );
    }
    let mut cum = Vec::with_capacity(cats.len());
    let mut acc = 0.0;
    let mut mid: HashMap<&str, f64> = HashMap::new();
    for (c, m) in &cats {
        let lo = acc;
        acc += *m as f64 / kept as f64;
        cum.push(acc);
        mid.insert(c, (lo + acc) / 2.0);
    }
    let z: Vec<f64> = texts
        .iter()
        .map(|t| {
            t.as_deref()
                .and_then(|t| mid.get(t))
                .map_or(0.0, |u| inv_phi(*u))
        })
        .collect();
    fitted(
        Model::Categorical {
            cats: cats.iter().map(|c| c.0.to_string()).collect(),
            cum,
        },
        Some(z),
        total - cats.len(),
    )
}

/// How a date column is written: a date layout, or a date and time in a chrono layout.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Date(DateFormat),
    DateTime(&'static str),
}

/// Timestamps `--like` reads and writes back in their own layout.
const DATETIME_LAYOUTS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.fZ",
];

impl When {
    /// Both dates, or both timestamps of one layout.
    fn same_kind(&self, other: &When) -> bool {
        match (self, other) {
            (When::Date(_), When::Date(_)) => true,
            (When::DateTime(a), When::DateTime(b)) => a == b,
            _ => false,
        }
    }

    /// Days since 1970-01-01 (with a fraction for timestamps) written in this layout.
    fn format(&self, days: f64) -> String {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
        match self {
            When::Date(f) => format_date(epoch + chrono::Duration::days(days.round() as i64), *f),
            When::DateTime(layout) => {
                let secs = (days * 86_400.0).round() as i64;
                (epoch.and_hms_opt(0, 0, 0).expect("midnight") + chrono::Duration::seconds(secs))
                    .format(layout)
                    .to_string()
            }
        }
    }
}

/// A date or timestamp as days since 1970-01-01, and its layout.
fn parse_when(s: &str) -> Option<(f64, When)> {
    if let Some((d, f)) = parse_date(s) {
        return Some((days(d), When::Date(f)));
    }
    let t = s.trim();
    DATETIME_LAYOUTS.iter().find_map(|layout| {
        let dt = chrono::NaiveDateTime::parse_from_str(t, layout).ok()?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?.and_hms_opt(0, 0, 0)?;
        Some((
            (dt - epoch).num_seconds() as f64 / 86_400.0,
            When::DateTime(layout),
        ))
    })
}

fn days(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    (d - epoch).num_days() as f64
}

/// Normal scores of ranks (ties share their mean rank); nulls score 0.
fn scores_numeric(texts: &[Option<String>], parse: impl Fn(&str) -> Option<f64>) -> Vec<f64> {
    let vals: Vec<Option<f64>> = texts
        .iter()
        .map(|t| t.as_deref().and_then(&parse))
        .collect();
    let mut idx: Vec<usize> = (0..vals.len()).filter(|i| vals[*i].is_some()).collect();
    idx.sort_by(|a, b| vals[*a].unwrap().total_cmp(&vals[*b].unwrap()));
    let m = idx.len() as f64;
    let mut z = vec![0.0; vals.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && vals[idx[j + 1]] == vals[idx[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for r in &idx[i..=j] {
            z[*r] = inv_phi(rank / (m + 1.0));
        }
        i = j + 1;
    }
    z
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    if saa > 0.0 && sbb > 0.0 {
        sab / (saa * sbb).sqrt()
    } else {
        0.0
    }
}

/// Lower Cholesky factor of `m` (d×d), shrunk toward the identity until it is positive definite.
fn cholesky_shrunk(m: &[f64], d: usize) -> Vec<f64> {
    for step in 0..=10 {
        let lambda = step as f64 * 0.05;
        let shrunk: Vec<f64> = (0..d * d)
            .map(|i| {
                let id = if i / d == i % d { 1.0 } else { 0.0 };
                (1.0 - lambda) * m[i] + lambda * id
            })
            .collect();
        if let Some(l) = cholesky(&shrunk, d) {
            return l;
        }
    }
    (0..d * d)
        .map(|i| if i / d == i % d { 1.0 } else { 0.0 })
        .collect()
}

fn cholesky(m: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum();
            if i == j {
                let v = m[i * d + i] - s;
                if v <= 1e-10 {
                    return None;
                }
                l[i * d + j] = v.sqrt();
            } else {
                l[i * d + j] = (m[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    Some(l)
}

/// The standard normal CDF.
fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The standard normal quantile (Acklam's rational approximation, refined by one Halley step).
fn inv_phi(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let pl = 0.02425;
    let x = if p < pl {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - pl {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let e = phi(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

fn quantile(sorted: &[f64], u: f64) -> f64 {
    let pos = u.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn rng_for(key: &Key, what: &str, round: u32) -> ChaCha8Rng {
    let h = key.hash_value("synth-like", &format!("{what}\u{0}{round}"));
    ChaCha8Rng::seed_from_u64(u64::from_str_radix(&h, 16).expect("16 hex digits"))
}

/// Draws `n` rows from the fitted models and the copula.
fn draw_like(
    fitted: &[Fitted],
    cop: &[usize],
    chol: &[f64],
    n: usize,
    round: u32,
    key: &Key,
) -> Result<DataFrame> {
    let d = cop.len();
    // Uniforms of the copula columns, row by row.
    // Row-major: row r's uniforms are u[r * d .. (r + 1) * d].
    let mut u = vec![0.0f64; n * d];
    let mut rng = rng_for(key, "\u{0}copula", round);
    let normal = rand_distr::StandardNormal;
    let mut eps = vec![0.0; d];
    for row in u.chunks_mut(d.max(1)) {
        for e in eps.iter_mut() {
            *e = rand_distr::Distribution::<f64>::sample(&normal, &mut rng);
        }
        for (a, cell) in row.iter_mut().enumerate() {
            let z: f64 = (0..=a).map(|b| chol[a * d + b] * eps[b]).sum();
            *cell = phi(z);
        }
    }
    // Columns on all cores: each has its own generator, so the output does not depend on
    // the order they are drawn in.
    let draw_column = |(i, f): (usize, &Fitted)| -> Column {
        let mut rng = rng_for(key, &f.name, round);
        let us: Option<Vec<f64>> = cop
            .iter()
            .position(|c| *c == i)
            .map(|p| (0..n).map(|r| u[r * d + p]).collect());
        let us = us.as_ref();
        let null: Vec<bool> = (0..n)
            .map(|_| f.null_share > 0.0 && rng.random_bool(f.null_share.min(1.0)))
            .collect();
        let name: PlSmallStr = f.name.as_str().into();
        let s = match &f.model {
            Model::Numeric {
                sorted,
                integer,
                decimals,
            } => {
                let us = us.expect("numeric columns are in the copula");
                if *integer {
                    let v: Vec<Option<i64>> = (0..n)
                        .map(|r| (!null[r]).then(|| quantile(sorted, us[r]).round() as i64))
                        .collect();
                    Series::new(name, v)
                } else {
                    let v: Vec<Option<f64>> = (0..n)
                        .map(|r| {
                            (!null[r]).then(|| {
                                super::generate::round_to(
                                    quantile(sorted, us[r]),
                                    Some(*decimals as u32),
                                )
                            })
                        })
                        .collect();
                    Series::new(name, v)
                }
            }
            Model::Date { sorted, format } => {
                let us = us.expect("date columns are in the copula");
                let v: Vec<Option<String>> = (0..n)
                    .map(|r| (!null[r]).then(|| format.format(quantile(sorted, us[r]))))
                    .collect();
                Series::new(name, v)
            }
            Model::Categorical { cats, cum } => {
                let us = us.expect("categorical columns are in the copula");
                let v: Vec<Option<&str>> = (0..n)
                    .map(|r| {
                        (!null[r]).then(|| {
                            let i = cum.partition_point(|c| *c < us[r]).min(cats.len() - 1);
                            cats[i].as_str()
                        })
                    })
                    .collect();
                Series::new(name, v)
            }
            Model::Fake { kind, templates } => {
                let v: Vec<Option<String>> = (0..n)
                    .map(|r| {
                        let t = &templates[rng.random_range(0..templates.len())];
                        let v = crate::transform::fakers::fake(*kind, t, &mut rng);
                        (!null[r]).then_some(v)
                    })
                    .collect();
                Series::new(name, v)
            }
            Model::Text { templates } => {
                let v: Vec<Option<String>> = (0..n)
                    .map(|r| {
                        if templates.is_empty() {
                            return None;
                        }
                        let t = &templates[rng.random_range(0..templates.len())];
                        let v = crate::transform::fakers::shape_preserving(t, &mut rng);
                        (!null[r]).then_some(v)
                    })
                    .collect();
                Series::new(name, v)
            }
        };
        s.into_column()
    };
    let cols: Vec<Column> = fitted.par_iter().enumerate().map(draw_column).collect();
    Ok(DataFrame::new(n, cols)?)
}

/// One column of a table encoded for Gower distance: numbers (and dates as days) as they are,
/// NaN for null; anything else as codes shared by all tables, `NULL` for null.
enum Enc {
    Num(Vec<f64>),
    Code(Vec<u32>),
}

const NULL_CODE: u32 = u32::MAX;

/// `frames` encoded column by column with shared dictionaries.
fn encode(fitted: &[Fitted], frames: &[&DataFrame]) -> Result<Vec<Vec<Enc>>> {
    let mut out: Vec<Vec<Enc>> = frames.iter().map(|_| Vec::new()).collect();
    for f in fitted {
        match &f.model {
            Model::Numeric { .. } | Model::Date { .. } => {
                for (o, df) in out.iter_mut().zip(frames) {
                    let t = super::generate::text_of(df, &f.name)?;
                    o.push(Enc::Num(
                        t.iter()
                            .map(|v| {
                                v.as_deref()
                                    .and_then(|s| {
                                        s.trim()
                                            .parse::<f64>()
                                            .ok()
                                            .or_else(|| parse_when(s).map(|d| d.0))
                                    })
                                    .unwrap_or(f64::NAN)
                            })
                            .collect(),
                    ));
                }
            }
            _ => {
                let mut dict: HashMap<String, u32> = HashMap::new();
                for (o, df) in out.iter_mut().zip(frames) {
                    let t = super::generate::text_of(df, &f.name)?;
                    o.push(Enc::Code(
                        t.iter()
                            .map(|v| match v {
                                None => NULL_CODE,
                                Some(s) => {
                                    let next = dict.len() as u32;
                                    *dict.entry(s.trim().to_string()).or_insert(next)
                                }
                            })
                            .collect(),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Each numeric column's range (greatest − least value) in `table`, 0 for other columns:
/// SDMetrics scales distances to a table by that table's own ranges.
fn ranges(table: &[Enc]) -> Vec<f64> {
    table
        .iter()
        .map(|e| match e {
            Enc::Num(v) => {
                let (lo, hi) = bounds(v);
                if lo <= hi { hi - lo } else { 0.0 }
            }
            Enc::Code(_) => 0.0,
        })
        .collect()
}

/// The least and greatest non-null value (∞ and −∞ when there is none).
fn bounds(v: &[f64]) -> (f64, f64) {
    v.iter()
        .filter(|x| !x.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        })
}

/// Rows of one table laid out for the nearest-record search, one row after another: the
/// categorical codes first (a mismatch costs a whole 1, so a hopeless candidate is left early),
/// then the numbers, divided by the target table's range where it is not 0.
struct Layout {
    ids: Vec<usize>,
    codes: Vec<u32>,
    nums: Vec<f64>,
    nc: usize,
    nn: usize,
}

impl Layout {
    /// Rows `idx` of `table`, numbers scaled by `range` (the target's; see [`ranges`]).
    fn new(table: &[Enc], idx: &[usize], range: &[f64]) -> Layout {
        let code_cols: Vec<&Vec<u32>> = table
            .iter()
            .filter_map(|e| match e {
                Enc::Code(v) => Some(v),
                Enc::Num(_) => None,
            })
            .collect();
        let num_cols: Vec<(&Vec<f64>, f64)> = table
            .iter()
            .zip(range)
            .filter_map(|(e, r)| match e {
                Enc::Num(v) => Some((v, *r)),
                Enc::Code(_) => None,
            })
            .collect();
        let (nc, nn) = (code_cols.len(), num_cols.len());
        let mut codes = Vec::with_capacity(idx.len() * nc);
        let mut nums = Vec::with_capacity(idx.len() * nn);
        for &i in idx {
            codes.extend(code_cols.iter().map(|c| c[i]));
            nums.extend(
                num_cols
                    .iter()
                    .map(|(c, r)| if *r == 0.0 { c[i] } else { c[i] / r }),
            );
        }
        Layout {
            ids: idx.to_vec(),
            codes,
            nums,
            nc,
            nn,
        }
    }

    fn codes(&self, row: usize) -> &[u32] {
        &self.codes[row * self.nc..(row + 1) * self.nc]
    }

    fn nums(&self, row: usize) -> &[f64] {
        &self.nums[row * self.nn..(row + 1) * self.nn]
    }
}

/// The sum over columns of the Gower terms of two laid-out rows, as SDMetrics'
/// `calculate_dcr` counts them (two nulls match; a null and a value differ by 1; a number by
/// its scaled difference, at most 1, or by 0 or 1 when its range is 0) — given up, returning
/// a value `>= bound`, as soon as the partial sum reaches `bound`.
fn gower_sum(qc: &[u32], qn: &[f64], tc: &[u32], tn: &[f64], unit: &[bool], bound: f64) -> f64 {
    // The categorical terms without a branch per column (the compiler vectorizes this; an
    // early exit per mismatch cost more in mispredicted branches than it saved).
    let mut s = f64::from(
        qc.iter()
            .zip(tc)
            .map(|(x, y)| u32::from(x != y))
            .sum::<u32>(),
    );
    if s >= bound {
        return s;
    }
    for ((x, y), u) in qn.iter().zip(tn).zip(unit) {
        s += match (x.is_nan(), y.is_nan()) {
            (true, true) => 0.0,
            (false, false) => {
                let d = (x - y).abs();
                if *u {
                    d.min(1.0)
                } else {
                    f64::from(u8::from(d > 0.0))
                }
            }
            _ => 1.0,
        };
        if s >= bound {
            return s;
        }
    }
    s
}

/// For each query row, the Gower distance to its closest target row (`skip_same`: not itself),
/// scaled by the target table's ranges: exact, every pair considered. The targets are sorted by
/// their first scaled number; each query starts at its own place in that order and walks
/// outwards until that one column alone costs more than the best sum so far, and each pair is
/// given up once its partial sum is no better — so most pairs cost a column or two.
fn closest(q: &[Enc], qidx: &[usize], t: &[Enc], tidx: &[usize], skip_same: bool) -> Vec<f64> {
    use rayon::prelude::*;
    let range = ranges(t);
    let ncols = q.len().max(1) as f64;
    let unit: Vec<bool> = t
        .iter()
        .zip(&range)
        .filter(|(e, _)| matches!(e, Enc::Num(_)))
        .map(|(_, r)| *r != 0.0)
        .collect();
    // The column to walk along: the first number with a range. The targets are laid out in
    // its order (so the walk reads memory in sequence), those null there at the end: they
    // are always searched (their term is 1 against a value, 0 against a null).
    let axis = unit.iter().position(|u| *u);
    let mut order: Vec<usize> = tidx.to_vec();
    let axis_col: Option<(&Vec<f64>, f64)> = axis.and_then(|a| {
        t.iter()
            .zip(&range)
            .filter_map(|(e, r)| match e {
                Enc::Num(v) => Some((v, *r)),
                Enc::Code(_) => None,
            })
            .nth(a)
    });
    let axis_of = |i: usize| axis_col.map_or(f64::NAN, |(v, r)| v[i] / r);
    let keys_all: Vec<f64> = order.iter().map(|i| axis_of(*i)).collect();
    let mut perm: Vec<usize> = (0..order.len()).collect();
    perm.sort_by(
        |x, y| match (keys_all[*x].is_nan(), keys_all[*y].is_nan()) {
            (false, false) => keys_all[*x].total_cmp(&keys_all[*y]),
            (a, b) => a.cmp(&b),
        },
    );
    order = perm.iter().map(|p| order[*p]).collect();
    let keys: Vec<f64> = perm
        .iter()
        .map(|p| keys_all[*p])
        .take_while(|k| !k.is_nan())
        .collect();
    let valued = keys.len();
    let (ql, tl) = (Layout::new(q, qidx, &range), Layout::new(t, &order, &range));
    let rows = tl.ids.len();
    (0..ql.ids.len())
        .into_par_iter()
        .map(|qr| {
            let (qc, qn, qid) = (ql.codes(qr), ql.nums(qr), ql.ids[qr]);
            let mut best = f64::INFINITY;
            let visit = |tr: usize, best: &mut f64| {
                if skip_same && tl.ids[tr] == qid {
                    return;
                }
                let s = gower_sum(qc, qn, tl.codes(tr), tl.nums(tr), &unit, *best);
                if s < *best {
                    *best = s;
                }
            };
            match axis.map(|a| qn[a]) {
                Some(x) if !x.is_nan() => {
                    let start = keys.partition_point(|k| *k < x);
                    let (mut lo, mut hi) = (start, start);
                    loop {
                        let down = (lo > 0).then(|| (x - keys[lo - 1]).min(1.0));
                        let up = (hi < valued).then(|| (keys[hi] - x).min(1.0));
                        let go_down = match (down, up) {
                            (Some(d), Some(u)) => d <= u,
                            (Some(_), None) => true,
                            (None, Some(_)) => false,
                            (None, None) => break,
                        };
                        let gap = if go_down { down } else { up }.expect("checked");
                        if gap >= best {
                            break;
                        }
                        if go_down {
                            lo -= 1;
                            visit(lo, &mut best);
                        } else {
                            visit(hi, &mut best);
                            hi += 1;
                        }
                    }
                    for tr in valued..rows {
                        visit(tr, &mut best);
                    }
                }
                _ => {
                    // A null (or no axis): the nulls first, they are the likely close ones.
                    for tr in (valued..rows).chain(0..valued) {
                        visit(tr, &mut best);
                    }
                }
            }
            best / ncols
        })
        .collect()
}

/// At most `max` evenly spaced rows of `df` (all of them when it has no more).
fn spread_rows(df: &DataFrame, max: usize) -> Result<DataFrame> {
    if df.height() <= max {
        return Ok(df.clone());
    }
    let idx: Vec<IdxSize> = spread(df.height(), max)
        .into_iter()
        .map(|i| i as IdxSize)
        .collect();
    Ok(df.take(&IdxCa::from_vec("i".into(), idx))?)
}

/// `max` evenly spaced indices of `0..len` (all when `len <= max`).
fn spread(len: usize, max: usize) -> Vec<usize> {
    if len <= max {
        (0..len).collect()
    } else {
        (0..max).map(|i| i * len / max).collect()
    }
}

/// The median as pandas computes it: the mean of the two middle values of an even count.
fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Random rows for DCRBaselineProtection, drawn as SDMetrics draws them, in the encoded space:
/// integers uniform among the whole numbers between the real column's least and greatest
/// value, other numbers and dates uniform in that interval, anything else uniform among the
/// real column's distinct values; then each cell null with the real column's null share.
fn random_rows(fitted: &[Fitted], real: &[Enc], n: usize, key: &Key) -> Vec<Enc> {
    let mut rng = rng_for(key, "\u{0}baseline", 0);
    real.iter()
        .zip(fitted)
        .map(|(e, f)| match e {
            Enc::Num(v) => {
                let (lo, hi) = bounds(v);
                let integer = matches!(f.model, Model::Numeric { integer: true, .. });
                let nulls = v.iter().filter(|x| x.is_nan()).count() as f64 / v.len().max(1) as f64;
                Enc::Num(
                    (0..n)
                        .map(|_| {
                            let x = if lo >= hi || lo.is_nan() || hi.is_nan() {
                                lo
                            } else if integer {
                                rng.random_range(lo as i64..=hi as i64) as f64
                            } else {
                                rng.random_range(lo..=hi)
                            };
                            if rng.random_bool(nulls.clamp(0.0, 1.0)) {
                                f64::NAN
                            } else {
                                x
                            }
                        })
                        .collect(),
                )
            }
            Enc::Code(v) => {
                let mut codes: Vec<u32> = v.iter().copied().filter(|c| *c != NULL_CODE).collect();
                let nulls = 1.0 - codes.len() as f64 / v.len().max(1) as f64;
                codes.sort_unstable();
                codes.dedup();
                Enc::Code(
                    (0..n)
                        .map(|_| {
                            let c = if codes.is_empty() {
                                NULL_CODE
                            } else {
                                codes[rng.random_range(0..codes.len())]
                            };
                            if rng.random_bool(nulls.clamp(0.0, 1.0)) {
                                NULL_CODE
                            } else {
                                c
                            }
                        })
                        .collect(),
                )
            }
        })
        .collect()
}

/// Gower distances of synthetic rows (or an evenly spaced sample) to their closest real row,
/// the real rows' own nearest-neighbour distances, SDMetrics' DCRBaselineProtection (against
/// random rows) and, with a holdout, DCROverfittingProtection — both by SDMetrics' definitions
/// (`calculate_dcr` scaled by the compared table's ranges, pandas medians, the whole training
/// set against the whole holdout).
fn distances(
    fitted: &[Fitted],
    real: &DataFrame,
    synth: &DataFrame,
    holdout: Option<&DataFrame>,
    key: &Key,
    dcr_rows: usize,
) -> Result<DistanceToClosest> {
    let dcr_rows = dcr_rows.max(1);
    let sampled = synth.height() > dcr_rows || real.height() > dcr_rows;
    // Exact up to `dcr_rows` a side; beyond, evenly spaced samples of DCR_SAMPLE_ROWS (or
    // `dcr_rows`, if smaller). Only the measured rows are encoded, as text first.
    let size = if sampled {
        dcr_rows.min(DCR_SAMPLE_ROWS)
    } else {
        dcr_rows
    };
    let pick = |df: &DataFrame| -> Result<DataFrame> { text_frame(&spread_rows(df, size)?) };
    let (real, synth) = (&pick(real)?, &pick(synth)?);
    let holdout = holdout.map(pick).transpose()?;
    let mut frames = vec![real, synth];
    frames.extend(holdout.as_ref());
    let enc = encode(fitted, &frames)?;
    let (r, s) = (&enc[0], &enc[1]);
    let real_idx: Vec<usize> = (0..real.height()).collect();
    let synth_idx: Vec<usize> = (0..synth.height()).collect();
    let mut syn_d = closest(s, &synth_idx, r, &real_idx, false);
    let probes = spread(real.height(), REAL_PROBES);
    let mut real_d = closest(r, &probes, r, &real_idx, true);
    let random = random_rows(fitted, r, synth_idx.len(), key);
    let all_random: Vec<usize> = (0..synth_idx.len()).collect();
    let mut rand_d = closest(&random, &all_random, r, &real_idx, false);
    let real_p05 = if real_d.is_empty() {
        0.0
    } else {
        real_d.sort_by(f64::total_cmp);
        real_d[((real_d.len() - 1) as f64 * 0.05).round() as usize]
    };
    let close = syn_d.iter().filter(|d| **d < real_p05).count();
    let overfitting = enc.get(2).map(|h| {
        let hidx: Vec<usize> = (0..holdout.as_ref().map_or(0, DataFrame::height)).collect();
        let to_hold = closest(s, &synth_idx, h, &hidx, false);
        let closer = syn_d.iter().zip(&to_hold).filter(|(t, h)| t < h).count() as f64
            / syn_d.len().max(1) as f64;
        OverfittingProtection {
            holdout_rows: hidx.len(),
            closer_to_training: closer,
            score: (2.0 * (1.0 - closer)).min(1.0),
        }
    });
    let syn_median = median(&mut syn_d);
    let random_median = median(&mut rand_d);
    Ok(DistanceToClosest {
        synthetic_rows: synth_idx.len(),
        real_rows: real_idx.len(),
        sampled,
        real_probe_rows: probes.len(),
        median: syn_median,
        real_p05,
        close_share: if syn_d.is_empty() {
            0.0
        } else {
            close as f64 / syn_d.len() as f64
        },
        random_median,
        baseline_protection: (random_median > 0.0).then(|| (syn_median / random_median).min(1.0)),
        overfitting,
    })
}

/// The distance-to-closest-record figures of `synth` against `real` (and `holdout`), each
/// column typed as `--like` types it (numbers, dates, else categories): the entry point of the
/// SDMetrics cross-check (`scripts/sdmetrics_dcr_crosscheck.py`).
pub fn distance_to_closest(
    real: &DataFrame,
    synth: &DataFrame,
    holdout: Option<&DataFrame>,
    key: &Key,
) -> Result<DistanceToClosest> {
    let mut fitted = Vec::new();
    for c in real.columns() {
        let texts = super::generate::text_of(real, c.name())?;
        fitted.push(fit(c.name(), &texts, None, 1));
    }
    distances(&fitted, real, synth, holdout, key, DCR_EXACT_ROWS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_normal_quantile_inverts_the_cdf() {
        for p in [0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999] {
            assert!((phi(inv_phi(p)) - p).abs() < 1e-9, "{p}");
        }
        assert!((inv_phi(0.975) - 1.959964).abs() < 1e-5);
    }

    #[test]
    fn distance_to_closest_record_follows_sdmetrics_example() {
        // SDMetrics issue 742: real A = [0, 10, 3, 4, 1] (range 10), synthetic [5]: DCR 0.1.
        let real = df!("A" => ["0", "10", "3", "4", "1"]).unwrap();
        let synth = df!("A" => ["5"]).unwrap();
        let texts: Vec<Option<String>> = ["0", "10", "3", "4", "1"]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        let fitted = vec![fit("A", &texts, None, 1)];
        let enc = encode(&fitted, &[&real, &synth]).unwrap();
        let d = closest(&enc[1], &[0], &enc[0], &[0, 1, 2, 3, 4], false);
        assert!((d[0] - 0.1).abs() < 1e-12, "{d:?}");
        // Categories count 0 or 1, two nulls match, a null and a value differ.
        let real = df!("c" => [Some("x"), None]).unwrap();
        let texts = vec![Some("x".to_string()), None];
        let fitted = vec![fit("c", &texts, None, 1)];
        let enc = encode(&fitted, &[&real, &real]).unwrap();
        assert_eq!(
            closest(&enc[1], &[0, 1], &enc[0], &[0, 1], false),
            vec![0.0, 0.0]
        );
        assert_eq!(
            closest(&enc[1], &[0, 1], &enc[0], &[0, 1], true),
            vec![1.0, 1.0]
        );
    }

    /// The plain definition: every pair, every column, the target's ranges.
    fn brute(q: &[Enc], qidx: &[usize], t: &[Enc], tidx: &[usize], skip_same: bool) -> Vec<f64> {
        let range = ranges(t);
        qidx.iter()
            .map(|a| {
                tidx.iter()
                    .filter(|b| !skip_same || *b != a)
                    .map(|b| {
                        let mut s = 0.0;
                        for ((x, y), r) in q.iter().zip(t).zip(&range) {
                            s += match (x, y) {
                                (Enc::Num(x), Enc::Num(y)) => {
                                    match (x[*a].is_nan(), y[*b].is_nan()) {
                                        (true, true) => 0.0,
                                        (false, false) if *r == 0.0 => {
                                            f64::from(u8::from(x[*a] != y[*b]))
                                        }
                                        (false, false) => ((x[*a] - y[*b]).abs() / r).min(1.0),
                                        _ => 1.0,
                                    }
                                }
                                (Enc::Code(x), Enc::Code(y)) => f64::from(u8::from(x[*a] != y[*b])),
                                _ => 1.0,
                            };
                        }
                        s / q.len() as f64
                    })
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    }

    #[test]
    fn the_pruned_nearest_record_search_equals_the_plain_definition() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for case in 0..20 {
            let n = 50 + case * 13;
            let mut table = |n: usize| -> Vec<Enc> {
                let nulls =
                    |rng: &mut ChaCha8Rng, v: f64| if rng.random_bool(0.1) { f64::NAN } else { v };
                vec![
                    Enc::Num(
                        (0..n)
                            .map(|_| {
                                let v = rng.random_range(0.0..100.0);
                                nulls(&mut rng, v)
                            })
                            .collect(),
                    ),
                    Enc::Code(
                        (0..n)
                            .map(|_| {
                                if rng.random_bool(0.05) {
                                    NULL_CODE
                                } else {
                                    rng.random_range(0..4)
                                }
                            })
                            .collect(),
                    ),
                    Enc::Num(
                        (0..n)
                            .map(|_| {
                                let v = (rng.random_range(0..5) as f64).powi(3);
                                nulls(&mut rng, v)
                            })
                            .collect(),
                    ),
                    Enc::Num(vec![7.0; n]),
                    Enc::Code((0..n).map(|_| rng.random_range(0..30)).collect()),
                ]
            };
            let (q, t) = (table(n), table(n + 7));
            let (qi, ti): (Vec<usize>, Vec<usize>) = ((0..n).collect(), (0..n + 7).collect());
            let got = closest(&q, &qi, &t, &ti, false);
            let want = brute(&q, &qi, &t, &ti, false);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-12, "case {case}: {g} against {w}");
            }
            let some: Vec<usize> = (0..n + 7).step_by(3).collect();
            let got = closest(&t, &some, &t, &ti, true);
            let want = brute(&t, &some, &t, &ti, true);
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g - w).abs() < 1e-12,
                    "case {case} (itself skipped): {g} against {w}"
                );
            }
        }
    }

    #[test]
    fn cholesky_rebuilds_its_matrix() {
        let m = [1.0, 0.6, 0.2, 0.6, 1.0, 0.3, 0.2, 0.3, 1.0];
        let l = cholesky(&m, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| l[i * 3 + k] * l[j * 3 + k]).sum();
                assert!((v - m[i * 3 + j]).abs() < 1e-12);
            }
        }
        // Not positive definite: shrunk toward the identity until it is.
        let bad = [1.0, 1.0, 1.0, 1.0];
        assert!(cholesky(&bad, 2).is_none());
        assert!(cholesky_shrunk(&bad, 2)[3] > 0.0);
    }
}
