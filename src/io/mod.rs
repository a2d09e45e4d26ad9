//! Formats, readers and the atomic writer.
//!
//! Reading: CSV/TSV (validated first by [`csv_check`], then parsed by polars with every column
//! as text so untouched columns round-trip exactly: `01234` stays `01234`), Parquet, JSON (an
//! array of records) and NDJSON, from a path or `-` (stdin). Writing: see [`mod@write`]; output goes
//! to a temporary file beside the destination and is renamed into place only when the caller
//! commits it. This module never interprets values and never puts them into errors.

pub mod batches;
pub mod compress;
pub mod csv_check;
pub mod growing;
pub mod interrupt;
pub mod pg_load;
pub mod postgres;
pub mod write;

pub use compress::Compression;

use crate::error::{Error, Result, scrub_polars};
use compress::Decompressed;
use polars::prelude::*;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

names! {
/// How a file lays out rows and columns. The report names it (`"csv"`, …), compression apart.
#[schemars(rename = "Format", description = "A tabular file format.")]
pub enum Table {
    Csv,
    Tsv,
    Parquet,
    Json,
    Ndjson,
}
}

impl Table {
    /// Parses a table format name or extension (`csv`, `tsv`, `tab`, `parquet`, `pq`, `json`,
    /// `ndjson`, `jsonl`).
    pub fn parse(name: &str) -> Option<Table> {
        Some(match name.to_ascii_lowercase().as_str() {
            "csv" => Table::Csv,
            "tsv" | "tab" => Table::Tsv,
            "parquet" | "pq" => Table::Parquet,
            "json" => Table::Json,
            "ndjson" | "jsonl" => Table::Ndjson,
            _ => return None,
        })
    }

    /// Whether the whole file may be compressed around it (Parquet compresses inside).
    pub fn compressible(self) -> bool {
        self != Table::Parquet
    }
}

/// A file format: the table layout and the compression around it (`csv`, `csv.gz`,
/// `ndjson.zst`, …). Serialised as the table format alone, so the report's `format` field keeps
/// its values; shown (`Display`, the HTML report, messages) with the compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Format {
    pub table: Table,
    pub compression: Compression,
}

impl From<Table> for Format {
    fn from(table: Table) -> Format {
        Format {
            table,
            compression: Compression::None,
        }
    }
}

impl From<Format> for Table {
    fn from(f: Format) -> Table {
        f.table
    }
}

impl serde::Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.table.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Format, D::Error> {
        Table::deserialize(d).map(Format::from)
    }
}

