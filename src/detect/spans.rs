//! Personal data inside free text.
//!
//! A [`SpanFinder`] runs the value rules unanchored over prose (only rules whose pattern and
//! checksum make a match meaningful on its own: emails, phones, cards, IBANs, SSNs, network
//! addresses, national ids with check digits, tokens), and finds names by dictionary in context:
//! a capitalized given name followed by a capitalized family name (particles allowed between),
//! or a title (Mr, Mrs, Frau, Herr, Mme, …) followed by a capitalized family name. Spans are
//! byte ranges internally; [`char_span`] converts them to the character offsets reports use.
//! This module finds; it never replaces and never logs the text.

use crate::detect::validators::Validator;
use crate::detect::{address, cues};
use crate::kind::Kind;
use crate::rules::{Dictionaries, RuleSet};
use crate::text::fold;
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};

/// A span of personal data in a text: `text[start..end]` (bytes) is a value of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// A span as reports show it: row, character offsets (end exclusive), kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SpanReport {
    pub row: usize,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Converts a byte span of `text` to character offsets.
pub fn char_span(text: &str, s: &Span) -> (usize, usize) {
    let start = text[..s.start].chars().count();
    (start, start + text[s.start..s.end].chars().count())
}

/// Kinds whose rules are trusted inside prose: distinctive shapes, most with check digits.
fn trusted_in_text(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::DateOfBirth
            | Kind::PersonName
            | Kind::FirstName
            | Kind::LastName
            | Kind::StreetAddress
            | Kind::City
            | Kind::Postcode
    )
}

/// Of two spans over the same characters, the one of the higher rank wins: a checksum-validated
/// national id or card over a phone layout that happens to fit the same digits, and any kind
/// over the generic one a cue word gave.
fn rank(kind: Kind) -> u8 {
    match kind {
        Kind::IdNumber => 0,
        Kind::Phone => 1,
        Kind::Url => 2,
        _ => 3,
    }
}

/// The kind of a value a cue word introduced.
fn cue_kind(k: cues::CueKind) -> Kind {
    use cues::CueKind as C;
    match k {
        C::DateOfBirth => Kind::DateOfBirth,
        C::Passport => Kind::Passport,
        C::Phone => Kind::Phone,
        C::DriversLicense => Kind::DriversLicense,
        C::Postcode => Kind::Postcode,
        C::NationalId | C::TaxId | C::Account | C::CustomerOrMember => Kind::IdNumber,
    }
}

/// Words after which a capitalised place name is where someone lives, comes from or goes.
const PLACE_WORDS: &[&str] = &[
    "in", "at", "from", "to", "near", "aus", "nach", "bei", "im", "à", "a", "de", "en", "près",
    "desde", "hacia", "cerca", "da", "di", "vicino", "naar", "uit", "te", "bij", "em", "para",
    "perto", "no", "na",
];

/// After a street ending at `at`: `, ` (or a space) then a postcode (5 digits, `1234 AB`,
/// `1234-567`, `12345-678`, a UK postcode) then one to three capitalised words; where that town
/// ends.
fn postcode_town_after(text: &str, at: usize) -> Option<usize> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(
            r"^,?[ \n]+(?:\d{5}(?:-\d{3,4})?|\d{4}(?: ?[A-Z]{2}|-\d{3})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{8})[ ,]+(?:\p{Lu}[\p{L}'-]+|da|de|di|am|an|sur|del)(?:[ -](?:\p{Lu}[\p{L}'-]+|da|de|di|am|an|sur|del)){0,3}",
        )
        .expect("a valid pattern")
    });
    let m = RE.find(&text[at..])?;
    let mut end = at + m.end();
    // The town ends on a capitalised word, not on a particle.
    while let Some(sp) = text[at..end].rfind([' ', '-']) {
        let last = &text[at + sp + 1..end];
        if last.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = at + sp;
    }
    bounded(text, at, end).then_some(end)
}

