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
fn debug_output_of_options_keys_and_indexes_never_shows_the_key_or_a_value() {
    use masq::detect::spans::SpanFinder;
    use masq::keys::{Key, KeySource};
    use masq::llm::LlmConfig;
    use masq::pipeline::llm_stage::{LlmBackend, LlmMode, LlmOptions};
    use masq::pipeline::{KeySpec, OutputTarget, RunOptions, ScanOptions, VerifyOptions};
    use masq::sensitive::Sensitive;
    use masq::transform::spans::KnownOriginals;
    use polars::prelude::Column;

    let secret = b"s3cr3t-key-bytes-0123456789abcdef".to_vec();
    let api_key = "sk-live-4f9a8b7c6d5e";
    let original = "anna.k@posteo.de";
    let mut llm_cfg = LlmConfig::new("http://user:pw@127.0.0.1:8089/v1", "m");
    llm_cfg.api_key = Some(Sensitive(api_key.to_string()));
    let llm = Some(LlmOptions {
        backend: LlmBackend::Http(llm_cfg),
        mode: LlmMode::Optional,
        send_values: false,
    });
    let run = RunOptions {
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
        llm: llm.clone(),
        memory_limit: masq::pipeline::DEFAULT_MEMORY_LIMIT,
        batch_size: None,
        maps_budget: None,
        read_counter: Default::default(),
        relations: vec![],
        input_names: vec![],
        growing: vec![],
        limits: Default::default(),
    };
    let verify = VerifyOptions {
        original: masq::io::Source::Stdin,
        anonymized: masq::io::Source::Stdin,
        format: None,
        anonymized_format: None,
        policy: None,
        rules_dirs: vec![],
        key: KeySpec::Env(secret.clone()),
        force: false,
        report: None,
        report_html: None,
        sample_size: 10,
        limits: Default::default(),
    };
    let scan = ScanOptions {
        inputs: vec![],
        format: None,
        rules_dirs: vec![],
        sample_size: 10,
        max_rows: 10,
        llm,
        limits: Default::default(),
        declared: Vec::new(),
    };
    let key = Key::from_bytes(secret.clone(), KeySource::Env).unwrap();

    let col = Column::new("email".into(), [original]);
    let mut originals = masq::transform::Originals::default();
    originals.add_column(masq::Kind::Email, &col).unwrap();
    let mut index = masq::verify::LeakIndex::default();
    index
        .add_column("a.csv:email", masq::Kind::Email, &col)
        .unwrap();
    let known = KnownOriginals::new([(masq::Kind::Email, original)].into_iter());
    let rules = masq::rules::RuleSet::builtin().unwrap();
    let _ = SpanFinder::new(&rules);

    let printed = [
        format!("{run:?}"),
        format!("{verify:?}"),
        format!("{scan:?}"),
        format!("{key:?}"),
        format!("{:?}", KeySpec::Env(secret.clone())),
        format!("{originals:?}"),
        format!("{index:?}"),
        format!("{known:?}"),
    ];
    let secret_text = String::from_utf8(secret.clone()).unwrap();
    let bytes_as_debug = format!("{secret:?}");
    for p in &printed {
        assert!(!p.contains(&secret_text[..12]), "key bytes in {p}");
        assert!(!p.contains(&bytes_as_debug[1..20]), "key bytes in {p}");
        assert!(!p.contains(&hex_of(&secret)[..16]), "key bytes in {p}");
        assert!(!p.contains(api_key), "API key in {p}");
        assert!(!p.contains("user:pw"), "URL credentials in {p}");
        assert!(!p.contains("posteo"), "an original value in {p}");
        assert!(p.contains("redacted") || p.contains("fingerprint"), "{p}");
    }
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn a_bin_width_that_keeps_every_value_is_exit_2_naming_the_key() {
    let w = Work::new();
    let input = w.write("in.csv", "id,age\n1,31\n2,47\n3,52\n");
    let policy = w.write(
        "p.toml",
        "[columns.age]\nstrategy = \"generalize\"\nbin_width = 1e-300\n",
    );
    let res = masq_run(&input, w.path("out.csv"))
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains("column 'age': bin_width must be at least"),
        "{err}"
    );
    assert!(err.lines().all(|l| l.len() < 300), "one short line: {err}");
    assert!(!w.path("out.csv").exists());
}

