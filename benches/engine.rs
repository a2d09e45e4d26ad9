//! Criterion benchmarks of the hot paths: detection on a sampled column, keyed surrogates per
//! distinct value, the leak search and the residual scan over output cells, and the span finder. Run: `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use masq::Kind;
use masq::detect::spans::SpanFinder;
use masq::keys::{Key, KeySource};
use masq::policy::{ColumnPlan, Strategy};
use masq::rules::RuleSet;
use masq::transform::spans::KnownOriginals;
use masq::transform::{Context, Originals, apply};
use masq::verify::LeakIndex;
use polars::prelude::*;
use std::hint::black_box;

fn emails(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("user.{i}.name@example-mail.com"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = RuleSet::builtin().unwrap();
    let key = Key::from_bytes(vec![1; 32], KeySource::Env).unwrap();
    let sample = emails(2000);
    c.bench_function("detect_column/2000 emails", |b| {
        b.iter(|| masq::detect::detect_column(black_box("contact"), black_box(&sample), &rules))
    });

    let phones: Vec<String> = (0..1000)
        .map(|i| format!("+1 415-692-{:04}", 3000 + i))
        .collect();
    c.bench_function("phone_valid/1000 US numbers", |b| {
        b.iter(|| {
            phones
                .iter()
                .filter(|p| masq::detect::validators::phone_valid(p))
                .count()
        })
    });
    let phone_col = Column::new("phone".into(), phones.clone());
    let phone_plan = ColumnPlan {
        column: "phone".into(),
        kind: Some(Kind::Phone),
        strategy: Strategy::Fake,
        keep_last: 4,
        decided_by: "bench".into(),
        options: Default::default(),
        cells: Default::default(),
        also: vec![],
    };
    let mut phone_orig = Originals::default();
    phone_orig.add_column(Kind::Phone, &phone_col).unwrap();
    let finder = SpanFinder::new(&rules);
    let known = KnownOriginals::default();
    let ctx = |originals| Context {
        key: &key,
        originals,
        rules: &rules,
        finder: &finder,
        known: &known,
        entities: None,
        pools: None,
        first_row: 0,
        uniques: None,
    };
    let phone_ctx = ctx(&phone_orig);
    c.bench_function("fake/1000 distinct phones", |b| {
        b.iter(|| apply(black_box(&phone_col), &phone_plan, &phone_ctx).unwrap())
    });

    let col = Column::new("email".into(), emails(20_000));
    let plan = ColumnPlan {
        column: "email".into(),
        kind: Some(Kind::Email),
        strategy: Strategy::Fake,
        keep_last: 4,
        decided_by: "bench".into(),
        options: Default::default(),
        cells: Default::default(),
        also: vec![],
    };
    let mut originals = Originals::default();
    originals.add_column(Kind::Email, &col).unwrap();
    let email_ctx = ctx(&originals);
    c.bench_function("fake/20k distinct emails", |b| {
        b.iter(|| apply(black_box(&col), &plan, &email_ctx).unwrap())
    });

    let mut index = LeakIndex::default();
    index.add_column("bench:email", Kind::Email, &col).unwrap();
    let notes: Vec<String> = (0..20_000)
        .map(|i| format!("order {i} shipped to the usual address, call before noon"))
        .collect();
    let out = DataFrame::new(20_000, vec![Column::new("notes".into(), notes)]).unwrap();
    c.bench_function("leak search/20k text cells", |b| {
        b.iter(|| masq::verify::search_frame("bench", black_box(&out), &index, &key).unwrap())
    });

    // The residual scan over a kept prose column and a kept column of amounts (the common
    // case: most cells are ruled out before any regex runs).
    let scanner = masq::verify::residual::ResidualScanner::new(&rules);
    let amounts: Vec<String> = (0..20_000)
        .map(|i| format!("{}.{:02}", i, i % 100))
        .collect();
    let kept = DataFrame::new(
        20_000,
        vec![
            out.column("notes").unwrap().clone(),
            Column::new("amount".into(), amounts),
        ],
    )
    .unwrap();
    c.bench_function("residual scan/40k kept cells", |b| {
        b.iter(|| {
            masq::verify::residual::scan_run(&scanner, "bench", &kept, black_box(&kept), &[], &key)
                .unwrap()
        })
    });
    let finder = masq::detect::spans::SpanFinder::new(&rules);
    let prose = "Dear Karl, please call me on +49 30 1234567 or write to karl.m@posteo.de; \
                 my passport C01X00T47 expires soon. Born 12/03/1984 in Berlin.";
    c.bench_function("span finder/one 150-byte note", |b| {
        b.iter(|| finder.find(black_box(prose), &rules.dicts))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).noise_threshold(0.05);
    targets = bench
}
criterion_main!(benches);
