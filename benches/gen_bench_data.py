#!/usr/bin/env python3
"""Writes the benchmark CSVs of benches/pipeline.sh: three shapes, by row count or by file size.

Shapes (headers named the way real exports name them):

    wide       37 columns, one order of a multi-locale customer per row (US, GB, DE, FR, ES, IT,
               NL, PT, BR): names, e-mails, phones of the row's country in its usual formats,
               dates of birth, street/postcode/city and one-line addresses, IBANs, national ids
               (SSN, NINO, Steuer-ID, NIR, DNI, codice fiscale, BSN, CPF, NIF), IPv4/IPv6, MAC,
               usernames, a `notes` column with names/e-mails/phones/IBANs inside sentences, and
               19 non-personal columns (order ids, SKUs, amounts, status, timestamps, ...).
               About 480 bytes a row.
    prose      10 columns of a CRM customer table whose `notes` column is a log of dated entries
               (about 450 bytes a row) naming the customer, their e-mail, phone, IBAN, address,
               national id, card, relatives. Default 20,000 rows, about 11 MB.
    customers  the 16 columns of fixtures/customers_en.csv (for --size; pipeline.sh makes the
               --rows file of this shape with benches/gen_bench_csv.py, as before).

Usage (from the repository root):

    python3 benches/gen_bench_data.py --shape wide --rows 1000000 target/bench/wide_1000000.csv
    python3 benches/gen_bench_data.py --shape prose target/bench/prose_20000.csv
    python3 benches/gen_bench_data.py --shape wide --size 10G target/bench/wide_10G.csv

How it stays fast (1,000,000 wide rows: 75 s of CPU, 2.5 min on 2 shared busy cores; past
the distinct rows below, about 3x faster a row):

- Faker (pinned: faker==40.63.0, checked by scripts/gen_eval_faker.py, whose locale tables,
  phone formatting, prose templates and id helpers are imported here) is called only to fill
  pools once: names, streets, cities, postcodes, addresses, phones, IBANs, BICs, passports, ...
- every row is a *static part* (pool picks, formats, prose; drawn from a random.Random seeded by
  the seed, the shape and the block number) with *slots* for the per-row identifiers, which are
  computed from the global row number g: bijective scrambles of g (so e-mails, IBANs, SSNs,
  DNIs, BSNs, NIRs, IPv4s, MACs, ... are distinct per row) with the check digits recomputed
  (IBAN mod 97, Luhn, DNI letter, BSN 11-check, NIR key, Steuer-ID ISO 7064, codice fiscale,
  CPF, NIF). A phone keeps a pooled Faker number's layout and area code and varies its last
  four digits (not unique, as in life).
- rows are made in chunks of 5,000 by --jobs worker processes (default: all cores) and written
  in order by this process, so the file streams to disk and memory stays bounded; a chunk's
  bytes depend only on (seed, shape, chunk number), so the output is the same for any --jobs.
- after --distinct rows (default 1,000,000) the static parts repeat: chunk k reuses the block
  of chunk k mod 10 (cached in each worker), with fresh identifiers from its own row numbers.
  So a 10 GB file has 1M distinct static rows, and its identifiers stay distinct (but for a
  handful per million national ids: Steuer-IDs whose two equal digits swap places, a plain
  SSN equal to a BSN).

Deterministic for a given --seed, shape and --distinct. Output: RFC 4180 CSV, UTF-8, LF line
ends, no line breaks inside cells (so `wc -l` minus one counts the rows). Writes OUT.part and
renames it to OUT at the end; prints the row count and size to stderr.
"""
import argparse
import bisect
import collections
import datetime as dt
import itertools
import math
import multiprocessing as mp
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
# Re-executes this script with PYTHONHASHSEED=0 (Faker's it_IT data is built from sets) and
# exits unless faker==40.63.0 is installed.
import gen_eval_faker as ev  # noqa: E402
from faker import Faker  # noqa: E402

CHUNK = 5000          # rows per chunk (the unit of work and of determinism)
REPEAT_BLOCKS = 10    # beyond --distinct rows, chunk k reuses the static block k % REPEAT_BLOCKS
REPEAT_ROWS = REPEAT_BLOCKS * CHUNK
DEFAULT_ROWS = {"wide": 1_000_000, "prose": 20_000, "customers": 1_000_000}

