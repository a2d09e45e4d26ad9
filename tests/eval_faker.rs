//! Issue 9's floors, measured on an evaluation set masq's authors did not design
//! (`fixtures/eval_faker/`: Python Faker, 8 locales, headers chosen without reading the hint
//! lists, dirty values, one-line addresses, prose in 5 languages): what survives `masq run`
//! with defaults, not only what `scan` labels; and the same floors on a set of another generator
//! (`fixtures/eval_mimesis/`). The measurement is `scripts/eval_faker.py` (Python standard
//! library only), run against the binary under test.

use std::process::Command;

#[test]
fn masq_run_meets_the_floors_on_the_independent_faker_set() {
    let Some((t, printed)) = measure("eval_faker") else {
        return;
    };
    // Issue 9 asked for 5%; none of 1,879 survive since streets took their postcode and town
    // along, address lines their unit, and closings, informal "call me" cues and names before
    // a verb of saying were read in each language: past 1%, a leak has come back.
    assert!(
        t["prose_spans_surviving"].as_f64().unwrap() <= 0.01,
        "more prose spans survive than before: {printed}"
    );
}

/// The same floors on a set of another generator (`fixtures/eval_mimesis/`, Mimesis: other
/// name lists, street layouts and phone formats). 3.2% of its prose spans survive (given
/// names no list holds); 10.5% did before the lone-name rule.
#[test]
fn masq_run_meets_the_floors_on_the_mimesis_set() {
    measure("eval_mimesis");
}

/// Runs `scripts/eval_faker.py` on `fixtures/<set>` against the binary under test, asserts
/// issue 9's floors, and returns the totals and the printed table (None when python3 is
/// missing outside CI).
fn measure(set: &str) -> Option<(serde_json::Value, String)> {
    if Command::new("python3").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is needed for the independent evaluation"
        );
        println!("skipped: python3 not found (the independent evaluation needs it)");
        return None;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let json = tempfile::NamedTempFile::new().unwrap();
    let masq = assert_cmd::cargo::cargo_bin("masq");
    let res = Command::new("python3")
        .arg(format!("{root}/scripts/eval_faker.py"))
        .arg("--masq")
        .arg(masq)
        .arg("--data")
        .arg(format!("{root}/fixtures/{set}"))
        .arg("--json")
        .arg(json.path())
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&res.stdout).into_owned();
    assert!(
        res.status.success(),
        "the evaluation did not run: {printed}\n{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json.path()).unwrap()).unwrap();
    let t = report["totals"].clone();
    let f = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("no {k} in {t}"));
    println!(
        "{set}: column F1 {:.3}, personal cells surviving {:.2}%, prose spans surviving {:.2}%, non-personal cells changed {:.2}%",
        f("column_f1"),
        100.0 * f("personal_cells_surviving"),
        100.0 * f("prose_spans_surviving"),
        100.0 * f("non_personal_changed"),
    );
    assert_eq!(
        t["run_exit_code"], 0,
        "masq run writes with defaults, no hand-written policy: {printed}"
    );
    assert!(f("column_f1") >= 0.97, "{printed}");
    assert!(f("personal_cells_surviving") <= 0.01, "{printed}");
    assert!(f("prose_spans_surviving") <= 0.05, "{printed}");
    assert!(f("non_personal_changed") <= 0.02, "{printed}");
    Some((t, printed))
}

/// Column-level F1 of one `masq scan --json` report against the set's labels.
fn column_f1(report: &serde_json::Value, labels: &serde_json::Value) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for c in report["inputs"][0]["columns"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let truth = labels["columns"][name].as_str().unwrap_or("none") != "none";
        let found = !c["kind"].is_null() || c["free_text"] == true;
        match (truth, found) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            _ => {}
        }
    }
    2.0 * tp / (2.0 * tp + fp + fn_)
}

#[test]
fn live_an_llm_assisted_scan_never_scores_below_the_rules_only_scan() {
    let Some(url) = std::env::var("MASQ_TEST_LLM_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "skipped: MASQ_TEST_LLM_URL not set (start a server with ../shared/llm/serve-local-llm.sh start)"
        );
        return;
    };
    let model = std::env::var("MASQ_TEST_LLM_MODEL").unwrap_or_else(|_| "smollm2".into());
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/fixtures/eval_faker/customers.csv");
    let labels: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/fixtures/eval_faker/labels.json")).unwrap(),
    )
    .unwrap();
    let scan = |extra: &[&str]| {
        let res = crate::util::masq_scan(&data)
            .arg("--json")
            .args(extra)
            .output()
            .unwrap();
        assert!(res.status.success(), "{}", crate::util::stderr(&res));
        crate::util::report_json(&crate::util::stdout(&res))
    };
    let rules_only = column_f1(&scan(&[]), &labels);
    let cache = tempfile::tempdir().unwrap();
    let with_llm = scan(&[
        "--llm-url",
        &url,
        "--llm-model",
        &model,
        "--llm-timeout",
        "300",
        "--llm-cache",
        cache.path().to_str().unwrap(),
    ]);
    let assisted = column_f1(&with_llm, &labels);
    println!(
        "live: column F1 rules-only {rules_only:.3}, LLM-assisted {assisted:.3}; quiz {}",
        with_llm["llm"]["quiz"]
    );
    assert!(
        assisted >= rules_only,
        "the LLM made detection worse: {assisted:.3} < {rules_only:.3}"
    );
}
