//! `masq::report::html::render`: the page is self-contained, escapes every user string, shows
//! every section of a full report and survives an empty one; and headless Chromium really draws
//! it (screenshot saved as `target/html-report.png`, pixels counted by Chromium itself).

use masq::Kind;
use masq::io::Format;
use masq::keys::KeySource;
use masq::policy::Strategy;
use masq::report::html::render;
use masq::report::{
    ColumnReport, GateCheck, GateResult, InputReport, KeyInfo, LeakCheck, LlmColumn, LlmQuiz,
    LlmReport, LlmSent, LlmUsage, LlmVote, Report, ShapeCount,
};
use masq::report::{Command as Cmd, Threshold};
use masq::transform::Counts;
use masq::verify::LeakColumn;
use masq::verify::LeakSearch;
use masq::verify::fidelity::{
    Chart, ColumnFidelity, CorrelationMatrices, Fidelity, IdentifierProfile, PairFidelity,
    SkippedColumn,
};
use masq::verify::residual::{ResidualCheck, ResidualColumn};
use masq::verify::risk::{ClassBucket, Risk, RiskFigures};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A column name that breaks HTML unless escaped.
const NASTY: &str = r#"a<b>&"c""#;
const NASTY_ESCAPED: &str = "a&lt;b&gt;&amp;&quot;c&quot;";
const K_MESSAGE: &str = "k is 3, the policy requires at least 5 (short by 2)";

fn column(name: &str, kind: Option<Kind>, strategy: Strategy, replaced: usize) -> ColumnReport {
    ColumnReport {
        name: name.into(),
        kind,
        confidence: if kind.is_some() { 0.93 } else { 0.0 },
        evidence: if kind.is_some() {
            vec![
                "header matches a name hint".into(),
                "97 of 100 sampled values match".into(),
            ]
        } else {
            vec![]
        },
        rules: kind.map(|k| vec![format!("{k}.v1")]).unwrap_or_default(),
        sampled: 100,
        strategy: Some(strategy),
        decided_by: kind.map(|_| "rules".to_string()),
        counts: Some(Counts {
            values: 1000,
            distinct: 640,
            nulls: 12,
            replaced,
            ..Default::default()
        }),
        free_text: false,
        spans: vec![],
        cells: Default::default(),
        also: vec![],
    }
}

fn figures(k: u64, unique: f64, below: f64, buckets: &[(&str, usize, usize)]) -> RiskFigures {
    RiskFigures {
        rows: 1000,
        classes: buckets.iter().map(|b| b.1).sum(),
        k,
        unique_share: unique,
        below_k_share: below,
        histogram: buckets
            .iter()
            .map(|(s, c, r)| ClassBucket {
                sizes: s.to_string(),
                classes: *c,
                rows: *r,
            })
            .collect(),
    }
}

fn numeric_chart() -> Chart {
    let labels = (0..8).map(|i| format!("[{}, {})", 20 + i * 10, 30 + i * 10));
    Chart {
        labels: labels.collect(),
        original: vec![0.05, 0.12, 0.22, 0.25, 0.17, 0.10, 0.06, 0.03],
        anonymized: vec![0.06, 0.13, 0.20, 0.24, 0.18, 0.10, 0.05, 0.04],
    }
}

