//! `masq run`: load → detect (→ LLM vote) → plan → index originals → transform → audit →
//! write (only when the gate passed) → report.

use super::{
    OutputTarget, RunOptions, RunResult, Stopwatch, check_report_destinations, llm_stage,
    read_files, same_file, write_reports,
};
use crate::detect::spans::SpanFinder;
use crate::detect::{self, ColumnFinding};
use crate::error::{Error, Result};
use crate::io::write::{self, Dest};
use crate::io::{self, Dataset, Format, Source};
use crate::keys::KeySource;
use crate::policy::{self, ColumnPlan, Policy, Strategy};
use crate::report::{ColumnReport, InputReport, KeyInfo, Report, Verdict};
use crate::rules::RuleSet;
use crate::transform;
use crate::verify::{self, LeakIndex};
use polars::prelude::*;
use std::path::Path;

/// One input on its way through the run.
struct Planned {
    ds: Dataset,
    dest: Dest,
    out_format: Format,
    findings: Vec<ColumnFinding>,
    plans: Vec<ColumnPlan>,
}

/// Runs the whole pipeline. Errors (exit 2/3) leave nothing behind; a failed gate returns a
/// report with verdict `refused` and exit code 1, also leaving nothing at the destinations.
pub fn run(opts: &RunOptions, mut progress: impl FnMut(&str)) -> Result<RunResult> {
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let key = opts.key.resolve()?;
    let dests = destinations(opts)?;
    let outs: Vec<(&str, &Path)> = dests
        .iter()
        .filter_map(|(d, _)| match d {
            Dest::Path(p) => Some(("-o", p.as_path())),
            Dest::Stdout => None,
        })
        .collect();
    check_report_destinations(
        outs,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        &read_files(&opts.inputs, &opts.key, &opts.policy),
        opts.force,
    )?;
    for (d, _) in &dests {
        write::check_destination(d, opts.force)?;
    }
    let mut stage = opts
        .llm
        .as_ref()
        .map(llm_stage::LlmStage::new)
        .transpose()?;

    let mut report = Report::new(crate::report::Command::Run);
    report.rules = rules.families.clone();
    report.policy = opts.policy.as_ref().map(|p| p.display().to_string());
    report.key = Some(KeyInfo {
        source: key.source,
        fingerprint: key.fingerprint_id(),
    });
    if key.source == KeySource::Random {
        report.warnings.push(
            "no key given: a random key was used for this run, so surrogates will differ next time (pass --key-file or set MASQ_KEY for reproducible, joinable output)".into(),
        );
    }

    // Load and detect every input; then the LLM's vote on what the rules left open; then plan.
    let mut clock = Stopwatch::default();
    let mut loaded = Vec::new();
    for (src, (dest, out_fmt)) in opts.inputs.iter().zip(dests) {
        let fmt = io::resolve_format(src, opts.format)?;
        progress(&format!("reading {}", src.display()));
        let ds = io::read(src, fmt)?;
        clock.lap("read");
        progress(&format!("detecting in {}", src.display()));
        let findings = detect::detect_frame(&ds.df, &rules, opts.sample_size);
        clock.lap("detect");
        loaded.push((ds, dest, out_fmt.unwrap_or(fmt), findings));
    }
    if let Some(stage) = stage.as_mut() {
        progress("asking the LLM about unsettled columns");
        let mut views: Vec<(String, &DataFrame, &mut Vec<ColumnFinding>)> = loaded
            .iter_mut()
            .map(|(ds, _, _, f)| (ds.source.display(), &ds.df, f))
            .collect();
        stage.classify(&mut views, &rules, opts.sample_size)?;
        clock.lap("llm");
    }
    let mut planned = Vec::new();
    for (ds, dest, out_format, findings) in loaded {
        let plans = policy::resolve(&findings, &policy, &ds.source.display(), stage.is_some())?;
        planned.push(Planned {
            out_format,
            ds,
            dest,
            findings,
            plans,
        });
    }
    policy.check_columns(
        &policy_name(opts.policy.as_deref()),
        planned
            .iter()
            .flat_map(|p| p.findings.iter().map(|f| f.column.as_str())),
    )?;

    // Originals of every transformed identifying column, across all inputs: the leak gate
    // searches for them, and surrogates are drawn again when they would equal one.
    let finder = SpanFinder::new(&rules);
    let (index, prose_values) = verify::audit::index_plans(
        &planned
            .iter()
            .map(|p| verify::audit::Planned {
                input: p.ds.source.display(),
                df: &p.ds.df,
                plans: &p.plans,
            })
            .collect::<Vec<_>>(),
        &rules,
        &finder,
    )?;
    clock.lap("index originals");

    // Pools of LLM-written candidates, one per `llm` column name across inputs.
    let pools = llm_pools(
        &planned,
        &index,
        stage.as_mut(),
        opts.sample_size,
        &mut progress,
    )?;
    clock.lap("llm");

    // Originals of replaced identifying text columns, to be found again inside prose.
    let frames: Vec<(&DataFrame, &[ColumnPlan])> = planned
        .iter()
        .map(|p| (&p.ds.df, p.plans.as_slice()))
        .collect();
    let known = transform::spans::KnownOriginals::from_plans(&frames, &prose_values)?;

    // Transform.
    let mut outputs = Vec::new();
    for p in &planned {
        progress(&format!("replacing values in {}", p.ds.source.display()));
        let name = p.ds.source.display();
        let entities = transform::entities(&p.ds.df, &p.plans, policy.entity.as_deref(), &key)?;
        let ctx = transform::Context {
            key: &key,
            originals: &index,
            rules: &rules,
            finder: &finder,
            known: &known,
            entities: entities.as_ref(),
            pools: Some(&pools),
        };
        let mut cols = Vec::new();
        let mut col_reports = Vec::new();
        for (f, plan) in p.findings.iter().zip(&p.plans) {
            let applied = transform::apply(p.ds.df.column(&plan.column)?, plan, &ctx)?;
            if applied.counts.fallbacks > 0 {
                report.warnings.push(format!(
                    "{name}:{}: {} values got a keyed hash instead of a fake (no non-colliding surrogate found)",
                    plan.column, applied.counts.fallbacks
                ));
            }
            cols.extend(applied.column);
            let mut cr = ColumnReport::from_finding(f);
            cr.kind = plan.kind;
            cr.strategy = Some(applied.strategy);
            cr.decided_by = Some(plan.decided_by.clone());
            cr.counts = Some(applied.counts);
            col_reports.push(cr);
        }
        let out = DataFrame::new(p.ds.df.height(), cols)?;
        report.inputs.push(InputReport {
            path: name,
            format: p.ds.format,
            rows: p.ds.df.height(),
            output: Some(p.dest.display()),
            output_format: Some(p.out_format),
            columns: col_reports,
            fidelity: None,
            risk: None,
        });
        outputs.push(out);
    }
    clock.lap("transform");

    // Audit: leaks, residual identifiers, fidelity, risk, then the gate's thresholds.
    let pairs: Vec<verify::audit::Pair> = planned
        .iter()
        .zip(&outputs)
        .map(|(p, out)| verify::audit::Pair {
            input: p.ds.source.display(),
            label: p.ds.source.display(),
            original: &p.ds.df,
            output: out,
            plans: Some(&p.plans),
            fidelity: verify::audit::fidelity_specs(&p.plans),
        })
        .collect();
    let audit = verify::audit::audit(&pairs, &index, &rules, &policy, &key, &mut progress)?;
    drop(pairs);
    clock.add(&audit.laps);
    let passed = audit.gate.passed;
    report.add_audit(audit);
    if let Some(stage) = stage {
        report.raw_values_included = stage.sends_values();
        let (r, w) = stage.finish();
        report.llm = Some(r);
        report.warnings.extend(w);
    }

    // Write (only when verified), then the report.
    if passed {
        progress("writing");
        let mut pending = Vec::new();
        for (p, out) in planned.iter().zip(outputs.iter_mut()) {
            pending.push(write::prepare(out, &p.dest, p.out_format)?);
        }
        for pw in pending {
            pw.commit(opts.force)?;
        }
        report.verdict = Verdict::Written;
        clock.lap("write");
    } else {
        report.verdict = Verdict::Refused;
    }
    report.timings_ms = clock.laps;
    write_reports(
        &report,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        opts.force,
    )?;
    Ok(RunResult { report })
}

