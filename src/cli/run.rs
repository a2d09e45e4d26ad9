//! `masq run INPUT... -o OUT` — replace personal data, verify, then write.
//!
//! Detects (or takes from `--policy`) what each column holds, replaces it with keyed surrogates,
//! searches every output cell for every original identifier, and only then renames the outputs
//! into place. A failed check exits 1 and writes nothing but the report.
//!
//! Example:
//!   masq run fixtures/customers_en.csv -o out/ --key-file masq.key --report out/report.json

use super::{AuditArgs, InputArgs, LlmArgs};
use clap::Args;
use masq::error::{Error, Result};
use masq::io::Format;
use masq::pipeline::{self, OutputTarget, RunOptions};
use std::io::IsTerminal;

const EXAMPLES: &str = "\
Examples:
  masq run customers.csv -o clean/ --key-file masq.key --report clean/report.json
  masq run a.csv b.ndjson -o clean/                 one output per input, same file names
  masq run export.csv -o export.parquet             convert while anonymizing
  masq run x.csv --policy masq.toml -o -            policy from `masq scan --plan`, to stdout
  masq run x.csv -o clean/ --report-html clean/report.html   a report to read in a browser
  masq run x.csv -o clean/ --llm-url http://127.0.0.1:8089/v1   LLM votes and `llm` surrogates
  masq run customers.csv orders.csv -o pack/ --root customers --rows 50   a slice that joins
  masq run 'postgres://me@db/shop?table=public.customers' 'postgres://me@db/shop?table=public.orders' \
      -o 'postgres://me@db/shop?schema=anon'      tables in, a new schema out (one transaction)

Exit codes: 0 written and verified; 1 a leak, or k or fidelity below the policy's threshold
(nothing written); 2 bad input, flags, policy or rules (nothing written); 3 the LLM failed
under --llm required (nothing written).";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output: a file (one input), a folder ending in `/` or existing (one file per input, same
    /// name), `-` for stdout, or a new PostgreSQL schema (`postgres://…/db?schema=anon`).
    #[arg(short, long, value_name = "OUT")]
    pub output: String,

    /// Output format (csv, tsv, parquet, json, ndjson; the text formats also compressed: csv.gz,
    /// ndjson.zst, …); default: the output file's extension, else the input's format.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_format)]
    pub output_format: Option<Format>,

    /// Memory ceiling (e.g. 512M, 2G, 4GiB): sizes the batches the inputs are streamed in;
    /// past an eighth of it, the keyed hashes of originals and surrogates move to temporary
    /// files in $TMPDIR.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub memory_limit: u64,

    /// Input bytes per batch, instead of the size the memory limit gives (for tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub batch_size: Option<usize>,

    /// Bytes the keyed hashes may hold in memory before moving to disk, instead of an eighth
    /// of the memory limit (for tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub maps_budget: Option<usize>,

    #[command(flatten)]
    pub audit: AuditArgs,

    #[command(flatten)]
    pub llm: LlmArgs,

    #[command(flatten)]
    pub slice: SliceArgs,
}

/// A slice of related tables (a fixture pack): with `--root`, the output folder gets the slice
/// of every input, anonymized with keys that still join, plus manifest.json and report.json.
#[derive(Debug, Args)]
#[command(next_help_heading = "Slice (fixture packs of related tables)")]
pub struct SliceArgs {
    /// The table the slice starts from (an input's file name without extensions); relations
    /// come from the policy's [[relations]], else as `masq scan` suggests them.
    #[arg(long, value_name = "TABLE")]
    pub root: Option<String>,

    /// At most N root rows, by keyed sample (same key, same slice).
    #[arg(long, value_name = "N", requires = "root", conflicts_with = "fraction")]
    pub rows: Option<usize>,

    /// This share of the root rows (0–1], by keyed sample.
    #[arg(long, value_name = "F", requires = "root")]
    pub fraction: Option<f64>,

    /// Only root rows where this SQL predicate holds, e.g. "country = 'DE'".
    #[arg(long = "where", value_name = "PREDICATE", requires = "root")]
    pub filter: Option<String>,

    /// At most N children per parent row and relation (default: all).
    #[arg(long, value_name = "N", requires = "root")]
    pub max_children: Option<usize>,
}

impl SliceArgs {
    fn options(&self) -> Option<pipeline::SubsetOptions> {
        Some(pipeline::SubsetOptions {
            root: self.root.clone()?,
            rows: self.rows,
            fraction: self.fraction,
            filter: self.filter.clone(),
            max_children: self.max_children,
        })
    }
}

