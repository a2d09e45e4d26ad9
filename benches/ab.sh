#!/usr/bin/env bash
# Two or more builds of masq timed alternately on one input, for changes of a few percent: the
# machine's speed drifts by more than that over an hour, so builds are only compared in the same
# minutes. Each round runs every build once, in turn; at the end it prints, per build, the median
# and least wall time, the median CPU time (user + system) and the peak memory (RSS), and whether
# the builds wrote the same output (md5).
#
#   bash benches/ab.sh [--rounds N] [--key FILE] INPUT BUILD BUILD...
#
#   bash benches/ab.sh --rounds 5 target/bench/prose_20000.csv ./masq_before target/release/masq
#
# INPUT is any file `masq run` reads; each BUILD is a masq binary. --rounds is 3 by default;
# --key FILE is the key file (default: a fixed key of 32 bytes in a temporary file, so outputs
# compare). Extra options for `masq run` go in MASQ_ARGS. Outputs are written to a temporary
# folder and removed. Needs GNU time (/usr/bin/time).
set -euo pipefail
die() { echo "ab.sh: $*" >&2; exit 2; }
rounds=3 key=''
while (($#)); do
  case $1 in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --key) key=${2:?--key needs a file}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) break ;;
  esac
done
(($# >= 2)) || die "give an input and at least one build (see --help)"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds wants a whole number above 0, not '$rounds'"
input=$1; shift
[[ -r $input ]] || die "cannot read $input"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time"
for b in "$@"; do [[ -x $b ]] || die "not an executable: $b"; done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [[ -z $key ]]; then key=$tmp/key; head -c 32 /dev/zero | tr '\0' 'k' > "$key"; fi
ext=${input##*/}; ext=${ext#*.}
for ((r = 1; r <= rounds; r++)); do
  for i in $(seq 0 $(($# - 1))); do
    b=${*:i+1:1}
    # shellcheck disable=SC2086
    /usr/bin/time -f "$i %e %U %S %M" -o "$tmp/t" -a "$b" run "$input" -o "$tmp/out$i.$ext" \
      --key-file "$key" --force --quiet ${MASQ_ARGS:-} > /dev/null \
      || die "$b failed on $input (round $r)"
  done
done
i=0
for b in "$@"; do
  sum=$(md5sum < "$tmp/out$i.$ext" | cut -c1-12)
  awk -v i="$i" -v b="$b" -v sum="$sum" '
    $1 == i { n++; w[n] = $2; c[n] = $3 + $4; if ($5 > m) m = $5 }
    function median(a, n,   j, k, t) {
      for (j = 1; j <= n; j++) for (k = j + 1; k <= n; k++) if (a[k] < a[j]) { t = a[j]; a[j] = a[k]; a[k] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      least = w[1]; for (j = 2; j <= n; j++) if (w[j] < least) least = w[j]
      printf "%-40s wall median %7.3f s, least %7.3f s; CPU median %7.3f s; peak %5d MB; md5 %s (%d runs)\n",
        b, median(w, n), least, median(c, n), m / 1024, sum, n
    }' "$tmp/t"
  i=$((i + 1))
done
