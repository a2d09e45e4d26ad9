//! Places in prose: a city from the dictionary right after a place word ("moved to Lyon", "wohnt
//! in Köln"), the postcode and town that make a street found in prose a full address, an
//! address after a label that says so ("Address: …", "Lieferadresse: …"), the addressee an
//! address block names on the line above its street, the two streets of a corner, and where
//! someone lives, is or travels ("lives in", "I'm in", "flew to").

use super::Span;
use super::words::{
    ADDRESS_CUES, ADDRESS_LABELS, CORNER_CUES, COUNTRIES, FUNCTION_WORDS, ORG_WORDS, PARTICLES,
    PLACE_COUNTRIES, PLACE_WORDS, RESIDENCE_CUES, STOP, TITLES, TOWN_OPENERS, capitalized,
    line_words, proper_word, space_words,
};
use crate::kind::Kind;
use crate::per_thread::Pattern as Regex;
use crate::rules::Dictionaries;

/// A street found in `text[start..end]`, with what follows it that makes it a full address: a
/// postcode and a town after it (one span of the whole), or else the town and postcode on
/// lines of their own ([`lines_after_street`]), or the town alone after a comma
/// ([`town_after_street`]), each a span of its own. The street alone is of `kind` (a street,
/// or a whole address line whose town comes before its end).
pub(super) fn street_and_after(
    text: &str,
    start: usize,
    end: usize,
    kind: Kind,
    spans: &mut Vec<Span>,
) {
    if let Some(after) = postcode_town_after(text, end) {
        spans.push(Span {
            start,
            end: after,
            kind: Kind::Address,
        });
        return;
    }
    spans.push(Span { start, end, kind });
    if let Some([town, pc]) = lines_after_street(text, end) {
        push_town_and_postcode(town, Some(pc), spans);
    } else if let Some(town) = town_after_street(text, end) {
        push_town_and_postcode(town, postcode_after_town(text, town.1), spans);
    }
}

/// A town's span and its postcode's, when there is one.
fn push_town_and_postcode(
    town: (usize, usize),
    postcode: Option<(usize, usize)>,
    spans: &mut Vec<Span>,
) {
    spans.push(Span {
        start: town.0,
        end: town.1,
        kind: Kind::City,
    });
    if let Some(pc) = postcode {
        spans.push(Span {
            start: pc.0,
            end: pc.1,
            kind: Kind::Postcode,
        });
    }
}

/// After a town ending at `at`, its postcode, a state's code between or not (`…, Austin
/// 14889.`, `…, Springfield, IL 62704`, `…, Portstewart YI8V 2JJ`): its byte range.
fn postcode_after_town(text: &str, at: usize) -> Option<(usize, usize)> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(&format!(
            r"^,? (?:[A-Z]{{2}} )?(?P<pc>{POSTCODE})(?:$|[^\p{{L}}\p{{N}}])"
        ))
        .expect("a valid pattern")
    });
    let pc = RE.captures(&text[at..])?.name("pc")?;
    Some((at + pc.start(), at + pc.end()))
}

/// An address after a label that says it is one and a colon (`Address: 5240 Eriksbo
/// Västergärde 78 Suite 669 ASKIM Sweden`, `his address: 7635 ul. Zagórna 55, Warszawa`,
/// `Lieferadresse: …`; [`ADDRESS_LABELS`]), whether or not a street list knows the street:
/// the words on the label's line (or the next line, when the label ends its own) that read as
/// an address's — numbers, capitalised words, particles, abbreviations — up to the first that
/// does not (`… Sweden My name is …` ends before `My`), holding a number. When the label is
/// followed by a name on its own line and the street on the next (`Billing address: Jerzy
/// Dudek\n 2473 Fuente del Gallo 4 Suite 378\n Lugo\n 2406`), the name is the addressee
/// and the street's lines follow it ([`street_and_after`]).
pub(super) fn labelled_addresses(text: &str, spans: &mut Vec<Span>) {
    if !text.contains(':') {
        return;
    }
    // A label's two words fit in this many bytes before its colon: only they are read (a
    // ticket's log holds a colon in every time of day).
    const LABEL_BYTES: usize = 40;
    // A two-word label, built in one buffer for every colon.
    let mut two = String::new();
    for (colon, _) in text.match_indices(':') {
        let mut from = colon.saturating_sub(LABEL_BYTES);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let line_start = text[from..colon]
            .rfind(['\n', '\r'])
            .map_or(from, |i| from + i + 1);
        let label = text[line_start..colon].trim_end_matches([' ', '\t']);
        let mut words = label.rsplit([' ', '\t']).filter(|w| !w.is_empty());
        let Some(last) = words.next() else { continue };
        if !last.chars().all(char::is_alphabetic) {
            continue;
        }
        let before = words.next();
        let labelled = ADDRESS_LABELS.contains_lower(last)
            || before.is_some_and(|p| {
                two.clear();
                two.push_str(p);
                two.push(' ');
                two.push_str(last);
                ADDRESS_LABELS.contains_lower(&two)
            });
        // A machine's address (`IP address:`, `Wallet address:`) is none of a place.
        if !labelled || before.is_some_and(|p| NOT_POSTAL.contains(&p.to_lowercase().as_str())) {
            continue;
        }
        // The value: after the colon's spaces, on its line or on the next.
        let rest = &text[colon + 1..];
        let spaced = rest.trim_start_matches([' ', '\t']);
        if spaced.len() == rest.len() && !rest.starts_with(['\n', '\r']) && !rest.is_empty() {
            continue;
        }
        let mut at = text.len() - spaced.len();
        if let Some(next) = line_after(text, at) {
            at = next;
        }
        let Some(value) = address_words(text, at) else {
            continue;
        };
        if value.digits {
            push_address(text, value, spans);
            continue;
        }
        // A name on the label's line, the street on the next.
        if name_line(&text[value.start..value.end]) == Line::Name
            && text[value.end..].starts_with([' ', '\t', '\n', '\r'])
            && let Some(next) = line_after(text, value.end)
            && let Some(street) = address_words(text, next)
            && street.digits
        {
            spans.push(Span {
                start: value.start,
                end: value.end,
                kind: Kind::PersonName,
            });
            push_address(text, street, spans);
        }
    }
}

