//! The whole job, stage by stage: `scan` (load → detect), `run` (load → detect → plan →
//! transform → verify → write → report) and `verify` (audit a pair of files someone produced).
//!
//! Options arrive as plain data ([`RunOptions`], [`ScanOptions`]); the CLI builds them from flags.
//! Nothing reaches a destination before every input of the run has passed the gate: outputs are
//! prepared as temporary files, and committed together only then.

pub mod llm;

use crate::detect::spans::SpanFinder;
use crate::detect::{self, ColumnFinding};
use crate::error::{Error, Result};
use crate::io::write::{self, Dest};
use crate::io::{self, Dataset, Format, Source};
use crate::policy::{self, ColumnPlan, Policy, Strategy};
use crate::report::{ColumnReport, InputReport, KeyInfo, LeakCheck, Report};
use crate::rules::RuleSet;
use crate::transform;
use crate::transform::keyed::{Key, KeySource};
use crate::verify::residual::{ResidualCheck, ResidualScanner};
use crate::verify::{self, LeakIndex};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// Where `run` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// `-o -`
    Stdout,
    /// `-o FILE` (one input)
    File(PathBuf),
    /// `-o DIR/` (one output per input, same file name)
    Dir(PathBuf),
}

impl OutputTarget {
    /// Interprets `-o`: `-` is stdout; an existing folder, a path ending in `/`, or several
    /// inputs mean a folder; anything else is a file.
    pub fn from_arg(arg: &str, n_inputs: usize) -> OutputTarget {
        if arg == "-" {
            return OutputTarget::Stdout;
        }
        let p = PathBuf::from(arg);
        if p.is_dir()
            || arg.ends_with('/')
            || arg.ends_with(std::path::MAIN_SEPARATOR)
            || n_inputs > 1
        {
            OutputTarget::Dir(p)
        } else {
            OutputTarget::File(p)
        }
    }
}

/// How the key is chosen.
#[derive(Clone)]
pub enum KeySpec {
    File(PathBuf),
    Env(Vec<u8>),
    Random,
}

/// The key's bytes never reach `Debug` output (options are printed in logs and panics).
impl std::fmt::Debug for KeySpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySpec::File(p) => f.debug_tuple("File").field(p).finish(),
            KeySpec::Env(_) => f.write_str("Env(<redacted>)"),
            KeySpec::Random => f.write_str("Random"),
        }
    }
}

impl KeySpec {
    /// `--key-file` if given, else `MASQ_KEY` if set, else a random key for this run.
    pub fn from_flag_or_env(key_file: Option<&Path>) -> KeySpec {
        match (key_file, std::env::var_os("MASQ_KEY")) {
            (Some(p), _) => KeySpec::File(p.to_path_buf()),
            (None, Some(v)) => KeySpec::Env(v.as_encoded_bytes().to_vec()),
            (None, None) => KeySpec::Random,
        }
    }

