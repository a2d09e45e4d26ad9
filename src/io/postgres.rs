//! PostgreSQL as a source and a destination: connection URLs (credentials from the URL, the
//! `PG*` variables or `.pgpass`, as libpq takes them), the catalog of a table (column types,
//! constraints, indexes) and `COPY … TO STDOUT` into a local CSV file. Writing a new schema
//! is [`super::pg_load`]'s.
//!
//! URLs: `postgres://user:pass@host:5432/db?table=schema.name` to read a table,
//! `postgres://…/db?schema=anon` to write one. A socket folder goes percent-encoded in the
//! host (`postgresql://postgres@%2Ftmp%2Fpg:5433/db`) or as `?host=/tmp/pg`. Passwords never
//! reach a message: every URL is shown through [`PgUrl::display`], which drops them.

use crate::error::{Error, Result};
use postgres::config::Host;
use postgres::{Client, Config, NoTls};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Whether an argument names a PostgreSQL URL rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A URL with masq's own parameters (`table`, `schema`) taken out.
#[derive(Clone)]
pub struct PgUrl {
    /// What the client connects with (may hold a password).
    conn: String,
    /// `schema.name` of `?table=`.
    pub table: Option<(String, String)>,
    /// `?schema=`.
    pub schema: Option<String>,
    /// The URL without its password, for messages and reports.
    shown: String,
}

/// Never prints the password.
impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl PgUrl {
    /// Parses `s`; errors name the URL without its password.
    pub fn parse(s: &str) -> Result<PgUrl> {
        let shown = redact(s);
        let (base, query) = s.split_once('?').unwrap_or((s, ""));
        let mut kept = Vec::new();
        let (mut table, mut schema) = (None, None);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "table" => {
                    let v = decode(v);
                    let (s, t) = v.split_once('.').unwrap_or(("public", v.as_str()));
                    if s.is_empty() || t.is_empty() {
                        return Err(Error::config(format!(
                            "{shown}: table= wants schema.name or name"
                        )));
                    }
                    table = Some((s.to_string(), t.to_string()));
                }
                "schema" => {
                    let v = decode(v);
                    if v.is_empty() {
                        return Err(Error::config(format!("{shown}: schema= is empty")));
                    }
                    schema = Some(v);
                }
                _ => kept.push(pair),
            }
        }
        let conn = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        Config::from_str(&conn).map_err(|e| {
            Error::config(format!(
                "{shown}: not a PostgreSQL URL: {}",
                scrub(&e.to_string(), s)
            ))
        })?;
        Ok(PgUrl {
            conn,
            table,
            schema,
            shown,
        })
    }

    /// The URL without its password.
    pub fn display(&self) -> &str {
        &self.shown
    }

    /// Connects, filling what the URL leaves out from `PGHOST`, `PGPORT`, `PGUSER`,
    /// `PGDATABASE`, `PGPASSWORD` and `.pgpass`.
    pub fn connect(&self) -> Result<Client> {
        let mut cfg = Config::from_str(&self.conn)
            .map_err(|e| Error::config(format!("{}: {}", self.shown, self.reason(&e))))?;
        apply_libpq_env(&mut cfg);
        cfg.connect(NoTls).map_err(|e| {
            Error::input(format!(
                "{}: cannot connect: {}",
                self.shown,
                self.reason(&e)
            ))
        })
    }

    /// A client error in words, without the password (the server's own message included, but
    /// not a value it quotes).
    pub fn reason(&self, e: &postgres::Error) -> String {
        let text = match e.as_db_error() {
            Some(db) => format!("{}: {}", db.severity(), without_value(db.message())),
            None => {
                let mut t = e.to_string();
                if let Some(src) = std::error::Error::source(e) {
                    t = format!("{t}: {src}");
                }
                t
            }
        };
        scrub(&text, &self.conn)
    }
}

