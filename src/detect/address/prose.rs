//! Addresses inside prose: street + house number patterns per language (case-sensitive names, so
//! "order 12 shipped" never qualifies), gated by one cheap pass of hints; the tails (postcode +
//! city, or a capitalised city) that make a street a full address; and [`find_addresses`] /
//! [`find_street_addresses`], which report full and street-only addresses as byte ranges.

use super::AddressLocale::{self, *};
use super::blocks::{ForwardSet, alt, compile, expand};
use super::cell::{Role, parts_of};
use super::words::*;
use crate::per_thread::Pattern as Regex;
use regex_automata::PatternID;
use std::sync::{LazyLock, OnceLock};

// Prose: street + number patterns (case-sensitive names, so "order 12 shipped" never qualifies),
// and the tails that turn a street into a full address.

/// A capitalised word of a street name in prose.
const CAPW: &str = r"\p{Lu}[\p{L}\p{M}'’\-]*\.?";

struct ProsePattern {
    locale: AddressLocale,
    /// Street pattern whose first words may be a sentence's article ("Der Weg 12").
    strip_stop: bool,
    /// Weak street words ("Corners", "ring", "Rotonda"): only counts with a postcode tail.
    needs_tail: bool,
    /// Indices of hints in [`PROSE_HINTS`], one of which must match before this pattern runs.
    hints: &'static [usize],
    template: String,
    re: OnceLock<Regex>,
}

impl ProsePattern {
    fn re(&self) -> &Regex {
        self.re.get_or_init(|| compile(&self.template))
    }
}

/// Hints (indices into [`PROSE_HINTS`]) that gate the weak patterns: the postcode shapes that
/// may follow them.
const HINTS_EN_PC: &[usize] = &[7, 8];
const HINTS_GB: &[usize] = &[8];
const HINTS_5: &[usize] = &[9];
const HINTS_NL: &[usize] = &[10];
const HINTS_PT: &[usize] = &[11];
const HINTS_MIL: &[usize] = &[12];

