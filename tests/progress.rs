//! The progress display: drawn on stderr when stderr is a terminal (run under `script`, which
//! gives the command a pseudo-terminal), silent when stderr is a pipe or under `--quiet`.

use crate::util::*;
use std::process::Command;

/// Runs `masq run` on the customers fixture with stderr on a pseudo-terminal; returns what the
/// terminal showed, or `None` (with the reason printed) where `script` is missing outside CI.
fn run_on_a_terminal(w: &Work, extra: &str) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(script) = script else {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed in CI"
        );
        eprintln!("skipped: no `script` to give masq a pseudo-terminal");
        return None;
    };
    let quote =
        |p: &std::path::Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let cmd = format!(
        "{} run {} -o {} --key-file {} {extra}",
        quote(std::path::Path::new(env!("CARGO_BIN_EXE_masq"))),
        quote(&fixture("customers_en.csv")),
        quote(&w.path("out.csv")),
        quote(&w.key(7)),
    );
    // -q: no "Script started" banner; -e: the command's exit status; -c: the command; the
    // typescript goes to /dev/null, the terminal's output comes back on stdout.
    let out = Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .env("TERM", "xterm")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_sees_the_stages_go_by() {
    let w = Work::new();
    let Some(screen) = run_on_a_terminal(&w, "") else {
        return;
    };
    // The stage line of the progress display, then the summary.
    assert!(screen.contains("replacing values in"), "{screen}");
    assert!(screen.contains("rows"), "{screen}");
    // The bar: bytes read of both passes' total, rows per second, time left.
    assert!(
        screen.contains(" KiB/"),
        "bytes read out of the total: {screen}"
    );
    assert!(screen.contains("rows/s"), "{screen}");
    assert!(screen.contains("ETA"), "{screen}");
    assert!(w.path("out.csv").exists());
}

#[test]
fn quiet_on_a_terminal_draws_nothing() {
    let w = Work::new();
    let Some(screen) = run_on_a_terminal(&w, "-q") else {
        return;
    };
    assert!(!screen.contains("replacing values in"), "{screen}");
    assert!(screen.trim().is_empty(), "{screen}");
}

#[test]
fn a_pipe_gets_the_summary_but_no_progress() {
    let w = Work::new();
    let out = masq_run(fixture("customers_en.csv"), w.path("out.csv"))
        .arg("--key-file")
        .arg(w.key(7))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("rows"), "the summary: {err}");
    assert!(!err.contains("replacing values in"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no terminal escapes on a pipe: {err:?}"
    );
}