/// Words after which two capitalised words are a person's name ("her husband Liberto
/// Capecchi", "Kunde Hans-Michael Weimer").
const RELATION_WORDS: &[&str] = &[
    "husband",
    "wife",
    "son",
    "daughter",
    "partner",
    "neighbour",
    "neighbor",
    "colleague",
    "customer",
    "client",
    "mann",
    "ehemann",
    "frau",
    "ehefrau",
    "sohn",
    "tochter",
    "nachbar",
    "nachbarin",
    "kunde",
    "kundin",
    "kollege",
    "kollegin",
    "mari",
    "femme",
    "fils",
    "fille",
    "voisin",
    "voisine",
    "collègue",
    "marido",
    "esposa",
    "hijo",
    "hija",
    "vecino",
    "vecina",
    "cliente",
    "marito",
    "moglie",
    "figlio",
    "figlia",
    "vicino",
    "vicina",
    "collega",
    "man",
    "vrouw",
    "zoon",
    "dochter",
    "buurman",
    "buurvrouw",
    "klant",
    "mulher",
    "filho",
    "filha",
    "vizinho",
    "vizinha",
];

/// The text split at single spaces, each piece with its byte offset (pieces may be empty or
/// carry punctuation; callers trim what they need).
fn space_words(text: &str) -> Vec<(usize, &str)> {
    text.split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect()
}

/// Words that dedicate a line to someone: two capitalised words after them, closed by `:` or
/// `,`, are a name ("Per Dario Ungaretti: chiamami", "Liebe Grüße an Ernst Bloch, melde dich").
const DEDICATION_WORDS: &[&str] = &["for", "per", "pour", "para", "für", "voor", "an", "à", "to"];

/// Two capitalised words (hyphens allowed) after a relation word, or after a dedication word
/// when a `:` or `,` closes them.
fn relatives(text: &str, spans: &mut Vec<Span>) {
    let words = space_words(text);
    for i in 0..words.len().saturating_sub(2) {
        let cue = words[i].1.trim_end_matches([',', ':']).to_lowercase();
        let (s1, w1) = words[i + 1];
        let (s2, w2) = words[i + 2];
        let w2t = w2.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
        let closed = w2.ends_with([',', ':'])
            || words
                .get(i + 3)
                .is_some_and(|(_, w)| w.starts_with([':', ',']));
        let dedication = DEDICATION_WORDS.contains(&cue.as_str()) && closed;
        if !RELATION_WORDS.contains(&cue.as_str()) && !dedication {
            continue;
        }
        let name_like = |w: &str| {
            capitalized(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        };
        if name_like(w1) && name_like(w2t) && !STOP.contains(&w1.to_lowercase().as_str()) {
            spans.push(Span {
                start: s1,
                end: s2 + w2t.len(),
                kind: Kind::PersonName,
            });
        }
    }
}

/// Closing words after which the last word of a text is whoever signs it.
const CLOSINGS: &[&str] = &[
    "love",
    "best",
    "regards",
    "cheers",
    "yours",
    "xoxo",
    "hugs",
    "deine",
    "dein",
    "euer",
    "eure",
    "gruß",
    "grüße",
    "gruss",
    "grüsse",
    "bisous",
    "bises",
    "amitiés",
    "cordialement",
    "besos",
    "abrazos",
    "saludos",
    "abbraccio",
    "abbracci",
    "baci",
    "saluti",
    "groetjes",
    "groeten",
    "liefs",
    "beijos",
    "abraços",
    "abraço",
    "beijinhos",
];

/// Capitalised words that end a text without being a name.
const NOT_SIGNATURES: &[&str] = &[
    "thanks", "thank", "cheers", "bye", "danke", "merci", "gracias", "grazie", "bedankt",
    "obrigado", "obrigada", "regards", "ciao", "tschüss", "adieu", "adiós", "ok", "okay", "done",
    "yes", "no", "ja", "nein", "oui", "non", "sí", "si", "team", "support", "service",
];

/// The name that signs a text off at its very end: a known given name after a sentence or a
/// comma ("… when it arrives. Caitlin"), or any capitalised word after a closing ("Bisous,
/// Claudine", "Deine Enno").
fn sign_off(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
    let Some(at) = t.rfind(|c: char| c.is_whitespace()) else {
        return;
    };
    let word = &t[at + 1..];
    if !capitalized(word)
        || !word.chars().all(|c| c.is_alphabetic() || c == '-')
        || NOT_SIGNATURES.contains(&word.to_lowercase().as_str())
    {
        return;
    }
    let before = t[..at].trim_end();
    let last_before = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '!', '.'])
        .to_lowercase();
    let closing = CLOSINGS.contains(&last_before.as_str());
    let closed = before.ends_with([',', '!', '.', '?', '-']);
    // A word that is a whole last sentence on its own ("… when it arrives. Caitlin").
    let alone = before.ends_with(['.', '!', '?']);
    if closing || alone || (closed && dicts.is_given(&fold(word))) {
        spans.push(Span {
            start: at + 1,
            end: t.len(),
            kind: Kind::FirstName,
        });
    }
}

