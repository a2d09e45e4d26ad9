//! Atomic output: data is written to a temporary file in the destination folder and only
//! renamed into place by [`Pending::commit`], which the pipeline calls after verification
//! passed. Dropping a [`Pending`] (an error, a failed gate, a panic) deletes the temporary
//! file, so nothing partial ever appears at the destination.

use super::{Format, Table, interrupt, io_reason};
use crate::error::{Error, Result, scrub_polars};
use polars::prelude::*;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    Stdout,
    Path(PathBuf),
    /// A reader in this process (a database load, [`super::pg_load`]).
    Pipe(Pipe),
}

impl Dest {
    pub fn display(&self) -> String {
        match self {
            Dest::Stdout => "<stdout>".into(),
            Dest::Path(p) => p.display().to_string(),
            Dest::Pipe(p) => p.name.clone(),
        }
    }
}

/// An output whose bytes go, as they are made, to a writer this process reads on — a database
/// load inside a transaction ([`super::pg_load`]) — rather than to a temporary file. The writer
/// is closed when the output is finished; committing does nothing here: the reader keeps the
/// bytes only when told the run's verdict was `written`. A pipe is written once.
#[derive(Clone)]
pub struct Pipe {
    name: String,
    writer: Arc<std::sync::Mutex<Option<Box<dyn Write + Send>>>>,
}

impl Pipe {
    /// A pipe shown as `name` (no password, no value) that writes into `writer`.
    pub fn new(name: impl Into<String>, writer: Box<dyn Write + Send>) -> Pipe {
        Pipe {
            name: name.into(),
            writer: Arc::new(std::sync::Mutex::new(Some(writer))),
        }
    }

    /// Closes the pipe unless an output took its writer: the reader sees no bytes at all.
    pub fn close(&self) {
        self.writer.lock().expect("pipe").take();
    }

    /// Takes the writer (once), to write the output into.
    pub fn writer(&self) -> Result<Box<dyn Write + Send>> {
        self.writer
            .lock()
            .expect("pipe")
            .take()
            .ok_or_else(|| Error::output(format!("{}: written twice", self.name)))
    }
}

impl std::fmt::Debug for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pipe({})", self.name)
    }
}

impl PartialEq for Pipe {
    fn eq(&self, other: &Pipe) -> bool {
        Arc::ptr_eq(&self.writer, &other.writer)
    }
}

impl Eq for Pipe {}

