//! Context cues in prose: weak values that only the words before them make personal.
//!
//! [`cue_spans`] finds a value introduced by a cue word ("born", "Geburtsdatum", "passeport",
//! "DNI", "Handy", "Kontonummer", "klantnummer", "CAP", …, in English, German, French, Spanish,
//! Italian, Dutch and Portuguese) within a short window after the cue (at most six words and
//! 40 bytes, stopping at the end of the sentence, at a newline once a word was skipped, and at
//! words that introduce other numbers: order, invoice, room, page, version, since, valid, …).
//! Each kind accepts only its own shape: a date after a birth cue, an alphanumeric code with a
//! digit after a passport cue, 6–15 digits after a phone cue, and so on. Short or ambiguous cues
//! (acronyms such as "CC" or "CAP", and everyday words such as "card", "cell", "mobile",
//! "cuenta") only count when nothing but connectors ("is", "number", "no.", "ist", "le", …)
//! stands between them and the value. The one look-back: a bare "geboren" (German and Dutch put
//! the verb last) takes the date just before it. It never returns the cue word itself, a value
//! without a cue, a plain small number, a date where an identifier is expected, an amount next to
//! a currency or a quantity next to a unit. [`greeting_names`] finds a given name alone after a
//! greeting ("Dear Karl,", "Hallo Jürgen", "Olá João") or the capitalised word after a title
//! ("Frau Müller", "Sig.ra Rossi", "de heer Jansen"). Spans are byte ranges of the value only.
//! Both functions are pure: they find, never replace, and never log or print the text they read.

use crate::text::fold;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// What a cue word says the value after it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    DateOfBirth,
    Passport,
    NationalId,
    TaxId,
    Phone,
    Account,
    DriversLicense,
    CustomerOrMember,
    Postcode,
}

/// `text[start..end]` (bytes) is a value of `kind`, introduced by a cue word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueSpan {
    pub start: usize,
    pub end: usize,
    pub kind: CueKind,
}

/// How far the value may start after the end of the cue word, in bytes.
const MAX_GAP: usize = 40;
/// How many words may stand between the cue and the value.
const MAX_WORDS: usize = 6;
/// How many further values a list after one cue may add ("Tel. 030 123456 or 0171 2345678").
const MAX_LIST: usize = 3;

/// One group of cue phrases.
struct CueDef {
    kind: CueKind,
    /// Only connector words ("is", "number", "no.", "ist", "le", …) may stand between the cue and
    /// its value: for short or ambiguous cues (acronyms, "b.").
    near: bool,
    /// Matched case-insensitively (acronyms are matched as written).
    ci: bool,
    phrases: &'static [&'static str],
}

use CueKind::*;

/// Cue phrases. Written plainly: a space matches any whitespace, `-` an optional hyphen or
/// space, `'` a straight or curly apostrophe, accented letters also match their plain letter
/// (and `ä ö ü ß` also `ae oe ue ss`).
#[rustfmt::skip]
const CUE_DEFS: &[CueDef] = &[
    CueDef {
        kind: DateOfBirth,
        near: false,
        ci: true,
        phrases: &[
            // en
            "born", "birth", "date of birth", "birth date", "birthdate", "birthday", "dob",
            "d.o.b.", "d.o.b",
            // de
            "geboren", "geb.", "geburtsdatum", "geburtstag", "geb.-datum", "geburtsdat.",
            // fr
            "né", "née", "date de naissance", "date naiss.", "anniversaire",
            // es
            "nacido", "nacida", "fecha de nacimiento", "fecha nac.", "f. nac.", "f. de nac.",
            "cumpleaños", "nació", "nací",
            // it
            "data di nascita", "compleanno",
            // nl
            "geboortedatum", "geb.datum", "verjaardag",
            // pt
            "nascido", "nascida", "data de nascimento", "dt. nasc.", "data nasc.", "aniversário",
            "nasceu", "nasci",
        ],
    },
    CueDef {
        kind: DateOfBirth,
        near: true,
        ci: true,
        // "né le" written without its accent
        phrases: &["ne le", "nee le"],
    },
    CueDef {
        kind: DateOfBirth,
        near: true,
        ci: false,
        phrases: &["b."],
    },
    CueDef {
        kind: DateOfBirth,
        near: false,
        ci: false,
        // not "NATO"
        phrases: &["nato", "nata", "Nato", "Nata"],
    },
    CueDef {
        kind: Passport,
        near: false,
        ci: true,
        phrases: &[
            "passport", "reisepass", "reisepassnummer", "reisepass-nr.", "passnummer", "pass-nr.",
            "passeport", "pasaporte", "passaporto", "paspoort", "paspoortnummer", "passaporte",
        ],
    },
    CueDef {
        kind: NationalId,
        near: false,
        ci: true,
        phrases: &[
            // en
            "social security", "social security number", "social insurance number",
            "national insurance", "national insurance number", "ni number", "national id",
            "national identity", "id card", "identity card", "id number", "identity number",
            "id no.", "aadhaar", "aadhar",
            // de
            "personalausweis", "personalausweisnummer", "ausweis", "ausweisnummer", "ausweis-nr.",
            "sozialversicherungsnummer", "sv-nummer", "rentenversicherungsnummer",
            "versicherungsnummer", "identifikationsnummer",
            // fr
            "carte d'identité", "carte nationale d'identité", "numéro de sécurité sociale",
            "sécurité sociale", "n° sécu", "n° de sécu", "numéro de sécu",
            // es
            "documento de identidad", "documento nacional de identidad",
            "número de identificación", "número de la seguridad social", "seguridad social",
            // it
            "carta d'identità", "codice fiscale",
            // nl
            "burgerservicenummer", "sofinummer", "sofi-nummer", "identiteitskaart", "id-kaart",
            // pt
            "cartão de cidadão", "bilhete de identidade", "número de identificação",
            "segurança social",
        ],
    },
    CueDef {
        kind: NationalId,
        near: true,
        ci: false,
        phrases: &[
            "SSN", "NINO", "CNI", "NIR", "DNI", "NIE", "NIF", "BSN", "CPF", "CC", "SIN", "RG",
            "PPSN",
        ],
    },
    CueDef {
        kind: TaxId,
        near: false,
        ci: true,
        phrases: &[
            // en
            "tax id", "tax identification number", "tax number", "tax no.", "tax code",
            "tax reference", "taxpayer id", "vat number", "vat id", "vat no.",
            "vat registration number",
            // de
            "steuer-id", "steuer-idnr.", "steuer-identifikationsnummer",
            "steueridentifikationsnummer", "steuernummer", "steuer-nr.", "ust-idnr.", "ust-id",
            "umsatzsteuer-id",
            // fr
            "numéro fiscal", "numéro d'identification fiscale", "identifiant fiscal",
            "numéro de tva", "n° tva", "n° de tva",
            // es
            "número de identificación fiscal", "identificación fiscal",
            // it
            "partita iva", "p. iva", "p.iva", "numero di partita iva",
            // nl
            "fiscaal nummer", "fiscaalnummer", "btw-nummer", "btw-nr.",
            // pt
            "número de contribuinte", "contribuinte",
        ],
    },
    CueDef {
        kind: TaxId,
        near: true,
        ci: false,
        phrases: &[
            "TIN", "EIN", "ITIN", "UTR", "CIF", "NIPC", "RSIN", "St.-Nr.",
        ],
    },
    CueDef {
        kind: Phone,
        near: false,
        ci: true,
        phrases: &[
            // en
            "phone", "phone number", "telephone", "tel.", "tel", "mobile number", "mob.",
            "cellphone", "cell phone", "fax", "telefax", "call me on", "call me at", "reach me at",
            "reach me on", "text me on", "text me at", "whatsapp",
            // de
            "telefon", "telefonnummer", "telefonnr.", "tel.-nr.", "handynummer",
            "handy-nr.", "mobilnummer", "mobilfunknummer", "mobil-nr.", "festnetz",
            "festnetznummer", "rufnummer", "erreichbar unter",
            // fr
            "téléphone", "tél.", "tél", "télécopie", "numéro de téléphone", "numéro de portable",
            "joignable au", "appelez-moi au",
            // es
            "teléfono", "tfno.", "tlf.", "móvil", "celular", "llámame al", "número de teléfono",
            // it
            "telefono", "cellulare", "cell.", "numero di telefono", "chiamami al",
            // nl
            "telefoon", "telefoonnummer", "mobiele nummer", "mobielnummer", "gsm",
            "06-nummer", "bel me op",
            // pt
            "telefone", "telemóvel", "tlm.", "número de telefone", "ligue para",
        ],
    },
    CueDef {
        kind: Phone,
        near: true,
        ci: true,
        // also ordinary words: "mobile app", "cell culture", "handy tool", "portable charger"
        phrases: &["mobile", "cell", "handy", "mobil", "portable", "mobiel"],
    },
    CueDef {
        kind: Account,
        near: false,
        ci: true,
        phrases: &[
            // en
            "account number", "acct", "acct.", "a/c", "bank account", "sort code",
            "routing number", "iban", "card number", "credit card", "debit card",
            // de
            "konto", "kontonummer", "konto-nr.", "kontonr.", "bankverbindung",
            "kartennummer", "kreditkarte", "kreditkartennummer", "ec-karte",
            // fr
            "numéro de compte", "compte bancaire", "carte bancaire", "carte de crédit",
            // es
            "número de cuenta", "cuenta bancaria", "tarjeta de crédito",
            // it
            "conto corrente", "numero di conto", "carta di credito",
            // nl
            "rekening", "rekeningnummer", "bankrekening", "rekeningnr.",
            // pt
            "número de conta", "conta bancária", "cartão de crédito",
        ],
    },
    CueDef {
        kind: Account,
        near: true,
        ci: true,
        // also ordinary words: "take into account", "la carta", "cuenta con", "il conto"
        phrases: &[
            "account", "card", "karte", "compte", "carte", "cuenta", "tarjeta", "conto", "carta",
            "conta", "cartão",
        ],
    },
    CueDef {
        kind: Account,
        near: true,
        ci: false,
        phrases: &["RIB", "NIB"],
    },
    CueDef {
        kind: DriversLicense,
        near: false,
        ci: true,
        phrases: &[
            "driver's license", "driver's licence", "drivers license", "drivers licence",
            "driver license", "driving licence", "driving license", "führerschein",
            "führerscheinnummer", "führerschein-nr.", "permis de conduire", "carnet de conducir",
            "licencia de conducir", "permiso de conducir", "patente di guida",
            "rijbewijs", "rijbewijsnummer", "carta de condução", "carteira de motorista",
        ],
    },
    CueDef {
        kind: DriversLicense,
        near: true,
        ci: false,
        phrases: &["DL", "CNH"],
    },
    CueDef {
        kind: DriversLicense,
        near: true,
        ci: true,
        phrases: &["patente"],
    },
    CueDef {
        kind: CustomerOrMember,
        near: false,
        ci: true,
        phrases: &[
            // en
            "customer id", "customer number", "customer no.", "customer no", "customer #",
            "customer ref", "customer reference", "customer code", "customer account", "client id",
            "client number", "client no.", "member id", "member number", "member no.",
            "membership number", "membership no.", "membership id", "loyalty number",
            "loyalty card", "patient id", "patient number",
            // de
            "kundennummer", "kunden-nr.", "kundennr.", "kunden-id", "kundenkennung",
            "mitgliedsnummer", "mitglieds-nr.", "mitgliedsnr.", "versichertennummer",
            "patientennummer",
            // fr
            "numéro client", "numéro de client", "n° client", "n° de client", "référence client",
            "numéro d'adhérent", "numéro de membre", "numéro de patient",
            // es
            "número de cliente", "n° de cliente", "n° cliente", "número de socio",
            "número de miembro", "código de cliente",
            // it
            "codice cliente", "numero cliente", "numero socio", "numero tessera", "n. cliente",
            "codice socio",
            // nl
            "klantnummer", "klantnr.", "klant-id", "lidnummer", "lidmaatschapsnummer",
            // pt
            "número de sócio", "n° de sócio",
        ],
    },
    CueDef {
        kind: Postcode,
        near: false,
        ci: true,
        phrases: &[
            "zip code", "zipcode", "postcode", "post code", "postal code", "postleitzahl",
            "code postal", "código postal", "codice postale",
        ],
    },
    CueDef {
        kind: Postcode,
        near: true,
        ci: false,
        phrases: &["PLZ", "Plz", "CP", "C.P.", "CAP", "C.A.P."],
    },
    CueDef {
        kind: Postcode,
        near: true,
        ci: true,
        phrases: &["zip"],
    },
    CueDef {
        kind: NationalId,
        near: true,
        ci: true,
        phrases: &["documento"],
    },
];