/// Words before `address` that make it no place's: `IP address: 10.0.0.5`.
const NOT_POSTAL: [&str; 22] = [
    "ip",
    "mac",
    "email",
    "e-mail",
    "web",
    "memory",
    "server",
    "wallet",
    "bitcoin",
    "btc",
    "eth",
    "ethereum",
    "contract",
    "network",
    "ipv4",
    "ipv6",
    "hardware",
    "internet",
    "host",
    "device",
    "bluetooth",
    "node",
];

/// An address after a phrase that says one follows (`lives at 8997 Atamaria 55, Cuntis`, `my
/// new address is 1538 Veslebakken 48 Suite 536 HARSTAD Norway`, `woont aan de Dorpsstraat
/// 12`; [`ADDRESS_CUES`]), whether or not a street list knows the street: the words after it
/// that read as an address's ([`address_words`]), a house number among the first three.
pub(super) fn cued_addresses(text: &str, spans: &mut Vec<Span>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    static CUES: std::sync::LazyLock<Phrases> =
        std::sync::LazyLock::new(|| Phrases::new(&ADDRESS_CUES));
    let words = line_words(text);
    let mut phrase = String::new();
    for i in 2..words.len() {
        let (at, first) = words[i];
        let opens = first.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase());
        if !opens || !CUES.end_before(&words, i, &mut phrase) {
            continue;
        }
        let Some(value) = address_words(text, at) else {
            continue;
        };
        let words: Vec<&str> = text[value.start..value.end]
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect();
        let number = |w: &&str| w.bytes().next().is_some_and(|b| b.is_ascii_digit());
        // A year is no house number (`lives on Mars 2024 edition`).
        let year = |w: &&str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        let numbered = words.iter().take(3).any(|w| number(w) && !year(w));
        let not_street = NOT_STREETS.contains(&words[0].to_lowercase().as_str());
        if numbered && !not_street {
            push_address(text, value, spans);
        }
    }
}

/// The two streets of a corner (`at the corner of Pagari 18 St. and Ben Lake St.`, `Ecke
/// Lindenstraße und Hauptstraße`; [`CORNER_CUES`]): the words after the phrase that read as an
/// address's ([`address_words`]), split at `and` (`und`, `et`, `y`, `e`, `en`, `&`), each up
/// to its last capitalised word, number or abbreviation. One of the two must hold a house
/// number or a street's word (`St.`, `Court`, `…straße`): `the corner of Excel and Word` is no
/// corner of streets; and one word alone with neither (`… and Lund`) is not taken.
pub(super) fn corners(text: &str, spans: &mut Vec<Span>) {
    static CUES: std::sync::LazyLock<Phrases> =
        std::sync::LazyLock::new(|| Phrases::new(&CORNER_CUES));
    const AND: [&str; 7] = ["and", "und", "et", "y", "e", "en", "&"];
    let words = line_words(text);
    let mut phrase = String::new();
    for i in 1..words.len() {
        let (at, first) = words[i];
        if !first.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase())
            || !CUES.end_before(&words, i, &mut phrase)
        {
            continue;
        }
        let Some(a) = address_words(text, at) else {
            continue;
        };
        // The joint inside the first value's words (short lower-case words are an address's
        // too), else right after it.
        let joint = |from: usize, to: usize| {
            let mut pos = from;
            text[from..to].split(' ').find_map(|w| {
                let here = pos;
                pos += w.len() + 1;
                (here > from && AND.contains(&w.to_lowercase().as_str()))
                    .then_some((here, here + w.len()))
            })
        };
        let line_end = text[a.end..]
            .find(['\n', '\r'])
            .map_or(text.len(), |k| a.end + k);
        // the word right after the value (`Skogarlond 53 and Gyenes Court`)
        let after = || {
            let rest = text[a.end..line_end].trim_start_matches([' ', ',', '.']);
            let w = rest.split(' ').next()?;
            let at = line_end - rest.len();
            AND.contains(&w.to_lowercase().as_str())
                .then_some((at, at + w.len()))
        };
        let Some((j_start, j_end)) = joint(a.start, a.end).or_else(after) else {
            continue;
        };
        let b_at = text.len() - text[j_end..].trim_start().len();
        let Some(b) = address_words(text, b_at) else {
            continue;
        };
        let streets = [(a.start, j_start), (b.start, b.end)].map(|(s, e)| street_core(text, s, e));
        let streetlike = |(s, e): (usize, usize)| {
            text[s..e].split(' ').any(|w| {
                let w = w.trim_end_matches([',', '.']);
                w.bytes().any(|b| b.is_ascii_digit())
                    || crate::detect::address::is_street_word(w)
                    || {
                        let lower = w.to_lowercase();
                        STREET_WORDS
                            .iter()
                            .any(|t| t.len() >= 3 && lower.ends_with(t))
                    }
            })
        };
        if !streets.iter().any(|&r| r.0 < r.1 && streetlike(r)) {
            continue;
        }
        for (s, e) in streets {
            let named = text[s..e]
                .split([' ', ','])
                .any(|w| proper_word(w.trim_end_matches('.'), 3));
            // One word with no number and no street's word (`… and Lund`, `5th and Main`) is
            // as likely a name or a thing: not taken alone.
            if named && (text[s..e].contains(' ') || streetlike((s, e))) {
                spans.push(Span {
                    start: s,
                    end: e,
                    kind: Kind::StreetAddress,
                });
            }
        }
    }
}

