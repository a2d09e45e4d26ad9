//! The whole job, stage by stage: `scan` (load → detect), `run` (load → detect → plan →
//! transform → verify → write → report) and `verify` (audit a pair of files someone produced).
//!
//! Options arrive as plain data ([`RunOptions`], [`ScanOptions`]); the CLI builds them from flags.
//! Nothing reaches a destination before every input of the run has passed the gate: outputs are
//! prepared as temporary files, and committed together only then.

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
#[derive(Debug, Clone)]
pub enum KeySpec {
    File(PathBuf),
    Env(Vec<u8>),
    Random,
}

impl KeySpec {
    /// `--key-file` if given, else `MASQ_KEY` if set, else a random key for this run.
    pub fn from_flag_or_env(key_file: Option<&Path>) -> KeySpec {
        match (key_file, std::env::var_os("MASQ_KEY")) {
            (Some(p), _) => KeySpec::File(p.to_path_buf()),
            (None, Some(v)) => {
                use std::os::unix::ffi::OsStrExt;
                KeySpec::Env(v.as_bytes().to_vec())
            }
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
    pub sample_size: usize,
}

/// The result of `scan`: findings per input.
pub struct ScanResult {
    pub inputs: Vec<(String, Vec<ColumnFinding>)>,
    pub report: Report,
}

/// Reads every input and detects its columns.
pub fn scan(opts: &ScanOptions) -> Result<ScanResult> {
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let mut report = Report::new("scan");
    report.verdict = "scanned".into();
    report.rules = rules.families.clone();
    let mut inputs = Vec::new();
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
        report.inputs.push(InputReport {
            path: src.display(),
            format: fmt.as_str().into(),
            rows: ds.df.height(),
            output: None,
            output_format: None,
            columns: findings.iter().map(ColumnReport::from_finding).collect(),
            fidelity: None,
            risk: None,
        });
        inputs.push((src.display(), findings));
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
    for (d, _) in &dests {
        write::check_destination(d, opts.force)?;
    }
    if let Some(r) = &opts.report {
        write::check_destination(&Dest::Path(r.clone()), opts.force)?;
    }

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

    // Load and plan every input.
    let mut clock = Stopwatch::default();
    let mut planned = Vec::new();
    for (src, (dest, out_fmt)) in opts.inputs.iter().zip(dests) {
        let fmt = io::resolve_format(src, opts.format)?;
        progress(&format!("reading {}", src.display()));
        let ds = io::read(src, fmt)?;
        clock.lap("read");
        progress(&format!("detecting in {}", src.display()));
        let findings = detect::detect_frame(&ds.df, &rules, opts.sample_size);
        clock.lap("detect");
        let plans = policy::resolve(&findings, &policy, &src.display())?;
        planned.push(Planned {
            out_format: out_fmt.unwrap_or(fmt),
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
    for name in policy.columns.keys() {
        if !used.contains(name.as_str()) {
            report
                .warnings
                .push(format!("policy names column '{name}', which no input has"));
        }
    }

    // Originals of every transformed identifying column, across all inputs: the leak gate
    // searches for them, and surrogates are drawn again when they would equal one.
    let mut index = LeakIndex::default();
    let finder = SpanFinder::new(&rules);
    for p in &planned {
        for plan in &p.plans {
            if plan.strategy == Strategy::Spans {
                let col =
                    p.ds.df
                        .column(&plan.column)
                        .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
                index_spans(
                    &mut index,
                    &format!("{}:{}", p.ds.source.display(), plan.column),
                    col,
                    &finder,
                    &rules,
                )?;
                continue;
            }
            if let (Some(kind), true) = (plan.kind, plan.strategy.transforms()) {
                let col =
                    p.ds.df
                        .column(&plan.column)
                        .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
                index.add_column(
                    &format!("{}:{}", p.ds.source.display(), plan.column),
                    kind,
                    col,
                )?;
            }
        }
    }

    clock.lap("index originals");

    // Transform.
    let mut outputs = Vec::new();
    for p in &planned {
        progress(&format!("replacing values in {}", p.ds.source.display()));
        let mut cols = Vec::new();
        let mut col_reports = Vec::new();
        for (f, plan) in p.findings.iter().zip(&p.plans) {
            let col =
                p.ds.df
                    .column(&plan.column)
                    .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
            let (new, counts) = if plan.strategy == Strategy::Spans {
                let (c, n) = transform::spans::apply(col, &finder, &rules.dicts, &key, &index)?;
                (Some(c), n)
            } else {
                transform::apply(col, plan, &key, &index)?
            };
            if counts.fallbacks > 0 {
                report.warnings.push(format!(
                    "{}:{}: {} values got a keyed hash instead of a fake (no non-colliding surrogate found)",
                    p.ds.source.display(),
                    plan.column,
                    counts.fallbacks
                ));
            }
            cols.extend(new);
            let mut cr = ColumnReport::from_finding(f);
            cr.kind = plan.kind.map(|k| k.to_string());
            cr.strategy = Some(plan.strategy.as_str().into());
            cr.decided_by = Some(plan.decided_by.clone());
            cr.counts = Some(counts);
            col_reports.push(cr);
        }
        let out = DataFrame::new(p.ds.df.height(), cols)
            .map_err(|e| Error::input(crate::error::scrub_polars(&e)))?;
        report.inputs.push(InputReport {
            path: p.ds.source.display(),
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

    // Verify.
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
    clock.lap("verify");
    let passed = leaked as u64 <= policy.gate.max_leaks;
    report.leak_check = Some(LeakCheck {
        passed,
        max_leaks: policy.gate.max_leaks,
        originals_indexed: index.len(),
        cells_checked: cells,
        leaked_cells: leaked,
        columns: leaks,
    });

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
    if let Some(r) = &opts.report {
        write::write_bytes_atomic(r, report.to_json().as_bytes(), opts.force)?;
    }
    Ok(RunResult { report, exit_code })
}

/// Indexes the identifying spans found in a free-text column, so the gate searches for them
/// everywhere like values of a structured column.
fn index_spans(
    index: &mut LeakIndex,
    source: &str,
    col: &Column,
    finder: &SpanFinder,
    rules: &RuleSet,
) -> Result<()> {
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
    for (kind, values) in by_kind {
        index.add_values(source, kind, values.into_iter());
    }
    Ok(())
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
    if let Some(r) = &opts.report {
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
    let passed = leaked as u64 <= policy.gate.max_leaks;
    clock.lap("verify");
    if index.is_empty() {
        report.warnings.push(format!(
            "no identifying column was found in {}; nothing was searched for (name columns with a policy)",
            original.source.display()
        ));
    }
    report.leak_check = Some(LeakCheck {
        passed,
        max_leaks: policy.gate.max_leaks,
        originals_indexed: index.len(),
        cells_checked: cells,
        leaked_cells: leaked,
        columns: leaks,
    });
    report.verdict = if passed { "verified" } else { "failed" }.into();
    report.timings_ms = clock.laps;
    if let Some(r) = &opts.report {
        write::write_bytes_atomic(r, report.to_json().as_bytes(), opts.force)?;
    }
    let exit_code = if passed {
        crate::error::exit::OK
    } else {
        crate::error::exit::VERIFY_FAILED
    };
    Ok(RunResult { report, exit_code })
}
