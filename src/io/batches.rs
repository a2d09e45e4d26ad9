//! Reading an input in batches of whole records, with bounded memory: the streaming engine's
//! reader.
//!
//! An [`Input`] can be read any number of times (`run` reads it twice: once to index, once to
//! transform); stdin is spooled to an anonymous temporary file first. Each pass is a
//! [`Batches`] iterator of data frames of about `batch_bytes` of input each:
//!
//! - CSV/TSV (plain, `.gz`, `.zst`): the decompressed bytes are cut after the last record that
//!   ends in the buffer (a quote-aware scan, so a quoted newline never splits a record), each
//!   batch is validated by [`csv_check`] with the file's own line numbers, then parsed by polars
//!   with every column as text, exactly as the whole-file reader does.
//! - NDJSON: cut at line ends, checked for depth and syntax with line numbers; the structure
//!   comes from every record (a first pass merges the keys and types of all batches).
//! - Parquet: row slices of the file.
//! - JSON arrays are read whole (one batch), up to [`MAX_JSON_ARRAY_BYTES`].
//!
//! A batch never splits a record, and batch boundaries never change a value: the output of a
//! run is the same whatever the batch size (tested).

use super::csv_check;
use super::{Format, Source, Table, open_file};
use crate::error::{Error, Result, scrub_polars};
use polars::io::mmap::MmapBytesReader;
use polars::prelude::*;
use std::io::{Cursor, Read, Seek};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest JSON array masq reads (it has no record boundaries to stream by); NDJSON,
/// CSV and Parquet have no such limit.
pub const MAX_JSON_ARRAY_BYTES: u64 = 1 << 30;

/// An input that can be read in batches, several times.
pub struct Input {
    source: Source,
    format: Format,
    /// stdin, spooled (read twice like a file).
    spool: Option<std::fs::File>,
    /// NDJSON: the structure merged over all records (found by [`Input::prepare`]).
    schema: Option<SchemaRef>,
    /// Size of the file on disk (compressed if it is), for progress.
    pub size: Option<u64>,
}

impl Input {
    /// Opens `source`: checks it can be read; stdin is copied to a temporary file.
    pub fn open(source: &Source, format: Format) -> Result<Input> {
        let (spool, size) = match source {
            Source::Stdin => {
                let mut f = tempfile::tempfile()
                    .map_err(|e| Error::read("<stdin>", "buffer (temporary file)", e))?;
                std::io::copy(&mut std::io::stdin().lock(), &mut f)
                    .map_err(|e| Error::read("<stdin>", "read", e))?;
                let size = f.stream_position().ok();
                (Some(f), size)
            }
            Source::Path(p) => {
                let f = open_file(p)?;
                (None, f.metadata().ok().map(|m| m.len()))
            }
        };
        if format.table == Table::Json && size.is_some_and(|s| s > MAX_JSON_ARRAY_BYTES) {
            return Err(Error::input(format!(
                "{}: a JSON array larger than {} MB is not read (it cannot be streamed); write it as NDJSON, one record per line",
                source.display(),
                MAX_JSON_ARRAY_BYTES >> 20
            )));
        }
        Ok(Input {
            source: source.clone(),
            format,
            spool,
            schema: None,
            size,
        })
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// NDJSON read in more than one batch: one pass that merges the structure of every batch,
    /// so a key first seen late is kept and a key whose type changes becomes text, as when the
    /// whole file is read at once.
    pub fn prepare(&mut self, batch_bytes: usize) -> Result<()> {
        if self.format.table != Table::Ndjson || self.schema.is_some() {
            return Ok(());
        }
        let mut merged: Option<Schema> = None;
        let mut n = 0;
        for b in self.batches(batch_bytes, &Counter::default())? {
            let b = b?;
            n += 1;
            let s = b.schema();
            merged = Some(match merged {
                None => (**s).clone(),
                Some(mut m) => {
                    for (name, dt) in s.iter() {
                        match m.get(name) {
                            None => {
                                m.with_column(name.clone(), dt.clone());
                            }
                            Some(old) if old != dt => {
                                let wide = widen(old, dt);
                                m.with_column(name.clone(), wide);
                            }
                            Some(_) => {}
                        }
                    }
                    m
                }
            });
        }
        if n > 1 {
            self.schema = merged.map(Arc::new);
        }
        Ok(())
    }

    /// Starts a pass over the records. `read` counts the bytes read from the file (compressed
    /// bytes for a compressed file), for a progress bar.
    pub fn batches(&self, batch_bytes: usize, read: &Counter) -> Result<Batches<'_>> {
        self.pass(batch_bytes, read, true)
    }

