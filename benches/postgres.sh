#!/usr/bin/env bash
# Benchmark of `masq run` from PostgreSQL to PostgreSQL: a table of N rows (names, e-mails,
# countries, dates, amounts, statuses) in schema `src` is anonymized into a new schema, against
# the plain copy of the same table measured in the same run — `COPY … TO STDOUT` piped into
# `COPY … FROM STDIN` of an empty table of the same definition, with the same primary key,
# built after the load as masq builds it. Prints both times, the ratio and masq's peak RSS.
# Starts its own throwaway server (scripts/pg-test-server.sh) and stops it at the end.
#
#   bash benches/postgres.sh [--rows N] [--no-build]
#
#   --rows N     rows of the table (default 1000000)
#   --no-build   do not run cargo build (the binary must exist)
#
# Environment: CARGO_TARGET_DIR (honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "postgres.sh: $*" >&2; exit 2; }

rows=1000000 build=1
while (($#)); do
  case $1 in
    --rows) rows=${2:?--rows needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ $rows =~ ^[0-9]+$ ]] || die "--rows wants a whole number"
if ((build)); then
  cargo build --release --bin masq >&2
fi
masq=${CARGO_TARGET_DIR:-target}/release/masq
[[ -x $masq ]] || die "$masq is missing (run without --no-build)"

# A server of its own (its own state file), so it can run beside the tests' server.
MASQ_PG_STATE=$(mktemp)
export MASQ_PG_STATE
url=$(bash scripts/pg-test-server.sh start | tail -n 1)
trap 'bash scripts/pg-test-server.sh stop; rm -f "$MASQ_PG_STATE"' EXIT
read -r dir port bin <"$MASQ_PG_STATE"
psql() { "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

psql <<SQL
CREATE SCHEMA src;
CREATE TABLE src.customers (
  id bigint PRIMARY KEY, full_name text NOT NULL, email text NOT NULL, country char(2),
  joined date, amount numeric(10,2), status text);
INSERT INTO src.customers
SELECT i,
  (ARRAY['Anna','Lukas','Marie','Jonas','Sofia','Elias','Mia','Noah','Emma','Paul'])[1 + i % 10] || ' ' ||
  (ARRAY['Schmidt','Müller','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Hoffmann','Schulz','Koch','Richter'])[1 + (i / 10) % 12],
  'user' || i || '@mail.example.org',
  (ARRAY['DE','AT','CH','FR'])[1 + i % 4],
  date '2015-01-01' + (i % 3650),
  (i % 10000) / 7.0,
  (ARRAY['new','active','closed'])[1 + i % 3]
FROM generate_series(1, $rows) i;
ANALYZE src.customers;
CREATE SCHEMA plain;
CREATE TABLE plain.customers (LIKE src.customers INCLUDING ALL EXCLUDING INDEXES);
SQL
size=$(psql -t -A -c "SELECT pg_size_pretty(pg_total_relation_size('src.customers'))")

t0=$(date +%s.%N)
psql -c "\\copy src.customers TO STDOUT (FORMAT csv, HEADER true)" |
  psql -c "\\copy plain.customers FROM STDIN (FORMAT csv, HEADER true)"
psql -c "ALTER TABLE plain.customers ADD PRIMARY KEY (id)"
t1=$(date +%s.%N)
floor=$(python3 -c "print(f'{$t1 - $t0:.2f}')")

key=$(mktemp)
head -c 32 /dev/urandom >"$key"
tm=$(mktemp)
/usr/bin/time -f '%e %M' -o "$tm" "$masq" run "$url?table=src.customers" -o "$url?schema=anon" \
  --key-file "$key" --quiet || die "masq run failed"
read -r secs kib < <(tail -1 "$tm")
rm -f "$key" "$tm"
n=$(psql -t -A -c "SELECT count(*) FROM anon.customers")
[[ $n == "$rows" ]] || die "anon.customers has $n rows, not $rows"

printf '%-40s %s rows, %s\n' "table" "$rows" "$size"
printf '%-40s %8.2f s\n' "plain copy (COPY TO | COPY FROM + key)" "$floor"
printf '%-40s %8.2f s  %6d MB peak RSS\n' "masq run (DB -> DB)" "$secs" "$((kib / 1024))"
python3 -c "print(f'{\"ratio\":<40} {$secs / $floor:8.1f}x')"
