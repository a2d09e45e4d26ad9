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
use super::{Format, Limits, Source, Table, human_bytes, open_file};
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
    limits: Limits,
    /// Still being written by another thread: read as it grows.
    growth: Option<Arc<super::growing::Growth>>,
}

impl Input {
    /// Opens `source`, to be read within `limits`: checks it can be read; stdin is copied to a
    /// temporary file.
    pub fn open(source: &Source, format: Format, limits: Limits) -> Result<Input> {
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
            limits,
            growth: None,
        })
    }

    /// The file is still being written (a table being copied out): every pass reads it as it
    /// grows, to the end its writer gives ([`super::growing`]). CSV, TSV and NDJSON only.
    pub fn set_growing(&mut self, growth: Arc<super::growing::Growth>) {
        self.size = None;
        self.growth = Some(growth);
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
            (None, Source::Path(p)) => match &self.growth {
                Some(g) => Box::new(super::growing::GrowingReader::new(open_file(p)?, g.clone())),
                None => Box::new(open_file(p)?),
            },
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
                let ds = super::parse_whole(&self.source, self.format, raw, &self.limits)?;
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
            limits: self.limits,
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
    limits: Limits,
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
            Kind::Parquet(p) => next_parquet(&self.name, p, self.batch_bytes, &self.limits),
            Kind::Text(t) => match self.format.table {
                Table::Ndjson => {
                    next_ndjson(&self.name, t, self.batch_bytes, &self.schema, &self.limits)
                }
                _ => next_delimited(&self.name, t, self.format, self.batch_bytes, &self.limits),
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
/// the last line end that is outside quotes (CSV/TSV, `sep` given), or everything at the end
/// of the data. A record longer than a batch is read on, within `limits` ([`check_pending`]).
fn take_records(
    name: &str,
    t: &mut Text,
    batch_bytes: usize,
    sep: Option<u8>,
    limits: &Limits,
) -> Result<Option<Vec<u8>>> {
    let mut want = batch_bytes;
    loop {
        fill(t, want)?;
        if t.buf.is_empty() {
            return Ok(None);
        }
        let cut = if t.eof && t.buf.len() <= want {
            Some(t.buf.len())
        } else {
            last_record_end(&t.buf[..t.buf.len().min(want)], sep)
        };
        match cut {
            Some(cut) => {
                let rest = t.buf.split_off(cut);
                let batch = std::mem::replace(&mut t.buf, rest);
                return Ok(Some(batch));
            }
            // One record longer than the batch: read on.
            None if t.eof && t.buf.len() <= want => unreachable!(),
            None => {
                check_pending(
                    name,
                    &t.buf[..t.buf.len().min(want)],
                    sep,
                    t.next_line,
                    limits,
                )?;
                want = want.saturating_mul(2).max(t.buf.len() + 1);
            }
        }
    }
}

/// Refuses the start of a record that has grown past a batch (`bytes`, starting on line
/// `first_line`) once a field of it is longer than the field limit (for NDJSON, `sep` `None`,
/// the record itself), or it has more fields than columns allowed: a stray quote must not make
/// masq read a whole file into one record.
fn check_pending(
    name: &str,
    bytes: &[u8],
    sep: Option<u8>,
    first_line: usize,
    limits: &Limits,
) -> Result<()> {
    let at = |start: usize| {
        let before = &bytes[..start];
        let line = first_line + memchr::memchr_iter(b'\n', before).count();
        let col = start - memchr::memrchr(b'\n', before).map_or(0, |p| p + 1) + 1;
        (line, col)
    };
    let Some(sep) = sep else {
        if bytes.len() > limits.field_bytes {
            return Err(Error::input(format!(
                "{name}:{first_line}: a record longer than the limit of {} (raise it with --max-field-size)",
                human_bytes(limits.field_bytes)
            )));
        }
        return Ok(());
    };
    let too_long = |start: usize, end: usize, field: usize| -> Result<()> {
        if end - start > limits.field_bytes {
            let (line, col) = at(start);
            return Err(Error::input(format!(
                "{name}:{line}:{col}: field {field} is longer than the limit of {} (an unclosed quote? raise the limit with --max-field-size)",
                human_bytes(limits.field_bytes)
            )));
        }
        Ok(())
    };
    let (mut inside, mut start, mut fields) = (false, 0usize, 0usize);
    for i in memchr::memchr2_iter(b'"', sep, bytes) {
        if bytes[i] == b'"' {
            inside = !inside;
        } else if !inside {
            too_long(start, i, fields + 1)?;
            fields += 1;
            start = i + 1;
            if fields >= limits.columns {
                return Err(Error::input(format!(
                    "{name}:{first_line}: more than {} columns, the limit (raise it with --max-columns)",
                    limits.columns
                )));
            }
        }
    }
    too_long(start, bytes.len(), fields + 1)
}

/// The offset just after the last `\n` of `bytes` that ends a record. With `sep` (CSV/TSV), a
/// record ends only where both readings of quotes agree it does: polars' (every `"` toggles
/// being inside quotes) and the CSV check's (a `"` opens a quoted field only at the start of a
/// field, `x"y` being a literal quote; inside one, `""` is a quote and a lone `"` closes it).
/// A cut where only one of them is outside quotes made a batch the other refuses (found by
/// fuzzing). `bytes` starts at a record boundary.
fn last_record_end(bytes: &[u8], sep: Option<u8>) -> Option<usize> {
    let Some(sep) = sep else {
        return memchr::memrchr(b'\n', bytes).map(|i| i + 1);
    };
    let (mut inside, mut toggled) = (false, false);
    let mut last = None;
    let mut skip = None;
    for i in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[i] == b'"' {
            toggled = !toggled;
        } else if !toggled && !inside {
            last = Some(i + 1);
        }
        if skip == Some(i) {
            continue;
        }
        match (bytes[i], inside) {
            (b'"', true) => {
                if bytes.get(i + 1) == Some(&b'"') {
                    skip = Some(i + 1);
                } else {
                    inside = false;
                }
            }
            (b'"', false) => {
                inside = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r') || bytes[i - 1] == sep;
            }
            _ => {}
        }
    }
    last
}

/// Bytes at the start of a text file its encoding is judged on.
pub(crate) const ENCODING_HEAD: usize = 4096;

fn next_delimited(
    name: &str,
    t: &mut Text,
    format: Format,
    batch_bytes: usize,
    limits: &Limits,
) -> Result<Option<DataFrame>> {
    let sep = format.separator();
    let first = t.header.is_none();
    let Some(mut bytes) = take_records(name, t, batch_bytes, Some(sep), limits)? else {
        if first {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        return Ok(None);
    };
    let line = t.next_line;
    t.next_line += memchr::memchr_iter(b'\n', &bytes).count();
    // A byte-order mark goes before the blank lines are looked at: a first batch of a BOM
    // and a newline is blank too (found by fuzzing).
    if first && bytes.starts_with(&super::BOM) {
        bytes.drain(..3);
    }
    // Blank lines before the header: read on until the header is in the batch (a batch cut
    // after them found the file "empty"; found by fuzzing).
    while first && bytes.iter().all(u8::is_ascii_whitespace) {
        let Some(more) = take_records(name, t, batch_bytes, Some(sep), limits)? else {
            break;
        };
        t.next_line += memchr::memchr_iter(b'\n', &more).count();
        bytes.extend_from_slice(&more);
    }
    if first {
        if bytes.iter().all(u8::is_ascii_whitespace) && t.eof && t.buf.is_empty() {
            return Err(Error::input(format!("{name}: file is empty")));
        }
        // The encoding is judged on the file's first 4 KiB, as the whole-file reader does, not
        // on a first batch that may be shorter (found by fuzzing with tiny batches).
        if bytes.len() < ENCODING_HEAD && !t.eof {
            fill(t, ENCODING_HEAD - bytes.len())?;
        }
        let head: Vec<u8> = bytes
            .iter()
            .chain(t.buf.iter())
            .take(ENCODING_HEAD)
            .copied()
            .collect();
        super::text_encoding_check(name, &head)?;
        let (header, _) = csv_check::validate_head(name, &bytes, sep, usize::MAX, limits)?;
        let schema: Schema = header
            .iter()
            .map(|h| Field::new(h.as_str().into(), DataType::String))
            .collect();
        t.header = Some(Arc::new(schema));
    } else {
        if t.check {
            let fields = t.header.as_ref().map_or(0, |s| s.len());
            csv_check::validate_batch(name, &bytes, sep, line, fields, limits)?;
        }
    }
    let schema = t.header.clone().expect("header read");
    // A batch polars would take for compressed data by its first bytes (a line starting with
    // `x^`) gets a blank line in front: skipped before a header, a row of nulls before data,
    // which is dropped again.
    // A later batch that starts with a byte-order mark (a BOM inside the data) is masked the
    // same way: polars strips a leading BOM as if it began the file (found by fuzzing).
    let masked = super::looks_compressed(&bytes) || (!first && bytes.starts_with(&super::BOM));
    if masked {
        bytes.insert(0, b'\n');
    }
    let df = CsvReadOptions::default()
        .with_has_header(first)
        .with_schema(Some(schema))
        .with_raise_if_empty(false)
        .map_parse_options(|p| p.with_separator(sep).with_missing_is_null(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::input(format!("{name}: cannot parse: {}", scrub_polars(&e))))?;
    let df = if masked && !first {
        df.slice(1, usize::MAX)
    } else {
        df
    };
    if first {
        super::check_unique_columns(name, &df)?;
    }
    Ok(Some(df))
}

fn next_ndjson(
    name: &str,
    t: &mut Text,
    batch_bytes: usize,
    schema: &Option<SchemaRef>,
    limits: &Limits,
) -> Result<Option<DataFrame>> {
    let first = t.next_line == 1;
    // Blank lines are skipped, however many batches they fill: a batch of blank lines used to
    // end the pass (found by fuzzing).
    let (bytes, line) = loop {
        let Some(bytes) = take_records(name, t, batch_bytes, None, limits)? else {
            if first {
                return Err(Error::input(format!("{name}: file is empty")));
            }
            return Ok(None);
        };
        let line = t.next_line;
        t.next_line += memchr::memchr_iter(b'\n', &bytes).count();
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            break (bytes, line);
        }
    };
    let df = super::parse_ndjson(name, &bytes, line, schema.clone(), limits)?;
    if first {
        super::check_columns(name, df.width(), limits)?;
        super::check_unique_columns(name, &df)?;
    }
    Ok(Some(df))
}

fn next_parquet(
    name: &str,
    p: &mut Parquet,
    batch_bytes: usize,
    limits: &Limits,
) -> Result<Option<DataFrame>> {
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
        super::check_columns(name, r.schema().map_err(bad)?.len(), limits)?;
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
        assert_eq!(last_record_end(b, Some(b',')), Some(12));
        assert_eq!(last_record_end(b"a,\"b\nc", Some(b',')), None);
        assert_eq!(last_record_end(b"a\nb", None), Some(2));
        // A quote inside a field: a character to the CSV check, an opening quote to polars;
        // the record ends where both are outside quotes.
        assert_eq!(last_record_end(b"a\nx\"y\nz\n", Some(b',')), Some(2));
        assert_eq!(last_record_end(b"a\nx\"y\n\"z\n", Some(b',')), Some(2));
        assert_eq!(last_record_end(b"a\nx\"y\"\nz\n", Some(b',')), Some(9));
        // A doubled quote inside a quoted field keeps it open.
        assert_eq!(last_record_end(b"\"a\"\"\nb\"\nc\n", Some(b',')), Some(10));
    }

    #[test]
    fn a_record_growing_past_a_batch_is_refused_once_a_field_passes_the_limit() {
        let limits = Limits {
            field_bytes: 8,
            columns: 3,
            ..Limits::default()
        };
        let check = |b: &[u8], sep| check_pending("f.csv", b, sep, 5, &limits);
        assert!(check(b"1,\"1234567", Some(b',')).is_ok(), "8 bytes fit");
        let e = check(b"1,\"abc\n1234567", Some(b',')).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv:5:3: field 2 is longer than the limit of 8 bytes (an unclosed quote? raise the limit with --max-field-size)"
        );
        assert!(
            check(b"1,2,3,4", Some(b','))
                .unwrap_err()
                .to_string()
                .contains("more than 3 columns")
        );
        assert!(
            check(b"{\"a\":\"0123456\"", None)
                .unwrap_err()
                .to_string()
                .starts_with("f.csv:5: a record longer")
        );
    }
}