/// A server message without the values some messages quote: at the end (`invalid input
/// syntax for type integer: "…"`, `invalid input value for enum mood: "…"`), after `value`
/// (`value "…" is out of range for type integer`, `invalid value "…" for "…"`), or first
/// (`"…" is out of range for type double precision`). During a load such a value is a cell
/// of the output, which may be personal. Names the server quotes (relations, columns,
/// constraints, types) stay.
fn without_value(message: &str) -> String {
    const HIDDEN: &str = "(value not shown)";
    // A quoted string from byte `open` (its opening quote) to just past its closing quote.
    let quoted_end = |open: usize| message[open + 1..].find('"').map(|k| open + k + 2);
    let mut out = String::with_capacity(message.len());
    let mut at = 0;
    while let Some(k) = message[at..].find('"') {
        let open = at + k;
        let Some(close) = quoted_end(open) else { break };
        let before = &message[..open];
        let value = open == 0
            || before.ends_with("value ")
            || (before.ends_with(": ") && close == message.len());
        out.push_str(&message[at..open]);
        out.push_str(if value { HIDDEN } else { &message[open..close] });
        at = close;
    }
    out.push_str(&message[at..]);
    out
}

/// Removes the password of `url` (`user:pw@` → `user@`, `password=…` dropped).
fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (auth_host, tail) = rest.split_at(end);
    let auth_host = match auth_host.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{user}@{host}")
        }
        None => auth_host.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, q)) => {
            let q: Vec<&str> = q
                .split('&')
                .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
                .collect();
            if q.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", q.join("&"))
            }
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{auth_host}{tail}")
}

/// `text` with any password of `url` (raw or percent-decoded) replaced by `***`.
fn scrub(text: &str, url: &str) -> String {
    let mut out = text.to_string();
    if let Ok(cfg) = Config::from_str(url)
        && let Some(pw) = cfg.get_password()
        && !pw.is_empty()
    {
        out = out.replace(&*String::from_utf8_lossy(pw), "***");
    }
    out
}

/// Percent-decoding of a query value.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fills the fields the URL left unset as libpq does: `PGHOST` (else the Debian socket
/// folder), `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, then `$PGPASSFILE` or `~/.pgpass`.
fn apply_libpq_env(cfg: &mut Config) {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if cfg.get_hosts().is_empty() && cfg.get_hostaddrs().is_empty() {
        match env("PGHOST") {
            Some(h) => {
                for part in h.split(',') {
                    if part.starts_with('/') {
                        cfg.host_path(part);
                    } else {
                        cfg.host(part);
                    }
                }
            }
            None => {
                cfg.host_path("/var/run/postgresql");
            }
        }
    }
    if cfg.get_ports().is_empty()
        && let Some(p) = env("PGPORT").and_then(|p| p.parse::<u16>().ok())
    {
        cfg.port(p);
    }
    if cfg.get_user().is_none()
        && let Some(u) = env("PGUSER")
    {
        cfg.user(&u);
    }
    if cfg.get_dbname().is_none()
        && let Some(d) = env("PGDATABASE")
    {
        cfg.dbname(&d);
    }
    if cfg.get_password().is_none() {
        if let Some(pw) = env("PGPASSWORD") {
            cfg.password(pw);
        } else if let Some(pw) = pgpass(cfg) {
            cfg.password(pw);
        }
    }
}

/// The password `.pgpass` gives this host, port, database and user (libpq's rules: `*`
/// matches anything, `\:` and `\\` escape, the first match wins, a file others may read is
/// ignored).
fn pgpass(cfg: &Config) -> Option<String> {
    let path: PathBuf = match std::env::var_os("PGPASSFILE") {
        Some(p) => p.into(),
        None => Path::new(&std::env::var_os("HOME")?).join(".pgpass"),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(&path).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match cfg.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => {
            let p = p.to_string_lossy().into_owned();
            if p == "/var/run/postgresql" || p == "/tmp" {
                "localhost".into()
            } else {
                p
            }
        }
        None => "localhost".into(),
    };
    let port = cfg.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = cfg
        .get_user()
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let db = cfg
        .get_dbname()
        .map_or_else(|| user.clone(), str::to_string);
    let want = [host.as_str(), port.as_str(), db.as_str(), user.as_str()];
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = vec![String::new()];
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        fields.last_mut().expect("one field").push(n);
                    }
                }
                ':' if fields.len() < 5 => fields.push(String::new()),
                c => fields.last_mut().expect("one field").push(c),
            }
        }
        if fields.len() == 5
            && fields[..4]
                .iter()
                .zip(want)
                .all(|(f, w)| f == "*" || f == w)
        {
            return Some(fields.swap_remove(4));
        }
    }
    None
}