impl schemars::JsonSchema for Format {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Table::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        Table::schema_id()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Table::json_schema(g)
    }
    fn inline_schema() -> bool {
        Table::inline_schema()
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// The uncompressed formats under the names they had when `Format` was the table enum, so
// `Format::Csv` keeps meaning what it meant everywhere it is written.
#[allow(non_upper_case_globals)]
impl Format {
    pub const Csv: Format = Format::plain(Table::Csv);
    pub const Tsv: Format = Format::plain(Table::Tsv);
    pub const Parquet: Format = Format::plain(Table::Parquet);
    pub const Json: Format = Format::plain(Table::Json);
    pub const Ndjson: Format = Format::plain(Table::Ndjson);
}

impl Format {
    pub const NAMES: &'static str =
        "csv, tsv, parquet, json, ndjson; all but parquet also as .gz or .zst, e.g. csv.gz";

    pub const fn plain(table: Table) -> Format {
        Format {
            table,
            compression: Compression::None,
        }
    }

    /// The format named by a file's extension, or its last two (`x.csv.gz`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if let Some(table) = Table::parse(ext) {
            return Some(table.into());
        }
        let compression = Compression::from_extension(ext)?;
        let table = Table::parse(Path::new(path.file_stem()?).extension()?.to_str()?)?;
        table
            .compressible()
            .then_some(Format { table, compression })
    }

    /// Parses a format name or extension: a table format (`csv`, `tsv`, `tab`, `parquet`,
    /// `pq`, `json`, `ndjson`, `jsonl`), optionally followed by `.gz` or `.zst` (not for
    /// Parquet, which is compressed inside).
    pub fn parse(name: &str) -> Option<Format> {
        let (table, compression) = match name.split_once('.') {
            None => (name, Compression::None),
            Some((t, c)) => (t, Compression::from_extension(c)?),
        };
        let table = Table::parse(table)?;
        if compression != Compression::None && !table.compressible() {
            return None;
        }
        Some(Format { table, compression })
    }

    /// The name, which is also the file extension: `csv`, `csv.gz`, `ndjson.zst`, …
    pub fn as_str(self) -> &'static str {
        const NAMES: [[&str; 3]; 5] = [
            ["csv", "csv.gz", "csv.zst"],
            ["tsv", "tsv.gz", "tsv.zst"],
            ["parquet", "parquet.gz", "parquet.zst"],
            ["json", "json.gz", "json.zst"],
            ["ndjson", "ndjson.gz", "ndjson.zst"],
        ];
        let t = match self.table {
            Table::Csv => 0,
            Table::Tsv => 1,
            Table::Parquet => 2,
            Table::Json => 3,
            Table::Ndjson => 4,
        };
        let c = match self.compression {
            Compression::None => 0,
            Compression::Gzip => 1,
            Compression::Zstd => 2,
        };
        NAMES[t][c]
    }

    /// `path` with its format extension(s) replaced by this format's: `a.csv.gz` as parquet is
    /// `a.parquet`, `a.csv` as `csv.zst` is `a.csv.zst`. A name without a known format
    /// extension gets this one added.
    pub fn file_name_for(self, path: &Path) -> PathBuf {
        let mut stem = path.to_path_buf();
        if let Some(f) = Format::from_path(path) {
            stem.set_extension("");
            if f.compression != Compression::None {
                stem.set_extension("");
            }
        }
        let mut name = stem.into_os_string();
        name.push(".");
        name.push(self.as_str());
        PathBuf::from(name)
    }

    pub(crate) fn separator(self) -> u8 {
        if self.table == Table::Tsv {
            b'\t'
        } else {
            b','
        }
    }
}

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// How the source is named in messages and reports.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::Path(p) => p.display().to_string(),
        }
    }

    /// The file name used for outputs written into a directory.
    pub fn file_name(&self) -> Option<&std::ffi::OsStr> {
        match self {
            Source::Stdin => None,
            Source::Path(p) => p.file_name(),
        }
    }
}

/// A dataset in memory, with where it came from.
pub struct Dataset {
    pub source: Source,
    pub format: Format,
    pub df: DataFrame,
}

/// Decides the format of `source`: `forced` if given, else the extension; stdin defaults to CSV.
/// A forced format without compression takes it from the extension (`--format csv` on
/// `dump.gz` reads gzip-compressed CSV).
pub fn resolve_format(source: &Source, forced: Option<Format>) -> Result<Format> {
    if let Some(mut f) = forced {
        if f.compression == Compression::None
            && f.table.compressible()
            && let Source::Path(p) = source
            && let Some(c) = p
                .extension()
                .and_then(|e| e.to_str())
                .and_then(Compression::from_extension)
        {
            f.compression = c;
        }
        return Ok(f);
    }
    match source {
        Source::Stdin => Ok(Format::Csv),
        Source::Path(p) => Format::from_path(p).ok_or_else(|| {
            Error::input(format!(
                "{}: unknown format (extension not one of {}); name it with --format",
                p.display(),
                Format::NAMES
            ))
        }),
    }
}

/// Opens a file to read, refusing a directory.
pub(crate) fn open_file(p: &Path) -> Result<std::fs::File> {
    let name = p.display();
    let meta = std::fs::metadata(p).map_err(|e| Error::read(&name, "open", e))?;
    if meta.is_dir() {
        return Err(Error::input(format!(
            "{name}: is a directory, not a data file"
        )));
    }
    std::fs::File::open(p).map_err(|e| Error::read(&name, "open", e))
}

