#!/usr/bin/env python3
"""Measure how much personal data survives `masq run` on fixtures/eval_faker/.

Python standard library only (no Faker needed): it reads the committed CSV and
labels.json that scripts/gen_eval_faker.py wrote.

    python3 scripts/eval_faker.py --masq target/debug/masq [--data fixtures/eval_faker] \
        [--json out.json] [-- extra masq flags passed to both scan and run]

Steps:
 1. `masq scan customers.csv --json`: column-level precision/recall/F1 of
    "is this column personal?" (detected = masq gave the column a kind or
    marked it free text; truly personal = label is not `none`; prose counts as
    personal). The kind masq chose is shown next to the label (informational).
 2. `masq run customers.csv -o OUT --key-file KEY --report R.json` with a fixed
    32-byte key. If masq refuses to write (exit 1: the gate failed), it is run
    again with a permissive policy (every `max_*` key of the policy's [gate],
    read from `masq schema policy`, set very high) so the output can be
    measured; both exit codes are recorded.
 3. From the output (same row order as the input):
    - per personal kind: share of non-empty cells whose original value
      survives verbatim (output cell == input cell, or the input value occurs
      in the output cell as a whole token -- a substring not glued to more
      letters/digits, so 'Lee' -> 'van Leeuwen' is not counted, while
      'https://x.com/' -> 'https://x.com/abc' is);
    - per span kind in the prose columns: share of labelled spans whose text
      still appears (same whole-token test) in that row's output cell;
    - share of non-personal (`none`) non-empty cells that changed;
    - totals.
 4. Prints a table; `--json` writes every figure for a test to assert floors.

Exit status: 0 when the figures were measured, 2 on a usage or setup problem,
3 when masq failed in a way that leaves nothing to measure.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

csv.field_size_limit(1 << 24)

KEY = bytes(range(32))  # fixed key: the same surrogates on every run
ID_KINDS = {"us_ssn", "uk_nino", "fr_nir", "de_tax_id", "es_dni", "it_codice_fiscale", "nl_bsn",
            "br_cpf", "ca_sin", "in_aadhaar", "passport", "drivers_license"}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return [], []
    return rows[0], rows[1:]


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def contains(cell, value):
    """True when value occurs in cell as a whole token: equal, or a substring
    not glued to further letters/digits on a side where value itself starts or
    ends with a letter/digit ('Lee' is not in 'van Leeuwen'; 'https://x.com/'
    is in 'https://x.com/abc')."""
    if not value:
        return False
    start = cell.find(value)
    while start != -1:
        end = start + len(value)
        left_ok = start == 0 or not (cell[start - 1].isalnum() and value[0].isalnum())
        right_ok = end == len(cell) or not (cell[end].isalnum() and value[-1].isalnum())
        if left_ok and right_ok:
            return True
        start = cell.find(value, start + 1)
    return False


def ratio(a, b):
    return None if b == 0 else a / b


def pct(x):
    return "   n/a" if x is None else f"{100 * x:6.1f}%"


def kind_agrees(label, kind):
    if kind is None:
        return False
    if label == kind:
        return True
    if label == "ip_mixed":
        return kind in ("ipv4", "ipv6")
    if label == "national_id_mixed":
        return kind in ID_KINDS
    if label == "address":
        return kind == "street_address"
    return False


# ---------------------------------------------------------------------------
def scan(masq, csv_path, labels, extra):
    code, out, err = run([masq, "scan", csv_path, "--json"] + extra)
    if code != 0:
        sys.stderr.write(err)
        raise SystemExit(f"error: `masq scan --json` exited {code}")
    report = json.loads(out)
    inputs = report.get("inputs") or []
    if not inputs:
        raise SystemExit("error: `masq scan --json` reported no input")
    cols = {c["name"]: c for c in inputs[0].get("columns", [])}
    rows, tp, fp, fn, tn, agree, personal = [], 0, 0, 0, 0, 0, 0
    for header, label in labels["columns"].items():
        c = cols.get(header, {})
        kind = c.get("kind")
        free = bool(c.get("free_text"))
        detected = kind is not None or free
        truly = label != "none"
        tp += detected and truly
        fp += detected and not truly
        fn += (not detected) and truly
        tn += (not detected) and not truly
        match = (free if label == "prose" else kind_agrees(label, kind)) if truly else not detected
        if truly:
            personal += 1
            agree += bool(match)
        rows.append({"column": header, "label": label, "masq_kind": kind, "free_text": free,
                     "detected": detected, "truly_personal": truly, "kind_agrees": bool(match),
                     "confidence": c.get("confidence"), "in_report": header in cols})
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = None if not p or not r else 2 * p * r / (p + r)
    return {"exit_code": code, "masq_version": report.get("masq_version"),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1,
            "kind_agreement": ratio(agree, personal), "columns": rows}


def permissive_policy(masq, path):
    """A policy whose [gate] tolerates everything: every max_* key very high."""
    gate = {"max_leaks": 10**9}
    code, out, _ = run([masq, "schema", "policy"])
    if code == 0:
        try:
            schema = json.loads(out)
            props = schema.get("$defs", schema.get("definitions", {})).get("Gate", {}).get("properties", {})
            for key, spec in props.items():
                if not key.startswith("max_"):
                    continue
                types = spec.get("type")
                types = types if isinstance(types, list) else [types]
                if "integer" in types:
                    gate[key] = 10**9
                elif "number" in types:
                    maximum = spec.get("maximum")
                    gate[key] = float(maximum) if maximum is not None else 1e9
        except (ValueError, AttributeError):
            pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("version = 1\n\n[gate]\n")
        for k, v in gate.items():
            fh.write(f"{k} = {v}\n")
    return gate


def masq_run(masq, csv_path, tmp, extra):
    key = os.path.join(tmp, "key")
    with open(key, "wb") as fh:
        fh.write(KEY)
    out, rep = os.path.join(tmp, "out.csv"), os.path.join(tmp, "r.json")
    cmd = [masq, "run", csv_path, "-o", out, "--key-file", key, "--report", rep] + extra
    code, stdout, stderr = run(cmd)
    info = {"exit_code": code, "permissive_exit_code": None, "permissive_gate": None,
            "measured": None, "stderr_tail": (stdout + stderr).strip().splitlines()[-6:]}
    report = load_json(rep)
    info["report"] = summarize_report(report)
    if code == 0:
        info["measured"] = "default"
        return info, out, report
    if code != 1:
        return info, None, report
    # the gate refused: measure what a permissive gate would have written
    pol = os.path.join(tmp, "permissive.toml")
    info["permissive_gate"] = permissive_policy(masq, pol)
    out2, rep2 = os.path.join(tmp, "out_permissive.csv"), os.path.join(tmp, "r_permissive.json")
    cmd2 = [masq, "run", csv_path, "-o", out2, "--key-file", key, "--report", rep2, "--policy", pol] + extra
    code2, stdout2, stderr2 = run(cmd2)
    info["permissive_exit_code"] = code2
    info["permissive_stderr_tail"] = (stdout2 + stderr2).strip().splitlines()[-6:]
    report2 = load_json(rep2)
    info["permissive_report"] = summarize_report(report2)
    if code2 == 0:
        info["measured"] = "permissive"
        return info, out2, report2
    return info, None, report2


def load_json(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def summarize_report(report):
    if not report:
        return None
    leak = report.get("leak_check") or {}
    gate = report.get("gate") or {}
    inp = (report.get("inputs") or [{}])[0]
    return {
        "verdict": report.get("verdict"),
        "leaked_cells": leak.get("leaked_cells"),
        "leak_passed": leak.get("passed"),
        "gate_passed": gate.get("passed"),
        "gate_failures": [f.get("threshold") or f.get("name") or f for f in gate.get("failures", [])],
        "gate_measured": {c.get("threshold"): c.get("actual")
                          for c in gate.get("failures", []) + gate.get("held", []) if isinstance(c, dict)},
        "strategies": {c.get("name"): c.get("strategy") for c in inp.get("columns", [])},
    }


# ---------------------------------------------------------------------------
def measure(csv_path, out_path, labels):
    header, rows = read_csv(csv_path)
    out_header, out_rows = read_csv(out_path)
    if len(out_rows) != len(rows):
        raise SystemExit(f"error: output has {len(out_rows)} rows, input {len(rows)}; rows must stay aligned")
    oidx = {h: i for i, h in enumerate(out_header)}
    cols = labels["columns"]

    def out_cell(r, h):
        i = oidx.get(h)
        return "" if i is None or i >= len(out_rows[r]) else out_rows[r][i]

    per_kind, per_col, none_cols = {}, {}, {}
    for ci, h in enumerate(header):
        label = cols.get(h)
        if label is None or label == "prose":
            continue
        n = hit = 0
        for r, row in enumerate(rows):
            v = row[ci]
            if not v:
                continue
            o = out_cell(r, h)
            n += 1
            if label == "none":
                hit += o != v  # changed
            else:
                hit += contains(o, v)  # survived: equal, or inside as a whole token
        if label == "none":
            none_cols[h] = {"cells": n, "changed": hit, "changed_rate": ratio(hit, n),
                            "dropped": h not in oidx}
        else:
            per_col[h] = {"kind": label, "cells": n, "survived": hit, "survival_rate": ratio(hit, n),
                          "dropped": h not in oidx}
            k = per_kind.setdefault(label, {"cells": 0, "survived": 0})
            k["cells"] += n
            k["survived"] += hit
    for k in per_kind.values():
        k["survival_rate"] = ratio(k["survived"], k["cells"])

    span_kind, span_col = {}, {}
    for s in labels["spans"]:
        orig = rows[s["row"]][header.index(s["column"])]
        text = orig[s["start"]:s["end"]]
        survived = contains(out_cell(s["row"], s["column"]), text)
        for d, key in ((span_kind, s["kind"]), (span_col, s["column"])):
            e = d.setdefault(key, {"spans": 0, "survived": 0})
            e["spans"] += 1
            e["survived"] += survived
    for d in (span_kind, span_col):
        for e in d.values():
            e["survival_rate"] = ratio(e["survived"], e["spans"])

    pc = sum(k["cells"] for k in per_kind.values())
    ps = sum(k["survived"] for k in per_kind.values())
    sn = sum(e["spans"] for e in span_kind.values())
    ss = sum(e["survived"] for e in span_kind.values())
    nn = sum(c["cells"] for c in none_cols.values())
    nc = sum(c["changed"] for c in none_cols.values())
    return {
        "personal_cells": {"cells": pc, "survived": ps, "survival_rate": ratio(ps, pc),
                           "per_kind": per_kind, "per_column": per_col},
        "prose_spans": {"spans": sn, "survived": ss, "survival_rate": ratio(ss, sn),
                        "per_kind": span_kind, "per_column": span_col},
        "non_personal": {"cells": nn, "changed": nc, "changed_rate": ratio(nc, nn), "per_column": none_cols},
    }


# ---------------------------------------------------------------------------
def print_tables(res):
    sc = res["scan"]
    print(f"masq {sc.get('masq_version')}: {res['data']}/customers.csv, {res['rows']} rows, "
          f"{len(sc['columns'])} columns")
    print()
    print("1. scan: is the column personal?")
    print(f"  {'column':16} {'label':18} {'masq kind':18} {'ok':3}")
    for c in sc["columns"]:
        mk = "free text" if c["free_text"] and not c["masq_kind"] else (c["masq_kind"] or "-")
        mark = "" if c["kind_agrees"] else ("MISS" if c["truly_personal"] else "FP")
        if c["truly_personal"] and c["detected"] and not c["kind_agrees"]:
            mark = "~"
        print(f"  {c['column']:16} {c['label']:18} {mk:18} {mark}")
    print(f"  column P/R/F1 {fmt(sc['precision'])}/{fmt(sc['recall'])}/{fmt(sc['f1'])} "
          f"(tp {sc['tp']}, fp {sc['fp']}, fn {sc['fn']}, tn {sc['tn']}); "
          f"kind agrees on {pct(sc['kind_agreement']).strip()} of personal columns")
    print()
    rn = res["run"]
    line = f"2. run: exit {rn['exit_code']}"
    if rn["permissive_exit_code"] is not None:
        line += f"; rerun with a permissive gate {rn['permissive_gate']}: exit {rn['permissive_exit_code']}"
    if rn["report"]:
        line += f"; masq's own gate measured {rn['report']['gate_measured']}"
    print(line)
    m = res.get("measure")
    if not m:
        print("  nothing written: nothing to measure")
        return
    print(f"  measured on the {rn['measured']} run's output")
    print()
    print("3a. personal cells surviving verbatim, per kind")
    print(f"  {'kind':20} {'cells':>6} {'survived':>9} {'rate':>7}")
    for k, v in sorted(m["personal_cells"]["per_kind"].items(), key=lambda kv: -(kv[1]["survival_rate"] or 0)):
        print(f"  {k:20} {v['cells']:6} {v['survived']:9} {pct(v['survival_rate'])}")
    print("3b. prose spans surviving, per kind")
    print(f"  {'kind':20} {'spans':>6} {'survived':>9} {'rate':>7}")
    for k, v in sorted(m["prose_spans"]["per_kind"].items(), key=lambda kv: -(kv[1]["survival_rate"] or 0)):
        print(f"  {k:20} {v['spans']:6} {v['survived']:9} {pct(v['survival_rate'])}")
    print("3c. non-personal cells changed, per column")
    for h, v in m["non_personal"]["per_column"].items():
        print(f"  {h:20} {v['cells']:6} {v['changed']:9} {pct(v['changed_rate'])}")
    t = res["totals"]
    print()
    print("totals:")
    print(f"  personal cells surviving   {pct(t['personal_cells_surviving'])}  "
          f"({m['personal_cells']['survived']} of {m['personal_cells']['cells']})")
    print(f"  prose spans surviving      {pct(t['prose_spans_surviving'])}  "
          f"({m['prose_spans']['survived']} of {m['prose_spans']['spans']})")
    print(f"  non-personal cells changed {pct(t['non_personal_changed'])}  "
          f"({m['non_personal']['changed']} of {m['non_personal']['cells']})")
    print(f"  column F1                  {fmt(t['column_f1'])}")


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Measure how much personal data survives `masq run` "
                                             "on the Faker evaluation set.")
    ap.add_argument("--masq", required=True, help="path to the masq binary")
    ap.add_argument("--data", default=os.path.join(here, "..", "fixtures", "eval_faker"),
                    help="folder with customers.csv and labels.json")
    ap.add_argument("--json", help="write all figures to this JSON file")
    args = ap.parse_args(argv)

    masq = os.path.abspath(args.masq)
    if not os.access(masq, os.X_OK):
        ap.error(f"{args.masq} is not an executable")
    data = os.path.normpath(args.data)
    csv_path = os.path.join(data, "customers.csv")
    try:
        with open(os.path.join(data, "labels.json"), encoding="utf-8") as fh:
            labels = json.load(fh)
    except (OSError, ValueError) as e:
        ap.error(f"cannot read {data}/labels.json: {e}")

    res = {"masq": masq, "data": data, "rows": labels["rows"], "extra_flags": extra,
           "generator": labels.get("generator"), "seed": labels.get("seed")}
    res["scan"] = scan(masq, csv_path, labels, extra)
    with tempfile.TemporaryDirectory(prefix="masq-eval-faker-") as tmp:
        info, out, report = masq_run(masq, csv_path, tmp, extra)
        res["run"] = info
        res["measure"] = measure(csv_path, out, labels) if out else None
    m = res["measure"]
    res["totals"] = {
        "personal_cells_surviving": m and m["personal_cells"]["survival_rate"],
        "prose_spans_surviving": m and m["prose_spans"]["survival_rate"],
        "non_personal_changed": m and m["non_personal"]["changed_rate"],
        "column_precision": res["scan"]["precision"],
        "column_recall": res["scan"]["recall"],
        "column_f1": res["scan"]["f1"],
        "run_exit_code": info["exit_code"],
        "permissive_exit_code": info["permissive_exit_code"],
    }
    for k in ("personal_cells_surviving", "prose_spans_surviving", "non_personal_changed"):
        v = res["totals"][k]
        res["totals"][k + "_pct"] = None if v is None else round(100 * v, 2)
    print_tables(res)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(res, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    if m is None:
        sys.exit(3)


if __name__ == "__main__":
    main()
