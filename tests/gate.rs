//! Fidelity, re-identification risk and the gate's thresholds, through `masq run` and
//! `masq verify` on the patients fixture.

use crate::util::*;

/// Bins ages by 20 years, keeps 3 ZIP digits, shifts the stay dates per patient.
const K5_POLICY: &str = r#"
version = 1
entity = "patient_id"

[gate]
min_k = 5

[risk]
quasi_identifiers = ["age", "gender", "zip"]

[columns.age]
strategy = "generalize"
bin_width = 20

[columns.zip]
strategy = "generalize"
keep_prefix = 3

[columns.admitted]
strategy = "shift-date"
max_days = 30

[columns.discharged]
strategy = "shift-date"
max_days = 30
"#;

fn days(s: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("ISO date");
    d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap())
        .num_days()
}

#[test]
fn generalize_and_shift_date_raise_k_from_1_to_at_least_5() {
    let w = Work::new();
    let policy = w.write("k5.toml", K5_POLICY);
    let out = w.path("out.csv");
    let report = w.path("report.json");
    let res = masq_run(fixture("patients.csv"), &out)
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(w.key(3))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let rep = read_report(&report);
    let risk = &rep["inputs"][0]["risk"];
    assert_eq!(
        risk["before"]["k"], 1,
        "age, gender and ZIP single people out"
    );
    assert!(risk["after"]["k"].as_u64().unwrap() >= 5, "{risk}");
    assert!(risk["before"]["unique_share"].as_f64().unwrap() > 0.5);
    assert_eq!(risk["after"]["unique_share"], 0.0);
    assert_eq!(risk["required_k"], 5);
    assert!(rep["gate"]["passed"].as_bool().unwrap());
    let held: Vec<&str> = rep["gate"]["held"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["threshold"].as_str().unwrap())
        .collect();
    assert_eq!(
        held,
        ["max_leaks", "max_residual", "min_k"],
        "every threshold checked is listed"
    );
    let summary = stderr(&res);
    assert!(summary.contains("k 1 → "), "{summary}");

    let (o, a) = (read(&fixture("patients.csv")), read(&out));
    // Ages in 20-year bins, ZIPs cut to 3 digits.
    for (x, y) in col(&o, "age").iter().zip(col(&a, "age")) {
        let age: u32 = x.as_deref().unwrap().parse().unwrap();
        let lo = age / 20 * 20;
        assert_eq!(y.unwrap(), format!("{lo}-{}", lo + 19));
    }
    for (x, y) in col(&o, "zip").iter().zip(col(&a, "zip")) {
        assert_eq!(y.unwrap(), format!("{}**", &x.as_deref().unwrap()[..3]));
    }
    // Every stay moved, by at most 30 days, and kept its length.
    let (adm, dis) = (col(&o, "admitted"), col(&o, "discharged"));
    let (adm2, dis2) = (col(&a, "admitted"), col(&a, "discharged"));
    for i in 0..adm.len() {
        let (a0, d0) = (
            days(adm[i].as_deref().unwrap()),
            days(dis[i].as_deref().unwrap()),
        );
        let (a1, d1) = (
            days(adm2[i].as_deref().unwrap()),
            days(dis2[i].as_deref().unwrap()),
        );
        assert_ne!(a0, a1, "row {i}: admission date moved");
        assert!((a1 - a0).abs() <= 30, "row {i}: within max_days");
        assert_eq!(d1 - a1, d0 - a0, "row {i}: the length of stay is intact");
    }
}

