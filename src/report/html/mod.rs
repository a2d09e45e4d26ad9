//! The audit report as one self-contained HTML page (`--report-html`): header and verdict, the
//! gate and the leak check, per input the detection table, fidelity (distribution charts,
//! correlation heatmaps, identifier profiles) and re-identification risk, the LLM's part, and the
//! warnings.
//!
//! The page loads nothing: no network, no external CSS, JavaScript or fonts; charts are inline
//! SVG and styles one `<style>` block with system fonts, so it can be mailed, archived and
//! printed as it is. Every string taken from the report is HTML-escaped (column names and paths
//! are user data). This module only renders: it computes no figure and decides nothing, and like
//! the report itself it never sees a cell value (LLM samples appear only when the report holds
//! them, i.e. under `--llm-send values`).

mod escape;
mod format;

use super::{ColumnReport, GateCheck, InputReport, LeakCheck, LlmColumn, LlmReport, Report};
use crate::verify::fidelity::{Chart, ColumnFidelity, CorrelationMatrices, Fidelity};
use crate::verify::risk::{Risk, RiskFigures};
use format::{compact, f1, f3, int, ms, num, pct, truncate};
use std::fmt::Write;

/// Colour of the original data in every chart.
const ORIGINAL: &str = "#3b6ea8";
/// Colour of the anonymized data in every chart.
const ANONYMIZED: &str = "#e07b24";

/// The whole report as one self-contained HTML page: no network, no external CSS/JS/fonts,
/// charts as inline SVG.
pub fn render(report: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("masq {} report — {}", report.command, report.verdict);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    header(&mut h, report);
    gate(&mut h, report);
    leaks(&mut h, report.leak_check.as_ref());
    residuals(&mut h, report.residual_check.as_ref());
    for (i, input) in report.inputs.iter().enumerate() {
        input_section(&mut h, i, input);
    }
    if let Some(llm) = &report.llm {
        llm_section(&mut h, llm);
    }
    warnings(&mut h, &report.warnings);
    let _ = write!(
        h,
        "<footer>masq {} · report version {} · this page contains no script and loads nothing \
         from the network.</footer>\n</main>\n</body>\n</html>\n",
        esc(&report.masq_version),
        report.report_version
    );
    h
}

// ---------------------------------------------------------------------------------------------
// Sections

fn header(h: &mut String, r: &Report) {
    let tone = match r.verdict.as_str() {
        "written" | "verified" => "ok",
        "refused" | "failed" => "bad",
        _ => "neutral",
    };
    let verdict = if r.verdict.is_empty() {
        "unknown"
    } else {
        &r.verdict
    };
    let _ = write!(
        h,
        "<header class=\"top\">\n<div class=\"titles\"><p class=\"eyebrow\">masq audit report</p>\
         <h1>masq {}</h1></div>\n<div class=\"verdict {tone}\">{}</div>\n</header>\n",
        esc(&r.command),
        esc(&verdict.to_uppercase())
    );
    let raw = if r.raw_values_included {
        "<div class=\"raw bad\">Raw values included: <strong>yes</strong> — this report holds \
         cell values; handle it as personal data.</div>"
    } else {
        "<div class=\"raw ok\">Raw values included: <strong>no</strong> — this report holds no \
         cell value.</div>"
    };
    h.push_str(raw);
    h.push_str("\n<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"facts\">\n");
    fact(h, "Command", &esc(&r.command));
    fact(h, "Verdict", &esc(verdict));
    fact(h, "masq version", &esc(&r.masq_version));
    fact(h, "Report version", &r.report_version.to_string());
    match &r.key {
        Some(k) => {
            let source = serde_json::to_value(k.source)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("{:?}", k.source));
            fact(h, "Key source", &esc(&source));
            fact(
                h,
                "Key fingerprint",
                &format!("<code>{}</code>", esc(&k.fingerprint)),
            );
        }
        None => fact(h, "Key", "none"),
    }
    fact(
        h,
        "Policy",
        &r.policy
            .as_deref()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .unwrap_or_else(|| "built-in defaults".into()),
    );
    if !r.rules.is_empty() {
        let rules: Vec<String> = r
            .rules
            .iter()
            .map(|f| {
                format!(
                    "<span class=\"tag\" title=\"{}\">{} v{}</span>",
                    esc(&f.source),
                    esc(&f.family),
                    f.version
                )
            })
            .collect();
        fact(h, "Rule families", &rules.join(" "));
    }
    let inputs: Vec<String> = r
        .inputs
        .iter()
        .map(|i| {
            format!(
                "<code>{}</code> ({}, {} rows){}",
                esc(&i.path),
                esc(&i.format),
                int(i.rows as u64),
                match &i.output {
                    Some(o) => format!(" → <code>{}</code>", esc(o)),
                    None => String::new(),
                }
            )
        })
        .collect();
    if !inputs.is_empty() {
        fact(h, "Inputs", &inputs.join("<br>"));
    }
    h.push_str("</dl>\n");
    if !r.timings_ms.is_empty() {
        timings(h, &r.timings_ms);
    }
    h.push_str("</section>\n");
}

fn timings(h: &mut String, t: &std::collections::BTreeMap<String, u64>) {
    const ORDER: [&str; 6] = [
        "read",
        "detect",
        "index originals",
        "transform",
        "verify",
        "write",
    ];
    let mut stages: Vec<(&str, u64)> = ORDER
        .iter()
        .filter_map(|s| t.get(*s).map(|v| (*s, *v)))
        .collect();
    for (k, v) in t {
        if !ORDER.contains(&k.as_str()) {
            stages.push((k, *v));
        }
    }
    let total: u64 = stages.iter().map(|s| s.1).sum();
    let _ = write!(
        h,
        "<h3>Timings <span class=\"muted\">({} in total)</span></h3>\n<div class=\"scroll\"><table class=\"timings\">\
         <thead><tr><th>stage</th><th class=\"num\">ms</th><th>share</th></tr></thead><tbody>\n",
        ms(total)
    );
    for (stage, v) in stages {
        let share = if total > 0 {
            v as f64 / total as f64
        } else {
            0.0
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(stage),
            int(v),
            bar(share, "")
        );
    }
    h.push_str("</tbody></table></div>\n");
}