/// Turns a plain cue phrase into a regex fragment (see [`CUE_DEFS`]).
fn phrase_pattern(p: &str) -> String {
    let mut out = String::new();
    for c in p.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let s: &str = match lower {
            ' ' => r"\s+",
            '-' => r"(?:-\s?|\s)?",
            '\'' => r"['’]\s?",
            '.' => r"\.",
            '°' | 'º' => "[°º]",
            'ä' => "(?:ä|ae|a)",
            'ö' => "(?:ö|oe|o)",
            'ü' => "(?:ü|ue|u)",
            'ß' => "(?:ß|ss)",
            'á' => "[áa]",
            'à' => "[àa]",
            'â' => "[âa]",
            'ã' => "[ãa]",
            'é' => "[ée]",
            'è' => "[èe]",
            'ê' => "[êe]",
            'í' => "[íi]",
            'ó' => "[óo]",
            'ô' => "[ôo]",
            'õ' => "[õo]",
            'ú' => "[úu]",
            'ç' => "[çc]",
            'ñ' => "[ñn]",
            _ => {
                out.push_str(&regex::escape(&c.to_string()));
                continue;
            }
        };
        out.push_str(s);
    }
    out
}

/// One alternation of phrases, longest first so that the longest phrase wins at a position.
fn alternation(phrases: &[&str], ci: bool) -> String {
    let mut ps: Vec<&str> = phrases.to_vec();
    ps.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    let alts: Vec<String> = ps.iter().map(|p| phrase_pattern(p)).collect();
    // Every phrase starts with an ASCII letter or digit: an ASCII word boundary in front lets
    // the fast engines skip matches inside words (the exact boundary is checked afterwards).
    let case = if ci { "(?i)" } else { "" };
    format!(r"{case}(?-u:\b)(?:{})", alts.join("|"))
}

struct CueMatcher {
    /// All case-insensitive phrases, then all case-sensitive ones.
    all: [Regex; 2],
    /// Per definition: which one a matched phrase belongs to (anchored, whole match).
    defs: Vec<(Regex, bool, &'static CueDef)>,
}

static CUES: LazyLock<CueMatcher> = LazyLock::new(|| {
    let collect = |ci: bool| -> Vec<&'static str> {
        CUE_DEFS
            .iter()
            .filter(|d| d.ci == ci)
            .flat_map(|d| d.phrases.iter().copied())
            .collect()
    };
    let all = [
        Regex::new(&alternation(&collect(true), true)).expect("cue regex"),
        Regex::new(&alternation(&collect(false), false)).expect("cue regex"),
    ];
    let defs = CUE_DEFS
        .iter()
        .map(|d| {
            let re = Regex::new(&format!("^{}$", alternation(d.phrases, d.ci))).expect("cue regex");
            (re, d.ci, d)
        })
        .collect();
    CueMatcher { all, defs }
});

/// A cue word found in the text.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    kind: CueKind,
    near: bool,
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// Neither end of `text[s..e]` is glued to a letter or digit (where that end is one itself).
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let m = &text[s..e];
    let first_alnum = m.chars().next().is_some_and(char::is_alphanumeric);
    let last_alnum = m.chars().next_back().is_some_and(char::is_alphanumeric);
    let glued_before = first_alnum && prev_char(text, s).is_some_and(char::is_alphanumeric);
    let glued_after = last_alnum && next_char(text, e).is_some_and(char::is_alphanumeric);
    !glued_before && !glued_after
}

/// Every cue word, sorted; of overlapping cues the earlier, then the longer wins.
fn find_cues(text: &str) -> Vec<Cue> {
    let m = &*CUES;
    let mut found = Vec::new();
    for (which, re) in m.all.iter().enumerate() {
        let ci = which == 0;
        let mut at = 0;
        while at <= text.len() {
            let Some(hit) = re.find_at(text, at) else {
                break;
            };
            let (s, e) = (hit.start(), hit.end());
            if e > s && word_bounded(text, s, e) {
                let def = m
                    .defs
                    .iter()
                    .find(|(r, dci, _)| *dci == ci && r.is_match(hit.as_str()));
                if let Some((_, _, d)) = def {
                    found.push(Cue {
                        start: s,
                        end: e,
                        kind: d.kind,
                        near: d.near,
                    });
                }
                at = e;
            } else {
                // Retry one character later: a shorter phrase may still start inside.
                at = s + next_char(text, s).map_or(1, char::len_utf8);
            }
        }
    }
    found.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut out: Vec<Cue> = Vec::with_capacity(found.len());
    for c in found {
        if out.last().is_none_or(|l| c.start >= l.end) {
            out.push(c);
        }
    }
    out
}

#[rustfmt::skip]
static CONNECTORS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        // en
        "is", "was", "are", "were", "be", "being", "am", "at", "on", "in", "of", "to", "the", "my",
        "his", "her", "their", "our", "your", "its", "a", "an", "number", "numbers", "no", "nr",
        "num", "#", "id", "code", "reads", "as", "follows", "here", "below", "shown",
        // de
        "ist", "war", "lautet", "lauten", "lautend", "sind", "im", "an", "auf", "von", "vom", "der",
        "die", "das", "den", "dem", "des", "mein", "meine", "meiner", "meines", "seine", "seiner",
        "ihre", "ihrer", "unsere", "nummer", "unter", "ca", "folgt", // fr
        "est", "était", "etait", "sont", "le", "la", "les", "l", "de", "du", "d", "mon", "ma",
        "mes", "son", "sa", "ses", "au", "aux", "à", "en", "numéro", "numero", "n°", "nº", "n",
        "suivant", // es
        "es", "era", "el", "los", "las", "del", "mi", "mis", "su", "sus", "al", "número", "n.º",
        "núm", // it
        "è", "il", "lo", "i", "gli", "di", "della", "dello", "mio", "mia", "suo", "sua", "alla",
        "nel", "nella", "sono", // nl
        "zijn", "op", "van", "het", "een", "mijn", "haar", "ons", "onze", "te", // pt
        "é", "são", "o", "os", "as", "do", "da", "dos", "das", "em", "na", "meu", "minha", "seu",
        "ao",
    ]
    .into_iter()
    .collect()
});

/// Words after which the number that follows is something else (an order, a page, a period of
/// validity): the window stops there.
#[rustfmt::skip]
static BLOCKERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        // en
        "order", "orders", "ordered", "invoice", "inv", "ticket", "ref", "reference", "booking",
        "tracking", "shipment", "parcel", "package", "room", "page", "pages", "version", "v",
        "item", "items", "qty", "quantity", "total", "amount", "price", "cost", "costs", "step",
        "floor", "case", "seat", "flight", "chapter", "section", "since", "until", "till",
        "expires", "expiry", "expired", "valid", "issued", "paid", "charged", "delivered",
        "shipped", "purchased", "bought", "ago", "times",
        // de
        "bestellung", "bestellnummer", "bestellt", "auftrag", "auftragsnummer", "rechnung",
        "rechnungsnummer", "zimmer", "seite", "seiten", "artikel", "menge", "anzahl", "betrag",
        "preis", "summe", "gesamt", "sendung", "sendungsnummer", "paket", "seit", "bis", "gültig",
        "ausgestellt", "abgelaufen", "kapitel", "platz", "flug", "bezahlt", "geliefert", "mal",
        // fr
        "commande", "commandé", "facture", "billet", "chambre", "quantité", "montant", "prix",
        "colis", "suivi", "depuis", "jusqu", "valable", "expire", "délivré", "vol", "siège", "payé",
        "livré", "fois",
        // es
        "pedido", "factura", "billete", "habitación", "página", "versión", "artículo", "cantidad",
        "importe", "precio", "envío", "paquete", "desde", "hasta", "válido", "caduca", "expedido",
        "vuelo", "asiento", "pagado", "entregado", "veces",
        // it
        "ordine", "ordinato", "fattura", "biglietto", "camera", "stanza", "pagina", "versione",
        "articolo", "quantità", "importo", "prezzo", "totale", "spedizione", "pacco", "dal",
        "dalla", "fino", "valido", "scadenza", "scade", "rilasciato", "volo", "posto", "pagato",
        "consegnato", "volte",
        // nl
        "bestelling", "besteld", "factuur", "kamer", "versie", "aantal", "bedrag", "prijs",
        "totaal", "zending", "pakket", "sinds", "tot", "geldig", "verloopt", "afgegeven", "vlucht",
        "stoel", "betaald", "geleverd", "keer",
        // pt
        "encomenda", "encomendado", "fatura", "bilhete", "quarto", "versão", "artigo", "quantidade",
        "valor", "preço", "envio", "pacote", "até", "expira", "emitido", "voo", "lugar", "pago",
        // idioms: "compte tenu de", "rekening houden met", "cuenta con", "conta com"
        "tenu", "rendu", "houden", "gehouden", "con", "com",
        "file", "files", "archive", "datei", "fichier", "archivo",
        "entregue", "vezes",
    ]
    .into_iter()
    .collect()
});

