//! The audit of `run`, batch by batch: the streaming engine's counterpart of
//! [`super::audit::audit`], with the same checks and the same gate.
//!
//! Each batch of (original, output) rows is searched for leaks and scanned for residual
//! identifiers as it passes; their tallies merge by adding. Fidelity is measured at the end on
//! an evenly spaced sample of at most [`FIDELITY_ROWS`] rows of each pair (every row of a
//! smaller input, so a small input's figures are exactly the whole-table ones); risk counts
//! every row of the quasi-identifier columns. Memory is bounded by the sample, not the input.

use super::audit::{Audit, InputAudit};
use super::fidelity::ColumnSpec;
use super::gate::{GateInput, gate};
use super::residual::{ResidualCheck, ResidualScanner, RunScan};
use super::risk::{ClassCounts, Risk};
use super::{LeakCheck, LeakColumn, LeakIndex};
use crate::error::Result;
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Policy};
use crate::rules::RuleSet;
use polars::prelude::*;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The most rows of each pair fidelity is measured on.
pub const FIDELITY_ROWS: usize = 50_000;

struct QiCounts {
    before: ClassCounts,
    after: ClassCounts,
    kept: Vec<String>,
}

/// One input's running audit.
struct InputState {
    input: String,
    plans: Vec<ColumnPlan>,
    fidelity: Vec<ColumnSpec>,
    columns: Vec<String>,
    /// Every `stride`-th row goes into the fidelity sample.
    stride: usize,
    sample_orig: Option<DataFrame>,
    sample_out: Option<DataFrame>,
    /// Equivalence-class sizes before and after, counted batch by batch (memory grows with
    /// the distinct quasi-identifier combinations, not the rows), and the quasi-identifiers
    /// the output still has; none when the input lacks one of them.
    risk: Option<QiCounts>,
    /// Leaks by output column (anywhere) and by plan (row by row).
    found: Vec<Option<LeakColumn>>,
    rows: Vec<Option<LeakColumn>>,
    residual: RunScan,
}

/// The audit of a streamed run: [`StreamAudit::add_input`] per input, [`StreamAudit::add`] per
/// batch, [`StreamAudit::finish`] for the verdict.
pub struct StreamAudit<'a> {
    index: &'a LeakIndex,
    rules: &'a RuleSet,
    policy: &'a Policy,
    key: &'a Key,
    scanner: ResidualScanner,
    inputs: Vec<InputState>,
    cells: usize,
    spent: [Duration; 2],
}

