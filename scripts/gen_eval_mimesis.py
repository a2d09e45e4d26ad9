#!/usr/bin/env python3
"""Generate a second evaluation set for masq, from another generator: Mimesis.

`scripts/gen_eval_faker.py` makes its values with Python Faker; masq's fixes
were measured on what it writes. This script takes its values from Mimesis
(other name lists, street layouts, phone formats, many of them invalid or odd:
"+31 00 847 0472", "Rua Rua Lúcio Bittencourt 276", "276 Viale Biccari"),
in 8 locales, under headers of a support-ticket export, with notes written in
the language of the row. The output has the layout `scripts/eval_faker.py`
measures (customers.csv + labels.json):

    pip install mimesis==22.2.0
    python3 scripts/gen_eval_mimesis.py --out /tmp/ev_mimesis --rows 5000
    python3 scripts/eval_faker.py --masq target/release/masq --data /tmp/ev_mimesis

Same seed, same files (Mimesis is seeded per locale and provider).
"""

import argparse
import csv
import io
import json
import os
import random
import sys

MIMESIS_VERSION = "22.2.0"
try:
    import mimesis
    from mimesis import Address, Datetime, Internet, Payment, Person
    from mimesis.locales import Locale
except ImportError:  # pragma: no cover
    sys.exit(f"error: Mimesis is not installed; run: pip install mimesis=={MIMESIS_VERSION}")
if mimesis.__version__ != MIMESIS_VERSION:
    sys.exit(f"error: pinned to mimesis=={MIMESIS_VERSION}, found {mimesis.__version__}; "
             f"run: pip install mimesis=={MIMESIS_VERSION}")

LOCALES = {"en": Locale.EN, "en_gb": Locale.EN_GB, "de": Locale.DE, "fr": Locale.FR,
           "es": Locale.ES, "it": Locale.IT, "nl": Locale.NL, "pt_br": Locale.PT_BR}
LANG = {"en": "en", "en_gb": "en", "de": "de", "fr": "fr", "es": "es", "it": "it",
        "nl": "nl", "pt_br": "pt"}

COLUMNS = [
    ("ticket", "none"),
    ("opened", "none"),
    ("requester", "person_name"),
    ("Vorname", "first_name"),
    ("apellido", "last_name"),
    ("nascimento", "date_of_birth"),
    ("contact_email", "email"),
    ("phone_1", "phone"),
    ("adresse", "street_address"),
    ("plz", "postcode"),
    ("citta", "city"),
    ("source_ip", "ipv4"),
    ("cc", "credit_card"),
    ("channel", "none"),
    ("priority", "none"),
    ("csat", "none"),
    ("comment", "prose"),
]
HEADERS = [h for h, _ in COLUMNS]

# Sentences of a support agent's comment, per language. `{x}` is a value of the row:
# name (full), first, last, email, phone, street, postcode, city, ip, card; `{agent}` is
# another person's first name (a span too).
SENTENCES = {
    "en": [
        "Customer {name} called about a late delivery.",
        "Please call back on {phone} after 5 pm.",
        "New shipping address: {street}, {city} {postcode}.",
        "Invoice to be sent to {email} instead.",
        "Login attempts from {ip} were blocked.",
        "Card ending {card} was charged twice, refund issued.",
        "Spoke to {first}, she will send the receipt.",
        "Escalated to {agent} in billing.",
        "Mr {last} wants his account closed.",
    ],
    "de": [
        "Kunde {name} hat wegen einer verspäteten Lieferung angerufen.",
        "Bitte unter {phone} zurückrufen.",
        "Neue Lieferadresse: {street}, {postcode} {city}.",
        "Rechnung bitte an {email} senden.",
        "Anmeldeversuche von {ip} wurden gesperrt.",
        "Karte {card} wurde doppelt belastet, Erstattung veranlasst.",
        "Mit {first} gesprochen, sie schickt den Beleg.",
        "An {agent} in der Buchhaltung weitergegeben.",
        "Herr {last} möchte sein Konto kündigen.",
    ],
    "fr": [
        "Le client {name} a appelé pour un retard de livraison.",
        "Merci de rappeler au {phone} après 17h.",
        "Nouvelle adresse de livraison : {street}, {postcode} {city}.",
        "Envoyer la facture à {email}.",
        "Tentatives de connexion depuis {ip} bloquées.",
        "La carte {card} a été débitée deux fois, remboursement fait.",
        "J'ai parlé avec {first}, elle envoie le reçu.",
        "Transmis à {agent} au service facturation.",
        "M. {last} souhaite clôturer son compte.",
    ],
    "es": [
        "El cliente {name} llamó por un retraso en la entrega.",
        "Por favor, llamar al {phone} por la tarde.",
        "Nueva dirección de envío: {street}, {postcode} {city}.",
        "Enviar la factura a {email}.",
        "Se bloquearon intentos de acceso desde {ip}.",
        "La tarjeta {card} se cobró dos veces, reembolso hecho.",
        "Hablé con {first}, enviará el recibo.",
        "Escalado a {agent} en facturación.",
        "El Sr. {last} quiere cerrar su cuenta.",
    ],
    "it": [
        "Il cliente {name} ha chiamato per un ritardo nella consegna.",
        "Richiamare al {phone} dopo le 17.",
        "Nuovo indirizzo di consegna: {street}, {postcode} {city}.",
        "Inviare la fattura a {email}.",
        "Tentativi di accesso da {ip} bloccati.",
        "La carta {card} è stata addebitata due volte, rimborso fatto.",
        "Ho parlato con {first}, manderà la ricevuta.",
        "Passato a {agent} in contabilità.",
        "Il sig. {last} vuole chiudere il conto.",
    ],
    "nl": [
        "Klant {name} belde over een late levering.",
        "Graag terugbellen op {phone} na 17 uur.",
        "Nieuw bezorgadres: {street}, {postcode} {city}.",
        "Factuur naar {email} sturen.",
        "Inlogpogingen vanaf {ip} geblokkeerd.",
        "Kaart {card} is twee keer belast, terugbetaling gedaan.",
        "Gesproken met {first}, zij stuurt het bonnetje.",
        "Doorgezet naar {agent} van de boekhouding.",
        "Dhr. {last} wil zijn account opzeggen.",
    ],
    "pt": [
        "O cliente {name} ligou por causa de um atraso na entrega.",
        "Favor retornar para {phone} à tarde.",
        "Novo endereço de entrega: {street}, {postcode} {city}.",
        "Enviar a fatura para {email}.",
        "Tentativas de login a partir de {ip} bloqueadas.",
        "O cartão {card} foi cobrado duas vezes, reembolso feito.",
        "Falei com {first}, ela vai mandar o recibo.",
        "Encaminhado para {agent} no financeiro.",
        "O Sr. {last} quer encerrar a conta.",
    ],
}
KIND = {"name": "person_name", "first": "first_name", "last": "last_name", "agent": "first_name",
        "email": "email", "phone": "phone", "street": "street_address", "postcode": "postcode",
        "city": "city", "ip": "ipv4", "card": "credit_card"}
