#!/usr/bin/env bash
# Whole-pipeline benchmark: times `masq run` against a plain polars read + write of the same CSV
# (the copy floor, examples/copy_floor.rs), in the same run, and prints both, the ratio, peak
# memory (RSS) of each, and where masq's time went (the report's timings_ms). Release build.
#
#   bash benches/pipeline.sh [--shape customers|wide|prose] [--rows N | --size SIZE] [options]
#
# Shapes (generated into target/bench/, or $BENCH_DIR):
#   customers  16 columns of fixtures/customers_en.csv (default; benches/gen_bench_csv.py),
#              1,000,000 rows, about 225 MB
#   wide       37 columns of a multi-locale customer/order export: phones of 9 countries in
#              their usual formats, IBANs, national ids (SSN, NINO, Steuer-ID, NIR, DNI, codice
#              fiscale, BSN, CPF, NIF), addresses, names, e-mails, IPv4/IPv6, MAC, dates of
#              birth, a `notes` column with names/e-mails/phones/IBANs in sentences, and 19
#              non-personal columns; 1,000,000 rows, about 480 MB (benches/gen_bench_data.py)
#   prose      a 10-column CRM customer table whose `notes` (about 450 bytes a row) names the
#              customer, their e-mail, phone, IBAN, ...; 20,000 rows, about 11 MB
#
# Options:
#   --shape S      customers (default), wide or prose
#   --rows N       rows to generate (default per shape, above; the ROWS variable does the same)
#   --size SIZE    generate rows until the file has SIZE bytes (500M, 2G, 10G; K/M/G = 1024-based),
#                  streamed to disk; past 1,000,000 rows the generator reuses blocks of rows with
#                  fresh identifiers, so 10G takes minutes, not hours
#   --floor F      auto (default), eager or stream: the eager polars read + write needs memory of
#                  a few times the file, so auto times the streamed polars copy (64 MB slices,
#                  bounded memory) when the file exceeds a quarter of the available memory
#   --keep         keep the generated input and both outputs (default: the input is deleted at
#                  the end if this run generated it, the outputs always; an input kept by an
#                  earlier run is reused)
#   --no-build     do not run cargo build (the binaries must exist)
#   -h, --help     this text
#
# Environment: ROWS (as --rows), BENCH_DIR (default target/bench), CARGO_TARGET_DIR (honoured:
# the binaries are found through `cargo metadata`), GEN_JOBS (generator processes; all cores),
# MASQ_ARGS (more options for `masq run`, e.g. "--memory-limit 1G"), MASQ_BIN (the masq binary to
# time instead of the release build's, e.g. target/pgo/masq from scripts/pgo-build.sh).
#
#   bash benches/pipeline.sh                          # 1M x 16 customers
#   ROWS=10000 bash benches/pipeline.sh               # a quick look
#   bash benches/pipeline.sh --shape wide --rows 100000
#   bash benches/pipeline.sh --shape prose
#   bash benches/pipeline.sh --shape wide --size 10G  # needs ~2.1x the size free on disk
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "pipeline.sh: $*" >&2; exit 2; }

shape=customers rows=${ROWS:-} rows_flag=0 size='' floor=auto keep=0 build=1
while (($#)); do
  case $1 in
    --shape) shape=${2:?--shape needs a value}; shift 2 ;;
    --shape=*) shape=${1#*=}; shift ;;
    --rows) rows=${2:?--rows needs a value} rows_flag=1; shift 2 ;;
    --rows=*) rows=${1#*=} rows_flag=1; shift ;;
    --size) size=${2:?--size needs a value}; shift 2 ;;
    --size=*) size=${1#*=}; shift ;;
    --floor) floor=${2:?--floor needs a value}; shift 2 ;;
    --floor=*) floor=${1#*=}; shift ;;
    --keep) keep=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case $shape in
  customers) columns=16 row_bytes=225 default_rows=1000000 ;;
  wide) columns=37 row_bytes=480 default_rows=1000000 ;;
  prose) columns=10 row_bytes=575 default_rows=20000 ;;
  *) die "unknown shape '$shape': customers, wide or prose" ;;
