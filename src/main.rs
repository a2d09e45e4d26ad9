//! The `masq` binary: parse, call the library, map the result to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::main() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("masq: {}", masq::text::printable(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
