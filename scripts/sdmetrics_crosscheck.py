#!/usr/bin/env python3
# pip install sdmetrics==0.32.0; python3 scripts/sdmetrics_crosscheck.py
"""Cross-check of masq's fidelity metrics against SDMetrics.

1. Writes three small, synthetic original/anonymized CSV pairs to fixtures/fidelity/ (made with
   a seeded `random.Random`, so the files are the same on every run).
2. Reads each pair back with pandas, every column as text, empty cells as nulls (as masq reads
   CSV), and types each column the way masq infers it (see src/verify/fidelity.rs): boolean words,
   then numbers, then ISO dates, else categories (<= 50 distinct values, both sides together, or
   <= half the non-null cells of the larger side); free text and columns whose type differs between the sides are
   left out (masq skips them).
3. Scores with SDMetrics: KSComplement per numeric/datetime column, TVComplement per
   categorical/boolean column, CorrelationSimilarity (Pearson and Spearman) per pair of
   numeric/datetime columns, ContingencySimilarity per pair with a categorical/boolean column
   (numeric/datetime columns binned by the metric's own `continuous_column_names`, 10 bins).
4. Writes fixtures/fidelity/expected.json, which tests/fidelity.rs compares with masq (1e-6).
"""

import json
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import sdmetrics
from sdmetrics.column_pairs import ContingencySimilarity, CorrelationSimilarity
from sdmetrics.single_column import KSComplement, TVComplement

OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'fidelity'

# ─── fixtures ───

CITIES = ['Lyon', 'Oslo', 'Porto', 'Graz', 'Turin', 'Gent', 'Cork', 'Bern']


def maybe(rng, p, v):
    return '' if rng.random() < p else v


def people(rng, n, anon):
    rows = []
    weights = [30, 20, 15, 10, 8, 7, 6, 4] if not anon else [26, 22, 15, 12, 8, 5, 6, 3]
    cities = CITIES + (['Bonn'] if anon else [])
    weights = weights + ([3] if anon else [])
    for i in range(n):
        age = rng.randint(18, 90) + (rng.randint(-3, 3) if anon else 0)
        income = round(rng.lognormvariate(10.3, 0.5) * (rng.uniform(0.9, 1.1) if anon else 1), 2)
        birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 65 * 365))
        if anon:
            birth += timedelta(days=rng.randint(-30, 30))
        signup = datetime(2020, 1, 1) + timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
        if anon:
            signup += timedelta(hours=rng.randint(-48, 48))
        city = rng.choices(cities, weights)[0]
        member = 'yes' if rng.random() < (0.4 + (0.05 if anon else 0)) else 'no'
        rows.append({
            'age': str(age),
            'income': maybe(rng, 0.1, f'{income:.2f}'),
            'birth_date': birth.isoformat(),
            'signup': maybe(rng, 0.05, signup.strftime('%Y-%m-%d %H:%M:%S')),
            'city': maybe(rng, 0.05, city),
            'member': member,
            'notes': f'note {i} {rng.randint(0, 10**9):x}',
        })
    return rows


def orders(rng, n, anon):
    rows = []
    for _ in range(n):
        qty = rng.randint(1, 10)
        amount = round(qty * rng.uniform(5, 50) * (rng.uniform(0.8, 1.2) if anon else 1), 2)
        status = rng.choices(['new', 'paid', 'shipped', 'returned'], [10, 30, 50, 10 if not anon else 5])[0]
        express = 'true' if rng.random() < 0.3 else 'false'
        day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 365))
        age = rng.randint(18, 80)
        rows.append({
            'amount': f'{amount:.2f}',
            'qty': str(qty),
            'status': status,
            'express': maybe(rng, 0.1, express),
            'order_date': day.isoformat(),
            'age_band': f'{age // 10 * 10}-{age // 10 * 10 + 9}' if anon else str(age),
        })
    return rows


def small(rng, n, anon):
    rows = []
    for _ in range(n):
        grade = rng.choices('ABCDF', [2, 4, 5, 3, 1] if not anon else [3, 4, 4, 3, 2])[0]
        hours = rng.choice([1, 1.5, 2, 2, 3, 4, 4, 6, 8])
        passed = '1' if grade in 'ABC' else '0'
        if anon and rng.random() < 0.15:
            passed = '1' if passed == '0' else '0'
        flag = rng.choice(['T', 'F', 'F'] if not anon else ['t', 'F', 'f'])
        day = date(2023, 5, 1) + timedelta(days=rng.randint(0, 60))
        rows.append({
            'grade': grade,
            'hours': maybe(rng, 0.1, f'{hours:g}'),
            'passed': passed,
            'flag': flag,
            'day': maybe(rng, 0.1, day.isoformat()),
        })
    return rows


DATASETS = [
    ('people', people, 200, 180, 11),
    ('orders', orders, 120, 150, 22),
    ('small', small, 40, 55, 33),
]