/// Given names that are also everyday words: never taken as a name at a sentence start.
const AMBIGUOUS_GIVEN: &[&str] = &[
    "will", "may", "june", "april", "august", "mark", "bill", "rose", "grace", "hope", "joy",
    "faith", "art", "guy", "sue", "pat", "max", "ben", "dean", "page", "chase", "iris", "jade",
    "ruby", "sunny", "summer", "win", "per", "an", "la", "le", "de", "van", "den", "sol", "luz",
    "mar", "angel", "rob", "ray", "paris", "florence", "victoria", "eden", "bo", "bella",
];

/// Verbs of asking and saying after which a capitalised word opening a sentence is someone
/// ("Samira bittet um …", "Duncan asked us to …").
const SPEECH_VERBS: &[&str] = &[
    "asked",
    "asks",
    "called",
    "calls",
    "said",
    "says",
    "wants",
    "wrote",
    "requested",
    "bittet",
    "fragt",
    "sagt",
    "möchte",
    "rief",
    "schrieb",
    "meldet",
    "chiede",
    "dice",
    "vuole",
    "ha",
    "scrive",
    "pide",
    "quiere",
    "llamó",
    "escribió",
    "solicita",
    "demande",
    "dit",
    "veut",
    "a",
    "écrit",
    "vraagt",
    "zegt",
    "wil",
    "belde",
    "schreef",
    "pede",
    "diz",
    "quer",
    "ligou",
    "escreveu",
];

/// Pronouns, articles and other words that open sentences in the seven languages.
const FUNCTION_WORDS: &[&str] = &[
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "this",
    "that",
    "there",
    "who",
    "a",
    "an",
    "er",
    "sie",
    "es",
    "wir",
    "ihr",
    "man",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "wer",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "ce",
    "cela",
    "qui",
    "un",
    "une",
    "les",
    "él",
    "ella",
    "ellos",
    "nosotros",
    "usted",
    "el",
    "los",
    "las",
    "una",
    "lo",
    "lui",
    "lei",
    "noi",
    "voi",
    "loro",
    "gli",
    "uno",
    "hij",
    "zij",
    "wij",
    "jij",
    "het",
    "een",
    "ele",
    "ela",
    "eles",
    "nós",
    "você",
    "os",
    "as",
    "um",
    "uma",
    "kunde",
    "client",
    "cliente",
    "klant",
    "customer",
    "paket",
    "order",
    "bestellung",
    "commande",
    "pedido",
    "ordine",
];

/// A known given name opening a sentence, followed by a lower-case word ("Jolanda chiede di …",
/// "Samira bittet um …").
fn sentence_subjects(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let mut start_of_sentence = true;
    let words = space_words(text);
    for i in 0..words.len() {
        let (s, w) = words[i];
        let opens = start_of_sentence;
        start_of_sentence = w.ends_with(['.', '!', '?']) || w.is_empty();
        if !opens || !capitalized(w) || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let next_lower = words
            .get(i + 1)
            .is_some_and(|(_, n)| n.chars().next().is_some_and(char::is_lowercase));
        let lower = w.to_lowercase();
        let speaks = words
            .get(i + 1)
            .is_some_and(|(_, n)| SPEECH_VERBS.contains(&n.to_lowercase().as_str()));
        let not_a_name = AMBIGUOUS_GIVEN.contains(&lower.as_str())
            || STOP.contains(&lower.as_str())
            || NOT_SIGNATURES.contains(&lower.as_str())
            || FUNCTION_WORDS.contains(&lower.as_str())
            || RELATION_WORDS.contains(&lower.as_str());
        if next_lower && !not_a_name && (speaks || dicts.is_given(&fold(w))) {
            spans.push(Span {
                start: s,
                end: s + w.len(),
                kind: Kind::FirstName,
            });
        }
    }
}

