//! Command-line flags and dispatch. One file per subcommand, each starting with its usage text;
//! flags are documented where they are defined. This is the only module that knows `clap`; it
//! turns flags into the plain option structs of [`masq::pipeline`] and prints results.

mod rules;
mod run;
mod scan;
pub mod schema;
mod synth;
mod verify;

use clap::{Args, Parser, Subcommand};
use masq::error::{Error, Result, exit};
use masq::io::{Format, Source};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  masq scan customers.csv                     what personal data is where, and why
  masq scan data/*.csv --plan masq.toml       write a reviewable policy
  masq run customers.csv -o clean/ --key-file masq.key --report report.json
  masq run a.csv b.parquet -o clean/ --policy masq.toml
  cat x.csv | masq run - -o - > clean.csv
  masq subset data/*.csv --root customers --rows 50 -o pack/   a fixture pack that joins
  masq verify --original prod.csv --anonymized shared.csv   audit someone else's output
  masq synth --schema examples/synth/tv.toml --rows 1000 -o tv.csv   synthetic rows

Exit codes: 0 written and verified, 1 verification failed (nothing written),
2 usage, input or configuration error, 3 a required external service failed,
130/143 interrupted by SIGINT/SIGTERM (nothing written).";

const SUBSET_EXAMPLES: &str = "\
Examples:
  masq subset customers.csv orders.csv order_items.csv --root customers --rows 50 -o pack/
  masq subset data/*.csv --root customers --where \"country = 'DE'\" --max-children 20 -o pack/
  masq subset data/*.parquet --root orders --fraction 0.01 --policy masq.toml -o pack/

Relations come from the policy's [[relations]] (from = \"orders.cust_ref\" to =
\"customers.customer_id\"), else from the values and names as `masq scan` suggests them. Every
parent a chosen row references is taken, and the children of chosen rows down from the root.
Keys and references get one keyed surrogate per value, so every join of the slice still joins;
the output is checked for it before the folder is written.

Exit codes: 0 written and verified; 1 a leak, a threshold or a broken join (nothing written);
2 bad input, flags, policy or relations (nothing written).";

/// masq — find personal data in datasets, replace it with keyed surrogates, verify, then write.
#[derive(Debug, Parser)]
#[command(name = "masq", version, about, after_help = AFTER_HELP, propagate_version = true, term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find personal data: kind, confidence and evidence per column.
    Scan(scan::ScanArgs),
    /// Replace personal data with surrogates, verify nothing leaked, then write.
    Run(run::RunArgs),
    /// Take a slice of related tables that still joins, anonymized, as a fixture pack.
    #[command(after_help = SUBSET_EXAMPLES)]
    Subset(run::RunArgs),
    /// Audit a pair of files: count the original identifiers that survive in the other.
    Verify(verify::VerifyArgs),
    /// Generate a synthetic table from a schema file, check its constraints, then write.
    Synth(synth::SynthArgs),
    /// Check and list detection rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Print the JSON Schema of the report, the policy file or synth schema files.
    Schema {
        #[arg(value_enum)]
        which: schema::Which,
    },
}

/// Flags shared by commands that read data.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input files (CSV, TSV, Parquet, JSON, NDJSON; all but Parquet also .gz or .zst), `-`
    /// for stdin, or PostgreSQL tables (`postgres://user@host/db?table=schema.name`; `run`).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Input format, when the extension does not say (stdin defaults to csv): csv, tsv, parquet,
    /// json, ndjson, or one of the text formats compressed: csv.gz, ndjson.zst, …
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// Extra rule folder(s): *.toml rule families, plus dict/*.txt dictionary entries.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,

    /// How many values per column detection samples (at least 1: detection never switches off).
    #[arg(long, value_name = "N", default_value_t = masq::detect::DEFAULT_SAMPLE,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub sample: usize,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// What masq reads at most from an input; beyond a limit it stops with exit 2 before parsing.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input limits")]
pub struct LimitArgs {
    /// Deepest nesting of arrays and objects read in JSON and NDJSON.
    #[arg(long, value_name = "N", default_value_t = masq::io::MAX_JSON_DEPTH,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_depth: usize,

    /// Longest CSV/TSV field, or NDJSON line, read (e.g. 64M); it also bounds the memory an
    /// unclosed quote can take.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_field_size)]
    pub max_field_size: usize,

    /// Most columns a table may have.
    #[arg(long, value_name = "N", default_value_t = masq::io::DEFAULT_MAX_COLUMNS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_columns: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> masq::io::Limits {
        masq::io::Limits {
            depth: self.max_depth,
            field_bytes: self.max_field_size,
            columns: self.max_columns,
        }
    }
}

fn parse_field_size(s: &str) -> std::result::Result<usize, String> {
    match parse_bytes(s)? {
        0 => Err(format!(
            "'{s}': the field size limit must be at least 1 byte"
        )),
        n => usize::try_from(n).map_err(|_| format!("'{s}' is too large")),
    }
}

/// `512M`, `2G`, `1.5GiB`, `4096` (bytes): binary units, case-insensitive.
pub(crate) fn parse_bytes(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.trim_end_matches("ib").trim_end_matches('b');
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1u64 << 10),
        Some('m') => (&t[..t.len() - 1], 1 << 20),
        Some('g') => (&t[..t.len() - 1], 1 << 30),
        Some('t') => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a size (e.g. 512M, 2G)"))?;
    if !(n.is_finite() && n >= 0.0) {
        return Err(format!("'{s}' is not a size (e.g. 512M, 2G)"));
    }
    Ok((n * mult as f64) as u64)
}

/// Flags for the LLM (scan and run). Without `--llm-url` (or `--llm-replay`), no LLM is used
/// and masq makes no network connection.
/// Flags `run` and `verify` share: the policy, the key, and where the report goes.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Policy file (TOML): what to do with each column (`masq scan --plan` writes one), `kind`
    /// per column over detection, and the `[gate]` thresholds.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Secret key file (≥ 16 bytes) for consistent surrogates and fingerprints across files and
    /// runs. Without it (and without MASQ_KEY), a random key is used and the report says so.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Replace existing output and report files.
    #[arg(long)]
    pub force: bool,

    /// Write the audit report (JSON) here — also when verification fails.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Also write the report as a self-contained HTML page (charts, no network).
    #[arg(long, value_name = "FILE")]
    pub report_html: Option<PathBuf>,

    /// Print nothing on stderr unless there is an error.
    #[arg(short, long)]
    pub quiet: bool,
}

impl AuditArgs {
    /// `--key-file`, else `MASQ_KEY`, else a random key.
    pub fn key(&self) -> masq::pipeline::KeySpec {
        masq::pipeline::KeySpec::from_flag_or_env(self.key_file.as_deref())
    }
}

#[derive(Debug, Args)]
#[command(next_help_heading = "LLM (optional)")]
pub struct LlmArgs {
    /// Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8089/v1 (llama.cpp),
    /// http://localhost:11434/v1 (Ollama), https://api.openai.com/v1. Columns the rules cannot
    /// settle are put to it (as value shapes, not values), and `llm` columns get surrogates
    /// written by it. API key: MASQ_LLM_API_KEY.
    #[arg(long, value_name = "URL")]
    pub llm_url: Option<String>,

    /// Model name sent to the server.
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub llm_model: String,

    /// `optional`: when the model fails, fall back to rules and say so; `required`: exit 3.
    #[arg(
        long = "llm",
        value_name = "MODE",
        value_enum,
        default_value = "optional"
    )]
    pub llm_mode: LlmModeArg,

    /// What classification prompts carry about values: `shapes` (`Aaaa Aaa`, `ddd-dd-dddd`,
    /// with counts and lengths) or `values` (raw samples too; the report then says so).
    #[arg(long, value_name = "WHAT", value_enum, default_value = "shapes")]
    pub llm_send: LlmSendArg,

    /// Seconds before one request is given up (then retried).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub llm_timeout: u64,

    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub llm_concurrency: usize,

    /// Retries per request after a 429, a 5xx, a timeout or an answer that breaks the schema.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub llm_retries: u32,

    /// The most requests one command may send (retries included).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub llm_budget: u64,

    /// Folder of cached answers (default ~/.cache/masq/llm); a re-run with the same prompts
    /// sends nothing.
    #[arg(long, value_name = "DIR")]
    pub llm_cache: Option<PathBuf>,

    /// Do not read or write the answer cache.
    #[arg(long)]
    pub no_llm_cache: bool,

    /// Answer from recorded replies in DIR (the cache's format) instead of a server.
    #[arg(long, value_name = "DIR", conflicts_with = "llm_url")]
    pub llm_replay: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LlmModeArg {
    Optional,
    Required,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LlmSendArg {
    Shapes,
    Values,
}

impl LlmArgs {
    /// The resolved LLM options, or `None` when no LLM was asked for.
    pub fn options(&self) -> Option<masq::pipeline::llm_stage::LlmOptions> {
        use masq::pipeline::llm_stage::{LlmBackend, LlmMode, LlmOptions};
        let backend = if let Some(dir) = &self.llm_replay {
            LlmBackend::Replay {
                dir: dir.clone(),
                model: self.llm_model.clone(),
            }
        } else {
            let url = self.llm_url.clone()?;
            let mut cfg = masq::llm::LlmConfig::new(url, self.llm_model.clone());
            cfg.timeout = std::time::Duration::from_secs(self.llm_timeout.max(1));
            cfg.concurrency = self.llm_concurrency.max(1);
            cfg.retries = self.llm_retries;
            cfg.budget = Some(self.llm_budget);
            cfg.cache_dir = if self.no_llm_cache {
                None
            } else {
                self.llm_cache
                    .clone()
                    .or_else(masq::llm::LlmConfig::default_cache_dir)
            };
            LlmBackend::Http(cfg)
        };
        Some(LlmOptions {
            backend,
            mode: match self.llm_mode {
                LlmModeArg::Optional => LlmMode::Optional,
                LlmModeArg::Required => LlmMode::Required,
            },
            send_values: matches!(self.llm_send, LlmSendArg::Values),
        })
    }
}

impl InputArgs {
    fn sources(&self) -> Vec<Source> {
        self.inputs.iter().map(|s| Source::from_arg(s)).collect()
    }
}

/// `--format` / `--output-format`: a table format, optionally with `.gz` or `.zst`.
pub fn parse_format(s: &str) -> std::result::Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        if Format::parse(s.split('.').next().unwrap_or(s)) == Some(Format::Parquet) {
            format!("'{s}': parquet is compressed inside and cannot be .gz or .zst")
        } else {
            format!("unknown format '{s}' (one of {})", Format::NAMES)
        }
    })
}

/// Parses the process arguments and runs the command; returns the exit code.
pub fn main() -> Result<u8> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match cli.command {
        Command::Scan(a) => scan::run(a),
        Command::Run(a) => run::run(a),
        Command::Subset(a) => run::subset(a),
        Command::Verify(a) => verify::run(a),
        Command::Synth(a) => synth::run(a),
        Command::Rules(c) => rules::run(c),
        Command::Schema { which } => schema::run(which),
    }
}

/// Writes `text` to a file atomically (refusing to replace one without `force`).
fn write_text(path: &std::path::Path, text: &str, force: bool) -> Result<()> {
    masq::io::write::check_destination(&masq::io::write::Dest::Path(path.to_path_buf()), force)?;
    masq::io::write::write_bytes_atomic(path, text.as_bytes(), force)
}

fn stdout_text(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::output(format!("<stdout>: {e}")))
        }
        _ => Ok(()),
    }
}
