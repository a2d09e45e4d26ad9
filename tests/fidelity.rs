//! Fidelity metrics: the SDMetrics cross-check (fixtures/fidelity/expected.json, written by
//! scripts/sdmetrics_crosscheck.py with SDMetrics 0.32) and the behaviour a report reader sees.

use crate::util::fixture;
use masq::Kind;
use masq::io::{Format, Source};
use masq::verify::fidelity::{
    ColumnSpec, Fidelity, Role, compute, contingency_similarity, correlation_similarity,
    ks_complement, tv_complement,
};
use polars::prelude::*;
use serde_json::Value;

const TOLERANCE: f64 = 1e-6;

fn read(name: &str) -> DataFrame {
    let p = fixture(&format!("fidelity/{name}"));
    masq::io::read(&Source::Path(p), Format::Csv).unwrap().df
}

fn compare_all(df: &DataFrame) -> Vec<ColumnSpec> {
    df.get_column_names()
        .iter()
        .map(|n| ColumnSpec {
            name: n.to_string(),
            role: Role::Compare,
        })
        .collect()
}

fn no_rule(_: Kind, _: &str) -> Option<bool> {
    None
}

fn run(o: &DataFrame, a: &DataFrame, specs: &[ColumnSpec]) -> Fidelity {
    compute(o, a, specs, &no_rule).unwrap()
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOLERANCE,
        "{what}: masq {got} vs SDMetrics {want}"
    );
}

fn text_col<'a>(df: &'a DataFrame, name: &str) -> Vec<Option<&'a str>> {
    df.column(name).unwrap().str().unwrap().iter().collect()
}

fn num_col(df: &DataFrame, name: &str) -> Vec<f64> {
    text_col(df, name)
        .into_iter()
        .map(|v| v.map_or(f64::NAN, |s| s.parse().unwrap()))
        .collect()
}

