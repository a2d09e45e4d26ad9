//! The streaming reader agrees with the whole-file reader on any CSV/TSV/NDJSON bytes, at any
//! batch size: the same table when one reads it, an error from both otherwise. Batch
//! boundaries must never change a value, drop a record or accept what the whole read refuses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use masq::io::batches::{Counter, Input};
use masq::io::{Format, Limits, Source, parse_bytes};
use std::io::Write;

const FORMATS: [Format; 3] = [Format::Csv, Format::Tsv, Format::Ndjson];

fuzz_target!(|data: &[u8]| {
    let Some((&[pick, size], bytes)) = data.split_first_chunk::<2>() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let batch_bytes = 1 + usize::from(size) % 64;
    let limits = Limits {
        depth: 16,
        field_bytes: 4096,
        columns: 64,
    };
    let whole = parse_bytes(bytes.to_vec(), format, &limits);

    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let source = Source::Path(file.path().to_path_buf());
    let streamed = (|| {
        let mut input = Input::open(&source, format, limits)?;
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
            if format != Format::Ndjson {
                // Text columns: every value the same, in the same order.
                let mut all = frames[0].clone();
                for f in &frames[1..] {
                    all.vstack_mut(f).unwrap();
                }
                assert!(all.equals_missing(&df), "values differ at batch size {batch_bytes}");
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("only the streaming read failed: {e}"),
        (Err(e), Ok(_)) => panic!("only the whole read failed: {e}"),
    }
});