/// `text[s..e]` without the spaces and lower-case words at its end (`Gyenes Court for post
/// mail` → `Gyenes Court`), nor any word but a number after its type words (`Angelo Alley
/// Hello` → `Angelo Alley`); an abbreviation's full stop kept (`Ben Lake St.`).
fn street_core(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut end = s;
    // After the street's type words (`St.`, `Alley`, `Lake St.`), only a house number is
    // the street's: a capitalised word there opens the next sentence (`Thomas Spurs St. So
    // where…`, `Angelo Alley Hello, this is…`).
    let mut typed = false;
    let mut pos = s;
    for w in text[s..e].split(' ') {
        let here = pos;
        pos += w.len() + 1;
        let bare = w.trim_end_matches([',', '.']);
        let digit = w.starts_with(|c: char| c.is_ascii_digit());
        let street_word = crate::detect::address::is_street_word(bare);
        if typed && !digit && !street_word {
            break;
        }
        if w.starts_with(char::is_uppercase) || digit || w.ends_with('.') && w.len() <= 4 {
            end = here + w.trim_end_matches(',').len();
            typed |= street_word;
        }
    }
    (s, end)
}

/// Where the next line starts after `at`, past its leading spaces, when nothing but spaces
/// stand between `at` and the line break; `None` otherwise.
fn line_after(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']))?;
    let rest = rest.trim_start_matches([' ', '\t']);
    Some(text.len() - rest.len())
}

/// The words of an address value, [`address_words`]'s answer.
#[derive(Clone, Copy)]
struct AddressValue {
    start: usize,
    end: usize,
    words: usize,
    digits: bool,
    /// Nothing but spaces after it on its line.
    ends_line: bool,
}

/// The words from `at` on its line that read as an address's: numbers (`5240`, `12b`,
/// `#4`), capitalised words or words in capitals, particles (`de`, `del`, `van`),
/// abbreviations (`ul.`, `Crta.`) and short lower-case street words (`rue`, `via`), at most
/// sixteen, up to the first that is none of them or a function word (`My`, `The`, `please`);
/// `None` when there is none.
fn address_words(text: &str, at: usize) -> Option<AddressValue> {
    let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let mut value = AddressValue {
        start: at,
        end: at,
        words: 0,
        digits: false,
        ends_line: false,
    };
    let mut pos = at;
    for w in text[at..line_end].split([' ', '\t']) {
        let here = pos;
        pos += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        let core = w.trim_end_matches([',', ';', '.', '!', '?', ')', ':', '"', '”']);
        let digit = core.bytes().any(|b| b.is_ascii_digit());
        let particle = PARTICLES.contains(&core) || TOWN_PARTICLES.contains(&core);
        let lower_ok = core.chars().all(|c| c.is_lowercase())
            && (w.ends_with('.') && core.chars().count() <= 5
                || STREET_WORDS.contains(&core)
                || core.chars().count() <= 4
                    && !FUNCTION_WORDS.contains_lower(core)
                    && !STOP.contains_lower(core));
        let upper = core.chars().next().is_some_and(char::is_uppercase);
        // Capitalised, not a word that opens a sentence or a month's or a weekday's name (a
        // street's word, `Street`, `Avenue`, `Park`, is one of the address).
        let stop = || {
            STOP.contains_lower(core)
                && !STREET_STOPS.contains(&core.to_lowercase().as_str())
                && !UNIT_WORDS.split('|').any(|u| u == core)
        };
        let fits = !core.is_empty()
            && (digit
                || particle
                || lower_ok
                || upper
                    && (proper_word(core, 1) || core.contains(['.', '/']))
                    && !FUNCTION_WORDS.contains_lower(core)
                    && !stop());
        if !fits {
            break;
        }
        // A comma after the house number ends the street: the postcode and town after it
        // are [`street_and_after`]'s (`7635 ul. Zagórna 55, Warszawa`), and the words after
        // a town are the next sentence's more often than the town's.
        if value.digits && text[value.end..here].contains(',') {
            break;
        }
        value.words += 1;
        value.end = here + core.len();
        value.digits |= digit;
        // A full stop ends the sentence (`… 47365 Melsungen. Ausweisprüfung ok`: German
        // writes its nouns in capitals), unless it closes an abbreviation: an initial, a
        // short word in lower case (`ul.`, `str.`) or an address's (`St.`, `Crta.`, `Apt.`).
        let closes = w.ends_with('.')
            && !(core.chars().count() <= 1
                || core.chars().count() <= 4 && core.chars().all(char::is_lowercase)
                || ADDRESS_ABBREVIATIONS
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(core)));
        if closes || w.ends_with(['!', '?']) || value.words == 16 {
            break;
        }
    }
    // Not ending on a particle.
    while value.words > 1 {
        let (s, last) = text[value.start..value.end]
            .rsplit_once(' ')
            .map(|(a, b)| (a.trim_end_matches([' ', ',']), b))?;
        if !(PARTICLES.contains(&last) || TOWN_PARTICLES.contains(&last)) {
            break;
        }
        value.end = value.start + s.len();
        value.words -= 1;
    }
    if value.words == 0 {
        return None;
    }
    value.ends_line = text[value.end..line_end]
        .trim_matches([' ', '\t', '.', ','])
        .is_empty();
    Some(value)
}