/// Every section filled: two inputs, fidelity (numeric + categorical chart, 3×3 correlations),
/// risk, a failed gate, leaks and an LLM.
fn rich() -> Report {
    let mut r = Report::new(Cmd::Run);
    r.key = Some(KeyInfo {
        source: KeySource::KeyFile,
        fingerprint: "k1:9f2c1a7be0d4".into(),
    });
    r.policy = Some("policy.toml".into());
    r.timings_ms = [
        ("read", 120),
        ("detect", 340),
        ("index originals", 55),
        ("transform", 410),
        ("verify", 95),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let fidelity = Fidelity {
        overall: Some(0.912),
        columns: vec![
            ColumnFidelity {
                column: "age".into(),
                column_type: masq::verify::fidelity::ColumnType::Numeric,
                metric: masq::verify::fidelity::Metric::KSComplement,
                score: 0.964,
                chart: numeric_chart(),
            },
            ColumnFidelity {
                column: NASTY.into(),
                column_type: masq::verify::fidelity::ColumnType::Categorical,
                metric: masq::verify::fidelity::Metric::TVComplement,
                score: 0.655,
                chart: Chart {
                    labels: vec!["#1".into(), "#2".into(), "#3".into(), "other".into()],
                    original: vec![0.40, 0.30, 0.20, 0.10],
                    anonymized: vec![0.25, 0.25, 0.25, 0.25],
                },
            },
        ],
        pairs: vec![PairFidelity {
            columns: ["age".into(), "income".into()],
            metric: masq::verify::fidelity::Metric::CorrelationSimilarity,
            coefficient: Some(masq::verify::fidelity::Coefficient::Pearson),
            score: 0.981,
            original: Some(0.412),
            anonymized: Some(0.374),
        }],
        identifiers: vec![IdentifierProfile {
            column: "email".into(),
            kind: Some("email".into()),
            strategy: "fake".into(),
            null_rate: [0.012, 0.012],
            distinct_ratio: [0.998, 0.998],
            mean_length: [21.4, 19.8],
            length_range: [[11, 38], [12, 31]],
            valid_share: Some(1.0),
        }],
        correlation: Some(CorrelationMatrices {
            columns: vec!["age".into(), "income".into(), "score".into()],
            original: vec![
                Some(1.0),
                Some(0.41),
                Some(-0.72),
                Some(0.41),
                Some(1.0),
                None,
                Some(-0.72),
                None,
                Some(1.0),
            ],
            anonymized: vec![
                Some(1.0),
                Some(0.37),
                Some(-0.65),
                Some(0.37),
                Some(1.0),
                Some(0.05),
                Some(-0.65),
                Some(0.05),
                Some(1.0),
            ],
        }),
        skipped: vec![SkippedColumn {
            column: "notes".into(),
            why: "text with 980 distinct values".into(),
        }],
    };
    let first = InputReport {
        path: "people.csv".into(),
        format: Format::Csv,
        rows: 1000,
        output: Some("out/people.csv".into()),
        output_format: Some(Format::Csv),
        columns: vec![
            column(NASTY, Some(Kind::PersonName), Strategy::Fake, 988),
            column("email", Some(Kind::Email), Strategy::Fake, 988),
            column("age", None, Strategy::Keep, 0),
            column("zip", Some(Kind::Postcode), Strategy::Generalize, 1000),
        ],
        fidelity: Some(fidelity),
        risk: Some(Risk {
            quasi_identifiers: vec!["age".into(), "zip".into()],
            required_k: Some(5),
            before: figures(
                1,
                0.25,
                0.61,
                &[
                    ("1", 250, 250),
                    ("2", 80, 160),
                    ("3-4", 50, 200),
                    ("20+", 12, 390),
                ],
            ),
            after: figures(
                3,
                0.0,
                0.04,
                &[("3-4", 10, 40), ("5-9", 60, 420), ("20+", 20, 540)],
            ),
        }),
    };
    let second = InputReport {
        path: "visits.parquet".into(),
        format: Format::Parquet,
        rows: 52_340,
        output: Some("out/visits.parquet".into()),
        output_format: Some(Format::Parquet),
        columns: vec![column(
            "visited_on",
            Some(Kind::DateOfBirth),
            Strategy::ShiftDate,
            52_340,
        )],
        fidelity: Some(Fidelity {
            overall: Some(0.88),
            columns: vec![ColumnFidelity {
                column: "visited_on".into(),
                column_type: masq::verify::fidelity::ColumnType::Datetime,
                metric: masq::verify::fidelity::Metric::KSComplement,
                score: 0.88,
                chart: Chart {
                    labels: (1..=12).map(|m| format!("2024-{m:02}")).collect(),
                    original: vec![0.08; 12],
                    anonymized: vec![
                        0.07, 0.09, 0.08, 0.08, 0.1, 0.06, 0.08, 0.08, 0.09, 0.07, 0.08, 0.08,
                    ],
                },
            }],
            ..Default::default()
        }),
        risk: None,
    };
    r.inputs = vec![first, second];
    r.leak_check = Some(LeakCheck {
        passed: false,
        max_leaks: 0,
        originals_indexed: 1976,
        cells_checked: 56_340,
        leaked_cells: 2,
        columns: vec![LeakColumn {
            input: "people.csv".into(),
            column: NASTY.into(),
            leaked_cells: 2,
            check: LeakSearch::Identifying,
            from: vec![format!("people.csv:{NASTY}")],
            fingerprints: vec!["fp:01ab23cd".into(), "fp:9e8d7c6b".into()],
            rows: vec![17, 4242],
        }],
    });
    r.residual_check = Some(ResidualCheck {
        passed: false,
        max_residual: 0,
        columns_scanned: 11,
        columns_replaced: 4,
        columns_kept: 7,
        cells_scanned: 56_340,
        residual_cells: 3,
        reported_cells: 0,
        columns: vec![ResidualColumn {
            input: "people.csv".into(),
            column: "comment".into(),
            kind: masq::Kind::Url,
            cells: 3,
            gating: true,
            how: "kept".into(),
            fingerprints: vec!["fp:77aa0011".into()],
        }],
    });
    r.gate = Some(GateResult {
        passed: false,
        failures: vec![
            GateCheck {
                threshold: Threshold::MaxResidual,
                input: None,
                column: None,
                required: 0.0,
                actual: 3.0,
                message: "3 cells hold identifiers masq did not recognise or replace".into(),
            },
            GateCheck {
                threshold: Threshold::MaxLeaks,
                input: None,
                column: None,
                required: 0.0,
                actual: 2.0,
                message: "2 output cells hold original values, the policy allows 0".into(),
            },
            GateCheck {
                threshold: Threshold::MinK,
                input: Some("people.csv".into()),
                column: None,
                required: 5.0,
                actual: 3.0,
                message: K_MESSAGE.into(),
            },
            GateCheck {
                threshold: Threshold::MinFidelity,
                input: Some("people.csv".into()),
                column: Some(NASTY.into()),
                required: 0.7,
                actual: 0.655,
                message: "fidelity of this column is 0.655, the policy requires 0.700".into(),
            },
        ],
        held: vec![GateCheck {
            threshold: Threshold::MinFidelity,
            input: Some("people.csv".into()),
            column: None,
            required: 0.8,
            actual: 0.912,
            message: "overall fidelity is 0.912, at least 0.800 required".into(),
        }],
    });
    r.llm = Some(LlmReport {
        url: "http://127.0.0.1:8080/v1".into(),
        model: "qwen3-4b".into(),
        mode: masq::llm::LlmMode::Optional,
        send: masq::llm::LlmSend::Shapes,
        usage: LlmUsage {
            requests: 3,
            cache_hits: 1,
            retries: 1,
            failures: 0,
            prompt_tokens: 1830,
            completion_tokens: 214,
            latency_ms_total: 2410,
            latency_ms_max: 1320,
        },
        quiz: Some(LlmQuiz {
            asked: 7,
            right: 7,
            needed: 6,
            passed: true,
        }),
        columns: vec![LlmColumn {
            input: "people.csv".into(),
            column: NASTY.into(),
            task: masq::report::LlmTask::Classify,
            prompt: "Column name: …".into(),
            sent: LlmSent {
                column_name: NASTY.into(),
                dtype: "str".into(),
                rows: 1000,
                non_null: 988,
                distinct: 640,
                shapes: vec![
                    ShapeCount {
                        shape: "Aaaa Aaaaa".into(),
                        count: 71,
                        min_len: 8,
                        max_len: 19,
                    },
                    ShapeCount {
                        shape: "Aaaa A. Aaaa".into(),
                        count: 29,
                        min_len: 10,
                        max_len: 22,
                    },
                ],
                values: vec![],
            },
            vote: Some(LlmVote {
                kind: "person-name".into(),
                confidence: 0.9,
                reason: "two capitalised words, like given and family names".into(),
                adopted: true,
            }),
            outcome: "agreed with the rules: person-name".into(),
        }],
    });
    r.warnings = vec!["column <script>alert(1)</script> has 40% nulls".into()];
    r
}

/// What `masq scan` reports for a small file: no gate, no fidelity, no risk, no LLM.
fn minimal() -> Report {
    let mut r = Report::new(Cmd::Scan);
    r.inputs = vec![InputReport {
        path: "small.csv".into(),
        format: Format::Csv,
        rows: 3,
        output: None,
        output_format: None,
        columns: vec![ColumnReport {
            counts: None,
            strategy: None,
            ..column("email", Some(Kind::Email), Strategy::Fake, 0)
        }],
        fidelity: None,
        risk: None,
    }];
    r
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    for bad in [
        "<script", "<link", "src=", "href=", "url(", "@import", "<iframe", "<object", "<embed",
    ] {
        assert!(!lower.contains(bad), "page contains {bad}");
    }
    // The only address in the page is the LLM server's, shown as text.
    assert!(!lower.contains("https://"));
    assert_eq!(
        count(&lower, "http://"),
        count(&lower, "<code>http://127.0.0.1:8080/v1</code>")
    );
}

#[test]
fn rich_report_is_self_contained_and_escapes_user_strings() {
    let page = render(&rich());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_self_contained(&page);
    // The column name appears in the detection table, the chart, the leak table, the gate and
    // the LLM section, always escaped.
    assert!(!page.contains(NASTY), "raw column name in the page");
    assert!(
        count(&page, NASTY_ESCAPED) >= 6,
        "{}",
        count(&page, NASTY_ESCAPED)
    );
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn rich_report_shows_every_section() {
    let page = render(&rich());
    for heading in [
        "<h2>Summary</h2>",
        "<h2>Gate</h2>",
        "<h2>Leak check</h2>",
        "<h2>Input <code>people.csv</code></h2>",
        "<h2>Input <code>visits.parquet</code></h2>",
        "<h3>Detection</h3>",
        "<h3>Fidelity</h3>",
        "<h4>Distributions</h4>",
        "<h4>Pairs</h4>",
        "<h4>Correlations (Pearson)</h4>",
        "<h4>Replaced identifiers</h4>",
        "<h3>Re-identification risk</h3>",
        "<h2>LLM</h2>",
        "<h2>Warnings</h2>",
    ] {
        assert!(page.contains(heading), "missing {heading}");
    }
    assert_eq!(count(&page, "<h3>Detection</h3>"), 2);
    // Verdict badge and the raw-values statement.
    assert!(page.contains("<div class=\"verdict bad\">REFUSED</div>"));
    assert!(page.contains("Raw values included: <strong>no</strong>"));
    assert!(page.contains("k1:9f2c1a7be0d4"));
    assert!(page.contains("key-file"));
    // Gate: every failure with its message, in red rows.
    assert!(page.contains(K_MESSAGE));
    // A threshold that held is listed too, as held.
    assert_eq!(
        page.matches("pill ok\">held</span>").count(),
        1,
        "the held fidelity row"
    );
    assert!(page.contains("2 output cells hold original values, the policy allows 0"));
    assert!(page.contains("fidelity of this column is 0.655, the policy requires 0.700"));
    assert_eq!(count(&page, "<tr class=\"fail msg\">"), 4);
    // Leak check figures and fingerprints.
    assert!(page.contains("fp:01ab23cd") && page.contains("fp:9e8d7c6b"));
    assert!(
        page.contains("17 4242"),
        "the rows of the leaked cells are listed"
    );
    // The residual scan: what it covered and what masq did not write.
    assert!(page.contains("<h2>Residual scan</h2>"));
    assert!(page.contains("fp:77aa0011"));
    assert!(page.contains("<code>comment</code></td><td>url</td>"));
    assert!(page.contains("56\u{202f}340"));
    // Scores with three decimals, shares as percentages.
    assert!(page.contains(">0.912<"));
    assert!(page.contains(">0.964<"));
    assert!(page.contains("25.0%"));
    assert!(page.contains("61.0%"));
    // Risk: k before and after as big numbers.
    assert!(page.contains("<span class=\"big\">1</span>"));
    assert!(page.contains("<span class=\"big bad\">3</span>"));
    // Input 2 has no risk figures.
    assert_eq!(count(&page, "<p class=\"muted\">Not computed.</p>"), 1);
    // LLM: what was sent, the vote and usage.
    assert!(page.contains("<code>Aaaa A. Aaaa</code>"));
    assert!(page.contains("adopted"));
    assert!(page.contains("only value shapes and counts were sent"));
    assert!(page.contains("trusted</span> 7 of masq's 7 test columns classified right"));
    assert!(!page.contains("Raw values sent"));
    // Charts: 3 distributions + 2 heatmaps + 1 class-size histogram.
    assert_eq!(count(&page, "<svg"), 6);
    assert_eq!(count(&page, "</svg>"), 6);
    // Heatmap cells: 2 × 9, the undefined ones marked.
    assert_eq!(count(&page, "class=\"cellv\""), 18);
    assert_eq!(count(&page, ">n/a</text>"), 2);
}

#[test]
fn minimal_report_renders_without_optional_sections() {
    let page = render(&minimal());
    assert_self_contained(&page);
    assert!(page.contains("<div class=\"verdict neutral\">SCANNED</div>"));
    assert!(page.contains("<h3>Detection</h3>"));
    assert!(page.contains("<code>email</code>"));
    assert!(page.contains("Not computed (no gate runs for this command)"));
    assert_eq!(count(&page, "<p class=\"muted\">Not computed.</p>"), 4);
    assert!(!page.contains("<h2>LLM</h2>"));
    assert_eq!(count(&page, "<svg"), 0);
    // An empty report (no input at all) renders too, with the cautious verdict a report
    // starts with until the command says otherwise.
    let empty = render(&Report::new(Cmd::Verify));
    assert!(empty.contains("<div class=\"verdict bad\">FAILED</div>"));
}

#[test]
fn raw_values_are_flagged_when_present() {
    let mut r = rich();
    r.raw_values_included = true;
    let llm = r.llm.as_mut().unwrap();
    llm.send = masq::llm::LlmSend::Values;
    llm.columns[0].sent.values = vec!["Ann <Lee>".into()];
    let page = render(&r);
    assert!(page.contains("Raw values included: <strong>yes</strong>"));
    assert!(page.contains("raw sampled values were sent"));
    assert!(page.contains("<code>Ann &lt;Lee&gt;</code>"));
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MASQ_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless with a throw-away profile; returns stdout, or panics after 60 s.
fn run_chromium(bin: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = reader.join().unwrap();
            assert!(status.success(), "chromium exited with {status}");
            return out;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn screenshot_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&target).unwrap();
    target.join("html-report.png")
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Share of non-white pixels of a PNG, measured by Chromium itself: a probe page draws the image
/// (as a data URL, so the canvas is not tainted) and writes the count into its DOM.
fn non_white_share(bin: &Path, profile: &Path, dir: &Path, png: &[u8]) -> f64 {
    let probe = dir.join("probe.html");
    std::fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><html><body><img id=\"i\" alt=\"\" src=\"data:image/png;base64,{}\">\
             <pre id=\"out\">pending</pre><script>\
             window.onload = function () {{\
               var img = document.getElementById('i');\
               var c = document.createElement('canvas');\
               c.width = img.naturalWidth; c.height = img.naturalHeight;\
               var g = c.getContext('2d'); g.drawImage(img, 0, 0);\
               var d = g.getImageData(0, 0, c.width, c.height).data, n = 0;\
               for (var p = 0; p < d.length; p += 4) {{\
                 if (d[p] < 245 || d[p + 1] < 245 || d[p + 2] < 245) n++;\
               }}\
               document.getElementById('out').textContent =\
                 'share=' + (n / (c.width * c.height)) + ';size=' + c.width + 'x' + c.height;\
               img.remove();\
             }};</script></body></html>",
            base64(png)
        ),
    )
    .unwrap();
    let dom = run_chromium(
        bin,
        profile,
        &[
            "--virtual-time-budget=10000".into(),
            "--dump-dom".into(),
            format!("file://{}", probe.display()),
        ],
    );
    let start = dom.find("share=").expect("probe page wrote no result") + "share=".len();
    let end = dom[start..].find(';').unwrap() + start;
    assert!(
        dom[end..].starts_with(";size=1280x2400"),
        "{}",
        &dom[end..end + 30]
    );
    dom[start..end].parse().unwrap()
}

#[test]
fn chromium_renders_the_report() {
    let Some(bin) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("no chromium found (set MASQ_CHROMIUM or apt-get install chromium)");
        }
        println!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let html = work.path().join("report.html");
    std::fs::write(&html, render(&rich())).unwrap();
    let url = format!("file://{}", html.display());
    let out = screenshot_path();
    // Kept beside the screenshot for a person to open.
    std::fs::copy(&html, out.with_extension("html")).unwrap();
    let _ = std::fs::remove_file(&out);
    run_chromium(
        &bin,
        &profile,
        &[
            "--window-size=1280,2400".into(),
            format!("--screenshot={}", out.display()),
            url.clone(),
        ],
    );
    let png = std::fs::read(&out).expect("chromium wrote no screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 20_000, "screenshot is only {} bytes", png.len());
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (1280, 2400));
    let share = non_white_share(&bin, &profile, work.path(), &png);
    assert!(
        share > 0.02,
        "screenshot is blank: {share} of pixels are not white"
    );
    // The same measure of an empty page: the pixel count does tell drawn from blank.
    let blank_html = work.path().join("blank.html");
    std::fs::write(&blank_html, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let blank_png = work.path().join("blank.png");
    run_chromium(
        &bin,
        &profile,
        &[
            "--window-size=1280,2400".into(),
            format!("--screenshot={}", blank_png.display()),
            format!("file://{}", blank_html.display()),
        ],
    );
    let blank = non_white_share(
        &bin,
        &profile,
        work.path(),
        &std::fs::read(blank_png).unwrap(),
    );
    assert!(blank < 0.001, "an empty page measured {blank} non-white");
    println!("non-white pixels: report {share:.3}, empty page {blank:.4}");
    // The DOM Chromium built holds the sections and the charts.
    let dom = run_chromium(&bin, &profile, &["--dump-dom".into(), url]);
    for needle in ["<h2>Gate</h2>", "<h2>LLM</h2>", K_MESSAGE, NASTY_ESCAPED] {
        assert!(dom.contains(needle), "DOM lacks {needle}");
    }
    assert_eq!(count(&dom, "<svg"), 6);
    println!("screenshot: {}", out.display());
}

#[test]
fn base64_matches_the_standard_alphabet() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"\xff\xfe\x00masq"), "//4AbWFzcQ==");
}

