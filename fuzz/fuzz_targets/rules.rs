//! Every detection rule (regex, checksum validators, dictionaries) answers any value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use masq::rules::RuleSet;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().unwrap());

fuzz_target!(|value: &str| {
    for kind in masq::Kind::all() {
        for rule in RULES.of_kind(kind) {
            let _ = rule.matches(value, &RULES.dicts);
        }
    }
});
