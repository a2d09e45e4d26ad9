//! Location (`rules/location.toml`): street addresses keep their layout and street type (and
//! its language), cities come from `data/cities.txt`, postcodes keep their first character and
//! shape, coordinates move by about 1–20 km, and full addresses go to `detect::address`.

use super::person::{Loc, first_names, last_names};
use super::{
    Case, case_like, case_of, digit, entries, pick, scrub_survivors, sets, shape_char,
    shape_preserving,
};
use rand::{Rng, RngExt};
use std::borrow::Cow;
use std::sync::LazyLock;

/// A full address: rebuilt part by part where `detect::address` can read it, else with every
/// identifying word it left behind scrubbed.
pub(super) fn address<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    address_with(o, false, rng)
}

/// [`address`] with the street type drawn among its language's (see `fakers::fake_wider`).
pub(super) fn address_wider<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    address_with(o, true, rng)
}

fn address_with<R: Rng + ?Sized>(o: &str, wide: bool, rng: &mut R) -> String {
    let (r, whole) = crate::detect::address::fake_address_parsed_with(o, wide, rng);
    if whole {
        r
    } else {
        scrub_survivors(o, &r, rng)
    }
}

static NUMBER_FIRST_TYPES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_types_number_first.txt")));

/// Front street types by language: French, Spanish, Italian, Portuguese (see the file).
static FRONT_SETS: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| sets(include_str!("data/street_types_front.txt")));

static FRONT_TYPES: LazyLock<Vec<&str>> =
    LazyLock::new(|| FRONT_SETS.iter().flatten().copied().collect());

/// Glued suffixes by language: German, Dutch (see the file).
static GLUED_SETS: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| sets(include_str!("data/street_suffixes_glued.txt")));

static GLUED_SUFFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| GLUED_SETS.iter().flatten().copied().collect());

static ES_NAMES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_names_es.txt")));

pub(super) fn street<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    street_with(o, 0, rng)
}

/// [`street`] with one more digit in the house number (`5` → `57`), and the street type drawn
/// among its language's (`Calle` → `Paseo`, `rue` → `allée`, `Place` → `Court`): more
/// addresses, for the columns whose addresses outnumber [`street`]'s, and a way out when the
/// type itself is another column's original (a user named `calle` turns away every `Calle …`
/// surrogate; see `fakers::fake_wider`).
pub(super) fn street_wider<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    street_with(o, 1, rng)
}

/// Street types by language (written before the name in French, Spanish, Italian and
/// Portuguese; after it in English), that a wider draw picks among; abbreviations (`bd`, `c/`,
/// `av.`, `St.`) are kept as written. ORDER MATTERS, as in data files.
const TYPE_LANGUAGES: [&[&str]; 5] = [
    &["rue", "avenue", "boulevard", "allée", "chemin", "place"],
    &["calle", "avenida", "paseo", "plaza"],
    &["via", "viale", "piazza", "corso", "largo"],
    &["rua", "travessa", "praça", "alameda"],
    &[
        "street", "avenue", "road", "lane", "drive", "way", "court", "place", "terrace",
    ],
];

/// `ty` (a street type), or with `more` digits another type of its language (the language
/// from `languages`: the front types' four or English), in `ty`'s case.
fn street_type<'a, R: Rng + ?Sized>(
    ty: &'a str,
    languages: &[&[&str]],
    more: usize,
    rng: &mut R,
) -> Cow<'a, str> {
    if more == 0 {
        return Cow::Borrowed(ty);
    }
    let lower = ty.to_lowercase();
    let Some(language) = languages.iter().find(|l| l.contains(&lower.as_str())) else {
        return Cow::Borrowed(ty);
    };
    let drawn = pick(rng, language);
    Cow::Owned(match case_of(ty) {
        Case::Upper => drawn.to_uppercase(),
        Case::Lower => drawn.to_string(),
        Case::Mixed => {
            let mut c = drawn.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    })
}