#[test]
fn odd_shapes_render_without_panicking() {
    let mut r = rich();
    let f = r.inputs[0].fidelity.as_mut().unwrap();
    // Forty bins, a NaN, and one series shorter than the labels.
    f.columns[0].chart = Chart {
        labels: (0..40).map(|i| format!("[{i}, {})", i + 1)).collect(),
        original: (0..40)
            .map(|i| if i == 7 { f64::NAN } else { 0.025 })
            .collect(),
        anonymized: vec![0.025; 39],
    };
    // A chart with nothing in it.
    f.columns[1].chart = Chart::default();
    // Twelve columns, and fewer coefficients than cells.
    let m = f.correlation.as_mut().unwrap();
    m.columns = (0..12)
        .map(|i| format!("column_with_a_long_name_{i}"))
        .collect();
    m.anonymized.truncate(4);
    let page = render(&r);
    assert_eq!(count(&page, "<svg"), 6);
    assert!(page.contains(">no data</text>"));
    // Long names are shortened on the axes, with the full name kept as a tooltip.
    assert!(page.contains(">column…name_11</text>"));
    assert!(page.contains("<title>column_with_a_long_name_11</title>"));
    // Too small for numbers in the cells: colours only.
    assert_eq!(count(&page, "class=\"cellv\""), 0);
}