/// Abbreviations whose final period does not end a sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "ca", "z.b", "bzw", "etc", "approx", "st", "dr", "mr", "mrs", "ms", "nr", "no", "tel", "str",
    "vs", "e.g", "i.e", "u.a", "inkl", "incl", "sr", "sra", "sig",
];

/// Month names in full (never followed by a period of their own).
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    // en
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
    // de
    "januar", "jänner", "jaenner", "februar", "märz", "maerz", "mai", "juni", "juli", "oktober",
    "dezember",
    // fr
    "janvier", "février", "fevrier", "mars", "avril", "juin", "juillet", "août", "aout",
    "septembre", "octobre", "novembre", "décembre", "decembre",
    // es
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "setiembre", "octubre", "noviembre", "diciembre",
    // it
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre",
    "dicembre",
    // nl
    "januari", "februari", "maart", "mei", "augustus",
    // pt
    "janeiro", "fevereiro", "março", "marco", "maio", "junho", "julho", "setembro", "outubro",
    "novembro", "dezembro",
];
/// Abbreviated month names (a period may follow).
#[rustfmt::skip]
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mär",
    "mrz", "okt", "dez", "janv", "févr", "fevr", "avr", "juil", "déc", "ene", "abr", "ago", "dic",
    "gen", "mag", "giu", "lug", "set", "ott", "mrt", "fev", "out",
];

fn months_alt() -> String {
    let alt = |list: &[&str]| {
        let mut ms: Vec<&str> = list.to_vec();
        ms.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
        ms.iter()
            .map(|m| regex::escape(m))
            .collect::<Vec<_>>()
            .join("|")
    };
    format!(
        r"(?:(?:{})\b|(?:{})\b\.?)",
        alt(MONTHS),
        alt(MONTH_ABBREVIATIONS)
    )
}

/// Anchored date shapes: numeric day-month-year, year-month-day, day + month name (+ year),
/// month name + day (+ year), month name + year.
static DATES: LazyLock<[Regex; 5]> = LazyLock::new(|| {
    let m = months_alt();
    [
        Regex::new(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})").expect("date regex"),
        Regex::new(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})").expect("date regex"),
        Regex::new(&format!(
            r"(?i)^(\d{{1,2}})(?:st|nd|rd|th|er|e|º|°|ª|\.)?[\s\-/]*(?:de\s+|of\s+)?{m}(?:,?[\s\-/]*(?:de\s+|del\s+|of\s+)?(\d{{4}}|'?\d{{2}}))?"
        ))
        .expect("date regex"),
        Regex::new(&format!(
            r"(?i)^{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
        ))
        .expect("date regex"),
        Regex::new(&format!(r"(?i)^{m}\s+(?:de\s+|of\s+)?(\d{{4}})"))
            .expect("date regex"),
    ]
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:18|19|20)\d{2}").expect("year regex"));

static POSTCODES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:[A-Z]{1,2}-)?\d{5}(?:-\d{4})?", // US ZIP+4, DE, FR, IT, ES (D-80331)
        r"^\d{4}-\d{3}",                      // PT
        r"^\d{4} ?[A-Z]{2}",                  // NL
        r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", // UK
        r"^[A-Z]\d[A-Z] ?\d[A-Z]\d",          // CA
        r"^(?:[A-Z]{1,2}-)?\d{4}",            // BE, AT, CH, DK, LU
    ]
    .iter()
    .map(|p| Regex::new(p).expect("postcode regex"))
    .collect()
});

fn year_ok(y: &str) -> bool {
    let y = y.trim_start_matches('\'');
    match y.len() {
        2 => true,
        4 => y.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y)),
        _ => false,
    }
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// A date starting at `p`: its end.
fn date_at(text: &str, p: usize) -> Option<usize> {
    let rest = &text[p..];
    let first = rest.as_bytes().first()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let day = |c: &regex::Captures, i: usize| (1..=31).contains(&num(&c[i]));
    let year = |c: &regex::Captures, i: usize| c.get(i).is_none_or(|y| year_ok(y.as_str()));
    DATES.iter().enumerate().find_map(|(k, re)| {
        let c = re.captures(rest)?;
        let ok = match k {
            0 => {
                let (a, b) = (num(&c[1]), num(&c[2]));
                day(&c, 1) && day(&c, 2) && (a <= 12 || b <= 12) && year(&c, 3)
            }
            1 => year(&c, 1) && (1..=12).contains(&num(&c[2])) && day(&c, 3),
            2 | 3 => day(&c, 1) && year(&c, 2),
            _ => year(&c, 1),
        };
        let e = p + c.get(0)?.end();
        (ok && !next_char(text, e).is_some_and(char::is_alphanumeric)).then_some(e)
    })
}

/// The shape of an identifier-like code.
#[derive(Clone, Copy)]
struct CodeShape {
    min_digits: usize,
    min_alnum: usize,
    max_alnum: usize,
    /// Groups may be joined by single spaces, dots, dashes or slashes.
    groups: bool,
}

/// `b[i..]` is a space and a group of capitals and digits with a digit, then no letter.
fn next_group_has_digit(b: &[u8], i: usize) -> bool {
    if b.get(i) != Some(&b' ') {
        return false;
    }
    let g: Vec<u8> = b[i + 1..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_alphanumeric)
        .collect();
    let after = b.get(i + 1 + g.len()).copied();
    !g.is_empty()
        && g.iter().any(u8::is_ascii_digit)
        && !g.iter().any(u8::is_ascii_lowercase)
        && after.is_none_or(|c| c.is_ascii())
}

/// An identifier-like code starting at `p` (upper-case letters and digits, maybe in groups):
/// its end.
fn code_at(text: &str, p: usize, shape: CodeShape) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = p;
    let (mut alnum, mut digits, mut groups) = (0, 0, 0);
    let mut end = p;
    let mut sep = 0u8;
    let mut two_letter_prefix = false;
    loop {
        let gs = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == gs {
            break;
        }
        let g = &b[gs..i];
        let glued_letter = next_char(text, i).is_some_and(char::is_alphabetic);
        let gd = g.iter().filter(|c| c.is_ascii_digit()).count();
        let lower = g.iter().any(u8::is_ascii_lowercase);
        let first = groups == 0;
        let ok = !glued_letter
            && !lower
            && if first {
                // letters alone only as a prefix: "QQ 12 34 56 C", "ABC-12345"
                gd > 0
                    || g.len() <= 2
                    || (g.len() <= 4
                        && matches!(b.get(i), Some(b'-' | b'/' | b'.'))
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            } else if sep == b' ' {
                if gd == 0 {
                    // The letter that ends a UK NINO: "QQ 12 34 56 C".
                    g.len() == 1 && two_letter_prefix
                } else {
                    // a one-digit group only inside a code: "12345678 9 ZX1"
                    g.len() >= 2 || next_group_has_digit(b, i)
                }
            } else {
                true
            };
        if !ok || alnum + g.len() > shape.max_alnum {
            if first {
                return None;
            }
            break;
        }
        if first && gd == 0 && g.len() == 2 {
            two_letter_prefix = true;
        }
        alnum += g.len();
        digits += gd;
        groups += 1;
        end = i;
        if !shape.groups {
            break;
        }
        if i + 1 < b.len()
            && matches!(b[i], b' ' | b'-' | b'.' | b'/')
            && b[i + 1].is_ascii_alphanumeric()
        {
            sep = b[i];
            i += 1;
        } else {
            break;
        }
    }
    (groups > 0 && digits >= shape.min_digits && alnum >= shape.min_alnum).then_some(end)
}

/// A phone number starting at `p`: its span (a leading "(" that is never closed is dropped).
fn phone_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = p;
    if i < b.len() && b[i] == b'+' {
        i += 1;
    }
    if i < b.len() && b[i] == b'(' {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return None;
    }
    let mut digits = 0;
    // (end, digits so far) after each run of digits
    let mut ends: Vec<(usize, usize)> = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
        ends.push((i, digits));
        let mut j = i;
        while j < b.len() && j - i < 3 && matches!(b[j], b' ' | b'.' | b'-' | b'/' | b'(' | b')') {
            j += 1;
        }
        if j > i && j < b.len() && b[j].is_ascii_digit() {
            i = j;
        } else {
            break;
        }
    }
    let &(end, n) = ends.iter().rev().find(|&&(_, n)| n <= 15)?;
    if !(6..=15).contains(&n) || next_char(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let span = &text[p..end];
    let start = if span.contains('(') && span.matches('(').count() > span.matches(')').count() {
        p + span.find('(').map_or(0, |k| k + 1)
    } else {
        p
    };
    Some((start, end))
}

fn postcode_at(text: &str, p: usize) -> Option<usize> {
    let rest = &text[p..];
    POSTCODES.iter().find_map(|re| {
        let e = p + re.find(rest)?.end();
        (!next_char(text, e).is_some_and(char::is_alphanumeric)).then_some(e)
    })
}

#[rustfmt::skip]
const CURRENCY_WORDS: &[&str] = &[
    "eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "pound", "pounds", "chf", "franken",
    "francs", "sek", "nok", "dkk", "pln", "kr", "pesos", "reais", "real", "brl",
];
#[rustfmt::skip]
const UNIT_WORDS: &[&str] = &[
    "kg", "g", "mg", "km", "m", "cm", "mm", "ml", "l", "mb", "gb", "kb", "tb", "mah", "kwh", "h",
    "min", "uhr", "stück", "stk", "pcs", "units", "items", "x", "ms", "px", "points", "punkte",
    "puntos", "punti", "punten", "pontos", "miles", "meilen", "followers", "views", "users",
    "lines", "rows", "cells", "zeilen", "lignes", "líneas", "righe", "regels", "linhas",
];

