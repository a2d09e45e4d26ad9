//! A labelled evaluation set for detection, and its scorer.
//!
//! [`generate`] builds a table whose columns carry known kinds (or none) under obvious and
//! opaque headers in several languages, look-alike columns that must not fire (order and
//! tracking numbers, SKUs, versions, hashes, amounts, codes, enums, timestamps), and a notes
//! column with labelled spans in English, German and French sentences. Names, cities, streets
//! and post codes come from the `fake` crate's locale data (en, de, fr, it, pt, nl), not from
//! masq's dictionaries or rule examples; identifiers are random values with valid check digits.
//! [`score`] compares detection with the labels: column-level precision, recall, F1 and kind
//! accuracy, and span-level overlap precision, recall and F1. `cargo run --release --example
//! eval` prints the figures; `tests/eval.rs` holds detection to floors.

use fake::Fake;
use fake::faker::address::raw::{CityName, PostCode, StreetName, ZipCode};
use fake::faker::internet::raw::{IPv4, IPv6, MACAddress, SafeEmail};
use fake::faker::name::raw::{FirstName, LastName};
use fake::locales::{DE_DE, EN, FR_FR, IT_IT, NL_NL, PT_BR};
use masq::detect::ColumnFinding;
use masq::detect::spans::{SpanFinder, char_span};
use masq::kind::Kind;
use masq::rules::Dictionaries;
use masq::transform::fakers;
use polars::prelude::*;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// A labelled span in the notes column: row, character offsets (end exclusive), kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSpan {
    pub row: usize,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

