#!/usr/bin/env python3
"""A 20-column reference table for `benches/synth.sh` (`masq synth --like`): numbers with
dependencies between them (income rises with age, weight with height, balance with income),
counts, dates, seven categorical columns of 2-30 values, and two personal columns (e-mail and
first name) that masq must fake. Deterministic for a given row count.

    python3 benches/gen_synth_ref.py --rows 100000 ref.csv
"""
import argparse
import csv
import datetime
import math
import random

COUNTRIES = ["DE", "FR", "ES", "IT", "NL", "PT", "PL", "SE", "GB", "IE", "AT", "BE"]
PLANS = ["free", "basic", "plus", "pro"]
CHANNELS = ["web", "app", "store", "phone", "partner"]
DEVICES = ["ios", "android", "desktop"]
SEGMENTS = ["student", "family", "single", "retired", "business", "other"]
CITIES = [f"City{i:02d}" for i in range(30)]
NAMES = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas",
         "Lena", "Marc", "Nora", "Oskar", "Paula", "Rafael", "Sofia", "Tom", "Ute", "Victor"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("out")
    a = ap.parse_args()
    rnd = random.Random(20261202)
    base = datetime.date(2015, 1, 1)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["age", "income", "height_cm", "weight_kg", "score", "visits", "balance",
                    "tenure_days", "signup_date", "last_order", "country", "plan", "channel",
                    "device", "segment", "active", "rating", "city", "email", "first_name"])
        for i in range(a.rows):
            age = max(18, min(90, int(rnd.gauss(42, 13))))
            income = round(math.exp(rnd.gauss(10.2 + 0.012 * (age - 42), 0.45)), 2)
            height = round(rnd.gauss(172, 9), 1)
            weight = round(70 + 0.9 * (height - 172) + rnd.gauss(0, 7), 1)
            score = round(rnd.random() * 100, 3)
            visits = min(200, int(rnd.expovariate(1 / 12)))
            balance = round(income * 0.08 + rnd.gauss(0, 900), 2)
            tenure = rnd.randint(0, 3600)
            signup = base + datetime.timedelta(days=tenure % 3000)
            last = signup + datetime.timedelta(days=rnd.randint(0, 600))
            plan = rnd.choices(PLANS, weights=[40, 30, 20, 10])[0]
            rating = "" if rnd.random() < 0.1 else str(rnd.choices([1, 2, 3, 4, 5], [5, 8, 20, 40, 27])[0])
            name = rnd.choice(NAMES)
            w.writerow([age, income, height, weight, score, visits, balance, tenure,
                        signup.isoformat(), last.isoformat(), rnd.choice(COUNTRIES), plan,
                        rnd.choice(CHANNELS), rnd.choice(DEVICES), rnd.choice(SEGMENTS),
                        "true" if rnd.random() < 0.7 else "false", rating,
                        rnd.choice(CITIES), f"{name.lower()}.{i}@example.net", name])


if __name__ == "__main__":
    main()