esac
case $floor in auto|eager|stream) ;; *) die "--floor is auto, eager or stream" ;; esac
if [[ -n $size ]]; then
  ((rows_flag)) && die "--rows and --size exclude each other"
  rows=
fi
rows=${rows:-$default_rows}
[[ $rows =~ ^[0-9]+$ && $rows -gt 0 ]] || die "--rows wants a positive whole number, not '$rows'"

# SIZE -> bytes (1024-based, as the generator reads it)
size_bytes() {
  awk -v s="$1" 'BEGIN {
    if (!match(toupper(s), /^[0-9]+(\.[0-9]+)?[KMGT]?(I?B)?$/)) exit 1
    n = s + 0; u = toupper(substr(s, length(n "") + 1, 1)); m = index("KMGT", u)
    printf "%.0f\n", (u == "" || m == 0) ? n : n * 1024 ^ m }'
}

dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
if [[ -n $size ]]; then
  want_bytes=$(size_bytes "$size") || die "--size wants e.g. 500M, 2G or 10G, not '$size'"
  in="$dir/${shape}_${size}.csv"
else
  want_bytes=$((rows * row_bytes))
  in="$dir/${shape}_${rows}.csv"
fi

generated=0
cleanup() {
  rm -f "$in.part"
  if ((!keep)); then
    rm -f "$dir/floor_out.csv" "$dir/masq_out.csv"
    ((generated)) && rm -f "$in"
  fi
  return 0
}
trap cleanup EXIT

# Disk: the input, then the floor's copy (deleted at once) and masq's output, side by side.
need_kb=$(( (want_bytes / 1024) * 21 / 10 ))
[[ -s $in ]] && need_kb=$(( need_kb - $(du -kL "$in" | cut -f1) ))
free_kb=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if ((need_kb > free_kb)); then
  die "needs about $((need_kb / 1024)) MB free in $dir (input and output side by side), has $((free_kb / 1024)) MB"
fi

if ((build)); then
  cargo build --release --quiet --bin masq --example copy_floor
fi
target_dir=$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null ||
  echo "${CARGO_TARGET_DIR:-target}")
masq=${MASQ_BIN:-$target_dir/release/masq}
copy_floor=$target_dir/release/examples/copy_floor
for b in "$masq" "$copy_floor"; do
  [[ -x $b ]] || die "$b is missing (run without --no-build)"
done

if [[ -s $in ]]; then
  gen_note="reused $in"
else
  echo "generating $in" >&2
  generated=1
  t0=$(date +%s.%N)
  if [[ $shape == customers && -z $size ]]; then
    python3 benches/gen_bench_csv.py "$rows" "$in.part"   # as before: the same file as ever
    mv "$in.part" "$in"
  else
    sizing=(--rows "$rows"); [[ -n $size ]] && sizing=(--size "$size")
    # writes $in.part and renames it at the end
    python3 benches/gen_bench_data.py --shape "$shape" "${sizing[@]}" --jobs "${GEN_JOBS:-$(nproc)}" "$in"
  fi
  gen_note=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "generated in %.1f s", b - a }')
fi
rows=$(($(wc -l < "$in") - 1))   # no line breaks inside cells; also warms the page cache
in_bytes=$(stat -L -c %s "$in")
head -c 32 /dev/zero | tr '\0' 'k' > "$dir/bench.key"

avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [[ $floor == auto ]]; then
  floor=eager; ((in_bytes / 1024 > avail_kb / 4)) && floor=stream
fi
if [[ $floor == eager ]]; then
  floor_args=() floor_name="polars eager read+write"
else
  floor_args=(--stream 64) floor_name="polars streamed read+write (64 MB slices)"
fi

