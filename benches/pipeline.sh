#!/usr/bin/env bash
# Whole-pipeline benchmark: times `masq run` against a plain polars read + write of the same
# CSV (the copy floor, examples/copy_floor.rs), in the same run, and prints both, the ratio,
# and peak memory. Release build; ROWS (default 1,000,000) rows of the customers fixture's shape.
#
#   bash benches/pipeline.sh            # ROWS=10000 bash benches/pipeline.sh for a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
in="$dir/customers_${rows}.csv"

cargo build --release --quiet --bin masq --example copy_floor
if [[ ! -s $in ]]; then
  echo "generating $rows rows into $in" >&2
  python3 benches/gen_bench_csv.py "$rows" "$in"
fi
head -c 32 /dev/zero | tr '\0' 'k' > "$dir/bench.key"
cat "$in" > /dev/null   # warm the page cache for both runs

timeit() { # label, command...; prints "seconds peak_kib"
  local label=$1; shift
  local t; t=$(mktemp)
  if ! /usr/bin/time -f '%e %M' -o "$t" "$@" 2>"$dir/$label.stderr" >/dev/null; then
    echo "$label failed (exit $?):" >&2; cat "$dir/$label.stderr" >&2; exit 1
  fi
  cat "$t"; rm -f "$t"
}

read -r floor_s floor_kib < <(timeit copy_floor target/release/examples/copy_floor "$in" "$dir/floor_out.csv")
rm -f "$dir/masq_out.csv" "$dir/report.json"
read -r masq_s masq_kib < <(timeit masq target/release/masq run "$in" -o "$dir/masq_out.csv" \
  --key-file "$dir/bench.key" --force --report "$dir/report.json" --quiet)

size_mb=$(du -m "$in" | cut -f1)
printf '%-28s %s\n' "rows" "$rows"
printf '%-28s %s MB\n' "input size" "$size_mb"
printf '%-28s %8.2f s  %8.0f MB peak\n' "polars read+write (floor)" "$floor_s" "$((floor_kib / 1024))"
printf '%-28s %8.2f s  %8.0f MB peak\n' "masq run" "$masq_s" "$((masq_kib / 1024))"
awk -v a="$masq_s" -v b="$floor_s" 'BEGIN { printf "%-28s %8.2fx\n", "ratio masq / floor", a / b }'

# Where the time went (the report's timings_ms), and the verification share: the leak search,
# fidelity metrics and risk figures together.
python3 - "$dir/report.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["timings_ms"]
total = sum(t.values())
for stage, ms in sorted(t.items(), key=lambda kv: -kv[1]):
    print(f"  {stage:<26} {ms / 1000:8.2f} s  {100 * ms / total:5.1f}%")
v = sum(t.get(k, 0) for k in ("verify", "residual scan", "fidelity", "risk"))
print(f"{'verification (leaks+residual+fidelity+risk)':<28} {v / 1000:.2f} s = {100 * v / total:.1f}% of the run")
r = t.get("residual scan", 0)
print(f"{'residual scan':<28} {r / 1000:.2f} s = {100 * r / total:.1f}% of the run")
PY
