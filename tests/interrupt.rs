//! Interruptions leave nothing behind: a SIGKILL at any point leaves no destination (or the
//! complete one, if the rename already happened), SIGINT/SIGTERM delete the temporary files and
//! exit 130/143 with one line, and a later run sweeps old `.masq-*.partial` files from the
//! folder it writes into. Unix only (signals are sent with `kill`). Tests wait for the child,
//! but assert no durations.

#![cfg(unix)]

use crate::util::{Work, fixture, masq_run, stderr};
use masq::io::interrupt::is_temp_name;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// Data rows of the customers fixture repeated to 8,000 rows: a few seconds in a debug build.
fn big_input(work: &Work) -> PathBuf {
    let text = std::fs::read_to_string(fixture("customers_en.csv")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let body = body.trim_end();
    let n = body.lines().count();
    let mut out = String::with_capacity(body.len() * (8_000 / n + 1));
    out.push_str(header);
    out.push('\n');
    for _ in 0..8_000 / n {
        out.push_str(body);
        out.push('\n');
    }
    work.write("big.csv", out)
}

/// One uninterrupted run, shared by the tests: how long it takes and its complete output.
struct Reference {
    took: Duration,
    output: Vec<u8>,
}

fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| {
        let work = Work::new();
        let input = big_input(&work);
        let key = work.key(7);
        let out = work.path("out/clean.csv");
        std::fs::create_dir(work.path("out")).unwrap();
        let start = Instant::now();
        let mut child = spawn(&input, &out, &key, &work.path("out/report.json"));
        let status = child.wait().unwrap();
        let took = start.elapsed();
        assert!(status.success(), "the uninterrupted run must succeed");
        Reference {
            took,
            output: std::fs::read(&out).unwrap(),
        }
    })
}

fn spawn(input: &Path, out: &Path, key: &Path, report: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_masq"))
        .env_remove("MASQ_KEY")
        .arg("run")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("--key-file")
        .arg(key)
        .arg("--report")
        .arg(report)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("masq starts")
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args(["-s", sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -s {sig} failed");
}

fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| is_temp_name(n))
        .collect()
}

