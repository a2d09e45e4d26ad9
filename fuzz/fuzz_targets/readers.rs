//! Every reader takes any bytes and answers with a table or a one-line error (no panic, no
//! abort, no unbounded memory): the first byte picks the format, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use masq::io::{Format, Limits, parse_bytes};

const FORMATS: [Format; 5] = [
    Format::Csv,
    Format::Tsv,
    Format::Json,
    Format::Ndjson,
    Format::Parquet,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    // Small limits, so that the limits themselves are exercised too.
    let limits = Limits {
        depth: 16,
        field_bytes: 4096,
        columns: 64,
    };
    match parse_bytes(bytes.to_vec(), format, &limits) {
        Ok(df) => assert!(df.width() <= limits.columns, "{} columns", df.width()),
        Err(e) => {
            let e = e.to_string();
            assert!(!e.contains('\n'), "a multi-line error: {e:?}");
            assert!(e.starts_with("<stdin>"), "the error does not name the input: {e:?}");
        }
    }
});
