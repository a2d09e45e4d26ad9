//! `masq run`: outputs, formats, consistency, the leak gate and atomic writes.

use crate::util::*;
use masq::detect::validators as v;
use masq::io::Format;
use std::collections::{HashMap, HashSet};

/// Runs masq on one fixture with key `k`, returns the output frame.
fn run_fixture(w: &Work, name: &str, k: u8) -> (std::path::PathBuf, polars::prelude::DataFrame) {
    let out = w.path(&format!("out{k}/{name}"));
    let rep = w.path(&format!("report{k}-{name}.json"));
    masq_run(fixture(name), w.path(&format!("out{k}/")))
        .arg("--key-file")
        .arg(w.key(k))
        .arg("--report")
        .arg(&rep)
        .assert()
        .success();
    let df = read(&out);
    (out, df)
}

fn validator_for(kind: &str) -> Option<fn(&str) -> bool> {
    Some(match kind {
        "email" => v::email_valid,
        "phone" => v::phone_valid,
        "credit_card" => v::luhn_valid,
        "iban" => v::iban_valid,
        "us_ssn" => v::us_ssn_valid,
        "ipv4" => v::ipv4_valid,
        "ipv6" => v::ipv6_valid,
        "mac_address" => v::mac_valid,
        "url" => v::url_valid,
        _ => return None,
    })
}

#[test]
fn every_pii_column_is_replaced_with_valid_values_and_the_rest_is_untouched() {
    let w = Work::new();
    for name in [
        "customers_en.csv",
        "kunden_de.csv",
        "clients_fr.tsv",
        "orders.ndjson",
        "profiles.json",
    ] {
        let orig = read(&fixture(name));
        let (_, out) = run_fixture(&w, name, 1);
        assert_eq!(out.height(), orig.height(), "{name}: row count");
        assert_eq!(
            out.get_column_names(),
            orig.get_column_names(),
            "{name}: column order"
        );
        for (column, kind) in labels_for(name) {
            let a = col(&orig, &column);
            let b = col(&out, &column);
            for (row, (x, y)) in a.iter().zip(&b).enumerate() {
                assert_eq!(
                    x.is_none(),
                    y.is_none(),
                    "{name}:{column} row {row}: null changed"
                );
            }
            if kind == "none" {
                assert_eq!(
                    a, b,
                    "{name}:{column} is not personal data and must be untouched"
                );
                continue;
            }
            let originals: HashSet<&String> = a.iter().flatten().collect();
            if let Some(k) = masq::Kind::parse(&kind).filter(|k| k.is_identifying()) {
                let distinct = |v: &[Option<String>]| -> HashSet<String> {
                    v.iter()
                        .flatten()
                        .map(|x| masq::text::normalize(k, x))
                        .collect()
                };
                assert_eq!(
                    distinct(&a).len(),
                    distinct(&b).len(),
                    "{name}:{column}: two people share a surrogate (or one person got two)"
                );
            }
            for (row, (x, y)) in a.iter().zip(&b).enumerate() {
                let (Some(x), Some(y)) = (x, y) else { continue };
                assert_ne!(x, y, "{name}:{column} row {row} was not replaced");
                if masq::Kind::parse(&kind).is_some_and(|k| k.is_identifying()) {
                    assert!(
                        !originals.contains(y),
                        "{name}:{column} row {row}: surrogate equals an original"
                    );
                }
                if let Some(check) = validator_for(&kind) {
                    assert!(
                        check(y),
                        "{name}:{column} row {row}: surrogate is not a valid {kind}"
                    );
                }
                if kind == "phone"
                    && let Some(plan) = v::phone_plan(x)
                {
                    assert!(
                        v::phone_valid_as(y, plan),
                        "{name}:{column} row {row}: surrogate phone is not valid in the original's country"
                    );
                }
            }
        }
    }
}

