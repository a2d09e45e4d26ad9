//! A new PostgreSQL schema loaded in one transaction while its rows are still being made.
//!
//! [`Loader::start`] connects, begins a transaction, refuses an existing schema and creates
//! the new one; then a thread of its own loads each table with `COPY … FROM STDIN` from the
//! bytes written into the table's [`Pipe`] — CSV with a header, the pipeline's output — as
//! they come, so the load runs beside the transform instead of after it. The table is created
//! when its header arrives, with the source's types for the columns the header names (a
//! column the policy dropped is not created). Keys, checks, foreign keys (re-pointed into the
//! new schema) and indexes are built after the rows, and the transaction committed, only by
//! [`Loader::commit`], which the run calls once its gate passed. [`Loader::abandon`], any
//! error, a dropped loader or a killed process end the transaction without a commit: the
//! schema never becomes visible.

use super::postgres::{PgUrl, TableDef, ident, qualified};
use super::write::Pipe;
use crate::error::{Error, Result};
use postgres::Client;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// What the loader does once every table's rows are in.
enum Finish {
    /// Keys, checks, foreign keys, indexes, then COMMIT. Holds, per table, the columns the
    /// policy dropped (for a table whose output had no header at all).
    Commit(Vec<Vec<String>>),
    Rollback,
}

/// How the loader thread ended when it did not commit.
enum Failed {
    /// While rows were still coming: the run's own write error is only its echo.
    WhileFed(Error),
    /// After the rows, or before any.
    Later(Error),
}

/// The load of one new schema, running on its own thread. See the module documentation.
pub struct Loader {
    pipes: Vec<Pipe>,
    control: Option<SyncSender<Finish>>,
    thread: Option<JoinHandle<std::result::Result<(), Failed>>>,
}

/// Bytes of a pipe, in the chunks the output's buffer hands over.
struct ChannelWriter(SyncSender<Vec<u8>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.send(buf.to_vec()).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the database load stopped")
        })?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Loader {
    /// Connects to `url`, begins the transaction and creates `schema` in it (an existing schema
    /// is refused, before any work), then waits on its thread for the rows of `tables`, one
    /// [`Pipe`] each, in order.
    pub fn start(url: &PgUrl, schema: &str, tables: Vec<TableDef>) -> Result<Loader> {
        let mut c = url.connect()?;
        let fail = |what: &str, e: postgres::Error| {
            Error::output(format!(
                "{}: {what}: {}; nothing was written",
                url.display(),
                url.reason(&e)
            ))
        };
        c.batch_execute("BEGIN")
            .map_err(|e| fail("cannot begin", e))?;
        let exists: bool = c
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
                &[&schema],
            )
            .map_err(|e| fail("cannot read the catalog", e))?
            .get(0);
        if exists {
            return Err(Error::config(format!(
                "{}: schema {schema} exists; masq writes a new schema (drop it or choose another)",
                url.display()
            )));
        }
        c.batch_execute(&format!("CREATE SCHEMA {}", ident(schema)))
            .map_err(|e| fail("cannot create the schema", e))?;

        let mut pipes = Vec::new();
        let mut feeds = Vec::new();
        for t in &tables {
            // A few chunks of about 1 MiB in flight: the transform waits when the server is
            // slower, and memory stays bounded.
            let (tx, rx) = sync_channel::<Vec<u8>>(4);
            pipes.push(Pipe::new(
                format!("{} ({schema}.{})", url.display(), t.name),
                Box::new(ChannelWriter(tx)),
            ));
            feeds.push(rx);
        }
        let (control, finish) = sync_channel::<Finish>(1);
        let job = Job {
            url: url.clone(),
            schema: schema.to_string(),
            tables,
        };
        let thread = std::thread::Builder::new()
            .name("masq-pg-load".into())
            .spawn(move || job.run(c, feeds, finish))
            .map_err(|e| Error::output(format!("cannot start the load thread: {e}")))?;
        Ok(Loader {
            pipes,
            control: Some(control),
            thread: Some(thread),
        })
    }

    /// The tables' pipes, in the order of `tables`: outputs to write each table's CSV into.
    pub fn pipes(&self) -> Vec<Pipe> {
        self.pipes.clone()
    }

    /// Builds keys, checks, foreign keys and indexes and commits: the schema becomes visible.
    /// `dropped` names, per table, the columns the policy dropped. An error rolls back.
    pub fn commit(mut self, dropped: Vec<Vec<String>>) -> Result<()> {
        match self.end(Finish::Commit(dropped)) {
            Ok(()) => Ok(()),
            Err(Failed::WhileFed(e) | Failed::Later(e)) => Err(e),
        }
    }

    /// Ends the transaction without a commit. Returns the loader's own error when it failed
    /// while rows were still coming (the run's write error is then only its echo).
    pub fn abandon(mut self) -> Option<Error> {
        match self.end(Finish::Rollback) {
            Err(Failed::WhileFed(e)) => Some(e),
            _ => None,
        }
    }

    fn end(&mut self, how: Finish) -> std::result::Result<(), Failed> {
        // Tables the run never reached get no rows: their pipes end here.
        for p in &self.pipes {
            p.close();
        }
        if let Some(c) = self.control.take() {
            let _ = c.send(how); // a loader that stopped already says why below
        }
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| {
                Err(Failed::Later(Error::output(
                    "the PostgreSQL load thread panicked; nothing was written",
                )))
            }),
            None => Ok(()),
        }
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        let _ = self.end(Finish::Rollback);
    }
}

