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

Exit codes: 0 written and verified; 1 a leak, or k or fidelity below the policy's threshold
(nothing written); 2 bad input, flags, policy or rules (nothing written); 3 the LLM failed
under --llm required (nothing written).";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output: a file (one input), a folder ending in `/` or existing (one file per input, same
    /// name), or `-` for stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: String,

    /// Output format (csv, tsv, parquet, json, ndjson; the text formats also compressed: csv.gz,
    /// ndjson.zst, …); default: the output file's extension, else the input's format.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_format)]
    pub output_format: Option<Format>,

    #[command(flatten)]
    pub audit: AuditArgs,

    #[command(flatten)]
    pub llm: LlmArgs,
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
    };
    let bar = (!a.audit.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let res = pipeline::run(&opts, |stage| {
        if let Some(b) = &bar {
            b.set_message(stage.to_string());
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
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
