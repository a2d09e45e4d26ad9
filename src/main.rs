//! The `masq` binary: parse, call the library, map the result to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // The library lists its temporary files; deleting them on SIGINT/SIGTERM is the binary's
    // choice (a program embedding masq keeps its own signal handling).
    if let Err(e) = masq::io::interrupt::install() {
        eprintln!(
            "masq: cannot watch for interruptions ({e}); an interrupted run may leave .masq-*.partial files"
        );
    }
    match cli::main() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("masq: {}", masq::text::printable(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