#[test]
fn same_key_gives_identical_output_and_another_key_differs() {
    let w = Work::new();
    let (p1, _) = run_fixture(&w, "customers_en.csv", 1);
    let first = std::fs::read(&p1).unwrap();
    let again = w.path("again.csv");
    masq()
        .args(["run"])
        .arg(fixture("customers_en.csv"))
        .arg("-o")
        .arg(&again)
        .arg("--key-file")
        .arg(w.key(1))
        .assert()
        .success();
    assert_eq!(
        first,
        std::fs::read(&again).unwrap(),
        "same key, same bytes"
    );
    let (p2, _) = run_fixture(&w, "customers_en.csv", 2);
    let a = col(&read(&p1), "email");
    let b = col(&read(&p2), "email");
    let differing = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.is_some() && x != y)
        .count();
    assert!(
        differing * 10 >= a.iter().flatten().count() * 9,
        "another key gives other surrogates"
    );
}

#[test]
fn the_same_email_gets_the_same_surrogate_in_two_files() {
    let w = Work::new();
    masq()
        .arg("run")
        .arg(fixture("customers_en.csv"))
        .arg(fixture("orders.ndjson"))
        .arg("-o")
        .arg(w.path("out/"))
        .arg("--key-file")
        .arg(w.key(3))
        .assert()
        .success();
    let c_in = col(&read(&fixture("customers_en.csv")), "email");
    let c_out = col(&read(&w.path("out/customers_en.csv")), "email");
    let o_in = col(&read(&fixture("orders.ndjson")), "customer_email");
    let o_out = col(&read(&w.path("out/orders.ndjson")), "customer_email");
    let map: HashMap<String, String> = c_in
        .iter()
        .zip(&c_out)
        .filter_map(|(a, b)| Some((a.clone()?, b.clone()?)))
        .collect();
    let mut shared = 0;
    for (a, b) in o_in.iter().zip(&o_out) {
        if let (Some(a), Some(b)) = (a, b)
            && let Some(expected) = map.get(a)
        {
            assert_eq!(
                b, expected,
                "a shared email got different surrogates in the two files"
            );
            shared += 1;
        }
    }
    assert!(
        shared >= 30,
        "the fixtures share at least 30 emails (found {shared})"
    );
}

#[test]
fn the_gate_refuses_a_planted_leak_and_never_prints_it() {
    let w = Work::new();
    // Plant an original email into the notes of another row; the policy keeps notes.
    let text = std::fs::read_to_string(fixture("customers_en.csv")).unwrap();
    let orig = read(&fixture("customers_en.csv"));
    let emails = col(&orig, "email");
    let planted = emails.iter().flatten().nth(5).unwrap().clone();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        *header.last().unwrap(),
        "notes",
        "notes is the last column of the fixture"
    );
    let row = lines[20].clone();
    let cut = row.rfind(',').unwrap();
    lines[20] = format!("{},\"please write to {planted} asap\"", &row[..cut]);
    let input = w.write("planted.csv", lines.join("\n") + "\n");
    let policy = w.write(
        "policy.toml",
        "version = 1\n[columns.notes]\nstrategy = \"keep\"\n",
    );
    let out = w.path("clean.csv");
    let report = w.path("report.json");
    let run = |extra: &[&str]| {
        masq_run(&input, &out)
            .args(extra)
            .arg("--policy")
            .arg(&policy)
            .arg("--key-file")
            .arg(w.key(4))
            .arg("--report")
            .arg(&report)
            .output()
            .unwrap()
    };
    let res = run(&[]);
    assert_eq!(res.status.code(), Some(1), "stderr: {}", stderr(&res));
    assert!(!out.exists(), "nothing may be written when the gate fails");
    assert!(
        !w.files().iter().any(|f| f.contains(".masq-")),
        "no temporary file left: {:?}",
        w.files()
    );
    let rep_text = std::fs::read_to_string(&report).unwrap();
    let rep = report_json(&rep_text);
    assert_eq!(rep["verdict"], "refused");
    let leaks = rep["leak_check"]["columns"].as_array().unwrap();
    let notes = leaks
        .iter()
        .find(|l| l["column"] == "notes")
        .expect("notes leak reported");
    assert_eq!(notes["leaked_cells"], 1);
    assert_eq!(notes["fingerprints"].as_array().unwrap().len(), 1);
    assert_eq!(notes["rows"], serde_json::json!([20]), "the row to look at");
    // In small batches, the row is counted across batches.
    let res2 = run(&["--batch-size", "700", "--force"]);
    assert_eq!(res2.status.code(), Some(1), "stderr: {}", stderr(&res2));
    let rep2 = report_json(&std::fs::read_to_string(&report).unwrap());
    assert_eq!(
        rep2["leak_check"]["columns"][0]["rows"],
        serde_json::json!([20])
    );
    for text in [stdout(&res), stderr(&res), rep_text] {
        assert!(
            !text.to_lowercase().contains(&planted.to_lowercase()),
            "the leaked value was printed"
        );
    }
    assert!(
        stderr(&res).contains("notes"),
        "stderr names the leaking column"
    );
}