impl<'a> StreamAudit<'a> {
    pub fn new(
        index: &'a LeakIndex,
        rules: &'a RuleSet,
        policy: &'a Policy,
        key: &'a Key,
    ) -> StreamAudit<'a> {
        StreamAudit {
            index,
            rules,
            policy,
            key,
            scanner: ResidualScanner::new(rules),
            inputs: Vec::new(),
            cells: 0,
            spent: Default::default(),
        }
    }

    /// Starts the next input: its name, plans, columns and row count (from the first pass).
    pub fn add_input(
        &mut self,
        input: &str,
        plans: &[ColumnPlan],
        columns: Vec<String>,
        rows: usize,
    ) {
        self.inputs.push(InputState {
            input: input.to_string(),
            plans: plans.to_vec(),
            fidelity: super::audit::fidelity_specs(plans),
            columns,
            stride: rows.div_ceil(FIDELITY_ROWS).max(1),
            sample_orig: None,
            sample_out: None,
            risk: None,
            found: Vec::new(),
            rows: vec![None; plans.len()],
            residual: RunScan::new(input, plans),
        });
    }

    /// Audits one batch of the current input: `original` rows from row `first_row` on, and the
    /// output made from them; `cleared`, the texts of its columns the index was searched for
    /// already (when their surrogates were drawn).
    pub fn add(
        &mut self,
        original: &DataFrame,
        output: &DataFrame,
        first_row: usize,
        cleared: &super::Cleared,
    ) -> Result<()> {
        let t = Instant::now();
        let st = self.inputs.last_mut().expect("add_input first");
        let (found, cells) =
            super::search_frame(&st.input, output, self.index, self.key, first_row, cleared)?;
        self.cells += cells;
        if st.found.is_empty() {
            st.found = vec![None; output.width()];
        }
        for l in found {
            let at = output
                .get_column_index(&l.column)
                .expect("a leak names an output column");
            merge_leak(&mut st.found[at], l);
        }
        for l in super::check_rows(&st.input, original, output, &st.plans, self.key, first_row)? {
            let at = st
                .plans
                .iter()
                .position(|p| p.column == l.column)
                .expect("a row leak names a planned column");
            merge_leak(&mut st.rows[at], l);
        }
        let t2 = Instant::now();
        self.spent[0] += t2 - t;

        st.residual.add(&self.scanner, original, output, self.key)?;
        self.spent[1] += t2.elapsed();

        // The fidelity sample: rows first_row + i with (first_row + i) % stride == 0.
        let skip = (st.stride - first_row % st.stride) % st.stride;
        let idx: Vec<IdxSize> = (skip..original.height())
            .step_by(st.stride)
            .map(|i| i as IdxSize)
            .collect();
        let idx = IdxCa::from_vec("".into(), idx);
        append(&mut st.sample_orig, detach(original.take(&idx)?)?)?;
        append(&mut st.sample_out, detach(output.take(&idx)?)?)?;
        let qis = &self.policy.risk.quasi_identifiers;
        if !qis.is_empty() && qis.iter().all(|q| original.column(q).is_ok()) {
            // A dropped quasi-identifier no longer identifies anyone: assess what is left.
            let qc = st.risk.get_or_insert_with(|| QiCounts {
                before: ClassCounts::default(),
                after: ClassCounts::default(),
                kept: qis
                    .iter()
                    .filter(|q| output.column(q).is_ok())
                    .cloned()
                    .collect(),
            });
            qc.before.add(original, qis)?;
            qc.after.add(output, &qc.kept)?;
        }
        Ok(())
    }

    /// The leak check, residual check, fidelity, risk and the gate over everything added.
    pub fn finish(self, progress: &mut dyn FnMut(&str)) -> Result<Audit> {
        let mut laps = vec![
            ("verify", self.spent[0].as_millis() as u64),
            ("residual scan", self.spent[1].as_millis() as u64),
        ];
        let mut warnings = Vec::new();
        let mut leaks = Vec::new();
        let mut residual_check = ResidualCheck::default();
        for st in &self.inputs {
            leaks.extend(st.found.iter().flatten().cloned());
            leaks.extend(st.rows.iter().flatten().cloned());
        }
        let leaked: usize = leaks.iter().map(|l| l.leaked_cells).sum();
        let leak_check = LeakCheck {
            passed: leaked as u64 <= self.policy.gate.max_leaks,
            max_leaks: self.policy.gate.max_leaks,
            originals_indexed: self.index.len(),
            cells_checked: self.cells,
            leaked_cells: leaked,
            columns: leaks,
        };

        progress("measuring fidelity and risk");
        let t = Instant::now();
        let valid = |kind: Kind, v: &str| self.rules.validity(kind, v);
        let empty = DataFrame::empty();
        let mut fidelity = Vec::new();
        for st in self.inputs.iter() {
            fidelity.push(super::fidelity::compute(
                st.sample_orig.as_ref().unwrap_or(&empty),
                st.sample_out.as_ref().unwrap_or(&empty),
                &st.fidelity,
                &valid,
            )?);
        }
        laps.push(("fidelity", t.elapsed().as_millis() as u64));
        let t = Instant::now();
        let required_k = self.policy.gate.min_k;
        let risk: Vec<Option<Risk>> = self
            .inputs
            .iter()
            .map(|st| {
                st.risk.as_ref().map(|qc| Risk {
                    quasi_identifiers: self.policy.risk.quasi_identifiers.clone(),
                    required_k,
                    before: qc.before.figures(required_k),
                    after: qc.after.figures(required_k),
                })
            })
            .collect();
        super::audit::warn_unassessed(self.policy, &risk, &mut warnings);
        laps.push(("risk", t.elapsed().as_millis() as u64));

        let mut inputs = Vec::new();
        for (st, (fidelity, risk)) in self.inputs.into_iter().zip(fidelity.into_iter().zip(risk)) {
            residual_check.add(st.residual.finish());
            inputs.push((st.input, st.columns, InputAudit { fidelity, risk }));
        }
        residual_check.finish(self.policy.gate.max_residual);
        let gate_inputs: Vec<GateInput> = inputs
            .iter()
            .map(|(input, columns, a)| GateInput {
                path: input,
                columns: columns.iter().map(String::as_str).collect(),
                fidelity: Some(&a.fidelity),
                risk: a.risk.as_ref(),
            })
            .collect();
        let gate = gate(
            self.policy,
            Some(&leak_check),
            Some(&residual_check),
            &gate_inputs,
        );
        drop(gate_inputs);
        Ok(Audit {
            leak_check,
            residual_check,
            inputs: inputs.into_iter().map(|(_, _, a)| a).collect(),
            gate,
            warnings,
            laps,
        })
    }
}