/// A quoted SQL identifier.
pub fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// What a table is made of, read from the catalog.
#[derive(Debug, Clone)]
pub struct TableDef {
    pub schema: String,
    pub name: String,
    /// A partitioned table (read through a query: `COPY` of the table itself refuses it).
    pub partitioned: bool,
    /// Name, type as `format_type` writes it, NOT NULL.
    pub columns: Vec<(String, String, bool)>,
    /// Name, kind (`p`, `u`, `c`, `f`) and definition as `pg_get_constraintdef` writes it,
    /// schema-qualified.
    pub constraints: Vec<(String, char, String)>,
    /// `pg_get_indexdef` of indexes that back no constraint, schema-qualified.
    pub indexes: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
}

/// A foreign key of a table, from the catalog.
#[derive(Debug, Clone)]
pub struct ForeignKey {
    /// The constraint's name.
    pub name: String,
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
}

/// Reads the definition of `schema.name`; an unknown table is an input error.
pub fn table_def(c: &mut Client, url: &PgUrl, schema: &str, name: &str) -> Result<TableDef> {
    let fail = |e: postgres::Error| {
        Error::input(format!(
            "{}: cannot read the catalog: {}",
            url.display(),
            url.reason(&e)
        ))
    };
    // Pinned, so every name outside pg_catalog comes out schema-qualified.
    c.batch_execute("SET search_path = pg_catalog")
        .map_err(fail)?;
    let found: Option<(u32, bool)> = c
        .query_opt(
            "SELECT c.oid, c.relkind = 'p' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
            &[&schema, &name],
        )
        .map_err(fail)?
        .map(|r| (r.get(0), r.get(1)));
    let Some((oid, partitioned)) = found else {
        return Err(Error::input(format!(
            "{}: no table {schema}.{name}",
            url.display()
        )));
    };
    let columns = c
        .query(
            "SELECT attname::text, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute \
             WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            &[&oid],
        )
        .map_err(fail)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let constraints = c
        .query(
            "SELECT conname::text, contype::text, pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = $1 AND contype IN ('p', 'u', 'c', 'f') ORDER BY contype, conname",
            &[&oid],
        )
        .map_err(fail)?
        .iter()
        .map(|r| {
            let kind: String = r.get(1);
            (r.get(0), kind.chars().next().unwrap_or('c'), r.get(2))
        })
        .collect();
    let indexes = c
        .query(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = $1 \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid \
             AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY 1",
            &[&oid],
        )
        .map_err(fail)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let names = |key: &str, rel: &str| {
        format!(
            "ARRAY(SELECT a.attname::text FROM unnest(k.{key}) WITH ORDINALITY u(n, ord) \
             JOIN pg_attribute a ON a.attrelid = k.{rel} AND a.attnum = u.n ORDER BY u.ord)"
        )
    };
    let foreign_keys = c
        .query(
            &format!(
                "SELECT {}, fn.nspname::text, fc.relname::text, {}, k.conname::text FROM pg_constraint k \
                 JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
                 WHERE k.conrelid = $1 AND k.contype = 'f' ORDER BY k.conname",
                names("conkey", "conrelid"),
                names("confkey", "confrelid")
            ),
            &[&oid],
        )
        .map_err(fail)?
        .iter()
        .map(|r| ForeignKey {
            columns: r.get(0),
            ref_schema: r.get(1),
            ref_table: r.get(2),
            ref_columns: r.get(3),
            name: r.get(4),
        })
        .collect();
    Ok(TableDef {
        schema: schema.into(),
        name: name.into(),
        partitioned,
        columns,
        constraints,
        indexes,
        foreign_keys,
    })
}