pub struct EvalSet {
    pub df: DataFrame,
    /// Every column with its true kind (`None` for look-alikes and the notes column).
    pub labels: Vec<(String, Option<Kind>)>,
    pub notes_column: String,
    pub spans: Vec<LabelledSpan>,
}

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, xs: &[&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

macro_rules! by_locale {
    ($faker:ident, $i:expr, $rng:expr) => {
        match $i % 6 {
            0 => $faker(EN).fake_with_rng::<String, _>($rng),
            1 => $faker(DE_DE).fake_with_rng::<String, _>($rng),
            2 => $faker(FR_FR).fake_with_rng::<String, _>($rng),
            3 => $faker(IT_IT).fake_with_rng::<String, _>($rng),
            4 => $faker(PT_BR).fake_with_rng::<String, _>($rng),
            _ => $faker(NL_NL).fake_with_rng::<String, _>($rng),
        }
    };
}

/// A random valid value of `kind` built from a template layout (the template only fixes the
/// layout; every digit and letter is drawn).
fn from_template(kind: Kind, templates: &[&str], rng: &mut ChaCha8Rng) -> String {
    let t = pick(rng, templates);
    fakers::fake(kind, t, rng)
}

type Gen = Box<dyn Fn(usize, &mut ChaCha8Rng) -> String>;

fn generators() -> Vec<(Kind, &'static str, Option<&'static str>, Gen)> {
    let t = |kind: Kind, templates: &'static [&'static str]| -> Gen {
        Box::new(move |_, r| from_template(kind, templates, r))
    };
    vec![
        (
            Kind::Email,
            "email",
            Some("c_01"),
            Box::new(|_, r| SafeEmail(EN).fake_with_rng::<String, _>(r)),
        ),
        (
            Kind::Phone,
            "telefonnummer",
            Some("c_02"),
            t(
                Kind::Phone,
                &[
                    "+44 20 7946 0958",
                    "(415) 692-3400",
                    "+49 30 901820",
                    "+33 1 42 68 53 00",
                    "+31 20 624 1111",
                    "+39 06 6982 1234",
                ],
            ),
        ),
        (
            Kind::CreditCard,
            "card_number",
            Some("c_03"),
            t(
                Kind::CreditCard,
                &[
                    "4111 1111 1111 1111",
                    "5500-0000-0000-0004",
                    "378282246310005",
                    "6011111111111117",
                ],
            ),
        ),
        (
            Kind::Iban,
            "iban",
            Some("c_04"),
            t(
                Kind::Iban,
                &[
                    "DE89 3704 0044 0532 0130 00",
                    "FR1420041010050500013M02606",
                    "GB82WEST12345698765432",
                    "NL91ABNA0417164300",
                ],
            ),
        ),
        (
            Kind::UsSsn,
            "ssn",
            Some("c_05"),
            t(Kind::UsSsn, &["123-45-6789"]),
        ),
        (
            Kind::Ipv4,
            "ip_address",
            Some("c_06"),
            Box::new(|_, r| IPv4(EN).fake_with_rng::<String, _>(r)),
        ),
        (
            Kind::Ipv6,
            "ipv6",
            Some("c_07"),
            Box::new(|_, r| IPv6(EN).fake_with_rng::<String, _>(r)),
        ),
        (
            Kind::MacAddress,
            "mac_address",
            Some("c_08"),
            Box::new(|_, r| MACAddress(EN).fake_with_rng::<String, _>(r)),
        ),
        (
            Kind::Url,
            "homepage",
            None,
            t(
                Kind::Url,
                &[
                    "https://www.linkedin.com/in/jane-doe-1234",
                    "https://github.com/jdoe42",
                ],
            ),
        ),
        (
            Kind::DateOfBirth,
            "geburtsdatum",
            None,
            t(
                Kind::DateOfBirth,
                &["07.03.1985", "1972-11-30", "25/12/1990"],
            ),
        ),
        (
            Kind::PersonName,
            "full_name",
            Some("c_11"),
            Box::new(|i, r| {
                format!(
                    "{} {}",
                    by_locale!(FirstName, i, r),
                    by_locale!(LastName, i, r)
                )
            }),
        ),
        (
            Kind::FirstName,
            "prénom",
            None,
            Box::new(|i, r| by_locale!(FirstName, i, r)),
        ),
        (
            Kind::LastName,
            "nachname",
            None,
            Box::new(|i, r| by_locale!(LastName, i, r)),
        ),
        (
            Kind::City,
            "ville",
            None,
            Box::new(|i, r| match i % 3 {
                0 => CityName(DE_DE).fake_with_rng::<String, _>(r),
                1 => CityName(FR_FR).fake_with_rng::<String, _>(r),
                _ => CityName(IT_IT).fake_with_rng::<String, _>(r),
            }),
        ),
        (
            Kind::Postcode,
            "postcode",
            None,
            Box::new(|i, r| {
                if i % 2 == 0 {
                    ZipCode(EN).fake_with_rng::<String, _>(r)
                } else {
                    PostCode(DE_DE).fake_with_rng::<String, _>(r)
                }
            }),
        ),
        (
            Kind::StreetAddress,
            "street_address",
            None,
            Box::new(|i, r| {
                let n = r.random_range(1..300u32);
                if i % 2 == 0 {
                    format!("{n} {} Street", LastName(EN).fake_with_rng::<String, _>(r))
                } else {
                    format!(
                        "{}straße {n}",
                        StreetName(DE_DE)
                            .fake_with_rng::<String, _>(r)
                            .split_whitespace()
                            .next()
                            .unwrap_or("Haupt")
                    )
                }
            }),
        ),
        (
            Kind::UkNino,
            "ni_number",
            Some("c_17"),
            t(Kind::UkNino, &["AB 12 34 56 C", "JG103759A"]),
        ),
        (Kind::NlBsn, "bsn", None, t(Kind::NlBsn, &["945807302"])),
        (
            Kind::EsDni,
            "dni",
            Some("c_19"),
            t(Kind::EsDni, &["16763867H", "X4990250D"]),
        ),
        (
            Kind::BrCpf,
            "cpf",
            Some("c_20"),
            t(Kind::BrCpf, &["412.418.762-90"]),
        ),
        (
            Kind::Vin,
            "fahrgestellnummer",
            Some("c_21"),
            t(Kind::Vin, &["1HGCM82633A004352", "WVWZZZ1JZXW000001"]),
        ),
        (
            Kind::FrNir,
            "numéro de sécurité sociale",
            Some("c_22"),
            t(Kind::FrNir, &["185057800608491", "2 92 02 75 114 012 55"]),
        ),
        (
            Kind::ItCodiceFiscale,
            "codice_fiscale",
            Some("c_23"),
            t(Kind::ItCodiceFiscale, &["RSSMRA85T10A562S"]),
        ),
        (
            Kind::Bic,
            "bic",
            None,
            t(Kind::Bic, &["DEUTDEFF", "BNPAFRPPXXX"]),
        ),
        (
            Kind::BtcAddress,
            "wallet",
            Some("c_25"),
            t(
                Kind::BtcAddress,
                &[
                    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                ],
            ),
        ),
        (
            Kind::Jwt,
            "session",
            Some("c_26"),
            t(
                Kind::Jwt,
                &[
                    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                ],
            ),
        ),
        (
            Kind::Gender,
            "geschlecht",
            None,
            Box::new(|_, r| pick(r, &["M", "F", "D"]).to_string()),
        ),
        (
            Kind::Latitude,
            "lat",
            None,
            Box::new(|_, r| format!("{:.5}", r.random_range(-60.0..70.0f64))),
        ),
    ]
}