/// Polls until a temporary file appears in `dir` (true) or the child exits (false).
fn wait_for_partial(child: &mut Child, dir: &Path) -> bool {
    loop {
        if !partials(dir).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A work folder with the big input, a key and an empty output folder.
struct Setup {
    work: Work,
    input: PathBuf,
    input_bytes: Vec<u8>,
    key: PathBuf,
    dir: PathBuf,
    out: PathBuf,
    report: PathBuf,
}

fn setup() -> Setup {
    let work = Work::new();
    let input = big_input(&work);
    let input_bytes = std::fs::read(&input).unwrap();
    let key = work.key(7);
    let dir = work.path("out");
    std::fs::create_dir(&dir).unwrap();
    Setup {
        out: dir.join("clean.csv"),
        report: dir.join("report.json"),
        work,
        input,
        input_bytes,
        key,
        dir,
    }
}

impl Setup {
    fn spawn(&self) -> Child {
        spawn(&self.input, &self.out, &self.key, &self.report)
    }

    fn assert_input_unchanged(&self) {
        assert_eq!(
            std::fs::read(&self.input).unwrap(),
            self.input_bytes,
            "the input changed"
        );
    }

    /// Empties the output folder for another attempt.
    fn reset(&self) {
        std::fs::remove_dir_all(&self.dir).unwrap();
        std::fs::create_dir(&self.dir).unwrap();
    }
}

#[test]
fn sigkill_at_any_point_leaves_no_destination() {
    let reference = reference();
    let s = setup();
    let mut landed_before_write = 0;
    for pct in [25u32, 50, 75, 95] {
        s.reset();
        let mut child = s.spawn();
        std::thread::sleep(reference.took * pct / 100);
        // Freeze it, look, then kill it: what is on disk now is what a kill at this point leaves.
        signal(&child, "STOP");
        if child.try_wait().unwrap().is_some() {
            s.assert_input_unchanged();
            continue; // it had finished: nothing left to interrupt
        }
        let existed = s.out.exists();
        signal(&child, "KILL");
        let _ = child.wait();
        s.assert_input_unchanged();
        if existed {
            // The rename already happened: the destination is the complete output.
            assert_eq!(
                std::fs::read(&s.out).unwrap(),
                reference.output,
                "killed at {pct}%: a destination exists but is not the complete output"
            );
        } else {
            landed_before_write += 1;
            assert!(!s.out.exists(), "killed at {pct}%: the destination exists");
            assert!(!s.report.exists(), "killed at {pct}%: the report exists");
        }
    }
    assert!(
        landed_before_write > 0,
        "no kill landed before the output was written"
    );
    drop(s.work);
}

#[test]
fn sigkill_while_the_partial_file_exists_leaves_no_destination() {
    let s = setup();
    for attempt in 0..3 {
        s.reset();
        let mut child = s.spawn();
        if !wait_for_partial(&mut child, &s.dir) {
            assert!(attempt < 2, "never saw the temporary file in 3 runs");
            continue;
        }
        signal(&child, "KILL");
        let _ = child.wait();
        s.assert_input_unchanged();
        assert!(!s.out.exists(), "the destination exists after SIGKILL");
        assert!(!s.report.exists(), "the report exists after SIGKILL");
        return;
    }
}

/// Sends `sig` while the output's temporary file exists; asserts exit code, message and an
/// output folder with nothing in it.
fn interrupted_while_writing(sig: &str, code: i32) {
    let s = setup();
    for attempt in 0..3 {
        s.reset();
        let mut child = s.spawn();
        if !wait_for_partial(&mut child, &s.dir) {
            assert!(attempt < 2, "never saw the temporary file in 3 runs");
            continue;
        }
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        if err.contains("already in place") {
            // The rename won the race with the signal: a rare, correct outcome; try again.
            assert!(attempt < 2, "the rename won the race 3 times");
            continue;
        }
        assert_eq!(out.status.code(), Some(code), "stderr: {err}");
        assert_eq!(
            err.lines().last(),
            Some("masq: interrupted; nothing was written"),
            "stderr: {err}"
        );
        let left: Vec<_> = std::fs::read_dir(&s.dir).unwrap().collect();
        assert!(left.is_empty(), "files left in the output folder: {left:?}");
        s.assert_input_unchanged();
        return;
    }
}

/// Sends `sig` half-way through a run (reading, detecting or transforming).
fn interrupted_mid_run(sig: &str, code: i32) {
    let reference = reference();
    let s = setup();
    let child = s.spawn();
    std::thread::sleep(reference.took / 2);
    signal(&child, sig);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    if out.status.success() {
        return; // it finished before the signal: nothing to check
    }
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.matches("masq: interrupted").count(), 1, "stderr: {err}");
    if err.contains("already in place") {
        // Under load the signal can come after the output's rename, or after the report's too
        // (the reference run's half-way mark is only a guess): the message says how many were
        // in place ("1 output was", "2 outputs were"), and the output is whole.
        assert_eq!(
            std::fs::read(&s.out).unwrap(),
            reference.output,
            "stderr: {err}"
        );
        return;
    }
    assert!(!s.out.exists() && !s.report.exists(), "stderr: {err}");
    assert!(partials(&s.dir).is_empty(), "a temporary file was left");
    s.assert_input_unchanged();
}

#[test]
fn sigint_while_writing_deletes_the_partial_file_and_exits_130() {
    interrupted_while_writing("INT", 130);
}

#[test]
fn sigterm_while_writing_deletes_the_partial_file_and_exits_143() {
    interrupted_while_writing("TERM", 143);
}

#[test]
fn sigint_and_sigterm_mid_run_exit_130_and_143() {
    interrupted_mid_run("INT", 130);
    interrupted_mid_run("TERM", 143);
}

#[test]
fn a_later_run_sweeps_old_partial_files_from_its_output_folder() {
    let work = Work::new();
    let dir = work.path("out");
    std::fs::create_dir(&dir).unwrap();
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    let age = |name: &str, when: SystemTime| {
        let p = work.write(&format!("out/{name}"), "half a file");
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(when)
            .unwrap();
        p
    };
    let stale = age(".masq-Ab3xY9.partial", two_hours_ago);
    // Left a moment ago by a killed run: nobody holds its lock.
    let orphan = age(".masq-Ef5aB1.partial", SystemTime::now());
    // A live run's: its process holds the lock (here, this test).
    let young = age(".masq-Cd4zW0.partial", SystemTime::now());
    let held = std::fs::File::open(&young).unwrap();
    held.lock().unwrap();
    let not_ours = age(".masq-old.partial", two_hours_ago);
    let other = age("notes.partial", two_hours_ago);

    let out = masq_run(fixture("customers_en.csv"), dir.join("clean.csv"))
        .arg("--key-file")
        .arg(work.key(7))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists(), "the old temporary file is still there");
    assert!(
        !orphan.exists(),
        "a killed run's temporary file is still there"
    );
    assert!(young.exists(), "a live run's temporary file was removed");
    drop(held);
    assert!(
        not_ours.exists() && other.exists(),
        "a file not named like masq's was removed"
    );
    assert!(
        stderr(&out).contains("removed 2 stale temporary files "),
        "stderr: {}",
        stderr(&out)
    );
}