#[test]
fn formats_round_trip_and_output_format_can_change() {
    let w = Work::new();
    let key = w.key(5);
    // CSV -> Parquet -> JSON, via --output-format and extensions.
    masq()
        .arg("run")
        .arg(fixture("customers_en.csv"))
        .args(["-o"])
        .arg(w.path("c.parquet"))
        .arg("--key-file")
        .arg(&key)
        .assert()
        .success();
    let pq = read(&w.path("c.parquet"));
    let csv_out = w.path("c.csv");
    masq_run(fixture("customers_en.csv"), &csv_out)
        .arg("--key-file")
        .arg(&key)
        .assert()
        .success();
    let csv = read(&csv_out);
    assert_eq!(
        col(&pq, "email"),
        col(&csv, "email"),
        "format does not change surrogates"
    );
    masq()
        .arg("run")
        .arg(w.path("c.parquet"))
        .args(["-o", "-", "--output-format", "ndjson", "--key-file"])
        .arg(&key)
        .assert()
        .success();
    // TSV keeps its tabs.
    masq_run(fixture("clients_fr.tsv"), w.path("f.tsv"))
        .arg("--key-file")
        .arg(&key)
        .assert()
        .success();
    let first = std::fs::read_to_string(w.path("f.tsv")).unwrap();
    assert!(first.lines().next().unwrap().contains('\t'));
    let _ = read_as(&w.path("f.tsv"), Format::Tsv);
}

#[test]
fn stdin_to_stdout() {
    let w = Work::new();
    let input = std::fs::read(fixture("customers_en.csv")).unwrap();
    let res = masq()
        .args(["run", "-", "-o", "-", "--quiet", "--key-file"])
        .arg(w.key(6))
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let text = stdout(&res);
    assert!(text.starts_with("customer_id,"));
    assert_eq!(
        text.lines().count(),
        std::fs::read_to_string(fixture("customers_en.csv"))
            .unwrap()
            .lines()
            .count()
    );
    assert!(
        stderr(&res).is_empty(),
        "--quiet prints nothing: {}",
        stderr(&res)
    );
}

#[test]
fn header_only_input_gives_an_empty_output_with_the_same_header() {
    let w = Work::new();
    let input = w.write("empty_rows.csv", "id,email,phone\n");
    let out = w.path("out.csv");
    masq_run(&input, &out)
        .arg("--key-file")
        .arg(w.key(1))
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out).unwrap().trim_end(),
        "id,email,phone"
    );
}

#[test]
fn an_existing_output_is_kept_unless_forced_and_inputs_are_never_modified() {
    let w = Work::new();
    let input = w.write(
        "in.csv",
        std::fs::read(fixture("customers_en.csv")).unwrap(),
    );
    let before = std::fs::read(&input).unwrap();
    let out = w.write("out.csv", "precious\n");
    let res = masq_run(&input, &out)
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("out.csv") && stderr(&res).contains("--force"),
        "{}",
        stderr(&res)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    masq_run(&input, &out)
        .arg("--force")
        .arg("--key-file")
        .arg(w.key(1))
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    // Writing over the input itself is refused even with --force.
    let res = masq_run(&input, &input).arg("--force").output().unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input file was modified"
    );
}

