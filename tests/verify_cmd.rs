//! `masq verify`: auditing a pair of files, including output masq did not produce.

use crate::util::*;

/// The original customers fixture and a clean masq output of it.
fn clean_pair(w: &Work) -> (std::path::PathBuf, std::path::PathBuf) {
    let orig = fixture("customers_en.csv");
    let out = w.path("clean.csv");
    masq_run(&orig, &out)
        .arg("--key-file")
        .arg(w.key(1))
        .arg("-q")
        .assert()
        .success();
    (orig, out)
}

#[test]
fn a_clean_pair_passes() {
    let w = Work::new();
    let (orig, out) = clean_pair(&w);
    let report = w.path("audit.json");
    let res = masq()
        .args(["verify", "--original"])
        .arg(&orig)
        .arg("--anonymized")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let rep = read_report(&report);
    assert_eq!(rep["verdict"], "verified");
    assert_eq!(rep["leak_check"]["leaked_cells"], 0);
    assert!(rep["leak_check"]["originals_indexed"].as_u64().unwrap() > 500);
}

#[test]
fn emails_left_in_place_in_a_third_of_rows_are_found_exactly() {
    let w = Work::new();
    let (orig, out) = clean_pair(&w);
    // Put the original email back into every third row, as a careless tool would, and shuffle
    // the rows (an audit must not rely on alignment).
    let o = read(&orig);
    let a = read(&out);
    let orig_emails = col(&o, "email");
    let mut emails = col(&a, "email");
    let mut planted = Vec::new();
    for (i, e) in emails.iter_mut().enumerate() {
        if i % 3 == 0
            && let Some(original) = &orig_emails[i]
        {
            *e = Some(original.clone());
            planted.push(original.clone());
        }
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = lines.remove(0);
    let idx = header.split(',').position(|h| h == "email").unwrap();
    let mut rows: Vec<String> = lines
        .iter()
        .zip(&emails)
        .map(|(line, e)| {
            // The email column holds no commas or quotes, so a plain split is exact here.
            let mut cells: Vec<String> = split_csv_line(line);
            cells[idx] = e.clone().unwrap_or_default();
            cells.join(",")
        })
        .collect();
    rows.reverse();
    let tampered = w.write("tampered.csv", format!("{header}\n{}\n", rows.join("\n")));
    let report = w.path("audit.json");
    let res = masq()
        .args(["verify", "--original"])
        .arg(&orig)
        .arg("--anonymized")
        .arg(&tampered)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let text = std::fs::read_to_string(&report).unwrap();
    let rep = report_json(&text);
    assert_eq!(rep["verdict"], "failed");
    assert_eq!(
        rep["leak_check"]["leaked_cells"].as_u64().unwrap(),
        planted.len() as u64
    );
    let cols = rep["leak_check"]["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 1);
    assert_eq!(cols[0]["column"], "email");
    for p in &planted {
        assert!(
            !text.contains(p.as_str()) && !stderr(&res).contains(p.as_str()),
            "a leaked value was printed"
        );
    }
}

/// Splits one CSV line, honouring double quotes (enough for the fixture's quoting).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.last_mut().unwrap().push(c);
            }
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// `run` audits its own output and `verify` audits a pair; both go through `verify::audit`, so
/// on the same files and policy they measure the same things and refuse the same policies.
#[test]
fn run_and_verify_agree_on_the_same_pair() {
    let w = Work::new();
    let orig = fixture("patients.csv");
    let policy = w.write(
        "p.toml",
        "[risk]\nquasi_identifiers = [\"age\", \"gender\", \"zip\"]\n[gate]\nmin_k = 1\n",
    );
    let out = w.path("out.csv");
    let run_report = w.path("run.json");
    masq_run(&orig, &out)
        .arg("--key-file")
        .arg(w.key(4))
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&run_report)
        .arg("-q")
        .assert()
        .success();
    let verify_report = w.path("verify.json");
    let res = masq()
        .args(["verify", "--original"])
        .arg(&orig)
        .arg("--anonymized")
        .arg(&out)
        .arg("--key-file")
        .arg(w.key(4))
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&verify_report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let (r, v) = (read_report(&run_report), read_report(&verify_report));
    // k-anonymity before and after, over the same quasi-identifiers.
    assert!(r["inputs"][0]["risk"]["after"]["k"].is_u64());
    assert_eq!(r["inputs"][0]["risk"], v["inputs"][0]["risk"]);
    // No original identifier in the output, by either audit; the same gate thresholds checked.
    assert_eq!(r["leak_check"]["leaked_cells"], 0);
    assert_eq!(v["leak_check"]["leaked_cells"], 0);
    assert_eq!(r["residual_check"]["residual_cells"], 0);
    assert_eq!(v["residual_check"]["residual_cells"], 0);
    let thresholds = |rep: &serde_json::Value| -> Vec<String> {
        let mut t: Vec<String> = rep["gate"]["held"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["threshold"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(thresholds(&r), thresholds(&v));
    assert_eq!(thresholds(&r), ["max_leaks", "max_residual", "min_k"]);

    // A policy naming a quasi-identifier the data does not have: both refuse it, in the same
    // words, before any work.
    let typo = w.write("typo.toml", "[risk]\nquasi_identifiers = [\"zipcode\"]\n");
    let run = masq_run(&orig, w.path("never.csv"))
        .arg("--policy")
        .arg(&typo)
        .output()
        .unwrap();
    let verify = masq()
        .args(["verify", "--original"])
        .arg(&orig)
        .arg("--anonymized")
        .arg(&out)
        .arg("--policy")
        .arg(&typo)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(verify.status.code(), Some(2));
    let said = "[risk] quasi_identifiers names column 'zipcode', which no input has";
    assert!(stderr(&run).contains(said), "{}", stderr(&run));
    assert!(stderr(&verify).contains(said), "{}", stderr(&verify));
    assert!(!w.path("never.csv").exists());

    // An "anonymized" file that is a copy of the original fails the same audit.
    let copy = w.path("copy.csv");
    std::fs::copy(&orig, &copy).unwrap();
    let same = masq()
        .args(["verify", "--original"])
        .arg(&orig)
        .arg("--anonymized")
        .arg(&copy)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(1), "{}", stderr(&same));
}
