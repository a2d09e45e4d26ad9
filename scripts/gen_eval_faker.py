#!/usr/bin/env python3
"""Generate fixtures/eval_faker/: an evaluation set for masq that its detection
authors did not design.

Regenerate (from the repository root; byte-identical output on every run):

    pip install faker==40.63.0
    python3 scripts/gen_eval_faker.py            # writes fixtures/eval_faker/

Values come from Python Faker (pinned below) plus a few hand-written
generators where Faker has none (German Steuer-ID, valid UK NINO, Portuguese
NIF, driving licences, BTC P2PKH/P2SH addresses, phone re-formatting).
Column headers were chosen the way real exports name them, without reading
masq's rules, hint lists or its own fixture generator.

Outputs:
    customers.csv  RFC 4180 CSV (UTF-8, CRLF line ends), one person per row
    labels.json    column -> kind ("none" = not personal, "prose" = free text)
                   and every personal span embedded in the prose columns
                   (Python str offsets, end exclusive, 0-based data row)
"""

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import sys
import unicodedata

# Some Faker locale data is built from Python sets (e.g. it_IT cities), whose
# order follows string hashing: pin the hash seed so every run is identical.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

FAKER_VERSION = "40.63.0"
SEED = 20240611
ROWS = 1000

try:
    import faker
    from faker import Faker
except ImportError:  # pragma: no cover
    sys.exit(f"error: Python Faker is not installed; run: pip install faker=={FAKER_VERSION}")

if faker.VERSION != FAKER_VERSION:
    sys.exit(
        f"error: this generator is pinned to faker=={FAKER_VERSION} but faker=={faker.VERSION} "
        f"is installed; run: pip install faker=={FAKER_VERSION} (other versions produce other data)"
    )

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_PT", "pt_BR"]
LOCALE_WEIGHTS = [16, 12, 16, 14, 12, 12, 8, 6, 4]
COUNTRY = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES",
           "it_IT": "IT", "nl_NL": "NL", "pt_PT": "PT", "pt_BR": "BR"}
CALLING = {"en_US": "1", "en_GB": "44", "de_DE": "49", "fr_FR": "33", "es_ES": "34",
           "it_IT": "39", "nl_NL": "31", "pt_PT": "351", "pt_BR": "55"}
# prose language per row locale (nl/pt rows write in one of the five at random)
LANG_OF = {"en_US": "en", "en_GB": "en", "de_DE": "de", "fr_FR": "fr", "es_ES": "es", "it_IT": "it"}
LANGS = ["en", "de", "fr", "es", "it"]

# ---------------------------------------------------------------------------
# columns: (header, label).  Order = column order in the CSV.
# ---------------------------------------------------------------------------
COLUMNS = [
    ("Bestellnr", "none"),            # order number, 10 digits
    ("created_at", "none"),           # timestamp
    ("Ansprechpartner", "person_name"),
    ("fname", "first_name"),
    ("Apellidos", "last_name"),
    ("DOB", "date_of_birth"),
    ("mail_addr", "email"),
    ("Tel.", "phone"),
    ("GSM", "phone"),
    ("Anschrift", "address"),
    ("indirizzo", "street_address"),
    ("CP", "postcode"),
    ("woonplaats", "city"),
    ("pays", "none"),                 # ISO country code
    ("c_17", "latitude"),
    ("c_18", "longitude"),
    ("SKU", "none"),
    ("categoria", "none"),
    ("qty", "none"),
    ("montant", "none"),
    ("devise", "none"),
    ("status", "none"),
    ("PAN", "credit_card"),
    ("Bankverbindung", "iban"),
    ("BIC_Bank", "bic"),
    ("SS#", "us_ssn"),
    ("ni_no", "uk_nino"),
    ("n° sécu", "fr_nir"),
    ("St-IdNr", "de_tax_id"),
    ("documento", "es_dni"),
    ("cod_fisc", "it_codice_fiscale"),
    ("sofinr", "nl_bsn"),
    ("Ausweis-Nr", "national_id_mixed"),
    ("fld_pp_no", "passport"),
    ("DL_NUM", "drivers_license"),
    ("targa", "license_plate"),
    ("login", "username"),
    ("Webseite", "url"),
    ("src_addr", "ipv4"),
    ("ip6", "ipv6"),
    ("client_ip", "ip_mixed"),
    ("hw_addr", "mac_address"),
    ("wallet", "btc_address"),
    ("profissão", "job_title"),
    ("Arbeitgeber", "organization"),
    ("Sendungsnr", "none"),           # 16-digit tracking numbers that fail Luhn
    ("ref_int", "none"),              # 9-digit internal reference
    ("chk", "none"),                  # md5 / sha1 of the order payload
    ("opt_in", "none"),               # booleans
    ("notes", "prose"),
    ("gift_message", "prose"),
]
HEADERS = [h for h, _ in COLUMNS]

