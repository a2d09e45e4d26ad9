//! masq — find personal data in tabular datasets, replace it with keyed, consistent surrogates,
//! verify that nothing leaked, and only then write.
//!
//! The library is the whole engine; the binary (`src/main.rs` and its `cli` module, which
//! alone knows `clap`) only parses flags, calls the library and maps the result to an exit
//! code, so a library user pulls in neither clap nor a progress bar. Each pipeline stage is a module with one job and a plain data type at
//! its boundary:
//!
//! ```text
//! io::read ─► detect ─► policy (plan) ─► transform ─► verify (gate) ─► io::write (atomic) ─► report
//! ```
//!
//! Engine modules (`io`, `rules`, `detect`, `policy`, `transform`, `verify`, `report`) never
//! import `clap`, and none of them put cell values into errors, logs or reports: they speak of
//! files, columns, rows, rule ids and keyed fingerprints (see [`sensitive`]).

#[macro_use]
mod macros;

pub mod checks;
pub mod dates;
pub mod detect;
pub mod error;
pub mod hashmap64;
pub mod io;
pub mod keys;
pub mod kind;
pub mod llm;
pub mod per_thread;
pub mod pipeline;
pub mod policy;
pub mod report;
pub mod rules;
pub mod sensitive;
pub mod synth;
pub mod text;
pub mod timing;
pub mod transform;
pub mod verify;

pub use error::{Error, Result};
pub use kind::Kind;