/// Fails early (before any work) if `dest` exists and `force` is off, or its folder is missing.
pub fn check_destination(dest: &Dest, force: bool) -> Result<()> {
    let Dest::Path(p) = dest else { return Ok(()) };
    if p.is_dir() {
        return Err(Error::output(format!(
            "{}: is a directory; give a file path",
            p.display()
        )));
    }
    if p.exists() && !force {
        return Err(Error::output(format!(
            "{}: already exists (use --force to replace it)",
            p.display()
        )));
    }
    let dir = parent_dir(p);
    if !dir.is_dir() {
        return Err(Error::output(format!(
            "{}: output folder {} does not exist",
            p.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Where a path points, links resolved; for a file that does not exist yet, its resolved folder
/// joined with its name.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let dir = parent_dir(p).canonicalize().ok()?;
    Some(dir.join(p.file_name()?))
}

/// Checks every destination of a command (`-o`, `--report`, `--report-html`, `--plan`, each as
/// `(flag, path)`) before any work, with or without `--force`: each must be a regular file (or
/// not exist yet), none may be another destination, and none may be a file the command reads
/// (`protected`: inputs, the key file, the policy). Errors name both flags, never contents.
pub fn check_destinations(dests: &[(&str, &Path)], protected: &[(&str, &Path)]) -> Result<()> {
    let mut seen: Vec<(&str, PathBuf)> = Vec::new();
    let protected: Vec<(&str, PathBuf)> = protected
        .iter()
        .filter_map(|(role, p)| resolved(p).map(|r| (*role, r)))
        .collect();
    for (flag, p) in dests {
        if let Ok(meta) = std::fs::metadata(p)
            && !meta.is_file()
            && !meta.is_dir()
        {
            return Err(Error::output(format!(
                "{}: {flag} is not a regular file (a device, pipe or socket); masq writes only regular files",
                p.display()
            )));
        }
        let Some(r) = resolved(p) else { continue };
        if let Some((role, _)) = protected.iter().find(|(_, q)| *q == r) {
            return Err(Error::output(format!(
                "{}: {flag} would write over the {role}; masq never modifies a file it reads, --force or not",
                p.display()
            )));
        }
        if let Some((other, _)) = seen.iter().find(|(_, q)| *q == r) {
            return Err(Error::config(format!(
                "{}: {flag} and {other} name the same file",
                p.display()
            )));
        }
        seen.push((flag, r));
    }
    Ok(())
}

fn parent_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Serialises `df` in `format` into any writer, through the format's compressor if it has one.
pub fn write_to<W: Write>(df: &mut DataFrame, format: Format, w: W) -> PolarsResult<()> {
    format
        .compression
        .encode(w, |w| write_table(df, format.table, w))
}

/// Serialises `df` as `table`, uncompressed.
fn write_table<W: Write>(df: &mut DataFrame, table: Table, w: W) -> PolarsResult<()> {
    match table {
        Table::Csv | Table::Tsv => {
            let sep = if table == Table::Tsv { b'\t' } else { b',' };
            CsvWriter::new(w)
                .include_header(true)
                .with_separator(sep)
                .finish(df)
        }
        Table::Parquet => ParquetWriter::new(w).finish(df).map(|_| ()),
        Table::Json => JsonWriter::new(w)
            .with_json_format(JsonFormat::Json)
            .finish(df),
        Table::Ndjson => JsonWriter::new(w)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df),
    }
}

/// Output written to a temporary file, waiting for [`Pending::commit`].
pub struct Pending {
    inner: PendingInner,
    dest: Dest,
}

enum PendingInner {
    File(Temp),
    Buffer(Vec<u8>),
    /// Written into a [`Pipe`] already, and closed.
    Piped,
}

/// A temporary file listed in the interrupt registry ([`interrupt`]), so a SIGINT or SIGTERM
/// deletes it. Fields drop in order: the file is deleted, then unlisted.
struct Temp {
    file: tempfile::NamedTempFile,
    reg: interrupt::Registration,
}

impl std::ops::Deref for Temp {
    type Target = tempfile::NamedTempFile;
    fn deref(&self) -> &tempfile::NamedTempFile {
        &self.file
    }
}

impl Pending {
    pub fn dest(&self) -> &Dest {
        &self.dest
    }

    /// Puts the output in place: renames the temporary file onto the destination (refusing to
    /// replace an existing file unless `force`), or writes the buffer to stdout. A closed stdout
    /// (broken pipe) is not an error.
    pub fn commit(self, force: bool) -> Result<()> {
        match (self.inner, &self.dest) {
            (PendingInner::File(Temp { file, reg }), Dest::Path(p)) => {
                // Renamed with the registry locked, so an interruption is before or after it.
                let res = reg.commit(|| {
                    let res = if force {
                        file.persist(p).map(|_| ())
                    } else {
                        file.persist_noclobber(p).map(|_| ())
                    };
                    res.map_err(|e| e.error) // drops (deletes) the temporary file
                });
                res.map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        Error::output(format!(
                            "{}: already exists (use --force to replace it)",
                            p.display()
                        ))
                    } else {
                        Error::output(format!("{}: cannot write: {}", p.display(), io_reason(&e)))
                    }
                })
            }
            (PendingInner::Buffer(buf), _) => {
                let mut out = std::io::stdout().lock();
                match out.write_all(&buf).and_then(|_| out.flush()) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Error::output(format!("<stdout>: cannot write: {e}"))),
                }
            }
            (PendingInner::Piped, _) => Ok(()),
            (PendingInner::File(_), _) => unreachable!("only a path has a temporary file"),
        }
    }
}

