//! Detection held to floors on the generated, labelled evaluation set (`tests/support/eval.rs`):
//! column F1 ≥ 0.97, kind accuracy ≥ 0.95, span overlap F1 ≥ 0.90, on several seeds.

use masq::detect::{detect_frame, spans::SpanFinder};
use masq::rules::RuleSet;

#[test]
fn detection_meets_the_floors_on_the_evaluation_set() {
    let rules = RuleSet::builtin().unwrap();
    let finder = SpanFinder::new(&rules);
    for seed in [7, 11] {
        let set = crate::eval_support::generate(seed, 200);
        assert!(
            set.labels.iter().filter(|(_, k)| k.is_some()).count() >= 40,
            "20+ kinds, obvious and opaque headers"
        );
        let findings = detect_frame(&set.df, &rules, masq::detect::DEFAULT_SAMPLE);
        let s = crate::eval_support::score(&set, &findings, &finder, &rules.dicts);
        let misses: Vec<String> = s
            .misses
            .iter()
            .map(|(c, t, p)| format!("{c}: truth {t:?}, detected {p:?}"))
            .collect();
        println!(
            "seed {seed}: column P {:.3} R {:.3} F1 {:.3}, kind accuracy {:.3}, span P {:.3} R {:.3} F1 {:.3}",
            s.columns.precision(),
            s.columns.recall(),
            s.columns.f1(),
            s.kind_accuracy,
            s.spans.precision(),
            s.spans.recall(),
            s.spans.f1()
        );
        assert!(
            s.columns.f1() >= 0.97,
            "column F1 {:.3}; misses: {misses:?}",
            s.columns.f1()
        );
        assert!(
            s.kind_accuracy >= 0.95,
            "kind accuracy {:.3}; misses: {misses:?}",
            s.kind_accuracy
        );
        assert!(s.spans.f1() >= 0.90, "span F1 {:.3}", s.spans.f1());
    }
}

#[test]
fn the_scorer_counts_what_it_should() {
    // A detector that finds nothing scores zero recall, and the set has look-alikes that a
    // detector calling everything personal data would be punished for.
    let set = crate::eval_support::generate(3, 50);
    let rules = RuleSet::builtin().unwrap();
    let nothing: Vec<masq::detect::ColumnFinding> = Vec::new();
    let s = crate::eval_support::score(&set, &nothing, &SpanFinder::new(&rules), &rules.dicts);
    assert_eq!(s.columns.recall(), 0.0);
    let lookalikes = set.labels.iter().filter(|(_, k)| k.is_none()).count();
    assert!(lookalikes >= 12, "look-alike columns: {lookalikes}");
}