/// Words of streets written in lower case inside an address (`rue de la Paix`, `via Roma`,
/// `Tas vezér u.`, `Gosposka ulica`), and `nan` (an empty field an export wrote out); other
/// lower-case words of four letters at most (`in`, `bei`) are taken too, unless they end a
/// name or open a sentence.
const STREET_WORDS: [&str; 33] = [
    "rue", "via", "viale", "calle", "rua", "avenida", "avenue", "piazza", "strada", "ulica", "út",
    "utca", "vej", "gade", "gata", "veien", "rakpart", "chemin", "allée", "impasse", "plaza",
    "paseo", "camino", "travessa", "largo", "praça", "straat", "weg", "laan", "gasse", "straße",
    "platz", "nan",
];

/// Words that end a name ([`STOP`]) but belong to an address in capitals (`Main Street`,
/// `Hyde Park`, `Union Square`).
const STREET_STOPS: [&str; 8] = [
    "street", "road", "avenue", "park", "square", "centre", "center", "station",
];

/// Words that open no street after a phrase that may precede an address (`shipped to Room
/// 12`, `located at Building 5`, `lives on Level 3`).
const NOT_STREETS: [&str; 16] = [
    "room", "level", "floor", "building", "gate", "terminal", "platform", "page", "chapter",
    "version", "table", "row", "seat", "section", "day", "week",
];

/// Abbreviations an address's words end with a full stop (`Crta. Cádiz-Málaga 82`, `12 Oak
/// Ave. Apt. 4`), which ends no sentence.
const ADDRESS_ABBREVIATIONS: [&str; 24] = [
    "st", "str", "ave", "av", "avda", "crta", "ctra", "rd", "blvd", "ln", "ct", "apt", "ste", "nr",
    "no", "bd", "rte", "hwy", "pkwy", "sq", "bldg", "mt", "ft", "pza",
];

/// An address value found after a label: a street with its town and postcode after it, when
/// it is a few words or ends its line (its town may follow on the next); a whole address
/// otherwise (`5240 Eriksbo Västergärde 78 Suite 669 ASKIM Sweden`). Two words at least, one of them a name (`Address: 12 B` is none).
fn push_address(text: &str, v: AddressValue, spans: &mut Vec<Span>) {
    // A street's or a town's name among the words: `10.0.0.5 port 8080` has none.
    let named = text[v.start..v.end]
        .split([' ', '\t', ','])
        .any(|w| proper_word(w.trim_end_matches('.'), 3));
    if v.words < 2 || !named {
        return;
    }
    let kind = if v.ends_line || v.words <= 5 {
        Kind::StreetAddress
    } else {
        Kind::Address
    };
    street_and_after(text, v.start, v.end, kind, spans);
}

/// What a line of an address block is, read before its street.
#[derive(PartialEq)]
enum Line {
    /// Two to four words written as a name's (an addressee: `Arman Lundin`, `MARIE DUPONT`,
    /// `Kondrat U. Czerwinski`), a title allowed before them.
    Name,
    /// An organisation's name (`Compuage Infocom Ltd`, [`ORG_WORDS`]).
    Organisation,
    Other,
}

/// What the line `line` (trimmed) is: [`Line`].
fn name_line(line: &str) -> Line {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words
        .iter()
        .any(|w| ORG_WORDS.contains_lower(w.trim_end_matches(',')))
    {
        return Line::Organisation;
    }
    let words = match words.split_first() {
        Some((t, rest)) if TITLES.contains_lower(t.trim_end_matches('.')) => rest,
        _ => &words[..],
    };
    if !(2..=4).contains(&words.len()) {
        return Line::Other;
    }
    let mut proper = 0;
    for w in words {
        let initial = {
            let core = w.trim_end_matches('.');
            core.chars().count() == 1 && core.chars().all(char::is_uppercase)
        };
        let name = proper_word(w, 2) && !super::mentions::never_a_name(w);
        if name {
            proper += 1;
        } else if !(initial || PARTICLES.contains(w)) {
            return Line::Other;
        }
    }
    if proper >= 2 { Line::Name } else { Line::Other }
}

