//! What the span finder costs on a text column, step by step, and what each value rule's
//! pattern costs on it (issue 14's profile of the prose path). Prints rule ids, step names,
//! times and match counts, never a value.
//!
//!     cargo run --release --example rule_cost -- data.csv [column] [passes]
//!
//! `column` is `notes` by default. First each step of the finder's scan (value rules, names,
//! cues, …, addresses) over every text in turn, twice, after the start-up a run does before
//! its first note (address layouts, phone metadata): the first time on cold lazy-DFA caches,
//! as a run meets each note once (every lazy DFA fills its cache with the states the notes
//! lead it to, and each thread fills its own), the second on full ones. The last line of that
//! table, the whole scan one text after another, runs after the steps, on full caches both
//! times.
//!
//! Then every built-in rule with a pattern searched unanchored over every text (as the span
//! finder and the residual scan search prose), slowest first (the finder's rules on caches
//! its steps filled); then the scan step by step over 1 to 1,024 texts at a time
//! (`SpanFinder::scan_many`: a step over many texts keeps its automata warm, a text's dozens
//! of searches in turn do not), the value rules alone, the whole finder and the residual
//! scan's value rules, each `passes` times (3 by default), the first pass and the fastest
//! printed, since one run on a busy machine says little about a change of a few percent. The
//! last two lines search the finder's value rules as one automaton and as one set: what
//! reading each note once with today's patterns would cost.
//!
//! Rules marked `header_required` or with a dictionary are never searched in prose; they are
//! listed for completeness.

use masq::detect::spans::SpanFinder;
use masq::io::{Format, Source};
use masq::rules::RuleSet;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: rule_cost FILE.csv [COLUMN] [PASSES]");
        std::process::exit(2);
    };
    let column = args.next().unwrap_or_else(|| "notes".into());
    let passes: usize = match args.next().map(|p| p.parse()) {
        None => 3,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("rule_cost: passes must be a whole number above 0");
            std::process::exit(2);
        }
    };
    let df = masq::io::read(&Source::Path(path.into()), Format::Csv)
        .unwrap_or_else(|e| {
            eprintln!("rule_cost: {e}");
            std::process::exit(2)
        })
        .df;
    let Ok(col) = df.column(&column).and_then(|c| c.str().cloned()) else {
        eprintln!("rule_cost: no text column '{column}'");
        std::process::exit(2);
    };
    let texts: Vec<&str> = col.iter().flatten().collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let rules = RuleSet::builtin().expect("the built-in rules load");
    println!(
        "{} texts, {:.1} MB, column '{column}'",
        texts.len(),
        bytes as f64 / 1e6
    );

    // The finder's steps first, before anything else searched with their patterns, after the
    // start-up a run does before its first note: each over every text in turn, with the spans
    // the texts hold after it. A run scans each note once, so it pays the first run's cost,
    // which includes filling each lazy DFA's cache with the states the notes lead it to (per
    // thread: every thread fills its own); the second run is the same search with the caches
    // full.
    let finder = SpanFinder::new(&rules);
    masq::detect::address::warm_up();
    masq::checks::phone::phone_valid("+49 30 1234567"); // libphonenumber's metadata loaded
    let cold = finder.step_costs(&texts, &rules.dicts);
    let warm = finder.step_costs(&texts, &rules.dicts);
    println!(
        "{:>9}  {:>9}  {:>8}  span finder step",
        "µs first", "µs again", "spans"
    );
    for ((step, first, n), (_, again, _)) in cold.iter().zip(&warm) {
        println!(
            "{:9.1}  {:9.1}  {n:8}  {step}",
            micros_a_text(first.as_secs_f64(), texts.len()),
            micros_a_text(again.as_secs_f64(), texts.len())
        );
    }

    let mut rows = Vec::new();
    for r in &rules.rules {
        let Some(re) = r.unanchored() else { continue };
        re.is_match(texts.first().copied().unwrap_or("")); // compiled and warm before timing
        let t = Instant::now();
        let hits: usize = texts.iter().map(|s| re.find_iter(s).count()).sum();
        let searched_in_prose = !r.def.header_required && r.def.dictionary.is_none();
        rows.push((
            t.elapsed().as_secs_f64(),
            &r.def.id,
            hits,
            searched_in_prose,
        ));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("{:>9}  {:>8}  {:>5}  rule", "ms", "matches", "prose");
    for (secs, id, hits, prose) in &rows {
        let prose = if *prose { "yes" } else { "no" };
        println!("{:9.1}  {hits:8}  {prose:>5}  {id}", secs * 1e3);
    }
    let in_prose: f64 = rows.iter().filter(|r| r.3).map(|r| r.0).sum();
    println!(
        "{:9.1}  patterns searched in prose, together",
        in_prose * 1e3
    );

    let residual = masq::verify::residual::ResidualScanner::new(&rules);
    // The last two: the finder's value rules as one automaton, read once per text, i.e. what a
    // single pass over each note with today's patterns would cost. Neither answer is the
    // finder's (the first finds one rule's match where several overlap, the second only which
    // rules match), so these lines bound that design from below; they are not a replacement.
    let patterns: Vec<&str> = finder.value_patterns().collect();
    let one = regex_automata::meta::Regex::new_many(&patterns).expect("the rules compiled");
    let set = regex::RegexSet::new(&patterns).expect("the rules compiled");
    let searches: [(&str, Search); 5] = [
        ("value rules only (find_values)", &|s| {
            finder.find_values(s).len()
        }),
        (
            "span finder (find: rules, names, cues, places, addresses)",
            &|s| finder.find(s, &rules.dicts).len(),
        ),
        ("residual scan (strong and weak value rules)", &|s| {
            residual.scan(s).len()
        }),
        (
            "the same value rules as one automaton (matches of any rule, in one read)",
            &|s| one.find_iter(s).count(),
        ),
        ("the same value rules as a set (which rules match)", &|s| {
            set.matches(s).iter().count()
        }),
    ];
    // The scan step by step over a few texts at a time, as `run` calls it.
    for chunk in [1, 16, 64, 256, 1024] {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..passes {
            let t = Instant::now();
            found = texts
                .chunks(chunk)
                .flat_map(|c| c.iter().zip(finder.scan_many(c, &rules.dicts)))
                .map(|(text, f)| f.finish(text, Vec::new()).len())
                .sum::<usize>();
            times.push(t.elapsed().as_secs_f64());
        }
        report(
            &times,
            found,
            texts.len(),
            &format!("span finder's scan, {chunk} texts at a time"),
        );
    }
    for (what, search) in searches {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..passes {
            let t = Instant::now();
            found = texts.iter().map(|s| search(s)).sum::<usize>();
            times.push(t.elapsed().as_secs_f64());
        }
        report(&times, found, texts.len(), what);
    }
}

/// A search over one text, giving how many things it found.
type Search<'a> = &'a dyn Fn(&str) -> usize;

/// One line of timings: the first pass (which fills whatever caches are still empty) and the
/// fastest.
fn report(times: &[f64], found: usize, texts: usize, what: &str) {
    let per_text = |secs: f64| micros_a_text(secs, texts);
    let fastest = times.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "{:9.1}  {found:8}  {:.1} µs a text (first of {} passes), fastest {:.1} µs  {what}",
        times[0] * 1e3,
        per_text(times[0]),
        times.len(),
        per_text(fastest),
    );
}

/// `secs` spent on `texts` texts, in µs a text.
fn micros_a_text(secs: f64, texts: usize) -> f64 {
    secs * 1e6 / texts.max(1) as f64
}