# share of empty cells per column (noise); columns not listed are always filled
EMPTY = {
    "Ansprechpartner": 0.05, "fname": 0.10, "Apellidos": 0.10, "DOB": 0.25, "mail_addr": 0.15,
    "Tel.": 0.20, "GSM": 0.55, "Anschrift": 0.20, "indirizzo": 0.30, "CP": 0.25,
    "woonplaats": 0.20, "c_17": 0.35, "PAN": 0.45, "Bankverbindung": 0.30, "BIC_Bank": 0.50,
    "SS#": 0.40, "ni_no": 0.45, "n° sécu": 0.45, "St-IdNr": 0.45, "documento": 0.40,
    "cod_fisc": 0.40, "sofinr": 0.50, "Ausweis-Nr": 0.25, "fld_pp_no": 0.85, "DL_NUM": 0.55,
    "targa": 0.50, "login": 0.20, "Webseite": 0.60, "src_addr": 0.30, "ip6": 0.55,
    "client_ip": 0.20, "hw_addr": 0.50, "wallet": 0.75, "profissão": 0.30, "Arbeitgeber": 0.35,
    "opt_in": 0.10, "notes": 0.25, "gift_message": 0.60,
}


# ---------------------------------------------------------------------------
# hand-written generators
# ---------------------------------------------------------------------------
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def btc_address(rng: random.Random) -> str:
    version = b"\x00" if rng.random() < 0.75 else b"\x05"  # P2PKH "1…" or P2SH "3…"
    return base58check(version + bytes(rng.getrandbits(8) for _ in range(20)))


def iso7064_mod11_10(digits: str) -> str:
    product = 10
    for d in digits:
        s = (int(d) + product) % 10 or 10
        product = (2 * s) % 11
    return str((11 - product) % 10)


def de_steuer_id(rng: random.Random) -> str:
    """11-digit Steuerliche Identifikationsnummer: in the first ten digits one
    digit occurs exactly twice, one digit is missing, the first is not 0; the
    eleventh is the ISO 7064 MOD 11,10 check digit."""
    missing, dup = rng.sample(range(10), 2)
    body = [d for d in range(10) if d != missing] + [dup]
    while True:
        rng.shuffle(body)
        if body[0] != 0:
            s = "".join(map(str, body))
            return s + iso7064_mod11_10(s)


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def uk_nino(rng: random.Random) -> str:
    while True:
        p = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
        if p not in NINO_BAD:
            break
    return p + "".join(str(rng.randrange(10)) for _ in range(6)) + rng.choice("ABCD")


