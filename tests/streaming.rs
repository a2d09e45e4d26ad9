//! The streaming engine (issue 14): `run` reads its inputs in batches, and the output must not
//! depend on where the batches are cut. Every fixture is run in one batch and in small ones
//! (down to a few records each), with the same key, and the outputs compared byte for byte:
//! surrogates, the two-people-one-surrogate rule across batches, per-row noise seeds and
//! headers all included. So must it not depend on whether the keyed hashes of originals and
//! surrogates stayed in memory or moved to disk (`--maps-budget 0` moves them all).

use crate::util::{Work, fixture, masq_run, stderr};
use std::path::Path;

fn run(w: &Work, input: &Path, out: &str, batch: Option<usize>) -> (Vec<u8>, serde_json::Value) {
    run_with(w, input, out, batch, |_| {})
}

/// [`run`], with `more` adding to the command (an environment variable, a policy).
fn run_with(
    w: &Work,
    input: &Path,
    out: &str,
    batch: Option<usize>,
    more: impl FnOnce(&mut assert_cmd::Command),
) -> (Vec<u8>, serde_json::Value) {
    let report = w.path(&format!("{out}.json"));
    let mut c = masq_run(input, w.path(out));
    more(&mut c);
    c.arg("--key-file")
        .arg(w.key(11))
        .arg("-q")
        .arg("--report")
        .arg(&report);
    if let Some(b) = batch {
        c.arg("--batch-size").arg(b.to_string());
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}: {}", input.display(), stderr(&o));
    let r = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (std::fs::read(w.path(out)).unwrap(), r)
}

#[test]
fn every_fixture_gives_the_same_bytes_in_one_batch_and_in_many() {
    let w = Work::new();
    for (name, small) in [
        ("customers_en.csv", 700),
        ("kunden_de.csv", 600),
        ("clients_fr.tsv", 500),
        ("patients.csv", 400),
        ("staff.csv", 300),
        ("orders.ndjson", 400),
        ("eval_faker/customers.csv", 40_000),
        ("eval_mimesis/customers.csv", 30_000),
        ("fidelity/people_original.csv", 2000),
    ] {
        let input = fixture(name);
        let ext = name.rsplit('.').next().unwrap();
        let stem = name.replace(['/', '.'], "_");
        let (whole, r1) = run(&w, &input, &format!("{stem}_whole.{ext}"), None);
        let (batched, r2) = run(&w, &input, &format!("{stem}_batched.{ext}"), Some(small));
        let (on_disk, r3) = run_with(
            &w,
            &input,
            &format!("{stem}_on_disk.{ext}"),
            Some(small),
            |c| {
                c.args(["--maps-budget", "0"]);
            },
        );
        assert_eq!(r1["resources"]["spilled_bytes"], 0, "{name}");
        // (A table with no identifying originals and no prose has no maps to move; prose
        // brings the maps of its words and of the name columns' words.)
        let indexed = r3["leak_check"]["originals_indexed"].as_u64().unwrap();
        let prose = r3["inputs"][0]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["strategy"] == "spans");
        assert_eq!(
            r3["resources"]["spilled_bytes"].as_u64().unwrap() > 0,
            indexed > 0 || prose,
            "{name}: the maps did not move to disk ({indexed} originals indexed, prose: {prose})"
        );
        assert!(
            on_disk == batched,
            "{name}: output differs between maps in memory and on disk"
        );
        assert_eq!(r3["residual_check"], r2["residual_check"], "{name}");
        assert_eq!(r3["leak_check"], r2["leak_check"], "{name}");
        assert_eq!(
            r1["resources"]["batches"], 1,
            "{name}: default is one batch here"
        );
        assert!(
            r2["resources"]["batches"].as_u64().unwrap() > 1,
            "{name}: small batches were not used"
        );
        assert!(
            whole == batched,
            "{name}: output differs between 1 and many batches"
        );
        assert_eq!(r1["verdict"], r2["verdict"], "{name}");
        assert_eq!(
            r1["leak_check"]["cells_checked"], r2["leak_check"]["cells_checked"],
            "{name}: every cell is searched in either case"
        );
        assert_eq!(
            r1["residual_check"], r2["residual_check"],
            "{name}: the residual scan's tallies carry over from batch to batch"
        );
    }
}

