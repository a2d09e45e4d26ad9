//! Tests of the three strategies, and of k-anonymity after generalizing.

use super::coarsen::keep_prefix;
use super::*;
use crate::dates::parse_date_time;
use crate::keys::KeySource;
use crate::policy::DatePart;
use crate::verify::risk;
use chrono::NaiveDate;

fn key(b: u8) -> Key {
    Key::from_bytes(vec![b; 32], KeySource::Env).unwrap()
}

fn text(name: &str, v: &[Option<&str>]) -> Column {
    Column::new(name.into(), v)
}

fn strings(c: &Column) -> Vec<Option<String>> {
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn opts(f: impl FnOnce(&mut ColumnPolicy)) -> ColumnPolicy {
    let mut o = ColumnPolicy::default();
    f(&mut o);
    o
}

fn bin(w: f64) -> ColumnPolicy {
    opts(|o| o.bin_width = Some(w))
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn integers_go_into_labelled_bins_negatives_included() {
    let col = Column::new(
        "age".into(),
        [
            Some(34i64),
            Some(30),
            Some(39),
            Some(40),
            Some(-5),
            Some(-10),
            None,
        ],
    );
    let (out, changed) = generalize(&col, &bin(10.0)).unwrap();
    assert_eq!(out.dtype(), &DataType::String);
    assert_eq!(out.name().as_str(), "age");
    assert_eq!(
        strings(&out),
        [
            s("30-39"),
            s("30-39"),
            s("30-39"),
            s("40-49"),
            s("-10--1"),
            s("-10--1"),
            None
        ]
    );
    assert_eq!(changed, 6, "the null is not a change");
}

#[test]
fn decimals_go_into_half_open_bins() {
    let col = text("w", &[Some("30.5"), Some("34"), Some("-0.25"), Some("0.3")]);
    let (out, _) = generalize(&col, &bin(10.0)).unwrap();
    assert_eq!(
        strings(&out),
        [s("[30, 40)"), s("[30, 40)"), s("[-10, 0)"), s("[0, 10)")],
        "one decimal value makes the whole column use interval labels"
    );
    let whole = text("w", &[Some("803.00"), Some("-7.0")]);
    let (out, _) = generalize(&whole, &bin(10.0)).unwrap();
    assert_eq!(strings(&out), [s("800-809"), s("-10--1")], "whole numbers");
    let (out, _) = generalize(&col, &bin(0.1)).unwrap();
    assert_eq!(
        strings(&out)[3],
        s("[0.3, 0.4)"),
        "0.3 is not in [0.2, 0.3)"
    );
    assert_eq!(strings(&out)[2], s("[-0.3, -0.2)"));
}

#[test]
fn dates_truncate_to_month_or_year_in_any_format() {
    let col = text(
        "birth",
        &[
            Some("1984-03-17"),
            Some("17/03/1984"),
            Some("05/03/1984"), // day-first, like the row above
            Some("17.03.1984"),
            Some("1984-03-17T10:22:00Z"),
            Some("1984-03"),
            None,
        ],
    );
    let month = opts(|o| o.truncate = Some(DatePart::Month));
    let year = opts(|o| o.truncate = Some(DatePart::Year));
    let (out, changed) = generalize(&col, &month).unwrap();
    assert_eq!(
        strings(&out),
        [
            s("1984-03"),
            s("1984-03"),
            s("1984-03"),
            s("1984-03"),
            s("1984-03"),
            s("1984-03"),
            None
        ]
    );
    assert_eq!(changed, 5, "the already truncated cell is unchanged");
    let (out, _) = generalize(&col, &year).unwrap();
    assert!(
        strings(&out)[..6]
            .iter()
            .all(|v| v.as_deref() == Some("1984"))
    );
    // Month-first columns stay month-first.
    let us = text("d", &[Some("03/17/1984"), Some("05/03/1984")]);
    let (out, _) = generalize(&us, &month).unwrap();
    assert_eq!(strings(&out), [s("1984-03"), s("1984-05")]);
}

#[test]
fn typed_dates_truncate_too() {
    let d = NaiveDate::from_ymd_opt(1984, 3, 17).unwrap();
    let col = Column::new("birth".into(), [Some(d), None])
        .cast(&DataType::Date)
        .unwrap();
    let year = opts(|o| o.truncate = Some(DatePart::Year));
    let (out, _) = generalize(&col, &year).unwrap();
    assert_eq!(strings(&out), [s("1984"), None]);
}

#[test]
fn prefixes_keep_the_length() {
    let col = Column::new("zip".into(), [Some(75011i64), None]);
    let (out, changed) = generalize(&col, &opts(|o| o.keep_prefix = Some(2))).unwrap();
    assert_eq!((strings(&out), changed), (vec![s("75***"), None], 1));
    assert_eq!(keep_prefix("7", 2), "7");
    assert_eq!(keep_prefix("Zürich", 1), "Z*****");
}

#[test]
fn a_bad_cell_names_the_row_not_the_value() {
    let col = text("age", &[Some("34"), Some("forty-two"), Some("12")]);
    let err = generalize(&col, &bin(10.0)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("'age'") && msg.contains("row 2"), "{msg}");
    assert!(!msg.contains("forty"), "{msg}");
    assert_eq!(err.exit_code(), 2);
    let col = text("birth", &[Some("1984-02-30")]);
    let msg = generalize(&col, &opts(|o| o.truncate = Some(DatePart::Year)))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("row 1") && !msg.contains("1984"), "{msg}");
    let both = opts(|o| {
        o.bin_width = Some(5.0);
        o.keep_prefix = Some(1)
    });
    assert!(generalize(&col, &both).is_err());
}

fn f64s(c: &Column) -> Vec<Option<f64>> {
    c.cast(&DataType::Float64)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect()
}

#[test]
fn noise_is_keyed_bounded_and_keeps_integers() {
    let vals: Vec<Option<i64>> = (0..50)
        .map(|i| if i == 7 { None } else { Some(1000 + i * 937) })
        .chain([Some(0), Some(5), Some(-20)])
        .collect();
    let col = Column::new("salary".into(), &vals);
    let ents = Entities::by_row(0, col.len(), &key(1));
    let (a, changed) = noise(&col, 0.1, &ents, &key(1)).unwrap();
    assert_eq!(a.dtype(), &DataType::Int64, "integers stay integers");
    let (b, _) = noise(&col, 0.1, &ents, &key(1)).unwrap();
    assert_eq!(f64s(&a), f64s(&b), "deterministic under a key");
    let ents2 = Entities::by_row(0, col.len(), &key(2));
    let (c, _) = noise(&col, 0.1, &ents2, &key(2)).unwrap();
    assert_ne!(f64s(&a), f64s(&c), "another key, other noise");
    for (v, y) in vals.iter().zip(f64s(&a)) {
        match (v, y) {
            (None, None) => {}
            (Some(v), Some(y)) => {
                let v = *v as f64;
                assert!((y - v).abs() <= 0.1 * v.abs(), "{v} → {y}");
            }
            _ => panic!("null moved"),
        }
    }
    assert_eq!(f64s(&a)[50], Some(0.0), "zero stays zero");
    assert!(changed >= 45, "almost every value moves: {changed}");
}

#[test]
fn noise_uses_one_factor_per_entity_and_column() {
    let k = key(1);
    let ents = Entities::from_column(
        &text("patient", &[Some("P1"), Some(" p1 "), Some("P2")]),
        &k,
        0,
    )
    .unwrap();
    let col = text(
        "weight",
        &[Some("1000.00"), Some("2000.00"), Some("1000.00")],
    );
    let (out, _) = noise(&col, 0.2, &ents, &k).unwrap();
    let out = strings(&out);
    assert!(
        out.iter()
            .all(|v| v.as_ref().unwrap().split_once('.').unwrap().1.len() == 2),
        "decimals kept: {out:?}"
    );
    let y: Vec<f64> = out
        .iter()
        .map(|v| v.as_ref().unwrap().parse().unwrap())
        .collect();
    assert!(
        (y[0] / 1000.0 - y[1] / 2000.0).abs() < 1e-5,
        "same entity, same factor"
    );
    assert_ne!(y[0], y[2], "another entity, another factor");
    assert!(
        y.iter()
            .zip([1000.0, 2000.0, 1000.0])
            .all(|(y, v)| (y - v).abs() <= 0.2 * v)
    );
    // Another column of the same entity gets its own factor.
    let mut other = col.clone();
    other.rename("height".into());
    let (o, _) = noise(&other, 0.2, &ents, &k).unwrap();
    assert_ne!(strings(&o)[0], out[0].clone());
    // Text integers stay integers; a non-number is refused without its value.
    let ints = text("n", &[Some("42"), Some("abc")]);
    let msg = noise(&ints, 0.5, &Entities::by_row(0, 2, &k), &k)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("row 2") && !msg.contains("abc"), "{msg}");
}