fn gate(h: &mut String, r: &Report) {
    h.push_str("<section id=\"gate\">\n<h2>Gate</h2>\n");
    let Some(g) = &r.gate else {
        h.push_str(
            "<p class=\"muted\">Not computed (no gate runs for this command).</p>\n</section>\n",
        );
        return;
    };
    let _ = writeln!(
        h,
        "<p><span class=\"pill {}\">{}</span> {} of the policy's thresholds failed.</p>",
        if g.passed { "ok" } else { "bad" },
        if g.passed { "passed" } else { "failed" },
        g.failures.len()
    );
    // Rows: the thresholds the report lets us show (leaks, k per input) whether they held or not,
    // then every other failure (fidelity) as reported.
    let mut rows: Vec<(String, String, String, String, Option<&GateCheck>)> = Vec::new();
    let mut shown = vec![false; g.failures.len()];
    let mut find = |threshold: &str, input: Option<&str>| {
        let i = g.failures.iter().enumerate().position(|(i, f)| {
            !shown[i]
                && f.threshold == threshold
                && f.column.is_none()
                && (input.is_none() || f.input.as_deref() == input)
        })?;
        shown[i] = true;
        Some(&g.failures[i])
    };
    if let Some(l) = &r.leak_check {
        let f = find("max_leaks", None);
        rows.push((
            "max_leaks".into(),
            String::new(),
            format!("≤ {}", int(l.max_leaks)),
            int(l.leaked_cells as u64),
            f,
        ));
    }
    if let Some(res) = &r.residual_check {
        let f = find("max_residual", None);
        rows.push((
            "max_residual".into(),
            String::new(),
            format!("≤ {}", int(res.max_residual)),
            int(res.residual_cells as u64),
            f,
        ));
    }
    for i in &r.inputs {
        if let Some(risk) = &i.risk
            && let Some(k) = risk.required_k
        {
            let f = find("min_k", Some(&i.path));
            rows.push((
                "min_k".into(),
                format!("<code>{}</code>", esc(&i.path)),
                format!("≥ {}", int(k)),
                int(risk.after.k),
                f,
            ));
        }
    }
    // Fidelity thresholds that held (leaks and k were shown above, held or not).
    for c in g.held.iter().filter(|c| c.threshold == "min_fidelity") {
        let mut where_ = c
            .input
            .as_deref()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .unwrap_or_default();
        if let Some(col) = &c.column {
            let _ = write!(where_, " · column <code>{}</code>", esc(col));
        }
        rows.push((
            c.threshold.clone(),
            where_,
            format!("≥ {}", num(c.required)),
            num(c.actual),
            None,
        ));
    }
    for (i, f) in g.failures.iter().enumerate() {
        if shown[i] {
            continue;
        }
        let mut where_ = f
            .input
            .as_deref()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .unwrap_or_default();
        if let Some(c) = &f.column {
            if !where_.is_empty() {
                where_.push_str(" · ");
            }
            let _ = write!(where_, "column <code>{}</code>", esc(c));
        }
        rows.push((
            f.threshold.clone(),
            where_,
            format!("≥ {}", num(f.required)),
            num(f.actual),
            Some(f),
        ));
    }
    if rows.is_empty() {
        h.push_str("<p class=\"muted\">No threshold was set.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>threshold</th><th>where</th><th class=\"num\">required</th>\
         <th class=\"num\">actual</th><th>result</th></tr></thead><tbody>\n",
    );
    for (threshold, where_, required, actual, failure) in rows {
        let (class, result) = match failure {
            Some(_) => ("fail", "<span class=\"pill bad\">failed</span>"),
            None => ("", "<span class=\"pill ok\">held</span>"),
        };
        let required = match failure {
            Some(f) if threshold == "max_leaks" || threshold == "max_residual" => {
                format!("≤ {}", num(f.required))
            }
            Some(f) if threshold == "min_k" => format!("≥ {}", num(f.required)),
            _ => required,
        };
        let _ = writeln!(
            h,
            "<tr class=\"{class}\"><td><code>{}</code></td><td>{where_}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{result}</td></tr>",
            esc(&threshold),
            esc(&required),
            esc(&actual)
        );
        if let Some(f) = failure {
            let _ = writeln!(
                h,
                "<tr class=\"fail msg\"><td colspan=\"5\">{}</td></tr>",
                esc(&f.message)
            );
        }
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

fn leaks(h: &mut String, l: Option<&LeakCheck>) {
    h.push_str("<section id=\"leaks\">\n<h2>Leak check</h2>\n");
    let Some(l) = l else {
        h.push_str("<p class=\"muted\">Not computed.</p>\n</section>\n");
        return;
    };
    let _ = writeln!(
        h,
        "<div class=\"stats\">{}{}{}{}</div>",
        stat("originals indexed", &int(l.originals_indexed as u64), ""),
        stat("output cells checked", &int(l.cells_checked as u64), ""),
        stat(
            "leaked cells",
            &int(l.leaked_cells as u64),
            if l.passed { "ok" } else { "bad" }
        ),
        stat("allowed", &int(l.max_leaks), ""),
    );
    if l.columns.is_empty() {
        h.push_str("<p>No output cell holds an original identifying value.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>input</th><th>column</th><th class=\"num\">leaked cells</th>\
         <th>check</th><th>from</th><th>fingerprints</th></tr></thead><tbody>\n",
    );
    for c in &l.columns {
        let from: Vec<String> = c
            .from
            .iter()
            .map(|f| format!("<code>{}</code>", esc(f)))
            .collect();
        let fps: Vec<String> = c
            .fingerprints
            .iter()
            .map(|f| format!("<code>{}</code>", esc(f)))
            .collect();
        let _ = writeln!(
            h,
            "<tr class=\"fail\"><td><code>{}</code></td><td><code>{}</code></td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"fps\">{}</td></tr>",
            esc(&c.input),
            esc(&c.column),
            int(c.leaked_cells as u64),
            esc(&c.check),
            from.join("<br>"),
            fps.join(" ")
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

fn residuals(h: &mut String, r: Option<&crate::verify::residual::ResidualCheck>) {
    h.push_str("<section id=\"residuals\">\n<h2>Residual scan</h2>\n");
    let Some(r) = r else {
        h.push_str("<p class=\"muted\">Not computed.</p>\n</section>\n");
        return;
    };
    h.push_str(
        "<p class=\"muted\">Every output cell, whatever detection decided, scanned for emails, \
         phones, cards, IBANs, national ids, IPs, URLs, crypto addresses and secrets that masq did \
         not write.</p>\n",
    );
    let _ = writeln!(
        h,
        "<div class=\"stats\">{}{}{}{}{}</div>",
        stat("columns scanned", &int(r.columns_scanned as u64), ""),
        stat("of them kept as they were", &int(r.columns_kept as u64), ""),
        stat("output cells scanned", &int(r.cells_scanned as u64), ""),
        stat(
            "residual cells",
            &int(r.residual_cells as u64),
            if r.passed { "ok" } else { "bad" }
        ),
        stat("allowed", &int(r.max_residual), ""),
    );
    if r.columns.is_empty() {
        h.push_str("<p>No output cell holds an identifier masq did not write.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>input</th><th>column</th><th>kind</th>\
         <th class=\"num\">cells</th><th>column was</th><th>gates</th><th>fingerprints</th></tr></thead><tbody>\n",
    );
    for c in &r.columns {
        let fps: Vec<String> = c
            .fingerprints
            .iter()
            .map(|f| format!("<code>{}</code>", esc(f)))
            .collect();
        let _ = writeln!(
            h,
            "<tr class=\"{}\"><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"fps\">{}</td></tr>",
            if c.gating { "fail" } else { "" },
            esc(&c.input),
            esc(&c.column),
            esc(c.kind.as_str()),
            int(c.cells as u64),
            esc(&c.how),
            if c.gating { "yes" } else { "reported only" },
            fps.join(" ")
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

fn input_section(h: &mut String, n: usize, i: &InputReport) {
    let _ = writeln!(
        h,
        "<section class=\"input\" id=\"input-{n}\">\n<h2>Input <code>{}</code></h2>\n\
         <p class=\"muted\">{} · {} rows · {} column{}{}</p>",
        esc(&i.path),
        esc(&i.format),
        int(i.rows as u64),
        i.columns.len(),
        if i.columns.len() == 1 { "" } else { "s" },
        match (&i.output, &i.output_format) {
            (Some(o), Some(f)) => format!(" · output <code>{}</code> ({})", esc(o), esc(f)),
            (Some(o), None) => format!(" · output <code>{}</code>", esc(o)),
            _ => String::new(),
        }
    );
    detection(h, &i.columns);
    h.push_str("<h3>Fidelity</h3>\n");
    match &i.fidelity {
        Some(f) => fidelity(h, f),
        None => h.push_str("<p class=\"muted\">Not computed.</p>\n"),
    }
    h.push_str("<h3>Re-identification risk</h3>\n");
    match &i.risk {
        Some(r) => risk(h, r),
        None => h.push_str("<p class=\"muted\">Not computed.</p>\n"),
    }
    h.push_str("</section>\n");
}

fn detection(h: &mut String, cols: &[ColumnReport]) {
    h.push_str("<h3>Detection</h3>\n");
    if cols.is_empty() {
        h.push_str("<p class=\"muted\">No column.</p>\n");
        return;
    }
    h.push_str(
        "<div class=\"scroll\"><table class=\"detect\"><thead><tr><th>column</th><th>kind</th>\
         <th>confidence</th><th>evidence</th><th>rules</th><th>strategy</th><th>decided by</th>\
         <th class=\"num\">replaced</th><th class=\"num\">distinct</th><th class=\"num\">nulls</th>\
         </tr></thead><tbody>\n",
    );
    for c in cols {
        let kind = match &c.kind {
            Some(k) => format!("<span class=\"tag kind\">{}</span>", esc(k)),
            None => "<span class=\"muted\">—</span>".into(),
        };
        let mut kind = kind;
        if c.free_text {
            kind.push_str(" <span class=\"tag\">free text</span>");
        }
        if !c.spans.is_empty() {
            let _ = write!(
                kind,
                " <span class=\"muted\">{} spans in sample</span>",
                c.spans.len()
            );
        }
        let evidence: Vec<String> = c.evidence.iter().map(|e| esc(e)).collect();
        let rules: Vec<String> = c
            .rules
            .iter()
            .map(|r| format!("<code>{}</code>", esc(r)))
            .collect();
        let strategy = match c.strategy.as_deref() {
            Some("keep") => "<span class=\"muted\">keep</span>".to_string(),
            Some(s) => format!("<strong>{}</strong>", esc(s)),
            None => "<span class=\"muted\">—</span>".into(),
        };
        let (replaced, distinct, nulls) = match &c.counts {
            Some(k) => (
                int(k.replaced as u64),
                int(k.distinct as u64),
                int(k.nulls as u64),
            ),
            None => ("—".into(), "—".into(), "—".into()),
        };
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{kind}</td><td class=\"conf\">{}</td><td class=\"evidence\">{}</td>\
             <td>{}</td><td>{strategy}</td><td>{}</td><td class=\"num\">{replaced}</td>\
             <td class=\"num\">{distinct}</td><td class=\"num\">{nulls}</td></tr>",
            esc(&c.name),
            bar(c.confidence, &f3(c.confidence)),
            evidence.join("<br>"),
            rules.join(" "),
            c.decided_by
                .as_deref()
                .map(esc)
                .unwrap_or_else(|| "—".into()),
        );
    }
    h.push_str("</tbody></table></div>\n");
}

fn fidelity(h: &mut String, f: &Fidelity) {
    let _ = writeln!(
        h,
        "<div class=\"stats\">{}{}{}</div>",
        stat(
            "overall fidelity",
            &f.overall.map(f3).unwrap_or_else(|| "—".into()),
            match f.overall {
                Some(s) if s >= 0.9 => "ok",
                Some(s) if s < 0.7 => "bad",
                _ => "",
            }
        ),
        stat("columns compared", &f.columns.len().to_string(), ""),
        stat("pairs compared", &f.pairs.len().to_string(), ""),
    );
    if !f.columns.is_empty() {
        h.push_str("<h4>Distributions</h4>\n<div class=\"cards\">\n");
        for c in &f.columns {
            column_chart(h, c);
        }
        h.push_str("</div>\n");
    }
    if !f.pairs.is_empty() {
        h.push_str(
            "<h4>Pairs</h4>\n<div class=\"scroll\"><table><thead><tr><th>columns</th><th>metric</th>\
             <th class=\"num\">original</th><th class=\"num\">anonymized</th>\
             <th>score</th></tr></thead><tbody>\n",
        );
        for p in &f.pairs {
            let metric = match &p.coefficient {
                Some(c) => format!("{} ({})", esc(&p.metric), esc(c)),
                None => esc(&p.metric),
            };
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code> × <code>{}</code></td><td>{metric}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&p.columns[0]),
                esc(&p.columns[1]),
                p.original.map(f3).unwrap_or_else(|| "—".into()),
                p.anonymized.map(f3).unwrap_or_else(|| "—".into()),
                bar(p.score, &f3(p.score))
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    if let Some(m) = &f.correlation
        && !m.columns.is_empty()
    {
        correlation(h, m);
    }
    if !f.identifiers.is_empty() {
        h.push_str(
            "<h4>Replaced identifiers</h4>\n<p class=\"muted\">Values of replaced columns are new \
             by design; these profiles compare their shape, not their values (original → \
             anonymized).</p>\n<div class=\"scroll\"><table><thead><tr><th>column</th>\
             <th>kind</th><th>strategy</th><th>null rate</th><th>distinct ratio</th>\
             <th>mean length</th><th>length range</th><th>valid share</th></tr></thead><tbody>\n",
        );
        for p in &f.identifiers {
            let [[a0, a1], [b0, b1]] = p.length_range;
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{} → {}</td>\
                 <td>{} → {}</td><td>{} → {}</td><td>{a0}–{a1} → {b0}–{b1}</td><td>{}</td></tr>",
                esc(&p.column),
                p.kind.as_deref().map(esc).unwrap_or_else(|| "—".into()),
                esc(&p.strategy),
                pct(p.null_rate[0]),
                pct(p.null_rate[1]),
                f3(p.distinct_ratio[0]),
                f3(p.distinct_ratio[1]),
                f1(p.mean_length[0]),
                f1(p.mean_length[1]),
                p.valid_share.map(pct).unwrap_or_else(|| "—".into()),
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    if !f.skipped.is_empty() {
        h.push_str("<h4>Not compared</h4>\n<ul class=\"skipped\">\n");
        for s in &f.skipped {
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {}</li>",
                esc(&s.column),
                esc(&s.why)
            );
        }
        h.push_str("</ul>\n");
    }
}

fn column_chart(h: &mut String, c: &ColumnFidelity) {
    let _ = writeln!(
        h,
        "<figure class=\"card\"><figcaption><code>{}</code> <span class=\"muted\">{} · {}</span>\
         <span class=\"score {}\">{}</span></figcaption>",
        esc(&c.column),
        esc(&c.column_type),
        esc(&c.metric),
        score_tone(c.score),
        f3(c.score)
    );
    let step = matches!(c.column_type.as_str(), "numeric" | "datetime");
    h.push_str(&distribution_svg(&c.chart, step, &c.column));
    h.push_str("</figure>\n");
}

fn correlation(h: &mut String, m: &CorrelationMatrices) {
    h.push_str(
        "<h4>Correlations (Pearson)</h4>\n<div class=\"pair\">\n<figure class=\"card\">\
         <figcaption>original</figcaption>\n",
    );
    h.push_str(&heatmap_svg(&m.columns, &m.original, "original"));
    h.push_str("</figure>\n<figure class=\"card\"><figcaption>anonymized</figcaption>\n");
    h.push_str(&heatmap_svg(&m.columns, &m.anonymized, "anonymized"));
    h.push_str("</figure>\n</div>\n");
}

fn risk(h: &mut String, r: &Risk) {
    let qi: Vec<String> = r
        .quasi_identifiers
        .iter()
        .map(|q| format!("<code>{}</code>", esc(q)))
        .collect();
    let _ = writeln!(
        h,
        "<p>Quasi-identifiers: {}</p>",
        if qi.is_empty() {
            "none".into()
        } else {
            qi.join(", ")
        }
    );
    let tone = match r.required_k {
        Some(k) if r.after.k >= k => "ok",
        Some(_) => "bad",
        None => "",
    };
    let _ = writeln!(
        h,
        "<div class=\"kbig\"><div><span class=\"label\">k before</span><span class=\"big\">{}</span></div>\
         <div class=\"arrow\">→</div><div><span class=\"label\">k after</span><span class=\"big {tone}\">{}</span></div>\
         <div><span class=\"label\">required k</span><span class=\"big muted\">{}</span></div></div>",
        int(r.before.k),
        int(r.after.k),
        r.required_k.map(int).unwrap_or_else(|| "—".into())
    );
    let below = match r.required_k {
        Some(k) => format!("rows in classes below k = {k}"),
        None => "rows in classes below k = 5".into(),
    };
    let _ = writeln!(
        h,
        "<div class=\"scroll\"><table class=\"narrow\"><thead><tr><th></th><th class=\"num\">before</th>\
         <th class=\"num\">after</th></tr></thead><tbody>\n\
         <tr><td>rows</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n\
         <tr><td>equivalence classes</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n\
         <tr><td>unique rows</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n\
         <tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n</tbody></table></div>",
        int(r.before.rows as u64),
        int(r.after.rows as u64),
        int(r.before.classes as u64),
        int(r.after.classes as u64),
        pct(r.before.unique_share),
        pct(r.after.unique_share),
        esc(&below),
        pct(r.before.below_k_share),
        pct(r.after.below_k_share),
    );
    if !r.before.histogram.is_empty() || !r.after.histogram.is_empty() {
        h.push_str(
            "<figure class=\"card wide\"><figcaption>Rows per equivalence-class size</figcaption>\n",
        );
        h.push_str(&histogram_svg(&r.before, &r.after));
        h.push_str("</figure>\n");
    }
}

fn llm_section(h: &mut String, l: &LlmReport) {
    h.push_str("<section id=\"llm\">\n<h2>LLM</h2>\n<dl class=\"facts\">\n");
    fact(h, "Server", &format!("<code>{}</code>", esc(&l.url)));
    fact(h, "Model", &format!("<code>{}</code>", esc(&l.model)));
    fact(h, "Mode", &esc(&l.mode));
    let send = if l.send == "values" {
        format!(
            "<span class=\"pill bad\">{}</span> raw sampled values were sent",
            esc(&l.send)
        )
    } else {
        format!(
            "<span class=\"pill ok\">{}</span> only value shapes and counts were sent",
            esc(&l.send)
        )
    };
    fact(h, "Send", &send);
    if let Some(q) = &l.quiz {
        let verdict = if q.passed {
            "<span class=\"pill ok\">trusted</span>"
        } else {
            "<span class=\"pill bad\">not trusted</span> votes recorded, not adopted"
        };
        fact(
            h,
            "Quiz",
            &format!(
                "{verdict} {} of masq's {} test columns classified right ({} needed)",
                q.right, q.asked, q.needed
            ),
        );
    }
    h.push_str("</dl>\n");
    let u = &l.usage;
    let _ = writeln!(
        h,
        "<div class=\"stats\">{}{}{}{}{}{}{}</div>",
        stat("requests", &int(u.requests), ""),
        stat("cache hits", &int(u.cache_hits), ""),
        stat("retries", &int(u.retries), ""),
        stat(
            "failures",
            &int(u.failures),
            if u.failures > 0 { "bad" } else { "" }
        ),
        stat(
            "tokens (prompt + completion)",
            &format!("{} + {}", int(u.prompt_tokens), int(u.completion_tokens)),
            ""
        ),
        stat("latency total", &ms(u.latency_ms_total), ""),
        stat("latency max", &ms(u.latency_ms_max), ""),
    );
    for c in &l.columns {
        llm_column(h, c);
    }
    h.push_str("</section>\n");
}

fn llm_column(h: &mut String, c: &LlmColumn) {
    let s = &c.sent;
    let _ = writeln!(
        h,
        "<div class=\"card llm\"><h4><code>{}</code> · <code>{}</code> <span class=\"tag\">{}</span></h4>\n\
         <p class=\"muted\">Sent: column name <code>{}</code>, type {}, {} rows, {} non-null, {} distinct.</p>",
        esc(&c.input),
        esc(&c.column),
        esc(&c.task),
        esc(&s.column_name),
        esc(&s.dtype),
        int(s.rows as u64),
        int(s.non_null as u64),
        int(s.distinct as u64),
    );
    if !s.shapes.is_empty() {
        h.push_str(
            "<div class=\"scroll\"><table class=\"narrow\"><thead><tr><th>shape sent</th><th class=\"num\">values</th>\
             <th class=\"num\">length</th></tr></thead><tbody>\n",
        );
        for sh in &s.shapes {
            let len = if sh.min_len == sh.max_len {
                sh.min_len.to_string()
            } else {
                format!("{}–{}", sh.min_len, sh.max_len)
            };
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{len}</td></tr>",
                esc(&sh.shape),
                int(sh.count as u64)
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    if !s.values.is_empty() {
        let vals: Vec<String> = s
            .values
            .iter()
            .map(|v| format!("<code>{}</code>", esc(v)))
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"rawsent\"><strong>Raw values sent ({}):</strong> {}</p>",
            s.values.len(),
            vals.join(" ")
        );
    }
    match &c.vote {
        Some(v) => {
            let _ = writeln!(
                h,
                "<p>Vote: <span class=\"tag kind\">{}</span> confidence {} — {} \
                 <span class=\"pill {}\">{}</span></p>",
                esc(&v.kind),
                f3(v.confidence),
                esc(&v.reason),
                if v.adopted { "ok" } else { "neutral" },
                if v.adopted { "adopted" } else { "not adopted" }
            );
        }
        None => h.push_str("<p class=\"muted\">No vote.</p>\n"),
    }
    let _ = writeln!(h, "<p>Outcome: {}</p>\n</div>", esc(&c.outcome));
}

fn warnings(h: &mut String, w: &[String]) {
    h.push_str("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
    if w.is_empty() {
        h.push_str("<p class=\"muted\">None.</p>\n");
    } else {
        h.push_str("<ul class=\"warnings\">\n");
        for x in w {
            let _ = writeln!(h, "<li>{}</li>", esc(x));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG; all sizes in viewBox units, scaled to the card's width)

const CW: f64 = 360.0;
const CH: f64 = 190.0;
const PAD_L: f64 = 40.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 24.0;
const PAD_B: f64 = 44.0;

/// Original and anonymized shares over the same labels: overlaid step areas for numeric and
/// datetime bins, grouped bars for categories.
fn distribution_svg(chart: &Chart, step: bool, column: &str) -> String {
    let n = chart
        .labels
        .len()
        .min(chart.original.len())
        .min(chart.anonymized.len());
    let mut s = svg_open(CW, CH, &format!("distribution of {column}"));
    if n == 0 {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">no data</text></svg>",
            CW / 2.0,
            CH / 2.0
        );
        return s;
    }
    let ymax = nice_max(
        chart.original[..n]
            .iter()
            .chain(&chart.anonymized[..n])
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max),
    );
    let pw = CW - PAD_L - PAD_R;
    let ph = CH - PAD_T - PAD_B;
    let y = |v: f64| PAD_T + ph - (v.max(0.0) / ymax).min(1.0) * ph;
    y_axis(&mut s, ymax, ph, true);
    let bw = pw / n as f64;
    if step {
        for (vals, color, fill) in [
            (
                &chart.original,
                ORIGINAL,
                format!("fill=\"{ORIGINAL}\" fill-opacity=\"0.35\" stroke-width=\"1\""),
            ),
            (
                &chart.anonymized,
                ANONYMIZED,
                "fill=\"none\" stroke-width=\"2.2\"".to_string(),
            ),
        ] {
            let mut d = format!("M{:.1},{:.1}", PAD_L, y(0.0));
            for (i, v) in vals[..n].iter().enumerate() {
                let x0 = PAD_L + i as f64 * bw;
                let _ = write!(d, " L{:.1},{:.1} L{:.1},{:.1}", x0, y(*v), x0 + bw, y(*v));
            }
            let _ = write!(d, " L{:.1},{:.1}", PAD_L + pw, y(0.0));
            let _ = write!(
                s,
                "<path d=\"{d} Z\" stroke=\"{color}\" stroke-linejoin=\"round\" {fill}/>"
            );
        }
        for i in 0..n {
            let x0 = PAD_L + i as f64 * bw;
            let _ = write!(
                s,
                "<rect x=\"{x0:.1}\" y=\"{PAD_T}\" width=\"{bw:.1}\" height=\"{ph}\" fill=\"transparent\">\
                 <title>{}: original {}, anonymized {}</title></rect>",
                esc(&chart.labels[i]),
                pct(chart.original[i]),
                pct(chart.anonymized[i])
            );
        }
    } else {
        let gap = (bw * 0.2).min(6.0);
        let w = (bw - gap) / 2.0;
        for i in 0..n {
            let x0 = PAD_L + i as f64 * bw + gap / 2.0;
            for (j, (v, color)) in [
                (chart.original[i], ORIGINAL),
                (chart.anonymized[i], ANONYMIZED),
            ]
            .into_iter()
            .enumerate()
            {
                let top = y(v);
                let _ = write!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{color}\">\
                     <title>{}: {} {}</title></rect>",
                    x0 + j as f64 * w,
                    y(0.0) - top,
                    esc(&chart.labels[i]),
                    if j == 0 { "original" } else { "anonymized" },
                    pct(v)
                );
            }
        }
    }
    x_labels(&mut s, &chart.labels[..n], pw);
    legend(
        &mut s,
        &[("original", ORIGINAL), ("anonymized", ANONYMIZED)],
        step,
    );
    s.push_str("</svg>\n");
    s
}

/// Rows per class-size bucket, before and after, as grouped bars.
fn histogram_svg(before: &RiskFigures, after: &RiskFigures) -> String {
    let mut labels: Vec<String> = before.histogram.iter().map(|b| b.sizes.clone()).collect();
    for b in &after.histogram {
        if !labels.contains(&b.sizes) {
            labels.push(b.sizes.clone());
        }
    }
    // Buckets are named by their smallest size (`1`, `3-4`, `20+`): keep them in size order.
    let smallest = |l: &str| -> u64 {
        let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap_or(u64::MAX)
    };
    labels.sort_by_key(|l| smallest(l));
    let rows = |f: &RiskFigures, l: &str| {
        f.histogram
            .iter()
            .find(|b| b.sizes == l)
            .map(|b| (b.rows, b.classes))
            .unwrap_or((0, 0))
    };
    let n = labels.len();
    let (w_total, h_total) = (520.0, 200.0);
    let pw = w_total - PAD_L - PAD_R - 10.0;
    let ph = h_total - PAD_T - 34.0;
    let left = PAD_L + 10.0;
    let ymax = nice_max(
        labels
            .iter()
            .flat_map(|l| [rows(before, l).0, rows(after, l).0])
            .max()
            .unwrap_or(0) as f64,
    );
    let mut s = svg_open(
        w_total,
        h_total,
        "rows per equivalence-class size, before and after",
    );
    let y = |v: f64| PAD_T + ph - (v / ymax).min(1.0) * ph;
    // Y axis with row counts.
    for t in 0..=4 {
        let v = ymax * t as f64 / 4.0;
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{}</text>",
            left + pw,
            left - 4.0,
            yy + 3.0,
            compact(v)
        );
    }
    let bw = pw / n.max(1) as f64;
    let gap = (bw * 0.25).min(16.0);
    let w = (bw - gap) / 2.0;
    for (i, l) in labels.iter().enumerate() {
        let x0 = left + i as f64 * bw + gap / 2.0;
        for (j, (f, color, name)) in [(before, ORIGINAL, "before"), (after, ANONYMIZED, "after")]
            .into_iter()
            .enumerate()
        {
            let (r, c) = rows(f, l);
            let top = y(r as f64);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{color}\">\
                 <title>class size {}: {name} {} rows in {} classes</title></rect>",
                x0 + j as f64 * w,
                y(0.0) - top,
                esc(l),
                int(r as u64),
                int(c as u64)
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
            left + (i as f64 + 0.5) * bw,
            PAD_T + ph + 14.0,
            esc(l)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">rows whose class has this many rows</text>",
        left + pw / 2.0,
        PAD_T + ph + 30.0
    );
    legend(
        &mut s,
        &[("before", ORIGINAL), ("after", ANONYMIZED)],
        false,
    );
    s.push_str("</svg>\n");
    s
}

/// A correlation matrix as a heatmap on a diverging scale (blue −1, white 0, red +1).
fn heatmap_svg(columns: &[String], values: &[Option<f64>], which: &str) -> String {
    let n = columns.len();
    let cell = (340.0 / n as f64).clamp(14.0, 64.0);
    // Room for the longest (truncated) name, at 45° on top and level on the left.
    let longest = columns
        .iter()
        .map(|c| c.chars().count().min(14))
        .max()
        .unwrap_or(1) as f64;
    let label_w = 16.0 + 6.0 * longest;
    let top = 14.0 + 4.5 * longest;
    let width = label_w + cell * n as f64 + 4.0 + 4.5 * longest;
    let height = top + cell * n as f64 + 40.0;
    let mut s = svg_open(width, height, &format!("{which} correlation matrix"));
    // Heatmaps keep their natural size (two side by side); other charts fill their card.
    s = s.replacen("style=\"", &format!("width=\"{width}\" style=\""), 1);
    for (i, c) in columns.iter().enumerate() {
        let short = esc(&truncate(c, 14));
        let full = esc(c);
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\" dominant-baseline=\"middle\">\
             <title>{full}</title>{short}</text>",
            label_w - 6.0,
            top + (i as f64 + 0.5) * cell
        );
        let x = label_w + (i as f64 + 0.5) * cell;
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" class=\"axis\" transform=\"rotate(-45 {x:.1} {:.1})\">\
             <title>{full}</title>{short}</text>",
            top - 6.0,
            top - 6.0
        );
    }
    for r in 0..n {
        for c in 0..n {
            let v = values.get(r * n + c).copied().flatten();
            let (fill, text) = match v {
                Some(v) if v.is_finite() => (diverging(v), format!("{v:.2}")),
                _ => ("#d9d9d9".to_string(), "n/a".to_string()),
            };
            let x = label_w + c as f64 * cell;
            let y = top + r as f64 * cell;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" fill=\"{fill}\" \
                 stroke=\"#fff\" stroke-width=\"1\"><title>{} × {}: {text}</title></rect>",
                esc(&columns[r]),
                esc(&columns[c])
            );
            if cell >= 34.0 {
                let dark = v.is_some_and(|v| v.abs() > 0.6);
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" class=\"cellv\" text-anchor=\"middle\" \
                     dominant-baseline=\"middle\" fill=\"{}\">{text}</text>",
                    x + cell / 2.0,
                    y + cell / 2.0,
                    if dark { "#fff" } else { "#222" }
                );
            }
        }
    }
    // Colour scale.
    let sy = top + cell * n as f64 + 12.0;
    let steps = 20;
    let sw = (cell * n as f64).min(200.0) / steps as f64;
    for i in 0..steps {
        let v = -1.0 + 2.0 * (i as f64 + 0.5) / steps as f64;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{sy:.1}\" width=\"{:.1}\" height=\"8\" fill=\"{}\"/>",
            label_w + i as f64 * sw,
            sw + 0.3,
            diverging(v)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{label_w:.1}\" y=\"{:.1}\" class=\"axis\">−1</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">+1</text></svg>",
        sy + 20.0,
        label_w + sw * steps as f64 / 2.0,
        sy + 20.0,
        label_w + sw * steps as f64,
        sy + 20.0
    );
    s
}

fn svg_open(w: f64, h: f64, label: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"{}\" class=\"chart\" style=\"max-width:{w}px\">",
        esc(label)
    )
}

fn y_axis(s: &mut String, ymax: f64, ph: f64, percent: bool) {
    for t in 0..=4 {
        let v = ymax * t as f64 / 4.0;
        let yy = PAD_T + ph - ph * t as f64 / 4.0;
        let label = if percent {
            let p = v * 100.0;
            if (p - p.round()).abs() < 1e-6 {
                format!("{p:.0}%")
            } else {
                format!("{p:.1}%")
            }
        } else {
            compact(v)
        };
        let _ = write!(
            s,
            "<line x1=\"{PAD_L}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{label}</text>",
            CW - PAD_R,
            PAD_L - 4.0,
            yy + 3.0
        );
    }
}

/// Labels under the plot: every one when they fit, else every k-th; rotated when many.
fn x_labels(s: &mut String, labels: &[String], pw: f64) {
    let n = labels.len();
    let bw = pw / n as f64;
    let every = n.div_ceil(8).max(1);
    let rotate = n > 4;
    let base = PAD_T + (CH - PAD_T - PAD_B) + 12.0;
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = PAD_L + (i as f64 + 0.5) * bw;
        let text = esc(&truncate(l, 12));
        if rotate {
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{base:.1}\" class=\"axis\" text-anchor=\"end\" \
                 transform=\"rotate(-35 {x:.1} {base:.1})\"><title>{}</title>{text}</text>",
                esc(l)
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{base:.1}\" class=\"axis\" text-anchor=\"middle\">\
                 <title>{}</title>{text}</text>",
                esc(l)
            );
        }
    }
}

/// Colour keys above a chart; with `line_last`, the last series is drawn as a line (step charts).
fn legend(s: &mut String, items: &[(&str, &str)], line_last: bool) {
    let mut x = PAD_L;
    for (i, (name, color)) in items.iter().enumerate() {
        if line_last && i + 1 == items.len() {
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" x2=\"{:.1}\" y1=\"11\" y2=\"11\" stroke=\"{color}\" \
                 stroke-width=\"2.2\"/>",
                x + 10.0
            );
        } else {
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{color}\"/>"
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"15\" class=\"legend\">{}</text>",
            x + 14.0,
            esc(name)
        );
        x += 14.0 + 7.0 * name.len() as f64 + 14.0;
    }
}

/// Blue (−1) → near-white (0) → red (+1).
fn diverging(v: f64) -> String {
    let v = v.clamp(-1.0, 1.0);
    let mid = (247.0, 247.0, 247.0);
    let end = if v < 0.0 {
        (33.0, 102.0, 172.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let t = v.abs();
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(mid.0, end.0),
        mix(mid.1, end.1),
        mix(mid.2, end.2)
    )
}

/// A round upper bound for an axis (at least a tiny positive number).
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    // Maxima whose quarters are round too (axes have four ticks).
    for m in [1.0, 1.2, 1.6, 2.0, 3.2, 4.0, 6.0, 8.0, 10.0] {
        if m * mag >= v * 0.999_999 {
            return m * mag;
        }
    }
    10.0 * mag
}

// ---------------------------------------------------------------------------------------------
// Small pieces of markup and number formats

fn fact(h: &mut String, name: &str, value_html: &str) {
    let _ = writeln!(h, "<dt>{}</dt><dd>{value_html}</dd>", esc(name));
}

fn stat(label: &str, value: &str, tone: &str) -> String {
    format!(
        "<div class=\"stat\"><span class=\"big {tone}\">{}</span><span class=\"label\">{}</span></div>",
        esc(value),
        esc(label)
    )
}

/// A small horizontal bar for a share in 0..=1, with a text beside it.
fn bar(share: f64, text: &str) -> String {
    let w = if share.is_finite() {
        (share.clamp(0.0, 1.0) * 100.0).round()
    } else {
        0.0
    };
    format!(
        "<span class=\"bar\"><span class=\"fill\" style=\"width:{w}%\"></span></span> {}",
        esc(text)
    )
}

fn score_tone(s: f64) -> &'static str {
    if s >= 0.9 {
        "ok"
    } else if s < 0.7 {
        "bad"
    } else {
        "mid"
    }
}

/// HTML-escapes text for element content and quoted attribute values, as the templates' escaper
/// does.
pub(crate) fn esc(s: &str) -> String {
    use askama::filters::Escaper;
    let mut out = String::with_capacity(s.len());
    let _ = escape::Entities.write_escaped_str(&mut out, s);
    out
}

const CSS: &str = r#"
:root{--fg:#1d2330;--muted:#5d6673;--line:#dde1e7;--bg:#fff;--soft:#f5f7fa;--ok:#1e7b3a;--okbg:#e3f4e8;--bad:#b42318;--badbg:#fdecea;--neutral:#59616d;--neutralbg:#eceff3;--orig:#3b6ea8;--anon:#e07b24}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 20px 40px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em;background:var(--soft);padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}
h1{font-size:28px;margin:0}
h2{font-size:21px;margin:34px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:22px 0 8px}
h4{font-size:15px;margin:16px 0 8px;color:#333b48}
.muted{color:var(--muted)}
header.top{display:flex;align-items:center;justify-content:space-between;gap:16px;flex-wrap:wrap;padding-bottom:14px;border-bottom:1px solid var(--line)}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted)}
.verdict{font-size:26px;font-weight:700;letter-spacing:.06em;padding:10px 26px;border-radius:10px;border:2px solid}
.verdict.ok,.pill.ok{color:var(--ok);background:var(--okbg);border-color:var(--ok)}
.verdict.bad,.pill.bad{color:var(--bad);background:var(--badbg);border-color:var(--bad)}
.verdict.neutral,.pill.neutral{color:var(--neutral);background:var(--neutralbg);border-color:var(--neutral)}
.raw{margin:14px 0 0;padding:10px 14px;border-radius:8px;font-size:16px;border-left:6px solid}
.raw.ok{background:var(--okbg);border-color:var(--ok)}
.raw.bad{background:var(--badbg);border-color:var(--bad)}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:1px 9px;border-radius:999px;border:1px solid;text-transform:uppercase;letter-spacing:.04em}
.tag{display:inline-block;font-size:12px;padding:0 7px;border-radius:4px;background:var(--neutralbg);color:#333b48;white-space:nowrap}
.tag.kind{background:#e6eef8;color:#234a78;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
table.narrow{width:auto;min-width:300px}
table.timings{width:auto;min-width:300px}
th,td{text-align:left;vertical-align:top;padding:5px 9px;border-bottom:1px solid var(--line)}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.fail td{background:var(--badbg)}
tr.fail.msg td{color:var(--bad);font-weight:600;padding-top:0}
td.evidence{font-size:13px;color:#3d4553;max-width:320px}
td.fps code{font-size:11px}
.scroll{overflow-x:auto}
table code{overflow-wrap:normal}
td.conf{white-space:nowrap}
.detect td:first-child code,.detect td:nth-child(5) code{white-space:nowrap}
.bar{display:inline-block;vertical-align:middle;width:70px;height:8px;background:var(--line);border-radius:4px;overflow:hidden}
.bar .fill{display:block;height:100%;background:var(--orig)}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 12px}
.stat{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:130px}
.stat .big{display:block;font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.stat .label,.kbig .label{display:block;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.big.ok{color:var(--ok)}.big.bad{color:var(--bad)}
.kbig{display:flex;align-items:flex-end;gap:22px;margin:8px 0 12px;flex-wrap:wrap}
.kbig .big{display:block;font-size:40px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.kbig .arrow{font-size:32px;color:var(--muted);padding-bottom:4px}
section.input{margin-top:10px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(340px,100%),1fr));gap:14px}
.pair{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
.pair .card{flex:0 1 auto;max-width:100%}
.pair svg.chart{width:auto;max-width:100%}
.card{margin:0;border:1px solid var(--line);border-radius:10px;padding:10px 12px;background:#fff;break-inside:avoid}
.card.wide{max-width:560px}
.card figcaption{font-size:14px;margin-bottom:4px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.score{margin-left:auto;font-weight:700;font-variant-numeric:tabular-nums}
.score.ok{color:var(--ok)}.score.bad{color:var(--bad)}.score.mid{color:#9a6700}
svg.chart{width:100%;height:auto;display:block}
svg .axis{font-size:10px;fill:#5d6673}
svg .legend{font-size:11px;fill:#1d2330}
svg .cellv{font-size:12px}
svg .grid{stroke:#e6e9ee;stroke-width:1}
.card.llm{margin:10px 0}
.card.llm h4{margin:2px 0 6px}
.rawsent{background:var(--badbg);padding:6px 10px;border-radius:6px}
ul.warnings li{margin:3px 0;color:#8a4b00}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@media (max-width:640px){main{padding:14px 10px}.verdict{font-size:20px;padding:6px 14px}dl.facts{grid-template-columns:1fr}dl.facts dt{margin-top:6px}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid}.card,table,.stats,.kbig{break-inside:avoid}.scroll{overflow:visible}}
"#;