#[test]
fn sdmetrics_crosscheck_agrees_within_1e_6() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fidelity/expected.json")).unwrap())
            .unwrap();
    let datasets = expected["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), 3);
    let (mut checked_columns, mut checked_pairs) = (0, 0);
    for ds in datasets {
        let name = ds["name"].as_str().unwrap();
        let o = read(ds["original"].as_str().unwrap());
        let a = read(ds["anonymized"].as_str().unwrap());
        let f = run(&o, &a, &compare_all(&o));

        let want_cols = ds["columns"].as_array().unwrap();
        assert_eq!(
            f.columns.iter().map(|c| &c.column).collect::<Vec<_>>(),
            want_cols
                .iter()
                .map(|c| c["column"].as_str().unwrap())
                .collect::<Vec<_>>(),
            "{name}: compared columns"
        );
        for (got, want) in f.columns.iter().zip(want_cols) {
            let what = format!("{name}.{}", got.column);
            assert_eq!(
                got.column_type.as_str(),
                want["column_type"].as_str().unwrap(),
                "{what}"
            );
            assert_eq!(
                got.metric.as_str(),
                want["metric"].as_str().unwrap(),
                "{what}"
            );
            close(&what, got.score, want["score"].as_f64().unwrap());
            checked_columns += 1;
        }

        let want_pairs = ds["pairs"].as_array().unwrap();
        assert_eq!(f.pairs.len(), want_pairs.len(), "{name}: number of pairs");
        for want in want_pairs {
            let cols: Vec<&str> = want["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            let metric = want["metric"].as_str().unwrap();
            let coef = want["coefficient"].as_str();
            let got = f
                .pairs
                .iter()
                .find(|p| {
                    p.columns[0] == cols[0]
                        && p.columns[1] == cols[1]
                        && p.metric.as_str() == metric
                        && p.coefficient.map(|c| c.as_str()) == coef
                })
                .unwrap_or_else(|| panic!("{name}: no {metric} {coef:?} for {cols:?}"));
            let what = format!("{name}: {metric} {coef:?} {cols:?}");
            close(&what, got.score, want["score"].as_f64().unwrap());
            if let Some(r) = want["original"].as_f64() {
                close(&what, got.original.unwrap(), r);
                close(
                    &what,
                    got.anonymized.unwrap(),
                    want["anonymized"].as_f64().unwrap(),
                );
            }
            checked_pairs += 1;
        }
    }
    // Every kind of entry was exercised: a mixed pair (numeric binned against a category) too.
    assert_eq!((checked_columns, checked_pairs), (16, 45));
}

#[test]
fn plain_functions_agree_with_sdmetrics() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fidelity/expected.json")).unwrap())
            .unwrap();
    let ds = &expected["datasets"][0];
    let score = |col: &str| {
        ds["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == col)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    let pair = |x: &str, y: &str, coef: Option<&str>| {
        ds["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| {
                p["columns"][0] == x && p["columns"][1] == y && p["coefficient"].as_str() == coef
            })
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    let o = read("people_original.csv");
    let a = read("people_anonymized.csv");
    close(
        "income KS",
        ks_complement(&num_col(&o, "income"), &num_col(&a, "income")),
        score("income"),
    );
    close(
        "city TV",
        tv_complement(&text_col(&o, "city"), &text_col(&a, "city")),
        score("city"),
    );
    for (coef, spearman) in [("pearson", false), ("spearman", true)] {
        let got = correlation_similarity(
            (&num_col(&o, "age"), &num_col(&o, "income")),
            (&num_col(&a, "age"), &num_col(&a, "income")),
            spearman,
        )
        .unwrap();
        close(coef, got, pair("age", "income", Some(coef)));
    }
    // city × member: member's yes/no are the same words on both sides, so raw text will do.
    let got = contingency_similarity(
        (&text_col(&o, "city"), &text_col(&o, "member")),
        (&text_col(&a, "city"), &text_col(&a, "member")),
    );
    close("city × member", got, pair("city", "member", None));
}

#[test]
fn identical_frames_score_one_everywhere() {
    let o = read("people_original.csv");
    let f = run(&o, &o, &compare_all(&o));
    assert_eq!(f.columns.len(), 6);
    assert!(!f.pairs.is_empty());
    for c in &f.columns {
        assert_eq!(c.score, 1.0, "{}", c.column);
        assert_eq!(c.chart.original, c.chart.anonymized, "{}", c.column);
    }
    for p in &f.pairs {
        assert!(
            (p.score - 1.0).abs() < 1e-12,
            "{:?} {:?}",
            p.columns,
            p.coefficient
        );
    }
    assert!((f.overall.unwrap() - 1.0).abs() < 1e-12);
    let m = f.correlation.unwrap();
    assert_eq!(m.columns, ["age", "income"]);
    assert_eq!(m.original, m.anonymized);
    assert_eq!(m.original[0], Some(1.0));
}

fn text_frame(cols: &[(&str, Vec<Option<String>>)]) -> DataFrame {
    DataFrame::new_infer_height(
        cols.iter()
            .map(|(n, v)| Column::new((*n).into(), v.clone()))
            .collect(),
    )
    .unwrap()
}

fn strings(xs: impl IntoIterator<Item = impl ToString>) -> Vec<Option<String>> {
    xs.into_iter().map(|x| Some(x.to_string())).collect()
}

#[test]
fn a_shifted_distribution_scores_lower() {
    let o = text_frame(&[
        ("n", strings(0..100)),
        ("c", strings((0..100).map(|i| ["a", "b", "c", "d"][i % 4]))),
    ]);
    let a = text_frame(&[
        ("n", strings(30..130)),
        ("c", strings((0..100).map(|i| ["a", "a", "c", "d"][i % 4]))),
    ]);
    let f = run(&o, &a, &compare_all(&o));
    let n = &f.columns[0];
    assert_eq!(
        (n.column_type.as_str(), n.metric.as_str()),
        ("numeric", "KSComplement")
    );
    assert!((n.score - 0.7).abs() < 1e-12, "{}", n.score);
    let c = &f.columns[1];
    assert_eq!(
        (c.column_type.as_str(), c.metric.as_str()),
        ("categorical", "TVComplement")
    );
    assert!((c.score - 0.75).abs() < 1e-12, "{}", c.score);
    let same = run(&o, &o, &compare_all(&o));
    assert!(f.overall.unwrap() < same.overall.unwrap());
    // The chart shows the shift: the anonymized side has values in bins the original has not.
    let last = n.chart.labels.len() - 1;
    assert_eq!(n.chart.labels[0], "[0.0, 6.5)");
    assert_eq!(
        n.chart.labels[last], "[123.5, 130.0]",
        "edges rounded past the extremes"
    );
    assert_eq!(n.chart.original[last], 0.0);
    assert!(n.chart.anonymized[last] > 0.0);
}

#[test]
fn category_labels_never_reach_the_chart() {
    let names = ["Aurelia", "Bastian", "Cosima", "Dorian"];
    let o = text_frame(&[
        ("first", strings((0..90).map(|i| names[(i * i) % 4]))),
        ("age", strings((0..90).map(|i| 20 + i % 50))),
    ]);
    let a = text_frame(&[
        ("first", strings((0..60).map(|i| names[i % 4]))),
        ("age", strings((0..60).map(|i| 21 + i % 50))),
    ]);
    let f = run(&o, &a, &compare_all(&o));
    let json = serde_json::to_string(&f).unwrap();
    for n in names {
        assert!(!json.contains(n), "{n} leaked into the report");
    }
    let first = &f.columns[0];
    // Ranked by original frequency: i² mod 4 is 0 or 1, so Aurelia and Bastian come first.
    assert_eq!(first.chart.labels, ["#1", "#2", "other"]);
    assert_eq!(first.chart.original[2], 0.0);
    assert!((first.chart.anonymized[2] - 0.5).abs() < 1e-12);
    // Numeric bins start and end on round edges, not on anyone's value (ages 20–70).
    assert_eq!(f.columns[1].chart.labels[0], "[20.0, 22.5)");
    assert!(
        f.columns[1]
            .chart
            .labels
            .last()
            .unwrap()
            .ends_with(", 70.0]")
    );
}

#[test]
fn skipped_columns_say_why() {
    let o = read("orders_original.csv");
    let a = read("orders_anonymized.csv").drop("qty").unwrap();
    let mut specs = compare_all(&o);
    specs[0].role = Role::Skip("dropped".to_string());
    let f = run(&o, &a, &specs);
    let why = |c: &str| {
        f.skipped
            .iter()
            .find(|s| s.column == c)
            .unwrap_or_else(|| panic!("{c} not skipped"))
            .why
            .as_str()
    };
    assert_eq!(why("amount"), "dropped");
    assert_eq!(why("qty"), "not in the anonymized data");
    assert_eq!(why("age_band"), "type changed: numeric → categorical");
    assert_eq!(f.skipped.len(), 3);
    assert!(f.columns.iter().all(|c| c.column != "amount"));

    let o = read("people_original.csv");
    let a = read("people_anonymized.csv");
    let f = run(&o, &a, &compare_all(&o));
    assert_eq!(f.skipped.len(), 1);
    assert_eq!(f.skipped[0].column, "notes");
    assert_eq!(f.skipped[0].why, "text with 380 distinct values");
}

#[test]
fn identifier_profile_on_a_tiny_pair() {
    let col = |v: &[Option<&str>]| Column::new("email".into(), v.to_vec());
    let o = DataFrame::new_infer_height(vec![col(&[
        Some("ann@x.io"),
        Some("bob@yy.org"),
        None,
        Some("ann@x.io"),
    ])])
    .unwrap();
    let a = DataFrame::new_infer_height(vec![col(&[Some("q7@k.io"), None, None, Some("broken")])])
        .unwrap();
    let specs = [ColumnSpec {
        name: "email".to_string(),
        role: Role::Identifier {
            kind: Some(Kind::Email),
            strategy: "fake".to_string(),
            aims_valid: true,
        },
    }];
    let valid = |k: Kind, v: &str| (k == Kind::Email).then(|| v.contains('@'));
    let f = compute(&o, &a, &specs, &valid).unwrap();
    assert!(f.columns.is_empty() && f.pairs.is_empty() && f.overall.is_none());
    let p = &f.identifiers[0];
    assert_eq!(p.kind.as_deref(), Some("email"));
    assert_eq!(p.null_rate, [0.25, 0.5]);
    assert_eq!(p.distinct_ratio, [2.0 / 3.0, 1.0]);
    assert_eq!(p.mean_length, [26.0 / 3.0, 6.5]);
    assert_eq!(p.length_range, [[8, 10], [6, 7]]);
    assert_eq!(p.valid_share, Some(0.5));

    // Not aiming for valid values, or a kind without a value rule: no share.
    let no_rule_specs = [ColumnSpec {
        name: "email".to_string(),
        role: Role::Identifier {
            kind: Some(Kind::Email),
            strategy: "hash".to_string(),
            aims_valid: false,
        },
    }];
    let f = compute(&o, &a, &no_rule_specs, &valid).unwrap();
    assert_eq!(f.identifiers[0].valid_share, None);
    let f = compute(&o, &a, &specs, &no_rule).unwrap();
    assert_eq!(f.identifiers[0].valid_share, None);
}

#[test]
fn typed_columns_score_like_their_text() {
    let n = 60i32;
    let ints: Vec<i64> = (0..n as i64).map(|i| (i * 7) % 23).collect();
    let ints_b: Vec<i64> = (0..n as i64).map(|i| (i * 5) % 29).collect();
    let floats: Vec<Option<f64>> = (0..n)
        .map(|i| (i % 9 != 0).then_some(f64::from(i) * 1.5))
        .collect();
    let floats_b: Vec<Option<f64>> = (0..n)
        .map(|i| (i % 7 != 0).then_some(f64::from(i) * 1.7))
        .collect();
    let days: Vec<i32> = (0..n).map(|i| 19_000 + i * 3).collect();
    let days_b: Vec<i32> = (0..n).map(|i| 19_010 + i * 2).collect();
    let bools: Vec<bool> = (0..n).map(|i| i % 3 == 0).collect();
    let bools_b: Vec<bool> = (0..n).map(|i| i % 4 == 0).collect();
    let typed = |i: &[i64], f: &[Option<f64>], d: &[i32], b: &[bool]| {
        DataFrame::new_infer_height(vec![
            Column::new("i".into(), i.to_vec()),
            Column::new("f".into(), f.to_vec()),
            Column::new("d".into(), d.to_vec())
                .cast(&DataType::Date)
                .unwrap(),
            Column::new("b".into(), b.to_vec()),
        ])
        .unwrap()
    };
    let text = |i: &[i64], f: &[Option<f64>], d: &[i32], b: &[bool]| {
        let date = |x: i32| {
            (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(x as u64))
                .to_string()
        };
        text_frame(&[
            ("i", strings(i)),
            ("f", f.iter().map(|x| x.map(|v| v.to_string())).collect()),
            ("d", strings(d.iter().map(|x| date(*x)))),
            (
                "b",
                strings(b.iter().map(|x| if *x { "yes" } else { "no" })),
            ),
        ])
    };
    let (to, ta) = (
        typed(&ints, &floats, &days, &bools),
        typed(&ints_b, &floats_b, &days_b, &bools_b),
    );
    let (xo, xa) = (
        text(&ints, &floats, &days, &bools),
        text(&ints_b, &floats_b, &days_b, &bools_b),
    );
    let ft = run(&to, &ta, &compare_all(&to));
    let fx = run(&xo, &xa, &compare_all(&xo));
    let types: Vec<&str> = ft.columns.iter().map(|c| c.column_type.as_str()).collect();
    assert_eq!(types, ["numeric", "numeric", "datetime", "boolean"]);
    assert_eq!(ft.columns.len(), fx.columns.len());
    for (t, x) in ft.columns.iter().zip(&fx.columns) {
        assert!((t.score - x.score).abs() < 1e-12, "{}", t.column);
        assert!(t.score < 1.0, "{}", t.column);
    }
    assert_eq!(ft.pairs.len(), fx.pairs.len());
    for (t, x) in ft.pairs.iter().zip(&fx.pairs) {
        assert!((t.score - x.score).abs() < 1e-12, "{:?}", t.columns);
    }
    // Date bins start on the first of the month, not on anyone's date.
    assert_eq!(ft.columns[2].chart.labels[0], "[2022-01-01, 2022-01-11)");
}

#[test]
fn overall_is_the_mean_of_column_and_pair_means() {
    let o = read("small_original.csv");
    let a = read("small_anonymized.csv");
    let f = run(&o, &a, &compare_all(&o));
    let mean = |xs: Vec<f64>| xs.iter().sum::<f64>() / xs.len() as f64;
    let cols = mean(f.columns.iter().map(|c| c.score).collect());
    let pairs = mean(f.pairs.iter().map(|p| p.score).collect());
    assert!((f.overall.unwrap() - (cols + pairs) / 2.0).abs() < 1e-12);
    assert!(f.overall.unwrap() < 1.0);
    // One numeric column only: no correlation matrix.
    assert!(f.correlation.is_none());
}

#[test]
fn plain_metrics_on_hand_computed_samples() {
    // D = 1/3 at x = 1 (and x = 3).
    assert!((ks_complement(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0]) - 2.0 / 3.0).abs() < 1e-12);
    // NaN is a null, dropped.
    assert_eq!(ks_complement(&[1.0, f64::NAN], &[1.0]), 1.0);
    assert!(ks_complement(&[], &[1.0]).is_nan());
    // Nulls dropped: the same shares.
    assert_eq!(
        tv_complement(&[Some("a"), None, Some("b")], &[Some("b"), Some("a")]),
        1.0
    );
    // A perfect linear relation in both frames, opposite signs: ρ 1 and −1.
    let x = [1.0, 2.0, 3.0, 4.0];
    let y = [2.0, 4.0, 6.0, 8.0];
    let yr = [8.0, 6.0, 4.0, 2.0];
    assert_eq!(correlation_similarity((&x, &y), (&x, &y), false), Some(1.0));
    let opposite = correlation_similarity((&x, &y), (&x, &yr), true).unwrap();
    assert!(opposite.abs() < 1e-12, "{opposite}");
    // A constant has no correlation.
    assert_eq!(
        correlation_similarity((&x, &[1.0; 4]), (&x, &y), false),
        None
    );
    // Nulls are a category of their own in contingency.
    let s = |v: &[Option<&'static str>]| v.to_vec();
    let got = contingency_similarity(
        (&s(&[Some("x"), None]), &s(&[Some("p"), Some("p")])),
        (&s(&[Some("x"), Some("x")]), &s(&[Some("p"), Some("p")])),
    );
    assert!((got - 0.5).abs() < 1e-12);
}

#[test]
fn undefined_scores_are_left_out_and_empty_columns_skipped() {
    let o = text_frame(&[
        ("x", strings(1..=20)),
        ("c", strings([5; 20])),
        ("cat", strings((0..20).map(|i| ["a", "b"][i % 2]))),
        ("gone", strings(0..20)),
    ]);
    let a = text_frame(&[
        ("x", strings(3..=22)),
        ("c", strings([5; 20])),
        ("cat", strings((0..20).map(|i| ["a", "b"][i % 3 / 2]))),
        ("gone", vec![None; 20]),
    ]);
    let f = run(&o, &a, &compare_all(&o));
    assert_eq!(f.skipped.len(), 1);
    assert_eq!(f.skipped[0].why, "no values in the anonymized data");
    let c = f.columns.iter().find(|c| c.column == "c").unwrap();
    assert_eq!(
        (c.score, c.chart.labels.as_slice()),
        (1.0, ["5".to_string()].as_slice())
    );
    // A constant has no correlation: no CorrelationSimilarity entry, null in the matrix…
    assert!(!f.pairs.iter().any(|p| p.metric
        == masq::verify::fidelity::Metric::CorrelationSimilarity
        && p.columns.contains(&"c".to_string())));
    let m = f.correlation.unwrap();
    assert_eq!(m.columns, ["x", "c"]);
    assert_eq!(m.original, [Some(1.0), None, None, None]);
    // …but it still takes part in contingency (binned).
    let metrics: Vec<(&str, &str)> = f
        .pairs
        .iter()
        .map(|p| (p.columns[1].as_str(), p.metric.as_str()))
        .collect();
    assert_eq!(
        metrics,
        [
            ("cat", "ContingencySimilarity"),
            ("cat", "ContingencySimilarity")
        ]
    );
}

/// The textbook definitions, slowly: KS as the largest ECDF gap over every point; Spearman as
/// Pearson (two passes) of average ranks among the rows where both values are present.
mod naive {
    pub fn ks(a: &[f64], b: &[f64]) -> f64 {
        let ecdf =
            |xs: &[f64], v: f64| xs.iter().filter(|x| **x <= v).count() as f64 / xs.len() as f64;
        let d = a
            .iter()
            .chain(b)
            .map(|&v| (ecdf(a, v) - ecdf(b, v)).abs())
            .fold(0.0, f64::max);
        1.0 - d
    }

    fn ranks(xs: &[f64]) -> Vec<f64> {
        xs.iter()
            .map(|v| {
                let below = xs.iter().filter(|x| *x < v).count() as f64;
                let equal = xs.iter().filter(|x| *x == v).count() as f64;
                below + (equal + 1.0) / 2.0
            })
            .collect()
    }

    pub fn corr(x: &[f64], y: &[f64], spearman: bool) -> Option<f64> {
        let (x, y): (Vec<f64>, Vec<f64>) = x
            .iter()
            .zip(y)
            .filter(|(a, b)| !a.is_nan() && !b.is_nan())
            .map(|(a, b)| (*a, *b))
            .unzip();
        let (x, y) = if spearman {
            (ranks(&x), ranks(&y))
        } else {
            (x, y)
        };
        let n = x.len() as f64;
        if x.len() < 2 || x.iter().all(|v| *v == x[0]) || y.iter().all(|v| *v == y[0]) {
            return None;
        }
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
        Some(sxy / (sxx * syy).sqrt())
    }
}

proptest::proptest! {
    #[test]
    fn ks_matches_the_ecdf_definition(
        a in proptest::collection::vec(0u8..12, 1..40),
        b in proptest::collection::vec(0u8..12, 1..40),
    ) {
        let (a, b): (Vec<f64>, Vec<f64>) = (
            a.iter().map(|v| f64::from(*v) / 4.0).collect(),
            b.iter().map(|v| f64::from(*v) / 4.0).collect(),
        );
        proptest::prop_assert!((ks_complement(&a, &b) - naive::ks(&a, &b)).abs() < 1e-12);
    }

    #[test]
    fn correlations_match_the_two_pass_definition(
        rows in proptest::collection::vec((0u8..8, 0u8..8, 0u8..8, 0u8..8), 2..40),
    ) {
        // 0 is a null, so rows drop out pairwise; few values, so ranks tie.
        let v = |x: u8| if x == 0 { f64::NAN } else { f64::from(x) * 1.5 };
        let col = |f: fn(&(u8, u8, u8, u8)) -> u8| rows.iter().map(|r| v(f(r))).collect::<Vec<f64>>();
        let (ax, ay, bx, by) = (col(|r| r.0), col(|r| r.1), col(|r| r.2), col(|r| r.3));
        for spearman in [false, true] {
            let want = naive::corr(&ax, &ay, spearman)
                .zip(naive::corr(&bx, &by, spearman))
                .map(|(p, q)| 1.0 - (p - q).abs() / 2.0);
            let got = correlation_similarity((&ax, &ay), (&bx, &by), spearman);
            match (got, want) {
                (Some(g), Some(w)) => proptest::prop_assert!((g - w).abs() < 1e-9, "{g} vs {w}"),
                (g, w) => proptest::prop_assert_eq!(g, w),
            }
        }
    }
}