# ---------------------------------------------------------------------------------------------
# per-row identifiers: slot functions f(g, arg) -> str, g = the global 0-based row number.
# Each is injective in g (a bijection of g into its digit space, then check digits), so a column
# never repeats an identifier within its space (10^8 DNIs, 2^32 IPv4s, ...); `salt` tells two
# columns of one kind apart (ip_address, last_login_ip).
# ---------------------------------------------------------------------------------------------
LETTER_DIGITS = str.maketrans({chr(65 + i): str(10 + i) for i in range(26)})
CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
LUHN_DOUBLE = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
SSN_SPACE = 898 * 99 * 9999           # areas 001-899 without 666, groups 01-99, serials 0001-9999
# first octets of public unicast IPv4 (no 0, 10, 100, 127, 169, 172, 192, 198, 203, multicast)
IPV4_FIRST = [a for a in range(1, 224) if a not in {10, 100, 127, 169, 172, 192, 198, 203}]
IPV4_SPACE = len(IPV4_FIRST) << 24
NINO_PREFIXES = [a + b for a in "ABCEGHJKLMNOPRSTWXYZ" for b in "ABCEGHJKLMNPRSTWXYZ"
                 if a + b not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}]
NINO_SPACE = len(NINO_PREFIXES) * 4 * 1_000_000
NINO_MUL = next(p for p in (7919, 104729, 1299709) if math.gcd(p, NINO_SPACE) == 1)
FR_DEPTS = [d for d in range(1, 96) if d != 20]  # 20 is Corsica, written 2A/2B


def mix10(g, k, salt=0):
    """A bijection of [0, 10^k) as a k-digit string: affine, digit reversal, affine (the
    multipliers are primes other than 2 and 5, so each step is invertible mod 10^k)."""
    m = 10 ** k
    x = "%0*d" % (k, (g * 7919 + 0x5DEECE66D + salt) % m)
    return "%0*d" % (k, (int(x[::-1]) * 104729 + 12345 + salt) % m)


def mixbits(g, bits, salt=0):
    """A bijection of [0, 2^bits): odd multiplications and xor-shifts."""
    mask = (1 << bits) - 1
    x = (g * 0x9E3779B97F4A7C15 + salt) & mask
    x ^= x >> (bits // 2)
    x = (x * 0xBF58476D1CE4E5B9) & mask
    return x ^ (x >> (bits // 3))


def s_fmt(g, a):
    """a = (printf format, multiplier, offset, modulus): a scrambled (or, with mul 1, plain) number."""
    f, mul, off, mod = a
    return f % ((g * mul + off) % mod)


def s_email(g, a):
    return f"{a[0]}{g + 1}{a[1]}"


def s_phone(g, a):
    """A pooled number with its last four digits varied (area code and length stay valid)."""
    head, tail, off = a
    return head + tail.format(*("%04d" % ((g * 7919 + off) % 10000)))


def s_iban(g, a):
    """The pooled IBAN's country and bank part, eight account digits from g, mod-97 check."""
    cc, head, tail, grouped = a
    bban = head + tail.format(*mix10(g, 8))
    check = 98 - int((bban + cc + "00").translate(LETTER_DIGITS)) % 97
    iban = f"{cc}{check:02d}{bban}"
    if grouped:
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


def s_us_ssn(g, style):
    x = (g * 7777777 + 12345) % SSN_SPACE  # 7777777 is prime to SSN_SPACE: a bijection
    x, serial = divmod(x, 9999)
    area, group = divmod(x, 99)
    area += 1
    if area >= 666:
        area += 1
    sep = ("-", "", " ")[style]
    return f"{area:03d}{sep}{group + 1:02d}{sep}{serial + 1:04d}"


def s_uk_nino(g, spaced):
    x = (g * NINO_MUL + 12345) % NINO_SPACE  # a bijection: prefix, six digits, suffix from g
    x, i = divmod(x, len(NINO_PREFIXES))
    x, j = divmod(x, 4)
    prefix, suffix, d = NINO_PREFIXES[i], "ABCD"[j], mix10(x, 6)
    if spaced:
        return f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}"
    return f"{prefix}{d}{suffix}"


def s_de_tax_id(g, a):
    """Ten digits with one digit twice (the pooled multiset) in the g-th permutation, first not
    0, ISO 7064 MOD 11,10 check digit."""
    digits, spaced = a
    d = list(digits)
    x = (g * 2654435761 + 1234567) % 3628800  # 10! (the multiplier is prime): the permutation's number
    for i in range(9, 0, -1):
        x, j = divmod(x, i + 1)
        d[i], d[j] = d[j], d[i]
    if d[0] == 0:
        k = next(i for i, v in enumerate(d) if v)
        d[0], d[k] = d[k], d[0]
    s = "".join(map(str, d))
    s += ev.iso7064_mod11_10(s)
    return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}" if spaced else s


def s_fr_nir(g, a):
    head, spaced = a  # head: sex, yy, mm (5 digits); department, commune and order from g
    x = (g * 7919 + 12345) % (len(FR_DEPTS) * 1_000_000)
    x, dept = divmod(x, len(FR_DEPTS))
    body = f"{head}{FR_DEPTS[dept]:02d}{mix10(x, 6)}"
    key = 97 - int(body) % 97
    if spaced:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    return f"{body}{key:02d}"


def s_es_dni(g, dashed):
    n = mix10(g, 8)
    return f"{n}{'-' if dashed else ''}{DNI_LETTERS[int(n) % 23]}"


def s_it_cf(g, head):
    """head: surname and name letters, yy, month letter, day (+40 for women); the municipality
    code (letter + 3 digits) from g, distinct for the repeats of one static row; the check
    character."""
    rnd, j = divmod(g, REPEAT_ROWS)
    x = (rnd * 7919 + j * 104729 + 17) % 26000
    body = f"{head}{chr(65 + x // 1000)}{x % 1000:03d}"
    total = 0
    for i, c in enumerate(body):
        v = ord(c) - (48 if c <= "9" else 65)
        total += CF_ODD[v] if i % 2 == 0 else v
    return body + chr(65 + total % 26)


def s_nl_bsn(g, dotted):
    x = int(mix10(g, 8))
    while True:  # about one number in eleven has no check digit: take the next one
        s = "%08d" % x
        c = sum(int(d) * (9 - i) for i, d in enumerate(s)) % 11
        if c < 10 and (x or c):
            break
        x = (x + 1) % 100_000_000
    s += str(c)
    return f"{s[:4]}.{s[4:6]}.{s[6:]}" if dotted else s


def s_br_cpf(g, formatted):
    d = [int(c) for c in mix10(g, 9)]
    for k in (10, 11):
        r = sum(x * w for x, w in zip(d, range(k, 1, -1))) * 10 % 11
        d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}" if formatted else s


