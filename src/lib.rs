//! masq — find personal data in tabular datasets, replace it with keyed, consistent surrogates,
//! verify that nothing leaked, and only then write.
//!
//! The library is the whole engine; `src/main.rs` only parses flags (via [`cli`]) and maps the
//! result to an exit code. Each pipeline stage is a module with one job and a plain data type at
//! its boundary:
//!
//! ```text
//! io::read ─► detect ─► policy (plan) ─► transform ─► verify (gate) ─► io::write (atomic) ─► report
//! ```
//!
//! Engine modules (`io`, `rules`, `detect`, `policy`, `transform`, `verify`, `report`) never
//! import `clap`, and none of them put cell values into errors, logs or reports: they speak of
//! files, columns, rows, rule ids and keyed fingerprints (see [`sensitive`]).

pub mod checks;
pub mod cli;
pub mod dates;
pub mod detect;
pub mod error;
pub mod eval;
pub mod io;
pub mod kind;
pub mod llm;
pub mod pipeline;
pub mod policy;
pub mod report;
pub mod rules;
pub mod sensitive;
pub mod text;
pub mod transform;
pub mod verify;

pub use error::{Error, Result};
pub use kind::Kind;