fn is_currency_symbol(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '¥' | '₹' | '₽' | '₺')
}

/// The first word (letters only, lower case) at `text[i..]` after optional spaces.
fn word_after(text: &str, i: usize) -> (String, Option<char>) {
    let rest = text[i..].trim_start_matches([' ', '\u{a0}']);
    let first = rest.chars().next();
    let w: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    (w, first)
}

/// The value at `text[s..e]` reads as an amount, a quantity or a decimal number.
fn amount_or_quantity(text: &str, s: usize, e: usize) -> bool {
    let v = &text[s..e];
    // "1.234.567" or "1,234,567": thousands grouping, never how identifiers are written
    let grouped = {
        let parts: Vec<&str> = v.split(['.', ',']).collect();
        parts.len() > 1
            && !parts[0].starts_with('0')
            && parts[0].len() <= 3
            && parts[0].bytes().all(|c| c.is_ascii_digit())
            && parts[1..]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
    };
    if grouped {
        return true;
    }
    let after = &text[e..];
    // "100000-word": part of a compound
    if after.starts_with('-') && after[1..].starts_with(char::is_alphabetic) {
        return true;
    }
    let mut ac = after.chars();
    if matches!(ac.next(), Some('.' | ',')) && ac.next().is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let (w, first) = word_after(text, e);
    if first.is_some_and(|c| is_currency_symbol(c) || c == '%')
        || CURRENCY_WORDS.contains(&w.as_str())
        || UNIT_WORDS.contains(&w.as_str())
    {
        return true;
    }
    let before = text[..s].trim_end_matches([' ', '\u{a0}']);
    if before.chars().next_back().is_some_and(is_currency_symbol) {
        return true;
    }
    let prev_word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    CURRENCY_WORDS.contains(&prev_word.as_str())
}

fn overlaps_cue(cues: &[Cue], s: usize, e: usize) -> bool {
    cues.iter().any(|c| c.start < e && s < c.end)
}

/// A value of `kind` starting at `p`: its span. `adjacent` says only connectors stood between
/// the cue and `p` (a bare year counts as a birth date only then).
fn value_at(text: &str, p: usize, kind: CueKind, adjacent: bool) -> Option<(usize, usize)> {
    if kind == DateOfBirth {
        if let Some(e) = date_at(text, p) {
            return Some((p, e));
        }
        if adjacent && let Some(m) = YEAR.find(&text[p..]) {
            let e = p + m.end();
            let glued = text[e..]
                .strip_prefix(['-', '/', '.'])
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
            if !glued
                && !next_char(text, e).is_some_and(char::is_alphanumeric)
                && !amount_or_quantity(text, p, e)
            {
                return Some((p, e));
            }
        }
        return None;
    }
    // Dates are not identifiers.
    if date_at(text, p).is_some() {
        return None;
    }
    let code = |min_digits, min_alnum, max_alnum, groups| {
        code_at(
            text,
            p,
            CodeShape {
                min_digits,
                min_alnum,
                max_alnum,
                groups,
            },
        )
        .map(|e| (p, e))
    };
    let (s, e) = match kind {
        DateOfBirth => return None,
        Passport => code(1, 6, 12, false)?,
        NationalId | TaxId => code(5, 5, 20, true)?,
        Phone => phone_at(text, p)?,
        Account => code(6, 6, 34, true)?,
        DriversLicense => code(1, 5, 20, true)?,
        CustomerOrMember => {
            let (s, e) = code(4, 4, 20, true)?;
            // "customer since 2015"
            if e - s == 4 && YEAR.is_match(&text[s..e]) {
                return None;
            }
            (s, e)
        }
        Postcode => (p, postcode_at(text, p)?),
    };
    (!amount_or_quantity(text, s, e)).then_some((s, e))
}

/// Characters skipped between words of the window.
fn skippable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | '='
                | '#'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '\''
                | '“'
                | '”'
                | '„'
                | '«'
                | '»'
                | ','
                | ';'
                | '*'
                | '-'
                | '–'
                | '—'
                | '/'
                | '>'
                | '‘'
                | '’'
        )
}

/// The end of the word at `p` (it stops at skippable characters, and after an abbreviation's
/// period or a `°` glued to a digit: "Nr.123", "n°123").
fn word_end(text: &str, p: usize) -> usize {
    let mut it = text[p..].char_indices().peekable();
    let mut end = p;
    while let Some((k, c)) = it.next() {
        if k > 0 && (skippable(c) || matches!(c, '!' | '?')) {
            break;
        }
        end = p + k + c.len_utf8();
        if matches!(c, '.' | '°' | 'º') && it.peek().is_some_and(|(_, n)| n.is_ascii_digit()) {
            break;
        }
    }
    end
}

/// Words before an account cue that make it an idiom: "take into account", "tener en cuenta",
/// "tenere conto", "levar em conta", "rendre compte", "on account of".
const ACCOUNT_IDIOMS: &[&str] = &[
    "into", "on", "en", "em", "tener", "tengo", "tiene", "teniendo", "tenere", "tenendo", "tenuto",
    "tiene", "levar", "levando", "leva", "ter", "rendre", "rend", "rends", "rendu",
];

/// The word that ends just before `i` (spaces skipped), lower case.
fn word_before(text: &str, i: usize) -> String {
    let before = text[..i].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(k, _)| k);
    before[start..].to_lowercase()
}

/// German and Dutch put the verb last: "ich bin am 12.03.1984 in Köln geboren", "ik ben op
/// 12 maart 1984 geboren". For a bare "geboren", the nearest date that ends at most four words
/// (and 40 bytes) before it in the same sentence.
fn date_before(text: &str, cue: &Cue) -> Option<(usize, usize)> {
    if cue.kind != DateOfBirth || !text[cue.start..cue.end].eq_ignore_ascii_case("geboren") {
        return None;
    }
    let mut from = cue.start.saturating_sub(MAX_GAP + 24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut best = None;
    let mut past = from;
    for (k, c) in text[from..cue.start].char_indices() {
        let p = from + k;
        let starts_word = c.is_ascii_digit() || c.is_alphabetic();
        if p < past || !starts_word || prev_char(text, p).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(e) = date_at(text, p).filter(|&e| e <= cue.start) else {
            continue;
        };
        let between = &text[e..cue.start];
        if between.len() <= MAX_GAP
            && between.split_whitespace().count() <= 4
            && !between.contains(['.', '!', '?', '\n', ';'])
        {
            best = Some((p, e));
        }
        past = e;
    }
    best
}

/// The values one cue introduces: the first one in its window, and any that follow it as a list.
fn values_after(text: &str, cue: &Cue, cues: &[Cue], out: &mut Vec<(CueSpan, usize)>) {
    if cue.kind == Account
        && cue.near
        && ACCOUNT_IDIOMS.contains(&word_before(text, cue.start).as_str())
    {
        return;
    }
    if let Some((s, e)) = date_before(text, cue) {
        out.push((
            CueSpan {
                start: s,
                end: e,
                kind: DateOfBirth,
            },
            cue.start - e,
        ));
        return;
    }
    let mut p = cue.end;
    let mut words = 0;
    let mut adjacent = true;
    let found = loop {
        // Skip separators.
        let mut stop = false;
        while let Some(c) = next_char(text, p) {
            if c == '\n' || c == '\r' {
                if words > 0 {
                    stop = true;
                    break;
                }
            } else if c == '!' || c == '?' {
                stop = true;
                break;
            } else if c == '(' && next_char(text, p + 1).is_some_and(|n| n.is_ascii_digit()) {
                break; // "(030) 123456"
            } else if !skippable(c) {
                break;
            }
            p += c.len_utf8();
        }
        if stop || p >= text.len() || p - cue.end > MAX_GAP {
            break None;
        }
        if let Some((s, e)) = value_at(text, p, cue.kind, adjacent)
            && !overlaps_cue(cues, s, e)
        {
            break Some((s, e));
        }
        // Not a value: step over one word (a whole date when an identifier is wanted).
        let we = match (cue.kind, date_at(text, p)) {
            (k, Some(e)) if k != DateOfBirth => e,
            _ => word_end(text, p),
        };
        let w = &text[p..we];
        let lower = w.to_lowercase();
        let bare = lower.trim_end_matches(['.', ':', ';']);
        if BLOCKERS.contains(bare) {
            break None;
        }
        let connector = CONNECTORS.contains(bare) || CONNECTORS.contains(lower.as_str());
        if !connector {
            if cue.near {
                break None;
            }
            adjacent = false;
        }
        words += 1;
        if words > MAX_WORDS {
            break None;
        }
        if w.ends_with('.') && !connector && !ABBREVIATIONS.contains(&bare) {
            let next = text[we..].trim_start().chars().next();
            if next.is_some_and(char::is_uppercase) {
                break None; // the sentence ended
            }
        }
        p = we;
    };
    let Some((mut s, mut e)) = found else {
        return;
    };
    let dist = s - cue.end;
    out.push((
        CueSpan {
            start: s,
            end: e,
            kind: cue.kind,
        },
        dist,
    ));
    // A list: "030 123456 or 0171 2345678", "12345678, 87654321".
    for _ in 0..MAX_LIST {
        // a short remark in brackets may stand between: "030 123456 (office), 0171 …"
        let mut from = e;
        let r = text[e..].trim_start_matches(' ');
        if r.starts_with('(')
            && let Some(k) = r.find(')')
            && k <= 24
            && !r[..k].contains(|c: char| c.is_ascii_digit())
        {
            from = text.len() - r.len() + k + 1;
        }
        let rest = &text[from..];
        let trimmed = rest.trim_start_matches([' ', ',', '/', '&', ';']);
        let mut q = from + (rest.len() - trimmed.len());
        let mut joined = q > from && rest[..q - from].contains([',', '/', '&', ';']);
        let (w, _) = word_after(text, q);
        if [
            "or", "and", "oder", "und", "ou", "et", "o", "y", "e", "of", "en",
        ]
        .contains(&w.as_str())
        {
            let after_word = q + text[q..].find(w.as_str()).map_or(0, |k| k + w.len());
            let t = text[after_word..].trim_start_matches(' ');
            q = text.len() - t.len();
            joined = true;
        }
        if !joined {
            break;
        }
        match value_at(text, q, cue.kind, adjacent) {
            Some((ns, ne)) if !overlaps_cue(cues, ns, ne) => {
                (s, e) = (ns, ne);
                out.push((
                    CueSpan {
                        start: s,
                        end: e,
                        kind: cue.kind,
                    },
                    dist,
                ));
            }
            _ => break,
        }
    }
}

/// Values introduced by a cue word within a short window (≤ 6 words / 40 bytes after the cue,
/// allowing connectors like "is", "ist", "est", "es", "é", "number", "no.", "nr.", "n°", "#",
/// ":", "="). Sorted, non-overlapping; where two cues claim overlapping values, the nearer cue
/// wins.
pub fn cue_spans(text: &str) -> Vec<CueSpan> {
    let cues = find_cues(text);
    if cues.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for cue in &cues {
        values_after(text, cue, &cues, &mut found);
    }
    found.sort_by_key(|(s, d)| (s.start, *d, std::cmp::Reverse(s.end)));
    let mut out: Vec<(CueSpan, usize)> = Vec::with_capacity(found.len());
    for (s, d) in found {
        match out.last_mut() {
            Some((l, ld)) if s.start < l.end => {
                if d < *ld {
                    *l = s;
                    *ld = d;
                }
            }
            _ => out.push((s, d)),
        }
    }
    out.into_iter().map(|(s, _)| s).collect()
}

// ---------------------------------------------------------------------------------------------
// Names after greetings and titles

/// Greetings that may stand anywhere.
#[rustfmt::skip]
const GREETINGS: &[&str] = &[
    "dear", "hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening",
    "greetings", "hallo", "moin", "servus", "grüß dich", "grüß gott", "grüezi", "guten morgen",
    "guten tag", "guten abend", "bonjour", "bonsoir", "salut", "coucou", "hola", "buenos días",
    "buenas tardes", "buenas noches", "buenas", "ciao", "salve", "buongiorno", "buonasera", "hoi",
    "goedemorgen", "goedemiddag", "goedenavond", "olá", "oi", "bom dia", "boa tarde", "boa noite",
];
/// Greetings that are also ordinary words ("die Liebe", "la cara"): only at the start of a text,
/// line or sentence.
#[rustfmt::skip]
const GREETINGS_AT_START: &[&str] = &[
    "liebe", "lieber", "liebes", "sehr geehrte", "sehr geehrter", "cher", "chère", "chers",
    "chères", "querido", "querida", "queridos", "queridas", "estimado", "estimada", "caro", "cara",
    "cari", "care", "gentile", "gentilissimo", "gentilissima", "egregio", "beste", "lieve",
    "geachte", "dag", "prezado", "prezada",
];
/// Thanks: the word after them counts only when `is_given` knows it.
#[rustfmt::skip]
const THANKS: &[&str] = &[
    "thanks", "thank you", "danke", "vielen dank", "merci", "gracias", "grazie", "bedankt",
    "dank je", "dank u", "obrigado", "obrigada",
];

/// Titles, matched as written (a period where shown is required).
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Mx.", "Dr", "Dr.", "Prof.", "Herr",
    "Herrn", "Frau", "Hr.", "Fr.", "M.", "Mme", "Mme.", "Mlle", "Mlle.", "Monsieur", "Madame",
    "Mademoiselle", "Sr", "Sr.", "Sra", "Sra.", "Srta.", "Señor", "Señora", "Señorita", "Don",
    "Doña", "Sig.", "Sig.ra", "Sig.na", "Signor", "Signora", "Signorina", "Dott.", "Dott.ssa",
    "Avv.", "Ing.", "Dhr.", "Mevr.", "Mw.", "Meneer", "Mevrouw", "Senhor", "Senhora", "Dona",
    // lower case inside sentences: "de heer Jansen", "el señor Pérez", "monsieur Dupont"
    "heer", "meneer", "mevrouw", "señor", "señora", "senhor", "senhora", "signor", "signora",
    "monsieur", "madame",
];