def s_pt_nif(g, _):
    x, first = divmod((g * 7919 + 12345) % 30_000_000, 3)
    body = "123"[first] + mix10(x, 7)
    c = 11 - sum(int(d) * (9 - i) for i, d in enumerate(body)) % 11
    return body + str(0 if c >= 10 else c)


def s_card(g, grouped):
    """A Visa-like 16-digit number, Luhn-valid."""
    payload = "4" + mix10(g, 14)
    total = 0
    for i, ch in enumerate(reversed(payload)):
        total += LUHN_DOUBLE[int(ch)] if i % 2 == 0 else int(ch)
    num = payload + str((10 - total % 10) % 10)
    return f"{num[:4]} {num[4:8]} {num[8:12]} {num[12:]}" if grouped else num


def s_ipv4(g, salt):
    x = (g * 2654435761 + salt * 0x5BD1E995) % IPV4_SPACE  # prime to IPV4_SPACE
    low = mixbits(x & 0xFFFFFF, 24, salt)
    return f"{IPV4_FIRST[x >> 24]}.{low >> 16}.{(low >> 8) & 255}.{low & 255}"


def s_ipv6(g, prefix):
    x = mixbits(g, 64)
    return f"{prefix}:{x >> 48:x}:{(x >> 32) & 0xFFFF:x}:{(x >> 16) & 0xFFFF:x}:{x & 0xFFFF:x}"


def s_mac(g, a):
    oui, style = a
    h = f"{oui}{mixbits(g, 24):06x}"
    if style == 0:
        return ":".join(h[i:i + 2] for i in range(0, 12, 2))
    if style == 1:
        return "-".join(h[i:i + 2] for i in range(0, 12, 2)).upper()
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


# ---------------------------------------------------------------------------------------------
# static parts
# ---------------------------------------------------------------------------------------------
def esc(s):
    """Static text as a str.format literal."""
    return s.replace("{", "{{").replace("}", "}}")


def csvq(s):
    if "," in s or '"' in s:
        return '"' + s.replace('"', '""') + '"'
    return s


