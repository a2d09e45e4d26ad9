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

  masq verify --pack pack/      a fixture pack from `masq subset`: every reference finds its row

Exit codes: 0 every gate threshold holds (with --pack: every table holds the rows its manifest
lists and every reference finds one parent row), 1 leaks found, a threshold (k, fidelity)
failed or a reference dangles, 2 bad input, flags, policy or rules.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct VerifyArgs {
    /// The original dataset (the personal data to look for).
    #[arg(long, value_name = "FILE", required_unless_present = "pack")]
    pub original: Option<String>,

    /// The dataset to audit.
    #[arg(long, value_name = "FILE", required_unless_present = "pack")]
    pub anonymized: Option<String>,

    /// Check the referential integrity of a fixture pack (a folder `masq subset` wrote)
    /// instead: every table holds the rows its manifest lists, and every non-empty reference
    /// of each relation finds exactly one row of its parent table.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["original", "anonymized", "report", "report_html"])]
    pub pack: Option<PathBuf>,

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
    if let Some(dir) = &a.pack {
        return pack(dir, &a);
    }
    let (Some(original), Some(anonymized)) = (a.original.clone(), a.anonymized.clone()) else {
        return Err(Error::config(
            "give --original and --anonymized, or --pack DIR",
        ));
    };
    let key = a.audit.key();
    if original == "-" && anonymized == "-" {
        return Err(Error::config(
            "--original and --anonymized cannot both be stdin",
        ));
    }
    let opts = VerifyOptions {
        original: Source::from_arg(&original),
        anonymized: Source::from_arg(&anonymized),
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

/// `--pack DIR`: the pack's tables against its manifest, and every relation's references.
fn pack(dir: &std::path::Path, a: &VerifyArgs) -> Result<u8> {
    let check = pipeline::verify_pack(dir, &a.limits.limits())?;
    let mut out = String::new();
    for (t, want, got) in &check.tables {
        if want != got {
            out.push_str(&format!("{t}: {got} rows, but the manifest lists {want}\n"));
        }
    }
    let refs: usize = check.relations.iter().map(|r| r.references).sum();
    let dangling: usize = check.relations.iter().map(|r| r.dangling).sum();
    for r in &check.relations {
        if r.dangling > 0 {
            let rows: Vec<String> = r.first_dangling.iter().map(usize::to_string).collect();
            out.push_str(&format!(
                "{} → {}: {} of {} references find no row (rows {}{})\n",
                r.from,
                r.to,
                r.dangling,
                r.references,
                rows.join(", "),
                if r.dangling > rows.len() { ", …" } else { "" }
            ));
        }
        if r.repeated_keys > 0 {
            out.push_str(&format!(
                "{} → {}: the key repeats {} values, so a reference may name several rows\n",
                r.from, r.to, r.repeated_keys
            ));
        }
    }
    let rows: usize = check.tables.iter().map(|(_, _, n)| n).sum();
    out.push_str(&format!(
        "pack {}: {} tables, {rows} rows; joins: {} of {refs} references over {} relation{} find their row, {dangling} dangling\n",
        dir.display(),
        check.tables.len(),
        refs - dangling,
        check.relations.len(),
        if check.relations.len() == 1 { "" } else { "s" },
    ));
    if !a.audit.quiet || !check.passed() {
        eprint!("{}", masq::text::printable(&out));
    }
    if !check.passed() {
        return Err(Error::Verification(format!(
            "verify: the pack in {} does not hold together",
            dir.display()
        )));
    }
    Ok(masq::error::exit::OK)
}