/// Capitalised words after a greeting or title that are no names (folded).
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    // en
    "all", "everyone", "everybody", "team", "there", "folks", "guys", "sir", "sirs", "madam",
    "customer", "customers", "colleague", "colleagues", "friend", "friends", "world", "support",
    "again", "both", "you", "gentlemen", "ladies", "people", "president", "director", "doctor",
    "professor", "thanks", "thank", "regards", "wishes", "greetings", "i", "we", "it", "the", "and",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
    // de
    "zusammen", "allerseits", "alle", "leute", "kunde", "kundin", "kollegen", "kolleginnen",
    "kollege", "kollegin", "freunde", "damen", "herren", "welt", "doktor", "prasident",
    "burgermeister", "minister", "direktor", "grusse", "gruss", "danke", "nachbar", "nachbarin",
    "sie", "ihr", "du", "und",
    // fr
    "tous", "toutes", "monde", "client", "cliente", "clients", "equipe", "amis", "amie", "ami",
    "collegues", "madame", "monsieur", "messieurs", "mesdames", "merci", "bisous", "amities",
    "vous", "et",
    // es
    "todos", "todas", "equipo", "amigos", "amigas", "senor", "senora", "senores", "mundo",
    "gracias", "saludos", "usted", "ustedes", "y",
    // it
    "tutti", "signori", "signore", "signora", "amici", "amico", "colleghi", "ragazzi", "mondo",
    "grazie", "saluti", "abbracci",
    // nl
    "allemaal", "iedereen", "heer", "heren", "mevrouw", "dames", "klant", "collega", "collegas",
    "wereld", "bedankt", "groeten", "jullie", "en",
    // pt
    "pessoal", "gente", "senhor", "senhora", "senhores", "obrigado", "obrigada", "cumprimentos",
    "abracos", "beijos", "voce", "voces", "doutor", "doutora",
    // it
    "dottore", "dottoressa", "avvocato", "ingegnere",
    // de: "Mo. bis Fr. Vormittag"
    "morgen", "vormittag", "vormittags", "mittag", "nachmittag", "nachmittags", "abend", "abends",
    // assistants
    "google", "siri",
];

struct GreetingMatcher {
    anywhere: Regex,
    at_start: Regex,
    thanks: Regex,
    titles: Regex,
    /// The same, anchored.
    title_here: Regex,
    word: Regex,
}

static GREET: LazyLock<GreetingMatcher> = LazyLock::new(|| {
    let mut titles: Vec<&str> = TITLES.to_vec();
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let titles = titles
        .iter()
        .map(|t| regex::escape(t))
        .collect::<Vec<_>>()
        .join("|");
    GreetingMatcher {
        anywhere: Regex::new(&alternation(GREETINGS, true)).expect("greeting regex"),
        at_start: Regex::new(&alternation(GREETINGS_AT_START, true)).expect("greeting regex"),
        thanks: Regex::new(&alternation(THANKS, true)).expect("greeting regex"),
        titles: Regex::new(&format!("(?:{titles})")).expect("title regex"),
        title_here: Regex::new(&format!("^(?:{titles})")).expect("title regex"),
        word: Regex::new(r"^\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*").expect("word regex"),
    }
});

/// `text[i..]` starts a sentence: only spaces, quotes or brackets stand between it and the
/// start of the text, a line or a sentence.
fn at_sentence_start(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches([' ', '\t', '"', '\'', '«', '„', '“', '(', '*', '>']);
    before.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '\n' | '\r' | '.' | '!' | '?' | ':' | ';' | '-' | '–' | '—'
        )
    })
}

/// A capitalised word at `p`: its end and whether it is all capitals.
fn name_word_at(text: &str, p: usize) -> Option<(usize, bool)> {
    let m = GREET.word.find(&text[p..])?;
    let e = p + m.end();
    if next_char(text, e).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let w = m.as_str();
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    let caps = !w.chars().any(char::is_lowercase);
    Some((e, caps))
}

/// Only spaces, then a comma or the end of a sentence (or of the text) follow `e`.
fn ends_phrase(text: &str, e: usize) -> bool {
    let rest = text[e..].trim_start_matches([' ', '\t']);
    rest.chars().next().is_none_or(|c| {
        matches!(
            c,
            ',' | '.' | '!' | '?' | ':' | ';' | ')' | '\n' | '\r' | '…'
        )
    })
}

/// [`NOT_NAMES`] and the titles, folded.
static NOT_NAME_SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
    NOT_NAMES
        .iter()
        .map(|w| w.to_string())
        .chain(TITLES.iter().map(|t| fold(t.trim_end_matches('.'))))
        .collect()
});

fn not_a_name(text: &str, s: usize, e: usize) -> bool {
    NOT_NAME_SET.contains(&fold(&text[s..e]))
}

fn known_given(word: &str, is_given: &dyn Fn(&str) -> bool) -> bool {
    let f = fold(word);
    is_given(&f) || f.split_once('-').is_some_and(|(a, _)| is_given(a))
}

/// A title at `p` followed by spaces: where the word after it starts.
fn after_title(text: &str, p: usize) -> Option<usize> {
    let m = GREET.title_here.find(&text[p..])?;
    let e = p + m.end();
    let rest = &text[e..];
    let t = rest.trim_start_matches(' ');
    if t.len() == rest.len() {
        return None;
    }
    Some(e + (rest.len() - t.len()))
}