/// The addressee of an address block: the line before a street that opens its line (a blank
/// line may stand between, and an organisation's line: `Riitta Hahl\n Compuage Infocom
/// Ltd\n 297 ul. Zagórna 55`), when it reads as a name ([`name_line`]), after a label or not
/// (`Ship to: Jerzy Dudek`). The way letters and labels are addressed: whoever the lines
/// above a street name is the person who lives or works there.
pub(super) fn addressees(text: &str, spans: &mut Vec<Span>) {
    if !text.contains(['\n', '\r']) {
        return;
    }
    let streets: Vec<usize> = spans
        .iter()
        .filter(|s| matches!(s.kind, Kind::StreetAddress | Kind::Address))
        .map(|s| s.start)
        .collect();
    for start in streets {
        let mut line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        // The street opens its line, or numbers and abbreviations do (`297 ul. Zagórna 55`).
        let opens = text[line_start..start].split_whitespace().all(|w| {
            w.bytes().any(|b| b.is_ascii_digit()) || w.ends_with('.') && w.chars().count() <= 4
        });
        if line_start == 0 || !opens {
            continue;
        }
        let (mut blanks, mut orgs) = (0, 0);
        while line_start > 0 {
            // The line before, without its line break (`\r\n` or one of them).
            let end = text[..line_start]
                .strip_suffix("\r\n")
                .or_else(|| text[..line_start].strip_suffix(['\n', '\r']))
                .map_or(0, str::len);
            let ls = text[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            line_start = ls;
            let line = &text[ls..end];
            // After a label (`Ship to:`, `Attn:`, `Billing address:`) of three words at most.
            let body = match line.rsplit_once(':') {
                Some((label, body)) if label.split_whitespace().count() <= 3 => body,
                _ => line,
            };
            if body.trim().is_empty() {
                blanks += 1;
                if blanks > 1 || body.len() < line.len() {
                    break;
                }
                continue;
            }
            match name_line(body) {
                Line::Name => {
                    let name = body.trim();
                    let s = end - body.len() + (body.len() - body.trim_start().len());
                    spans.push(Span {
                        start: s,
                        end: s + name.len(),
                        kind: Kind::PersonName,
                    });
                    break;
                }
                Line::Organisation if orgs == 0 => orgs += 1,
                _ => break,
            }
        }
    }
}

/// After a street ending at `at` (or a name, then `, ` and a house number): `, ` (or a space)
/// then a postcode (5 digits, `1234 AB`,
/// `1234-567`, `12345-678`, a UK postcode) then one to three capitalised words; where that town
/// ends.
pub(super) fn postcode_town_after(text: &str, at: usize) -> Option<usize> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:, \d{{1,5}}[a-zA-Z]?)?,?[ \n]+{POSTCODE}{TOWN}"
        ))
        .expect("a valid pattern")
    });
    let m = RE.find(&text[at..])?;
    town_end(text, at, at + m.end())
}

/// After a street ending at `at` with no postcode after it, a comma and the town that ends
/// the address (`lives at 5093 Norrbyvägen 21, VEHMAA`, `address: 9012 Třebčínská 860, Horka
/// nad Moravou.`): one to three capitalised words (or words in capitals), particles between,
/// on the street's line, in capitals or not, all alike. Not a country (`…, Germany`), a unit
/// (`…, Apt 4`) or a word that opens a sentence (`…, Please call`). Gives the town's byte range.
fn town_after_street(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = text[at..].strip_prefix(',')?;
    let t = rest.trim_start_matches([' ', '\t']);
    if t.len() == rest.len() {
        return None;
    }
    let start = text.len() - t.len();
    let place_word = |w: &str| {
        proper_word(w, 2)
            && !COUNTRIES.contains_lower(w)
            && !STOP.contains_lower(w)
            && !FUNCTION_WORDS.contains_lower(w)
            && !UNIT_WORDS
                .split('|')
                .chain(["Box", "PO"])
                .any(|u| u.eq_ignore_ascii_case(w))
    };
    // The street's line only.
    let t = &t[..t.find(['\n', '\r']).unwrap_or(t.len())];
    let mut end = None;
    let mut count = 0;
    let mut pos = start;
    // In capitals, or not, all alike (`FÉCAMP Patient is …` is the next sentence).
    let mut upper = None;
    for w in t.split(' ') {
        let core = w.trim_end_matches([',', ';', '.', '!', '?', ')', ':']);
        let caps = !core.chars().any(char::is_lowercase);
        if place_word(core) && *upper.get_or_insert(caps) == caps {
            count += 1;
            end = Some(pos + core.len());
        } else if !(count > 0
            && (TOWN_PARTICLES.contains(&core) || matches!(core, "pod" | "on"))
            && core.len() == w.len())
        {
            break;
        }
        // `Port St. Lucie`: a saint's abbreviation goes on.
        let saint = matches!(core, "St" | "Ste" | "Sta") && w.len() == core.len() + 1;
        if core.len() != w.len() && !saint || count == 3 {
            break;
        }
        pos += w.len() + 1;
    }
    end.map(|e| (start, e))
}

