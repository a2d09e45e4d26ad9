//! `masq synth`: fully synthetic tables from a schema file (`--schema table.toml`) — columns
//! with types, ranges and distributions, masq kinds drawn by masq's fakers, derived columns by
//! expression, and constraints that are enforced while generating (rejection and repair,
//! counted) and then checked on the output like a stranger's file would be: schema validity,
//! each constraint's satisfaction rate, diversity. The gate decides whether the caller may
//! write; [`SynthReport`] says why.
//!
//! This module generates and checks; it does not write files (the caller commits the output
//! through `io::write` only when the gate passed), does not know the report model, and never
//! puts a cell value into an error or a result.

pub mod check;
pub mod expr;
pub mod generate;
pub mod like;
pub mod llm_gen;
pub mod pattern;
pub mod schema;

pub use check::{ColumnDiversity, ConstraintResult, Diversity, Series2, Validity};
pub use generate::GenCounts;
pub use schema::{SynthSchema, Tables};

use crate::error::Result;
use crate::keys::Key;
use polars::prelude::*;
use schema::{ColumnType, PlainType};
use serde::{Deserialize, Serialize};

/// What a `masq synth` run generated, checked and decided.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SynthReport {
    /// The schema file, or the reference table of `--like`.
    pub schema: String,
    pub table: String,
    /// `statistical` (a schema, no LLM), `llm` (`--llm-url`) or `copula` (`--like`).
    pub generator: String,
    pub rows_requested: usize,
    pub rows_generated: usize,
    /// The table's natural-language instructions were present (kept for an LLM generator; the
    /// statistical generator does not read them).
    pub instructions_given: bool,
    /// Rows drawn, rejected per constraint and repaired per constraint.
    pub generation: GenCounts,
    /// Cells checked against the schema's column declarations (absent for `--like`, which has
    /// no declarations to check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    pub constraints: Vec<ConstraintResult>,
    pub diversity: Diversity,
    /// `--like`: the models per column, fidelity against the reference, exact copies and
    /// distances to the closest real record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like: Option<like::LikeReport>,
    /// `--llm-url`: batches asked, rows the model wrote, why it stopped, requests and tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<llm_gen::LlmGenReport>,
    pub gate: SynthGateResult,
}

/// Every threshold of the schema's `[gate]`, and whether it held.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SynthGateResult {
    pub passed: bool,
    pub checks: Vec<SynthGateCheck>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SynthGateCheck {
    /// `rows`, `min_valid_rows`, `min_constraint_rate`, `max_duplicate_rows`,
    /// `min_distinct_share`, and for `--like` `max_copies`, `min_fidelity`, `max_close_rows`.
    pub threshold: String,
    /// The constraint or column it applies to, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub required: f64,
    pub actual: f64,
    pub passed: bool,
}

/// The generated table (written columns only, in the file's order) and its report.
pub struct Synthesized {
    pub frame: DataFrame,
    pub report: SynthReport,
    /// Milliseconds per stage (`fit`, `generate`, `fidelity`, `distances`, ...).
    pub timings_ms: std::collections::BTreeMap<String, u64>,
}

/// Generates `rows` rows of `schema` (read from `schema_path`) seeded by `key`, then checks
/// them. The caller writes `frame` only if `report.gate.passed`.
pub fn synthesize(
    schema: &SynthSchema,
    schema_path: &str,
    rows: usize,
    key: &Key,
) -> Result<Synthesized> {
    let mut laps = crate::timing::Stopwatch::default();
    let g = generate::generate(schema, rows, key)?;
    laps.lap("generate");
    finish(schema, schema_path, rows, g, None, laps)
}

/// Like [`synthesize`], with the rows written by `llm` (see [`llm_gen`]).
pub fn synthesize_llm(
    schema: &SynthSchema,
    schema_path: &str,
    rows: usize,
    key: &Key,
    llm: &dyn crate::llm::Llm,
) -> Result<Synthesized> {
    let mut laps = crate::timing::Stopwatch::default();
    let (g, r) = llm_gen::generate_llm(schema, rows, llm, key)?;
    laps.lap("generate");
    finish(schema, schema_path, rows, g, Some(r), laps)
}