/// A street address like `o`, its house number with `more` digits than the original's (and,
/// with `more`, its street type drawn again; see [`street_wider`]).
fn street_with<R: Rng + ?Sized>(o: &str, more: usize, rng: &mut R) -> String {
    let tokens: Vec<&str> = o.split_whitespace().collect();
    let num_like = |t: &str| {
        t.trim_end_matches(',')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    };
    let new_num = |t: &str, rng: &mut R| -> String {
        let digits = t.chars().take_while(char::is_ascii_digit).count().max(1) + more;
        let mut s = String::new();
        s.push(char::from(b'1' + rng.random_range(0..9u8)));
        for _ in 1..digits {
            s.push(char::from(b'0' + digit(rng)));
        }
        s
    };
    if tokens.len() >= 2 && num_like(tokens[0]) {
        let num = new_num(tokens[0], rng);
        let second = tokens[1].to_lowercase();
        if FRONT_TYPES.contains(&second.as_str()) {
            // `12 rue de la Paix`
            let name = pick(rng, front_names(&second));
            let ty = street_type(tokens[1], &TYPE_LANGUAGES[..4], more, rng);
            return format!("{num} {ty} {name}");
        }
        let last = tokens[tokens.len() - 1];
        let ty = if NUMBER_FIRST_TYPES.contains(&last.to_lowercase().as_str()) {
            last
        } else {
            "Street"
        };
        let name = pick(rng, last_names(Loc::En));
        let ty = street_type(ty, &TYPE_LANGUAGES[4..], more, rng);
        return format!("{num} {name} {ty}");
    }
    if tokens.len() >= 2 && num_like(tokens[tokens.len() - 1]) {
        let num = new_num(tokens[tokens.len() - 1], rng);
        let comma = if tokens[tokens.len() - 2].ends_with(',') {
            ","
        } else {
            ""
        };
        let first = tokens[0].to_lowercase();
        if FRONT_TYPES.contains(&first.as_str()) {
            let name = pick(rng, front_names(&first));
            let ty = street_type(tokens[0], &TYPE_LANGUAGES[..4], more, rng);
            return format!("{ty} {name}{comma} {num}");
        }
        let body = tokens[..tokens.len() - 1].join(" ");
        let lower = body.to_lowercase();
        if let Some(sfx) = GLUED_SUFFIXES.iter().find(|s| lower.ends_with(*s)) {
            let keep = &body[body.len() - sfx.len()..];
            let loc = if GLUED_SETS[1].contains(sfx) {
                Loc::Nl
            } else {
                Loc::De
            };
            let name = pick(rng, last_names(loc));
            let before = lower[..lower.len() - sfx.len()].chars().next_back();
            return match before {
                Some(' ') => format!("{name} {keep}{comma} {num}"),
                // `Luitgard-Pieper-Straße`: a person's name, hyphenated.
                Some('-') => {
                    let given = pick(rng, first_names(loc));
                    format!("{given}-{name}-{keep}{comma} {num}")
                }
                _ => format!("{name}{keep}{comma} {num}"),
            };
        }
        return format!(
            "{} {}{comma} {num}",
            pick(rng, last_names(Loc::De)),
            "Straße"
        );
    }
    if tokens.len() >= 2 && FRONT_TYPES.contains(&tokens[0].to_lowercase().as_str()) {
        // `Recanto de Vieira`, `Av de Nunes, S/N` (no number: "sin número").
        let name = pick(rng, front_names(&tokens[0].to_lowercase()));
        let ty = street_type(tokens[0], &TYPE_LANGUAGES[..4], more, rng);
        let no_number = tokens[tokens.len() - 1].eq_ignore_ascii_case("s/n");
        let tail = if no_number { ", S/N" } else { "" };
        return format!("{ty} {name}{tail}");
    }
    if tokens.len() >= 3 && UNIT_WORDS.contains(&tokens[0].to_lowercase().as_str()) {
        // `Flat 24P, Singh Skyway`, `Studio 2, Stewart Fords`: the unit word and the street
        // type stay, the unit's number and the street's name are drawn.
        let unit = shape_preserving(tokens[1], rng);
        let name = pick(rng, last_names(Loc::En));
        let ty = street_type(tokens[tokens.len() - 1], &TYPE_LANGUAGES[4..], more, rng);
        return format!("{} {unit} {name} {ty}", tokens[0]);
    }
    if tokens.len() >= 2
        && NUMBER_FIRST_TYPES.contains(&tokens[tokens.len() - 1].to_lowercase().as_str())
    {
        // `Pagari 18 St.`, `Eleonora Meadow St`: a name, its numbers drawn, the type as
        // written (the words between are the name's).
        let mut out = pick(rng, last_names(Loc::En)).to_string();
        for t in tokens[1..tokens.len() - 1].iter().filter(|t| num_like(t)) {
            out.push(' ');
            out.push_str(&new_num(t, rng));
        }
        out.push(' ');
        out.push_str(tokens[tokens.len() - 1]);
        return out;
    }
    shape_preserving(o, rng)
}