/// The policy file's name for messages.
pub(super) fn policy_name(p: Option<&Path>) -> String {
    p.map_or("policy".to_string(), |p| p.display().to_string())
}

/// Decides each input's destination and output format, refusing clashes before any work.
fn destinations(opts: &RunOptions) -> Result<Vec<(Dest, Option<Format>)>> {
    let mut out = Vec::new();
    match &opts.output {
        OutputTarget::Stdout => {
            if opts.inputs.len() != 1 {
                return Err(Error::config(
                    "-o - (stdout) takes exactly one input; use -o DIR for several",
                ));
            }
            out.push((Dest::Stdout, opts.output_format));
        }
        OutputTarget::File(p) => {
            if opts.inputs.len() != 1 {
                return Err(Error::config(format!(
                    "{}: several inputs need an output folder (-o DIR/)",
                    p.display()
                )));
            }
            out.push((
                Dest::Path(p.clone()),
                opts.output_format.or_else(|| Format::from_path(p)),
            ));
        }
        OutputTarget::Dir(dir) => {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::output(format!(
                        "{}: cannot create output folder: {}",
                        dir.display(),
                        io::io_reason(&e)
                    ))
                })?;
            } else if !dir.is_dir() {
                return Err(Error::output(format!("{}: is not a folder", dir.display())));
            }
            let mut names = std::collections::HashSet::new();
            for src in &opts.inputs {
                let Some(name) = src.file_name() else {
                    return Err(Error::config(
                        "stdin input (-) needs -o FILE or -o -, not a folder",
                    ));
                };
                let mut p = dir.join(name);
                if let Some(f) = opts.output_format {
                    // `a.csv.gz` as csv is `a.csv`, as parquet `a.parquet`.
                    p = f.file_name_for(&p);
                }
                if !names.insert(p.clone()) {
                    return Err(Error::config(format!(
                        "{}: two inputs would be written to the same output file",
                        p.display()
                    )));
                }
                out.push((Dest::Path(p), opts.output_format));
            }
        }
    }
    // Never write over an input.
    for ((dest, _), src) in out.iter().zip(&opts.inputs) {
        if let (Dest::Path(d), Source::Path(s)) = (dest, src)
            && same_file(d, s)
        {
            return Err(Error::output(format!(
                "{}: is the input itself; masq never modifies an input file",
                d.display()
            )));
        }
    }
    Ok(out)
}

