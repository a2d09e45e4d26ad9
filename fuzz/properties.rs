#![allow(dead_code)]
//! The properties the fuzz targets check, one function a target, each taking the raw input
//! bytes. Shared by the libFuzzer targets (`fuzz/fuzz_targets/`, nightly) and by the stable test
//! `tests/fuzz_corpus.rs`, which replays the committed corpus through the same functions.
//! A property that does not hold panics.

use masq::detect::spans::SpanFinder;
use masq::io::batches::{Counter, Input};
use masq::io::{Format, Limits, Source, parse_bytes};
use masq::rules::RuleSet;
use std::io::Write;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());
static FINDER: LazyLock<SpanFinder> = LazyLock::new(|| SpanFinder::new(&RULES));

/// Small limits, so that the limits themselves are exercised too.
const LIMITS: Limits = Limits {
    depth: 16,
    field_bytes: 4096,
    columns: 64,
};

/// Every reader takes any bytes and answers with a table within the limits or a one-line
/// error naming the input: the first byte picks the format, the rest is the file.
pub fn readers(data: &[u8]) {
    const FORMATS: [Format; 5] = [
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Ndjson,
        Format::Parquet,
    ];
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    match parse_bytes(bytes.to_vec(), format, &LIMITS) {
        Ok(df) => assert!(df.width() <= LIMITS.columns, "{} columns", df.width()),
        Err(e) => {
            let e = e.to_string();
            assert!(!e.contains('\n'), "a multi-line error: {e:?}");
            assert!(
                e.starts_with("<stdin>"),
                "the error does not name the input: {e:?}"
            );
        }
    }
}

/// The streaming reader agrees with the whole-file reader on any CSV/TSV/NDJSON bytes, at any
/// batch size: the same rows (and, for text tables, the same values) when one reads it, an
/// error from both otherwise. Bytes 0 and 1 pick the format and the batch size.
pub fn batches(data: &[u8]) {
    const FORMATS: [Format; 3] = [Format::Csv, Format::Tsv, Format::Ndjson];
    let Some((&[pick, size], bytes)) = data.split_first_chunk::<2>() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let batch_bytes = 1 + usize::from(size) % 64;
    let whole = parse_bytes(bytes.to_vec(), format, &LIMITS);

    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let source = Source::Path(file.path().to_path_buf());
    let streamed = (|| {
        let mut input = Input::open(&source, format, LIMITS)?;
        input.prepare(batch_bytes)?;
        let mut frames = Vec::new();
        for b in input.batches(batch_bytes, &Counter::default())? {
            frames.push(b?);
        }
        Ok::<_, masq::error::Error>(frames)
    })();
    match (whole, streamed) {
        (Ok(df), Ok(frames)) => {
            let rows: usize = frames.iter().map(|f| f.height()).sum();
            assert_eq!(rows, df.height(), "rows differ at batch size {batch_bytes}");
            if format != Format::Ndjson && !frames.is_empty() {
                let mut all = frames[0].clone();
                for f in &frames[1..] {
                    all.vstack_mut(f).unwrap();
                }
                assert!(
                    all.equals_missing(&df),
                    "values differ at batch size {batch_bytes}"
                );
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("only the streaming read failed: {e}"),
        (Err(e), Ok(_)) => panic!("only the whole read failed: {e}"),
    }
}

/// The span finder takes any text: every span lies inside it, on character boundaries, in
/// order and without overlap.
pub fn spans(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let spans = FINDER.find(text, &RULES.dicts);
    let mut end = 0;
    for s in &spans {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?}"
        );
        assert!(s.start >= end, "overlapping or unordered spans: {spans:?}");
        end = s.end;
    }
}

/// Every detection rule (regex, checksum validators, dictionaries) answers any value.
pub fn rules(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    for kind in masq::Kind::all() {
        for rule in RULES.of_kind(kind) {
            let _ = rule.matches(value, &RULES.dicts);
        }
    }
}

/// Every kind's faker takes any original (format-keeping fakers read its shape) and returns a
/// surrogate, without panicking. The first 8 bytes seed the draw.
pub fn fakers(data: &[u8]) {
    use rand::SeedableRng;
    let Some((seed, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let Ok(original) = std::str::from_utf8(rest) else {
        return;
    };
    for kind in masq::Kind::all() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(u64::from_le_bytes(*seed));
        let _ = masq::transform::fakers::fake(kind, original, &mut rng);
    }
}

/// The policy loader takes any file: a policy, or an error naming the file.
pub fn policy(data: &[u8]) {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(data).unwrap();
    if let Err(e) = masq::policy::Policy::load(f.path()) {
        let e = e.to_string();
        assert!(
            e.contains(".toml"),
            "the error does not name the file: {e:?}"
        );
    }
}

/// A user's rule folder with any `rules.toml`: the rules load, or the error names the file.
pub fn rule_toml(data: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.toml"), data).unwrap();
    // The user's folder alone (the built-in rules compile in seconds: a fuzz run must not
    // spend them on every input).
    if let Err(e) = RuleSet::load_dir_only(dir.path()) {
        let e = e.to_string();
        assert!(
            e.contains("mine.toml"),
            "the error does not name the file: {e:?}"
        );
    }
}
