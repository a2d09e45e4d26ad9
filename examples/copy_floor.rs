//! The copy floor for `benches/pipeline.sh`: a plain polars read of a CSV and a write of it
//! back, nothing else. masq's whole pipeline is timed against this on the same file.
//!
//! Usage: `copy_floor [--stream [MB]] IN.csv OUT.csv`
//!
//! - default (eager): one `CsvReader` read of the whole file into a `DataFrame`, one
//!   `CsvWriter` write. Needs memory of a few times the file, so not for files near or above
//!   the machine's memory.
//! - `--stream [MB]` (default 64): the same polars read and write, one slice of about MB
//!   megabytes at a time (cut at a record boundary: a line end outside quotes), so memory stays
//!   bounded by the slice whatever the file size. Each slice is parsed with the header prepended
//!   (types inferred per slice, as the eager read infers them from the first rows). This is the
//!   floor for files too large for the eager read (`polars` here has no `lazy` feature, so no
//!   `scan_csv`/`sink_csv`).

use polars::prelude::*;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Cursor, Read, Write};

fn main() -> PolarsResult<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (stream_mb, paths) = match args.as_slice() {
        [flag, mb, rest @ ..] if flag == "--stream" && mb.parse::<usize>().is_ok() => {
            (Some(mb.parse::<usize>().unwrap_or(64)), rest)
        }
        [flag, rest @ ..] if flag == "--stream" => (Some(64), rest),
        rest => (None, rest),
    };
    let [input, output] = paths else {
        eprintln!("usage: copy_floor [--stream [MB]] IN.csv OUT.csv");
        std::process::exit(2);
    };
    match stream_mb {
        None => eager(input, output),
        Some(mb) => streamed(input, output, mb.max(1) << 20),
    }
}

fn io_err(e: std::io::Error) -> PolarsError {
    polars_err!(ComputeError: "{e}")
}

fn eager(input: &str, output: &str) -> PolarsResult<()> {
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(input.into()))?
        .finish()?;
    let out = File::create(output).map_err(io_err)?;
    CsvWriter::new(BufWriter::new(out)).finish(&mut df)?;
    Ok(())
}

/// The end of the last complete record in `buf` (just past a `\n` outside quotes), if any.
/// `buf` starts at a record boundary, so quote parity can be counted from its start.
fn last_record_end(buf: &[u8]) -> Option<usize> {
    let mut in_quotes = false;
    let mut end = None;
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => end = Some(i + 1),
            _ => {}
        }
    }
    end
}

fn streamed(input: &str, output: &str, slice: usize) -> PolarsResult<()> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(input).map_err(io_err)?);
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header).map_err(io_err)?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(output).map_err(io_err)?);
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut eof = false;
    while !eof || !carry.is_empty() {
        let mut buf = std::mem::take(&mut carry);
        if !eof {
            let want = slice.saturating_sub(buf.len());
            let got = (&mut reader)
                .take(want as u64)
                .read_to_end(&mut buf)
                .map_err(io_err)?;
            eof = got < want;
        }
        let cut = if eof {
            buf.len()
        } else {
            match last_record_end(&buf) {
                Some(end) => end,
                None => {
                    // one record longer than the slice: read on until it ends
                    carry = buf;
                    let more = reader
                        .by_ref()
                        .take(slice as u64)
                        .read_to_end(&mut carry)
                        .map_err(io_err)?;
                    eof = more == 0;
                    continue;
                }
            }
        };
        carry = buf.split_off(cut);
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut bytes = Vec::with_capacity(header.len() + buf.len());
        bytes.extend_from_slice(&header);
        bytes.extend_from_slice(&buf);
        drop(buf);
        let mut df = CsvReadOptions::default()
            .with_has_header(true)
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()?;
        CsvWriter::new(&mut out)
            .include_header(first)
            .finish(&mut df)?;
        first = false;
    }
    if first {
        // no data rows: write the header alone, like the eager copy of an empty table
        out.write_all(&header).map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(())
}