static PROSE: LazyLock<Vec<ProsePattern>> = LazyLock::new(|| {
    let fr_part = r"(?:de[ \t]+la|de[ \t]+l['’]|des|du|de|d['’]|la|le|les|l['’]|et|sur|aux|au|à)";
    let es_part =
        r"(?:de[ \t]+la|de[ \t]+las|de[ \t]+los|del|de|la|el|los|las|y|i|d['’]|l['’]|dels)";
    let it_part = r"(?:del|della|dei|degli|delle|dello|di|da|dal|dalla|la|le|il|lo|gli|e|sant['’])";
    let pt_part = r"(?:da|do|das|dos|de|e|ao|aos|à|às)";
    let name = |part: &str| {
        format!(
            r"(?:{part}[ \t]*){{0,2}}(?:{CAPW}|[IVXL]+)(?:[ \t]+(?:{part}[ \t]*){{0,2}}(?:{CAPW}|[IVXL]+)){{0,4}}"
        )
    };
    let en = |types: &str| {
        format!(
            r"«LB»(?P<num>\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}})?)[ \t]+(?P<street>(?:(?:{CAPW}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}(?i:{types})(?:\.|\b)(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?)(?:[ \t]*,?[ \t]*(?P<unit>(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm)\.?[ \t]*#?[ \t]*[A-Za-z0-9]{{1,5}}\b|#[ \t]*[A-Za-z0-9]{{1,5}}\b))?"
        )
    };
    let de_num =
        r"(?P<num>\d{1,4}(?:[a-z]\b|[ \t]?[A-Z]\b)?(?:[ \t]*[\-/][ \t]*\d{1,4}[a-zA-Z]?)?)\b";
    let nl_num = r"(?P<num>\d{1,5}(?:[a-z]\b|-[A-Za-z0-9]{1,3}\b|[ \t]?(?:hs|bis|[A-Z])\b)?)\b";
    let fr = |types: &str, num_optional: bool| {
        format!(
            r"«LB»(?:(?P<num>\d{{1,4}}(?:[ \t]?(?:bis|ter|quater)\b|[A-Da-d]\b)?)(?:[ \t]*,)?[ \t]+){}(?P<street>(?i:{types})\.?[ \t]+{})",
            if num_optional { "?" } else { "" },
            name(fr_part)
        )
    };
    let es = |types: &str| {
        format!(
            r"«LB»(?P<street>(?:(?i:{types})\.?[ \t]+|C/[ \t]*){})(?:[ \t]*,)?[ \t]+(?P<num>(?:n[º°]\.?[ \t]*)?(?:\d{{1,4}}[A-Za-z]?\b|[Ss]/[Nn]\b))(?:(?:[ \t]*,[ \t]*|[ \t]+)(?P<unit>\d{{1,2}}[ \t]*[º°ª](?:[ \t]*(?:[A-Z]\b|\d{{1,2}}[ \t]*[º°ª]|izq(?:da|uierda)?\.?|dcha\.?|dch\.?))?|(?i:apt|apto|piso|puerta|pta|planta|esc|escalera|local)\.?[ \t]*[0-9A-Za-z]{{1,3}}\b[º°ª]?))?",
            name(es_part)
        )
    };
    let it = |types: &str| {
        format!(
            r"«LB»(?P<street>{types}[ \t]+{})(?:[ \t]*,)?[ \t]+(?P<num>(?:n\.[ \t]*)?\d{{1,4}}(?:[ \t]*/[ \t]*[A-Za-z0-9]{{1,2}}\b|[A-Za-z]\b)?)\b(?:(?:[ \t]*,[ \t]*|[ \t]+)(?P<unit>(?i:appartamento|app|apt|piano|scala|sc|interno|int)\.?[ \t]*[A-Za-z0-9]{{1,4}}\b))?",
            name(it_part)
        )
    };
    let pt = |types: &str, num_optional: bool| {
        format!(
            r"«LB»(?P<street>{types}[ \t]+{})(?:(?:[ \t]*,)?[ \t]+(?P<num>(?:n\.?[ \t]*[º°o]\.?[ \t]*)?(?:\d{{1,5}}[A-Za-z]?\b|[Ss]/[Nn]\b))(?:(?:[ \t]*,[ \t]*|[ \t]+|[ \t]*-[ \t]*)(?P<unit>(?i:apto?\.?|apartamento|bloco|casa|sala|loja)[ \t]*\d{{1,5}}\b|\d{{1,2}}[ \t]*\.?[ \t]*[º°ª](?:[ \t]*(?i:esq|dto|dt|andar|frente)\.?[º°]?)?))?){}",
            name(pt_part),
            if num_optional { "?" } else { "" }
        )
    };
    let mut pt_all: Vec<&str> = PT_TYPES.to_vec();
    pt_all.extend_from_slice(&BR_TYPES);
    let de_preps_cs: Vec<&str> = DE_PREPS.to_vec();
    // (locale, strip_stop, needs_tail, hint, pattern)
    let list: Vec<(AddressLocale, bool, bool, &[usize], String)> = vec![
        (EnUs, false, false, &[0], en("«ENSTRONG»")),
        (
            De,
            true,
            false,
            &[1],
            format!(
                r"«LB»(?P<street>(?:{CAPW}[ \t]+){{0,2}}\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*(?i:«DESUFS»)|(?:{CAPW}[ \t]+){{1,2}}(?:Straße|Strasse|Str\.|Allee|Platz|Weg|Gasse|Ring|Damm|Ufer|Chaussee|Steig|Markt|Pfad|Promenade))[ \t]+{de_num}"
            ),
        ),
        (
            Nl,
            true,
            false,
            &[2],
            format!(
                r"«LB»(?P<street>(?:{CAPW}[ \t]+){{0,2}}\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*(?i:«NLSUFS»))[ \t]+{nl_num}"
            ),
        ),
        (Fr, false, false, &[3], fr(&alt(&FR_TYPES_STRONG), false)),
        (Es, false, false, &[4], es(&alt(&ES_TYPES_STRONG))),
        (
            It,
            false,
            false,
            &[5],
            it(&format!("(?:Via|via|VIA|(?i:{}))", alt(&IT_TYPES_STRONG))),
        ),
        (
            Pt,
            false,
            false,
            &[6],
            pt(&format!("(?:(?i:{})|Av\\.?)", alt(&PT_TYPES_STRONG)), false),
        ),
        // Weak street words: only with a postcode after them.
        (EnUs, false, true, HINTS_EN_PC, en("«ENTYPE»")),
        (
            De,
            true,
            true,
            HINTS_5,
            format!(
                r"«LB»(?P<street>(?:{CAPW}[ \t]+){{0,2}}\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*(?i:«DESUF»)\.?|{}[ \t]+{CAPW}(?:[ \t]+{CAPW}){{0,2}})[ \t]+{de_num}",
                alt(&de_preps_cs)
            ),
        ),
        (
            Nl,
            true,
            true,
            HINTS_NL,
            format!(
                r"«LB»(?P<street>(?:{CAPW}[ \t]+){{0,2}}\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*(?i:«NLSUF»)|{}[ \t]+{CAPW}(?:[ \t]+(?:van|de|der|den|{CAPW})){{0,3}})[ \t]+{nl_num}",
                alt(&NL_PREFIXES)
            ),
        ),
        (Fr, false, true, HINTS_5, fr(&alt(&FR_TYPES), true)),
        // British flats first ("Flat 3, 25 Victoria Road"), US military addresses.
        (
            EnGb,
            false,
            true,
            HINTS_GB,
            format!(
                r"«LB»(?P<unit>(?:Flat|Studio|Apartment|Unit|Suite)[ \t]+\d{{1,4}}[A-Za-z]?)(?:[ \t]*,[ \t]*|[ \t]*\r?\n[ \t]*)(?:(?P<num>\d{{1,5}}[A-Za-z]?)[ \t]+)?(?P<street>(?:{CAPW}[ \t]+){{1,4}}(?i:«ENTYPE»)(?:\.|\b))"
            ),
        ),
        (
            EnUs,
            false,
            true,
            HINTS_MIL,
            format!(
                r"«LB»(?P<mil>(?:PSC|CMR|Unit)[ \t]+\d{{1,5}}(?:[ \t]*,?[ \t]*Box[ \t]+\d{{1,5}})?|(?:USS|USNS|USNV|USCGC)[ \t]+{CAPW}(?:[ \t]+{CAPW})?)"
            ),
        ),
        (Es, false, true, HINTS_5, es(&alt(&ES_TYPES))),
        (
            It,
            false,
            true,
            HINTS_5,
            it(&format!("(?i:{})\\.?", alt(&IT_TYPES))),
        ),
        (
            Pt,
            false,
            true,
            HINTS_PT,
            pt(&format!("(?i:{})\\.?", alt(&pt_all)), true),
        ),
    ];
    list.into_iter()
        .map(
            |(locale, strip_stop, needs_tail, hints, template)| ProsePattern {
                locale,
                strip_stop,
                needs_tail,
                hints,
                template,
                re: OnceLock::new(),
            },
        )
        .collect()
});