/// Reads the start of a file (decompressed): chunks until `newlines` line breaks were seen or
/// the data ends. Returns the bytes and whether they are the whole file. A compressed file is
/// decompressed only that far.
fn read_prefix(p: &Path, compression: Compression, newlines: usize) -> Result<(Vec<u8>, bool)> {
    let name = p.display().to_string();
    let mut f = Decompressed::new(&name, compression, open_file(p)?)?;
    let mut buf = Vec::new();
    let mut seen = 0usize;
    let mut chunk = vec![0u8; 1 << 22];
    loop {
        let n = f.read(&mut chunk)?;
        if n == 0 {
            return Ok((buf, true));
        }
        seen += chunk[..n].iter().filter(|b| **b == b'\n').count();
        buf.extend_from_slice(&chunk[..n]);
        if seen >= newlines {
            return Ok((buf, false));
        }
    }
}

/// Reads the whole input (decompressed) into memory, with errors that name the file.
fn read_bytes(source: &Source, compression: Compression) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    match (source, compression) {
        (Source::Stdin, Compression::None) => {
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::read("<stdin>", "read", e))?;
        }
        (Source::Stdin, c) => {
            Decompressed::new("<stdin>", c, std::io::stdin())?.read_to_end(&mut buf)?;
        }
        (Source::Path(p), Compression::None) => {
            let meta = std::fs::metadata(p).map_err(|e| Error::read(p.display(), "open", e))?;
            if meta.is_dir() {
                return Err(Error::input(format!(
                    "{}: is a directory, not a data file",
                    p.display()
                )));
            }
            buf = std::fs::read(p).map_err(|e| Error::read(p.display(), "read", e))?;
        }
        (Source::Path(p), c) => {
            Decompressed::new(&p.display().to_string(), c, open_file(p)?)?.read_to_end(&mut buf)?;
        }
    }
    Ok(buf)
}

pub use crate::error::io_reason;

/// Reads a dataset. CSV/TSV are validated first (UTF-8, quotes, field counts, header), so a
/// malformed file is refused with its line and column instead of being half-parsed.
pub fn read(source: &Source, format: Format) -> Result<Dataset> {
    read_with(source, format, &Limits::default())
}

/// [`read`] within `limits` instead of the default ones.
pub fn read_with(source: &Source, format: Format, limits: &Limits) -> Result<Dataset> {
    read_head(source, format, usize::MAX, limits).map(|(ds, _)| ds)
}

/// Reads a dataset of `format` from `bytes` in memory (uncompressed), within `limits`, with the
/// same checks as a file (errors name `<stdin>`). For fuzzing and embedding.
pub fn parse_bytes(bytes: Vec<u8>, format: Format, limits: &Limits) -> Result<DataFrame> {
    parse(&Source::Stdin, format, usize::MAX, bytes, limits).map(|(ds, _)| ds.df)
}

/// What masq reads at most from one input. Beyond a limit the input is refused (exit 2) with a
/// one-line message naming the file, the place and the limit, before a parser can spend
/// memory or stack on it. The defaults fit any export of a table; the flags `--max-depth`,
/// `--max-field-size` and `--max-columns` change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of arrays and objects in JSON and NDJSON.
    pub depth: usize,
    /// Longest field of CSV/TSV (as written in the file, quotes included), and longest record
    /// (line) of NDJSON, in bytes. It also bounds
    /// the memory a record takes while it is read: an unclosed quote in a 10 GB file is refused
    /// once the field it opens passes this size, not after reading the whole file.
    pub field_bytes: usize,
    /// Most columns (keys, for JSON) of a table.
    pub columns: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            depth: MAX_JSON_DEPTH,
            field_bytes: DEFAULT_MAX_FIELD_BYTES,
            columns: DEFAULT_MAX_COLUMNS,
        }
    }
}

/// Default [`Limits::field_bytes`]: 16 MiB.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 16 << 20;
/// Default [`Limits::columns`] (PostgreSQL allows 1,600 columns, spreadsheets 16,384).
pub const DEFAULT_MAX_COLUMNS: usize = 16_384;