/// Generates every table of a schema file in order (parents first), each row of a child
/// referencing a generated parent row; then checks each table as [`synthesize`] does, plus each
/// foreign key on the output: the share of non-null values found among the parent's values
/// (kind `foreign_key`, gated at 1). `rows` is for tables that do not set their own.
pub fn synthesize_tables(
    tables: &schema::Tables,
    schema_path: &str,
    rows: usize,
    key: &Key,
    llm: Option<&dyn crate::llm::Llm>,
) -> Result<Vec<Synthesized>> {
    let mut done: Vec<Synthesized> = Vec::new();
    for schema in &tables.tables {
        let name = &schema.table.name;
        let n = schema.table.rows.unwrap_or(rows);
        let mut laps = crate::timing::Stopwatch::default();
        let (mut g, llm_report) = match llm {
            Some(llm) => {
                let (g, r) = llm_gen::generate_llm(schema, n, llm, key)?;
                (g, Some(r))
            }
            None => (generate::generate(schema, n, key)?, None),
        };
        let fks: Vec<&schema::ForeignKey> = tables
            .foreign_keys
            .iter()
            .filter(|f| &f.table == name)
            .collect();
        let parent_of = |fk: &schema::ForeignKey| -> &DataFrame {
            &done
                .iter()
                .find(|d| d.report.table == fk.parent)
                .expect("parents are generated first")
                .frame
        };
        for fk in &fks {
            let parent = parent_of(fk);
            let unique = schema.column(&fk.column).is_some_and(|c| c.unique);
            generate::link(&mut g.frame, fk, unique, parent, key)?;
        }
        laps.lap("generate");
        let mut out = finish(schema, schema_path, n, g, llm_report, laps)?;
        for fk in &fks {
            let parent = parent_of(fk);
            let c = check::foreign_key(&out.frame, fk, parent)?;
            out.report.gate.checks.push(SynthGateCheck {
                threshold: "foreign_key".into(),
                subject: Some(c.name.clone()),
                required: 1.0,
                actual: c.rate,
                passed: c.checked > 0 && c.held == c.checked,
            });
            out.report.constraints.push(c);
        }
        out.report.gate.passed = out.report.gate.checks.iter().all(|c| c.passed);
        done.push(out);
    }
    Ok(done)
}

fn finish(
    schema: &SynthSchema,
    schema_path: &str,
    rows: usize,
    g: generate::Generated,
    llm: Option<llm_gen::LlmGenReport>,
    mut laps: crate::timing::Stopwatch,
) -> Result<Synthesized> {
    let written: Vec<&str> = schema
        .columns
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| c.name.as_str())
        .collect();
    let generator = if llm.is_some() { "llm" } else { "statistical" };
    let rules = crate::rules::RuleSet::builtin()?;
    // Constraints may name hidden columns: they are checked on the whole frame.
    let constraints = check::constraints(schema, &g.frame)?;
    let frame = g.frame.select(written)?;
    let validity = check::validity(schema, &frame, &rules)?;
    let diversity = check::diversity(&frame)?;
    let gate = gate(schema, rows, &frame, &validity, &constraints, &diversity);
    laps.lap("check");
    Ok(Synthesized {
        report: SynthReport {
            schema: schema_path.to_string(),
            table: schema.table.name.clone(),
            generator: generator.into(),
            rows_requested: rows,
            rows_generated: frame.height(),
            instructions_given: schema.table.instructions.is_some(),
            generation: g.counts,
            validity: Some(validity),
            constraints,
            diversity,
            like: None,
            llm,
            gate,
        },
        frame,
        timings_ms: laps.laps,
    })
}

fn gate(
    schema: &SynthSchema,
    rows: usize,
    frame: &DataFrame,
    validity: &Validity,
    constraints: &[ConstraintResult],
    diversity: &Diversity,
) -> SynthGateResult {
    let g = &schema.gate;
    let mut checks = vec![
        SynthGateCheck {
            threshold: "rows".into(),
            subject: None,
            required: rows as f64,
            actual: frame.height() as f64,
            passed: frame.height() >= rows,
        },
        SynthGateCheck {
            threshold: "min_valid_rows".into(),
            subject: None,
            required: g.min_valid_rows,
            actual: validity.valid_share,
            passed: validity.rows > 0 && validity.valid_share >= g.min_valid_rows,
        },
    ];
    for c in constraints {
        checks.push(SynthGateCheck {
            threshold: "min_constraint_rate".into(),
            subject: Some(c.name.clone()),
            required: g.min_constraint_rate,
            actual: c.rate,
            passed: c.checked > 0 && c.rate >= g.min_constraint_rate,
        });
    }
    if let Some(max) = g.max_duplicate_rows {
        checks.push(SynthGateCheck {
            threshold: "max_duplicate_rows".into(),
            subject: None,
            required: max,
            actual: diversity.duplicate_share,
            passed: diversity.duplicate_share <= max,
        });
    }
    if let Some(min) = g.min_distinct_share {
        for d in &diversity.columns {
            let closed = schema.column(&d.column).is_some_and(|c| {
                !c.values.is_empty()
                    || matches!(c.ty, ColumnType::Plain(PlainType::Enum | PlainType::Bool))
            });
            if closed {
                continue;
            }
            checks.push(SynthGateCheck {
                threshold: "min_distinct_share".into(),
                subject: Some(d.column.clone()),
                required: min,
                actual: d.distinct_share,
                passed: d.distinct_share >= min,
            });
        }
    }
    SynthGateResult {
        passed: checks.iter().all(|c| c.passed),
        checks,
    }
}

/// Thresholds of `--like` (flags, there being no schema file).
#[derive(Debug, Clone, Default)]
pub struct LikeGate {
    /// Most synthetic rows equal to a real row (usually 0).
    pub max_copies: usize,
    pub min_fidelity: Option<f64>,
    /// Most share of synthetic rows closer to a real row than the real rows' own 5th
    /// percentile of nearest-neighbour distances.
    pub max_close_rows: Option<f64>,
    /// Not a threshold: the rows on each side measured exactly for the distances to the closest
    /// record (`--dcr-rows`; evenly sampled beyond). 0 means the default, 50,000.
    pub dcr_rows: usize,
}