/// A city in prose: capitalised words, with the small words place names contain ("Frankfurt am
/// Main", "Tull en 't Waal", "Vila Nova de Foz Côa", "'s-Hertogenbosch", "2e Exloërmond").
const CITY_PROSE: &str = r"(?:(?:St|Ste|Mt|Ft)\.[ \t]+)?(?:'s-|'t[ \t]+|\d{1,2}e[ \t]+|(?:da|de|do|dos|das)[ \t]+)?\p{Lu}[\p{L}\p{M}'’\-]*(?:[ \t]+(?:(?:am|an|der|den|dem|vorm|vor|ob|bei|im|in|unter|auf|upon|on|sur|sous|lès|les|le|la|de|del|della|des|du|da|do|dos|das|di|y|i|e|en|aan|op|ter|ten|van|ao|a|'t)[ \t]+){0,2}\p{Lu}[\p{L}\p{M}'’\-]*){0,5}";

/// Tails after a street in prose that make it a full address (anchored at the street's end).
static TAILS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let sepp = r"(?:[ \t]*(?:,|\r?\n)[ \t]*(?:\r?\n[ \t]*)?|[ \t]+)";
    let hardp = r"(?:[ \t]*(?:,|\r?\n)[ \t]*(?:\r?\n[ \t]*)?)";
    let cityp = CITY_PROSE;
    let brsepp = format!(r"(?:[ \t]+[\-–][ \t]+|{sepp})");
    let bairrop = r"\p{Lu}[\p{L}\p{M}'’\-]*(?:[ \t]+[\p{L}\p{M}\d'’ªº\-]+){0,4}?";
    let t = [
        format!(
            r"^(?:{sepp}(?:(?i:apt|apartment|suite|ste|unit|floor|fl|room|rm)\.?[ \t]*#?[ \t]*[A-Za-z0-9]{{1,5}}|#[ \t]*[A-Za-z0-9]{{1,5}}))?{sepp}{cityp}(?:[ \t]*,[ \t]*|[ \t]+)«USSTATECS»\.?(?:[ \t]*,[ \t]*|[ \t]+)\d{{5}}(?:-\d{{4}})?(?:{hardp}(?:USA|United States))?"
        ),
        format!(r"^{sepp}(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{{5}}(?:-\d{{4}})?"),
        format!(
            r"^(?:{hardp}{cityp}){{0,2}}?{sepp}{cityp}{sepp}[A-Z]{{1,2}}\d[A-Z\d]?[ \t]?\d[A-Z]{{2}}(?:{hardp}(?:UK|United Kingdom))?"
        ),
        format!(
            r"^(?:{hardp}\d{{1,2}}\.[ \t]*(?:OG|Stock|Etage))?{sepp}(?:D-)?\d{{5}}[ \t]+{cityp}(?:{hardp}(?:Deutschland|Germany))?"
        ),
        format!(
            r"^{sepp}(?:F-)?\d{{5}}[ \t]+{cityp}(?:[ \t]+(?i:cedex)(?:[ \t]+\d{{1,2}})?)?(?:{hardp}France)?"
        ),
        format!(
            r"^(?:{sepp}\d{{5}}[ \t]+{cityp}|{hardp}{cityp}(?:[ \t]*,[ \t]*|[ \t]+)\d{{5}})(?:[ \t]*\({cityp}\))?(?:{hardp}(?:España|Spain))?"
        ),
        format!(
            r"^{sepp}(?:I-)?\d{{5}}(?:[ \t]*,[ \t]*|[ \t]*-[ \t]*|[ \t]+){cityp}(?:[ \t]*\([A-Z]{{2}}\)|[ \t]+«ITPROV»\b)?(?:{hardp}Italia)?"
        ),
        format!(
            r"^{sepp}[1-9]\d{{3}}[ \t]?[A-Z]{{2}}\b{sepp}{cityp}(?:[ \t]*\([A-Z]{{2,3}}\))?(?:{hardp}Nederland)?"
        ),
        format!(r"^{sepp}\d{{4}}-\d{{3}}[ \t]+{cityp}(?:{hardp}Portugal)?"),
        format!(
            r"^(?:{brsepp}{bairrop})??{brsepp}(?:{cityp}[ \t]*[/\-–][ \t]*«BRUF»(?:{brsepp}(?i:CEP:?[ \t]*)?\d{{5}}-?\d{{3}})?|(?i:CEP:?[ \t]*)?\d{{5}}-?\d{{3}}[ \t]+{cityp}[ \t]*[/\-–][ \t]*«BRUF»)"
        ),
    ];
    t.iter().map(|p| compile(p)).collect()
});

