#!/usr/bin/env python3
"""Generate a third evaluation set for masq from Microsoft's own evaluation data:
presidio-evaluator's sentence templates and its FakeNameGenerator.com people.

Nothing of it was written here. The 209 sentence templates are the ones Presidio is
evaluated on ("My friend lives in {{city}}", "{{person}}\\n\\n{{building_number}}
{{street_name}}…", "Please transfer all funds from my account to this hackers' {{email}}"),
filled by its `PresidioSentenceFaker` (Faker en_US plus its own providers; names from 3,000
people of 30-odd name sets: Czech, Swedish, Vietnamese, …; 5% of names written in lower
case). The table's other columns are those people's records under FakeNameGenerator's own
headers (`GivenName`, `StreetAddress`, `TelephoneNumber`, `MothersMaiden`, …) and values, as
the package ships them (phones in each country's layout, birthdays as `3/29/1982`). The
output has the layout `scripts/eval_faker.py` measures (customers.csv + labels.json):

    python3 -m venv /tmp/pe && /tmp/pe/bin/pip install presidio-evaluator==0.3.2
    /tmp/pe/bin/python scripts/gen_eval_presidio.py --out /tmp/ev_presidio --rows 2000
    python3 scripts/eval_faker.py --masq target/release/masq --data /tmp/ev_presidio

Span kinds are mapped to masq's names; spans that name no person (organizations, countries,
states, job titles, nationalities, years, building numbers and apartment numbers alone) are
kept in `other_spans`: not measured, and not counted as words lost either. Same seed, same
files.
"""

import argparse
import csv
import json
import os
import random
import sys

PE_VERSION = "0.3.2"
try:
    import presidio_evaluator
    from presidio_evaluator.data_generator import PresidioSentenceFaker, raw_data_dir
except ImportError:  # pragma: no cover
    sys.exit(f"error: presidio-evaluator is not installed; run: pip install presidio-evaluator=={PE_VERSION}")
try:
    from importlib.metadata import version

    found = version("presidio-evaluator")
except Exception:  # pragma: no cover
    found = "?"
if found != PE_VERSION:
    sys.exit(f"error: pinned to presidio-evaluator=={PE_VERSION}, found {found}")

# presidio-evaluator's template entity → masq's span kind (None: not personal, not measured).
SPAN_KIND = {
    "person": "person_name", "name": "person_name", "name_female": "person_name",
    "name_male": "person_name",
    "first_name": "first_name", "first_name_male": "first_name", "first_name_female": "first_name",
    "first_name_nonbinary": "first_name",
    "last_name": "last_name", "last_name_male": "last_name", "last_name_female": "last_name",
    "address": "street_address", "street_name": "street_address",
    "city": "city", "postcode": "postcode", "zipcode": "postcode",
    "credit_card_number": "credit_card", "iban": "iban", "phone_number": "phone",
    "email": "email", "ssn": "us_ssn", "date_of_birth": "date_of_birth",
    "ip_address": "ip_mixed", "us_driver_license": "drivers_license", "url": "url",
}

# FakeNameGenerator's header → masq's kind (`none`: not personal; a person's occupation is
# personal data about them, so masq's kind for it). Columns not listed are left out: Number (a
# row number), Gender (masq finds it and keeps it by design, for the risk check: neither a
# leak nor a miss), Password (a secret, not personal data masq replaces),
# CCNumber/CVV2/CCExpires (spreadsheet-mangled: `5.54563E+15`), NationalID (mostly empty),
# StateFull/Country (countries), Domain (a made-up site per person: no kind of its own).
COLUMNS = [
    ("Title", "none"), ("GivenName", "first_name"), ("MiddleInitial", "none"),
    ("Surname", "last_name"), ("StreetAddress", "street_address"),
    ("City", "city"), ("State", "none"), ("ZipCode", "postcode"), ("CountryFull", "none"),
    ("EmailAddress", "email"), ("Username", "username"), ("TelephoneNumber", "phone"),
    ("MothersMaiden", "last_name"), ("Birthday", "date_of_birth"), ("Occupation", "job_title"),
    ("Company", "none"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write customers.csv and labels.json into")
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    if args.rows < 1:
        sys.exit("error: --rows must be at least 1")

    with open(raw_data_dir / "FakeNameGenerator.com_3000.csv", encoding="utf-8-sig", newline="") as fh:
        people = list(csv.DictReader(fh))
    rng = random.Random(args.seed)
    picked = (rng.sample(people, args.rows) if args.rows <= len(people)
              else [rng.choice(people) for _ in range(args.rows)])

    faker = PresidioSentenceFaker(
        locale="en_US", lower_case_ratio=0.05, random_seed=args.seed,
        entity_type_mapping={k: k for k in PresidioSentenceFaker.ENTITY_TYPE_MAPPING},
    )
    # One to three sentences a row, as a support request is written.
    per_row = [rng.randint(1, 3) for _ in range(args.rows)]
    sentences = faker.generate_new_fake_sentences(sum(per_row))

    header = ["request_id", "received"] + [c for c, _ in COLUMNS] + ["request"]
    rows, spans, other, locales = [], [], [], []
    it = iter(sentences)
    for r, person in enumerate(picked):
        text, parts = "", []
        for _ in range(per_row[r]):
            s = next(it)
            if text:
                text += " "
            base = len(text)
            text += s.full_text
            for sp in s.spans:
                parts.append((sp.entity_type, base + sp.start_position, base + sp.end_position))
        for etype, a, b in sorted(parts, key=lambda p: (p[1], p[2])):
            value = text[a:b]
            kind = SPAN_KIND.get(etype)
            if kind == "ip_mixed":
                kind = "ipv6" if ":" in value else "ipv4"
            entry = {"column": "request", "row": r, "start": a, "end": b, "text": value}
            if kind is None:
                other.append(dict(entry, kind=etype))
            else:
                spans.append(dict(entry, kind=kind))
        received = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append([f"REQ-{40000 + r}", received] + [person[c] for c, _ in COLUMNS] + [text])
        locales.append(person["NameSet"])

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    labels = {
        "generator": f"presidio-evaluator {PE_VERSION} (PresidioSentenceFaker, FakeNameGenerator.com_3000.csv)",
        "script": "scripts/gen_eval_presidio.py", "seed": args.seed, "rows": args.rows,
        "columns": dict([("request_id", "none"), ("received", "none")] + COLUMNS + [("request", "prose")]),
        "row_locales": locales, "spans": spans, "other_spans": other,
    }
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=1)
    print(f"{args.out}: {args.rows} rows, {len(spans)} labelled spans ({len(other)} not measured)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
