//! Criterion benchmarks of the hot paths: detection on a sampled column, keyed surrogates per
//! distinct value, the leak search and the residual scan over output cells, and the span finder.
//! The `faker/*` and `surrogate/*` benches time one value per iteration (criterion's figure is
//! ns per value): `faker/*` the generator alone on a seeded generator, `surrogate/*` the whole
//! keyed draw of one value (seed, generator, redraw checks). Run: `cargo bench --bench engine`.

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
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

/// A small deterministic generator for bench inputs (no dependence on `rand`'s stream).
struct Lcg(u64);

impl Lcg {
    fn digit(&mut self) -> char {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        char::from(b'0' + ((self.0 >> 33) % 10) as u8)
    }
}

/// `n` valid phone numbers of several countries and layouts: the kept head of each layout
/// (country code, area or mobile prefix) as written, the rest drawn.
fn multi_locale_phones(n: usize) -> Vec<String> {
    let layouts = [
        "+1 (415) 692-dddd",
        "+1 212-5dd-dddd",
        "(206) 7dd-dddd",
        "+44 20 79dd dddd",
        "+44 7700 9ddddd",
        "020 79dd dddd",
        "+49 30 9ddddd",
        "+49 151 2ddddddd",
        "0151 2ddddddd",
        "+33 1 42 dd dd dd",
        "+33 6 12 dd dd dd",
        "01 38 dd dd dd",
        "+31 6 1ddddddd",
        "+34 612 dd dd dd",
        "+39 06 dddd dddd",
        "+351 912 ddd ddd",
        "+55 11 9dddd-dddd",
        "0044 20 79dd dddd",
    ];
    let mut rng = Lcg(7);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        for l in layouts {
            let p: String = l
                .chars()
                .map(|c| if c == 'd' { rng.digit() } else { c })
                .collect();
            if masq::detect::validators::phone_valid(&p) {
                out.push(p);
            }
        }
    }
    out.truncate(n);
    out
}

/// Per-value benches of the generators of `kind` over `originals`: one value per iteration.
fn bench_faker(c: &mut Criterion, key: &Key, name: &str, kind: Kind, originals: &[String]) {
    let mut i = 0usize;
    c.bench_function(&format!("faker/{name}"), |b| {
        b.iter(|| {
            i = (i + 1) % originals.len();
            let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
            masq::transform::fakers::fake(kind, black_box(&originals[i]), &mut rng)
        })
    });
    let none = Originals::default();
    let mut i = 0usize;
    c.bench_function(&format!("surrogate/{name}"), |b| {
        b.iter(|| {
            i = (i + 1) % originals.len();
            masq::transform::fake_one(kind, black_box(&originals[i]), key, &none)
        })
    });
}

fn bench_fakers(c: &mut Criterion) {
    let key = Key::from_bytes(vec![1; 32], KeySource::Env).unwrap();
    for v in [
        "jane.doe.12345@example.com",
        "olivia.lewis.123456@fastmail-example.com",
    ] {
        let mut i = 0u32;
        c.bench_function(&format!("key/seed {} B", v.len()), |b| {
            b.iter(|| {
                i = i.wrapping_add(1);
                key.seed(Kind::Email, black_box(v), i % 3)
            })
        });
    }
    let mut rng = Lcg(11);
    let mut digits = |n: usize| (0..n).map(|_| rng.digit()).collect::<String>();
    let n = 1000;
    bench_faker(
        c,
        &key,
        "phone multi-locale",
        Kind::Phone,
        &multi_locale_phones(n),
    );
    let us: Vec<String> = (0..n)
        .map(|i| format!("+1 415-692-{:04}", 3000 + i))
        .collect();
    bench_faker(c, &key, "phone +1", Kind::Phone, &us);
    let emails: Vec<String> = emails(n);
    bench_faker(c, &key, "email", Kind::Email, &emails);
    let ibans: Vec<String> = (0..n)
        .map(|_| {
            format!(
                "DE89 3704 {} {} {} {}",
                digits(4),
                digits(4),
                digits(4),
                digits(2)
            )
        })
        .collect();
    bench_faker(c, &key, "iban", Kind::Iban, &ibans);
    let cards: Vec<String> = (0..n)
        .map(|_| format!("4111 {} {} {}", digits(4), digits(4), digits(4)))
        .collect();
    bench_faker(c, &key, "card", Kind::CreditCard, &cards);
    let ssns: Vec<String> = (0..n)
        .map(|_| format!("{}-{}-{}", digits(3), digits(2), digits(4)))
        .collect();
    bench_faker(c, &key, "ssn", Kind::UsSsn, &ssns);
    let cpfs: Vec<String> = (0..n)
        .map(|_| format!("{}.{}.{}-{}", digits(3), digits(3), digits(3), digits(2)))
        .collect();
    bench_faker(c, &key, "cpf", Kind::BrCpf, &cpfs);
    let ids: Vec<String> = (0..n).map(|_| format!("ID-{}-AB", digits(8))).collect();
    bench_faker(c, &key, "id_number", Kind::IdNumber, &ids);
    let names: Vec<String> = (0..n).map(|i| format!("Jane Doe{i}")).collect();
    bench_faker(c, &key, "person_name", Kind::PersonName, &names);
}

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
        join: None,
    };
    let mut phone_orig = Originals::default();
    phone_orig.add_column(Kind::Phone, &phone_col).unwrap();
    let finder = SpanFinder::new(&rules);
    let known = KnownOriginals::default();
    let ctx = |originals| Context::new(&key, originals, &rules, &finder, &known);
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
        join: None,
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
        b.iter(|| {
            masq::verify::search_frame(
                "bench",
                black_box(&out),
                &index,
                &key,
                0,
                &Default::default(),
            )
            .unwrap()
        })
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
    targets = bench, bench_fakers
}
criterion_main!(benches);