class FastRandom(random.Random):
    """random.Random with choice and randrange from one random() call: several times faster than
    the exact (rejection-sampled) originals, and exact enough for test data."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, a, b=None):
        if b is None:
            a, b = 0, a
        return a + int(self.random() * (b - a))


def card_like(rng):
    """A 16-digit number that fails the Luhn check (a parcel tracking number, not a card)."""
    body = "%015d" % rng.randrange(10 ** 14, 10 ** 15)
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += LUHN_DOUBLE[int(ch)] if i % 2 == 0 else int(ch)
    return body + str((10 - total % 10 + 1 + rng.randrange(9)) % 10)


class Row:
    """One row's static part: format-string fields plus the slots they refer to."""
    __slots__ = ("fields", "slots", "rng")

    def __init__(self, rng):
        self.fields, self.slots, self.rng = [], [], rng

    def slot(self, func, arg):
        self.slots.append((func, arg))
        return "{%d}" % (len(self.slots) - 1)

    def off(self):
        return self.rng.randrange(1 << 30)

    def finish(self):
        return ",".join(csvq(f) for f in self.fields) + "\n", tuple(self.slots)


def split_tail(s, ndigits):
    """'+49 30 1234567' -> ('+49 30 123', '{}{}{}{}'): the text before the last ndigits digits
    and a format for those digits with the separators between them."""
    pos = [i for i, c in enumerate(s) if c.isdigit()]
    if len(pos) < ndigits:
        return None
    p = pos[-ndigits]
    tail = s[p:]
    return s[:p], "".join("{}" if c.isdigit() else esc(c) for c in tail)


def split_iban(iban):
    """'DE97746873397036850440' -> ('DE', '74687339703685', '{}{}{}{}{}{}{}{}', 8): the country,
    the BBAN up to its last eight digits, and a format for the rest (BR ends in letters)."""
    cc, bban = iban[:2], iban[4:]
    pos = [i for i, c in enumerate(bban) if c.isdigit()]
    p = pos[-8]
    return cc, bban[:p], "".join("{}" if c.isdigit() else c for c in bban[p:])