#[test]
fn the_report_has_counts_key_fingerprint_and_rule_versions_but_no_values() {
    let w = Work::new();
    let report = w.path("r.json");
    let res = masq_run(fixture("customers_en.csv"), w.path("o.csv"))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let text = std::fs::read_to_string(&report).unwrap();
    let rep = report_json(&text);
    assert_eq!(rep["verdict"], "written");
    assert_eq!(rep["key"]["source"], "random");
    assert!(rep["warnings"][0].as_str().unwrap().contains("random key"));
    assert!(
        stderr(&res).contains("random key"),
        "the random key is announced on stderr"
    );
    assert!(
        rep["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["family"] == "email" && f["version"].is_u64())
    );
    let cols = rep["inputs"][0]["columns"].as_array().unwrap();
    let email = cols.iter().find(|c| c["name"] == "email").unwrap();
    assert_eq!(email["kind"], "email");
    assert_eq!(email["strategy"], "fake");
    let counts = &email["counts"];
    assert_eq!(
        counts["values"].as_u64().unwrap() + counts["nulls"].as_u64().unwrap(),
        rep["inputs"][0]["rows"].as_u64().unwrap()
    );
    assert_eq!(counts["replaced"], counts["values"]);
    // No original value of any PII column appears in the report's text (its keys and strings;
    // the digits of a measured score may contain any five digits by chance, and so may a keyed
    // fingerprint — 12 hex digits of an HMAC under this run's random key, or 16 for the
    // residual scan's: `549370748537287c` held the zip 37287 in one run of 30).
    let mut strings = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        let fingerprint = |s: &str| {
            (s.len() == 12 || s.len() == 16)
                && s.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        };
        match v {
            serde_json::Value::String(s) if fingerprint(s) => {}
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out)
            }),
            _ => {}
        }
    }
    walk(&rep, &mut strings);
    let orig = read(&fixture("customers_en.csv"));
    for (column, kind) in labels_for("customers_en.csv") {
        if kind == "none" {
            continue;
        }
        for val in col(&orig, &column).into_iter().flatten() {
            if val.len() >= 4 {
                let hit = strings.iter().find(|s| s.contains(&val));
                assert!(
                    hit.is_none(),
                    "report contains a value of {column} in the string {hit:?}"
                );
            }
        }
    }
}

#[test]
fn personal_data_inside_notes_is_replaced_span_by_span_and_stays_joined() {
    let w = Work::new();
    let text = std::fs::read_to_string(fixture("customers_en.csv")).unwrap();
    let orig = read(&fixture("customers_en.csv"));
    let emails = col(&orig, "email");
    let planted = emails.iter().flatten().nth(3).unwrap().clone();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (n, line) in lines.iter_mut().enumerate().skip(1).step_by(10) {
        let cut = line.rfind(',').unwrap();
        let note = if n == 1 {
            format!("customer asked to use {planted} for invoices")
        } else {
            "call Mr Turner on +44 20 7946 0958 before delivery".to_string()
        };
        *line = format!("{},\"{note}\"", &line[..cut]);
    }
    let input = w.write("notes.csv", lines.join("\n") + "\n");
    let out = w.path("out.csv");
    let report = w.path("r.json");
    let res = masq_run(&input, &out)
        .arg("--key-file")
        .arg(w.key(8))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let df = read(&out);
    let notes = col(&df, "notes");
    let out_emails = col(&df, "email");
    // The planted email became, inside the note, exactly the surrogate the email column has.
    let row = emails
        .iter()
        .position(|e| e.as_deref() == Some(planted.as_str()))
        .unwrap();
    let surrogate = out_emails[row].clone().unwrap();
    assert_eq!(
        notes[0].as_deref(),
        Some(format!("customer asked to use {surrogate} for invoices").as_str())
    );
    for n in notes.iter().flatten() {
        assert!(
            !n.contains(&planted) && !n.contains("Turner") && !n.contains("7946 0958"),
            "{n}"
        );
    }
    // Notes without personal data are untouched; the report counts the spans.
    assert!(
        notes
            .iter()
            .flatten()
            .any(|n| n == "prefers weekend delivery" || n == "gift wrap")
    );
    let rep = read_report(&report);
    let c = rep["inputs"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "notes")
        .unwrap()
        .clone();
    assert_eq!(c["strategy"], "spans");
    assert_eq!(c["free_text"], true);
    assert!(c["counts"]["spans"].as_u64().unwrap() >= 20, "{c}");
}

