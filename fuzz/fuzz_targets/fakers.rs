//! libFuzzer target for `properties::fakers` (see fuzz/properties.rs for the property).
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::fakers(data));
