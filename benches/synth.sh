#!/usr/bin/env bash
# Benchmark of `masq synth --like` (statistical synthesis, no LLM): fits a 20-column reference
# table (benches/gen_synth_ref.py: correlated numbers, counts, dates, seven categorical columns,
# two personal columns) and writes N synthetic rows to Parquet, release build. Prints the wall
# time, peak RSS, the time per stage from the report (fit, generate, fidelity, distances — the
# distance-to-closest-record figures are exact up to 50,000 x 50,000 rows and sampled beyond),
# and the quality figures the gate reads. A plain polars read + write of the reference (the
# copy floor) is timed too, for scale.
#
#   bash benches/synth.sh [--rows N] [--reference-rows M] [--no-build]
#
#   --rows N             synthetic rows (default 1000000)
#   --reference-rows M   rows of the generated reference (default 100000)
#   --no-build           do not run cargo build (the binaries must exist)
#
# Environment: BENCH_DIR (default target/bench), CARGO_TARGET_DIR (honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "synth.sh: $*" >&2; exit 2; }

rows=1000000 ref_rows=100000 build=1
while (($#)); do
  case $1 in
    --rows) rows=${2:?--rows needs a value}; shift 2 ;;
    --reference-rows) ref_rows=${2:?--reference-rows needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ $rows =~ ^[0-9]+$ && $ref_rows =~ ^[0-9]+$ ]] || die "--rows and --reference-rows want whole numbers"

dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
if ((build)); then
  cargo build --release --bin masq --example copy_floor >&2
fi
target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null ||
  echo "${CARGO_TARGET_DIR:-target}")
masq=$target_dir/release/masq
copy_floor=$target_dir/release/examples/copy_floor
[[ -x $masq ]] || die "$masq is missing (run without --no-build)"

ref=$dir/synth_ref_$ref_rows.csv
[[ -s $ref ]] || python3 benches/gen_synth_ref.py --rows "$ref_rows" "$ref"
out=$dir/synth_out.parquet report=$dir/synth_report.json
rm -f "$out" "$report"

t=$(mktemp)
/usr/bin/time -f '%e %M' -o "$t" "$masq" synth --like "$ref" --rows "$rows" -o "$out" \
  --seed 1 --report "$report" --quiet 2>"$dir/synth.stderr" || {
  cat "$dir/synth.stderr" >&2; die "masq synth failed"; }
read -r secs kib < <(tail -1 "$t")
if [[ -x $copy_floor ]]; then
  /usr/bin/time -f '%e %M' -o "$t" "$copy_floor" "$ref" "$dir/synth_floor.csv" >/dev/null 2>&1
  read -r fsecs fkib < <(tail -1 "$t")
  rm -f "$dir/synth_floor.csv"
fi
rm -f "$t"
printf '%-30s %s rows x 20 columns (%s)\n' "reference" "$ref_rows" "$ref"
printf '%-30s %s rows, Parquet\n' "synthetic" "$rows"
printf '%-30s %8.2f s  %6d MB peak RSS\n' "masq synth --like" "$secs" "$((kib / 1024))"
[[ -n ${fsecs:-} ]] && printf '%-30s %8.2f s  %6d MB peak RSS\n' "copy floor of the reference" "$fsecs" "$((fkib / 1024))"
python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["timings_ms"]
for k in ("fit", "generate", "fidelity", "distances"):
    print(f"  {k:<28} {t.get(k, 0) / 1000:8.2f} s")
rest = sum(t.values())
print(f"  {'synthesis (fit + generate)':<28} {(t.get('fit', 0) + t.get('generate', 0)) / 1000:8.2f} s")
l = r["synth"]["like"]
d = l["distance"]
print(f"fidelity {l['fidelity']['overall']:.3f}; exact copies {l['exact_copies']}; "
      f"DCR median {d['median']:.4f} on {d['synthetic_rows']} x {d['real_rows']} rows"
      f"{' (sampled)' if d['sampled'] else ' (exact)'}; DCRBaselineProtection "
      f"{d.get('baseline_protection') or float('nan'):.3f}; gate {'passed' if r['synth']['gate']['passed'] else 'FAILED'}")
PY
