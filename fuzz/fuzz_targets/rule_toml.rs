//! libFuzzer target for `properties::rule_toml` (see fuzz/properties.rs for the property).
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::rule_toml(data));