/// What the loader thread owns.
struct Job {
    url: PgUrl,
    schema: String,
    tables: Vec<TableDef>,
}

impl Job {
    fn fail(&self, what: &str, e: postgres::Error) -> Error {
        Error::output(format!(
            "{}: {what}: {}; nothing was written (rolled back)",
            self.url.display(),
            self.url.reason(&e)
        ))
    }

    fn target(&self, t: &TableDef) -> String {
        format!("{}.{}", ident(&self.schema), ident(&t.name))
    }

    fn run(
        self,
        mut c: Client,
        feeds: Vec<Receiver<Vec<u8>>>,
        finish: Receiver<Finish>,
    ) -> std::result::Result<(), Failed> {
        let mut created = vec![false; self.tables.len()];
        for (i, rx) in feeds.into_iter().enumerate() {
            created[i] = self.load(&mut c, i, rx).map_err(Failed::WhileFed)?;
        }
        match finish.recv() {
            Ok(Finish::Commit(dropped)) => self.finish(&mut c, &created, &dropped),
            // Dropping the client closes the connection: the server rolls back.
            Ok(Finish::Rollback) | Err(_) => Ok(()),
        }
        .map_err(Failed::Later)
    }

    /// Loads table `i` from its pipe; whether the table was created (its output had a header).
    fn load(&self, c: &mut Client, i: usize, rx: Receiver<Vec<u8>>) -> Result<bool> {
        let t = &self.tables[i];
        let mut chunks = rx.into_iter();
        let mut head = Vec::new();
        let end = loop {
            if let Some(end) = header_end(&head) {
                break end;
            }
            match chunks.next() {
                Some(chunk) => head.extend_from_slice(&chunk),
                None if head.is_empty() => return Ok(false),
                None => {
                    return Err(Error::output(format!(
                        "{}: the output of {} ended inside its header; nothing was written",
                        self.url.display(),
                        t.name
                    )));
                }
            }
        };
        let names = header_names(&head[..end]);
        if let Some(n) = names
            .iter()
            .find(|n| !t.columns.iter().any(|(c, _, _)| c == *n))
        {
            return Err(Error::output(format!(
                "{}: output column '{n}' is not a column of {}.{}; nothing was written",
                self.url.display(),
                t.schema,
                t.name
            )));
        }
        self.create(c, t, |n| names.iter().any(|h| h == n))?;
        let quoted: Vec<String> = names.iter().map(|n| ident(n)).collect();
        let sql = format!(
            "COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)",
            self.target(t),
            quoted.join(", ")
        );
        let mut w = c
            .copy_in(sql.as_str())
            .map_err(|e| self.fail(&format!("cannot load {}", t.name), e))?;
        let stopped = |e: std::io::Error| {
            Error::output(format!(
                "{}: loading {} stopped: {}; nothing was written (rolled back)",
                self.url.display(),
                t.name,
                crate::io::io_reason(&e)
            ))
        };
        w.write_all(&head).map_err(stopped)?;
        for chunk in chunks {
            w.write_all(&chunk).map_err(stopped)?;
        }
        w.finish()
            .map_err(|e| self.fail(&format!("cannot load {}", t.name), e))?;
        Ok(true)
    }