/// Builds the candidate pool of every `llm` column (keyed by column name, shared by inputs).
/// `None` for a column means its pool could not be filled: it falls back to rules.
fn llm_pools(
    planned: &[Planned],
    index: &LeakIndex,
    mut stage: Option<&mut llm_stage::LlmStage>,
    sample_size: usize,
    progress: &mut impl FnMut(&str),
) -> Result<transform::Pools> {
    let mut pools = transform::Pools::new();
    for p in planned {
        for plan in p.plans.iter().filter(|pl| pl.strategy == Strategy::Llm) {
            if pools.contains_key(&plan.column) {
                continue;
            }
            let Some(stage) = stage.as_deref_mut() else {
                pools.insert(plan.column.clone(), None);
                continue;
            };
            progress(&format!("asking the LLM for '{}' values", plan.column));
            // Originals of this column in every input that has it.
            let (originals, lengths) =
                transform::pool::column_originals(planned.iter().map(|q| &q.ds.df), &plan.column)?;
            let matcher =
                transform::pool::OriginalMatcher::new(originals.iter().map(String::as_str));
            let is_original = |c: &str| matcher.matches(c) || index.contains_original(c);
            let col = p.ds.df.column(&plan.column)?;
            let sample = detect::sample(col, sample_size);
            let mut sent = detect::vote::describe_column(col, &sample, false);
            sent.values.clear();
            let spec = transform::pool::PoolSpec {
                column: plan.column.clone(),
                kind: plan.kind,
                description: plan.options.description.clone(),
                instructions: plan.options.instructions.clone(),
                pattern: plan.options.pattern.clone(),
                shapes: sent.shapes.clone(),
                lengths,
                target: plan
                    .options
                    .pool
                    .unwrap_or_else(|| transform::pool::default_target(originals.len())),
            };
            let fallback = transform::llm_fallback(plan.kind).as_str();
            let pool = stage.pool(
                &p.ds.source.display(),
                &spec,
                originals.len(),
                sent,
                &is_original,
                fallback,
            )?;
            pools.insert(plan.column.clone(), pool);
        }
    }
    Ok(pools)
}