    /// Another pass over records an earlier pass of the same run checked already: CSV/TSV
    /// batches are not validated again (the caller compares row counts, so a file changed
    /// in between is still caught).
    pub fn batches_again(&self, batch_bytes: usize, read: &Counter) -> Result<Batches<'_>> {
        self.pass(batch_bytes, read, false)
    }

    fn pass(&self, batch_bytes: usize, read: &Counter, check: bool) -> Result<Batches<'_>> {
        let name = self.source.display();
        let raw: Box<dyn Read + Send> = match (&self.spool, &self.source) {
            (Some(f), _) => {
                let mut f = f.try_clone().map_err(|e| Error::read(&name, "read", e))?;
                f.rewind().map_err(|e| Error::read(&name, "read", e))?;
                Box::new(f)
            }
            (None, Source::Path(p)) => Box::new(open_file(p)?),
            (None, Source::Stdin) => unreachable!("stdin is spooled"),
        };
        let raw = Counted {
            inner: raw,
            count: read.0.clone(),
        };
        let kind = match self.format.table {
            Table::Csv | Table::Tsv | Table::Ndjson => Kind::Text(Text {
                src: super::compress::Decompressed::new(&name, self.format.compression, raw)?,
                buf: Vec::new(),
                eof: false,
                next_line: 1,
                header: None,
                check,
            }),
            Table::Parquet => {
                let mut bytes = Vec::new();
                let file = match (&self.spool, &self.source) {
                    (None, Source::Path(p)) => Some(open_file(p)?),
                    _ => None,
                };
                if file.is_none() {
                    let mut r = raw;
                    r.read_to_end(&mut bytes)
                        .map_err(|e| Error::read(&name, "read", e))?;
                }
                Kind::Parquet(Parquet {
                    file,
                    bytes: bytes.into(),
                    offset: 0,
                    total: None,
                    rows_per_batch: 0,
                })
            }
            Table::Json => {
                let ds = super::parse_whole(&self.source, self.format, raw)?;
                Kind::Whole(Some(ds))
            }
        };
        Ok(Batches {
            rows_read: read.1.clone(),
            name,
            format: self.format,
            batch_bytes: batch_bytes.max(1),
            schema: self.schema.clone(),
            kind,
            rows: 0,
        })
    }
}

/// The type two batches' values of one key both fit: numbers widen to float, a key never seen
/// with a value takes the other's type, anything else becomes text.
fn widen(a: &DataType, b: &DataType) -> DataType {
    match (a, b) {
        (DataType::Null, t) | (t, DataType::Null) => t.clone(),
        (a, b) if a.is_primitive_numeric() && b.is_primitive_numeric() => {
            if a.is_float() || b.is_float() {
                DataType::Float64
            } else {
                DataType::Int64
            }
        }
        _ => DataType::String,
    }
}

/// Bytes and rows read so far, shared with whoever draws the progress bar.
#[derive(Debug, Clone, Default)]
pub struct Counter(pub Arc<AtomicU64>, pub Arc<AtomicU64>);

impl Counter {
    /// Bytes read from files (compressed bytes of a compressed file).
    pub fn bytes(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Rows handed out in batches.
    pub fn rows(&self) -> u64 {
        self.1.load(Ordering::Relaxed)
    }
}

struct Counted {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// One pass over an input's records.
pub struct Batches<'a> {
    name: String,
    format: Format,
    batch_bytes: usize,
    schema: Option<SchemaRef>,
    kind: Kind<'a>,
    /// Rows handed out so far.
    pub rows: usize,
    rows_read: Arc<AtomicU64>,
}

enum Kind<'a> {
    Text(Text<'a>),
    Parquet(Parquet),
    Whole(Option<DataFrame>),
}

struct Text<'a> {
    src: super::compress::Decompressed<'a>,
    buf: Vec<u8>,
    eof: bool,
    /// Line of the file the next batch starts on.
    next_line: usize,
    /// CSV/TSV: the header, once read, as the schema every batch is parsed with.
    header: Option<SchemaRef>,
    /// Validate each batch (off for a second pass over checked bytes).
    check: bool,
}