/// After a street ending at `at`, an address written over lines, as labels and letters set
/// it: an optional unit (on the street's line or its own), the town's line (an optional state
/// or region code after it, or on a line of its own), then the postcode, after the country or
/// not, on the same line or the next, a blank line allowed before it (`…Pijperstraat 79\n
/// Suite 894\n Amsterdam\n Netherlands 06559`, `…\n Vordingborg\n SJ\n 4760`, `…\nLuziânia
/// GO 72856-575`). Escaped line breaks are real ones by now ([`super::unescape_breaks`]).
/// Gives the town's and the postcode's byte ranges: the lines keep their layout and each part
/// gets its own surrogate. A town line is taken only with a postcode after it, so that a
/// street and then a line of prose ("Cheers") is no address.
fn lines_after_street(text: &str, at: usize) -> Option<[(usize, usize); 2]> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        let lb = r"[ \t]*\r?\n[ \t]*";
        let unit = format!(r"(?:{UNIT_WORDS}|Box)\.? ?#?[A-Za-z0-9-]{{1,6}}");
        // a district's number may follow: "Praha 4", "Ceské Budejovice 1"
        let town = r"\p{Lu}[\p{L}'’.-]*(?: (?:\p{Lu}[\p{L}'’.-]*|de|del|la|le|di|da|do|das|dos|am|an|sur|upon|on|nad|pod|en))*(?: \d{1,2})?";
        // "Cyprus (Greek)"
        let country = r"\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){0,2}(?: \(\p{Lu}\p{L}+\))?";
        Regex::new(&format!(
            r"^(?:(?:{lb}| ){unit})?{lb}(?P<town>{town})(?:,? [A-Z]{{2,3}}|{lb}(?:[A-Z]{{2,3}}|nan))?(?: +|(?:{lb}){{1,2}})(?:{country} +)?(?P<pc>{POSTCODE}|\d{{3}} \d{{2}})(?:[ \t]*$|{lb}|[ ,.;])"
        ))
        .expect("a valid pattern")
    });
    let rest = &text[at..];
    if !rest.starts_with(['\n', '\r', ' ', '\t']) {
        return None;
    }
    let c = RE.captures(rest)?;
    let (town, pc) = (c.name("town")?, c.name("pc")?);
    Some([
        (at + town.start(), at + town.end()),
        (at + pc.start(), at + pc.end()),
    ])
}

/// An address set over lines around its unit line, when no street list knows the street
/// (`6517 Mjövattnet 1\n Suite 017\n NYLAND\n Sweden 46918`, `108 Kongshøj Allé 70\n Apt.
/// 206\n Kruså\n Denmark 16858`): the unit, then a town and a postcode on the lines after it
/// ([`lines_after_street`]) make the words before the unit, on its line or the line above, a
/// street, if they hold a number and read as a street's (capitalised words, numbers and
/// particles, back to the first small word).
pub(super) fn unit_blocks(text: &str, spans: &mut Vec<Span>) {
    // The unit word first, so that the search skips to it; the space or line break before
    // it is read back from there.
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(&format!(r"\b(?:{UNIT_WORDS})\.? ?#?[A-Za-z0-9-]{{1,6}}"))
            .expect("a valid pattern")
    });
    const PARTICLES: [&str; 12] = [
        "de", "del", "della", "delle", "di", "da", "do", "dos", "van", "von", "der", "la",
    ];
    if !text.contains(['\n', '\r']) {
        return;
    }
    for m in RE.find_iter(text) {
        // Back over the spaces and at most one line break before the unit.
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        let before = before
            .strip_suffix('\n')
            .map(|b| {
                b.strip_suffix('\r')
                    .unwrap_or(b)
                    .trim_end_matches([' ', '\t'])
            })
            .unwrap_or(before);
        let at = before.len();
        if at == m.start() {
            continue;
        }
        let Some([town, pc]) = lines_after_street(text, at) else {
            continue;
        };
        // The street: the last words of the line before the unit that read as a street's.
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &text[line_start..at];
        let mut start = None;
        for (off, w) in line
            .split(' ')
            .scan(0usize, |pos, w| {
                let o = *pos;
                *pos += w.len() + 1;
                Some((o, w))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if w.is_empty() {
                if start.is_some() {
                    break;
                }
                continue;
            }
            let first = w.chars().next().unwrap_or(' ');
            let core = w.strip_suffix('.').unwrap_or(w);
            // "97." and "u." as a Hungarian or Polish street writes them.
            let abbreviation = w.len() > core.len()
                && (core.len() <= 3 || w.starts_with(|c: char| c.is_ascii_digit()));
            let streetish = (first.is_uppercase() || first.is_ascii_digit())
                && (!w.ends_with([':', ',', '.', ';', '!', '?']) || abbreviation)
                || PARTICLES.contains(&w)
                // the street type a list does not know: "Gosposka ulica 69", "Rue tachkent"
                || first.is_lowercase()
                    && core.chars().all(char::is_alphabetic)
                    && core.chars().count() <= 10
                    && !FUNCTION_WORDS.contains_lower(core)
                    && !STOP.contains_lower(core);
            if !streetish {
                break;
            }
            start = Some(off);
        }
        let Some(mut off) = start else { continue };
        // A street opens with a number or a capital, not with the small words walked over.
        while let Some((w, rest)) = line[off..].split_once(' ')
            && !w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            off = line.len() - rest.len();
        }
        // A house number before the street's words opens it: the words before it are the
        // sentence the block was glued to ("…on European Union 3585 Gosposka ulica 69").
        let words: Vec<&str> = line[off..].trim_end().split(' ').collect();
        if let Some(k) = (1..words.len().saturating_sub(1))
            .find(|&k| !words[k].is_empty() && words[k].bytes().all(|b| b.is_ascii_digit()))
            && !words[..k]
                .iter()
                .any(|w| w.bytes().any(|b| b.is_ascii_digit()))
        {
            off += words[..k].iter().map(|w| w.len() + 1).sum::<usize>();
        }
        let street = line[off..].trim_end();
        if street.split(' ').count() > 7
            || !street.bytes().any(|b| b.is_ascii_digit())
            || !street.chars().any(char::is_alphabetic)
        {
            continue;
        }
        let s = line_start + off;
        spans.push(Span {
            start: s,
            end: s + street.len(),
            kind: Kind::StreetAddress,
        });
        push_town_and_postcode(town, Some(pc), spans);
    }
}

/// The words that open a unit (`Apt. 433`, `Suite 999`, `Unit 4B`), as a literal so that
/// [`UNIT`] can be built of it at compile time.
macro_rules! unit_words {
    () => {
        "Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Room|Rm"
    };
}

