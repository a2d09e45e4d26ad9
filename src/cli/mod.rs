//! Command-line flags and dispatch. One file per subcommand, each starting with its usage text;
//! flags are documented where they are defined. This is the only module that knows `clap`; it
//! turns flags into the plain option structs of [`crate::pipeline`] and prints results.

mod rules;
mod run;
mod scan;
pub mod schema;
mod verify;

use crate::error::{Error, Result, exit};
use crate::io::{Format, Source};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  masq scan customers.csv                     what personal data is where, and why
  masq scan data/*.csv --plan masq.toml       write a reviewable policy
  masq run customers.csv -o clean/ --key-file masq.key --report report.json
  masq run a.csv b.parquet -o clean/ --policy masq.toml
  cat x.csv | masq run - -o - > clean.csv
  masq verify --original prod.csv --anonymized shared.csv   audit someone else's output

Exit codes: 0 written and verified, 1 verification failed (nothing written),
2 usage, input or configuration error, 3 a required external service failed.";

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
    /// Audit a pair of files: count the original identifiers that survive in the other.
    Verify(verify::VerifyArgs),
    /// Check and list detection rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Print the JSON Schema of the report or of the policy file.
    Schema {
        #[arg(value_enum)]
        which: schema::Which,
    },
}

/// Flags shared by commands that read data.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input files (CSV, TSV, Parquet, JSON, NDJSON), or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Input format, when the extension does not say (stdin defaults to csv).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// Extra rule folder(s): *.toml rule families, plus dict/*.txt dictionary entries.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,

    /// How many values per column detection samples.
    #[arg(long, value_name = "N", default_value_t = crate::detect::DEFAULT_SAMPLE)]
    pub sample: usize,
}

impl InputArgs {
    fn sources(&self) -> Vec<Source> {
        self.inputs.iter().map(|s| Source::from_arg(s)).collect()
    }
}

pub fn parse_format(s: &str) -> std::result::Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format '{s}' (one of {})", Format::NAMES))
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
        Command::Verify(a) => verify::run(a),
        Command::Rules(c) => rules::run(c),
        Command::Schema { which } => schema::run(which),
    }
}

/// Writes `text` to a file atomically (refusing to replace one without `force`).
fn write_text(path: &std::path::Path, text: &str, force: bool) -> Result<()> {
    crate::io::write::check_destination(&crate::io::write::Dest::Path(path.to_path_buf()), force)?;
    crate::io::write::write_bytes_atomic(path, text.as_bytes(), force)
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