/// Words that open a British street address with the unit (`Flat 24P, Singh Skyway`).
const UNIT_WORDS: [&str; 5] = ["flat", "studio", "apartment", "unit", "suite"];

/// The names a street of the front type `ty` (lowercase, in `data/street_types_front.txt`) is
/// given: of the language of its set.
fn front_names(ty: &str) -> &'static [&'static str] {
    match FRONT_SETS.iter().position(|set| set.contains(&ty)) {
        Some(1) => &ES_NAMES,
        Some(2) => last_names(Loc::It),
        Some(3) => last_names(Loc::Pt),
        _ => last_names(Loc::Fr),
    }
}

static CITIES: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| sets(include_str!("data/cities.txt")));

pub(super) fn city<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let country = &CITIES[rng.random_range(0..CITIES.len())];
    case_like(o, pick(rng, country))
}

pub(super) fn postcode<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut chars = o.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.map(|c| shape_char(c, rng)).collect();
    let mut out = format!("{first}{rest}");
    if out == o {
        // Change the last digit or letter so the result always differs.
        if let Some((i, c)) = out
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_ascii_alphanumeric())
        {
            let repl = if c.is_ascii_digit() {
                char::from(b'0' + ((c as u8 - b'0' + 1) % 10))
            } else if c.is_ascii_uppercase() {
                char::from(b'A' + ((c as u8 - b'A' + 1) % 26))
            } else {
                char::from(b'a' + ((c.to_ascii_lowercase() as u8 - b'a' + 1) % 26))
            };
            out.replace_range(i..i + c.len_utf8(), &repl.to_string());
        }
    }
    out
}

