//! Every bad-input case: a one-line error naming the file (and line/column where it applies),
//! exit code 2, and nothing written.

use crate::util::*;

/// Runs `masq run INPUT -o out.csv` and checks exit 2, the message, and that nothing was written.
fn refused(w: &Work, input: &std::path::Path, extra: &[&str], expect: &[&str]) -> String {
    let out = w.path("out/result.csv");
    std::fs::create_dir_all(w.path("out")).unwrap();
    let res = masq_run(input, &out)
        .args(extra)
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(2), "stderr: {err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
    assert_eq!(err.trim().lines().count(), 1, "one-line error: {err}");
    assert!(
        std::fs::read_dir(w.path("out")).unwrap().next().is_none(),
        "something was written"
    );
    err
}

#[test]
fn missing_file() {
    let w = Work::new();
    refused(&w, &w.path("nope.csv"), &[], &["nope.csv", "no such file"]);
}

#[test]
fn directory_as_input() {
    let w = Work::new();
    std::fs::create_dir_all(w.path("adir.csv")).unwrap();
    refused(
        &w,
        &w.path("adir.csv"),
        &[],
        &["adir.csv", "is a directory"],
    );
}

#[test]
fn unknown_format() {
    let w = Work::new();
    let p = w.write("data.xlsx", "a,b\n1,2\n");
    refused(&w, &p, &[], &["data.xlsx", "unknown format", "--format"]);
}

#[test]
fn empty_file() {
    let w = Work::new();
    let p = w.write("empty.csv", "");
    refused(&w, &p, &[], &["empty.csv", "empty"]);
}

#[test]
fn ragged_rows() {
    let w = Work::new();
    let p = w.write("ragged.csv", "id,email\n1,a@example.com\n2\n");
    refused(&w, &p, &[], &["ragged.csv:3", "ragged"]);
}

#[test]
fn unterminated_quote() {
    let w = Work::new();
    let p = w.write("quote.csv", "id,note\n1,\"fine\"\n2,\"never closed\n3,x\n");
    refused(&w, &p, &[], &["quote.csv:3:3", "unterminated"]);
}

#[test]
fn non_utf8_bytes() {
    let w = Work::new();
    let p = w.write("latin1.csv", b"id,city\n1,Z\xfcrich\n".as_slice());
    let err = refused(&w, &p, &[], &["latin1.csv:2:4", "UTF-8"]);
    assert!(!err.contains("rich"), "no cell content in the message");
}

#[test]
fn duplicate_column_names() {
    let w = Work::new();
    let p = w.write("dup.csv", "id,email,email\n1,a@example.com,b@example.com\n");
    refused(&w, &p, &[], &["dup.csv", "duplicate column name 'email'"]);
}

#[test]
fn malformed_json() {
    let w = Work::new();
    let p = w.write(
        "broken.json",
        "[{\"email\": \"a@example.com\"}, {\"email\": ",
    );
    refused(&w, &p, &[], &["broken.json:1:", "unexpected end of input"]);
}

#[test]
fn malformed_ndjson_names_the_line() {
    let w = Work::new();
    let p = w.write(
        "broken.ndjson",
        "{\"email\": \"a@example.com\"}\n{\"email\": \"b@example.com\"\n",
    );
    let err = refused(&w, &p, &[], &["broken.ndjson:2:", "NDJSON"]);
    assert!(
        !err.contains("b@example.com"),
        "no cell content in the message"
    );
}

#[test]
fn policy_with_unknown_field() {
    let w = Work::new();
    let pol = w.write(
        "policy.toml",
        "version = 1\n[columns.email]\nstrategy = \"fake\"\nstrategie = \"hash\"\n",
    );
    let err = refused(
        &w,
        &fixture("customers_en.csv"),
        &["--policy", pol.to_str().unwrap()],
        &["policy.toml", "strategie"],
    );
    assert!(err.contains("unknown field"), "{err}");
}

#[test]
fn policy_with_unknown_strategy() {
    let w = Work::new();
    let pol = w.write("policy.toml", "[columns.email]\nstrategy = \"shuffle\"\n");
    refused(
        &w,
        &fixture("customers_en.csv"),
        &["--policy", pol.to_str().unwrap()],
        &["policy.toml", "shuffle"],
    );
}

