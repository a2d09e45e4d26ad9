//! Criterion benchmarks of the prose path (issue 14), on the notes and gift messages of the
//! independent evaluation set (`fixtures/eval_faker/`, 1,140 texts in five languages): the span
//! finder alone, and the `spans` strategy over the notes column (spans of each distinct text,
//! one surrogate per distinct span, texts put together again). Run: `cargo bench --bench prose`.

use criterion::{Criterion, criterion_group, criterion_main};
use masq::detect::spans::SpanFinder;
use masq::io::{Format, Source};
use masq::keys::{Key, KeySource};
use masq::rules::RuleSet;
use masq::transform::Originals;
use masq::transform::spans::{KnownOriginals, apply};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/eval_faker/customers.csv"
    );
    let df = masq::io::read(&Source::Path(path.into()), Format::Csv)
        .unwrap()
        .df;
    let texts: Vec<String> = ["notes", "gift_message"]
        .iter()
        .flat_map(|c| {
            let col = df.column(c).unwrap().str().unwrap();
            col.iter().flatten().map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    let rules = RuleSet::builtin().unwrap();
    let finder = SpanFinder::new(&rules);
    c.bench_function("span finder/1,140 eval notes", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| finder.find(black_box(t), &rules.dicts).len())
                .sum::<usize>()
        })
    });

    let key = Key::from_bytes(vec![1; 32], KeySource::Env).unwrap();
    let originals = Originals::default();
    let known = KnownOriginals::default();
    let notes = df.column("notes").unwrap();
    c.bench_function("spans strategy/1,000-row notes column", |b| {
        b.iter(|| {
            apply(
                black_box(notes),
                &finder,
                &rules.dicts,
                &key,
                &originals,
                &known,
                None,
            )
            .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).noise_threshold(0.05);
    targets = bench
}
criterion_main!(benches);