/// The streaming engine writes its output batch by batch during pass 2: a SIGKILL at several
/// points of that pass leaves nothing at the destination, and the next run into the same
/// folder removes the killed run's temporary file (no process holds its lock any more).
#[test]
fn sigkill_at_several_points_of_pass_two_leaves_nothing_and_the_next_run_sweeps_up() {
    let s = setup();
    let spawn_batched = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_masq"))
            .env_remove("MASQ_KEY")
            .args(["run", "--batch-size", "20000", "-q"])
            .arg(&s.input)
            .arg("-o")
            .arg(out)
            .arg("--key-file")
            .arg(&s.key)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("masq starts")
    };
    let mut killed_mid_pass = 0;
    for delay_ms in [0u64, 40, 120, 300] {
        s.reset();
        let mut child = spawn_batched(&s.out);
        if !wait_for_partial(&mut child, &s.dir) {
            continue; // finished before pass 2 could be seen
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        signal(&child, "STOP");
        let in_pass_two = !partials(&s.dir).is_empty() && !s.out.exists();
        signal(&child, "KILL");
        let _ = child.wait();
        s.assert_input_unchanged();
        if !in_pass_two {
            continue; // it had committed already
        }
        killed_mid_pass += 1;
        assert!(
            !s.out.exists(),
            "killed {delay_ms} ms into pass 2: the destination exists"
        );
        assert!(
            !partials(&s.dir).is_empty(),
            "SIGKILL cannot be caught: the partial stays"
        );

        // The next run sweeps the dead run's temporary file and writes the whole output.
        let next = spawn_batched(&s.out).wait_with_output().unwrap();
        assert!(next.status.success(), "{}", stderr(&next));
        assert!(
            partials(&s.dir).is_empty(),
            "temporary files left after the next run: {:?}",
            partials(&s.dir)
        );
        assert!(
            stderr(&next).contains("removed 1 stale temporary file"),
            "{}",
            stderr(&next)
        );
        assert!(s.out.exists());
    }
    assert!(
        killed_mid_pass >= 2,
        "only {killed_mid_pass} kills landed in pass 2"
    );
}

/// The same run gives the same output whatever the batch size.
#[test]
fn the_big_input_streams_to_the_same_bytes_in_small_batches() {
    let s = setup();
    let out = Command::new(env!("CARGO_BIN_EXE_masq"))
        .env_remove("MASQ_KEY")
        .args(["run", "--batch-size", "20000", "-q", "--report"])
        .arg(&s.report)
        .arg(&s.input)
        .arg("-o")
        .arg(&s.out)
        .arg("--key-file")
        .arg(&s.key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read(&s.out).unwrap() == reference().output,
        "outputs differ"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&s.report).unwrap()).unwrap();
    assert!(
        report["resources"]["batches"].as_u64().unwrap() > 10,
        "{}",
        report["resources"]
    );
}
