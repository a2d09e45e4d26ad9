//! The word lists addresses are recognised and faked with (street types and suffixes, region
//! codes, real cities, street names per language), read once from `data/*.txt`, and the checks
//! made on single words. The files hold one entry per line (`#` starts a comment line); the
//! order of each list is kept as written, since surrogates pick entries by index.

use std::collections::HashSet;
use std::sync::LazyLock;

// Street types, suffixes and region codes (also used to build the regexes). The `_STRONG`
// lists hold the words that are safe in prose and without a postcode.
word_lists! {
    /// English street types; the type comes last ("Baker Street", "Main St.").
    EN_TYPES = "en_types.txt";
    EN_TYPES_STRONG = "en_types_strong.txt";
    EN_DIRS = "en_dirs.txt";
    /// German street suffixes (glued: "Hauptstraße", or a separate word: "Berliner Straße").
    DE_SUFFIXES = "de_suffixes.txt";
    DE_SUFFIXES_STRONG = "de_suffixes_strong.txt";
    /// German street names built with a preposition or adjective ("Am Markt").
    DE_PREPS = "de_preps.txt";
    /// French street types (first: "rue de la Paix").
    FR_TYPES = "fr_types.txt";
    FR_TYPES_STRONG = "fr_types_strong.txt";
    /// Spanish (and Catalan/Galician) street types; "C/" is handled separately.
    ES_TYPES = "es_types.txt";
    ES_TYPES_STRONG = "es_types_strong.txt";
    IT_TYPES = "it_types.txt";
    IT_TYPES_STRONG = "it_types_strong.txt";
    IT_PROVINCES = "it_provinces.txt";
    /// Dutch street suffixes, glued to the name ("Kalverstraat").
    NL_SUFFIXES = "nl_suffixes.txt";
    NL_SUFFIXES_STRONG = "nl_suffixes_strong.txt";
    /// Dutch first words of multi-word street names ("Laan van Meerdervoort").
    NL_PREFIXES = "nl_prefixes.txt";
    PT_TYPES = "pt_types.txt";
    BR_TYPES = "br_types.txt";
    PT_TYPES_STRONG = "pt_types_strong.txt";
    BR_UFS = "br_ufs.txt";
    /// Words that make "15 Minutes Drive" a distance, not a street.
    EN_NOT_NAMES = "en_not_names.txt";
    /// Words of a sentence, not of a street name ("12 people live on Main Street").
    EN_FUNCTION_WORDS = "en_function_words.txt";
    /// Words that start a sentence rather than a street name ("Der Weg 12 …").
    STOP_WORDS = "stop_words.txt";
}

// Surrogate street names, per language.
word_lists! {
    EN_STEMS = "en_stems.txt";
    US_DEFAULT_TYPES = "us_default_types.txt";
    GB_DEFAULT_TYPES = "gb_default_types.txt";
    GB_LOCALITIES = "gb_localities.txt";
    DE_STEMS = "de_stems.txt";
    DE_DEFAULT_SUFFIXES = "de_default_suffixes.txt";
    DE_ADJECTIVES = "de_adjectives.txt";
    DE_PERSONS = "de_persons.txt";
    DE_PREP_NAMES = "de_prep_names.txt";
    FR_NAMES = "fr_names.txt";
    FR_DEFAULT_TYPES = "fr_default_types.txt";
    ES_NAMES = "es_names.txt";
    ES_DEFAULT_TYPES = "es_default_types.txt";
    IT_NAMES = "it_names.txt";
    IT_DEFAULT_TYPES = "it_default_types.txt";
    NL_STEMS = "nl_stems.txt";
    NL_DEFAULT_SUFFIXES = "nl_default_suffixes.txt";
    PT_NAMES = "pt_names.txt";
    PT_DEFAULT_TYPES = "pt_default_types.txt";
    BR_NAMES = "br_names.txt";
    BR_DEFAULT_TYPES = "br_default_types.txt";
    BR_BAIRROS = "br_bairros.txt";
}

/// US states, DC, territories (abbreviation, name), from `data/us_states.txt`.
pub(super) static US_STATES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    crate::text::list_entries(include_str!("data/us_states.txt"))
        .map(|l| {
            let (abbr, name) = l.split_once('|').expect("us_states.txt: `AB | Name`");
            (abbr.trim(), name.trim())
        })
        .collect()
});