def cf_part(name, first):
    s = re.sub("[^A-Z]", "", ev.ascii_fold(name).upper())
    cons = [c for c in s if c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if first and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


class Pools:
    """Faker values, drawn once per run (a few seconds), then combined per row."""

    def __init__(self, seed):
        Faker.seed(seed)
        fk = Faker(ev.LOCALES)
        rng = random.Random(seed)
        self.loc = {}
        for loc in ev.LOCALES:
            f = fk[loc]
            p = {
                "first_f": sorted({f.first_name_female() for _ in range(500)}),
                "first_m": sorted({f.first_name_male() for _ in range(500)}),
                "last": sorted({f.last_name() for _ in range(800)}),
                "street": [ev.address_one_line(f.street_address()) for _ in range(600)],
                "city": [f.city() for _ in range(400)],
                "postcode": [f.postcode() for _ in range(400)],
                "address": [ev.address_one_line(f.address()) for _ in range(600)],
                "bic": [f.swift(length=rng.choice([8, 11])) for _ in range(80)],
                "passport": [f.passport_number() for _ in range(300)],
                "domain": [f.domain_name() for _ in range(80)],
                "company": [f.company() for _ in range(150)],
            }
            phones = []
            while len(phones) < 400:
                s = ev.phone_format(f.phone_number(), loc, rng)
                if "x" not in s and sum(c.isdigit() for c in s) >= 9:
                    phones.append(split_tail(s, 4))
            p["phone"] = phones
            p["iban"] = [] if loc == "en_US" else [split_iban(f.iban()) for _ in range(200)]
            self.loc[loc] = p
        gf = fk["en_US"]
        self.ipv6_prefix = [":".join(gf.ipv6().split(":")[:4]) for _ in range(300)]
        self.oui = ["%02x%04x" % (rng.randrange(256) & 0xFC, rng.randrange(65536)) for _ in range(200)]
        # customers shape: the pools of benches/gen_bench_csv.py (the fixture's values)
        import csv
        with open(os.path.join(HERE, "..", "fixtures", "customers_en.csv"), newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        self.cust_header = list(rows[0].keys())
        self.cust = {c: sorted({r[c] for r in rows if r[c]}) for c in self.cust_header}


LOC_CUM = list(itertools.accumulate(ev.LOCALE_WEIGHTS))
NATID_FUNCS = {"en_US": s_us_ssn, "en_GB": s_uk_nino, "de_DE": s_de_tax_id, "fr_FR": s_fr_nir,
               "es_ES": s_es_dni, "it_IT": s_it_cf, "nl_NL": s_nl_bsn, "pt_BR": s_br_cpf, "pt_PT": s_pt_nif}
CF_MONTHS = "ABCDEHLMPRST"
_TEMPLATES = {}
AGENTS = ["JM", "SK", "AB", "LR", "TC", "MV", "EP", "DH"]


class NoteValues(dict):
    """Template values; the IP and card slots are made only when a chosen template uses them."""

    def __missing__(self, key):
        row = self.row
        if key == "ip":
            v = row.slot(s_ipv4, 3)
        elif key == "card":
            v = row.slot(s_card, row.rng.random() < 0.5)
        else:
            raise KeyError(key)
        self[key] = v
        return v


class Person:
    """The static facts of one row's person, and slots for their identifiers."""

    def __init__(self, row, pools):
        rng = row.rng
        loc = ev.LOCALES[bisect.bisect_right(LOC_CUM, rng.random() * LOC_CUM[-1])]
        p = pools.loc[loc]
        self.loc, self.p, self.cc = loc, p, ev.COUNTRY[loc]
        female = rng.random() < 0.5
        self.first = rng.choice(p["first_f"] if female else p["first_m"])
        self.last = rng.choice(p["last"])
        self.full = f"{self.first} {self.last}"
        self.dob = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 66 * 365))
        local = ev.ascii_fold(f"{self.first}.{self.last}").lower().replace(" ", "").replace("'", "")
        r = rng.random()
        if r < 0.5:
            head, dom = local, rng.choice(ev.FREE_MAIL[loc])
        elif r < 0.75:
            head = ev.ascii_fold(self.first).lower()[:1] + ev.ascii_fold(self.last).lower().replace(" ", "").replace("'", "")
            dom = rng.choice(ev.FREE_MAIL[loc])
        else:
            head, dom = local + ".", rng.choice(p["domain"])
        self.email = row.slot(s_email, (head, "@" + dom))
        ph = rng.choice(p["phone"])
        self.phone = row.slot(s_phone, (ph[0], ph[1], row.off()))
        self.iban = ""
        if p["iban"]:
            cc, head, tail = rng.choice(p["iban"])
            self.iban = row.slot(s_iban, (cc, head, tail, rng.random() < 0.6))
        self.street = esc(rng.choice(p["street"]))
        self.postcode = esc(rng.choice(p["postcode"]))
        self.city = esc(rng.choice(p["city"]))
        self.natid = row.slot(NATID_FUNCS[loc], self._natid_arg(rng, female))
        self.lang = ev.LANG_OF.get(loc) or rng.choice(ev.LANGS)

    def _natid_arg(self, rng, female):
        loc = self.loc
        if loc == "en_US":
            return rng.choice([0, 0, 0, 1, 2])
        if loc == "en_GB":
            return rng.random() < 0.4
        if loc == "de_DE":
            missing, dup = rng.sample(range(10), 2)
            return (tuple([d for d in range(10) if d != missing] + [dup]), rng.random() < 0.3)
        if loc == "fr_FR":
            head = f"{2 if female else 1}{self.dob.year % 100:02d}{self.dob.month:02d}"
            return (head, rng.random() < 0.35)
        if loc == "es_ES":
            return rng.random() < 0.15
        if loc == "it_IT":
            day = self.dob.day + (40 if female else 0)
            head = f"{cf_part(self.last, False)}{cf_part(self.first, True)}{self.dob.year % 100:02d}{CF_MONTHS[self.dob.month - 1]}{day:02d}"
            return head
        if loc == "nl_NL":
            return rng.random() < 0.2
        if loc == "pt_BR":
            return rng.random() < 0.8
        return None  # pt_PT: all from g

    def note_values(self, row):
        rng = row.rng
        v = {"name": esc(self.full), "first": esc(self.first),
             "other": esc(f"{rng.choice(self.p['first_m'])} {self.last}"),
             "phone": self.phone, "email": self.email, "iban": self.iban,
             "dob": ev.prose_date(self.dob, self.lang), "street": self.street,
             "postcode": self.postcode, "city": self.city,
             "passport": esc(rng.choice(self.p["passport"])),
             "url": esc(f"https://www.linkedin.com/in/{ev.ascii_fold(self.first).lower()}-"
                        f"{ev.ascii_fold(self.last).lower().replace(' ', '-')}-{rng.randrange(16 ** 6):06x}")}
        v = NoteValues(v)
        v.row = row
        nk = ev.NATID_KIND.get(self.loc)
        if nk:
            v["natid"] = self.natid
            v["natid_name"] = esc(ev.NATID_NAME[nk][self.lang])
        return v

    def templates(self, with_card):
        """The note templates of the row's language whose placeholders this person can fill."""
        key = (self.lang, self.loc in ev.NATID_KIND, bool(self.iban), with_card)
        if key not in _TEMPLATES:
            drop = [k for k, keep in (("{natid", key[1]), ("{iban}", key[2]), ("{card}", with_card)) if not keep]
            _TEMPLATES[key] = [t for t in ev.NOTES[self.lang] if not any(d in t for d in drop)]
        return _TEMPLATES[key]


