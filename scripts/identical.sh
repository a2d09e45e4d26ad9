#!/usr/bin/env bash
# Prints one sha256 per output of `masq run` / `masq verify` on the bundled fixtures with a fixed
# key, so that a refactor can show its outputs are byte-identical before and after:
#
#   bash scripts/identical.sh > /tmp/before.txt     # on the old commit
#   bash scripts/identical.sh | diff /tmp/before.txt -   # on the new one: no lines = identical
#
# The data outputs are hashed as written; the JSON reports with `timings_ms` and `report_version` removed and the
# scratch folder's name masked (all that changes from one run to the next). Usage: scripts/identical.sh [path/to/masq]
set -euo pipefail
cd "$(dirname "$0")/.."
masq=${1:-./target/debug/masq}
[ -x "$masq" ] || cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'masq-identical-check-key-000001' >"$work/key"

hash_report() { # strip the run-to-run timings, then hash
    python3 - "$1" "$work" <<'EOF'
import hashlib, json, sys
r = json.load(open(sys.argv[1]))
r.pop("timings_ms", None)
r.pop("report_version", None)  # a bump is announced in the changelog, not content
r.pop("resources", None)  # batches and peak memory vary with the machine
text = json.dumps(r, sort_keys=True).replace(sys.argv[2], "WORK")
print(hashlib.sha256(text.encode()).hexdigest())
EOF
}

for f in fixtures/customers_en.csv fixtures/kunden_de.csv fixtures/clients_fr.tsv \
    fixtures/patients.csv fixtures/staff.csv fixtures/orders.ndjson fixtures/profiles.json \
    fixtures/eval_faker/customers.csv fixtures/fidelity/people_original.csv \
    fixtures/fidelity/orders_original.csv; do
    name=$(echo "$f" | tr '/' '_')
    out="$work/$name.out.${f##*.}"
    set +e
    "$masq" run "$f" -o "$out" --key-file "$work/key" --report "$work/$name.json" -q
    code=$?
    set -e
    printf '%s run exit=%s data=%s report=%s\n' "$f" "$code" \
        "$( [ -f "$out" ] && sha256sum <"$out" | cut -c1-16 || echo none)" \
        "$(hash_report "$work/$name.json" | cut -c1-16)"
done

for pair in people orders small; do
    a=fixtures/fidelity/${pair}_original.csv
    b=fixtures/fidelity/${pair}_anonymized.csv
    set +e
    "$masq" verify --original "$a" --anonymized "$b" --report "$work/v_$pair.json" --key-file "$work/key" -q
    code=$?
    set -e
    printf 'verify %s exit=%s report=%s\n' "$pair" "$code" "$(hash_report "$work/v_$pair.json" | cut -c1-16)"
done

# verify over masq's own output, as `run` wrote it
set +e
"$masq" verify --original fixtures/customers_en.csv \
    --anonymized "$work/fixtures_customers_en.csv.out.csv" --report "$work/v_self.json" --key-file "$work/key" -q
code=$?
set -e
printf 'verify customers_en against its run exit=%s report=%s\n' "$code" "$(hash_report "$work/v_self.json" | cut -c1-16)"
