//! The library's error type and its mapping to exit codes.
//!
//! Every message names the file, and where it applies the line, column and rule — never a cell
//! value. Callers build messages from paths, column names, row numbers and rule ids only.

use std::fmt;

/// Exit codes shared by every subcommand (documented in the README).
pub mod exit {
    /// Written and verified.
    pub const OK: u8 = 0;
    /// Verification failed; nothing was written.
    pub const VERIFY_FAILED: u8 = 1;
    /// Usage, input or configuration error; nothing was written.
    pub const USAGE: u8 = 2;
    /// A required external service (the LLM) failed.
    pub const EXTERNAL: u8 = 3;
}

/// What went wrong, grouped by what the user has to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad input file: missing, unreadable, malformed, empty, duplicate columns.
    #[error("{0}")]
    Input(String),
    /// A bad policy or rule file, or bad flags.
    #[error("{0}")]
    Config(String),
    /// The destination cannot be written (exists without --force, unwritable folder).
    #[error("{0}")]
    Output(String),
    /// The verification gate refused the output.
    #[error("{0}")]
    Verification(String),
    /// A required external service failed.
    #[error("{0}")]
    External(String),
    /// An input, policy, rule or key file could not be opened or read.
    #[error("{path}: cannot {action}: {reason}", reason = io_reason(source))]
    Read {
        path: String,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A destination could not be written.
    #[error("{path}: cannot {action}: {reason}", reason = io_reason(source))]
    Write {
        path: String,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The data engine (polars) failed on an input. Built only by `From<PolarsError>`, which
    /// scrubs the engine's text of anything quoted (polars quotes offending cells). The
    /// original error is deliberately not kept as a `#[source]`: its text may hold a value,
    /// and error chains print sources.
    #[error("data error: {message}")]
    Data { message: String },
}

/// The one conversion from polars errors: every `?` on a polars result goes through the
/// scrubber, so no call site can forget it.
impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Self {
        Error::Data {
            message: scrub_polars(&e),
        }
    }
}

/// `s` with every `from` of `names` replaced by its `to`.
pub fn renamed(mut s: String, names: &[(String, String)]) -> String {
    for (from, to) in names {
        if s.contains(from.as_str()) {
            s = s.replace(from.as_str(), to);
        }
    }
    s
}

impl Error {
    /// The same error with every `from` in its text replaced by `to` (what a temporary file
    /// stands for: a PostgreSQL table copied out is named by its URL, not its copy's path).
    pub fn renamed(self, names: &[(String, String)]) -> Error {
        let r = |s: String| renamed(s, names);
        match self {
            Error::Input(s) => Error::Input(r(s)),
            Error::Config(s) => Error::Config(r(s)),
            Error::Output(s) => Error::Output(r(s)),
            Error::Verification(s) => Error::Verification(r(s)),
            Error::External(s) => Error::External(r(s)),
            Error::Read {
                path,
                action,
                source,
            } => Error::Read {
                path: r(path),
                action,
                source,
            },
            Error::Write {
                path,
                action,
                source,
            } => Error::Write {
                path: r(path),
                action,
                source,
            },
            Error::Data { message } => Error::Data {
                message: r(message),
            },
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_)
            | Error::Config(_)
            | Error::Output(_)
            | Error::Data { .. }
            | Error::Read { .. }
            | Error::Write { .. } => exit::USAGE,
            Error::Verification(_) => exit::VERIFY_FAILED,
            Error::External(_) => exit::EXTERNAL,
        }
    }

    pub fn input(msg: impl fmt::Display) -> Self {
        Error::Input(msg.to_string())
    }

    pub fn config(msg: impl fmt::Display) -> Self {
        Error::Config(msg.to_string())
    }

    pub fn output(msg: impl fmt::Display) -> Self {
        Error::Output(msg.to_string())
    }

    /// `path: cannot <action>: <reason>` for a file masq reads (`action`: `open`, `read`).
    pub fn read(path: impl fmt::Display, action: &'static str, source: std::io::Error) -> Self {
        Error::Read {
            path: path.to_string(),
            action,
            source,
        }
    }

    /// `path: cannot <action>: <reason>` for a destination (`action`: `write`, …).
    pub fn write(path: impl fmt::Display, action: &'static str, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_string(),
            action,
            source,
        }
    }
}

/// A short, value-free reason for an I/O error (the OS text, or plain words for the two
/// everyone meets).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a polars error into text that is safe to show: polars sometimes quotes the offending
/// cell in backticks or quotes, so anything quoted is replaced by `…`, and the text is cut short.
pub(crate) fn scrub_polars(err: &polars::error::PolarsError) -> String {
    let raw = err.to_string();
    let mut out = String::with_capacity(raw.len().min(200));
    let mut quote: Option<char> = None;
    for c in raw.chars() {
        match quote {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '`' || c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
        if out.len() > 200 {
            out.push_str(" …");
            break;
        }
    }
    out.lines().next().unwrap_or_default().to_string()
}

/// One line for a TOML error: `FILE:LINE:COL: what` (the TOML crate's own text spans several
/// lines with a snippet; policy and rule files hold no personal data, but one line is easier to
/// read in CI logs).
pub fn toml_message(file: &str, text: &str, err: &toml::de::Error) -> String {
    let msg = err.message().trim().replace('\n', " ");
    match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
            format!("{file}:{line}:{col}: {msg}")
        }
        None => format!("{file}: {msg}"),
    }
}
