//! The regex building blocks of every address pattern: named pieces (`«NAME»` in a template:
//! separators, street words per language, house numbers, units, postcodes, countries), their
//! expansion into one pattern, and compilation with the size limits the patterns need: one pattern
//! as a `Regex`, several searched only for which of them match as a [`ForwardSet`].

use super::words::*;
use regex::RegexBuilder;
use regex_automata::nfa::thompson::{self, WhichCaptures, pikevm};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet, hybrid};
use std::sync::LazyLock;

/// An alternation of literal words, longest first, each escaped.
pub(super) fn alt(words: &[&str]) -> String {
    let mut v: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    format!("(?:{})", v.join("|"))
}

/// The building blocks every pattern is assembled from (`«NAME»` in a template).
static VARS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    let us_states: Vec<&str> = US_STATES.iter().flat_map(|(a, n)| [*a, *n]).collect();
    let us_states_cs: Vec<String> = US_STATES
        .iter()
        .flat_map(|(a, n)| [a.to_string(), n.to_string()])
        .collect();
    let us_states_cs: Vec<&str> = us_states_cs.iter().map(|s| s.as_str()).collect();
    vec![
        // What may precede a word in prose (a Unicode `\b` would slow the DFA on non-ASCII text).
        ("LB", r"(?:^|[^\p{L}\p{M}0-9_'’])".into()),
        // Separators between the parts of an address.
        ("SEP", r"(?:[ \t]*(?:[,;][ \t]*(?:\r?\n[ \t]*)*|(?:\r?\n[ \t]*)+)|[ \t]+[\-–][ \t]+|[ \t]+)".into()),
        ("HARD", r"(?:[ \t]*(?:[,;][ \t]*(?:\r?\n[ \t]*)*|(?:\r?\n[ \t]*)+))".into()),
        ("BRSEP", r"(?:[ \t]*[\-–][ \t]*(?:\r?\n[ \t]*)?|«SEP»)".into()),
        // A word of a street name (may hold digits: "5th", "D. João II"; a note in parentheses:
        // "Travessa do Brasil (Porto)"), and one starting with a letter.
        ("W", r"[\p{L}\p{M}\d'’(][\p{L}\p{M}\d'’.\-()]*".into()),
        // A capitalised word of a street name (all-lowercase cells are title-cased before matching,
        // so "bitte an hauptstraße 12" cannot pass for a street).
        ("UW", r"(?-i:\p{Lu}[\p{L}\p{M}\d'’.\-]*)".into()),
        // City words: capitalised (letters, apostrophes, hyphens, dots, slashes, parentheses:
        // "Halle (Saale)", "St. Moritz/Ulten", "Cornedo all'Isarco"), joined by the small words
        // place names contain ("Frankfurt am Main", "Tull en 't Waal").
        (
            "CUW",
            r"(?-i:[(\-]?\p{Lu}[\p{L}\p{M}'’.\-)/]*|\p{Ll}{1,5}['’]\p{Lu}[\p{L}\p{M}'’.\-)/]*|c\.?a\.?)".into(),
        ),
        (
            "CONN",
            r"(?-i:am|an|der|den|dem|vorm|vor|ob|bei|im|in|unter|auf|upon|on|sur|sous|lès|les|le|la|de|del|della|dei|degli|delle|des|du|da|do|dos|das|di|y|i|e|en|aan|op|ter|ten|van|ao|a|al|'t|et|und|of|gem\.)".into(),
        ),
        (
            "CITY",
            r"(?:\d{1,2}e[ \t]+|'s[\- ]|'t[ \t]+|(?-i:da|de|do|dos|das)[ \t]+)?«CUW»(?:[ \t]+(?:«CONN»[ \t]+){0,2}«CUW»){0,5}?".into(),
        ),
        // A capitalised city (when no postcode vouches for the address).
        (
            "UCITY",
            r"(?-i:\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+(?:(?:am|an|der|upon|on|sur|de|del|da|do|dos|das|di|la|le|les|im|in|en|aan|den|op|bei|y|e)[ \t]+){0,2}\p{Lu}[\p{L}\p{M}'’.\-]*){0,3})".into(),
        ),
        ("BW", r"[\p{L}\p{M}\d'’][\p{L}\p{M}\d'’.ªº\-]*".into()),
        ("BAIRRO", r"«BW»(?:[ \t]+(?:[\-–][ \t]+)?«BW»){0,5}?".into()),
        // English.
        ("ENTYPE", alt(&EN_TYPES)),
        ("ENSTRONG", alt(&EN_TYPES_STRONG)),
        ("DIR", format!(r"{}\.?", alt(&EN_DIRS))),
        ("ENNUM", r"\d{1,6}[A-Za-z]?(?:[\-/]\d{1,5}[A-Za-z]?)?(?:[ \t]+1/2)?".into()),
        (
            "ENSTREET",
            r"(?:(?:«W»[ \t]+){1,6}«ENTYPE»\.?(?:[ \t]+«DIR»)?|Broadway)".into(),
        ),
        (
            "ENSTREETS",
            r"(?:(?:«W»[ \t]+){1,6}«ENSTRONG»\.?(?:[ \t]+«DIR»)?|Broadway)".into(),
        ),
        (
            "ENUNIT",
            r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Fl|Floor|Flat|Bldg|Building|Lot|Spc|Space|Dept|Department|PMB|Studio|Office|Trlr|Trailer|Hangar|Pier|Slip)\.?[ \t]*(?:No\.?[ \t]*)?#?[ \t]*[A-Za-z0-9][A-Za-z0-9\-]{0,5}|#[ \t]*[A-Za-z0-9][A-Za-z0-9\-]{0,5}|\d{1,3}(?:st|nd|rd|th)[ \t]+Floor)".into(),
        ),
        ("USSTATE", alt(&us_states)),
        ("USSTATECS", alt(&us_states_cs)),
        ("USCOUNTRY", r"(?:USA|U\.S\.A\.?|U\.S\.|US|United States(?: of America)?)".into()),
        ("GBPC", r"[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}".into()),
        (
            "GBUNIT",
            r"(?:Flat|Apartment|Apt|Studio|Unit|Suite|Room|Floor|Maisonette)\.?[ \t]*[A-Za-z0-9][A-Za-z0-9\-]{0,4}".into(),
        ),
        (
            "GBCOUNTRY",
            r"(?:United Kingdom|UK|U\.K\.|Great Britain|GB|England|Scotland|Wales|Northern Ireland)".into(),
        ),
        // German.
        ("DESUF", alt(&DE_SUFFIXES)),
        ("DESUFS", alt(&DE_SUFFIXES_STRONG)),
        ("DEPREP", alt(&DE_PREPS)),
        (
            "DESTREET",
            r"(?:«DEPREP»[ \t]+«UW»(?:[ \t]+«UW»){0,2}|(?:(?:«DEW»[ \t]+){1,2}[\p{L}\p{M}'’.\-]*|[\p{L}\p{M}'’.\-]+)«DESUF»\.?)".into(),
        ),
        (
            "DESTREETS",
            r"(?:«DEPREP»[ \t]+«UW»(?:[ \t]+«UW»){0,2}|(?:(?:«DEW»[ \t]+){1,2}[\p{L}\p{M}'’.\-]*|[\p{L}\p{M}'’.\-]+)«DESUFS»\.?)".into(),
        ),
        ("DENUM", r"\d{1,4}(?:[ \t]?[a-zA-Z])?(?:[ \t]*[\-/][ \t]*\d{1,4}(?:[ \t]?[a-zA-Z])?)?".into()),
        (
            "DEUNIT",
            r"(?:(?:Whg|Wohnung|App|Apt|Appartement|Zimmer|Zi|Haus|Geb|Gebäude|Aufgang|Stiege|Tür|Top|Postfach)\.?[ \t]*[A-Za-z0-9]{1,6}|\d{1,2}\.?[ \t]*(?:OG|Obergeschoss|Stock|Etage)(?:[ \t]+(?:links|rechts|li|re|Mitte)\.?)?|EG|DG|UG|Hinterhaus|Vorderhaus|Seitenflügel|HH|VH)".into(),
        ),
        ("DECOUNTRY", r"(?:Deutschland|Germany|DE|BRD|Allemagne)".into()),
        // French.
        ("FRTYPE", alt(&FR_TYPES)),
        ("FRNUM", r"\d{1,4}(?:[ \t]?(?:bis|ter|quater|quinquies|[A-Da-d]))?".into()),
        (
            "FRUNIT",
            r"(?:(?:Appartement|Appart|Appt|App|Apt|Bâtiment|Batiment|Bât|Bat|Escalier|Esc|Étage|Etage|Porte|Résidence|Residence|Rés|Res|BP|CS|TSA|Boîte postale|Boite postale|Immeuble|Imm)\.?[ \t]*(?-i:[\p{L}\d][\p{L}\d'’\-]*(?:[ \t]+[\p{L}\d][\p{L}\d'’\-]*){0,3})|\d{1,2}(?:e|è|ème|eme|er|ère)[ \t]+étage)".into(),
        ),
        ("FRUNITS", r"«FRUNIT»(?:«HARD»«FRUNIT»){0,2}".into()),
        // Spanish.
        ("ESTYPEG", format!(r"(?:c/[ \t]*|{}\.?[ \t]+)", alt(&ES_TYPES))),
        (
            "ESNUM",
            r"(?:(?:n[º°o]\.?|núm\.?|num\.?|número)[ \t]*)?(?:\d{1,4}(?:[ \t]?(?:bis|[A-Za-z]))?|s/n)".into(),
        ),
        (
            "ESUNIT",
            r"(?:\d{1,2}[ \t]*[º°ª]|\d{1,2}[ \t]*[º°ª]?[ \t]*(?:izquierda|izda|izq|derecha|dcha|dch|der|centro|ctro|interior|int|exterior|ext)\.?|(?:piso|planta|pl\.|puerta|pta\.?|apt\.?|apto\.?|apartamento|escalera|esc\.?|bloque|blq\.?|bl\.|portal|port\.|bajo|bj\.?|entlo\.?|entresuelo|ático|atico|local|oficina|of\.|casa|km\.?|dpto\.?|depto\.?|letra|izquierda|izda\.?|izq\.?|derecha|dcha\.?)(?:[ \t]*(?-i:[\p{L}\d]{1,3})(?:[ \t]*[º°ª])?)?)".into(),
        ),
        ("ESUNIT2", r"(?:«ESUNIT»|[A-Za-z]|\d{1,2})".into()),
        ("ESUNITS", r"«ESUNIT»(?:(?:[ \t]*,[ \t]*|[ \t]*-[ \t]*|[ \t]*)«ESUNIT2»){0,3}".into()),
        ("ESCOUNTRY", r"(?:España|Espana|Spain)".into()),
        // Italian.
        ("ITTYPEG", format!(r"{}\.?[ \t]+", alt(&IT_TYPES))),
        (
            "ITNUM",
            r"(?:n\.?[ \t]*)?(?:\d{1,4}(?:[ \t]*/[ \t]*[A-Za-z0-9]{1,3}|[ \t]?(?:bis|ter|[A-Za-z]))?|snc|s\.n\.c\.|sn|s\.n\.)".into(),
        ),
        (
            "ITUNIT",
            r"(?:Appartamento|App|Apt|Piano|Scala|Sc|Interno|Int|Edificio|Ed|Palazzina|Pal|Lotto|Isolato|Is|Fabbricato|Fabb|Torre)\.?[ \t]*[A-Za-z0-9]{1,4}".into(),
        ),
        ("ITUNITS", r"«ITUNIT»(?:(?:[ \t]*,[ \t]*|[ \t]+)«ITUNIT»){0,3}".into()),
        ("ITPROV", alt(&IT_PROVINCES)),
        // Dutch.
        ("NLSUF", alt(&NL_SUFFIXES)),
        ("NLSUFS", alt(&NL_SUFFIXES_STRONG)),
        ("NLPREF", alt(&NL_PREFIXES)),
        ("NLW", r"(?:«UW»|(?-i:van|de|der|den|het|'t|ter|ten|op|aan|in|bij))".into()),
        ("DEW", r"(?:«UW»|(?-i:von|vom|van|der|den|de|zu|zum|zur))".into()),
        (
            "NLSTREET",
            r"(?:«NLPREF»[ \t]+«NLW»(?:[ \t]+«NLW»){0,3}|(?:«UW»[ \t]+(?:«NLW»[ \t]+){0,2}[\p{L}\p{M}'’.\-]*|[\p{L}\p{M}'’.\-]+)«NLSUF»)".into(),
        ),
        (
            "NLSTREETS",
            r"(?:«NLPREF»[ \t]+«NLW»(?:[ \t]+«NLW»){0,3}|(?:«UW»[ \t]+(?:«NLW»[ \t]+){0,2}[\p{L}\p{M}'’.\-]*|[\p{L}\p{M}'’.\-]+)«NLSUFS»)".into(),
        ),
        ("NLNUM", r"\d{1,5}(?:[ \t]*-?[ \t]*(?:[A-Za-z]{1,2}|hs|bis|I{1,3}|IV|\d{1,4}))?".into()),
        (
            "NLUNIT",
            r"(?:bus|app\.?|appartement|verdieping|etage|hs|huis|boven|beneden|bovenwoning|benedenwoning)[ \t]*[A-Za-z0-9]{0,4}".into(),
        ),
        ("NLPC", r"[1-9]\d{3}[ \t]?[A-Za-z]{2}".into()),
        ("NLCOUNTRY", r"(?:Nederland|Netherlands|The Netherlands|NL|Holland)".into()),
        // Portuguese.
        ("PTTYPEG", format!(r"{}\.?[ \t]+", alt(&PT_TYPES))),
        ("BRTYPEG", format!(r"{}\.?[ \t]+", alt(&BR_TYPES))),
        (
            "PTNUM",
            r"(?:n\.?[ \t]*[º°o]\.?[ \t]*)?(?:\d{1,5}[A-Za-z]?(?:[\-/]\d{1,4}[A-Za-z]?)?|s/n|sn)".into(),
        ),
        (
            "PTUNIT",
            r"(?:\d{1,2}[ \t]*\.?[ \t]*[º°ª](?:[ \t]*(?:andar|esquerdo|esq\.?|dto\.?|dt[º°]?\.?|direito|drt\.?|frente|fte\.?|tras|trás|[A-Z]))?|r/c(?:[ \t]*(?:esq\.?|dto\.?|dt[º°]?\.?))?|rc|cave|loja[ \t]*\d*|esquerdo|esq\.?|dto\.?|direito|frente|apto?\.?[ \t]*\d+|apartamento[ \t]*\d+|bloco[ \t]*[A-Za-z0-9]+|lote[ \t]*\d+|sala[ \t]*\d+)".into(),
        ),
        ("PTUNITS", r"«PTUNIT»(?:(?:[ \t]*,[ \t]*|[ \t]+)«PTUNIT»){0,3}".into()),
        (
            "BRNUM",
            r"(?:n[º°o]?\.?[ \t]*)?(?:\d{1,5}[A-Za-z]?|s/n|sn|km[ \t]*\d{1,4}(?:[,.]\d)?)".into(),
        ),
        (
            "BRUNIT",
            r"(?:(?:apto|apt|ap|apartamento|bloco|bl|casa|cs|sala|sl|conjunto|conj|cj|lote|lt|loja|lj|quadra|qd|andar|torre|edifício|edificio|ed)\.?[ \t]*(?:\d{1,5}[A-Za-z]?|[A-Z])|fundos|térreo|terreo|cobertura)".into(),
        ),
        ("BRUNITS", r"«BRUNIT»(?:(?:[ \t]*,[ \t]*|[ \t]+|[ \t]*[\-–][ \t]*)«BRUNIT»){0,3}".into()),
        ("BRUF", alt(&BR_UFS)),
        ("BRCEP", r"\d{2}\.?\d{3}-?\d{3}".into()),
        (
            "ANYCOUNTRY",
            r"(?:USA|United States|United Kingdom|UK|Deutschland|Germany|France|España|Spain|Italia|Italy|Nederland|Netherlands|Portugal|Brasil|Brazil)".into(),
        ),
    ]
});