EPOCH = dt.date(2019, 1, 1)
DAYS = [(EPOCH + dt.timedelta(days=d)).isoformat() for d in range(3000)]


def day_no(y, m, d):
    return (dt.date(y, m, d) - EPOCH).days


def ts(rng, start_day, days):
    """A random instant, in seconds since EPOCH (formatted by stamp; strftime is slow)."""
    return start_day * 86400 + rng.randrange(days * 86400)


def stamp(sec, sep=" ", end="", seconds=True):
    d, s = divmod(sec, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{DAYS[d]}{sep}{h:02d}:{m:02d}:{s:02d}{end}" if seconds else f"{DAYS[d]}{sep}{h:02d}:{m:02d}{end}"


# ---------------------------------------------------------------------------------------------
# shapes: header + build(row, pools) filling row.fields
# ---------------------------------------------------------------------------------------------
WIDE_HEADER = [
    "order_id", "order_date", "customer_id", "first_name", "last_name", "billing_name", "email",
    "phone", "mobile", "date_of_birth", "street_address", "postal_code", "city", "country",
    "shipping_address", "iban", "bic", "national_id", "ip_address", "last_login_ip",
    "mac_address", "username", "sku", "product_category", "quantity", "unit_price",
    "total_amount", "currency", "order_status", "payment_method", "shipped_at", "is_gift",
    "newsletter_opt_in", "loyalty_points", "tracking_number", "updated_at", "notes",
]
assert len(WIDE_HEADER) == 37
CATEGORIES = ["Electronics", "Garden", "Books", "Toys", "Kitchen", "Sports", "Beauty", "Fashion", "Home & Living"]
STATUSES = ["pending", "paid", "shipped", "delivered", "delivered", "delivered", "returned", "cancelled"]
PAYMENTS = ["credit_card", "paypal", "sepa_debit", "klarna", "bank_transfer", "apple_pay"]
CURRENCY = {"US": "USD", "GB": "GBP", "BR": "BRL"}


def build_wide(row, pools):
    rng, fields = row.rng, row.fields
    person = Person(row, pools)
    p, loc = person.p, person.loc
    r = rng.random()
    if r < 0.10:
        billing = f"{person.last.upper()}, {person.first}"
    elif r < 0.22:
        billing = f"{rng.choice(ev.TITLES[loc])} {person.full}"
    else:
        billing = person.full
    ordered = ts(rng, day_no(2023, 1, 1), 700)
    shipped = ordered + 3600 * rng.randrange(4, 120)
    updated = shipped + 3600 * rng.randrange(1, 900)
    qty = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 5, 10])
    price = rng.randrange(199, 49999) / 100
    mobile = ""
    if rng.random() >= 0.45:
        ph = rng.choice(p["phone"])
        mobile = row.slot(s_phone, (ph[0], ph[1], row.off()))
    tracking = card_like(rng)
    notes = ""
    if rng.random() >= 0.25:
        values = person.note_values(row)
        usable = person.templates(with_card=False)
        notes = " ".join(t.format_map(values) for t in rng.sample(usable, rng.choice([1, 1, 2])))
    mr = rng.random()
    last_ip = ("" if mr < 0.2 else row.slot(s_ipv6, rng.choice(pools.ipv6_prefix)) if mr < 0.6
               else row.slot(s_ipv4, 2))
    uname = ev.ascii_fold(rng.choice([f"{person.first}.{person.last}", f"{person.first[:1]}{person.last}",
                                      f"{person.last}{person.first[:2]}"])).lower().replace(" ", "").replace("'", "")
    empty = rng.random
    fields += [
        row.slot(s_fmt, ("SO-%08d", 1, 10_000_000, 10 ** 12)),
        stamp(ordered),
        row.slot(s_fmt, ("C%09d", 48271, 777, 10 ** 9)),
        esc(person.first) if empty() >= 0.03 else "",
        esc(person.last) if empty() >= 0.03 else "",
        esc(billing),
        person.email if empty() >= 0.08 else "",
        person.phone if empty() >= 0.15 else "",
        mobile,
        ev.fmt_date(person.dob, loc, rng) if empty() >= 0.3 else "",
        person.street,
        person.postcode,
        person.city,
        person.cc,
        esc(rng.choice(p["address"])) if empty() >= 0.4 else "",
        person.iban if empty() >= 0.3 else "",
        esc(rng.choice(p["bic"])) if person.iban and empty() >= 0.5 else "",
        person.natid if empty() >= 0.35 else "",
        row.slot(s_ipv4, 1) if empty() >= 0.1 else "",
        last_ip,
        row.slot(s_mac, (rng.choice(pools.oui), rng.randrange(3))) if empty() >= 0.6 else "",
        esc(f"{uname}{rng.randrange(100)}" if rng.random() < 0.5 else uname),
        f"SKU-{rng.randrange(10000, 99999)}-{rng.choice(['XS', 'S', 'M', 'L', 'XL', 'OS'])}",
        rng.choice(CATEGORIES),
        str(qty),
        f"{price:.2f}",
        f"{qty * price:.2f}",
        CURRENCY.get(person.cc, "EUR"),
        rng.choice(STATUSES),
        rng.choice(PAYMENTS),
        stamp(shipped, "T", "Z"),
        rng.choice(["true", "false", "false", "false"]),
        rng.choice(["1", "0"]),
        str(rng.randrange(0, 5000)),
        tracking,
        stamp(updated, "T", "Z"),
        notes,
    ]


