//! Hostile input on stable Rust, as a fuzzing smoke run: the readers (CSV, TSV, JSON, NDJSON,
//! Parquet), the policy loader, the span finder and every rule's validator take arbitrary input
//! and answer — a value or a clean error — without panicking. The coverage-guided `cargo fuzz`
//! targets are in `fuzz/` (their corpus is replayed by `tests/fuzz_corpus.rs`).

use masq::io::{Format, Source};
use masq::rules::RuleSet;
use proptest::prelude::*;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());

/// Reads `bytes` as `format` from a file; the result is a dataset or an error, never a panic.
fn read(bytes: &[u8], format: Format, ext: &str) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(format!("in.{ext}"));
    std::fs::write(&p, bytes).unwrap();
    masq::io::read(&Source::Path(p), format)
        .map(|ds| ds.df.height())
        .map_err(|e| e.to_string())
}

fn formats() -> [(Format, &'static str); 5] {
    [
        (Format::Csv, "csv"),
        (Format::Tsv, "tsv"),
        (Format::Json, "json"),
        (Format::Ndjson, "ndjson"),
        (Format::Parquet, "parquet"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn readers_answer_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300), f in 0usize..5) {
        let (format, ext) = formats()[f];
        let _ = read(&bytes, format, ext);
    }

    #[test]
    fn readers_answer_text_that_almost_parses(
        text in "[a-z0-9,;\t\"{}\\[\\]:\r\n \\\\]{0,300}",
        f in 0usize..4,
    ) {
        let (format, ext) = formats()[f];
        if let Err(e) = read(text.as_bytes(), format, ext) {
            // A clean error names the file and is one line.
            prop_assert!(e.contains("in."), "{e}");
            prop_assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn the_policy_loader_answers_any_text(text in "[a-z_\\[\\]=\"\n .0-9{}-]{0,200}|\\PC{0,100}") {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.toml");
        std::fs::write(&p, &text).unwrap();
        if let Err(e) = masq::policy::Policy::load(&p) {
            prop_assert!(e.to_string().contains("p.toml") || e.to_string().contains("policy"), "{e}");
        }
    }

    #[test]
    fn spans_are_inside_the_text_on_character_boundaries(text in "\\PC{0,200}") {
        let finder = masq::detect::spans::SpanFinder::new(&RULES);
        for s in finder.find(&text, &RULES.dicts) {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    /// Random text of the words the heuristics look for (cues, labels, joints, street
    /// abbreviations), numbers and capitalised words with letters of more than one byte:
    /// plain random text seldom holds a cue, so it never reaches the code after one.
    #[test]
    fn spans_of_text_full_of_cues_are_on_character_boundaries(
        text in "((corner of|Ecke|I'm in|flew to|lives at|Address:|my address is|What's your credit card\\?|call|Desk:|-Fax| fax| mobile|\\(Handy\\)|maiden name is|Apt\\.|Suite|and|und|St\\.|u\\.|\\\\n|\n|> |[ ,.:?]|[0-9]{1,5}|[A-ZÅÖ][a-zäöåé]{0,6}|Åström|ΚΑΤΩ|[a-zé]{1,5})[ ]?){0,40}"
    ) {
        let finder = masq::detect::spans::SpanFinder::new(&RULES);
        for s in finder.find(&text, &RULES.dicts) {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    #[test]
    fn every_rule_answers_any_value(v in "\\PC{0,60}|[0-9 +().-]{0,30}|[A-Z0-9]{0,34}") {
        for kind in masq::Kind::all() {
            for rule in RULES.of_kind(kind) {
                let _ = rule.matches(&v, &RULES.dicts);
            }
        }
    }
}

/// Found by `spans_are_inside_the_text_on_character_boundaries`: a text whose last word
/// follows a no-break space panicked in the sign-off heuristic (a byte index inside U+00A0).
#[test]
fn a_sign_off_after_a_no_break_space_is_found_not_a_panic() {
    let finder = masq::detect::spans::SpanFinder::new(&RULES);
    let text = "Thanks for the quick refund, see you soon.\u{a0}Caitlin";
    let spans = finder.find(text, &RULES.dicts);
    assert!(
        spans.iter().any(|s| &text[s.start..s.end] == "Caitlin"),
        "{spans:?}"
    );
}

/// Found by `cargo fuzz` (target `readers`): an integer literal of 20 to 38 digits made polars
/// type a column as a 128-bit integer it cannot hold, and panic (exit 101). Now a clean error
/// with its place; 19 digits that fit 64 bits, fractions and exponents still read.
#[test]
fn an_integer_beyond_64_bits_in_json_is_a_clean_error_not_a_panic() {
    for digits in [20, 25, 38, 39, 60] {
        let big = "8".repeat(digits);
        for (format, ext, text) in [
            (
                Format::Ndjson,
                "ndjson",
                format!("{{\"a\": 1}}\n{{\"a\": {big}}}\n"),
            ),
            (
                Format::Json,
                "json",
                format!("[{{\"a\": 1}},\n {{\"a\": -{big}}}]"),
            ),
            (Format::Ndjson, "ndjson", format!("\n{big}\n")),
        ] {
            let e = read(text.as_bytes(), format, ext).unwrap_err();
            assert!(
                e.contains("not a readable") && e.contains("an integer beyond 64 bits"),
                "{digits}: {e}"
            );
        }
    }
    let fine = "{\"a\": 8888888888888888888, \"b\": 1.23456789012345678901234, \"c\": 1e300, \"d\": \"99999999999999999999999\"}\n";
    assert_eq!(read(fine.as_bytes(), Format::Ndjson, "ndjson"), Ok(1));
}

/// Found by `cargo fuzz` (target `batches`): a batch holding only blank lines before the
/// header made the streaming reader call a CSV empty, and a batch of blank lines in NDJSON
/// ended the pass. The streaming reader must give the whole reader's rows at any batch size.
#[test]
fn blank_lines_fill_whole_batches_without_ending_the_stream() {
    use masq::io::batches::{Counter, Input};
    for (format, ext, text) in [
        (Format::Csv, "csv", "\n\n\na,b\n1,2\n\n\n\n3,4\n"),
        (Format::Csv, "csv", "a\n1\n\n\n3\n\n"),
        (Format::Csv, "csv", "a,b\n1,2\n\n\n"),
        (Format::Tsv, "tsv", "\n/\n"),
        (
            Format::Ndjson,
            "ndjson",
            "\n\n{\"a\":1}\n\n\n\n\n{\"a\":2}\n\n",
        ),
    ] {
        let whole = read(text.as_bytes(), format, ext).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("in.{ext}"));
        std::fs::write(&p, text).unwrap();
        for batch in 1..24 {
            let mut input =
                Input::open(&Source::Path(p.clone()), format, Default::default()).unwrap();
            input.prepare(batch).unwrap();
            let rows: usize = input
                .batches(batch, &Counter::default())
                .unwrap()
                .map(|b| b.unwrap().height())
                .sum();
            assert_eq!(rows, whole, "{ext} at batch size {batch}");
        }
    }
}