EMPTY = {"Vorname": 0.1, "apellido": 0.1, "nascimento": 0.3, "contact_email": 0.1,
         "phone_1": 0.2, "adresse": 0.2, "plz": 0.2, "citta": 0.2, "cc": 0.5, "comment": 0.2}


def fill(template, values):
    """The sentence with its placeholders filled, and the spans of the values in it."""
    out, spans, at = [], [], 0
    while True:
        i = template.find("{", at)
        if i < 0:
            out.append(template[at:])
            break
        j = template.index("}", i)
        out.append(template[at:i])
        base = sum(len(p) for p in out)
        key = template[i + 1:j]
        v = values[key]
        spans.append((base, base + len(v), KIND[key]))
        out.append(v)
        at = j + 1
    return "".join(out), spans


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gens = {k: (Person(l, seed=args.seed), Address(l, seed=args.seed),
                Datetime(l, seed=args.seed)) for k, l in LOCALES.items()}
    net, pay = Internet(seed=args.seed), Payment(seed=args.seed)

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS)
    spans_out, locales = [], []
    for i in range(args.rows):
        loc = rng.choice(list(LOCALES))
        person, addr, when = gens[loc]
        first, last = person.first_name(), person.last_name()
        v = {
            "name": f"{first} {last}", "first": first, "last": last,
            "agent": person.first_name(),
            "email": person.email(), "phone": person.phone_number(),
            "street": addr.address(), "postcode": addr.postal_code(), "city": addr.city(),
            "ip": net.ip_v4(), "card": pay.credit_card_number(),
        }
        dob = when.date(start=1940, end=2005)
        row = {
            "ticket": f"T-{2024 + i % 2}-{i:06d}",
            "opened": when.datetime(start=2024, end=2025).strftime("%Y-%m-%d %H:%M"),
            "requester": v["name"], "Vorname": first, "apellido": last,
            "nascimento": dob.strftime(rng.choice(["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"])),
            "contact_email": v["email"], "phone_1": v["phone"], "adresse": v["street"],
            "plz": v["postcode"], "citta": v["city"], "source_ip": v["ip"], "cc": v["card"],
            "channel": rng.choice(["email", "phone", "chat", "web"]),
            "priority": rng.choice(["low", "normal", "high"]),
            "csat": str(rng.randint(1, 5)),
        }
        parts, spans = [], []
        for t in rng.sample(SENTENCES[LANG[loc]], rng.randint(1, 3)):
            text, sp = fill(t, v)
            off = sum(len(p) + 1 for p in parts)
            spans += [(s + off, e + off, k) for s, e, k in sp]
            parts.append(text)
        row["comment"] = " ".join(parts)
        for col, p in EMPTY.items():
            if rng.random() < p:
                row[col] = ""
                if col == "comment":
                    spans = []
        w.writerow([row[h] for h in HEADERS])
        locales.append(loc)
        for s, e, k in spans:
            assert row["comment"][s:e]
            spans_out.append({"column": "comment", "row": i, "start": s, "end": e, "kind": k,
                              "text": row["comment"][s:e]})
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    labels = {"generator": f"mimesis {MIMESIS_VERSION}", "script": "scripts/gen_eval_mimesis.py",
              "seed": args.seed, "rows": args.rows, "columns": dict(COLUMNS),
              "row_locales": locales, "spans": spans_out}
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"wrote {args.rows} rows and {len(spans_out)} spans to {args.out}")


if __name__ == "__main__":
    main()