fn parse_any(v: &str) -> NaiveDate {
    parse_date_time(v, true).unwrap().0
}

#[test]
fn shift_date_moves_an_entity_by_one_offset_in_every_column() {
    let k = key(4);
    let ents = Entities::from_column(
        &text("patient", &[Some("a"), Some("a"), Some("b"), Some("c")]),
        &k,
        0,
    )
    .unwrap();
    let admit = text(
        "admit",
        &[
            Some("2024-01-10"),
            Some("2024-02-01 08:30:00"),
            Some("2024-01-10"),
            None,
        ],
    );
    let discharge = text(
        "discharge",
        &[
            Some("15/01/2024"),
            Some("03/02/2024"),
            Some("12/01/2024"),
            Some("01/03/2024"),
        ],
    );
    let (a, na) = shift_date(&admit, 30, &ents, &k).unwrap();
    let (d, nd) = shift_date(&discharge, 30, &ents, &k).unwrap();
    assert_eq!((na, nd), (3, 4));
    let (a, d) = (strings(&a), strings(&d));
    assert_eq!(a[3], None);
    assert!(
        a[1].as_ref().unwrap().ends_with(" 08:30:00"),
        "time part kept: {a:?}"
    );
    assert_eq!(a[0].as_ref().unwrap().len(), 10);
    assert!(
        d.iter().all(|v| v.as_ref().unwrap().as_bytes()[2] == b'/'),
        "{d:?}"
    );
    let days = |x: &Option<String>, y: &Option<String>| {
        (parse_any(y.as_ref().unwrap()) - parse_any(x.as_ref().unwrap())).num_days()
    };
    let orig_a = strings(&admit);
    let orig_d = strings(&discharge);
    // The stay (discharge − admit) and the gap between a's two admissions are unchanged.
    for r in 0..3 {
        assert_eq!(days(&a[r], &d[r]), days(&orig_a[r], &orig_d[r]), "row {r}");
    }
    assert_eq!(days(&a[0], &a[1]), days(&orig_a[0], &orig_a[1]));
    let off = days(&orig_a[0], &a[0]);
    assert!(off != 0 && off.abs() <= 30, "offset {off}");
    assert_ne!(days(&orig_a[2], &a[2]), off, "b moves by its own offset");
    // A typed Date column of the same entity moves by the same offset.
    let d0 = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
    let typed = Column::new("t".into(), [Some(d0), Some(d0), None, Some(d0)])
        .cast(&DataType::Date)
        .unwrap();
    let (t, _) = shift_date(&typed, 30, &ents, &k).unwrap();
    assert_eq!(t.dtype(), &DataType::Date);
    let t0: Vec<Option<i32>> = t
        .cast(&DataType::Int32)
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .collect();
    let base = (d0 - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32;
    assert_eq!(i64::from(t0[0].unwrap() - base), off);
    assert_eq!(t0[2], None);
    // Deterministic.
    assert_eq!(strings(&shift_date(&admit, 30, &ents, &k).unwrap().0), a);
}

#[test]
fn shift_offsets_stay_within_max_days_and_are_never_zero() {
    let n = 400;
    let col = Column::new("d".into(), vec![Some("2020-06-15"); n]);
    let base = NaiveDate::from_ymd_opt(2020, 6, 15).unwrap();
    let offsets = |k: &Key| -> Vec<i64> {
        let (out, _) = shift_date(&col, 3, &Entities::by_row(0, n, k), k).unwrap();
        strings(&out)
            .iter()
            .map(|v| (parse_any(v.as_ref().unwrap()) - base).num_days())
            .collect()
    };
    let o = offsets(&key(1));
    for want in [-3, -2, -1, 1, 2, 3] {
        assert!(o.contains(&want), "offset {want} never drawn");
    }
    assert!(o.iter().all(|d| *d != 0 && d.abs() <= 3));
    assert_eq!(o, offsets(&key(1)));
    assert_ne!(o, offsets(&key(2)));
    assert!(shift_date(&col, 0, &Entities::by_row(0, n, &key(1)), &key(1)).is_err());
    // A column with no values at all (any type) is left as it is.
    let empty = Column::full_null("e".into(), 3, &DataType::Null);
    let ents = Entities::by_row(0, 3, &key(1));
    assert_eq!(shift_date(&empty, 3, &ents, &key(1)).unwrap().1, 0);
    assert_eq!(
        noise(&empty, 0.1, &ents, &key(1)).unwrap().0.null_count(),
        3
    );
}

#[test]
fn typed_datetimes_and_floats_keep_their_type() {
    let k = key(6);
    let ents = Entities::by_row(0, 2, &k);
    let ms = Column::new("ts".into(), [Some(1_700_000_000_000i64), None])
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
        .unwrap();
    let (out, changed) = shift_date(&ms, 10, &ents, &k).unwrap();
    assert_eq!(out.dtype(), ms.dtype());
    assert_eq!(changed, 1);
    let moved = out
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .get(0)
        .unwrap();
    let delta = moved - 1_700_000_000_000;
    assert_eq!(delta % 86_400_000, 0, "whole days, time of day kept");
    assert!(delta != 0 && (delta / 86_400_000).abs() <= 10);

    let col = Column::new("bmi".into(), [Some(22.5f64), Some(31.25)]);
    let (out, _) = noise(&col, 0.3, &ents, &k).unwrap();
    assert_eq!(out.dtype(), &DataType::Float64);
    let y = f64s(&out);
    let places = |x: f64, p: f64| ((x * p).round() - x * p).abs() < 1e-9;
    assert!(places(y[0].unwrap(), 10.0), "one decimal as in 22.5: {y:?}");
    assert!(
        places(y[1].unwrap(), 100.0),
        "two decimals as in 31.25: {y:?}"
    );
    assert!(
        !places(y[1].unwrap(), 1.0),
        "not rounded to an integer: {y:?}"
    );
}

#[test]
fn generalizing_quasi_identifiers_raises_k() {
    let mut df = df!(
        "zip" => ["75011", "75012", "75013", "69001", "69002"],
        "birth" => ["1984-03-17", "12/07/1984", "1984-11-30", "1990-01-05", "30/06/1990"],
    )
    .unwrap();
    let qi = ["zip".to_string(), "birth".to_string()];
    assert_eq!(risk::assess(&df, &qi, Some(2)).unwrap().k, 1);
    let year = opts(|o| o.truncate = Some(DatePart::Year));
    let prefix = opts(|o| o.keep_prefix = Some(2));
    let (b, _) = generalize(df.column("birth").unwrap(), &year).unwrap();
    let (z, _) = generalize(df.column("zip").unwrap(), &prefix).unwrap();
    df = DataFrame::new(5, vec![z, b]).unwrap();
    let after = risk::assess(&df, &qi, Some(2)).unwrap();
    assert_eq!((after.k, after.classes, after.unique_share), (2, 2, 0.0));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// `lo-hi` (integers, either may be negative) as numbers.
    fn int_label(l: &str) -> (i64, i64) {
        let cut = l[1..].find('-').unwrap() + 1;
        (l[..cut].parse().unwrap(), l[cut + 1..].parse().unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn every_integer_lands_in_its_bin(n in -100_000i64..100_000, w in 1i64..50) {
            let col = Column::new("x".into(), [n]);
            let (out, _) = generalize(&col, &bin(w as f64)).unwrap();
            let (lo, hi) = int_label(out.str().unwrap().get(0).unwrap());
            prop_assert!(lo <= n && n <= hi, "{} not in {}-{}", n, lo, hi);
            prop_assert_eq!(hi - lo + 1, w);
            prop_assert_eq!(lo.rem_euclid(w), 0);
        }

        #[test]
        fn every_decimal_lands_in_its_bin(
            n in -100_000i64..100_000,
            w in prop::sample::select(vec![0.1, 0.25, 0.5, 2.5, 10.0]),
        ) {
            let x = n as f64 / 100.0;
            let col = Column::new("x".into(), [format!("{x:.2}")]);
            let (out, _) = generalize(&col, &bin(w)).unwrap();
            let label = out.str().unwrap().get(0).unwrap().to_string();
            let (lo, hi) = match label.strip_prefix('[') {
                Some(l) => {
                    let (lo, hi) = l.trim_end_matches(')').split_once(", ").unwrap();
                    (lo.parse().unwrap(), hi.parse().unwrap())
                }
                // `803.00` with width 10 is an integer: `800-809`, i.e. [800, 810).
                None => {
                    let (lo, hi) = int_label(&label);
                    (lo as f64, hi as f64 + 1.0)
                }
            };
            prop_assert!(lo <= x + 1e-9 && x < hi - 1e-9, "{} not in {}", x, label);
            prop_assert!((hi - lo - w).abs() < 1e-9);
        }

        #[test]
        fn noise_keeps_decimals_and_its_bound(
            n in -1_000_000i64..1_000_000,
            amount in 0.01f64..=1.0,
            k in 1u8..4,
        ) {
            let x = n as f64 / 100.0;
            let col = Column::new("x".into(), [format!("{x:.2}")]);
            let (out, _) = noise(&col, amount, &Entities::by_row(0, 1, &key(k)), &key(k)).unwrap();
            let y = out.str().unwrap().get(0).unwrap().to_string();
            prop_assert_eq!(y.split_once('.').map(|(_, d)| d.len()), Some(2), "{}", y);
            let y: f64 = y.parse().unwrap();
            prop_assert!((y - x).abs() <= amount * x.abs() + 1e-9, "{} → {} (±{})", x, y, amount);
        }
    }
}