/// `--like`: fits `reference` and draws `rows` rows seeded by `key` (or has `llm` write them
/// from the table's statistics), then measures and gates.
#[allow(clippy::too_many_arguments)]
pub fn synthesize_like(
    reference: &DataFrame,
    reference_name: &str,
    rows: usize,
    min_category: usize,
    holdout: f64,
    key: &Key,
    thresholds: &LikeGate,
    llm: Option<&dyn crate::llm::Llm>,
) -> Result<Synthesized> {
    let (frame, like, mut laps, llm_report) = like::synthesize_like(
        reference,
        reference_name,
        rows,
        min_category,
        holdout,
        key,
        llm,
        if thresholds.dcr_rows == 0 {
            like::DCR_EXACT_ROWS
        } else {
            thresholds.dcr_rows
        },
    )?;
    let diversity = check::diversity(&frame)?;
    laps.lap("diversity");
    let mut checks = vec![
        SynthGateCheck {
            threshold: "rows".into(),
            subject: None,
            required: rows as f64,
            actual: frame.height() as f64,
            passed: frame.height() >= rows,
        },
        SynthGateCheck {
            threshold: "max_copies".into(),
            subject: None,
            required: thresholds.max_copies as f64,
            actual: like.exact_copies as f64,
            passed: like.exact_copies <= thresholds.max_copies,
        },
    ];
    if let Some(min) = thresholds.min_fidelity {
        let actual = like.fidelity.overall.unwrap_or(0.0);
        checks.push(SynthGateCheck {
            threshold: "min_fidelity".into(),
            subject: None,
            required: min,
            actual,
            passed: like.fidelity.overall.is_some() && actual >= min,
        });
    }
    if let Some(max) = thresholds.max_close_rows {
        checks.push(SynthGateCheck {
            threshold: "max_close_rows".into(),
            subject: None,
            required: max,
            actual: like.distance.close_share,
            passed: like.distance.close_share <= max,
        });
    }
    let mut generation = GenCounts {
        rows_drawn: frame.height() + like.copies_redrawn,
        rounds: 1,
        ..Default::default()
    };
    if like.copies_redrawn > 0 {
        generation
            .rejected
            .insert("exact copy of a real row".into(), like.copies_redrawn);
    }
    Ok(Synthesized {
        report: SynthReport {
            schema: reference_name.to_string(),
            table: reference_name.to_string(),
            generator: if llm_report.is_some() {
                "llm".into()
            } else {
                "copula".into()
            },
            rows_requested: rows,
            rows_generated: frame.height(),
            instructions_given: false,
            generation,
            validity: None,
            constraints: vec![],
            diversity,
            like: Some(like),
            llm: llm_report,
            gate: SynthGateResult {
                passed: checks.iter().all(|c| c.passed),
                checks,
            },
        },
        frame,
        timings_ms: laps.laps,
    })
}

/// The frame as it is written in `format`: decimals keep their scale in text formats
/// (`12.50`, not `12.5`).
pub fn for_output(schema: &SynthSchema, frame: &DataFrame, text_format: bool) -> Result<DataFrame> {
    if !text_format {
        return Ok(frame.clone());
    }
    let mut out = frame.clone();
    for c in &schema.columns {
        if let (ColumnType::Plain(PlainType::Decimal), Some(scale), false) =
            (c.ty, c.scale, c.hidden)
        {
            let v = generate::f64_of(frame, &c.name)?;
            let s: Vec<Option<String>> = v
                .into_iter()
                .map(|v| v.map(|v| format!("{v:.*}", scale as usize)))
                .collect();
            out.with_column(Series::new(c.name.as_str().into(), s).into_column())?;
        }
    }
    Ok(out)
}

/// `--append`: the anonymized real rows followed by the synthetic rows, column by column in
/// the real table's order and types (a synthetic column that does not convert makes both
/// text); `mark` adds a column true on synthetic rows.
pub fn hybrid(real: &DataFrame, synth: &DataFrame, mark: Option<&str>) -> Result<DataFrame> {
    let mut top = Vec::with_capacity(real.width() + 1);
    let mut bottom = Vec::with_capacity(real.width() + 1);
    for c in real.columns() {
        let s = synth.column(c.name())?;
        match s.strict_cast(c.dtype()) {
            Ok(s) => {
                top.push(c.clone());
                bottom.push(s);
            }
            Err(_) => {
                top.push(c.cast(&DataType::String)?);
                bottom.push(s.cast(&DataType::String)?);
            }
        }
    }
    if let Some(m) = mark {
        top.push(Column::new(m.into(), vec![false; real.height()]));
        bottom.push(Column::new(m.into(), vec![true; synth.height()]));
    }
    let mut out = DataFrame::new(real.height(), top)?;
    out.vstack_mut(&DataFrame::new(synth.height(), bottom)?)?;
    out.rechunk_mut();
    Ok(out)
}