/// Cities from the dictionary right after a place word ("moved to Lyon", "wohnt in Köln").
fn places(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    use crate::rules::DictName;
    let mut prev: Option<&str> = None;
    for (start, word) in space_words(text) {
        let t = word.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\'']);
        let lead = word.len() - word.trim_start_matches(['(', '"', '\'']).len();
        let t = &t[lead.min(t.len())..];
        if let Some(p) = prev
            && capitalized(t)
            && PLACE_WORDS.contains(&p.to_lowercase().as_str())
            && dicts.contains(DictName::Cities, t)
        {
            spans.push(Span {
                start: start + lead,
                end: start + lead + t.len(),
                kind: Kind::City,
            });
        }
        prev = Some(word);
    }
}

const TITLES: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "herr", "frau", "m.", "mme", "mme.",
    "monsieur", "madame", "mlle", "sr", "sr.", "sra", "sra.", "sig.", "sig.ra", "dhr.", "mevr.",
];
/// Capitalized words that follow a given name without being a family name.
const STOP: &[&str] = &[
    "the",
    "and",
    "or",
    "but",
    "mr",
    "mrs",
    "ms",
    "dr",
    "street",
    "road",
    "avenue",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "und",
    "oder",
    "et",
    "ou",
    "we",
    "you",
    "he",
    "she",
    "they",
    "it",
];
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "das", "dos", "del", "della", "di", "du", "la", "le",
    "ter",
];

pub struct SpanFinder {
    set: RegexSet,
    /// (unanchored, anchored, validator, kind)
    rules: Vec<(Regex, Regex, Option<Validator>, Kind)>,
}

impl SpanFinder {
    /// The finder used to replace personal data in prose: kinds whose rules are trusted there.
    pub fn new(rules: &RuleSet) -> SpanFinder {
        SpanFinder::with_kinds(rules, trusted_in_text)
    }

    /// A finder over the value rules of the kinds `include` accepts (rules with a pattern, no
    /// dictionary and no header requirement), e.g. the residual scan's strongly validated kinds.
    pub fn with_kinds(rules: &RuleSet, include: impl Fn(Kind) -> bool) -> SpanFinder {
        let mut patterns = Vec::new();
        let mut compiled = Vec::new();
        for r in &rules.rules {
            let (Some(p), None, false) = (&r.def.pattern, r.def.dictionary, r.def.header_required)
            else {
                continue;
            };
            if !include(r.def.kind) {
                continue;
            }
            // Rule patterns compiled already once anchored; unanchored they compile too.
            if let (Ok(re), Ok(anchored)) = (
                Regex::new(&format!("(?:{p})")),
                Regex::new(&format!("^(?:{p})$")),
            ) {
                patterns.push(format!("(?:{p})"));
                compiled.push((re, anchored, r.def.validator, r.def.kind));
            }
        }
        let set = regex::RegexSetBuilder::new(&patterns)
            .dfa_size_limit(DFA_CACHE)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        SpanFinder {
            set,
            rules: compiled,
        }
    }

    /// Every span in `text`, sorted, non-overlapping (the earlier, then the longer one wins).
    pub fn find(&self, text: &str, dicts: &Dictionaries) -> Vec<Span> {
        self.find_with(text, dicts, Vec::new())
    }