/// Bytes as people write them in a message: `16 MiB`, `512 KiB`, `100 bytes`.
pub(crate) fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Refuses a table wider than `limits.columns`.
pub(crate) fn check_columns(name: &str, width: usize, limits: &Limits) -> Result<()> {
    if width > limits.columns {
        return Err(Error::input(format!(
            "{name}: has {width} columns, more than the limit of {} (raise it with --max-columns)",
            limits.columns
        )));
    }
    Ok(())
}

/// Like [`read`], but CSV, TSV and NDJSON stop after `max_rows` data rows (for `scan`, which
/// only samples). Returns whether rows were left unread. Compressed or not, only the start of
/// a file is read (and decompressed) when that holds enough rows.
pub fn read_head(
    source: &Source,
    format: Format,
    max_rows: usize,
    limits: &Limits,
) -> Result<(Dataset, bool)> {
    // A head read of a big text file reads only its start (twice the rows' worth of line breaks,
    // for quoted newlines); if that was not enough to parse `max_rows` rows, everything is read.
    if max_rows < usize::MAX
        && matches!(format.table, Table::Csv | Table::Tsv | Table::Ndjson)
        && let Source::Path(p) = source
    {
        let newlines = max_rows.saturating_mul(2).saturating_add(2);
        let (bytes, whole) = read_prefix(p, format.compression, newlines)?;
        if !whole {
            let partial = parse(source, format, max_rows, bytes, limits);
            if let Ok((ds, true)) = partial {
                return Ok((ds, true));
            }
        } else {
            return parse(source, format, max_rows, bytes, limits);
        }
    }
    parse(
        source,
        format,
        max_rows,
        read_bytes(source, format.compression)?,
        limits,
    )
}

fn parse(
    source: &Source,
    format: Format,
    max_rows: usize,
    mut bytes: Vec<u8>,
    limits: &Limits,
) -> Result<(Dataset, bool)> {
    let name = source.display();
    let mut truncated = false;
    if format.table == Table::Ndjson && max_rows < usize::MAX {
        let mut seen = 0;
        if let Some(end) = bytes.iter().position(|b| {
            seen += usize::from(*b == b'\n');
            seen >= max_rows
        }) {
            truncated = bytes[end + 1..].iter().any(|b| !b.is_ascii_whitespace());
            bytes.truncate(end + 1);
        }
    }
    // A byte-order mark followed by blanks is an empty file too, as the streaming reader
    // says (found by fuzzing).
    let body = bytes.strip_prefix(&BOM).unwrap_or(&bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(format!("{name}: file is empty")));
    }
    let df = match format.table {
        Table::Csv | Table::Tsv => {
            let (df, t) = read_delimited(&name, bytes, format, max_rows, limits)?;
            truncated = t;
            df
        }
        Table::Parquet => {
            let bad = |e: PolarsError| {
                Error::input(format!(
                    "{name}: not a readable Parquet file: {}",
                    scrub_polars(&e)
                ))
            };
            let mut reader = ParquetReader::new(Cursor::new(bytes));
            check_columns(&name, reader.schema().map_err(bad)?.len(), limits)?;
            reader.finish().map_err(bad)?
        }
        Table::Json => parse_json(&name, &bytes, 1, None, false, limits)?,
        Table::Ndjson => parse_json(&name, &bytes, 1, None, true, limits)?,
    };
    check_columns(&name, df.width(), limits)?;
    check_unique_columns(&name, &df)?;
    Ok((
        Dataset {
            source: source.clone(),
            format,
            df,
        },
        truncated,
    ))
}

/// Parses NDJSON records that start on line `first_line` (a batch of the streaming reader),
/// with the structure `schema` merged over the whole file, or inferred from these records.
pub(crate) fn parse_ndjson(
    name: &str,
    bytes: &[u8],
    first_line: usize,
    schema: Option<SchemaRef>,
    limits: &Limits,
) -> Result<DataFrame> {
    parse_json(name, bytes, first_line, schema, true, limits)
}

