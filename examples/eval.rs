//! Prints masq's detection scores on the generated evaluation set (see `tests/support/eval.rs`):
//! column-level precision, recall, F1 and kind accuracy, span-level overlap P/R/F1, and the
//! detection rate per kind. Usage: `cargo run --release --example eval [ROWS] [SEED]`.

#[path = "../tests/support/eval.rs"]
mod eval;

use masq::detect::{detect_frame, spans::SpanFinder};
use masq::rules::RuleSet;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(400);
    let seed = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7);
    let set = eval::generate(seed, rows);
    let rules = RuleSet::builtin().expect("built-in rules");
    let findings = detect_frame(&set.df, &rules, masq::detect::DEFAULT_SAMPLE);
    let s = eval::score(&set, &findings, &SpanFinder::new(&rules), &rules.dicts);
    println!(
        "evaluation set: {rows} rows, {} columns, {} labelled spans (seed {seed})",
        set.labels.len(),
        set.spans.len()
    );
    println!(
        "columns: precision {:.3}  recall {:.3}  F1 {:.3}  kind accuracy {:.3}",
        s.columns.precision(),
        s.columns.recall(),
        s.columns.f1(),
        s.kind_accuracy
    );
    println!(
        "spans (overlap): precision {:.3}  recall {:.3}  F1 {:.3}",
        s.spans.precision(),
        s.spans.recall(),
        s.spans.f1()
    );
    println!("per kind (columns detected with the right kind / columns):");
    for (k, (n, ok)) in &s.per_kind {
        println!("  {:<18} {ok}/{n}", k.as_str());
    }
    println!("spans per kind (found / labelled):");
    for (k, (n, ok)) in &s.span_per_kind {
        println!("  {:<18} {ok}/{n}", k.as_str());
    }
    for (c, t, p) in &s.misses {
        println!(
            "  miss: {c}: truth {}, detected {}",
            t.map_or("none", |k| k.as_str()),
            p.map_or("none", |k| k.as_str())
        );
    }
}