/// Copies `def`'s rows into a CSV file with a header (`COPY … TO STDOUT`), in one
/// snapshot.
pub fn export_csv(c: &mut Client, url: &PgUrl, def: &TableDef, path: &Path) -> Result<()> {
    copy_to_file(c, url, def, "", path)
}

/// Copies `def`'s rows into `file` (created empty at `path`) for readers that read it as it
/// grows: each chunk of about 1 MiB is told to `growth`, which is finished with the outcome.
/// Stops (an error) when `stop` is set.
pub fn export_csv_growing(
    c: &mut Client,
    url: &PgUrl,
    def: &TableDef,
    path: &Path,
    file: std::fs::File,
    growth: &crate::io::growing::Growth,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    let r = copy_into(c, url, def, "", path, file, &mut || {
        growth.wrote();
        !stop.load(std::sync::atomic::Ordering::Relaxed)
    });
    growth.finish(r.as_ref().map(|_| ()).map_err(|e| e.to_string()));
    r
}

/// Copies at most `max_rows` rows of `def` into a CSV file with a header, for `scan`: the
/// whole table when the catalog's row estimate is within `max_rows` (or there is none: never
/// analyzed), else a repeatable block sample (`TABLESAMPLE SYSTEM`) sized for about
/// `max_rows`, so the time does not grow with the table. Returns the estimate when it sampled.
pub fn export_sample_csv(
    c: &mut Client,
    url: &PgUrl,
    def: &TableDef,
    path: &Path,
    max_rows: usize,
) -> Result<Option<u64>> {
    let estimate: f64 = c
        .query_one(
            "SELECT c.reltuples::float8 FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2",
            &[&def.schema, &def.name],
        )
        .map_err(|e| {
            Error::input(format!(
                "{}: cannot read the catalog: {}",
                url.display(),
                url.reason(&e)
            ))
        })?
        .get(0);
    let limit = if max_rows == usize::MAX {
        String::new()
    } else {
        format!(" LIMIT {max_rows}")
    };
    if max_rows == usize::MAX || estimate <= max_rows as f64 {
        copy_to_file(c, url, def, &limit, path)?;
        return Ok(None);
    }
    // A fifth more than needed, since blocks hold unequal numbers of rows.
    let percent = (120.0 * max_rows as f64 / estimate).min(100.0);
    copy_to_file(
        c,
        url,
        def,
        &format!(" TABLESAMPLE SYSTEM ({percent:.6}) REPEATABLE (1){limit}"),
        path,
    )?;
    Ok(Some(estimate as u64))
}

/// `COPY (SELECT columns FROM table{tail}) TO STDOUT` into a new CSV file with a header.
fn copy_to_file(
    c: &mut Client,
    url: &PgUrl,
    def: &TableDef,
    tail: &str,
    path: &Path,
) -> Result<()> {
    let file = std::fs::File::create(path)
        .map_err(|e| Error::write(path.display().to_string(), "create", e))?;
    copy_into(c, url, def, tail, path, file, &mut || true)
}

/// Copies the table (the whole of it, as `COPY t (cols) TO`, or through a query with `tail`)
/// into `file` at `path`, in chunks of about 1 MiB; after each, `chunk` says whether to go on.
fn copy_into(
    c: &mut Client,
    url: &PgUrl,
    def: &TableDef,
    tail: &str,
    path: &Path,
    mut file: std::fs::File,
    chunk: &mut dyn FnMut() -> bool,
) -> Result<()> {
    let cols: Vec<String> = def.columns.iter().map(|(n, _, _)| ident(n)).collect();
    let table = format!("{}.{}", ident(&def.schema), ident(&def.name));
    // A plain table is copied as a table (a heap scan, no executor: what `psql \copy` does).
    let sql = if tail.is_empty() && !def.partitioned {
        format!(
            "COPY {table} ({}) TO STDOUT (FORMAT csv, HEADER true)",
            cols.join(", ")
        )
    } else {
        format!(
            "COPY (SELECT {} FROM {table}{tail}) TO STDOUT (FORMAT csv, HEADER true)",
            cols.join(", ")
        )
    };
    let fail = |e: postgres::Error| {
        Error::input(format!(
            "{}: cannot read {}.{}: {}",
            url.display(),
            def.schema,
            def.name,
            url.reason(&e)
        ))
    };
    let stopped = |e: std::io::Error| {
        Error::input(format!(
            "{}: reading {}.{} stopped: {}",
            url.display(),
            def.schema,
            def.name,
            crate::io::io_reason(&e)
        ))
    };
    let mut reader = c.copy_out(sql.as_str()).map_err(fail)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let mut n = 0;
        let mut end = false;
        while n < buf.len() {
            match reader.read(&mut buf[n..]).map_err(stopped)? {
                0 => {
                    end = true;
                    break;
                }
                k => n += k,
            }
        }
        file.write_all(&buf[..n])
            .map_err(|e| Error::write(path.display().to_string(), "write", e))?;
        if end {
            break;
        }
        if !chunk() {
            return Err(Error::input(format!(
                "{}: reading {}.{} was stopped",
                url.display(),
                def.schema,
                def.name
            )));
        }
    }
    file.flush()
        .map_err(|e| Error::write(path.display().to_string(), "write", e))?;
    Ok(())
}

