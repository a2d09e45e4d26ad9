//! All integration tests, linked into one binary (one link of polars instead of one per file).
//! A module per area; `util` holds the per-test work directory and command helpers.

mod bad_input;
mod cli_help;
mod compressed;
mod eval;
mod eval_faker;
/// The generated, labelled evaluation set (shared with `examples/eval.rs`; not part of the
/// library).
#[path = "support/eval.rs"]
mod eval_support;
mod fidelity;
mod fuzz_corpus;
mod gate;
mod hostile;
mod html_report;
mod interrupt;
mod layering;
mod llm_client;
mod llm_cmd;
mod postgres;
mod progress;
mod properties;
mod residual;
mod robustness;
mod rules_cmd;
mod run;
mod scan;
mod schema;
mod streaming;
mod subset;
mod util;
mod verify_cmd;
