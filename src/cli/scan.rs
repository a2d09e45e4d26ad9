//! `masq scan INPUT...` — what personal data is where, and why.
//!
//! Prints a table per input (column, kind, confidence, evidence); `--json` prints the report
//! form instead; `--plan FILE` also writes a reviewable policy.
//!
//! Example:
//!   masq scan fixtures/customers_en.csv --plan masq.toml

use super::{InputArgs, stdout_text, write_text};
use crate::error::{Result, exit};
use crate::pipeline::{self, ScanOptions};
use clap::Args;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  masq scan customers.csv                       table: column, kind, confidence, why
  masq scan data/*.csv --json > findings.json   the machine form (same as report inputs)
  masq scan customers.csv --plan masq.toml      a policy to review, then `masq run --policy`";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Print the machine-readable report (JSON) instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Write a policy with every decision and its evidence, to review and pass to `run --policy`.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Replace an existing --plan file.
    #[arg(long)]
    pub force: bool,

    /// Rows read per CSV, TSV or NDJSON input before sampling (0: all). Keeps scanning a huge
    /// file as fast as a small one.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_rows: usize,
}

pub fn run(a: ScanArgs) -> Result<u8> {
    let opts = ScanOptions {
        inputs: a.input.sources(),
        format: a.input.format,
        rules_dirs: a.input.rules_dirs.clone(),
        sample_size: a.input.sample,
        max_rows: if a.max_rows == 0 {
            usize::MAX
        } else {
            a.max_rows
        },
    };
    if let Some(p) = &a.plan {
        crate::io::write::check_destination(&crate::io::write::Dest::Path(p.clone()), a.force)?;
    }
    let res = pipeline::scan(&opts)?;
    if a.json {
        stdout_text(&res.report.to_json())?;
    } else {
        stdout_text(&table(&res.inputs))?;
        for w in &res.report.warnings {
            eprintln!("masq: note: {w}");
        }
    }
    if let Some(p) = &a.plan {
        write_text(p, &crate::policy::render_plan(&res.inputs), a.force)?;
        eprintln!("masq: wrote policy {}", p.display());
    }
    Ok(exit::OK)
}

fn table(inputs: &[(String, Vec<crate::detect::ColumnFinding>)]) -> String {
    let mut out = String::new();
    for (name, findings) in inputs {
        let found = findings.iter().filter(|f| f.kind.is_some()).count();
        out.push_str(&format!(
            "{name}: {found} of {} columns hold personal data\n",
            findings.len()
        ));
        let w = findings
            .iter()
            .map(|f| f.column.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        out.push_str(&format!(
            "  {:<w$}  {:<17}  {:>5}  why\n",
            "column", "kind", "conf"
        ));
        for f in findings
            .iter()
            .filter(|f| f.kind.is_some())
            .chain(findings.iter().filter(|f| f.kind.is_none()))
        {
            let kind = f.kind.map_or("-".to_string(), |k| k.to_string());
            let conf = if f.kind.is_some() {
                format!("{:.2}", f.confidence)
            } else {
                "".into()
            };
            out.push_str(&format!(
                "  {:<w$}  {:<17}  {:>5}  {}\n",
                f.column,
                kind,
                conf,
                f.evidence.join("; ")
            ));
        }
        out.push('\n');
    }
    out
}
