//! The whole job, stage by stage: [`scan`] (load → detect), [`run`] (load → detect → plan →
//! transform → audit → write → report) and [`verify`] (audit a pair of files someone produced).
//!
//! Orchestration only: each step calls a stage (`detect`, `policy`, `transform`,
//! `verify::audit`) and the report is assembled from their typed results at the end. Options
//! arrive as plain data ([`RunOptions`], [`ScanOptions`], [`VerifyOptions`]); the CLI builds them
//! from flags. Nothing reaches a destination before every input of the run has passed the gate:
//! outputs are prepared as temporary files, and committed together only then.

mod distinct;
pub mod llm_stage;
pub mod postgres;
mod run;
mod scan;
mod spill;
mod subset;
mod verify;

pub use run::run;
pub use scan::{ScanResult, scan};
pub use subset::{PackCheck, PackJoin, SubsetOptions, subset, verify_pack};
pub use verify::verify;

use crate::error::{Error, Result};
use crate::io::write;
use crate::io::{Format, Source};
use crate::keys::{Key, KeySource};
use crate::report::Report;
pub(crate) use crate::timing::Stopwatch;
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
    /// One pipe per input, in order (a PostgreSQL load, [`crate::io::pg_load`]).
    Pipes(Vec<crate::io::write::Pipe>),
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
    pub llm: Option<llm_stage::LlmOptions>,
    /// What is read at most from an input.
    pub limits: crate::io::Limits,
    /// Foreign keys a database declares between the inputs, with their constraint names
    /// (reported ahead of what the values suggest).
    pub declared: Vec<(crate::policy::RelationDecl, String)>,
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
    pub llm: Option<llm_stage::LlmOptions>,
    /// The memory ceiling in bytes (`--memory-limit`): it sizes the batches.
    pub memory_limit: u64,
    /// Input bytes per batch, overriding the size derived from `memory_limit` (tests use tiny
    /// batches to show the output does not depend on them).
    pub batch_size: Option<usize>,
    /// Bytes the keyed hashes of originals and surrogates may hold in memory before the
    /// largest move to disk, overriding an eighth of `memory_limit` (tests use 0 to show the
    /// output does not depend on it).
    pub maps_budget: Option<usize>,
    /// Input bytes read so far (for a progress bar).
    pub read_counter: crate::io::batches::Counter,
    /// What is read at most from an input.
    pub limits: crate::io::Limits,
    /// Relations besides the policy's (e.g. those `scan` suggested, for a slice).
    pub relations: Vec<crate::policy::RelationDecl>,
    /// How reports name the inputs, when not by their paths (a PostgreSQL table's URL for
    /// its temporary copy); empty: by their paths.
    pub input_names: Vec<String>,
    /// Per input, when it is a file still being written (a PostgreSQL table being copied
    /// out): read as it grows. Empty: none is.
    pub growing: Vec<Option<std::sync::Arc<crate::io::growing::Growth>>>,
}

/// The largest batch the memory ceiling gives: 8 MiB of input.
pub const MAX_BATCH_BYTES: usize = 8 << 20;

/// The default `--memory-limit`: 2 GiB.
pub const DEFAULT_MEMORY_LIMIT: u64 = 2 << 30;

impl RunOptions {
    /// Writes the reports `--report` and `--report-html` ask for.
    fn write_reports(&self, report: &Report) -> Result<()> {
        write_reports(
            report,
            self.report.as_deref(),
            self.report_html.as_deref(),
            self.force,
        )
    }

    /// Bytes the keyed hashes may hold in memory: an eighth of the memory ceiling (the rest
    /// goes to the batches, the regex engines' caches, the audit's samples and the filters of
    /// maps on disk), unless `maps_budget` says otherwise.
    pub fn maps_budget(&self) -> usize {
        self.maps_budget.unwrap_or((self.memory_limit / 8) as usize)
    }

    /// Input bytes per batch: a sixteenth of the memory ceiling (a batch's text is held about
    /// four times over: raw, parsed, transformed, encoded; several batches' worth goes to the
    /// index, the audit sample and the allocator), at least 1 MiB, at most [`MAX_BATCH_BYTES`]:
    /// reading, transforming and writing overlap only across batches, so a file of one batch
    /// is read, then transformed, then written (a 1M-row, 120 MB PostgreSQL table: 8 MiB
    /// batches took 5.8 s from table to table where one 128 MiB batch took 8.0 s).
    pub fn batch_bytes(&self) -> usize {
        self.batch_size.unwrap_or_else(|| {
            (self.memory_limit / 16).clamp(1 << 20, MAX_BATCH_BYTES as u64) as usize
        })
    }
}

/// What `run` did. `report.verdict` is `written` or `refused`.
pub struct RunResult {
    pub report: Report,
}

impl RunResult {
    /// 0, or 1 when the gate refused: the verdict is the one source of the exit code.
    pub fn exit_code(&self) -> u8 {
        self.report.verdict.exit_code()
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
    /// What is read at most from either input.
    pub limits: crate::io::Limits,
}

/// A table's name for relations: the file name without its extensions (`orders.csv.gz` →
/// `orders`).
pub fn table_name(src: &Source) -> String {
    let full = src.display();
    let file = Path::new(&full)
        .file_name()
        .map_or(full.clone(), |f| f.to_string_lossy().into_owned());
    file.split('.').next().unwrap_or(&file).to_string()
}

/// The files a command reads, by role, which no destination may name.
pub(crate) fn read_files<'a>(
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

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Refuses, before any work, report destinations that name a file the command reads or each
/// other, or that exist without `--force`.
fn check_report_destinations<'a>(
    mut all: Vec<(&'static str, &'a Path)>,
    json: Option<&'a Path>,
    html: Option<&'a Path>,
    reads: &[(&'static str, &Path)],
    force: bool,
) -> Result<()> {
    all.extend(json.map(|p| ("--report", p)));
    all.extend(html.map(|p| ("--report-html", p)));
    write::check_destinations(&all, reads)?;
    for r in json.iter().chain(&html) {
        write::check_destination(&write::Dest::Path(r.to_path_buf()), force)?;
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