    pub fn resolve(&self) -> Result<Key> {
        match self {
            KeySpec::File(p) => Key::from_file(p),
            KeySpec::Env(b) => Key::from_bytes(b.clone(), KeySource::Env)
                .map_err(|e| Error::config(format!("MASQ_KEY: {e}"))),
            KeySpec::Random => Key::random(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub inputs: Vec<Source>,
    pub format: Option<Format>,
    pub rules_dirs: Vec<PathBuf>,
    pub sample_size: usize,
    /// Rows read per CSV/TSV/NDJSON input (detection samples from these); `usize::MAX` for all.
    pub max_rows: usize,
    /// Put columns the rules cannot settle to an LLM.
    pub llm: Option<llm::LlmOptions>,
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub inputs: Vec<Source>,
    pub format: Option<Format>,
    pub output: OutputTarget,
    pub output_format: Option<Format>,
    pub policy: Option<PathBuf>,
    pub rules_dirs: Vec<PathBuf>,
    pub key: KeySpec,
    pub force: bool,
    pub report: Option<PathBuf>,
    /// Also write the report as a self-contained HTML page.
    pub report_html: Option<PathBuf>,
    pub sample_size: usize,
    /// Classify with, and generate `llm` surrogates with, an LLM.
    pub llm: Option<llm::LlmOptions>,
}

/// The result of `scan`: findings per input.
pub struct ScanResult {
    pub inputs: Vec<(String, Vec<ColumnFinding>)>,
    pub report: Report,
}

/// Reads every input and detects its columns (with the LLM's vote, if one is configured).
pub fn scan(opts: &ScanOptions) -> Result<ScanResult> {
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let mut report = Report::new("scan");
    report.verdict = "scanned".into();
    report.rules = rules.families.clone();
    let mut data = Vec::new();
    for src in &opts.inputs {
        let fmt = io::resolve_format(src, opts.format)?;
        let (ds, truncated) = io::read_head(src, fmt, opts.max_rows)?;
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
        let mut stage = llm::LlmStage::new(lo)?;
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
    let mut inputs = Vec::new();
    for (ds, findings) in data {
        report.inputs.push(InputReport {
            path: ds.source.display(),
            format: ds.format.as_str().into(),
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

/// What `run` did. `report.verdict` is `written` or `refused`.
pub struct RunResult {
    pub report: Report,
    pub exit_code: u8,
}

struct Planned {
    ds: Dataset,
    dest: Dest,
    out_format: Format,
    findings: Vec<ColumnFinding>,
    plans: Vec<ColumnPlan>,
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
                    p.set_extension(f.as_str());
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

/// The files a command reads, by role, which no destination may name.
fn read_files<'a>(
    inputs: &'a [Source],
    key: &'a KeySpec,
    policy: &'a Option<PathBuf>,
) -> Vec<(&'static str, &'a Path)> {
    let mut files: Vec<(&'static str, &Path)> = inputs
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(("input", p.as_path())),
            _ => None,
        })
        .collect();
    if let KeySpec::File(k) = key {
        files.push(("key file", k.as_path()));
    }
    if let Some(p) = policy {
        files.push(("policy", p.as_path()));
    }
    files
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Runs the whole pipeline. Errors (exit 2/3) leave nothing behind; a failed gate returns a
/// report with verdict `refused` and exit code 1, also leaving nothing at the destinations.
pub fn run(opts: &RunOptions, mut progress: impl FnMut(&str)) -> Result<RunResult> {
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let key = opts.key.resolve()?;
    let dests = destinations(opts)?;
    {
        let mut all: Vec<(&str, &Path)> = dests
            .iter()
            .filter_map(|(d, _)| match d {
                Dest::Path(p) => Some(("-o", p.as_path())),
                Dest::Stdout => None,
            })
            .collect();
        all.extend(opts.report.iter().map(|p| ("--report", p.as_path())));
        all.extend(
            opts.report_html
                .iter()
                .map(|p| ("--report-html", p.as_path())),
        );
        write::check_destinations(&all, &read_files(&opts.inputs, &opts.key, &opts.policy))?;
    }
    for (d, _) in &dests {
        write::check_destination(d, opts.force)?;
    }
    for r in opts.report.iter().chain(&opts.report_html) {
        write::check_destination(&Dest::Path(r.clone()), opts.force)?;
    }
    let mut stage = opts.llm.as_ref().map(llm::LlmStage::new).transpose()?;

    let mut report = Report::new("run");
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
    let used: std::collections::HashSet<&str> = planned
        .iter()
        .flat_map(|p| p.findings.iter().map(|f| f.column.as_str()))
        .collect();
    // A policy that names a column no input has cannot be followed (a typo in a
    // quasi-identifier would silently switch min_k off): exit 2 naming the key.
    let policy_file = opts
        .policy
        .as_ref()
        .map_or("policy".to_string(), |p| p.display().to_string());
    let named = policy
        .columns
        .keys()
        .map(|n| (n, format!("[columns.{n}]")))
        .chain(
            policy
                .risk
                .quasi_identifiers
                .iter()
                .map(|n| (n, "[risk] quasi_identifiers".to_string())),
        )
        .chain(policy.entity.iter().map(|n| (n, "entity".to_string())));
    for (name, key) in named {
        if !used.contains(name.as_str()) {
            return Err(Error::config(format!(
                "{policy_file}: {key} names column '{name}', which no input has"
            )));
        }
    }

    // Originals of every transformed identifying column, across all inputs: the leak gate
    // searches for them, and surrogates are drawn again when they would equal one.
    let mut index = LeakIndex::default();
    let finder = SpanFinder::new(&rules);
    let mut prose_values: Vec<(crate::Kind, String)> = Vec::new();
    for p in &planned {
        for plan in &p.plans {
            let col = column(&p.ds, &plan.column)?;
            let source = format!("{}:{}", p.ds.source.display(), plan.column);
            if plan.strategy == Strategy::Spans {
                prose_values.extend(index_spans(&mut index, &source, col, &finder, &rules)?);
            } else if let (Some(kind), true) = (plan.kind, plan.strategy.transforms()) {
                match cell_classifier(&rules, plan) {
                    // Cell by cell: each value under its own kind; in an uncertain column only
                    // the values that are replaced.
                    Some(classify) if plan.strategy == Strategy::Fake => {
                        let s = transform::as_text(col)?;
                        let ca = s.str().map_err(transform::polars_err)?;
                        let mut by_kind: std::collections::BTreeMap<crate::Kind, Vec<&str>> =
                            Default::default();
                        for v in ca.iter().flatten() {
                            match (classify(v.trim()), plan.cells) {
                                (Some(k), _) => by_kind.entry(k).or_default().push(v),
                                (None, detect::CellScope::Matching) => {}
                                (None, _) => by_kind.entry(kind).or_default().push(v),
                            }
                        }
                        for (k, values) in by_kind {
                            index.add_values(&source, k, values.into_iter());
                        }
                    }
                    _ => index.add_column(&source, kind, col)?,
                }
            }
        }
    }
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
    let known = known_originals(&planned, &prose_values)?;

    // Transform.
    let mut outputs = Vec::new();
    for p in &planned {
        progress(&format!("replacing values in {}", p.ds.source.display()));
        let name = p.ds.source.display();
        let entities = entities_for(&p.ds, &p.plans, &policy, &key)?;
        let mut cols = Vec::new();
        let mut col_reports = Vec::new();
        for (f, plan) in p.findings.iter().zip(&p.plans) {
            let col = column(&p.ds, &plan.column)?;
            let mut used = plan.strategy;
            let (new, counts) = match plan.strategy {
                Strategy::Spans => {
                    let (c, n) =
                        transform::spans::apply(col, &finder, &rules.dicts, &key, &index, &known)?;
                    (Some(c), n)
                }
                Strategy::Generalize => {
                    let (c, n) = transform::generalize::generalize(col, &plan.options)?;
                    (Some(c), shaped_counts(col, n))
                }
                Strategy::Noise => {
                    let amount = plan.options.noise.unwrap_or(DEFAULT_NOISE);
                    let ents = entities.as_ref().expect("built for noise columns");
                    let (c, n) = transform::generalize::noise(col, amount, ents, &key)?;
                    (Some(c), shaped_counts(col, n))
                }
                Strategy::ShiftDate => {
                    let days = plan.options.max_days.unwrap_or(DEFAULT_MAX_DAYS);
                    let ents = entities.as_ref().expect("built for shift-date columns");
                    let (c, n) = transform::generalize::shift_date(col, days, ents, &key)?;
                    (Some(c), shaped_counts(col, n))
                }
                Strategy::Llm => match pools.get(&plan.column) {
                    Some(Some(pool)) => {
                        let label = plan.kind.map_or(plan.column.as_str(), |k| k.as_str());
                        // Values many people share map without a uniqueness pass, so the same
                        // value maps alike in every file.
                        let unique = plan.kind.is_none_or(|k| k.is_identifying());
                        let (c, n) = transform::llm::apply(col, &pool.values, label, unique, &key)?;
                        (Some(c), n)
                    }
                    _ => {
                        used = llm_fallback(plan.kind);
                        let fb = ColumnPlan {
                            strategy: used,
                            ..plan.clone()
                        };
                        transform::apply(col, &fb, &key, &index)?
                    }
                },
                _ => {
                    let classify = cell_classifier(&rules, plan);
                    transform::apply_with(col, plan, &key, &index, classify.as_deref())?
                }
            };
            if counts.fallbacks > 0 {
                report.warnings.push(format!(
                    "{name}:{}: {} values got a keyed hash instead of a fake (no non-colliding surrogate found)",
                    plan.column, counts.fallbacks
                ));
            }
            cols.extend(new);
            let mut cr = ColumnReport::from_finding(f);
            cr.kind = plan.kind.map(|k| k.to_string());
            cr.strategy = Some(used.as_str().into());
            cr.decided_by = Some(plan.decided_by.clone());
            cr.counts = Some(counts);
            col_reports.push(cr);
        }
        let out = DataFrame::new(p.ds.df.height(), cols)
            .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
        report.inputs.push(InputReport {
            path: name,
            format: p.ds.format.as_str().into(),
            rows: p.ds.df.height(),
            output: Some(p.dest.display()),
            output_format: Some(p.out_format.as_str().into()),
            columns: col_reports,
            fidelity: None,
            risk: None,
        });
        outputs.push(out);
    }
    clock.lap("transform");

    // Verify: leaks, then fidelity and risk, then the thresholds.
    progress("checking for leaks");
    let mut leaks = Vec::new();
    let mut cells = 0;
    for (p, out) in planned.iter().zip(&outputs) {
        let name = p.ds.source.display();
        let (l, c) = verify::search_frame(&name, out, &index, &key)?;
        leaks.extend(l);
        cells += c;
        leaks.extend(verify::check_rows(&name, &p.ds.df, out, &p.plans, &key)?);
    }
    let leaked: usize = leaks.iter().map(|l| l.leaked_cells).sum();
    report.leak_check = Some(LeakCheck {
        passed: leaked as u64 <= policy.gate.max_leaks,
        max_leaks: policy.gate.max_leaks,
        originals_indexed: index.len(),
        cells_checked: cells,
        leaked_cells: leaked,
        columns: leaks,
    });
    clock.lap("verify");
    progress("scanning every output cell for identifiers left behind");
    let scanner = ResidualScanner::new(&rules);
    let mut residual = ResidualCheck::default();
    for (p, out) in planned.iter().zip(&outputs) {
        let name = p.ds.source.display();
        residual.add(verify::residual::scan_run(
            &scanner, &name, &p.ds.df, out, &p.plans, &key,
        )?);
    }
    residual.finish(policy.gate.max_residual);
    report.residual_check = Some(residual);
    clock.lap("residual scan");
    progress("measuring fidelity and risk");
    let valid = |kind: crate::Kind, v: &str| validity(&rules, kind, v);
    for ((p, out), ir) in planned.iter().zip(&outputs).zip(report.inputs.iter_mut()) {
        let specs = fidelity_specs(&p.plans);
        ir.fidelity = Some(verify::fidelity::compute(&p.ds.df, out, &specs, &valid)?);
    }
    clock.lap("fidelity");
    assess_risk(&policy, &planned, &outputs, &mut report)?;
    clock.lap("risk");
    let gate = verify::gate(&policy, &report);
    let passed = gate.passed;
    report.gate = Some(gate);
    if let Some(stage) = stage {
        report.raw_values_included = stage.sends_values();
        let (r, w) = stage.finish();
        report.llm = Some(r);
        report.warnings.extend(w);
    }

    // Write (only when verified), then the report.
    let exit_code = if passed {
        progress("writing");
        let mut pending = Vec::new();
        for (p, out) in planned.iter().zip(outputs.iter_mut()) {
            pending.push(write::prepare(out, &p.dest, p.out_format)?);
        }
        for pw in pending {
            pw.commit(opts.force)?;
        }
        report.verdict = "written".into();
        clock.lap("write");
        crate::error::exit::OK
    } else {
        report.verdict = "refused".into();
        crate::error::exit::VERIFY_FAILED
    };
    report.timings_ms = clock.laps;
    write_reports(
        &report,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        opts.force,
    )?;
    Ok(RunResult { report, exit_code })
}

/// The distinct values of every replaced identifying text column (names, addresses, emails,
/// usernames, …) of every input, for [`transform::spans::KnownOriginals`].
fn known_originals(
    planned: &[Planned],
    prose: &[(crate::Kind, String)],
) -> Result<transform::spans::KnownOriginals> {
    let has_prose = planned
        .iter()
        .any(|p| p.plans.iter().any(|c| c.strategy == Strategy::Spans));
    if !has_prose {
        return Ok(Default::default());
    }
    let mut texts: Vec<(crate::Kind, Series)> = Vec::new();
    for p in planned {
        for plan in &p.plans {
            if let (Some(kind), true) = (plan.kind, plan.strategy.transforms())
                && plan.strategy != Strategy::Spans
                && kind.is_identifying()
            {
                texts.push((kind, transform::as_text(column(&p.ds, &plan.column)?)?));
            }
        }
    }
    // Distinct values only: the matcher lowercases each one it keeps.
    let mut values: Vec<(crate::Kind, &str)> = Vec::new();
    for (kind, s) in &texts {
        let ca = s.str().map_err(transform::polars_err)?;
        let mut seen = foldhash::HashSet::default();
        values.extend(
            ca.iter()
                .flatten()
                .filter(|v| seen.insert(*v))
                .map(|v| (*kind, v)),
        );
    }
    values.extend(prose.iter().map(|(k, v)| (*k, v.as_str())));
    Ok(transform::spans::KnownOriginals::new(values.into_iter()))
}

/// Which kind one value is, by rules (see [`cell_classifier`]).
type CellClassifier<'r> = Box<dyn Fn(&str) -> Option<crate::Kind> + Sync + 'r>;

/// For a column replaced cell by cell (mixed, uncertain, or holding values of other kinds):
/// which of the plan's kinds a value is, by their rules.
fn cell_classifier<'r>(rules: &'r RuleSet, plan: &ColumnPlan) -> Option<CellClassifier<'r>> {
    let base = plan.kind?;
    if plan.cells == detect::CellScope::All && plan.also.is_empty() {
        return None;
    }
    let kinds: Vec<(crate::Kind, Vec<&crate::rules::Rule>)> = std::iter::once(base)
        .chain(plan.also.iter().copied())
        .map(|k| {
            // The header spoke for the plan's own kind; other kinds count by value alone.
            let rs = rules
                .of_kind(k)
                .filter(|r| k == base || !r.def.header_required)
                .collect();
            (k, rs)
        })
        .collect();
    Some(Box::new(move |v: &str| {
        kinds
            .iter()
            .find(|(_, rs)| rs.iter().any(|r| r.matches(v, &rules.dicts)))
            .map(|(k, _)| *k)
    }))
}

/// Default largest relative change of `noise`.
const DEFAULT_NOISE: f64 = 0.1;
/// Default largest shift of `shift-date`, in days.
const DEFAULT_MAX_DAYS: u32 = 30;

fn column<'a>(ds: &'a Dataset, name: &str) -> Result<&'a Column> {
    ds.df
        .column(name)
        .map_err(|e| Error::input(crate::error::scrub_polars(&e)))
}

/// Counts for strategies that rewrite values in place (generalize, noise, shift-date).
fn shaped_counts(col: &Column, replaced: usize) -> transform::Counts {
    let nulls = col.null_count();
    transform::Counts {
        values: col.len() - nulls,
        distinct: col
            .n_unique()
            .unwrap_or(0)
            .saturating_sub(usize::from(nulls > 0)),
        nulls,
        replaced,
        ..Default::default()
    }
}

/// The rule-based strategy an `llm` column falls back to.
fn llm_fallback(kind: Option<crate::Kind>) -> Strategy {
    if kind.is_some() {
        Strategy::Fake
    } else {
        Strategy::Hash
    }
}

/// Entity seeds for one input's `noise` and `shift-date` columns (none needed: `None`).
fn entities_for(
    ds: &Dataset,
    plans: &[ColumnPlan],
    policy: &Policy,
    key: &Key,
) -> Result<Option<transform::generalize::Entities>> {
    if !plans
        .iter()
        .any(|p| matches!(p.strategy, Strategy::Noise | Strategy::ShiftDate))
    {
        return Ok(None);
    }
    Ok(Some(
        match policy.entity.as_deref().map(|e| ds.df.column(e)) {
            Some(Ok(col)) => transform::generalize::Entities::from_column(col, key)?,
            _ => transform::generalize::Entities::by_row(ds.df.height(), key),
        },
    ))
}

/// Builds the candidate pool of every `llm` column (keyed by column name, shared by inputs).
/// `None` for a column means its pool could not be filled: it falls back to rules.
fn llm_pools(
    planned: &[Planned],
    index: &LeakIndex,
    mut stage: Option<&mut llm::LlmStage>,
    sample_size: usize,
    progress: &mut impl FnMut(&str),
) -> Result<std::collections::BTreeMap<String, Option<transform::llm::Pool>>> {
    let mut pools = std::collections::BTreeMap::new();
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
            let mut originals: Vec<String> = Vec::new();
            let mut lengths = (usize::MAX, 0);
            for q in planned {
                if let Ok(c) = q.ds.df.column(&plan.column) {
                    let t = transform::as_text(c)?;
                    let ca = t
                        .str()
                        .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
                    let mut seen = foldhash::HashSet::default();
                    for v in ca.iter().flatten().filter(|v| seen.insert(*v)) {
                        let n = v.trim().chars().count();
                        lengths = (lengths.0.min(n), lengths.1.max(n));
                        originals.push(v.to_string());
                    }
                }
            }
            originals.sort();
            originals.dedup();
            if lengths.0 == usize::MAX {
                lengths = (1, 20);
            }
            let matcher =
                transform::llm::OriginalMatcher::new(originals.iter().map(String::as_str));
            let is_original = |c: &str| matcher.matches(c) || index.contains_original(c);
            let col = column(&p.ds, &plan.column)?;
            let sample = detect::sample(col, sample_size);
            let mut sent = detect::llm::describe_column(col, &sample, false);
            sent.values.clear();
            let spec = transform::llm::PoolSpec {
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
                    .unwrap_or_else(|| transform::llm::default_target(originals.len())),
            };
            let fallback = llm_fallback(plan.kind).as_str();
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

/// What fidelity compares for each planned column.
fn fidelity_specs(plans: &[ColumnPlan]) -> Vec<verify::fidelity::ColumnSpec> {
    use verify::fidelity::{ColumnSpec, Role};
    plans
        .iter()
        .map(|p| ColumnSpec {
            name: p.column.clone(),
            role: match p.strategy {
                Strategy::Drop => Role::Skip("dropped".into()),
                Strategy::Spans => {
                    Role::Skip("free text: personal data replaced span by span".into())
                }
                s if s.keeps_distribution() => Role::Compare,
                s => Role::Identifier {
                    kind: p.kind,
                    strategy: s.as_str().into(),
                    aims_valid: matches!(s, Strategy::Fake | Strategy::Llm),
                },
            },
        })
        .collect()
}

/// Whether `v` passes the value rules of `kind` that validate (checksums, formats); `None`
/// for kinds without such a rule.
fn validity(rules: &RuleSet, kind: crate::Kind, v: &str) -> Option<bool> {
    let mut validated = rules
        .of_kind(kind)
        .filter(|r| r.def.validator.is_some())
        .peekable();
    validated.peek()?;
    Some(validated.any(|r| r.matches(v.trim(), &rules.dicts)))
}

/// k-anonymity before and after, for every input that has all the policy's quasi-identifiers.
fn assess_risk(
    policy: &Policy,
    planned: &[Planned],
    outputs: &[DataFrame],
    report: &mut Report,
) -> Result<()> {
    let qis = &policy.risk.quasi_identifiers;
    if qis.is_empty() {
        return Ok(());
    }
    let mut assessed = 0;
    for ((p, out), ir) in planned.iter().zip(outputs).zip(report.inputs.iter_mut()) {
        if !qis.iter().all(|q| p.ds.df.column(q).is_ok()) {
            continue;
        }
        assessed += 1;
        // A dropped quasi-identifier no longer identifies anyone: assess what is left.
        let kept: Vec<String> = qis
            .iter()
            .filter(|q| out.column(q).is_ok())
            .cloned()
            .collect();
        ir.risk = Some(verify::risk::Risk {
            quasi_identifiers: qis.clone(),
            required_k: policy.gate.min_k,
            before: verify::risk::assess(&p.ds.df, qis, policy.gate.min_k)?,
            after: verify::risk::assess(out, &kept, policy.gate.min_k)?,
        });
    }
    if assessed == 0 {
        report.warnings.push(format!(
            "risk not assessed: no input has all of the quasi-identifiers [{}]{}",
            qis.join(", "),
            if policy.gate.min_k.is_some() {
                ", so min_k was not checked"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

/// Writes the JSON and HTML reports, if asked for.
fn write_reports(
    report: &Report,
    json: Option<&Path>,
    html: Option<&Path>,
    force: bool,
) -> Result<()> {
    if let Some(r) = json {
        write::write_bytes_atomic(r, report.to_json().as_bytes(), force)?;
    }
    if let Some(h) = html {
        write::write_bytes_atomic(h, crate::report::html::render(report).as_bytes(), force)?;
    }
    Ok(())
}

/// Indexes the identifying spans found in a free-text column, so the gate searches for them
/// everywhere like values of a structured column.
fn index_spans(
    index: &mut LeakIndex,
    source: &str,
    col: &Column,
    finder: &SpanFinder,
    rules: &RuleSet,
) -> Result<Vec<(crate::Kind, String)>> {
    let text = transform::as_text(col)?;
    let ca = text
        .str()
        .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
    let mut by_kind: std::collections::BTreeMap<crate::Kind, Vec<&str>> = Default::default();
    let mut seen = foldhash::HashSet::default();
    for v in ca.iter().flatten().filter(|v| seen.insert(*v)) {
        for s in finder.find(v, &rules.dicts) {
            by_kind.entry(s.kind).or_default().push(&v[s.start..s.end]);
        }
    }
    let mut found = Vec::new();
    for (kind, values) in by_kind {
        if kind.is_identifying() {
            found.extend(values.iter().map(|v| (kind, v.to_string())));
        }
        index.add_values(source, kind, values.into_iter());
    }
    Ok(found)
}

/// Accumulates wall time per stage name.
struct Stopwatch {
    last: std::time::Instant,
    laps: std::collections::BTreeMap<String, u64>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Default::default(),
        }
    }
}

impl Stopwatch {
    fn lap(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        *self.laps.entry(stage.to_string()).or_default() += (now - self.last).as_millis() as u64;
        self.last = now;
    }
}

#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub original: Source,
    pub anonymized: Source,
    pub format: Option<Format>,
    pub anonymized_format: Option<Format>,
    pub policy: Option<PathBuf>,
    pub rules_dirs: Vec<PathBuf>,
    pub key: KeySpec,
    pub force: bool,
    pub report: Option<PathBuf>,
    pub report_html: Option<PathBuf>,
    pub sample_size: usize,
}

/// Audits a pair of files that need not come from masq (rows need not be aligned): every value
/// of every identifying column of the original — detected, or named by the policy — is searched
/// for in every cell of the anonymized file. Returns exit code 1 when more cells leak than the
/// policy's `max_leaks` allows.
pub fn verify(opts: &VerifyOptions) -> Result<RunResult> {
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let key = opts.key.resolve()?;
    {
        let mut all: Vec<(&str, &Path)> = Vec::new();
        all.extend(opts.report.iter().map(|p| ("--report", p.as_path())));
        all.extend(
            opts.report_html
                .iter()
                .map(|p| ("--report-html", p.as_path())),
        );
        let sources = [opts.original.clone(), opts.anonymized.clone()];
        write::check_destinations(&all, &read_files(&sources, &opts.key, &opts.policy))?;
    }
    for r in opts.report.iter().chain(&opts.report_html) {
        write::check_destination(&Dest::Path(r.clone()), opts.force)?;
    }
    let mut clock = Stopwatch::default();
    let original = io::read(
        &opts.original,
        io::resolve_format(&opts.original, opts.format)?,
    )?;
    let anonymized = io::read(
        &opts.anonymized,
        io::resolve_format(&opts.anonymized, opts.anonymized_format.or(opts.format))?,
    )?;
    clock.lap("read");
    let findings = detect::detect_frame(&original.df, &rules, opts.sample_size);
    clock.lap("detect");

    let mut report = Report::new("verify");
    report.rules = rules.families.clone();
    report.policy = opts.policy.as_ref().map(|p| p.display().to_string());
    report.key = Some(KeyInfo {
        source: key.source,
        fingerprint: key.fingerprint_id(),
    });
    let mut index = LeakIndex::default();
    let finder = SpanFinder::new(&rules);
    let mut columns = Vec::new();
    let mut specs = Vec::new();
    for f in &findings {
        let kind = policy
            .columns
            .get(&f.column)
            .and_then(|c| c.kind)
            .or(f.kind);
        let mut cr = ColumnReport::from_finding(f);
        cr.kind = kind.map(|k| k.to_string());
        if kind.is_none() && f.free_text {
            let col = original
                .df
                .column(&f.column)
                .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
            index_spans(
                &mut index,
                &format!("{}:{}", original.source.display(), f.column),
                col,
                &finder,
                &rules,
            )?;
            cr.decided_by = Some("spans searched for in the anonymized file".into());
        }
        if let Some(k) = kind.filter(|k| k.is_identifying()) {
            let col = original
                .df
                .column(&f.column)
                .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
            index.add_column(
                &format!("{}:{}", original.source.display(), f.column),
                k,
                col,
            )?;
            cr.decided_by = Some("searched for in the anonymized file".into());
        }
        // Identifiers are profiled (their values are meant to be new); everything else,
        // including generalized quasi-identifiers, has its distribution compared.
        use verify::fidelity::{ColumnSpec, Role};
        specs.push(ColumnSpec {
            name: f.column.clone(),
            role: match kind {
                _ if f.free_text && kind.is_none() => {
                    Role::Skip("free text: personal data searched for as spans".into())
                }
                Some(k) if k.is_identifying() => Role::Identifier {
                    kind: Some(k),
                    strategy: "unknown (audited file)".into(),
                    aims_valid: true,
                },
                _ => Role::Compare,
            },
        });
        columns.push(cr);
    }
    report.inputs.push(InputReport {
        path: original.source.display(),
        format: original.format.as_str().into(),
        rows: original.df.height(),
        output: Some(anonymized.source.display()),
        output_format: Some(anonymized.format.as_str().into()),
        columns,
        fidelity: None,
        risk: None,
    });
    clock.lap("index originals");
    let (leaks, cells) =
        verify::search_frame(&anonymized.source.display(), &anonymized.df, &index, &key)?;
    let leaked: usize = leaks.iter().map(|l| l.leaked_cells).sum();
    clock.lap("verify");
    let valid = |kind: crate::Kind, v: &str| validity(&rules, kind, v);
    report.inputs[0].fidelity = Some(verify::fidelity::compute(
        &original.df,
        &anonymized.df,
        &specs,
        &valid,
    )?);
    clock.lap("fidelity");
    let qis = &policy.risk.quasi_identifiers;
    if !qis.is_empty() {
        for q in qis {
            if original.df.column(q).is_err() {
                return Err(Error::config(format!(
                    "{}: the policy's quasi-identifier '{q}' is not a column of {}",
                    opts.policy
                        .as_ref()
                        .map_or("policy".into(), |p| p.display().to_string()),
                    original.source.display()
                )));
            }
        }
        let kept: Vec<String> = qis
            .iter()
            .filter(|q| anonymized.df.column(q).is_ok())
            .cloned()
            .collect();
        report.inputs[0].risk = Some(verify::risk::Risk {
            quasi_identifiers: qis.clone(),
            required_k: policy.gate.min_k,
            before: verify::risk::assess(&original.df, qis, policy.gate.min_k)?,
            after: verify::risk::assess(&anonymized.df, &kept, policy.gate.min_k)?,
        });
    }
    clock.lap("risk");
    if index.is_empty() {
        report.warnings.push(format!(
            "no identifying column was found in {}: the leak search had no originals to look for (name columns with a policy); the residual scan still looked at every cell",
            original.source.display()
        ));
    }
    report.leak_check = Some(LeakCheck {
        passed: leaked as u64 <= policy.gate.max_leaks,
        max_leaks: policy.gate.max_leaks,
        originals_indexed: index.len(),
        cells_checked: cells,
        leaked_cells: leaked,
        columns: leaks,
    });
    // Identifiers of the original that sit in the anonymized file, whether or not detection
    // recognised their columns.
    let scanner = ResidualScanner::new(&rules);
    let held = verify::residual::identifiers_in(&scanner, &original.df)?;
    let mut residual = ResidualCheck::default();
    residual.add(verify::residual::scan_audited(
        &scanner,
        &anonymized.source.display(),
        &anonymized.df,
        &held,
        &key,
    )?);
    residual.finish(policy.gate.max_residual);
    report.residual_check = Some(residual);
    clock.lap("residual scan");
    let gate = verify::gate(&policy, &report);
    let passed = gate.passed;
    report.gate = Some(gate);
    report.verdict = if passed { "verified" } else { "failed" }.into();
    report.timings_ms = clock.laps;
    write_reports(
        &report,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        opts.force,
    )?;
    let exit_code = if passed {
        crate::error::exit::OK
    } else {
        crate::error::exit::VERIFY_FAILED
    };
    Ok(RunResult { report, exit_code })
}
