#!/usr/bin/env python3
"""Writes an N-row CSV with the columns of fixtures/customers_en.csv, for benches/pipeline.sh.

Standard library only, deterministic. Identifiers are distinct per row (emails, cards, SSNs) so
the keyed-surrogate work is the realistic worst case (one surrogate per row); names, streets and
cities come from pools, as in real data. Phones vary the subscriber digits of the fixture's
valid numbers within the same exchanges.

    python3 benches/gen_bench_csv.py 1000000 target/bench/customers_1m.csv
"""
import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def luhn_digit(payload):
    total = 0
    for i, d in enumerate(reversed(payload + [0])):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(os.path.join(HERE, "..", "fixtures", "customers_en.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0].keys())
    pool = {c: sorted({r[c] for r in rows if r[c]}) for c in header}
    names = pool["full_name"]
    phones = pool["phone"]
    rng = random.Random(42)
    domains = ["mailbox.org", "fastmail.com", "proton.me", "outlook.com", "gmx.net"]
    notes = ["prefers weekend delivery", "VIP since 2021", "gift wrap", "", "", "repeat customer"]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i in range(n):
            name = rng.choice(names)
            first, last = name.split(" ", 1)
            payload = [4] + [rng.randrange(10) for _ in range(14)]
            digits = "".join(map(str, payload + [luhn_digit(payload)]))
            area = rng.randrange(1, 900)
            area = 667 if area == 666 else area
            phone = rng.choice(phones)
            phone = phone[:-2] + f"{rng.randrange(100):02d}"
            null = rng.random() < 0.05
            w.writerow([
                f"CUST-{i:08d}", "" if null else name,
                f"{first.lower()}.{last.lower()}.{i}@{rng.choice(domains)}", phone,
                f"{rng.randrange(1936, 2007)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                rng.choice(pool["street_address"]), rng.choice(pool["city"]), rng.choice(pool["zip"]),
                " ".join(digits[j:j + 4] for j in range(0, 16, 4)),
                f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:00:00Z",
                f"{rng.randrange(5, 900)}.{rng.randrange(100):02d}", rng.choice(pool["sku"]), rng.choice(pool["app_version"]),
                f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}", rng.choice(notes),
            ])


if __name__ == "__main__":
    main()