/// The words that open a unit, as a regex alternation.
const UNIT_WORDS: &str = unit_words!();

/// A unit after a street: `Apt. 433`, `Suite 999`, `Unit 4B`, `#12` (optional).
const UNIT: &str = concat!(
    r"(?: (?:(?:",
    unit_words!(),
    r")\.? ?#?[A-Za-z0-9-]{1,6}|#[A-Za-z0-9-]{1,6}))?"
);

/// Postcodes: 5 digits (with `-123` or `-1234`), `1234 AB`, `1234-567`, a UK or Canadian
/// postcode, 8 digits.
const POSTCODE: &str = r"(?:\d{5}(?:-\d{3,4})?|\d{4}(?: ?[A-Z]{2}|-\d{3})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{8})";
/// A town after its postcode: up to four capitalised words and particles.
const TOWN: &str = r"[ ,]+(?:\p{Lu}[\p{L}'-]+|(?:das|dos|del|da|de|di|do|am|an|sur)\b)(?:[ -](?:\p{Lu}[\p{L}'-]+|(?:das|dos|del|da|de|di|do|am|an|sur)\b)){0,3}";

/// An address line no street list knows, told by what follows it: an optional house number,
/// capitalised words (particles between), an optional unit, a comma, an optional house number,
/// a postcode and a town (`Pátio de Fonseca, 90, 51968180 Fogaça`, `Recanto de Vieira,
/// 24306-683 Machado`, `505 Rebecca Estates Suite 999, 40269 Lake James`).
pub(super) fn address_lines(text: &str, spans: &mut Vec<Span>) {
    static RE: std::sync::LazyLock<[Regex; 2]> = std::sync::LazyLock::new(|| {
        let pattern = format!(
            r"(?:\d{{1,6}}[a-zA-Z]? )?\p{{Lu}}[\p{{L}}'-]+(?: (?:(?:da|de|di|do|das|dos|del|la|le|van|von|der) ){{0,2}}\p{{Lu}}[\p{{L}}'-]+){{0,4}}{UNIT}(?:, \d{{1,5}}[a-zA-Z]?)?, {POSTCODE}{TOWN}"
        );
        // The town's `\b` is Unicode's, which the lazy DFA cannot follow past a non-ASCII byte:
        // the search would fall back to the far slower PikeVM on nearly every text. With ASCII's
        // `\b` the same pattern matches wherever it does (each `\b` follows an ASCII letter,
        // and a character that is no Unicode word character is no ASCII one either), so it
        // tells, on the lazy DFA, which texts need the exact search at all.
        [
            Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("a valid pattern"),
            Regex::new(&pattern).expect("a valid pattern"),
        ]
    });
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let [may_match, re] = &*RE;
    if !may_match.is_match(text) {
        return;
    }
    for m in re.find_iter(text) {
        if !text[..m.start()].ends_with(|c: char| c.is_alphanumeric())
            && let Some(end) = town_end(text, m.start(), m.end())
        {
            spans.push(Span {
                start: m.start(),
                end,
                kind: Kind::Address,
            });
        }
    }
}

/// The end of a match that closes on a town: on a capitalised word, not on a particle, and
/// not glued to the next word.
fn town_end(text: &str, at: usize, end: usize) -> Option<usize> {
    let mut end = end;
    // The town ends on a capitalised word, not on a particle.
    while let Some(sp) = text[at..end].rfind([' ', '-']) {
        let last = &text[at + sp + 1..end];
        if last.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = at + sp;
    }
    // Only the end can be glued to a word: the match starts at the comma or space after a
    // street, which may well end in a house number.
    (!text[end..].starts_with(|c: char| c.is_alphanumeric())).then_some(end)
}

/// Cue phrases of two or three words ([`RESIDENCE_CUES`], [`ADDRESS_CUES`]), with the words
/// they end on: only after one of those is a phrase looked for.
struct Phrases {
    phrases: &'static crate::text::WordList,
    last: crate::text::WordList,
}

impl Phrases {
    fn new(phrases: &'static crate::text::WordList) -> Phrases {
        let mut last: Vec<&'static str> = phrases
            .iter()
            .filter_map(|p| p.rsplit(' ').next())
            .collect();
        last.sort_unstable();
        last.dedup();
        Phrases {
            phrases,
            last: crate::text::WordList::from_entries(last),
        }
    }

    /// Whether a phrase ends right before word `i` of `words` ([`line_words`]): its one to
    /// four words on one line, none closed by punctuation. `buf` is scratch space.
    fn end_before(&self, words: &[(usize, &str)], i: usize, buf: &mut String) -> bool {
        if i == 0 || !self.last.contains_lower(words[i - 1].1) {
            return false;
        }
        (1..=4.min(i)).any(|k| {
            let ws = &words[i - k..i];
            if ws
                .iter()
                .any(|(_, w)| w.is_empty() || bare(w).len() != w.len())
            {
                return false;
            }
            buf.clear();
            for (n, (_, w)) in ws.iter().enumerate() {
                if n > 0 {
                    buf.push(' ');
                }
                buf.push_str(w);
            }
            self.phrases.contains_lower(buf)
        })
    }
}

/// A word without the punctuation that may close it (`Lyon,`, `Köln.)`).
fn bare(w: &str) -> &str {
    w.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\''])
}