PROSE_HEADER = ["customer_id", "created_at", "first_name", "last_name", "email", "phone", "city",
                "country", "segment", "notes"]
SEGMENTS = ["retail", "retail", "retail", "smb", "enterprise", "vip"]


def build_prose(row, pools):
    rng, fields = row.rng, row.fields
    person = Person(row, pools)
    values = person.note_values(row)
    templates = person.templates(with_card=True)
    target = rng.randrange(200, 500)
    day = ts(rng, day_no(2022, 1, 1), 900)
    entries, length, todo = [], 0, []
    while length < target:
        text = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            if not todo:  # each template once before any repeats
                todo = rng.sample(templates, len(templates))
            text.append(todo.pop().format_map(values))
        text = " ".join(text)
        day += 86400 * rng.randrange(1, 60) + 60 * rng.randrange(600)
        entry = f"{stamp(day, seconds=False)} ({rng.choice(AGENTS)}): {text}"
        entries.append(entry)
        length += len(entry) + 3
    fields += [
        row.slot(s_fmt, ("CRM-%07d", 1, 1_000_000, 10 ** 12)),
        DAYS[rng.randrange(1000)],
        esc(person.first), esc(person.last), person.email, person.phone, person.city, person.cc,
        rng.choice(SEGMENTS), " | ".join(entries),
    ]


CUSTOMER_NOTES = ["prefers weekend delivery", "VIP since 2021", "gift wrap", "", "", "repeat customer"]
CUSTOMER_DOMAINS = ["mailbox.org", "fastmail.com", "proton.me", "outlook.com", "gmx.net"]


def build_customers(row, pools):
    """The row of benches/gen_bench_csv.py, with its identifiers as slots."""
    rng, fields, c = row.rng, row.fields, pools.cust
    name = rng.choice(c["full_name"])
    first, last = name.split(" ", 1)
    phone = rng.choice(c["phone"])
    fields += [
        row.slot(s_fmt, ("CUST-%08d", 1, 0, 10 ** 12)),
        "" if rng.random() < 0.05 else esc(name),
        row.slot(s_email, (f"{first.lower()}.{last.lower()}.", "@" + rng.choice(CUSTOMER_DOMAINS))),
        esc(phone[:-2] + f"{rng.randrange(100):02d}"),
        f"{rng.randrange(1936, 2007)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        esc(rng.choice(c["street_address"])), esc(rng.choice(c["city"])), esc(rng.choice(c["zip"])),
        row.slot(s_card, True),
        row.slot(s_ipv4, 1),
        f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:00:00Z",
        f"{rng.randrange(5, 900)}.{rng.randrange(100):02d}", esc(rng.choice(c["sku"])),
        esc(rng.choice(c["app_version"])),
        row.slot(s_us_ssn, 0),
        rng.choice(CUSTOMER_NOTES),
    ]