/// Rows taken from a batch, with their text copied out. A `take` of text columns shares the
/// batch's string buffers, so a sample of a few rows per batch kept every batch's text alive:
/// about 300 bytes a row of a 1M-row export, the largest part of the memory that grew with
/// the rows.
fn detach(df: DataFrame) -> Result<DataFrame> {
    let cols = df
        .columns()
        .iter()
        .map(|c| -> Result<Column> {
            Ok(match c.dtype() {
                DataType::String => {
                    let fresh: StringChunked = c.str()?.iter().collect();
                    fresh.with_name(c.name().clone()).into_column()
                }
                // One chunk, so that `append` leaves no column in many.
                _ => c.rechunk(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DataFrame::new(df.height(), cols)?)
}

/// Adds a batch's sample rows to the sample. Every [`SAMPLE_CHUNKS`] batches the sample is
/// copied into one chunk: a chunk's text buffer takes at least 8 KiB, so on a 10 GB export
/// (a few dozen sample rows from each of ~1,300 batches, 37 columns, twice) the sample's
/// chunks held ~600 MB of buffers for ~30 MB of text.
fn append(acc: &mut Option<DataFrame>, df: DataFrame) -> Result<()> {
    match acc {
        None => *acc = Some(df),
        Some(a) => {
            a.vstack_mut(&df)?;
            if a.first_col_n_chunks() >= SAMPLE_CHUNKS {
                *a = detach(std::mem::take(a))?;
            }
        }
    }
    Ok(())
}

/// The most chunks (batches) the fidelity sample gathers before it is copied into one.
const SAMPLE_CHUNKS: usize = 32;

/// Adds one batch's leaks of a column to those of earlier batches.
fn merge_leak(acc: &mut Option<LeakColumn>, l: LeakColumn) {
    match acc {
        None => *acc = Some(l),
        Some(a) => {
            a.leaked_cells += l.leaked_cells;
            let from: BTreeSet<String> = a.from.drain(..).chain(l.from).collect();
            a.from = from.into_iter().collect();
            a.fingerprints = capped(a.fingerprints.drain(..).chain(l.fingerprints));
            let room = super::MAX_FINGERPRINTS.saturating_sub(a.rows.len());
            a.rows.extend(l.rows.into_iter().take(room));
        }
    }
}

fn capped(fps: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = fps.collect();
    set.into_iter().take(super::MAX_FINGERPRINTS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fidelity_sample_stays_in_few_chunks_and_in_order_however_many_batches_add_to() {
        let mut sample = None;
        for batch in 0..1_000 {
            let names: Vec<String> = (0..3)
                .map(|i| format!("a name longer than twelve bytes, row {}", batch * 3 + i))
                .collect();
            let rows: Vec<i64> = (0..3).map(|i| batch * 3 + i).collect();
            let df = DataFrame::new(
                3,
                vec![
                    Column::new("row".into(), rows),
                    Column::new("name".into(), names),
                ],
            )
            .unwrap();
            append(&mut sample, detach(df).unwrap()).unwrap();
        }
        let sample = sample.unwrap();
        assert_eq!(sample.height(), 3_000);
        for c in sample.columns() {
            assert!(c.n_chunks() < SAMPLE_CHUNKS, "{}", c.name());
        }
        let names = sample.column("name").unwrap().str().unwrap();
        let rows = sample.column("row").unwrap().i64().unwrap();
        for row in [0, 95, 96, 1_500, 2_999] {
            assert_eq!(rows.get(row), Some(row as i64));
            assert_eq!(
                names.get(row),
                Some(format!("a name longer than twelve bytes, row {row}").as_str())
            );
        }
    }
}