def pt_nif(rng: random.Random) -> str:
    body = str(rng.choice([1, 2, 2, 2, 3])) + "".join(str(rng.randrange(10)) for _ in range(7))
    s = sum(int(d) * (9 - i) for i, d in enumerate(body))
    c = 11 - s % 11
    return body + str(0 if c >= 10 else c)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def nl_bsn_ok(num: str) -> bool:
    return len(num) == 9 and sum(int(d) * w for d, w in zip(num, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0


def ascii_fold(s: str) -> str:
    s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def drivers_license(loc: str, first: str, last: str, dob: dt.date, rng: random.Random) -> str:
    dig = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    up = lambda n: "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))  # noqa: E731
    if loc == "en_GB":  # DVLA: SURNA + decade + month(+5 female) + day + year + initials + 9 + 2 check
        sur = (re.sub("[^A-Z]", "", ascii_fold(last).upper()) + "99999")[:5]
        month = dob.month + (50 if rng.random() < 0.5 else 0)
        ini = (re.sub("[^A-Z]", "", ascii_fold(first).upper())[:1] or "X") + "9"
        return f"{sur}{str(dob.year)[2]}{month:02d}{dob.day:02d}{str(dob.year)[3]}{ini}9{up(2)}"
    if loc == "en_US":
        style = rng.randrange(3)
        if style == 0:  # e.g. Illinois / Florida style
            return f"{ascii_fold(last)[:1].upper() or 'X'}{dig(3)}-{dig(4)}-{dig(4)}"
        if style == 1:  # California style
            return up(1) + dig(7)
        return dig(9)  # many states: digits only
    if loc == "de_DE":  # Führerscheinnummer: 11 alphanumerics
        return up(1) + dig(3) + up(3) + dig(1) + up(1) + dig(2)
    if loc == "fr_FR":  # old 12-digit numbers and the 2013 format
        return dig(12) if rng.random() < 0.5 else dig(2) + up(2) + dig(5)
    if loc == "es_ES":  # the DNI number serves as licence number
        return None
    if loc == "it_IT":  # e.g. U1A234567B style
        return rng.choice("UA") + dig(1) + up(1) + dig(6) + up(1)
    if loc == "nl_NL":
        return dig(10)
    if loc == "pt_PT":
        return rng.choice(["L-", "P-", "AV-", "BR-"]) + dig(6) + " " + dig(1)
    return dig(11)  # pt_BR CNH: 11 digits


# ---------------------------------------------------------------------------
# formatting helpers
# ---------------------------------------------------------------------------
def national_number(raw: str, loc: str) -> str:
    """Faker phone string -> national significant number (digits only)."""
    raw = re.split(r"x|ext", raw)[0]
    raw = raw.replace("(0)", "")
    digits = re.sub(r"\D", "", raw)
    cc = CALLING[loc]
    if raw.strip().startswith("+"):
        digits = digits[len(cc):] if digits.startswith(cc) else digits
    elif digits.startswith("00" + cc):
        digits = digits[2 + len(cc):]
    elif loc == "pt_PT" and raw.startswith("(351)"):
        digits = digits[3:]
    if loc == "en_US" and len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if loc in ("en_GB", "de_DE", "fr_FR", "nl_NL", "pt_BR"):
        digits = digits.lstrip("0")
    return digits


def group(s: str, sizes) -> list:
    out, i = [], 0
    for n in sizes:
        if i >= len(s):
            break
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return out


def phone_format(raw: str, loc: str, rng: random.Random) -> str:
    nsn = national_number(raw, loc)
    cc = CALLING[loc]
    trunk = "0" if loc in ("en_GB", "de_DE", "fr_FR", "nl_NL", "pt_BR") else ""
    style = rng.choice(["faker", "e164", "e164", "intl", "national", "national", "dots", "parens", "00"])
    if loc == "en_US":
        a, b, c = nsn[:3], nsn[3:6], nsn[6:]
        return {"faker": raw, "e164": f"+1{nsn}", "intl": f"+1 {a} {b} {c}",
                "national": f"{a}-{b}-{c}", "dots": f"{a}.{b}.{c}", "parens": f"({a}) {b}-{c}",
                "00": f"001 {a} {b} {c}"}[style]
    if loc == "fr_FR":
        pairs = " ".join(group("0" + nsn, [2, 2, 2, 2, 2]))
        return {"faker": raw, "e164": f"+33{nsn}", "intl": "+33 " + " ".join([nsn[:1]] + group(nsn[1:], [2, 2, 2, 2])),
                "national": pairs, "dots": pairs.replace(" ", "."), "parens": f"+33 (0){nsn[:1]} " + " ".join(group(nsn[1:], [2, 2, 2, 2])),
                "00": f"0033 {nsn}"}[style]
    if loc in ("es_ES", "pt_PT"):
        g = " ".join(group(nsn, [3, 3, 3]))
        return {"faker": raw, "e164": f"+{cc}{nsn}", "intl": f"+{cc} {g}", "national": g,
                "dots": g.replace(" ", "."), "parens": f"(+{cc}) {g}", "00": f"00{cc} {nsn}"}[style]
    if loc == "pt_BR":
        ddd, rest = nsn[:2], nsn[2:]
        r = f"{rest[:-4]}-{rest[-4:]}"
        return {"faker": raw, "e164": f"+55{nsn}", "intl": f"+55 {ddd} {r}", "national": f"0{ddd} {r}",
                "dots": f"{ddd}.{rest[:-4]}.{rest[-4:]}", "parens": f"({ddd}) {r}", "00": f"0055 {ddd} {rest}"}[style]
    # en_GB, de_DE, it_IT, nl_NL: area code + subscriber number
    area = 3 if loc == "nl_NL" else 4 if loc in ("en_GB", "de_DE", "it_IT") else 3
    nat = trunk + nsn
    a, b = nat[:area], nat[area:]
    ia, ib = nsn[:area - len(trunk)], nsn[area - len(trunk):]
    return {"faker": raw, "e164": f"+{cc}{nsn}", "intl": f"+{cc} {ia} {ib}", "national": f"{a} {b}",
            "dots": f"{a}.{b[:3]}.{b[3:]}" if len(b) > 4 else f"{a}.{b}",
            "parens": f"({a}) {b}", "00": f"00{cc} {ia} {ib}"}[style]


def fmt_date(d: dt.date, loc: str, rng: random.Random) -> str:
    if rng.random() < 0.25:
        return d.isoformat()
    if loc == "en_US":
        return f"{d.month:02d}/{d.day:02d}/{d.year}" if rng.random() < 0.8 else f"{d.month}/{d.day}/{d.year}"
    if loc == "en_GB":
        return f"{d.day:02d}/{d.month:02d}/{d.year}" if rng.random() < 0.7 else d.strftime("%d %b %Y")
    if loc == "de_DE":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if loc == "nl_NL":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def prose_date(d: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if lang == "de":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def card_format(num: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return num
    sep = " " if r < 0.8 else "-"
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(group(num, [4, 4, 4, 4, 4]))


def iban_format(iban: str, rng: random.Random) -> str:
    return iban if rng.random() < 0.35 else " ".join(group(iban, [4] * 10))


def mac_format(mac: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return mac
    if r < 0.8:
        return mac.replace(":", "-").upper()
    h = mac.replace(":", "")
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


def address_one_line(addr: str) -> str:
    parts = [p.strip().strip(",").strip() for p in addr.split("\n")]
    return ", ".join(p for p in parts if p)


TITLES = {"en_US": ["Mr.", "Ms.", "Dr."], "en_GB": ["Mr", "Mrs", "Dr"], "de_DE": ["Herr", "Frau", "Dr."],
          "fr_FR": ["M.", "Mme"], "es_ES": ["Sr.", "Sra."], "it_IT": ["Sig.", "Sig.ra", "Dott."],
          "nl_NL": ["dhr.", "mevr."], "pt_PT": ["Sr.", "Sra."], "pt_BR": ["Sr.", "Sra."]}
FREE_MAIL = {"en_US": ["gmail.com", "yahoo.com", "outlook.com"], "en_GB": ["btinternet.com", "gmail.com", "hotmail.co.uk"],
             "de_DE": ["web.de", "gmx.de", "t-online.de"], "fr_FR": ["orange.fr", "free.fr", "laposte.net"],
             "es_ES": ["gmail.com", "hotmail.es", "telefonica.net"], "it_IT": ["libero.it", "virgilio.it", "gmail.com"],
             "nl_NL": ["ziggo.nl", "kpnmail.nl", "gmail.com"], "pt_PT": ["sapo.pt", "gmail.com"],
             "pt_BR": ["uol.com.br", "bol.com.br", "gmail.com"]}


# ---------------------------------------------------------------------------
# prose templates: {placeholder} -> values[placeholder] = (text, span kind or None)
# ---------------------------------------------------------------------------
NOTES = {
    "en": [
        "Customer {name} called from {phone} about a late delivery.",
        "Please send the corrected invoice to {email}.",
        "Refund of the last order to IBAN {iban} approved.",
        "Identity checked at the counter: born {dob}, passport {passport}.",
        "Caller confirmed date of birth {dob} before we discussed the account.",
        "Customer insisted: my {natid_name} is {natid}.",
        "ID check done, {natid_name} {natid} on file.",
        "Ship the replacement to {street}, {postcode} {city} instead.",
        "Spoke with her husband {other}, he will pick it up.",
        "Complaint posted publicly, see {url}",
        "Several failed logins from {ip}, account locked.",
        "Card {card} declined twice, customer will call back.",
        "{first} asked us to call back on {phone} after 6pm.",
        "Package left with a neighbour.",
        "Asked for a callback tomorrow morning.",
        "Order split into two shipments due to stock.",
        "Customer happy with the exchange, ticket closed.",
    ],
    "de": [
        "Kunde {name} rief von {phone} an, Lieferung verspätet.",
        "Korrigierte Rechnung bitte an {email} schicken.",
        "Erstattung auf IBAN {iban} veranlasst.",
        "Identität geprüft: geboren am {dob}, Reisepass-Nr. {passport}.",
        "Laut Kundin ist ihre {natid_name} {natid}.",
        "Ausweisprüfung ok, {natid_name} {natid} hinterlegt.",
        "Neue Lieferadresse: {street}, {postcode} {city}.",
        "Hat mit ihrem Mann {other} gesprochen, er holt das Paket ab.",
        "Bewertung öffentlich gepostet: {url}",
        "Mehrere Fehlversuche beim Login von {ip}, Konto gesperrt.",
        "{first} bittet um Rückruf unter {phone} ab 18 Uhr.",
        "Karte {card} zweimal abgelehnt, Kunde meldet sich.",
        "Paket beim Nachbarn abgegeben.",
        "Rückruf morgen Vormittag gewünscht.",
        "Umtausch erledigt, Ticket geschlossen.",
    ],
    "fr": [
        "{name} a appelé depuis le {phone} pour un retard de livraison.",
        "Merci d'envoyer la facture corrigée à {email}.",
        "Remboursement sur l'IBAN {iban} validé.",
        "Identité vérifiée au guichet : né(e) le {dob}, passeport n° {passport}.",
        "Le client indique que son {natid_name} est {natid}.",
        "Pièce vérifiée, {natid_name} : {natid}.",
        "Nouvelle adresse de livraison : {street}, {postcode} {city}.",
        "A parlé avec son mari {other}, il récupérera le colis.",
        "Avis publié en ligne : {url}",
        "Plusieurs tentatives de connexion depuis {ip}, compte bloqué.",
        "{first} demande à être rappelé(e) au {phone} après 18h.",
        "Carte {card} refusée deux fois, le client rappellera.",
        "Colis déposé chez un voisin.",
        "Rappel demandé pour demain matin.",
        "Échange effectué, dossier clos.",
    ],
    "es": [
        "El cliente {name} llamó desde el {phone} por un retraso en la entrega.",
        "Enviar la factura corregida a {email}.",
        "Reembolso a la cuenta {iban} aprobado.",
        "Identidad verificada: nacido el {dob}, pasaporte {passport}.",
        "El cliente dice: mi {natid_name} es {natid}.",
        "Documento comprobado, {natid_name} {natid}.",
        "Nueva dirección de envío: {street}, {postcode} {city}.",
        "Habló con su marido {other}, él recogerá el paquete.",
        "Reseña publicada en {url}",
        "Varios intentos de acceso desde {ip}, cuenta bloqueada.",
        "{first} pide que le llamemos al {phone} después de las 18h.",
        "Tarjeta {card} rechazada dos veces, el cliente volverá a llamar.",
        "Paquete entregado a un vecino.",
        "Pide que le llamen mañana por la mañana.",
        "Cambio realizado, incidencia cerrada.",
    ],
    "it": [
        "Il cliente {name} ha chiamato dal {phone} per un ritardo nella consegna.",
        "Inviare la fattura corretta a {email}.",
        "Rimborso sull'IBAN {iban} approvato.",
        "Identità verificata: nato il {dob}, passaporto n. {passport}.",
        "Il cliente dice: il mio {natid_name} è {natid}.",
        "Documento verificato, {natid_name} {natid}.",
        "Nuovo indirizzo di consegna: {street}, {postcode} {city}.",
        "Ha parlato con il marito {other}, ritirerà lui il pacco.",
        "Recensione pubblicata su {url}",
        "Diversi accessi falliti da {ip}, account bloccato.",
        "{first} chiede di essere richiamato al {phone} dopo le 18.",
        "Carta {card} rifiutata due volte, il cliente richiamerà.",
        "Pacco lasciato al vicino.",
        "Richiamare domani mattina.",
        "Cambio effettuato, pratica chiusa.",
    ],
}

GIFTS = {
    "en": ["Dear {first}, happy birthday! Love, {sender}",
           "Dear {first}, congratulations on the new job!",
           "To {name}: enjoy, and call me on {phone} when it arrives. {sender}",
           "Happy holidays from all of us!",
           "Merry Christmas and a happy new year!"],
    "de": ["Hallo {first}, alles Gute zum Geburtstag! Deine {sender}",
           "Liebe Grüße an {name}, melde dich unter {phone}! {sender}",
           "Hallo {first}, herzlichen Glückwunsch zur Hochzeit!",
           "Frohe Weihnachten!",
           "Viel Spaß damit!"],
    "fr": ["Bonjour {first}, joyeux anniversaire ! Bisous, {sender}",
           "Pour {name} : appelle-moi au {phone} quand tu le reçois. {sender}",
           "Bonjour {first}, félicitations pour ton diplôme !",
           "Joyeux Noël et bonne année !",
           "Profite bien !"],
    "es": ["Hola {first}, ¡feliz cumpleaños! Un abrazo, {sender}",
           "Para {name}: llámame al {phone} cuando llegue. {sender}",
           "Hola {first}, ¡enhorabuena por el nuevo trabajo!",
           "¡Feliz Navidad!",
           "¡Que lo disfrutes!"],
    "it": ["Ciao {first}, buon compleanno! Un abbraccio, {sender}",
           "Per {name}: chiamami al {phone} quando arriva. {sender}",
           "Ciao {first}, congratulazioni per la laurea!",
           "Buon Natale e felice anno nuovo!",
           "Goditelo!"],
}

# name of the national id in each language, per id kind
NATID_NAME = {
    "us_ssn": {"en": "SSN", "de": "US-Sozialversicherungsnummer", "fr": "numéro SSN", "es": "número SSN", "it": "numero SSN"},
    "uk_nino": {"en": "National Insurance number", "de": "National-Insurance-Nummer", "fr": "numéro NINO", "es": "número NINO", "it": "numero NINO"},
    "fr_nir": {"en": "French social security number", "de": "französische Sozialversicherungsnummer", "fr": "numéro de sécurité sociale", "es": "número de la seguridad social francesa", "it": "numero di previdenza francese"},
    "de_tax_id": {"en": "German tax ID", "de": "Steuer-ID", "fr": "identifiant fiscal allemand", "es": "número fiscal alemán", "it": "codice fiscale tedesco"},
    "es_dni": {"en": "DNI", "de": "DNI", "fr": "DNI", "es": "DNI", "it": "DNI"},
    "it_codice_fiscale": {"en": "codice fiscale", "de": "Codice Fiscale", "fr": "codice fiscale", "es": "codice fiscale", "it": "codice fiscale"},
    "nl_bsn": {"en": "BSN", "de": "BSN", "fr": "BSN", "es": "BSN", "it": "BSN"},
}
NATID_KIND = {"en_US": "us_ssn", "en_GB": "uk_nino", "de_DE": "de_tax_id", "fr_FR": "fr_nir", "es_ES": "es_dni",
              "it_IT": "it_codice_fiscale", "nl_NL": "nl_bsn"}

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(template: str, values: dict, base: int, spans: list):
    """Fill a template, appending (start, end, kind) spans offset by base."""
    out, pos = [], 0
    length = base
    for m in PLACEHOLDER.finditer(template):
        lit = template[pos:m.start()]
        out.append(lit)
        length += len(lit)
        key = m.group(1)
        val, kind = values[key]
        out.append(val)
        if kind:
            spans.append((length, length + len(val), kind))
        length += len(val)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


def compose(templates, n, values, rng):
    """Pick n distinct templates whose placeholders all have values."""
    usable = [t for t in templates if all(k in values for k in PLACEHOLDER.findall(t))]
    chosen = rng.sample(usable, min(n, len(usable)))
    text, spans = "", []
    for t in chosen:
        if text:
            text += " "
        text += render(t, values, len(text), spans)
    return text, spans


# ---------------------------------------------------------------------------
def make_row(i: int, fk: Faker, rng: random.Random):
    loc = rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    f = fk[loc]
    cc = COUNTRY[loc]

    first = f.first_name()
    last = f.last_name()
    full = f"{first} {last}"
    r = rng.random()
    if r < 0.10:
        name_cell = f"{last.upper()}, {first}"
    elif r < 0.22:
        name_cell = f"{rng.choice(TITLES[loc])} {first} {last}"
    else:
        name_cell = full
    dob = dt.date(1938, 1, 1) + dt.timedelta(days=rng.randrange(0, 68 * 365))

    local = ascii_fold(f"{first}.{last}").lower().replace(" ", "").replace("'", "")
    er = rng.random()
    if er < 0.45:
        email = f"{local}@{rng.choice(FREE_MAIL[loc])}"
    elif er < 0.65:
        email = f"{ascii_fold(first).lower()[:1]}{ascii_fold(last).lower().replace(' ', '')}{rng.randrange(1, 99)}@{rng.choice(FREE_MAIL[loc])}"
    elif er < 0.85:
        email = f.free_email()
    else:
        email = f.company_email()

    phone1 = phone_format(f.phone_number(), loc, rng)
    phone2 = phone_format(f.phone_number(), loc, rng)
    address = address_one_line(f.address())
    street = address_one_line(f.street_address())
    postcode = f.postcode()
    city = f.city()
    lat, lon = f.local_latlng(country_code=cc, coords_only=True)
    lat = f"{float(lat) + rng.uniform(-0.05, 0.05):.6f}"
    lon = f"{float(lon) + rng.uniform(-0.05, 0.05):.6f}"

    card = fk["en_US"].credit_card_number(card_type=rng.choice(["visa16", "mastercard", "amex", "visa16", "mastercard", "discover"]))
    iban = f.iban()
    bic = f.swift(length=rng.choice([8, 11]))

    ssn_us = fk["en_US"].ssn()
    if rng.random() < 0.2:
        ssn_us = ssn_us.replace("-", "") if rng.random() < 0.5 else ssn_us.replace("-", " ")
    nino = uk_nino(rng) if rng.random() < 0.75 else fk["en_GB"].ssn()  # Faker's own use reserved ZZ…T
    if " " not in nino and rng.random() < 0.4:
        nino = " ".join([nino[:2], nino[2:4], nino[4:6], nino[6:8], nino[8:]])
    nir = fk["fr_FR"].ssn()
    if rng.random() < 0.35:
        nir = " ".join([nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]])
    steuer = de_steuer_id(rng)
    if rng.random() < 0.3:
        steuer = " ".join([steuer[:2], steuer[2:5], steuer[5:8], steuer[8:]])
    dni = fk["es_ES"].nif()
    if rng.random() < 0.15:
        dni = dni[:8] + "-" + dni[8:]
    cf = fk["it_IT"].ssn()
    bsn = fk["nl_NL"].ssn()
    if rng.random() < 0.2:
        bsn = f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"

    own_id = {"en_US": ssn_us, "en_GB": nino, "fr_FR": nir, "de_DE": steuer, "es_ES": dni,
              "it_IT": cf, "nl_NL": bsn}.get(loc)
    if loc == "pt_PT":
        own_id = pt_nif(rng)
    elif loc == "pt_BR":
        own_id = f.cpf() if rng.random() < 0.7 else f.ssn()
    passport = f.passport_number()
    dl = drivers_license(loc, first, last, dob, rng) or dni.replace("-", "")
    plate = f.license_plate()
    username = f.user_name()
    ur = rng.random()
    uname_link = ascii_fold(username)
    if ur < 0.2:
        url = f"https://www.linkedin.com/in/{ascii_fold(first).lower()}-{ascii_fold(last).lower().replace(' ', '-')}-{rng.randrange(10**7, 10**8):x}"
    elif ur < 0.35:
        url = f"https://twitter.com/{uname_link}"
    elif ur < 0.5:
        url = f"https://github.com/{uname_link}"
    elif ur < 0.6:
        url = f"https://www.facebook.com/{local}.{rng.randrange(1, 999)}"
    elif ur < 0.7:
        url = f"https://www.instagram.com/{uname_link}/"
    elif ur < 0.8:
        url = f"http://{uname_link}.blogspot.com"
    else:
        url = f.url()
    ip4 = f.ipv4_public()
    ip6 = f.ipv6()
    mr = rng.random()
    if mr < 0.35:
        ipm = f.ipv4_public()
    elif mr < 0.5:
        ipm = f.ipv4(network=True)
    elif mr < 0.85:
        ipm = f.ipv6()
    else:
        ipm = f.ipv6(network=True)
    mac = mac_format(f.mac_address(), rng)
    btc = btc_address(rng)
    job = f.job()
    org = f.company()

    # non-personal look-alikes
    order_no = str(7000000000 + i * 7919 % 999999 * 1000 + rng.randrange(1000))
    ts = dt.datetime(2023, 1, 1) + dt.timedelta(seconds=rng.randrange(0, 540 * 86400))
    created = ts.strftime("%Y-%m-%dT%H:%M:%SZ") if rng.random() < 0.7 else ts.strftime("%Y-%m-%d %H:%M:%S")
    sku = f"SKU-{rng.randrange(1000, 9999)}-{rng.choice(['XS', 'S', 'M', 'L', 'XL', 'XXL', 'OS'])}"
    category = rng.choice(["Electronics", "Garden", "Books", "Toys", "Kitchen", "Sports", "Beauty", "Fashion"])
    qty = str(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 10]))
    amount = f"{rng.randrange(199, 99999) / 100:.2f}"
    currency = {"US": "USD", "GB": "GBP", "BR": "BRL"}.get(cc, "EUR") if rng.random() < 0.9 else rng.choice(["CHF", "SEK", "PLN"])
    status = rng.choice(["NEW", "PAID", "SHIPPED", "DELIVERED", "RETURNED", "CANCELLED"])
    while True:
        tracking = str(rng.randrange(10**15, 10**16))
        if not luhn_ok(tracking):
            break
    while True:
        ref = str(rng.randrange(10**8, 10**9))
        if not nl_bsn_ok(ref):
            break
    payload = f"{order_no}|{sku}|{amount}".encode()
    chk = hashlib.md5(payload).hexdigest() if rng.random() < 0.5 else hashlib.sha1(payload).hexdigest()
    opt_in = rng.choice(["true", "false", "TRUE", "FALSE", "1", "0", "Y", "N"])

    row = {
        "Bestellnr": order_no, "created_at": created, "Ansprechpartner": name_cell, "fname": first,
        "Apellidos": last, "DOB": fmt_date(dob, loc, rng), "mail_addr": email, "Tel.": phone1, "GSM": phone2,
        "Anschrift": address, "indirizzo": street, "CP": postcode, "woonplaats": city, "pays": cc,
        "c_17": lat, "c_18": lon, "SKU": sku, "categoria": category, "qty": qty, "montant": amount,
        "devise": currency, "status": status, "PAN": card_format(card, rng), "Bankverbindung": iban_format(iban, rng),
        "BIC_Bank": bic, "SS#": ssn_us, "ni_no": nino, "n° sécu": nir, "St-IdNr": steuer, "documento": dni,
        "cod_fisc": cf, "sofinr": bsn, "Ausweis-Nr": own_id, "fld_pp_no": passport, "DL_NUM": dl,
        "targa": plate, "login": username, "Webseite": url, "src_addr": ip4, "ip6": ip6, "client_ip": ipm,
        "hw_addr": mac, "wallet": btc, "profissão": job, "Arbeitgeber": org, "Sendungsnr": tracking,
        "ref_int": ref, "chk": chk, "opt_in": opt_in, "notes": "", "gift_message": "",
    }
    for col, p in EMPTY.items():
        if col in ("notes", "gift_message"):
            continue
        if rng.random() < p:
            row[col] = ""
            if col == "c_17":
                row["c_18"] = ""

    # ---- prose
    lang = LANG_OF.get(loc) or rng.choice(LANGS)
    other = fk[loc]
    values = {
        "name": (full, "person_name"), "first": (first, "first_name"),
        "other": (f"{other.first_name_male()} {last}", "person_name"),
        "sender": (other.first_name(), "first_name"),
        "phone": (row["Tel."] or phone1, "phone"), "email": (email, "email"),
        "iban": (row["Bankverbindung"] or iban, "iban"), "dob": (prose_date(dob, lang), "date_of_birth"),
        "street": (street, "street_address"), "postcode": (postcode, "postcode"), "city": (city, "city"),
        "url": (url, "url"), "card": (row["PAN"] or card, "credit_card"),
    }
    if rng.random() < 0.5:
        values["passport"] = (passport, "passport")
    ip_val = row["src_addr"] or (ip6 if rng.random() < 0.3 else ip4)
    values["ip"] = (ip_val, "ipv6" if ":" in ip_val else "ipv4")
    nk = NATID_KIND.get(loc)
    if nk:
        values["natid"] = (own_id, nk)
        values["natid_name"] = (NATID_NAME[nk][lang], None)
    notes = gift = ""
    note_spans, gift_spans = [], []
    if rng.random() >= EMPTY["notes"]:
        notes, note_spans = compose(NOTES[lang], rng.choice([1, 1, 2, 2, 3]), values, rng)
    if rng.random() >= EMPTY["gift_message"]:
        gift, gift_spans = compose(GIFTS[lang], 1, values, rng)
    row["notes"] = notes
    row["gift_message"] = gift
    spans = [("notes", s, e, k) for s, e, k in note_spans] + [("gift_message", s, e, k) for s, e, k in gift_spans]
    return loc, row, spans


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "eval_faker"))
    ap.add_argument("--rows", type=int, default=ROWS)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    Faker.seed(args.seed)
    fk = Faker(LOCALES)
    rng = random.Random(args.seed)

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADERS)
    all_spans, locales = [], []
    for i in range(args.rows):
        loc, row, spans = make_row(i, fk, rng)
        locales.append(loc)
        w.writerow([row[h] for h in HEADERS])
        for col, s, e, k in spans:
            assert row[col][s:e], (i, col, s, e)
            all_spans.append({"column": col, "row": i, "start": s, "end": e, "kind": k,
                              "text": row[col][s:e]})

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    labels = {
        "generator": f"faker {FAKER_VERSION}",
        "script": "scripts/gen_eval_faker.py",
        "seed": args.seed,
        "rows": args.rows,
        "columns": dict(COLUMNS),
        "row_locales": locales,
        "spans": all_spans,
    }
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    size = len(buf.getvalue().encode("utf-8"))
    print(f"wrote {args.rows} rows x {len(HEADERS)} columns ({size} bytes) and {len(all_spans)} spans to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