SHAPES = {"wide": (lambda pools: WIDE_HEADER, build_wide),
          "prose": (lambda pools: PROSE_HEADER, build_prose),
          "customers": (lambda pools: pools.cust_header, build_customers)}

# ---------------------------------------------------------------------------------------------
# chunks and the writer
# ---------------------------------------------------------------------------------------------
_STATE = {}  # set before the workers fork: pools, shape, seed, distinct chunks; plus the cache


def build_block(b):
    st = _STATE
    rng = FastRandom(f"{st['seed']}/{st['shape']}/{b}")
    build = SHAPES[st["shape"]][1]
    block = []
    for _ in range(CHUNK):
        row = Row(rng)
        build(row, st["pools"])
        block.append(row.finish())
    return block


def make_chunk(k, n):
    """Rows k*CHUNK .. k*CHUNK+n-1 as CSV bytes."""
    st = _STATE
    if k < st["distinct_chunks"]:
        b = k
        block = st["cache"].get(b) if b < REPEAT_BLOCKS else None
        if block is None:
            block = build_block(b)
            if b < REPEAT_BLOCKS and st["distinct_chunks"] < st["total_chunks"]:
                st["cache"][b] = block
    else:
        b = k % REPEAT_BLOCKS
        block = st["cache"].get(b)
        if block is None:
            block = st["cache"][b] = build_block(b)
    g = k * CHUNK
    out = []
    for fmt, slots in block[:n]:
        out.append(fmt.format(*[f(g, a) for f, a in slots]))
        g += 1
    return "".join(out).encode("utf-8")


def parse_size(s):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)i?B?\s*", s, re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {s!r} (e.g. 500M, 2G, 10G)")
    return int(float(m.group(1)) * 1024 ** " KMGT".index(m.group(2).upper() or " "))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("out")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="wide")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--rows", type=int, help="rows to write (default: 1,000,000; prose: 20,000)")
    g.add_argument("--size", type=parse_size, help="write rows until the file has this size (K/M/G/T = 1024-based)")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--distinct", type=int, default=1_000_000,
                    help="rows with distinct static parts before the first blocks repeat (identifiers never repeat)")
    args = ap.parse_args()
    rows = args.rows if args.rows is not None else (None if args.size else DEFAULT_ROWS[args.shape])

    t0 = time.time()
    pools = Pools(args.seed)
    header = SHAPES[args.shape][0](pools)
    distinct_chunks = max(REPEAT_BLOCKS, -(-args.distinct // CHUNK))
    total_chunks = -(-rows // CHUNK) if rows is not None else 1 << 62
    _STATE.update(pools=pools, shape=args.shape, seed=args.seed, cache={},
                  distinct_chunks=distinct_chunks, total_chunks=total_chunks)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    part = out + ".part"
    written = nrows = 0
    tty = sys.stderr.isatty()
    last_note = time.time()
    pool = mp.get_context("fork").Pool(args.jobs) if args.jobs > 1 else None
    try:
        with open(part, "wb") as fh:
            head = (",".join(csvq(h) for h in header) + "\n").encode("utf-8")
            fh.write(head)
            written = len(head)
            pending = collections.deque()
            k = 0
            done = False
            while not done:
                while len(pending) < 2 * max(args.jobs, 1) and k < total_chunks:
                    n = min(CHUNK, rows - k * CHUNK) if rows is not None else CHUNK
                    pending.append(pool.apply_async(make_chunk, (k, n)) if pool else make_chunk(k, n))
                    k += 1
                if not pending:
                    break
                item = pending.popleft()
                data = item.get() if pool else item
                if args.size is not None and written + len(data) >= args.size:
                    cut = data.find(b"\n", max(args.size - written - 1, 0)) + 1
                    data, done = data[:cut], True
                fh.write(data)
                written += len(data)
                nrows += data.count(b"\n")
                now = time.time()
                if now - last_note > (1 if tty else 30):
                    last_note = now
                    msg = f"{args.shape}: {nrows:,} rows, {written / 1e6:,.0f} MB, {nrows / (now - t0):,.0f} rows/s"
                    print(f"\r{msg}   " if tty else msg, end="" if tty else "\n", file=sys.stderr, flush=True)
    finally:
        if pool:
            pool.terminate()
    os.replace(part, out)
    if tty:
        print(file=sys.stderr)
    print(f"wrote {nrows:,} rows x {len(header)} columns ({written:,} bytes) to {args.out} "
          f"in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