/// Compiles the hints and tails of prose addresses (see [`super::warm_up`]); the street
/// patterns themselves compile on first use, where their hints let them run.
pub(super) fn warm_up() {
    LazyLock::force(&PROSE_HINTS);
    LazyLock::force(&TAILS);
    LazyLock::force(&CITY_TAIL);
}

/// A capitalised city after a comma or newline, as the end of a full address in prose.
static CITY_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^(?:[ \t]*(?:,|\r?\n)[ \t]*(?:\r?\n[ \t]*)?){CITY_PROSE}(?:[ \t]*(?:,|\r?\n)[ \t]*«ANYCOUNTRY»)?"
    ))
});

/// Whether a tail ends where a word ends: not inside "31706-690" or "Berlin2".
fn ends_clean(rest: &str, end: usize) -> bool {
    rest[end..].chars().next().is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\''
            )
    })
}

/// One pass over the text: which prose patterns could match at all (their street words occur).
static PROSE_HINTS: LazyLock<ForwardSet> = LazyLock::new(|| {
    let hints: Vec<String> = hint_patterns().iter().map(|h| expand(h)).collect();
    ForwardSet::new(&hints, 64 << 20, 32 << 20)
});

/// The hints of [`PROSE_HINTS`], in the order [`PROSE`] names them.
fn hint_patterns() -> [String; 13] {
    [
        r"(?i)\b«ENSTRONG»(?:\.|\b)".to_string(),
        r"(?i)(?:«DESUFS»|straße|strasse|allee|platz|weg|gasse|ring|damm|ufer|chaussee|steig|markt|pfad|promenade)[ \t]+\d".to_string(),
        r"(?i)«NLSUFS»[ \t]+\d".to_string(),
        format!(r"(?i)\b{}[ \t]", alt(&FR_TYPES_STRONG)),
        format!(r"(?i)(?:\b{}[ \t]|C/)", alt(&ES_TYPES_STRONG)),
        format!(r"(?i)\b(?:via|{})[ \t]", alt(&IT_TYPES_STRONG)),
        format!(r"(?i)\b(?:av|{})\.?[ \t]", alt(&PT_TYPES_STRONG)),
        // Postcode shapes: US state + ZIP, UK, five digits, Dutch, Portuguese/Brazilian, APO.
        r"[A-Za-z]\.?,?[ \t]+\d{5}\b".to_string(),
        r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b".to_string(),
        r"\b\d{5}\b".to_string(),
        r"\b[1-9]\d{3}[ \t]?[A-Z]{2}\b".to_string(),
        r"\b\d{4}-\d{3}\b|\b\d{2}\.?\d{3}-?\d{3}\b".to_string(),
        r"\b(?:APO|FPO|DPO)\b".to_string(),
    ]
}

pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) full: bool,
    pub(super) parts: Vec<(Role, usize, usize)>,
    pub(super) locale: AddressLocale,
}

/// Whether a 4-digit number reads as a year (1900–2099).
fn looks_like_year(num: &str) -> bool {
    let d: String = num.chars().filter(|c| c.is_ascii_digit()).collect();
    d.len() == 4 && (d.starts_with("19") || d.starts_with("20"))
}

pub(super) fn prose_candidates(text: &str) -> Vec<Candidate> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // Every hint in one pass (a set's search reads the text once, however many match).
    let found = PROSE_HINTS.matches(text);
    if found.is_empty() {
        return Vec::new();
    }
    let hint = |i: usize| found.contains(PatternID::must(i));
    let mut out = Vec::new();
    for p in PROSE.iter() {
        if !p.hints.iter().any(|&i| hint(i)) {
            continue;
        }
        let re = p.re();
        // A weak street counts only with a postcode tail right after it: its tail is looked
        // for first, and the groups found only for a match that has one (a search from a
        // match's start finds that match again), with the tail's length.
        let matches: Box<dyn Iterator<Item = (regex::Captures, Option<usize>)>> = if p.needs_tail {
            Box::new(re.find_iter(text).filter_map(|m| {
                let tail = postcode_tail(&text[m.end()..]);
                (tail > 0).then(|| {
                    let caps = re.captures_at(text, m.start()).expect("the match again");
                    (caps, Some(tail))
                })
            }))
        } else {
            Box::new(re.captures_iter(text).map(|caps| (caps, None)))
        };
        for (caps, tail) in matches {
            let whole = caps.get(0).expect("match");
            // The ASCII `\b` the patterns use cannot see that "St" in "Stück" or "12" in "12ä"
            // goes on: the street and the match must end where a word ends.
            let word_goes_on =
                |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
            if word_goes_on(whole.end())
                || caps.name("street").is_some_and(|m| word_goes_on(m.end()))
            {
                continue;
            }
            let mut parts = parts_of(re, &caps, 0);
            let Some(mut start) = parts.first().map(|x| x.1) else {
                continue;
            };
            if p.strip_stop {
                let street = caps.name("street").expect("street group");
                let mut street_start = street.start();
                // Drop sentence words in front of the street ("Der Weg 12" is no street).
                loop {
                    let rest = &text[street_start..street.end()];
                    let Some(sp) = rest.find([' ', '\t']) else {
                        break;
                    };
                    let word = &rest[..sp];
                    if !STOP_WORDS.contains(&word) {
                        break;
                    }
                    let skip = rest[sp..].len() - rest[sp..].trim_start().len();
                    street_start += sp + skip;
                }
                start = street_start;
                let s = &text[street_start..street.end()];
                let single = !s.contains([' ', '\t']);
                let lower = s.to_lowercase();
                let bare_type = single
                    && [
                        "straße", "strasse", "str.", "allee", "platz", "weg", "gasse", "ring",
                        "damm", "ufer", "markt",
                    ]
                    .contains(&lower.as_str());
                if bare_type {
                    continue;
                }
                for part in parts.iter_mut().filter(|x| x.0 == Role::Street) {
                    part.1 = street_start;
                }
            }
            if let Some(street) = caps.name("street")
                && p.locale == It
                && street.as_str().starts_with("via")
            {
                // Lowercase "via" only after an Italian preposition ("abito in via Roma 10").
                let before = text[..street.start()].trim_end();
                let prev = before
                    .rsplit([' ', '\t', '\n'])
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                if ![
                    "in", "a", "di", "da", "su", "per", "alla", "nella", "della", "dalla", "sulla",
                    "presso", "sito", "sita", "siti", "site", "e",
                ]
                .contains(&prev.as_str())
                {
                    continue;
                }
            }
            if matches!(p.locale, EnUs | EnGb)
                && caps.name("street").is_some_and(|m| {
                    !en_street_ok(m.as_str(), caps.name("num").is_some())
                        || !en_type_capitalised(m.as_str())
                })
            {
                continue;
            }
            let end = whole.end();
            let num = caps.name("num").map_or("", |m| m.as_str());
            // Full address: the longest tail that follows.
            let rest = &text[end..];
            let any_tail = may_have_tail(rest);
            let mut tail_len = tail.unwrap_or_else(|| postcode_tail(rest));
            if p.needs_tail && tail_len == 0 {
                continue;
            }
            // Or a capitalised city that ends the clause ("… 42 Baker Street, London.").
            if tail_len == 0
                && any_tail
                && let Some(m) = CITY_TAIL.find(rest)
                && rest[m.end()..].chars().next().is_none_or(|ch| {
                    matches!(ch, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\n' | '\r')
                })
            {
                tail_len = m.end();
            }
            if tail_len == 0 && looks_like_year(num) {
                continue;
            }
            out.push(Candidate {
                start,
                end: end + tail_len,
                full: tail_len > 0,
                parts,
                locale: p.locale,
            });
        }
    }
    if hint(HINTS_NL[0]) {
        nl_bare_candidates(text, &mut out);
    }
    out
}