fn lookalikes() -> Vec<(&'static str, Gen)> {
    vec![
        (
            "order_id",
            Box::new(|i, _| format!("ORD-{:08}", 20_000_000 + i * 37)),
        ),
        (
            "tracking_no",
            Box::new(|_, r| {
                // 16 digits starting with 4 that fail Luhn: card look-alikes.
                loop {
                    let s: String = std::iter::once('4')
                        .chain((0..15).map(|_| char::from(b'0' + r.random_range(0..10u8))))
                        .collect();
                    if !masq::detect::validators::luhn_valid(&s) {
                        break s;
                    }
                }
            }),
        ),
        (
            "sku",
            Box::new(|_, r| {
                format!(
                    "SKU-{}{}-{:04}",
                    char::from(b'A' + r.random_range(0..26u8)),
                    char::from(b'A' + r.random_range(0..26u8)),
                    r.random_range(0..10000u32)
                )
            }),
        ),
        (
            "app_version",
            Box::new(|_, r| {
                format!(
                    "{}.{}.{}.{}",
                    r.random_range(1..10u32),
                    r.random_range(0..20u32),
                    r.random_range(0..30u32),
                    r.random_range(300..999u32)
                )
            }),
        ),
        (
            "checksum",
            Box::new(|_, r| {
                (0..40)
                    .map(|_| char::from(b"0123456789abcdef"[r.random_range(0..16usize)]))
                    .collect()
            }),
        ),
        (
            "amount",
            Box::new(|_, r| {
                format!(
                    "{}.{:02}",
                    r.random_range(1..5000u32),
                    r.random_range(0..100u32)
                )
            }),
        ),
        ("qty", Box::new(|_, r| r.random_range(1..20u32).to_string())),
        (
            "country",
            Box::new(|_, r| {
                pick(r, &["DE", "FR", "US", "GB", "IT", "ES", "NL", "PT", "BR"]).to_string()
            }),
        ),
        (
            "currency",
            Box::new(|_, r| pick(r, &["EUR", "USD", "GBP", "BRL", "CHF"]).to_string()),
        ),
        (
            "status",
            Box::new(|_, r| {
                pick(
                    r,
                    &["pending", "shipped", "delivered", "returned", "cancelled"],
                )
                .to_string()
            }),
        ),
        (
            "created_at",
            Box::new(|_, r| {
                format!(
                    "2025-{:02}-{:02}T{:02}:{:02}:00Z",
                    r.random_range(1..13u32),
                    r.random_range(1..29u32),
                    r.random_range(0..24u32),
                    r.random_range(0..60u32)
                )
            }),
        ),
        (
            "signup_date",
            Box::new(|_, r| {
                format!(
                    "{}-{:02}-{:02}",
                    r.random_range(2015..2026u32),
                    r.random_range(1..13u32),
                    r.random_range(1..29u32)
                )
            }),
        ),
    ]
}

/// Builds a note with labelled spans.
fn note(i: usize, rng: &mut ChaCha8Rng) -> (String, Vec<(usize, usize, Kind)>) {
    let name = || -> (Kind, Gen) {
        (
            Kind::PersonName,
            Box::new(|i, r| {
                format!(
                    "{} {}",
                    by_locale!(FirstName, i, r),
                    by_locale!(LastName, i, r)
                )
            }),
        )
    };
    let (lead, tail, value_kind): (&str, &str, Kind) = match i % 6 {
        0 => (
            "Please send the invoice to ",
            " before Friday.",
            Kind::Email,
        ),
        1 => (
            "Kunde bittet um Rückruf unter ",
            ", am besten vormittags.",
            Kind::Phone,
        ),
        2 => (
            "Le client a payé avec la carte ",
            " hier soir.",
            Kind::CreditCard,
        ),
        3 => ("Refund to IBAN ", " was approved.", Kind::Iban),
        4 => (
            "Spoke with ",
            " about the delayed parcel.",
            Kind::PersonName,
        ),
        _ => ("Nothing to report, order ", " closed.", Kind::Email),
    };
    if i % 6 == 5 {
        return (
            format!("{lead}ORD-{:06}{tail}", rng.random_range(0..1_000_000u32)),
            vec![],
        );
    }
    let value = match value_kind {
        Kind::Email => SafeEmail(EN).fake_with_rng::<String, _>(rng),
        Kind::PersonName => (name().1)(i / 6, rng),
        k => generators()
            .into_iter()
            .find(|g| g.0 == k)
            .map(|g| (g.3)(i, rng))
            .unwrap_or_default(),
    };
    let start = lead.chars().count();
    let end = start + value.chars().count();
    (
        format!("{lead}{value}{tail}"),
        vec![(start, end, value_kind)],
    )
}