/// Writes `df` to a temporary file next to `dest` (or a buffer for stdout).
pub fn prepare(df: &mut DataFrame, dest: &Dest, format: Format) -> Result<Pending> {
    let name = dest.display();
    let fail = |e: PolarsError| {
        Error::output(format!(
            "{name}: cannot write {}: {}",
            format.as_str(),
            scrub_polars(&e)
        ))
    };
    match dest {
        Dest::Stdout => {
            let mut buf = Vec::new();
            write_to(df, format, &mut buf).map_err(fail)?;
            Ok(Pending {
                inner: PendingInner::Buffer(buf),
                dest: dest.clone(),
            })
        }
        Dest::Pipe(pipe) => {
            let mut w = BufWriter::with_capacity(1 << 20, pipe.writer()?);
            write_to(df, format, &mut w).map_err(fail)?;
            w.flush().map_err(|e| Error::write(&name, "write", e))?;
            Ok(Pending {
                inner: PendingInner::Piped,
                dest: dest.clone(),
            })
        }
        Dest::Path(p) => {
            let tmp = temp_beside(p)?;
            {
                let mut w = BufWriter::new(tmp.as_file());
                write_to(df, format, &mut w).map_err(fail)?;
                w.flush().map_err(|e| Error::write(&name, "write", e))?;
            }
            tmp.as_file()
                .sync_all()
                .map_err(|e| Error::write(&name, "write", e))?;
            Ok(Pending {
                inner: PendingInner::File(tmp),
                dest: dest.clone(),
            })
        }
    }
}

/// An output written batch by batch into its temporary file (the streaming engine's writer);
/// [`Streamed::finish`] closes it into a [`Pending`], committed only after the gate passed.
/// Dropping it deletes the temporary file.
pub struct Streamed {
    dest: Dest,
    format: Format,
    temp: Option<Temp>,
    sink: Arc<std::sync::Mutex<Sink>>,
    parquet: Option<polars::io::parquet::write::BatchedWriter<SinkHandle>>,
    /// JSON arrays are written whole at the end.
    held: Option<DataFrame>,
    batches: usize,
}

enum Sink {
    Plain(Target),
    Gzip(flate2::write::GzEncoder<Target>),
    Zstd(zstd::Encoder<'static, Target>),
    Done,
}

/// Where the (compressed) bytes go: the temporary file, memory for stdout, or a pipe.
enum Target {
    File(BufWriter<std::fs::File>),
    Buffer(Vec<u8>),
    Pipe(BufWriter<Box<dyn Write + Send>>),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::File(w) => w.write(buf),
            Target::Buffer(w) => w.write(buf),
            Target::Pipe(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::File(w) => w.flush(),
            Target::Buffer(w) => w.flush(),
            Target::Pipe(w) => w.flush(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
            Sink::Zstd(w) => w.write(buf),
            Sink::Done => Err(std::io::Error::other("output already closed")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
            Sink::Zstd(w) => w.flush(),
            Sink::Done => Ok(()),
        }
    }
}

/// A handle on the shared sink that polars' writers can own.
#[derive(Clone)]
struct SinkHandle(Arc<std::sync::Mutex<Sink>>);

impl Write for SinkHandle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("sink").write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.lock().expect("sink").write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().expect("sink").flush()
    }
}

impl Streamed {
    /// Opens the temporary file beside `dest` (a buffer for stdout).
    pub fn create(dest: &Dest, format: Format) -> Result<Streamed> {
        let name = dest.display();
        let (temp, w) = match dest {
            Dest::Stdout => (None, Target::Buffer(Vec::new())),
            Dest::Pipe(pipe) => (
                None,
                Target::Pipe(BufWriter::with_capacity(1 << 20, pipe.writer()?)),
            ),
            Dest::Path(p) => {
                let tmp = temp_beside(p)?;
                let f = tmp
                    .as_file()
                    .try_clone()
                    .map_err(|e| Error::write(&name, "write", e))?;
                (
                    Some(tmp),
                    Target::File(BufWriter::with_capacity(1 << 20, f)),
                )
            }
        };
        // As the gzip and zstd tools do by default: level 6, level 3 with a content checksum.
        let sink = match format.compression {
            super::Compression::None => Sink::Plain(w),
            super::Compression::Gzip => Sink::Gzip(flate2::write::GzEncoder::new(
                w,
                flate2::Compression::default(),
            )),
            super::Compression::Zstd => {
                let mut e =
                    zstd::Encoder::new(w, 0).map_err(|e| Error::write(&name, "write", e))?;
                e.include_checksum(true)
                    .map_err(|e| Error::write(&name, "write", e))?;
                Sink::Zstd(e)
            }
        };
        Ok(Streamed {
            dest: dest.clone(),
            format,
            temp,
            sink: Arc::new(std::sync::Mutex::new(sink)),
            parquet: None,
            held: None,
            batches: 0,
        })
    }

    fn fail(&self, e: PolarsError) -> Error {
        Error::output(format!(
            "{}: cannot write {}: {}",
            self.dest.display(),
            self.format.as_str(),
            scrub_polars(&e)
        ))
    }