/// A Dutch street with no street word ("Spui 21", "Gratingastins 489"): only with the Dutch
/// postcode tail right after it (the index of that tail in [`TAILS`] is [`NL_TAIL`]).
static NL_BARE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"«LB»(?P<street>(?:{CAPW}[ \t]+){{0,2}}\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*)[ \t]+(?P<num>\d{{1,5}}(?:[a-z]\b|-[A-Za-z0-9]{{1,3}}\b)?)\b"
    ))
});

/// The Dutch postcode tail's index in [`TAILS`].
const NL_TAIL: usize = 7;

/// Dutch addresses whose street has no street word, by their postcode tail: candidates
/// [`prose_candidates`] adds when the Dutch postcode shape was seen.
fn nl_bare_candidates(text: &str, out: &mut Vec<Candidate>) {
    let re = &*NL_BARE;
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let rest = &text[whole.end()..];
        let Some(tail) = TAILS[NL_TAIL]
            .find(rest)
            .map(|m| m.end())
            .filter(|&e| ends_clean(rest, e))
        else {
            continue;
        };
        let parts = parts_of(re, &caps, 0);
        let Some(start) = parts.first().map(|x| x.1) else {
            continue;
        };
        out.push(Candidate {
            start,
            end: whole.end() + tail,
            full: true,
            parts,
            locale: Nl,
        });
    }
}

/// Every tail starts with a separator, then a digit, a capital or an apostrophe ("'s-Hertogenbosch");
/// most streets in prose are followed by a lowercase word or a full stop.
fn may_have_tail(rest: &str) -> bool {
    let after = rest.trim_start_matches([' ', '\t', ',', '\n', '\r', '-', '–', '/']);
    after.len() < rest.len()
        && after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase() || c == '\'')
}

/// The longest postcode tail (postcode + city, state + ZIP, …) at the start of `rest`, or 0.
fn postcode_tail(rest: &str) -> usize {
    if !may_have_tail(rest) {
        return 0;
    }
    TAILS
        .iter()
        .filter_map(|t| t.find(rest))
        .map(|m| m.end())
        .filter(|&e| ends_clean(rest, e))
        .max()
        .unwrap_or(0)
}