fn parse_json(
    name: &str,
    bytes: &[u8],
    first_line: usize,
    schema: Option<SchemaRef>,
    lines: bool,
    limits: &Limits,
) -> Result<DataFrame> {
    let (jf, what) = if lines {
        (JsonFormat::JsonLines, "NDJSON")
    } else {
        (JsonFormat::Json, "JSON array of records")
    };
    let at = |line: usize| line + first_line - 1;
    match json_hazard(bytes, limits.depth) {
        Some(JsonHazard::TooDeep { line }) => {
            return Err(Error::input(format!(
                "{name}:{}: not a readable {what}: nested deeper than {} levels, the limit (raise it with --max-depth)",
                at(line),
                limits.depth
            )));
        }
        Some(JsonHazard::WideInteger { line, col }) => {
            return Err(Error::input(format!(
                "{name}:{}:{col}: not a readable {what}: an integer beyond 64 bits (quote it to read it as text)",
                at(line)
            )));
        }
        None => {}
    }
    if lines && let Some((line, len)) = longest_line(bytes, limits.field_bytes) {
        return Err(Error::input(format!(
            "{name}:{}: a record of {} bytes, longer than the limit of {} (raise it with --max-field-size)",
            at(line),
            len,
            human_bytes(limits.field_bytes)
        )));
    }
    if let Some((line, col, why)) = json_syntax_error(bytes, lines) {
        return Err(Error::input(format!(
            "{name}:{}:{col}: not a readable {what}: {why}",
            at(line)
        )));
    }
    // The structure comes from every record, not the first hundred: a key that first
    // appears late is kept, and a key whose values change type becomes text.
    let mut reader = JsonReader::new(Cursor::new(bytes))
        .with_json_format(jf)
        .infer_schema_len(None);
    if let Some(s) = schema {
        reader = reader.with_schema(s);
    }
    reader.finish().map_err(|_| {
        // polars' text for a record that does not fit quotes the value: not shown.
        Error::input(format!(
            "{name}: not a readable {what}: its records do not fit one table (values of a key of different, incompatible types)"
        ))
    })
}

/// Reads a whole input from `raw` (a JSON array: the one format read in one piece).
pub(crate) fn parse_whole(
    source: &Source,
    format: Format,
    raw: impl Read + Send,
    limits: &Limits,
) -> Result<DataFrame> {
    let mut bytes = Vec::new();
    Decompressed::new(&source.display(), format.compression, raw)?.read_to_end(&mut bytes)?;
    parse(source, format, usize::MAX, bytes, limits).map(|(ds, _)| ds.df)
}

/// The default deepest nesting of arrays and objects masq reads in JSON and NDJSON. Records of
/// a table are shallow; a deeper file is refused before any parser sees it (1,000 nested arrays
/// cost polars 13 GB, and 10,000 overflowed the stack).
pub const MAX_JSON_DEPTH: usize = 64;

/// The first line (1-based) longer than `limit` bytes, and its length.
fn longest_line(bytes: &[u8], limit: usize) -> Option<(usize, usize)> {
    if bytes.len() <= limit {
        return None;
    }
    let mut start = 0;
    for (line, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        if end - start > limit {
            return Some((line + 1, end - start));
        }
        start = end + 1;
    }
    None
}

/// What a JSON text holds that no parser should be handed.
#[derive(Debug, PartialEq)]
enum JsonHazard {
    /// Nesting deeper than the limit, from this line on: 1,000 nested arrays cost polars
    /// 13 GB, and 10,000 overflowed the stack.
    TooDeep { line: usize },
    /// An integer literal (not a fraction or exponent) that does not fit 64 bits, starting at
    /// this line and column: polars types 20 to 38 digits as a 128-bit integer it then cannot
    /// hold, and panics (found by fuzzing).
    WideInteger { line: usize, col: usize },
}

