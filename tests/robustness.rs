//! Hostile input on stable Rust, as a fuzzing smoke run: the readers (CSV, TSV, JSON, NDJSON,
//! Parquet), the policy loader, the span finder and every rule's validator take arbitrary input
//! and answer — a value or a clean error — without panicking. (Coverage-guided `cargo fuzz`
//! targets are not written yet.)

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