#[test]
fn terminal_escapes_in_headers_are_shown_not_obeyed() {
    let w = Work::new();
    // A header that would clear the screen and one that reverses the text around it.
    let input = w.write(
        "in.csv",
        "id,\u{1b}[2Jemail,note\u{202e}txt\n1,anna.k@posteo.de,x\n2,bob.m@gmx.net,y\n",
    );
    let scan = masq_scan(&input).output().unwrap();
    assert!(scan.status.success(), "{}", stderr(&scan));
    let table = stdout(&scan);
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(!table.contains('\u{202e}'), "{table:?}");
    assert!(table.contains("\\u{1b}[2Jemail"), "{table}");
    let run = masq_run(&input, w.path("out.csv")).output().unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains('\u{1b}'), "{:?}", stderr(&run));
    // The data path keeps the header exactly as it was.
    let out = std::fs::read_to_string(w.path("out.csv")).unwrap();
    assert!(
        out.starts_with("id,\u{1b}[2Jemail,note\u{202e}txt\n"),
        "{out:?}"
    );
}

#[test]
fn nested_json_of_any_depth_is_exit_2_without_eating_memory() {
    let w = Work::new();
    for depth in [100, 1_000, 10_000] {
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let ndjson = format!("{{\"a\": {}{}}}\n", "[".repeat(depth), "]".repeat(depth));
        for (name, text) in [("deep.json", &json), ("deep.ndjson", &ndjson)] {
            let input = w.write(name, text);
            for cmd in ["scan", "run"] {
                let mut c = masq();
                c.arg(cmd).arg(&input);
                if cmd == "run" {
                    c.arg("-o").arg(w.path("out.csv"));
                }
                let res = c.output().unwrap();
                assert_eq!(
                    res.status.code(),
                    Some(2),
                    "{cmd} {name} {depth}: {}",
                    stderr(&res)
                );
                assert!(
                    stderr(&res).contains("nested deeper than 64 levels"),
                    "{}",
                    stderr(&res)
                );
                assert!(!w.path("out.csv").exists());
            }
        }
    }
}

#[test]
fn input_limits_are_flags_and_each_refusal_names_the_file_the_place_and_the_limit() {
    let w = Work::new();
    let code = |args: &[&str]| {
        let res = masq().args(args).output().unwrap();
        (res.status.code(), stderr(&res))
    };
    let out = w.path("out.csv");
    let out = out.to_str().unwrap();

    // Nesting: 10 levels pass the default of 64, not a limit of 5.
    let nd = w.write(
        "nest.ndjson",
        format!("{{\"a\": {}1{}}}\n", "[".repeat(9), "]".repeat(9)),
    );
    let nd = nd.to_str().unwrap();
    assert_eq!(code(&["scan", nd]).0, Some(0));
    let (c, e) = code(&["run", nd, "-o", out, "--max-depth", "5"]);
    assert_eq!(c, Some(2), "{e}");
    assert!(e.contains("nest.ndjson:1: not a readable NDJSON: nested deeper than 5 levels, the limit (raise it with --max-depth)"), "{e}");

    // Field size: a 2,000-byte note is read by default and refused under 1K, with its place.
    let csv = w.write(
        "long.csv",
        format!("id,note\n1,short\n2,{}\n", "x".repeat(2000)),
    );
    let csv = csv.to_str().unwrap();
    assert_eq!(code(&["scan", csv]).0, Some(0));
    for cmd in ["scan", "run"] {
        let mut args = vec![cmd, csv, "--max-field-size", "1K"];
        if cmd == "run" {
            args.extend(["-o", out]);
        }
        let (c, e) = code(&args);
        assert_eq!(c, Some(2), "{e}");
        assert!(
            e.contains("long.csv:3:3: field 2 is 2000 bytes, longer than the limit of 1 KiB"),
            "{e}"
        );
    }

    // Columns: CSV, NDJSON and Parquet alike.
    let (c, e) = code(&["scan", csv, "--max-columns", "1"]);
    assert_eq!(c, Some(2), "{e}");
    assert!(
        e.contains("long.csv:1: more than 1 columns, the limit (raise it with --max-columns)"),
        "{e}"
    );
    let wide = w.write("wide.ndjson", "{\"a\":1,\"b\":2,\"c\":3}\n");
    let (c, e) = code(&[
        "run",
        wide.to_str().unwrap(),
        "-o",
        out,
        "--max-columns",
        "2",
    ]);
    assert_eq!(c, Some(2), "{e}");
    assert!(
        e.contains("wide.ndjson: has 3 columns, more than the limit of 2"),
        "{e}"
    );
    let pq = w.path("wide.parquet");
    let mut df = polars::df!("a" => [1], "b" => [2], "c" => [3]).unwrap();
    polars::prelude::ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut df)
        .unwrap();
    let (c, e) = code(&["scan", pq.to_str().unwrap(), "--max-columns", "2"]);
    assert_eq!(c, Some(2), "{e}");
    assert!(
        e.contains("wide.parquet: has 3 columns, more than the limit of 2"),
        "{e}"
    );
    assert!(!std::path::Path::new(out).exists(), "nothing written");
}