/// A schema name as the catalog functions write it: bare when it needs no quotes.
pub(crate) fn qualified(schema: &str) -> String {
    let plain = schema
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain {
        schema.to_string()
    } else {
        ident(schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_when_shown_and_their_masq_parameters_when_used() {
        let u = PgUrl::parse(
            "postgres://anna:s3cr%40t@db.example:5433/shop?table=src.orders&sslmode=disable",
        )
        .unwrap();
        assert_eq!(
            u.display(),
            "postgres://anna@db.example:5433/shop?table=src.orders&sslmode=disable"
        );
        assert_eq!(u.table, Some(("src".into(), "orders".into())));
        assert!(!format!("{u:?}").contains("s3cr"));
        assert_eq!(
            redact("postgresql:///db?host=/tmp/pg&password=hunter2&user=x"),
            "postgresql:///db?host=/tmp/pg&user=x"
        );
        let u = PgUrl::parse("postgresql://x@%2Ftmp%2Fpg:5433/db?schema=anon").unwrap();
        assert_eq!(u.schema.as_deref(), Some("anon"));
        assert_eq!(
            PgUrl::parse("postgres://x/db?table=orders").unwrap().table,
            Some(("public".into(), "orders".into()))
        );
        let e = PgUrl::parse("postgres://a:pw@h/db?bogus=1")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("postgres://a@h/db?bogus=1") && !e.contains("pw@"),
            "{e}"
        );
        assert_eq!(
            scrub("failed for user a with pw p@ss", "postgres://a:p%40ss@h/db"),
            "failed for user a with pw ***"
        );
    }

    #[test]
    fn server_messages_lose_the_value_they_quote_but_keep_names() {
        assert_eq!(
            without_value("invalid input syntax for type integer: \"anna@example.org\""),
            "invalid input syntax for type integer: (value not shown)"
        );
        assert_eq!(
            without_value("relation \"src.people\" does not exist"),
            "relation \"src.people\" does not exist"
        );
        assert_eq!(
            without_value("value too long for type character varying(22)"),
            "value too long for type character varying(22)"
        );
        assert_eq!(
            without_value("value \"4915112345678\" is out of range for type integer"),
            "value (value not shown) is out of range for type integer"
        );
        assert_eq!(
            without_value("\"1e999\" is out of range for type double precision"),
            "(value not shown) is out of range for type double precision"
        );
        assert_eq!(
            without_value("invalid value \"Anna\" for \"MM\""),
            "invalid value (value not shown) for \"MM\""
        );
        assert_eq!(
            without_value(
                "new row for relation \"people\" violates check constraint \"people_age_check\""
            ),
            "new row for relation \"people\" violates check constraint \"people_age_check\""
        );
    }

    #[test]
    fn schema_names_are_written_as_the_catalog_writes_them() {
        assert_eq!(qualified("src"), "src");
        assert_eq!(qualified("Src"), "\"Src\"");
        assert_eq!(qualified("my schema"), "\"my schema\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }
}