/// Keeps the longest of overlapping spans; returns them sorted.
pub(super) fn non_overlapping(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_by(|a, b| a.0.cmp(&b.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    let mut by_len = spans.clone();
    by_len.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for s in by_len {
        if kept.iter().all(|k| s.1 <= k.0 || s.0 >= k.1) {
            kept.push(s);
        }
    }
    kept.sort();
    kept
}

/// Full postal addresses inside prose: byte ranges (start, end) into `text`, sorted,
/// non-overlapping. Each needs a street type (word or suffix), a house number, and then a
/// postcode of the layout or a capitalised city after a comma ("… 42 Baker Street, London.").
/// Rarer street words ("Corners", "-ring", "Rotonda") count only with a postcode.
pub fn find_addresses(text: &str) -> Vec<(usize, usize)> {
    find_all_addresses(text).0
}

/// Street-only addresses inside prose ("lives at 42 Baker Street", "wohnt in der Hauptstraße
/// 12"): street + house number (+ unit) with no postcode or city after it. Disjoint from
/// [`find_addresses`]: a street that is part of a full address is reported there, not here.
/// Only common street words count here ("Street", "Road", "-straße", "rue", "Calle", "Via" …);
/// rarer ones ("Corners", "-ring", "Rotonda") and names without a street word ("Unter den
/// Linden 77", which reads like "Im Jahr 2020") only count inside full addresses.
pub fn find_street_addresses(text: &str) -> Vec<(usize, usize)> {
    find_all_addresses(text).1
}

/// Byte ranges `(start, end)` of addresses found in a text.
pub type Ranges = Vec<(usize, usize)>;

/// [`find_addresses`] and [`find_street_addresses`] from one pass of the patterns over `text`
/// (each of them alone runs the whole pass).
pub fn find_all_addresses(text: &str) -> (Ranges, Ranges) {
    let c = prose_candidates(text);
    if c.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let full = non_overlapping(
        c.iter()
            .filter(|c| c.full)
            .map(|c| (c.start, c.end))
            .collect(),
    );
    let streets: Vec<(usize, usize)> = c
        .iter()
        .filter(|c| !c.full)
        .map(|c| (c.start, c.end))
        .filter(|s| full.iter().all(|f| s.1 <= f.0 || s.0 >= f.1))
        .collect();
    (full, non_overlapping(streets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hints_read_in_one_pass_answer_as_each_hint_alone() {
        // Texts that hold some hints and not others: street words of each language, postcode
        // shapes, both, and neither; with accents, since `\b` reads them as letters.
        let texts = [
            "Bitte an Hauptstraße 12, 10115 Berlin schicken.",
            "Rückruf bei Frau Müller, Tel. 030 1234567, PLZ 80331.",
            "Il habite 12 rue de la Paix, 75002 Paris.",
            "Vive en Calle Mayor 5, 28013 Madrid; C/ Luna 3.",
            "Abito in via Roma 10, 00184 Roma.",
            "Mora na Rua das Flores 20, 1200-195 Lisboa.",
            "Ships to 42 Baker Street, London NW1 6XE.",
            "Sent to 12 Oak Ave, Springfield, IL 62704.",
            "Woont op Keizersgracht 12, 1015 CS Amsterdam.",
            "PSC 1234, Box 5678, APO AE 09012",
            "Order 12345678 shipped on 12/03/2024, 3 items.",
            "Kunde seit 2019, keine Adresse hinterlegt.",
            "née à Besançon, chemin des Écoliers 7",
            "",
        ];
        let singles: Vec<Regex> = hint_patterns().iter().map(|h| compile(h)).collect();
        let mut seen = [false; 13];
        for text in texts {
            let found = PROSE_HINTS.matches(text);
            for (i, single) in singles.iter().enumerate() {
                let matched = found.contains(PatternID::must(i));
                assert_eq!(matched, single.is_match(text), "hint {i} in {text:?}");
                seen[i] |= matched;
            }
        }
        // Every hint matched somewhere, so positive answers were compared too.
        let missing: Vec<usize> = (0..13).filter(|&i| !seen[i]).collect();
        assert!(missing.is_empty(), "hints never matched: {missing:?}");
    }

    #[test]
    fn prose_full_addresses() {
        let cases = [
            (
                "Please ship to 123 Main St, Springfield, IL 62704 by Friday.",
                "123 Main St, Springfield, IL 62704",
            ),
            (
                "Er wohnt in der Hauptstraße 12, 10115 Berlin.",
                "Hauptstraße 12, 10115 Berlin",
            ),
            (
                "J'habite au 12 rue de la Paix, 75002 Paris depuis 2010.",
                "12 rue de la Paix, 75002 Paris",
            ),
            (
                "Vivo en la calle Mayor 5, 28013 Madrid.",
                "calle Mayor 5, 28013 Madrid",
            ),
            (
                "Abito in via Roma 10, 00184 Roma.",
                "via Roma 10, 00184 Roma",
            ),
            (
                "Woont op Kalverstraat 12, 1012 NX Amsterdam.",
                "Kalverstraat 12, 1012 NX Amsterdam",
            ),
            (
                "Mora na Rua Augusta 120, 1100-053 Lisboa.",
                "Rua Augusta 120, 1100-053 Lisboa",
            ),
            (
                "Sent to 10 Downing Street, London SW1A 2AA yesterday",
                "10 Downing Street, London SW1A 2AA",
            ),
            (
                "He lives at 42 Baker Street, London.",
                "42 Baker Street, London",
            ),
            (
                "Wir treffen uns Am Markt 3, 28195 Bremen.",
                "Am Markt 3, 28195 Bremen",
            ),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = find_addresses(text)
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect();
            assert_eq!(got, vec![want], "{text:?}");
            assert!(find_street_addresses(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn prose_street_addresses() {
        let cases = [
            (
                "She lives at 42 Baker Street with her cat.",
                "42 Baker Street",
            ),
            (
                "Er wohnt in der Hauptstraße 12 seit Jahren.",
                "Hauptstraße 12",
            ),
            (
                "Rendez-vous au 12 rue de la Paix demain.",
                "12 rue de la Paix",
            ),
            ("Nos vemos en la Calle Mayor 5 a las ocho.", "Calle Mayor 5"),
            (
                "Ci vediamo in Piazza Garibaldi 3 domani.",
                "Piazza Garibaldi 3",
            ),
            (
                "Het kantoor zit op de Kerkstraat 5 in het centrum.",
                "Kerkstraat 5",
            ),
            ("Moro na Rua das Flores 23 há anos.", "Rua das Flores 23"),
            ("Die Berliner Straße 5 ist gesperrt.", "Berliner Straße 5"),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = find_street_addresses(text)
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect();
            assert_eq!(got, vec![want], "{text:?}");
            assert!(find_addresses(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn prose_negatives() {
        for text in [
            "Order 12 shipped to Berlin on 12.03.",
            "In 2020 we opened 3 stores in Texas.",
            "Im Jahr 2020 stieg der Umsatz um 12 Prozent.",
            "Am Montag 12 Uhr treffen wir uns.",
            "Call me at 555 1234 tomorrow.",
            "The Spring 2024 collection launched.",
            "Sent via DHL 3 days ago.",
            "Chapter 12 Main Points are listed below.",
            "Notepad 2 was updated, Firewall 3 too.",
            "Der Weg 12 Tage lang war hart.",
            "We paid 12.50 EUR for 3 Coffee Cups, Berlin style.",
            "Monitoring 3 services since 2021.",
            "Gehen 59699 Fenster plötzlich Platz lustig nennen.",
            "39593 Tür Stück dafür kennen.",
            "Agent 50 Budget road key eye source piece.",
            "The hotel is a 15 Minute Drive, London.",
        ] {
            assert!(
                find_addresses(text).is_empty(),
                "{text:?}: {:?}",
                find_addresses(text)
            );
            assert!(
                find_street_addresses(text).is_empty(),
                "{text:?}: {:?}",
                find_street_addresses(text)
            );
        }
    }

    #[test]
    fn spans_sorted_and_disjoint() {
        let text = "Ship to 123 Main St, Springfield, IL 62704 and 42 Baker Street, then Hauptstraße 12, 10115 Berlin.";
        let full = find_addresses(text);
        assert_eq!(full.len(), 2);
        assert!(full.windows(2).all(|w| w[0].1 <= w[1].0));
        let streets = find_street_addresses(text);
        assert_eq!(
            streets
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect::<Vec<_>>(),
            vec!["42 Baker Street"]
        );
    }
}
