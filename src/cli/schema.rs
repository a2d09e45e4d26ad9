//! `masq schema report|policy|synth` — the JSON Schemas of the report, the policy file and
//! the schema files of `masq synth`.
//!
//! Editors use the policy schema to autocomplete `masq.toml` (via a TOML language server);
//! tools that read reports use the report schema. Both are committed under `docs/` and a test
//! fails when the code and the committed files drift apart.
//!
//! Example:
//!   masq schema policy > docs/policy.schema.json

use super::stdout_text;
use clap::ValueEnum;
use masq::error::{Result, exit};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Which {
    /// The audit report written by `--report` and `scan --json`.
    Report,
    /// The policy file (`--policy`, `scan --plan`).
    Policy,
    /// The schema file of `masq synth --schema`.
    Synth,
}

/// The schema text for `which`, pretty-printed with a trailing newline.
pub fn schema_text(which: Which) -> String {
    match which {
        Which::Report => masq::report::Report::json_schema(),
        Which::Policy => masq::policy::Policy::json_schema(),
        Which::Synth => masq::synth::SynthSchema::json_schema(),
    }
}

pub fn run(which: Which) -> Result<u8> {
    stdout_text(&schema_text(which))?;
    Ok(exit::OK)
}
