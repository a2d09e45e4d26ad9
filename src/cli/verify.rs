//! `masq verify --original A --anonymized B` — audit a pair of files, whoever produced B.
//!
//! Every value of every identifying column of A (detected, or named by `--policy`) is searched
//! for in every cell of B — whole cells, whole-token runs in text, digit runs of numbers in any
//! layout. Leaks are counted and fingerprinted, never printed. Rows need not be aligned. Then
//! fidelity (B's distributions against A's) and, for the policy's quasi-identifiers, k-anonymity
//! before and after; the policy's thresholds decide the exit code.
//!
//! Example:
//!   masq verify --original prod.csv --anonymized vendor_export.csv --report audit.json

use super::AuditArgs;
use clap::Args;
use masq::error::{Error, Result};
use masq::io::{Format, Source};
use masq::pipeline::{self, VerifyOptions};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  masq verify --original prod.csv --anonymized shared.csv
  masq verify --original prod.parquet --anonymized shared.csv --report audit.json
  masq verify --original a.csv --anonymized b.csv --policy masq.toml   name the columns to search
  masq verify --original a.csv --anonymized b.csv --report-html audit.html   leaks, fidelity, risk

Exit codes: 0 every gate threshold holds, 1 leaks found or a threshold (k, fidelity) failed,
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

    #[command(flatten)]
    pub audit: AuditArgs,

    /// Extra rule folder(s).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,

    /// How many values per column detection samples.
    #[arg(long, value_name = "N", default_value_t = masq::detect::DEFAULT_SAMPLE,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub sample: usize,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

pub fn run(a: VerifyArgs) -> Result<u8> {
    let key = a.audit.key();
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
        policy: a.audit.policy,
        rules_dirs: a.rules_dirs,
        key,
        force: a.audit.force,
        report: a.audit.report,
        report_html: a.audit.report_html,
        sample_size: a.sample,
        limits: a.limits.limits(),
    };
    let res = pipeline::verify(&opts)?;
    if !a.audit.quiet || res.exit_code() != 0 {
        eprint!("{}", masq::text::printable(&res.report.summary()));
    }
    if res.exit_code() != 0 {
        return Err(Error::Verification(format!(
            "verify: the anonymized file fails the gate ({})",
            res.report.gate_summary()
        )));
    }
    Ok(res.exit_code())
}
