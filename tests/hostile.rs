//! Issue 12 (part): destinations that cannot clobber what a command reads, configuration that
//! cannot be satisfied, and report truth. Each test is named after the defect it pins.

use crate::util::*;

const CSV: &str = "id,email\n1,anna.k@posteo.de\n2,bob.m@gmx.net\n3,cy.d@proton.me\n";

#[test]
fn report_html_and_plan_never_overwrite_the_key_file_or_the_input_even_with_force() {
    let w = Work::new();
    let input = w.write("in.csv", CSV);
    let key = w.key(3);
    let key_bytes = std::fs::read(&key).unwrap();
    for (flag, target) in [
        ("--report", &key),
        ("--report-html", &key),
        ("--report", &input),
    ] {
        let res = masq_run(&input, w.path("out.csv"))
            .arg("--key-file")
            .arg(&key)
            .arg(flag)
            .arg(target)
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(res.status.code(), Some(2), "{flag}: {}", stderr(&res));
        assert!(
            stderr(&res).contains("would write over the"),
            "{}",
            stderr(&res)
        );
        assert!(!w.path("out.csv").exists(), "nothing written");
    }
    assert_eq!(std::fs::read(&key).unwrap(), key_bytes, "the key is intact");
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        CSV,
        "the input is intact"
    );
    // scan --plan over the input, verify --report over the original.
    let res = masq_scan(&input)
        .arg("--plan")
        .arg(&input)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    let res = masq()
        .args(["verify", "--original"])
        .arg(&input)
        .arg("--anonymized")
        .arg(&input)
        .arg("--report")
        .arg(&input)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), CSV);
}

#[test]
fn report_equal_to_the_output_is_refused_before_anything_is_written() {
    let w = Work::new();
    let input = w.write("in.csv", CSV);
    let out = w.path("out.csv");
    let res = masq_run(&input, &out)
        .arg("--key-file")
        .arg(w.key(3))
        .arg("--report")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("name the same file"),
        "{}",
        stderr(&res)
    );
    assert!(!out.exists(), "exit 2 writes nothing");
}

#[test]
fn sample_zero_cannot_switch_detection_off() {
    let w = Work::new();
    let input = w.write("in.csv", CSV);
    let res = masq_run(&input, w.path("out.csv"))
        .args(["--sample", "0"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("--sample"), "{}", stderr(&res));
    assert!(!w.path("out.csv").exists());
}

#[test]
fn a_column_reported_as_replaced_is_replaced_in_the_output() {
    let w = Work::new();
    // Bare digit runs: no rule finds a phone in them, so `spans` changes nothing.
    let rows: String = (0..20)
        .map(|i| format!("{i},{}\n", 4_155_550_000u64 + i))
        .collect();
    let input = w.write("in.csv", format!("id,phone\n{rows}"));
    let policy = w.write(
        "p.toml",
        "version = 1\n[columns.phone]\nstrategy = \"spans\"\n[gate]\nmax_residual = 100\n",
    );
    let report = w.path("r.json");
    let res = masq_run(&input, w.path("out.csv"))
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let rep = read_report(&report);
    assert_eq!(report_column(&rep, "phone")["counts"]["replaced"], 0);
    assert!(
        stderr(&res).contains("0 of 2 columns replaced"),
        "the summary counts what changed: {}",
        stderr(&res)
    );
    assert!(!stderr(&res).contains("phone→spans"), "{}", stderr(&res));
}

#[test]
fn a_typo_in_quasi_identifiers_is_exit_2_naming_the_key() {
    let w = Work::new();
    let input = w.write("in.csv", CSV);
    let policy = w.write(
        "p.toml",
        "version = 1\n[gate]\nmin_k = 5\n[risk]\nquasi_identifiers = [\"emial\"]\n",
    );
    let res = masq_run(&input, w.path("out.csv"))
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("[risk] quasi_identifiers names column 'emial'"),
        "{}",
        stderr(&res)
    );
    assert!(!w.path("out.csv").exists());
}

#[test]
fn force_never_replaces_a_device_file() {
    let w = Work::new();
    let input = w.write("in.csv", CSV);
    let res = masq_run(&input, "/dev/null")
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("not a regular file"),
        "{}",
        stderr(&res)
    );
    assert!(
        !std::fs::metadata("/dev/null").unwrap().is_file(),
        "/dev/null is still a device"
    );
}

#[test]
fn debug_output_of_options_and_originals_never_shows_the_key_or_a_value() {
    use masq::pipeline::{KeySpec, OutputTarget, RunOptions};
    let secret = b"s3cr3t-key-bytes-0123456789abcdef".to_vec();
    let opts = RunOptions {
        inputs: vec![],
        format: None,
        output: OutputTarget::Stdout,
        output_format: None,
        policy: None,
        rules_dirs: vec![],
        key: KeySpec::Env(secret.clone()),
        force: false,
        report: None,
        report_html: None,
        sample_size: 10,
        llm: None,
    };
    let printed = format!("{opts:?}");
    assert!(printed.contains("Env(<redacted>)"), "{printed}");
    assert!(!printed.contains("s3cr3t"), "{printed}");
    let bytes_as_debug = format!("{secret:?}");
    assert!(!printed.contains(&bytes_as_debug[1..20]), "{printed}");

    let mut originals = masq::transform::Originals::default();
    let col = polars::prelude::Column::new("email".into(), ["anna.k@posteo.de"]);
    originals.add_column(masq::Kind::Email, &col).unwrap();
    let printed = format!("{originals:?}");
    assert!(printed.contains("1 values <redacted>"), "{printed}");
    assert!(!printed.contains("posteo"), "{printed}");
}
