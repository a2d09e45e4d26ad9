//! What a run costs before its first row (issue 14: a two-row file takes ~0.17 s, most of it
//! compiling patterns): each start-up step timed on one thread, in the order a run meets
//! them, then the built-in patterns that cost most to compile. Prints step names, rule ids and
//! times, never a value.
//!
//!     cargo run --release --example startup_cost
//!
//! A run does these steps on all cores (the address patterns on a thread of their own while
//! the rules load), so its wall time is less than the sum printed here.

use masq::detect::spans::SpanFinder;
use masq::rules::RuleSet;
use std::time::Instant;

fn main() {
    // One thread, so that each step's time is its own.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("the first pool of the process");
    let start = Instant::now();
    let mut t = Instant::now();
    let mut lap = |what: &str| {
        println!("{:8.1} ms  {what}", t.elapsed().as_secs_f64() * 1e3);
        t = Instant::now();
    };
    let rules = RuleSet::builtin().expect("the built-in rules load");
    lap("rule set (files parsed; patterns compile when first asked)");
    masq::detect::address::warm_up();
    lap("address layouts and prose hints");
    masq::checks::phone::phone_valid("+49 30 1234567");
    lap("first phone check (libphonenumber's metadata)");
    let finder = SpanFinder::new(&rules);
    lap("span finder (its rules' patterns)");
    let _residual = masq::verify::residual::ResidualScanner::new(&rules);
    lap("residual scanner");
    let note = "Call Anna Schmidt at +49 30 1234567 or anna@example.org, IBAN DE89 3704 0044 \
                0532 0130 00, Hauptstraße 5, 10115 Berlin.";
    finder.find(note, &rules.dicts);
    lap("first note (cue, name and date patterns)");
    println!("{:8.1} ms  total", start.elapsed().as_secs_f64() * 1e3);

    // Each built-in pattern compiled afresh, anchored as a column's values are tested.
    let mut costs: Vec<(f64, &str)> = rules
        .rules
        .iter()
        .filter_map(|r| {
            let p = r.def.pattern.as_ref()?;
            let t = Instant::now();
            regex::Regex::new(&format!("^(?:{p})$")).ok()?;
            Some((t.elapsed().as_secs_f64() * 1e3, r.def.id.as_str()))
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let sum: f64 = costs.iter().map(|c| c.0).sum();
    println!(
        "{sum:8.1} ms  the {} built-in patterns, anchored, compiled one by one; the costliest:",
        costs.len()
    );
    for (ms, id) in costs.iter().take(8) {
        println!("{ms:8.1} ms    {id}");
    }
}
