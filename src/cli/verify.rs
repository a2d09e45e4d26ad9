//! `masq verify --original A --anonymized B` — audit a pair of files, whoever produced B.
//!
//! Every value of every identifying column of A (detected, or named by `--policy`) is searched
//! for in every cell of B — whole cells, whole-token runs in text, digit runs of numbers in any
//! layout. Leaks are counted and fingerprinted, never printed. Rows need not be aligned.
//!
//! Example:
//!   masq verify --original prod.csv --anonymized vendor_export.csv --report audit.json

use crate::error::{Error, Result};
use crate::io::{Format, Source};
use crate::pipeline::{self, KeySpec, VerifyOptions};
use clap::Args;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  masq verify --original prod.csv --anonymized shared.csv
  masq verify --original prod.parquet --anonymized shared.csv --report audit.json
  masq verify --original a.csv --anonymized b.csv --policy masq.toml   name the columns to search

Exit codes: 0 no leak above the policy's max_leaks, 1 leaks found,
2 bad input, flags, policy or rules.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct VerifyArgs {
    /// The original dataset (the personal data to look for).
    #[arg(long, value_name = "FILE")]
    pub original: String,

    /// The dataset to audit.
    #[arg(long, value_name = "FILE")]
    pub anonymized: String,

    /// Format of both files when their extensions do not say.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_format)]
    pub format: Option<Format>,

    /// Format of the anonymized file, if it differs.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_format)]
    pub anonymized_format: Option<Format>,

    /// Policy: `kind` per column overrides detection; `[gate] max_leaks` sets the tolerance.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Extra rule folder(s).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,

    /// Key for the fingerprints in the report (so they match those of `masq run` with the same
    /// key); default MASQ_KEY, else a random one.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Write the audit report (JSON) here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Replace an existing report file.
    #[arg(long)]
    pub force: bool,

    /// How many values per column detection samples.
    #[arg(long, value_name = "N", default_value_t = crate::detect::DEFAULT_SAMPLE)]
    pub sample: usize,

    /// Print nothing on stderr unless there is an error or a leak.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(a: VerifyArgs) -> Result<u8> {
    let key = KeySpec::from_flag_or_env(a.key_file.as_deref());
    if a.original == "-" && a.anonymized == "-" {
        return Err(Error::config(
            "--original and --anonymized cannot both be stdin",
        ));
    }
    let opts = VerifyOptions {
        original: Source::from_arg(&a.original),
        anonymized: Source::from_arg(&a.anonymized),
        format: a.format,
        anonymized_format: a.anonymized_format,
        policy: a.policy,
        rules_dirs: a.rules_dirs,
        key,
        force: a.force,
        report: a.report,
        sample_size: a.sample,
    };
    let res = pipeline::verify(&opts)?;
    if !a.quiet || res.exit_code != 0 {
        eprint!("{}", res.report.summary());
    }
    if res.exit_code != 0 {
        return Err(Error::Verification(
            "verify: original identifiers survive in the anonymized file".into(),
        ));
    }
    Ok(res.exit_code)
}
