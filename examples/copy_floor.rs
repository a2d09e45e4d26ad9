//! The copy floor for `benches/pipeline.sh`: a plain polars eager read of a CSV and a write of
//! it back, nothing else. masq's whole pipeline is timed against this on the same file.
//!
//! Usage: `copy_floor IN.csv OUT.csv`

use polars::prelude::*;
use std::fs::File;
use std::io::BufWriter;

fn main() -> PolarsResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        eprintln!("usage: copy_floor IN.csv OUT.csv");
        std::process::exit(2);
    };
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(input.into()))?
        .finish()?;
    let out = File::create(output).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    CsvWriter::new(BufWriter::new(out)).finish(&mut df)?;
    Ok(())
}