    /// `CREATE TABLE` with the source's types and NOT NULL, for the columns `keep` names.
    fn create(&self, c: &mut Client, t: &TableDef, keep: impl Fn(&str) -> bool) -> Result<()> {
        let cols: Vec<String> = t
            .columns
            .iter()
            .filter(|(n, _, _)| keep(n))
            .map(|(n, ty, nn)| format!("{} {ty}{}", ident(n), if *nn { " NOT NULL" } else { "" }))
            .collect();
        c.batch_execute(&format!(
            "CREATE TABLE {} ({})",
            self.target(t),
            cols.join(", ")
        ))
        .map_err(|e| self.fail(&format!("cannot create {}", t.name), e))
    }

    /// Tables that got no rows, then keys (foreign keys need them), checks, foreign keys,
    /// indexes; then COMMIT.
    fn finish(&self, c: &mut Client, created: &[bool], dropped: &[Vec<String>]) -> Result<()> {
        for (i, t) in self.tables.iter().enumerate() {
            if !created[i] {
                let gone = dropped.get(i).map(Vec::as_slice).unwrap_or_default();
                self.create(c, t, |n| !gone.iter().any(|d| d == n))?;
            }
        }
        let repoint = |def: &str, from: &str| {
            def.replace(
                &format!("REFERENCES {}.", qualified(from)),
                &format!("REFERENCES {}.", ident(&self.schema)),
            )
        };
        for kinds in [['p', 'u'], ['c', 'c'], ['f', 'f']] {
            for t in &self.tables {
                for (name, kind, def) in &t.constraints {
                    if kinds.contains(kind) {
                        let def = repoint(def, &t.schema);
                        c.batch_execute(&format!(
                            "ALTER TABLE {} ADD CONSTRAINT {} {def}",
                            self.target(t),
                            ident(name)
                        ))
                        .map_err(|e| {
                            self.fail(&format!("cannot add constraint {name} to {}", t.name), e)
                        })?;
                    }
                }
            }
        }
        for t in &self.tables {
            for def in &t.indexes {
                // A partitioned table's index reads `ON ONLY src.t`; the copy is a plain table.
                let def = def
                    .replace(
                        &format!(" ON ONLY {}.", qualified(&t.schema)),
                        &format!(" ON {}.", ident(&self.schema)),
                    )
                    .replace(
                        &format!(" ON {}.", qualified(&t.schema)),
                        &format!(" ON {}.", ident(&self.schema)),
                    );
                c.batch_execute(&def)
                    .map_err(|e| self.fail(&format!("cannot index {}", t.name), e))?;
            }
        }
        c.batch_execute("COMMIT")
            .map_err(|e| self.fail("cannot commit", e))
    }
}

/// Creates `schema` with every table of `tables` loaded from its CSV file (written by the
/// pipeline, with a header), in one transaction: on any failure nothing is left — not even the
/// schema. An existing schema is refused.
pub fn load_schema(url: &PgUrl, schema: &str, tables: &[(TableDef, PathBuf)]) -> Result<()> {
    let loader = Loader::start(url, schema, tables.iter().map(|(t, _)| t.clone()).collect())?;
    for (pipe, (t, file)) in loader.pipes().iter().zip(tables) {
        let mut f = std::fs::File::open(file)
            .map_err(|e| Error::write(file.display().to_string(), "read", e))?;
        let mut w = pipe.writer()?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = f
                .read(&mut buf)
                .map_err(|e| Error::write(file.display().to_string(), "read", e))?;
            if n == 0 {
                break;
            }
            if w.write_all(&buf[..n]).is_err() {
                // The loader stopped: its own error says why.
                drop(w);
                return Err(loader.abandon().unwrap_or_else(|| {
                    Error::output(format!(
                        "{}: loading {} stopped; nothing was written (rolled back)",
                        url.display(),
                        t.name
                    ))
                }));
            }
        }
    }
    loader.commit(vec![Vec::new(); tables.len()])
}

/// The end of a CSV header (just past its line end, outside quotes), once `b` holds it.
fn header_end(b: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The names of a CSV header line (RFC 4180 quoting).
fn header_names(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end_matches(['\n', '\r']);
    let mut names = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => names.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    names.push(cur);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_found_whole_and_its_quoted_names_read_back() {
        assert_eq!(header_end(b"id,name"), None);
        assert_eq!(header_end(b"id,\"a\nb\"\n1,2\n"), Some(9));
        assert_eq!(
            header_names(b"id,\"a,b\",\"say \"\"hi\"\"\",x\r\n"),
            ["id", "a,b", "say \"hi\"", "x"]
        );
    }
}