#[test]
fn rule_file_with_bad_regex() {
    let w = Work::new();
    w.write(
        "rules/custom.toml",
        "family = \"custom\"\nversion = 1\n[[rule]]\nid = \"custom.badge\"\nkind = \"email\"\npattern = '''B-(\\d{4}'''\nconfidence = 0.9\n",
    );
    let dir = w.path("rules");
    refused(
        &w,
        &fixture("customers_en.csv"),
        &["--rules", dir.to_str().unwrap()],
        &["custom.toml", "custom.badge", "pattern does not compile"],
    );
}

#[test]
fn rule_file_with_unknown_field() {
    let w = Work::new();
    w.write(
        "rules/custom.toml",
        "family = \"custom\"\nversion = 1\n[[rule]]\nid = \"custom.badge\"\nkind = \"email\"\npatern = 'x'\nconfidence = 0.9\n",
    );
    let dir = w.path("rules");
    refused(
        &w,
        &fixture("customers_en.csv"),
        &["--rules", dir.to_str().unwrap()],
        &["custom.toml", "patern"],
    );
}

#[test]
fn output_that_exists_without_force() {
    let w = Work::new();
    let out = w.write("exists.csv", "keep me\n");
    let res = masq_run(fixture("customers_en.csv"), &out)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("exists.csv"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
}

#[test]
fn unwritable_output_folder() {
    let w = Work::new();
    // A folder that cannot be created: its parent is a regular file (works as root too).
    let blocker = w.write("blocker", "x");
    let res = masq_run(
        fixture("customers_en.csv"),
        format!("{}/sub/", blocker.display()),
    )
    .output()
    .unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(stderr(&res).contains("blocker"), "{}", stderr(&res));
    // And a file output whose folder is missing.
    let res = masq_run(fixture("customers_en.csv"), w.path("missing/out.csv"))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("does not exist"), "{}", stderr(&res));
}

#[test]
fn bad_key_file() {
    let w = Work::new();
    let key = w.write("short.key", "tooshort");
    let res = masq_run(fixture("customers_en.csv"), w.path("o.csv"))
        .arg("--key-file")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("short.key") && stderr(&res).contains("at least 16"),
        "{}",
        stderr(&res)
    );
    assert!(!w.path("o.csv").exists());
}

#[test]
fn usage_errors_exit_2() {
    let res = masq().args(["run", "x.csv"]).output().unwrap();
    assert_eq!(res.status.code(), Some(2), "missing -o is a usage error");
    let res = masq().args(["frobnicate"]).output().unwrap();
    assert_eq!(res.status.code(), Some(2));
}

/// Every file of `fixtures/bad_input/` against its line in `expected.tsv`, for `run` and `scan`.
#[test]
fn the_bad_input_corpus_is_refused_as_the_table_says() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad_input");
    let table = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let rows: Vec<(&str, i32, &str)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let (file, code, said) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            (file, code.parse().unwrap(), said)
        })
        .collect();
    // Every file in the folder has a line, and every line a file.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.tsv" && n != "README.md")
        .collect();
    files.sort();
    let mut listed: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "fixtures/bad_input and expected.tsv disagree"
    );

    let w = Work::new();
    for (file, code, said) in rows {
        let input = dir.join(file);
        let before = std::fs::read(&input).unwrap();
        let out = w.path("out.csv");
        for cmd in ["run", "scan"] {
            let mut c = masq();
            c.current_dir(&dir).arg(cmd).arg(file);
            if cmd == "run" {
                c.arg("-o").arg(&out);
            }
            let res = c.output().unwrap();
            let err = stderr(&res);
            assert_eq!(res.status.code(), Some(code), "{cmd} {file}: {err}");
            assert!(
                err.contains(said),
                "{cmd} {file}: expected «{said}», got: {err}"
            );
            assert_eq!(
                err.trim().lines().count(),
                1,
                "{cmd} {file}: one line: {err}"
            );
            assert!(
                !err.contains("planted.person"),
                "{cmd} {file}: a value: {err}"
            );
            assert!(!out.exists(), "{cmd} {file}: something was written");
        }
        assert_eq!(
            std::fs::read(&input).unwrap(),
            before,
            "{file} was modified"
        );
    }
}