struct Parquet {
    file: Option<std::fs::File>,
    /// stdin's spooled Parquet, in memory (a file is read by row slices instead).
    bytes: Arc<[u8]>,
    offset: usize,
    total: Option<usize>,
    rows_per_batch: usize,
}

impl Iterator for Batches<'_> {
    type Item = Result<DataFrame>;

    fn next(&mut self) -> Option<Result<DataFrame>> {
        let r = match &mut self.kind {
            Kind::Whole(df) => Ok(df.take()),
            Kind::Parquet(p) => next_parquet(&self.name, p, self.batch_bytes),
            Kind::Text(t) => match self.format.table {
                Table::Ndjson => next_ndjson(&self.name, t, self.batch_bytes, &self.schema),
                _ => next_delimited(&self.name, t, self.format, self.batch_bytes),
            },
        };
        match r {
            Ok(Some(df)) => {
                self.rows += df.height();
                self.rows_read
                    .fetch_add(df.height() as u64, Ordering::Relaxed);
                Some(Ok(df))
            }
            Ok(None) => None,
            Err(e) => {
                // One error ends the pass.
                self.kind = Kind::Whole(None);
                Some(Err(e))
            }
        }
    }
}

/// Reads until `t.buf` holds at least `want` bytes or the data ends.
fn fill(t: &mut Text, want: usize) -> Result<()> {
    let mut chunk = vec![0u8; (want.saturating_sub(t.buf.len())).clamp(1 << 16, 1 << 22)];
    while !t.eof && t.buf.len() < want {
        let n = t.src.read(&mut chunk)?;
        if n == 0 {
            t.eof = true;
        } else {
            t.buf.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(())
}

/// Takes the next run of whole records (about `batch_bytes`) off the front of `t.buf`: up to
/// the last line end that is outside quotes (`quotes`), or everything at the end of the data.
fn take_records(t: &mut Text, batch_bytes: usize, quotes: bool) -> Result<Option<Vec<u8>>> {
    let mut want = batch_bytes;
    loop {
        fill(t, want)?;
        if t.buf.is_empty() {
            return Ok(None);
        }
        let cut = if t.eof && t.buf.len() <= want {
            Some(t.buf.len())
        } else {
            last_record_end(&t.buf[..t.buf.len().min(want)], quotes)
        };
        match cut {
            Some(cut) => {
                let rest = t.buf.split_off(cut);
                let batch = std::mem::replace(&mut t.buf, rest);
                return Ok(Some(batch));
            }
            // One record longer than the batch: read on.
            None if t.eof && t.buf.len() <= want => unreachable!(),
            None => want = want.saturating_mul(2).max(t.buf.len() + 1),
        }
    }
}

/// The offset just after the last `\n` of `bytes` that ends a record (`quotes`: a `"` toggles
/// being inside a quoted field, as in RFC 4180, where a doubled quote toggles twice).
fn last_record_end(bytes: &[u8], quotes: bool) -> Option<usize> {
    if !quotes {
        return memchr::memrchr(b'\n', bytes).map(|i| i + 1);
    }
    let mut inside = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[i] == b'"' {
            inside = !inside;
        } else if !inside {
            last = Some(i + 1);
        }
    }
    last
}

fn next_delimited(
    name: &str,
    t: &mut Text,
    format: Format,
    batch_bytes: usize,
) -> Result<Option<DataFrame>> {
    let sep = format.separator();
    let first = t.header.is_none();
    let Some(mut bytes) = take_records(t, batch_bytes, true)? else {
        if first {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        return Ok(None);
    };
    let line = t.next_line;
    t.next_line += memchr::memchr_iter(b'\n', &bytes).count();
    if first {
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bytes.drain(..3);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) && t.eof && t.buf.is_empty() {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        super::text_encoding_check(name, &bytes)?;
        let (header, _) = csv_check::validate_head(name, &bytes, sep, usize::MAX)?;
        let schema: Schema = header
            .iter()
            .map(|h| Field::new(h.as_str().into(), DataType::String))
            .collect();
        t.header = Some(Arc::new(schema));
    } else {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(empty_like(t.header.as_ref().expect("header read"))));
        }
        if t.check {
            let fields = t.header.as_ref().map_or(0, |s| s.len());
            csv_check::validate_batch(name, &bytes, sep, line, fields)?;
        }
    }
    let schema = t.header.clone().expect("header read");
    let df = CsvReadOptions::default()
        .with_has_header(first)
        .with_schema(Some(schema))
        .with_raise_if_empty(false)
        .map_parse_options(|p| p.with_separator(sep).with_missing_is_null(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::input(format!("{name}: cannot parse: {}", scrub_polars(&e))))?;
    if first {
        super::check_unique_columns(name, &df)?;
    }
    Ok(Some(df))
}

fn empty_like(schema: &SchemaRef) -> DataFrame {
    DataFrame::empty_with_schema(schema)
}

fn next_ndjson(
    name: &str,
    t: &mut Text,
    batch_bytes: usize,
    schema: &Option<SchemaRef>,
) -> Result<Option<DataFrame>> {
    let first = t.next_line == 1;
    let Some(bytes) = take_records(t, batch_bytes, false)? else {
        if first {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        return Ok(None);
    };
    let line = t.next_line;
    t.next_line += memchr::memchr_iter(b'\n', &bytes).count();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        if first && t.eof && t.buf.is_empty() {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        return Ok(schema.as_ref().map(empty_like));
    }
    let df = super::parse_ndjson(name, &bytes, line, schema.clone())?;
    if first {
        super::check_unique_columns(name, &df)?;
    }
    Ok(Some(df))
}

fn next_parquet(name: &str, p: &mut Parquet, batch_bytes: usize) -> Result<Option<DataFrame>> {
    let bad = |e: PolarsError| {
        Error::input(format!(
            "{name}: not a readable Parquet file: {}",
            scrub_polars(&e)
        ))
    };
    let reader = |p: &Parquet| -> Result<ParquetReader<Box<dyn MmapBytesReader>>> {
        let r: Box<dyn MmapBytesReader> = match &p.file {
            Some(f) => Box::new(f.try_clone().map_err(|e| Error::read(name, "read", e))?),
            None => Box::new(Cursor::new(p.bytes.clone())),
        };
        Ok(ParquetReader::new(r))
    };
    if p.total.is_none() {
        let mut r = reader(p)?;
        let total = r.num_rows().map_err(bad)?;
        let size = match &p.file {
            Some(f) => f.metadata().map(|m| m.len()).unwrap_or(0) as usize,
            None => p.bytes.len(),
        };
        // Decoded rows take several times their compressed size.
        let row_bytes = (size.saturating_mul(4) / total.max(1)).max(16);
        p.rows_per_batch = (batch_bytes / row_bytes).max(1);
        p.total = Some(total);
        if total == 0 {
            p.offset = 1;
            return reader(p)?.finish().map(Some).map_err(bad);
        }
    }
    let total = p.total.unwrap_or(0);
    if p.offset >= total {
        return Ok(None);
    }
    let n = p.rows_per_batch.min(total - p.offset);
    let df = reader(p)?
        .with_slice(Some((p.offset, n)))
        .finish()
        .map_err(bad)?;
    p.offset += n;
    Ok(Some(df))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ends_skip_quoted_newlines() {
        let b = b"a,b\n1,\"x\ny\"\n2,\"z\n";
        assert_eq!(last_record_end(b, true), Some(12));
        assert_eq!(last_record_end(b"a,\"b\nc", true), None);
        assert_eq!(last_record_end(b"a\nb", false), Some(2));
    }
}