/// Cities from the dictionary right after a place word ("moved to Lyon", "wohnt in Köln").
pub(super) fn places(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    use crate::rules::DictName;
    let mut prev: Option<&str> = None;
    for (start, word) in space_words(text) {
        let t = bare(word);
        let lead = word.len() - word.trim_start_matches(['(', '"', '\'']).len();
        let t = &t[lead.min(t.len())..];
        if let Some(p) = prev
            && capitalized(t)
            && PLACE_WORDS.contains_lower(p)
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

/// Small words inside town names (`Alquerías del Niño Perdido`, `Horka nad Moravou`, `Frankfurt
/// am Main`, `Pristava pri Mestinju`, `Jesenice na Dolenjskem`, `Neustadt bei Coburg`).
const TOWN_PARTICLES: [&str; 18] = [
    "de", "del", "la", "le", "di", "da", "do", "das", "dos", "am", "an", "sur", "nad", "upon",
    "pri", "na", "bei", "ob",
];

/// Where someone lives or comes from, after a phrase that says so ("My friend lives in
/// Moosleerau", "originally from Jastrzębie-Zdrój", "wohnt in Bad Tölz", "mora em São José
/// dos Campos"): one to five capitalised words, particles between, whether or not a city list
/// knows them. A country is no town ("moved here from Denmark"), nor is a function word.
pub(super) fn residences(text: &str, spans: &mut Vec<Span>) {
    let words = line_words(text);
    let place_word = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
    };
    static CUES: std::sync::LazyLock<Phrases> =
        std::sync::LazyLock::new(|| Phrases::new(&RESIDENCE_CUES));
    let mut phrase = String::new();
    for i in 1..words.len() {
        let first = bare(words[i].1);
        if !place_word(first) || !CUES.end_before(&words, i, &mut phrase) {
            continue;
        }
        if COUNTRIES.contains_lower(first)
            || STOP.contains_lower(first)
            || FUNCTION_WORDS.contains_lower(first)
        {
            continue;
        }
        let (start, mut end) = (words[i].0, words[i].0 + first.len());
        let mut j = i;
        // Further words while the place goes on (no punctuation closed it): after a word that
        // opens town names (`San`, `North`, `Bad`) or a particle, a capitalised word; a
        // particle before one. Others are the next sentence, glued on ("lives in Moosleerau
        // Celebrating its 10th year").
        let mut open = first.len() == words[i].1.len();
        let mut joined = TOWN_OPENERS.contains_lower(first);
        // After a particle every capitalised word is the town's ("Alquerías del Niño Perdido").
        let mut after_particle = false;
        while open && j + 1 < words.len() && j < i + 4 {
            let (s, w) = words[j + 1];
            let b = bare(w);
            if place_word(b) && joined {
                joined = after_particle || TOWN_OPENERS.contains_lower(b);
                end = s + b.len();
                j += 1;
                open = b.len() == w.len();
            } else if TOWN_PARTICLES.contains(&w)
                && words.get(j + 2).is_some_and(|(_, n)| place_word(bare(n)))
            {
                j += 1;
                joined = true;
                after_particle = true;
            } else {
                break;
            }
        }
        // A country of more words, or one whose name is a name too ("travelling to United
        // States", "I'm in France"): no town.
        let country = (i..(i + 4).min(words.len())).any(|k| {
            let (s, w) = words[k];
            s < end && COUNTRIES.contains_lower(bare(w))
                || PLACE_COUNTRIES.contains_lower(&text[start..s + bare(w).len()])
        });
        if country {
            continue;
        }
        spans.push(Span {
            start,
            end,
            kind: Kind::City,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        address_lines(text, &mut spans);
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn an_address_line_among_accented_words_is_found_whole() {
        // Non-ASCII letters before, inside and after the address: the search that tells which
        // texts need the exact one must let these through.
        for (text, line) in [
            (
                "Endereço atualizado: Recanto de Vieira, 24306-683 São Gonçalo do Amarante, até sexta.",
                "Recanto de Vieira, 24306-683 São Gonçalo do Amarante",
            ),
            // `da` glued to `í` is no particle (Unicode's `\b`): the town stops at `Paulo`.
            (
                "Lieferung geändert: Pátio de Fonseca, 90, 51968180 São Paulo daí em diante.",
                "Pátio de Fonseca, 90, 51968180 São Paulo",
            ),
            (
                "Größere Änderung. Condomínio Siqueira, 32392899 Guerra de Mendonça.",
                "Condomínio Siqueira, 32392899 Guerra de Mendonça",
            ),
        ] {
            assert_eq!(lines(text), vec![line], "{text}");
        }
        assert!(lines("Rückruf erbeten, Kundin ist verärgert über 3 Mahnungen.").is_empty());
    }

    #[test]
    fn an_address_line_takes_its_house_number_and_unit_along() {
        // Street types no list holds (`Estates`, `Unions`), then a postcode before the town.
        for (text, line) in [
            (
                "Ship the replacement to 505 Rebecca Estates Suite 999, 40269 Lake James instead.",
                "505 Rebecca Estates Suite 999, 40269 Lake James",
            ),
            (
                "Ship the replacement to 8268 Gonzalez Unions Apt. 565, 53757 Brendachester.",
                "8268 Gonzalez Unions Apt. 565, 53757 Brendachester",
            ),
            (
                "New address: 12B Ridge View #4, 2011 AB Haarlem.",
                "12B Ridge View #4, 2011 AB Haarlem",
            ),
        ] {
            assert_eq!(lines(text), vec![line], "{text}");
        }
    }
}
