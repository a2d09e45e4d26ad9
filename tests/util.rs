//! Helpers: a temporary work directory per test, the `masq` command, fixture paths, and
//! reading outputs back as text columns.

use assert_cmd::Command;
use masq::io::{Format, Source};
use polars::prelude::*;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A temporary folder that lives as long as the test.
pub struct Work {
    pub dir: tempfile::TempDir,
}

impl Work {
    pub fn new() -> Work {
        Work {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// A 32-byte key file filled with `b`.
    pub fn key(&self, b: u8) -> PathBuf {
        self.write(&format!("key{b}.bin"), vec![b; 32])
    }

    /// Every file name in the work folder (recursively), sorted.
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    out.push(p.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
        walk(self.dir.path(), self.dir.path(), &mut out);
        out.sort();
        out
    }
}

pub fn masq() -> Command {
    let mut c = Command::cargo_bin("masq").expect("masq binary");
    c.env_remove("MASQ_KEY");
    c
}

/// Reads a data file with masq's own reader (text columns for CSV/TSV).
pub fn read(p: &Path) -> DataFrame {
    let src = Source::Path(p.to_path_buf());
    let fmt = masq::io::resolve_format(&src, None).unwrap();
    masq::io::read(&src, fmt).unwrap().df
}

pub fn read_as(p: &Path, fmt: Format) -> DataFrame {
    masq::io::read(&Source::Path(p.to_path_buf()), fmt)
        .unwrap()
        .df
}

/// A column as optional strings.
pub fn col(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    let s = df
        .column(name)
        .unwrap_or_else(|_| panic!("no column {name}"));
    let s = s.as_materialized_series().cast(&DataType::String).unwrap();
    s.str()
        .unwrap()
        .iter()
        .map(|o| o.map(str::to_string))
        .collect()
}

/// `(file, column, kind)` rows of fixtures/labels.csv.
pub fn labels() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(fixture("labels.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.rsplitn(2, ',');
            let kind = parts.next().unwrap().trim().to_string();
            let rest = parts.next().unwrap();
            let (file, column) = rest.split_once(',').unwrap();
            (
                file.trim().to_string(),
                column.trim().trim_matches('"').to_string(),
                kind,
            )
        })
        .collect()
}

pub fn labels_for(file: &str) -> Vec<(String, String)> {
    labels()
        .into_iter()
        .filter(|(f, _, _)| f == file)
        .map(|(_, c, k)| (c, k))
        .collect()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `masq run INPUT -o OUT`, ready for more flags.
pub fn masq_run(input: impl AsRef<std::ffi::OsStr>, out: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = masq();
    c.arg("run").arg(input).arg("-o").arg(out);
    c
}

/// `masq scan INPUT`, ready for more flags.
pub fn masq_scan(input: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = masq();
    c.arg("scan").arg(input);
    c
}

/// Parses a report and validates it against the published report schema (`masq schema
/// report`): every report a test reads goes through here.
pub fn report_json(text: &str) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(text).expect("the report is JSON");
    let schema: serde_json::Value =
        serde_json::from_str(&masq::report::Report::json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the report schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "report breaks its schema: {errors:#?}");
    value
}

/// Reads a report file (validated, see [`report_json`]).
pub fn read_report(path: &Path) -> serde_json::Value {
    report_json(&std::fs::read_to_string(path).expect("report file"))
}

/// The report entry of column `name` in the first input.
pub fn report_column<'a>(rep: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    rep["inputs"][0]["columns"]
        .as_array()
        .expect("the report lists columns")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in the report"))
}
