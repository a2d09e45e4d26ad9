#!/usr/bin/env bash
# A profile-guided (PGO) release build of masq, for production use: the same code as
# `cargo build --release`, with the compiler's layout and inlining decisions taken from a profile
# of masq running on generated exports (a 37-column multi-locale table, a table with prose, the
# bundled fixtures; run, scan, verify, synth). Outputs are the same byte for byte; only the time
# changes. See README, "Performance".
#
#   bash scripts/pgo-build.sh            # writes target/pgo/masq (about 25 minutes: two builds)
#
# Needs llvm-profdata able to read the profiles of rustc's LLVM: rustup's llvm-tools component,
# or Debian's llvm-19 or newer (`apt-get install llvm-19`; rustc 1.95's LLVM 22 profiles merge
# with it). Python's Faker (pinned in benches/gen_bench_data.py) generates the training data;
# it is installed with pip when missing. Everything lands under $CARGO_TARGET_DIR/pgo (default
# target/pgo): two target folders (instrumented, optimized), the training data and profiles,
# and the binary `masq`.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "pgo-build.sh: $*" >&2; exit 2; }
case ${1:-} in
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  '') ;;
  *) die "unknown argument $1 (see --help)" ;;
esac

host=$(rustc -vV | sed -n 's/^host: //p')
llvm=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
profdata=''
sysroot_tool="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [[ -x $sysroot_tool ]]; then
  profdata=$sysroot_tool
else
  for v in $(seq "$llvm" -1 19); do
    if command -v "llvm-profdata-$v" >/dev/null; then profdata=llvm-profdata-$v; break; fi
  done
fi
[[ -n $profdata ]] || die "no llvm-profdata for rustc's LLVM $llvm: run 'rustup component add llvm-tools' or 'apt-get install llvm-19'"

dir=$(realpath -m "${CARGO_TARGET_DIR:-target}/pgo")
mkdir -p "$dir"
start=$SECONDS

echo "== 1/4 instrumented build ($dir/gen)"
rm -rf "$dir/raw"
# --target keeps the flags off build scripts and proc-macros (they would write profiles too).
RUSTFLAGS="-Cprofile-generate=$dir/raw" cargo build --release --locked --bin masq \
  --target "$host" --target-dir "$dir/gen"
gen=$dir/gen/$host/release/masq

echo "== 2/4 training runs"
python3 -c 'import faker' 2>/dev/null || pip install -q "faker==40.63.0"
data=$dir/data
mkdir -p "$data"
[[ -s $data/wide.csv ]] || python3 benches/gen_bench_data.py --shape wide --rows 50000 "$data/wide.csv"
[[ -s $data/prose.csv ]] || python3 benches/gen_bench_data.py --shape prose --rows 10000 "$data/prose.csv"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
head -c 32 /dev/zero | tr '\0' 'k' > "$out/key"
# Exit 1 (verification refused) is a run like any other here; 2 and above are not.
train() {
  local rc=0
  "$gen" "$@" > /dev/null || rc=$?
  ((rc <= 1)) || die "training run failed (exit $rc): masq $*"
}
train run "$data/wide.csv" -o "$out/wide.csv" --key-file "$out/key" --quiet --report "$out/wide.json"
train run "$data/prose.csv" -o "$out/prose.csv.zst" --key-file "$out/key" --quiet
train scan "$data/wide.csv"
train verify --original "$data/wide.csv" --anonymized "$out/wide.csv" --key-file "$out/key" --quiet
for f in fixtures/*.csv fixtures/*.tsv fixtures/*.ndjson fixtures/*.json; do
  name=$(basename "$f")
  train run "$f" -o "$out/fx_$name" --key-file "$out/key" --quiet
done
train run fixtures/customers_en.csv -o "$out/customers.parquet" --key-file "$out/key" --quiet
train synth --schema examples/synth/shop.toml --rows 20000 -o "$out/synth.csv" --quiet
train synth --like fixtures/customers_en.csv --rows 2000 -o "$out/like.csv" --quiet

echo "== 3/4 merging the profiles ($profdata)"
"$profdata" merge -o "$dir/masq.profdata" "$dir/raw"

echo "== 4/4 optimized build ($dir/use)"
# A function the profile does not match (code built differently from the instrumented build)
# is optimized as without a profile; LLVM need not warn about each one.
RUSTFLAGS="-Cprofile-use=$dir/masq.profdata -Cllvm-args=-no-pgo-warn-mismatch" \
  cargo build --release --locked --bin masq --target "$host" --target-dir "$dir/use"
cp "$dir/use/$host/release/masq" "$dir/masq"
echo "wrote $dir/masq in $(((SECONDS - start) / 60)) min"