/// The first hazard of `bytes`, in one pass that skips strings, without allocating.
fn json_hazard(bytes: &[u8], depth_limit: usize) -> Option<JsonHazard> {
    let (mut depth, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > depth_limit {
                    return Some(JsonHazard::TooDeep { line });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'0'..=b'9' => {
                let start = i;
                let mut j = i + usize::from(b == b'-');
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let float = matches!(bytes.get(j), Some(b'.' | b'e' | b'E'));
                let fits = std::str::from_utf8(&bytes[start..j])
                    .ok()
                    .is_none_or(|d| d == "-" || d.parse::<i64>().is_ok());
                if !float && !fits {
                    return Some(JsonHazard::WideInteger {
                        line,
                        col: start - line_start + 1,
                    });
                }
                // The rest of the number (fraction, exponent) is one token.
                while j < bytes.len()
                    && matches!(bytes[j], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    j += 1;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The first JSON syntax error, as (line, column, what), without quoting the input.
fn json_syntax_error(bytes: &[u8], lines: bool) -> Option<(usize, usize, &'static str)> {
    use serde::de::IgnoredAny;
    let why = |e: &serde_json::Error| match e.classify() {
        serde_json::error::Category::Eof => "unexpected end of input",
        serde_json::error::Category::Syntax => "invalid JSON syntax",
        serde_json::error::Category::Data => "unexpected JSON structure",
        serde_json::error::Category::Io => "cannot read",
    };
    if lines {
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if let Err(e) = serde_json::from_slice::<IgnoredAny>(line) {
                return Some((i + 1, e.column(), why(&e)));
            }
        }
        None
    } else {
        serde_json::from_slice::<IgnoredAny>(bytes)
            .err()
            .map(|e| (e.line(), e.column(), why(&e)))
    }
}

/// Refuses, with what to do about it, the two text files that otherwise fail as ragged rows:
/// UTF-16 (a byte-order mark, or a NUL byte in every other position) and lines that end with a
/// lone carriage return (old Mac line endings).
pub(crate) fn text_encoding_check(name: &str, bytes: &[u8]) -> Result<()> {
    let head = &bytes[..bytes.len().min(batches::ENCODING_HEAD)];
    let nul_every_other = head.len() >= 4
        && (head.iter().skip(1).step_by(2).all(|b| *b == 0)
            || head.iter().step_by(2).all(|b| *b == 0));
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || nul_every_other {
        return Err(Error::input(format!(
            "{name}: is UTF-16 text; masq reads UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)"
        )));
    }
    if !head.contains(&b'\n') && head.contains(&b'\r') {
        return Err(Error::input(format!(
            "{name}: lines end with a lone carriage return (old Mac line endings); masq reads \\n or \\r\\n line ends (convert it, e.g. tr '\\r' '\\n')"
        )));
    }
    Ok(())
}

fn read_delimited(
    name: &str,
    mut bytes: Vec<u8>,
    format: Format,
    max_rows: usize,
    limits: &Limits,
) -> Result<(DataFrame, bool)> {
    if bytes.starts_with(&BOM) {
        bytes.drain(..3);
    }
    text_encoding_check(name, &bytes)?;
    let sep = format.separator();
    let (header, end) = csv_check::validate_head(name, &bytes, sep, max_rows, limits)?;
    let truncated = bytes[end..].iter().any(|b| !b.is_ascii_whitespace());
    bytes.truncate(end);
    let n_cols = header.len();
    // Every column is read as text: masq must not reformat columns it leaves alone.
    let schema: Schema = header
        .iter()
        .map(|h| Field::new(h.as_str().into(), DataType::String))
        .collect();
    if looks_compressed(&bytes) {
        // A blank line before the header, which polars skips, hides the look-alike magic.
        bytes.insert(0, b'\n');
    }
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .with_raise_if_empty(false)
        .map_parse_options(|p| p.with_separator(sep).with_missing_is_null(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::input(format!("{name}: cannot parse: {}", scrub_polars(&e))))?;
    debug_assert_eq!(df.width(), n_cols);
    Ok((df, truncated))
}

/// The UTF-8 byte-order mark.
pub(crate) const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// Whether polars would take `bytes` for a compressed file by their first four bytes (gzip,
/// zlib, zstd magic) and refuse them: a CSV that starts with `x^` (zlib's `78 5E`) was
/// "compressed" (found by fuzzing).
pub(crate) fn looks_compressed(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0x1f, 0x8b, _, _, ..]
            | [0x78, 0x01 | 0x5e | 0x9c | 0xda, _, _, ..]
            | [0x28, 0xb5, 0x2f, 0xfd, ..]
    )
}

pub(crate) fn check_unique_columns(name: &str, df: &DataFrame) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for (i, c) in df.get_column_names().iter().enumerate() {
        if let Some(first) = seen.insert(c.as_str().to_string(), i) {
            return Err(Error::input(format!(
                "{name}: duplicate column name '{}' (columns {} and {})",
                crate::text::one_line(c),
                first + 1,
                i + 1
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(table: Table, compression: Compression) -> Format {
        Format { table, compression }
    }

    #[test]
    fn formats_from_names_and_paths() {
        use Compression::{Gzip, Zstd};
        assert_eq!(Format::parse("csv.gz"), Some(f(Table::Csv, Gzip)));
        assert_eq!(Format::parse("JSONL.zst"), Some(f(Table::Ndjson, Zstd)));
        assert_eq!(Format::parse("tsv"), Some(Format::Tsv));
        assert_eq!(Format::parse("parquet.gz"), None);
        assert_eq!(Format::parse("gz"), None);
        assert_eq!(Format::parse("csv.bz2"), None);
        let p = |s: &str| Format::from_path(Path::new(s));
        assert_eq!(p("out/a.csv.gz"), Some(f(Table::Csv, Gzip)));
        assert_eq!(p("a.b.ndjson.zst"), Some(f(Table::Ndjson, Zstd)));
        assert_eq!(p("a.json.gz"), Some(f(Table::Json, Gzip)));
        assert_eq!(p("a.csv"), Some(Format::Csv));
        assert_eq!(p("a.parquet.gz"), None);
        assert_eq!(p("dump.gz"), None);
        assert_eq!(p(".csv.gz"), None);
        assert_eq!(p(".csv"), None);
        for fmt in [f(Table::Tsv, Zstd), Format::Parquet, f(Table::Json, Gzip)] {
            assert_eq!(Format::parse(fmt.as_str()), Some(fmt));
        }
        assert_eq!(f(Table::Csv, Gzip).to_string(), "csv.gz");
    }

    #[test]
    fn forced_format_takes_compression_from_the_extension() {
        let src = Source::Path("dump.gz".into());
        assert_eq!(
            resolve_format(&src, Some(Format::Csv)).unwrap(),
            f(Table::Csv, Compression::Gzip)
        );
        let src = Source::Path("a.csv".into());
        let forced = f(Table::Csv, Compression::Zstd);
        assert_eq!(resolve_format(&src, Some(forced)).unwrap(), forced);
    }

    #[test]
    fn output_names_swap_format_extensions() {
        let n = |fmt: &str, p: &str| {
            Format::parse(fmt)
                .unwrap()
                .file_name_for(Path::new(p))
                .display()
                .to_string()
        };
        assert_eq!(n("parquet", "o/a.csv.gz"), "o/a.parquet");
        assert_eq!(n("csv.zst", "o/a.csv"), "o/a.csv.zst");
        assert_eq!(n("csv", "o/a.b.tsv.zst"), "o/a.b.csv");
        assert_eq!(n("csv.gz", "o/data"), "o/data.csv.gz");
    }

    #[test]
    fn the_report_names_the_table_format_only() {
        let fmt = f(Table::Ndjson, Compression::Gzip);
        assert_eq!(serde_json::to_string(&fmt).unwrap(), "\"ndjson\"");
        let back: Format = serde_json::from_str("\"csv\"").unwrap();
        assert_eq!(back, Format::Csv);
    }
}
