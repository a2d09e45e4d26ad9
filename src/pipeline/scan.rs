//! `masq scan`: read every input and detect its columns (with the LLM's vote, if one is
//! configured). Nothing is written but the report.

use super::{ScanOptions, llm_stage};
use crate::detect::{self, ColumnFinding};
use crate::error::Result;
use crate::io;
use crate::report::{ColumnReport, InputReport, Report};
use crate::rules::RuleSet;
use polars::prelude::*;

/// The result of `scan`: findings per input.
pub struct ScanResult {
    pub inputs: Vec<(String, Vec<ColumnFinding>)>,
    pub report: Report,
}

/// Reads every input and detects its columns (with the LLM's vote, if one is configured).
pub fn scan(opts: &ScanOptions) -> Result<ScanResult> {
    crate::detect::warm_up();
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let mut report = Report::new(crate::report::Command::Scan);
    report.rules = rules.families.clone();
    let mut data = Vec::new();
    for src in &opts.inputs {
        let fmt = io::resolve_format(src, opts.format)?;
        let (ds, truncated) = io::read_head(src, fmt, opts.max_rows, &opts.limits)?;
        if truncated {
            report.warnings.push(format!(
                "{}: only the first {} rows were scanned (--max-rows; 0 reads all)",
                src.display(),
                opts.max_rows
            ));
        }
        let findings = detect::detect_frame(&ds.df, &rules, opts.sample_size);
        data.push((ds, findings));
    }
    if let Some(lo) = &opts.llm {
        let mut stage = llm_stage::LlmStage::new(lo)?;
        let mut views: Vec<(String, &DataFrame, &mut Vec<ColumnFinding>)> = data
            .iter_mut()
            .map(|(ds, f)| (ds.source.display(), &ds.df, f))
            .collect();
        stage.classify(&mut views, &rules, opts.sample_size)?;
        report.raw_values_included = stage.sends_values();
        let (r, w) = stage.finish();
        report.llm = Some(r);
        report.warnings.extend(w);
    }
    if data.len() > 1 {
        let tables: Vec<(String, &DataFrame)> = data
            .iter()
            .map(|(ds, _)| (super::table_name(&ds.source), &ds.df))
            .collect();
        let mut relations = detect::relations::suggest(&tables);
        for (decl, name) in &opts.declared {
            let Ok(((ft, fc), to)) = decl.ends() else {
                continue;
            };
            relations.retain(|r| !(r.from_table == ft && r.from_column == fc));
            relations.extend(detect::relations::declared(&tables, (ft, fc), to, name));
        }
        report.relations = relations;
    }
    let mut inputs = Vec::new();
    for (ds, findings) in data {
        report.inputs.push(InputReport {
            path: ds.source.display(),
            format: ds.format,
            rows: ds.df.height(),
            output: None,
            output_format: None,
            columns: findings.iter().map(ColumnReport::from_finding).collect(),
            fidelity: None,
            risk: None,
        });
        inputs.push((ds.source.display(), findings));
    }
    Ok(ScanResult { inputs, report })
}