/// Moves a coordinate by 0.01–0.2 degrees (about 1–20 km), keeping its number of decimals.
pub(super) fn coordinate<R: Rng + ?Sized>(o: &str, max: f64, rng: &mut R) -> String {
    let Ok(x) = o.parse::<f64>() else {
        return shape_preserving(o, rng);
    };
    let decimals = o.split_once('.').map_or(0, |(_, d)| d.len());
    let mut delta = rng.random_range(0.01..0.2);
    if rng.random_bool(0.5) {
        delta = -delta;
    }
    let mut y = x + delta;
    if y.abs() > max {
        y = x - delta;
    }
    format!("{y:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn data_files_parse_to_their_sets_in_order() {
        assert_eq!(CITIES.len(), 9);
        assert!(CITIES.iter().all(|c| c.len() == 16));
        assert_eq!(CITIES[0][0], "Springfield");
        assert_eq!(CITIES[8][15], "Cuiabá");
        assert_eq!(
            (
                NUMBER_FIRST_TYPES.len(),
                FRONT_TYPES.len(),
                GLUED_SUFFIXES.len(),
                ES_NAMES.len()
            ),
            (24, 97, 22, 16)
        );
        let all_cities: Vec<&str> = CITIES.iter().flatten().copied().collect();
        for list in [
            &all_cities,
            &*NUMBER_FIRST_TYPES,
            &*FRONT_TYPES,
            &*GLUED_SUFFIXES,
            &*ES_NAMES,
        ] {
            crate::transform::fakers::assert_distinct(list);
        }
    }

    /// Street addresses of the layouts a Faker of another language writes keep their language
    /// and layout: an Italian `Vicolo` gets an Italian name, a Brazilian `R.` a Portuguese one,
    /// a British `Flat 24P, …` its unit word and street type (they used to become German
    /// `… Straße` addresses, or letters drawn at random).
    #[test]
    fn street_addresses_keep_their_language() {
        let it = last_names(Loc::It);
        let pt = last_names(Loc::Pt);
        let en = last_names(Loc::En);
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let number =
            |w: &str, digits: usize| w.len() == digits && w.bytes().all(|b| b.is_ascii_digit());
        let es: &[&str] = &ES_NAMES;
        for (o, ty, digits, names) in [
            ("Vicolo Costanzo, 78", "Vicolo", 2, it),
            ("R. Miriam Barros, 8", "R.", 1, pt),
            ("Pasadizo Camilo Palau 6", "Pasadizo", 1, es),
        ] {
            for s in many(Kind::StreetAddress, o, 30) {
                let w = words(&s);
                assert!(w[0] == ty && number(&w[w.len() - 1], digits), "{s}");
                let name = w[1..w.len() - 1].join(" ");
                assert!(names.contains(&name.trim_end_matches(',')), "{s}");
            }
        }
        // A name and an English type after it, a number between or not.
        for (o, ty) in [("Pagari 18 St.", "St."), ("Eleonora Meadow St", "St")] {
            for s in many(Kind::StreetAddress, o, 30) {
                let w = words(&s);
                assert!(en.contains(&w[0].as_str()) && w[w.len() - 1] == ty, "{s}");
                assert_eq!(w.len(), if o.contains("18") { 3 } else { 2 }, "{s}");
            }
        }
        for s in many(Kind::StreetAddress, "Recanto de Vieira", 30) {
            assert!(s.starts_with("Recanto ") && pt.contains(&&s[8..]), "{s}");
        }
        for s in many(Kind::StreetAddress, "Av de Nunes, S/N", 30) {
            assert!(s.starts_with("Av ") && s.ends_with(", S/N"), "{s}");
        }
        for s in many(Kind::StreetAddress, "Luitgard-Pieper-Straße 8", 30) {
            let w = words(&s);
            assert!(
                w.len() == 2 && w[0].split('-').count() == 3 && w[0].ends_with("-Straße"),
                "{s}"
            );
        }
        for (o, sfx) in [
            ("Karlijnsteeg 8", "steeg"),
            ("Jolijnboulevard 12", "boulevard"),
        ] {
            for s in many(Kind::StreetAddress, o, 30) {
                let w = words(&s);
                let body = w[..w.len() - 1].join(" ");
                assert!(body.ends_with(sfx) && body.len() > sfx.len(), "{s}");
                assert!(!s.contains("Straße"), "{s}");
            }
        }
        for o in ["Flat 24P, Singh Skyway", "Studio 4, Alexander Branch"] {
            let (unit, ty) = (o.split(' ').next().unwrap(), o.rsplit(' ').next().unwrap());
            for s in many(Kind::StreetAddress, o, 30) {
                let w = words(&s);
                assert!(
                    w[0] == unit && w[w.len() - 1] == ty && w[1].ends_with(','),
                    "{s}"
                );
                assert!(en.contains(&w[2..w.len() - 1].join(" ").as_str()), "{s}");
            }
        }
    }

    #[test]
    fn addresses_cities_postcodes_keep_style() {
        for s in many(Kind::StreetAddress, "742 Evergreen Terrace", 50) {
            assert!(
                s.ends_with(" Terrace") && s.chars().next().unwrap().is_ascii_digit(),
                "{s}"
            );
        }
        for s in many(Kind::StreetAddress, "Hauptstraße 12", 50) {
            assert!(
                s.contains("straße ") && s.split(' ').next_back().unwrap().len() == 2,
                "{s}"
            );
        }
        for s in many(Kind::StreetAddress, "Via Roma 10", 50) {
            assert!(
                s.starts_with("Via ") && s.ends_with(|c: char| c.is_ascii_digit()),
                "{s}"
            );
        }
        for s in many(Kind::Postcode, "SW1A 1AA", 100) {
            assert!(s.starts_with('S') && s.len() == 8 && s != "SW1A 1AA", "{s}");
        }
        for s in many(Kind::Postcode, "10115", 100) {
            assert!(s.starts_with('1') && s.len() == 5 && s != "10115", "{s}");
        }
        assert!(
            !many(Kind::City, "PARIS", 20)
                .iter()
                .any(|c| c.chars().any(|x| x.is_lowercase()))
        );
    }
}