    /// [`find`](Self::find), merging spans the caller found by other means (originals of the
    /// run's replaced columns written again in the text).
    pub fn find_with(&self, text: &str, dicts: &Dictionaries, extra: Vec<Span>) -> Vec<Span> {
        let mut spans = extra;
        spans.extend(self.find_values(text));
        names(text, dicts, &mut spans);
        for c in cues::cue_spans(text) {
            spans.push(Span {
                start: c.start,
                end: c.end,
                kind: cue_kind(c.kind),
            });
        }
        for (start, end) in cues::greeting_names(text, &|w| dicts.is_given(w)) {
            spans.push(Span {
                start,
                end,
                kind: Kind::FirstName,
            });
        }
        places(text, dicts, &mut spans);
        relatives(text, &mut spans);
        sign_off(text, dicts, &mut spans);
        sentence_subjects(text, dicts, &mut spans);
        if text.bytes().any(|b| b.is_ascii_digit()) {
            for (start, end) in address::find_addresses(text) {
                spans.push(Span {
                    start,
                    end,
                    kind: Kind::Address,
                });
            }
            for (start, end) in address::find_street_addresses(text) {
                // A street followed by a postcode and a town is a full address.
                match postcode_town_after(text, end) {
                    Some(end) => spans.push(Span {
                        start,
                        end,
                        kind: Kind::Address,
                    }),
                    None => spans.push(Span {
                        start,
                        end,
                        kind: Kind::StreetAddress,
                    }),
                }
            }
        }
        non_overlapping(spans)
    }

    /// Spans of the value rules only (no names), sorted, non-overlapping.
    pub fn find_values(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        self.values_into(text, &mut spans, &mut |_| {});
        non_overlapping(spans)
    }

    /// [`find_values`](Self::find_values), also calling `failed` with the kind of every match
    /// of a rule's pattern that its validator turned down (a version number shaped like an IP
    /// address, a tracking number shaped like a card).
    pub fn find_values_counting(&self, text: &str, failed: &mut dyn FnMut(Kind)) -> Vec<Span> {
        let mut spans = Vec::new();
        self.values_into(text, &mut spans, failed);
        non_overlapping(spans)
    }

    fn values_into(&self, text: &str, spans: &mut Vec<Span>, failed: &mut dyn FnMut(Kind)) {
        for i in self.set.matches(text).iter() {
            let (re, anchored, validator, kind) = &self.rules[i];
            let ok = |s: usize, e: usize| {
                bounded(text, s, e)
                    && anchored.is_match(&text[s..e])
                    && validator.is_none_or(|v| v.check(&text[s..e]))
            };
            for m in re.find_iter(text) {
                // A greedy match may run into the next word (`DE89 … 00 bezahlt`): fall back to
                // the longest prefix that ends before a space and still validates.
                // A link ends before the punctuation that closes its sentence.
                let m_end = if *kind == Kind::Url {
                    m.start()
                        + text[m.start()..m.end()]
                            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"'])
                            .len()
                } else {
                    m.end()
                };
                let end = std::iter::once(m_end)
                    .chain(
                        text[m.start()..m_end]
                            .rmatch_indices(' ')
                            .map(|(i, _)| m.start() + i),
                    )
                    .find(|&e| ok(m.start(), e));
                if let Some(end) = end {
                    spans.push(Span {
                        start: m.start(),
                        end,
                        kind: *kind,
                    });
                } else if validator.is_some() && bounded(text, m.start(), m.end()) {
                    failed(*kind);
                }
            }
        }
    }
}

/// Lazy-DFA cache of the set of every rule (the default is 2 MB): run over a million varied
/// cells, a small cache is cleared so often that the engine falls back to a slower one.
const DFA_CACHE: usize = 16 << 20;

/// Sorted by start; of overlapping spans the earlier, then the longer one wins.
fn non_overlapping(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| {
        (
            s.start,
            std::cmp::Reverse(s.end),
            std::cmp::Reverse(rank(s.kind)),
        )
    });
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if out.last().is_none_or(|l| s.start >= l.end) {
            out.push(s);
        }
    }
    out
}

/// A match must not be glued to letters or digits on either side (`x123-45-6789` is no SSN).
pub fn bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_')
        && !after.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_')
}

fn capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
}