/// Leaf building blocks that are matched case-insensitively (street words, units, countries).
/// Only these: case-folding the big Unicode letter classes makes compiling several times slower.
#[rustfmt::skip]
const CASE_INSENSITIVE: &[&str] = &[
    "ENTYPE", "ENSTRONG", "DIR", "ENNUM", "ENUNIT", "USSTATE", "USCOUNTRY", "GBPC", "GBUNIT",
    "GBCOUNTRY", "DESUF", "DESUFS", "DEPREP", "DENUM", "DEUNIT", "DECOUNTRY", "FRTYPE", "FRNUM",
    "FRUNIT", "ESTYPEG", "ESNUM", "ESUNIT", "ESCOUNTRY", "ITTYPEG", "ITNUM", "ITUNIT", "NLSUF",
    "NLSUFS", "NLPREF", "NLNUM", "NLUNIT", "NLPC", "NLCOUNTRY", "PTTYPEG", "BRTYPEG", "PTNUM",
    "PTUNIT", "BRNUM", "BRUNIT", "BRUF", "ANYCOUNTRY",
];

/// Expands `«NAME»` placeholders and makes `\d` ASCII-only.
pub(super) fn expand(template: &str) -> String {
    let mut s = template.to_string();
    for _ in 0..8 {
        if !s.contains('«') {
            break;
        }
        for (k, v) in VARS.iter() {
            let key = format!("«{k}»");
            if s.contains(&key) {
                let v = if CASE_INSENSITIVE.contains(k) {
                    format!("(?i:{v})")
                } else {
                    v.clone()
                };
                s = s.replace(&key, &v);
            }
        }
    }
    debug_assert!(!s.contains('«'), "unexpanded placeholder");
    // ASCII classes keep the lazy DFA usable on non-ASCII text (a Unicode `\b` would not).
    s.replace(r"\d", "[0-9]")
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\p{Lu}", r"[\p{Latin}&&\p{Lu}]")
        .replace(r"\p{L}", r"\p{Latin}")
        .replace(r"\p{M}", r"\x{300}-\x{36F}")
}

