//! The span finder takes any text: every span lies inside it, on character boundaries, in
//! order and without overlap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use masq::detect::spans::SpanFinder;
use masq::rules::RuleSet;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());
static FINDER: LazyLock<SpanFinder> = LazyLock::new(|| SpanFinder::new(&RULES));

fuzz_target!(|text: &str| {
    let spans = FINDER.find(text, &RULES.dicts);
    let mut end = 0;
    for s in &spans {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?}");
        assert!(s.start >= end, "overlapping or unordered spans: {spans:?}");
        end = s.end;
    }
});