/// A given name alone after a greeting or a title: "Dear Karl,", "Hi Anna", "Hallo Jürgen",
/// "Bonjour Anaïs", "Chère Élodie", "Hola Lucía", "Querida Ana", "Ciao Marco", "Gentile Giulia",
/// "Beste Sanne", "Olá João", "Caro Pedro" (only greetings and salutations before the name, not
/// closings like "Liebe Grüße, Karin"). Returns the byte range of the capitalised word after the
/// greeting if `is_given(folded_lowercase_word)` says it is a given name or it is followed by ","
/// or the end of a sentence (a following capitalised word that itself ends the phrase too:
/// "Dear Karl Moser,"; and a second name after "and": "Hi Anna and Ben,"). After a title
/// (Mr/Mrs/Ms/Dr/Herr/Frau/M./Mme/Mlle/Sr./Sra./Sig./Sig.ra/Dhr./Mevr./Dona, …, chained titles
/// allowed: "Frau Dr. Weber") the capitalised word that follows (and the next one too when the
/// first is a known given name: "Mr John Smith"). Sorted, non-overlapping.
pub fn greeting_names(text: &str, is_given: &dyn Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let g = &*GREET;
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Greetings: (regex, needs the start of a sentence, needs a known given name)
    for (re, at_start, need_given) in [
        (&g.anywhere, false, false),
        (&g.at_start, true, false),
        (&g.thanks, false, true),
    ] {
        for m in re.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            // "Liebe Anna, lieber Peter": a second salutation after a name found.
            let after_name = || {
                let before = text[..s].trim_end_matches(' ');
                before.strip_suffix(',').is_some_and(|b| {
                    let b = b.trim_end_matches(' ');
                    out.iter().any(|&(_, ne)| ne == b.len())
                })
            };
            if !word_bounded(text, s, e)
                || (at_start && !at_sentence_start(text, s) && !after_name())
            {
                continue;
            }
            let rest = &text[e..];
            let t = rest.trim_start_matches([' ', '\t']);
            let t = t
                .strip_prefix(',')
                .unwrap_or(t)
                .trim_start_matches([' ', '\t']);
            let p = e + (rest.len() - t.len());
            if p == e || after_title(text, p).is_some() {
                continue; // glued to the word, or a title follows (handled below)
            }
            let Some((we, caps)) = name_word_at(text, p) else {
                continue;
            };
            if not_a_name(text, p, we) {
                continue;
            }
            let given = known_given(&text[p..we], is_given);
            let ok = given || (!need_given && !caps && ends_phrase(text, we));
            if !ok {
                continue;
            }
            out.push((p, we));
            // "Dear Karl Moser," / "Hi Anna and Ben,"
            let rest = &text[we..];
            let t = rest.trim_start_matches(' ');
            let q = we + (rest.len() - t.len());
            if q == we + 1
                && let Some((qe, qcaps)) = name_word_at(text, q)
                && !qcaps
                && !not_a_name(text, q, qe)
                && ends_phrase(text, qe)
            {
                out.push((q, qe));
                continue;
            }
            let (w, _) = word_after(text, we);
            if ["and", "und", "et", "y", "e", "en"].contains(&w.as_str()) || t.starts_with('&') {
                let after = if t.starts_with('&') {
                    q + 1
                } else {
                    q + w.len()
                };
                let r = &text[after..];
                let t2 = r.trim_start_matches(' ');
                let q2 = after + (r.len() - t2.len());
                if q2 > after
                    && let Some((qe, qcaps)) = name_word_at(text, q2)
                    && !not_a_name(text, q2, qe)
                    && (known_given(&text[q2..qe], is_given) || (!qcaps && ends_phrase(text, qe)))
                {
                    out.push((q2, qe));
                }
            }
        }
    }
    // Titles
    let mut at = 0;
    while let Some(m) = g.titles.find_at(text, at) {
        let (s, e) = (m.start(), m.end());
        at = e;
        let prev_ok = prev_char(text, s).is_none_or(|c| {
            c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '«' | '„' | '“' | ',' | ';' | ':')
        });
        let title_alone =
            !m.as_str().ends_with('.') && next_char(text, e).is_some_and(char::is_alphanumeric);
        if !prev_ok || title_alone {
            continue;
        }
        // Chained titles: "Frau Dr. Weber", "Herr Prof. Dr. Schmidt".
        let mut p = s;
        let mut hops = 0;
        while hops < 4
            && let Some(np) = after_title(text, p)
        {
            p = np;
            hops += 1;
        }
        if hops == 0 {
            continue;
        }
        at = at.max(p);
        let Some((we, _)) = name_word_at(text, p) else {
            continue;
        };
        if not_a_name(text, p, we) {
            continue;
        }
        out.push((p, we));
        if known_given(&text[p..we], is_given)
            && text[we..].starts_with(' ')
            && let Some((qe, _)) = name_word_at(text, we + 1)
            && !not_a_name(text, we + 1, qe)
        {
            out.push((we + 1, qe));
        }
    }
    out.sort_unstable();
    out.dedup();
    let mut res: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for r in out {
        if res.last().is_none_or(|l| r.0 >= l.1) {
            res.push(r);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, kind) pairs found in `text`.
    fn cues(text: &str) -> Vec<(&str, CueKind)> {
        cue_spans(text)
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind))
            .collect()
    }

    fn one(text: &str, value: &str, kind: CueKind) {
        assert_eq!(cues(text), vec![(value, kind)], "in {text:?}");
    }

    fn none(text: &str) {
        assert_eq!(cues(text), vec![], "in {text:?}");
    }

    #[rustfmt::skip]
    const GIVEN: &[&str] = &[
        "karl", "anna", "jurgen", "anais", "elodie", "lucia", "ana", "marco", "giulia", "sanne",
        "joao", "pedro", "john", "maria", "ben", "karin", "lena",
    ];

    fn is_given(w: &str) -> bool {
        GIVEN.contains(&w)
    }

    fn names(text: &str) -> Vec<&str> {
        greeting_names(text, &is_given)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect()
    }

    // ---- dates of birth ----

    #[test]
    fn born_with_dates_in_every_language() {
        one(
            "I was born on 12 March 1984 in Leeds.",
            "12 March 1984",
            DateOfBirth,
        );
        one(
            "She was born March 12, 1984 in Ohio.",
            "March 12, 1984",
            DateOfBirth,
        );
        one("Sie ist geb. 12.03.1984.", "12.03.1984", DateOfBirth);
        one(
            "Geburtsdatum: 12.03.1984, Ort: Bremen",
            "12.03.1984",
            DateOfBirth,
        );
        one(
            "Le client est né le 12 mars 1984 à Lyon.",
            "12 mars 1984",
            DateOfBirth,
        );
        one(
            "Nacida el 12 de marzo de 1984 en Sevilla.",
            "12 de marzo de 1984",
            DateOfBirth,
        );
        one(
            "Mario è nato a Roma il 12 marzo 1984.",
            "12 marzo 1984",
            DateOfBirth,
        );
        one(
            "Hij is geboren op 12 maart 1984 in Utrecht.",
            "12 maart 1984",
            DateOfBirth,
        );
        one(
            "Nascido em 12 de março de 1984, em Braga.",
            "12 de março de 1984",
            DateOfBirth,
        );
    }

    #[test]
    fn date_of_birth_field_forms() {
        one("DOB: 1984-03-12", "1984-03-12", DateOfBirth);
        one("D.O.B. 03/12/1984 (US format)", "03/12/1984", DateOfBirth);
        one(
            "Date de naissance : 1er mars 1984",
            "1er mars 1984",
            DateOfBirth,
        );
        one("Fecha de nacimiento: 12/03/84.", "12/03/84", DateOfBirth);
        one("Data di nascita 12-03-1984", "12-03-1984", DateOfBirth);
        one("Geboortedatum 12-03-1984", "12-03-1984", DateOfBirth);
        one("Data de nascimento: 12/03/1984", "12/03/1984", DateOfBirth);
        one(
            "Her birthday is on the 3rd of May.",
            "3rd of May",
            DateOfBirth,
        );
        one("Karl Weber (b. 1984) joined us.", "1984", DateOfBirth);
        one("ne le 12/03/1984 a Paris", "12/03/1984", DateOfBirth);
    }

    #[test]
    fn birth_year_only_directly_after_the_cue() {
        one("He was born in 1984.", "1984", DateOfBirth);
        none("Born in Berlin, she moved in 2010 to Hamburg.");
    }

    #[test]
    fn dates_without_a_birth_cue_are_not_returned() {
        none("Ordered on 12/03/2024, delivered 14.03.2024.");
        none("Bestellt am 12. März 2024, geliefert am 14.03.2024.");
        none("Commande passée le 12 mars 2024.");
        none("Meeting on March 12, 2024 at 10:30.");
    }

    #[test]
    fn born_window_stops_at_sentence_end_and_blockers() {
        none("I was born in Leeds. On 12/03/2024 I ordered a lamp.");
        none("born in Leeds, ordered on 12/03/2024");
        none("Geboren in Wien! 12.03.2024 war ein Dienstag.");
        none("born in a small village\n12/03/2024 delivery");
    }

    #[test]
    fn nato_is_not_nato() {
        none("The NATO summit 12 March 2024 was long.");
        one(
            "Nato il 2 giugno 1990 a Bari.",
            "2 giugno 1990",
            DateOfBirth,
        );
    }

    // ---- passports, ids, tax ids ----

    #[test]
    fn passports() {
        one(
            "My passport number is C01X00T47, issued in Berlin.",
            "C01X00T47",
            Passport,
        );
        one(
            "Reisepass-Nr. C4J9F2K71 bitte prüfen",
            "C4J9F2K71",
            Passport,
        );
        one("Numéro de passeport : 14AB56789", "14AB56789", Passport);
        one("Mi pasaporte es PAA123456.", "PAA123456", Passport);
        one(
            "Il passaporto n. YA1234567 è scaduto.",
            "YA1234567",
            Passport,
        );
        one("Paspoort: NXC3R7P81", "NXC3R7P81", Passport);
        one("O meu passaporte é CA123456.", "CA123456", Passport);
    }

    #[test]
    fn passport_negatives() {
        none("My passport expires in 2027.");
        none("Passport photo must be 35x45 mm.");
        none("Reisepass gültig bis 12.03.2030");
        none("I lost my passport on page 4 of the form.");
    }

    #[test]
    fn national_ids() {
        one("SSN: 123-45-6789.", "123-45-6789", NationalId);
        one(
            "My national insurance number is QQ 12 34 56 C.",
            "QQ 12 34 56 C",
            NationalId,
        );
        one(
            "Personalausweisnummer T22000129 liegt vor",
            "T22000129",
            NationalId,
        );
        one(
            "Numéro de sécurité sociale : 1 84 12 75 123 456 78",
            "1 84 12 75 123 456 78",
            NationalId,
        );
        one(
            "Mi DNI es 12345678Z y vivo en Madrid.",
            "12345678Z",
            NationalId,
        );
        one("NIE X-1234567-L", "X-1234567-L", NationalId);
        one(
            "Il codice fiscale è RSSMRA85T10A562S.",
            "RSSMRA85T10A562S",
            NationalId,
        );
        one("Mijn BSN is 123456782.", "123456782", NationalId);
        one(
            "CPF 123.456.789-09 cadastrado",
            "123.456.789-09",
            NationalId,
        );
        one(
            "Cartão de Cidadão n.º 12345678 9 ZX1",
            "12345678 9 ZX1",
            NationalId,
        );
    }

    #[test]
    fn national_id_negatives() {
        none("ID card valid until 2030-03-12.");
        none("The DNI office opens at 9.");
        none("cc: anna, ben");
        none("Ausweis verloren, Zimmer 12345");
        none("SIN 3");
    }

    #[test]
    fn tax_ids() {
        one("Steuer-ID: 12 345 678 901", "12 345 678 901", TaxId);
        one(
            "Steuernummer 21/815/08150 beim Finanzamt",
            "21/815/08150",
            TaxId,
        );
        one("Partita IVA 01234567890", "01234567890", TaxId);
        one("Número de contribuinte: 123456789", "123456789", TaxId);
        one("Our VAT number is GB123456789.", "GB123456789", TaxId);
        one("TIN 12-3456789", "12-3456789", TaxId);
    }

    // ---- phones ----

    #[test]
    fn phones_in_every_language() {
        one("Call me on 0171 2345678 after six.", "0171 2345678", Phone);
        one("Phone: +1 (555) 123-4567", "+1 (555) 123-4567", Phone);
        one("Meine Handynummer ist 0171/2345678.", "0171/2345678", Phone);
        one("Tel.-Nr.: +49 (0)30 1234567", "+49 (0)30 1234567", Phone);
        one("Mon portable : 06 12 34 56 78.", "06 12 34 56 78", Phone);
        one("Mi móvil es el 612 345 678.", "612 345 678", Phone);
        one("Il mio cellulare è 333 1234567", "333 1234567", Phone);
        one("Mijn telefoonnummer is 06-12345678.", "06-12345678", Phone);
        one("O meu telemóvel é 912 345 678.", "912 345 678", Phone);
        one("Tel (030) 1234567", "(030) 1234567", Phone);
    }

    #[test]
    fn phone_lists_and_neighbours() {
        assert_eq!(
            cues("Tel. 030 123456 oder 0171 2345678, Fax 030 123457"),
            vec![
                ("030 123456", Phone),
                ("0171 2345678", Phone),
                ("030 123457", Phone)
            ]
        );
    }

    #[test]
    fn phone_negatives() {
        none("Phone me at 10:30 tomorrow.");
        none("The phone costs € 129,90.");
        none("The phone costs 129.90 EUR, order 12345678.");
        none("Call me on Monday about room 12.");
        none("Telefon: 12.03.2024 erreicht");
        none("My phone has 128 GB; version 2.0.1.");
        none("Handy 3 mal geklingelt");
        none("mobile app version 14.2.1 released");
    }

    // ---- accounts, cards ----

    #[test]
    fn accounts() {
        one(
            "Account number: 12345678, sort code later",
            "12345678",
            Account,
        );
        one(
            "Bitte auf mein Konto DE89 3704 0044 0532 0130 00 überweisen.",
            "DE89 3704 0044 0532 0130 00",
            Account,
        );
        one(
            "Card 4111 1111 1111 1111 was declined",
            "4111 1111 1111 1111",
            Account,
        );
        one("Mon compte n° 0012345678 est bloqué", "0012345678", Account);
        one(
            "Número de cuenta 2100 0418 4502 0005 1332",
            "2100 0418 4502 0005 1332",
            Account,
        );
        one("Rekeningnummer: 123456789", "123456789", Account);
        one("a/c no. 00123456", "00123456", Account);
    }

    #[test]
    fn account_negatives() {
        none("Account charged € 129,90 on 12/03/2024.");
        none("My account balance is 1.234.567 after 3 orders.");
        none("Karte kostet 123.456,78 €");
        none("card ending in 4242");
        none("Please check order 12345678 on my account.");
        none("The account for order 87654321 is fine.");
        none("Gift card for 50 EUR");
        none("Il conto è di 250000 EUR");
    }

    // ---- licences, customers, postcodes ----

    #[test]
    fn drivers_licences() {
        one(
            "Driver's license: D1234-56789-01234",
            "D1234-56789-01234",
            DriversLicense,
        );
        one(
            "Führerscheinnummer B072RRE2I55",
            "B072RRE2I55",
            DriversLicense,
        );
        one(
            "Numéro de permis de conduire : 12AB34567",
            "12AB34567",
            DriversLicense,
        );
        one("Rijbewijs 5123456789", "5123456789", DriversLicense);
        none("Führerschein Klasse B seit 2010");
        none("Permis de conduire depuis 2005");
    }

    #[test]
    fn customers_and_members() {
        one(
            "Customer no. 4711, please call back",
            "4711",
            CustomerOrMember,
        );
        one("Kundennummer: 10023456", "10023456", CustomerOrMember);
        one("Numéro client 88 123 456", "88 123 456", CustomerOrMember);
        one("Número de cliente: C-123456", "C-123456", CustomerOrMember);
        one("Codice cliente 998877", "998877", CustomerOrMember);
        one("Klantnummer 12345", "12345", CustomerOrMember);
        none("Customer since 2015, very happy.");
        none("Kundennummer folgt per Post.");
    }

    #[test]
    fn postcodes() {
        one("ZIP 90210-1234", "90210-1234", Postcode);
        one("PLZ 10115 Berlin", "10115", Postcode);
        one("Code postal : 75011", "75011", Postcode);
        one("CP 28013 Madrid", "28013", Postcode);
        one("CAP 20121 Milano", "20121", Postcode);
        one("Postcode 1234 AB Amsterdam", "1234 AB", Postcode);
        one("Código postal 1000-001 Lisboa", "1000-001", Postcode);
        one("Postcode: SW1A 1AA", "SW1A 1AA", Postcode);
        none("Baseball cap 20121 pieces");
        none("the CAP was 5 days");
    }

    // ---- general precision ----

    #[test]
    fn no_cue_no_span() {
        none("Order 12345678 shipped on 12/03/2024 to room 12, page 4, version 2.0.");
        none("Bestellung 4711 vom 12.03.2024, Betrag 129,90 EUR.");
        none("Facture 2024-0012 du 12 mars 2024, 3 articles.");
        none("Pedido 123456 del 12 de marzo de 2024.");
        none("Ordine 987654 del 12 marzo 2024, pagina 4.");
        none("Bestelling 123456 van 12 maart 2024.");
        none("Encomenda 123456 de 12 de março de 2024.");
        none("");
    }

    #[test]
    fn the_cue_word_itself_is_never_spanned() {
        for text in [
            "passport",
            "Telefonnummer",
            "IBAN",
            "date of birth:",
            "Kundennummer 4711",
        ] {
            for s in cue_spans(text) {
                let v = &text[s.start..s.end];
                assert!(v.chars().any(|c| c.is_ascii_digit()), "{v:?} in {text:?}");
            }
        }
    }

    #[test]
    fn window_is_bounded() {
        none("passport was mentioned by the clerk at the desk yesterday, C01X00T47");
        none("Phone: ask the receptionist at the front desk for it, 0171 2345678");
    }

    #[test]
    fn nearer_cue_wins() {
        assert_eq!(
            cues("Tel: n/a, Konto 12345678"),
            vec![("12345678", Account)]
        );
    }

    #[test]
    fn spans_are_sorted_and_disjoint() {
        let text = "Name: Anna, geb. 01.02.1990, Tel 0171 2345678, IBAN DE89 3704 0044 0532 0130 00, \
                    Steuer-ID 12 345 678 901, PLZ 10115.";
        let spans = cue_spans(text);
        assert_eq!(spans.len(), 5);
        for w in spans.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        let kinds: Vec<CueKind> = spans.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![DateOfBirth, Phone, Account, TaxId, Postcode]);
    }

    #[test]
    fn offsets_are_bytes_and_safe_with_accents() {
        let text = "Téléphone : 06 12 34 56 78 — né le 1er décembre 1990";
        let spans = cue_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "06 12 34 56 78");
        assert_eq!(&text[spans[1].start..spans[1].end], "1er décembre 1990");
        // no panic on odd input
        for t in [
            "né",
            "Tel. ",
            "passport №",
            "geb.",
            "SSN#",
            "Konto:\u{a0}",
            "(",
            "Tel (",
            "Tel +",
        ] {
            let _ = cue_spans(t);
        }
    }

    #[test]
    fn newline_right_after_a_cue_is_allowed() {
        one("Date of birth:\n12/03/1984", "12/03/1984", DateOfBirth);
    }

    // ---- names ----

    #[test]
    fn greetings_in_every_language() {
        assert_eq!(names("Dear Karl,\nthanks for the call."), vec!["Karl"]);
        assert_eq!(names("Hi Anna, see below."), vec!["Anna"]);
        assert_eq!(names("Hallo Jürgen, wie geht's?"), vec!["Jürgen"]);
        assert_eq!(names("Bonjour Anaïs, merci !"), vec!["Anaïs"]);
        assert_eq!(names("Chère Élodie,"), vec!["Élodie"]);
        assert_eq!(names("Hola Lucía, ¿qué tal?"), vec!["Lucía"]);
        assert_eq!(names("Querida Ana: gracias."), vec!["Ana"]);
        assert_eq!(names("Ciao Marco, a domani"), vec!["Marco"]);
        assert_eq!(names("Gentile Giulia, la ringrazio."), vec!["Giulia"]);
        assert_eq!(names("Beste Sanne, bedankt!"), vec!["Sanne"]);
        assert_eq!(names("Olá João, tudo bem?"), vec!["João"]);
        assert_eq!(names("Caro Pedro, obrigado."), vec!["Pedro"]);
    }

    #[test]
    fn unknown_names_need_a_comma_or_sentence_end() {
        assert_eq!(names("Hi Xandru, your parcel is late."), vec!["Xandru"]);
        assert_eq!(names("Hallo Zoltán!"), vec!["Zoltán"]);
        assert!(names("Hi Xandru Company Ltd is here").is_empty());
        assert_eq!(names("Hi Anna Berlin office is closed"), vec!["Anna"]);
    }

    #[test]
    fn greeting_words_that_are_not_names() {
        assert!(names("Hallo Team, das Meeting fällt aus.").is_empty());
        assert!(names("Hi All, quick update.").is_empty());
        assert!(names("Dear Sir, I write about my order.").is_empty());
        assert!(names("Liebe Grüße, Karin").is_empty());
        assert!(names("Beste Grüße, Karin").is_empty());
        assert!(names("Sehr geehrte Damen und Herren,").is_empty());
        assert!(names("Bonjour à tous,").is_empty());
        assert!(names("Die Liebe Gottes, sagte er.").is_empty());
        assert!(names("Hola Equipo,").is_empty());
        assert_eq!(names("Hi ANNA, we're the IT team"), vec!["ANNA"]);
        assert!(names("Hi IT, the printer is broken.").is_empty());
    }

    #[test]
    fn greeting_with_two_names() {
        assert_eq!(names("Dear Karl Moser,"), vec!["Karl", "Moser"]);
        assert_eq!(names("Hi Anna and Ben,"), vec!["Anna", "Ben"]);
        assert_eq!(names("Hallo, Lena!"), vec!["Lena"]);
        assert_eq!(names("Thanks Maria, that helps."), vec!["Maria"]);
        assert!(names("Thanks Monday works.").is_empty());
    }

    #[test]
    fn titles() {
        assert_eq!(
            names("Sehr geehrte Frau Müller, vielen Dank."),
            vec!["Müller"]
        );
        assert_eq!(
            names("Ich habe Herrn Schmidt Bescheid gegeben."),
            vec!["Schmidt"]
        );
        assert_eq!(names("Dear Mr. Smith,"), vec!["Smith"]);
        assert_eq!(names("Mr John Smith called."), vec!["John", "Smith"]);
        assert_eq!(names("Frau Dr. Weber ist im Urlaub."), vec!["Weber"]);
        assert_eq!(
            names("Rendez-vous avec M. Dupont et Mme Leroy."),
            vec!["Dupont", "Leroy"]
        );
        assert_eq!(
            names("La Sra. García llamó; el Sr. Pérez no."),
            vec!["García", "Pérez"]
        );
        assert_eq!(
            names("La Sig.ra Rossi e il Sig. Bianchi"),
            vec!["Rossi", "Bianchi"]
        );
        assert_eq!(names("Dhr. Jansen en Mevr. de Vries"), vec!["Jansen"]);
        assert_eq!(names("A Dona Conceição ligou."), vec!["Conceição"]);
        assert_eq!(
            names("Mr O'Brien and Mrs Smith-Jones"),
            vec!["O'Brien", "Smith-Jones"]
        );
    }

    #[test]
    fn title_negatives() {
        assert!(names("MS is a disease; Dr. and nurse came.").is_empty());
        assert!(names("Don't worry, Miss.").is_empty());
        assert!(names("at 5 P.M. Tomorrow").is_empty());
        assert!(names("Frau Doktor hat angerufen").is_empty());
        assert!(names("Dr.Smith").is_empty());
    }

    #[test]
    fn names_offsets_are_bytes() {
        let text = "Olá João,";
        let r = greeting_names(text, &is_given);
        assert_eq!(r, vec![(5, 10)]);
    }

    #[test]
    fn account_idioms_are_not_accounts() {
        none("Compte tenu des 250000 ventes, nous avons gagné.");
        none("La ciudad cuenta con 250000 habitantes.");
        none("A cidade conta com 250000 habitantes.");
        none("We take into account 123456 records.");
        none("Dobbiamo tenere conto di 1500000 abitanti.");
        none("We moeten rekening houden met 250000 bezoekers.");
    }

    #[test]
    fn ordinary_words_that_are_cues_need_the_value_right_after() {
        none("Cell culture in 96-well plates, 100000 cells per well.");
        none("The mobile app was downloaded 250000 times last year.");
        none("A handy 100000-word dictionary.");
        none("ZIP file of 20000 lines attached.");
        none("Une carte postale envoyée de 75011 Paris");
        one("My cell is 555.123.4567.", "555.123.4567", Phone);
        one("Handy: 0171 2345678", "0171 2345678", Phone);
    }

    #[test]
    fn birth_month_and_two_digit_years() {
        one("Date of birth: March 1984", "March 1984", DateOfBirth);
        one("Geburtsdatum: 12. März 84", "12. März 84", DateOfBirth);
        one("born 12th of March '84", "12th of March '84", DateOfBirth);
        one("Fecha de nacimiento 3-ene-1950", "3-ene-1950", DateOfBirth);
        one(
            "El paciente nació el 3 de enero de 1950.",
            "3 de enero de 1950",
            DateOfBirth,
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        none("born 45/45/1984");
        none("Geburtsdatum 2024-13-45");
        none("date of birth 1984-02-30x");
    }

    #[test]
    fn lists_may_carry_a_remark_in_brackets() {
        assert_eq!(
            cues("Tel: 030-1234567 (Büro), 0171-2345678 (privat)"),
            vec![("030-1234567", Phone), ("0171-2345678", Phone)]
        );
        assert_eq!(
            cues("Sort code 12-34-56, account 12345678"),
            vec![("12-34-56", Account), ("12345678", Account)]
        );
    }

    #[test]
    fn codes_with_letter_prefixes() {
        one("Customer ID: ABC-12345", "ABC-12345", CustomerOrMember);
        one("PLZ: D-80331 München", "D-80331", Postcode);
        one(
            "Il mio codice cliente è AB123456",
            "AB123456",
            CustomerOrMember,
        );
        one("Partita IVA: IT01234567890", "IT01234567890", TaxId);
        none("Passport number ABC");
        none("IBAN folgt");
    }

    #[test]
    fn cue_words_in_any_case_and_spelling() {
        one("TELEFON: 030 1234567", "030 1234567", Phone);
        one("Fuehrerschein B072RRE2I55", "B072RRE2I55", DriversLicense);
        one("numero de telefono 612345678", "612345678", Phone);
        one(
            "Carte d’identité n° 880692310285",
            "880692310285",
            NationalId,
        );
        one("Telemovel: 912345678", "912345678", Phone);
    }

    #[test]
    fn acronyms_only_as_written() {
        none("baseball cap 20121 pieces");
        none("cc: 12345678");
        none("nif 12345678Z");
        one("CC 12345678 9 ZX1", "12345678 9 ZX1", NationalId);
    }

    #[test]
    fn quantities_and_units_are_not_values() {
        none("My account has 500000 points.");
        none("Phone battery 5000 mAh lasts 48 hours.");
        none("Mobile: 250000 km driven");
        none("Konto belastet mit 1.234.567");
        none("tel 12345678901234567890");
    }

    #[test]
    fn several_kinds_in_one_form_line() {
        assert_eq!(
            cues("fecha de nacimiento: 12.03.1984; DNI 12345678Z; tel. 612 345 678"),
            vec![
                ("12.03.1984", DateOfBirth),
                ("12345678Z", NationalId),
                ("612 345 678", Phone)
            ]
        );
        assert_eq!(
            cues("BSN: 111222333, telefoon: 020-1234567, postcode 1012 AB"),
            vec![
                ("111222333", NationalId),
                ("020-1234567", Phone),
                ("1012 AB", Postcode)
            ]
        );
    }

    #[test]
    fn lower_case_titles_inside_sentences() {
        assert_eq!(names("De heer Jansen belde gisteren."), vec!["Jansen"]);
        assert_eq!(names("El señor Pérez llamó ayer."), vec!["Pérez"]);
        assert_eq!(names("Il signor Rossi è arrivato."), vec!["Rossi"]);
        assert_eq!(names("J'ai vu monsieur Dupont hier."), vec!["Dupont"]);
        assert_eq!(names("Geachte heer Jansen,"), vec!["Jansen"]);
    }

    #[test]
    fn second_salutation_after_a_name() {
        assert_eq!(names("Liebe Anna, lieber Peter,"), vec!["Anna", "Peter"]);
        assert!(names("Mi cara amiga, Lucía").is_empty());
    }

    #[test]
    fn greetings_before_titles_and_pronouns() {
        assert_eq!(names("Hallo Frau Schmidt, danke!"), vec!["Schmidt"]);
        assert_eq!(names("Guten Tag Herr Meier,"), vec!["Meier"]);
        assert!(names("Hi, I'm new here.").is_empty());
        assert!(names("Buongiorno Dottore,").is_empty());
        assert!(names("Hey Google, set a timer.").is_empty());
        assert!(names("Hi Xavier and thanks for everything").is_empty());
    }

    #[test]
    fn fold_matches_the_dictionary_keys() {
        assert_eq!(fold("Jürgen"), "jurgen");
        assert_eq!(fold("JOÃO"), "joao");
        assert_eq!(fold("Strauß"), "strauss");
        assert_eq!(fold("Élodie"), "elodie");
    }

    #[test]
    fn is_given_receives_folded_words() {
        let seen = std::cell::RefCell::new(Vec::new());
        let f = |w: &str| {
            seen.borrow_mut().push(w.to_string());
            false
        };
        let _ = greeting_names("Hallo Jürgen und Zoë", &f);
        assert!(seen.borrow().contains(&"jurgen".to_string()));
    }

    #[test]
    fn random_text_never_panics_and_spans_are_well_formed() {
        let pieces = [
            "Tel.", "geb.", "né le", "DNI", "passport", "Konto", "IBAN", " ", " ", ", ", ". ", ":",
            "\n", "(", ")", "+", "-", "/", "12", "0171", "2345678", "1984", "März", "é", "ß", "€",
            "Dear", "Hallo", "Anna", "Herr", "M.", "Müller", "n°", "CC", "zip", "99", "AB", "'",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12 + 1) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let spans = cue_spans(&text);
            for w in spans.windows(2) {
                assert!(w[0].end <= w[1].start, "{text:?}");
            }
            for sp in &spans {
                assert!(sp.start < sp.end && text.is_char_boundary(sp.start));
                assert!(text.is_char_boundary(sp.end), "{text:?}");
            }
            let names = greeting_names(&text, &|w| w == "anna");
            for w in names.windows(2) {
                assert!(w[0].1 <= w[1].0, "{text:?}");
            }
            for &(s, e) in &names {
                assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    #[test]
    fn verb_final_geboren_looks_back() {
        one(
            "Ich bin am 12.03.1984 in Köln geboren.",
            "12.03.1984",
            DateOfBirth,
        );
        one(
            "Ik ben op 12 maart 1984 geboren.",
            "12 maart 1984",
            DateOfBirth,
        );
        assert_eq!(
            cues("Er ist am 12. März 1984 in Köln geboren, geb. 12.03.1984."),
            vec![("12. März 1984", DateOfBirth), ("12.03.1984", DateOfBirth)]
        );
        none("Bestellt am 12.03.2024. Geboren bin ich in Wien.");
        none("Die Idee wurde 2019 geboren.");
        none("Am 12.03.2024 bestellt, die Lieferung kam und ein Kalb wurde geboren.");
    }
}