pub(super) fn compile(pattern: &str) -> crate::per_thread::Pattern {
    RegexBuilder::new(&expand(pattern))
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
        .expect("address regex compiles")
        .into()
}

/// Which of several patterns match a text, as [`regex::RegexSet::matches`] says, built without
/// what such a question never uses: a `RegexSet` also compiles every pattern reversed (to find
/// where a match starts), about 40% of the time the address sets take to compile, paid at the
/// start of every run. The lazy DFA answers; where it cannot (a Unicode `\b` beside a non-ASCII
/// letter, or a cache it gave up on), the PikeVM does, as in `regex`.
pub(super) struct ForwardSet {
    engines: SetEngines,
    /// Each thread's caches (see [`crate::per_thread`]: a shared pool locks for every thread
    /// but one).
    caches: thread_local::ThreadLocal<std::cell::RefCell<SetCaches>>,
}

struct SetEngines {
    dfa: hybrid::dfa::DFA,
    pikevm: pikevm::PikeVM,
}

struct SetCaches {
    dfa: hybrid::dfa::Cache,
    pikevm: pikevm::Cache,
}

impl ForwardSet {
    /// Compiles `patterns` (already [`expand`]ed) with the limits of [`compile`]'s callers:
    /// `nfa_limit` bytes for the automaton, `dfa_cache` bytes for each thread's lazy DFA.
    pub(super) fn new(patterns: &[String], nfa_limit: usize, dfa_cache: usize) -> ForwardSet {
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new().utf8(true))
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(nfa_limit))
                    .which_captures(WhichCaptures::None),
            )
            .build_many(patterns)
            .expect("address patterns compile");
        let dfa = hybrid::dfa::Config::new()
            .match_kind(MatchKind::All)
            .cache_capacity(dfa_cache)
            .unicode_word_boundary(true)
            // Like `regex`: a cache cleared again and again hands the search to the PikeVM.
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let dfa = hybrid::dfa::Builder::new()
            .configure(dfa)
            .build_from_nfa(nfa.clone())
            .expect("a lazy DFA of the address patterns");
        let pikevm = pikevm::PikeVM::builder()
            .configure(pikevm::Config::new().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .expect("a PikeVM of the address patterns");
        ForwardSet {
            engines: SetEngines { dfa, pikevm },
            caches: thread_local::ThreadLocal::new(),
        }
    }

    /// The patterns that match somewhere in `text`.
    pub(super) fn matches(&self, text: &str) -> PatternSet {
        let e = &self.engines;
        let mut found = PatternSet::new(e.pikevm.get_nfa().pattern_len());
        let input = Input::new(text);
        let mut caches = self
            .caches
            .get_or(|| {
                std::cell::RefCell::new(SetCaches {
                    dfa: e.dfa.create_cache(),
                    pikevm: e.pikevm.create_cache(),
                })
            })
            .borrow_mut();
        if e.dfa
            .try_which_overlapping_matches(&mut caches.dfa, &input, &mut found)
            .is_err()
        {
            found.clear();
            e.pikevm
                .which_overlapping_matches(&mut caches.pikevm, &input, &mut found);
        }
        found
    }
}