/// Pass 1 keeps its scans of the notes in an unnamed temporary file for pass 2, and maps beyond
/// their budget move to such files. Where none can be made (`TMPDIR` missing), pass 2 scans
/// the notes again and the maps stay in memory: same bytes, same verdict.
#[test]
fn prose_comes_out_the_same_whether_pass_1_scans_could_be_kept_or_not() {
    let w = Work::new();
    let input = fixture("eval_faker/customers.csv");
    let (kept, r1) = run(&w, &input, "kept.csv", Some(40_000));
    let missing = w.path("no/such/folder");
    let (rescanned, r2) = run_with(&w, &input, "rescanned.csv", Some(40_000), |c| {
        c.env("TMPDIR", &missing).args(["--maps-budget", "0"]);
    });
    assert_eq!(r2["resources"]["spilled_bytes"], 0);
    let spans: Vec<&str> = r1["inputs"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["strategy"] == "spans")
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(spans, ["notes", "gift_message"], "the fixture has prose");
    assert!(r1["resources"]["batches"].as_u64().unwrap() > 1);
    assert!(kept == rescanned);
    assert_eq!(r1["verdict"], r2["verdict"]);
    assert_eq!(r1["residual_check"], r2["residual_check"]);
}

#[test]
fn parquet_inputs_stream_by_row_slices() {
    let w = Work::new();
    // A Parquet input made from a fixture (what it holds does not matter here).
    let pq = w.path("in.parquet");
    let o = masq_run(fixture("customers_en.csv"), &pq)
        .arg("--key-file")
        .arg(w.key(3))
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let (whole, _) = run(&w, &pq, "whole.csv", None);
    let (batched, r) = run(&w, &pq, "batched.csv", Some(300));
    assert!(r["resources"]["batches"].as_u64().unwrap() > 1);
    assert!(
        whole == batched,
        "Parquet: output differs between 1 and many batches"
    );
}

#[test]
fn a_json_array_is_one_batch_and_the_memory_limit_is_checked() {
    let w = Work::new();
    let (_, r) = run(&w, &fixture("profiles.json"), "out.json", Some(100));
    assert_eq!(r["resources"]["batches"], 1, "a JSON array is read whole");
    let o = masq_run(fixture("staff.csv"), w.path("x.csv"))
        .args(["--memory-limit", "12"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at least 64M"), "{}", stderr(&o));
    assert!(!w.path("x.csv").exists());
}

#[test]
fn risk_is_counted_batch_by_batch_with_the_same_figures_as_in_one_batch() {
    // Quasi-identifiers left as they are (k stays low) and one generalized: the class counts
    // of every batch must add up to the whole table's, before and after.
    let w = Work::new();
    let policy = w.write(
        "qi.toml",
        "version = 1\n[risk]\nquasi_identifiers = [\"age\", \"gender\", \"zip\"]\n\
         [columns.zip]\nstrategy = \"generalize\"\nkeep_prefix = 3\n",
    );
    let risk = |batch: Option<usize>| {
        let out = format!("qi_{batch:?}.csv");
        let (_, r) = run_with(&w, &fixture("patients.csv"), &out, batch, |c| {
            c.arg("--policy").arg(&policy);
        });
        (
            r["inputs"][0]["risk"].clone(),
            r["resources"]["batches"].clone(),
        )
    };
    let (whole, n1) = risk(None);
    let (batched, n2) = risk(Some(400));
    assert_eq!(n1, 1);
    assert!(
        n2.as_u64().unwrap() > 3,
        "small batches were not used: {n2}"
    );
    assert_eq!(whole, batched, "risk differs between 1 and many batches");
    assert_eq!(whole["before"]["rows"], whole["after"]["rows"]);
    assert!(whole["before"]["rows"].as_u64().unwrap() > 0, "{whole}");
    assert!(
        whole["after"]["classes"].as_u64().unwrap() < whole["before"]["classes"].as_u64().unwrap(),
        "cutting ZIPs to 3 digits merges classes: {whole}"
    );
}