    /// Appends one batch of rows (the first one also writes the header, if the format has one).
    pub fn write(&mut self, df: &mut DataFrame) -> Result<()> {
        df.rechunk_mut_par();
        let first = self.batches == 0;
        self.batches += 1;
        let handle = SinkHandle(self.sink.clone());
        let r = match self.format.table {
            Table::Csv | Table::Tsv => CsvWriter::new(handle)
                .include_header(first)
                .with_separator(self.format.separator())
                .finish(df),
            Table::Ndjson => JsonWriter::new(handle)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df),
            Table::Parquet => {
                if self.parquet.is_none() {
                    let w = ParquetWriter::new(handle)
                        .batched(df.schema())
                        .map_err(|e| self.fail(e))?;
                    self.parquet = Some(w);
                }
                self.parquet.as_mut().expect("set").write_batch(df)
            }
            Table::Json => match self.held.as_mut() {
                None => {
                    self.held = Some(df.clone());
                    Ok(())
                }
                Some(h) => h.vstack_mut(df).map(|_| ()),
            },
        };
        r.map_err(|e| self.fail(e))
    }

    /// Closes the output (finishing its compression) into a [`Pending`] to commit.
    pub fn finish(mut self) -> Result<Pending> {
        let name = self.dest.display();
        if let Some(w) = self.parquet.take() {
            w.finish().map_err(|e| self.fail(e))?;
        }
        if let Some(mut df) = self.held.take() {
            let handle = SinkHandle(self.sink.clone());
            write_table(&mut df, Table::Json, handle).map_err(|e| self.fail(e))?;
        }
        let sink = std::mem::replace(&mut *self.sink.lock().expect("sink"), Sink::Done);
        let werr = |e| Error::write(&name, "write", e);
        let target = match sink {
            Sink::Plain(w) => w,
            Sink::Gzip(e) => e.finish().map_err(werr)?,
            Sink::Zstd(e) => e.finish().map_err(werr)?,
            Sink::Done => unreachable!("finished once"),
        };
        let file = match target {
            Target::Buffer(buf) => {
                return Ok(Pending {
                    inner: PendingInner::Buffer(buf),
                    dest: self.dest.clone(),
                });
            }
            Target::Pipe(mut w) => {
                // Flushed, then dropped: the reader sees the end of the output.
                w.flush().map_err(werr)?;
                return Ok(Pending {
                    inner: PendingInner::Piped,
                    dest: self.dest.clone(),
                });
            }
            Target::File(w) => w,
        };
        let file = file.into_inner().map_err(|e| werr(e.into_error()))?;
        file.sync_all().map_err(werr)?;
        let temp = self
            .temp
            .take()
            .expect("a file destination has a temporary file");
        Ok(Pending {
            inner: PendingInner::File(temp),
            dest: self.dest.clone(),
        })
    }
}

/// Writes bytes (a report) atomically: temporary file, then rename.
pub fn write_bytes_atomic(dest: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let tmp = temp_beside(dest)?;
    let name = dest.display();
    tmp.as_file()
        .write_all(bytes)
        .map_err(|e| Error::write(&name, "write", e))?;
    Pending {
        inner: PendingInner::File(tmp),
        dest: Dest::Path(dest.to_path_buf()),
    }
    .commit(force)
}

/// Creates `.masq-XXXXXX.partial` beside `p`, listed in the interrupt registry.
fn temp_beside(p: &Path) -> Result<Temp> {
    let dir = parent_dir(p);
    let make = || {
        let f = tempfile::Builder::new()
            .prefix(interrupt::PREFIX)
            .suffix(interrupt::SUFFIX)
            .rand_bytes(interrupt::RAND_LEN)
            .tempfile_in(&dir)?;
        // Held until this process ends (however it ends), so a later run can tell a live run's
        // temporary file from one left behind (interrupt::sweep_stale). A filesystem without
        // locks is not an error: the sweep then goes by age.
        let _ = f.as_file().try_lock();
        Ok(f)
    };
    interrupt::create(&dir, make, |f| f.path())
        .map(|(file, reg)| Temp { file, reg })
        .map_err(|e| {
            Error::output(format!(
                "{}: cannot write into {}: {}",
                p.display(),
                dir.display(),
                io_reason(&e)
            ))
        })
}
