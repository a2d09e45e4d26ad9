#!/usr/bin/env python3
# pip install sdmetrics==0.32.0; python3 scripts/sdmetrics_dcr_crosscheck.py
"""Cross-check of masq's distance-to-closest-record figures against SDMetrics.

1. Writes a real table, a holdout drawn from the same process, and a synthetic table (part
   noisy copies of real rows, part fresh draws) to fixtures/dcr/ (seeded `random.Random`, so the
   files are the same on every run). Columns: an integer, a float with nulls, an ISO date, a
   category with nulls, a yes/no flag — the types `masq synth --like` measures.
2. Reads them with pandas the way masq types them (integers, floats, dates, categories) and
   scores with SDMetrics 0.32: DCRBaselineProtection.compute_breakdown (real vs synthetic, the
   random baseline seeded) and DCROverfittingProtection.compute_breakdown (training = real,
   validation = holdout), no subsampling.
3. Writes fixtures/dcr/expected.json, which tests/synth.rs compares with
   `masq::synth::like::distance_to_closest`: the synthetic median and the overfitting figures
   are deterministic (1e-9); the random baseline is a sample on both sides (compared within a
   tolerance).
"""

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import sdmetrics
from sdmetrics.single_table import DCRBaselineProtection, DCROverfittingProtection

OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'dcr'
CITIES = ['Lyon', 'Oslo', 'Porto', 'Graz', 'Turin', 'Gent', 'Cork', 'Bern']
COLUMNS = ['age', 'income', 'signup', 'city', 'member']


def draw(rng):
    return {
        'age': rng.randint(18, 90),
        'income': None if rng.random() < 0.1 else round(rng.lognormvariate(10.3, 0.5), 2),
        'signup': date(2020, 1, 1) + timedelta(days=rng.randint(0, 4 * 365)),
        'city': None if rng.random() < 0.05 else rng.choices(CITIES, [30, 20, 15, 10, 8, 7, 6, 4])[0],
        'member': 'yes' if rng.random() < 0.4 else 'no',
    }


def noisy(rng, row):
    r = dict(row)
    r['age'] = min(90, max(18, r['age'] + rng.randint(-2, 2)))
    if r['income'] is not None:
        r['income'] = round(r['income'] * rng.uniform(0.95, 1.05), 2)
    r['signup'] = r['signup'] + timedelta(days=rng.randint(-20, 20))
    return r


def write(name, rows):
    with open(OUT / name, 'w') as f:
        f.write(','.join(COLUMNS) + '\n')
        for r in rows:
            cells = ['' if r[c] is None else (f'{r[c]:.2f}' if c == 'income' else str(r[c])) for c in COLUMNS]
            f.write(','.join(cells) + '\n')


def read(name):
    df = pd.read_csv(OUT / name, dtype=str, keep_default_na=False, na_values=[''])
    df['age'] = df['age'].astype('int64')
    df['income'] = df['income'].astype('float64')
    df['signup'] = pd.to_datetime(df['signup'], format='%Y-%m-%d')
    return df


def main():
    rng = random.Random(20261202)
    real = [draw(rng) for _ in range(800)]
    holdout = [draw(rng) for _ in range(400)]
    synthetic = [noisy(rng, rng.choice(real)) if i % 2 == 0 else draw(rng) for i in range(1000)]
    OUT.mkdir(parents=True, exist_ok=True)
    write('real.csv', real)
    write('holdout.csv', holdout)
    write('synthetic.csv', synthetic)

    real_df, hold_df, syn_df = read('real.csv'), read('holdout.csv'), read('synthetic.csv')
    metadata = {
        'columns': {
            'age': {'sdtype': 'numerical'},
            'income': {'sdtype': 'numerical'},
            'signup': {'sdtype': 'datetime', 'datetime_format': '%Y-%m-%d'},
            'city': {'sdtype': 'categorical'},
            'member': {'sdtype': 'categorical'},
        }
    }
    DCRBaselineProtection._seed = 0
    base = DCRBaselineProtection.compute_breakdown(real_df, syn_df, metadata, 'table')
    over = DCROverfittingProtection.compute_breakdown(real_df, syn_df, hold_df, metadata, 'table')
    expected = {
        'generator': 'scripts/sdmetrics_dcr_crosscheck.py',
        'sdmetrics': sdmetrics.__version__,
        'real': 'real.csv',
        'synthetic': 'synthetic.csv',
        'holdout': 'holdout.csv',
        'baseline': {
            'score': base['score'],
            'synthetic_median': base['median_DCR_to_real_data']['synthetic_data'],
            'random_median': base['median_DCR_to_real_data']['random_data_baseline'],
        },
        'overfitting': {
            'score': over['score'],
            'closer_to_training': over['synthetic_data_percentages']['closer_to_training'],
        },
    }
    (OUT / 'expected.json').write_text(json.dumps(expected, indent=2) + '\n')
    print(json.dumps(expected, indent=2))


if __name__ == '__main__':
    main()