/// Names in context: given + (particles) + family, or title + family.
fn names(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    // Words with their byte ranges, trailing punctuation trimmed.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let trim = |(s, e): (usize, usize)| -> (usize, usize) {
        let w = &text[s..e];
        let t = w
            .trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\''])
            .trim_start_matches(['(', '"', '\'']);
        let off = w.find(t).unwrap_or(0);
        (s + off, s + off + t.len())
    };
    let mut i = 0;
    while i < words.len() {
        let (s, e) = trim(words[i]);
        let w = &text[s..e];
        let lower = w.to_lowercase();
        let is_title = TITLES.contains(&lower.as_str())
            || TITLES.contains(&text[words[i].0..words[i].1].to_lowercase().as_str());
        if is_title && let Some(&next) = words.get(i + 1) {
            let (ns, ne) = trim(next);
            let nw = &text[ns..ne];
            if capitalized(nw) && dicts.is_family(&fold(nw)) {
                spans.push(Span {
                    start: ns,
                    end: ne,
                    kind: Kind::LastName,
                });
                i += 2;
                continue;
            }
        }
        if capitalized(w) && dicts.is_given(&fold(w)) {
            let mut j = i + 1;
            while j < words.len()
                && PARTICLES.contains(&text[words[j].0..words[j].1].to_lowercase().as_str())
            {
                j += 1;
            }
            if let Some(&last) = words.get(j) {
                let (ls, le) = trim(last);
                let lw = &text[ls..le];
                // A known given name followed by a capitalized word that is not a function word
                // or a date word: the family name need not be in the dictionary.
                let plausible = dicts.is_family(&fold(lw))
                    || (j == i + 1 && !STOP.contains(&lw.to_lowercase().as_str()));
                if capitalized(lw) && plausible {
                    spans.push(Span {
                        start: s,
                        end: le,
                        kind: Kind::PersonName,
                    });
                    i = j + 1;
                    continue;
                }
            }
        }
        // A capitalized word (not a function word, not the first of the text) followed by a
        // known family name: the given name need not be in the dictionary.
        if i > 0
            && capitalized(w)
            && !STOP.contains(&lower.as_str())
            && !dicts.is_given(&fold(w))
            && !text[words[i - 1].0..words[i - 1].1].ends_with('.')
            && let Some(&next) = words.get(i + 1)
        {
            let (ns, ne) = trim(next);
            let nw = &text[ns..ne];
            if capitalized(nw) && dicts.is_family(&fold(nw)) {
                spans.push(Span {
                    start: s,
                    end: ne,
                    kind: Kind::PersonName,
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
}

/// Whether sampled values read as prose: on average at least three words, most with spaces.
pub fn looks_like_prose(values: &[String]) -> bool {
    if values.len() < 3 {
        return false;
    }
    let words: usize = values.iter().map(|v| v.split_whitespace().count()).sum();
    let multi = values
        .iter()
        .filter(|v| v.split_whitespace().count() >= 3)
        .count();
    words as f64 / values.len() as f64 >= 3.0 && multi * 2 >= values.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(String, Kind)> {
        let rules = RuleSet::builtin().unwrap();
        SpanFinder::new(&rules)
            .find(text, &rules.dicts)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn finds_identifiers_in_english_german_and_french_prose() {
        assert_eq!(
            find("Please call John Smith at +44 20 7946 0958 or write to j.smith@mailbox.org."),
            vec![
                ("John Smith".into(), Kind::PersonName),
                ("+44 20 7946 0958".into(), Kind::Phone),
                ("j.smith@mailbox.org".into(), Kind::Email)
            ]
        );
        assert_eq!(
            find("Frau Müller hat mit IBAN DE89 3704 0044 0532 0130 00 bezahlt"),
            vec![
                ("Müller".into(), Kind::LastName),
                ("DE89 3704 0044 0532 0130 00".into(), Kind::Iban)
            ]
        );
        assert_eq!(
            find("Mme Dubois a donné sa carte 4111 1111 1111 1111, merci"),
            vec![
                ("Dubois".into(), Kind::LastName),
                ("4111 1111 1111 1111".into(), Kind::CreditCard)
            ]
        );
    }

    #[test]
    fn look_alikes_in_prose_are_not_spans() {
        assert!(
            find("Order 4111 1111 1111 1112 shipped in version 6.9.11.807 for 129.90 EUR")
                .is_empty()
        );
        assert!(find("Will may grace the meeting in May").is_empty());
        assert!(find("ticketx123-45-6789").is_empty());
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        let text = "Grüße an anna@example.org";
        let rules = RuleSet::builtin().unwrap();
        let spans = SpanFinder::new(&rules).find(text, &rules.dicts);
        assert_eq!(char_span(text, &spans[0]), (9, 25));
    }
}