def write_csv(path, rows):
    pd.DataFrame(rows).to_csv(path, index=False)


# ─── typing, as masq infers it ───

BOOL = {'true': True, 'false': False, 'yes': True, 'no': False, 't': True, 'f': False,
        'y': True, 'n': False, '1': True, '0': False}
NUM = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
DATE = re.compile(r'^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$')


def side_caps(values):
    vals = set(values)
    spellings = {v.lower() for v in vals if v.lower() in BOOL}
    return {
        'boolean': all(v.lower() in BOOL for v in vals) and len(spellings) <= 2,
        'numeric': all(NUM.match(v) for v in vals),
        'datetime': all(DATE.match(v) for v in vals),
    }


def infer(orig, anon):
    """The type both sides are read as, or None (skipped by masq)."""
    o, a = orig.dropna(), anon.dropna()
    co, ca = side_caps(o), side_caps(a)
    for t in ('boolean', 'numeric', 'datetime'):
        if co[t] and ca[t]:
            return t
    if any(co.values()) or any(ca.values()):
        return None  # type changed
    distinct = len(set(o) | set(a))
    if distinct <= 50 or distinct <= 0.5 * max(len(o), len(a)):
        return 'categorical'
    return None  # free text


def typed(series, kind):
    if kind == 'numeric':
        return pd.to_numeric(series)
    if kind == 'datetime':
        return pd.to_datetime(series, format='ISO8601')
    if kind == 'boolean':
        return series.map(lambda v: BOOL[v.lower()] if isinstance(v, str) else None)
    return series


def as_continuous(series, kind):
    """Datetime as float nanoseconds with NaN for nulls (as SDMetrics' report does)."""
    if kind == 'datetime':
        out = pd.to_numeric(series).astype('float64')
        out[series.isna()] = float('nan')
        return out
    return series.astype('float64')


def crosscheck(name):
    orig_path, anon_path = OUT / f'{name}_original.csv', OUT / f'{name}_anonymized.csv'
    read = dict(dtype=str, keep_default_na=False, na_values=[''])
    orig, anon = pd.read_csv(orig_path, **read), pd.read_csv(anon_path, **read)
    kinds = {}
    for col in orig.columns:
        kind = infer(orig[col], anon[col])
        if kind:
            kinds[col] = kind
    ro = pd.DataFrame({c: typed(orig[c], k) for c, k in kinds.items()})
    ra = pd.DataFrame({c: typed(anon[c], k) for c, k in kinds.items()})

    columns = []
    for col, kind in kinds.items():
        if kind in ('numeric', 'datetime'):
            metric, score = 'KSComplement', KSComplement.compute(ro[col], ra[col])
        else:
            metric, score = 'TVComplement', TVComplement.compute(ro[col], ra[col])
        columns.append({'column': col, 'column_type': kind, 'metric': metric, 'score': float(score)})

    pairs = []
    names = list(kinds)
    cont = {c for c, k in kinds.items() if k in ('numeric', 'datetime')}
    for i, x in enumerate(names):
        for y in names[i + 1:]:
            if x in cont and y in cont:
                for coef in ('Pearson', 'Spearman'):
                    b = CorrelationSimilarity.compute_breakdown(ro[[x, y]], ra[[x, y]], coefficient=coef)
                    pairs.append({'columns': [x, y], 'metric': 'CorrelationSimilarity',
                                  'coefficient': coef.lower(), 'score': float(b['score']),
                                  'original': float(b['real']), 'anonymized': float(b['synthetic'])})
            else:
                po = pd.DataFrame({c: as_continuous(ro[c], kinds[c]) if c in cont else ro[c] for c in (x, y)})
                pa = pd.DataFrame({c: as_continuous(ra[c], kinds[c]) if c in cont else ra[c] for c in (x, y)})
                continuous = [c for c in (x, y) if c in cont] or None
                score = ContingencySimilarity.compute(po, pa, continuous_column_names=continuous)
                pairs.append({'columns': [x, y], 'metric': 'ContingencySimilarity', 'score': float(score)})
    return {'name': name, 'original': orig_path.name, 'anonymized': anon_path.name,
            'columns': columns, 'pairs': pairs}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make, n_orig, n_anon, seed in DATASETS:
        rng = random.Random(seed)
        write_csv(OUT / f'{name}_original.csv', make(rng, n_orig, anon=False))
        write_csv(OUT / f'{name}_anonymized.csv', make(rng, n_anon, anon=True))
    expected = {
        'generator': 'scripts/sdmetrics_crosscheck.py',
        'sdmetrics': sdmetrics.__version__,
        'datasets': [crosscheck(name) for name, *_ in DATASETS],
    }
    (OUT / 'expected.json').write_text(json.dumps(expected, indent=2) + '\n')


if __name__ == '__main__':
    main()