/// One real city: its name, its region (US state code, UK county, Spanish province, Italian
/// province code, Brazilian UF; empty where the layout has none) and postcode templates (`#`
/// any digit, `%` 1-9; for the UK: outward codes).
pub(super) struct City {
    pub(super) name: &'static str,
    pub(super) region: &'static str,
    pub(super) pc: Vec<&'static str>,
}

/// A city table: `name | region | template template …` per line.
fn city_table(text: &'static str) -> Vec<City> {
    crate::text::list_entries(text)
        .map(|l| {
            let mut f = l.split('|').map(str::trim);
            let (Some(name), Some(region), Some(pc), None) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                panic!("city table: `name | region | postcodes` expected, got {l:?}");
            };
            City {
                name,
                region,
                pc: pc.split_whitespace().collect(),
            }
        })
        .collect()
}

macro_rules! city_tables {
    ($($name:ident = $file:literal;)*) => {
        $(
            pub(super) static $name: LazyLock<Vec<City>> =
                LazyLock::new(|| city_table(include_str!(concat!("data/", $file))));
        )*
    };
}

city_tables! {
    US_CITIES = "us_cities.txt";
    GB_CITIES = "gb_cities.txt";
    DE_CITIES = "de_cities.txt";
    FR_CITIES = "fr_cities.txt";
    ES_CITIES = "es_cities.txt";
    IT_CITIES = "it_cities.txt";
    NL_CITIES = "nl_cities.txt";
    PT_CITIES = "pt_cities.txt";
    BR_CITIES = "br_cities.txt";
}

/// Lower-cased word without trailing dots, for list look-ups.
pub(super) fn key(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// Whether `word` (without trailing dots, any case) is in `list`.
pub(super) fn is_in(list: &[&str], word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.is_ascii() {
        return list
            .iter()
            .any(|x| x.trim_end_matches('.').eq_ignore_ascii_case(w));
    }
    let k = w.to_lowercase();
    list.iter()
        .any(|x| x.trim_end_matches('.').to_lowercase() == k)
}

/// Whether an English street's words read as a name ("Baker Street", "The Crescent"), not a
/// sentence, nor (right after a number) a distance or a duration ("15 Minutes Drive").
pub(super) fn en_street_ok(street: &str, after_number: bool) -> bool {
    street.split_whitespace().enumerate().all(|(i, w)| {
        let k = key(w);
        let distance = i == 0 && after_number && EN_NOT_NAMES.contains(&k.as_str());
        let sentence = EN_FUNCTION_WORDS.contains(&k.as_str()) || (k == "the" && i > 0);
        !distance && !sentence
    })
}

/// Whether an English street in prose has a capitalised type word ("Main Street", "Main ST"), as
/// "enter 7546 Machine drive" does not.
pub(super) fn en_type_capitalised(street: &str) -> bool {
    let words: Vec<&str> = street.split_whitespace().collect();
    let mut i = words.len();
    while i > 1 && is_in(&EN_DIRS, words[i - 1]) {
        i -= 1;
    }
    i == 0 || words[i - 1].chars().next().is_some_and(char::is_uppercase)
}

/// Whether any word of `s` is one of [`EN_NOT_NAMES`], [`EN_FUNCTION_WORDS`] or "the" (then the
/// street needs a closer look).
pub(super) fn has_en_not_name(s: &str) -> bool {
    static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let mut w: HashSet<&'static str> = EN_NOT_NAMES.iter().copied().collect();
        w.extend(EN_FUNCTION_WORDS.iter());
        w.insert("the");
        w
    });
    let mut buf = [0u8; 12];
    s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        if w.is_empty() || w.len() > buf.len() {
            return false;
        }
        for (b, c) in buf.iter_mut().zip(w.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..w.len()]).is_ok_and(|l| WORDS.contains(l))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        assert_eq!(EN_TYPES.first(), Some(&"Alley"));
        assert_eq!(US_STATES[8], ("DC", "District of Columbia"));
        assert_eq!(DE_CITIES[0].pc, ["10###", "12###", "13###"]);
        assert_eq!(DE_CITIES[0].region, "");
        for t in [&US_CITIES, &GB_CITIES, &DE_CITIES, &FR_CITIES, &ES_CITIES] {
            assert!(t.iter().all(|c| !c.name.is_empty() && !c.pc.is_empty()));
        }
        for t in [&IT_CITIES, &NL_CITIES, &PT_CITIES, &BR_CITIES] {
            assert!(t.iter().all(|c| !c.name.is_empty() && !c.pc.is_empty()));
        }
    }
}