#[test]
fn an_unclosed_quote_in_a_big_file_is_refused_at_the_field_limit_not_after_reading_it_all() {
    // 40 MB after a quote that never closes: the streaming reader would grow one record to the
    // whole file; it stops once the field passes the limit, naming where the quote opened.
    let w = Work::new();
    let mut text = String::from("id,note\n1,\"opened here\n");
    let line = "0123456789012345678901234567890123456789012345678901234567890123456789\n";
    while text.len() < 40 << 20 {
        text.push_str(line);
    }
    let input = w.write("unclosed.csv", &text);
    let res = masq()
        .arg("run")
        .arg(&input)
        .args(["-o", w.path("out.csv").to_str().unwrap()])
        .args(["--max-field-size", "1M", "--memory-limit", "64M"])
        .output()
        .unwrap();
    let e = stderr(&res);
    assert_eq!(res.status.code(), Some(2), "{e}");
    assert!(
        e.contains(
            "unclosed.csv:2:3: field 2 is longer than the limit of 1 MiB (an unclosed quote?"
        ),
        "{e}"
    );
    assert!(!w.path("out.csv").exists());
}

#[test]
fn ndjson_structure_comes_from_every_record_not_the_first_hundred() {
    let w = Work::new();
    let mut text = String::new();
    for i in 0..150 {
        // `ref` is a number for 120 records, then text; `email` first appears at record 130.
        let r = if i < 120 {
            format!("{i}")
        } else {
            format!("\"R-{i}\"")
        };
        if i < 130 {
            text.push_str(&format!("{{\"id\": {i}, \"ref\": {r}}}\n"));
        } else {
            text.push_str(&format!(
                "{{\"id\": {i}, \"ref\": {r}, \"email\": \"person{i}@posteo.de\"}}\n"
            ));
        }
    }
    let input = w.write("late.ndjson", &text);
    let out = w.path("out.ndjson");
    let res = masq_run(&input, &out)
        .arg("--key-file")
        .arg(w.key(2))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let written = std::fs::read_to_string(&out).unwrap();
    let last: serde_json::Value = serde_json::from_str(written.lines().last().unwrap()).unwrap();
    // The late key is there, and replaced; the late text value is kept as it was.
    let email = last["email"].as_str().expect("the late key is kept");
    assert!(
        email.contains('@') && !email.contains("person149"),
        "{email}"
    );
    assert_eq!(last["ref"], "R-149");
    assert!(!written.contains("person1"), "an original email survived");
}

#[test]
fn a_json_record_that_does_not_fit_never_prints_its_value() {
    let w = Work::new();
    // `ssn` is an object in one record and text in the others: no table holds both.
    let input = w.write(
        "bad.json",
        r#"[{"ssn": "123-45-6789", "email": "anna.k@posteo.de"}, {"ssn": {"x": [1]}, "email": "bob.m@gmx.net"}]"#,
    );
    let res = masq_run(&input, w.path("out.csv")).output().unwrap();
    let err = stderr(&res);
    if res.status.code() == Some(2) {
        assert!(err.contains("bad.json"), "{err}");
    }
    for value in ["123-45-6789", "anna.k@posteo.de", "bob.m@gmx.net"] {
        assert!(!err.contains(value), "{err}");
    }
}

#[test]
fn utf16_and_lone_cr_files_are_named_for_what_they_are() {
    let w = Work::new();
    let text = "id,name,email\n1,Anna,anna@x.de\n2,Bob,bob@y.de\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let cases = [
        ("u16.csv", utf16, "is UTF-16 text"),
        (
            "cr.csv",
            text.replace('\n', "\r").into_bytes(),
            "lone carriage return",
        ),
    ];
    for (name, bytes, said) in cases {
        let input = w.write(name, &bytes);
        let res = masq_run(&input, w.path("out.csv")).output().unwrap();
        assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
        assert!(stderr(&res).contains(said), "{name}: {}", stderr(&res));
        assert!(!w.path("out.csv").exists());
    }
    // An empty file and a plain one are not mistaken for either.
    let plain = w.write("plain.csv", text);
    masq_run(&plain, w.path("out.csv")).assert().success();
}