timeit() { # label, command...; prints "exit_status seconds peak_kib" (stderr to $dir/label.stderr)
  local label=$1; shift
  local t status=0; t=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$t" "$@" 2>"$dir/$label.stderr" >/dev/null || status=$?
  if ((status)); then
    echo "$label: $(grep -v '^[0-9.]* [0-9]*$' "$t" | head -1)" >&2
    tail -5 "$dir/$label.stderr" >&2
  fi
  echo "$status $(tail -1 "$t")"; rm -f "$t"
}

fmt_mb() { awk -v b="$1" 'BEGIN { printf (b < 1e7 ? "%.1f MB" : "%.0f MB"), b / 1e6 }'; }
printf '%-34s %s (%s columns)\n' "shape" "$shape" "$columns"
printf '%-34s %s\n' "rows" "$rows"
printf '%-34s %s (%s)\n' "input size" "$(fmt_mb "$in_bytes")" "$gen_note"

read -r status floor_s floor_kib < <(timeit copy_floor "$copy_floor" "${floor_args[@]}" "$in" "$dir/floor_out.csv")
((status == 0)) || { echo "the copy floor failed (see $dir/copy_floor.stderr)" >&2; exit 1; }
((keep)) || rm -f "$dir/floor_out.csv"
printf '%-34s %8.2f s  %6d MB peak RSS  (%s)\n' "copy floor" "$floor_s" "$((floor_kib / 1024))" "$floor_name"

rm -f "$dir/masq_out.csv" "$dir/report.json"
read -r masq_status masq_s masq_kib < <(timeit masq "$masq" run "$in" -o "$dir/masq_out.csv" \
  --key-file "$dir/bench.key" --force --report "$dir/report.json" --quiet ${MASQ_ARGS:-})
# Exit 1 is a refused verification (leaks or a failed threshold): the run is complete and timed,
# and the report says why; anything else (a crash, out of memory) leaves no figures to show.
if ((masq_status != 0 && masq_status != 1)) || [[ ! -s $dir/report.json ]]; then
  printf '%-34s %s\n' "masq run" "FAILED (exit $masq_status; see $dir/masq.stderr)"
  exit 1
fi
printf '%-34s %8.2f s  %6d MB peak RSS\n' "masq run" "$masq_s" "$((masq_kib / 1024))"
awk -v a="$masq_s" -v b="$floor_s" -v r="$rows" 'BEGIN {
  printf "%-34s %8.2fx\n", "ratio masq / floor", a / b
  printf "%-34s %8.0f rows/s\n", "masq throughput", r / a }'

# Where the time went (the report's timings_ms), and the verification share: the leak search,
# fidelity metrics and risk figures together.
python3 - "$dir/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
res = report.get("resources") or {}
if res:
    print(f"{'batches':<34} {res['batches']} of {res['batch_bytes'] / 2**20:.0f} MiB "
          f"(memory limit {res['memory_limit'] / 2**30:.2f} GiB)")
    print(f"{'keyed hashes moved to disk':<34} {res.get('spilled_bytes', 0) / 1e6:.0f} MB written, "
          f"{res.get('maps_memory_bytes', 0) / 1e6:.0f} MB kept in memory")
t = report["timings_ms"]
total = sum(t.values())
for stage, ms in sorted(t.items(), key=lambda kv: -kv[1]):
    print(f"  {stage:<32} {ms / 1000:8.2f} s  {100 * ms / total:5.1f}%")
v = sum(t.get(k, 0) for k in ("verify", "residual scan", "fidelity", "risk"))
print(f"{'verification (leaks+residual+fidelity+risk)':<34} {v / 1000:.2f} s = {100 * v / total:.1f}% of the run")
r = t.get("residual scan", 0)
print(f"{'residual scan':<34} {r / 1000:.2f} s = {100 * r / total:.1f}% of the run")
PY
if ((masq_status)); then
  printf '%-34s %s\n' "masq verdict" "refused, nothing written (exit 1): $(grep -m1 '^masq:' "$dir/masq.stderr" || true)"
  exit 1
fi
