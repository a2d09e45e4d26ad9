//! The committed fuzz corpus (`fuzz/corpus/<target>/`, minimized with `cargo fuzz cmin`)
//! replayed on stable through the very properties the libFuzzer targets check
//! (`fuzz/properties.rs`): every input that once reached a new path of a reader, the span
//! finder, a rule, a faker or the policy and rule loaders must still hold them.

#[path = "../fuzz/properties.rs"]
mod properties;

use std::path::Path;

fn replay(target: &str, property: fn(&[u8])) {
    replay_dir("corpus", target, property);
}

/// Every crash `cargo fuzz` found, kept under `fuzz/regressions/<target>/` once fixed.
#[test]
fn the_crashes_fuzzing_found_stay_fixed() {
    replay_dir("regressions", "readers", properties::readers);
    replay_dir("regressions", "batches", properties::batches);
}

fn replay_dir(folder: &str, target: &str, property: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        if std::panic::catch_unwind(|| property(&bytes)).is_err() {
            panic!("{target}: the property fails on {}", p.display());
        }
    }
}

#[test]
fn readers_corpus_holds() {
    replay("readers", properties::readers);
}

#[test]
fn batches_corpus_holds() {
    replay("batches", properties::batches);
}

#[test]
fn spans_corpus_holds() {
    replay("spans", properties::spans);
}

#[test]
fn rules_corpus_holds() {
    replay("rules", properties::rules);
}

#[test]
fn fakers_corpus_holds() {
    replay("fakers", properties::fakers);
}

#[test]
fn policy_corpus_holds() {
    replay("policy", properties::policy);
}

#[test]
fn rule_toml_corpus_holds() {
    replay("rule_toml", properties::rule_toml);
}