/// Generates `rows` rows with a fixed seed.
pub fn generate(seed: u64, rows: usize) -> EvalSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut columns: Vec<Column> = Vec::new();
    let mut labels = Vec::new();
    for (kind, obvious, opaque, make) in generators() {
        for header in std::iter::once(obvious).chain(opaque) {
            let values: Vec<String> = (0..rows).map(|i| make(i, &mut rng)).collect();
            columns.push(Column::new(header.into(), values));
            labels.push((header.to_string(), Some(kind)));
        }
    }
    for (header, make) in lookalikes() {
        let values: Vec<String> = (0..rows).map(|i| make(i, &mut rng)).collect();
        columns.push(Column::new(header.into(), values));
        labels.push((header.to_string(), None));
    }
    let mut notes = Vec::with_capacity(rows);
    let mut spans = Vec::new();
    for row in 0..rows {
        let (text, s) = note(row, &mut rng);
        spans.extend(s.into_iter().map(|(start, end, kind)| LabelledSpan {
            row,
            start,
            end,
            kind,
        }));
        notes.push(text);
    }
    columns.push(Column::new("notes".into(), notes));
    labels.push(("notes".to_string(), None));
    let df = DataFrame::new(rows, columns).expect("columns have equal length");
    EvalSet {
        df,
        labels,
        notes_column: "notes".into(),
        spans,
    }
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Is-personal-data at column level.
    pub columns: Prf,
    /// Among true positives, the share whose kind is right.
    pub kind_accuracy: f64,
    /// Span-level, by overlap.
    pub spans: Prf,
    /// Per true kind: (columns, detected as that kind).
    pub per_kind: BTreeMap<Kind, (usize, usize)>,
    /// Per labelled span kind: (labelled, found by an overlapping span).
    pub span_per_kind: BTreeMap<Kind, (usize, usize)>,
    /// Columns that went wrong, for the printout: (column, truth, predicted).
    pub misses: Vec<(String, Option<Kind>, Option<Kind>)>,
}

/// Scores findings (from `detect::detect_frame` on `set.df`) and spans found in the notes.
pub fn score(
    set: &EvalSet,
    findings: &[ColumnFinding],
    finder: &SpanFinder,
    dicts: &Dictionaries,
) -> Scores {
    let mut s = Scores::default();
    let mut right_kind = 0;
    for (column, truth) in &set.labels {
        let pred = findings
            .iter()
            .find(|f| &f.column == column)
            .and_then(|f| f.kind);
        match (truth, pred) {
            (Some(t), Some(p)) => {
                s.columns.tp += 1;
                right_kind += usize::from(*t == p);
            }
            (None, Some(_)) => s.columns.fp += 1,
            (Some(_), None) => s.columns.fn_ += 1,
            (None, None) => {}
        }
        if let Some(t) = truth {
            let e = s.per_kind.entry(*t).or_default();
            e.0 += 1;
            e.1 += usize::from(pred == Some(*t));
        }
        if *truth != pred {
            s.misses.push((column.clone(), *truth, pred));
        }
    }
    s.kind_accuracy = ratio(right_kind, s.columns.tp);
    // Spans: a predicted span counts if it overlaps a labelled one in the same row.
    let notes = set.df.column(&set.notes_column).expect("notes column");
    let notes = notes.str().expect("text");
    let mut predicted = Vec::new();
    for (row, v) in notes.iter().enumerate() {
        let Some(v) = v else { continue };
        for sp in finder.find(v, dicts) {
            let (a, b) = char_span(v, &sp);
            predicted.push((row, a, b));
        }
    }
    let overlaps =
        |row: usize, a: usize, b: usize, l: &LabelledSpan| l.row == row && a < l.end && l.start < b;
    let tp_pred = predicted
        .iter()
        .filter(|(r, a, b)| set.spans.iter().any(|l| overlaps(*r, *a, *b, l)))
        .count();
    let mut tp_lab = 0;
    for l in &set.spans {
        let found = predicted.iter().any(|(r, a, b)| overlaps(*r, *a, *b, l));
        tp_lab += usize::from(found);
        let e = s.span_per_kind.entry(l.kind).or_default();
        e.0 += 1;
        e.1 += usize::from(found);
    }
    s.spans = Prf {
        tp: tp_lab,
        fp: predicted.len() - tp_pred,
        fn_: set.spans.len() - tp_lab,
    };
    s
}
