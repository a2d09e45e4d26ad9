//! The library's layering holds: every `crate::` path in `src/` (outside test modules) points
//! down the table below, so there is no import cycle between top-level modules. The table is
//! the one in the README's Layout section; a new module gets a row here.
//!
//! The binary's `cli` module is not in the table: it sits above everything and reaches the
//! library through `masq::`, like any other user.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, lowest first. A module may import only modules with a smaller rank.
const LAYERS: &[(&str, &str)] = &[
    // foundations
    ("error", "the error type and exit codes"),
    ("sensitive", "wrappers that keep values out of Debug"),
    ("kind", "the kinds of personal data"),
    ("text", "normalisation and word walking"),
    ("per_thread", "each thread's own copy of a compiled pattern"),
    ("hashmap64", "compact maps keyed by 64-bit hashes"),
    ("macros", "word_lists! for the data files"),
    ("timing", "wall time per stage for the reports"),
    ("io", "reading and atomic writing"),
    ("dates", "date parsing and formatting"),
    (
        "checks",
        "checksum and encoding algorithms, the validator names",
    ),
    ("rules", "rule families and dictionaries (data)"),
    ("keys", "the secret key and keyed draws"),
    ("llm", "the OpenAI-compatible client"),
    // stages, in pipeline order
    ("detect", "what each column and span is"),
    ("policy", "the plan per column"),
    ("transform", "the strategies"),
    (
        "verify",
        "the audit: leaks, residuals, fidelity, risk, gate",
    ),
    (
        "synth",
        "synthetic tables from a schema: generate, check, gate",
    ),
    // the model assembled last, and the orchestration
    ("report", "the report model and its renderings"),
    ("pipeline", "scan, run and verify, step by step"),
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(m, _)| *m == module)
}

/// Names the crate root re-exports, mapped to their modules.
fn root_alias(name: &str) -> Option<&'static str> {
    match name {
        "Kind" => Some("kind"),
        "Error" | "Result" => Some("error"),
        _ => None,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The source without comments and without its trailing `#[cfg(test)] mod tests`.
fn code_of(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            // `//` inside a string literal (a URL) is rare in paths that matter; cutting there
            // can only hide an import on the same line, never invent one.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level modules named by `crate::x` paths and by `crate::{x, y::z}` groups.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group, skipping nested braces.
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            items.push(item);
            for it in items {
                let name: String = it
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

/// Module → the modules it imports, and for each edge a file that makes it.
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // The binary, and test modules kept in their own `tests.rs` (tests may reach up).
        if matches!(top.as_str(), "main" | "lib" | "cli") || rel.ends_with("tests.rs") {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        let edges = g.entry(top.clone()).or_default();
        for name in imports(&code) {
            let module = root_alias(&name).map_or(name.clone(), String::from);
            if module != top && module != "self" {
                edges
                    .entry(module)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    g
}

#[test]
fn every_import_points_down_the_layering() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, edges) in &g {
        let Some(r) = rank(from) else {
            wrong.push(format!(
                "src/{from}: a top-level module the layering table does not list"
            ));
            continue;
        };
        for (to, file) in edges {
            match rank(to) {
                None => wrong.push(format!(
                    "{file}: imports crate::{to}, which is not in the table"
                )),
                Some(t) if t >= r => wrong.push(format!(
                    "{file}: {from} imports {to}, which sits at or above it in the layering"
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn there_is_no_import_cycle_between_top_level_modules() {
    let g = graph();
    // Depth-first search with colours; a grey node met again closes a cycle.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeMap<String, String>>,
        colour: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        colour.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flat_map(|e| e.keys()) {
            match colour.get(m.as_str()).copied().unwrap_or(0) {
                0 => visit(m, g, colour, path, cycles),
                1 => {
                    let at = path.iter().position(|p| p == m).unwrap();
                    cycles.push(format!("{} -> {m}", path[at..].join(" -> ")));
                }
                _ => {}
            }
        }
        path.pop();
        colour.insert(n.to_string(), 2);
    }
    let mut colour = BTreeMap::new();
    let mut cycles = Vec::new();
    for n in g.keys() {
        if colour.get(n.as_str()).copied().unwrap_or(0) == 0 {
            visit(n, &g, &mut colour, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_scanner_sees_grouped_and_inline_imports() {
    // The test is only as good as its parser: a grouped import, a nested group and an inline
    // path are all seen; comments and test modules are not.
    let code = code_of(
        "use crate::{detect::{self, x}, kind::Kind};\n// use crate::report;\nfn f() { crate::io::read(); }\n#[cfg(test)]\nmod tests { use crate::pipeline; }\n",
    );
    let got = imports(&code);
    let want: BTreeSet<String> = ["detect", "kind", "io"].map(String::from).into();
    assert_eq!(got, want);
}