/// `--memory-limit`: a size of at least 64 MiB.
fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let bytes = super::parse_bytes(s)?;
    if bytes < 64 << 20 {
        return Err(format!("'{s}': the memory limit must be at least 64M"));
    }
    Ok(bytes)
}

/// `masq subset`: `run` with `--root` required.
pub fn subset(a: RunArgs) -> Result<u8> {
    if a.slice.root.is_none() {
        return Err(Error::config(
            "masq subset needs --root TABLE (the table the slice starts from)",
        ));
    }
    run(a)
}

pub fn run(a: RunArgs) -> Result<u8> {
    let key = a.audit.key();
    let opts = RunOptions {
        output: OutputTarget::from_arg(&a.output, a.input.inputs.len()),
        inputs: a.input.sources(),
        format: a.input.format,
        output_format: a.output_format,
        policy: a.audit.policy.clone(),
        rules_dirs: a.input.rules_dirs.clone(),
        key,
        force: a.audit.force,
        report: a.audit.report.clone(),
        report_html: a.audit.report_html.clone(),
        sample_size: a.input.sample,
        llm: a.llm.options(),
        memory_limit: a.memory_limit,
        limits: a.input.limits.limits(),
        batch_size: a.batch_size,
        maps_budget: a.maps_budget,
        read_counter: Default::default(),
        relations: vec![],
        input_names: vec![],
        growing: vec![],
    };
    let bar = (!a.audit.quiet && std::io::stderr().is_terminal())
        .then(|| Progress::start(&opts.inputs, opts.read_counter.clone()));
    let stage = |stage: &str| {
        if let Some(b) = &bar {
            b.stage(stage);
        }
    };
    let sub = a.slice.options();
    let res = if pipeline::postgres::needs_db(&a.input.inputs, &a.output) {
        pipeline::postgres::run_db(&opts, &a.input.inputs, &a.output, sub.as_ref(), stage)
    } else {
        match sub {
            Some(sub) => pipeline::subset(&opts, &sub, stage),
            None => pipeline::run(&opts, stage),
        }
    };
    drop(bar);
    let res = res?;
    if !a.audit.quiet || res.exit_code() != 0 {
        eprint!("{}", masq::text::printable(&res.report.summary()));
    }
    if res.exit_code() != 0 {
        return Err(Error::Verification(format!(
            "verification failed ({}); nothing was written",
            res.report.gate_summary()
        )));
    }
    Ok(res.exit_code())
}

/// The progress bar on a terminal: both passes' bytes read out of the inputs' total, rows per
/// second, the stage, and the time left.
struct Progress {
    bar: indicatif::ProgressBar,
    counter: masq::io::batches::Counter,
    started: std::time::Instant,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

/// Puts the bytes and rows read so far on the bar.
fn show_counts(
    bar: &indicatif::ProgressBar,
    counter: &masq::io::batches::Counter,
    started: std::time::Instant,
) {
    bar.set_position(counter.bytes());
    let rows = counter.rows();
    let secs = started.elapsed().as_secs_f64().max(0.001);
    bar.set_prefix(format!("{} rows, {:.0} rows/s", rows, rows as f64 / secs));
}

impl Progress {
    fn start(inputs: &[masq::io::Source], counter: masq::io::batches::Counter) -> Progress {
        use std::sync::atomic::Ordering;
        // Each input is read twice (index, then transform).
        let total: u64 = inputs
            .iter()
            .map(|s| match s {
                masq::io::Source::Path(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                masq::io::Source::Stdin => 0,
            })
            .sum::<u64>()
            * 2;
        let bar = indicatif::ProgressBar::new(total.max(1));
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {msg:32!} [{bar:24}] {binary_bytes}/{binary_total_bytes} {prefix} ETA {eta}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let started = std::time::Instant::now();
        let (b, c, s) = (bar.clone(), counter.clone(), stop.clone());
        let ticker = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                show_counts(&b, &c, started);
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        });
        Progress {
            bar,
            counter,
            started,
            stop,
            ticker: Some(ticker),
        }
    }

    /// A new stage: its name, with the counts as they are now (a short stage may begin and end
    /// between two of the ticker's updates, and a busy machine may delay them).
    fn stage(&self, stage: &str) {
        show_counts(&self.bar, &self.counter, self.started);
        self.bar.set_message(stage.to_string());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
    }
}