/// A customer's given name alone in their own note (`Nout asked us to call back`) is no span
/// any rule finds, yet it is that row's `first_name`: `run` writes there what the row's
/// `first_name` became, and the gate's row check would refuse the output otherwise. Names from
/// other rows, and the same letters as an ordinary word, stay.
#[test]
fn a_customers_own_given_name_in_their_note_becomes_their_surrogate() {
    let w = Work::new();
    let firsts = [
        "Nout",
        "Fem",
        "Lorenzo",
        "Mireia",
        "Claire",
        "Bernardino",
        "Will",
        "Oluwaseun",
    ];
    let lasts = [
        "van de Leemput",
        "Stoffel",
        "Azevedo",
        "Vidal",
        "Martin",
        "Rocha",
        "Page",
        "Adeyemi",
    ];
    let mut csv = String::from("id,first_name,last_name,notes\n");
    for i in 0..80 {
        let (f, l) = (firsts[i % 8], lasts[(i / 8) % 8]);
        let note = match i % 3 {
            0 => format!("{f} asked us to call back after 6pm. Order {i} split into two parcels."),
            1 => {
                format!("Parcel {i} left with a neighbour; {f} will collect it. Mr {l} confirmed.")
            }
            _ => format!("Refund of order {i} approved, we will call {f} on Monday."),
        };
        csv.push_str(&format!("{i},{f},{l},\"{note}\"\n"));
    }
    let input = w.write("crm.csv", &csv);
    let policy = w.write(
        "policy.toml",
        "version = 1\n[columns.first_name]\nkind = \"first_name\"\nstrategy = \"fake\"\n\
         [columns.last_name]\nkind = \"last_name\"\nstrategy = \"fake\"\n\
         [columns.notes]\nstrategy = \"spans\"\n[columns.id]\nstrategy = \"keep\"\n",
    );
    let out = w.path("crm_out.csv");
    let report = w.path("report.json");
    let res = masq_run(&input, &out)
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(w.key(3))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "stderr: {}", stderr(&res));
    let (orig, df) = (read(&input), read(&out));
    let (f0, f1) = (col(&orig, "first_name"), col(&df, "first_name"));
    let l0 = col(&orig, "last_name");
    let (n0, n1) = (col(&orig, "notes"), col(&df, "notes"));
    let word = |t: &str, w: &str| masq::text::whole_words(t, w).next().is_some();
    for row in 0..n0.len() {
        let (f, note) = (f0[row].as_deref().unwrap(), n1[row].as_deref().unwrap());
        let (written, l) = (f1[row].as_deref().unwrap(), l0[row].as_deref().unwrap());
        assert_ne!(f, written, "row {row}: the given name is replaced");
        assert!(!word(note, f), "row {row}: {f} left in {note:?}");
        assert!(!word(note, l), "row {row}: {l} left in {note:?}");
        assert!(word(note, written), "row {row}: {written} not in {note:?}");
        // `will` stays a word beside the name `Will`.
        if n0[row].as_deref().unwrap().contains(" will ") {
            assert!(note.contains(" will "), "row {row}: {note:?}");
        }
    }
    let rep = read_report(&report);
    assert_eq!(rep["verdict"], "written");
    assert!(
        report_column(&rep, "notes")["counts"]["spans"]
            .as_u64()
            .unwrap()
            >= 80,
        "each note's name is counted as a span"
    );
}
