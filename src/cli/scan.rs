//! `masq scan INPUT...` — what personal data is where, and why.
//!
//! Prints a table per input (column, kind, confidence, evidence); `--json` prints the report
//! form instead; `--plan FILE` also writes a reviewable policy.
//!
//! Example:
//!   masq scan fixtures/customers_en.csv --plan masq.toml

use super::{InputArgs, LlmArgs, stdout_text, write_text};
use clap::Args;
use masq::error::{Result, exit};
use masq::pipeline::{self, ScanOptions};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  masq scan customers.csv                       table: column, kind, confidence, why
  masq scan data/*.csv --json > findings.json   the machine form (same as report inputs)
  masq scan customers.csv --plan masq.toml      a policy to review, then `masq run --policy`
  masq scan customers.csv --report-html scan.html   the findings as a page for a reviewer
  masq scan staff.csv --llm-url http://127.0.0.1:8089/v1   let an LLM vote on what rules leave open
  masq scan 'postgres://me@db/prod?table=public.customers' 'postgres://me@db/prod?table=public.orders'
                                                a sample of each table; foreign keys from the catalog";

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

    /// Also write the findings as a self-contained HTML page (detection with evidence, and what
    /// an LLM was sent), for a reviewer.
    #[arg(long, value_name = "FILE")]
    pub report_html: Option<PathBuf>,

    /// Replace an existing --plan or --report-html file.
    #[arg(long)]
    pub force: bool,

    /// Rows read per CSV, TSV or NDJSON input before sampling (0: all); of a PostgreSQL table,
    /// a repeatable block sample (TABLESAMPLE) of about this many. Keeps scanning a huge input
    /// as fast as a small one.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_rows: usize,

    #[command(flatten)]
    pub llm: LlmArgs,
}

pub fn run(a: ScanArgs) -> Result<u8> {
    let opts = ScanOptions {
        inputs: a.input.sources(),
        format: a.input.format,
        rules_dirs: a.input.rules_dirs.clone(),
        sample_size: a.input.sample,
        limits: a.input.limits.limits(),
        max_rows: if a.max_rows == 0 {
            usize::MAX
        } else {
            a.max_rows
        },
        llm: a.llm.options(),
        declared: Vec::new(),
    };
    {
        let mut dests: Vec<(&str, &std::path::Path)> = Vec::new();
        dests.extend(a.plan.iter().map(|p| ("--plan", p.as_path())));
        dests.extend(a.report_html.iter().map(|p| ("--report-html", p.as_path())));
        let inputs: Vec<(&str, &std::path::Path)> = opts
            .inputs
            .iter()
            .filter_map(|s| match s {
                masq::io::Source::Path(p) => Some(("input", p.as_path())),
                _ => None,
            })
            .collect();
        masq::io::write::check_destinations(&dests, &inputs)?;
    }
    for p in a.plan.iter().chain(&a.report_html) {
        masq::io::write::check_destination(&masq::io::write::Dest::Path(p.clone()), a.force)?;
    }
    let res = if a.input.inputs.iter().any(|i| masq::io::postgres::is_url(i)) {
        pipeline::postgres::scan_db(&opts, &a.input.inputs)?
    } else {
        pipeline::scan(&opts)?
    };
    if a.json {
        stdout_text(&res.report.to_json())?;
    } else {
        stdout_text(&masq::text::printable(&table(&res.inputs)))?;
        if let Some(l) = &res.report.llm {
            stdout_text(&masq::text::printable(&llm_table(l)))?;
        }
        if !res.report.relations.is_empty() {
            let mut t = String::from("relations suggested (foreign keys):\n");
            for r in &res.report.relations {
                t.push_str(&format!(
                    "  {}.{} → {}.{}: {}\n",
                    r.from_table, r.from_column, r.to_table, r.to_column, r.evidence
                ));
            }
            stdout_text(&masq::text::printable(&t))?;
        }
        for w in &res.report.warnings {
            eprintln!("masq: note: {}", masq::text::printable(w));
        }
    }
    if let Some(p) = &a.plan {
        let mut plan = masq::policy::render_plan(&res.inputs);
        if !res.report.relations.is_empty() {
            plan.push_str(
                "\n# Relations suggested by the values and names. `run` gives each referencing column\n# its key's strategy, one surrogate per value across both, so joins still hold;\n# `masq subset --root TABLE` follows them. Delete any that is not a real foreign key.\n",
            );
            for r in &res.report.relations {
                plan.push_str(&format!(
                    "\n# {}\n[[relations]]\nfrom = \"{}.{}\"\nto = \"{}.{}\"\n",
                    r.evidence, r.from_table, r.from_column, r.to_table, r.to_column
                ));
            }
        }
        write_text(p, &plan, a.force)?;
        eprintln!("masq: wrote policy {}", p.display());
    }
    if let Some(p) = &a.report_html {
        write_text(p, &masq::report::html::render(&res.report), a.force)?;
        eprintln!("masq: wrote report {}", p.display());
    }
    Ok(exit::OK)
}

fn table(inputs: &[(String, Vec<masq::detect::ColumnFinding>)]) -> String {
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

/// What the LLM was asked and answered, per column: the vote and the exact shapes sent.
fn llm_table(l: &masq::report::LlmReport) -> String {
    let mut out = format!(
        "LLM {} at {} ({} sent): {} requests, {} from cache, {} failed\n",
        l.model, l.url, l.send, l.usage.requests, l.usage.cache_hits, l.usage.failures
    );
    for c in &l.columns {
        let vote = c.vote.as_ref().map_or("no answer".to_string(), |v| {
            format!(
                "votes {} ({:.1}){}",
                v.kind,
                v.confidence,
                if v.adopted { ", adopted" } else { "" }
            )
        });
        out.push_str(&format!(
            "  {}:{}: {vote} — {}\n",
            c.input, c.column, c.outcome
        ));
        let shapes: Vec<String> = c
            .sent
            .shapes
            .iter()
            .map(|s| format!("{} ×{}", s.shape, s.count))
            .collect();
        out.push_str(&format!(
            "    sent: {} shapes: {}\n",
            c.sent.shapes.len(),
            shapes.join(", ")
        ));
        if !c.sent.values.is_empty() {
            out.push_str(&format!(
                "    and {} raw values (--llm-send values)\n",
                c.sent.values.len()
            ));
        }
    }
    out
}