#[test]
fn a_k_the_policy_cannot_reach_is_refused_with_the_shortfall() {
    let w = Work::new();
    // ZIPs kept whole: binning ages alone cannot reach k = 5.
    let policy = w.write(
        "weak.toml",
        K5_POLICY.replace(
            "[columns.zip]\nstrategy = \"generalize\"\nkeep_prefix = 3\n",
            "[columns.zip]\nstrategy = \"keep\"\n",
        ),
    );
    let report = w.path("report.json");
    let res = masq_run(fixture("patients.csv"), w.path("out/"))
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        !w.path("out/patients.csv").exists(),
        "nothing is written when a threshold fails"
    );
    let rep = read_report(&report);
    assert_eq!(rep["verdict"], "refused");
    let failures = rep["gate"]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["threshold"], "min_k");
    assert_eq!(failures[0]["required"], 5.0);
    let actual = failures[0]["actual"].as_f64().unwrap();
    assert!(actual < 5.0);
    assert!(
        failures[0]["message"]
            .as_str()
            .unwrap()
            .contains("short by")
    );
    assert!(stderr(&res).contains("min_k"), "{}", stderr(&res));
}

#[test]
fn fidelity_is_measured_per_column_and_a_column_threshold_fails_like_a_leak() {
    let w = Work::new();
    let report = w.path("report.json");
    // Without thresholds: kept columns score 1, replaced identifiers are profiled.
    masq_run(fixture("patients.csv"), w.path("a.csv"))
        .arg("--report")
        .arg(&report)
        .arg("-q")
        .assert()
        .success();
    let rep = read_report(&report);
    let fid = &rep["inputs"][0]["fidelity"];
    let score = |name: &str| {
        fid["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == name)
            .unwrap_or_else(|| panic!("no fidelity for {name}: {fid}"))["score"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (score("ward") - 1.0).abs() < 1e-12,
        "a kept column is unchanged"
    );
    assert!((score("bill_amount") - 1.0).abs() < 1e-12);
    let full_name = fid["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == "full_name")
        .expect("the replaced names are profiled");
    assert_eq!(full_name["null_rate"][0], full_name["null_rate"][1]);
    assert!(fid["overall"].as_f64().unwrap() > 0.5);

    // Heavy noise on the bill amounts against a demanding per-column threshold.
    let policy = w.write(
        "noisy.toml",
        "version = 1\n[columns.bill_amount]\nstrategy = \"noise\"\nnoise = 1.0\nmin_fidelity = 0.99\n",
    );
    let report2 = w.path("report2.json");
    let res = masq_run(fixture("patients.csv"), w.path("b.csv"))
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&report2)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(!w.path("b.csv").exists());
    let rep = read_report(&report2);
    let f = &rep["gate"]["failures"][0];
    assert_eq!(f["threshold"], "min_fidelity");
    assert_eq!(f["column"], "bill_amount");
    assert!(f["actual"].as_f64().unwrap() < 0.99);
}

#[test]
fn verify_reports_fidelity_and_risk_for_a_pair_masq_did_not_make() {
    let w = Work::new();
    let policy = w.write("k5.toml", K5_POLICY);
    let out = w.path("out.csv");
    masq_run(fixture("patients.csv"), &out)
        .arg("--policy")
        .arg(&policy)
        .arg("-q")
        .assert()
        .success();
    // Shuffle the rows: an audit must not rely on alignment.
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let shuffled = w.write("shuffled.csv", lines.join("\n") + "\n");
    let report = w.path("audit.json");
    let html = w.path("audit.html");
    let res = masq()
        .args(["verify", "--original"])
        .arg(fixture("patients.csv"))
        .arg("--anonymized")
        .arg(&shuffled)
        .arg("--policy")
        .arg(&policy)
        .arg("--report")
        .arg(&report)
        .arg("--report-html")
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let rep = read_report(&report);
    let input = &rep["inputs"][0];
    assert_eq!(input["risk"]["before"]["k"], 1);
    assert!(input["risk"]["after"]["k"].as_u64().unwrap() >= 5);
    assert!(input["fidelity"]["overall"].as_f64().unwrap() > 0.0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"));
    for external in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "<link",
        "<script src",
    ] {
        assert!(
            !page.contains(external),
            "self-contained, but has {external}"
        );
    }
    // The summary on stderr stays short.
    assert!(stderr(&res).lines().count() <= 20, "{}", stderr(&res));
}
